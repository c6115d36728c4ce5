"""Growth with corpus size: ingest speed, memory, store size and the "who held what" query.

    python benchmarks/scale.py                       # 1,000 and 10,000 articles
    python benchmarks/scale.py --sizes 1000,10000,100000 --batch 2000
    python benchmarks/scale.py --sizes 1000,10000,100000 --per-day 72
    python benchmarks/scale.py --sizes 1000,10000,100000 --per-day 72 --in-order
    python benchmarks/scale.py --sizes 1000,10000,100000 --per-day 72 --one-command

By default every corpus spans May to mid-September 2021, so the larger corpora are also
denser: at 100,000 articles, about 700 a day over 450 places. ``--per-day`` holds the density
instead and lets the period grow with the corpus (100,000 articles at 72 a day cover almost
four years), which is how an archive of a country's press grows. Comparing the two tells
growth with the store's size from growth with the number of reports per place and day.
Either way each batch draws its publication dates from the whole period, so it touches every
place's history; ``--in-order`` makes the dates advance from batch to batch instead, as when a
daily feed is ingested or an archive is split by month. ``--one-command`` writes every
batch file first and ingests them all in one call, as ``conflict-map ingest`` over the whole
archive does: that call reads the input whole and stores it oldest first
(``control_changes.ordering``), so whole-period files are stored as if they were in order,
for the cost of reading and spooling them first (included in the times).

For each size a fresh process generates a synthetic corpus (``benchmarks/corpus.py``), writes
it in batches of ``--batch`` articles to JSON Lines files, and ingests each file as one
transaction. It reports articles per second of wall time and per processor-second (the
rate per core, without time spent waiting for the disk), the most one batch wrote to SQLite's
write-ahead log, peak memory (max RSS) during the ingest and after loading every event, store
size on disk, and the median time of
``holdings.holdings_on(store.events(), D)`` for every place (target: under 50 ms at 100,000
events), then how each figure grows from one size to the next.

The map draw time is measured by the dashboard's browser benchmark (benchmarks/browser.py).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DAY = "2021-08-15"


def _size_mb(path: Path) -> float:
    return path.stat().st_size / 2**20 if path.exists() else 0.0


def _cpu_s() -> float:
    """Processor time of this process (every thread) and of its finished children (the
    extraction workers), user and system. Articles per processor-second is the rate per core:
    it leaves out time spent waiting for the disk or for other processes to yield the CPU."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def one_size(n: int, batch: int, seed: int, workers: int, per_day: float | None = None,
             in_order: bool = False, one_command: bool = False) -> dict:
    from benchmarks.corpus import iter_articles, write_jsonl
    from control_changes.holdings import changes, holdings_on
    from control_changes.store import Store, ingest_batches, ingest_paths

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "scale.sqlite"
        articles = iter_articles(n, seed, per_day=per_day, in_order=in_order)
        ingest_s = 0.0
        cpu_s = 0.0
        batches: list[float] = []

        def done(took: float, report) -> None:
            batches.append(round(took, 2))
            print(f"  {n}: batch {len(batches)}: {len(report.added)} articles in "
                  f"{took:.1f} s", file=sys.stderr, flush=True)

        with Store(db) as store:
            if one_command:
                # Every file written first, then one call, as `conflict-map ingest` makes.
                paths = [write_jsonl(Path(tmp) / f"batch{i}.jsonl", islice(articles, batch))
                         for i in range(0, n, batch)]
                t0, c0 = time.perf_counter(), _cpu_s()
                start = t0
                for report in ingest_batches(store, paths, size=batch, workers=workers):
                    now = time.perf_counter()
                    took, t0 = now - t0, now
                    done(took, report)
                ingest_s = time.perf_counter() - start
                cpu_s = _cpu_s() - c0
            else:
                for i in range(0, n, batch):
                    path = write_jsonl(Path(tmp) / f"batch{i}.jsonl", islice(articles, batch))
                    t0, c0 = time.perf_counter(), _cpu_s()
                    report = ingest_paths(store, [path], workers=workers)
                    took = time.perf_counter() - t0
                    ingest_s += took
                    cpu_s += _cpu_s() - c0
                    path.unlink()
                    done(took, report)
            # SQLite reuses the WAL file without shrinking it while the store is open, so its
            # size now is the most one batch has written to it: pages it changed, 4 KB each.
            wal_mb = _size_mb(db.with_name(db.name + "-wal"))
            # Peak memory so far is the ingest's own; loading every event below adds to it.
            ingest_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            t0 = time.perf_counter()
            events = store.events()
            load_s = time.perf_counter() - t0
            runs = []
            for _ in range(5):
                t0 = time.perf_counter()
                held = holdings_on(events, DAY)
                runs.append(time.perf_counter() - t0)
            ordered = changes(events)
            pre = []
            for _ in range(5):
                t0 = time.perf_counter()
                holdings_on(events, DAY, ordered=ordered)
                pre.append(time.perf_counter() - t0)
            counts = {t: store.count(t) for t in ("articles", "mentions", "events")}
        size = sum(p.stat().st_size for p in Path(tmp).glob("scale.sqlite*"))
    return {"n": n, "ingest_s": ingest_s, "rate": n / ingest_s, "batch_s": batches,
            "cpu_s": cpu_s, "rate_cpu": n / cpu_s,
            "wal_mb": wal_mb,
            "ingest_peak_mb": ingest_peak_mb,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "store_mb": size / 2**20, **counts, "places_held": len(held),
            "events_load_ms": load_s * 1000, "holdings_ms": statistics.median(runs) * 1000,
            "holdings_presorted_ms": statistics.median(pre) * 1000}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--per-day", type=float,
                        help="articles per publication day: larger corpora cover longer "
                             "periods instead of packing May-September 2021 more densely")
    parser.add_argument("--in-order", action="store_true",
                        help="batches follow publication dates (a daily feed, an archive "
                             "split by month) instead of each drawing from the whole period")
    parser.add_argument("--one-command", action="store_true",
                        help="write every batch file first, then ingest them all with one "
                             "call, as `conflict-map ingest` does (which stores them oldest "
                             "first whatever their order); timings include reading and "
                             "ordering")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one_size(args.one, args.batch, args.seed, args.workers,
                                  args.per_day, args.in_order, args.one_command)))
        return 0
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        run = subprocess.run([sys.executable, __file__, "--one", str(n), "--batch",
                              str(args.batch), "--seed", str(args.seed), "--workers",
                              str(args.workers),
                              *(["--per-day", str(args.per_day)] if args.per_day else []),
                              *(["--in-order"] if args.in_order else []),
                              *(["--one-command"] if args.one_command else [])],
                             stdout=subprocess.PIPE, text=True,
                             check=True)
        results.append(json.loads(run.stdout))
        r = results[-1]
        print(f"{r['n']:>7} articles: {r['rate']:7.1f} articles/s ({r['ingest_s']:.1f} s), "
              f"{r['rate_cpu']:.1f} per processor-second ({r['cpu_s']:.1f} s), "
              f"batches {r['batch_s']}, most written by one batch {r['wal_mb']:.0f} MB, "
              f"peak memory {r['ingest_peak_mb']:.0f} MB while "
              f"ingesting, {r['peak_mb']:.0f} MB with all events loaded, store "
              f"{r['store_mb']:.1f} MB, {r['mentions']} mentions, {r['events']} events; "
              f"holdings on {DAY}: {r['holdings_ms']:.1f} ms ({r['holdings_presorted_ms']:.1f} "
              f"ms presorted; loading events {r['events_load_ms']:.0f} ms), "
              f"{r['places_held']} places", flush=True)
    for a, b in zip(results, results[1:], strict=False):
        f = b["n"] / a["n"]
        print(f"{a['n']} -> {b['n']} (x{f:g}): time x{b['ingest_s'] / a['ingest_s']:.1f}, "
              f"ingest memory x{b['ingest_peak_mb'] / a['ingest_peak_mb']:.1f}, "
              f"written per batch x{b['wal_mb'] / max(a['wal_mb'], 0.1):.1f}, "
              f"memory with events x{b['peak_mb'] / a['peak_mb']:.1f}, store "
              f"x{b['store_mb'] / a['store_mb']:.1f}, events x{b['events'] / a['events']:.1f}, "
              f"holdings query x{b['holdings_ms'] / a['holdings_ms']:.1f}")
    print("Map draw time: see the dashboard's browser benchmark (benchmarks/browser.py).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
