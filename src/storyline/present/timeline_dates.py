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
