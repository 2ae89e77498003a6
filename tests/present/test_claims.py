"""Claims: figures and statuses compared across reports (agree, update, conflict)."""

from __future__ import annotations

from storyline.model import Quantity
from storyline.present.claims import compatible, find_claims, interval

from tests.present.records import en_item, fr_item


def _group(groups, attribute):
    return next(g for g in groups if g.attribute == attribute)


def test_claims_vague_range_agrees_with_an_upper_bound():
    g = _group(find_claims([fr_item(), en_item()]), "range")
    assert g.subject == "Falcon" and g.verdict == "agree"
    assert [(c.value, c.language, c.published) for c in g.claims] == [
        ("jusqu'à 200 kilomètres", "fr", "2024-05-10"), ("several hundred kilometers", "en", "2024-09-02")]


def test_claims_incompatible_values_at_the_same_time_conflict_and_come_first():
    same_day = en_item(published="2024-05-10", range_text="500 kilometers")
    groups = find_claims([fr_item(), same_day])
    assert groups[0].verdict == "conflict" and groups[0].attribute == "range"
    assert "500 kilometers" in groups[0].note


def test_claims_a_later_different_value_is_an_update():
    later = en_item(published="2024-09-02", range_text="500 kilometers")
    g = _group(find_claims([fr_item(), later]), "range")
    assert g.verdict == "update"
    assert g.claims[-1].published == "2024-09-02"


def test_claims_status_moves_from_decided_to_delivered_to_authorised():
    g = _group(find_claims([fr_item(), en_item()]), "status")
    assert g.verdict == "update"
    assert [c.value for c in g.claims] == ["decide", "deliver", "deliver", "authorise"]
    assert g.claims[-1].language == "en"


def test_claims_sources_are_spans_of_their_report():
    fr, en = fr_item(), en_item()
    texts = {fr[0].id: fr[0].text, en[0].id: en[0].text}
    for g in find_claims([fr, en]):
        for c in g.claims:
            assert texts[c.article_id][c.start:c.end] == c.sentence


def test_claims_interval_reads_modifiers():
    q = lambda **kw: Quantity("a", 0, 1, "x", **kw)  # noqa: E731
    assert interval(q(value=300.0, unit="km", modifier="max")) == (0.0, 300.0)
    assert interval(q(value=10.0, unit="km", modifier="min")) == (10.0, None)
    assert interval(q(value=None, unit="km", low=200.0, high=900.0, vague=True)) == (200.0, 900.0)


def test_claims_without_named_subject_are_left_out():
    a, ex = fr_item()
    from dataclasses import replace

    assert find_claims([(a, replace(ex, entities=()))]) == []


def test_claims_compatible_is_symmetric():
    groups = find_claims([fr_item(), en_item(published="2024-05-10", range_text="500 kilometers")])
    cs = _group(groups, "range").claims
    assert compatible(cs[0], cs[1]) == compatible(cs[1], cs[0]) is False


def test_claims_a_name_missed_by_ner_is_found_from_another_report():
    # regression: the English NER missed 'ATACMS' that the French one tagged (with a link id)
    from dataclasses import replace

    en_article, en_ex = en_item()
    en_ex = replace(en_ex, entities=tuple(e for e in en_ex.entities if e.text != "Falcon"))
    g = _group(find_claims([fr_item(), (en_article, en_ex)]), "range")
    assert g.verdict == "agree" and {c.language for c in g.claims} == {"fr", "en"}
    assert {c.subject_key for c in g.claims} == {"falcon"}


def test_claims_a_source_of_the_figure_is_not_its_subject():
    from storyline.pipeline import extract_text

    text = ("The offensive was described by the New York Times, which cites officials. "
            "There are around 50,000 soldiers with Russian troops, according to the New York Times.")
    article, ex = extract_text(text, lang="en", published="2024-11-18")
    assert all(g.subject != "New York Times" for g in find_claims([(article, ex)]))


