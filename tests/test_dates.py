"""Date phrases resolved against the publication date (Friday 13 August 2021 here)."""

from __future__ import annotations

from datetime import date

import pytest

from control_changes.dates import find_dates

FRIDAY = date(2021, 8, 13)


def only(text: str, published: date | None = FRIDAY):
    found = find_dates(text, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text,when", [
    ("on Thursday", date(2021, 8, 12)),
    ("on Friday", date(2021, 8, 13)),  # the publication day itself
    ("on Saturday", date(2021, 8, 7)),  # the most recent Saturday before publication
    ("last Friday", date(2021, 8, 6)),
    ("yesterday", date(2021, 8, 12)),
    ("a day earlier", date(2021, 8, 12)),
    ("overnight", date(2021, 8, 13)),
    ("on August 12", date(2021, 8, 12)),
    ("on Aug. 12", date(2021, 8, 12)),
    ("on 12 August", date(2021, 8, 12)),
    ("July 8", date(2021, 7, 8)),
    ("on December 30", date(2020, 12, 30)),  # after publication in the year: the year before
    ("on August 12, 2021", date(2021, 8, 12)),
    ("2021-08-12", date(2021, 8, 12)),
])
def test_day_phrases(text, when):
    d = only(text)
    assert d.when == when and d.precision == "day"


@pytest.mark.parametrize("text", ["earlier this week", "last week", "in recent days",
                                  "in the past few days"])
def test_week_phrases_have_week_precision(text):
    d = only(text)
    assert d.precision == "week" and d.when <= FRIDAY


def test_weeks_phrases_have_month_precision():
    assert only("in recent weeks").precision == "month"


def test_years_before_the_offensive_mark_history():
    d = only("in 2001")
    assert d.precision == "history"
    assert find_dates("in 2021", FRIDAY) == []


def test_weekday_without_publication_date_cannot_be_placed():
    d = only("on Thursday", published=None)
    assert d.when is None


def test_offsets_cover_the_phrase():
    text = "Fighters entered the city late Thursday night."
    d = only(text)
    assert text[d.start:d.end] == "Thursday"


def test_may_the_verb_is_not_a_month():
    assert find_dates("The government may be forced to pull back.", FRIDAY) == []
