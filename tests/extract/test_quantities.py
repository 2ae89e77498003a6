"""The quantities extractor: value, unit and modifier of amounts in French and English news.

Golden files live in ``golden/quantities/`` (``<lang>_*.txt`` input beside the expected ``.json``);
regenerate them on purpose only: ``STORYLINE_REGEN_GOLDEN=1 pytest tests/extract/test_quantities.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import InputError
from storyline.model import Quantity
from storyline.pipeline import extract_text
from storyline.extract.quantities import STAGE as QUANTITIES_STAGE

GOLDEN = Path(__file__).parent / "golden" / "quantities"


def quantities(text: str, lang: str) -> list[Quantity]:
    return list(extract_text(text, lang=lang, published="2024-04-24")[1].quantities)


def only(text: str, lang: str) -> Quantity:
    found = quantities(text, lang)
    assert len(found) == 1, [q.text for q in found]
    return found[0]


# (lang, sentence, surface, value, unit, modifier) -- the examples and their neighbours
POINTS = [
    ("fr", "La banque a promis un milliard de dollars à Kyiv.", "un milliard de dollars", 1e9, "USD", ""),
    ("fr", "Bruxelles a débloqué 9,2 milliards d'euros hier.", "9,2 milliards d'euros", 9.2e9, "EUR", ""),
    ("en", "Congress approved approximately 9.2 billion dollars.", "approximately 9.2 billion dollars",
     9.2e9, "USD", "approx"),
    ("en", "The firm raised $2.1bn last year.", "$2.1bn", 2.1e9, "USD", ""),
    ("fr", "La colonne a parcouru 300 kilomètres en une nuit.", "300 kilomètres", 300, "km", ""),
    ("fr", "Le missile porte jusqu'à 300 kilomètres.", "jusqu'à 300 kilomètres", 300, "km", "max"),
    ("en", "The missile can travel up to 300 km.", "up to 300 km", 300, "km", "max"),
    ("en", "They deployed around 50,000 soldiers to the border.", "around 50,000 soldiers", 50000,
     "soldier", "approx"),
    ("fr", "La colonne a parcouru trois cents kilomètres.", "trois cents kilomètres", 300, "km", ""),
    ("fr", "Le chômage atteint 7,5 % cette année.", "7,5 %", 7.5, "%", ""),
    ("en", "Unemployment fell to 3.9 percent.", "3.9 percent", 3.9, "%", ""),
    ("fr", "Environ 50 000 personnes ont manifesté.", "Environ 50 000 personnes", 50000, "personne", "approx"),
    ("fr", "Ils ont saisi 50.000 cartouches.", "50.000 cartouches", 50000, "cartouche", ""),
    ("fr", "Une trentaine de blessés ont été soignés.", "Une trentaine de blessés", 30, "blessé", "approx"),
    ("en", "More than 100 people were evacuated.", "More than 100 people", 100, "people", "min"),
    ("en", "Net income was 98 cents a share.", "98 cents", 0.98, "USD", ""),
    ("en", "The rig sank in 1,500 m of water.", "1,500 m", 1500, "m", ""),
    ("fr", "Les travaux coûteront 200 MF.", "200 MF", 2e8, "FRF", ""),
    ("en", "The river carried 240 cubic meters per second.", "240 cubic meters per second", 240, "m3/s", ""),
    ("fr", "Le fleuve débitait 310 mètres cubes par seconde.", "310 mètres cubes par seconde", 310, "m3/s", ""),
    ("en", "They pumped 30 m3 of water.", "30 m3", 30, "m3", ""),
    ("en", "The well leaked 5,000 barrels a day.", "5,000 barrels a day", 5000, "bbl/day", ""),
    ("en", "The state pays $2 billion per year.", "$2 billion per year", 2e9, "USD/year", ""),
    ("fr", "L'État verse 2 milliards d'euros par an.", "2 milliards d'euros par an", 2e9, "EUR/year", ""),
    ("fr", "La fuite atteint 5 000 barils par jour.", "5 000 barils par jour", 5000, "bbl/day", ""),
    ("en", "It spewed 5,000 barrels of oil a day.", "5,000 barrels of oil a day", 5000, "bbl/day", ""),
    ("fr", "Il perdait 5 000 barils de brut par jour.", "5 000 barils de brut par jour", 5000, "bbl/day", ""),
]


@pytest.mark.parametrize("lang,text,surface,value,unit,modifier", POINTS)
def test_quantities_point_values(lang, text, surface, value, unit, modifier):
    q = only(text, lang)
    assert (q.text, q.unit, q.modifier, q.vague) == (surface, unit, modifier, False)
    assert q.value == pytest.approx(value)


# (lang, sentence, surface, low, high, unit, modifier, vague)
RANGES = [
    ("en", "Between 10 and 20 people were hurt.", "Between 10 and 20 people", 10, 20, "people", "range", False),
    ("fr", "Entre 10 et 20 soldats ont été blessés.", "Entre 10 et 20 soldats", 10, 20, "soldat", "range", False),
    ("fr", "Le projet coûtera 10 à 20 milliards d'euros.", "10 à 20 milliards d'euros", 1e10, 2e10, "EUR",
     "range", False),
    ("en", "The convoy drove several hundred kilometers.", "several hundred kilometers", 200, 900, "km", "", True),
    ("en", "It will cost tens of billions of dollars.", "tens of billions of dollars", 2e10, 9e10, "USD", "", True),
    ("fr", "Des dizaines de milliers de manifestants ont défilé.", "Des dizaines de milliers de manifestants",
     2e4, 9e4, "manifestant", "", True),
    ("fr", "Ils ont fui à quelques centaines de mètres.", "quelques centaines de mètres", 200, 900, "m", "", True),
]


@pytest.mark.parametrize("lang,text,surface,low,high,unit,modifier,vague", RANGES)
def test_quantities_ranges_and_vague_amounts(lang, text, surface, low, high, unit, modifier, vague):
    q = only(text, lang)
    assert (q.text, q.unit, q.modifier, q.vague, q.value) == (surface, unit, modifier, vague, None)
    assert (q.low, q.high) == (pytest.approx(low), pytest.approx(high))


NOT_QUANTITIES = [
    ("en", "The elections of 2024 were held on March 12 at 10:30 a.m."),
    ("en", "She finished 3rd in the 21st race, on 12/03/2024."),
    ("en", "He has worked there for three years and spent 16 hours on the flight."),
    ("fr", "Le 12 mars 2024, à 14h30, il est arrivé 1er de la course."),
    ("fr", "Les élections auront lieu les 6 et 13 avril."),
    ("fr", "Entre 1990 et 1999, l'article 5 du code a changé trois fois."),
    ("fr", "Il a passé deux ans en prison et vit ici depuis 2002."),
    ("en", "A Boeing 747 landed; one passenger was late."),
    ("fr", "Un homme a été arrêté ; une enquête est ouverte."),
]


@pytest.mark.parametrize("lang,text", NOT_QUANTITIES)
def test_quantities_ignore_years_dates_times_ordinals_and_labels(lang, text):
    assert [q.text for q in quantities(text, lang)] == []


def test_a_number_that_could_be_a_year_counts_the_plural_noun_after_it():
    """French: ``envoyé 2000 soldats`` is a count, not the year 2000; ``depuis 2000``, ``de 2002``
    stay years (the times extractor keeps them)."""
    _, ex = extract_text("Le gouvernement a envoyé 2000 soldats à la frontière, et environ 1500 "
                         "policiers. Depuis 2000, les élections de 2002 et les 2000 élus ont changé.",
                         lang="fr", published="2024-04-24")
    assert [(q.text, q.value, q.unit) for q in ex.quantities] == [
        ("2000 soldats", 2000, "soldat"), ("environ 1500 policiers", 1500, "policier")]
    # after a determiner the number stays a year, counts included (``les 2000 élus``): ``the 2000
    # elections`` is the commoner reading
    assert [t.text for t in ex.times] == ["2000", "2002", "2000"]
    # English writes counts with a separator and years before nouns: "eyeing 2020 campaigns"
    _, ex = extract_text("Republicans were eyeing 2020 campaigns; 2,000 soldiers were sent.",
                         lang="en", published="2016-07-21")
    assert [(q.text, q.value) for q in ex.quantities] == [("2,000 soldiers", 2000)]
    assert [t.text for t in ex.times] == ["2020"]


def test_quantities_ignore_list_numbering():
    text = "Les mesures annoncées :\n1. baisse des taxes\n2. aide aux familles"
    assert [q.text for q in quantities(text, "fr")] == []


def test_a_bare_number_compared_with_a_figure_takes_its_unit():
    found = quantities("The flow dropped to 240 cubic meters per second last week, down from 310 in June.", "en")
    assert [(q.text, q.value, q.unit) for q in found] == [
        ("240 cubic meters per second", 240, "m3/s"), ("310", 310, "m3/s")]
    found = quantities("Le fleuve débitait 310 mètres cubes par seconde, contre environ 600 en temps normal.", "fr")
    assert [(q.text, q.unit, q.modifier) for q in found] == [
        ("310 mètres cubes par seconde", "m3/s", ""), ("environ 600", "m3/s", "approx")]


def test_a_period_that_is_a_time_or_a_percentage_growth_is_not_a_rate():
    found = quantities("Shares cost $20 a year ago; prices rose 3% a year; about 30 a day died.", "en")
    assert [(q.text, q.unit) for q in found] == [("$20", "USD"), ("3%", "%"), ("about 30", "")]


def test_a_rate_keeps_no_recurring_time_inside_it():
    _, ex = extract_text("The well leaked 5,000 barrels a day in May.", lang="en", published="2010-06-01")
    assert [q.unit for q in ex.quantities] == ["bbl/day"]
    assert [t.text for t in ex.times] == ["May"]


def test_a_bare_number_compared_with_a_scaled_figure_takes_the_scale_too():
    found = quantities("Le budget atteint 400 millions d'euros en 2025, contre 350 en 2024.", "fr")
    assert [(q.text, q.value, q.unit) for q in found] == [
        ("400 millions d'euros", 4e8, "EUR"), ("350", 3.5e8, "EUR")]


def test_a_bare_number_counting_a_part_of_something_else_takes_no_unit():
    found = quantities("They pledged $300 million, up from 12 of the 31 members last year.", "en")
    assert [(q.text, q.unit) for q in found][:2] == [("$300 million", "USD"), ("12", "")]


def test_a_bare_number_without_a_comparison_keeps_no_unit():
    found = quantities("The flow fell to 240 cubic meters per second. Another 310 were counted later.", "en")
    assert [(q.text, q.unit) for q in found] == [("240 cubic meters per second", "m3/s"), ("310", "")]


def test_quantities_price_change_is_not_a_range():
    found = quantities("The stock fell $1.125 to $13.625 yesterday.", "en")
    assert [(q.text, q.value) for q in found] == [("$1.125", 1.125), ("$13.625", 13.625)]


def test_quantities_carry_stage_and_article_id():
    art, ex = extract_text("Ils ont perdu 300 hommes en deux jours.", lang="fr")
    assert [(q.stage, q.article_id) for q in ex.quantities] == [(QUANTITIES_STAGE, art.id)]
    assert QUANTITIES_STAGE in ex.stages


def test_quantities_of_a_language_without_data_file_use_cldr_unit_words():
    # no lang/eo/quantities.json: the unit words come from CLDR (qty_cldr), the accusative too
    assert [(q.text, q.value, q.unit) for q in quantities("Ĉi tiu teksto havas 300 kilometrojn kaj pli.", "eo")] == [
        ("300 kilometrojn", 300.0, "km")]


def _as_json(found: list[Quantity]) -> str:
    rows = [{"start": q.start, "end": q.end, "text": q.text, "value": q.value, "unit": q.unit, "low": q.low,
             "high": q.high, "modifier": q.modifier, "vague": q.vague} for q in found]
    return json.dumps(rows, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.txt")), ids=lambda p: p.stem)
def test_quantities_match_golden(path: Path):
    text = path.read_text(encoding="utf-8")
    got = _as_json(quantities(text, path.stem.split("_")[0]))
    expected = path.with_suffix(".json")
    if os.environ.get("STORYLINE_REGEN_GOLDEN"):
        expected.write_text(got, encoding="utf-8")
    assert got == expected.read_text(encoding="utf-8")


_PIECES = list("0123456789 ,.'’%$€-abcdekmnorstu\n") + [
    "milliards", "million", " de ", " of ", "environ ", "up to ", "km", "dizaines", "hundreds", "trois",
    "cents", " à ", " et ", "between ", "d'euros", " mars ", "1er", "14h30", "$2.1bn", "50 000", "9,2"]
_NEWSY = st.lists(st.sampled_from(_PIECES), min_size=10, max_size=60).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_NEWSY, lang=st.sampled_from(["fr", "en"]))
def test_quantities_never_raise_and_keep_the_span_invariant(text, lang):
    try:
        art, ex = extract_text(text, lang=lang)
    except InputError:
        return  # too short once canonicalised: not an article
    for q in ex.quantities:
        assert art.text[q.start:q.end] == q.text
        assert q.text == q.text.strip() and q.text
        assert q.value is not None or (q.low is not None and q.high is not None)


def test_quantities_docstring_examples_run():
    import doctest

    from storyline.extract import qty_grammar
    from storyline.extract import quantities as module

    for mod in (module, qty_grammar):
        result = doctest.testmod(mod)
        assert result.attempted > 0 and result.failed == 0
