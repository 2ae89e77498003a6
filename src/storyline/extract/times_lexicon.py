"""Time expressions in languages that have no rule grammar (``lang/<code>/times.json``).

French and English have hand-written grammars (``times.py``). A report in German, Spanish,
Polish, Russian, Arabic, Chinese... would otherwise have no times at all, so no dated timeline
entries and no time evidence for story linking. This reader covers the dates news reports write
most, in any language dateparser knows, from dateparser's own per-language data (month and
weekday names in all their listed forms, today / yesterday / tomorrow and their neighbours):

- a day and a month, with or without a year (``18. November 2024``, ``17 de noviembre``,
  ``18 ноября 2024``, ``November 18``), a month and a year (``marzo de 2024``), a month alone
  after a short word (``im März``), a year (``2024``);
- a weekday after a short word (``am Sonntag``, ``el domingo``, ``в среду``), a relative day
  (``gestern``, ``ayer``, ``вчера``);
- numeric dates in the language's order (``18.11.2024``), ISO dates, and the CJK forms
  (``2024年11月18日``).

dateparser's ``search_dates`` is not used: on the German test text it read ``Die`` as Tuesday and
``mit einer`` as a date, and it invents a day for a month (``marzo de 2024`` -> 2024-03-18). Here
only the spans the patterns find are read, each value is built from its named parts, and the
granularity stays what the text says. Without grammar the tense is unknown, so an expression
without a year takes the occurrence nearest the publication date, looking ahead at most
``FUTURE_MONTHS`` (news mostly reports the past); a weekday is the last such day up to the
publication day. Without a publication date such expressions stay unresolved (``XXXX-11-18``)
or are skipped (weekdays, relative days), as the grammar-based reader does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from storyline.extract.timex_calendar import granularity

FUTURE_MONTHS = 2  # a day or month without a year is read ahead of the report at most this far
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE = re.compile(r"^(?:(\d+) day ago|in (\d+) days?)$")
_CJK = frozenset({"zh", "ja", "ko"})
_SHORT_WORD = r"[^\W\d_]{1,3}"  # am, el, im, w, в, de, del: what goes before a weekday or a month


@dataclass(frozen=True, slots=True)
class Found:
    """One time expression: where it is and its TimeML value."""

    start: int
    end: int
    value: str
    anchored: bool

    @property
    def granularity(self) -> str:
        return granularity(self.value)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One language's patterns, compiled once."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]  # (kind, pattern), longest kinds first
    months: dict[str, int]  # folded form -> month 1-12
    weekdays: dict[str, int]  # folded form -> weekday 0-6
    relative: dict[str, int]  # folded form -> days from the publication date
    day_first: bool
    lang: str = ""


def _prepositional(month: str) -> str:
    """The Russian prepositional of a month's nominative: май -> мае, сентябрь -> сентябре, март -> марте."""
    return (month[:-1] if month[-1] in "ьй" else month) + "е"


def _fold(s: str) -> str:
    return s.casefold().rstrip(".")


