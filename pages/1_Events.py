"""Events page: the control-change table for the current filters, searchable and downloadable."""

from __future__ import annotations

import streamlit as st

from control_changes.export import events_geojson_text, to_csv_bytes
from dashboard_core import data as d
from dashboard_core import tables, ui

ui.setup_page("Events")
ui.init_state()
data = ui.load()
events = data.events()
filters = ui.sidebar_filters()
ui.credits(data)

st.title("Changes of control")
ui.url_notes(filters)
st.caption("One row per change of control: mentions of the same change in several articles are "
           "merged. Filters in the sidebar apply; the search looks in every text column.")

table = d.filter_controller(data.filtered(filters), filters)
c_search, c_when = st.columns([3, 2])
query = c_search.text_input("Search", key="events_search",
                            placeholder="place, outlet, word of the evidence sentence…")
day = st.session_state.get("cm_day")
only_upto = False
if day is not None:
    only_upto = c_when.toggle(f"Only changes up to {day.isoformat()} (the map's date)",
                              key="events_upto")
if only_upto:
    table = d.up_to(table, day)
table = d.search(table, query, ["place", "province", "country", "place_type", "status",
                                "new_controller", "outlets", "sources", "evidence",
                                "event_date"])

st.write(f"{len(table)} of {len(events)} events")
if table.empty:
    st.info("No events match these filters.")
else:
    st.dataframe(tables.readable(table), hide_index=True, width="stretch", height=560,
                 column_config={**tables.column_help(),
                                "evidence": st.column_config.TextColumn(
                                    "evidence", width="large",
                                    help=tables.READABLE["evidence"])})
    export = tables.export(table)
    c1, c2, _ = st.columns([1, 1, 3])
    c1.download_button("Download CSV", to_csv_bytes(export), file_name="events.csv",
                       mime="text/csv", key="dl_csv",
                       help="The columns shown, then the codes behind them (see "
                            "docs/dashboard.md).")
    c2.download_button("Download GeoJSON",
                       events_geojson_text(export),
                       file_name="events.geojson", mime="application/geo+json", key="dl_geojson")

ui.write_url()
