"""Reads for the dashboard, the exports and the command line, as data frames. The events
are read by ``Store.events`` alone, so every reader sees them the same way."""

from __future__ import annotations

import sqlite3

import pandas as pd

from control_changes.background import DECIDING_COLUMNS, count_settled
from control_changes.schema import ARTICLE_COLUMNS
from control_changes.store.db import retry
from control_changes.store.mentions import mentions_sql

# The tables ``count`` answers for.
COUNTED_TABLES = frozenset({"articles", "mentions", "events", "unresolved", "shingle_holders"})


def frame(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> pd.DataFrame:
    """The rows of ``sql`` as a data frame, retried while a writer holds the lock."""
    return retry(lambda: pd.read_sql_query(sql, conn, params=params))


def articles(conn: sqlite3.Connection, with_text: bool = True) -> pd.DataFrame:
    """Every article by publication date, then file; blanks for what is not known."""
    cols = ARTICLE_COLUMNS if with_text else [c for c in ARTICLE_COLUMNS if c != "text"]
    sql = "SELECT " + ", ".join(cols) + " FROM articles ORDER BY published, file"
    return frame(conn, sql).fillna("")


def mentions(conn: sqlite3.Connection) -> pd.DataFrame:
    """Mentions with the article fields merging needs (story, date, outlet) and titles."""
    return frame(conn, mentions_sql("1 = 1", title=True)
                 + " ORDER BY m.article_id, m.start, m.mention_id").fillna("")


def unresolved(conn: sqlite3.Connection) -> pd.DataFrame:
    """Names the gazetteer could not place, with the article each was found in."""
    return frame(
        conn, "SELECT u.name, u.reason, u.context, a.file, u.article_id FROM unresolved u "
        "JOIN articles a USING (article_id) ORDER BY u.name"
    )


def count(conn: sqlite3.Connection, table: str) -> int:
    """How many rows ``table`` (one of ``COUNTED_TABLES``) holds."""
    if table not in COUNTED_TABLES:
        raise ValueError(f"unknown table {table!r}")
    return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def integrity_ok(conn: sqlite3.Connection) -> bool:
    """Whether SQLite finds the store file sound."""
    return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def count_events(conn: sqlite3.Connection) -> int:
    """How many events ``Store.events()`` returns, from the columns that decide it (later
    reports that join an earlier event are not events of their own; see
    control_changes.background)."""
    cols = ", ".join(f"COALESCE({c}, '')" for c in DECIDING_COLUMNS)
    rows = conn.execute(f"SELECT {cols} FROM events").fetchall()
    return count_settled(pd.DataFrame(rows, columns=list(DECIDING_COLUMNS), dtype=object))
