"""The geographic checks, each on the original mistake of issue 9 and on its fix (fixture routes)."""

from dataclasses import replace
from pathlib import Path

import pytest

from corridors import settings
from corridors.errors import GeocodingError, InputError
from corridors.geo import geocheck
from corridors.geo.gazetteer import Entry, Gazetteer
from corridors.geo.geocoder import Cache, Geocoder, default_outlines
from corridors.geo.geometry import route_lines
from corridors.inputs.routes import load_routes
from corridors.model import Place, Source
from corridors.output.build import build

ROUTES = Path(__file__).parent / "data" / "geo_routes.yaml"
#: A gazetteer holding both Thals of Khyber Pakhtunkhwa (the Hangu one's population is made up).
THALS = Gazetteer(
    [
        Entry("Thal", "PK", 72.24383, 35.47836, 29331),
        Entry("Thal", "PK", 70.55, 33.36, 15000),
        Entry("Naryn", "KG", 75.9957, 41.4283, 41178),
        Entry("Tash-Kumyr", "KG", 72.2171, 41.3461, 23594),
    ],
    {},
)
THALS.add_alias("Naryn", Entry("Tash-Kumyr", "KG", 72.2171, 41.3461, 23594))


@pytest.fixture(scope="module")
def routes():
    return {r.id: r for r in load_routes(ROUTES)}


def findings(route, check):
    places = {p.name: p for p in route.places}
    lines = route_lines(route, places)
    return check(route, places, lines)


def run(name: str, route) -> list[geocheck.Finding]:
    geography, outlines = geocheck.default_geography(), default_outlines()
    checks = {
        "detours": lambda r, p, _: geocheck.detours(r, p),
        "water": lambda r, _, lines: geocheck.water_and_land(r, lines, geography),
        "ports": lambda r, p, _: geocheck.inland_ports(r, p, geography),
        "countries": lambda r, _, lines: geocheck.foreign_countries(r, lines, outlines),
    }
    return findings(route, checks[name])


@pytest.mark.parametrize(
    ("check", "route_id", "level", "words"),
    [
        ("detours", "bad-thal", "error", ["'Thal'", "Kharlachi → Thal → Kohat", "+355 km"]),
        ("water", "bad-lagoon", "error", ["Bolashak → Serhetyaka", "over sea"]),
        ("water", "lake-ferry", "warning", ["Van → Tatvan", "over a large lake"]),
        ("water", "bad-dubai", "error", ["sea leg Karachi → Dubai", "over land"]),
        ("ports", "bad-dubai", "error", ["port 'Dubai'", "13 km from the coast"]),
        ("countries", "bad-chord", "warning", ["Termez → Tashkent", "through TJ"]),
        ("countries", "bad-chu", "warning", ["Merke → Korday", "96 km through KG"]),
    ],
    ids=[
        "thal-upper-dir",
        "serhetyaka-lagoon",
        "lake-van-ferry",
        "dubai-sea-leg",
        "dubai-inland",
        "chord-tajikistan",
        "merke-korday-across-the-chu",
    ],
)
def test_each_check_catches_the_original_mistake(routes, check, route_id, level, words):
    found = run(check, routes[route_id])
    assert found, f"{check} found nothing on {route_id}"
    assert found[0].level == level and found[0].route == route_id
    for word in words:
        assert word in str(found[0]), (word, str(found[0]))


@pytest.mark.parametrize(
    ("check", "route_id"),
    [("detours", "good-thal"), ("water", "good-lagoon"), ("water", "good-dubai"), ("ports", "good-dubai"),
     ("countries", "good-chord"), ("countries", "good-chu")],
    ids=["thal-hangu", "gyzylgaya", "jebel-ali-sea-leg", "jebel-ali-port", "by-samarkand", "north-of-the-chu"],
)  # fmt: skip
def test_the_fix_passes(routes, check, route_id):
    assert run(check, routes[route_id]) == []


