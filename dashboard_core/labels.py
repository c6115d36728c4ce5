"""Where each place's name goes beside its marker, so no name covers another name or marker.

At country zoom the places of one province crowd together (Qala-i-Naw's name fell on the
Badghis marker, Herat's on Islam Qala's). Names are placed in screen pixels at each zoom the map
opens at (``ZOOMS``), in order of importance (capitals first): each takes the first side of its
marker (right, left, above, below) where its box touches no marker, no province name of the
base map and no name placed before it; a name with no free side is left to the tooltip.
Zooming in only spreads places apart, so what is clear at one zoom stays clear closer in.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

# Sides a name can take, tried in this order; "" means the name is not drawn.
SIDES = ("r", "l", "t", "b")
# The zooms names are placed for: the whole country at 1024 px opens at 5, wider at 6;
# anything closer uses the placement of 6, which only gets roomier.
ZOOMS = (5, 6)
# Measured from the marker label's font (600 11px system-ui): average glyph width and height.
_CHAR_W, _LINE_H, _GAP = 6.4, 13.0, 3.0
# The base map's province names (italic 10px), drawn centred 15 px above their point.
_PROV_CHAR_W, _PROV_H, _PROV_RISE = 5.4, 12.0, 15.0
_PRIORITY = {"capital": 0, "border_crossing": 1, "military_site": 2, "district": 3}


@dataclass(frozen=True)
class Box:
    """An axis-aligned box in screen pixels (y grows downwards)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def hits(self, other: Box) -> bool:
        return (self.x0 < other.x1 and other.x0 < self.x1
                and self.y0 < other.y1 and other.y0 < self.y1)


def project(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel coordinates, as Leaflet places a point at ``zoom``."""
    scale = 256 * 2 ** zoom
    x = (lon + 180) / 360 * scale
    s = math.sin(math.radians(lat))
    y = (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * scale
    return x, y


def marker_box(x: float, y: float, size: float) -> Box:
    half = size / 2
    return Box(x - half, y - half, x + half, y + half)


def label_box(x: float, y: float, size: float, text: str, side: str) -> Box:
    """The box of ``text`` on ``side`` of a marker of ``size`` pixels centred at (x, y)."""
    w, h, half = len(text) * _CHAR_W + 2, _LINE_H, size / 2
    if side == "r":
        return Box(x + half + _GAP, y - h / 2, x + half + _GAP + w, y + h / 2)
    if side == "l":
        return Box(x - half - _GAP - w, y - h / 2, x - half - _GAP, y + h / 2)
    if side == "t":
        return Box(x - w / 2, y - half - _GAP - h, x + w / 2, y - half - _GAP)
    return Box(x - w / 2, y + half + _GAP, x + w / 2, y + half + _GAP + h)


def province_name_box(lat: float, lon: float, name: str, zoom: int) -> Box:
    x, y = project(lat, lon, zoom)
    w = len(name) * _PROV_CHAR_W
    return Box(x - w / 2, y - _PROV_RISE - _PROV_H / 2, x + w / 2, y - _PROV_RISE + _PROV_H / 2)


@dataclass(frozen=True)
class Spot:
    """A marker on the map: its id, name, kind, position and size, and whether it is named."""

    place_id: str
    name: str
    place_type: str
    lat: float
    lon: float
    size: float
    named: bool


class _Grid:
    """Boxes filed by the cells of a coarse grid they cover, so a look-up checks only the
    boxes nearby (a timeline step with hundreds of named districts stays fast)."""

    CELL = 64.0

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[Box]] = {}

    def _keys(self, box: Box):
        c = self.CELL
        for i in range(int(box.x0 // c), int(box.x1 // c) + 1):
            for j in range(int(box.y0 // c), int(box.y1 // c) + 1):
                yield i, j

    def add(self, box: Box) -> None:
        for key in self._keys(box):
            self._cells.setdefault(key, []).append(box)

    def free(self, box: Box) -> bool:
        return not any(box.hits(other) for key in self._keys(box)
                       for other in self._cells.get(key, ()))


def inside(box: Box, frame: Box) -> bool:
    return frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1


def place_labels(spots: Iterable[Spot], zoom: int, obstacles: Iterable[Box] = (),
                 frame: Box | None = None) -> dict[str, str]:
    """The side of its marker each named spot's label takes at ``zoom`` ("" when none is
    free). With ``frame`` (the area the map always shows), a name must also lie inside it,
    so a place on the border is not named off the edge of a narrow map."""
    spots = list(spots)
    grid = _Grid()
    for box in obstacles:
        grid.add(box)
    at = {s.place_id: project(s.lat, s.lon, zoom) for s in spots}
    for s in spots:
        grid.add(marker_box(*at[s.place_id], s.size))
    out: dict[str, str] = {}
    named = sorted((s for s in spots if s.named),
                   key=lambda s: (_PRIORITY.get(s.place_type, 9), s.name, s.place_id))
    for s in named:
        x, y = at[s.place_id]
        out[s.place_id] = ""
        for side in SIDES:
            box = label_box(x, y, s.size, s.name, side)
            if grid.free(box) and (frame is None or inside(box, frame)):
                out[s.place_id] = side
                grid.add(box)
                break
    return out
