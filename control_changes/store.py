"""The SQLite store: articles, mentions, events, and names the gazetteer did not know.

One ingest is one transaction: it either lands whole or not at all, so a crash, a kill or a
bad file halfway leaves the store as it was. WAL mode lets the dashboard read while an
ingest writes, and a busy timeout with retries lets two ingests queue instead of failing.
Extraction runs before the transaction opens (optionally in a process pool), so the write
lock is held only for the inserts.
"""

from __future__ import annotations

import gc
import hashlib
import os
import sqlite3
import time
from collections import Counter, namedtuple
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from itertools import chain, groupby
from operator import itemgetter
from pathlib import Path

import pandas as pd

from control_changes.articles import Article
from control_changes.background import DECIDING_COLUMNS, attach_background, count_settled
from control_changes.checkpoint import BackgroundCheckpoint
from control_changes.extract import Mention, extract, unresolved_names
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
from control_changes.ordering import in_publication_order
from control_changes.readers import ReadProblem, read_batches, read_paths
from control_changes.schema import ARTICLE_COLUMNS, EVENT_COLUMNS, MENTION_COLUMNS
from control_changes.syndication import (
    COMMON_SHINGLE_ARTICLES,
    FINGERPRINT_VERSION,
    SAME_STORY_CONTAINMENT,
    fingerprint,
)
from gazetteer.places import get_place, load_renamed

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = ROOT / "data" / "conflict_map.sqlite"
# Environment variable naming another store file (tests, benchmarks, several corpora).
DB_ENV = "CONFLICT_MAP_DB"
SEEDS_DIR = ROOT / "seeds"

# About how many mentions are read at once when all events are merged again.
REBUILD_ROWS = 50_000
# When an ingest touches stored events: about how many bytes of day summaries (as JSON) are
# held at once, both when the touched days are updated and when events are made from them.
# Loaded, a summary takes several times its JSON size, so 1 MB keeps the rebuild to some
# tens of MB; smaller runs cost more statements and no less work (see "Memory flat from
# 10,000 to 100,000 articles" in the README).
REBUILD_BYTES = 1_000_000
# What a touched day weighs beside its stored summary: about a one-day summary's JSON, for
# the mentions it takes and for a day not stored yet.
DAY_BYTES = 500

# Articles per transaction when the command line ingests files: large enough to share the
# pages each commit rewrites among many articles, small enough that memory stays modest and
# an interruption loses little (see the README's "Ingesting years of press").
DEFAULT_BATCH = 2_000

# How long a writer waits for another writer's lock before retrying, and how often it retries.
BUSY_TIMEOUT_S = 30
LOCK_RETRIES = 20

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY,
    file TEXT NOT NULL, outlet TEXT, title TEXT, url TEXT,
    published TEXT, published_source TEXT, author TEXT,
    story_id TEXT NOT NULL, n_chars INTEGER, n_shingles INTEGER,
    text TEXT NOT NULL, ingested_at TEXT,
    -- manifest | given | text | none; NULL in stores made before it was kept (never replaced)
    outlet_source TEXT
);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
-- Copy-finding looks up the fingerprint size and story of thousands of stored articles per
-- batch; this index answers without reading the article rows, which hold the whole text.
CREATE INDEX IF NOT EXISTS articles_fingerprint ON articles(article_id, n_shingles, story_id);
-- For each sampled shingle (control_changes.syndication): how many articles hold it and,
-- while no more than COMMON_SHINGLE_ARTICLES do, which ones (their ids as 8 bytes each, in
-- the order they arrived; NULL past that, as the shingle is then a stock phrase). One row
-- per shingle, updated in place, so a batch rewrites fewer pages than it would adding a row
-- per (shingle, article) pair to a table ordered by hash and a count beside it.
CREATE TABLE IF NOT EXISTS shingle_holders (
    hash INTEGER PRIMARY KEY, n INTEGER NOT NULL, holders BLOB
);
CREATE TABLE IF NOT EXISTS mentions (
    mention_id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(article_id),
    file TEXT, place_id TEXT NOT NULL, place_text TEXT,
    event_date TEXT, date_precision TEXT, date_source TEXT,
    new_controller TEXT, status TEXT, scope TEXT, count INTEGER,
    trigger TEXT, evidence TEXT, start INTEGER, "end" INTEGER
);
-- Lookups by place alone use the key index's first column; a separate place index (which
-- older stores had) only cost time on every insert.
DROP INDEX IF EXISTS mentions_place;
CREATE INDEX IF NOT EXISTS mentions_key
    ON mentions(place_id, new_controller, scope, event_date);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);
