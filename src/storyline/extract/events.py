"""events extractor: what happened, when, who, where, how much — one record per reporting sentence.

It re-uses the parse and what earlier extractors found (``ctx.found``), so it costs a walk over
the dependency tree, never a second parse:

- the *trigger* is the sentence's main predicate (the ROOT verb; a modal root hands over to its
  infinitive), or, when the sentence's date is attached elsewhere, the verb that governs that date;
- *when* is a DATE time expression of the sentence (durations and undated values are ignored),
  preferring the one attached to the trigger in the tree; with none, the publication date, marked
  ``time_source="published"`` so the timeline can say the event is dated by its report;
- a sentence that dates something *else* (``since the invasion in February 2022``,
  ``l'assistance du 12 mars``) yields one more event per extra date, whose trigger is the word the
  date modifies: a report's background facts are what timelines are made of;
- headings (no verb), questions and undated commentary (modal or analysis predicates, per-language
  lists in ``lang/<code>/events.json``) are skipped.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Iterable

from storyline.extract.base import Context, register
from storyline.extract.nlp import main_root, sentences
from storyline.model import EntityMention, Event, Quantity, Span, TimeMention

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

VERSION = "4"  # bump when the output changes: `storyline reextract` renews facts of other versions
# 4: sentences of languages without a parser are events too (_unparsed_events)
STAGE = f"events@{VERSION}"
_DATED = re.compile(r"^\d{4}(-(\d{2}|Q[1-4]|W\d{2}|SP|SU|FA|WI|H[12])(-\d{2})?)?(T.*)?$")
_GRANULARITY = {4: "year", 7: "month", 10: "day"}
ACTOR_LABELS = frozenset({"PER", "ORG", "NORP", "MISC"})
PLACE_LABELS = frozenset({"LOC", "GPE"})


@lru_cache(maxsize=16)
def lang_data(lang: str) -> dict[str, Any]:
    """The per-language event data (``lang/<code>/events.json``); empty lists when none ships."""
    try:
        text = resources.files("storyline.extract").joinpath(f"lang/{lang}/events.json").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return {"modal_lemmas": [], "commentary_lemmas": [], "concepts": {}}
    return json.loads(text)


def is_dated(t: TimeMention) -> bool:
    """A DATE whose value places it on the calendar (not ``P3D``, ``PRESENT_REF``, ``XXXX-03``)."""
    return t.type == "DATE" and bool(_DATED.match(t.value))


def granularity_of(value: str) -> str:
    """Granularity from a TimeML value's shape: ``2024`` year, ``2024-04`` month, ``2024-04-12`` day.

    >>> [granularity_of(v) for v in ("2024", "2024-04", "2024-04-12", "2024-W15", "2024-WI", "2024-Q2")]
    ['year', 'month', 'day', 'week', 'season', 'quarter']
    """
    if "T" in value:
        return "time"
    if re.match(r"^\d{4}-(SP|SU|FA|WI)$", value):  # before weeks: winter is `-WI`
        return "season"
    if "-Q" in value or "-H" in value:
        return "quarter"
    if "-W" in value:
        return "week"
    return _GRANULARITY.get(len(value), "none")


@register("events", version=VERSION)
def extract_events(ctx: Context) -> list[Event]:
    """One event per reporting sentence, plus one per extra date a sentence gives to something else.

    >>> from storyline.pipeline import extract_text
    >>> _, ex = extract_text("Why now? The army attacked the city.", lang="en", published="2024-04-24")
    >>> [(e.lemma, e.time, e.time_source) for e in ex.events]
    [('attack', '2024-04-24', 'published')]
    """
    data = lang_data(ctx.lang)
    times = [t for t in ctx.found.get("times", ()) if is_dated(t)]
    entities: tuple[EntityMention, ...] = tuple(ctx.found.get("entities", ()))
    quantities: tuple[Quantity, ...] = tuple(ctx.found.get("quantities", ()))
    events: list[Event] = []
    # a blank pipeline (no parser ships for this language): asked once, as Doc.has_annotation scans
    # every token of an unannotated doc (once per sentence made a long report quadratic)
    parsed = ctx.doc.has_annotation("POS")
    by_start = sorted(times, key=lambda t: t.start)
    for sent in sentences(ctx.doc):
        for line in _lines(sent):
            if parsed:
                events.extend(_sentence_events(ctx, line, data, by_start, entities, quantities))
            else:
                events.extend(_unparsed_events(ctx, line, by_start, (entities, quantities)))
    return events


def _lines(sent: "SpacySpan") -> list["SpacySpan"]:
    """The sentence split at line breaks: spaCy glues a heading line (``Allies``) to the next sentence."""
    doc, pieces, start = sent.doc, [], sent.start
    for tok in sent:
        if tok.is_space and "\n" in tok.text:
            pieces.append(doc[start:tok.i])
            start = tok.i + 1
    pieces.append(doc[start:sent.end])
    return [p for p in pieces if len(p) and not all(t.is_space for t in p)]


def _sentence_events(ctx: Context, sent: "SpacySpan", data: dict[str, Any], times: list[TimeMention],
                     entities: tuple[EntityMention, ...], quantities: tuple[Quantity, ...]) -> list[Event]:
    root = main_predicate(sent, data)
    if root is None or _is_question(sent) or _is_heading(sent):
        return []
    inside = _times_in(sent, times)
    anchored = [(t, *anchor_of(ctx, t)) for t in inside]
    primary = _primary(root, anchored)
    if primary is None and _is_commentary(root, data):
        return []
    found = (entities, quantities)
    out = [_event(ctx, sent, primary[1] if primary else root, primary[0] if primary else None, found)]
    seen = {primary[0].value} if primary else set()
    measures: frozenset[int] | None = None  # built for the first background date only
    for t, anchor, _ in anchored:  # background facts: other dates, each on the word it modifies
        if t.value not in seen and anchor is not None:
            seen.add(t.value)
            if measures is None:
                measures = _measure_tokens(sent, quantities)
            out.append(_event(ctx, sent, _past_measures(anchor, measures), t, found))
    return out


def _unparsed_events(ctx: Context, sent: "SpacySpan", times: list[TimeMention],  # sorted by start
                     found: tuple[tuple[EntityMention, ...], tuple[Quantity, ...]]) -> list[Event]:
    """Events of a sentence in a language without a parser: no predicate is known, so the
    sentence is dated by its first time (else by its report) and each other date it names is
    one more event; the trigger is the time expression itself (or the first word) and the lemma
    stays empty rather than guessed. Questions and headings report nothing, as with a parse.

    >>> from storyline.pipeline import extract_text
    >>> _, ex = extract_text("Die Regierung hat am 12. März 2024 entschieden. Sie schweigt.", lang="de",
    ...                      published="2024-04-24")
    >>> [(e.sentence.text[:14], e.time, e.time_source, e.lemma) for e in ex.events]
    [('Die Regierung ', '2024-03-12', 'text', ''), ('Sie schweigt.', '2024-04-24', 'published', '')]
    """
    if _is_question(sent) or _is_heading(sent):
        return []
    inside = _times_in(sent, times)
    words = [t for t in sent if t.is_alpha] or list(sent)
    if not inside:
        return [_event(ctx, sent, words[0], None, found)]
    out, seen = [], set()
    for t in inside:
        if t.value not in seen:
            seen.add(t.value)
            trigger = next((tok for tok in sent if tok.idx >= t.start), words[0])
            out.append(_event(ctx, sent, trigger, t, found))
    return out


def _times_in(sent: "SpacySpan", times: list[TimeMention]) -> list[TimeMention]:
    """The times inside ``sent``; ``times`` sorted by start, so found by bisection (a scan of all
    of them per sentence made a long report with a date in every sentence quadratic)."""
    first = bisect_left(times, sent.start_char, key=lambda t: t.start)
    last = bisect_left(times, sent.end_char, lo=first, key=lambda t: t.start)
    return [t for t in times[first:last] if t.end <= sent.end_char]


def main_predicate(sent: "SpacySpan", data: dict[str, Any]) -> "Token | None":
    """The ROOT when the sentence has a verb at all (headings have none); a modal hands over to its infinitive."""
    if not any(t.pos_ in ("VERB", "AUX") for t in sent):
        return None
    root = main_root(sent)
    if root.lemma_.lower() in data["modal_lemmas"]:
        for child in root.children:
            if child.dep_ in ("xcomp", "ccomp") and child.pos_ == "VERB":
                return child
    return root


def anchor_of(ctx: Context, t: TimeMention) -> "tuple[Token | None, Token | None]":
    """What a time expression modifies: (first verb or common noun above it, first verb above it).

    Prepositions, determiners, proper nouns (``contre la Russie en octobre`` is parsed as a
    modifier of *Russie*) and adjectives are climbed over. The first element is the word the
    date is about; the second the clause it belongs to.
    """
    span = ctx.doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None:
        return None, None
    inside = set(range(span.start, span.end))
    tok, anchor = span.root, None
    for _ in range(16):  # depth bound: parses are shallow; avoids cycles on odd trees
        if tok.head.i == tok.i:
            return anchor, (tok if tok.i not in inside else None)
        tok = tok.head
        if tok.i in inside:
            continue
        if anchor is None and tok.pos_ in ("VERB", "NOUN"):
            anchor = tok
        if tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT":
            return anchor, tok
    return anchor, None


Anchored = tuple[TimeMention, "Token | None", "Token | None"]


def _measure_tokens(sent: "SpacySpan", quantities: tuple[Quantity, ...]) -> frozenset[int]:
    """Indices of the sentence's tokens that lie inside a quantity (``50 million euros``)."""
    spans = [(q.start, q.end) for q in quantities if sent.start_char <= q.start and q.end <= sent.end_char]
    if not spans:
        return frozenset()
    return frozenset(t.i for t in sent if any(a <= t.idx and t.idx + len(t.text) <= b for a, b in spans))


