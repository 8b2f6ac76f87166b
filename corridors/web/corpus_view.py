"""What the dashboard reads from the corpus store, read-only: the documents and status claims the
slim GeoJSON leaves out, pages of the Sources list, a document with its mentions highlighted, and
every quote of a route. Reads SQLite through the functions of ``corridors.output.store`` only (no SQL
here); HTML comes from ``present.render``."""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import sqlite3
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

from markupsafe import Markup
from rapidfuzz import fuzz, process

from corridors import settings
from corridors.model import around
from corridors.output import store
from corridors.output.geojson_schema import CollectionDict, CopyDict
from corridors.web.filters import View
from corridors.web.present import highlighted, language_note, quote_html, render, when


def path_for(geojson: str | Path) -> Path:
    """The store the dashboard reads: ``CORRIDORS_DB`` when set, else the one beside the GeoJSON."""
    return Path(os.environ.get("CORRIDORS_DB") or Path(geojson).with_suffix(settings.DB_SUFFIX))


def with_store(collection: CollectionDict, conn: sqlite3.Connection) -> CollectionDict:
    """``collection`` with every document's metadata, each route's status claims (for "As of") and
    the documents that quote it (for the Source filter), which the GeoJSON leaves to the store."""
    claims: dict[str, list[dict]] = {}
    for row in store.status_claims(conn):
        claims.setdefault(row["route_id"], []).append(
            {"date": row["date"], "event_date": row["event_date"], "reported_date": row["reported_date"],
             "date_approximate": row["date_approximate"], "status": row["status"], "quote": row["quote"],
             "doc": row["document_id"], "cue": row["cue"], "strength": row["strength"], "source": row["source"],
             "agreeing": [], "disputed": [], "reason": row["reason"]}
        )  # fmt: skip
    copies = {d["id"]: d["also_published_by"] for d in collection["documents"] if d.get("also_published_by")}
    documents = [{**d, **({"also_published_by": copies[d["id"]]} if d["id"] in copies else {})}
                 for d in store.documents_metadata(conn)]  # fmt: skip
    sources = store.documents_by_route(conn)
    features = [
        {**f, "properties": {**f["properties"], "status_claims": claims.get(f["properties"]["id"], []),
                             "sources": sources.get(f["properties"]["id"], [])}}
        for f in collection["features"]
    ]  # fmt: skip
    return {**collection, "features": features, "documents": documents}


def sources_page(conn: sqlite3.Connection, text: str, page: int, view: View, kept: list[str]) -> store.Page:
    """A page of the Sources list: documents matching ``text``, newest first, of the chosen sources,
    published by the view's date, and quoted for a kept route when the view narrows the routes."""
    narrowed = view.routes or view.countries or view.modes or view.statuses
    return store.search(
        conn,
        text,
        page,
        settings.SOURCES_PER_PAGE,
        routes=kept if narrowed else (),
        documents=view.sources,
        until=view.asof.isoformat() if view.asof else "",
    )


def respelled_words(text: str, vocabulary: Mapping[str, int]) -> str | None:
    """``text`` with every word the documents do not hold replaced by the nearest one they do (rapidfuzz
    ratio of at least ``settings.FUZZY_THRESHOLD``, the commonest of the nearest), capitalised as typed:
    "Gwadr port" -> "Gwadar port". None when every word is known (the last one may be the start of a
    word, as the search reads it) or an unknown word has no near one. Words of under four letters and
    numbers stay."""
    typed = re.findall(r"\w+", text)
    fixed = []
    for i, word in enumerate(typed):
        folded = _folded(word)
        last = i == len(typed) - 1
        known = folded in vocabulary or (last and any(term.startswith(folded) for term in vocabulary))
        if known or len(folded) < 4 or folded.isdigit():
            fixed.append(word)
            continue
        near = process.extract(folded, vocabulary.keys(), scorer=fuzz.ratio, score_cutoff=settings.FUZZY_THRESHOLD)
        if not near:
            return None
        best = max(near, key=lambda m: (m[1], vocabulary[m[0]]))[0]
        fixed.append(best.capitalize() if word[0].isupper() else best)
    return " ".join(fixed) if fixed != typed else None


def _folded(word: str) -> str:
    """A word as the full-text index spells it: lower case, without diacritics."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


def sources_search(
    conn: sqlite3.Connection, text: str, page: int, view: View, kept: list[str]
) -> tuple[store.Page, str | None]:
    """`sources_page`, and when the words of ``text`` find nothing, the page of the words the documents
    hold nearest to them (`respelled_words`), as search engines do; with the words searched instead, or None."""
    found = sources_page(conn, text, page, view, kept)
    respelled = respelled_words(text, store.vocabulary(conn)) if not found.total and text.strip() else None
    if respelled:
        instead = sources_page(conn, respelled, page, view, kept)
        if instead.total:
            return instead, respelled
    return found, None


def hit_label(hit: store.Hit) -> str:
    """Plain text naming a document in the list."""
    title = hit.title.replace(store.HIT_START, "").replace(store.HIT_END, "")
    dated = when(hit.date, hit.date_approximate)
    return f"{title} — {hit.outlet or 'unknown outlet'}, {dated}{language_note(hit.lang)}"


def snippet_html(hit: store.Hit) -> Markup:
    """The text around the search hits, escaped, hits in ``<mark>``."""
    return _marks(hit.snippet)


def document_html(
    conn: sqlite3.Connection, doc_id: str, routes: dict[str, str], copies: Sequence[CopyDict] = ()
) -> tuple[Markup, int]:
    """HTML of a document with every quote of ``routes`` (id -> name) highlighted, and how many; ``copies``:
    the same story published elsewhere (syndicated), counted once, listed under it."""
    doc = store.document(conn, doc_id)
    if doc is None:
        return Markup(), 0
    spans = [
        (q["start_offset"], q["end_offset"], routes[q["route_id"]])
        for q in store.quotes(conn, doc_ids=[doc_id])
        if q["route_id"] in routes
    ]
    body = highlighted(doc["body"], spans)
    return render("document.html", author=doc["author"], url=doc["url"], body=body, copies=copies), len(spans)


def route_quotes(
    conn: sqlite3.Connection, route_id: str, page: int = 1, asof: dt.date | None = None
) -> tuple[Markup, int, int]:
    """HTML of one page of every quote of a route (newest first), the number of pages and of quotes;
    with ``asof``, only quotes of documents published by then."""
    until = asof.isoformat() if asof else ""
    rows, total = store.route_quotes(conn, route_id, page, settings.SOURCES_PER_PAGE, until)
    pages = max(1, math.ceil(total / settings.SOURCES_PER_PAGE))
    quotes = []
    for r in rows:
        before, after = around(r["body"], r["start_offset"], r["end_offset"])
        quotes.append(
            {"title": r["title"], "outlet": r["outlet"], "url": r["url"], "date": r["document_date"],
             "date_approximate": r["date_approximate"], "status": r["status"], "text": r["text"],
             "before": before, "after": after, "lang": r["lang"]}
        )  # fmt: skip
    return Markup("").join(quote_html(q) for q in quotes), pages, total


def _marks(text: str) -> Markup:
    first, *rest = text.split(store.HIT_START)
    parts = [(first, False)]
    for chunk in rest:
        hit, _, after = chunk.partition(store.HIT_END)
        parts += [(hit, True), (after, False)]
    return render("marks.html", parts=parts)
