"""The surface grammar of quantities, compiled once per language from ``lang/<code>/quantities.json``.

A quantity phrase is ``[modifier] amount [range-separator amount] [unit] [post-modifier]``; an
amount is ``[currency symbol] (digits | number words | vague words | "une trentaine") [scale]``.
Everything language-specific (words, currencies, units, separators) comes from the data file, so
adding a language is a data change. The regex only finds candidates; ``quantities`` interprets
them and drops dates, times, years and identifiers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

LANG_DIR = Path(__file__).resolve().parent / "lang"

# Digits as written in each number convention. French groups thousands with a space or a dot
# (``50 000``, ``50.000``) and writes decimals with a comma (``9,2``); English the other way round.
_DIGITS = {
    ",": r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?(?![\d])|\d+(?:[,.]\d+)?",
    ".": r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|\d+(?:\.\d+)?",
}


@dataclass(frozen=True)
class Grammar:
    """One language's compiled pattern and the lookup tables that interpret its groups."""

    lang: str
    pattern: re.Pattern[str]
    data: dict[str, Any]
    decimal: str
    scales: dict[str, float]
    scale_abbrev: dict[str, float]
    units: dict[str, str]
    currencies: dict[str, str]
    currency_symbols: dict[str, str]
    currency_scaled: dict[str, tuple[str, float]]
    percent: dict[str, str]
    modifiers: dict[str, str]
    post_modifiers: dict[str, str]
    vague_quantifiers: dict[str, tuple[float, float]]
    vague_bases: dict[str, float]
    approx_counts: dict[str, float]
    time_words: frozenset[str]
    months: frozenset[str]
    weekdays: frozenset[str]
    reference_words: frozenset[str]
    connectors: frozenset[str]


def _alt(words: Any) -> str:
    """A regex alternation of ``words``, longest first so ``per cent`` wins over ``per``."""
    items = sorted({w for w in words if w}, key=len, reverse=True)
    if not items:
        return "(?!)"  # nothing: never matches (an empty alternation would match everywhere)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+").replace("'", "['’]") for w in items)


def _flip(table: dict[str, list[str]]) -> dict[str, str]:
    return {w.lower(): kind for kind, words in table.items() for w in words}


def _amount(d: dict[str, Any], n: int) -> str:
    """The regex of one amount; ``n`` suffixes the group names (a phrase holds up to two)."""
    words = _alt(d["number_words"])
    joiners = _alt(d["number_joiners"])
    run = rf"(?:{words})(?:(?:\s+|-)(?:(?:{joiners})(?:\s+|-))?(?:{words}))*"
    scales = _alt(d["scales"])
    vbases = _alt(d["vague_bases"])
    vague = (rf"(?:(?:{_alt(d['vague_quantifiers'])})\s+(?:{vbases}|{scales})|(?:{vbases}))"
             rf"(?:\s+(?:(?:{_alt(d['connectors'])})\s*)?(?:{vbases}|{scales})(?![\w]))*")
    approx = rf"(?:{_alt(d['one_words'])})\s+(?:{_alt(d['approx_counts']) or '(?!)'})"
    one = rf"(?:{_alt(d['one_words'])})\s+(?P<sco{n}>{scales})"
    digits = _DIGITS[d["decimal"]]
    return (
        rf"(?:(?P<cur{n}>{_alt(d['currency_symbols'])})\s?)?"
        rf"(?:(?P<vag{n}>{vague})(?![\w])"
        rf"|(?P<apx{n}>{approx})(?![\w])"
        rf"|(?P<one{n}>{one})(?![\w])"
        rf"|(?:(?P<dig{n}>{digits})|(?P<wrd{n}>{run})(?![\w]))"
        + (rf"(?:\s*(?P<scw{n}>{scales})|(?P<sca{n}>(?!)))?)" if d.get("spaceless")  # 30亿: no space, no word end
           else rf"(?:\s?(?P<sca{n}>{_alt(d['scale_abbrev'])})(?![\w])|\s+(?P<scw{n}>{scales})(?![\w]))?)")
    )


