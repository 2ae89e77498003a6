"""Timeline building: ordering with granularity, cross-language merging, salience, max_dates."""

from __future__ import annotations

from dataclasses import replace

import pytest

from storyline.model import Article, EntityMention, Event, Extraction, Span
from storyline.present.timeline import (RETROSPECTIVE_WEIGHT, Entry, Source, build_timeline, chronologies, date_label,
                                         date_salience, date_summary, granularity_of, render, sort_key)

from tests.present.records import en_item, fr_item


def _labels(tl):
    return [(e.label, e.dated_by) for e in tl.entries]


def test_timeline_orders_by_event_time_with_granularity():
    tl = build_timeline([fr_item(), en_item()])
    assert _labels(tl) == [
        ("January 2024", "text"), ("3 March 2024", "text"), ("April 2024", "text"),
        ("10 May 2024", "published"), ("2 September 2024", "published"),
    ]


def test_timeline_month_sorts_before_its_days_never_as_the_first():
    assert sort_key("2024-04", "month") < sort_key("2024-04-01", "day") < sort_key("2024-04-30", "day")
    assert sort_key("2024-04-30", "day") < sort_key("2024-05", "month")
    assert sort_key("2024", "year") < sort_key("2024-01", "month")
    assert date_label("2024-04", "month") == "April 2024"
    assert date_label("2024-04-01", "day") == "1 April 2024"


def test_timeline_merges_the_same_event_across_languages():
    tl = build_timeline([fr_item(), en_item()])
    april = next(e for e in tl.entries if e.date == "2024-04")
    assert april.salience == 2
    assert april.languages == ("fr", "en")
    assert [(s.language, s.published, s.sentence[:12]) for s in april.sources] == [
        ("fr", "2024-05-10", "La Norvège a"), ("en", "2024-09-02", "Norway deliv")]
    a_fr, _ = fr_item()
    assert all(s.sentence == (a_fr.text[s.start:s.end] if s.language == "fr" else s.sentence) for s in april.sources)


def test_timeline_merge_needs_two_pieces_of_evidence():
    # without link ids, 'Norvège'/'Norway' differ; the shared 'Falcon' alone is one piece of evidence
    fr, en = fr_item(entity_ids=False), en_item(entity_ids=False)
    bare_fr = replace(fr[1], events=tuple(replace(e, actors=("Falcon",), places=()) for e in fr[1].events))
    other = Article("fr-other", fr[0].text.replace("livré", "vu"), "x", published="2024-05-10", language="fr")
    ev = replace(bare_fr.events[0], article_id=other.id,
                 sentence=Span(0, 57, other.text[:57]), trigger=Span(12, 14, "vu"), lemma="voir")
    tl = build_timeline([(other, Extraction(other.id, events=(ev,))), en])
    april = [e for e in tl.entries if e.date == "2024-04"]
    assert len(april) == 2  # 'vu' is no delivery and only Falcon is shared: not merged


def test_timeline_duplicates_count_once_for_salience():
    fr = fr_item()
    copy_article = replace(en_item()[0], duplicate_of=fr[0].id)
    copy = (copy_article, en_item()[1])
    tl = build_timeline([fr, copy])
    april = next(e for e in tl.entries if e.date == "2024-04")
    assert len(april.sources) == 2 and april.salience == 1


def test_timeline_max_dates_keeps_the_most_salient():
    # a day named by one report two months later (1.0, doubled as retrospective) outranks a month
    # named by two (2 x 1/30) and a report's own publication date (0.75): coarse dates and
    # publication dates weigh less
    tl = build_timeline([fr_item(), en_item()], max_dates=1)
    assert [e.date for e in tl.entries] == ["2024-03-03"]
    # then the publication dates (0.75 each) outrank April (2/30); the tie goes to more mentions
    tl = build_timeline([fr_item(), en_item()], max_dates=2)
    assert [e.date for e in tl.entries] == ["2024-03-03", "2024-09-02"]
    assert tl.dates_total == 5
    assert len(build_timeline([fr_item()], max_dates=0).entries) == 0


