"""The dashboard: every corridor between Pakistan and Kazakhstan on one map.

Streamlit only arranges widgets here; data, filters, search, maps and HTML come from the
`corridors` package. Run with `make run`, or `streamlit run dashboard/app.py`.
"""

from __future__ import annotations

import gc
import json
import os
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlencode

import altair as alt
import streamlit as st
from sources_view import show_all_quotes, show_sources
from streamlit_folium import st_folium

from corridors import settings
from corridors.errors import InputError
from corridors.web import corpus_view, filters, loader, search
from corridors.web.present import (
    STATUS_COLORS,
    STATUS_LABELS,
    about,
    citation,
    copy_link_html,
    country_names,
    literal,
    route_card,
    scroll_to_card_html,
)
from corridors.web.webmap import MapLabels, base_map, bounds, install_static, map_labels, route_layer

st.set_page_config(page_title="Pakistan–Kazakhstan corridors", page_icon="🛤️", layout="wide")
ss = st.session_state
HERE = Path(__file__).parent
PAGES = {"map": "Map", "routes": "Routes", "sources": "Sources", "timeline": "Timeline", "about": "About"}


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
def search_index(path: str, db: str) -> search.Index:
    return search.Index.of(load(path, db), prepare_static())


@st.cache_resource(show_spinner=False)
def map_names(path: str, db: str) -> MapLabels:
    """Where the map writes route and place names, for all the data (names stay put as filters change)."""
    return map_labels(load(path, db)["features"])


@st.cache_resource(show_spinner=False)
def filter_options(path: str, db: str) -> filters.Options:
    """What each filter offers (read once: the data holds thousands of documents)."""
    return filters.Options.of(load(path, db), prepare_static())


@st.cache_resource(show_spinner=False)
def by_id(path: str, db: str) -> tuple[dict[str, dict], str]:
    """The documents by id, and the date of the latest (read once, not at every rerun)."""
    data = load(path, db)
    return {d["id"]: d for d in data["documents"]}, filters.data_date(data)


@st.cache_resource(show_spinner=False)
def prepare_static() -> dict[str, str]:
    """Leaflet and the outlines put where Streamlit serves them; country names for labels."""
    install_static(HERE / "static")
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
st.html((HERE / "style.css").read_text(encoding="utf-8").join(["<style>", "</style>"]))
options = filter_options(path, db)
documents, latest = by_id(path, db)
features = {f["properties"]["id"]: f for f in data["features"]}

# A shared link sets the view once, when the session starts; afterwards the widgets own it.
if "f_route" not in ss:
    view, ss.notices = filters.from_query(st.query_params.to_dict(), options)
    ss.f_route, ss.f_country, ss.f_mode = list(view.routes), list(view.countries), list(view.modes)
    ss.f_status, ss.f_source, ss.f_asof = list(view.statuses), list(view.sources), view.asof
    ss.selection, ss.page, ss.color_by, ss.compare = view.selected or "", PAGES[view.page], view.color, view.compare
    ss.position = (view.zoom, view.center) if view.center else None
if ss.get("clicked"):
    ss.selection = ss.pop("clicked")


def current_view() -> filters.View:
    """The view as the session holds it now (the widgets already hold what the user just changed)."""
    zoom, center = ss.position or (None, None)
    return filters.View(
        routes=tuple(ss.f_route),
        countries=tuple(ss.f_country),
        modes=tuple(ss.f_mode),
        statuses=tuple(ss.f_status),
        sources=tuple(ss.f_source),
        asof=ss.f_asof,
        selected=ss.selection or None,
        page=next((k for k, v in PAGES.items() if v == ss.page), "map"),
        color=ss.color_by,
        compare=tuple(ss.compare),
        center=center,
        zoom=zoom,
    )


def share() -> dict[str, str]:
    """Put the view in the address bar (at the start of a run, and again when the map moved)."""
    query = filters.to_query(current_view())
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)
    return query


def go(hit: search.Hit) -> None:
    """Jump to what the search found: filter by a country, select a route (or a place's only route),
    or filter by the routes through a place."""
    if hit.kind == "country":
        ss.f_country, ss.f_route = [hit.key], []
    elif hit.kind == "route" or len(hit.routes) == 1:
        ss.selection, ss.page = hit.routes[0], "Map"
    else:
        ss.f_route, ss.f_country = list(hit.routes), []


def on_search() -> None:
    ss.hits = search.search(ss.search_text, search_index(path, db))
    if ss.hits:
        go(ss.hits[0])


