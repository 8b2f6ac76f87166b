"""The dashboard: every corridor between Pakistan and Kazakhstan on one map.

Streamlit only arranges widgets here; data, filters, maps and HTML come from the
`corridors` package. Run with `make run`, or `streamlit run dashboard/app.py`.
"""

from __future__ import annotations

import gc
import json
import os
from pathlib import Path
from urllib.parse import urlencode

import altair as alt
import pandas as pd
import streamlit as st
from sources_view import show_all_quotes, show_sources
from streamlit_folium import st_folium

from corridors import corpus_view, filters, loader, settings
from corridors.errors import InputError
from corridors.present import (
    STATUS_COLORS,
    STATUS_LABELS,
    country_names,
    literal,
    route_card,
)
from corridors.webmap import MapLabels, base_map, bounds, install_static, map_labels, route_layer

st.set_page_config(page_title="Pakistan–Kazakhstan corridors", page_icon="🛤️", layout="wide")
ss = st.session_state


@st.cache_resource(show_spinner=False)
def load(path: str, db: str) -> dict:
    """The built GeoJSON, validated, read once per file and shared, never copied: nothing here mutates it;
    with every document and status claim from the corpus store ``db`` when there is one."""
    data = loader.load(path)
    conn = store(db)
    return corpus_view.with_store(data, conn) if conn else data


@st.cache_resource(show_spinner=False)
def store(db: str):
    """A read-only connection to the corpus store at ``db`` (None without one)."""
    return corpus_view.open_store(db)


@st.cache_resource(show_spinner=False)
def map_bounds(path: str, db: str) -> list[list[float]]:
    """The initial view: every route of the data, filtered or not (so the map never moves by itself)."""
    return bounds(load(path, db))


@st.cache_resource(show_spinner=False)
def map_names(path: str, db: str) -> MapLabels:
    """Where the map writes route and place names, for all the data (names stay put as filters change)."""
    return map_labels(load(path, db)["features"])


@st.cache_resource(show_spinner=False)
def prepare_static() -> dict[str, str]:
    """Leaflet and the outlines put where Streamlit serves them; country names for labels."""
    install_static(Path(__file__).parent / "static")
    return country_names()


@st.cache_resource(show_spinner=False)
def freeze_heap() -> None:
    """Take what is loaded once (modules, data) out of the garbage collector's full sweeps.

    Measured: without this, a full sweep of that heap took 65-90 ms in most reruns, about half
    of the time from a filter change to the new map."""
    gc.collect()
    gc.freeze()


path = os.environ.get("CORRIDORS_GEOJSON", str(settings.GEOJSON_PATH))
db = str(corpus_view.path_for(path))
try:
    data = load(path, db)
except InputError as err:  # anything but a file `corridors build` wrote: one message, in every view
    st.error(literal(f"Cannot show the corridor data. {err}"))
    st.stop()
countries = prepare_static()
freeze_heap()
options = filters.Options.of(data)
documents = {d["id"]: d for d in data["documents"]}
features = {f["properties"]["id"]: f for f in data["features"]}

# A shared link sets the view once, when the session starts; afterwards the widgets own it.
if "f_route" not in ss:
    view, ss.notices = filters.from_query(st.query_params.to_dict(), options)
    ss.f_route, ss.f_country, ss.f_mode = list(view.routes), list(view.countries), list(view.modes)
    ss.f_status, ss.f_source, ss.f_asof = list(view.statuses), list(view.sources), view.asof
    ss.selection = view.selected or ""
if ss.get("clicked"):
    ss.selection = ss.pop("clicked")

# The view is read from the session before the widgets are drawn (it already holds what the
# user just changed), so the link in the address bar is updated at the start of the run.
view = filters.View(
    routes=tuple(ss.f_route),
    countries=tuple(ss.f_country),
    modes=tuple(ss.f_mode),
    statuses=tuple(ss.f_status),
    sources=tuple(ss.f_source),
    asof=ss.f_asof,
    selected=ss.selection or None,
)
query = filters.to_query(view)
if st.query_params.to_dict() != query:
    st.query_params.from_dict(query)

with st.sidebar:
    st.header("Filters")
    st.multiselect("Route", list(options.routes), format_func=options.routes.get, key="f_route")
    st.multiselect("Country", options.countries, format_func=lambda c: countries.get(c, c), key="f_country")
    st.multiselect("Mode", options.modes, key="f_mode")
    st.multiselect("Status", options.statuses, format_func=STATUS_LABELS.get, key="f_status")
    st.multiselect("Source", list(options.sources), format_func=lambda d: options.sources[d][:70], key="f_source")
    st.date_input("As of", key="f_asof", help="Show each route with the status it had on this date.")
    color_by = st.radio("Colour lines by", ["status", "mode"], horizontal=True, key="color_by")

