"""Lab: contextual vectors as dense features of the learned proposal model (session 12, issue #4).

    .venv/bin/python -m bench.quotes.vectors_lab tensors     # cache doc.tensor of train 0-839 (~1 min)
    .venv/bin/python -m bench.quotes.vectors_lab collect     # proposals + tok2vec blocks -> /tmp pickle (~1 min)
    .venv/bin/python -m bench.quotes.vectors_lab use         # + USE of each content and sentence (~2 min)
    .venv/bin/python -m bench.quotes.vectors_lab ap --blocks cue,head,subj,mean --alpha 0.05   # AP screen
    .venv/bin/python -m bench.quotes.vectors_lab cv --blocks cue,head,subj,mean,usec --alpha 0.05 --thresholds 0.35
    .venv/bin/python -m bench.quotes.vectors_lab fcollect    # every CV prediction with its blocks (~2 min)
    .venv/bin/python -m bench.quotes.vectors_lab filter --only R --blocks cue,head,subj,mean --alpha 0.1

Why: the learned model (``quotes_learned``) reads only symbolic features, and every README
session found its ranking limited by context it cannot see. ``en_core_web_sm``'s ``tok2vec``
output (``doc.tensor``, 96 dimensions, each token's vector built over a window of neighbours) is
computed by the pipeline anyway; here it is cached per train document (outside the repository,
``~/.cache/storyline-bench/quotes-tensors``; the bench's DocBin cache does not keep tensors;
``tok2vec`` run alone on the same tokens gives the pipeline's tensor bit for bit) and each
proposal gets dense blocks: the cue word's vector (``cue``), the content head's (``head``), the
subject's (``subj``, zeros when none) and the mean over the content (``mean``); optionally the
multilingual USE vector (``link.embed``, 512 dimensions) of the content text (``usec``) and of
the cue's sentence (``uses``). The blocks are standardised on the fold's training proposals,
scaled by ``alpha`` (so their L2 penalty is 1 / alpha^2 times the sparse features') and fitted
with the sparse features in one logistic regression (fit_cues' labels and soft labels); the
whole extractor is then scored by 4-fold CV exactly as ``bench.quotes.cv``, the extractor's
``proposals`` wrapped so that the model reads the vectors of the real ``Doc``. Without blocks the
lab reproduces ``cv``'s figures (0.7697, same folds). ``filter`` is the second idea: a logistic
filter over the extractor's CV predictions (symbolic features + blocks), fitted on three folds'
predictions and dropping the fourth's below a threshold. Results: bench/quotes/README.md,
session 12. Nothing here is used by the package.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from bench.quotes import corpus
from bench.quotes.cv import FOLDS, PRIOR_FEATS, fold_of, with_prior
from bench.quotes.fit_cues import (
    MIN_COUNT,
    cue_counts,
    evaluate,
    feature_matrix,
    labelled_proposals,
    prior_from,
    soft_labels,
)
from bench.quotes.run import context
from bench.quotes.score import Tally, proj, projection
from storyline.extract import quotes as quotes_mod
from storyline.extract.nlp import load, model_name
from storyline.extract.quotes import extract_with
from storyline.extract.quotes_learned import Model
from storyline.extract.quotes_learned import proposals as plain_proposals

BLOCKS = ("cue", "head", "subj", "mean")
DIM = 96
PICKLE = Path("/tmp/vectors_lab.pkl")


def USE_IN(blocks: tuple[str, ...]) -> bool:
    return any(b.startswith("use") for b in blocks)


def tensor_dir() -> Path:
    path = Path.home() / ".cache" / "storyline-bench" / "quotes-tensors"
    path.mkdir(parents=True, exist_ok=True)
    return path


def tensor(text: str) -> np.ndarray:
    """``doc.tensor`` of the English pipeline for ``text`` (tok2vec alone: same tokens, same values)."""
    nlp = load("en")
    key = hashlib.sha1(f"{model_name('en')}\0{nlp.meta.get('version')}\0{text}".encode()).hexdigest()
    path = tensor_dir() / f"{key[:20]}.npy"
    if path.exists():
        return np.load(path)
    arr = nlp.get_pipe("tok2vec")(nlp.make_doc(text)).tensor.astype(np.float32)
    np.save(path, arr)
    return arr


def with_tensor(d: corpus.GoldDoc):
    ctx = context(d)
    arr = tensor(ctx.article.text)
    assert arr.shape[0] == len(ctx.doc), d.id
    ctx.doc.tensor = arr
    return ctx


def dense(p: Any) -> np.ndarray:
    """The four blocks of one proposal, read from its ``Doc``'s tensor (concatenated, 4 x 96)."""
    doc = p.cue.doc
    t = doc.tensor
    span = doc.char_span(p.start, p.end, alignment_mode="expand")
    head = t[span.root.i] if span is not None and len(span) else np.zeros(DIM, np.float32)
    mean = t[span.start : span.end].mean(0) if span is not None and len(span) else head
    subj = t[p.subject.i] if p.subject is not None else np.zeros(DIM, np.float32)
    return np.concatenate([t[p.cue.i], head, subj, mean]).astype(np.float32)


