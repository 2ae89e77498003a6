"""Words of short phrases (names, speaker descriptions) in the languages storyline reads.

Shared by the link stage (is an unresolved speaker a name, an organisation or a description?)
and the presentation (is ``The water agency`` the agency a story names?), so both read a phrase
the same way: elisions part words (``l'eau`` -> ``l``, ``eau``), hyphenated names stay whole
(``Rhône-Méditerranée``), a possessive stays on its noun (``Trump's``).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Languages whose noun phrases put the head noun first (l'Agence de l'eau Rhône-Méditerranée).
HEAD_FIRST = frozenset({"fr", "es", "it", "pt", "ro", "ca"})
# prepositions that open a complement after an English noun phrase's head
_COMPLEMENT = re.compile(r"\b(?:of|for|to|at|in|with|from|close to|near)\b", re.IGNORECASE)

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*(?:['’]s\b)?")


def words(phrase: str) -> list[str]:
    """The words of ``phrase``, punctuation and elided articles' apostrophes dropped.

    >>> words("l'Agence de l'eau Rhône-Méditerranée, Trump's aide")
    ['l', 'Agence', 'de', 'l', 'eau', 'Rhône-Méditerranée', "Trump's", 'aide']
    """
    return _WORD.findall(phrase)


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Lower-cased function words of English and French (spaCy's stop-word lists) and single
    letters (elided articles): never what a phrase is about."""
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.fr.stop_words import STOP_WORDS as FR

    return frozenset(w.casefold() for w in EN | FR) | frozenset("abcdefghijklmnopqrstuvwxyz")


def content(phrase: str) -> list[str]:
    """The words of ``phrase`` without its function words, in order.

    >>> content("the Rhône-Méditerranée water agency"), content("l'Agence de l'eau")
    (['Rhône-Méditerranée', 'water', 'agency'], ['Agence', 'eau'])
    """
    stop = function_words()
    return [w for w in words(phrase) if w.casefold() not in stop]


def head(phrase: str, lang: str) -> str:
    """The head noun of a noun phrase, read from word order alone: the last content word, or the
    first in languages that put it first. In English a prepositional complement follows its
    head (``the spokesman of the Kremlin``, ``a spokeswoman for Dr Murray``, ``officials in
    Washington``), so the head is the last content word before the first such preposition.

    >>> head("the Rhône-Méditerranée water agency", "en"), head("le porte-parole du Kremlin", "fr")
    ('agency', 'porte-parole')
    >>> head("the spokesman of the Kremlin", "en"), head("the Bank of England", "en")
    ('spokesman', 'Bank')
    >>> head("a spokeswoman for Dr Conrad Murray", "en"), head("an aide to Senator Sanders", "en")
    ('spokeswoman', 'aide')
    """
    if lang not in HEAD_FIRST:
        before = re.split(_COMPLEMENT, phrase, maxsplit=1)[0]
        phrase = before if content(before) else phrase
    found = content(phrase)
    if not found:
        return ""
    return found[0] if lang in HEAD_FIRST else found[-1]
