"""The command line as a user meets it: exit codes, one-line errors, JSON on stdout."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import click
from click.testing import CliRunner

from storyline.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def run(*args, **kw):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, **kw)


def test_cli_add_examples_then_list_them(tmp_path):
    db = tmp_path / "s.db"
    first = run("add", EXAMPLES, "--db", db)
    assert first.exit_code == 0, first.output
    listed = json.loads(run("articles", "--json", "--db", db).stdout)
    assert len(listed) >= 5
    assert {a["language"] for a in listed} >= {"fr", "en"}
    assert all(a["published"] for a in listed)
    again = run("add", EXAMPLES, "--db", db)
    assert again.exit_code == 0 and "already stored" in again.stderr
    assert len(json.loads(run("articles", "--json", "--db", db).stdout)) == len(listed)


def test_cli_bad_input_gets_one_line_and_exit_1(tmp_path):
    db = tmp_path / "s.db"
    (tmp_path / "empty.txt").write_text("")
    result = run("add", tmp_path / "empty.txt", tmp_path / "nope.txt", EXAMPLES / "feed.xml", "--db", db)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if "empty.txt" in line or "nope.txt" in line]
    assert len(errors) == 2 and all(line.startswith("storyline: ") for line in errors)
    assert "2 added" in result.stderr and "2 rejected" in result.stderr
    assert "empty.txt" in run("rejections", "--db", db).stdout


def test_cli_a_folders_readme_is_noted_not_stored_and_not_an_error(tmp_path):
    folder = tmp_path / "collection"
    folder.mkdir()
    (folder / "README.md").write_text("# Sample articles\n\nTwo real news reports about one story.\n")
    (folder / "report.txt").write_text("Floods closed the A7 motorway near Lyon on Monday, the prefecture said.")
    result = run("add", folder, "--lang", "en", "--published", "2025-06-02", "--db", tmp_path / "s.db")
    assert result.exit_code == 0, result.output
    assert f"storyline: {folder / 'README.md'}: skipped: a folder's documentation" in result.stderr
    assert "1 added, 0 exists, 0 duplicate, 0 rejected, 1 skipped" in result.stderr
    assert len(json.loads(run("articles", "--json", "--db", tmp_path / "s.db").stdout)) == 1
    assert "README" not in run("rejections", "--db", tmp_path / "s.db").stdout


def test_cli_show_by_prefix_and_json(tmp_path):
    db = tmp_path / "s.db"
    run("add", EXAMPLES / "articles.jsonl", "--db", db)
    first = json.loads(run("articles", "--json", "--db", db).stdout)[0]
    shown = run("show", first["id"][:8], "--db", db)
    assert shown.exit_code == 0 and first["title"] in shown.stdout
    doc = json.loads(run("show", first["id"], "--json", "--db", db).stdout)
    assert doc["article"]["id"] == first["id"] and doc["text"]


def test_cli_unknown_id_is_one_line_exit_2(tmp_path):
    db = tmp_path / "s.db"
    run("add", EXAMPLES / "feed.xml", "--db", db)
    result = run("show", "deadbeef", "--db", db)
    assert result.exit_code == 2 and result.stderr.strip() == "storyline: no article with id 'deadbeef'"


def test_cli_a_mistyped_store_path_is_an_error_not_an_empty_store(tmp_path):
    typo = tmp_path / "typo.db"
    for args in (("stories",), ("articles",), ("reextract",), ("timeline", "--all")):
        result = run(*args, "--db", typo)
        assert result.exit_code == 2 and "no store here yet" in result.stderr, args
    assert not typo.exists()  # nothing was created
    assert run("add", EXAMPLES / "feed.xml", "--db", typo).exit_code == 0  # add makes the store


def test_cli_unwritable_output_and_bad_arguments_are_one_line(tmp_path):
    db = tmp_path / "s.db"
    run("add", EXAMPLES / "articles.jsonl", "--db", db)
    first = json.loads(run("articles", "--json", "--db", db).stdout)[0]["id"]
    wrote = run("timeline", "--all", "--format", "html", "-o", tmp_path / "missing" / "r.html", "--db", db)
    assert wrote.exit_code == 2
    assert wrote.stderr.strip() == f"storyline: {tmp_path / 'missing' / 'r.html'}: No such file or directory"
    same = run("compare", first[:8], first, "--db", db)
    assert same.exit_code == 2 and "two different articles" in same.stderr
    assert run("timeline", "--all", "--max-dates", "-3", "--db", db).exit_code == 2


def test_cli_timeline_of_a_period(tmp_path):
    db = tmp_path / "s.db"
    run("add", EXAMPLES, "--db", db)
    doc = json.loads(run("timeline", "--all", "--from", "2025-08", "--until", "2025-08-31", "--format", "json",
                         "--db", db).stdout)
    assert doc["window"] == ["2025-08-01", "2025-08-31"] and doc["entries"]
    assert all(e["date"] >= "2025-08" or e["granularity"] in ("season", "year") for e in doc["entries"])
    assert not any(e["date"].startswith(("2025-06", "2025-09")) for e in doc["entries"])
    bad = run("timeline", "--all", "--from", "2025-13", "--db", db)
    assert bad.exit_code == 2 and "--from '2025-13': not a calendar date" in bad.stderr
    empty = run("timeline", "--all", "--until", "", "--db", db)  # an empty value is no period
    assert empty.exit_code == 2 and "--until '': expected YYYY, YYYY-MM or YYYY-MM-DD" in empty.stderr


def test_cli_quotes_of_a_period(tmp_path):
    db = tmp_path / "s.db"
    run("add", EXAMPLES, "--db", db)
    every = json.loads(run("quotes", "--speaker", "Morel", "--json", "--db", db).stdout)
    june = json.loads(run("quotes", "--speaker", "Morel", "--until", "2025-06", "--json", "--db", db).stdout)
    assert len(every) > len(june) > 0 and all(q["published"] <= "2025-06-30" for q in june)
    assert run("quotes", "--from", "2025-02-30", "--db", db).exit_code == 2


def test_cli_quotes_of_an_undated_report_are_in_no_period(tmp_path):
    db, report = tmp_path / "s.db", tmp_path / "undated.txt"
    report.write_text("The minister said that the dam would be closed. “We have no choice,” she added.",
                      encoding="utf-8")
    run("add", report, "--lang", "en", "--db", db)
    assert json.loads(run("quotes", "--json", "--db", db).stdout)  # listed without a period
    for option in (["--until", "2025-06"], ["--from", "2025-06"]):  # but in none: its date is unknown
        assert json.loads(run("quotes", *option, "--json", "--db", db).stdout) == []


def test_cli_claims_of_a_period(tmp_path):
    db = tmp_path / "s.db"
    run("add", EXAMPLES, "--db", db)
    every = json.loads(run("claims", "--all", "--json", "--db", db).stdout)
    june = json.loads(run("claims", "--all", "--until", "2025-06", "--json", "--db", db).stdout)
    assert 0 < len(june) < len(every)
    september_only = [g for g in every
                      if all(c["published"] >= "2025-09" and (c["time"] or "2025-09").startswith("2025-09")
                             for c in g["claims"])]
    assert september_only and not any(g in june for g in september_only)  # e.g. the flow of 4 September


def test_cli_extract_json_contract(tmp_path):
    text = tmp_path / "a.txt"
    text.write_text("Les missiles sont arrivés ce mois-ci en Ukraine, a indiqué Vedant Patel.", encoding="utf-8")
    doc = json.loads(run("extract", text, "--lang", "fr", "--published", "2024-04-24", "--json").stdout)
    assert doc["language"] == "fr" and doc["published"] == "2024-04-24"
    for kind in ("entities", "times", "quantities", "quotes", "events"):
        for rec in doc[kind]:
            span = rec.get("content") or rec.get("sentence") or rec
            assert doc["text"][span["start"]:span["end"]] == span["text"]


def test_cli_every_command_has_help_ending_with_an_example():
    for name, command in main.commands.items():
        with click.Context(command) as ctx:
            assert "Example:" in command.get_help(ctx), name


def test_cli_killed_mid_batch_leaves_a_consistent_store_and_rerun_completes(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(40):
        (folder / f"{i:03}.txt").write_text(
            f"Report {i}: the river flow at Lyon fell to {200 + i} cubic meters per second on June {1 + i % 28}, "
            f"the agency said, and {i * 1000} people face restrictions in department {i}.", encoding="utf-8")
    db = tmp_path / "s.db"
    exe = [str(Path(sys.executable).parent / "storyline")]
    proc = subprocess.Popen(exe + ["add", str(folder), "--db", str(db)], stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        if db.exists() and _count(db) >= 3:
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = _count(db)
    assert 3 <= stored < 40, "the kill must land mid-batch"
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # each stored article came with its extraction, in the same transaction
    missing = con.execute("SELECT COUNT(*) FROM articles WHERE id NOT IN (SELECT article_id FROM extractions)")
    assert missing.fetchone()[0] == 0
    con.close()
    rerun = subprocess.run(exe + ["add", str(folder), "--db", str(db)], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert _count(db) == 40
    assert f"{stored} exists" in rerun.stderr.splitlines()[-1]


def _count(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0


def test_cli_extract_json_follows_the_documented_schema(tmp_path):
    schema = json.loads((ROOT / "docs" / "extract.schema.json").read_text(encoding="utf-8"))
    text = tmp_path / "a.txt"
    text.write_text("Le 12 mars, Joe Biden a annoncé une aide d'un milliard de dollars, a indiqué Vedant Patel, "
                    "porte-parole du département d'État.", encoding="utf-8")
    doc = json.loads(run("extract", text, "--lang", "fr", "--published", "2024-04-24", "--json").stdout)
    assert set(schema["required"]) == set(doc)
    for kind in ("entities", "times", "quantities", "quotes", "events"):
        item = schema["properties"][kind]["items"]
        assert doc[kind], kind
        for rec in doc[kind]:
            assert set(item["required"]) <= set(rec), kind
            for field, spec in item["properties"].items():
                if "enum" in spec:
                    assert rec[field] in spec["enum"], (kind, field, rec[field])


def test_cli_quotes_list_speech_and_keep_stances_apart(tmp_path):
    src = tmp_path / "budget.jsonl"
    text = ("Governor Ann Roberts said on Monday that the school budget would be cut by ten percent. "
            "Senator Paul Grant believes that the cuts will hurt rural schools the most.")
    src.write_text(json.dumps({"text": text, "language": "en", "published": "2024-03-04"}) + "\n")
    db = tmp_path / "s.db"
    assert run("add", src, "--db", db).exit_code == 0
    said = json.loads(run("quotes", "--json", "--db", db).stdout)
    assert [(q["speaker_name"], q["kind"]) for q in said] == [("Ann Roberts", "indirect")]
    stances = json.loads(run("quotes", "--kind", "stance", "--json", "--db", db).stdout)
    assert [(q["speaker_name"], q["cue_lemma"]) for q in stances] == [("Paul Grant", "believe")]
    both = run("quotes", "--kind", "indirect", "--kind", "stance", "--db", db).stdout
    assert "Ann Roberts" in both and "Paul Grant" in both


def test_cli_runs_as_a_module_too():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "storyline", "--help"], capture_output=True, text=True, check=True)
    assert "stories" in out.stdout and "timeline" in out.stdout


def test_cli_reextract_refreshes_out_of_date_facts_and_keeps_stories(tmp_path):
    db = tmp_path / "s.db"
    run("add", EXAMPLES / "articles.jsonl", "--db", db)
    run("add", EXAMPLES / "feed.xml", "--db", db, "--no-extract")
    stories = run("stories", "--json", "--db", db).stdout
    with sqlite3.connect(db) as con:  # as if an older version had extracted the first article
        first = con.execute("SELECT article_id FROM extractions ORDER BY rowid LIMIT 1").fetchone()[0]
        con.execute("UPDATE extractions SET stages='[\"entities@0\"]' WHERE article_id=?", (first,))
        con.execute("DELETE FROM facts WHERE article_id=?", (first,))
    result = run("reextract", "--db", db)
    assert result.exit_code == 0 and "3 re-extracted" in result.stderr  # the old one + 2 never extracted
    shown = json.loads(run("show", first, "--json", "--db", db).stdout)
    from storyline.pipeline import stages

    assert shown["entities"] and shown["stages"] == list(stages())
    assert "0 re-extracted" in run("reextract", "--db", db).stderr  # nothing left to do
    assert run("stories", "--json", "--db", db).stdout == stories
