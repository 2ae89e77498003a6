"""Attributions found through the dependency parse: reporting verbs, ``according to``, colons.

Each finder returns ``Candidate`` records (character offsets, the speaker's head token, the cue);
``quotes.py`` snaps contents to quotation marks, decides the kind and resolves speakers. Nothing
here re-parses: everything reads the ``Doc`` the pipeline parsed once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator

from storyline.extract.base import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# An object content of one word (supports Clinton) says little (tried 2-4 on PolNeAR train 0-399).
MIN_OBJECT_TOKENS = 2
_SUBJ = ("nsubj", "nsubj:pass")
_CCOMP = ("ccomp",)
_XCOMP = ("xcomp",)
_OBJ = ("dobj", "obj")
_AUX = ("aux", "aux:tense", "aux:pass", "auxpass", "neg", "expl:comp", "expl:pv")
_PARTICIPLE_UP = ("advcl", "xcomp", "conj", "acl", "advmod", "pcomp", "prep", "acomp")
_ADJUNCTS = ("advcl", "prep", "npadvmod", "conj", "obl", "obl:mod", "advmod")
_BETWEEN = ("nsubj", "punct", "dobj", "obj", "obl:arg", "iobj", "advmod")  # said [X] : « ... »
_OF = {"de", "d'", "d’", "du", "des"}  # the French of-complement of a noun (l'envoi de ces missiles)
_NP_INNER = ("det", "amod", "compound", "flat:name", "flat", "nummod")
_NO_CONTENT_OBJ = {"it", "this", "that", "so", "le", "la", "l'", "les", "cela", "ça", "ce", "rien", "tout"}
_OPENERS = {"“", "«", '"', "‘", "''"}
_TRAILING_CC = re.compile(r"[\s,]+(?:and|but|or|et|mais|ou)$")
_ASIDE = re.compile(r"\s*,\s*(?:of|from|at|with|a|an|the|de|du|des|d'|un|une|le|la|l')\b[^,.;\n]{1,80}(?=,)")
_CLOSERS = {"”", "»", '"', "’", "''"}
# An abbreviation before a full stop does not end a sentence (M. Aznar, Mr. Smith, U.S. officials).
_ABBREV = re.compile(r"(?:\b[A-Z][a-z]{0,2}|\b[A-Z](?:\.[A-Z])+|\bSt|\bvs|\bNo|\bn°)\.$")


@dataclass
class Candidate:
    """One attribution before resolution: offsets in the canonical text."""

    start: int
    end: int
    speaker: "Token | None"
    cue_start: int
    cue_end: int
    cue_lemma: str
    clause: tuple[int, int]  # where to look for a channel (the cue's clause)
    postposed: bool = False
    turn: bool = False  # a speaker's turn in a transcript (``TAPPER: ...``): cues inside are theirs


def sentence_bounds(text: str, quoted: list[tuple[int, int]]) -> list[int]:
    """Sentence starts, from punctuation outside quotations and line breaks (spaCy splits at ``»,``)."""
    starts = {0}
    inside = inside_mask(len(text), quoted)
    for m in re.finditer(r"[.!?…]+(?:''|[”»\"’])?\s+(?=[\"“«‘'—–(A-ZÀ-Ý0-9])|\n+", text):
        if "\n" in m.group(0):
            starts.add(m.end())
        elif not inside[m.start()] and not _ABBREV.search(text[max(0, m.start() - 6) : m.start() + 1]):
            starts.add(m.end())
    return sorted(starts)


def inside_mask(n: int, quoted: list[tuple[int, int]]) -> bytearray:
    mask = bytearray(n + 1)
    for a, b in quoted:
        mask[a + 1 : max(a + 1, b - 1)] = b"\x01" * max(0, b - 1 - (a + 1))
    return mask


def cue_lemma(tok: "Token", data: dict[str, Any]) -> str:
    """The reporting-verb lemma of ``tok``, or ``""`` when it is not a cue verb."""
    misparsed = tok.pos_ in ("NOUN", "ADJ") and tok.dep_ in ("parataxis", "ROOT")  # « ... », estime X
    if tok.pos_ not in ("VERB", "AUX") and not misparsed:
        return ""
    cues = data["_cue_set"]
    lemma = tok.lemma_.lower()
    if lemma in cues:
        return lemma
    return data["_forms"].get(tok.lower_, "")


def verb_cues(doc: "Doc", data: dict[str, Any], starts: list[int], toks: "list[Token]") -> Iterator[Candidate]:
    """Candidates for every reporting verb with a content: clause, object, or preceding quote."""
    for tok in toks:
        lemma = cue_lemma(tok, data)
        if not lemma or tok.dep_ == "amod":  # pledged delegates, reported cases: an adjective
            continue
        if lemma in data["_naming"] and (tok.tag_ == "VBN" and tok.dep_ == "acl" or _particle(tok, "off")):
            continue  # a show called “Brokers”, called off the deal: naming, cancelling
        as_clause = _as_clause(tok)
        if as_clause is not None:  # As Politico reported, X: the main clause is the content
            a, b, source = as_clause
            cs, ce = _cue_extent(tok)
            yield Candidate(a, b, source, cs, ce, lemma, (min(cs, source.idx), ce))
            continue
        content = _content_of(tok, lemma, data, starts)
        if content is None:
            continue
        a, b, postposed = content
        if not postposed and _relative_content(tok, a):  # a letter that he said [was drafted by X]
            a = tok.doc[tok.i + 1].idx
        cs, ce = _cue_extent(tok)
        wrapped = postposed and b > cs  # the cue sits inside its content, between commas
        boundary = tok.doc[_clause_first(tok)].idx if wrapped else b
        speaker = subject(tok, postposed, boundary, data)
        if speaker is not None and a <= speaker.idx < b and not wrapped:
            continue
        if speaker is not None and _borrows_event(tok, speaker, data):
            continue
        clause = (min(cs, speaker.idx if speaker is not None else cs), _clause_end(tok, a, b))
        yield Candidate(a, b, speaker, cs, ce, lemma, clause, postposed)


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


_CLITICS = {
    "se",
    "s'",
    "ne",
    "n'",
    "y",
    "en",
    "lui",
    "leur",
    "-t",
    "-t-",
    "l'",
    "le",
    "la",
    "les",
    "nous",
    "vous",
}


def _clause_first(tok: "Token") -> int:
    """Index where the cue's group starts: auxiliaries, clitics and an inverted pronoun before it."""
    doc = tok.doc
    # the subject with its apposition (Steve Moody, a small-business owner, said) up to the cue
    near = [
        c.left_edge.i
        for c in tok.children
        if (c.dep_ in _AUX + _SUBJ + ("expl:subj",) or (c.dep_ == "mark" and c.lower_ == "as"))
        and c.i < tok.i
        and tok.i - c.right_edge.i <= 4
        and c.right_edge.i - c.left_edge.i <= 25
        and not any(t.is_punct and not t.text.startswith("-") for t in doc[c.right_edge.i + 1 : tok.i])
        and not any(t.text in _OPENERS or t.text in _CLOSERS for t in doc[c.left_edge.i : c.right_edge.i + 1])
    ]
    first = min([tok.i] + near)
    while (
        first > 0
        and tok.i - first < 5
        and (doc[first - 1].lower_ in _CLITICS or doc[first - 1].pos_ == "AUX" or doc[first - 1].text.startswith("-"))
    ):
        first -= 1
    return first


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


