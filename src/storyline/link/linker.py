"""Stories kept in the store: the incremental clusterer (``story_index``) wired to persistence.

Why this shape: each article's profile and story are written in the article's own transaction,
so a killed batch never leaves an article without its story; the clusterer's aggregate state
(story profiles, inverted index, document frequencies, tentative stories) is checkpointed as one
document at the end of a batch and every ``CHECKPOINT_EVERY`` articles. On open, assignments made
after the last checkpoint are replayed into the state in their recorded stories (the decision is
made again and kept when it agrees, so a held article waits again as it did), so nothing is lost.
Opening costs one read of the state; each added article then costs a bounded number of
comparisons (bench/stories).

Deciding late (``story_index.Params``' hold settings): a held article is recorded at once in its
own tentative story (a ``stories`` listing shows it as a one-article story). When it is settled
into its remembered candidate -- by a later add, ``hold_window`` adds on, or at the end of a batch
of at least ``hold_window`` articles (``checkpoint``) -- the move is written like a correction's,
through ``save_story_state(state, assignments)``, with a checkpoint. Someone adding one article
per call therefore sees a held report alone until ``hold_window`` more articles have been added
in later calls (a batch-end settle on every small batch would decide everything at once, and
nothing would ever be late).

Re-assignment at the end of a batch (``StoryIndex.reassign``, since 2026-11-24): once such a
batch is settled, each of its articles is re-decided once against the stories as they now are
(itself taken out of its own story); the moves are written the same way, with the checkpoint.
Then small fragments are dissolved and smaller stories merged into a larger diffuse one
(``dissolve_fragments``, ``merge_stories``; only the stories the batch touched, members read back
from the store, at most ``fragment_size`` / ``merge_max_size`` per story); with ``reassign_again``
a second re-assignment pass follows, and with ``merge_again`` the merge once more.

Corrections (merge, move, split) are applied to the state, pinned there (later automatic
assignments respect them; a correction touching a tentative story decides it) and recorded in
the store's ``corrections`` table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from storyline.errors import NotFound
from storyline.link.story_index import StoryIndex
from storyline.link.story_profile import Profile, build_profile
from storyline.model import Article, Extraction

if TYPE_CHECKING:
    from storyline.link.embed import Embedder
    from storyline.store.base import Store

CHECKPOINT_EVERY = 200
REASSIGN_CHUNK = 500  # profiles read from the store at a time by the end-of-batch pass
_UNSET: Any = object()


class StoryLinker:
    """Assigns articles to stories, backed by a store.

    >>> from storyline.store.sqlite import SQLiteStore
    >>> StoryLinker(SQLiteStore(":memory:"), embedder=None).index.stories
    {}
    """

    def __init__(self, store: "Store", *, embedder: "Embedder | None" = _UNSET) -> None:
        self.store = store
        self._embedder = embedder
        seq, state = store.story_state()
        self.index = StoryIndex.from_dict(state) if state else StoryIndex()
        self._pending = 0
        self._batch = 0  # articles assigned by this linker (one ``storyline add`` batch)
        self._batch_ids: list[str] = []  # their ids, for the re-assignment pass at the batch's end
        self._batch_copies: dict[str, str] = {}  # copies placed with their original: copy -> original
        self._catch_up(store.assignments_after(seq))

    @property
    def embedder(self) -> "Embedder | None":
        if self._embedder is _UNSET:
            from storyline.link.embed import load_embedder

            self._embedder = load_embedder()
        return self._embedder

    def _catch_up(self, rows: list[tuple[str, str]]) -> None:
        profiles = self.store.profiles([aid for aid, _ in rows]) if rows else {}
        for aid, sid in rows:
            if aid in profiles:
                self.index.add(Profile.from_dict(profiles[aid]), recorded=sid)
        if rows:
            self._save_state()

    def _place(self, profile: Profile, story_id: str) -> str:
        """Put ``profile`` into ``story_id`` as recorded (not re-decided)."""
        pinned = self.index.pinned.get(profile.article_id)
        self.index.pinned[profile.article_id] = story_id
        sid = self.index.add(profile)
        if pinned is None:
            del self.index.pinned[profile.article_id]
        return sid

    def assign(self, article: Article, extraction: Extraction) -> tuple[str, dict[str, Any]]:
        """The story ``article`` joins and its profile as plain data (to store with it).

        A held article's story is its tentative one-article story; articles a settlement moved
        meanwhile are written by ``after_store``."""
        profile = build_profile(article, extraction, embedder=self.embedder)
        return self.assign_profile(profile, article.duplicate_of), profile.to_dict()

    def assign_profile(self, profile: Profile, duplicate_of: str | None = None) -> str:
        """``assign``'s decision for an article whose profile is built (a replay of stored
        profiles, bench/stories/full_bench.py, calls it directly): the story it joins."""
        self._batch_ids.append(profile.article_id)
        if duplicate_of:  # a syndicated copy goes where its original went
            original = self.store.story_of(duplicate_of)
            if original:
                self._batch_copies[profile.article_id] = duplicate_of
                return self._counted(self._place(profile, original))
        return self._counted(self.index.add(profile))

    def _counted(self, story_id: str) -> str:
        self._pending += 1
        self._batch += 1
        return story_id

    @property
    def pending(self) -> int:
        """Work for the final ``checkpoint``: assignments made since the last checkpoint, plus the
        tentative stories it will settle and the articles it will re-assign (when this batch
        filled the window)."""
        if not self._settles():
            return self._pending
        again = len(self._batch_ids) if self.index.params.reassign_margin is not None else 0
        return self._pending + len(self.index.pending) + again

    def _settles(self) -> bool:
        return self._batch >= self.index.params.hold_window

    def after_store(self) -> None:
        """Call once the article is stored: writes what settlements moved (with a checkpoint),
        and checkpoints every ``CHECKPOINT_EVERY`` articles."""
        if self.index.moves or self._pending >= CHECKPOINT_EVERY:
            self._save_state()

    def settle(self) -> dict[str, str]:
        """End of a batch: settle every tentative story when the batch had at least
        ``hold_window`` articles (else they wait for later adds); returns the moves (article ->
        story), written to the store with a checkpoint."""
        moved = {}
        if self._settles():
            moved = self.index.settle_all()
            moved.update(self._reassign_batch())
        if moved or self.index.moves:
            self._save_state()
        return moved

    def checkpoint(self) -> None:
        """End of a batch (``pipeline.ingest`` calls it last): ``settle``, then save the state."""
        if self._settles():
            self.index.settle_all()
            self._reassign_batch()
        self._save_state()

    def _reassign_batch(self) -> dict[str, str]:
        """The re-assignment pass over this batch's articles (``StoryIndex.reassign``), their
        profiles read back from the store in chunks; the moves are left in ``index.moves`` for
        the next save. Runs once per batch. A syndicated copy is read in the chunk of its
        original (it moves with it) and is not re-decided on its own: one whose original came
        in an earlier batch stays with it."""
        ids, self._batch_ids = self._batch_ids, []
        copies, self._batch_copies = self._batch_copies, {}
        if self.index.params.reassign_margin is None:
            return {}
        followers: dict[str, list[str]] = {}
        for copy, original in copies.items():
            followers.setdefault(original, []).append(copy)
        deciding = [a for a in ids if a not in copies]
        moved: dict[str, str] = {}
        story_keys: dict[str, set[str]] = {}  # shared by the chunks (``StoryIndex.reassign``)
        self._reassign_chunks(deciding, followers, copies, story_keys, moved)
        moved.update(self._dissolve_fragments(ids, story_keys))
        moved.update(self._merge_stories(ids, story_keys))
        if self.index.params.reassign_again:  # once the merge has changed the stories' sizes
            self._reassign_chunks(deciding, followers, copies, story_keys, moved)
            if self.index.params.merge_again:
                moved.update(self._merge_stories(ids, story_keys))
        return moved

    def _reassign_chunks(self, deciding: list[str], followers: dict[str, list[str]], copies: dict[str, str],
                         story_keys: dict[str, set[str]], moved: dict[str, str]) -> None:
        """One ``StoryIndex.reassign`` pass over ``deciding``, profiles read back in chunks."""
        for i in range(0, len(deciding), REASSIGN_CHUNK):
            chunk = deciding[i:i + REASSIGN_CHUNK]
            chunk += [c for a in chunk for c in followers.get(a, ())]
            found = self.store.profiles(chunk)
            moved.update(self.index.reassign([Profile.from_dict(found[a]) for a in chunk if a in found],
                                             copies=copies, story_keys=story_keys))

    def _dissolve_fragments(self, ids: list[str], story_keys: dict[str, set[str]]) -> dict[str, str]:
        """The batch's small fragments (``StoryIndex.dissolve_fragments``): only stories made
        wholly of this batch's articles are considered, at most ``fragment_size`` members each."""
        size = self.index.params.fragment_size
        if size < 2:
            return {}
        profiles = self._small_story_profiles(ids, size, whole_batch=True)
        return self.index.dissolve_fragments(profiles, story_keys=story_keys) if profiles else {}

    def _merge_stories(self, ids: list[str], story_keys: dict[str, set[str]]) -> dict[str, str]:
        """The story-level merge (``StoryIndex.merge_stories``) of the stories this batch touched,
        at most ``merge_max_size`` members each."""
        size = self.index.params.merge_max_size
        if self.index.params.merge_margin is None or size < 2:
            return {}
        profiles = self._small_story_profiles(ids, size, whole_batch=False)
        return self.index.merge_stories(profiles, story_keys=story_keys) if profiles else {}

    def _small_story_profiles(self, ids: list[str], size: int, *, whole_batch: bool) -> list[Profile]:
        """The members of the stories the batch's articles ``ids`` are in that have 2..``size``
        members (with ``whole_batch``, only stories made of the batch's articles alone), read back
        from the store in one query: the end-of-batch steps never read the whole store."""
        stories, batch = self.index.stories, set(ids)
        touched = {self.index.article_story[a] for a in ids if a in self.index.article_story}
        members = [m for sid in sorted(touched) if sid in stories and 2 <= len(stories[sid].members) <= size
                   and (not whole_batch or batch.issuperset(stories[sid].members)) for m in stories[sid].members]
        if not members:
            return []
        found = self.store.profiles(members)
        return [Profile.from_dict(found[a]) for a in members if a in found]

    def _save_state(self) -> None:
        """Save the state with the moves settlements made; the moves are forgotten only once the
        store has committed them (an interrupted save must not leave the index and the store's
        story_articles disagreeing)."""
        moves = dict(self.index.moves)
        self.store.save_story_state(self.index.to_dict(), moves or None)
        for aid in moves:
            self.index.moves.pop(aid, None)
        self._pending = 0

    # -- corrections -----------------------------------------------------------------------
    def _profiles(self, article_ids: Iterable[str]) -> list[Profile]:
        ids = list(article_ids)
        found = self.store.profiles(ids)
        missing = [a for a in ids if a not in found]
        if missing:
            raise NotFound(f"article(s) without a story profile: {', '.join(missing)}")
        return [Profile.from_dict(found[a]) for a in ids]

    def merge(self, keep: str, other: str) -> str:
        keep, other = self.store.story_id(keep), self.store.story_id(other)
        self.index.merge(keep, other)
        self._save("merge", {"keep": keep, "other": other})
        return keep

    def move(self, article_id: str, to_story: str | None = None) -> str:
        article = self.store.article(article_id)
        target = self.store.story_id(to_story) if to_story else None
        sid = self.index.move(self._profiles([article.id])[0], target)
        self._save("move", {"article": article.id, "to": sid})
        return sid

    def split(self, story_id: str, article_ids: Iterable[str]) -> str:
        sid = self.store.story_id(story_id)
        ids = [self.store.article(a).id for a in article_ids]
        new = self.index.split(sid, self._profiles(ids))
        self._save("split", {"story": sid, "articles": ids, "new": new})
        return new

    def _save(self, op: str, args: dict[str, Any]) -> None:
        self.store.save_story_state(self.index.to_dict(), self.index.assignments(), (op, args))
        self.index.take_moves()  # every assignment was written above, moves included


def tentative_stories(store: "Store") -> set[str]:
    """Ids of the one-article stories that wait to be decided (deciding late), as of the last
    checkpoint: a listing can say that a report stands alone for now, not for good."""
    return set(store.story_state_field("pending") or ())
