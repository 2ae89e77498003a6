"""Missed and spurious contents of the cross-validated predictions, grouped by cue lemma and construction.

    .venv/bin/python -m bench.quotes.miss_lab dump /tmp/miss.pkl   # CV predictions and gold (~3 min)
    .venv/bin/python -m bench.quotes.miss_lab show /tmp/miss.pkl   # the largest groups of errors

Why: the error classes of sessions 8-9 were counted by size and attachment of the gold content;
a rule or a feature is written for a cue and a construction, so the errors are grouped by those.
A gold row carries its annotated cue (the Cue span of its brat event: its head token's lemma) and
the construction that joins the content to that cue (the content root's dependency and, for a
preposition, the preposition); a predicted row its cue lemma, origin (``R`` rule, ``O``
unclaimed quotation, ``L`` learned) and construction. Each train document is scored by the fold
model that did not see it (``cv.fold_models``). PolNeAR dev is never read here.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections import defaultdict
from typing import Any

from bench.quotes import corpus, cv
from bench.quotes.errors import _ov
from bench.quotes.precision_lab import _head
from bench.quotes.run import context
from bench.quotes.score import greedy_match, proj, projection
from storyline.extract.quotes import extract_with


def gold_cues(d: corpus.GoldDoc) -> list[tuple[int, int] | None]:
    """The Cue span of each gold attribution of ``d``, in ``d.gold``'s order (``corpus._brat``'s)."""
    import glob

    ann = sorted(glob.glob(str(corpus.POLNEAR / "train" / "attributions" / f"{d.id}_*.ann")))[0]
    spans: dict[str, tuple[int, int]] = {}
    out: list[tuple[int, int] | None] = []
    events = []
    for line in open(ann, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if parts[0].startswith("T") and len(parts) >= 2:
            kind, *offs = parts[1].split(" ")
            try:
                spans[parts[0]] = (int(offs[0]), int(offs[-1]))
            except (ValueError, IndexError):
                pass
        elif parts[0].startswith("E") and len(parts) >= 2:
            events.append(dict(a.split(":", 1) for a in parts[1].split(" ") if ":" in a))
    for r in events:
        if r.get("Content", "") in spans:
            out.append(spans.get(r.get("Cue", "")))
    return out


def construction(cue: Any, content: Any) -> str:
    """How the content hangs on the cue: ``dobj``, ``ccomp``, ``prep:about``, or ``far`` (not below it)."""
    if cue is None or content is None:
        return "-"
    tok = content
    for _ in range(4):
        if tok.head.i == cue.i:
            if tok.dep_ == "pobj" or (tok.dep_ == "prep" and tok.i == content.i):
                return f"prep:{tok.lower_}"
            return tok.dep_
        if tok.head.dep_ == "prep" and tok.head.head.i == cue.i:
            return f"prep:{tok.head.lower_}"
        if tok.head.i == tok.i:
            break
        tok = tok.head
    if content.i == cue.i:
        return "self"
    return "far" if content.head.i != cue.i else content.dep_


def _mapper(gi: list[int], pi: list[int], n: int) -> Any:
    """Gold offsets -> offsets in the canonical text, through the whitespace-free projection."""

    def to_sys(span: tuple[int, int]) -> tuple[int, int]:
        a, b = proj(gi, *span)
        start = pi[a] if a < len(pi) else n
        end = pi[b - 1] + 1 if 0 < b <= len(pi) else start
        return start, max(end, start)

    return to_sys


def rows(docs: list[corpus.GoldDoc], models: list[Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    gold_rows, pred_rows = [], []
    for k, d in enumerate(docs):
        ctx = context(d)
        text, doc = ctx.article.text, ctx.doc
        gi = projection(d.text)
        to_sys = _mapper(gi, pi := projection(text), len(text))
        rules = {(q.content.start, q.content.end) for q in extract_with(ctx, None)}
        preds = extract_with(ctx, models[cv.fold_of(k, len(models))])
        G = [proj(gi, *g.content) for g in d.gold]
        P = [proj(pi, q.content.start, q.content.end) for q in preds]
        used = greedy_match(P, G)
        matched = set(used.values())
        for g_i, (g, gold_cue) in enumerate(zip(d.gold, gold_cues(d))):
            cue_span = to_sys(gold_cue) if gold_cue else None
            content_span = to_sys(g.content)
            cue = _head(doc, *cue_span) if cue_span else None
            content = _head(doc, *content_span)
            near = [j for j, p in enumerate(P) if _ov(p, G[g_i]) > 0]
            gold_rows.append(
                {
                    "doc": k,
                    "matched": g_i in used,
                    "overlapped": bool(near),
                    "lemma": cue.lemma_.lower() if cue is not None else "",
                    "cue_text": text[cue_span[0] : cue_span[1]] if cue_span else "",
                    "cue_pos": cue.pos_ if cue is not None else "",
                    "construction": construction(cue, content),
                    "words": len(text[content_span[0] : content_span[1]].split()),
                    "source": g.speaker is not None,
                    "content": text[content_span[0] : content_span[1]],
                    "sentence": cue.sent.text if cue is not None else "",
                    "pred_lemmas": [preds[j].cue_lemma for j in near],
                }
            )
        for j, q in enumerate(preds):
            cue = _head(doc, q.cue.start, q.cue.end) if q.cue else None
            content = _head(doc, q.content.start, q.content.end)
            pred_rows.append(
                {
                    "doc": k,
                    "origin": ("R" if q.cue_lemma else "O") if (q.content.start, q.content.end) in rules else "L",
                    "kind": q.kind,
                    "lemma": q.cue_lemma,
                    "construction": construction(cue, content),
                    "matched": j in matched,
                    "nogold": not any(_ov(P[j], g) > 0 for g in G),
                    "words": len(q.content.text.split()),
                    "content": q.content.text,
                    "sentence": cue.sent.text if cue is not None else "",
                }
            )
        if k % 200 == 0:
            print(f"  scored {k}/{len(docs)}", file=sys.stderr, flush=True)
    return gold_rows, pred_rows


def show(gold_rows: list[dict[str, Any]], pred_rows: list[dict[str, Any]], top: int = 30) -> None:
    missed = [r for r in gold_rows if not r["matched"]]
    spurious = [r for r in pred_rows if not r["matched"]]
    print(f"gold {len(gold_rows)}, missed {len(missed)}; predicted {len(pred_rows)}, spurious {len(spurious)}")
    for title, table, keyf in (
        ("missed by (gold cue lemma, construction)", gold_rows, lambda r: (r["lemma"], r["construction"])),
        ("missed by gold cue lemma", gold_rows, lambda r: r["lemma"]),
        ("missed by construction", gold_rows, lambda r: r["construction"]),
        ("spurious by (origin, lemma, construction)", pred_rows, lambda r: (r["origin"], r["lemma"], r["construction"])),  # noqa: E501
        ("spurious by (origin, lemma)", pred_rows, lambda r: (r["origin"], r["lemma"])),
        ("spurious by (origin, construction)", pred_rows, lambda r: (r["origin"], r["construction"])),
    ):
        c: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
        for r in table:
            c[keyf(r)][0] += 1
            c[keyf(r)][1] += not r["matched"]
        print(f"\n{title}: (key, rows, errors)")
        for key, (n, e) in sorted(c.items(), key=lambda kv: -kv[1][1])[:top]:
            print(f"  {key}: {n} {e}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=("dump", "show"))
    ap.add_argument("path")
    args = ap.parse_args(argv)
    if args.what == "dump":
        docs = corpus.polnear("train")
        with open(args.path, "wb") as fh:
            pickle.dump(rows(docs, cv.fold_models(docs)), fh)
    with open(args.path, "rb") as fh:
        show(*pickle.load(fh))


if __name__ == "__main__":
    main()
