"""Calendar arithmetic and TimeML value formatting used by the time resolver.

Values follow TimeML (ISO 8601 with TimeML's extensions): ``2024-03-12``, ``2024-03``,
``2024-W12``, ``2024-Q1``, ``2024-SU``, ``196X`` (a decade), ``18XX`` (a century), and ``X`` for
the parts no anchor could fill (``XXXX-03-12``).
"""

from __future__ import annotations

from datetime import date, timedelta

PAST, PRESENT, FUTURE = -1, 0, 1


def iso_day(d: date) -> str:
    return d.isoformat()


def iso_week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def add_months(d: date, months: int) -> date:
    """``d`` shifted by whole months, the day clamped to 28 (only the month is used afterwards)."""
    total = d.year * 12 + d.month - 1 + months
    return date(total // 12, total % 12 + 1, min(d.day, 28))


def shift(d: date, unit: str, n: int) -> tuple[str, str]:
    """The value and granularity of ``d`` moved by ``n`` calendar ``unit`` (D, W, WE, M, Q, Y, DE, CE)."""
    if unit == "D":
        return iso_day(d + timedelta(days=n)), "day"
    if unit in ("W", "WE"):
        week = iso_week(d + timedelta(weeks=n))
        return (week + "-WE", "week") if unit == "WE" else (week, "week")
    if unit == "M":
        m = add_months(d, n)
        return f"{m.year:04d}-{m.month:02d}", "month"
    if unit == "Q":
        q = (d.year * 4 + (d.month - 1) // 3) + n
        return f"{q // 4:04d}-Q{q % 4 + 1}", "quarter"
    if unit == "DE":
        return f"{d.year // 10 + n:03d}X", "decade"
    if unit == "CE":
        return f"{d.year // 100 + n:02d}XX", "century"
    if unit == "HALF":
        h = d.year * 2 + (d.month - 1) // 6 + n
        return f"{h // 2:04d}-H{h % 2 + 1}", "quarter"
    return f"{d.year + n:04d}", "year"


def unresolved(unit: str) -> tuple[str, str]:
    """The value of a calendar unit relative to an unknown date."""
    table = {"D": ("XXXX-XX-XX", "day"), "W": ("XXXX-WXX", "week"), "WE": ("XXXX-WXX-WE", "week"),
             "M": ("XXXX-XX", "month"), "Q": ("XXXX-QX", "quarter"), "DE": ("XXXX", "decade"),
             "CE": ("XXXX", "century"), "HALF": ("XXXX-HX", "quarter")}
    return table.get(unit, ("XXXX", "year"))


# A tense only overrides proximity when the other reading is far: "est prévu le 3 août" in a
# past-tense article of 28 July is this August. Tuned on French TimeBank dev (62 / 180 days).
NEAR_DAYS, FAR_DAYS = 62, 180


def pick_year(dct: date, month: int, day: int | None, direction: int, strict: bool = False) -> int:
    """The year that puts ``month``/``day`` on the ``direction`` side of ``dct``.

    Past: the latest such date not after ``dct`` (before it when ``strict``, i.e. an explicit
    ``dernier``/``last``); future: the earliest not before; present/unknown: the nearest, the
    usual reading in news (``January 20`` in a November article is the coming one). A tense
    (not strict) gives way to a much nearer reading on the other side.
    """
    def key(y: int) -> int:
        return (y * 12 + month) * 31 + (day or 0)

    now = (dct.year * 12 + dct.month) * 31 + (dct.day if day else 0)
    years = (dct.year - 1, dct.year, dct.year + 1)
    nearest = min(years, key=lambda y: (abs(key(y) - now), -y))
    if direction == PRESENT:
        return nearest
    if direction == PAST:
        side = max(y for y in years if key(y) < now or (key(y) == now and not strict))
    else:
        side = min(y for y in years if key(y) > now or (key(y) == now and not strict))
    if not strict and abs(key(nearest) - now) <= NEAR_DAYS and abs(key(side) - now) >= FAR_DAYS:
        return nearest
    return side


def weekday_date(dct: date, weekday: int, direction: int, strict: bool = False) -> date:
    """The date of ISO ``weekday`` (1 = Monday) around ``dct``: past side, future side or nearest."""
    back = (dct.isoweekday() - weekday) % 7
    fwd = (weekday - dct.isoweekday()) % 7
    if strict:
        back, fwd = back or 7, fwd or 7
    if direction == FUTURE:
        return dct + timedelta(days=fwd)
    if direction == PAST:
        return dct - timedelta(days=back)
    return dct - timedelta(days=back) if back <= fwd else dct + timedelta(days=fwd)


def two_digit_year(yy: int, dct: date | None) -> int:
    """``93`` -> 1993 for a 1999 article, ``03`` -> 2003: the century that keeps it within ~10 years ahead."""
    base = dct.year if dct else 2000
    century = base // 100 * 100
    year = century + yy
    return year - 100 if year > base + 10 else year


def duration(num: float | str, unit: str) -> str:
    """A TimeML duration: ``P3D``, ``PT20M``, ``PXY`` (vague number)."""
    scale = {"DE": ("Y", 10), "CE": ("Y", 100), "ML": ("Y", 1000), "HALF": ("M", 6), "WE": ("WE", 1)}
    letter, factor = scale.get(unit, (unit, 1))
    if isinstance(num, str):
        amount = "X"
    else:
        value = num * factor
        amount = str(int(value)) if value == int(value) else f"{value:g}"
    if letter in ("H", "TM", "S"):
        return f"PT{amount}{'M' if letter == 'TM' else letter}"
    return f"P{amount}{letter}"


def granularity(value: str) -> str:
    """The granularity a TimeML date value carries (``2024-03`` -> month)."""
    if "T" in value[4:] and value[:1] != "P":
        return "time"
    if "-W" in value:
        return "week"
    if "-Q" in value or "-H" in value:
        return "quarter"
    if value[-3:] in ("-SP", "-SU", "-FA", "-WI"):
        return "season"
    parts = value.split("-")
    if len(parts) == 3:
        return "day"
    if len(parts) == 2:
        return "month"
    if len(value) == 4 and value.endswith("XX") and value[:2].isdigit():
        return "century"
    if len(value) == 4 and value.endswith("X"):
        return "decade"
    return "year" if len(value) == 4 else "none"
