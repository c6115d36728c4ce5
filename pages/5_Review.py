"""Review page: accept, correct or reject the events of the current filters, worst first,
or add one the articles missed (dashboard_core/review_page.py)."""

from __future__ import annotations

import streamlit as st

from dashboard_core import review_page, ui

ui.setup_page("Review")
ui.init_state()
data = ui.load()
filters = ui.sidebar_filters()
ui.credits(data)

st.title("Review events")
st.caption("Decisions are kept in the store and follow their event when more articles "
           "arrive; the map, the counts and the downloads use the reviewed table.")
review_page.render(data, filters)
ui.write_url()
