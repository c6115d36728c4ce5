"""The SQLite store: each article once, all-or-nothing batches, WAL reads, parallel ingest."""

from __future__ import annotations

import random
import re
import sqlite3
import sys
from datetime import date
from pathlib import Path

import pytest

from control_changes.articles import Article
from control_changes.readers import ManifestRow, read_bytes, read_paths
from control_changes.schema import EVENT_COLUMNS
from control_changes.store import Store, holder_ids, ingest_paths
from control_changes.testing import assert_store_unchanged, store_checksums

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.corpus import _syndicated_copy, as_articles, generate  # noqa: E402

SEEDS = ROOT / "seeds"




def articles(n: int, seed: int = 3) -> list[Article]:
    return as_articles(generate(n, seed=seed, paragraphs=3))


@pytest.fixture
def seeded(tmp_path) -> Path:
    path = tmp_path / "store.sqlite"
    with Store(path) as store:
        ingest_paths(store, [SEEDS])
    return path


def test_store_uses_wal_and_passes_integrity_check(seeded):
    with Store(seeded) as store:
        assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.integrity_ok()
        assert store.count("articles") == 5


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


def test_failure_inside_the_write_leaves_the_store_unchanged(seeded, monkeypatch):
    before = store_checksums(seeded)

    def boom(self, *args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "_rebuild_events", boom)
    with Store(seeded) as store:
        with pytest.raises(RuntimeError, match="disk on fire"):
            store.ingest(articles(20))
        assert not store._conn.in_transaction
    assert_store_unchanged(seeded, before)


def test_interrupt_inside_the_write_rolls_the_batch_back(seeded, monkeypatch):
    before = store_checksums(seeded)

    def interrupt(self, *args):
        raise KeyboardInterrupt

    monkeypatch.setattr(Store, "_link_stories", interrupt)
    with Store(seeded) as store:
        with pytest.raises(KeyboardInterrupt):
            store.ingest(articles(10))
    assert_store_unchanged(seeded, before)


def test_article_stored_by_another_process_after_the_check_is_skipped_not_an_error(
        tmp_path, monkeypatch):
    path = tmp_path / "race.sqlite"
    batch = articles(12)
    first, second = Store(path), Store(path)
    real = Store._existing_ids
    calls = []

    def racing(self, ids):
        # The other writer commits half the batch right after this one has looked.
        found = real(self, ids)
        if self is second and not calls:
            calls.append(1)
            first.ingest(batch[:6])
        return found

    monkeypatch.setattr(Store, "_existing_ids", racing)
    report = second.ingest(batch)
    assert sorted(report.added) == sorted(a.file for a in batch[6:])
    assert sorted(report.already_stored) == sorted(a.file for a in batch[:6])
    assert second.count("articles") == 12
    assert second.integrity_ok()
    first.close()
    second.close()


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


def test_parallel_workers_store_the_same_rows_as_one_worker(tmp_path):
    batch = articles(100, seed=11)
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


def test_syndicated_copy_without_date_takes_the_date_of_its_story(tmp_path):
    original = generate(1, seed=5, paragraphs=6)[0]
    copy = dict(_syndicated_copy(random.Random(1), original, 99), published="")
    with Store(tmp_path / "s.sqlite") as store:
        store.ingest([Article(text=original["text"], file="orig.txt",
                              published=date.fromisoformat(original["published"]),
                              published_source="manifest")])
        report = store.ingest([Article(text=copy["text"], file="copy.txt")])
        assert report.inferred_dates == ["copy.txt"]
        arts = store.articles(with_text=False).set_index("file")
        assert arts.loc["copy.txt", "published"] == original["published"]
        assert arts.loc["copy.txt", "published_source"] == "inferred"
        assert arts.loc["copy.txt", "story_id"] == arts.loc["orig.txt", "story_id"]


