"""Wires the stages together: raw document -> article -> extraction.

This is where the error policy lives: a raw document that cannot become an article raises
``InputError`` with a one-line reason (the caller records it and goes on with the batch).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import deque
from contextlib import closing
from dataclasses import replace
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any, Callable, Generator, Iterable, Iterator, Literal, TypeVar

from storyline.config import IngestOptions
from storyline.errors import InputError
from storyline.extract import base
from storyline.extract.entities import lang_data as entity_lang_data
from storyline.extract.nlp import load
from storyline.extract.nlp import sentences as nlp_sentences
from storyline.extract.quotes import lang_data as quote_lang_data
from storyline.link.identity import default_resolver, name_key
from storyline.link.duplicates import band_keys, is_near_duplicate
from storyline.model import Article, Extraction, IngestResult, RawDocument, Rejection, Sentence
from storyline.normalise import phrases
from storyline.normalise.language import identify
from storyline.normalise.text import GLUE_LANGUAGES, canonical, repair_glued, scrub

if TYPE_CHECKING:
    from storyline.ingest.read import Skipped
    from storyline.link.linker import StoryLinker
    from storyline.store.base import Store

T = TypeVar("T")
MIN_CHARS = 20
# spaCy's own limit (``nlp.max_length``, E088): its parser and NER need ~1 GB of memory per 100,000
# characters of one text. A report is far below it (Timeline17's longest page, a Washington Post
# dump of many stories, is 700,000); a longer text is rejected with its reason rather than failing
# the batch.
MAX_CHARS = 1_000_000
IDENTITY_STAGE = "identity@8"  # 2: a description built on a name is an organisation; 3: a French role before a name;
# 4: a definite article before a capitalised head makes an institution (la Commission européenne), not a person;
# 5: a person's capitalised article is a particle of the name (Le Pen is per:l-pen, not the id of a "Pen")
# 6: a name in another script keeps its letters in the id (per:дмитри-песков; every such name was per:x)
# 7: a quote speaker who is a surname alone is the person the entity extractor made of it
# 8: a surname of a person named in full is a person when any of its mentions is tagged one (Trump ORG/PER)
log = logging.getLogger(__name__)


def article_id(text: str) -> str:
    """Content hash of the canonical text: the same report always gets the same id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def to_article(raw: RawDocument, *, lang: str | None = None, published: str | None = None,
               source: str | None = None) -> Article:
    """Normalise ``raw`` into an Article; options fill metadata the input lacks (``lang`` overrides).

    >>> to_article(RawDocument("x.txt", "Les États-Unis ont livré des missiles.")).language
    'fr'
    """
    text = canonical(raw.text, glued=False)
    if not text:
        raise InputError("empty text (nothing but whitespace)")
    if len(text) < MIN_CHARS:
        raise InputError(f"text too short ({len(text)} characters)")
    if len(text) > MAX_CHARS:
        raise InputError(f"text too long ({len(text):,} characters; the parser reads at most {MAX_CHARS:,} "
                         "at once: split it into its reports)")
    if lang:
        language, score = lang, 1.0
    elif raw.language:
        language, score = raw.language.split("-")[0].lower(), 1.0
    else:
        guess = identify(text)
        language, score = guess.lang, guess.score
    if language in GLUE_LANGUAGES:  # an English dictionary must not split German words
        text = repair_glued(text)
    return Article(
        id=article_id(text), text=text, origin=raw.origin, title=_clean(raw.title),
        url=_clean(raw.url), source=_clean(raw.source or source), author=_clean(raw.author),
        published=normalise_published(raw.published or published, raw.origin),
        language=language, language_score=score,
    )


def _clean(value: str | None) -> str | None:
    return " ".join(scrub(value).split()) if value and value.strip() else None


def normalise_published(value: str | None, origin: str = "") -> str | None:
    """An ISO date (``2024-04-24``) or UTC datetime (``2024-04-24T09:30:00Z``) from common forms."""
    if not value:
        return None
    v = value.strip()
    try:
        if len(v) == 10:
            return date.fromisoformat(v).isoformat()
        dt = datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            dt = parsedate_to_datetime(v)
        except (TypeError, ValueError):
            raise InputError(f"unreadable publication date {value!r}") from None
    if dt.tzinfo is None:
        return dt.date().isoformat() if (dt.hour, dt.minute, dt.second) == (0, 0, 0) else dt.isoformat() + "Z"
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def published_date(article: Article) -> date | None:
    return date.fromisoformat(article.published[:10]) if article.published else None


