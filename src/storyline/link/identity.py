"""One identity per entity across articles and languages.

Usage (the story-clustering stage calls ``canonical_id``; its signature is stable)::

    >>> from storyline.link.identity import canonical_id
    >>> canonical_id("États-Unis", "LOC", "fr") == canonical_id("U.S.", "LOC", "en") == "loc:united-states"
    True
    >>> canonical_id("OTAN", "ORG", "fr")
    'org:nato'
    >>> canonical_id("Joe Biden", "PER", "en")
    'per:joe-biden'
    >>> canonical_id("Russian", "NORP", "en")  # a demonym: the place it refers to
    'loc:russia'

Ids are ``<kind>:<slug>``. How a name becomes an id, first match wins:

1. the alias file (``aliases.toml`` beside this module, then the user's files named in
   ``STORYLINE_ALIASES``): organisations and short forms no package covers (``OTAN`` -> ``org:nato``);
2. places (not for PER): CLDR territory names in 13 languages via Babel and GeoNames cities with
   their alternate names (``Kiev`` = ``Kyiv`` = ``kyiv`` -> ``loc:kyiv``), see ``names_places``;
3. demonyms (NORP, MISC): ``russe``/``Russian`` -> ``loc:russia``, flagged ``related``;
4. otherwise the name itself: titles stripped (``President Biden`` -> ``Biden``), ASCII-folded, and
   for people and unknown places a transliteration key so ``Zelenskyy``/``Zelensky``,
   ``Sergueï Choïgou``/``Sergei Shoigu`` meet (``per:...``); organisations keep their plain slug.

Acronyms need context: within an article ``Resolver.resolve_article`` gives ``FDD`` the id of
``Foundation for Defense of Democracies`` when its initials match; across articles
``index_entities`` merges an acronym into the one full name with those initials, one name
that the taggers labelled differently (``loc:rhon`` in French, ``misc:rhon`` in English) into one
entry, and a surname alone into the one person of the listing who bears it.
People are never matched on a surname alone: the extractor already expanded ``Biden`` to
``Joe Biden`` within its article.

Tables are built lazily, once per process (~0.5-1 s), never at import time.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

try:  # Python 3.11+; 3.10 needs the tomli backport (same API)
    import tomllib
except ImportError:  # pragma: no cover
    import tomli as tomllib  # type: ignore[no-redef]

from storyline.errors import ConfigError
from storyline.link.names_places import Place, country_names, demonym_country, fold, lookup_place, slug
from storyline.model import EntityMention

ALIASES_FILE = Path(__file__).with_name("aliases.toml")
_LANG_DIR = Path(__file__).resolve().parents[1] / "extract" / "lang"
KINDS = {"PER": "per", "ORG": "org", "LOC": "loc", "MISC": "misc", "NORP": "norp"}
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,6}$|^[A-Z][A-Z0-9&-]{1,5}$")
# Ordered rewrite rules that bring romanisations of one name together (French, English, German
# conventions for Cyrillic and Arabic names): Choïgou/Shoigu, Zelenskyy/Zelenskiy/Selenskyj,
# Sergueï/Sergey, Prigojine/Prigozhin, Netanyahou/Netanyahu. Applied after ASCII folding.
_TRANSLIT = [
    (r"tch", "ch"), (r"sch", "sh"), (r"ch", "sh"), (r"kh", "h"), (r"zh", "j"), (r"dj", "j"),
    (r"ou", "u"), (r"gue", "ge"), (r"gui", "gi"), (r"ph", "f"), (r"x", "ks"), (r"q", "k"),
    (r"w", "v"), (r"y", "i"), (r"j\b", "i"), (r"(\w)\1", r"\1"), (r"\bi(?=e)", ""), (r"(?<=[^aeiou ])e\b", ""),
]
_TRANSLIT_RE = [(re.compile(p), r) for p, r in _TRANSLIT]


@dataclass(frozen=True, slots=True)
class Identity:
    """What a name resolved to: ``id``, a display ``name``, and ``via`` which rule matched.

    ``related`` is true for demonyms: ``Russian`` refers to ``loc:russia`` but is not the place.
    """

    id: str
    name: str
    via: str  # alias | place | demonym | acronym | name
    related: bool = False


@dataclass(frozen=True, slots=True)
class _LangData:
    titles: tuple[str, ...]  # folded, longest first
    determiners: frozenset[str]
    function_words: frozenset[str]


@lru_cache(maxsize=1)
def lang_data() -> _LangData:
    """Titles, determiners and function words of every language with an entities.json."""
    titles: set[str] = set()
    dets: set[str] = set()
    funcs: set[str] = set()
    for path in sorted(_LANG_DIR.glob("*/entities.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        titles |= {fold(t) for t in data.get("titles", [])}
        dets |= {fold(d) for d in data.get("determiners", []) + data.get("elisions", [])}
        funcs |= {fold(w) for w in data.get("function_words", [])}
    return _LangData(tuple(sorted(titles - {""}, key=len, reverse=True)), frozenset(dets), frozenset(funcs))


def translit_key(folded: str) -> str:
    """Transliteration-insensitive form of a folded name (``sergui shoigu`` -> ``sergei shoigu``).

    >>> translit_key(fold("Sergueï Choïgou")) == translit_key(fold("Sergei Shoigu"))
    True
    """
    t = folded
    for pattern, repl in _TRANSLIT_RE:
        t = pattern.sub(repl, t)
    return t


def strip_title(folded: str) -> str:
    """``president joe biden`` -> ``joe biden``; titles from every language's entities.json."""
    changed = True
    while changed:
        changed = False
        for title in lang_data().titles:
            if folded.startswith(title + " ") and len(folded) > len(title) + 1:
                folded, changed = folded[len(title) + 1 :], True
                break
    return folded


