"""Assemble routes, sources, coordinates and quotes into one deterministic GeoJSON."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import ValidationError

from corridors import settings
from corridors.errors import GeocodingError, InputError, printable
from corridors.extract import collect
from corridors.extract.corpus import Extraction, cached, extract_corpus, extractor_version, routes_key
from corridors.extract.corpus import tables as extraction_tables
from corridors.geo.geocheck import check_route, default_geography
from corridors.geo.geocoder import Geocoder
from corridors.geo.geometry import length_km, route_lines
from corridors.inputs.reviews import Review, current, load_reviews
from corridors.inputs.routes import check_quotes, dated, load_routes
from corridors.inputs.sources import load_sources
from corridors.inputs.syndication import one_per_story
from corridors.io.filekeys import FileKeys
from corridors.io.files import write_atomic
from corridors.model import Mention, ReportedLength, Route, Source, StatusEntry, around
from corridors.output import store
from corridors.output.geojson_schema import CollectionDict, FeatureDict, PropertiesDict, QuoteDict, describe, validate
from corridors.status.confidence import mention_confidence
from corridors.status.timeline import BASIS, as_dict, claims_by_route, curated, history


def load_inputs(
    seeds: Path,
    routes_path: Path,
    known: dict[str, Source] | None = None,
    keys: FileKeys | None = None,
    jobs: int = 1,
) -> tuple[list[Route], list[Source]]:
    """Routes with every status entry dated and every quote checked against its document; documents
    in ``known`` (by file key) are not parsed again, and not read when ``keys`` remembers them; the
    others are parsed in ``jobs`` processes."""
    sources = one_per_story(load_sources(seeds, strict=True, known=known, keys=keys, jobs=jobs))
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


def dumps(collection: CollectionDict) -> str:
    """Stable text: one feature per line (readable diffs), keys in a fixed order, UTF-8 kept as is."""
    features = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"])
    documents = json.dumps(collection["documents"], ensure_ascii=False, separators=(",", ":"))
    return '{"type":"FeatureCollection","features":[\n' + features + '\n],"documents":' + documents + "}\n"


def check_output(out: Path, seeds: Path, routes_path: Path) -> None:
    """Refuse an output that is an input (after links are followed): the route file, the folder
    of documents or anything in it, or a data file the build reads."""
    target = os.path.realpath(out)
    data = (settings.CACHE_PATH, settings.COUNTRIES_PATH, settings.OUTLINES_PATH, settings.GEOGRAPHY_PATH)
    for path in (routes_path, *data):
        if target == os.path.realpath(path):
            msg = f"--out would overwrite the input {printable(path)}"
            raise InputError(out, msg)
    folder = os.path.realpath(seeds)
    if os.path.commonpath([target, folder]) == folder:
        msg = f"--out would write into the folder of documents {printable(seeds)}"
        raise InputError(out, msg)


def write_geojson(collection: CollectionDict, path: Path | None = None) -> None:
    """Write atomically to ``path`` (``settings.GEOJSON_PATH``): an invalid collection or a failed write
    leaves the previous file as it was."""
    path = Path(settings.GEOJSON_PATH if path is None else path)
    text = checked(collection, path)
    try:
        write_atomic(path, text)
    except OSError as err:
        msg = f"cannot write the GeoJSON: {err.strerror or err}"
        raise InputError(path, msg) from err


def checked(collection: CollectionDict, path: Path | None = None) -> str:
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
            "status_basis": BASIS[current.source],
            "status_confidence": current.confidence,
            "pending": [
                {**as_dict(e, _approximate(e, sources)), "reason": e.reason}
                for e in route.status_history
                if e.reason.startswith("pending")
            ],
            "status_history": [as_dict(e, _approximate(e, sources)) for e in route.history],
            "status_claims": [
                {**as_dict(e, _approximate(e, sources)), "reason": e.reason} for e in route.status_history
            ],
            "countries": list(route.countries),
            "length_km": length_km([ln for ln, s in zip(lines, route.segments, strict=True) if s.part == "route"]),
            "drawn_length_km": length_km(lines),
            **_reported_length(route.reported_length),
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
            "notes": [{"text": n.text, "date": n.date} for n in route.notes],
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
    curated_spans = list(found.values())
    reach: dict[str, int] = {}  # doc -> end of its mentions quoted so far (they come sorted by doc, start)
    for mention in mentions:  # words a curated quote or an earlier mention holds are not quoted twice
        overlaps = mention.start < reach.get(mention.doc, -1) or any(
            m.doc == mention.doc and m.start < mention.end and mention.start < m.end for m in curated_spans
        )
        if not overlaps:
            found[(mention.doc, mention.start)] = mention
            reach[mention.doc] = max(reach.get(mention.doc, -1), mention.end)
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
                "lang": source.lang,
                "text": m.quote,
                "start": m.start,
                "end": m.end,
                "status": m.status,
                "cue": m.cue,
                "evidence": m.evidence,
                "strength": m.strength,
                "confidence": mention_confidence(m),
            }
        )
    return sorted(quotes, key=lambda q: (q["date"], q["doc"], q["start"]))


def _reported_length(length: ReportedLength | None) -> dict:
    """``reported_length_km`` and its source, both null when no source states the route's length."""
    if length is None:
        return {"reported_length_km": None, "reported_length_source": None}
    source = {k: getattr(length, k) for k in ("doc", "quote", "title", "outlet", "date", "url", "note")}
    return {"reported_length_km": length.km, "reported_length_source": source}


