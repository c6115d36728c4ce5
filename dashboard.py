"""The dashboard: ``streamlit run dashboard.py`` (or ``make run``).

This file only lists the pages, so the first one is called "Map" in the sidebar rather than
after this file; the map itself is ``pages/0_Map.py``. The store is
``data/conflict_map.sqlite`` unless ``CONFLICT_MAP_DB`` names another file; it is built from
``seeds/`` on first start.
"""

from __future__ import annotations

import streamlit as st

PAGES = [
    st.Page("pages/0_Map.py", title="Map", default=True),
    st.Page("pages/1_Events.py", title="Events", url_path="Events"),
    st.Page("pages/2_Articles.py", title="Articles", url_path="Articles"),
    st.Page("pages/3_Add_articles.py", title="Add articles", url_path="Add_articles"),
    st.Page("pages/4_Places.py", title="Places", url_path="Places"),
    st.Page("pages/5_Review.py", title="Review", url_path="Review"),
]

st.navigation(PAGES).run()
