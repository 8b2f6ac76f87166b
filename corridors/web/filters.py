"""The dashboard's view state: filters, "as of" dates and the selected route, to and from
URL query parameters, applied to the built GeoJSON. Pure functions, no Streamlit."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from corridors.model import CROSSING_ROLES, MODES, STATUSES
from corridors.output.geojson_schema import (
    CollectionDict,
    DocumentDict,
    EntryDict,
    FeatureDict,
    PropertiesDict,
    RouteAt,
)
from corridors.status.timeline import claims_as_of, replay

#: Query parameter names, in the order they appear in a shared link.
PARAMS = ("view", "route_page", "route", "country", "mode", "status", "source", "asof", "since", "selected", "compare",
          "color", "map")  # fmt: skip
_LISTS = {"route": "routes", "country": "countries", "mode": "modes", "status": "statuses", "source": "sources"}
#: The dashboard's views (``view=`` in a link; ``review`` only where the app may write) and colour modes
#: (``color=``); the first is the default.
PAGES = ("map", "routes", "sources", "timeline", "about", "review")
COLORS = ("status", "mode")
MAX_ZOOM = 18


@dataclass(frozen=True)
class View:
    """What the user has narrowed the map down to, and how it is shown. Empty tuples mean "all";
    no ``center``/``zoom`` means the map fitted to every route."""

    routes: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    asof: dt.date | None = None
    since: dt.date | None = None  # the Map view lists what changed since this day
    selected: str | None = None
    page: str = PAGES[0]
    color: str = COLORS[0]
    compare: tuple[str, ...] = ()
    center: tuple[float, float] | None = None  # (lat, lon)
    zoom: int | None = None
    route_page: str | None = None  # a route whose own page is shown instead of the view


@dataclass(frozen=True)
class Options:
    """Every value the data offers for each filter, in display order."""

    routes: dict[str, str] = field(default_factory=dict)  # id -> name
    countries: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)  # doc id -> title

    @classmethod
    def of(cls, collection: CollectionDict, country_names: Mapping[str, str] | None = None) -> Options:
        """The options of ``collection``; countries in the order of their names (their codes without names)."""
        props = [f["properties"] for f in collection["features"]]
        countries = {c for p in props for c in p["countries"]}
        names, shown = country_names or {}, _shown(props)
        return cls(
            routes={p["id"]: p["name"] for p in sorted(props, key=lambda p: p["name"])},
            countries=tuple(sorted(countries, key=lambda c: names.get(c, c))),
            modes=tuple(m for m in MODES if any(m in p["modes"] for p in props)),
            statuses=tuple(STATUSES),
            sources={d["id"]: d["title"] for d in collection["documents"] if d["id"] in shown},
        )


def _shown(props: list[dict]) -> set[str]:
    """The documents the map's data quotes (its strongest quotes and status history): the Source
    filter offers these, not one option per document of the store (Sources search covers the rest)."""
    return {e["doc"] for p in props for e in (*p["quotes"], *p["status_history"]) if e["doc"]}


def from_query(params: Mapping[str, str | list[str]], options: Options) -> tuple[View, list[str]]:
    """The view a shared link asks for, and one notice per value that had to be dropped."""
    notices: list[str] = []
    values: dict = _lists(params, options, notices)
    for param in ("asof", "since"):
        day = _split(params.get(param))
        if day:
            try:
                values[param] = dt.date.fromisoformat(day[0])
            except ValueError:
                notices.append(f"Ignored malformed {param} {day[0]!r} in the link (expected YYYY-MM-DD).")
    for param, unknown in (("selected", "Ignored unknown selected route {!r} in the link."),
                           ("route_page", "No route {!r} to show a page of: here is the map.")):  # fmt: skip
        route = _split(params.get(param))
        if route and route[0] in options.routes:
            values[param] = route[0]
        elif route:
            notices.append(unknown.format(route[0]))
    for param, attr, allowed_values in (("view", "page", PAGES), ("color", "color", COLORS)):
        value = _split(params.get(param))
        if value and value[0] in allowed_values:
            values[attr] = value[0]
        elif value:
            notices.append(f"Ignored unknown {param} {value[0]!r} in the link (one of {', '.join(allowed_values)}).")
    position = _split(params.get("map"))
    if position:
        try:
            values["zoom"], values["center"] = map_position(position[0])
        except ValueError:
            notices.append(f"Ignored malformed map {position[0]!r} in the link (expected zoom/latitude/longitude).")
    return View(**values), notices


def _lists(params: Mapping[str, str | list[str]], options: Options, notices: list[str]) -> dict[str, tuple]:
    """The list filters of a link (and ``compare``), each value once, known values only; a notice
    is appended to ``notices`` for each unknown one."""
    allowed = {
        "route": options.routes,
        "country": options.countries,
        "mode": options.modes,
        "status": options.statuses,
        "source": options.sources,
        "compare": options.routes,
    }
    values = {}
    for param, attr in {**_LISTS, "compare": "compare"}.items():
        kept = []
        for value in _split(params.get(param)):
            if value in allowed[param]:
                kept.append(value)
            else:
                notices.append(f"Ignored unknown {param} {value!r} in the link.")
        values[attr] = tuple(dict.fromkeys(kept))
    return values


def to_query(view: View) -> dict[str, str]:
    """Query parameters that reopen ``view``; empty filters and defaults are left out."""
    query = {}
    if view.page != PAGES[0]:
        query["view"] = view.page
    if view.route_page:
        query["route_page"] = view.route_page
    for param, attr in _LISTS.items():
        if getattr(view, attr):
            query[param] = ",".join(getattr(view, attr))
    if view.asof:
        query["asof"] = view.asof.isoformat()
    if view.since:
        query["since"] = view.since.isoformat()
    if view.selected:
        query["selected"] = view.selected
    if view.compare:
        query["compare"] = ",".join(view.compare)
    if view.color != COLORS[0]:
        query["color"] = view.color
    if view.center is not None and view.zoom is not None:
        query["map"] = f"{view.zoom}/{view.center[0]:.4f}/{view.center[1]:.4f}"
    return query


def map_position(text: str) -> tuple[int, tuple[float, float]]:
    """``"5/36.1/63.2"`` (zoom/latitude/longitude, as OpenStreetMap writes it) -> ``(5, (36.1, 63.2))``;
    ValueError when it is not one."""
    parts = text.split("/")
    if len(parts) != 3:
        raise ValueError(text)
    zoom, lat, lon = int(parts[0]), float(parts[1]), float(parts[2])
    if not (0 <= zoom <= MAX_ZOOM and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(text)
    return zoom, (lat, lon)


def seen_on(feature: FeatureDict, asof: dt.date | None) -> tuple[dict, dict | None]:
    """``(feature as it could be read on asof, status entry in force then)``; the entry is None if the
    route was not yet mentioned. Everything in the feature is as of that day: quotes, sources, status
    history and claims, and the status fields (``status``, ``status_quote``, ``status_doc``…)."""
    if asof is None:
        return feature, feature["properties"]["status_history"][-1]
    seen = as_of(feature, asof)
    props, day = seen["properties"], asof.isoformat()
    if props["first_mentioned"][: len(day)] > day or not props["status_history"]:
        return seen, None
    return seen, props["status_history"][-1]


def as_of(feature: FeatureDict, asof: dt.date | None) -> dict:
    """``feature`` as documents published on or before ``asof`` drew it (all if None): their quotes,
    the status history and claims replayed from them (an event date given by a later document is
    not known yet), and the status fields of the entry then in force."""
    if asof is None:
        return feature
    props, day = feature["properties"], asof.isoformat()
    quotes = _dated_by(props["quotes"], asof)
    earlier: dict = {
        "quotes": quotes,
        "notes": _dated_by(props["notes"], asof),  # a note citing a later article is not known yet
        "sources": sorted({q["doc"] for q in quotes}),
        # what the full data counts (every quote, the latest mention) is not known that day: the
        # counts are those of the quotes shown
        "quote_count": len(quotes),
        "document_count": len({q["doc"] for q in quotes}),
        "last_mentioned": max((q["date"] for q in quotes), default=""),
        "mentions_by_month": [m for m in props.get("mentions_by_month", []) if m[0] <= day[: len(m[0])]],
    }
    if "status_claims" in props:  # the claims known then, with the reasons they had then
        earlier["status_claims"] = claims_as_of(props["status_claims"], day)
        earlier["status_history"] = replay(props["status_claims"], day)
    else:
        earlier["status_history"] = [e for e in props["status_history"] if (e.get("reported_date") or e["date"]) <= day]
    if earlier["status_history"]:
        earlier.update(status_fields(earlier["status_history"][-1]))
    return {**feature, "properties": {**props, **earlier}}


def status_fields(entry: EntryDict) -> dict:
    """A feature's ``status*`` properties, from the status entry in force."""
    return {
        "status": entry["status"],
        "status_date": entry["date"],
        "status_date_approximate": entry.get("date_approximate", False),
        "status_quote": entry["quote"],
        "status_doc": entry["doc"],
    }


