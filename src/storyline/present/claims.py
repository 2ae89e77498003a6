"""Claims: what reports assert about a thing's measurable attributes and status, compared across reports.

A claim is ``(subject, attribute, value, time, source)``:

- from a **quantity**: the attribute is named by a cue word near it (``portée`` / ``range`` ->
  ``range``, per-language stems in ``lang/<code>/events_claims.json``), else by its unit (``km`` ->
  ``distance``, ``USD`` -> ``amount``), else it counts its unit (``count of soldier``); the subject
  is the named thing or organisation (MISC, ORG) in the sentence or within two either side, or a
  place or person named before the figure in its own sentence (``Sur Nancy, le réseau compte 16
  km``), preferring the nearest, then one that is not the report's source (``Norton Co. said net
  income fell 6%`` is about Norton only when nothing else is named), then the most mentioned;
  else the report's most mentioned thing — a range is stated of a weapon that the previous
  sentence names;
  a count of people (``troops``, ``casualties``) is stated of a country, people or organisation:
  the one the figure itself names (``500 Russian soldiers``, ``50 000 soldats russes``), else the
  nearest one before it in its sentence (``North Korea has sent 10,000 soldiers``), else none —
  a weapon named nearby is not who the soldiers are; victims with no country are the thing's or
  event's named in their sentence or the two either side (``the rig exploded, killing 11 workers``).
  A figure's time is the date its clause
  states (``310 in June``), else the report's date; a figure only compared with (``contre environ
  600 en temps normal``, ``up from 30,000``) with no date of its own is a baseline, no claim;
- from a **status event**: an event whose trigger (else sentence) names a status concept
  (announce, decide, approve, deliver, authorise, use) about a named thing; a quotation's cue
  (``a annoncé l'agence``) is the report's speech, not a status.

Claims with the same attribute are grouped across reports by what they measure: a claim whose
subject is named before the figure in its sentence (not as the report's source) keeps it, and two
such subjects (``entity_id`` or folded name: language-independent) stay apart; claims whose
subject is only a source or a nearby name (the WHO, an official) meet whatever that name; figures
more than twenty times apart with no figure between are not one quantity (``claims_compare._groups``); the
pool joins the story's main thing when that has figures of its own. What a figure measures may be
named by a verb near it (oil ``collected``, not leaking) or, for money and percentages, by its
noun (``amount (fund)``, ``amount (loss)``): then it is part of the attribute. A group's
claims are compared: **agree** when every pair of values is compatible (intervals overlap, so
``up to 300 km`` agrees with ``several hundred km``), **update** when a later report changes a
value or status (or one report gives figures for two dates it states: ``240 last week, down from
310 in June``), **conflict** when two reports give incompatible values for the same time.
Conflicts first.

This module reads the claims of one report (``claims_of``, ``known_things``) and puts a story's
together (``find_claims``). Session 12 split off, unchanged, the records (``claims_records``:
``Claim``, ``ClaimGroup``) and the comparison across reports (``claims_compare``: grouping,
scale, verdicts, ``interval``, ``compatible``); names other modules import from here still work.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from typing import Any, Sequence

from storyline.extract.events import is_dated
from storyline.extract.quantities import compared_with_previous
from storyline.model import Article, EntityMention, Extraction, Quantity, Span, TimeMention
# Split out in session 12; re-exported (``x as x``) where callers, benches and tests import them
# from here, as before the split.
from storyline.present.claims_compare import _ORDER, _compare, _groups, _shown_subject
from storyline.present.claims_compare import compatible as compatible
from storyline.present.claims_compare import interval as interval
from storyline.present.claims_records import Claim as Claim
from storyline.present.claims_records import ClaimGroup as ClaimGroup
from storyline.present.claims_nouns import unify_counts
from storyline.present.timeline import concepts_of, fold

Item = tuple[Article, Extraction]
SUBJECT_LABELS = ("MISC", "ORG")  # things and organisations: what the story names across reports
# any named entity may be what a figure is about (a town's network, a player's points), ranked
# after things and organisations at the same distance (bench/claims, dev)
FIGURE_LABELS = ("MISC", "ORG", "LOC", "GPE", "PER", "NORP")
ACTOR_LABELS = ("LOC", "GPE", "NORP", "ORG")  # who a count of people is about
# how far (characters, same clause) a stated date may stand after / before its figure; chosen on
# bench/claims dev (time accuracy 79.4 -> 84.5 over 25 / none before)
TIME_AFTER, TIME_BEFORE = 60, 20
# what a cue's attribute can measure: a cue names the attribute only when the figure's unit fits
# it (``the range of the oil spill: 56,000 to 84,000 barrels a day`` is a rate, not a range;
# ``Top-kill ... $940 million`` is money, not casualties); attributes not listed take any unit
# an attribute's cue word names a figure's attribute only within this many characters of it:
# ``rocketed from 121 to the top spot after a surge in sales since the superstar's death`` is no
# death toll (bench/claims dev: identical at 50-200 and without a limit, 30 loses a pair)
ATTRIBUTE_REACH = 60
CUE_UNITS: dict[str, tuple[str, ...]] = {"range": ("distance",), "cost": ("amount",), "troops": (), "casualties": ()}
# how far (reporting sentences) the thing a count of people with no named country is stated of may
# be named (``_stated_of``): victims of a disaster or disease named nearby; troops only in their own
# sentence (bench/claims dev, the 11 dead of the rig; the samples' soldiers are not a missile's)
STATED_OF_WINDOW = {"casualties": 2}
# what a figure measures, when a verb near it says so, that keeps it apart from the same
# attribute's other figures (``_measured``); labels of ``measured`` in lang/<code>/events_claims.json
MEASURED_APART = ("collected",)


@lru_cache(maxsize=16)
def claim_data(lang: str) -> dict[str, Any]:
    """Per-language claim cues. A language that ships none has no cue words, but what a unit
    measures is the same in every language (``km`` -> ``distance``): it gets the units' attributes
    of the languages that have a file, so ``300 Kilometern`` is a distance, not a count of km."""
    try:
        path = resources.files("storyline.extract").joinpath(f"lang/{lang}/events_claims.json")
        return json.loads(path.read_text("utf-8"))
    except (FileNotFoundError, OSError):
        return {"attributes": {}, "unit_attributes": dict(unit_measures()), "status": []}


@lru_cache(maxsize=1)
def unit_measures() -> dict[str, str]:
    """Unit code -> what it measures (``km`` -> ``distance``), over every language that ships
    claim cues: the same in every language (read it, do not change it)."""
    units: dict[str, str] = {}
    for folder in sorted(resources.files("storyline.extract").joinpath("lang").iterdir(), key=lambda f: f.name):
        if folder.joinpath("events_claims.json").is_file():
            units.update(claim_data(folder.name).get("unit_attributes", {}))
    return units


def find_claims(items: Sequence[Item]) -> list[ClaimGroup]:
    """All claims of the reports, grouped by subject and attribute, conflicts first.

    >>> from storyline.model import Article, EntityMention, Extraction, Quantity, Sentence
    >>> t = "ATACMS has a range of up to 300 km."
    >>> a = Article("a", t, "x", published="2024-04-24", language="en")
    >>> ex = Extraction("a", sentences=(Sentence(0, len(t)),),
    ...     entities=(EntityMention("a", 0, 6, "ATACMS", "MISC", "ATACMS"),),
    ...     quantities=(Quantity("a", 22, 34, "up to 300 km", 300.0, "km", modifier="max"),))
    >>> [(g.subject, g.attribute, g.verdict, g.claims[0].value) for g in find_claims([(a, ex)])]
    [('ATACMS', 'range', 'single', 'up to 300 km')]
    """
    known = known_things(items)
    index = _index_names(known)
    found = [_things(article, ex, known, index) for article, ex in items]  # once per report
    rated = [rc for (article, ex), things in zip(items, found) for rc in _rated_claims(article, ex, things)]
    claims = unify_counts([c for c, _ in rated])
    keyed = [own for _, own in rated]
    named = _story_names([_without_publisher(things, article.source) for (article, _), things in zip(items, found)])
    main = _main_thing_of(named, len(items))
    names = {_key(e): e.name or e.text for _, ex in items for e in ex.entities}
    out = [_compare(cs, _shown_subject(cs, keys, named, main, names))
           for cs, keys in _groups(list(zip(claims, keyed)), main)]
    return sorted(out, key=lambda g: (_ORDER[g.verdict], -len(g.claims), g.subject, g.attribute))


def _story_names(found: Sequence[list[EntityMention]]) -> dict[str, tuple[int, int, bool]]:
    """Key of every name the story's reports mention, as claims read them (``_things`` of each
    report: a known name its NER missed counts) -> (reports naming it, mentions, a thing or
    organisation)."""
    reports: dict[str, int] = defaultdict(int)
    mentions: dict[str, int] = defaultdict(int)
    thing: dict[str, bool] = defaultdict(bool)
    for things in found:
        for e in things:
            mentions[_key(e)] += 1
            thing[_key(e)] |= e.label in SUBJECT_LABELS
        for k in {_key(e) for e in things}:
            reports[k] += 1
    return {k: (reports[k], mentions[k], thing[k]) for k in reports}


def _main_thing_of(named: dict[str, tuple[int, int, bool]], reports: int = 0) -> str:
    """The key of the story's main thing: the thing or organisation (MISC, ORG) most of its reports
    name (ties: most mentions; BP in the oil spill, ATACMS in the samples), or empty. It must be
    named by at least half the reports (``reports``, when given): the thing the most reports of a
    singer's story name may be `CPR`, in 3 of 19, and is no more what its figures are about
    (bench/claims dev: identical with no threshold and at 25 %, 33 %, 50 %, 60 %)."""
    things = [k for k, (n, _, thing) in named.items() if thing and 2 * n >= reports]
    return max(things, key=lambda k: (named[k][:2], k)) if things else ""


def _key(e: EntityMention) -> str:
    """A name's key across reports and languages: its entity id without the label (taggers label
    one name differently across languages: the Rhône is a place in French, an organisation in
    English, as the timeline's merge allows), else its folded name."""
    return e.entity_id.split(":", 1)[-1] if e.entity_id else fold(e.name or e.text)


