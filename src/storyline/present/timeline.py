"""The merged timeline of a story: pure functions from ``(Article, Extraction)`` pairs to entries.

How it is built, and why:

- every extracted :class:`~storyline.model.Event` becomes a *source* (article, sentence, offsets,
  language, publication date) of one entry; an entry is one thing that happened at one time value;
- events are merged when they share the **same time value** and enough **language-independent
  evidence**: canonical entities (``entity_id`` from the link stage, else the folded name) and
  event concepts (per-language word stems mapped to shared labels in ``lang/<code>/events.json``).
  Two pieces of evidence are needed (two shared entities, or an entity and a concept): one shared
  country is not enough to call two reports the same event. Sources from one article are never
  merged with each other (an article does not confirm itself);
- an event dated only by its report's publication date stays apart from text-dated ones and is
  marked ``dated_by="published"``; the events of one report dated that way form one entry; a date
  standing as a heading (``28 June 2009`` on its own before the sentences of a chronology) dates
  the sentences under it;
- salience is the number of *independent* sources: an article marked ``duplicate_of`` counts as
  the article it copies. ``max_dates=N`` keeps the N most salient dates, where a date's score
  counts independent sources over its entries, weighted down for coarse dates, for reports
  written before the date and for publication-dated entries, and up for reports that still name
  the date a month or more later and for reports that list it in a chronology (see ``select_dates``);
- entries are ordered by a key that carries granularity: ``April 2024`` sorts before the days of
  April but is never shown or sorted as ``1 April 2024``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

from storyline.extract.events import granularity_of, lang_data
from storyline.extract.times import is_editor_note
from storyline.link.names_places import fold as name_fold
from storyline.model import Article, Event, Extraction, Span, TimeMention
from storyline.present.speakers import SpeakerMention, unify
from storyline.present.speakers import key as speaker_key
from storyline.present.timeline_summary import date_summary as date_summary  # re-exported: its home until session 9

Item = tuple[Article, Extraction]
# Season -> (month, day it starts in the northern hemisphere, name), as the time extractor reads
# seasons (``timex_resolve._season_after``): meteorological ones, from the 1st of March, June,
# September and December, so ``this summer`` in a 15 June report is the summer under way. ``2024-WI``
# is the winter that starts in December 2024 (``winter 2024-25`` -> ``2024-WI``), not January 2024.
_SEASONS = {"SP": (3, 1, "spring"), "SU": (6, 1, "summer"), "FA": (9, 1, "autumn"), "WI": (12, 1, "winter")}
_GRAN_RANK = {"century": 0, "decade": 1, "year": 2, "half": 3, "quarter": 4, "season": 4, "month": 5,
              "week": 6, "day": 7, "time": 8, "none": 9}
MIN_EVIDENCE = 2  # shared entities + shared concepts needed to merge; set by reading sample merges


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


@dataclass(slots=True)
class _Cluster:
    date: str
    granularity: str
    dated_by: str
    events: list[tuple[Article, Event]] = field(default_factory=list)
    entity_keys: set[str] = field(default_factory=set)
    concepts: set[str] = field(default_factory=set)
    article_ids: set[str] = field(default_factory=set)


def build_timeline(items: Sequence[Item], max_dates: int | None = None, *, with_claims: bool = True,
                   title: str = "") -> Timeline:
    """Merge the events of several reports into one timeline ordered by event time.

    >>> from storyline.model import Article, Event, Extraction, Span
    >>> a = Article("a1", "Troops crossed the border in February 2022.", "x", published="2024-04-24", language="en")
    >>> ev = Event("a1", Span(0, 43, a.text), Span(7, 14, "crossed"), "cross", "2022-02", "month", "text")
    >>> tl = build_timeline([(a, Extraction("a1", events=(ev,)))])
    >>> [(e.label, e.salience) for e in tl.entries]
    [('February 2022', 1)]
    """
    clusters = _merge(_events(items))
    canonical = {a.id: (a.duplicate_of or a.id) for a, _ in items}
    entries = [_entry(c, canonical) for c in clusters]
    kept, total = select_dates(entries, max_dates, canonical)
    claims: tuple = ()
    if with_claims:
        from storyline.present.claims import find_claims

        claims = tuple(find_claims(items))
    return Timeline(entries=tuple(sorted(kept, key=entry_key)), articles=tuple(_info(a) for a, _ in items),
                    quotes=tuple(quotes_of(items)), claims=claims, max_dates=max_dates,
                    dates_total=total, title=title)


def _events(items: Sequence[Item]) -> list[tuple[Article, Event, set[str], set[str]]]:
    out = []
    for article, ex in items:
        ids = _entity_ids(ex)
        lang = article.language or "und"
        events = _undated_since(article, _under_headings(article, ex), lang)
        # one sentence is one report of its date: a verb the parse left to the report's date adds
        # nothing when the sentence already names that day ("pays a visit in today's visit")
        named = {(ev.sentence.start, ev.time) for ev in events if ev.time_source != "published"}
        for ev in events:
            if not ev.time or ev.time_source == "published" and (ev.sentence.start, ev.time) in named:
                continue
            # page furniture (``This article was amended on 12 May 2016``) dates an edit, not the story;
            # dev: 43 of the 2,113 entities_tls dev articles hold one (Guardian pages), T17 dev none
            if is_editor_note(ev.sentence.text, lang):
                continue
            keys = {_unlabelled(ids.get(n, fold(n))) for n in (*ev.actors, *ev.places)}
            out.append((article, ev, keys, concepts_of(ev.sentence.text, lang)))
    out.sort(key=lambda x: (x[1].time, x[0].published or "", x[0].id, x[1].sentence.start))
    return out


HEADING_SENTENCES = 3  # sentences a date heading dates at most (dev: 1 to 8 give the same dates;
# with list items running on, sixth pass, T17 dev alignment ROUGE-1 at 1: 0.268, 2: 0.289, 3-8: 0.295)
_DATE_VALUE = re.compile(r"^\d{4}(?:-|$)")
_PUNCT = re.compile(r"[\W_]*")  # bullets, dashes, quotes, colons


def _line_dates(article: Article, ex: Extraction) -> list[tuple[TimeMention, bool]]:
    """The written-out dates (with a digit) that begin a line, after bullets or dashes at most, in
    text order, each with whether it is a heading: alone on its line, or a sentence of its own (a
    splitter may cut ``2 May 2011`` in two; the sentences it overlaps then hold nothing else)."""
    text = article.text
    out = []
    for t in ex.times:
        if t.granularity in ("none", "time") or not _DATE_VALUE.match(t.value) or not re.search(r"\d", t.text):
            continue
        if not _begins_line(text, t.start):
            continue
        eol = text.find("\n", t.end)
        around = [s for s in ex.sentences if s.start < t.end and t.start < s.end]
        own_sentence = bool(around) and bool(_PUNCT.fullmatch(text[t.end:max(s.end for s in around)]))
        out.append((t, own_sentence or bool(_PUNCT.fullmatch(text[t.end:len(text) if eol < 0 else eol]))))
    return sorted(out, key=lambda x: x[0].start)


def _under_headings(article: Article, ex: Extraction) -> list[Event]:
    """The events with dates taken from the lines of a chronology or a schedule. A written-out date
    that begins a line dates the report-dated events (no date was linked to them) whose predicate
    follows it on its line (``25 July 2011 Rehearsal footage ... , the judge rules``); standing as a
    heading (``28 June 2009`` above ``Los Angeles police interview Dr Murray ...``), or leading an
    item of a list (``CHRONOLOGY_MIN`` or more such dates), it also dates those of the next
    sentences, up to the next such date and at most ``HEADING_SENTENCES`` of them.
    An event whose sentence names a date of its own (within a line, not leading one) keeps its date.
    Lines, not only sentences, carry the structure: a splitter may join a heading to its item.

    >>> from storyline.model import Sentence, Span, TimeMention
    >>> text = "Trial timeline .\\n3 March 2011 The trial is delayed . It resumes later ."
    >>> a = Article("a1", text, "x", published="2011-11-30", language="en")
    >>> t = TimeMention("a1", 17, 29, "3 March 2011", "DATE", "2011-03-03", "day")
    >>> ev = Event("a1", Span(30, 52, text[30:52]), Span(40, 42, "is"), "be", "2011-11-30", "day", "published")
    >>> sents = (Sentence(0, 16), Sentence(17, 29), Sentence(30, 52), Sentence(53, 71))
    >>> ex = Extraction("a1", sentences=sents, times=(t,), events=(ev,))
    >>> [(e.time, e.time_source, e.time_span.text) for e in _under_headings(a, ex)]
    [('2011-03-03', 'text', '3 March 2011')]
    >>> joined = "Timeline\\n3 March 2011\\nThe trial is delayed ."  # the splitter made one sentence
    >>> a = Article("a1", joined, "x", published="2011-11-30", language="en")
    >>> t = TimeMention("a1", 9, 21, "3 March 2011", "DATE", "2011-03-03", "day")
    >>> ev = Event("a1", Span(0, 44, joined), Span(32, 34, "is"), "be", "2011-11-30", "day", "published")
    >>> ex = Extraction("a1", sentences=(Sentence(0, 44),), times=(t,), events=(ev,))
    >>> [(e.time, e.time_source) for e in _under_headings(a, ex)]
    [('2011-03-03', 'text')]
    """
    lines = _line_dates(article, ex)
    if not lines:
        return list(ex.events)
    listing = len({t.value for t, _ in lines}) >= CHRONOLOGY_MIN  # an item of a list may run on
    leading = {t.start for t, _ in lines}
    own = [t.start for t in ex.times if _DATE_VALUE.match(t.value) and t.start not in leading]
    starts = sorted(s.start for s in ex.sentences) or sorted(ev.sentence.start for ev in ex.events)
    text = article.text
    out = []
    for ev in ex.events:
        above = [x for x in lines if x[0].end <= ev.trigger.start]
        if ev.time_source != "published" or not above or any(ev.sentence.start <= x < ev.sentence.end for x in own):
            out.append(ev)
            continue
        t, heading = above[-1]
        eol = text.find("\n", t.end)
        same_line = eol < 0 or ev.trigger.start < eol
        between = sum(1 for st in starts if t.end <= st < ev.sentence.start)
        if not (same_line or (heading or listing) and between < HEADING_SENTENCES):
            out.append(ev)
            continue
        out.append(replace(ev, time=t.value, granularity=t.granularity, time_source="text",
                           time_span=Span(t.start, t.end, t.text)))
    return out


def _undated_since(article: Article, events: Sequence[Event], lang: str) -> list[Event]:
    """The events with ``since`` dates taken off: ``au plus bas depuis 1976``, ``rains since
    1 September`` name the start of a state, not when the sentence's event happened. Such an
    event is dropped when its sentence has another date, else dated by its report (what the
    sentence says holds now).

    >>> from storyline.model import Span
    >>> a = Article("a1", "The river is at its lowest since 1976.", "x", published="2025-06-12", language="en")
    >>> ev = Event("a1", Span(0, 38, a.text), Span(9, 11, "is"), "be", "1976", "year", "text", Span(33, 37, "1976"))
    >>> [(e.time, e.time_source) for e in _undated_since(a, [ev], "en")]
    [('2025-06-12', 'published')]
    """
    signals = lang_data(lang).get("since_signals", [])
    if not signals:
        return list(events)
    pattern = re.compile(r"(?:^|\W)(?:" + "|".join(map(re.escape, signals)) + r")\W*$", re.IGNORECASE)

    def since(ev: Event) -> bool:
        if ev.time_source != "text" or ev.time_span is None:
            return False
        return bool(pattern.search(article.text[max(0, ev.time_span.start - 24):ev.time_span.start]))

    dated = {ev.sentence.start for ev in events if ev.time_source == "text" and not since(ev)}
    out = []
    for ev in events:
        if not since(ev):
            out.append(ev)
        elif ev.sentence.start not in dated and article.published:
            out.append(replace(ev, time=article.published[:10], granularity="day", time_source="published",
                               time_span=None))
            dated.add(ev.sentence.start)  # one report-dated event per sentence
    return out


def _merge(events: list[tuple[Article, Event, set[str], set[str]]]) -> list[_Cluster]:
    """Greedy merge within each (time value, dated-by) group; see the module docstring for the rule.
    The events of one sentence with one time value are one entry: the sentence is one piece of
    evidence, whatever number of predicates the parse found in it."""
    groups: dict[tuple[str, str], list[_Cluster]] = defaultdict(list)
    placed: dict[tuple[str, str, str, int], _Cluster] = {}
    for article, ev, keys, concepts in events:
        dated_by = "published" if ev.time_source == "published" else "text"
        group = groups[(ev.time, dated_by)]
        sentence = (ev.time, dated_by, article.id, ev.sentence.start)
        target = placed.get(sentence) or _best_cluster(group, article, keys, concepts, dated_by)
        if target is None:
            target = _Cluster(ev.time, ev.granularity if ev.granularity != "none" else granularity_of(ev.time),
                              dated_by)
            group.append(target)
        placed[sentence] = target
        target.events.append((article, ev))
        target.article_ids.add(article.id)
        target.entity_keys |= keys
        target.concepts |= concepts
    return [c for group in groups.values() for c in group]


def _best_cluster(group: list[_Cluster], article: Article, keys: set[str], concepts: set[str],
                  dated_by: str) -> _Cluster | None:
    best, best_score = None, 0
    for c in group:
        if dated_by == "published" and article.id in c.article_ids:
            return c  # a report's undated sentences are one entry: "what this report says now"
        if article.id in c.article_ids:
            continue
        score = len(keys & c.entity_keys) + min(1, len(concepts & c.concepts))
        if score >= MIN_EVIDENCE and score > best_score:
            best, best_score = c, score
    return best


def _entry(c: _Cluster, canonical: dict[str, str]) -> Entry:
    by_sentence = {(a.id, ev.sentence.start): _source(a, ev) for a, ev in reversed(c.events)}  # first event wins
    sources = tuple(sorted(by_sentence.values(), key=lambda s: (s.published, s.article_id, s.start)))
    independent = {canonical.get(s.article_id, s.article_id) for s in sources}
    quantities = tuple(dict.fromkeys(q for _, ev in c.events for q in ev.quantities))
    names = tuple(dict.fromkeys(n for _, ev in c.events for n in (*ev.actors, *ev.places)))
    return Entry(date=c.date, granularity=c.granularity, label=date_label(c.date, c.granularity),
                 dated_by=c.dated_by, salience=len(independent), sources=sources,
                 concepts=tuple(sorted(c.concepts)), entities=names, quantities=quantities)


def _source(a: Article, ev: Event) -> Source:
    return Source(article_id=a.id, language=a.language or "und", published=(a.published or "")[:10],
                  sentence=ev.sentence.text, start=ev.sentence.start, end=ev.sentence.end,
                  trigger=ev.trigger.text, lemma=ev.lemma, time_text=ev.time_span.text if ev.time_span else "",
                  origin=a.origin, title=a.title or "", url=a.url or "")


# Date selection weights (used only when max_dates cuts the timeline). A coarse date fills a slot
# with less information and is more often background ("the 1918 pandemic"): its sources are spread
# over the days it covers, so they count 1/days (a month 1/30, a year 1/365). In a cut timeline a
# month then shows only when few days are named; the full timeline keeps every month and year.
# A report's own publication date is weaker evidence than a date a text names.
# Tuned on Timeline17 dev topics (H1N1_bbc, MJ_bbc; bench/timeline/README.md), not on held-out ones.
# Grid (bench/timeline/tune.py): published 0/.25/.5/1 x month .25/.5/1 x year .1/.25/1; best date F1
# 0.635 at (.5, .25, .1) vs 0.607 at (.5, .5, .25) and 0.415 with no weighting (1, 1, 1). With the
# retrospective weight below: month .25 year .1 0.690, month .1 year .04 0.700, 1/days 0.708 (the
# same as letting coarse dates take no slot at all).
GRANULARITY_WEIGHT = {"time": 1.0, "day": 1.0, "week": 1 / 7, "month": 1 / 30, "season": 1 / 91,
                      "quarter": 1 / 91, "half": 1 / 182, "year": 1 / 365, "decade": 1 / 3650,
                      "century": 1 / 36500, "none": 1 / 36500}
# PUBLISHED_WEIGHT re-checked on a larger dev set (issue #6, third pass): the 2 Timeline17 dev
# timelines plus 9 entities_tls collections (Charles_Taylor, John_Boehner, Dilma_Rousseff,
# Dominique_Strauss-Kahn, Nawaz_Sharif, Hassan_Rouhani, Hu_Jintao, Marco_Rubio, Oscar_Pistorius;
# bench/timeline/features.py): gold dates found 0.5: 73, 0.75: 75 (T17 dev unchanged, no timeline
# down), 1.0: 72 (H1N1_bbc up, MJ_bbc down). A one- or two-date difference: the weights are on a
# plateau, and fitted linear/logistic models of the same features did no better left-one-out.
PUBLISHED_WEIGHT = 0.75
# A date named before it happened ("the trial is set for 4 January") may not happen; a date named
# afterwards is confirmed. Dev date F1 0.635 -> 0.653 with 0.5 (0.25: same; 0: 0.639).
FUTURE_WEIGHT = 0.5
# A date still named a month or more after it happened is a milestone of the story ("since his
# death on 25 June 2009"); one named only in the following days may be routine news. Such a
# reference counts RETROSPECTIVE_WEIGHT times. Dev date F1 (H1N1_bbc, MJ_bbc) 0.653 -> 0.690 at
# (30 days, 2); 14 days: same, 60 days: 0.649; weight 1.5: 0.649, 3: 0.690. H1N1_bbc (a 2-month
# collection) is unchanged by it; the gain is MJ_bbc's (a 2-year story), 0.592 -> 0.667.
RETROSPECTIVE_DAYS = 30
RETROSPECTIVE_WEIGHT = 2.0


# A report that is itself a chronology (a dated list: "20 March 2014 Police arrest ...", "26 October
# 2014 Rousseff is re-elected ...") is a journalist's own choice of the story's milestones: each day
# it lists counts CHRONOLOGY_WEIGHT more. A chronology is CHRONOLOGY_MIN or more distinct days, each
# written out (with a digit) at the start of a sentence, in order (either way) for at least
# CHRONOLOGY_ORDER of consecutive items. Dev (11 collections; bench/timeline/README.md): 3 of 11
# collections have one (MJ_bbc: a trial chronology whose days are all in the gold; Dilma_Rousseff:
# 8 days, 1 in the derived gold; Oscar_Pistorius: 5 items of a trial diary, 1 in the gold). Gold
# dates found, with date headings read (``_under_headings``): weight 0: 79, 0.5: 80, 1: 82, 2: 81
# (the diary costs Oscar_Pistorius one date); minimum 5 or 8: the same. A day-by-day diary is a
# chronology of routine days, hence the low weight: a listed day counts as one more report.
CHRONOLOGY_WEIGHT = 1.0
CHRONOLOGY_MIN = 5
CHRONOLOGY_ORDER = 0.8

# The score of a date is a weighted sum of these features (independent reports each), scaled by
# GRANULARITY_WEIGHT; DATE_WEIGHTS below reproduce the hand rule described above, plus chronologies.
DATE_WEIGHTS = {"text": 1.0, "retro": RETROSPECTIVE_WEIGHT - 1, "future": FUTURE_WEIGHT, "published": PUBLISHED_WEIGHT,
                "listed": CHRONOLOGY_WEIGHT}
LEAD_SENTENCES = 3  # "lead": a reference in an article's first sentences


def select_dates(entries: list[Entry], max_dates: int | None,
                 canonical: dict[str, str] | None = None) -> tuple[list[Entry], int]:
    """Keep the entries of the ``max_dates`` most salient dates; also return how many dates there were.

    A date's salience counts independent sources over all its entries (an article citing it twice
    counts once, a copy counts as its original), text-dated ones fully (at ``FUTURE_WEIGHT`` when
    the report predates the date, at ``RETROSPECTIVE_WEIGHT`` when it was published
    ``RETROSPECTIVE_DAYS`` or more after it) and publication-dated ones at ``PUBLISHED_WEIGHT``,
    plus ``CHRONOLOGY_WEIGHT`` per report listing it in a chronology, scaled by
    ``GRANULARITY_WEIGHT``; ties go to more mentions, then to the earlier date.
    """
    dates: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:  # a date named in texts and a publication date are one date for selection
        dates[e.date].append(e)
    if max_dates is None or max_dates >= len(dates):
        return entries, len(dates)
    canon = canonical or {}
    feats = date_features(entries, canon)  # ``items`` feed only bench features no weight reads
    ranked = sorted(dates, key=lambda d: _date_rank(d, dates[d], feats[d]))
    keep = set(ranked[:max(0, max_dates)])
    return [e for e in entries if e.date in keep], len(dates)


def date_features(entries: Sequence[Entry], canonical: dict[str, str],
                  items: Sequence[Item] | None = None,
                  report_weight: dict[str, float] | None = None) -> dict[str, dict[str, float]]:
    """Per date, counts of independent reports (see ``select_dates``):

    ``text`` name it and were published that day or later; ``retro`` of those, ``RETROSPECTIVE_DAYS``
    or more later; ``week`` 1-7 days later; ``same`` the same day; ``future`` name it before it
    happened; ``published`` are dated only by it (undated sentences of a report of that day);
    ``lead`` name it in their first ``LEAD_SENTENCES`` sentences; ``mentions`` counts every
    sentence naming it, ``sentences`` every sentence dated by it (named or report-dated);
    ``pub_all`` (needs ``items``) every report published that day; ``listed`` list it as an item of
    a chronology (see ``chronologies``). ``report_weight`` (bench only; canonical report id ->
    weight, default 1) sums weights instead of counting reports: bench/timeline/salience.py scored
    reports weighted by how typical they are of the collection (not kept, README eighth pass).
    """
    lead_end: dict[str, int] = {}
    pub_all: dict[str, set[str]] = defaultdict(set)
    for article, ex in items or ():
        sents = sorted(s.end for s in ex.sentences)
        lead_end[article.id] = sents[min(LEAD_SENTENCES, len(sents)) - 1] if sents else 0
        if article.published:
            pub_all[article.published[:10]].add(canonical.get(article.id, article.id))
    by_date: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        by_date[e.date].append(e)
    listed = chronologies(entries, canonical)
    out = {}
    for d, es in by_date.items():
        when = sort_key(d, es[0].granularity)[:3]
        sets: dict[str, set[str]] = defaultdict(set)
        mentions = 0
        for e in es:
            for s in e.sources:
                art = canonical.get(s.article_id, s.article_id)
                if e.dated_by != "text":  # sentences dated by their report
                    sets["any"].add(art)
                    continue
                mentions += 1
                later = when > sort_key(s.published, "day")[:3] if s.published else False
                if later:
                    sets["future"].add(art)
                    continue
                sets["text"].add(art)
                days = _days_after(d, e.granularity, s.published)
                if days >= RETROSPECTIVE_DAYS:
                    sets["retro"].add(art)
                elif days >= 1:
                    sets["week" if days <= 7 else "month"].add(art)
                elif e.granularity in ("day", "time") and s.published[:10] == d[:10]:
                    sets["same"].add(art)
                if s.start < lead_end.get(s.article_id, 0):
                    sets["lead"].add(art)
        sets["future"] -= sets["text"]
        sets["published"] = sets.pop("any", set()) - sets["text"] - sets["future"]
        f = {k: float(len(v)) if report_weight is None else sum(report_weight.get(a, 1.0) for a in v)
             for k, v in sets.items()}
        f["listed"] = float(len(listed.get(d, ())))
        f["mentions"] = float(mentions)
        f["sentences"] = float(sum(len(e.sources) for e in es))
        if items is not None:
            f["pub_all"] = float(len(pub_all.get(d[:10], ()))) if es[0].granularity in ("day", "time") else 0.0
        out[d] = f
    return out


def _begins_line(text: str, at: int) -> bool:
    """Whether only bullets, dashes, quotes or colons stand between ``at`` and its line's start."""
    return bool(_PUNCT.fullmatch(text[text.rfind("\n", 0, at) + 1 : at]))


