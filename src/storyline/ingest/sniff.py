"""Which reader an input needs: by file extension first, by content when the name says nothing.

An extension is trusted (a ``.txt`` holding markup stays text: the user said so). Unknown
extensions, stdin and URLs with an unhelpful content type are sniffed from the first few
kilobytes: markup is ASCII in every ASCII-compatible encoding, so a latin-1 view of the bytes is
enough to see ``<rss`` or ``<html``; UTF-16/32 input is decoded through its byte-order mark first.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePath
from typing import Literal

from storyline.ingest.text import bom_encoding

Format = Literal["text", "html", "json", "jsonl", "feed"]

EXTENSIONS: dict[str, Format] = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}

SNIFF_BYTES = 4096
_FEED_ROOT = re.compile(r"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_TAG = re.compile(r"<(!doctype\s+html|html|head|body|article|div|p|h[1-6]|title|meta)[\s>/]", re.IGNORECASE)


def format_for(name: str, data: bytes) -> Format:
    """The format of an input called ``name`` (a path, ``-`` or a URL) holding ``data``.

    >>> format_for("notes.dat", b'<?xml version="1.0"?><rss version="2.0">')
    'feed'
    """
    suffix = PurePath(name.split("?")[0]).suffix.lower()
    return EXTENSIONS.get(suffix) or sniff(data)


def head_text(data: bytes) -> str:
    """The first few kilobytes as text, good enough to look for markup and brackets."""
    head = data[:SNIFF_BYTES]
    encoding = bom_encoding(head)
    return head.decode(encoding or "latin-1", errors="ignore").lstrip("\ufeff \t\r\n")


def sniff(data: bytes) -> Format:
    """Guess the format from content alone; plain text when nothing else fits.

    >>> sniff(b'{"text": "a"}\\n{"text": "b"}\\n')
    'jsonl'
    """
    head = head_text(data)
    if head.startswith("<"):
        if _FEED_ROOT.search(head):
            return "feed"
        if _HTML_TAG.search(head):
            return "html"
        return "feed" if head.startswith("<?xml") else "text"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        return _json_or_jsonl(data)
    return "text"


def _json_or_jsonl(data: bytes) -> Format:
    """An object per line is JSON Lines; one (possibly pretty-printed) object is JSON."""
    encoding = bom_encoding(data)
    text = data.decode(encoding, errors="ignore") if encoding else data.decode("utf-8", errors="ignore")
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip()
    try:
        json.loads(first)
    except (ValueError, RecursionError):
        return "json"
    return "jsonl"
