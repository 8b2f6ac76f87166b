"""The dashboard: every corridor between Pakistan and Kazakhstan on one map.

Streamlit only arranges widgets here; data, filters, search, maps and HTML come from the
`corridors` package, read once per process by ``cached``. This file draws the filters, the search
and the view switcher, and runs the chosen view of ``views/`` with a ``context.Context``. Run with `make run`,
or `streamlit run dashboard/app.py`.
"""

from __future__ import annotations

import json
import os
import time
from functools import partial
from pathlib import Path

import cached
import streamlit as st
import views.about
import views.map
import views.review
import views.route
import views.routes
import views.sources
import views.timeline
from context import Context, clear_filters, current_view, focus_on, mirror, pages, permalink, share

from corridors import settings
from corridors.errors import InputError
from corridors.web import corpus_view, filters, search
from corridors.web.present import STATUS_LABELS, copy_link_html, literal, share_link_html

st.set_page_config(page_title="Pakistan–Kazakhstan corridors", page_icon="🛤️", layout="wide")
ss = st.session_state
HERE = Path(__file__).parent
#: What draws each view (``context.pages()`` names those this app offers).
VIEWS = {"map": views.map.show, "routes": views.routes.show, "sources": views.sources.show,
         "timeline": views.timeline.show, "about": views.about.show, "review": views.review.show}  # fmt: skip


path = os.environ.get("CORRIDORS_GEOJSON", str(settings.GEOJSON_PATH))
db = str(corpus_view.path_for(path))
try:
    data = cached.load(path, db)
except InputError as err:  # anything but a file `corridors build` wrote: one message, in every view
    st.error(literal(f"Cannot show the corridor data. {err}"))
    st.stop()
countries = cached.prepare_static()
cached.freeze_heap()
st.html((HERE / "style.css").read_text(encoding="utf-8").join(["<style>", "</style>"]))
options = cached.filter_options(path, db)
documents, latest = cached.by_id(path, db)
features = {f["properties"]["id"]: f for f in data["features"]}

# A shared link sets the view once, when the session starts; afterwards the widgets own it.
session_start = "f_route" not in ss
if session_start:
    ss.opened_at = time.monotonic()
    view, ss.notices = filters.from_query(st.query_params.to_dict(), options)
    ss.f_route, ss.f_country, ss.f_mode = list(view.routes), list(view.countries), list(view.modes)
    ss.f_status, ss.f_source, ss.f_asof = list(view.statuses), list(view.sources), view.asof
    ss.since = view.since
    ss.selection, ss.color_by, ss.compare = view.selected or "", view.color, view.compare
    ss.route_page = view.route_page
    ss.page = pages().get(view.page, "Map")  # a link to the Review view opens the map where the app may not write
    ss.position = (view.zoom, view.center) if view.center else None
if ss.get("clicked"):
    ss.selection = ss.pop("clicked")
if "next_asof" in ss:  # the month the As-of slider's Play moved to (set before the date widget is drawn)
    ss.f_asof = ss.pop("next_asof")


def go(hit: search.Hit) -> None:
    """Jump to what the search found: filter by a country, select a route (or a place's only route),
    or filter by the routes through a place; the map zooms to them and marks the place. A route's page,
    if open, is left for the map."""
    ss.route_page = None
    focus_on(features, list(hit.routes), hit.key if hit.kind == "place" else None)
    if hit.kind == "country":
        ss.f_country, ss.f_route = [hit.key], []
    elif hit.kind == "route" or len(hit.routes) == 1:
        ss.selection, ss.page = hit.routes[0], "Map"
    else:
        ss.f_route, ss.f_country = list(hit.routes), []


def on_search() -> None:
    ss.hits = search.search(ss.search_text, cached.search_index(path, db))
    if ss.hits:
        go(ss.hits[0])
    else:
        ss.focus = None  # a search cleared or finding nothing marks no place


#: Seconds each month is shown while the As-of slider plays.
PLAY_SECONDS = 1.0


def as_of_slider(frames: list) -> None:
    """The As-of date by month (a frame is the month's last day), and Play/Pause: one month per
    ``PLAY_SECONDS``, the whole app (map included) rerun at each, stopping at the last month."""
    frame = filters.slider_frame(frames, ss.f_asof)
    st.select_slider(
        "As of, by month", frames, frame, format_func=lambda d: d.strftime("%Y-%m"),
        **mirror("f_frame", frame, lambda month: ss.update(f_asof=month, playing=False)),
    )  # fmt: skip
    st.fragment(run_every=PLAY_SECONDS if ss.get("playing") else None)(player)(frames)


def player(frames: list) -> None:
    """Play/Pause; while playing, each timed rerun of this fragment moves As-of one month on (the run
    of the whole app shows it, a fragment run only reads the clock)."""
    playing = ss.get("playing", False)
    if st.button("Pause" if playing else "Play", icon=":material/pause:" if playing else ":material/play_arrow:",
                 key="play", help="Show the map month by month, from the slider's month to the latest"):  # fmt: skip
        if not playing:  # from the slider's month, or from the first when it stands at the last
            at_end = filters.next_frame(frames, ss.f_asof) is None
            ss.next_asof = frames[0] if at_end else filters.slider_frame(frames, ss.f_asof)
        ss.playing, ss.played_at = not playing, time.monotonic()
        st.rerun(scope="app")
    if playing and time.monotonic() - ss.get("played_at", 0.0) >= PLAY_SECONDS * 0.8:
        step = filters.next_frame(frames, ss.f_asof)
        ss.next_asof, ss.playing, ss.played_at = step or ss.f_asof, step is not None, time.monotonic()
        st.rerun(scope="app")


