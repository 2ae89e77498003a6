"""Where a reporting verb's content lies: a complement clause, an object with its predicate, a
prepositional object, the text before a postposed cue, or a quotation right after the cue.

Each reader returns ``(start, end, postposed)`` in the canonical text, or None when the cue has no
such content; ``quotes_cues.verb_cues`` tries them in turn (:func:`_content_of`). Split out of
``quotes_cues`` in session 11; the code is unchanged.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from storyline.extract.base import doc_text
from storyline.extract.quotes_base import (
    _CCOMP,
    _CLOSERS,
    _NP_INNER,
    _OBJ,
    _OPENERS,
    _SUBJ,
    _XCOMP,
    _clause_first,
    _end_char,
    _last_start,
    _strip_final,
)
from storyline.extract.quotes_subject import is_time, subject

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


# An object content of one word (supports Clinton) says little (tried 2-4 on PolNeAR train 0-399).
MIN_OBJECT_TOKENS = 2
_ADJUNCTS = ("advcl", "prep", "npadvmod", "conj", "obl", "obl:mod", "advmod")
_BETWEEN = ("nsubj", "punct", "dobj", "obj", "obl:arg", "iobj", "advmod")  # said [X] : « ... »
_NO_CONTENT_OBJ = {"it", "this", "that", "so", "le", "la", "l'", "les", "cela", "ça", "ce", "rien", "tout"}
_TRAILING_CC = re.compile(r"[\s,]+(?:and|but|or|et|mais|ou)$")
Found = tuple[int, int, bool]  # content start, end, and whether it precedes its cue
_RELATIVES = {"that", "which", "who", "what", "whom"}


def _relative_content(tok: "Token", start: int) -> bool:
    """``a letter that he said was drafted``, ``what she said is demand``: the relative pronoun
    opens the cue's complement, so the complement's subtree holds the cue and its subject; the
    content is what follows the cue (PolNeAR starts it at the pronoun, which the scorer's 0.3
    overlap accepts; a content holding its own cue would be dropped). Since session 6 round 2:
    validation 0.7779 -> 0.7788, train 0-599 rules 0.7157 -> 0.7169."""
    first = next((t for t in tok.doc[max(0, tok.i - 8) : tok.i] if t.idx == start), None)
    return (first is not None and first.lower_ in _RELATIVES and first.tag_ in ("WDT", "WP")
            and first.head.head.i == tok.i)


def _as_clause(tok: "Token") -> "tuple[int, int, Token] | None":
    """``As Politico reported, X`` / ``As reported by Politico, X``: a cue in an ``as`` clause before
    its main clause, with no complement of its own, attributes the main clause to its subject (or
    passive agent). Content, and the source; None when the construction does not fit.
    (``X, as Politico reported`` is a postposed cue, read by :func:`_before_cue`.) Since session 6
    round 2: validation 4 matches more for 5 predictions (speaker 0.879 -> 0.880); train 0-599
    rules unchanged (the parser mostly made these a cue with a complement already)."""
    if tok.dep_ != "advcl" or tok.head.i <= tok.i or tok.head.pos_ not in ("VERB", "AUX"):
        return None
    kids = list(tok.children)
    if not any(c.dep_ == "mark" and c.lower_ == "as" and c.i < tok.i for c in kids):
        return None
    if any(c.dep_ in _CCOMP + _XCOMP + _OBJ for c in kids):
        return None
    subj = [c for c in kids if c.dep_ in _SUBJ and c.i < tok.i]
    agent = [o for c in kids if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
    source = subj[0] if subj else agent[0] if agent else None
    doc = tok.doc
    comma = tok.right_edge.i + (tok.right_edge.text != ",")  # the parser often hangs the comma on the cue
    if source is None or comma >= len(doc) or doc[comma].text != "," or comma + 1 >= tok.head.i + 1:
        return None
    right = tok.head.right_edge
    while right.i > comma and right.is_punct and right.text not in ("”", "''", ")"):
        right = doc[right.i - 1]
    if right.i <= comma:
        return None
    return doc[comma + 1].idx, _end_char(right), source


def _content_of(tok: "Token", lemma: str, data: dict[str, Any], starts: list[int]) -> Found | None:
    comps = [c for c in tok.children if c.dep_ in _CCOMP]
    after = [c for c in comps if c.i > tok.i]
    if after:
        return after[0].left_edge.idx, _to_sentence_end(tok, after[0], starts, data["_cue_set"]), False
    if comps and _after_break(tok):  # “...,” he said / ..., sources said
        return _before_cue(tok, starts)
    quote = _quote_after(tok)
    if quote is not None:
        return quote
    if _is_postposed(tok):
        before = _before_cue(tok, starts)
        if before is None or not _subject_opens(tok, before[0], before[1]):
            return before
    x = [c for c in tok.children if c.dep_ in _XCOMP and c.i > tok.i and c.pos_ in ("VERB", "AUX")]
    # `The harvest is expected to fall`: a passive cue's subject is not its source, so no content.
    if x and (lemma not in data["_ccomp_only"] or lemma in data["_intent"]) and not _passive(tok):
        # `urged the council to act`: from the object, as PolNeAR draws it. Since session 7:
        # validation 0.7825 -> 0.7829 (exact 0.520 -> 0.522), train 0-599 rules 0.7194 -> 0.7196
        # (exact 0.528 -> 0.530); without pronoun objects 0.7827 / 0.7196.
        objs = [c for c in tok.children if c.dep_ in _OBJ and tok.i < c.i < x[0].i]
        start = objs[0].left_edge.idx if objs else x[0].left_edge.idx
        return start, _end_char(x[0].right_edge), False
    if lemma in data["_ccomp_only"] and lemma not in data["_intent"]:
        found = _prep_content(tok, lemma, data) or _as_content(tok)
    else:
        found = _object_content(tok, lemma, data)
    hung = None if found is not None or comps else _clause_on_prep_noun(tok, data)
    if hung is not None:
        return hung.left_edge.idx, _to_sentence_end(tok, hung, starts, data["_cue_set"]), False
    return found


def _clause_on_prep_noun(tok: "Token", data: dict[str, Any]) -> "Token | None":
    """``asserted during the campaign that he could end the war``: the parser hangs the cue's
    that-clause on the noun of a phrase between them (``campaign that ...`` read as the noun's
    complement or relative clause); when the cue has no other content, the clause is its own. Not
    for a noun that takes such a clause itself (``cue_nouns``: ``made the case that``) or names
    the medium (``speech_nouns``: ``said in a statement that``, read by :func:`noun_cues`). Since
    session 10: 4-fold cross-validation on PolNeAR train 0.7650 -> 0.7652 (+3 matches, +2
    predictions; a version for any cue, before its object or prepositional content, 0.7650)."""
    skip = set(data["_cue_nouns"]) | set(data.get("speech_nouns", ()))
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.i < tok.i:
            continue
        for noun in prep.children:
            if noun.dep_ != "pobj" or noun.lemma_.lower() in skip or noun.lower_ in skip:
                continue
            for c in noun.children:
                marks = {m.lower_ for m in c.children if m.dep_ == "mark"}
                if c.dep_ in ("acl", "relcl") and marks & {"that", "whether"}:
                    return c
    return None


def _particle(tok: "Token", word: str) -> bool:
    return any(c.dep_ in ("prt", "compound:prt") and c.lower_ == word for c in tok.children)


def _passive(tok: "Token") -> bool:
    return any(c.dep_ in ("auxpass", "aux:pass", "nsubjpass", "nsubj:pass") for c in tok.children)


def _object_content(tok: "Token", lemma: str, data: dict[str, Any]) -> tuple[int, int, bool] | None:
    """``announced the deal``, ``called Trump a fascist``, ``described X as Y``: object and its predicate.

    The content also runs over a prepositional phrase right after the object, as PolNeAR draws it
    (``accused X of lying``, ``polls show X within two points of Y``), unless its object is a time
    (``defended the budget on Monday``). Session 4 took in only ``of/for/with/over/about``; any
    preposition since session 7: validation (model refitted on train 0-599) content F1 0.7798 ->
    0.7817, train 0-599 rules only 0.7171 -> 0.7191 (with time phrases too: 0.7819 / 0.7195, and
    contents like ``the budget on Monday``; without ``on, at, in, during, after``... at all: 0.7812).
    So does an adverbial clause opened right after the object by a conjunction of condition, cause
    or concession (``promised X if he wins``): validation 0.7817 -> 0.7825, train 0-599 rules
    0.7191 -> 0.7194 (``if/unless`` only: 0.7821 / 0.7193; any adjacent adverbial clause: 0.7830 /
    0.7192, validation speaker accuracy -0.002).
    """
    if lemma in data["_addressee"]:  # told reporters, assured the crowd: the object is who heard it
        return _prep_content(tok, lemma, data)
    if _thing_object(tok, lemma, data):  # added 292,000 jobs, found a way: the object is a thing
        return _prep_content(tok, lemma, data)
    nominal = lemma in data["_nominal"] or data.get("_all_objects", False)
    predicate = any(c.dep_ in ("oprd", "xcomp", "acomp", "ccomp") and c.i > tok.i for c in tok.children)
    objs = [
        c
        for c in tok.children
        if c.dep_ in _OBJ
        and c.i > tok.i
        and (c.lower_ not in _NO_CONTENT_OBJ or predicate)
        and (c.pos_ != "PRON" or predicate)  # called him a loser: the pronoun with its predicate
        and (nominal or c.pos_ != "PROPN")
    ]
    if not objs and nominal:
        return _prep_content(tok, lemma, data)
    if not objs or not nominal:
        return None
    end = objs[0].right_edge
    for c in tok.children:
        if c.i > end.i and (c.dep_ in ("oprd", "xcomp", "acomp") or (c.dep_ == "prep" and c.lower_ == "as")):
            end = c.right_edge
        elif c.i == end.i + 1 and c.dep_ == "prep" and not _time_phrase(c, data):  # accused X of lying
            end = c.right_edge
        elif c.dep_ == "advcl" and c.left_edge.i == end.i + 1 and c.left_edge.lower_ in _SUBORDINATORS:
            end = c.right_edge  # promised X if he wins
    if end.i - objs[0].left_edge.i < MIN_OBJECT_TOKENS - 1:
        return None
    return objs[0].left_edge.idx, _end_char(end), False


def _thing_object(tok: "Token", lemma: str, data: dict[str, Any]) -> bool:
    """``added 292,000 jobs``, ``speaks fluent Spanish``, ``found a way``: the direct object of
    these cues is a thing, not a content (lexicon ``thing_object``), and ``find``'s is a content
    only when a poll, a study or a report finds it (``object_subjects``). Session 11, from the
    cross-validated predictions on PolNeAR train grouped by cue and construction: the object
    contents of ``find`` matched 21 of 80, ``add`` 2 of 21, ``speak`` 2 of 12 (the break-even
    precision is ~0.38)."""
    if lemma in data["_thing_object"]:
        return True
    nouns = data["_object_subjects"].get(lemma)
    if nouns is None:
        return False
    source = subject(tok, False, 0, data)
    return source is None or source.lemma_.lower() not in nouns


_SUBORDINATORS = frozenset({"if", "unless", "because", "though", "although", "even", "while", "whether", "since", "as"})


def _time_phrase(prep: "Token", data: dict[str, Any]) -> bool:
    """``on Monday``, ``in 2012``, ``during the last week``: a preposition whose object is a time."""
    return any(o.dep_ == "pobj" and is_time(o, data) for o in prep.children)


def _as_content(tok: "Token") -> tuple[int, int, bool] | None:
    """``sees Cruz as a uniter``: an object with its ``as`` predicate is a content."""
    objs = [c for c in tok.children if c.dep_ in _OBJ and c.i > tok.i and c.pos_ != "PRON"]
    as_ = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "as" and objs and c.i > objs[0].i]
    if not as_:
        return None
    return objs[0].left_edge.idx, _end_char(as_[0].right_edge), False


def _prep_content(tok: "Token", lemma: str, data: dict[str, Any]) -> tuple[int, int, bool] | None:
    """``called for a ban``, ``spoke about immigration``: the object of the verb's preposition
    (lexicon ``content_preps``: cue lemma -> prepositions). ``lemma`` is the cue lemma of
    :func:`cue_lemma`, which also knows forms the parser left unlemmatised (``estime``)."""
    preps = data["_content_preps"].get(lemma)
    if not preps:
        return None
    for c in tok.children:
        if c.dep_ == "prep" and c.i > tok.i and c.lower_ in preps and c.i - tok.i <= 3:
            objs = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
            if objs and objs[0].lower_ not in _NO_CONTENT_OBJ and objs[0].pos_ != "PRON":
                end = _end_char(objs[0].right_edge)
                for x in tok.children:  # called for the US to step up: with the infinitive
                    if (
                        x.dep_ in ("xcomp", "advcl", "ccomp")
                        and x.i > objs[0].i
                        and x.left_edge.i - objs[0].right_edge.i <= 1
                    ):
                        end = max(end, _end_char(x.right_edge))
                return objs[0].left_edge.idx, end, False
    return None


def _to_sentence_end(tok: "Token", comp: "Token", starts: list[int], cues: frozenset[str]) -> int:
    """A complement clause runs to the sentence end when what follows still hangs on the cue
    (``said it did not include them, because ...``): PolNeAR contents include such adjuncts."""
    end = _end_char(comp.right_edge)
    nxt = [s for s in starts if s > end]
    limit = nxt[0] if nxt else len(doc_text(tok.doc))
    rest = [
        t
        for t in tok.children
        if end <= t.idx < limit
        and (t.dep_ in _ADJUNCTS or _split_predicate(t, comp))
        and not (t.dep_ in ("conj", "advcl") and t.lemma_.lower() in cues)
    ]  # ``says X and says Y``, ``said X, adding Y``: the second cue has its own content
    if rest:
        end = max(end, max(_end_char(t.right_edge) for t in rest))
    end = min(end, _next_cue_cut(comp, end, cues))
    trail = _TRAILING_CC.search(doc_text(tok.doc), comp.left_edge.idx, end)
    return trail.start() if trail else end


def _split_predicate(t: "Token", comp: "Token") -> bool:
    """``told reporters that the fund, announced at 50 million euros in June, would be raised``:
    the parser takes the participle for the that-clause's verb and hangs the real predicate on
    the cue as a second complement, with no subject or conjunction of its own; it ends the content."""
    return (t.dep_ == "ccomp" and t.i > comp.i and t.pos_ in ("VERB", "AUX")
            and not any(c.dep_.startswith(("nsubj", "csubj", "expl", "mark")) for c in t.children))


def _next_cue_cut(comp: "Token", end: int, cues: frozenset[str]) -> int:
    """``said A, saying B``: a cue participle without a
    subject of its own, coordinated or appended inside the complement, starts another attribution
    (PolNeAR's reading; the parser often hangs it on the complement's verb): the content stops there."""
    doc = comp.doc
    for t in comp.subtree:
        if t.i <= comp.i or t.idx >= end or t.dep_ not in ("conj", "advcl") or t.lemma_.lower() not in cues:
            continue
        if any(c.dep_ in _SUBJ for c in t.children) or t.pos_ != "VERB" or t.tag_ != "VBG":
            continue
        prev = doc[t.i - 1]
        if prev.lower_ in ("and", ",") or (prev.dep_ == "advmod" and doc[t.i - 2].lower_ in ("and", ",")):
            return prev.idx if prev.lower_ in ("and", ",") else doc[t.i - 2].idx
    return end


def _after_break(tok: "Token") -> bool:
    """The cue's group follows a comma or a closing quotation mark."""
    first = _clause_first(tok)
    return first > 0 and (tok.doc[first - 1].text in _CLOSERS or tok.doc[first - 1].text in {",", "—", "–"})


