"""The story commands as a user runs them on the demo articles."""

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "s.db"
    assert run("add", EXAMPLES, "--db", path).exit_code == 0
    return path


@pytest.fixture(scope="module")
def drought(db):
    rows = json.loads(run("stories", "--json", "--db", db).stdout)
    return rows[0]


def test_cli_stories_group_the_drought_reports_across_languages(db, drought):
    rows = json.loads(run("stories", "--json", "--db", db).stdout)
    assert drought["article_count"] == 4 and drought["languages"] == ["en", "fr"]
    assert len(drought["articles"]) == 4 and all(len(a) == 16 for a in drought["articles"])  # member ids
    assert (drought["first"], drought["last"]) == ("2025-06-12", "2025-09-05")  # days, one form
    assert [r["article_count"] for r in rows] == [4, 1]
    assert "Rhône" in drought["title"]


def test_cli_entities_resolve_one_identity_across_languages(db, drought):
    found = json.loads(run("entities", "--story", drought["id"], "--json", "--db", db).stdout)
    by_id = {e["id"]: e for e in found}
    assert {"Suisse", "Switzerland"} <= set(by_id["loc:switzerland"]["aliases"])
    assert by_id["loc:switzerland"]["languages"] == ["en", "fr"]
    assert by_id[next(i for i in by_id if i.startswith("per:") and "morel" in i)]["mentions"] >= 3


def test_cli_quotes_by_speaker_oldest_first_across_languages(db):
    found = json.loads(run("quotes", "--speaker", "morel", "--json", "--db", db).stdout)
    assert len(found) >= 3
    assert [q["published"] for q in found] == sorted(q["published"] for q in found)
    assert {q["language"] for q in found} == {"fr", "en"}
    assert all(q["speaker_name"] == "Claire Morel" for q in found)


def test_cli_compare_stored_articles_gives_score_and_evidence(db):
    arts = {a["title"]: a["id"] for a in json.loads(run("articles", "--json", "--db", db).stdout)}
    fr = next(i for t, i in arts.items() if t.startswith("Sécheresse"))
    en = next(i for t, i in arts.items() if t.startswith("France shuts"))
    tram = next(i for t, i in arts.items() if "tram" in t)
    same = json.loads(run("compare", fr, en, "--json", "--db", db).stdout)
    other = json.loads(run("compare", fr, tram, "--json", "--db", db).stdout)
    assert same["same_storyline"] and not other["same_storyline"]
    assert same["similarity"] > other["similarity"]
    assert "loc:lyon" in same["shared_entities"]


def test_cli_compare_pairs_reads_jsonl_and_prints_one_line_each(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    a = {"text": "Les États-Unis ont livré des missiles ATACMS à l'Ukraine ce mois-ci.", "language": "fr"}
    b = {"text": "The United States delivered ATACMS missiles to Ukraine this month.", "language": "en"}
    c = {"text": "A new tram line linking central Geneva to the airport opened on Monday.", "language": "en"}
    pairs.write_text("\n".join(json.dumps(x) for x in [{"id": "p1", "a": a, "b": b}, {"id": "p2", "a": a, "b": c}]))
    out = [json.loads(line) for line in run("compare", "--pairs", pairs, "--json").stdout.splitlines()]
    assert [o["id"] for o in out] == ["p1", "p2"]
    assert out[0]["similarity"] > out[1]["similarity"]


@pytest.mark.parametrize("fmt", ["md", "json", "csv", "html"])
def test_cli_timeline_every_format_cites_its_sources(db, drought, fmt):
    result = run("timeline", drought["id"], "--format", fmt, "--db", db)
    assert result.exit_code == 0
    text = result.stdout
    if fmt == "json":
        doc = json.loads(text)
        assert doc["entries"] and all(e["sources"] for e in doc["entries"])
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert rows and all(r["article_id"] for r in rows)
    else:
        assert "24 June 2025" in text or "24 juin" in text


def test_cli_timeline_max_dates_and_all(db):
    doc = json.loads(run("timeline", "--all", "--max-dates", "3", "--format", "json", "--db", db).stdout)
    assert len({e["date"] for e in doc["entries"]}) <= 3


def test_cli_timeline_without_story_is_one_line_error(db):
    result = run("timeline", "--db", db)
    assert result.exit_code == 2 and result.stderr.startswith("storyline: give a STORY")


def test_cli_claims_list_conflicts_and_updates_first(db, drought):
    groups = json.loads(run("claims", drought["id"], "--json", "--db", db).stdout)
    order = {"conflict": 0, "update": 1, "agree": 2, "single": 3}
    assert groups and [order[g["verdict"]] for g in groups] == sorted(order[g["verdict"]] for g in groups)


def test_cli_story_corrections_persist(tmp_path):
    db = tmp_path / "s.db"
    run("add", EXAMPLES / "feed.xml", "--db", db)
    a, b = (r["id"] for r in json.loads(run("stories", "--json", "--db", db).stdout))
    assert run("story", "merge", a, b, "--db", db).exit_code == 0
    assert len(json.loads(run("stories", "--json", "--db", db).stdout)) == 1
    tram = next(x["id"] for x in json.loads(run("articles", "--json", "--db", db).stdout) if "tram" in x["title"])
    new = run("story", "move", tram, "--db", db).stdout.strip()
    rows = json.loads(run("stories", "--json", "--db", db).stdout)
    assert len(rows) == 2 and new in {r["id"] for r in rows}
    bad = run("story", "merge", a, "nonexistent", "--db", db)
    assert bad.exit_code == 2 and "no story" in bad.stderr
