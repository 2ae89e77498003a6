"""Quantity words of languages without a ``lang/<code>/quantities.json``, from CLDR (Babel).

French and English have hand-written quantity data (modifiers such as ``up to`` / ``jusqu'à``,
vague amounts, number words). For every other language, CLDR already holds what a figure needs
to be read: the decimal sign (``9,2`` in German), the scale words (``Milliarden``, ``millones``,
``миллиардов``), currency names and symbols, unit names (``Kilometer``, ``kilómetros``,
``километров``), ``percent`` and duration words. This module turns them into the same data shape
as a ``quantities.json``, so ``qty_grammar`` compiles it like any other language and the
quantities extractor reads ``10.000 Soldaten`` -> 10000 and ``61.000 millones de dólares`` ->
6.1e10 USD. Modifiers (``bis zu``), vague amounts and spelled-out numbers are not in CLDR and
stay unread: the figure is found without them.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

SPACELESS = frozenset({"zh", "ja", "yue"})  # scripts written without spaces between words (qty_grammar)
# CLDR unit keys -> the unit storyline stores (as in the French and English data files)
UNITS = {
    "length-kilometer": "km", "length-meter": "m", "length-centimeter": "cm", "length-mile": "mi",
    "mass-kilogram": "kg", "mass-gram": "g", "mass-tonne": "t", "volume-liter": "l",
    "area-square-kilometer": "km2", "area-hectare": "ha", "speed-kilometer-per-hour": "km/h",
    "temperature-celsius": "°C", "energy-kilowatt-hour": "kWh", "power-megawatt": "MW",
}
DURATIONS = ("duration-second", "duration-minute", "duration-hour", "duration-day", "duration-week",
             "duration-month", "duration-year", "duration-decade", "duration-century")
CURRENCIES = ("USD", "EUR", "GBP", "JPY", "CNY", "RUB", "UAH", "CHF", "INR", "TRY", "PLN", "BRL")
# Case endings that inflect a unit or currency word in Latin-script languages whose CLDR data lists
# only the nominative (German ``Kilometern``, ``Dollars``); Slavic plural forms are in CLDR itself.
_LATIN_ENDINGS = ("n", "en", "s", "e", "es")
# "of" between a scale and its currency in Romance languages (``61.000 millones de dólares``)
_CONNECTORS = ("de", "di", "d'", "da", "do", "del")


def quantity_data(lang: str) -> dict[str, Any] | None:
    """A ``quantities.json``-shaped dict for ``lang`` from CLDR, or None when Babel lacks it.

    >>> d = quantity_data("de")
    >>> d["decimal"], d["scales"]["milliarden"], d["units"]["kilometern"], d["currency_words"]["dollar"]
    (',', 1000000000.0, 'km', 'USD')
    """
    try:
        from babel import Locale

        loc = Locale.parse(lang)
    except Exception:  # no CLDR data for this code
        return None
    data = loc._data  # Babel's parsed CLDR tables; the public properties do not cover unit patterns
    latin = _latin_script(loc.get_display_name(loc) or "")  # the language names itself Deutsch, not русский
    units: dict[str, str] = {}
    years = _year_words(lang)  # Russian "г" is a gram and the year of "2019 г.": a year there
    for key, unit in UNITS.items():
        for word in _unit_words(data, key) - years:
            units.update({form: unit for form in _forms(word, latin)})
    currency_words: dict[str, str] = {}
    nouns = _currency_nouns(loc, data)
    for code in CURRENCIES:
        names = {loc.currencies.get(code, "")} | set(dict(data["currency_names_plural"].get(code, {})).values())
        for name in filter(None, names):
            words = [w for w in re.split(r"[\s-]+", name.lower()) if w in nouns]
            for word in {name.lower(), *words}:  # US-Dollar -> dollar, dólares estadounidenses -> dólares
                currency_words.update({form: code for form in _forms(word, latin)})
    symbols = {sym: code for code in ("USD", "EUR", "GBP", "JPY") if (sym := loc.currency_symbols.get(code, ""))
               and not sym.isalpha()}
    symbols.update({"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP"})
    # Most languages write the symbol after the figure (``5 Mrd. €``, ``100 zł``, ``300 ₽``): the
    # locale's own symbols also end a figure, as currency words do (not ISO codes such as ``USD``)
    for code in CURRENCIES:
        sym = loc.currency_symbols.get(code, "")
        if sym and sym != code and not (sym.isascii() and sym.isalpha() and sym.isupper()):
            currency_words.setdefault(sym.lower(), code)
    currency_words.update({sym: code for sym, code in symbols.items() if sym not in ("$", "US$")})
    months, weekdays = _calendar_words(lang)
    return {
        "decimal": "," if loc.number_symbols["latn"]["decimal"] == "," else ".",
        "number_words": [], "number_joiners": [], "one_words": [],
        "scales": _scales(data), "scale_abbrev": {},
        "approx_counts": {}, "connectors": list(_CONNECTORS) if latin else [],
        "range_pairs": [], "range_seps": ["-", "–"],
        "modifiers": {}, "post_modifiers": {},
        "currency_symbols": symbols, "currency_words": currency_words,
        "percent": {"%": "%", **{w: "%" for w in _unit_words(data, "concentr-percent")}},
        "units": units,
        "time_words": sorted({f for key in DURATIONS for w in _unit_words(data, key) for f in _forms(w, latin)}),
        "months": months, "weekdays": weekdays, "reference_words": [],
        "vague_quantifiers": {}, "vague_bases": {}, "currency_scaled": {},
        "spaceless": lang in SPACELESS,
    }


def _latin_script(name: str) -> bool:
    """Every letter of ``name`` is a Latin one (``azərbaycan``, ``ʻŌlelo Hawaiʻi``, not ``ქართული``;
    modifier letters such as the ʻokina belong to no script)."""
    return all("LATIN" in unicodedata.name(c, "") for c in name if c.isalpha() and unicodedata.category(c) != "Lm")


def _currency_nouns(loc: Any, data: Any) -> set[str]:
    """The words that name a kind of money in the language: those shared by two or more currency
    names (``dólar`` in ``dólar estadounidense`` and ``dólar canadiense``, German ``Dollar``), and
    the English ones it borrows (``euro``, ``yen``); a name's adjective (``estadounidense``) is not."""
    count: dict[str, int] = {}
    for code, name in loc.currencies.items():
        plural = set(dict(data["currency_names_plural"].get(code, {})).values())
        for word in {w for n in {name, *plural} for w in re.split(r"[\s-]+", n.lower()) if len(w) >= 3}:
            count[word] = count.get(word, 0) + 1
    return {w for w, n in count.items() if n >= 2} | {"euro", "euros", "yen", "yuan", "dollar", "dollars"}


