"""How much the times extractor adds to the spaCy parse it shares with the other extractors.

    python -m bench.times.speed [--corpus tbaq] [--limit 60]

Prints the parse time, the extractor time and the throughput ratio parse+times / parse alone
(the project's target for the whole extraction is >= 0.7x bare spaCy, so times must cost a
small fraction of the parse).
"""

from __future__ import annotations

import argparse
import time

from bench.times import corpus as C


def main(argv: list[str] | None = None) -> None:
    from storyline.extract import base
    from storyline.extract.nlp import load
    from storyline.extract.times import extract_times
    from storyline.model import RawDocument
    from storyline.pipeline import published_date, to_article

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", default="tbaq")
    ap.add_argument("--limit", type=int, default=60)
    args = ap.parse_args(argv)
    lang, _ = C.CORPORA[args.corpus]
    nlp = load(lang)
    docs = [C.read(p) for p in C.files(args.corpus)[: args.limit]]
    articles = [to_article(RawDocument(d.name, d.text), lang=lang, published=d.dct) for d in docs]
    extract_times(base.Context(articles[0], nlp(articles[0].text), lang, None))  # warm the grammar cache
    parse = extract = 0.0
    words = found = 0
    for art in articles:
        t0 = time.perf_counter()
        doc = nlp(art.text)
        t1 = time.perf_counter()
        found += len(extract_times(base.Context(art, doc, lang, published_date(art))))
        t2 = time.perf_counter()
        parse, extract, words = parse + t1 - t0, extract + t2 - t1, words + len(doc)
    print(f"{len(articles)} docs, {words} tokens, {found} times")
    print(f"spaCy parse {parse:.2f}s ({words / parse:.0f} tokens/s); times extractor {extract:.3f}s "
          f"({100 * extract / parse:.1f}% of the parse); throughput ratio {parse / (parse + extract):.3f}")


if __name__ == "__main__":
    main()
