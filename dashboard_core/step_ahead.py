"""The days the timeline's buttons lead to, sent ahead so the map steps without waiting.

A step through the server (the click, the page's script, the map's new layers coming back
and Streamlit's front end drawing the page again) took 250 to 300 ms on the seeds, most of
it outside the map. So each run also sends, for the days "Previous change" and "Next change"
lead to, what the map would show there, as the difference from the day shown (a change day
moves a few places; the rest is not sent again). The base map's script listens for clicks
on those two buttons in the page around it (the map's frame is served by the same server,
so it may) and draws the day it holds at the next frame. The click still goes to the
server, whose run brings the rest of the page and draws the same day again.

Only one step is held: a second click before the server has answered waits for it. Where
the page cannot be reached (another origin), nothing is drawn ahead and the server's run
draws the map as before.
"""

from __future__ import annotations

from dataclasses import dataclass

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from dashboard_core import districts_layer, mapview
from dashboard_core.map_component import Layer, js_json

# The timeline buttons' keys (Streamlit gives a widget's element the class st-key-<key>).
BUTTON_KEYS = {"prev": "prev_change", "next": "next_change"}


@dataclass(frozen=True)
class DayMap:
    """What the map shows on one day: ``places`` for ``cmShowPlaces``, ``districts`` for
    ``cmDistrictStates`` (each holds the day, as the browser shows it)."""

    places: dict
    districts: dict


def day_map(shown: pd.DataFrame, day: str, mode: str) -> DayMap:
    """The map on ``day`` from the places' states there (``shown``: filtered), drawn in
    ``mode`` (``districts_layer.MODES``)."""
    shading = districts_layer.district_states(shown)
    shapes = mapview.layer_shapes(districts_layer.markers_shown(shown, mode))
    return DayMap(mapview.places_payload(shapes, day),
                  districts_layer.district_payload(shading, day, mode))


def _by_id(features: list[dict]) -> dict[str, dict]:
    return {f["properties"]["i"]: f for f in features}


def _changes(now: dict, then: dict) -> tuple[dict, list]:
    """What differs in ``then`` from ``now`` (values new or changed), and the keys gone."""
    return ({k: v for k, v in then.items() if now.get(k) != v},
            [k for k in now if k not in then])


def difference(shown: DayMap, other: DayMap) -> dict:
    """``other`` as the browser rebuilds it from ``shown``: the province areas and markers
    that differ or are new, by place id, and the ids of those gone; the same for districts.
    A change day moves a few places, so this is a small part of a day's layers."""
    out: dict = {"day": other.places["day"]}
    for kind in ("areas", "markers"):
        changed, gone = _changes(_by_id(shown.places[kind]["features"]),
                                 _by_id(other.places[kind]["features"]))
        out[kind] = {"changed": list(changed.values()), "gone": gone}
    changed, gone = _changes(shown.districts["s"], other.districts["s"])
    out["districts"] = {"changed": changed, "gone": gone}
    return out


def ahead_layer(shown: DayMap, prev: DayMap | None, next_: DayMap | None) -> Layer:
    """The layer that hands the browser the neighbouring days (``cmAhead``).

    It also keeps the front end's own click handler, which it attaches to every layer after
    evaluating the day's script, so markers drawn ahead report clicks too (the name is
    checked: another version of streamlit-folium leaves them without it until the server's
    run draws them again).
    """
    payload = {"from": shown.places["day"],
               "prev": difference(shown, prev) if prev else None,
               "next": difference(shown, next_) if next_ else None}
    return Layer(f"window.cmAhead = {js_json(payload)};\n"
                 "window.cmOnLayerClick = typeof onLayerClick === 'function' ? onLayerClick "
                 ": null;")


class _StepAhead(MacroElement):
    """``window.cmStepAhead(which)`` and the listener that calls it on the page's buttons."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function() {
  var keys = {{ this.keys }};
  window.cmStepAhead = function(which) {
    var ahead = window.cmAhead, d = ahead && ahead[which], now = window.cmPlaces;
    window.cmAhead = null;
    if (!d || !now || ahead.from !== now.day) { return false; }
    // The features of the day shown, with those that differ replaced in place, new ones
    // last, and those gone left out.
    function merged(features, changes) {
      var byId = {}, order = [];
      features.forEach(function(f) {
        byId[f.properties.i] = f;
        order.push(f.properties.i);
      });
      changes.gone.forEach(function(i) { delete byId[i]; });
      changes.changed.forEach(function(f) {
        if (!(f.properties.i in byId)) { order.push(f.properties.i); }
        byId[f.properties.i] = f;
      });
      return {type: 'FeatureCollection', features: order
        .filter(function(i) { return i in byId; }).map(function(i) { return byId[i]; })};
    }
    var districts = window.cmDistrictStates || {s: {}, show: 1};
    var s = Object.assign({}, districts.s, d.districts.changed);
    d.districts.gone.forEach(function(k) { delete s[k]; });
    window.cmDistrictStates = {s: s, show: districts.show, day: d.day};
    window.cmShowPlaces({day: d.day, areas: merged(now.areas.features, d.areas),
                         markers: merged(now.markers.features, d.markers)});
    if (window.cmRestyleDistricts) { window.cmRestyleDistricts(); }
    var click = window.cmOnLayerClick;
    if (click) {
      window.cmPlacesLayer.eachLayer(function(layer) {
        (layer.getLayers ? layer.getLayers() : [layer]).forEach(function(l) {
          l.off('click', click);
          l.on('click', click);
        });
      });
    }
    return true;
  };
  var page;
  try { page = window.parent.document; } catch (err) { return; }
  if (!page || page === document) { return; }
  function onClick(event) {
    var frame = window.frameElement;
    if (!frame || !frame.isConnected) {
      page.removeEventListener('click', onClick, true);
      return;
    }
    var button = event.target && event.target.closest ? event.target.closest('button') : null;
    if (!button || button.disabled) { return; }
    var which = Object.keys(keys).filter(function(k) {
      return button.closest('.st-key-' + keys[k]);
    })[0];
    // Only scheduled here, so the page's own handler sends the click to the server at
    // once; the map is drawn at the next frame.
    if (which) { requestAnimationFrame(function() { window.cmStepAhead(which); }); }
  }
  page.addEventListener('click', onClick, true);
})();
{% endmacro %}
""")

    def __init__(self) -> None:
        super().__init__()
        self._name = "CmStepAhead"
        self.keys = js_json(BUTTON_KEYS)


def page_map() -> folium.Map:
    """The dashboard's base map: the districts' base, and the listener for steps ahead."""
    base = districts_layer.map_with_districts()
    _StepAhead().add_to(base)
    return base
