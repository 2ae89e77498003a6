"""Error analysis on the validation documents (PolNeAR train 600-839), with the model fitted on 0-599.

    .venv/bin/python -m bench.quotes.errors              # counts per category (~1.5 min)
    .venv/bin/python -m bench.quotes.errors --show fp:nogold --n 20   # examples of one category
    .venv/bin/python -m bench.quotes.errors --score      # the validation rows (rules + model, rules only)
    .venv/bin/python -m bench.quotes.errors --cv         # the same over all 840 train documents (4 folds)
    .venv/bin/python -m bench.quotes.errors --cv --score # the cross-validation rows (bench.quotes.cv)

False positives: ``fp:nogold`` (overlaps no gold content), ``fp:extent`` (overlaps an unmatched
gold content, below the scorer's 0.3), ``fp:duplicate`` (overlaps only gold contents another
prediction matched), ``fp:covers2`` (covers two gold contents). Misses: ``fn:nopred`` (no
prediction overlaps it), ``fn:inside`` (inside a prediction), ``fn:contains`` (contains one),
``fn:partial``. Each prediction is tagged by its origin: ``R`` rule, ``O`` unclaimed quotation,
``L`` learned. PolNeAR dev is never read here; examples print PolNeAR text to the terminal only.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter, defaultdict

from bench.quotes import corpus, cv
from bench.quotes.fit_cues import SPLIT, cue_prior, evaluate, examples, fit, shipped_c
from bench.quotes.run import context
from bench.quotes.score import greedy_match, proj, projection
from storyline.extract.quotes import extract_with
from storyline.extract.quotes_learned import Model, load_model


def _ov(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def validation_model(docs: list[corpus.GoldDoc]) -> Model:
    """The shipped model's settings, refitted on train documents 0-599 only."""
    shipped = load_model("en")
    assert shipped is not None
    prior = cue_prior(docs[:SPLIT])
    X, y, _ = examples(docs[:SPLIT], prior)
    weights, bias = fit(X, y, shipped_c())
    return Model(weights, bias, shipped.threshold, prior, shipped.unsourced)


def categorise(d: corpus.GoldDoc, model: Model) -> list[tuple[str, str]]:
    """(category, example text) for every error of one document."""
    ctx = context(d)
    text = ctx.article.text
    rules = {(q.content.start, q.content.end) for q in extract_with(ctx, None)}
    preds = extract_with(ctx, model)
    gi, pi = projection(d.text), projection(text)
    G = [proj(gi, *g.content) for g in d.gold]
    P = [proj(pi, q.content.start, q.content.end) for q in preds]
    used = greedy_match(P, G)
    matched = set(used.values())
    out = []
    for j, (p, q) in enumerate(zip(P, preds)):
        if j in matched:
            continue
        origin = ("R" if q.cue_lemma else "O") if (q.content.start, q.content.end) in rules else "L"
        hits = [k for k, g in enumerate(G) if _ov(p, g) > 0]
        big = [k for k in hits if _ov(p, G[k]) / max(1, G[k][1] - G[k][0]) > 0.5]
        cat = (
            "fp:nogold"
            if not hits
            else "fp:covers2"
            if len(big) >= 2
            else "fp:extent"
            if any(k not in used for k in hits)
            else "fp:duplicate"
        )
        out.append((f"{cat}:{origin}", f"[{q.kind} {q.cue_lemma}] {q.content.text[:200]!r}"))
    for k, g in enumerate(G):
        if k in used:
            continue
        near = max(((_ov(p, g), p) for p in P if _ov(p, g) > 0), default=None)
        if near is None:
            cat = "fn:nopred"
        else:
            p = near[1]
            cat = "fn:inside" if p[0] <= g[0] and g[1] <= p[1] else "fn:contains" if g[0] <= p[0] else "fn:partial"
        a, b = d.gold[k].content
        out.append((cat, repr(d.text[max(0, a - 80) : a] + "[[" + d.text[a:b][:200] + "]]")))
    return out


def score(docs: list[corpus.GoldDoc], model: Model | None) -> dict[str, float]:
    """The scorer's row for ``docs`` (rules only when ``model`` is None), F1 to four places."""
    t = evaluate([context(d) for d in docs], docs, model)
    return t.row() | {"F1": round(t.prf()[2], 4), "matched": t.matched}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", default="", help="print examples of the categories starting with this")
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--score", action="store_true", help="print the validation rows instead")
    ap.add_argument("--cv", action="store_true", help="cross-validation over all train documents (4 folds)")
    args = ap.parse_args(argv)
    docs = corpus.polnear("train")
    if args.cv:
        models = cv.fold_models(docs)
        if args.score:
            for name, row in cv.cv_rows(docs, models).items():
                print(f"{name}, train 0-{len(docs) - 1}, {len(models)}-fold: {row}")
            return
        scored = [(d, models[cv.fold_of(k, len(models))]) for k, d in enumerate(docs)]
    else:
        model = validation_model(docs)
        if args.score:
            print(f"rules + model, train {SPLIT}-{len(docs) - 1}: {score(docs[SPLIT:], model)}")
            print(f"rules only, train {SPLIT}-{len(docs) - 1}: {score(docs[SPLIT:], None)}")
            return
        scored = [(d, model) for d in docs[SPLIT:]]
    counts: Counter[str] = Counter()
    examples_of: dict[str, list[str]] = defaultdict(list)
    for d, m in scored:
        for cat, ex in categorise(d, m):
            counts[cat] += 1
            counts[cat.rsplit(":", 1)[0] if cat.startswith("fp:") else cat] += cat.startswith("fp:")
            examples_of[cat].append(ex)
    for cat, n in sorted(counts.items()):
        print(f"{cat}\t{n}")
    if args.show:
        pool = [ex for cat, exs in examples_of.items() if cat.startswith(args.show) for ex in exs]
        random.Random(0).shuffle(pool)
        print("\n".join(pool[: args.n]))


if __name__ == "__main__":
    main()
