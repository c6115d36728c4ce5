"""How fast the map draws and follows the timeline, in a real browser.

For the seed store and for a generated store of 10,000 events, this starts
``streamlit run dashboard.py`` against a temporary copy, and beside it the floor
(``benchmarks/reference_map.py``: the same outlines, district shading and markers through
``st_folium`` on an otherwise empty page), opens them in headless Chromium and measures:

* first map: from opening the page to the markers and the district shading drawn inside
  the map iframe (each
  server's first session, then new visitors to the dashboard and to the floor taken in
  turn, so both see the same load on the machine, and one reload); the ratio of the two
  medians is the dashboard's own cost;
* timeline step: from the click on "Next change" (or "Previous change" at the end) landing
  in the page to the first frame painted with every marker and the district shading
  showing the new date (``data-day``), over 20 steps, both read from the browser's own
  clock; the time Playwright's ``click()`` call takes to find the button, check that it is
  stable and report back is printed apart ("wall"), and is not the page's. The map draws
  the day the button leads to before the server answers (``dashboard_core/step_ahead.py``),
  so the time until the whole page shows the new day (the slider on it, the server's run
  finished) is printed too.

Targets: a new visitor's first map at most 1.2 times the floor's; a step under 200 ms on
the seeds, under 500 ms with 10,000 events.
Usage: ``python benchmarks/browser.py [--events N] [--steps N] [--visitors N] [--seeds-only]
[--reference-only] [--before CHECKOUT]``; ``--before`` measures another checkout's dashboard
in the same run, taken in turn with this one, and prints the ratios.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from control_changes.schema import EVENT_COLUMNS  # noqa: E402
from control_changes.store import open_store  # noqa: E402
from gazetteer.places import load_places  # noqa: E402

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# New visitors timed per store (the median is the figure held against the target).
VISITORS = 5
TARGETS = {"first_map_ratio": 1.2, "step_ms_seeds": 200, "step_ms_large": 500}
REFERENCE = "benchmarks/reference_map.py"


def generate_store(seed_db: Path, out: Path, n_events: int, seed: int = 7) -> None:
    """Copy the seed store and add synthetic events on real places, 1 May - 31 Aug 2021."""
    shutil.copy(seed_db, out)
    rng = random.Random(seed)
    places = load_places()
    places = places[places["place_type"].isin(
        ["capital", "district", "border_crossing", "military_site"])]
    ids = list(places.index)
    start = date(2021, 5, 1)
    rows = []
    for i in range(n_events):
        pid = rng.choice(ids)
        p = places.loc[pid]
        day = start + timedelta(days=rng.randrange(123))
        side = rng.choice(["taliban", "taliban", "government"])
        status = rng.choice(["confirmed", "reported", "reported", "claimed", "disputed",
                             "contested"])
        undated = rng.random() < 0.01
        row = {
            "event_id": f"synthetic{i:06d}", "place": p["name"], "place_id": pid,
            "place_type": p["place_type"], "province": p["province"],
            "province_id": p["province_id"], "admin1": p["province"], "admin2": p["district"],
            "country": p["country"], "latitude": float(p["latitude"]),
            "longitude": float(p["longitude"]), "geo_precision": p["precision"],
            "geo_precision_code": 1, "event_date": "" if undated else day.isoformat(),
            "date_precision": "undated" if undated else "day",
            "date_source": "none" if undated else "stated",
            "time_precision": None if undated else 1, "date_inferred": 0,
            "new_controller": side, "status": status, "scope": "place", "count": 0,
            "n_articles": 1, "n_stories": 1, "n_mentions": 1, "mention_statuses": status,
            "sources": f"synthetic-{i}.txt", "outlets": "Synthetic Wire",
            "first_published": day.isoformat(),
            "evidence": f"Synthetic report {i}: {p['name']} changed hands.",
            "reports_from": "" if undated else day.isoformat(),
            "reports_to": "" if undated else day.isoformat(),
        }
        rows.append(tuple(row[c] for c in EVENT_COLUMNS))
    with sqlite3.connect(out) as conn:
        marks = ",".join("?" * len(EVENT_COLUMNS))
        cols = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
        conn.executemany(f"INSERT INTO events ({cols}) VALUES ({marks})", rows)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db: Path, script: str = "dashboard.py", root: Path = ROOT):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "CONFLICT_MAP_DB": str(db)}
        # No file watcher, whatever the checkout's settings: watching a project whose virtual
        # environment lies inside it slowed its server, and a comparison must time the code.
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless",
             "true", "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("streamlit did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _map_frame(page):
    for frame in page.frames:
        if "st_folium" in frame.url:
            return frame
    raise RuntimeError("map iframe not found")


# Runs in every child frame before its own scripts: notes the first animation frame after a
# marker is inside a Leaflet map (the legend uses the same classes outside it). Waiting on
# the marker from Python alone would time Playwright's polling too, which backs off to 500 ms
# between looks and made loads seem up to half a second longer. It looks every 10 ms rather
# than observing mutations because an iframe's window outlives its first, blank document.
# For the steps, the page notes when a click lands, and the map's frame when every marker and
# the district shading first show a new day (at the next animation frame, when it is painted);
# a step is the time between the two, on one clock (performance.timeOrigin is shared).
_MARKER_CLOCK = """
(() => {
  if (window === window.top) {
    document.addEventListener('click', () => {
      window.__cmClickAt = performance.timeOrigin + performance.now();
    }, true);
    // The page has followed a step when the slider shows the new day and no script runs.
    window.__cmPageDay = '';
    setInterval(() => {
      const thumb = document.querySelector('[data-testid="stSliderThumbValue"]');
      const day = thumb ? thumb.textContent.trim() : '';
      if (!day || day === window.__cmPageDay
          || document.querySelector('[data-testid="stStatusWidget"]')) return;
      window.__cmPageDay = day;
      window.__cmPageDayAt = 0;
      requestAnimationFrame(() => {
        window.__cmPageDayAt = performance.timeOrigin + performance.now();
      });
    }, 5);
    return;
  }
  const look = setInterval(() => {
    if (!document.querySelector('.leaflet-container .cm-marker')
        || !document.querySelector('.leaflet-container path.cm-district[data-day]')) return;
    clearInterval(look);
    requestAnimationFrame(() => {
      window.__cmFirstMarker = performance.timeOrigin + performance.now();
    });
  }, 10);
  window.__cmDay = '';
  window.__cmDayShownAt = 0;
  setInterval(() => {
    const m = document.querySelectorAll('.leaflet-container .cm-marker');
    const d = document.querySelector('.leaflet-container path.cm-district[data-day]');
    if (!m.length || !d) return;
    const day = m[0].dataset.day;
    if (day === window.__cmDay || m[m.length - 1].dataset.day !== day
        || d.dataset.day !== day) return;
    window.__cmDay = day;
    window.__cmDayShownAt = 0;
    requestAnimationFrame(() => {
      window.__cmDayShownAt = performance.timeOrigin + performance.now();
    });
  }, 5);
})();
"""


def _visitor(browser):
    """A page in a new browser context (an empty cache) that notes when markers are drawn."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.add_init_script(_MARKER_CLOCK)
    return context.new_page()


