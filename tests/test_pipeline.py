"""Ingesting as a user does: batches with good and bad inputs, repeated adds, near-duplicates."""

import json

import pytest

from storyline.config import IngestOptions
from storyline.errors import InputError
from storyline.model import RawDocument
from storyline.pipeline import extract_text, ingest, normalise_published, to_article
from storyline.store.sqlite import SQLiteStore

FR = ("Les États-Unis ont fourni à l'Ukraine des missiles ATACMS ce mois-ci, a indiqué le porte-parole "
      "du département d'État, Vedant Patel. La décision avait été prise en février.")
EN = ("Water levels on the Rhône fell further in August, forcing France to shut down two reactors at the "
      "Bugey nuclear plant near Lyon, the operator said on Tuesday.")


@pytest.fixture
def store():
    with SQLiteStore(":memory:") as s:
        yield s


def _statuses(results):
    return [r.status for r in results]


def test_pipeline_to_article_detects_language_and_hashes_content():
    a = to_article(RawDocument("a.txt", FR))
    b = to_article(RawDocument("elsewhere.txt", "  " + FR.replace(" ", "  ") + "\n"))
    assert a.language == "fr" and a.language_score > 0.9
    assert a.id == b.id  # same canonical text, same id, whatever the layout


def test_pipeline_lang_option_overrides_detection():
    assert to_article(RawDocument("a.txt", FR), lang="en").language == "en"


def test_pipeline_rejects_empty_and_tiny_texts():
    with pytest.raises(InputError, match="empty"):
        to_article(RawDocument("a.txt", " \n\t "))
    with pytest.raises(InputError, match="too short"):
        to_article(RawDocument("a.txt", "Oui."))


def test_pipeline_a_text_longer_than_the_parser_reads_is_rejected_and_the_batch_goes_on(tmp_path, store, monkeypatch):
    import storyline.pipeline as pipeline

    monkeypatch.setattr(pipeline, "MAX_CHARS", 300)  # spaCy's 1,000,000 in use; small here to stay fast
    (tmp_path / "a.txt").write_text(FR * 3, encoding="utf-8")
    (tmp_path / "b.txt").write_text(EN, encoding="utf-8")
    results = list(ingest(store, [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], IngestOptions(extract=False)))
    assert _statuses(results) == ["rejected", "added"]
    assert results[0].reason.startswith("text too long (") and "split it" in results[0].reason


@pytest.mark.parametrize("given,expected", [
    ("2024-04-24", "2024-04-24"),
    ("2024-04-24T10:30:00+02:00", "2024-04-24T08:30:00Z"),
    ("Fri, 05 Sep 2025 07:00:00 GMT", "2025-09-05T07:00:00Z"),
])
def test_pipeline_publication_dates_are_utc_iso(given, expected):
    assert normalise_published(given) == expected


def test_pipeline_unreadable_date_is_an_input_error():
    with pytest.raises(InputError, match="publication date"):
        normalise_published("next tuesday-ish")


