"""The dashboard in Debian's Chromium, offline: map, filters, share links, route cards, escaping.

Set CORRIDORS_SCREENSHOT=docs/screenshot.png to refresh the README screenshot (`make screenshot`).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from click.testing import CliRunner

from corridors import settings
from corridors.cli import cli
from corridors.inputs.routes import load_routes
from corridors.web.present import STATUS_LABELS

from .archive import write_archive
from .browser import (
    CHROMIUM,
    LEG_MIDDLES,
    ROUTE_PATHS,
    click_route,
    page_point,
    route_point,
    streamlit_server,
    wait_for_routes,
)

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: CI must run the browser tests (apt-get install -y chromium)")
    pytest.skip(f"{CHROMIUM} not installed (make browser)", allow_module_level=True)

pytest.importorskip("playwright.sync_api")
BUNDLED = json.loads(settings.GEOJSON_PATH.read_text(encoding="utf-8"))["features"]  # what the app shows
ROUTES = len(BUNDLED)
IN_CHINA = sum("CN" in f["properties"]["countries"] for f in BUNDLED)
AIR = sum("air" in f["properties"]["modes"] for f in BUNDLED)
SCRATCH = Path(__file__).parent.parent / ".pytest_cache"
pytestmark = pytest.mark.browser


DESKTOP = {"viewport": {"width": 1400, "height": 1000}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def screenshot_path(suffix: str = "") -> str:
    """Where a test saves its screenshot: CORRIDORS_SCREENSHOT (with ``suffix``) or .pytest_cache."""
    target = Path(os.environ.get("CORRIDORS_SCREENSHOT") or SCRATCH / "screenshot.png")
    return str(target.with_name(f"{target.stem}{suffix}{target.suffix}"))


@pytest.fixture
def page(browser):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.outside = []  # requests that left this machine: only map tiles may try
    page.on("request", lambda r: urlparse(r.url).hostname not in ("127.0.0.1", None) and page.outside.append(r.url))
    yield page
    context.close()


def choose(page, label: str, option: str) -> None:
    """Choose ``option`` in the sidebar's filter ``label`` (its label is followed by its count of routes)."""
    box = page.get_by_test_id("stSidebar").get_by_label(label, exact=True)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=re.compile(rf"^{re.escape(option)} \(\d+\)$")).click()
    page.keyboard.press("Escape")


def test_every_route_is_drawn_offline_with_local_leaflet(page, app):
    page.set_viewport_size({"width": 1440, "height": 900})  # the README's screenshot: a common laptop screen
    page.goto(f"{app}/?selected=karakoram")
    frame = wait_for_routes(page, ROUTES)
    page.locator(".route-card[data-route='karakoram']").wait_for()
    assert frame.evaluate("L.version") == "1.9.3"
    legend = frame.locator(".corridors-legend").inner_text()
    data = json.loads(settings.GEOJSON_PATH.read_text(encoding="utf-8"))
    statuses = Counter(f["properties"]["status"] for f in data["features"])
    assert legend.startswith("Legend")  # only the statuses shown, with their counts
    listed = [label for label in STATUS_LABELS.values() if label in legend]
    assert listed == [label for status, label in STATUS_LABELS.items() if statuses[status]]
    assert all(f"{STATUS_LABELS[s]} ({n})" in legend for s, n in statuses.items())
    # the country outlines come from this server too: orientation when tiles cannot load
    frame.wait_for_function("document.querySelectorAll('path.outline').length >= 15")
    assert all(urlparse(u).hostname == "tile.openstreetmap.org" for u in page.outside), page.outside
    page.wait_for_timeout(500)
    page.screenshot(path=screenshot_path())