def _past_measures(anchor: "Token", measures: frozenset[int]) -> "Token":
    """The word a background date is about, past the nouns of a figure: in ``announced at 50
    million euros in June`` the parser hangs the date on *euros*, but what happened in June is
    the announcement. Only the trigger shown changes; which date is the sentence's own does not."""
    tok = anchor
    for _ in range(16):
        if tok.i not in measures:
            return tok
        if tok.head.i == tok.i:
            break
        tok = tok.head
        while tok.pos_ not in ("VERB", "NOUN") and tok.head.i != tok.i:
            tok = tok.head
    return tok if tok.i not in measures and tok.pos_ in ("VERB", "NOUN") else anchor


def _primary(root: "Token", anchored: list[Anchored]) -> tuple[TimeMention, "Token"] | None:
    """The sentence's date and trigger: a date on the root itself, else one in the root's clause
    (``prise ... à la demande du président dès février``), else one directly on another verb.
    Dates inside other clauses' noun phrases stay background facts."""
    for t, anchor, _ in anchored:
        if anchor is not None and anchor.i == root.i:
            return t, root
    for t, _, clause in anchored:
        if clause is not None and clause.i == root.i:
            return t, root
    for t, anchor, clause in anchored:
        if anchor is not None and clause is not None and anchor.i == clause.i:
            return t, anchor
    return None