def test_pipeline_batch_goes_on_past_bad_inputs(tmp_path, store):
    (tmp_path / "good.txt").write_text(FR, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (tmp_path / "bad.json").write_text('{"text": "unterminated', encoding="utf-8")
    (tmp_path / "more.jsonl").write_text(json.dumps({"text": EN, "published": "2025-08-20"}) + "\n{oops\n",
                                         encoding="utf-8")
    results = list(ingest(store, [str(tmp_path), str(tmp_path / "missing.txt")], IngestOptions(extract=False)))
    by_status = {}
    for r in results:
        by_status.setdefault(r.status, []).append(r.origin)
    assert len(by_status["added"]) == 2
    assert len(by_status["rejected"]) == 5
    assert store.count() == 2
    assert len(store.rejections()) == 5
    assert all(r.reason for r in results if r.status == "rejected")


def test_pipeline_a_lone_surrogate_in_a_json_record_is_replaced_not_fatal(tmp_path, store):
    """``"\\ud800"`` is valid JSON but no character: it broke the language identifier, the
    sentence encoder and the id's UTF-8 hash, and with them the whole batch."""
    record = '{"text": "%s \\ud800 more", "title": "Bad \\udc00 title", "published": "2025-08-20"}' % EN
    (tmp_path / "a.jsonl").write_text(record + "\n" + json.dumps({"text": FR}) + "\n", encoding="utf-8")
    results = list(ingest(store, [str(tmp_path / "a.jsonl")], IngestOptions()))
    assert _statuses(results) == ["added", "added"]
    article = store.article(results[0].article_id)
    assert "\ufffd more" in article.text and article.title == "Bad \ufffd title"


def test_pipeline_adding_the_same_article_twice_is_a_no_op(tmp_path, store):
    (tmp_path / "a.txt").write_text(FR, encoding="utf-8")
    first = list(ingest(store, [str(tmp_path / "a.txt")], IngestOptions(extract=False)))
    again = list(ingest(store, [str(tmp_path / "a.txt")], IngestOptions(extract=False)))
    assert _statuses(first) == ["added"] and _statuses(again) == ["exists"]
    assert again[0].article_id == first[0].article_id and store.count() == 1


def test_pipeline_takes_documents_already_in_memory_beside_paths(tmp_path, store):
    (tmp_path / "a.txt").write_text(FR, encoding="utf-8")
    typed = RawDocument("web form", EN, title="Rhône")
    results = list(ingest(store, [typed, str(tmp_path / "a.txt"), typed], IngestOptions(extract=False)))
    assert _statuses(results) == ["added", "added", "exists"]
    assert [r.origin for r in results][0] == "web form" and store.count() == 2


def test_pipeline_near_duplicate_is_recorded_against_the_first(tmp_path, store):
    (tmp_path / "a.txt").write_text(EN + " " + FR, encoding="utf-8")
    syndicated = EN.replace("on Tuesday", "on Tuesday morning") + " " + FR + " (AFP)"
    (tmp_path / "b.txt").write_text(syndicated, encoding="utf-8")
    results = list(ingest(store, [str(tmp_path)], IngestOptions(extract=False)))
    assert _statuses(results) == ["added", "duplicate"]
    copy = store.article(results[1].article_id)
    assert copy.duplicate_of == results[0].article_id
    assert [a.id for a in store.articles(include_duplicates=False)] == [results[0].article_id]


def test_pipeline_options_fill_missing_metadata_only(tmp_path, store):
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": EN, "published": "2025-08-20", "source": "Wire"}) + "\n"
                                      + json.dumps({"text": FR}) + "\n", encoding="utf-8")
    opts = IngestOptions(published="2024-04-24", source="Desk", extract=False)
    ids = [r.article_id for r in ingest(store, [str(tmp_path / "a.jsonl")], opts)]
    a, b = (store.article(i) for i in ids)
    assert (a.published, a.source) == ("2025-08-20", "Wire")
    assert (b.published, b.source) == ("2024-04-24", "Desk")


def test_pipeline_extraction_is_stored_with_stage_versions(tmp_path, store):
    (tmp_path / "a.txt").write_text(FR, encoding="utf-8")
    [r] = list(ingest(store, [str(tmp_path / "a.txt")], IngestOptions(published="2024-04-24")))
    ex = store.extraction(r.article_id)
    assert ex is not None and ex.sentences
    assert {s.split("@")[0] for s in ex.stages} == {"entities", "identity", "times", "quantities", "quotes", "events"}
    assert all(m.entity_id for m in ex.entities)