def _last_start(starts: list[int], pos: int) -> int:
    import bisect

    k = bisect.bisect_right(starts, pos) - 1
    return starts[max(k, 0)]


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


def _end_char(tok: "Token") -> int:
    return tok.idx + len(tok.text)


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


def _cue_extent(tok: "Token") -> tuple[int, int]:
    """The cue verb with its auxiliaries and reflexive pronoun (``has said``, ``s'est déclaré``)."""
    left = [c for c in tok.children if c.dep_ in _AUX and c.i < tok.i and tok.i - c.i <= 3]
    start = min([tok.idx] + [c.idx for c in left])
    if tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("se", "s'"):
        start = min(start, tok.doc[tok.i - 1].idx)
    return start, _end_char(tok)


def _clause_end(tok: "Token", a: int, b: int) -> int:
    end = _end_char(tok.right_edge)
    return end if not (a <= _end_char(tok) <= b) else _end_char(tok)


def noun_cues(doc: "Doc", data: dict[str, Any], toks: "list[Token]") -> Iterator[Candidate]:
    """``his criticism of X``, ``made the case that X``, ``no mention of X``: a cue noun (lexicon
    ``cue_nouns``: noun -> prepositions) with its that-clause or prepositional object as content;
    the speaker is its possessor, or the subject of the verb it is the object of."""
    nouns = data["_cue_nouns"]
    if not nouns:
        return
    for tok in toks:
        preps = nouns.get(tok.lemma_.lower()) if tok.pos_ == "NOUN" else None
        if preps is None:
            continue
        content = None
        for c in tok.children:
            if c.i < tok.i:
                continue
            if c.dep_ in ("acl", "ccomp") and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children):
                content = (c.left_edge.idx, _end_char(c.right_edge))
            elif c.dep_ == "prep" and c.lower_ in preps and c.i - tok.i <= 2:
                objs = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
                if objs and objs[0].pos_ != "PRON":
                    content = (objs[0].left_edge.idx, _end_char(objs[0].right_edge))
            if content:
                break
        if content is None and tok.dep_ in _OBJ:  # made the case that X: the clause hangs on the verb
            comp = [c for c in tok.head.children if c.dep_ in _CCOMP and c.i > tok.i]
            if comp:
                content = (comp[0].left_edge.idx, _end_char(comp[0].right_edge))
        if content is None or content[1] - content[0] < 3:
            continue
        speaker = noun_cue_speaker(tok, data)
        if speaker is None:
            frm = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "by")]
            speaker = next((o for f in frm for o in f.children if o.dep_ == "pobj"), None)
        cs, ce = tok.idx, _end_char(tok)
        yield Candidate(content[0], content[1], speaker, cs, ce, tok.lemma_.lower(), (tok.left_edge.idx, ce))


