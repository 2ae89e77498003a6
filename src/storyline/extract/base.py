"""The extractor interface and registry.

An extractor is a small function ``(Context) -> list[record]`` registered under a versioned
name. The pipeline parses an article once with spaCy and hands the same ``Context`` to every
extractor, so no extractor parses twice. Registered names carry versions so stored results say
which stage made them (``times@1``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Callable

from storyline.errors import ConfigError
from storyline.model import Article

if TYPE_CHECKING:  # spaCy is heavy; only the type is needed here
    from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class Context:
    """One article, parsed once, as every extractor sees it.

    ``doc.text == article.text``: spaCy token offsets are canonical-text offsets.
    ``published`` is the article's publication date (``None`` when unknown: extractors then keep
    relative expressions unresolved rather than inventing an anchor).
    ``found`` holds what earlier extractors returned, by kind (extractors run in ``KINDS`` order,
    so ``events`` can read entities, times and quantities without recomputing them).
    """

    article: Article
    doc: "Doc"
    lang: str
    published: date | None
    found: dict[str, tuple[Any, ...]] = field(default_factory=dict)


Extractor = Callable[[Context], list[Any]]


@dataclass(frozen=True, slots=True)
class Registered:
    kind: str  # entities | times | quantities | quotes
    version: str
    func: Extractor

    @property
    def stage(self) -> str:
        return f"{self.kind}@{self.version}"


_REGISTRY: dict[str, Registered] = {}


def register(kind: str, version: str) -> Callable[[Extractor], Extractor]:
    """Register ``func`` as the extractor for ``kind`` (decorator)."""

    def deco(func: Extractor) -> Extractor:
        _REGISTRY[kind] = Registered(kind, version, func)
        return func

    return deco


KINDS = ("entities", "times", "quantities", "quotes", "events")


def get(kind: str) -> Registered:
    """The registered extractor for ``kind``; a ConfigError listing valid kinds otherwise."""
    _load_builtin()
    try:
        return _REGISTRY[kind]
    except KeyError:
        raise ConfigError(f"unknown extractor {kind!r}; valid: {', '.join(sorted(_REGISTRY))}") from None


def _load_builtin() -> None:
    # Imported lazily so `import storyline` stays cheap; each module registers itself.
    from storyline.extract import entities, events, quantities, quotes, times  # noqa: F401


def doc_text(doc: "Doc") -> str:
    """``doc.text``, computed once per document.

    spaCy rebuilds ``Doc.text`` from every token on each access; extractors that read it inside
    loops made extraction several times slower (measured with bench/speed). Prefer
    ``ctx.article.text``; this is for helpers that only hold a token or span.
    """
    cached = doc.user_data.get("storyline_text")
    if cached is None:
        cached = doc.user_data["storyline_text"] = doc.text
    return str(cached)
