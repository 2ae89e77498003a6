"""``storyline stories`` rows: a report held apart by deciding late is listed as tentative."""

from __future__ import annotations

from storyline.present.views import story_rows
from storyline.store.sqlite import SQLiteStore

from tests.link.test_late import _add, _alice_story, _bob, _linker, _other, fake_profiles  # noqa: F401


def test_a_held_report_is_listed_as_tentative_until_it_is_settled(fake_profiles):  # noqa: F811
    store = SQLiteStore(":memory:")
    linker = _linker(store, window=10)
    for p in _alice_story():
        _add(store, linker, p, fake_profiles)
    held = _add(store, linker, _bob(), fake_profiles)
    linker.checkpoint()  # the end of a `storyline add` batch shorter than the window: no settling
    rows = {r["id"]: r for r in story_rows(store)}
    assert rows[held]["tentative"] and rows[held]["article_count"] == 1
    assert not rows[store.story_of("a0")]["tentative"]
    for i in range(10):
        _add(store, linker, _other(i), fake_profiles)
    linker.checkpoint()
    assert not any(r["tentative"] for r in story_rows(store))


def test_a_story_is_titled_by_its_first_dated_report_not_an_undated_one():
    # undated reports sort first among a story's members; a pasted text must not retitle the story
    from storyline.model import Article
    from storyline.present.views import _lead_title

    pasted = Article("p", "Le Rhône a retrouvé un débit normal.", "paste.txt", title=None)
    first = Article("a", "...", "a.txt", title="Sécheresse : le Rhône au plus bas", published="2025-06-12")
    later = Article("b", "...", "b.txt", title="Rains return", published="2025-09-04")
    assert _lead_title([pasted, first, later]) == "Sécheresse : le Rhône au plus bas"
