"""RSS 2.0 and Atom feeds: one RawDocument per entry, with feedparser.

An entry's text is its full content when the feed carries it (``content:encoded`` in RSS,
``<content>`` in Atom), else its summary/description; HTML is flattened to plain text. The
feed's title becomes each entry's ``source``; dates are feedparser's UTC parse, as ISO 8601.

The bytes are handed to feedparser as a stream, never as a string: given a string, feedparser
treats it as a URL or a file name and would fetch or open it.
"""

from __future__ import annotations

import io
import re
import time
from typing import Any

from storyline.errors import InputError
from storyline.ingest.html import fragment_text, language_code
from storyline.model import RawDocument, Rejection

_EMAIL_NAME = re.compile(r"^[^\s@()]+@[^\s()]+\s*\(([^()]+)\)$")


def read_feed(data: bytes, origin: str) -> list[RawDocument | Rejection]:
    """Every entry of a feed (``origin#N``, N from 1); InputError when it is no readable feed.

    >>> rss = b'<rss version="2.0"><channel><title>Wire</title><item><title>Vote</title>'
    >>> rss += b'<description>The Senate passed the bill on Monday.</description></item></channel></rss>'
    >>> read_feed(rss, "wire.xml")[0].source
    'Wire'
    """
    import feedparser  # lazy: ~0.2 s to import

    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.entries and not parsed.get("bozo") and not parsed.get("version"):
        raise InputError("XML is not an RSS or Atom feed")
    feed = parsed.get("feed", {})
    entries = [_entry(entry, feed, f"{origin}#{n}") for n, entry in enumerate(parsed.entries, start=1)]
    # feedparser's lenient fallback salvages fragments of broken XML as empty entries: a broken
    # feed that yields no readable entry is reported as broken, not as N empty entries.
    if parsed.get("bozo") and not any(isinstance(e, RawDocument) for e in entries):
        raise InputError(f"malformed feed ({_reason(parsed.get('bozo_exception'))})")
    return entries


def _reason(exc: Any) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _entry(entry: Any, feed: Any, origin: str) -> RawDocument | Rejection:
    text, language = entry_text(entry)
    if not text:
        return Rejection(origin, "feed entry has no content or summary")
    return RawDocument(
        origin=origin, text=text, title=_plain(entry.get("title_detail"), entry.get("title")),
        url=entry.get("link") or None, source=_plain(feed.get("title_detail"), feed.get("title")),
        author=entry_author(entry), published=entry_published(entry),
        language=language_code(language or feed.get("language")),
    )


def entry_text(entry: Any) -> tuple[str, str | None]:
    """The longest content part, else the summary, as plain text; with its declared language."""
    parts = [part for part in entry.get("content", []) if part.get("value", "").strip()]
    if parts:
        part = max(parts, key=lambda p: len(p["value"]))
    elif entry.get("summary_detail") and entry["summary_detail"].get("value", "").strip():
        part = entry["summary_detail"]
    else:
        return "", None
    return _plain(part, part.get("value")) or "", part.get("language") or None


def _plain(detail: Any, value: str | None) -> str | None:
    """Text of a feedparser value: HTML flattened, plain text as is; None when blank."""
    if not value or not value.strip():
        return None
    kind = (detail or {}).get("type", "text/html")
    text = fragment_text(value) if "html" in kind else value.strip()
    return text or None


def entry_author(entry: Any) -> str | None:
    """The author's name; RSS ``<author>`` is ``email (Name)``.

    Parsed here: feedparser's own split (``author_detail``) cuts addresses whose domain has a
    long last label (``desk@wire.example (Mark Ellis)`` -> name ``ple (Mark Ellis``).

    >>> entry_author({"author": "desk@wire.example (Mark Ellis)"})
    'Mark Ellis'
    """
    author = (entry.get("author") or "").strip()
    match = _EMAIL_NAME.match(author)
    return (match.group(1).strip() if match else author) or None


def entry_published(entry: Any) -> str | None:
    """Publication (else update) time as ``YYYY-MM-DDTHH:MM:SSZ``; None when absent or unparsable."""
    # dict.get, not entry.get: feedparser maps a missing published_parsed to updated_parsed
    # itself, with a DeprecationWarning; the fallback is made explicit here instead.
    stamp = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", stamp) if stamp else None
