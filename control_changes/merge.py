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
from collections import namedtuple
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import cache

import msgspec
import numpy as np
import pandas as pd

from control_changes.schema import EVENT_COLUMNS, GEO_PRECISION_CODE, TIME_PRECISION_CODE
from gazetteer.places import load_places

# Longest span, in days from its first report, one event may cover (see cluster_mentions).
MAX_EVENT_SPAN_DAYS = 3

_DATE_RANK = {"stated": 3, "carried": 2, "publication": 1, "none": 0}
_DATE_SOURCE = {rank: source for source, rank in _DATE_RANK.items()}
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


# A day after every report day, closing a window that runs to the end of a key's days.
LAST_DAY = date.max.toordinal()


def changed_windows(changed: list[int],
                    old_spans_from: Callable[[int], Iterator[tuple[int, int]]],
                    days_from: Callable[[int], Iterator[int]]) -> list[tuple[int, int]]:
    """The (first, last) day of each stretch of one key whose clusters a change may alter.

    ``changed`` are the sorted day numbers that gained, lost or changed mentions.
    ``old_spans_from(d)`` yields the clusters as they were (``cluster_spans`` before the
    change) that start on or after day ``d``, in order; ``days_from(d)`` the key's report
    days now, from day ``d`` on. Each window starts where the clusters before it are
    untouched and ends where the clusters as they are now start again on an old cluster's
    first day, past every changed day (``LAST_DAY`` when that never happens): from there the
    clusters are the old ones. So each window holds whole clusters, old and new, and only
    the clusters near a change are read, not every cluster of the key.
    """
    windows: list[tuple[int, int]] = []
    i = 0
    while i < len(changed):
        c = changed[i]
        # The first old cluster ending on or after the day before ``c`` (it starts at most
        # MAX_EVENT_SPAN_DAYS before its end): where the clustering may start to differ.
        olds = old_spans_from(c - 1 - MAX_EVENT_SPAN_DAYS)
        first = next((span for span in olds if span[1] >= c - 1), None)
        start = min(c, first[0]) if first else c
        next_old = first[0] if first else LAST_DAY
        end = LAST_DAY
        span: tuple[int, int] | None = None
        for d in days_from(start):
            if span and d - span[1] <= 1 and d - span[0] <= MAX_EVENT_SPAN_DAYS:
                span = (span[0], d)
                continue
            if span and d > c:
                # ``d`` starts a new cluster: past the changed days before it, and an old
                # cluster started there too, so the clusters from ``d`` on are the old ones.
                while i < len(changed) and changed[i] < d:
                    i += 1
                while next_old < d:
                    next_old = next(olds, (LAST_DAY, LAST_DAY))[0]
                if next_old == d and (i == len(changed) or changed[i] > d):
                    end = d - 1
                    break
            span = (d, d)
        windows.append((start, end))
        if end == LAST_DAY:
            break
    return windows


# -- summaries: what merging needs to know about a group of mentions ------------------------
#
# An event is computed from a summary of its mentions: the sets its counts and lists come
# from (articles, stories, statuses, sources, outlets), the date vote and the mention its
# evidence comes from. Summaries add up (``add_summary``) in any order to the summary of all
# the mentions, so the store keeps one per place, side, scope and report day and builds an
# event from the day summaries of its cluster, without reading the mentions again; a day
# summary takes new mentions the same way.

_SETS = ("articles", "stories", "statuses", "files", "outlets")


def new_summary() -> dict:
    return {"n": 0, "articles": set(), "stories": set(), "statuses": set(), "files": set(),
            "outlets": set(), "count": None, "inferred": True, "from": "", "to": "",
            "first_published": "", "rank": -1, "votes": {}, "lead": None}


