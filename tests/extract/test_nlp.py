"""Sentence boundaries around quotation marks (storyline.extract.nlp.quote_bounds)."""

from __future__ import annotations

import pytest

from storyline.extract import nlp


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "fr",
            "Le fleuve ne débitait plus que 310 mètres cubes par seconde. « Nous n'avons jamais vu un "
            "mois de mai aussi sec », a déclaré Claire Morel, directrice de l'agence.",
            ["Le fleuve ne débitait plus que 310 mètres cubes par seconde.",
             "« Nous n'avons jamais vu un mois de mai aussi sec », a déclaré Claire Morel, directrice de l'agence."],
        ),
        (
            "de",
            "Der Pegel fiel weiter. „Wir haben so etwas nie gesehen.“ sagte sie. « Nie. » Ende.",
            None,
        ),
    ],
)
def test_nlp_sentence_never_starts_after_an_opening_mark(lang, text, expected):
    doc = nlp.load(lang)(text)
    sents = [s.text for s in doc.sents]
    if expected is not None:
        assert sents == expected
    for sent in sents:
        assert sent not in {"«", "“"}
        assert not sent.startswith(("»", "”", ","))


def test_nlp_boundary_rules_run_before_the_parser():
    names = nlp.load("en").pipe_names
    assert names.index(nlp.BOUNDARY_RULES) < names.index("parser")


def test_nlp_pieces_of_a_broken_sentence_are_joined_again():
    # the French parser leaves `À` and `Lyon` unattached here: three "sentences", one a comma's
    text = ("Le débit du Rhône est tombé à son plus bas niveau depuis 1976, a annoncé mercredi l'Agence "
            "de l'eau, qui a placé quatre départements en alerte.\nÀ Lyon, le fleuve ne débitait plus que "
            "310 mètres cubes par seconde le 10 juin.")
    doc = nlp.load("fr")(text)
    joined = [s.text.strip() for s in nlp.sentences(doc)]
    assert joined[-1] == "À Lyon, le fleuve ne débitait plus que 310 mètres cubes par seconde le 10 juin."
    assert nlp.main_root(nlp.sentences(doc)[-1]).text == "débitait"
    assert not any(s.lstrip()[:1] in ",;:" for s in joined)


def test_nlp_a_heading_line_stays_alone_but_a_word_without_line_end_joins_the_next():
    from spacy.tokens import Doc

    vocab = nlp.load("en").vocab
    words = ["Allies", "\n", "Germany", "said", "no", ".", "In", "Berlin", ",", "he", "left", "."]
    spaces = [False, False, True, True, False, True, True, False, True, True, False, False]
    starts = [True, False, True, False, False, False, True, False, True, False, False, False]
    doc = Doc(vocab, words=words, spaces=spaces, sent_starts=starts)
    assert [s.text.strip() for s in nlp.sentences(doc)] == ["Allies", "Germany said no.", "In Berlin, he left."]


def test_nlp_a_two_word_piece_with_space_tokens_between_still_joins_the_next():
    from spacy.tokens import Doc

    vocab = nlp.load("en").vocab
    words = ["In", "  ", "Berlin", "he", "left", ".", "Then", "rain", "."]
    spaces = [False, False, True, True, False, True, True, False, False]
    starts = [True, False, False, True, False, False, True, False, False]
    doc = Doc(vocab, words=words, spaces=spaces, sent_starts=starts)
    assert [s.text.strip() for s in nlp.sentences(doc)] == ["In  Berlin he left.", "Then rain."]


def test_nlp_sentences_of_one_parse_are_built_once_and_an_empty_text_has_none(monkeypatch):
    built = []
    joined = nlp._joined_bounds
    monkeypatch.setattr(nlp, "_joined_bounds", lambda doc: built.append(doc) or joined(doc))
    doc = nlp.load("en")("Kyiv said no. Moscow said yes.")
    assert nlp.sentences(doc) == nlp.sentences(doc) and len(built) == 1
    assert [s.text for s in nlp.sentences(doc)] == ["Kyiv said no.", "Moscow said yes."]
    assert nlp.sentences(nlp.load("en")("")) == []


def test_nlp_a_doc_whose_sentences_were_read_can_still_be_copied_and_pickled():
    # quotes_headline copies the Doc to re-parse a title-case first line: with spans kept in
    # `doc.user_data` the copy (and pickle, to_bytes) raised spaCy's E112 once any stage had
    # asked for the sentences
    import pickle

    doc = nlp.load("en")("Kyiv said no. Moscow said yes.")
    nlp.sentences(doc)
    copy = doc.copy()
    assert [s.text for s in nlp.sentences(copy)] == ["Kyiv said no.", "Moscow said yes."]
    assert all(s.doc is copy for s in nlp.sentences(copy))
    assert pickle.loads(pickle.dumps(doc)).text == doc.text and doc.to_bytes()
