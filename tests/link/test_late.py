"""Deciding late: tentative stories in ``StoryIndex`` and their way to the store (``StoryLinker``).

The scene: a story of four reports about Alice at the Commission (early 2024); over a year later
comes a report as close in wording, but about Bob. Online it would join Alice's story; it is held
in a tentative story of its own instead, and a later report about Bob decides.
"""

from __future__ import annotations

import json
import sqlite3

import numpy as np
import pytest

from storyline.link import linker as linker_module
from storyline.link.linker import StoryLinker
from storyline.link.story_index import Params, StoryIndex, cluster
from storyline.link.story_profile import Profile
from storyline.model import Article
from storyline.store.sqlite import SQLiteStore

DAY = 739000  # 2024-04-19 as a day ordinal


def _vec(seed: int, noise: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=512) + 0.4 * np.random.default_rng(noise).normal(size=512)
    return (v / np.linalg.norm(v)).astype(np.float32)


def _report(aid: str, day: int, people: dict[str, float], i: int) -> Profile:
    """A report on the Commission's budget, about ``people``."""
    return Profile(aid, "en", day, {"loc:brussels": 1.5, "org:commission": 1.5} | people,
                   {"term:budge": 2.0, "term:commi": 1.5, "term:bruss": 1.0},
                   vector=_vec(1, 100 + i), head=_vec(1, 200 + i))


def _other(i: int) -> Profile:
    """An unrelated report (a filler that only moves the add clock)."""
    return Profile(f"x{i}", "en", DAY + i, {f"per:x{i}": 1.0, "loc:lima": 1.0}, {f"term:x{i}": 1.0},
                   vector=_vec(50 + i, 0), head=_vec(60 + i, 0))


def _alice_story() -> list[Profile]:
    return [_report(f"a{i}", DAY + i, {"per:alice": 2.0}, i) for i in range(4)]


def _bob(aid: str = "bob1", days_later: int = 400, i: int = 10) -> Profile:
    # names Alice in passing, as her successor's first report would
    return _report(aid, DAY + days_later, {"per:bob": 3.0, "per:alice": 0.5}, i)


def _index(window: int = 3) -> StoryIndex:
    idx = StoryIndex(Params(hold_window=window))
    for p in _alice_story():
        idx.add(p)
    return idx


def test_late_a_report_about_someone_else_long_after_the_story_is_held():
    idx = _index()
    alice = idx.article_story["a0"]
    held = idx.add(_bob())
    assert held != alice and idx.pending[held].candidate == alice
    online = StoryIndex(Params(hold_gap_days=None))
    for p in _alice_story():
        online.add(p)
    assert online.add(_bob()) == alice  # without deciding late it would have joined at once


def test_late_a_close_report_inside_the_story_span_is_not_held():
    idx = _index()
    assert idx.add(_bob(days_later=30)) == idx.article_story["a0"] and not idx.pending


def test_late_held_report_becomes_a_real_story_when_a_doubting_report_joins_it():
    idx = _index()
    held = idx.add(_bob())
    assert idx.add(_report("bob2", DAY + 405, {"per:bob": 3.0}, 11)) == held
    assert not idx.pending and idx.stats["confirmed"] == 1
    for i in range(5):  # the window passes: nothing moves any more
        idx.add(_other(i))
    assert idx.article_story["bob1"] == idx.article_story["bob2"] == held != idx.article_story["a0"]


def test_late_a_report_that_would_join_the_candidate_takes_the_held_one_along():
    idx = _index()
    idx.add(_bob())
    # about Alice again, within the story's span: joins her story without doubt, so both go there
    sid = idx.add(_report("a9", DAY + 5, {"per:alice": 2.0, "per:bob": 0.5}, 12))
    assert sid == idx.article_story["a0"] == idx.article_story["bob1"] and not idx.pending


