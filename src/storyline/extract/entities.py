"""Named entities of one article: people, organisations, places, groups (``entities@5``).

Starts from the spaCy parse (``ctx.doc.ents``) and fixes what the statistical models get wrong
in news text, using per-language data in ``lang/<code>/entities.json``:

- labels mapped onto one set, PER ORG LOC MISC NORP (dates, amounts and numbers are dropped:
  other extractors handle them);
- spans cleaned: leading determiners and elisions (``l'``, ``the``), titles before a person's
  name (``President``, ``porte-parole``), a lower-case noun before a name (``missiles ATACMS``),
  trailing possessives and punctuation; junk dropped (one letter, digits, lower-case words);
- places the model missed or mislabelled, found in the gazetteer (``kyiv`` in a machine
  translation, ``Kursk`` tagged as a product) -- precision first: lower-case words must be rare
  as words (wordfreq) or appear capitalised elsewhere in the article;
- French demonyms as NORP (``la menace russe``, ``les Américains``): the French model has no
  NORP label, the English one has;
- people's names with particles the models cut or mislabel (``Ursula von der`` + ``Leyen``,
  ``Jean-Yves Le Drian`` untagged);
- languages whose pipeline has no recogniser (all but French and English): names the identity
  tables know, acronyms and capitalised name words (``entities_lexicon``);
- one name per entity within the article: ``Biden`` -> ``Joe Biden`` when exactly one person
  in the article has that surname (``Assad``, ``de Gaulle`` too), ``kyiv`` -> ``Kyiv``.

``entity_id`` is left empty: the link stage (``storyline.link.identity``) sets it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from storyline.extract.base import Context, register
from storyline.extract.entities_lexicon import find_names
from storyline.model import EntityMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# bump when the output changes: `storyline reextract` renews facts of other versions
# 3: names with particles mended (von der Leyen); 4: languages without a model (entities_lexicon);
# 5: tokens holding a symbol stripped from the edges of a name (mojibake, tokenised quotes)
# 6: a surname the model tagged as a mid-size town takes the full name seen before (Jackson 's)
# 7: no words glued before a person's name (person_edges); one person's names written two ways
#    are one bearer of the surname, and of two people the one the report names far more often
VERSION = "7"
STAGE = f"entities@{VERSION}"
_LANG_DIR = Path(__file__).with_name("lang")
_EDGE_PUNCT = ".,;:!?»«“”\"'()[]{}—–-/*•"
_INNER_ELISION = re.compile(r"^(?:[lLdDnNjJsScCmMtT]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu)'(?=\w)")
_POSSESSIVE = re.compile(r"'s?$")
_DOTTED = re.compile(r"(?:^|[\s.])(?:\w\.){2,}$")  # U.S., U.N.: the final dot is part of the name
# Gazetteer places that may be added or relabelled: countries, world regions, and cities with
# at least this many people. Smaller towns' names collide with ordinary words and surnames
# (thresholds set by auditing additions on PolNeAR dev and French TimeBank, see bench/entities).
_MIN_CITY_POPULATION = 100_000
_MIN_LOWERCASE_CITY_POPULATION = 500_000
_MIN_BIG_CITY_POPULATION = 1_000_000


@dataclass(frozen=True, slots=True)
class LangData:
    """One language's entities.json, ready to use."""

    label_map: dict[str, str]
    determiners: frozenset[str]  # stripped from the start of a span: articles, demonstratives, prepositions
    elisions: frozenset[str]
    titles: tuple[str, ...]  # lower case, longest first
    max_zipf: float
    lowercase_demonyms: bool  # tag "russe" as NORP (the French model has no NORP label)
    articles: frozenset[str] = frozenset()  # definite articles only (the, la, l'): institutions take them, names do not