def test_country_filter_narrows_the_map_and_the_link_reopens_it(page, app, browser):
    page.goto(app)
    frame = wait_for_routes(page, ROUTES)
    frame.evaluate("window.__same_map = window.map")
    choose(page, "Country", "China")
    frame = wait_for_routes(page, IN_CHINA)
    assert frame.locator(f"{ROUTE_PATHS}.corridor-karakoram").count() == 1
    # the route layer changed in place: the same Leaflet map, not a remounted one
    assert frame.evaluate("window.__same_map === window.map")
    page.get_by_test_id("stSidebar").get_by_text("mode", exact=True).click()  # colour by mode: in place too
    frame.wait_for_function("document.querySelector('.corridors-legend').innerText.includes('Mode (colour)')")
    assert frame.evaluate("window.__same_map === window.map")
    page.wait_for_function("location.search.includes('country=CN')")
    shared = page.url
    assert parse_qs(urlparse(shared).query)["country"] == ["CN"]

    other = browser.new_page()
    other.goto(shared)
    frame = wait_for_routes(other, IN_CHINA)
    assert frame.locator(f"{ROUTE_PATHS}.corridor-karakoram").count() == 1
    # the filters come with the run the map's first report starts: the link's country is chosen in them
    other.wait_for_function("document.querySelector('[data-testid=stSidebar]').innerText.includes('China')")
    other.close()


@pytest.mark.parametrize("size", [{"width": 1440, "height": 900}, {"width": 390, "height": 844}])
def test_an_empty_map_says_why_and_its_reset_restores_every_route_and_the_link(browser, app, size):
    context = browser.new_context(viewport=size, has_touch=size["width"] < 500)
    page = context.new_page()
    page.goto(f"{app}/?country=AF&mode=rail&status=operational")
    wait_for_routes(page, 0)
    why = page.get_by_text("No route is at once through Afghanistan, by rail and operational.")
    why.wait_for()
    page.wait_for_timeout(500)
    page.screenshot(path=screenshot_path(f"-empty-{size['width']}"))
    page.get_by_test_id("stMain").get_by_role("button", name="Clear filters").click()
    wait_for_routes(page, ROUTES)
    page.wait_for_function("!/country|mode|status/.test(location.search)")  # the link holds no filter
    assert why.count() == 0
    context.close()


def test_panning_keeps_the_map_and_the_link_follows_it(page, app):
    page.goto(app)
    frame = wait_for_routes(page, ROUTES)
    frame.evaluate("window.__same_map = window.map")
    frame.evaluate("window.map.setView([38.5, 68.75], 6)")
    page.wait_for_function("(new URLSearchParams(location.search).get('map') || '').startsWith('6/')")
    zoom, lat, lon = parse_qs(urlparse(page.url).query)["map"][0].split("/")
    assert (zoom, float(lat), float(lon)) == ("6", pytest.approx(38.5, abs=0.05), pytest.approx(68.75, abs=0.05))
    assert frame.evaluate("window.__same_map === window.map")  # no remount
    page.wait_for_function(
        "document.querySelector('[data-testid=stSidebar] .plain-text').innerText.includes('map=6')"
    )


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
    # (a `javascript:` url is refused by the front matter's schema: tests/test_hostile.py)
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
    frame = wait_for_routes(page, len(load_routes()))  # built from routes.yaml now, not the bundled GeoJSON
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


def map_view_of(frame) -> tuple[int, float, float]:
    return tuple(frame.evaluate("[window.map.getZoom(), window.map.getCenter().lat, window.map.getCenter().lng]"))


def test_a_shared_link_restores_view_zoom_colour_and_compare(page, app):
    page.goto(f"{app}/?view=routes&color=mode&compare=karakoram,tapi&map=6/38.5/68.75")
    page.locator(".route-card[data-route='karakoram']").wait_for()
    assert page.locator(".route-card[data-route='tapi']").count() == 1
    assert page.get_by_test_id("stSidebar").get_by_role("radio", name="mode").is_checked()
    page.get_by_role("radio", name="Map", exact=True).click()
    frame = wait_for_routes(page, ROUTES)
    frame.wait_for_function("window.map.getZoom() === 6")
    assert map_view_of(frame) == (6, pytest.approx(38.5, abs=0.05), pytest.approx(68.75, abs=0.05))
    page.wait_for_function("!location.search.includes('view=')")
    assert "color=mode" in page.url and "compare=karakoram%2Ctapi" in page.url