def name_key(name: str) -> str:
    """A name as the resolver compares it: folded, without a leading determiner
    (``l'Agence de l'eau`` = ``Agence de l'eau``, ``the BBC`` = ``BBC``)."""
    return _strip_determiner(fold(name))


def _strip_determiner(folded: str) -> str:
    head, _, rest = folded.partition(" ")
    return rest if rest and head in {"the", "le", "la", "les", "l"} else folded


def initials(name: str, function_words: frozenset[str] | None = None) -> str:
    """Initials of the content words (``Foundation for Defense of Democracies`` -> ``fdd``)."""
    skip = lang_data().function_words if function_words is None else function_words
    # a hyphenated compound is one word (Co-operation); an elision is not (l'Atlantique)
    words = (fold(w) for w in re.split(r"[\s'’]+", name))
    return "".join(w[0] for w in words if w and w not in skip)


def is_acronym(surface: str) -> bool:
    """``FDD``, ``U.S.``, ``G7``: short, upper case, no lower-case letters."""
    return bool(_ACRONYM.match(surface.strip()))


def _read_alias_file(path: Path) -> dict[str, dict[str, list[str]]]:
    """The ``[entity."<id>"]`` tables of one alias file; a ConfigError naming the file if unusable."""
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"alias file {path}: {exc}") from None
    entities = data.get("entity", {})
    bad = [eid for eid in entities if eid.split(":", 1)[0] not in KINDS.values() or ":" not in eid]
    if bad:
        raise ConfigError(f"alias file {path}: ids must be <kind>:<slug> with kind in "
                          f"{', '.join(sorted(KINDS.values()))}; got {', '.join(bad)}")
    return entities


