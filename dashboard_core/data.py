"""What the dashboard shows, computed with pandas alone (no Streamlit here).

The map, the figures and the tables all start from the same filtered events (``apply_filters``)
and the same state of each place on the selected day (``place_states``), so they agree.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from control_changes.background import link_later
from control_changes.holdings import changes
from control_changes.merge import cluster_mentions
from control_changes.store import default_db_path

# Who can hold a place on a day, plus two states that are not a holder:
# "partial" (only part of the place, or some of its districts, reported taken) and
# "none" (the place has changes in the corpus, but none on or before the day).
SIDES = ("taliban", "government", "contested")
STATES = (*SIDES, "partial", "none")
SIDE_LABELS = {"taliban": "Taliban", "government": "Government", "contested": "Contested",
               "partial": "Partly taken", "none": "No change yet"}
# Statuses whose change is drawn as unconfirmed (dashed, hollow).
UNCONFIRMED = ("claimed", "disputed")
STATUS_HELP = {
    "confirmed": "the losing side or an independent source admits it",
    "reported": "officials, witnesses or the journalist report it",
    "claimed": "only the winning side says so",
    "disputed": "some sources report it, others deny it",
    "denied": "every source denies it (never moves the map)",
    "contested": "fighting inside the place is reported",
}
TYPE_LABELS = {"capital": "provincial capital", "province": "province", "district": "district",
               "border_crossing": "border crossing", "military_site": "military site"}
CROSSING_MODES = ("all", "chosen", "only")


def db_path() -> Path:
    """The store the dashboard shows (see ``control_changes.store.default_db_path``)."""
    return default_db_path()


def store_version(path: Path) -> tuple:
    """Changes whenever the store file (or its write-ahead log) changes: a cache key."""
    out = []
    for p in (path, path.with_name(path.name + "-wal")):
        try:
            st = p.stat()
            out.append((st.st_mtime_ns, st.st_size))
        except OSError:
            out.append(None)
    return tuple(out)


@dataclass(frozen=True)
class Filters:
    """The sidebar filters; hashable so it can key caches."""

    provinces: tuple[str, ...] = ()  # province names; empty = all
    crossing_mode: str = "all"  # all | chosen (other places + chosen crossings) | only
    crossings: tuple[str, ...] = ()  # place ids of border crossings
    statuses: tuple[str, ...] = ()  # empty = all
    controllers: tuple[str, ...] = ()  # taliban | government | contested; empty = all
    reviewed_only: bool = False  # only events an analyst reviewed (docs/review.md)


def event_side(events: pd.DataFrame) -> pd.Series:
    """The side an event hands its place to; fighting inside a place is ``contested``."""
    return events["new_controller"].where(events["status"] != "contested", "contested")


def apply_filters(events: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Events kept by the province, border-crossing and status filters.

    The controller filter is not applied here: who holds a place depends on all its changes
    (a recapture by the government ends a Taliban holding), so it is applied to the result
    (``filter_states`` for the map, ``filter_controller`` for tables).
    """
    keep = pd.Series(True, index=events.index)
    if f.provinces:
        keep &= events["province"].isin(f.provinces)
    crossing = events["place_type"] == "border_crossing"
    if f.crossing_mode == "only":
        keep &= crossing
        if f.crossings:
            keep &= events["place_id"].isin(f.crossings)
    elif f.crossing_mode == "chosen":
        keep &= ~crossing | events["place_id"].isin(f.crossings)
    if f.statuses:
        keep &= events["status"].isin(f.statuses)
    if f.reviewed_only and "review_verdict" in events.columns:
        keep &= events["review_verdict"].ne("")
    return events[keep]


def filter_controller(events: pd.DataFrame, f: Filters) -> pd.DataFrame:
    if not f.controllers or set(f.controllers) >= set(SIDES):
        return events
    return events[event_side(events).isin(f.controllers)]


def dated(events: pd.DataFrame) -> pd.DataFrame:
    return events[events["event_date"] != ""]


def undated(events: pd.DataFrame) -> pd.DataFrame:
    return events[events["event_date"] == ""]


def up_to(events: pd.DataFrame, day: date) -> pd.DataFrame:
    """The dated events on or before ``day``."""
    events = dated(events)
    return events[events["event_date"] <= day.isoformat()]


def change_days(events: pd.DataFrame) -> list[date]:
    """The days on which something changed, in order. A change known only to have happened
    by some day (``date_precision`` ``before``) is not a change on that day: the timeline
    does not stop there."""
    ev = dated(events)
    if "date_precision" in ev:
        ev = ev[ev["date_precision"] != "before"]
    return [date.fromisoformat(d) for d in sorted(set(ev["event_date"]))]


def date_bounds(events: pd.DataFrame) -> tuple[date, date] | None:
    """Slider range: the day before the first dated event to the last one."""
    days = [date.fromisoformat(d) for d in sorted(set(dated(events)["event_date"]))]
    if not days:
        return None
    return days[0] - timedelta(days=1), days[-1]


