"""Date-ranking features on development collections, for fitting ``DATE_WEIGHTS`` (dev only).

    .venv/bin/python -m bench.timeline.features [--t17 H1N1_bbc,MJ_bbc] [--entities A,B] [--grid]

For every gold timeline of the given collections, each candidate day (a day named in a text or a
publication day) gets the features of ``storyline.present.timeline.date_features``; the script
then compares rankings (top ``N`` = the gold's number of dates, date F1 as ``t17.py``):

- the shipped ``select_dates`` (``DATE_WEIGHTS`` as in the module);
- a logistic regression fitted on the dev collections with every feature scaled by the
  collection's number of independent articles, scored leave-one-collection-out (each collection
  ranked by a model fitted on the others) so a gain is not the collection's own fit.

``--grid`` scores a small grid of hand weights around the shipped ones on the same collections.
T17 and entities_tls extractions may be cached under different fingerprints; set
``STORYLINE_BENCH_T17_FINGERPRINT`` / ``STORYLINE_BENCH_ENT_FINGERPRINT`` to score the caches of
an earlier extractor state (only when the extractors' output has not changed since).
"""

from __future__ import annotations

import argparse
import itertools
import os
from collections import Counter

from bench.timeline import corpus
from bench.timeline.run import date_prf, mark_duplicates, storyline_system
from storyline.present import timeline

T17_DEV = "H1N1_bbc,MJ_bbc"


def _items(kind: str, topic: str) -> list:
    fp = os.environ.get("STORYLINE_BENCH_T17_FINGERPRINT" if kind == "t17" else "STORYLINE_BENCH_ENT_FINGERPRINT")
    old = os.environ.pop("STORYLINE_BENCH_FINGERPRINT", None)
    if fp:
        os.environ["STORYLINE_BENCH_FINGERPRINT"] = fp
    corpus.extractor_fingerprint.cache_clear()
    docs = corpus.t17_docs(topic) if kind == "t17" else corpus.ent_docs(topic)
    items = mark_duplicates(list(corpus.extracted(kind, docs)))
    os.environ.pop("STORYLINE_BENCH_FINGERPRINT", None)
    if old:
        os.environ["STORYLINE_BENCH_FINGERPRINT"] = old
    corpus.extractor_fingerprint.cache_clear()
    return items


def load(t17: list[str], entities: list[str]) -> list[tuple[str, list, corpus.Gold]]:
    data = []
    for kind, topics in (("t17", t17), ("entities", entities)):
        for topic in topics:
            items = _items(kind, topic)
            golds = corpus.t17_gold(topic) if kind == "t17" else corpus.ent_gold(topic)
            data += [(topic, items, g) for g in golds]
    return data


def shipped(data) -> list[float]:
    return [date_prf(set(storyline_system(items, len(g.dates), 1)), set(g.dates))[2] for _, items, g in data]


def table_of(data) -> list[tuple[str, dict[str, dict[str, float]], set[str], int, int]]:
    """Per timeline: (collection, day -> features, gold days, N, independent articles)."""
    out = []
    cache: dict[int, dict] = {}
    for topic, items, g in data:
        if id(items) not in cache:
            tl = timeline.build_timeline(items, with_claims=False)
            canonical = {a.id: (a.duplicate_of or a.id) for a, _ in items}
            feats = timeline.date_features(list(tl.entries), canonical, items)
            cache[id(items)] = {d: f for d, f in feats.items() if timeline.granularity_of(d) == "day"}
        n_art = len({a.duplicate_of or a.id for a, _ in items})
        first = min((a.published or "9999")[:10] for a, _ in items)
        out.append((topic, cache[id(items)], set(g.dates), len(g.dates), n_art, first))
    return out


PRIOR = 1.0  # factor for days before the collection's first report (set by --prior)


def rank_f1(rows, weights: dict[str, float], prior: float | None = None) -> list[float]:
    prior = PRIOR if prior is None else prior
    scores = []
    for _, feats, gold, n, _, first in rows:
        def key(d: str, feats=feats, first=first) -> tuple:
            s = sum(w * feats[d].get(k, 0.0) for k, w in weights.items()) * (prior if d < first else 1.0)
            return (-s, -feats[d].get("sentences", 0.0), d)  # as select_dates breaks ties
        ranked = sorted(feats, key=key)
        scores.append(date_prf(set(ranked[:n]), gold)[2])
    return scores


def fmt(name: str, rows, scores: list[float]) -> str:
    by: dict[str, list[float]] = {}
    for r, s in zip(rows, scores):
        by.setdefault(r[0], []).append(s)
    per = " ".join(f"{k} {sum(v) / len(v):.3f}" for k, v in by.items())
    t17 = [s for r, s in zip(rows, scores) if "_" in r[0] and r[0].split("_")[0] in ("H1N1", "MJ")]
    ent = [s for r, s in zip(rows, scores) if not ("_" in r[0] and r[0].split("_")[0] in ("H1N1", "MJ"))]
    parts = [f"all {sum(scores) / len(scores):.3f}"]
    if t17:
        parts.append(f"t17 {sum(t17) / len(t17):.3f}")
    if ent:
        parts.append(f"ent {sum(ent) / len(ent):.3f}")
    return f"{name}: " + " ".join(parts) + f" | {per}"


