"""Load and check the curated route definitions (YAML), keeping line numbers for errors."""

from __future__ import annotations

from pathlib import Path

from corridors import settings
from corridors.errors import InputError, shown
from corridors.inputs.schemas import ROUTES, RouteSpec, SegmentSpec, Waypoint, check
from corridors.io.files import read_text
from corridors.io.safeyaml import Map, Seq, parse
from corridors.model import MODES, Note, Place, ReportedLength, Route, Segment, Source, StatusEntry


def load_routes(path: Path | None = None) -> list[Route]:
    """Every route in ``path`` (``settings.ROUTES_PATH``), checked against ``schemas.ROUTES`` and for consistency; raise
    :class:`InputError` naming file, line, key and value."""
    path = Path(settings.ROUTES_PATH if path is None else path)
    data = parse(read_text(path, settings.MAX_YAML_BYTES), path)
    specs = check(ROUTES, data, path, name_of=lambda i: _route_name(data, i))
    routes, seen = [], {}
    for spec, item in zip(specs, data, strict=True):
        route = _route(path, spec, item)
        if route.id in seen:
            msg = f"id: duplicate route id {route.id!r} (first at line {seen[route.id]})"
            raise InputError(path, msg, route.line)
        seen[route.id] = route.line
        routes.append(route)
    return routes


def check_quotes(routes: list[Route], sources: list[Source], path: Path) -> None:
    """Every status quote, and the quote behind a reported length, must stand verbatim in the body of a
    known document; a status entry must be dated, by its own ``date`` or by its document's."""
    by_id = {s.id: s for s in sources}
    for route in routes:
        length = route.reported_length
        if length and length.doc:
            _check_quote(route, length.doc, length.quote, by_id, path, length.line)
        for entry in route.status_history:
            _check_quote(route, entry.doc, entry.quote, by_id, path, entry.line)
            if not dated(entry, by_id):
                msg = (
                    f"route {route.id!r}: status_history: document {entry.doc} has no date, and the entry gives "
                    f"none: has its date been lost from its front matter or {settings.MANIFEST_NAME}?"
                )
                raise InputError(path, msg, entry.line)


def _check_quote(route: Route, doc: str, quote: str, by_id: dict[str, Source], path: Path, line: int | None) -> None:
    if doc not in by_id:
        msg = f"route {route.id!r}: unknown document {doc!r}"
        raise InputError(path, msg, line)
    if quote not in by_id[doc].body:
        msg = f"route {route.id!r}: quote not found verbatim in {doc}: {shown(quote)}"
        raise InputError(path, msg, line)


def dated(entry: StatusEntry, sources: dict[str, Source]) -> str:
    """The entry's date: its own, else its document's."""
    return entry.date or sources[entry.doc].date


def _route_name(data, index) -> str | None:
    item = data[index] if isinstance(data, list) and isinstance(index, int) and index < len(data) else None
    rid = item.get("id") if isinstance(item, dict) else None
    return f"route {shown(rid)}" if isinstance(rid, str) and len(rid) <= 64 else None


def _route(path: Path, spec: RouteSpec, item: Map) -> Route:
    """The route of a valid ``spec``, once its waypoints, segments and statuses agree."""
    where = f"route {spec.id!r}"
    waypoints = zip(spec.waypoints, _lines(item, "waypoints"), strict=True)
    places = tuple(_place(path, p, where, line) for p, line in waypoints)
    names = [p.name for p in places]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        msg = f"{where}: waypoints: {dup!r} listed twice"
        raise InputError(path, msg, item.lines["waypoints"])
    segments = tuple(
        _segment(path, s, where, names, spec.modes, line)
        for s, line in zip(spec.segments, _lines(item, "segments"), strict=True)
    )
    for lang, named in spec.place_names.items():
        for name in named:
            if name not in names:
                msg = f"{where}: place_names: {lang}: {name!r} is not a waypoint of the route"
                raise InputError(path, msg, item.lines.get("place_names"))
    history = tuple(
        StatusEntry(s.date or "", s.status, s.quote, s.doc, line)
        for s, line in zip(spec.status_history, _lines(item, "status_history"), strict=True)
    )
    return Route(
        id=spec.id,
        name=spec.name,
        modes=tuple(spec.modes),
        places=places,
        segments=segments or (Segment(spec.modes[0], tuple(names)),),
        status_history=history,
        aliases=tuple(spec.aliases),
        areas=tuple(spec.areas),
        notes=tuple(Note(n.text, n.date) for n in spec.notes),
        curator_notes=spec.curator_notes,
        line=item.line,
        reported_length=_reported_length(spec, item),
        names=tuple((lang, n) for lang, ns in spec.names.items() for n in ns),
        place_names=tuple((lang, p, n) for lang, by in spec.place_names.items() for p, ns in by.items() for n in ns),
    )


def _reported_length(spec: RouteSpec, item: Map) -> ReportedLength | None:
    if spec.reported_length is None:
        return None
    return ReportedLength(**spec.reported_length.model_dump(exclude_none=True), line=item.lines["reported_length"])


def _lines(item: Map, key: str) -> list[int]:
    value = item.get(key)
    return value.lines if isinstance(value, Seq) else []


def _place(path: Path, spec: Waypoint, where: str, line: int) -> Place:
    if (spec.lon is None) != (spec.lat is None):
        msg = f"{where}: waypoint {spec.name!r}: give both lon and lat, or neither"
        raise InputError(path, msg, line)
    if spec.lon is not None:
        return Place(spec.name, spec.country, spec.role, spec.lon, spec.lat, "explicit", line, spec.source)
    return Place(spec.name, spec.country, spec.role, line=line)


def _segment(path: Path, spec: SegmentSpec, where: str, names: list[str], modes, line: int) -> Segment:
    allowed = modes if spec.part == "route" else MODES  # the wider corridor may travel by other modes
    if spec.mode not in allowed:
        msg = f"{where}: segment mode {spec.mode!r} not among the route's modes ({', '.join(allowed)})"
        raise InputError(path, msg, line)
    for name in spec.via:
        if name not in names:
            msg = f"{where}: segment passes through unknown waypoint {shown(name)}"
            raise InputError(path, msg, line)
    return Segment(spec.mode, tuple(spec.via), spec.part)
