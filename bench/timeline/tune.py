"""Grids over the timeline's date-selection weights on the *dev* topics only (date F1, no ROUGE).

    .venv/bin/python -m bench.timeline.tune [--topics H1N1_bbc,MJ_bbc] [--grid weights|retro]

Prints date F1 per setting (mean, then per timeline, to check a gain is not one timeline's); the
chosen values are written by hand into ``storyline.present.timeline_rank`` with a comment.
``weights``: PUBLISHED_WEIGHT x coarse-date weights (month, year) with the retrospective weight
as shipped; ``retro``: RETROSPECTIVE_DAYS x RETROSPECTIVE_WEIGHT.
"""

from __future__ import annotations

import argparse
import itertools

from bench.timeline import corpus
from bench.timeline.run import date_prf, mark_duplicates, storyline_system
from storyline.present import timeline_rank as timeline  # the weights live there

DEV_TOPICS = "H1N1_bbc,MJ_bbc"


def _score(data: list) -> str:
    scores = [date_prf(set(storyline_system(items, len(g.dates), 1)), set(g.dates))[2] for items, g in data]
    return f"date F1 {sum(scores) / len(scores):.3f} (" + " ".join(f"{s:.3f}" for s in scores) + ")"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--topics", default=DEV_TOPICS)
    ap.add_argument("--grid", choices=("weights", "retro"), default="weights")
    args = ap.parse_args()
    data = []
    for topic in args.topics.split(","):
        items = mark_duplicates(list(corpus.extracted("t17", corpus.t17_docs(topic))))
        data += [(items, g) for g in corpus.t17_gold(topic)]
    base = dict(timeline.GRANULARITY_WEIGHT)
    if args.grid == "retro":
        for days, weight in itertools.product((14, 30, 60), (1.0, 1.5, 2.0, 3.0)):
            timeline.RETROSPECTIVE_DAYS, timeline.RETROSPECTIVE_WEIGHT = days, weight
            timeline.DATE_WEIGHTS["retro"] = weight - 1
            print(f"retrospective {days} days x{weight:.1f}: {_score(data)}")
        return
    coarse = [("1/days", base["month"], base["year"])] + [(None, m, y) for m, y in
                                                          itertools.product((0.1, 0.25, 0.5), (0.04, 0.1, 0.25))]
    for pub_w, (name, month_w, year_w) in itertools.product((0.25, 0.5, 1.0), coarse):
        timeline.PUBLISHED_WEIGHT = timeline.DATE_WEIGHTS["published"] = pub_w
        timeline.GRANULARITY_WEIGHT = base | {"month": month_w, "week": month_w, "year": year_w,
                                              "season": year_w, "quarter": year_w, "half": year_w}
        label = name or f"month {month_w:.2f} year {year_w:.2f}"
        print(f"published {pub_w:.2f} {label}: {_score(data)}")


if __name__ == "__main__":
    main()