def _is_postposed(tok: "Token") -> bool:
    """``..., said X`` / ``..., a déclaré X`` / ``« ... », dit-elle``: the cue follows its content."""
    doc = tok.doc
    first = _clause_first(tok)
    subject_before = any(c.dep_ in _SUBJ and c.i < tok.i and c.pos_ in ("NOUN", "PROPN") for c in tok.children)
    complement_after = any(c.dep_ in _OBJ + _CCOMP + _XCOMP and c.i > tok.i for c in tok.children)
    relative = tok.dep_ in ("relcl", "acl:relcl") and any(
        c.dep_ in _SUBJ and c.tag_ in ("WP", "WDT") for c in tok.children
    )  # X, who spoke about Y: the antecedent is no content
    if first == 0 or relative or (complement_after and (subject_before or tok.tag_ == "VBG")):
        return False  # « les Commerciens n'appelleront plus la police »: an ordinary clause
    if tok.morph.get("VerbForm", []) == ["Part"] and tok.morph.get("Tense", []) == ["Pres"]:
        return False  # ..., soulignant un geste de soutien: a participle adjunct, never an inversion
    prev = doc[first - 1]
    if prev.text != "," and prev.text not in _CLOSERS:
        return False
    return tok.dep_ in ("parataxis", "ROOT", "ccomp", "conj", "advcl", "dep") or tok.head.i < tok.i