@dataclass
class LabDoc:
    counts: Any
    examples: list[tuple[list[str], int, str]]
    dense: np.ndarray  # (n examples, 4 x 96)
    texts: list[tuple[str, str]]  # each proposal's content and sentence (for the USE screen)
    use: np.ndarray | None = None  # (n examples, 2 x 512): USE of the content, of the sentence


def doc_examples(d: corpus.GoldDoc) -> LabDoc:
    """``fit_cues.doc_examples`` without the prior, each proposal with its dense blocks."""
    ctx = with_tensor(d)
    text = ctx.article.text
    out, vecs, texts = [], [], []
    for p, label in labelled_proposals(d, ctx, {}):
        out.append((p.feats[:-PRIOR_FEATS], label, f"{p.cue.lemma_.lower()}|{p.construction}"))
        vecs.append(dense(p))
        texts.append((text[p.start : p.end], p.cue.sent.text))
    arr = np.stack(vecs) if vecs else np.zeros((0, DIM * len(BLOCKS)), np.float32)
    return LabDoc(cue_counts(d), out, arr, texts)


class DenseModel(Model):
    """The shipped model's sparse weights plus a dense weight vector over the proposal's blocks."""

    __slots__ = ("dense_w",)

    def __init__(self, base: Model, dense_w: np.ndarray) -> None:
        for f in Model.__dataclass_fields__:
            object.__setattr__(self, f, getattr(base, f))
        object.__setattr__(self, "dense_w", dense_w)

    def prob(self, feats: list) -> float:
        z = self.bias
        for f in feats:
            z += float(f @ self.dense_w) if isinstance(f, np.ndarray) else self.weights.get(f, 0.0)
        return 1.0 / (1.0 + np.exp(-max(-30.0, min(30.0, z))))


def _proposals_with_dense(toks, inside_quote, prior) -> Iterator[Any]:
    for p in plain_proposals(toks, inside_quote, prior):
        p.feats.append(dense(p))
        yield p


def block_matrix(xs: list[LabDoc], blocks: tuple[str, ...]) -> np.ndarray:
    """The chosen blocks of the documents' proposals, one row each (USE blocks ``usec``, ``uses``)."""
    parts = [select(np.concatenate([x.dense for x in xs]), tuple(b for b in blocks if b in BLOCKS))]
    for k, b in enumerate(("usec", "uses")):
        if b in blocks:
            parts.append(np.concatenate([x.use[:, k * 512 : (k + 1) * 512] for x in xs]))
    return np.concatenate(parts, axis=1)


_USE_CACHE: dict[str, np.ndarray] = {}
_ENC: list[Any] = []


def _use(text: str) -> np.ndarray:
    if text not in _USE_CACHE:
        if not _ENC:
            from storyline.link.embed import UseEmbedder

            _ENC.append(UseEmbedder(threads=1))
        _USE_CACHE[text] = _ENC[0].encode([text])[0]
    return _USE_CACHE[text]


def _proposals_with_blocks(blocks: tuple[str, ...]):
    """``proposals`` whose features end with the row :func:`block_matrix` would give the proposal."""
    tok = tuple(b for b in blocks if b in BLOCKS)

    def gen(toks, inside_quote, prior):
        for p in plain_proposals(toks, inside_quote, prior):
            parts = [select(dense(p)[None, :], tok)[0]]
            text = p.cue.doc.text
            if "usec" in blocks:
                parts.append(_use(text[p.start : p.end]))
            if "uses" in blocks:
                parts.append(_use(p.cue.sent.text))
            p.feats.append(np.concatenate(parts))
            yield p

    return gen


