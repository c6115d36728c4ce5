"""Later reports of a change join the event they look back on (control_changes/background)."""

from __future__ import annotations

import itertools
import random
from datetime import date

import pandas as pd

from control_changes.articles import Article
from control_changes.background import attach_background, count_settled
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


def _row(event_id: str, day: str, scope: str = "place", controller: str = "taliban",
         source: str = "stated", precision: str = "day") -> dict:
    return {"event_id": event_id, "place": "Kunduz", "place_id": "capital:kunduz",
            "scope": scope, "new_controller": controller, "event_date": day,
            "date_precision": precision, "date_source": source, "time_precision": 1,
            "status": "reported", "sources": f"{event_id}.txt", "outlets": "X",
            "mention_statuses": "reported", "n_articles": 1, "n_stories": 1, "n_mentions": 1,
            "reports_to": day}


def _dates(rows: list[dict]) -> list[tuple[str, str]]:
    out = attach_background(pd.DataFrame(rows))
    return sorted(zip(out["event_date"], out["date_precision"], strict=True))


def test_a_later_report_never_joins_an_event_after_it():
    assert _dates([_row("a", "2021-08-30"), _row("b", "2021-08-20", "background")]) == [
        ("2021-08-20", "before"), ("2021-08-30", "day")]


def test_a_report_dated_only_by_publication_joins_the_change_days_before_it():
    assert _dates([_row("a", "2021-08-08"), _row("b", "2021-08-12", source="publication")]
                  ) == [("2021-08-08", "day")]


def test_a_report_dated_only_by_publication_stands_alone_after_the_place_changed_hands():
    rows = [_row("a", "2021-07-01"), _row("g", "2021-07-04", controller="government"),
            _row("b", "2021-07-08", source="publication")]
    assert _dates(rows) == [("2021-07-01", "day"), ("2021-07-04", "day"),
                            ("2021-07-08", "day")]


def test_a_report_dated_only_by_publication_joins_the_change_weeks_before_it():
    assert _dates([_row("a", "2021-06-01"), _row("b", "2021-06-25", source="publication")]
                  ) == [("2021-06-01", "day")]


def test_a_report_dated_by_its_own_day_stands_alone_weeks_later():
    assert _dates([_row("a", "2021-06-01"), _row("b", "2021-06-25")]) == [
        ("2021-06-01", "day"), ("2021-06-25", "day")]


def test_days_of_fighting_in_one_place_are_one_contested_spell():
    rows = [_row("a", "2021-07-01"), _row("b", "2021-07-03"), _row("c", "2021-07-12"),
            _row("d", "2021-07-30")]
    for r in rows:
        r["status"] = r["mention_statuses"] = "contested"
    assert _dates(rows) == [("2021-07-01", "day"), ("2021-07-30", "day")]


def test_the_count_of_events_is_the_number_attach_background_leaves():
    rng = random.Random(7)
    for _ in range(200):
        rows = []
        for n in range(rng.randint(1, 9)):
            row = _row(f"e{n}", f"2021-07-{rng.randint(1, 28):02d}",
                       scope=rng.choice(["place", "place", "background", "partial"]),
                       controller=rng.choice(["taliban", "taliban", "government"]),
                       source=rng.choice(["stated", "publication", "carried"]),
                       precision=rng.choice(["day", "day", "week"]))
            row["status"] = row["mention_statuses"] = rng.choice(
                ["reported", "contested", "claimed", "denied"])
            rows.append(row)
        frame = pd.DataFrame(rows)
        assert count_settled(frame) == len(attach_background(frame)), rows


def test_a_later_report_of_the_fall_turns_an_entry_into_the_capture(tmp_path):
    entered = Article(text="The Taliban entered Kunduz on Sunday, residents said.",
                      file="entry.txt", outlet="Wire A", published=date(2021, 8, 9))
    ev = _events(tmp_path, [entered, LOOK_BACK])
    (row,) = ev[ev["place_id"] == "capital:kunduz"].to_dict("records")
    assert (row["event_date"], row["status"], row["n_articles"]) == ("2021-08-08", "reported",
                                                                     2)


def test_reports_of_part_of_a_province_are_one_running_report():
    rows = [_row("a", "2021-06-20", scope="partial"), _row("b", "2021-07-15", scope="partial"),
            _row("c", "2021-07-01", scope="count"), _row("d", "2021-08-01", scope="count")]
    out = attach_background(pd.DataFrame(rows))
    assert sorted(zip(out["scope"], out["event_date"], strict=True)) == [
        ("count", "2021-07-01"), ("partial", "2021-06-20")]


def test_a_second_dated_capture_days_later_with_no_loss_between_is_the_same_change():
    assert _dates([_row("a", "2021-08-08"), _row("b", "2021-08-12")]) == [("2021-08-08", "day")]
    rows = [_row("a", "2021-08-08"), _row("g", "2021-08-10", controller="government"),
            _row("b", "2021-08-12")]
    assert len(_dates(rows)) == 3


def test_a_look_back_at_fighting_joins_the_change_it_looked_back_on():
    rows = [_row("a", "2021-08-15"), _row("b", "2021-08-25", "background")]
    rows[1]["status"] = rows[1]["mention_statuses"] = "contested"
    assert _dates(rows) == [("2021-08-15", "day")]
