"""The ``mentions`` table: storing an article's mentions, replacing them when its date or
outlet changes, and reading them with the article fields merging needs."""

from __future__ import annotations

import hashlib
import sqlite3
from collections import namedtuple
from collections.abc import Iterable, Iterator
from datetime import date

from control_changes.articles import Article
from control_changes.extract import Mention, extract
from control_changes.schema import MENTION_COLUMNS
from control_changes.store.db import rows_in

# The article fields merging needs beside each mention.
_MERGE_ARTICLE_FIELDS = ("story_id", "published", "published_source", "outlet")
# A row of mentions_sql(..., evidence=False), as merge.absorb reads it.
_MentionRow = namedtuple("MentionRow", [*(c for c in MENTION_COLUMNS if c != "evidence"),
                                        *_MERGE_ARTICLE_FIELDS], rename=True)


def iso(d: date | None) -> str:
    """A date as the store keeps it: ISO, or "" when unknown."""
    return d.isoformat() if d else ""


def _mention_id(article_id: str, m: Mention) -> str:
    raw = f"{article_id}|{m.start}|{m.place_id}|{m.new_controller}|{m.status}|{m.scope}"
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


def insert_mentions(conn: sqlite3.Connection, rows: Iterable[tuple[str, str, Mention]]) -> None:
    """Store (article id, file, mention) rows in one statement."""
    conn.executemany(
        "INSERT OR IGNORE INTO mentions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(_mention_id(article_id, m), article_id, file, m.place_id, m.place_text,
          iso(m.event_date), m.date_precision, m.date_source, m.new_controller, m.status,
          m.scope, m.count, m.trigger, m.evidence, m.start, m.end)
         for article_id, file, m in rows],
    )


def extract_again(conn: sqlite3.Connection, article_id: str, article: Article,
                  removed: list[tuple[str, str, str, str]] | None) -> None:
    """Replace a stored article's mentions with those of ``article`` (its text with new
    metadata), appending the (place, side, scope, date) of the old ones to ``removed``
    unless it is None (no day summary holds them yet)."""
    if removed is not None:
        removed.extend(conn.execute(
            "SELECT place_id, new_controller, scope, event_date FROM mentions "
            "WHERE article_id = ?", (article_id,)))
    conn.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
    insert_mentions(conn, ((article_id, article.file, m) for m in extract(article)))


def mentions_sql(where: str, evidence: bool = True, title: bool = False) -> str:
    """Mentions joined with the article fields merging needs, the one query both the read API
    and the event rebuild use (the rebuild leaves the evidence sentences out)."""
    cols = [f'm."{c}"' for c in MENTION_COLUMNS if evidence or c != "evidence"]
    cols += [f"a.{c}" for c in _MERGE_ARTICLE_FIELDS + (("title",) if title else ())]
    return (f"SELECT {', '.join(cols)} "
            f"FROM mentions m JOIN articles a USING (article_id) WHERE {where}")


def mention_rows(conn: sqlite3.Connection, where: str,
                 values: list | None = None) -> Iterator[tuple]:
    """Mentions with the article fields merging needs (no evidence), as named tuples;
    with ``values``, ``where`` holds a ``{marks}`` placeholder for them (see ``db.rows_in``)."""
    sql = mentions_sql(where, evidence=False)
    rows = conn.execute(sql) if values is None else rows_in(conn, sql, values)
    for r in rows:
        yield _MentionRow._make(r if None not in r else ["" if v is None else v for v in r])


def evidence_of(conn: sqlite3.Connection, mention_ids: list[str]) -> dict[str, str]:
    """The evidence sentence of each of ``mention_ids``."""
    return dict(rows_in(
        conn, "SELECT mention_id, evidence FROM mentions WHERE mention_id IN ({marks})",
        mention_ids))
