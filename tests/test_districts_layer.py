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
    rows = dl.district_states(frame).set_index("district_id")
    assert rows.loc["district:badghis:qala-i-naw", "state"] == "taliban"
    assert rows.loc["district:herat:herat", "state"] == "government"
    assert bool(rows.loc["district:herat:herat", "unconfirmed"])
    assert rows.loc["district:kunduz:imam-sahib", "state"] == "contested"
    assert "district:helmand:nad-ali" not in rows.index
    assert len(rows) == 3


def test_counts_give_districts_per_side_and_their_share_of_the_area():
    frame = states(("district:kunduz:imam-sahib", "district", "taliban", False, "2021-06-21"),
                   ("district:helmand:dishu", "district", "taliban", False, "2021-07-01"),
                   ("district:kabul:kabul", "district", "government", False, "2021-07-01"),
                   ("district:herat:shindand", "district", "taliban", True, "2021-07-01"))
    c = dl.counts(frame)
    shares = area_shares()
    assert c.held == {"taliban": 2, "government": 1, "contested": 0}
    assert c.unconfirmed == 1 and c.total == 404
    expected = shares["district:kunduz:imam-sahib"] + shares["district:helmand:dishu"]
    assert abs(c.area["taliban"] - expected) < 1e-9
    text = dl.counts_caption(c)
    assert text.startswith("Districts held: Taliban 2 (")
    assert "400 of 404 with no report yet" in text


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
    step = _get_feature_group_string(dl.step_layer(frame, "2021-07-07"), base)
    assert len(step) < 2_000
    assert '"district:badghis:qala-i-naw":["taliban",0,"\\u0026lt;/script\\u0026gt;"]' in step
    assert "coordinates" not in step and "</script>" not in step
    # the base map only names the file the browser fetches once
    whole = _get_map_string(base)
    assert dl.DISTRICTS_URL in whole
    assert len(whole) - len(_get_map_string(mapview.base_map())) < 10_000


def test_markers_only_turns_the_shading_off():
    step = _get_feature_group_string(dl.step_layer(states(), "2021-07-07", "markers"),
                                     folium.Map())
    assert '"show":0' in step
