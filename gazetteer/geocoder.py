"""A geopy geocoder over the bundled gazetteer: offline, fast, and aware of Afghan spellings.

``GazetteerGeocoder`` answers ``geocode`` and ``reverse`` like any geopy geocoder, returning
``geopy.location.Location`` objects, so code written for geopy works on the gazetteer with no
network. An online geocoder (Nominatim and the like) is never needed; anyone who wants one
can pass a geopy geocoder explicitly to ``geocode_with_fallback``.
"""

from __future__ import annotations

from geopy.distance import geodesic
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from gazetteer.index import FOREIGN_TYPES
from gazetteer.places import Place, all_places
from gazetteer.resolve import resolve


def _location(place: Place) -> Location:
    address = ", ".join(x for x in (place.name, place.district if place.district != place.name
                                    else "", place.province, place.country) if x)
    raw = {k: getattr(place, k) for k in place.__dataclass_fields__}
    return Location(address, Point(place.latitude, place.longitude), raw)


def distance_km(a: Place | tuple[float, float], b: Place | tuple[float, float]) -> float:
    """Geodesic distance in kilometres between two places or (lat, lon) pairs."""
    def point(x):
        return (x.latitude, x.longitude) if isinstance(x, Place) else x
    return geodesic(point(a), point(b)).km


class GazetteerGeocoder(Geocoder):
    """geopy-compatible geocoder backed by the gazetteer tables (no network access)."""

    def geocode(self, query: str, *, exactly_one: bool = True, context: str | None = None,
                include_foreign: bool = False):
        """Resolve ``query``; ambiguous names give every candidate unless ``exactly_one``."""
        res = resolve(query, context=context)
        if res.status == "resolved":
            places = [res.place]
        elif res.status == "ambiguous":
            places = list(res.candidates)
        elif res.status == "foreign" and include_foreign:
            places = list(res.candidates)
        else:
            return None
        if exactly_one:
            return _location(places[0]) if len(places) == 1 else None
        return [_location(p) for p in places]

    def reverse(self, query, *, exactly_one: bool = True, limit: int = 5,
                place_types: tuple[str, ...] = ("capital", "district", "border_crossing")):
        """The nearest gazetteer places to a point ("lat, lon", tuple or geopy Point)."""
        point = Point(query)
        here = (point.latitude, point.longitude)
        candidates = [p for p in all_places()
                      if p.place_type in place_types and p.place_type not in FOREIGN_TYPES]
        ranked = sorted(candidates, key=lambda p: distance_km(here, p))
        if not ranked:
            return None
        if exactly_one:
            return _location(ranked[0])
        return [_location(p) for p in ranked[:limit]]


def geocode_with_fallback(query: str, online: Geocoder | None = None, **kwargs):
    """The gazetteer first; an online geopy geocoder only when one is passed in (opt-in)."""
    found = GazetteerGeocoder().geocode(query, **kwargs)
    if found is None and online is not None:
        return online.geocode(query)
    return found
