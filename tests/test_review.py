"""Analysts' decisions: kept across re-ingests and rebuilds, applied to every read of the
events, shared through CSV, and never lost to a second writer (real stores on disk)."""

from __future__ import annotations

import csv
import multiprocessing
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from control_changes import review_csv
from control_changes.articles import Article
from control_changes.export import guard_cell
from control_changes.holdings import holdings_on
from control_changes.readers import read_paths
from control_changes.review import ReviewError, added, judged
from control_changes.store import Store, ingest_paths
from control_changes.store.reviews import ReviewConflict

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _event(store: Store, place_id: str, controller: str = "taliban",
           scope: str = "place") -> pd.Series:
    ev = store.events(with_rejected=True)
    found = ev[ev["place_id"].eq(place_id) & ev["new_controller"].eq(controller)
               & ev["scope"].eq(scope)]
    assert len(found) == 1, found
    return found.iloc[0]


def _ghazni_articles(n: int) -> list[Article]:
    """``n`` different articles reporting the fall of Ghazni city, half of them a day
    earlier than the seeds (which moves the event's first day, and so its id)."""
    words = ["officials", "residents", "elders", "a council member", "police", "witnesses"]
    return [Article(text=(
        f"Report {i}: The Taliban captured the city of Ghazni on {11 + i % 2} August 2021, "
        f"{words[i % len(words)]} said. Item {i} of a running file on the road south "
        f"of Kabul, number {i * 7919} in the series, with notes from correspondent {i}."),
        file=f"more_{i:03}.txt", published=date(2021, 8, 13), published_source="given")
        for i in range(n)]


def test_reject_survives_100_more_articles_and_a_rebuild(seeded):
    with Store(seeded) as store:
        ghazni = _event(store, "capital:ghazni")
        n_before = ghazni["n_mentions"]
        store.record_review(judged(ghazni, "rejected", reviewer="ana", note="no such fall"))
        assert "capital:ghazni" not in set(store.events()["place_id"])
        store.ingest(_ghazni_articles(100))
        store.rebuild_all_events()
        machine = store._machine_events()
        again = machine[machine["place_id"].eq("capital:ghazni")]
        assert again["n_mentions"].sum() >= n_before + 100  # the mentions did arrive
        assert again["event_id"].iloc[0] != ghazni["event_id"]  # and the id changed
        events = store.events()
        assert "capital:ghazni" not in set(events["place_id"])
        assert _event(store, "capital:ghazni")["review_verdict"] == "rejected"
        held = holdings_on(events, "2021-08-20")
        assert "capital:ghazni" not in set(held["place_id"])
        assert store.unmatched_reviews().empty


def test_corrected_date_stands_after_a_syndicated_copy(seeded):
    with Store(seeded) as store:
        herat = _event(store, "capital:herat")
        store.record_review(judged(herat, "corrected", fix_date="2021-08-13",
                                   reviewer="ana", note="fell in the evening"))
        original = next(a for a in read_paths([SEEDS]).articles if "Herat" in a.text
                        and a.file.startswith("004"))
        store.ingest([Article(text=original.text.replace("said", "told reporters", 1),
                              file="copy.txt", published=original.published,
                              published_source="given")])
        stories = store.articles().set_index("file")["story_id"]
        assert stories["copy.txt"] == stories[original.file]
        now = _event(store, "capital:herat")
        assert now["event_date"] == "2021-08-13"
        assert now["machine_event_date"] == "2021-08-12"
        assert now["review_verdict"] == "corrected"
        held = holdings_on(store.events(), "2021-08-12")
        assert "capital:herat" not in set(held["place_id"])


def test_corrections_and_additions_set_control(seeded):
    with Store(seeded) as store:
        kandahar = _event(store, "capital:kandahar")
        store.record_review(judged(kandahar, "corrected", fix_controller="government",
                                   fix_status="claimed", reviewer="ana"))
        store.record_review(added("capital:kunduz", "2021-08-08", "taliban",
                                  reviewer="ben", note="missed by the articles"))
        held = holdings_on(store.events(), "2021-08-20").set_index("place_id")
        assert held.loc["capital:kandahar", "controller"] == "government"
        assert held.loc["capital:kunduz", "controller"] == "taliban"
        assert held.loc["capital:kunduz", "place"] == "Kunduz"
        assert store.count_events() == len(store.events())


def test_the_latest_decision_wins_and_a_stale_save_is_refused(seeded):
    with Store(seeded) as one, Store(seeded) as two:
        ghazni = _event(one, "capital:ghazni")
        seen_by_both = None  # neither saw a decision on it
        first = one.record_review(judged(ghazni, "accepted", reviewer="ana"), seen_by_both)
        with pytest.raises(ReviewConflict, match="reviewed meanwhile"):
            two.record_review(judged(ghazni, "rejected", reviewer="ben"), seen_by_both)
        assert _event(two, "capital:ghazni")["review_verdict"] == "accepted"
        two.record_review(judged(ghazni, "rejected", reviewer="ben"), first)
        assert len(two.reviews()) == 2
        assert _event(one, "capital:ghazni")["review_verdict"] == "rejected"


