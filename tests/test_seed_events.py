"""What the five seed articles must yield, written from a reading of the articles.

- 000/001/002 are copies of one Reuters story (with AP material in 002): the Islam Qala
  crossing fell on Thursday 8 July (reported; the interior ministry denied it); the Taliban
  stormed Qala-i-Naw on Wednesday 7 July and the defence ministry says government forces
  wrested it back on Thursday 8 July. 001 has no date; it takes one from its copies.
- 003 (The Guardian, 7 July) reports the attack on Qala-i-Naw that Wednesday.
- 004 (Firstpost, Friday 13 August): Herat, Kandahar and Ghazni fell on Thursday 12 August,
  Lashkar Gah on Friday 13 August (confirmed by a security source), the Taliban entered
  Feroz Koh with fighting inside the city (contested) and claimed Qala-e Naw (no official
  confirmation).
"""

from __future__ import annotations

import pytest

from control_changes.holdings import holdings_on
from control_changes.store import SEEDS_DIR, Store, ingest_paths


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("seeds") / "store.sqlite")
    report = ingest_paths(store, [SEEDS_DIR])
    yield store, report
    store.close()


def _events(store, place_id, controller=None, scope="place"):
    ev = store.events()
    ev = ev[(ev["place_id"] == place_id) & (ev["scope"] == scope)]
    if controller:
        ev = ev[ev["new_controller"] == controller]
    return ev


def test_all_five_seed_articles_are_stored(seeded):
    store, report = seeded
    assert len(report.added) == 5
    assert not [p for p in report.problems if p.severity == "error"]


def test_islam_qala_fell_on_8_july_reported_and_denied(seeded):
    store, _ = seeded
    ev = _events(store, "crossing:islam-qala", "taliban")
    assert list(ev["event_date"]) == ["2021-07-08"]
    row = ev.iloc[0]
    assert set(row["mention_statuses"].split("|")) == {"reported", "denied"}
    assert row["status"] == "disputed"
    assert row["country"] == "Iran"
    assert "interior ministry" in " ".join(
        store.mentions().query("place_id == 'crossing:islam-qala' and status == 'denied'")
        ["evidence"]).lower()


def test_qala_i_naw_entered_on_7_july_and_retaken_by_the_government(seeded):
    store, _ = seeded
    taken = _events(store, "capital:qala-i-naw", "taliban")
    assert "2021-07-07" in set(taken["event_date"])
    retaken = _events(store, "capital:qala-i-naw", "government")
    assert list(retaken["event_date"]) == ["2021-07-08"]
    assert retaken.iloc[0]["n_stories"] == 1  # three copies of one wire story
    assert retaken.iloc[0]["n_articles"] == 3


def test_syndicated_copies_count_as_one_story(seeded):
    store, _ = seeded
    arts = store.articles(with_text=False).set_index("file")
    copies = arts.loc[["000_16c5b76cd906a502.txt", "001_87ec37961d109826.txt",
                       "002_568990b876bf0f1d.txt"], "story_id"]
    assert copies.nunique() == 1
    others = arts.loc[["003_c761634bf662a4e4.txt", "004_ba31ab3aebd0285f.txt"], "story_id"]
    assert not set(others) & set(copies)


def test_undated_copy_takes_an_inferred_date_from_its_story(seeded):
    store, report = seeded
    arts = store.articles(with_text=False).set_index("file")
    row = arts.loc["001_87ec37961d109826.txt"]
    assert row["published_source"] == "inferred"
    assert row["published"] == "2021-07-09"
    assert "001_87ec37961d109826.txt" in report.inferred_dates


@pytest.mark.parametrize("place_id,when", [
    ("capital:herat", "2021-08-12"),
    ("capital:kandahar", "2021-08-12"),
    ("capital:ghazni", "2021-08-12"),
    ("capital:lashkar-gah", "2021-08-13"),
])
def test_august_provincial_capitals_fall_on_the_right_day(seeded, place_id, when):
    store, _ = seeded
    ev = _events(store, place_id, "taliban")
    assert list(ev["event_date"]) == [when]
    assert ev.iloc[0]["status"] in {"reported", "confirmed"}


def test_lashkar_gah_capture_is_confirmed(seeded):
    store, _ = seeded
    assert _events(store, "capital:lashkar-gah", "taliban").iloc[0]["status"] == "confirmed"


def test_feroz_koh_is_contested(seeded):
    store, _ = seeded
    ev = _events(store, "capital:feroz-koh")
    assert list(ev["status"]) == ["contested"]
    assert list(ev["event_date"]) == ["2021-08-13"]


def test_qala_e_naw_in_august_is_only_claimed(seeded):
    store, _ = seeded
    ev = _events(store, "capital:qala-i-naw", "taliban")
    august = ev[ev["event_date"] >= "2021-08-01"]
    assert list(august["status"]) == ["claimed"]


def test_no_event_for_kabul_moscow_doha_or_history(seeded):
    store, _ = seeded
    ev = store.events()
    ids = set(ev["place_id"])
    assert not {pid for pid in ids if "kabul" in pid}
    assert not {pid for pid in ids if pid.startswith(("foreign:", "country:"))}
    dated = ev[ev["event_date"] != ""]
    assert (dated["event_date"] >= "2021-07-01").all()


def test_partial_and_counted_changes_are_recorded_without_inventing_names(seeded):
    store, _ = seeded
    ev = store.events()
    assert {"province:badakhshan", "province:badghis"} <= set(
        ev.loc[ev["scope"] == "partial", "place_id"])
    counted = ev[ev["scope"] == "count"]
    assert ("province:herat" in set(counted["place_id"])
            and 5 in set(counted.loc[counted["place_id"] == "province:herat", "count"]))
    assert not ev["place_type"].eq("district").any()  # the seeds name no district


def test_who_held_qala_i_naw_and_islam_qala_around_7_and_8_july(seeded):
    store, _ = seeded
    ev = store.events()
    before = holdings_on(ev, "2021-07-06")
    assert "capital:qala-i-naw" not in set(before["place_id"])
    on7 = holdings_on(ev, "2021-07-07").set_index("place_id")["controller"]
    assert on7["capital:qala-i-naw"] == "taliban"
    assert "crossing:islam-qala" not in on7
    on8 = holdings_on(ev, "2021-07-08").set_index("place_id")["controller"]
    assert on8["capital:qala-i-naw"] == "government"
    assert on8["crossing:islam-qala"] == "taliban"
    on13 = holdings_on(ev, "2021-08-13").set_index("place_id")["controller"]
    assert on13["capital:feroz-koh"] == "contested"
    assert on13["capital:herat"] == on13["capital:lashkar-gah"] == "taliban"