def known_things(items: Sequence[Item]) -> dict[str, tuple[str, str]]:
    """Names of things (MISC/ORG) recognised anywhere in the story -> (preferred label, entity id).

    A name one report's NER found is looked up by surface in the others, where NER may have
    missed it (``US-supplied ATACMS``); a name tagged MISC anywhere counts as MISC everywhere,
    and keeps the canonical id the link stage gave it.
    """
    known: dict[str, tuple[str, str]] = {}
    for _, ex in items:
        for e in ex.entities:
            name = e.name or e.text
            if e.label not in SUBJECT_LABELS or len(name) < 3:
                continue
            label, entity_id = known.get(name, (e.label, e.entity_id))
            if SUBJECT_LABELS.index(e.label) < SUBJECT_LABELS.index(label):
                label = e.label
            known[name] = (label, entity_id or e.entity_id)
    return known


def _things(article: Article, ex: Extraction, known: dict[str, tuple[str, str]],
            index: tuple[list[str], dict[str, list[int]], list[int]]) -> list[EntityMention]:
    """The report's named mentions, labelled as the story knows them (a river is an organisation
    to one tagger and a place to another), plus known names this report's NER missed."""
    mentions = [replace(e, label=known.get(e.name or e.text, (e.label, ""))[0]) for e in ex.entities
                if e.label in FIGURE_LABELS or (e.name or e.text) in known]
    covered = sorted({(e.start, e.end) for e in ex.entities})
    starts = [s for s, _ in covered]
    reach = list(accumulate((e for _, e in covered), max))  # the furthest end among spans so far
    names, by_first, wordless = index
    text = article.text
    at: dict[str, list[int]] = defaultdict(list)  # each word of the report -> where it starts
    for w in _WORD.finditer(text):
        at[w.group()].append(w.start())
    # Most of a story's names are not in a given report: a name found as a whole word begins where
    # its first word does, so only those names are sought, only there (in the story's order); a
    # regex scan of a long page per name made the claims of a 300-report story take minutes.
    for order in sorted([*wordless, *(o for w in at for o in by_first.get(w, ()))]):
        name = names[order]
        label, entity_id = known[name]
        first = _WORD.match(name)
        if first is None:  # a name that does not begin with a word (every name without one too)
            found = [(m.start(), m.end()) for m in _name_pattern(name).finditer(text)]
        else:
            found, last = [], -1
            for pos in at[first.group()]:
                end = pos + len(name)
                if pos >= last and text.startswith(name, pos) and not _WORD_CHAR.match(text, end):
                    found.append((pos, end))
                    last = end
        for a, b in found:
            k = bisect_right(starts, a)  # the spans starting at or before the match
            if not (k and reach[k - 1] > a):
                mentions.append(EntityMention(article.id, a, b, name, label, name, entity_id))
    return mentions


