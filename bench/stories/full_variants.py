"""Link-model variants for full-scale clustering, measured on DEV streams only (not shipped).

Usage: .venv/bin/python bench/stories/full_variants.py [--db PATH] [--variants shipped,embn,...]

Each variant adds features to ``story_index.link_features`` (here, by wrapping it), refits the
link model with ``cluster_bench.fit_link`` on the dev sample's rows plus the rows of the
full-scale dev Timeline17 stream (``cluster_bench.full_rows``), and reports B-cubed F1 at join
thresholds -2.75 .. -1.75 on six dev streams:
- ``full/seq``, ``full/date``: the 721 stored articles of the dev topics (Finan, MJ, haiti) of
  a full Timeline17 run (bench/stories/full_bench.py), in t17.py's and in date order;
- ``dev``, ``dev2``: the two 640-article samples of cluster_bench (dev2 = unseen articles of the
  same stories: the check that close person storylines stay apart);
- ``dev+dev2``: both samples in one stream (80 articles per gold story);
- ``mixed``: the full-scale dev topics and the Entities articles of dev+dev2 in one date-ordered
  stream (1,756 articles): a dev stand-in for close topics at scale.
``ent`` = B-cubed F1 averaged over the Entities gold stories of that stream. Held-out data is
never read here. ``shipped`` is the strict model shipped until 2026-11-24 (``link_model``, no
refit, -2.75); every variant is measured online (deciding late off); the lenient model shipped
since is ``coh+embn`` (bench/stories/late.py measures it with deciding late).
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.stories import cluster_bench as cb
from bench.stories import full_bench as fb
from storyline.link import story_index as si
from storyline.link.story_index import Params, StoryIndex, _merge_story, link_features, link_score

_BASE = si.link_features
SHIPPED = dict(si.LINK_WEIGHTS_STRICT)
LENIENT = dict(si.LINK_WEIGHTS)
ONLINE = {"hold_gap_days": None, "reassign_margin": None}


def _spread(p, story, df):
    """coh = length of the story's mean unit vector (a member's typical cosine to the centroid),
    embn = lead cosine over coh (capped at 1.5), diff = 1 - coverage of the story's defining
    entity, embd = embn x diff."""
    out = _BASE(p, story, df)
    if "emb" in out and story.vector_sum is not None and story.n_vectors:
        coh = float(np.linalg.norm(story.vector_sum)) / story.n_vectors
        out["coh"], out["embn"] = coh, min(1.5, out["emb"] / max(coh, 1e-6))
        n = max(1, len(story.members))
        sig = max(((c / n * df.idf(k), k) for k, c in story.entity_docs.items()), default=None)
        out["diff"] = 1.0 - (min(1.0, story.entity_docs[sig[1]] / n) if sig else 0.0)
        out["embd"] = out["embn"] * out["diff"]
        out["gapf"] = math.log1p(story.gap(p.published)) / math.log(365)
    return out


def _plus(*keys: str) -> dict[str, float]:
    return dict(SHIPPED, **dict.fromkeys(keys, 0.0))


VARIANTS = {
    "shipped": None,
    "refit": _plus(),  # the same features, full-scale rows added
    "embn": _plus("embn"),
    "coh+embn": _plus("coh", "embn"),
    "coh+embn+embd+diff": _plus("coh", "embn", "embd", "diff"),
    "embd+diff": _plus("embd", "diff"),
    "coh+embn+embd+diff+gap": _plus("coh", "embn", "embd", "diff", "gapf"),
    "coh+embn-aper": {k: v for k, v in _plus("coh", "embn").items() if k != "aper"},
}


def _focus(story, df) -> float:
    """Share of the story's members naming its defining entity (coverage x idf, as ``dom``)."""
    n = max(1, len(story.members))
    sig = max(((c / n * df.idf(k), k) for k, c in story.entity_docs.items()), default=None)
    return min(1.0, story.entity_docs[sig[1]] / n) if sig else 0.0


class DiffuseMergeIndex(StoryIndex):
    """The shipped index plus a storyline-level merge: when an article scores above the join
    threshold with two stories of at least ``MIN`` members, both *diffuse* in entities (focus
    below ``FOCUS``: no entity in most members, so neither is one person's storyline), the
    smaller is merged into the larger."""

    FOCUS, MIN = 0.5, 5

    def add(self, p):
        if p.article_id in self.article_story:
            return self.article_story[p.article_id]
        self.df.add(p)
        model = self.params.link_model
        scored = sorted(((link_score(link_features(p, self.stories[s], self.df), model), s)
                         for s in self.candidates(p)), reverse=True)
        scored = [(sim, s) for sim, s in scored if sim >= self.params.join_threshold]
        sid = scored[0][1] if scored else self._new_id(p.article_id)
        self._join(sid, p)
        for _, other in scored[1:]:
            a, b = self.stories.get(sid), self.stories.get(other)
            if a is None or b is None or min(len(a.members), len(b.members)) < self.MIN:
                continue
            if max(_focus(a, self.df), _focus(b, self.df)) < self.FOCUS:
                keep, drop = (sid, other) if len(a.members) >= len(b.members) else (other, sid)
                gone = self.stories.pop(drop)
                for aid in gone.members:
                    self.article_story[aid] = keep
                self.stories[keep].members.extend(gone.members)
                _merge_story(self.stories[keep], gone)
                for post in self.postings.values():
                    if drop in post:
                        del post[drop]
                        post[keep] = None
                sid = keep
        return self.article_story[p.article_id]


