"""The full-scale bench's replay (``bench/stories/full_bench.py``) against ``StoryLinker`` with a
real store: what a stored run recorded must come out of the replay of its stored profiles.

The scene (from ``test_late``): four reports about Alice, then one about Bob that is held and
settled into Alice's story (its ``story_articles`` row is rewritten with a new ``seq``), a
syndicated copy of it arriving after the settlement, and unrelated fillers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.stories import full_bench as fb
from storyline.link import linker as linker_module
from storyline.link.linker import StoryLinker
from storyline.link.story_index import Params, StoryIndex
from storyline.link.story_profile import Profile
from storyline.model import Article
from storyline.store.sqlite import SQLiteStore
from tests.link.test_late import _alice_story, _bob, _other


@pytest.fixture
def fake_profiles(monkeypatch: pytest.MonkeyPatch) -> dict[str, Profile]:
    table: dict[str, Profile] = {}
    monkeypatch.setattr(linker_module, "build_profile", lambda article, extraction, embedder=None: table[article.id])
    return table


def _stored_run(path: Path, table: dict[str, Profile], params: Params) -> list[str]:
    """One ``storyline add`` batch as ``pipeline.ingest`` runs it; returns the ids in input order."""
    store = SQLiteStore(str(path))
    linker = StoryLinker(store, embedder=None)
    linker.index = StoryIndex(params)
    stream = [(p, None) for p in _alice_story()] + [(_bob(), None)]
    stream += [(_other(i), None) for i in range(3)]  # bob1 is settled into Alice's story here
    copy = Profile("bob1c", "en", _bob().published, dict(_bob().entities), dict(_bob().terms),
                   vector=_bob().vector, head=_bob().head)
    stream += [(copy, "bob1")] + [(_other(i), None) for i in range(3, 6)]
    for p, original in stream:
        table[p.article_id] = p
        topic = "Alice" if p.article_id.startswith(("a", "bob")) else "Other"
        article = Article(id=p.article_id, text=p.article_id, origin=p.article_id, language="en",
                          url=f"https://t17.example/{topic}_x/2024-01-01/{p.article_id}", duplicate_of=original)
        sid, data = linker.assign(article, None)  # type: ignore[arg-type]
        store.add_article(article, [], None, profile=data, story_id=sid)
        linker.after_store()
    if linker.pending:
        linker.checkpoint()
    return [p.article_id for p, _ in stream]


def test_linker_replay_reproduces_the_stored_run_in_input_order(tmp_path, fake_profiles):
    params = Params(hold_window=3)
    ids = _stored_run(tmp_path / "run.db", fake_profiles, params)
    items = fb.load(str(tmp_path / "run.db"))
    # the order of assignment, though the settled report's row was rewritten with a later seq
    assert [it.profile.article_id for it in items] == ids
    recorded = {it.profile.article_id: it.story for it in items}
    assert recorded["bob1"] == recorded["bob1c"] == recorded["a0"]
    pred = fb.replay(items, params)
    assert pred == [it.story for it in items]  # the same partition, the same story ids
