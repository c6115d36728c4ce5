"""Map page: who held which place on the chosen day, with the sentence behind every dot.

Run with ``streamlit run dashboard.py`` (or ``make run``). The store is
``data/conflict_map.sqlite`` unless ``CONFLICT_MAP_DB`` names another file; it is built from
``seeds/`` on first start.
"""

from __future__ import annotations

import html
import time
from datetime import date

import streamlit as st
from streamlit_folium import st_folium

from dashboard_core import chart, districts_layer, mapview, ui
from dashboard_core import data as d

PLAY_PAUSE_S = 0.8
RECENT_ROWS = 200

ui.setup_page("Map")
ui.init_state()
data = ui.load()
events = data.events()
# Filters and date come from the session (the widgets' values are already there); the map is
# drawn first, so the browser starts loading it early, and the widgets are drawn after it
# into containers placed above it and in the sidebar.
filters = ui.current_filters()

st.title(ui.APP_TITLE)

bounds = data.bounds()
if bounds is None:
    ui.sidebar_filters()
    ui.credits(data)
    st.info("No dated change of control in the store yet. Add articles on the "
            "'Add articles' page.")
    ui.write_url()
    st.stop()
first_day, last_day = bounds
ss = st.session_state
if ss["cm_day"] is None:
    ss["cm_day"] = last_day
ss["cm_day"] = min(max(ss["cm_day"], first_day), last_day)
if ss.get("w_day") is not None and not first_day <= ss["w_day"] <= last_day:
    ui.request("day", ss["cm_day"])
day: date = ss["cm_day"]

filtered = data.filtered(filters)
days = data.days(filters) or data.days(d.Filters())
states = data.states(filters, day)
shown = d.filter_states(states, filters)

timeline_box = st.container()
metrics_box = st.container()
col_map, col_side = st.columns([3, 1])

# -- map -------------------------------------------------------------------------------------
with col_map:
    if shown.empty:
        st.info("No places match these filters on this date.")
    base = districts_layer.add_to(mapview.base_map())
    mode = ss.get("map_layers") or "both"
    shading = districts_layer.district_states(shown)
    layers = [mapview.province_highlight(list(filters.provinces)),
              districts_layer.step_layer(shading, day.isoformat(), mode),
              mapview.marker_layer(districts_layer.markers_shown(shown, mode), day.isoformat())]
    view = mapview.province_view(list(filters.provinces))
    center, zoom = view if view else (mapview.CENTER, 6)
    out = st_folium(base, key="map", height=600, use_container_width=True,
                    feature_group_to_add=layers, returned_objects=["last_object_clicked"],
                    center=center, zoom=zoom)
    clicked = (out or {}).get("last_object_clicked")
    if clicked and clicked != ss.get("cm_last_click"):
        ss["cm_last_click"] = clicked
        lat, lng = round(float(clicked["lat"]), 4), round(float(clicked["lng"]), 4)
        hit = shown[(shown["latitude"].astype(float).round(4) == lat)
                    & (shown["longitude"].astype(float).round(4) == lng)]
        if not hit.empty:
            ui.request("place", hit.iloc[0]["place_id"])


# -- timeline --------------------------------------------------------------------------------
def _go(direction: int) -> None:
    target = d.step(days, ss["cm_day"], direction)
    if target is not None:
        ui.request("day", target)


def _toggle_play() -> None:
    ss["cm_playing"] = not ss.get("cm_playing", False)
    if ss["cm_playing"] and d.step(days, ss["cm_day"], +1) is None:
        ui.request("day", first_day)  # start again from the beginning


with timeline_box:
    ui.bound_widget("day", st.slider, label="Date", min_value=first_day, max_value=last_day,
                    format="YYYY-MM-DD",
                    help="Drag to any day; the buttons jump between days with changes.")
    c_prev, c_next, c_play, c_head = st.columns([1.2, 1.1, 0.8, 4.5],
                                                vertical_alignment="center")
    c_prev.button("◀ Previous change", on_click=_go, args=(-1,), width="stretch",
                  disabled=d.step(days, day, -1) is None, key="prev_change")
    c_next.button("Next change ▶", on_click=_go, args=(+1,), width="stretch",
                  disabled=d.step(days, day, +1) is None, key="next_change")
    playing = ss.get("cm_playing", False)
    c_play.button("⏸ Pause" if playing else "▶ Play", on_click=_toggle_play, width="stretch",
                  key="play", help="Step through the offensive, one change day at a time.")
    c_head.subheader(f"Situation on {ui.day_label(day)}")

# -- figures ---------------------------------------------------------------------------------
fig = d.figures(states, filtered, day,
                crossings_total=len(filters.crossings) if filters.crossings
                else len(ui.crossings()))
with metrics_box:
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Provincial capitals held by the Taliban",
              f"{fig.capitals_taliban} of {fig.capitals_total}")
    m2.metric("Border crossings held by the Taliban",
              f"{fig.crossings_taliban} of {fig.crossings_total}",
              help="Out of the border crossings in the gazetteer (or those chosen in the "
                   "filter).")
    m3.metric("Districts reported taken", fig.districts_taliban + fig.districts_counted,
              help="Named districts held by the Taliban, plus districts counted in reports "
                   "such as 'five districts in Herat'.")
    m4.metric("Places contested", fig.contested)
    note = [f"Districts: {fig.districts_taliban} named, {fig.districts_counted} counted in "
            "reports"]
    if fig.all_districts_of:
        note.append("all districts reported fallen in " + ", ".join(fig.all_districts_of))
    st.caption(ui.md_escape("; ".join(note) + "."))
    st.caption(districts_layer.counts_caption(districts_layer.counts(shading)))

