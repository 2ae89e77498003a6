"""Cross-validation of the whole extractor (rules + learned model) over all 840 PolNeAR train documents.

    .venv/bin/python -m bench.quotes.cv                 # 4 folds: fit on 3, score the 4th, pool the counts (~4 min)
    .venv/bin/python -m bench.quotes.cv --folds 4 --json

Why: validation (train 600-839, the model fitted on 0-599) chose every rule and model setting of
sessions 3-7 and stopped predicting dev (session 7: +0.006 on validation, 0.000 on dev). Here each
document is scored once, by a model (weights and cue prior) fitted on the other folds with the
shipped settings (its ``C``, threshold and ``unsourced``); the counts of the four folds are
pooled into one row, 22,000 gold contents instead of 5,900. Folds interleave the documents (document
``k`` is in fold ``k % folds``): the files are sorted by publisher, so contiguous blocks would test
one publisher on a model that has seen none of it. PolNeAR dev is never read here.

Proposals are collected once per document without the cue prior; the prior's three features
(``quotes_learned._prior_features``, ``_pair_features``) are added per fold from the fold's own
counts, which gives the same features as ``fit_cues.examples`` with that prior (checked by
``--check``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from typing import Any

from bench.quotes import corpus
from bench.quotes.fit_cues import Counts, cue_counts, doc_examples, evaluate, fit, prior_from, shipped_c
from bench.quotes.run import context
from bench.quotes.score import Tally
from storyline.extract.quotes_learned import Model, _pair_features, _prior_features, load_model

FOLDS = 4
PRIOR_FEATS = 3  # what proposals() appends from the prior: two of _prior_features, one of _pair_features


@dataclass
class _Doc:
    counts: Counts
    examples: list[tuple[list[str], int, str]]  # features without the prior's, label, lemma|construction


def collect(docs: list[corpus.GoldDoc]) -> list[_Doc]:
    """The prior counts and prior-free proposals of every document (one pass, ~2 min for 840)."""
    out = []
    for k, d in enumerate(docs):
        ex = [(f[:-PRIOR_FEATS], y, key) for f, y, key in doc_examples(d, {})]
        out.append(_Doc(cue_counts(d), ex))
        if k % 200 == 0:
            print(f"  collected {k}/{len(docs)}", file=sys.stderr, flush=True)
    return out


def with_prior(feats: list[str], key: str, prior: dict[str, float]) -> list[str]:
    lemma, construction = key.split("|", 1)
    return feats + _prior_features(prior.get(lemma, 0.0), construction) + _pair_features(prior.get(key))


def fold_of(k: int, folds: int = FOLDS) -> int:
    return k % folds


def fold_model(data: list[_Doc], fold: int, folds: int = FOLDS, c: float | None = None) -> Model:
    """The model fitted on every document outside ``fold`` (its prior counted there too), with the
    shipped ``C`` (unless given), threshold and ``unsourced``."""
    shipped = load_model("en")
    assert shipped is not None
    train = [x for k, x in enumerate(data) if fold_of(k, folds) != fold]
    prior = prior_from(x.counts for x in train)
    X = [with_prior(f, key, prior) for x in train for f, _, key in x.examples]
    y = [label for x in train for _, label, _ in x.examples]
    weights, bias = fit(X, y, shipped_c() if c is None else c)
    return Model(weights, bias, shipped.threshold, prior, shipped.unsourced)


def fold_models(docs: list[corpus.GoldDoc], folds: int = FOLDS) -> list[Model]:
    data = collect(docs)
    return [fold_model(data, f, folds) for f in range(folds)]


def cv_rows(docs: list[corpus.GoldDoc], models: list[Model]) -> dict[str, dict]:
    """Pooled rows (rules + model, rules only) and each fold's F1."""
    folds = len(models)
    both, rules = Tally(), Tally()
    per_fold = []
    for f, model in enumerate(models):
        part = [d for k, d in enumerate(docs) if fold_of(k, folds) == f]
        ctxs = [context(d) for d in part]
        t = evaluate(ctxs, part, model)
        both.add(t)
        rules.add(evaluate(ctxs, part, None))
        per_fold.append(round(t.prf()[2], 4))
    out: dict[str, dict[str, Any]] = {}
    for name, t in (("rules + model", both), ("rules only", rules)):
        out[name] = t.row() | {"F1": round(t.prf()[2], 4), "matched": t.matched}
    out["rules + model"]["per_fold_F1"] = per_fold
    return out