def step(days: list[date], current: date, direction: int) -> date | None:
    """The previous (-1) or next (+1) change day from ``current``, or None at the end."""
    if direction < 0:
        earlier = [d for d in days if d < current]
        return earlier[-1] if earlier else None
    later = [d for d in days if d > current]
    return later[0] if later else None


@dataclass(frozen=True)
class StateBasis:
    """What ``place_states`` needs from a set of events, sorted once per place, so that
    another day costs one binary search a place (a timeline step asks for a new day).

    ``info``: one row per place with a dated event (name, type, province, country,
    coordinates, n_events), as columns of ``place_states``. ``held`` and ``partial``: per
    place, in the same order, the dates of its whole-place changes in the order they apply
    (``holdings.changes``), or of its reports of part of it or of some of its districts, and
    the values each gives the state.
    """

    info: dict[str, list]
    held: list[tuple[list[str], list[tuple]]]
    partial: list[tuple[list[str], list[tuple]]]


_PLACE_COLS = ["place_id", "place", "place_type", "province", "country", "latitude",
               "longitude"]
_STATE_COLS = ["state", "status", "since", "evidence", "outlets", "reviewed"]
STATE_COLUMNS = [*_PLACE_COLS, *_STATE_COLS[:5], "unconfirmed", "n_events", "reviewed"]
_NONE_STATE = ("none", "", "", "", "", False)


def _per_place(places: list[str], events: pd.DataFrame,
               side: pd.Series) -> list[tuple[list[str], list[tuple]]]:
    """For each of ``places``: its events' dates and state values, in the events' order."""
    out: dict[str, tuple[list[str], list[tuple]]] = {p: ([], []) for p in places}
    reviewed = (events["review_verdict"].ne("") if "review_verdict" in events.columns
                else pd.Series(False, index=events.index))
    rows = zip(events["place_id"], events["event_date"], side, events["status"],
               events["evidence"], events["outlets"], reviewed, strict=True)
    for pid, day, state, status, evidence, outlets, was_reviewed in rows:
        dates, values = out[pid]
        dates.append(day)
        values.append((state, status, day, evidence, outlets, bool(was_reviewed)))
    return [out[p] for p in places]


def state_basis(events: pd.DataFrame) -> StateBasis:
    """The per-place facts and ordered changes of ``events`` (see ``StateBasis``)."""
    ev = dated(events)
    first = ev.drop_duplicates("place_id")
    info = {c: first[c].tolist() for c in _PLACE_COLS}
    counts = ev.groupby("place_id").size()
    info["n_events"] = [int(counts[p]) for p in info["place_id"]]
    whole = changes(ev) if not ev.empty else ev.assign(controller=[])
    part = ev[ev["scope"].isin(["partial", "count"]) & (ev["status"] != "denied")]
    part = part.sort_values("event_date", kind="stable")
    places = info["place_id"]
    return StateBasis(info=info, held=_per_place(places, whole, whole["controller"]),
                      partial=_per_place(places, part, pd.Series("partial", index=part.index)))


def place_states(events: pd.DataFrame, day: date | str,
                 basis: StateBasis | None = None) -> pd.DataFrame:
    """One row per place with a dated event: its state on ``day`` and the change behind it.

    Columns (``STATE_COLUMNS``): place_id, place, place_type, province, country, latitude,
    longitude, state, status, since, evidence, outlets, unconfirmed, n_events, reviewed (the
    change behind the state was reviewed by an analyst). A holder, when there is one,
    overrides a report of part of the place. ``basis`` (``state_basis`` of the same events)
    saves sorting them again for every day.
    """
    basis = basis if basis is not None else state_basis(events)
    day_iso = pd.Timestamp(day).strftime("%Y-%m-%d")
    found = []
    for (held_days, held), (part_days, part) in zip(basis.held, basis.partial, strict=True):
        if k := bisect_right(held_days, day_iso):
            found.append(held[k - 1])
        elif k := bisect_right(part_days, day_iso):
            found.append(part[k - 1])
        else:
            found.append(_NONE_STATE)
    columns = dict(basis.info)
    for i, name in enumerate(_STATE_COLS):
        columns[name] = [row[i] for row in found]
    columns["unconfirmed"] = [status in UNCONFIRMED for status in columns["status"]]
    return pd.DataFrame(columns, columns=STATE_COLUMNS)


def filter_states(states: pd.DataFrame, f: Filters) -> pd.DataFrame:
    if not f.controllers or set(f.controllers) >= set(SIDES):
        return states
    return states[states["state"].isin(f.controllers)]


# -- sources behind each event -------------------------------------------------------------