def extract(article: Article, kinds: Iterable[str] = base.KINDS) -> Extraction:
    """Parse ``article`` once and run every registered extractor on it."""
    lang = article.language or "und"
    doc = load(lang)(article.text)
    ctx = base.Context(article=article, doc=doc, lang=lang, published=published_date(article))
    kinds = tuple(kinds)
    failed = []
    for kind in kinds:
        try:
            ctx.found[kind] = tuple(base.get(kind).func(ctx))
            if kind == "quantities" and "times" in ctx.found:
                ctx.found["times"] = _not_inside_figures(ctx.found["times"], ctx.found[kind])
            if kind in ("entities", "quotes"):  # the link stage: one identity across articles and languages
                ctx.found[kind] = _link_identities(kind, ctx.found[kind], lang, ctx.found.get("entities", ()))
        except Exception as exc:  # noqa: BLE001 -- an extractor's bug must not cost the article or the batch
            # One line naming the input; the stage is left out of the recorded versions, so the
            # store counts these facts as out of date and ``storyline reextract`` tries again.
            first_line = (str(exc).splitlines() or [""])[0][:200]
            log.warning("%s: %s extraction failed (%s: %s); stored without them",
                        article.origin, kind, type(exc).__name__, first_line)
            ctx.found[kind] = ()
            failed.append(kind)
    found = ctx.found
    sentences = tuple(Sentence(s.start_char, s.end_char) for s in nlp_sentences(doc))
    done = tuple(k for k in kinds if k not in failed)
    return Extraction(article_id=article.id, sentences=sentences, stages=stages(done), **found)


def stages(kinds: Iterable[str] = base.KINDS) -> tuple[str, ...]:
    """The stage versions an extraction made now records (``entities@4``, ``identity@6``, ...):
    stored facts made by other versions are out of date (``reextract``)."""
    out = []
    for kind in kinds:
        out.append(base.get(kind).stage)
        if kind == "entities":
            out.append(IDENTITY_STAGE)
    return tuple(out)


def reextract(store: "Store", *, everything: bool = False, executor: Any = None,
              window: int = 32) -> Iterator[Article]:
    """Extract again the stored articles whose facts older extractors made (or none: stored with
    ``--no-extract``), or every article with ``everything``; yields each article once its new
    facts are stored.

    Why it exists: an upgrade changes what the extractors find, and the store says which
    versions made each article's facts; without this, old and new facts would sit side by side.
    Each article's facts are replaced in one transaction (an interrupted run leaves every article
    either old or new, and running it again finishes the job). Stories are not re-linked: their
    membership, corrections included, stays as it is.

    >>> from storyline.store.sqlite import SQLiteStore
    >>> list(reextract(SQLiteStore(":memory:")))
    []
    """
    want = stages()
    have = store.extraction_stages()
    todo = [a for a in store.articles() if everything or have.get(a.id) != want]
    if executor is None:
        for article in todo:
            store.replace_extraction(extract(article))
            yield article
        return
    with closing(_ahead(todo, lambda a: executor.submit(extract, a), window)) as done:
        for article, future in done:
            store.replace_extraction(future.result())
            yield article


def _ahead(items: Iterable[T], submit: Callable[[T], Any], window: int) -> Generator[tuple[T, Any], None, None]:
    """``items`` in order, each with what ``submit`` returned for it (a future, or None for no
    work), submitted up to ``window`` items ahead of the one yielded: the executor keeps busy
    while the caller stores results in input order. Closing it cancels what was submitted and
    not yet yielded, so an interrupted run stores nothing half-done."""
    pending: deque[tuple[T, Any]] = deque()
    try:
        for item in items:
            pending.append((item, submit(item)))
            while len(pending) > window:
                yield pending.popleft()
        while pending:
            yield pending.popleft()
    finally:
        for _, future in pending:
            if future is not None:
                future.cancel()


def _not_inside_figures(times: tuple[Any, ...], quantities: tuple[Any, ...]) -> tuple[Any, ...]:
    """A rate's ``per second`` belongs to its figure (``240 cubic meters per second`` is a flow,
    not a time): durations and sets inside a quantity's span are dropped before events use them.
    So is a "year" that the quantities extractor read as the count of a noun (``envoyé 2000
    soldats``: ``quantities._counts_plural``)."""
    spans = [(q.start, q.end) for q in quantities]
    counts = [(q.start, q.end, q.value) for q in quantities if q.unit]
    return tuple(t for t in times
                 if not (t.type in ("DURATION", "SET") and any(a <= t.start and t.end <= b for a, b in spans))
                 and not (t.text.isdigit() and any(a <= t.start and t.end < b and v == int(t.text)
                                                   for a, b, v in counts)))


