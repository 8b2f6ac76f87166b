"""The dashboard's view state: filters, "as of" dates and the selected route, to and from
URL query parameters, applied to the built GeoJSON. Pure functions, no Streamlit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from .model import CROSSING_ROLES, MODES, STATUSES
from .timeline import claims_as_of, replay

#: Query parameter names, in the order they appear in a shared link.
PARAMS = ("route", "country", "mode", "status", "source", "asof", "selected")
_LISTS = {"route": "routes", "country": "countries", "mode": "modes", "status": "statuses", "source": "sources"}


@dataclass(frozen=True)
class View:
    """What the user has narrowed the map down to. Empty tuples mean "all"."""

    routes: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    asof: dt.date | None = None
    selected: str | None = None


@dataclass(frozen=True)
class Options:
    """Every value the data offers for each filter, in display order."""

    routes: dict[str, str] = field(default_factory=dict)  # id -> name
    countries: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)  # doc id -> title

    @classmethod
    def of(cls, collection: dict) -> Options:
        props = [f["properties"] for f in collection["features"]]
        countries = dict.fromkeys(c for p in props for c in p["countries"])
        return cls(
            routes={p["id"]: p["name"] for p in sorted(props, key=lambda p: p["name"])},
            countries=tuple(sorted(countries)),
            modes=tuple(m for m in MODES if any(m in p["modes"] for p in props)),
            statuses=tuple(STATUSES),
            sources={d["id"]: d["title"] for d in collection["documents"]},
        )


def from_query(params: Mapping[str, str | list[str]], options: Options) -> tuple[View, list[str]]:
    """The view a shared link asks for, and one notice per value that had to be dropped."""
    notices, values = [], {}
    allowed = {
        "route": options.routes,
        "country": options.countries,
        "mode": options.modes,
        "status": options.statuses,
        "source": options.sources,
    }
    for param, attr in _LISTS.items():
        kept = []
        for value in _split(params.get(param)):
            if value in allowed[param]:
                kept.append(value)
            else:
                notices.append(f"Ignored unknown {param} {value!r} in the link.")
        values[attr] = tuple(dict.fromkeys(kept))
    asof = _split(params.get("asof"))
    if asof:
        try:
            values["asof"] = dt.date.fromisoformat(asof[0])
        except ValueError:
            notices.append(f"Ignored malformed asof {asof[0]!r} in the link (expected YYYY-MM-DD).")
    selected = _split(params.get("selected"))
    if selected:
        if selected[0] in options.routes:
            values["selected"] = selected[0]
        else:
            notices.append(f"Ignored unknown selected route {selected[0]!r} in the link.")
    return View(**values), notices


def to_query(view: View) -> dict[str, str]:
    """Query parameters that reopen ``view``; empty filters are left out."""
    query = {}
    for param, attr in _LISTS.items():
        if getattr(view, attr):
            query[param] = ",".join(getattr(view, attr))
    if view.asof:
        query["asof"] = view.asof.isoformat()
    if view.selected:
        query["selected"] = view.selected
    return query


def status_as_of(props: dict, asof: dt.date | None) -> dict | None:
    """The status-history entry in force on ``asof`` (the latest if None); None if the route
    was not yet mentioned then. Partial dates ("2024-07", "2023") count from their first day."""
    if asof is None:
        return props["status_history"][-1]
    day = asof.isoformat()
    if props["first_mentioned"][: len(day)] > day:
        return None
    entries = _history_by(props, asof)
    return entries[-1] if entries else None


def as_of(feature: dict, asof: dt.date | None) -> dict:
    """``feature`` with only the quotes and status entries dated on or before ``asof`` (all if
    None): what could be read on that day."""
    if asof is None:
        return feature
    props = feature["properties"]
    earlier = {
        "quotes": _dated_by(props["quotes"], asof),
        "status_history": _history_by(props, asof),
        "mentions_by_month": [m for m in props.get("mentions_by_month", []) if m[0] <= asof.isoformat()[: len(m[0])]],
    }
    if "status_claims" in props:  # the claims known then, with the reasons they had then
        earlier["status_claims"] = claims_as_of(props["status_claims"], asof.isoformat())
    return {**feature, "properties": {**props, **earlier}}


def apply(collection: dict, view: View) -> list[tuple[dict, dict]]:
    """``(feature as of the view's date, status entry in force)`` for every route the view
    keeps, in name order."""
    kept = []
    for feature in collection["features"]:
        props = feature["properties"]
        entry = status_as_of(props, view.asof)
        if entry is None or not _matches(props, entry, view):
            continue
        kept.append((as_of(feature, view.asof), entry))
    return sorted(kept, key=lambda fe: fe[0]["properties"]["name"])


def _dated_by(items: list[dict], asof: dt.date | None) -> list[dict]:
    """The items whose ``date`` is on or before ``asof`` (all if None); partial dates ("2024-07")
    count from their first day, and undated items ("") are kept."""
    if asof is None:
        return items
    day = asof.isoformat()
    return [item for item in items if item["date"] <= day]


def _history_by(props: dict, asof: dt.date) -> list[dict]:
    """The status history as documents published on or before ``asof`` drew it (an event date
    given by a later document is not known yet): replayed from ``status_claims`` when the GeoJSON
    has them, else the entries reported by then."""
    day = asof.isoformat()
    if "status_claims" in props:
        return replay(props["status_claims"], day)
    return [e for e in props["status_history"] if (e.get("reported_date") or e["date"]) <= day]


def narrowed(collection: dict, view: View) -> dict:
    """The FeatureCollection of what ``view`` keeps, each route with its status as of then."""
    features = []
    for feature, entry in apply(collection, view):
        props = {
            **feature["properties"],
            "status": entry["status"],
            "status_date": entry["date"],
            "status_date_approximate": entry["date_approximate"],
            "status_quote": entry["quote"],
            "status_doc": entry["doc"],
        }
        features.append({**feature, "properties": props})
    return {**collection, "features": features}


def _matches(props: dict, entry: dict, view: View) -> bool:
    return (
        (not view.routes or props["id"] in view.routes)
        and (not view.countries or bool(set(view.countries) & set(props["countries"])))
        and (not view.modes or bool(set(view.modes) & set(props["modes"])))
        and (not view.statuses or entry["status"] in view.statuses)
        and (not view.sources or bool(set(view.sources) & set(props["sources"])))
    )


def _split(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [part.strip() for item in items for part in str(item).split(",") if part.strip()]


def table(kept: list[tuple[dict, dict]], countries: dict[str, str], documents: dict[str, dict] | None = None):
    """The Routes table: one row per kept route (a pandas DataFrame, sortable in the app)."""
    import pandas as pd

    from .present import status_phrase

    rows = []
    for feature, entry in kept:
        p = feature["properties"]
        rows.append(
            {
                "Route": p["name"],
                "Status": entry["status"],
                "Event date": entry.get("event_date", ""),  # '' when only the document dates it
                "Reported": "" if entry.get("source") == "inferred" else entry.get("reported_date") or entry["date"],
                "Status rests on": status_phrase(entry, documents or {}),
                "Modes": ", ".join(p["modes"]),
                "Countries": " → ".join(countries.get(c, c) for c in p["countries"]),
                "Length (km, schematic)": round(p["length_km"]),
                "Drawn length (km, schematic)": round(p.get("drawn_length_km", p["length_km"])),
                "Border crossings": ", ".join(w["name"] for w in p["waypoints"] if w["role"] in CROSSING_ROLES),
                "Latest mention": p.get("last_mentioned", max((q["date"] for q in p["quotes"]), default="")),
                "Quotes": p.get("quote_count", len(p["quotes"])),
                "id": p["id"],
            }
        )
    return pd.DataFrame(rows, columns=None if rows else ["Route", "Status", "Modes", "Countries", "id"])


def timeline(kept: list[tuple[dict, dict]]):
    """Mentions per route, month and status cue, for the Timeline chart (undated ones cannot be placed)."""
    import pandas as pd

    rows = [
        {"route": f["properties"]["name"], "date_label": month, "date": pd.Timestamp(_first_day(month)),
         "mentions": n, "status": status}
        for f, _ in kept for month, status, n in f["properties"].get("mentions_by_month", [])
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["route", "date_label", "date", "mentions", "status"])


def _first_day(label: str) -> str:
    """'2024-07' -> '2024-07-01'; '2023' -> '2023-01-01'."""
    return label + "-01" * (3 - len(label.split("-")))
