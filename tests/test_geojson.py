"""The GeoJSON the dashboard reads: its schema, the loader's one clear error for anything else
(each hostile file its own case), that error in the app (a few representative files in every
view; the others in one view, marked slow), and random JSON."""

from __future__ import annotations

import copy
import json
import os
import tempfile
import typing
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from corridors import settings
from corridors.errors import InputError
from corridors.output import geojson_schema
from corridors.output.build import checked, write_geojson
from corridors.output.geojson_schema import validate
from corridors.web import loader
from corridors.web.present import literal

from .apptest import at_link, opened

DATA = Path(__file__).parent / "data"
SMALL = DATA / "small.geojson"
VIEWS = ("Map", "Routes", "Sources", "Timeline", "About")


def small() -> dict:
    return json.loads(SMALL.read_text(encoding="utf-8"))


def changed(change: Callable[[dict], object]) -> bytes:
    """The small valid file with one change made to it."""
    data = small()
    change(data)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def props(data: dict, i: int = 0) -> dict:
    return data["features"][i]["properties"]


def deep(depth: int) -> str:
    return "[" * depth + "]" * depth


PLAIN = {  # an ordinary RFC 7946 file of lines, as a GIS would export it
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[67.0, 24.8], [76.9, 43.2]]},
         "properties": {"name": "Karachi–Almaty"}},
    ],
}  # fmt: skip

