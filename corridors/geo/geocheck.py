"""Geographic checks on a drawn route: detours, homonyms, land legs over water, sea legs over
land, inland ports, and legs through countries the route does not list.

Pure functions over located places and drawn lines; the land and lake polygons are Natural
Earth's (see ``scripts/natural_earth.py``), loaded once and prepared."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import shapely
from shapely import LineString, Point
from shapely.geometry import shape
from shapely.ops import nearest_points

from corridors import settings
from corridors.geo.gazetteer import Gazetteer, fold
from corridors.geo.geocoder import CountryOutlines
from corridors.geo.geometry import Line, distance_km, length_km
from corridors.model import Place, Route

#: Modes whose legs must stay on land.
LAND_MODES = ("road", "rail", "pipeline", "multimodal")


@dataclass(frozen=True)
class Finding:
    """One problem with a route's geography; ``line`` is where the route file can fix it."""

    level: Literal["warning", "error"]
    route: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.level}: route {self.route!r}: {self.message}"


class Geography:
    """Land (sea is what is not land) and large lakes, as prepared shapely geometries."""

    def __init__(self, path: Path | None = None):
        features = _read(path or settings.GEOGRAPHY_PATH)["features"]
        kinds = {f["properties"]["kind"]: shape(f["geometry"]) for f in features}
        self.land, self.lakes = kinds["land"], kinds["lake"]
        self.coast = self.land.boundary
        for geometry in (self.land, self.lakes, self.coast):
            shapely.prepare(geometry)

    def sea_km(self, line: Line) -> float:
        """km of ``line`` over sea (the Caspian and Kara-Bogaz-Gol included)."""
        path = LineString(line)
        if self.land.contains(path):  # most legs: the prepared test spares computing a difference
            return 0.0
        return _km(shapely.difference(path, self.land))

    def lake_km(self, line: Line) -> float:
        """km of ``line`` over a large lake."""
        path = LineString(line)
        if not self.lakes.intersects(path):
            return 0.0
        return _km(shapely.intersection(path, self.lakes))

    def land_km(self, line: Line) -> float:
        """km of ``line`` over land (lakes excepted)."""
        return _km(shapely.difference(shapely.intersection(LineString(line), self.land), self.lakes))

    def coast_km(self, lon: float, lat: float) -> float:
        """Distance from the point to the nearest coast (sea or Caspian shore)."""
        nearest = nearest_points(self.coast, Point(lon, lat))[0]
        return distance_km((lon, lat), (nearest.x, nearest.y))


def default_geography() -> Geography:
    """The geography of ``settings.GEOGRAPHY_PATH``, read once per path."""
    return _geography(Path(settings.GEOGRAPHY_PATH))


@cache
def _geography(path: Path) -> Geography:
    return Geography(path)


def check_route(
    route: Route,
    places: dict[str, Place],
    lines: list[Line],
    geography: Geography,
    outlines: CountryOutlines,
    gazetteer: Gazetteer,
) -> list[Finding]:
    """Every finding on ``route``, drawn as ``lines`` (one per segment) through ``places``."""
    return [
        *homonyms(route, places, gazetteer),
        *detours(route, places),
        *water_and_land(route, lines, geography),
        *inland_ports(route, places, geography),
        *foreign_countries(route, lines, outlines),
    ]


def detour_measures(route: Route, places: dict[str, Place]):
    """``(before, waypoint, after, km through it, km direct)`` for each inner waypoint of a land segment."""
    for segment in route.segments:
        if segment.mode not in LAND_MODES:
            continue
        for a, b, c in zip(segment.via, segment.via[1:], segment.via[2:], strict=False):
            pa, pb, pc = (_xy(places[n]) for n in (a, b, c))
            yield a, b, c, distance_km(pa, pb) + distance_km(pb, pc), distance_km(pa, pc)


def detours(route: Route, places: dict[str, Place]) -> list[Finding]:
    """A waypoint whose path from the one before to the one after is much longer than the direct one."""
    found = []
    for a, b, c, through, direct in detour_measures(route, places):
        extra, ratio = through - direct, through / max(direct, 1.0)
        if extra > settings.DETOUR_ERROR_KM and ratio > settings.DETOUR_ERROR_RATIO:
            level = "error"
        elif extra > settings.DETOUR_WARN_KM and ratio > settings.DETOUR_WARN_RATIO:
            level = "warning"
        else:
            continue
        msg = (
            f"waypoint {b!r} makes a detour: {a} → {b} → {c} is {through:.0f} km against "
            f"{direct:.0f} km direct (+{extra:.0f} km, ×{ratio:.1f}); check its coordinates"
        )
        found.append(Finding(level, route.id, msg, places[b].line))
    return found


