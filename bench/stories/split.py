"""Splitting a story in two at the end of a batch: error analysis and variants on DEV streams.

Usage: .venv/bin/python bench/stories/split.py --analyse [--streams big,mixed] [--min-size 10]
       .venv/bin/python bench/stories/split.py --variants "sep:0,part:5" "sep:-1,part:8" ... [--streams ...]

``--analyse`` runs the shipped pipeline (``late.run``: generic model, deciding late, the
end-of-batch passes) on each stream, then, for every story of at least ``--min-size`` members,
splits its members in two by 2-means over their lead vectors (cosine; seeded with the member
farthest from the centroid and the member farthest from that one) and prints, per story: the
parts' sizes and gold make-up, how tight each part is (``coh``: the length of the mean unit
vector), the cosine between the parts' centroids, and how the link model scores each part's
aggregate, as one report, against the other part as a story (``b>a``, ``a>b``): a split that the
model would merge back at once is no split. ``--variants`` applies ``StoryIndex.split_stories``
(``SplitIndex.split``, see ``params_of``; ``shipped`` = none) with the settings given and prints
B-cubed F1 per stream (Entities part).
``again:1`` runs the re-assignment pass a second time after the merge. Dev data only (the big dev
stream of ``big_dev.py`` and the (b2) streams). Two variants measured in (b9) needed ``src/``
options that were not kept (``md:1``, a merge guard, and ``down:unnamed``, a ``reassign_down``
mode): ``git show 028cce5:bench/stories/split.py`` with that commit's ``story_index.py``. Nothing
of this script is shipped: the split step lives here only (``SplitIndex``).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.stories import big_dev, late
from bench.stories import cluster_bench as cb
from bench.stories import full_bench as fb
from bench.stories import full_variants as fv
from storyline.link import story_index as si
from storyline.link.story_index import Params, StoryIndex
from storyline.link.story_profile import Profile


def two_means(members: list[Profile], rounds: int = 10) -> tuple[list[Profile], list[Profile]]:
    """Members in two groups by 2-means over their lead vectors (cosine), larger group first.

    Seeded without randomness: the member farthest from the centroid, then the member farthest
    from that one; members without a vector stay in the larger group. Cost: ``rounds`` passes
    over the members.

    >>> from storyline.link.story_profile import Profile
    >>> import numpy as np
    >>> v = lambda *x: np.array(x, np.float32) / np.linalg.norm(x)
    >>> ms = [Profile(f"a{i}", vector=v(1, 0.1 * i, 0)) for i in range(3)] + [Profile("b", vector=v(0, 0, 1))]
    >>> [[m.article_id for m in part] for part in two_means(ms)]
    [['a0', 'a1', 'a2'], ['b']]
    """
    withv = [m for m in members if m.vector is not None]
    if len(withv) < 2:
        return list(members), []
    x = np.stack([np.asarray(m.vector, np.float32) for m in withv])
    x = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    first = int(np.argmin(x @ x.mean(axis=0)))
    second = int(np.argmin(x @ x[first]))
    centres = np.stack([x[first], x[second]])
    side = np.zeros(len(withv), dtype=int)
    for _ in range(rounds):
        new = np.argmax(x @ centres.T, axis=1)
        if len(set(new.tolist())) < 2:
            break
        if (new == side).all() and _ > 0:
            break
        side = new
        for k in (0, 1):
            c = x[side == k].sum(axis=0)
            centres[k] = c / max(float(np.linalg.norm(c)), 1e-9)
    if len(set(side.tolist())) < 2:
        return list(members), []
    groups = [[m for m, s in zip(withv, side) if s == k] for k in (0, 1)]
    groups.sort(key=lambda g: (-len(g), g[0].article_id))
    big, small = groups
    return big + [m for m in members if m.vector is None], small





SPLIT = {"cos": None, "min": 10, "max": 400, "part": 5, "join": 1.0, "distinct": True}


class SplitIndex(StoryIndex):
    """The shipped index plus a split step at the end of a batch (not shipped: (b9))."""

    def __init__(self, params: Params | None = None, split: dict | None = None) -> None:
        super().__init__(params)
        self.split = dict(SPLIT, **(split or {}))

    def split_stories(self, profiles: Iterable[Profile], story_keys: dict[str, set[str]] | None = None,
                      ) -> dict[str, str]:
        """Split the batch's stories that hold two separable groups (last end-of-batch step).

        ``profiles`` hold every member of the stories considered: a story of ``split_min_size`` ..
        ``split_max_size`` members, none pinned, not tentative, touched by the batch. Its members
        are split in two by ``two_means`` over their lead vectors; the split is made when the
        smaller group has at least ``split_min_part`` members, the two groups' centroids have a
        cosine below ``split_cos`` and (``split_distinct``) their defining entities differ. The
        smaller group then joins the best other story its aggregate, scored as one report, reaches
        at the join threshold plus ``split_join`` (a story at least as large as the group; not its
        old story), else it becomes a story of its own. Returns the moves (article id -> story)."""
        if self.split['cos'] is None:
            return {}
        by_id = {p.article_id: p for p in profiles}
        keys_of = {} if story_keys is None else story_keys
        touched = {self.article_story[a] for a in by_id if a in self.article_story}
        moved: dict[str, str] = {}
        for sid in sorted(touched, key=lambda x: (-len(self.stories[x].members), x) if x in self.stories else (0, x)):
            story = self.stories.get(sid)
            if story is None or sid in self.pending:
                continue
            if not self.split['min'] <= len(story.members) <= self.split['max']:
                continue
            if not all(a in by_id and a not in self.pinned for a in story.members):
                continue
            big, small = two_means([by_id[a] for a in story.members])
            if len(small) < self.split['part'] or not self._separable(big, small):
                continue
            part = si._without(story, big)
            target = self._split_target(part, small, sid)
            if target is None:
                target = self._new_id(small[0].article_id)
            for m in small:
                keys_of.setdefault(sid, set()).update(self._posting_keys(m))
            self._move_group(small, sid, target, keys_of)
            for m in small:
                self.moves[m.article_id] = moved[m.article_id] = target
            self.stats["split"] += 1
        self._prune_successors()
        return moved

    def _separable(self, big: list[Profile], small: list[Profile]) -> bool:
        """Are the two groups far apart (centroid cosine below ``split_cos``) and, with
        ``split_distinct``, defined by different entities?"""
        ca = np.sum([m.vector for m in big if m.vector is not None], axis=0)
        cb = np.sum([m.vector for m in small if m.vector is not None], axis=0)
        cos = float(ca @ cb / max(float(np.linalg.norm(ca) * np.linalg.norm(cb)), 1e-9))
        if cos >= self.split['cos']:
            return False
        if not self.split['distinct']:
            return True
        return self._defining(big) != self._defining(small)

    def _defining(self, group: list[Profile]) -> str:
        """The group's defining entity (coverage x idf), as ``link_features`` reads a story's."""
        docs: Counter[str] = Counter(k for m in group for k in m.entities)
        n = max(1, len(group))
        return max(((c / n * self.df.idf(k), k) for k, c in docs.items()), default=(0.0, ""))[1]

    def _split_target(self, part: si.Story, group: list[Profile], sid: str) -> str | None:
        if self.split['join'] is None:
            return None
        agg = part.profile()
        best, best_score = None, self.params.join_threshold + self.split['join']
        for cand in self.candidates(agg):
            if cand == sid or cand in self.pending or self._too_far(agg, cand):
                continue
            if len(self.stories[cand].members) < len(group):
                continue
            score = si.link_score(si.link_features(agg, self.stories[cand], self.df), self.params.link_model)
            if score >= best_score:
                best, best_score = cand, score
        return best



def load_streams(names: list[str]) -> dict:
    out = {}
    if "big" in names:
        out["big"] = big_dev.stream()
    rest = [n for n in names if n != "big"]
    if rest:
        data = fv.streams(fb.DEFAULT_DB)
        out.update({n: data[n] for n in rest})
    return out


def run_index(profiles, params: Params, split: dict | None = None) -> StoryIndex:
    idx = SplitIndex(params, split)
    for p in profiles:
        idx.add(p)
    idx.settle_all()
    idx.reassign(profiles)
    idx.dissolve_fragments(profiles)
    idx.merge_stories(profiles)
    idx.split_stories(profiles)  # off unless split['cos'] is set
    if AGAIN:
        idx.reassign(profiles)
    return idx


AGAIN = False  # ``again:1``: a second re-assignment pass after the merge


def analyse(name: str, profiles, gold, min_size: int) -> None:
    idx = run_index(profiles, late.params_for("generic", "w:40,gap:180,size:3"))
    by_id = {p.article_id: p for p in profiles}
    g_of = {p.article_id: g for p, g in zip(profiles, gold)}
    thr = idx.params.join_threshold
    print(f"== {name}: {len(idx.stories)} stories")
    for story in sorted(idx.stories.values(), key=lambda s: -len(s.members)):
        n = len(story.members)
        if n < min_size:
            continue
        members = [by_id[a] for a in story.members]
        a, b = two_means([m for m in members])
        if not b:
            continue
        sa, sb = _story(a, "A"), _story(b, "B")
        s_ba = si.link_score(si.link_features(sb.profile(), sa, idx.df), idx.params.link_model)
        s_ab = si.link_score(si.link_features(sa.profile(), sb, idx.df), idx.params.link_model)
        ca, cb_ = [Counter(g_of[m.article_id].split("/")[1][:10] for m in part) for part in (a, b)]
        coh = [float(np.linalg.norm(s.vector_sum)) / s.n_vectors for s in (story, sa, sb)]
        cos = float(sa.vector_sum @ sb.vector_sum / np.linalg.norm(sa.vector_sum) / np.linalg.norm(sb.vector_sum))
        fa, fb_ = _top(sa, idx), _top(sb, idx)
        pure = "MIXED-GOLD" if set(ca) != set(cb_) or ca.most_common(1)[0][0] != cb_.most_common(1)[0][0] else ""
        print(f"{n:4d} A {len(a):4d} {dict(ca.most_common(3))} | B {len(b):3d} {dict(cb_.most_common(3))} "
              f"coh {coh[0]:.2f}/{coh[1]:.2f}/{coh[2]:.2f} cos {cos:.2f} b>a {s_ba - thr:+.1f} a>b {s_ab - thr:+.1f} "
              f"defA {fa} defB {fb_} {pure}")


def _story(members, sid: str) -> si.Story:
    s = si.Story(sid)
    for m in members:
        s.members.append(m.article_id)
        s.add(m)
    return s


def _top(story: si.Story, idx: StoryIndex) -> str:
    n = max(1, len(story.members))
    c, k = max(((c / n * idx.df.idf(k), k) for k, c in story.entity_docs.items()), default=(0.0, ""))
    return f"{k}({story.entity_docs.get(k, 0) / n:.2f})"


def params_of(spec: str) -> tuple[Params, dict]:
    """``cos:0.55,part:5,min:10,max:400,join:1|join:off,distinct:0|1`` (the split step),
    ``again:1`` (a second re-assignment after the merge), ``down:none|any|person`` (``reassign_down``),
    ``mms:50,mr:4,mf:0.8,msh:0.5,mg:1`` (the story merge's settings), on top of the shipped ones."""
    global AGAIN
    AGAIN = False
    p = late.params_for("generic", "w:40,gap:180,size:3")
    split: dict = {}
    names = {"mms": "merge_max_size", "mr": "merge_ratio", "mf": "merge_focus",
             "msh": "merge_share", "mg": "merge_margin"}
    for part in filter(None, spec.split(",")):
        key, value = part.split(":")
        if key == "again":
            AGAIN = value == "1"
        elif key == "down":
            p.reassign_down = value
        elif key in SPLIT:
            split[key] = (value == "1" if key == "distinct" else int(value) if key in ("min", "max", "part")
                          else None if value == "off" else float(value))
        elif key == "mms":
            p.merge_max_size = int(value)
        else:
            setattr(p, names[key], None if value == "off" else float(value))
    return p, split


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--streams", default="big,full/seq,dev,dev2,dev+dev2,mixed")
    ap.add_argument("--analyse", action="store_true")
    ap.add_argument("--min-size", type=int, default=10)
    ap.add_argument("--variants", nargs="*", default=[])
    args = ap.parse_args()
    data = load_streams(args.streams.split(","))
    if args.analyse:
        for name, (profiles, gold) in data.items():
            analyse(name, profiles, gold, args.min_size)
    for spec in args.variants:
        params, split = params_of("" if spec == "shipped" else spec)
        cells = []
        for name, (profiles, gold) in data.items():
            idx = run_index(profiles, params, split)
            final = idx.assignments()
            pred = [final[p.article_id] for p in profiles]
            if name == "big":
                r = big_dev.report(pred, gold, f"  {spec} big", per_story=True)
                cells.append(f"big {r['F1']:.3f}/{r['sets']['entities/']:.3f}/{r['sets']['t17/']:.3f}")
            else:
                res = cb.score(pred, gold)
                ent = f"/{fv.entities_f1(res):.3f}" if name in ("dev", "dev2", "dev+dev2", "mixed") else ""
                cells.append(f"{name} {res['bcubed']['F1']:.3f}{ent}")
            cells[-1] += f"[s{idx.stats['split']}]"
        print(f"{spec}: " + "  ".join(cells), flush=True)


if __name__ == "__main__":
    main()