def _link_identities(kind: str, records: tuple[Any, ...], lang: str,
                     entities: tuple[Any, ...] = ()) -> tuple[Any, ...]:
    """Canonical entity ids on entity mentions and on quote speakers.

    A speaker the report also names as an entity (an agency, a ministry, a person) takes that
    mention's id, so ``l'Agence de l'eau …`` and ``l'agence`` resolved to it are one speaker of
    type organisation; any other speaker that is a name is resolved as ``_speaker_label`` says: a
    person (``President Trump``), an organisation when an article or a description built on a
    name makes one (``the Kremlin``, ``the French government``), and a common noun phrase (``the
    operator``) or a bare role (``the President``) gets no id.
    """
    resolver = default_resolver()
    if kind == "entities":
        return tuple(resolver.resolve_article(records, lang))
    by_name = {name_key(e.name or e.text): e.entity_id for e in entities if e.entity_id}
    by_span = {(e.start, e.end): e for e in entities if e.entity_id}
    bearers: dict[str, set[str]] = {}  # surname -> ids of the people named in full with it
    for e in entities:
        if e.label == "PER" and e.entity_id and len(e.name.split()) > 1:
            bearers.setdefault(e.name.split()[-1], set()).add(e.entity_id)

    def speaker_id(q: Any) -> str:
        mention = by_span.get((q.speaker.start, q.speaker.end)) if q.speaker is not None else None
        found = mention.entity_id if mention else by_name.get(name_key(q.speaker_name))
        if found:
            return str(found)
        label = _speaker_label(q.speaker_name, lang)
        return resolver.resolve(q.speaker_name, label, lang).id if label else ""

    def speaker_name(q: Any) -> str:
        """The entity's name when the quote's is a piece of it: the parse cut ``Ursula von der``
        where the entity extractor mended ``Ursula von der Leyen``. A speaker who is a surname
        alone is whoever the entity extractor made of it, reading the report in order: the one
        person named in full before it (``Bush`` after ``Jeb Bush`` stays Jeb though ``George W.
        Bush`` comes later), or the surname itself after two people bearing it (``Clinton``
        after Hillary and Bill), so that a quote's speaker and its id name the same person."""
        mention = by_span.get((q.speaker.start, q.speaker.end)) if q.speaker is not None else None
        whole = mention.name if mention else ""
        if whole.startswith(q.speaker_name) and len(whole) > len(q.speaker_name):
            return str(whole)
        if (mention is not None and mention.label == "PER" and len(mention.text.split()) == 1 and whole
                and whole != q.speaker_name and whole.split()[-1] == q.speaker_name.split()[-1]
                and (len(whole.split()) > 1 or len(bearers.get(whole, ())) > 1)):
            return str(whole)
        return str(q.speaker_name)

    return tuple(replace(q, speaker_entity=speaker_id(q), speaker_name=speaker_name(q))
                 if q.speaker_name and not q.speaker_entity else q for q in records)


def _speaker_label(speaker: str, lang: str) -> str | None:
    """How an unresolved speaker is resolved: ``PER`` for a name (``Lefèvre``, ``President Trump``),
    ``ORG`` for a description built on a name (``the Rhône-Méditerranée water agency``, ``the
    French government``), None for what must get no id: a common noun phrase (``the operator``),
    an unnamed person named by role (``the White House press secretary``, ``le porte-parole du
    Kremlin``) or by a possessive (``Trump's spokesman``).

    The head noun decides: the last word in English, the first after the determiner in French.
    A capitalised head is a name: a person's, or an institution's when an article opens the
    phrase (``la Commission européenne``, ``the Kremlin``; ``the President`` is a bare role, no
    id), unless a role noun stands before a name (``the French President Emmanuel Macron``) or a
    capitalised particle before one word makes a surname (``Le Pen``). A lower-case head is a
    description, or a role when it is one of the language's role nouns, unless a name follows it
    directly (``le ministre Dupont``).

    >>> [_speaker_label(s, "en") for s in ("Lefèvre", "the Rhône-Méditerranée water agency",
    ...                                    "the White House press secretary", "the operator")]
    ['PER', 'ORG', None, None]
    >>> [_speaker_label(s, "fr") for s in ("le porte-parole du Kremlin", "le ministère de l'Intérieur",
    ...                                    "la ministre Élisabeth Borne", "la Commission européenne")]
    [None, 'ORG', 'PER', 'ORG']
    >>> [_speaker_label(s, "en") for s in ("the Kremlin", "the President", "President Trump")]
    ['ORG', None, 'PER']
    >>> [_speaker_label(s, "fr") for s in ("Le Pen", "le Président Macron", "de Gaulle", "Valéry Giscard d'Estaing")]
    ['PER', 'PER', 'PER', 'PER']
    """
    if not _named(speaker):
        return None
    head = phrases.head(speaker, lang)
    words = phrases.words(speaker)
    roles = (quote_lang_data(lang) or {}).get("role_nouns", ())
    if not head or head[:1].isupper():
        if head and _unspecific(words, head, lang) and len(words) > 1:
            return None  # Attorneys for Clinton (capitalised by the sentence), Some of the voters
        if head and head.casefold() in roles and not any(w[:1].isupper() for w in words[words.index(head) + 1:]):
            return None  # Sirius XM Vice President for news: a role, unnamed
        if head and words[0] != head and _article(words[0], lang):
            titled = any(w.casefold() in roles and n[:1].isupper() for w, n in zip(words, words[1:]))
            # People's names take no article, institutions' do: la Commission européenne, the Kremlin;
            # but a role before a name is a person (the French President Emmanuel Macron), and a
            # capitalised particle with one word is a surname (Le Pen, De Wever, La Fontaine)
            if not titled and (words[0][:1].islower() or len(words) > 2):
                return None if head.casefold() in roles else "ORG"
        return "PER"
    if any(re.search(r"['’]s$", w) for w in words):
        return None  # Trump's spokesman: a person, unnamed
    if _unspecific(words, head, lang):
        return None  # a spokeswoman for Dr Murray, officials in Washington, un conseiller de M. Macron
    if head.casefold() not in roles:
        return "ORG"
    after = words[words.index(head) + 1:words.index(head) + 2]
    return "PER" if after and after[0][:1].isupper() else None  # le ministre Dupont: named


