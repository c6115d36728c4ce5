"""Helpers for tests of code that writes a store: compare whole stores, row by row.

Public so that projects building on the store can check "nothing changed" the same way.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from control_changes.store import holder_ids

STORE_TABLES = ("articles", "shingle_holders", "mentions", "day_summaries", "events",
                "unresolved")
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
