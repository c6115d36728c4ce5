"""Mentions across articles -> one row per change of control (an event).

Mentions merge when they name the same place, hand it to the same side, say the same kind of
thing about it (the place itself, part of it, a count of its districts) and fall within a day
of each other (single linkage, so a chain of reports a day apart stays one event). Undated
mentions merge with each other by place, side and scope only.

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

import pandas as pd

from control_changes.schema import EVENT_COLUMNS, GEO_PRECISION_CODE, TIME_PRECISION_CODE
from gazetteer.places import load_places

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
    """A cluster number per mention: same place/side/scope, dates within a day (chained)."""
    if mentions.empty:
        return pd.Series([], dtype="int64", index=mentions.index)
    m = mentions.assign(_d=pd.to_datetime(mentions["event_date"].replace("", None)))
    m = m.sort_values(["place_id", "new_controller", "scope", "_d"], na_position="last")
    key = m["place_id"] + "|" + m["new_controller"] + "|" + m["scope"]
    new_group = key.ne(key.shift())
    gap = m["_d"].diff().dt.days
    undated = m["_d"].isna()
    new_cluster = new_group | (gap > 1) | (undated & ~undated.shift(fill_value=False))
    return new_cluster.cumsum().reindex(mentions.index)


def merge_events(mentions: pd.DataFrame) -> pd.DataFrame:
    """Events from mentions joined with their articles.

    ``mentions`` needs the mention columns plus the article columns ``story_id``,
    ``published``, ``published_source`` and ``outlet``.
    """
    if mentions.empty:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    m = mentions.copy()
    m["_cluster"] = cluster_mentions(m)
    m["_drank"] = m["date_source"].map(_DATE_RANK).fillna(0)
    m["_srank"] = m["status"].map(_STATUS_RANK).fillna(0)
    rows = []
    for _, g in m.groupby("_cluster", sort=False):
        best = g[g["_drank"] == g["_drank"].max()]
        dated = best[best["event_date"] != ""]
        if dated.empty:
            event_date, precision = "", "undated"
        else:
            by_date = dated.groupby("event_date")["story_id"].nunique()
            top = by_date[by_date == by_date.max()].index.min()
            event_date = top
            precision = dated.loc[dated["event_date"] == top, "date_precision"].iloc[0]
        evidence_row = g.sort_values(["_srank", "_drank", "published"],
                                     ascending=[False, False, True]).iloc[0]
        first = g.iloc[0]
        statuses = set(g["status"])
        published = sorted(p for p in g["published"] if p)
        rows.append({
            "event_id": _event_id(first["place_id"], first["new_controller"], first["scope"],
                                  event_date or "undated"),
            "place_id": first["place_id"],
            "event_date": event_date,
            "date_precision": precision,
            "time_precision": TIME_PRECISION_CODE.get(precision),
            "date_inferred": bool((g["published_source"] == "inferred").all()),
            "new_controller": first["new_controller"],
            "status": merged_status(statuses),
            "scope": first["scope"],
            "count": int(g["count"].max()) if (g["count"] >= 0).all() else -1,
            "n_articles": g["article_id"].nunique(),
            "n_stories": g["story_id"].nunique(),
            "n_mentions": len(g),
            "mention_statuses": "|".join(sorted(statuses)),
            "sources": "|".join(sorted(set(g["file"]))),
            "outlets": "|".join(sorted({o for o in g["outlet"] if o})),
            "first_published": published[0] if published else "",
            "evidence": evidence_row["evidence"],
        })
    events = pd.DataFrame(rows)
    return _with_places(events)


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
