"""The SQLite store: articles, mentions, events, and names the gazetteer did not know.

One ingest is one transaction: it either lands whole or not at all, so a crash, a kill or a
bad file halfway leaves the store as it was. WAL mode lets the dashboard read while an
ingest writes, and a busy timeout with retries lets two ingests queue instead of failing.
Extraction runs before the transaction opens (optionally in a process pool), so the write
lock is held only for the inserts.

``Store`` is the one object the pages and the command line hold; the work is done in the
modules beside it, one job each (see docs/store.md):

- ``tables``: the tables and indexes, and opening a store (``migrations`` upgrades one made
  by an older version);
- ``ingest``: the ingest transaction and its report;
- ``stories``: finding syndicated copies and linking them into stories;
- ``completion`` and ``inferred_dates``: what a stored article gains from a later input or
  from a dated copy;
- ``mentions``: writing and reading the mentions table;
- ``events``: the incremental event rebuild from day summaries;
- ``queries``: the reads of the dashboard and the exports;
- ``reviews``: analysts' decisions, kept apart from the machine's events (applied on read by
  ``control_changes.review``);
- ``db``: the SQLite plumbing they share.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import pandas as pd

from control_changes.articles import Article
from control_changes.background import attach_background
from control_changes.checkpoint import BackgroundCheckpoint
from control_changes.ordering import in_publication_order
from control_changes.readers import ReadProblem, read_batches, read_paths
from control_changes.review import Decision, apply_reviews, unmatched
from control_changes.schema import EVENT_COLUMNS
from control_changes.store import events as _events
from control_changes.store import ingest as _ingest
from control_changes.store import queries
from control_changes.store import reviews as _reviews
from control_changes.store.db import connect, immediate, retry
from control_changes.store.ingest import IngestReport
from control_changes.store.stories import holder_ids
from control_changes.store.tables import open_tables

__all__ = ["DB_ENV", "DEFAULT_BATCH", "DEFAULT_DB", "SEEDS_DIR", "IngestReport", "Store",
           "default_db_path", "holder_ids", "ingest_batches", "ingest_paths", "open_store"]

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = ROOT / "data" / "conflict_map.sqlite"
# Environment variable naming another store file (tests, benchmarks, several corpora).
DB_ENV = "CONFLICT_MAP_DB"
SEEDS_DIR = ROOT / "seeds"

# Articles per transaction when the command line ingests files: large enough to share the
# pages each commit rewrites among many articles, small enough that memory stays modest and
# an interruption loses little (see "Ingesting at scale" in docs/store.md).
DEFAULT_BATCH = 2_000


def default_db_path() -> Path:
    """The store: ``$CONFLICT_MAP_DB`` when set, else ``data/conflict_map.sqlite``."""
    value = os.environ.get(DB_ENV, "").strip()
    return Path(value) if value else DEFAULT_DB


class Store:
    """A conflict-map store in one SQLite file."""

    def __init__(self, path: Path | str = DEFAULT_DB):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = connect(self.path)
        self._checkpointer: BackgroundCheckpoint | None = None
        if open_tables(self._conn):  # an older store whose events must be made again
            retry(self._rebuild_all_in_transaction)

    def _rebuild_all_in_transaction(self) -> None:
        with immediate(self._conn):
            self.rebuild_all_events()

    def _checkpoint_in_background(self) -> BackgroundCheckpoint:
        """From the first ingest on, commits leave the log's checkpoints to a thread of their
        own (control_changes.checkpoint) instead of waiting for them."""
        if self._checkpointer is None:
            self._checkpointer = BackgroundCheckpoint(self.path)
            self._conn.execute("PRAGMA wal_autocheckpoint = 0")
        return self._checkpointer

    def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.close()
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading -----------------------------------------------------------------------

    def _frame(self, sql: str, params: tuple = ()) -> pd.DataFrame:
        return queries.frame(self._conn, sql, params)

    def articles(self, with_text: bool = True) -> pd.DataFrame:
        return queries.articles(self._conn, with_text)

    def mentions(self) -> pd.DataFrame:
        """Mentions with the article fields merging needs (story, date, outlet) and titles."""
        return queries.mentions(self._conn)

    def events(self, with_rejected: bool = False) -> pd.DataFrame:
        """Every event, as reviewed: the one way events are read, by the pages, exports and
        commands. The machine's events pass through the later-report rules
        (``attach_background``), then the analysts' decisions (``review.apply_reviews``);
        rejected events are left out unless ``with_rejected``."""
        out = apply_reviews(self._machine_events(), self.reviews())
        if with_rejected:
            return out
        return out[out["review_verdict"].ne("rejected")].reset_index(drop=True)

    def _machine_events(self) -> pd.DataFrame:
        """The stored events once later reports have joined them, before any review."""
        cols = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
        ev = self._frame(f"SELECT {cols} FROM events ORDER BY event_date, place, event_id")
        ev["date_inferred"] = ev["date_inferred"].astype(bool)
        text_cols = [c for c in EVENT_COLUMNS if ev[c].dtype == object]
        ev[text_cols] = ev[text_cols].fillna("")
        return attach_background(ev)

    def reviews(self) -> pd.DataFrame:
        """Every analyst's decision, oldest first (``control_changes.store.reviews``)."""
        return _reviews.read(self._conn)

    def unmatched_reviews(self) -> pd.DataFrame:
        """Decisions whose event is gone (its reports no longer meet what was judged)."""
        return unmatched(self._machine_events(), self.reviews())

    def unresolved(self) -> pd.DataFrame:
        return queries.unresolved(self._conn)

    def count(self, table: str) -> int:
        return queries.count(self._conn, table)

    def count_events(self) -> int:
        """How many events ``events()`` returns (read whole only once decisions exist)."""
        if _reviews.has_any(self._conn):
            return len(self.events())
        return queries.count_events(self._conn)

    def integrity_ok(self) -> bool:
        return queries.integrity_ok(self._conn)

    # -- writing -----------------------------------------------------------------------

    def ingest(self, articles: Iterable[Article], problems: Iterable[ReadProblem] = (),
               workers: int = 1, progress: Callable[[int, int], None] | None = None,
               pool: Executor | None = None, count: bool = True) -> IngestReport:
        """Add articles in one transaction; already stored texts are skipped and listed.

        With ``workers`` > 1 articles are extracted in that many processes: those of
        ``pool`` when given (so a run of many batches starts them once), else new ones.
        Without ``count`` the report leaves out how many events the store holds (it reads
        the whole events table)."""
        checkpointer = self._checkpoint_in_background()
        changes = self._conn.total_changes
        report = _ingest.ingest(self._conn, articles, problems, workers, progress, pool)
        if self._conn.total_changes != changes:  # a batch of known articles wrote nothing
            checkpointer.ask()
        report.n_events = self.count_events() if count else None
        return report

    def record_review(self, decision: Decision, seen: int | None = -1) -> int:
        """Store one decision (see ``reviews.record`` for ``seen``); its ``review_id``."""
        return _reviews.record(self._conn, decision, seen)

    def import_reviews(self, decisions: list[Decision]) -> int:
        """Store decisions in one transaction, skipping stored ones; how many were new."""
        return _reviews.record_many(self._conn, decisions)

    def rebuild_all_events(self) -> None:
        """Summarise every mention again and merge every event again, inside the caller's
        transaction (see ``events.rebuild_all_events``)."""
        _events.rebuild_all_events(self._conn)


