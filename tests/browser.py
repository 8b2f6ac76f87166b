"""Helpers to drive the dashboard in Debian's Chromium through Playwright (tests and bench)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).parent.parent
CHROMIUM = os.environ.get("CORRIDORS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(app: Path = ROOT / "dashboard" / "app.py", geojson: Path | None = None, db: Path | None = None):
    """A Streamlit server on 127.0.0.1 for ``app`` (data from ``geojson`` and its store ``db``); yields its base URL.
    The dashboard is served as `make run` serves it, under uvicorn; the benchmark's reference by `streamlit run`."""
    port = free_port()
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    if geojson:
        env["CORRIDORS_GEOJSON"] = str(geojson)
    if db:
        env["CORRIDORS_DB"] = str(db)
    if (app.parent / "asgi.py").is_file():  # served as `make run` serves it (dashboard/asgi.py says why)
        cmd = [sys.executable, str(app.parent / "asgi.py"), "--port", str(port), "--host", "127.0.0.1"]
    else:
        cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true"]  # fmt: skip
    # The server's log goes to a file: a pipe nobody reads fills up and stops the server mid-test.
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed below, after the server)
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    msg = f"streamlit did not start: {log.read().decode()[-2000:]}"
                    raise RuntimeError(msg) from None
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)


ROUTE_PATHS = "path.leaflet-interactive.corridor"


def map_frame(page, timeout_ms: int = 30_000):
    """The iframe in which streamlit-folium draws the Leaflet map."""
    handle = page.wait_for_selector("iframe[src*='streamlit_folium']", timeout=timeout_ms)
    return handle.content_frame()


def wait_for_routes(page, count: int, timeout_ms: int = 30_000):
    """Wait until exactly ``count`` route lines are drawn on the map; return the map's frame."""
    frame = map_frame(page, timeout_ms)
    frame.wait_for_function(
        f"document.querySelectorAll('{ROUTE_PATHS}').length === {count}", timeout=timeout_ms, polling=50
    )
    return frame


def click_route(page, route_id: str) -> None:
    """Click in the middle of a route's longest leg, found through Leaflet itself, once the page has
    stopped moving (a scrollbar or a late element shifts the map by pixels); where several routes
    pass there, choose this one in the chooser the map opens."""
    frame = map_frame(page)
    previous = None
    for _ in range(50):
        point = page_point(frame, route_point(frame, route_id))
        if point == previous:
            break
        previous = point
        page.wait_for_timeout(100)
    page.mouse.click(*point)
    choose_in_chooser(frame, route_id)


def choose_in_chooser(frame, route_id: str) -> None:
    """If the click opened the chooser (several routes there), pick ``route_id`` in it."""
    if frame.evaluate("document.querySelector('.corridor-chooser') !== null"):
        frame.locator(f".corridor-chooser button[data-route='{route_id}']").click()


#: Route id -> [x, y, length] of the middle of each leg of its line as drawn, in the frame's pixels.
LEG_MIDDLES = """() => {
  const box = window.map.getContainer().getBoundingClientRect();
  return Object.fromEntries(window.map.corridorRoutes.map((r) => [r.id,
    window.corridors.drawnPoints(window.map, r).flatMap((line) => line.slice(1).map((end, i) => {
      const a = window.map.layerPointToContainerPoint(line[i]), b = window.map.layerPointToContainerPoint(end);
      return [box.left + (a.x + b.x) / 2, box.top + (a.y + b.y) / 2, a.distanceTo(b)];
    }))]));
}"""


def route_point(frame, route_id: str) -> tuple[float, float]:
    """Frame pixels of the middle of a route's longest leg that the pointer can reach (not under
    the legend or a control)."""
    legs = frame.evaluate(
        f"""() => ({LEG_MIDDLES})()[{route_id!r}].filter(([x, y]) =>
          document.elementFromPoint(x, y) && document.elementFromPoint(x, y).matches("path.corridor"))"""
    )
    x, y, _ = max(legs, key=lambda leg: leg[2])
    return x, y


def page_point(frame, at: tuple[float, float]) -> tuple[float, float]:
    """Page coordinates of a point given in the frame's pixels."""
    box = frame.frame_element().bounding_box()
    return (box["x"] + at[0], box["y"] + at[1])