def noun_cue_speaker(tok: "Token", data: dict[str, Any], deps: tuple[str, ...] = _OBJ + ("pobj",)) -> "Token | None":
    """A cue noun's source: its possessor (``his criticism of``), else, when the noun hangs on a
    verb by one of ``deps`` (``made the case that``, ``in a statement``), that verb's subject."""
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if poss is not None or tok.dep_ not in deps:
        return poss
    verb = tok.head.head if tok.dep_ == "pobj" else tok.head
    return subject(verb, False, 0, data) if verb.pos_ in ("VERB", "AUX") else None


def according_to(doc: "Doc", data: dict[str, Any], starts: list[int], toks: "list[Token]") -> Iterator[Candidate]:
    """``according to X`` / ``selon X`` / ``d'après X``: X is the source, the rest of the sentence
    the content."""
    words = [t.lower_ for t in (toks)]
    firsts = {seq[0] for seq in data["according_to"]}
    for seq in data["according_to"]:
        n = len(seq)
        for i in range(len(doc) - n):
            if words[i] not in firsts or words[i : i + n] != seq or (n == 1 and doc[i].pos_ not in ("ADP",)):
                continue
            head = _np_head(doc, i + n)
            if head is None:
                continue
            yield from _according_candidate(doc, i, i + n, head, starts)
    opening = set(starts)  # a set: these loops visit every token (a list made them quadratic)
    source_in = data.get("source_in", {})
    for i in range(len(doc) - 2):
        if words[i] in source_in and doc[i].idx in opening:
            head = _source_in(doc[i], source_in[words[i]])
            if head is not None:
                yield from _source_in_candidate(doc, doc[i], head, starts)
    for word in data.get("opinion_for", ()):
        for i in range(len(doc) - 2):
            if words[i] == word and doc[i].idx in opening:
                head = _opinion_source(doc, i + 1)
                if head is not None:
                    yield from _according_candidate(doc, i, i + 1, head, starts)


def adverb_cues(data: dict[str, Any], toks: "list[Token]") -> Iterator[Candidate]:
    """``The FBI is reportedly making arrangements``: an evidential adverb (lexicon
    ``adverb_cues``) attributes its clause, subject to end, to an unnamed source (PolNeAR's
    reading; the cue stays inside the content, as a parenthetical ``he said``)."""
    words = frozenset(data.get("adverb_cues", ()))
    for tok in toks:
        if tok.lower_ not in words or tok.dep_ != "advmod" or tok.head.pos_ not in ("VERB", "AUX"):
            continue
        verb = tok.head
        subj = next((c for c in verb.children if c.dep_ in _SUBJ), None)  # or after: Reportedly, X did Y
        if subj is None:
            continue
        last = verb.right_edge
        while last.i > verb.i and last.is_punct:
            last = last.doc[last.i - 1]
        a, b = subj.left_edge.idx, _end_char(last)
        yield Candidate(a, b, None, tok.idx, _end_char(tok), tok.lower_, (tok.idx, _end_char(tok)), True)


def _source_in(prep: "Token", nouns: list[str]) -> "Token | None":
    """``In a CBS News poll released Monday, X leads``: at a sentence start, a preposition whose
    object is one of ``nouns`` (lexicon ``source_in``: poll, survey) names the source of the clause."""
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return obj if obj is not None and obj.lemma_.lower() in nouns else None


