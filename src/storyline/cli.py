"""The storyline command: a thin layer over the library (JSON to stdout, messages to stderr).

Every command takes ``--db`` (default: ``$STORYLINE_DB``, else ~/.local/share/storyline/storyline.db).
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any, Callable

import click

from storyline.errors import StorylineError

db_option = click.option("--db", envvar="STORYLINE_DB", type=click.Path(dir_okay=False),
                         help="SQLite store path (env STORYLINE_DB).")
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


def _open(db: str | None) -> Any:
    from storyline.store.sqlite import SQLiteStore

    return SQLiteStore(db)


def _fail(message: str) -> None:
    click.echo(f"storyline: {message}", err=True)
    sys.exit(2)


def _guard(func: Callable[..., None]) -> Callable[..., None]:
    """Turn library errors into one line on stderr and exit status 2 (no tracebacks for users)."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            func(*args, **kwargs)
        except StorylineError as exc:
            _fail(str(exc))

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
@db_option
@_guard
def add(paths: tuple[str, ...], lang: str | None, published: str | None, source: str | None,
        no_extract: bool, db: str | None) -> None:
    """Ingest files, folders (recursively), - for stdin, or http(s) URLs.

    Text, HTML, JSON / JSON Lines records, RSS and Atom feeds. Adding an article twice is a
    no-op; a bad input gets one line on stderr and the rest of the batch goes on; the exit
    status is 1 if anything was rejected.

    Example: storyline add examples/ --db demo.db
    """
    from tqdm import tqdm

    from storyline.config import IngestOptions
    from storyline.pipeline import ingest, normalise_published

    published = normalise_published(published) if published else None
    options = IngestOptions(lang=lang, published=published, source=source, extract=not no_extract)
    counts: Counter[str] = Counter()
    with _open(db) as store:
        bar = tqdm(unit="doc", disable=not sys.stderr.isatty(), file=sys.stderr, leave=False)
        for result in ingest(store, paths, options):
            counts[result.status] += 1
            bar.update(1)
            _report(result, bar)
        bar.close()
    summary = ", ".join(f"{counts[s]} {s}" for s in ("added", "exists", "duplicate", "rejected"))
    click.echo(f"storyline: {summary}", err=True)
    sys.exit(1 if counts["rejected"] else 0)


def _report(result: Any, bar: Any) -> None:
    if result.status == "rejected":
        bar.write(f"storyline: {result.origin}: {result.reason}", file=sys.stderr)
    elif result.status == "exists":
        bar.write(f"storyline: {result.origin}: already stored as {result.article_id}", file=sys.stderr)
    elif result.status == "duplicate":
        bar.write(f"storyline: {result.origin}: stored as {result.article_id}, {result.reason}", file=sys.stderr)
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

    with _open(db) as store:
        found = store.search(query, limit=limit or 20) if query else store.articles(limit=limit)
    if as_json:
        rows = [{k: v for k, v in to_plain(a).items() if k != "text"} for a in found]
        click.echo(dumps(rows))
        return
    for a in found:
        dup = f"  (duplicate of {a.duplicate_of})" if a.duplicate_of else ""
        title = a.title or a.text.split("\n", 1)[0][:70]
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
