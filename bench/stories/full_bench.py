"""Full-scale story clustering: replay stored profiles of a whole Timeline17 run into one index.

Usage: .venv/bin/python bench/stories/full_bench.py [--db PATH] [--topics dev|test|all|Finan,MJ]
       [--order seq|date] [--strict] [--check] [--json OUT]

The maintainers' check (``../shared/tools/t17.py BIN T17_DIR cluster``) adds every article of
every topic folder into ONE store through ``storyline add``: folders sorted, files in order (=
date order within a folder), so topics arrive one after another and each source of a topic
restarts in time. Gold story = topic (folder prefix). Re-extracting 2,582 articles takes ~40
minutes here, so this bench replays what such a run stored: each article's saved profile (the
exact input the linker got) in the recorded assignment order (``story_articles.seq``), into a
fresh ``StoryIndex`` with the current code. Syndicated copies (``duplicate_of``) go where their
original went, as ``StoryLinker.assign`` does.

``--check`` compares the replay with the stories the store recorded (they must agree exactly
when the index code is the one that made the store: the default store was made with the strict
link model, online, so ``--check --strict``). ``--strict``: replay with that model
(``Params(link_model="strict", join_threshold=-2.75, hold_gap_days=None)``) instead of the
shipped one (the generic model with deciding late, since 2026-11-24 session 7). ``--topics``: the gold topics to keep
(``dev`` = Finan, MJ, haiti by cluster_bench's split: topics sorted by name, even = dev;
``test`` = H1N1, bpoil). ``--order date``: publication order (ties by seq) instead of t17.py's.
The store is opened read-only; nothing is written.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.stories.cluster_bench import bcubed, score
from storyline.link.story_index import Params, StoryIndex
from storyline.link.story_profile import Profile

DEFAULT_DB = "/work/cache/t17_full_aper.db"
TOPICS = ("Finan", "H1N1", "MJ", "bpoil", "haiti")
DEV = tuple(t for i, t in enumerate(sorted(TOPICS)) if i % 2 == 0)
STRICT = Params(link_model="strict", join_threshold=-2.75, hold_gap_days=None,
                reassign_margin=None, fragment_size=0, merge_margin=None)  # what made the default store


class Item:
    """One stored article: profile, gold topic, recorded story, original when a copy."""

    __slots__ = ("profile", "topic", "story", "seq", "duplicate_of")

    def __init__(self, profile: Profile, topic: str, story: str, seq: int, duplicate_of: str | None) -> None:
        self.profile, self.topic, self.story, self.seq, self.duplicate_of = profile, topic, story, seq, duplicate_of


def load(db: str) -> list[Item]:
    """Every article with a profile and a recorded story, in assignment order."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute("SELECT p.data, a.url, s.story_id, s.seq, a.duplicate_of FROM story_articles s "
                       "JOIN articles a ON a.id = s.article_id JOIN profiles p ON p.article_id = s.article_id "
                       "ORDER BY s.seq").fetchall()
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


def replay(items: list[Item], params: Params | None = None, index: StoryIndex | None = None) -> list[str]:
    """The story of each item after streaming them into a fresh index (copies follow originals)."""
    idx = index or StoryIndex(params)
    placed: dict[str, str] = {}
    out = []
    for it in items:
        aid = it.profile.article_id
        original = placed.get(it.duplicate_of) if it.duplicate_of else None
        if original is not None:
            idx.pinned[aid] = original
            sid = idx.add(it.profile)
            del idx.pinned[aid]
        else:
            sid = idx.add(it.profile)
        placed[aid] = sid
        out.append(sid)
    idx.settle_all()  # the end of the batch: tentative stories still pending are settled,
    copies = {it.profile.article_id: it.duplicate_of for it in items if it.duplicate_of in placed}
    # then re-assigned (off when reassign_margin is None), copies moving with their originals as in StoryLinker
    idx.reassign([it.profile for it in items], copies=copies)
    idx.dissolve_fragments([it.profile for it in items])  # off when params.fragment_size < 2
    idx.merge_stories([it.profile for it in items])  # off when params.merge_margin is None
    if idx.params.reassign_again:  # (b10), off with reassign_margin None
        idx.reassign([it.profile for it in items], copies=copies)
    # Story ids change when tentative stories are settled after the fact: read the final map.
    final = idx.assignments()
    return [final.get(it.profile.article_id, s) for it, s in zip(items, out)]


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=DEFAULT_DB)
    ap.add_argument("--topics", default="dev")
    ap.add_argument("--order", choices=("seq", "date"), default="seq")
    ap.add_argument("--check", action="store_true", help="compare the replay with the recorded stories")
    ap.add_argument("--strict", action="store_true", help="the link model shipped until 2026-11-24, online")
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args()
    items = select(load(args.db), args.topics, args.order)
    pred = replay(items, STRICT if args.strict else None)
    res = report(pred, items)
    print(line(f"{args.topics}/{args.order}", res))
    if args.check:
        recorded = report([it.story for it in items], items)
        same = sum(1 for a, b in zip(bcubed(pred, [it.story for it in items]).values(), (1.0, 1.0, 1.0))
                   if abs(a - b) < 1e-9)
        print(line("recorded", recorded))
        print("replay == recorded partition" if same == 3 else "replay DIFFERS from the recorded partition")
    if args.json:
        Path(args.json).write_text(json.dumps({"topics": args.topics, "order": args.order, **res}, indent=1,
                                              sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