@lru_cache(maxsize=32)
def lexicon(lang: str) -> Lexicon | None:
    """The patterns for ``lang`` built from dateparser's data, or None for a language it lacks."""
    try:
        from dateparser.languages.loader import default_loader

        info = default_loader.get_locale(lang).info
    except Exception:  # dateparser has no data for this code
        return None
    months = {_fold(f): i + 1 for i, name in enumerate(_MONTHS) for f in info.get(name, []) if _fold(f)}
    spelled: dict[str, int] = {}  # month names written in full that dateparser does not list
    if lang == "ru":  # dateparser lists the nominative and genitive only: "в мае", "в сентябре"
        for i in set(months.values()):
            nominative = max((f for f, j in months.items() if j == i and f[-1] not in "аея"), key=len, default="")
            if nominative:
                spelled[_prepositional(nominative)] = i
        months.update(spelled)
    weekdays = {_fold(f): i for i, name in enumerate(_WEEKDAYS) for f in info.get(name, []) if len(_fold(f)) >= 4}
    cjk = lang in _CJK
    relative: dict[str, int] = {}
    for key, forms in (info.get("relative-type") or {}).items():
        m = _RELATIVE.match(key)
        if m and int(m.group(1) or m.group(2)) <= 2:
            days = -int(m.group(1)) if m.group(1) else int(m.group(2))
            relative.update({_fold(f): days for f in forms
                             if len(_fold(f)) >= (2 if cjk else 3) and not any(c.isdigit() for c in f)})
    if not months:
        return None
    lb, rb = ("", "") if cjk else (r"(?<!\w)", r"(?!\w)")

    # a month alone must be written in full: four letters or more, or a short month's only name
    # (German ``Mai``, Dutch ``mei``), never an abbreviation that is also a word (Spanish ``mar``)
    longest = {i: max((f for f, j in months.items() if j == i), key=len) for i in set(months.values())}
    full = [f for f, i in months.items() if len(f) >= 4 or len(f) == 3 and f == longest[i] or f in spelled]
    abbreviations = {f for f, i in months.items() if f != longest[i] and len(f) <= 4}

    def alt(forms) -> str:
        kept = sorted(forms, key=len, reverse=True)  # an abbreviation may take its stop (``Nov.``)
        return "|".join(re.escape(f) + (r"\.?" if f in abbreviations and not cjk else "") for f in kept)

    month_any, month_long, wd = alt(months), alt(full), alt(weekdays)
    year = r"(?P<year>1[89]\d\d|20\d\d)"
    day = r"(?P<day>[12]\d|3[01]|0?[1-9])"
    pats: list[tuple[str, str]] = [
        ("iso", r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)"),
        ("cjk", r"(?:(?P<year>\d{4})\s*[年년]\s*)?(?P<month>1[0-2]|0?[1-9])\s*[月월]\s*"
                r"(?:(?P<day>[12]\d|3[01]|0?[1-9])\s*[日일号])?"),
        ("cjk_year", r"(?<!\d)(?P<year>1[89]\d\d|20\d\d)\s*[年년](?!\s*\d{1,2}\s*[月월])"),
        ("numeric", rf"(?<![\d.,/])(?P<a>\d{{1,2}})[./](?P<b>\d{{1,2}})[./]{year}(?![\d.,/]\d)"),
    ]
    if not cjk:
        pats += [
            ("day_month", rf"{lb}{day}(?:\.|º|ª|-?(?:го|е|er|th|st|nd|rd))?\s*(?:{_SHORT_WORD}\s+)?"
                          rf"(?P<month>{month_any}){rb}(?:\s*,?\s*(?:{_SHORT_WORD}\s+)?{year}(?!\d))?"),
            ("month_day", rf"{lb}(?P<month>{month_any})\s+{day}(?:st|nd|rd|th|\.)?{rb}(?:\s*,\s*{year}(?!\d))?"),
            ("month_year", rf"{lb}(?P<month>{month_any})\s*,?\s*(?:{_SHORT_WORD}\s+)?{year}(?!\d)"),
            # not the first part of a hyphenated name: Russian "в Сент-Луисе" (in St. Louis) is no September
            ("month", rf"(?<!\w){_SHORT_WORD}\s+(?P<month>{month_long}){rb}(?!-\w)"),
        ]
        if wd:
            pats.append(("weekday", rf"(?<!\w){_SHORT_WORD}\s+(?P<weekday>{wd}){rb}"))
        pats.append(("year", rf"(?<![\d.,/-]){year}(?![\d%]|[.,]\d|-\d)"))
    if relative:
        pats.append(("relative", lb + "(?P<rel>" + alt(relative) + ")" + rb))
    # a numeric date with the year last is month first only where the language writes MDY (US,
    # Philippines); a year-first language (Swedish, Hungarian, Chinese) writing it so means DMY
    order = str(info.get("date_order", "DMY"))
    return Lexicon(tuple((k, re.compile(p, re.IGNORECASE)) for k, p in pats), months, weekdays, relative,
                   day_first=order != "MDY", lang=lang)


def find_times(text: str, lang: str, published: date | None) -> list[Found]:
    """Time expressions of ``text`` in text order, the longest where two overlap.

    >>> from datetime import date
    >>> text = "Am Sonntag, dem 17. November 2024, und im März sagte er es gestern."
    >>> [(text[f.start:f.end], f.value) for f in find_times(text, "de", date(2024, 11, 18))]
    [('Sonntag, dem 17. November 2024', '2024-11-17'), ('März', '2024-03'), ('gestern', '2024-11-17')]
    """
    lex = lexicon(lang)
    if lex is None:
        return []
    found: list[Found] = []
    for kind, pattern in lex.patterns:
        for m in pattern.finditer(text):
            f = _read(kind, m, lex, published)
            if f is not None:
                found.append(f)
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    out: list[Found] = []
    for f in found:
        if out and f.start < out[-1].end:
            continue  # inside or across a longer one found first
        if out and _weekday_of(out[-1], f, text, lex):
            out[-1] = Found(out[-1].start, f.end, f.value, f.anchored)
            continue
        out.append(f)
    return out


