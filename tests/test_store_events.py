"""The incremental event rebuild (control_changes/store/events.py): whatever the batches and
their order, the events and day summaries are those of merging everything at once, and the
work is done a bounded piece at a time."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from control_changes.articles import Article, clean_article
from control_changes.merge import dump_summary
from control_changes.schema import EVENT_COLUMNS
from control_changes.store import Store
from control_changes.store import events as events_module
from control_changes.store.db import fill, immediate
from control_changes.testing import store_checksums, table_rows


def _corpus(n: int, seed: int, **kwargs) -> list[Article]:
    from benchmarks.corpus import generate

    return [clean_article(Article(
        text=r["text"], file=r["file"], outlet=r["outlet"],
        published=date.fromisoformat(r["published"]) if r["published"] else None,
        published_source="manifest" if r["published"] else "none"))
        for r in generate(n, seed=seed, **kwargs)]


def _rebuilt_from_scratch(store: Store, path: Path) -> tuple[list, list]:
    """The events and day summaries after ``rebuild_all_events``."""
    with immediate(store._conn):
        store.rebuild_all_events()
    return table_rows(path, "events"), table_rows(path, "day_summaries")


@pytest.mark.parametrize("chunk", [50_000, 40])
def test_incremental_event_rebuild_equals_merging_everything_again(tmp_path, monkeypatch, chunk):
    # With small pieces the touched days and clusters are merged a few at a time.
    monkeypatch.setattr(events_module, "REBUILD_ROWS", chunk)
    monkeypatch.setattr(events_module, "REBUILD_BYTES", chunk * 100)
    articles = _corpus(240, seed=7)
    path = tmp_path / "inc.sqlite"
    with Store(path) as store:
        for i in range(0, len(articles), 60):
            store.ingest(articles[i:i + 60])
        incremental = table_rows(path, "events"), table_rows(path, "day_summaries")
        assert incremental[0] and _rebuilt_from_scratch(store, path) == incremental


def test_ingesting_in_reversed_batches_gives_the_same_tables_as_one_batch(tmp_path):
    # Reversed, undated copies arrive before their dated originals, so older articles get
    # re-dated and re-linked: the incremental event rebuild must match a one-shot ingest.
    batch = _corpus(150, seed=4, paragraphs=4, syndicated=0.3)
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


def test_daily_reports_arriving_in_any_order_give_the_same_events_as_one_merge(tmp_path):
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
        incremental = table_rows(path, "events"), table_rows(path, "day_summaries")
        assert store.count("events") > 3  # stored clusters; events() joins the spell
        assert _rebuilt_from_scratch(store, path) == incremental


def test_an_ingest_holds_about_rebuild_bytes_of_day_summaries_at_a_time(
        tmp_path, monkeypatch, synthetic):
    """Runs are weighed by the stored summaries' size, not by how many days they hold: an
    undated day holds every undated report of its place and grows with the corpus."""
    limit = 3_000
    monkeypatch.setattr(events_module, "REBUILD_BYTES", limit)
    loads: list[tuple[int, int]] = []  # (places, JSON bytes) of each read of stored summaries
    load_days = events_module.load_days

    def spy(conn, keys):
        days = load_days(conn, keys)
        loads.append((len({key[:3] for key in days}),
                      sum(len(dump_summary(s)) for s in days.values())))
        return days

    monkeypatch.setattr(events_module, "load_days", spy)
    batch = synthetic(200)
    with Store(tmp_path / "s.sqlite") as store:
        for i in range(0, len(batch), 50):
            store.ingest(batch[i:i + 50])
    # A place heavier than the limit is read alone; anything read together stays within it.
    shared = [size for places, size in loads if places > 1]
    assert shared and max(shared) <= limit
    assert sum(size for _, size in loads) > 10 * limit


def test_deleting_touched_events_reads_only_their_date_range(tmp_path):
    # Regression: the delete bounded reports_from from below only, so SQLite's key index
    # walked every later event of each touched key, and an ingest's delete grew with the
    # length of the store's history.
    with Store(tmp_path / "plan.sqlite") as store:
        plan = " ".join(r[-1] for r in store._conn.execute(
            "EXPLAIN QUERY PLAN " + events_module.DELETE_DIRTY_EVENTS))
    assert "events_key" in plan and "reports_from>? AND reports_from<?" in plan


def test_an_ingest_makes_again_only_the_events_of_the_clusters_it_touches(tmp_path,
                                                                          monkeypatch):
    """An event of another place, or of the same place months away, is not made again."""
    def article(text: str, day: date, file: str) -> Article:
        return Article(text=text, file=file, published=day, published_source="manifest")

    made: list[tuple] = []
    insert = events_module._insert_events

    def spy(conn, rows):
        rows = list(rows)
        made.extend(rows)
        insert(conn, rows)

    monkeypatch.setattr(events_module, "_insert_events", spy)
    with Store(tmp_path / "s.sqlite") as store:
        store.ingest([
            article("Taliban fighters captured Kunduz city on Sunday, officials said.",
                    date(2021, 8, 9), "kunduz.txt"),
            article("Taliban fighters captured Herat city on Thursday, officials said.",
                    date(2021, 8, 13), "herat.txt"),
            article("Taliban fighters captured Kunduz city on Monday, officials said.",
                    date(2021, 6, 1), "kunduz-june.txt")])
        assert len(made) == 3
        made.clear()
        store.ingest([article("The Taliban took Kunduz city on Sunday, residents said.",
                              date(2021, 8, 9), "kunduz-again.txt")])
        events = store.events()
    date_at = EVENT_COLUMNS.index("event_date")
    assert [row[date_at] for row in made] == ["2021-08-08"]
    assert sorted(events["event_date"]) == ["2021-05-31", "2021-08-08", "2021-08-12"]
    assert events.set_index("event_date").loc["2021-08-08", "n_articles"] == 2


def test_dirty_intervals_hold_whole_clusters_and_undated_days_alone(tmp_path):
    """A day inside a stored cluster's span brings the whole span; an undated day is an
    interval of its own ("", "")."""
    key = ("capital:kunduz", "taliban", "place")
    with Store(tmp_path / "s.sqlite") as store:
        conn = store._conn
        conn.execute("INSERT INTO events (event_id, place_id, new_controller, scope, "
                     "reports_from, reports_to) VALUES ('e', ?, ?, ?, ?, ?)",
                     (*key, "2021-08-07", "2021-08-09"))
        for day in ("2021-08-07", "2021-08-09"):
            conn.execute("INSERT INTO day_summaries VALUES (?, ?, ?, ?, '{}')", (*key, day))
        out = events_module._dirty_intervals(conn, {key: {"2021-08-08", ""}})
        fill(conn, "dirty", [])
    assert (*key, "", "") in out
    dated = [iv for iv in out if iv[3]]
    assert len(dated) == 1 and dated[0][3] <= "2021-08-07" and dated[0][4] >= "2021-08-09"
