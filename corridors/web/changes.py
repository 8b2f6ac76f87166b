"""What changed since a date (the Map view's panel and ``?since=`` in a link), and when a route's
status was last confirmed. Pure functions over the routes as the dashboard shows them, no Streamlit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from corridors.output.geojson_schema import DocumentDict, FeatureDict, PropertiesDict

#: The kinds of change, in the order a day's changes are listed.
KINDS = ("status", "document", "quote")


@dataclass(frozen=True)
class Change:
    """One thing learnt on ``date`` (ISO, maybe only a month or a year): a route's status changed
    (``before`` -> ``after``; no ``before`` for its first status), a document about ``routes`` was
    published, or a quote of ``routes`` appeared (``text``)."""

    date: str
    kind: str  # one of KINDS
    doc: str  # the document behind it
    routes: tuple[str, ...]  # route names
    after: str = ""  # a status change: the status then in force…
    before: str = ""  # …and the one before ("" for a route's first status)
    text: str = ""  # a quote: its words


def on_or_after(date: str, day: dt.date) -> bool:
    """Whether ``date`` (ISO, maybe partial; "" undated) may fall on or after ``day``: a month or a year
    counts when ``day`` falls in it."""
    return bool(date) and date >= day.isoformat()[: len(date)]


def changes_since(features: list[FeatureDict], documents: Mapping[str, DocumentDict], day: dt.date) -> list[Change]:
    """The status changes, documents (from ``documents``, by id) and quotes of ``features`` (as the
    dashboard shows them) dated on or after ``day``, newest first; within a day, statuses, then
    documents, then quotes, each by route."""
    found: list[Change] = []
    about: dict[str, set[str]] = {}  # document id -> the names of the routes it is about
    for feature in features:
        p = feature["properties"]
        before = ""
        for entry in p["status_history"]:
            known = entry.get("reported_date") or entry["date"]
            if entry["status"] != before and on_or_after(known, day):
                found.append(Change(known, "status", entry["doc"], (p["name"],), entry["status"], before))
            before = entry["status"]
        found += [
            Change(q["date"], "quote", q["doc"], (p["name"],), text=q["text"])
            for q in p["quotes"]
            if on_or_after(q["date"], day)
        ]
        for doc in {*p.get("sources", ()), *(q["doc"] for q in p["quotes"])}:
            about.setdefault(doc, set()).add(p["name"])
    found += [
        Change(documents[doc]["date"], "document", doc, tuple(sorted(names)))
        for doc, names in about.items()
        if doc in documents and on_or_after(documents[doc]["date"], day)
    ]
    found.sort(key=lambda c: (KINDS.index(c.kind), c.routes, c.text))
    return sorted(found, key=lambda c: c.date, reverse=True)


def last_confirmed(props: PropertiesDict, status: str) -> dict | None:
    """The newest status claim (or history entry) of a route that states ``status``: the latest
    document to confirm the status in force; None if no document states it (an inferred status)."""
    stated = [c for c in props.get("status_claims", props["status_history"]) if c["status"] == status and c["doc"]]
    return max(stated, key=lambda c: c.get("reported_date") or c["date"], default=None)
