"""Later reports of a change: "since the fall of Kabul" is evidence, not a new event.

Articles mention old changes of control as background ("after the Taliban took Kabul", "the
rapid takeover of Kabul", "Kabul's fall"). The extractor marks such a mention with the scope
``background`` and dates it on its publication day, since it says only that the change had
happened by then. Stored events keep them apart (their own scope), and every read of the
events table passes through ``attach_background``, which decides what they mean:

* a background event joins the latest earlier event of the same place and new controller as
  a later report (its articles and sources add to that event; the date stays);
* background events with no earlier event to join become one event of their own, dated on
  or before the first day they were published (``date_precision`` ``before``: "by 25 Aug").

The decision is made on the whole table at read time, so the order in which articles arrive
never changes the result.
"""

from __future__ import annotations

import bisect

import pandas as pd

BACKGROUND = "background"
_JOINED = ("sources", "outlets", "mention_statuses")


def _union(a: str, b: str) -> str:
    return "|".join(sorted({*filter(None, a.split("|")), *filter(None, b.split("|"))}))


def _join(anchor: dict, later: dict) -> None:
    """Add the background event ``later`` to ``anchor`` as later reports."""
    new_sources = set(filter(None, later["sources"].split("|"))) - set(
        filter(None, anchor["sources"].split("|")))
    if new_sources:
        anchor["n_articles"] += len(new_sources)
        anchor["n_stories"] += min(later["n_stories"], len(new_sources))
    anchor["n_mentions"] += later["n_mentions"]
    for column in _JOINED:
        anchor[column] = _union(anchor[column], later[column])
    if later["reports_to"] and later["reports_to"] > (anchor["reports_to"] or ""):
        anchor["reports_to"] = later["reports_to"]


def _on_or_before(group: list[dict]) -> dict:
    """Background events with no earlier event: one event, "by" the first of their days."""
    group = sorted(group, key=lambda r: (r["event_date"] == "", r["event_date"]))
    first = dict(group[0])
    for later in group[1:]:
        _join(first, later)
        first["n_articles"] = len(set(filter(None, first["sources"].split("|")))) or \
            first["n_articles"]
    first["scope"] = "place"
    if first["event_date"]:
        first["date_precision"] = "before"
        first["time_precision"] = 3
    return first


def attach_background(events: pd.DataFrame) -> pd.DataFrame:
    """``events`` with every background event joined to its event or made one of its own."""
    is_background = events["scope"].eq(BACKGROUND)
    if not is_background.any():
        return events
    background = events[is_background]
    keys = set(zip(background["place_id"], background["new_controller"], strict=True))
    rest = events[~is_background]
    candidate = rest["scope"].eq("place") & rest["event_date"].ne("") & pd.Series(
        [k in keys for k in zip(rest["place_id"], rest["new_controller"], strict=True)],
        index=rest.index, dtype=bool)
    anchors: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for idx, pid, ctrl, day in zip(rest.index[candidate], rest.loc[candidate, "place_id"],
                                   rest.loc[candidate, "new_controller"],
                                   rest.loc[candidate, "event_date"], strict=True):
        anchors.setdefault((pid, ctrl), []).append((day, idx))
    for dates in anchors.values():
        dates.sort()
    joined: dict[int, dict] = {}
    alone: dict[tuple[str, str], list[dict]] = {}
    for row in background.to_dict("records"):
        key = (row["place_id"], row["new_controller"])
        dates = anchors.get(key, [])
        day = row["event_date"]
        at = bisect.bisect_right(dates, (day, float("inf"))) if day else len(dates)
        if at == 0:
            alone.setdefault(key, []).append(row)
            continue
        idx = dates[at - 1][1]
        if idx not in joined:
            joined[idx] = rest.loc[idx].to_dict()
        _join(joined[idx], row)
    out = rest.copy()
    if joined:
        changed = pd.DataFrame.from_dict(joined, orient="index")[out.columns]
        out.loc[changed.index] = changed.astype(out.dtypes.to_dict())
    if alone:
        extra = pd.DataFrame([_on_or_before(g) for g in alone.values()])[out.columns]
        out = pd.concat([out, extra.astype(out.dtypes.to_dict())], ignore_index=True)
        out = out.sort_values(["event_date", "place", "event_id"], kind="stable")
    return out.reset_index(drop=True)


def link_background(mentions: pd.DataFrame, events: pd.DataFrame) -> pd.Series:
    """The ``event_id`` each background mention of ``mentions`` went into (same rule as
    ``attach_background``: the latest event of its place and side dated on or before it)."""
    out = pd.Series(None, index=mentions.index, dtype=object)
    bg = mentions[mentions["scope"].eq(BACKGROUND)]
    if bg.empty:
        return out
    ev = events[events["scope"].eq("place") & events["event_date"].ne("")]
    dates: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for pid, ctrl, day, eid in zip(ev["place_id"], ev["new_controller"], ev["event_date"],
                                   ev["event_id"], strict=True):
        dates.setdefault((pid, ctrl), []).append((day, eid))
    for found in dates.values():
        found.sort()
    for idx, pid, ctrl, day in zip(bg.index, bg["place_id"], bg["new_controller"],
                                   bg["event_date"], strict=True):
        found = dates.get((pid, ctrl), [])
        at = bisect.bisect_right(found, (day, "\uffff")) if day else len(found)
        if at:
            out[idx] = found[at - 1][1]
    return out
