"""The events extractor (storyline.extract.events) on parsed text with hand-given time mentions.

Lives here because the timeline is its consumer; it exercises the dependency-tree rules:
a date on the main verb, a date inside a noun phrase (background fact), headings and questions.
"""

from __future__ import annotations

import pytest

from storyline.extract import base
from storyline.extract.events import extract_events, granularity_of
from storyline.model import Article, EntityMention, TimeMention
from storyline.pipeline import article_id, published_date


def _events(text: str, lang: str, times: list[tuple[str, str]], entities=(), quantities=()):
    pytest.importorskip("spacy")
    from storyline.extract.nlp import load

    aid = article_id(text)
    art = Article(aid, text, "t.txt", published="2024-05-10", language=lang)
    tms = tuple(TimeMention(aid, text.index(s), text.index(s) + len(s), s, "DATE", v) for s, v in times)
    ents = tuple(EntityMention(aid, text.index(s), text.index(s) + len(s), s, lab, s) for s, lab in entities)
    ctx = base.Context(article=art, doc=load(lang)(text), lang=lang, published=published_date(art),
                       found={"times": tms, "entities": ents, "quantities": quantities})
    return extract_events(ctx)


def test_events_date_on_the_main_verb():
    evs = _events("Norway delivered the drones to Finland in April.", "en", [("April", "2024-04")],
                  [("Norway", "LOC"), ("Finland", "LOC")])
    assert [(e.lemma, e.time, e.granularity, e.time_source) for e in evs] == [("deliver", "2024-04", "month", "text")]
    assert evs[0].places == ("Norway", "Finland") and evs[0].time_span.text == "April"


def test_events_background_date_in_a_relative_clause_is_its_own_event():
    text = ("The chancellor, whose country is the largest donor since the start of the invasion in "
            "February 2022, refuses to send tanks.")
    evs = _events(text, "en", [("February 2022", "2022-02")])
    assert [(e.lemma, e.time, e.time_source) for e in evs][0] == ("refuse", "2024-05-10", "published")
    assert [(e.lemma in ("start", "invasion"), e.time) for e in evs[1:]] == [(True, "2022-02")]


def test_events_skip_questions_and_headings():
    text = "Why now?\nAllies\nThe army attacked the city."
    evs = _events(text, "en", [])
    assert [e.sentence.text for e in evs] == ["The army attacked the city."]
    assert evs[0].time == "2024-05-10" and evs[0].time_source == "published"


def test_events_french_date_in_the_clause_dates_the_root():
    text = "La décision a été prise à la demande du président dès février."
    evs = _events(text, "fr", [("février", "2024-02")])
    assert [(e.lemma, e.time) for e in evs] == [("prendre", "2024-02")]


def test_events_ignore_durations_and_undated_values():
    text = "The talks lasted three days in the capital."
    aid = article_id(text)
    evs = _events(text, "en", [("three days", "P3D")])
    assert [e.time_source for e in evs] == ["published"]
    assert granularity_of("2024-03-12") == "day" and granularity_of("2024-W12") == "week"
    assert aid


from hypothesis import given, settings, strategies as st  # noqa: E402


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200))
@settings(max_examples=25, deadline=None)
def test_events_never_raise_and_keep_the_span_invariant(text):
    evs = _events(text, "en", [])
    for e in evs:
        assert text[e.sentence.start:e.sentence.end] == e.sentence.text
        assert text[e.trigger.start:e.trigger.end] == e.trigger.text


def test_events_a_background_date_hung_on_a_figure_is_about_the_verb_above_it():
    from storyline.model import Quantity

    text = ("The minister said the fund for farmers, announced at 50 million euros in June, "
            "would be raised.")
    aid = article_id(text)
    start = text.index("50 million euros")
    fig = Quantity(aid, start, start + len("50 million euros"), "50 million euros", 5e7, "EUR")
    evs = _events(text, "en", [("June", "2024-06")], quantities=(fig,))
    assert ("announced", "2024-06") in [(e.trigger.text, e.time) for e in evs]
