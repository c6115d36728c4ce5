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


@pytest.mark.parametrize("text,when,precision", [
    ("two days ago", date(2021, 8, 11), "day"),
    ("three days ago", date(2021, 8, 10), "day"),
    ("a week ago", date(2021, 8, 6), "week"),
    ("over the weekend", date(2021, 8, 7), "week"),  # the Saturday before
    ("at the weekend", date(2021, 8, 7), "week"),
    ("on the 12th.", date(2021, 8, 12), "day"),
    ("on the 30th.", date(2021, 7, 30), "day"),  # after publication: the month before
])
def test_relative_days_and_the_day_of_the_month(text, when, precision):
    d = only(text)
    assert (d.when, d.precision) == (when, precision)


def test_the_nth_followed_by_a_noun_is_not_a_date():
    assert find_dates("Soldiers of the 12th brigade fled.", FRIDAY) == []


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


# One phrase for every way a date phrase can begin: the scan skips positions whose first
# character cannot start a phrase, so a missing letter would lose a whole kind of phrase.
EVERY_OPENING = [
    "2021-08-12", "Jan 5", "February 3", "Mar 1", "April 2", "May 4", "June 6", "Jul 8",
    "August 12", "Sep 9", "Sept 9", "October 1", "Nov 2", "Dec 3", "12 August",
    "3rd of July", "last Friday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday", "yesterday", "last night", "a day earlier", "a day before",
    "the day before", "the previous day", "today", "tonight", "this morning", "overnight",
    "in the last 24 hours", "on the same day", "earlier this week", "earlier in the week",
    "this week", "last week", "in the past few days", "in recent days", "over the weekend",
    "last weekend", "days ago", "in recent weeks", "for weeks", "in the last few weeks",
    "this month", "last month", "weeks ago", "in 2001", "since 1996", "of 2001",
    "until 1989", "by 2001", "two days ago", "a week ago", "5 days ago", "at the weekend",
    "this weekend", "during the weekend", "on the 12th",
]


@pytest.mark.parametrize("phrase", EVERY_OPENING)
def test_every_kind_of_date_phrase_is_found_whole(phrase):
    text = f"Fighting went on ({phrase}) there."
    found = find_dates(text, FRIDAY)
    assert [f.text for f in found] == [phrase]
    assert found[0].start == text.index(phrase)
