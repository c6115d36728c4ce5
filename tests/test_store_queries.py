"""The reads of the dashboard, the exports and the command line
(control_changes/store/queries.py)."""

from __future__ import annotations

import pytest

from control_changes.schema import ARTICLE_COLUMNS
from control_changes.store import Store


def test_articles_come_by_publication_date_with_or_without_their_text(seeded):
    with Store(seeded) as store:
        full, bare = store.articles(), store.articles(with_text=False)
    assert list(full.columns) == ARTICLE_COLUMNS and "text" not in bare.columns
    assert list(full["published"]) == sorted(full["published"])
    assert not full.isna().any().any()


def test_mentions_carry_their_article_title_and_story(seeded):
    with Store(seeded) as store:
        mentions, articles = store.mentions(), store.articles().set_index("article_id")
    assert len(mentions) > 5
    for _, m in mentions.iterrows():
        assert m["title"] == articles.loc[m["article_id"], "title"]
        assert m["story_id"] == articles.loc[m["article_id"], "story_id"]


def test_unresolved_names_come_with_the_file_they_were_found_in(seeded):
    with Store(seeded) as store:
        unresolved, files = store.unresolved(), set(store.articles()["file"])
    assert list(unresolved.columns) == ["name", "reason", "context", "file", "article_id"]
    assert set(unresolved["file"]) <= files


def test_count_answers_for_the_store_tables_only(seeded):
    with Store(seeded) as store:
        assert store.count("articles") == 5
        with pytest.raises(ValueError, match="unknown table"):
            store.count("sqlite_master")
