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
from collections import namedtuple
from functools import cache, lru_cache
from pathlib import Path

import folium
import pandas as pd
import streamlit.components.v1 as components
import xyzservices
from folium import MacroElement
from folium.template import Template
from folium.utilities import JsCode

from dashboard_core.data import SIDE_LABELS, TYPE_LABELS, css_token
from dashboard_core.labels import (
    ZOOMS,
    Box,
    Spot,
    place_labels,
    project,
    province_name_box,
)
from dashboard_core.map_component import Layer, folium_layer, js_json
from dashboard_core.marker_script import ShowPlaces
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
.cm-label { display: none; }
.cm-label.cm-r, .cm-label.cm-l, .cm-label.cm-t, .cm-label.cm-b { display: block; }
.cm-label.cm-l { left: auto; right: 100%; margin-left: 0; margin-right: 3px; }
.cm-label.cm-t, .cm-label.cm-b { left: 50%; margin-left: 0; transform: translateX(-50%); }
.cm-label.cm-t { top: auto; bottom: 100%; margin-bottom: 3px; }
.cm-label.cm-b { top: 100%; margin-top: 3px; }
.cm-province-label { font: italic 10px system-ui, sans-serif; color: #6b6b6b;
  white-space: nowrap; text-align: center; pointer-events: none; }
.cm-far .cm-province-label { display: none; }
.leaflet-container { background: #dce8ee; }
html, body { overflow: hidden; }
"""

_LABEL_JS = JsCode("""
function(feature, latlng) {
  return L.marker(latlng, {interactive: false, keyboard: false,
    icon: L.divIcon({className: 'cm-icon', iconSize: [90, 14], iconAnchor: [45, 22],
      html: '<div class="cm-province-label">' + feature.properties.n + '</div>'})});
}
""")


class _Relabel(MacroElement):
    """On every zoom, give each name the side of its marker placed for that zoom (the
    ``data-sides`` letters, see ``_label_sides``; "-" hides it). Zoomed out to the whole
    country at 5, province names would crowd out the places' names, so they are hidden."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function(map) {
  function relabel() {
    var far = map.getZoom() < 6, i = far ? 0 : 1;
    map.getContainer().classList.toggle('cm-far', far);
    map.getContainer().querySelectorAll('.cm-label[data-sides]').forEach(function(el) {
      el.className = 'cm-label cm-' + el.dataset.sides.charAt(i);
    });
  }
  map.on('zoomend', relabel);
  relabel();
})({{ this._parent.get_name() }});
{% endmacro %}
""")


class OfflineMap(folium.Map):
    """A folium map whose Leaflet comes from the bundled copy, not a CDN."""

    default_js = [("leaflet", LEAFLET_JS)]
    default_css = [("leaflet_css", LEAFLET_CSS)]


@cache
def _outlines_by_id() -> dict[str, dict]:
    return {f["properties"]["province_id"]: f for f in provinces_geojson()["features"]}


@cache
def _province_points() -> tuple[tuple[str, float, float], ...]:
    p = load_places()
    prov = p[p["place_type"] == "province"]
    return tuple((r.name, float(r.latitude), float(r.longitude))
                 for r in prov.itertuples(index=False))


def base_map(with_tiles_option: bool = True) -> folium.Map:
    """The static map: province names, no tiles; cheap to rebuild. The outlines are drawn by
    ``districts_layer.add_to``, which the browser fetches once."""
    m = OfflineMap(location=CENTER, zoom_start=6, tiles=None, min_zoom=5, max_zoom=12,
                   control_scale=True, prefer_canvas=False, zoom_snap=0.5)
    m.get_root().header.add_child(folium.Element(f"<style>{MARKER_CSS}</style>"))
    labels = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
         "properties": {"n": html.escape(name)}} for name, lat, lon in _province_points()]}
    folium.GeoJson(labels, name="Province names", point_to_layer=_LABEL_JS,
                   interactive=False).add_to(m)
    if with_tiles_option:
        # The provider itself, not its name: folium would look a name up among a thousand
        # (10 ms of every run of the page).
        folium.TileLayer(xyzservices.providers.OpenStreetMap.Mapnik,
                         name="OpenStreetMap tiles (needs internet)", overlay=True, show=False,
                         control=True).add_to(m)
        folium.LayerControl(collapsed=True).add_to(m)
    _Relabel().add_to(m)
    ShowPlaces(SIZES, {k: html.escape(v) for k, v in SIDE_LABELS.items()}).add_to(m)
    m.fit_bounds(AFGHANISTAN_BOUNDS)
    return m


@cache
def _row_type(columns: tuple[str, ...]) -> type:
    return namedtuple("Row", columns)


def _rows(frame: pd.DataFrame) -> list:
    """The rows as named tuples, read column by column: ``itertuples`` reads Arrow-backed
    text columns value by value, which took most of the markers' time on a large store."""
    row = _row_type(tuple(frame.columns))
    columns = [frame[c].tolist() for c in frame.columns]
    return [row(*values) for values in zip(*columns, strict=True)]


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


