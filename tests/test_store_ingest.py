"""The ingest transaction (control_changes/store/ingest.py): each article once, all or
nothing, a race with another writer, parallel extraction, the garbage collector restored."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from control_changes.articles import Article
from control_changes.store import Store, ingest_paths
from control_changes.store import ingest as ingest_module
from control_changes.testing import assert_store_unchanged, store_checksums

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_same_article_twice_in_one_batch_is_stored_once(tmp_path):
    a = Article(text="Taliban fighters captured Kunduz on Sunday.", file="a.txt")
    b = Article(text="  taliban FIGHTERS captured   Kunduz on Sunday.\n", file="b.txt")
    with Store(tmp_path / "s.sqlite") as store:
        report = store.ingest([a, b])
        assert report.added == ["a.txt"]
        assert report.already_stored == ["b.txt (same text as a.txt)"]
        assert store.count("articles") == 1


def test_ingesting_the_same_folder_again_changes_nothing(seeded):
    before = store_checksums(seeded)
    with Store(seeded) as store:
        report = ingest_paths(store, [SEEDS])
    assert report.added == [] and len(report.already_stored) == 5
    assert_store_unchanged(seeded, before)


def test_failure_inside_the_write_leaves_the_store_unchanged(seeded, monkeypatch, synthetic):
    before = store_checksums(seeded)

    def boom(*args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(ingest_module, "rebuild_events", boom)
    with Store(seeded) as store:
        with pytest.raises(RuntimeError, match="disk on fire"):
            store.ingest(synthetic(20))
        assert not store._conn.in_transaction
    assert_store_unchanged(seeded, before)


def test_interrupt_inside_the_write_rolls_the_batch_back(seeded, monkeypatch, synthetic):
    before = store_checksums(seeded)

    def interrupt(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(ingest_module, "link_stories", interrupt)
    with Store(seeded) as store:
        with pytest.raises(KeyboardInterrupt):
            store.ingest(synthetic(10))
    assert_store_unchanged(seeded, before)


def test_article_stored_by_another_process_after_the_check_is_skipped_not_an_error(
        tmp_path, monkeypatch, synthetic):
    path = tmp_path / "race.sqlite"
    batch = synthetic(12)
    first, second = Store(path), Store(path)
    real = ingest_module.existing_ids
    calls = []

    def racing(conn, ids):
        # The other writer commits half the batch right after this one has looked.
        found = real(conn, ids)
        if conn is second._conn and not calls:
            calls.append(1)
            first.ingest(batch[:6])
        return found

    monkeypatch.setattr(ingest_module, "existing_ids", racing)
    report = second.ingest(batch)
    assert sorted(report.added) == sorted(a.file for a in batch[6:])
    assert sorted(report.already_stored) == sorted(a.file for a in batch[:6])
    assert second.count("articles") == 12
    assert second.integrity_ok()
    first.close()
    second.close()


def test_parallel_workers_store_the_same_rows_as_one_worker(tmp_path, synthetic):
    batch = synthetic(100, seed=11)
    one, two = tmp_path / "one.sqlite", tmp_path / "two.sqlite"
    with Store(one) as store:
        r1 = store.ingest(batch, workers=1)
    seen = []
    with Store(two) as store:
        r2 = store.ingest(batch, workers=2, progress=lambda done, total: seen.append(done))
    assert r1.n_mentions == r2.n_mentions > 50
    assert sorted(r1.added) == sorted(r2.added) and len(r1.added) == 100
    assert store_checksums(one) == store_checksums(two)
    assert seen[-1] == 100


def test_ingest_restores_the_garbage_collector_settings_even_when_it_fails(
        tmp_path, monkeypatch, synthetic):
    before = gc.get_threshold()
    with Store(tmp_path / "gc.sqlite") as store:
        store.ingest(synthetic(3))
        assert gc.get_threshold() == before

        def broken(*_args, **_kwargs):
            assert gc.get_threshold()[0] >= ingest_module.INGEST_GC_THRESHOLD
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(ingest_module, "write_batch", broken)
        with pytest.raises(RuntimeError):
            store.ingest(synthetic(3, seed=9))
    assert gc.get_threshold() == before


def test_report_lists_at_most_eight_changes_an_article_and_how_many_more():
    report = ingest_module.IngestReport(added=["a.txt"], n_mentions=10, n_events=4,
                                        found={"a.txt": [f"change {i}" for i in range(10)]})
    lines = report.lines()
    assert lines[0] == "added 1 article(s), 10 mention(s); store now has 4 event(s)"
    assert lines[1].endswith("change 7; and 2 more") and "change 8" not in lines[1]
