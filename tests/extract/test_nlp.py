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
