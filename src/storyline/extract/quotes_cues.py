"""Attributions found through the dependency parse: reporting verbs, ``according to``, colons.

Each finder returns ``Candidate`` records (character offsets, the speaker's head token, the cue);
``quotes.py`` snaps contents to quotation marks, decides the kind and resolves speakers. Nothing
here re-parses: everything reads the ``Doc`` the pipeline parsed once.

This module holds the reporting-verb finder and re-exports the rest, split out in session 11:
``quotes_base`` (the record and shared token helpers), ``quotes_subject`` (a cue's subject),
``quotes_content`` (a verb's content) and ``quotes_other_cues`` (nouns, ``according to``, adverbs,
colons, labels).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

# Re-exported (``x as x``): callers and tests import these from here, as before the split.
from storyline.extract.quotes_base import Candidate as Candidate
from storyline.extract.quotes_base import _AUX, _clause_first, _end_char
from storyline.extract.quotes_base import cue_lemma as cue_lemma
from storyline.extract.quotes_base import inside_mask as inside_mask
from storyline.extract.quotes_base import sentence_bounds as sentence_bounds
from storyline.extract.quotes_content import MIN_OBJECT_TOKENS as MIN_OBJECT_TOKENS
from storyline.extract.quotes_content import Found as Found
from storyline.extract.quotes_content import _as_clause, _content_of, _particle, _relative_content
from storyline.extract.quotes_content import _prep_content as _prep_content
from storyline.extract.quotes_other_cues import according_to as according_to
from storyline.extract.quotes_other_cues import adverb_cues as adverb_cues
from storyline.extract.quotes_other_cues import block_quotes as block_quotes
from storyline.extract.quotes_other_cues import colon_cues as colon_cues
from storyline.extract.quotes_other_cues import label_colons as label_colons
from storyline.extract.quotes_other_cues import noun_cue_speaker as noun_cue_speaker
from storyline.extract.quotes_other_cues import noun_cues as noun_cues
from storyline.extract.quotes_subject import HEADING_WORDS as HEADING_WORDS
from storyline.extract.quotes_subject import _borrows_event
from storyline.extract.quotes_subject import is_time as is_time
from storyline.extract.quotes_subject import past_heading as past_heading
from storyline.extract.quotes_subject import subject as subject

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token




def verb_cues(doc: "Doc", data: dict[str, Any], starts: list[int], toks: "list[Token]") -> Iterator[Candidate]:
    """Candidates for every reporting verb with a content: clause, object, or preceding quote."""
    for tok in toks:
        lemma = cue_lemma(tok, data)
        if not lemma or tok.dep_ == "amod":  # pledged delegates, reported cases: an adjective
            continue
        if lemma in data["_naming"] and (tok.tag_ == "VBN" and tok.dep_ == "acl" or _particle(tok, "off")):
            continue  # a show called “Brokers”, called off the deal: naming, cancelling
        as_clause = _as_clause(tok)
        if as_clause is not None:  # As Politico reported, X: the main clause is the content
            a, b, source = as_clause
            cs, ce = _cue_extent(tok)
            yield Candidate(a, b, source, cs, ce, lemma, (min(cs, source.idx), ce))
            continue
        content = _content_of(tok, lemma, data, starts)
        if content is None:
            continue
        a, b, postposed = content
        if not postposed and _relative_content(tok, a):  # a letter that he said [was drafted by X]
            a = tok.doc[tok.i + 1].idx
        cs, ce = _cue_extent(tok)
        wrapped = postposed and b > cs  # the cue sits inside its content, between commas
        boundary = tok.doc[_clause_first(tok)].idx if wrapped else b
        speaker = subject(tok, postposed, boundary, data)
        if speaker is not None and a <= speaker.idx < b and not wrapped:
            continue
        if speaker is not None and _borrows_event(tok, speaker, data):
            continue
        clause = (min(cs, speaker.idx if speaker is not None else cs), _clause_end(tok, a, b))
        yield Candidate(a, b, speaker, cs, ce, lemma, clause, postposed)


def _cue_extent(tok: "Token") -> tuple[int, int]:
    """The cue verb with its auxiliaries and reflexive pronoun (``has said``, ``s'est déclaré``)."""
    left = [c for c in tok.children if c.dep_ in _AUX and c.i < tok.i and tok.i - c.i <= 3]
    start = min([tok.idx] + [c.idx for c in left])
    if tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("se", "s'"):
        start = min(start, tok.doc[tok.i - 1].idx)
    return start, _end_char(tok)


def _clause_end(tok: "Token", a: int, b: int) -> int:
    end = _end_char(tok.right_edge)
    return end if not (a <= _end_char(tok) <= b) else _end_char(tok)
