import pytest

from corridors import settings
from corridors.errors import InputError
from corridors.inputs.routes import check_quotes, load_routes
from corridors.inputs.sources import load_sources

REQUIRED_IDS = {
    "trans-afghan", "karakoram", "turgundi-herat", "uap-railway", "caspian-iran", "kti-railway",
    "iti-railway", "tapi", "almaty-lahore-air", "almaty-karachi-air", "kazakhstan-dubai-multimodal",
}  # fmt: skip

GOOD = """\
- id: test-road
  name: Test road
  modes: [road]
  waypoints:
    - {name: Quetta, country: PK}
    - {name: Kandahar, country: AF}
  status_history:
    - {status: potential, doc: 004_612eeb51f7329b07, quote: "Karakoram Highway could be expanded"}
"""


def test_bundled_routes_have_every_required_id_and_verbatim_quotes():
    routes = load_routes()
    assert {r.id for r in routes} >= REQUIRED_IDS
    check_quotes(routes, load_sources(settings.SEEDS_DIR), settings.ROUTES_PATH)


def test_segments_default_to_one_leg_through_every_waypoint(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(GOOD)
    (route,) = load_routes(path)
    assert route.segments[0].mode == "road"
    assert route.segments[0].via == ("Quetta", "Kandahar")
    assert route.countries == ("PK", "AF")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("modes: [road]", "modes: [road", "YAML syntax error"),
        ("  name: Test road", "  name: Test road\n  colour: red", "colour: unknown key (got 'red')"),
        ("status: potential", "status: imminent", ":8: route 'test-road': status_history[0].status: Input"),
        ("modes: [road]", "modes: [hyperloop]", ":3: route 'test-road': modes[0]: Input should be 'road'"),
        ("country: AF}", "country: XX}", ":6: route 'test-road': waypoints[1].country: unknown country"),
        ("country: AF}", "country: AF, lon: 65.7, lat: 95}", "lat: Input should be less than or equal to 90 (got 95)"),
        ("country: AF}", "country: AF, lon: 200, lat: 31}", "lon: Input should be less than or equal to 180"),
        ("country: AF}", "country: AF, lon: 65.7}", "give both lon and lat"),
        ('quote: "Karakoram Highway could be expanded"', "quote: ''", "quote: a quote needs at least 5 characters"),
        ("id: test-road", "id: Test Road", "id: expected lowercase words joined by '-'"),
        (
            "  status_history:",
            "  segments: [{mode: road, part: side, via: [Quetta, Kandahar]}]\n  status_history:",
            "segments[0].part: Input should be 'route' or 'context' (got 'side')",
        ),
        (
            "  status_history:",
            "  segments: [{mode: rail, via: [Quetta, Kandahar]}]\n  status_history:",
            "segment mode 'rail' not among the route's modes",
        ),
    ],
)
def test_bad_route_files_name_file_line_and_value(tmp_path, old, new, expected):
    path = tmp_path / "r.yaml"
    path.write_text(GOOD.replace(old, new))
    with pytest.raises(InputError) as err:
        load_routes(path)
    assert str(err.value).startswith(str(path))
    assert expected in str(err.value)


def test_duplicate_ids_are_refused(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(GOOD + GOOD)
    with pytest.raises(InputError, match=r":9: id: duplicate route id 'test-road' \(first at line 1\)"):
        load_routes(path)


@pytest.mark.parametrize(
    ("quote", "doc", "expected"),
    [
        (
            "Karakoram Highway will be closed",
            "004_612eeb51f7329b07",
            "quote not found verbatim in 004_612eeb51f7329b07",
        ),
        ("Karakoram Highway could be expanded", "999_missing", "unknown document '999_missing'"),
    ],
)
def test_quotes_must_stand_verbatim_in_a_known_document(tmp_path, quote, doc, expected):
    path = tmp_path / "r.yaml"
    path.write_text(GOOD.replace("Karakoram Highway could be expanded", quote).replace("004_612eeb51f7329b07", doc))
    with pytest.raises(InputError, match=expected):
        check_quotes(load_routes(path), load_sources(settings.SEEDS_DIR), path)


def test_a_context_segment_may_take_another_mode_and_a_waypoint_its_source(tmp_path):
    path = tmp_path / "r.yaml"
    quetta = "{name: Quetta, country: PK, lon: 67.0, lat: 30.2, source: GeoNames}"
    context = "  segments: [{mode: rail, part: context, via: [Quetta, Kandahar]}]\n  status_history:"
    path.write_text(GOOD.replace("{name: Quetta, country: PK}", quetta).replace("  status_history:", context))
    (route,) = load_routes(path)
    assert (route.segments[0].mode, route.segments[0].part) == ("rail", "context")
    assert route.places[0].coord_note == "GeoNames"


CITED = '  reported_length: {km: 1300, title: "A road atlas", url: "https://example.org/atlas", note: "to Kashgar"}\n'
QUOTED = '  reported_length: {km: 1300, doc: 004_612eeb51f7329b07, quote: "Karakoram Highway could be expanded"}\n'


@pytest.mark.parametrize("length", [CITED, QUOTED], ids=["cited", "quoted"])
def test_a_reported_length_keeps_its_source(tmp_path, length):
    path = tmp_path / "r.yaml"
    path.write_text(GOOD.replace("  status_history:", length + "  status_history:"))
    (route,) = load_routes(path)
    check_quotes([route], load_sources(settings.SEEDS_DIR), path)
    reported = route.reported_length
    assert reported.km == 1300 and reported.line == 7
    assert (reported.title, reported.url) == (
        ("A road atlas", "https://example.org/atlas") if length == CITED else ("", "")
    )
    assert reported.doc == ("" if length == CITED else "004_612eeb51f7329b07")


def test_no_reported_length_is_none(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(GOOD)
    assert load_routes(path)[0].reported_length is None


@pytest.mark.parametrize(
    ("length", "expected"),
    [
        ("{km: 1300}", "reported_length: give its source"),
        ('{km: 1300, title: "An atlas"}', "reported_length: give its source"),
        (
            CITED.strip()[17:-1] + ', doc: 004_612eeb51f7329b07, quote: "Karakoram Highway could be expanded"}',
            "reported_length: give its source",
        ),
        (
            '{km: 0, title: "An atlas", url: "https://example.org"}',
            "reported_length.km: Input should be greater than 0",
        ),
        (
            '{km: "1,300", title: "An atlas", url: "https://example.org"}',
            "reported_length.km: Input should be a valid number",
        ),
    ],
    ids=["no-source", "title-without-url", "two-sources", "zero", "text"],
)
def test_a_reported_length_without_a_single_source_is_refused(tmp_path, length, expected):
    path = tmp_path / "r.yaml"
    path.write_text(GOOD.replace("  status_history:", f"  reported_length: {length}\n  status_history:"))
    with pytest.raises(InputError, match=f":7: route 'test-road': {expected}"):
        load_routes(path)


def test_the_quote_behind_a_reported_length_stands_verbatim(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(GOOD.replace("  status_history:", QUOTED.replace("could be", "will be") + "  status_history:"))
    with pytest.raises(InputError, match=":7: route 'test-road': quote not found verbatim in 004_612eeb51f7329b07"):
        check_quotes(load_routes(path), load_sources(settings.SEEDS_DIR), path)
