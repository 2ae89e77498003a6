"""Full-scale story clustering: replay stored profiles of a whole Timeline17 run into one index.

Usage: .venv/bin/python bench/stories/full_bench.py [--db PATH] [--topics dev|test|all|Finan,MJ]
       [--order seq|date] [--strict] [--set NAME=VALUE,...] [--check [--no-scores]]
       [--json OUT] [--naive]

The maintainers' check (``../shared/tools/t17.py BIN T17_DIR cluster``) adds every article of
every topic folder into ONE store through ``storyline add``: folders sorted, files in order (=
date order within a folder), so topics arrive one after another and each source of a topic
restarts in time. Gold story = topic (folder prefix). Re-extracting 2,582 articles takes ~25-40
minutes here, so this bench replays what such a run stored: each article's saved profile (the
exact input the linker got, but for the vectors, saved as float16) in the order ``add`` assigned
them (the articles' insertion order), run through ``StoryLinker`` itself over an in-memory stand-in
for the store (``ReplayStore``): holds and settlements written as they happen, syndicated copies
(``duplicate_of``) placed where their original is at that moment, the end-of-batch passes read in
chunks of ``REASSIGN_CHUNK``, exactly as in ``storyline add`` (session 10: the stored session-10
run is reproduced exactly, ``--topics all --check``).

``--check`` compares the replay with the stories the store recorded: they agree exactly when the
index code and settings are the ones that made the store and every topic is replayed
(``--topics all``); with ``--no-scores`` it prints only that comparison (no F1: a check of the
whole store without reading the held-out topics' figures). ``--strict``: replay with the strict
link model (``Params(link_model="strict", join_threshold=-2.75, hold_gap_days=None)``, no
end-of-batch passes: what made the stores before session 6) instead of the shipped settings.
``--topics``: the gold topics to keep (``dev`` = Finan, MJ, haiti by cluster_bench's split:
topics sorted by name, even = dev; ``test`` = H1N1, bpoil). ``--order date``: publication order
(ties by insertion order) instead of t17.py's. ``--set``: ``Params`` fields over the
shipped (or strict) settings, e.g. ``--set reassign_down=unnamed,merge_ratio=2`` (1/0 for
booleans, ``none`` for None). ``--naive``: the naive baseline at full scale instead: single-pass
USE-centroid clustering (``cluster_bench.naive_use``) over the same stored vectors and order, its
cosine threshold chosen on the dev topics (grid 0.20-0.50) and then applied to ``--topics``.
The store is opened read-only; nothing is written.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections import defaultdict
from dataclasses import fields, replace
from pathlib import Path
from typing import Any, Iterable

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.stories.cluster_bench import bcubed, naive_use, score
from storyline.link.linker import StoryLinker
from storyline.link.story_index import Params, StoryIndex
from storyline.link.story_profile import Profile

DEFAULT_DB = "/work/cache/full_s10/t17.db"  # t17.py cluster, session 10 (2026-11-24), code of main at 0101442
TOPICS = ("Finan", "H1N1", "MJ", "bpoil", "haiti")
DEV = tuple(t for i, t in enumerate(sorted(TOPICS)) if i % 2 == 0)
STRICT = Params(link_model="strict", join_threshold=-2.75, hold_gap_days=None,
                reassign_margin=None, fragment_size=0, merge_margin=None)  # what made the default store


class Item:
    """One stored article: profile, gold topic, recorded story, insertion order (``seq``: the
    articles' rowid), original when a copy."""

    __slots__ = ("profile", "topic", "story", "seq", "duplicate_of")

    def __init__(self, profile: Profile, topic: str, story: str, seq: int, duplicate_of: str | None) -> None:
        self.profile, self.topic, self.story, self.seq, self.duplicate_of = profile, topic, story, seq, duplicate_of


def load(db: str) -> list[Item]:
    """Every article with a profile and a recorded story, in the order ``storyline add`` assigned
    them: the order the articles were inserted (``articles.rowid``; ``finish`` stores in input
    order). ``story_articles.seq`` is not that order: a move (settlement, end-of-batch pass)
    rewrites the row with a new, larger seq."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute("SELECT p.data, a.url, s.story_id, a.rowid, a.duplicate_of FROM story_articles s "
                       "JOIN articles a ON a.id = s.article_id JOIN profiles p ON p.article_id = s.article_id "
                       "ORDER BY a.rowid").fetchall()
    con.close()
    return [Item(Profile.from_dict(json.loads(data)), url.split("/")[3].split("_")[0], sid, seq, dup)
            for data, url, sid, seq, dup in rows]


def select(items: list[Item], topics: str, order: str) -> list[Item]:
    keep = {"dev": DEV, "test": tuple(t for t in TOPICS if t not in DEV), "all": TOPICS}.get(
        topics, tuple(topics.split(",")))
    out = [it for it in items if it.topic in keep]
    if order == "date":
        out.sort(key=lambda it: (it.profile.published or 0, it.seq))
    return out


class ReplayStore:
    """The part of ``Store`` that ``StoryLinker`` uses, in memory, over stored profiles: the
    replay runs the linker's own code (``assign_profile``, ``after_store``, ``checkpoint``), so
    holds, settlements written as they happen, copies placed where their original *now* is and
    the chunked end-of-batch passes are the product's."""

    def __init__(self, profiles: dict[str, dict[str, Any]]) -> None:
        self._profiles = profiles
        self.story: dict[str, str] = {}  # story_articles: article -> story
        self.saves = 0

    def story_state(self) -> tuple[int, None]:
        return 0, None

    def assignments_after(self, seq: int) -> list[tuple[str, str]]:
        return []

    def profiles(self, article_ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
        ids = self._profiles if article_ids is None else article_ids
        return {a: self._profiles[a] for a in ids if a in self._profiles}

    def story_of(self, article_id: str) -> str | None:
        return self.story.get(article_id)

    def save_story_state(self, state: dict[str, Any], assignments: dict[str, str] | None = None,
                         correction: tuple[str, dict[str, Any]] | None = None) -> None:
        self.saves += 1  # the state itself is not kept: nothing reloads it within one batch
        if assignments:
            self.story.update(assignments)


class _Linker(StoryLinker):
    """``StoryLinker`` with the index of the caller's settings; the state is not serialised at
    checkpoints (``to_dict`` has no effect on the index; it only costs time here)."""

    def _save_state(self) -> None:
        moves = dict(self.index.moves)
        self.store.save_story_state({}, moves or None)
        for aid in moves:
            self.index.moves.pop(aid, None)
        self._pending = 0


def replay(items: list[Item], params: Params | None = None, index: StoryIndex | None = None) -> list[str]:
    """The story of each item after one ``storyline add`` of them all, run by ``StoryLinker``
    over their stored profiles (``finish``'s order of calls: assign, store the row, after_store;
    ``checkpoint`` at the end when work is pending)."""
    store = ReplayStore({it.profile.article_id: it.profile.to_dict() for it in items})
    linker = _Linker(store, embedder=None)  # type: ignore[arg-type]
    linker.index = index or StoryIndex(params)
    for it in items:
        store.story[it.profile.article_id] = linker.assign_profile(it.profile, it.duplicate_of)
        linker.after_store()
    if linker.pending:
        linker.checkpoint()
    final = linker.index.assignments()
    return [final.get(it.profile.article_id, store.story[it.profile.article_id]) for it in items]


def with_settings(params: Params, spec: str) -> Params:
    """``params`` with ``name=value,...`` over it (``Params`` field names; 1/0 for booleans,
    ``none`` for None)."""
    kinds = {f.name: f.type for f in fields(Params)}
    changes: dict[str, Any] = {}
    for part in filter(None, spec.split(",")):
        name, value = part.split("=")
        if name not in kinds:
            raise SystemExit(f"--set: unknown setting {name!r}; one of {', '.join(kinds)}")
        kind = str(kinds[name])
        changes[name] = (None if value == "none" else value == "1" if kind == "bool" else int(value)
                         if kind.startswith("int") else value if kind == "str" else float(value))
    return replace(params, **changes)


def report(pred: list[str], items: list[Item]) -> dict[str, object]:
    gold = [it.topic for it in items]
    res = score(pred, gold)
    sizes = defaultdict(lambda: defaultdict(int))
    for p, g in zip(pred, gold):
        sizes[g][p] += 1
    res["fragments"] = {g: {"stories": len(c), "largest": max(c.values())} for g, c in sizes.items()}
    return res


def line(name: str, res: dict[str, object]) -> str:
    b = res["bcubed"]
    parts = " ".join(f"{g} {s['F1']:.3f}({res['fragments'][g]['stories']})" for g, s in res["per_set"].items())
    return (f"{name}: n {sum(s['n'] for s in res['per_set'].values())} stories {res['clusters']} "
            f"P {b['P']:.3f} R {b['R']:.3f} F1 {b['F1']:.3f} | {parts}")


def naive(items: list[Item], topics: str, order: str) -> None:
    """Single-pass USE clustering, the issue's naive baseline, at full scale: the cosine threshold
    that does best on the dev topics, then the selected topics at that threshold."""
    dev = select(items, "dev", order)
    grid = [round(0.20 + 0.025 * k, 3) for k in range(13)]
    f1 = {t: bcubed(naive_use([it.profile for it in dev], t), [it.topic for it in dev])["F1"] for t in grid}
    best = max(grid, key=lambda t: (f1[t], -t))
    print("dev topics, naive cosine threshold -> B-cubed F1: " + ", ".join(f"{t} {f1[t]:.3f}" for t in grid))
    sel = select(items, topics, order)
    print(line(f"naive_use@{best} {topics}/{order}", report(naive_use([it.profile for it in sel], best), sel)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=DEFAULT_DB)
    ap.add_argument("--topics", default="dev")
    ap.add_argument("--order", choices=("seq", "date"), default="seq")
    ap.add_argument("--check", action="store_true", help="compare the replay with the recorded stories")
    ap.add_argument("--strict", action="store_true", help="the link model shipped until 2026-11-24, online")
    ap.add_argument("--set", default="", help="Params over the shipped ones: reassign_down=unnamed,...")
    ap.add_argument("--no-scores", action="store_true", help="with --check: print only the comparison")
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--naive", action="store_true", help="the naive USE baseline, threshold chosen on dev topics")
    args = ap.parse_args()
    if args.naive:
        naive(load(args.db), args.topics, args.order)
        return
    items = select(load(args.db), args.topics, args.order)
    pred = replay(items, with_settings(STRICT if args.strict else Params(), args.set))
    if not args.no_scores:
        res = report(pred, items)
        print(line(f"{args.topics}/{args.order}", res))
    if args.check:
        rec = [it.story for it in items]
        agree = bcubed(pred, rec)
        if not args.no_scores:
            print(line("recorded", report(rec, items)))
        if all(abs(v - 1.0) < 1e-9 for v in agree.values()):
            print(f"replay == recorded partition ({len(items)} articles, {len(set(pred))} stories)")
        else:
            print(f"replay DIFFERS from the recorded partition: B-cubed of the replay against it "
                  f"P {agree['P']:.4f} R {agree['R']:.4f}; stories {len(set(pred))} vs {len(set(rec))}")
    if args.json and not args.no_scores:
        Path(args.json).write_text(json.dumps({"topics": args.topics, "order": args.order, **res}, indent=1,
                                              sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
