"""Content salience and report centrality as date-ranking evidence (issue #6, eighth pass; dev only).

    .venv/bin/python -m bench.timeline.salience --entities Charles_Taylor,...   # dev only

Two ideas the earlier passes had not scored (bench/timeline/README.md, eighth pass):

- **echo** (Chieu & Lee 2004 "interest", Tran et al. 2015): a day is important when the sentences
  dated to it are echoed by many *other* reports, i.e. its event is what the collection talks
  about, not only its date string. For each candidate day near the cut (the shipped ranking's top
  ``K`` x N) and each distinct sentence dated to it, the independent reports (other than the
  sentence's own) holding a sentence with tf-idf cosine >= ``tau`` (content words, idf over the
  collection's reports), published within a window of the day (``W`` days after it, or anywhere).
  Features: ``echo_sum`` (sum over the day's sentences of such reports), ``echo_set`` (their union),
  ``echo_new`` (the union minus the reports that already name the day);
- **centrality**: each reference weighted by how typical its report is of the collection (cosine
  of the report's tf-idf to the centroid of all reports, divided by the mean), so off-topic
  reports' background dates count less (``date_features(report_weight=...)``).

Each is scored as an added feature and as a multiplier of the shipped score; mean date F1 (as
``t17.py``) and gold dates found, beside the shipped ranking.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import re
from collections import Counter, defaultdict

import numpy as np
from scipy import sparse

from bench.timeline import features as F
from bench.timeline.variants import evaluate
from storyline.present import timeline as T

STOP = set("""the and for that with was were are has have had this from not but his her its their they
them she him who which what when where been being will would could should said says say also than then
there these those into about after before over more most some such only other any all can may just
one two our out new year years day days week month said told mr mrs ms per""".split())
_WORD = re.compile(r"[a-z][a-z'-]{2,}")


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.casefold()) if w not in STOP]


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


class Collection:
    """Sentence and report tf-idf vectors of one collection (canonical reports only)."""

    def __init__(self, items, canonical: dict[str, str]):
        docs: dict[str, list[str]] = {}
        self.pub: dict[str, dt.date | None] = {}
        sents, owners = [], []
        for article, ex in items:
            c = canonical.get(article.id, article.id)
            if c != article.id:
                continue  # a copy: its original stands for it
            self.pub[c] = _day(article.published or "")
            docs[c] = words(article.text)
            for s in ex.sentences:
                sents.append(article.text[s.start:s.end])
                owners.append(c)
        df = Counter(w for ws in docs.values() for w in set(ws))
        n = len(docs)
        self.vocab = {w: i for i, w in enumerate(sorted(df))}
        self.idf = np.array([math.log((n + 1) / (df[w] + 0.5)) for w in sorted(df)])
        self.reports = list(docs)
        r = self.matrix([docs[c] for c in self.reports])
        centroid = np.asarray(r.mean(axis=0)).ravel()
        cos = r @ centroid / max(1e-9, float(np.linalg.norm(centroid)))
        self.centrality = dict(zip(self.reports, cos / max(1e-9, float(cos.mean()))))
        self.x = self.matrix([words(s) for s in sents]).T.tocsr()  # vocab x sentences
        self.owner = np.array(owners)
        self.owner_pub = np.array([(self.pub[o] or dt.date(1, 1, 1)).toordinal() for o in owners])

    def matrix(self, docs: list[list[str]]) -> sparse.csr_matrix:
        rows, cols, vals = [], [], []
        for i, ws in enumerate(docs):
            tf = Counter(self.vocab[w] for w in ws if w in self.vocab)
            for j, v in tf.items():
                rows.append(i)
                cols.append(j)
                vals.append((1 + math.log(v)) * self.idf[j])
        m = sparse.csr_matrix((vals, (rows, cols)), shape=(len(docs), len(self.vocab)))
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1
        return sparse.diags(1 / norms) @ m

    def echo(self, day: str, sources: list[tuple[str, str]], tau: float, window: int | None) -> tuple[int, set[str]]:
        """(sum over sentences of echoing reports, union of echoing reports) for one day's sentences
        ``sources`` = (canonical report, sentence text)."""
        if not sources:
            return 0, set()
        q = self.matrix([words(t) for _, t in sources])
        sims = (q @ self.x).toarray()
        mask = np.ones(len(self.owner), dtype=bool)
        d = _day(day)
        if window is not None and d is not None:
            o = d.toordinal()
            mask = (self.owner_pub >= o - 1) & (self.owner_pub <= o + window)
        total, union = 0, set()
        for (rep, _), row in zip(sources, sims):
            hit = set(self.owner[(row >= tau) & mask].tolist()) - {rep}
            total += len(hit)
            union |= hit
        return total, union


K = 3  # candidates near the cut: the shipped ranking's top K x N


def build(items, n_max: int, taus, windows, with_published: bool) -> tuple[dict, dict]:
    """Per day: shipped features plus echo features; and the centrality-weighted features."""
    tl = T.build_timeline(items, with_claims=False)
    canonical = {a.id: (a.duplicate_of or a.id) for a, _ in items}
    entries = list(tl.entries)
    feats = {d: dict(f) for d, f in T.date_features(entries, canonical, items).items()
             if T.granularity_of(d) == "day"}
    col = Collection(items, canonical)
    by_date: dict[str, list] = defaultdict(list)
    for e in entries:
        by_date[e.date].append(e)
    score = {d: sum(w * f.get(k, 0.0) for k, w in T.DATE_WEIGHTS.items()) for d, f in feats.items()}
    ranked = sorted(feats, key=lambda d: (-score[d], -feats[d].get("sentences", 0.0), d))
    pubs = Counter(col.pub[c] for c in col.reports if col.pub[c])
    for d in feats:
        day = _day(d)
        for w in (1, 3):
            near = sum(pubs.get(day + dt.timedelta(k), 0) for k in range(-1, w + 1)) if day else 0
            feats[d][f"pub_near{w}"] = float(near)
    for d in ranked[:K * n_max]:
        srcs = {}
        for e in by_date[d]:
            if e.dated_by != "text" and not with_published:
                continue
            for s in e.sources:
                srcs.setdefault((canonical.get(s.article_id, s.article_id), s.sentence), None)
        text_reports = {canonical.get(s.article_id, s.article_id) for e in by_date[d] if e.dated_by == "text"
                        for s in e.sources}
        for tau in taus:
            for w in windows:
                total, union = col.echo(d, list(srcs), tau, w)
                feats[d][f"echo_sum{tau},{w}"] = float(total)
                feats[d][f"echo_set{tau},{w}"] = float(len(union))
                feats[d][f"echo_new{tau},{w}"] = float(len(union - text_reports))
    evidence_echo(items, canonical, col.pub, feats, ranked[:K * n_max], windows)
    weighted = {}
    cent = sorted(col.centrality.values())
    schemes = {f"^{p}": (lambda c, p=p: c ** p) for p in (0.5, 1.0, 2.0)}
    schemes |= {f"clip^{p}": (lambda c, p=p: min(1.0, c) ** p) for p in (1.0, 2.0)}
    for q in (0.1, 0.25):
        cut = cent[int(q * len(cent))] if cent else 0.0
        schemes[f"low{q}"] = lambda c, cut=cut: 0.5 if c < cut else 1.0
    for name, fn in schemes.items():
        rw = {a: fn(col.centrality.get(c, 1.0)) for a, c in canonical.items()}
        rw |= {c: fn(col.centrality.get(c, 1.0)) for c in set(canonical.values())}
        weighted[name] = {d: f for d, f in T.date_features(entries, canonical, items, report_weight=rw).items()
                          if T.granularity_of(d) == "day"}
    return feats, weighted


def evidence_echo(items, canonical, pub, feats, days, windows) -> None:
    """``ee_set<W>`` / ``ee_new<W>``: the echo by the merge rule's evidence instead of words: the
    independent reports published within ``W`` days of the day (``None``: any time) with an event
    (of any date) sharing ``MIN_EVIDENCE`` with one of the day's text-dated events (two entities, or
    an entity and an event concept); ``ee_new`` leaves out the reports that name the day."""
    events = T._events(items)
    index: dict[str, list[int]] = defaultdict(list)
    rows = []
    for i, (article, _ev, keys, concepts) in enumerate(events):
        rows.append((canonical.get(article.id, article.id), keys, concepts))
        for k in keys:
            index[k].append(i)
    mine: dict[str, list[int]] = defaultdict(list)
    for i, (_article, ev, _keys, _concepts) in enumerate(events):
        if ev.time_source != "published":
            mine[ev.time].append(i)
    for d in days:
        day = _day(d)
        naming = {rows[i][0] for i in mine.get(d, ())}
        hits: dict[object, set[str]] = {w: set() for w in windows}
        for i in mine.get(d, ()):
            rep, keys, concepts = rows[i]
            seen = set()
            for k in keys:
                for j in index[k]:
                    if j in seen or rows[j][0] == rep:
                        continue
                    seen.add(j)
                    r2, k2, c2 = rows[j]
                    if len(keys & k2) + min(1, len(concepts & c2)) < T.MIN_EVIDENCE:
                        continue
                    p = pub.get(r2)
                    for w in windows:
                        if w is None or (day and p and -1 <= (p - day).days <= w):
                            hits[w].add(r2)
        for w in windows:
            feats[d][f"ee_set{w}"] = float(len(hits[w]))
            feats[d][f"ee_new{w}"] = float(len(hits[w] - naming))


def linear(weights):
    return lambda feats: {d: sum(w * f.get(k, 0.0) for k, w in weights.items()) for d, f in feats.items()}


def multiplier(key: str, lam: float):
    ship = linear(T.DATE_WEIGHTS)

    def score(feats):
        s = ship(feats)
        return {d: s[d] * (1 + lam * math.log1p(feats[d].get(key, 0.0))) for d in feats}
    return score


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--t17", default=F.T17_DEV)
    ap.add_argument("--entities", default="")
    ap.add_argument("--published", action="store_true", help="report-dated sentences of a day echo too")
    ap.add_argument("--short", action="store_true", help="fewer variants")
    ap.add_argument("--centrality", action="store_true", help="centrality variants only")
    args = ap.parse_args()
    data = F.load([t for t in args.t17.split(",") if t], [t for t in args.entities.split(",") if t])
    taus = (0.3, 0.5) if args.short else (0.2, 0.3, 0.5)
    windows = (3, None) if args.short else (1, 3, 7, None)
    built: dict[int, tuple] = {}
    rows, wrows = [], defaultdict(list)
    for topic, items, g in data:
        if id(items) not in built:
            n_max = max(len(g2.dates) for t2, i2, g2 in data if i2 is items)
            built[id(items)] = build(items, n_max, taus, windows, args.published)
        feats, weighted = built[id(items)]
        rows.append((topic, feats, set(g.dates), len(g.dates)))
        for p, wf in weighted.items():
            wrows[p].append((topic, wf, set(g.dates), len(g.dates)))
    ship = dict(T.DATE_WEIGHTS)
    results: dict[str, list[float]] = {}

    def show(label, rs, score):
        f1s, hits = evaluate(rs, score)
        results[label] = f1s
        print(F.fmt(label, [(r[0],) for r in rs], f1s), f"| hits {hits}", flush=True)

    show("shipped", rows, linear(ship))
    for p, rs in wrows.items():
        show(f"centrality{p}", rs, linear(ship))
        for part, keys in (("published", ("published",)), ("text", ("text", "retro", "future"))):
            mixed = [(t, {d: f | {k: wf[d].get(k, 0.0) for k in keys} for d, f in fr.items()}, g, n)
                     for (t, fr, g, n), (_, wf, _, _) in zip(rows, rs)]
            show(f"centrality{p} on {part} only", mixed, linear(ship))
    for w in (1, 3):
        for lam in (0.1, 0.25, 0.5):
            show(f"*pub_near{w} log x{lam}", rows, multiplier(f"pub_near{w}", lam))
    if not args.centrality:
        echo(rows, taus, windows, show, ship)
    loo([r[0] for r in rows], results)


def echo(rows, taus, windows, show, ship) -> None:
    for w in windows:
        for kind in ("set", "new"):
            key = f"ee_{kind}{w}"
            for lam in (0.25, 0.5, 1.0):
                show(f"+{key} x{lam}", rows, linear(ship | {key: lam}))
            for lam in (0.1, 0.25, 0.5):
                show(f"*{key} log x{lam}", rows, multiplier(key, lam))
    for tau in taus:
        for w in windows:
            for kind in ("sum", "set", "new"):
                key = f"echo_{kind}{tau},{w}"
                for lam in (0.05, 0.1, 0.25, 0.5) if kind == "sum" else (0.25, 0.5, 1.0):
                    show(f"+{key} x{lam}", rows, linear(ship | {key: lam}))
                for lam in (0.1, 0.25, 0.5):
                    show(f"*{key} log x{lam}", rows, multiplier(key, lam))


def loo(topics: list[str], results: dict[str, list[float]]) -> None:
    """How a choice among the scored variants generalises: for each collection, the variant with
    the best mean date F1 on the *other* collections (ties to the shipped ranking), scored on it."""
    out = []
    for topic in dict.fromkeys(topics):
        others = [i for i, t in enumerate(topics) if t != topic]
        mine = [i for i, t in enumerate(topics) if t == topic]
        best = max(results, key=lambda k: (round(sum(results[k][i] for i in others), 6), k == "shipped"))
        out += [results[best][i] for i in mine]
        print(f"  leave-one-out {topic}: {best} {sum(results[best][i] for i in mine) / len(mine):.3f}"
              f" (shipped {sum(results['shipped'][i] for i in mine) / len(mine):.3f})")
    print(f"leave-one-collection-out choice among {len(results)} variants: mean date F1 {sum(out) / len(out):.3f}"
          f" vs shipped {sum(results['shipped']) / len(out):.3f}")


if __name__ == "__main__":
    main()
