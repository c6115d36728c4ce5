"""The synthetic corpus the benchmarks and the crash and concurrency tests ingest."""

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import LATE_DAYS, START, generate  # noqa: E402


def _days(articles: list[dict]) -> dict[int, int]:
    """Days after START of the dated originals, by place in the corpus (copies keep their
    original's date)."""
    return {serial: (date.fromisoformat(a["published"]) - START).days
            for serial, a in enumerate(articles)
            if a["published"] and "(wire copy)" not in a["outlet"]}


def test_same_seed_gives_the_same_corpus():
    assert generate(40, seed=3) == generate(40, seed=3)
    assert generate(40, seed=3) != generate(40, seed=4)


def test_per_day_spreads_the_corpus_over_as_many_days_as_it_fills():
    days = _days(generate(2000, per_day=100)).values()
    assert max(days) <= 19
    assert max(days) >= 17


def test_without_in_order_every_part_of_the_corpus_draws_from_the_whole_period():
    days = list(_days(generate(2000, per_day=100)).values())
    first, last = days[:100], days[-100:]
    assert max(first) >= 15 and min(last) <= 4


def test_in_order_dates_advance_through_the_corpus_give_or_take_late_days():
    for serial, day in _days(generate(2000, per_day=100, in_order=True)).items():
        assert serial // 100 - LATE_DAYS <= day <= serial // 100