def test_claims_a_count_of_soldiers_belongs_to_a_country_never_to_a_nearby_weapon():
    from storyline.pipeline import extract_text

    text = ("The ATACMS missiles will be used in Kursk. There are around 50,000 soldiers there. "
            "North Korea has sent 10,000 soldiers to Russia. Ukraine says 500 Russian soldiers died.")
    article, ex = extract_text(text, lang="en", published="2024-11-18")
    troops = {(c.subject, c.value) for g in find_claims([(article, ex)]) if g.attribute in ("troops", "casualties")
              for c in g.claims}
    assert ("North Korea", "10,000 soldiers") in troops
    assert ("Russian", "500 Russian soldiers") in troops or ("Russia", "500 Russian soldiers") in troops
    assert not any(value == "around 50,000 soldiers" for _, value in troops)


def test_claims_a_french_count_names_its_people_after_the_noun():
    from storyline.pipeline import extract_text

    article, ex = extract_text("Selon Kiev, environ 50 000 soldats russes sont morts depuis janvier.",
                               lang="fr", published="2024-11-18")
    troops = [c for g in find_claims([(article, ex)]) for c in g.claims if c.attribute in ("troops", "casualties")]
    assert [(c.subject, c.value) for c in troops] == [("russes", "environ 50 000 soldats")]


def _report(text, lang, published, figures, dates=(), names=(("Falcon", "MISC"),), cues=()):
    """A hand-built report: ``figures`` are (surface, value, unit, modifier), ``dates`` (surface,
    TimeML value), ``names`` (surface, label), ``cues`` the surfaces of quotation cues."""
    from storyline.model import Article, Extraction, Quote, TimeMention

    from tests.present.records import entity, find, sentences, span

    a = Article(f"{lang}-{published}", text, "x", published=published, language=lang)
    quantities = tuple(Quantity(a.id, *find(text, s), s, v, u, modifier=m) for s, v, u, m in figures)
    times = tuple(TimeMention(a.id, *find(text, s), s, "DATE", v, "day" if len(v) == 10 else "month")
                  for s, v in dates)
    quotes = tuple(Quote(a.id, span(text, text.split(",")[0]), "indirect", cue=span(text, c)) for c in cues)
    ex = Extraction(a.id, sentences=sentences(text), entities=tuple(entity(a, s, lab) for s, lab in names),
                    quantities=quantities, times=times, quotes=quotes)
    return a, ex


def test_claims_one_report_giving_two_dated_figures_is_an_update():
    text = "The Falcon fleet flew 240 sorties per week last week, down from 310 in June."
    item = _report(text, "en", "2025-08-20", [("240 sorties", 240.0, "sortie", ""), ("310", 310.0, "sortie", "")],
                   dates=[("last week", "2025-W33"), ("June", "2025-06")])
    g = _group(find_claims([item]), "count of sortie")
    assert g.verdict == "update"
    assert [(c.value, c.time, c.dated) for c in g.claims] == [("310", "2025-06", True),
                                                               ("240 sorties", "2025-W33", True)]


def test_claims_figures_of_one_report_without_their_own_dates_stay_single():
    text = "The Falcon fleet flew 240 sorties and 310 patrols."
    item = _report(text, "en", "2025-08-20",
                   [("240 sorties", 240.0, "sortie", ""), ("310 patrols", 310.0, "sortie", "")])
    assert _group(find_claims([item]), "count of sortie").verdict == "single"


def test_claims_a_usual_value_given_for_comparison_is_no_claim():
    text = "Le Falcon volait à 310 kilomètres le 10 juin, contre environ 600 en temps normal."
    item = _report(text, "fr", "2025-06-12",
                   [("310 kilomètres", 310.0, "km", ""), ("environ 600", 600.0, "km", "approx")],
                   dates=[("le 10 juin", "2025-06-10")])
    g = _group(find_claims([item]), "distance")
    assert [(c.value, c.time) for c in g.claims] == [("310 kilomètres", "2025-06-10")]


