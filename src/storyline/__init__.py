"""storyline: a sourced account of one developing story from news reports in several languages.

The Python API in five names (imported lazily, so ``import storyline`` is cheap)::

    >>> import storyline
    >>> store = storyline.open_store(":memory:")
    >>> [r.status for r in storyline.ingest(store, ["examples/articles.jsonl"])]  # doctest: +SKIP
    ['added', 'added']
    >>> article, extraction = storyline.extract_text("Biden a parlé le 12 mars.", lang="fr",
    ...                                               published="2024-04-24")  # doctest: +SKIP

``open_store`` opens the embedded SQLite store (default ``$STORYLINE_DB`` or
``~/.local/share/storyline/storyline.db``); ``ingest`` reads files, folders, feeds and URLs into it;
``extract_text`` extracts from one string without storing; ``IngestOptions`` fills metadata a
batch lacks; the records themselves are in ``storyline.model``.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["IngestOptions", "extract_text", "ingest", "open_store", "__version__"]


def open_store(path: Any = None) -> Any:
    """The embedded SQLite store at ``path`` (default location when None)."""
    from storyline.store.sqlite import SQLiteStore

    return SQLiteStore(path)


def __getattr__(name: str) -> Any:
    if name in ("extract_text", "ingest"):
        from storyline import pipeline

        return getattr(pipeline, name)
    if name == "IngestOptions":
        from storyline.config import IngestOptions

        return IngestOptions
    raise AttributeError(f"module 'storyline' has no attribute {name!r}")
