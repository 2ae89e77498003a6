"""Who the speaker is: the mention, its role and affiliation, and the named person behind it.

The speaker mention comes from the dependency parse (the cue verb's subject, or the object of
``according to``/``selon``). A pronoun (``he``, ``elle``) or a role noun (``the spokesperson``,
``ce chercheur``) is resolved to a named person by recency within the article: the last person
named before it, preferring one whose role shares the noun. Roles come from appositions
(``Vedant Patel, porte-parole du département d'État``) and from titles before the name
(``Russian President Vladimir Putin``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from storyline.extract.base import doc_text
from storyline.extract.entities import holds_symbol, person_edges
from storyline.extract.entities import lang_data as entity_lang_data

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

# Dependents that are not part of the naming noun phrase: appositions, relative clauses, asides.
_NP_OUTSIDE = {"appos", "relcl", "acl", "acl:relcl", "punct", "parataxis", "advcl", "cc", "conj", "dep"}
_NP_CUT = {"relcl", "acl:relcl"}
_PERSON = ("PER", "PERSON")
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "nsubj:pass"}
_SINGULAR_PRONOUNS = {"he", "she", "il", "elle"}
_PRONOUN_GENDER = {"he": "m", "she": "f", "il": "m", "elle": "f"}
# everyday honorifics only: ``Lady Gaga`` is a stage name
_HONORIFIC_GENDER = {"mr": "m", "m": "m", "monsieur": "m",
                     "mrs": "f", "ms": "f", "miss": "f", "mme": "f", "madame": "f", "mlle": "f"}
_ORGANISATION = ("ORG",)
_ROLE_LEAD = re.compile(r"^(?:of|from|at|with|de|du|des|d')\s+|^(?:the|a|an|le|la|les|l')\s+(?=[^\s]+\s)", re.I)


@dataclass
class Mention:
    """A speaker mention and what is known about it."""

    start: int
    end: int
    text: str
    name: str = ""
    role: str = ""
    pronoun: bool = False
    common: bool = False  # a common noun capitalised only because it opens the sentence

    @property
    def speaker_name(self) -> str:
        """The resolved name, else the mention's own words (never a bare pronoun); a
        sentence-initial common noun as it reads inside a sentence (``Officials`` -> ``officials``),
        so that no one takes it for a name (``per:officials`` for every official of every report)."""
        if self.name:
            return self.name
        if self.pronoun:
            return ""
        return self.text[:1].lower() + self.text[1:] if self.common else self.text


@dataclass
class Resolver:
    """Resolution of pronouns and role nouns to named people within one article: a singular
    pronoun by the subject named last nearby (``antecedent``), role nouns by the role's holder,
    the rest by recency."""

    doc: "Doc"
    data: dict[str, Any]
    people: list[tuple[int, str]] = field(default_factory=list)  # (char offset, full name)
    subjects: list[tuple[int, str]] = field(default_factory=list)  # people named as a clause's subject
    roles: dict[str, str] = field(default_factory=dict)  # role text -> full name
    full: dict[str, str] = field(default_factory=dict)  # last word / any form -> full name
    organisations: list[tuple[int, str]] = field(default_factory=list)  # (char offset, name)
    gender: dict[str, str] = field(default_factory=dict)  # surname -> "m" / "f" ("?": both), from honorifics

    def __post_init__(self) -> None:
        titles = entity_lang_data(self.doc.lang_).titles
        for ent in self.doc.ents:
            name = _clean_name(ent.text)
            if ent.label_ in _ORGANISATION and len(name) > 2:
                self.organisations.append((ent.start_char, name))
            if ent.label_ in _PERSON:  # the name without the words the tagger glued before it
                toks = person_edges(list(ent), titles)
                name = _clean_name(self.doc[toks[0].i:toks[-1].i + 1].text) if toks else ""
            if ent.label_ in _PERSON and len(name) > 2:  # not ``X.`` (the platform) or initials
                key = name.split()[-1].lower()
                known = self.full.get(key)
                if not known or len(name.split()) > len(known.split()):
                    self.full[key] = name
                self.people.append((ent.start_char, name))
                before = self.doc[ent.start - 1].lower_.rstrip(".") if ent.start > 0 else ""
                if before in _HONORIFIC_GENDER:  # Mrs. Clinton, M. Macron; Mr. and Mrs. Clinton: either
                    seen = self.gender.get(key, _HONORIFIC_GENDER[before])
                    self.gender[key] = seen if seen == _HONORIFIC_GENDER[before] else "?"
                if ent.root.dep_ in _SUBJECT_DEPS:
                    self.subjects.append((ent.start_char, name))
                role = apposition_role(ent.root, ent.end)  # Paul Durand, chercheur au CNRS, ...
                if role:
                    self.roles[role] = self.full.get(key, name)

    def full_name(self, text: str) -> str:
        """``Biden`` -> ``Joe Biden`` when the article names him in full somewhere, ``Bernie`` ->
        ``Bernie Sanders`` when he is its only Bernie. A name with a first name of its own keeps
        it: ``Joe Jackson`` is not the longest Jackson of the article (``Michael Jackson 's father
        , Joe Jackson , said``)."""
        name = _clean_name(text)
        words = name.split()
        if not words:
            return name
        if len(words) == 1 and len(self.full.get(words[0].lower(), name).split()) == 1:
            # a first name alone (``Clinton's husband, Bill``, ``Bernie``): the one person of the
            # article with that first name, if only one
            given = {n for n in self.full.values() if n.split()[0] == words[0] and len(n.split()) > 1}
            return given.pop() if len(given) == 1 else name
        full = self.full.get(words[-1].lower(), name)
        tail = [w.lower() for w in full.split()[-len(words):]]
        # the same first name (Donald Trump -> Donald J. Trump), or the name is the full one's end
        # (Vander Plaats -> Bob Vander Plaats); another first name is another person
        return full if len(words) == 1 or full.split()[0] == words[0] or tail == [w.lower() for w in words] else name

    def last_person_before(self, offset: int, role_noun: str = "", fallback: bool = True) -> str:
        """The person named last before ``offset``; one whose role holds ``role_noun`` first.

        Without a person of that role, ``fallback`` says whether the last person named will do
        (yes for ``ce chercheur``/``this researcher``, no for ``le procureur`` met for the first time).
        """
        if role_noun:
            for role, name in reversed(list(self.roles.items())):
                if role_noun in role.lower():
                    return name
        if not fallback:
            return ""
        best = ""
        for start, name in self.people:
            if start >= offset:
                break
            best = name
        return self.full_name(best) if best else ""

    def antecedent(self, pronoun: "Token") -> str:
        """The person a singular personal pronoun (``he``, ``elle``) most likely stands for: the
        last person named as a subject in its sentence or the one before (a sentence's subject
        stays its topic: ``Dr Murray told police that he found Michael Jackson ... He also never
        said ...`` is Murray), else the last person named before it.

        Chosen on PolNeAR train (every 5th document, 520 pronoun speakers): the two rules differ
        on 80; on 25 of them read by hand the subject was right 16 times, the last person 2 times
        (a woman's ``she`` after a man named as subject), neither 7 times."""
        sent = pronoun.sent
        lo = pronoun.doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
        want = _PRONOUN_GENDER.get(pronoun.lower_.lstrip("-"), "")
        found = ""
        for start, name in self.subjects:
            if start >= pronoun.idx:
                break
            if start >= lo and self._agrees(name, want):
                found = name
        if found:
            return self.full_name(found)
        for start, name in reversed(self.people):
            if start < pronoun.idx and self._agrees(name, want):
                return self.full_name(name)
        return ""

    def _agrees(self, name: str, want: str) -> bool:
        """Unless an honorific in the article says otherwise (``Mrs. Clinton`` is no ``he``)."""
        known = self.gender.get(name.split()[-1].lower(), "?") if name.split() else "?"
        return not want or known in ("?", want)

    def last_organisation_before(self, offset: int, noun: str) -> str:
        """The organisation named last before ``offset`` whose name holds ``noun``: ``l'agence``
        after ``l'Agence de l'eau Rhône-Méditerranée``, ``the company`` after ``the Acme Company``."""
        noun = noun.lower()
        best = ""
        for start, name in self.organisations:
            if start >= offset:
                break
            if noun in re.split(r"[\s'’-]+", name.lower()):
                best = name
        return best

    def note(self, mention: Mention) -> None:
        """Remember a resolved speaker, so later role nouns can find them by role."""
        if mention.name and mention.role:
            self.roles[mention.role] = mention.name
        if mention.name:
            self.people.append((mention.start, mention.name))
            self.people.sort()
            self.subjects.append((mention.start, mention.name))  # a speaker is their clause's subject
            self.subjects.sort()


def _clean_name(text: str) -> str:
    words = text.split()
    while len(words) > 1 and holds_symbol(words[0]):  # debris at the edges (entities.holds_symbol)
        words = words[1:]
    while len(words) > 1 and holds_symbol(words[-1]):
        words = words[:-1]
    text = re.sub(r"^(?:M\.|Mme|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Me|Mgr)\s+", "", " ".join(words))
    return re.sub(r"['’]s$", "", text).strip(" ,.;:")


def np_tokens(head: "Token") -> tuple[int, int]:
    """Token range of the noun phrase headed by ``head``, without appositions and asides."""
    start, end = head.left_edge.i, head.i + 1
    for child in head.rights:
        if child.dep_ in _NP_OUTSIDE:
            break
        end = max(end, child.right_edge.i + 1)
    doc = head.doc
    # a relative clause or apposition hung on a word inside the phrase (l'Agence de l'eau X, qui a...)
    cut = next((t.left_edge.i for t in doc[head.i + 1 : end] if t.dep_ in _NP_CUT and t.left_edge.i > head.i), end)
    while cut > head.i + 1 and doc[cut - 1].is_punct:
        cut -= 1
    end = min(end, cut)
    # a phrase never runs across a line break (a crosshead glued to the next line: Allies / Several countries)
    start = max([start] + [t.i + 1 for t in doc[start : head.i] if "\n" in t.text])
    end = min([end] + [t.i for t in doc[head.i + 1 : end] if "\n" in t.text])
    while start < head.i and (
        doc[start].dep_ in ("punct", "cc", "advmod", "mark", "case", "fixed", "prep") or doc[start].is_punct
        or holds_symbol(doc[start].text)  # mojibake before a name: ``â€ � Rubio said``
    ):
        start += 1
    return start, max(end, start + 1)


def mention_for(head: "Token", resolver: Resolver) -> Mention:
    """The speaker mention headed by ``head``, with its role and resolved name."""
    doc = head.doc
    a, b = np_tokens(head)
    span = doc[a:b]
    if head.lower_.lstrip("-") in {p.lstrip("-") for p in resolver.data["pronouns"]} and b - a == 1:
        text = head.text.lstrip("-")
        s = head.idx + (len(head.text) - len(text))
        singular = head.lower_.lstrip("-") in _SINGULAR_PRONOUNS
        name = resolver.antecedent(head) if singular else resolver.last_person_before(head.idx)
        return Mention(s, s + len(text), text, name, pronoun=True)
    if head.lower_ in resolver.data["_relative"] and b - a == 1 and head.head.dep_ in ("relcl", "acl:relcl"):
        # X, who said ...: the mention is ``who`` (as annotated), the speaker is X
        named = mention_for(head.head.head, resolver) if head.head.head.i != head.head.i else None
        name, role = (named.speaker_name, named.role) if named else ("", "")
        return Mention(head.idx, head.idx + len(head.text), head.text, name, role, True)
    person = _speaker_person(span, head, resolver.data.get("_relation", frozenset()))
    role = apposition_role(head, b) or (_title_role(span, person) if person is not None else "")
    named_role = _named_apposition(span, role) if role and person is None else None
    if named_role is None and person is None and not head.ent_type_:
        named_role = _comma_person(span)  # the head of X, Radoslaw Sikorski, on X: parsed apart
    if named_role is not None:  # The spokesperson, Tom Wills, said: the apposition is the name
        name = resolver.full_name(named_role.text)
        mention = Mention(span.start_char, span.end_char, span.text, name, _role_text(span))
        resolver.note(mention)
        return mention
    if person is not None:
        name = resolver.full_name(person.text)
    else:
        noun = next((t.lower_ for t in span if t.lower_ in resolver.data["role_nouns"] and not _compound_part(t)), "")
        name = (
            resolver.last_person_before(span.start_char, noun, _is_demonstrative(span))
            if noun and _is_anaphoric(span)
            else ""
        )
        role = role or (_role_text(span) if noun and not _is_anaphoric(span) else role)
        if not name and not noun and not head.ent_type_ and _is_anaphoric(span):
            name = resolver.last_organisation_before(span.start_char, head.text)
    mention = Mention(span.start_char, span.end_char, span.text, name, role,
                      common=not name and _sentence_initial_common(span))
    resolver.note(mention)
    return mention


def _sentence_initial_common(span: "SpacySpan") -> bool:
    """``Officials said``, ``It said``, ``Officials in Washington said``: a phrase whose first word
    opens its sentence and is capitalised by position only (not a proper noun, no entity; the
    rest of the phrase may name one). A phrase opened by a determiner (``Le tribunal``, ``A
    spokeswoman``) is read by its determiner already."""
    first = span[0]
    return (first.is_sent_start or first.i == 0 or first.doc[first.i - 1].text in ("\n", "\n\n")) \
        and first.text[:1].isupper() and first.text[1:2].islower() \
        and first.pos_ not in ("PROPN", "X", "DET") and not first.ent_type_


_AFFILIATION_DEPS = {"pobj", "nmod", "poss", "nmod:poss"}
_POSSESSOR_DEPS = {"poss", "nmod:poss"}
# the prepositions by which a role names whom it serves (a spokeswoman *for*, an aide *to*, the
# lawyer *of*, le porte-parole *de*); not ``like`` (``advisers like Gene Sperling`` names them)
_AFFILIATION_PREPS = {"for", "to", "of", "at", "with", "from", "de", "du", "des", "d'", "d’", "pour", "auprès"}


def _affiliation(person: "SpacySpan", head: "Token", roles: frozenset[str]) -> bool:
    """Is ``person`` the complement of the phrase's head rather than its name? The one a
    spokeswoman speaks *for* (``a spokeswoman for Dr Conrad Murray``, ``an aide to Senator
    Sanders``, ``le porte-parole de Joe Biden``, ``Trump's spokesman``) is her affiliation; the
    speaker is she, unnamed. A possessor is one only before a role or kinship noun (``roles``:
    ``Michael Jackson's father``): ``Cruz's fusillade``, ``Obama's memoir`` are his words. A name
    set beside its role, even after the complement (``le secrétaire d'État américain William
    Burns``, ``La présidente du tribunal, Claire Fermaut``), is the speaker: the complement's
    preposition must come right before the name (titles aside)."""
    if head.i in range(person.start, person.end) or head.lower_.rstrip(".") in _HONORIFICS:
        return False  # M. de Villepin: the parser may make the honorific the head
    root = person.root
    if root.dep_ not in _AFFILIATION_DEPS:
        return False
    if root.dep_ in _POSSESSOR_DEPS:
        return head.lemma_.lower() in roles or head.lower_ in roles
    doc = person.doc
    k = person.start - 1
    while k > head.i and (doc[k].pos_ == "DET" or doc[k].text.endswith(".") or doc[k].lower_ in _TITLE_WORDS):
        k -= 1  # for Dr Conrad Murray, to Senator Bernie Sanders
    return k > head.i and doc[k].lower_ in _AFFILIATION_PREPS


_HONORIFICS = {"dr", "mr", "mrs", "ms", "m", "mme", "mlle", "me", "monsieur", "madame", "sir", "lord", "lady"}
_TITLE_WORDS = {"dr", "mr", "mrs", "ms", "senator", "sen", "rep", "gov", "governor", "president", "m", "mme",
                "me", "monsieur", "madame", "sir", "lord", "lady", "judge", "general", "gen"}


def _speaker_person(span: "SpacySpan", head: "Token", roles: frozenset[str]) -> "SpacySpan | None":
    """The person a speaker phrase names: the one that holds its head (``Melissa Cronin of
    Gawker``), else the last that is not its head's affiliation (``Obama's endorsement for
    Clinton``: Obama)."""
    found = _people_in(span)
    holding = next((p for p in found if p.start <= head.i < p.end), None)
    if holding is not None:
        return holding
    kept = [p for p in found if not _affiliation(p, head, roles)]
    return kept[-1] if kept else None


def _compound_part(tok: "Token") -> bool:
    """A role noun inside a hyphenated compound names another role: the *president*-elect, an
    ex-*minister*, a vice-*president* are not the president or the minister named before."""
    doc = tok.doc
    after = tok.i + 1 < len(doc) and doc[tok.i + 1].text == "-" and not tok.whitespace_
    before = tok.i > 0 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_
    return after or before


def _role_text(span: "SpacySpan") -> str:
    """A role read from a sentence-initial subject, as it reads after a name: `Le ministre` -> `le ministre`."""
    text = span.text
    if span[0].pos_ == "DET" and text[:1].isupper() and span[0].text[1:].islower():
        return text[:1].lower() + text[1:]
    return text


def _named_apposition(span: "SpacySpan", role: str) -> "SpacySpan | None":
    """The person named in the apposition after ``span`` (``The spokesperson, Tom Wills,``)."""
    end = min(len(doc_text(span.doc)), span.end_char + len(role) + 4)
    return _person_in(span.doc.char_span(span.end_char, end, alignment_mode="expand"))


def _comma_person(span: "SpacySpan") -> "SpacySpan | None":
    """A person named right after ``span`` (and a comma), whatever the parser attached it to
    (it often hangs ``, Radoslaw Sikorski,`` on the verb after an inverted cue)."""
    doc = span.doc
    k = span.end
    if k < len(doc) and doc[k].ent_iob_ == "B" and doc[k].ent_type_ in _PERSON:
        k -= 1  # the researcher John Hardy: the name follows its title without a comma
    elif k + 1 >= len(doc) or doc[k].text != "," or doc[k + 1].ent_iob_ != "B" or doc[k + 1].ent_type_ not in _PERSON:
        return None
    j = k + 2
    while j < len(doc) and doc[j].ent_iob_ == "I":
        j += 1
    return doc[k + 1 : j]


def _people_in(span: "SpacySpan") -> list["SpacySpan"]:
    """The persons named inside ``span``, in order (read from the tokens: ``Span.ents`` walks all
    the document's entities on every call)."""
    doc, out = span.doc, []
    for t in span:
        if t.ent_iob_ == "B" and t.ent_type_ in _PERSON:
            j = t.i + 1
            while j < len(doc) and doc[j].ent_iob_ == "I":
                j += 1
            if j <= span.end:
                out.append(doc[t.i : j])
    return out


def _person_in(span: "SpacySpan | None") -> "SpacySpan | None":
    """The last person named in ``span``."""
    found = _people_in(span) if span is not None else []
    return found[-1] if found else None


def _is_demonstrative(span: "SpacySpan") -> bool:
    return span[0].lower_ in {"this", "that", "these", "ce", "cet", "cette", "ces"}


def _is_anaphoric(span: "SpacySpan") -> bool:
    """``the spokesperson``, ``ce chercheur``: a definite or demonstrative role noun alone."""
    first = span[0].lower_
    if first in {"this", "that", "these", "ce", "cet", "cette", "ces"}:
        return True
    return first in {"the", "le", "la", "l'"} and len(span) <= 4


def _title_role(span: "SpacySpan", person: "SpacySpan") -> str:
    """``Russian President Vladimir Putin`` -> ``Russian President`` (words before the name)."""
    before = span.doc[span.start : person.start]
    words = [t for t in before if not (t.i == span.start and t.pos_ == "DET")]
    if not words:
        return ""
    return span.doc[words[0].i : person.start].text.strip(" ,")


def apposition_role(head: "Token", np_end: int) -> str:
    """``X, porte-parole du département d'État,`` -> the apposition's text."""
    doc = head.doc
    if np_end >= len(doc) or doc[np_end].text != ",":
        return ""
    nxt = np_end + 1
    for child in head.rights:
        if (
            child.i > np_end
            and child.dep_ in ("appos", "conj", "prep", "nmod", "acl", "amod")
            and child.left_edge.i <= nxt
        ):
            end = child.right_edge.i + 1
            text = doc[child.left_edge.i : end].text.strip(" ,")
            if child.dep_ == "conj" and child.pos_ not in ("NOUN",):
                return ""
            if child.dep_ == "prep" and child.lower_ not in ("of", "from", "at", "with"):
                return ""
            return _ROLE_LEAD.sub("", text, count=1) if child.dep_ == "prep" else text
    return ""


def find_channel(text: str, patterns: list[re.Pattern[str]]) -> str:
    """The medium named in a cue clause (``in a statement``, ``sur X``), or ``""``."""
    for pat in patterns:
        m = pat.search(text)
        if m:
            return m.group(0).strip()
    return ""