with col_side:
    st.radio("Map shows", list(districts_layer.MODES), format_func=districts_layer.MODES.get,
             key="map_layers")
    st.html(districts_layer.legend_html())
    st.html(mapview.legend_html())
    with_events = events.drop_duplicates("place_id").sort_values(["place", "place_type"])
    labels = {}
    for pid, name, t, prov in with_events[["place_id", "place", "place_type",
                                           "province"]].itertuples(index=False):
        where = f", {prov}" if prov and t != "province" else ""
        labels[pid] = f"{name} ({d.TYPE_LABELS.get(t, t)}{where})"
    if ss.get("cm_place") and ss["cm_place"] not in labels:
        by_name = {v.split(" (")[0].casefold(): k for k, v in labels.items()}
        ss["cm_place"] = by_name.get(str(ss["cm_place"]).casefold(), "")
        ss.pop("w_place", None)
    ui.bound_widget("place", st.selectbox, label="Place history",
                    options=["", *labels], format_func=lambda p: labels.get(p, "Choose a place…"),
                    help="Click a marker on the map, or choose a place here.")

# -- chosen place ----------------------------------------------------------------------------
place_id = ss.get("cm_place") or ""
if place_id:
    history = d.place_history(place_id, events, data.linked())
    if history:
        head = history[0]
        st.subheader(f"History of {ui.md_escape(head['place'])}")
        now = states[states["place_id"] == place_id]
        if not now.empty:
            row = now.iloc[0]
            st.caption(f"On {day.isoformat()}: {d.SIDE_LABELS.get(row['state'], row['state'])}"
                       + (f" since {row['since']} ({row['status']})" if row["since"] else ""))
        parts = []
        for ev in history:
            when = ev["event_date"] or "undated"
            side = d.SIDE_LABELS.get(ev["side"], ev["side"])
            scope = {"place": "", "partial": " (part of it)",
                     "count": f" ({ev['count'] if ev['count'] > 0 else 'all'} districts)"}
            srcs = "".join(
                f"<li><span class='cm-src'>{html.escape(m['outlet'] or 'unknown outlet')}, "
                f"published {html.escape(m['published'] or 'date unknown')}"
                f"{' (date inferred)' if m['published_source'] == 'inferred' else ''}"
                f" · {html.escape(m['status'])}</span><br><q>{html.escape(m['evidence'])}</q></li>"
                for m in ev["mentions"])
            parts.append(
                f"<div class='cm-change'><b>{html.escape(when)}</b> · "
                f"{html.escape(side)}{html.escape(scope.get(ev['scope'], ''))} · "
                f"<i>{html.escape(ev['status'])}</i> "
                f"({ev['n_stories']} stor{'y' if ev['n_stories'] == 1 else 'ies'}, "
                f"{ev['n_articles']} article{'' if ev['n_articles'] == 1 else 's'})"
                f"<ul>{srcs}</ul></div>")
        st.html("<style>.cm-change{margin:0 0 10px;padding:6px 10px;border-left:4px solid #ccc}"
                ".cm-change ul{margin:4px 0 0 0}.cm-change li{margin:3px 0}"
                ".cm-src{color:#555;font-size:0.85rem}</style>"
                f"<div class='cm-history' data-place='{html.escape(place_id)}'>"
                + "".join(parts) + "</div>")

# -- counts over time ------------------------------------------------------------------------
st.subheader("Held by the Taliban over time")
counts = districts_layer.chart_counts(data.counts(filters, first_day, last_day), filtered,
                                      first_day, last_day, (data.path, data.version, filters))
if counts["n"].sum() == 0:
    st.caption("No capital, crossing or district changes hands under these filters.")
else:
    st.markdown(chart.counts_svg(counts, day), unsafe_allow_html=True)

# -- tables ----------------------------------------------------------------------------------
# Both tables fill in only once opened: a data grid on the first screen makes the browser
# fetch some 170 more script files, which held the map back by most of a second.
COLUMNS = ["event_date", "place", "place_type", "province", "country", "new_controller",
           "status", "scope", "count", "n_stories", "outlets", "evidence"]


def _lazy_table(label: str, key: str, rows, columns: list[str], empty: str) -> None:
    """An expander whose table is built only while it is open."""
    box = st.expander(f"{label} ({len(rows)})", key=key, on_change="rerun")
    if not box.open:
        return
    with box:
        if rows.empty:
            st.caption(empty)
            return
        if len(rows) > RECENT_ROWS:
            st.caption(f"The first {RECENT_ROWS} shown; the Events page lists them all.")
        st.dataframe(rows.head(RECENT_ROWS)[columns], hide_index=True, width="stretch")


upto = d.filter_controller(d.up_to(filtered, day), filters).sort_values("event_date",
                                                                       ascending=False)
_lazy_table(f"Changes up to {day.isoformat()}", "map_changes", upto, COLUMNS,
            "No events match these filters.")
_lazy_table("Undated: not on the timeline", "map_undated",
            d.filter_controller(d.undated(filtered), filters), COLUMNS[1:],
            "No undated events match these filters.")

ui.sidebar_filters()
ui.credits(data)
ui.write_url()

if playing:
    nxt = d.step(days, day, +1)
    if nxt is None:
        ss["cm_playing"] = False
        st.rerun()
    else:
        time.sleep(PLAY_PAUSE_S)
        ui.request("day", nxt)
        st.rerun()
