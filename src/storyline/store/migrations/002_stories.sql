-- storyline store, version 2: story linking state, assignments and user corrections.
-- Per-article rows (profile, assignment) are written in the article's own transaction; the
-- clusterer's aggregate state is checkpointed as one JSON document and caught up on open from
-- the assignments it has not seen (see link/linker.py).
CREATE TABLE profiles (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    data       TEXT NOT NULL
);

CREATE TABLE story_articles (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id   TEXT NOT NULL,
    seq        INTEGER NOT NULL              -- order of assignment, for replays
);
CREATE INDEX story_articles_story ON story_articles(story_id);

CREATE TABLE story_state (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,                   -- last assignment seq the state includes
    data TEXT NOT NULL
);

CREATE TABLE corrections (
    id   INTEGER PRIMARY KEY,
    op   TEXT NOT NULL,                      -- merge | move | split
    args TEXT NOT NULL,                      -- JSON
    at   TEXT NOT NULL
);
