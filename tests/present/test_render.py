"""Renderers: golden Markdown and JSON, CSV rows, self-contained HTML; one end-to-end run.

Regenerate the golden files on purpose only: ``STORYLINE_REGEN_GOLDEN=1 pytest tests/present``.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from storyline.present.timeline import build_timeline, render

from tests.present.records import en_item, fr_item
from storyline.extract.events import STAGE as EVENTS_STAGE

GOLDEN = Path(__file__).parent / "golden"
SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "timeline.schema.json"


def _timeline():
    return build_timeline([fr_item(), en_item()], title="Falcon drones for Finland")


def _check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("STORYLINE_REGEN_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; regenerate on purpose if intended"


def test_render_md_matches_golden():
    _check_golden("falcon.md", render(_timeline(), "md"))


def test_render_json_matches_golden():
    text = render(_timeline(), "json")
    _check_golden("falcon.json", text)
    doc = json.loads(text)
    assert doc["entries"][2]["label"] == "April 2024" and doc["entries"][2]["date"] == "2024-04"


def _required_ok(obj, schema, defs):
    """A minimal check of the schema's `required` keys (no jsonschema dependency)."""
    if "$ref" in schema:
        schema = defs[schema["$ref"].split("/")[-1]]
    for key in schema.get("required", []):
        assert key in obj, key
    for key, sub in schema.get("properties", {}).items():
        if key in obj and sub.get("type") == "array" and "items" in sub:
            for item in obj[key]:
                _required_ok(item, sub["items"], defs)


def test_render_json_follows_the_documented_schema():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    doc = json.loads(render(_timeline(), "json"))
    _required_ok(doc, schema, schema["$defs"])
    assert doc["schema"] == schema["properties"]["schema"]["const"]


def test_render_csv_one_row_per_source():
    rows = list(csv.DictReader(io.StringIO(render(_timeline(), "csv"))))
    assert sum(len(e.sources) for e in _timeline().entries) == len(rows)
    april = [r for r in rows if r["date"] == "2024-04"]
    assert {r["language"] for r in april} == {"fr", "en"} and {r["salience"] for r in april} == {"2"}


def test_render_html_is_self_contained_and_escaped():
    html = render(_timeline(), "html")
    assert "<style>" in html and "http://" not in html and "https://" not in html and "<script" not in html
    assert "April 2024" in html and "Falcon drones for Finland" in html
    assert "jusqu&#39;à 200 kilomètres" in html  # article text is escaped
    assert 'class="agree"' in html


def test_render_end_to_end_through_the_pipeline():
    from storyline.pipeline import extract_text

    fr = extract_text("La Norvège a livré des drones à la Finlande en avril 2024. Pourquoi maintenant ?\n"
                      "Les drones ont été commandés le 3 mars 2024 par Oslo.",
                      lang="fr", published="2024-05-10", origin="fr.txt")
    en = extract_text("Norway delivered drones to Finland in April 2024, officials said.",
                      lang="en", published="2024-09-02", origin="en.txt")
    for article, ex in (fr, en):
        assert ex.events, "every reporting sentence gives an event"
        for ev in ex.events:
            assert article.text[ev.sentence.start:ev.sentence.end] == ev.sentence.text
            assert ev.stage == EVENTS_STAGE and ev.time_source in ("text", "published")
            assert not ev.sentence.text.endswith("?")
    tl = build_timeline([fr, en])
    keys = [(e.date, e.dated_by) for e in tl.entries]
    assert keys, "the two reports give a timeline"
    for fmt in ("md", "json", "csv", "html"):
        assert render(tl, fmt)
    if any(ev.time_source == "text" for ev in fr[1].events):  # the times extractor is on
        assert "2024-04" in [e.date for e in tl.entries]


def test_reports_show_what_was_said_and_json_keeps_stances():
    """A stance (``X wants``, ``is expected to``) is not shown as a quote in the Markdown or HTML
    report, as ``storyline quotes`` hides it by default; the JSON export keeps every kind."""
    from dataclasses import replace

    a, ex = fr_item()
    stance = replace(ex.quotes[0], kind="stance")
    tl = build_timeline([(a, replace(ex, quotes=(stance,))), en_item()], title="Falcon drones for Finland")
    assert "Nous tenons nos promesses" not in render(tl, "md")
    assert "Nous tenons nos promesses" not in render(tl, "html")
    assert [q["kind"] for q in json.loads(render(tl, "json"))["quotes"]] == ["stance"]
    assert "Nous tenons nos promesses" in render(_timeline(), "md")


def test_html_columns_name_each_language_in_itself():
    from storyline.present.render_html import language_name

    assert [language_name(c) for c in ("fr", "de", "ru", "pt-BR")] == ["Français", "Deutsch", "Русский",
                                                                       "Português (Brasil)"]
    assert language_name("und") == "und"  # an undetermined language is not guessed