def test_switching_views_keeps_the_zoom(page, app):
    page.goto(app)
    frame = wait_for_routes(page, ROUTES)
    frame.evaluate("window.map.setView([37.0, 70.0], 7)")
    page.wait_for_function("location.search.includes('map=7')")
    page.get_by_role("radio", name="Timeline", exact=True).click()
    page.wait_for_function("location.search.includes('view=timeline')")
    page.locator("[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg").first.wait_for()
    page.get_by_role("radio", name="Map", exact=True).click()
    frame = wait_for_routes(page, ROUTES)
    frame.wait_for_function("window.map.getZoom() === 7")
    assert [round(v) for v in map_view_of(frame)] == [7, 37, 70]


@pytest.mark.parametrize(("query", "route"), [("Karakorum", "karakoram"), ("KKH", "karakoram")])
def test_search_finds_the_route_and_opens_its_card(page, app, query, route):
    page.goto(app)
    wait_for_routes(page, ROUTES)
    box = page.get_by_label("Search routes, places, countries")
    box.fill(query)
    box.press("Enter")
    page.locator(f".route-card[data-route='{route}']").wait_for()
    page.wait_for_function(f"location.search.includes('selected={route}')")


def test_as_of_applies_on_enter_and_leaks_nothing_later(page, app):
    page.goto(f"{app}/?selected=almaty-lahore-air")
    wait_for_routes(page, ROUTES)
    page.get_by_test_id("stDateInputField").get_by_role("spinbutton").first.click()
    page.keyboard.type("20230101", delay=30)
    page.keyboard.press("Enter")
    page.wait_for_function("location.search.includes('asof=2023-01-01')")
    card = page.locator(".route-card[data-route='almaty-lahore-air']")
    page.wait_for_function("document.querySelector('.route-card') && "
                           "!document.querySelector('.route-card').innerText.includes('Interview')")  # fmt: skip
    assert "operational" not in card.inner_text().lower()
    sidebar = page.get_by_test_id("stSidebar")
    with page.expect_download(timeout=60_000) as geojson:
        sidebar.get_by_role("button", name="Download GeoJSON (this view)").click()
    collection = json.loads(Path(geojson.value.path()).read_text(encoding="utf-8"))
    assert {d["date"] <= "2023-01-01" for d in collection["documents"]} == {True}
    assert all("body" not in d for d in collection["documents"])
    for feature in collection["features"]:
        props = feature["properties"]
        docs = {d["id"]: d for d in collection["documents"]}
        assert props["status_doc"] in docs and props["status_quote"] == props["status_history"][-1]["quote"]
        assert all(q["date"] <= "2023-01-01" for q in props["quotes"])
    flights = next(f for f in collection["features"] if f["properties"]["id"] == "almaty-lahore-air")
    assert flights["properties"]["status"] == "proposed"
    page.wait_for_timeout(1500)  # the run the first download started has ended
    with page.expect_download(timeout=60_000) as csv_file:
        sidebar.get_by_role("button", name="Download CSV (this view)").click()
    rows = list(csv.DictReader(Path(csv_file.value.path()).read_text(encoding="utf-8").splitlines()))
    assert {r["Route"]: r["Status"] for r in rows}["Almaty–Lahore direct flights"] == "Proposed"
    assert all(r["Reported date"] <= "2023-01-01" for r in rows)
    page.get_by_role("radio", name="Routes", exact=True).click()
    page.get_by_test_id("stDataFrame").wait_for()
    assert "2024" not in page.get_by_test_id("stDataFrame").inner_text()