def _leads_line(sentence: str, time_text: str) -> bool:
    """Whether ``time_text`` begins a line of the sentence, after bullets, dashes or quotes at most
    (a list item's date; a splitter may have joined the item to the line before it)."""
    return any(_begins_line(sentence, m.start()) for m in re.finditer(re.escape(time_text), sentence))


def chronologies(entries: Sequence[Entry], canonical: dict[str, str]) -> dict[str, set[str]]:
    """Day -> independent reports that list it in a chronology: ``CHRONOLOGY_MIN`` or more distinct
    days, each written with a digit at the start of its sentence or of a line of it (``12 October
    2011 Dr Murray's defence ...``; a splitter may join an item to the line before it) or as a
    heading above it, in order, either way, for ``CHRONOLOGY_ORDER`` of consecutive items.

    >>> def item(day, text):
    ...     return Source("a1", "en", "2011-11-30", text, 0, len(text), "", "", time_text=day)
    >>> days = ["2011-09-27", "2011-09-29", "2011-10-12", "2011-10-27", "2011-11-07"]
    >>> es = [Entry(d, "day", d, "text", 1, (item(date_label(d), f"{date_label(d)} Something happened ."),))
    ...       for d in days]
    >>> sorted(chronologies(es, {}))[:2]
    ['2011-09-27', '2011-09-29']
    >>> chronologies(es[:4], {})
    {}
    """
    items: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for e in entries:
        if e.dated_by != "text" or e.granularity not in ("day", "time"):
            continue
        for s in e.sources:
            if s.time_text and re.search(r"\d", s.time_text) and (
                    _leads_line(s.sentence, s.time_text)
                    or s.time_text not in s.sentence):  # dated by a heading above it
                items[s.article_id].append((s.start, e.date))
    out: dict[str, set[str]] = defaultdict(set)
    for article_id, rows in items.items():
        days = [d for _, d in sorted(set(rows))]
        if len(set(days)) < CHRONOLOGY_MIN:
            continue
        pairs = list(zip(days, days[1:]))
        forward = sum(1 for a, b in pairs if b >= a) / len(pairs)
        backward = sum(1 for a, b in pairs if b <= a) / len(pairs)
        if max(forward, backward) >= CHRONOLOGY_ORDER:
            for d in days:
                out[d].add(canonical.get(article_id, article_id))
    return dict(out)


