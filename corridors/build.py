"""Assemble routes, sources, coordinates and quotes into one deterministic GeoJSON."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from pydantic import ValidationError

from . import settings
from .errors import GeocodingError, InputError
from .extract import extract
from .files import write_atomic
from .geocheck import check_route, default_geography
from .geocoder import Geocoder
from .geojson_schema import describe, validate
from .geometry import length_km, route_lines
from .model import Mention, Route, Source
from .routes import check_quotes, dated, load_routes
from .sources import load_sources
from .timeline import as_dict, claims_of, curated, history


def load_inputs(seeds: Path, routes_path: Path) -> tuple[list[Route], list[Source]]:
    """Routes with every status entry dated and every quote checked against its document."""
    sources = load_sources(seeds, strict=True)
    routes = load_routes(routes_path)
    check_quotes(routes, sources, routes_path)
    by_id = {s.id: s for s in sources}
    resolved = [
        replace(r, status_history=tuple(replace(e, date=dated(e, by_id)) for e in r.status_history)) for r in routes
    ]
    return resolved, sources


def build(
    routes: list[Route],
    sources: list[Source],
    routes_path: Path,
    geocoder: Geocoder | None = None,
    mentions: list[Mention] = (),
    warnings: list[str] | None = None,
) -> dict:
    """The FeatureCollection: one Feature per route, sorted by id, plus the documents.

    A geographic error stops the build; warnings are appended to ``warnings`` when given."""
    geocoder = geocoder or Geocoder()
    by_id = {s.id: s for s in sources}
    warnings = [] if warnings is None else warnings
    features = [
        _feature(r, by_id, routes_path, geocoder, [m for m in mentions if m.route == r.id], warnings) for r in routes
    ]
    geocoder.cache.save()
    return {
        "type": "FeatureCollection",
        "features": sorted(features, key=lambda f: f["properties"]["id"]),
        "documents": [_document(s) for s in sources],
    }


def dumps(collection: dict) -> str:
    """Stable text: one feature per line (readable diffs), keys in a fixed order, UTF-8 kept as is."""
    features = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"])
    documents = json.dumps(collection["documents"], ensure_ascii=False, separators=(",", ":"))
    return '{"type":"FeatureCollection","features":[\n' + features + '\n],"documents":' + documents + "}\n"


def write_geojson(collection: dict, path: Path | None = None) -> None:
    """Write atomically to ``path`` (``settings.GEOJSON_PATH``): an invalid collection or a failed write
    leaves the previous file as it was."""
    path = Path(settings.GEOJSON_PATH if path is None else path)
    text = checked(collection, path)
    try:
        write_atomic(path, text)
    except OSError as err:
        msg = f"cannot write the GeoJSON: {err.strerror}"
        raise InputError(path, msg) from err


def checked(collection: dict, path: Path | None = None) -> str:
    """The text of ``collection`` once it passes ``corridors.geojson_schema``, as the dashboard reads it."""
    path = Path(settings.GEOJSON_PATH if path is None else path)
    text = dumps(collection)
    try:
        validate(json.loads(text))
    except ValidationError as err:
        msg = f"the build made a GeoJSON the dashboard would refuse, nothing written: {describe(err)}"
        raise InputError(path, msg) from err
    return text


def _feature(route: Route, sources: dict[str, Source], path: Path, geocoder: Geocoder, mentions, warnings) -> dict:
    places = {}
    for place in route.places:
        try:
            places[place.name] = geocoder.locate(place)
        except GeocodingError as err:
            msg = f"route {route.id!r}: {err}"
            raise InputError(path, msg, place.line) from err
    lines = route_lines(route, places)
    _check(route, places, lines, geocoder, path, warnings)
    current = route.current
    quotes = _quotes(route, sources, mentions)
    geometry = (
        {"type": "LineString", "coordinates": lines[0]}
        if len(lines) == 1
        else {"type": "MultiLineString", "coordinates": lines}
    )
    return {
        "type": "Feature",
        "id": route.id,
        "geometry": geometry,
        "properties": {
            "id": route.id,
            "name": route.name,
            "aliases": list(route.aliases),
            "modes": list(route.modes),
            "status": current.status,
            "status_date": current.date,
            "status_date_approximate": _approximate(current, sources),
            "status_quote": current.quote,
            "status_doc": current.doc,
            "status_history": [as_dict(e, _approximate(e, sources)) for e in route.history],
            "status_claims": [
                {**as_dict(e, _approximate(e, sources)), "reason": e.reason} for e in route.status_history
            ],
            "countries": list(route.countries),
            "length_km": length_km([ln for ln, s in zip(lines, route.segments, strict=True) if s.part == "route"]),
            "drawn_length_km": length_km(lines),
            "segment_parts": [s.part for s in route.segments],
            "waypoints": [
                {
                    "name": p.name,
                    "country": p.country,
                    "role": p.role,
                    "lon": round(p.lon, settings.COORD_DECIMALS),
                    "lat": round(p.lat, settings.COORD_DECIMALS),
                    "coord_source": p.coord_source,
                    "coord_note": p.coord_note,
                }
                for p in places.values()
            ],
            "geometry_precision": "schematic",
            "notes": route.notes,
            "first_mentioned": min(q["date"] for q in quotes),
            "sources": sorted({q["doc"] for q in quotes}),
            "quotes": quotes,
        },
    }


def _check(route: Route, places, lines, geocoder: Geocoder, path: Path, warnings: list[str]) -> None:
    findings = check_route(route, places, lines, default_geography(), geocoder.outlines, geocoder.gazetteer)
    for finding in findings:
        if finding.level == "error":
            raise InputError(path, f"route {finding.route!r}: {finding.message}", finding.line)
        warnings.append(f"{path}:{finding.line}: {finding}")


def _approximate(entry, sources: dict[str, Source]) -> bool:
    if entry.source == "inferred":
        return True
    source = sources[entry.doc]
    return len(entry.date) < 10 or (entry.date == source.date and source.date_approximate)


def _quotes(route: Route, sources: dict[str, Source], mentions) -> list[dict]:
    found = {}
    for entry in route.status_history:
        if entry.source != "curated":
            continue  # an extracted entry is quoted as the mention it came from, with its evidence
        start = sources[entry.doc].body.index(entry.quote)
        found[(entry.doc, start)] = Mention(
            route.id, entry.doc, start, start + len(entry.quote), entry.quote, entry.status
        )
    for mention in mentions:  # words a curated quote already holds are not quoted twice
        if not any(m.doc == mention.doc and m.start < mention.end and mention.start < m.end for m in found.values()):
            found[(mention.doc, mention.start)] = mention
    quotes = []
    for m in found.values():
        source = sources[m.doc]
        quotes.append(
            {
                "doc": m.doc,
                "title": source.title,
                "outlet": source.outlet,
                "date": source.date,
                "date_approximate": source.date_approximate,
                "url": source.url,
                "text": m.quote,
                "start": m.start,
                "end": m.end,
                "status": m.status,
                "cue": m.cue,
                "evidence": m.evidence,
            }
        )
    return sorted(quotes, key=lambda q: (q["date"], q["doc"], q["start"]))


def _document(source: Source) -> dict:
    return {
        "id": source.id,
        "title": source.title,
        "outlet": source.outlet,
        "author": source.author,
        "date": source.date,
        "date_approximate": source.date_approximate,
        "url": source.url,
        "body": source.body,
    }


def run(seeds: Path, routes_path: Path, online: bool = False) -> tuple[dict, list[str]]:
    """Everything ``corridors build`` does but writing: ``(collection, notes for the curator)``."""
    from .geocoder import online_geocoder

    routes, sources = load_inputs(seeds, routes_path)
    mentions, _ = extract(sources, routes)
    geocoder = Geocoder(online=online_geocoder() if online else None)
    routes = [with_extracted_status(r, mentions, {s.id: s for s in sources}) for r in routes]
    warnings: list[str] = []
    collection = build(routes, sources, routes_path, geocoder, mentions, warnings)
    return collection, warnings + disagreements(routes, mentions)


def with_extracted_status(route: Route, mentions: list[Mention], sources: dict[str, Source]) -> Route:
    """The route's status history drawn by ``corridors.timeline`` from its curated entries and the
    claims of dated documents (an undated document cannot say when a status held)."""
    reported = {doc: s.date for doc, s in sources.items()}
    latest = max(reported.values(), default="")
    return replace(
        route,
        status_history=tuple(
            history(curated(route.status_history, reported), claims_of(route.id, mentions, reported), latest)
        ),
    )


def disagreements(routes: list[Route], mentions: list[Mention]) -> list[str]:
    """Where the text of a document signals another status than the curator gave it."""
    notes = []
    for route in routes:
        curated = {}
        for entry in route.status_history:
            if entry.source == "curated":
                curated.setdefault(entry.doc, set()).add(entry.status)
        for m in mentions:
            if m.route == route.id and m.status and m.doc in curated and m.status not in curated[m.doc]:
                notes.append(
                    f"note: route {route.id!r}: {m.doc} is curated as {'/'.join(sorted(curated[m.doc]))} "
                    f"but at {m.start}-{m.end} the text signals {m.status} ({m.cue!r})"
                )
    return notes
