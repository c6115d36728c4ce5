"""The store as the pages and the command line hold it: one file in WAL mode, opened from the
environment or the seeds, readable while a writer holds the lock."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from control_changes.store import DB_ENV, Store, default_db_path, ingest_paths, open_store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def test_store_uses_wal_and_passes_integrity_check(seeded):
    with Store(seeded) as store:
        assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.integrity_ok()
        assert store.count("articles") == 5


def test_reader_sees_the_last_committed_state_while_a_writer_holds_the_lock(seeded):
    writer = sqlite3.connect(seeded, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM events")
    try:
        with Store(seeded) as reader:
            assert reader.count("events") > 0
            assert len(reader.events()) == reader.count_events()
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_ingest_from_folder_reports_problems_and_stores_the_rest(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Taliban fighters captured Kunduz on Sunday.")
    (folder / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    with Store(tmp_path / "s.sqlite") as store:
        report = ingest_paths(store, [folder])
        assert report.added == ["good.txt"]
        assert [p.file for p in report.problems] == ["bad.txt"]
        assert store.count("articles") == 1


def test_open_store_builds_an_empty_store_from_the_seeds_once(tmp_path, monkeypatch):
    monkeypatch.setenv(DB_ENV, str(tmp_path / "env.sqlite"))
    assert default_db_path() == tmp_path / "env.sqlite"
    with open_store() as store:
        assert store.path == tmp_path / "env.sqlite" and store.count("articles") == 5
    with open_store(seeds=tmp_path / "nowhere") as store:
        assert store.count("articles") == 5
    with open_store(tmp_path / "bare.sqlite", seeds=None) as store:
        assert store.count("articles") == 0


def test_events_are_read_with_flags_as_booleans_and_no_missing_text(seeded):
    with Store(seeded) as store:
        events = store.events()
    assert len(events) > 5 and events["date_inferred"].dtype == bool
    assert not events.select_dtypes(["object", "str"]).isna().any().any()
    assert list(events["event_date"]) == sorted(events["event_date"])