def absorb(s: dict, row) -> None:
    """Add one mention to summary ``s``: ``row`` has the mention columns and its article's
    ``story_id``, ``published``, ``published_source`` and ``outlet``."""
    s["n"] += 1
    s["articles"].add(row.article_id)
    s["stories"].add(row.story_id)
    for key, value in (("statuses", row.status), ("files", row.file), ("outlets", row.outlet)):
        if value:
            s[key].add(value)
    _add_count(s, int(row.count))
    s["inferred"] = s["inferred"] and row.published_source == "inferred"
    day = row.event_date
    _add_span(s, day, day)
    _add_published(s, row.published)
    # The date vote: among the best-attested mentions, the distinct stories per date; a
    # date's precision is that of its first mention in (article, offset, id) order.
    drank = _DATE_RANK.get(row.date_source, 0)
    order = (row.article_id, int(row.start), row.mention_id)
    _raise_rank(s, drank)
    if drank == s["rank"] and day:
        _add_vote(s, day, row.date_precision, order, (row.story_id,))
    # The evidence: most certain, best dated, earliest published, then article and offset.
    _add_lead(s, (-_STATUS_RANK.get(row.status, 0), -drank, row.published, *order))


def add_summary(s: dict, t: dict) -> None:
    """Add summary ``t`` into ``s``: the summary of both groups of mentions (``t`` is left
    as it was, nothing of it is shared)."""
    s["n"] += t["n"]
    for key in _SETS:
        _as_set(s, key).update(t[key])
    if t["count"] is not None:
        _add_count(s, t["count"])
    s["inferred"] = s["inferred"] and t["inferred"]
    _add_span(s, t["from"], t["to"])
    _add_published(s, t["first_published"])
    _raise_rank(s, t["rank"])
    if t["rank"] == s["rank"]:
        for day, (precision, order, stories) in t["votes"].items():
            _add_vote(s, day, precision, order, stories)
    if t["lead"] is not None:
        _add_lead(s, t["lead"])


# The rules absorb and add_summary share, one mention being a summary of one.

def _add_span(s: dict, first: str, last: str) -> None:
    if first:
        s["from"] = min(s["from"] or first, first)
        s["to"] = max(s["to"], last)


def _add_published(s: dict, published: str) -> None:
    if published:
        s["first_published"] = min(s["first_published"] or published, published)


def _raise_rank(s: dict, rank: int) -> None:
    """A better-attested date rank drops the votes cast at the lower one."""
    if rank > s["rank"]:
        s["rank"], s["votes"] = rank, {}


def _add_vote(s: dict, day: str, precision: str, order: tuple, stories: Iterable[str]) -> None:
    """Stories voting for ``day``; its precision is that of the vote first in ``order``."""
    vote = s["votes"].get(day)
    if vote is None:
        s["votes"][day] = [precision, order, set(stories)]
        return
    if order < vote[1]:
        vote[0], vote[1] = precision, order
    _as_set(vote, 2).update(stories)


def _add_lead(s: dict, lead: tuple) -> None:
    if s["lead"] is None or lead < s["lead"]:
        s["lead"] = lead


def _as_set(holder, key):
    """``holder[key]`` as a set, converted in place when it is still the sorted list a
    stored summary is loaded with (most loaded summaries are only read, never added to)."""
    value = holder[key]
    if type(value) is not set:
        value = holder[key] = set(value)
    return value


def _add_count(s: dict, count: int) -> None:
    """Counted districts: the largest count, or -1 ("several") once any mention is vague."""
    if count < 0 or s["count"] == -1:
        s["count"] = -1
    else:
        s["count"] = count if s["count"] is None else max(count, s["count"])


