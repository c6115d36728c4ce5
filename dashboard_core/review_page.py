"""The Review page: an analyst accepts, corrects or rejects the events of the current
filters, worst first, or adds one the articles missed.

Every decision is stored at once (``Store.record_review``) and the caches are dropped, so the
map shows it on the next view. A save names the decision the reviewer saw on the event when
the page first showed it; if someone else decided on it since, the save is refused and the
newer decision shown (``ReviewConflict``). Notes, names, evidence and sources are untrusted
and shown as plain text only.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from control_changes.review import (
    REVIEW_STATUSES,
    ReviewError,
    added,
    judged,
    machine_view,
    worst_first,
)
from control_changes.schema import CONTROLLERS
from control_changes.store import Store
from control_changes.store.reviews import ReviewConflict
from dashboard_core import data as d
from dashboard_core import ui
from gazetteer.places import load_places

_ACTIONS = {"Accept": "accepted", "Correct": "corrected", "Reject": "rejected"}
_SHOW = {"To review": "unreviewed", "Reviewed": "reviewed", "All": "all"}


@st.cache_resource(max_entries=2, show_spinner=False)
def _all_events(path: str, version: tuple) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Every event, rejected ones too; the mentions linked to them by the machine's values;
    and the decisions that meet no event any more."""
    with Store(path) as store:
        events = store.events(with_rejected=True)
        linked = d.link_mentions(store.mentions(), machine_view(events))
        return events, linked, store.unmatched_reviews()


def _label(row: pd.Series) -> str:
    """What the event list shows of an event; not its verdict, so the choice stays put
    when a decision is saved."""
    stories = f"{row['n_stories']} stor{'y' if row['n_stories'] == 1 else 'ies'}"
    return (f"{row['event_date'] or 'undated'} · {row['place']} → {row['new_controller']} · "
            f"{row['status']} · {row['scope']} · {stories} · {row['event_id']}")


def candidates(events: pd.DataFrame, filters: d.Filters, show: str,
               chosen: str = "") -> pd.DataFrame:
    """The events of the current filters to review, worst first; the ``chosen`` event stays
    listed while it is being reviewed, even once someone's decision moves it out of view."""
    table = worst_first(d.filter_controller(d.apply_filters(events, filters), filters))
    if show == "all":
        return table
    keep = table["review_verdict"].eq("") if show == "unreviewed" \
        else table["review_verdict"].ne("")
    return table[keep | table["event_id"].eq(chosen)].reset_index(drop=True)


def _seen(event: pd.Series) -> int | None:
    """The decision the reviewer saw on ``event``: kept from the first time the page
    showed it, so a save made after someone else's is caught."""
    key = f"review_seen_{event['event_id']}"
    if key not in st.session_state:
        st.session_state[key] = int(event["review_id"]) if event["review_id"] else None
    return st.session_state[key]


def _forget_seen() -> None:
    for key in [k for k in st.session_state if str(k).startswith("review_seen_")]:
        del st.session_state[key]


def _saved(message: str) -> None:
    """After a decision is stored: every page reads the store afresh."""
    ui.clear_caches()
    _all_events.clear()
    _forget_seen()
    st.session_state["review_message"] = message
    st.rerun()


def _evidence(event: pd.Series, linked: pd.DataFrame) -> None:
    st.markdown("**Evidence**")
    rows = linked[linked["event_id"].eq(event["event_id"])]
    if rows.empty:
        st.text(event["evidence"] or "(no sentence: an event added by a reviewer)")
    for r in rows.itertuples(index=False):
        st.text(f"{r.evidence}\n    — {r.file}" + (f" ({r.published})" if r.published else ""))
    if event["sources"]:
        st.caption("Sources: " + ui.md_escape(event["sources"].replace("|", ", ")))


def _current(event: pd.Series) -> None:
    if not event["review_verdict"]:
        st.caption("Not reviewed yet.")
        return
    st.markdown(f"**{event['review_verdict'].capitalize()}** on {event['reviewed_at']} by")
    st.text(event["reviewer"])
    if event["review_note"]:
        st.text(f"Note: {event['review_note']}")
    if event["review_verdict"] == "corrected":
        st.caption(ui.md_escape(
            f"The machine read: {event['machine_event_date'] or 'undated'}, "
            f"{event['machine_new_controller']}, {event['machine_status']}, "
            f"{event['machine_place_id']}"))


