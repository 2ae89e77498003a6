"""The embedded SQLite store: the only module with SQL.

Why these settings: WAL so readers (the web page) never block the writer; foreign keys so facts
never outlive their article; ``synchronous=NORMAL`` is durable across process kills in WAL mode.
Every article is written in one transaction with its facts, so a process killed mid-batch
leaves complete articles only, and re-running the batch completes it (ids are content hashes).
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from storyline.errors import NotFound, StoreError
from storyline.model import Article, Extraction, Rejection, Sentence
from storyline.store import codec

_ARTICLE_COLS = ("id", "text", "origin", "title", "url", "source", "author", "published",
                 "language", "language_score", "duplicate_of")
# What each kind of fact is looked up by (the ``key`` column).
_KEY_FIELD = {"entities": "entity_id", "times": "value", "quantities": "unit",
              "quotes": "speaker_name", "events": "time"}


def default_path() -> Path:
    """``$STORYLINE_DB``, else ``$XDG_DATA_HOME/storyline/storyline.db`` (~/.local/share/...)."""
    if os.environ.get("STORYLINE_DB"):
        return Path(os.environ["STORYLINE_DB"])
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "storyline" / "storyline.db"


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files("storyline.store").joinpath("migrations")
    found = [(int(p.name.split("_")[0]), p.read_text(encoding="utf-8"))
             for p in folder.iterdir() if p.name.endswith(".sql")]
    return sorted(found)


class SQLiteStore:
    """Records in, records out.

    >>> with SQLiteStore(":memory:") as store:
    ...     store.articles()
    []
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = str(path if path is not None else default_path())
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open store ({exc})") from None

    def __enter__(self) -> "SQLiteStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # -- schema ------------------------------------------------------------------------------
    def _migrate(self) -> None:
        current = self.db.execute("PRAGMA user_version").fetchone()[0]
        for version, sql in _migrations():
            if version > current:
                self.db.execute("BEGIN IMMEDIATE")
                try:
                    for statement in _statements(sql):
                        self.db.execute(statement)
                    self.db.execute(f"PRAGMA user_version={version}")
                    self.db.execute("COMMIT")
                except Exception:
                    self.db.execute("ROLLBACK")
                    raise

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    # -- articles ----------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone() is not None

    def near_duplicate_candidates(self, bands: Iterable[tuple[int, int]]) -> list[Article]:
        pairs = list(bands)
        if not pairs:
            return []
        where = " OR ".join("(band=? AND key=?)" for _ in pairs)
        args = [x for pair in pairs for x in pair]
        rows = self.db.execute(
            f"SELECT {', '.join('a.' + c for c in _ARTICLE_COLS)} FROM articles a WHERE a.id IN "
            f"(SELECT article_id FROM minhash_bands WHERE {where}) AND a.duplicate_of IS NULL", args)
        return [_article(r) for r in rows]

    def add_article(self, article: Article, bands: Iterable[tuple[int, int]],
                    extraction: Extraction | None, *, profile: dict[str, Any] | None = None,
                    story_id: str | None = None) -> bool:
        """Store the article with its facts (and story link) in one transaction.

        False if it was already there. ``profile`` is the story-linking evidence as plain data,
        ``story_id`` the story the article joined.
        """
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            if cur.execute("SELECT 1 FROM articles WHERE id=?", (article.id,)).fetchone():
                cur.execute("ROLLBACK")
                return False
            values = [getattr(article, c) for c in _ARTICLE_COLS] + [_now()]
            cur.execute(f"INSERT INTO articles ({', '.join(_ARTICLE_COLS)}, added_at) "
                        f"VALUES ({', '.join('?' * (len(_ARTICLE_COLS) + 1))})", values)
            cur.executemany("INSERT OR IGNORE INTO minhash_bands VALUES (?, ?, ?)",
                            [(b, k, article.id) for b, k in bands])
            if extraction is not None:
                self._write_extraction(cur, extraction)
            if profile is not None:
                cur.execute("INSERT OR REPLACE INTO profiles VALUES (?, ?)", (article.id, json.dumps(profile)))
            if story_id is not None:
                self._assign(cur, article.id, story_id)
            cur.execute("COMMIT")
            return True
        except BaseException:
            cur.execute("ROLLBACK")
            raise

    def _write_extraction(self, cur: sqlite3.Cursor, ex: Extraction) -> None:
        cur.execute("DELETE FROM facts WHERE article_id=?", (ex.article_id,))
        cur.execute("INSERT OR REPLACE INTO extractions VALUES (?, ?, ?)",
                    (ex.article_id, json.dumps(ex.stages),
                     json.dumps([[s.start, s.end] for s in ex.sentences])))
        rows = []
        for kind in codec.RECORDS:
            for rec in getattr(ex, kind):
                start, end, text = _span_of(rec)
                key = str(getattr(rec, _KEY_FIELD[kind], "") or "")
                rows.append((ex.article_id, kind, start, end, text, key, rec.stage, codec.encode(rec)))
        cur.executemany("INSERT INTO facts (article_id, kind, start, end, text, key, stage, data) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def replace_extraction(self, extraction: Extraction) -> None:
        """Re-extraction of a stored article (new stage versions): facts replaced atomically."""
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            self._write_extraction(cur, extraction)
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise

    def article(self, id_or_prefix: str) -> Article:
        """One article by id or unambiguous id prefix (at least 4 characters)."""
        rows = self.db.execute(f"SELECT {', '.join(_ARTICLE_COLS)} FROM articles WHERE id LIKE ? LIMIT 2",
                               (id_or_prefix.replace("%", "") + "%",)).fetchall()
        if len(id_or_prefix) < 4 or not rows:
            raise NotFound(f"no article with id {id_or_prefix!r}")
        if len(rows) > 1:
            raise NotFound(f"id prefix {id_or_prefix!r} is ambiguous")
        return _article(rows[0])

    def articles(self, *, limit: int | None = None, include_duplicates: bool = True) -> list[Article]:
        sql = f"SELECT {', '.join(_ARTICLE_COLS)} FROM articles"
        if not include_duplicates:
            sql += " WHERE duplicate_of IS NULL"
        sql += " ORDER BY COALESCE(published, ''), rowid"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [_article(r) for r in self.db.execute(sql)]

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def search(self, query: str, *, limit: int = 20) -> list[Article]:
        """Full-text search over titles and texts (FTS5 query syntax)."""
        cols = ", ".join("a." + c for c in _ARTICLE_COLS)
        try:
            rows = self.db.execute(
                f"SELECT {cols} FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
                "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?", (query, limit)).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"bad search query {query!r}: {exc}") from None
        return [_article(r) for r in rows]

    # -- facts -------------------------------------------------------------------------------
    def extraction(self, article_id: str) -> Extraction | None:
        row = self.db.execute("SELECT stages, sentences FROM extractions WHERE article_id=?",
                              (article_id,)).fetchone()
        if row is None:
            return None
        found: dict[str, list[Any]] = {k: [] for k in codec.RECORDS}
        for kind, data in self.db.execute(
                "SELECT kind, data FROM facts WHERE article_id=? ORDER BY id", (article_id,)):
            found[kind].append(codec.decode(kind, data))
        return Extraction(article_id=article_id, stages=tuple(json.loads(row[0])),
                          sentences=tuple(Sentence(s, e) for s, e in json.loads(row[1])),
                          **{k: tuple(v) for k, v in found.items()})

    def extraction_stages(self) -> dict[str, tuple[str, ...]]:
        """Article id -> the stage versions its stored facts came from (no facts read)."""
        return {aid: tuple(json.loads(stages))
                for aid, stages in self.db.execute("SELECT article_id, stages FROM extractions")}

    def facts(self, kind: str, *, key: str | None = None,
              article_ids: Iterable[str] | None = None) -> list[Any]:
        """Facts of one kind across articles, optionally by lookup key and article."""
        sql, args = "SELECT data FROM facts WHERE kind=?", [kind]
        if key is not None:
            sql += " AND key=?"
            args.append(key)
        if article_ids is not None:
            ids = list(article_ids)
            sql += f" AND article_id IN ({', '.join('?' * len(ids))})"
            args.extend(ids)
        return [codec.decode(kind, d) for (d,) in self.db.execute(sql + " ORDER BY id", args)]

    # -- stories -----------------------------------------------------------------------------
    def _assign(self, cur: sqlite3.Cursor, article_id: str, story_id: str) -> None:
        seq = cur.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM story_articles").fetchone()[0]
        cur.execute("INSERT OR REPLACE INTO story_articles VALUES (?, ?, ?)", (article_id, story_id, seq))

    def profiles(self, article_ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
        """Story-linking profiles by article id (all when ``article_ids`` is None)."""
        if article_ids is None:
            rows = self.db.execute("SELECT article_id, data FROM profiles")
        else:
            ids = list(article_ids)
            rows = self.db.execute(f"SELECT article_id, data FROM profiles WHERE article_id IN "
                                   f"({', '.join('?' * len(ids))})", ids)
        return {aid: json.loads(d) for aid, d in rows}

    def story_state(self) -> tuple[int, dict[str, Any] | None]:
        """The last checkpoint of the clusterer: (assignment seq it includes, state)."""
        row = self.db.execute("SELECT seq, data FROM story_state WHERE id=1").fetchone()
        return (0, None) if row is None else (int(row[0]), json.loads(row[1]))

    def story_state_field(self, key: str) -> Any:
        """One top-level field of the last checkpoint (None when absent), read by SQLite's JSON
        functions: a listing that needs only ``pending`` does not parse a state of tens of MB."""
        row = self.db.execute("SELECT json_extract(data, ?) FROM story_state WHERE id=1", (f"$.{key}",)).fetchone()
        return None if row is None or row[0] is None else json.loads(row[0])

    def assignments_after(self, seq: int) -> list[tuple[str, str]]:
        """(article id, story id) assigned after checkpoint ``seq``, in order."""
        return list(self.db.execute("SELECT article_id, story_id FROM story_articles WHERE seq > ? "
                                    "ORDER BY seq", (seq,)))

    def save_story_state(self, state: dict[str, Any], assignments: dict[str, str] | None = None,
                         correction: tuple[str, dict[str, Any]] | None = None) -> None:
        """Checkpoint the clusterer; with ``assignments`` (after a correction) rewrite them too."""
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            if assignments is not None:
                current = dict(cur.execute("SELECT article_id, story_id FROM story_articles"))
                for aid, sid in assignments.items():
                    if current.get(aid) != sid:
                        self._assign(cur, aid, sid)
            if correction is not None:
                cur.execute("INSERT INTO corrections (op, args, at) VALUES (?, ?, ?)",
                            (correction[0], json.dumps(correction[1]), _now()))
            seq = cur.execute("SELECT COALESCE(MAX(seq), 0) FROM story_articles").fetchone()[0]
            cur.execute("INSERT OR REPLACE INTO story_state VALUES (1, ?, ?)", (seq, json.dumps(state)))
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise

    def story_of(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT story_id FROM story_articles WHERE article_id=?", (article_id,)).fetchone()
        return None if row is None else str(row[0])

    def story_members(self, story_id: str) -> list[Article]:
        """The story's articles, oldest first; NotFound for an unknown story (prefix allowed)."""
        sid = self.story_id(story_id)
        cols = ", ".join("a." + c for c in _ARTICLE_COLS)
        rows = self.db.execute(f"SELECT {cols} FROM story_articles s JOIN articles a ON a.id = s.article_id "
                               "WHERE s.story_id=? ORDER BY COALESCE(a.published, ''), s.seq", (sid,))
        return [_article(r) for r in rows]

    def story_id(self, id_or_prefix: str) -> str:
        """The full story id for an id or unambiguous prefix (``story:`` may be left out)."""
        want = id_or_prefix if id_or_prefix.startswith("story:") else "story:" + id_or_prefix
        rows = self.db.execute("SELECT DISTINCT story_id FROM story_articles WHERE story_id LIKE ? LIMIT 2",
                               (want.replace("%", "") + "%",)).fetchall()
        if not rows or len(id_or_prefix) < 4:
            raise NotFound(f"no story with id {id_or_prefix!r}")
        if len(rows) > 1:
            raise NotFound(f"story id prefix {id_or_prefix!r} is ambiguous")
        return str(rows[0][0])

    def stories(self) -> list[dict[str, Any]]:
        """One summary row per story: id, articles (count), languages, first/last publication."""
        rows = self.db.execute(
            "SELECT s.story_id, COUNT(*), GROUP_CONCAT(DISTINCT a.language), MIN(a.published), "
            "MAX(a.published), SUM(a.duplicate_of IS NULL) FROM story_articles s "
            "JOIN articles a ON a.id = s.article_id GROUP BY s.story_id ORDER BY COUNT(*) DESC, MIN(a.published)")
        return [{"id": sid, "articles": n, "languages": sorted(set((langs or "").split(","))),
                 "first": first, "last": last, "independent": int(indep or 0)}
                for sid, n, langs, first, last, indep in rows]

    def corrections(self) -> list[tuple[str, dict[str, Any]]]:
        return [(op, json.loads(a)) for op, a in self.db.execute("SELECT op, args FROM corrections ORDER BY id")]

    # -- rejections --------------------------------------------------------------------------
    def add_rejection(self, rejection: Rejection) -> None:
        self.db.execute("INSERT INTO rejections (origin, reason, at) VALUES (?, ?, ?)",
                        (rejection.origin, rejection.reason, _now()))

    def rejections(self) -> list[Rejection]:
        return [Rejection(o, r) for o, r in self.db.execute("SELECT origin, reason FROM rejections ORDER BY id")]


def _article(row: tuple[Any, ...]) -> Article:
    return Article(**dict(zip(_ARTICLE_COLS, row)))


def _span_of(rec: Any) -> tuple[int, int, str]:
    span = getattr(rec, "content", None) or getattr(rec, "sentence", None)
    if span is not None:
        return span.start, span.end, span.text
    return rec.start, rec.end, rec.text


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _statements(sql: str) -> list[str]:
    """Split a migration script into statements (triggers contain ``;`` inside BEGIN..END)."""
    out, buf = [], []
    for line in sql.splitlines():
        if line.strip().startswith("--") or not line.strip():
            continue
        buf.append(line)
        joined = "\n".join(buf)
        if sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    return out