def summary_fields(s: dict) -> dict:
    """The event columns a summary determines (the place columns come from the gazetteer)."""
    if s["votes"]:
        day, (precision, _, _) = min(s["votes"].items(), key=lambda kv: (-len(kv[1][2]), kv[0]))
    else:
        day, precision = "", "undated"
    return {
        "event_date": day, "date_precision": precision,
        "time_precision": TIME_PRECISION_CODE.get(precision),
        "date_source": _DATE_SOURCE.get(s["rank"], "none"),
        "status": merged_status(set(s["statuses"])), "date_inferred": bool(s["inferred"]),
        "count": s["count"] if s["count"] is not None else 0,
        "n_articles": len(s["articles"]), "n_stories": len(s["stories"]),
        "n_mentions": s["n"], "mention_statuses": "|".join(sorted(s["statuses"])),
        "sources": "|".join(sorted(s["files"])), "outlets": "|".join(sorted(s["outlets"])),
        "reports_from": s["from"], "reports_to": s["to"],
        "first_published": s["first_published"],
    }


# msgspec reads and writes the same JSON as the json module did (compact, keys sorted, sets
# as sorted lists) three to seven times faster; a batch reads and writes thousands of them.
# It writes characters beyond ASCII as UTF-8 where json.dumps escaped them: both read alike.
_encode_json = msgspec.json.Encoder(order="sorted").encode
_decode_json = msgspec.json.Decoder().decode


def dump_summary(s: dict) -> str:
    """A summary as JSON, for the store (the encoder writes sets as sorted lists)."""
    return _encode_json(s).decode()


def load_summary(text: str) -> dict:
    """A stored summary; its sets stay sorted lists until something is added to them."""
    s = _decode_json(text)
    s["votes"] = {d: [p, tuple(o), st] for d, (p, o, st) in s["votes"].items()}
    s["lead"] = tuple(s["lead"]) if s["lead"] is not None else None
    return s


DayKey = tuple[str, str, str, str]  # place_id, new_controller, scope, report day ("" undated)


def day_summaries(rows: Iterable) -> dict[DayKey, dict]:
    """One summary per place, side, scope and report day of the mention ``rows``."""
    out: dict[DayKey, dict] = {}
    for row in rows:
        key = (row.place_id, row.new_controller, row.scope, row.event_date)
        s = out.get(key)
        if s is None:
            s = out[key] = new_summary()
        absorb(s, row)
    return out


def events_from_days(days: dict[DayKey, dict],
                     evidence_of: Callable[[list[str]], dict[str, str]] | None = None,
                     ) -> pd.DataFrame:
    """The events of the clusters the day summaries ``days`` make up.

    ``days`` must hold whole clusters (every report day of each cluster it touches).
    ``evidence_of`` maps the chosen mentions' ids to their sentences.
    """
    rows = _event_fields(days, evidence_of)
    if not rows:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    # Column by column: a frame from a dict of lists is built far faster than from dicts.
    return _with_places(pd.DataFrame({c: [r[c] for r in rows] for c in rows[0]}))


def event_rows(days: dict[DayKey, dict],
               evidence_of: Callable[[list[str]], dict[str, str]] | None = None,
               ) -> list[tuple]:
    """The events of ``events_from_days`` as tuples in ``EVENT_COLUMNS`` order, for the
    store: no frame is built, as converting one back to rows cost as much as the merge."""
    out = []
    for row in _event_fields(days, evidence_of):
        row.update(_place_fields(row["place_id"]))
        row["date_inferred"] = int(row["date_inferred"])
        out.append(tuple(row[c] for c in EVENT_COLUMNS))
    return out