@lru_cache(maxsize=16)
def lang_data(lang: str) -> LangData:
    """Data for ``lang``; languages without a file get the union of labels of those that have one."""
    path = _LANG_DIR / lang / "entities.json"
    paths = [path] if path.exists() else sorted(_LANG_DIR.glob("*/entities.json"))
    label_map: dict[str, str] = {}
    dets: set[str] = set()
    articles: set[str] = set()
    elisions: set[str] = set()
    titles: set[str] = set()
    max_zipf = 4.0
    demonyms = False
    for p in paths:
        data = json.loads(p.read_text(encoding="utf-8"))
        label_map.update(data["label_map"])
        dets |= set(data.get("determiners", []))
        articles |= set(data.get("articles", []))
        elisions |= set(data.get("elisions", []))
        titles |= {t.lower() for t in data.get("titles", [])}
        max_zipf = min(max_zipf, float(data.get("lowercase_place_max_zipf", 4.0)))
        demonyms = demonyms or bool(data.get("lowercase_demonyms", False))
    return LangData(label_map, frozenset(dets), frozenset(elisions),
                    tuple(sorted(titles, key=len, reverse=True)), max_zipf, demonyms, frozenset(articles))


@lru_cache(maxsize=1)
def name_particles() -> frozenset[str]:
    """Lower-case particles inside people's names (``von der Leyen``, ``Le Pen``, ``al-Assad``),
    from every language's entities.json: names travel, a French report cites ``von der Leyen``."""
    found: set[str] = set()
    for p in sorted(_LANG_DIR.glob("*/entities.json")):
        found |= {w.casefold() for w in json.loads(p.read_text(encoding="utf-8")).get("name_particles", [])}
    return frozenset(found)


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    label: str
    name: str = ""
    model_label: str = ""  # the model's label, mapped, before _relabel
    after_adp: bool = False  # right after a preposition (``in Jackson``, ``de Washington``)


@register("entities", version=VERSION)
def extract_entities(ctx: Context) -> list[EntityMention]:
    """Entity mentions of ``ctx.doc``, cleaned, with one best name per entity."""
    data = lang_data(ctx.lang)
    text = ctx.article.text  # == ctx.doc.text; Doc.text rebuilds the string on every access
    nominatives: list[str] = []
    if not ctx.doc.has_annotation("ENT_IOB"):  # a blank pipeline: no recogniser ships for this language
        found = find_names(ctx.doc, text, ctx.lang)
        cands = [_Cand(start, end, label) for start, end, label, _ in found]
        nominatives = [name for *_, name in found]
    else:
        cands = [c for ent in ctx.doc.ents if (c := _clean(ent, text, data, ctx.lang)) is not None]
        cands += _missed_places(ctx.doc, text, cands, data, ctx.lang)
        cands.sort(key=lambda c: c.start)
        cands = _mend_particle_names(ctx.doc, cands, data)
    _name(cands, text, data.titles)
    for c, nominative in zip(cands, nominatives):
        c.name = nominative or c.name  # a declined place by the name the tables know (Ukrainie: Ukraina)
    return [EntityMention(ctx.article.id, c.start, c.end, text[c.start:c.end], c.label, c.name, stage=STAGE)
            for c in cands]


def _clean(ent: Span, text: str, data: LangData, lang: str) -> _Cand | None:
    label = data.label_map.get(ent.label_)
    if label is None:
        return None
    toks = _strip_tokens(list(ent), label, data)
    if not toks:
        return None
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    start, end = _strip_chars(text, start, end, label, data)
    if _junk(text[start:end], data) or _common_noun(toks, text[start:end]):
        return None
    # a preposition before a possessor is its noun's, not the name's: "in Jackson 's death"
    possessor = ent.end < len(ent.doc) and ent.doc[ent.end].tag_ == "POS"
    after_adp = ent.start > 0 and ent.doc[ent.start - 1].pos_ == "ADP" and not possessor
    return _Cand(start, end, _relabel(text, start, end, label, data, after_adp, lang), model_label=label,
                 after_adp=after_adp)