class Resolver:
    """Resolves names to identities; holds the alias tables (built once, then read-only).

    ``aliases``: extra alias files (same shape as ``aliases.toml``); with ``use_env`` the files
    named in ``STORYLINE_ALIASES`` (``:``-separated) are read too. Later files win on conflicts.

    >>> Resolver().resolve("Corée du Nord", "LOC", "fr").id
    'loc:north-korea'
    """

    def __init__(self, aliases: Sequence[str | Path] = (), *, use_env: bool = True) -> None:
        files = [ALIASES_FILE]
        if use_env and os.environ.get("STORYLINE_ALIASES"):
            files += [Path(p) for p in os.environ["STORYLINE_ALIASES"].split(os.pathsep) if p]
        files += [Path(p) for p in aliases]
        self._names: dict[str, tuple[str, str]] = {}  # folded name -> (id, display name)
        self._demonyms: dict[str, tuple[str, str]] = {}
        for path in files:
            for eid, entry in _read_alias_file(path).items():
                display = (entry.get("names") or [eid.split(":", 1)[-1]])[0]
                for name in entry.get("names", []):
                    self._names[fold(name)] = (eid, display)
                for name in entry.get("demonyms", []):
                    self._demonyms[fold(name)] = (eid, display)

    def resolve(self, name: str, label: str, lang: str = "") -> Identity:
        """The identity of ``name`` as labelled (PER ORG LOC MISC NORP) in language ``lang``."""
        key = name_key(name)
        if label == "PER":  # titles and middle initials: "President Donald J. Trump" = "Donald Trump"
            key = strip_title(key)
            key = " ".join(w for w in key.split() if len(w) > 1) or key
        found = self._lookup(key, label)
        if found:
            return found
        folded = fold(name)
        if label == "PER" and _strip_determiner(folded) != folded and name.strip()[:1].isupper():
            key = folded  # people's names take no article: a capitalised one is a particle (Le Pen)
        kind = KINDS.get(label, "misc")
        if is_acronym(name.strip()) and kind in ("org", "misc"):
            kind = "org"  # the models label one acronym ORG here and MISC there (ATACMS)
        if kind == "org" or is_acronym(name.strip()):
            return Identity(f"{kind}:{slug(key)}", name.strip(), "name")
        return Identity(f"{kind}:{slug(translit_key(key))}", name.strip(), "name")

    def _lookup(self, key: str, label: str) -> Identity | None:
        if not key:
            return Identity(f"{KINDS.get(label, 'misc')}:x", "", "name")
        norp = label in ("NORP", "MISC")
        if norp and key in self._demonyms:
            return Identity(*self._demonyms[key], via="demonym", related=True)
        if key in self._names:
            return Identity(*self._names[key], via="alias")
        if label != "PER":
            if norp and (country := demonym_country(key)):
                return Identity(country, country_names().get(country, country), "demonym", True)
            place = lookup_place(key, translit_key)
            if place and _place_fits(place, label):
                return Identity(place.id, place.name, "place")
            if key in self._demonyms:
                return Identity(*self._demonyms[key], via="demonym", related=True)
        return None

    def same(self, a: str, b: str, label: str, lang_a: str = "", lang_b: str = "",
             label_b: str | None = None) -> bool:
        """Do ``a`` and ``b`` name one entity? Ids first, then the acronym rule (``FDD``).

        >>> Resolver().same("FDD", "Foundation for Defense of Democracies", "ORG")
        True
        """
        if self.resolve(a, label, lang_a).id == self.resolve(b, label_b or label, lang_b).id:
            return True
        return _acronym_of(a, b) or _acronym_of(b, a)

    def resolve_article(self, mentions: Iterable[EntityMention], lang: str) -> list[EntityMention]:
        """The article's mentions with ``entity_id`` set; acronyms take their full name's id.

        Mentions of one name are one entity, of the last mention's kind, except a surname of a
        person the article names in full, which is a person when any of its mentions is tagged
        one: the small models tag ``Trump`` a person in one sentence and an organisation in the
        next (``Trump said``, ``Trump punctuated``)."""
        mentions = list(mentions)
        surnames = {m.name.split()[-1] for m in mentions if m.label == "PER" and len(m.name.split()) > 1}
        people = {m.name for m in mentions if m.label == "PER" and m.name in surnames}
        ids = {m.name: self.resolve(m.name, "PER" if m.name in people else m.label, lang).id for m in mentions}
        expansions = _acronym_expansions({m.name for m in mentions if m.label != "PER"})
        for short, full in expansions.items():
            if ids.get(short, "").endswith(":" + slug(short)):  # unresolved acronym only
                ids[short] = ids[full]
        return [replace(m, entity_id=ids[m.name]) for m in mentions]


