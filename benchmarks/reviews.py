"""How long applying analysts' decisions takes over 100,000 events.

Takes the synthetic events of ``benchmarks/holdings.py`` (real gazetteer places, random days,
sides and statuses), gives them the columns a stored event has, and times
``review.apply_reviews`` with no decision and with ``--decisions`` decisions on random
events (a third each accepted, corrected and rejected), median of five runs. This is the
cost every read of the events (``Store.events``) adds. Target: under 1 s at 500 decisions.

    python benchmarks/reviews.py [--events 100000] [--decisions 500]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import asdict
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.holdings import synthetic_events  # noqa: E402
from control_changes.review import apply_reviews, judged  # noqa: E402


def _events(n: int) -> pd.DataFrame:
    ev = synthetic_events(n)
    return ev.assign(reports_from=ev["event_date"], reports_to=ev["event_date"],
                     date_inferred=False, date_source="stated", n_stories=1)


def _decisions(events: pd.DataFrame, n: int) -> pd.DataFrame:
    verdicts = ["accepted", "corrected", "rejected"]
    rows = []
    for i, (_, event) in enumerate(events.sample(n, random_state=1).iterrows()):
        fix = {"fix_status": "confirmed"} if verdicts[i % 3] == "corrected" else {}
        rows.append({"review_id": i + 1, **asdict(judged(event, verdicts[i % 3],
                                                         reviewer="bench", **fix))})
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--decisions", type=int, default=500)
    args = parser.parse_args(argv)
    events = _events(args.events)
    decisions = _decisions(events, args.decisions)
    for label, chosen in (("no decision", decisions.iloc[:0]),
                          (f"{args.decisions} decisions", decisions)):
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            out = apply_reviews(events, chosen)
            times.append(time.perf_counter() - t0)
        n_reviewed = int(out["review_verdict"].ne("").sum())
        print(f"{label:>15}: {statistics.median(times) * 1000:.0f} ms "
              f"({len(events):,} events, {n_reviewed} reviewed)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
