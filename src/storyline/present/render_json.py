"""Timeline to JSON (schema: docs/timeline.schema.json): sorted keys, UTF-8 kept, stable for diffs."""

from __future__ import annotations

import json
from typing import Any, Sequence

from storyline.present.jsonout import to_plain
from storyline.present.claims import ClaimGroup
from storyline.present.timeline import Entry, Timeline

SCHEMA = "storyline.timeline/1"


def entry_document(e: Entry) -> dict[str, Any]:
    """One entry; ``date`` is the TimeML value at its own granularity (``2024-04``, ``2024-03-12``)."""
    return {
        "date": e.date, "granularity": e.granularity, "label": e.label, "dated_by": e.dated_by,
        "salience": e.salience, "expected": e.expected, "summary": e.summary, "languages": list(e.languages),
        "concepts": list(e.concepts), "entities": list(e.entities), "quantities": list(e.quantities),
        "sources": to_plain(e.sources),
    }


def timeline_document(tl: Timeline) -> dict[str, Any]:
    """The whole timeline as plain data: entries, articles, quotes and claims."""
    return {
        "schema": SCHEMA,
        "title": tl.title,
        "max_dates": tl.max_dates,
        "dates_total": tl.dates_total,
        "dates_shown": len({e.date for e in tl.entries}),
        "window": list(tl.window) if tl.window else None,
        "articles": to_plain(tl.articles),
        "entries": [entry_document(e) for e in tl.entries],
        "quotes": to_plain(tl.quotes),
        "claims": to_plain(tl.claims),
    }


def render_json(tl: Timeline) -> str:
    return json.dumps(timeline_document(tl), ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def render_claims_json(groups: Sequence[ClaimGroup]) -> str:
    """``storyline claims STORY --json``: ``{"claims": [...]}`` with the schema's claim_group items."""
    return json.dumps({"claims": to_plain(list(groups))}, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
