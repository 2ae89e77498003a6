"""Dissolving small fragments at the end of a batch: a replay experiment on the (b2) dev streams.

Usage: .venv/bin/python bench/stories/fragments.py [--db PATH] [--sizes 3,5] [--offsets 0,1] [--min-share 1,0.66]

The experiment that chose ``StoryIndex.dissolve_fragments`` (now shipped; (b7) in the README).
After the (b6) pass (settle, then ``StoryIndex.reassign``), a story of 2..SIZE members, all of
the batch, is dissolved into one larger story T when at least MIN-SHARE of its members each score
T at or above the join threshold less OFFSET (scored as a new article would be, i.e. as if the
fragment had never formed) and name T as their best such story, and no member's move is one the
hold rule doubts. The idea: the (b6) pass leaves fragments of 2-5 reports that score higher with
each other than with their topic's main story. Dev streams only.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.stories import full_bench as fb
from bench.stories import full_variants as fv
from bench.stories.reassign import base, cell
from storyline.link.story_index import Params, StoryIndex


def dissolve(idx: StoryIndex, profiles: list, size: int, offset: float, share: float) -> int:
    """``StoryIndex.dissolve_fragments`` with these settings; the number of fragments moved."""
    idx.params.fragment_size, idx.params.fragment_offset, idx.params.fragment_share = size, offset, share
    return len(set(idx.dissolve_fragments(profiles).values()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=fb.DEFAULT_DB)
    ap.add_argument("--sizes", default="3,5")
    ap.add_argument("--offsets", default="0,1")
    ap.add_argument("--min-share", default="1,0.66")
    args = ap.parse_args()
    data = fv.streams(args.db)
    rows: dict[str, list[str]] = {"shipped (b6)": []}
    for name, (profiles, gold) in data.items():
        idx0 = base(profiles, Params(fragment_size=0))
        idx0.reassign(profiles)
        a0 = idx0.assignments()
        rows["shipped (b6)"].append(cell(name, [a0[p.article_id] for p in profiles], gold))
        for size in [int(x) for x in args.sizes.split(",")]:
            for off in [float(x) for x in args.offsets.split(",")]:
                for share in [float(x) for x in args.min_share.split(",")]:
                    idx = copy.deepcopy(idx0)
                    n = dissolve(idx, profiles, size, off, share)
                    asg = idx.assignments()
                    key = f"size<={size} offset {off} share {share}"
                    rows.setdefault(key, []).append(cell(name, [asg[p.article_id] for p in profiles], gold) + f"[{n}]")
        print(f"{name} done", file=sys.stderr, flush=True)
    for key, cells in rows.items():
        print(f"{key}: " + "  ".join(cells), flush=True)


if __name__ == "__main__":
    main()
