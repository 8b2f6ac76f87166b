"""A route's page in Debian's Chromium, on the fixture world: facts, status timeline, quotes, Cite;
an unknown route is a notice and the map.

Set CORRIDORS_SCREENSHOT=docs/screenshot-route.png to keep screenshots of the page (desktop and phone)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .browser import CHROMIUM, streamlit_server, wait_for_routes

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: CI must run the browser tests (apt-get install -y chromium)")
    pytest.skip(f"{CHROMIUM} not installed (make browser)", allow_module_level=True)

pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser
SIZES = {"": {"width": 1440, "height": 900}, "-phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def app(world):
    with streamlit_server(geojson=world.geojson) as url:
        yield url


@pytest.mark.parametrize("size", list(SIZES))
def test_a_routes_page_shows_its_facts_timeline_and_quotes(browser, app, size):
    context = browser.new_context(viewport=SIZES[size], is_mobile=bool(size), has_touch=bool(size))
    page = context.new_page()
    page.goto(f"{app}/?route_page=almaty-karachi-air")
    facts = page.locator(".route-page[data-route='almaty-karachi-air'] table.facts")
    facts.wait_for(timeout=60_000)
    assert "Kazakhstan → Pakistan" in facts.inner_text() and "Length" in facts.inner_text()
    timeline = page.locator("ol.status-timeline li")
    assert timeline.count() == 2
    assert (
        "Proposed" in timeline.nth(0).inner_text()
        and "plans direct Almaty-Karachi flights" in timeline.nth(0).inner_text()
    )
    assert "Suspended" in timeline.nth(1).inner_text() and "Railway framework signed" in timeline.nth(1).inner_text()
    page.get_by_text("Quotes (2)").wait_for()
    assert page.locator(".quote mark", has_text="suspended for the winter").count() == 1
    assert page.locator("ul.route-documents li").count() == 2
    target = os.environ.get("CORRIDORS_SCREENSHOT")
    if target:
        page.wait_for_timeout(500)
        page.screenshot(path=str(Path(target).with_stem(Path(target).stem + size)), full_page=False)
    context.close()


def test_as_of_the_page_shows_only_what_was_published_then(browser, app):
    page = browser.new_page(viewport=SIZES[""])
    page.goto(f"{app}/?route_page=almaty-karachi-air&asof=2022-01-01")
    page.locator(".route-page").wait_for(timeout=60_000)
    assert page.locator("ol.status-timeline li").count() == 1
    page.get_by_text("Quotes (1)").wait_for()
    assert "Railway framework signed" not in page.locator("[data-testid='stMain']").inner_text()
    page.close()


def test_an_unknown_route_is_a_notice_and_the_map(browser, app):
    page = browser.new_page(viewport=SIZES[""])
    page.goto(f"{app}/?route_page=atlantis")
    wait_for_routes(page, 3)
    assert page.get_by_text("No route 'atlantis' to show a page of: here is the map.").is_visible()
    assert page.locator(".route-page").count() == 0
    page.close()
