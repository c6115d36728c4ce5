"""Events page: the control-change table for the current filters, searchable and downloadable."""

from __future__ import annotations

import json

import streamlit as st

from control_changes.export import events_geojson, to_csv_bytes
from dashboard_core import data as d
from dashboard_core import ui

ui.setup_page("Events")
ui.init_state()
data = ui.load()
events = data.events()
filters = ui.sidebar_filters()
ui.credits(data)

st.title("Changes of control")
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

COLUMNS = ["event_date", "place", "place_type", "province", "country", "new_controller",
           "status", "scope", "count", "date_precision", "date_inferred", "n_articles",
           "n_stories", "mention_statuses", "outlets", "first_published", "evidence",
           "latitude", "longitude", "geo_precision", "event_id", "place_id", "sources",
           # An analyst's decision beside the machine's values (docs/review.md).
           "review_verdict", "reviewer", "review_note", "reviewed_at", "machine_event_date",
           "machine_new_controller", "machine_status", "machine_place_id"]

st.write(f"{len(table)} of {len(events)} events")
if table.empty:
    st.info("No events match these filters.")
else:
    st.dataframe(
        table[COLUMNS], hide_index=True, width="stretch", height=560,
        column_config={
            "event_date": st.column_config.TextColumn("date", help="'' = undated"),
            "new_controller": st.column_config.TextColumn("handed to"),
            "evidence": st.column_config.TextColumn("evidence sentence", width="large"),
            "date_inferred": st.column_config.CheckboxColumn("date inferred"),
        },
    )
    c1, c2, _ = st.columns([1, 1, 3])
    c1.download_button("Download CSV", to_csv_bytes(table[COLUMNS]), file_name="events.csv",
                       mime="text/csv", key="dl_csv")
    c2.download_button("Download GeoJSON",
                       json.dumps(events_geojson(table), ensure_ascii=False, default=str),
                       file_name="events.geojson", mime="application/geo+json", key="dl_geojson")

ui.write_url()
