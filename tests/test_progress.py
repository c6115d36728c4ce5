"""Progress of ``ingest`` and ``build``: a bar on a terminal, the plain lines elsewhere."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

from control_changes.progress import Progress
from control_changes.readers import read_bytes
from control_changes.store import Store

TEXT = "KABUL, Aug. {d}, 2021 (AP) — Taliban fighters captured {place} on Monday, officials said."
PLACES = ["Kunduz", "Sar-e Pul", "Sheberghan", "Taloqan", "Farah", "Pul-e Khumri", "Aybak",
          "Zaranj", "Fayzabad", "Ghazni"]


def _write_articles(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"a{i:03d}.txt"
        path.write_text(TEXT.format(d=1 + i % 14, place=PLACES[i % len(PLACES)])
                        + f" Report number {i}.", encoding="utf-8")
        paths.append(path)
    return paths


def _one_report(tmp_path: Path):
    with Store(tmp_path / "s.sqlite") as store:
        data = TEXT.format(d=8, place="Kunduz").encode()
        return store.ingest(read_bytes(data, "kunduz.txt").articles
                            + read_bytes(b"   ", "empty.txt").articles,
                            read_bytes(b"   ", "empty.txt").problems)


def test_without_a_terminal_every_line_is_printed_as_before(tmp_path):
    report = _one_report(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    with Progress(out, err) as shown:
        shown.report(report)
    problems = {str(p) for p in report.problems}
    assert problems
    assert out.getvalue().splitlines() == [ln for ln in report.lines() if ln not in problems]
    assert err.getvalue().splitlines() == [ln for ln in report.lines() if ln in problems]


def test_with_a_bar_the_batch_summary_and_problems_stay_and_per_article_lines_go(tmp_path):
    report = _one_report(tmp_path)
    assert any(ln.startswith("  kunduz.txt:") for ln in report.lines())
    out, err = io.StringIO(), io.StringIO()
    with Progress(out, err, bar=True) as shown:
        shown.expect(4)
        shown.report(report)
    assert out.getvalue().splitlines() == [report.lines()[0]]
    assert "kunduz.txt" not in out.getvalue() + err.getvalue()
    assert str(report.problems[0]) in err.getvalue()
    assert re.search(r"stored: +25%.*\| 1/4 \[", err.getvalue()), err.getvalue()


def test_ingest_on_a_terminal_shows_count_rate_and_time_left(tmp_path):
    """Over a terminal, ``conflict-map ingest`` draws one bar instead of a line per article."""
    paths = _write_articles(tmp_path / "press", 30)
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    proc = subprocess.run(
        [sys.executable, "-m", "control_changes.cli", "ingest", *map(str, paths), "--db",
         str(tmp_path / "store.sqlite"), "--batch", "10"],
        stdout=subprocess.PIPE, stderr=secondary, text=True, timeout=240)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    terminal = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0, terminal
    assert "read 30 article(s)" in terminal
    assert re.search(r"stored: 100%.*\| 30/30 \[\d\d:\d\d<\d\d:\d\d, +[\d.]+ articles/s\]",
                     terminal), terminal
    assert proc.stdout.count("added 10 article(s)") == 3
    assert "a001.txt:" not in proc.stdout  # no line per article


def test_ingest_into_a_file_prints_plain_lines(tmp_path):
    paths = _write_articles(tmp_path / "press", 5)
    proc = subprocess.run(
        [sys.executable, "-m", "control_changes.cli", "ingest", *map(str, paths), "--db",
         str(tmp_path / "store.sqlite")], capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr
    assert "\r" not in proc.stderr + proc.stdout
    assert "articles/s" not in proc.stderr
    assert "  a001.txt: " in proc.stdout
