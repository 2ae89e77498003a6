"""Re-assignment at the end of a batch (``StoryIndex.reassign``, ``StoryLinker.checkpoint``).

Two invented scenes. A report on the Commission's farm policy arrives before the Brussels budget
story it belongs with has formed and starts a story of its own; the budget reports that follow
form a story without it. And a report mostly about the Paris farmers' protest arrives while only
the Brussels budget story exists, joins it, and the farmers' story forms later, larger.

The farmers' story names its leader (``per:carol``) in every report and the mixed report does not
name her: the (b10) guard ``reassign_named`` (a report placed elsewhere enters one person's
storyline only when it names that person) would keep it out. The scenes test the pass itself with
that guard off (``NO_GUARD``); the guard has its own test below.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

import numpy as np
import pytest

from storyline.link import linker as linker_module
from storyline.link import story_index as story_index_module
from storyline.link.linker import StoryLinker
from storyline.link.story_index import Params, StoryIndex, cluster
from storyline.link.story_profile import Profile
from storyline.model import Article
from storyline.store.sqlite import SQLiteStore

from .test_late import _fail_first_save, _stored

DAY = 739000


def _vec(seed: int, noise: int, weight: float) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=512) + weight * np.random.default_rng(noise).normal(size=512)
    return (v / np.linalg.norm(v)).astype(np.float32)


def _budget(i: int) -> Profile:
    """A report on the Commission's budget in Brussels."""
    return Profile(f"a{i}", "en", DAY + i, {"loc:brussels": 1.5, "org:commission": 1.5, "per:alice": 2.0},
                   {"term:budge": 2.0, "term:commi": 1.5, "term:bruss": 1.0},
                   vector=_vec(1, 100 + i, 0.4), head=_vec(1, 200 + i, 0.4))


def _early() -> Profile:
    """The Commission's farm policy, worded apart from the budget reports (first of the stream)."""
    return Profile("early", "en", DAY, {"org:commission": 1.0, "loc:paris": 2.0}, {"term:farm": 2.0},
                   vector=_vec(1, 99, 1.0), head=_vec(1, 199, 1.0))


def _farm(i: int) -> Profile:
    """A report on the farmers' protest in Paris."""
    return Profile(f"f{i}", "en", DAY + 6 + i, {"loc:paris": 1.5, "org:farmers-union": 1.5, "per:carol": 2.0},
                   {"term:farm": 2.0, "term:tract": 1.5, "term:paris": 1.0},
                   vector=_vec(7, 300 + i, 0.4), head=_vec(7, 400 + i, 0.4))


def _mostly_farm() -> Profile:
    """Mostly the farmers' protest, with the budget in the background."""
    v = 0.6 * _vec(1, 500, 0.4) + 0.4 * _vec(7, 501, 0.4)
    v = (v / np.linalg.norm(v)).astype(np.float32)
    return Profile("mix", "en", DAY + 5, {"loc:brussels": 1.0, "org:commission": 1.0, "loc:paris": 1.5,
                                          "org:farmers-union": 1.5},
                   {"term:budge": 1.0, "term:farm": 2.0, "term:tract": 1.5}, vector=v, head=v)


NO_GUARD = {"reassign_named": False}  # see the module's docstring


def _stranger() -> Profile:
    return Profile("x", "en", DAY + 2, {"per:x": 1.0, "loc:lima": 1.0}, {"term:x": 1.0},
                   vector=_vec(50, 0, 0.0), head=_vec(60, 0, 0.0))


def _online(profiles: list[Profile]) -> StoryIndex:
    idx = StoryIndex(Params(reassign_margin=None, **NO_GUARD))
    for p in profiles:
        idx.add(p)
    idx.settle_all()
    return idx


def _first_scene() -> list[Profile]:
    return [_early(), _stranger()] + [_budget(i) for i in range(5)]


def _second_scene() -> list[Profile]:
    return [_budget(i) for i in range(3)] + [_mostly_farm()] + [_farm(i) for i in range(6)]


