"""The records that flow between storyline's stages.

Every stage takes and returns these frozen, slotted dataclasses; no stage reaches into
another's internals. Every extracted fact is a span of one article's *canonical* text:
``article.text[start:end] == text`` always holds, so provenance is (article id, start, end).

No I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Granularity = Literal["year", "quarter", "month", "week", "day", "time", "decade", "century", "season", "none"]


@dataclass(frozen=True, slots=True)
class RawDocument:
    """What an ingest reader found, before normalisation.

    ``origin`` names where it came from (a path, ``path#3`` for the 3rd record of a file, a URL,
    ``<stdin>``) so an error or a fact can always be traced back to its input.
    """

    origin: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 date or datetime (UTC) as given by the input
    language: str | None = None  # ISO 639-1 as given by the input


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that could not become an article, and why (a value, never a swallowed error)."""

    origin: str
    reason: str


@dataclass(frozen=True, slots=True)
class Article:
    """One news report with its canonical text.

    ``id`` is a content hash of the canonical text, so the same report ingested twice is the
    same article. ``published`` is an ISO date (``2024-04-24``) or UTC datetime; relative time
    expressions resolve against it, never against the clock.
    """

    id: str
    text: str
    origin: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    language_score: float | None = None
    duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of an article's canonical text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A named entity mention.

    ``label`` is one of PER, ORG, LOC, MISC, NORP. ``name`` is the best name of the entity within
    the article (``Biden`` -> ``Joe Biden``); ``entity_id`` is the cross-article canonical id set by
    the link stage (empty until then).
    """

    article_id: str
    start: int
    end: int
    text: str
    label: str
    name: str
    entity_id: str = ""
    stage: str = ""


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A time expression normalised in TimeML terms.

    ``type`` is DATE, TIME, DURATION or SET; ``value`` a TimeML value (``2024-03-12``, ``2024-03``,
    ``2024-W12``, ``P3D``, ``PRESENT_REF``, or ``XXXX-03-12`` when no anchor was available).
    ``anchored`` tells whether the value depended on the publication date.
    """

    article_id: str
    start: int
    end: int
    text: str
    type: str
    value: str
    granularity: str = "none"
    anchored: bool = False
    stage: str = ""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit and modifier.

    ``value`` is the point value when there is one; ``low``/``high`` bound ranges and vague
    amounts (``several hundred km`` -> 200..900, vague). ``unit`` is normalised (``USD``, ``EUR``,
    ``km``, or the counted noun's lemma such as ``soldier``). ``modifier`` is one of ``""``,
    ``approx``, ``max`` (up to), ``min`` (at least, more than), ``range``.
    """

    article_id: str
    start: int
    end: int
    text: str
    value: float | None
    unit: str
    low: float | None = None
    high: float | None = None
    modifier: str = ""
    vague: bool = False
    stage: str = ""


@dataclass(frozen=True, slots=True)
class Quote:
    """Who said what: a direct or indirect quotation with its attribution.

    ``speaker`` is the mention that names the speaker in the text (possibly a pronoun or a role
    noun); ``speaker_name`` the resolved name (``Vedant Patel``), ``role`` the role from an
    apposition (``porte-parole du département d'État``), ``cue`` the reporting verb or phrase and
    ``cue_lemma`` its lemma (``say``, ``indiquer``, ``according to``). ``kind`` is ``direct``
    (inside quotation marks), ``partial`` (a quoted fragment inside the reporter's sentence),
    ``indirect`` (reported speech) or ``stance`` (a belief, wish, intention or position attributed
    without a speech act: ``X wants to``, ``X supports Y``, ``polls show``), which readers of
    "who said what" usually want apart.
    """

    article_id: str
    content: Span
    kind: Literal["direct", "indirect", "partial", "stance"]
    speaker: Span | None = None
    speaker_name: str = ""
    speaker_entity: str = ""
    role: str = ""
    cue: Span | None = None
    cue_lemma: str = ""
    channel: str = ""
    stage: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened, from one sentence: what (main predicate), who, when, where, how much.

    ``time`` is the TimeML value of the time expression in or governing the sentence; when the
    sentence has none, it is the publication date and ``time_source`` is ``"published"`` (the
    timeline marks such entries as dated by their report). ``actors``/``places`` are entity names
    as in the article's EntityMention.name; ``quantities`` the surfaces of quantities in the sentence.
    """

    article_id: str
    sentence: Span
    trigger: Span
    lemma: str
    time: str = ""
    granularity: str = "none"
    time_source: Literal["text", "published", "none"] = "none"
    time_span: Span | None = None
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    quantities: tuple[str, ...] = ()
    stage: str = ""


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one article, with the stages (name/version) that made it."""

    article_id: str
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    times: tuple[TimeMention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    stages: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What one ``add`` did with one input: stored, a no-op, a near duplicate, rejected, or
    skipped (a folder's read-me or licence: not an error, not a report)."""

    origin: str
    status: Literal["added", "exists", "duplicate", "rejected", "skipped"]
    article_id: str | None = None
    reason: str = ""
