"""Claims compared across reports: which figures measure the same thing, and whether they agree.

``claims.py`` reads each report's claims; this module takes a story's: ``_groups`` puts one
attribute's claims together by what they measure (keyed subjects apart, the rest pooled) and
splits them where values jump more than ``SCALE_GAP`` times (``_by_scale``); ``_shown_subject``
names a group; ``_compare`` gives its verdict (conflict, update, agree, single) from
``compatible`` value intervals (``interval`` of a quantity, ``TOLERANCE`` around a point value).
The rules and the dev figures they were chosen on are in ``claims.py``'s docstring and
``bench/claims/README.md``.

Split out of ``claims.py`` in session 12 with no change of behaviour (that module had grown past
the house limit of ~600 lines); ``claims.py`` re-exports what other modules import from it. A
what-if that patches ``SCALE_GAP`` must patch it here (``bench/claims/variants.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace  # noqa: F401  (the example of ``_groups`` uses it)
from typing import Any

from storyline.model import Quantity
from storyline.present.claims_records import Claim, ClaimGroup
from storyline.present.timeline import sort_key
from storyline.present.timeline_dates import overlaps

TOLERANCE = 0.05  # point values within 5% are the same figure reported with rounding
# across reports, a group's figures split where the next (in value order) is more than this many
# times the previous: bench/claims dev pairs (oil spill), grouping F1 75.9 with no split, 77.8 at
# 10 (it parts 5,000 from 56,000-84,000 barrels a day, a conflict), 80.0 at 20
SCALE_GAP = 20.0
_ORDER = {"conflict": 0, "update": 1, "agree": 2, "single": 3}


def _shown_subject(claims: list[Claim], keys: set[str], named: dict[str, tuple[int, int, bool]], main: str = "",
                   names: dict[str, str] | None = None) -> str:
    """The name a group is shown under: its keyed subject when it has one, else the story's main
    thing (what figures with no name of their own are about; a pooled group's first claim may be
    read from its source, an official, or the minister announcing a fund), else the subject the
    story names most; ties: the most frequent in the group, the earliest."""
    pool = [c for c in claims if c.subject_key in keys]
    if not pool and names and main in names:
        return names[main]
    pool = pool or claims
    freq: dict[str, int] = defaultdict(int)
    for c in pool:
        freq[c.subject_key] += 1
    # ``pool`` keeps the group's order, so its position breaks ties as the group's would (earliest)
    _, best = max(enumerate(pool), key=lambda ic: (ic[1].subject_key == main,
                                                   named.get(ic[1].subject_key, (0, 0, False))[:2],
                                                   freq[ic[1].subject_key], -ic[0]))
    return best.subject


def _groups(rated: list[tuple[Claim, bool]], main: str = "") -> list[tuple[list[Claim], set[str]]]:
    """Claims grouped by what they measure rather than by whichever name stands near the figure.

    A claim marked *keyed* keeps its subject (it is named before the figure in its sentence and is
    not the report's source; or the figure counts people of a named country; or its attribute
    says no more than its unit, ``amount``, ``share``: only the subject tells a fund from a loss):
    keyed claims about two names stay apart. The other claims' subjects are whatever source or
    name stood nearest (the WHO, an official, the news agency), which differ from report to
    report about one tracked figure (the flu's death count, the barrels leaking a day): they
    contradict no one, and meet in one group per attribute, joined to the keyed subject when the
    attribute has exactly one in the story, or to the story's ``main`` thing when it is one of
    them (what a figure with no name of its own is most likely about: BP's keyed ``62,000 barrels
    a day`` and the pooled estimates; bench/claims dev, pair grouping over the topic 83.0 -> 85.2).
    Each group is then split by scale (``_by_scale``). Returns each group with its keyed subjects.

    >>> c = Claim("WHO", "who", "count of death", "800", 760.0, 840.0, "death", "", "a", "en", "", "", 0, 1)
    >>> d = replace(c, subject="Reuters", subject_key="reuters", article_id="b", low=950.0, high=1050.0)
    >>> [len(g) for g, _ in _groups([(c, False), (d, False)])], [len(g) for g, _ in _groups([(c, True), (d, True)])]
    ([2], [1, 1])
    """
    by_attribute: dict[str, list[tuple[Claim, bool]]] = defaultdict(list)
    for c, keyed in rated:
        by_attribute[c.attribute].append((c, keyed))
    out: list[tuple[list[Claim], set[str]]] = []
    for members in by_attribute.values():
        owners = {c.subject_key for c, keyed in members if keyed}
        groups: dict[str, list[Claim]] = defaultdict(list)
        pooled = main if main in owners else next(iter(owners)) if len(owners) == 1 else ""
        for c, keyed in members:
            groups[c.subject_key if keyed else pooled].append(c)
        out.extend((part, {k} - {""}) for k, g in groups.items()
                   for same_kind in _by_unit(g) for part in _by_scale(same_kind))
    return out


def _by_unit(claims: list[Claim]) -> list[list[Claim]]:
    """One group's figures apart by kind of unit: `four milligrams` (a mass) and `six people` (a
    count) near one word of death measure different things, and `compatible`, which does not
    compare units, would call them in agreement. Kinds: the measure a unit code names (mass,
    distance, amount: `claims.unit_measures`), else a count, whatever noun is counted
    and in whichever language (`soldats` = `soldiers`: the attribute already says what is
    counted); a bare number is a count. Statuses stay whole."""
    from storyline.present.claims import unit_measures  # claims imports this module

    measures = unit_measures()
    kinds: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        kinds[measures.get(c.unit, "count") if c.kind == "quantity" else ""].append(c)
    return [claims] if len([k for k in kinds if k]) <= 1 else list(kinds.values())


def _by_scale(claims: list[Claim]) -> list[list[Claim]]:
    """One group's figures split where, in value order, the next is more than ``SCALE_GAP`` times
    the previous: re-estimates of one tracked figure move step by step (1,000 then 5,000 then
    12,000 to 19,000 barrels a day), a figure an order of magnitude away with nothing between is
    another quantity (a country's daily production beside the spill's daily leak). Figures
    without a value (statuses, bare words) stay with the first part."""
    valued = sorted((c for c in claims if _scale(c) is not None), key=lambda c: _scale(c) or 0.0)
    if len(valued) < 2:
        return [claims]
    parts: list[list[Claim]] = [[valued[0]]]
    for prev, c in zip(valued, valued[1:]):
        lo, hi = _scale(prev) or 0.0, _scale(c) or 0.0
        if lo > 0 and hi / lo > SCALE_GAP:
            parts.append([])
        parts[-1].append(c)
    parts[0].extend(c for c in claims if _scale(c) is None)
    return parts


def _scale(c: Claim) -> float | None:
    """A figure's size for ``_by_scale``: the middle of its interval, its one known end when open."""
    if c.kind != "quantity" or c.low is None and c.high is None:
        return None
    if c.low is None or c.high is None:
        return c.low if c.high is None else c.high
    return (c.low + c.high) / 2


