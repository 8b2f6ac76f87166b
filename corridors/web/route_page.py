"""A route's own page (``?route_page=ID``): its key facts, the dates its plans give, its status
timeline and the documents that quote it, as HTML from the template ``route_page.html``. Pure
functions of the GeoJSON's route as of a day and the rows the store gives; the dashboard's
``views/route.py`` arranges them with the pages of quotes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from markupsafe import Markup

from corridors.model import CROSSING_ROLES
from corridors.output.geojson_schema import DocumentDict, EntryDict, FeatureDict
from corridors.web.present import lengths, render


def page_html(
    feature: FeatureDict,
    entry: EntryDict,
    documents: Mapping[str, DocumentDict],
    countries: Mapping[str, str],
    targets: Sequence[dict] = (),
) -> Markup:
    """The top of a route's page: its name, the status in force, its key facts and the dates its plans
    give (``targets``: rows of ``store.route_targets``, each with its quote), then its status timeline."""
    p = feature["properties"]
    return render(
        "route_page.html",
        p=p,
        entry=entry,
        documents=documents,
        countries=[countries.get(c, c) for c in p["countries"]],
        crossings=[
            (w["name"], countries.get(w["country"], w["country"]))
            for w in p["waypoints"]
            if w["role"] in CROSSING_ROLES
        ],
        length=lengths(p),
        targets=targets,
        timeline=p["status_history"],
    )


def route_documents(
    feature: FeatureDict, documents: Mapping[str, DocumentDict], asof: dt.date | None
) -> list[DocumentDict]:
    """The documents that quote a route (all the store knows, else those the GeoJSON quotes), published
    by ``asof`` (undated ones kept), newest first."""
    p = feature["properties"]
    ids = p.get("sources") or {e["doc"] for e in (*p["quotes"], *p["status_history"]) if e["doc"]}
    day = asof.isoformat() if asof else None
    found = [documents[d] for d in ids if d in documents and (day is None or documents[d]["date"] <= day)]
    return sorted(found, key=lambda d: (d["date"], d["id"]), reverse=True)


def documents_html(docs: Sequence[DocumentDict]) -> Markup:
    """The list of a route's documents: title (linked), outlet, date."""
    return render("route_documents.html", docs=docs)
