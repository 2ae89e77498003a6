"""Story clustering: B-cubed and pairwise F1 of the incremental clusterer beside naive USE.

Usage: .venv/bin/python bench/stories/cluster_bench.py [--per-set N] [--t17 N] [--tune] [--fit-link] [--dev2]
       [--json OUT]

Gold stories: each entities_tls collection that has ``outputwithpub.csv`` and the Timeline17
topic folder(s) (``InputDocs/YYYY-MM-DD/*.txt``). All articles of a split are streamed together
in publication order (ties by id) into one clusterer, so it must both keep a story together
and keep stories apart.

Sample (documented, fixed): per collection the ``--per-set`` articles (default 40) with the
smallest sha1 of their text; per Timeline17 folder ``--t17`` (default 40); a Timeline17 gold
story is a topic (folder prefix: ``bpoil_bbc`` and ``bpoil_reuters`` are one story). Split,
fixed before tuning: per corpus, gold stories sorted by name, even positions = *dev*, odd =
*test* (Timeline17: Finan, MJ, haiti dev; H1N1, bpoil test).
``--tune`` grid-searches the join threshold (and the baseline's cosine threshold) on dev.
``--fit-link`` refits ``story_index.LINK_WEIGHTS`` on dev and prints them: the dev articles are
streamed into their *gold* stories, and every (article, candidate story) pair the index offers
on the way is a training row (label: is it the article's gold story); logistic regression. With
``--full-db PATH`` (a store of a full Timeline17 run, see bench/stories/full_bench.py) the
full-scale stream of the dev Timeline17 topics, in t17.py's order, adds its rows the same way
(stored profiles, no extraction). The shipped weights were fitted without them: the models
fitted with them join diffuse topics at full scale but merge close person storylines
(bench/stories/README.md, "Full scale").
``--dev2`` also scores *dev2*: the next ``--per-set`` / ``--t17`` articles (by the same sha1
order) of the same dev gold stories, streamed on their own. It is still dev data (the stories
the model was fitted on) but articles it never saw: a second, less noisy look for model
selection than the one dev sample, where one merge of two stories moves F1 by ~0.05.

Baseline: naive single-pass clustering on the USE embedding alone (join the most similar
centroid if its cosine >= threshold, else start a new cluster), no index, no entities.
"""

from __future__ import annotations

import argparse
import csv
import glob
import hashlib
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.stories import common
from storyline.link import stories
from storyline.link.story_index import (
    LINK_WEIGHTS,
    LINK_WEIGHTS_NOENT,
    LINK_WEIGHTS_TEXT,
    Params,
    StoryIndex,
    link_features,
)

Doc = tuple[str, str, str]  # (gold story, published, text)


def _sample(docs: list[Doc], n: int) -> list[Doc]:
    return sorted(docs, key=lambda d: hashlib.sha1(d[2].encode("utf-8")).hexdigest())[:n]


def load_sets(per_set: int, t17: int) -> dict[str, list[Doc]]:
    """Gold story name -> sampled documents."""
    csv.field_size_limit(10**9)
    sets: dict[str, list[Doc]] = {}
    for path in sorted(glob.glob(str(common.DATA / "entities_tls" / "*" / "outputwithpub.csv"))):
        name = "entities/" + Path(path).parent.name
        with open(path, encoding="utf-8") as f:
            rows = [r for r in csv.reader(f) if len(r) >= 2 and len(r[1].strip()) > 200]
        sets[name] = _sample([(name, r[0][:10], r[1].strip()) for r in rows], per_set)
    for folder in sorted(glob.glob(str(common.DATA / "timeline17" / "*"))):
        # The topic is the folder prefix (bpoil_bbc, bpoil_reuters: one story from two sources).
        name = "t17/" + os.path.basename(folder).split("_")[0]
        docs = []
        for path in sorted(glob.glob(os.path.join(folder, "InputDocs", "*", "*.txt"))):
            text = Path(path).read_text(encoding="utf-8", errors="replace").strip()
            if len(text) > 200:
                docs.append((name, os.path.basename(os.path.dirname(path)), text))
        sets[name] = sets.get(name, []) + _sample(docs, t17)
    return sets


def split(sets: dict[str, list[Doc]]) -> dict[str, list[Doc]]:
    """Per corpus, gold stories sorted by name: even positions dev, odd positions test."""
    out: dict[str, list[Doc]] = {"dev": [], "test": []}
    for corpus in ("entities/", "t17/"):
        names = sorted(k for k in sets if k.startswith(corpus))
        for i, k in enumerate(names):
            out["dev" if i % 2 == 0 else "test"].extend(sets[k])
    return out


def dev2_docs(per_set: int, t17: int) -> list[Doc]:
    """The second sample of the dev gold stories: the next ``per_set``/``t17`` by sha1."""
    first = {d[2] for d in split(load_sets(per_set, t17))["dev"]}
    return [d for d in split(load_sets(2 * per_set, 2 * t17))["dev"] if d[2] not in first]