def apply(collection: CollectionDict, view: View) -> list[RouteAt]:
    """``(feature as of the view's date, status entry in force)`` for every route the view
    keeps, in name order."""
    kept = []
    for feature in collection["features"]:
        seen, entry = seen_on(feature, view.asof)
        if entry is not None and _matches(seen["properties"], entry, view):
            kept.append((seen, entry))
    return sorted(kept, key=lambda fe: fe[0]["properties"]["name"])


def _dated_by(items: list[dict], asof: dt.date | None) -> list[dict]:
    """The items whose ``date`` is on or before ``asof`` (all if None); partial dates ("2024-07")
    count from their first day, and undated items ("") are kept."""
    if asof is None:
        return items
    day = asof.isoformat()
    return [item for item in items if item["date"] <= day]


def narrowed(collection: CollectionDict, view: View) -> dict:
    """The download of ``view``: a FeatureCollection of the routes it keeps as they read on its date
    (status, quote and document of the entry then in force), and the metadata of the documents
    they cite (no article text: the quotes carry the words)."""
    kept = apply(collection, view)
    features = [seen for seen, _ in kept]
    cited = {doc for seen in features for doc in _cited(seen["properties"])}
    docs = [{k: v for k, v in d.items() if k != "body"} for d in collection["documents"] if d["id"] in cited]
    return {**collection, "features": features, "documents": docs}