def test_late_held_report_joins_its_remembered_story_after_the_window():
    idx = _index(window=3)
    held = idx.add(_bob())
    idx.add(_other(0))
    idx.add(_other(1))
    assert idx.article_story["bob1"] == held and held in idx.pending
    idx.add(_other(2))  # third add after it: settled
    assert idx.article_story["bob1"] == idx.article_story["a0"]
    assert held not in idx.stories and not idx.pending and idx.take_moves() == {"bob1": idx.article_story["a0"]}
    assert all(held not in post for post in idx.postings.values())


def test_late_end_of_stream_settles_what_is_pending():
    idx = cluster(_alice_story() + [_bob()], Params(hold_window=40))
    assert idx.article_story["bob1"] == idx.article_story["a0"] and not idx.pending


def test_late_pending_survives_a_saved_state_and_settles_the_same():
    profiles = _alice_story() + [_bob()] + [_other(i) for i in range(4)]
    straight = _index(window=3)
    saved = _index(window=3)
    for p in profiles[4:]:
        straight.add(p)
        saved = StoryIndex.from_dict(json.loads(json.dumps(saved.to_dict())))
        saved.add(p)
    assert saved.assignments() == straight.assignments()
    assert saved.article_story["bob1"] == saved.article_story["a0"]


def test_late_version_2_state_loads_with_nothing_pending():
    state = json.loads(json.dumps(cluster(_alice_story(), Params(join_threshold=-2.75)).to_dict()))
    state["version"] = 2
    for key in ("pending", "successor", "adds"):
        del state[key]
    for key in ("link_model", "hold_gap_days", "hold_window", "hold_min_size"):
        del state["params"][key]
    idx = StoryIndex.from_dict(state)
    assert idx.params == Params() and idx.pending == {} and idx.adds == 0
    assert idx.add(_bob()) in idx.pending  # holding works from there on


def test_late_pinned_article_is_never_held():
    idx = _index()
    alice = idx.article_story["a0"]
    idx.pinned["bob1"] = alice
    assert idx.add(_bob()) == alice and not idx.pending


def test_late_correction_on_a_pending_article_wins():
    idx = _index(window=3)
    bob = _bob()
    assert idx.add(bob) in idx.pending
    other = idx.add(_other(0))
    assert idx.move(bob, other) == other and not idx.pending
    for i in range(1, 5):
        idx.add(_other(i))
    assert idx.article_story["bob1"] == other  # never settled back into Alice's story


def test_late_merge_of_the_remembered_story_is_followed():
    idx = _index(window=3)
    held = idx.add(_bob())
    alice, other = idx.article_story["a0"], idx.add(_other(0))
    idx.merge(other, alice)  # the user merges Alice's story into another one
    idx.add(_other(1))
    idx.add(_other(2))
    assert held not in idx.pending and idx.article_story["bob1"] == other


def test_late_a_chain_of_merges_is_followed_to_the_last_story():
    idx = _index(window=3)
    held = idx.add(_bob())
    alice, o0, o1 = idx.article_story["a0"], idx.add(_other(0)), idx.add(_other(1))
    idx.merge(o0, alice)  # Alice's story into o0, then o0 into o1
    idx.merge(o1, o0)
    idx.add(_other(2))
    assert held not in idx.pending and idx.article_story["bob1"] == idx.article_story["a0"] == o1


# --- through the store --------------------------------------------------------------------------


@pytest.fixture
def fake_profiles(monkeypatch: pytest.MonkeyPatch) -> dict[str, Profile]:
    """``build_profile`` replaced by a lookup: each article stands for the profile of its id."""
    table: dict[str, Profile] = {}
    monkeypatch.setattr(linker_module, "build_profile", lambda article, extraction, embedder=None: table[article.id])
    return table