def test_manifest_given_later_completes_articles_stored_without_it(tmp_path, seeded):
    """Regression: articles first ingested without their manifest (or with a broken one) kept
    no date for good, since ingesting them again with it only said "already stored"."""
    path = tmp_path / "later.sqlite"
    with Store(path) as store:
        bare = read_paths(sorted(SEEDS.glob("*.txt")))
        assert sum(a.published is None for a in bare.articles) == 4
        store.ingest(bare.articles)
        report = ingest_paths(store, [SEEDS])
        assert report.added == [] and len(report.already_stored) == 5
        assert len(report.completed) == 4  # the manifest knows nothing more of 001_
        assert "already stored, now with its publication date 2021-07-09, outlet 'The " \
               "Jerusalem Post (Reuters copy)': 000_16c5b76cd906a502.txt" in report.lines()
        # 001_ has no date of its own; it takes the one of its syndicated copy, as at first.
        assert report.inferred_dates == ["001_87ec37961d109826.txt"]
        # 002_ had the manifest's date already, read from its text: only the outlet is new.
        assert "already stored, now with its outlet 'Taipei Times (AP and Reuters copy)': " \
               "002_568990b876bf0f1d.txt" in report.lines()
        # The Guardian's text names its outlet ("Source: theguardian"); the manifest's wins.
        assert "already stored, now with its publication date 2021-07-07, outlet 'The " \
               "Guardian' in place of 'theguardian' read from the text: " \
               "003_c761634bf662a4e4.txt" in report.lines()
        again = ingest_paths(store, [SEEDS])
        assert again.completed == [] and again.problems == []
    # As if the manifest had come with the first ingest, outlets read from the text
    # ("theguardian") included.
    assert _table(path, "mentions") == _table(seeded, "mentions")
    query = ("SELECT file, outlet, outlet_source, published, published_source FROM articles "
             "ORDER BY file")
    assert _select(path, query) == _select(seeded, query)
    query = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events ORDER BY event_id"
    assert _select(path, query) == _select(seeded, query)


def test_a_stored_date_is_not_replaced_by_a_later_input(tmp_path):
    text = "Taliban fighters captured Kunduz on Sunday, officials said."
    with Store(tmp_path / "s.sqlite") as store:
        store.ingest([Article(text=text, file="a.txt", outlet="AP", published=date(2021, 8, 9),
                              published_source="manifest")])
        before = store_checksums(tmp_path / "s.sqlite")
        report = store.ingest([Article(text=text, file="b.txt", outlet="AFP", title="Kunduz",
                                       published=date(2021, 8, 10),
                                       published_source="manifest")])
        assert report.completed == ["title 'Kunduz': b.txt"]
        assert [str(p) for p in report.problems] == [
            "warning: b.txt: already stored with publication date 2021-08-09 (from manifest); "
            "this input's 2021-08-10 was not used",
            "warning: b.txt: already stored with outlet 'AP' (from given); this input's 'AFP' "
            "was not used"]
        arts = store.articles(with_text=False)
        assert (arts.published[0], arts.outlet[0], arts.title[0]) == ("2021-08-09", "AP",
                                                                       "Kunduz")
        for table in ("mentions", "events", "day_summaries"):
            assert store_checksums(tmp_path / "s.sqlite")[table] == before[table]


def test_read_paths_of_the_seeds_gives_five_articles():
    assert len(read_paths([SEEDS]).articles) == 5


def test_ingesting_in_reversed_batches_gives_the_same_tables_as_one_batch(tmp_path):
    # Reversed, undated copies arrive before their dated originals, so older articles get
    # re-dated and re-linked: the incremental event rebuild must match a one-shot ingest.
    batch = [Article(text=a["text"], file=a["file"],
                     published=date.fromisoformat(a["published"]) if a["published"] else None,
                     published_source="manifest" if a["published"] else "none")
             for a in generate(150, seed=4, paragraphs=4, syndicated=0.3)]
    one, many = tmp_path / "one.sqlite", tmp_path / "many.sqlite"
    with Store(one) as store:
        store.ingest(batch)
    with Store(many) as store:
        reversed_batch = batch[::-1]
        inferred = []
        for i in range(0, len(reversed_batch), 30):
            inferred += store.ingest(reversed_batch[i:i + 30]).inferred_dates
        assert store.count("events") > 100
    assert inferred
    assert store_checksums(one) == store_checksums(many)