def test_reassign_a_report_left_alone_joins_the_story_that_formed_after_it():
    profiles = _first_scene()
    idx = _online(profiles)
    budget = idx.article_story["a0"]
    assert idx.article_story["early"] != budget  # online: alone, the budget story did not exist yet
    moved = idx.reassign(profiles, margin=1.0)
    assert moved == {"early": budget} and idx.article_story["early"] == budget
    assert idx.article_story["x"] != budget  # the unrelated report stays alone
    assert "story:early" not in idx.stories  # the emptied story is gone, from the postings too
    assert all("story:early" not in post for post in idx.postings.values())
    assert idx.take_moves() == {"early": budget}


def test_reassign_an_early_wrong_join_moves_to_the_larger_story_formed_later():
    profiles = _second_scene()
    idx = _online(profiles)
    budget, farm = idx.article_story["a0"], idx.article_story["f0"]
    assert idx.article_story["mix"] == budget != farm  # online it joined the only story there was
    assert idx.reassign(profiles, margin=1.0) == {"mix": farm}
    assert idx.article_story["mix"] == farm and idx.stories[budget].members == ["a0", "a1", "a2"]
    # the budget story's aggregate is what its remaining members give
    assert idx.stories[budget].entity_docs == _online(profiles[:3]).stories[budget].entity_docs


def test_reassign_into_a_focused_story_only_for_an_article_that_names_its_subject():
    # The farm story is one person's storyline (per:carol in every member): a report placed in
    # another story that does not name her does not move into it ((b10), ``reassign_named``).
    profiles = _second_scene()
    idx = _online(profiles)
    idx.params.reassign_named = True  # the default
    budget, farm = idx.article_story["a0"], idx.article_story["f0"]
    assert idx.article_story["mix"] == budget != farm
    assert idx._focus(idx.stories[farm]) == 1.0 and idx._defining(idx.stories[farm]) == "per:carol"
    assert idx.reassign(profiles, margin=1.0) == {}
    assert Params().reassign_named
    idx.params.reassign_named = False  # (b6)-(b9) behaviour: it moves
    assert idx.reassign(profiles, margin=1.0) == {"mix": farm}


def test_reassign_is_part_of_batch_clustering_and_can_be_turned_off():
    on = cluster(_second_scene(), Params(**NO_GUARD))
    assert on.article_story["mix"] == on.article_story["f0"]
    off = cluster(_second_scene(), Params(reassign_margin=None, **NO_GUARD))
    assert off.article_story["mix"] == off.article_story["a0"]


def test_reassign_a_large_margin_or_a_smaller_story_leave_it_where_it_is():
    profiles = _second_scene()
    assert _online(profiles).reassign(profiles, margin=50.0) == {}
    small = [_budget(i) for i in range(3)] + [_mostly_farm()] + [_farm(i) for i in range(2)]
    idx = _online(small)
    assert idx.article_story["mix"] == idx.article_story["a0"]
    assert idx.reassign(small, margin=0.0) == {}  # the farm story (2) is smaller than its own (4)
    idx.params.reassign_down = "any"
    assert idx.reassign(small, margin=0.0) == {"mix": idx.article_story["f0"]}


def test_reassign_never_moves_a_pinned_article():
    profiles = _second_scene()
    idx = _online(profiles)
    budget = idx.article_story["a0"]
    idx.move(_mostly_farm(), budget)  # the user put it there
    assert idx.reassign(profiles, margin=1.0) == {} and idx.article_story["mix"] == budget
    alone = _online(_first_scene())
    here = alone.move(_early())  # pinned alone in a new story
    assert alone.reassign(_first_scene(), margin=1.0) == {} and alone.article_story["early"] == here


def test_reassign_costs_one_candidate_scoring_per_article(monkeypatch: pytest.MonkeyPatch):
    profiles = _second_scene()
    idx = _online(profiles)
    calls = []
    real = story_index_module.link_features
    monkeypatch.setattr(story_index_module, "link_features", lambda *a: calls.append(1) or real(*a))
    idx.reassign(profiles, margin=1.0)
    # per article: its own story without it, plus at most ``max_candidates`` others
    assert len(calls) <= len(profiles) * (1 + idx.params.max_candidates)
    assert len(calls) <= len(profiles) * (1 + len(idx.stories))


