"""Quotation marks: where the quoted stretches of a canonical text are.

Canonical text keeps ``“ ”``, ``« »``, straight ``"`` and the doubled apostrophe ``'' ''`` of
some news archives; apostrophes inside words are already
ASCII, so a typographic ``‘ ’`` pair can only be a quotation. French dialogue dashes (a line that
opens with ``—`` or ``–``) quote up to the end of the line. A quotation left open at the end of a
paragraph is closed there: news copy often drops the closing mark when a quote runs over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PAIRS = {"“": "”", "«": "»", "‘": "’"}
_PARA = re.compile(r"\n")
_DASH_LINE = re.compile(r"^[—–] ?(?=\S)", re.M)
# A straight or single quote can open only after a space, a bracket or the line start, and
# close only before a space, punctuation or the end: this keeps inch marks and O'Neill apart.
_OPEN_OK = re.compile(r"(?:^|[\s(\[—–-])$")
_CLOSE_OK = re.compile(r"^(?:$|[\s,.;:!?)\]…—–-])")


@dataclass(frozen=True, slots=True)
class Marked:
    """A quoted stretch: ``start``/``end`` include the marks; ``inner_*`` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    dash: bool = False


def quoted_spans(text: str) -> list[Marked]:
    """Outermost quoted stretches of ``text``, in order.

    >>> [text[m.start:m.end] for text in ['Il a dit « oui » hier.'] for m in quoted_spans(text)]
    ['« oui »']
    """
    found: list[Marked] = []
    pos = 0
    for para in _PARA.split(text):
        found.extend(_in_paragraph(para, pos))
        pos += len(para) + 1
    return found


def _in_paragraph(para: str, offset: int) -> list[Marked]:
    dash = _DASH_LINE.match(para)
    if dash and not any(c in para for c in '“«"'):
        return [Marked(offset, offset + len(para.rstrip()), offset + dash.end(), offset + len(para.rstrip()), True)]
    out: list[Marked] = []
    i = 0
    while i < len(para):
        close = _closer(para, i)
        if close is None:
            i += 1
            continue
        width = 2 if close == "''" else 1
        j = _find_close(para, i, close)
        end = j + width if j >= 0 else len(para.rstrip())
        inner_end = j if j >= 0 else end
        if inner_end - (i + width) >= 1 and para[i + width : inner_end].strip():
            out.append(Marked(offset + i, offset + end, offset + i + width, offset + inner_end))
        i = max(end, i + 1)
    return out


def _closer(para: str, i: int) -> str | None:
    ch = para[i]
    if ch in ("“", "«"):
        return PAIRS[ch]
    if para.startswith("''", i) and _OPEN_OK.search(para[:i]) and i + 2 < len(para) and not para[i + 2].isspace():
        return "''"  # two apostrophes: the New York Times archive's quotation mark
    if ch in ('"', "‘") and _OPEN_OK.search(para[:i]) and i + 1 < len(para) and not para[i + 1].isspace():
        return '"' if ch == '"' else "’"
    return None


def _find_close(para: str, i: int, close: str) -> int:
    """Index of the mark closing the quotation opened at ``i`` (nesting of the same pair counted)."""
    opener = para[i]
    if close == "''":
        for m in re.finditer("''", para[i + 2 :]):
            j = i + 2 + m.start()
            if _CLOSE_OK.match(para[j + 2 :]):
                return j
        return -1
    depth = 0
    for j in range(i + 1, len(para)):
        c = para[j]
        if c == opener and opener != close and opener in PAIRS:
            depth += 1
        elif c == close:
            if close in ('"', "’") and not _CLOSE_OK.match(para[j + 1 :]):
                continue
            if depth == 0:
                return j
            depth -= 1
    return -1
