"""Read the committed gazetteer tables (``gazetteer/data``).

Everything else in the project looks places up through this module. It needs only pandas and
the standard library: the GeoNames-derived packages are used by ``build_tables`` alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

import pandas as pd

DATA_DIR: Path = Path(__file__).resolve().parent / "data"

PLACE_COLUMNS: tuple[str, ...] = (
    "place_id",
    "name",
    "place_type",
    "province_id",
    "province",
    "district",
    "iso_3166_2",
    "latitude",
    "longitude",
    "precision",
    "coord_source",
    "country",
    "geonames_id",
    "capital_of",
)
ALIAS_COLUMNS: tuple[str, ...] = ("place_id", "alias", "source")
PLACE_TYPES: tuple[str, ...] = (
    "province",
    "district",
    "capital",
    "border_crossing",
    "military_site",
    "country",
    "foreign_place",
)
PRECISIONS: tuple[str, ...] = ("point", "district", "district_area", "province")


@dataclass(frozen=True)
class Place:
    """One row of places.csv."""

    place_id: str
    name: str
    place_type: str
    province_id: str
    province: str
    district: str
    iso_3166_2: str
    latitude: float
    longitude: float
    precision: str
    coord_source: str
    country: str
    geonames_id: str
    capital_of: str

    @property
    def is_afghan(self) -> bool:
        return self.place_type not in ("country", "foreign_place")


def _read_table(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    # every column as text first, so ids like geonames_id keep their exact spelling
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{path.name} lacks column(s) {', '.join(missing)}")
    return frame


@cache
def load_places() -> pd.DataFrame:
    """places.csv indexed by place_id; latitude/longitude are floats, the rest strings ("")."""
    frame = _read_table(DATA_DIR / "places.csv", PLACE_COLUMNS)
    if frame["place_id"].duplicated().any():
        dups = sorted(frame.loc[frame["place_id"].duplicated(), "place_id"])
        raise ValueError(f"places.csv repeats place_id(s): {', '.join(dups[:5])}")
    for col in ("latitude", "longitude"):
        frame[col] = pd.to_numeric(frame[col], errors="raise").astype(float)
    frame = frame.set_index("place_id", drop=False)
    frame.index.name = None
    return frame


@cache
def load_renamed() -> dict[str, str]:
    """Place ids the gazetteer has changed (old id -> current id), from renamed_places.csv.

    An id holds the province, so moving a district gives it a new id; stores made before
    carry the old one and rewrite it when they open.
    """
    frame = _read_table(DATA_DIR / "renamed_places.csv", ("old_id", "new_id", "note"))
    return dict(zip(frame["old_id"], frame["new_id"], strict=True))


@cache
def load_aliases() -> pd.DataFrame:
    """aliases.csv (place_id, alias, source); every value a string."""
    return _read_table(DATA_DIR / "aliases.csv", ALIAS_COLUMNS)


def _row_to_place(row: dict) -> Place:
    values = {}
    for f in fields(Place):
        value = row[f.name]
        values[f.name] = float(value) if f.name in ("latitude", "longitude") else str(value)
    return Place(**values)


@cache
def _places_by_id() -> dict[str, Place]:
    frame = load_places()
    return {
        row["place_id"]: _row_to_place(row)
        for row in frame[list(PLACE_COLUMNS)].to_dict(orient="records")
    }


def get_place(place_id: str) -> Place:
    """The place with this id; KeyError naming the id when there is none."""
    try:
        return _places_by_id()[place_id]
    except KeyError:
        where = DATA_DIR / "places.csv"
        raise KeyError(f"unknown place_id {place_id!r} (not in {where})") from None


@cache
def _all_places() -> tuple[Place, ...]:
    return tuple(_places_by_id().values())


def all_places() -> list[Place]:
    """Every place, in the order of places.csv."""
    return list(_all_places())


@cache
def provinces_geojson() -> dict:
    """The 34 province outlines as a parsed GeoJSON FeatureCollection."""
    with open(DATA_DIR / "provinces.geojson", encoding="utf-8") as f:
        return json.load(f)