def _first_map(page, url: str) -> float:
    """Seconds from the start of navigation to the first frame drawn with map markers (the
    page comes from ``_visitor``)."""
    page.goto(url)
    page.frame_locator(MAP_FRAME).locator(".cm-marker").first.wait_for(timeout=60_000)
    frame = _map_frame(page)
    frame.wait_for_function("() => window.__cmFirstMarker > 0", polling="raf")
    drawn = frame.evaluate("() => window.__cmFirstMarker")
    started = page.evaluate("() => performance.timeOrigin")
    return (drawn - started) / 1000


class _Stepper:
    """Clicks through the timeline of one open dashboard and times each step."""

    def __init__(self, page) -> None:
        self.page = page
        page.locator(MAP_FRAME).scroll_into_view_if_needed()
        self.frame = _map_frame(page)
        self.direction = "Next change ▶"
        self.steps: list[float] = []
        self.page_steps: list[float] = []
        self.wall: list[float] = []

    def step(self) -> None:
        page, frame = self.page, self.frame
        # Let the previous run finish: no script running, markers show one date.
        page.wait_for_timeout(100)
        _wait_idle(page)
        before = frame.evaluate("() => window.__cmDay")
        button = page.get_by_role("button", name=self.direction)
        # At either end the button turns disabled, maybe only once the last run is drawn:
        # wait a moment for it to be enabled, else turn round.
        try:
            button.wait_for(state="visible")
            page.wait_for_function("(b) => !b.disabled", arg=button.element_handle(),
                                   timeout=1500)
        except Exception:  # noqa: BLE001 - playwright's timeout: the button stays disabled
            self.direction = ("◀ Previous change" if self.direction.startswith("Next")
                              else "Next change ▶")
            button = page.get_by_role("button", name=self.direction)
        t0 = time.perf_counter()
        button.click()
        frame.wait_for_function(
            "(before) => window.__cmDay !== before && window.__cmDayShownAt > 0",
            arg=before, timeout=30_000)
        self.wall.append((time.perf_counter() - t0) * 1000)
        day, shown = frame.evaluate("() => [window.__cmDay, window.__cmDayShownAt]")
        clicked = page.evaluate("() => window.__cmClickAt")
        self.steps.append(shown - clicked)
        page.wait_for_function("(day) => window.__cmPageDay === day && window.__cmPageDayAt > 0",
                               arg=day, timeout=30_000)
        self.page_steps.append(page.evaluate("() => window.__cmPageDayAt") - clicked)


