"""Dates as news copy writes them, resolved against the publication date.

Wire copy dates events by weekday ("on Thursday", "late Thursday night", "early Sunday"),
by relative phrases ("overnight", "a day earlier", "earlier this week", "in recent days") and
by calendar dates ("on August 12", "July 8"). Each phrase becomes a date and a precision:
``day`` for a day, ``week`` for a span of days, ``month`` for weeks or a named month ("in
June", dated on its first day). A weekday is the most
recent such day on or before publication; "overnight" is the night ending on the publication
day. A year before the offensive ("in 2001") marks history, not an event.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import NamedTuple

from control_changes.caseless import Caseless

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WD_RE = "|".join(WEEKDAYS)

# Earliest year that counts as the present: anything before is history.
HISTORY_BEFORE_YEAR = 2021

# Every phrase below starts at a word boundary with one of these characters. Testing that
# first lets the scan pass over most positions at once instead of trying every alternative
# there (about four times faster); tests/test_dates.py checks a phrase of every kind.
_FIRST_CHARS = "0-9abdefijlmnostuwy"
_DATE_RE = Caseless(
    r"\b(?=[" + _FIRST_CHARS + r"])(?:"
    r"(?P<iso>(?P<iy>20\d\d)-(?P<im>\d\d)-(?P<id>\d\d)\b)"
    r"|(?P<md>(?P<m1>" + _MONTH_RE + r")\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?\b"
    r"(?:,?\s+(?P<y1>\d{4}))?)"
    r"|(?P<dm>(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>" + _MONTH_RE + r")\b"
    r"(?:,?\s+(?P<y2>\d{4}))?)"
    r"|(?P<mname>(?:in|during|since|until|through|early|late|mid|last)\s+"
    r"(?:(?:early|late|mid)[\s-]+)?(?P<m3>" + _MONTH_RE + r")\b(?!\.?\s+\d))"
    r"|(?P<lastwd>last\s+(?P<lw>" + _WD_RE + r")\b)"
    r"|(?P<wd>(?P<w>" + _WD_RE + r")\b)"
    r"|(?P<prev>(?:yesterday|last\s+night|a\s+day\s+(?:earlier|before)|"
    r"the\s+(?:day\s+before|previous\s+day))\b)"
    r"|(?P<today>(?:today|tonight|this\s+(?:morning|afternoon|evening)|overnight|"
    r"in\s+the\s+(?:last|past)\s+24\s+hours|on\s+the\s+same\s+day)\b)"
    r"|(?P<ago>(?P<an>a|one|two|three|four|five|six|\d)\s+(?P<unit>days?|weeks?)\s+ago\b)"
    r"|(?P<weekend>(?:(?:over|at|during|on)\s+the|last|this)\s+weekend\b)"
    r"|(?P<nth>on\s+the\s+(?P<dn>\d{1,2})(?:st|nd|rd|th)\b(?=\s*(?:[,.;:)]|$)))"
    r"|(?P<week>(?:earlier\s+(?:this|in\s+the)\s+week|this\s+week|last\s+week|"
    r"in\s+the\s+(?:last|past)\s+(?:week|few\s+days|several\s+days|days)|"
    r"in\s+recent\s+days|days\s+ago)\b)"
    r"|(?P<month>(?:in\s+recent\s+weeks|for\s+weeks|in\s+the\s+(?:last|past)\s+"
    r"(?:few\s+)?weeks|this\s+month|last\s+month|weeks\s+ago)\b)"
    r"|(?P<year>(?:in|since|of|until|by)\s+(?P<yy>1[89]\d\d|20[0-4]\d)\b))"
)


class DatePhrase(NamedTuple):
    """A date phrase found in text; ``when`` is None when it cannot be placed (no publication)."""

    start: int
    end: int
    text: str
    when: date | None
    precision: str  # day | week | month | history
    explicit: bool  # a calendar date or weekday, not a vague span


def _weekday_on_or_before(published: date, weekday: int, strictly_before: bool) -> date:
    back = (published.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return published - timedelta(days=back)


def _month_start(month: str, published: date | None) -> date | None:
    if published is None:
        return None
    m = _MONTHS[month.lower().rstrip(".")]
    return date(published.year if m <= published.month else published.year - 1, m, 1)


def _calendar(month: str, day: str, year: str | None, published: date | None) -> date | None:
    m = _MONTHS[month.lower().rstrip(".")]
    d = int(day)
    if year:
        y = int(year)
    elif published:
        y = published.year if (m, d) <= (published.month, published.day) else published.year - 1
    else:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


# Every date phrase contains a digit or one of these: a cheap test before the full scan.
_HINTS = ("day", "night", "morning", "afternoon", "evening", "week", "month", "hours", "jan",
          "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "ago")


_DIGIT = re.compile(r"\d")


def _may_hold_a_date(text: str) -> bool:
    lower = text.lower()
    return any(h in lower for h in _HINTS) or _DIGIT.search(text) is not None


def find_dates(text: str, published: date | None) -> list[DatePhrase]:
    """Every date phrase in ``text``, resolved against ``published`` where it is known."""
    out: list[DatePhrase] = []
    if not _may_hold_a_date(text):
        return out
    for m in _DATE_RE.finditer(text):
        kind = m.lastgroup if m.lastgroup in _KINDS else next(
            k for k in _KINDS if m.group(k) is not None)
        when: date | None = None
        precision, explicit = "day", True
        if kind == "iso":
            try:
                when = date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
            except ValueError:
                continue
        elif kind == "md":
            when = _calendar(m.group("m1"), m.group("d1"), m.group("y1"), published)
        elif kind == "dm":
            when = _calendar(m.group("m2"), m.group("d2"), m.group("y2"), published)
        elif kind == "mname":
            # "In June": the month, the latest one not after publication.
            precision = "month"
            when = _month_start(m.group("m3"), published)
            if when is None:
                continue
        elif kind in {"lastwd", "wd"}:
            name = (m.group("lw") or m.group("w")).lower()
            if published:
                when = _weekday_on_or_before(published, WEEKDAYS.index(name), kind == "lastwd")
        elif kind == "prev":
            when = published - timedelta(days=1) if published else None
        elif kind == "today":
            when, explicit = published, False
        elif kind == "ago":
            # "two days ago" is a day; "a week ago" a span around one.
            n = _SMALL_NUMBERS.get(m.group("an").lower()) or int(m.group("an"))
            weeks = m.group("unit").lower().startswith("week")
            precision, explicit = ("week", False) if weeks else ("day", True)
            when = published - timedelta(days=n * (7 if weeks else 1)) if published else None
        elif kind == "weekend":
            # The Saturday of the weekend before publication.
            precision, explicit = "week", False
            when = _weekday_on_or_before(published - timedelta(days=1), 5, False) \
                if published else None
        elif kind == "nth":
            # "on the 8th": that day of the publication's month, or of the month before.
            when = _nth_of_month(int(m.group("dn")), published)
            if when is None and published is not None:
                continue
        elif kind == "week":
            precision, explicit = "week", False
            when = published - timedelta(days=published.weekday()) if published else None
            if published and "last" in m.group().lower() and "week" in m.group().lower():
                when = published - timedelta(days=7)
        elif kind == "month":
            precision, explicit = "month", False
            when = published - timedelta(days=14) if published else None
        elif kind == "year":
            year = int(m.group("yy"))
            if year >= HISTORY_BEFORE_YEAR:
                continue
            precision, explicit = "history", True
            when = date(year, 1, 1)
        out.append(DatePhrase(m.start(), m.end(), text[m.start():m.end()], when, precision,
                              explicit))
    return out


_KINDS = ("iso", "md", "dm", "mname", "lastwd", "wd", "prev", "today", "ago", "weekend", "nth",
          "week", "month", "year")
_SMALL_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _nth_of_month(day: int, published: date | None) -> date | None:
    if published is None:
        return None
    year, month = published.year, published.month
    if day > published.day:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    try:
        return date(year, month, day)
    except ValueError:
        return None
