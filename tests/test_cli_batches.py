"""`conflict-map ingest` and `build` over inputs of many batches: each batch reported and
stored in one transaction, oldest first unless asked otherwise, an interruption losing only
the batch in progress, and the same tables as one batch would give."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from test_cli import SEEDS, stored_files

from control_changes.cli import main


def _tables(db: Path) -> dict[str, list]:
    """Every stored row but the ingest times, which differ from run to run."""
    conn = sqlite3.connect(db)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}"))
                for t in ("mentions", "events", "day_summaries", "unresolved")} | {
            "articles": sorted(conn.execute("SELECT article_id, file, outlet, published, "
                                            "published_source, story_id FROM articles"))}
    finally:
        conn.close()


def test_ingest_in_batches_reports_each_and_stores_what_one_batch_would(seeded_db, tmp_path,
                                                                         capsys):
    db = tmp_path / "batched.sqlite"
    assert main(["ingest", str(SEEDS), "--db", str(db), "--batch", "2"]) == 0
    out = capsys.readouterr().out
    assert [line.split(";")[0] for line in out.splitlines() if line.startswith("added")] == [
        "added 2 article(s), 15 mention(s)", "added 2 article(s), 22 mention(s)",
        "added 1 article(s), 7 mention(s)"]
    assert "in all: added 5 article(s) in 3 batches of up to 2; store now has 15 event(s)" in out
    assert _tables(db) == _tables(seeded_db)


def _files_listed(out: str) -> list[str]:
    return [line.split(":")[0].strip() for line in out.splitlines() if line.startswith("  ")]


def test_ingest_in_batches_stores_the_oldest_articles_first_and_undated_ones_last(
        seeded_db, tmp_path, capsys):
    # The seeds' file names do not follow their publication dates (see seeds/manifest.csv).
    db = tmp_path / "by_date.sqlite"
    assert main(["ingest", str(SEEDS), "--db", str(db), "--batch", "2"]) == 0
    out, err = capsys.readouterr()
    assert "read 5 article(s); storing them oldest first, 2 at a time" in err
    assert _files_listed(out) == [
        "003_c761634bf662a4e4.txt",  # 2021-07-07
        "000_16c5b76cd906a502.txt",  # 2021-07-09
        "002_568990b876bf0f1d.txt",  # 2021-07-10
        "004_ba31ab3aebd0285f.txt",  # 2021-08-13
        "001_87ec37961d109826.txt",  # undated
    ]


def test_ingest_with_file_order_stores_batches_as_the_files_come_and_the_same_tables(
        seeded_db, tmp_path, capsys):
    db = tmp_path / "file_order.sqlite"
    assert main(["ingest", str(SEEDS), "--db", str(db), "--batch", "2", "--file-order"]) == 0
    out, err = capsys.readouterr()
    assert "oldest first" not in err
    assert _files_listed(out) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert [line.split(";")[0] for line in out.splitlines() if line.startswith("added")] == [
        "added 2 article(s), 17 mention(s)", "added 2 article(s), 14 mention(s)",
        "added 1 article(s), 13 mention(s)"]
    assert _tables(db) == _tables(seeded_db)


def test_interrupted_ingest_keeps_the_batches_before_and_a_second_run_adds_the_rest(
        seeded_db, tmp_path, capsys, monkeypatch):
    from control_changes.store import Store

    db = tmp_path / "interrupted.sqlite"
    real, calls = Store.ingest, []

    def interrupt_the_second(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "ingest", interrupt_the_second)
    assert main(["ingest", str(SEEDS), "--db", str(db), "--batch", "2"]) == 130
    assert ("interrupted: nothing from the batch in progress was stored; the 1 batch(es) "
            "before it (2 article(s)) were stored; run the same command again to add the rest"
            in capsys.readouterr().err)
    assert len(stored_files(db)) == 2
    monkeypatch.setattr(Store, "ingest", real)
    assert main(["ingest", str(SEEDS), "--db", str(db), "--batch", "2"]) == 0
    assert _tables(db) == _tables(seeded_db)


def test_no_room_for_the_spool_is_a_clear_error_that_stores_nothing(tmp_path, capsys,
                                                                    monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    db = tmp_path / "spool.sqlite"
    assert main(["ingest", str(SEEDS), "--db", str(db), "--batch", "2"]) == 2
    err = capsys.readouterr().err
    assert "cannot keep the articles read in a temporary file in " in err
    assert "no-such-folder" in err and "--file-order" in err
    assert err.strip().endswith("nothing was stored")
    assert stored_files(db) == []
    assert main(["build", "--articles", str(SEEDS), "--out", str(tmp_path / "out")]) == 2
    assert "cannot make a folder for the build's store in " in capsys.readouterr().err
    # Without the spool the same command works.
    assert main(["ingest", str(SEEDS), "--db", str(db), "--batch", "2", "--file-order"]) == 0
    assert len(stored_files(db)) == 5


def test_a_full_disk_under_the_spool_stops_build_with_a_clear_error(tmp_path, capsys,
                                                                    monkeypatch):
    from control_changes import ordering

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ordering.tempfile, "TemporaryFile", full)
    assert main(["build", "--articles", str(SEEDS), "--out", str(tmp_path / "out"),
                 "--batch", "2"]) == 2
    err = capsys.readouterr().err
    assert "(No space left on device)" in err and err.strip().endswith("nothing was written")
    assert not (tmp_path / "out").exists()


def test_batch_must_be_positive(capsys):
    with pytest.raises(SystemExit):
        main(["ingest", str(SEEDS), "--batch", "0"])
    assert "--batch" in capsys.readouterr().err


def test_ingest_in_batches_with_workers_starts_them_once_and_stores_what_one_process_would(
        tmp_path, monkeypatch):
    from concurrent.futures import ProcessPoolExecutor

    from benchmarks.corpus import generate, write_jsonl
    from control_changes import store as store_module

    source = write_jsonl(tmp_path / "a.jsonl", generate(150, seed=8, paragraphs=2))
    started = []

    class CountedPool(ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            started.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(store_module, "ProcessPoolExecutor", CountedPool)
    one, two = tmp_path / "one.sqlite", tmp_path / "two.sqlite"
    assert main(["ingest", str(source), "--db", str(one), "--batch", "60"]) == 0
    assert started == []
    assert main(["ingest", str(source), "--db", str(two), "--batch", "60",
                 "--workers", "2"]) == 0
    assert started == [1]  # one pool for the three batches
    assert _tables(two) == _tables(one)
