"""What keeps a topic's pieces apart after the end-of-batch passes: DEV streams only.

Usage: STORYLINE_BENCH_STAGES=v1 .venv/bin/python bench/stories/pieces.py [--streams big,full/seq,full/date,mixed]
       [--variant shipped] [--min 2]

Runs the shipped pipeline (``down_guard.run_index``) on each stream, then for every gold story
takes its main predicted story T (the one holding most of its articles) and every other predicted
story S holding at least ``--min`` of its articles, and says which guard of the story merge
(``StoryIndex._merge_target``) refuses S -> T: ``size`` (S above ``merge_max_size``), ``ratio``
(T smaller than ``merge_ratio`` x S), ``focus`` (T's defining entity in ``merge_focus`` or more of
T), ``score`` (S's aggregate below the threshold + ``merge_margin`` against T; the margin is printed),
``best`` (another target scores S higher), ``vote`` (share of S's members naming T as their best
larger story; printed). Singletons outside the main story are counted per gold story.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.stories import down_guard as dg
from storyline.link import story_index as si


def votes(idx, story, members, target) -> float:
    n = 0
    for m in members:
        best, score = None, idx.params.join_threshold - idx.params.fragment_offset
        for cand in idx.candidates(m):
            if cand == story.id or cand in idx.pending or len(idx.stories[cand].members) <= len(members):
                continue
            s = si.link_score(si.link_features(m, idx.stories[cand], idx.df), idx.params.link_model)
            if s >= score:
                best, score = cand, s
        n += best == target
    return n / max(1, len(members))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--streams", default="big,full/seq,full/date,mixed")
    ap.add_argument("--variant", default="shipped")
    ap.add_argument("--min", type=int, default=2)
    args = ap.parse_args()
    data = dg.load_streams(args.streams.split(","))
    params, again = dg.params_of("" if args.variant == "shipped" else args.variant)
    for name, (profiles, gold) in data.items():
        idx = dg.run_index(profiles, params, again)
        g_of = {p.article_id: g for p, g in zip(profiles, gold)}
        by_id = {p.article_id: p for p in profiles}
        per_gold: dict[str, Counter] = defaultdict(Counter)
        for p, g in zip(profiles, gold):
            per_gold[g][idx.article_story[p.article_id]] += 1
        thr = idx.params.join_threshold + (idx.params.merge_margin or 0)
        print(f"== {name}")
        for g, counts in sorted(per_gold.items()):
            (main_sid, n_main), *rest = counts.most_common()
            alone = sum(1 for sid, c in rest if len(idx.stories[sid].members) == 1)
            pieces = [(sid, c) for sid, c in rest if c >= args.min]
            if not pieces and not alone:
                continue
            t = idx.stories[main_sid]
            print(f"  {g}: main {n_main}/{sum(counts.values())} in {len(t.members)} (focus {idx._focus(t):.2f}); "
                  f"{alone} alone elsewhere")
            for sid, c in pieces:
                s = idx.stories[sid]
                why = []
                if len(s.members) > idx.params.merge_max_size:
                    why.append("size")
                if len(t.members) < idx.params.merge_ratio * len(s.members):
                    why.append("ratio")
                if idx._focus(t) >= idx.params.merge_focus:
                    why.append("focus")
                agg = s.profile()
                score = si.link_score(si.link_features(agg, t, idx.df), idx.params.link_model)
                if score < thr:
                    why.append("score")
                others = sorted(((si.link_score(si.link_features(agg, idx.stories[c2], idx.df)), c2)
                                 for c2 in idx.candidates(agg) if c2 not in (sid, main_sid)), reverse=True)[:1]
                if others and others[0][0] > score:
                    why.append("best")
                members = [by_id[a] for a in s.members if a in by_id]
                v = votes(idx, s, members, main_sid)
                if v < idx.params.merge_share:
                    why.append("vote")
                mk = Counter(g_of[a].split("/")[1][:10] for a in s.members).most_common(3)
                top = max(((cnt / len(s.members) * idx.df.idf(k), k) for k, cnt in s.entity_docs.items()),
                          default=(0, ""))[1]
                named = s.entity_docs.get(idx._defining(t), 0) / len(s.members)
                print(f"     {c:3d} in {len(s.members):3d} {dict(mk)} def {top} names T's {named:.2f} "
                      f"agg {score - thr:+.2f} vote {v:.2f} refused by: {','.join(why) or '-'}")


if __name__ == "__main__":
    main()
