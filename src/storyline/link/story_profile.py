"""A story *profile*: what one article contributes to story linking, small and serialisable.

A profile keeps, per article: salient canonical entities (``loc:ukraine`` -> salience), a text
fallback of name-like terms (for languages without a NER model, and for names NER missed),
event dates, figures, the publication day and a multilingual sentence embedding. Comparing
profiles (``stories.compare``) and clustering them (``story_index.StoryIndex``) never needs the
article text again, so the store can keep profiles and forget parses.

Salience of an entity = log(1 + mentions) + a bonus when it appears in the title or lead
(reports name what they are about first); ``DocFreq`` supplies the idf over the collection at
comparison time, so frequent entities (``loc:united_states``) count less than rare ones.
"""

from __future__ import annotations

import base64
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from storyline.model import Article, Extraction

if TYPE_CHECKING:
    from storyline.link.embed import Embedder

CanonicalFn = Callable[[str, str, str], str]

LEAD_CHARS = 400  # title + first sentences: where a report names what it is about
LEAD_BONUS = 1.0
MAX_KEYS = 40  # most salient entities/terms kept per article: bounds index and compare cost
HEAD_CHARS = 300  # a first line longer than this is a paragraph, not a headline
TERM_PREFIX = 5  # "Ukraine"/"Ukraine", "Russie"/"Russia", "Washington": shared 5-letter stems

# A capitalised or all-caps word (any cased script) not at the start of a sentence.
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_SENT_END = re.compile(r"[.!?:;\n\"“”«»]\s*$")
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[ ,.]\d{3})+(?:[.,]\d+)?(?![\w])|(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")


@dataclass(slots=True)
class Profile:
    """Story-linking evidence for one article (no text, no parse).

    ``published`` is a proleptic day ordinal (``date.toordinal()``) or None; ``dates`` are ISO
    day/month values of event times; ``figures`` normalised quantities (``"1500000 usd"``).
    """

    article_id: str
    language: str = "und"
    published: int | None = None
    entities: dict[str, float] = field(default_factory=dict)
    terms: dict[str, float] = field(default_factory=dict)
    dates: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()
    vector: np.ndarray | None = None
    head: np.ndarray | None = None  # embedding of the title (or first line) alone
    # The pair judge's vector of the lead (``embed.load_judge``: e5), set by ``storyline compare``
    # only; the linker and story aggregates never use it. Absent from saved profiles when unset.
    judge: np.ndarray | None = None

    def keys(self) -> list[str]:
        """Index keys: entity ids and terms, most salient first."""
        ranked = sorted(self.entities.items(), key=lambda kv: -kv[1])
        ranked += sorted(self.terms.items(), key=lambda kv: -kv[1])
        return [k for k, _ in ranked]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; the vector is base64 float16 (1 KB instead of 10 KB of floats)."""
        vec, head = _b64(self.vector), _b64(self.head)
        out = {"article_id": self.article_id, "language": self.language, "published": self.published,
               "entities": dict(self.entities), "terms": dict(self.terms), "dates": list(self.dates),
               "figures": list(self.figures), "vector": vec, "head": head}
        if self.judge is not None:
            out["judge"] = _b64(self.judge)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Profile:
        return cls(d["article_id"], d.get("language", "und"), d.get("published"),
                   dict(d.get("entities", {})), dict(d.get("terms", {})), tuple(d.get("dates", ())),
                   tuple(d.get("figures", ())), _unb64(d.get("vector")), _unb64(d.get("head")),
                   _unb64(d.get("judge")))


def _b64(vec: np.ndarray | None) -> str | None:
    if vec is None:
        return None
    return base64.b64encode(np.asarray(vec, dtype=np.float16).tobytes()).decode("ascii")


def _unb64(text: str | None) -> np.ndarray | None:
    return np.frombuffer(base64.b64decode(text), dtype=np.float16).astype(np.float32) if text else None


class DocFreq:
    """Document frequencies of profile keys, updated incrementally; idf for comparisons."""

    def __init__(self, n_docs: int = 0, counts: dict[str, int] | None = None) -> None:
        self.n_docs = n_docs
        self.counts: dict[str, int] = dict(counts or {})
        # idf values computed since the last change (the clusterer asks ~24 stories x 200 keys
        # per article, mostly the same keys); emptied by ``add``/``remove``, never saved.
        self._idf: dict[str, float] = {}

    def add(self, profile: Profile) -> None:
        self._idf.clear()
        self.n_docs += 1
        for key in set(profile.entities) | set(profile.terms):
            self.counts[key] = self.counts.get(key, 0) + 1

    def remove(self, profile: Profile) -> None:
        """Undo ``add(profile)``."""
        self._idf.clear()
        self.n_docs -= 1
        for key in set(profile.entities) | set(profile.terms):
            left = self.counts.get(key, 0) - 1
            if left > 0:
                self.counts[key] = left
            else:
                self.counts.pop(key, None)

    def idf(self, key: str) -> float:
        """Smoothed idf; 1.0 for every key when nothing has been counted yet."""
        if self.n_docs == 0:
            return 1.0
        found = self._idf.get(key)
        if found is None:
            found = self._idf[key] = math.log((self.n_docs + 1) / (self.counts.get(key, 0) + 1)) + 1.0
        return found

    def to_dict(self) -> dict[str, Any]:
        return {"n_docs": self.n_docs, "counts": dict(self.counts)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DocFreq:
        return cls(int(d.get("n_docs", 0)), d.get("counts", {}))

    @classmethod
    def of(cls, profiles: Iterable[Profile]) -> DocFreq:
        df = cls()
        for p in profiles:
            df.add(p)
        return df


def fold(word: str) -> str:
    """Lower-case, accents stripped, elision dropped: ``l'Ukraine`` -> ``ukraine``."""
    word = re.sub(r"^\w{1,2}['’]", "", word)
    word = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in word if not unicodedata.combining(c)).replace("’", "'")