def _place_fits(place: Place, label: str) -> bool:
    """A LOC may be any place; an ORG/MISC name only a country or a big city by its own name
    (``Washington`` for the US government), never a GeoNames alternate name (``Media`` is listed
    for Médéa); a NORP only a country."""
    if label == "LOC":
        return True
    if label == "NORP":
        return place.kind == "country"
    return place.primary and place.kind in ("country", "region", "bigcity")


def _acronym_of(short: str, full: str) -> bool:
    letters = fold(short).replace(" ", "")
    return is_acronym(short) and len(full.split()) >= 2 and letters == initials(full)


def _acronym_expansions(names: set[str]) -> dict[str, str]:
    """Acronym -> the one multi-word name among ``names`` whose initials it spells."""
    out: dict[str, str] = {}
    for short in (n for n in names if is_acronym(n)):
        fulls = [n for n in names if n != short and _acronym_of(short, n)]
        if len(fulls) == 1:
            out[short] = fulls[0]
    return out


@lru_cache(maxsize=1)
def default_resolver() -> Resolver:
    """The process-wide resolver (built-in aliases + ``STORYLINE_ALIASES``)."""
    return Resolver()


@lru_cache(maxsize=65_536)  # story linking asks for the same few hundred names again and again
def canonical_id(name: str, label: str, lang: str) -> str:
    """Stable cross-language id of the entity called ``name`` (label PER/ORG/LOC/MISC/NORP).

    Demonyms give their country's id (``Russian`` -> ``loc:russia``); use
    ``default_resolver().resolve(...)`` to see that it is ``related``, not the place itself.
    """
    return default_resolver().resolve(name, label, lang).id


@dataclass(frozen=True, slots=True)
class IndexedEntity:
    """One canonical entity over many articles, as listed to a user.

    ``mentions`` counts mentions that name it; ``related_mentions`` demonyms that refer to it
    (``Russian`` for Russia). ``aliases`` are the distinct names seen, ``languages`` where.
    """

    id: str
    name: str
    label: str
    aliases: tuple[str, ...]
    languages: tuple[str, ...]
    mentions: int
    related_mentions: int = 0


def index_entities(items: Iterable[tuple[EntityMention, str]],
                   resolver: Resolver | None = None) -> list[IndexedEntity]:
    """Group (mention, language) pairs into canonical entities, most mentioned first.

    A mention's ``entity_id`` is used when set (the link stage ran), else it is resolved here.
    An unresolved acronym id merges into the one full name in the index with its initials, and
    a surname alone (``per:obama``, from reports that never gave the full name) into the one
    person of the index with that surname.
    """
    res = resolver or default_resolver()
    groups: dict[str, list[tuple[EntityMention, str, Identity]]] = defaultdict(list)
    for mention, lang in items:
        ident = res.resolve(mention.name, mention.label, lang)
        eid = mention.entity_id or ident.id
        groups[eid].append((mention, lang, ident))
    _merge_acronyms(groups)
    _merge_labels(groups)
    _merge_surnames(groups, res)
    out = [_summarise(eid, rows) for eid, rows in groups.items()]
    return sorted(out, key=lambda e: (-(e.mentions + e.related_mentions), e.id))


