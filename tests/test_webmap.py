import json
import re
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlparse

import pytest
from markupsafe import escape

from corridors import settings
from corridors.web import filters, present, webmap
from corridors.web.present import MODE_COLORS, STATUS_DASHES, STATUS_LABELS


@pytest.fixture(scope="module")
def data():
    return json.loads(settings.GEOJSON_PATH.read_text(encoding="utf-8"))


def layer_script(group) -> str:
    """The JavaScript of a route layer, as streamlit-folium would send it."""
    m = webmap.base_map()
    group.add_to(m)
    return m.get_root().render()


def layer_data(script: str) -> dict:
    """The data the route layer's script gives to routes.js."""
    return json.loads(re.search(r"corridors\.drawRoutes\([\w.]+, [\w.]+,\s*(.*?)\);\n", script, re.S)[1])


def static_text(name: str) -> str:
    """A script or style sheet of corridors/web/static."""
    return (files("corridors.web") / "static" / name).read_text(encoding="utf-8")


def test_route_layer_styles_each_route_by_its_status_and_marks_the_selected_one(data):
    kept = filters.apply(data, filters.View(modes=("air",)))
    script = layer_script(webmap.route_layer(kept, selected="almaty-lahore-air"))
    assert "corridor corridor-almaty-lahore-air" in script and "corridor corridor-almaty-karachi-air" in script
    assert "corridor-karakoram" not in script
    lahore = webmap.route_styles(kept, "status", "almaty-lahore-air")["almaty-lahore-air"]
    assert lahore["weight"] > 4 and lahore["dashArray"] == STATUS_DASHES["suspended"]


def test_route_styles_fade_all_but_the_selected_route_and_follow_the_colour_switch(data):
    kept = filters.apply(data, filters.View(modes=("air",)))
    by_status = webmap.route_styles(kept, "status", "almaty-lahore-air")
    assert by_status["almaty-karachi-air"]["opacity"] < by_status["almaty-lahore-air"]["opacity"]
    by_mode = webmap.route_styles(kept, "mode", None)
    assert by_mode["almaty-karachi-air"]["color"] == by_mode["almaty-lahore-air"]["color"]  # both air
    assert len({s["opacity"] for s in by_mode.values()}) == 1


def test_base_map_loads_leaflet_and_outlines_from_this_server():
    html = webmap.base_map().get_root().render()
    assert f"{webmap.STATIC_URL}/leaflet/leaflet.js" in html
    assert f"{webmap.STATIC_URL}/{webmap.OUTLINES_FILE}" in html
    assert "cdn" not in html.lower() and "jquery" not in html.lower()
    for name in (webmap.BUNDLE, *webmap.STYLES):
        assert f"{webmap.STATIC_URL}/{webmap.OWN_STATIC}/{name}" in html
    assert html.count("<script src=") == 2  # Leaflet, then our scripts in one file (each loads after the last)


def test_the_map_scripts_in_python_only_pass_data_to_the_static_files():
    script = layer_script(webmap.route_layer([SEA_AND_ROAD, RAIL]))
    calls = re.findall(r"corridors\.(\w+)\(", script)
    assert calls == ["drawOutlines", "setUpMap", "addSnapshot", "drawRoutes"]
    assert "function" not in script and "<style" not in script.split("</head>")[1]
    defined = "".join(static_text(name) for name in webmap.SCRIPTS)
    assert all(f"corridors.{call} = function" in defined for call in calls)


def test_install_static_copies_leaflet_and_writes_the_outlines_once(tmp_path):
    webmap.install_static(tmp_path)
    outlines = json.loads((tmp_path / webmap.OUTLINES_FILE).read_text(encoding="utf-8"))
    assert {f["properties"]["iso"] for f in outlines["features"]} == set(webmap.REGION)
    assert (tmp_path / "leaflet" / "leaflet.js").exists()
    for name in webmap.STYLES:
        assert (tmp_path / webmap.OWN_STATIC / name).read_text(encoding="utf-8") == static_text(name)
    bundle = (tmp_path / webmap.OWN_STATIC / webmap.BUNDLE).read_text(encoding="utf-8")
    at = [bundle.index(static_text(name)) for name in webmap.SCRIPTS]  # each script whole, in order
    assert at == sorted(at) and not (tmp_path / webmap.OWN_STATIC / "routes.js").exists()
    stamp = (tmp_path / webmap.OUTLINES_FILE).stat().st_mtime_ns
    (tmp_path / webmap.OWN_STATIC / webmap.BUNDLE).write_text("// an older version", encoding="utf-8")
    webmap.install_static(tmp_path)
    assert (tmp_path / webmap.OUTLINES_FILE).stat().st_mtime_ns == stamp
    assert (tmp_path / webmap.OWN_STATIC / webmap.BUNDLE).read_text(encoding="utf-8") == bundle