def _document(source: Source) -> dict:
    return {
        "id": source.id,
        "title": source.title,
        "outlet": source.outlet,
        "author": source.author,
        "date": source.date,
        "date_approximate": source.date_approximate,
        "url": source.url,
        "lang": source.lang,
        "body": source.body,
        **({"also_published_by": [_copy(s) for s in source.also_published_by]} if source.also_published_by else {}),
    }


def _copy(source: Source) -> dict:
    return {"id": source.id, "title": source.title, "outlet": source.outlet, "date": source.date, "url": source.url}


@dataclass(frozen=True)
class Built:
    """What a build made: the collection with every quote and status claim (``export`` slims it
    for the GeoJSON), notes for the curator, and what the corpus store holds besides."""

    collection: CollectionDict
    notes: list[str]
    sources: list[Source]
    extractions: dict[str, Extraction]
    meta: dict[str, str] = field(default_factory=dict)
    store: Path | None = None  # the corpus store the build read
    file_keys: FileKeys | None = None  # the fingerprints of the files it read, kept beside that store
    kept: frozenset[str] = frozenset()  # documents whose text and extraction that store holds as they are
    routes: tuple[Route, ...] = ()  # the routes as read, before their statuses were drawn (corridors.review redraws)


def assemble(
    seeds: Path,
    routes_path: Path,
    online: bool = False,
    jobs: int = 0,
    scheduler: str | None = None,
    store_path: Path | None = None,
    progress: bool = False,
    reviews: Path | None = None,
) -> Built:
    """Everything ``corridors build`` does but writing. Documents whose extraction the store at
    ``store_path`` holds under the same key are not read again; the others are read with ``jobs``
    processes (0: every core) or on the Dask ``scheduler``. The analyst's decisions in ``reviews``
    (``settings.REVIEWS_PATH``) are applied; a stale one is a note."""
    from corridors.geo.geocoder import online_geocoder

    known = known_sources(store_path)
    keys = FileKeys(file_keys_path(store_path)) if store_path is not None else None
    routes, sources = load_inputs(seeds, routes_path, known, keys, jobs or os.cpu_count() or 1)
    routes_hash = routes_key(routes_path)
    cache = cached(store_path, sources)
    found = extract_corpus(sources, routes, routes_hash, cache, jobs, scheduler, progress)
    kept = frozenset(
        s.id for s in sources if known.get(s.file_key) == s and s.id in cache and cache[s.id].key == found[s.id].key
    )
    mentions, _ = collect((e.mentions, e.candidates) for e in found.values())
    geocoder = Geocoder(online=online_geocoder() if online else None)
    reviews_path = Path(settings.REVIEWS_PATH if reviews is None else reviews)
    decided, warnings = current(load_reviews(reviews_path), {s.id: s.body for s in sources}, reviews_path)
    drawn = with_extracted_status(routes, mentions, {s.id: s for s in sources}, decided)
    collection = build(drawn, sources, routes_path, geocoder, mentions, warnings)
    meta = {"routes_hash": routes_hash, "extractor_version": extractor_version()}
    notes = warnings + disagreements(drawn, mentions)
    return Built(collection, notes, sources, found, meta, store_path, keys, kept, tuple(routes))


