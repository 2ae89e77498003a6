"""One speaker per identity across the reports of a story, for "who said what".

The link stage gives a speaker an id when a report names it (``per:claire-morel``,
``org:agence-de-l-eau-rhone-mediterranee``); what it cannot see is the rest of the story. A report
that says only ``The water agency warned`` or ``their unions said``, and an English report that
calls the French agency ``the Rhône-Méditerranée water agency``, would each start a speaker of
their own. Three story-level rules join them, all conservative (no join when in doubt):

- a **description** (no id, a common noun phrase) joins the one speaker of the story, not a
  person, whose name holds all its content words (``The water agency`` -> ``the Rhône-Méditerranée water agency``,
  ``their unions`` -> ``Farmers' unions``); with two such speakers it stays alone;
- two **organisations** in different languages join when their proper words are the same
  (``Agence de l'eau Rhône-Méditerranée`` / ``Rhône-Méditerranée water agency``) and those words
  are not a name of their own in the story (``Université de Lyon`` / ``the Lyon city council``
  share only ``Lyon``, which the story names as a place: they stay apart);
- two speakers **without an id in different languages** (``Les syndicats agricoles`` / ``Farmers'
  unions``, ``l'opérateur`` / ``the operator``) join when the multilingual sentence encoder makes
  each the other's nearest among the story's speakers of that language, at cosine
  ``DESCRIPTION_COSINE`` or more (those pairs 0.82 / 0.88; ``les agriculteurs`` / ``Farmers'
  unions`` 0.65 and ``le gouvernement`` / ``the ministry`` 0.49 stay apart). The bar is the one
  chosen for counted nouns on FreeDict translations (``present/claims_nouns.py``); no gold of
  speaker pairs across languages exists offline, so it was not tuned here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from storyline.link.names_places import fold
from storyline.normalise import phrases


DESCRIPTION_COSINE = 0.78


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
    _join_across_languages([k for k in names if k.startswith("name:")], names, langs, find, parent)
    return {k: find(k) for k in names}


def _join_across_languages(keys: list[str], names: dict[str, Counter[str]], langs: dict[str, set[str]],
                           find, parent: dict[str, str]) -> None:
    """Speakers without an id, each in one language, joined to their translation: mutual nearest
    by the shared encoder's phrase vectors at ``DESCRIPTION_COSINE`` or more."""
    from storyline.link.embed import mutual_nearest

    by_lang: defaultdict[str, list[str]] = defaultdict(list)
    for k in keys:
        if len(langs[k]) == 1:
            by_lang[next(iter(langs[k]))].append(k)
    codes = sorted(by_lang)
    if len(codes) < 2:
        return
    text = {k: names[k].most_common(1)[0][0] for k in keys}
    for i, a in enumerate(codes):
        for b in codes[i + 1:]:
            left, right = by_lang[a], by_lang[b]
            for r, c in mutual_nearest([text[k] for k in left], [text[k] for k in right], DESCRIPTION_COSINE):
                ga, gb = find(left[r]), find(right[c])
                if ga != gb and not _langs_of(ga, langs, find) & _langs_of(gb, langs, find):
                    parent[gb] = ga


def _langs_of(root: str, langs: dict[str, set[str]], find) -> set[str]:
    return {lang for k, ls in langs.items() if find(k) == root for lang in ls}