def _add(store: SQLiteStore, linker: StoryLinker, p: Profile, table: dict[str, Profile],
         duplicate_of: str | None = None) -> str:
    """What ``pipeline.finish`` does for one article (``duplicate_of``: a syndicated copy)."""
    table[p.article_id] = p
    article = Article(id=p.article_id, text=p.article_id, origin=p.article_id, language="en",
                      duplicate_of=duplicate_of)
    sid, data = linker.assign(article, None)  # type: ignore[arg-type]
    store.add_article(article, [], None, profile=data, story_id=sid)
    linker.after_store()
    return sid


def _linker(store: SQLiteStore, window: int) -> StoryLinker:
    linker = StoryLinker(store, embedder=None)
    if not store.story_state()[1]:
        linker.index = StoryIndex(Params(hold_window=window))
        linker.checkpoint()  # the settings are kept with the state
    return linker


def test_late_store_records_the_tentative_story_then_the_settled_move(fake_profiles):
    store = SQLiteStore(":memory:")
    linker = _linker(store, window=3)
    for p in _alice_story():
        _add(store, linker, p, fake_profiles)
    held = _add(store, linker, _bob(), fake_profiles)
    assert store.story_of("bob1") == held != store.story_of("a0")  # recorded at once, alone
    for i in range(3):
        _add(store, linker, _other(i), fake_profiles)
    assert store.story_of("bob1") == store.story_of("a0")  # the settled move reached the store
    assert StoryIndex.from_dict(store.story_state()[1]).assignments()["bob1"] == store.story_of("a0")


def test_late_batch_end_settles_only_a_batch_that_filled_the_window(fake_profiles):
    store = SQLiteStore(":memory:")
    linker = _linker(store, window=6)
    for p in _alice_story():
        _add(store, linker, p, fake_profiles)
    held = _add(store, linker, _bob(), fake_profiles)
    linker.checkpoint()  # 5 articles < window 6: an add of one report at a time keeps it waiting
    assert store.story_of("bob1") == held
    small = StoryLinker(store, embedder=None)  # the next ``storyline add`` of one article
    _add(store, small, _other(0), fake_profiles)
    assert small.pending == 1
    small.checkpoint()
    assert store.story_of("bob1") == held and held in small.index.pending
    big = StoryLinker(store, embedder=None)
    for i in range(1, 3):
        _add(store, big, _other(i), fake_profiles)
    assert store.story_of("bob1") == held  # 3 + 2 adds since it was held: window 6 not reached
    big._batch = 6  # as if this batch had added 6 articles
    # two assignments since the last checkpoint, one tentative story to settle, two articles to re-assign
    assert big.pending == 5
    big.checkpoint()
    assert store.story_of("bob1") == store.story_of("a0") and not big.index.pending


def test_late_restart_mid_batch_keeps_the_store_consistent(fake_profiles):
    store = SQLiteStore(":memory:")
    linker = _linker(store, window=3)
    for p in _alice_story():
        _add(store, linker, p, fake_profiles)
    linker.checkpoint()
    held = _add(store, linker, _bob(), fake_profiles)  # killed here: the state has not seen it
    assert "bob1" not in StoryIndex.from_dict(store.story_state()[1]).assignments()
    again = StoryLinker(store, embedder=None)  # _catch_up replays it: held again, as recorded
    assert again.index.article_story["bob1"] == held and held in again.index.pending
    for i in range(3):
        _add(store, again, _other(i), fake_profiles)
    assert store.story_of("bob1") == store.story_of("a0") == again.index.article_story["bob1"]
    stored = dict(store.db.execute("SELECT article_id, story_id FROM story_articles"))
    assert stored == again.index.assignments()


