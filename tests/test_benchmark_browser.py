"""The browser benchmark's generated store: a regression test, so the benchmark cannot rot
unnoticed when the events table gains a column."""

from __future__ import annotations

from benchmarks.browser import generate_store
from control_changes.store import Store, open_store


def test_generated_store_holds_the_seed_events_and_the_synthetic_ones(tmp_path):
    """Regression: generating the 10,000-event store failed with KeyError 'date_source'
    once events carried where their date came from."""
    seeds = tmp_path / "seeds.sqlite"
    open_store(seeds).close()
    with Store(str(seeds)) as store:
        n_seed = len(store.events())
    out = tmp_path / "large.sqlite"
    generate_store(seeds, out, 200)
    with Store(str(out)) as store:
        events = store.events()
    synthetic = events[events["event_id"].str.startswith("synthetic")]
    assert len(events) >= n_seed and len(synthetic) > 0
    assert set(synthetic["date_source"]) <= {"stated", "none", ""}