kept = filters.apply(data, view)

st.title("Pakistan–Kazakhstan transport corridors")
st.caption(
    f"{len(kept)} of {len(features)} routes shown"
    + (f", as of {view.asof.isoformat()}" if view.asof else "")
    + ". Every status is backed by the words of a dated document; lines are schematic, not surveyed alignments."
)
for notice in ss.get("notices", []):
    st.warning(notice, icon="⚠️")

# Only the chosen view is drawn: a filter change then redraws the map and its card, nothing else.
shown_view = st.segmented_control("View", ["Map", "Routes", "Sources", "Timeline"], default="Map", key="view") or "Map"

if shown_view == "Map":
    col_map, col_card = st.columns([2, 1], gap="medium")  # the map gets two thirds of the width
    with col_map:
        clicked = st_folium(
            base_map(color_by, fit=map_bounds(path, db)),
            feature_group_to_add=route_layer(kept, color_by, view.selected, map_names(path, db)),
            key="map",
            height=600,
            use_container_width=True,
            returned_objects=["last_active_drawing"],
        )
        # a route picked on the map (click, chooser or keyboard): its id and a number new at each pick
        feature = ((clicked or {}).get("last_active_drawing") or {}).get("properties") or {}
        if feature.get("id") in features and feature.get("pick") != ss.get("last_pick"):
            ss.last_pick, ss.clicked = feature.get("pick"), feature["id"]
            st.rerun()  # a fresh run picks the click up before any widget, and updates the link
    with col_card:
        ss.selected_box = ss.selection  # the selection outlives this widget when another view is shown
        st.selectbox(
            "Selected route",
            ["", *options.routes],
            format_func=lambda r: options.routes.get(r, "Click a route on the map, or choose one"),
            key="selected_box",
            on_change=lambda: ss.update(selection=ss.selected_box),
        )
        if ss.selection:
            selected = filters.as_of(features[ss.selection], view.asof)
            entry = filters.status_as_of(selected["properties"], view.asof)
            if entry is None:
                st.info("Not yet mentioned on the chosen date.")
            else:
                if ss.selection not in {f["properties"]["id"] for f, _ in kept}:
                    st.caption("This route is hidden by the current filters.")
                st.html(route_card(selected, entry, documents, countries))
                show_all_quotes(store(db), selected["properties"])

if shown_view == "Routes":
    st.dataframe(filters.table(kept, countries, documents), hide_index=True, width="stretch")
    shown = {f["properties"]["id"]: (f, entry) for f, entry in kept}
    compare = st.multiselect("Compare routes side by side", list(shown), format_func=options.routes.get)
    if compare:
        for column, rid in zip(st.columns(len(compare)), compare, strict=True):
            with column:
                st.html(route_card(*shown[rid], documents, countries))

if shown_view == "Sources":
    show_sources(store(db), kept, view)

if shown_view == "Timeline":
    timeline = filters.timeline(kept)
    if timeline.empty:
        st.info("No mentions for these filters.")
    else:
        statuses = [*STATUS_COLORS, "none"]
        chart = (
            alt.Chart(timeline)
            .mark_circle(opacity=0.85)
            .encode(
                x=alt.X("date:T", title="Date of the document (approximate dates at the start of their period)"),
                y=alt.Y("route:N", title=None, axis=alt.Axis(labelLimit=280)),
                yOffset=alt.YOffset("status:N", scale=alt.Scale(domain=statuses)),
                size=alt.Size("mentions:Q", scale=alt.Scale(domain=[1, 5], range=[160, 600]), legend=None),
                color=alt.Color(
                    "status:N",
                    title="Status cue",
                    scale=alt.Scale(domain=statuses, range=[*STATUS_COLORS.values(), "#bbbbbb"]),
                ),
                tooltip=["route", "date_label", "mentions", "status"],
            )
            .properties(height=44 * timeline["route"].nunique() + 60)
        )
        st.altair_chart(chart, width="stretch")
        st.dataframe(pd.DataFrame(timeline.drop(columns=["date"])), hide_index=True)

with st.sidebar:
    st.subheader("Share and download")
    base = str(st.context.url).split("?")[0]
    query = urlencode(query)
    st.caption("Copy link (reopens this exact view)")
    st.code(f"{base}?{query}" if query else base, language=None)
    st.download_button(  # the files are made only when asked for
        "Download GeoJSON",
        lambda: json.dumps(filters.narrowed(data, view), ensure_ascii=False),
        "corridors.geojson",
        "application/geo+json",
    )
    st.download_button(
        "Download CSV",
        lambda: filters.table(kept, countries, documents).to_csv(index=False),
        "corridors.csv",
        "text/csv",
    )
