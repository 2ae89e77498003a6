"""Cost of the entities extractor on top of the spaCy parse, on real news text.

English: PolNeAR dev articles; French: French TimeBank articles (both under ../shared/data).
Each document is parsed once (timed: the bare spaCy cost), then the extractor runs on the parsed
document (timed). The one-off table build (gazetteer, wordfreq) is reported apart.

Run: ``.venv/bin/python -m bench.entities.speed [--n 40]``
"""

from __future__ import annotations

import argparse
import time

from bench.common import data_dir, shared_dir
from bench.speed.report import french_texts


def english_texts(n: int) -> list[str]:
    files = sorted((data_dir("polnear") / "data" / "dev" / "text").glob("*.txt"))[:n]
    return [f.read_text(encoding="utf-8") for f in files]


def measure(lang: str, texts: list[str]) -> dict[str, float]:
    from storyline.extract import base
    from storyline.extract.nlp import load
    from storyline.model import RawDocument
    from storyline.pipeline import published_date, to_article

    nlp = load(lang)
    extractor = base.get("entities").func
    articles = [to_article(RawDocument(f"d{i}", t), lang=lang) for i, t in enumerate(texts) if len(t.strip()) > 40]
    t0 = time.perf_counter()
    extractor(base.Context(articles[0], nlp(articles[0].text), lang, None))  # warm-up: tables
    warm = time.perf_counter() - t0
    parse = ents = 0.0
    count = 0
    for art in articles:
        t0 = time.perf_counter()
        doc = nlp(art.text)
        t1 = time.perf_counter()
        count += len(extractor(base.Context(art, doc, lang, published_date(art))))
        parse, ents = parse + t1 - t0, ents + time.perf_counter() - t1
    words = sum(len(a.text.split()) for a in articles)
    return {"docs": len(articles), "words": words, "mentions": count, "warmup_s": warm, "parse_s": parse,
            "entities_s": ents, "ratio": parse / (parse + ents)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=40, help="articles per language")
    args = ap.parse_args()
    print("| lang | docs | words | mentions | table warm-up s | spaCy parse s | entities s | parse/(parse+entities) |")
    print("|---|---|---|---|---|---|---|---|")
    for lang, texts in (("en", english_texts(args.n)), ("fr", french_texts(args.n))):
        if not texts:
            print(f"| {lang} | no data under {shared_dir()}/data | | | | | | |")
            continue
        r = measure(lang, texts)
        print(f"| {lang} | {r['docs']} | {r['words']} | {r['mentions']} | {r['warmup_s']:.2f} | {r['parse_s']:.2f} "
              f"| {r['entities_s']:.3f} | {r['ratio']:.3f} |")


if __name__ == "__main__":
    main()
