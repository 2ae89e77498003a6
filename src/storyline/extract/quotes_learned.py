"""Attributions proposed by a small learned model, beside the hand-written cue rules.

Every word that heads a complement is a candidate cue: a verb with a clause (``seems that``),
an infinitive (``is poised to``), an object (``slammed the plan``) or a prepositional object
(``weighed in on``); a noun with a that-clause or a prepositional object (``his pledge to``,
``doubts about``); an adjective with a clause or a preposition (``is confident that``, ``critical
of``). Its content is the complement's subtree, its source the subject (``quotes._learned_speaker``:
a passive's agent, a noun's possessor). A logistic model scores each candidate from sparse
features (lemma, construction, their pair, subject type, tense, negation, how often the lemma and
the pair head a gold cue, quotation marks around, the object's kind...); those above the threshold
become attributions where no rule found one (``quotes._learned``). Weights, threshold and lexicon
live in ``lang/<code>/quotes_model.json``, fitted on PolNeAR train documents by
``bench/quotes/fit_cues.py`` (see bench/quotes/README.md); languages without that file get no
learned candidates (French has no training gold).
"""

from __future__ import annotations

import bisect

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    from spacy.tokens import Token

LANG_DIR = Path(__file__).parent / "lang"
_SUBJ = ("nsubj", "nsubjpass", "nsubj:pass", "csubj")
_OBJ = ("dobj", "obj")
_CLAUSE = ("ccomp",)
_UP = ("xcomp", "advcl", "conj", "acomp", "pcomp", "prep", "pobj", "dobj", "attr")
_OBJECT_PREPS = ("of", "for", "with", "over", "about")
_PERSON_PRON = {"i", "we", "you", "he", "she", "they", "who"}