def measure(browser, url: str, floor_url: str, steps: int, visitors: int = VISITORS,
            before_url: str | None = None) -> dict:
    """First map on both pages (taken in turn), then timeline steps on the dashboard; with
    ``before_url`` (the same store shown by another checkout), that dashboard too, taken in
    turn with this one."""
    pages = [("page", url), ("floor", floor_url)] + ([("before", before_url)] if before_url
                                                      else [])
    cold = {}
    for name, where in pages:
        # Each server's first session (caches empty) in a new browser profile.
        page = _visitor(browser)
        cold[name] = _first_map(page, where)
        page.context.close()
    # New visitors (each an empty browser cache), servers warm: the target's case, timed
    # several times because one load varies by a few hundred milliseconds.
    new: dict[str, list[float]] = {name: [] for name, _ in pages}
    for i in range(visitors):
        for name, where in pages[i % len(pages):] + pages[:i % len(pages)]:
            page = _visitor(browser)
            new[name].append(_first_map(page, where))
            page.context.close()
    # A visitor reloading the dashboard.
    page = _visitor(browser)
    _first_map(page, url)
    reload = _first_map(page, url)
    first = {"cold": cold, "new": new, "reload": reload}
    # Steps, on each dashboard in turn.
    steppers = {"page": _Stepper(page)}
    if before_url:
        other = _visitor(browser)
        _first_map(other, before_url)
        steppers["before"] = _Stepper(other)
    for _ in range(steps):
        for stepper in steppers.values():
            stepper.step()
    n_markers = steppers["page"].frame.evaluate(
        "() => document.querySelectorAll('.cm-marker').length")
    for stepper in steppers.values():
        stepper.page.context.close()
    return {"first": first, "markers": n_markers,
            **{f"{k}_steps": v.steps for k, v in steppers.items()},
            **{f"{k}_page_steps": v.page_steps for k, v in steppers.items()},
            **{f"{k}_wall": v.wall for k, v in steppers.items()}}