def _relabel(text: str, start: int, end: int, label: str, data: LangData, after_adp: bool, lang: str) -> str:
    """Fix the model's commonest label errors in news: places as products or people, people as orgs.

    Audited on PolNeAR dev and French TimeBank (bench/entities/README.md): a surname is often a
    town's name (Warren, Elizabeth, Kennedy), so a one-word person becomes a place only when it
    is a country, a city of 1M+, or a 100k+ city right after a preposition (``de Washington``).
    """
    surface = text[start:end]
    words = surface.split()
    if label in ("ORG", "MISC") and 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words):
        if _after_title(text, start, data.titles):
            return "PER"  # "Chancellor Olaf Scholz" tagged ORG
    if label == "MISC" and _gazetteer_place(surface, _MIN_CITY_POPULATION):  # Kursk as PRODUCT
        return "LOC"
    if label in ("PER", "ORG") and len(words) == 1:
        minimum = _MIN_CITY_POPULATION if after_adp else _MIN_BIG_CITY_POPULATION
        if _gazetteer_place(surface, minimum):  # Odesa as PER, Copenhagen as ORG
            return "LOC"
    if label in ("LOC", "MISC") and len(words) == 1 and not _gazetteer_place(surface, 0) and _demonym(surface, lang):
        return "NORP"  # fr_core_news_md tags "les Russes", "les Américains" as LOC
    return label


def _strip_tokens(toks: list[Token], label: str, data: LangData) -> list[Token]:
    skip = data.elisions if label == "PER" else data.determiners | data.elisions
    while toks and (toks[0].lower_ in skip or toks[0].is_punct or toks[0].is_space
                    or len(toks) > 1 and holds_symbol(toks[0].text)):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].lower_ in ("'s", "'")
                    or len(toks) > 1 and holds_symbol(toks[-1].text)):
        toks = toks[:-1]
    # "missiles ATACMS": a lower-case common noun glued before a name is not part of it
    while (label != "PER" and len(toks) > 1 and toks[0].is_lower and toks[0].pos_ in ("NOUN", "ADJ")
           and (toks[1].is_title or toks[1].is_upper)):
        toks = toks[1:]
    return person_edges(toks, data.titles) if label == "PER" else toks


# Parts of speech that open no person's name: the small models take a capitalised word before a
# name into the span (``Certainly Donald Trump``, ``Follow Jeff Poor``, ``Top Clinton aides``).
_NOT_GIVEN_NAME = frozenset({"ADV", "AUX", "VERB", "DET", "PRON", "ADP", "SCONJ", "CCONJ", "PART", "INTJ", "ADJ"})
# ... when the word is an everyday one (Zipf frequency of the lower-cased word, wordfreq): a rare
# word the tagger misread is a given name (``Newt Gingrich``, ``Yasser Arafat``).
_EVERYDAY_ZIPF = 3.0
_ADJECTIVE_ZIPF = 4.4  # ``Top``, ``Weak``, ``Classic``; ``Newt`` is 3.2
_DASHES = frozenset({"-", "–", "—", "--"})


def person_edges(toks: list[Token], titles: tuple[str, ...] = ()) -> list[Token]:
    """A person's span without what the tagger glued before the name (``X.\n\nSexton``, ``Weak -
    Rubio``, ``Certainly Donald Trump``): the name after a line break, after a lone word and a
    dash, or after an everyday word that opens no name where capitals say nothing (at the start
    of a sentence, in capitals, in a title-case headline). One such false "full name" ending in a
    surname made every later ``Sexton`` or ``Clinton`` of the report ambiguous (two people bear
    it), so it lost its person (``org:sexton``) or kept a headline's words as the speaker's name
    (``Weak - Rubio``). The quote extractor reads its speakers' names through it too.

    Kept: a word before anything but a capitalised proper noun (``Trump Calls``), a particle
    (``de Gaulle``, ``Le Pen``), a given name inside a sentence or after a title (``said Will
    Doyle``, ``Sen. Frank Lautenberg``; ``titles``: the language's, lower case).
    Audited on PolNeAR train and French TimeBank (bench/entities/README.md)."""
    from wordfreq import zipf_frequency

    breaks = [k for k, t in enumerate(toks) if "\n" in t.text_with_ws and k < len(toks) - 1]
    if breaks and any(t.is_title or t.is_upper for t in toks[breaks[-1] + 1:]):
        toks = toks[breaks[-1] + 1:]
        while toks and (toks[0].is_space or toks[0].is_punct):
            toks = toks[1:]
    if len(toks) > 2 and toks[1].text in _DASHES and toks[1].whitespace_ and toks[0].whitespace_:
        toks = toks[2:]  # "Weak - Rubio"; a hyphenated name has no spaces (Reynolds-Santilli)
    particles = name_particles()
    while (len(toks) > 1 and toks[1].pos_ == "PROPN" and (toks[1].is_title or toks[1].is_upper)
           and toks[0].pos_ in _NOT_GIVEN_NAME and not _is_particle(toks[0].text, particles)
           and (toks[0].is_lower  # "somebody like a Donald Trump"
                or zipf_frequency(toks[0].lower_, toks[0].lang_) >= (
                    _ADJECTIVE_ZIPF if toks[0].pos_ == "ADJ" else _EVERYDAY_ZIPF)
                and _capital_says_nothing(toks[0], titles))):
        toks = toks[1:]
    return toks


