"""Deciding late in story clustering: hold doubtful joins as tentative stories (replay only).

Usage: .venv/bin/python bench/stories/late.py [--db PATH] [--models shipped,coh+embn]
       [--configs w:40,why:gap&ptop,gap:180,size:3,confirm:doubt ...] [--thresholds -2.5,-2.25]
       [--streams dev,dev2] [--no-base] [--heldout]

The online linker (``story_index.StoryIndex``) decides on each article at once. Its full-scale
failure with a lenient link model (bench/stories/README.md, (b2)): the first reports of a person
arrive when a diffuse story already exists, join it, the story's signature drifts and the
person's later reports follow. ``LateIndex`` holds such a join back:

- a *doubtful* article does not join its best story: it opens a *tentative* story of its own,
  remembering that candidate. Doubtful (``why``, tests joined by ``|`` = or, ``&`` = and):
  ``m`` = the best link score clears the join threshold by less than ``margin``; ``per`` = the
  article's most telling person is absent from the story (``aper`` >= ``aper_min``); ``ptop`` =
  the same, and that person is the article's most telling entity of all; ``gap`` = the article
  lies more than ``gap_days`` outside the story's publication span. Only stories of at least
  ``min_size`` members are doubted (younger ones need every member);
- later articles see tentative stories as candidates like any other. An article whose best story
  is a tentative one joins it and the story becomes real; with ``confirm=doubt`` only if that
  article would itself doubt (or not reach) the remembered candidate, else both go there;
- a tentative story nobody joined within ``window`` articles is *settled*: ``settle=remember``
  moves its article into the remembered candidate (or where that went, when it was itself a
  tentative story settled since; else the article stays alone); ``settle=rescore`` scores it
  again against today's stories;
- at the end of the stream every pending tentative story is settled the same way.
``hold=shadow`` (``ShadowIndex``) instead joins at once and leaves a one-article shadow story as
a candidate for ``window`` articles; a later article choosing the shadow pulls the held article
out into it.

At most ``window`` tentative stories are pending at any time (one per article, each settled
``window`` articles later; at most 9 were pending on the dev streams at ``window`` 40), and a
settlement touches one article's posting keys and one join, so the cost per article stays
bounded as in ``StoryIndex``.

Measured on DEV streams only (``full_variants.streams``: the full-scale dev topics in t17.py and
date order, the dev / dev2 / dev+dev2 samples and the mixed stream) with the shipped model and
with the lenient ``coh``/``embn`` model of (b2), refitted on dev rows plus full-scale dev rows.
``--heldout`` reads held-out data (all 2,582 articles of the full run and the held-out sample):
run once, for the configuration chosen on dev (bench/stories/README.md, (b3)). Nothing is
written to any store.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.stories import cluster_bench as cb
from bench.stories import full_bench as fb
from bench.stories import full_variants as fv
from storyline.link import story_index as si
from storyline.link.story_index import Params, StoryIndex
from storyline.link.story_profile import Profile


@dataclass(slots=True)
class Late:
    """Settings of deciding late (see the module docstring)."""

    margin: float = 4.0
    window: int = 40
    why: str = "gap&ptop"  # m, per, ptop, gap, or tests joined by | (or) / & (and)
    settle: str = "remember"  # remember | rescore
    aper_min: float = 1.0  # ``aper`` at or above this = the article's person is absent
    confirm: str = "doubt"  # any | doubt: the joiner must itself doubt the remembered candidate
    min_size: int = 3  # hold back only joins into stories of at least this many members
    hold: str = "apart"  # apart (LateIndex) | shadow (ShadowIndex)
    gap_days: int = 180  # ``gap``: the article lies more than this many days outside the story's span

    def label(self) -> str:
        return (f"m {self.margin} w {self.window} {self.why} {self.settle} aper {self.aper_min} "
                f"confirm {self.confirm} size {self.min_size} {self.hold} gap {self.gap_days}")


@dataclass(slots=True)
class Pending:
    profile: Profile
    candidate: str
    score: float
    opened: int


class LateIndex(StoryIndex):
    """``StoryIndex`` whose doubtful joins wait as tentative stories (replay only)."""

    def __init__(self, params: Params | None = None, late: Late | None = None) -> None:
        super().__init__(params)
        self.late = late or Late()
        self.pending: dict[str, Pending] = {}
        self.successor: dict[str, str] = {}  # settled tentative story -> where its article went
        self.seen = 0
        self.stats: Counter[str] = Counter()
        self.trace: list[tuple[str, str, str, str]] = []  # (article, candidate at open, outcome, final)

    def add(self, p: Profile) -> str:
        if p.article_id in self.article_story:
            return self.article_story[p.article_id]
        self.seen += 1
        self.df.add(p)
        pin = self.pinned.get(p.article_id)
        if pin:
            self._join(pin, p)
        else:
            self._place(p)
        self._expire()
        return self.article_story[p.article_id]

    def _scored(self, p: Profile, exclude: str | None = None) -> list[tuple[float, str, dict[str, float]]]:
        out = []
        for sid in self.candidates(p):
            if sid == exclude:
                continue
            feats = si.link_features(p, self.stories[sid], self.df)
            sim = si.link_score(feats)
            if sim >= self.params.join_threshold:
                out.append((sim, sid, feats))
        return sorted(out, key=lambda t: (-t[0], t[1]))

    def _best_or_new(self, p: Profile) -> tuple[float, str, dict[str, float]] | None:
        """The best-scoring story above the threshold; with none, ``p`` starts its own (None)."""
        scored = self._scored(p)
        if not scored:
            self._join(self._new_id(p.article_id), p)
            return None
        return scored[0]

    def _place(self, p: Profile) -> None:
        found = self._best_or_new(p)
        if found is None:
            return
        sim, best, feats = found
        if best in self.pending:
            target = self._confirmed_by(p, best)
            self._join(target, p)
        elif len(self.stories[best].members) >= self.late.min_size and self._doubtful(sim, feats, p, best):
            sid = self._new_id(p.article_id)
            self._join(sid, p)
            self.pending[sid] = Pending(p, best, sim, self.seen)
            self.stats["opened"] += 1
            self.stats["max_pending"] = max(self.stats["max_pending"], len(self.pending))
        else:
            self._join(best, p)

    def _confirmed_by(self, p: Profile, sid: str) -> str:
        """Where ``p`` goes when its best story is the tentative ``sid``: into it (now real), or,
        with ``confirm=doubt`` when ``p`` would have joined the remembered candidate without
        doubt, into that candidate, taking the tentative article along (both belong there)."""
        cand = self._resolve(self.pending[sid].candidate)
        if self.late.confirm == "doubt" and cand in self.stories and cand != sid:
            feats = si.link_features(p, self.stories[cand], self.df)
            sim = si.link_score(feats)
            if sim >= self.params.join_threshold and not self._doubtful(sim, feats, p, cand):
                self.settle(sid)
                self.stats["redirected"] += 1
                return self._resolve(sid) if sid not in self.stories else sid
        self._confirm(sid)
        return sid

    def _doubtful(self, sim: float, feats: dict[str, float], p: Profile, story: str) -> bool:
        def test(name: str) -> bool:
            if name == "m":
                return sim - self.params.join_threshold < self.late.margin
            if name == "gap":
                return self.stories[story].gap(p.published) > self.late.gap_days
            absent = feats.get("aper", 0.0) >= self.late.aper_min
            if name == "per":
                return absent
            top = max(((s * self.df.idf(k), k) for k, s in p.entities.items()), default=(0.0, ""))[1]
            return absent and top.startswith("per:")  # ptop: the article is about that person

        if "|" in self.late.why:
            return any(test(x) for x in self.late.why.split("|"))
        return all(test(x) for x in self.late.why.split("&"))

    def _confirm(self, sid: str) -> None:
        pend = self.pending.pop(sid)
        self.stats["confirmed"] += 1
        self.trace.append((pend.profile.article_id, pend.candidate, "confirmed", sid))

    def _expire(self) -> None:
        for sid in [s for s, pend in self.pending.items() if self.seen - pend.opened >= self.late.window]:
            self.settle(sid)

    def settle_all(self) -> None:
        """Settle every pending tentative story (end of a stream / of an ``add`` batch)."""
        for sid in list(self.pending):
            self.settle(sid)

    def settle(self, sid: str) -> None:
        pend = self.pending.pop(sid)
        p = pend.profile
        if self.late.settle == "rescore":
            scored = self._scored(p, exclude=sid)
            target = scored[0][1] if scored else None
        else:
            target = self._resolve(pend.candidate)
        if target is None or target == sid or target not in self.stories:
            self.stats["alone"] += 1
            self.trace.append((p.article_id, pend.candidate, "alone", sid))
            return
        self._drop_singleton(sid, p)
        if target in self.pending:  # rescoring found another tentative story: it is joined, so real
            self._confirm(target)
        self._join(target, p)
        self.successor[sid] = target
        self.stats["settled"] += 1
        self.trace.append((p.article_id, pend.candidate, "settled", target))

    def _resolve(self, sid: str) -> str:
        while sid in self.successor:
            sid = self.successor[sid]
        return sid

    def _drop_singleton(self, sid: str, p: Profile) -> None:
        """Remove a one-article story and its posting entries (only its article's keys: bounded)."""
        del self.stories[sid]
        del self.article_story[p.article_id]
        for key in self._keys(p)[: self.params.keys_per_article + 1]:
            self.postings.get(key, {}).pop(sid, None)


class ShadowIndex(LateIndex):
    """Deciding late without holding back: a doubtful article joins its best story at once (so
    that story's evidence is as online) and also leaves a one-article *shadow* story, visible as a
    candidate for ``window`` articles. A later article whose best story is a shadow confirms it:
    the held article moves out of the story it joined into the shadow, now a real story, and the
    later article joins it (with ``confirm=doubt`` only when the later article itself doubts
    that story; else it joins that story and the shadow goes). A shadow nobody chose disappears."""

    def _place(self, p: Profile) -> None:
        found = self._best_or_new(p)
        if found is None:
            return
        sim, best, feats = found
        if best in self.pending:
            self._join(self._take_shadow(p, best), p)
            return
        doubt = len(self.stories[best].members) >= self.late.min_size and self._doubtful(sim, feats, p, best)
        self._join(best, p)
        if doubt:
            sid = self._new_id(p.article_id)
            self._join(sid, p)
            self.article_story[p.article_id] = best  # the shadow is a candidate, not its story
            self.pending[sid] = Pending(p, best, sim, self.seen)
            self.stats["opened"] += 1
            self.stats["max_pending"] = max(self.stats["max_pending"], len(self.pending))

    def _take_shadow(self, q: Profile, sid: str) -> str:
        held = self.pending[sid].profile
        owner = self.article_story[held.article_id]
        if self.late.confirm == "doubt":
            feats = si.link_features(q, self.stories[owner], self.df)
            sim = si.link_score(feats)
            if sim >= self.params.join_threshold and not self._doubtful(sim, feats, q, owner):
                self.settle(sid)
                self.stats["redirected"] += 1
                return owner
        self.pending.pop(sid)
        story = self.stories[owner]
        story.members.remove(held.article_id)
        story.add(held, sign=-1)
        self.article_story[held.article_id] = sid
        self.stats["confirmed"] += 1
        self.trace.append((held.article_id, owner, "confirmed", sid))
        return sid

    def settle(self, sid: str) -> None:
        pend = self.pending.pop(sid)
        del self.stories[sid]
        for key in self._keys(pend.profile)[: self.params.keys_per_article + 1]:
            self.postings.get(key, {}).pop(sid, None)
        self.stats["settled"] += 1
        self.trace.append((pend.profile.article_id, pend.candidate, "settled", pend.candidate))


def run(profiles: list[Profile], params: Params, late: Late | None) -> tuple[list[str], Counter[str]]:
    """Final story of each profile after the stream (pending tentatives settled at the end)."""
    if late is None:
        idx = StoryIndex(params)
        for p in profiles:
            idx.add(p)
        final, stats = idx.assignments(), Counter()
    else:
        idx = (ShadowIndex if late.hold == "shadow" else LateIndex)(params, late)
        for p in profiles:
            idx.add(p)
        idx.settle_all()
        final, stats = idx.assignments(), idx.stats
    return [final[p.article_id] for p in profiles], stats


def parse_config(text: str) -> Late:
    """``m:4,w:40,why:m|per,settle:remember`` -> Late (unnamed settings keep the defaults)."""
    late = Late()
    names = {"m": "margin", "w": "window", "why": "why", "settle": "settle", "aper": "aper_min",
             "confirm": "confirm", "size": "min_size", "hold": "hold", "gap": "gap_days"}
    for part in filter(None, text.split(",")):
        key, value = part.split(":")
        attr = names[key]
        setattr(late, attr, type(getattr(late, attr))(value))
    return late


def row(data, params: Params, late: Late | None) -> str:
    cells, pend = [], 0
    for sname, (profiles, gold) in data.items():
        pred, stats = run(profiles, params, late)
        res = cb.score(pred, gold)
        ent = f"/{fv.entities_f1(res):.3f}" if sname in ("dev", "dev2", "dev+dev2", "mixed") else ""
        cells.append(f"{sname} {res['bcubed']['F1']:.3f}{ent}")
        pend = max(pend, stats.get("max_pending", 0))
        if late is not None:
            cells[-1] += (f"[o{stats['opened']} c{stats['confirmed']} s{stats['settled']} a{stats['alone']}"
                          f" r{stats['redirected']}]")
    return "  ".join(cells) + (f"  max pending {pend}" if late is not None else "")


def set_f1(res: dict, prefix: str) -> float:
    """B-cubed F1 from P and R averaged over the items of the gold sets named ``prefix...``."""
    sets = [v for g, v in res["per_set"].items() if g.startswith(prefix)]
    n = sum(v["n"] for v in sets)
    P, R = (sum(v[k] * v["n"] for v in sets) / n for k in ("P", "R"))
    return 2 * P * R / (P + R)


def heldout(db: str, params: Params, late: Late | None) -> str:
    """HELD-OUT figures (look once, for the configuration chosen on dev): all 2,582 articles of
    the full run in t17.py order, and the held-out sample of cluster_bench by set."""
    items = fb.select(fb.load(db), "all", "seq")
    full = cb.score(run([it.profile for it in items], params, late)[0], ["t17/" + it.topic for it in items])
    topics = " ".join(f"{g[4:]} {v['F1']:.3f}" for g, v in full["per_set"].items())
    profiles, gold = cb.stream(cb.split(cb.load_sets(40, 40))["test"])
    res = cb.score(run(profiles, params, late)[0], gold)
    low = " ".join(f"{g.split('/')[1]} {v['F1']:.2f}" for g, v in res["per_set"].items() if v["F1"] < 0.9)
    return (f"full all/seq {full['bcubed']['F1']:.3f} (P {full['bcubed']['P']:.3f} R {full['bcubed']['R']:.3f}, "
            f"{full['clusters']} stories; {topics})  sample {res['bcubed']['F1']:.3f} Entities "
            f"{set_f1(res, 'entities/'):.3f} Timeline17 {set_f1(res, 't17/'):.3f} (below 0.9: {low})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=fb.DEFAULT_DB)
    ap.add_argument("--models", default="shipped,coh+embn")
    ap.add_argument("--configs", nargs="*", default=["w:40,why:gap&ptop,gap:180,size:3,confirm:doubt"])
    ap.add_argument("--thresholds", default="", help="join thresholds (default: -2.75 shipped, -2.25 coh+embn)")
    ap.add_argument("--streams", default="", help="keep only these streams (comma-separated)")
    ap.add_argument("--no-base", action="store_true", help="skip the row without deciding late")
    ap.add_argument("--heldout", action="store_true", help="HELD-OUT figures instead of the dev streams "
                    "(once, for the configuration chosen on dev)")
    args = ap.parse_args()
    data = {} if args.heldout else fv.streams(args.db)
    if args.streams:
        data = {k: v for k, v in data.items() if k in args.streams.split(",")}
    shipped = dict(si.LINK_WEIGHTS)
    rows = None
    for model in args.models.split(","):
        if model == "shipped":
            fitted, default_t = shipped, -2.75
        else:
            si.link_features = cb.link_features = fv._spread
            if rows is None:
                rows = cb.link_rows(*data_for_fit(args.db)) + cb.full_rows(args.db)
            fitted, default_t = cb.fit_link(rows, weights=fv.VARIANTS[model]), -2.25
            print(f"{model}: {fitted}", flush=True)
        si.LINK_WEIGHTS.clear()
        si.LINK_WEIGHTS.update(fitted)
        for t in [float(x) for x in args.thresholds.split(",") if x] or [default_t]:
            params = Params(join_threshold=t)
            for late in [None] * (not args.no_base) + [parse_config(c) for c in args.configs]:
                figures = heldout(args.db, params, late) if args.heldout else row(data, params, late)
                print(f"{model} t {t} {late.label() if late else 'online'}: {figures}", flush=True)
        si.LINK_WEIGHTS.clear()
        si.LINK_WEIGHTS.update(shipped)
        si.link_features = cb.link_features = fv._BASE


def data_for_fit(db: str):
    """The dev sample (the rows ``full_variants`` refits on, beside the full-scale dev rows)."""
    splits = cb.split(cb.load_sets(40, 40))
    return cb.stream(splits["dev"])


if __name__ == "__main__":
    main()