_WEEKDAY_GAP = re.compile(rf"\s*,?\s*(?:{_SHORT_WORD}\s+)?")  # "Freitag, den" / "viernes" / "piątek,"


def _weekday_of(weekday: Found, day: Found, text: str, lex: Lexicon) -> bool:
    """``Freitag, den 13. März`` / ``el viernes 13 de marzo``: a weekday right before a written day
    names that day; both are one expression with the day's value (the weekday read alone is the
    last such day before the report: another date when the day is not in the report's week)."""
    return (_fold(text[weekday.start:weekday.end]) in lex.weekdays and len(day.value) == 10
            and any(c.isdigit() for c in text[day.start:day.end])
            and _WEEKDAY_GAP.fullmatch(text, weekday.end, day.start) is not None)


def _read(kind: str, m: re.Match[str], lex: Lexicon, published: date | None) -> Found | None:
    g = {k: v for k, v in m.groupdict().items() if v}
    start, end = m.span()
    if kind in ("month", "weekday"):  # the short word before is a signal (am, en, в), outside
        start = m.start(kind)
    if kind == "weekday":
        if published is None:
            return None
        back = (published.weekday() - lex.weekdays[_fold(g["weekday"])]) % 7
        return Found(start, end, (published - timedelta(days=back)).isoformat(), True)
    if kind == "relative":
        if published is None or _noun_use(m, lex):
            return None
        return Found(start, end, (published + timedelta(days=lex.relative[_fold(g["rel"])])).isoformat(), True)
    if kind in ("year", "cjk_year"):
        return Found(start, end, g["year"], False)
    if kind == "numeric":
        a, b = int(g["a"]), int(g["b"])
        d, mo = (a, b) if lex.day_first else (b, a)
        g = {"year": g["year"], "month": str(mo), "day": str(d)}
    month = int(g["month"]) if g["month"].isdigit() else lex.months.get(_fold(g["month"]))
    if month is None:
        return None
    day_ = int(g["day"]) if "day" in g else None
    tail = f"-{month:02d}" + (f"-{day_:02d}" if day_ else "")
    if "year" in g:
        year = int(g["year"])
        return Found(start, end, f"{year:04d}{tail}", False) if _valid(year, month, day_ or 1) else None
    if published is None:
        return Found(start, end, f"XXXX{tail}", False)
    near = _nearest_year(month, day_ or 1, published)
    return Found(start, end, f"{near:04d}{tail}", True) if near is not None else None


# Languages whose word for tomorrow is also the noun morning, and what marks the noun there:
# German capitalises it (``am Morgen``, ``heute Morgen``), Spanish and Dutch put an article first
# (``esta mañana``, ``por la mañana``, ``deze morgen``)
NOUN_CAPITALISING = frozenset({"de", "lb"})  # languages that capitalise common nouns (entities_lexicon too)
_ARTICLES = {"es": frozenset({"la", "esta", "esa", "una", "cada", "misma", "toda", "media"}),
             "nl": frozenset({"de", "deze", "die", "een", "elke"})}


def _noun_use(m: re.Match[str], lex: Lexicon) -> bool:
    """A relative day word used as a noun (``am Morgen``: in the morning, not tomorrow)."""
    text, start = m.string, m.start("rel")
    before = text[max(0, start - 30):start].rstrip()
    if lex.lang in NOUN_CAPITALISING and text[start].isupper() and before and (before[-1].isalnum()
                                                                                  or before[-1] == ","):
        return True  # capitalised inside a sentence
    words = before.split()
    return bool(words) and words[-1].casefold() in _ARTICLES.get(lex.lang, ())


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _nearest_year(month: int, day: int, published: date) -> int | None:
    """The year that puts ``month``/``day`` in the past year, or at most ``FUTURE_MONTHS`` ahead."""
    for year in (published.year + 1, published.year, published.year - 1):
        if not _valid(year, month, day):
            continue
        ahead = (year - published.year) * 12 + month - published.month
        if date(year, month, day) <= published or ahead <= FUTURE_MONTHS:
            return year
    return None