def _pattern(d: dict[str, Any]) -> re.Pattern[str]:
    """The whole phrase: modifier, one amount or a range of two, unit, post-modifier."""
    mods = _alt([w for ws in d["modifiers"].values() for w in ws])
    opens = _alt([a for a, _ in d["range_pairs"]])
    closes = _alt([b for _, b in d["range_pairs"]])
    seps = "|".join(
        rf"\s*{re.escape(s)}\s*" if not s.isalpha() else rf"\s+{re.escape(s)}\s+" for s in d["range_seps"]
    )
    tails = list(d["units"]) + list(d["currency_words"]) + list(d.get("currency_scaled", {}))
    percent = _alt(d["percent"])
    posts = _alt([w for ws in d["post_modifiers"].values() for w in ws])
    conn = _alt(d["connectors"])
    # Chinese and Japanese write no spaces: a figure may follow a word (耗资30亿美元) and its unit
    # or currency runs on into the next one, so only Latin letters, digits and the ordinal 第 bound it
    spaceless = bool(d.get("spaceless"))
    unit_end = "" if spaceless else r"(?![\w'’])"
    edge = r"(?<![0-9A-Za-z/:.,€$£°第])(?<![0-9A-Za-z]-)" if spaceless else r"(?<![\w/:.,€$£°])(?<!\w-)"
    src = (
        edge +
        rf"(?:(?P<mod>{mods})(?:\s+|(?<=['’])))?"
        rf"(?:(?P<ro>{opens})(?:\s+|(?<=['’])){_amount(d, 1)}\s+(?P<rc>{closes})\s+{_amount(d, 2)}"
        rf"|{_amount(d, 3)}(?:(?P<rs>{seps}){_amount(d, 4)})?)"
        rf"(?:(?P<pct>\s?(?:{percent}))(?![\w])"
        rf"|(?:\s*(?P<conn>(?:{conn}))(?:\s+|(?<=['’])))?\s?(?P<unit>{_alt(tails)}){unit_end})?"
        rf"(?:\s+(?P<post>{posts})(?![\w]))?"
    )
    return re.compile(src, re.IGNORECASE)


@lru_cache(maxsize=32)
def grammar(lang: str) -> Grammar | None:
    """The compiled grammar for ``lang`` (its data file, else CLDR's words), or None without either.

    >>> grammar("en").pattern.search("worth $2.1bn today").group()
    '$2.1bn'
    """
    path = LANG_DIR / lang / "quantities.json"
    if path.exists():
        d = json.loads(path.read_text(encoding="utf-8"))
    else:  # other languages: CLDR's decimal sign, scale, currency and unit words (qty_cldr)
        from storyline.extract.qty_cldr import quantity_data

        found = quantity_data(lang)
        if found is None:
            return None
        d = found
    def low(table: dict[str, Any]) -> dict[str, Any]:
        return {k.lower(): v for k, v in table.items()}

    return Grammar(
        lang=lang, pattern=_pattern(d), data=d, decimal=d["decimal"],
        scales=low(d["scales"]), scale_abbrev=low(d["scale_abbrev"]), units=low(d["units"]),
        currencies=low(d["currency_words"]), currency_symbols=d["currency_symbols"],
        currency_scaled={k.lower(): (v[0], float(v[1])) for k, v in d.get("currency_scaled", {}).items()},
        percent=low(d["percent"]), modifiers=_flip(d["modifiers"]), post_modifiers=_flip(d["post_modifiers"]),
        vague_quantifiers={k.lower(): (float(v[0]), float(v[1])) for k, v in d["vague_quantifiers"].items()},
        vague_bases={k.lower(): float(v) for k, v in d["vague_bases"].items()},
        approx_counts={k.lower(): float(v) for k, v in d["approx_counts"].items()},
        time_words=frozenset(w.lower() for w in d["time_words"]),
        months=frozenset(w.lower() for w in d["months"]),
        weekdays=frozenset(w.lower() for w in d["weekdays"]),
        reference_words=frozenset(w.lower() for w in d["reference_words"]),
        connectors=frozenset(w.lower().replace("’", "'") for w in d["connectors"]),
    )


def norm(text: str) -> str:
    """A lookup key: lower case, one space, ASCII apostrophe.

    >>> norm("Près  d’un")
    "près d'un"
    """
    # U+0307: Turkish "İ" lower-cases to "i" + a combining dot, while the regex matched it as "i"
    return " ".join(text.lower().replace("’", "'").replace("\u0307", "").split())
