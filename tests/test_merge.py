"""Merging mentions across articles into events, and the written status rules."""

from __future__ import annotations

from bisect import bisect_left

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from control_changes.merge import (
    LAST_DAY,
    add_summary,
    changed_windows,
    cluster_spans,
    day_summaries,
    dump_summary,
    load_summary,
    merge_events,
    merged_status,
    new_summary,
    rows_of,
    summary_fields,
)


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


def _mixed_mentions() -> list[dict]:
    """Mentions of one place over four days, with ties in date votes and evidence."""
    return [
        mention(mention_id="m1", article_id="a1", story_id="s1", event_date="2021-08-10",
                status="claimed", date_source="publication", published="2021-08-10"),
        mention(mention_id="m2", article_id="a2", story_id="s2", event_date="2021-08-11",
                status="reported", start=40, count=3, outlet="B"),
        mention(mention_id="m3", article_id="a3", story_id="s2", event_date="2021-08-11",
                date_precision="week", status="denied", file="", outlet=""),
        mention(mention_id="m4", article_id="a4", story_id="s4", event_date="2021-08-12",
                status="reported", published="", published_source="inferred", count=-1),
        mention(mention_id="m5", article_id="a2", story_id="s2", event_date="2021-08-12",
                status="confirmed", date_source="carried", start=90),
        mention(mention_id="m6", article_id="a6", story_id="s6", event_date="",
                date_source="none", date_precision="undated"),
    ]


@pytest.mark.parametrize("split", [1, 2, 3, 5])
def test_summaries_of_parts_add_up_to_the_summary_of_the_whole(split):
    frame = pd.DataFrame(_mixed_mentions()[:5])
    whole = new_summary()
    for s in day_summaries(rows_of(frame)).values():
        add_summary(whole, s)
    # The parts go through the store's JSON on the way, in reverse order.
    parts = [day_summaries(rows_of(frame.iloc[i:i + split]))
             for i in range(0, len(frame), split)]
    added = new_summary()
    for part in reversed(parts):
        for s in part.values():
            add_summary(added, load_summary(dump_summary(s)))
    assert summary_fields(added) == summary_fields(whole)
    assert added["lead"] == whole["lead"]


def test_summary_stored_by_the_json_module_loads_the_same_as_one_stored_now():
    """Stores written before summaries went through msgspec hold json.dumps text, which
    escapes letters beyond ASCII; both forms must load to the same summary."""
    import json

    frame = pd.DataFrame([mention(outlet="Ṭolo – خبر", file="café.txt"),
                          mention(mention_id="m2", article_id="a2", story_id="s2",
                                  outlet="Pajhwok", status="claimed")])
    (s,) = day_summaries(rows_of(frame)).values()
    now = dump_summary(s)
    plain = json.loads(now)
    before = json.dumps(plain, separators=(",", ":"), sort_keys=True)
    assert "\\u2013" in before and "–" in now
    assert json.loads(now) == json.loads(before)  # the same JSON, written two ways
    assert load_summary(before) == load_summary(now)
    assert summary_fields(load_summary(now)) == summary_fields(s)


def test_merged_events_do_not_depend_on_the_order_of_mentions():
    frame = pd.DataFrame(_mixed_mentions())
    first = merge_events(frame)
    shuffled = merge_events(frame.sample(frac=1, random_state=3).reset_index(drop=True))
    assert first.sort_values("event_id").reset_index(drop=True).equals(
        shuffled.sort_values("event_id").reset_index(drop=True))
    dated = first[first["event_date"] != ""].iloc[0]
    # The stated dates outrank carried and publication dates; 2021-08-11 has one story
    # (s2) like 2021-08-12 (s4), so the earlier date wins, with its first mention's precision.
    assert dated["event_date"] == "2021-08-11" and dated["date_precision"] == "day"
    assert dated["n_articles"] == 4 and dated["n_stories"] == 3 and dated["count"] == -1
    assert dated["status"] == "disputed" and dated["sources"] == "a1.txt"
    assert dated["outlets"] == "B|Outlet" and not dated["date_inferred"]


def _windows_for(old_days: set[int], new_days: set[int],
                 touched: set[int] = frozenset()) -> list[tuple[int, int]]:
    """``changed_windows`` for a key whose report days go from ``old_days`` to ``new_days``,
    ``touched`` being days kept that changed mentions."""
    old = cluster_spans(sorted(old_days))
    days = sorted(new_days)
    return changed_windows(sorted((old_days ^ new_days) | touched),
                           lambda d: iter([s for s in old if s[0] >= d]),
                           lambda d: iter(days[bisect_left(days, d):]))


@given(st.sets(st.integers(0, 60)), st.sets(st.integers(0, 60)), st.sets(st.integers(0, 60)),
       st.sets(st.integers(0, 60)))
@settings(max_examples=500, deadline=None)
def test_changed_windows_hold_whole_clusters_and_the_other_clusters_stay_as_they_were(
        old_days, added, removed, touched):
    new_days = (old_days | added) - removed
    touched &= old_days & new_days
    windows = _windows_for(old_days, new_days, touched)
    assert all(any(lo <= c <= hi for lo, hi in windows)
               for c in (old_days ^ new_days) | touched)
    assert all(a[1] < b[0] for a, b in zip(windows, windows[1:], strict=False))
    old, new = cluster_spans(sorted(old_days)), cluster_spans(sorted(new_days))

    def inside(span):
        return any(lo <= span[0] and span[1] <= hi for lo, hi in windows)

    def meets(span):
        return any(lo <= span[1] and span[0] <= hi for lo, hi in windows)

    assert all(inside(s) for s in old + new if meets(s))
    assert [s for s in old if not inside(s)] == [s for s in new if not inside(s)]


def test_changed_windows_stay_near_the_change_in_a_long_history():
    # Reports every other day for ten years: a new day between two of them joins the
    # cluster of the day before, and only that stretch is merged again.
    old_days = set(range(0, 3650, 2))
    assert _windows_for(old_days, old_days | {1001}) == [(1000, 1003)]
    assert _windows_for(old_days, old_days, touched={2000}) == [(2000, 2001)]
    assert _windows_for(old_days, old_days - {3648}) == [(3648, LAST_DAY)]