def test_timeline_salience_doubles_retrospective_references():
    def item(aid: str, published: str, day: str) -> tuple[Article, Extraction]:
        text = f"The court ruled on {day}."
        a = Article(aid, text, "x", published=published, language="en")
        ev = Event(aid, Span(0, len(text), text), Span(10, 15, "ruled"), "rule", day, "day", "text",
                   Span(20, 20 + len(day), day))
        return a, Extraction(aid, events=(ev,))

    # named once 40 days later vs once the next day: the date still cited a month on ranks first
    tl = build_timeline([item("a1", "2024-03-02", "2024-03-01"), item("a2", "2024-05-20", "2024-04-10")],
                        max_dates=1)
    assert [e.date for e in tl.entries] == ["2024-04-10"]
    entries = [e for e in build_timeline([item("a2", "2024-05-20", "2024-04-10")]).entries if e.date == "2024-04-10"]
    assert date_salience(entries, {}) == RETROSPECTIVE_WEIGHT
    # the same reference 29 days on counts once
    entries = [e for e in build_timeline([item("a3", "2024-05-09", "2024-04-10")]).entries if e.date == "2024-04-10"]
    assert date_salience(entries, {}) == 1.0


def _report(aid: str, published: str, lines: list[tuple[str, str, str]]) -> tuple[Article, Extraction]:
    """One report whose sentences each name one day: ``(day, sentence, time expression in it)``."""
    text, events = "", []
    for day, sentence, when in lines:
        start = len(text)
        text += sentence + " "
        at = start + sentence.index(when)
        events.append(Event(aid, Span(start, start + len(sentence), sentence), Span(start, start + 1, "x"), "x",
                            day, "day", "text", Span(at, at + len(when), when)))
    return Article(aid, text, "x", published=published, language="en"), Extraction(aid, events=tuple(events))


def test_timeline_days_listed_in_a_chronology_outrank_a_day_named_as_often():
    days = ["2024-05-01", "2024-05-03", "2024-05-06", "2024-05-08", "2024-05-12"]

    def listing(order: list[str]) -> tuple[Article, Extraction]:
        return _report("chrono", "2024-05-20", [(d, f"{date_label(d)} The court sat .", date_label(d)) for d in order])

    # each listed day is also named by one other report, 10 May by two: 2 each without the listing
    others = [_report(f"r{i}", d, [(d, "The court sat on Monday .", "Monday")]) for i, d in enumerate(days)]
    may = [_report(f"m{i}", "2024-05-10", [("2024-05-10", "The court sat on Friday .", "Friday")]) for i in (1, 2)]
    tl = build_timeline([listing(days), *others, *may], max_dates=5)
    assert sorted({e.date for e in tl.entries}) == days
    # four days are no chronology, nor five out of order: 10 May then ties and ranks among the five
    for order in (days[:4], [days[2], days[0], days[4], days[1], days[3]]):
        tl = build_timeline([listing(order), *others, *may], max_dates=5)
        assert "2024-05-10" in {e.date for e in tl.entries}


def test_timeline_date_features_weigh_reports_when_asked():
    # bench/timeline/salience.py weighs each report (its centrality); by default a report counts 1
    from storyline.present.timeline import date_features

    items = [_report("a1", "2024-05-20", [("2024-04-10", "The court ruled on 10 April .", "10 April")]),
             _report("a2", "2024-04-12", [("2024-04-10", "The court ruled on Wednesday .", "Wednesday")])]
    entries = list(build_timeline(items).entries)
    plain = date_features(entries, {})["2024-04-10"]
    assert (plain["text"], plain["retro"], plain["week"]) == (2.0, 1.0, 1.0)
    weighted = date_features(entries, {}, report_weight={"a1": 0.5, "a2": 2.0})["2024-04-10"]
    assert (weighted["text"], weighted["retro"], weighted["week"]) == (2.5, 0.5, 2.0)
    # a copy counts as its original, with the original's weight
    copy = date_features(entries, {"a2": "a1"}, report_weight={"a1": 0.5, "a2": 2.0})["2024-04-10"]
    assert copy["text"] == 0.5


