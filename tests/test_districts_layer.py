"""The map's district shading: which districts are shaded how, and what each step sends."""

from __future__ import annotations

import folium
import pandas as pd
from streamlit_folium import _get_feature_group_string, _get_map_string

from dashboard_core import districts_layer as dl
from dashboard_core import mapview
from gazetteer.districts import area_shares


def states(*rows: tuple[str, str, str, bool, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["place_id", "place_type", "state", "unconfirmed",
                                       "since"])


def test_a_capital_shades_its_own_district_unless_the_district_has_a_report():
    frame = states(("capital:qala-i-naw", "capital", "taliban", False, "2021-07-07"),
                   ("capital:herat", "capital", "taliban", False, "2021-08-12"),
                   ("district:herat:herat", "district", "government", True, "2021-08-13"),
                   ("district:kunduz:imam-sahib", "district", "contested", False, "2021-06-21"),
                   ("district:helmand:nad-ali", "district", "none", False, ""),
                   ("province:badghis", "province", "partial", False, "2021-07-07"))
    assert dl.district_states(frame) == {
        "district:badghis:qala-i-naw": ("taliban", False, "2021-07-07"),
        "district:herat:herat": ("government", True, "2021-08-13"),
        "district:kunduz:imam-sahib": ("contested", False, "2021-06-21"),
    }


def test_counts_give_districts_per_side_and_their_share_of_the_area():
    frame = states(("district:kunduz:imam-sahib", "district", "taliban", False, "2021-06-21"),
                   ("district:helmand:dishu", "district", "taliban", False, "2021-07-01"),
                   ("district:kabul:kabul", "district", "government", False, "2021-07-01"),
                   ("district:herat:shindand", "district", "taliban", True, "2021-07-01"))
    c = dl.counts(dl.district_states(frame))
    shares = area_shares()
    assert c.held == {"taliban": 3, "government": 1, "contested": 0}
    assert c.unconfirmed == 1 and c.total == 404
    expected = sum(shares[d] for d in ("district:kunduz:imam-sahib", "district:helmand:dishu",
                                       "district:herat:shindand"))
    assert abs(c.area["taliban"] - expected) < 1e-9
    text = dl.counts_caption(c)
    assert text.startswith("Districts held: Taliban 3 (")
    assert "1 of them only claimed or disputed; 400 of 404 with no report yet" in text


def test_shading_only_drops_the_dots_of_districts_that_have_an_outline():
    frame = states(("district:kunduz:imam-sahib", "district", "taliban", False, "2021-06-21"),
                   ("district:kandahar:dand", "district", "taliban", False, "2021-07-01"),
                   ("capital:kunduz", "capital", "taliban", False, "2021-08-08"))
    kept = dl.markers_shown(frame, "shading")["place_id"].tolist()
    assert kept == ["district:kandahar:dand", "capital:kunduz"]
    assert len(dl.markers_shown(frame, "both")) == 3


def test_a_step_sends_states_and_no_geometry():
    frame = states(("capital:qala-i-naw", "capital", "taliban", False, "</script>"))
    base = dl.add_to(mapview.base_map())
    step = _get_feature_group_string(dl.step_layer(dl.district_states(frame), "2021-07-07"),
                                     base)
    assert len(step) < 2_000
    assert '"district:badghis:qala-i-naw":["taliban",0,"\\u0026lt;/script\\u0026gt;"]' in step
    assert "coordinates" not in step and "</script>" not in step
    # the base map only names the file the browser fetches once
    whole = _get_map_string(base)
    assert dl.DISTRICTS_URL in whole
    assert len(whole) - len(_get_map_string(mapview.base_map())) < 10_000


def test_the_base_map_fetches_the_province_outlines_instead_of_carrying_them():
    """Regression: the 34 outlines were written into the base map's script (60 KB), which
    every run of the page sent again, timeline steps included."""
    whole = _get_map_string(dl.add_to(mapview.base_map()))
    assert "Polygon" not in whole and len(whole) < 20_000
    assert dl.PROVINCES_URL in whole


def test_markers_only_turns_the_shading_off():
    step = _get_feature_group_string(dl.step_layer({}, "2021-07-07", "markers"), folium.Map())
    assert '"show":0' in step


def test_the_chart_draws_districts_held_by_each_side_over_time():
    from datetime import date

    events = pd.DataFrame({
        "place_id": ["capital:qala-i-naw", "district:kunduz:imam-sahib",
                     "district:kunduz:imam-sahib"],
        "place_type": ["capital", "district", "district"],
        "event_date": ["2021-07-07", "2021-07-05", "2021-07-08"],
        "new_controller": ["taliban", "taliban", "government"],
        "status": ["reported", "confirmed", "reported"], "scope": ["place"] * 3})
    before = pd.DataFrame({"date": pd.date_range("2021-07-05", "2021-07-09"),
                           "what": "Districts", "n": 99})
    out = dl.chart_counts(before, events, date(2021, 7, 5), date(2021, 7, 9), key="test")
    taliban = out[out["what"] == "Districts"]["n"].tolist()
    government = out[out["what"] == "Districts (government)"]["n"].tolist()
    assert taliban == [1, 1, 2, 1, 1]
    assert government == [0, 0, 0, 1, 1]
