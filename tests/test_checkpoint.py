"""Checkpoints of the write-ahead log run in a thread of their own, not inside the commit."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from control_changes.articles import Article
from control_changes.checkpoint import BackgroundCheckpoint
from control_changes.store import Store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.corpus import as_articles, generate  # noqa: E402


def _articles(n: int, seed: int) -> list[Article]:
    return as_articles(generate(n, seed=seed, paragraphs=3))


def _wal_bytes(path: Path) -> int:
    wal = path.with_name(path.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def test_ingest_turns_the_commits_own_checkpoints_off_and_asks_the_thread(tmp_path):
    path = tmp_path / "store.sqlite"
    with Store(path) as store:
        store.ingest(_articles(20, seed=1))
        assert store._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
        assert store._checkpointer.wait(timeout=30)
        assert store._checkpointer.done >= 1
        assert store._checkpointer.last_error is None


def test_a_batch_that_stores_nothing_asks_for_no_checkpoint(tmp_path):
    """Regression: a batch of articles already stored still woke the checkpoint thread."""
    path = tmp_path / "store.sqlite"
    batch = _articles(10, seed=3)
    with Store(path) as store:
        store.ingest(batch)
        assert store._checkpointer.wait(timeout=30)
        done = store._checkpointer.done
        report = store.ingest(batch)
        assert store._checkpointer.wait(timeout=30)
        assert len(report.already_stored) == 10 and store._checkpointer.done == done


def test_the_log_is_reused_instead_of_growing_batch_after_batch(tmp_path):
    """The commits' own checkpoints are off, so without the thread every batch would append
    its pages to the log. Once they are copied into the store file, the next batch writes the
    log from its start again: smaller batches after a large one leave the file as it was."""
    path = tmp_path / "store.sqlite"
    with Store(path) as store:
        sizes = []
        for seed, n in enumerate((80, 15, 15, 15)):
            store.ingest(_articles(n, seed=10 + seed))
            assert store._checkpointer.wait(timeout=30)
            sizes.append(_wal_bytes(path))
        assert store._checkpointer.last_error is None
        assert sizes[1:] == [sizes[0]] * 3, sizes
        assert store.integrity_ok()


def test_everything_committed_is_in_the_store_file_once_the_checkpoint_ran(tmp_path):
    path = tmp_path / "store.sqlite"
    with Store(path) as store:
        store.ingest(_articles(30, seed=2))
        assert store._checkpointer.wait(timeout=30)
        stored = store.count("articles")
        # A reader that ignores the log (immutable=1 reads the file alone) sees every article.
        uri = f"file:{path}?immutable=1"
        conn = sqlite3.connect(uri, uri=True)
        try:
            assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == stored == 30
        finally:
            conn.close()


def test_closing_stops_the_thread_after_the_checkpoint_it_was_asked_for(tmp_path):
    path = tmp_path / "store.sqlite"
    Store(path).close()  # a store file in WAL mode
    checkpoint = BackgroundCheckpoint(path)
    checkpoint.ask()
    checkpoint.close()
    assert not checkpoint._thread.is_alive()
    assert checkpoint.done == 1
    assert checkpoint.wait(timeout=0)


def test_a_failing_checkpoint_is_recorded_and_the_thread_keeps_serving(tmp_path):
    path = tmp_path / "not-a-database.sqlite"
    path.write_bytes(b"this is not SQLite" * 100)
    checkpoint = BackgroundCheckpoint(path)
    try:
        checkpoint.ask()
        assert checkpoint.wait(timeout=30)
        assert checkpoint.last_error
        checkpoint.ask()
        assert checkpoint.wait(timeout=30)
        assert checkpoint._thread.is_alive()
    finally:
        checkpoint.close()
