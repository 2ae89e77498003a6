"""Fit the learned cue model (``src/storyline/extract/lang/en/quotes_model.json``) on PolNeAR train.

    .venv/bin/python -m bench.quotes.fit_cues                 # cross-validate, then fit on all 840 and write (~10 min)
    .venv/bin/python -m bench.quotes.fit_cues --cv-only       # only the cross-validation table

Every candidate of ``quotes_learned.proposals`` that no rule attribution overlaps is labelled
positive when its content overlaps (>= 0.3 of the longer span, the scorer's test) a gold content
that the rules left unmatched and its cue word lies inside a gold Cue span (``CUE_LABEL``, since
session 10). A logistic regression (scikit-learn, bench only; the package reads
the weights with plain Python) is fitted on three quarters of the train documents and the whole
extractor (rules + model) scored on the fourth, four times (``bench.quotes.cv``); the
regularisation ``C``, the decision threshold and ``unsourced`` are chosen by the pooled content F1
(sessions 3-7 chose on train 600-839 with a model fitted on 0-599: ``--split``); then the model is
refitted on all 840 train documents with the chosen values. PolNeAR dev is never read here. Only
derived weights are written, never PolNeAR text.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Doc

from bench.quotes import corpus
from bench.quotes.run import context
from bench.quotes.score import Item, Tally, greedy_match, proj, projection, score_doc
from storyline.extract.base import Context
from storyline.extract.quotes import extract_with, lang_data
from storyline.extract.quotes_headline import reparsed as headline_reparsed
from storyline.extract.quotes_cues import inside_mask
from storyline.extract.quotes_learned import LANG_DIR, Model, against_rules, proposals
from storyline.extract.quotes_marks import quoted_spans

OUT = LANG_DIR / "en" / "quotes_model.json"
SPLIT = 600  # fit on train docs [0, SPLIT), choose C and threshold on [SPLIT, 840)
MIN_COUNT = 5  # features seen fewer times are dropped (smaller file, little loss)
# The first is the one ``--quick`` fits. Session 11 (4-fold CV, threshold 0.35, unsourced 0):
# C 0.05 / 0.1 / 0.2 / 0.3 -> 0.7668 / 0.7676 / 0.7682 / 0.7676 with session 10's rules, and
# 0.1 / 0.2 -> 0.7689 / 0.7695 with session 11's (folds +0.0005, -0.0005, +0.0017, +0.0005): three
# folds of four up both times, +0.0006 pooled, at the noise level of one change.
CS = (0.2, 0.1, 0.3)
# The speaker target: a setting that pushes speaker accuracy below it is not chosen.
# On train 600-839, above the target: dev lost more than validation (session 3: keeping sourceless
# proposals cost dev 0.016 and validation 0.006). 0.865 since session 5, whose speaker rules raised
# validation to 0.867: at 0.855 the grid spent that margin on sourceless proposals (unsourced 0:
# F1 0.760 against 0.759, speaker 0.861 against 0.865).
MIN_SPEAKER = 0.865
THRESHOLDS = (0.3, 0.35, 0.4)
# A proposal is positive only when its cue word lies inside a gold Cue span too, not only its
# content on a gold content (an accidental overlap: `released [a statement saying X]` against the
# gold `X` of `saying`). Since session 10: 4-fold CV 0.7652 -> 0.7663 at C 0.1, threshold 0.35
# (the cleaner positives make the model less sure, so its best threshold drops from 0.4; at 0.4
# 0.7632, at 0.3 0.7656), speaker accuracy 0.880 -> 0.888, exact 0.531 -> 0.541, precision
# 0.779 -> 0.798 for recall 0.752 -> 0.737; two folds up (+0.003, +0.005), two down (-0.002, -0.001).
# PolNeAR dev, read once after: 0.785 -> 0.779 (precision 0.793 -> 0.806, recall 0.778 -> 0.753).
CUE_LABEL = True
# The weight an accidental positive (content on gold, cue word not a gold cue) keeps as a positive,
# the rest as a negative (a soft label): 0 is CUE_LABEL's plain negative, 1 session 8's positive.
# 4-fold CV at C 0.1 (session 10, lead): 0 -> 0.7663 (threshold 0.35); 0.25 -> 0.7664 / 0.7676 /
# 0.7665 at threshold 0.3 / 0.35 / 0.4 (three folds up, one down 0.0005; P 0.794, R 0.743);
# 0.5 -> 0.7653 / 0.7669 / 0.7673. A flat landscape: the gain is at the noise level of one change.
ACCIDENTAL = float(os.environ.get("STORYLINE_QUOTES_ACCIDENTAL", "0.25"))
# A proposal whose source cannot be found needs this probability (1.1: never kept). Session 11
# (4-fold CV, threshold 0.35, session 10's rules): 0 / 0.45 / 0.55 / 0.7 / 1.1 -> 0.7676 / 0.7669 /
# 0.7664 / 0.7658 / 0.7652 at C 0.1, 0.7682 / 0.7677 / 0.7673 / 0.7667 at C 0.2: 0 stays.
UNSOURCED = (0.0, 0.7, 1.1)


def shipped_c() -> float:
    """The regularisation the shipped model was fitted with (its file's ``C``; 0.3 before session 8)."""
    return float(json.loads(OUT.read_text(encoding="utf-8")).get("C", 0.3))


def cue_prior(docs: list[corpus.GoldDoc]) -> dict[str, float]:
    """How often a lemma heads a gold cue: ``lemma`` -> share of its tokens inside a gold Cue span
    (``cue / (n + 2)``, lemmas seen at least 3 times and once in a cue), and ``lemma|construction``
    -> the same share among its proposals of that construction (rule-covered ones too), shrunk
    towards the lemma's share (``(cue + 2 p) / (n + 2)``, pairs seen at least 3 times)."""
    return prior_from(cue_counts(d) for d in docs)


Counts = tuple[Counter[str], Counter[str], Counter[str], Counter[str]]


def cue_counts(d: corpus.GoldDoc) -> Counts:
    """One document's counts for :func:`cue_prior`: tokens per lemma, those inside a gold cue, and
    the same for (lemma, construction) proposals (the cross-validation sums them per fold)."""
    seen: Counter[str] = Counter()
    cue: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    pair_cue: Counter[str] = Counter()
    ctx = context(d)
    gi, pi = projection(d.text), projection(ctx.article.text)
    spans = [proj(gi, a, b) for a, b in _gold_cues(d)]
    toks = list(_rules_doc(ctx))
    in_cue = [any(a <= proj(pi, t.idx, t.idx + 1)[0] < b for a, b in spans) for t in toks]
    for tok in toks:
        if tok.is_punct or tok.is_space:
            continue
        lemma = tok.lemma_.lower()
        seen[lemma] += 1
        cue[lemma] += in_cue[tok.i]
    mask = bytearray(len(ctx.article.text) + 1)
    done = set()
    for p in proposals(toks, mask, {}):
        key = f"{p.cue.lemma_.lower()}|{p.construction}"
        if (p.cue.i, key) not in done:
            done.add((p.cue.i, key))
            pairs[key] += 1
            pair_cue[key] += in_cue[p.cue.i]
    return seen, cue, pairs, pair_cue


def _rules_doc(ctx: Context) -> Doc:
    """The parse the extractor's rules and model read (a title-case first line parsed again), so
    that the model is fitted on the proposals it will score (until session 8 the pipeline's parse:
    4-fold cross-validation 0.7632 -> 0.7634, within the noise; kept for consistency)."""
    data = lang_data(ctx.lang)
    return headline_reparsed(ctx.doc, ctx.lang, data) if data else ctx.doc


def prior_from(counts: Iterable[Counts]) -> dict[str, float]:
    """The prior of :func:`cue_prior` from the summed counts of some documents."""
    seen: Counter[str] = Counter()
    cue: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    pair_cue: Counter[str] = Counter()
    for s, c, p, pc in counts:
        seen.update(s)
        cue.update(c)
        pairs.update(p)
        pair_cue.update(pc)
    out = {lemma: round(cue[lemma] / (n + 2), 4) for lemma, n in sorted(seen.items()) if n >= 3 and cue[lemma]}
    for key, n in sorted(pairs.items()):
        base = out.get(key.split("|", 1)[0], 0.0)
        if n >= 3 and (pair_cue[key] or base):
            out[key] = round((pair_cue[key] + 2 * base) / (n + 2), 4)
    return out


def _gold_cues(d: corpus.GoldDoc) -> list[tuple[int, int]]:
    """Offsets of the Cue spans of the document's brat file (discontinuous ones as one span)."""
    path = sorted((corpus.POLNEAR / "train" / "attributions").glob(f"{d.id}_*.ann"))[0]
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if parts[0].startswith("T") and len(parts) >= 2 and parts[1].startswith("Cue "):
            nums = [int(x) for x in parts[1][4:].replace(";", " ").split()]
            out.append((min(nums), max(nums)))
    return out


def examples(docs: list[corpus.GoldDoc], prior: dict[str, float]) -> tuple[list[list[str]], list[int], list[int]]:
    """Features, labels and document index of every proposal no rule attribution overlaps."""
    X: list[list[str]] = []
    y: list[int] = []
    di: list[int] = []
    for k, d in enumerate(docs):
        for feats, label, _ in doc_examples(d, prior):
            X.append(feats)
            y.append(label)
            di.append(k)
        if k % 100 == 0:
            print(f"  {k}/{len(docs)} docs, {len(X)} proposals, {sum(v == 1 for v in y)} positive", file=sys.stderr)
    return X, y, di


def doc_examples(d: corpus.GoldDoc, prior: dict[str, float]) -> list[tuple[list[str], int, str]]:
    """(features, label, ``lemma|construction``) of one document's proposals no rule attribution overlaps."""
    return [(p.feats, label, f"{p.cue.lemma_.lower()}|{p.construction}")
            for p, label in labelled_proposals(d, context(d), prior)]


def labelled_proposals(d: corpus.GoldDoc, ctx: Context, prior: dict[str, float]) -> Iterable[tuple[Any, int]]:
    """Each proposal of ``ctx`` that no rule attribution overlaps, with its label: 1 when its
    content matches a gold content the rules missed and its cue word is a gold cue, 2 when only the
    content matches (an accidental positive, ``ACCIDENTAL``), 0 otherwise."""
    text = ctx.article.text
    taken = [(q.content.start, q.content.end) for q in extract_with(ctx, None)]
    free = _unmatched_gold(d, text, taken)
    pi = projection(text)
    mask = inside_mask(len(text), [(m.start, m.end) for m in quoted_spans(text)])
    gi = projection(d.text)
    cues = [proj(gi, a, b) for a, b in _gold_cues(d)]
    for p in proposals(list(_rules_doc(ctx)), mask, prior):
        if against_rules(p.start, p.end, taken):
            continue
        pa, pb = proj(pi, p.start, p.end)
        hit = any(max(0, min(pb, gb) - max(pa, ga)) / max(pb - pa, gb - ga, 1) >= 0.3 for ga, gb in free)
        label = int(hit)
        if hit and CUE_LABEL:  # the content matches, but is the proposal's cue word a gold cue?
            c0 = proj(pi, p.cue.idx, p.cue.idx + 1)[0]
            label = 1 if any(a <= c0 < b for a, b in cues) else 2  # 2: accidental (``ACCIDENTAL``)
        yield p, label


def _unmatched_gold(d: corpus.GoldDoc, text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Projected gold contents the rule attributions do not match (greedy, as the scorer)."""
    gi, pi = projection(d.text), projection(text)
    gold = [proj(gi, *g.content) for g in d.gold]
    used = greedy_match([proj(pi, a, b) for a, b in taken], gold)
    return [g for k, g in enumerate(gold) if k not in used]


def feature_matrix(X: list[list[str]]) -> tuple[Any, dict[str, int]]:
    """The sparse 0/1 matrix of the features seen at least ``MIN_COUNT`` times, and its columns."""
    from scipy.sparse import csr_matrix

    counts = Counter(f for feats in X for f in feats)
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
    rows, cols = [], []
    for r, feats in enumerate(X):
        for f in feats:
            if f in vocab:
                rows.append(r)
                cols.append(vocab[f])
    return csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(X), len(vocab))), vocab


def soft_labels(M: Any, y: list[int]) -> tuple[Any, np.ndarray, np.ndarray]:
    """Rows, labels and sample weights: label 2 (an accidental positive) is a positive at
    ``ACCIDENTAL`` and a negative at the rest, as two weighted copies of its row."""
    labels, weights_ = np.array([1 if v == 1 else 0 for v in y]), np.ones(len(y))
    soft = [r for r, v in enumerate(y) if v == 2]
    if soft and ACCIDENTAL > 0:
        from scipy.sparse import vstack

        weights_[soft] = 1.0 - ACCIDENTAL
        M = vstack([M, M[soft]]).tocsr()
        labels = np.concatenate([labels, np.ones(len(soft), dtype=int)])
        weights_ = np.concatenate([weights_, np.full(len(soft), ACCIDENTAL)])
    return M, labels, weights_


def fit(X: list[list[str]], y: list[int], C: float) -> tuple[dict[str, float], float]:
    from sklearn.linear_model import LogisticRegression

    M, vocab = feature_matrix(X)
    M, labels, weights_ = soft_labels(M, y)
    lr = LogisticRegression(C=C, max_iter=2000, solver="liblinear")
    lr.fit(M, labels, sample_weight=weights_)
    w = lr.coef_[0]
    weights = {f: round(float(w[i]), 3) for f, i in vocab.items() if abs(w[i]) >= 0.01}
    return weights, round(float(lr.intercept_[0]), 3)


def evaluate(ctxs: list, docs: list[corpus.GoldDoc], model: Model | None) -> Tally:
    t = Tally()
    for ctx, d in zip(ctxs, docs):
        pred = [
            Item(
                (q.content.start, q.content.end),
                (q.speaker.start, q.speaker.end) if q.speaker else None,
                q.speaker.text if q.speaker else "",
            )
            for q in extract_with(ctx, model)
        ]
        t.add(score_doc(d.text, d.gold, ctx.doc.text, pred))
    return t


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cv-only", action="store_true", help="only the table of the grid, nothing written")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--quick", action="store_true", help="the grid's first C and unsourced=0 only")
    ap.add_argument("--split", action="store_true", help=f"choose on train {SPLIT}-839 (sessions 3-7)")
    args = ap.parse_args(argv)
    from bench.quotes import cv

    t0 = time.perf_counter()
    docs = corpus.polnear("train")
    data = cv.collect(docs)
    n = sum(len(x.examples) for x in data)
    positive = sum(y == 1 for x in data for _, y, _ in x.examples)
    print(f"{n} proposals, {positive} positive ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    grid = [(c, th, un) for c in CS for th in THRESHOLDS for un in UNSOURCED]
    if args.quick:
        grid = [(c, th, un) for c, th, un in grid if c == CS[0] and un == 0.0]
    best = _choose_on_split(docs, grid) if args.split else cv.choose(docs, data, grid, MIN_SPEAKER)
    print(f"best: {best}")
    if args.cv_only or best[1] is None:
        return
    prior = prior_from(x.counts for x in data)
    X = [cv.with_prior(f, key, prior) for x in data for f, _, key in x.examples]
    y = [label for x in data for _, label, _ in x.examples]
    weights, bias = fit(X, y, best[1])
    how = f"on train {SPLIT}-839 (model fitted on 0-{SPLIT - 1})" if args.split else "by 4-fold cross-validation"
    out = {
        "_comment": "Learned cue model (storyline.extract.quotes_learned): logistic weights over "
        "proposal features, fitted by bench/quotes/fit_cues.py on PolNeAR train (840 documents); "
        f"C={best[1]}, threshold and unsourced chosen {how} on train. "
        "Derived statistics only, no PolNeAR text.",
        "C": best[1],
        "threshold": best[2],
        "unsourced": best[3],
        "bias": bias,
        "weights": dict(sorted(weights.items())),
        "cue_prior": prior,
    }
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(weights)} weights, {time.perf_counter() - t0:.0f} s)", file=sys.stderr)


def _choose_on_split(docs: list[corpus.GoldDoc], grid: list[tuple[float, float, float]]) -> tuple:
    """Sessions 3-7: fit on train 0-599, choose on 600-839 (kept to compare; chose every setting of
    four sessions and stopped predicting dev)."""
    prior = cue_prior(docs[:SPLIT])
    X, y, _ = examples(docs[:SPLIT], prior)
    val_docs = docs[SPLIT:]
    val_ctx = [context(d) for d in val_docs]
    best: tuple = (evaluate(val_ctx, val_docs, None).prf()[2], None, None, None)
    fitted: dict[float, tuple[dict[str, float], float]] = {}
    for c, th, un in grid:
        if c not in fitted:
            fitted[c] = fit(X, y, c)
        t = evaluate(val_ctx, val_docs, Model(*fitted[c], th, prior, un))
        print(f"C={c} threshold={th} unsourced={un}: {t.row()}")
        if t.prf()[2] > best[0] and t.speaker_acc >= MIN_SPEAKER:
            best = (t.prf()[2], c, th, un)
    return best


if __name__ == "__main__":
    main()
