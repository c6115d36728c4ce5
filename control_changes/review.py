"""Analysts' decisions applied to the events: the reviewed table every reader sees.

A decision names what was judged (place, new controller, scope, and the window of report
days the event covered then), not an event id, since ids change when mentions change. On
every read ``apply_reviews`` attaches each decision to the event of the same place, side and
scope whose report days meet that window (the one dated nearest the judged date when several
do); the newest decision attached to an event is its verdict:

* ``accepted``: the machine's values stand, marked reviewed;
* ``corrected``: the corrected date, controller, status or place replace the machine's
  (kept beside them in the ``machine_*`` columns);
* ``rejected``: the event is dropped from the reviewed table (``Store.events`` leaves it out
  unless asked), so it sets no control;
* ``added``: an event the articles missed, made from the decision alone.

Decisions that meet no event any more are listed by ``unmatched`` so they can be shown.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

import pandas as pd

from control_changes.merge import place_fields
from control_changes.schema import CONTROLLERS, EVENT_STATUSES, SCOPES

VERDICTS = ("accepted", "corrected", "rejected", "added")


@dataclass(frozen=True)
class Decision:
    """One analyst's decision, as stored (``review_id`` is given by the store)."""

    place_id: str
    new_controller: str
    scope: str
    judged_from: str
    judged_to: str
    judged_date: str
    event_id: str
    verdict: str
    fix_date: str = ""
    fix_controller: str = ""
    fix_status: str = ""
    fix_place_id: str = ""
    reviewer: str = ""
    note: str = ""
    reviewed_at: str = ""


# Columns the reviewed table adds to the machine's.
REVIEW_COLUMNS = ["review_verdict", "reviewer", "review_note", "reviewed_at", "review_id",
                  "machine_event_date", "machine_new_controller", "machine_status",
                  "machine_place_id"]
# Statuses an analyst may give (an event's statuses).
REVIEW_STATUSES = EVENT_STATUSES


class ReviewError(ValueError):
    """A decision that cannot be stored, saying which field and why."""


def _span(row) -> tuple[str, str]:
    """The report days an event covers ("" , "" when undated)."""
    lo = row["reports_from"] or row["event_date"] or ""
    hi = row["reports_to"] or row["event_date"] or lo
    return lo, hi


def judged(event: pd.Series | dict, verdict: str, **fields: str) -> Decision:
    """The decision ``verdict`` on ``event`` (a row of ``Store.events``), keyed by what it
    showed: its machine place, side, scope and report days."""
    machine = {c: event.get(f"machine_{c}") or event[c]
               for c in ("event_date", "new_controller", "place_id")}
    lo, hi = _span(event)
    return check(Decision(
        place_id=machine["place_id"], new_controller=machine["new_controller"],
        scope=event["scope"], judged_from=lo, judged_to=hi,
        judged_date=machine["event_date"], event_id=event["event_id"], verdict=verdict,
        **fields))


def added(place_id: str, day: str, controller: str, status: str = "reported",
          **fields: str) -> Decision:
    """A decision adding an event the articles missed."""
    return check(Decision(
        place_id=place_id, new_controller=controller, scope="place", judged_from=day,
        judged_to=day, judged_date=day, event_id="", verdict="added", fix_date=day,
        fix_controller=controller, fix_status=status, fix_place_id=place_id, **fields))


def _problems(d: Decision) -> Iterator[str]:
    if d.verdict not in VERDICTS:
        yield f"verdict {d.verdict!r} is not one of {', '.join(VERDICTS)}"
    for name in ("judged_from", "judged_to", "judged_date", "fix_date"):
        value = getattr(d, name)
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                yield f"{name} {value!r} is not a date like 2021-08-13"
    for name in ("new_controller", "fix_controller"):
        value = getattr(d, name)
        if (value or name == "new_controller") and value not in CONTROLLERS:
            yield f"{name} {value!r} is not one of {', '.join(CONTROLLERS)}"
    if d.fix_status and d.fix_status not in REVIEW_STATUSES:
        yield f"fix_status {d.fix_status!r} is not one of {', '.join(REVIEW_STATUSES)}"
    if d.scope not in (*SCOPES, "background"):
        yield f"scope {d.scope!r} is not one of {', '.join(SCOPES)}"
    for name in ("place_id", "fix_place_id"):
        value = getattr(d, name)
        if value or name == "place_id":
            try:
                place_fields(value)
            except KeyError:
                yield f"{name} {value!r} is not a place of the gazetteer"
    if d.verdict == "corrected" and not (d.fix_date or d.fix_controller or d.fix_status
                                         or d.fix_place_id):
        yield "a correction needs a corrected date, controller, status or place"
    if d.verdict == "added" and not d.fix_date:
        yield "an added event needs a date"
    if not d.reviewer.strip():
        yield "the reviewer's name is missing"


