"""The story-linking quality gate: small fixed subsets, measured in well under 90 s.

Usage: .venv/bin/python bench/stories/gate.py [--write]

- ``semeval_enfr_test``: Pearson (with -Overall) on the held-out en/fr pairs of SemEval-2022
  task 8 (the *test* half of bench/stories/semeval_bench.py's split, 93 pairs).
- ``cluster_small``: B-cubed F1 of the clusterer on the 13 held-out entities_tls collections of
  the clustering bench, ``PER_SET`` articles each (same sample rule: smallest sha1 of the text),
  streamed together (Timeline17 left out to stay within the time budget on a cold cache).

``--write`` re-pins the floors in floors.json a little below the measured values (on purpose only).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.stories import (
    cluster_bench,
    common,
    semeval_bench,
)
from storyline.link import stories
from storyline.link.story_index import Params

FLOORS = Path(__file__).resolve().parent / "floors.json"
PER_SET = 3
MARGIN = 0.03  # floors sit this far below the measured value (run-to-run noise is ~0)


def semeval_enfr_test() -> float:
    rows = [r for r in semeval_bench.load_rows() if not semeval_bench.is_dev(r["pair_id"])
            and r["lang1"] in ("en", "fr") and r["lang2"] in ("en", "fr")]
    pa, pb, df = semeval_bench.pair_profiles(rows)
    sims = [stories.compare(a, b, df).similarity for a, b in zip(pa, pb)]
    return common.pearson(sims, [-float(r["Overall"]) for r in rows])


def cluster_small() -> float:
    sets = cluster_bench.load_sets(PER_SET, 0)
    profiles, gold = cluster_bench.stream(cluster_bench.split(sets)["test"])
    return cluster_bench.bcubed(cluster_bench.ours(profiles, Params()), gold)["F1"]


MEASURES = {"semeval_enfr_test": semeval_enfr_test, "cluster_small": cluster_small}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    measured = {name: round(fn(), 3) for name, fn in MEASURES.items()}
    print(json.dumps(measured))
    if args.write:
        floors = {k: round(v - MARGIN, 2) for k, v in measured.items()}
        FLOORS.write_text(json.dumps({"floors": floors, "measured": measured}, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