def _subject_opens(tok: "Token", start: int, end: int) -> bool:
    """``Donald Trump, while being interviewed on Fox, called for X``: what precedes the comma is
    the cue's own subject and modifiers (every word hangs on the cue, none through a clausal
    complement), not a content before a postposed cue."""
    kids = list(tok.children)
    if any(c.dep_ in _SUBJ + ("expl:subj",) and c.i > tok.i for c in kids):
        return False  # « ... », a-t-il déclaré: the subject follows, the parser's one before is a word of the quote
    if any(ch in _QUOTE_CHARS for ch in doc_text(tok.doc)[start:end]):
        return False
    before = [c for c in kids if c.i < tok.i]
    if not any(c.dep_ in _SUBJ and c.left_edge.idx <= start <= c.idx for c in before):
        return False
    own = {t.i for c in before if c.dep_ not in _CCOMP + ("parataxis", "dep", "conj") for t in c.subtree}
    span = tok.doc.char_span(start, end, alignment_mode="expand")
    return span is not None and all(t.i in own or t.is_punct for t in span)  # all hangs on the cue


_QUOTE_CHARS = frozenset('“”«»"')


def _before_cue(tok: "Token", starts: list[int]) -> tuple[int, int, bool] | None:
    """Content preceding a postposed cue: from the sentence start to the comma before the cue."""
    doc = tok.doc
    first = _clause_first(tok)
    if first == 0:
        return None
    end = doc[first - 1].idx
    while end > 0 and doc_text(doc)[end - 1] in " ,;:–—-":
        end -= 1
    if doc[first - 1].text in _CLOSERS:
        end = doc[first - 1].idx + len(doc[first - 1].text)
    start = _last_start(starts, end - 1)
    while start < end and doc_text(doc)[start] in " —–-":
        start += 1
    start = _quote_after_colon(doc_text(doc), start, end)
    if end - start < 2:
        return None
    clause = _is_clause(doc, start, end)
    wrap = _wrapped_end(tok, starts, clause) if doc_text(doc)[end - 1] not in "”»\"'" else None
    if wrap is not None:  # In any case, Mr. DiPietro said, the industry was over-supplied
        return start, wrap, True
    return (start, end, True) if clause else None


