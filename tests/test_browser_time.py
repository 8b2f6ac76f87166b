"""The As-of slider plays in Chromium: the map changes month by month and stops at the last month."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from corridors import settings
from corridors.output import store
from corridors.web import corpus_view, filters, loader

from .browser import CHROMIUM, ROUTE_PATHS, launch, map_frame, streamlit_server, wait_for_routes

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} not installed (make browser)", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser


def bundled() -> dict:
    """The bundled data as the app reads it (with its store's documents)."""
    path = str(settings.GEOJSON_PATH)
    return corpus_view.with_store(loader.load(path), store.open_checked(corpus_view.path_for(path)))


def test_play_moves_as_of_month_by_month_and_the_map_follows_until_the_last_month():
    data = bundled()
    frames = filters.as_of_months(data)
    start = frames[-4]
    shown = {f: len(filters.apply(data, filters.View(asof=f))) for f in frames[-4:]}
    assert len(set(shown.values())) > 1  # the map must change while it plays
    seen: dict[dt.date, int] = {}
    with playwright_api.sync_playwright() as p, streamlit_server() as url:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{url}/?asof={start.isoformat()}")
        wait_for_routes(page, shown[start])
        sidebar = page.get_by_test_id("stSidebar")
        sidebar.get_by_role("button", name="Play").click()
        for frame in frames[-3:]:  # each frame: the link's and caption's As-of is its date, the map its routes
            page.wait_for_function(f"location.search.includes('asof={frame.isoformat()}')", timeout=30_000)
            caption = page.get_by_text(f"routes shown, as of {frame.isoformat()}")
            caption.wait_for(timeout=30_000)
            wait_for_routes(page, shown[frame])
            seen[frame] = map_frame(page).locator(ROUTE_PATHS).count()
        sidebar.get_by_role("button", name="Play").wait_for(timeout=30_000)  # stopped at the last month
        page.wait_for_timeout(2500)
        assert f"asof={frames[-1].isoformat()}" in page.url
        assert sidebar.get_by_label("As of, by month").count() == 1
        browser.close()
    assert seen == {f: shown[f] for f in frames[-3:]}


def test_pause_stops_the_slider_where_it_is():
    data = bundled()
    frames = filters.as_of_months(data)
    with playwright_api.sync_playwright() as p, streamlit_server() as url:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{url}/?asof={frames[0].isoformat()}")
        wait_for_routes(page, len(filters.apply(data, filters.View(asof=frames[0]))))
        sidebar = page.get_by_test_id("stSidebar")
        sidebar.get_by_role("button", name="Play").click()
        page.wait_for_function(f"location.search.includes('asof={frames[1].isoformat()}')", timeout=30_000)
        sidebar.get_by_role("button", name="Pause").click()
        sidebar.get_by_role("button", name="Play").wait_for(timeout=30_000)
        paused = page.url
        page.wait_for_timeout(3000)
        assert page.url == paused and "asof=" in paused
        browser.close()
