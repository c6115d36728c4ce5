"""Later reports of a change join the event they look back on (control_changes/background)."""

from __future__ import annotations

import itertools
from datetime import date

import pandas as pd

from control_changes.articles import Article
from control_changes.background import attach_background
from control_changes.store import Store

FRESH = Article(text="The Taliban captured Kunduz on Sunday, officials said.",
                file="fresh.txt", outlet="Wire A", published=date(2021, 8, 9))
LOOK_BACK = Article(text="Since the fall of Kunduz, thousands have fled to the capital.",
                    file="later.txt", outlet="Paper B", published=date(2021, 8, 20))
LOOK_BACK_2 = Article(text="Weeks after the insurgents took Kunduz, the markets reopened.",
                      file="later2.txt", outlet="Paper C", published=date(2021, 9, 2))


def _events(tmp_path, articles, name="s.sqlite") -> pd.DataFrame:
    with Store(tmp_path / name) as store:
        for a in articles:
            store.ingest([a])
        events = store.events()
        assert len(events) == store.count_events()
    return events


def test_a_later_report_joins_the_earlier_event(tmp_path):
    ev = _events(tmp_path, [FRESH, LOOK_BACK, LOOK_BACK_2])
    kunduz = ev[ev["place_id"] == "capital:kunduz"]
    assert len(kunduz) == 1
    row = kunduz.iloc[0]
    assert (row["event_date"], row["date_precision"], row["scope"]) == (
        "2021-08-08", "day", "place")
    assert row["sources"].split("|") == ["fresh.txt", "later.txt", "later2.txt"]
    assert row["n_articles"] == 3
    assert row["reports_to"] == "2021-09-02"


def test_later_reports_with_no_earlier_event_make_one_event_by_the_first_day(tmp_path):
    ev = _events(tmp_path, [LOOK_BACK_2, LOOK_BACK])
    row = ev[ev["place_id"] == "capital:kunduz"].iloc[0]
    assert len(ev[ev["place_id"] == "capital:kunduz"]) == 1
    assert (row["event_date"], row["date_precision"], row["scope"]) == (
        "2021-08-20", "before", "place")
    assert row["n_articles"] == 2


def test_the_order_articles_arrive_in_does_not_change_the_events(tmp_path):
    seen = set()
    for n, order in enumerate(itertools.permutations([FRESH, LOOK_BACK, LOOK_BACK_2])):
        ev = _events(tmp_path, order, f"s{n}.sqlite")
        seen.add(tuple(map(tuple, ev[["place_id", "event_date", "date_precision", "sources",
                                      "n_articles"]].to_numpy().tolist())))
    assert len(seen) == 1


def test_a_later_report_never_joins_an_event_after_it():
    events = pd.DataFrame([
        {"event_id": "a", "place": "Kunduz", "place_id": "capital:kunduz", "scope": "place",
         "new_controller": "taliban", "event_date": "2021-08-30", "date_precision": "day",
         "time_precision": 1, "sources": "x", "outlets": "X", "mention_statuses": "reported",
         "n_articles": 1, "n_stories": 1, "n_mentions": 1, "reports_to": "2021-08-30"},
        {"event_id": "b", "place": "Kunduz", "place_id": "capital:kunduz",
         "scope": "background", "new_controller": "taliban", "event_date": "2021-08-20",
         "date_precision": "day", "time_precision": 1, "sources": "y", "outlets": "Y",
         "mention_statuses": "reported", "n_articles": 1, "n_stories": 1, "n_mentions": 1,
         "reports_to": "2021-08-20"},
    ])
    out = attach_background(events)
    assert sorted(zip(out["event_date"], out["date_precision"], strict=True)) == [
        ("2021-08-20", "before"), ("2021-08-30", "day")]
