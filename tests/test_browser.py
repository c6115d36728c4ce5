"""End to end: a real ``streamlit run dashboard.py`` driven by headless Debian Chromium.

The server runs once for the module against a temporary store built from the seeds. Marker
state is read from the DOM inside the map iframe: every marker element carries
``cm-place-<place id>`` and ``cm-<state>`` classes. A screenshot of each failing test goes
to ``tests/artifacts/``; the map at 2021-07-08 and 2021-08-13 is saved there on every run.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT_MS = 30_000

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A streamlit server on a free port against a fresh seeded store; stopped at the end."""
    from control_changes.store import open_store

    db = tmp_path_factory.mktemp("browser") / "store.sqlite"
    open_store(db).close()
    port = _free_port()
    env = {**os.environ, "CONFLICT_MAP_DB": str(db)}
    log = open(db.with_suffix(".log"), "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise RuntimeError("streamlit did not start:\n"
                                   + db.with_suffix(".log").read_text()[-2000:])
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium")
    if not chromium:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); "
                    "browser tests need it")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture
def page(browser, server, request):
    """A fresh page; dialogs and script errors recorded; a screenshot if the test fails."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    pg.dialogs = []
    pg.errors = []

    def on_dialog(dialog):
        pg.dialogs.append(dialog.message)
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    failed_before = request.session.testsfailed
    yield pg
    if request.session.testsfailed > failed_before:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def open_map(page, server, query: str = ""):
    page.goto(f"{server}/{query}")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".cm-marker").first.wait_for()
    return frame


def marker(frame, place_id: str):
    token = re.sub(r"[^a-z0-9-]+", "-", place_id.lower())
    return frame.locator(f".cm-place-{token}")


def has_class(name: str):
    return re.compile(rf"(^|\s){re.escape(name)}(\s|$)")


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    time.sleep(0.3)
    page.screenshot(path=str(ARTIFACTS / name))


def test_map_loads_with_province_outlines_markers_and_legend(page, server):
    frame = open_map(page, server, "?date=2021-08-13")
    for pid in ("capital:herat", "capital:kandahar", "capital:ghazni", "capital:lashkar-gah"):
        expect(marker(frame, pid)).to_have_class(has_class("cm-taliban"))
    expect(marker(frame, "capital:feroz-koh")).to_have_class(has_class("cm-contested"))
    qala = marker(frame, "capital:qala-i-naw")
    expect(qala).to_have_class(has_class("cm-unconfirmed"))  # claimed by the Taliban
    assert frame.locator("path.leaflet-interactive, svg path").count() >= 34
    expect(page.get_by_text("Who holds it")).to_be_visible()
    expect(page.get_by_text("GeoNames").first).to_be_attached()
    screenshot(page, "map-2021-08-13.png")
    assert not page.errors


def test_timeline_steps_change_who_holds_qala_i_naw_and_islam_qala(page, server):
    frame = open_map(page, server, "?date=2021-07-06")
    qala = marker(frame, "capital:qala-i-naw")
    islam = marker(frame, "crossing:islam-qala")
    expect(qala).to_have_class(has_class("cm-none"))
    expect(islam).to_have_class(has_class("cm-none"))
    # Mark the Leaflet map: if a step rebuilt the map from scratch, the mark would be gone.
    frame.locator(".leaflet-container").evaluate("el => { window.cmProbe = 'kept'; }")

    page.get_by_role("button", name="Next change ▶").click()
    expect(qala).to_have_class(has_class("cm-taliban"))
    expect(islam).to_have_class(has_class("cm-none"))
    expect(page).to_have_url(re.compile(r"date=2021-07-07"))

    page.get_by_role("button", name="Next change ▶").click()
    expect(qala).to_have_class(has_class("cm-government"))
    expect(qala).to_have_class(has_class("cm-unconfirmed"))  # only the ministry claims it
    expect(islam).to_have_class(has_class("cm-taliban"))
    expect(islam).to_have_class(has_class("cm-unconfirmed"))  # reported and denied
    expect(page).to_have_url(re.compile(r"date=2021-07-08"))
    expect(page.get_by_role("heading", name="Thursday 8 July 2021")).to_be_visible()
    assert frame.locator(".leaflet-container").evaluate("el => window.cmProbe") == "kept"
    screenshot(page, "map-2021-07-08.png")
    assert not page.errors


def test_province_in_the_url_filters_the_map(page, server):
    frame = open_map(page, server, "?date=2021-08-13&province=Herat")
    expect(marker(frame, "capital:herat")).to_have_class(has_class("cm-taliban"))
    expect(marker(frame, "capital:kandahar")).to_have_count(0)
    expect(marker(frame, "crossing:islam-qala")).to_have_count(1)


def test_only_border_crossings_filter(page, server):
    frame = open_map(page, server, "?date=2021-08-13")
    expect(marker(frame, "capital:herat")).to_have_count(1)
    page.get_by_text("Only border crossings").click()
    expect(marker(frame, "capital:herat")).to_have_count(0)
    expect(marker(frame, "crossing:islam-qala")).to_have_class(has_class("cm-taliban"))
    expect(page).to_have_url(re.compile(r"crossings=only"))


def test_clicking_a_place_opens_its_history(page, server):
    frame = open_map(page, server, "?date=2021-08-13")
    # Scroll first: a click that scrolls Streamlit's main container lands off target.
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    time.sleep(0.3)
    marker(frame, "capital:lashkar-gah").click()
    expect(page.get_by_role("heading", name="History of Lashkar Gah")).to_be_visible()
    expect(page.get_by_text("senior Afghan security source").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"place=capital%3Alashkar-gah|place=capital:lashkar-gah"))


def _wait_idle(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT_MS)


def test_uploaded_article_appears_on_the_map(page, server):
    page.goto(f"{server}/Add_articles")
    page.locator('input[type="file"]').set_input_files(str(FIXTURES / "dashboard_kunduz.txt"))
    expect(page.get_by_text("dashboard_kunduz.txt")).to_be_visible()
    page.get_by_role("button", name="Save to the store").click()
    expect(page.get_by_text("Saved 1 article")).to_be_visible()
    frame = open_map(page, server, "?date=2021-08-08")
    expect(marker(frame, "capital:kunduz")).to_have_class(has_class("cm-taliban"))
    assert not page.errors


def test_hostile_article_runs_no_script_on_any_page(page, server):
    hostile = (FIXTURES / "dashboard_hostile.txt").read_text()
    page.goto(f"{server}/Add_articles")
    page.get_by_label("Or paste an article").fill(hostile)
    page.get_by_label("Outlet").fill("<script>alert(1)</script><img src=x onerror=alert(1)>")
    for part, value in (("year", "2021"), ("month", "08"), ("day", "14")):
        page.get_by_role("spinbutton", name=f"{part}, Publication date").click()
        page.keyboard.type(value)
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Save to the store").click()
    expect(page.get_by_text("Saved 1 article")).to_be_visible()

    frame = open_map(page, server, "?date=2021-08-14&place=capital:mazar-i-sharif")
    mazar = marker(frame, "capital:mazar-i-sharif")
    expect(mazar).to_have_class(has_class("cm-taliban"))
    mazar.hover()
    expect(page.get_by_role("heading", name="History of Mazar-i-Sharif")).to_be_visible()
    expect(page.get_by_text("<script>alert(1)</script><img src=x onerror=alert(1)>").first
           ).to_be_visible()
    for path in ("Events", "Articles", "Places", "Add_articles"):
        page.goto(f"{server}/{path}")
        page.get_by_role("heading", level=1).first.wait_for()
        _wait_idle(page)
    page.goto(f"{server}/Articles")
    page.get_by_text("<script>alert(1)</script> Taliban seize Mazar").first.wait_for()
    time.sleep(1)
    assert page.dialogs == []
    assert not page.errors


# -- issue 23: the dashboard as a newcomer finds it ------------------------------------------

def _viewport_page(browser, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    return pg


def test_clicking_the_qala_i_naw_marker_opens_its_history(page, server):
    """Regression (item 1): the click was matched to the table by coordinates rounded two
    ways (34.98735 became 34.9873 and 34.9874), so Qala-i-Naw's marker never opened."""
    frame = open_map(page, server, "?date=2021-08-13")
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    time.sleep(0.3)
    marker(frame, "capital:qala-i-naw").click()
    expect(page.get_by_role("heading", name="History of Qala-i-Naw")).to_be_visible()
    expect(page).to_have_url(re.compile(r"place=capital(%3A|:)qala-i-naw"))
    # A second click on another place opens that one.
    marker(frame, "capital:herat").click()
    expect(page.get_by_role("heading", name="History of Herat")).to_be_visible()
    assert not page.errors