def test_the_filters_come_after_the_map_and_without_it_if_its_frame_fails(browser, app):
    """The map's first run draws the map alone; its first report brings the filters. Where the map's frame
    never loads, they come anyway, a few seconds later."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(app)
    wait_for_routes(page, ROUTES)
    page.get_by_test_id("stSidebar").get_by_label("Country", exact=True).wait_for(timeout=10_000)
    broken = context.new_page()
    broken.route(re.compile(r"streamlit_folium"), lambda route: route.abort())
    broken.goto(app)
    sidebar = broken.get_by_test_id("stSidebar")
    sidebar.get_by_text("The filters come as soon as the map is drawn.").wait_for()
    sidebar.get_by_label("Country", exact=True).wait_for(timeout=15_000)
    assert broken.locator("iframe[src*='streamlit_folium'][srcdoc]").count() == 0
    context.close()


def test_no_parent_page_may_drive_the_app(app):
    """Served as `make run` serves it, the app takes no postMessage commands from a page embedding it (and
    the page checks nothing it posts to itself against a list of hosts)."""
    with urllib.request.urlopen(f"{app}/_stcore/host-config", timeout=10) as answer:
        assert json.load(answer)["allowedOrigins"] == []


def test_copy_link_button_is_visible_and_copies_this_view(browser, app):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app)
    page = context.new_page()
    page.goto(f"{app}/?view=about")
    page.get_by_role("heading", name="Statuses").wait_for()
    frame = page.frame_locator("iframe[srcdoc*='Copy link']")
    frame.get_by_role("button", name="Copy link").click()
    frame.get_by_text("Copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(app) and "view=about" in copied
    # the button's frame stays as the view changes (Streamlit does not load it again): it copies the new link
    page.get_by_role("radio", name="Routes", exact=True).click()
    page.wait_for_function("document.querySelector('.share-link').innerText.includes('view=routes')")
    frame.get_by_role("button", name="Copy link").click()
    page.wait_for_function("navigator.clipboard.readText().then((t) => t.includes('view=routes'))")
    assert page.evaluate("navigator.clipboard.readText()") == page.locator(".share-link").inner_text()
    context.close()


def test_citation_and_share_link_are_plain_text_with_copy_buttons(browser, app):
    """No st.code (its syntax highlighter is a 1.5 MB script): the texts are selectable blocks, each
    with a Copy button that copies exactly what it shows."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app)
    page = context.new_page()
    page.goto(f"{app}/?view=about")
    citation = page.get_by_test_id("stMain").locator(".plain-text").first
    citation.wait_for()
    assert "view=about" in page.get_by_test_id("stSidebar").locator(".plain-text").inner_text()
    page.frame_locator("iframe[srcdoc*='>Copy<']").first.get_by_role("button", name="Copy", exact=True).click()
    page.frame_locator("iframe[srcdoc*='>Copy<']").first.get_by_text("Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == citation.inner_text()
    assert page.get_by_test_id("stCode").count() == 0
    context.close()


MAP_IFRAME = "iframe[src*=streamlit_folium]"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    yield page
    context.close()


def test_phone_title_map_above_the_fold_page_scrolls_past_the_map(phone, app):
    phone.goto(f"{app}/?selected=karakoram")
    wait_for_routes(phone, ROUTES)
    phone.locator(".route-card").wait_for()
    phone.wait_for_timeout(500)
    assert phone.get_by_role("heading", level=1).bounding_box()["height"] < 50  # one line
    box = phone.locator(MAP_IFRAME).bounding_box()
    assert box["y"] < 844 * 0.5 and box["height"] <= 844 * 0.6
    assert box["width"] >= 390 * 0.9  # the full width: one finger scrolls the page, two move the map
    phone.mouse.move(386, box["y"] + 60)  # beside the map, above the sheet
    phone.mouse.wheel(0, 1500)  # (the card's sheet leaves room below the map to scroll it up, not away)
    phone.wait_for_function(f"document.querySelector('{MAP_IFRAME}').getBoundingClientRect().top < {box['y'] - 150}")
    toggle = phone.get_by_test_id("stExpandSidebarButton")
    assert toggle.evaluate("(e) => getComputedStyle(e, '::after').content") == '"Filters"'
    toggle.click()
    phone.get_by_test_id("stSidebar").get_by_label("Country", exact=True).wait_for()


def swipe(page, points: list[tuple[float, float]], dy: float) -> None:
    """Fingers at ``points`` (page pixels) moving ``dy`` pixels up, as a touch screen sends it."""
    cdp = page.context.new_cdp_session(page)
    touches = lambda d: [{"x": x, "y": y - d, "id": i} for i, (x, y) in enumerate(points)]  # noqa: E731
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": touches(0)})
    for step in range(1, 11):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": touches(dy * step / 10)})
        page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(500)


def test_phone_one_finger_scrolls_the_page_over_the_map_and_two_move_the_map(phone, app):
    phone.goto(app)
    frame = wait_for_routes(phone, ROUTES)
    phone.wait_for_timeout(500)
    top = f"document.querySelector('{MAP_IFRAME}').getBoundingClientRect().top"
    center = "(() => { const c = window.map.getCenter(); return [c.lat, c.lng]; })()"
    # the fitted view is the routes: they span the map's width, in the middle of its height
    left, top_, right, bottom = frame.evaluate("""() => { const b = L.latLngBounds([]);
      window.map.corridorRoutes.forEach((r) => r.latlngs.forEach((l) => b.extend(l)));
      const nw = window.map.latLngToContainerPoint(b.getNorthWest());
      const se = window.map.latLngToContainerPoint(b.getSouthEast());
      return [nw.x, nw.y, se.x, se.y]; }""")
    box = frame.frame_element().bounding_box()
    assert right - left > 0.65 * box["width"] and abs((top_ + bottom) / 2 - box["height"] / 2) < box["height"] / 6
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.7
    before, where = phone.evaluate(top), frame.evaluate(center)
    swipe(phone, [(x, y)], 150)
    assert phone.evaluate(top) < before - 20  # the page scrolled
    assert frame.evaluate(center) == where  # and the map stayed where it was
    box = frame.frame_element().bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    swipe(phone, [(x - 40, y), (x + 40, y)], 60)
    assert frame.evaluate(center) != where


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


VISIBLE_LABELS = """(kind) => [...document.querySelectorAll('.lbl-' + kind + ' span')]
  .filter((e) => e.getBoundingClientRect().width > 0 && getComputedStyle(e).visibility !== 'hidden')
  .map((e) => e.textContent)"""


def test_the_map_names_countries_places_and_routes(page, app):
    page.goto(app)
    frame = wait_for_routes(page, ROUTES)
    frame.wait_for_function("document.querySelectorAll('.lbl-country').length >= 15")
    assert {"Kazakhstan", "Pakistan", "Afghanistan", "Iran"} <= set(frame.evaluate(VISIBLE_LABELS, "country"))
    assert {"Almaty", "Karachi", "Islamabad"} <= set(frame.evaluate(VISIBLE_LABELS, "place-1"))
    names = frame.evaluate("[...document.querySelectorAll('.lbl-route span')].map((e) => e.textContent)")
    assert "Karakoram Highway" in names and len(names) == ROUTES
    shown = len(frame.evaluate(VISIBLE_LABELS, "route"))
    assert shown >= 1
    # zoomed in: more names (at zoom 8: at 7, since issue 23 redrew the UAP railway, the Trans-Afghan road's
    # name sits over Jalalabad's, and the map rightly hides the place's)
    frame.evaluate("window.map.setView([34.5, 69], 8, {animate: false})")
    frame.wait_for_function("document.querySelector('.leaflet-container').classList.contains('wp-live')")
    assert {"Kabul", "Torkham", "Jalalabad"} <= set(
        frame.evaluate(VISIBLE_LABELS, "place-1") + frame.evaluate(VISIBLE_LABELS, "place-2")
        + frame.evaluate(VISIBLE_LABELS, "place-3")
    )  # fmt: skip


SHOWN_NAMES = """() => [...document.querySelectorAll('.lbl-route span, .lbl-route-selected span')]
  .filter((e) => e.getBoundingClientRect().width > 0 && getComputedStyle(e).visibility !== 'hidden')
  .map((e) => { const b = e.getBoundingClientRect(), m = window.map.getContainer().getBoundingClientRect();
    return [e.textContent, b.left, b.top, b.right, b.bottom, m.left <= b.left && b.right <= m.right
      && m.top <= b.top && b.bottom <= m.bottom]; })"""


@pytest.mark.parametrize("size", [{"width": 1440, "height": 900}, {"width": 390, "height": 844}])
def test_every_shown_route_is_named_at_the_default_view_and_no_names_overlap(browser, app, size):
    context = browser.new_context(viewport=size, has_touch=size["width"] < 500)
    page = context.new_page()
    page.goto(app)
    frame = wait_for_routes(page, ROUTES)
    page.wait_for_timeout(500)
    for zoom_in in (0, 1):  # the default view, then one step closer: names are placed again
        if zoom_in:
            frame.evaluate("window.map.setZoom(window.map.getZoom() + 1, {animate: false})")
            page.wait_for_timeout(300)
        shown = frame.evaluate(SHOWN_NAMES)
        if not zoom_in:
            assert sorted(name for name, *_ in shown) == sorted(f["properties"]["name"] for f in BUNDLED)
        assert all(inside for *_, inside in shown)
        boxes = [box[1:5] for box in shown]
        overlapping = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :]
                       if a[0] < b[2] and a[2] > b[0] and a[1] < b[3] and a[3] > b[1]]  # fmt: skip
        assert overlapping == []
    context.close()


