"""Map page: who held which place on the chosen day, with the sentence behind every dot.

Everything that follows the chosen day is one fragment (``day_view``): a timeline step, Play,
a click on the map or a change of layers reruns it alone, and the title, the sidebar's filters
and the credits stay as they are (re-drawing them too made a step about 7 % slower). A filter
changes what the whole page shows, so it reruns the whole page.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import streamlit as st

from dashboard_core import data as d
from dashboard_core import districts_layer, map_component, mapview, step_ahead, tables, ui
from dashboard_core.history import history_html

RECENT_ROWS = 200
# Height of the slider and the row of buttons, kept free while the map draws first.
TIMELINE_PX = 118
# Seconds between two days while playing, by speed.
PLAY_PAUSE_S = {"Slow": 1.0, "Normal": 0.4, "Fast": 0.05}

ss = st.session_state


def _day(first_day: date, last_day: date) -> date:
    """The chosen day, kept inside the timeline (a link's date outside it is said so)."""
    if (asked := ss.pop("cm_url_day", None)) and not first_day <= asked <= last_day:
        ui.note_url(f"date={asked.isoformat()} is outside the timeline "
                    f"({first_day.isoformat()} to {last_day.isoformat()}), so the nearest day "
                    "is shown")
    if ss["cm_day"] is None:
        ss["cm_day"] = last_day
    ss["cm_day"] = min(max(ss["cm_day"], first_day), last_day)
    if ss.get("w_day") is not None and not first_day <= ss["w_day"] <= last_day:
        ui.request("day", ss["cm_day"])
    return ss["cm_day"]


def _draw_map(data: ui.Data, filters: d.Filters, days: list[date], day: date,
              shown) -> dict | None:
    """The map for ``day``: the base (built once; the browser fetches its outlines), this
    day's layers, and the days the timeline's buttons lead to (``step_ahead``)."""
    if shown.empty:
        st.info("No places match these filters on this date.")
    mode = ss.get("map_layers") or "both"
    today = data.day_map(filters, day, mode)
    layers = [mapview.highlight_layer(list(filters.provinces)),
              districts_layer.state_script(today.districts),
              mapview.markers_layer_from(today.places)]
    # Not while playing (Play goes day by day, through the server), nor on a session's
    # first run, which draws the map alone (no button yet) and must be quick.
    if ss.get("cm_page_drawn") and not ss.get("cm_playing"):
        near = [d.step(days, day, way) for way in (-1, +1)]
        prev, next_ = (data.day_map(filters, n, mode) if n else None for n in near)
        layers.append(step_ahead.ahead_layer(today, prev, next_))
    view = mapview.province_view(list(filters.provinces))
    center, zoom = view if view else (mapview.CENTER, 6)
    return map_component.show(step_ahead.page_map, layers, key="map", height=560,
                              center=center, zoom=zoom)


def _timeline(days: list[date], day: date, first_day: date, last_day: date) -> str:
    """The date slider, the change-to-change buttons and Play; returns the speed chosen."""
    def go(direction: int) -> None:
        target = d.step(days, ss["cm_day"], direction)
        if target is not None:
            ui.request("day", target)

    def toggle_play() -> None:
        ss["cm_playing"] = not ss.get("cm_playing", False)
        if ss["cm_playing"] and ss["cm_day"] >= last_day:
            ui.request("day", first_day)  # start again from the beginning

    ui.bound_widget("day", st.slider, label="Date", min_value=first_day, max_value=last_day,
                    format="YYYY-MM-DD",
                    help="Drag to any day; the buttons jump between days with changes, "
                         "Play goes day by day.")
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button("◀ Previous change", on_click=go, args=(-1,),
                  disabled=d.step(days, day, -1) is None, key=step_ahead.BUTTON_KEYS["prev"])
        st.button("Next change ▶", on_click=go, args=(+1,),
                  disabled=d.step(days, day, +1) is None, key=step_ahead.BUTTON_KEYS["next"])
        st.button("⏸ Pause" if ss.get("cm_playing") else "▶ Play", on_click=toggle_play,
                  key="play", help="Go through the offensive day by day.")
        return st.segmented_control("Speed", list(PLAY_PAUSE_S), default="Normal",
                                    key="play_speed", label_visibility="collapsed",
                                    help="How fast Play goes from day to day.") or "Normal"


def _figures(data: ui.Data, filters: d.Filters, day: date) -> None:
    """The day's counts beside the map, with what they are out of."""
    day_figures = data.day_figures(filters, day)
    fig, total = day_figures.figures, day_figures.total
    st.subheader(ui.day_label(day), anchor=False)
    st.metric("Provincial capitals held by the Taliban",
              f"{fig.capitals_taliban} of {fig.capitals_total}" if fig.capitals_total
              else "none counted",
              help=f"Out of the {fig.capitals_total} provincial capitals {total.where}.")
    st.metric("Border crossings held by the Taliban",
              f"{fig.crossings_taliban} of {fig.crossings_total}" if fig.crossings_total
              else "none counted",
              help=f"Out of the {fig.crossings_total} border crossings {total.where} "
                   "(or those chosen in the filter).")
    st.metric("Districts reported taken", fig.districts_taken,
              help="Districts held by the Taliban as the map shades them (named districts "
                   "and the districts of the capitals they hold), plus districts counted in "
                   "reports such as 'five districts in Herat'; the chart's Districts line is "
                   "the same.")
    st.metric("Places contested", fig.contested)
    note = [f"Out of the capitals and crossings {total.where}. Districts taken: "
            f"{fig.districts_taliban} held, {fig.districts_counted} counted in reports"]
    if fig.all_districts_of:
        note.append("all districts reported fallen in " + ", ".join(fig.all_districts_of))
    st.caption(ui.md_escape("; ".join(note) + "."))
    st.caption(districts_layer.counts_caption(day_figures.districts))
    cover = data.coverage()
    if cover.partial:
        st.caption(ui.md_escape(cover.sentence()))


def _place_choice(data: ui.Data) -> None:
    """The layers switch, the legends and the list of places whose history can be opened."""
    st.radio("Map shows", list(districts_layer.MODES), format_func=districts_layer.MODES.get,
             key="map_layers")
    st.html(districts_layer.legend_html())
    st.html(mapview.legend_html())
    labels = data.place_labels()
    if ss.get("cm_place") and ss["cm_place"] not in labels:
        by_name = {v.split(" (")[0].casefold(): k for k, v in labels.items()}
        found = by_name.get(str(ss["cm_place"]).casefold(), "")
        if not found:
            ui.note_url(f"place={ss['cm_place']!r}: no place with reported changes by that "
                        "name or id")
        ss["cm_place"] = found
        ss.pop("w_place", None)
    ui.bound_widget("place", st.selectbox, label="Place history",
                    options=["", *labels], format_func=lambda p: labels.get(p, "Choose a place…"),
                    help="Click a marker on the map, or choose a place here.")


def _history(data: ui.Data, states, day: date) -> None:
    """The chosen place's changes, each with its sources."""
    place_id = ss.get("cm_place") or ""
    history = d.place_history(place_id, data.events(), data.linked()) if place_id else []
    if not history:
        return
    st.subheader(f"History of {ui.md_escape(history[0]['place'])}")
    now = states[states["place_id"] == place_id]
    if not now.empty:
        row = now.iloc[0]
        st.caption(f"On {day.isoformat()}: {d.SIDE_LABELS.get(row['state'], row['state'])}"
                   + (f" since {row['since']} ({row['status']})" if row["since"] else ""))
    st.html(history_html(place_id, history))


def _lazy_table(label: str, key: str, rows, empty: str) -> None:
    """An expander whose table is built only while it is open: a data grid on the first
    screen makes the browser fetch some 170 more script files, which held the map back by
    most of a second."""
    box = st.expander(f"{label} ({len(rows)})", key=key, on_change="rerun")
    if not box.open:
        return
    with box:
        if rows.empty:
            st.caption(empty)
            return
        if len(rows) > RECENT_ROWS:
            st.caption(f"The first {RECENT_ROWS} shown; the Events page lists them all.")
        st.dataframe(tables.readable(rows.head(RECENT_ROWS)), hide_index=True, width="stretch",
                     column_config=tables.column_help())


@st.fragment
def day_view(first_day: date, last_day: date) -> None:
    """Everything that follows the chosen day; see the module docstring."""
    whole_page = ss.pop("cm_full_run", False)
    if not whole_page:
        ui.init_state()  # a run of this fragment alone: take in its widgets' new values
        if ss.get("cm_page_drawn") == "map":
            # The map was drawn alone (below); the sidebar can only come with a run of the
            # whole page.
            ss["cm_page_drawn"] = True
            st.rerun(scope="app")
    data = ui.load()
    filters = ui.current_filters()
    day = _day(first_day, last_day)
    days = data.days(filters) or data.days(d.Filters())
    states = data.states(filters, day)
    shown = d.filter_states(states, filters)

    notes_box = st.container()
    timeline_box = st.container()
    col_map, col_side = st.columns([3, 1.1])
    with col_map:
        out = _draw_map(data, filters, days, day, shown)
        if pid := mapview.clicked_place(out, ss, set(shown["place_id"])):
            ui.request("place", pid)
    # A new visitor's browser fetches the scripts of every kind of widget on the page, and
    # those fetches held the map back. So a session's first run draws the map alone, with
    # the timeline's room kept; the rest comes with the run the map itself asks for once
    # drawn (the map component reports its first state), or with the reader's first action.
    if not ss.get("cm_page_drawn") and (out or {}).get("last_object_clicked_count") is None:
        ss["cm_page_drawn"] = "map"
        timeline_box.html(f"<div style='height:{TIMELINE_PX}px'></div>")
        st.stop()
    if whole_page:
        ss["cm_page_drawn"] = True

    with timeline_box:
        speed = _timeline(days, day, first_day, last_day)
    with col_side:
        _figures(data, filters, day)
        _place_choice(data)
    with notes_box:
        ui.url_notes((day, filters, ss.get("cm_place")))
    _history(data, states, day)

    st.subheader("Held by the Taliban over time")
    if data.counts(filters, first_day, last_day)["n"].sum() == 0:
        st.caption("No capital, crossing or district changes hands under these filters.")
    else:
        st.markdown(data.chart(filters, first_day, last_day, day), unsafe_allow_html=True)

    _lazy_table(f"Changes up to {day.isoformat()}", "map_changes",
                data.changes_up_to(filters, day), "No events match these filters.")
    _lazy_table("Undated: not on the timeline", "map_undated", data.undated(filters),
                "No undated events match these filters.")
    ui.write_url()

    if ss.get("cm_playing"):
        if day >= last_day:
            ss["cm_playing"] = False
        else:
            time.sleep(PLAY_PAUSE_S.get(speed, PLAY_PAUSE_S["Normal"]))
            ui.request("day", day + timedelta(days=1))
        # Only this fragment, unless it is running as part of the whole page.
        st.rerun(scope="app" if whole_page else "fragment")


ui.setup_page("Map")
ui.init_state()
page_data = ui.load()
st.title(ui.APP_TITLE)
bounds = page_data.bounds()
if bounds is None:
    ui.sidebar_filters()
    ui.credits(page_data)
    st.info("No dated change of control in the store yet. Add articles on the "
            "'Add articles' page.")
    ui.write_url()
    st.stop()
ss["cm_full_run"] = True
day_view(*bounds)
ui.sidebar_filters()
ui.credits(page_data)
