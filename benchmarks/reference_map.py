"""The reference page of ``benchmarks/browser.py``: the dashboard's map and nothing else.

The same province outlines, district shading and markers for the store's last day, drawn
through ``st_folium`` in the same wide layout and height, with no title, widget, figure,
chart or table around them, so the benchmark can say what the dashboard costs on top of the
map itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from streamlit_folium import st_folium  # noqa: E402

from dashboard_core import data as d  # noqa: E402
from dashboard_core import districts_layer, mapview, ui  # noqa: E402

st.set_page_config(page_title="reference", layout="wide")
data = ui.load()
bounds = data.bounds()
day = bounds[1] if bounds else None
states = data.states(d.Filters(), day) if day else data.states(d.Filters(), None)
base = districts_layer.add_to(mapview.base_map())
layers = [districts_layer.step_layer(districts_layer.district_states(states),
                                    day.isoformat() if day else ""),
          mapview.marker_layer(states, day.isoformat() if day else "")]
st_folium(base, key="map", height=560, use_container_width=True,
          feature_group_to_add=layers,
          returned_objects=["last_active_drawing", "last_object_clicked_count"],
          center=mapview.CENTER, zoom=6, render=False)
