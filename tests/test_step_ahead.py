# ruff: noqa: F811 - the fixtures imported below are the tests' arguments
"""The days the timeline's buttons lead to, sent ahead: what is sent, and, in headless
Chromium against a real server (fixtures of test_browser.py), that the map draws such a day
before the server answers and draws it as the server does."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from test_browser import (  # noqa: F401 - fixtures
    _wait_idle,
    browser,
    expect,
    has_class,
    marker,
    open_map,
    page,
    server,
)

from dashboard_core import step_ahead


def _states(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """Places' states on a day: (place id, type, state, since)."""
    coords = {"capital:herat": (34.35, 62.2), "capital:kandahar": (31.61, 65.71),
              "crossing:islam-qala": (34.66, 61.07), "province:herat": (34.3, 62.2)}
    return pd.DataFrame([{
        "place_id": pid, "place": pid.split(":")[1].title(), "place_type": kind,
        "province": "Herat", "country": "Iran" if kind == "border_crossing" else "Afghanistan",
        "latitude": coords[pid][0], "longitude": coords[pid][1], "state": state,
        "since": since, "status": "reported" if since else "", "unconfirmed": False,
        "reviewed": False} for pid, kind, state, since in rows])


def _day(rows, day: str, mode: str = "both") -> step_ahead.DayMap:
    return step_ahead.day_map(_states(rows), day, mode)


BEFORE = [("capital:herat", "capital", "none", ""),
          ("capital:kandahar", "capital", "taliban", "2021-08-12"),
          ("crossing:islam-qala", "border_crossing", "taliban", "2021-07-08")]


def test_a_day_against_itself_sends_nothing_but_its_date():
    today = _day(BEFORE, "2021-08-12")
    diff = step_ahead.difference(today, _day(BEFORE, "2021-08-12"))
    assert diff == {"day": "2021-08-12", "areas": {"changed": [], "gone": []},
                    "markers": {"changed": [], "gone": []},
                    "districts": {"changed": {}, "gone": []}}


def test_the_next_day_sends_only_the_places_that_changed():
    after = [("capital:herat", "capital", "taliban", "2021-08-13"),
             ("capital:kandahar", "capital", "taliban", "2021-08-12"),
             ("province:herat", "province", "taliban", "2021-08-13")]
    today, then = _day(BEFORE, "2021-08-12"), _day(after, "2021-08-13")
    diff = step_ahead.difference(today, then)
    assert diff["day"] == "2021-08-13"
    assert [f["properties"]["i"] for f in diff["markers"]["changed"]] == ["capital:herat"]
    assert diff["markers"]["changed"][0]["properties"]["s"] == "taliban"
    assert diff["markers"]["gone"] == ["crossing:islam-qala"]
    assert [f["properties"]["i"] for f in diff["areas"]["changed"]] == ["province:herat"]
    # Herat's district takes its capital's holder; Islam Qala's crossing shades nothing.
    assert diff["districts"]["changed"] == {"district:herat:herat":
                                            ["taliban", 0, "2021-08-13"]}
    assert diff["districts"]["gone"] == []
    back = step_ahead.difference(then, today)
    assert back["districts"]["gone"] == ["district:herat:herat"]
    assert back["areas"]["gone"] == ["province:herat"]


def test_the_ahead_layer_is_script_safe_data():
    hostile = [("capital:herat", "capital", "taliban", "</script><script>alert(1)</script>")]
    layer = step_ahead.ahead_layer(_day(BEFORE, "2021-08-12"),
                                   None, _day(hostile, "2021-08-13"))
    assert "</script>" not in layer.body and "<script>" not in layer.body
    assert layer.body.startswith("window.cmAhead = {")
    assert '"prev":null' in layer.body


# -- in the browser ---------------------------------------------------------------------

def _snapshot(frame) -> dict:
    """Every marker (classes, label, tooltip day) and every shaded district, as drawn."""
    return frame.locator("body").evaluate("""() => ({
      markers: [...document.querySelectorAll('.leaflet-container .cm-marker')].map(m =>
        [m.dataset.place, m.className, m.dataset.day, m.parentElement.textContent]).sort(),
      districts: [...document.querySelectorAll('path.cm-district')].map(p =>
        [p.dataset.district, p.getAttribute('class'), p.dataset.day])
        .filter(d => !/cm-d-none/.test(d[1])).sort(),
      areas: [...document.querySelectorAll('path.cm-area')].map(p =>
        p.getAttribute('class')).sort()})""")