def merged(profiles, params: Params) -> list[str]:
    idx = DiffuseMergeIndex(params)
    for p in profiles:
        idx.add(p)
    final = idx.assignments()
    return [final[p.article_id] for p in profiles]


def entities_f1(res: dict) -> float:
    sets = [s for g, s in res["per_set"].items() if g.startswith("entities/")]
    n = sum(s["n"] for s in sets)
    P = sum(s["P"] * s["n"] for s in sets) / n
    R = sum(s["R"] * s["n"] for s in sets) / n
    return 2 * P * R / (P + R)


def streams(db: str) -> dict[str, tuple[list, list[str]]]:
    items = fb.load(db)
    out = {}
    for order in ("seq", "date"):
        sel = fb.select(items, "dev", order)
        out[f"full/{order}"] = ([it.profile for it in sel], ["t17/" + it.topic for it in sel])
    splits = cb.split(cb.load_sets(40, 40))
    out["dev"] = cb.stream(splits["dev"])
    out["dev2"] = cb.stream(cb.dev2_docs(40, 40))
    both = sorted(zip(out["dev"][0] + out["dev2"][0], out["dev"][1] + out["dev2"][1]),
                  key=lambda pg: (pg[0].published or 0, pg[0].article_id))
    out["dev+dev2"] = ([p for p, _ in both], [g for _, g in both])
    seen, mixed = set(), []
    ents = [(p, g) for p, g in both if g.startswith("entities/")]
    for p, g in sorted(list(zip(*out["full/seq"])) + ents, key=lambda pg: (pg[0].published or 0, pg[0].article_id)):
        if p.article_id not in seen:
            seen.add(p.article_id)
            mixed.append((p, g))
    out["mixed"] = ([p for p, _ in mixed], [g for _, g in mixed])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=fb.DEFAULT_DB)
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--diffuse-merge", default="", help="FOCUS values (e.g. 0.4,0.5,0.6): the shipped model "
                    "plus DiffuseMergeIndex's merge, instead of the variants")
    args = ap.parse_args()
    data = streams(args.db)
    for focus in filter(None, args.diffuse_merge.split(",")):
        DiffuseMergeIndex.FOCUS = float(focus)
        cells = []
        for sname, (profiles, gold) in data.items():
            res = cb.score(merged(profiles, Params(link_model="strict", join_threshold=-2.75, **ONLINE)), gold)
            ent = f"/{entities_f1(res):.3f}" if sname in ("dev", "dev2", "dev+dev2", "mixed") else ""
            cells.append(f"{sname} {res['bcubed']['F1']:.3f}{ent}")
        print(f"diffuse merge, focus < {focus}: " + "  ".join(cells), flush=True)
    if args.diffuse_merge:
        return
    si.link_features = cb.link_features = _spread
    rows = None
    for name in args.variants.split(","):
        weights = VARIANTS[name]
        if weights is None:
            fitted, thresholds = SHIPPED, (-2.75,)
        else:
            if rows is None:
                rows = cb.link_rows(*data["dev"]) + cb.full_rows(args.db)
            fitted, thresholds = cb.fit_link(rows, weights=weights), (-2.75, -2.5, -2.25, -2.0, -1.75)
            print(f"{name}: {fitted}")
        si.LINK_WEIGHTS.clear()
        si.LINK_WEIGHTS.update(fitted)
        for t in thresholds:
            cells = []
            for sname, (profiles, gold) in data.items():
                res = cb.score(cb.ours(profiles, Params(join_threshold=t, **ONLINE)), gold)
                ent = f"/{entities_f1(res):.3f}" if sname in ("dev", "dev2", "dev+dev2", "mixed") else ""
                cells.append(f"{sname} {res['bcubed']['F1']:.3f}{ent}")
            print(f"{name} t {t}: " + "  ".join(cells), flush=True)
        si.LINK_WEIGHTS.clear()
        si.LINK_WEIGHTS.update(LENIENT)


if __name__ == "__main__":
    main()