def _label_sides(states: pd.DataFrame) -> dict[str, str]:
    """Per place, the side of its marker its name takes at each of ``labels.ZOOMS`` (one
    letter each, "-" for no name), e.g. "lr": left at zoom 5, right from zoom 6."""
    spots = tuple(Spot(str(r.place_id), str(r.place), str(r.place_type), float(r.latitude),
                       float(r.longitude), SIZES[SHAPES.get(r.place_type, "circle")],
                       _named(r.place_type, r.state))
                  for r in _rows(states))
    return _placed_labels(spots)


@lru_cache(maxsize=256)
def _placed_labels(spots: tuple[Spot, ...]) -> dict[str, str]:
    """Kept per set of markers: most timeline steps leave the named places as they were."""
    per_zoom = [place_labels(spots, z, _province_name_boxes(z) if z > 5 else (), _frame(z))
                for z in ZOOMS]
    return {pid: "".join(sides.get(pid) or "-" for sides in per_zoom)
            for pid in per_zoom[0]}


def _named(place_type: str, state: str) -> bool:
    """Capitals, crossings and sites are always named; districts once something happened."""
    return place_type in ("capital", "border_crossing", "military_site") or (
        place_type == "district" and state != "none")


@cache
def _frame(zoom: int) -> Box:
    """The country's bounds at ``zoom``, in pixels, with the 10 px the map leaves around them
    when it fits them to a narrow page."""
    (south, west), (north, east) = AFGHANISTAN_BOUNDS
    x0, y1 = project(south, west, zoom)
    x1, y0 = project(north, east, zoom)
    return Box(x0 - 10, y0 - 10, x1 + 10, y1 + 10)


@cache
def _province_name_boxes(zoom: int) -> tuple[Box, ...]:
    return tuple(province_name_box(lat, lon, name, zoom)
                 for name, lat, lon in _province_points())


def _point_rows(states: pd.DataFrame) -> pd.DataFrame:
    """Places drawn as markers: located, and not provinces (those are drawn as areas)."""
    located = states["latitude"].notna() & states["longitude"].notna()
    return states[located & (states["place_type"] != "province")]


