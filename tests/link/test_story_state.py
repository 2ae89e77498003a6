"""A story's publication span after members leave it, and saved states from other versions.

Regressions (session 10): a story kept the first / last publication day of articles that had moved
out of it (by ``move``, the end-of-batch passes or a merge's source emptied), so its span, which
the hold rule and ``max_gap_days`` read, could only widen; and a saved state carrying a setting
this version does not know could not be loaded at all (``TypeError`` from ``Params``).
"""

from __future__ import annotations

import json
import logging

import pytest

from storyline.errors import StoreError
from storyline.link import story_index as story_index_module
from storyline.link.story_index import Params, StoryIndex
from storyline.link.story_profile import Profile

from .test_reassign import DAY, _budget


def _story(days: list[int]) -> tuple[StoryIndex, list[Profile], str]:
    """One story of budget reports published on these days (all pinned there by ``move``)."""
    idx = StoryIndex(Params())
    profiles = [Profile(f"a{i}", "en", DAY + d, _budget(i).entities, _budget(i).terms,
                        vector=_budget(i).vector, head=_budget(i).head) for i, d in enumerate(days)]
    sid = idx.move(profiles[0])
    for p in profiles[1:]:
        idx.move(p, sid)
    return idx, profiles, sid


def test_story_span_shrinks_when_its_last_or_first_member_moves_out():
    idx, profiles, sid = _story([0, 3, 3, 200])
    story = idx.stories[sid]
    assert (story.first, story.last) == (DAY, DAY + 200)
    idx.move(profiles[3])  # the late report leaves
    assert (story.first, story.last) == (DAY, DAY + 3)
    assert story.gap(DAY + 190) == 187  # the hold rule now reads the span of the members it has
    idx.move(profiles[0])
    assert (story.first, story.last) == (DAY + 3, DAY + 3)
    idx.move(profiles[1])  # one of two members of that day: the span stays
    assert (story.first, story.last) == (DAY + 3, DAY + 3)


def test_story_span_survives_a_saved_state_and_a_merge():
    idx, profiles, sid = _story([0, 5, 9])
    late = Profile("b", "en", DAY + 40, _budget(9).entities, _budget(9).terms)
    other = idx.move(late)
    again = StoryIndex.from_dict(json.loads(json.dumps(idx.to_dict())))
    again.merge(sid, other)
    assert (again.stories[sid].first, again.stories[sid].last) == (DAY, DAY + 40)
    again.move(late)  # out again, into a story of its own
    assert (again.stories[sid].first, again.stories[sid].last) == (DAY, DAY + 9)


def test_story_span_of_a_state_saved_without_days_is_kept_as_saved():
    idx, profiles, sid = _story([0, 200])
    state = idx.to_dict()
    for s in state["stories"]:
        del s["days"]  # as saved before session 10
    old = StoryIndex.from_dict(state)
    old.move(profiles[1])
    assert (old.stories[sid].first, old.stories[sid].last) == (DAY, DAY + 200)  # unknown: not guessed


def test_state_with_a_setting_this_version_does_not_know_loads_and_says_so(caplog: pytest.LogCaptureFixture):
    idx, _, sid = _story([0, 1])
    state = idx.to_dict()
    state["params"]["a_newer_setting"] = 3
    with caplog.at_level(logging.WARNING, logger="storyline.link.story_index"):
        again = StoryIndex.from_dict(state)
    assert again.assignments() == idx.assignments() and again.params == idx.params
    assert "a_newer_setting" in caplog.text


def test_state_of_a_newer_version_fails_with_a_clear_message():
    state = StoryIndex().to_dict()
    state["version"] = story_index_module.STATE_VERSION + 1
    with pytest.raises(StoreError, match=r"newer storyline.*version"):
        StoryIndex.from_dict(state)
