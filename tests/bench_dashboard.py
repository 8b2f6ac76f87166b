"""Dashboard benchmark (part of `make bench`): our app against the tutorial-way reference, in
headless Chromium on this machine, same GeoJSON, measured in one run."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from corridors.webmap import install_leaflet

from .browser import ROOT, launch, streamlit_server

REFERENCE = Path(__file__).parent / "reference_app.py"
CHANGES = 10


def _route_count(page) -> int | None:
    for frame in page.frames:
        if "streamlit_folium" in frame.url:
            try:
                return frame.evaluate("document.querySelectorAll('path.corridor').length")
            except Exception:  # the frame is being replaced (a remount)
                return None
    return None


def _wait_count(page, count: int, timeout: float = 60) -> float:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if _route_count(page) == count:
            return time.perf_counter()
        page.wait_for_timeout(5)  # lets Playwright deliver frame events; time.sleep would not
    msg = f"map never showed {count} routes"
    raise TimeoutError(msg)


def _mark(page) -> None:
    for frame in page.frames:
        if "streamlit_folium" in frame.url:
            frame.evaluate("window.__bench_mark = window.map")


def _same_map(page) -> bool:
    for frame in page.frames:
        if "streamlit_folium" in frame.url:
            return bool(frame.evaluate("window.__bench_mark !== undefined && window.__bench_mark === window.map"))
    return False


def _toggle_china(page, on: bool) -> float:
    """Choose or clear Country=China in the sidebar; return when the click happened."""
    box = page.get_by_test_id("stSidebar").get_by_label("Country", exact=True)
    if on:
        box.click()
        box.fill("China")
        option = page.get_by_role("option", name="China", exact=True)
        option.wait_for()
        started = time.perf_counter()
        option.click()
        page.keyboard.press("Escape")
        return started
    clear = page.get_by_test_id("stSidebar").get_by_role("button", name="Clear all")
    started = time.perf_counter()
    clear.click()
    return started


def _measure(app: Path, total: int, playwright) -> dict:
    install_leaflet(app.parent / "static")  # Streamlit serves static/ only if it exists at start-up
    with streamlit_server(app) as url:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        page.goto(url)  # warm the server: imports, caches, Leaflet copied
        _wait_count(page, total)
        firsts = []
        for _ in range(3):
            started = time.perf_counter()
            page.goto(url)
            firsts.append(_wait_count(page, total) - started)
        changes, remounts = [], 0
        for i in range(CHANGES):
            _mark(page)
            on = i % 2 == 0
            started = _toggle_china(page, on)
            changes.append(_wait_count(page, 1 if on else total) - started)
            remounts += not _same_map(page)
        browser.close()
    return {"first": statistics.median(firsts), "change": statistics.median(changes), "remounts": remounts}


def bench_dashboard() -> list[str]:
    import json

    from playwright.sync_api import sync_playwright

    from corridors import settings

    total = len(json.loads(settings.GEOJSON_PATH.read_text(encoding="utf-8"))["features"])
    with sync_playwright() as p:
        ours = _measure(ROOT / "dashboard" / "app.py", total, p)
        ref = _measure(REFERENCE, total, p)
    ratio = ours["change"] / ref["change"]
    return [
        "## Dashboard (headless Chromium, warm server)",
        "",
        "Our `dashboard/app.py` against `tests/reference_app.py`, the same map written the tutorial way "
        "(a new folium map with every route on each rerun, `st_folium` with defaults), both on the bundled "
        "GeoJSON with the same local Leaflet. *First map*: from navigation to every route drawn (median of 3 "
        f"loads after a warm-up). *Filter change*: from the click on Country=China (or on clearing it) to the "
        f"map showing the new set, median of {CHANGES} changes. *Remounts*: changes after which the Leaflet "
        "map object was a new one. Goal: filter changes at most 0.4x the reference, no remount, first map "
        "under 1.5 s.",
        "",
        "| app | first map s | filter change s (median) | remounts |",
        "|---|---:|---:|---:|",
        f"| dashboard/app.py | {ours['first']:.2f} | {ours['change']:.2f} | {ours['remounts']}/{CHANGES} |",
        f"| reference (tutorial way) | {ref['first']:.2f} | {ref['change']:.2f} | {ref['remounts']}/{CHANGES} |",
        "",
        f"Filter change, ours / reference: **{ratio:.2f}x**.",
    ]


if __name__ == "__main__":
    print("\n".join(bench_dashboard()))
