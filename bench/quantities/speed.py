"""Cost of the quantities extractor relative to the spaCy parse it reuses.

    python -m bench.quantities.speed     # one line per language

The whole extraction must stay at >= 0.7x bare spaCy throughput, so this stage must cost a small
fraction of the parse: it only runs precompiled regexes and reads the existing parse.
"""

from __future__ import annotations

import time

from bench.quantities.corpus import canonical_text, shared_dir
from storyline.extract import base
from storyline.extract.nlp import load
from storyline.extract.quantities import extract_quantities
from storyline.model import Article


def measure(lang: str, corpus: str, files: list[str]) -> str:
    nlp = load(lang)
    arts = [Article(id=str(i), text=canonical_text(corpus, f), origin=f) for i, f in enumerate(files)]
    t0 = time.perf_counter()
    docs = [nlp(a.text) for a in arts]
    t1 = time.perf_counter()
    found = sum(len(extract_quantities(base.Context(a, d, lang, None))) for a, d in zip(arts, docs))
    t2 = time.perf_counter()
    tokens = sum(len(d) for d in docs)
    return (f"{lang}: {len(arts)} docs, {tokens} tokens, {found} quantities; spaCy {t1 - t0:.2f}s, "
            f"quantities {t2 - t1:.3f}s = {100 * (t2 - t1) / (t1 - t0):.1f}% of the parse")


def main() -> None:
    data = shared_dir() / "data"
    fr = sorted(p.name for p in (data / "fr_timebank").glob("*.tml"))
    t17 = data / "timeline17"
    en = sorted(str(p.relative_to(t17)) for p in (t17 / "bpoil_bbc" / "InputDocs").glob("*/*.txt"))[:40]
    print(measure("fr", "fr_timebank", fr))
    print(measure("en", "timeline17", en))


if __name__ == "__main__":
    main()
