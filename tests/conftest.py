"""Shared fixtures: the bundled inputs, small documents and a local HTTP stub."""

from __future__ import annotations

import http.server
import json
import shutil
import threading
import time
from pathlib import Path

import pytest

from corridors import settings

DATA = Path(__file__).parent / "data"


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

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.domain = f"127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @staticmethod
    def found(lon: float, lat: float) -> tuple[int, str, float]:
        return (200, json.dumps([{"lat": str(lat), "lon": str(lon), "display_name": "stub", "place_id": 1}]), 0.0)


@pytest.fixture
def nominatim():
    stub = StubNominatim()
    yield stub
    stub.server.shutdown()
