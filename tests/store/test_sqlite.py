import sqlite3

import pytest
from hypothesis import given, settings, strategies as st

from storyline.errors import NotFound
from storyline.model import (Article, EntityMention, Event, Extraction, Quantity, Quote, Rejection,
                             Sentence, Span, TimeMention)
from storyline.store.sqlite import SQLiteStore

TEXT = "Joe Biden a annoncé le 12 mars une aide d'un milliard de dollars, a dit Vedant Patel."


def _article(text: str = TEXT, **kw) -> Article:
    from storyline.pipeline import article_id

    return Article(id=article_id(text), text=text, origin="t.txt", language="fr", published="2024-04-24", **kw)


def _extraction(a: Article) -> Extraction:
    return Extraction(
        article_id=a.id,
        sentences=(Sentence(0, len(a.text)),),
        entities=(EntityMention(a.id, 0, 9, "Joe Biden", "PER", "Joe Biden", "per:joe-biden", "entities@1"),),
        times=(TimeMention(a.id, 20, 29, "le 12 mars", "DATE", "2024-03-12", "day", True, "times@1"),),
        quantities=(Quantity(a.id, 37, 63, "d'un milliard de dollars", 1e9, "USD", stage="quantities@1"),),
        quotes=(Quote(a.id, Span(0, 63, a.text[:63]), "indirect", Span(72, 84, "Vedant Patel"), "Vedant Patel",
                      cue=Span(67, 70, "dit"), cue_lemma="dire", stage="quotes@1"),),
        events=(Event(a.id, Span(0, 10, a.text[:10]), Span(12, 19, "annoncé"), "annoncer", "2024-03-12", "day",
                      "text", actors=("Joe Biden",), stage="events@1"),),
        stages=("entities@1", "times@1"),
    )


def test_sqlite_round_trips_article_and_facts(tmp_path):
    a = _article(title="Aide", url="https://example.org/a")
    ex = _extraction(a)
    with SQLiteStore(tmp_path / "s.db") as store:
        assert store.add_article(a, [(0, 42)], ex) is True
    with SQLiteStore(tmp_path / "s.db") as store:  # reopened: nothing lost
        assert store.article(a.id) == a
        assert store.extraction(a.id) == ex
        assert store.facts("times", key="2024-03-12") == list(ex.times)
        assert store.facts("quotes", key="Vedant Patel") == list(ex.quotes)


def test_sqlite_adding_twice_is_a_no_op(tmp_path):
    a = _article()
    with SQLiteStore(tmp_path / "s.db") as store:
        assert store.add_article(a, [], None)
        assert not store.add_article(a, [], None)
        assert store.count() == 1


def test_sqlite_id_prefix_lookup_and_not_found():
    a = _article()
    with SQLiteStore(":memory:") as store:
        store.add_article(a, [], None)
        assert store.article(a.id[:6]).id == a.id
        with pytest.raises(NotFound):
            store.article("ffffffff")


def test_sqlite_full_text_search_and_near_duplicate_candidates():
    a, b = _article(), _article("Un tout autre article sur la sécheresse du Rhône en juin.")
    with SQLiteStore(":memory:") as store:
        store.add_article(a, [(1, 7)], None)
        store.add_article(b, [(1, 8)], None)
        assert [x.id for x in store.search("milliard")] == [a.id]
        assert [x.id for x in store.near_duplicate_candidates([(1, 8), (2, 7)])] == [b.id]


def test_sqlite_rejections_are_stored_with_reason():
    with SQLiteStore(":memory:") as store:
        store.add_rejection(Rejection("bad.json", "malformed JSON (line 1)"))
        assert store.rejections() == [Rejection("bad.json", "malformed JSON (line 1)")]


def test_sqlite_schema_is_migrated_and_uses_wal(tmp_path):
    with SQLiteStore(tmp_path / "s.db") as store:
        assert store.schema_version >= 1
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_sqlite_a_failed_write_leaves_nothing_behind(tmp_path):
    a = _article()
    bad = Extraction(article_id="not-an-article", entities=_extraction(a).entities)
    with SQLiteStore(tmp_path / "s.db") as store:
        with pytest.raises(sqlite3.IntegrityError):
            store.add_article(a, [(0, 1)], bad)  # facts point to a missing article: FK error
        assert store.count() == 0
        assert store.db.execute("SELECT COUNT(*) FROM minhash_bands").fetchone()[0] == 0


@settings(max_examples=30, deadline=None)
@given(st.text(min_size=1, max_size=200), st.none() | st.text(max_size=40))
def test_sqlite_round_trips_arbitrary_text(text, title):
    a = _article(text, title=title)
    with SQLiteStore(":memory:") as store:
        store.add_article(a, [], None)
        assert store.article(a.id) == a


def test_sqlite_store_implements_every_method_of_the_store_protocol():
    """store/base.py is what a second store (PostgreSQL) would implement: keep it in step with SQLite."""
    import inspect

    from storyline.store.base import Store
    from storyline.store.sqlite import SQLiteStore

    wanted = [n for n, f in vars(Store).items() if inspect.isfunction(f) and not n.startswith("_")]
    assert len(wanted) >= 20
    for name in wanted:
        assert hasattr(SQLiteStore, name), name
        ours = inspect.signature(getattr(SQLiteStore, name)).parameters
        theirs = inspect.signature(getattr(Store, name)).parameters
        assert list(ours) == list(theirs), name
