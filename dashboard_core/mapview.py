"""The folium map: a static base of province outlines and a per-date layer of place markers.

The base never changes between timeline steps, so streamlit-folium keeps the same Leaflet map
(no flash, zoom and pan kept) and only swaps the marker layer, passed as a feature group.
Each marker is a DivIcon whose element carries stable classes and data attributes
(``cm-place-capital-qala-i-naw cm-taliban``, ``data-state``) so tests can read the map state
from the DOM.

Leaflet is served from a copy bundled in ``assets/leaflet`` (BSD-2-Clause), registered as a
Streamlit component folder: the map works with no internet. A tile layer can be switched on
in the layer control where a tile server is reachable; it is off by default.
"""

from __future__ import annotations

import html
import json
from functools import cache
from pathlib import Path

import folium
import pandas as pd
import streamlit.components.v1 as components
from folium.utilities import JsCode

from dashboard_core.data import SIDE_LABELS, TYPE_LABELS, css_token
from gazetteer.places import load_places, provinces_geojson

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
# Declaring a component with a folder makes Streamlit serve that folder's files at
# /component/<name>/...; the st_folium iframe lives at /component/streamlit_folium.st_folium/,
# so a path relative to it works under any server base path.
_assets = components.declare_component("assets", path=str(ASSETS_DIR))
ASSET_URL = f"../{_assets.name}"
LEAFLET_JS = f"{ASSET_URL}/leaflet/leaflet.js"
LEAFLET_CSS = f"{ASSET_URL}/leaflet/leaflet.css"

AFGHANISTAN_BOUNDS = [[29.3, 60.4], [38.6, 75.0]]
CENTER = (33.9, 67.7)

# Okabe-Ito colours (distinguishable with the common colour-vision deficiencies); each state
# also has its own fill pattern, so nothing depends on colour alone.
COLOURS = {
    "taliban": "#D55E00",  # vermillion
    "government": "#0072B2",  # blue
    "contested": "#F0E442",  # yellow, striped with reddish purple
    "contested2": "#CC79A7",
    "partial": "#D55E00",
    "none": "#8c8c8c",
}
SHAPES = {"capital": "circle", "district": "dot", "province": "ring",
          "border_crossing": "diamond", "military_site": "square"}
SIZES = {"circle": 18, "dot": 12, "ring": 22, "diamond": 15, "square": 14}

MARKER_CSS = """
.cm-icon { background: none; border: none; }
.cm-marker { box-sizing: border-box; width: 100%; height: 100%; border: 2px solid #1a1a1a;
  background: #fff; }
.cm-circle, .cm-dot, .cm-ring { border-radius: 50%; }
.cm-diamond { transform: rotate(45deg) scale(0.92); border-radius: 2px; }
.cm-square { border-radius: 1px; }
.cm-taliban { background: #D55E00; }
.cm-government { background: #0072B2; box-shadow: inset 0 0 0 2px #fff; }
.cm-contested { background: repeating-linear-gradient(45deg, #F0E442 0 3px, #CC79A7 3px 6px); }
.cm-partial { background: repeating-linear-gradient(135deg, #D55E00 0 2px, #fff 2px 5px); }
.cm-none { background: #fff; border-color: #8c8c8c; border-width: 1.5px; opacity: 0.85; }
.cm-unconfirmed { border-style: dashed; border-width: 3px; background: #fff; box-shadow: none; }
.cm-unconfirmed.cm-taliban { border-color: #D55E00; }
.cm-unconfirmed.cm-government { border-color: #0072B2; }
.cm-unconfirmed.cm-contested { border-color: #CC79A7; }
.cm-unconfirmed.cm-partial { border-color: #D55E00; }
.cm-reviewed::after, .cm-check { content: "\\2713"; width: 11px; height: 11px;
  border-radius: 50%; background: #fff; border: 1px solid #1a7f37; color: #1a7f37;
  font: bold 9px/11px system-ui, sans-serif; text-align: center; }
.cm-reviewed::after { position: absolute; left: -7px; top: -7px; transform: none; }
.cm-check { display: inline-block; margin: 0 8px 0 4px; vertical-align: middle; }
.cm-label { position: absolute; left: 100%; top: 50%; transform: translateY(-50%);
  margin-left: 3px; font: 600 11px/1.1 system-ui, sans-serif; color: #1a1a1a;
  white-space: nowrap; pointer-events: none;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }
.cm-label.cm-left { left: auto; right: 100%; margin-left: 0; margin-right: 3px; }
.cm-province-label { font: italic 10px system-ui, sans-serif; color: #6b6b6b;
  white-space: nowrap; text-align: center; pointer-events: none; }
.leaflet-container { background: #dce8ee; }
html, body { overflow: hidden; }
"""