@dataclass(frozen=True, slots=True)
class Model:
    """Logistic weights over proposal features, with the decision thresholds.

    >>> m = Model({"L=say": 2.0}, bias=-1.0, threshold=0.5, prior={})
    >>> round(m.prob(["L=say", "C=v:clause"]), 3)
    0.731
    """

    weights: dict[str, float]
    bias: float
    threshold: float
    prior: dict[str, float]  # lemma, or lemma|construction -> how often it heads a gold cue (smoothed)
    unsourced: float = 0.0  # threshold for a proposal with no source (when higher than ``threshold``)

    def prob(self, feats: list[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=8)
def load_model(lang: str) -> Model | None:
    """The model for ``lang`` (``lang/<code>/quotes_model.json``), or None when none was fitted."""
    path = LANG_DIR / lang / "quotes_model.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(data["weights"], data["bias"], data["threshold"], data["cue_prior"], data.get("unsourced", 0.0))


@dataclass(slots=True)
class Proposal:
    """One candidate cue with its content span, subject token and features."""

    cue: "Token"
    construction: str
    start: int
    end: int
    subject: "Token | None"
    feats: list[str]


def proposals(toks: "list[Token]", inside_quote: "bytearray", prior: dict[str, float]) -> Iterator[Proposal]:
    """Every (cue word, complement) pair of the parse, with its features.

    ``inside_quote[i]`` is 1 when character ``i`` is inside quotation marks; ``prior`` maps a
    lemma to how often it is part of a gold cue (the model's lexicon).
    """
    quoted_sent = _quoted_sentences(toks, inside_quote)
    for tok in toks:
        if tok.pos_ not in ("VERB", "NOUN", "ADJ", "AUX"):
            continue
        for construction, comp in _complements(tok):
            start, end = _extent(comp)
            if construction == "v:obj":
                end = max(end, _object_tail(tok, comp))
            if construction == RAISING:  # The harvest is expected to fall: subject to infinitive
                start = next(c.left_edge.idx for c in tok.lefts if c.dep_ in _SUBJ)
            if end - start < 2:
                continue
            subject = _subject_of(tok)
            feats = _features(tok, construction, comp, subject, inside_quote)
            feats += _context_features(tok, construction, comp, quoted_sent[tok.i], inside_quote)
            lemma = tok.lemma_.lower()
            feats += _prior_features(prior.get(lemma, 0.0), construction)
            feats += _pair_features(prior.get(f"{lemma}|{construction}"))
            yield Proposal(tok, construction, start, end, subject, feats)


def _quoted_sentences(toks: "list[Token]", inside_quote: "bytearray") -> list[bool]:
    """For each token, whether its sentence holds quoted text (one pass over the tokens)."""
    out = [False] * len(toks)
    start = 0
    for k in range(1, len(toks) + 1):
        if k == len(toks) or toks[k].is_sent_start:
            a = toks[start].idx
            b = toks[k - 1].idx + len(toks[k - 1].text)
            if any(inside_quote[a:b]):
                out[start:k] = [True] * (k - start)
            start = k
    return out


def _context_features(
    tok: "Token", construction: str, comp: "Token", quoted_sentence: bool, inside_quote: "bytearray"
) -> list[str]:
    """Since session 7 (validation content F1 0.7790 -> 0.7810, train 0-239 with a model fitted on
    240-839 0.7592 -> 0.7603): whether the sentence and the complement hold quoted text (a stance
    next to a quotation is the speaker's paraphrase more often), the kind of an object (a person,
    ``his`` plan, a pronoun) and two conjunctions (construction x tag: ``said`` vs ``says``; lemma x
    complement marker: ``ask whether`` vs ``ask to``)."""
    a, b = comp.left_edge.idx, comp.right_edge.idx + len(comp.right_edge.text)
    feats = [
        f"QS={construction}|{int(quoted_sentence)}|{int(any(inside_quote[a:b]))}",
        f"CT={construction}|{tok.tag_}",
        f"LM={tok.lemma_.lower()}|{_marker(comp)}",
    ]
    if construction == "v:obj" or construction.startswith(("v:prep", "n:prep", "a:prep")):
        det = next((c.lower_ for c in comp.children if c.dep_ in ("det", "poss")), "-")
        feats += [
            f"OE={construction}|{comp.ent_type_ or '-'}",
            f"OD={construction}|{det}",
            f"OT={construction}|{comp.tag_}",
        ]
    return feats


def _marker(comp: "Token") -> str:
    return next((m.lower_ for m in comp.children if m.dep_ in ("mark", "aux") and m.i < comp.i), "-")


# A proposal is the same attribution as a rule's when the two contents overlap by this share of
# the shorter one (as ``quotes.SAME_CONTENT``). Keeping proposals nested in a rule content
# (``X said Y wants to Z``: overlap measured on the longer span, a NEST feature for the model)
# scored lower on train 600-839 (content F1 0.740 against 0.743).
SAME_AS_RULE = 0.5


def against_rules(start: int, end: int, rules: list[tuple[int, int]]) -> bool:
    """Whether a rule content is already this attribution."""
    return SpanIndex(rules).same_as(start, end)


class SpanIndex:
    """Contents sorted by start, so :meth:`same_as` looks only at those that can overlap.

    A long report has thousands of proposals and hundreds of rule contents; testing each pair
    made this check ~20 % of extraction time on Timeline17's longest articles.

    >>> idx = SpanIndex([(0, 10), (50, 80)])
    >>> idx.same_as(55, 70), idx.same_as(12, 40)
    (True, False)
    """

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._spans: list[tuple[int, int]] = []
        self._longest = 0
        for a, b in spans:
            self.add(a, b)

    def add(self, a: int, b: int) -> None:
        k = bisect.bisect_right(self._starts, a)
        self._starts.insert(k, a)
        self._spans.insert(k, (a, b))
        self._longest = max(self._longest, b - a)

    def same_as(self, start: int, end: int) -> bool:
        """Whether a held content overlaps ``start..end`` by ``SAME_AS_RULE`` of the shorter one."""
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        for a, b in self._spans[lo:hi]:
            inter = min(end, b) - max(start, a)
            if inter > 0 and inter / max(1, min(end - start, b - a)) >= SAME_AS_RULE:
                return True
        return False


# ``X seems to Y``, ``X is expected to Y``: PolNeAR's content is the subject with the infinitive
# (the cue inside it) and the sentence names no source.
RAISING = "v:raise"
# Verbs whose subject is not a source (the passive ones too: is expected, is said, is thought).
_RAISING_VERBS = frozenset({"seem", "appear"})


def _complements(tok: "Token") -> Iterator[tuple[str, "Token"]]:
    pos = {"VERB": "v", "AUX": "v", "NOUN": "n", "ADJ": "a"}[tok.pos_]
    raising = tok.lemma_.lower() in _RAISING_VERBS or any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
    if pos == "v" and raising and any(c.dep_ in _SUBJ for c in tok.lefts):
        x = next((c for c in tok.rights if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
        if x is not None:
            yield RAISING, x
    for c in tok.rights:
        dep = c.dep_
        if dep in _CLAUSE or (dep == "acl" and pos == "n" and _marked(c)):
            yield f"{pos}:clause", c
        elif dep == "xcomp" and c.pos_ in ("VERB", "AUX"):
            yield f"{pos}:inf", c
        elif dep == "acl" and pos == "n" and any(m.dep_ == "aux" and m.lower_ == "to" for m in c.children):
            yield f"{pos}:inf", c
        elif dep in _OBJ and pos == "v":
            yield "v:obj", c
        elif dep == "prep" and c.i - tok.i <= 3:
            obj = next((o for o in c.children if o.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                yield f"{pos}:prep:{c.lower_}", obj


def _object_tail(tok: "Token", obj: "Token") -> int:
    """``accused X of lying``, ``described X as Y``, ``called X a liar``: the object's content runs
    over the verb's predicate or adjacent ``of``/``for``/``with``/``over``/``about``/``as`` phrase
    (as the rules' object contents, ``quotes_content._object_content``)."""
    end = obj.right_edge
    for c in tok.rights:
        if c.i <= end.i:
            continue
        adjacent = c.i == end.i + 1 and c.dep_ == "prep" and c.lower_ in _OBJECT_PREPS
        if c.dep_ in ("oprd", "xcomp") or (c.dep_ == "prep" and c.lower_ == "as") or adjacent:
            end = c.right_edge
    if end.i == obj.right_edge.i:
        return 0
    while end.i > obj.i and end.is_punct and end.text not in ("”", "''", ")"):
        end = end.doc[end.i - 1]
    return end.idx + len(end.text)


def _marked(c: "Token") -> bool:
    return any(m.dep_ == "mark" and m.lower_ in ("that", "whether", "if") for m in c.children)


def _extent(comp: "Token") -> tuple[int, int]:
    left, right = comp.left_edge, comp.right_edge
    doc = comp.doc
    while right.i > left.i and right.is_punct and right.text not in ("”", "''", ")"):
        right = doc[right.i - 1]
    return left.idx, right.idx + len(right.text)


def _subject_of(tok: "Token") -> "Token | None":
    """The cue's subject; up through participles and infinitives (``was quick to embrace``)."""
    cur = tok
    for _ in range(3):
        subj = [c for c in cur.children if c.dep_ in _SUBJ and c.i < cur.i]
        if subj:
            return subj[0]
        poss = [c for c in cur.children if c.dep_ == "poss"]
        if poss:
            return poss[0]
        if cur.dep_ in ("relcl", "acl:relcl"):
            return cur.head
        if cur.dep_ not in _UP or cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _subject_type(s: "Token | None") -> str:
    if s is None:
        return "none"
    if s.lower_ in _PERSON_PRON:
        return "pperson"
    if s.pos_ == "PRON":
        return "pron"
    if s.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return s.ent_type_
    return s.pos_


def _prior_features(p: float, construction: str) -> list[str]:
    """The lemma's cue rate, binned (0, <1 %, <5 %, <15 %, <40 %, more), alone and with the construction."""
    b = next((k for k, hi in enumerate((1e-9, 0.01, 0.05, 0.15, 0.4)) if p < hi), 5)
    return [f"P={b}", f"CPR={construction}|{b}"]


def _pair_features(p: float | None) -> list[str]:
    """The cue rate of the lemma in this construction (``said that`` vs ``said nothing``), binned."""
    if p is None:
        return ["PP=unseen"]
    b = next((k for k, hi in enumerate((1e-9, 0.01, 0.05, 0.15, 0.3, 0.5, 0.7)) if p < hi), 7)
    return [f"PP={b}"]


def _features(
    tok: "Token", construction: str, comp: "Token", subject: "Token | None", inside_quote: "bytearray"
) -> list[str]:
    lemma = tok.lemma_.lower()
    kids = list(tok.children)
    stype = _subject_type(subject)
    n = comp.right_edge.i - comp.left_edge.i + 1
    size = "1" if n == 1 else "2" if n == 2 else "3-5" if n <= 5 else "6-12" if n <= 12 else "13+"
    mark = _marker(comp)
    feats = [
        f"L={lemma}",
        f"C={construction}",
        f"LC={lemma}|{construction}",
        f"T={tok.tag_}",
        f"D={tok.dep_}",
        f"CD={construction}|{tok.dep_}",
        f"S={stype}",
        f"CS={construction}|{stype}",
        f"LS={lemma}|{stype}",
        f"N={size}",
        f"CN={construction}|{size}",
        f"M={mark}",
        f"CM={construction}|{mark}",
        f"CP={construction}|{comp.pos_}",
        f"H={tok.head.lemma_.lower() if tok.dep_ in ('xcomp', 'acomp', 'dobj', 'pobj', 'attr') else '-'}",
        f"CH={construction}|{comp.lemma_.lower()}",
        f"SL={subject.lemma_.lower() if subject is not None else '-'}",
    ]
    if any(c.dep_ == "neg" for c in kids):
        feats.append("NEG")
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in kids):
        feats += ["PASS", f"LPASS={lemma}"]
    if any(c.tag_ == "MD" for c in kids):
        feats.append("MD")
    if inside_quote[tok.idx]:
        feats += ["Q", f"CQ={construction}"]
    if subject is not None and subject.lower_ in ("it", "there"):
        feats.append(f"LEXPL={lemma}")
    return feats
