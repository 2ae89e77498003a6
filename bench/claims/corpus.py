"""Texts, publication dates and sentences of the documents the claims gold refers to.

Reuses ``bench.quantities.corpus`` (canonical texts made by ``storyline.pipeline.to_article``):
every offset of the claims gold points into those texts, which never enter the repository.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bench.common import shared_dir
from bench.quantities.corpus import CORPORA, canonical_text, lang_of

__all__ = ["CORPORA", "canonical_text", "lang_of", "published", "sentences", "sentence_at"]

_DCT = re.compile(r'<DCT>\s*<TIMEX3[^>]*value="([^"]+)"')
_FOLDER_DATE = re.compile(r"/(\d{4}-\d{2}-\d{2})/")
_SENT_END = re.compile(r"(?<=[.!?])[\"'”»)]*\s+(?=[\"'“«(]?[A-ZÀ-Ý0-9])|\n\s*\n|\n(?=\S)")


@lru_cache(maxsize=512)
def published(corpus: str, file: str) -> str:
    """The report's publication date (ISO day): TimeML DCT, Timeline17's folder, PolNeAR metadata."""
    folder, _ = CORPORA[corpus]
    if file.endswith(".tml"):
        m = _DCT.search((shared_dir() / "data" / folder / file).read_text(encoding="utf-8"))
        return m.group(1)[:10] if m else ""
    m = _FOLDER_DATE.search("/" + file)
    if m:
        return m.group(1)
    m = re.search(r"_(\d{4}-\d{2}-\d{2})_", file)
    return m.group(1) if m else ""


@lru_cache(maxsize=512)
def sentences(corpus: str, file: str) -> tuple[tuple[int, int], ...]:
    """A plain regex split of the canonical text (the gold's own notion of 'sentence', independent
    of the system's parser): ends at ``.!?`` before a capital or digit, and at line breaks."""
    text = canonical_text(corpus, file)
    out, start = [], 0
    for m in _SENT_END.finditer(text):
        if text[start:m.start()].strip():
            out.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return tuple(out)


def sentence_at(corpus: str, file: str, offset: int) -> tuple[int, int]:
    """The gold sentence holding ``offset`` (the last one when past the end)."""
    sents = sentences(corpus, file)
    for s, e in sents:
        if s <= offset < e:
            return s, e
    return sents[-1]
