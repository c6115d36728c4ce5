"""Later reports of a change: "since Herat fell" is evidence, not a new event.

Articles mention old changes of control again and again: in passing ("once the militants held
Herat", "the seizure of Herat", "Herat's loss") and in recaps with no date of their
own ("the insurgents have taken Aybak, Maimana and Farah"). Read one by one, each would be
a new event on its publication day, and a place would fall a dozen times. Every read of the
events table therefore passes through ``attach_background``, which applies two rules, per
place and new controller, in date order:

* **Background** (the extractor's scope ``background``: a nominal form or a subordinate clause
  with no date of its own) is a later report of the latest earlier event of the same place and
  new controller, whenever it was. With no earlier event, the background reports of a place
  make one event of their own, dated on or before the first day they appeared
  (``date_precision`` ``before``: "by 25 Aug").
* **Loosely dated reports** (an event whose best date is its articles' publication day, or
  a week or a month) say only that the place was held by then: they join the latest earlier
  event of the same place and new controller unless the place changed hands in between;
  otherwise they stand as the event they are, dated as they are (a fresh report keeps its
  publication day).

* **The same change dated twice**: a dated report of a place taken by a side at most
  ``LOOSE_DAYS`` after an earlier one, with no change of hands in between, is the same
  change (one side cannot take a place twice without losing it in between).
* **Part of a province** ("most of Badakhshan", "five districts in Herat"): such reports of
  one province and side are one running report, dated by the first, until the province
  changes hands.
* **Fighting** (``contested`` events) reported again within ``LOOSE_DAYS`` of the last report
  of fighting there, with nothing else reported of the place in between, is the same spell
  of fighting.

Later reports may join a report of fighting of the same side ("entered Ghazni on Sunday", then
"since Ghazni fell"): the place was being taken then. Joining adds the later reports'
articles, sources, outlets and statuses to the event (its status follows the merged
statuses) and leaves its date alone. The
rules read the whole table at once, so the order in which articles arrive never changes the
result.
"""

from __future__ import annotations

import bisect
from datetime import date

import pandas as pd

from control_changes.merge import merged_status

BACKGROUND = "background"
# Longest quiet spell, in days, between two reports of fighting in one place that are still
# one spell of fighting, and longest gap between two dated reports of one side taking a
# place that are still one change.
LOOSE_DAYS = 10
_JOINED = ("sources", "outlets", "mention_statuses")
_ASSERTED = {"reported", "confirmed", "claimed", "disputed"}
_PARTS = ("partial", "count")


def _split(value: str) -> set[str]:
    return set(filter(None, str(value).split("|")))


def _join(anchor: dict, later: dict) -> None:
    """Add the event ``later`` to ``anchor`` as later reports."""
    new_sources = _split(later["sources"]) - _split(anchor["sources"])
    if new_sources:
        anchor["n_articles"] += len(new_sources)
        anchor["n_stories"] += min(later["n_stories"], len(new_sources))
    anchor["n_mentions"] += later["n_mentions"]
    for column in _JOINED:
        anchor[column] = "|".join(sorted(_split(anchor[column]) | _split(later[column])))
    anchor["status"] = merged_status(_split(anchor["mention_statuses"]))
    if later["reports_to"] and later["reports_to"] > (anchor["reports_to"] or ""):
        anchor["reports_to"] = later["reports_to"]


def _days(day: str) -> int:
    return date.fromisoformat(day).toordinal()


def _is_loose(row: dict) -> bool:
    return bool(row["event_date"]) and (row["date_source"] == "publication"
                                        or row["date_precision"] in {"week", "month"})


def _no_join(anchor: dict, later: dict) -> None:
    """For counting: which events stay does not depend on what joins them."""


def _settle_key(rows: list[dict], flips: list[str], join=_join) -> list[dict]:
    """The events of one place and new controller once its later reports have joined.

    ``flips`` are the sorted days on which the place went to another side. Every decision
    reads the rows as they came, never what joining changed, so counting (``_no_join``)
    decides as ``attach_background`` does."""
    rows.sort(key=lambda r: (r["event_date"] == "", r["event_date"], r["scope"] == BACKGROUND))
    kept: list[dict] = []
    fighting: list[bool] = []  # whether each kept event was a report of fighting
    anchors: list[tuple[str, int]] = []  # (day, index in kept) of events later ones may join
    alone: list[dict] = []
    reach = ""  # the last day of fighting reported in the last kept event
    parts: dict[str, int] = {}  # scope -> index in kept of the running partial/count report
    for row in rows:
        asserted = row["status"] in _ASSERTED
        contested = row["status"] == "contested"
        day = row["event_date"]
        whole = row["scope"] == "place"
        if contested and day and whole and kept and fighting[-1] and \
                _days(day) - _days(reach) <= LOOSE_DAYS and \
                bisect.bisect_right(flips, day) == bisect.bisect_right(flips, reach):
            # Days of fighting in one place are one spell while nothing else is reported.
            join(kept[-1], row)
            reach = max(reach, row["reports_to"] or day)
            continue
        if row["scope"] in _PARTS and asserted and day:
            # "Most of Badakhshan", "five districts in Herat": one running report per
            # province and side until the province changes hands.
            prev = parts.get(row["scope"])
            if prev is not None and bisect.bisect_right(flips, day) == bisect.bisect_right(
                    flips, kept[prev]["event_date"]):
                join(kept[prev], row)
                continue
            parts[row["scope"]] = len(kept)
        if row["scope"] == BACKGROUND:
            at = bisect.bisect_right(anchors, (day, len(kept))) if day else len(anchors)
            if at and (asserted or contested):
                join(kept[anchors[at - 1][1]], row)
            else:
                alone.append(row)
            continue
        if asserted and whole and day and anchors:
            at = bisect.bisect_right(anchors, (day, len(kept)))
            if at:
                a_day, a_idx = anchors[at - 1]
                flipped = bisect.bisect_right(flips, day) > bisect.bisect_right(flips, a_day)
                # A place is not taken twice by one side within days without being lost in
                # between: a second dated report soon after is the same change.
                if not flipped and (_is_loose(row) or _days(day) - _days(a_day) <= LOOSE_DAYS):
                    join(kept[a_idx], row)
                    continue
        kept.append(row)
        fighting.append(contested and whole and bool(day))
        reach = row["reports_to"] or day
        # Fighting in a place the side is later said to hold is where its taking began.
        if (asserted or contested) and day and whole:
            anchors.append((day, len(kept) - 1))
    if alone:
        kept.append(_on_or_before(alone) if join is _join else alone[0])
    return kept


