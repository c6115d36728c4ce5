"""Scoring events against a gold table (control_changes/evaluate, `conflict-map evaluate`)."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from control_changes.cli import main
from control_changes.evaluate import GoldError, read_gold, score

GOLD = """id,core,place,place_type,province,event_date,date_tolerance_days,new_controller,status
G1,1,Kunduz,provincial_capital,Kunduz,2021-08-08,1,taliban,reported
G2,1,Sar-e Pul,provincial_capital,Sar-e Pul,2021-08-08,1,taliban,reported
G3,0,Bagram Air Base,military_base,Parwan,2021-07-02,1,government,reported
"""


def _event(place_id: str, day: str, controller: str = "taliban", precision: str = "day",
           place: str = "") -> dict:
    return {"place_id": place_id, "place": place or place_id, "event_date": day,
            "date_precision": precision, "new_controller": controller, "status": "reported",
            "scope": "place", "sources": "a.txt"}


@pytest.fixture
def gold(tmp_path):
    path = tmp_path / "gold.csv"
    path.write_text(GOLD, encoding="utf-8")
    return read_gold(path)


def test_any_spelling_within_the_tolerance_is_found_and_a_second_event_is_a_duplicate(gold):
    events = pd.DataFrame([
        _event("capital:kunduz", "2021-08-09"), _event("capital:kunduz", "2021-08-08"),
        _event("capital:sar-e-pol", "2021-08-12")])
    result = score(events, gold)
    assert [g.row_id for g, _ in result.found] == ["G1"]
    assert sorted(why for _, why in result.false_events) == [
        "duplicate of G1", "no such change in the gold table"]
    assert (round(result.recall, 2), round(result.precision, 2)) == (0.5, 0.33)


def test_an_optional_row_is_neither_right_nor_wrong(gold):
    events = pd.DataFrame([_event("site:bagram-airfield", "2021-07-02", "government")])
    result = score(events, gold)
    assert result.false_events == [] and result.precision == 0.0
    assert len(result.found) == 1 and not result.found[0][0].core


def test_an_event_known_only_by_a_day_matches_an_earlier_change(gold):
    events = pd.DataFrame([_event("capital:kunduz", "2021-08-20", precision="before")])
    assert [g.row_id for g, _ in score(events, gold).found] == ["G1"]


def test_a_gold_table_without_the_columns_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,date\nKunduz,2021-08-08\n", encoding="utf-8")
    with pytest.raises(GoldError, match="missing column"):
        read_gold(bad)


def test_evaluate_command_scores_an_events_csv_by_place_name(tmp_path, capsys):
    gold = tmp_path / "gold.csv"
    gold.write_text(GOLD, encoding="utf-8")
    events = tmp_path / "events.csv"
    events.write_text("place,province,event_date,new_controller\n"
                      "Kondoz,Kunduz,2021-08-08,Taliban\nSar-i-Pul,,2021-08-07,taliban\n",
                      encoding="utf-8")
    assert main(["evaluate", str(gold), "--events", str(events)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == "recall 1.00 precision 1.00 f1 1.00"


def test_evaluate_command_reports_a_missing_store(tmp_path, capsys):
    gold = tmp_path / "gold.csv"
    gold.write_text(GOLD, encoding="utf-8")
    assert main(["evaluate", str(gold), "--db", str(tmp_path / "none.sqlite")]) == 2
    assert "no store there" in capsys.readouterr().err


sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "nyt-2021"


@pytest.mark.skipif(not (CORPUS / "records.csv").exists(),
                    reason=f"no development corpus at {CORPUS} (not shipped with the project)")
def test_development_corpus_meets_the_accuracy_target(tmp_path):
    from benchmarks.real_press import corpus_articles, run

    events, _ = run(corpus_articles(CORPUS), tmp_path, "dev")
    result = score(events, read_gold(CORPUS / "gold_events.csv"))
    assert result.f1 >= 0.85 and result.precision >= 0.85, result.lines()
    kabul = events[(events["place_id"] == "capital:kabul") & (events["new_controller"]
                    == "taliban") & (events["event_date"] >= "2021-08-01")]
    assert kabul["event_date"].tolist() == ["2021-08-15"]
