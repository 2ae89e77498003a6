"""The local web page as a reader and a script meet it: stories, a report, the JSON API, adding."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from storyline.cli import main
from storyline.config import IngestOptions
from storyline.pipeline import ingest
from storyline.store.sqlite import SQLiteStore
from storyline.web import create_app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("web") / "demo.db"
    with SQLiteStore(db) as store:
        list(ingest(store, [str(EXAMPLES)], IngestOptions()))
    return db


@pytest.fixture()
def client(demo_db):
    return TestClient(create_app(str(demo_db), embedder=None))


def test_web_index_lists_the_stories_with_links_to_their_reports(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Rhône" in page.text and "tram" in page.text  # the drought story and the unrelated one
    drought = next(s for s in client.get("/api/stories").json() if "Rhône" in s["title"])
    assert f'href="/stories/{drought["id"].removeprefix("story:")}"' in page.text


def test_web_story_report_is_the_html_timeline(client):
    drought = next(s for s in client.get("/api/stories").json() if "Rhône" in s["title"])
    report = client.get(f"/stories/{drought['id'][-16:][:8]}")  # a prefix works, as in the CLI
    assert report.status_code == 200 and "<html" in report.text and "Claims" in report.text
    timeline = client.get(f"/api/stories/{drought['id']}/timeline", params={"max_dates": 2}).json()
    assert len({e["date"] for e in timeline["entries"]}) <= 2
    assert all(s["article_id"] and s["end"] > s["start"] for e in timeline["entries"] for s in e["sources"])


def test_web_story_timeline_of_a_period(client):
    drought = next(s for s in client.get("/api/stories").json() if "Rhône" in s["title"])
    august = client.get(f"/api/stories/{drought['id']}/timeline", params={"from": "2025-08", "until": "2025-08"}).json()
    assert august["window"] == ["2025-08-01", "2025-08-31"]
    assert august["entries"] and not any(e["date"].startswith(("2025-06", "2025-09")) for e in august["entries"])
    page = client.get(f"/stories/{drought['id']}", params={"from": "2025-08"})
    assert page.status_code == 200 and "from 2025-08-01" in page.text
    bad = client.get(f"/stories/{drought['id']}", params={"until": "2025-02-30"})
    assert bad.status_code == 400 and bad.json()["detail"] == "until '2025-02-30': not a calendar date"


def test_web_quotes_of_a_period(client):
    summer = client.get("/api/quotes", params={"speaker": "Morel", "from": "2025-08", "until": "2025-08"}).json()
    assert summer["quotes"] and {q["published"][:7] for q in summer["quotes"]} == {"2025-08"}
    assert client.get("/api/quotes", params={"from": "août"}).status_code == 400


def test_web_unknown_story_is_404_with_the_reason(client):
    r = client.get("/api/stories/deadbeef/claims")
    assert r.status_code == 404 and r.json()["detail"] == "no story with id 'deadbeef'"


def test_web_quotes_by_speaker_oldest_first(client):
    found = client.get("/api/quotes", params={"speaker": "morel"}).json()["quotes"]
    assert found and all("Morel" in q["speaker_name"] for q in found)
    assert [q["published"] for q in found] == sorted(q["published"] for q in found)
    assert client.get("/api/quotes", params={"kind": "rumour"}).status_code == 400


def test_web_entities_of_a_story_are_the_cli_listing(client, demo_db):
    drought = next(s for s in client.get("/api/stories").json() if "Rhône" in s["title"])
    found = client.get("/api/entities", params={"story": drought["id"][-16:][:8], "limit": 5}).json()
    assert 0 < len(found) <= 5
    rhone = next(e for e in found if e["name"] == "Rhône")
    assert set(rhone["languages"]) == {"en", "fr"} and rhone["mentions"] >= 2
    listed = CliRunner().invoke(main, ["entities", "--story", drought["id"], "--limit", "5", "--json",
                                       "--db", str(demo_db)])
    assert [e["id"] for e in found] == [e["id"] for e in json.loads(listed.stdout)]
    assert client.get("/api/entities", params={"story": "deadbeef"}).status_code == 404


def test_web_add_article_then_again_is_a_no_op(tmp_path):
    app = TestClient(create_app(str(tmp_path / "new.db"), embedder=None))
    text = ("Le Rhône a atteint mercredi son plus bas niveau depuis 1976, selon l'agence de l'eau, "
            "qui appelle à limiter les prélèvements.")
    first = app.post("/api/articles", json={"text": text, "published": "2025-06-12", "title": "Le Rhône au plus bas"})
    assert first.status_code == 201 and first.json()[0]["status"] == "added"
    again = app.post("/api/articles", json={"text": text})
    assert again.status_code == 200 and again.json()[0]["status"] == "exists"
    assert [s["title"] for s in app.get("/api/stories").json()] == ["Le Rhône au plus bas"]


def test_web_bad_article_is_rejected_in_one_line_and_nothing_is_stored(tmp_path):
    app = TestClient(create_app(str(tmp_path / "new.db"), embedder=None))
    for payload, reason in (({"text": "   "}, "empty text"), ({"text": "Un texte assez long.", "published": "hier"},
                                                             "unreadable publication date"), ({}, "give"),
                            ({"url": "/etc/hostname"}, "only http(s) URLs")):
        r = app.post("/api/articles", json=payload)
        assert r.status_code == 422 and reason in r.json()[0]["reason"] and "\n" not in r.json()[0]["reason"]
    assert app.get("/api/articles").json() == []
