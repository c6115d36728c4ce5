"""Add articles: upload files or paste text, preview the changes found, save them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from control_changes.articles import content_id
from control_changes.extract import extract
from control_changes.readers import ManifestRow, ReadResult, read_bytes
from control_changes.store import Store
from dashboard_core import ui

ui.setup_page("Add articles")
ui.init_state()
data = ui.load()
ui.credits(data)

st.title("Add articles")
st.caption("Upload .txt, .html or .jsonl files (one article per line, with 'text' and optional "
           "'published', 'outlet', 'title', 'url'), or paste an article's text. Preview what "
           "the extractor finds, then save: the map, tables and figures update at once. "
           "Saving is all-or-nothing. An article already in the store is not stored twice; "
           "a date, outlet or title given here fills in one it lacks.")

uploads = st.file_uploader("Article files", accept_multiple_files=True, key="add_files",
                           type=["txt", "text", "md", "html", "htm", "xhtml", "jsonl",
                                 "ndjson", "json"])
pasted = st.text_area("Or paste an article", key="add_text", height=180,
                      placeholder="KABUL, Aug 13 (Reuters) - The Taliban captured …")
c1, c2, c3 = st.columns(3)
published = c1.date_input("Publication date", value=None, key="add_date",
                          min_value=date(2000, 1, 1), max_value=date.today(),
                          help="Leave empty when unknown: a dateline or date stamp in the text "
                               "is used if there is one. JSON Lines files carry their own.")
outlet = c2.text_input("Outlet", key="add_outlet", placeholder="e.g. Reuters")
title = c3.text_input("Title (of the pasted text)", key="add_title")


def read_inputs() -> ReadResult:
    """Everything the form holds, read into articles and problems."""
    result = ReadResult()
    meta = ManifestRow(published, outlet.strip(), "", "", source="given")
    for up in uploads or []:
        result.extend(read_bytes(up.getvalue(), up.name, meta))
    if pasted.strip():
        name = f"pasted-{content_id(pasted)[:8]}.txt"
        result.extend(read_bytes(pasted.encode("utf-8"), name,
                                 replace(meta, title=title.strip())))
    return result


def show_problems(problems) -> None:
    if problems:
        st.warning(f"{len(problems)} file(s) or line(s) could not be read as they are:")
        st.dataframe(pd.DataFrame([{"file": p.file, "line": p.line or "", "severity": p.severity,
                                    "reason": p.reason} for p in problems]),
                     hide_index=True, width="stretch")


b1, b2, _ = st.columns([1, 1, 3])
preview = b1.button("Preview events", key="add_preview", width="stretch")
save = b2.button("Save to the store", key="add_save", type="primary", width="stretch")

if (preview or save) and not (uploads or pasted.strip()):
    st.info("Choose files or paste a text first.")
elif preview:
    result = read_inputs()
    show_problems(result.problems)
    bar = st.progress(0.0, text="Reading articles…")
    rows = []
    for i, art in enumerate(result.articles, start=1):
        for m in extract(art):
            rows.append({"file": art.file, "date": m.event_date.isoformat()
                         if m.event_date else "undated", "place": m.place_text,
                         "place_id": m.place_id, "handed to": m.new_controller,
                         "status": m.status, "scope": m.scope, "evidence": m.evidence})
        bar.progress(i / len(result.articles), text=f"Read {i} of {len(result.articles)}")
    bar.empty()
    st.subheader("Preview (not saved)")
    for art in result.articles:
        st.write(f"**{ui.md_escape(art.file)}**: {ui.md_escape(art.outlet or 'unknown outlet')},"
                 f" published {art.published.isoformat() if art.published else 'date unknown'}")
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    elif result.articles:
        st.info("No change of control found in these articles.")
elif save:
    result = read_inputs()
    show_problems(result.problems)
    if not result.articles:
        st.error("Nothing could be read, so nothing was saved.")
    else:
        bar = st.progress(0.0, text="Processing…")

        def progress(done: int, total: int) -> None:
            bar.progress(done / max(total, 1), text=f"Processed {done} of {total}")

        try:
            with Store(data.path) as store:
                report = store.ingest(result.articles, progress=progress)
        except Exception as exc:  # noqa: BLE001 - shown to the user; the store is unchanged
            bar.empty()
            st.error(f"Saving failed, nothing was changed: {exc}")
        else:
            bar.empty()
            ui.clear_caches()
            st.session_state["add_last_report"] = report.lines()
            if report.added:
                st.success(f"Saved {len(report.added)} article(s) with {report.n_mentions} "
                           f"mention(s); the store now holds {report.n_events} event(s).")
            elif not report.completed:
                st.info("Nothing new was saved.")
            if report.completed:
                st.success(f"Filled in what {len(report.completed)} stored article(s) lacked:")
                st.dataframe(pd.DataFrame({"added to a stored article": report.completed}),
                             hide_index=True)
            if report.unchanged:
                st.write("Already in the store (skipped):")
                st.dataframe(pd.DataFrame({"file": report.unchanged}), hide_index=True)
            with st.expander("Ingest report"):
                st.text("\n".join(report.lines()))
            try:
                st.page_link("pages/0_Map.py", label="Open the map", icon="🗺️")
            except StreamlitAPIException:  # the page run on its own (tests): no page list
                pass

ui.write_url()
