"""Date-ranking variants of the sixth pass (issue #6), scored on the dev collections; none shipped.

    .venv/bin/python -m bench.timeline.variants --entities Charles_Taylor,...   # dev only

Each variant changes the per-day features of ``timeline.date_features`` (or the score built from
them) and ranks with the shipped ``DATE_WEIGHTS``; the table gives mean date F1 (as ``t17.py``)
and the gold dates found over all timelines, beside the shipped ranking. See
bench/timeline/README.md (sixth pass) for the figures and what each variant stands for:

- ``norm``: a report's references weighted 1 / (days it names) ** alpha (a report naming one day
  is about it; one naming thirty is background), added to or in place of ``text``;
- ``transform``: sqrt / log1p of every feature before the weighted sum;
- ``fusion``: reciprocal-rank fusion of the shipped ranking with one feature's ranking;
- ``anchor``: a report's undated sentences dated by the day its lead names (first ``k`` sentences,
  0-``w`` days before publication) instead of its publication day;
- ``deictic``: references to the report's own day written without a digit (``today``, ``on
  Monday`` in a Monday report) counted as publication-dated, not as text references;
- ``smooth``: a day's score plus ``beta`` x its neighbours' within ``width`` days.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import re
from collections import defaultdict
from dataclasses import replace
from typing import Callable

from bench.timeline import features as F
from bench.timeline.run import date_prf
from storyline.present import timeline as T

Feats = dict[str, dict[str, float]]


def _day_only(feats: Feats) -> Feats:
    return {d: f for d, f in feats.items() if T.granularity_of(d) == "day"}


def _days(a: str, b: str) -> int:
    return (dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days


def norm_features(entries, canonical, feats: Feats) -> Feats:
    """Adds ``norm<alpha>``: the date's text references, each report weighted 1 / days ** alpha."""
    named: dict[str, set[str]] = defaultdict(set)
    refs: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        if e.dated_by == "text" and e.granularity in ("day", "time"):
            for s in e.sources:
                art = canonical.get(s.article_id, s.article_id)
                named[art].add(e.date)
                if s.published and s.published[:10] >= e.date[:10]:
                    refs[e.date].add(art)
    out = {d: dict(f) for d, f in feats.items()}
    for d, f in out.items():
        for alpha in (0.25, 0.5, 1.0):
            f[f"norm{alpha}"] = sum(1 / len(named[a]) ** alpha for a in refs.get(d, ()))
    return out


def anchored(entries, canonical, items, lead: int, window: int) -> Feats:
    """``published`` recounted with each report's undated sentences dated by its lead's day."""
    starts = {a.id: sorted(s.start for s in ex.sentences) for a, ex in items}
    anchor: dict[str, tuple[int, str]] = {}
    for e in entries:
        if e.dated_by != "text" or e.granularity not in ("day", "time"):
            continue
        for s in e.sources:
            idx = sum(1 for x in starts.get(s.article_id, []) if x <= s.start) - 1
            if idx < lead and s.published and 0 <= _days(s.published, e.date) <= window:
                if s.article_id not in anchor or s.start < anchor[s.article_id][0]:
                    anchor[s.article_id] = (s.start, e.date[:10])
    feats = {d: dict(f) for d, f in T.date_features(entries, canonical, items).items()}
    text: dict[str, set[str]] = defaultdict(set)
    pub: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        for s in e.sources:
            art = canonical.get(s.article_id, s.article_id)
            if e.dated_by == "text":
                text[e.date].add(art)
            else:
                pub[anchor.get(s.article_id, (0, e.date[:10]))[1]].add(art)
    for d, f in feats.items():
        f["published"] = float(len(pub.get(d, set()) - text[d]))
    return feats


def deictic(entries, canonical, items) -> Feats:
    """Features with digit-less references to the report's own day counted as publication-dated."""
    def own_day(e, s) -> bool:
        return (e.granularity in ("day", "time") and bool(s.published) and e.date[:10] == s.published[:10]
                and not re.search(r"\d", s.time_text))

    new = []
    for e in entries:
        if e.dated_by != "text":
            new.append(e)
            continue
        rest = tuple(s for s in e.sources if not own_day(e, s))
        own = tuple(s for s in e.sources if own_day(e, s))
        new += [replace(e, sources=rest)] if rest else []
        new += [replace(e, sources=own, dated_by="published")] if own else []
    return T.date_features(new, canonical, items)


Score = Callable[[Feats], dict[str, float]]


