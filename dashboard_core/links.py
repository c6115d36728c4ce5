"""What a link to the dashboard asks for, and a word on what it asked for in vain.

The URL carries the view (``?date=2021-07-08&province=Herat&place=capital:herat``). A setting
that means nothing here (``date=garbage``, ``province=Nowhere``) is left out, and a note says
which and why, instead of the page quietly showing something else.
"""

from __future__ import annotations

from datetime import date

from control_changes.schema import EVENT_STATUSES
from dashboard_core import data as d


def _parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(str(value).strip()) if value else None
    except ValueError:
        return None


def _quoted(values: list[str]) -> str:
    return ", ".join(repr(v) for v in values)


def read_link(qp, ss, provinces: list[str], known: dict[str, str]) -> list[str]:
    """Apply the link's settings (``qp``, the query parameters) to the session state ``ss``;
    return a note for each one ignored. ``provinces`` are the province names and ``known``
    the border crossings (id -> label) a link may name."""
    notes: list[str] = []
    raw = qp.get("date")
    if raw is not None:
        if day := _parse_day(raw):
            ss["cm_day"] = day
            ss["cm_url_day"] = day
        else:
            notes.append(f"date={raw!r} is not a date like 2021-08-13")
    names = {n.casefold(): n for n in provinces}
    given = qp.get_all("province")
    wanted = [names[v.casefold()] for v in given if v.casefold() in names]
    if unknown := [v for v in given if v.casefold() not in names]:
        notes.append(f"province={_quoted(unknown)}: no Afghan province by that name")
    if wanted:
        ss["cm_provinces"] = wanted
    mode = qp.get("crossings")
    if mode in d.CROSSING_MODES:
        ss["cm_crossing_mode"] = mode
    elif mode is not None:
        notes.append(f"crossings={mode!r}: use one of {', '.join(d.CROSSING_MODES)}")
    by_name = {label.split(" (")[0].casefold(): pid for pid, label in known.items()}
    chosen, unknown = [], []
    for v in qp.get_all("crossing"):
        pid = v if v in known else by_name.get(v.casefold())
        (chosen if pid else unknown).append(pid or v)
    if unknown:
        notes.append(f"crossing={_quoted(unknown)}: no border crossing by that name")
    if chosen:
        ss["cm_crossings"] = chosen
    given = qp.get_all("status")
    if unknown := [v for v in given if v not in EVENT_STATUSES]:
        notes.append(f"status={_quoted(unknown)}: use {', '.join(EVENT_STATUSES)}")
    if statuses := [v for v in given if v in EVENT_STATUSES]:
        ss["cm_statuses"] = statuses
    given = qp.get_all("controller")
    if unknown := [v for v in given if v not in d.SIDES]:
        notes.append(f"controller={_quoted(unknown)}: use {', '.join(d.SIDES)}")
    if sides := [v for v in given if v in d.SIDES]:
        ss["cm_controllers"] = sides
    if place := qp.get("place"):
        ss["cm_place"] = place
    return notes
