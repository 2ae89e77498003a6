"""Parse cache for the quotation bench: one spaCy ``DocBin`` file per (model, text) pair.

Parsing the 840 PolNeAR train documents takes minutes on a small machine; the fitting script
(``fit_cues.py``) and ``run.py`` read parses from here. The cache lives outside the repository
(``$STORYLINE_BENCH_CACHE``, else ``~/.cache/storyline-bench/quotes``) and holds only parses of
texts read in place from ``../shared``; nothing of it is committed.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from storyline.extract.nlp import BOUNDARY_VERSION, load, model_name


def cache_dir() -> Path:
    root = os.environ.get("STORYLINE_BENCH_CACHE") or str(Path.home() / ".cache" / "storyline-bench")
    path = Path(root) / "quotes"
    path.mkdir(parents=True, exist_ok=True)
    return path


def parse(text: str, lang: str):
    """The pipeline's ``Doc`` for ``text``, from the cache when this model parsed it before."""
    from spacy.tokens import DocBin

    nlp = load(lang)
    rules = BOUNDARY_VERSION  # our sentence-boundary rules run before the parser
    key = hashlib.sha1(f"{model_name(lang)}\0{nlp.meta.get('version')}\0{rules}\0{text}".encode()).hexdigest()
    path = cache_dir() / f"{lang}-{key[:20]}.spacy"
    if path.exists():
        return next(iter(DocBin().from_disk(path).get_docs(nlp.vocab)))
    doc = nlp(text)
    DocBin(store_user_data=True, docs=[doc]).to_disk(path)
    return doc
