"""Undated syndicated copies take their story's date (control_changes/store/inferred_dates.py)."""

from __future__ import annotations

import random
from datetime import date

from control_changes.articles import Article
from control_changes.store import Store


def _original_and_copy() -> tuple[dict, dict]:
    from benchmarks.corpus import _syndicated_copy, generate

    original = generate(1, seed=5, paragraphs=6)[0]
    return original, dict(_syndicated_copy(random.Random(1), original, 99), published="")


def _dated(row: dict, file: str) -> Article:
    return Article(text=row["text"], file=file, published=date.fromisoformat(row["published"]),
                   published_source="manifest")


def test_syndicated_copy_without_date_takes_the_date_of_its_story(tmp_path):
    original, copy = _original_and_copy()
    with Store(tmp_path / "s.sqlite") as store:
        store.ingest([_dated(original, "orig.txt")])
        report = store.ingest([Article(text=copy["text"], file="copy.txt")])
        assert report.inferred_dates == ["copy.txt"]
        arts = store.articles(with_text=False).set_index("file")
        assert arts.loc["copy.txt", "published"] == original["published"]
        assert arts.loc["copy.txt", "published_source"] == "inferred"
        assert arts.loc["copy.txt", "story_id"] == arts.loc["orig.txt", "story_id"]


def test_stored_undated_copy_takes_the_date_when_its_dated_original_arrives(tmp_path):
    original, copy = _original_and_copy()
    with Store(tmp_path / "s.sqlite") as store:
        store.ingest([Article(text=copy["text"], file="copy.txt")])
        undated = set(store.events()["event_date"])
        report = store.ingest([_dated(original, "orig.txt")])
        assert report.inferred_dates == ["copy.txt"]
        arts = store.articles(with_text=False).set_index("file")
        assert arts.loc["copy.txt", "published"] == original["published"]
        # The copy's undated events took dates with it.
        assert "" in undated and "" not in set(store.events()["event_date"])
