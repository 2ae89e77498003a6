"""The learned cue model's proposal features (``storyline.extract.quotes_learned``)."""

from __future__ import annotations

from storyline.extract.nlp import load
from storyline.extract.quotes_cues import inside_mask
from storyline.extract.quotes_learned import _quoted_sentences, proposals
from storyline.extract.quotes_marks import quoted_spans


def _proposals(text: str) -> dict[tuple[str, str], list[str]]:
    doc = load("en")(text)
    mask = inside_mask(len(text), [(m.start, m.end) for m in quoted_spans(text)])
    return {(p.cue.text, p.construction): p.feats for p in proposals(list(doc), mask, {})}


def test_quoted_sentences_marks_only_the_sentence_with_a_quotation() -> None:
    text = "The mayor backed the plan. She called it “a good deal for the city.” Critics disagreed."
    doc = load("en")(text)
    toks = list(doc)
    mask = inside_mask(len(text), [(m.start, m.end) for m in quoted_spans(text)])
    flags = _quoted_sentences(toks, mask)
    by_word = {t.text: f for t, f in zip(toks, flags)}
    assert by_word["backed"] is False and by_word["Critics"] is False
    assert by_word["called"] is True and by_word["deal"] is True
    assert _quoted_sentences([], bytearray(1)) == []


def test_context_features_tell_a_quoted_complement_from_a_plain_one() -> None:
    feats = _proposals("The senator criticized “the reckless plan” on Monday. The mayor praised the new bridge.")
    quoted = feats[("criticized", "v:obj")]
    plain = feats[("praised", "v:obj")]
    assert "QS=v:obj|1|1" in quoted and "QS=v:obj|0|0" in plain
    # the object's kind: its determiner and tag, with the construction
    assert "OD=v:obj|the" in plain and "OT=v:obj|NN" in plain
    # tense and marker conjunctions
    assert "CT=v:obj|VBD" in plain and "LM=praise|-" in plain


def test_context_features_object_entity_and_clause_marker() -> None:
    feats = _proposals("Voters asked whether the tax would rise. The governor attacked Hillary Clinton.")
    asked = next(f for (w, c), f in feats.items() if w == "asked" and c == "v:clause")
    assert "LM=ask|whether" in asked
    assert not any(f.startswith(("OE=", "OD=", "OT=")) for f in asked)  # a clause has no object kind
    attacked = feats[("attacked", "v:obj")]
    assert "OE=v:obj|PERSON" in attacked and "OD=v:obj|-" in attacked
