"""A larger full-scale DEV stream with close topics: the stored full-scale dev topics plus every
article of the 13 dev entities_tls collections, in publication order.

Usage: .venv/bin/python bench/stories/big_dev.py [--extract] [--configs CONFIG ...] [--linker] [--json OUT]
       [--order date|topics]

Why: (b8) found that what is left at full scale (big stories of one topic split apart, and one
topic absorbed inside another's story) has no example in the dev streams (the samples have 40
articles per gold story, the ``mixed`` stream three topics beside the samples). This stream is
made of DEV material only: the dev topics of cluster_bench's split (Finan, MJ, haiti: 721
articles, the stored profiles of the maintainers' run, as ``full_bench.py --topics dev``) and ALL
articles (text over 200 characters, as cluster_bench) of the 13 dev entities_tls collections
(Arnold_Schwarzenegger ... Steve_Jobs: even positions of the sorted names). Several are close to
each other or to the Finan topic: Dominique Strauss-Kahn (IMF), John Boehner and Marco Rubio (US
Congress), Hu Jintao and Finan's China reports.

Extraction: the stories bench cache (``$STORYLINE_BENCH_CACHE``, ``common.cached_extractions``,
the ``storyline add`` extraction) is read first; else the timeline bench's cache of the same text
(``/tmp/storyline_bench_timeline/entities``, fingerprint ``63b70ef45698b816``: entities, times,
quantities, events; the profile reads nothing else); else the article is extracted and cached by
the stories bench (``--extract`` does only that, run it with ``nice``).

Gold = the collection / topic. Reports B-cubed F1 overall, per set (Entities / Timeline17) and per
gold story. Nothing is written to any stored database.
"""

from __future__ import annotations

import argparse
import csv
import glob
import hashlib
import json
import os
import pickle
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.stories import cluster_bench as cb
from bench.stories import common
from bench.stories import full_bench as fb
from bench.stories import late

TIMELINE_CACHE = Path(os.environ.get("STORYLINE_BENCH_TIMELINE_CACHE", "/tmp/storyline_bench_timeline")) / "entities"
TIMELINE_FINGERPRINT = os.environ.get("STORYLINE_BENCH_ENT_FINGERPRINT", "63b70ef45698b816")


def dev_collections() -> list[str]:
    found = glob.glob(str(common.DATA / "entities_tls" / "*" / "outputwithpub.csv"))
    names = sorted(Path(p).parent.name for p in found)
    return names[0::2]


def collection_docs(name: str) -> list[tuple[str, str, str]]:
    """(gold, published, text) of every article of a collection with more than 200 characters."""
    csv.field_size_limit(10**9)
    with open(common.DATA / "entities_tls" / name / "outputwithpub.csv", encoding="utf-8") as f:
        rows = [r for r in csv.reader(f) if len(r) >= 2 and len(r[1].strip()) > 200]
    seen, out = set(), []
    for r in rows:
        text = r[1].strip()
        if text not in seen:
            seen.add(text)
            out.append(("entities/" + name, r[0][:10], text))
    return out


def _timeline_pair(published: str, text: str):
    key = hashlib.sha256(f"{TIMELINE_FINGERPRINT}\n{published}\n{text}".encode()).hexdigest()[:24]
    path = TIMELINE_CACHE / f"{key}.pkl"
    return pickle.loads(path.read_bytes()) if path.exists() else None


def pairs_for(docs: list[tuple[str, str, str]], extract: bool) -> list:
    """(Article, Extraction) per doc from the caches; missing ones extracted when ``extract``
    (else ``None``)."""
    folder = common.CACHE / "extract"
    out, todo = [], []
    for i, (_, pub, text) in enumerate(docs):
        path = folder / f"{common._key(text, 'en', pub)}.pkl"
        if path.exists():
            out.append(pickle.loads(path.read_bytes()))
            continue
        pair = _timeline_pair(pub, text)
        out.append(pair)
        if pair is None:
            todo.append(i)
    if extract and todo:
        t0 = time.time()
        got = common.cached_extractions([(docs[i][2], "en", docs[i][1]) for i in todo], label="big_dev")
        for i, pair in zip(todo, got):
            out[i] = pair
        print(f"[big_dev] extracted {len(todo)} in {time.time() - t0:.0f} s", file=sys.stderr, flush=True)
    return out