# sentence ends of other scripts: Chinese and Japanese full stops and questions, Devanagari danda,
# Urdu full stop, Arabic question mark, CJK closing quotes
_FINAL_MARKS = (".", "!", "…", "”", "»", '"', ":", "。", "！", "।", "॥", "۔", "」", "』")
_QUESTION_MARKS = ("?", "？", "؟")


def _is_question(sent: "SpacySpan") -> bool:
    return sent.text.rstrip(" \"'”»“«」』").endswith(_QUESTION_MARKS)


def _is_heading(sent: "SpacySpan") -> bool:
    """A short line without final punctuation (section titles, captions) reports nothing; a short
    Hindi or Chinese sentence ending in ``।`` or ``。`` reports something."""
    return len(sent) < 8 and not sent.text.strip().endswith(_FINAL_MARKS)


def _is_commentary(root: "Token", data: dict[str, Any]) -> bool:
    """Undated speculation or analysis: modal/conditional predicate or an analysis verb."""
    lemmas = {root.lemma_.lower(), root.head.lemma_.lower()}
    lemmas |= {c.lemma_.lower() for c in root.children if c.dep_.startswith("aux")}
    if lemmas & set(data["modal_lemmas"]) or root.lemma_.lower() in data["commentary_lemmas"]:
        return True
    return "Cnd" in root.morph.get("Mood", []) or "Cnd" in root.head.morph.get("Mood", [])


def _event(ctx: Context, sent: "SpacySpan", trigger: "Token", when: TimeMention | None,
           found: tuple[tuple[EntityMention, ...], tuple[Quantity, ...]]) -> Event:
    entities, quantities = found
    lo, hi = sent.start_char, sent.end_char
    ents = [e for e in entities if lo <= e.start and e.end <= hi]
    actors = _unique(e.name or e.text for e in ents if e.label in ACTOR_LABELS)
    places = _unique(e.name or e.text for e in ents if e.label in PLACE_LABELS)
    amounts = _unique(q.text for q in quantities if lo <= q.start and q.end <= hi)
    time, gran, source, tspan = _when(ctx, when)
    return Event(
        article_id=ctx.article.id, sentence=Span(lo, hi, sent.text),
        trigger=Span(trigger.idx, trigger.idx + len(trigger.text), trigger.text),
        lemma=trigger.lemma_.lower(), time=time, granularity=gran, time_source=source,
        time_span=tspan, actors=actors, places=places, quantities=amounts, stage=STAGE,
    )


def _when(ctx: Context, t: TimeMention | None) -> tuple[str, str, Any, Span | None]:
    if t is not None:
        gran = t.granularity if t.granularity not in ("", "none") else granularity_of(t.value)
        return t.value, gran, "text", Span(t.start, t.end, t.text)
    if ctx.published is not None:
        return ctx.published.isoformat(), "day", "published", None
    return "", "none", "none", None


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))
