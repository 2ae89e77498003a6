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
# "remanded in custody until a hearing on Friday": an event an until-phrase names follows the verb's
# event, not the report, so a past verb says nothing of its side of the publication date: the
# nearest one. A bare date stays past ("did n't hear about it until Friday night").
_UNTIL_EN = {"until", "till", "pending"}
# "must leave before the vote on Friday": after a present verb, an event named by an until- or
# before-phrase is still to come; after a past one a before-phrase says nothing new.
_BEFORE_EN = {"before"}
_UNTIL_OR_BEFORE_EN = frozenset(_UNTIL_EN | _BEFORE_EN)


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


def side_at(doc: Doc, start: int, end: int, planning: frozenset[str] = frozenset()) -> Side:
    """The tense direction of the clause containing the characters ``start:end`` of ``doc``.

    ``planning``: lemmas of words that name a plan (``scheduled``, ``postponed``, ``due``,
    ``prévu``): a date they govern (``postponed until 4 June``, ``scheduled to start on
    Monday``) is the planned time, ahead of the report whatever the tense of the planning verb.
    An until-phrase naming an event looks to the nearest side of a past verb and ahead of a
    present one (``is held until a hearing on Friday``: the hearing has not happened yet).
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return Side(PRESENT)
    tok: Token = span.root
    if planning and _planned(tok, planning):
        return Side(FUTURE)
    via_infinitive = via_noun = False
    via_until = ""  # the until/before word between the date and its verb, through a noun
    for _ in range(_MAX_HOPS):
        if _is_predicate(tok) and tok.i not in range(span.start, span.end):
            # "scheduled to return on Friday", not "scheduled to return after his victory at the weekend"
            if via_infinitive and not via_noun and tok.lemma_.lower() in planning and not _pluperfect(tok):
                return Side(FUTURE)
            found = _verb_direction(tok)
            if found is not None:
                if found == PAST and via_until in _UNTIL_EN:
                    return Side(PRESENT, nearest=True)  # "was remanded until a hearing on Friday"
                # "is scheduled to close Monday", "doit signer lundi": a present that governs an
                # infinitive looks ahead, and so does one that holds until an event
                return Side(FUTURE if found == PRESENT and (via_infinitive or via_until) else found)
            via_infinitive = via_infinitive or "Inf" in _feat(tok, "VerbForm") or tok.tag_ == "VB"
        elif tok.pos_ in ("NOUN", "PROPN") and tok.i not in range(span.start, span.end):
            via_noun = True
        elif tok.lower_ in _UNTIL_OR_BEFORE_EN and tok.i not in range(span.start, span.end):
            # a bare date after until counts only for a present verb ("remains open until Saturday")
            via_until = via_until or (tok.lower_ if via_noun else "bare" if tok.lower_ in _UNTIL_EN else "")
        if tok.head is tok:
            break
        tok = tok.head
    return Side(_sentence_direction(span.sent))


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