def text_terms(text: str) -> dict[str, float]:
    """Name-like words (capitalised, not sentence-initial) as ``term:`` keys with salience.

    Language-neutral fallback evidence: the same proper names appear, nearly spelled alike,
    across languages. Words are cut to a 5-letter stem so ``Russie``/``Russia`` meet.
    """
    counts: dict[str, float] = {}
    for m in _WORD.finditer(text):
        word = re.sub(r"^\w{1,2}['’]", "", m.group())  # l'Ukraine, d'Israël
        if not word or not word[0].isupper() or _sentence_initial(text, m.start()):
            continue
        key = "term:" + fold(word)[:TERM_PREFIX]
        if len(key) < 7:  # one-letter stems carry nothing
            continue
        bonus = LEAD_BONUS if m.start() < LEAD_CHARS else 0.0
        counts[key] = counts.get(key, 0.0) + 1.0 + bonus
    return _top({k: math.log1p(v) for k, v in counts.items()})


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 3):start]
    return start == 0 or bool(_SENT_END.search(before)) or before.endswith("\n")


def text_figures(text: str) -> tuple[str, ...]:
    """Numbers written in the text (not years), normalised: ``1,500`` / ``1 500`` -> ``1500``."""
    out = set()
    for m in _NUMBER.finditer(text):
        digits = re.sub(r"[ ,.](?=\d{3}\b)", "", m.group()).replace(",", ".")
        if len(digits.replace(".", "")) < 2 or (len(digits) == 4 and digits[:2] in ("19", "20")):
            continue
        out.add(digits)
    return tuple(sorted(out))


def _top(weights: dict[str, float], n: int = MAX_KEYS) -> dict[str, float]:
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return {k: round(v, 4) for k, v in ranked}


def default_canonical() -> CanonicalFn:
    """The project's cross-language entity ids (``storyline.link.identity.canonical_id``)."""
    from storyline.link.identity import canonical_id  # imported late: only needed with entities

    return canonical_id