MISSED_LEGS = """(legs) => {
  const missed = [];
  const box = window.map.getContainer().getBoundingClientRect();
  for (const [id, middles] of Object.entries(legs)) {
    for (const [x, y] of middles) {
      const under = document.elementFromPoint(x, y);
      const here = window.map.corridorsAt(window.map.containerPointToLatLng([x - box.left, y - box.top]));
      if (!under.matches('path.corridor') || !here.some((r) => r.id === id)) {
        missed.push([id, x, y, under.tagName + '.' + under.getAttribute('class')]);
      }
    }
  }
  return missed;
}"""


def test_a_click_in_the_middle_of_any_leg_picks_its_route(page, app):
    page.goto(app)
    frame = wait_for_routes(page, ROUTES)
    page.wait_for_timeout(500)
    legs = frame.evaluate(LEG_MIDDLES)
    # every leg: the pointer lands on a hit line (no marker, label or legend in the way), and the
    # routes the map lists there include this one
    assert frame.evaluate(MISSED_LEGS, legs) == []
    assert sum(len(v) for v in legs.values()) > 100
    for route_id in legs:  # and a real click on each route opens its card
        click_route(page, route_id)
        page.locator(f".route-card[data-route='{route_id}']").wait_for(timeout=30_000)


def test_where_routes_overlap_a_chooser_lists_them_and_picks_one(page, app):
    page.goto(app)
    frame = wait_for_routes(page, ROUTES)
    page.wait_for_timeout(500)
    legs = frame.evaluate(LEG_MIDDLES)
    # the fewest routes the chooser lists anywhere within half a pixel (where the click may land)
    routes_at = """([x, y]) => { const b = window.map.getContainer().getBoundingClientRect();
      const under = document.elementFromPoint(x, y);
      const listed = ([dx, dy]) => window.map.corridorChoice(
        window.map.containerPointToLatLng([x + dx - b.left, y + dy - b.top])).length;
      return under && under.matches("path.corridor")
        ? Math.min(...[[0, 0], [.5, .5], [-.5, .5], [.5, -.5], [-.5, -.5]].map(listed)) : 0; }"""
    # (since issue 22, only lines that run together or cross at the click, each within a pixel of the
    # nearest: routes sharing legs are drawn side by side, so fewer points need a chooser)
    x, y = next((x, y) for middles in legs.values() for x, y, _ in middles if frame.evaluate(routes_at, [x, y]) > 1)
    page.mouse.click(*page_point(frame, (x, y)))
    buttons = frame.locator(".corridor-chooser button")
    buttons.first.wait_for()
    assert buttons.count() >= 2
    route_id = buttons.nth(1).get_attribute("data-route")
    buttons.nth(1).click()
    page.locator(f".route-card[data-route='{route_id}']").wait_for(timeout=30_000)
    assert frame.locator(".corridor-chooser").count() == 0