def test_claims_a_quotation_cue_names_no_status():
    text = "Le Falcon a été retiré du service, a annoncé mercredi le ministère."
    item = _report(text, "fr", "2025-06-12", [], cues=["a annoncé"])
    a, ex = item
    ev = fr_item()[1].events[0]
    from dataclasses import replace

    from tests.present.records import span

    ex = replace(ex, events=(replace(ev, article_id=a.id, sentence=span(text, text),
                                     trigger=span(text, "annoncé"), time=""),))
    assert [g for g in find_claims([(a, ex)]) if g.attribute == "status"] == []


def test_claims_a_name_tagged_as_a_place_in_one_report_is_a_thing_in_all():
    # the place label alone would not reach into the previous sentence; the story knows it as a thing
    fr = _report("Le Falcon est prêt pour la mission. Il a une portée de 300 kilomètres.", "fr", "2024-05-10",
                 [("300 kilomètres", 300.0, "km", "")], names=[("Falcon", "LOC")])
    en = _report("The Falcon has a range of 500 kilometers.", "en", "2024-09-02",
                 [("500 kilometers", 500.0, "km", "")], names=[("Falcon", "MISC")])
    g = _group(find_claims([fr, en]), "range")
    assert g.verdict == "update" and {c.language for c in g.claims} == {"fr", "en"}


def test_claims_one_thing_labelled_differently_by_two_taggers_is_one_subject():
    from dataclasses import replace

    fr_a, fr_ex = _report("Le Falcon a une portée de 300 kilomètres.", "fr", "2024-05-10",
                          [("300 kilomètres", 300.0, "km", "")], names=[("Falcon", "ORG")])
    en_a, en_ex = _report("The Falcon has a range of 500 kilometers.", "en", "2024-09-02",
                          [("500 kilometers", 500.0, "km", "")], names=[("Falcon", "MISC")])
    fr_ex = replace(fr_ex, entities=tuple(replace(e, entity_id="org:falcon") for e in fr_ex.entities))
    en_ex = replace(en_ex, entities=tuple(replace(e, entity_id="misc:falcon") for e in en_ex.entities))
    g = _group(find_claims([(fr_a, fr_ex), (en_a, en_ex)]), "range")
    assert g.verdict == "update" and {c.subject_key for c in g.claims} == {"falcon"}


def _sourced(text, published, figures, names, speaker="", lang="en"):
    """A report whose figures (surface, value, unit) are stated by ``speaker`` (a name quoted as
    the source, or empty) among ``names`` (surface, label)."""
    from dataclasses import replace

    from tests.present.records import span

    a, ex = _report(text, lang, published, [(s, v, u, "") for s, v, u in figures], names=names)
    if speaker:
        from storyline.model import Quote

        quote = Quote(a.id, span(text, text), "indirect", speaker=span(text, speaker), speaker_name=speaker)
        ex = replace(ex, quotes=(quote,))
    return a, ex


def _groups_of(items, value):
    return [g for g in find_claims(items) if any(c.value == value for c in g.claims)]


def test_claims_one_tracked_count_stated_by_different_sources_is_one_update():
    # the subject of each figure is only who states it (the WHO, then a news agency): the two
    # reports' case counts are one tracked figure, not two subjects' counts
    first = _sourced("The World Health Organization said 1,200 cases of the flu were confirmed.", "2009-05-01",
                     [("1,200 cases", 1200.0, "case")], [("World Health Organization", "ORG")],
                     speaker="World Health Organization")
    later = _sourced("Health officials said 1,600 cases were confirmed, Reuters reported.", "2009-05-04",
                     [("1,600 cases", 1600.0, "case")], [("Reuters", "ORG")])
    [g] = _groups_of([first, later], "1,200 cases")
    assert g.verdict == "update" and [c.value for c in g.claims] == ["1,200 cases", "1,600 cases"]
    assert {c.subject for c in g.claims} == {"World Health Organization", "Reuters"}


