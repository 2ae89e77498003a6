"""Story focus and event-level dedup as date-ranking evidence (issue #6, session 9; dev only).

    .venv/bin/python -m bench.timeline.focus --entities Charles_Taylor,...   # dev only

Two families no earlier pass had scored (bench/timeline/README.md, session 9):

- **story focus**: a collection is not one story. Each reference is weighted by how central its
  report is to the collection, measured on the *entities* the report names (tf-idf vectors of
  entity keys, idf over the collection's reports), not on its words (the eighth pass) nor by
  entity frequency (the fifth pass): ``ent`` cosine of the report's entity vector to the
  collection centroid; ``lead`` the same for the entities of its first ``LEAD`` sentences;
  ``rank`` its PageRank in the graph of reports joined by entity cosine (TextRank over reports).
  Each divided by its mean over the collection, then ``^p`` / clipped at 1 / the least central
  ``q`` of reports at 0.5 or 0; on every feature, on the text references only or on the publication-dated
  ones only (``date_features(report_weight=...)``);
- **event-level dedup**: two reports whose sentences naming one day are near-copies of each
  other (rapidfuzz ``ratio`` >= ``tau`` on the lower-cased sentence) count once for that day
  (syndication the CLI's article-level near-duplicate marking misses: a wire paragraph inside
  two otherwise different reports). On text references only, or on every dated sentence.

The script first answers the brief's question directly: are off-topic reports' references what
fills the false slots (mean centrality of the reports naming the chosen gold / chosen false
days)? Then mean date F1 and gold dates found per variant, beside the shipped ranking, and a
leave-one-collection-out choice among the variants (``salience.loo``).
"""

from __future__ import annotations

import argparse
import math
from collections import Counter, defaultdict
from dataclasses import replace

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from bench.timeline import features as F
from bench.timeline.salience import loo
from bench.timeline.variants import evaluate, linear
from storyline.present import timeline as T

LEAD = 3


def _keys(article, ex, upto: int | None = None) -> list[str]:
    ids = T._entity_ids(ex)
    return [T._unlabelled(e.entity_id or ids.get(e.name, T.fold(e.name))) for e in ex.entities
            if e.name and (upto is None or e.start < upto)]


def _vectors(profiles: dict[str, list[str]]) -> tuple[list[str], np.ndarray]:
    """Reports and their l2-normalised tf-idf vectors of entity keys."""
    df = Counter(k for ks in profiles.values() for k in set(ks))
    n = len(profiles)
    vocab = {k: i for i, k in enumerate(sorted(df))}
    reports = list(profiles)
    m = np.zeros((len(reports), max(1, len(vocab))))
    for i, r in enumerate(reports):
        for k, v in Counter(profiles[r]).items():
            m[i, vocab[k]] = (1 + math.log(v)) * math.log((n + 1) / (df[k] + 0.5))
    norms = np.linalg.norm(m, axis=1)
    norms[norms == 0] = 1
    return reports, m / norms[:, None]


def centralities(items, canonical) -> dict[str, dict[str, float]]:
    """Per measure (``ent``, ``lead``, ``rank``): canonical report -> centrality / mean."""
    whole, lead = {}, {}
    for article, ex in items:
        c = canonical.get(article.id, article.id)
        if c != article.id:
            continue
        ends = sorted(s.end for s in ex.sentences)
        whole[c] = _keys(article, ex)
        lead[c] = _keys(article, ex, ends[min(LEAD, len(ends)) - 1] if ends else 0)
    out = {}
    for name, prof in (("ent", whole), ("lead", lead)):
        reports, m = _vectors(prof)
        centroid = m.mean(axis=0)
        cos = m @ centroid / max(1e-9, float(np.linalg.norm(centroid)))
        out[name] = dict(zip(reports, cos / max(1e-9, float(cos.mean()))))
    reports, m = _vectors(whole)
    sim = m @ m.T
    np.fill_diagonal(sim, 0.0)
    sim[sim < 0.05] = 0.0
    rows = sim.sum(axis=1)
    trans = np.where(rows[:, None] > 0, sim / np.where(rows[:, None] > 0, rows[:, None], 1), 1 / len(reports))
    pr = np.full(len(reports), 1 / len(reports))
    for _ in range(50):  # power iteration, damping 0.85
        pr = 0.15 / len(reports) + 0.85 * pr @ trans
    out["rank"] = dict(zip(reports, pr * len(reports)))
    return out


def schemes(values: list[float]) -> dict[str, callable]:
    cent = sorted(values)
    out = {f"^{p}": (lambda c, p=p: max(c, 0.0) ** p) for p in (0.5, 1.0, 2.0)}
    out |= {f"clip^{p}": (lambda c, p=p: min(1.0, max(c, 0.0)) ** p) for p in (1.0, 2.0)}
    for q in (0.1, 0.25):
        cut = cent[int(q * len(cent))] if cent else 0.0
        out[f"low{q}x0.5"] = lambda c, cut=cut: 0.5 if c < cut else 1.0
        out[f"low{q}x0"] = lambda c, cut=cut: 0.0 if c < cut else 1.0
    return out