_INDEFINITE = {"en": {"a", "an", "some", "several", "many", "most", "few", "two", "three", "other",
                      "my", "his", "her", "its", "our", "their", "your"},
               "fr": {"un", "une", "des", "plusieurs", "certains", "certaines", "deux", "trois", "d'autres",
                      "mon", "ma", "mes", "son", "sa", "ses", "notre", "nos", "leur", "leurs"}}


def _unspecific(words: list[str], head: str, lang: str) -> bool:
    """A common noun phrase that names no one in particular: opened by an indefinite, a number or
    a possessive (``a spokeswoman for ...``, ``un conseiller de ...``, ``two officials ...``, ``my
    editor at Politico``), or a bare English plural (``officials in Washington``, ``supporters of
    Mr Trump``): no id, whatever names follow."""
    first = words[0].casefold()
    if first in _INDEFINITE.get(lang, set()) or first == "les" and lang == "fr":
        return True
    return lang == "en" and words[0] == head and len(head) > 3 and head.endswith("s") and not head.endswith("ss")


def _article(word: str, lang: str) -> bool:
    """Whether ``word`` (a phrase's first word, elision apostrophe dropped) is a definite article
    of ``lang`` (``the``, ``la``, ``l``; the entity extractor's language data): not a preposition
    or particle that opens a surname (``de Gaulle``, ``d'Estaing``, ``van Gogh``).

    >>> [_article(w, "fr") for w in ("la", "l", "de", "d")], _article("of", "en")
    ([True, True, False, False], False)
    """
    articles = entity_lang_data(lang).articles
    w = word.casefold()
    return w in articles or f"{w}'" in articles


def _named(speaker: str) -> bool:
    """Whether an unresolved speaker is a name (``Lefèvre``, ``President Trump``) rather than a
    common noun phrase (``the operator``, ``Farmers' unions``, ``Le ministre``), which must not
    become a person's id: no capital after the first word and, for one word, none at all.
    Elisions part words (``le ministère de l'Intérieur`` has a capital after its first word)."""
    words = phrases.words(speaker)
    if not words:
        return False
    if any(w[:1].isupper() for w in words[1:]):
        return True
    return len(words) == 1 and words[0][:1].isupper()


def extract_text(text: str, *, lang: str | None = None, published: str | None = None,
                 origin: str = "<text>") -> tuple[Article, Extraction]:
    """Extract from a bare string: the Python API's shortest path.

    >>> art, ex = extract_text("Joe Biden a parlé le 12 mars.", lang="fr", published="2024-04-24")
    >>> [t.value for t in ex.times]
    ['2024-03-12']
    """
    article = to_article(RawDocument(origin, text), lang=lang, published=published)
    return article, extract(article)


def ingest_one(store: "Store", raw: RawDocument, options: IngestOptions,
               linker: "StoryLinker | None" = None) -> IngestResult:
    """Normalise, deduplicate, extract, link and store one raw document; never raises InputError."""
    ready = prepare(store, raw, options)
    if isinstance(ready, IngestResult):
        return ready
    return finish(store, ready, extract(ready) if options.extract else None, linker)


