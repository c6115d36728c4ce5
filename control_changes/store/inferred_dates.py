"""Undated syndicated copies take the date of their story, marked as inferred."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import TYPE_CHECKING

from control_changes.articles import Article
from control_changes.store.mentions import extract_again

if TYPE_CHECKING:
    from control_changes.store.ingest import IngestReport


def infer_dates(conn: sqlite3.Connection, stories: set[str], report: IngestReport,
                removed: list[tuple[str, str, str, str]], batch: set[str]) -> set[str]:
    """Undated copies of a dated story take its earliest date, marked as inferred.

    Returns the stored articles whose mentions were redone; the mentions they had before
    are appended to ``removed`` as (place_id, new_controller, scope, event_date). Articles
    of this ``batch`` are redone too but left out of both: no day summary holds their
    mentions yet. (Their undated mentions, put back as removed, had each ingest summarise
    again every undated mention of those places, a number that grows with the store.)
    """
    redated: set[str] = set()
    for story in sorted(stories):
        kinds = conn.execute(
            "SELECT SUM(published != '' AND published_source != 'inferred'), "
            "SUM(published = '' OR published_source = 'inferred'), COUNT(*) "
            "FROM articles WHERE story_id = ?", (story,)).fetchone()
        if kinds[2] < 2 or not kinds[0] or not kinds[1]:
            continue
        rows = conn.execute(
            "SELECT article_id, file, outlet, title, url, published, published_source, "
            "author, text FROM articles WHERE story_id = ?", (story,)).fetchall()
        dated = sorted(r[5] for r in rows if r[5] and r[6] != "inferred")
        if not dated:
            continue
        for r in rows:
            if r[5] and r[6] != "inferred":
                continue
            if r[5] == dated[0]:
                continue
            article = Article(text=r[8], file=r[1], outlet=r[2], title=r[3], url=r[4],
                              published=date.fromisoformat(dated[0]),
                              published_source="inferred", author=r[7])
            if r[0] not in batch:
                redated.add(r[0])
            conn.execute("UPDATE articles SET published = ?, published_source = 'inferred' "
                         "WHERE article_id = ?", (dated[0], r[0]))
            extract_again(conn, r[0], article, removed if r[0] not in batch else None)
            report.inferred_dates.append(r[1])
    return redated