def check(d: Decision) -> Decision:
    """``d`` when it can be stored, else ``ReviewError`` listing every problem."""
    problems = list(_problems(d))
    if problems:
        raise ReviewError("; ".join(problems))
    return d


def _matches(events: pd.DataFrame, decisions: pd.DataFrame) -> list[int | None]:
    """For each decision, the row index of the event it attaches to (None: none). Only the
    events of the decisions' places are looked at, so this stays quick on large tables."""
    near = events[events["place_id"].isin(set(decisions["place_id"]))]
    by_key: dict[tuple, list[tuple[str, str, str, int]]] = {}
    columns = ("place_id", "new_controller", "scope", "event_date", "reports_from",
               "reports_to")
    for idx, pid, ctrl, scope, day, lo, hi in zip(
            near.index, *(near[c].tolist() for c in columns), strict=True):
        lo = lo or day or ""
        by_key.setdefault((pid, ctrl, scope), []).append((day or "", lo, hi or day or lo, idx))
    return [None if d.verdict == "added" else
            _nearest(by_key.get((d.place_id, d.new_controller, d.scope), []), d)
            for d in decisions.itertuples(index=False)]


def _attach(events: pd.DataFrame, decisions: pd.DataFrame) -> dict[int, int]:
    """Row index of each reviewed event -> position in ``decisions`` of its newest decision
    (decisions come oldest first, so a later one replaces an earlier)."""
    return {idx: pos for pos, idx in enumerate(_matches(events, decisions))
            if idx is not None}


def _nearest(candidates: list[tuple[str, str, str, int]], d) -> int | None:
    """The event among ``candidates`` whose report days meet the decision's window, dated
    nearest its judged date (ties: the earlier)."""
    if not d.judged_from:
        undated = [c for c in candidates if not c[1]]
        return undated[0][3] if undated else None
    meets = [c for c in candidates if c[1] and c[1] <= d.judged_to and c[2] >= d.judged_from]
    if not meets:
        return None
    target = date.fromisoformat(d.judged_date or d.judged_from).toordinal()

    def distance(c: tuple[str, str, str, int]) -> tuple[int, str]:
        day = c[0] or c[1]
        return abs(date.fromisoformat(day).toordinal() - target), day
    return min(meets, key=distance)[3]


def _set_place(row: dict, place_id: str) -> None:
    row["place_id"] = place_id
    row.update(place_fields(place_id))


def _corrected(row: dict, d) -> None:
    if d.fix_date and d.fix_date != row["event_date"]:
        row.update(event_date=d.fix_date, date_precision="day", time_precision=1,
                   date_inferred=False, date_source="reviewed")
    if d.fix_controller:
        row["new_controller"] = d.fix_controller
    if d.fix_status:
        row["status"] = d.fix_status
    if d.fix_place_id and d.fix_place_id != row["place_id"]:
        _set_place(row, d.fix_place_id)


def added_event_id(d) -> str:
    """A stable id for an added event: the same decision gives the same id in any store."""
    key = "|".join([d.fix_place_id, d.fix_date, d.fix_controller, d.reviewer, d.reviewed_at])
    return "added-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _added_row(d, columns: list[str]) -> dict:
    row = dict.fromkeys(columns, "")
    row.update(event_id=added_event_id(d), scope="place", count=0, n_articles=0,
               n_stories=0, n_mentions=0, event_date=d.fix_date, date_precision="day",
               time_precision=1, date_inferred=False, date_source="reviewed",
               new_controller=d.fix_controller, status=d.fix_status or "reported",
               reports_from=d.fix_date, reports_to=d.fix_date)
    _set_place(row, d.fix_place_id)
    return row


