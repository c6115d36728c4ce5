"""SQLite plumbing the store's modules share: the connection, retries while another process
holds the lock, one write transaction, ``IN`` lists of few lengths, scratch tables to join on,
and runs of work of about one size."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

# How long a writer waits for another writer's lock before retrying, and how often it retries.
BUSY_TIMEOUT_S = 30
LOCK_RETRIES = 20

# The lengths an ``IN (?, ...)`` list is padded to. Each length is another statement in the
# connection's cache of 128 prepared statements, and one with 900 parameters takes about
# 170 KB (56 KB with 256): unpadded, SQLite's memory grew by about 0.5 MB a batch until the
# cache was full. The last size is the most parameters one query is given.
IN_SIZES = (1, 4, 16, 64, 256, 900)


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are begun explicitly), in WAL mode so
    readers go on while a writer writes, waiting ``BUSY_TIMEOUT_S`` for another's lock."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                           check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
    retry(lambda: conn.execute("PRAGMA journal_mode = WAL"))
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def retry(fn: Callable):
    """``fn()``, tried again while the store is locked or busy (up to ``LOCK_RETRIES``)."""
    for attempt in range(LOCK_RETRIES):
        try:
            return fn()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if attempt == LOCK_RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    return None


@contextmanager
def immediate(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction: committed when the block ends, rolled back if it raises."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def in_list(values: list) -> tuple[str, list]:
    """The placeholders and parameters of ``IN (...)`` over ``values``, padded to one of
    ``IN_SIZES`` by repeating the last value (which matches nothing more)."""
    if not values:
        return "", []
    n = next((size for size in IN_SIZES if size >= len(values)), len(values))
    return ",".join("?" * n), [*values, *values[-1:] * (n - len(values))]


def rows_in(conn: sqlite3.Connection, sql: str, values: list) -> Iterator[tuple]:
    """Rows of ``sql``, whose one ``{marks}`` placeholder takes ``values`` in chunks small
    enough for SQLite's limit on parameters."""
    for i in range(0, len(values), IN_SIZES[-1]):
        marks, chunk = in_list(values[i:i + IN_SIZES[-1]])
        yield from conn.execute(sql.format(marks=marks), chunk)


def fill(conn: sqlite3.Connection, table: str, rows: list[tuple]) -> None:
    """Make the temporary ``table`` (``dirty`` or ``wanted_days``) hold exactly ``rows``:
    queries join on it instead of passing thousands of parameters."""
    conn.execute(f"DELETE FROM {table}")
    if rows:
        marks = ",".join("?" * len(rows[0]))
        conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def runs(items: list, weights: list, limit: float) -> Iterator[list]:
    """``items`` in consecutive runs whose ``weights`` add up to about ``limit`` (a run
    holds at least one item, so one heavy item is a run of its own)."""
    run: list = []
    total = 0
    for item, weight in zip(items, weights, strict=True):
        if run and total + weight > limit:
            yield run
            run, total = [], 0
        run.append(item)
        total += weight
    if run:
        yield run
