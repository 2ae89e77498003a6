"""Scale (SYNTHETIC): per-article add time and memory of the story index at 1k, 10k, 100k articles.

Usage: .venv/bin/python bench/stories/scale_bench.py [--sizes 1000,10000,100000] [--json OUT]

Measures the index alone: profiles are precomputed. The synthetic stream resamples the real
profiles of the clustering bench's dev sample (bench/stories/cluster_bench.py, cached) and
shifts them in time: article *i* copies a random real profile, moves its publication date
forward with the stream (about 60 articles a day), renames its rarer keys into one of
``i / 8`` synthetic stories (so the number of stories and distinct keys grows with the index, as
in a real store) while frequent keys (in 3+ real profiles) stay shared by everything, and mixes
its embedding with a random direction of that story (cosine ~0.75 within a synthetic story).
Timing: mean and 95th percentile over the 500 adds that follow each size mark; then the end-of-batch
re-assignment pass (``StoryIndex.reassign``) over those 500 articles, timed per article on a copy of
the index (the stream goes on unchanged), then the fragment step and the story merge (``merge_stories``,
given the members of the stories those 500 touched, as the linker reads them back; the script keeps
every profile for that, ~4 KB each, so the 100k mark needs ~0.5 GB more). Memory: the serialised
state size and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.stories import cluster_bench
from storyline.link.story_index import StoryIndex
from storyline.link.story_profile import DocFreq, Profile

PROBE = 500


def real_profiles() -> list[Profile]:
    docs = cluster_bench.split(cluster_bench.load_sets(40, 40))["dev"]
    return cluster_bench.stream(docs)[0]


def synthetic(base: list[Profile], n: int, seed: int = 0):
    """Yield ``n`` synthetic profiles resampled from ``base`` (see the module docstring)."""
    rng = np.random.default_rng(seed)
    df = DocFreq.of(base)
    common = {k for k, c in df.counts.items() if c >= 3}
    start = min(p.published for p in base if p.published is not None)
    for i in range(n):
        src = base[int(rng.integers(len(base)))]
        story = int(rng.integers(max(1, i // 8) + 1))
        d = np.random.default_rng(1_000_000 + story).normal(size=512).astype(np.float32)
        d /= np.linalg.norm(d)
        yield replace(src, article_id=f"syn{i}", published=start + i // 60,
                      entities=_tag(src.entities, common, story), terms=_tag(src.terms, common, story),
                      vector=_mix(src.vector, d), head=_mix(src.head, d))


def _tag(keys: dict[str, float], common: set[str], story: int) -> dict[str, float]:
    return {(k if k in common else f"{k}~{story}"): v for k, v in keys.items()}


def _mix(vec: np.ndarray | None, direction: np.ndarray) -> np.ndarray | None:
    return None if vec is None else 0.5 * vec + 0.87 * direction


def run(sizes: list[int]) -> list[dict[str, float]]:
    base = real_profiles()
    idx = StoryIndex()
    marks = sorted(sizes)
    total = marks[-1] + PROBE
    out, times, probe = [], [], []
    seen: dict[str, Profile] = {}  # every profile, standing for the store the merge step reads members from
    for i, p in enumerate(synthetic(base, total)):
        seen[p.article_id] = p
        t = time.perf_counter()
        idx.add(p)
        if marks and marks[0] <= i < marks[0] + PROBE:
            times.append(time.perf_counter() - t)
            probe.append(p)
        if marks and i == marks[0] + PROBE - 1:
            ms = np.array(times) * 1000
            text = json.dumps(idx.to_dict())
            copy = StoryIndex.from_dict(json.loads(text))
            t = time.perf_counter()
            moved = copy.reassign(probe)
            reassign_ms = (time.perf_counter() - t) * 1000 / len(probe)
            t = time.perf_counter()
            dissolved = copy.dissolve_fragments(probe)  # (b7), after the pass as StoryLinker runs it
            fragments_ms = (time.perf_counter() - t) * 1000 / len(probe)
            t = time.perf_counter()
            merged = copy.merge_stories(_touched_members(copy, probe, seen))  # (b8), last, as StoryLinker runs it
            merge_ms = (time.perf_counter() - t) * 1000 / len(probe)
            t = time.perf_counter()
            again = copy.reassign(probe) if copy.params.reassign_again else {}  # (b10), after the merge
            again_ms = (time.perf_counter() - t) * 1000 / len(probe)
            out.append({"index_size": marks[0], "stories": len(idx.stories), "mean_ms": round(float(ms.mean()), 3),
                        "p95_ms": round(float(np.percentile(ms, 95)), 3), "state_mb": round(len(text) / 1e6, 1),
                        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                        "reassign_ms": round(reassign_ms, 3), "reassigned": len(moved),
                        "fragments_ms": round(fragments_ms, 3), "dissolved": len(dissolved),
                        "merge_ms": round(merge_ms, 3), "merged": len(merged),
                        "again_ms": round(again_ms, 3), "reassigned_again": len(again)})
            probe = []
            print(out[-1], file=sys.stderr, flush=True)
            marks.pop(0)
            times = []
    return out


def _touched_members(idx: StoryIndex, probe: list[Profile], seen: dict[str, Profile]) -> list[Profile]:
    """The members of the stories the probe touched that the merge step considers (as
    ``StoryLinker._merge_stories`` reads them back from the store)."""
    touched = {idx.article_story[p.article_id] for p in probe if p.article_id in idx.article_story}
    size = idx.params.merge_max_size
    return [seen[m] for sid in sorted(touched) if sid in idx.stories
            and 2 <= len(idx.stories[sid].members) <= size for m in idx.stories[sid].members]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--json")
    args = ap.parse_args()
    res = run([int(s) for s in args.sizes.split(",")])
    print("| index size (synthetic) | stories | mean add ms | p95 add ms | state MB (JSON) | peak RSS MB | "
          "re-assignment ms per article (moved of 500) | fragments ms per article (moved) | "
          "story merge ms per article (moved) | second re-assignment ms per article (moved) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in res:
        print(f"| {r['index_size']:,} | {r['stories']:,} | {r['mean_ms']} | {r['p95_ms']} | {r['state_mb']} | "
              f"{r['peak_rss_mb']} | {r['reassign_ms']} ({r['reassigned']}) | {r['fragments_ms']} ({r['dissolved']}) | "
              f"{r['merge_ms']} ({r['merged']}) | {r['again_ms']} ({r['reassigned_again']}) |")
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
