"""Dates of reported changes and background (control_changes/timing)."""

from __future__ import annotations

from datetime import date

from control_changes.dates import find_dates
from control_changes.timing import narrative_dates


def test_a_date_in_an_aside_does_not_move_the_story_on():
    sentence = "The insurgents hold Kunduz, which they seized on Sunday, and on Monday took Aybak."
    dates = find_dates(sentence, date(2021, 8, 10))
    assert [d.text for d in narrative_dates(sentence, dates)] == ["Monday"]
