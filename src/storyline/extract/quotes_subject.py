"""Who a reporting cue's subject is: the parse's subject, a participle's borrowed subject, an
inverted or preceding noun phrase when the parse has none, and a crosshead set aside.

Split out of ``quotes_cues`` in session 11; the code is unchanged. ``quotes_speaker`` then
resolves the token found here to a mention and an entity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storyline.extract.base import doc_text
from storyline.extract.quotes_base import _AUX, _NP_INNER, _OBJ, _SUBJ, _clause_first, cue_lemma

if TYPE_CHECKING:
    from spacy.tokens import Token


_PARTICIPLE_UP = ("advcl", "xcomp", "conj", "acl", "advmod", "pcomp", "prep", "acomp")
_OF = {"de", "d'", "d’", "du", "des"}  # the French of-complement of a noun (l'envoi de ces missiles)


def subject(tok: "Token", postposed: bool, content_end: int, data: dict[str, Any]) -> "Token | None":
    """The cue's subject; a participle (``saying``, ``ajoutant``) borrows its governor's subject.

    After a postposed cue the subject must follow the content (the parser often makes a word of
    the quotation the cue's subject); when the parse has none, the noun phrase right before the
    cue (or right after a postposed one) stands in. A crosshead the parser made the subject gives
    way to the noun phrase under it (:func:`past_heading`).
    """
    found = _subject(tok, postposed, content_end, data)
    return past_heading(found, tok) if found is not None else None


# A crosshead is short (``Reactions``, ``Allied response``); a longer verbless line may be a
# hard-wrapped piece of the sentence (``The spokesman for the White\nHouse, Josh Earnest, said``).
HEADING_WORDS = 3


def past_heading(head: "Token", cue: "Token") -> "Token | None":
    """``Reactions\nSeveral governments said ...``: the parser makes the crosshead ``Reactions``
    the subject and hangs the real one under it (an apposition). A subject alone on a line with no
    verb and of at most ``HEADING_WORDS`` words, a line that ends before the cue, is a heading, not
    a speaker: the first noun on a later line that hangs on it or is a second subject of its verb
    speaks instead, else nobody. A next line that starts in lower case continues the sentence
    (``Pentagon officials\nsaid on Monday``, a narrow column wrapped there): no heading. (Session
    11: PolNeAR has almost no crossheads; 4-fold CV unchanged, 0.7676 with the same four folds.)"""
    text = doc_text(head.doc)
    line_end = text.find("\n", head.idx)
    if line_end < 0 or line_end >= cue.idx or text[line_end:cue.idx + 1].lstrip()[:1].islower():
        return head
    line_start = text.rfind("\n", 0, head.idx) + 1
    line = head.doc.char_span(line_start, line_end, alignment_mode="expand")
    if line is None or any(t.pos_ in ("VERB", "AUX") for t in line) or len(line.text.split()) > HEADING_WORDS:
        return head
    below = [
        t
        for t in head.doc[head.i + 1 : cue.i]
        if t.idx > line_end
        and t.pos_ in ("NOUN", "PROPN", "PRON")
        and (t.head.i == head.i or (t.head.i == head.head.i and t.dep_ in _SUBJ))  # its apposition, or a 2nd subject
    ]
    return below[0] if below else None


def _subject(tok: "Token", postposed: bool, content_end: int, data: dict[str, Any]) -> "Token | None":
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i < tok.i and not postposed:
        noun = tok.head  # 911 calls saying ..., a report saying ...: the noun speaks
        issuer = [c for c in noun.head.children if c.dep_ in _SUBJ] if noun.dep_ in _OBJ else []
        # X issued a statement saying ..., X is running a TV spot attacking ...: X speaks, unless
        # the object is a name (speech nouns only until session 5: speaker accuracy on train
        # 600-839 0.864 -> 0.866, train 0-599 0.873 -> 0.874)
        medium = noun.lower_ in data.get("speech_nouns", ()) or (noun.pos_ == "NOUN" and not noun.ent_type_)
        if issuer and medium:
            return issuer[0]
        return noun
    cur = tok
    outer = tok.head.head
    if tok.tag_ == "VBG" and tok.dep_ in ("advcl", "conj") and tok.head.dep_ == "ccomp" and cue_lemma(outer, data):
        cur = outer  # said A, saying B (saying misparsed under A's verb): the outer cue's subject
    for _ in range(5):
        subj = [
            c
            for c in cur.children
            if c.dep_ in _SUBJ + ("expl:subj",)
            and c.text not in ("-t", "-t-")
            and (not postposed or c.idx >= content_end)
            and not is_time(c, data)
        ]
        if subj:
            return subj[0]
        if postposed:  # inversion, often misparsed: « ... », a déclaré Vedant Patel
            after = _inverted_subject(cur, data)
            if after is not None:
                return after
        elif cur is tok and tok.dep_ not in _PARTICIPLE_UP + ("relcl", "acl:relcl"):
            before = _preceding_subject(tok, data)
            if before is not None:
                return before
        if cur.dep_ in ("relcl", "acl:relcl"):
            return cur.head
        if cur.pos_ == "NOUN" and cur.dep_ in _OBJ and cur is not tok:
            cur = cur.head  # X oppose sa volonté de demeurer..., rejetant Y: X rejects
            continue
        if cur.dep_ not in _PARTICIPLE_UP or cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _borrows_event(tok: "Token", speaker: "Token", data: dict[str, Any]) -> bool:
    """``L'envoi de ces missiles intervient avant ... un vaste plan ..., promettant un soutien``: a
    present participle borrows its governor's subject, but when that subject is a common noun with
    an of-complement (an event or an act: ``l'envoi de``, ``the delivery of``) that names nobody (no
    entity, role, medium or cue noun), the participle speaks for a nearer noun, not for it: no
    attribution. Since session 10: 4-fold cross-validation on PolNeAR train unchanged (14,904
    matches either way; rules alone -9 matches for -12 predictions); French dev unchanged. Any
    such common noun, with or without a complement, cost 0.0009 (``The nurse ..., claiming``)."""
    participle = tok.tag_ == "VBG" or ("Part" in tok.morph.get("VerbForm", []) and "Pres" in tok.morph.get("Tense", []))
    if not participle or tok.dep_ not in _PARTICIPLE_UP or speaker.head.i == tok.i:
        return False
    lemma = speaker.lemma_.lower()
    if speaker.pos_ != "NOUN" or speaker.ent_type_ or lemma in data["role_nouns"]:
        return False
    if lemma in data.get("speech_nouns", ()) or lemma in data["_cue_nouns"]:
        return False
    return any(
        (c.dep_ == "prep" and c.lower_ == "of")
        or (c.dep_ == "nmod" and any(g.dep_ == "case" and g.lower_ in _OF for g in c.children))
        for c in speaker.children
    )


def _preceding_subject(tok: "Token", data: dict[str, Any]) -> "Token | None":
    """``Michel Zumkeller a par ailleurs indiqué``: the noun right before the cue and its auxiliaries."""
    doc = tok.doc
    j = _clause_first(tok) - 1
    if j >= 0 and doc[j].text == ",":  # le conseiller municipal, rejette « ... »
        j -= 1
    while (
        j >= 0
        and tok.i - j <= 6
        and (
            doc[j].pos_ in ("AUX", "ADV", "PART")
            or doc[j].dep_ in _AUX
            or doc[j].lower_ in ("par", "se", "s'", "ne", "n'")
        )
    ):
        j -= 1
    if j < 0 or doc[j].pos_ not in ("NOUN", "PROPN", "PRON") or is_time(doc[j], data):
        return None
    t = doc[j]
    while t.dep_ in ("flat:name", "flat", "compound") and t.head.i < t.i:
        t = t.head
    return t


def is_time(t: "Token", data: dict[str, Any]) -> bool:
    """A date or time word (``mercredi``, ``Tuesday``, ``last week``): never a speaker."""
    return t.ent_type_ in ("DATE", "TIME") or t.lower_ in data["_time"]


def _inverted_subject(tok: "Token", data: dict[str, Any]) -> "Token | None":
    """The first noun phrase right after a postposed cue, whatever the parser called it
    (dates and times skipped: ``a annoncé mercredi l'Agence``)."""
    doc = tok.doc
    for t in doc[tok.i + 1 : tok.i + 8]:
        if t.pos_ in ("ADV", "AUX", "PART") or t.text in ("-t", "-t-") or is_time(t, data):
            continue
        if t.ent_type_ or t.pos_ in ("NOUN", "PROPN", "PRON", "DET"):
            head = t
            while head.dep_ in _NP_INNER and head.head.i > head.i and head.head.i - t.i < 6:
                head = head.head
            return head
        return None
    return None