def test_timeline_a_date_heading_dates_the_sentences_under_it():
    from storyline.model import Sentence, TimeMention

    text = "Trial timeline\n3 March 2011\nThe trial is delayed .\nOn 9 March the judge ruled .\n"
    a = Article("a1", text, "x", published="2011-11-30", language="en")
    sents = [(15, 27), (28, 50), (51, 78)]
    times = (TimeMention("a1", 15, 27, "3 March 2011", "DATE", "2011-03-03", "day"),
             TimeMention("a1", 54, 61, "9 March", "DATE", "2011-03-09", "day"))
    delayed = Event("a1", Span(28, 50, text[28:50]), Span(38, 40, "is"), "be", "2011-11-30", "day", "published")
    ruled = Event("a1", Span(51, 78, text[51:78]), Span(72, 77, "ruled"), "rule", "2011-03-09", "day", "text",
                  Span(54, 61, "9 March"))
    ex = Extraction("a1", sentences=tuple(Sentence(*x) for x in sents), times=times, events=(delayed, ruled))
    dated = {e.date: (e.dated_by, e.summary) for e in build_timeline([(a, ex)]).entries}
    assert dated == {"2011-03-03": ("text", "The trial is delayed ."), "2011-03-09": ("text", text[51:78])}
    # the same date inside a line is no heading: the sentence stays dated by its report
    inline = text.replace("timeline\n3", "timeline 3")
    a2 = Article("a1", inline, "x", published="2011-11-30", language="en")
    assert "2011-11-30" in {e.date for e in build_timeline([(a2, ex)]).entries}


def _lines(rows: list[tuple[str, str, str]], joined: bool = False) -> tuple[Article, Extraction]:
    """A report of lines ``(day or "", date text or "", rest of the line)``: the date begins its line;
    every line with a rest holds one report-dated event; ``joined`` makes the whole text one sentence
    (a splitter that ignored the line breaks)."""
    from storyline.model import Sentence, TimeMention

    text, times, events, sents = "", [], [], []  # events: where each one's predicate starts
    for day, when, rest in rows:
        start = len(text)
        if when:
            times.append(TimeMention("a1", start, start + len(when), when, "DATE", day, granularity_of(day)))
        line = (when + " " + rest).strip() if rest else when
        text += line + "\n"
        sents.append(Sentence(start, start + len(line)))
        if rest:
            at = start + line.index(rest)
            events.append(at)
    if joined:
        sents = [Sentence(0, len(text) - 1)]
    evs = []
    for lo in events:
        sent = next(x for x in sents if x.start <= lo < x.end)
        evs.append(Event("a1", Span(sent.start, sent.end, text[sent.start:sent.end]), Span(lo, lo + 1, text[lo]),
                         "x", "2011-11-30", "day", "published"))
    art = Article("a1", text, "x", published="2011-11-30", language="en")
    return art, Extraction("a1", sentences=tuple(sents), times=tuple(times), events=tuple(evs))


def test_timeline_lines_carry_a_chronology_when_the_splitter_joins_them():
    from storyline.present.timeline import _under_headings

    # a heading joined to its item by the splitter still dates it
    art, ex = _lines([("", "", "Trial timeline"), ("2011-03-03", "3 March 2011", ""), ("", "", "Delays follow .")],
                     joined=True)
    assert [(e.time, e.time_source) for e in _under_headings(art, ex)] == [("2011-11-30", "published"),
                                                                          ("2011-03-03", "text")]
    # an item of a list dates what it says on its line and on the lines it runs on to
    days = ["2011-03-03", "2011-04-05", "2011-05-02", "2011-06-01", "2011-07-04"]
    rows = [r for d in days for r in ((d, date_label(d), "Hearings resume ."), ("", "", "Lawyers object ."))]
    out = _under_headings(*_lines(rows))
    assert [e.time for e in out] == [d for d in days for _ in (1, 2)]
    assert len(chronologies(build_timeline([_lines(rows, joined=True)]).entries, {})) == 5
    # one sentence opening with a date is no list: the next sentence keeps its report's date
    out = _under_headings(*_lines([(days[0], date_label(days[0]), "Hearings resume ."), ("", "", "Lawyers object .")]))
    assert [e.time for e in out] == [days[0], "2011-11-30"]


def test_timeline_marks_entries_dated_by_their_report():
    tl = build_timeline([en_item()])
    reported = [e for e in tl.entries if e.dated_by == "published"]
    assert [e.date for e in reported] == ["2024-09-02"]
    assert len(reported[0].sources) == 2  # one report's undated sentences form one entry
    assert "_(date of report)_" in render(tl, "md")


