"""Time values of a timeline as a reader sees them: their order and their labels.

A TimeML value carries its granularity (``2024-04`` is a month, ``2024-W25`` a week, ``201X`` a
decade), and a timeline must keep it: ``April 2024`` sorts before the days of April but is never
shown or sorted as ``1 April 2024``. Pure functions of a value, no entries: the timeline
(``timeline``), its ranking (``timeline_rank``) and the renderers share them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from storyline.extract.events import granularity_of

# Season -> (month, day it starts in the northern hemisphere, name), as the time extractor reads
# seasons (``timex_resolve._season_after``): meteorological ones, from the 1st of March, June,
# September and December, so ``this summer`` in a 15 June report is the summer under way. ``2024-WI``
# is the winter that starts in December 2024 (``winter 2024-25`` -> ``2024-WI``), not January 2024.
_SEASONS = {"SP": (3, 1, "spring"), "SU": (6, 1, "summer"), "FA": (9, 1, "autumn"), "WI": (12, 1, "winter")}
_GRAN_RANK = {"century": 0, "decade": 1, "year": 2, "half": 3, "quarter": 4, "season": 4, "month": 5,
              "week": 6, "day": 7, "time": 8, "none": 9}


def sort_key(value: str, granularity: str = "none") -> tuple[int, int, int, int]:
    """(year, month, day, rank): a month sorts before its days, never as its 1st day; a week or a
    season sorts at the day it starts (a week after the days before it, not with its month's
    start; a season after its first month's heading, before that month's 1st day); a decade or a
    century sorts before its first year, not after every dated value.

    >>> sort_key("2024-04", "month") < sort_key("2024-04-01", "day") < sort_key("2024-05", "month")
    True
    >>> sort_key("2025-06-10") < sort_key("2025-W25") < sort_key("2025-06-17")  # week 25: 16-22 June
    True
    >>> sort_key("2025-06", "month") < sort_key("2025-SU") < sort_key("2025-06-01") < sort_key("2025-07", "month")
    True
    >>> sort_key("2024-11-30") < sort_key("2024-WI") < sort_key("2024-12-01") < sort_key("2025", "year")  # 2024/25
    True
    >>> sort_key("1999") < sort_key("20XX") < sort_key("2019") < sort_key("202X") < sort_key("2020") < sort_key("2021")
    True
    """
    gran = granularity if granularity != "none" else granularity_of(value)
    coarse = re.match(r"^(\d{2})(\d|X)X$", value)  # a decade (``201X``) or a century (``19XX``)
    if coarse:
        decade = coarse.group(2) != "X"
        year = int(coarse.group(1)) * 100 + (int(coarse.group(2)) * 10 if decade else 0)
        return (year, 0, 0, _GRAN_RANK["decade" if decade else "century"])
    m = re.match(r"^(\d{4})(?:-(\d{2}|Q([1-4])|W(\d{2})|(SP|SU|FA|WI)|H([12])))?(?:-(\d{2}))?", value)
    if not m:
        return (9999, 99, 99, 99)
    year = int(m.group(1))
    month, day = 0, 0
    if m.group(2) and m.group(2).isdigit():
        month = int(m.group(2))
    elif m.group(3):
        month = 3 * int(m.group(3)) - 2
    elif m.group(4):
        monday = _week_start(year, int(m.group(4)))
        year, month, day = monday.year, monday.month, monday.day
    elif m.group(5):
        month, day = _SEASONS[m.group(5)][:2]
    elif m.group(6):
        month = 1 if m.group(6) == "1" else 7
    if m.group(7):
        day = int(m.group(7))
    elif not (m.group(4) or m.group(5)):
        day = 0
    return (year, month, day, _GRAN_RANK.get(gran, 9))


def _week_start(year: int, week: int) -> dt.date:
    """Monday of ISO week ``week`` (TimeML ``2025-W25``); week 53 of a 52-week year clamps to 52."""
    try:
        return dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        return dt.date.fromisocalendar(year, max(1, min(week, 52)), 1)


def date_label(value: str, granularity: str = "none") -> str:
    """A reader's label at the value's own granularity.

    >>> date_label("2024-04", "month"), date_label("2024-03-12", "day"), date_label("2024-SP")
    ('April 2024', '12 March 2024', 'spring 2024')
    >>> date_label("2024-WI"), date_label("199X"), date_label("19XX")  # winter spans two years
    ('winter 2024/25', '1990s', '20th century')
    """
    coarse = re.match(r"^(\d{2})(\d|X)X$", value)
    if coarse:
        if coarse.group(2) != "X":
            return f"{coarse.group(1)}{coarse.group(2)}0s"
        n = int(coarse.group(1)) + 1
        return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')} century"
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", value)
    if m:
        year, month, day = m.groups()
        if day:
            return f"{int(day)} {calendar.month_name[int(month)]} {year}"
        if month:
            return f"{calendar.month_name[int(month)]} {year}"
        return year
    m = re.match(r"^(\d{4})-(Q[1-4]|H[12]|W\d{2}|SP|SU|FA|WI)$", value)
    if m:
        year, part = m.groups()
        if part == "WI":
            return f"winter {year}/{(int(year) + 1) % 100:02d}"
        if part in _SEASONS:
            return f"{_SEASONS[part][2]} {year}"
        return f"week {int(part[1:])}, {year}" if part.startswith("W") else f"{part} {year}"
    return value


def span_of(value: str, granularity: str = "none") -> tuple[dt.date, dt.date] | None:
    """First and last day a time value covers (a month its days, a week Monday to Sunday, a
    weekend its Saturday and Sunday, a season three months, a decade ten years), or None for a
    value with no calendar place.
    Used to keep a timeline to a period (``build_timeline(window=...)``).

    >>> span_of("2024-04", "month")
    (datetime.date(2024, 4, 1), datetime.date(2024, 4, 30))
    >>> span_of("2024-WI"), span_of("2025-W25")
    ((datetime.date(2024, 12, 1), datetime.date(2025, 2, 28)), (datetime.date(2025, 6, 16), datetime.date(2025, 6, 22)))
    >>> span_of("201X"), span_of("PRESENT_REF")
    ((datetime.date(2010, 1, 1), datetime.date(2019, 12, 31)), None)
    """
    year, month, day, rank = sort_key(value, granularity)
    if year == 9999:
        return None
    gran = next((g for g, r in _GRAN_RANK.items() if r == rank), "none")
    part = re.match(r"^\d{4}-(Q[1-4]|H[12]|W\d{2}|SP|SU|FA|WI)$", value)
    if gran == "century":
        return dt.date(year, 1, 1), dt.date(year + 99, 12, 31)
    if gran == "decade":
        return dt.date(year, 1, 1), dt.date(year + 9, 12, 31)
    if gran == "year" or not month:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    start = dt.date(year, month, day or 1)
    if re.fullmatch(r"\d{4}-W\d{2}-WE", value):  # a weekend: the week's Saturday and Sunday
        return start + dt.timedelta(days=5), start + dt.timedelta(days=6)
    if day and not part:  # a day, or a time of that day
        return start, start
    if part and re.fullmatch(r"W\d{2}", part.group(1)):
        return start, start + dt.timedelta(days=6)
    months = 6 if part and part.group(1).startswith("H") else 3 if part else 1
    last_month = month + months - 1
    end_year, end_month = year + (last_month - 1) // 12, (last_month - 1) % 12 + 1
    return start, dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])


def overlaps(value: str, window: tuple[dt.date | None, dt.date | None], granularity: str = "none") -> bool:
    """Whether a time value's days meet a period (open at a None end).

    >>> import datetime as dt
    >>> overlaps("2025-SU", (dt.date(2025, 8, 1), None)), overlaps("2025-06-30", (dt.date(2025, 7, 1), None))
    (True, False)
    """
    span = span_of(value, granularity)
    if span is None:
        return False
    return (window[1] is None or span[0] <= window[1]) and (window[0] is None or span[1] >= window[0])


def window_bounds(since: str | None, until: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The days a user's ``--from`` / ``--until`` (``2024``, ``2024-04`` or ``2024-04-24``) cover:
    from the first day of ``since`` to the last day of ``until`` (None: open); ValueError names a
    bad value.

    >>> window_bounds("2024-04", "2024"), window_bounds(None, "2024-02")
    ((datetime.date(2024, 4, 1), datetime.date(2024, 12, 31)), (None, datetime.date(2024, 2, 29)))
    """
    lo: dt.date | None = None
    hi: dt.date | None = None
    for name, value in (("from", since), ("until", until)):
        if value is None:
            continue
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            raise ValueError(f"--{name} {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
        try:
            if len(value) == 10:
                dt.date.fromisoformat(value)
            span = span_of(value)
            if span is None or (len(value) == 7 and not 1 <= int(value[5:]) <= 12):
                raise ValueError
        except ValueError:
            raise ValueError(f"--{name} {value!r}: not a calendar date") from None
        if name == "from":
            lo = span[0]
        else:
            hi = span[1]
    if lo and hi and lo > hi:
        raise ValueError(f"--from {since} is after --until {until}")
    return lo, hi