def _decision_form(event: pd.Series, path: str) -> None:
    seen = _seen(event)
    with st.form(f"review_{event['event_id']}", enter_to_submit=True):
        action = st.radio("Decision", list(_ACTIONS), horizontal=True, key="review_action")
        c1, c2 = st.columns(2)
        who = c1.text_input("Your name", key="review_by")
        note = c2.text_input("Note", key="review_note")
        st.caption("For a correction: the fields that differ (the others keep their values).")
        c3, c4, c5 = st.columns(3)
        day = c3.text_input("Corrected date (YYYY-MM-DD)", key="review_date",
                            placeholder=event["event_date"] or "undated")
        side = c4.selectbox("Corrected controller", ["", *CONTROLLERS], key="review_side")
        status = c5.selectbox("Corrected status", ["", *REVIEW_STATUSES], key="review_status")
        if not st.form_submit_button("Save decision", type="primary"):
            return
    fields = {"reviewer": who.strip(), "note": note}
    if _ACTIONS[action] == "corrected":
        fields.update(fix_date=day.strip(), fix_controller=side, fix_status=status)
    try:
        decision = judged(event, _ACTIONS[action], **fields)
        with Store(path) as store:
            store.record_review(decision, seen)
    except ReviewError as exc:
        st.error(f"Not saved: {exc}.")
        return
    except ReviewConflict:
        _forget_seen()
        _all_events.clear()
        st.error("Not saved: someone else reviewed this event since you opened it. Their "
                 "decision is shown now; save again to replace it.")
        return
    _saved(f"Saved: {_ACTIONS[action]} {event['place']} ({event['event_date'] or 'undated'}).")


def _add_form(path: str) -> None:
    places = load_places()
    options = sorted(places.index, key=lambda pid: (places.loc[pid, "name"], pid))
    with st.expander("Add an event the articles missed"), st.form("review_add"):
        pid = st.selectbox("Place", options, key="add_place", format_func=lambda p: (
            f"{places.loc[p, 'name']} ({places.loc[p, 'place_type']}, {p})"))
        c1, c2, c3 = st.columns(3)
        day = c1.date_input("Date", value=date(2021, 8, 1), key="add_date")
        side = c2.selectbox("Taken by", list(CONTROLLERS), key="add_side")
        status = c3.selectbox("Status", list(REVIEW_STATUSES), index=1, key="add_status")
        c4, c5 = st.columns(2)
        who = c4.text_input("Your name", key="add_by")
        note = c5.text_input("Note (your source)", key="add_note")
        if not st.form_submit_button("Add event"):
            return
    try:
        with Store(path) as store:
            store.record_review(added(pid, day.isoformat(), side, status,
                                      reviewer=who.strip(), note=note))
    except ReviewError as exc:
        st.error(f"Not added: {exc}.")
        return
    _saved(f"Added: {places.loc[pid, 'name']} to {side} on {day.isoformat()}.")


def render(data: ui.Data, filters: d.Filters) -> None:
    """The page below its title."""
    events, linked, gone = _all_events(data.path, data.version)
    if message := st.session_state.pop("review_message", None):
        st.success(message)
    show = st.radio("Show", list(_SHOW), horizontal=True, key="review_show")
    table = candidates(events, filters, _SHOW[show], st.session_state.get("review_chosen", ""))
    n_done = int(events["review_verdict"].ne("").sum())
    st.write(f"{len(table)} event(s) shown; {n_done} of {len(events)} reviewed in all. "
             "Worst first: disputed, claimed only, single-source and loosely dated.")
    for r in gone.itertuples(index=False):
        st.warning(ui.md_escape(
            f"Decision {r.review_id} ({r.verdict} by {r.reviewer}) on {r.place_id}, "
            f"{r.new_controller}, {r.judged_from or 'undated'}: no longer matches any event."))
    if not table.empty:
        ids = {_label(row): row["event_id"] for _, row in table.iterrows()}
        chosen = st.selectbox("Event (type to search; the list is worst first)", list(ids),
                              key="review_event")
        event = table[table["event_id"].eq(ids[chosen])].iloc[0]
        st.session_state["review_chosen"] = event["event_id"]
        left, right = st.columns([3, 2])
        with left:
            _evidence(event, linked)
        with right:
            _current(event)
            _decision_form(event, data.path)
    else:
        st.info("No event to show here with these filters.")
    _add_form(data.path)
