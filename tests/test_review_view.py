"""The dashboard's Review view (issue 20): only where the app may write; Accept moves the map, Reject
does not; a deployed app shows no Review view and writes nothing. In Chromium (browser) and AppTest."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from corridors import settings
from corridors.inputs.reviews import load_reviews
from corridors.output.build import build_outputs
from corridors.status.queue import highlights
from corridors.web.present import about, basis, pending_summary, render, review_item_html

from .apptest import at_link
from .browser import CHROMIUM, launch, streamlit_server
from .conftest import WORLD

SENTENCE = "The Karakoram Highway was closed by heavy snow."
SCRATCH = Path(__file__).parent.parent / ".pytest_cache"


@pytest.fixture
def review_world(tmp_path, monkeypatch) -> dict[str, Path]:
    """A copy of the fixture world with one pending reading (KKH closed, below AUTO_ACCEPT), built;
    the app's environment points at it."""
    shutil.copytree(WORLD, tmp_path / "world")
    docs, routes = tmp_path / "world" / "docs", tmp_path / "world" / "routes.yaml"
    (docs / "kkh-closed.md").write_text(f"---\ntitle: KKH shut\ndate: 2026-01-10\n---\n{SENTENCE}\n", encoding="utf-8")
    files = {"seeds": docs, "routes": routes, "reviews": tmp_path / "reviews.yaml", "geojson": tmp_path / "c.geojson"}
    build_outputs(docs, routes, files["geojson"], reviews=files["reviews"])
    for name, path in files.items():
        monkeypatch.setenv(f"CORRIDORS_{name.upper()}", str(path))
    monkeypatch.delenv("CORRIDORS_DB", raising=False)
    return files


def test_word_spans_mark_the_route_words_and_the_cue_whole_words_longest_first():
    spans = highlights(SENTENCE, ["Karakoram Highway", "KKH", "Karakoram"], "closed")
    assert [(SENTENCE[s:e], label) for s, e, label in spans] == [("Karakoram Highway", "route"), ("closed", "cue")]
    assert highlights("The KKHighway", ["KKH"], None) == []


def test_the_review_item_says_the_status_now_on_accept_and_on_reject(review_world):
    from corridors.output.build import assemble
    from corridors.status.queue import queue

    built = assemble(review_world["seeds"], review_world["routes"], reviews=review_world["reviews"])
    [item] = queue(built.collection["features"])
    feature = next(f["properties"] for f in built.collection["features"] if f["id"] == "kkh")
    source = next(s for s in built.sources if s.id == "kkh-closed")
    html = review_item_html(item, feature, source, {"accept": "suspended", "reject": "operational"})
    assert '<mark title="route">Karakoram Highway</mark>' in html and '<mark title="cue">closed</mark>' in html
    assert "KKH shut" in html and "2026-01-10" in html
    assert "kkh-closed" not in html.replace('data-item="kkh-closed:kkh"', "")  # no file ids in what people read


def test_without_write_access_there_is_no_review_view(review_world, monkeypatch):
    monkeypatch.delenv("CORRIDORS_REVIEW", raising=False)
    at = at_link(view="review").run()
    assert not at.exception
    assert "Review" not in at.segmented_control(key="page").options
    assert at.segmented_control(key="page").value == "Map"
    monkeypatch.setattr(settings, "REVIEW_ENABLED", True)  # the setting, read at each run
    assert "Review" in at_link().run().segmented_control(key="page").options


def test_accept_in_the_app_writes_the_decision_and_rebuilds_the_map(review_world, monkeypatch):
    monkeypatch.setenv("CORRIDORS_REVIEW", "1")
    at = at_link(view="review").run()
    assert not at.exception
    assert "Reading 1 of 1" in [h.value for h in at.subheader]
    at.button[0].click().run()  # Accept
    [review] = load_reviews(review_world["reviews"])
    assert (review.doc, review.route, review.decision, review.quote) == ("kkh-closed", "kkh", "accept", SENTENCE)
    assert any("Karakoram Highway is now Suspended on the map (was Operational)" in s.value for s in at.success)
    assert '"status":"suspended"' in review_world["geojson"].read_text(encoding="utf-8")


