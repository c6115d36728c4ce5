"""The map component: the base rendered once, sent as st_folium itself sends it."""

from __future__ import annotations

import folium
import pytest
import streamlit_folium as sf

from dashboard_core import districts_layer as dl
from dashboard_core import map_component, mapview

SAME_AS_ST_FOLIUM = ["script", "header", "html", "key", "height", "width", "returned_objects",
                     "default", "zoom", "center", "return_on_hover", "layer_control",
                     "pixelated", "css_links", "js_links", "wrap_longitude"]


@pytest.fixture
def sent(monkeypatch):
    """What the page hands to the component's front end, one dict per call."""
    calls: list[dict] = []
    monkeypatch.setattr(sf, "_component_func", lambda **kwargs: calls.append(kwargs))
    return calls


def _layers() -> list[map_component.Layer]:
    shapes = ({"type": "FeatureCollection", "features": []},
              {"type": "FeatureCollection", "features": [{
                  "type": "Feature", "geometry": {"type": "Point", "coordinates": [62.2, 34.3]},
                  "properties": {"i": "capital:herat", "k": "circle", "s": "taliban", "u": 0,
                                 "y": "capital", "p": "capital:herat", "l": "rr",
                                 "t": ["Herat", "provincial capital", "Taliban", "reported"],
                                 "z": 500, "r": 0}}]})
    return [mapview.highlight_layer(["Herat"]),
            dl.step_script({"district:herat:herat": ("taliban", False, "2021-08-12")},
                           "2021-08-13"),
            mapview.markers_layer(shapes, "2021-08-13")]


def test_the_base_is_sent_as_st_folium_sends_it(sent):
    layers = _layers()
    sf.st_folium(dl.map_with_districts(), key="map", height=560, use_container_width=True,
                 feature_group_to_add=[map_component.folium_layer(layer, f"layer {i}")
                                       for i, layer in enumerate(layers)],
                 returned_objects=map_component.RETURNED, center=mapview.CENTER, zoom=6,
                 render=False)
    map_component.show(dl.map_with_districts, layers, key="map", height=560,
                       center=mapview.CENTER, zoom=6)
    theirs, ours = sent
    for name in SAME_AS_ST_FOLIUM:
        assert ours[name] == theirs[name], name
    assert set(ours) == set(theirs)
    assert ours["id"].startswith("map_")  # the folium map's own id, random per map


def test_each_layer_is_a_feature_group_the_front_end_can_remove(sent):
    layers = _layers()
    map_component.show(dl.map_with_districts, layers, key="map", height=560,
                       center=mapview.CENTER, zoom=6)
    script = sent[0]["feature_group"]
    for i, layer in enumerate(layers):
        name = f"feature_group_feature_group_{i}"
        assert f"var {name} = L.featureGroup" in script
        assert f"}})({name});\nmap_div.addLayer({name});" in script
        assert f"window.feature_group.push({name});" in script
        assert layer.body in script


def test_the_base_map_is_built_once_a_process(sent):
    built = []

    def make_base() -> folium.Map:
        built.append(1)
        return dl.map_with_districts()

    for day in ("2021-08-12", "2021-08-13"):
        map_component.show(make_base, [dl.step_script({}, day)], key="map", height=560,
                           center=mapview.CENTER, zoom=6)
    assert len(built) == 1
    assert sent[0]["script"] == sent[1]["script"]
    assert sent[0]["feature_group"] != sent[1]["feature_group"]


def test_a_day_sends_its_layers_and_no_outline():
    """Regression: every run sent the province outlines (65 KB) with the day's markers."""
    script = map_component.group_script(_layers()[1:])
    assert "Polygon" not in script and len(script) < 3_000


def test_text_in_a_layer_cannot_close_the_script():
    assert map_component.js_json({"t": "</script><b>"}) == (
        '{"t":"\\u003c/script\\u003e\\u003cb\\u003e"}')
