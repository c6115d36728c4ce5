"""The store's tables and indexes, and opening them: a store made by an older version is
brought up to date first (``migrations``), so every other module sees one layout.

The columns of ``articles``, ``mentions`` and ``events`` are listed once, in
``control_changes.schema``; ``data/README.md`` says what each table holds.
"""

from __future__ import annotations

import sqlite3

from control_changes.store import migrations
from control_changes.store.db import retry

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY,
    file TEXT NOT NULL, outlet TEXT, title TEXT, url TEXT,
    published TEXT, published_source TEXT, author TEXT,
    story_id TEXT NOT NULL, n_chars INTEGER, n_shingles INTEGER,
    text TEXT NOT NULL, ingested_at TEXT,
    -- manifest | given | text | none; NULL in stores made before it was kept (never replaced)
    outlet_source TEXT
);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
-- Copy-finding looks up the fingerprint size and story of thousands of stored articles per
-- batch; this index answers without reading the article rows, which hold the whole text.
CREATE INDEX IF NOT EXISTS articles_fingerprint ON articles(article_id, n_shingles, story_id);
-- For each sampled shingle (control_changes.syndication): how many articles hold it and,
-- while no more than COMMON_SHINGLE_ARTICLES do, which ones (their ids as 8 bytes each, in
-- the order they arrived; NULL past that, as the shingle is then a stock phrase). One row
-- per shingle, updated in place, so a batch rewrites fewer pages than it would adding a row
-- per (shingle, article) pair to a table ordered by hash and a count beside it.
CREATE TABLE IF NOT EXISTS shingle_holders (
    hash INTEGER PRIMARY KEY, n INTEGER NOT NULL, holders BLOB
);
CREATE TABLE IF NOT EXISTS mentions (
    mention_id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(article_id),
    file TEXT, place_id TEXT NOT NULL, place_text TEXT,
    event_date TEXT, date_precision TEXT, date_source TEXT,
    new_controller TEXT, status TEXT, scope TEXT, count INTEGER,
    trigger TEXT, evidence TEXT, start INTEGER, "end" INTEGER
);
-- Lookups by place alone use the key index's first column; a separate place index (which
-- older stores had) only cost time on every insert.
DROP INDEX IF EXISTS mentions_place;
CREATE INDEX IF NOT EXISTS mentions_key
    ON mentions(place_id, new_controller, scope, event_date);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);
CREATE TABLE IF NOT EXISTS events (
    event_id TEXT PRIMARY KEY,
    place TEXT, place_id TEXT NOT NULL, place_type TEXT, province TEXT, province_id TEXT,
    admin1 TEXT, admin2 TEXT, country TEXT, latitude REAL, longitude REAL,
    geo_precision TEXT, geo_precision_code INTEGER, event_date TEXT, date_precision TEXT,
    time_precision INTEGER, date_inferred INTEGER, date_source TEXT, new_controller TEXT,
    status TEXT,
    scope TEXT, count INTEGER, n_articles INTEGER, n_stories INTEGER, n_mentions INTEGER,
    mention_statuses TEXT, sources TEXT, outlets TEXT, first_published TEXT, evidence TEXT,
    reports_from TEXT, reports_to TEXT
);
-- As for mentions, the key index serves lookups by place.
DROP INDEX IF EXISTS events_place;
CREATE INDEX IF NOT EXISTS events_key ON events(place_id, new_controller, scope, reports_from);
-- What merging needs to know about the mentions of one place, side, scope and report day
-- ("" for undated), as JSON (see merge.new_summary): events are made from these.
CREATE TABLE IF NOT EXISTS day_summaries (
    place_id TEXT NOT NULL, new_controller TEXT NOT NULL, scope TEXT NOT NULL,
    day TEXT NOT NULL, summary TEXT NOT NULL,
    PRIMARY KEY (place_id, new_controller, scope, day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS unresolved (
    article_id TEXT NOT NULL REFERENCES articles(article_id),
    name TEXT NOT NULL, reason TEXT, context TEXT
);
"""

# Scratch tables of one connection, which queries join on instead of passing thousands of
# parameters (see ``db.fill``): ``dirty`` holds (place, side, scope) date intervals whose
# events are made again, ``wanted_days`` the day summaries to read.
_SCRATCH = (("dirty", "place_id, new_controller, scope, lo, hi"),
            ("wanted_days", "place_id, new_controller, scope, day"))


def open_tables(conn: sqlite3.Connection) -> bool:
    """Create what the store lacks, upgrading an older store on the way; True when its
    events must be made again from its mentions (``events.rebuild_all_events``).

    Each step takes the write lock only when it has something to do, and is retried while
    another process holds it (the dashboard and an ingest may open an older store at once).
    """
    # Columns first: an older events table lacks reports_from, which SCHEMA's events_key
    # index names.
    stale = retry(lambda: migrations.add_missing_event_columns(conn))
    retry(lambda: migrations.add_outlet_source(conn))
    retry(lambda: conn.executescript(SCHEMA))
    retry(lambda: migrations.index_shingles_once(conn))
    retry(lambda: migrations.refingerprint_once(conn))
    retry(lambda: migrations.add_reviews_table(conn))
    if retry(lambda: migrations.rename_places(conn)):
        stale = True
    if retry(lambda: migrations.days_missing(conn)):
        stale = True
    for table, cols in _SCRATCH:
        conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} ({cols})")
    return stale