# Rectangles of the names and markers drawn in the map, and whether each marker is the
# element on top at its own centre (nothing drawn over it).
_LAYOUT_JS = """() => {
  const box = el => { const r = el.getBoundingClientRect();
                      return [r.left, r.top, r.right, r.bottom]; };
  const labels = [...document.querySelectorAll('.cm-label')]
    .filter(el => getComputedStyle(el).display !== 'none')
    .map(el => ({text: el.textContent, box: box(el)}));
  const markers = [...document.querySelectorAll('.leaflet-container .cm-marker')].map(el => {
    const [l, t, r, b] = box(el);
    const top = document.elementFromPoint((l + r) / 2, (t + b) / 2);
    return {place: el.dataset.place, box: [l, t, r, b], onTop: top === el};
  });
  const map = box(document.querySelector('.leaflet-container'));
  return {labels, markers, map};
}"""


def _overlap(a, b) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


@pytest.mark.parametrize("width,height", [(1400, 900), (1024, 768)])
def test_places_and_names_do_not_hide_each_other_at_country_zoom(browser, server, width,
                                                                 height):
    """Regression (item 2): on 8 July the Herat province ring lay over the Herat city marker
    and Qala-i-Naw's name was drawn over the Badghis marker."""
    page = _viewport_page(browser, width, height)
    try:
        open_map(page, server, "?date=2021-07-08")
        frame = next(f for f in page.frames if "st_folium" in f.url)
        frame.wait_for_function("() => document.querySelectorAll('.cm-area').length >= 3")
        time.sleep(0.5)
        layout = frame.evaluate(_LAYOUT_JS)
        screenshot(page, f"map-2021-07-08-{width}.png")
    finally:
        page.context.close()
    on_top = {m["place"]: m["onTop"] for m in layout["markers"]}
    assert on_top["capital:herat"] and on_top["capital:qala-i-naw"], on_top
    assert all(on_top.values()), [p for p, top in on_top.items() if not top]
    assert {lab["text"] for lab in layout["labels"]} >= {"Herat", "Qala-i-Naw"}
    x0, y0, x1, y1 = layout["map"]
    for i, lab in enumerate(layout["labels"]):
        left, top, right, bottom = lab["box"]
        assert x0 <= left and right <= x1 and y0 <= top and bottom <= y1, lab
        for other in layout["labels"][i + 1:]:
            assert not _overlap(lab["box"], other["box"]), (lab, other)
        for m in layout["markers"]:
            assert not _overlap(lab["box"], m["box"]), (lab, m)


