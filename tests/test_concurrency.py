"""Two ingest processes and a reader at once: every article stored exactly once, no errors.

The writers get overlapping batches and are released together, so both find the shared
articles missing before either writes: the second writer must skip what the first stored
(checked again inside its write transaction) instead of failing on the primary key.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from control_changes.store import Store, ingest_paths

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.corpus import generate, write_jsonl  # noqa: E402

WRITER = """
import sys, time
from pathlib import Path
from control_changes.store import Store, ingest_paths
db, source, go = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
with Store(db) as store:
    while not go.exists():
        time.sleep(0.005)
    report = ingest_paths(store, [source])
print(len(report.added), len(report.already_stored), len(report.problems), flush=True)
"""

READER = """
import sys, time
from pathlib import Path
from control_changes.store import Store
db, stop = sys.argv[1], Path(sys.argv[2])
reads, seen = 0, []
with Store(db) as store:
    # At least six reads however slow the machine: the test is about what a read sees while
    # the writers hold the lock, not about how many reads fit in their run.
    while not stop.exists() or reads < 6:
        n = store.count("articles")
        events = store.events()
        assert n >= (seen[-1] if seen else 0), "article count went down"
        seen.append(n)
        reads += 1
        time.sleep(0.01)
print(reads, len(set(seen)), flush=True)
"""


def spawn(script: str, *args: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", script, *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            cwd=ROOT)


def test_two_writers_and_a_reader_store_each_article_exactly_once(tmp_path):
    articles = generate(240, seed=33, paragraphs=1)
    first = write_jsonl(tmp_path / "first.jsonl", articles[:160])
    second = write_jsonl(tmp_path / "second.jsonl", articles[80:])
    db, go, stop = tmp_path / "store.sqlite", tmp_path / "go", tmp_path / "stop"
    Store(db).close()

    reader = spawn(READER, db, stop)
    writers = [spawn(WRITER, db, first, go), spawn(WRITER, db, second, go)]
    time.sleep(1.0)  # let both writers import and open the store
    go.touch()
    results = []
    for proc in writers:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results.append(tuple(map(int, out.split())))
    stop.touch()
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    reads, distinct_counts = map(int, out.split())
    assert reads > 5

    # Each writer accounts for its whole batch; together they added each article once.
    assert [added + already for added, already, _ in results] == [160, 160]
    assert sum(added for added, _, _ in results) == 240
    assert all(problems == 0 for _, _, problems in results)
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 240
        assert conn.execute("SELECT COUNT(DISTINCT text) FROM articles").fetchone()[0] == 240
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        dupes = conn.execute("SELECT COUNT(*) FROM (SELECT mention_id FROM mentions "
                             "GROUP BY mention_id HAVING COUNT(*) > 1)").fetchone()[0]
        assert dupes == 0
    finally:
        conn.close()


OPENER = """
import sys, time
from pathlib import Path
from control_changes.store import Store
db, go = sys.argv[1], Path(sys.argv[2])
while not go.exists():
    time.sleep(0.001)
with Store(db) as store:
    print(store.count("events"), flush=True)
"""


def test_older_store_opened_by_several_processes_at_once_is_upgraded_once(tmp_path):
    """Regression: each process looked for a missing column, found it missing and added it;
    all but the first then failed with "duplicate column name" (every one of 20 tries)."""
    db, go = tmp_path / "old.sqlite", tmp_path / "go"
    with Store(db) as store:
        ingest_paths(store, [write_jsonl(tmp_path / "a.jsonl", generate(30, seed=4))])
        n_events = store.count("events")
    conn = sqlite3.connect(db)
    conn.execute("ALTER TABLE articles DROP COLUMN outlet_source")
    conn.execute("DROP INDEX events_key")
    conn.execute("ALTER TABLE events DROP COLUMN reports_to")
    conn.execute("ALTER TABLE events DROP COLUMN reports_from")
    conn.commit()
    conn.close()
    openers = [spawn(OPENER, db, go) for _ in range(4)]
    time.sleep(1.0)  # let every process import before they are released together
    go.touch()
    for proc in openers:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert int(out) == n_events
    with Store(db) as store:
        assert "outlet_source" in store.articles().columns
        assert store.events()["reports_from"].ne("").any()
