"""What the cue finders share: the ``Candidate`` record, the dependency labels they test, and
small token helpers (sentence starts, quotation masks, the cue lemma, the cue's clause start).

Split out of ``quotes_cues`` in session 11 (it had grown past 1,000 lines); the code is unchanged.
The finders read the ``Doc`` the pipeline parsed once: nothing here parses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Token


_SUBJ = ("nsubj", "nsubj:pass")
_CCOMP = ("ccomp",)
_XCOMP = ("xcomp",)
_OBJ = ("dobj", "obj")
_AUX = ("aux", "aux:tense", "aux:pass", "auxpass", "neg", "expl:comp", "expl:pv")
_NP_INNER = ("det", "amod", "compound", "flat:name", "flat", "nummod")
_OPENERS = {"“", "«", '"', "‘", "''"}
_CLOSERS = {"”", "»", '"', "’", "''"}
# An abbreviation before a full stop does not end a sentence (M. Aznar, Mr. Smith, U.S. officials).
_ABBREV = re.compile(r"(?:\b[A-Z][a-z]{0,2}|\b[A-Z](?:\.[A-Z])+|\bSt|\bvs|\bNo|\bn°)\.$")


@dataclass
class Candidate:
    """One attribution before resolution: offsets in the canonical text."""

    start: int
    end: int
    speaker: "Token | None"
    cue_start: int
    cue_end: int
    cue_lemma: str
    clause: tuple[int, int]  # where to look for a channel (the cue's clause)
    postposed: bool = False
    turn: bool = False  # a speaker's turn in a transcript (``TAPPER: ...``): cues inside are theirs


def sentence_bounds(text: str, quoted: list[tuple[int, int]]) -> list[int]:
    """Sentence starts, from punctuation outside quotations and line breaks (spaCy splits at ``»,``)."""
    starts = {0}
    inside = inside_mask(len(text), quoted)
    for m in re.finditer(r"[.!?…]+(?:''|[”»\"’])?\s+(?=[\"“«‘'—–(A-ZÀ-Ý0-9])|\n+", text):
        if "\n" in m.group(0):
            starts.add(m.end())
        elif not inside[m.start()] and not _ABBREV.search(text[max(0, m.start() - 6) : m.start() + 1]):
            starts.add(m.end())
    return sorted(starts)


def inside_mask(n: int, quoted: list[tuple[int, int]]) -> bytearray:
    mask = bytearray(n + 1)
    for a, b in quoted:
        mask[a + 1 : max(a + 1, b - 1)] = b"\x01" * max(0, b - 1 - (a + 1))
    return mask


def cue_lemma(tok: "Token", data: dict[str, Any]) -> str:
    """The reporting-verb lemma of ``tok``, or ``""`` when it is not a cue verb."""
    misparsed = tok.pos_ in ("NOUN", "ADJ") and tok.dep_ in ("parataxis", "ROOT")  # « ... », estime X
    if tok.pos_ not in ("VERB", "AUX") and not misparsed:
        return ""
    cues = data["_cue_set"]
    lemma = tok.lemma_.lower()
    if lemma in cues:
        return lemma
    return data["_forms"].get(tok.lower_, "")


_CLITICS = {
    "se",
    "s'",
    "ne",
    "n'",
    "y",
    "en",
    "lui",
    "leur",
    "-t",
    "-t-",
    "l'",
    "le",
    "la",
    "les",
    "nous",
    "vous",
}


def _clause_first(tok: "Token") -> int:
    """Index where the cue's group starts: auxiliaries, clitics and an inverted pronoun before it."""
    doc = tok.doc
    # the subject with its apposition (Steve Moody, a small-business owner, said) up to the cue
    near = [
        c.left_edge.i
        for c in tok.children
        if (c.dep_ in _AUX + _SUBJ + ("expl:subj",) or (c.dep_ == "mark" and c.lower_ == "as"))
        and c.i < tok.i
        and tok.i - c.right_edge.i <= 4
        and c.right_edge.i - c.left_edge.i <= 25
        and not any(t.is_punct and not t.text.startswith("-") for t in doc[c.right_edge.i + 1 : tok.i])
        and not any(t.text in _OPENERS or t.text in _CLOSERS for t in doc[c.left_edge.i : c.right_edge.i + 1])
    ]
    first = min([tok.i] + near)
    while (
        first > 0
        and tok.i - first < 5
        and (doc[first - 1].lower_ in _CLITICS or doc[first - 1].pos_ == "AUX" or doc[first - 1].text.startswith("-"))
    ):
        first -= 1
    return first


def _last_start(starts: list[int], pos: int) -> int:
    import bisect

    k = bisect.bisect_right(starts, pos) - 1
    return starts[max(k, 0)]


def _end_char(tok: "Token") -> int:
    return tok.idx + len(tok.text)


def _strip_final(text: str, a: int, b: int) -> int:
    while b > a and text[b - 1] in " .,;:\n":
        b -= 1
    return b