def test_a_detour_below_the_hard_limit_is_a_warning(routes, monkeypatch):
    monkeypatch.setattr(settings, "DETOUR_ERROR_KM", 400.0)
    [found] = run("detours", routes["bad-thal"])
    assert found.level == "warning"


@pytest.mark.parametrize(
    ("name", "lon", "lat", "ambiguous"),
    [("Thal", None, None, True), ("Thal", 70.55, 33.36, False), ("Naryn", None, None, False)],
    ids=["thal-by-name", "thal-explicit", "alternate-name-is-no-homonym"],
)
def test_homonyms(routes, name, lon, lat, ambiguous):
    country = "PK" if name == "Thal" else "KG"
    place = replace(routes["bad-thal"].places[1], name=name, country=country, lon=lon, lat=lat, coord_source="")
    located = Geocoder(cache_=Cache(Path("/nonexistent/cache.json")), gazetteer=THALS).locate(place) if lon is None \
        else place.at(lon, lat, "explicit")  # fmt: skip
    found = geocheck.homonyms(routes["bad-thal"], {name: located}, THALS)
    assert bool(found) == ambiguous
    if ambiguous:
        text = str(found[0])
        assert "lon 72.2438, lat 35.4784, population 29,331" in text and "lon 70.5500, lat 33.3600" in text


def test_build_stops_on_an_error_and_collects_warnings(routes):
    source = Source("geo", "geo", "A railway line.", date="2025-01-01")
    geocoder = Geocoder(cache_=Cache(Path("/nonexistent/c.json")))
    warnings: list[str] = []
    build([routes["lake-ferry"]], [source], ROUTES, geocoder, warnings=warnings)
    assert len(warnings) == 1 and "Van → Tatvan" in warnings[0] and str(ROUTES) in warnings[0]
    error = r"geo_routes.yaml:\d+: route 'bad-thal': waypoint 'Thal' makes a detour"
    with pytest.raises(InputError, match=error):
        build([routes["bad-thal"]], [source], ROUTES, geocoder)


@pytest.mark.parametrize(
    ("name", "country", "lon", "lat", "found_in"),
    [
        ("Mirjaveh", "IR", 61.57, 28.96, "PK"),
        ("Torghundi", "AF", 62.27, 35.26, "TM"),
        ("Bolashak", "KZ", 53.87, 42.30, "TM"),
        ("Khunjerab Pass", "PK", 75.42, 36.85, "CN"),
    ],
)
def test_the_old_border_points_are_on_the_wrong_side_of_the_10m_borders(name, country, lon, lat, found_in):
    """Issue 23: points the coarse 1:110m outlines passed, 1.8 to 3.3 km inside the neighbour."""
    geocoder = Geocoder(cache_=Cache(Path("/nonexistent/c.json")))
    with pytest.raises(GeocodingError, match=f"in {found_in}, [0-9.]+ km outside its country {country}"):
        geocoder.locate(Place(name, country, "border_crossing", lon, lat, "explicit"))


def test_every_finding_on_the_bundled_routes_is_explained_in_its_notes():
    """``corridors validate`` on the bundled routes: each warning names a place the route's notes for readers name."""
    geocoder, geography = Geocoder(cache_=Cache(Path("/nonexistent/c.json"))), geocheck.default_geography()
    found = []
    for route in load_routes():
        places = {p.name: geocoder.locate(p) for p in route.places}
        lines = route_lines(route, places)
        found += [
            (route, f)
            for f in geocheck.check_route(route, places, lines, geography, geocoder.outlines, geocoder.gazetteer)
        ]
    assert len(found) == 2, [str(f) for _, f in found]
    for route, finding in found:
        assert finding.level == "warning", str(finding)
        named = [p.name for p in route.places if p.name in finding.message]
        told = " ".join(n.text for n in route.notes)  # to readers, not only to curators
        assert any(name in told for name in named), (str(finding), told)
