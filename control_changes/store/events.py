"""The events table kept up to date as batches arrive, from day summaries.

Each day summary (``day_summaries``) holds what merging needs to know about the mentions of
one place, side, scope and report day (``merge.new_summary``). An ingest adds its new
mentions to the stored summaries of their days, summarises again the days that lost or
changed mentions, then makes again only the events of the clusters holding a touched day, so
the work grows with what a batch touches, not with the store. ``rebuild_all_events`` makes
every summary and event again from the mentions (after a change of the merge rules or of an
older store's layout); both give the same events.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from functools import partial

from control_changes.merge import (
    LAST_DAY,
    DayKey,
    add_summary,
    changed_windows,
    day_summaries,
    dump_summary,
    event_rows,
    load_summary,
)
from control_changes.schema import EVENT_COLUMNS
from control_changes.store.db import fill, rows_in, runs
from control_changes.store.mentions import evidence_of, mention_rows

# About how many mentions are read at once when all events are merged again.
REBUILD_ROWS = 50_000
# When an ingest touches stored events: about how many bytes of day summaries (as JSON) are
# held at once, both when the touched days are updated and when events are made from them.
# Loaded, a summary takes several times its JSON size, so 1 MB keeps the rebuild to some
# tens of MB; smaller runs cost more statements and no less work (see docs/performance.md).
REBUILD_BYTES = 1_000_000
# What a touched day weighs beside its stored summary: about a one-day summary's JSON, for
# the mentions it takes and for a day not stored yet.
DAY_BYTES = 500


def _in_dirty(alias: str, day: str) -> str:
    """Join condition: rows of ``alias`` on the key of a ``dirty`` interval (``d``) whose
    ``day`` column falls within it."""
    return (f"{alias}.place_id = d.place_id AND {alias}.new_controller = d.new_controller "
            f"AND {alias}.scope = d.scope AND {alias}.{day} BETWEEN d.lo AND d.hi")


# The events within the ``dirty`` intervals. Bounding ``reports_from`` on both sides lets the
# key index read just the interval (with only ``reports_from >= lo`` it read every later
# event of the key, so the delete grew with the length of the key's history).
DELETE_DIRTY_EVENTS = (
    "DELETE FROM events WHERE rowid IN (SELECT e.rowid FROM events e JOIN dirty d "
    f"ON {_in_dirty('e', 'reports_from')} AND e.reports_to <= d.hi)")


def _ordinal(day: str) -> int:
    return date.fromisoformat(day).toordinal()


def _day(ordinal: int) -> str:
    """An ISO day (``LAST_DAY`` is 9999-12-31, after every report day)."""
    return date.fromordinal(min(max(ordinal, 1), LAST_DAY)).isoformat()


def rebuild_all_events(conn: sqlite3.Connection) -> None:
    """Summarise every mention again and merge every event again (after a change of the
    merge rules or the schema), a few places at a time, so memory stays flat however
    large the store. Runs inside the caller's transaction."""
    conn.execute("DELETE FROM events")
    conn.execute("DELETE FROM day_summaries")
    keys = conn.execute("SELECT place_id, new_controller, scope, COUNT(*) FROM mentions "
                        "GROUP BY place_id, new_controller, scope").fetchall()
    for chunk in runs([k[:3] for k in keys], [k[3] for k in keys], REBUILD_ROWS):
        fill(conn, "dirty", [(*key, "", _day(LAST_DAY)) for key in chunk])
        days = day_summaries(mention_rows(
            conn, "m.rowid IN (SELECT m2.rowid FROM dirty d JOIN mentions m2 "
            "USING (place_id, new_controller, scope))"))
        save_days(conn, days)
        _insert_events(conn, event_rows(days, partial(evidence_of, conn)))
    fill(conn, "dirty", [])


