"""The mentions table (control_changes/store/mentions.py): an article's mentions replaced
when its metadata changes, and read with the article fields merging needs."""

from __future__ import annotations

from datetime import date

from control_changes.articles import Article
from control_changes.store import Store
from control_changes.store.mentions import extract_again, mention_rows

TEXT = "Taliban fighters captured Kunduz city on Sunday, officials said."


def test_extracting_again_replaces_the_mentions_and_lists_the_old_ones(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        store.ingest([Article(text=TEXT, file="a.txt")])
        (aid,) = store.articles()["article_id"]
        before = list(mention_rows(store._conn, "1 = 1"))
        assert [r.event_date for r in before] == [""]  # undated: a weekday needs a date
        removed: list[tuple] = []
        extract_again(store._conn, aid, Article(text=TEXT, file="a.txt",
                                                published=date(2021, 8, 9)), removed)
        after = list(mention_rows(store._conn, "m.article_id IN ({marks})", [aid]))
    assert removed == [(before[0].place_id, "taliban", "place", "")]
    assert [(r.place_id, r.event_date) for r in after] == [(before[0].place_id, "2021-08-08")]
