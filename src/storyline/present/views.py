"""What the command line and the web page show, read from a store: one place for both front doors.

The CLI prints these rows and the local web page (``storyline serve``) returns them as JSON or
HTML; keeping the queries here means ``storyline stories`` and ``GET /api/stories`` cannot drift.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storyline.errors import StorylineError
from storyline.present.text import display_title

if TYPE_CHECKING:
    from storyline.link.identity import IndexedEntity
    from storyline.model import Article, Extraction, Quote
    from storyline.store.base import Store

QUOTE_KINDS = ("direct", "partial", "indirect", "stance")
SAID_KINDS = frozenset(QUOTE_KINDS) - {"stance"}  # what was said; stances only when asked for


def story_rows(store: "Store") -> list[dict[str, Any]]:
    """Every story: id, member article ids (``articles``) and their number (``article_count``),
    languages, date range, the lead's title, and ``tentative`` when the story is a report held
    apart for now (deciding late: it may still join the story it resembles).

    ``articles`` lists the members, as scripts and the maintainers' scorers read them (a story is
    its articles); the store's own summary row only counts them. ``first`` and ``last`` are
    publication *days* (``YYYY-MM-DD``): sources give a bare date or a timestamp, and a range
    mixing the two forms reads as two kinds of value.
    """
    from storyline.link.linker import tentative_stories

    waiting = tentative_stories(store)
    rows = []
    for s in store.stories():
        members = store.story_members(s["id"])
        rows.append({**s, "first": _day(s["first"]), "last": _day(s["last"]),
                     "articles": [a.id for a in members], "article_count": s["articles"],
                     "title": _lead_title(members), "tentative": s["id"] in waiting})
    return rows


def _day(published: str | None) -> str | None:
    return published[:10] if published else None


def story_items(store: "Store", story: str | None, all_articles: bool = False
                ) -> tuple[list[tuple["Article", "Extraction"]], str]:
    """(article, extraction) pairs of one story (id or prefix) or of the whole store, and a title."""
    if all_articles:
        arts, title = store.articles(), "All articles"
    elif story:
        arts = store.story_members(store.story_id(story))
        title = _lead_title(arts)
    else:
        raise StorylineError("give a STORY id (see `storyline stories`) or --all")
    items = [(a, ex) for a in arts if (ex := store.extraction(a.id)) is not None]
    return items, title


def _lead_title(members: list["Article"]) -> str:
    """A story's title: its first original report's (a syndicated copy is never the lead), a
    dated one first: ``members`` come oldest first with undated reports before them, and a text
    pasted without a date is no lead for a story that started months ago."""
    originals = [a for a in members if not a.duplicate_of] or members
    return display_title(next((a for a in originals if a.published), originals[0]))


def entity_rows(store: "Store", story: str | None = None, limit: int | None = 50) -> list["IndexedEntity"]:
    """Canonical entities of one story (id or prefix) or of the whole store, most mentioned
    first: id, name, label, aliases, languages and mention counts. Syndicated copies are not
    counted: a wire story printed by ten papers is one report of its names."""
    from storyline.link.identity import index_entities

    arts = store.story_members(store.story_id(story)) if story else store.articles()
    lang = {a.id: a.language or "und" for a in arts if not a.duplicate_of}
    mentions = store.facts("entities", article_ids=list(lang))
    found = index_entities((m, lang[m.article_id]) for m in mentions)
    return found[:limit] if limit is not None else found


def quote_rows(store: "Store", speaker: str | None = None, story: str | None = None,
               kinds: tuple[str, ...] = (), window: tuple[Any, Any] | None = None,
               ) -> tuple[list["Quote"], dict[str, "Article"], int]:
    """Stored quotes, oldest first, with their articles by id and how many stances were left out.

    Without ``kinds``, direct, partial and indirect quotes are listed and stances are counted.
    ``window`` (first day, last day; None: open, as ``timeline_dates.window_bounds`` gives) keeps
    the quotes whose report was published in the period: what was said then (a report without a
    date is in no period).
    """
    from storyline.extract.quotes import by_speaker

    arts = store.story_members(store.story_id(story)) if story else store.articles()
    by_id = {a.id: a for a in arts if not a.duplicate_of}
    if window is not None:  # the same test as the timeline's quotes: an undated report is in no period
        from storyline.present.timeline_dates import overlaps

        by_id = {i: a for i, a in by_id.items() if overlaps((a.published or "")[:10], window)}
    found = store.facts("quotes", article_ids=list(by_id))
    if speaker:
        found = by_speaker(found, speaker)
    wanted = set(kinds) or SAID_KINDS
    hidden = 0 if kinds else sum(q.kind not in wanted for q in found)
    found = [q for q in found if q.kind in wanted]
    found.sort(key=lambda q: (by_id[q.article_id].published or "", q.article_id, q.content.start))
    return found, by_id, hidden