def test_bounds_hold_every_route(data):
    (south, west), (north, east) = webmap.bounds(data)
    assert south <= 24.86 and north >= 43.25  # Karachi ... Almaty
    assert west <= 28.95 and east >= 76.91  # Istanbul ... Almaty


def route(rid: str, modes: list[str], coords: list, waypoints: list[tuple], status: str = "proposed", parts=None):
    """A small route feature and its status entry, as filters.apply gives them."""
    geometry = {"type": "MultiLineString", "coordinates": coords}
    props = {
        "id": rid,
        "name": f"Route {rid}",
        "modes": modes,
        "segment_parts": parts or ["route"] * len(coords),
        "waypoints": [{"name": n, "country": "XX", "role": r, "lon": lon, "lat": lat} for n, r, lon, lat in waypoints],
    }
    return {"type": "Feature", "geometry": geometry, "properties": props}, {"status": status}


SEA_AND_ROAD = route(
    "sea-road",
    ["sea", "road", "multimodal"],
    [[[50, 43], [51, 40], [53, 37]], [[53, 37], [55, 34], [60, 30]]],
    [("Aktau", "port", 50, 43), ("Amirabad", "port", 53, 37), ("Yazd", "city", 55, 34), ("Bandar", "port", 60, 30)],
)
RAIL = route(
    "rail",
    ["rail"],
    [[[60, 30], [61.5, 29], [61.52, 29.01], [66, 30]]],
    [("Bandar", "terminal", 60, 30), ("Taftan", "border_crossing", 61.5, 29),
     ("Mirjaveh", "border_crossing", 61.52, 29.01), ("Quetta", "city", 66, 30)],
    status="operational",
)  # fmt: skip


def test_a_leg_from_port_to_port_with_no_place_between_is_drawn_as_sea():
    feature, _ = SEA_AND_ROAD
    assert webmap.part_modes(feature["properties"], feature["geometry"]) == ["sea", "road"]
    feature, _ = RAIL
    assert webmap.part_modes(feature["properties"], feature["geometry"]) == ["rail"]


def test_place_labels_merge_the_two_sides_of_a_border_and_rank_places():
    labels = {lb["text"]: lb["kind"] for lb in webmap.place_labels([SEA_AND_ROAD[0], RAIL[0]])}
    assert labels["Taftan / Mirjaveh"] == "place-2"  # a crossing: from zoom 5.5
    assert labels["Bandar"] == "place-1"  # a port (its strongest role), on two routes
    assert labels["Quetta"] == "place-3" and labels["Aktau"] == "place-1"


def test_legend_lists_only_what_is_shown_with_counts():
    legend = webmap.legend_html([SEA_AND_ROAD, RAIL])
    assert "Proposed (1)" in legend and "Operational (1)" in legend
    assert not any(f"{label} (" in legend for s, label in STATUS_LABELS.items() if s not in ("proposed", "operational"))
    assert "sea (1)" in legend and "road (1)" in legend and "railway (1)" in legend
    assert "flight" not in legend and "pipeline" not in legend
    assert "border crossing" in legend and "pass" not in legend
    by_mode = webmap.legend_html([SEA_AND_ROAD, RAIL], color_by="mode")
    assert "Status</b> (pattern)" in by_mode and "Mode</b> (colour)" in by_mode


def test_every_status_has_its_own_dash_pattern():
    assert len(set(STATUS_DASHES.values())) == len(STATUS_DASHES)


def test_route_names_are_placed_on_their_own_lines_apart_from_each_other():
    points = webmap.route_label_points([SEA_AND_ROAD[0], RAIL[0]])
    assert set(points) == {"sea-road", "rail"}
    (lat1, lon1), (lat2, lon2) = points["sea-road"], points["rail"]
    assert abs(lat1 - lat2) + abs(lon1 - lon2) > 1
    assert 29 <= points["rail"][0] <= 30.1 and 60 <= points["rail"][1] <= 66