def logistic(rows, keys: list[str], exclude: str | None = None, c: float = 1.0) -> dict[str, float]:
    """Weights of a logistic regression (gold day or not) on features / independent articles."""
    from sklearn.linear_model import LogisticRegression

    x, y, w = [], [], []
    for topic, feats, gold, _, n_art, _ in rows:
        if topic == exclude:
            continue
        for d, f in feats.items():
            x.append([f.get(k, 0.0) / n_art for k in keys])
            y.append(d in gold)
            w.append(1.0 / len(feats))  # each timeline weighs the same
    model = LogisticRegression(C=c, max_iter=2000).fit(x, y, sample_weight=[v * len(w) for v in w])
    return dict(zip(keys, model.coef_[0]))


def pairwise(rows, keys: list[str], exclude: str | None = None, c: float = 1.0,
             depth: int = 3) -> dict[str, float]:
    """Weights of a logistic regression on feature differences (gold day minus a non-gold day that
    the shipped weights rank in the top ``depth`` x N), features / independent articles: a ranking
    fit that looks at the cut, not at the thousands of days nobody would pick."""
    from sklearn.linear_model import LogisticRegression

    x, y, w = [], [], []
    for topic, feats, gold, n, n_art, _ in rows:
        if topic == exclude:
            continue
        ship = timeline.DATE_WEIGHTS
        ranked = sorted(feats, key=lambda d: (-sum(v * feats[d].get(k, 0.0) for k, v in ship.items()), d))
        neg = [d for d in ranked[:depth * n] if d not in gold]
        pos = [d for d in gold if d in feats]
        pairs = [(p, q) for p in pos for q in neg]
        for p, q in pairs:
            diff = [(feats[p].get(k, 0.0) - feats[q].get(k, 0.0)) / n_art for k in keys]
            x += [diff, [-v for v in diff]]
            y += [1, 0]
            w += [1.0 / len(pairs)] * 2
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=5000).fit(x, y, sample_weight=[v * len(w) for v in w])
    return dict(zip(keys, model.coef_[0]))


GRID = (0.0, 0.25, 0.5, 1.0, 2.0)


def ascent(rows, keys: list[str], exclude: str | None = None, rounds: int = 2) -> dict[str, float]:
    """Coordinate ascent on mean date F1 over a small grid, from the shipped weights, ``text`` fixed
    at 1; ties keep the current value (the smaller change)."""
    train = [r for r in rows if r[0] != exclude]
    cur = {k: float(timeline.DATE_WEIGHTS.get(k, 0.0)) for k in keys} | {"text": 1.0}
    best = sum(rank_f1(train, cur))
    for _ in range(rounds):
        for k in keys:
            if k == "text":
                continue
            for v in GRID:
                trial = cur | {k: v}
                s = sum(rank_f1(train, trial))
                if s > best + 1e-9:
                    best, cur = s, trial
    return cur


def loo(rows, fit) -> tuple[list, list[float]]:
    order, scores = [], []
    for topic in dict.fromkeys(r[0] for r in rows):
        mine = [r for r in rows if r[0] == topic]
        order += mine
        scores += rank_f1(mine, fit(topic))
    return order, scores


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--t17", default=T17_DEV)
    ap.add_argument("--entities", default="")
    ap.add_argument("--grid", action="store_true")
    ap.add_argument("--keys", default="")
    ap.add_argument("--fits", action="store_true", help="also the fitted models (slow)")
    args = ap.parse_args()
    data = load([t for t in args.t17.split(",") if t], [t for t in args.entities.split(",") if t])
    rows = table_of(data)
    print(fmt("shipped select_dates", rows, shipped(data)))
    print(fmt("shipped weights on features", rows, rank_f1(rows, timeline.DATE_WEIGHTS)))
    base = Counter({k: 0.0 for r in rows for f in r[1].values() for k in f})
    print("features:", ", ".join(sorted(base)))
    for name, w in (("pub only", {"pub_all": 1}), ("text refs", {"text": 1}), ("text+pub", {"text": 1, "pub_all": 1})):
        print(fmt(name, rows, rank_f1(rows, w)))
    keys = args.keys.split(",") if args.keys else sorted(base)
    for c in (100.0, 1000.0) if args.fits else ():
        order, sc = loo(rows, lambda t, c=c: logistic(rows, keys, exclude=t, c=c))
        print(fmt(f"logistic C={c} leave-one-out", order, sc))
    for c in (1.0, 100.0) if args.fits else ():
        order, sc = loo(rows, lambda t, c=c: pairwise(rows, keys, exclude=t, c=c))
        print(fmt(f"pairwise C={c} leave-one-out", order, sc))
        print("   fitted on all:", {k: round(float(v), 3) for k, v in pairwise(rows, keys, c=c).items()})
    if args.fits:
        order, sc = loo(rows, lambda t: ascent(rows, keys, exclude=t))
        print(fmt("ascent leave-one-out", order, sc))
        print("   fitted on all:", ascent(rows, keys))
    for prior in (0.75, 0.5, 0.25, 0.0):
        print(fmt(f"shipped, days before the first report x{prior}", rows, rank_f1(rows, timeline.DATE_WEIGHTS, prior)))
    if args.grid:
        ship = dict(timeline.DATE_WEIGHTS)
        for k in sorted(ship):
            for m in (0.0, 0.5, 2.0):
                w = ship | {k: ship[k] * m} if ship[k] else ship | {k: m}
                print(fmt(f"{k} x{m}", rows, rank_f1(rows, w)))
        for extra in itertools.product(sorted(set(base) - set(ship)), (0.25, 0.5, 1.0)):
            print(fmt(f"+{extra[0]} {extra[1]}", rows, rank_f1(rows, ship | {extra[0]: extra[1]})))


if __name__ == "__main__":
    main()
