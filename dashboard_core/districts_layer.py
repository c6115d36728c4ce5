"""District shading on the map: every district filled by who held it on the chosen day.

The outlines are static, so they must not travel with each timeline step. The base map holds
only a small script that fetches ``districts.geojson`` and ``provinces.geojson`` (drawn twice:
as the land beneath everything, and as lines above the shading) from the gazetteer folder,
served as a Streamlit component folder; each step sends a feature group whose script sets
``window.cmDistrictStates`` (a few bytes a district) and restyles the polygons already drawn.
Fill is set by CSS classes on the paths (``cm-d-taliban``, ``cm-d-unconfirmed``…), with the
marker colours and patterns, and each path carries ``data-district`` and ``data-state`` so
tests can read the map.

A provincial capital is the seat of its own district, so that district takes the capital's
holder unless the district itself has a report of its own.
"""

from __future__ import annotations

import html
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date
from functools import cache

import folium
import pandas as pd
import streamlit.components.v1 as components
from branca.element import MacroElement
from jinja2 import Template

from control_changes.holdings import daily_controllers
from dashboard_core import mapview
from dashboard_core.data import SIDE_LABELS
from dashboard_core.map_component import Layer, folium_layer, js_json
from gazetteer.districts import area_shares, unoutlined_districts
from gazetteer.places import DATA_DIR, load_places

_data_folder = components.declare_component("gazetteer_data", path=str(DATA_DIR))
DISTRICTS_URL = f"../{_data_folder.name}/districts.geojson"
PROVINCES_URL = f"../{_data_folder.name}/provinces.geojson"

# What the map shows; the first is the default.
MODES = {"both": "Shaded districts and markers", "shading": "Shaded districts",
         "markers": "Markers only"}
DISTRICT_STATES = ("taliban", "government", "contested", "none")

DISTRICT_CSS = """
.cm-district { stroke: #a3a3a3; stroke-width: 0.6px; fill: #f6f3ec; fill-opacity: 0; }
.cm-district.cm-d-taliban { fill: #D55E00; fill-opacity: 0.72; }
.cm-district.cm-d-government { fill: #0072B2; fill-opacity: 0.6; stroke: #fff;
  stroke-width: 1.6px; }
.cm-district.cm-d-contested { fill: url(#cm-d-stripes); fill-opacity: 0.85; }
.cm-district.cm-d-unconfirmed { fill-opacity: 0.16; stroke-dasharray: 5 3;
  stroke-width: 2px; }
.cm-district.cm-d-unconfirmed.cm-d-taliban { stroke: #D55E00; }
.cm-district.cm-d-unconfirmed.cm-d-government { stroke: #0072B2; }
.cm-district.cm-d-unconfirmed.cm-d-contested { stroke: #CC79A7; fill: #CC79A7; }
.cm-district.cm-d-off { fill-opacity: 0; stroke-opacity: 0; }
.cm-border { stroke: #5f5f5f; stroke-width: 1.3px; fill: none; }
"""
# The stripes of "contested", as on the markers; an SVG pattern the CSS fill refers to.
_PATTERN_SVG = (
    '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
    '<pattern id="cm-d-stripes" width="8" height="8" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="4" height="8" fill="#F0E442"/>'
    '<rect x="4" width="4" height="8" fill="#CC79A7"/></pattern></defs></svg>')

_LEGEND_CSS = """
.cm-dlegend ul { list-style: none; padding: 0; margin: 0 0 8px; }
.cm-dlegend li { margin: 3px 0; font-size: 0.85rem; }
.cm-dswatch { display: inline-block; width: 24px; height: 14px; margin: 0 6px 0 2px;
  vertical-align: middle; border: 1px solid #a3a3a3; background: #f6f3ec; }
.cm-ds-taliban { background: rgba(213, 94, 0, 0.72); }
.cm-ds-government { background: rgba(0, 114, 178, 0.6); box-shadow: inset 0 0 0 2px #fff; }
.cm-ds-contested { background: repeating-linear-gradient(45deg, #F0E442 0 3px, #CC79A7 3px 6px); }
.cm-ds-unconfirmed { background: rgba(213, 94, 0, 0.16); border: 2px dashed #D55E00; }
"""