PICKED_AT = """([x, y]) => { const b = window.map.getContainer().getBoundingClientRect();
  return window.map.corridorChoice(window.map.containerPointToLatLng([x - b.left, y - b.top])).map((r) => r.id); }"""


@pytest.mark.parametrize("size", [{"width": 1440, "height": 900}, {"width": 390, "height": 844}])
def test_a_click_in_the_middle_of_a_route_opens_the_nearest_route_without_a_chooser(browser, app, size):
    context = browser.new_context(viewport=size, has_touch=size["width"] < 500, is_mobile=size["width"] < 500)
    page = context.new_page()
    page.goto(app)
    frame = wait_for_routes(page, ROUTES)
    page.wait_for_timeout(500)
    picked = {f["properties"]["id"]: frame.evaluate(PICKED_AT, route_point(frame, f["properties"]["id"]))
              for f in BUNDLED}  # fmt: skip
    direct = [route for route, ids in picked.items() if ids == [route]]
    assert len(direct) >= 9, picked
    click_route(page, direct[0])  # a real click: the card, no chooser
    page.locator(f".route-card[data-route='{direct[0]}']").wait_for(timeout=30_000)
    assert frame.locator(".corridor-chooser").count() == 0
    if size["width"] < 500:  # where lines run together, the chooser's buttons are 44 px targets
        shared = next(route for route, ids in picked.items() if len(ids) > 1)
        frame.evaluate(  # at the exact point (a tap lands to the pixel, the tie is a pixel wide)
            """([x, y]) => { const b = window.map.getContainer().getBoundingClientRect();
              window.map.fire("click", {latlng: window.map.containerPointToLatLng([x - b.left, y - b.top])}); }""",
            route_point(frame, shared),
        )
        buttons = frame.locator(".corridor-chooser button")
        buttons.first.wait_for()
        assert min(buttons.nth(i).bounding_box()["height"] for i in range(buttons.count())) >= 44
    context.close()


