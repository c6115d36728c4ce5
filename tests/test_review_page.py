# ruff: noqa: F811 - the fixtures imported below are the tests' arguments
"""The Review page, run headless with Streamlit's AppTest against a copy of the seed store:
a decision saved there reaches the store and the map, notes stay text, and a save made on a
stale view is refused."""

from __future__ import annotations

import pandas as pd
from test_dashboard_pages import run

from control_changes.review import judged
from control_changes.store import Store
from dashboard_core import tables

REVIEW = "pages/5_Review.py"
MAP = "dashboard.py"


def _select(at, place: str) -> None:
    box = at.selectbox(key="review_event")
    label = next(o for o in box.options if f"· {place} →" in o and "· place ·" in o)
    box.select_index(box.options.index(label)).run()


def test_rejecting_on_the_page_takes_the_place_off_the_map(store_path):
    at = run(REVIEW)
    _select(at, "Ghazni")
    at.radio(key="review_action").set_value("Reject")
    at.text_input(key="review_by").input("<b>ana</b>")
    at.text_input(key="review_note").input("=HYPERLINK(\"http://x\") <script>alert(1)</script>")
    next(b for b in at.button if b.label == "Save decision").click().run()
    assert not at.exception
    assert any("Saved: rejected Ghazni" in s.value for s in at.success)
    with Store(store_path) as store:
        reviews = store.reviews()
        assert reviews["verdict"].tolist() == ["rejected"]
        assert reviews["reviewer"].tolist() == ["<b>ana</b>"]
        assert "capital:ghazni" not in set(store.events()["place_id"])
    at.radio(key="review_show").set_value("Reviewed").run()
    _select(at, "Ghazni")
    shown = [t.value for t in at.text]
    assert "<b>ana</b>" in shown
    assert any("<script>alert(1)</script>" in v for v in shown)
    assert all("<script>" not in m.value for m in at.markdown)
    map_at = run(MAP, date="2021-08-13")
    assert "Ghazni" not in " ".join(str(m.value) for m in map_at.markdown)


def test_a_save_on_a_stale_view_is_refused(store_path):
    at = run(REVIEW)
    _select(at, "Herat")
    with Store(store_path) as store:  # another reviewer decides meanwhile
        ev = store.events()
        herat = ev[ev["place_id"].eq("capital:herat") & ev["scope"].eq("place")].iloc[0]
        store.record_review(judged(herat, "accepted", reviewer="ben"))
    at.radio(key="review_action").set_value("Reject")
    at.text_input(key="review_by").input("ana")
    next(b for b in at.button if b.label == "Save decision").click().run()
    assert any("someone else reviewed this event" in e.value for e in at.error)
    with Store(store_path) as store:
        assert store.reviews()["reviewer"].tolist() == ["ben"]


def test_a_correction_without_values_names_what_is_missing(store_path):
    at = run(REVIEW)
    _select(at, "Herat")
    at.radio(key="review_action").set_value("Correct")
    at.text_input(key="review_by").input("ana")
    next(b for b in at.button if b.label == "Save decision").click().run()
    assert any("a correction needs a corrected date" in e.value for e in at.error)
    at.text_input(key="review_date").input("2021-08-14")
    next(b for b in at.button if b.label == "Save decision").click().run()
    with Store(store_path) as store:
        ev = store.events()
        assert ev.loc[ev["place_id"].eq("capital:herat"), "event_date"].tolist() == ["2021-08-14"]


def test_the_events_table_carries_the_review_beside_the_machine_values(store_path):
    with Store(store_path) as store:
        ev = store.events()
        herat = ev[ev["place_id"].eq("capital:herat") & ev["scope"].eq("place")].iloc[0]
        store.record_review(judged(herat, "corrected", fix_date="2021-08-14",
                                   reviewer="ana", note="@evening"))
    at = run("pages/1_Events.py")
    table = at.dataframe[0].value
    row = table[table["place"].eq("Herat") & table["extent"].eq("whole place")].iloc[0]
    assert (row["date"], row["review"], row["reviewer"], row["review note"]) == (
        "2021-08-14", "corrected", "ana", "@evening")
    with Store(store_path) as store:
        exported = tables.export(store.events()).set_index("place_id")
    row = exported.loc["capital:herat"]
    row = row.iloc[0] if isinstance(row, pd.DataFrame) else row
    assert (row["date"], row["machine_event_date"]) == ("2021-08-14", "2021-08-12")
