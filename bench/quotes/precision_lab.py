"""Every cross-validated prediction over PolNeAR train 0-839 with what a precision rule could read.

    .venv/bin/python -m bench.quotes.precision_lab dump /tmp/preds.pkl   # CV predictions (~3 min)
    .venv/bin/python -m bench.quotes.precision_lab show /tmp/preds.pkl   # precision by segment

Each row: origin (``R`` rule, ``O`` unclaimed quotation, ``L`` learned), kind, cue lemma and its
token's POS / dependency / head, the speaker head's POS, tag, entity type and lemma, and whether
the scorer matched the prediction. A prediction whose removal would raise F1 has a precision
below about F1 / 2 (~0.38). PolNeAR dev is never read here.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections import Counter, defaultdict
from typing import Any

from bench.quotes import corpus, cv
from bench.quotes.errors import _ov
from bench.quotes.run import context
from bench.quotes.score import greedy_match, proj, projection
from storyline.extract.quotes import extract_with


def _head(doc: Any, start: int, end: int) -> Any:
    toks = [t for t in doc if start <= t.idx < end]
    if not toks:
        return None
    inside = {t.i for t in toks}
    roots = [t for t in toks if t.head.i not in inside or t.head.i == t.i]
    return roots[0] if roots else toks[0]


def rows(docs: list[corpus.GoldDoc], models: list[Any]) -> list[dict[str, Any]]:
    out = []
    for k, d in enumerate(docs):
        model = models[cv.fold_of(k, len(models))]
        ctx = context(d)
        text = ctx.article.text
        rules = {(q.content.start, q.content.end) for q in extract_with(ctx, None)}
        preds = extract_with(ctx, model)
        gi, pi = projection(d.text), projection(text)
        G = [proj(gi, *g.content) for g in d.gold]
        P = [proj(pi, q.content.start, q.content.end) for q in preds]
        matched = set(greedy_match(P, G).values())
        doc = ctx.doc
        for j, q in enumerate(preds):
            origin = ("R" if q.cue_lemma else "O") if (q.content.start, q.content.end) in rules else "L"
            cue = _head(doc, q.cue.start, q.cue.end) if q.cue else None
            spk = _head(doc, q.speaker.start, q.speaker.end) if q.speaker else None
            hits = [g_i for g_i, g in enumerate(G) if _ov(P[j], g) > 0]
            out.append(
                {
                    "doc": k,
                    "origin": origin,
                    "kind": q.kind,
                    "lemma": q.cue_lemma,
                    "matched": j in matched,
                    "nogold": not hits,
                    "words": len(q.content.text.split()),
                    "cue_pos": cue.pos_ if cue is not None else "",
                    "cue_dep": cue.dep_ if cue is not None else "",
                    "cue_head": (cue.head.lemma_.lower(), cue.head.pos_, cue.head.dep_) if cue is not None else None,
                    "spk_text": q.speaker.text if q.speaker else "",
                    "spk_pos": spk.pos_ if spk is not None else "",
                    "spk_tag": spk.tag_ if spk is not None else "",
                    "spk_ent": spk.ent_type_ if spk is not None else "",
                    "spk_lemma": spk.lemma_.lower() if spk is not None else "",
                    "spk_name": q.speaker_name,
                    "sentence": cue.sent.text if cue is not None else "",
                    "content": q.content.text,
                }
            )
        if k % 200 == 0:
            print(f"  scored {k}/{len(docs)}", file=sys.stderr, flush=True)
    return out


def show(table: list[dict[str, Any]]) -> None:
    n, m = len(table), sum(r["matched"] for r in table)
    print(f"{n} predictions, {m} matched ({m / n:.3f})")
    for key in ("origin", "kind", "spk_pos", "spk_ent"):
        c: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
        for r in table:
            c[r[key]][0] += 1
            c[r[key]][1] += r["matched"]
        print(key, {k: (v[0], round(v[1] / v[0], 3)) for k, v in sorted(c.items(), key=lambda kv: -kv[1][0])})
    print(Counter(r["lemma"] for r in table).most_common(10))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=("dump", "show"))
    ap.add_argument("path")
    args = ap.parse_args(argv)
    if args.what == "dump":
        docs = corpus.polnear("train")
        models = cv.fold_models(docs)
        with open(args.path, "wb") as fh:
            pickle.dump(rows(docs, models), fh)
    with open(args.path, "rb") as fh:
        show(pickle.load(fh))


if __name__ == "__main__":
    main()
