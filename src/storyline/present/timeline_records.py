"""The records a timeline is made of, the contract between building, ranking and rendering.

An :class:`Entry` is one thing that happened at one time value, with every :class:`Source` (one
report of it); a :class:`Timeline` is the entries plus what the renderers show beside them (the
articles, quotes, claims). Frozen and slotted: the renderers read them, nothing mutates them.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.model import Article, Extraction
from storyline.present.timeline_dates import sort_key

Item = tuple[Article, Extraction]


@dataclass(frozen=True, slots=True)
class Source:
    """One report of an entry: where it is said, in which language, when it was published."""

    article_id: str
    language: str
    published: str
    sentence: str
    start: int
    end: int
    trigger: str
    lemma: str
    time_text: str = ""
    origin: str = ""
    title: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing that happened at one time, with every report of it."""

    date: str
    granularity: str
    label: str
    dated_by: str  # "text" | "published"
    salience: int
    sources: tuple[Source, ...]
    concepts: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    quantities: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """The sentence to show first: the earliest report's."""
        return self.sources[0].sentence if self.sources else ""

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.language for s in self.sources))

    @property
    def expected(self) -> bool:
        """Every report of it came out before the time it names: a plan or a forecast as
        reported (``Ce plan sera présenté le 24 juin`` in a 12 June report), not yet something
        that happened. A reader must not take it for a fact until a later report tells it.
        A coarse time is compared by its span: a month, a season or a decade is expected only
        when every report came out before it began (a 12 June report of ``June`` may tell what
        already happened that month).

        >>> src = Source("a", "fr", "2025-06-12", "", 0, 1, "", "")
        >>> [Entry(d, g, "", "text", 1, (src,)).expected for d, g in
        ...  (("2025-06-24", "day"), ("2025-07", "month"), ("2025-06", "month"), ("2025", "year"),
        ...   ("2025-SU", "season"), ("2025-FA", "season"), ("2025-W24", "week"), ("2025-H2", "half"),
        ...   ("203X", "decade"))]
        [True, True, False, False, False, True, False, True, True]
        """
        if self.dated_by != "text" or not self.sources:
            return False
        year, month, day, _ = sort_key(self.date, self.granularity)
        if year == 9999:
            return False
        starts = f"{year:04d}-{max(month, 1):02d}-{max(day, 1):02d}"
        return all(s.published and s.published[:10] < starts for s in self.sources)


@dataclass(frozen=True, slots=True)
class QuoteRow:
    speaker: str
    role: str
    text: str
    cue: str
    kind: str
    article_id: str
    language: str
    published: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    id: str
    language: str
    published: str
    title: str
    origin: str
    url: str
    duplicate_of: str


@dataclass(frozen=True, slots=True)
class Timeline:
    """A story's merged timeline, with what the renderers show beside it (quotes, claims)."""

    entries: tuple[Entry, ...]
    articles: tuple[ArticleInfo, ...] = ()
    quotes: tuple[QuoteRow, ...] = ()
    claims: tuple = ()  # tuple[claims.ClaimGroup, ...]; typed loosely to keep modules independent
    max_dates: int | None = None
    dates_total: int = 0
    title: str = ""
    # first and last day kept (``--from`` / ``--until``), ISO; None: that end open, or the whole story
    window: tuple[str | None, str | None] | None = None