def _review_many(path: str, reviewer: str, place_ids: list[str]) -> None:
    with Store(path) as store:
        for pid in place_ids:
            store.record_review(judged(_event(store, pid), "accepted", reviewer=reviewer))


def test_two_writers_at_once_lose_no_decision(seeded):
    places = ["capital:ghazni", "capital:herat", "capital:kandahar", "capital:lashkar-gah",
              "crossing:islam-qala"]
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_review_many, args=(str(seeded), who, places * 4))
             for who in ("ana", "ben")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    with Store(seeded) as store:
        stored = store.reviews()
        assert len(stored) == 40
        assert sorted(stored["reviewer"].value_counts().tolist()) == [20, 20]


def test_export_then_import_gives_the_same_reviewed_table(seeded, tmp_path):
    with Store(seeded) as store:
        store.record_review(judged(_event(store, "capital:ghazni"), "rejected",
                                   reviewer="=HYPERLINK(\"x\")", note="-2+3"))
        store.record_review(judged(_event(store, "capital:herat"), "corrected",
                                   fix_date="2021-08-13", reviewer="ana", note="@once"))
        store.record_review(judged(_event(store, "crossing:islam-qala"), "accepted",
                                   reviewer="ana", note="seen, twice; \"quoted\"\nnewline"))
        store.record_review(added("capital:kunduz", "2021-08-08", "taliban", reviewer="ben"))
        review_csv.write(store.reviews(), tmp_path / "reviews.csv")
        expected = store.events(with_rejected=True)
    with (tmp_path / "reviews.csv").open(encoding="utf-8", newline="") as f:
        cells = [cell for row in csv.reader(f) for cell in row]
    assert {"'=HYPERLINK(\"x\")", "'-2+3", "'@once"} <= set(cells)
    assert all(guard_cell(cell) == cell for cell in cells)  # no cell reads as a formula
    fresh = tmp_path / "fresh.sqlite"
    with Store(fresh) as store:
        ingest_paths(store, [SEEDS])
        assert store.import_reviews(review_csv.read(tmp_path / "reviews.csv")) == 4
        assert store.import_reviews(review_csv.read(tmp_path / "reviews.csv")) == 0
        got = store.events(with_rejected=True)
    pd.testing.assert_frame_equal(got, expected)


def test_a_bad_file_is_refused_whole_naming_rows(seeded, tmp_path):
    with Store(seeded) as store:
        store.record_review(judged(_event(store, "capital:herat"), "accepted", reviewer="a"))
        review_csv.write(store.reviews(), tmp_path / "good.csv")
        good = (tmp_path / "good.csv").read_text(encoding="utf-8").splitlines()
        bad_row = good[1].replace("accepted", "maybe").replace("2021-08-12", "12/08/2021", 1)
        (tmp_path / "bad.csv").write_text("\n".join([*good, bad_row]) + "\n", "utf-8")
        with pytest.raises(review_csv.ReviewFileError) as err:
            review_csv.read(tmp_path / "bad.csv")
        assert "bad.csv:3:" in str(err.value) and "'maybe'" in str(err.value)
        assert "'12/08/2021'" in str(err.value) and "nothing was imported" in str(err.value)
        (tmp_path / "cols.csv").write_text("place_id,verdict\nx,accepted\n", "utf-8")
        with pytest.raises(review_csv.ReviewFileError, match="columns missing: new_contr"):
            review_csv.read(tmp_path / "cols.csv")
        assert len(store.reviews()) == 1


def test_bad_decisions_name_the_field():
    with pytest.raises(ReviewError, match="place_id 'capital:atlantis' is not a place"):
        added("capital:atlantis", "2021-08-08", "taliban", reviewer="a")
    with pytest.raises(ReviewError, match="fix_date '8 Aug' is not a date"):
        added("capital:kunduz", "8 Aug", "taliban", reviewer="a")
    with pytest.raises(ReviewError, match="reviewer's name is missing"):
        added("capital:kunduz", "2021-08-08", "taliban", reviewer=" ")


def test_a_decision_whose_event_is_gone_is_listed(seeded):
    with Store(seeded) as store:
        herat = _event(store, "capital:herat").copy()
        herat[["reports_from", "reports_to", "event_date"]] = ["2021-05-01"] * 3
        store.record_review(judged(herat, "rejected", reviewer="ana"))
        gone = store.unmatched_reviews()
        assert gone["judged_from"].tolist() == ["2021-05-01"]
        assert _event(store, "capital:herat")["review_verdict"] == ""


def test_an_added_event_can_be_rejected_later(seeded):
    with Store(seeded) as store:
        store.record_review(added("capital:kunduz", "2021-08-08", "taliban", reviewer="ben"))
        kunduz = _event(store, "capital:kunduz")
        assert kunduz["event_id"].startswith("added-") and kunduz["machine_place_id"] == ""
        store.record_review(judged(kunduz, "rejected", reviewer="ana", note="a rumour"))
        assert "capital:kunduz" not in set(store.events()["place_id"])
        assert _event(store, "capital:kunduz")["review_verdict"] == "rejected"
        assert store.unmatched_reviews().empty
