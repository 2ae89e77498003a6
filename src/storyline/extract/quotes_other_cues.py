"""Attributions cued by something other than a reporting verb: cue nouns (``his criticism of X``),
``according to X`` / ``selon X``, evidential adverbs (``reportedly``), colons before a quotation,
block quotations after ``X writes:`` and headline labels (``Obama: ...``).

Split out of ``quotes_cues`` in session 11; the code is unchanged.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterator

from storyline.extract.base import doc_text
from storyline.extract.quotes_base import (
    _CCOMP,
    _OBJ,
    _SUBJ,
    Candidate,
    _end_char,
    _last_start,
    _strip_final,
    cue_lemma,
)
from storyline.extract.quotes_subject import subject

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


_ASIDE = re.compile(r"\s*,\s*(?:of|from|at|with|a|an|the|de|du|des|d'|un|une|le|la|l')\b[^,.;\n]{1,80}(?=,)")


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