def _unit_words(data: Any, key: str) -> set[str]:
    """The words of a CLDR unit pattern in every plural form and length (``{0} Kilometer`` -> Kilometer)."""
    patterns = data["unit_patterns"].get(key, {})
    words = set()
    for length in ("long", "short"):
        for form, pattern in dict(patterns.get(length, {})).items():
            if form == "per" or "{0}" not in str(pattern):
                continue
            word = " ".join(str(pattern).replace("{0}", " ").split()).strip(" .")
            if word and not re.search(r"\d", word):
                words.add(word.lower())
    return words


def _forms(word: str, latin: bool) -> set[str]:
    forms = {word}
    if latin and word.isalpha() and len(word) > 3:
        forms |= {word + e for e in _LATIN_ENDINGS}
    return forms


def _scales(data: Any) -> dict[str, float]:
    """``Milliarden``, ``Mrd.`` -> 1e9 from CLDR's compact number patterns (``0 Milliarden``, ``0 Mrd.``)."""
    scales: dict[str, float] = {}
    compact = data["compact_decimal_formats"]
    for mags in [*dict(compact.get("long", {})).values(), *dict(compact.get("short", {})).values()]:
        for magnitude, pattern in dict(mags).items():
            text = getattr(pattern, "pattern", str(pattern))
            zeros = len(re.findall(r"0", text))
            word = " ".join(text.replace("0", " ").replace("'", "").split()).strip()
            if zeros and word and int(magnitude) >= 1000:
                scales.setdefault(word.lower(), float(int(magnitude) // 10 ** (zeros - 1)))
    return scales


def _year_words(lang: str) -> set[str]:
    """dateparser's words for "year" in ``lang`` (``год``, ``г``), folded."""
    try:
        from dateparser.languages.loader import default_loader

        return {w.casefold().rstrip(".") for w in default_loader.get_locale(lang).info.get("year", [])}
    except Exception:  # dateparser has no data for this code
        return set()


def _calendar_words(lang: str) -> tuple[list[str], list[str]]:
    from storyline.extract.times_lexicon import lexicon

    lex = lexicon(lang)
    return (sorted(lex.months), sorted(lex.weekdays)) if lex else ([], [])
