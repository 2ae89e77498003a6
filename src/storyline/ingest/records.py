"""JSON and JSON Lines files: one RawDocument per record.

A record is an object with the text under ``text`` (or ``content``/``body``) and optional
``title``, ``url`` (or ``link``), ``published`` (or ``date``), ``language`` (or ``lang``),
``source`` and ``author``. A record with only an ``html`` field has its main text extracted by
trafilatura; the record's own fields win over what the page says about itself.

A JSON file holds one record (origin: the path) or a list of records (``path#N``, N from 1).
Malformed JSON sinks the whole file; in JSON Lines each line stands alone, so a malformed line
is a rejection ``path#N`` (N the line number) and the other lines are still read.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from storyline.errors import InputError
from storyline.ingest.text import decode, require_text
from storyline.model import RawDocument, Rejection

FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "published": ("published", "date"),
    "language": ("language", "lang"),
    "source": ("source",),
    "author": ("author",),
}


def read_json(data: bytes, origin: str) -> list[RawDocument | Rejection]:
    """A JSON file holding one record or a list of records.

    >>> read_json(b'[{"text": "Le port de Marseille a rouvert lundi.", "lang": "fr"}]', "a.json")[0].language
    'fr'
    """
    value = _loads(require_text(decode(data)), "malformed JSON")
    if isinstance(value, dict):
        return [read_record(value, origin)]
    if isinstance(value, list):
        return [read_record(item, f"{origin}#{n}") for n, item in enumerate(value, start=1)]
    raise InputError(f"JSON holds {_describe(value)}; expected an object or a list of objects")


def read_jsonl(data: bytes, origin: str, *, max_record_bytes: int | None = None) -> list[RawDocument | Rejection]:
    """A JSON Lines file: one record per non-blank line, each read on its own (and rejected on its
    own when longer than ``max_record_bytes``).

    >>> [type(e).__name__
    ...  for e in read_jsonl(b'{"text": "Un accord a \\\\u00e9t\\\\u00e9 sign\\\\u00e9."}\\n{oops\\n', "a.jsonl")]
    ['RawDocument', 'Rejection']
    """
    entries: list[RawDocument | Rejection] = []
    # split on "\n" only: str.splitlines() would also split on U+2028, which JSON strings may hold
    for n, line in enumerate(require_text(decode(data)).split("\n"), start=1):
        if not line.strip():
            continue
        if max_record_bytes is not None and len(line) * 4 > max_record_bytes:  # UTF-8: at most 4 bytes a char
            size = len(line.encode("utf-8"))
            if size > max_record_bytes:
                reason = f"record too large ({size:,} bytes; limit {max_record_bytes:,})"
                entries.append(Rejection(f"{origin}#{n}", reason))
                continue
        try:
            value = _loads(line, "malformed JSON line")
        except InputError as exc:
            entries.append(Rejection(f"{origin}#{n}", str(exc)))
            continue
        entries.append(read_record(value, f"{origin}#{n}"))
    return entries


def _loads(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{what} ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    except RecursionError:
        raise InputError(f"{what} (nested too deeply)") from None


def _describe(value: Any) -> str:
    kinds = {str: "a string", bool: "a boolean", dict: "an object", list: "a list", type(None): "null"}
    return kinds.get(type(value), "a number")


def read_record(value: Any, origin: str) -> RawDocument | Rejection:
    """One record as a document, or a rejection saying what is wrong with it."""
    try:
        return _record(value, origin)
    except InputError as exc:
        return Rejection(origin, str(exc))


def _record(value: Any, origin: str) -> RawDocument:
    if not isinstance(value, dict):
        raise InputError(f"record is {_describe(value)}, not an object")
    fields = {name: _field(value, keys) for name, keys in FIELDS.items()}
    text = fields.pop("text")
    if (text is None or not text.strip()) and value.get("html") is not None:
        return _from_html(value, origin, fields)
    if text is None:
        raise InputError("no text (expected a 'text', 'content', 'body' or 'html' field)")
    return RawDocument(origin=origin, text=require_text(text, "text"), **fields)


def _from_html(value: dict[str, Any], origin: str, fields: dict[str, str | None]) -> RawDocument:
    """A record carrying a page instead of text: extract it, then let the record's fields win."""
    page = value["html"]
    if not isinstance(page, str):
        raise InputError(f"field 'html' is {_describe(page)}, expected a string")
    from storyline.ingest.html import read_html

    extracted = read_html(page, origin, url=fields["url"])[0]
    return replace(extracted, **{k: v for k, v in fields.items() if v is not None})


def _field(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first present value among ``keys`` as a string (None when absent or blank).

    Lists of strings (several authors) are joined with ", "; numbers are accepted for metadata
    (a year as ``date``) but not for the text.
    """
    for key in keys:
        value = record.get(key)
        if value is None:
            continue
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            value = ", ".join(v.strip() for v in value if v.strip())
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and keys != FIELDS["text"]:
            value = str(value)
        if not isinstance(value, str):
            raise InputError(f"field '{key}' is {_describe(value)}, expected a string")
        return value if keys == FIELDS["text"] or value.strip() else None
    return None
