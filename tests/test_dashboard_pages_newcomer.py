"""The pages as a newcomer finds them: counts that say what they cover and follow the filters,
tables in words, link settings that are named when ignored, source links, captions gone."""

from __future__ import annotations

import io
import re
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from test_dashboard_pages import (  # noqa: F401 - fixtures
    ARTICLES,
    EVENTS,
    FIXTURES,
    MAP,
    ROOT,
    all_html,
    metric,
    run,
)

from control_changes.readers import ManifestRow, read_bytes
from control_changes.store import Store


def caption_text(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def test_counts_say_which_articles_they_cover(store_path):
    """Regression (item 3): "5 of 34 capitals" read as the war's total while the store held
    five articles; the map now says what the counts cover."""
    at = run(MAP, date="2021-08-13")
    assert ("The counts cover only the places named in the 5 articles published 2021\\-07\\-07 "
            "to 2021\\-08\\-13 in this store") in caption_text(at)


def test_districts_metric_and_chart_line_give_the_same_number(store_path):
    """Regression (item 4): the chart's Districts line stayed at 0 under a metric of 5."""
    for day in ("2021-07-07", "2021-07-08", "2021-08-13"):
        at = run(MAP, date=day)
        svg = next(m.value for m in at.markdown if m.value.startswith('<svg class="cm-chart"'))
        shown = metric(at, "Districts reported taken")
        assert re.search(rf"; on {day}: .*\bdistricts {shown}[,\"]", svg), (day, shown)
    # 13 August: the districts of the five capitals held, and five counted in Herat.
    assert metric(at, "Districts reported taken") == "10"


def test_router_opens_the_map_first(store_path):
    """Item 7: ``dashboard.py`` lists the pages; its first page is the map."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Afghanistan 2021: who took which place, when"
    assert metric(at, "Provincial capitals").endswith("of 34")


def test_totals_follow_the_filters_and_say_what_they_count(store_path):
    """Regression (item 8): with Herat chosen the counters still said "of 34 capitals" and
    "of 16 crossings"."""
    at = run(MAP, date="2021-08-13", province="Herat")
    assert metric(at, "Provincial capitals") == "1 of 1"
    assert metric(at, "Border crossings") == "1 of 2"  # Islam Qala and Torghundi
    assert "Out of the capitals and crossings in Herat" in caption_text(at)
    at = run(MAP, date="2021-08-13", crossings="only")
    assert metric(at, "Provincial capitals") == "none counted"
    assert metric(at, "Border crossings") == "1 of 18"
    at = run(MAP, date="2021-08-13", crossings="chosen", crossing="crossing:islam-qala")
    assert metric(at, "Border crossings") == "1 of 1"
    assert metric(at, "Provincial capitals") == "5 of 34"


def test_tables_show_words_and_the_export_keeps_the_codes(store_path):
    """Regression (item 9): tables showed count -1, country Iran for a crossing unlabelled
    and seed file names as sources."""
    at = run(EVENTS)
    table = at.dataframe[0].value
    assert not {"count", "country", "sources", "scope"} & set(table.columns)
    assert not table.astype(str).isin(["-1"]).any().any()
    assert not table.astype(str).apply(lambda c: c.str.contains(r"\.txt\b")).any().any()
    badghis = table[(table["place"] == "Badghis") & (table["extent"] == "all districts")]
    assert len(badghis) == 1
    assert set(table.loc[table["place"] == "Islam Qala", "border with"]) == {"Iran"}
    assert set(table.loc[table["place"] != "Islam Qala", "border with"]) == {""}

    from control_changes.export import to_csv_bytes
    from dashboard_core.tables import export

    with Store(store_path) as store:
        exported = pd.read_csv(io.BytesIO(to_csv_bytes(export(store.events()))),
                               keep_default_na=False)
    assert list(exported.columns[:3]) == ["date", "place", "kind"]
    assert {"count", "sources", "country", "place_id"} <= set(exported.columns)
    assert -1 in set(exported["count"])


@pytest.mark.parametrize(("params", "said"), [
    ({"date": "2030-01-01"}, "date=2030-01-01 is outside the timeline"),
    ({"date": "garbage"}, "date='garbage' is not a date like 2021-08-13"),
    ({"province": "Nowhere"}, "province='Nowhere': no Afghan province by that name"),
    ({"status": "rumoured"}, "status='rumoured'"),
    ({"place": "capital:atlantis"}, "place='capital:atlantis': no place"),
])
def test_bad_url_parameters_are_named_not_silently_replaced(store_path, params, said):
    """Regression (item 11): ?date=2030-01-01, ?date=garbage and ?province=Nowhere fell back
    to the last day and no filter without a word."""
    at = run(MAP, **params)
    warnings = [w.value.replace("\\", "") for w in at.warning]  # markdown escapes
    assert len(warnings) == 1 and said in warnings[0], warnings
    assert at.slider(key="w_day").value == date(2021, 8, 13)


def test_good_url_parameters_raise_no_warning(store_path):
    at = run(MAP, date="2021-07-08", province="Herat", place="capital:herat")
    assert not at.warning


def test_evidence_sentences_link_to_their_source_when_it_has_a_url(store_path):
    data = (FIXTURES / "dashboard_hostile.txt").read_bytes()
    meta = ManifestRow(date(2021, 8, 14), "Wire", "", "https://www.example.org/news/mazar")
    with Store(store_path) as store:
        store.ingest(read_bytes(data, "linked.txt", meta).articles)
    at = run(MAP, date="2021-08-14", place="capital:mazar-i-sharif")
    body = all_html(at)
    assert ("<a class='cm-link' href='https://www.example.org/news/mazar' target='_blank' "
            "rel='noopener noreferrer nofollow'>example.org ↗</a>") in body
    # The seed articles have no url: their evidence carries no link.
    at = run(MAP, date="2021-08-13", place="capital:qala-i-naw")
    assert "<a class='cm-link'" not in all_html(at)


def test_a_url_that_is_not_http_never_becomes_a_link():
    from dashboard_core.history import source_link

    assert source_link("javascript:alert(1)") == ""
    assert source_link("data:text/html,<script>") == ""
    assert "&#x27;" in source_link("https://example.org/?q='><script>")


def test_photo_caption_is_not_in_the_articles_page_text(store_path):
    """Regression (item 10): the Jerusalem Post seed's caption, repeated without its
    "(photo credit: …)" line, was shown as prose on the Articles page."""
    body = all_html(run(ARTICLES))
    assert "Political members of the Taliban visiting" in body
    assert "leaves after peace talks" not in body
    assert "May 30, 2019" not in body


def test_events_page_names_an_ignored_link_setting(store_path):
    at = run(EVENTS, province="Nowhere")
    assert any("province='Nowhere'" in w.value.replace("\\", "") for w in at.warning)
    assert len(at.dataframe[0].value) > 1  # no filter applied


def test_first_run_of_a_session_draws_the_map_alone_and_the_next_run_the_rest(store_path):
    """Speed: a new visitor's browser gets the map before the scripts of the widgets."""
    at = AppTest.from_file(str(ROOT / MAP), default_timeout=60)
    at.query_params["date"] = "2021-08-13"
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Afghanistan 2021: who took which place, when"]
    assert not at.metric and not at.get("slider") and not at.sidebar.multiselect
    at.run()
    assert metric(at, "Provincial capitals") == "5 of 34"
    assert at.slider(key="w_day").value == date(2021, 8, 13)
