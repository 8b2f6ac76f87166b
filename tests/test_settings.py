"""Settings assigned at run time take effect: functions read them when they run, not at import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corridors import settings
from corridors.cli import cli
from corridors.geo.geocoder import Cache, default_outlines, online_geocoder
from corridors.inputs.routes import load_routes
from corridors.model import Place
from corridors.output.build import write_geojson

from .conftest import StubNominatim

DATA = Path(__file__).parent / "data"
SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}


def routes_path(tmp_path, stub):
    return {"ROUTES_PATH": DATA / "world" / "routes.yaml"}, lambda: "kkh" in {r.id for r in load_routes()}


def geojson_path(tmp_path, stub):
    out = tmp_path / "elsewhere.geojson"
    small = json.loads((DATA / "small.geojson").read_text(encoding="utf-8"))
    return {"GEOJSON_PATH": out}, lambda: write_geojson(small) or out.exists()


def geocoding_cache(tmp_path, stub):
    def saved() -> bool:
        cache = Cache()
        cache.put(Place("Sost", "PK"), 74.82, 36.69, "explicit")
        cache.save()
        return json.loads((tmp_path / "geocode.json").read_text())["Sost|PK"][0] == 74.82

    return {"CACHE_PATH": tmp_path / "geocode.json"}, saved


def country_outlines(tmp_path, stub):
    path = tmp_path / "countries.geojson"
    path.write_text(json.dumps({"features": [{"properties": {"iso": "XX"}, "geometry": SQUARE}]}))
    return {"COUNTRIES_PATH": path}, lambda: default_outlines().country_at(0.5, 0.5) == "XX"


def nominatim_service(tmp_path, stub):
    stub.script = [StubNominatim.found(69.95, 33.88)]
    values = {"NOMINATIM_DOMAIN": stub.domain, "NOMINATIM_SCHEME": "http", "NOMINATIM_MIN_DELAY_S": 0}
    return values, lambda: online_geocoder()(Place("Kharlachi", "PK")) == (69.95, 33.88) and len(stub.requests) == 1


def seeds_dir(tmp_path, stub):
    (tmp_path / "note.md").write_text("---\ntitle: A note\ndate: 2025-03\n---\nThe Karakoram Highway is open.\n")
    found = lambda: {m["doc"] for m in json.loads(CliRunner().invoke(cli, ["mentions"]).output)} == {"note"}  # noqa: E731
    return {"SEEDS_DIR": tmp_path}, found


@pytest.fixture(autouse=True)
def _bundled_files_survive():
    """Should a case regress and write to the bundled files, they are put back as they were."""
    kept = {path: path.read_bytes() for path in (settings.GEOJSON_PATH, settings.CACHE_PATH)}
    yield
    for path, data in kept.items():
        if path.read_bytes() != data:
            path.write_bytes(data)


CASES = [routes_path, geojson_path, geocoding_cache, country_outlines, nominatim_service, seeds_dir]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_a_setting_assigned_at_run_time_is_used(case, tmp_path, monkeypatch, nominatim):
    """Each case names the settings to assign and a check that can only pass with the new values
    (the bundled data has no route 'kkh', no country 'XX', no document 'note' ...)."""
    values, took_effect = case(tmp_path, nominatim)
    for name, value in values.items():
        monkeypatch.setattr(settings, name, value)
    assert took_effect()
