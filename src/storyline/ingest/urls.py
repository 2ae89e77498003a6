"""http(s) URLs: fetch with httpx, then read the body as a page, a feed or records.

Fetching is bounded: connect and read timeouts, at most ``MAX_REDIRECTS`` redirects, a body
size limit enforced while streaming (a server may lie in or omit ``Content-Length``), and a
User-Agent naming storyline (some news sites refuse Python's default one). The response's
content type decides the reader; a vague one (``text/plain``, ``application/octet-stream``,
``*/xml``) falls back to the URL's extension and then to sniffing the body.

Every failure is a FetchError with a one-line reason starting ``cannot fetch URL:``. Tests pass
an httpx transport (``httpx.MockTransport``) so they never touch the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata

import httpx

from storyline.errors import FetchError
from storyline.ingest.read import Entry, parse
from storyline.ingest.sniff import Format, format_for, sniff
from storyline.ingest.text import DEFAULT_MAX_BYTES

TIMEOUT = httpx.Timeout(20.0, connect=10.0)  # news sites answer in < 5 s; slow CDNs in < 20 s
MAX_REDIRECTS = 5

CONTENT_TYPES: dict[str, Format] = {
    "text/html": "html", "application/xhtml+xml": "html",
    "application/rss+xml": "feed", "application/x-rss+xml": "feed", "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/json": "json", "application/ld+json": "json",
    "application/x-ndjson": "jsonl", "application/jsonl": "jsonl", "application/jsonlines": "jsonl",
}


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response body within the size limit, where it ended up, and what the server called it."""

    url: str
    content_type: str
    data: bytes
    charset: str | None = None


def user_agent() -> str:
    try:
        version = metadata.version("storyline")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"storyline/{version} (news report reader)"


def fetch_entries(url: str, *, transport: httpx.BaseTransport | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> list[Entry]:
    """The documents at ``url`` (origin: the URL as given; ``url``: where redirects ended).

    >>> ok = httpx.MockTransport(lambda r: httpx.Response(200, text="The summit ended on Friday.",
    ...                          headers={"content-type": "text/plain"}))
    >>> fetch_entries("https://news.example/a", transport=ok)[0].text
    'The summit ended on Friday.'
    """
    fetched = fetch(url, transport=transport, max_bytes=max_bytes)
    fmt = response_format(fetched)
    data = as_utf8(fetched) if fmt == "text" else fetched.data  # pages and feeds declare their own
    return parse(data, url, fmt, url=fetched.url)


def as_utf8(fetched: Fetched) -> bytes:
    """Plain text re-encoded from the charset the server declared; as received if none or wrong."""
    if not fetched.charset:
        return fetched.data
    try:
        return fetched.data.decode(fetched.charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):  # unknown or lying charset: let text.decode guess
        return fetched.data


def response_format(fetched: Fetched) -> Format:
    """The reader for a response: its content type when specific, else extension, else content."""
    fmt = CONTENT_TYPES.get(fetched.content_type)
    if fmt:
        return fmt
    if fetched.content_type.endswith("xml"):  # text/xml, application/xml: a feed or XHTML
        return sniff(fetched.data)
    return format_for(httpx.URL(fetched.url).path, fetched.data)


def fetch(url: str, *, transport: httpx.BaseTransport | None = None,
          max_bytes: int = DEFAULT_MAX_BYTES) -> Fetched:
    """GET ``url`` following redirects; FetchError for every way that can fail."""
    try:
        with _client(transport) as client, client.stream("GET", url) as response:
            response.raise_for_status()
            declared = response.headers.get("content-length", "")
            if declared.isdigit():
                _check_size(int(declared), max_bytes)
            data = _read_limited(response, max_bytes)
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            return Fetched(str(response.url), content_type, data, response.charset_encoding)
    except httpx.HTTPStatusError as exc:
        status = exc.response
        raise FetchError(f"cannot fetch URL: HTTP {status.status_code} {status.reason_phrase}") from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise FetchError(f"cannot fetch URL: {_describe(exc)}") from None


def _client(transport: httpx.BaseTransport | None) -> httpx.Client:
    return httpx.Client(transport=transport, timeout=TIMEOUT, follow_redirects=True,
                        max_redirects=MAX_REDIRECTS, headers={"User-Agent": user_agent()})


def _read_limited(response: httpx.Response, max_bytes: int) -> bytes:
    """The body, stopping as soon as it passes ``max_bytes``."""
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        _check_size(size, max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise FetchError(f"cannot fetch URL: response larger than the limit ({max_bytes:,} bytes)")


def _describe(exc: Exception) -> str:
    """One line saying what went wrong, in the user's terms rather than httpx's class names."""
    detail = " ".join(str(exc).split())
    if isinstance(exc, httpx.ConnectError) and "refused" in detail.lower():
        return f"connection refused ({detail})"
    if isinstance(exc, httpx.ConnectError):
        return f"offline or host unknown ({detail})" if detail else "offline or host unknown"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out ({type(exc).__name__})"
    if isinstance(exc, httpx.TooManyRedirects):
        return f"more than {MAX_REDIRECTS} redirects"
    if isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
        return f"invalid URL ({detail})"
    return detail or type(exc).__name__
