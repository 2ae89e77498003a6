"""Re-assignment into a smaller story, and a second pass after the merge: guards measured on DEV streams.

Usage: STORYLINE_BENCH_STAGES=v1 .venv/bin/python bench/stories/down_guard.py [--streams big,full/seq,...]
       [--variants b9 shipped b9,down:unnamed shipped,named:0,again:0,mn:0 ...] [--diff]

(b9) left two candidates that lift the big dev stream but cost one dev stream a little:
``down:unnamed`` (an article that does not name its own focused story's defining entity may be
re-assigned to a smaller story) and ``again:1`` (a second re-assignment pass after the story
merge). This script measures them and the guards of (b10) (``params_of``: ``named``, ``mn``) on
the big dev stream (``big_dev.py``) and the (b2) streams; ``--diff`` prints, per stream and
variant, every article whose final story differs from the first variant's, with its gold story
and the gold make-up of both stories. Dev data only. The streams are cached in ``/tmp/s9st_streams.pkl`` (a
pickle of the profiles, rebuilt when missing).
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
from dataclasses import replace
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.stories import big_dev, late
from bench.stories import cluster_bench as cb
from bench.stories import full_bench as fb
from bench.stories import full_variants as fv
from storyline.link.story_index import Params, StoryIndex

STREAMS_CACHE = Path(os.environ.get("S9ST_STREAMS", "/tmp/s9st_streams.pkl"))


def load_streams(names: list[str]) -> dict:
    if STREAMS_CACHE.exists():
        data = pickle.loads(STREAMS_CACHE.read_bytes())
    else:
        data = dict(fv.streams(fb.DEFAULT_DB))
        if "big" in names:
            data["big"] = big_dev.stream()
        STREAMS_CACHE.write_bytes(pickle.dumps(data))
    return {n: data[n] for n in names}


def params_of(spec: str) -> tuple[Params, bool]:
    """``b9`` ((b9)'s settings: ``down:none,named:0,again:0,mn:0``) or the shipped ones, with
    ``down:none|unnamed|...`` (``reassign_down``), ``named:0|1`` (``reassign_named``) and
    ``again:0|1`` (``reassign_again``), ``mag:0|1`` (``merge_again``) or any setting as
    ``name=value`` (``full_bench.with_settings``) on top."""
    p = late.params_for("generic", "w:40,gap:180,size:3")
    for part in filter(None, spec.split(",")):
        if part == "shipped":
            continue
        if part == "b9":
            p.reassign_down, p.reassign_named, p.reassign_again, p.merge_named = "none", False, False, False
            continue
        if "=" in part:  # any Params field by name (full_bench.with_settings)
            p = fb.with_settings(p, part)
            continue
        key, value = part.split(":")
        if key == "again":
            p.reassign_again = value == "1"
        elif key == "down":
            p.reassign_down = value
        elif key == "named":
            p.reassign_named = value == "1"
        elif key == "mn":
            p.merge_named = value == "1"
        elif key == "mag":  # session 10: the story merge once more after the second pass
            p.merge_again = value == "1"
        elif key in ("mf", "mr", "mms", "msh", "mg"):
            setattr(p, {"mf": "merge_focus", "mr": "merge_ratio", "mms": "merge_max_size", "msh": "merge_share",
                        "mg": "merge_margin"}[key], int(value) if key == "mms" else float(value))
        else:
            raise ValueError(part)
    return p, p.reassign_again


def run_index(profiles, params: Params, again: bool) -> StoryIndex:
    idx = StoryIndex(replace(params, reassign_again=again))
    for p in profiles:
        idx.add(p)
    idx.end_batch(profiles)  # what StoryLinker does at the end of the batch, in memory
    return idx


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--streams", default="big,full/seq,full/date,dev,dev2,dev+dev2,mixed")
    ap.add_argument("--variants", nargs="*", default=["shipped"])
    ap.add_argument("--diff", action="store_true")
    args = ap.parse_args()
    data = load_streams(args.streams.split(","))
    base: dict[str, list[str]] = {}
    for spec in args.variants:
        params, again = params_of("" if spec == "shipped" else spec)  # the first variant is the base of --diff
        cells = []
        for name, (profiles, gold) in data.items():
            t0 = time.time()
            idx = run_index(profiles, params, again)
            final = idx.assignments()
            pred = [final[p.article_id] for p in profiles]
            if name == "big":
                r = big_dev.report(pred, gold, f"  {spec} big ({time.time() - t0:.0f} s)", per_story=True)
                cells.append(f"big {r['F1']:.3f}/{r['sets']['entities/']:.3f}/{r['sets']['t17/']:.3f}")
            else:
                res = cb.score(pred, gold)
                ent = f"/{fv.entities_f1(res):.3f}" if name in ("dev", "dev2", "dev+dev2", "mixed") else ""
                cells.append(f"{name} {res['bcubed']['F1']:.4f}{ent}")
            if spec == args.variants[0]:
                base[name] = pred
            elif args.diff and name in base:
                diff(name, profiles, gold, base[name], pred)
        print(f"{spec}: " + "  ".join(cells), flush=True)


def diff(name: str, profiles, gold: list[str], before: list[str], after: list[str]) -> None:
    def makeup(pred: list[str], sid: str) -> str:
        c = Counter(g.split("/")[1][:10] for g, s in zip(gold, pred) if s == sid)
        return f"{sum(c.values())}:{dict(c.most_common(3))}"
    for i, (a, b) in enumerate(zip(before, after)):
        if a != b:
            print(f"    {name} {profiles[i].article_id[:14]} day {profiles[i].published} gold {gold[i]}: "
                  f"{makeup(before, a)} -> {makeup(after, b)}", flush=True)


if __name__ == "__main__":
    main()