def date_salience(entries: list[Entry], canonical: dict[str, str],
                  features: dict[str, float] | None = None) -> float:
    """The selection score of one date (see ``select_dates``)."""
    f = features if features is not None else date_features(entries, canonical)[entries[0].date]
    weight = GRANULARITY_WEIGHT.get(entries[0].granularity, GRANULARITY_WEIGHT["none"])
    return weight * sum(w * f.get(k, 0.0) for k, w in DATE_WEIGHTS.items())


def _days_after(value: str, granularity: str, published: str) -> int:
    """Days from a day-level date to a report's publication; 0 for coarser dates or bad values."""
    if granularity not in ("day", "time") or not published:
        return 0
    try:
        return (dt.date.fromisoformat(published[:10]) - dt.date.fromisoformat(value[:10])).days
    except ValueError:
        return 0


def _date_rank(d: str, entries: list[Entry], features: dict[str, float]) -> tuple:
    mentions = sum(len(e.sources) for e in entries)
    return (-date_salience(entries, {}, features), -mentions, sort_key(d, "none"))


def entry_key(e: Entry) -> tuple:
    """Chronological order; within one time value, text-dated first, then most salient."""
    return (*sort_key(e.date, e.granularity), e.dated_by != "text", -e.salience, e.summary)


def sort_key(value: str, granularity: str = "none") -> tuple[int, int, int, int]:
    """(year, month, day, rank): a month sorts before its days, never as its 1st day; a week or a
    season sorts at the day it starts (a week after the days before it, not with its month's
    start; a season after its first month's heading, before that month's 1st day); a decade or a
    century sorts before its first year, not after every dated value.

    >>> sort_key("2024-04", "month") < sort_key("2024-04-01", "day") < sort_key("2024-05", "month")
    True
    >>> sort_key("2025-06-10") < sort_key("2025-W25") < sort_key("2025-06-17")  # week 25: 16-22 June
    True
    >>> sort_key("2025-06", "month") < sort_key("2025-SU") < sort_key("2025-06-01") < sort_key("2025-07", "month")
    True
    >>> sort_key("2024-11-30") < sort_key("2024-WI") < sort_key("2024-12-01") < sort_key("2025", "year")  # 2024/25
    True
    >>> sort_key("1999") < sort_key("20XX") < sort_key("2019") < sort_key("202X") < sort_key("2020") < sort_key("2021")
    True
    """
    gran = granularity if granularity != "none" else granularity_of(value)
    coarse = re.match(r"^(\d{2})(\d|X)X$", value)  # a decade (``201X``) or a century (``19XX``)
    if coarse:
        decade = coarse.group(2) != "X"
        year = int(coarse.group(1)) * 100 + (int(coarse.group(2)) * 10 if decade else 0)
        return (year, 0, 0, _GRAN_RANK["decade" if decade else "century"])
    m = re.match(r"^(\d{4})(?:-(\d{2}|Q([1-4])|W(\d{2})|(SP|SU|FA|WI)|H([12])))?(?:-(\d{2}))?", value)
    if not m:
        return (9999, 99, 99, 99)
    year = int(m.group(1))
    month, day = 0, 0
    if m.group(2) and m.group(2).isdigit():
        month = int(m.group(2))
    elif m.group(3):
        month = 3 * int(m.group(3)) - 2
    elif m.group(4):
        monday = _week_start(year, int(m.group(4)))
        year, month, day = monday.year, monday.month, monday.day
    elif m.group(5):
        month, day = _SEASONS[m.group(5)][:2]
    elif m.group(6):
        month = 1 if m.group(6) == "1" else 7
    if m.group(7):
        day = int(m.group(7))
    elif not (m.group(4) or m.group(5)):
        day = 0
    return (year, month, day, _GRAN_RANK.get(gran, 9))


