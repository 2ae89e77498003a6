"""One speaker per identity across the reports of a story, for "who said what".

The link stage gives a speaker an id when a report names it (``per:claire-morel``,
``org:agence-de-l-eau-rhone-mediterranee``); what it cannot see is the rest of the story. A report
that says only ``The water agency warned`` or ``their unions said``, and an English report that
calls the French agency ``the Rhône-Méditerranée water agency``, would each start a speaker of
their own. Two story-level rules join them, both conservative (no join when in doubt):

- a **description** (no id, a common noun phrase) joins the one speaker of the story, not a
  person, whose name holds all its content words (``The water agency`` -> ``the Rhône-Méditerranée water agency``,
  ``their unions`` -> ``Farmers' unions``); with two such speakers it stays alone;
- two **organisations** in different languages join when their proper words are the same
  (``Agence de l'eau Rhône-Méditerranée`` / ``Rhône-Méditerranée water agency``) and those words
  are not a name of their own in the story (``Université de Lyon`` / ``the Lyon city council``
  share only ``Lyon``, which the story names as a place: they stay apart).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from storyline.link.names_places import fold
from storyline.normalise import phrases


@dataclass(frozen=True, slots=True)
class SpeakerMention:
    """One quote's speaker as the story sees it: its id (may be empty), its name, its language."""

    entity: str
    name: str
    language: str


def content_words(phrase: str) -> frozenset[str]:
    """Folded words that say what the speaker is (``The water agency`` -> water, agency).

    >>> sorted(content_words("their unions"))
    ['unions']
    """
    return frozenset(fold(w) for w in phrases.content(phrase))


def proper_words(name: str, lang: str) -> frozenset[str]:
    """Folded capitalised words of a name but its head noun (the first word in French, which is
    capitalised as the start of the name): both names of the agency give ``rhone mediterranee``.

    >>> proper_words("the Rhône-Méditerranée water agency", "en")
    frozenset({'rhone mediterranee'})
    >>> proper_words("l'Agence de l'eau Rhône-Méditerranée", "fr")
    frozenset({'rhone mediterranee'})
    """
    words = phrases.content(name)
    if lang in phrases.HEAD_FIRST:
        words = words[1:]
    return frozenset(fold(w) for w in words if w[:1].isupper())


def key(m: SpeakerMention) -> str:
    """What identifies a speaker before the story is read: its id, else its content words, else
    (a pronoun left unresolved: ``he``, ``elle``) its own folded text, so that two such speakers
    are never one.

    >>> key(SpeakerMention("", "The water agency", "en")), key(SpeakerMention("", "he", "en"))
    ('name:agency water', 'text:he')
    """
    if m.entity:
        return m.entity
    words = content_words(m.name)
    return "name:" + " ".join(sorted(words)) if words else "text:" + fold(m.name.strip())


def unify(mentions: list[SpeakerMention], story_names: set[str]) -> dict[str, str]:
    """Speaker key (an id, else ``name:`` + content words) -> the key of the speaker it is.

    ``story_names`` are the folded names of the story's entities, so a proper word that is a
    name of its own (a city) never joins two organisations.

    >>> ms = [SpeakerMention("", "the Rhône-Méditerranée water agency", "en"),
    ...       SpeakerMention("", "The water agency", "en")]
    >>> sorted(set(unify(ms, set()).values()))
    ['name:agency rhone mediterranee water']
    """
    names: defaultdict[str, Counter[str]] = defaultdict(Counter)
    langs: defaultdict[str, set[str]] = defaultdict(set)
    proper: defaultdict[str, frozenset[str]] = defaultdict(frozenset)
    words: defaultdict[str, list[frozenset[str]]] = defaultdict(list)  # content words of each name
    for m in mentions:
        k = key(m)
        if m.name not in names[k]:
            proper[k] |= proper_words(m.name, m.language)
            words[k].append(content_words(m.name))
        names[k][m.name] += 1
        langs[k].add(m.language)
    parent = {k: k for k in names}

    def find(k: str) -> str:
        while parent[k] != k:
            k = parent[k]
        return k

    # organisations across languages: the same proper words, none of them a name on its own
    orgs = [k for k in names if not k.startswith(("per:", "loc:"))]
    for i, a in enumerate(orgs):
        pa = proper[a]
        for b in orgs[i + 1:]:
            if pa and pa == proper[b] and langs[a] != langs[b] and not pa & story_names:
                parent[find(b)] = find(a)
    # descriptions: the one speaker, not a person, whose name holds all their content words
    for k in names:
        if not k.startswith("name:") or proper[k]:
            continue
        want = words[k][0]  # every name of a ``name:`` key has the same content words
        hosts = {find(h) for h, ws in words.items()
                 if h != k and not h.startswith("per:") and any(want < w for w in ws)}
        if len(hosts) == 1:
            parent[find(k)] = hosts.pop()
    return {k: find(k) for k in names}
