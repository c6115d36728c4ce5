"""Merging mentions across articles into events, and the written status rules."""

from __future__ import annotations

import pandas as pd
import pytest

from control_changes.merge import merge_events, merged_status


def mention(**kw) -> dict:
    row = {
        "mention_id": "m", "article_id": "a1", "file": "a1.txt", "place_id": "capital:ghazni",
        "place_text": "Ghazni", "event_date": "2021-08-12", "date_precision": "day",
        "date_source": "stated", "new_controller": "taliban", "status": "reported",
        "scope": "place", "count": 0, "trigger": "seized", "evidence": "E", "start": 0,
        "end": 1, "story_id": "s1", "published": "2021-08-13", "published_source": "manifest",
        "outlet": "Outlet",
    }
    row.update(kw)
    return row


@pytest.mark.parametrize("statuses,expected", [
    ({"reported", "denied"}, "disputed"),
    ({"claimed", "denied"}, "disputed"),
    ({"denied"}, "denied"),
    ({"claimed", "confirmed"}, "confirmed"),
    ({"claimed", "reported", "contested"}, "reported"),
    ({"claimed"}, "claimed"),
    ({"contested"}, "contested"),
])
def test_status_rules(statuses, expected):
    assert merged_status(statuses) == expected


def test_same_change_within_a_day_merges_across_articles():
    ev = merge_events(pd.DataFrame([
        mention(),
        mention(article_id="a2", file="a2.txt", story_id="s2", event_date="2021-08-13",
                date_source="carried"),
    ]))
    assert len(ev) == 1
    row = ev.iloc[0]
    assert row["n_articles"] == 2 and row["n_stories"] == 2
    assert row["event_date"] == "2021-08-12"  # the stated date beats the carried one
    assert row["sources"] == "a1.txt|a2.txt"


def test_copies_of_one_story_count_once():
    ev = merge_events(pd.DataFrame([
        mention(), mention(article_id="a2", file="a2.txt", story_id="s1")]))
    assert ev.iloc[0]["n_articles"] == 2 and ev.iloc[0]["n_stories"] == 1


def test_changes_far_apart_or_to_other_sides_stay_apart():
    ev = merge_events(pd.DataFrame([
        mention(), mention(event_date="2021-07-01"),
        mention(new_controller="government"),
    ]))
    assert len(ev) == 3


def test_chain_of_reports_a_day_apart_is_one_event():
    ev = merge_events(pd.DataFrame([
        mention(event_date="2021-08-10"), mention(event_date="2021-08-11"),
        mention(event_date="2021-08-12"),
    ]))
    assert len(ev) == 1


def test_undated_mentions_form_undated_events():
    ev = merge_events(pd.DataFrame([mention(event_date="", date_precision="undated",
                                            date_source="none")]))
    assert ev.iloc[0]["event_date"] == "" and ev.iloc[0]["date_precision"] == "undated"


def test_event_rows_carry_place_columns_for_conflict_data_users():
    row = merge_events(pd.DataFrame([mention()])).iloc[0]
    assert row["admin1"] == "Ghazni" and row["place_type"] == "capital"
    assert row["geo_precision_code"] == 1 and row["time_precision"] == 1
    assert 33 < row["latitude"] < 34 and 68 < row["longitude"] < 69


def test_a_month_of_daily_reports_is_cut_into_events_of_a_few_days():
    from control_changes.merge import MAX_EVENT_SPAN_DAYS

    days = [f"2021-07-{d:02d}" for d in range(1, 31)]
    ev = merge_events(pd.DataFrame([mention(event_date=d, status="contested") for d in days]))
    assert len(ev) > 1
    spans = pd.to_datetime(ev["reports_to"]) - pd.to_datetime(ev["reports_from"])
    assert (spans.dt.days <= MAX_EVENT_SPAN_DAYS).all()
    assert ev["n_mentions"].sum() == 30


def test_evidence_can_be_looked_up_for_the_chosen_mentions_only():
    rows = [mention(mention_id="m1", evidence="first"),
            mention(mention_id="m2", article_id="a2", evidence="second")]
    frame = pd.DataFrame(rows).drop(columns=["evidence"])
    asked = []

    def lookup(ids):
        asked.extend(ids)
        return {"m1": "first", "m2": "second"}

    ev = merge_events(frame, lookup)
    assert asked == ["m1"] and ev.iloc[0]["evidence"] == "first"


def test_denial_alongside_fighting_reports_is_contested_as_the_rules_say():
    # Rule 2 needs every mention to deny; the merge once called this case "denied".
    ev = merge_events(pd.DataFrame([
        mention(mention_id="m1", status="denied"),
        mention(mention_id="m2", article_id="a2", story_id="s2", status="contested"),
    ]))
    assert list(ev["status"]) == ["contested"]
    assert ev["mention_statuses"].iloc[0] == "contested|denied"