def test_reassign_settings_survive_a_saved_state_and_old_states_get_the_default():
    idx = StoryIndex(Params(reassign_margin=2.0, reassign_rounds=2))
    again = StoryIndex.from_dict(json.loads(json.dumps(idx.to_dict())))
    assert again.params.reassign_margin == 2.0 and again.params.reassign_rounds == 2
    old = idx.to_dict()
    for key in ("reassign_margin", "reassign_rounds", "reassign_alone", "reassign_down"):
        del old["params"][key]
    assert StoryIndex.from_dict(old).params.reassign_margin == Params().reassign_margin


# --- through the store --------------------------------------------------------------------------


def _batch(store: SQLiteStore, linker: StoryLinker, profiles: list[Profile],
           monkeypatch: pytest.MonkeyPatch) -> None:
    table = {p.article_id: p for p in profiles}
    monkeypatch.setattr(linker_module, "build_profile", lambda article, extraction, embedder=None: table[article.id])
    for p in profiles:
        article = Article(id=p.article_id, text=p.article_id, origin=p.article_id, language="en")
        sid, data = linker.assign(article, None)  # type: ignore[arg-type]
        store.add_article(article, [], None, profile=data, story_id=sid)
        linker.after_store()


def _seeded(store: SQLiteStore, window: int) -> StoryLinker:
    linker = StoryLinker(store, embedder=None)
    linker.index = StoryIndex(Params(hold_window=window, **NO_GUARD))
    linker.checkpoint()
    return linker


def test_reassign_a_batch_writes_its_moves_to_the_store_at_its_end(monkeypatch: pytest.MonkeyPatch):
    store = SQLiteStore(":memory:")
    linker = _seeded(store, window=5)
    _batch(store, linker, _second_scene(), monkeypatch)
    assert store.story_of("mix") == store.story_of("a0")  # as decided online
    linker.checkpoint()  # end of the batch (10 articles >= window 5)
    assert store.story_of("mix") == store.story_of("f0") != store.story_of("a0")
    assert _stored(store) == linker.index.assignments()
    again = StoryLinker(store, embedder=None)  # reopened: the state agrees with the store
    assert again.index.assignments() == _stored(store)
    assert again.index.stories[store.story_of("a0")].members == ["a0", "a1", "a2"]


def test_reassign_a_small_batch_is_not_reassigned(monkeypatch: pytest.MonkeyPatch):
    store = SQLiteStore(":memory:")
    linker = _seeded(store, window=40)
    _batch(store, linker, _second_scene(), monkeypatch)
    linker.checkpoint()  # 10 articles < window 40: nothing is re-decided
    assert store.story_of("mix") == store.story_of("a0")


def test_reassign_an_interrupted_save_loses_no_move(monkeypatch: pytest.MonkeyPatch):
    store = SQLiteStore(":memory:")
    linker = _seeded(store, window=5)
    _batch(store, linker, _second_scene(), monkeypatch)
    _fail_first_save(store)
    with pytest.raises(sqlite3.OperationalError):
        linker.checkpoint()
    assert store.story_of("mix") == store.story_of("a0")  # nothing written yet
    linker.checkpoint()  # the next save writes the move the pass made
    assert store.story_of("mix") == store.story_of("f0") and _stored(store) == linker.index.assignments()


def test_reassign_runs_at_the_end_even_when_the_last_add_just_checkpointed(monkeypatch: pytest.MonkeyPatch):
    """``pipeline.ingest`` calls ``checkpoint`` only when ``linker.pending``: the pass must count."""
    store = SQLiteStore(":memory:")
    linker = _seeded(store, window=5)
    _batch(store, linker, _second_scene(), monkeypatch)
    linker._save_state()  # as the every-CHECKPOINT_EVERY save after the batch's last add
    assert linker.pending == len(_second_scene())
    linker.checkpoint()
    assert store.story_of("mix") == store.story_of("f0") and linker.pending == 0


# --- review (session 9): regressions ------------------------------------------------------------


