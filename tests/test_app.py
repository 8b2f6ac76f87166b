"""The dashboard's script, run headless by Streamlit's AppTest (no browser)."""

import pytest
from streamlit.testing.v1 import AppTest

from corridors.output.store import SCHEMA_VERSION
from corridors.web.present import literal

from .apptest import at_link, labelled, opened
from .archive import spoil, write_archive


def shown(at: AppTest) -> str:
    return next(c.value for c in at.caption if "routes shown" in c.value)


def test_sidebar_has_exactly_the_filters_users_expect(world_app):
    at = opened()
    assert not at.exception
    labels = [w.label for w in at.sidebar.multiselect] + [w.label for w in at.sidebar.date_input]
    assert labels == ["Route", "Country", "Mode", "Status", "Source", "As of"]
    assert shown(at).startswith("3 of 3 routes shown")


def test_on_the_map_the_rest_of_the_page_comes_with_the_run_the_maps_first_report_starts(world_app):
    at = at_link().run()
    assert not at.exception and not at.sidebar.multiselect and not at.sidebar.date_input
    assert [h.value for h in at.sidebar.header] == ["Filters"]
    assert "as soon as the map is drawn" in at.sidebar.caption[0].value
    assert shown(at).startswith("3 of 3 routes shown") and len(at.get("iframe")) == 0
    assert not at.selectbox and not at.date_input and not at.expander  # nor the card's list, nor What changed
    at.run()
    assert [w.label for w in at.sidebar.multiselect] == ["Route", "Country", "Mode", "Status", "Source"]
    assert [w.label for w in at.selectbox] == ["Selected route"] and at.expander[0].label.startswith("What changed")
    # other views, and a route's page, have no map to wait for: their first run has the filters
    for view in ({"view": "routes"}, {"view": "about"}, {"route_page": "kkh"}):
        assert [w.label for w in at_link(**view).run().sidebar.multiselect][:2] == ["Route", "Country"], view


def test_a_shared_link_restores_filters_and_selection(world_app):
    at = opened(country="CN", selected="kkh")
    assert at.sidebar.multiselect(key="f_country").value == ["CN"]
    assert shown(at).startswith("1 of 3 routes shown")
    assert labelled(at.selectbox, "Selected route").value == "kkh"
    assert dict(at.query_params) == {"country": "CN", "selected": "kkh"}


def test_changing_a_filter_updates_the_link(world_app):
    at = opened()
    at.sidebar.multiselect(key="f_mode").select("air").run()
    assert shown(at).startswith("1 of 3 routes shown")
    assert at.query_params["mode"] == "air"


def test_as_of_hides_routes_not_yet_mentioned(world_app):
    at = opened(asof="2022-06-01")  # the railway is first spoken of in 2023
    assert shown(at).startswith("2 of 3 routes shown, as of 2022-06-01")


@pytest.mark.parametrize(
    ("params", "notice"),
    [({"country": "XX"}, "unknown country 'XX'"), ({"asof": "31/12/2024"}, "malformed asof '31/12/2024'")],
)
def test_bad_link_values_are_dropped_with_a_visible_notice(world_app, params, notice):
    at = opened(**params)
    assert not at.exception
    assert any(notice in w.value for w in at.warning)
    assert shown(at).startswith("3 of 3 routes shown")
    assert dict(at.query_params) == {}


def test_unreadable_data_is_a_clear_message_not_a_traceback(monkeypatch, tmp_path):
    broken = tmp_path / "broken.geojson"
    broken.write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("CORRIDORS_GEOJSON", str(broken))
    at = opened()
    assert not at.exception
    assert "Cannot show the corridor data" in at.error[0].value and literal(str(broken)) in at.error[0].value


@pytest.fixture
def archive(monkeypatch, tmp_path):
    db = write_archive(tmp_path / "archive.sqlite")
    monkeypatch.setenv("CORRIDORS_DB", str(db))
    return db


def sources(at: AppTest) -> str:
    return next(c.value for c in at.caption if "newest first" in c.value)


def test_sources_are_a_searchable_list_of_twenty_a_page(archive):
    at = opened()
    at.segmented_control(key="page").set_value("Sources").run()
    assert not at.exception
    assert sources(at) == "45 documents, newest first · page 1 of 3"
    assert len(at.expander) == 20 and at.expander[0].label.startswith("Report 35 — Outlet, 2020-12-03")
    at.number_input(key="src_page").set_value(3).run()
    assert len(at.expander) == 5 and sources(at).endswith("page 3 of 3")
    at.text_input(key="src_text").input("railway").run()
    assert sources(at) == "15 documents, newest first"  # a new search starts on its first page
    assert "<mark>railway</mark>" in at.get("html")[0].proto.body
    report = next(e for e in at.expander if e.label.startswith("Report 3 "))
    assert report.label.endswith("(1 mention)")
    assert '<mark title="Karakoram Highway">railway</mark>' in report.get("html")[0].proto.body


@pytest.mark.parametrize(
    ("store_file", "reason"),
    [("missing", "no corpus store here"), ("old-version", f"schema version '1', expected {SCHEMA_VERSION}"),
     ("no-table", "no status_claims"), ("not-sqlite", "not an SQLite database")],
)  # fmt: skip
def test_sources_without_a_store_say_how_to_make_one_and_why(monkeypatch, tmp_path, store_file, reason):
    db = tmp_path / "missing.sqlite"
    if store_file == "not-sqlite":
        db.write_text("not a database", encoding="utf-8")
    elif store_file != "missing":
        spoil(write_archive(db), store_file)
    monkeypatch.setenv("CORRIDORS_DB", str(db))
    at = opened()
    at.segmented_control(key="page").set_value("Sources").run()
    assert not at.exception
    assert "No usable corpus store" in at.info[0].value
    assert literal(f"{db}: ") in at.info[0].value and literal(reason) in at.info[0].value


