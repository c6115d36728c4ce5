"""The dashboard's pages, run headless with Streamlit's AppTest against a temporary store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from control_changes.readers import ManifestRow, read_bytes
from control_changes.store import Store
from dashboard_core.ui import md_escape

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MAP = "pages/0_Map.py"
EVENTS = "pages/1_Events.py"
ARTICLES = "pages/2_Articles.py"
ADD = "pages/3_Add_articles.py"
PLACES = "pages/4_Places.py"


def run(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page == MAP:
        at.run()  # the first run draws the map alone; the map asks for this one once drawn
    assert not at.exception, [e.value for e in at.exception]
    return at


def ingest_fixture(path: Path, name: str, published: date | None, outlet: str) -> None:
    data = (FIXTURES / name).read_bytes()
    result = read_bytes(data, name, ManifestRow(published, outlet, "", ""))
    with Store(path) as store:
        store.ingest(result.articles, result.problems)


def url(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def metric(at: AppTest, start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(start))


def all_html(at: AppTest) -> str:
    return "\n".join(str(h.proto.body) for h in at.get("html"))


@pytest.mark.parametrize("page", [MAP, EVENTS, ARTICLES, ADD, PLACES])
def test_every_page_loads_without_exception(store_path, page):
    at = run(page)
    assert at.title


@pytest.mark.parametrize("page", [MAP, EVENTS, ADD])
def test_store_that_cannot_be_opened_is_named_on_the_page_and_left_alone(tmp_path, monkeypatch,
                                                                           page):
    """Regression: a store path naming a file that is not a database showed a traceback."""
    bad = tmp_path / "notes.sqlite"
    bad.write_bytes(b"meeting notes, not a database\n")
    monkeypatch.setenv("CONFLICT_MAP_DB", str(bad))
    monkeypatch.chdir(ROOT)
    at = run(page)
    assert [e.value.split(":")[0] for e in at.error] == [
        f"The store {md_escape(str(bad))} cannot be opened"]
    assert "file is not a database" in at.error[0].value
    assert bad.read_bytes() == b"meeting notes, not a database\n"


def test_date_query_param_sets_the_date(store_path):
    at = run(MAP, date="2021-07-08")
    assert at.slider(key="w_day").value == date(2021, 7, 8)
    assert "8 July 2021" in at.subheader[0].value
    assert metric(at, "Border crossings") == "1 of 18"
    assert metric(at, "Provincial capitals") == "0 of 34"


def test_figures_follow_the_date(store_path):
    at = run(MAP, date="2021-08-13")
    # Herat, Kandahar, Ghazni, Lashkar Gah and Qala-i-Naw (claimed) held; Feroz Koh contested.
    assert metric(at, "Provincial capitals") == "5 of 34"
    assert metric(at, "Places contested") == "1"


def test_next_and_previous_change_buttons_step_between_change_days(store_path):
    at = run(MAP, date="2021-07-06")
    at.button(key="next_change").click().run()
    assert at.slider(key="w_day").value == date(2021, 7, 7)
    at.button(key="next_change").click().run()
    assert at.slider(key="w_day").value == date(2021, 7, 8)
    at.button(key="prev_change").click().run()
    assert at.slider(key="w_day").value == date(2021, 7, 7)
    assert url(at, "date") == ["2021-07-07"]


def test_date_and_province_are_written_to_the_url(store_path):
    at = run(MAP, date="2021-07-08")
    at.multiselect(key="w_provinces").set_value(["Herat"]).run()
    assert url(at, "date") == ["2021-07-08"]
    assert url(at, "province") == ["Herat"]


def test_place_history_shows_every_change_with_sources_and_evidence(store_path):
    at = run(MAP, date="2021-08-13", place="capital:qala-i-naw")
    body = all_html(at)
    assert "cm-history" in body
    for day in ("2021-07-07", "2021-07-08", "2021-08-13"):
        assert day in body
    assert "wrested back control" in body
    assert "The Guardian" in body


def test_choosing_a_place_in_the_selectbox_opens_its_history(store_path):
    at = run(MAP, date="2021-07-08")
    at.selectbox(key="w_place").set_value("crossing:islam-qala").run()
    body = all_html(at)
    assert "disputed" in body and "Islam Qala" in body
    assert url(at, "place") == ["crossing:islam-qala"]


def test_province_filter_reduces_the_events_table(store_path):
    at = run(EVENTS)
    everything = len(at.dataframe[0].value)
    at.multiselect(key="w_provinces").set_value(["Herat"]).run()
    herat = at.dataframe[0].value
    assert 0 < len(herat) < everything
    assert set(herat["province"]) == {"Herat"}


def test_province_in_the_url_filters_the_events_table(store_path):
    at = run(EVENTS, province="Badghis")
    assert set(at.dataframe[0].value["province"]) == {"Badghis"}


def test_only_border_crossings_filter(store_path):
    at = run(EVENTS)
    at.radio(key="w_crossing_mode").set_value("only").run()
    table = at.dataframe[0].value
    assert list(table["place"]) == ["Islam Qala"]
    assert list(table["border with"]) == ["Iran"]


def test_status_filter_hides_claims(store_path):
    at = run(EVENTS)
    at.multiselect(key="w_statuses").set_value(["confirmed", "reported", "disputed"]).run()
    assert "claimed" not in set(at.dataframe[0].value["status"])


def test_controller_filter_keeps_one_side(store_path):
    at = run(EVENTS)
    at.multiselect(key="w_controllers").set_value(["government"]).run()
    table = at.dataframe[0].value
    assert list(table["place"]) == ["Qala-i-Naw"]


def test_filters_with_no_match_show_an_empty_state(store_path):
    at = run(EVENTS, province="Kabul")
    assert any("No events match" in i.value for i in at.info)


def test_events_search_box_filters_rows(store_path):
    at = run(EVENTS)
    at.text_input(key="events_search").input("Lashkar").run()
    assert list(at.dataframe[0].value["place"]) == ["Lashkar Gah"]


def test_events_page_offers_csv_and_geojson_downloads(store_path):
    at = run(EVENTS)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download CSV", "Download GeoJSON"]


def test_pasted_article_is_previewed_without_saving_then_saved(store_path):
    text = (FIXTURES / "dashboard_hostile.txt").read_text()
    at = run(ADD)
    at.text_area(key="add_text").input(text)
    at.date_input(key="add_date").set_value(date(2021, 8, 14))
    at.text_input(key="add_outlet").input("Test Wire")
    at.button(key="add_preview").click().run()
    assert not at.exception
    preview = at.dataframe[-1].value
    assert "capital:mazar-i-sharif" in set(preview["place_id"])
    with Store(store_path) as store:
        assert store.count("articles") == 5

    at.button(key="add_save").click().run()
    assert not at.exception
    assert any("Saved 1 article" in s.value for s in at.success)
    with Store(store_path) as store:
        arts = store.articles()
        assert store.count("articles") == 6
        assert "crossing:hairatan" in set(store.events()["place_id"])
    new = arts[arts["outlet"] == "Test Wire"].iloc[0]
    assert new["published"] == "2021-08-14"
    assert new["published_source"] == "given"

    events = run(EVENTS)
    assert "Mazar-i-Sharif" in set(events.dataframe[0].value["place"])


def test_saving_the_same_article_twice_keeps_one_copy(store_path):
    text = (FIXTURES / "dashboard_undated.txt").read_text()
    for _ in range(2):
        at = run(ADD)
        at.text_area(key="add_text").input(text)
        at.button(key="add_save").click().run()
        assert not at.exception
    with Store(store_path) as store:
        assert store.count("articles") == 6


def test_saving_a_stored_article_again_with_its_date_fills_the_date_in(store_path):
    text = (FIXTURES / "dashboard_undated.txt").read_text()
    at = run(ADD)
    at.text_area(key="add_text").input(text)
    at.button(key="add_save").click().run()
    at = run(ADD)
    at.text_area(key="add_text").input(text)
    at.date_input(key="add_date").set_value(date(2021, 8, 14))
    at.button(key="add_save").click().run()
    assert not at.exception
    assert any("Filled in what 1 stored article(s) lacked" in s.value for s in at.success)
    assert not any("Nothing new was saved" in i.value for i in at.info)
    # Listed as filled in, not among the skipped ones as well.
    assert not any("Already in the store" in m.value for m in at.markdown)
    with Store(store_path) as store:
        arts = store.articles()
        assert store.count("articles") == 6
        assert arts.loc[arts["text"].str.len() > 0, "published"].eq("").sum() == 0


def test_outlet_given_on_the_add_page_replaces_one_read_from_the_text(store_path):
    text = "Source: pajhwok\n" + (FIXTURES / "dashboard_undated.txt").read_text()
    with Store(store_path) as store:
        store.ingest(read_bytes(text.encode(), "wire.txt").articles)
    shown = pd.concat([df.value for df in run(ARTICLES).dataframe
                       if "outlet source" in df.value.columns])
    assert shown.set_index("outlet").loc["pajhwok", "outlet source"] == "read from the text"
    assert set(shown["outlet source"]) >= {"given in a manifest or JSON field"}
    at = run(ADD)
    at.text_area(key="add_text").input(text)
    at.text_input(key="add_outlet").input("Pajhwok Afghan News")
    at.button(key="add_save").click().run()
    assert any("Filled in what 1 stored article(s) lacked" in s.value for s in at.success)
    with Store(store_path) as store:
        arts = store.articles().set_index("file")
    assert tuple(arts.loc["wire.txt", ["outlet", "outlet_source"]]) == (
        "Pajhwok Afghan News", "given")


def test_uploaded_files_are_stored_and_unreadable_ones_listed(store_path):
    at = run(ADD)
    at.file_uploader(key="add_files").set_value([
        ("hostile.txt", (FIXTURES / "dashboard_hostile.txt").read_bytes(), "text/plain"),
        ("empty.txt", b"   ", "text/plain"),
    ])
    at.date_input(key="add_date").set_value(date(2021, 8, 14))
    at.button(key="add_save").click().run()
    assert not at.exception
    problems = at.dataframe[0].value
    assert list(problems["file"]) == ["empty.txt"]
    with Store(store_path) as store:
        assert store.count("articles") == 6


def test_uploaded_jsonl_line_with_a_lone_surrogate_is_listed_and_the_others_stored(store_path):
    """Regression: one line holding an escaped half of a surrogate pair failed the upload."""
    good = ('{"text": "Taliban fighters captured Pul-e Khumri on Tuesday, officials said.", '
            '"published": "2021-08-10"}')
    bad = good.replace("officials", "\\udcff officials")
    at = run(ADD)
    at.file_uploader(key="add_files").set_value([
        ("feed.jsonl", f"{bad}\n{good}\n".encode(), "application/jsonl"),
    ])
    at.button(key="add_save").click().run()
    assert not at.exception
    problems = at.dataframe[0].value
    assert list(problems["file"]) == ["feed.jsonl"]
    assert "surrogate" in problems["reason"].iloc[0]
    with Store(store_path) as store:
        assert store.count("articles") == 6


def test_undated_events_are_listed_apart_from_the_timeline(store_path):
    ingest_fixture(store_path, "dashboard_undated.txt", None, "Undated Wire")
    at = run(MAP, date="2021-08-13")
    labels = [e.proto.label for e in at.expander]
    assert "Undated: not on the timeline (1)" in labels
    # The tables fill in only when opened, so the first screen loads no data grid.
    assert len(at.dataframe) == 0
    at.session_state["map_undated"] = True
    at.run()
    assert "Spin Boldak-Chaman crossing" in set(at.dataframe[-1].value["place"])
    assert metric(at, "Border crossings") == "1 of 18"


def test_map_page_chart_marks_the_chosen_day_and_counts_capitals(store_path):
    at = run(MAP, date="2021-08-13")
    svg = next(m.value for m in at.markdown if m.value.startswith("<svg class=\"cm-chart\""))
    assert 'class="cm-chart-day"' in svg and ">2021-08-13</text>" in svg
    assert "on 2021-08-13: provincial capitals 5" in svg


def test_hostile_article_text_is_escaped_on_the_articles_page(store_path):
    ingest_fixture(store_path, "dashboard_hostile.txt", date(2021, 8, 14),
                   "<script>alert(1)</script> News")
    at = run(ARTICLES)
    body = all_html(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "<script>" not in body.replace("<style>", "")
    assert "<img" not in body
    assert "onmouseover=alert" not in body.replace("&lt;b onmouseover=alert(1)&gt;", "")
    labels = [e.proto.label for e in at.expander]
    assert any("\\<script\\>" in label for label in labels)


def test_hostile_article_is_escaped_in_the_place_history(store_path):
    ingest_fixture(store_path, "dashboard_hostile.txt", date(2021, 8, 14),
                   "<script>alert(1)</script> News")
    at = run(MAP, date="2021-08-14", place="capital:mazar-i-sharif")
    body = all_html(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; News" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "<img" not in body


def test_places_page_searches_the_gazetteer_by_alias(store_path):
    at = run(PLACES)
    at.text_input(key="places_search").input("Qala-e-Naw").run()
    found = at.dataframe[0].value
    assert "capital:qala-i-naw" in set(found["place_id"])
    assert len(found) < 10


def test_places_page_lists_names_that_could_not_be_resolved(store_path):
    at = run(PLACES)
    assert len(at.dataframe) == 1
    ingest_fixture(store_path, "dashboard_hostile.txt", date(2021, 8, 14), "Wire")
    at = run(PLACES)
    unresolved = at.dataframe[1].value
    assert "Zorabadin" in set(unresolved["name"])


def test_play_steps_to_the_last_change_and_stops(store_path):
    at = run(MAP, date="2021-08-12")
    at.button(key="play").click().run()
    assert not at.exception
    assert at.slider(key="w_day").value == date(2021, 8, 13)
    assert at.button(key="play").proto.label == "▶ Play"


# -- issue 23: the dashboard as a newcomer finds it ------------------------------------------