#: id -> (file content, or a folder when None; words the error must contain)
HOSTILE: dict[str, tuple[bytes | None, str]] = {
    "plain-rfc7946-lines": (json.dumps(PLAIN).encode(), "documents: missing: a plain GeoJSON file"),
    "no-documents": (changed(lambda d: d.pop("documents")), "documents: missing"),
    "empty-documents": (changed(lambda d: d.update(documents=[])), "documents: List should have at least 1 item"),
    "unknown-status": (changed(lambda d: props(d).update(status="built")), "features[0].properties.status: "),
    "unknown-status-in-history": (
        changed(lambda d: props(d)["status_history"][0].update(status="open")),
        'features[0].properties.status_history[0].status: Input should be \'operational\'',
    ),
    "empty-status-history": (
        changed(lambda d: props(d).update(status_history=[])),
        "features[0].properties.status_history: List should have at least 1 item",
    ),
    "null-geometry": (changed(lambda d: d["features"][1].update(geometry=None)), "features[1].geometry: "),
    "point-geometry": (
        changed(lambda d: d["features"][0].update(geometry={"type": "Point", "coordinates": [67.0, 24.8]})),
        "features[0].geometry: Input tag 'Point'",
    ),
    "quote-of-unknown-document": (
        changed(lambda d: props(d)["quotes"][0].update(doc="999_nowhere")),
        'features[0].properties.quotes[0].doc: names no document of `documents` ("999_nowhere")',
    ),
    "status-doc-unknown": (
        changed(lambda d: props(d, 1).update(status_doc="999_nowhere")),
        "features[1].properties.status_doc: names no document",
    ),
    "no-features": (changed(lambda d: d.update(features=[])), "features: List should have at least 1 item"),
    "features-a-mapping": (changed(lambda d: d.update(features={})), "features: expected a JSON array ({})"),
    "document-dated-2024-13-45": (
        changed(lambda d: d["documents"][0].update(date="2024-13-45")),
        'documents[0].date: not a real date (month must be in 1..12) ("2024-13-45")',
    ),
    "document-dated-2024-02-30": (
        changed(lambda d: d["documents"][0].update(date="2024-02-30")),
        "documents[0].date: not a real date",
    ),
    "date-with-trailing-newline": (
        changed(lambda d: props(d).update(status_date="2024-05-02\n")),
        'features[0].properties.status_date: not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD) ("2024-05-02\\n")',
    ),
    "date-in-arabic-indic-digits": (
        changed(lambda d: props(d)["quotes"][0].update(date="٢٠٢٤")),
        "features[0].properties.quotes[0].date: not an ISO date",
    ),
    "quote-dated-year-9999": (
        changed(lambda d: props(d)["quotes"][0].update(date="9999-01-01")),
        "quotes[0].date: year outside 1800-2199",
    ),
    "nan-coordinate": (
        SMALL.read_bytes().replace(b"76.9115", b"NaN", 1),
        "not JSON: NaN is not a JSON number",
    ),
    "infinite-coordinate": (
        SMALL.read_bytes().replace(b"76.9115", b"1e400", 1),
        "features[0].geometry.coordinates[0][0]: Input should be a finite number",
    ),
    "longitude-500": (
        changed(lambda d: d["features"][0]["geometry"]["coordinates"][0].__setitem__(0, 500)),
        "features[0].geometry.coordinates[0]: not [longitude, latitude] on the globe",
    ),
    "three-numbers-a-position": (
        changed(lambda d: d["features"][0]["geometry"]["coordinates"][0].append(10.0)),
        "features[0].geometry.coordinates[0]: List should have at most 2 items",
    ),
    "waypoint-latitude-95": (
        changed(lambda d: props(d)["waypoints"][0].update(lat=95)),
        "features[0].properties.waypoints[0].lat: Input should be less than or equal to 90 (95)",
    ),
    "coordinate-as-string": (
        changed(lambda d: d["features"][0]["geometry"]["coordinates"][0].__setitem__(0, "76.9")),
        'coordinates[0][0]: expected a number ("76.9")',
    ),
    "name-a-list": (
        changed(lambda d: props(d).update(name=["a", "b"])),
        "features[0].properties.name: expected a string (['a', 'b'])",
    ),
    "name-null": (changed(lambda d: props(d).update(name=None)), "features[0].properties.name: expected a string"),
    "date-approximate-a-string": (
        changed(lambda d: d["documents"][0].update(date_approximate="false")),
        'documents[0].date_approximate: expected true or false ("false")',
    ),
    "length-a-string": (
        changed(lambda d: props(d).update(length_km="2200")),
        'features[0].properties.length_km: expected a number ("2200")',
    ),
    "quote-start-a-float": (
        changed(lambda d: props(d)["quotes"][0].update(start=0.0)),
        "features[0].properties.quotes[0].start: expected an integer (0.0)",
    ),
    "no-modes": (changed(lambda d: props(d).update(modes=[])), "features[0].properties.modes: List should have"),
    "unknown-mode": (changed(lambda d: props(d).update(modes=["teleport"])), "features[0].properties.modes[0]: "),
    "country-spelled-out": (
        changed(lambda d: props(d).update(countries=["Pakistan"])),
        "features[0].properties.countries[0]: String should match pattern",
    ),
    "route-id-with-trailing-newline": (
        changed(lambda d: d["features"][0].update(id="almaty-karachi-rail\n")),
        "features[0].id: String should match pattern",
    ),
    "properties-id-not-the-feature-id": (
        changed(lambda d: props(d).update(id="somewhere-else")),
        "features[0]: properties.id 'somewhere-else' is not the feature's id",
    ),
    "two-features-one-id": (
        changed(lambda d: d["features"].append(copy.deepcopy(d["features"][0]))),
        'features[2].id: a second item with this id ("almaty-karachi-rail")',
    ),
    "quote-not-the-words-of-its-document": (
        changed(lambda d: props(d)["quotes"][0].update(start=1, end=len(props(d)["quotes"][0]["text"]) + 1)),
        "features[0].properties.quotes[0].text: not the words at 1..",
    ),
    "quote-span-not-its-length": (
        changed(lambda d: props(d)["quotes"][0].update(end=3)),
        "features[0].properties.quotes[0]: start..end (0..3) is not the length of the text",
    ),
    "curated-status-without-a-document": (
        changed(lambda d: props(d)["status_history"][0].update(doc="")),
        "features[0].properties.status_history[0]: a curated status needs a doc",
    ),
    "lone-surrogate-in-a-name": (
        SMALL.read_bytes().replace("Almaty–Karachi rail".encode(), b"\\ud800", 1),
        "features[0].properties.name: Input should be a valid string, unable to parse raw data as a unicode string",
    ),
    "huge-string": (
        changed(lambda d: props(d).update(name="x" * 1_000_000)),
        "features[0].properties.name: String should have at most 500 characters",
    ),
    "nested-lists-for-a-name": (
        changed(lambda d: props(d).update(name=json.loads(deep(5)))),
        "features[0].properties.name: expected a string ([[[...]]])",
    ),
    "deep-nesting-in-an-extra-key": (  # nothing reads it, but writing it again could exhaust the stack
        changed(lambda d: props(d).update(extra=json.loads(deep(900)))),
        "arrays and objects nested deeper than 20 levels",
    ),
    "deep-brackets-never-closed": (b"[" * 200_000, "not JSON: brackets nested too deeply and never closed"),
    "brackets-in-strings-are-not-nesting": (
        changed(lambda d: props(d).update(name="[" * 300 + '"\\' + "{" * 300)),
        "features[0].properties.name: String should have at most 500 characters",  # text, not nesting
    ),
    "a-million-bad-documents": (  # one error, not a million (they would take gigabytes)
        json.dumps({"type": "FeatureCollection", "documents": [0] * 1_000_000}).encode(),
        "documents[0]: expected a JSON object (0) (and 1 more problem).",
    ),
    "deeply-nested-json": (deep(200_000).encode(), "arrays and objects nested deeper than 20 levels"),
    "integer-of-5000-digits": (b'{"type": "FeatureCollection", "n": ' + b"9" * 5000 + b"}", "not JSON: Exceeds"),
    "top-level-array": (b"[]", "top level: expected a JSON object ([])"),
    "top-level-string": (b'"hello"', 'top level: expected a JSON object ("hello")'),
    "top-level-empty-object": (b"{}", ": documents: missing (and 2 more problems)."),
    "not-json": (b"{not json", "not JSON: Expecting property name enclosed in double quotes (column 2)"),
    "not-utf-8": (b'{"type": "\xff"}', "not UTF-8 text: byte 0xff at offset 10"),
    "utf-16": ('{"type": "FeatureCollection"}'.encode("utf-16"), "not UTF-8 text: byte 0xff at offset 0"),
    "empty-file": (b"", "empty file, no JSON"),
    "whitespace-only": (b" \n\t\n", "empty file, no JSON"),
    "a-directory": (None, "not a regular file"),
    "quote-without-its-context": (
        changed(lambda d: props(d)["quotes"][0].pop("before")),
        "features[0].properties.quotes[0].before: missing",
    ),
    "quote-count-null": (
        changed(lambda d: props(d).update(quote_count=None)),
        "features[0].properties.quote_count: expected an integer (null)",
    ),
    "agreeing-count-below-the-list": (
        changed(lambda d: props(d)["status_history"][0].update(agreeing=["001_small"], agreeing_count=0)),
        "features[0].properties.status_history[0]: agreeing_count 0 is less than the 1 given",
    ),
    "month-13-in-the-timeline": (
        changed(lambda d: props(d)["mentions_by_month"].append(["2024-13", "potential", 1])),
        "features[0].properties.mentions_by_month[1]: not a real date (month must be in 1..12)",
    ),
    "unknown-status-in-the-timeline": (
        changed(lambda d: props(d)["mentions_by_month"].append(["2024-05", "built", 1])),
        "features[0].properties.mentions_by_month[1]: the status must be one of",
    ),
    "mentions-a-string-in-the-timeline": (
        changed(lambda d: props(d)["mentions_by_month"].append(["2024-05", "none", "1"])),
        "features[0].properties.mentions_by_month[1]: the count of mentions must be a positive integer",
    ),
    "document-body-null": (changed(lambda d: d["documents"][0].update(body=None)), "documents[0].body: expected a"),
    "status-claims-null": (
        changed(lambda d: props(d).update(status_claims=None)),
        "features[0].properties.status_claims: expected a JSON array (null)",
    ),
}