def interval(q: Quantity) -> tuple[float | None, float | None]:
    """The values a quantity allows: ``up to 300`` -> (0, 300); ``several hundred`` -> (200, 900)."""
    if q.low is not None or q.high is not None:
        low = q.low if q.low is not None else (0.0 if q.modifier == "max" else q.value)
        high = q.high if q.high is not None else (None if q.modifier == "min" else q.value)
        return low, high
    if q.value is None:
        return None, None
    if q.modifier == "max":
        return 0.0, q.value
    if q.modifier == "min":
        return q.value, None
    spread = 0.1 if q.modifier == "approx" else TOLERANCE
    return q.value * (1 - spread), q.value * (1 + spread)


def compatible(a: Claim, b: Claim) -> bool:
    """Same status, or value intervals that overlap (an open bound overlaps everything past it)."""
    if a.kind == "status" or b.kind == "status":
        return a.value == b.value
    if a.unit != b.unit:
        return True  # different units are not compared (no conversion tables yet)
    if a.low is None and a.high is None or b.low is None and b.high is None:
        return True
    lo = max(x for x in (a.low, b.low, float("-inf")) if x is not None)
    hi = min(x for x in (a.high, b.high, float("inf")) if x is not None)
    return lo <= hi


def _compare(claims: list[Claim], subject: str = "") -> ClaimGroup:
    """Verdict over one subject's attribute. A report does not contradict itself (two figures in
    one sentence are usually parts of a whole), so only pairs from different reports clash, or
    figures one report gives for two different stated dates (``240 last week, down from 310 in
    June``): an update it reports itself."""
    # a claim with no date at all (a report without a publication date) cannot say what came
    # later: first, so that an update reads from it to the dated ones
    claims = sorted(claims, key=lambda c: (bool(c.time), sort_key(c.time), c.published, c.article_id, c.start))
    first, last = claims[0], claims[-1]
    subject = subject or first.subject
    clashes = [(a, b) for i, a in enumerate(claims) for b in claims[i + 1:]
               if _comparable(a, b) and not compatible(a, b)]
    if len({c.article_id for c in claims}) == 1 and not clashes:
        return ClaimGroup(subject, first.attribute, "single", tuple(claims))
    if not clashes:
        return ClaimGroup(subject, first.attribute, "agree", tuple(claims))
    same_time = [(a, b) for a, b in clashes if a.time == b.time and a.kind == "quantity"
                 and a.article_id != b.article_id]
    if same_time:
        a, b = same_time[0]
        return ClaimGroup(subject, first.attribute, "conflict", tuple(claims),
                          note=f"{a.value} vs {b.value} ({a.time})")
    return ClaimGroup(subject, first.attribute, "update", tuple(claims),
                      note=f"{first.value} ({first.time}) -> {last.value} ({last.time})")


def _comparable(a: Claim, b: Claim) -> bool:
    """Two reports' claims, or one report's claims for two dates it states."""
    return a.article_id != b.article_id or (a.dated and b.dated and a.time != b.time)


def in_period(groups: Iterable[ClaimGroup], window: tuple[Any, Any]) -> list[ClaimGroup]:
    """The comparisons that hold a figure of a period (its stated time, else its report's date),
    each shown whole: an update is read against what came before it (``--from`` / ``--until``)."""
    return [g for g in groups if any(overlaps(c.time or c.published[:10], window) for c in g.claims)]