def rebuild_events(conn: sqlite3.Connection, new: set[str], changed: set[str] = frozenset(),
                   removed: list[tuple[str, str, str, str]] = ()) -> None:
    """Bring the day summaries and the events up to date after an ingest.

    ``new`` are the articles this ingest added, ``changed`` older ones whose story or date
    changed, ``removed`` the (place, side, scope, date) of mentions it deleted. New mentions
    are added to the stored summary of their day; days that lost or changed mentions are
    summarised again from their mentions. Then the clusters holding a touched day
    (``_dirty_intervals``) lose their events and get them again from their day summaries.
    """
    def day_key(r) -> DayKey:
        return (r.place_id, r.new_controller, r.scope, r.event_date)

    redo: set[DayKey] = {(pid, ctrl, scope, day or "") for pid, ctrl, scope, day in removed}
    redo.update((pid, ctrl, scope, day or "") for pid, ctrl, scope, day in rows_in(
        conn, "SELECT DISTINCT place_id, new_controller, scope, event_date FROM mentions "
        "WHERE article_id IN ({marks})", sorted(changed)))
    new_rows = mention_rows(conn, "m.article_id IN ({marks})", sorted(new))
    fresh = day_summaries(r for r in new_rows if day_key(r) not in redo)
    # A few places at a time, so the stored summaries in memory stay few however many
    # days a batch touches.
    by_place: dict[tuple[str, str, str], list[DayKey]] = {}
    for key in sorted([*fresh, *redo]):
        by_place.setdefault(key[:3], []).append(key)
    places = list(by_place.values())
    # Weighed by their stored summaries: an undated day holds every undated report of
    # its place, so it grows with the corpus while a dated day does not.
    stored = summary_sizes(conn, [key for keys in places for key in keys])
    weights = [sum(stored.get(key, 0) + DAY_BYTES for key in keys) for keys in places]
    for run in runs(places, weights, REBUILD_BYTES):
        piece = [key for keys in run for key in keys]
        _update_days(conn, {k: fresh.pop(k) for k in piece if k in fresh},
                     {k for k in piece if k in redo})


def _update_days(conn: sqlite3.Connection, fresh: dict[DayKey, dict],
                 redo: set[DayKey]) -> None:
    """Add the ``fresh`` summaries of new mentions to the stored ones, summarise the
    ``redo`` days again from their mentions, then make the events of every cluster
    holding one of these days again."""
    days = load_days(conn, fresh)
    for key, s in fresh.items():
        if key in days:
            add_summary(days[key], s)
        else:
            days[key] = s
    if redo:
        fill(conn, "dirty", [(*key[:3], key[3], key[3]) for key in redo])
        again = day_summaries(mention_rows(
            conn, "m.rowid IN (SELECT m2.rowid FROM dirty d JOIN mentions m2 "
            f"ON {_in_dirty('m2', 'event_date')})"))
        fill(conn, "dirty", [])
        conn.executemany(
            "DELETE FROM day_summaries WHERE place_id = ? AND new_controller = ? "
            "AND scope = ? AND day = ?", [key for key in redo if key not in again])
        days.update(again)
    save_days(conn, days)
    points: dict[tuple[str, str, str], set[str]] = {}
    for pid, ctrl, scope, day in [*days, *redo]:
        points.setdefault((pid, ctrl, scope), set()).add(day)
    if points:
        _merge_intervals(conn, _dirty_intervals(conn, points), days)


def _merge_intervals(conn: sqlite3.Connection, intervals: list[tuple],
                     known: dict[DayKey, dict]) -> None:
    """Delete the events of ``intervals`` (place, side, scope, first and last date, each
    holding whole clusters) and make them again from their day summaries (taken from
    ``known`` when there, else read from the store)."""
    # Each interval holds whole clusters, so intervals can be merged apart: reading about
    # REBUILD_BYTES of summaries at a time keeps memory flat however many events a batch
    # touches and however many reports a day gathers.
    for chunk in _chunks_of_days(conn, intervals):
        fill(conn, "dirty", chunk)
        conn.execute(DELETE_DIRTY_EVENTS)
        # The summaries this ingest just wrote are at hand; only the others are read.
        keys = conn.execute(
            "SELECT s.place_id, s.new_controller, s.scope, s.day FROM dirty d "
            f"JOIN day_summaries s ON {_in_dirty('s', 'day')}").fetchall()
        days = load_days(conn, [k for k in keys if k not in known])
        days.update((k, known[k]) for k in keys if k in known)
        _insert_events(conn, event_rows(days, partial(evidence_of, conn)))
    fill(conn, "dirty", [])