@pytest.fixture(params=list(HOSTILE), ids=list(HOSTILE))
def hostile(request, tmp_path) -> tuple[Path, str]:
    """A hostile file and words its error must contain."""
    content, words = HOSTILE[request.param]
    path = tmp_path / "hostile.geojson"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    return path, words


def test_the_loader_refuses_each_hostile_file_in_one_line_that_says_what_and_how(hostile):
    path, words = hostile
    with pytest.raises(InputError) as caught:
        loader.load(path)
    message = str(caught.value)
    assert message.startswith(f"{path}")
    assert words in message
    assert message.endswith(loader.HINT)
    assert "\n" not in message and len(message) - len(f"{path}: ") <= 400


#: Hostile files the app is shown in every view: one per stage of the loader (a file that is not
#: regular, bytes, depth, JSON, schema, cross-references), with messages full of Markdown marks. The
#: app stops at the loader's error before it draws any view, so the other files need one view only.
EVERY_VIEW = (
    "a-directory",
    "not-utf-8",
    "deeply-nested-json",
    "nan-coordinate",
    "nested-lists-for-a-name",
    "quote-of-unknown-document",
)


def _in_the_app():
    for case in HOSTILE:
        if case in EVERY_VIEW:
            yield from (pytest.param(case, view, id=f"{case}-{view}") for view in VIEWS)
        else:
            yield pytest.param(case, VIEWS[0], id=f"{case}-{VIEWS[0]}", marks=pytest.mark.slow)