def test_on_a_phone_a_tap_on_a_line_opens_its_card_and_the_legend_is_folded(browser, app):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(app)
    frame = wait_for_routes(page, ROUTES)
    frame.frame_element().scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    legend = frame.locator("#corridors-legend")
    assert legend.evaluate("(e) => e.open") is False
    folded = legend.bounding_box()
    middles = [leg for legs in frame.evaluate(LEG_MIDDLES).values() for leg in legs]
    frame_box = frame.frame_element().bounding_box()
    covered = [  # the folded legend hides no leg
        (x, y) for x, y, _ in middles
        if folded["x"] <= x + frame_box["x"] <= folded["x"] + folded["width"]
        and folded["y"] <= y + frame_box["y"] <= folded["y"] + folded["height"]
    ]  # fmt: skip
    assert covered == []
    page.touchscreen.tap(*page_point(frame, route_point(frame, "karakoram")))
    if frame.evaluate("document.querySelector('.corridor-chooser') !== null"):
        frame.locator(".corridor-chooser button[data-route='karakoram']").tap()
    page.locator(".route-card[data-route='karakoram']").wait_for(timeout=30_000)
    page.wait_for_timeout(1200)  # the map brought up under the header, the card's sheet at the top
    page.screenshot(path=screenshot_path("-phone"))
    context.close()