def test_claims_counts_of_two_named_countries_stay_apart():
    mexico = _sourced("Mexico has confirmed 1,200 cases of the flu.", "2009-05-01",
                      [("1,200 cases", 1200.0, "case")], [("Mexico", "GPE")])
    us = _sourced("The United States has confirmed 300 cases of the flu.", "2009-05-01",
                  [("300 cases", 300.0, "case")], [("United States", "GPE")])
    assert [len(g.claims) for g in find_claims([mexico, us])] == [1, 1]


def test_claims_a_figure_twenty_times_larger_is_another_quantity():
    # both figures are barrels a day with no subject of their own: the spill's leak and a
    # country's daily production do not become one update
    leak = _sourced("Officials said 5,000 barrels a day are leaking, the Falcon agency reported.", "2010-05-01",
                    [("5,000 barrels a day", 5000.0, "bbl/day")], [("Falcon", "ORG")])
    output = _sourced("Officials said output reached 1.6 million barrels a day, the Harrier agency reported.",
                      "2010-05-02", [("1.6 million barrels a day", 1.6e6, "bbl/day")], [("Harrier", "ORG")])
    assert [len(g.claims) for g in find_claims([leak, output])] == [1, 1]
    nearer = _sourced("Officials said 60,000 barrels a day are leaking, the Harrier agency reported.",
                      "2010-06-02", [("60,000 barrels a day", 60000.0, "bbl/day")], [("Harrier", "ORG")])
    [g] = _groups_of([leak, nearer], "5,000 barrels a day")
    assert g.verdict == "update" and len(g.claims) == 2


def test_claims_money_without_a_subject_of_its_own_keeps_its_subject():
    # ``amount`` says no more than its unit: a fund and a loss meet only through their subject
    fund = _sourced("The minister said the Falcon fund would reach 120 million euros.", "2025-08-20",
                    [("120 million euros", 1.2e8, "EUR")], [("Falcon", "ORG")])
    loss = _sourced("Farmers say losses exceed 300 million euros, the Harrier union said.", "2025-08-21",
                    [("300 million euros", 3e8, "EUR")], [("Harrier", "ORG")])
    assert [len(g.claims) for g in find_claims([fund, loss])] == [1, 1]


def test_claims_a_cue_names_the_attribute_only_when_the_unit_fits():
    # ``range`` measures a distance; the range of a spill given in barrels a day is a rate
    item = _sourced("The Falcon estimate puts the range of the spill from 56,000 to 84,000 barrels a day.",
                    "2010-05-13", [("56,000 to 84,000 barrels a day", 70000.0, "bbl/day")], [("Falcon", "ORG")])
    assert [g.attribute for g in find_claims([item])] == ["rate in bbl/day"]


def test_claims_a_refusal_read_as_a_stance_cue_still_cancels_the_status():
    # `refuses` is also a quotation cue (a stance); blanking cues must not hide the negation
    from storyline.pipeline import extract_text

    article, ex = extract_text("Germany's chancellor Olaf Scholz tirelessly refuses to provide the long-range "
                               "Taurus missiles requested by Kyiv.", lang="en", published="2024-11-18")
    assert any(q.cue_lemma == "refuse" for q in ex.quotes)
    assert not [c for c in find_claims([(article, ex)]) if c.attribute == "status"]


def test_claims_spending_is_a_cost():
    # `spent` names what the figure measures, as `cost` does: the two reports' figures are one tracked cost
    spent = _sourced("The Falcon company has spent more than 940 million dollars on the spill.", "2010-06-01",
                     [("more than 940 million dollars", 9.4e8, "USD")], [("Falcon", "ORG")])
    cost = _sourced("The spill has cost the Falcon company 990 million dollars.", "2010-06-07",
                    [("990 million dollars", 9.9e8, "USD")], [("Falcon", "ORG")])
    [g] = find_claims([spent, cost])
    assert g.attribute == "cost" and len(g.claims) == 2