view = current_view()
share()

with st.sidebar:
    st.header("Filters")
    st.multiselect("Route", list(options.routes), format_func=options.routes.get, key="f_route")
    st.multiselect("Country", options.countries, format_func=lambda c: countries.get(c, c), key="f_country")
    st.multiselect("Mode", options.modes, key="f_mode")
    st.multiselect("Status", options.statuses, format_func=STATUS_LABELS.get, key="f_status")
    st.multiselect(
        "Source",
        list(options.sources),
        format_func=lambda d: options.sources[d][:70],
        key="f_source",
        help="The documents the map quotes; the Sources view searches every document.",
    )
    st.date_input(
        "As of", key="f_asof", format="YYYY-MM-DD", help="Show only what documents published by this date reported."
    )
    st.radio("Colour lines by", filters.COLORS, horizontal=True, key="color_by")

kept = filters.apply(data, view)

st.title("Pakistan–Kazakhstan corridors")
st.caption(
    f"{len(kept)} of {len(features)} routes shown"
    + (f", as of {view.asof.isoformat()}" if view.asof else "")
    + f" · data up to {latest} · every status quotes a dated document · lines are schematic"
)
for notice in ss.get("notices", []):
    st.warning(notice, icon="⚠️")

col_search, col_view = st.columns([2, 3], vertical_alignment="bottom")
with col_search:
    st.text_input(
        "Search routes, places, countries",
        key="search_text",
        placeholder="Karakorum, KKH, Kashgar, China…",
        on_change=on_search,
    )
with col_view:
    # Only the chosen view is drawn: a filter change then redraws the map and its card, nothing else.
    st.segmented_control("View", list(PAGES.values()), key="page", label_visibility="collapsed")
if ss.get("hits") and ss.search_text:
    others = ss.hits[1:]
    st.caption(f"Found **{ss.hits[0].label}**." + (" Other matches:" if others else ""))
    for column, hit in zip(st.columns(len(others)), others, strict=True) if others else ():
        column.button(hit.label, on_click=go, args=(hit,), key=f"hit-{hit.kind}-{hit.key}")
elif ss.get("search_text"):
    st.caption(f"No route, place or country matches “{ss.search_text}”.")


def permalink(**changes) -> str:
    base = str(st.context.url).split("?")[0]
    query = urlencode(filters.to_query(replace(current_view(), **changes)))
    return f"{base}?{query}" if query else base


def map_view() -> None:
    # The map (re)mounts where the user left it (coming back from another view mounts a new one).
    mounted = ss.page
    if ss.get("mounted") != mounted:
        ss.mounted, ss.map_start = mounted, ss.position
    zoom, center = ss.map_start or (None, None)
    col_map, col_card = st.columns([2, 1], gap="medium")  # the map gets two thirds of the width
    with col_map:
        out = st_folium(
            base_map(fit=map_bounds(path, db)),
            feature_group_to_add=route_layer(kept, view.color, view.selected, map_names(path, db)),
            key="map",
            height=640,
            use_container_width=True,
            center=center,
            zoom=zoom,
            returned_objects=["last_active_drawing", "center", "zoom"],
        )
        out = out or {}
        # a route picked on the map (click, chooser or keyboard): its id and a number new at each pick
        feature = (out.get("last_active_drawing") or {}).get("properties") or {}
        if feature.get("id") in features and feature.get("pick") != ss.get("last_pick"):
            ss.last_pick, ss.clicked = feature.get("pick"), feature["id"]
            ss.scroll_to_card = ss.get("scroll_to_card", 0) + 1
            st.rerun()  # a fresh run picks the click up before any widget, and updates the link
        if out.get("center") and out.get("zoom") is not None:  # where the map settled: the link holds it
            ss.position = (int(out["zoom"]), (round(out["center"]["lat"], 4), round(out["center"]["lng"], 4)))
            share()
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
            selected, entry = filters.seen_on(features[ss.selection], view.asof)
            if entry is None:
                st.info("Not yet mentioned on the chosen date.")
            else:
                if ss.selection not in {f["properties"]["id"] for f, _ in kept}:
                    st.caption("This route is hidden by the current filters.")
                st.html(route_card(selected, entry, documents, countries))
                show_all_quotes(store(db), selected["properties"])
                st.caption("Cite this route")
                st.code(citation(selected, entry, documents, permalink(page="map")), language=None, wrap_lines=True)
            if ss.get("scroll_to_card"):
                st.iframe(scroll_to_card_html(ss.scroll_to_card), height=1)