def dedup_entries(entries, canonical, tau: float, text_only: bool) -> list:
    """Entries with, per date, reports whose sentences naming it are near-copies (rapidfuzz
    ``ratio`` >= ``tau``) mapped to one of them (the earliest): they count once for that date."""
    by_date: dict[str, list] = defaultdict(list)
    for e in entries:
        by_date[e.date].append(e)
    out = []
    for es in by_date.values():
        srcs = [(canonical.get(s.article_id, s.article_id), s) for e in es for s in e.sources
                if e.dated_by == "text" or not text_only]
        reps = {r for r, _ in srcs}
        if len(reps) < 2:
            out += es
            continue
        parent = {r: r for r in reps}

        def find(r: str, parent: dict[str, str] = parent) -> str:
            while parent[r] != r:
                parent[r] = parent[parent[r]]
                r = parent[r]
            return r
        texts = [s.sentence.casefold() for _, s in srcs]
        sims = cdist(texts, texts, scorer=fuzz.ratio, score_cutoff=tau, dtype=np.uint8, workers=1)
        for i, j in zip(*np.nonzero(sims)):
            a, b = find(srcs[i][0]), find(srcs[j][0])
            if a != b:
                parent[max(a, b)] = min(a, b)
        first = {}
        for r, _s in sorted(srcs, key=lambda x: (x[1].published, x[0])):
            first.setdefault(find(r), r)
        for e in es:
            if e.dated_by != "text" and text_only:
                out.append(e)
                continue
            new = tuple(replace(s, article_id=first[find(canonical.get(s.article_id, s.article_id))])
                        for s in e.sources)
            out.append(replace(e, sources=new))
    return out


def _days(feats):
    return {d: f for d, f in feats.items() if T.granularity_of(d) == "day"}


def diagnose(topic, entries, canonical, feats, gold, n, cents) -> None:
    """Mean centrality of the reports naming the chosen gold days vs the chosen false days."""
    s = linear(T.DATE_WEIGHTS)(feats)
    chosen = sorted(feats, key=lambda d: (-s[d], -feats[d].get("sentences", 0.0), d))[:n]
    naming: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        if e.dated_by == "text" and e.date in feats:
            naming[e.date] |= {canonical.get(x.article_id, x.article_id) for x in e.sources}
    parts = []
    for name, c in cents.items():
        low = sorted(c.values())[int(0.25 * len(c))]
        row = []
        for label, days in (("gold", [d for d in chosen if d in gold]),
                            ("false", [d for d in chosen if d not in gold])):
            refs = [c.get(r, 1.0) for d in days for r in naming[d]]
            share = sum(1 for v in refs if v < low) / len(refs) if refs else 0.0
            row.append(f"{label} {np.mean(refs) if refs else 0:.2f}/{share:.2f}")
        parts.append(f"{name}: " + " ".join(row))
    print(f"  {topic} (N {n}; mean centrality / share from the least central quarter) " + "; ".join(parts))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--t17", default=F.T17_DEV)
    ap.add_argument("--entities", default="")
    ap.add_argument("--no-dedup", action="store_true")
    args = ap.parse_args()
    data = F.load([t for t in args.t17.split(",") if t], [t for t in args.entities.split(",") if t])
    ship = dict(T.DATE_WEIGHTS)
    variants: dict[str, list] = defaultdict(list)
    built: dict[int, dict] = {}
    print("off-topic reports at the cut (shipped ranking):")
    for topic, items, g in data:
        if id(items) not in built:
            tl = T.build_timeline(items, with_claims=False)
            canonical = {a.id: (a.duplicate_of or a.id) for a, _ in items}
            entries = list(tl.entries)
            base = _days(T.date_features(entries, canonical, items))
            v = {"shipped": base}
            cents = centralities(items, canonical)
            diagnose(topic, entries, canonical, base, set(g.dates), len(g.dates), cents)
            for cname, cent in cents.items():
                for sname, fn in schemes(list(cent.values())).items():
                    rw = {c: fn(cent.get(c, 1.0)) for c in set(canonical.values())}
                    wf = _days(T.date_features(entries, canonical, items, report_weight=rw))
                    v[f"{cname}{sname}"] = wf
                    for part, keys in (("text", ("text", "retro", "future")), ("published", ("published",))):
                        v[f"{cname}{sname} {part} only"] = {
                            d: f | {k: wf[d].get(k, 0.0) for k in keys} for d, f in base.items()}
            for tau in () if args.no_dedup else (95, 90, 80, 70):
                for text_only in (True, False):
                    new = dedup_entries(entries, canonical, tau, text_only)
                    v[f"dedup{tau}{' text' if text_only else ' all'}"] = _days(T.date_features(new, canonical, items))
            built[id(items)] = v
        for name, feats in built[id(items)].items():
            variants[name].append((topic, feats, set(g.dates), len(g.dates)))
    results: dict[str, list[float]] = {}
    for name, rows in variants.items():
        f1s, hits = evaluate(rows, linear(ship))
        results[name] = f1s
        print(F.fmt(name, [(r[0],) for r in rows], f1s), f"| hits {hits}", flush=True)
    loo([r[0] for r in variants["shipped"]], results)


if __name__ == "__main__":
    main()
