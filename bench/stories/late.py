"""Deciding late in story clustering, measured through the shipped code (``StoryIndex``'s hold settings).

Usage: .venv/bin/python bench/stories/late.py [--db PATH] [--models strict,lenient,generic]
       [--configs off w:40,gap:180,size:3 w:40,gap:180,size:3,re:off ...] [--thresholds -2.5,-2.25] [--streams dev,dev2]
       [--linker] [--heldout]

Deciding late is in ``src/storyline/link/story_index.py`` (``Params.hold_*``, ``StoryIndex.pending``;
shipped 2026-11-24, session 7): an article whose best story has at least ``size`` members, lies
more than ``gap`` days outside its span and is about a person the story does not name opens a
tentative story; a later article choosing it (and itself doubting the candidate) makes it real,
else ``w`` adds later (or at the end of the stream) it goes into the remembered candidate. This
script replays the (b2) streams (``full_variants.streams``: the full-scale dev topics in t17.py and
date order, the dev / dev2 / dev+dev2 samples, the mixed stream) into it, and with ``--linker``
also through ``StoryLinker`` and an in-memory store (the ``storyline add`` path: settlements
written through ``save_story_state``, one batch, settled at its end), reading the stories back
from the store.

Models: ``generic`` (shipped since session 7: ``lenient`` plus ``gdom``, threshold -2.25),
``lenient`` (shipped in session 6: ``coh``/``embn``, threshold -2.25) and ``strict`` (shipped before,
threshold -2.75); configs: ``off`` (online) or ``w:WINDOW,gap:DAYS,size:MIN``. The variants of
session 6 that were measured and rejected (margin and person triggers, ``confirm:any``,
``settle:rescore``, ``hold:shadow``; bench/stories/README.md (b3)) lived in this script's
``LateIndex`` (git show ca9c5ff:bench/stories/late.py); the chosen one now lives in ``src/`` only.
``--heldout`` reads held-out data (all 2,582 articles of the full run in t17.py order and the
held-out sample by set): run once, for the configuration chosen on dev. Nothing is written to any
stored database.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.stories import cluster_bench as cb
from bench.stories import full_bench as fb
from bench.stories import full_variants as fv
from storyline.link.story_index import Params, StoryIndex
from storyline.link.story_profile import Profile

MODELS = {"generic": -2.25, "lenient": -2.25, "strict": -2.75}


def params_for(model: str, config: str, threshold: float | None = None) -> Params:
    """``off`` (online: no deciding late, no re-assignment, no story merge) or
    ``w:40,gap:180,size:3[,re:1|re:off][,mg:1|mg:off]`` (unnamed settings keep the shipped defaults;
    ``re``: the end-of-batch re-assignment margin; ``mg``: the story merge margin)."""
    p = Params(link_model=model, join_threshold=MODELS[model] if threshold is None else threshold)
    if config == "off":
        p.hold_gap_days = p.reassign_margin = p.merge_margin = None
        return p
    names = {"w": "hold_window", "gap": "hold_gap_days", "size": "hold_min_size", "re": "reassign_margin",
             "mg": "merge_margin"}
    for part in filter(None, config.split(",")):
        key, value = part.split(":")
        setattr(p, names[key], None if value == "off" else float(value) if key in ("re", "mg") else int(value))
    return p


def run(profiles: list[Profile], params: Params) -> tuple[list[str], Counter[str]]:
    """Final story of each profile after the stream (tentative stories settled at its end)."""
    idx = StoryIndex(params)
    for p in profiles:
        idx.add(p)
    idx.settle_all()
    idx.reassign(profiles)  # off when params.reassign_margin is None
    idx.dissolve_fragments(profiles)  # off when params.fragment_size < 2
    idx.merge_stories(profiles)  # off when params.merge_margin is None
    if params.reassign_again:  # (b10): a second pass once the merge has changed the stories
        idx.reassign(profiles)
    final = idx.assignments()
    return [final[p.article_id] for p in profiles], idx.stats


def run_linker(profiles: list[Profile], params: Params) -> tuple[list[str], Counter[str]]:
    """The same stream through ``StoryLinker`` and an in-memory store, as one ``storyline add``
    batch: each profile stands for an article whose extraction gave it (``build_profile`` is
    replaced by a lookup), settlements go to the store as they happen and at the batch's end;
    the stories are read back from the store's ``story_articles``."""
    from datetime import date

    from storyline.link import linker as lk
    from storyline.model import Article
    from storyline.store.sqlite import SQLiteStore

    by_id = {p.article_id: p for p in profiles}
    store = SQLiteStore(":memory:")
    real = lk.build_profile
    lk.build_profile = lambda article, extraction, embedder=None: by_id[article.id]
    try:
        linker = lk.StoryLinker(store, embedder=None)
        linker.index = StoryIndex(params)
        for p in profiles:
            day = date.fromordinal(p.published).isoformat() if p.published else None
            article = Article(id=p.article_id, origin=p.article_id, text=p.article_id, language=p.language,
                              published=day)
            sid, data = linker.assign(article, None)
            store.add_article(article, [], None, profile=data, story_id=sid)
            linker.after_store()
        linker.checkpoint()
    finally:
        lk.build_profile = real
    stored = dict(store.db.execute("SELECT article_id, story_id FROM story_articles"))
    return [stored[p.article_id] for p in profiles], linker.index.stats