def _source_in_candidate(doc: "Doc", prep: "Token", head: "Token", starts: list[int]) -> Iterator[Candidate]:
    """The rest of the sentence after the prepositional phrase (and its comma) is the content."""
    text = doc_text(doc)
    p0, p1 = prep.idx, _end_char(prep.right_edge)
    if not text[p1:].lstrip(" ").startswith(","):
        return  # In the poll's margin of error X: not an aside before a clause
    nxt = [s for s in starts if s > p0]
    s1 = nxt[0] if nxt else len(text)
    a = p1 + len(text[p1:s1]) - len(text[p1:s1].lstrip(" ,"))
    b = _strip_final(text, a, s1)
    if b - a >= 8:
        yield Candidate(a, b, head, p0, _end_char(prep), prep.lower_, (p0, p1))


def _opinion_source(doc: "Doc", k: int) -> "Token | None":
    """``For John Hardy, of the think tank FDD, “...”`` / ``Pour Paul Durand, ...``: at a sentence
    start, a named person then a comma is the source of what follows (``For many, ...`` and
    ``For the first time, ...`` name nobody)."""
    if doc[k].ent_iob_ != "B" or doc[k].ent_type_ not in ("PER", "PERSON"):
        return None
    j = k + 1
    while j < len(doc) and doc[j].ent_iob_ == "I":
        j += 1
    if j >= len(doc) or doc[j].text != ",":
        return None
    head = doc[j - 1]
    while head.head.i != head.i and k <= head.head.i < j:
        head = head.head
    return head


def _np_head(doc: "Doc", k: int) -> "Token | None":
    for t in doc[k : k + 8]:
        inner = k <= t.head.i < k + 8 and t.head.pos_ in ("NOUN", "PROPN") and t.head.i != t.i
        if t.pos_ in ("NOUN", "PROPN", "PRON") and not inner:
            return t
    return None


def _according_candidate(doc: "Doc", i: int, j: int, head: "Token", starts: list[int]) -> Iterator[Candidate]:
    from storyline.extract.quotes_speaker import apposition_role, np_tokens

    text = doc_text(doc)
    _, np_end = np_tokens(head)
    p0, p1 = doc[i].idx, _end_char(doc[np_end - 1])
    aside = _ASIDE.match(text, p1)  # According to John Hardy, of the think tank FDD, ...
    role = apposition_role(head, np_end)  # Selon Paul Durand, chercheur au CNRS, ...
    if aside:
        p1 = aside.end()
    elif role and text[p1:].lstrip(" ,").startswith(role):
        after_role = text.index(role, p1) + len(role)
        if text[after_role:].lstrip().startswith(","):  # an aside between commas, not the content
            p1 = after_role
    s0 = _last_start(starts, p0)
    nxt = [s for s in starts if s > p0]
    s1 = nxt[0] if nxt else len(text)
    before, after = text[s0:p0].strip(" ,;:—–-\n"), text[p1:s1].strip(" ,;:\n")
    if len(after) > 3 and len(before) <= 3:  # ``Now, according to X, Y``: Y alone
        a = p1 + len(text[p1:s1]) - len(text[p1:s1].lstrip(" ,;:\n"))
        b = a + len(after)
    elif len(before) > 3:
        a = s0 + len(text[s0:p0]) - len(text[s0:p0].lstrip(" \n"))
        b = a + len(before)
        a = _clause_start(doc[i], a, p0)
        if len(after) > 3:
            b = s1 - (len(text[p1:s1]) - len(text[p1:s1].rstrip(" \n")))
    else:
        return
    b = _strip_final(text, a, b)
    if b - a >= 3:
        label = " ".join(t.lower_ for t in doc[i:j]).replace("' ", "'")
        # ``Fundraising, according to the campaign, has surged``: the cue sits inside its content
        # (as a parenthetical ``he said``), which only a postposed cue may do (``quotes._snap``)
        wraps = a < p0 and b > p1
        yield Candidate(a, b, head, doc[i].idx, _end_char(doc[j - 1]), label, (p0, p1), wraps)


def _clause_start(cue: "Token", a: int, p0: int) -> int:
    """``Entering the final contests, Clinton leads ..., according to X``: the content starts at
    the subject of the clause the cue hangs on, without the introductory phrase."""
    verb = cue.head
    subj = [c for c in verb.children if c.dep_ in _SUBJ and a < c.left_edge.idx < p0]
    if verb.i < cue.i and subj:
        k = subj[0].left_edge.i
        if k > 0 and cue.doc[k - 1].text == ",":
            return subj[0].left_edge.idx
    return a


