"""Turn inputs — files, folders, ``-`` (stdin) and http(s) URLs — into RawDocuments.

Two entry points, two error policies:

- ``read_one(path)`` is all-or-error: the documents of one input, or ``InputError`` naming the
  first thing that went wrong (``storyline extract FILE`` wants exactly that);
- ``iter_inputs(paths)`` is the batch reader: it expands folders and yields
  ``(origin, documents)`` or ``(origin, InputError)`` per input and never raises for a bad one.
  In files of many records (JSON lists, JSON Lines, feeds) one bad record does not sink the
  others: the good ones come as ``(path, [documents])`` followed by one
  ``("path#N", InputError)`` per bad record. A folder's own documentation (``README.md``,
  ``LICENSE``...) comes as ``(path, Skipped)``: it describes the reports, it is not one.

Underneath, every reader returns ``Entry`` values — a RawDocument, or a ``Rejection`` (origin and
reason) for a record it could not read — so a rejection is a value until a policy decides.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from storyline.errors import InputError
from storyline.ingest.sniff import EXTENSIONS, Format, format_for
from storyline.ingest.text import DEFAULT_MAX_BYTES, check_size, read_text
from storyline.model import RawDocument, Rejection

if TYPE_CHECKING:
    import httpx

Entry = RawDocument | Rejection
STDIN_ORIGIN = "<stdin>"

__all__ = ["DEFAULT_MAX_BYTES", "Entry", "Skipped", "iter_inputs", "parse", "read_entries", "read_one"]


class Skipped(NamedTuple):
    """A file of a folder that is not read, and why (a batch reader's note, not an error)."""

    reason: str


# The files that document a folder rather than report news: read-mes, licences, change logs.
# Met inside a folder they are skipped (a user dropping a collection folder with its README
# would otherwise get the README as a report, joined to the story it describes); named on
# their own they are read like any file.
_FOLDER_DOCS = re.compile(
    r"(?i)(readme|read[-_ ]me|licen[cs]e|copying|copyright|changelog"
    r"|notice|authors|contributors|contributing|code[-_]of[-_]conduct)"
    r"(\.(md|markdown|rst|txt|text))?")
FOLDER_DOC_REASON = "skipped: a folder's documentation, not a report (name the file to add it)"


def read_one(path: str, *, transport: httpx.BaseTransport | None = None,
             max_bytes: int = DEFAULT_MAX_BYTES) -> list[RawDocument]:
    """The documents of one file, ``-`` (stdin) or URL; InputError if any part cannot be read.

    >>> read_one("tests/ingest/fixtures/en_budget.txt")[0].origin
    'tests/ingest/fixtures/en_budget.txt'
    """
    documents = []
    for entry in read_entries(path, transport=transport, max_bytes=max_bytes):
        if isinstance(entry, Rejection):
            raise InputError(f"{entry.origin}: {entry.reason}")
        documents.append(entry)
    return documents


def iter_inputs(paths: Iterable[str], *, transport: httpx.BaseTransport | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES
                ) -> Iterator[tuple[str, list[RawDocument] | InputError | Skipped]]:
    """Read many inputs, folders expanded (sorted, hidden files skipped, a folder's read-me
    and licence noted as Skipped); never raises for one.

    >>> for origin, result in iter_inputs(["tests/ingest/fixtures/records.jsonl", "missing.txt"]):
    ...     print(origin, len(result) if isinstance(result, list) else result)
    tests/ingest/fixtures/records.jsonl 2
    tests/ingest/fixtures/records.jsonl#2 malformed JSON line (Expecting ',' delimiter at line 1 column 122)
    tests/ingest/fixtures/records.jsonl#5 empty text (nothing but whitespace)
    missing.txt no such file or folder
    """
    for path in paths:
        for target in expand(path):
            if isinstance(target, tuple):
                yield target
            elif in_folder(path, target) and _FOLDER_DOCS.fullmatch(Path(target).name):
                yield target, Skipped(FOLDER_DOC_REASON)
            else:
                yield from _read_reported(target, transport=transport, max_bytes=max_bytes)


def _read_reported(target: str, *, transport: httpx.BaseTransport | None,
                   max_bytes: int) -> Iterator[tuple[str, list[RawDocument] | InputError]]:
    """One input's documents, then one error per rejected record; the whole input's error if any."""
    try:
        entries = read_entries(target, transport=transport, max_bytes=max_bytes)
    except InputError as exc:
        yield (STDIN_ORIGIN if target == "-" else target), exc
        return
    documents = [e for e in entries if isinstance(e, RawDocument)]
    rejections = [e for e in entries if isinstance(e, Rejection)]
    if documents or not rejections:
        yield (STDIN_ORIGIN if target == "-" else target), documents
    for rejection in rejections:
        yield rejection.origin, InputError(rejection.reason)


def expand(path: str) -> Iterator[str | tuple[str, InputError]]:
    """A path, or for a folder its files recursively, sorted by path (hidden files and folders skipped).

    A folder that cannot be listed comes back as ``(folder, InputError)``, after the files that could.
    """
    if path == "-" or is_url(path) or not os.path.isdir(path):
        yield path
        return
    errors: list[OSError] = []
    found: list[str] = []
    for root, dirs, files in os.walk(path, onerror=errors.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(os.path.join(root, name) for name in files if not name.startswith("."))
    yield from sorted(found, key=lambda p: Path(p).parts)
    for err in errors:
        yield str(err.filename or path), InputError(f"cannot list folder ({err.strerror})")


def in_folder(given: str, target: str) -> bool:
    """True when ``target`` was found by expanding the folder ``given`` (not named itself)."""
    return target != given


def is_url(path: str) -> bool:
    """True for http(s) URLs, the only schemes fetched."""
    return path.lower().startswith(("http://", "https://"))


def read_entries(path: str, *, transport: httpx.BaseTransport | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> list[Entry]:
    """Every record of one input as a document or a rejection; InputError if the input as a whole fails."""
    if path == "-":
        data = _read_stdin(max_bytes)
        return parse(data, STDIN_ORIGIN, format_for("", data))
    if is_url(path):
        from storyline.ingest.urls import fetch_entries

        return fetch_entries(path, transport=transport, max_bytes=max_bytes)
    batch = EXTENSIONS.get(Path(path).suffix.lower()) in BATCH_FORMATS
    data = _read_file(Path(path), max_bytes * BATCH_FACTOR if batch else max_bytes)
    fmt = format_for(path, data)
    if fmt == "jsonl":
        from storyline.ingest.records import read_jsonl

        return read_jsonl(data, path, max_record_bytes=max_bytes)
    return parse(data, path, fmt)


# A JSON Lines or JSON file is a batch of articles (a manifest, an export): the size limit is
# for one article, so such a file may hold many of them; a JSON Lines record over the limit is
# rejected on its own, the rest of the file goes on.
BATCH_FORMATS = ("jsonl", "json")
BATCH_FACTOR = 200  # 1 GB with the default 5 MB per article


def _read_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file within the size limit, or InputError saying why not."""
    try:
        if path.is_dir():
            raise InputError("is a folder (read folders with iter_inputs / storyline add)")
        check_size(path.stat().st_size, max_bytes)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may have grown since stat()
    except FileNotFoundError:
        raise InputError("no such file or folder") from None
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})") from None
    check_size(len(data), max_bytes)
    return data


def _read_stdin(max_bytes: int) -> bytes:
    data = sys.stdin.buffer.read(max_bytes + 1)
    check_size(len(data), max_bytes)
    return data


def parse(data: bytes, origin: str, fmt: Format, url: str | None = None) -> list[Entry]:
    """Hand ``data`` to the reader for ``fmt``; ``url`` is where it was fetched from, if anywhere."""
    if fmt == "html":
        from storyline.ingest.html import read_html

        return list(read_html(data, origin, url=url))
    if fmt == "json":
        from storyline.ingest.records import read_json

        return read_json(data, origin)
    if fmt == "jsonl":
        from storyline.ingest.records import read_jsonl

        return read_jsonl(data, origin)
    if fmt == "feed":
        from storyline.ingest.feeds import read_feed

        return read_feed(data, origin)
    return list(read_text(data, origin))
