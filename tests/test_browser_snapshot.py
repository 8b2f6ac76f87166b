"""The map saved as a picture, in Debian's Chromium: the "Save as PNG" button on the map downloads a PNG
of the map as shown (its size, its lines in their colours, the ground) named after the date it shows."""

from __future__ import annotations

import io
import json
import os
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from corridors import settings
from corridors.web.filters import data_date
from corridors.web.present import LINE_OPACITY, STATUS_COLORS, blend, casing, grounds

from .browser import CHROMIUM, map_frame, wait_for_routes

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: CI must run the browser tests (apt-get install -y chromium)")
    pytest.skip(f"{CHROMIUM} not installed (make browser)", allow_module_level=True)

pytest.importorskip("playwright.sync_api")
Image = pytest.importorskip("PIL.Image")
BUNDLED = json.loads(settings.GEOJSON_PATH.read_text(encoding="utf-8"))
STATUSES = Counter(f["properties"]["status"] for f in BUNDLED["features"])
ROUTES = len(BUNDLED["features"])
pytestmark = pytest.mark.browser


def save_png(browser, url: str, **context) -> tuple[str, Image.Image, dict]:
    """Open ``url`` and click "Save as PNG" on the map, once its routes and outlines are drawn: the
    download's name, the picture, and the map as the page shows it (size, legend box, pixel ratio)."""
    ctx = browser.new_context(accept_downloads=True, **context)
    try:
        page = ctx.new_page()
        page.goto(url)
        frame = wait_for_routes(page, ROUTES) if "asof" not in url else map_frame(page)
        frame.wait_for_function(
            "window.map && window.map.corridorCaption && document.querySelectorAll('path.outline').length >= 15"
        )
        page.wait_for_timeout(500)  # the names placed, the page still
        shown = frame.evaluate(
            """() => {
              const box = window.map.getContainer().getBoundingClientRect();
              const legend = document.querySelector('.corridors-legend').getBoundingClientRect();
              return {width: box.width, height: box.height, ratio: devicePixelRatio,
                      legend: [legend.left - box.left, legend.top - box.top, legend.width, legend.height]};
            }"""
        )
        with page.expect_download() as download:
            frame.locator(".corridors-snapshot").click()
        data = Path(download.value.path()).read_bytes()
        return download.value.suggested_filename, Image.open(io.BytesIO(data)), shown
    finally:
        ctx.close()


def near(pixels: np.ndarray, color: str, tolerance: int = 24) -> int:
    """How many of ``pixels`` (rows of RGB) are within ``tolerance`` (summed over the channels) of ``color``."""
    rgb = np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(pixels - rgb).sum(axis=-1) <= tolerance).sum())


def test_the_png_is_the_map_as_shown_with_its_lines_and_the_date_of_its_data(browser, app):
    name, picture, shown = save_png(browser, app, viewport={"width": 1440, "height": 900})
    assert name == f"corridors-map-{data_date(BUNDLED)}.png"
    assert picture.format == "PNG"
    assert picture.size == (round(shown["width"]), round(shown["height"]))  # the map's size (pixel ratio 1)
    rgb = np.asarray(picture.convert("RGB")).astype(int)
    x, y, w, h = (round(v) for v in shown["legend"])
    outside = np.ones(rgb.shape[:2], bool)
    outside[y : y + h, x : x + w] = False  # the legend has samples of the lines: count the map's own
    for status in STATUSES:  # every status drawn: its line's colour, as drawn over its casing
        color = STATUS_COLORS[status]
        assert near(rgb[outside], blend(color, casing(color) or grounds()["land"], LINE_OPACITY)) > 100, status
    assert near(rgb[outside], grounds()["land"], 6) > outside.sum() / 10  # the countries, on their ground
    assert near(rgb[:40, :200], blend("#ffffff", grounds()["sea"], 0.94), 6) > 2000  # the caption's box


def test_on_a_phone_the_folded_legend_is_drawn_below_the_map(browser, app):
    phone = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
    _, picture, shown = save_png(browser, app, **phone)
    assert shown["ratio"] == 2
    assert picture.width == round(shown["width"] * 2)
    assert picture.height > round(shown["height"] * 2) + 200  # the legend's rows below the map
    below = np.asarray(picture.convert("RGB")).astype(int)[round(shown["height"] * 2) :]
    assert near(below, STATUS_COLORS["operational"]) > 50  # the legend's sample line


def test_as_of_a_date_the_png_is_named_and_captioned_after_it(browser, app):
    name, picture, shown = save_png(browser, f"{app}/?asof=2019-06-30", viewport={"width": 1440, "height": 900})
    assert name == "corridors-map-2019-06-30.png"
    assert picture.size == (round(shown["width"]), round(shown["height"]))