def _cited(props: PropertiesDict) -> set[str]:
    entries = [*props["quotes"], *props["status_history"], *props.get("status_claims", [])]
    return {e["doc"] for e in entries if e["doc"]}


def _matches(props: PropertiesDict, entry: EntryDict, view: View) -> bool:
    return all(
        not getattr(view, attr) or bool(set(getattr(view, attr)) & _values(props, entry, attr))
        for attr in _LISTS.values()
    )


def _values(props: PropertiesDict, entry: EntryDict, attr: str) -> set[str]:
    """What a route offers to the list filter ``attr`` (a ``View`` field): its id, countries, modes,
    status in force or documents."""
    if attr == "routes":
        return {props["id"]}
    if attr == "statuses":
        return {entry["status"]}
    return set(props.get(attr, ()))  # a GeoJSON without its store lists no sources


def counts(collection: CollectionDict, view: View) -> dict[str, Counter]:
    """Per list filter (a ``View`` field), how many routes each of its values has among the routes
    the other filters leave: what choosing that value alone would show."""
    seen = [(s, e) for s, e in (seen_on(f, view.asof) for f in collection["features"]) if e is not None]
    return {
        attr: Counter(
            value
            for s, e in seen
            if _matches(s["properties"], e, replace(view, **{attr: ()}))
            for value in _values(s["properties"], e, attr)
        )
        for attr in _LISTS.values()
    }


def filtered(view: View) -> bool:
    """Whether any filter is set (a list filter or the As-of date)."""
    return view.asof is not None or any(getattr(view, attr) for attr in _LISTS.values())


