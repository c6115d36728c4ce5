"""Long and odd texts: the extractor's work grows with the text, and answers stay right.

Each test is a regression for input that once made a stage quadratic or exponential; they
assert results, not times, but with the old code each would run for minutes or days.
Figures for every stage and shape come from ``python benchmarks/large_article.py``.
"""

from __future__ import annotations

from datetime import date

from control_changes.articles import Article
from control_changes.extract import extract, unresolved_names


def test_hyphen_joined_title_case_word_does_not_explode_unresolved_names_regression():
    # Each hyphen could end a word or join two, so a failed match tried every split:
    # 22 parts took 1 s and every 2 more parts four times as long.
    word = "-".join(["Ab"] * 40)
    found = unresolved_names(f"The {word} was quiet. Zarghunabad district fell.")
    assert [(name, reason) for name, reason, _ in found] == [
        ("Zarghunabad", "no gazetteer name matches 'Zarghunabad'")]


def test_long_title_case_list_is_read_once_by_unresolved_names_regression():
    # A menu or tag list is one run of capitalised words; each word used to re-scan the
    # rest of the run (64 KB took 12.6 s).
    menu = " ".join(f"Home News Sport Culture Item{i}" for i in range(3000))
    found = unresolved_names(menu + "\nFighting was reported in Zarghunabad district.")
    assert [name for name, _, _ in found] == ["Zarghunabad"]


def test_the_city_refers_to_the_last_capital_named_however_long_the_article_regression():
    # Every "the city" copied the list of all places named so far: quadratic in length.
    filler = " ".join("Officials in Herat and Kandahar met elders in Kunduz." for _ in range(2000))
    text = (filler + " Reporters then reached Ghazni. The city fell to the Taliban on "
            "Thursday, officials said.")
    article = Article(text=text, file="long.txt", published=date(2021, 8, 13),
                      published_source="given")
    mentions = extract(article)
    assert [(m.place_id, m.new_controller) for m in mentions] == [("capital:ghazni", "taliban")]
    assert len(mentions[0].evidence) < 200
