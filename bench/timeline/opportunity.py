"""Tenth-pass date-ranking families on the development collections (dev only; README, tenth pass).

    .venv/bin/python -m bench.timeline.opportunity --entities Charles_Taylor,John_Boehner,...

Each family adds one feature to the shipped ``DATE_WEIGHTS`` (or changes one weight) and ranks the
candidate days of every dev timeline as ``features.rank_f1`` does (top ``N`` = gold dates):

- **opportunity**: references divided by how many reports could have made them, so a day late in
  a collection is not out-voted by an early one only because more reports followed it:
  ``rshare`` = ``retro`` / (reports published 30+ days after the day + c), ``tshare`` = ``text`` /
  (reports published on or after it + c), both x10 (c 5 / 20);
- **publication bursts**: reports published the next day (``pub_next``), from the day to 2 days
  after (``after2``), or that minus the 3 days before (``onset``: the first day of a burst);
- **plans**: ``FUTURE_WEIGHT`` 0-0.75, or references made before the day counted only up to 0.5 /
  1 / 2 x the later ones, or only when 2+ later reports confirm the day;
- **event kind**: later references whose sentence names an event concept of ``lang/en/events.json``
  (``conc``), or whose trigger is not a light or reporting verb (``heavy``).

The last line is the leave-one-collection-out choice among all cells (``salience.loo``).
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
from collections import defaultdict

from bench.timeline import features as F
from bench.timeline.salience import loo
from storyline.present import timeline as T

LIGHT = {"say", "be", "have", "tell", "add", "report", "do", "get", "go", "make", "take", "see", "come"}


def _shift(day: str, n: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=n)).isoformat()


def add_features(data, rows) -> None:
    """Adds the families' raw features to ``rows`` (as ``features.table_of`` builds them)."""
    pubs, kinds = {}, {}
    for topic, items, _ in data:
        if topic in pubs:
            continue
        pubs[topic] = sorted({(a.duplicate_of or a.id): (a.published or "")[:10] for a, _ in items}.values())
        canon = {a.id: (a.duplicate_of or a.id) for a, _ in items}
        conc: dict[str, set[str]] = defaultdict(set)
        heavy: dict[str, set[str]] = defaultdict(set)
        for e in T.build_timeline(items, with_claims=False).entries:
            if e.dated_by != "text" or e.granularity not in ("day", "time"):
                continue
            for s in e.sources:
                if s.published and s.published[:10] < e.date[:10]:
                    continue
                art = canon.get(s.article_id, s.article_id)
                if T.concepts_of(s.sentence, "en"):
                    conc[e.date[:10]].add(art)
                if s.lemma not in LIGHT:
                    heavy[e.date[:10]].add(art)
        kinds[topic] = (conc, heavy)

    def published(topic: str, day: str, a: int, b: int | None = None) -> int:  # from day+a to day+b
        p = pubs[topic]
        end = len(p) if b is None else bisect.bisect_left(p, _shift(day, b + 1))
        return end - bisect.bisect_left(p, _shift(day, a))

    for r in rows:
        topic, feats = r[0], r[1]
        conc, heavy = kinds[topic]
        for d, f in feats.items():
            f["opp30"], f["opp0"] = published(topic, d, 30), published(topic, d, 0)
            f["pub_next"] = published(topic, d, 1, 1)
            f["after2"] = published(topic, d, 0, 2)
            f["onset"] = max(0.0, f["after2"] - published(topic, d, -3, -1))
            f["conc"], f["heavy"] = float(len(conc.get(d, ()))), float(len(heavy.get(d, ())))


def cells() -> dict[str, tuple[dict[str, float], object]]:
    """Variant name -> (weights, per-day transform or None)."""
    base = dict(T.DATE_WEIGHTS)
    out: dict[str, tuple[dict[str, float], object]] = {"shipped": (base, None)}
    for c in (5, 20):
        for w in (0.5, 1, 2, 4):
            def share(f, c=c):
                f["rshare"] = f.get("retro", 0.0) / (f["opp30"] + c) * 10
                f["tshare"] = f.get("text", 0.0) / (f["opp0"] + c) * 10
            for key in ("rshare", "tshare"):
                out[f"{key} c{c} w{w}"] = ({**base, key: w}, share)
    for key, ws in (("pub_next", (0.25, 0.5, 1)), ("after2", (0.05, 0.1, 0.25, 0.5)), ("onset", (0.05, 0.1, 0.25, 0.5)),
                    ("conc", (-0.25, 0.25, 0.5, 1)), ("heavy", (-0.25, 0.25, 0.5, 1))):
        for w in ws:
            out[f"{key} {w}"] = ({**base, key: w}, None)
    for w in (0, 0.1, 0.25, 0.75):
        out[f"future {w}"] = ({**base, "future": w}, None)
    no_future = {k: v for k, v in base.items() if k != "future"}
    for cap in (0.5, 1, 2):
        def capped(f, cap=cap):
            f["fcap"] = min(f.get("future", 0.0), cap * f.get("text", 0.0))
        out[f"future capped at {cap} x later"] = ({**no_future, "fcap": base["future"]}, capped)

    def confirmed(f):
        f["fconf"] = f.get("future", 0.0) if f.get("text", 0.0) >= 2 else 0.0
    out["future only with 2+ later reports"] = ({**no_future, "fconf": base["future"]}, confirmed)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--t17", default=F.T17_DEV)
    ap.add_argument("--entities", default="")
    args = ap.parse_args()
    data = F.load([t for t in args.t17.split(",") if t], [e for e in args.entities.split(",") if e])
    rows = F.table_of(data)
    add_features(data, rows)
    results = {}
    for name, (weights, transform) in cells().items():
        if transform is not None:
            for r in rows:
                for f in r[1].values():
                    transform(f)
        scores = F.rank_f1(rows, weights)
        results[name] = scores
        hits = sum(round(s * r[3]) for s, r in zip(scores, rows))
        print(F.fmt(name, rows, scores), f"| gold dates found {hits}")
    loo([r[0] for r in rows], results)


if __name__ == "__main__":
    main()