_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")


def _index_names(known: dict[str, tuple[str, str]]) -> tuple[list[str], dict[str, list[int]], list[int]]:
    """The story's names in order, their positions in that order by first word, and those with no
    word: built once per story (``_things`` reads every report against it)."""
    names = list(known)
    by_first: dict[str, list[int]] = defaultdict(list)
    wordless = []
    for order, name in enumerate(names):
        first = _WORD.search(name)
        if first is None:
            wordless.append(order)
        else:
            by_first[first.group()].append(order)
    return names, dict(by_first), wordless


@lru_cache(maxsize=16384)
def _name_pattern(name: str) -> re.Pattern[str]:
    """``name`` as a whole word (compiled once: a story's names are sought in each of its reports)."""
    return re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")


def _not_sources(ex: Extraction, mentions: list[EntityMention], publisher: str | None = None) -> list[EntityMention]:
    """Who reports figures is not what they are about: an organisation this report quotes
    (`according to the New York Times`, `the ministry said`) is a source, never a claim's subject;
    so is the report's own publisher (`BBC`, `BBC Radio 1` on a BBC page: its name is in the page,
    not in the story's figures)."""
    spans = [(q.speaker.start, q.speaker.end) for q in ex.quotes if q.speaker is not None]
    sources = {fold(q.speaker_name) for q in ex.quotes if q.speaker_name} | {
        q.speaker_entity for q in ex.quotes if q.speaker_entity}
    return [m for m in _without_publisher(mentions, publisher) if not any(a <= m.start < b for a, b in spans)
            and fold(m.name or m.text) not in sources and (not m.entity_id or m.entity_id not in sources)]


