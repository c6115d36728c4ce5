"""Syndicated copies: which stored articles hold each sampled shingle, and linking a new
article to the story of the stored copies it shares its text with.

The fingerprints themselves are made in ``control_changes.syndication``; this module keeps
them in ``shingle_holders`` and compares a batch's fingerprints with the stored ones.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from itertools import chain, groupby
from operator import itemgetter
from typing import Protocol

from control_changes.store.db import in_list, rows_in
from control_changes.syndication import COMMON_SHINGLE_ARTICLES, SAME_STORY_CONTAINMENT


class Fingerprinted(Protocol):
    """What linking needs of an article about to be stored (``ingest.Prepared``)."""

    article_id: str
    shingles: frozenset[int]


def holder_ids(holders: bytes) -> list[bytes]:
    """The article ids a ``shingle_holders.holders`` value packs, 8 bytes each (an article
    id's 16 hex digits as bytes), in the order they were stored."""
    return [holders[i:i + 8] for i in range(0, len(holders), 8)]


def add_holders(conn: sqlite3.Connection, rows: list[tuple[int, str]]) -> None:
    """Record that each (hash, article id) article holds that shingle.

    Taken in hash order, so each shingle's row is updated once and the table is walked in
    order instead of at random pages (which matters once it outgrows SQLite's page cache).
    """
    values = []
    for h, group in groupby(sorted(rows, key=itemgetter(0)), key=itemgetter(0)):
        ids = [aid for _, aid in group]
        values.append((h, len(ids), b"".join(map(bytes.fromhex, ids))
                       if len(ids) <= COMMON_SHINGLE_ARTICLES else None))
    # SET reads the old row on every right-hand side, so n there is the count before.
    # || joins the bytes as they are (the store's text encoding is UTF-8, SQLite's
    # default) but yields text, hence the cast back to a blob.
    conn.executemany(
        "INSERT INTO shingle_holders VALUES (?, ?, ?) ON CONFLICT(hash) DO UPDATE SET "
        f"n = n + excluded.n, holders = CASE WHEN n + excluded.n <= {COMMON_SHINGLE_ARTICLES}"
        " THEN CAST(holders || excluded.holders AS BLOB) END", values)


def link_stories(conn: sqlite3.Connection, prepared: list[Fingerprinted], relinked: set[str],
                 batch: set[str]) -> set[str]:
    """Give each new article the story of the stored copies it shares its text with.

    An article joins every story it copies (the stories merge under the smallest id), so
    the result does not depend on the order articles arrive. Shingles found in more than
    ``COMMON_SHINGLE_ARTICLES`` articles are stock phrases and do not count. Returns the
    stories new articles joined (an article copying nothing is a story of its own, with
    no date to share); ``relinked`` gains every older article whose story changed.
    Articles of this ``batch`` (the ids of ``prepared``) are left out of it: no day
    summary holds their mentions yet, and their summaries are made after linking, with
    their final stories (summarising their days again from every mention there read
    some 20,000 rows a batch for nothing).
    """
    stories: set[str] = set()
    copies = copies_in_batch(conn, prepared)
    for p in prepared:
        matches = copies.get(p.article_id)
        if not matches:
            continue
        # Story ids as they stand now: earlier articles of this batch may have merged some.
        current = {r[0] for r in rows_in(
            conn, "SELECT story_id FROM articles INDEXED BY articles_fingerprint "
            "WHERE article_id IN ({marks})",
            [p.article_id, *sorted(matches)])}
        story = min(current)
        old = sorted(current - {story})
        if old:
            marks, values = in_list(old)
            relinked.update(r[0] for r in conn.execute(
                f"SELECT article_id FROM articles WHERE story_id IN ({marks})", values)
                if r[0] not in batch)
            conn.execute(f"UPDATE articles SET story_id = ? WHERE story_id IN ({marks})",
                         [story, *values])
        stories.add(story)
    return stories


def copies_in_batch(conn: sqlite3.Connection,
                    prepared: list[Fingerprinted]) -> dict[str, set[str]]:
    """For each new article, the other stored articles sharing enough of its fingerprint.

    Runs once per batch, after the batch's shingles are stored: the shingles held by 2 to
    ``COMMON_SHINGLE_ARTICLES`` articles with their holders, in one read, then the
    containment test (``SAME_STORY_CONTAINMENT`` of the smaller fingerprint) counted in
    Python, on the ids as stored (8 bytes).
    """
    batch_hashes = sorted({h for p in prepared for h in p.shingles})
    holders = {h: holder_ids(ids) for h, ids in rows_in(
        conn, "SELECT hash, holders FROM shingle_holders WHERE n >= 2 "
        "AND holders IS NOT NULL AND hash IN ({marks})", batch_hashes)}
    if not holders:
        return {}
    overlaps: dict[str, dict[str, int]] = {}
    for p in prepared:
        counts = Counter(chain.from_iterable(holders[h] for h in p.shingles if h in holders))
        del counts[bytes.fromhex(p.article_id)]
        candidates = {aid.hex(): n for aid, n in counts.items() if n >= 2}
        if candidates:
            overlaps[p.article_id] = candidates
    sizes = dict(rows_in(
        conn, "SELECT article_id, n_shingles FROM articles INDEXED BY articles_fingerprint "
        "WHERE article_id IN ({marks})",
        sorted({aid for c in overlaps.values() for aid in c})))
    own = {p.article_id: len(p.shingles) for p in prepared}
    out: dict[str, set[str]] = {}
    for aid, counts in overlaps.items():
        found = {other for other, n in counts.items()
                 if n >= SAME_STORY_CONTAINMENT * min(own[aid], max(1, sizes.get(other, 0)))}
        if found:
            out[aid] = found
    return out