def test_the_tooltip_says_what_a_status_rests_on_and_what_waits_for_a_person():
    plain = {"name": "KKH", "status": "Operational", "dates": "since 1986", "modes": "road"}
    assert render("map_tooltip.html", **plain) == "<b>KKH</b><br>Operational, since 1986<br>road"
    auto = render("map_tooltip.html", **plain, basis=basis({"source": "extracted", "confidence": 0.91}),
                  pending=pending_summary([{"status": "suspended"}]))  # fmt: skip
    assert "Rests on a machine reading, not confirmed by a person (confidence 0.91)." in auto
    assert "1 unreviewed reading says suspended: not on the map until a person reviews them." in auto


def test_about_explains_the_three_bases_and_pending_readings_in_plain_words():
    text = about("2025-10-08")
    bases = ("**Curated**: a person", "**Reviewed**", "a person confirmed", "**Machine reading**", "**pending**")
    for words in (*bases, f"a confidence of {settings.AUTO_ACCEPT} or more", "do not change the map"):
        assert words in text
    assert "corridors review" not in text and "reviews.yaml" not in text  # no command names, no files


# In Chromium ------------------------------------------------------------------------------------

browser = pytest.mark.browser
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("CI"), reason=f"{CHROMIUM} not installed (make browser)"
)


@pytest.fixture
def chromium():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


def open_review(chromium, url: str, width: int = 1440, height: int = 900):
    phone = {"is_mobile": True, "has_touch": True, "device_scale_factor": 2} if width < 500 else {}
    page = chromium.new_context(viewport={"width": width, "height": height}, **phone).new_page()
    page.goto(f"{url}/?view=review")
    page.locator(".review-item").wait_for(timeout=60_000)
    return page


def card_status(page, url: str) -> str:
    page.goto(f"{url}/?selected=kkh")
    card = page.locator(".route-card[data-route='kkh']")
    card.wait_for(timeout=60_000)
    return card.locator(".badge").first.inner_text()


@browser
@needs_chromium
@pytest.mark.parametrize(("key", "verdict", "status"), [("a", "accept", "Suspended"), ("x", "reject", "Operational")])
def test_a_key_decides_and_the_map_shows_it_at_once(chromium, review_world, monkeypatch, key, verdict, status):
    monkeypatch.setenv("CORRIDORS_REVIEW", "1")
    with streamlit_server(geojson=review_world["geojson"]) as url:
        page = open_review(chromium, url)
        assert card_status(chromium.new_context().new_page(), url) == "Operational"
        page.locator(".review-sentence").click()  # the shortcut keys go to the page, not a field
        page.keyboard.press(key)
        page.get_by_text("Nothing left to review.").wait_for(timeout=60_000)
        assert [r.decision for r in load_reviews(review_world["reviews"])] == [verdict]
        page.get_by_role("button", name="See it on the map").click()
        page.locator(".route-card[data-route='kkh']").wait_for(timeout=60_000)
        assert page.locator(".route-card[data-route='kkh'] .badge").first.inner_text() == status
        assert card_status(chromium.new_context().new_page(), url) == status  # a new visitor sees it too


@browser
@needs_chromium
def test_a_deployed_app_shows_no_review_view_and_writes_nothing(chromium, review_world, monkeypatch):
    monkeypatch.delenv("CORRIDORS_REVIEW", raising=False)
    before = review_world["geojson"].read_bytes()
    with streamlit_server(geojson=review_world["geojson"]) as url:
        page = chromium.new_page()
        page.goto(f"{url}/?view=review")
        page.get_by_role("radio", name="Map", exact=True).wait_for(timeout=60_000)
        page.wait_for_timeout(1000)
        assert page.get_by_role("radio", name="Review").count() == 0
        assert page.locator(".review-item").count() == 0
        page.keyboard.press("a")
        page.wait_for_timeout(500)
    assert not review_world["reviews"].exists()
    assert review_world["geojson"].read_bytes() == before


@browser
@needs_chromium
@pytest.mark.parametrize(("width", "height"), [(1440, 900), (390, 844)])
def test_screenshots_of_the_review_view(chromium, review_world, monkeypatch, width, height):
    monkeypatch.setenv("CORRIDORS_REVIEW", "1")
    with streamlit_server(geojson=review_world["geojson"]) as url:
        page = open_review(chromium, url, width, height)
        page.wait_for_timeout(1000)
        target = Path(os.environ.get("CORRIDORS_REVIEW_SCREENSHOTS") or SCRATCH)
        target.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target / f"review-{width}x{height}.png"), full_page=True)
