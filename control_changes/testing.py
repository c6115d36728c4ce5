"""Helpers for tests of code that writes a store: compare whole stores, row by row.

Public so that projects building on the store can check "nothing changed" the same way.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from control_changes.store import holder_ids

STORE_TABLES = ("articles", "shingle_holders", "mentions", "day_summaries", "events",
                "unresolved", "reviews")
# Columns that legitimately differ between two identical ingests.
_VOLATILE = {"ingested_at"}


def _ids_as_set(holders: bytes | None) -> bytes | None:
    """A shingle's holders (8-byte ids) in a fixed order: they are kept in arrival order,
    which depends on how articles were split into batches."""
    if holders is None:
        return None
    return b"".join(sorted(holder_ids(holders)))


# Columns whose stored order is not part of their meaning, with what puts them in one order.
_UNORDERED = {("shingle_holders", "holders"): _ids_as_set}


def store_checksums(path: Path) -> dict[str, str]:
    """A digest of every row of every store table (order-independent; ingest time left out)."""
    conn = sqlite3.connect(path)
    try:
        out = {}
        for table in STORE_TABLES:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")
                    if r[1] not in _VOLATILE]
            quoted = ", ".join(f'"{c}"' for c in cols)
            fix = [(i, _UNORDERED[table, c]) for i, c in enumerate(cols)
                   if (table, c) in _UNORDERED]
            rows = []
            for row in conn.execute(f"SELECT {quoted} FROM {table}"):
                row = list(row)
                for i, canonical in fix:
                    row[i] = canonical(row[i])
                rows.append(repr(row))
            rows.sort()
            out[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        return out
    finally:
        conn.close()


def assert_store_unchanged(path: Path, before: dict[str, str]) -> None:
    """Fail naming every table whose rows differ from the ``before`` checksums."""
    after = store_checksums(path)
    changed = [t for t in STORE_TABLES if after.get(t) != before.get(t)]
    assert not changed, f"store {path} changed in: {', '.join(changed)}"


def table_rows(path: Path, query_or_table: str) -> list[tuple]:
    """The rows of a table (given by name) or of a query, sorted, read through a connection
    of their own so the store under test is not touched."""
    sql = query_or_table if " " in query_or_table else f"SELECT * FROM {query_or_table}"
    conn = sqlite3.connect(path)
    try:
        return sorted(conn.execute(sql))
    finally:
        conn.close()


def shingle_holders(path: Path) -> dict[int, set[str]]:
    """Each stored shingle's holders, as article ids; fails where a shingle's count and its
    holders disagree."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT hash, n, holders FROM shingle_holders").fetchall()
    finally:
        conn.close()
    out = {}
    for h, n, ids in rows:
        assert ids is not None and len(ids) == 8 * n, (h, n)
        out[h] = {aid.hex() for aid in holder_ids(ids)}
    return out
