"""Which way in time a sentence looks, from spaCy's parse: past (-1), present/unknown (0), future (+1).

An underspecified date (``en octobre``, ``January 20``, ``dimanche``) is resolved before or after
the publication date depending on the verb that governs it: ``a signé en octobre`` is last
October, ``sera signé en octobre`` next October. The governing verb is the first verb on the
path from the expression to the root; untensed forms (infinitives, gerunds, bare participles)
pass the question up to their own head, so "before taking office on January 20" in "he would
act before taking office on January 20" is future through "would".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

PAST, PRESENT, FUTURE = -1, 0, 1
_FUTURE_AUX_EN = {"will", "shall", "'ll", "wo", "would", "going", "gon", "might", "may", "should"}
_FUTURE_LEMMA_FR = {"aller"}  # "va annoncer": futur proche
_MAX_HOPS = 6
_PLAN_PREPS_EN = {"for", "until", "till"}  # not "since", "in", "by": "delayed since May"
_MARKER_DEPS = ("prep", "case", "mark")  # "pending" is a VBG, but a preposition here


@dataclass(frozen=True, slots=True)
class Cues:
    """A language's words that point a date ahead of the verb that governs it (``lang/*/times.json``).

    ``planning``: lemmas naming a plan (``scheduled``, ``prévu``). ``until``: an until-phrase
    (``until``, ``pending``, ``jusqu'``): the event it names follows the verb's event, so a past
    verb says nothing of its side of the report (``was remanded in custody until a hearing on
    Friday``: the nearest Friday), while a bare date after it stays on the verb's side (``did
    n't hear about the flu until Friday night``). ``before`` (``before``, ``avant``): after a
    present verb the event is still to come (``must resign before the vote on Friday``); after a
    past one it says nothing new.
    """

    planning: frozenset[str] = frozenset()
    until: frozenset[str] = frozenset()
    before: frozenset[str] = frozenset()

    def kind(self, word: str, via_noun: bool) -> str:
        """``until`` / ``before`` for a phrase naming an event (a noun between it and the date),
        ``bare`` for an until-phrase whose object is the date itself, ``""`` for no cue."""
        word = word.lower()
        if via_noun and word in self.until:
            return "until"
        if via_noun and word in self.before:
            return "before"
        return "bare" if word in self.until else ""


@dataclass(frozen=True, slots=True)
class Side:
    """Which way a clause looks, and whether the text itself said "the nearest side".

    ``direction`` PRESENT is most often a present or verbless clause that says nothing of the
    side (where a language reads a bare weekday before the report, ``weekday_default``);
    ``nearest`` marks the PRESENT of an until-phrase naming an event after a past verb
    (``was remanded until a hearing on Friday``), which is an explicit reading: the nearest day.
    """

    direction: int
    nearest: bool = False


def side_at(doc: Doc, start: int, end: int, cues: Cues = Cues()) -> Side:
    """The tense direction of the clause containing the characters ``start:end`` of ``doc``.

    A date a planning word governs (``postponed until 4 June``, ``scheduled to start on
    Monday``) is the planned time, ahead of the report whatever the tense of the planning verb.
    An until-phrase naming an event looks to the nearest side of a past verb and ahead of a
    present one (``is held until a hearing on Friday``: the hearing has not happened yet), and
    so does any until-phrase of a present perfect (``have been closed until Thursday``: a perfect
    tells a state that holds now, so its end is still to come). See ``Cues``.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return Side(PRESENT)
    tok: Token = span.root
    if cues.planning and _planned(tok, cues.planning):
        return Side(FUTURE)
    via_infinitive = via_noun = False
    via_until = ""  # Cues.kind of the until/before-phrase between the date and its verb
    for _ in range(_MAX_HOPS):
        outside = tok.i not in range(span.start, span.end)
        marker = tok.dep_ in _MARKER_DEPS or (via_noun and tok.pos_ == "NOUN")  # "dans l'attente de"
        if outside and marker and cues.kind(tok.lower_, via_noun):
            via_until = via_until or cues.kind(tok.lower_, via_noun)  # English: the preposition is a hop
        elif outside and _is_predicate(tok):
            # "scheduled to return on Friday", not "scheduled to return after his victory at the weekend"
            if via_infinitive and not via_noun and tok.lemma_.lower() in cues.planning and not _pluperfect(tok):
                return Side(FUTURE)
            found = _verb_direction(tok)
            if found is not None:
                return _until_side(found, via_until, via_infinitive, tok, cues)
            via_infinitive = via_infinitive or "Inf" in _feat(tok, "VerbForm") or tok.tag_ == "VB"
        elif outside and tok.pos_ in ("NOUN", "PROPN"):
            via_noun = True
        elif outside and tok.dep_ == "prep" and _after_event_phrase(tok, cues):
            # "must resign before the vote on Friday": spaCy hangs "on Friday" on the verb
            via_noun, via_until = True, via_until or _after_event_phrase(tok, cues)
        # UD: a preposition is a "case" child of its noun ("jusqu'à l'audience de vendredi")
        for c in tok.children:
            if c.dep_ == "case" and cues.kind(c.lower_, via_noun):
                via_until = via_until or cues.kind(c.lower_, via_noun)
        if tok.head is tok:
            break
        tok = tok.head
    return Side(_sentence_direction(span.sent))


def _until_side(found: int, via_until: str, via_infinitive: bool, verb: Token, cues: Cues) -> Side:
    """The side of a verb of direction ``found``, given the until/before-phrase on the way to it."""
    if found == PAST and via_until == "bare" and _present_perfect(verb):
        # "have been closed until Thursday", not "had been closed until Thursday"; an event
        # named on the way keeps the nearest side below ("until further notice after the storm
        # on Monday" was parsed as one until-phrase)
        return Side(FUTURE)
    if found == PAST and via_until == "until":
        return Side(PRESENT, nearest=True)  # "was remanded until a hearing on Friday"
    # "is scheduled to close Monday", "doit signer lundi": a present that governs an
    # infinitive looks ahead, and so does one that holds until an event, and a present told
    # after until/before ("before Parliament rises on Friday": English tells a coming event so)
    ahead = via_infinitive or via_until or any(c.dep_ == "mark" and cues.kind(c.lower_, True) for c in verb.children)
    return Side(FUTURE if found == PRESENT and ahead else found)


def _after_event_phrase(prep: Token, cues: Cues) -> str:
    """The kind of the until/before-phrase naming an event right before ``prep``, both hanging on
    one verb: ``before the vote | on Friday``, ``pending a hearing | on Monday`` (the parser's
    attachment; read as the event's date, as ``until a hearing on Friday`` is parsed)."""
    for sib in prep.head.children:
        if sib.i < prep.i and sib.right_edge.i == prep.i - 1 and sib.dep_ in _MARKER_DEPS:
            if any(c.pos_ in ("NOUN", "PROPN") and c.dep_ == "pobj" for c in sib.children):
                return cues.kind(sib.lower_, True)
    return ""


def _present_perfect(verb: Token) -> bool:
    """``have/has been closed``: a present auxiliary ``have`` (English tags; ``had`` is a pluperfect)."""
    return any(c.dep_.startswith("aux") and c.lemma_ == "have" and c.tag_ in ("VBP", "VBZ") for c in verb.children)


def _planned(tok: Token, planning: frozenset[str]) -> bool:
    """The date is the object of a preposition (English ``pobj``) or an oblique (UD ``obl``)
    of a planning word: ``scheduled for 23 August``, ``adjourned until Monday``, ``reporté au
    4 juin``."""
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        word, prep = tok.head.head, tok.head.lower_
        if word.lemma_.lower() not in planning or _pluperfect(word):
            return False
        # "on" after a finite active verb may date the planning itself: "on Friday, the
        # government planned to pay"; after a participle or adjective it is the target ("due on").
        return prep in _PLAN_PREPS_EN or (prep == "on" and word.tag_ not in ("VBD", "VBZ", "VBP"))
    return tok.dep_.startswith("obl") and tok.head.lemma_.lower() in planning


def _pluperfect(verb: Token) -> bool:
    """``had been scheduled to expire Friday``: a plan of the past, told as such."""
    return any(c.dep_.startswith("aux") and c.lower_ == "had" for c in verb.children)


def _feat(tok: Token, name: str) -> list[str]:
    return list(tok.morph.get(name, []))


def _is_predicate(tok: Token) -> bool:
    """A verb, or a noun/adjective predicate carrying a copula (``l'été a été chaud``)."""
    return tok.pos_ in ("VERB", "AUX") or any(c.dep_ == "cop" for c in tok.children)


def _verb_direction(verb: Token) -> int | None:
    """Direction of one verb with its auxiliaries; None when the form carries no tense."""
    group = [verb, *(c for c in verb.children if c.dep_.startswith("aux") or c.dep_ == "cop")]
    if verb.dep_.startswith("aux") or verb.dep_ == "cop":
        group.append(verb.head)
    if verb.lang_ == "en":
        return _english(group)
    return _morph(group)


def _english(group: list[Token]) -> int | None:
    tags = {t.tag_ for t in group}
    if len(group) == 1 and group[0].tag_ == "VBN":
        return PAST  # a bare participle: "the decision, announced Wednesday"
    if any(t.tag_ == "MD" and t.lower_ in _FUTURE_AUX_EN for t in group):
        return FUTURE
    if any(t.lower_ == "going" for t in group) and any(t.lower_ == "to" for t in group[0].children):
        return FUTURE
    if "VBD" in tags or ("VBN" in tags and any(t.lemma_ == "have" for t in group)):
        return PAST
    if tags & {"VBZ", "VBP"} or "MD" in tags:
        return PRESENT
    return None


def _morph(group: list[Token]) -> int | None:
    """French (and any language with UD morphology): Tense/Mood of the finite verb of the group.

    A present auxiliary with a past participle is a past (``a signé``, ``est parti``) unless it
    is a passive (``est prévu le 3 août``: present); a verb group with no finite form (a bare
    participle or infinitive) has no tense of its own.
    """
    finite = [t for t in group if "Fin" in _feat(t, "VerbForm")]
    if not finite and "Past" in _feat(group[0], "Tense") and "Part" in _feat(group[0], "VerbForm"):
        return PAST  # a bare past participle: "les mesures annoncées mercredi"
    tenses = {v for t in finite for v in _feat(t, "Tense")}
    if "Cnd" in {v for t in finite for v in _feat(t, "Mood")} or "Fut" in tenses:
        return FUTURE
    if any(t.lemma_ in _FUTURE_LEMMA_FR and (t.dep_.startswith("aux") or _has_infinitive(t)) for t in finite):
        return FUTURE
    if tenses & {"Past", "Imp"}:
        return PAST
    if "Pres" in tenses:
        perfect = any(t.dep_ in ("aux:tense", "aux") and t.lemma_ in ("avoir", "être") for t in finite)
        passive = any(t.dep_ == "aux:pass" for t in finite)
        participle = any("Part" in _feat(t, "VerbForm") for t in group)
        return PAST if perfect and participle and not passive else PRESENT
    return None


def _has_infinitive(tok: Token) -> bool:
    return any(c.dep_ == "xcomp" and "Inf" in _feat(c, "VerbForm") for c in tok.children)


def _sentence_direction(sent: object) -> int:
    """Fallback: the first tensed verb of the sentence (a headline or a verbless phrase: present)."""
    for tok in sent:  # type: ignore[attr-defined]
        if _is_predicate(tok) and tok.dep_ in ("ROOT", "root"):
            found = _verb_direction(tok)
            if found is not None:
                return found
    return PRESENT