def test_one_keyboard_stop_per_route_and_enter_selects_it(page, app):
    page.goto(app)
    frame = wait_for_routes(page, ROUTES)
    stops = frame.evaluate(
        "[...document.querySelectorAll('*')].filter((e) => e.tabIndex >= 0).map((e) => e.getAttribute('class') || '')"
    )
    routes = [s for s in stops if "corridor " in s]
    assert len(routes) == ROUTES and not any("leaflet-marker-icon" in s for s in stops)
    assert len(stops) - len(routes) <= 7  # the map itself, zoom buttons, legend, attribution links, Save as PNG
    frame.evaluate("window.map.getContainer().focus()")
    reached = []
    for _ in range(ROUTES):
        page.keyboard.press("Tab")
        reached.append(frame.evaluate("document.activeElement.getAttribute('aria-label')"))
    assert len(set(reached)) == ROUTES and all(r.endswith(". Press Enter to open its card.") for r in reached)
    focused = frame.evaluate("document.activeElement.getAttribute('class')").split("corridor-")[1].split()[0]
    page.keyboard.press("Enter")
    page.locator(f".route-card[data-route='{focused}']").wait_for(timeout=30_000)
    # the redrawn map gives the focus back to the chosen route: Tab goes on from there
    frame.wait_for_function(f"document.activeElement.classList.contains('corridor-{focused}')")


def test_the_map_frame_has_a_meaningful_title(page, app):
    page.goto(f"{app}/?mode=air")
    wait_for_routes(page, 2)
    title = page.locator("iframe[src*='streamlit_folium']").get_attribute("title")
    assert title.startswith("Map of 2 transport corridors between Pakistan and Kazakhstan")


@pytest.fixture(scope="module")
def russian_app(tmp_path_factory):
    """The bundled seeds and a Russian page added with `corridors add` (tests/test_russian.py)."""
    root = tmp_path_factory.mktemp("russian")
    seeds = root / "seeds"
    shutil.copytree(settings.SEEDS_DIR, seeds)
    page = Path(__file__).parent / "data" / "ru" / "turgundi-herat-protocol.html"
    assert CliRunner().invoke(cli, ["add", str(page), "--seeds", str(seeds)]).exit_code == 0
    out = root / "russian.geojson"
    result = CliRunner().invoke(cli, ["build", "--seeds", str(seeds), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with streamlit_server(geojson=out) as url:
        yield url


def test_a_russian_quote_on_its_card_and_a_sources_search_in_cyrillic(page, russian_app):
    page.goto(f"{russian_app}/?selected=turgundi-herat")
    wait_for_routes(page, len(load_routes()))
    click_route(page, "turgundi-herat")
    card = page.locator(".route-card[data-route='turgundi-herat']")
    card.wait_for(timeout=30_000)
    quote = card.locator("[lang='ru']").filter(has_text="Казахстан и Афганистан подписали протокол")
    assert quote.count() >= 1  # verbatim, marked as Russian
    assert "in Russian" in card.inner_text()
    page.get_by_role("radio", name="Sources", exact=True).click()
    box = page.get_by_label("Search titles and texts")
    box.fill("ПРОТОКОЛ")
    box.press("Enter")
    page.get_by_text("1 document, newest first", exact=True).wait_for(timeout=30_000)
    summary = page.locator("summary").filter(has_text="Подписан протокол")
    assert "in Russian" in summary.inner_text()
    assert page.locator(".snippet mark").first.inner_text().lower() == "протокол"
