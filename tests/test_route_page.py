"""A route's own page: the link that opens it, its facts, status timeline, dated plans and documents."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil

import pytest

from corridors.output import store
from corridors.output.build import build_outputs
from corridors.web import corpus_view, filters, route_page
from corridors.web.present import country_names

from .apptest import labelled, opened
from .conftest import WORLD

PLAN = """---
title: Railway timetable set
outlet: Rail Monthly
date: 2024-03-01
url: https://example.org/w3
---
The Termez-Peshawar railway is expected to be completed by 2030, the ministry said.
"""


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    """The fixture world and a third document (2024-03-01) that gives the railway a target date."""
    root = tmp_path_factory.mktemp("planned")
    shutil.copytree(WORLD / "docs", root / "docs")
    (root / "docs" / "w3-railway-timetable.md").write_text(PLAN, encoding="utf-8")
    out = root / "corridors.geojson"
    build_outputs(root / "docs", WORLD / "routes.yaml", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    conn = store.open_checked(out.with_suffix(".sqlite"))
    return corpus_view.with_store(data, conn), conn


def page(data, conn, route_id: str, asof: dt.date | None = None) -> str:
    feature = next(f for f in data["features"] if f["id"] == route_id)
    seen, entry = filters.seen_on(feature, asof)
    documents = {d["id"]: d for d in data["documents"]}
    targets = store.route_targets(conn, route_id, asof.isoformat() if asof else "")
    return str(route_page.page_html(seen, entry, documents, country_names(), targets))


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def test_the_page_gives_the_routes_facts(world):
    data = world.collection
    feature = world.route("termez-peshawar-rail")
    seen, entry = filters.seen_on(feature, None)
    html = text(route_page.page_html(seen, entry, {d["id"]: d for d in data["documents"]}, country_names()))
    assert "Termez–Peshawar railway" in html and "Key facts" in html
    assert "Uzbekistan → Afghanistan → Pakistan" in html
    assert "Hairatan (Afghanistan), Torkham (Pakistan)" in html
    assert "no document gives its length; drawn:" in html
    assert "Planned for" not in html  # no document of the fixture world gives a date


def test_the_status_timeline_lists_every_entry_with_date_quote_and_document(world):
    data = world.collection
    seen, entry = filters.seen_on(world.route("almaty-karachi-air"), None)
    html = text(route_page.page_html(seen, entry, {d["id"]: d for d in data["documents"]}, {}))
    timeline = html[html.index("Status timeline") :]
    assert re.search(
        r"2021-02-02 .*Proposed .*plans direct Almaty-Karachi flights.* Highway open, flights planned", timeline
    )
    assert re.search(r"2023-07-15 .*Suspended .*suspended for the winter.* Railway framework signed", timeline)
    assert timeline.index("Proposed") < timeline.index("Suspended")


def test_as_of_the_page_shows_nothing_published_later(world):
    data = world.collection
    seen, entry = filters.seen_on(world.route("almaty-karachi-air"), dt.date(2022, 1, 1))
    html = text(route_page.page_html(seen, entry, {d["id"]: d for d in data["documents"]}, {}))
    assert "Proposed" in html and "Suspended" not in html and "Railway framework" not in html


def test_a_plans_target_date_is_shown_with_its_quote_and_document_only_once_published(planned):
    data, conn = planned
    html = text(page(data, conn, "termez-peshawar-rail"))
    assert re.search(
        r"Planned for 2030 : .*expected to be completed by 2030.* Railway timetable set .* Rail Monthly", html
    )
    assert "Planned for" not in text(page(data, conn, "termez-peshawar-rail", dt.date(2024, 2, 1)))
    assert "Planned for" not in text(page(data, conn, "kkh"))


def test_the_documents_are_those_that_quote_the_route_newest_first_as_of_a_day(planned):
    data, _ = planned
    documents = {d["id"]: d for d in data["documents"]}
    rail = next(f for f in data["features"] if f["id"] == "termez-peshawar-rail")
    found = route_page.route_documents(rail, documents, None)
    assert [d["id"] for d in found] == ["w3-railway-timetable", "w2-railway-framework"]
    assert [d["id"] for d in route_page.route_documents(rail, documents, dt.date(2023, 12, 31))] == [
        "w2-railway-framework"
    ]
    html = str(route_page.documents_html(found))
    assert '<a href="https://example.org/w3"' in html and "Rail Monthly · 2024-03-01" in html


def test_the_routes_quotes_as_of_a_day_leave_out_later_documents(planned):
    _, conn = planned
    html, pages, count = corpus_view.route_quotes(conn, "termez-peshawar-rail")
    assert (pages, count) == (1, 2) and "expected to be completed by 2030" in html
    html, _, count = corpus_view.route_quotes(conn, "termez-peshawar-rail", asof=dt.date(2024, 1, 1))
    assert count == 1 and "2030" not in html


def test_a_link_opens_a_routes_page_and_an_unknown_route_is_a_notice(world):
    options = filters.Options.of(world.collection)
    view, notices = filters.from_query({"route_page": "kkh", "asof": "2022-01-01"}, options)
    assert view.route_page == "kkh" and not notices
    assert filters.to_query(view) == {"route_page": "kkh", "asof": "2022-01-01"}
    view, notices = filters.from_query({"route_page": "atlantis"}, options)
    assert view.route_page is None and notices == ["No route 'atlantis' to show a page of: here is the map."]


def test_the_app_opens_the_page_from_the_card_and_goes_back_to_the_map(world_app):
    at = opened(selected="kkh")
    at.button(key="open_route_page").click().run()
    assert not at.exception and at.query_params["route_page"] == "kkh"
    assert any('class="route-page" data-route="kkh"' in h.proto.body for h in at.get("html"))
    citation = ">Pakistan–Kazakhstan corridors. (2021, February 2). Karakoram"  # the Cite box's plain text block
    assert any("plain-text" in h.proto.body and citation in h.proto.body for h in at.get("html"))
    at.button(key="back").click().run()
    assert "route_page" not in at.query_params and labelled(at.selectbox, "Selected route").value == "kkh"


def test_the_page_shows_the_notes_for_readers_known_that_day(world):
    data = world.collection
    feature = json.loads(json.dumps(world.route("termez-peshawar-rail")))
    feature["properties"]["notes"] = [
        {"text": "Gauge break at the border, per Rail Monthly https://example.org/g", "date": "2024-03-01"}
    ]
    documents = {d["id"]: d for d in data["documents"]}
    now = str(route_page.page_html(*filters.seen_on(feature, None), documents, country_names()))
    assert "Gauge break at the border" in now and '<a href="https://example.org/g"' in now
    before = str(route_page.page_html(*filters.seen_on(feature, dt.date(2024, 2, 1)), documents, country_names()))
    assert "Termez–Peshawar railway" in before and "Gauge break" not in before  # the note's source is later
