"""The search box: routes by name and aliases with spelling tolerance, places and countries."""

import json

import pytest

from corridors import settings
from corridors.web.search import Index, search

NAMES = {"CN": "China", "KZ": "Kazakhstan", "PK": "Pakistan", "AF": "Afghanistan", "UZ": "Uzbekistan"}


def route(rid, name, aliases, countries, places, notes=()):
    waypoints = [{"name": p, "country": countries[0], "role": "city", "lon": 0, "lat": 0} for p in places]
    notes = [{"text": n, "date": ""} for n in notes]
    props = {"id": rid, "name": name, "aliases": aliases, "countries": countries, "notes": notes}
    return {"type": "Feature", "properties": {**props, "waypoints": waypoints}}


@pytest.fixture
def index():
    features = [
        route("kkh", "Karakoram Highway", ["KKH", "N-35 highway"], ["PK", "CN"], ["Islamabad", "Kashgar"],
              notes=["Upgraded under the China-Pakistan Economic Corridor (CPEC)."]),
        route("uap", "Uzbekistan–Afghanistan–Pakistan railway", ["UAP railway", "Trans-Afghan railway"],
              ["UZ", "AF", "PK"], ["Termez", "Kabul", "Peshawar"]),
        route("road", "Trans-Afghan route (road)", ["Trans-Afghan road"], ["PK", "AF", "UZ", "KZ"],
              ["Karachi", "Kabul", "Termez", "Almaty"]),
        route("air", "Almaty–Lahore direct flights", ["Almaty-Lahore flights"], ["KZ", "PK"], ["Almaty", "Lahore"]),
    ]  # fmt: skip
    return Index.of({"features": features}, NAMES)


@pytest.mark.parametrize(
    ("query", "kind", "key"),
    [
        pytest.param("Karakorum", "route", "kkh", id="misspelt-name"),
        pytest.param("KKH", "route", "kkh", id="acronym-alias"),
        pytest.param("CPEC", "route", "kkh", id="word-of-the-notes"),
        pytest.param("Trans-Afghan railway", "route", "uap", id="alias-over-a-similar-name"),
        pytest.param("trans afghan", "route", "road", id="closest-whole-name"),
        pytest.param("Kashgar", "place", "Kashgar", id="place"),
        pytest.param("Lahore", "place", "Lahore", id="place-before-a-route-named-after-it"),
        pytest.param("Kazakstan", "country", "KZ", id="misspelt-country"),
        pytest.param("china", "country", "CN", id="country-by-name"),
    ],
)
def test_the_right_thing_comes_first(index, query, kind, key):
    first = search(query, index)[0]
    assert (first.kind, first.key) == (kind, key)


def test_hits_lead_to_routes_and_nothing_matches_nonsense(index):
    kabul = search("Kabul", index)[0]
    assert kabul.routes == ("road", "uap") and kabul.label == "Kabul (place on 2 routes)"
    assert search("China", index)[0].label == "China (country, 1 route)"
    assert search("xyzzy", index) == [] and search("  ", index) == []
    assert not any(h.key == "kkh" for h in search("Jizzakh", index))  # "KKH" is not inside every word


@pytest.mark.parametrize(
    ("query", "route_id"),
    [
        pytest.param("Karakorum", "karakoram", id="Karakorum"),
        pytest.param("KKH", "karakoram", id="KKH"),
        pytest.param("CPEC", "karakoram", id="CPEC"),
        pytest.param("Trans-Afghan railway", "uap-railway", id="Trans-Afghan-railway"),
        pytest.param("TAPI", "tapi", id="TAPI"),
    ],
)
def test_the_bundled_routes_are_found_by_the_names_people_use(query, route_id):
    collection = json.loads(settings.GEOJSON_PATH.read_text(encoding="utf-8"))
    first = search(query, Index.of(collection, NAMES))[0]
    assert (first.kind, first.routes) == ("route", (route_id,))