def _capital_says_nothing(tok: Token, titles: tuple[str, ...]) -> bool:
    """Whether ``tok``'s capital may be the sentence's or the headline's rather than a name's: it
    opens its sentence (after quotes and brackets), is in capitals, or follows a capitalised word
    that is no title (``Pastor Wants Girl Scout Leaders``, not ``Rep. Will Hurd``)."""
    if tok.is_upper and len(tok.text) > 1 and "." not in tok.text:
        return True
    j = tok.i - 1
    while j >= tok.sent.start and (tok.doc[j].is_punct or tok.doc[j].is_space):
        j -= 1
    return j < tok.sent.start or tok.doc[j].is_title and tok.doc[j].lower_ not in titles


def holds_symbol(word: str) -> bool:
    """A token holding a symbol (``€``, ``™``, U+FFFD, a tokenised opening quote of two backticks):
    no name of several words begins or ends with one (a one-token name keeps it: ``C++``). Text
    decoded with the wrong charset and then tokenised leaves such tokens beside names (``â€ �
    Rubio``), which would give the name an id of its own (``per:rubio`` beside ``per:marco-rubio``).
    The quote extractor trims speakers with it too."""
    return any(unicodedata.category(ch).startswith("S") or ch == "\ufffd" for ch in word)


def _strip_chars(text: str, start: int, end: int, label: str, data: LangData) -> tuple[int, int]:
    if m := _INNER_ELISION.match(text[start:end]):
        start += m.end()
    if m := _POSSESSIVE.search(text[start:end]):
        end -= len(m.group(0))
    while end > start and text[end - 1] in _EDGE_PUNCT and not _DOTTED.search(text[start:end]):
        end -= 1
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    if label == "PER":
        start = _strip_titles(text, start, end, data)
    return start, end


def _strip_titles(text: str, start: int, end: int, data: LangData) -> int:
    """Skip ``President``, ``porte-parole du département d'État`` ... before a person's name."""
    changed = True
    while changed:
        changed = False
        low = text[start:end].lower()
        for title in data.titles:
            if low.startswith(title + " ") and end - start > len(title) + 1:
                start, changed = start + len(title) + 1, True
                break
    return start


def _junk(surface: str, data: LangData) -> bool:
    """One letter, no letters, or a lower-case word that is not a well-known place."""
    letters = sum(ch.isalpha() for ch in surface)
    if letters == 0 or (letters == 1 and not any(ch.isdigit() for ch in surface)):
        return True
    if surface.islower() and not any(ch.isdigit() for ch in surface):
        return _lowercase_place(surface) is None
    return False


def _common_noun(toks: list[Token], surface: str) -> bool:
    """A lower-case word after a determiner is a common noun the model took for a name, whatever
    the gazetteer lists (``in the canton`` is no Canton = Guangzhou; the rule ``_missed_place``
    already applies to untagged words). ``kyiv`` without one stays a place."""
    return surface.islower() and _after_determiner(toks[0])


def _after_determiner(tok: Token) -> bool:
    return tok.i > 0 and tok.doc[tok.i - 1].pos_ == "DET"