def _without_publisher(things: list[EntityMention], publisher: str | None) -> list[EntityMention]:
    """A report's things without its publisher's names: a BBC page names the BBC, which is no
    thing of the story (it would become the story's main thing over 19 BBC pages)."""
    own = fold(publisher) if publisher else ""
    return [e for e in things if not (own and _published_by(fold(e.name or e.text), own))]


def _published_by(name: str, publisher: str) -> bool:
    """``bbc radio 1`` and ``the bbc`` are the publisher ``bbc``'s names (both folded)."""
    name = name.removeprefix("the ")
    return name == publisher or name.startswith(publisher + " ")


def claims_of(article: Article, ex: Extraction, known: dict[str, tuple[str, str]] | None = None) -> list[Claim]:
    """The quantity and status claims of one report."""
    known = known if known is not None else known_things([(article, ex)])
    return [c for c, _ in _rated_claims(article, ex, _things(article, ex, known, _index_names(known)))]


def _rated_claims(article: Article, ex: Extraction, found: list[EntityMention]) -> list[tuple[Claim, bool]]:
    """Each claim with whether it is keyed by its subject across reports (see ``_groups``), from
    the report's named things (``_things``)."""
    things = _Things.of(ex, found, article.source)
    positions = _reporting_positions(article, ex)
    actors = _not_sources(ex, [e for e in ex.entities if e.label in ACTOR_LABELS], article.source)
    return [*_quantity_claims(article, ex, things, actors, positions),
            *_status_claims(article, ex, things, positions)]


def _quantity_claims(article: Article, ex: Extraction, things: _Things, actors: list[EntityMention],
                     positions: dict[int, int]) -> list[tuple[Claim, bool]]:
    data = claim_data(article.language or "und")
    people = set(data.get("people_counts", ()))
    wholes = _wholes(article.text, ex.quantities, data)
    out = []
    for i, q in enumerate(ex.quantities):
        sent = _sentence_index(ex, q.start)
        if sent is None:
            continue
        lo, hi = ex.sentences[sent].start, ex.sentences[sent].end
        whole = wholes.get(i)
        borrowed = whole is not None and not q.unit and bool(whole.unit)
        if whole is not None and borrowed:  # ``120 millions d'euros, dont 45 millions``: counted as its whole
            q = replace(q, unit=whole.unit)
        attribute = _attribute(article.text[lo:hi], q.start - lo, q, data)
        if not attribute:
            continue
        nxt = ex.quantities[i + 1].start if i + 1 < len(ex.quantities) else hi
        when = _own_time(article.text, ex, q, lo, min(hi, nxt))
        prev = ex.quantities[i - 1] if i else None
        if when is None and prev is not None and prev.start >= lo and \
                compared_with_previous(article.text, prev.end, q.start, article.language or "und"):
            continue  # ``contre environ 600 en temps normal``: a baseline, not what holds now
        unit_only = attribute in data.get("unit_attributes", {}).values() and "/" not in q.unit
        noun = _nearest_cue(article.text[lo:hi], q.start - lo, data.get("measured_nouns", {})) if unit_only else ""
        if noun:  # ``une aide d'urgence de 50 millions d'euros``: the fund, whoever announces it (pooled)
            attribute, unit_only = f"{attribute} ({noun})", False
        counted = attribute if attribute in people else ""  # a part of a count of people counts people too
        if whole is not None:  # (``killed 12 Palestinians, including 3 children``: not the weapon's)
            attribute = _part_attribute(attribute, article.text[lo:hi], q.start - lo, data)
        actor = False
        if not counted:
            attribute = _measured(article.text[lo:hi], q.start - lo, attribute, data)
        if counted:
            subject = _actor(article.text, q, actors, lo)
            actor = subject is not None
            if subject is None:
                subject = _stated_of(ex, things, positions, sent, q, counted)
        else:
            subject = _subject(ex, things, positions, sent, window=2, at=q.start) or _main_thing(things.all)
        if subject is not None:
            # keyed by its subject (``_groups``): a named country's people, a unit-only attribute,
            # or a name before the figure in its sentence that is not the report's source; a count
            # of people with no named country is about the story's thing (the rig, the flu), pooled
            keyed = actor if counted else not noun and unit_only or not noun and (
                _sentence_index(ex, subject.start) == sent and subject.start < q.start
                and (subject.start, subject.end) not in things.sources)
            shown = _shown_value(q, borrowed, data)
            out.append((_claim(article, ex, subject, attribute, shown, interval(q), q.unit, sent, "quantity",
                               (q.start, q.end), when.value if when is not None else "", when is not None),
                        keyed))
    return out


