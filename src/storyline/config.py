"""Settings dataclasses; defaults ship with the package and never depend on the machine."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Metadata for a batch whose inputs lack it, and what to do with each article.

    ``lang`` overrides language identification; ``published`` and ``source`` only fill what an
    input does not say itself (a feed entry's own date wins over ``--published``).
    """

    lang: str | None = None
    published: str | None = None
    source: str | None = None
    extract: bool = True
    link: bool = True  # assign each article to a story (needs extraction)
    max_bytes: int = 5_000_000