def test_route_layer_makes_hit_lines_the_only_keyboard_stops():
    script = layer_script(webmap.route_layer([SEA_AND_ROAD, RAIL], selected="rail"))
    labels = webmap.map_labels([SEA_AND_ROAD[0], RAIL[0]])
    only_rail = layer_script(webmap.route_layer([RAIL], labels=labels))
    assert "Quetta" in only_rail and "Aktau" not in only_rail  # the places of the routes shown
    routes_js = static_text("routes.js")  # what drawRoutes does with the data
    assert 'path.setAttribute("tabindex", "0")' in routes_js
    assert "keyboard: false" in routes_js and "interactive: false" in routes_js
    assert "keyboard: false" in static_text("picker.js")  # labels
    assert '"selected": true' in script and "corridor corridor-rail" in script


HOSTILE_NAME = "</script><b>`${window.__xss='name'}`</b>"
HOSTILE_PLACE = "<img src=x onerror=\"window.__xss='place'\">"


def hostile_route():
    hostile = route("x", ["road"], [[[60, 30], [61, 31]]], [(HOSTILE_PLACE, "terminal", 60, 30)])
    hostile[0]["properties"]["name"] = HOSTILE_NAME
    return hostile


def test_names_on_the_map_are_escaped():
    script = layer_script(webmap.route_layer([hostile_route()]))
    assert "<img" not in script and "</script><b>" not in script
    # names travel as text, which the map's scripts set as text (textContent, text nodes), never as HTML
    data = layer_data(script)
    assert data["routes"][0]["name"] == HOSTILE_NAME and data["places"][0]["text"] == HOSTILE_PLACE
    assert data["waypoints"][0]["label"].startswith(HOSTILE_PLACE)
    assert f"<b>{escape(HOSTILE_NAME)}</b>" in data["routes"][0]["tooltip_html"]
    js = "".join(static_text(name) for name in webmap.SCRIPTS)
    assert set(re.findall(r"innerHTML = ([\w.]+)", js)) == {"route.swatch_html", "html"}  # html: the legend's


def test_names_holding_template_marks_are_drawn_as_they_are(monkeypatch):
    """Text on the map is data: it is never read as a Jinja template (a "{%" once stopped the map)."""
    import streamlit_folium

    marked = route("m", ["road"], [[[60, 30], [61, 31]]], [("Fort {{ 7*7 }}", "terminal", 60, 30)])
    marked[0]["properties"]["name"] = "Road {% of the ancients %}"
    data = layer_data(layer_script(webmap.route_layer([marked])))
    assert data["routes"][0]["name"] == "Road {% of the ancients %}" and data["places"][0]["text"] == "Fort {{ 7*7 }}"
    sent = {}  # what st_folium gives the browser
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **args: sent.update(args))
    streamlit_folium.st_folium(webmap.base_map(), feature_group_to_add=webmap.route_layer([marked]), key="map")
    assert "Road {% of the ancients %}" in sent["feature_group"] and "Fort {{ 7*7 }}" in sent["feature_group"]


def test_coloured_by_mode_each_part_takes_its_own_colour():
    script = layer_script(webmap.route_layer([SEA_AND_ROAD], color_by="mode"))
    colours = [p["color"] for p in layer_data(script)["routes"][0]["parts"]]
    assert colours == [MODE_COLORS["sea"], MODE_COLORS["road"]]


def test_a_tooltip_gives_the_event_and_the_reported_date_apart(data):
    kept = filters.apply(data, filters.View(routes=("almaty-lahore-air",)))
    [(_, entry)] = kept
    script = layer_script(webmap.route_layer(kept))
    assert present.status_dates(entry) in script and "reported " in present.status_dates(entry)