def test_claims_oil_collected_is_not_oil_leaking():
    leak = _sourced("Scientists said the Falcon well is leaking 60,000 barrels a day.", "2010-06-10",
                    [("60,000 barrels a day", 60000.0, "bbl/day")], [("Falcon", "MISC")])
    caught = _sourced("By last week the cap was collecting 15,000 barrels a day, the Harrier agency said.",
                      "2010-06-11", [("15,000 barrels a day", 15000.0, "bbl/day")], [("Harrier", "ORG")])
    recueilli = _sourced("Le dôme recueille désormais 16 000 barils par jour, selon l'agence Harrier.", "2010-06-12",
                         [("16 000 barils par jour", 16000.0, "bbl/day")], [("Harrier", "ORG")], lang="fr")
    groups = find_claims([leak, caught, recueilli])
    assert sorted((g.attribute, len(g.claims)) for g in groups) == [
        ("rate in bbl/day", 1), ("rate in bbl/day (collected)", 2)]


def test_claims_victims_with_no_named_country_are_stated_of_the_thing_their_sentence_names():
    # `killing 11 workers` names no country: the count is the rig's, and two reports' counts meet
    first = _sourced("The Falcon rig exploded on 20 April, killing 11 workers.", "2010-05-14",
                     [("11 workers", 11.0, "worker")], [("Falcon", "MISC")])
    later = _sourced("Officials said the Falcon rig blew up in April, killing 11 workers.", "2010-06-14",
                     [("11 workers", 11.0, "worker")], [("Falcon", "MISC")])
    [g] = find_claims([first, later])
    assert (g.subject, g.attribute, g.verdict, len(g.claims)) == ("Falcon", "casualties", "agree", 2)


def test_claims_a_fund_is_one_figure_whoever_announces_it():
    # the unit (euros) says nothing of what is measured; the noun does: the aid announced in French
    # and the fund raised in English are one figure, the farmers' losses another
    aid = _sourced("Le ministre Antoine Lefèvre a indiqué que l'État débloquerait une aide d'urgence de "
                   "50 millions d'euros.", "2025-06-12", [("50 millions d'euros", 5e7, "EUR")],
                   [("Antoine Lefèvre", "PER"), ("État", "ORG")], speaker="Antoine Lefèvre", lang="fr")
    fund = _sourced("The French government has raised its emergency fund to 120 million euros, Antoine Lefèvre "
                    "said.", "2025-08-20", [("120 million euros", 1.2e8, "EUR")],
                    [("French", "NORP"), ("Antoine Lefèvre", "PER")], speaker="Antoine Lefèvre")
    loss = _sourced("Farmers' unions say losses already exceed 300 million euros.", "2025-08-20",
                    [("300 million euros", 3e8, "EUR")], [("Farmers", "ORG")])
    groups = find_claims([aid, fund, loss])
    assert sorted((g.attribute, g.verdict, len(g.claims)) for g in groups) == [
        ("amount (fund)", "update", 2), ("amount (loss)", "single", 1)]


def test_claims_a_pooled_group_is_shown_under_the_story_thing_not_its_first_source():
    first = _sourced("The Falcon well blew out in April. The Coast Guard said 5,000 barrels a day are leaking.",
                     "2010-04-28", [("5,000 barrels a day", 5000.0, "bbl/day")],
                     [("Falcon", "MISC"), ("Coast Guard", "ORG")], speaker="Coast Guard")
    later = _sourced("Officials said 12,000 barrels a day leak from the Falcon well.", "2010-05-27",
                     [("12,000 barrels a day", 12000.0, "bbl/day")], [("Falcon", "MISC")])
    [g] = find_claims([first, later])
    assert g.claims[0].subject == "Coast Guard" and g.subject == "Falcon" and g.verdict == "update"


