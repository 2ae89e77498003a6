"""Read the shared corpora's raw texts, so gold offsets can be re-checked at test time.

Gold quantities are stored as references (corpus, file, start, end) into the canonical text that
``storyline.pipeline.to_article`` makes of a file's raw text; the texts themselves never enter the
repository. For TimeML (``.tml``) the raw text is the ``<TEXT>`` element with its tags stripped.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from bench.common import shared_dir
from storyline.model import RawDocument
from storyline.pipeline import to_article

CORPORA = {  # corpus name -> (folder under shared/data, language)
    "fr_timebank": ("fr_timebank", "fr"),
    "tbaq": ("tempeval3/TBAQ-cleaned", "en"),
    "timeline17": ("timeline17", "en"),
    "polnear": ("polnear/data", "en"),
}
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def raw_text(corpus: str, file: str) -> str:
    """The raw text of ``file`` (a path relative to the corpus folder)."""
    folder, _ = CORPORA[corpus]
    data = (shared_dir() / "data" / folder / file).read_text(encoding="utf-8")
    if file.endswith(".tml"):
        m = _TEXT.search(data)
        return html.unescape(_TAG.sub("", m.group(1) if m else data))
    return data


@lru_cache(maxsize=256)
def canonical_text(corpus: str, file: str) -> str:
    """The canonical text every gold offset refers to."""
    _, lang = CORPORA[corpus]
    return to_article(RawDocument(f"{corpus}/{file}", raw_text(corpus, file)), lang=lang).text


def lang_of(corpus: str) -> str:
    return CORPORA[corpus][1]