def test_timeline_marks_a_plan_as_expected_when_every_report_precedes_it():
    from storyline.pipeline import extract_text

    plan = extract_text("Le plan sera présenté le 24 juin, a précisé le ministre Antoine Lefèvre.",
                        lang="fr", published="2025-06-12")
    june = lambda tl: next(e for e in tl.entries if e.date == "2025-06-24")  # noqa: E731
    alone = build_timeline([plan])
    assert june(alone).expected and "_(expected)_" in render(alone, "md")
    assert '"expected": true' in render(alone, "json") and "expected, not yet reported" in render(alone, "html")
    rows = [line.rsplit(",", 1)[-1] for line in render(alone, "csv").splitlines()]
    assert rows[0] == "expected" and "1" in rows[1:]
    done = extract_text("The minister presented the plan on June 24 in Lyon, Antoine Lefèvre said.",
                        lang="en", published="2025-06-25")
    both = build_timeline([plan, done])  # a report after the day tells it: that entry is a fact
    assert {(e.languages, e.expected) for e in both.entries if e.date == "2025-06-24"} == {
        (("fr",), True), (("en",), False)}


def test_timeline_empty_input_is_an_empty_timeline():
    tl = build_timeline([])
    assert tl.entries == () and tl.dates_total == 0
    assert "0 of 0 dates" in render(tl, "md")


def test_timeline_skips_events_without_any_date():
    a = Article("a", "Something happened somewhere.", "x", language="en")
    ev = Event("a", Span(0, 29, a.text), Span(10, 18, "happened"), "happen")
    assert build_timeline([(a, Extraction("a", events=(ev,)))]).entries == ()


def test_render_rejects_unknown_format_listing_valid_ones():
    from storyline.errors import ConfigError

    with pytest.raises(ConfigError, match="md, json, csv, html"):
        render(build_timeline([]), "pdf")


def test_timeline_date_summary_gives_each_distinct_sentence_once():
    tl = build_timeline([fr_item(), en_item()])
    april = [e for e in tl.entries if e.date == "2024-04"]
    assert sorted(date_summary(april, 5)) == sorted(s.sentence for e in april for s in e.sources)
    assert len(date_summary(april, 5)) == 2
    assert date_summary([], 3) == []


def _day(*rows, date="2009-06-28"):
    """One date's entries: (sentence, time expression or "" for report-dated) per row."""
    def src(i, text, time_text):
        return Source(f"a{i}", "en", "2009-06-30", text, 0, len(text), "", "", time_text=time_text)
    return [Entry(date, "day", date, "text" if t else "published", 1, (src(i, s, t),)) for i, (s, t) in enumerate(rows)]


def test_timeline_date_summary_prefers_text_dated_sentences_opening_with_their_date():
    day = _day(("The doctor was questioned by police for three hours .", ""),
               ("Police said on 28 June that the doctor was questioned for three hours .", "28 June"),
               ("28 June Police question the doctor for three hours .", "28 June"))
    assert date_summary(day, 1) == ["28 June Police question the doctor for three hours ."]
    assert date_summary(day, 3)[-1] == "The doctor was questioned by police for three hours ."
    # a heading above the sentence dates it: the expression is not in the sentence
    headed = _day(("Police said on 28 June that the doctor was questioned .", "28 June"),
                  ("Police question the doctor for three hours .", "28 June 2009"))
    assert date_summary(headed, 1) == ["Police question the doctor for three hours ."]
    # a deictic opening is no dated record: the sentence nearer the day's content wins
    deictic = _day(("Yesterday I went to the beach .", "Yesterday"),
                   ("Police said they questioned the doctor on Sunday .", "Sunday"),
                   ("The doctor was questioned by police at his home .", "Sunday"))
    assert "Yesterday I went to the beach ." not in date_summary(deictic, 2)


def test_timeline_date_summary_puts_comment_stamps_last():
    day = _day(("At 16:12 28th Jun 2009 , reader wrote : 28 June was a sad day .", "28th Jun 2009"),
               ("On 28 June police questioned the doctor .", "28 June"))
    assert date_summary(day, 1) == ["On 28 June police questioned the doctor ."]