def test_chart_date_does_not_print_over_the_legend(page, server):
    """Regression (item 5): the chosen day's label ("2021-07-08") printed over the legend's
    "Provincial capitals"."""
    for day in ("2021-07-05", "2021-07-08", "2021-08-13"):
        open_map(page, server, f"?date={day}")
        chart = page.locator("svg.cm-chart")
        chart.scroll_into_view_if_needed()
        boxes = chart.evaluate("""svg => [...svg.querySelectorAll('text')].map(t => {
            const r = t.getBoundingClientRect();
            return {text: t.textContent, cls: t.getAttribute('class') || '',
                    box: [r.left, r.top, r.right, r.bottom]}; })""")
        date_label = next(b for b in boxes if b["cls"] == "cm-chart-date")
        assert date_label["text"] == day
        for other in boxes:
            if other is not date_label:
                assert not _overlap(date_label["box"], other["box"]), (day, other)


# Text elements that must show whole: button labels, metric labels and values, the headings.
_CUT_JS = """() => {
  const sel = ['button p', 'button', '[data-testid="stMetricLabel"] *',
               '[data-testid="stMetricValue"] *', 'h1', 'h2', 'h3',
               '[data-testid="stSegmentedControl"] button'];
  const cut = [];
  for (const el of document.querySelectorAll(sel.join(','))) {
    if (!el.offsetParent || !el.textContent.trim()) continue;
    if (el.closest('[data-testid="stSidebar"]')) continue;
    if (el.scrollWidth > el.clientWidth + 1) cut.push(el.textContent.trim().slice(0, 60));
  }
  return cut;
}"""


@pytest.mark.parametrize("width,height", [(1024, 768), (1280, 720), (1400, 900)])
def test_page_reads_whole_at_ordinary_widths_with_the_map_above_the_fold(browser, server,
                                                                         width, height):
    """Regression (item 6): at 1400 px "Border crossings held by the Tal…" was cut; at
    1024x768 the buttons read "◀ Prev…", "Next …", "▶…" and the map began below the fold."""
    page = _viewport_page(browser, width, height)
    try:
        open_map(page, server, "?date=2021-08-13")
        _wait_idle(page)
        time.sleep(0.5)
        cut = page.evaluate(_CUT_JS)
        top = page.locator(MAP_FRAME).bounding_box()["y"]
        screenshot(page, f"map-{width}x{height}.png")
    finally:
        page.context.close()
    assert cut == []
    assert top < height * 0.45, f"the map starts at {top:.0f} px of {height}"