def _gazetteer_place(surface: str, min_population: int):  # -> Place | None
    """A country, world region, or city of ``min_population``+ called exactly so (primary name).

    GeoNames' alternate names are noisy (``sues`` is listed for Suez, ``Media`` for Médéa), so
    they count only for the lower-case check below, and only for the biggest cities.
    """
    from storyline.link.names_places import lookup_place

    place = lookup_place(surface)
    if place is None or not place.primary:
        return None
    if place.kind in ("country", "region") or place.population >= min_population:
        return place
    return None


def _lowercase_place(surface: str):  # -> Place | None
    """``kyiv``, ``kiev``: a country or 500k+ city by its own name, or a 1M+ city by an exonym."""
    from storyline.link.names_places import lookup_place

    place = lookup_place(surface)
    if place is None:
        return None
    if place.primary and (place.kind in ("country", "region") or place.population >= _MIN_LOWERCASE_CITY_POPULATION):
        return place
    return place if place.population >= _MIN_BIG_CITY_POPULATION else None


# A word in these roles is a common word whatever the gazetteer says.
_NOT_NAME_POS = {"VERB", "AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "NUM", "PART", "INTJ"}


def _missed_places(doc: Doc, text: str, cands: list[_Cand], data: LangData, lang: str) -> list[_Cand]:
    """Single-word places the model left untagged (``kyiv``): gazetteer + rarity, precision first."""
    taken = {i for c in cands for i in range(c.start, c.end)}
    out: list[_Cand] = []
    for tok in doc:
        if (len(tok.text) < 4 or tok.is_stop or tok.idx in taken or tok.is_sent_start
                or tok.pos_ in _NOT_NAME_POS or not (tok.is_lower or tok.is_title)):
            continue
        if tok.is_alpha and _missed_place(tok, data, lang):
            out.append(_Cand(tok.idx, tok.idx + len(tok.text), "LOC"))
        elif data.lowercase_demonyms and tok.is_lower and tok.pos_ == "ADJ" and _demonym(tok.text, lang):
            out.append(_Cand(tok.idx, tok.idx + len(tok.text), "NORP"))  # "la menace russe"
    return out


def _demonym(surface: str, lang: str) -> bool:
    """``russe``, ``Américains``, ``nord-coréens``: a word for a country's people (alias file or rules)."""
    from storyline.link.identity import default_resolver

    return default_resolver().resolve(surface, "NORP", lang).via == "demonym"


def _missed_place(tok: Token, data: LangData, lang: str) -> bool:
    """Audited on PolNeAR dev / French TimeBank: without the determiner, lemma and rarity checks
    ``une grenade`` (Grenada), ``turnout`` and ``explosions`` came out as places."""
    if tok.lower_ in data.determiners or tok.lower_ in data.elisions:
        return False
    if _after_determiner(tok):  # "une grenade", "the villain"
        return False
    if tok.is_title:
        return tok.pos_ == "PROPN" and _gazetteer_place(tok.text, _MIN_CITY_POPULATION) is not None
    if tok.lemma_.lower() != tok.lower_:  # inflected: "explosions", "parachutages"
        return False
    return _lowercase_place(tok.text) is not None and _rare_word(tok.lower_, lang, data.max_zipf)


def _rare_word(word: str, lang: str, max_zipf: float) -> bool:
    """Not a common word in the article's language nor in English (machine translations)."""
    from wordfreq import zipf_frequency

    langs = {lang, "en"} if lang in ("fr", "en", "de", "es", "it", "pt", "nl") else {"en"}
    return all(zipf_frequency(word, code) < max_zipf for code in langs)


def _mend_particle_names(doc: Doc, cands: list[_Cand], data: LangData) -> list[_Cand]:
    """People's names with particles, which the small models cut or mislabel (in place and
    returned without the candidates a mended name swallowed; ``cands`` sorted by start).

    - a person's span that ends on a particle takes the capitalised words after it
      (``Ursula von der`` + ``Leyen``, tagged a place);
    - a span opened by, or right after, particles takes the given names before them
      (``Vincent`` + ``Van Gogh``, ``Jean-Yves Le`` + ``Drian``) and is a person, and given
      names, particles and a surname no span covers make one (``Jean-Yves Le Drian``);
    - a particle + surname whose full name the article gave before (``de Gaulle`` after
      ``Charles de Gaulle``, even tagged a place) is that person.

    Precision first: a given name is a capitalised, alphabetic proper noun outside any other
    entity and no title, so ``Selon Le Monde``, ``la gare de Lyon`` and ``the Rev. Al Sharpton``
    stay as they are (audited on PolNeAR dev, French TimeBank and 120 entities_tls articles: one
    span changed in each 100 articles; ``Marine Le Pen`` stays ``Le Pen``, the French model reads
    ``Marine`` as a noun).
    """
    particles = name_particles()
    if not cands or not particles:
        return cands
    taken: dict[int, int] = {}  # token index -> candidate index

    def tokens_of(c: _Cand) -> list[Token]:
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        return list(span) if span is not None else []

    def particle(t: Token) -> bool:
        return _is_particle(t.text, particles)

    def given(t: Token) -> bool:
        return (t.is_title and t.pos_ == "PROPN" and t.i not in taken and t.text.replace("-", "").isalpha()
                and t.lower_ not in data.titles and not particle(t))

    def index() -> list[list[Token]]:
        taken.clear()
        out = [tokens_of(c) for c in cands]
        for k, toks in enumerate(out):
            for t in toks:
                taken[t.i] = k
        return out

    index()
    # a name no span covers: "Jean-Yves Le Drian" (given names, particles, a surname)
    for t in doc:
        j = t.i - 1
        while j > 0 and particle(doc[j]) and j not in taken:
            j -= 1
        if (j < t.i - 1 and given(t) and given(doc[j])
                and not (t.i + 1 < len(doc) and doc[t.i + 1].is_title and doc[t.i + 1].i not in taken)
                and not _gazetteer_place(t.text, _MIN_CITY_POPULATION)):
            g = j
            while g > 0 and given(doc[g - 1]):
                g -= 1
            cands.append(_Cand(doc[g].idx, t.idx + len(t.text), "PER", model_label="PER"))
            for u in doc[g:t.i + 1]:
                taken[u.i] = -1
    cands.sort(key=lambda c: c.start)
    toks_of = index()

    dropped: set[int] = set()
    tails: set[str] = set()  # surname keys (``_surname_keys``) of the full names seen so far, folded
    for k, c in enumerate(cands):
        toks = toks_of[k]
        if k in dropped or not toks:
            continue
        first, last = toks[0], toks[-1]
        # right: "Ursula von der" + "Leyen"
        if c.label == "PER" and particle(last) and last.i + 1 < len(doc) and doc[last.i + 1].is_title:
            j = last.i + 1
            while j < len(doc) and doc[j].is_title and not doc[j].is_sent_start:
                if j in taken and taken[j] != k:
                    dropped.add(taken[j])
                j += 1
            c.end = doc[j - 1].idx + len(doc[j - 1].text)
            toks = toks_of[k] = list(doc[first.i:j])
        # left: particles before the span (or opening it), given names before them
        i = first.i
        while i > 0 and particle(doc[i - 1]) and doc[i - 1].i not in taken:
            i -= 1
        opened = particle(first) or i < first.i
        g = i
        while g > 0 and given(doc[g - 1]):
            g -= 1
        place = c.label != "PER" and _gazetteer_place(doc[first.i:last.i + 1].text, _MIN_CITY_POPULATION)
        if opened and g < i and not place:
            c.start, c.label = doc[g].idx, "PER"
            toks = toks_of[k] = list(doc[g:toks[-1].i + 1])
        elif i < first.i and not place:
            # "de Gaulle" after "Charles de Gaulle"
            tail = _particle_key([t.text for t in doc[i:toks[-1].i + 1]], particles).casefold()
            if tail in tails:
                c.start, c.label = doc[i].idx, "PER"
                toks = toks_of[k] = list(doc[i:toks[-1].i + 1])
        if c.label == "PER":
            tails.update(k.casefold() for k in _surname_keys([t.text for t in toks], particles))
    return [c for k, c in enumerate(cands) if k not in dropped]


def _name(cands: list[_Cand], text: str, titles: tuple[str, ...] = ()) -> None:
    """Set each candidate's best name within the article (in place; ``cands`` sorted by start).

    A surname takes the full name of the one person with that surname named *before* it: news
    names a person in full first. Audited on PolNeAR dev: also taking later full names turned
    a headline's ``Obama`` into ``Michelle Obama``. A surname with particles is read whole or
    without them (``Le Pen``, ``de Gaulle``, ``Assad`` after ``Bashar al-Assad``). When two
    people bearing it were named before, ``bearer`` decides from the whole report.
    """
    cased = {text[c.start:c.end].casefold(): text[c.start:c.end] for c in cands if not text[c.start:c.end].islower()}
    particles = name_particles()
    totals: dict[str, dict[str, int]] = {}  # surname -> full names of the whole report -> mentions
    for c in cands:
        _count_full_name(totals, c, text, particles)
    before: dict[str, dict[str, int]] = {}  # the same, named so far
    for c in cands:
        surface = text[c.start:c.end]
        c.name = _best_name(c, surface, cased, before, particles, totals, _after_title(text, c.start, titles))
        _count_full_name(before, c, text, particles)


def _count_full_name(seen: dict[str, dict[str, int]], c: _Cand, text: str, particles: frozenset[str]) -> None:
    """Count ``c`` under each surname key it may be named by later, if it is a person's full name."""
    words = text[c.start:c.end].split()
    if c.label == "PER" and len(words) >= 2 and words[-1].split("-")[-1][:1].isupper():
        name = " ".join(words)
        for key in _surname_keys(words, particles):
            names = seen.setdefault(key, {})
            names[name] = names.get(name, 0) + 1


def _after_title(text: str, start: int, titles: tuple[str, ...]) -> bool:
    """Whether a title or honorific stands right before ``start`` (``Mrs. Clinton``, ``President
    Clinton``): it says which of two people is meant in a way a count of names cannot."""
    before = text[max(0, start - 60):start].lower().rstrip()
    return any(before.endswith(t) and (len(before) == len(t) or not before[-len(t) - 1].isalnum()) for t in titles)


def _surname_keys(words: list[str], particles: frozenset[str]) -> list[str]:
    """How later mentions may name the person ``words`` names in full: the last word, the tail
    from the first particle on (particles lower-cased), the part after a particle's hyphen.

    >>> _surname_keys(["Bashar", "al-Assad"], frozenset({"al"}))
    ['al-Assad', 'Assad']
    >>> _surname_keys(["Charles", "De", "Gaulle"], frozenset({"de"}))
    ['Gaulle', 'de Gaulle']
    """
    keys = [words[-1]]
    prefix, hyphen, rest = words[-1].partition("-")
    if hyphen and rest[:1].isupper() and prefix.casefold() in particles:
        keys.append(rest)
    for n, w in enumerate(words[1:-1], 1):
        if _is_particle(w, particles):
            keys.append(_particle_key(words[n:], particles))
            break
    return keys


def _is_particle(word: str, particles: frozenset[str]) -> bool:
    w = word.casefold()
    return w in particles or w.rstrip("'’") + "'" in particles


def _particle_key(words: list[str], particles: frozenset[str]) -> str:
    return " ".join(w.casefold() if _is_particle(w, particles) else w for w in words)


def _best_name(c: _Cand, surface: str, cased: dict[str, str], full_names: dict[str, dict[str, int]],
               particles: frozenset[str] = frozenset(), totals: dict[str, dict[str, int]] | None = None,
               titled: bool = False) -> str:
    if surface.islower() and c.label != "NORP":  # "russe" is right in lower case
        if surface.casefold() in cased:
            return cased[surface.casefold()]
        return " ".join(w[:1].upper() + w[1:] for w in surface.split())  # kyiv -> Kyiv
    words = surface.split()
    with_particle = len(words) > 1 and _is_particle(words[0], particles)
    key = _particle_key(words, particles) if with_particle else surface
    fulls = full_names.get(key, {})
    # "Warren" after "Elizabeth Warren" is her, whatever the gazetteer says; a place the model
    # itself tagged as one (LOC) stays a place when it is one a person is not mistaken for, by
    # _relabel's measure: a country, a 1M+ city, or a 100k+ city after a preposition. So
    # "Jackson 's children" after "Michael Jackson" is him (the small model tags it GPE; Jackson,
    # Mississippi has 150k people), "in Jackson" stays the city, "Jordan" the country.
    minimum = _MIN_CITY_POPULATION if c.after_adp else _MIN_BIG_CITY_POPULATION
    counts = (totals or {}).get(key, {}) if not titled else {}
    person = bearer(fulls, counts) if len(words) == 1 or with_particle else ""
    if person and (c.model_label != "LOC" or _gazetteer_place(surface, minimum) is None):
        c.label = "PER"
        return person
    return " ".join(surface.split())


# A surname two people bear names the one whose full name the report gives at least this many
# times, and this many times as often as the other's (Hillary Clinton 20, Bill Clinton 4).
_DOMINANT = 2
_DOMINANT_TIMES = 3


def bearer(before: dict[str, int], totals: dict[str, int] | None = None) -> str:
    """Who a surname names, from the full names with that surname the report gave before it
    (name -> times, in order): one person's names, however written, are that person (the first
    name given); of several people, the one the whole report (``totals``) names far more often
    than any other, else no one.

    Read on PolNeAR train (bench/entities/README.md): news writes ``Clinton`` for the Clinton
    of the story (Hillary Clinton 20 times, Bill Clinton 4), and a passing relative or namesake
    is named once (Marco Rubio 11, his father Mario 1); with 2 against 1, either may speak
    (Sean Smith, and his mother Patricia Smith who is quoted). A title before the surname
    (``Mrs. Clinton``, ``President Clinton``) means the writer told them apart another way:
    callers pass no ``totals`` then.

    >>> bearer({"Hillary Clinton": 1, "Hillary Rodham Clinton": 1})
    'Hillary Clinton'
    >>> bearer({"Hillary Clinton": 1, "Bill Clinton": 1}, {"Hillary Clinton": 5, "Bill Clinton": 1})
    'Hillary Clinton'
    >>> bearer({"Hillary Clinton": 1, "Bill Clinton": 1}, {"Hillary Clinton": 2, "Bill Clinton": 1}), bearer({})
    ('', '')
    """
    people: list[list[str]] = []
    for name in before:
        for names in people:
            if one_person(names + [name]):
                names.append(name)
                break
        else:
            people.append([name])
    if len(people) == 1:
        return people[0][0]
    times = sorted(((sum(n for name, n in (totals or {}).items() if one_person(names + [name])), names[0])
                    for names in people), reverse=True)
    if len(times) < 2 or times[0][0] < _DOMINANT_TIMES or times[0][0] < _DOMINANT * times[1][0]:
        return ""
    return times[0][1]


def one_person(full_names: list[str]) -> bool:
    """Whether full names sharing a surname are one person's: the same first name and last word,
    and the middle words of one within the other's (``Hillary Clinton`` and ``Hillary Rodham
    Clinton``, ``Donald J. Trump`` and ``Donald Trump``), so that her later ``Clinton`` is still
    hers; ``Bill Clinton`` beside them makes it anyone's. ``George W. Bush`` and ``George H.W.
    Bush`` are two people, and ``George Bush`` beside both may be either.

    >>> one_person(["Hillary Clinton", "Hillary Rodham Clinton"]), one_person(["Hillary Clinton", "Bill Clinton"])
    (True, False)
    >>> one_person(["George W. Bush", "George Bush", "George H.W. Bush"])
    False
    """
    def parts(name: str) -> tuple[str, str, set[str]]:
        words = [w.strip(".").casefold() for w in name.split()]
        return words[0], words[-1], set(words[1:-1])

    named = [parts(n) for n in full_names]
    return all(a[:2] == b[:2] and (a[2] <= b[2] or b[2] <= a[2]) for a in named for b in named)
