"""Articles page: every article, grouped into stories, with its evidence highlighted."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from dashboard_core import data as d
from dashboard_core import ui
from gazetteer.mentions import find_mentions

PAGE_SIZE = 10
SOURCE_LABELS = {"manifest": "given in a manifest or JSON field", "given": "given when added",
                 "text": "read from the text", "dateline": "read from the dateline",
                 "inferred": "inferred from a syndicated copy", "none": "unknown", "": "unknown"}

ui.setup_page("Articles")
ui.init_state()
data = ui.load()
ui.sidebar_filters()
ui.credits(data)

st.title("Articles")
articles = data.articles()
linked = data.linked()
events = data.events()
st.caption("Copies of the same story from several outlets (syndication) are shown together. "
           "Evidence sentences are highlighted, place names marked in bold.")

if articles.empty:
    st.info("No articles in the store yet. Add some on the 'Add articles' page.")
    ui.write_url()
    st.stop()

query = st.text_input("Search articles", key="articles_search",
                      placeholder="outlet, title, words of the text…")
found = d.search(articles, query, ["outlet", "title", "file", "published", "text"])
stories = (found.assign(_p=found["published"].replace("", "9999"))
           .groupby("story_id", sort=False)["_p"].min().sort_values())
n_pages = max(1, -(-len(stories) // PAGE_SIZE))
c1, c2 = st.columns([1, 4])
page = c1.number_input("Page", min_value=1, max_value=n_pages, value=1, step=1,
                       key="articles_page") if n_pages > 1 else 1
c2.write(f"{len(found)} article(s) in {len(stories)} stor{'y' if len(stories) == 1 else 'ies'}")
if stories.empty:
    st.info("No article matches this search.")

ev_cols = ["event_date", "place", "new_controller", "status", "scope"]
STYLE = ("<style>.cm-text{line-height:1.55;font-size:0.95rem;max-height:28rem;overflow:auto;"
         "padding:8px 12px;border:1px solid #e3e3e3;border-radius:6px;background:#fff}"
         "mark.cm-evidence{background:#fde8a8;padding:0;margin:0}"
         "mark.cm-name{background:#cfe3f7;font-weight:600;padding:0;margin:0}</style>")

for story_id in stories.index[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]:
    copies = articles[articles["story_id"] == story_id].sort_values(["published", "file"])
    first = copies.iloc[0]
    title = (first["title"] or next((t for t in copies["title"] if t), "")
             or d.opening_words(first["text"]) or first["file"])
    outlets = ", ".join(dict.fromkeys(o or "unknown outlet" for o in copies["outlet"]))
    label = f"{first['published'] or 'undated'} · {title} · {outlets}"
    with st.expander(ui.md_escape(label), expanded=len(stories) <= 3):
        ids = set(copies["article_id"])
        ment = linked[linked["article_id"].isin(ids)]
        supported = events[events["event_id"].isin(set(ment["event_id"].dropna()))]
        if supported.empty:
            st.caption("This story reports no change of control the extractor recognised.")
        else:
            st.write(f"Supports {len(supported)} event(s):")
            st.dataframe(supported[ev_cols].rename(columns={"new_controller": "handed to"}),
                         hide_index=True, width="stretch")
        tabs = st.tabs([ui.md_escape(f"{o or 'unknown outlet'} ({f})")
                        for o, f in zip(copies["outlet"], copies["file"], strict=True)])
        for tab, art in zip(tabs, copies.to_dict(orient="records"), strict=True):
            with tab:
                meta = pd.DataFrame([{
                    "outlet": art["outlet"] or "unknown",
                    "outlet source": (SOURCE_LABELS.get(art["outlet_source"],
                                                        art["outlet_source"])
                                      if art["outlet"] else ""),
                    "published": art["published"] or "unknown",
                    "date source": SOURCE_LABELS.get(art["published_source"],
                                                     art["published_source"]),
                    "title": art["title"], "file": art["file"], "url": art["url"],
                    "author": art["author"],
                }])
                st.dataframe(meta, hide_index=True, width="stretch")
                text = art["text"]
                own = ment[ment["article_id"] == art["article_id"]]
                evidence = [(int(s), int(e)) for s, e in zip(own["start"], own["end"],
                                                             strict=True)]
                names = [(m.start, m.end) for m in find_mentions(text)]
                names += d.name_spans(text, own)
                aid = html.escape(art["article_id"])
                st.html(STYLE + f"<div class='cm-text' data-article='{aid}'>"
                        + d.highlight_html(text, evidence, names) + "</div>")

ui.write_url()