_NOT_CONTENT_AFTER = {
    "who",
    "which",
    "whose",
    "where",
    "when",
    "adding",
    "saying",
    "noting",
    "a",
    "an",
    "qui",
    "dont",
    "ajoutant",
    "précisant",
    "soulignant",
    "un",
    "une",
}


def _wrapped_end(tok: "Token", starts: list[int], before_is_clause: bool) -> int | None:
    """End of the sentence when a cue sits inside it between commas and the sentence goes on."""
    doc = tok.doc
    j = tok.i + 1
    while (
        j < len(doc)
        and j - tok.i <= 5
        and doc[j].text != ","
        and not doc[j].is_sent_end
        and doc[j].dep_ in _SUBJ + _NP_INNER + ("advmod", "npadvmod", "punct")
        and doc[j].text not in _OPENERS
    ):
        j += 1
    if j + 1 >= len(doc) or doc[j].text != ",":
        return None
    nxt = doc[j + 1]
    s_end = next((s for s in starts if s > nxt.idx), len(doc_text(doc)))
    rest = doc.char_span(nxt.idx, s_end, alignment_mode="contract")
    if rest is None or not any(t.pos_ in ("VERB", "AUX") for t in rest):
        return None
    if before_is_clause and (not nxt.is_lower or nxt.lower_ in _NOT_CONTENT_AFTER):
        return None
    return _strip_final(doc_text(doc), nxt.idx, s_end)


