"""Write the tables people take away: events.csv, mentions.csv and events.geojson.

Article text is untrusted, and a CSV opened in a spreadsheet runs any cell that starts like a
formula. Text cells starting with = + - @ (or a tab, carriage return or line feed, after any
spaces) are prefixed with an apostrophe, which spreadsheets show as text; numbers are left
alone. The GeoJSON is written by geopandas.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d",
                  "\uff20")


def guard_cell(value: object) -> object:
    """Neutralise a text cell a spreadsheet would read as a formula.

    Leading spaces do not make a cell safe (some spreadsheets trim them on import), and the
    full-width forms of = + - @ count too.
    """
    if isinstance(value, str) and (value.startswith(_FORMULA_START)
                                   or value.lstrip(" \u00a0").startswith(_FORMULA_START)):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are guarded (see ``guard_cell``)."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(guard_cell)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    return spreadsheet_safe(frame).to_csv(index=False).encode("utf-8")


def events_frame(events: pd.DataFrame) -> gpd.GeoDataFrame:
    """The events with a point each (WGS84); events without coordinates are left out."""
    missing = pd.Series(float("nan"), index=events.index)
    lat = pd.to_numeric(events.get("latitude", missing), errors="coerce")
    lon = pd.to_numeric(events.get("longitude", missing), errors="coerce")
    keep = (lat.notna() & lon.notna()).to_numpy()
    points = gpd.points_from_xy(lon[keep], lat[keep], crs="EPSG:4326")
    return gpd.GeoDataFrame(events[keep].reset_index(drop=True), geometry=points)


def events_geojson(events: pd.DataFrame) -> dict:
    """A FeatureCollection with one point per event; every column becomes a property."""
    return events_frame(events).to_geo_dict(na="null", drop_id=True)


def events_geojson_text(events: pd.DataFrame) -> str:
    """``events_geojson`` as JSON text (UTF-8 characters kept, dates as ISO strings)."""
    return events_frame(events).to_json(na="null", drop_id=True, ensure_ascii=False,
                                        default=str)


def write_outputs(events: pd.DataFrame, mentions: pd.DataFrame, out_dir: Path) -> list[Path]:
    """Write the three files into ``out_dir`` (created if needed); return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "events.csv", out_dir / "mentions.csv", out_dir / "events.geojson"]
    paths[0].write_bytes(to_csv_bytes(events))
    paths[1].write_bytes(to_csv_bytes(mentions))
    paths[2].write_text(events_geojson_text(events), encoding="utf-8")
    return paths