def homonyms(route: Route, places: dict[str, Place], gazetteer: Gazetteer) -> list[Finding]:
    """A waypoint located by name although the gazetteer has another sizeable place of that name
    in its country, far from the chosen one."""
    found = []
    for place in places.values():
        if place.coord_source != "gazetteer":
            continue  # explicit coordinates (or a cached answer) settle it
        candidates = sorted(
            set(gazetteer.candidates(place.name, place.country)), key=lambda e: (-e.population, e.lon, e.lat)
        )
        chosen = candidates[0]
        rivals = [
            e
            for e in candidates[1:]
            if fold(e.name) == fold(place.name)  # an alternate name ("Naryn" for Tash-Kumyr) is no homonym
            and distance_km((e.lon, e.lat), (chosen.lon, chosen.lat)) >= settings.HOMONYM_MIN_KM
            and e.population >= settings.HOMONYM_MIN_POPULATION_SHARE * chosen.population
        ]
        if rivals:
            listed = "; ".join(
                f"{e.name} (lon {e.lon:.4f}, lat {e.lat:.4f}, population {e.population:,})" for e in [chosen, *rivals]
            )
            msg = (
                f"waypoint {place.name!r} ({place.country}) is ambiguous: the gazetteer has {listed}; "
                "give lon/lat and a source for the one meant"
            )
            found.append(Finding("error", route.id, msg, place.line))
    return found


def water_and_land(route: Route, lines: list[Line], geography: Geography) -> list[Finding]:
    """Land legs over sea (error) or a large lake (warning: a ferry or a causeway the route file
    should explain), and sea legs over land (error)."""
    found = []
    for segment, line in zip(route.segments, lines, strict=True):
        for a, b, leg in _legs(segment.via, line):
            if segment.mode in LAND_MODES:
                crossings = [
                    ("error", geography.sea_km(leg), "sea", settings.WATER_TOLERANCE_KM),
                    ("warning", geography.lake_km(leg), "a large lake", settings.WATER_TOLERANCE_KM),
                ]
            elif segment.mode == "sea":
                crossings = [("error", geography.land_km(leg), "land", settings.SEA_LAND_TOLERANCE_KM)]
            else:
                continue
            for level, km, over, tolerance in crossings:
                if km > tolerance:
                    msg = f"{segment.mode} leg {a} → {b} runs {km:.0f} km over {over}"
                    found.append(Finding(level, route.id, msg, route.line))
    return found


def inland_ports(route: Route, places: dict[str, Place], geography: Geography) -> list[Finding]:
    found = []
    for place in places.values():
        if place.role != "port":
            continue
        km = geography.coast_km(place.lon, place.lat)
        if km > settings.PORT_MAX_COAST_KM:
            msg = (
                f"port {place.name!r} (lon {place.lon:.4f}, lat {place.lat:.4f}, {place.coord_source}) "
                f"lies {km:.0f} km from the coast"
            )
            found.append(Finding("error", route.id, msg, place.line))
    return found


def foreign_countries(route: Route, lines: list[Line], outlines: CountryOutlines) -> list[Finding]:
    """Land legs that run through a country the route does not list."""
    found = []
    listed = set(route.countries)
    for segment, line in zip(route.segments, lines, strict=True):
        if segment.mode not in LAND_MODES:
            continue
        for a, b, leg in _legs(segment.via, line):
            path = LineString(leg)
            for iso in sorted(outlines.countries_along(path)):
                if iso in listed:
                    continue
                km = _km(shapely.intersection(path, outlines.shapes[iso]))
                if km > settings.FOREIGN_TOLERANCE_KM:
                    msg = f"{segment.mode} leg {a} → {b} runs {km:.0f} km through {iso}, which the route does not list"
                    found.append(Finding("warning", route.id, msg, route.line))
    return found


def _legs(via: tuple[str, ...], line: Line):
    """``(from, to, points)`` per leg between named waypoints; a land line is its waypoints, so
    it splits evenly; a drawn sea or air line stays one piece from its first to its last name."""
    if len(line) == len(via):
        for (a, pa), (b, pb) in itertools.pairwise(zip(via, line, strict=True)):
            yield a, b, [pa, pb]
    else:
        yield via[0], via[-1], line


def _km(geometry) -> float:
    """Geodesic length of the lines in ``geometry`` (degrees in, km out)."""
    parts = shapely.get_parts(geometry)
    return length_km([list(p.coords) for p in parts if p.geom_type == "LineString"])


def _xy(place: Place) -> tuple[float, float]:
    return (place.lon, place.lat)


def _read(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
