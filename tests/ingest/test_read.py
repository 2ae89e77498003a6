"""The entry points: read_one (all or error) and iter_inputs (a batch that never stops on a bad input)."""

from __future__ import annotations

import io
import json
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import InputError
from storyline.ingest.read import STDIN_ORIGIN, Skipped, iter_inputs, read_one
from storyline.model import RawDocument

from .conftest import FIXTURES


def test_read_missing_path_is_an_input_error():
    with pytest.raises(InputError, match=r"^no such file or folder$"):
        read_one("does/not/exist.txt")


def test_read_one_refuses_a_folder(tmp_path):
    with pytest.raises(InputError, match=r"^is a folder"):
        read_one(str(tmp_path))


def test_read_unknown_extension_is_sniffed(write):
    path = write("wire.dat", (FIXTURES / "feed_atom.atom").read_bytes())
    assert [d.origin for d in read_one(path)] == [f"{path}#1", f"{path}#2"]


def test_read_stdin_is_sniffed(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((FIXTURES / "page_en.htm").read_bytes())))
    [doc] = read_one("-")
    assert doc.origin == STDIN_ORIGIN and doc.title == "Flood defences hold as river peaks"


def test_read_stdin_over_the_limit(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"word " * 100)))
    assert [(o, str(e)) for o, e in iter_inputs(["-"], max_bytes=100)] == [
        (STDIN_ORIGIN, "input too large (101 bytes; limit 100)")]


def test_read_folders_are_expanded_sorted_and_hidden_entries_skipped(write, tmp_path):
    write("b.txt", "Le second rapport.")
    write("a.txt", "Le premier rapport.")
    write("sub/c.json", '{"text": "A nested record."}')
    write("aa/z.txt", "A report in a folder that sorts first.")
    write(".hidden.txt", "Not read.")
    write(".git/config.txt", "Not read either.")
    origins = [o for o, _ in iter_inputs([str(tmp_path)])]
    assert origins == [str(tmp_path / name) for name in ("a.txt", "aa/z.txt", "b.txt", "sub/c.json")]


def test_read_a_folders_readme_and_licence_are_skipped_with_a_note_unless_named(write, tmp_path):
    report = write("reports/001.txt", "Les missiles sont arrivés en Ukraine ce mois-ci.")
    readme = write("reports/README.md", "# Sample articles\n\nTwo reports about one story.")
    licence = write("reports/LICENSE", "Creative Commons Attribution 4.0")
    news = write("reports/news.txt", "A report whose file is called news.")
    results = list(iter_inputs([str(tmp_path / "reports")]))
    assert [(Path(o).name, type(r).__name__) for o, r in results] == [
        ("001.txt", "list"), ("LICENSE", "Skipped"), ("README.md", "Skipped"), ("news.txt", "list")]
    assert results[1][1] == Skipped("skipped: a folder's documentation, not a report (name the file to add it)")
    [(origin, named)] = list(iter_inputs([readme]))
    assert origin == readme and named[0].text.startswith("# Sample articles")
    assert report and licence and news


def test_read_iter_inputs_reports_every_bad_input_and_goes_on(write, tmp_path):
    good = write("good.txt", "The vote is on Monday.")
    empty = write("empty.txt", "")
    image = write("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    results = list(iter_inputs([good, "missing.txt", empty, image, str(FIXTURES / "malformed.json")]))
    assert [(o, r if isinstance(r, list) else str(r)) for o, r in results] == [
        (good, [RawDocument(origin=good, text="The vote is on Monday.")]),
        ("missing.txt", "no such file or folder"),
        (empty, "empty input"),
        (image, "binary file (PNG image), not text"),
        (str(FIXTURES / "malformed.json"), "malformed JSON (Expecting value at line 2 column 1)"),
    ]
    assert all(isinstance(r, (list, InputError)) for _, r in results)


def test_read_the_fixtures_folder_in_one_batch():
    results = list(iter_inputs([str(FIXTURES)]))
    documents = [d for _, r in results if isinstance(r, list) for d in r]
    errors = {Path(o).name: str(r) for o, r in results if isinstance(r, InputError)}
    assert len(documents) == 14
    assert errors == {
        "feed_malformed.xml": errors["feed_malformed.xml"],
        "feed_rss.xml#3": "feed entry has no content or summary",
        "malformed.json": "malformed JSON (Expecting value at line 2 column 1)",
        "page_no_text.html": "no main text found in HTML",
        "records.json#3": "no text (expected a 'text', 'content', 'body' or 'html' field)",
        "records.json#4": "record is a string, not an object",
        "records.jsonl#2": "malformed JSON line (Expecting ',' delimiter at line 1 column 122)",
        "records.jsonl#5": "empty text (nothing but whitespace)",
    }


# Arbitrary bytes under every extension the reader knows (and one it does not): whatever the
# content, the only exception that may escape is InputError. Markup-looking prefixes steer
# Hypothesis into the HTML, feed and JSON readers instead of failing early at decoding.
_PREFIXES = st.sampled_from([b"", b"<html><body><p>", b'<?xml version="1.0"?><rss version="2.0"><channel><item>',
                             b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><content type='html'>",
                             b'{"text": ', b'[{"html": "', b"\xff\xfe", b"\xef\xbb\xbf"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=_PREFIXES, body=st.binary(max_size=400) | st.text(max_size=300).map(str.encode),
       suffix=st.sampled_from([".txt", ".html", ".json", ".jsonl", ".xml", ".atom", ".dat", ""]))
def test_read_one_on_arbitrary_bytes_raises_only_input_error(prefix, body, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(prefix + body)
        try:
            documents = read_one(str(path))
        except InputError:
            return
        assert all(isinstance(d, RawDocument) and d.text.strip() for d in documents)


def test_read_jsonl_batch_may_exceed_the_per_article_limit_but_not_a_record(tmp_path):
    """A manifest of many articles is a batch: the size limit is per article, i.e. per line."""
    good = json.dumps({"text": "Un accord a été signé à Genève entre les deux pays."})
    big = json.dumps({"text": "x" * 400})
    path = tmp_path / "manifest.jsonl"
    path.write_text("\n".join([good] * 10 + [big, good]), encoding="utf-8")
    found = list(iter_inputs([str(path)], max_bytes=300))  # the file is ~1 kB, each good line ~70 B
    assert len(found[0][1]) == 11
    assert found[1][0] == f"{path}#11" and "record too large (" in str(found[1][1])
    text = tmp_path / "big.txt"
    text.write_text("y" * 400)
    assert "input too large" in str(list(iter_inputs([str(text)], max_bytes=300))[0][1])
