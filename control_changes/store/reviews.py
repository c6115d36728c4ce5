"""The ``reviews`` table: analysts' decisions on events, kept apart from the machine's.

Event ids change whenever an event's mentions change, so a decision is not stored against
an id. It is stored against what the analyst judged: the place, the new controller, the
scope and the window of report days the event covered then (``control_changes.review``
re-attaches it to the event that covers that now, on every read). Re-ingesting, rebuilding
or syndicated copies therefore never touch a decision.

The table only grows: a new decision on an event is a new row, and the latest row attached
to an event is its verdict. Two reviewers saving at once both land (each insert is a write
transaction of its own); a save made on a stale view (``seen`` is not the event's latest
decision any more) is refused with ``ReviewConflict`` instead of silently replacing it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict
from datetime import UTC, datetime

import pandas as pd

from control_changes.review import Decision
from control_changes.store.db import immediate, retry

SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    review_id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- what was judged: place, side, scope and the event's report days then ("" undated)
    place_id TEXT NOT NULL, new_controller TEXT NOT NULL, scope TEXT NOT NULL,
    judged_from TEXT NOT NULL, judged_to TEXT NOT NULL, judged_date TEXT NOT NULL,
    event_id TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('accepted', 'corrected', 'rejected', 'added')),
    -- corrected (or added) values, "" where the machine's value stands
    fix_date TEXT NOT NULL, fix_controller TEXT NOT NULL, fix_status TEXT NOT NULL,
    fix_place_id TEXT NOT NULL,
    reviewer TEXT NOT NULL, note TEXT NOT NULL, reviewed_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reviews_key ON reviews(place_id, new_controller, scope);
"""

# The stored columns, in order (``review_id`` first).
COLUMNS = ["review_id", *Decision.__dataclass_fields__]


class ReviewConflict(RuntimeError):
    """The event was reviewed by someone else since the reviewer saw it."""


def now() -> str:
    """The time a decision is made, in UTC to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def read(conn: sqlite3.Connection) -> pd.DataFrame:
    """Every decision, oldest first."""
    cols = ", ".join(COLUMNS)
    return retry(lambda: pd.read_sql_query(
        f"SELECT {cols} FROM reviews ORDER BY review_id", conn))


def has_any(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM reviews LIMIT 1").fetchone() is not None


def _latest_overlapping(conn: sqlite3.Connection, d: Decision) -> int | None:
    """The newest decision judged on the same place, side and scope whose window meets
    ``d``'s: the one a reviewer must have seen to replace it."""
    row = conn.execute(
        "SELECT MAX(review_id) FROM reviews WHERE place_id = ? AND new_controller = ? "
        "AND scope = ? AND verdict != 'added' AND judged_from <= ? AND judged_to >= ? "
        "AND (judged_from = '') = (? = '')",
        (d.place_id, d.new_controller, d.scope, d.judged_to, d.judged_from,
         d.judged_from)).fetchone()
    return row[0]


def _insert(conn: sqlite3.Connection, d: Decision) -> int:
    values = asdict(d)
    if not values["reviewed_at"]:
        values["reviewed_at"] = now()
    names = list(values)
    cur = conn.execute(
        f"INSERT INTO reviews ({', '.join(names)}) VALUES ({','.join('?' * len(names))})",
        [values[n] for n in names])
    return int(cur.lastrowid)


def record(conn: sqlite3.Connection, decision: Decision, seen: int | None = -1) -> int:
    """Store ``decision`` in a write transaction of its own; its ``review_id``.

    ``seen`` is the latest decision the reviewer saw on the event (None: none); when a later
    one was saved meanwhile, ``ReviewConflict`` is raised and nothing is stored. The default
    (-1) skips the check, for the command line, where the reviewer names the event afresh.
    """
    def write() -> int:
        with immediate(conn):
            if seen != -1 and decision.verdict != "added":
                latest = _latest_overlapping(conn, decision)
                if latest != seen:
                    raise ReviewConflict(
                        f"event {decision.event_id} was reviewed meanwhile (decision "
                        f"{latest}); reload to see it before deciding again")
            return _insert(conn, decision)
    return retry(write)


def record_many(conn: sqlite3.Connection, decisions: list[Decision]) -> int:
    """Store ``decisions`` in one transaction, skipping any already stored word for word
    (so importing the same file twice adds nothing); how many were added."""
    def write() -> int:
        added = 0
        with immediate(conn):
            have = {tuple(r) for r in conn.execute(
                f"SELECT {', '.join(COLUMNS[1:])} FROM reviews")}
            for d in decisions:
                key = tuple(asdict(d).values())
                if key not in have:
                    _insert(conn, d)
                    have.add(key)
                    added += 1
        return added
    return retry(write)
