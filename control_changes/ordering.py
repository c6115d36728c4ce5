"""Batches of an archive in publication order, whatever order its files come in.

A batch whose articles fall within a few weeks adds to the end of each place's history; a
batch spread over years rewrites day summaries and events all over a large store, and is
slower by about a quarter at 100,000 articles (see "Ingesting at scale" in docs/store.md and
the figures in docs/performance.md).
Archives rarely arrive sorted (files named by id or by outlet, a scrape in crawl order), so
the command line reads the whole input first, keeps each article in a temporary spool file,
and hands out batches oldest first, undated articles last.

Only the spool's offsets stay in memory (8 bytes an article), so memory stays flat however
large the archive. The spool needs about as much temporary disk as the articles' text; on
Linux and macOS it has no name from the start (``tempfile.TemporaryFile``), so its space is
freed when the batches are done or abandoned, even by a killed process.
"""

from __future__ import annotations

import pickle
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from typing import IO

from control_changes.readers import ReadResult

# Where undated articles go: after every dated one.
_UNDATED = 10**7


class SpoolError(OSError):
    """The spool could not be made, written or read (no space, no temporary folder)."""


def in_publication_order(pieces: Iterable[ReadResult], size: int,
                         directory: Path | None = None,
                         on_read: Callable[[int], None] | None = None) -> Iterator[ReadResult]:
    """The articles of ``pieces`` again, in batches of ``size`` ordered by publication date
    (undated last; input order within a day), every problem with the first batch.

    Input that fits in one piece is passed through as it is, with no spool. Otherwise the
    articles are pickled to a temporary file in ``directory`` (the system's temporary folder
    when None) as they are read, and read back a batch at a time; ``on_read`` is then told
    how many were read before the first batch is handed out (reading a large archive takes
    a while, and nothing is stored meanwhile).
    """
    pieces = iter(pieces)
    first = next(pieces, ReadResult())
    second = next(pieces, None)
    if second is None:
        yield first
        return
    yield from _spooled(chain((first, second), pieces), size, directory, on_read)


def _spooled(pieces: Iterable[ReadResult], size: int, directory: Path | None,
             on_read: Callable[[int], None] | None) -> Iterator[ReadResult]:
    problems = []
    by_day: dict[int, array] = {}
    with _spool_file(directory) as spool:
        for piece in pieces:
            problems.extend(piece.problems)
            for article in piece.articles:
                day = article.published.toordinal() if article.published else _UNDATED
                by_day.setdefault(day, array("q")).append(spool.tell())
                with _spool_errors(directory):
                    pickle.dump(article, spool, protocol=pickle.HIGHEST_PROTOCOL)
        if on_read is not None:
            on_read(sum(len(offsets) for offsets in by_day.values()))
        batch = ReadResult(problems=problems)
        yielded = False
        for day in sorted(by_day):
            for offset in by_day.pop(day):
                with _spool_errors(directory):
                    spool.seek(offset)
                    batch.articles.append(pickle.load(spool))
                if len(batch.articles) == size:
                    yield batch
                    yielded = True
                    batch = ReadResult()
        if batch.articles or not yielded:
            yield batch


def _spool_file(directory: Path | None) -> IO[bytes]:
    with _spool_errors(directory):
        return tempfile.TemporaryFile(dir=directory, prefix="conflict-map-spool-")


@contextmanager
def _spool_errors(directory: Path | None) -> Iterator[None]:
    """The spool's own failures (no space, no such folder) as a ``SpoolError`` that says
    what to do; a failure to read an input file is the readers' to report, not this."""
    try:
        yield
    except OSError as exc:
        where = directory or tempfile.gettempdir()
        raise SpoolError(f"cannot keep the articles read in a temporary file in {where} "
                         f"({exc.strerror or exc}); free some space there, point $TMPDIR "
                         "elsewhere, or store the files in their order with --file-order"
                         ) from exc