def test_claims_the_story_things_own_figure_meets_the_figures_with_no_name_of_their_own():
    # BP's `62,000 barrels a day` (keyed: named before the figure) and the estimates stated by
    # sources are one tracked figure, even when another name is keyed elsewhere in the story
    own = _sourced("At its peak the Falcon well was spewing 62,000 barrels a day.", "2010-08-02",
                   [("62,000 barrels a day", 62000.0, "bbl/day")], [("Falcon", "MISC")])
    pooled = _sourced("Scientists said 60,000 barrels a day leaked from the Falcon well, the Harrier agency said.",
                      "2010-06-15", [("60,000 barrels a day", 60000.0, "bbl/day")],
                      [("Falcon", "MISC"), ("Harrier", "ORG")], speaker="Harrier")
    other = _sourced("The Osprey pipeline carries 1,000 barrels a day.", "2010-06-20",
                     [("1,000 barrels a day", 1000.0, "bbl/day")], [("Osprey", "MISC")])
    [g] = _groups_of([own, pooled, other], "62,000 barrels a day")
    assert {c.value for c in g.claims} == {"62,000 barrels a day", "60,000 barrels a day"}


def test_claims_a_part_of_a_figure_is_not_another_value_of_it():
    # `45 million euros of its 120 million euro fund`, `120 millions d'euros, dont 45 millions`: the
    # part paid out is its own figure (and takes its whole's unit), never an update of the fund
    en = _sourced("The French government has paid 45 million euros of its 120 million euro emergency fund so far.",
                  "2025-09-05", [("45 million euros", 4.5e7, "EUR"), ("120 million euro", 1.2e8, "EUR")],
                  [("French", "NORP")])
    fr = _sourced("Le fonds d'urgence de l'État s'élève à 120 millions d'euros, dont 45 millions ont été versés.",
                  "2025-09-04", [("120 millions d'euros", 1.2e8, "EUR"), ("45 millions", 4.5e7, "")],
                  [("État", "LOC")], lang="fr")
    groups = find_claims([en, fr])
    assert sorted((g.attribute, g.verdict, tuple(c.value for c in g.claims)) for g in groups) == [
        ("amount (fund)", "agree", ("120 millions d'euros", "120 million euro")),
        ("amount paid (fund)", "agree", ("45 millions EUR", "45 million euros"))]


def test_claims_a_part_joined_by_an_article_or_a_determiner_is_a_part_too():
    # not only the demo's `of its` and `dont`: `sur les`, `of these` join a part and its whole
    fr = _sourced("L'État a versé 45 millions d'euros sur les 120 millions d'euros du fonds.", "2025-09-04",
                  [("45 millions d'euros", 4.5e7, "EUR"), ("120 millions d'euros", 1.2e8, "EUR")],
                  [("État", "LOC")], lang="fr")
    en = _sourced("The French state has paid 45 million euros of these 120 million euros.", "2025-09-05",
                  [("45 million euros", 4.5e7, "EUR"), ("120 million euros", 1.2e8, "EUR")], [("French", "NORP")])
    assert sorted(g.attribute for g in find_claims([fr])) == ["amount (fund)", "amount paid (fund)"]
    assert sorted(g.attribute for g in find_claims([en])) == ["amount", "amount paid"]


def test_claims_a_part_of_a_count_of_people_is_still_whose_people_they_are():
    # `3 children` of `12 Palestinians` counts Palestinians, not the weapon named in the sentence
    text = "Falcon strikes on Gaza killed 12 Palestinians, including 3 children, on Monday."
    item = _report(text, "en", "2025-08-20", [("12 Palestinians", 12.0, "", ""), ("3 children", 3.0, "", "")],
                   names=[("Falcon", "MISC"), ("Gaza", "GPE"), ("Palestinians", "NORP")])
    assert sorted((g.attribute, g.subject, tuple(c.value for c in g.claims)) for g in find_claims([item])) == [
        ("casualties", "Palestinians", ("12 Palestinians",)), ("casualties (part)", "Palestinians", ("3 children",))]