def _strip_final(text: str, a: int, b: int) -> int:
    while b > a and text[b - 1] in " .,;:\n":
        b -= 1
    return b


def colon_cues(doc: "Doc", quoted: list[tuple[int, int]], toks: "list[Token]") -> Iterator[Candidate]:
    """``X se sait menacé : « ... »``: a quotation after a colon, spoken by the clause's subject."""
    opens = {a: b for a, b in quoted}
    for tok in toks:
        if tok.text != ":" or tok.i + 1 >= len(doc):
            continue
        nxt = doc[tok.i + 1]
        if nxt.idx not in opens:
            continue
        root = tok.sent.root if tok.head.i > tok.i else tok.head
        subj = [c for c in root.children if c.dep_ in _SUBJ and c.i < tok.i]
        if not subj:  # As Joel Pollak reported: / From the report: / Frank quotes X:
            subj = _source_before(doc, tok)
        if not subj:
            continue
        yield Candidate(nxt.idx, opens[nxt.idx], subj[0], tok.idx, tok.idx + 1, ":", (subj[0].idx, tok.idx))


def block_quotes(doc: "Doc", data: dict[str, Any], toks: "list[Token]") -> Iterator[Candidate]:
    """``Hewitt writes:`` at a paragraph's end: the next paragraph (quoted or not) is the content,
    spoken by the cue's subject (block quotations of blogs and columns)."""
    text = doc_text(doc)
    for tok in toks:
        if tok.text != ":" or tok.i < 1 or "\n" not in text[tok.idx + 1 : tok.idx + 4]:
            continue
        near = [t for t in doc[max(0, tok.i - 4) : tok.i] if cue_lemma(t, data)]  # observing of Trump:
        if not near:
            continue
        cue = near[-1]
        lemma = cue_lemma(cue, data)
        a = tok.idx + 1
        while a < len(text) and text[a].isspace():
            a += 1
        b = text.find("\n", a)
        b = _strip_final(text, a, len(text) if b < 0 else b)
        speaker = subject(cue, False, a, data)
        if b - a >= 8 and speaker is not None:
            yield Candidate(a, b, speaker, cue.idx, tok.idx + 1, lemma, (speaker.idx, tok.idx))


def _source_before(doc: "Doc", colon: "Token") -> list["Token"]:
    """Who introduces a quotation after a colon when the clause has no plain subject: the subject
    of a verb before the colon, else the last person or organisation named there."""
    first = colon.sent.start
    before = doc[first : colon.i]
    subj = [t for t in before if t.dep_ in _SUBJ and t.pos_ in ("PROPN", "NOUN")]
    if subj:
        return [subj[-1]]
    names = [e for e in before.ents if e.label_ in ("PERSON", "PER", "ORG")]
    return [names[-1].root] if names else []


_LABEL_COLON = re.compile(r"([A-ZÀ-Ý][\w.’'-]*(?: (?:[A-ZÀ-Ý][\w.’'-]*|of|de|du|la|le)){0,4}) ?: +(?=[\"“«‘A-ZÀ-Ý])")


def label_colons(doc: "Doc", starts: list[int], data: dict[str, Any]) -> Iterator[Candidate]:
    """``Obama: I'm optimistic...`` (headline style): a capitalised name, a colon, the content.
    Newsroom labels (lexicon ``not_source_labels``: ``Breaking:``, ``Contributing:``) name nobody."""
    text = doc_text(doc)
    not_sources = frozenset(data.get("not_source_labels", ()))
    for k, s0 in enumerate(starts):
        m = _LABEL_COLON.match(text, s0)
        if not m or m.group(1).lower() in not_sources:
            continue
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        line_start = s0 == 0 or text[s0 - 1] == "\n"  # a headline (Poll: ...) or a transcript turn
        if span is None or not (line_start or any(t.pos_ == "PROPN" or t.ent_type_ for t in span)):
            continue
        line_end = text.find("\n", m.end())
        turn = line_start and m.group(1).isupper() and len(m.group(1)) > 1  # TAPPER: ... to the line end
        end = len(text) if turn else (starts[k + 1] if k + 1 < len(starts) else len(text))
        end = min(end, line_end) if line_end >= 0 else end
        end = _strip_final(text, m.end(), end)
        if end - m.end() >= 8:
            colon = text.index(":", m.end(1))
            yield Candidate(m.end(), end, span.root, colon, colon + 1, ":", (span.start_char, colon), turn=turn)
