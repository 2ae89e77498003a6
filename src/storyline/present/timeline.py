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

This module builds the entries; the records live in ``timeline_records``, the order and labels of
time values in ``timeline_dates``, date selection in ``timeline_rank`` (all re-exported here).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterable, Sequence

from storyline.extract.events import granularity_of, lang_data
from storyline.extract.times import is_editor_note
from storyline.link.names_places import fold as name_fold
from storyline.model import Article, Event, Extraction, Span, TimeMention
from storyline.present.speakers import SpeakerMention, unify
from storyline.present.speakers import key as speaker_key
from storyline.present.timeline_dates import date_label, overlaps, sort_key
from storyline.present.timeline_rank import (  # noqa: F401  (re-exported: the bench and tests read them here)
    CHRONOLOGY_MIN, DATE_WEIGHTS, FUTURE_WEIGHT, GRANULARITY_WEIGHT, PUBLISHED_WEIGHT, RETROSPECTIVE_DAYS,
    RETROSPECTIVE_WEIGHT, begins_line, chronologies, date_features, date_salience, select_dates)
from storyline.present.timeline_records import (  # noqa: F401  (re-exported: the renderers import them here)
    ArticleInfo, Entry, Item, QuoteRow, Source, Timeline)
from storyline.present.timeline_summary import date_summary as date_summary  # re-exported: its home until session 9

MIN_EVIDENCE = 2  # shared entities + shared concepts needed to merge; set by reading sample merges


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
                   title: str = "", window: tuple[dt.date | None, dt.date | None] | None = None) -> Timeline:
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
    if window is not None:  # a period of the story: entries whose time overlaps it, ranked among themselves
        entries = [e for e in entries if overlaps(e.date, window, e.granularity)]
    kept, total = select_dates(entries, max_dates, canonical)
    claims: tuple = ()
    if with_claims:
        from storyline.present.claims import find_claims

        claims = tuple(find_claims(items))
    quotes = tuple(quotes_of(items))
    if window is not None:  # what was said in the period; the comparisons that hold a figure of it, whole
        quotes = tuple(q for q in quotes if overlaps(q.published[:10], window))
        from storyline.present.claims_compare import in_period

        claims = tuple(in_period(claims, window))
    return Timeline(entries=tuple(sorted(kept, key=entry_key)), articles=tuple(_info(a) for a, _ in items),
                    quotes=quotes, claims=claims, max_dates=max_dates,
                    dates_total=total, title=title,
                    window=(_iso(window[0]), _iso(window[1])) if window else None)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


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
        if not begins_line(text, t.start):
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
    own = sorted(t.start for t in ex.times if _DATE_VALUE.match(t.value) and t.start not in leading)
    starts = sorted(s.start for s in ex.sentences) or sorted(ev.sentence.start for ev in ex.events)
    # Bisection, not a scan of every line, date and sentence per event: a 700,000-character page
    # (Timeline17's Washington Post dumps) made this quadratic. Dates do not overlap, so the lines
    # (in text order) end in order too; should two overlap, the later ends count as the earlier.
    ends = [t.end for t, _ in lines]
    for i in range(1, len(ends)):
        ends[i] = max(ends[i], ends[i - 1])
    text = article.text
    out = []
    for ev in ex.events:
        k = bisect_right(ends, ev.trigger.start)  # the lines ending before the predicate
        j = bisect_left(own, ev.sentence.start)
        if ev.time_source != "published" or not k or (j < len(own) and own[j] < ev.sentence.end):
            out.append(ev)
            continue
        t, heading = lines[k - 1]
        eol = text.find("\n", t.end)
        same_line = eol < 0 or ev.trigger.start < eol
        between = max(0, bisect_left(starts, ev.sentence.start) - bisect_left(starts, t.end))
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


def entry_key(e: Entry) -> tuple:
    """Chronological order; within one time value, text-dated first, then most salient."""
    return (*sort_key(e.date, e.granularity), e.dated_by != "text", -e.salience, e.summary)



@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Language-neutral key for a name: case- and accent-folded, punctuation-free (cached: the
    claims and summaries fold the same few thousand names millions of times in a large story)."""
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