@pytest.mark.parametrize(("hostile", "view"), list(_in_the_app()), indirect=["hostile"])
def test_each_hostile_file_is_one_error_in_the_app_and_never_a_traceback(hostile, view, monkeypatch):
    path, words = hostile
    monkeypatch.setenv("CORRIDORS_GEOJSON", str(path))
    at = at_link(view=view.lower()).run()
    assert not at.exception
    assert [e.value for e in at.error] == [literal(f"Cannot show the corridor data. {_refusal(path)}")]
    assert literal(words) in at.error[0].value


def _refusal(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        loader.load(path)
    return str(caught.value)


@pytest.mark.parametrize("view", VIEWS)
def test_a_valid_small_file_shows_in_every_view_without_an_error(view, monkeypatch):
    monkeypatch.setenv("CORRIDORS_GEOJSON", str(SMALL))
    at = opened(view=view.lower())
    assert not at.exception
    assert not at.error
    assert any(c.value.startswith("2 of 2 routes shown") for c in at.caption)
    assert SHOWN_IN[view](at)


def _inferred_end(d: dict) -> None:
    p = props(d, 1)
    p["status_history"].append({
        "date": "2028-05-02", "event_date": "", "reported_date": "2028-05-02", "date_approximate": True,
        "status": "cancelled", "quote": "", "doc": "", "cue": None, "strength": "idea", "source": "inferred",
        "agreeing": [], "disputed": [], "confidence": 1.0,
    })  # fmt: skip
    p.update(status="cancelled", status_date="2028-05-02", status_quote="", status_doc="")


def _undated_quote(d: dict) -> None:
    text = d["documents"][1]["body"]
    quote = {**props(d, 1)["quotes"][0], "doc": "002_undated", "title": "Undated note", "outlet": "", "date": "",
             "url": "", "text": text, "start": 0, "end": len(text), "status": None}  # fmt: skip
    quote.update(before="", after="")  # the whole document is quoted
    props(d, 1)["quotes"].append(quote)
    props(d, 1)["sources"].append("002_undated")
    props(d, 1).update(quote_count=2, document_count=2)


def _extracted_dispute(d: dict) -> None:
    claim = {**props(d)["status_claims"][0], "source": "extracted", "cue": "runs", "reported_date": "2024-06-01",
             "date": "2024-06-01", "status": "suspended", "disputed": ["001_small"]}  # fmt: skip
    props(d)["status_claims"].append(claim)


def _two_lines(d: dict) -> None:
    line = d["features"][0]["geometry"]["coordinates"]
    d["features"][0]["geometry"] = {"type": "MultiLineString", "coordinates": [line, [line[1], [60.0, 30.0]]]}


PIPELINE, RAIL = "tashkent-lahore-pipeline", "almaty-karachi-rail"
UNUSUAL = {  # valid files unlike the bundled one, and the route whose card is opened
    "inferred-cancelled-status": (_inferred_end, PIPELINE),
    "quote-of-an-undated-document": (_undated_quote, PIPELINE),
    "extracted-claim-disputing": (_extracted_dispute, RAIL),
    "multilinestring": (_two_lines, RAIL),
    "no-status-claims": (lambda d: [f["properties"].pop("status_claims") for f in d["features"]], RAIL),
    "extra-keys-everywhere": (
        lambda d: [x.update(note="x") for x in (d, d["documents"][0], d["features"][0], props(d), *props(d)["quotes"])],
        RAIL,
    ),
}


@pytest.mark.parametrize("asof", [None, "2024-05-02", "2030-01-01"], ids=["latest", "asof-2024", "asof-2030"])
@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("case", list(UNUSUAL), ids=list(UNUSUAL))
def test_a_valid_but_unusual_file_shows_in_every_view(case, view, asof, tmp_path, monkeypatch):
    path = tmp_path / "unusual.geojson"
    change, selected = UNUSUAL[case]
    path.write_bytes(changed(change))
    loader.load(path)
    monkeypatch.setenv("CORRIDORS_GEOJSON", str(path))
    at = opened(view=view.lower(), selected=selected, **({"asof": asof} if asof else {}))
    assert not at.exception
    assert not at.error
    assert any(" routes shown" in c.value for c in at.caption)
    if view == "Map":  # every date here is on or after the route's first mention: its card is drawn
        assert any(f'data-route="{selected}"' in h.proto.body for h in at.get("html"))


SHOWN_IN = {  # what only each view draws
    "Map": lambda at: any(w.label == "Selected route" for w in at.selectbox),
    "Routes": lambda at: list(at.dataframe[0].value["Route"]) == ["Almaty–Karachi rail", "Tashkent–Lahore pipeline"],
    "Sources": lambda at: at.info[0].value.startswith("No usable corpus store next to the data"),
    "Timeline": lambda at: set(at.dataframe[0].value["route"]) == {"Almaty–Karachi rail", "Tashkent–Lahore pipeline"},
    "About": lambda at: any("Statuses" in m.value for m in at.markdown),
}


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(lambda p: p.write_bytes(b"\xef\xbb\xbf" + SMALL.read_bytes()), id="utf-8-byte-order-mark"),
        pytest.param(
            lambda p: p.write_bytes(changed(lambda d: [doc.pop("body") for doc in d["documents"]])),
            id="documents-without-body",
        ),
        pytest.param(lambda p: p.write_bytes(changed(lambda d: props(d).update(quote_count=7))), id="quote-count"),
        pytest.param(
            lambda p: p.write_bytes(changed(lambda d: [f["properties"].pop("status_claims") for f in d["features"]])),
            id="no-status-claims",
        ),
        pytest.param(lambda p: p.write_bytes(changed(lambda d: d.update(bbox=[60, 20, 80, 45]))), id="extra-key"),
    ],
)
def test_what_a_build_may_write_loads(case, tmp_path):
    path = tmp_path / "ok.geojson"
    case(path)
    assert [f["id"] for f in loader.load(path)["features"]] == ["almaty-karachi-rail", "tashkent-lahore-pipeline"]


