"""Syndicated copies (control_changes/store/stories.py): the shingle holders kept per
shingle, and copies linked into one story."""

from __future__ import annotations

import sqlite3

from control_changes.articles import Article
from control_changes.store import Store
from control_changes.store.stories import add_holders, holder_ids
from control_changes.syndication import COMMON_SHINGLE_ARTICLES, fingerprint
from control_changes.testing import shingle_holders


def test_shingle_holders_list_exactly_the_articles_whose_fingerprint_holds_the_shingle(
        seeded, synthetic):
    batch = synthetic(60)
    with Store(seeded) as store:
        # In several batches, so holders are appended to stored ones (bytes of every value,
        # NUL and invalid UTF-8 among them, joined by SQL).
        for i in range(0, 60, 15):
            store.ingest(batch[i:i + 15])
        texts = store.articles().set_index("article_id")["text"]
    expected: dict[int, set[str]] = {}
    for aid, text in texts.items():
        for h in fingerprint(text):
            expected.setdefault(h, set()).add(aid)
    assert shingle_holders(seeded) == expected


def test_holder_ids_with_nul_and_non_utf8_bytes_survive_being_appended(tmp_path):
    ids = ["00ff00ff00ff00ff", "ff00000000000000", "c3280000e2820000"]
    with Store(tmp_path / "s.sqlite") as store:
        for aid in ids:  # one call each, so the second and third append to the stored bytes
            add_holders(store._conn, [(7, aid)])
    assert shingle_holders(tmp_path / "s.sqlite") == {7: set(ids)}
    assert holder_ids(bytes.fromhex("".join(ids))) == [bytes.fromhex(i) for i in ids]


def test_shingle_held_by_more_than_the_common_limit_keeps_its_count_and_drops_its_holders(
        tmp_path):
    stock = "The claim could not be independently verified by reporters on the ground today. "
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        for i in range(COMMON_SHINGLE_ARTICLES + 5):
            store.ingest([Article(text=f"{stock} Item {i} of a list of unrelated notes.",
                                  file=f"{i}.txt")])
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT n, holders FROM shingle_holders ORDER BY n DESC").fetchall()
    conn.close()
    assert rows[0] == (COMMON_SHINGLE_ARTICLES + 5, None)


def test_a_copy_of_a_stored_article_joins_its_story(seeded, copy_joins_story):
    with Store(seeded) as store:
        assert copy_joins_story(store)


def test_an_article_copying_two_stories_merges_them_under_the_smaller_id(tmp_path):
    first = ("Taliban fighters captured the district centre of Khan Abad in Kunduz province "
             "on Sunday after two days of heavy fighting with government forces, officials "
             "said, adding that the police had withdrawn to the provincial capital overnight.")
    second = ("Government forces recaptured the district of Dand in Kandahar province on "
              "Monday after the Taliban had held it for a week, the defence ministry said in "
              "a statement, adding that dozens of fighters had been killed in the operation.")
    with Store(tmp_path / "s.sqlite") as store:
        store.ingest([Article(text=first, file="a.txt")])
        store.ingest([Article(text=second, file="b.txt")])
        before = store.articles().set_index("file")["story_id"]
        assert before["a.txt"] != before["b.txt"]
        both = Article(text=first + " " + second, file="both.txt")
        store.ingest([both])
        stories = store.articles().set_index("file")["story_id"]
    assert stories["a.txt"] == stories["b.txt"] == stories["both.txt"] == min(
        [*before, both.article_id])
