"""Shared fixtures: the fixture world, the bundled inputs, small documents, a local HTTP stub, and for the
browser tests Chromium and the dashboard served on 127.0.0.1."""

from __future__ import annotations

import http.server
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from corridors import settings

from .stubserver import serve

DATA = Path(__file__).parent / "data"
WORLD = DATA / "world"


@dataclass(frozen=True)
class World:
    """tests/data/world, built: what most pipeline, CLI, filter and app tests run on, so that they
    survive growth of the bundled routes and seeds (which only the gold and staleness tests read).

    Three routes, one per mode: ``kkh`` (road, Islamabad-Kashgar, the only one through CN, operational),
    ``almaty-karachi-air`` (air, proposed 2021-02-02, suspended 2023-07-15) and ``termez-peshawar-rail``
    (rail, agreed 2023-07-15, first mentioned then); two documents with front matter,
    ``w1-highway-and-flights`` (2021-02-02) and ``w2-railway-framework`` (2023-07-15)."""

    docs: Path
    routes: Path
    geojson: Path
    collection: dict

    def route(self, route_id: str) -> dict:
        return next(f for f in self.collection["features"] if f["id"] == route_id)


@pytest.fixture(scope="session")
def world(tmp_path_factory) -> World:
    """The fixture world, built once per session into a GeoJSON and a corpus store of its own."""
    from corridors.output.build import build_outputs

    out = tmp_path_factory.mktemp("world") / "corridors.geojson"
    build_outputs(WORLD / "docs", WORLD / "routes.yaml", out)
    return World(WORLD / "docs", WORLD / "routes.yaml", out, json.loads(out.read_text(encoding="utf-8")))


@pytest.fixture
def world_docs(tmp_path) -> Path:
    """A copy of the fixture world's documents a test may spoil."""
    target = tmp_path / "docs"
    shutil.copytree(WORLD / "docs", target)
    return target


@pytest.fixture
def world_app(world, monkeypatch) -> World:
    """The dashboard (AppTest, in this process) reads the fixture world's GeoJSON."""
    monkeypatch.setenv("CORRIDORS_GEOJSON", str(world.geojson))
    return world


@pytest.fixture
def seeds(tmp_path) -> Path:
    """A copy of the bundled seeds a test may spoil."""
    target = tmp_path / "seeds"
    shutil.copytree(settings.SEEDS_DIR, target)
    return target


@pytest.fixture
def routes_file(tmp_path) -> Path:
    target = tmp_path / "routes.yaml"
    shutil.copy(settings.ROUTES_PATH, target)
    return target


class StubNominatim:
    """Answers /search from a script of (status, body, delay) tuples; repeats the last one."""

    def __init__(self):
        self.script: list[tuple[int, str, float]] = [(200, "[]", 0.0)]
        self.requests: list[str] = []
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                stub.requests.append(self.path)
                status, body, delay = stub.script.pop(0) if len(stub.script) > 1 else stub.script[0]
                time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(body.encode())
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = serve(Handler)
        self.domain = f"127.0.0.1:{self.server.server_port}"

    @staticmethod
    def found(lon: float, lat: float) -> tuple[int, str, float]:
        return (200, json.dumps([{"lat": str(lat), "lon": str(lon), "display_name": "stub", "place_id": 1}]), 0.0)


@pytest.fixture
def nominatim():
    stub = StubNominatim()
    yield stub
    stub.server.shutdown()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, through Playwright: one per test module."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    from .browser import launch

    with playwright_api.sync_playwright() as p:
        chromium = launch(p)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def app():
    """The dashboard on the bundled data, served on 127.0.0.1 for one test module (a module may serve other data
    under the same name)."""
    from .browser import streamlit_server

    with streamlit_server() as url:
        yield url
