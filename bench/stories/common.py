"""Shared helpers for the story benches: data paths, cached extraction and embedding.

Extraction costs 0.1-0.3 s per article with spaCy on this machine, so results are cached on
disk under ``$STORYLINE_BENCH_CACHE`` (default ``/tmp/storyline_bench``), never in the repo.
The cache key includes the text hash, language, publication date and the registered stage
versions, so a new extractor version is re-run automatically.

While the entities extractor is still the placeholder (``entities@0``), the bench derives
entity mentions from spaCy's own NER on the same parse (``entities@bench-spacy``), so the
entity evidence can be measured; languages without a spaCy model get no entities.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench.common import shared_dir  # noqa: E402

SHARED = shared_dir()
DATA = SHARED / "data"
CACHE = Path(os.environ.get("STORYLINE_BENCH_CACHE", "/tmp/storyline_bench"))
sys.path.insert(0, str(ROOT / "src"))

from storyline.extract import base  # noqa: E402  (needs the src/ path inserted just above)
from storyline.model import Article, Extraction, RawDocument  # noqa: E402  (same)

def canonical_fn():
    """The project's cross-language entity ids (what ``storyline add`` uses)."""
    from storyline.link.identity import canonical_id

    return canonical_id


# ``STORYLINE_BENCH_STAGES=v1``: key the extraction cache as the stage-version-1 extractors did
# (``entities@1`` ...), so the caches built before session 8's bump to version 2 are read instead
# of re-extracting (bench/stories/README.md, (b10)); any other value is used as the stage string.
STAGES_OVERRIDE = os.environ.get("STORYLINE_BENCH_STAGES", "")


def _stages() -> str:
    # "pipeline" marks caches made through pipeline.extract (with the link stage); older ones are not reused
    if STAGES_OVERRIDE == "v1":
        return "pipeline," + ",".join(f"{k}@1" for k in base.KINDS)
    if STAGES_OVERRIDE:
        return STAGES_OVERRIDE
    return "pipeline," + ",".join(base.get(k).stage for k in base.KINDS)


def _key(text: str, lang: str, published: str | None) -> str:
    h = hashlib.sha1(f"{_stages()}|{lang}|{published}|{text}".encode()).hexdigest()
    return h[:20]


def extract_one(article: Article) -> Extraction:
    """Exactly what ``storyline add`` extracts (``pipeline.extract``, link stage included)."""
    from storyline.pipeline import extract

    return extract(article)


def cached_extractions(
    docs: Iterable[tuple[str, str, str | None]], label: str = ""
) -> list[tuple[Article, Extraction]]:
    """(text, lang, published) -> (Article, Extraction), cached on disk one file per article."""
    from storyline.pipeline import to_article

    folder = CACHE / "extract"
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    docs = list(docs)
    for i, (text, lang, published) in enumerate(docs):
        path = folder / f"{_key(text, lang, published)}.pkl"
        if path.exists():
            out.append(pickle.loads(path.read_bytes()))
            continue
        article = to_article(RawDocument(f"bench:{i}", text), lang=lang, published=published)
        pair = (article, extract_one(article))
        path.write_bytes(pickle.dumps(pair))
        out.append(pair)
        if label and (i + 1) % 200 == 0:
            print(f"[{label}] extracted {i + 1}/{len(docs)}", file=sys.stderr, flush=True)
    return out


def cached_vectors(texts: list[str], name: str) -> np.ndarray | None:
    """USE vectors of ``texts`` (clipped as the package clips them), cached by content hash."""
    from storyline.link.embed import MAX_CHARS, load_embedder

    h = hashlib.sha1(f"{MAX_CHARS}\x00".encode() + "\x00".join(texts).encode("utf-8")).hexdigest()[:16]
    path = CACHE / f"vec_{name}_{h}.npy"
    if path.exists():
        return np.load(path)
    emb = load_embedder()
    if emb is None:
        return None
    out = np.concatenate([emb.encode(texts[i:i + 64]) for i in range(0, len(texts), 64)]) if texts else \
        np.zeros((0, 512), np.float32)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, out)
    return out


def cached_judge(texts: list[str]) -> np.ndarray | None:
    """Pair-judge (e5) vectors of ``texts``, cached per text in one file (so the gate's subset
    reuses the full bench's vectors); ``None`` when the judge cannot be loaded here."""
    from storyline.link.embed import JUDGE_CHARS, E5Embedder, load_judge

    clipped = [t[:JUDGE_CHARS] if t.strip() else "." for t in texts]
    keys = [hashlib.sha1(f"{E5Embedder.name}|{E5Embedder.prefix}|{t}".encode()).hexdigest()[:20] for t in clipped]
    path = CACHE / "judge_vectors.pkl"
    store: dict[str, np.ndarray] = pickle.loads(path.read_bytes()) if path.exists() else {}
    missing = sorted({t for t, k in zip(clipped, keys) if k not in store})
    if missing:
        judge = load_judge()
        if judge is None:
            return None
        for i in range(0, len(missing), 32):
            chunk = missing[i:i + 32]
            for t, v in zip(chunk, judge.encode(chunk)):
                store[hashlib.sha1(f"{E5Embedder.name}|{E5Embedder.prefix}|{t}".encode()).hexdigest()[:20]] = v
            if len(missing) > 64 and (i // 32) % 10 == 9:
                print(f"[judge] embedded {i + len(chunk)}/{len(missing)}", file=sys.stderr, flush=True)
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(store))
        tmp.replace(path)
    return np.stack([store[k] for k in keys]) if keys else np.zeros((0, 384), np.float32)


def profiles_for(pairs: list[tuple[Article, Extraction]], name: str, *, embed: bool = True,
                 judge: bool = False):
    """Profiles with cached vectors (``embed=False``: the embedding-free fallback; ``judge``: add
    the pair judge's vectors, as ``storyline compare`` does)."""
    from storyline.link.story_profile import build_profiles, embed_text, head_text

    profiles = build_profiles(pairs, canonical=canonical_fn())
    if embed:
        vecs = cached_vectors([embed_text(a) for a, _ in pairs], name)
        heads = cached_vectors([head_text(a) for a, _ in pairs], name + "_head")
        if vecs is not None and heads is not None:
            profiles = [replace(p, vector=v, head=h) for p, v, h in zip(profiles, vecs, heads)]
    if judge:
        found = cached_judge([embed_text(a) for a, _ in pairs])
        if found is not None:
            profiles = [replace(p, judge=v) for p, v in zip(profiles, found)]
    return profiles


def pearson(x: list[float], y: list[float]) -> float:
    """Pearson's r, as /work/shared/tools/semeval.py computes it."""
    n = len(x)
    if n < 2:
        return 0.0
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sx = sum((a - mx) ** 2 for a in x) ** 0.5
    sy = sum((b - my) ** 2 for b in y) ** 0.5
    return sxy / (sx * sy) if sx and sy else 0.0