def test_first_page_is_called_map_in_the_page_list(page, server):
    """Regression (item 7): the first page was listed as "dashboard", the file's name."""
    page.goto(server)
    nav = page.locator('[data-testid="stSidebarNav"] a')
    expect(nav.first).to_have_text(re.compile(r"^\s*Map\s*$"))
    expect(page.get_by_text("dashboard", exact=True)).to_have_count(0)


def test_play_goes_day_by_day_with_the_date_shown(page, server):
    """Play used to jump from change to change; it now shows every day (9 July has no
    change) with the date in the heading, and stops on Pause."""
    open_map(page, server, "?date=2021-07-08")
    page.locator("[data-testid=stButtonGroup]").get_by_text("Slow", exact=True).click()
    _wait_idle(page)
    page.get_by_role("button", name="▶ Play").click()
    expect(page.get_by_role("heading", name="Friday 9 July 2021")).to_be_visible()
    expect(page.get_by_role("heading", name="Saturday 10 July 2021")).to_be_visible()
    page.get_by_role("button", name="⏸ Pause").click()
    expect(page.get_by_role("button", name="▶ Play")).to_be_visible()
    stopped = page.get_by_role("heading", level=3).filter(has_text="2021").first.inner_text()
    time.sleep(2.5)
    assert page.get_by_role("heading", level=3).filter(
        has_text="2021").first.inner_text() == stopped
    assert not page.errors


def _district(frame, district_id: str):
    return frame.locator(f'path[data-district="{district_id}"]')


def test_district_layer_is_drawn_and_a_step_refills_a_fallen_district(page, server):
    frame = open_map(page, server, "?date=2021-07-06")
    qala = _district(frame, "district:badghis:qala-i-naw")
    expect(qala).to_have_attribute("data-state", "none")
    assert frame.locator("path.cm-district").count() >= 370
    before = qala.evaluate("el => getComputedStyle(el).fill + ' ' + getComputedStyle(el)"
                           ".fillOpacity")
    # Mark the path: if a step sent the outlines again, a new element would replace it.
    qala.evaluate("el => { el.cmProbe = 'kept'; }")

    page.get_by_role("button", name="Next change ▶").click()
    expect(qala).to_have_attribute("data-state", "taliban")
    expect(qala).to_have_attribute("data-day", "2021-07-07")
    after = qala.evaluate("el => getComputedStyle(el).fill + ' ' + getComputedStyle(el)"
                          ".fillOpacity")
    assert after != before
    assert after.startswith("rgb(213, 94, 0)")
    assert qala.evaluate("el => el.cmProbe") == "kept"
    # the province outlines are drawn above the shading
    assert frame.locator(".leaflet-cmBorders-pane path.cm-border").count() == 34

    page.get_by_text("Markers only").click()
    expect(qala).to_have_class(has_class("cm-d-off"))
    expect(marker(frame, "capital:qala-i-naw")).to_have_class(has_class("cm-taliban"))
    assert not page.errors


def test_the_rest_of_the_page_arrives_without_reloading_the_map(page, server):
    """The map is drawn alone first, and the sidebar comes with a run of the whole page that
    the day's part of the page (a fragment) asks for: the map stays loaded through it, and a
    step reruns the day's part alone."""
    loads = []
    page.on("framenavigated", lambda f: loads.append(f.url) if "st_folium" in f.url else None)
    frame = open_map(page, server, "?date=2021-08-13")
    frame.locator("body").evaluate("b => { window.cmMark = 1; }")
    # the sidebar's filters come only with a run of the whole page
    expect(page.get_by_text("Reset filters")).to_be_visible()
    expect(page.get_by_role("button", name="Next change ▶")).to_be_visible()
    assert frame.locator("body").evaluate("() => window.cmMark") == 1
    assert len(loads) == 1
    # a step reruns only the day's part: the map and the filters stay as they are
    page.get_by_role("button", name="◀ Previous change").click()
    expect(marker(frame, "capital:kandahar")).to_have_attribute("data-day", "2021-08-12")
    expect(page.get_by_text("Reset filters")).to_be_visible()
    assert frame.locator("body").evaluate("() => window.cmMark") == 1 and len(loads) == 1
    assert not page.errors
