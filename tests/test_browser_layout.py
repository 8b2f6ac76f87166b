"""The map as the hero, in Chromium: as large as the screen allows, the card in a panel of its own
(a sheet on a phone) that never moves the map away, and a selection from outside the map (search,
the card's list, a table row) zooms to it, a place searched marked with its name."""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import CHROMIUM, click_route, map_frame, wait_for_routes

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} not installed (make browser)", allow_module_level=True)
pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1440, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
ROUTES = 11
PANEL = ".st-key-card_panel"
ZOOM = "window.map.getZoom()"
MARKED = """() => [...document.querySelectorAll("iframe")].some((f) => {
  try { return f.contentDocument.querySelector(".searched-place-name") !== null; } catch (e) { return false; } })"""


@pytest.fixture(params=["desktop", "phone"])
def size(request, browser):
    context = browser.new_context(**(DESKTOP if request.param == "desktop" else PHONE))
    yield context.new_page()
    context.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(**DESKTOP)
    yield context.new_page()
    context.close()


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def test_the_map_fills_a_wide_screen_and_the_card_beside_it_scrolls_on_its_own(page, app):
    page.goto(f"{app}/?selected=karakoram")
    wait_for_routes(page, ROUTES)
    page.locator(".route-card").wait_for()
    page.wait_for_timeout(500)
    the_map, panel = box(page, "iframe[src*=streamlit_folium]"), box(page, PANEL)
    # before this layout: 637x576 px at 1440x900
    assert the_map["width"] >= 720 and the_map["height"] >= 640 and the_map["y"] + the_map["height"] <= 900 + 1
    assert panel["x"] > the_map["x"] + the_map["width"] and panel["y"] + panel["height"] <= 900 + 1
    assert page.locator(PANEL).evaluate("(e) => e.scrollHeight > e.clientHeight + 200")  # a card longer than the panel
    page.mouse.move(panel["x"] + panel["width"] / 2, panel["y"] + panel["height"] / 2)
    page.mouse.wheel(0, 600)
    page.wait_for_function(f"document.querySelector('{PANEL}').scrollTop > 300")
    assert box(page, "iframe[src*=streamlit_folium]") == the_map  # reading the card left the map in place


def test_on_a_phone_a_tapped_routes_card_is_a_sheet_below_the_whole_map(browser, app):
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    phone.goto(app)
    wait_for_routes(phone, ROUTES)
    phone.wait_for_timeout(500)
    click_route(phone, "karakoram")
    phone.locator(".route-card[data-route='karakoram'] h3").wait_for()
    phone.wait_for_timeout(1000)  # the smooth scrolls end
    sheet, the_map = box(phone, PANEL), box(phone, "iframe[src*=streamlit_folium]")
    header = phone.get_by_test_id("stHeader").bounding_box()
    heading = box(phone, ".route-card h3")
    assert phone.locator(PANEL).evaluate("(e) => getComputedStyle(e).position") == "fixed"
    assert abs(sheet["y"] + sheet["height"] - 844) < 2 and sheet["height"] <= 0.41 * 844
    assert sheet["y"] <= heading["y"] and heading["y"] + heading["height"] <= 844  # the card's heading in view
    assert the_map["y"] >= header["y"] + header["height"] - 1  # the map brought up under the header,
    assert sheet["y"] - the_map["y"] >= 0.5 * 844  # most of it above the sheet
    phone.get_by_role("button", name="Close the card").click()
    phone.locator(".route-card").wait_for(state="detached")
    assert phone.locator(PANEL).evaluate("(e) => getComputedStyle(e).position") != "fixed"
    context.close()


def test_searching_a_place_zooms_to_its_routes_and_marks_it_by_name(size, app):
    size.goto(app)
    frame = wait_for_routes(size, ROUTES)
    size.wait_for_timeout(500)
    fitted = frame.evaluate(ZOOM)
    search = size.get_by_label("Search routes, places, countries")
    search.fill("Herat")
    search.press("Enter")
    size.wait_for_function(MARKED)  # (the map's frame may be a new one: the search's results sit above it)
    frame = wait_for_routes(size, 2)
    assert frame.locator(".searched-place-name").inner_text() == "Herat"
    size.wait_for_timeout(600)  # the zoom's animation ends
    assert frame.evaluate(ZOOM) > fitted
    x, y = frame.evaluate("""() => { const m = document.querySelector('.searched-place').getBoundingClientRect();
      return [m.x + m.width / 2, m.y + m.height / 2]; }""")
    width, height = frame.evaluate("[innerWidth, innerHeight]")
    assert 0 < x < width and 0 < y < height  # the mark is in the map's view
    frame.evaluate("window.kept = window.map")
    search.fill("")  # the search cleared: the mark goes, on the same map (the routes found stay filtered)
    search.press("Enter")
    frame.locator(".searched-place").wait_for(state="detached")
    assert frame.evaluate("window.kept === window.map")


def test_a_row_of_the_routes_table_shows_its_route_on_the_map_zoomed_to_it(page, app):
    page.goto(app)
    fitted = wait_for_routes(page, ROUTES).evaluate(ZOOM)
    page.goto(f"{app}/?view=routes")
    grid = page.get_by_test_id("stDataFrame")
    grid.wait_for()
    page.wait_for_timeout(1000)
    table = grid.bounding_box()
    page.mouse.click(table["x"] + 15, table["y"] + 35 + 35 * 2 + 17)  # the third row's selection box
    page.locator(".route-card").wait_for()
    chosen = page.locator(".route-card").get_attribute("data-route")
    frame = map_frame(page)
    frame.wait_for_function(f"window.map && window.map.getZoom() > {fitted}")
    page.wait_for_timeout(600)
    assert f"selected={chosen}" in page.evaluate("location.search")
    inside = frame.evaluate(f"""() => {{ const r = window.map.corridorRoutes.find((r) => r.id === {chosen!r});
      return window.map.getBounds().pad(0.02).contains(L.latLngBounds(r.latlngs.flat())); }}""")
    assert inside


def test_choosing_a_route_in_the_cards_list_zooms_the_map_to_it(page, app):
    page.goto(app)
    frame = wait_for_routes(page, ROUTES)
    page.wait_for_timeout(500)
    fitted = frame.evaluate(ZOOM)
    page.get_by_label("Selected route").click()
    page.get_by_role("option", name="Turgundi–Herat railway").click()
    page.locator(".route-card[data-route='turgundi-herat']").wait_for()
    frame.wait_for_function(f"window.map.getZoom() > {fitted}")
