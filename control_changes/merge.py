"""Mentions across articles -> one row per change of control (an event).

Mentions merge when they name the same place, hand it to the same side, say the same kind of
thing about it (the place itself, part of it, a count of its districts) and fall within a day
of each other (single linkage, so a chain of reports a day apart stays one event, up to
``MAX_EVENT_SPAN_DAYS`` from its first date). Undated mentions merge with each other by
place, side and scope only.

The merged status follows these rules, first match wins:

1. ``disputed``  - at least one mention denies it and at least one asserts it;
2. ``denied``    - every mention denies it;
3. ``confirmed`` - some mention is confirmed (the losing side or an independent source admits it);
4. ``reported``  - some mention is reported (officials, witnesses, the journalist);
5. ``claimed``   - the only assertions are the winning side's own claims;
6. ``contested`` - only fighting inside the place is reported.

The event date is taken from the mentions whose date is best attested (stated in the clause
over carried from an earlier sentence over the publication date); among those, the date told by
the most independent stories, and the earliest on a tie.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import numpy as np
import pandas as pd

from control_changes.schema import EVENT_COLUMNS, GEO_PRECISION_CODE, TIME_PRECISION_CODE
from gazetteer.places import load_places

# Longest span, in days from its first report, one event may cover (see cluster_mentions).
MAX_EVENT_SPAN_DAYS = 3

_DATE_RANK = {"stated": 3, "carried": 2, "publication": 1, "none": 0}
_STATUS_RANK = {"confirmed": 5, "reported": 4, "claimed": 3, "contested": 2, "denied": 1}


def merged_status(statuses: set[str]) -> str:
    """The event status from its mentions' statuses (rules in the module docstring)."""
    asserting = statuses & {"claimed", "reported", "confirmed"}
    if "denied" in statuses and asserting:
        return "disputed"
    if statuses == {"denied"}:
        return "denied"
    for status in ("confirmed", "reported", "claimed"):
        if status in statuses:
            return status
    return "contested"


def _event_id(place_id: str, controller: str, scope: str, when: str) -> str:
    raw = f"{place_id}|{controller}|{scope}|{when}"
    return hashlib.sha1(raw.encode()).hexdigest()[:12]


def cluster_mentions(mentions: pd.DataFrame) -> pd.Series:
    """A cluster number per mention: same place/side/scope, dates within a day (chained).

    A chain is cut once it spans more than ``MAX_EVENT_SPAN_DAYS`` from its first date (see
    ``cluster_spans``), so a place reported contested every day for a month gives an event
    every few days instead of one event that hides the month. Undated mentions of a key form
    one cluster of their own.
    """
    if mentions.empty:
        return pd.Series([], dtype="int64", index=mentions.index)
    day = pd.to_datetime(mentions["event_date"].replace("", None))
    m = mentions.assign(_d=day)
    m = m.sort_values(["place_id", "new_controller", "scope", "_d"], na_position="last",
                      kind="stable")
    key = (m["place_id"] + "|" + m["new_controller"] + "|" + m["scope"]).to_numpy()
    ordinal = m["_d"].to_numpy(dtype="datetime64[D]").astype("int64")
    undated = m["_d"].isna().to_numpy()
    out = np.empty(len(m), dtype="int64")
    # Rows are sorted by key, then date (undated last): each key is one contiguous run.
    bounds = np.flatnonzero(np.r_[True, key[1:] != key[:-1], True])
    next_cluster = 0
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        dated = ~undated[lo:hi]
        days = ordinal[lo:hi][dated]
        spans = cluster_spans(sorted(set(days.tolist())))
        starts = np.array([first for first, _ in spans], dtype="int64")
        block = np.empty(hi - lo, dtype="int64")
        block[dated] = next_cluster + np.searchsorted(starts, days, side="right") - 1
        next_cluster += len(spans)
        if not dated.all():
            block[~dated] = next_cluster
            next_cluster += 1
        out[lo:hi] = block
    return pd.Series(out, index=m.index).reindex(mentions.index)


def cluster_spans(days: list[int]) -> list[tuple[int, int]]:
    """The (first, last) day of each cluster for one place, side and scope.

    ``days`` are the distinct day numbers of its dated mentions, sorted. A cluster grows
    while the next day is at most one day on and at most ``MAX_EVENT_SPAN_DAYS`` after its
    first day. The one statement of the rule: ``cluster_mentions`` and the store's
    incremental rebuild both use it.
    """
    spans: list[tuple[int, int]] = []
    for d in days:
        if spans and d - spans[-1][1] <= 1 and d - spans[-1][0] <= MAX_EVENT_SPAN_DAYS:
            spans[-1] = (spans[-1][0], d)
        else:
            spans.append((d, d))
    return spans


