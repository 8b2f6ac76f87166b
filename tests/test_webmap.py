import json

import pytest

from corridors import filters, settings, webmap


@pytest.fixture(scope="module")
def data():
    return json.loads(settings.GEOJSON_PATH.read_text(encoding="utf-8"))


def layer_script(group) -> str:
    """The JavaScript of a route layer, as streamlit-folium would send it."""
    m = webmap.base_map()
    group.add_to(m)
    return m.get_root().render()


def test_route_layer_styles_each_route_by_its_status_and_marks_the_selected_one(data):
    kept = filters.apply(data, filters.View(modes=("air",)))
    script = layer_script(webmap.route_layer(kept, selected="almaty-lahore-air"))
    assert "corridor corridor-almaty-lahore-air" in script and "corridor corridor-almaty-karachi-air" in script
    assert "corridor-karakoram" not in script
    lahore = webmap.route_styles(kept, "status", "almaty-lahore-air")["almaty-lahore-air"]
    assert lahore["weight"] > 4 and lahore["dashArray"] == "2 6"  # suspended: dotted


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


def test_install_static_copies_leaflet_and_writes_the_outlines_once(tmp_path):
    webmap.install_static(tmp_path)
    outlines = json.loads((tmp_path / webmap.OUTLINES_FILE).read_text(encoding="utf-8"))
    assert {f["properties"]["iso"] for f in outlines["features"]} == set(webmap.REGION)
    assert (tmp_path / "leaflet" / "leaflet.js").exists()
    stamp = (tmp_path / webmap.OUTLINES_FILE).stat().st_mtime_ns
    webmap.install_static(tmp_path)
    assert (tmp_path / webmap.OUTLINES_FILE).stat().st_mtime_ns == stamp


def test_bounds_hold_every_route(data):
    (south, west), (north, east) = webmap.bounds(data)
    assert south <= 24.86 and north >= 43.25  # Karachi ... Almaty
    assert west <= 28.95 and east >= 76.91  # Istanbul ... Almaty
