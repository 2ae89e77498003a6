-- storyline store, version 1: articles, rejections, near-duplicate index, extracted facts.
CREATE TABLE articles (
    id             TEXT PRIMARY KEY,          -- content hash of the canonical text
    text           TEXT NOT NULL,
    origin         TEXT NOT NULL,
    title          TEXT,
    url            TEXT,
    source         TEXT,
    author         TEXT,
    published      TEXT,                      -- ISO date or UTC datetime
    language       TEXT,
    language_score REAL,
    duplicate_of   TEXT REFERENCES articles(id),
    added_at       TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_url ON articles(url);

CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='rowid');
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;

-- MinHash LSH bands: articles sharing a band key are near-duplicate candidates.
CREATE TABLE minhash_bands (
    band       INTEGER NOT NULL,
    key        INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (band, key, article_id)
) WITHOUT ROWID;

CREATE TABLE rejections (
    id     INTEGER PRIMARY KEY,
    origin TEXT NOT NULL,
    reason TEXT NOT NULL,
    at     TEXT NOT NULL
);

-- One row per article that went through extraction, with the stages (name@version) that ran.
CREATE TABLE extractions (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    stages     TEXT NOT NULL,
    sentences  TEXT NOT NULL                 -- JSON [[start, end], ...]
);

-- Every extracted fact: a span of one article's canonical text, its kind and normalised data.
CREATE TABLE facts (
    id         INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,                -- entities | times | quantities | quotes | events
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    key        TEXT NOT NULL DEFAULT '',     -- entity id / time value / unit / speaker name: what is looked up
    stage      TEXT NOT NULL,
    data       TEXT NOT NULL                 -- the record as JSON
);
CREATE INDEX facts_article ON facts(article_id, kind);
CREATE INDEX facts_key ON facts(kind, key);
