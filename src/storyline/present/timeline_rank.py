"""Which dates a cut timeline keeps (``max_dates``): per-date features and the weights that score them.

A date's score counts *independent* reports over all its entries (an article citing it twice
counts once, a copy counts as its original), weighted by how the report names it: after the fact
fully, a month or more after at ``RETROSPECTIVE_WEIGHT``, before it at ``FUTURE_WEIGHT``, only as
its publication date at ``PUBLISHED_WEIGHT``, plus ``CHRONOLOGY_WEIGHT`` per report listing it in
a chronology, all scaled by ``GRANULARITY_WEIGHT`` (a coarse date fills a slot with less). Every
weight was chosen on dev collections only; the comments say on which, with the figures.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Sequence

from storyline.present.timeline_dates import sort_key
from storyline.present.timeline_records import Entry, Item

_PUNCT = re.compile(r"[\W_]*")  # bullets, dashes, quotes, colons


# Date selection weights (used only when max_dates cuts the timeline). A coarse date fills a slot
# with less information and is more often background ("the 1918 pandemic"): its sources are spread
# over the days it covers, so they count 1/days (a month 1/30, a year 1/365). In a cut timeline a
# month then shows only when few days are named; the full timeline keeps every month and year.
# A report's own publication date is weaker evidence than a date a text names.
# Tuned on Timeline17 dev topics (H1N1_bbc, MJ_bbc; bench/timeline/README.md), not on held-out ones.
# Grid (bench/timeline/tune.py): published 0/.25/.5/1 x month .25/.5/1 x year .1/.25/1; best date F1
# 0.635 at (.5, .25, .1) vs 0.607 at (.5, .5, .25) and 0.415 with no weighting (1, 1, 1). With the
# retrospective weight below: month .25 year .1 0.690, month .1 year .04 0.700, 1/days 0.708 (the
# same as letting coarse dates take no slot at all).
GRANULARITY_WEIGHT = {"time": 1.0, "day": 1.0, "week": 1 / 7, "month": 1 / 30, "season": 1 / 91,
                      "quarter": 1 / 91, "half": 1 / 182, "year": 1 / 365, "decade": 1 / 3650,
                      "century": 1 / 36500, "none": 1 / 36500}
# PUBLISHED_WEIGHT re-checked on a larger dev set (issue #6, third pass): the 2 Timeline17 dev
# timelines plus 9 entities_tls collections (Charles_Taylor, John_Boehner, Dilma_Rousseff,
# Dominique_Strauss-Kahn, Nawaz_Sharif, Hassan_Rouhani, Hu_Jintao, Marco_Rubio, Oscar_Pistorius;
# bench/timeline/features.py): gold dates found 0.5: 73, 0.75: 75 (T17 dev unchanged, no timeline
# down), 1.0: 72 (H1N1_bbc up, MJ_bbc down). A one- or two-date difference: the weights are on a
# plateau, and fitted linear/logistic models of the same features did no better left-one-out.
PUBLISHED_WEIGHT = 0.75
# A date named before it happened ("the trial is set for 4 January") may not happen; a date named
# afterwards is confirmed. Dev date F1 0.635 -> 0.653 with 0.5 (0.25: same; 0: 0.639).
FUTURE_WEIGHT = 0.5
# A date still named a month or more after it happened is a milestone of the story ("since his
# death on 25 June 2009"); one named only in the following days may be routine news. Such a
# reference counts RETROSPECTIVE_WEIGHT times. Dev date F1 (H1N1_bbc, MJ_bbc) 0.653 -> 0.690 at
# (30 days, 2); 14 days: same, 60 days: 0.649; weight 1.5: 0.649, 3: 0.690. H1N1_bbc (a 2-month
# collection) is unchanged by it; the gain is MJ_bbc's (a 2-year story), 0.592 -> 0.667.
RETROSPECTIVE_DAYS = 30
RETROSPECTIVE_WEIGHT = 2.0


# A report that is itself a chronology (a dated list: "20 March 2014 Police arrest ...", "26 October
# 2014 Rousseff is re-elected ...") is a journalist's own choice of the story's milestones: each day
# it lists counts CHRONOLOGY_WEIGHT more. A chronology is CHRONOLOGY_MIN or more distinct days, each
# written out (with a digit) at the start of a sentence, in order (either way) for at least
# CHRONOLOGY_ORDER of consecutive items. Dev (11 collections; bench/timeline/README.md): 3 of 11
# collections have one (MJ_bbc: a trial chronology whose days are all in the gold; Dilma_Rousseff:
# 8 days, 1 in the derived gold; Oscar_Pistorius: 5 items of a trial diary, 1 in the gold). Gold
# dates found, with date headings read (``_under_headings``): weight 0: 79, 0.5: 80, 1: 82, 2: 81
# (the diary costs Oscar_Pistorius one date); minimum 5 or 8: the same. A day-by-day diary is a
# chronology of routine days, hence the low weight: a listed day counts as one more report.
CHRONOLOGY_WEIGHT = 1.0
CHRONOLOGY_MIN = 5
CHRONOLOGY_ORDER = 0.8

# The score of a date is a weighted sum of these features (independent reports each), scaled by
# GRANULARITY_WEIGHT; DATE_WEIGHTS below reproduce the hand rule described above, plus chronologies.
DATE_WEIGHTS = {"text": 1.0, "retro": RETROSPECTIVE_WEIGHT - 1, "future": FUTURE_WEIGHT, "published": PUBLISHED_WEIGHT,
                "listed": CHRONOLOGY_WEIGHT}
LEAD_SENTENCES = 3  # "lead": a reference in an article's first sentences


def select_dates(entries: list[Entry], max_dates: int | None,
                 canonical: dict[str, str] | None = None) -> tuple[list[Entry], int]:
    """Keep the entries of the ``max_dates`` most salient dates; also return how many dates there were.

    A date's salience counts independent sources over all its entries (an article citing it twice
    counts once, a copy counts as its original), text-dated ones fully (at ``FUTURE_WEIGHT`` when
    the report predates the date, at ``RETROSPECTIVE_WEIGHT`` when it was published
    ``RETROSPECTIVE_DAYS`` or more after it) and publication-dated ones at ``PUBLISHED_WEIGHT``,
    plus ``CHRONOLOGY_WEIGHT`` per report listing it in a chronology, scaled by
    ``GRANULARITY_WEIGHT``; ties go to more mentions, then to the earlier date.
    """
    dates: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:  # a date named in texts and a publication date are one date for selection
        dates[e.date].append(e)
    if max_dates is None or max_dates >= len(dates):
        return entries, len(dates)
    canon = canonical or {}
    feats = date_features(entries, canon)  # ``items`` feed only bench features no weight reads
    ranked = sorted(dates, key=lambda d: _date_rank(d, dates[d], feats[d]))
    keep = set(ranked[:max(0, max_dates)])
    return [e for e in entries if e.date in keep], len(dates)


def date_features(entries: Sequence[Entry], canonical: dict[str, str],
                  items: Sequence[Item] | None = None,
                  report_weight: dict[str, float] | None = None) -> dict[str, dict[str, float]]:
    """Per date, counts of independent reports (see ``select_dates``):

    ``text`` name it and were published that day or later; ``retro`` of those, ``RETROSPECTIVE_DAYS``
    or more later; ``week`` 1-7 days later; ``same`` the same day; ``future`` name it before it
    happened; ``published`` are dated only by it (undated sentences of a report of that day);
    ``lead`` name it in their first ``LEAD_SENTENCES`` sentences; ``mentions`` counts every
    sentence naming it, ``sentences`` every sentence dated by it (named or report-dated);
    ``pub_all`` (needs ``items``) every report published that day; ``listed`` list it as an item of
    a chronology (see ``chronologies``). ``report_weight`` (bench only; canonical report id ->
    weight, default 1) sums weights instead of counting reports: bench/timeline/salience.py scored
    reports weighted by how typical they are of the collection (not kept, README eighth pass).
    """
    lead_end: dict[str, int] = {}
    pub_all: dict[str, set[str]] = defaultdict(set)
    for article, ex in items or ():
        sents = sorted(s.end for s in ex.sentences)
        lead_end[article.id] = sents[min(LEAD_SENTENCES, len(sents)) - 1] if sents else 0
        if article.published:
            pub_all[article.published[:10]].add(canonical.get(article.id, article.id))
    by_date: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        by_date[e.date].append(e)
    listed = chronologies(entries, canonical)
    out = {}
    for d, es in by_date.items():
        when = sort_key(d, es[0].granularity)[:3]
        sets: dict[str, set[str]] = defaultdict(set)
        mentions = 0
        for e in es:
            for s in e.sources:
                art = canonical.get(s.article_id, s.article_id)
                if e.dated_by != "text":  # sentences dated by their report
                    sets["any"].add(art)
                    continue
                mentions += 1
                later = when > sort_key(s.published, "day")[:3] if s.published else False
                if later:
                    sets["future"].add(art)
                    continue
                sets["text"].add(art)
                days = _days_after(d, e.granularity, s.published)
                if days >= RETROSPECTIVE_DAYS:
                    sets["retro"].add(art)
                elif days >= 1:
                    sets["week" if days <= 7 else "month"].add(art)
                elif e.granularity in ("day", "time") and s.published[:10] == d[:10]:
                    sets["same"].add(art)
                if s.start < lead_end.get(s.article_id, 0):
                    sets["lead"].add(art)
        sets["future"] -= sets["text"]
        sets["published"] = sets.pop("any", set()) - sets["text"] - sets["future"]
        f = {k: float(len(v)) if report_weight is None else sum(report_weight.get(a, 1.0) for a in v)
             for k, v in sets.items()}
        f["listed"] = float(len(listed.get(d, ())))
        f["mentions"] = float(mentions)
        f["sentences"] = float(sum(len(e.sources) for e in es))
        if items is not None:
            f["pub_all"] = float(len(pub_all.get(d[:10], ()))) if es[0].granularity in ("day", "time") else 0.0
        out[d] = f
    return out


def begins_line(text: str, at: int) -> bool:
    """Whether only bullets, dashes, quotes or colons stand between ``at`` and its line's start."""
    return bool(_PUNCT.fullmatch(text[text.rfind("\n", 0, at) + 1 : at]))


