"""What ``ingest`` and ``build`` print while they work: a progress bar on a terminal, plain
lines anywhere else.

On a terminal, thousands of articles scrolled past as a line each, too fast to read; there a
bar on stderr counts the articles stored, with their rate and the time left (once the total
is known: when an input of more than one batch has been read to be stored oldest first), and
each batch prints its summary and its problems above the bar. When stderr is not a terminal
(a log file, a pipe, CI), every line of every report is printed as it always was: the summary
and the changes found on stdout, each refused or flagged input on stderr.
"""

from __future__ import annotations

import sys
from typing import TextIO

from tqdm import tqdm


def _articles_in(report) -> int:
    """Articles a batch handled: stored, already stored (filled in or not)."""
    return len(report.added) + len(report.already_stored)


class Progress:
    """Reports of an ingest, batch by batch, shown as the output allows."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None,
                 bar: bool | None = None) -> None:
        self._out = out or sys.stdout
        self._err = err or sys.stderr
        use_bar = self._err.isatty() if bar is None else bar
        self._bar = (tqdm(total=None, unit=" articles", file=self._err, dynamic_ncols=True,
                          smoothing=0.1, desc="stored", mininterval=0.5)
                     if use_bar else None)

    def expect(self, n_articles: int) -> None:
        """The input holds ``n_articles``: the bar can now say how long is left."""
        if self._bar is not None:
            self._bar.total = n_articles
            self._bar.refresh()

    def say(self, line: str, err: bool = False) -> None:
        """A line of its own, printed above the bar when there is one."""
        stream = self._err if err else self._out
        if self._bar is not None:
            self._bar.write(line, file=stream)
        else:
            print(line, file=stream, flush=err)

    def report(self, report) -> None:
        """One batch's report: every line without a bar; with one, the summary, the
        articles filled in and the problems (the changes found per article are left out)."""
        problems = {str(p) for p in report.problems}
        lines = report.lines()
        if self._bar is not None:
            kept = set(report.completed) | problems
            lines = [lines[0]] + [ln for ln in lines[1:] if ln in kept]
        for line in lines:
            self.say(line, err=line in problems)
        if self._bar is not None:
            self._bar.update(_articles_in(report))

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
