"""Who held what on a date, and the daily roll-ups."""

from __future__ import annotations

import pandas as pd

from control_changes.holdings import daily_controllers, daily_counts, holdings_on


def event(place_id, place_type, when, controller, status="reported", scope="place"):
    return {"event_id": f"{place_id}{when}{controller}", "place_id": place_id,
            "place": place_id, "place_type": place_type, "event_date": when,
            "new_controller": controller, "status": status, "scope": scope}


EVENTS = pd.DataFrame([
    event("capital:qala-i-naw", "capital", "2021-07-07", "taliban"),
    event("capital:qala-i-naw", "capital", "2021-07-08", "government", "claimed"),
    event("crossing:islam-qala", "border_crossing", "2021-07-08", "taliban", "disputed"),
    event("capital:feroz-koh", "capital", "2021-08-13", "taliban", "contested"),
    event("province:badghis", "province", "2021-07-07", "taliban", scope="partial"),
    event("capital:ghazni", "capital", "2021-08-12", "taliban", "denied"),
    event("capital:herat", "capital", "", "taliban"),
])


def held(day):
    return holdings_on(EVENTS, day).set_index("place_id")["controller"].to_dict()


def test_last_change_on_or_before_the_date_decides():
    assert held("2021-07-06") == {}
    assert held("2021-07-07") == {"capital:qala-i-naw": "taliban"}
    assert held("2021-07-08") == {"capital:qala-i-naw": "government",
                                  "crossing:islam-qala": "taliban"}


def test_fighting_inside_makes_a_place_contested():
    assert held("2021-08-13")["capital:feroz-koh"] == "contested"


def test_partial_undated_and_denied_only_changes_do_not_set_control():
    on = held("2021-12-31")
    assert "province:badghis" not in on
    assert "capital:herat" not in on
    assert "capital:ghazni" not in on


def test_daily_controllers_forward_fill_every_day():
    grid = daily_controllers(EVENTS, "2021-07-06", "2021-07-10")
    assert list(grid.index.strftime("%Y-%m-%d")) == [
        "2021-07-06", "2021-07-07", "2021-07-08", "2021-07-09", "2021-07-10"]
    assert pd.isna(grid.loc["2021-07-06", "capital:qala-i-naw"])
    assert grid.loc["2021-07-07", "capital:qala-i-naw"] == "taliban"
    assert grid.loc["2021-07-10", "capital:qala-i-naw"] == "government"


def test_daily_counts_by_type_and_side():
    counts = daily_counts(EVENTS, "2021-07-07", "2021-08-13")
    day = counts[counts["date"] == pd.Timestamp("2021-07-08")]
    got = {(r.place_type, r.controller): r.n for r in day.itertuples()}
    assert got == {("capital", "government"): 1, ("border_crossing", "taliban"): 1}
    last = counts[counts["date"] == pd.Timestamp("2021-08-13")]
    assert ("capital", "contested") in {(r.place_type, r.controller) for r in last.itertuples()}


def test_holdings_match_daily_grid_on_every_day():
    grid = daily_controllers(EVENTS, "2021-07-01", "2021-08-20")
    for day, row in grid.iterrows():
        assert held(day) == row.dropna().to_dict()