def _event_fields(days: dict[DayKey, dict],
                  evidence_of: Callable[[list[str]], dict[str, str]] | None,
                  ) -> list[dict]:
    """Every event column but the gazetteer's, one dict per cluster of ``days``."""
    by_key: dict[tuple[str, str, str], list[str]] = {}
    for pid, ctrl, scope, day in days:
        by_key.setdefault((pid, ctrl, scope), []).append(day)
    rows: list[dict] = []
    leads: list[str] = []
    for key, key_days in by_key.items():
        dated = sorted(d for d in key_days if d)
        ordinals = [date.fromisoformat(d).toordinal() for d in dated]
        # Each span is a run of consecutive days of ``dated``.
        groups, i = [], 0
        for _, hi in cluster_spans(ordinals):
            j = i
            while j < len(dated) and ordinals[j] <= hi:
                j += 1
            groups.append(dated[i:j])
            i = j
        if len(dated) < len(key_days):
            groups.append([""])
        for group in groups:
            if len(group) == 1:
                s = days[(*key, group[0])]  # read only below, so no copy is needed
            else:
                s = new_summary()
                for day in group:
                    add_summary(s, days[(*key, day)])
            row = summary_fields(s)
            row.update(place_id=key[0], new_controller=key[1], scope=key[2],
                       event_id=_event_id(*key, row["event_date"] or "undated"))
            rows.append(row)
            leads.append(s["lead"][-1])
    sentences = evidence_of(leads) if evidence_of and leads else {}
    for row, lead in zip(rows, leads, strict=True):
        row["evidence"] = sentences.get(lead, "")
    return rows


def merge_events(mentions: pd.DataFrame,
                 evidence_of: Callable[[list[str]], dict[str, str]] | None = None,
                 ) -> pd.DataFrame:
    """Events from mentions joined with their articles (one row per cluster).

    ``mentions`` needs the mention columns plus the article columns ``story_id``,
    ``published``, ``published_source`` and ``outlet``. Without an ``evidence`` column,
    ``evidence_of`` maps the chosen mentions' ids to their sentences (so a caller holding
    many mentions need not load every sentence).
    """
    if mentions.empty:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    if "evidence" in mentions.columns:
        by_id = dict(zip(mentions["mention_id"], mentions["evidence"], strict=True))
        evidence_of = lambda ids: {i: by_id[i] for i in ids}  # noqa: E731
    return events_from_days(day_summaries(rows_of(mentions)), evidence_of)


def rows_of(frame: pd.DataFrame, piece: int = 5000) -> Iterator[tuple]:
    """The rows of ``frame`` as named tuples, read column by column (``itertuples`` goes
    through pandas' per-value path for Arrow-backed text), ``piece`` rows at a time so a
    large frame is not copied into Python objects at once."""
    row = namedtuple("Row", frame.columns, rename=True)
    for start in range(0, len(frame), piece):
        part = frame.iloc[start:start + piece]
        yield from map(row._make, zip(*(part[c].tolist() for c in frame.columns), strict=True))


# Event columns that come from the gazetteer, and the places-table column each is read from.
_PLACE_COLUMNS = {
    "place": "name", "place_type": "place_type", "province": "province",
    "province_id": "province_id", "admin1": "province", "admin2": "district",
    "country": "country", "latitude": "latitude", "longitude": "longitude",
    "geo_precision": "precision",
}


def _with_places(events: pd.DataFrame) -> pd.DataFrame:
    info = load_places().loc[events["place_id"]]
    for column, source in _PLACE_COLUMNS.items():
        events[column] = info[source].to_numpy()
    events["geo_precision_code"] = events["geo_precision"].map(GEO_PRECISION_CODE)
    events = events.sort_values(["event_date", "place"], na_position="last")
    return events[EVENT_COLUMNS].reset_index(drop=True)


@cache
def _place_fields(place_id: str) -> dict:
    """The gazetteer's event columns for one place, as plain Python values (None if blank)."""
    info = load_places().loc[place_id]
    fields = {}
    for column, source in _PLACE_COLUMNS.items():
        value = info[source]
        fields[column] = None if pd.isna(value) else value.item() if hasattr(value, "item") \
            else value
    fields["geo_precision_code"] = GEO_PRECISION_CODE.get(fields["geo_precision"])
    return fields


def place_fields(place_id: str) -> dict:
    """The gazetteer's event columns for one place (a copy; KeyError for an unknown id):
    what an event moved to another place by its reviewer takes."""
    return dict(_place_fields(place_id))
