"""Who held what on date D, and how many capitals, crossings and districts each side held.

A place's controller on D is the side of its last change on or before D; where that change is
only reported fighting inside the place, the place is ``contested``. Only changes of the whole
place count here (not "most of Badakhshan"), only dated ones, and not those every source
denies. Places with no change on or before D have no known controller in this corpus.
The events are the reviewed table (``Store.events``): an analyst's correction sets control
as corrected, an added event like any other, and a rejected one not at all.
"""

from __future__ import annotations

import pandas as pd

# Within one day, apply changes in this order so the later state wins: fighting first, then
# captures, then recaptures (the usual order of a day's reports: stormed, then retaken).
_SAME_DAY_ORDER = {"contested": 0, "taliban": 1, "government": 2}
SIDES = ("taliban", "government", "contested")


def _whole_place_changes(events: pd.DataFrame) -> pd.Series:
    """Mask of the events that set a place's control (see module docstring); an event its
    reviewer rejected sets nothing, even in a table that still lists it."""
    mask = (events["scope"].eq("place") & events["event_date"].ne("")
            & events["status"].ne("denied"))
    if "review_verdict" in events.columns:
        mask &= events["review_verdict"].ne("rejected")
    return mask


def changes(events: pd.DataFrame) -> pd.DataFrame:
    """Dated, whole-place changes with a ``controller`` column, in the order they apply."""
    ev = events[_whole_place_changes(events)].copy()
    ev["controller"] = ev["new_controller"].where(ev["status"] != "contested", "contested")
    ev["_day"] = pd.to_datetime(ev["event_date"])
    ev["_order"] = ev["controller"].map(_SAME_DAY_ORDER)
    return ev.sort_values(["_day", "_order"], kind="stable")


def holdings_on(events: pd.DataFrame, day: str | pd.Timestamp,
                ordered: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per place with a change on or before ``day``: its controller then.

    Works on a slim copy of the few columns it needs and joins the rest back only for the
    rows it keeps, so it stays fast on large stores. ``ordered`` (from ``changes``) skips
    the filtering and sorting when asking for many days.
    """
    if ordered is not None:
        upto = ordered[ordered["_day"] <= pd.Timestamp(day)]
        last = upto.drop_duplicates("place_id", keep="last")
        return last.drop(columns=["_day", "_order"]).rename(columns={"event_date": "since"})
    day_iso = pd.Timestamp(day).strftime("%Y-%m-%d")
    dates = events["event_date"]
    mask = _whole_place_changes(events) & (dates <= day_iso)
    slim = events.loc[mask, ["place_id", "event_date", "new_controller", "status"]]
    controller = slim["new_controller"].where(slim["status"] != "contested", "contested")
    slim = slim.assign(controller=controller, _order=controller.map(_SAME_DAY_ORDER))
    last = slim.sort_values(["event_date", "_order"], kind="stable").drop_duplicates(
        "place_id", keep="last")
    out = events.loc[last.index].assign(controller=last["controller"])
    return out.rename(columns={"event_date": "since"})


def daily_controllers(events: pd.DataFrame, start: str | None = None,
                      end: str | None = None) -> pd.DataFrame:
    """A day x place table of controllers (forward-filled), built without a loop over days."""
    ev = changes(events)
    if ev.empty:
        return pd.DataFrame()
    # The last change of each place on each day decides that day.
    last = ev.drop_duplicates(["_day", "place_id"], keep="last")
    grid = last.pivot(index="_day", columns="place_id", values="controller")
    first = pd.Timestamp(start) if start else grid.index.min()
    final = pd.Timestamp(end) if end else grid.index.max()
    days = pd.date_range(min(first, grid.index.min()), max(final, grid.index.max()), freq="D")
    grid = grid.reindex(days).ffill()
    return grid.loc[first:final]


def daily_counts(events: pd.DataFrame, start: str | None = None,
                 end: str | None = None) -> pd.DataFrame:
    """Per day, places held by each side, by place type (long format).

    Columns: date, place_type, controller, n.
    """
    grid = daily_controllers(events, start, end)
    if grid.empty:
        return pd.DataFrame(columns=["date", "place_type", "controller", "n"])
    types = events.drop_duplicates("place_id").set_index("place_id")["place_type"]
    long = grid.stack().rename("controller").reset_index()
    long.columns = ["date", "place_id", "controller"]
    long["place_type"] = long["place_id"].map(types)
    counts = long.groupby(["date", "place_type", "controller"]).size().rename("n")
    return counts.reset_index()
