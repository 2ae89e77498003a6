"""Timeline corpora for the bench: Timeline17 topics and entities_tls collections, read in place.

Texts stay in ``../shared/data`` (never copied into the repo). Extraction results are cached
under ``$STORYLINE_BENCH_CACHE`` (default ``/tmp/storyline_bench_timeline``) as one pickle per
article, keyed by the extractors' fingerprint (stage names + code + language data), so a re-run
after an extractor changes re-extracts.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import json
import os
import pickle
import re
import sys
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from bench.common import data_dir
from storyline.model import Article, Extraction, RawDocument

KINDS = ("entities", "times", "quantities", "events")  # quotes are not used by the timeline
_USED = ("base", "nlp", "entit", "ent_", "times", "timex", "quantit", "qty", "events")  # their modules' names
CACHE = Path(os.environ.get("STORYLINE_BENCH_CACHE", "/tmp/storyline_bench_timeline"))
csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True)
class Doc:
    origin: str
    published: str
    text: str


@dataclass(frozen=True)
class Gold:
    name: str
    dates: dict[str, list[str]]  # ISO day -> summary sentences


def t17_topics() -> list[str]:
    return sorted(p.name for p in data_dir("timeline17").iterdir() if (p / "InputDocs").is_dir())


def t17_docs(topic: str) -> list[Doc]:
    """A topic's articles as the maintainers' protocol reads them (folder name = publication date)."""
    root = data_dir("timeline17") / topic / "InputDocs"
    docs = []
    for path in sorted(root.glob("*/*")):
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        if text:
            docs.append(Doc(f"{topic}/{path.parent.name}/{path.name}", path.parent.name, text))
    return docs


def t17_gold(topic: str) -> list[Gold]:
    """Gold timelines of a topic: ``date`` line, sentences, ``-----`` separator."""
    out = []
    for path in sorted((data_dir("timeline17") / topic / "timelines").glob("*.txt")):
        dates: dict[str, list[str]] = {}
        current = None
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            line = line.strip()
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", line):
                current = line
                dates.setdefault(current, [])
            elif line and not line.startswith("-----") and current:
                dates[current].append(line)
        out.append(Gold(f"{topic}/{path.name}", dates))
    return out


def ent_docs(name: str) -> list[Doc]:
    path = data_dir("entities_tls") / name / "outputwithpub.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", errors="replace")))
    return [Doc(f"{name}#{i}", row[0][:10], row[1].strip()) for i, row in enumerate(rows[1:], 1)
            if len(row) >= 2 and row[1].strip()]


def ent_gold(name: str) -> list[Gold]:
    """Derived gold (``outputTimelines.csv``): dates only; its text is not split per date."""
    path = data_dir("entities_tls") / name / "outputTimelines.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", errors="replace")))
    out = []
    for i, row in enumerate(rows[1:], 1):
        days = sorted({d[:10] for d in ast.literal_eval(row[0])})
        out.append(Gold(f"{name}#{i}", {d: [] for d in days}))
    return out


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """Stage names plus a hash of the extractors' code and language data, the pipeline and the
    identity linker: extractors are improved without version bumps, and a stale cache would
    report old numbers."""
    import storyline.extract as pkg
    from storyline.extract import base

    if os.environ.get("STORYLINE_BENCH_FINGERPRINT"):  # score a cache made by an earlier state
        return os.environ["STORYLINE_BENCH_FINGERPRINT"]

    root = Path(pkg.__file__).parent
    h = hashlib.sha256(",".join(base.get(k).stage for k in KINDS).encode())
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.json"), *root.rglob("*.toml")]):
        if path.name.startswith(_USED):
            h.update(path.read_bytes())
    # the pipeline links entity identities (link/identity.py, link/*.toml) as part of extraction
    for path in sorted([root.parent / "pipeline.py", *(root.parent / "link").glob("identity*.py"),
                        *(root.parent / "link").glob("*.toml")]):
        if path.exists():
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _key(doc: Doc) -> str:
    if os.environ.get("STORYLINE_BENCH_CACHE_KEY") == "stages":  # iterate on presentation only
        from storyline.extract import base

        stages = ",".join(base.get(k).stage for k in KINDS)
        return hashlib.sha256(f"{stages}\n{doc.published}\n{doc.text}".encode()).hexdigest()[:24]
    return hashlib.sha256(f"{extractor_fingerprint()}\n{doc.published}\n{doc.text}".encode()).hexdigest()[:24]


def extracted(corpus: str, docs: list[Doc], verbose: bool = True) -> Iterator[tuple[Article, Extraction]]:
    """(Article, Extraction) per doc, from the cache when the same stages already ran on it."""
    from storyline.pipeline import extract, to_article

    folder = CACHE / corpus
    folder.mkdir(parents=True, exist_ok=True)
    t0, fresh = time.time(), 0
    for i, doc in enumerate(docs):
        path = folder / f"{_key(doc)}.pkl"
        if path.exists():
            yield pickle.loads(path.read_bytes())
            continue
        article = to_article(RawDocument(doc.origin, doc.text, published=doc.published, language="en"))
        item = (article, extract(article, KINDS))
        path.write_bytes(pickle.dumps(item))
        fresh += 1
        if verbose and fresh % 50 == 0:
            print(f"  extracted {fresh} ({i + 1}/{len(docs)}) {(time.time() - t0) / fresh:.2f} s/article",
                  file=sys.stderr)
        yield item


def gold_json(gold: Gold) -> str:
    return json.dumps(gold.dates, ensure_ascii=False, sort_keys=True)