def shown_date(day: str, precision: str) -> str:
    """A date as a reader should take it: "by 2021-08-25" for a change known only from later
    reports to have happened by then, "2021-06 (month)", "week of 2021-08-09", "undated"."""
    if not day:
        return "undated"
    if precision == "before":
        return f"by {day}"
    if precision == "month":
        return f"{day[:7]} (month)"
    if precision == "week":
        return f"week of {day}"
    return day


def link_mentions(mentions: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Mentions with the ``event_id`` of the event they were merged into.

    Merging groups a place's mentions of the same side and scope whose dates chain within a
    day, and dates the event with one of those mentions' dates; so a group's event is the one
    with the same place, side and scope dated on one of the group's dates.
    """
    if mentions.empty:
        return mentions.assign(event_id=pd.Series(dtype=object))
    m = mentions.copy()
    m["_cluster"] = cluster_mentions(m)
    keys = ["place_id", "new_controller", "scope", "event_date"]
    ev = events[[*keys, "event_id"]].drop_duplicates(keys)
    direct = m[keys + ["_cluster"]].merge(ev, on=keys, how="inner")
    by_cluster = direct.drop_duplicates("_cluster").set_index("_cluster")["event_id"]
    m["event_id"] = m["_cluster"].map(by_cluster)
    # Later reports whose own event joined an earlier one (control_changes.background).
    later = m["event_id"].isna() | ~m["event_id"].isin(events["event_id"])
    if later.any():
        m.loc[later, "event_id"] = link_later(m[later], events)
    return m.drop(columns="_cluster")


def place_history(place_id: str, events: pd.DataFrame, linked: pd.DataFrame) -> list[dict]:
    """Every event of a place, oldest first (undated last), each with its sources."""
    ev = events[events["place_id"] == place_id].copy()
    ev["_undated"] = ev["event_date"] == ""
    ev = ev.sort_values(["_undated", "event_date"], kind="stable")
    out = []
    for row in ev.to_dict(orient="records"):
        src = linked[linked["event_id"] == row["event_id"]]
        cols = ["outlet", "published", "published_source", "title", "file", "status",
                "place_text", "trigger", "evidence", "article_id"]
        cols += ["url"] if "url" in src.columns else []
        sources = (src.sort_values(["published", "file"])
                   .drop_duplicates(["article_id", "evidence"])[cols]
                   .to_dict(orient="records"))
        row["side"] = row["new_controller"] if row["status"] != "contested" else "contested"
        row["mentions"] = sources
        out.append(row)
    return out


# -- text ------------------------------------------------------------------------------------

def fold(text: str) -> str:
    return " ".join(str(text).casefold().split())


def search(frame: pd.DataFrame, query: str, columns: list[str]) -> pd.DataFrame:
    """Rows where every word of ``query`` appears in one of ``columns`` (case-insensitive)."""
    words = fold(query).split()
    if not words or frame.empty:
        return frame
    hay = frame[columns].astype(str).agg(" ".join, axis=1).map(fold)
    keep = pd.Series(True, index=frame.index)
    for w in words:
        keep &= hay.str.contains(w, regex=False)
    return frame[keep]


def highlight_html(text: str, evidence: list[tuple[int, int]],
                   names: list[tuple[int, int]]) -> str:
    """Article text as HTML: evidence sentences and place names wrapped in <mark>.

    Every piece of the text is escaped; only the tags added here are markup. Spans may
    overlap: a character is evidence and/or a name, and tags open and close per run.
    """
    n = len(text)
    flags = [0] * (n + 1)
    for spans, bit in ((evidence, 1), (names, 2)):
        for start, end in spans:
            start, end = max(0, int(start)), min(n, int(end))
            for i in range(start, end):
                flags[i] |= bit
    out: list[str] = []
    i = 0
    while i < n:
        j = i
        while j < n and flags[j] == flags[i]:
            j += 1
        piece = html.escape(text[i:j]).replace("\n", "<br>")
        f = flags[i]
        if f & 2:
            piece = f'<mark class="cm-name">{piece}</mark>'
        if f & 1:
            piece = f'<mark class="cm-evidence">{piece}</mark>'
        out.append(piece)
        i = j
    return "".join(out)


def name_spans(text: str, mentions: pd.DataFrame) -> list[tuple[int, int]]:
    """Where the mentions' place words (``place_text``) occur inside their sentences."""
    spans = []
    for row in mentions.itertuples(index=False):
        start, end, word = int(row.start), int(row.end), str(row.place_text)
        if not word:
            continue
        for m in re.finditer(re.escape(word), text[start:end]):
            spans.append((start + m.start(), start + m.end()))
    return spans


def css_token(value: str) -> str:
    """A CSS class fragment from an id: ``capital:qala-i-naw`` -> ``capital-qala-i-naw``."""
    return re.sub(r"[^a-z0-9-]+", "-", str(value).lower()).strip("-")


def opening_words(text: str, words: int = 12) -> str:
    """A label for an article without a title: its first words, shortened with an ellipsis."""
    parts = str(text or "").split()
    if not parts:
        return ""
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
