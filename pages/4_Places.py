"""Places page: search the gazetteer; names found in articles that could not be placed."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard_core import data as d
from dashboard_core import ui
from gazetteer.places import load_aliases, load_places
from gazetteer.resolve import resolve

ui.setup_page("Places")
ui.init_state()
data = ui.load()
ui.credits(data)


@st.cache_resource(show_spinner=False)
def gazetteer_table() -> pd.DataFrame:
    places = load_places().reset_index()
    aliases = load_aliases().groupby("place_id")["alias"].agg(
        lambda s: ", ".join(sorted(set(s))))
    places["aliases"] = places["place_id"].map(aliases).fillna("")
    cols = ["name", "place_type", "province", "district", "country", "latitude", "longitude",
            "precision", "coord_source", "aliases", "place_id"]
    return places[cols]


st.title("Places")
st.caption("The gazetteer: Afghan provinces, districts, provincial capitals, border crossings and "
           "military sites, with every spelling the press uses.")
table = gazetteer_table()
c1, c2 = st.columns([3, 2])
query = c1.text_input("Search places", key="places_search",
                      placeholder="name or spelling, province, type…")
types = c2.multiselect("Types", sorted(table["place_type"].unique()), key="places_types",
                       placeholder="All types")
shown = table[table["place_type"].isin(types)] if types else table
shown = d.search(shown, query, ["name", "aliases", "province", "district", "place_type",
                                "country", "place_id"])
if query.strip():
    res = resolve(query)
    names = ", ".join(f"{p.name} ({p.place_type}, {p.province or p.country})"
                      for p in res.candidates)
    st.write(f"Resolver: **{ui.md_escape(res.status)}** ({ui.md_escape(res.reason)})"
             + (f": {ui.md_escape(names)}" if names else ""))
st.write(f"{len(shown)} of {len(table)} places")
if shown.empty:
    st.info("No place matches this search.")
else:
    st.dataframe(shown, hide_index=True, width="stretch", height=420,
                 column_config={"aliases": st.column_config.TextColumn(width="large")})

st.subheader("Names not resolved")
st.caption("Names found in articles that the gazetteer could not place (unknown, ambiguous, "
           "or outside Afghanistan). Adding a spelling to the gazetteer resolves them.")
unresolved = data.unresolved()
if unresolved.empty:
    st.caption("None: every place name found in the articles was resolved.")
else:
    summary = (unresolved.groupby(["name", "reason"], as_index=False)
               .agg(articles=("article_id", "nunique"), example=("context", "first"),
                    files=("file", lambda s: ", ".join(sorted(set(s))[:5]))))
    summary = summary.sort_values(["articles", "name"], ascending=[False, True])
    st.dataframe(summary, hide_index=True, width="stretch",
                 column_config={"example": st.column_config.TextColumn(width="large")})

ui.write_url()