def run(seeds: Path, routes_path: Path, online: bool = False, **options) -> tuple[dict, list[str]]:
    """``(collection as the GeoJSON holds it, notes for the curator)``; ``options`` as for ``assemble``."""
    built = assemble(seeds, routes_path, online, **options)
    return export(built.collection), built.notes


def build_outputs(
    seeds: Path,
    routes_path: Path,
    out: Path,
    db: Path | None = None,
    online: bool = False,
    jobs: int = 0,
    scheduler: str | None = None,
    progress: bool = False,
    reviews: Path | None = None,
) -> tuple[dict, Built]:
    """``corridors build``: the GeoJSON written to ``out`` and the corpus store to ``db`` (default:
    beside ``out``), neither of them an input; ``(collection as the GeoJSON holds it, the build)``.
    The store is the one the build reads to skip documents it already holds."""
    db = db or store_path(out)
    for target in (out, db):
        check_output(target, seeds, routes_path)
    built = assemble(seeds, routes_path, online, jobs, scheduler, store_path=db, progress=progress, reviews=reviews)
    collection = export(built.collection)
    write_geojson(collection, out)
    write_store(built, db)
    return collection, built


def export(collection: CollectionDict) -> CollectionDict:
    """The collection as the GeoJSON carries it: per route what the map and its card show (the status
    and its evidence, counts, the strongest quotes with the words around them, mentions per month),
    and the metadata of the documents it cites. Every quote, claim and document body is in the store."""
    bodies = {d["id"]: d["body"] for d in collection["documents"]}
    features = [_exported(f, bodies) for f in collection["features"]]
    cited = set()
    for feature in features:
        p = feature["properties"]
        cited |= {p["status_doc"], *(q["doc"] for q in p["quotes"])}
        cited |= {doc for e in p["status_history"] for doc in (e["doc"], *e["agreeing"], *e["disputed"])}
        if p["reported_length_source"]:
            cited.add(p["reported_length_source"]["doc"])
        cited |= {e["doc"] for e in p["pending"]}
    documents = [{k: v for k, v in d.items() if k != "body"} for d in collection["documents"] if d["id"] in cited]
    return {**collection, "features": features, "documents": documents}


_RANK = {"fact": 0, "plan": 1, "idea": 2}


def _exported(feature: FeatureDict, bodies: dict[str, str]) -> dict:
    p = feature["properties"]
    quotes = p["quotes"]

    def rank(q: QuoteDict) -> tuple:
        evidence = q["doc"] == p["status_doc"] and bool(set(range(q["start"], q["end"])) & _span(p, bodies))
        return not evidence, q["status"] is None, q["evidence"] != "curated", _RANK.get(q["strength"], 0)

    newest = sorted(quotes, key=lambda q: (q["date"], q["doc"], q["start"]), reverse=True)
    strongest = [
        {**q, **dict(zip(("before", "after"), around(bodies[q["doc"]], q["start"], q["end"]), strict=True))}
        for q in sorted(newest, key=rank)[: settings.GEOJSON_QUOTES]
    ]
    months = Counter((q["date"][:7], q["status"] or "none") for q in quotes if q["date"])
    history = [
        {**e, "agreeing": e["agreeing"][: settings.GEOJSON_QUOTES], "agreeing_count": len(e["agreeing"])}
        for e in p["status_history"]
    ]
    props = {k: v for k, v in p.items() if k not in ("status_claims", "quotes", "status_history", "sources")}
    return {
        **feature,
        "properties": {
            **props,
            "status_history": history,
            "last_mentioned": max((q["date"] for q in quotes), default=""),
            "quote_count": len(quotes),
            "document_count": len(p["sources"]),
            "quotes": strongest,
            "mentions_by_month": [[month, status, n] for (month, status), n in sorted(months.items())],
        },
    }


def _span(p: PropertiesDict, bodies: dict[str, str]) -> set[int]:
    """Offsets of the current status's quote in its document."""
    body = bodies.get(p["status_doc"], "")
    start = body.find(p["status_quote"]) if p["status_quote"] else -1
    return set(range(start, start + len(p["status_quote"]))) if start >= 0 else set()


