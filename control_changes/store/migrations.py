"""Steps that bring a store made by an older version to the present layout.

Each step looks first and takes the write lock only when there is something to do, then
looks again under the lock: several processes may open an older store at once (the dashboard
and an ingest), and only one of them must do the work. ``tables.open_tables`` runs them in
order; those returning True leave the events to be made again from the mentions.
"""

from __future__ import annotations

import sqlite3

from control_changes.store.db import immediate
from control_changes.store.reviews import SCHEMA as REVIEWS_SCHEMA
from control_changes.store.stories import add_holders
from control_changes.syndication import FINGERPRINT_VERSION, fingerprint
from gazetteer.places import load_renamed


def add_columns(conn: sqlite3.Connection, table: str, columns: list[str]) -> bool:
    """Add ``columns`` (TEXT) to an older store's ``table``; True if they were missing.

    The columns are looked for again under the write lock, so only one process adds them
    (adding a column twice is an error, not a no-op)."""
    def missing() -> bool:
        cols = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        return bool(cols) and columns[0] not in cols

    if not missing():
        return False
    with immediate(conn):
        if not missing():
            return False
        for column in columns:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
    return True


def add_missing_event_columns(conn: sqlite3.Connection) -> bool:
    """Stores made before ``reports_from``/``reports_to`` or ``date_source`` existed get
    them (then a rebuild)."""
    spans = add_columns(conn, "events", ["reports_from", "reports_to"])
    return add_columns(conn, "events", ["date_source"]) or spans


def add_outlet_source(conn: sqlite3.Connection) -> None:
    """Stores made before outlets' sources were kept get the column, empty: where their
    outlets came from is not known, so none of them is replaced later."""
    add_columns(conn, "articles", ["outlet_source"])


def days_missing(conn: sqlite3.Connection) -> bool:
    """Stores made before day summaries existed have mentions but no summaries."""
    return (conn.execute("SELECT 1 FROM day_summaries LIMIT 1").fetchone() is None
            and conn.execute("SELECT 1 FROM mentions LIMIT 1").fetchone() is not None)


def index_shingles_once(conn: sqlite3.Connection) -> None:
    """Stores made when each (shingle, article) pair had a row of its own (table
    ``shingles``, with or without ``shingle_counts``) get ``shingle_holders`` from them."""
    def done() -> bool:
        return conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'shingles'").fetchone() is None

    if done():
        return
    with immediate(conn):
        if done():  # another process opening the store at the same time did it
            return
        rows = conn.execute("SELECT hash, article_id FROM shingles ORDER BY hash")
        for chunk in iter(lambda: rows.fetchmany(50_000), []):
            add_holders(conn, chunk)
        conn.execute("DROP TABLE shingles")
        conn.execute("DROP TABLE IF EXISTS shingle_counts")


def rename_places(conn: sqlite3.Connection) -> bool:
    """Mentions of places whose gazetteer id changed take the new id (then a rebuild)."""
    renamed = load_renamed()
    marks = ",".join("?" * len(renamed))
    if not renamed or conn.execute(
            f"SELECT 1 FROM mentions WHERE place_id IN ({marks}) LIMIT 1",
            list(renamed)).fetchone() is None:
        return False
    with immediate(conn):
        conn.executemany("UPDATE mentions SET place_id = ? WHERE place_id = ?",
                         [(new, old) for old, new in renamed.items()])
    return True


def refingerprint_once(conn: sqlite3.Connection) -> None:
    """Stores whose shingles were hashed by an older ``FINGERPRINT_VERSION`` get them
    computed again from the stored texts (``PRAGMA user_version`` holds the version).

    Stories stay as they were linked; only later copies are compared by the new hashes.
    Articles are read in pieces so memory does not grow with the store.
    """
    def done() -> bool:
        return conn.execute("PRAGMA user_version").fetchone()[0] >= FINGERPRINT_VERSION

    if done():
        return
    with immediate(conn):
        if done():  # another process opening the store at the same time did it
            return
        if conn.execute("SELECT 1 FROM shingle_holders LIMIT 1").fetchone() is not None:
            conn.execute("DELETE FROM shingle_holders")
            last = 0
            while rows := conn.execute(
                    "SELECT rowid, article_id, text FROM articles WHERE rowid > ? "
                    "ORDER BY rowid LIMIT 2000", (last,)).fetchall():
                last = rows[-1][0]
                hashes = {aid: fingerprint(text) for _, aid, text in rows}
                conn.executemany("UPDATE articles SET n_shingles = ? WHERE article_id = ?",
                                 [(len(h), aid) for aid, h in hashes.items()])
                add_holders(conn, [(h, aid) for aid, hs in hashes.items() for h in hs])
        conn.execute(f"PRAGMA user_version = {FINGERPRINT_VERSION}")


def add_reviews_table(conn: sqlite3.Connection) -> None:
    """Stores made before analysts' decisions were kept get the empty ``reviews`` table
    (``control_changes.store.reviews``); their events stay as they are."""
    def done() -> bool:
        return conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'reviews'").fetchone() is not None

    if done():
        return
    with immediate(conn):
        if done():  # another process opening the store at the same time did it
            return
        for statement in filter(str.strip, REVIEWS_SCHEMA.split(";")):
            conn.execute(statement)