def stream(docs: list[Doc]):
    """Profiles in publication order, with their gold labels."""
    pairs = common.cached_extractions([(t, "en", p) for _, p, t in docs], label="cluster")
    profiles = common.profiles_for(pairs, "cluster")
    order = sorted(range(len(docs)), key=lambda i: (docs[i][1], profiles[i].article_id))
    return [profiles[i] for i in order], [docs[i][0] for i in order]


def bcubed(pred: list[str], gold: list[str]) -> dict[str, float]:
    by_p, by_g = defaultdict(set), defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold)):
        by_p[p].add(i)
        by_g[g].add(i)
    n = len(pred)
    P = sum(len(by_p[pred[i]] & by_g[gold[i]]) / len(by_p[pred[i]]) for i in range(n)) / n
    R = sum(len(by_p[pred[i]] & by_g[gold[i]]) / len(by_g[gold[i]]) for i in range(n)) / n
    return {"P": P, "R": R, "F1": 2 * P * R / (P + R) if P + R else 0.0}


def pairwise(pred: list[str], gold: list[str]) -> dict[str, float]:
    def pairs(labels: list[str]) -> set[tuple[int, int]]:
        groups = defaultdict(list)
        for i, lab in enumerate(labels):
            groups[lab].append(i)
        return {(a, b) for g in groups.values() for x, a in enumerate(g) for b in g[x + 1:]}
    pp, gp = pairs(pred), pairs(gold)
    tp = len(pp & gp)
    P = tp / len(pp) if pp else 0.0
    R = tp / len(gp) if gp else 0.0
    return {"P": P, "R": R, "F1": 2 * P * R / (P + R) if P + R else 0.0}


def ours(profiles, params: Params) -> list[str]:
    """Each profile's story at the end of the stream, one batch (tentative stories settled, then
    re-assigned when ``params.reassign_margin`` is set)."""
    idx = StoryIndex(params)
    for p in profiles:
        idx.add(p)
    idx.end_batch(profiles)  # what StoryLinker does at the end of a batch (settle, re-assign, fragments, merge, again)
    final = idx.assignments()
    return [final[p.article_id] for p in profiles]


def naive_use(profiles, threshold: float) -> list[str]:
    """Single pass over the stream, cosine to every centroid so far (no index)."""
    sums: list[np.ndarray] = []
    out = []
    for p in profiles:
        v = np.asarray(p.vector, np.float32)
        best, best_sim = -1, threshold
        if sums:
            cent = np.stack(sums)
            sims = cent @ v / np.linalg.norm(cent, axis=1)
            j = int(np.argmax(sims))
            if sims[j] >= best_sim:
                best = j
        if best < 0:
            sums.append(v.copy())
            best = len(sums) - 1
        else:
            sums[best] += v
        out.append(str(best))
    return out


def score(pred: list[str], gold: list[str]) -> dict[str, object]:
    """Overall B-cubed and pairwise scores, and B-cubed averaged over each gold set's items."""
    by_p = defaultdict(set)
    for i, p in enumerate(pred):
        by_p[p].add(i)
    per_set = {}
    for g in sorted(set(gold)):
        sel = [i for i, x in enumerate(gold) if x == g]
        P = sum(len({j for j in by_p[pred[i]] if gold[j] == g}) / len(by_p[pred[i]]) for i in sel) / len(sel)
        R = sum(len({j for j in by_p[pred[i]] if gold[j] == g}) / len(sel) for i in sel) / len(sel)
        per_set[g] = {"n": len(sel), "P": P, "R": R, "F1": 2 * P * R / (P + R) if P + R else 0.0}
    return {"bcubed": bcubed(pred, gold), "pairwise": pairwise(pred, gold), "clusters": len(set(pred)),
            "gold": len(set(gold)), "per_set": per_set}


def link_rows(profiles, gold) -> list[tuple[dict[str, float], bool]]:
    """(features, is the gold story) for every candidate met while streaming into gold stories."""
    idx = StoryIndex()
    rows = []
    for p, g in zip(profiles, gold):
        idx.pinned[p.article_id] = "gold:" + g
        idx.df.add(p)
        rows += [(link_features(p, idx.stories[sid], idx.df), sid == "gold:" + g) for sid in idx.candidates(p)]
        idx.df.remove(p)  # add() counts it again
        idx.add(p)
    return rows


def fit_link(rows, l2: float = 0.1, weights=LINK_WEIGHTS) -> dict[str, float]:
    """Logistic regression (Newton steps, L2 on the weights but not the bias) on ``link_rows``."""
    keys = [k for k in weights if k != "bias"]
    X = np.array([[1.0] + [stories.model_inputs(f).get(k, 0.0) for k in keys] for f, _ in rows])
    y = np.array([float(label) for _, label in rows])
    w = np.zeros(X.shape[1])
    reg = l2 * np.diag(np.r_[0.0, np.ones(len(keys))])
    for _ in range(30):
        pr = 1 / (1 + np.exp(-(X @ w)))
        w -= np.linalg.solve((X.T * (pr * (1 - pr))) @ X + reg, X.T @ (pr - y) + reg @ w)
    return {k: round(float(v), 3) for k, v in zip(["bias"] + keys, w)}