def routes_view() -> None:
    table = filters.table(kept, countries, documents)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_order=filters.TABLE_COLUMNS,
        column_config={"Route": st.column_config.TextColumn(pinned=True, width="medium")},
    )
    shown = {f["properties"]["id"]: (f, entry) for f, entry in kept}
    ss.compare_box = [r for r in ss.compare if r in shown]
    st.multiselect(
        "Compare routes side by side",
        list(shown),
        format_func=options.routes.get,
        key="compare_box",
        on_change=lambda: ss.update(compare=tuple(ss.compare_box)),
    )
    if ss.compare_box:
        for column, rid in zip(st.columns(len(ss.compare_box)), ss.compare_box, strict=True):
            with column:
                st.html(route_card(*shown[rid], documents, countries))



def sources_view() -> None:
    """The documents the view lets through, from the corpus store (``dashboard/sources_view.py``)."""
    show_sources(store(db), kept, view)


def timeline_view() -> None:
    end = view.asof.isoformat() if view.asof else latest
    bands = filters.status_bands(kept, end, documents)
    if bands.empty:
        st.info("No status for these filters.")
        return
    ticks = filters.document_ticks(kept)
    shown = [label for key, label in STATUS_LABELS.items() if label in set(bands["status"])]
    colors = [STATUS_COLORS[key] for key, label in STATUS_LABELS.items() if label in shown]
    # route names above their bands (not beside them): on a phone the bands keep the width
    y = alt.Y("route:N", title=None, sort=sorted(set(bands["route"])), axis=None)
    first = min(bands["start"]).year
    years = [alt.DateTime(year=year) for year in range(first, filters.day(end).year + 1)]
    scale = alt.Scale(nice="year")
    axis = alt.Axis(format="%Y", values=years, labelAngle=0, grid=True)
    x = alt.X("start:T", title=None, scale=scale, axis=axis)
    names = (
        alt.Chart(bands.drop_duplicates("route"))
        .mark_text(align="left", baseline="bottom", dy=-12, fontSize=12, color="#333")
        .encode(x=alt.datum(years[0]), y=y, text="route:N")
    )
    bars = (
        alt.Chart(bands)
        .mark_bar(height=18, cornerRadius=2)
        .encode(
            x=x,
            x2="end:T",
            y=y,
            color=alt.Color(
                "status:N", scale=alt.Scale(domain=shown, range=colors), legend=alt.Legend(title=None, orient="top")
            ),
            tooltip=["route", "status", "since", "rests on", "quote"],
        )
    )
    marks = (
        alt.Chart(ticks)
        .mark_tick(color="#222", thickness=2, size=26)
        .encode(x=alt.X("date:T", title=None, scale=scale, axis=axis), y=y, tooltip=["route", "document", "quote"])
    )
    st.caption(
        f"Status of each route over time, up to {end}; a tick is a document that mentions the route "
        "(hover for its words). Bands start at the event date a text gives, else at the document's date."
    )
    st.altair_chart((bars + marks + names).properties(height=52 * bands["route"].nunique() + 40), width="stretch")
    with st.expander("The same as a table"):
        st.dataframe(bands.drop(columns=["start", "end"]), hide_index=True, width="stretch")


def about_view() -> None:
    st.markdown(about(latest))
    if ss.selection:
        selected, entry = filters.seen_on(features[ss.selection], view.asof)
        if entry is not None:
            st.code(citation(selected, entry, documents, permalink(page="map")), language=None, wrap_lines=True)


if view.page != "map":
    ss.mounted = None  # the map is gone: coming back mounts a new one, where the user left it
{"map": map_view, "routes": routes_view, "sources": sources_view, "timeline": timeline_view, "about": about_view}[
    view.page
]()

with st.sidebar:
    st.subheader("Share and download")
    link = permalink()
    st.caption("Link to this exact view (filters, date, route, view, map position, colours)")
    st.code(link, language=None, wrap_lines=True)
    st.iframe(copy_link_html(link), height=40)
    st.download_button(  # the files are made only when asked for
        "Download GeoJSON (this view)",
        lambda: json.dumps(filters.narrowed(data, view), ensure_ascii=False),
        "corridors.geojson",
        "application/geo+json",
        on_click="ignore",
    )
    st.download_button(
        "Download CSV (this view)",
        lambda: filters.table(kept, countries, documents).to_csv(index=False),
        "corridors.csv",
        "text/csv",
        on_click="ignore",
    )