def store_tables(built: Built, leave: Collection[str] = frozenset()) -> dict[str, list[tuple]]:
    """The corpus store's rows for a build (``corridors.store`` documents the tables), without the
    rows of the documents in ``leave`` in the tables ``store.BY_DOCUMENT`` names."""
    documents = [
        (s.id, s.title, s.outlet, s.author, s.date, s.date_approximate, s.url, s.body,
         hashlib.sha256(s.body.encode("utf-8", "surrogatepass")).hexdigest(), s.file_key, s.lang)
        for s in built.sources if s.id not in leave
    ]  # fmt: skip
    routes, quotes, claims = [], [], []
    for feature in built.collection["features"]:
        p = feature["properties"]
        routes.append(
            (p["id"], p["name"], store.as_json(p["modes"]), store.as_json(p["countries"]), p["status"],
             p["status_date"], p["status_doc"], p["status_quote"], len(p["quotes"]), len(p["sources"]),
             p["status_basis"], p["status_confidence"])
        )  # fmt: skip
        quotes += [
            (p["id"], q["doc"], q["start"], q["end"], q["text"], q["status"], q["cue"], q["evidence"], q["date"],
             q["confidence"])
            for q in p["quotes"] if q["doc"] not in leave
        ]
        claims += [
            (p["id"], c["date"], c["status"], c["strength"], c["source"], c["doc"], c["quote"], c["cue"],
             c["event_date"], c["reported_date"], c["date_approximate"], c["reason"], c["confidence"])
            for c in p["status_claims"]
        ]  # fmt: skip
    return {
        "meta": sorted(built.meta.items()),
        "documents": documents,
        **extraction_tables({doc: e for doc, e in built.extractions.items() if doc not in leave}, mention_confidence),
        "routes": routes,
        "quotes": quotes,
        "status_claims": claims,
    }


def known_sources(path: Path | None) -> dict[str, Source]:
    """The documents the store at ``path`` holds, by file key (none without a usable store)."""
    if path is None or not store.readable(path):
        return {}
    with store.connect(path) as conn:
        rows = store.rows(conn, "documents")
    conn.close()
    return {
        key: Source(doc, title, body, outlet, author, date, bool(approximate), url, lang, key)
        for doc, title, outlet, author, date, approximate, url, body, _, key, lang in rows
    }


def write_store(built: Built, path: Path) -> None:
    """Bring the corpus store at ``path`` up to date with ``built`` (atomically); when it is the
    store the build read, the rows of the documents it kept are not written again."""
    same = built.store is not None and Path(path) == Path(built.store)
    kept = built.kept if same else frozenset()
    store.write(path, store_tables(built, kept), kept)
    if same and built.file_keys:
        built.file_keys.save()


def store_path(geojson: Path) -> Path:
    """Where the corpus store of a GeoJSON lives: beside it, suffix ``settings.DB_SUFFIX``."""
    return Path(geojson).with_suffix(settings.DB_SUFFIX)


def file_keys_path(store: Path) -> Path:
    """Where the fingerprints of the documents a store holds are kept (``corridors.filekeys``):
    a hidden file beside it, machine-local (never committed)."""
    return Path(store).with_name(f".{Path(store).name}.files")


def with_extracted_status(
    routes: list[Route],
    mentions: list[Mention],
    sources: dict[str, Source],
    decided: dict[tuple[str, str], Review] | None = None,
) -> list[Route]:
    """The routes, each with its status history drawn by ``corridors.timeline`` from its curated
    entries, the analyst's ``decided`` claims (``inputs.reviews.current``) and the other claims of
    dated documents (an undated document cannot say when a status held)."""
    reported = {doc: s.date for doc, s in sources.items()}
    latest = max(reported.values(), default="")
    claims = claims_by_route(mentions, reported)
    decided = decided or {}
    reviewed: dict[str, list[StatusEntry]] = {}
    for r in decided.values():
        if r.target and reported.get(r.doc):
            reviewed.setdefault(r.target, []).append(r.entry(reported[r.doc]))
    return [
        replace(
            route,
            status_history=tuple(
                history(
                    curated((*route.status_history, *reviewed.get(route.id, ())), reported),
                    [_decided(c, route.id, decided) for c in claims.get(route.id, [])],
                    latest,
                )
            ),
        )
        for route in routes
    ]


def _decided(claim: StatusEntry, rid: str, decided: dict[tuple[str, str], Review]) -> StatusEntry:
    """A claim the analyst rejected, or moved to another route, has confidence 0: it sets no status."""
    review = decided.get((claim.doc, rid))
    return replace(claim, confidence=0.0) if review and review.target != rid else claim


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