#: Seconds after which the map's first run draws the rest of the page even if the map has not reported.
REST_AFTER = 3.0


def rest_of_page() -> None:
    """Where the map never reports (its frame failed to load), its timed run draws the rest of the page."""
    if time.monotonic() - ss.opened_at >= REST_AFTER * 0.8:
        st.rerun(scope="app")


def search_and_views() -> None:
    """The search box, what it found, and the view switcher (above the view)."""
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
        # (a view chosen leaves a route's page)
        st.segmented_control("View", list(pages().values()), key="page", label_visibility="collapsed",
                             on_change=lambda: ss.update(route_page=None))  # fmt: skip
    # What the search found, in a box that is there (empty) without a search: the map below keeps its place
    # in the page, so Streamlit keeps its frame (no new map when a search starts or ends).
    with st.container(key="search_results"):
        if ss.get("hits") and ss.search_text:
            others = ss.hits[1:]
            st.caption(f"Found **{ss.hits[0].label}**." + (" Other matches:" if others else ""))
            for column, hit in zip(st.columns(len(others)), others, strict=True) if others else ():
                column.button(hit.label, on_click=go, args=(hit,), key=f"hit-{hit.kind}-{hit.key}")
        elif ss.get("search_text"):
            st.caption(f"No route, place or country matches “{ss.search_text}”.")


def sidebar_filters() -> None:
    """The filters, the As-of date and slider, Clear filters, and the colour switch."""
    st.header("Filters")
    st.multiselect("Route", list(options.routes), format_func=options.routes.get, key="f_route")
    st.multiselect(
        "Country", options.countries, format_func=counted("countries", lambda c: countries.get(c, c)), key="f_country"
    )
    st.multiselect("Mode", options.modes, format_func=counted("modes"), key="f_mode")
    st.multiselect("Status", options.statuses, format_func=counted("statuses", STATUS_LABELS.get), key="f_status")
    st.multiselect(
        "Source",
        list(options.sources),
        format_func=counted("sources", lambda d: options.sources[d][:70]),
        key="f_source",
        help="The documents the map quotes; the Sources view searches every document.",
    )
    st.date_input(
        "As of", key="f_asof", format="YYYY-MM-DD", help="Show only what documents published by this date reported."
    )
    if len(frames := cached.months(path, db)) > 1:
        as_of_slider(frames)
    with st.container():  # always there: what follows keeps its place, and is not drawn anew, as it comes and goes
        if filters.filtered(view):
            st.button("Clear filters", on_click=clear_filters, key="clear_sidebar", icon=":material/filter_alt_off:")
    st.radio("Colour lines by", filters.COLORS, horizontal=True, key="color_by")


def sidebar_share() -> None:
    """The link to this view, with its Copy button, and the downloads of what it shows."""
    st.subheader("Share and download")
    link = permalink()
    st.caption("Link to this exact view (filters, date, route, view, map position, colours)")
    st.html(share_link_html(link))  # not st.code: its highlighter is 1.5 MB of script
    st.iframe(copy_link_html(), height=40)
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


view = current_view()
share()

counts = filters.counts(data, view)


def counted(attr: str, name=str):
    """An option's label with the number of routes it has among those the other filters leave: "rail (4)"."""
    return lambda value: f"{name(value)} ({counts[attr][value]})"


kept = filters.apply(data, view)

st.title("Pakistan–Kazakhstan corridors")
st.caption(
    f"{len(kept)} of {len(features)} routes shown"
    + (f", as of {view.asof.isoformat()}" if view.asof else "")
    + f" · data up to {latest} · every status quotes a dated document · lines are schematic"
)
for notice in ss.get("notices", []):
    st.warning(notice, icon="⚠️")

# The search and the view switcher sit here, but are drawn after the view: the map, sent first, starts
# loading first (its frame came 0.5 s after the title when the widgets above it came first).
top = st.container()


conn, store_error = cached.corpus(db)
on_map = view.page == "map" and not view.route_page
ctx = Context(
    view=view,
    kept=kept,
    features=features,
    documents=documents,
    latest=latest,
    countries=countries,
    options=options,
    bounds=cached.map_bounds(path, db),
    labels=cached.map_names(path, db),
    store=conn,
    store_error=store_error,
    geojson=Path(path),
    db=Path(db),
    map_alone=session_start and on_map,
)
if not on_map:
    ss.mounted = None  # the map is gone: coming back mounts a new one, where the user left it
# The view lives in the address bar's ?view= (share links), not in a URL path: st.navigation is
# given the chosen page alone, so it runs that one whatever page the browser last showed.
# A route's page (?route_page=) shows in place of the view, which comes back when the page is left.
show, title = (
    (views.route.show, options.routes[view.route_page]) if view.route_page else (VIEWS[view.page], pages()[view.page])
)
chosen = st.Page(partial(show, ctx), title=title, url_path=view.page, default=True)
st.navigation([chosen], position="hidden").run()
with top:
    search_and_views()

# The sidebar is drawn after the view: it reads the session state the view was made from, and the map,
# sent first, starts loading first. Left out of the map's first run (``Context.map_alone``), with the
# map view's date field and route list: their widgets render on the main thread the map's frame needs.
# Measured (new browser context, median of 5 in turns, navigation to routes drawn): 2.91 s with the
# filters in the first run, 2.44 s without; 2.59 s with the date field and list, 2.38 s without.
with st.sidebar:
    if ctx.map_alone:
        st.header("Filters")
        st.caption("The filters come as soon as the map is drawn.")
        st.fragment(run_every=REST_AFTER)(rest_of_page)()
    else:
        sidebar_filters()
        sidebar_share()
