"""What the dashboard computes from the store, checked on the seed articles."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from control_changes.store import open_store
from dashboard_core import data as d
from dashboard_core import figures as fg


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    with open_store(tmp_path_factory.mktemp("seeds") / "s.sqlite") as store:
        return store.events(), store.mentions()


def state(events, day: str, place_id: str) -> dict:
    states = d.place_states(events, day).set_index("place_id")
    return states.loc[place_id].to_dict()


def test_qala_i_naw_is_taken_then_claimed_back_by_the_government(seeds):
    events, _ = seeds
    assert state(events, "2021-07-06", "capital:qala-i-naw")["state"] == "none"
    taken = state(events, "2021-07-07", "capital:qala-i-naw")
    assert (taken["state"], taken["unconfirmed"]) == ("taliban", False)
    back = state(events, "2021-07-08", "capital:qala-i-naw")
    assert (back["state"], back["status"], back["unconfirmed"]) == ("government", "claimed", True)
    assert state(events, "2021-08-13", "capital:qala-i-naw")["state"] == "taliban"


def test_islam_qala_turns_taliban_as_a_disputed_change(seeds):
    events, _ = seeds
    assert state(events, "2021-07-07", "crossing:islam-qala")["state"] == "none"
    s = state(events, "2021-07-08", "crossing:islam-qala")
    assert (s["state"], s["status"], s["unconfirmed"], s["country"]) == (
        "taliban", "disputed", True, "Iran")


def test_province_with_only_partial_reports_is_partly_taken(seeds):
    events, _ = seeds
    assert state(events, "2021-07-07", "province:badghis")["state"] == "partial"


def test_figures_on_the_13th_of_august(seeds):
    events, _ = seeds
    states = d.place_states(events, "2021-08-13")
    fig = fg.figures(states, events, "2021-08-13")
    assert fig.capitals_taliban == 5  # Herat, Kandahar, Ghazni, Lashkar Gah, Qala-i-Naw
    assert fig.crossings_taliban == 1
    assert fig.contested == 1  # Feroz Koh
    assert fig.districts_counted == 5  # "five districts in Herat"
    assert fig.all_districts_of == ("Badghis",)


def test_status_filter_changes_who_holds_a_place(seeds):
    events, _ = seeds
    no_claims = d.apply_filters(events, d.Filters(statuses=("confirmed", "reported",
                                                            "disputed", "contested")))
    # Without the government's claim, Qala-i-Naw stays with the Taliban on 8 July.
    assert state(no_claims, "2021-07-08", "capital:qala-i-naw")["state"] == "taliban"


def test_crossing_filters(seeds):
    events, _ = seeds
    only = d.apply_filters(events, d.Filters(crossing_mode="only"))
    assert set(only["place_type"]) == {"border_crossing"}
    chosen_none = d.apply_filters(events, d.Filters(crossing_mode="chosen", crossings=()))
    assert "border_crossing" not in set(chosen_none["place_type"])
    assert len(chosen_none) == len(events) - len(only)


def test_controller_filter_applies_after_the_holdings(seeds):
    events, _ = seeds
    states = d.place_states(events, "2021-07-08")
    gov = d.filter_states(states, d.Filters(controllers=("government",)))
    assert list(gov["place_id"]) == ["capital:qala-i-naw"]


def test_steps_between_change_days(seeds):
    events, _ = seeds
    days = d.change_days(events)
    assert d.step(days, date(2021, 7, 6), +1) == date(2021, 7, 7)
    assert d.step(days, date(2021, 7, 8), -1) == date(2021, 7, 7)
    assert d.step(days, days[-1], +1) is None
    assert d.date_bounds(events)[0] < date(2021, 7, 7)


def test_every_mention_is_linked_to_the_event_it_was_merged_into(seeds):
    events, mentions = seeds
    linked = d.link_mentions(mentions, events)
    assert linked["event_id"].notna().all()
    assert set(linked["event_id"]) == set(events["event_id"])
    history = d.place_history("capital:qala-i-naw", events, linked)
    # 7 July twice: the capture, and "in control of the majority of the city" (part of it)
    assert [h["event_date"] for h in history] == [
        "2021-07-07", "2021-07-07", "2021-07-08", "2021-08-13"]
    assert all(h["mentions"] for h in history)


def test_taliban_counts_over_time(seeds):
    events, _ = seeds
    counts = fg.taliban_counts(events, date(2021, 7, 6), date(2021, 8, 13))
    capitals = counts[counts["what"] == "Provincial capitals"].set_index("date")["n"]
    assert capitals.loc["2021-07-07"] == 1
    assert capitals.loc["2021-07-08"] == 0
    assert capitals.loc["2021-08-13"] == 5


def test_highlighting_escapes_every_piece_of_text():
    text = "Taliban took <b>Herat</b> & <script>alert(1)</script> today."
    start = text.index("Herat")
    out = d.highlight_html(text, [(0, len(text))], [(start, start + 5)])
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;" in out
    assert '<mark class="cm-name">Herat</mark>' in out
    assert out.startswith('<mark class="cm-evidence">')


def test_search_matches_every_word_in_any_column(seeds):
    events, _ = seeds
    assert set(d.search(events, "herat taliban", ["place", "new_controller"])["place"]) == {
        "Herat"}


def test_article_without_a_title_is_labelled_by_its_opening_words():
    from dashboard_core.data import opening_words

    text = "The Taliban fought their way into the centre of a key western Afghan city on Wednesday"
    assert opening_words(text) == ("The Taliban fought their way into the centre of a key "
                                   "western …")
    assert opening_words("Short text.") == "Short text."
    assert opening_words("") == ""


def test_up_to_keeps_dated_events_on_or_before_the_day(seeds):
    events, _ = seeds
    day = date(2021, 7, 8)
    kept = d.up_to(events, day)
    assert len(kept) and (kept["event_date"] != "").all()
    assert (kept["event_date"] <= "2021-07-08").all()
    assert len(kept) == ((events["event_date"] != "")
                         & (events["event_date"] <= "2021-07-08")).sum()


def test_a_change_known_only_by_a_day_reads_by_that_day_and_is_no_timeline_stop():
    events = pd.DataFrame({"event_date": ["2021-08-08", "2021-08-20", "2021-06-01", ""],
                           "date_precision": ["day", "before", "month", "undated"]})
    assert [d.shown_date(a, b) for a, b in zip(events["event_date"], events["date_precision"],
                                                strict=True)] == [
        "2021-08-08", "by 2021-08-20", "2021-06 (month)", "undated"]
    assert d.change_days(events) == [date(2021, 6, 1), date(2021, 8, 8)]
    assert d.date_bounds(events)[1] == date(2021, 8, 20)


def test_states_from_the_sorted_basis_agree_with_who_held_what(seeds):
    """``place_states`` looks each day up in changes sorted once per filter; on every day of
    the timeline, the holders it gives are those ``holdings.holdings_on`` finds by scanning
    the events, and a partial report shows only where no holder is known."""
    from control_changes.holdings import holdings_on

    events, _ = seeds
    basis = d.state_basis(events)
    for day in [*d.change_days(events), date(2021, 9, 30)]:
        states = d.place_states(events, day, basis).set_index("place_id")
        held = holdings_on(events, day).set_index("place_id")
        for pid, row in held.iterrows():
            assert (states.at[pid, "state"], states.at[pid, "since"]) == (
                row["controller"], row["since"]), (day, pid)
        others = states.drop(index=held.index)
        assert set(others["state"]) <= {"none", "partial"}
    assert list(d.place_states(events.iloc[0:0], "2021-08-01").columns) == d.STATE_COLUMNS


def test_a_day_before_every_change_leaves_every_place_without_state(seeds):
    events, _ = seeds
    states = d.place_states(events, "2021-01-01")
    assert set(states["state"]) == {"none"} and not states["unconfirmed"].any()
    assert (states["since"] == "").all() and (states["n_events"] > 0).all()
