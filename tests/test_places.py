"""Tests of the committed gazetteer tables and their loader."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd
import pytest
from shapely.geometry import Point, shape
from shapely.ops import unary_union

from gazetteer import places as places_module
from gazetteer.places import (
    ALIAS_COLUMNS,
    PLACE_COLUMNS,
    PLACE_TYPES,
    PRECISIONS,
    Place,
    all_places,
    get_place,
    load_aliases,
    load_places,
    provinces_geojson,
)

NEIGHBOURS = {"Iran", "Pakistan", "Tajikistan", "Uzbekistan", "Turkmenistan", "China"}


@pytest.fixture(scope="module")
def places() -> pd.DataFrame:
    return load_places()


@pytest.fixture(scope="module")
def aliases() -> pd.DataFrame:
    return load_aliases()


@pytest.fixture(scope="module")
def province_shapes() -> dict:
    return {
        f["properties"]["province_id"]: shape(f["geometry"])
        for f in provinces_geojson()["features"]
    }


@pytest.fixture(scope="module")
def afghanistan(province_shapes):
    return unary_union(list(province_shapes.values()))


def of_type(places: pd.DataFrame, place_type: str) -> pd.DataFrame:
    return places[places["place_type"] == place_type]


def point(row) -> Point:
    return Point(row["longitude"], row["latitude"])


# ---------------------------------------------------------------- counts


def test_there_are_34_provinces_with_iso_codes(places):
    provinces = of_type(places, "province")
    assert len(provinces) == 34
    assert provinces["iso_3166_2"].str.fullmatch(r"AF-[A-Z]{3}").all()
    assert provinces["iso_3166_2"].is_unique
    assert (provinces["province_id"] == provinces["place_id"]).all()
    for name in ("Daykundi", "Panjshir", "Nuristan", "Khost"):
        assert name in set(provinces["name"])


def test_there_are_at_least_398_districts_each_in_a_province(places):
    districts = of_type(places, "district")
    assert len(districts) >= 398
    assert districts["province_id"].isin(of_type(places, "province").index).all()
    assert (districts["district"] == districts["name"]).all()


def test_each_province_has_exactly_one_capital_linked_to_it(places):
    capitals = of_type(places, "capital")
    assert len(capitals) == 34
    assert capitals["capital_of"].is_unique
    assert set(capitals["capital_of"]) == set(of_type(places, "province").index)
    assert (capitals["capital_of"] == capitals["province_id"]).all()


def test_there_are_at_least_15_border_crossings_with_a_neighbour_and_a_province(places):
    crossings = of_type(places, "border_crossing")
    assert len(crossings) >= 15
    assert crossings["country"].isin(NEIGHBOURS).all()
    assert crossings["province_id"].isin(of_type(places, "province").index).all()
    assert (crossings["district"] != "").all()


def test_neighbouring_countries_and_foreign_places_are_not_afghan(places):
    countries = of_type(places, "country")
    assert NEIGHBOURS <= set(countries["name"])
    foreign = of_type(places, "foreign_place")
    for name in ("Moscow", "Doha", "Chaman", "Termez", "Quetta", "Dushanbe", "Tehran"):
        assert name in set(foreign["name"])
    both = pd.concat([countries, foreign])
    assert (both["province_id"] == "").all()
    assert (both["iso_3166_2"] == "").all()
    # Afghanistan's own country row is the only one that names it
    assert list(both.loc[both["country"] == "Afghanistan", "place_id"]) == ["country:afghanistan"]
    assert foreign["country"].isin(set(countries["name"])).all()


def test_military_sites_include_bagram_and_kandahar_airfields(places):
    sites = of_type(places, "military_site")
    assert {"Bagram Airfield", "Kandahar Airfield"} <= set(sites["name"])


# ---------------------------------------------------------------- geometry


def test_there_are_34_province_outlines_matching_the_provinces(places, province_shapes):
    features = provinces_geojson()["features"]
    assert len(features) == 34
    assert set(province_shapes) == set(of_type(places, "province").index)
    for feature in features:
        props = feature["properties"]
        assert set(props) == {"province_id", "name", "iso_3166_2", "adm1_code"}
        assert places.loc[props["province_id"], "iso_3166_2"] == props["iso_3166_2"]


def test_every_province_point_lies_in_its_own_outline(places, province_shapes):
    for pid, row in of_type(places, "province").iterrows():
        assert province_shapes[pid].contains(point(row)), pid


def test_every_district_point_lies_inside_afghanistan(places, afghanistan):
    area = afghanistan.buffer(0.05)
    outside = [pid for pid, row in of_type(places, "district").iterrows()
               if not area.contains(point(row))]
    assert outside == []


def test_every_capital_lies_inside_its_own_province(places, province_shapes):
    wrong = [
        pid for pid, row in of_type(places, "capital").iterrows()
        if not province_shapes[row["province_id"]].buffer(0.02).contains(point(row))
    ]
    assert wrong == []


def test_every_border_crossing_is_near_the_border_and_in_its_province(
    places, province_shapes, afghanistan
):
    for pid, row in of_type(places, "border_crossing").iterrows():
        assert afghanistan.boundary.distance(point(row)) <= 0.3, pid
        assert province_shapes[row["province_id"]].buffer(0.1).contains(point(row)), pid


def test_foreign_places_lie_outside_afghanistan(places, afghanistan):
    inside = [pid for pid, row in of_type(places, "foreign_place").iterrows()
              if afghanistan.contains(point(row))]
    assert inside == []


# ---------------------------------------------------------------- known gaps and fixes


@pytest.mark.parametrize(
    ("name", "province"),
    [
        ("Sharak-e-Hayratan", "Balkh"),
        ("Chinarto", "Uruzgan"),
        ("Patoo", "Daykundi"),
        ("Gizab", "Uruzgan"),
    ],
)
def test_districts_missing_or_misplaced_in_geonames_are_in_the_right_province(
    places, name, province
):
    districts = of_type(places, "district")
    match = districts[districts["name"] == name]
    assert list(match["province"]) == [province]


def test_shared_names_stay_separate_places_in_their_own_provinces(places):
    districts = of_type(places, "district")
    baharak = set(districts.loc[districts["name"] == "Baharak", "province"])
    assert baharak == {"Badakhshan", "Takhar"}
    nawa = set(districts.loc[districts["name"].str.startswith("Nawa"), "province"])
    assert {"Helmand", "Ghazni"} <= nawa


def test_chaman_is_a_pakistani_town_not_an_alias_of_the_crossing(places, aliases):
    chaman = aliases[aliases["alias"] == "Chaman"]
    assert list(chaman["place_id"]) == ["foreign:chaman"]
    assert places.loc["foreign:chaman", "country"] == "Pakistan"


def test_capitals_carry_the_press_spellings(aliases):
    expected = {
        "capital:qala-i-naw": {"Qala-e-Naw", "Qala-e Naw", "Qal'ah-ye Naw", "Qala i Naw"},
        "capital:feroz-koh": {"Firozkoh", "Firuzkuh", "Chaghcharan", "Chakhcharan"},
        "capital:lashkar-gah": {"Lashkargah"},
        "capital:tarinkot": {"Tirin Kot", "Tarin Kowt"},
        "capital:mazar-i-sharif": {"Mazar-e Sharif", "Mazar"},
        "capital:sheberghan": {"Shibirghan", "Shiberghan"},
    }
    for pid, spellings in expected.items():
        have = set(aliases.loc[aliases["place_id"] == pid, "alias"])
        assert spellings <= have, (pid, spellings - have)


# ---------------------------------------------------------------- table integrity


def test_place_ids_are_unique_lowercase_slugs(places):
    assert places["place_id"].is_unique
    assert places["place_id"].str.fullmatch(r"[a-z_]+:[a-z0-9-]+(:[a-z0-9-]+)?").all()


def test_every_alias_points_at_an_existing_place(places, aliases):
    assert aliases["place_id"].isin(places.index).all()
    assert not aliases.duplicated(["place_id", "alias"]).any()
    assert (aliases["alias"].str.strip() != "").all()


def test_every_place_has_its_canonical_name_as_an_alias(places, aliases):
    pairs = set(zip(aliases["place_id"], aliases["alias"], strict=True))
    missing = [pid for pid, name in zip(places.index, places["name"], strict=True)
               if (pid, name) not in pairs]
    assert missing == []


def test_aliases_are_latin_script_only(aliases):
    def latin(text: str) -> bool:
        letters = [c for c in text if c.isalpha()]
        return bool(letters) and all(
            unicodedata.name(c, "").startswith("LATIN") for c in letters
        )

    non_latin = [a for a in aliases["alias"] if not latin(a)]
    assert non_latin == []


def test_every_row_has_a_type_precision_and_coordinate_source(places):
    assert places["place_type"].isin(PLACE_TYPES).all()
    assert places["precision"].isin(PRECISIONS).all()
    assert (places["coord_source"] != "").all()
    assert places["latitude"].between(-90, 90).all()
    assert places["longitude"].between(-180, 180).all()


def test_province_fallback_rows_have_province_precision(places):
    fallback = places[places["coord_source"] == "province fallback"]
    assert (fallback["precision"] == "province").all()
    for _, row in fallback.iterrows():
        prov = places.loc[row["province_id"]]
        assert (row["latitude"], row["longitude"]) == (prov["latitude"], prov["longitude"])


def test_afghan_rows_carry_province_and_iso_code(places):
    afghan = places[~places["place_type"].isin(["country", "foreign_place"])]
    assert (afghan["province_id"] != "").all()
    provinces = places.loc[afghan["province_id"]]
    assert list(afghan["province"]) == list(provinces["name"])
    assert list(afghan["iso_3166_2"]) == list(provinces["iso_3166_2"])
    non_crossing = afghan[afghan["place_type"] != "border_crossing"]
    assert (non_crossing["country"] == "Afghanistan").all()


# ---------------------------------------------------------------- loader


def test_loader_returns_the_documented_columns(places, aliases):
    assert list(places.columns) == list(PLACE_COLUMNS)
    assert list(aliases.columns) == list(ALIAS_COLUMNS)
    assert places["latitude"].dtype == float and places["longitude"].dtype == float
    assert places["geonames_id"].map(type).eq(str).all()
    assert list(places.index) == list(places["place_id"])


def test_loader_fails_when_a_column_is_missing(tmp_path, monkeypatch):
    table = load_places().drop(columns=["precision"])
    table.to_csv(tmp_path / "places.csv", index=False)
    monkeypatch.setattr(places_module, "DATA_DIR", tmp_path)
    with pytest.raises(ValueError, match="precision"):
        load_places.__wrapped__()


def test_get_place_returns_a_typed_place():
    herat = get_place("capital:herat")
    assert isinstance(herat, Place)
    assert herat.name == "Herat" and herat.capital_of == "province:herat"
    assert isinstance(herat.latitude, float)
    assert get_place("province:herat").iso_3166_2 == "AF-HER"


def test_get_place_raises_key_error_naming_an_unknown_id():
    with pytest.raises(KeyError, match=re.escape("district:nowhere:nothing")):
        get_place("district:nowhere:nothing")


def test_all_places_matches_the_table(places):
    everything = all_places()
    assert [p.place_id for p in everything] == list(places.index)
    assert all(isinstance(p, Place) for p in everything)


def test_every_renamed_place_points_at_a_current_place_and_no_old_id_remains():
    from gazetteer.places import load_renamed

    renamed = load_renamed()
    ids = set(load_places().index)
    assert renamed, "renamed_places.csv is read"
    assert set(renamed.values()) <= ids
    assert not set(renamed) & ids


def test_ghormach_is_filed_under_faryab():
    from gazetteer.resolve import resolve

    place = resolve("Ghormach district").place
    assert (place.place_id, place.province) == ("district:faryab:ghormach", "Faryab")