def _map_frame(page):
    return next(f for f in page.frames if "st_folium" in f.url)


def _server_drew(page, day: str) -> None:
    """Until the server's run for ``day`` is drawn: its layers hand over the days next to
    it, and no script runs."""
    _map_frame(page).wait_for_function(
        f"() => window.cmAhead && window.cmAhead.from === '{day}'")
    _wait_idle(page)


@pytest.mark.browser
@pytest.mark.parametrize("start,way,button,then", [
    ("2021-07-06", "next", "Next change ▶", "2021-07-07"),
    ("2021-07-08", "prev", "◀ Previous change", "2021-07-07"),
    ("2021-07-07", "prev", "◀ Previous change", "2021-07-05"),
    ("2021-08-12", "next", "Next change ▶", "2021-08-13")])
def test_a_day_drawn_ahead_is_the_day_the_server_draws(page, server, start, way, button, then):
    frame = open_map(page, server, f"?date={start}")
    _server_drew(page, start)
    assert frame.locator("body").evaluate(f"() => window.cmStepAhead('{way}')") is True
    ahead = _snapshot(frame)
    assert ahead["markers"] and {m[2] for m in ahead["markers"]} == {then}
    # The button now goes to the server, which draws the same day again.
    page.get_by_role("button", name=button).click()
    expect(page).to_have_url(re.compile(rf"date={then}"))
    _server_drew(page, then)
    assert _snapshot(frame) == ahead
    assert not page.errors


@pytest.mark.browser
def test_clicking_next_change_draws_the_next_day_before_the_server_answers(page, server):
    """The server's messages are held back after the click: the map must show the new day
    from what it holds, while the page around it still shows the old one."""
    held: list = []
    socket: dict = {"hold": False}

    def route(ws):
        to_server = ws.connect_to_server()
        socket["page"] = ws

        def from_server(message):
            if socket["hold"]:
                held.append(message)
            else:
                ws.send(message)

        to_server.on_message(from_server)

    page.route_web_socket(re.compile(r"_stcore/stream"), route)
    frame = open_map(page, server, "?date=2021-07-06")
    _server_drew(page, "2021-07-06")
    qala = marker(frame, "capital:qala-i-naw")
    expect(qala).to_have_class(has_class("cm-none"))
    socket["hold"] = True
    page.get_by_role("button", name="Next change ▶").click()
    expect(qala).to_have_class(has_class("cm-taliban"))
    expect(qala).to_have_attribute("data-day", "2021-07-07")
    expect(frame.locator('path[data-district="district:badghis:qala-i-naw"]')
           ).to_have_attribute("data-state", "taliban")
    # The page itself has not heard from the server yet.
    assert page.get_by_test_id("stSliderThumbValue").text_content() == "2021-07-06"
    socket["hold"] = False
    for message in held:
        socket["page"].send(message)
    _server_drew(page, "2021-07-07")
    expect(page.get_by_test_id("stSliderThumbValue")).to_have_text("2021-07-07")
    expect(qala).to_have_class(has_class("cm-taliban"))
    assert not page.errors


@pytest.mark.browser
def test_a_step_keeps_the_markers_of_places_that_look_the_same(page, server):
    """Only the places whose look changes are drawn again; the others keep their element and
    take the new day (drawing every marker again took most of a step on a large store)."""
    frame = open_map(page, server, "?date=2021-07-06")
    _server_drew(page, "2021-07-06")
    kandahar, qala = marker(frame, "capital:kandahar"), marker(frame, "capital:qala-i-naw")
    for place in (kandahar, qala):
        place.evaluate("el => { el.cmProbe = 'kept'; }")
    page.get_by_role("button", name="Next change ▶").click()
    _server_drew(page, "2021-07-07")
    expect(qala).to_have_class(has_class("cm-taliban"))
    assert qala.evaluate("el => el.cmProbe || ''") == ""
    expect(kandahar).to_have_attribute("data-day", "2021-07-07")
    assert kandahar.evaluate("el => el.cmProbe") == "kept"
    assert not page.errors