def _marked(row: dict, d) -> None:
    row.update(review_verdict=d.verdict, reviewer=d.reviewer, review_note=d.note,
               reviewed_at=d.reviewed_at, review_id=str(d.review_id))


def _with_added(events: pd.DataFrame, decisions: pd.DataFrame) -> pd.DataFrame:
    """``events`` with the ``REVIEW_COLUMNS`` (the machine's values kept beside its own)
    and the added events after them (whose machine values are blank)."""
    out = events.assign(review_verdict="", reviewer="", review_note="", reviewed_at="",
                        review_id="", machine_event_date=events["event_date"],
                        machine_new_controller=events["new_controller"],
                        machine_status=events["status"], machine_place_id=events["place_id"])
    extra = []
    for d in decisions[decisions["verdict"].eq("added")].itertuples(index=False):
        row = _added_row(d, list(out.columns))
        _marked(row, d)
        extra.append(row)
    if extra:
        out = pd.concat([out, pd.DataFrame(extra, columns=out.columns)], ignore_index=True)
    return out


def apply_reviews(events: pd.DataFrame, decisions: pd.DataFrame) -> pd.DataFrame:
    """``events`` with their decisions applied and the ``REVIEW_COLUMNS`` beside them;
    rejected events stay, marked, for the caller to leave out (see module docstring). An
    added event may itself be corrected or rejected by a later decision."""
    if decisions.empty:
        return _with_added(events, decisions)
    out = _with_added(events, decisions)
    rows = decisions.to_dict("records")
    changed: dict[int, dict] = {}
    for idx, pos in _attach(out, decisions).items():
        row, d = out.loc[idx].to_dict(), SimpleNamespace(**rows[pos])
        if d.verdict == "corrected":
            _corrected(row, d)
        _marked(row, d)
        changed[idx] = row
    fixed = pd.DataFrame(list(changed.values()), columns=out.columns)
    out = pd.concat([out.drop(index=list(changed)), fixed], ignore_index=True)
    out = out.astype({c: t for c, t in events.dtypes.items() if c != "date_inferred"})
    out["date_inferred"] = out["date_inferred"].astype(bool)
    return out.sort_values(["event_date", "place", "event_id"], kind="stable",
                           ignore_index=True)


def unmatched(events: pd.DataFrame, decisions: pd.DataFrame) -> pd.DataFrame:
    """Decisions (other than added events) that meet no event any more: their event is
    gone, so they say nothing about the table until it comes back."""
    if decisions.empty:
        return decisions
    found = _matches(_with_added(events, decisions), decisions)
    keep = [pos for pos, (idx, verdict) in enumerate(zip(found, decisions["verdict"],
                                                         strict=True))
            if idx is None and verdict != "added"]
    return decisions.iloc[keep]


def _worry(events: pd.DataFrame) -> pd.Series:
    """How much an event needs a person's eye: disputed, claimed only, single-source and
    loosely dated events add up."""
    loose_date = events["date_inferred"].astype(bool) | events["date_source"].isin(
        ["publication", "inferred", "none", ""])
    return (events["status"].eq("disputed") * 8 + events["status"].eq("claimed") * 4
            + (events["n_stories"].fillna(0) <= 1) * 2 + loose_date * 1)


def worst_first(events: pd.DataFrame) -> pd.DataFrame:
    """Events for review: unreviewed before reviewed, then the most worrying first, then
    by date."""
    return events.assign(_reviewed=events["review_verdict"].ne(""), _worry=-_worry(events)) \
        .sort_values(["_reviewed", "_worry", "event_date", "place"], kind="stable") \
        .drop(columns=["_reviewed", "_worry"]).reset_index(drop=True)


def machine_view(events: pd.DataFrame) -> pd.DataFrame:
    """``events`` with the machine's date, controller, status and place back in place of
    corrections (added events as they are): what the mentions of each event match, for
    linking mentions to events."""
    if "machine_event_date" not in events.columns:
        return events
    machine = events["machine_place_id"].ne("")
    out = events.copy()
    for column in ("event_date", "new_controller", "status", "place_id"):
        out.loc[machine, column] = events.loc[machine, f"machine_{column}"]
    return out