class _Lazy:
    """A proposal's dense row, computed only when the cascade asks for it (counted)."""

    calls = [0, 0]  # proposals scored, rows computed

    def __init__(self, p: Any, blocks: tuple[str, ...]) -> None:
        self.p, self.blocks = p, blocks

    def vec(self) -> np.ndarray:
        _Lazy.calls[1] += 1
        p, tok = self.p, tuple(b for b in self.blocks if b in BLOCKS)
        parts = [select(dense(p)[None, :], tok)[0]]
        if "usec" in self.blocks:
            parts.append(_use(p.cue.doc.text[p.start : p.end]))
        if "uses" in self.blocks:
            parts.append(_use(p.cue.sent.text))
        return np.concatenate(parts)


class CascadeModel(Model):
    """``first`` scores every proposal; those it puts inside ``band`` get ``second``'s probability
    (which reads the expensive blocks): the cost of USE only where the decision is close."""

    __slots__ = ("first", "second", "band")

    def __init__(self, first: Model, second: "DenseModel", band: tuple[float, float], th: float) -> None:
        for f in Model.__dataclass_fields__:
            object.__setattr__(self, f, getattr(first, f))
        object.__setattr__(self, "threshold", th)
        object.__setattr__(self, "unsourced", 0.0)
        object.__setattr__(self, "first", first)
        object.__setattr__(self, "second", second)
        object.__setattr__(self, "band", band)

    def prob(self, feats: list) -> float:
        _Lazy.calls[0] += 1
        lazy = feats[-1]
        p1 = self.first.prob(feats[:-1])
        if not self.band[0] <= p1 <= self.band[1]:
            return p1
        return self.second.prob(feats[:-1] + [lazy.vec()])


def cascade_cv(data, docs, c: float, blocks, alpha: float, band: tuple[float, float], th: float) -> None:
    """4-fold CV of the cascade: the shipped sparse model first, the blocks' model in ``band``."""
    parts = [[d for k, d in enumerate(docs) if fold_of(k) == f] for f in range(FOLDS)]
    for x in data:
        for (a, b), row in zip(x.texts, x.use):
            _USE_CACHE[a] = row[:512]
            _USE_CACHE[b] = row[512:]
    models = [
        CascadeModel(fold_model(data, f, c, (), alpha), fold_model(data, f, c, blocks, alpha), band, th)
        for f in range(FOLDS)
    ]

    def gen(toks, inside_quote, prior):
        for p in plain_proposals(toks, inside_quote, prior):
            p.feats.append(_Lazy(p, blocks))
            yield p

    quotes_mod.proposals = gen
    try:
        t, per = Tally(), []
        for f, m in enumerate(models):
            r = evaluate([with_tensor(d) for d in parts[f]], parts[f], m)
            per.append(round(r.prf()[2], 4))
            t.add(r)
    finally:
        quotes_mod.proposals = plain_proposals
    print(
        f"cascade band={band} blocks={','.join(blocks)} alpha={alpha} th={th}: F1 {t.prf()[2]:.4f} "
        f"matched {t.matched} {t.row()} folds {per}; rows computed {_Lazy.calls[1]} of {_Lazy.calls[0]} scored",
        flush=True,
    )


def select(arr: np.ndarray, blocks: tuple[str, ...]) -> np.ndarray:
    cols = [np.arange(BLOCKS.index(b) * DIM, (BLOCKS.index(b) + 1) * DIM) for b in blocks]
    return arr[:, np.concatenate(cols)] if cols else arr[:, :0]