def _wait_idle(page) -> None:
    """Until Streamlit shows no running script."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--visitors", type=int, default=VISITORS)
    parser.add_argument("--seeds-only", action="store_true",
                        help="measure the seed store only (skip the generated one)")
    parser.add_argument("--reference-only", action="store_true",
                        help="only the first map against the reference page, on the seeds "
                             "(no timeline steps)")
    parser.add_argument("--before", type=Path, metavar="CHECKOUT",
                        help="another checkout of the project (a git worktree of an earlier "
                             "commit): its dashboard is measured too, taken in turn with this "
                             "one on a copy of the same store, and the ratios printed")
    args = parser.parse_args(argv)
    if args.reference_only:
        args.seeds_only, args.steps = True, 0

    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if not chromium:
        print("chromium is not installed (apt-get install chromium)")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seeds.sqlite"
        open_store(seeds).close()
        stores = [("seeds", seeds, TARGETS["step_ms_seeds"])]
        if not args.seeds_only:
            large = Path(tmp) / "large.sqlite"
            generate_store(seeds, large, args.events)
            stores.append((f"{args.events:,} events", large, TARGETS["step_ms_large"]))
        results = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=[
                "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking"])
            for name, db, step_target in stores:
                servers = [Server(db), Server(db, REFERENCE)]
                try:
                    if args.before:
                        copy = db.with_name(f"before-{db.name}")
                        shutil.copy(db, copy)
                        servers.append(Server(copy, root=args.before.resolve()))
                    r = measure(browser, servers[0].url, servers[1].url, args.steps,
                                args.visitors, servers[2].url if args.before else None)
                finally:
                    for server in servers:
                        server.stop()
                results.append((name, r, step_target))
            browser.close()

    print(f"\nBrowser benchmark (headless Chromium, {os.cpu_count()} cores)")
    print(f"{'store':<15}{'markers':>8} | first map, new visitor (s): {'page':>5}{'ref.':>7}"
          f"{'ratio':>7} | cold page/ref. | reload | step (ms): {'median':>6}{'worst':>6}"
          " | verdict")
    ok_all = True
    for name, r, step_target in results:
        first = r["first"]
        page_med = statistics.median(first["new"]["page"])
        floor_med = statistics.median(first["new"]["floor"])
        ratio = page_med / floor_med
        steps = r["page_steps"]
        med, worst = (statistics.median(steps), max(steps)) if steps else (0, 0)
        ok = ratio <= TARGETS["first_map_ratio"] and (med < step_target or not steps)
        ok_all &= ok
        print(f"{name:<15}{r['markers']:>8} | {'':>27}{page_med:>5.2f}{floor_med:>7.2f}"
              f"{ratio:>7.2f} | {first['cold']['page']:>6.2f}/{first['cold']['floor']:<6.2f}"
              f"  | {first['reload']:>6.2f} | {'':>11}{med:>6.0f}{worst:>6.0f} | "
              f"{'meets' if ok else 'MISSES'} (ratio <= {TARGETS['first_map_ratio']}, "
              f"median step < {step_target} ms)")
        print(f"{'':<23} | page: {', '.join(f'{t:.2f}' for t in first['new']['page'])}; "
              f"reference: {', '.join(f'{t:.2f}' for t in first['new']['floor'])}")
        if steps:
            print(f"{'':<23} | steps (ms): {', '.join(f'{t:.0f}' for t in steps)}; "
                  f"wall, Playwright's call to the wait's end: median "
                  f"{statistics.median(r['page_wall']):.0f}")
            follow = r["page_page_steps"]
            print(f"{'':<23} | the whole page on the new day (slider, figures, chart; the "
                  f"server's run done): median {statistics.median(follow):.0f} ms, worst "
                  f"{max(follow):.0f}")
        if "before" in first["new"]:
            before = statistics.median(first["new"]["before"])
            print(f"{'':<23} | against {args.before}: first map {page_med:.2f} s against "
                  f"{before:.2f} s (ratio {page_med / before:.2f})", end="")
            if steps:
                old_med = statistics.median(r["before_steps"])
                print(f"; step median {med:.0f} ms against {old_med:.0f} ms (ratio "
                      f"{med / old_med:.2f})", end="")
                new_page = statistics.median(r["page_page_steps"])
                old_page = statistics.median(r["before_page_steps"])
                print(f"; whole page {new_page:.0f} ms against {old_page:.0f} ms (ratio "
                      f"{new_page / old_page:.2f})", end="")
            print()
    print("first map: page opened -> markers drawn in the map iframe. new visitor: empty "
          f"browser cache ({args.visitors} visitors to each page, taken in turn); cold: each "
          "server's first session; reload: a visitor opening the page again.\nstep: the click "
          "on Next/Previous change landing -> first frame painted with every marker and the "
          f"shading on the new date ({args.steps} steps); whole page: the same click -> the "
          "slider on the new date with no script running.")
    return 0 if ok_all else 1


if __name__ == "__main__":
    raise SystemExit(main())
