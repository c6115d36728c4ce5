"""The gazetteer as a geopy geocoder, and geodesic distances."""

from __future__ import annotations

from geopy.location import Location

from gazetteer.geocoder import GazetteerGeocoder, distance_km, geocode_with_fallback
from gazetteer.places import get_place


def test_geocode_returns_a_geopy_location_for_a_press_spelling():
    loc = GazetteerGeocoder().geocode("Qala-e Naw")
    assert isinstance(loc, Location)
    assert "Badghis" in loc.address
    assert loc.raw["place_id"] == "capital:qala-i-naw"


def test_ambiguous_name_gives_all_candidates_only_when_asked():
    geocoder = GazetteerGeocoder()
    assert geocoder.geocode("Baharak") is None
    assert len(geocoder.geocode("Baharak", exactly_one=False)) == 2


def test_foreign_and_unknown_names_give_none():
    geocoder = GazetteerGeocoder()
    assert geocoder.geocode("Moscow") is None
    assert geocoder.geocode("Atlantis") is None


def test_reverse_finds_the_nearest_place():
    herat = get_place("capital:herat")
    loc = GazetteerGeocoder().reverse((herat.latitude + 0.01, herat.longitude))
    assert loc.raw["place_id"] in {"capital:herat", "district:herat:herat"}


def test_geodesic_distance_kabul_to_kandahar_is_about_460_km():
    km = distance_km(get_place("capital:kabul"), get_place("capital:kandahar"))
    assert 430 < km < 500


def test_online_geocoder_is_used_only_when_passed_in():
    class Fake:
        calls = 0

        def geocode(self, query):
            Fake.calls += 1
            return "online"

    assert geocode_with_fallback("Atlantis") is None
    assert geocode_with_fallback("Atlantis", online=Fake()) == "online"
    assert geocode_with_fallback("Herat", online=Fake()).raw["place_id"] == "capital:herat"
    assert Fake.calls == 1
