"""A story-level merge at the end of a batch, measured on the (b2) dev streams (``StoryIndex.merge_stories``).

Usage: .venv/bin/python bench/stories/story_merge.py [--db PATH] [--margins 0,1,2] [--ratios 2,4]
       [--focus 0.7,0.8,2] [--shares 0,0.5] [--sizes 12,20]
       (defaults: the shipped settings) [--streams full/seq,mixed]

Each stream (``full_variants.streams``) goes as ONE batch through the shipped ``StoryIndex``
(generic link model, deciding late, settled, ``reassign``, ``dissolve_fragments``); then, on a
copy, ``merge_stories`` runs with each combination of settings: a story S of 2..SIZE members joins
a candidate story T with at least RATIO x its members and a defining entity covering fewer than
FOCUS of T's members (``--focus 2``: no such guard), when S's aggregate, scored as one report
against T, reaches the join threshold + MARGIN and at least SHARE of S's members, scored as new
reports, name T as their best larger story. Cells: B-cubed F1 / Entities part (stories) [stories
merged]. Dev streams only; bench/stories/README.md (b8).
"""

from __future__ import annotations

import argparse
import copy
import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.stories import full_bench as fb
from bench.stories import full_variants as fv
from bench.stories.merge_analysis import final_index
from bench.stories.reassign import cell
from storyline.link.story_index import Params


def floats(text: str) -> list[float]:
    return [float(x) for x in text.split(",") if x]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=fb.DEFAULT_DB)
    ap.add_argument("--margins", default="1")
    ap.add_argument("--ratios", default="4")
    ap.add_argument("--focus", default="0.8")
    ap.add_argument("--shares", default="0.5")
    ap.add_argument("--sizes", default="20")
    ap.add_argument("--streams", default="")
    args = ap.parse_args()
    data = fv.streams(args.db)
    if args.streams:
        data = {k: v for k, v in data.items() if k in args.streams.split(",")}
    grid = list(itertools.product(floats(args.margins), floats(args.ratios), floats(args.focus),
                                  floats(args.shares), [int(x) for x in floats(args.sizes)]))
    rows: dict[str, list[str]] = {"shipped (b7)": []}
    for name, (profiles, gold) in data.items():
        idx0 = final_index(profiles, Params(merge_margin=None))
        a0 = idx0.assignments()
        rows["shipped (b7)"].append(cell(name, [a0[p.article_id] for p in profiles], gold))
        for margin, ratio, focus, share, size in grid:
            idx = copy.deepcopy(idx0)
            pr = idx.params
            pr.merge_margin, pr.merge_ratio, pr.merge_focus, pr.merge_share, pr.merge_max_size = (
                margin, ratio, focus, share, size)
            idx.merge_stories(profiles)
            asg = idx.assignments()
            key = f"margin {margin} ratio {ratio} focus {focus} share {share} size {size}"
            rows.setdefault(key, []).append(cell(name, [asg[p.article_id] for p in profiles], gold)
                                            + f"[{idx.stats['merged']}]")
        print(f"{name} done", file=sys.stderr, flush=True)
    for key, cells in rows.items():
        print(f"{key}: " + "  ".join(cells), flush=True)


if __name__ == "__main__":
    main()