def tune(profiles, gold) -> tuple[Params, float]:
    """Grid on dev: the join threshold and gap limit for ours, the cosine threshold for naive."""
    best = max(((t, g) for t in np.arange(-3.5, -0.99, 0.25) for g in (180, 400, None)),
               key=lambda tg: bcubed(ours(profiles, Params(join_threshold=float(tg[0]), max_gap_days=tg[1])),
                                     gold)["F1"])
    best_naive = max(np.arange(0.30, 0.81, 0.025), key=lambda t: bcubed(naive_use(profiles, float(t)), gold)["F1"])
    print(f"tuned on dev: join_threshold {best[0]:.3f} max_gap_days {best[1]}; naive cosine {best_naive:.3f}",
          file=sys.stderr)
    return Params(join_threshold=round(float(best[0]), 3), max_gap_days=best[1]), round(float(best_naive), 3)


# Naive baseline's cosine threshold, tuned on dev with --tune (best B-cubed F1 there).
NAIVE_THRESHOLD = 0.475


def full_rows(db: str | None) -> list[tuple[dict[str, float], bool]]:
    """``link_rows`` of the full-scale dev Timeline17 stream (none when the store is missing)."""
    from bench.stories import full_bench

    if not db:
        return []
    if not os.path.exists(db):
        raise SystemExit(f"no full-scale store at {db}")
    items = full_bench.select(full_bench.load(db), "dev", "seq")
    return link_rows([it.profile for it in items], ["t17/" + it.topic for it in items])


def run(per_set: int, t17: int, do_tune: bool, do_fit: bool = False, dev2: bool = False,
        full_db: str | None = None) -> dict[str, object]:
    splits = split(load_sets(per_set, t17))
    if dev2:
        splits["dev2"] = dev2_docs(per_set, t17)
    dev_profiles, dev_gold = stream(splits["dev"])
    if do_fit:
        rows = link_rows(dev_profiles, dev_gold) + full_rows(full_db)
        print("LINK_WEIGHTS =", fit_link(rows), file=sys.stderr)
        print("LINK_WEIGHTS_NOENT =", fit_link(rows, weights=LINK_WEIGHTS_NOENT), file=sys.stderr)
        print("LINK_WEIGHTS_TEXT =", fit_link(rows, weights=LINK_WEIGHTS_TEXT), file=sys.stderr)
    params, naive_t = tune(dev_profiles, dev_gold) if do_tune else (Params(), NAIVE_THRESHOLD)
    out: dict[str, object] = {"sample": {"per_set": per_set, "t17": t17}, "params": {
        "join_threshold": params.join_threshold, "max_gap_days": params.max_gap_days, "naive_cosine": naive_t}}
    for name, docs in splits.items():
        profiles, gold = (dev_profiles, dev_gold) if name == "dev" else stream(docs)
        out[name] = {"articles": len(profiles), "storyline": score(ours(profiles, params), gold),
                     "naive_use": score(naive_use(profiles, naive_t), gold)}
    return out


def markdown(res: dict[str, object]) -> str:
    lines = ["| split | system | articles | stories (gold) | B3 P | B3 R | B3 F1 | pairwise F1 |",
             "|---|---|---|---|---|---|---|---|"]
    names = [n for n in ("dev", "dev2", "test") if n in res]
    for name in names:
        for system in ("storyline", "naive_use"):
            r = res[name][system]
            b = r["bcubed"]
            lines.append(f"| {name} | {system} | {res[name]['articles']} | {r['clusters']} ({r['gold']}) | "
                         f"{b['P']:.3f} | {b['R']:.3f} | {b['F1']:.3f} | {r['pairwise']['F1']:.3f} |")
    lines += ["", "| split | gold set | n | ours B3 P | ours B3 R | ours B3 F1 | naive B3 F1 |",
              "|---|---|---|---|---|---|---|"]
    for name in names:
        ours_sets, naive_sets = res[name]["storyline"]["per_set"], res[name]["naive_use"]["per_set"]
        for g, s in ours_sets.items():
            lines.append(f"| {name} | {g} | {s['n']} | {s['P']:.3f} | {s['R']:.3f} | {s['F1']:.3f} | "
                         f"{naive_sets[g]['F1']:.3f} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-set", type=int, default=40)
    ap.add_argument("--t17", type=int, default=40)
    ap.add_argument("--tune", action="store_true")
    ap.add_argument("--fit-link", action="store_true", help="refit LINK_WEIGHTS on dev and print them")
    ap.add_argument("--dev2", action="store_true", help="also score the second sample of the dev stories")
    ap.add_argument("--full-db", default="",
                    help="store of a full Timeline17 run (bench/stories/full_bench.py) whose dev topics add "
                         "--fit-link rows; the shipped weights were fitted without")
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args()
    res = run(args.per_set, args.t17, args.tune, args.fit_link, args.dev2, args.full_db)
    print(markdown(res))
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
