# ruff: noqa: F811 - the fixtures imported below are the tests' arguments
"""End to end: an analyst reviews events on the Review page of a real streamlit server, in
headless Chromium, by keyboard, and the map changes (server and browser as in
test_browser.py; this module starts a server and store of its own)."""

from __future__ import annotations

import re

import pytest
from test_browser import (  # noqa: F401 - fixtures
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


def _review(page, server, place: str, action: str, who: str, note: str) -> None:
    """Choose the event of ``place`` by typing its name, pick ``action``, and save with
    Enter from the note field."""
    page.goto(f"{server}/Review")
    page.get_by_text("All", exact=True).click()
    box = page.get_by_role("combobox", name=re.compile("^Event"))
    box.click()
    page.keyboard.type(f"{place} → taliban · ")
    page.keyboard.type("confirmed · place" if place == "Herat" else "reported · place")
    page.keyboard.press("Enter")
    expect(box).to_have_value(re.compile(rf"· {place} → taliban · "))
    page.get_by_text(action, exact=True).click()
    page.get_by_label("Your name").first.fill(who)
    page.get_by_label("Note", exact=True).fill(note)
    page.keyboard.press("Enter")
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
