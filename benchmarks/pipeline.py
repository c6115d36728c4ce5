"""Whole pipeline on one core: article files on disk -> read -> extract -> SQLite store.

    python benchmarks/pipeline.py                 # 3,000 synthetic articles
    python benchmarks/pipeline.py --n 5000 --profile

Writes a synthetic corpus (``benchmarks/corpus.py``) as .txt files with a manifest into a
temporary folder, then times reading, extraction (``Store.ingest``'s pure part) and the store
write, and prints articles per second and peak memory (``ru_maxrss``). Target: at least 500
articles per second on one core.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import iter_articles, write_folder  # noqa: E402
from control_changes.readers import read_paths  # noqa: E402
from control_changes.store import Store  # noqa: E402

TARGET = 500


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def run(n: int, seed: int, workers: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_folder(Path(tmp) / "articles", iter_articles(n, seed))
        marks: dict[str, float] = {}

        def progress(done: int, total: int) -> None:
            if done == total and "prepared" not in marks:
                marks["prepared"] = time.perf_counter()

        t0 = time.perf_counter()
        result = read_paths([folder])
        t1 = time.perf_counter()
        with Store(Path(tmp) / "bench.sqlite") as store:
            report = store.ingest(result.articles, result.problems, workers=workers,
                                  progress=progress)
            t2 = time.perf_counter()
            events = store.count("events")
        size = sum(p.stat().st_size for p in Path(tmp).glob("bench.sqlite*"))
    prepared = marks.get("prepared", t2)
    return {"n": n, "read_s": t1 - t0, "extract_s": prepared - t1, "write_s": t2 - prepared,
            "total_s": t2 - t0, "added": len(report.added), "mentions": report.n_mentions,
            "events": events, "problems": len(report.problems), "store_mb": size / 2**20}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--profile", action="store_true",
                        help="print the 25 costliest functions (cumulative time)")
    args = parser.parse_args(argv)
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    r = run(args.n, args.seed, args.workers)
    if profiler:
        profiler.disable()
    rate = r["added"] / r["total_s"]
    print(f"articles: {r['added']} ({r['problems']} problems), mentions: {r['mentions']}, "
          f"events: {r['events']}, store: {r['store_mb']:.1f} MB")
    print(f"read     {r['read_s']:7.2f} s  ({r['n'] / r['read_s']:8.0f} articles/s)")
    print(f"extract  {r['extract_s']:7.2f} s  ({r['n'] / r['extract_s']:8.0f} articles/s)")
    print(f"write    {r['write_s']:7.2f} s  (links stories, infers dates, merges events)")
    print(f"total    {r['total_s']:7.2f} s  ({rate:8.0f} articles/s on {args.workers} "
          f"worker(s); target {TARGET})")
    print(f"peak memory (max RSS): {peak_mb():.0f} MB")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
