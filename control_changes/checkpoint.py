"""Copying the write-ahead log into the store file in a thread of its own.

In WAL mode every commit appends the pages it changed to the log; a checkpoint copies them
into the store file and syncs both files to disk. SQLite runs that checkpoint inside the
commit that pushes the log past ``wal_autocheckpoint`` pages, so an ingest waited for it:
about a tenth of a second per batch at 30,000 articles and more as the store grows, nearly
all of it waiting for the disk rather than computing. Here the committing connection turns its
own checkpoints off and asks this thread instead, which runs a PASSIVE checkpoint on a second
connection while the next batch is being extracted (the sqlite3 module releases the GIL while
SQLite works). The checkpoints are the same ones, at the same points, so durability does not
change: a crash before one completes leaves the log, which SQLite replays when the store is
next opened.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class BackgroundCheckpoint:
    """One thread that checkpoints ``path``'s log each time it is asked, until closed."""

    def __init__(self, path: Path):
        self.path = path
        self.last_error: str | None = None
        self.done = 0  # checkpoints completed, for tests and diagnostics
        self._cond = threading.Condition()
        self._pending = False
        self._running = False
        self._closing = False
        self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)
        self._thread.start()

    def ask(self) -> None:
        """Checkpoint soon; asks made while one runs are served by one more run after it."""
        with self._cond:
            self._pending = True
            self._cond.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no checkpoint is asked for or running; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: not (self._pending or self._running), timeout)

    def close(self) -> None:
        """Run the checkpoint asked for, if any, then stop the thread."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join()

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            while True:
                with self._cond:
                    self._cond.wait_for(lambda: self._pending or self._closing)
                    if not self._pending:
                        return
                    self._pending, self._running = False, True
                try:
                    # PASSIVE never waits for readers or writers: it copies what it can, and
                    # the next ask (or SQLite's own checkpoint when the store closes) does
                    # the rest.
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    self.done += 1
                except sqlite3.Error as exc:
                    self.last_error = str(exc)
                finally:
                    with self._cond:
                        self._running = False
                        self._cond.notify_all()
        finally:
            conn.close()
