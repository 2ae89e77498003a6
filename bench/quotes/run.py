"""Quotation bench: content P/R/F1 (0.3 overlap and exact) and speaker accuracy, beside a baseline.

    .venv/bin/python -m bench.quotes.run polnear-dev            # held-out English
    .venv/bin/python -m bench.quotes.run polnear-train --limit 200
    .venv/bin/python -m bench.quotes.run fr-dev fr-test         # our French TimeBank gold
    .venv/bin/python -m bench.quotes.run fr-test --json         # rows as JSON (what the gate reads)

Each document is parsed once; every system reads the same parse.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date

from bench.quotes import corpus
from bench.quotes.parses import parse
from bench.quotes.score import Tally, score_doc
from bench.quotes.systems import SYSTEMS
from storyline.extract.base import Context
from storyline.model import Article
from storyline.normalise.text import canonical
from storyline.pipeline import article_id


def load_corpus(name: str, start: int = 0, limit: int | None = None) -> list[corpus.GoldDoc]:
    if name.startswith("polnear-"):
        return corpus.polnear(name.split("-", 1)[1], start, limit)
    docs = corpus.french(name.split("-", 1)[1])
    return docs[start : start + limit] if limit else docs[start:]


def context(doc: corpus.GoldDoc) -> Context:
    text = canonical(doc.text)
    art = Article(id=article_id(text), text=text, origin=doc.id, published=doc.published, language=doc.lang)
    pub = date.fromisoformat(doc.published[:10]) if doc.published else None
    return Context(article=art, doc=parse(text, doc.lang), lang=doc.lang, published=pub)


def evaluate(name: str, start: int = 0, limit: int | None = None) -> dict[str, dict]:
    """Rows per system for corpus ``name`` (``polnear-dev``, ``polnear-train``, ``fr-dev``, ``fr-test``)."""
    tallies = {s: Tally() for s in SYSTEMS}
    docs = load_corpus(name, start, limit)
    t0 = time.perf_counter()
    for d in docs:
        ctx = context(d)
        for sname, system in SYSTEMS.items():
            kinds = d.kinds if d.kinds and d.kinds[0] != "?" else None
            tallies[sname].add(score_doc(d.text, d.gold, ctx.doc.text, system(ctx), kinds=kinds))
    rows = {
        s: t.row() | {"by_kind": {k: f"{m}/{g}" for k, (g, m) in sorted(t.by_kind.items())}}
        for s, t in tallies.items()
    }
    rows["_meta"] = {"docs": len(docs), "seconds": round(time.perf_counter() - t0, 1)}
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", nargs="+")
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    for name in args.corpora:
        rows = evaluate(name, args.start, args.limit)
        if args.json:
            print(json.dumps({name: rows}, ensure_ascii=False))
            continue
        meta = rows.pop("_meta")
        print(f"{name}: {meta['docs']} docs, {meta['seconds']} s", file=sys.stderr)
        print(f"| {name} | system | P | R | F1 (0.3) | F1 exact | speaker acc | gold | system |")
        for s, r in rows.items():
            print(
                f"| | {s} | {r['P']:.3f} | {r['R']:.3f} | {r['F1']:.3f} | {r['F1_exact']:.3f} | "
                f"{r['speaker_acc']:.3f} | {r['gold']} | {r['system']} | {r['by_kind'] or ''}"
            )


if __name__ == "__main__":
    main()