def _on_or_before(group: list[dict]) -> dict:
    """Background reports with no earlier event: one event, "by" the first of their days."""
    first = dict(group[0])
    for later in group[1:]:
        _join(first, later)
    first["scope"] = "place"
    if first["event_date"]:
        first["date_precision"] = "before"
        first["time_precision"] = 3
    return first


def _touched(events: pd.DataFrame) -> pd.Series | None:
    """Mask of the events the rules may change: those of a place and side with more than one
    event, and background events (which become an event of their own when alone)."""
    if events.empty:
        return None
    touched = _shared(events) | events["scope"].eq(BACKGROUND)
    return touched if touched.any() else None


def _shared(events: pd.DataFrame) -> pd.Series:
    """Whether each event's place and side has other events too."""
    return events.groupby(["place_id", "new_controller"], sort=False)["scope"].transform(
        "size").gt(1)


def _settled(events: pd.DataFrame, touched: pd.Series, join) -> list[dict]:
    flips = _flip_days(events[events["place_id"].isin(set(events.loc[touched, "place_id"]))])
    groups: dict[tuple[str, str], list[dict]] = {}
    part = events[touched]
    columns = list(part.columns)
    # Row dicts from column lists: ``to_dict("records")`` goes through pandas' per-value
    # path for Arrow-backed text, several times slower.
    for values in zip(*(part[c].tolist() for c in columns), strict=True):
        row = dict(zip(columns, values, strict=True))
        groups.setdefault((row["place_id"], row["new_controller"]), []).append(row)
    return [r for key, rows in groups.items()
            for r in _settle_key(rows, flips.get(key, []), join)]


def attach_background(events: pd.DataFrame) -> pd.DataFrame:
    """``events`` after the rules of the module docstring: later reports joined to the event
    they repeat, background with nothing to join made an event of its own."""
    touched = _touched(events)
    if touched is None:
        return events
    settled = _settled(events, touched, _join)
    out = pd.concat([events[~touched], pd.DataFrame(settled, columns=events.columns)],
                    ignore_index=True)
    out = out.astype(events.dtypes.to_dict())
    return out.sort_values(["event_date", "place", "event_id"], kind="stable",
                           ignore_index=True)


# The columns ``count_settled`` needs: what decides whether an event stays.
DECIDING_COLUMNS = ("place_id", "new_controller", "scope", "event_date", "date_source",
                    "date_precision", "status", "reports_to")


def count_settled(events: pd.DataFrame) -> int:
    """How many events ``attach_background`` leaves, from ``DECIDING_COLUMNS`` alone."""
    if events.empty:
        return 0
    # A place and side with one event keep one, whatever it is (a background event alone
    # becomes an event of its own): only the others need settling.
    shared = _shared(events)
    return int((~shared).sum()) + len(_settled(events, shared, _no_join))


def _flip_days(events: pd.DataFrame) -> dict[tuple[str, str], list[str]]:
    """For each (place, side), the sorted days the place went to another side (asserted,
    whole-place, dated events only)."""
    whole = events[events["scope"].eq("place") & events["event_date"].ne("")
                   & events["status"].isin(_ASSERTED)]
    by_place: dict[str, list[tuple[str, str]]] = {}
    for pid, ctrl, day in zip(whole["place_id"], whole["new_controller"], whole["event_date"],
                              strict=True):
        by_place.setdefault(pid, []).append((ctrl, day))
    out: dict[tuple[str, str], list[str]] = {}
    for pid, changes in by_place.items():
        for side in {c for c, _ in changes} | {"taliban", "government"}:
            out[(pid, side)] = sorted(d for c, d in changes if c != side)
    return out


def link_later(mentions: pd.DataFrame, events: pd.DataFrame) -> pd.Series:
    """The ``event_id`` each of ``mentions`` went into when its own cluster's event joined
    another: the latest event of its place and side dated on or before it."""
    out = pd.Series(None, index=mentions.index, dtype=object)
    if mentions.empty:
        return out
    ev = events[events["scope"].eq("place") & events["event_date"].ne("")]
    dates: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for pid, ctrl, day, eid in zip(ev["place_id"], ev["new_controller"], ev["event_date"],
                                   ev["event_id"], strict=True):
        dates.setdefault((pid, ctrl), []).append((day, eid))
    for found in dates.values():
        found.sort()
    for idx, pid, ctrl, day in zip(mentions.index, mentions["place_id"],
                                   mentions["new_controller"], mentions["event_date"],
                                   strict=True):
        found = dates.get((pid, ctrl), [])
        at = bisect.bisect_right(found, (day, "\uffff")) if day else len(found)
        if at:
            out[idx] = found[at - 1][1]
    return out
