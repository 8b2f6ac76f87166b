"""The measurements behind the geographic checks' thresholds (``settings.DETOUR_*`` and the
water, port and country tolerances), and their cost; a section of docs/BENCHMARKS.md."""

from __future__ import annotations

import time
from pathlib import Path

from corridors import settings
from corridors.geo import geocheck
from corridors.geo.geocoder import Geocoder
from corridors.geo.geometry import route_lines
from corridors.inputs.routes import load_routes
from corridors.output.build import load_inputs

#: The routes of tests/test_geocheck.py (the bench left tests/ for benchmarks/ with its old path: make bench failed).
FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "data" / "geo_routes.yaml"


def _detours(routes, located) -> list[tuple[float, float, str, str]]:
    rows = [
        (through - direct, through / max(direct, 1.0), route.id, f"{a} → {b} → {c}")
        for route in routes
        for a, b, c, through, direct in geocheck.detour_measures(route, located[route.id])
    ]
    return sorted(rows, reverse=True)


def bench_geocheck() -> list[str]:
    geocoder = Geocoder()
    bundled, _ = load_inputs(settings.SEEDS_DIR, settings.ROUTES_PATH)
    fixtures = load_routes(FIXTURES)
    located = {r.id: {p.name: geocoder.locate(p) for p in r.places} for r in bundled}
    # the fixtures' places as tests/test_geocheck.py takes them, at their own coordinates: some lie just off
    # their country on purpose, which the geocoder refuses
    located |= {r.id: {p.name: p for p in r.places} for r in fixtures}
    geography = geocheck.default_geography()
    started = time.perf_counter()
    for route in bundled:
        lines = route_lines(route, located[route.id])
        geocheck.check_route(route, located[route.id], lines, geography, geocoder.outlines, geocoder.gazetteer)
    elapsed = time.perf_counter() - started
    rows = [
        "## Geographic checks (`corridors.geocheck`)",
        "",
        "Detours: the path through a waypoint against the direct path between its neighbours, for every "
        "interior waypoint of a land segment. The five largest on the bundled routes, then the mistakes "
        f"of issue 9 (`tests/data/geo_routes.yaml`). Thresholds: warning above +{settings.DETOUR_WARN_KM:.0f} km "
        f"and ×{settings.DETOUR_WARN_RATIO}, error above +{settings.DETOUR_ERROR_KM:.0f} km and "
        f"×{settings.DETOUR_ERROR_RATIO} (both must hold: a short hop to a border post has a large ratio and "
        "a long line a large excess).",
        "",
        "| route | waypoint | extra km | ratio |",
        "|---|---|---:|---:|",
    ]
    for extra, ratio, rid, via in _detours(bundled, located)[:5] + _detours(fixtures, located)[:1]:
        rows.append(f"| {rid} | {via} | {extra:.0f} | {ratio:.2f} |")
    rows += [
        "",
        f"All checks on the {len(bundled)} bundled routes (geocoded and drawn beforehand): {elapsed * 1000:.0f} ms.",
    ]
    return rows