def test_a_quote_count_below_the_quotes_given_is_refused(tmp_path):
    path = tmp_path / "count.geojson"
    path.write_bytes(changed(lambda d: props(d).update(quote_count=0)))
    with pytest.raises(InputError, match=r"features\[0\]\.properties: quote_count 0 is less than the 1 given"):
        loader.load(path)


def test_a_missing_file_is_refused_with_the_hint(tmp_path):
    with pytest.raises(InputError, match=r"cannot read: No such file or directory\. The dashboard shows only"):
        loader.load(tmp_path / "missing.geojson")


def test_a_fifo_is_refused_without_being_opened(tmp_path):
    fifo = tmp_path / "corridors.geojson"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        loader.load(fifo)


def test_a_file_over_the_size_limit_is_refused_having_read_no_more(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "MAX_GEOJSON_BYTES", SMALL.stat().st_size - 1)
    with pytest.raises(InputError, match=f"larger than {SMALL.stat().st_size - 1:,} bytes"):
        loader.load(SMALL)


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path):
    path = Path(os.fsdecode(bytes(tmp_path) + b"/bad\xff.geojson"))
    path.write_bytes(b"[]")
    with pytest.raises(InputError) as caught:
        loader.load(path)
    assert "bad\\udcff.geojson: top level" in str(caught.value)
    str(caught.value).encode("utf-8")


