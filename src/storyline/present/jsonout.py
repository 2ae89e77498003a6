"""Records to JSON: sorted keys, UTF-8 kept as is, so diffs and golden files read well."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from storyline.model import Article, Extraction


def to_plain(obj: Any) -> Any:
    """Dataclasses, tuples and lists to plain JSON-ready values."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_plain(v) for k, v in obj.items()}
    return obj


def dumps(obj: Any, indent: int | None = 2) -> str:
    return json.dumps(to_plain(obj), ensure_ascii=False, sort_keys=True, indent=indent)


def extraction_document(article: Article, ex: Extraction) -> dict[str, Any]:
    """The ``extract --json`` document (schema: docs/extract.schema.json)."""
    plain = to_plain(ex)
    return {
        "article": {k: v for k, v in to_plain(article).items() if k != "text"},
        "text": article.text,
        "language": article.language,
        "published": article.published,
        "stages": plain["stages"],
        "sentences": plain["sentences"],
        "entities": plain["entities"],
        "times": plain["times"],
        "quantities": plain["quantities"],
        "quotes": plain["quotes"],
        "events": plain["events"],
    }