def prepare(store: "Store", raw: RawDocument, options: IngestOptions) -> Article | IngestResult:
    """The cheap first half of ingestion: an Article to extract, or the result already known
    (rejected with its reason, or already stored)."""
    try:
        article = to_article(raw, lang=options.lang, published=options.published, source=options.source)
    except InputError as exc:
        store.add_rejection(Rejection(raw.origin, str(exc)))
        return IngestResult(raw.origin, "rejected", reason=str(exc))
    if store.has_article(article.id):
        return IngestResult(raw.origin, "exists", article.id)
    return article


def finish(store: "Store", article: Article, extraction: Extraction | None,
           linker: "StoryLinker | None" = None) -> IngestResult:
    """The second half, always in input order: near-duplicate check, story linking, one transaction.

    Done by the one process that owns the store, so parallel extraction never changes which
    article is the original of a syndicated copy or which story an article joins.
    """
    if store.has_article(article.id):  # the same report twice in one parallel batch
        return IngestResult(article.origin, "exists", article.id)
    bands = band_keys(article.text)
    original = next((c for c in store.near_duplicate_candidates(bands)
                     if is_near_duplicate(c.text, article.text)), None)
    if original is not None:
        article = replace(article, duplicate_of=original.id)
    story_id, profile = None, None
    if linker is not None and extraction is not None:
        story_id, profile = linker.assign(article, extraction)
    store.add_article(article, bands, extraction, profile=profile, story_id=story_id)
    if linker is not None:
        linker.after_store()
    status: Literal["duplicate", "added"] = "duplicate" if original is not None else "added"
    return IngestResult(article.origin, status, article.id,
                        reason=f"near-duplicate of {original.id}" if original else "")


def _read_all(inputs: Iterable[str | RawDocument], *, transport: Any,
              max_bytes: int) -> Iterator[tuple[str, list[RawDocument] | InputError | Skipped]]:
    """Paths and URLs through the readers; a document already in memory passes as it is."""
    from storyline.ingest.read import iter_inputs

    for item in inputs:
        if isinstance(item, RawDocument):
            yield item.origin, [item]
        else:
            yield from iter_inputs([item], transport=transport, max_bytes=max_bytes)


def ingest(store: "Store", inputs: Iterable[str | RawDocument], options: IngestOptions = IngestOptions(),
           *, transport: Any = None, executor: Any = None, window: int = 32,
           embedder: Any = None) -> Iterator[IngestResult]:
    """Ingest files, folders, ``-``, URLs and in-memory documents; a bad input is a rejected
    result, the batch goes on.

    ``embedder`` lets a long-lived caller (the web page) load the sentence encoder once instead
    of once per call; by default the linker loads it when the first article needs it.

    With ``executor`` (a ``dask.distributed.Client``, or any ``concurrent.futures`` executor),
    extraction — the parse and the extractors, nearly all of the cost — runs there, up to
    ``window`` articles ahead, while reading, deduplication, linking and storing stay here, in
    input order: the store ends up the same as without it.

    >>> from storyline.store.sqlite import SQLiteStore
    >>> [r.status for r in ingest(SQLiteStore(":memory:"), ["missing.txt"])]
    ['rejected']
    """
    from storyline.ingest.read import Skipped
    from storyline.link.linker import StoryLinker

    linker = None
    if options.extract and options.link:
        linker = StoryLinker(store) if embedder is None else StoryLinker(store, embedder=embedder)

    def read() -> Iterator[RawDocument | IngestResult]:
        for origin, found in _read_all(inputs, transport=transport, max_bytes=options.max_bytes):
            if isinstance(found, InputError):
                store.add_rejection(Rejection(origin, str(found)))
                yield IngestResult(origin, "rejected", reason=str(found))
            elif isinstance(found, Skipped):
                yield IngestResult(origin, "skipped", reason=found.reason)
            else:
                yield from found

    def submit(item: Article | IngestResult) -> Any:
        return executor.submit(extract, item) if isinstance(item, Article) and options.extract else None

    try:
        if executor is None:
            for raw in read():
                yield raw if isinstance(raw, IngestResult) else ingest_one(store, raw, options, linker)
            return
        ready = (r if isinstance(r, IngestResult) else prepare(store, r, options) for r in read())
        with closing(_ahead(ready, submit, window)) as done:
            for item, future in done:
                yield item if isinstance(item, IngestResult) else finish(
                    store, item, future.result() if future is not None else None, linker)
    finally:
        if linker is not None and linker.pending:
            linker.checkpoint()
