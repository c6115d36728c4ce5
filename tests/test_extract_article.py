"""A whole wire-style article (written for this test) read end to end.

It has a headline before its dateline, weekdays relative to a dateline date, an appositive
capital, a denial that refers back to an earlier sentence, a city partly held, a prison
(not the city) taken, a threat and a history sentence.
"""

from __future__ import annotations

from pathlib import Path

from control_changes.extract import extract
from control_changes.readers import read_paths

FIXTURE = Path(__file__).parent / "fixtures" / "wire_three_capitals.txt"


def _read():
    result = read_paths([FIXTURE])
    (article,) = result.articles
    return article, extract(article)


def rows(mentions):
    return {(m.place_id, m.new_controller, m.status, m.event_date.isoformat()
             if m.event_date else None) for m in mentions}


def test_dateline_after_the_headline_gives_the_publication_date():
    article, _ = _read()
    assert article.published.isoformat() == "2021-08-08"
    assert article.published_source == "dateline"
    assert article.title.startswith("Taliban seize third")


def test_each_capital_gets_its_own_weekday():
    _, mentions = _read()
    got = rows(mentions)
    assert ("capital:kunduz", "taliban", "reported", "2021-08-08") in got
    assert ("capital:sar-e-pol", "taliban", "reported", "2021-08-08") in got
    assert ("capital:zaranj", "taliban", "reported", "2021-08-06") in got
    assert ("capital:sheberghan", "taliban", "reported", "2021-08-07") in got


def test_denial_takes_the_date_the_article_gave_that_place():
    _, mentions = _read()
    assert ("capital:sar-e-pol", "taliban", "denied", "2021-08-08") in rows(mentions)


def test_city_held_except_the_airport_is_contested():
    _, mentions = _read()
    assert any(m.place_id == "capital:kunduz" and m.status == "contested" for m in mentions)


def test_prison_taken_is_not_the_city_taken_and_threats_and_history_give_nothing():
    _, mentions = _read()
    lashkar = [m for m in mentions if m.place_id == "capital:lashkar-gah"]
    assert [m.status for m in lashkar] == ["contested"]
    assert not [m for m in mentions if "kabul" in m.place_id]


OUTLET = Path(__file__).parent / "fixtures" / "outlet_two_districts.txt"


def test_afghan_outlet_style_article():
    (article,) = read_paths([OUTLET]).articles
    assert article.published.isoformat() == "2021-07-05"  # stamp after the headline
    got = {(m.place_id, m.new_controller, m.status) for m in extract(article)}
    assert got == {
        ("district:badakhshan:yawan", "taliban", "reported"),
        ("district:badakhshan:kuf-ab", "taliban", "reported"),
        # the defence ministry speaks of the army's own recapture
        ("district:bamyan:kahmard", "government", "claimed"),
        # a Taliban spokesman's tweet, "could not be independently verified"
        ("crossing:sher-khan-bandar", "taliban", "claimed"),
        ("district:kunduz:imam-sahib", "taliban", "reported"),
        # "The MoD rejected reports that Baharak district in Takhar had collapsed."
        ("district:takhar:baharak", "taliban", "denied"),
    }
    # "the Taliban may try to capture Kunduz city" is a threat, not a change
    assert not [m for m in extract(article) if m.place_id == "capital:kunduz"]


KABUL_HTML = Path(__file__).parent / "fixtures" / "wire_kabul_falls.html"


def test_html_page_gives_the_article_and_its_changes_not_the_page_furniture():
    (article,) = read_paths([KABUL_HTML]).articles
    assert article.outlet == "Example News"
    assert article.published.isoformat() == "2021-08-15"
    assert "Dubai" not in article.text and "alert" not in article.text
    got = {(m.place_id, m.event_date.isoformat()) for m in extract(article)}
    assert {("capital:jalalabad", "2021-08-15"), ("capital:mazar-i-sharif", "2021-08-14"),
            ("capital:kabul", "2021-08-15"), ("site:bagram-airfield", "2021-08-15")} <= got
    # "reached the outskirts of Kabul" and "ordered not to enter the city" are not captures;
    # the title ("Taliban enter Afghan capital") and the report of the entry are.
    kabul = [m for m in extract(article) if m.place_id == "capital:kabul"]
    assert sorted(m.trigger for m in kabul) == ["enter", "entered"]
    assert not [m for m in kabul if "ordered not to" in m.evidence or "outskirts" in m.evidence]