# Markers are built in the browser from short, already escaped properties, which keeps the
# layer sent at each timeline step small (about 200 bytes a place).
_MARKER_JS = """
function(feature, latlng) {
  var p = feature.properties, size = %(sizes)s[p.k], t = p.t;
  var html = '<div class="cm-marker cm-' + p.k + ' cm-' + p.s + (p.u ? ' cm-unconfirmed' : '')
    + (p.r ? ' cm-reviewed' : '')
    + ' cm-place-' + p.p.replace(/[^a-z0-9-]+/g, '-') + ' cm-type-' + p.y
    + '" data-place="' + p.p + '" data-state="' + p.s + '" data-status="' + t[3]
    + '" data-day="%(day)s" role="img" aria-label="' + t[0] + ': ' + %(labels)s[p.s]
    + '"></div>' + (p.n ? '<span class="cm-label' + (p.l ? ' cm-left' : '') + '">' + t[0]
    + '</span>' : '');
  var m = L.marker(latlng, {
    icon: L.divIcon({className: 'cm-icon', html: html, iconSize: [size, size],
                     iconAnchor: [size / 2, size / 2]}),
    keyboard: true, riseOnHover: true, zIndexOffset: p.z
  });
  m.bindTooltip('<b>' + t[0] + '</b> (' + t[1] + ')<br>' + t[2]);
  return m;
}
"""
_LABEL_JS = JsCode("""
function(feature, latlng) {
  return L.marker(latlng, {interactive: false, keyboard: false,
    icon: L.divIcon({className: 'cm-icon', iconSize: [90, 14], iconAnchor: [45, 22],
      html: '<div class="cm-province-label">' + feature.properties.n + '</div>'})});
}
""")


class OfflineMap(folium.Map):
    """A folium map whose Leaflet comes from the bundled copy, not a CDN."""

    default_js = [("leaflet", LEAFLET_JS)]
    default_css = [("leaflet_css", LEAFLET_CSS)]


@cache
def _outlines_json() -> str:
    return json.dumps(provinces_geojson())


@cache
def _province_points() -> tuple[tuple[str, float, float], ...]:
    p = load_places()
    prov = p[p["place_type"] == "province"]
    return tuple((r.name, float(r.latitude), float(r.longitude))
                 for r in prov.itertuples(index=False))


def base_map(with_tiles_option: bool = True) -> folium.Map:
    """The static map: province outlines and names, no tiles; cheap to rebuild."""
    m = OfflineMap(location=CENTER, zoom_start=6, tiles=None, min_zoom=5, max_zoom=12,
                   control_scale=True, prefer_canvas=False)
    m.get_root().header.add_child(folium.Element(f"<style>{MARKER_CSS}</style>"))
    folium.GeoJson(
        json.loads(_outlines_json()),
        name="Province outlines",
        style_function=lambda _f: {"color": "#7d7d7d", "weight": 1, "fillColor": "#f6f3ec",
                                   "fillOpacity": 1},
        control=False,
        interactive=False,
    ).add_to(m)
    labels = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
         "properties": {"n": html.escape(name)}} for name, lat, lon in _province_points()]}
    folium.GeoJson(labels, name="Province names", point_to_layer=_LABEL_JS,
                   interactive=False).add_to(m)
    if with_tiles_option:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap tiles (needs internet)",
                         overlay=True, show=False, control=True).add_to(m)
        folium.LayerControl(collapsed=True).add_to(m)
    m.fit_bounds(AFGHANISTAN_BOUNDS)
    return m


def _tooltip(row) -> list[str]:
    """Name, what and where, state line, status: each escaped, joined into HTML in the browser."""
    kind = TYPE_LABELS.get(row.place_type, row.place_type)
    where = [kind]
    if row.province and row.place_type != "province":
        where.append(f"{row.province} province")
    if row.place_type == "border_crossing" and row.country and row.country != "Afghanistan":
        where.append(f"border with {row.country}")
    state = SIDE_LABELS.get(row.state, row.state)
    if row.state == "none":
        line = "no change reported by this date"
    else:
        line = f"{state} since {row.since} ({row.status})"
    return [html.escape(str(row.place)), html.escape(", ".join(where)), html.escape(line),
            html.escape(str(row.status))]


def _labels_left(states: pd.DataFrame) -> set[str]:
    """Places whose name goes left of the marker: another place sits just east of them."""
    lat = states["latitude"].astype(float).to_numpy()
    lon = states["longitude"].astype(float).to_numpy()
    ids = states["place_id"].to_numpy()
    left = set()
    for i in range(len(ids)):
        dx = lon - lon[i]
        near = (dx > 0) & (dx < 1.6) & (abs(lat - lat[i]) < 0.3)
        if near.any():
            left.add(ids[i])
    return left