def markers_geojson(states: pd.DataFrame) -> dict:
    """The places as GeoJSON points; every text property is HTML-escaped here.

    ``i`` is the place id as stored: a click on a marker reports its feature, and the page
    finds the place by that id (matching the clicked coordinates failed where two ways of
    rounding disagreed).
    """
    features = []
    points = _point_rows(states)
    sides = _label_sides(points)
    for row in _rows(points):
        shape = SHAPES.get(row.place_type, "circle")
        props = {
            "i": str(row.place_id),
            "k": shape, "s": row.state, "u": int(bool(row.unconfirmed)),
            "y": css_token(row.place_type), "p": html.escape(str(row.place_id).lower()),
            "l": sides.get(row.place_id, ""), "t": _tooltip(row),
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


# Province-wide reports shade the province's area, under every marker: drawn as a ring on
# the province's point they covered the capital's marker (Herat) and read as the city's.
_AREA_STYLE = {
    "taliban": {"fillColor": "#D55E00", "fillOpacity": 0.30, "color": "#D55E00"},
    "government": {"fillColor": "#0072B2", "fillOpacity": 0.22, "color": "#0072B2"},
    "contested": {"fillColor": "#F0E442", "fillOpacity": 0.35, "color": "#CC79A7"},
    "partial": {"fillColor": "#D55E00", "fillOpacity": 0.12, "color": "#D55E00",
                "dashArray": "6 4"},
    "none": {"fillOpacity": 0, "color": "#8c8c8c", "dashArray": "2 4"},
}


def province_areas_geojson(states: pd.DataFrame) -> dict:
    """Provinces with a province-wide report, as their outlines with the state's style.

    Each area carries the classes tests read (``cm-area cm-place-province-herat
    cm-partial``) and the place id. The district shading lies above it, so a province's
    history is opened from the Place history list.
    """
    provinces = states[states["place_type"] == "province"]
    if provinces.empty:
        return {"type": "FeatureCollection", "features": []}
    outlines = _outlines_by_id()
    features = []
    for row in _rows(provinces):
        outline = outlines.get(row.place_id)
        if outline is None:
            continue
        cls = (f"cm-area cm-place-{css_token(row.place_id)} cm-{row.state}"
               + (" cm-unconfirmed" if row.unconfirmed else ""))
        style = {**_AREA_STYLE.get(row.state, _AREA_STYLE["none"]), "weight": 2,
                 "className": cls}
        if row.unconfirmed:
            style["dashArray"] = "6 4"
        tip = _tooltip(row)
        features.append({"type": "Feature", "geometry": outline["geometry"], "properties": {
            "i": str(row.place_id), "style": style,
            "tip": f"<b>{tip[0]}</b> ({tip[1]})<br>{tip[2]}"}})
    return {"type": "FeatureCollection", "features": features}


def layer_shapes(states: pd.DataFrame) -> tuple[dict, dict]:
    """The per-date layer's data: province areas and place markers, as GeoJSON."""
    return province_areas_geojson(states), markers_geojson(states)


def places_payload(shapes: tuple[dict, dict], day: str = "") -> dict:
    """A day's areas and markers (``layer_shapes``) as ``cmDrawPlaces`` takes them."""
    areas, markers = shapes
    return {"day": html.escape(day), "areas": areas, "markers": markers}


def markers_layer(shapes: tuple[dict, dict], day: str = "") -> Layer:
    """The per-date layer from ``layer_shapes``: the province areas and the markers, shown
    by ``cmShowPlaces``. Every marker element carries ``data-day``, the date it shows, so a
    test or benchmark can tell when the map has caught up with the timeline."""
    return markers_layer_from(places_payload(shapes, day))


def markers_layer_from(places: dict) -> Layer:
    """``markers_layer`` from ``places_payload``."""
    return Layer(f"window.cmShowPlaces({js_json(places)});")


def marker_layer(states: pd.DataFrame, day: str = "",
                 shapes: tuple[dict, dict] | None = None) -> folium.FeatureGroup:
    """``markers_layer`` as a folium feature group (from ``shapes`` when the caller kept
    them from ``layer_shapes``)."""
    return folium_layer(markers_layer(shapes or layer_shapes(states), day), "Places")


def highlight_layer(province_names: list[str]) -> Layer:
    """Thick outlines around the provinces chosen in the filter."""
    chosen = set(province_names)
    feats = [f for f in provinces_geojson()["features"] if f["properties"]["name"] in chosen]
    if not feats:
        return Layer("")
    data = js_json({"type": "FeatureCollection", "features": feats})
    return Layer(f"L.geoJson({data}, {{interactive: false, style: {{color: '#222', weight: 3, "
                 "fillOpacity: 0}}).addTo(group);")


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
        ("circle", "partial", False, "Part of it reported taken (hatched)"),
        ("circle", "none", False, "Changes reported later, none yet on this date"),
    ]
    shapes = [
        ("circle", "Provincial capital"),
        ("dot", "District"),
        ("diamond", "Border crossing (neighbouring country in its tooltip)"),
        ("square", "Military site"),
    ]
    items = "".join(f'<li>{_swatch(s, st, u)}{html.escape(t)}</li>' for s, st, u, t in rows)
    items += '<li><span class="cm-check">\u2713</span>Reviewed by an analyst</li>'
    kinds = "".join(f'<li>{_swatch(s, "none")}{html.escape(t)}</li>' for s, t in shapes)
    kinds += ('<li><span class="cm-area-swatch"></span>Province shaded: a report on the whole '
              'province (dashed edge: part of it, or some of its districts)</li>')
    return (
        f'<style>{MARKER_CSS} .cm-legend ul{{list-style:none;padding:0;margin:0 0 8px}}'
        '.cm-legend li{margin:3px 0;font-size:0.85rem} .cm-legend b{font-size:0.9rem}'
        '.cm-area-swatch{display:inline-block;width:16px;height:12px;margin:0 6px 0 2px;'
        'vertical-align:middle;background:rgba(213,94,0,.15);border:2px dashed #D55E00}</style>'
        '<div class="cm-legend" role="list" aria-label="Map legend">'
        f'<b>Who holds it</b><ul>{items}</ul><b>What it is</b><ul>{kinds}</ul></div>'
    )


def clicked_place(out: dict | None, state, known: set[str]) -> str | None:
    """The id of the place whose marker or area was just clicked, once per click.

    ``out`` is what ``st_folium`` returned with ``last_active_drawing`` (the clicked feature,
    whose ``i`` is the place id) and ``last_object_clicked_count``; ``state`` (the session)
    remembers the count already seen. A new map counts from 0 again, so 0 resets it.
    """
    out = out or {}
    count = out.get("last_object_clicked_count") or 0
    if count == 0:
        state["cm_click_count"] = 0
        return None
    if count == state.get("cm_click_count"):
        return None
    state["cm_click_count"] = count
    place = ((out.get("last_active_drawing") or {}).get("properties") or {}).get("i")
    return place if place in known else None