def test_timeline_date_summary_prefers_what_the_days_sentences_share():
    day = _day(("On Sunday fans gathered outside the house in Los Angeles .", "Sunday"),
               ("On Sunday police questioned the doctor about the death .", "Sunday"),
               ("On Sunday the coroner said police questioned the doctor .", "Sunday"),
               ("On Sunday detectives questioned the doctor for three hours .", "Sunday"))
    assert "On Sunday fans gathered outside the house in Los Angeles ." not in date_summary(day, 2)
    # a near-repeat of a chosen sentence is skipped
    twice = _day(("On Sunday police questioned the doctor .", "Sunday"),
                 ("On Sunday , police questioned the doctor .", "Sunday"),
                 ("On Sunday fans gathered outside the house .", "Sunday"))
    assert len(date_summary(twice, 2)) == 2 and "fans" in date_summary(twice, 2)[1]


from hypothesis import given, settings, strategies as st  # noqa: E402

_values = st.one_of(
    st.builds(lambda y: f"{y:04d}", st.integers(1, 2100)),
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(1, 2100), st.integers(1, 12)),
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(1, 2100), st.integers(1, 12), st.integers(1, 28)),
    st.builds(lambda y, p: f"{y:04d}-{p}", st.integers(1, 2100),
              st.sampled_from(["Q1", "Q4", "SP", "WI", "W07", "H2"])),
    st.text(max_size=12),
)


@given(st.lists(_values, max_size=12), st.integers(0, 6) | st.none())
@settings(max_examples=60, deadline=None)
def test_timeline_any_dates_give_a_sorted_bounded_timeline(values, max_dates):
    text = "An event happened. " * 3
    a = Article("h", text, "x", published="2024-01-01", language="en")
    events = tuple(Event("h", Span(0, 19, text[:19]), Span(3, 8, "event"), "event", v, "none", "text")
                   for v in values)
    tl = build_timeline([(a, Extraction("h", events=events))], max_dates=max_dates)
    keys = [sort_key(e.date, e.granularity) for e in tl.entries]
    assert keys == sorted(keys)
    if max_dates is not None:
        assert len({e.date for e in tl.entries}) <= max_dates
    assert all(e.label for e in tl.entries)
    render(tl, "md"), render(tl, "html")


def _dated(aid: str, text: str, lang: str, published: str, dates: list[tuple[str, str, str]],
           names: tuple[str, ...] = ()) -> tuple[Article, Extraction]:
    """One sentence, one event per (time text, value, granularity) found in it."""
    a = Article(aid, text, "x", published=published, language=lang)
    evs = tuple(Event(aid, Span(0, len(text), text), Span(0, 1, text[0]), "x", value, gran, "text",
                      Span(text.index(t), text.index(t) + len(t), t), places=names) for t, value, gran in dates)
    return a, Extraction(aid, events=evs)


def test_timeline_a_since_date_is_not_the_date_of_the_event():
    # 'au plus bas depuis 1976' names the start of a state: the sentence is dated by 'mercredi' only
    fr = _dated("f1", "Le Rhône est au plus bas depuis 1976, a annoncé mercredi l'agence.", "fr", "2025-06-12",
                [("1976", "1976", "year"), ("mercredi", "2025-06-11", "day")])
    assert [e.date for e in build_timeline([fr]).entries] == ["2025-06-11"]
    # with no other date, the sentence says what holds when it was reported
    en = _dated("e1", "Heavy rains since September 1 brought the river back.", "en", "2025-09-05",
                [("September 1", "2025-09-01", "day")])
    assert [(e.date, e.dated_by) for e in build_timeline([en]).entries] == [("2025-09-05", "published")]
    # a date on the event itself is kept
    on = _dated("e2", "The plan was adopted on July 2.", "en", "2025-08-20", [("July 2", "2025-07-02", "day")])
    assert [e.date for e in build_timeline([on]).entries] == ["2025-07-02"]


def test_timeline_merges_across_entity_labels():
    # one place tagged LOC in French and PER in English is one piece of evidence; the shared
    # concept (arrêtés / shut down) is the second
    fr_a, fr_x = _dated("f2", "Les réacteurs du Bugey, arrêtés en août, ont redémarré.", "fr", "2025-09-04",
                        [("en août", "2025-08", "month")], names=("Bugey",))
    en_a, en_x = _dated("e3", "France had to shut down two reactors at Bugey in August.", "en", "2025-08-20",
                        [("August", "2025-08", "month")], names=("Bugey",))
    fr_x = replace(fr_x, entities=(EntityMention("f2", 17, 22, "Bugey", "LOC", "Bugey", "loc:bugei"),))
    en_x = replace(en_x, entities=(EntityMention("e3", 40, 45, "Bugey", "PER", "Bugey", "per:bugei"),))
    tl = build_timeline([(fr_a, fr_x), (en_a, en_x)])
    assert [(e.date, e.languages) for e in tl.entries] == [("2025-08", ("en", "fr"))]


