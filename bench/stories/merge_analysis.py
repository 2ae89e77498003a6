"""Error analysis for a story-level merge (dev streams only): which story pairs would merge, and why.

Usage: .venv/bin/python bench/stories/merge_analysis.py [--db PATH] [--streams full/seq,dev2] [--min-size 2]

Each stream goes through the shipped ``StoryIndex`` as one batch (settled, ``reassign``,
``dissolve_fragments``). Then for every story S of at least ``--min-size`` members and every
larger candidate story T (``StoryIndex.candidates`` of S's aggregate), it prints: the link score of
S's aggregate as a report against T (``agg``), the share of S's members whose best larger story,
scored as a new report, is T at or above the threshold less 1 (``vote``) and their mean score
against T (``mean``), the two stories' defining entities and how much of each the other names, and
whether the pair is one gold story (by the majority gold label of each: ``RIGHT``/``wrong``).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.stories import full_bench as fb
from bench.stories import full_variants as fv
from storyline.link.story_index import Params, StoryIndex, cluster, link_features, link_score


def final_index(profiles, params: Params) -> StoryIndex:
    return cluster(profiles, params)  # the merge is off when params.merge_margin is None


def defining(idx: StoryIndex, sid: str) -> tuple[str, float]:
    """The story's defining entity (coverage x idf) and its coverage."""
    s = idx.stories[sid]
    n = max(1, len(s.members))
    best = max(((c / n * idx.df.idf(k), k) for k, c in s.entity_docs.items()), default=(0.0, ""))
    return best[1], s.entity_docs.get(best[1], 0) / n


def analyse(name: str, profiles, gold, params: Params, min_size: int) -> None:
    idx = final_index(profiles, params)
    by_id = {p.article_id: p for p in profiles}
    label = dict(zip((p.article_id for p in profiles), gold))
    thr = params.join_threshold - 1.0
    print(f"== {name}: {len(idx.stories)} stories")
    for sid, s in sorted(idx.stories.items(), key=lambda kv: -len(kv[1].members)):
        comp = Counter(label[a] for a in s.members)
        if len(s.members) >= 3:
            print(f"  story {sid[:18]} n={len(s.members)} {dict(comp.most_common(3))} def={defining(idx, sid)}")
    rows = []
    for sid, s in idx.stories.items():
        if len(s.members) < min_size:
            continue
        members = [by_id[a] for a in s.members]
        agg_p = s.profile()
        cands = [c for c in idx.candidates(agg_p) if c != sid and len(idx.stories[c].members) > len(s.members)]
        best_of: Counter[str] = Counter()
        for m in members:
            best, bs = None, thr
            for c in idx.candidates(m):
                if c == sid or len(idx.stories[c].members) <= len(s.members):
                    continue
                sc = link_score(link_features(m, idx.stories[c], idx.df), params.link_model)
                if sc >= bs:
                    best, bs = c, sc
            if best:
                best_of[best] += 1
        for c in cands:
            t = idx.stories[c]
            feats = link_features(agg_p, t, idx.df)
            agg = link_score(feats, params.link_model)
            mean = sum(link_score(link_features(m, t, idx.df), params.link_model) for m in members) / len(members)
            gs = Counter(label[a] for a in s.members).most_common(1)[0][0]
            gt = Counter(label[a] for a in t.members).most_common(1)[0][0]
            ds, dt = defining(idx, sid), defining(idx, c)
            cov_st = t.entity_docs.get(ds[0], 0) / len(t.members)
            cov_ts = s.entity_docs.get(dt[0], 0) / len(s.members)
            rows.append((agg, f"  {'RIGHT' if gs == gt else 'wrong'} S={len(s.members)}({gs[:18]}) "
                         f"T={len(t.members)}({gt[:18]}) agg {agg:.2f} vote {best_of[c] / len(members):.2f} "
                         f"mean {mean:.2f} emb {feats.get('emb', 0):.2f} coh {feats.get('coh', 0):.2f} "
                         f"dom {feats.get('dom', 0):.2f} aper {feats.get('aper', 0):.2f} "
                         f"defS {ds[0]}:{ds[1]:.2f} inT {cov_st:.2f} defT {dt[0]}:{dt[1]:.2f} inS {cov_ts:.2f}"))
    for agg, line in sorted(rows, key=lambda r: -r[0]):
        if agg > params.join_threshold - 4 or " vote 0.00" not in line:
            print(line)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=fb.DEFAULT_DB)
    ap.add_argument("--streams", default="")
    ap.add_argument("--min-size", type=int, default=2)
    args = ap.parse_args()
    data = fv.streams(args.db)
    for name, (profiles, gold) in data.items():
        if args.streams and name not in args.streams.split(","):
            continue
        analyse(name, profiles, gold, Params(), args.min_size)


if __name__ == "__main__":
    main()
