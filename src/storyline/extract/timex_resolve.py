"""Turn the named pieces of a matched time expression into a TimeML type and value.

The grammar (timex_grammar) says *what* was matched (``day``, ``month``, ``past_mod``, ``unit``...);
this module decides *when* that is: absolute dates are read as they are, relative and
underspecified ones are anchored on the publication date (``dct``) in the direction given by an
explicit modifier (``dernier``, ``next``) or, failing that, by the tense of the governing verb.
Clock times anchor on the last day the article mentioned (``lundi ... à 13 h 30``), as in news
"the meeting on Monday starts at 13:30". Without a publication date the value keeps ``X`` where
the anchor would have been (``XXXX-03-12``): never an invented year.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.extract import timex_calendar as cal
from storyline.extract.timex_grammar import Grammar

PAST, PRESENT, FUTURE = cal.PAST, cal.PRESENT, cal.FUTURE
_ROMAN = {"I": 1, "V": 5, "X": 10}


@dataclass(frozen=True, slots=True)
class Anchor:
    """What a relative expression is resolved against: the publication date, the last day
    mentioned before it, and a lazy tense lookup (spaCy parse) for its clause."""

    dct: date | None
    ref_day: date | None
    direction: Callable[[], int]
    default_weekday: int  # direction for a bare weekday in a present/verbless clause
    ref_quarter: str | None = None  # last quarter mentioned ("third-quarter profit ... a year ago")
    that_year: int | None = None  # "25 June that year": the year of the last explicit year mentioned
    narrative: date | None = None  # an explicit earlier-year day just before ("on 14 February 2013 ...")
    # the clause's PRESENT is the text's own "nearest side" (timex_tense.Side), not a missing tense
    nearest: Callable[[], bool] = lambda: False


@dataclass(frozen=True, slots=True)
class Resolved:
    type: str
    value: str
    anchored: bool
    day: date | None = None  # the day this expression names, if any (the next clock time's anchor)


def resolve(kind: str, g: dict[str, str], gram: Grammar, anchor: Anchor) -> Resolved | None:
    """The TimeML reading of a match, or None when the match is not a time expression after all."""
    handler = {"date": _date, "time": _time, "duration": _duration, "set": _set, "ref": _ref}[kind]
    return handler(g, gram, anchor)


def _num(surface: str | None, gram: Grammar) -> float | str | None:
    if surface is None:
        return None
    word = gram.meaning("number", surface)
    if word is not None:
        return word
    try:
        return float(surface.replace(",", ".").replace(" ", "")) if "," in surface and len(surface) < 5 \
            else float(surface.replace(",", ""))
    except ValueError:
        return None


def _mod(g: dict[str, str]) -> int | None:
    """Explicit direction: past_mod (dernier, last), future_mod (prochain, next), this (ce, this)."""
    if "past_mod" in g:
        return PAST
    if "future_mod" in g:
        return FUTURE
    if "this_det" in g:
        return PRESENT
    return None


def _date(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved | None:
    for piece, fn in _DATE_HANDLERS:
        if all(p in g for p in piece):
            return fn(g, gram, a)
    return None


def _with_pod(value: str, g: dict[str, str], gram: Grammar) -> tuple[str, str]:
    pod = gram.meaning("part_of_day", g["pod"]) if "pod" in g else None
    return (f"{value}T{pod}", "TIME") if pod else (value, "DATE")


def _year_of(g: dict[str, str], a: Anchor) -> int | None:
    y = g.get("year") or g.get("year2")
    if y is None:
        shift = 0 if "ry_this" in g else -1 if "ry_last" in g else 1 if "ry_next" in g else None
        return a.dct.year + shift if shift is not None and a.dct else None
    return int(y) if len(y) == 4 else cal.two_digit_year(int(y), a.dct)


def _month_of(g: dict[str, str], gram: Grammar) -> int:
    if "month_abbr" in g:  # `Jan 25`: only beside a day (see lang/en/times.json)
        return int(gram.meaning("month_abbr", g["month_abbr"]))
    return int(g["monthnum"]) if "monthnum" in g else int(gram.meaning("month", g["month"]))


def _day_month(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved | None:
    month, day = _month_of(g, gram), int(g["day"].lower().replace("er", ""))
    year = _year_of(g, a)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if year is None and a.dct is None:
        value, _ = _with_pod(f"XXXX-{month:02d}-{day:02d}", g, gram)
        return Resolved("DATE", value, False)
    anchored = year is None
    if year is None:
        mod = _mod(g)
        if mod is None and a.that_year is not None:
            year = a.that_year
        elif mod is None and _continues(a, month, day):
            year = a.narrative.year  # type: ignore[union-attr]
        else:
            year = cal.pick_year(a.dct, month, day, mod if mod is not None else a.direction(), mod is not None)  # type: ignore[arg-type]
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    value, typ = _with_pod(d.isoformat(), g, gram)
    return Resolved(typ, value, anchored, d)


def _continues(a: Anchor, month: int, day: int) -> bool:
    """Narrative anchoring: a year-less day in a past clause just after an explicit day of an
    earlier year, and not before it in that year, continues that account ("killed on 14
    February 2013 ... On 15 February the cord was not there") instead of taking the report's
    year. ``a.narrative`` is set only when that day is close (same or previous sentence) and
    of a year before the publication date."""
    n = a.narrative
    return n is not None and (month, day) >= (n.month, n.day) and a.direction() == PAST


def _month(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved:
    month = _month_of(g, gram)
    year = _year_of(g, a)
    if year is not None:
        return Resolved("DATE", f"{year:04d}-{month:02d}", False)
    if a.dct is None:
        return Resolved("DATE", f"XXXX-{month:02d}", False)
    mod = _mod(g)
    if mod is None and a.that_year is not None:  # "in June that year"
        return Resolved("DATE", f"{a.that_year:04d}-{month:02d}", True)
    year = cal.pick_year(a.dct, month, None, mod if mod is not None else a.direction(), mod is not None)
    return Resolved("DATE", f"{year:04d}-{month:02d}", True)


def _weekday(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved:
    wd = int(gram.meaning("weekday", g["weekday"]))
    if a.dct is None:
        value, typ = _with_pod(f"XXXX-WXX-{wd}", g, gram)
        return Resolved(typ, value, False)
    mod = _mod(g)
    if mod is None:  # a present or verbless clause leaves the side to the language's default
        mod = a.direction() or (PRESENT if a.nearest() else a.default_weekday)
        d = cal.weekday_date(a.dct, wd, mod)
    else:
        d = cal.weekday_date(a.dct, wd, mod, strict=mod != PRESENT)
    if gram.options.get("pod_after_weekday", True):
        value, typ = _with_pod(d.isoformat(), g, gram)
        return Resolved(typ, value, True, d)
    return Resolved("DATE", d.isoformat(), True, d)


def _weekday_day(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved:
    """A weekday with a day of the month and no month (``Monday 20 and Tuesday 21``, ``lundi
    20``): the day that weekday falls on in the report's month, or the month before or after
    (the nearest if two do); the weekday alone was read before the report. A number that falls
    on no such day leaves the weekday's own reading."""
    n = int(g["dom"].lower().replace("er", ""))
    if a.dct is None:
        return Resolved("DATE", f"XXXX-XX-{n:02d}", False)
    wd = int(gram.meaning("weekday", g["weekday"]))
    first = a.dct.replace(day=1)
    months = [(first - timedelta(days=1)).replace(day=1), first, (first + timedelta(days=31)).replace(day=1)]
    days = [m.replace(day=n) for m in months if n <= calendar.monthrange(m.year, m.month)[1]]
    days = [d for d in days if d.isoweekday() == wd]
    if not days:
        return _weekday({"weekday": g["weekday"]}, gram, a)
    d = min(days, key=lambda d: abs(d - a.dct))  # type: ignore[operator]
    return Resolved("DATE", d.isoformat(), True, d)


def _deictic(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved:
    offset = int(gram.meaning("deictic", g["deictic"]))
    if a.dct is None:
        value, typ = _with_pod("XXXX-XX-XX", g, gram)
        return Resolved(typ, value, False)
    d = a.dct + timedelta(days=offset)
    value, typ = _with_pod(d.isoformat(), g, gram)
    return Resolved(typ, value, True, d)


def _this_pod(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved:
    """``ce soir``, ``this morning`` (today), ``last night`` (yesterday)."""
    if a.dct is None:
        value, typ = _with_pod("XXXX-XX-XX", g, gram)
        return Resolved(typ, value, False)
    d = a.dct - timedelta(days=1) if "past_mod" in g else a.dct
    value, typ = _with_pod(d.isoformat(), g, gram)
    return Resolved(typ, value, True, d)


def _year_only(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved:
    return Resolved("DATE", f"{_year_of(g, a):04d}", False)


def _cal_unit(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved:
    """``cette année``, ``le mois dernier``, ``next week``, ``la fin de l'année``, ``earlier this month``."""
    unit = str(gram.meaning("calendar_unit", g["cal_unit"]))
    year = _year_of(g, a)
    if year is not None:
        return Resolved("DATE", f"{year:04d}", False)
    if a.dct is None:
        return Resolved("DATE", cal.unresolved(unit)[0], False)
    n = {PAST: -1, FUTURE: 1}.get(_mod(g) or PRESENT, 0)
    value, _ = cal.shift(a.dct, unit, n)
    return Resolved("DATE", value, True, a.dct if unit == "D" else None)


def _season(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved:
    code = str(gram.meaning("season", g.get("season") or g["season2"]))
    year = _year_of(g, a)
    if year is not None:
        return Resolved("DATE", f"{year:04d}-{code}", False)
    if a.dct is None:
        return Resolved("DATE", f"XXXX-{code}", False)
    mod = _mod(g)
    if mod == FUTURE:  # "next winter": the first one to begin after the report (in June: December's)
        return Resolved("DATE", f"{a.dct.year + (0 if _season_after(code, a.dct) else 1):04d}-{code}", True)
    # ``YYYY-WI`` is the winter that begins in December of YYYY: in January and February the
    # winter under way is last year's ("this winter" in a January report)
    year = a.dct.year - (1 if code == "WI" and a.dct.month <= 2 else 0)
    if mod == PAST:  # "last spring": last year's, as TimeBank reads it ("last spring" in November 1989: 1988)
        return Resolved("DATE", f"{year - 1:04d}-{code}", True)
    started = not _season_after(code, a.dct) or year < a.dct.year
    if mod is None:  # "l'été" in a past clause: last summer if this one has not begun yet
        direction = a.direction()
        year += -1 if direction == PAST and not started else 1 if direction == FUTURE and started else 0
    elif not started and a.direction() == PAST:  # "this winter has been mild" in March: the one just over
        year -= 1
    return Resolved("DATE", f"{year:04d}-{code}", True)


_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # meteorological seasons: 1st of the month


def _season_after(code: str, d: date) -> bool:
    """Whether this year's ``code`` season has not begun by ``d``."""
    return _SEASON_START[code] > d.month


def _quarter(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved:
    q = int(gram.meaning("ordinal", g["quarter"]))
    year = _year_of(g, a)
    anchored = year is None
    if year is None and a.dct is None:
        return Resolved("DATE", f"XXXX-Q{q}", False)
    if year is None:
        current = (a.dct.month - 1) // 3 + 1  # type: ignore[union-attr]
        # Reported quarters are past ones: a quarter after the current one is last year's.
        year = a.dct.year - (1 if q > current and a.direction() != FUTURE else 0)  # type: ignore[union-attr]
    return Resolved("DATE", f"{year:04d}-Q{q}", anchored)


def _latest_quarter(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved:
    """``the (latest) quarter``, ``the year-ago period``: in business news, the quarter just
    reported, i.e. the one before the publication date's (a year back for ``year-ago``)."""
    year = _year_of(g, a)
    if a.dct is None:
        return Resolved("DATE", f"{year:04d}-QX" if year else "XXXX-QX", False)
    if year is not None:  # "the 1988 quarter": the quarter under discussion, in 1988
        return Resolved("DATE", f"{year:04d}-{cal.shift(a.dct, 'Q', -1)[0][-2:]}", True)
    back = -5 if "year_ago" in g else -1
    if "year_ago" in g and "anaphor" not in g:
        return Resolved("DATE", f"{a.dct.year - 1:04d}", True)
    return Resolved("DATE", cal.shift(a.dct, "Q", back)[0], True)


def _weekend(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved:
    """``the weekend``: the one just past in a past clause, else the coming (or current) one;
    ``last``/``next weekend`` the one before/after that."""
    if a.dct is None:
        return Resolved("DATE", "XXXX-WXX-WE", False)
    on_weekend = a.dct.isoweekday() >= 6
    if "past_mod" in g:
        n = -1
    elif "future_mod" in g:
        n = 0 if not on_weekend else 1
    else:
        n = -1 if a.direction() == PAST and not on_weekend else 0
    return Resolved("DATE", cal.shift(a.dct, "WE", n)[0], True)


def _this_year(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved:
    return Resolved("DATE", f"{a.dct.year:04d}", True) if a.dct else Resolved("DATE", "XXXX", False)


def _half(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved:
    h = 1 if g["half"].lower() == "first" else 2
    year = _year_of(g, a) or (a.dct.year if a.dct else None)
    return Resolved("DATE", f"{year:04d}-H{h}" if year else f"XXXX-H{h}", _year_of(g, a) is None)


def _offset(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved | None:
    """``il y a trois jours``, ``two years ago``, ``dans deux semaines``: the publication date moved."""
    future = "future_unit" in g
    unit = str(gram.meaning("unit", g["future_unit"] if future else g["unit"]))
    n = _num(g["num"], gram)
    if isinstance(n, str) or n is None or a.dct is None:
        return Resolved("DATE", "FUTURE_REF" if future else "PAST_REF", False)
    if unit in ("H", "TM", "S"):
        return Resolved("DATE", "FUTURE_REF" if future else "PAST_REF", False)
    if unit == "Y" and not future and a.ref_quarter:  # "profit rose from a year ago": that quarter, a year back
        year, q = a.ref_quarter.split("-Q")
        return Resolved("DATE", f"{int(year) - int(n):04d}-Q{q}", True)
    value, _ = cal.shift(a.dct, unit, int(n) * (1 if future else -1))
    return Resolved("DATE", value, True,
                    a.dct + timedelta(days=int(n) * (1 if future else -1)) if unit == "D" else None)


def _decade(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved:
    d = g["decade"] if "decade" in g else str(gram.meaning("decade_word", g["decade_word"])) + "0"
    if len(d) == 2:
        century = "19" if a.dct is None or int(d) > a.dct.year % 100 else str(a.dct.year // 100)
        d = century + d
    fmt = str(gram.options.get("decade_format", "{d}"))
    return Resolved("DATE", fmt.format(d=d[:3]), False)


def _century(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved | None:
    if "century_ord" in g:
        n = int(g["century_ord"])
    else:
        roman = [_ROMAN.get(c, 0) for c in g["century"].upper()]
        n = sum(-v if i + 1 < len(roman) and v < roman[i + 1] else v for i, v in enumerate(roman))
    fmt = str(gram.options.get("century_format", "{c:02d}"))
    return Resolved("DATE", fmt.format(c=n - 1), False) if 0 < n < 22 else None


_HOLIDAY = re.compile(r"^(\d{2})-(\d{2})(?:>([1-7]))?(?:%([2-9]))?$")


def _named_day(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved | None:
    """A holiday (``named_day`` in times.json): ``MM-DD`` a fixed day, ``MM-DD>W`` the first ISO
    weekday ``W`` on or after ``MM-DD`` (Thanksgiving ``11-22>4``), ``...%N`` a day held mainly
    in the years divisible by N (``_cyclic_day``). Without a year it is placed as a year-less
    day: ``last``/``previous Christmas`` the latest strictly before the report, ``next
    Christmas`` the first strictly after it, otherwise by the clause's tense; ``this Christmas``
    is the report year's (the nearest one in June would be last December's)."""
    rule = _HOLIDAY.match(str(gram.meaning("named_day", g["named_day"])))
    if rule is None:
        return None
    month, day = int(rule.group(1)), int(rule.group(2))
    weekday = int(rule.group(3)) if rule.group(3) else None
    if rule.group(4):
        return _cyclic_day(g, a, (month, day, weekday), int(rule.group(4)))
    if "this_det" in g and "year" not in g and a.dct is not None:
        d = _holiday_in(a.dct.year, month, day, weekday)
        return Resolved("DATE", d.isoformat(), True, d)
    fixed = _day_month({**g, "monthnum": str(month), "day": str(day)}, gram, a)
    if weekday is None or fixed is None:
        return fixed
    if fixed.day is None:  # no anchor: the month is known, not the day
        return Resolved("DATE", f"{fixed.value[:8]}XX", False)
    # a moving holiday: the year its earliest possible day would take, then its day in that year
    d = _holiday_in(fixed.day.year, month, day, weekday)
    mod = _mod(g)
    if a.dct is not None and fixed.anchored and mod in (PAST, FUTURE):
        if (d >= a.dct) if mod == PAST else (d <= a.dct):  # "last Thanksgiving" in the days before it
            d = _holiday_in(d.year + mod, month, day, weekday)
    return Resolved("DATE", d.isoformat(), fixed.anchored, d)


def _cyclic_day(g: dict[str, str], a: Anchor, rule: tuple[int, int, int | None], cycle: int) -> Resolved | None:
    """A day held every year but mainly in the years divisible by ``cycle``: US ``Election Day``
    (``11-02>2%2``, the Tuesday after the first Monday of November; federal elections in even
    years, state and local ones in odd years too). The year must be known: written (``Election
    Day 2016``, ``that year``), or the report's own when it is a main year (``this Election
    Day``; a present or verbless clause), or the nearest such day on the side the modifier or
    tense points to, if that falls in a main year (``until Election Day`` in a Wednesday of
    October 2024, ``turnout on Election Day was high`` in March 2025). An odd-year report with
    no side, or a side whose nearest day falls in an odd year, leaves it without a value (None):
    the Marco_Rubio dev timeline read a 2015 campaign's ``Election Day`` as November 2015."""
    month, day, weekday = rule
    year = int(g["year"]) if "year" in g else a.that_year if _mod(g) is None else None
    if year is None and a.dct is None:
        return None
    anchored = year is None
    if year is None:
        year = _side_year(a.dct, lambda y: _holiday_in(y, month, day, weekday), g, a)  # type: ignore[arg-type]
        if year % cycle:
            return None
    d = _holiday_in(year, month, day, weekday)
    return Resolved("DATE", d.isoformat(), anchored, d)


def _side_year(dct: date, day_in: Callable[[int], date], g: dict[str, str], a: Anchor) -> int:
    """The year of the nearest yearly day on the side ``last``/``next`` or the tense points to
    (not the report's day itself after ``last``/``next``); the report's year when neither does."""
    side = _mod(g) if _mod(g) is not None else a.direction()
    strict = "past_mod" in g or "future_mod" in g
    if side == PAST:
        return max(y for y in (dct.year - 1, dct.year) if day_in(y) < dct or (not strict and day_in(y) == dct))
    if side == FUTURE:
        return min(y for y in (dct.year, dct.year + 1) if day_in(y) > dct or (not strict and day_in(y) == dct))
    return dct.year


def _holiday_in(year: int, month: int, day: int, weekday: int | None) -> date:
    first = date(year, month, day)
    return first if weekday is None else first + timedelta(days=(weekday - first.isoweekday()) % 7)


_DATE_HANDLERS: list[tuple[tuple[str, ...], Callable[[dict[str, str], Grammar, Anchor], Resolved | None]]] = [
    (("named_day",), _named_day),
    (("day",), _day_month),
    (("month",), _month),
    (("weekday", "dom"), _weekday_day),
    (("weekday",), _weekday),
    (("deictic",), _deictic),
    (("season",), _season),
    (("season2",), _season),
    (("quarter",), _quarter),
    (("anaphor",), _latest_quarter),
    (("year_ago",), _latest_quarter),
    (("this_year",), _this_year),
    (("half",), _half),
    (("cal_unit",), _cal_unit),
    (("num",), _offset),
    (("decade",), _decade),
    (("decade_word",), _decade),
    (("weekend",), _weekend),
    (("century",), _century),
    (("century_ord",), _century),
    (("pod",), _this_pod),
    (("year",), _year_only),
]


def _time(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved | None:
    if "clock_word" in g:
        hour, minute = (12, 0) if g["clock_word"].lower() in ("midi", "noon") else (24, 0)
    else:
        hour = int(g["hour"]) if g["hour"].isdigit() else int(gram.meaning("number", g["hour"]) or 0)
        minute = int(g.get("minute") or 0)
        ampm = g.get("ampm", "").lower()
        if ampm.startswith("p") and hour < 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
    day = a.ref_day or a.dct
    if "day" in g:  # "5 p.m. EST Nov. 9"
        named = _day_month(g, gram, a) if a.dct or "year" in g else None
        day = named.day if named else None
    elif "weekday" in g and a.dct is not None:
        day = _weekday(g, gram, a).day
    stem = day.isoformat() if day else "XXXX-XX-XX"
    return Resolved("TIME", f"{stem}T{hour:02d}:{minute:02d}", day is not None)


def _duration(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved | None:
    if "fixed_duration" in g:
        return Resolved("DURATION", str(gram.meaning("fixed_duration", g["fixed_duration"])), False)
    unit_word = g.get("unit") or g.get("unit1")
    unit = gram.meaning("unit", unit_word) if unit_word else None
    if unit is None:
        return None
    n = _num(g.get("num"), gram) if "num" in g else ("X" if "unit" in g else 1)
    if n is None:
        return None
    return Resolved("DURATION", cal.duration(n, str(unit)), False)


def _set(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved | None:
    if "set_word" in g:
        return Resolved("SET", str(gram.meaning("set_word", g["set_word"])), False)
    unit = gram.meaning("unit", g["unit"])
    if unit is None:
        wd = gram.meaning("weekday", g["unit"].rstrip("s"))
        return Resolved("SET", f"XXXX-WXX-{wd}", False) if wd else None
    n = _num(g.get("num"), gram) or 1
    return Resolved("SET", cal.duration(n, str(unit)), False)


def _ref(g: dict[str, str], gram: Grammar, a: Anchor) -> Resolved | None:
    value = gram.meaning("ref", g["ref"])
    return Resolved(gram.ref_type, str(value), False) if value else None
