"""The local web page: ``storyline serve`` shows the store's stories and takes new articles.

A second front door beside the CLI, over the same library calls (``present.views``): the
stories list, each story's HTML report (the one ``timeline --format html`` writes), and a JSON
API for scripts. It binds to 127.0.0.1 by default: it is a reader's desk, not a public service.

Each request opens its own SQLite connection (SQLite connections belong to one thread; WAL
lets readers run beside the one writer). Adding articles is serialised by a lock, and the
sentence encoder is loaded once, on the first add, so browsing never waits for a model.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from html import escape
from typing import Any, Iterator

from fastapi import Body, FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse, JSONResponse, Response

from storyline.config import IngestOptions
from storyline.errors import InputError, NotFound, StorylineError
from storyline.model import RawDocument
from storyline.present.jsonout import to_plain
from storyline.present.views import QUOTE_KINDS, entity_rows, quote_rows, story_items, story_rows

_UNSET = object()


def create_app(db: str | None = None, *, embedder: Any = _UNSET, transport: Any = None) -> FastAPI:
    """The web application over the store at ``db`` (default: ``$STORYLINE_DB``, else the user's).

    ``embedder`` and ``transport`` are for tests (no sentence encoder, a fake HTTP transport).

    >>> app = create_app(":memory:")
    >>> sorted({r.path for r in app.routes if r.path.startswith("/api/stories")})
    ['/api/stories', '/api/stories/{story}/claims', '/api/stories/{story}/timeline']
    """
    app = FastAPI(title="storyline", docs_url="/api/docs", redoc_url=None, openapi_url="/api/openapi.json")
    lock = threading.Lock()
    shared: dict[str, Any] = {}
    if embedder is not _UNSET:
        shared["embedder"] = embedder

    @contextmanager
    def store() -> Iterator[Any]:
        from storyline.store.sqlite import SQLiteStore

        with SQLiteStore(db) as s:
            yield s

    def not_found(exc: StorylineError) -> HTTPException:
        return HTTPException(status_code=404 if isinstance(exc, NotFound) else 400, detail=str(exc))

    def items_of(story: str) -> tuple[list[Any], str]:
        """The story's (article, extraction) pairs and title; 404 (or 400) with the reason."""
        try:
            with store() as s:
                return story_items(s, story)
        except StorylineError as exc:
            raise not_found(exc) from None

    @app.get("/", response_class=HTMLResponse)
    def index() -> str:
        with store() as s:
            rows = story_rows(s)
            n_articles = s.count()
        return _index_page(rows, n_articles)

    def period(since: str | None, until: str | None) -> Any:
        """``?from=2024-04&until=2024-11`` as ``build_timeline``'s window; 400 naming a bad date."""
        from storyline.present.timeline_dates import window_bounds

        try:
            return window_bounds(since, until) if since is not None or until is not None else None
        except ValueError as exc:
            raise HTTPException(status_code=400, detail=str(exc).replace("--", "")) from None

    @app.get("/stories/{story}", response_class=HTMLResponse)
    def story_report(story: str, max_dates: int | None = Query(None, ge=1),
                     since: str | None = Query(None, alias="from"), until: str | None = None) -> str:
        from storyline.present.timeline import build_timeline, render

        window = period(since, until)
        items, title = items_of(story)
        return render(build_timeline(items, max_dates=max_dates, title=title, window=window), "html")

    @app.get("/api/stories")
    def api_stories() -> list[dict[str, Any]]:
        with store() as s:
            return story_rows(s)

    @app.get("/api/stories/{story}/timeline")
    def api_timeline(story: str, max_dates: int | None = Query(None, ge=1),
                     since: str | None = Query(None, alias="from"), until: str | None = None) -> Response:
        from storyline.present.timeline import build_timeline, render

        window = period(since, until)
        items, title = items_of(story)
        return Response(render(build_timeline(items, max_dates=max_dates, title=title, window=window), "json"),
                        media_type="application/json")

    @app.get("/api/stories/{story}/claims")
    def api_claims(story: str) -> Any:
        from storyline.present.claims import find_claims

        items, _ = items_of(story)
        return to_plain(find_claims(items))

    @app.get("/api/quotes")
    def api_quotes(speaker: str | None = None, story: str | None = None,
                   kind: list[str] = Query(default=[]), since: str | None = Query(None, alias="from"),
                   until: str | None = None) -> Any:
        bad = [k for k in kind if k not in QUOTE_KINDS]
        if bad:
            raise HTTPException(400, detail=f"unknown kind {bad[0]!r}; valid: {', '.join(QUOTE_KINDS)}")
        window = period(since, until)
        try:
            with store() as s:
                found, by_id, hidden = quote_rows(s, speaker, story, tuple(kind), window)
        except StorylineError as exc:
            raise not_found(exc) from None
        return {"quotes": [{**to_plain(q), "published": by_id[q.article_id].published,
                            "language": by_id[q.article_id].language} for q in found],
                "stances_not_listed": hidden}

    @app.get("/api/entities")
    def api_entities(story: str | None = None, limit: int = Query(50, ge=1)) -> Any:
        """Canonical entities (of one story with ``story``), as ``storyline entities --json``."""
        try:
            with store() as s:
                return to_plain(entity_rows(s, story, limit))
        except StorylineError as exc:
            raise not_found(exc) from None

    @app.get("/api/articles")
    def api_articles(limit: int | None = Query(None, ge=1)) -> list[dict[str, Any]]:
        with store() as s:
            return [{k: v for k, v in to_plain(a).items() if k != "text"} for a in s.articles(limit=limit)]

    @app.post("/api/articles")
    def api_add(payload: dict[str, Any] = Body(...)) -> JSONResponse:
        """Add one article: ``{"text": ..., "title"?, "published"?, "language"?, "source"?}`` or
        ``{"url": ...}``. 201 when added, 200 when already stored (a no-op), 422 when rejected."""
        results = _add(payload)
        status = 422 if all(r.status == "rejected" for r in results) else (
            201 if any(r.status in ("added", "duplicate") for r in results) else 200)
        return JSONResponse([to_plain(r) for r in results], status_code=status)

    def _add(payload: dict[str, Any]) -> list[Any]:
        from storyline.model import IngestResult
        from storyline.pipeline import ingest, normalise_published

        url, text = payload.get("url"), payload.get("text")
        origin = url or payload.get("origin") or "web form"
        try:
            published = normalise_published(payload.get("published")) if payload.get("published") else None
        except InputError as exc:
            return [IngestResult(origin, "rejected", reason=str(exc))]
        options = IngestOptions(lang=payload.get("language") or None, published=published,
                                source=payload.get("source") or None)
        if url and not str(url).lower().startswith(("http://", "https://")):
            # a path here would read this machine's files into the store on a page's request
            return [IngestResult(str(url), "rejected", reason="only http(s) URLs can be added from the web page")]
        if url:
            inputs: list[str | RawDocument] = [url]
        elif isinstance(text, str):
            inputs = [RawDocument(origin, text, title=payload.get("title") or None)]
        else:
            return [IngestResult(origin, "rejected", reason="give \"text\" or \"url\"")]
        with lock, store() as s:
            if "embedder" not in shared:
                from storyline.link.embed import load_embedder

                shared["embedder"] = load_embedder()
            out = list(ingest(s, inputs, options, transport=transport, embedder=shared["embedder"]))
        return out

    return app


def _index_page(rows: list[dict[str, Any]], n_articles: int) -> str:
    """The stories list with a form to add an article (posted as JSON by a few lines of script)."""
    body = "".join(
        f"<tr><td><a href=\"/stories/{escape(r['id'].removeprefix('story:'))}\">{escape(r['title'])}</a></td>"
        f"<td>{r['article_count']}</td><td>{escape(', '.join(r['languages']))}</td>"
        f"<td>{escape((r['first'] or '?')[:10])} – {escape((r['last'] or '?')[:10])}</td></tr>"
        for r in rows
    ) or "<tr><td colspan=4>No stories yet: add an article below.</td></tr>"
    return _PAGE.format(n_stories=len(rows), n_articles=n_articles, rows=body)


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>storyline</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem;
       color: #1d2430; background: #fafbfc; }}
h1 {{ margin-bottom: .2rem; }} .muted {{ color: #5a6372; }}
table {{ border-collapse: collapse; width: 100%; margin: 1rem 0 2rem; }}
th, td {{ text-align: left; padding: .45rem .6rem; border-bottom: 1px solid #dde2ea; vertical-align: top; }}
th {{ background: #eef1f6; }} a {{ color: #1f4e9c; }}
form {{ display: grid; gap: .5rem; }} textarea {{ min-height: 9rem; font: inherit; }}
input, textarea, button {{ font: inherit; padding: .35rem .5rem; }}
.row {{ display: flex; gap: .5rem; flex-wrap: wrap; }} #result {{ white-space: pre-wrap; }}
</style></head>
<body>
<h1>storyline</h1>
<p class="muted">{n_stories} stories from {n_articles} articles ·
<a href="/api/docs">JSON API</a></p>
<h2>Stories</h2>
<table><thead><tr><th>Story</th><th>Articles</th><th>Languages</th><th>Dates</th></tr></thead>
<tbody>{rows}</tbody></table>
<h2>Add an article</h2>
<form id="add">
<input name="url" placeholder="https://… (a page or a feed), or paste the text below">
<input name="title" placeholder="Title (optional)">
<textarea name="text" placeholder="Text of the report, any language"></textarea>
<div class="row"><input name="published" placeholder="Published (2024-04-24)">
<input name="language" placeholder="Language (fr, en…; detected if empty)">
<button type="submit">Add</button></div>
</form>
<p id="result" role="status"></p>
<script>
document.getElementById("add").addEventListener("submit", async (e) => {{
  e.preventDefault();
  const data = Object.fromEntries([...new FormData(e.target)].filter(([k, v]) => v.trim()));
  const out = document.getElementById("result");
  out.textContent = "Adding…";
  const r = await fetch("/api/articles", {{method: "POST", headers: {{"Content-Type": "application/json"}},
                                          body: JSON.stringify(data)}});
  const rows = await r.json();
  out.textContent = (Array.isArray(rows) ? rows : [rows]).map(x => x.status ?
      `${{x.status}} ${{x.article_id || ""}} ${{x.reason || ""}}` : (x.detail || JSON.stringify(x))).join("\\n");
  if (r.status === 201) setTimeout(() => location.reload(), 800);
}});
</script>
</body></html>
"""
