"""The dashboard in Debian's Chromium, offline: map, filters, share links, route cards, escaping.

Set CORRIDORS_SCREENSHOT=docs/screenshot.png to refresh the README screenshot (`make screenshot`).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from click.testing import CliRunner

from corridors import settings
from corridors.cli import cli

from .archive import write_archive
from .browser import CHROMIUM, ROUTE_PATHS, click_route, launch, streamlit_server, wait_for_routes

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: CI must run the browser tests (apt-get install -y chromium)")
    pytest.skip(f"{CHROMIUM} not installed (make browser)", allow_module_level=True)

playwright_api = pytest.importorskip("playwright.sync_api")
BUNDLED = json.loads(settings.GEOJSON_PATH.read_text(encoding="utf-8"))["features"]  # what the app shows
ROUTES = len(BUNDLED)
IN_CHINA = sum("CN" in f["properties"]["countries"] for f in BUNDLED)
AIR = sum("air" in f["properties"]["modes"] for f in BUNDLED)
SCRATCH = Path(__file__).parent.parent / ".pytest_cache"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = launch(p)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def app():
    with streamlit_server() as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    page = context.new_page()
    page.outside = []  # requests that left this machine: only map tiles may try
    page.on("request", lambda r: urlparse(r.url).hostname not in ("127.0.0.1", None) and page.outside.append(r.url))
    yield page
    context.close()


def choose(page, label: str, option: str) -> None:
    box = page.get_by_test_id("stSidebar").get_by_label(label, exact=True)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def test_every_route_is_drawn_offline_with_local_leaflet(page, app):
    page.goto(f"{app}/?selected=karakoram")
    frame = wait_for_routes(page, ROUTES)
    page.locator(".route-card[data-route='karakoram']").wait_for()
    assert frame.evaluate("L.version") == "1.9.3"
    assert frame.locator(".corridors-legend").inner_text().startswith("Status")
    # the country outlines come from this server too: orientation when tiles cannot load
    frame.wait_for_function("document.querySelectorAll('path.outline').length >= 15")
    assert all(urlparse(u).hostname == "tile.openstreetmap.org" for u in page.outside), page.outside
    page.wait_for_timeout(500)
    page.screenshot(
        path=os.environ.get("CORRIDORS_SCREENSHOT")
        or str(Path(settings.DATA_DIR).parent.parent / ".pytest_cache" / "screenshot.png")
    )


def test_country_filter_narrows_the_map_and_the_link_reopens_it(page, app, browser):
    page.goto(app)
    frame = wait_for_routes(page, ROUTES)
    frame.evaluate("window.__same_map = window.map")
    choose(page, "Country", "China")
    frame = wait_for_routes(page, IN_CHINA)
    assert frame.locator(f"{ROUTE_PATHS}.corridor-karakoram").count() == 1
    # the route layer changed in place: the same Leaflet map, not a remounted one
    assert frame.evaluate("window.__same_map === window.map")
    page.wait_for_function("location.search.includes('country=CN')")
    shared = page.url
    assert parse_qs(urlparse(shared).query)["country"] == ["CN"]

    other = browser.new_page()
    other.goto(shared)
    frame = wait_for_routes(other, IN_CHINA)
    assert frame.locator(f"{ROUTE_PATHS}.corridor-karakoram").count() == 1
    assert "China" in other.get_by_test_id("stSidebar").inner_text()
    other.close()


def test_panning_and_zooming_never_rerun_the_app(page, app):
    sent = []  # every message the page sends the server; a rerun is one of them
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    page.goto(app)
    frame = wait_for_routes(page, ROUTES)
    page.wait_for_timeout(1000)
    before = len(sent)
    frame.evaluate("window.map.setZoom(window.map.getZoom() + 1)")
    page.wait_for_timeout(600)
    frame.evaluate("window.map.panBy([120, 80])")
    page.wait_for_timeout(1200)  # streamlit-folium reports map moves after 250 ms
    assert len(sent) == before


def test_clicking_a_route_opens_its_card_with_a_verbatim_quote(page, app):
    page.goto(f"{app}/?mode=air")
    wait_for_routes(page, AIR)
    click_route(page, "almaty-lahore-air")
    card = page.locator(".route-card[data-route='almaty-lahore-air']")
    card.wait_for(timeout=30_000)
    quote = "Due to the winter season, our airline SCAT decided to suspend flights temporarily"
    assert quote in card.locator(".status-quote").inner_text()
    page.wait_for_function("location.search.includes('selected=almaty-lahore-air')")


XSS_TITLE = "<img src=x onerror=window.__xss='title'>"
XSS_AUTHOR = "</script><script>window.__xss='author'</script>"
XSS_SENTENCE = (
    "The Karakoram Highway was reopened <img src=x onerror=window.__xss='quote'> "
    "`${window.__xss='literal'}` </script><script>window.__xss='script'</script> this week."
)


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    seeds = root / "seeds"
    shutil.copytree(settings.SEEDS_DIR, seeds)
    (seeds / "zz_hostile.md").write_text(
        "---\n"
        f'title: "{XSS_TITLE}"\n'
        f'author: "{XSS_AUTHOR}"\n'
        'outlet: "`${window.__xss=1}`"\n'
        "date: 2026-01-05\n"
        f"---\n{XSS_SENTENCE}\n",
        encoding="utf-8",
    )
    out = root / "hostile.geojson"
    result = CliRunner().invoke(cli, ["build", "--seeds", str(seeds), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with streamlit_server(geojson=out) as url:
        yield url


def test_hostile_document_text_is_shown_literally_and_runs_nothing(page, hostile_app):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{hostile_app}/?selected=karakoram")
    frame = wait_for_routes(page, ROUTES)
    click_route(page, "karakoram")  # opens the route's tooltip on the map too
    card = page.locator(".route-card[data-route='karakoram']")
    card.wait_for(timeout=30_000)
    assert XSS_TITLE in card.inner_text()
    assert "`${window.__xss='literal'}`" in card.inner_text()
    assert frame.evaluate("window.__xss") is None
    page.get_by_role("radio", name="Sources", exact=True).click()
    page.locator("summary").filter(has_text=XSS_TITLE).click()
    page.locator("details[open]").get_by_text(XSS_AUTHOR).wait_for()
    assert "`${window.__xss='literal'}`" in page.locator("details[open]").inner_text()
    page.wait_for_timeout(500)
    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    assert page.locator("a[href^='javascript']").count() == 0


def test_sources_search_highlights_hits_and_opens_a_document_with_its_mentions(page, tmp_path):
    with streamlit_server(db=write_archive(tmp_path / "archive.sqlite")) as url:
        page.goto(url)
        page.get_by_role("radio", name="Sources", exact=True).click()
        page.get_by_text("45 documents, newest first · page 1 of 3").wait_for(timeout=30_000)
        page.locator("summary").nth(19).wait_for(timeout=30_000)
        assert page.locator("summary").count() == 20
        box = page.get_by_label("Search titles and texts")
        box.fill("termez")
        box.press("Enter")
        page.get_by_text("15 documents, newest first", exact=True).wait_for(timeout=30_000)
        hits = page.locator(".snippet mark", has_text="Termez")
        hits.nth(14).wait_for(timeout=30_000)
        assert hits.count() == 15
        page.locator("summary").filter(has_text="Report 3 —").click()
        assert page.locator("details[open] mark[title='Karakoram Highway']").inner_text() == "railway"


def test_a_geojson_not_made_by_the_build_is_one_clear_message_in_the_browser(page, tmp_path):
    folder = tmp_path / "*see*[here](https:evil.example)"  # words of a file are shown, never rendered
    folder.mkdir()
    plain = folder / "plain.geojson"
    line = {"type": "LineString", "coordinates": [[67.0, 24.8], [76.9, 43.2]]}
    feature = {"type": "Feature", "geometry": line, "properties": {"name": "Karachi–Almaty"}}
    plain.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    with streamlit_server(geojson=plain) as url:
        page.goto(url)
        alert = page.get_by_test_id("stAlertContentError")
        alert.wait_for(timeout=30_000)
        page.wait_for_timeout(500)  # the script has stopped: nothing else is coming
        assert alert.count() == 1
        assert "documents: missing: a plain GeoJSON file" in alert.inner_text()
        assert "run `corridors build` to make one" in alert.inner_text()
        assert f"{folder}/plain.geojson: documents" in alert.inner_text()
        assert alert.locator("a, em").count() == 0
        assert page.get_by_test_id("stException").count() == 0
        assert page.locator("iframe").count() == 0
        if shot := os.environ.get("CORRIDORS_ERROR_SCREENSHOT"):
            page.screenshot(path=shot, full_page=True)