_BASE_JS = """
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  map.createPane('cmDistricts').style.zIndex = 405;
  var borders = map.createPane('cmBorders');
  borders.style.zIndex = 410;
  borders.style.pointerEvents = 'none';
  var byId = {}, labels = {{ this.labels }};
  window.cmRestyleDistricts = function() {
    var st = window.cmDistrictStates || {s: {}, show: 1, day: ''};
    Object.keys(byId).forEach(function(id) {
      var l = byId[id], v = st.s[id] || ['none', 0, ''], path = l.getElement();
      if (!path) { return; }
      path.setAttribute('class', 'leaflet-interactive cm-district cm-d-' + v[0]
        + (v[1] ? ' cm-d-unconfirmed' : '') + (st.show ? '' : ' cm-d-off'));
      path.setAttribute('data-district', l.cmId);
      path.setAttribute('data-state', v[0]);
      path.setAttribute('data-day', st.day);
      l.setTooltipContent('<b>' + l.cmName + '</b> (district)<br>' + labels[v[0]]
        + (v[2] ? ' since ' + v[2] : ''));
    });
  };
  map.createPane('cmLand').style.zIndex = 390;
  function draw(url, options) {
    return fetch(url).then(function(r) { return r.json(); })
      .then(function(data) { return L.geoJSON(data, options).addTo(map); });
  }
  draw('{{ this.districts_url }}', {pane: 'cmDistricts',
    style: {className: 'cm-district', weight: 0.6, color: '#a3a3a3', fillOpacity: 0},
    onEachFeature: function(f, l) {
      var p = f.properties, id = p.district_id || ('outline:' + p.shape_id);
      l.cmName = String(p.name).replace(/[&<>"']/g, '');
      l.bindTooltip(l.cmName, {sticky: true});
      l.cmId = id;
      byId[id] = l;
    }}).then(function() {
      window.cmDistrictsDrawn = true;
      window.cmRestyleDistricts();
    });
  // The provinces, fetched once: the land beneath everything, and their borders again
  // above the shading.
  fetch('{{ this.provinces_url }}').then(function(r) { return r.json(); }).then(function(data) {
    L.geoJSON(data, {pane: 'cmLand', interactive: false, style: {className: 'cm-land',
      color: '#7d7d7d', weight: 1, fillColor: '#f6f3ec', fillOpacity: 1}}).addTo(map);
    L.geoJSON(data, {pane: 'cmBorders', interactive: false,
      style: {className: 'cm-border', weight: 1.3, color: '#5f5f5f', fill: false}}).addTo(map);
  });
})();
{% endmacro %}
"""

@cache
def _compiled(template: str) -> Template:
    return Template(template)  # compiling takes longer than rendering: once per template


class _Script(MacroElement):
    """A bare script in the map's code, filled from this element's attributes."""

    def __init__(self, template: str, **values: str) -> None:
        super().__init__()
        self._name = "CmDistricts"
        self._template = _compiled(template)
        for key, value in values.items():
            setattr(self, key, value)


def add_to(base: folium.Map) -> folium.Map:
    """Put the district layer (fetched once by the browser) and the borders on ``base``."""
    base.get_root().header.add_child(folium.Element(f"<style>{DISTRICT_CSS}</style>"))
    base.get_root().html.add_child(folium.Element(_PATTERN_SVG))
    labels = {k: html.escape(SIDE_LABELS[k]) for k in DISTRICT_STATES}
    labels["none"] = "no change reported by this date"
    base.add_child(_Script(_BASE_JS, labels=js_json(labels), districts_url=DISTRICTS_URL,
                           provinces_url=PROVINCES_URL))
    return base


@cache
def _capital_districts() -> dict[str, str]:
    """capital place_id -> the district it is the seat of."""
    places = load_places()
    districts = places[places["place_type"] == "district"]
    by_name = {(p, n): i for i, p, n in zip(districts.index, districts["province_id"],
                                            districts["name"], strict=True)}
    capitals = places[places["place_type"] == "capital"]
    out = {}
    for cid, prov, dist in zip(capitals.index, capitals["province_id"], capitals["district"],
                               strict=True):
        if (prov, dist) in by_name:
            out[cid] = by_name[(prov, dist)]
    return out


# district_id -> (state, unconfirmed, since): the districts shaded on one day
Shading = dict[str, tuple[str, bool, str]]
_HELD = frozenset({"taliban", "government", "contested"})


def district_states(states: pd.DataFrame) -> Shading:
    """The districts with a holder on the day, from the places' states.

    Districts' own reports first; a capital's holder goes to its district when the district
    has none. "Partly taken" and "no change yet" leave a district unshaded. A plain loop:
    the states hold a few hundred places, where pandas' per-call cost would dominate.
    """
    if states.empty:
        return {}
    seats = _capital_districts()
    own: Shading = {}
    from_capitals: Shading = {}
    columns = ["place_id", "place_type", "state", "unconfirmed", "since"]
    for pid, kind, state, unconfirmed, since in states[columns].itertuples(index=False):
        if state not in _HELD:
            continue
        value = (state, bool(unconfirmed), "" if pd.isna(since) else str(since))
        if kind == "district":
            own[pid] = value
        elif kind == "capital" and pid in seats:
            from_capitals[seats[pid]] = value
    return {**from_capitals, **own}


def district_payload(shading: Shading, day: str, mode: str = "both") -> dict:
    """The districts' states on ``day`` as ``window.cmDistrictStates`` holds them."""
    return {"s": {d: [s, int(u), html.escape(since)] for d, (s, u, since) in
                  sorted(shading.items())},
            "show": int(mode != "markers"), "day": html.escape(day)}


def step_script(shading: Shading, day: str, mode: str = "both") -> Layer:
    """The per-step layer: the districts' states as data, no geometry."""
    return state_script(district_payload(shading, day, mode))


def state_script(payload: dict) -> Layer:
    """The per-step layer from ``district_payload``."""
    return Layer(f"window.cmDistrictStates = {js_json(payload)};\n"
                 "if (window.cmRestyleDistricts) { window.cmRestyleDistricts(); }")