def _chunks_of_days(conn: sqlite3.Connection, intervals: list[tuple]) -> Iterator[list[tuple]]:
    """``intervals`` in runs holding about ``REBUILD_BYTES`` of day summaries each."""
    fill(conn, "dirty", intervals)
    sizes = [n for _, n in conn.execute(
        "SELECT d.rowid, TOTAL(LENGTH(s.summary)) FROM dirty d LEFT JOIN day_summaries s "
        f"ON {_in_dirty('s', 'day')} GROUP BY d.rowid ORDER BY d.rowid")]
    yield from runs(intervals, sizes, REBUILD_BYTES)


def _dirty_intervals(conn: sqlite3.Connection,
                     points: dict[tuple[str, str, str], set[str]]) -> list[tuple]:
    """Per key, the date intervals (lo, hi) to merge again; ("", "") for undated.

    ``points`` are the report days of each key that gained, lost or changed mentions;
    the day summaries are already up to date, the events not yet. Each interval is a
    window of ``merge.changed_windows``: it holds whole clusters as they were (the
    stored event spans) and as they are now (from the summaries' days), and outside it
    the clusters are unchanged, so merging only its day summaries gives the same events
    as merging everything. Only the spans and days near each change are read, so the
    work does not grow with the length of a key's history.
    """
    # One cursor each, read lazily: a window stops reading once the clusters agree again.
    spans, days = conn.cursor(), conn.cursor()

    def old_spans_from(key: tuple[str, str, str], d: int) -> Iterator[tuple[int, int]]:
        spans.execute(
            "SELECT reports_from, reports_to FROM events WHERE place_id = ? "
            "AND new_controller = ? AND scope = ? AND reports_from >= ? "
            "ORDER BY reports_from", (*key, _day(d)))
        return ((_ordinal(lo), _ordinal(hi)) for lo, hi in spans)

    def days_from(key: tuple[str, str, str], d: int) -> Iterator[int]:
        days.execute(
            "SELECT day FROM day_summaries WHERE place_id = ? AND new_controller = ? "
            "AND scope = ? AND day >= ? ORDER BY day", (*key, _day(d)))
        return (_ordinal(day) for (day,) in days)

    out: list[tuple] = []
    for key, points_of_key in points.items():
        if "" in points_of_key:
            out.append((*key, "", ""))
        changed = sorted(_ordinal(d) for d in points_of_key if d)
        for lo, hi in changed_windows(changed, partial(old_spans_from, key),
                                      partial(days_from, key)):
            out.append((*key, _day(lo), _day(hi)))
    spans.close()
    days.close()
    return out


def save_days(conn: sqlite3.Connection, days: dict[DayKey, dict]) -> None:
    """Store ``days`` (summaries by place, side, scope and day), replacing stored ones."""
    conn.executemany("INSERT OR REPLACE INTO day_summaries VALUES (?,?,?,?,?)",
                     [(*key, dump_summary(s)) for key, s in days.items()])


def load_days(conn: sqlite3.Connection, keys: Iterable[DayKey]) -> dict[DayKey, dict]:
    """The stored summaries of the given (place, side, scope, day) keys."""
    return {key: load_summary(text) for key, text in _stored_days(conn, keys, "s.summary")}


def summary_sizes(conn: sqlite3.Connection, keys: Iterable[DayKey]) -> dict[DayKey, int]:
    """The JSON length of the stored summaries of ``keys`` (absent when not stored)."""
    return dict(_stored_days(conn, keys, "LENGTH(s.summary)"))


def _stored_days(conn: sqlite3.Connection, keys: Iterable[DayKey],
                 value: str) -> list[tuple[DayKey, object]]:
    """(key, ``value``) for each of ``keys`` with a stored day summary ``s``."""
    fill(conn, "wanted_days", list(keys))
    rows = [((pid, ctrl, scope, day), v) for pid, ctrl, scope, day, v in conn.execute(
        f"SELECT s.place_id, s.new_controller, s.scope, s.day, {value} FROM wanted_days w "
        "JOIN day_summaries s USING (place_id, new_controller, scope, day)")]
    fill(conn, "wanted_days", [])
    return rows


def _insert_events(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """Store ``merge.event_rows`` (values in ``EVENT_COLUMNS`` order)."""
    cols = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
    marks = ",".join("?" * len(EVENT_COLUMNS))
    conn.executemany(f"INSERT INTO events ({cols}) VALUES ({marks})", rows)