def row(data, params: Params, runner=run) -> str:
    cells, pend = [], 0
    for sname, (profiles, gold) in data.items():
        pred, stats = runner(profiles, params)
        res = cb.score(pred, gold)
        ent = f"/{fv.entities_f1(res):.3f}" if sname in ("dev", "dev2", "dev+dev2", "mixed") else ""
        cells.append(f"{sname} {res['bcubed']['F1']:.3f}{ent}")
        pend = max(pend, stats.get("max_pending", 0))
        if params.hold_gap_days is not None:
            cells[-1] += f"[o{stats['opened']} c{stats['confirmed']} s{stats['settled']} a{stats['alone']}]"
    return "  ".join(cells) + (f"  max pending {pend}" if params.hold_gap_days is not None else "")


def set_f1(res: dict, prefix: str) -> float:
    """B-cubed F1 from P and R averaged over the items of the gold sets named ``prefix...``."""
    sets = [v for g, v in res["per_set"].items() if g.startswith(prefix)]
    n = sum(v["n"] for v in sets)
    P, R = (sum(v[k] * v["n"] for v in sets) / n for k in ("P", "R"))
    return 2 * P * R / (P + R)


def heldout(db: str, params: Params, runner=run) -> str:
    """HELD-OUT figures (look once, for the configuration chosen on dev): all 2,582 articles of
    the full run in t17.py order, and the held-out sample of cluster_bench by set."""
    items = fb.select(fb.load(db), "all", "seq")
    full = cb.score(runner([it.profile for it in items], params)[0], ["t17/" + it.topic for it in items])
    topics = " ".join(f"{g[4:]} {v['F1']:.3f}" for g, v in full["per_set"].items())
    profiles, gold = cb.stream(cb.split(cb.load_sets(40, 40))["test"])
    res = cb.score(runner(profiles, params)[0], gold)
    low = " ".join(f"{g.split('/')[1]} {v['F1']:.2f}" for g, v in res["per_set"].items() if v["F1"] < 0.9)
    return (f"full all/seq {full['bcubed']['F1']:.3f} (P {full['bcubed']['P']:.3f} R {full['bcubed']['R']:.3f}, "
            f"{full['clusters']} stories; {topics})  sample {res['bcubed']['F1']:.3f} Entities "
            f"{set_f1(res, 'entities/'):.3f} Timeline17 {set_f1(res, 't17/'):.3f} (below 0.9: {low})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=fb.DEFAULT_DB)
    ap.add_argument("--models", default="strict,lenient,generic")
    ap.add_argument("--configs", nargs="*", default=["off", "w:40,gap:180,size:3"])
    ap.add_argument("--thresholds", default="", help="join thresholds (default: -2.75 strict, -2.25 lenient)")
    ap.add_argument("--streams", default="", help="keep only these streams (comma-separated)")
    ap.add_argument("--linker", action="store_true", help="through StoryLinker and an in-memory store")
    ap.add_argument("--heldout", action="store_true", help="HELD-OUT figures instead of the dev streams "
                    "(once, for the configuration chosen on dev)")
    args = ap.parse_args()
    data = {} if args.heldout else fv.streams(args.db)
    if args.streams:
        data = {k: v for k, v in data.items() if k in args.streams.split(",")}
    runner = run_linker if args.linker else run
    for model in args.models.split(","):
        for t in [float(x) for x in args.thresholds.split(",") if x] or [None]:
            for config in args.configs:
                params = params_for(model, config, t)
                figures = heldout(args.db, params, runner) if args.heldout else row(data, params, runner)
                print(f"{model} t {params.join_threshold} {config}{' linker' if args.linker else ''}: {figures}",
                      flush=True)


if __name__ == "__main__":
    main()