def _batch_with_copies(store: SQLiteStore, linker: StoryLinker, profiles: list[Profile],
                       copies: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Like ``_batch``; ``copies`` (copy id -> original id) are added as syndicated copies."""
    table = {p.article_id: p for p in profiles}
    monkeypatch.setattr(linker_module, "build_profile", lambda article, extraction, embedder=None: table[article.id])
    for p in profiles:
        article = Article(id=p.article_id, text=p.article_id, origin=p.article_id, language="en",
                          duplicate_of=copies.get(p.article_id))
        sid, data = linker.assign(article, None)  # type: ignore[arg-type]
        store.add_article(article, [], None, profile=data, story_id=sid)
        linker.after_store()


def _copy_of(p: Profile, article_id: str) -> Profile:
    return replace(p, article_id=article_id)


def test_reassign_never_moves_a_copy_away_from_its_original(monkeypatch: pytest.MonkeyPatch):
    """The original came in an earlier batch (it is not re-decided); its copy must stay with it."""
    store = SQLiteStore(":memory:")
    linker = _seeded(store, window=5)
    _batch_with_copies(store, linker, [_budget(i) for i in range(12)] + [_mostly_farm()], {}, monkeypatch)
    linker.checkpoint()
    assert store.story_of("mix") == store.story_of("a0")  # no farm story yet: it stays
    linker = StoryLinker(store, embedder=None)  # the next ``storyline add``
    _batch_with_copies(store, linker, [_farm(i) for i in range(14)] + [_copy_of(_mostly_farm(), "mix2")],
                       {"mix2": "mix"}, monkeypatch)
    assert store.story_of("mix2") == store.story_of("mix")  # placed with its original
    linker.checkpoint()
    assert store.story_of("mix2") == store.story_of("mix")
    assert _stored(store) == linker.index.assignments()


def test_reassign_a_copy_does_not_hold_its_original_back(monkeypatch: pytest.MonkeyPatch):
    """Scored without itself but with its copy, the original would always find its own story best."""
    store = SQLiteStore(":memory:")
    linker = _seeded(store, window=5)
    profiles = ([_budget(i) for i in range(10)] + [_mostly_farm(), _copy_of(_mostly_farm(), "mix2")]
                + [_farm(i) for i in range(16)])
    _batch_with_copies(store, linker, profiles, {"mix2": "mix"}, monkeypatch)
    assert store.story_of("mix") == store.story_of("mix2") == store.story_of("a0") != store.story_of("f0")
    linker.checkpoint()  # without the copy, "mix" moves to the farm story (16 >= 12)
    assert store.story_of("mix") == store.story_of("mix2") == store.story_of("f0")
    assert _stored(store) == linker.index.assignments()


def test_reassign_respects_max_gap_days():
    """Online, a story further than ``max_gap_days`` is never joined; the pass must not either."""
    far = [replace(_budget(i), published=DAY + 100 + i) for i in range(5)]
    profiles = [_early(), _stranger()] + far
    assert _online(profiles).reassign(profiles, margin=1.0) == {"early": "story:a0"}  # no limit
    idx = StoryIndex(Params(reassign_margin=None, max_gap_days=30))
    for p in profiles:
        idx.add(p)
    assert idx.article_story["early"] == "story:early"
    assert idx.reassign(profiles, margin=1.0) == {}


def test_reassign_read_in_chunks_leaves_no_posting_to_an_emptied_story(monkeypatch: pytest.MonkeyPatch):
    """The linker reads the batch's profiles ``REASSIGN_CHUNK`` at a time: a story whose members
    leave in different chunks must lose the postings of all of them, not only of the last."""
    store = SQLiteStore(":memory:")
    linker = _seeded(store, window=5)
    monkeypatch.setattr(linker_module, "REASSIGN_CHUNK", 1)
    late_budget = replace(_budget(9), published=DAY + 5)
    profiles = [_budget(i) for i in range(3)] + [_farm(i) for i in range(6)] + [_mostly_farm(), late_budget]
    for p in profiles:  # "mix" and "a9" formed a story of their own (placed there, as joins would)
        article = Article(id=p.article_id, text=p.article_id, origin=p.article_id, language="en")
        if p.article_id in ("mix", "a9"):
            linker._batch_ids.append(p.article_id)
            sid = linker._counted(linker._place(p, "story:mix"))
        else:
            monkeypatch.setattr(linker_module, "build_profile", lambda article, extraction, embedder=None, p=p: p)
            sid = linker.assign(article, None)[0]  # type: ignore[arg-type]
        store.add_article(article, [], None, profile=p.to_dict(), story_id=sid)
        linker.after_store()
    assert store.story_of("mix") == store.story_of("a9") == "story:mix"
    linker.checkpoint()
    assert store.story_of("mix") == store.story_of("f0") and store.story_of("a9") == store.story_of("a0")
    assert "story:mix" not in linker.index.stories
    assert all(sid in linker.index.stories for post in linker.index.postings.values() for sid in post)


def test_reassign_then_corrections_keep_the_store_and_the_state_together(monkeypatch: pytest.MonkeyPatch):
    """Corrections after a batch whose pass moved an article and emptied its story: merge, move
    and split see the stories as the store lists them, and a reopened linker agrees."""
    store = SQLiteStore(":memory:")
    linker = _seeded(store, window=5)
    _batch(store, linker, _first_scene(), monkeypatch)
    linker.checkpoint()
    assert store.story_of("early") == store.story_of("a0")  # moved; "story:early" emptied
    assert "story:early" not in {s["id"] for s in store.stories()} | set(linker.index.stories)
    fixer = StoryLinker(store, embedder=None)
    budget = store.story_of("a0")
    assert budget is not None
    back = fixer.move("early")  # back on its own, pinned
    fixer.merge(budget, "story:x")
    fixer.merge(back, budget)  # and all of it into the story the user made
    assert _stored(store) == fixer.index.assignments()
    again = StoryLinker(store, embedder=None)
    assert again.index.assignments() == _stored(store)
    assert {sid: len(s.members) for sid, s in again.index.stories.items()} == {
        s["id"]: s["articles"] for s in store.stories()}
    assert all(sid in again.index.stories for post in again.index.postings.values() for sid in post)


def test_reassign_an_interrupted_save_then_a_reopen_agree_with_the_store(monkeypatch: pytest.MonkeyPatch):
    """The process ends on the failed save (``storyline add`` exits): the next one opens the last
    checkpoint plus the stored assignments; the pass's moves are lost, nothing disagrees."""
    store = SQLiteStore(":memory:")
    linker = _seeded(store, window=5)
    _batch(store, linker, _second_scene(), monkeypatch)

    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(store, "save_story_state", locked)
    with pytest.raises(sqlite3.OperationalError):
        linker.checkpoint()
    monkeypatch.undo()
    again = StoryLinker(store, embedder=None)
    assert again.index.assignments() == _stored(store) and store.story_of("mix") == store.story_of("a0")
    assert not again.pending  # nothing added by this linker: no pass, no checkpoint


def test_reassign_a_wrong_direction_setting_fails_when_made_and_names_the_choices():
    """Bad configuration fails at start-up with the allowed values (STYLE.md), not at a batch's end."""
    with pytest.raises(ValueError, match="none, any, person"):
        Params(reassign_down="smaller")
    state = StoryIndex().to_dict()
    state["params"]["reassign_down"] = "smaller"
    with pytest.raises(ValueError, match="reassign_down"):
        StoryIndex.from_dict(state)


@pytest.mark.parametrize("again", [True, False])
def test_reassign_runs_again_after_the_story_merge_when_asked(monkeypatch: pytest.MonkeyPatch, again: bool):
    # (b10) ``reassign_again``: once the merge has changed the stories' sizes, the batch's articles
    # are re-decided once more, in memory (``end_batch``) as through the linker and its store.
    calls: list[str] = []
    real_reassign, real_merge = StoryIndex.reassign, StoryIndex.merge_stories
    monkeypatch.setattr(StoryIndex, "reassign",
                        lambda self, *a, **k: calls.append("reassign") or real_reassign(self, *a, **k))
    monkeypatch.setattr(StoryIndex, "merge_stories",
                        lambda self, *a, **k: calls.append("merge") or real_merge(self, *a, **k))
    idx = StoryIndex(Params(reassign_again=again, **NO_GUARD))
    for p in _second_scene():
        idx.add(p)
    idx.end_batch(_second_scene())
    assert calls == ["reassign", "merge"] + (["reassign"] if again else [])
    calls.clear()
    store = SQLiteStore(":memory:")
    linker = _seeded(store, window=5)
    linker.index.params.reassign_again = again
    _batch(store, linker, _second_scene(), monkeypatch)
    calls.clear()
    linker.checkpoint()
    assert calls == ["reassign", "merge"] + (["reassign"] if again else [])
    assert store.story_of("mix") == store.story_of("f0") and _stored(store) == linker.index.assignments()
    assert Params().reassign_again