def test_the_bundled_geojson_validates():
    validate(loader.load(settings.GEOJSON_PATH))


def test_the_build_never_writes_a_file_the_dashboard_would_refuse(tmp_path):
    out = tmp_path / "corridors.geojson"
    out.write_text("previous", encoding="utf-8")
    bad = small()
    props(bad)["status"] = "built"
    with pytest.raises(InputError, match=r"nothing written: features\[0\]\.properties\.status: Input should be"):
        write_geojson(bad, out)
    assert out.read_text(encoding="utf-8") == "previous"
    assert checked(small()) == SMALL.read_text(encoding="utf-8")


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=30,
)
_KEYS = [
    ("documents",), ("features",), ("type",), ("documents", 0, "date"), ("documents", 0, "body"),
    ("features", 0, "geometry"), ("features", 0, "geometry", "coordinates", 0), ("features", 0, "properties"),
    ("features", 0, "properties", "status"), ("features", 0, "properties", "status_history"),
    ("features", 0, "properties", "status_claims", 0), ("features", 0, "properties", "quotes", 0, "start"),
    ("features", 0, "properties", "waypoints", 0), ("features", 1, "properties", "modes"),
]  # fmt: skip


def _replaced(keys: tuple, value: object) -> dict:
    data = small()
    target = data
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = value
    return data


def _loads_or_refuses(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.geojson"
        path.write_bytes(content)
        try:
            data = loader.load(path)
        except InputError as err:
            assert "\n" not in str(err) and str(err).endswith(loader.HINT)
        else:
            validate(data)


_HYPOTHESIS = hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_HYPOTHESIS
@given(_JSON)
def test_random_json_loads_as_valid_data_or_is_refused_cleanly(value):
    _loads_or_refuses(json.dumps(value).encode())


@_HYPOTHESIS
@given(st.sampled_from(_KEYS), _JSON)
def test_a_valid_file_with_any_value_anywhere_loads_or_is_refused_cleanly(keys, value):
    _loads_or_refuses(json.dumps(_replaced(keys, value)).encode())


@_HYPOTHESIS
@given(st.binary(max_size=200))
def test_random_bytes_load_or_are_refused_cleanly(content):
    _loads_or_refuses(content)


@pytest.mark.parametrize("model", list(geojson_schema.TYPED), ids=lambda m: m.__name__)
def test_each_typed_dict_names_the_fields_of_its_model(model):
    """The typed dicts the code holds the JSON in, and the models that check it, say the same contract; a field
    with a default in the model may be absent from the dict (NotRequired), and only such a field."""
    hints = typing.get_type_hints(geojson_schema.TYPED[model], include_extras=True)
    assert set(hints) == set(model.model_fields)
    optional = {name for name, field in model.model_fields.items() if not field.is_required()}
    assert {name for name, hint in hints.items() if typing.get_origin(hint) is typing.NotRequired} == optional
