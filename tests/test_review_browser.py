# ruff: noqa: F811 - the fixtures imported below are the tests' arguments
"""End to end: an analyst reviews events on the Review page of a real streamlit server, in
headless Chromium, by keyboard, and the map changes (server and browser as in
test_browser.py; this module starts a server and store of its own)."""

from __future__ import annotations

import re

import pytest
from test_browser import (  # noqa: F401 - fixtures
    _wait_idle,
    browser,
    expect,
    has_class,
    marker,
    open_map,
    page,
    screenshot,
    server,
)

pytestmark = pytest.mark.browser
# The seeds' status of the events chosen here, which the event list shows.
_STATUS = {"Herat": "confirmed", "Lashkar Gah": "confirmed"}


def _choose(page, server, place: str) -> None:
    """Open the Review page and choose the event of ``place`` by typing its name."""
    page.goto(f"{server}/Review")
    page.get_by_text("All", exact=True).click()
    box = page.get_by_role("combobox", name=re.compile("^Event"))
    box.click()
    page.keyboard.type(f"{place} → taliban · ")
    page.keyboard.type(_STATUS.get(place, "reported") + " · place")
    # Enter picks the first option shown: wait until the list has narrowed to this event
    # (on a loaded machine Enter came first and left the typed text in the box).
    expect(page.get_by_role("option").first).to_contain_text(f"{place} → taliban · ")
    page.keyboard.press("Enter")
    expect(box).to_have_value(re.compile(rf"· {place} → taliban · "))
    _wait_idle(page)  # the page has drawn this event's form


def _save(page, action: str, who: str, note: str) -> None:
    """Pick ``action``, and save with Enter from the note field."""
    page.get_by_text(action, exact=True).click()
    name, note_field = page.get_by_label("Your name").first, page.get_by_label("Note",
                                                                               exact=True)
    name.fill(who)
    note_field.fill(note)
    expect(name).to_have_value(who)
    expect(note_field).to_have_value(note)
    page.keyboard.press("Enter")


def _review(page, server, place: str, action: str, who: str, note: str) -> None:
    _choose(page, server, place)
    _save(page, action, who, note)
    verdict = {"Accept": "accepted", "Reject": "rejected"}[action]
    expect(page.get_by_text(f"Saved: {verdict} {place}")).to_be_visible()


def test_reviewing_on_the_review_page_changes_the_map(page, server):
    frame = open_map(page, server, "?date=2021-08-13")
    expect(marker(frame, "capital:ghazni")).to_have_class(has_class("cm-taliban"))
    expect(marker(frame, "capital:herat")).not_to_have_class(has_class("cm-reviewed"))

    _review(page, server, "Ghazni", "Reject", "ana", "<img src=x onerror=alert(1)>")
    _review(page, server, "Herat", "Accept", "<b>ben</b>", "two outlets agree")
    screenshot(page, "review-page.png")

    frame = open_map(page, server, "?date=2021-08-13")
    expect(marker(frame, "capital:ghazni")).to_have_count(0)
    expect(marker(frame, "capital:herat")).to_have_class(has_class("cm-reviewed"))
    expect(marker(frame, "capital:kandahar")).to_have_class(has_class("cm-taliban"))
    screenshot(page, "map-reviewed.png")

    page.get_by_text("Reviewed events only").click()
    expect(marker(frame, "capital:kandahar")).to_have_count(0)
    expect(marker(frame, "capital:herat")).to_have_class(has_class("cm-taliban"))
    assert page.dialogs == []
    assert not page.errors


def test_two_sessions_reviewing_at_once_lose_no_decision(browser, server):
    one, two = (browser.new_context(viewport={"width": 1440, "height": 1000})
                for _ in range(2))
    try:
        a, b = one.new_page(), two.new_page()
        _choose(a, server, "Kandahar")
        _choose(b, server, "Kandahar")  # both look at Kandahar, undecided
        _save(a, "Reject", "ana", "the airport only")
        expect(a.get_by_text("Saved: rejected Kandahar")).to_be_visible()
        _save(b, "Accept", "ben", "")
        expect(b.get_by_text("someone else reviewed this event")).to_be_visible()
        expect(b.get_by_text("ana", exact=True)).to_be_visible()  # now shown to ben
        _choose(b, server, "Lashkar Gah")
        _save(b, "Accept", "ben", "")
        expect(b.get_by_text("Saved: accepted Lashkar Gah")).to_be_visible()
        for place, verdict, who in (("Kandahar", "Rejected", "ana"),
                                    ("Lashkar Gah", "Accepted", "ben")):
            _choose(a, server, place)  # a fresh look shows both decisions stored
            expect(a.get_by_text(f"{verdict} on")).to_be_visible()
            expect(a.get_by_text(who, exact=True)).to_be_visible()
    finally:
        one.close()
        two.close()