def _check(docs: list[corpus.GoldDoc], data: list[_Doc]) -> None:
    """The per-fold features equal those ``fit_cues.examples`` computes with the same prior."""
    from bench.quotes.fit_cues import cue_prior

    prior = cue_prior(docs[:40])
    for d, x in zip(docs[:10], data[:10]):
        direct = [f for f, _, _ in doc_examples(d, prior)]
        rebuilt = [with_prior(f, key, prior) for f, _, key in x.examples]
        assert direct == rebuilt, d.id
    print("check: features identical on 10 documents", file=sys.stderr)


def choose(
    docs: list[corpus.GoldDoc],
    data: list[_Doc],
    grid: list[tuple[float, float, float]],
    min_speaker: float,
    folds: int = FOLDS,
) -> tuple[float, float | None, float | None, float | None]:
    """``(F1, C, threshold, unsourced)`` of the best ``grid`` row by pooled content F1 among those
    whose pooled speaker accuracy reaches ``min_speaker`` (``fit_cues``' choice); each row printed."""
    from dataclasses import replace

    parts = [[d for k, d in enumerate(docs) if fold_of(k, folds) == f] for f in range(folds)]
    ctxs = [[context(d) for d in part] for part in parts]
    best: tuple[float, float | None, float | None, float | None] = (0.0, None, None, None)
    models: dict[float, list[Model]] = {}
    for c, th, un in grid:
        if c not in models:
            models = {c: [fold_model(data, f, folds, c) for f in range(folds)]}
        t = Tally()
        per_fold = []
        for f, m in enumerate(models[c]):
            part = evaluate(ctxs[f], parts[f], replace(m, threshold=th, unsourced=un))
            per_fold.append(round(part.prf()[2], 4))
            t.add(part)
        f1 = t.prf()[2]
        print(f"C={c} threshold={th} unsourced={un}: F1 {f1:.4f} {t.row()} folds {per_fold}", flush=True)
        if f1 > best[0] and t.speaker_acc >= min_speaker:
            best = (f1, c, th, un)
    return best


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folds", type=int, default=FOLDS)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--check", action="store_true", help="also check the per-fold features against fit_cues")
    ap.add_argument("--grid", action="store_true", help="fit_cues' grid: content F1 over C x threshold x unsourced")
    ap.add_argument("--cs", help="with --grid: these C values (comma-separated) instead of fit_cues.CS")
    ap.add_argument("--thresholds", help="with --grid: these thresholds instead of fit_cues.THRESHOLDS")
    ap.add_argument("--unsourced", help="with --grid: these unsourced thresholds instead of fit_cues.UNSOURCED")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    docs = corpus.polnear("train")
    data = collect(docs)
    if args.check:
        _check(docs, data)
    if args.grid:
        from bench.quotes.fit_cues import CS, MIN_SPEAKER, THRESHOLDS, UNSOURCED

        def floats(arg: str | None, default: tuple[float, ...]) -> tuple[float, ...]:
            return tuple(float(v) for v in arg.split(",")) if arg else default

        cs, ths, uns = floats(args.cs, CS), floats(args.thresholds, THRESHOLDS), floats(args.unsourced, UNSOURCED)
        grid = [(c, th, un) for c in cs for th in ths for un in uns]
        print(f"best: {choose(docs, data, grid, MIN_SPEAKER, args.folds)}")
        return
    models = [fold_model(data, f, args.folds) for f in range(args.folds)]
    rows = cv_rows(docs, models)
    rows["_meta"] = {"docs": len(docs), "folds": args.folds, "seconds": round(time.perf_counter() - t0)}
    if args.json:
        print(json.dumps(rows))
        return
    for name, r in rows.items():
        print(f"{name}: {r}")


if __name__ == "__main__":
    main()