def _week_start(year: int, week: int) -> dt.date:
    """Monday of ISO week ``week`` (TimeML ``2025-W25``); week 53 of a 52-week year clamps to 52."""
    try:
        return dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        return dt.date.fromisocalendar(year, max(1, min(week, 52)), 1)


def date_label(value: str, granularity: str = "none") -> str:
    """A reader's label at the value's own granularity.

    >>> date_label("2024-04", "month"), date_label("2024-03-12", "day"), date_label("2024-SP")
    ('April 2024', '12 March 2024', 'spring 2024')
    >>> date_label("2024-WI"), date_label("199X"), date_label("19XX")  # winter spans two years
    ('winter 2024/25', '1990s', '20th century')
    """
    coarse = re.match(r"^(\d{2})(\d|X)X$", value)
    if coarse:
        if coarse.group(2) != "X":
            return f"{coarse.group(1)}{coarse.group(2)}0s"
        n = int(coarse.group(1)) + 1
        return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')} century"
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", value)
    if m:
        year, month, day = m.groups()
        if day:
            return f"{int(day)} {calendar.month_name[int(month)]} {year}"
        if month:
            return f"{calendar.month_name[int(month)]} {year}"
        return year
    m = re.match(r"^(\d{4})-(Q[1-4]|H[12]|W\d{2}|SP|SU|FA|WI)$", value)
    if m:
        year, part = m.groups()
        if part == "WI":
            return f"winter {year}/{(int(year) + 1) % 100:02d}"
        if part in _SEASONS:
            return f"{_SEASONS[part][2]} {year}"
        return f"week {int(part[1:])}, {year}" if part.startswith("W") else f"{part} {year}"
    return value