def test_timeline_quotes_of_one_speaker_identity_are_one_group():
    from storyline.pipeline import extract_text
    from storyline.present.timeline import quotes_of

    text = ("Le débit du Rhône est tombé à son plus bas niveau, a annoncé mercredi l'Agence de l'eau "
            "Rhône-Méditerranée. Selon l'agence, les restrictions concernent désormais 1,2 million d'habitants.")
    item = extract_text(text, lang="fr", published="2025-06-12")
    rows = [r for r in quotes_of([item]) if "Agence" in r.speaker or "agence" in r.speaker]
    assert len(rows) == 2 and len({r.speaker for r in rows}) == 1


def test_timeline_quotes_one_speaker_across_reports_and_languages():
    # the French report names the agency, the English one translates its name, a later English
    # report says only "The water agency": one speaker, shown by its most used name
    from storyline.pipeline import extract_text
    from storyline.present.timeline import quotes_of

    fr = extract_text("Le débit du Rhône est tombé à son plus bas niveau, a annoncé mercredi l'Agence de "
                      "l'eau Rhône-Méditerranée.", lang="fr", published="2025-06-12")
    en = extract_text("The river flow at Lyon dropped to 240 cubic meters per second, according to the "
                      "Rhône-Méditerranée water agency.", lang="en", published="2025-08-20")
    later = extract_text("The water agency warned that groundwater would take a winter to recover.",
                         lang="en", published="2025-09-05")
    assert len({r.speaker for r in quotes_of([fr, en, later])}) == 1


def test_timeline_quotes_organisations_sharing_only_a_place_name_stay_apart():
    from storyline.present.speakers import SpeakerMention, unify

    ms = [SpeakerMention("org:universite-de-lyon", "l'Université de Lyon", "fr"),
          SpeakerMention("org:lyon-city-council", "the Lyon city council", "en")]
    assert len(set(unify(ms, {"lyon"}).values())) == 2  # Lyon is a name of its own in the story


def test_timeline_quotes_a_description_and_its_translation_are_one_speaker():
    from storyline.present.speakers import SpeakerMention, unify

    ms = [SpeakerMention("", "Les syndicats agricoles", "fr"), SpeakerMention("", "Farmers' unions", "en"),
          SpeakerMention("", "l'opérateur", "fr"), SpeakerMention("", "the operator", "en")]
    joined = unify(ms, set())
    assert len(set(joined.values())) == 2
    assert joined["name:agricoles syndicats"] == joined["name:farmers unions"]


def test_timeline_quotes_related_descriptions_in_two_languages_stay_apart():
    from storyline.present.speakers import SpeakerMention, unify

    ms = [SpeakerMention("", "les agriculteurs", "fr"), SpeakerMention("", "Farmers' unions", "en"),
          SpeakerMention("", "le gouvernement", "fr"), SpeakerMention("", "the ministry", "en")]
    assert len(set(unify(ms, set()).values())) == 4


def test_timeline_quotes_two_unresolved_pronouns_stay_two_speakers():
    from storyline.present.speakers import SpeakerMention, unify

    ms = [SpeakerMention("", "he", "en"), SpeakerMention("", "she", "en")]
    assert len(set(unify(ms, set()).values())) == 2


def test_timeline_a_coarse_time_is_expected_only_when_every_report_precedes_its_span():
    # a 12 June report of "sales fell in June" may tell what already happened this month: not a plan
    june = _dated("m1", "Sales fell sharply in June, the company said.", "en", "2025-06-12",
                  [("in June", "2025-06", "month")])
    july = _dated("m2", "The new plant will open in July, the company said.", "en", "2025-06-12",
                  [("in July", "2025-07", "month")])
    year = _dated("m3", "The bridge will be finished in 2026, the mayor said.", "en", "2025-06-12",
                  [("in 2026", "2026", "year")])
    this_year = _dated("m4", "Prices have risen in 2025, the bank said.", "en", "2025-06-12",
                       [("in 2025", "2025", "year")])
    entries = build_timeline([june, july, year, this_year]).entries
    assert {e.date: e.expected for e in entries} == {"2025-06": False, "2025-07": True, "2026": True, "2025": False}
    # a week started on Monday 9 June: a Thursday report of "this week" is no longer a plan
    week = _dated("m5", "Talks are held this week in Geneva.", "en", "2025-06-12",
                  [("this week", "2025-W24", "week")])
    assert not build_timeline([week]).entries[0].expected