def linear(weights: dict[str, float], fn: Callable[[float], float] = float) -> Score:
    return lambda feats: {d: sum(w * fn(f.get(k, 0.0)) for k, w in weights.items()) for d, f in feats.items()}


def fusion(key: str, lam: float, k: int) -> Score:
    def score(feats: Feats) -> dict[str, float]:
        s = linear(T.DATE_WEIGHTS)(feats)
        r1 = {d: i for i, d in enumerate(sorted(feats, key=lambda d: (-s[d], d)))}
        r2 = {d: i for i, d in enumerate(sorted(feats, key=lambda d: (-feats[d].get(key, 0.0), d)))}
        return {d: 1 / (k + r1[d]) + lam / (k + r2[d]) for d in feats}
    return score


def smooth(beta: float, width: int) -> Score:
    def score(feats: Feats) -> dict[str, float]:
        s = linear(T.DATE_WEIGHTS)(feats)

        def near(d: str, k: int) -> str:
            try:
                return (dt.date.fromisoformat(d) + dt.timedelta(k)).isoformat()
            except (ValueError, OverflowError):
                return ""
        return {d: s[d] + beta * sum(s.get(near(d, k), 0.0) for k in range(-width, width + 1) if k) for d in s}
    return score


def evaluate(rows, score: Score) -> tuple[list[float], int]:
    """Date F1 per collection and gold dates found, for rows ``(name, features, gold, N, ...)``."""
    f1s, hits = [], 0
    for _, feats, gold, n, *_ in rows:
        s = score(feats)
        ranked = sorted(feats, key=lambda d: (-s[d], -feats[d].get("sentences", 0.0), d))
        kept = set(ranked[:n])
        hits += len(kept & gold)
        f1s.append(date_prf(kept, gold)[2])
    return f1s, hits


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--t17", default=F.T17_DEV)
    ap.add_argument("--entities", default="")
    args = ap.parse_args()
    data = F.load([t for t in args.t17.split(",") if t], [t for t in args.entities.split(",") if t])
    built: dict[int, dict[str, Feats]] = {}
    variants: dict[str, list] = defaultdict(list)
    for topic, items, g in data:
        if id(items) not in built:
            tl = T.build_timeline(items, with_claims=False)
            canonical = {a.id: (a.duplicate_of or a.id) for a, _ in items}
            entries = list(tl.entries)
            base = T.date_features(entries, canonical, items)
            sets = {"base": norm_features(entries, canonical, base), "deictic": deictic(entries, canonical, items)}
            for lead, window in ((1, 1), (1, 7), (2, 3), (3, 7)):
                sets[f"anchor{lead},{window}"] = anchored(entries, canonical, items, lead, window)
            built[id(items)] = {k: _day_only(v) for k, v in sets.items()}
        first = min((a.published or "9999")[:10] for a, _ in items)
        n_art = len({a.duplicate_of or a.id for a, _ in items})
        for name, feats in built[id(items)].items():
            variants[name].append((topic, feats, set(g.dates), len(g.dates), n_art, first))
    ship = dict(T.DATE_WEIGHTS)
    runs: list[tuple[str, str, Score]] = [("base", "shipped", linear(ship))]
    for alpha in (0.25, 0.5, 1.0):
        runs += [("base", f"norm{alpha} +{w}", linear(ship | {f"norm{alpha}": w})) for w in (0.25, 0.5, 1.0)]
        runs.append(("base", f"norm{alpha} for text", linear({k: v for k, v in ship.items() if k != "text"}
                                                              | {f"norm{alpha}": 1.0})))
    runs += [("base", "sqrt", linear(ship, math.sqrt)), ("base", "log1p", linear(ship, math.log1p))]
    runs += [("base", f"fusion {key} {lam} k{k}", fusion(key, lam, k))
             for key in ("pub_all", "week", "same", "lead") for lam in (0.25, 0.5) for k in (10, 60)]
    runs += [(name, f"{name} published {pw}", linear(ship | {"published": pw}))
             for name in sorted(variants) if name.startswith(("anchor", "deictic")) for pw in (0.5, 0.75, 1.0)]
    runs += [("base", f"smooth {beta} w{width}", smooth(beta, width))
             for beta in (-0.1, 0.05, 0.1, 0.2) for width in (1, 2, 3)]
    for name, label, score in runs:
        f1s, hits = evaluate(variants[name], score)
        print(F.fmt(label, variants[name], f1s), f"| hits {hits}")


if __name__ == "__main__":
    main()
