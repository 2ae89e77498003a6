"""Date errors of the shipped timeline on development collections, counted by kind (dev only).

    .venv/bin/python -m bench.timeline.errors [--t17 H1N1_bbc,MJ_bbc] [--entities A,B] [--show 20]

For every gold timeline (top ``N`` = the gold's number of dates, as ``t17.py``):

- each **missed gold day** is ``never`` (no report names it as a day, nor was published on it),
  ``published`` (only a publication day: no text names it) or ``ranked`` (named as a day but
  ranked below the cut; its rank is given); ``next_to_pick`` when a day beside it was chosen;
- each **false day** is ``next_to_gold`` (a gold day is one day away) or ``elsewhere``;
- **surfaces** (per collection, once): date-like words in the texts (``14 February``, ``Feb 14``,
  a weekday, ``yesterday``...) and how many of them the time extractor did not read as a day,
  with examples (``--show``): the extraction misses that could cost a gold day.

Reads the bench caches (``STORYLINE_BENCH_T17_FINGERPRINT`` / ``STORYLINE_BENCH_ENT_FINGERPRINT``
as ``features.py``). Never run it on held-out collections: it reads their gold.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from collections import Counter, defaultdict

from bench.timeline import features as F
from storyline.present import timeline as T
from storyline.present import timeline_rank

_MONTH = ("January|February|March|April|May|June|July|August|September|October|November|December|"
          "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec")
SURFACES = {
    "day month": re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH})\b\.?"),
    "month day": re.compile(rf"\b(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b"),
    "numeric": re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)?\d{2}\b"),
    "weekday": re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"),
    "deictic": re.compile(r"\b(?:yesterday|today|tonight|tomorrow)\b", re.I),
}
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _near(day: str, days: set[str]) -> bool:
    d = dt.date.fromisoformat(day)
    return any((d + dt.timedelta(k)).isoformat() in days for k in (-1, 1))


def date_errors(items, gold: set[str]) -> tuple[Counter, list[tuple]]:
    """Counts of missed and false days of one timeline, and one row per missed gold day."""
    tl = T.build_timeline(items, with_claims=False)
    canonical = {a.id: (a.duplicate_of or a.id) for a, _ in items}
    feats = T.date_features(list(tl.entries), canonical)
    dates: dict[str, list] = defaultdict(list)
    for e in tl.entries:
        dates[e.date].append(e)
    ranked = sorted(dates, key=lambda d: timeline_rank._date_rank(d, dates[d], feats[d]))
    pred = {d for d in ranked[:len(gold)] if T.granularity_of(d) == "day"}
    named = {e.date for e in tl.entries if e.dated_by == "text" and e.granularity in ("day", "time")}
    counts: Counter = Counter()
    rows = []
    for d in sorted(gold - pred):
        kind = "ranked" if d in named else "published" if d in dates else "never"
        counts[f"missed {kind}"] += 1
        counts["missed next_to_pick"] += _near(d, pred)
        rows.append((d, kind, ranked.index(d) if d in dates else None))
    for d in pred - gold:
        counts["false " + ("next_to_gold" if _near(d, gold) else "elsewhere")] += 1
    counts["gold"] += len(gold)
    counts["found"] += len(pred & gold)
    return counts, rows


def surface_misses(items) -> tuple[Counter, Counter, dict[str, list[str]]]:
    """Date-like surfaces per kind, those not read as a day, and examples of the latter."""
    total: Counter = Counter()
    missed: Counter = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for article, ex in items:
        for kind, pattern in SURFACES.items():
            for m in pattern.finditer(article.text):
                total[kind] += 1
                over = [t for t in ex.times if t.start < m.end() and m.start() < t.end]
                if any(t.granularity in ("day", "time") and _DAY.match(t.value) for t in over):
                    continue
                missed[kind] += 1
                read = ", ".join(f"{t.text!r}={t.value}" for t in over) or "not read"
                context = article.text[max(0, m.start() - 50):m.end() + 30].replace("\n", " | ")
                examples[kind].append(f"{m.group(0)!r} ({read}): ...{context}...")
    return total, missed, examples


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--t17", default=F.T17_DEV)
    ap.add_argument("--entities", default="")
    ap.add_argument("--show", type=int, default=10, help="examples of unread surfaces per kind")
    args = ap.parse_args()
    data = F.load([t for t in args.t17.split(",") if t], [t for t in args.entities.split(",") if t])
    all_counts: Counter = Counter()
    total: Counter = Counter()
    missed: Counter = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    seen: set[int] = set()
    for _topic, items, gold in data:
        counts, rows = date_errors(items, set(gold.dates))
        all_counts += counts
        print(f"{gold.name}: found {counts['found']} of {counts['gold']}; missed "
              + ", ".join(f"{d} {k}" + (f" (rank {r})" if k == "ranked" else "") for d, k, r in rows))
        if id(items) not in seen:
            seen.add(id(items))
            t, m, e = surface_misses(items)
            total += t
            missed += m
            for k, v in e.items():
                examples[k] += v
    print("\n" + ", ".join(f"{k} {v}" for k, v in sorted(all_counts.items())))
    print("surfaces not read as a day: " + ", ".join(f"{k} {missed[k]} of {total[k]}" for k in SURFACES))
    rng = random.Random(0)
    for kind, rows in examples.items():
        print(f"\n{kind}:")
        for row in rng.sample(rows, min(args.show, len(rows))):
            print("  " + row)


if __name__ == "__main__":
    main()