@pytest.mark.browser
def test_hostile_names_show_as_text_on_the_map_in_chromium(tmp_path):
    """The map alone (no Streamlit), its scripts and styles served from install_static's folder."""
    from .browser import CHROMIUM, launch

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (make browser)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    webmap.install_static(tmp_path)
    page_html = layer_script(webmap.route_layer([hostile_route()]))

    def serve(route):
        url = urlparse(route.request.url)
        if url.hostname != "corridors.test":  # map tiles
            return route.abort()
        if url.path == "/":
            return route.fulfill(body=page_html, content_type="text/html")
        return route.fulfill(path=tmp_path / url.path.removeprefix(f"{webmap.STATIC_URL}/"))

    with playwright_api.sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.route("**/*", serve)
        page.goto("http://corridors.test/")
        page.wait_for_selector("path.corridor")
        labels = page.eval_on_selector_all(".lbl span", "(spans) => spans.map((s) => s.textContent)")
        assert HOSTILE_NAME in labels and HOSTILE_PLACE in labels
        page.focus("path.corridor")  # opens the route's tooltip
        assert HOSTILE_NAME in page.inner_text(".leaflet-tooltip")
        assert page.locator(".leaflet-map-pane img:not(.leaflet-tile), .leaflet-tooltip b b").count() == 0
        assert page.evaluate("window.__xss") is None and dialogs == []
        browser.close()


def test_routes_sharing_a_leg_are_drawn_side_by_side_each_on_its_own_side_whichever_way_it_runs():
    def route(rid, *lines):
        return {"type": "Feature", "properties": {"id": rid},
                "geometry": {"type": "MultiLineString", "coordinates": [list(line) for line in lines]}}  # fmt: skip

    a, b, c, d = [60.0, 30.0], [61.0, 31.0], [62.0, 31.5], [63.0, 32.0]
    routes = [route("x", [a, b, c]), route("y", [c, b, a]), route("z", [b, c, d]), route("w", [a, d])]
    offsets = webmap.leg_offsets(routes)
    # a-b: x and y (y runs the other way, so the same slot reads the other sign); b-c: x, y and z
    assert offsets["x"] == [[-0.5, -1.0]] and offsets["y"] == [[0.0, -0.5]]
    assert offsets["z"] == [[1.0, 0.0]] and offsets["w"] == [[0.0]]


def test_the_route_layer_sends_offsets_only_for_shared_legs(data):
    kept = filters.apply(data, filters.View())
    parts = {r["id"]: r["parts"] for r in layer_data(layer_script(webmap.route_layer(kept)))["routes"]}
    assert any(p["slots"] for p in parts["caspian-iran"]) and any(p["slots"] for p in parts["iti-railway"])
    assert all(p["slots"] is None or any(p["slots"]) for route in parts.values() for p in route)


def test_a_status_no_person_confirmed_is_drawn_stitched_and_the_legend_says_why():
    curated = (SEA_AND_ROAD[0], {**SEA_AND_ROAD[1], "source": "curated"})
    machine = (RAIL[0], {**RAIL[1], "source": "extracted", "confidence": 0.9})
    data = layer_data(layer_script(webmap.route_layer([curated, machine])))
    drawn = {r["id"]: r["machine"] for r in data["routes"]}
    assert drawn == {"sea-road": None, "rail": webmap.MACHINE_STROKE}
    assert "a machine reading no person has confirmed yet (1)" in data["legend_html"]
    assert "rests on a curator's or a reviewer's word" in webmap.legend_html([curated])


def test_the_route_layer_gives_the_map_the_caption_of_its_picture():
    caption = present.map_caption(None, "2025-10-08", 1, 1)
    script = layer_script(webmap.route_layer([RAIL], caption=caption))
    assert layer_data(script)["caption"] == caption
    assert "corridors.addSnapshot(" in script  # the button that saves it
    assert layer_data(layer_script(webmap.route_layer([RAIL])))["caption"]["filename"] == "corridors-map-undated.png"


def test_a_focus_holds_the_routes_found_and_the_place_searched_on_them():
    (sea_road, _), (rail, _) = SEA_AND_ROAD, RAIL
    both = webmap.focus(3, [sea_road, rail], "Quetta")
    assert both == {"zoom": 3, "bounds": [[29, 50], [43, 66]], "place": {"name": "Quetta", "lat": 30, "lon": 66}}
    assert webmap.focus(4, [rail])["bounds"] == [[29, 60], [30.0, 66]] and webmap.focus(4, [rail])["place"] is None
    assert webmap.focus(5, [sea_road], "Quetta")["place"] is None  # not a place of the routes found


def test_the_route_layer_passes_the_focus_to_the_map_and_none_by_default():
    focus = webmap.focus(7, [RAIL[0]], "Taftan")
    assert layer_data(layer_script(webmap.route_layer([RAIL], focus=focus)))["focus"] == focus
    assert layer_data(layer_script(webmap.route_layer([RAIL])))["focus"] is None
