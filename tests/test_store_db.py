"""The SQLite plumbing the store's modules share (control_changes/store/db.py)."""

from __future__ import annotations

import re
import sqlite3

import pytest

from control_changes.store import Store
from control_changes.store.db import IN_SIZES, immediate, in_list, retry, runs


class _RecordingConnection:
    """A connection that keeps the text of every statement run through it."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn, self.statements = conn, []

    def execute(self, sql, *args):
        self.statements.append(sql)
        return self._conn.execute(sql, *args)

    def executemany(self, sql, *args):
        self.statements.append(sql)
        return self._conn.executemany(sql, *args)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def test_in_lists_take_few_lengths_so_the_statement_cache_stays_small(tmp_path, synthetic):
    """Regression: each length of an IN list is another cached prepared statement, and
    SQLite's memory grew with every batch until the cache was full."""
    batch = synthetic(120, seed=5)
    with Store(tmp_path / "s.sqlite") as store:
        recorder = store._conn = _RecordingConnection(store._conn)
        for lo, hi in ((0, 7), (7, 30), (30, 83), (83, 120)):
            store.ingest(batch[lo:hi])
    lengths = {len(m) // 2 + 1 for sql in recorder.statements
               for m in re.findall(r"IN \((\?(?:,\?)*)\)", sql)}
    assert len(lengths) > 1 and lengths <= set(IN_SIZES)
    assert in_list(["a", "b"]) == ("?,?,?,?", ["a", "b", "b", "b"])
    assert in_list([]) == ("", [])


def test_runs_add_up_to_about_the_limit_and_a_heavy_item_runs_alone():
    assert list(runs("abcde", [2, 2, 9, 1, 1], 4)) == [["a", "b"], ["c"], ["d", "e"]]
    assert list(runs([], [], 4)) == []


def test_immediate_rolls_back_when_the_block_raises(tmp_path):
    conn = sqlite3.connect(tmp_path / "t.sqlite", isolation_level=None)
    conn.execute("CREATE TABLE t (x)")
    with pytest.raises(RuntimeError), immediate(conn):
        conn.execute("INSERT INTO t VALUES (1)")
        raise RuntimeError("halfway")
    assert not conn.in_transaction and conn.execute("SELECT COUNT(*) FROM t").fetchone() == (0,)
    conn.close()


def test_retry_waits_out_a_busy_store_and_gives_up_on_other_errors():
    tries = []

    def busy_twice():
        tries.append(1)
        if len(tries) < 3:
            raise sqlite3.OperationalError("database is locked")
        return "done"

    assert retry(busy_twice) == "done" and len(tries) == 3
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        retry(lambda: (tries.append(1), sqlite3.connect(":memory:").execute("SELECT * FROM x")))
