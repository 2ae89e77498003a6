"""Time expressions: find them, and normalise them in TimeML terms against the publication date.

The pipeline is three small steps, each in its own module:

1. ``timex_grammar``: per-language rules compiled once from ``lang/<code>/times*.json`` find
   candidate spans (every rule runs; regexes are cheap next to the spaCy parse);
2. here: overlapping candidates are reduced to the longest, and readings the parse contradicts
   are dropped (``May`` the modal verb, ``été`` the participle);
3. ``timex_resolve``: each span gets its type (DATE, TIME, DURATION, SET) and value, anchored on
   ``ctx.published`` with the tense of its clause (``timex_tense``) where the text leaves the
   direction open.

>>> from storyline.pipeline import extract_text
>>> _, ex = extract_text("Le contrat a été signé le 12 mars dernier.", lang="fr", published="2024-04-24")
>>> [(t.text, t.value) for t in ex.times]
[('le 12 mars dernier', '2024-03-12')]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from storyline.extract.base import Context, register
from storyline.extract.timex_calendar import granularity
from storyline.extract.timex_grammar import Grammar, Rule, grammar
from storyline.extract.timex_resolve import PAST, Anchor, resolve
from storyline.extract.times_lexicon import find_times
from storyline.extract.timex_tense import Cues, Side, side_at
from storyline.model import TimeMention

if TYPE_CHECKING:
    from spacy.tokens import Doc

# bump when the output changes: `storyline reextract` renews facts of other versions
# 3: winter 2024/25 is 2024-WI in January too; "next" season = the first to begin; day ranges
# 4: en until-phrases naming an event on the nearest side; "Super Tuesday" no weekday; no joiner in a word
# 5: until-phrases after a present verb look ahead, and name the nearest weekday after a past one;
#    listed weekdays share a modifier; holidays take last/next/this; moving holidays (Election Day)
# 6: until/before-phrases the parser hangs on the verb, French jusqu'à/avant, present perfect until a day;
#    Election Day valued when its (even) year is known; "this winter" told in the past before it begins;
#    a weekday with a day of the month and no month ("Monday 20 and Tuesday 21")
# 7: languages without a grammar read by times_lexicon (dateparser's month, weekday and day words)
VERSION = "7"
STAGE = f"times@{VERSION}"
_QUARTER = re.compile(r"^\d{4}-Q[1-4]$")
_YEAR = re.compile(r"^\d{4}(?:$|-)")
_DIRECTIONS = {"past": -1, "present": 0, "future": 1}


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    rule: Rule
    groups: dict[str, str]


@register("times", version=VERSION)
def extract_times(ctx: Context) -> list[TimeMention]:
    """Every time expression of the article, in text order, with its TimeML value."""
    gram = grammar(ctx.lang)
    if not gram.rules:  # no hand-written grammar: the lexicon reader built from dateparser's data
        return [TimeMention(article_id=ctx.article.id, start=f.start, end=f.end, text=ctx.article.text[f.start:f.end],
                            type="DATE", value=f.value, granularity=f.granularity, anchored=f.anchored, stage=STAGE)
                for f in find_times(ctx.article.text, ctx.lang, ctx.published)]
    found: list[TimeMention] = []
    ref_day: date | None = None
    ref_quarter: str | None = None
    last_year: int | None = None  # year of the last explicit (unanchored) date: "in April 2009"
    last_day: tuple[date, int] | None = None  # the last explicit day and where it ends
    that_year = _option_regex(str(gram.options.get("that_year_after", "")))  # ``25 June that year``
    cues = _cues(gram)
    weekday_default = _DIRECTIONS.get(str(gram.options.get("weekday_default", "past")), PAST)
    text = ctx.article.text  # == ctx.doc.text, which spaCy rebuilds from the tokens on every access
    weekdays: dict[int, date] = {}  # index in ``found`` of a bare weekday -> its day
    for cand in _share_list_modifiers(select(candidates(text, gram)), text, gram):
        if not _plausible(ctx.doc, text, cand, gram):
            continue
        follows = that_year is not None and that_year.match(text, cand.end) is not None
        direction, nearest = _lazy_side(ctx.doc, cand, cues)
        anchor = Anchor(ctx.published, ref_day, direction, weekday_default, ref_quarter,
                        that_year=last_year if follows else None,
                        narrative=_narrative(ctx.doc, cand, last_day, ctx.published), nearest=nearest)
        reading = resolve(cand.rule.kind, cand.groups, gram, anchor)
        if reading is None:
            continue
        if not reading.anchored and reading.type in ("DATE", "TIME") and _YEAR.match(reading.value):
            last_year = int(reading.value[:4])
            if reading.day is not None:
                last_day = (reading.day, cand.end)
        ref_day = reading.day or ref_day
        if _QUARTER.match(reading.value):
            ref_quarter = reading.value
        if set(cand.groups) == {"weekday"} and reading.day is not None and reading.type == "DATE":
            weekdays[len(found)] = reading.day
        found.append(TimeMention(
            article_id=ctx.article.id, start=cand.start, end=cand.end,
            text=text[cand.start:cand.end], type=reading.type, value=reading.value,
            granularity=granularity(reading.value) if reading.type != "DURATION" else "none",
            anchored=reading.anchored, stage=STAGE,
        ))
    found = _weekday_ranges(found, weekdays, text, gram) if len(weekdays) > 1 else found
    return _day_ranges(found, text, gram, ctx.article.id)


_DAY_VALUE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _day_ranges(found: list[TimeMention], text: str, gram: Grammar, article_id: str) -> list[TimeMention]:
    """A day number before a joiner and a full date shares that date's month and year
    (``from 20 to 24 September``, ``du lundi 20 au vendredi 24 septembre``, ``Monday 20 and
    Tuesday 21 September``): the number alone was no time, and a weekday before it was read on
    its own (``Monday`` as the Monday before the report). The first day must be the lower: a range
    across months (``28 February to 3 March``) names both. Joiners: ``day_range_joiner`` in times.json."""
    joiner = str(gram.options.get("day_range_joiner", ""))
    if not joiner or not found:
        return found
    weekday = "|".join(re.escape(w) for w in sorted(gram.lexicon.get("weekday", {}), key=len, reverse=True))
    named = rf"(?:\b(?:{weekday})\s+)?" if weekday else ""
    number = rf"(?P<day>{named}\b(?P<n>\d{{1,2}})(?:st|nd|rd|th|er)?)"
    before, bare = _option_regex(rf"{number}(?:{joiner})$"), _option_regex(rf"{number}\s+$")
    opens = _option_regex(rf"^(?:{joiner})(?=\S)")  # the grammar took the joiner in: "au 24 septembre"
    if before is None or bare is None or opens is None:
        return found
    out = list(found)
    for m in found:
        day = _DAY_VALUE.match(m.value) if m.type == "DATE" else None
        if day is None:
            continue
        head = text[max(0, m.start - 40):m.start]
        opening = opens.match(m.text)
        joined = opening is not None and bool(opening.group(0).strip()) and not _inside_word(m.text, opening.end())
        hit = (bare if joined else before).search(head)
        if hit is None or int(hit.group("n")) >= int(day.group(3)):
            continue  # days of a range or a list rise: "20 to 24"; "3 to 20 September" is no range
        offset = m.start - len(head)
        start, end = offset + hit.start("day"), offset + hit.end("day")
        if not hit.group("day")[0].isdigit():  # "du lundi 20" (rule weekday_day) keeps its extent, not "Sept. 14"
            start = min([o.start for o in out if o.start <= start and o.end == end] + [start])
        value = f"{day.group(1)}-{day.group(2)}-{int(hit.group('n')):02d}"
        if any(o.start < end and start < o.end and not (start <= o.start and o.end <= end) for o in out):
            continue  # it would cut a mention it does not contain
        out = [o for o in out if not (start <= o.start and o.end <= end)]  # a bare weekday read alone
        out.append(TimeMention(article_id=article_id, start=start, end=end, text=text[start:end], type="DATE",
                               value=value, granularity="day", anchored=m.anchored, stage=STAGE))
    return sorted(out, key=lambda t: t.start)


def _inside_word(text: str, i: int) -> bool:
    """``text[:i]`` ends inside a word: the ``To`` of ``Today``, the ``to`` of ``tonight`` is no joiner
    (``Radio 4 Today`` and ``6.30 tonight`` named no day 4 or 30)."""
    return 0 < i < len(text) and text[i - 1].isalpha() and text[i].isalpha()


def _weekday_ranges(found: list[TimeMention], weekdays: dict[int, date], text: str,
                    gram: Grammar) -> list[TimeMention]:
    """Two weekdays joined as a range (``Monday to Friday``, ``du lundi au vendredi``) are read
    together, not as two days each resolved on its own (which gave a Friday before its Monday).
    A schedule is weekly: without ``from`` / ``de`` before it or a week named after it, both ends
    are a SET (``open Monday to Friday``, ``ouvert du lundi au vendredi``), not days of one
    week. A range of one week ends on the first such weekday after its start (``from Monday to
    Friday next week``). Joiners and signals per language: ``weekday_range_*`` in times.json."""
    joiner = _option_regex(str(gram.options.get("weekday_range_joiner", "")))
    once_before = _option_regex(str(gram.options.get("weekday_range_once_before", "")))
    once_after = _option_regex(str(gram.options.get("weekday_range_once_after", "")))
    if joiner is None:
        return found
    out = list(found)
    for i, first in weekdays.items():
        last = weekdays.get(i + 1)
        if last is None:
            continue
        a, b = out[i], out[i + 1]
        if joiner.fullmatch(text[a.end:b.start]) is None:
            continue
        before = text[max(0, a.start - 12):a.start]
        once = (once_before is not None and once_before.search(before) is not None) or \
            (once_after is not None and once_after.match(text, b.end) is not None)
        if once:
            end = first + timedelta(days=(last.isoweekday() - first.isoweekday()) % 7 or 7)
            out[i + 1] = replace(b, value=end.isoformat(), granularity=granularity(end.isoformat()))
        else:
            out[i] = replace(a, type="SET", value=f"XXXX-WXX-{first.isoweekday()}", granularity="none", anchored=False)
            out[i + 1] = replace(b, type="SET", value=f"XXXX-WXX-{last.isoweekday()}", granularity="none",
                                 anchored=False)
    return out


_MODIFIERS = ("past_mod", "future_mod", "this_det")


def _share_list_modifiers(cands: list[Candidate], text: str, gram: Grammar) -> list[Candidate]:
    """Weekdays listed together share the one modifier the list carries: ``next Tuesday and
    Wednesday`` (both next), ``mardi et mercredi prochains`` (both prochains). The modifier sits
    on the list's first weekday or its last (``weekday_list_modifier``: ``first`` / ``last``);
    the items are joined by ``weekday_list_joiner`` (times.json). A list whose other items carry
    modifiers of their own is left as written."""
    joiner = _option_regex(str(gram.options.get("weekday_list_joiner", "")))
    where = str(gram.options.get("weekday_list_modifier", ""))
    if joiner is None or where not in ("first", "last"):
        return cands
    out = list(cands)
    lists: list[list[int]] = []
    for i, c in enumerate(cands):
        if not _is_weekday(c):
            continue
        if lists and lists[-1][-1] == i - 1 and joiner.fullmatch(text[cands[i - 1].end:c.start]):
            lists[-1].append(i)
        else:
            lists.append([i])
    for items in lists:
        head = items[0] if where == "first" else items[-1]
        mods = {k: v for k, v in cands[head].groups.items() if k in _MODIFIERS}
        others = [i for i in items if i != head]
        if mods and others and not any(k in cands[i].groups for i in others for k in _MODIFIERS):
            for i in others:
                out[i] = replace(cands[i], groups={**cands[i].groups, **mods})
    return out


def _is_weekday(c: Candidate) -> bool:
    """A weekday alone or with a modifier and a part of day (``next Tuesday``, ``mercredi soir``)."""
    return c.rule.kind == "date" and "weekday" in c.groups and set(c.groups) <= {"weekday", "pod", *_MODIFIERS}


def is_editor_note(sentence: str, lang: str) -> bool:
    """Whether ``sentence`` is an editor's note under a report, whose date dates a correction of
    the page, not an event of the story (``editor_note`` in ``lang/<code>/times.json``).

    >>> is_editor_note("This article was amended on 12 May 2016 to clarify a quote.", "en")
    True
    >>> is_editor_note("La légende a été modifiée le 3 mai.", "fr"), is_editor_note("He was amended on 3 May.", "en")
    (True, False)
    """
    pattern = _editor_note(lang)
    return pattern is not None and pattern.search(sentence) is not None


@lru_cache(maxsize=16)
def _editor_note(lang: str) -> re.Pattern[str] | None:
    words = grammar(lang).options.get("editor_note")
    if not words:
        return None
    parts = [r"(?:" + "|".join(map(re.escape, words[k])) + ")"
             for k in ("nouns", "auxiliaries", "verbs", "prepositions")]
    return re.compile(r"\b" + r"\s+".join(parts) + r"\b", re.IGNORECASE)


@lru_cache(maxsize=32)
def _option_regex(pattern: str) -> re.Pattern[str] | None:
    """A regex option of the language's times.json (``that_year_after``, ``trim_start``,
    ``weekday_range_*``), compiled once; None when the language sets none."""
    return re.compile(pattern, re.IGNORECASE) if pattern else None


def _narrative(doc: Doc, cand: Candidate, last_day: tuple[date, int] | None, dct: date | None) -> date | None:
    """The explicit day a year-less date may continue (HeidelTime's narrative anchoring, kept
    local): one named in the same or the previous sentence, of a year before the publication
    year (a report about its own year needs no help). The resolver applies it only in a past
    clause and only to a day not earlier in that year."""
    if last_day is None or dct is None or last_day[0].year >= dct.year:
        return None
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    sent = span.sent
    start = doc[sent.start - 1].sent.start_char if sent.start > 0 else 0
    return last_day[0] if last_day[1] > start else None


def candidates(text: str, gram: Grammar) -> list[Candidate]:
    """Every match of every rule (overlapping ones included)."""
    out = []
    trim = _option_regex(str(gram.options.get("trim_start", "")))
    for rule in gram.rules:
        for m in rule.regex.finditer(text):
            start = m.start()
            if trim is not None:
                cut = trim.match(m.group())
                start += cut.end() if cut else 0
            if m.end() > start:
                groups = {k: v for k, v in m.groupdict().items() if v}
                out.append(Candidate(start, m.end(), rule, groups))
    return out


def select(cands: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, longest first (``le 12 mars dernier`` over ``mars dernier``),
    earlier rule first on ties; returned in text order."""
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(cands, key=lambda c: (c.start - c.end, c.rule.order, c.start)):
        if all(c.end <= s or c.start >= e for s, e in taken):
            chosen.append(c)
            taken.append((c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)


def _cues(gram: Grammar) -> Cues:
    """The language's words that point a date ahead (``planning_lemmas``, ``until_words``,
    ``before_words`` in times.json)."""
    return Cues(*(frozenset(gram.options.get(k, ())) for k in ("planning_lemmas", "until_words", "before_words")))


def _lazy_side(doc: Doc, cand: Candidate, cues: Cues) -> tuple[Callable[[], int], Callable[[], bool]]:
    """The clause's direction and whether it is explicitly the nearest side (``timex_tense.Side``);
    the tense lookup runs once, and only for the expressions that need it (most do not)."""
    memo: list[Side] = []

    def side() -> Side:
        if not memo:
            memo.append(side_at(doc, cand.start, cand.end, cues))
        return memo[0]

    return (lambda: side().direction), (lambda: side().nearest)


def _plausible(doc: Doc, text: str, cand: Candidate, gram: Grammar) -> bool:
    """False when context or parse says the match is not a time: an age (``un homme de 38 ans``),
    a verb (``May``, ``été``), a noun (``les quotidiens``: newspapers, not "daily")."""
    if cand.rule.kind == "duration" and _is_age(text, cand, gram):
        return False
    if "named_day" in cand.groups and not _named_day_is_time(doc, cand):
        return False
    if "weekday" in cand.groups and _weekday_in_name(text, cand, gram):
        return False
    surface = text[cand.start:cand.end]
    ambiguous = gram.options.get("ambiguous_words", [])
    if cand.rule.kind != "set" and surface not in ambiguous and surface.lower() not in ambiguous:
        return True
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if span is None or len(span) != 1:
        return True
    tok = span[0]
    if cand.rule.kind == "set":
        return "set_word" not in cand.groups or tok.pos_ not in ("NOUN", "PROPN")
    return not (tok.pos_ in ("VERB", "AUX") or tok.tag_ == "MD")


def _named_day_is_time(doc: Doc, cand: Candidate) -> bool:
    """A one-word holiday modifying a noun names a kind of thing or a person, not a day: a
    ``Christmas card list``, ``Christmas Clapton`` (``Christmas Day`` and ``at Christmas`` stay)."""
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    return span is None or len(span) != 1 or span[0].dep_ != "compound"


def _weekday_in_name(text: str, cand: Candidate, gram: Grammar) -> bool:
    """A weekday after a name word (``weekday_name_before``) is an event's name, not the weekday
    around the report: ``Super Tuesday`` (the primaries' date varies by year), ``Black Monday``."""
    pattern = _option_regex(str(gram.options.get("weekday_name_before", "")))
    return pattern is not None and pattern.search(text, max(0, cand.start - 30), cand.start) is not None


def _is_age(text: str, cand: Candidate, gram: Grammar) -> bool:
    if gram.meaning("unit", cand.groups.get("unit", "")) != "Y":
        return False
    before, after = text[max(0, cand.start - 30):cand.start], text[cand.end:cand.end + 30]
    return any(re.search(b, before) and re.search(a, after) for b, a in _age_context(gram))


@lru_cache(maxsize=16)
def _age_context_cached(
    lang: str, pairs: tuple[tuple[str, str], ...]
) -> tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]:
    return tuple((re.compile(b, re.IGNORECASE), re.compile(a, re.IGNORECASE)) for b, a in pairs)


def _age_context(gram: Grammar) -> tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]:
    pairs = tuple(tuple(p) for p in gram.options.get("age_context", []))
    return _age_context_cached(gram.lang, pairs)  # type: ignore[arg-type]
