"""Small fragments folded into their story at the end of a batch (``StoryIndex.dissolve_fragments``).

An invented scene: two reports on the Commission's farm policy open a story of their own before
and after the Brussels budget story they belong with forms; each alone would join that story as
a new report, but together they score higher with each other than with it.
"""

from __future__ import annotations

import pytest

from storyline.link.story_index import Params, StoryIndex, cluster
from storyline.link.story_profile import Profile
from storyline.store.sqlite import SQLiteStore

from .test_reassign import DAY, _batch, _budget, _early, _seeded, _stored, _stranger, _vec


def _early_again() -> Profile:
    """The farm policy once more, after the budget story has formed."""
    return Profile("early2", "en", DAY + 6, {"org:commission": 1.0, "loc:paris": 2.0}, {"term:farm": 2.0},
                   vector=_vec(1, 98, 1.0), head=_vec(1, 198, 1.0))


def _scene() -> list[Profile]:
    return [_early(), _stranger()] + [_budget(i) for i in range(5)] + [_early_again()]


def _settled(params: Params) -> StoryIndex:
    idx = StoryIndex(params)
    for p in _scene():
        idx.add(p)
    idx.settle_all()
    idx.reassign(_scene())
    return idx


def test_fragment_joins_the_story_its_members_reach_as_new_reports():
    idx = _settled(Params())
    assert idx.article_story["early"] == idx.article_story["early2"] != idx.article_story["a0"]
    moved = idx.dissolve_fragments(_scene())
    assert moved == {"early": idx.article_story["a0"], "early2": idx.article_story["a0"]}
    assert idx.stories[idx.article_story["a0"]].members[-2:] == ["early", "early2"]
    assert "story:early" not in idx.stories  # the emptied fragment is gone
    assert idx.article_story["x"] != idx.article_story["a0"]  # the unrelated report stays apart


def test_fragment_pass_is_part_of_batch_clustering_and_can_be_turned_off():
    on, off = cluster(_scene()), cluster(_scene(), Params(fragment_size=0))
    assert on.article_story["early"] == on.article_story["a0"]
    assert off.article_story["early"] != off.article_story["a0"]


def test_fragment_with_a_pinned_member_or_a_member_of_another_batch_stays():
    idx = _settled(Params())
    idx.pinned["early"] = idx.article_story["early"]
    assert idx.dissolve_fragments(_scene()) == {}
    idx = _settled(Params())
    assert idx.dissolve_fragments([p for p in _scene() if p.article_id != "early"]) == {}


def test_fragment_larger_than_the_size_or_with_too_few_votes_stays():
    assert _settled(Params(fragment_size=1)).dissolve_fragments(_scene()) == {}
    assert _settled(Params(fragment_offset=-3.0)).dissolve_fragments(_scene()) == {}


def test_fragment_moves_are_written_to_the_store_at_the_end_of_the_batch(monkeypatch: pytest.MonkeyPatch):
    store = SQLiteStore(":memory:")
    linker = _seeded(store, window=5)
    _batch(store, linker, _scene(), monkeypatch)
    assert store.story_of("early") == store.story_of("early2") != store.story_of("a0")
    linker.checkpoint()  # end of the batch (8 articles >= window 5)
    assert store.story_of("early") == store.story_of("early2") == store.story_of("a0")
    assert _stored(store) == linker.index.assignments()
