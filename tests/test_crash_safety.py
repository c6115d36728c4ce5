"""SIGKILL during a 500-article ingest: the store opens, is intact, and has all or none of it.

A reference run records what the whole batch adds. Then an ingest process is killed at random
moments, half of them while it holds the write transaction (after extraction finished), and
each time the store must pass ``PRAGMA integrity_check`` and equal either the store before
the batch or the reference; ingesting again must then give exactly the reference.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from control_changes.store import Store, ingest_paths
from control_changes.testing import store_checksums

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.corpus import generate, write_jsonl  # noqa: E402

N_ARTICLES = 500
KILLS = 10

# Prints "prepared" once extraction is done, i.e. when the write transaction is about to open.
INGEST = """
import sys
from pathlib import Path
from control_changes.store import Store, ingest_paths
told = []
def progress(done, total):
    if done == total and not told:
        told.append(1)
        print("prepared", flush=True)
with Store(sys.argv[1]) as store:
    print("ready", flush=True)
    report = ingest_paths(store, [Path(sys.argv[2])], progress=progress)
print("done", len(report.added), flush=True)
"""




def start_ingest(db: Path, source: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", INGEST, str(db), str(source)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=env, cwd=ROOT)


def wait_for(proc: subprocess.Popen, word: str) -> bool:
    for line in proc.stdout:
        if line.strip().startswith(word):
            return True
    return False


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("crash")
    source = write_jsonl(tmp / "batch.jsonl", generate(N_ARTICLES, seed=21, paragraphs=1))
    base = tmp / "base.sqlite"
    with Store(base) as store:
        ingest_paths(store, [ROOT / "seeds"])
    full = tmp / "full.sqlite"
    shutil.copy(base, full)
    proc = start_ingest(full, source)
    assert wait_for(proc, "ready")
    t0 = time.monotonic()
    assert wait_for(proc, "prepared")
    t1 = time.monotonic()
    assert wait_for(proc, "done")
    t2 = time.monotonic()
    assert proc.wait(timeout=60) == 0
    with Store(full) as store:
        assert store.count("articles") == 5 + N_ARTICLES
    return {"source": source, "base": base, "base_sums": store_checksums(base),
            "full_sums": store_checksums(full), "prepare_s": t1 - t0, "write_s": t2 - t1}


def test_sigkill_at_random_points_leaves_all_or_nothing_and_a_rerun_completes(setup, tmp_path):
    rng = random.Random(2021)
    outcomes = []
    for i in range(KILLS):
        db = tmp_path / f"store{i}.sqlite"
        shutil.copy(setup["base"], db)
        proc = start_ingest(db, setup["source"])
        assert wait_for(proc, "ready")
        if i % 2:  # during the write transaction (or just after it)
            assert wait_for(proc, "prepared")
            time.sleep(rng.uniform(0, setup["write_s"] * 1.1))
        else:  # anywhere in the run
            time.sleep(rng.uniform(0, (setup["prepare_s"] + setup["write_s"]) * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()

        with Store(db) as store:
            assert store.integrity_ok()
            n = store.count("articles")
        assert n in (5, 5 + N_ARTICLES), f"kill {i}: partial batch of {n - 5} articles"
        sums = store_checksums(db)
        assert sums == (setup["full_sums"] if n > 5 else setup["base_sums"])
        outcomes.append("all" if n > 5 else "none")

        with Store(db) as store:
            report = ingest_paths(store, [setup["source"]])
            assert len(report.added) + len(report.already_stored) == N_ARTICLES
            assert store.count("articles") == 5 + N_ARTICLES
        assert store_checksums(db) == setup["full_sums"]
    assert "none" in outcomes