def fold_model(data: list[LabDoc], fold: int, c: float, blocks: tuple[str, ...], alpha: float) -> Model:
    """fit_cues.fit with the dense blocks as extra columns (standardised, times ``alpha``)."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    train = [x for k, x in enumerate(data) if fold_of(k) != fold]
    prior = prior_from(x.counts for x in train)
    X = [with_prior(f, key, prior) for x in train for f, _, key in x.examples]
    y = [label for x in train for _, label, _ in x.examples]
    D = block_matrix(train, blocks).astype(np.float64)
    M, vocab = feature_matrix(X)
    mu, sd = D.mean(0), D.std(0) + 1e-6
    if D.shape[1]:
        M = hstack([M, csr_matrix(alpha * (D - mu) / sd)]).tocsr()
    M, labels, sw = soft_labels(M, y)
    lr = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
    lr.fit(M, labels, sample_weight=sw)
    w = lr.coef_[0]
    weights = {f: round(float(w[i]), 3) for f, i in vocab.items() if abs(w[i]) >= 0.01}
    bias = float(lr.intercept_[0])
    wd = w[len(vocab) :] * alpha / sd  # folded: w . alpha (x - mu) / sd = (w alpha / sd) . x - ...
    bias -= float(wd @ mu) if D.shape[1] else 0.0
    base = Model(weights, round(bias, 3), 0.35, prior, 0.0)
    if not D.shape[1]:
        return base
    if USE_IN(blocks):  # the screen's model: weights over block_matrix's columns as they are
        return DenseModel(base, wd.astype(np.float32))
    full = np.zeros(DIM * len(BLOCKS))
    for k, b in enumerate(blocks):
        full[BLOCKS.index(b) * DIM : (BLOCKS.index(b) + 1) * DIM] = wd[k * DIM : (k + 1) * DIM]
    return DenseModel(base, full.astype(np.float32))


def cv(data, docs, c: float, blocks, alpha: float, thresholds: list[float], unsourced: float = 0.0) -> None:
    parts = [[d for k, d in enumerate(docs) if fold_of(k) == f] for f in range(FOLDS)]
    models = [fold_model(data, f, c, blocks, alpha) for f in range(FOLDS)]
    if USE_IN(blocks):
        for x in data:
            for (a, b), row in zip(x.texts, x.use):
                _USE_CACHE[a] = row[:512]
                _USE_CACHE[b] = row[512:]
        quotes_mod.proposals = _proposals_with_blocks(blocks)
    else:
        quotes_mod.proposals = _proposals_with_dense if blocks else plain_proposals
    try:
        ctxs = [[with_tensor(d) for d in part] for part in parts]
        for th in thresholds:
            t, per = Tally(), []
            for f, m in enumerate(models):
                m2 = replace(m, threshold=th, unsourced=unsourced) if not blocks else _with(m, th, unsourced)
                r = evaluate(ctxs[f], parts[f], m2)
                per.append(round(r.prf()[2], 4))
                t.add(r)
            print(
                f"blocks={','.join(blocks) or '-'} alpha={alpha} C={c} th={th}: F1 {t.prf()[2]:.4f} "
                f"matched {t.matched} {t.row()} folds {per}",
                flush=True,
            )
    finally:
        quotes_mod.proposals = plain_proposals


def ap_row(data: list[LabDoc], c: float, blocks: tuple[str, ...], alpha: float) -> None:
    """Proposal-level average precision and log loss of the fold models on their held-out
    proposals (labels 1 positive; accidental ones counted negative): a quick screen before ``cv``."""
    from sklearn.metrics import average_precision_score, log_loss

    aps, ys, ps = [], [], []
    for f in range(FOLDS):
        m = fold_model(data, f, c, blocks, alpha)
        test = [x for k, x in enumerate(data) if fold_of(k) == f]
        prior = m.prior
        y, p = [], []
        for x in test:
            rows = block_matrix([x], blocks) if USE_IN(blocks) else x.dense
            for (feats, label, key), vec in zip(x.examples, rows):
                fs = with_prior(feats, key, prior) + ([vec] if blocks else [])
                y.append(int(label == 1))
                p.append(m.prob(fs))
        aps.append(round(average_precision_score(y, p), 4))
        ys += y
        ps += p
    print(
        f"AP blocks={','.join(blocks) or '-'} alpha={alpha} C={c}: pooled AP {average_precision_score(ys, ps):.4f} "
        f"log loss {log_loss(ys, ps):.4f} folds {aps}",
        flush=True,
    )


def _with(m: DenseModel, th: float, un: float) -> DenseModel:
    base = Model(m.weights, m.bias, th, m.prior, un)
    return DenseModel(base, m.dense_w)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("step", choices=("tensors", "collect", "use", "cv", "ap", "fcollect", "filter", "cascade"))
    ap.add_argument("--band", default="0.15,0.75", help="cascade: the first model's band sent to the second")
    ap.add_argument("--only", default="R", help="filter: R (rule predictions), L (learned) or A (all)")
    ap.add_argument("--blocks", default="")
    ap.add_argument("--alpha", default="0.3")
    ap.add_argument("--c", default="0.2")
    ap.add_argument("--thresholds", default="0.35")
    args = ap.parse_args(argv)
    docs = corpus.polnear("train")
    t0 = time.perf_counter()
    if args.step == "tensors":
        for k, d in enumerate(docs):
            tensor(context(d).article.text)
            if k % 100 == 0:
                print(f"  {k}/{len(docs)} {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
        return
    if args.step == "collect":
        data = []
        for k, d in enumerate(docs):
            data.append(doc_examples(d))
            if k % 100 == 0:
                print(f"  {k}/{len(docs)} {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
        PICKLE.write_bytes(pickle.dumps(data))
        return
    if args.step == "use":
        from storyline.link.embed import UseEmbedder

        data = pickle.loads(PICKLE.read_bytes())
        enc = UseEmbedder(threads=1)
        uniq = sorted({t for x in data for pair in x.texts for t in pair})
        vecs = np.concatenate([enc.encode(uniq[k : k + 200]) for k in range(0, len(uniq), 200)])
        row = {t: i for i, t in enumerate(uniq)}
        for x in data:
            x.use = np.zeros((len(x.texts), 1024), np.float32)
            for j, (a, b) in enumerate(x.texts):
                x.use[j] = np.concatenate([vecs[row[a]], vecs[row[b]]])
        PICKLE.write_bytes(pickle.dumps(data))
        print(f"{len(uniq)} texts encoded, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        return
    if args.step == "fcollect":
        FILTER_PICKLE.write_bytes(pickle.dumps(filter_collect(docs)))
        return
    blocks = tuple(b for b in args.blocks.split(",") if b)
    if args.step == "filter":
        fdata = pickle.loads(FILTER_PICKLE.read_bytes())
        for c in (float(v) for v in args.c.split(",")):
            for alpha in (float(v) for v in args.alpha.split(",")):
                filter_cv(fdata, docs, blocks, alpha, c, [float(v) for v in args.thresholds.split(",")], args.only)
        return
    data = pickle.loads(PICKLE.read_bytes())
    blocks = tuple(b for b in args.blocks.split(",") if b)
    ths = [float(v) for v in args.thresholds.split(",")]
    for c in (float(v) for v in args.c.split(",")):
        for alpha in (float(v) for v in args.alpha.split(",")):
            if args.step == "cascade":
                lo, hi = (float(v) for v in args.band.split(","))
                cascade_cv(data, docs, c, blocks, alpha, (lo, hi), ths[0])
            elif args.step == "ap":
                ap_row(data, c, blocks, alpha)
            else:
                cv(data, docs, c, blocks, alpha, ths)


# --- The second idea: the same vectors as a filter of the extractor's output ---------------------

FILTER_PICKLE = Path("/tmp/vectors_filter.pkl")


@dataclass
class FilterDoc:
    items: list[Any]  # score.Item of every prediction, in the extractor's order
    feats: list[list[str]]
    dense: np.ndarray
    matched: list[int]


def _span_vec(doc: Any, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
    span = doc.char_span(a, b, alignment_mode="expand")
    if span is None or not len(span):
        z = np.zeros(DIM, np.float32)
        return z, z
    return doc.tensor[span.root.i], doc.tensor[span.start : span.end].mean(0)


def filter_collect(docs: list[corpus.GoldDoc]) -> list[FilterDoc]:
    """Every prediction of the extractor with its CV fold model (``bench.quotes.cv``), with
    symbolic and dense features and whether the scorer matches it."""
    from bench.quotes import cv as cvmod
    from bench.quotes.score import Item, greedy_match

    base = cvmod.collect(docs)
    models = [cvmod.fold_model(base, f) for f in range(FOLDS)]
    out = []
    for k, d in enumerate(docs):
        ctx = with_tensor(d)
        doc = ctx.doc
        rules = {(q.content.start, q.content.end) for q in extract_with(ctx, None)}
        qs = extract_with(ctx, models[fold_of(k)])
        items = [
            Item(
                (q.content.start, q.content.end),
                (q.speaker.start, q.speaker.end) if q.speaker else None,
                q.speaker.text if q.speaker else "",
            )
            for q in qs
        ]
        gi, pi = projection(d.text), projection(ctx.article.text)
        used = greedy_match([proj(pi, *it.content) for it in items], [proj(gi, *g.content) for g in d.gold])
        hit = set(used.values())
        feats, vecs = [], []
        for q in qs:
            origin = "R" if (q.content.start, q.content.end) in rules else "L"
            n = len(q.content.text.split())
            size = "1" if n == 1 else "2" if n == 2 else "3-5" if n <= 5 else "6-12" if n <= 12 else "13+"
            spk = "-" if q.speaker is None else (q.speaker.text.lower() if len(q.speaker.text) < 5 else "name")
            feats.append(
                [
                    f"O={origin}",
                    f"K={q.kind}",
                    f"OK={origin}|{q.kind}",
                    f"L={q.cue_lemma}",
                    f"OL={origin}|{q.cue_lemma}",
                    f"N={size}",
                    f"KN={q.kind}|{size}",
                    f"S={spk}",
                    f"CH={q.channel or '-'}",
                ]
            )
            z = np.zeros(DIM, np.float32)
            cue = _span_vec(doc, q.cue.start, q.cue.end)[0] if q.cue else z
            spv = _span_vec(doc, q.speaker.start, q.speaker.end)[0] if q.speaker else z
            head, mean = _span_vec(doc, q.content.start, q.content.end)
            vecs.append(np.concatenate([cue, head, spv, mean]))
        arr = np.stack(vecs).astype(np.float32) if vecs else np.zeros((0, DIM * 4), np.float32)
        out.append(FilterDoc(items, feats, arr, [int(j in hit) for j in range(len(qs))]))
        if k % 100 == 0:
            print(f"  {k}/{len(docs)}", file=sys.stderr, flush=True)
    return out


def filter_cv(
    fdata: list[FilterDoc],
    docs: list[corpus.GoldDoc],
    blocks: tuple[str, ...],
    alpha: float,
    c: float,
    thresholds: list[float],
    only: str,
) -> None:
    """Fit the filter on three folds' predictions, drop the fourth's below each threshold
    (``only``: R rules' predictions only, L learned only, A all), rescore."""
    from sklearn.linear_model import LogisticRegression
    from collections import Counter

    from bench.quotes.score import score_doc

    probs: list[np.ndarray] = [np.zeros(0)] * len(fdata)
    for f in range(FOLDS):
        tr = [x for k, x in enumerate(fdata) if fold_of(k) != f]
        cnt = Counter(a for x in tr for fs in x.feats for a in fs)
        vocab = {a: i for i, a in enumerate(sorted(a for a, n in cnt.items() if n >= MIN_COUNT))}
        D = select(np.concatenate([x.dense for x in tr]), blocks).astype(np.float64)
        mu, sd = D.mean(0), D.std(0) + 1e-6

        y = np.array([m for x in tr for m in x.matched])
        scale = (vocab, blocks, alpha, mu, sd)
        lr = LogisticRegression(C=c, max_iter=2000, solver="liblinear").fit(_filter_matrix(tr, *scale), y)
        for k, x in enumerate(fdata):
            if fold_of(k) == f and x.items:
                probs[k] = lr.predict_proba(_filter_matrix([x], *scale))[:, 1]
    for th in thresholds:
        t, per = Tally(), [Tally() for _ in range(FOLDS)]
        for k, (x, d) in enumerate(zip(fdata, docs)):
            keep = [
                it for it, p, fs in zip(x.items, probs[k], x.feats) if p >= th or (only != "A" and fs[0] != f"O={only}")
            ]
            r = score_doc(d.text, d.gold, canonical_text(d), keep)
            t.add(r)
            per[fold_of(k)].add(r)
        print(
            f"filter {only} blocks={','.join(blocks) or '-'} alpha={alpha} C={c} th={th}: F1 {t.prf()[2]:.4f} "
            f"{t.row()} folds {[round(p.prf()[2], 4) for p in per]}",
            flush=True,
        )


def _filter_matrix(
    xs: list[FilterDoc], vocab: dict[str, int], blocks: tuple[str, ...], alpha: float, mu: Any, sd: Any
) -> Any:
    """The filter's rows: sparse one-hot features, then the chosen dense blocks standardised."""
    from scipy.sparse import csr_matrix, hstack

    r, cc = [], []
    fs_all = [fs for x in xs for fs in x.feats]
    for i, fs in enumerate(fs_all):
        for a in fs:
            if a in vocab:
                r.append(i)
                cc.append(vocab[a])
    M = csr_matrix((np.ones(len(r)), (r, cc)), shape=(len(fs_all), len(vocab)))
    if blocks:
        Dx = select(np.concatenate([x.dense for x in xs]), blocks).astype(np.float64)
        M = hstack([M, csr_matrix(alpha * (Dx - mu) / sd)]).tocsr()
    return M


def canonical_text(d: corpus.GoldDoc) -> str:
    from storyline.normalise.text import canonical

    return canonical(d.text)


if __name__ == "__main__":
    main()
