"""Adding a batch of articles: extraction outside the transaction (optionally in a process
pool), then one write transaction that stores the articles, their shingles, mentions and
unknown names, links syndicated copies, fills in stored articles, infers dates and brings
the events up to date. It lands whole or not at all, and the report says what it did."""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from control_changes.articles import Article
from control_changes.extract import Mention, extract, unresolved_names
from control_changes.readers import ReadProblem
from control_changes.store.completion import complete
from control_changes.store.db import immediate, retry, rows_in
from control_changes.store.events import rebuild_events
from control_changes.store.inferred_dates import infer_dates
from control_changes.store.mentions import insert_mentions, iso
from control_changes.store.stories import add_holders, link_stories
from control_changes.syndication import fingerprint
from gazetteer.places import get_place

# How many changes of one article the ingest summary lists before "and N more".
MAX_LISTED_CHANGES = 8

# Allocations between two runs of the cyclic garbage collector while an ingest runs (Python's
# default is 700). An ingest makes millions of small objects that live until it ends, and
# with the default the collector walked them again and again: about 5 % of the time.
INGEST_GC_THRESHOLD = 50_000


@dataclass
class IngestReport:
    """What one ingest did, in words a user can act on."""

    added: list[str] = field(default_factory=list)
    already_stored: list[str] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)
    n_mentions: int = 0
    n_events: int | None = 0  # None: not counted (a batch before the last)
    inferred_dates: list[str] = field(default_factory=list)
    # stored articles this input gave what they lacked: "publication date 2021-07-08: file"
    completed: list[str] = field(default_factory=list)
    # the files of those, which are listed there rather than as merely already stored
    completed_files: list[str] = field(default_factory=list)
    # file -> one line per change of control found in it
    found: dict[str, list[str]] = field(default_factory=dict)

    @property
    def unchanged(self) -> list[str]:
        """Inputs already stored that gave the store nothing new."""
        filled = set(self.completed_files)
        return [f for f in self.already_stored if f not in filled]

    def lines(self) -> list[str]:
        out = [f"added {len(self.added)} article(s), {self.n_mentions} mention(s)"
               + ("" if self.n_events is None else
                  f"; store now has {self.n_events} event(s)")]
        for file, changes in self.found.items():
            shown = changes[:MAX_LISTED_CHANGES]
            more = len(changes) - len(shown)
            out.append(f"  {file}: " + "; ".join(shown) + (f"; and {more} more" if more else ""))
        out += [f"already stored: {f}" for f in self.unchanged]
        out += [f"publication date inferred from a syndicated copy: {f}"
                for f in self.inferred_dates]
        out += [f"already stored, now with its {f}" for f in self.completed]
        out += [str(p) for p in self.problems]
        return out


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect cyclic garbage less often inside the block, then restore the settings."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], INGEST_GC_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _describe(m: Mention) -> str:
    """ "Islam Qala -> taliban (reported, 2021-07-08)" for the ingest summary; a change
    mentioned in passing is "by" its article's day."""
    what = {"partial": "part of ", "count": "districts of "}.get(m.scope, "")
    when = m.event_date.isoformat() if m.event_date else "undated"
    if m.scope == "background" and m.event_date:
        when = f"mentioned in passing, by {when}"
    return f"{what}{get_place(m.place_id).name} -> {m.new_controller} ({m.status}, {when})"


@dataclass(frozen=True)
class Prepared:
    """One article with everything found in it, ready to be stored."""

    article: Article
    article_id: str
    mentions: tuple[Mention, ...]
    unresolved: tuple[tuple[str, str, str], ...]
    shingles: frozenset[int]


def prepare(article: Article) -> Prepared:
    """Everything about one article that needs no store: the pure, parallel part."""
    return Prepared(
        article=article,
        article_id=article.article_id,
        mentions=tuple(extract(article)),
        unresolved=tuple(unresolved_names(article.text)),
        shingles=frozenset(fingerprint(article.text)),
    )


