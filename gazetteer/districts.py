"""Read the committed district outlines (``gazetteer/data/districts.geojson``).

The layer is built by ``gazetteer.build_districts`` from geoBoundaries' ADM2 outlines; each
polygon carries the gazetteer district it was linked to (``district_id``, empty when none),
the province whose outline covers most of it, and its area. The map shades these polygons
by holder, the counts weigh districts by area, and the gazetteer build places districts
without a town of their own at their polygon's representative point.

What the dashboard needs (which districts have an outline, area shares) is read with json,
shapely and pyproj alone; geopandas is imported only by the functions that return frames.
"""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING

import shapely
from pyproj import Transformer
from shapely.geometry import shape

from gazetteer.places import DATA_DIR, load_places, provinces_geojson

if TYPE_CHECKING:
    import geopandas as gpd

LAYER_PATH = DATA_DIR / "districts.geojson"
# A Lambert equal-area projection centred on Afghanistan: areas and distances in metres.
AFGHAN_EQUAL_AREA = ("+proj=laea +lat_0=34 +lon_0=66 +x_0=0 +y_0=0 +datum=WGS84 +units=m "
                     "+no_defs")
_SLIVER_METRES = 5000.0


@cache
def _features() -> tuple[dict, ...]:
    with open(LAYER_PATH, encoding="utf-8") as f:
        return tuple(json.load(f)["features"])


def _to_equal_area(geom: shapely.Geometry) -> shapely.Geometry:
    forward = Transformer.from_crs("EPSG:4326", AFGHAN_EQUAL_AREA, always_xy=True)
    return shapely.transform(geom, forward.transform, interleaved=False)


@cache
def load_districts() -> gpd.GeoDataFrame:
    """The district polygons (WGS84), one row per outline, in the file's order."""
    import geopandas as gpd

    frame = gpd.GeoDataFrame.from_features(list(_features()), crs="EPSG:4326")
    frame["district_id"] = frame["district_id"].fillna("").astype(str)
    return frame


def representative_points() -> dict[str, tuple[float, float]]:
    """district_id -> (latitude, longitude) of a point surely inside its polygon.

    Read with plain shapely so that the gazetteer build gets the same point the tests check.
    """
    points = {}
    for feature in _features():
        district_id = feature["properties"].get("district_id") or ""
        if district_id:
            point = shape(feature["geometry"]).representative_point()
            points[district_id] = (round(point.y, 5), round(point.x, 5))
    return points


def unoutlined_districts() -> list[str]:
    """Gazetteer districts that have no polygon: the map draws them as points."""
    places = load_places()
    districts = places.index[places["place_type"] == "district"]
    linked = {f["properties"].get("district_id") for f in _features()}
    return [pid for pid in districts if pid not in linked]


@cache
def country_outline() -> shapely.Geometry:
    """Afghanistan as the district layer draws it (WGS84), for checking the border crossings.

    The union of the district polygons, with the gaps of the districts the layer lacks
    (some on the border, such as Spin Boldak, Kushk and Kaldar) filled from the province
    outlines. Slivers thinner than about 10 km between the two sources are not gaps, so the
    border stays the district layer's wherever it has a district.
    """
    import geopandas as gpd

    districts = load_districts().to_crs(AFGHAN_EQUAL_AREA)
    provinces = gpd.GeoDataFrame.from_features(provinces_geojson()["features"],
                                               crs="EPSG:4326").to_crs(AFGHAN_EQUAL_AREA)
    union = shapely.union_all(districts.geometry.to_numpy())
    gaps = shapely.union_all(provinces.geometry.to_numpy()).difference(union)
    gaps = gaps.buffer(-_SLIVER_METRES).buffer(_SLIVER_METRES)
    whole = shapely.union_all([union, gaps]).buffer(1).buffer(-1)
    parts = getattr(whole, "geoms", [whole])
    filled = shapely.MultiPolygon([shapely.Polygon(p.exterior) for p in parts])
    return gpd.GeoSeries([filled], crs=AFGHAN_EQUAL_AREA).to_crs("EPSG:4326").iloc[0]


@cache
def country_area_km2() -> float:
    """The area of the province outlines together: the country's area for the shares."""
    outlines = [shape(f["geometry"]) for f in provinces_geojson()["features"]]
    return _to_equal_area(shapely.union_all(outlines)).area / 1e6


@cache
def area_shares() -> dict[str, float]:
    """district_id -> its share of the country's area (``area_km2`` over the country's).

    Districts the layer lacks have no share, so shares add up to a little under one.
    """
    country = country_area_km2()
    return {f["properties"]["district_id"]: round(f["properties"]["area_km2"] / country, 6)
            for f in _features() if f["properties"].get("district_id")}
