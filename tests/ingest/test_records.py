"""JSON and JSON Lines: records, their fields, and per-record errors that do not sink the file."""

from __future__ import annotations

import pytest

from storyline.errors import InputError
from storyline.ingest.read import iter_inputs, read_entries, read_one
from storyline.ingest.records import read_json, read_jsonl
from storyline.model import RawDocument, Rejection

from .conftest import FIXTURES


def test_records_json_list_reads_every_field_and_its_aliases():
    path = str(FIXTURES / "records.json")
    first, second = read_entries(path)[:2]
    assert first == RawDocument(
        origin=f"{path}#1", text=first.text, title="Wildfire contained near the coast",
        url="https://wire.example/wildfire", source="Wire Example", author="Sam Lee, Ana Costa",
        published="2024-07-14", language="en")
    assert first.text.startswith("Firefighters contained a wildfire")
    assert (second.origin, second.title, second.published, second.language) == (
        f"{path}#2", "Le musée rouvre ses portes", "2024-06-01T10:00:00Z", "fr")
    assert second.text.startswith("Le musée des Beaux-Arts a rouvert")


def test_records_json_list_rejects_bad_records_one_by_one():
    path = str(FIXTURES / "records.json")
    assert read_entries(path)[2:] == [
        Rejection(f"{path}#3", "no text (expected a 'text', 'content', 'body' or 'html' field)"),
        Rejection(f"{path}#4", "record is a string, not an object"),
    ]


def test_records_json_single_object_keeps_the_path_as_origin():
    path = str(FIXTURES / "record_single.json")
    [doc] = read_one(path)
    assert (doc.origin, doc.title, doc.published, doc.language) == (
        path, "Bridge closed for repairs", "2024-05-06", "en")
    assert doc.text == "The old bridge will close for repairs from Monday for six weeks, the city said."


def test_records_malformed_json_is_one_error_for_the_file():
    with pytest.raises(InputError, match=r"^malformed JSON \(Expecting value at line 2 column 1\)$"):
        read_one(str(FIXTURES / "malformed.json"))


def test_records_jsonl_reads_good_lines_and_rejects_bad_ones_by_line_number():
    path = str(FIXTURES / "records.jsonl")
    entries = read_entries(path)
    assert [e.origin for e in entries] == [f"{path}#1", f"{path}#2", f"{path}#3", f"{path}#5"]
    assert entries[0].text.startswith("Le Parlement a adopté jeudi") and entries[0].source == "Dépêche Exemple"
    assert entries[1] == Rejection(f"{path}#2", "malformed JSON line (Expecting ',' delimiter at line 1 column 122)")
    assert entries[3] == Rejection(f"{path}#5", "empty text (nothing but whitespace)")


def test_records_html_field_is_extracted_and_record_fields_win():
    doc = read_entries(str(FIXTURES / "records.jsonl"))[2]
    assert doc.text.startswith("The museum reopened on Saturday after two years of renovation work")
    assert "Home" not in doc.text
    assert (doc.title, doc.url) == ("From HTML", "https://wire.example/museum")


def test_records_read_one_fails_on_the_first_bad_record():
    path = str(FIXTURES / "records.jsonl")
    with pytest.raises(InputError, match=rf"^{path}#2: malformed JSON line \("):
        read_one(path)


def test_records_iter_inputs_yields_the_good_records_then_one_error_per_bad_one():
    path = str(FIXTURES / "records.jsonl")
    results = list(iter_inputs([path]))
    assert results[0][0] == path and [d.origin for d in results[0][1]] == [f"{path}#1", f"{path}#3"]
    assert [(origin, str(err)) for origin, err in results[1:]] == [
        (f"{path}#2", "malformed JSON line (Expecting ',' delimiter at line 1 column 122)"),
        (f"{path}#5", "empty text (nothing but whitespace)"),
    ]


@pytest.mark.parametrize(("data", "reason"), [
    (b'"just a string"', "JSON holds a string; expected an object or a list of objects"),
    (b"42", "JSON holds a number; expected an object or a list of objects"),
    (b"[" * 100_000, "malformed JSON (nested too deeply)"),
    (b"", "empty input"),
])
def test_records_json_that_holds_no_records_is_rejected(data, reason):
    with pytest.raises(InputError) as caught:
        read_json(data, "x.json")
    assert str(caught.value) == reason


@pytest.mark.parametrize(("record", "reason"), [
    (b'{"text": 12}', "field 'text' is a number, expected a string"),
    (b'{"text": "Ok, a report.", "title": {"en": "x"}}', "field 'title' is an object, expected a string"),
    (b'{"text": "Ok, a report.", "author": [1, 2]}', "field 'author' is a list, expected a string"),
    (b'{"html": "<html><body><nav><ul><li><a href=\'/\'>Home</a></li></ul></nav></body></html>"}',
     "no main text found in HTML"),
    (b"[1, 2]", "record is a list, not an object"),
])
def test_records_bad_fields_are_named_in_the_rejection(record, reason):
    assert read_jsonl(record, "x.jsonl") == [Rejection("x.jsonl#1", reason)]


def test_records_numbers_and_blank_strings_in_metadata():
    [doc] = read_jsonl(b'{"text": "Le vote a eu lieu.", "date": 2024, "title": "  ", "lang": "fr"}', "x.jsonl")
    assert (doc.published, doc.title, doc.language) == ("2024", None, "fr")


def test_records_jsonl_keeps_line_separators_inside_strings():
    [doc] = read_jsonl('{"text": "Premier\u2028second paragraphe."}\n'.encode(), "x.jsonl")
    assert doc.text == "Premier\u2028second paragraphe."