_MATCH = {"»": "«", "”": "“", "'": "''"}


def _quote_after_colon(text: str, start: int, end: int) -> int:
    """``X a accusé Y : « ... », a-t-il dit``: the postposed cue claims only the quotation."""
    opener = _MATCH.get(text[end - 1]) if end > start else None
    if opener is None:
        return start
    k = text.rfind(opener, start, end - 1)
    if k > start and text[start:k].rstrip().endswith(":"):
        return k
    return start


def _is_clause(doc: "Doc", start: int, end: int) -> bool:
    """Text before a postposed cue is content only if it has a verb or a quotation mark."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    return any(t.pos_ in ("VERB", "AUX") or t.text in _OPENERS or t.text in _CLOSERS for t in span)


def _quote_after(tok: "Token") -> tuple[int, int, bool] | None:
    """``X said: “...”`` / ``a déclaré « ... »``: a quotation opening right after the cue."""
    doc = tok.doc
    j = tok.i + 1
    while (
        j < len(doc)
        and j <= tok.i + 3
        and doc[j].text not in (".", "!", "?", ";")
        and (doc[j].dep_ in _BETWEEN or doc[j].text in (":", ","))
        and doc[j].text not in _OPENERS
    ):
        j += 1
    if j < len(doc) and doc[j].text in _OPENERS:
        return doc[j].idx, doc[j].idx + 1, False  # snapped to the whole quotation later
    return None