def _split(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [part.strip() for item in items for part in str(item).split(",") if part.strip()]


#: The Routes table's columns shown in the app (the CSV download has every column).
TABLE_COLUMNS = ("Route", "Status", "Basis", "Status rests on", "Countries", "Modes", "Reported length (km)",
                 "Drawn length (km, schematic)")  # fmt: skip


def table(kept: list[RouteAt], countries: Mapping[str, str], documents: Mapping[str, DocumentDict]):
    """The Routes table and CSV: one row per kept route, with the status in force, its quote, and the
    document behind it (title, outlet, link; "" for an inferred status). A pandas DataFrame."""
    import pandas as pd

    from corridors.web.present import STATUS_LABELS, basis, status_phrase

    rows = []
    for feature, entry in kept:
        p = feature["properties"]
        doc = documents.get(entry["doc"], {})
        rows.append(
            {
                "Route": p["name"],
                "Status": STATUS_LABELS[entry["status"]],
                "Basis": basis(entry),
                "Status rests on": status_phrase(entry, documents),
                "Unreviewed readings": len(p.get("pending", [])),
                "Status quote": entry["quote"],
                "Event date": entry.get("event_date", ""),
                "Reported date": entry.get("reported_date") or entry["date"],
                "Date approximate": bool(entry.get("date_approximate")),
                "Source title": doc.get("title", ""),
                "Outlet": doc.get("outlet", ""),
                "Source language": doc.get("lang", ""),
                "Link": doc.get("url", ""),
                "Modes": ", ".join(p["modes"]),
                "Countries": " → ".join(countries.get(c, c) for c in p["countries"]),
                "Reported length (km)": round(p["reported_length_km"]) if p.get("reported_length_km") else None,
                "Reported length source": _length_source(p.get("reported_length_source")),
                "Drawn length (km, schematic)": round(p["length_km"]),
                "Drawn with the wider corridor (km, schematic)": round(p.get("drawn_length_km", p["length_km"])),
                "Border crossings": ", ".join(w["name"] for w in p["waypoints"] if w["role"] in CROSSING_ROLES),
                "Latest mention": p.get("last_mentioned", max((q["date"] for q in p["quotes"]), default="")),
                "Quotes": p.get("quote_count", len(p["quotes"])),
                "id": p["id"],
            }
        )
    return pd.DataFrame(rows, columns=None if rows else [*TABLE_COLUMNS, "id"])


def _length_source(source: dict | None) -> str:
    return f"{source['title']}, {source['outlet']}, {source['date']} {source['url']}".strip() if source else ""


def data_date(collection: CollectionDict) -> str:
    """The date of the latest document: how recent the data is."""
    return max((d["date"] for d in collection["documents"] if d["date"]), default="")


def as_of_months(collection: CollectionDict) -> list[dt.date]:
    """The As-of slider's frames: the last day of each month from the first dated document's month to the
    latest's (a frame for month M shows what As-of that day shows); none when no document is dated."""
    months = sorted(d["date"][:7] for d in collection["documents"] if d["date"])
    if not months:
        return []
    (year, month), (last_year, last_month) = (_year_month(months[0]), _year_month(months[-1]))
    frames = []
    while (year, month) <= (last_year, last_month):
        frames.append(frame_of(dt.date(year, month, 1)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return frames


def _year_month(date: str) -> tuple[int, int]:
    """'2024-07' -> (2024, 7); a year alone ('2023') counts as its January."""
    parts = date.split("-")
    return int(parts[0]), int(parts[1]) if len(parts) > 1 else 1


def frame_of(day: dt.date) -> dt.date:
    """The frame that holds ``day``: the last day of its month."""
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def slider_frame(frames: list[dt.date], asof: dt.date | None) -> dt.date:
    """Where the slider stands for the As-of date ``asof`` (None: the latest frame), kept within ``frames``."""
    if asof is None:
        return frames[-1]
    return min(max(frame_of(asof), frames[0]), frames[-1])


def next_frame(frames: list[dt.date], asof: dt.date | None) -> dt.date | None:
    """The frame that playing shows after the As-of date ``asof``; None once the last frame is shown."""
    return next((frame for frame in frames if asof is not None and frame > asof), None)


def status_bands(kept: list[RouteAt], end: str, documents: Mapping[str, DocumentDict]):
    """The Timeline's bands: per route, one row per change of status in its history, from that entry's
    date to the next change (the last to ``end``, ISO): ``route, status, start, end, since, rests on, quote``."""
    import pandas as pd

    from corridors.web.present import STATUS_LABELS, status_phrase, when

    rows = []
    for feature, _ in kept:
        p = feature["properties"]
        history = [e for e in p["status_history"] if e["date"]]
        changes = [e for i, e in enumerate(history) if i == 0 or e["status"] != history[i - 1]["status"]]
        for entry, after in zip(changes, [*changes[1:], None], strict=True):
            rows.append(
                {
                    "route": p["name"],
                    "status": STATUS_LABELS[entry["status"]],
                    "start": day(entry["date"]),
                    "end": day(after["date"] if after else max(end, entry["date"])),
                    "since": when(entry["date"], entry.get("date_approximate", False)),
                    "rests on": status_phrase(entry, documents),
                    "quote": _short(entry["quote"]),
                }
            )
    return pd.DataFrame(rows, columns=["route", "status", "start", "end", "since", "rests on", "quote"])


def document_ticks(kept: list[RouteAt]):
    """The Timeline's ticks: per route, one row per dated document that mentions it, at the document's
    date, with its first quote: ``route, date, document, quote``."""
    import pandas as pd

    from corridors.web.present import when

    rows = {}
    for feature, _ in kept:
        p = feature["properties"]
        for q in p["quotes"]:
            if q["date"] and (p["name"], q["doc"]) not in rows:
                rows[(p["name"], q["doc"])] = {
                    "route": p["name"],
                    "date": day(q["date"]),
                    "document": f"{q['outlet'] or q['title']}, {when(q['date'], q['date_approximate'])}",
                    "quote": _short(q["text"]),
                }
    return pd.DataFrame(list(rows.values()), columns=["route", "date", "document", "quote"])


def _short(text: str, limit: int = 220) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit] + " …"


def day(date: str):
    """'2024-07' -> Timestamp('2024-07-01'); '2023' -> Timestamp('2023-01-01')."""
    import pandas as pd

    return pd.Timestamp(date + "-01" * (3 - len(date.split("-"))))