def prepare_all(articles: list[Article], workers: int,
                progress: Callable[[int, int], None] | None,
                pool: Executor | None = None) -> list[Prepared]:
    """``prepare`` every article, in ``workers`` processes when it pays (those of ``pool``
    when given), telling ``progress`` how many are done of how many."""
    total = len(articles)
    out: list[Prepared] = []
    if workers > 1 and total > 50:
        with ExitStack() as stack:
            if pool is None:
                pool = stack.enter_context(ProcessPoolExecutor(max_workers=workers))
            for p in pool.map(prepare, articles, chunksize=32):
                out.append(p)
                if progress and len(out) % 25 == 0:
                    progress(len(out), total)
    else:
        for a in articles:
            out.append(prepare(a))
            if progress:
                progress(len(out), total)
    if progress:
        progress(total, total)
    return out


def existing_ids(conn: sqlite3.Connection, ids: list[str]) -> set[str]:
    """Those of ``ids`` the store holds already."""
    return {r[0] for r in rows_in(
        conn, "SELECT article_id FROM articles WHERE article_id IN ({marks})", ids)}


def ingest(conn: sqlite3.Connection, articles: Iterable[Article],
           problems: Iterable[ReadProblem] = (), workers: int = 1,
           progress: Callable[[int, int], None] | None = None,
           pool: Executor | None = None) -> IngestReport:
    """Add articles in one transaction; already stored texts are skipped and listed, and
    given what this input says of them that the store lacks."""
    report = IngestReport(problems=list(problems))
    batch: dict[str, Article] = {}
    for article in articles:
        aid = article.article_id
        if aid in batch:
            report.already_stored.append(f"{article.file} (same text as {batch[aid].file})")
        else:
            batch[aid] = article
    existing = existing_ids(conn, list(batch))
    known = [batch.pop(aid) for aid in list(batch) if aid in existing]  # in input order
    report.already_stored.extend(a.file for a in known)
    todo = list(batch.values())
    with fewer_collections():
        prepared = prepare_all(todo, workers, progress, pool)
        retry(lambda: write_batch(conn, prepared, report, known))
    return report


def write_batch(conn: sqlite3.Connection, prepared: list[Prepared], report: IngestReport,
                known: list[Article] = ()) -> None:
    """Store the ``prepared`` articles in one transaction, and give the ``known`` ones
    (already stored) what this input says of them that the store lacks."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    n_inferred, n_completed = len(report.inferred_dates), len(report.completed)
    n_completed_files = len(report.completed_files)
    n_problems = len(report.problems)
    try:
        with immediate(conn):
            # Another process may have stored some of these articles since they were checked:
            # now that this one holds the write lock, look again and skip those.
            stored = existing_ids(conn, [p.article_id for p in prepared])
            skipped = [p.article.file for p in prepared if p.article_id in stored]
            prepared = [p for p in prepared if p.article_id not in stored]
            conn.executemany(
                "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(p.article_id, p.article.file, p.article.outlet, p.article.title,
                  p.article.url, iso(p.article.published), p.article.published_source,
                  p.article.author, p.article_id, len(p.article.text), len(p.shingles),
                  p.article.text, now, p.article.source_of_outlet) for p in prepared],
            )
            add_holders(conn, [(h, p.article_id) for p in prepared for h in p.shingles])
            conn.executemany(
                "INSERT INTO unresolved VALUES (?,?,?,?)",
                [(p.article_id, *u) for p in prepared for u in p.unresolved],
            )
            insert_mentions(conn, [(p.article_id, p.article.file, m)
                                   for p in prepared for m in p.mentions])
            for p in prepared:
                report.added.append(p.article.file)
                report.n_mentions += len(p.mentions)
                if p.mentions:
                    report.found[p.article.file] = [_describe(m) for m in p.mentions]
            batch = {p.article_id for p in prepared}
            relinked: set[str] = set()
            stories = link_stories(conn, prepared, relinked, batch)
            removed: list[tuple[str, str, str, str]] = []
            completed = complete(conn, known, report, removed, stories)
            redated = infer_dates(conn, stories, report, removed, batch)
            # Events of older articles change too when they join a story or take a date.
            rebuild_events(conn, batch, relinked | completed | redated, removed)
    except BaseException:
        report.added.clear()
        report.n_mentions = 0
        del report.inferred_dates[n_inferred:]
        del report.completed[n_completed:]
        del report.completed_files[n_completed_files:]
        del report.problems[n_problems:]
        raise
    report.already_stored.extend(skipped)
