"""Plain text: decoding (UTF-8, latin-1, UTF-16) and the inputs that are not text."""

from __future__ import annotations

import pytest

from storyline.errors import InputError
from storyline.ingest.read import read_one
from storyline.ingest.text import decode, read_text

from .conftest import FIXTURES


def test_text_reads_the_whole_utf8_file_as_one_document():
    path = str(FIXTURES / "en_budget.txt")
    [doc] = read_one(path)
    assert doc.origin == path
    assert doc.text == (FIXTURES / "en_budget.txt").read_text(encoding="utf-8")
    assert doc.title is None and doc.published is None and doc.language is None


def test_text_decodes_latin1_french():
    [doc] = read_one(str(FIXTURES / "fr_greve_latin1.txt"))
    assert doc.text.startswith("Paris, le 14 février. La grève des éboueurs entre dans sa deuxième semaine")
    assert "« Nous ne céderons pas »" in doc.text


def test_text_decodes_utf16_through_its_byte_order_mark():
    [doc] = read_one(str(FIXTURES / "fr_tribunal_utf16.txt"))
    assert doc.text.startswith("Lyon, le 2 octobre. Le tribunal administratif a suspendu lundi l'arrêté")
    assert "\ufeff" not in doc.text


def test_text_strips_a_utf8_byte_order_mark():
    assert decode(b"\xef\xbb\xbfLe Conseil a vot\xc3\xa9.") == "Le Conseil a voté."


@pytest.mark.parametrize(("data", "reason"), [
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary file (PNG image), not text"),
    (b"PK\x03\x04" + b"word/document.xml" * 10, "binary file (ZIP archive (or DOCX/ODT/EPUB)), not text"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (PDF document), not text"),
    (b"Some text\x00with a NUL byte", "binary file (contains NUL bytes), not text"),
    (bytes(range(128, 256)) * 4, "undecodable bytes (not UTF-8 and no known encoding fits)"),
    (b"", "empty input"),
    (b" \n\t\r\n  ", "empty input (nothing but whitespace)"),
])
def test_text_rejects_what_is_not_text_with_a_reason(write, data, reason):
    path = write("input.txt", data)
    with pytest.raises(InputError) as caught:
        read_one(path)
    assert str(caught.value) == reason


def test_text_rejects_mostly_control_characters():
    with pytest.raises(InputError, match=r"^binary file \(\d+ control characters in \d+\), not text$"):
        decode(b"ab\x01\x02\x03\x04\x05\x06\x07\x08cd" * 20)


def test_text_rejects_a_file_over_the_size_limit(write):
    path = write("big.txt", "Le Sénat a adopté le texte. " * 10)
    with pytest.raises(InputError, match=r"^input too large \(300 bytes; limit 100\)$"):
        read_one(path, max_bytes=100)
    assert read_one(path, max_bytes=300)  # the limit itself is allowed


def test_text_reader_keeps_the_text_untouched():
    data = b"  Titre ?\r\n\r\nCorps du texte, tel quel.  \n"
    assert read_text(data, "x.txt")[0].text == "  Titre ?\r\n\r\nCorps du texte, tel quel.  \n"


def test_text_starting_like_a_short_file_signature_is_still_text():
    assert decode(b"MZ Corp said on Monday it would buy RIFF Ltd.") == "MZ Corp said on Monday it would buy RIFF Ltd."
