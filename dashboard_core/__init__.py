"""Code shared by the dashboard's pages (``dashboard.py`` and ``pages/``).

* ``data``: where the store is, filters, place state on a date, histories, highlighted text;
  plain pandas, no Streamlit, so it is tested directly.
* ``mapview``: the folium map: a static base (province outlines) and the per-date layer of
  place markers, served with a bundled copy of Leaflet so nothing needs the internet.
* ``ui``: Streamlit glue: cached loading, the sidebar filters, the URL, credits.
"""
