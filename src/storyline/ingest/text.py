"""Bytes -> text: decoding, and the checks that turn binary or empty input into a reason.

Decoding order, and why:
1. a byte-order mark decides (UTF-8/16/32 files written by Windows tools carry one);
2. file signatures (PNG, JPEG, GIF, PDF, ZIP/DOCX, gzip...) and NUL bytes mean a binary file —
   checked after the BOM because UTF-16 text is full of NUL bytes;
3. strict UTF-8, the common case, with no guessing;
4. charset-normalizer for legacy encodings (latin-1 / cp1252 French text is the usual one);
5. a last check that the decoded text is not mostly control characters, because a permissive
   single-byte codec can "decode" random bytes.

A ``.txt`` file is taken whole: no title guessing, no trimming (the pipeline canonicalises).
"""

from __future__ import annotations

import codecs
import unicodedata

from storyline.errors import InputError
from storyline.model import RawDocument

DEFAULT_MAX_BYTES = 5 * 1024 * 1024  # a long news report is ~50 kB; 5 MB leaves room for feeds

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Signatures long or odd enough never to start a text ("MZ", "BZh", "RIFF" could: those formats
# are caught by the NUL-byte and control-character checks instead).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/ODT/EPUB)"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
)

# Tie-break order among equally plausible legacy encodings (charset-normalizer's names).
WESTERN_FIRST = ("cp1252", "latin_1", "iso8859_15")

# Share of control / replacement characters above which decoded "text" is really binary.
# 1% rejects random bytes decoded as cp1252 (~12% controls) and keeps real text (0%).
MAX_CONTROL_SHARE = 0.01


def check_size(size: int, max_bytes: int) -> None:
    """Reject an input over the size limit before reading it whole."""
    if size > max_bytes:
        raise InputError(f"input too large ({size:,} bytes; limit {max_bytes:,})")


def binary_kind(data: bytes) -> str | None:
    """What binary format ``data`` starts with, or None when it does not look binary."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark declares, or None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def decode(data: bytes) -> str:
    """Decode ``data`` to text or raise InputError saying why it is not text.

    >>> decode("Élysée".encode("latin-1") + b" a d\\xe9clar\\xe9 lundi que la r\\xe9forme avancera.")[:6]
    'Élysée'
    """
    encoding = bom_encoding(data)
    if encoding:
        try:
            return _checked(data.decode(encoding))
        except UnicodeDecodeError:
            raise InputError(f"undecodable bytes (invalid {encoding} after its byte-order mark)") from None
    kind = binary_kind(data)
    if kind:
        raise InputError(f"binary file ({kind}), not text")
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        return _checked(_guess(data))


def _guess(data: bytes) -> str:
    """Decode legacy-encoded text with charset-normalizer (imported lazily: it is slow to load).

    On short French text charset-normalizer often ties cp1250, cp1252 and cp1257 (same chaos and
    coherence: they agree on é and differ on è) and returns the first; a tie goes to the Western
    encodings, the legacy default for French and English text (WHATWG maps "latin-1" to cp1252).
    """
    from charset_normalizer import from_bytes

    results = list(from_bytes(data))
    if not results:
        raise InputError("undecodable bytes (not UTF-8 and no known encoding fits)")
    best = results[0]
    tied = {m.encoding: m for m in results if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
    for encoding in WESTERN_FIRST:
        if encoding in tied:
            return str(tied[encoding])
    return str(best)


def _checked(text: str) -> str:
    """Reject decoded text that is mostly control or replacement characters."""
    if not text:
        return text
    bad = sum(1 for ch in text if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v"))
    if bad / len(text) > MAX_CONTROL_SHARE:
        raise InputError(f"binary file ({bad} control characters in {len(text)}), not text")
    return text


def require_text(text: str, what: str = "input") -> str:
    """Reject empty and whitespace-only text; ``what`` names it in the message (input, text...)."""
    if not text:
        raise InputError(f"empty {what}")
    if not text.strip():
        raise InputError(f"empty {what} (nothing but whitespace)")
    return text


def read_text(data: bytes, origin: str) -> list[RawDocument]:
    """A plain-text file as one document; the whole file is the text.

    >>> read_text("Paris, le 3 mars. Le gouvernement a annoncé...".encode(), "a.txt")[0].origin
    'a.txt'
    """
    return [RawDocument(origin=origin, text=require_text(decode(data)))]
