"""Grid over the timeline's date-selection weights on the *dev* topics only (date F1, no ROUGE).

    .venv/bin/python -m bench.timeline.tune [--topics H1N1_bbc,MJ_bbc]

Prints date F1 per setting; the chosen values are written by hand into
``storyline.present.timeline`` (GRANULARITY_WEIGHT, PUBLISHED_WEIGHT) with a comment.
"""

from __future__ import annotations

import argparse
import itertools

from bench.timeline import corpus
from bench.timeline.run import date_prf, storyline_system
from storyline.present import timeline

DEV_TOPICS = "H1N1_bbc,MJ_bbc"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--topics", default=DEV_TOPICS)
    args = ap.parse_args()
    data = []
    for topic in args.topics.split(","):
        items = list(corpus.extracted("t17", corpus.t17_docs(topic)))
        data += [(items, g) for g in corpus.t17_gold(topic)]
    base = dict(timeline.GRANULARITY_WEIGHT)
    for pub_w, month_w, year_w in itertools.product((0.0, 0.25, 0.5, 1.0), (0.25, 0.5, 1.0), (0.1, 0.25, 1.0)):
        timeline.PUBLISHED_WEIGHT = pub_w
        timeline.GRANULARITY_WEIGHT = base | {"month": month_w, "week": month_w, "year": year_w,
                                              "season": year_w, "quarter": year_w}
        scores = [date_prf(set(storyline_system(items, len(g.dates), 1)), set(g.dates))[2] for items, g in data]
        print(f"published {pub_w:.2f} month {month_w:.2f} year {year_w:.2f}: date F1 {sum(scores) / len(scores):.3f}")


if __name__ == "__main__":
    main()
