"""The browser's code that shows a day's places on the map, rendered once in the base map.

Markers are built in the browser from short, already escaped properties (``mapview``'s
``markers_geojson``), which keeps the layer sent at each timeline step small (about 200
bytes a place). A day's layer is data only (``mapview.markers_layer``), and a day the
browser already holds (``step_ahead``) is drawn by the same code.
"""

from __future__ import annotations

from folium import MacroElement
from folium.template import Template

from dashboard_core.map_component import js_json


class ShowPlaces(MacroElement):
    """``window.cmShowPlaces(places)``: show a day's province areas and markers
    (``mapview.places_payload``).

    They live in a layer of the base map's own, not in the day's feature group (which the
    front end empties on every run): a place that looks the same as on the day shown keeps
    its marker, and only its ``data-day`` is set to the new day. Drawing every marker again
    on each step took most of a step with a few hundred markers.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function(map) {
  var sizes = {{ this.sizes }}, labels = {{ this.labels }};
  var layer = L.featureGroup().addTo(map), shown = {};
  window.cmPlacesLayer = layer;
  function marker(feature, day) {
    var p = feature.properties, size = sizes[p.k], t = p.t, c = feature.geometry.coordinates;
    var zi = map.getZoom() < 6 ? 0 : 1;
    var html = '<div class="cm-marker cm-' + p.k + ' cm-' + p.s + (p.u ? ' cm-unconfirmed' : '')
      + (p.r ? ' cm-reviewed' : '')
      + ' cm-place-' + p.p.replace(/[^a-z0-9-]+/g, '-') + ' cm-type-' + p.y
      + '" data-place="' + p.p + '" data-state="' + p.s + '" data-status="' + t[3]
      + '" data-day="' + day + '" role="img" aria-label="' + t[0] + ': ' + labels[p.s]
      + '"></div>' + (p.l ? '<span class="cm-label cm-' + p.l.charAt(zi) + '" data-sides="'
      + p.l + '">' + t[0] + '</span>' : '');
    var m = L.marker([c[1], c[0]], {
      icon: L.divIcon({className: 'cm-icon', html: html, iconSize: [size, size],
                       iconAnchor: [size / 2, size / 2]}),
      keyboard: true, riseOnHover: true, zIndexOffset: p.z
    });
    m.feature = feature;
    m.bindTooltip('<b>' + t[0] + '</b> (' + t[1] + ')<br>' + t[2]);
    return m;
  }
  function area(feature) {
    return L.geoJson(feature, {style: function(f) { return f.properties.style; },
      onEachFeature: function(f, l) { l.bindTooltip(f.properties.tip, {sticky: true}); }});
  }
  window.cmShowPlaces = function(places) {
    var next = {};
    function keep(kind, feature, make) {
      var key = kind + feature.properties.i, json = JSON.stringify(feature), old = shown[key];
      if (old && old.json === json) {
        delete shown[key];
      } else {
        old = {json: json, layer: make(feature, places.day)};
        layer.addLayer(old.layer);
      }
      next[key] = old;
      return old.layer;
    }
    places.areas.features.forEach(function(f) { keep('a:', f, area); });
    places.markers.features.forEach(function(f) {
      var el = keep('m:', f, marker).getElement();
      var div = el && el.querySelector('.cm-marker');
      if (div) { div.setAttribute('data-day', places.day); }
    });
    Object.keys(shown).forEach(function(key) { layer.removeLayer(shown[key].layer); });
    shown = next;
    window.cmPlaces = places;
  };
})({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, sizes: dict[str, int], labels: dict[str, str]) -> None:
        """``sizes``: marker size by shape; ``labels``: the states' words, escaped."""
        super().__init__()
        self._name = "CmShowPlaces"
        self.sizes = js_json(sizes)
        self.labels = js_json(labels)