def markers_geojson(states: pd.DataFrame) -> dict:
    """The places as GeoJSON points; every text property is HTML-escaped here."""
    features = []
    labelled = states[states["place_type"].isin(["capital", "border_crossing", "military_site"])
                      | ((states["place_type"] == "district") & (states["state"] != "none"))]
    left = _labels_left(labelled) if len(labelled) <= 400 else set()
    for row in states.itertuples(index=False):
        if pd.isna(row.latitude) or pd.isna(row.longitude):
            continue
        shape = SHAPES.get(row.place_type, "circle")
        # Provinces already carry their name on the base map; districts are named only once
        # something happened to them by this date.
        labelled_here = row.place_type in ("capital", "border_crossing", "military_site") or (
            row.place_type == "district" and row.state != "none")
        props = {
            "k": shape, "s": row.state, "u": int(bool(row.unconfirmed)),
            "y": css_token(row.place_type), "p": html.escape(str(row.place_id).lower()),
            "n": int(labelled_here), "l": int(row.place_id in left), "t": _tooltip(row),
            "z": {"none": 0, "partial": 100}.get(row.state, 500),
            "r": int(bool(getattr(row, "reviewed", False))),
        }
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point",
                         "coordinates": [round(float(row.longitude), 5),
                                         round(float(row.latitude), 5)]},
            "properties": props,
        })
    return {"type": "FeatureCollection", "features": features}


def marker_layer(states: pd.DataFrame, day: str = "") -> folium.FeatureGroup:
    """The per-date layer. Every marker element carries ``data-day``, the date it shows, so a
    test or benchmark can tell when the map has caught up with the timeline."""
    fg = folium.FeatureGroup(name="Places")
    js = _MARKER_JS % {"sizes": json.dumps(SIZES), "day": html.escape(day),
                       "labels": json.dumps({k: html.escape(v) for k, v in SIDE_LABELS.items()})}
    folium.GeoJson(markers_geojson(states), name="places", point_to_layer=JsCode(js),
                   control=False).add_to(fg)
    return fg


def province_highlight(province_names: list[str]) -> folium.FeatureGroup:
    """Thick outlines around the provinces chosen in the filter."""
    fg = folium.FeatureGroup(name="Chosen provinces")
    if province_names:
        chosen = set(province_names)
        data = provinces_geojson()
        feats = [f for f in data["features"] if f["properties"]["name"] in chosen]
        if feats:
            folium.GeoJson({"type": "FeatureCollection", "features": feats},
                           style_function=lambda _f: {"color": "#222", "weight": 3,
                                                      "fillOpacity": 0, "dashArray": None},
                           interactive=False, control=False).add_to(fg)
    return fg


def province_view(province_names: list[str]) -> tuple[tuple[float, float], int] | None:
    """Centre and zoom that frame the chosen provinces, or None for the whole country."""
    if not province_names:
        return None
    pts = [(lat, lon) for name, lat, lon in _province_points() if name in set(province_names)]
    if not pts:
        return None
    lats, lons = [p[0] for p in pts], [p[1] for p in pts]
    span = max(max(lats) - min(lats), max(lons) - min(lons))
    zoom = 8 if span < 1 else 7 if span < 3 else 6
    return ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2), zoom


def _swatch(shape: str, state: str, unconfirmed: bool = False) -> str:
    size = SIZES[shape]
    cls = f"cm-marker cm-{shape} cm-{state}" + (" cm-unconfirmed" if unconfirmed else "")
    return (f'<span style="display:inline-block;width:{size}px;height:{size}px;'
            f'vertical-align:middle;margin:0 6px 0 2px"><span class="{cls}" '
            f'style="display:block"></span></span>')


def legend_html() -> str:
    """The legend, using the same CSS classes as the markers."""
    rows = [
        ("circle", "taliban", False, "Held by the Taliban"),
        ("circle", "government", False, "Held by the government (white inner ring)"),
        ("circle", "contested", False, "Contested: fighting inside (striped)"),
        ("circle", "taliban", True, "Dashed and hollow: only claimed, or disputed"),
        ("ring", "partial", False, "Part of a province or some districts reported taken"),
        ("circle", "none", False, "Changes reported later, none yet on this date"),
    ]
    shapes = [
        ("circle", "Provincial capital"),
        ("dot", "District"),
        ("diamond", "Border crossing (neighbouring country in its tooltip)"),
        ("square", "Military site"),
        ("ring", "Province (partial or counted reports)"),
    ]
    items = "".join(f'<li>{_swatch(s, st, u)}{html.escape(t)}</li>' for s, st, u, t in rows)
    items += '<li><span class="cm-check">\u2713</span>Reviewed by an analyst</li>'
    kinds = "".join(f'<li>{_swatch(s, "none")}{html.escape(t)}</li>' for s, t in shapes)
    return (
        f'<style>{MARKER_CSS} .cm-legend ul{{list-style:none;padding:0;margin:0 0 8px}}'
        '.cm-legend li{margin:3px 0;font-size:0.85rem} .cm-legend b{font-size:0.9rem}</style>'
        '<div class="cm-legend" role="list" aria-label="Map legend">'
        f'<b>Who holds it</b><ul>{items}</ul><b>What it is</b><ul>{kinds}</ul></div>'
    )