CREATE TABLE IF NOT EXISTS events (
    event_id TEXT PRIMARY KEY,
    place TEXT, place_id TEXT NOT NULL, place_type TEXT, province TEXT, province_id TEXT,
    admin1 TEXT, admin2 TEXT, country TEXT, latitude REAL, longitude REAL,
    geo_precision TEXT, geo_precision_code INTEGER, event_date TEXT, date_precision TEXT,
    time_precision INTEGER, date_inferred INTEGER, date_source TEXT, new_controller TEXT,
    status TEXT,
    scope TEXT, count INTEGER, n_articles INTEGER, n_stories INTEGER, n_mentions INTEGER,
    mention_statuses TEXT, sources TEXT, outlets TEXT, first_published TEXT, evidence TEXT,
    reports_from TEXT, reports_to TEXT
);
-- As for mentions, the key index serves lookups by place.
DROP INDEX IF EXISTS events_place;
CREATE INDEX IF NOT EXISTS events_key ON events(place_id, new_controller, scope, reports_from);
-- What merging needs to know about the mentions of one place, side, scope and report day
-- ("" for undated), as JSON (see merge.new_summary): events are made from these.
CREATE TABLE IF NOT EXISTS day_summaries (
    place_id TEXT NOT NULL, new_controller TEXT NOT NULL, scope TEXT NOT NULL,
    day TEXT NOT NULL, summary TEXT NOT NULL,
    PRIMARY KEY (place_id, new_controller, scope, day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS unresolved (
    article_id TEXT NOT NULL REFERENCES articles(article_id),
    name TEXT NOT NULL, reason TEXT, context TEXT
);
"""


@dataclass
class IngestReport:
    """What one ingest did, in words a user can act on."""

    added: list[str] = field(default_factory=list)
    already_stored: list[str] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)
    n_mentions: int = 0
    n_events: int = 0
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
        out = [f"added {len(self.added)} article(s), {self.n_mentions} mention(s); "
               f"store now has {self.n_events} event(s)"]
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


# How much a publication date is trusted, by where it came from: a date given with the
# article beats one read from its text, which beats one taken from a syndicated copy.
_DATE_RANK = {"manifest": 3, "given": 3, "text": 2, "dateline": 2, "inferred": 1, "none": 0}

# How much an outlet is trusted, by where it came from: one given with the article (by a
# manifest, a JSON field or the form) beats one read from its text ("Source: theguardian").
_OUTLET_RANK = {"manifest": 2, "given": 2, "text": 1, "none": 0}


def _outlet_rank(outlet: str, source: str | None) -> int:
    """The rank of a stored outlet; one whose source was not kept (older stores) is kept."""
    if not outlet:
        return 0
    return _OUTLET_RANK.get(source or "", 2)


# How many changes of one article the ingest summary lists before "and N more".
MAX_LISTED_CHANGES = 8


# Allocations between two runs of the cyclic garbage collector while an ingest runs (Python's
# default is 700). An ingest makes millions of small objects that live until it ends, and
# with the default the collector walked them again and again: about 5 % of the time.
INGEST_GC_THRESHOLD = 50_000


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect cyclic garbage less often inside the block, then restore the settings."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], INGEST_GC_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _describe(m: Mention) -> str:
    """ "Islam Qala -> taliban (reported, 2021-07-08)" for the ingest summary."""
    what = {"partial": "part of ", "count": "districts of "}.get(m.scope, "")
    when = m.event_date.isoformat() if m.event_date else "undated"
    return f"{what}{get_place(m.place_id).name} -> {m.new_controller} ({m.status}, {when})"


@dataclass(frozen=True)
class _Prepared:
    article: Article
    article_id: str
    mentions: tuple[Mention, ...]
    unresolved: tuple[tuple[str, str, str], ...]
    shingles: frozenset[int]


def _prepare(article: Article) -> _Prepared:
    """Everything about one article that needs no store: the pure, parallel part."""
    return _Prepared(
        article=article,
        article_id=article.article_id,
        mentions=tuple(extract(article)),
        unresolved=tuple(unresolved_names(article.text)),
        shingles=frozenset(fingerprint(article.text)),
    )


def _mention_id(article_id: str, m: Mention) -> str:
    raw = f"{article_id}|{m.start}|{m.place_id}|{m.new_controller}|{m.status}|{m.scope}"
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def default_db_path() -> Path:
    """The store: ``$CONFLICT_MAP_DB`` when set, else ``data/conflict_map.sqlite``."""
    value = os.environ.get(DB_ENV, "").strip()
    return Path(value) if value else DEFAULT_DB


class Store:
    """A conflict-map store in one SQLite file."""

    def __init__(self, path: Path | str = DEFAULT_DB):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                     check_same_thread=False)
        self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        self._retry(lambda: self._conn.execute("PRAGMA journal_mode = WAL"))
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._checkpointer: BackgroundCheckpoint | None = None
        stale = self._retry(self._add_missing_event_columns)
        self._retry(self._add_outlet_source)
        self._retry(lambda: self._conn.executescript(_SCHEMA))
        self._retry(self._index_shingles_once)
        self._retry(self._refingerprint_once)
        if self._retry(self._rename_places):
            stale = True
        if self._retry(self._days_missing):
            stale = True
        for table, cols in (("dirty", "place_id, new_controller, scope, lo, hi"),
                            ("wanted_days", "place_id, new_controller, scope, day")):
            self._conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} ({cols})")
        if stale:
            self._retry(self._rebuild_all_in_transaction)

    def _add_columns(self, table: str, columns: list[str]) -> bool:
        """Add ``columns`` (TEXT) to an older store's ``table``; True if they were missing.

        Several processes may open an older store at once (the dashboard and an ingest): the
        columns are looked for again under the write lock, so only one of them adds them
        (adding a column twice is an error, not a no-op)."""
        def missing() -> bool:
            cols = {r[1] for r in self._conn.execute(f"PRAGMA table_info({table})")}
            return bool(cols) and columns[0] not in cols

        if not missing():
            return False
        with self._immediate():
            if not missing():
                return False
            for column in columns:
                self._conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
        return True

    def _add_missing_event_columns(self) -> bool:
        """Stores made before ``reports_from``/``reports_to`` or ``date_source`` existed get
        them (then a rebuild)."""
        spans = self._add_columns("events", ["reports_from", "reports_to"])
        return self._add_columns("events", ["date_source"]) or spans

    def _add_outlet_source(self) -> None:
        """Stores made before outlets' sources were kept get the column, empty: where their
        outlets came from is not known, so none of them is replaced later."""
        self._add_columns("articles", ["outlet_source"])

    def _days_missing(self) -> bool:
        """Stores made before day summaries existed have mentions but no summaries."""
        conn = self._conn
        return (conn.execute("SELECT 1 FROM day_summaries LIMIT 1").fetchone() is None
                and conn.execute("SELECT 1 FROM mentions LIMIT 1").fetchone() is not None)

    def _index_shingles_once(self) -> None:
        """Stores made when each (shingle, article) pair had a row of its own (table
        ``shingles``, with or without ``shingle_counts``) get ``shingle_holders`` from them."""
        conn = self._conn

        def done() -> bool:
            return conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'shingles'").fetchone() is None

        if done():
            return
        with self._immediate():
            if done():  # another process opening the store at the same time did it
                return
            rows = conn.execute("SELECT hash, article_id FROM shingles ORDER BY hash")
            for chunk in iter(lambda: rows.fetchmany(50_000), []):
                self._add_holders(chunk)
            conn.execute("DROP TABLE shingles")
            conn.execute("DROP TABLE IF EXISTS shingle_counts")

    def _add_holders(self, rows: list[tuple[int, str]]) -> None:
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
        self._conn.executemany(
            "INSERT INTO shingle_holders VALUES (?, ?, ?) ON CONFLICT(hash) DO UPDATE SET "
            f"n = n + excluded.n, holders = CASE WHEN n + excluded.n <= {COMMON_SHINGLE_ARTICLES}"
            " THEN CAST(holders || excluded.holders AS BLOB) END", values)

    def _rename_places(self) -> bool:
        """Mentions of places whose gazetteer id changed take the new id (then a rebuild)."""
        conn = self._conn
        renamed = load_renamed()
        marks = ",".join("?" * len(renamed))
        if not renamed or conn.execute(
                f"SELECT 1 FROM mentions WHERE place_id IN ({marks}) LIMIT 1",
                list(renamed)).fetchone() is None:
            return False
        with self._immediate():
            conn.executemany("UPDATE mentions SET place_id = ? WHERE place_id = ?",
                             [(new, old) for old, new in renamed.items()])
        return True

    def _refingerprint_once(self) -> None:
        """Stores whose shingles were hashed by an older ``FINGERPRINT_VERSION`` get them
        computed again from the stored texts (``PRAGMA user_version`` holds the version).

        Stories stay as they were linked; only later copies are compared by the new hashes.
        Articles are read in pieces so memory does not grow with the store.
        """
        conn = self._conn

        def done() -> bool:
            return conn.execute("PRAGMA user_version").fetchone()[0] >= FINGERPRINT_VERSION

        if done():
            return
        with self._immediate():
            if done():  # another process opening the store at the same time did it
                return
            if conn.execute("SELECT 1 FROM shingle_holders LIMIT 1").fetchone() is not None:
                conn.execute("DELETE FROM shingle_holders")
                last = 0
                while rows := conn.execute(
                        "SELECT rowid, article_id, text FROM articles WHERE rowid > ? "
                        "ORDER BY rowid LIMIT 2000", (last,)).fetchall():
                    last = rows[-1][0]
                    hashes = {aid: fingerprint(text) for _, aid, text in rows}
                    conn.executemany("UPDATE articles SET n_shingles = ? WHERE article_id = ?",
                                     [(len(h), aid) for aid, h in hashes.items()])
                    self._add_holders([(h, aid) for aid, hs in hashes.items() for h in hs])
            conn.execute(f"PRAGMA user_version = {FINGERPRINT_VERSION}")

    @contextmanager
    def _immediate(self) -> Iterator[None]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _rebuild_all_in_transaction(self) -> None:
        with self._immediate():
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
        return self._retry(lambda: pd.read_sql_query(sql, self._conn, params=params))

    def articles(self, with_text: bool = True) -> pd.DataFrame:
        cols = ARTICLE_COLUMNS if with_text else [c for c in ARTICLE_COLUMNS if c != "text"]
        sql = "SELECT " + ", ".join(cols) + " FROM articles ORDER BY published, file"
        return self._frame(sql).fillna("")

    def mentions(self) -> pd.DataFrame:
        """Mentions with the article fields merging needs (story, date, outlet) and titles."""
        return self._frame(_mentions_sql("1 = 1", title=True)
                           + " ORDER BY m.article_id, m.start, m.mention_id").fillna("")

    def events(self) -> pd.DataFrame:
        cols = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
        ev = self._frame(f"SELECT {cols} FROM events ORDER BY event_date, place, event_id")
        ev["date_inferred"] = ev["date_inferred"].astype(bool)
        text_cols = [c for c in EVENT_COLUMNS if ev[c].dtype == object]
        ev[text_cols] = ev[text_cols].fillna("")
        return attach_background(ev)

    def unresolved(self) -> pd.DataFrame:
        return self._frame(
            "SELECT u.name, u.reason, u.context, a.file, u.article_id FROM unresolved u "
            "JOIN articles a USING (article_id) ORDER BY u.name"
        )

    def count(self, table: str) -> int:
        if table not in {"articles", "mentions", "events", "unresolved", "shingle_holders"}:
            raise ValueError(f"unknown table {table!r}")
        return self._conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    def count_events(self) -> int:
        """How many events ``events()`` returns, counted in SQL (background events that
        join an earlier event are not events of their own; see control_changes.background)."""
        cols = ", ".join(f"COALESCE({c}, '')" for c in DECIDING_COLUMNS)
        rows = self._conn.execute(f"SELECT {cols} FROM events").fetchall()
        frame = pd.DataFrame(rows, columns=list(DECIDING_COLUMNS), dtype=object)
        return count_settled(frame)

    def integrity_ok(self) -> bool:
        return self._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # -- writing -----------------------------------------------------------------------

    def _retry(self, fn: Callable):
        for attempt in range(LOCK_RETRIES):
            try:
                return fn()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if attempt == LOCK_RETRIES - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
        return None

    def ingest(self, articles: Iterable[Article], problems: Iterable[ReadProblem] = (),
               workers: int = 1, progress: Callable[[int, int], None] | None = None,
               pool: Executor | None = None) -> IngestReport:
        """Add articles in one transaction; already stored texts are skipped and listed.

        With ``workers`` > 1 articles are extracted in that many processes: those of
        ``pool`` when given (so a run of many batches starts them once), else new ones."""
        report = IngestReport(problems=list(problems))
        batch: dict[str, Article] = {}
        for article in articles:
            aid = article.article_id
            if aid in batch:
                report.already_stored.append(f"{article.file} (same text as {batch[aid].file})")
            else:
                batch[aid] = article
        existing = self._existing_ids(list(batch))
        known = [batch.pop(aid) for aid in list(batch) if aid in existing]  # in input order
        report.already_stored.extend(a.file for a in known)
        todo = list(batch.values())
        checkpointer = self._checkpoint_in_background()
        changes = self._conn.total_changes
        with _fewer_collections():
            prepared = self._prepare_all(todo, workers, progress, pool)
            self._retry(lambda: self._write(prepared, report, known))
        if self._conn.total_changes != changes:  # a batch of known articles wrote nothing
            checkpointer.ask()
        report.n_events = self.count_events()
        return report

    def _rows_in(self, sql: str, values: list) -> Iterator[tuple]:
        """Rows of ``sql``, whose one ``{marks}`` placeholder takes ``values`` in chunks small
        enough for SQLite's limit on parameters."""
        for i in range(0, len(values), _IN_SIZES[-1]):
            marks, chunk = _in_list(values[i:i + _IN_SIZES[-1]])
            yield from self._conn.execute(sql.format(marks=marks), chunk)

    def _existing_ids(self, ids: list[str]) -> set[str]:
        return {r[0] for r in self._rows_in(
            "SELECT article_id FROM articles WHERE article_id IN ({marks})", ids)}

    @staticmethod
    def _prepare_all(articles: list[Article], workers: int,
                     progress: Callable[[int, int], None] | None,
                     pool: Executor | None = None) -> list[_Prepared]:
        total = len(articles)
        out: list[_Prepared] = []
        if workers > 1 and total > 50:
            with ExitStack() as stack:
                if pool is None:
                    pool = stack.enter_context(ProcessPoolExecutor(max_workers=workers))
                for p in pool.map(_prepare, articles, chunksize=32):
                    out.append(p)
                    if progress and len(out) % 25 == 0:
                        progress(len(out), total)
        else:
            for a in articles:
                out.append(_prepare(a))
                if progress:
                    progress(len(out), total)
        if progress:
            progress(total, total)
        return out

    def _write(self, prepared: list[_Prepared], report: IngestReport,
               known: list[Article] = ()) -> None:
        """Store the ``prepared`` articles in one transaction, and give the ``known`` ones
        (already stored) what this input says of them that the store lacks."""
        conn = self._conn
        now = datetime.now(UTC).isoformat(timespec="seconds")
        n_inferred, n_completed = len(report.inferred_dates), len(report.completed)
        n_completed_files = len(report.completed_files)
        n_problems = len(report.problems)
        try:
            with self._immediate():
                # Another process may have stored some of these articles since they were checked:
                # now that this one holds the write lock, look again and skip those.
                stored = self._existing_ids([p.article_id for p in prepared])
                skipped = [p.article.file for p in prepared if p.article_id in stored]
                prepared = [p for p in prepared if p.article_id not in stored]
                conn.executemany(
                    "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [(p.article_id, p.article.file, p.article.outlet, p.article.title,
                      p.article.url, _iso(p.article.published), p.article.published_source,
                      p.article.author, p.article_id, len(p.article.text), len(p.shingles),
                      p.article.text, now, p.article.source_of_outlet) for p in prepared],
                )
                self._add_holders([(h, p.article_id) for p in prepared for h in p.shingles])
                conn.executemany(
                    "INSERT INTO unresolved VALUES (?,?,?,?)",
                    [(p.article_id, *u) for p in prepared for u in p.unresolved],
                )
                self._insert_mentions([(p.article_id, p.article.file, m)
                                       for p in prepared for m in p.mentions])
                for p in prepared:
                    report.added.append(p.article.file)
                    report.n_mentions += len(p.mentions)
                    if p.mentions:
                        report.found[p.article.file] = [_describe(m) for m in p.mentions]
                batch = {p.article_id for p in prepared}
                relinked: set[str] = set()
                stories = self._link_stories(prepared, relinked, batch)
                removed: list[tuple[str, str, str, str]] = []
                completed = self._complete(known, report, removed, stories)
                redated = self._infer_dates(stories, report, removed, batch)
                # Events of older articles change too when they join a story or take a date.
                self._rebuild_events(batch, relinked | completed | redated, removed)
        except BaseException:
            report.added.clear()
            report.n_mentions = 0
            del report.inferred_dates[n_inferred:]
            del report.completed[n_completed:]
            del report.completed_files[n_completed_files:]
            del report.problems[n_problems:]
            raise
        report.already_stored.extend(skipped)

    def _insert_mentions(self, rows: Iterable[tuple[str, str, Mention]]) -> None:
        """Store (article id, file, mention) rows in one statement."""
        self._conn.executemany(
            "INSERT OR IGNORE INTO mentions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(_mention_id(article_id, m), article_id, file, m.place_id, m.place_text,
              _iso(m.event_date), m.date_precision, m.date_source, m.new_controller, m.status,
              m.scope, m.count, m.trigger, m.evidence, m.start, m.end)
             for article_id, file, m in rows],
        )

    def _link_stories(self, prepared: list[_Prepared], relinked: set[str],
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
        conn = self._conn
        stories: set[str] = set()
        copies = self._copies_in_batch(prepared)
        for p in prepared:
            matches = copies.get(p.article_id)
            if not matches:
                continue
            # Story ids as they stand now: earlier articles of this batch may have merged some.
            current = {r[0] for r in self._rows_in(
                "SELECT story_id FROM articles INDEXED BY articles_fingerprint "
                "WHERE article_id IN ({marks})",
                [p.article_id, *sorted(matches)])}
            story = min(current)
            old = sorted(current - {story})
            if old:
                marks, values = _in_list(old)
                relinked.update(r[0] for r in conn.execute(
                    f"SELECT article_id FROM articles WHERE story_id IN ({marks})", values)
                    if r[0] not in batch)
                conn.execute(f"UPDATE articles SET story_id = ? WHERE story_id IN ({marks})",
                             [story, *values])
            stories.add(story)
        return stories

    def _copies_in_batch(self, prepared: list[_Prepared]) -> dict[str, set[str]]:
        """For each new article, the other stored articles sharing enough of its fingerprint.

        Runs once per batch, after the batch's shingles are stored: the shingles held by 2 to
        ``COMMON_SHINGLE_ARTICLES`` articles with their holders, in one read, then the
        containment test (``SAME_STORY_CONTAINMENT`` of the smaller fingerprint) counted in
        Python, on the ids as stored (8 bytes).
        """
        batch_hashes = sorted({h for p in prepared for h in p.shingles})
        holders = {h: holder_ids(ids) for h, ids in self._rows_in(
            "SELECT hash, holders FROM shingle_holders WHERE n >= 2 "
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
        sizes = dict(self._rows_in(
            "SELECT article_id, n_shingles FROM articles INDEXED BY articles_fingerprint "
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

    def _complete(self, known: list[Article], report: IngestReport,
                  removed: list[tuple[str, str, str, str]], stories: set[str]) -> set[str]:
        """Fill in what stored articles lack from a later input of the same text: a
        publication date where the store has none or one from a weaker source (see
        ``_DATE_RANK``: a manifest's date replaces one read from the text, as it would have
        at first), an outlet, title or url where it has none.

        Without this, an article first ingested without its manifest (or with a broken one)
        kept its gaps for good: ingesting it again with the manifest only said "already
        stored". An outlet read from the text likewise gives way to one given with the
        article. A new date or outlet changes the article's mentions and events: its mentions
        are extracted again with the new date, the old ones are appended to ``removed``, its
        story joins ``stories`` (so undated copies can take the date), and its id is returned
        for its days to be summarised again.
        """
        if not known:
            return set()
        conn = self._conn
        incoming = {a.article_id: a for a in known}
        changed: set[str] = set()
        # Without the texts: most articles read again have nothing to fill in.
        rows = list(self._rows_in(
            "SELECT article_id, file, outlet, outlet_source, title, url, published, "
            "published_source, story_id FROM articles WHERE article_id IN ({marks})",
            sorted(incoming)))
        for aid, file, outlet, outlet_source, title, url, published, source, story in rows:
            new = incoming[aid]
            fills: dict[str, str] = {}
            if new.published and _DATE_RANK.get(new.published_source, 0) > _DATE_RANK.get(
                    source if published else "none", 0):
                fills["published"] = new.published.isoformat()
                fills["published_source"] = new.published_source
            elif new.published and published and new.published.isoformat() != published:
                report.problems.append(ReadProblem(
                    new.file, f"already stored with publication date {published} (from "
                    f"{source}); this input's {new.published.isoformat()} was not used",
                    severity="warning"))
            stronger = _OUTLET_RANK.get(new.source_of_outlet, 0) > _outlet_rank(
                outlet, outlet_source)
            if new.outlet and new.outlet == outlet and stronger:
                # The same name, now given: it is no longer open to replacement.
                fills["outlet_source"] = new.source_of_outlet
            elif new.outlet and new.outlet != outlet:
                if stronger:
                    fills["outlet"], fills["outlet_source"] = new.outlet, new.source_of_outlet
                elif outlet:
                    report.problems.append(ReadProblem(
                        new.file, f"already stored with outlet {outlet!r} (from "
                        f"{outlet_source or 'an older version of the store'}); this input's "
                        f"{new.outlet!r} was not used", severity="warning"))
            for name, value in (("title", title), ("url", url)):
                if not value and getattr(new, name):
                    fills[name] = getattr(new, name)
            if not fills:
                continue
            conn.execute(f"UPDATE articles SET {', '.join(f'{k} = ?' for k in fills)} "
                         "WHERE article_id = ?", [*fills.values(), aid])
            what = [f"{k} {fills[k]!r}" for k in ("outlet", "title", "url") if k in fills]
            if "outlet" in fills and outlet:
                what[0] += f" in place of {outlet!r} read from the text"
            day = fills.get("published", published)
            if day != published:  # a date only confirmed by a stronger source is not news
                what.insert(0, f"publication date {day}")
            if what:
                report.completed.append(f"{', '.join(what)}: {new.file}")
                report.completed_files.append(new.file)
            if "published" not in fills and "outlet" not in fills:
                continue  # title and url are not part of any event
            (text,) = conn.execute("SELECT text FROM articles WHERE article_id = ?",
                                   (aid,)).fetchone()
            article = Article(text=text, file=file, outlet=fills.get("outlet", outlet),
                              published=date.fromisoformat(day) if day else None,
                              published_source=fills.get("published_source", source))
            self._extract_again(aid, article, removed)
            changed.add(aid)
            stories.add(story)
        return changed

    def _infer_dates(self, stories: set[str], report: IngestReport,
                     removed: list[tuple[str, str, str, str]], batch: set[str]) -> set[str]:
        """Undated copies of a dated story take its earliest date, marked as inferred.

        Returns the stored articles whose mentions were redone; the mentions they had before
        are appended to ``removed`` as (place_id, new_controller, scope, event_date). Articles
        of this ``batch`` are redone too but left out of both: no day summary holds their
        mentions yet. (Their undated mentions, put back as removed, had each ingest summarise
        again every undated mention of those places, a number that grows with the store.)
        """
        conn = self._conn
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
                self._extract_again(r[0], article, removed if r[0] not in batch else None)
                report.inferred_dates.append(r[1])
        return redated

    def _extract_again(self, article_id: str, article: Article,
                       removed: list[tuple[str, str, str, str]] | None) -> None:
        """Replace a stored article's mentions with those of ``article`` (its text with new
        metadata), appending the (place, side, scope, date) of the old ones to ``removed``
        unless it is None (no day summary holds them yet)."""
        if removed is not None:
            removed.extend(self._conn.execute(
                "SELECT place_id, new_controller, scope, event_date FROM mentions "
                "WHERE article_id = ?", (article_id,)))
        self._conn.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
        self._insert_mentions((article_id, article.file, m) for m in extract(article))

    def _mention_rows(self, where: str, values: list | None = None) -> Iterator[tuple]:
        """Mentions with the article fields merging needs (no evidence), as named tuples;
        with ``values``, ``where`` holds a ``{marks}`` placeholder for them (see ``_rows_in``)."""
        sql = _mentions_sql(where, evidence=False)
        rows = self._conn.execute(sql) if values is None else self._rows_in(sql, values)
        for r in rows:
            yield _MentionRow._make(r if None not in r else ["" if v is None else v for v in r])

    def _evidence_of(self, mention_ids: list[str]) -> dict[str, str]:
        return dict(self._rows_in(
            "SELECT mention_id, evidence FROM mentions WHERE mention_id IN ({marks})",
            mention_ids))

    def _insert_events(self, rows: list[tuple]) -> None:
        """Store ``merge.event_rows`` (values in ``EVENT_COLUMNS`` order)."""
        cols = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
        marks = ",".join("?" * len(EVENT_COLUMNS))
        self._conn.executemany(f"INSERT INTO events ({cols}) VALUES ({marks})", rows)

    def _fill(self, table: str, rows: list[tuple]) -> None:
        """Make the temporary ``table`` (``dirty`` or ``wanted_days``) hold exactly ``rows``:
        queries join on it instead of passing thousands of parameters."""
        self._conn.execute(f"DELETE FROM {table}")
        if rows:
            marks = ",".join("?" * len(rows[0]))
            self._conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)

    def _save_days(self, days: dict[DayKey, dict]) -> None:
        self._conn.executemany("INSERT OR REPLACE INTO day_summaries VALUES (?,?,?,?,?)",
                               [(*key, dump_summary(s)) for key, s in days.items()])

    def _load_days(self, keys: Iterable[DayKey]) -> dict[DayKey, dict]:
        """The stored summaries of the given (place, side, scope, day) keys."""
        return {key: load_summary(text) for key, text in self._stored_days(keys, "s.summary")}

    def _summary_sizes(self, keys: Iterable[DayKey]) -> dict[DayKey, int]:
        """The JSON length of the stored summaries of ``keys`` (absent when not stored)."""
        return dict(self._stored_days(keys, "LENGTH(s.summary)"))

    def _stored_days(self, keys: Iterable[DayKey], value: str) -> list[tuple[DayKey, object]]:
        """(key, ``value``) for each of ``keys`` with a stored day summary ``s``."""
        self._fill("wanted_days", list(keys))
        rows = [((pid, ctrl, scope, day), v) for pid, ctrl, scope, day, v in self._conn.execute(
            f"SELECT s.place_id, s.new_controller, s.scope, s.day, {value} FROM wanted_days w "
            "JOIN day_summaries s USING (place_id, new_controller, scope, day)")]
        self._fill("wanted_days", [])
        return rows

    def rebuild_all_events(self) -> None:
        """Summarise every mention again and merge every event again (after a change of the
        merge rules or the schema), a few places at a time, so memory stays flat however
        large the store."""
        conn = self._conn
        conn.execute("DELETE FROM events")
        conn.execute("DELETE FROM day_summaries")
        keys = conn.execute("SELECT place_id, new_controller, scope, COUNT(*) FROM mentions "
                            "GROUP BY place_id, new_controller, scope").fetchall()
        for chunk in _runs([k[:3] for k in keys], [k[3] for k in keys], REBUILD_ROWS):
            self._fill("dirty", [(*key, "", _day(LAST_DAY)) for key in chunk])
            days = day_summaries(self._mention_rows(
                "m.rowid IN (SELECT m2.rowid FROM dirty d JOIN mentions m2 "
                "USING (place_id, new_controller, scope))"))
            self._save_days(days)
            self._insert_events(event_rows(days, self._evidence_of))
        self._fill("dirty", [])

    def _rebuild_events(self, new: set[str], changed: set[str] = frozenset(),
                        removed: list[tuple[str, str, str, str]] = ()) -> None:
        """Bring the day summaries and the events up to date after an ingest.

        ``new`` are the articles this ingest added, ``changed`` older ones whose story or date
        changed, ``removed`` the (place, side, scope, date) of mentions it deleted. Each day
        summary covers the mentions of one place, side, scope and report day. New mentions
        are added to the stored summary of their day; days that lost or changed mentions are
        summarised again from their mentions. Then the clusters holding a touched day
        (``_dirty_intervals``) lose their events and get them again from their day summaries,
        so the work grows with what a batch touches, not with the store.
        """
        def day_key(r) -> DayKey:
            return (r.place_id, r.new_controller, r.scope, r.event_date)

        redo: set[DayKey] = {(pid, ctrl, scope, day or "") for pid, ctrl, scope, day in removed}
        redo.update((pid, ctrl, scope, day or "") for pid, ctrl, scope, day in self._rows_in(
            "SELECT DISTINCT place_id, new_controller, scope, event_date FROM mentions "
            "WHERE article_id IN ({marks})", sorted(changed)))
        new_rows = self._mention_rows("m.article_id IN ({marks})", sorted(new))
        fresh = day_summaries(r for r in new_rows if day_key(r) not in redo)
        # A few places at a time, so the stored summaries in memory stay few however many
        # days a batch touches.
        by_place: dict[tuple[str, str, str], list[DayKey]] = {}
        for key in sorted([*fresh, *redo]):
            by_place.setdefault(key[:3], []).append(key)
        places = list(by_place.values())
        # Weighed by their stored summaries: an undated day holds every undated report of
        # its place, so it grows with the corpus while a dated day does not.
        stored = self._summary_sizes([key for keys in places for key in keys])
        weights = [sum(stored.get(key, 0) + DAY_BYTES for key in keys) for keys in places]
        for run in _runs(places, weights, REBUILD_BYTES):
            piece = [key for keys in run for key in keys]
            self._update_days({k: fresh.pop(k) for k in piece if k in fresh},
                              {k for k in piece if k in redo})

    def _update_days(self, fresh: dict[DayKey, dict], redo: set[DayKey]) -> None:
        """Add the ``fresh`` summaries of new mentions to the stored ones, summarise the
        ``redo`` days again from their mentions, then make the events of every cluster
        holding one of these days again."""
        days = self._load_days(fresh)
        for key, s in fresh.items():
            if key in days:
                add_summary(days[key], s)
            else:
                days[key] = s
        if redo:
            self._fill("dirty", [(*key[:3], key[3], key[3]) for key in redo])
            again = day_summaries(self._mention_rows(
                "m.rowid IN (SELECT m2.rowid FROM dirty d JOIN mentions m2 "
                f"ON {_in_dirty('m2', 'event_date')})"))
            self._fill("dirty", [])
            self._conn.executemany(
                "DELETE FROM day_summaries WHERE place_id = ? AND new_controller = ? "
                "AND scope = ? AND day = ?", [key for key in redo if key not in again])
            days.update(again)
        self._save_days(days)
        points: dict[tuple[str, str, str], set[str]] = {}
        for pid, ctrl, scope, day in [*days, *redo]:
            points.setdefault((pid, ctrl, scope), set()).add(day)
        if points:
            self._merge_intervals(self._dirty_intervals(points), days)

    def _merge_intervals(self, intervals: list[tuple], known: dict[DayKey, dict]) -> None:
        """Delete the events of ``intervals`` (place, side, scope, first and last date, each
        holding whole clusters) and make them again from their day summaries (taken from
        ``known`` when there, else read from the store)."""
        conn = self._conn
        # Each interval holds whole clusters, so intervals can be merged apart: reading about
        # REBUILD_BYTES of summaries at a time keeps memory flat however many events a batch
        # touches and however many reports a day gathers.
        for chunk in self._chunks_of_days(intervals):
            self._fill("dirty", chunk)
            conn.execute(_DELETE_DIRTY_EVENTS)
            # The summaries this ingest just wrote are at hand; only the others are read.
            keys = conn.execute(
                "SELECT s.place_id, s.new_controller, s.scope, s.day FROM dirty d "
                f"JOIN day_summaries s ON {_in_dirty('s', 'day')}").fetchall()
            days = self._load_days([k for k in keys if k not in known])
            days.update((k, known[k]) for k in keys if k in known)
            self._insert_events(event_rows(days, self._evidence_of))
        self._fill("dirty", [])

    def _chunks_of_days(self, intervals: list[tuple]) -> Iterator[list[tuple]]:
        """``intervals`` in runs holding about ``REBUILD_BYTES`` of day summaries each."""
        self._fill("dirty", intervals)
        sizes = [n for _, n in self._conn.execute(
            "SELECT d.rowid, TOTAL(LENGTH(s.summary)) FROM dirty d LEFT JOIN day_summaries s "
            f"ON {_in_dirty('s', 'day')} GROUP BY d.rowid ORDER BY d.rowid")]
        yield from _runs(intervals, sizes, REBUILD_BYTES)

    def _dirty_intervals(self, points: dict[tuple[str, str, str], set[str]],
                         ) -> list[tuple]:
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
        spans, days = self._conn.cursor(), self._conn.cursor()

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


def holder_ids(holders: bytes) -> list[bytes]:
    """The article ids a ``shingle_holders.holders`` value packs, 8 bytes each (an article
    id's 16 hex digits as bytes), in the order they were stored."""
    return [holders[i:i + 8] for i in range(0, len(holders), 8)]


def _ordinal(day: str) -> int:
    return date.fromisoformat(day).toordinal()


def _day(ordinal: int) -> str:
    """An ISO day (``LAST_DAY`` is 9999-12-31, after every report day)."""
    return date.fromordinal(min(max(ordinal, 1), LAST_DAY)).isoformat()


# The article fields merging needs beside each mention.
_MERGE_ARTICLE_FIELDS = ("story_id", "published", "published_source", "outlet")
# A row of _mentions_sql(..., evidence=False), as merge.absorb reads it.
_MentionRow = namedtuple("MentionRow", [*(c for c in MENTION_COLUMNS if c != "evidence"),
                                        *_MERGE_ARTICLE_FIELDS], rename=True)


def _mentions_sql(where: str, evidence: bool = True, title: bool = False) -> str:
    """Mentions joined with the article fields merging needs, the one query both the read API
    and the event rebuild use (the rebuild leaves the evidence sentences out)."""
    cols = [f'm."{c}"' for c in MENTION_COLUMNS if evidence or c != "evidence"]
    cols += [f"a.{c}" for c in _MERGE_ARTICLE_FIELDS + (("title",) if title else ())]
    return (f"SELECT {', '.join(cols)} "
            f"FROM mentions m JOIN articles a USING (article_id) WHERE {where}")


def _in_dirty(alias: str, day: str) -> str:
    """Join condition: rows of ``alias`` on the key of a ``dirty`` interval (``d``) whose
    ``day`` column falls within it."""
    return (f"{alias}.place_id = d.place_id AND {alias}.new_controller = d.new_controller "
            f"AND {alias}.scope = d.scope AND {alias}.{day} BETWEEN d.lo AND d.hi")


# The events within the ``dirty`` intervals. Bounding ``reports_from`` on both sides lets the
# key index read just the interval (with only ``reports_from >= lo`` it read every later
# event of the key, so the delete grew with the length of the key's history).
_DELETE_DIRTY_EVENTS = (
    "DELETE FROM events WHERE rowid IN (SELECT e.rowid FROM events e JOIN dirty d "
    f"ON {_in_dirty('e', 'reports_from')} AND e.reports_to <= d.hi)")


# The lengths an ``IN (?, ...)`` list is padded to. Each length is another statement in the
# connection's cache of 128 prepared statements, and one with 900 parameters takes about
# 170 KB (56 KB with 256): unpadded, SQLite's memory grew by about 0.5 MB a batch until the
# cache was full. The last size is the most parameters one query is given.
_IN_SIZES = (1, 4, 16, 64, 256, 900)


def _in_list(values: list) -> tuple[str, list]:
    """The placeholders and parameters of ``IN (...)`` over ``values``, padded to one of
    ``_IN_SIZES`` by repeating the last value (which matches nothing more)."""
    if not values:
        return "", []
    n = next((size for size in _IN_SIZES if size >= len(values)), len(values))
    return ",".join("?" * n), [*values, *values[-1:] * (n - len(values))]


def _runs(items: list, weights: list, limit: float) -> Iterator[list]:
    """``items`` in consecutive runs whose ``weights`` add up to about ``limit`` (a run
    holds at least one item, so one heavy item is a run of its own)."""
    run: list = []
    total = 0
    for item, weight in zip(items, weights, strict=True):
        if run and total + weight > limit:
            yield run
            run, total = [], 0
        run.append(item)
        total += weight
    if run:
        yield run


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
        for piece in pieces:
            yield store.ingest(piece.articles, piece.problems, workers=workers, pool=pool)


def open_store(path: Path | str | None = None, seeds: Path | None = SEEDS_DIR) -> Store:
    """Open the store, building it from the seed articles when it has no article yet."""
    store = Store(path or default_db_path())
    if seeds is not None and store.count("articles") == 0 and Path(seeds).is_dir():
        ingest_paths(store, [Path(seeds)])
    return store
