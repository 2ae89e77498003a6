"""Re-assignment at the end of a batch, measured on the (b2) dev streams (``StoryIndex.reassign``).

Usage: .venv/bin/python bench/stories/reassign.py [--db PATH] [--margins 0,1,2] [--rounds 1,2]
       [--alone yes,no] [--offsets 0,1] [--down none,any,person] [--streams full/seq,dev2]
       [--linker | --heldout] (with --linker / --heldout: one value each for the settings)

Each stream (``full_variants.streams``: the full-scale dev topics in t17.py / date order, the dev,
dev2, dev+dev2 samples and the mixed stream) is streamed as ONE batch into the shipped
``StoryIndex`` (generic link model, deciding late), settled at its end as ``storyline add`` does,
then every article of the batch is re-decided once or twice (``reassign``): scored against its
own story with itself taken out and against its other candidates, moved when another story wins
by more than the margin. ``--linker`` runs the chosen configuration through ``StoryLinker`` and an
in-memory store (``late.run_linker``). ``--heldout`` reads held-out data: run once, for the
configuration chosen on dev. Nothing is written to any stored database.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.stories import cluster_bench as cb
from bench.stories import full_bench as fb
from bench.stories import full_variants as fv
from bench.stories import late
from storyline.link.story_index import Params, StoryIndex


def base(profiles, params: Params) -> StoryIndex:
    idx = StoryIndex(params)
    for p in profiles:
        idx.add(p)
    idx.settle_all()
    idx.moves = {}
    return idx


def cell(name: str, pred: list[str], gold: list[str]) -> str:
    res = cb.score(pred, gold)
    ent = f"/{fv.entities_f1(res):.3f}" if name in ("dev", "dev2", "dev+dev2", "mixed") else ""
    return f"{name} {res['bcubed']['F1']:.3f}{ent}({res['clusters']})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=fb.DEFAULT_DB)
    ap.add_argument("--margins", default="0,0.5,1,2,4")
    ap.add_argument("--rounds", default="1,2")
    ap.add_argument("--alone", default="yes,no")
    ap.add_argument("--offsets", default="1", help="reassign_alone_offset values")
    ap.add_argument("--down", default="none", help="moves into a smaller story: any,none,person")
    ap.add_argument("--streams", default="")
    ap.add_argument("--linker", action="store_true")
    ap.add_argument("--heldout", action="store_true")
    args = ap.parse_args()
    margins = [float(m) for m in args.margins.split(",")]
    rounds = [int(r) for r in args.rounds.split(",")]
    alones = [a == "yes" for a in args.alone.split(",")]
    if args.heldout or args.linker:
        for m in margins:
            for r in rounds:
                for a in alones:
                    params = Params(reassign_margin=m, reassign_rounds=r, reassign_alone=a,
                                    reassign_down=args.down, reassign_alone_offset=float(args.offsets))
                    if args.heldout:
                        fig = late.heldout(args.db, params, late.run_linker if args.linker else late.run)
                    else:
                        data = fv.streams(args.db)
                        if args.streams:
                            data = {k: v for k, v in data.items() if k in args.streams.split(",")}
                        fig = "  ".join(cell(n, late.run_linker(pr, params)[0], g) for n, (pr, g) in data.items())
                    print(f"margin {m} rounds {r} alone {a}{' linker' if args.linker else ''}: {fig}", flush=True)
        return
    data = fv.streams(args.db)
    if args.streams:
        data = {k: v for k, v in data.items() if k in args.streams.split(",")}
    rows: dict[str, list[str]] = {"shipped": []}
    for name, (profiles, gold) in data.items():
        idx0 = base(profiles, Params())
        a0 = idx0.assignments()
        rows["shipped"].append(cell(name, [a0[p.article_id] for p in profiles], gold))
        for m in margins:
            for r in rounds:
                for a in alones:
                  for down in args.down.split(","):
                   for off in [float(x) for x in args.offsets.split(",")]:
                    idx = copy.deepcopy(idx0)
                    idx.params.reassign_alone_offset = off
                    idx.params.reassign_alone = a
                    idx.params.reassign_down = down
                    moved = idx.reassign(profiles, margin=m, rounds=r)
                    asg = idx.assignments()
                    key = f"m {m} r {r} alone {'y' if a else 'n'} down {down} offset {off}"
                    rows.setdefault(key, []).append(cell(name, [asg[p.article_id] for p in profiles], gold)
                                                    + f"[{len(moved)}]")
        print(f"{name} done", file=sys.stderr, flush=True)
    for key, cells in rows.items():
        print(f"{key}: " + "  ".join(cells), flush=True)


if __name__ == "__main__":
    main()