def test_timeline_seasons_start_as_the_time_extractor_reads_them_winter_in_december():
    # the extractor reads "winter 2024-25" and, in June 2025, "last winter" as 2024-WI
    winter = _dated("w1", "Heating bills rose last winter, the regulator said.", "en", "2025-06-12",
                    [("last winter", "2024-WI", "season")])
    december = _dated("w2", "Gas prices peaked on 5 December 2024, the regulator said.", "en", "2025-06-12",
                      [("5 December 2024", "2024-12-05", "day")])
    january = _dated("w3", "Gas prices fell on 10 January 2025, the regulator said.", "en", "2025-06-12",
                     [("10 January 2025", "2025-01-10", "day")])
    tl = build_timeline([january, winter, december])
    assert [e.label for e in tl.entries] == ["winter 2024/25", "5 December 2024", "10 January 2025"]
    # a November report of the coming winter tells a forecast
    forecast = _dated("w4", "Bills will rise this winter, the regulator warned.", "en", "2024-11-20",
                      [("this winter", "2024-WI", "season")])
    assert build_timeline([forecast]).entries[0].expected
    # seasons run from the 1st of their first month, as the extractor reads them: in a 15 June
    # report, "this summer" is under way (the extractor gives 2025-SU, not the summer of 2026)
    summer = _dated("w5", "Water use has soared this summer, the agency said.", "en", "2025-06-15",
                    [("this summer", "2025-SU", "season")])
    assert not build_timeline([summer]).entries[0].expected


def test_timeline_a_decade_sorts_before_its_years_not_after_every_date():
    decade = _dated("d1", "Coal use fell through the 2010s, the agency said.", "en", "2025-06-12",
                    [("the 2010s", "201X", "decade")])
    year = _dated("d2", "A coal plant closed in 2012, the agency said.", "en", "2025-06-12",
                  [("in 2012", "2012", "year")])
    day = _dated("d3", "The last mine shut on 3 March 2025, the agency said.", "en", "2025-06-12",
                 [("3 March 2025", "2025-03-03", "day")])
    tl = build_timeline([day, year, decade])
    assert [e.label for e in tl.entries] == ["2010s", "2012", "3 March 2025"]


def test_timeline_one_sentence_is_one_report_of_each_date_it_names():
    text = "Police arrested and charged the doctor today, before the hearing on 3 May."
    a = Article("s1", text, "x", published="2025-04-28", language="en")
    sent, today = Span(0, len(text), text), Span(text.index("today"), text.index("today") + 5, "today")
    may = Span(text.index("3 May"), text.index("3 May") + 5, "3 May")
    events = (Event("s1", sent, Span(7, 15, "arrested"), "arrest", "2025-04-28", "day", "text", today),
              Event("s1", sent, Span(20, 27, "charged"), "charge", "2025-04-28", "day", "text", today),
              Event("s1", sent, Span(58, 65, "hearing"), "hear", "2025-05-03", "day", "text", may),
              Event("s1", sent, Span(0, 6, "Police"), "police", "2025-04-28", "day", "published"))
    tl = build_timeline([(a, Extraction("s1", events=events))])
    # two predicates of one sentence, or a third the parse left to the report's date, are one report
    assert [(e.date, e.dated_by, e.salience, len(e.sources)) for e in tl.entries] == [
        ("2025-04-28", "text", 1, 1), ("2025-05-03", "text", 1, 1)]
    # the sentence names two dates: it is a report of each (the hearing is still to come)
    assert [e.expected for e in tl.entries] == [False, True]


