"""The floor the map page is measured against: the same outlines and markers, drawn through
``st_folium`` on an otherwise empty page (no title, timeline, counts, legend or sidebar).

``benchmarks/browser.py`` serves it beside the dashboard and times both in one run, so the
ratio it prints is the page's own cost over what drawing the map costs at all.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from control_changes.store import Store, default_db_path  # noqa: E402
from dashboard_core import data as d  # noqa: E402
from dashboard_core import mapview  # noqa: E402


@st.cache_resource
def _last_day_states():
    """The places on the store's last day, as the map page opens on it."""
    with Store(default_db_path()) as store:
        events = store.events()
    day = d.date_bounds(events)[1]
    return d.place_states(events, day), day


st.set_page_config(page_title="floor", layout="wide")
states, day = _last_day_states()
st_folium(mapview.base_map(), key="map", height=560, use_container_width=True,
          feature_group_to_add=[mapview.marker_layer(states, day.isoformat())],
          returned_objects=["last_active_drawing", "last_object_clicked_count"],
          center=mapview.CENTER, zoom=6)
