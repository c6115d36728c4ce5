"""How long "who held what on date D" takes over 100,000 events.

Builds a table of synthetic whole-place changes on real gazetteer places (random days from
May to September 2021, random sides and statuses) and times ``holdings.holdings_on`` for one
day, median of seven runs. Target: under 50 ms at 100,000 events.

    python benchmarks/holdings.py [--events 100000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from control_changes.holdings import changes, holdings_on  # noqa: E402
from gazetteer.places import load_places  # noqa: E402


def synthetic_events(n: int, seed: int = 0) -> pd.DataFrame:
    places = load_places()
    ids = places.index[places["place_type"].isin(["district", "capital", "border_crossing"])]
    rng = np.random.default_rng(seed)
    days = pd.date_range("2021-05-01", "2021-09-30").strftime("%Y-%m-%d")
    chosen = rng.choice(ids, n)
    return pd.DataFrame({
        "event_id": [f"e{i}" for i in range(n)],
        "place_id": chosen,
        "place": places.loc[chosen, "name"].to_numpy(),
        "place_type": places.loc[chosen, "place_type"].to_numpy(),
        "event_date": rng.choice(days, n),
        "new_controller": rng.choice(["taliban", "government"], n),
        "status": rng.choice(["reported", "claimed", "contested", "denied", "confirmed"], n),
        "scope": "place",
    })


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args(argv)
    events = synthetic_events(args.events)
    ordered = changes(events)
    for label, call in (("from the events table", lambda: holdings_on(events, "2021-08-15")),
                        ("with changes() computed once",
                         lambda: holdings_on(events, "2021-08-15", ordered))):
        times = []
        for _ in range(7):
            t0 = time.perf_counter()
            held = call()
            times.append(time.perf_counter() - t0)
        print(f"who held what on 2021-08-15, {args.events:,} events, {label}: "
              f"median {statistics.median(times) * 1000:.1f} ms, {len(held)} places "
              "(target 50 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
