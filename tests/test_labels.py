"""Place names beside their markers: none covers another name or another marker."""

from __future__ import annotations

import pytest

from control_changes.store import open_store
from dashboard_core import data as d
from dashboard_core import mapview
from dashboard_core.labels import (
    ZOOMS,
    Spot,
    inside,
    label_box,
    marker_box,
    place_labels,
    project,
)


@pytest.fixture(scope="module")
def events(tmp_path_factory):
    with open_store(tmp_path_factory.mktemp("labels") / "seed.sqlite") as store:
        return store.events()


def _boxes(spots: list[Spot], sides: dict[str, str], zoom: int):
    labels, markers = {}, {}
    for s in spots:
        x, y = project(s.lat, s.lon, zoom)
        markers[s.place_id] = marker_box(x, y, s.size)
        if sides.get(s.place_id):
            labels[s.place_id] = label_box(x, y, s.size, s.name, sides[s.place_id])
    return labels, markers


def test_crowded_places_get_names_that_touch_nothing():
    """Three places a few kilometres apart, as Herat, Islam Qala and Qala-i-Naw are at
    country zoom: each name takes a free side or is left to the tooltip."""
    spots = [Spot("a", "Qala-i-Naw", "capital", 34.98735, 63.12891, 18, True),
             Spot("b", "Badghis", "district", 35.0, 63.3, 12, True),
             Spot("c", "Somewhere Long Named", "district", 34.95, 63.0, 12, True),
             Spot("d", "Unnamed", "district", 34.9, 63.2, 12, False)]
    for zoom in ZOOMS:
        sides = place_labels(spots, zoom)
        assert "d" not in sides
        labels, markers = _boxes(spots, sides, zoom)
        for pid, box in labels.items():
            assert not any(box.hits(m) for m in markers.values()), (zoom, pid)
            assert not any(box.hits(o) for q, o in labels.items() if q != pid), (zoom, pid)
        assert sides["a"], "the capital, placed first, always finds a side here"


@pytest.mark.parametrize("day", ["2021-07-08", "2021-08-13"])
def test_seed_map_names_cover_no_marker_and_no_name(events, day):
    """Regression (issue 23, item 2): on 8 July Qala-i-Naw's name was drawn over the Badghis
    marker, and the province ring lay over the Herat city marker."""
    states = d.place_states(events, day)
    layer = mapview.markers_geojson(states)
    ids = [f["properties"]["i"] for f in layer["features"]]
    assert "province:badghis" not in ids and "province:herat" not in ids
    areas = mapview.province_areas_geojson(states)
    assert "province:herat" in {f["properties"]["i"] for f in areas["features"]}
    points = mapview._point_rows(states)
    spots = [Spot(r.place_id, r.place, r.place_type, r.latitude, r.longitude,
                  mapview.SIZES[mapview.SHAPES[r.place_type]], mapview._named(r.place_type,
                                                                              r.state))
             for r in points.itertuples(index=False)]
    for i, zoom in enumerate(ZOOMS):
        sides = {f["properties"]["i"]: f["properties"]["l"][i].strip("-")
                 for f in layer["features"] if f["properties"]["l"]}
        labels, markers = _boxes(spots, sides, zoom)
        assert labels, "some names are drawn"
        # Inside the country's frame: a narrow map (1024 px) cut Islam Qala's name.
        assert all(inside(box, mapview._frame(zoom)) for box in labels.values()), zoom
        for pid, box in labels.items():
            assert not any(box.hits(m) for m in markers.values()), (zoom, pid)
            assert not any(box.hits(o) for q, o in labels.items() if q != pid), (zoom, pid)