def fold(name: str) -> str:
    """Language-neutral key for a name: case- and accent-folded, punctuation-free."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", text))


def concepts_of(sentence: str, lang: str) -> set[str]:
    """Event concepts named in a sentence, from the language's stems (``livré`` -> ``deliver``)."""
    words = " " + " ".join(re.findall(r"[\w']+", sentence.lower())) + " "
    found = set()
    for concept, stems in lang_data(lang).get("concepts", {}).items():
        if any((" " + stem.replace("-", " ")) in words for stem in stems):
            found.add(concept)
    return found


def _unlabelled(key: str) -> str:
    """An entity id without its label (``loc:bugei`` -> ``bugei``): taggers label one name
    differently across languages and sentences (the Bugey plant as a place in French, a person in
    English), and a merge needs a second piece of evidence anyway."""
    return key.split(":", 1)[-1]


def _entity_ids(ex: Extraction) -> dict[str, str]:
    """Name -> canonical id when the link stage has set one (cross-language identity)."""
    return {e.name: e.entity_id for e in ex.entities if e.entity_id and e.name}


def said(quotes: Iterable[QuoteRow]) -> list[QuoteRow]:
    """The rows a reader's "who said what" shows: stances (beliefs, wishes, positions: ``X wants``,
    ``The harvest is expected to``) stay in the JSON export and behind ``storyline quotes --kind
    stance``, as in the CLI's default list.

    >>> row = lambda kind: QuoteRow("X", "", "t", "say", kind, "a1", "en", "2025-01-01", 0, 1)
    >>> [q.kind for q in said([row("direct"), row("stance"), row("indirect")])]
    ['direct', 'indirect']
    """
    return [q for q in quotes if q.kind != "stance"]


