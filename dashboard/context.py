"""What every page of the dashboard is given (``Context``), and the view as the session holds it:
read from the widgets, put in the address bar, written as a link. The pages read nothing else of
``app.py``."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from corridors import settings
from corridors.errors import StoreError
from corridors.web import cite, filters
from corridors.web.present import render
from corridors.web.webmap import MapLabels, focus

#: The views by their name in the address bar (``?view=``), with their label in the switcher.
PAGES = {"map": "Map", "routes": "Routes", "sources": "Sources", "timeline": "Timeline", "about": "About"}


def review_enabled() -> bool:
    """Whether this app may write (``settings.REVIEW_ENABLED`` or ``CORRIDORS_REVIEW=1``), read at each call."""
    return settings.REVIEW_ENABLED or os.environ.get("CORRIDORS_REVIEW") == "1"


def pages() -> dict[str, str]:
    """The views this app offers: ``PAGES``, and Review where it may write."""
    return {**PAGES, "review": "Review"} if review_enabled() else PAGES


@dataclass(frozen=True)
class Context:
    """One run's data and view, as ``app.py`` loaded and filtered them."""

    view: filters.View
    kept: list[tuple[dict, dict]]  # the routes the filters let through, each with its status as of the view
    features: dict[str, dict]  # every route, by id
    documents: dict[str, dict]  # every document's metadata, by id
    latest: str  # the date of the latest document
    countries: dict[str, str]  # ISO code -> name
    options: filters.Options
    bounds: list[list[float]]  # the map's initial view: every route
    labels: MapLabels  # where the map writes names
    store: sqlite3.Connection | None  # the corpus store, read-only
    store_error: StoreError | None  # why there is no store
    geojson: Path  # the files shown: the GeoJSON and its corpus store
    db: Path
    # The session's first run, on the map: the map is drawn alone, and what else the page shows comes with
    # the next run, which the map's first report of where it stands starts, about 0.3 s after it is drawn.
    map_alone: bool = False


def current_view() -> filters.View:
    """The view as the session holds it now (the widgets already hold what the user just changed)."""
    ss = st.session_state
    zoom, center = ss.position or (None, None)
    return filters.View(
        routes=tuple(ss.f_route),
        countries=tuple(ss.f_country),
        modes=tuple(ss.f_mode),
        statuses=tuple(ss.f_status),
        sources=tuple(ss.f_source),
        asof=ss.f_asof,
        since=ss.since,
        selected=ss.selection or None,
        page=next((k for k, v in pages().items() if v == ss.page), "map"),
        color=ss.color_by,
        compare=tuple(ss.compare),
        center=center,
        zoom=zoom,
        route_page=ss.route_page,
    )


def mirror(name: str, value, apply: Callable[[Any], None]) -> dict[str, Any]:
    """The ``key`` and ``on_change`` of the widget ``name`` that shows ``value``, a state it shares with others (the
    map, the search, a link) and that outlives it when another view is shown; the widget is given ``value`` as its
    default, and ``on_change`` applies what the user chose in it. The key is new whenever another than this widget
    changed ``value``, so the widget starts again from it; a widget no longer shown changes nothing (Streamlit keeps
    its callback, and calls it when a browser that has not drawn its successor yet reports the old value).

    (Setting the widget's own key to ``value`` raced: a rerun the browser asks for before it has drawn the new
    value, as the map's report of its zoom after a search, carries the old one, which Streamlit took for the
    user's change: measured, 4 searches in 28 opened the route's card and closed it again.)"""
    ss = st.session_state
    if f"{name}_shows" not in ss or ss[f"{name}_shows"] != value:
        ss[f"{name}_number"] = ss.get(f"{name}_number", 0) + 1
        ss[f"{name}_shows"] = value
    key = _mirror_key(name)

    def on_change() -> None:
        if key == _mirror_key(name):
            ss[f"{name}_shows"] = ss[key]
            apply(ss[key])

    return {"key": key, "on_change": on_change}


def _mirror_key(name: str) -> str:
    return f"{name}_{st.session_state[f'{name}_number']}"


def clear_filters() -> None:
    """Every filter back to "all" and the As-of slider stopped (a callback: the widgets take it at the next
    run, and so does the link)."""
    ss = st.session_state
    ss.f_route, ss.f_country, ss.f_mode, ss.f_status, ss.f_source, ss.f_asof = [], [], [], [], [], None
    ss.playing = False  # the As-of slider stops where Clear put it: at the latest month
    ss.focus = None  # and the place searched is no longer marked


def focus_on(features: dict[str, dict], routes: list[str], place: str | None = None) -> None:
    """Have the map zoom to ``routes`` (by id) at its next drawing, and mark ``place`` on them if given:
    a selection from outside the map (search, list, table row). None of them: nothing to zoom to."""
    ss = st.session_state
    ss.focus_number = ss.get("focus_number", 0) + 1
    found = [features[r] for r in routes if r in features]
    ss.focus = focus(ss.focus_number, found, place) if found else None


def share() -> dict[str, str]:
    """Put the view in the address bar (at the start of a run, and again when the map moved). Sent at
    every run, even when the server already holds it: a run stopped for a rerun (the map moving after a
    search) may never have sent it, and the browser skips a link it already shows."""
    query = filters.to_query(current_view())
    st.query_params.from_dict(query)
    return query


def permalink(**changes) -> str:
    """A link to the view as it is now, with ``changes`` (``View`` fields)."""
    base = str(st.context.url).split("?")[0]
    query = urlencode(filters.to_query(replace(current_view(), **changes)))
    return f"{base}?{query}" if query else base


def cite_box(citable: cite.Citable, key: str) -> None:
    """``citable`` in the format chosen (APA, BibTeX or CSL-JSON): one plain text block with a copy
    button, and a download; ``key`` tells this box's widgets from another's."""
    fmt = st.segmented_control("Cite as", list(cite.FORMATS), default="APA", key=f"{key}_format") or "APA"
    text = cite.formatted(citable, fmt)
    st.html(render("plain_text.html", text=text))  # not st.code: its highlighter is 1.5 MB of script
    st.iframe(render("copy_text.html", label="Copy", text=text), height=40)
    suffix, mime = cite.FORMATS[fmt]
    st.download_button(f"Download {fmt}", text, f"{citable.key}.{suffix}", mime, key=f"{key}_download",
                       on_click="ignore", icon=":material/download:")  # fmt: skip