def _merge_acronyms(groups: dict[str, list[tuple[EntityMention, str, Identity]]]) -> None:
    names = {rows[0][0].name: eid for eid, rows in groups.items()}
    for short, full in _acronym_expansions(set(names)).items():
        src, dst = names[short], names[full]
        if src != dst and src.endswith(":" + slug(short)) and src in groups:
            groups[dst].extend(groups.pop(src))


def _merge_surnames(groups: dict[str, list[tuple[EntityMention, str, Identity]]], res: Resolver) -> None:
    """A person named by surname alone joins the one person of the listing with that surname.

    Within a report the extractor already names ``Obama`` by the full name given before; a report
    that only ever says ``Obama`` keeps ``per:obama``. Linking never joins the two (the surname
    could be Michelle's), but a listing of one story, or a store, in which exactly one person
    bears that surname should not show that person twice. With two (Barack and Michelle Obama)
    the surname stays apart: it could be either.
    """
    surnames: dict[str, list[str]] = defaultdict(list)  # surname id -> full-name ids
    for eid, rows in groups.items():
        if not eid.startswith("per:"):
            continue
        words = Counter(r[0].name for r in rows).most_common(1)[0][0].split()
        if len(words) >= 2:
            surnames[res.resolve(words[-1], "PER").id].append(eid)
    for eid in list(groups):
        fulls = surnames.get(eid, [])
        lone = all(len(r[0].name.split()) == 1 for r in groups[eid])
        if eid.startswith("per:") and lone and len(fulls) == 1 and fulls[0] != eid:
            full = Counter(r[0].name for r in groups[fulls[0]]).most_common(1)[0][0]
            groups[fulls[0]].extend((replace(m, name=full), lang, ident) for m, lang, ident in groups.pop(eid))


_KIND_ORDER = ("loc", "org", "per", "misc", "norp")  # on a tie, the more specific kind names the entity


def _merge_labels(groups: dict[str, list[tuple[EntityMention, str, Identity]]]) -> None:
    """One name that the taggers labelled differently is one entity in the listing: the Rhône is
    a place in French and an organisation or a people in English, the Bugey plant a place here
    and a person there. Groups whose ids differ only by kind (``loc:rhon``, ``misc:rhon``) join
    the most mentioned of them. (Claims and the timeline already compare names without labels.)
    A people in the plural joins its singular (``norp:republicans``, ``norp:republican``)."""
    by_slug: dict[str, list[str]] = defaultdict(list)
    for eid in groups:
        by_slug[eid.split(":", 1)[-1]].append(eid)
    for key in list(by_slug):  # a group and its members: Republicans = Republican, Sunnis = Sunni
        one = key[:-1]
        if key.endswith("s") and one in by_slug and any(e.startswith("norp:") for e in by_slug[key]):
            by_slug[one].extend(by_slug.pop(key))
    for eids in by_slug.values():
        if len(eids) < 2:
            continue
        keep = max(eids, key=lambda e: (len(groups[e]), -_kind_rank(e)))
        for eid in eids:
            if eid != keep:
                groups[keep].extend(groups.pop(eid))


def _kind_rank(eid: str) -> int:
    kind = eid.split(":", 1)[0]
    return _KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER)


def _summarise(eid: str, rows: list[tuple[EntityMention, str, Identity]]) -> IndexedEntity:
    direct = [r for r in rows if not r[2].related]
    names = Counter(r[0].name for r in (direct or rows))
    known = next((r[2].name for r in rows if r[2].via in ("alias", "place")), "")
    known = known or next((r[2].name for r in rows if r[2].via == "demonym"), "")
    labels = Counter(r[0].label for r in (direct or rows))
    return IndexedEntity(
        id=eid, name=known or names.most_common(1)[0][0], label=labels.most_common(1)[0][0],
        aliases=tuple(sorted({r[0].name for r in rows} | {r[0].text for r in rows})),
        languages=tuple(sorted({r[1] for r in rows})), mentions=len(direct),
        related_mentions=len(rows) - len(direct),
    )
