"""Choosing a reader: the extension when it is known, the content otherwise."""

from __future__ import annotations

import pytest

from storyline.ingest.sniff import format_for, sniff


@pytest.mark.parametrize(("name", "fmt"), [
    ("a.txt", "text"), ("a.HTML", "html"), ("a.htm", "html"), ("a.json", "json"), ("a.jsonl", "jsonl"),
    ("a.ndjson", "jsonl"), ("a.xml", "feed"), ("a.rss", "feed"), ("a.atom", "feed"),
    ("https://news.example/feed.rss?page=2", "feed"),
])
def test_sniff_trusts_known_extensions(name, fmt):
    assert format_for(name, b"<html><body>whatever the content</body></html>" if fmt != "html" else b"plain") == fmt


@pytest.mark.parametrize(("data", "fmt"), [
    (b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', "feed"),
    (b'<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
    (b"<!DOCTYPE html>\n<html><head>", "html"),
    (b"\n  <div class='story'><p>Text</p></div>", "html"),
    (b'<?xml version="1.0"?><catalog/>', "feed"),
    (b'[{"text": "a"}]', "json"),
    (b'{\n  "text": "a"\n}\n', "json"),
    (b'{"text": "a"}\n{"text": "b"}\n', "jsonl"),
    ("\ufeff{\"text\": \"a\"}\n".encode("utf-16"), "jsonl"),
    ("<html><body>".encode("utf-16"), "html"),
    (b"Paris, le 3 mars. <Le> gouvernement", "text"),
    (b"< 5% of voters", "text"),
    (b"", "text"),
])
def test_sniff_recognises_content(data, fmt):
    assert sniff(data) == fmt
    assert format_for("upload.dat", data) == fmt
