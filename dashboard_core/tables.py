"""Event tables in words a reader understands, and the export that keeps the codes too.

The store's columns hold codes: ``count`` -1 means "all the districts", ``country`` of a
border crossing is the neighbour across it, ``sources`` lists the files the articles came
from. On screen those become "all districts", "border with Iran" and the outlets; the
downloads keep the readable columns first and the codes after them, each documented in
``docs/dashboard.md``.
"""

from __future__ import annotations

import pandas as pd

from dashboard_core.data import SIDE_LABELS, TYPE_LABELS, event_side, shown_date

# Readable column -> what it says (shown as the column's help on the page).
READABLE = {
    "date": "Day of the change ('undated' when no article dates it)",
    "place": "Place name",
    "kind": "Provincial capital, district, province, border crossing or military site",
    "province": "Province the place is in",
    "border with": "For a border crossing: the neighbouring country across it",
    "handed to": "Side the place passed to (Contested: fighting inside it)",
    "status": "How sure the reports are: confirmed, reported, claimed, disputed, denied",
    "extent": "Whole place, part of it, or how many of its districts",
    "stories": "Independent stories reporting it (syndicated copies count once)",
    "articles": "Articles reporting it",
    "outlets": "Outlets that published those articles",
    "evidence": "The sentence the change was read from",
    "review": "An analyst's verdict on the row: accepted, corrected, rejected or added "
              "(empty when nobody reviewed it)",
    "reviewer": "Who reviewed it",
    "review note": "The reviewer's note",
}
# Codes kept in the downloads, after the readable columns (see docs/dashboard.md).
CODES = ["event_id", "place_id", "place_type", "new_controller", "scope", "count", "country",
         "latitude", "longitude", "geo_precision", "date_precision", "date_source",
         "date_inferred", "first_published", "sources", "reviewed_at", "machine_event_date",
         "machine_new_controller", "machine_status", "machine_place_id"]


def _extent(scope: str, count: int) -> str:
    if scope == "partial":
        return "part of it"
    if scope == "count":
        return "all districts" if count < 0 else f"{count} district{'' if count == 1 else 's'}"
    return "whole place"


def readable(events: pd.DataFrame) -> pd.DataFrame:
    """One row per event, in the words of ``READABLE``."""
    if events.empty:
        return pd.DataFrame(columns=list(READABLE))
    crossing = events["place_type"] == "border_crossing"
    neighbour = events["country"].where(crossing & (events["country"] != "Afghanistan"), "")
    return pd.DataFrame({
        "date": shown_dates(events),
        "place": events["place"],
        "kind": events["place_type"].map(lambda t: TYPE_LABELS.get(t, t)),
        "province": events["province"],
        "border with": neighbour.fillna(""),
        "handed to": event_side(events).map(lambda s: SIDE_LABELS.get(s, s)),
        "status": events["status"],
        "extent": [_extent(s, int(c)) for s, c in zip(events["scope"], events["count"],
                                                       strict=True)],
        "stories": events["n_stories"],
        "articles": events["n_articles"],
        "outlets": events["outlets"],
        "evidence": events["evidence"],
        "review": _column(events, "review_verdict"),
        "reviewer": _column(events, "reviewer"),
        "review note": _column(events, "review_note"),
    }, index=events.index)


def _column(events: pd.DataFrame, name: str) -> pd.Series:
    """A column that only reviewed tables have, blank where it is missing."""
    if name not in events:
        return pd.Series("", index=events.index)
    return events[name].fillna("").astype(str)


def shown_dates(events: pd.DataFrame) -> pd.Series:
    """Event dates as a reader should take them (``data.shown_date``)."""
    return pd.Series([shown_date(day, precision) for day, precision in zip(
        events["event_date"].fillna(""), _column(events, "date_precision"), strict=True)],
        index=events.index, dtype=object)


def export(events: pd.DataFrame) -> pd.DataFrame:
    """The downloads: the readable columns, then the codes."""
    return pd.concat([readable(events), events.reindex(columns=CODES)], axis=1)


def column_help() -> dict:
    """Streamlit column settings giving each readable column its help text."""
    import streamlit as st

    return {name: st.column_config.Column(help=text) for name, text in READABLE.items()}