def _wholes(text: str, quantities: Sequence[Quantity], data: dict[str, Any]) -> dict[int, Quantity]:
    """Index of each figure that is a part of a neighbouring figure -> that whole: ``45 million euros
    of its 120 million euro fund``, ``120 millions d'euros, dont 45 millions``, ``trois sur six``
    (``parts`` in ``lang/<code>/events_claims.json``: only those words, and a comma, between the two).
    A part is not another value of its whole: the two must not be compared."""
    parts = data.get("parts", {})
    after, before = _connector(tuple(parts.get("after_part", ()))), _connector(tuple(parts.get("before_part", ())))
    out: dict[int, Quantity] = {}
    for i, (a, b) in enumerate(zip(quantities, quantities[1:])):
        gap = text[a.end:b.start]
        if after is not None and after.fullmatch(gap):
            out[i] = b
        elif before is not None and before.fullmatch(gap):
            out[i + 1] = a
    return out


@lru_cache(maxsize=16)
def _connector(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """The words joining a part and its whole as one pattern for the whole gap between the figures."""
    if not words:
        return None
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\s*,?\s*(?:{alt})\s+", re.IGNORECASE)


def _part_attribute(attribute: str, sentence: str, at: int, data: dict[str, Any]) -> str:
    """A part's attribute: the whole's with the part's verb (``amount paid (fund)``: the 45 million
    paid out of the 120 million fund), else marked as a part (``count of department (part)``)."""
    verb = _nearest_cue(sentence, at, data.get("parts", {}).get("predicates", {}))
    head, paren, rest = attribute.partition(" (")
    if verb:
        return f"{head} {verb}{paren}{rest}"
    return f"{head} ({rest[:-1]}, part)" if paren else f"{attribute} (part)"


def _shown_value(q: Quantity, borrowed: bool = False, data: dict[str, Any] | None = None) -> str:
    """The figure as the report writes it, with its unit when the words do not carry one: ``310``
    compared with ``240 cubic meters per second`` took that unit (``310 m3/s``), as did the part
    ``dont 45 millions`` of ``120 millions d'euros``. Only a unit of measure is shown (one of the
    language's ``unit_attributes``, or a rate): a counted noun is a lemma (``sortie``), and
    ``310 sortie`` reads worse than ``310`` beside ``240 sorties``."""
    measure = "/" in q.unit or q.unit in (data or {}).get("unit_attributes", {})
    if q.unit and measure and (borrowed or re.fullmatch(r"[\d\s.,]+", q.text)):
        return f"{q.text} {q.unit}"
    return q.text


def _stated_of(ex: Extraction, things: _Things, positions: dict[int, int], sent: int, q: Quantity,
               attribute: str) -> EntityMention | None:
    """What a count of people with no named country is stated of (its claim is pooled, ``_groups``):
    for victims, the thing or event named in its sentence or within two (``The Deepwater Horizon rig
    exploded ..., killing 11 workers``, the flu's dead); for troops only one named in its own sentence
    (``There are 50,000 soldiers with Russian troops`` is not about a weapon of the previous
    sentence); never the report's source (``according to the New York Times``)."""
    window = STATED_OF_WINDOW.get(attribute, 0)
    return _subject(ex, things, positions, sent, window=window, labels=SUBJECT_LABELS, at=q.start,
                    skip_sources=True)


def _own_time(text: str, ex: Extraction, q: Quantity, lo: int, hi: int) -> TimeMention | None:
    """The date a figure is stated for, when its clause gives one: after it in the same clause,
    before the next figure (``310 in June``, ``310 mètres cubes par seconde le 10 juin``, ``fell
    $1.125 in over-the-counter trading yesterday``); just before it in its clause
    (``third-quarter net income of $5.1 million``); or opening its sentence (``In June, the flow
    was 310``). Else None: the figure holds on the report's date. A date in another clause
    (``said Monday that sales rose 5%``) is the speech's, not the figure's."""
    best: tuple[int, TimeMention] | None = None
    for t in ex.times:
        if t.type != "DATE" or not is_dated(t):
            continue
        if q.end <= t.start < hi and t.start - q.end <= TIME_AFTER and not re.search(r"[,;:.()]", text[q.end:t.start]):
            gap = t.start - q.end
        elif lo <= t.start and t.end <= q.start and not text[lo:t.start].strip() and "," in text[t.end:q.start]:
            gap = 0
        elif lo <= t.start and t.end <= q.start and q.start - t.end <= TIME_BEFORE and \
                not re.search(r"[,;:.()]|\b(?:that|que|qu')\b", text[t.end:q.start]):
            gap = q.start - t.end
        else:
            continue
        if best is None or gap < best[0]:
            best = (gap, t)
    return best[1] if best else None


def _main_thing(things: list[EntityMention]) -> EntityMention | None:
    """The report's most mentioned thing or organisation: what a figure with no name near it is
    most likely about (bench/claims dev: full F1 37.5 -> 39.6; a story-wide count is left for later)."""
    ranked = [e for e in things if e.label in SUBJECT_LABELS]
    counts: dict[str, int] = defaultdict(int)
    for e in ranked:
        counts[fold(e.name or e.text)] += 1
    return max(ranked, key=lambda e: (counts[fold(e.name or e.text)], -e.start)) if ranked else None


def _actor(text: str, q: Quantity, actors: list[EntityMention], sentence_start: int) -> EntityMention | None:
    """Whose people a count is: a country/people/organisation inside the figure or just after it
    (a French adjective follows its noun), else the nearest one before it in the same sentence."""
    def inside(e: EntityMention) -> bool:
        return q.start <= e.start < q.end or (e.start >= q.end and not text[q.end:e.start].strip())

    named = [e for e in actors if inside(e)]
    if named:
        return min(named, key=lambda e: e.start)
    before = [e for e in actors if sentence_start <= e.start and e.end <= q.start]
    return max(before, key=lambda e: e.start) if before else None


def _status_claims(article: Article, ex: Extraction, things: _Things,
                   positions: dict[int, int]) -> list[tuple[Claim, bool]]:
    lang = article.language or "und"
    data = claim_data(lang)
    statuses, negators = data.get("status", []), set(data.get("negators", []))
    cues = [q.cue for q in ex.quotes if q.cue is not None]
    stated: dict[tuple[int, str, str], list[tuple[tuple[bool, bool], Claim]]] = defaultdict(list)
    for ev in ex.events:
        if concepts_of(ev.sentence.text, lang) & negators:
            continue  # "refuses to provide" is no delivery, also when `refuses` is read as a stance cue
        concepts = concepts_of(_without_cues(article.text, ev.sentence.start, ev.sentence.end, cues), lang)
        # the trigger's own status, else the furthest stage the sentence names
        # ("the decision to authorise" is an authorisation)
        # a cue (``..., a annoncé l'agence``) is the report's speech, not the thing's status
        spoken = any(c.start <= ev.trigger.start < c.end for c in cues)
        own = set() if spoken else concepts_of(ev.trigger.text, lang)
        found = [c for c in statuses if c in own] or [c for c in statuses if c in concepts][-1:]
        sent = _sentence_index(ex, ev.sentence.start)
        if not found or sent is None:
            continue
        subject = _subject(ex, things, positions, sent, window=1, labels=("MISC",))
        if subject is None:
            continue
        claim = _claim(article, ex, subject, "status", found[0], (None, None), "", sent, "status",
                       (ev.trigger.start, ev.trigger.end), ev.time, ev.time_source == "text")
        rank = (found[0] in own, claim.dated)
        stated[(sent, claim.subject_key, claim.value)].append((rank, claim))
    return [(claim, True) for members in stated.values() for claim in _sentence_statuses(members)]


def _sentence_statuses(members: list[tuple[tuple[bool, bool], Claim]]) -> list[Claim]:
    """The claims one sentence makes of one status of one thing, from its events' claims ranked by
    (the trigger names the status, the event has a date of its own). Once, however many events name
    it (``told reporters that the fund, announced in June, ...``: the announcement, dated June;
    else one with a date of its own, else the first), except that triggers naming it with dates of
    their own are each a statement (``delivered in May and the rest delivered in June``)."""
    dated: dict[str, Claim] = {}
    for rank, claim in members:
        if rank == (True, True):
            dated.setdefault(claim.time, claim)
    return list(dated.values()) or [max(members, key=lambda m: m[0])[1]]


def _without_cues(text: str, start: int, end: int, cues: list[Span]) -> str:
    """The sentence with its quotation cues blanked: ``a annoncé`` introducing what the agency
    said names no status of the thing the sentence is about."""
    chars = list(text[start:end])
    for c in cues:
        for i in range(max(c.start, start), min(c.end, end)):
            chars[i - start] = " "
    return "".join(chars)


def _claim(article: Article, ex: Extraction, subject: EntityMention, attribute: str, value: str,
           bounds: tuple[float | None, float | None], unit: str, sent: int, kind: str,
           value_span: tuple[int, int], time: str, dated: bool) -> Claim:
    """``time``: the date stated for the claim, empty for the report's date."""
    s = ex.sentences[sent]
    published = (article.published or "")[:10]
    name = subject.name or subject.text
    return Claim(subject=name, subject_key=_key(subject),
                 attribute=attribute, value=value, low=bounds[0], high=bounds[1], unit=unit, time=time or published,
                 article_id=article.id, language=article.language or "und", published=published,
                 sentence=article.text[s.start:s.end], start=s.start, end=s.end, kind=kind, dated=dated,
                 value_start=value_span[0], value_end=value_span[1],
                 subject_start=subject.start, subject_end=subject.end)


def _sentence_index(ex: Extraction, offset: int) -> int | None:
    """The sentence holding ``offset`` (sentences are in text order and do not overlap): by
    bisection, since it is asked for every mention of every figure (a scan made the claims of a
    300-report story with long pages take minutes)."""
    i = bisect_right(ex.sentences, offset, key=lambda s: s.start) - 1
    return i if i >= 0 and offset < ex.sentences[i].end else None


def _reporting_positions(article: Article, ex: Extraction) -> dict[int, int]:
    """Sentence index -> position among sentences that report (questions and headings do not
    separate a figure from the thing named just before them)."""
    positions, n = {}, 0
    for i, s in enumerate(ex.sentences):
        text = article.text[s.start:s.end].strip()
        positions[i] = n
        if not text.endswith("?") and len(text.split()) >= 5:
            n += 1
    return positions


def _subject(ex: Extraction, things: _Things, positions: dict[int, int], sent: int, window: int = 1,
             labels: tuple[str, ...] = FIGURE_LABELS, at: int | None = None,
             skip_sources: bool = False) -> EntityMention | None:
    """The named thing a sentence's figure is about: nearest sentence first (``window`` reporting
    sentences either side), then a name that is not the report's source (``the Coast Guard
    said``) before one that is (``Norton Co. said net income fell 6%`` is about Norton when
    nothing else is named), then label, then frequency in the report. ``skip_sources``: never a
    source (and frequency counted among the others)."""
    here = positions.get(sent, sent)
    lo = hi = sent
    while lo - 1 >= 0 and here - positions.get(lo - 1, lo - 1) <= window:
        lo -= 1
    while hi + 1 < len(ex.sentences) and positions.get(hi + 1, hi + 1) - here <= window:
        hi += 1
    # only the sentences within the window can hold the subject (the others were read, and
    # dropped, for every figure: minutes for a story of long pages)
    candidates = sorted(x for i in range(lo, hi + 1) for x in things.by_sentence.get(i, ()))
    counts = things.counts_kept if skip_sources else things.counts
    best, best_key = None, None
    for _, i, e in candidates:
        source = (e.start, e.end) in things.sources
        if e.label not in labels or (skip_sources and source):
            continue
        dist = abs(positions.get(i, i) - here)
        # a place or person only in the figure's own sentence, before it (``Sur Nancy, le réseau
        # compte 16 km``; not ``These missiles ... would allow Ukraine``)
        if e.label not in SUBJECT_LABELS and (dist > 0 or at is None or e.start > at):
            continue
        key = (dist, source, labels.index(e.label), -counts[fold(e.name or e.text)], e.start)
        if dist <= window and (best_key is None or key < best_key):
            best, best_key = e, key
    return best


@dataclass(frozen=True, slots=True)
class _Things:
    """One report's named things (``_things``) as its figures' subjects are sought among them:
    the list, the spans of those that are the report's sources (``_not_sources``: once per report,
    not per figure), the things by sentence, and how often each name occurs, among all and among
    those that are not sources."""

    all: list[EntityMention]
    sources: frozenset[tuple[int, int]]
    by_sentence: dict[int, list[tuple[int, int, EntityMention]]]  # sentence -> (order, sentence, thing)
    counts: dict[str, int]
    counts_kept: dict[str, int]

    @classmethod
    def of(cls, ex: Extraction, found: list[EntityMention], publisher: str | None = None) -> _Things:
        kept = {(e.start, e.end) for e in _not_sources(ex, found, publisher)}
        sources = frozenset({(e.start, e.end) for e in found} - kept)
        counts: dict[str, int] = defaultdict(int)
        counts_kept: dict[str, int] = defaultdict(int)
        by_sentence: dict[int, list[tuple[int, int, EntityMention]]] = defaultdict(list)
        for order, e in enumerate(found):
            key = fold(e.name or e.text)
            counts[key] += 1
            if (e.start, e.end) not in sources:
                counts_kept[key] += 1
            i = _sentence_index(ex, e.start)
            if i is not None:
                by_sentence[i].append((order, i, e))
        return cls(found, sources, dict(by_sentence), counts, counts_kept)


def _attribute(sentence: str, at: int, q: Quantity, data: dict[str, Any]) -> str:
    """The cue word closest to the quantity (``at``, offset in the sentence) names the attribute;
    else the unit does; a bare number without either is no claim (empty). Cues are word starts
    (``kill`` in killing, not in skill), and name the attribute only when the unit fits it
    (``CUE_UNITS``: the range of a spill in barrels a day is a rate)."""
    best = _nearest_cue(sentence, at, data.get("attributes", {}), ATTRIBUTE_REACH)
    by_unit = data.get("unit_attributes", {}).get(q.unit) or ("rate" if "/" in q.unit else "")
    if best and (not by_unit or by_unit in CUE_UNITS.get(best, (by_unit,))):
        return best
    if q.unit in data.get("unit_attributes", {}):
        return str(data["unit_attributes"][q.unit])
    if "/" in q.unit:  # a rate (bbl/day) is no count: its own attribute, shared across languages
        return f"rate in {q.unit}"
    return f"count of {q.unit}" if q.unit else ""


def _nearest_cue(sentence: str, at: int, cues: dict[str, list[str]], reach: int | None = None) -> str:
    """The label of the cue stem nearest ``at`` in the sentence (word starts only, not inside a
    capitalised name: ``mort`` is no cue in ``la Mortagne``), within ``reach`` characters when
    given, else empty."""
    low = sentence.lower()
    best, best_dist = "", -1 if reach is None else reach + 1
    for label, stems in cues.items():
        for stem in stems:
            for m in re.finditer(r"(?<!\w)" + re.escape(stem), low):
                pos = m.start()
                if pos > 0 and sentence[pos].isupper():
                    continue
                if best_dist < 0 or abs(pos - at) < best_dist:
                    best, best_dist = label, abs(pos - at)
    return best


def _measured(sentence: str, at: int, attribute: str, data: dict[str, Any]) -> str:
    """The attribute with what the figure measures when a verb near it says it is not the default:
    ``collecting about 15,000 barrels of oil a day`` is oil recovered, not the ``35,000 to 60,000
    barrels per day`` leaking (``rate in bbl/day (collected)``). The nearest ``measured`` stem of
    ``lang/<code>/events_claims.json`` decides; a ``released`` stem (leak, spew; fuir) only
    stops a farther ``collected`` one (bench/claims dev: the oil spill's collected vs leaking
    pairs)."""
    what = _nearest_cue(sentence, at, data.get("measured", {}))
    return f"{attribute} ({what})" if what in MEASURED_APART else attribute