def entity_salience(article: Article, extraction: Extraction,
                    canonical: CanonicalFn | None = None) -> dict[str, float]:
    """Canonical entity id -> log(1 + mentions) + lead/title bonus, top ``MAX_KEYS``."""
    if not extraction.entities:
        return {}
    fn = canonical or default_canonical()
    lang = article.language or "und"
    title = fold(article.title or "")
    counts: dict[str, float] = {}
    lead: set[str] = set()
    for m in extraction.entities:
        key = m.entity_id or fn(m.name or m.text, m.label, lang)
        if not key:
            continue
        counts[key] = counts.get(key, 0.0) + 1.0
        if m.start < LEAD_CHARS or (title and fold(m.text) in title):
            lead.add(key)
    return _top({k: math.log1p(v) + (LEAD_BONUS if k in lead else 0.0) for k, v in counts.items()})


_ISO = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def event_dates(extraction: Extraction) -> tuple[str, ...]:
    """ISO day or month values of the article's DATE expressions (durations and sets dropped)."""
    return tuple(sorted({t.value for t in extraction.times if t.type == "DATE" and _ISO.match(t.value)}))


def figures(article: Article, extraction: Extraction) -> tuple[str, ...]:
    """Quantities as ``"<value> <unit>"``; bare numbers from the text when none were extracted."""
    found = {f"{q.value:g} {q.unit}".strip() for q in extraction.quantities if q.value is not None}
    return tuple(sorted(found)) if found else text_figures(article.text)


def day_ordinal(published: str | None) -> int | None:
    """``2024-04-24`` (or a datetime) -> day ordinal; None when unknown or unreadable."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def embed_text(article: Article) -> str:
    """What is embedded: the title (when known) then the text (the encoder clips the tail)."""
    return f"{article.title}\n{article.text}" if article.title else article.text


def head_text(article: Article) -> str:
    """The headline: the title, else the first line of the text (scraped reports start with it)."""
    if article.title:
        return article.title
    return article.text.strip().split("\n", 1)[0][:HEAD_CHARS]


def build_profiles(items: Iterable[tuple[Article, Extraction]], *, embedder: Embedder | None = None,
                   canonical: CanonicalFn | None = None, judge: Embedder | None = None) -> list[Profile]:
    """Profiles for many articles, embedding them in one batch (``judge``: also the pair judge's
    vector of each lead, for ``storyline compare``).

    >>> from storyline.model import Article, Extraction
    >>> art = Article("a1", "Le Pentagone a livré des missiles ATACMS à l'Ukraine.", "x", published="2024-04-24")
    >>> p = build_profiles([(art, Extraction("a1"))])[0]
    >>> sorted(p.terms), p.published
    (['term:atacm', 'term:penta', 'term:ukrai'], 739000)
    """
    items = list(items)
    vectors: list[np.ndarray | None] = [None] * len(items)
    heads: list[np.ndarray | None] = [None] * len(items)
    if embedder is not None and items:
        both = embedder.encode([embed_text(a) for a, _ in items] + [head_text(a) for a, _ in items])
        vectors, heads = list(both[:len(items)]), list(both[len(items):])
    judged: list[np.ndarray | None] = [None] * len(items)
    if judge is not None and items:
        judged = list(judge.encode([embed_text(a) for a, _ in items]))
    out = []
    for (art, ex), vec, head, jv in zip(items, vectors, heads, judged):
        out.append(Profile(
            article_id=art.id, language=art.language or "und", published=day_ordinal(art.published),
            entities=entity_salience(art, ex, canonical), terms=text_terms(embed_text(art)),
            dates=event_dates(ex), figures=figures(art, ex), vector=vec, head=head, judge=jv))
    return out


def with_judge(profiles: list[Profile], articles: list[Article], judge: Embedder) -> list[Profile]:
    """Copies of (stored) profiles with the judge's vector of their articles' leads, so that
    ``storyline compare ID ID`` can use the stronger model on profiles made by ``add``."""
    if not articles:
        return list(profiles)
    vecs = judge.encode([embed_text(a) for a in articles])
    return [replace(p, judge=v) for p, v in zip(profiles, vecs)]


def build_profile(article: Article, extraction: Extraction, *, embedder: Embedder | None = None,
                  canonical: CanonicalFn | None = None) -> Profile:
    """The profile of one article (see ``build_profiles`` to embed many at once)."""
    return build_profiles([(article, extraction)], embedder=embedder, canonical=canonical)[0]