def _leads_line(sentence: str, time_text: str) -> bool:
    """Whether ``time_text`` begins a line of the sentence, after bullets, dashes or quotes at most
    (a list item's date; a splitter may have joined the item to the line before it)."""
    return any(begins_line(sentence, m.start()) for m in re.finditer(re.escape(time_text), sentence))


def chronologies(entries: Sequence[Entry], canonical: dict[str, str]) -> dict[str, set[str]]:
    """Day -> independent reports that list it in a chronology: ``CHRONOLOGY_MIN`` or more distinct
    days, each written with a digit at the start of its sentence or of a line of it (``12 October
    2011 Dr Murray's defence ...``; a splitter may join an item to the line before it) or as a
    heading above it, in order, either way, for ``CHRONOLOGY_ORDER`` of consecutive items.

    >>> from storyline.present.timeline_dates import date_label
    >>> from storyline.present.timeline_records import Source
    >>> def item(day, text):
    ...     return Source("a1", "en", "2011-11-30", text, 0, len(text), "", "", time_text=day)
    >>> days = ["2011-09-27", "2011-09-29", "2011-10-12", "2011-10-27", "2011-11-07"]
    >>> es = [Entry(d, "day", d, "text", 1, (item(date_label(d), f"{date_label(d)} Something happened ."),))
    ...       for d in days]
    >>> sorted(chronologies(es, {}))[:2]
    ['2011-09-27', '2011-09-29']
    >>> chronologies(es[:4], {})
    {}
    """
    items: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for e in entries:
        if e.dated_by != "text" or e.granularity not in ("day", "time"):
            continue
        for s in e.sources:
            if s.time_text and re.search(r"\d", s.time_text) and (
                    _leads_line(s.sentence, s.time_text)
                    or s.time_text not in s.sentence):  # dated by a heading above it
                items[s.article_id].append((s.start, e.date))
    out: dict[str, set[str]] = defaultdict(set)
    for article_id, rows in items.items():
        days = [d for _, d in sorted(set(rows))]
        if len(set(days)) < CHRONOLOGY_MIN:
            continue
        pairs = list(zip(days, days[1:]))
        forward = sum(1 for a, b in pairs if b >= a) / len(pairs)
        backward = sum(1 for a, b in pairs if b <= a) / len(pairs)
        if max(forward, backward) >= CHRONOLOGY_ORDER:
            for d in days:
                out[d].add(canonical.get(article_id, article_id))
    return dict(out)


def date_salience(entries: list[Entry], canonical: dict[str, str],
                  features: dict[str, float] | None = None) -> float:
    """The selection score of one date (see ``select_dates``)."""
    f = features if features is not None else date_features(entries, canonical)[entries[0].date]
    weight = GRANULARITY_WEIGHT.get(entries[0].granularity, GRANULARITY_WEIGHT["none"])
    return weight * sum(w * f.get(k, 0.0) for k, w in DATE_WEIGHTS.items())


def _days_after(value: str, granularity: str, published: str) -> int:
    """Days from a day-level date to a report's publication; 0 for coarser dates or bad values."""
    if granularity not in ("day", "time") or not published:
        return 0
    try:
        return (dt.date.fromisoformat(published[:10]) - dt.date.fromisoformat(value[:10])).days
    except ValueError:
        return 0


def _date_rank(d: str, entries: list[Entry], features: dict[str, float]) -> tuple:
    mentions = sum(len(e.sources) for e in entries)
    return (-date_salience(entries, {}, features), -mentions, sort_key(d, "none"))