def _table(path: Path, table: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return sorted(conn.execute(f"SELECT * FROM {table}"))
    finally:
        conn.close()


def _select(path: Path, query: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return sorted(conn.execute(query))
    finally:
        conn.close()


def _events_table(path: Path) -> list[tuple]:
    return _table(path, "events")


@pytest.mark.parametrize("chunk", [50_000, 40])
def test_incremental_event_rebuild_equals_merging_everything_again(tmp_path, monkeypatch, chunk):
    from control_changes import store as store_module
    from control_changes.articles import Article, clean_article

    # With small pieces the touched days and clusters are merged a few at a time.
    monkeypatch.setattr(store_module, "REBUILD_ROWS", chunk)
    monkeypatch.setattr(store_module, "REBUILD_BYTES", chunk * 100)

    rows = generate(240, seed=7)
    articles = [clean_article(Article(text=r["text"], file=r["file"], outlet=r["outlet"],
                                      published=date.fromisoformat(r["published"])
                                      if r["published"] else None,
                                      published_source="manifest" if r["published"] else "none"))
                for r in rows]
    path = tmp_path / "inc.sqlite"
    with Store(path) as store:
        for i in range(0, len(articles), 60):
            store.ingest(articles[i:i + 60])
        incremental = _events_table(path), _table(path, "day_summaries")
        store._conn.execute("BEGIN IMMEDIATE")
        store.rebuild_all_events()
        store._conn.execute("COMMIT")
    assert incremental[0] and (_events_table(path), _table(path, "day_summaries")) == incremental


def test_an_ingest_holds_about_rebuild_bytes_of_day_summaries_at_a_time(tmp_path, monkeypatch):
    """Runs are weighed by the stored summaries' size, not by how many days they hold: an
    undated day holds every undated report of its place and grows with the corpus."""
    from control_changes import store as store_module
    from control_changes.merge import dump_summary

    limit = 3_000
    monkeypatch.setattr(store_module, "REBUILD_BYTES", limit)
    loads: list[tuple[int, int]] = []  # (places, JSON bytes) of each read of stored summaries
    load_days = Store._load_days

    def spy(self, keys):
        days = load_days(self, keys)
        loads.append((len({key[:3] for key in days}),
                      sum(len(dump_summary(s)) for s in days.values())))
        return days

    monkeypatch.setattr(Store, "_load_days", spy)
    batch = articles(200)
    with Store(tmp_path / "s.sqlite") as store:
        for i in range(0, len(batch), 50):
            store.ingest(batch[i:i + 50])
    # A place heavier than the limit is read alone; anything read together stays within it.
    shared = [size for places, size in loads if places > 1]
    assert shared and max(shared) <= limit
    assert sum(size for _, size in loads) > 10 * limit


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


def test_in_lists_take_few_lengths_so_the_statement_cache_stays_small(tmp_path):
    """Regression: each length of an IN list is another cached prepared statement, and
    SQLite's memory grew with every batch until the cache was full."""
    from control_changes.store import _IN_SIZES, _in_list

    batch = articles(120, seed=5)
    with Store(tmp_path / "s.sqlite") as store:
        recorder = store._conn = _RecordingConnection(store._conn)
        for lo, hi in ((0, 7), (7, 30), (30, 83), (83, 120)):
            store.ingest(batch[lo:hi])
    lengths = {len(m) // 2 + 1 for sql in recorder.statements
               for m in re.findall(r"IN \((\?(?:,\?)*)\)", sql)}
    assert len(lengths) > 1 and lengths <= set(_IN_SIZES)
    assert _in_list(["a", "b"]) == ("?,?,?,?", ["a", "b", "b", "b"])
    assert _in_list([]) == ("", [])


def test_store_made_before_report_spans_gets_them_on_open(tmp_path):
    path = tmp_path / "old.sqlite"
    with Store(path) as store:
        ingest_paths(store, [SEEDS])
    expected = _events_table(path)
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX events_key")
    conn.execute("ALTER TABLE events DROP COLUMN reports_to")
    conn.execute("ALTER TABLE events DROP COLUMN reports_from")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert set(store.events()["reports_from"]) >= {"2021-07-07", "2021-08-12"}
    assert _events_table(path) == expected


def test_store_made_before_outlet_sources_keeps_its_outlets(tmp_path):
    """Where an older store's outlets came from is not known, so none is replaced."""
    path = tmp_path / "old.sqlite"
    text = "Source: theguardian\nTaliban fighters captured Kunduz on Sunday, officials said."
    with Store(path) as store:
        store.ingest(read_bytes(text.encode(), "a.txt").articles)
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE articles DROP COLUMN outlet_source")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.articles()["outlet_source"].tolist() == [""]
        report = store.ingest(read_bytes(
            text.encode(), "b.txt", ManifestRow(None, "The Guardian", "", "")).articles)
        assert report.completed == []
        assert [str(p) for p in report.problems] == [
            "warning: b.txt: already stored with outlet 'theguardian' (from an older version "
            "of the store); this input's 'The Guardian' was not used"]
        assert store.articles()["outlet"].tolist() == ["theguardian"]


def test_store_made_before_day_summaries_gets_them_on_open(tmp_path):
    path = tmp_path / "old.sqlite"
    with Store(path) as store:
        ingest_paths(store, [SEEDS])
    expected = _table(path, "day_summaries"), _events_table(path)
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE day_summaries")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.count("events") == len(expected[1])
    assert (_table(path, "day_summaries"), _events_table(path)) == expected
    # Later batches join the rebuilt summaries as they would have joined the old ones.
    with Store(path) as store:
        store.ingest(articles(20))
    fresh = tmp_path / "fresh.sqlite"
    with Store(fresh) as store:
        ingest_paths(store, [SEEDS])
        store.ingest(articles(20))
    assert _events_table(path) == _events_table(fresh)


def _holders(path: Path) -> dict[int, set[str]]:
    """Each stored shingle's holders, as article ids."""
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT hash, n, holders FROM shingle_holders").fetchall()
    conn.close()
    out = {}
    for h, n, ids in rows:
        assert ids is not None and len(ids) == 8 * n
        out[h] = {aid.hex() for aid in holder_ids(ids)}
    return out


def _copy_of_a_seed_joins_its_story(store: Store) -> bool:
    original = next(a for a in read_paths([SEEDS]).articles if a.file.startswith("000"))
    store.ingest([Article(text=original.text.replace("told Reuters", "said"), file="copy.txt")])
    stories = store.articles().set_index("file")["story_id"]
    return stories["copy.txt"] == stories[original.file]


def test_shingle_holders_list_exactly_the_articles_whose_fingerprint_holds_the_shingle(seeded):
    from control_changes.syndication import fingerprint

    batch = articles(60)
    with Store(seeded) as store:
        # In several batches, so holders are appended to stored ones (bytes of every value,
        # NUL and invalid UTF-8 among them, joined by SQL).
        for i in range(0, 60, 15):
            store.ingest(batch[i:i + 15])
        texts = store.articles().set_index("article_id")["text"]
    expected: dict[int, set[str]] = {}
    for aid, text in texts.items():
        for h in fingerprint(text):
            expected.setdefault(h, set()).add(aid)
    assert _holders(seeded) == expected


def test_holder_ids_with_nul_and_non_utf8_bytes_survive_being_appended(tmp_path):
    ids = ["00ff00ff00ff00ff", "ff00000000000000", "c3280000e2820000"]
    with Store(tmp_path / "s.sqlite") as store:
        for aid in ids:  # one call each, so the second and third append to the stored bytes
            store._add_holders([(7, aid)])
    assert _holders(tmp_path / "s.sqlite") == {7: set(ids)}


def test_shingle_held_by_more_than_the_common_limit_keeps_its_count_and_drops_its_holders(
        tmp_path):
    from control_changes.syndication import COMMON_SHINGLE_ARTICLES

    stock = "The claim could not be independently verified by reporters on the ground today. "
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        for i in range(COMMON_SHINGLE_ARTICLES + 5):
            store.ingest([Article(text=f"{stock} Item {i} of a list of unrelated notes.",
                                  file=f"{i}.txt")])
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT n, holders FROM shingle_holders ORDER BY n DESC").fetchall()
    conn.close()
    assert rows[0] == (COMMON_SHINGLE_ARTICLES + 5, None)


@pytest.mark.parametrize("layout", ["rowid pairs", "clustered pairs with counts"])
def test_store_with_a_row_per_shingle_and_article_gets_shingle_holders_and_finds_copies(
        tmp_path, layout):
    path = tmp_path / "old.sqlite"
    with Store(path) as store:
        ingest_paths(store, [SEEDS])
    expected = _holders(path)
    # As the two older layouts held the same fingerprints: a row per (shingle, article).
    conn = sqlite3.connect(path)
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
    with Store(path) as store:
        assert store.integrity_ok()
        assert _holders(path) == expected
        assert _copy_of_a_seed_joins_its_story(store)
    conn = sqlite3.connect(path)
    left = conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'shingle%' "
                        "ORDER BY name").fetchall()
    conn.close()
    assert left == [("shingle_holders",)]


def test_store_made_before_the_fingerprint_index_gets_it_on_open_and_finds_copies(seeded):
    # Copy-finding reads sizes and stories through this index by name (INDEXED BY), so a
    # store without it would fail on its first ingest rather than only run slower.
    conn = sqlite3.connect(seeded)
    conn.execute("DROP INDEX articles_fingerprint")
    conn.commit()
    conn.close()
    with Store(seeded) as store:
        assert store.integrity_ok()
        assert _copy_of_a_seed_joins_its_story(store)
    conn = sqlite3.connect(seeded)
    cols = [r[2] for r in conn.execute("PRAGMA index_info(articles_fingerprint)")]
    conn.close()
    assert cols == ["article_id", "n_shingles", "story_id"]


def test_store_with_older_fingerprints_recomputes_them_on_open(tmp_path):
    from control_changes.syndication import FINGERPRINT_VERSION, fingerprint

    path = tmp_path / "old.sqlite"
    with Store(path) as store:
        ingest_paths(store, [SEEDS])
        stories_before = store.articles().set_index("file")["story_id"].to_dict()
    # As a store of the older scheme holds them: other hash values, version 0.
    conn = sqlite3.connect(path)
    conn.execute("UPDATE shingle_holders SET hash = -hash - 1")
    conn.execute("PRAGMA user_version = 0")
    conn.commit()
    conn.close()
    with Store(path) as store:
        texts = store.articles().set_index("article_id")["text"]
        holders = _holders(path)
        for aid, text in texts.items():
            assert {h for h, ids in holders.items() if aid in ids} == fingerprint(text)
        assert store.articles().set_index("file")["story_id"].to_dict() == stories_before
        assert _copy_of_a_seed_joins_its_story(store)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == FINGERPRINT_VERSION
    conn.close()


def test_store_holding_a_renamed_place_id_takes_the_new_id_on_open(tmp_path):
    from control_changes.articles import Article

    path = tmp_path / "old.sqlite"
    text = "The Taliban captured Ghormach district in Faryab province on Thursday."
    with Store(path) as store:
        store.ingest([Article(text=text, file="g.txt", published=date(2021, 7, 2),
                              published_source="manifest")])
    # As a store made before Ghormach moved to Faryab would hold it.
    conn = sqlite3.connect(path)
    conn.execute("UPDATE mentions SET place_id = 'district:badghis:ghormach'")
    conn.execute("UPDATE events SET place_id = 'district:badghis:ghormach', "
                 "province = 'Badghis'")
    conn.commit()
    conn.close()
    with Store(path) as store:
        events = store.events()
        assert list(zip(events["place_id"], events["province"], strict=True)) == [
            ("district:faryab:ghormach", "Faryab")]
        assert set(store.mentions()["place_id"]) == {"district:faryab:ghormach"}


def test_daily_reports_arriving_in_any_order_give_the_same_events_as_one_merge(tmp_path):
    from control_changes.articles import Article

    # One place reported contested on most days of July, in batches that fill the gaps late,
    # so stored clusters have to shift when a missing day arrives.
    days = [d for d in range(1, 29) if d % 5]
    late = [d for d in range(1, 29) if not d % 5]
    def article(day: int) -> Article:
        return Article(text=f"Heavy fighting continued in Kunduz city on July {day}, "
                            f"residents said in report {day}.",
                       file=f"k{day}.txt", published=date(2021, 7, 30),
                       published_source="manifest")

    path = tmp_path / "dense.sqlite"
    with Store(path) as store:
        store.ingest([article(d) for d in days[::2]])
        store.ingest([article(d) for d in days[1::2]])
        store.ingest([article(d) for d in late])
        incremental = _events_table(path)
        store._conn.execute("BEGIN IMMEDIATE")
        store.rebuild_all_events()
        store._conn.execute("COMMIT")
        assert store.count("events") > 3  # stored clusters; events() joins the spell
    assert _events_table(path) == incremental


def test_ingest_restores_the_garbage_collector_settings_even_when_it_fails(tmp_path,
                                                                           monkeypatch):
    import gc

    from control_changes import store as store_module

    before = gc.get_threshold()
    with Store(tmp_path / "gc.sqlite") as store:
        store.ingest(articles(3))
        assert gc.get_threshold() == before

        def broken(*_args, **_kwargs):
            assert gc.get_threshold()[0] >= store_module.INGEST_GC_THRESHOLD
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(Store, "_write", broken)
        with pytest.raises(RuntimeError):
            store.ingest(articles(3, seed=9))
    assert gc.get_threshold() == before


def test_deleting_touched_events_reads_only_their_date_range(tmp_path):
    # Regression: the delete bounded reports_from from below only, so SQLite's key index
    # walked every later event of each touched key, and an ingest's delete grew with the
    # length of the store's history.
    from control_changes.store import _DELETE_DIRTY_EVENTS

    with Store(tmp_path / "plan.sqlite") as store:
        plan = " ".join(r[-1] for r in store._conn.execute(
            "EXPLAIN QUERY PLAN " + _DELETE_DIRTY_EVENTS))
    assert "events_key" in plan and "reports_from>? AND reports_from<?" in plan


def test_outlet_read_from_the_text_and_confirmed_by_a_manifest_is_no_longer_replaced(tmp_path):
    text = "Source: Pajhwok\nTaliban fighters captured Kunduz on Sunday, officials said."
    with Store(tmp_path / "s.sqlite") as store:
        store.ingest(read_bytes(text.encode(), "a.txt").articles)
        confirmed = store.ingest(read_bytes(
            text.encode(), "b.txt", ManifestRow(None, "Pajhwok", "", "")).articles)
        assert confirmed.completed == [] and confirmed.problems == []
        later = store.ingest(read_bytes(
            text.encode(), "c.txt", ManifestRow(None, "Pajhwok Afghan News", "", "")).articles)
        assert [str(p) for p in later.problems] == [
            "warning: c.txt: already stored with outlet 'Pajhwok' (from manifest); this "
            "input's 'Pajhwok Afghan News' was not used"]
        arts = store.articles()
        assert (arts.outlet[0], arts.outlet_source[0]) == ("Pajhwok", "manifest")