def test_timeline_an_editors_note_dates_no_event():
    note = _dated("n1", "This article was amended on 12 May 2016 to clarify that Dilma Rousseff has been suspended.",
                  "en", "2016-05-11", [("12 May 2016", "2016-05-12", "day")])
    vote = _dated("n2", "The senate voted on Wednesday to suspend Dilma Rousseff.", "en", "2016-05-12",
                  [("Wednesday", "2016-05-11", "day")])
    assert [e.date for e in build_timeline([note, vote]).entries] == ["2016-05-11"]
    note = _dated("n3", "La légende a été modifiée le 3 mai pour corriger le nom du ministre.", "fr", "2016-05-02",
                  [("le 3 mai", "2016-05-03", "day")])
    strike = _dated("n4", "Les cheminots ont fait grève le 3 mai.", "fr", "2016-05-04",
                    [("le 3 mai", "2016-05-03", "day")])
    assert [len(e.sources) for e in build_timeline([note, strike]).entries] == [1]
    # the same words without a date after them are no note: "the story was updated" stays
    told = _dated("n5", "The story was updated and retold on 12 May 2016 by the paper.", "en", "2016-05-13",
                  [("12 May 2016", "2016-05-12", "day")])
    assert [e.date for e in build_timeline([told]).entries] == ["2016-05-12"]


def test_timeline_a_window_keeps_the_events_of_a_period_and_ranks_them_among_themselves():
    import datetime as dt

    fr = _dated("w1", "Le fonds a été annoncé en juin, puis porté à 120 millions le 20 août.", "fr", "2025-09-04",
                [("en juin", "2025-06", "month"), ("le 20 août", "2025-08-20", "day")])
    en = _dated("w2", "Reactors were shut in August and the plan was adopted on July 2.", "en", "2025-08-20",
                [("in August", "2025-08", "month"), ("on July 2", "2025-07-02", "day")])
    tl = build_timeline([fr, en], window=(dt.date(2025, 7, 1), dt.date(2025, 8, 31)))
    assert [e.date for e in tl.entries] == ["2025-07-02", "2025-08", "2025-08-20"]  # June is outside
    assert tl.dates_total == 3 and tl.window == ("2025-07-01", "2025-08-31")
    one = build_timeline([fr, en], max_dates=1, window=(dt.date(2025, 8, 1), dt.date(2025, 8, 31)))
    assert len(one.entries) == 1 and one.entries[0].date.startswith("2025-08")


def test_timeline_a_window_open_at_one_end():
    import datetime as dt

    en = _dated("w3", "Reactors were shut in August and the plan was adopted on July 2.", "en", "2025-08-20",
                [("in August", "2025-08", "month"), ("on July 2", "2025-07-02", "day")])
    tl = build_timeline([en], window=(dt.date(2025, 8, 1), None))
    assert [e.date for e in tl.entries] == ["2025-08"] and tl.window == ("2025-08-01", None)


def test_timeline_a_window_holds_a_weekend_by_its_saturday_and_sunday():
    # 'this weekend' in a Wednesday 18 June 2025 report is 2025-W25-WE: Saturday 21 and Sunday 22 June
    import datetime as dt

    from storyline.present.timeline_dates import span_of

    assert span_of("2025-W25-WE", "week") == (dt.date(2025, 6, 21), dt.date(2025, 6, 22))
    en = _dated("w4", "Farmers will block the roads this weekend.", "en", "2025-06-18",
                [("this weekend", "2025-W25-WE", "week")])
    assert [e.date for e in build_timeline([en], window=(dt.date(2025, 6, 20), None)).entries] == ["2025-W25-WE"]
    assert build_timeline([en], window=(None, dt.date(2025, 6, 18))).entries == ()


def test_timeline_a_window_keeps_the_quotes_said_and_the_comparisons_stated_in_the_period():
    import datetime as dt

    from tests.present.records import en_item, fr_item

    may = build_timeline([fr_item(), en_item()], window=(dt.date(2024, 5, 1), dt.date(2024, 5, 31)))
    assert [(q.speaker, q.published) for q in may.quotes] == [("Erna Solberg", "2024-05-10")]
    september = build_timeline([fr_item(), en_item()], window=(dt.date(2024, 9, 1), None))
    assert september.quotes == ()  # the only quote is May's
    winter = build_timeline([fr_item(), en_item()], window=(None, dt.date(2024, 3, 31)))
    assert [g.attribute for g in winter.claims] == ["status"]  # decided in January; the range was stated later
    assert len(winter.claims[0].claims) == 4  # a comparison is shown whole