def _joined(m: pd.DataFrame, column: str) -> pd.Series:
    """Per cluster, the sorted distinct non-empty values of ``column`` joined by |."""
    pairs = m.loc[m[column] != "", ["_cluster", column]].drop_duplicates()
    pairs = pairs.sort_values(["_cluster", column], kind="stable")
    # A plain loop over the sorted pairs: groupby(...).agg("|".join) calls Python once per
    # cluster through pandas' slow path and cost most of a large merge.
    keys: list = []
    parts: list[list[str]] = []
    for key, value in zip(pairs["_cluster"].tolist(), pairs[column].tolist(), strict=True):
        if keys and keys[-1] == key:
            parts[-1].append(value)
        else:
            keys.append(key)
            parts.append([value])
    return pd.Series(["|".join(p) for p in parts], index=pd.Index(keys, name="_cluster"),
                     name=column, dtype=object)


def merge_events(mentions: pd.DataFrame,
                 evidence_of: Callable[[list[str]], dict[str, str]] | None = None,
                 ) -> pd.DataFrame:
    """Events from mentions joined with their articles, computed per cluster without a loop.

    ``mentions`` needs the mention columns plus the article columns ``story_id``,
    ``published``, ``published_source`` and ``outlet``. Without an ``evidence`` column,
    ``evidence_of`` maps the chosen mentions' ids to their sentences (so a caller holding
    many mentions need not load every sentence).
    """
    if mentions.empty:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    m = mentions.reset_index(drop=True)
    m["_cluster"] = cluster_mentions(m).to_numpy()
    m["_drank"] = m["date_source"].map(_DATE_RANK).fillna(0)
    m["_srank"] = m["status"].map(_STATUS_RANK).fillna(0)
    by = m.groupby("_cluster", sort=True)
    out = by[["place_id", "new_controller", "scope"]].first()

    # Event date: among the best-attested dated mentions, the date most stories give,
    # the earliest on a tie.
    best = m[(m["_drank"] == by["_drank"].transform("max")) & (m["event_date"] != "")]
    votes = (best.groupby(["_cluster", "event_date"], sort=False)
             .agg(n=("story_id", "nunique"), precision=("date_precision", "first"))
             .reset_index()
             .sort_values(["_cluster", "n", "event_date"], ascending=[True, False, True],
                          kind="stable")
             .drop_duplicates("_cluster")
             .set_index("_cluster"))
    out["event_date"] = votes["event_date"].reindex(out.index).fillna("")
    out["date_precision"] = votes["precision"].reindex(out.index).fillna("undated")
    out["time_precision"] = out["date_precision"].map(TIME_PRECISION_CODE)

    # Evidence: the most certain mention, then the best-dated, then the earliest published;
    # article and offset break the remaining ties so the choice never depends on row order.
    lead = (m.sort_values(["_cluster", "_srank", "_drank", "published", "article_id", "start"],
                          ascending=[True, False, False, True, True, True], kind="stable")
            .drop_duplicates("_cluster").set_index("_cluster"))
    if "evidence" in m.columns:
        out["evidence"] = lead["evidence"]
    else:
        sentences = evidence_of(list(lead["mention_id"])) if evidence_of else {}
        out["evidence"] = lead["mention_id"].map(sentences).fillna("")

    out["mention_statuses"] = _joined(m, "status").reindex(out.index).fillna("")
    out["status"] = [merged_status(set(s.split("|")) - {""}) for s in out["mention_statuses"]]

    out["date_inferred"] = m["published_source"].eq("inferred").groupby(m["_cluster"]).all()
    counts = by["count"].agg(["min", "max"])
    out["count"] = np.where(counts["min"] < 0, -1, counts["max"]).astype(int)
    out["n_articles"] = by["article_id"].nunique()
    out["n_stories"] = by["story_id"].nunique()
    out["n_mentions"] = by.size()
    out["sources"] = _joined(m, "file")
    out["outlets"] = _joined(m, "outlet").reindex(out.index).fillna("")
    dated_dates = m.loc[m["event_date"] != ""].groupby("_cluster")["event_date"]
    out["reports_from"] = dated_dates.min().reindex(out.index).fillna("")
    out["reports_to"] = dated_dates.max().reindex(out.index).fillna("")
    published = m.loc[m["published"] != ""].groupby("_cluster")["published"].min()
    out["first_published"] = published.reindex(out.index).fillna("")
    out["event_id"] = [
        _event_id(p, c, s, d or "undated")
        for p, c, s, d in zip(out["place_id"], out["new_controller"], out["scope"],
                              out["event_date"], strict=True)
    ]
    return _with_places(out.reset_index(drop=True))


def _with_places(events: pd.DataFrame) -> pd.DataFrame:
    places = load_places()
    info = places.loc[events["place_id"]]
    events["place"] = info["name"].to_numpy()
    events["place_type"] = info["place_type"].to_numpy()
    events["province"] = info["province"].to_numpy()
    events["province_id"] = info["province_id"].to_numpy()
    events["admin1"] = info["province"].to_numpy()
    events["admin2"] = info["district"].to_numpy()
    events["country"] = info["country"].to_numpy()
    events["latitude"] = info["latitude"].to_numpy()
    events["longitude"] = info["longitude"].to_numpy()
    events["geo_precision"] = info["precision"].to_numpy()
    events["geo_precision_code"] = events["geo_precision"].map(GEO_PRECISION_CODE)
    events = events.sort_values(["event_date", "place"], na_position="last")
    return events[EVENT_COLUMNS].reset_index(drop=True)
