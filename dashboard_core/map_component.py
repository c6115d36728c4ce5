"""The map on the page: streamlit-folium's front end, fed with a base rendered once.

``st_folium`` renders the whole folium map again on every run of the page: on a timeline step
that took 30 to 60 ms before the map's update could leave the server, for a base that never
changes. Here the base map's script, header and html are rendered once per process with
streamlit-folium's own functions, and each run adds only the day's layers, as the script its
front end evaluates for ``feature_group_to_add``: each layer builds
``feature_group_feature_group_N``, adds it to ``map_div`` and pushes it on
``window.feature_group``, which the front end empties before the next day's layers.

A layer is a piece of JavaScript that adds its Leaflet layers to ``group`` (``Layer.body``);
``folium_layer`` wraps the same script in a folium ``FeatureGroup``, for pages that draw the
map through ``st_folium`` itself (the benchmark's reference page).

streamlit-folium is pinned (pyproject.toml); ``tests/test_map_component.py`` checks that the
arguments sent here are those ``st_folium`` sends for the same map, so an upgrade that
changes them fails there rather than on the page.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import folium
import streamlit as st
import streamlit_folium as sf
from branca.element import MacroElement
from jinja2 import Template

RETURNED = ["last_active_drawing", "last_object_clicked_count"]


def js_json(value: object) -> str:
    """JSON that is safe inside a script: no character can close the script element."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass(frozen=True)
class Layer:
    """One of the day's layers: ``body`` adds Leaflet layers to the variable ``group``."""

    body: str


@dataclass(frozen=True)
class _Base:
    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


@cache
def _base(make_base: Callable[[], folium.Map]) -> _Base:
    """The static map's arguments, as ``st_folium(..., render=False)`` computes them."""
    base = make_base()
    base.render()
    html, header = sf._get_html(base), sf._get_header(base)
    script = sf._get_map_string(base)
    css: list[str] = []
    js: list[str] = []
    for element in _elements(base):
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
    return _Base(script, header, html, sf.get_full_id(base), tuple(dict.fromkeys(css)),
                 tuple(dict.fromkeys(js)))


@cache
def _hash_key(script: str, key: str) -> str:
    """The component's key, as ``st_folium`` derives it from the base map's script (a regex
    pass and a digest of it, the same on every run)."""
    return sf.generate_js_hash(script, key, False)


def _elements(element):
    """Every element of the map that loads scripts or style sheets of its own."""
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _elements(child)


def group_script(layers: list[Layer]) -> str:
    """The feature-group script the front end evaluates for the day's ``layers``."""
    parts = []
    for i, layer in enumerate(layers):
        name = f"feature_group_feature_group_{i}"
        parts.append(f"var {name} = L.featureGroup({{}});\n"
                     f"(function(group) {{\n{layer.body}\n}})({name});\n"
                     f"map_div.addLayer({name});\n"
                     "window.feature_group = window.feature_group || [];\n"
                     f"window.feature_group.push({name});\n")
    return "".join(parts)


def show(make_base: Callable[[], folium.Map], layers: list[Layer], *, key: str, height: int,
         center: tuple[float, float], zoom: int) -> dict | None:
    """Draw the map (the base ``make_base`` returns, built once) with the day's ``layers``;
    returns what the reader did on it, as ``st_folium`` does (``RETURNED``)."""
    base = _base(make_base)
    hash_key = _hash_key(base.script, key)

    def on_change() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})

    return sf._component_func(
        script=base.script, header=base.header, html=base.html, id=base.map_id,
        key=hash_key, height=height, width=None, returned_objects=RETURNED,
        default=dict.fromkeys(RETURNED), zoom=zoom, center=center,
        feature_group=group_script(layers), return_on_hover=False, layer_control=None,
        pixelated=False, css_links=list(base.css_links), js_links=list(base.js_links),
        on_change=on_change, wrap_longitude=False)


class _Body(MacroElement):
    """A layer's script inside a folium feature group (``group`` is the group)."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function(group) {
{{ this.body }}
})({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, body: str) -> None:
        super().__init__()
        self._name = "CmLayer"
        self.body = body


def folium_layer(layer: Layer, name: str) -> folium.FeatureGroup:
    """``layer`` as a folium feature group, for ``st_folium``'s ``feature_group_to_add``."""
    group = folium.FeatureGroup(name=name, control=False)
    group.add_child(_Body(layer.body))
    return group
