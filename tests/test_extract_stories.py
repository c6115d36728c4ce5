"""Whole stories of our own (tests/fixtures/stories): every change each reports as news, and
nothing else as news.

Sentence tests check one construction at a time; a story checks them together, with the
look-backs, tallies, claims and denials real copy surrounds the news with, and with dates
carried from one sentence to the next.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from control_changes.articles import Article
from control_changes.extract import extract

STORIES = Path(__file__).resolve().parent / "fixtures" / "stories"


def _expected() -> dict[str, tuple[date, list[dict]]]:
    by_file: dict[str, list[dict]] = defaultdict(list)
    published: dict[str, date] = {}
    with (STORIES / "expected.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            by_file[row["file"]].append(row)
            published[row["file"]] = date.fromisoformat(row["published"])
    return {f: (published[f], rows) for f, rows in by_file.items()}


EXPECTED = _expected()


def test_every_story_has_expectations():
    assert set(EXPECTED) == {p.name for p in STORIES.glob("*.txt")}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_story_reports_its_news_and_nothing_else_as_news(name):
    published, rows = EXPECTED[name]
    text = (STORIES / name).read_text(encoding="utf-8")
    news = [m for m in extract(Article(text=text, published=published, file=name))
            if m.scope == "place"]
    got = {(m.place_id, m.new_controller, m.status) for m in news}
    assert got == {(r["place_id"], r["new_controller"], r["status"]) for r in rows}
    dates = defaultdict(set)
    for m in news:
        dates[(m.place_id, m.new_controller, m.status)].add(m.event_date)
    for r in rows:
        if r["event_date"]:
            key = (r["place_id"], r["new_controller"], r["status"])
            assert date.fromisoformat(r["event_date"]) in dates[key], (key, dates[key])