def step_layer(shading: Shading, day: str, mode: str = "both") -> folium.FeatureGroup:
    """``step_script`` as a folium feature group."""
    return folium_layer(step_script(shading, day, mode), "District states")


def map_with_districts() -> folium.Map:
    """The base map with the district layer: what the page draws, built once a process."""
    return add_to(mapview.base_map())


@cache
def _unoutlined() -> frozenset[str]:
    return frozenset(unoutlined_districts())


def markers_shown(states: pd.DataFrame, mode: str) -> pd.DataFrame:
    """The markers a mode draws: with shading only, districts that have an outline drop
    their dot (the shading shows them); capitals, crossings, sites and provinces stay."""
    if mode != "shading" or states.empty:
        return states
    outlined = states["place_type"].eq("district") & ~states["place_id"].isin(_unoutlined())
    return states[~outlined]


# The chart's series for the districts each side holds (the Taliban's keeps the chart's name).
SERIES = {"taliban": "Districts", "government": "Districts (government)"}
_series_cache: dict[Hashable, pd.DataFrame] = {}


def chart_counts(counts: pd.DataFrame, events: pd.DataFrame, start: date, end: date,
                 key: Hashable) -> pd.DataFrame:
    """``counts`` (date, what, n) with the districts series drawn from the shading: per day,
    the districts held by the Taliban and by the government, capitals' districts included,
    as in the caption. Kept per ``key`` (the store version and filters), since a timeline
    step does not change it."""
    if key not in _series_cache:
        if len(_series_cache) >= 8:
            _series_cache.pop(next(iter(_series_cache)))
        _series_cache[key] = _district_series(events, start, end)
    rest = counts[~counts["what"].isin(SERIES.values())]
    return pd.concat([rest, _series_cache[key]], ignore_index=True)


def _district_series(events: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    days = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="D")
    grid = daily_controllers(events, start.isoformat(), end.isoformat()) if len(events) else None
    frames = []
    for side, label in SERIES.items():
        n = pd.Series(0, index=days)
        if grid is not None and not grid.empty:
            shaded = _shaded_columns(grid)
            n = (shaded == side).sum(axis=1).reindex(days).fillna(0).astype(int)
        frames.append(pd.DataFrame({"date": days, "what": label, "n": n.to_numpy()}))
    return pd.concat(frames, ignore_index=True)


def _shaded_columns(grid: pd.DataFrame) -> pd.DataFrame:
    """The day x place grid of holders reduced to one column per shaded district."""
    seats = _capital_districts()
    own = [c for c in grid.columns if str(c).startswith("district:")]
    caps = {c: seats[c] for c in grid.columns if c in seats and seats[c] not in set(own)}
    return pd.concat([grid[own], grid[list(caps)].rename(columns=caps)], axis=1)


@dataclass(frozen=True)
class DistrictCounts:
    """Districts each side held on the day, and their share of the country's area."""

    held: dict[str, int]
    area: dict[str, float]
    unconfirmed: int
    total: int


def counts(shading: Shading) -> DistrictCounts:
    """Shaded districts by holder, those only claimed or disputed included and also counted
    apart; the area is each side's districts' share of the country's."""
    shares = area_shares()
    held = dict.fromkeys(DISTRICT_STATES[:3], 0)
    area = dict.fromkeys(DISTRICT_STATES[:3], 0.0)
    for district_id, (state, _, _) in shading.items():
        held[state] += 1
        area[state] += shares.get(district_id, 0.0)
    unconfirmed = sum(1 for _, claimed_only, _ in shading.values() if claimed_only)
    return DistrictCounts(held, area, unconfirmed, _n_districts())


@cache
def _n_districts() -> int:
    return int((load_places()["place_type"] == "district").sum())


def counts_caption(c: DistrictCounts) -> str:
    """The counts in one sentence (plain text; numbers and fixed words only)."""
    parts = [f"{SIDE_LABELS[s].lower() if s != 'taliban' else 'Taliban'} {c.held[s]} "
             f"({c.area[s]:.1%} of the country's area)" for s in DISTRICT_STATES[:3]]
    shaded = sum(c.held.values())
    return (f"Districts held: {', '.join(parts)}; {c.unconfirmed} of them only claimed or "
            f"disputed; {c.total - shaded} of {c.total} with no report yet.")


def legend_html() -> str:
    """Swatches for the shading, drawn with CSS like the map's fills (the page strips SVG)."""
    rows = [("taliban", "Taliban"), ("government", "Government (white edge)"),
            ("contested", "Contested (striped)"),
            ("unconfirmed", "Only claimed, or disputed (pale, dashed edge)"),
            ("none", "No report yet")]
    items = "".join(f'<li><span class="cm-dswatch cm-ds-{s}"></span>{html.escape(t)}</li>'
                    for s, t in rows)
    return (f"<style>{_LEGEND_CSS}</style>"
            '<div class="cm-dlegend" role="list" aria-label="District legend">'
            f"<b>Districts, shaded by holder</b><ul>{items}</ul></div>")
