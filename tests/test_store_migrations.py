"""Stores made by older versions are brought up to date on open
(control_changes/store/migrations.py): one test per step."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from control_changes.articles import Article
from control_changes.readers import ManifestRow, read_bytes
from control_changes.store import Store, ingest_paths
from control_changes.syndication import FINGERPRINT_VERSION, fingerprint
from control_changes.testing import shingle_holders, table_rows

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _alter(path: Path, *statements: str) -> None:
    """Make the store at ``path`` look as an older version left it."""
    conn = sqlite3.connect(path)
    try:
        for sql in statements:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


def test_store_made_before_report_spans_gets_them_on_open(seeded):
    expected = table_rows(seeded, "events")
    _alter(seeded, "DROP INDEX events_key", "ALTER TABLE events DROP COLUMN reports_to",
           "ALTER TABLE events DROP COLUMN reports_from")
    with Store(seeded) as store:
        assert set(store.events()["reports_from"]) >= {"2021-07-07", "2021-08-12"}
    assert table_rows(seeded, "events") == expected


def test_store_made_before_outlet_sources_keeps_its_outlets(tmp_path):
    """Where an older store's outlets came from is not known, so none is replaced."""
    path = tmp_path / "old.sqlite"
    text = "Source: theguardian\nTaliban fighters captured Kunduz on Sunday, officials said."
    with Store(path) as store:
        store.ingest(read_bytes(text.encode(), "a.txt").articles)
    _alter(path, "ALTER TABLE articles DROP COLUMN outlet_source")
    with Store(path) as store:
        assert store.articles()["outlet_source"].tolist() == [""]
        report = store.ingest(read_bytes(
            text.encode(), "b.txt", ManifestRow(None, "The Guardian", "", "")).articles)
        assert report.completed == []
        assert [str(p) for p in report.problems] == [
            "warning: b.txt: already stored with outlet 'theguardian' (from an older version "
            "of the store); this input's 'The Guardian' was not used"]
        assert store.articles()["outlet"].tolist() == ["theguardian"]


def test_store_made_before_day_summaries_gets_them_on_open(tmp_path, seeded, synthetic):
    expected = table_rows(seeded, "day_summaries"), table_rows(seeded, "events")
    _alter(seeded, "DROP TABLE day_summaries")
    with Store(seeded) as store:
        assert store.count("events") == len(expected[1])
    assert (table_rows(seeded, "day_summaries"), table_rows(seeded, "events")) == expected
    # Later batches join the rebuilt summaries as they would have joined the old ones.
    with Store(seeded) as store:
        store.ingest(synthetic(20))
    fresh = tmp_path / "fresh.sqlite"
    with Store(fresh) as store:
        ingest_paths(store, [SEEDS])
        store.ingest(synthetic(20))
    assert table_rows(seeded, "events") == table_rows(fresh, "events")


@pytest.mark.parametrize("layout", ["rowid pairs", "clustered pairs with counts"])
def test_store_with_a_row_per_shingle_and_article_gets_shingle_holders_and_finds_copies(
        seeded, layout, copy_joins_story):
    expected = shingle_holders(seeded)
    # As the two older layouts held the same fingerprints: a row per (shingle, article).
    conn = sqlite3.connect(seeded)
    if layout == "rowid pairs":
        conn.executescript(
            "CREATE TABLE shingles (hash INTEGER NOT NULL, article_id TEXT NOT NULL);"
            "CREATE INDEX shingles_hash_article ON shingles(hash, article_id);")
    else:
        conn.executescript(
            "CREATE TABLE shingles (hash INTEGER NOT NULL, article_id TEXT NOT NULL, "
            "PRIMARY KEY (hash, article_id)) WITHOUT ROWID;"
            "CREATE TABLE shingle_counts (hash INTEGER PRIMARY KEY, n INTEGER NOT NULL);")
    conn.executemany("INSERT INTO shingles VALUES (?, ?)",
                     [(h, aid) for h, ids in expected.items() for aid in ids])
    if layout != "rowid pairs":
        conn.execute("INSERT INTO shingle_counts SELECT hash, COUNT(*) FROM shingles "
                     "GROUP BY hash")
    conn.execute("DELETE FROM shingle_holders")
    conn.commit()
    conn.close()
    with Store(seeded) as store:
        assert store.integrity_ok()
        assert shingle_holders(seeded) == expected
        assert copy_joins_story(store)
    left = table_rows(seeded, "SELECT name FROM sqlite_master WHERE name LIKE 'shingle%'")
    assert left == [("shingle_holders",)]


def test_store_made_before_the_fingerprint_index_gets_it_on_open_and_finds_copies(
        seeded, copy_joins_story):
    # Copy-finding reads sizes and stories through this index by name (INDEXED BY), so a
    # store without it would fail on its first ingest rather than only run slower.
    _alter(seeded, "DROP INDEX articles_fingerprint")
    with Store(seeded) as store:
        assert store.integrity_ok()
        assert copy_joins_story(store)
    cols = table_rows(seeded, "SELECT seqno, name FROM pragma_index_info('articles_fingerprint')")
    assert [name for _, name in cols] == ["article_id", "n_shingles", "story_id"]


def test_store_with_older_fingerprints_recomputes_them_on_open(seeded, copy_joins_story):
    with Store(seeded) as store:
        stories_before = store.articles().set_index("file")["story_id"].to_dict()
    # As a store of the older scheme holds them: other hash values, version 0.
    _alter(seeded, "UPDATE shingle_holders SET hash = -hash - 1", "PRAGMA user_version = 0")
    with Store(seeded) as store:
        texts = store.articles().set_index("article_id")["text"]
        holders = shingle_holders(seeded)
        for aid, text in texts.items():
            assert {h for h, ids in holders.items() if aid in ids} == fingerprint(text)
        assert store.articles().set_index("file")["story_id"].to_dict() == stories_before
        assert copy_joins_story(store)
    assert table_rows(seeded, "PRAGMA user_version") == [(FINGERPRINT_VERSION,)]


def test_store_holding_a_renamed_place_id_takes_the_new_id_on_open(tmp_path):
    path = tmp_path / "old.sqlite"
    text = "The Taliban captured Ghormach district in Faryab province on Thursday."
    with Store(path) as store:
        store.ingest([Article(text=text, file="g.txt", published=date(2021, 7, 2),
                              published_source="manifest")])
    # As a store made before Ghormach moved to Faryab would hold it.
    _alter(path, "UPDATE mentions SET place_id = 'district:badghis:ghormach'",
           "UPDATE events SET place_id = 'district:badghis:ghormach', province = 'Badghis'")
    with Store(path) as store:
        events = store.events()
        assert list(zip(events["place_id"], events["province"], strict=True)) == [
            ("district:faryab:ghormach", "Faryab")]
        assert set(store.mentions()["place_id"]) == {"district:faryab:ghormach"}


def test_a_store_of_the_present_layout_is_opened_without_a_write(seeded):
    """Opening a current store changes nothing, so the dashboard can open it while an
    ingest holds the write lock."""
    writer = sqlite3.connect(seeded, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        with Store(seeded) as store:
            assert store.count("articles") == 5
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_store_made_before_reviews_gets_the_table_and_keeps_its_events(seeded):
    expected = table_rows(seeded, "events")
    _alter(seeded, "DROP TABLE reviews")
    with Store(seeded) as store:
        assert store.reviews().empty
        n_events = len(store.events())
    assert table_rows(seeded, "events") == expected
    with Store(seeded) as store:  # a second open finds the table there
        assert len(store.events()) == n_events