def test_a_shared_link_restores_the_view_colours_and_compared_routes():
    at = opened(view="routes", color="mode", compare="karakoram,tapi", map="6/36.5/66.25")
    assert not at.exception
    assert at.segmented_control(key="page").value == "Routes"
    assert at.sidebar.radio(key="color_by").value == "mode"
    assert labelled(at.multiselect, "Compare routes side by side").value == ["karakoram", "tapi"]
    expected = {"view": "routes", "color": "mode", "compare": "karakoram,tapi", "map": "6/36.5000/66.2500"}
    assert dict(at.query_params) == expected
    at.segmented_control(key="page").set_value("Timeline").run()
    assert at.query_params["view"] == "timeline" and at.query_params["map"] == "6/36.5000/66.2500"


@pytest.mark.parametrize(
    ("query", "selected"),
    [pytest.param("Karakorum", "karakoram", id="misspelt"), pytest.param("KKH", "karakoram", id="alias"),
     pytest.param("Trans-Afghan railway", "uap-railway", id="alias-of-another-route")],
)  # fmt: skip
def test_search_selects_the_route(query, selected):
    at = opened(view="routes")
    at.text_input(key="search_text").input(query).run()
    assert at.session_state.selection == selected
    assert at.segmented_control(key="page").value == "Map"
    assert at.query_params["selected"] == selected


def test_a_rerun_asked_before_the_browser_drew_what_a_search_found_keeps_it():
    """After a search the map zooms and reports its place at once, often before the browser has drawn the card's
    route list: that rerun carries the list's old value (no route), which must not close the card just opened."""
    at = opened()
    at.text_input(key="search_text").input("KKH")
    stale = at._tree.get_widget_states()  # the browser's widgets as they stand when the search is sent
    at.run()
    assert labelled(at.selectbox, "Selected route").value == "karakoram"
    at._tree._runner._run(stale)  # the map's report, sent before the new list was drawn
    assert at.session_state.selection == "karakoram" and at.query_params["selected"] == "karakoram"
    assert any('data-route="karakoram"' in h.proto.body for h in at.get("html"))


def test_search_for_a_country_filters_by_it():
    at = opened()
    at.text_input(key="search_text").input("China").run()
    assert at.sidebar.multiselect(key="f_country").value == ["CN"]
    assert shown(at).startswith("1 of 11 routes shown")


def test_as_of_card_shows_only_what_was_published_by_then():
    at = opened(asof="2023-01-01", selected="almaty-lahore-air")
    card = next(h.proto.body for h in at.get("html") if "route-card" in h.proto.body)
    assert "proposed" in card and "operational" not in card.lower()
    assert "Interview with H.E." not in card  # the July 2024 interview was not published yet


@pytest.mark.parametrize("page", ["Routes", "Sources", "Timeline", "About"])
def test_every_view_draws(page):
    at = opened(asof="2024-08-01", selected="karakoram")
    at.segmented_control(key="page").set_value(page).run()
    assert not at.exception
    if page == "About":
        assert "Statuses" in at.markdown[0].value


def test_timeline_shows_years_and_only_the_statuses_present_in_words():
    import json

    at = opened(view="timeline", mode="air")
    chart = next(e for e in at.main if getattr(e, "type", "") == "vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    bars = spec["layer"][0]["encoding"]
    assert bars["x"]["axis"]["format"] == "%Y"
    # the statuses the flights went through, in words, and no other
    assert bars["color"]["scale"]["domain"] == ["Operational", "Suspended", "Proposed"]


def test_an_empty_map_says_why_and_clearing_the_filters_restores_every_route():
    at = opened(country="AF", mode="rail", status="operational")
    assert shown(at).startswith("0 of 11 routes shown")
    assert at.info[0].value == "No route is at once through Afghanistan, by rail and operational."
    at.button(key="clear_map").click().run()
    assert shown(at).startswith("11 of 11 routes shown")
    assert dict(at.query_params) == {}
    assert not at.info and [b.key for b in at.sidebar.button] == ["play"]  # nothing left to clear


def test_the_sidebar_clears_filters_once_one_is_set_and_options_count_their_routes():
    at = opened()
    assert [b.key for b in at.sidebar.button] == ["play"]  # no Clear filters yet
    at.sidebar.multiselect(key="f_country").select("AF").run()
    modes = ["road (2)", "rail (2)", "sea (1)", "air (0)", "pipeline (1)", "multimodal (1)"]  # through Afghanistan
    assert at.sidebar.multiselect(key="f_mode").options == modes
    at.sidebar.date_input(key="f_asof").set_value(None)
    at.sidebar.button(key="clear_sidebar").click().run()
    assert shown(at).startswith("11 of 11 routes shown") and at.sidebar.multiselect(key="f_country").value == []


def test_a_link_with_since_lists_what_changed_on_the_map_view(world_app):
    at = opened(since="2023-01-01")
    assert at.expander[0].label == "What changed since 2023-01-01"
    changes = next(h.proto.body for h in at.get("html") if 'class="changes"' in h.proto.body)
    assert changes.count('data-kind="status"') == 2 and changes.count('data-kind="quote"') == 3
    assert at.query_params["since"] == "2023-01-01"
