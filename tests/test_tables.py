"""Event tables in words, and the codes the downloads keep, each documented."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard_core.tables import CODES, READABLE, export, readable

DOC = (Path(__file__).resolve().parents[1] / "docs" / "dashboard.md").read_text(encoding="utf-8")


def _event(**kw) -> dict:
    row = {"event_id": "e1", "place": "Badghis", "place_id": "province:badghis",
           "place_type": "province", "province": "Badghis", "country": "Afghanistan",
           "event_date": "2021-07-07", "new_controller": "taliban", "status": "confirmed",
           "scope": "count", "count": -1, "n_stories": 1, "n_articles": 2,
           "outlets": "The Guardian", "evidence": "All districts have fallen.",
           "sources": "003.txt", "latitude": 35.0, "longitude": 63.7,
           "geo_precision": "province", "date_precision": "day", "date_inferred": False,
           "first_published": "2021-07-07"}
    return {**row, **kw}


def test_codes_become_words():
    events = pd.DataFrame([
        _event(),
        _event(event_id="e2", place="Islam Qala", place_type="border_crossing",
               country="Iran", scope="place", count=0, event_date=""),
        _event(event_id="e3", place="Herat", place_type="province", scope="count", count=5,
               status="contested"),
    ])
    shown = readable(events)
    assert list(shown.columns) == list(READABLE)
    assert list(shown["extent"]) == ["all districts", "whole place", "5 districts"]
    assert list(shown["border with"]) == ["", "Iran", ""]
    assert list(shown["date"]) == ["2021-07-07", "undated", "2021-07-07"]
    assert list(shown["handed to"]) == ["Taliban", "Taliban", "Contested"]
    assert list(shown["kind"]) == ["province", "border crossing", "province"]
    out = export(events)
    assert list(out.columns) == list(READABLE) + CODES
    assert list(out["count"]) == [-1, 0, 5]


def test_every_column_of_the_tables_and_downloads_is_documented():
    for column in [*READABLE, *CODES]:
        assert f"| `{column}` |" in DOC, column