def test_pipeline_an_extractor_that_fails_costs_neither_the_article_nor_the_batch(tmp_path, store, monkeypatch, caplog):
    """A bug an input triggers in one extractor: one line names the input, the article is stored
    with the other stages' facts, the batch goes on, and ``reextract`` counts it out of date."""
    from dataclasses import replace

    from storyline.extract import base
    from storyline.pipeline import reextract

    real = base._REGISTRY["quotes"]

    def broken(ctx):
        if "Patel" in ctx.article.text:
            raise ValueError("[E093] token.ent_iob values make invalid sequence: I without B\nDavid|B ...")
        return real.func(ctx)

    monkeypatch.setitem(base._REGISTRY, "quotes", replace(real, func=broken))
    (tmp_path / "a.txt").write_text(FR, encoding="utf-8")
    (tmp_path / "b.txt").write_text(EN, encoding="utf-8")
    paths = [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    results = list(ingest(store, paths, IngestOptions(published="2024-04-24")))
    assert _statuses(results) == ["added", "added"]
    [line] = [r.getMessage() for r in caplog.records if "failed" in r.getMessage()]
    assert line.startswith(paths[0]) and "quotes extraction failed (ValueError" in line and "\n" not in line
    ex = store.extraction(results[0].article_id)
    assert ex.entities and ex.times and not ex.quotes and not any(s.startswith("quotes@") for s in ex.stages)
    assert any(s.startswith("quotes@") for s in store.extraction(results[1].article_id).stages)
    monkeypatch.setitem(base._REGISTRY, "quotes", real)  # the bug fixed: reextract renews that article only
    assert [a.id for a in reextract(store)] == [results[0].article_id]
    assert store.extraction(results[0].article_id).quotes


def test_pipeline_articles_join_stories_as_they_arrive(tmp_path):
    from pathlib import Path

    examples = Path(__file__).resolve().parents[1] / "examples"
    with SQLiteStore(tmp_path / "s.db") as store:
        list(ingest(store, [str(examples)]))
        stories = store.stories()
        # the Rhône drought reports (fr and en, June to September) are one story; the tram is not
        drought = max(stories, key=lambda s: s["articles"])
        assert drought["articles"] == 4 and drought["languages"] == ["en", "fr"]
        assert len(stories) == 2
    with SQLiteStore(tmp_path / "s.db") as store:  # reopened: state checkpointed, nothing re-decided
        assert store.stories() == stories
        assert store.story_state()[0] == 5


def test_pipeline_story_corrections_persist_and_are_respected(tmp_path):
    from pathlib import Path

    from storyline.link.linker import StoryLinker

    examples = Path(__file__).resolve().parents[1] / "examples"
    with SQLiteStore(tmp_path / "s.db") as store:
        list(ingest(store, [str(examples / "feed.xml")]))
        a, b = (r["id"] for r in store.stories())
        StoryLinker(store, embedder=None).merge(a, b)
        assert len(store.stories()) == 1
        assert store.corrections()[0][0] == "merge"
    with SQLiteStore(tmp_path / "s.db") as store:
        linker = StoryLinker(store, embedder=None)
        assert len(set(linker.index.assignments().values())) == 1
        assert linker.index.pinned  # merged members stay together on later replays


def test_pipeline_parallel_extraction_on_dask_gives_the_same_store(tmp_path):
    """Extraction on Dask workers, linking and storing in input order here: same store as serial,
    with a bad input and a repeated report in the middle of the batch."""
    from pathlib import Path

    from storyline.cluster import dask_executor
    from storyline.present.jsonout import to_plain

    examples = Path(__file__).resolve().parents[1] / "examples"
    (tmp_path / "bad.json").write_text("{not json")
    inputs = [str(examples / "articles.jsonl"), str(tmp_path / "bad.json"), str(examples / "feed.xml"),
              str(examples / "articles.jsonl"), str(examples / "rhone-pluies-septembre.html")]

    def snapshot(store):
        arts = store.articles()
        return ([(a.id, a.duplicate_of) for a in arts], [to_plain(store.extraction(a.id)) for a in arts],
                sorted((s["articles"], s["languages"]) for s in store.stories()))

    with SQLiteStore(tmp_path / "serial.db") as store:
        serial = [(r.origin, r.status) for r in ingest(store, inputs)]
        expected = snapshot(store)
    with SQLiteStore(tmp_path / "dask.db") as store, dask_executor(2, processes=False) as client:
        parallel = [(r.origin, r.status) for r in ingest(store, inputs, executor=client, window=2)]
        assert snapshot(store) == expected
    assert parallel == serial  # same results, same order
    assert [s for _, s in serial].count("exists") == 2 and [s for _, s in serial].count("rejected") == 1


def test_reextract_on_an_executor_stores_what_a_serial_run_stores(tmp_path):
    """Extraction ahead on an executor (a window of 1), stored in order: the facts are those of
    a serial run, and stopping half way leaves every article either old or new."""
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    from storyline.pipeline import reextract
    from storyline.present.jsonout import to_plain

    examples = Path(__file__).resolve().parents[1] / "examples"
    with SQLiteStore(tmp_path / "s.db") as store:
        list(ingest(store, [str(examples / "articles.jsonl")], IngestOptions(extract=False)))
        ids = [a.id for a in store.articles()]
        with ThreadPoolExecutor(2) as pool:
            run = reextract(store, executor=pool, window=1)
            first = next(run)
            run.close()  # interrupted: the first is stored, the rest still waits
            assert set(store.extraction_stages()) == {first.id}
            assert [a.id for a in reextract(store, executor=pool, window=1)] == [i for i in ids if i != first.id]
        parallel = [to_plain(store.extraction(i)) for i in ids]
        assert [a.id for a in reextract(store, everything=True)] == ids
        assert [to_plain(store.extraction(i)) for i in ids] == parallel


def test_a_rate_inside_a_figure_is_not_a_time():
    _, ex = extract_text("The river carried 240 cubic meters per second last week.", lang="en",
                         published="2025-08-20")
    assert [(q.text, q.unit) for q in ex.quantities] == [("240 cubic meters per second", "m3/s")]
    assert [(t.text, t.value) for t in ex.times] == [("last week", "2025-W33")]


def test_pipeline_a_speaker_described_by_a_name_is_an_organisation_not_a_person():
    # the head noun decides: `water agency` is lower case, so the speaker is an organisation;
    # a role head (`press secretary`) is an unnamed person and gets no id at all
    text = ("The river flow dropped to 240 cubic meters per second, according to the Rhône-Méditerranée "
            "water agency. The cuts will last, the White House press secretary said on Tuesday.")
    _, ex = extract_text(text, lang="en", published="2025-08-20")
    ids = {q.speaker.text: q.speaker_entity for q in ex.quotes if q.speaker}
    assert ids["the Rhône-Méditerranée water agency"].startswith("org:")
    assert ids["the White House press secretary"] == ""


def test_speaker_label_an_article_makes_an_institution_but_not_of_a_name_or_a_titled_person():
    """Session 9 (identity@4): an article before a capitalised head names an institution
    (la Commission européenne, the Kremlin). A surname with its particle (Le Pen, De Wever, La
    Fontaine) and a role before a name (the French President Emmanuel Macron, le Président
    Macron) are still people, as they were before that rule."""
    from storyline.pipeline import _speaker_label

    assert [_speaker_label(s, "fr") for s in ("la Commission européenne", "le Kremlin", "Le Pen", "De Wever",
                                              "La Fontaine", "le Président Macron")] == [
        "ORG", "ORG", "PER", "PER", "PER", "PER"]
    assert [_speaker_label(s, "en") for s in ("the Kremlin", "the President", "the French President Emmanuel Macron",
                                              "the US President Joe Biden")] == ["ORG", None, "PER", "PER"]


def test_pipeline_a_french_role_noun_before_a_name_keeps_the_person():
    # head-first languages: `ministre` is the head of `le ministre Dupont`, but the name in
    # apposition makes it a named person (as `President Trump` is), not an unnamed role
    text = "Le projet avance. « Rien ne changera », a affirmé le ministre Dupont devant les députés."
    _, ex = extract_text(text, lang="fr", published="2025-08-20")
    assert [(q.speaker_name, q.speaker_entity) for q in ex.quotes] == [("ministre Dupont", "per:dupont")]


def test_pipeline_a_speaker_cut_by_the_parse_takes_the_whole_name():
    # the model cuts "Ursula von der" + "Leyen" (a place); the entity extractor mends the name and
    # the quote's speaker shows it, with the one id of every mention of her
    _, ex = extract_text("Ursula von der Leyen spoke first; von der Leyen said Europe was ready.",
                         lang="en", published="2024-04-24")
    (quote,) = [q for q in ex.quotes if q.cue_lemma == "say"]
    assert quote.speaker_name == "Ursula von der Leyen"
    assert quote.speaker_entity == next(e.entity_id for e in ex.entities if e.text == "Ursula von der Leyen")