def test_claims_one_sentence_states_a_status_once():
    # two events of one sentence (`told`, and `announced ... in June`) name the announcement: one
    # claim, dated as the sentence dates it
    from dataclasses import replace

    from tests.present.records import event

    text = "Falcon officials told reporters that the fund, announced in June, would be raised."
    a, ex = _report(text, "en", "2025-08-20", [])
    told = event(a, text, "told", "tell")
    announced = event(a, text, "announced", "announce", "2025-06", "month", time_text="June")
    ex = replace(ex, events=(told, announced))
    [g] = [g for g in find_claims([(a, ex)]) if g.attribute == "status"]
    assert [(c.value, c.time) for c in g.claims] == [("announce", "2025-06")]


def test_claims_one_sentence_can_state_a_status_at_two_dates():
    # two triggers that name the delivery, each with its own date: two statements, not one
    from dataclasses import replace

    from storyline.model import Span

    from tests.present.records import event, span

    text = "The first Falcon missiles were delivered in May and the rest were delivered in June."
    a, ex = _report(text, "en", "2025-08-20", [])
    may = event(a, text, "delivered", "deliver", "2025-05", "month", time_text="May")
    at = text.index("delivered", text.index("rest"))
    june = replace(may, trigger=Span(at, at + len("delivered"), "delivered"), time="2025-06",
                   time_span=span(text, "June"))
    [g] = [g for g in find_claims([(a, replace(ex, events=(may, june)))]) if g.attribute == "status"]
    assert [(c.value, c.time) for c in g.claims] == [("deliver", "2025-05"), ("deliver", "2025-06")]


def test_claims_a_bare_figure_shows_the_unit_it_was_compared_with():
    # `down from 310 in June`: the quantity took the unit of `240 cubic meters per second`; the
    # claim shows it, the words alone say nothing
    text = "The Falcon river's flow fell to 240 cubic meters per second last week, down from 310 in June."
    item = _report(text, "en", "2025-08-20", [("240 cubic meters per second", 240.0, "m3/s", ""),
                                              ("310", 310.0, "m3/s", "")],
                   dates=[("last week", "2025-W33"), ("June", "2025-06")])
    g = _group(find_claims([item]), "flow")
    assert [c.value for c in g.claims] == ["310 m3/s", "240 cubic meters per second"]


def test_claims_a_count_in_french_and_in_english_is_one_attribute():
    from storyline.pipeline import extract_text

    fr = extract_text("En août, la France a arrêté deux réacteurs nucléaires.", lang="fr", published="2025-09-04")
    en = extract_text("In August, France shut down two nuclear reactors.", lang="en", published="2025-08-20")
    g = _group(find_claims([fr, en]), "count of reactor")
    assert g.verdict == "agree"
    assert sorted((c.language, c.value) for c in g.claims) == [("en", "two nuclear reactors"), ("fr", "deux réacteurs")]


def test_claims_counted_nouns_that_only_look_alike_in_meaning_stay_apart():
    from dataclasses import replace

    from storyline.present.claims import Claim
    from storyline.present.claims_nouns import unify_counts

    c = Claim("Rhône", "rhone", "count of mois", "4", 4.0, 4.0, "mois", "", "a", "fr", "", "", 0, 1)
    out = unify_counts([c, replace(c, attribute="count of year", language="en", unit="year")])
    assert [x.attribute for x in out] == ["count of mois", "count of year"]


def test_claims_a_count_in_three_languages_is_one_attribute():
    # département ~ department ~ departamento (cognates); département and departamento are further
    # apart, so the three meet only through the English noun
    from dataclasses import replace

    from storyline.present.claims import Claim
    from storyline.present.claims_nouns import unify_counts

    fr = Claim("Rhône", "rhone", "count of département", "6", 6.0, 6.0, "département", "", "a", "fr", "", "", 0, 1)
    en = replace(fr, attribute="count of department", unit="department", language="en")
    es = replace(fr, attribute="count of departamento", unit="departamento", language="es")
    assert len({c.attribute for c in unify_counts([fr, en, es])}) == 1