def stream(db: str = fb.DEFAULT_DB, extract: bool = False, order: str = "date"):
    """(profiles, gold) of the big dev stream in publication order (ties: article id), or with
    ``order="topics"`` one gold story after another as t17.py streams its folders: the Timeline17
    topics first in the stored run's order, then each collection by name, in date order."""
    docs = [d for name in dev_collections() for d in collection_docs(name)]
    pairs = pairs_for(docs, extract)
    missing = sum(p is None for p in pairs)
    if missing:
        print(f"[big_dev] {missing} of {len(docs)} entities articles not extracted yet: left out", file=sys.stderr)
    keep = [(d, p) for d, p in zip(docs, pairs) if p is not None]
    profiles = common.profiles_for([p for _, p in keep], "bigdev")
    items = [(p, d[0]) for d, p in zip([d for d, _ in keep], profiles)]
    items += [(it.profile, "t17/" + it.topic) for it in fb.select(fb.load(db), "dev", "seq")]
    if order == "topics":
        t17 = [pg for pg in items if pg[1].startswith("t17/")]  # already in the stored run's order
        rest = sorted((pg for pg in items if not pg[1].startswith("t17/")),
                      key=lambda pg: (pg[1], pg[0].published or 0, pg[0].article_id))
        ordered = t17 + rest
    else:
        ordered = sorted(items, key=lambda pg: (pg[0].published or 0, pg[0].article_id))
    seen, out = set(), []
    for p, g in ordered:
        if p.article_id not in seen:
            seen.add(p.article_id)
            out.append((p, g))
    return [p for p, _ in out], [g for _, g in out]


def report(pred: list[str], gold: list[str], label: str, per_story: bool = True) -> dict:
    res = cb.score(pred, gold)
    by_g: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        by_g[g].append(i)
    sets = {}
    for prefix in ("entities/", "t17/"):
        idx = [i for i, g in enumerate(gold) if g.startswith(prefix)]
        sets[prefix] = _sub_f1(pred, gold, idx)
    print(f"{label}: F1 {res['bcubed']['F1']:.3f} (P {res['bcubed']['P']:.3f} R {res['bcubed']['R']:.3f}, "
          f"{len(set(pred))} stories)  Entities {sets['entities/']:.3f}  Timeline17 {sets['t17/']:.3f}", flush=True)
    if per_story:
        cells = []
        for g in sorted(by_g):
            f1 = _sub_f1(pred, gold, by_g[g])
            main = Counter(pred[i] for i in by_g[g]).most_common(1)[0][1]
            cells.append(f"{g.split('/')[1][:12]} {f1:.3f} ({main}/{len(by_g[g])})")
        print("   " + "  ".join(cells), flush=True)
    return {"F1": res["bcubed"]["F1"], "P": res["bcubed"]["P"], "R": res["bcubed"]["R"], "sets": sets}


def _sub_f1(pred: list[str], gold: list[str], idx: list[int]) -> float:
    """B-cubed P and R averaged over the articles ``idx`` (clusters over the whole stream)."""
    by_p, by_g = defaultdict(set), defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold)):
        by_p[p].add(i)
        by_g[g].add(i)
    if not idx:
        return 0.0
    P = sum(len(by_p[pred[i]] & by_g[gold[i]]) / len(by_p[pred[i]]) for i in idx) / len(idx)
    R = sum(len(by_p[pred[i]] & by_g[gold[i]]) / len(by_g[gold[i]]) for i in idx) / len(idx)
    return 2 * P * R / (P + R) if P + R else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=fb.DEFAULT_DB)
    ap.add_argument("--extract", action="store_true", help="extract what no cache holds (slow: use nice)")
    ap.add_argument("--configs", nargs="*", default=["w:40,gap:180,size:3"], help="late.py configs")
    ap.add_argument("--linker", action="store_true", help="through StoryLinker + an in-memory store")
    ap.add_argument("--json", help="write the figures of each config here")
    ap.add_argument("--order", choices=("date", "topics"), default="date",
                    help="publication order (default) or one gold story after another, as t17.py streams")
    args = ap.parse_args()
    profiles, gold = stream(args.db, args.extract, args.order)
    print(f"big dev stream: {len(profiles)} articles, {len(set(gold))} gold stories", flush=True)
    out: dict = {"articles": len(profiles)}
    for config in args.configs:
        t0 = time.time()
        pred, stats = (late.run_linker if args.linker else late.run)(profiles, late.params_for("generic", config))
        out[config] = report(pred, gold, f"{config} ({time.time() - t0:.0f} s)")
        out[config]["stories"] = {g: _sub_f1(pred, gold, [i for i, x in enumerate(gold) if x == g])
                                  for g in sorted(set(gold))}
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