def quotes_of(items: Iterable[Item]) -> list[QuoteRow]:
    """Every quote as a row, grouped by speaker (most quoted first), then by date.

    Quotes of one speaker share one name, the one its quotes use most (then the longest): quotes
    of one identity (``speaker_entity``: ``l'agence`` resolved to ``l'Agence de l'eau …``), and
    speakers the story shows to be one (``speakers.unify``: ``The water agency`` in a report that
    names no agency, the agency's English name in an English report).
    """
    items = list(items)
    mention = {id(q): SpeakerMention(q.speaker_entity, q.speaker_name or (q.speaker.text if q.speaker else ""),
                                     a.language or "und")
               for a, ex in items for q in ex.quotes}
    named = [m for m in mention.values() if m.name]
    story_names = {name_fold(e.name) for _, ex in items for e in ex.entities if e.name}
    same = unify(named, story_names)
    names: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for m in named:
        names[same[speaker_key(m)]][m.name] += 1
    shown = {k: max(c, key=lambda n: (c[n], len(n))) for k, c in names.items()}
    rows = []
    for article, ex in items:
        for q in ex.quotes:
            m = mention[id(q)]
            speaker = shown[same[speaker_key(m)]] if m.name else "unattributed"
            role = q.role if q.role.casefold() != speaker.casefold() else ""
            rows.append(QuoteRow(speaker=speaker, role=role, text=q.content.text,
                                 cue=q.cue.text if q.cue else q.cue_lemma, kind=q.kind, article_id=article.id,
                                 language=article.language or "und", published=(article.published or "")[:10],
                                 start=q.content.start, end=q.content.end))
    counts: defaultdict[str, int] = defaultdict(int)
    for r in rows:
        counts[r.speaker] += 1
    return sorted(rows, key=lambda r: (r.speaker == "unattributed", -counts[r.speaker], r.speaker,
                                       r.published, r.start))


def _info(a: Article) -> ArticleInfo:
    return ArticleInfo(id=a.id, language=a.language or "und", published=(a.published or "")[:10],
                       title=a.title or "", origin=a.origin, url=a.url or "", duplicate_of=a.duplicate_of or "")


FORMATS = ("md", "json", "csv", "html")


def render(timeline: Timeline, fmt: str) -> str:
    """The timeline as text in ``fmt`` (one of ``FORMATS``): ``render(build_timeline(items), "md")``."""
    from storyline.errors import ConfigError

    if fmt not in FORMATS:
        raise ConfigError(f"unknown timeline format {fmt!r}; valid: {', '.join(FORMATS)}")
    if fmt == "json":
        from storyline.present.render_json import render_json as fn
    elif fmt == "md":
        from storyline.present.render_md import render_md as fn
    elif fmt == "csv":
        from storyline.present.render_csv import render_csv as fn
    else:
        from storyline.present.render_html import render_html as fn
    return fn(timeline)