def test_claims_a_cognate_gives_way_to_the_translation_the_encoder_finds():
    # ministère looks like minister (a cognate by spelling) but means ministry; ministre is minister
    from dataclasses import replace

    from storyline.present.claims import Claim
    from storyline.present.claims_nouns import unify_counts

    fr = Claim("France", "france", "count of ministre", "3", 3.0, 3.0, "ministre", "", "a", "fr", "", "", 0, 1)
    out = unify_counts([fr, replace(fr, attribute="count of ministère", value="2", low=2.0, high=2.0),
                        replace(fr, attribute="count of minister", language="en")])
    assert [c.attribute for c in out] == ["count of minister", "count of ministère", "count of minister"]


def test_claims_a_measure_in_a_language_without_claim_words_keeps_its_attribute():
    # German ships no claim cues, but a distance is a distance in every language: not "count of km"
    from storyline.pipeline import extract_text

    items = [extract_text("Die Raketen vom Typ ATACMS haben eine Reichweite von 300 Kilometern.", lang="de",
                          published="2024-11-18")]
    assert [(g.attribute, g.claims[0].value) for g in find_claims(items)] == [("distance", "300 Kilometern")]


def test_claims_a_dose_near_a_death_is_no_death_toll_and_a_far_word_names_nothing():
    # a unit of mass is a mass, whatever word stands near it; a cue word names a figure's
    # attribute only close to it (here `death` is 80 characters past the chart position)
    from storyline.pipeline import extract_text

    dose = extract_text("Jackson was given four milligrams of the drug on the morning of his death.",
                        lang="en", published="2011-09-28")
    chart = extract_text("The album Number Ones rocketed from 121 to the top spot after a surge in sales "
                         "since the superstar's death.", lang="en", published="2009-06-29")
    attributes = {g.attribute for g in find_claims([dose, chart])}
    assert "casualties" not in attributes
    assert "mass" in attributes


def test_claims_figures_of_different_kinds_are_not_in_agreement():
    # `compatible` does not compare a mass with a count: they are two groups, not one that agrees
    from dataclasses import replace

    from storyline.present.claims import Claim
    from storyline.present.claims_compare import _groups

    people = Claim("Lyon", "lyon", "casualties", "six people", 5.7, 6.3, "people", "", "a", "en", "", "", 0, 1)
    dose = replace(people, value="four milligrams", low=3.8, high=4.2, unit="mg", article_id="b")
    assert [len(g) for g, _ in _groups([(people, True), (dose, True)])] == [1, 1]
    bare = replace(people, value="7", low=6.65, high=7.35, unit="", article_id="c")
    assert [len(g) for g, _ in _groups([(people, True), (bare, True)])] == [2]  # a bare number is a count


def test_claims_the_story_main_thing_is_named_by_half_its_reports_and_is_not_its_publisher():
    # 19 BBC pages of a singer's story: the BBC names itself on every page, `CPR` is in 3 of them;
    # neither is what the story's unnamed figures are about
    from storyline.model import EntityMention
    from storyline.present.claims import _main_thing_of, _without_publisher

    assert _main_thing_of({"cpr": (3, 5, True), "thriller": (2, 2, True)}, 19) == ""
    assert _main_thing_of({"bp": (12, 80, True), "halliburton": (4, 9, True)}, 20) == "bp"
    page = [EntityMention("a", 0, 11, "BBC Radio 1", "ORG", "BBC Radio 1"),
            EntityMention("a", 20, 28, "Thriller", "MISC", "Thriller"),
            EntityMention("a", 40, 47, "the BBC", "ORG", "the BBC")]
    assert [e.name for e in _without_publisher(page, "BBC")] == ["Thriller"]
    assert len(_without_publisher(page, None)) == 3