def test_late_storyline_add_batch_settles_at_its_end(monkeypatch: pytest.MonkeyPatch):
    """Through ``pipeline.ingest`` (what ``storyline add`` runs): a batch that filled the window
    settles what is still pending when it ends; the store then says where the held report went."""
    from storyline import pipeline
    from storyline.config import IngestOptions
    from storyline.model import Extraction, RawDocument

    words = ["harbour cranes idle", "winter wheat prices", "glacier survey team", "tram line opening",
             "museum roof repairs"]
    texts = {f"Report {p.article_id} on the {w}, as the {w.split()[0]} desk wrote it that day.": p
             for p, w in zip(_alice_story() + [_bob()], words)}
    monkeypatch.setattr(pipeline, "extract", lambda article, *a, **k: Extraction(article.id))
    monkeypatch.setattr(linker_module, "build_profile", lambda article, extraction, embedder=None: Profile(
        article.id, **{k: getattr(texts[article.text], k) for k in ("language", "published", "entities", "terms",
                                                                     "vector", "head")}))
    store = SQLiteStore(":memory:")
    seeded = StoryLinker(store, embedder=None)
    seeded.index = StoryIndex(Params(hold_window=5))  # a window as long as the batch
    seeded.checkpoint()
    results = list(pipeline.ingest(store, [RawDocument(f"r{i}.txt", t) for i, t in enumerate(texts)],
                                   IngestOptions(lang="en")))
    ids = [r.article_id for r in results]
    assert [r.status for r in results] == ["added"] * 5
    assert store.story_of(ids[4]) == store.story_of(ids[0])  # held, then settled at the batch's end
    assert not StoryIndex.from_dict(store.story_state()[1]).pending


def test_late_restart_after_an_unwritten_settlement_writes_it(fake_profiles):
    store = SQLiteStore(":memory:")
    linker = _linker(store, window=2)
    for p in _alice_story() + [_bob(), _other(0)]:
        _add(store, linker, p, fake_profiles)
    last = _other(1)
    fake_profiles[last.article_id] = last
    article = Article(id=last.article_id, text=last.article_id, origin=last.article_id, language="en")
    sid, data = linker.assign(article, None)  # type: ignore[arg-type]
    store.add_article(article, [], None, profile=data, story_id=sid)
    # killed before after_store: the move of the held report settled by this add is not written
    assert linker.index.article_story["bob1"] != store.story_of("bob1")
    again = StoryLinker(store, embedder=None)
    assert store.story_of("bob1") == store.story_of("a0") == again.index.article_story["bob1"]


def _stored(store: SQLiteStore) -> dict[str, str]:
    return dict(store.db.execute("SELECT article_id, story_id FROM story_articles"))


def _fail_first_save(store: SQLiteStore) -> None:
    """The store's next story-state save fails as a locked database would; later ones work."""
    save, calls = store.save_story_state, []

    def locked_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise sqlite3.OperationalError("database is locked")
        return save(*args, **kwargs)

    store.save_story_state = locked_once  # type: ignore[method-assign]


def test_late_an_interrupted_save_of_a_settlement_loses_no_move(fake_profiles):
    store = SQLiteStore(":memory:")
    linker = _linker(store, window=3)
    for p in [*_alice_story(), _bob(), _other(0), _other(1)]:
        _add(store, linker, p, fake_profiles)
    _fail_first_save(store)
    with pytest.raises(sqlite3.OperationalError):
        _add(store, linker, _other(2), fake_profiles)  # this add settles bob1; its save fails
    linker.checkpoint()  # what pipeline.ingest's finally does
    assert _stored(store) == linker.index.assignments()
    assert store.story_of("bob1") == store.story_of("a0")


def test_late_moving_a_copy_away_leaves_its_held_original_waiting(fake_profiles):
    store = SQLiteStore(":memory:")
    linker = _linker(store, window=3)
    for p in _alice_story():
        _add(store, linker, p, fake_profiles)
    _add(store, linker, _bob(), fake_profiles)
    _add(store, linker, _bob("bob1copy"), fake_profiles, duplicate_of="bob1")
    other = _add(store, linker, _other(0), fake_profiles)
    linker.move("bob1copy", other)  # the user moves the copy out
    for i in range(1, 6):
        _add(store, linker, _other(i), fake_profiles)
    assert store.story_of("bob1") == store.story_of("a0")  # the original still settled
    assert _stored(store) == linker.index.assignments()