def ingest_paths(store: Store, paths: list[Path], manifest: Path | None = None,
                 workers: int = 1, progress=None) -> IngestReport:
    """Read files and folders, then ingest what could be read in one transaction; problems
    are reported."""
    result = read_paths(paths, manifest)
    return store.ingest(result.articles, result.problems, workers=workers, progress=progress)


def ingest_batches(store: Store, paths: list[Path], manifest: Path | None = None,
                   size: int = DEFAULT_BATCH, workers: int = 1, by_date: bool = True,
                   on_read: Callable[[int], None] | None = None) -> Iterator[IngestReport]:
    """Read and ingest files and folders ``size`` articles at a time, one transaction and
    one report each, so memory stays flat however large the input and an interruption loses
    only the batch in progress (running the same input again adds the rest).

    With ``by_date`` an input of more than one batch is read whole first and stored oldest
    first (see ``control_changes.ordering``, which tells ``on_read`` how many articles it
    read), else in the order its files come."""
    with ExitStack() as stack:
        pool = (stack.enter_context(ProcessPoolExecutor(max_workers=workers))
                if workers > 1 else None)
        pieces = read_batches(paths, manifest, size)
        if by_date:
            pieces = in_publication_order(pieces, size, on_read=on_read)
        # Each batch's report but the last leaves out the store's count of events, which
        # reads the whole events table: the next batch is read first to know which is last.
        pieces = iter(pieces)
        piece = next(pieces, None)
        while piece is not None:
            report = store.ingest(piece.articles, piece.problems, workers=workers, pool=pool,
                                  count=False)
            piece = next(pieces, None)
            if piece is None:
                report.n_events = store.count_events()
            yield report


def open_store(path: Path | str | None = None, seeds: Path | None = SEEDS_DIR) -> Store:
    """Open the store, building it from the seed articles when it has no article yet."""
    store = Store(path or default_db_path())
    if seeds is not None and store.count("articles") == 0 and Path(seeds).is_dir():
        ingest_paths(store, [Path(seeds)])
    return store
