"""Draw a route: straight legs through named places on land, real sea lanes at sea,
great circles in the air; and measure what was drawn."""

from __future__ import annotations

import itertools

from geographiclib.geodesic import Geodesic

from corridors import settings
from corridors.io import usercache
from corridors.model import Place, Route

Line = list[tuple[float, float]]


def route_lines(route: Route, places: dict[str, Place]) -> list[Line]:
    """One line of (lon, lat) per segment of ``route``, through its located ``places``."""
    lines = []
    for segment in route.segments:
        points = [(places[name].lon, places[name].lat) for name in segment.via]
        if segment.mode == "sea":
            line = _join(_sea_leg(a, b) for a, b in itertools.pairwise(points))
        elif segment.mode == "air":
            line = _join(_great_circle(a, b) for a, b in itertools.pairwise(points))
        else:
            line = points
        lines.append(rounded(line))
    return lines


def length_km(lines: list[Line]) -> float:
    """Geodesic length of the drawn lines (WGS84)."""
    total = 0.0
    for line in lines:
        for (lon1, lat1), (lon2, lat2) in itertools.pairwise(line):
            total += Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"]
    return round(total / 1000, 1)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance (WGS84) between two (lon, lat) points."""
    return Geodesic.WGS84.Inverse(a[1], a[0], b[1], b[0])["s12"] / 1000


def rounded(line: Line) -> Line:
    """Coordinates rounded for the GeoJSON, with repeated points dropped."""
    out: Line = []
    for lon, lat in line:
        point = (round(lon, settings.COORD_DECIMALS), round(lat, settings.COORD_DECIMALS))
        if not out or out[-1] != point:
            out.append(point)
    return out


def _sea_leg(a: tuple[float, float], b: tuple[float, float]) -> Line:
    """The sea lane from ``a`` to ``b`` (searoute's network), kept in the user's cache: loading the
    network costs more than the rest of a build that reads no new document."""
    from importlib.metadata import version

    key = {"a": list(a), "b": list(b), "searoute": version("searoute")}
    inner = usercache.load("sea-leg", key)
    if inner is None:
        import searoute

        coords = searoute.searoute(list(a), list(b))["geometry"]["coordinates"]
        inner = [(lon, lat) for lon, lat in coords[1:-1]]
        usercache.store("sea-leg", key, inner)
    return [a, *inner, b]


def _great_circle(a: tuple[float, float], b: tuple[float, float]) -> Line:
    line = Geodesic.WGS84.InverseLine(a[1], a[0], b[1], b[0])
    n = settings.AIR_LEG_POINTS
    points = [line.Position(line.s13 * i / n) for i in range(n + 1)]
    return [(p["lon2"], p["lat2"]) for p in points]


def _join(legs) -> Line:
    line: Line = []
    for leg in legs:
        line.extend(leg if not line else leg[1:])
    return line
