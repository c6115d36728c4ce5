"""A digest of the events table a fixed synthetic corpus gives, to show a change of the store's
code leaves the events as they were.

    python benchmarks/events_digest.py                   # 30,000 articles plus one batch
    python benchmarks/events_digest.py --articles 10000

The corpus (``benchmarks/corpus.py``, seed 0, dates from the whole period) is written to
JSON Lines files of ``--batch`` articles and each file is ingested as one transaction, as
``benchmarks/scale.py`` does. Then one more batch arrives: new articles from another seed
and undated syndicated copies of stored ones, so stored stories are linked again, undated
copies take their story's date and stored clusters are merged again. The sha256 of the
events table's rows (each row's ``repr``, sorted) is printed last, with a digest of every
other table (``control_changes.testing.store_checksums``) before it; run it with the code
before and after a change and compare the last lines.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sqlite3
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The last batch: new articles from this seed, and this many undated copies of stored ones.
LAST_SEED = 1
LAST_COPIES = 200


def events_digest(db: Path) -> str:
    """sha256 of the events table's rows, each as its ``repr``, in sorted order."""
    conn = sqlite3.connect(db)
    try:
        rows = sorted(repr(row) for row in conn.execute("SELECT * FROM events"))
    finally:
        conn.close()
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def _last_batch(stored: list[dict], size: int) -> list[dict]:
    """New articles plus undated syndicated copies of stored ones."""
    from benchmarks.corpus import _syndicated_copy, iter_articles

    rng = random.Random(LAST_SEED)
    copies = [dict(_syndicated_copy(rng, rng.choice(stored), 10_000_000 + i), published="")
              for i in range(LAST_COPIES)]
    fresh = [dict(a, file=f"last-{a['file']}")
             for a in iter_articles(size - LAST_COPIES, seed=LAST_SEED)]
    return fresh + copies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=30_000)
    parser.add_argument("--batch", type=int, default=2_000)
    args = parser.parse_args(argv)

    from benchmarks.corpus import iter_articles, write_jsonl
    from control_changes.store import Store, ingest_paths
    from control_changes.testing import store_checksums

    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "digest.sqlite"
        articles = iter_articles(args.articles, seed=0)
        sample: list[dict] = []
        with Store(db) as store:
            for i in range(0, args.articles, args.batch):
                chunk = list(islice(articles, args.batch))
                sample.extend(chunk[:50])
                path = write_jsonl(Path(tmp) / f"batch{i}.jsonl", chunk)
                report = ingest_paths(store, [path])
                print(f"batch {i // args.batch + 1}: {len(report.added)} added",
                      file=sys.stderr, flush=True)
            path = write_jsonl(Path(tmp) / "last.jsonl", _last_batch(sample, args.batch))
            report = ingest_paths(store, [path])
            print(f"last batch: {len(report.added)} added, "
                  f"{len(report.inferred_dates)} dates inferred", file=sys.stderr)
            counts = {t: store.count(t) for t in ("articles", "mentions", "events")}
        for table, digest in store_checksums(db).items():
            print(f"{table}: {digest}")
        print(f"{counts} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        print(f"events sha256: {events_digest(db)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
