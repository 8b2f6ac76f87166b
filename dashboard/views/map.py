"""The Map view: every route the filters let through on the map, and the card of the selected one."""

from __future__ import annotations

import datetime as dt
import sqlite3

import streamlit as st
from context import Context, cite_box, clear_filters, focus_on, mirror, permalink, share
from streamlit_folium import st_folium

from corridors.web import cite, corpus_view, filters
from corridors.web.changes import changes_since
from corridors.web.present import changes_html, map_caption, no_route, route_card, scroll_to_card_html
from corridors.web.webmap import base_map, route_layer

ss = st.session_state
#: The most changes the "What changed" panel lists (the newest).
MAX_CHANGES = 60


def show(ctx: Context) -> None:
    """The map as wide and tall as the screen allows, the card in a panel that scrolls on its own: beside
    the map on a wide screen, a sheet over the map's foot on a phone (style.css places both)."""
    col_map, col_card = st.columns([5, 2], gap="medium")
    with col_map:
        with st.container(key="map_panel"):
            show_map(ctx)
        if not ctx.map_alone:  # (the map's first run draws it alone; this comes with the next)
            show_changes(ctx)
    with col_card, st.container(key="card_panel"):
        if not ctx.map_alone:
            show_card(ctx)


def show_map(ctx: Context) -> None:
    with st.container():  # (always there, empty or not: the map after it keeps its frame)
        if not ctx.kept:  # say why the map is empty, and how to fill it again
            st.info(no_route(ctx.view, ctx.countries, ctx.options), icon=":material/filter_alt_off:")
            st.button("Clear filters", on_click=clear_filters, key="clear_map", type="primary")
    # The map (re)mounts where the user left it (coming back from another view mounts a new one).
    mounted = ss.page
    if ss.get("mounted") != mounted:
        ss.mounted, ss.map_start = mounted, ss.position
    zoom, center = ss.map_start or (None, None)
    caption = map_caption(ctx.view.asof, ctx.latest, len(ctx.kept), len(ctx.features))  # of the map as a PNG
    focus = ss.get("focus")
    if focus and focus["zoom"] is not None:
        ss.focus = {**focus, "zoom": None}  # zoom once: not again at the next run, nor where the map remounts
    out = st_folium(
        base_map(fit=ctx.bounds),
        feature_group_to_add=route_layer(ctx.kept, ctx.view.color, ctx.view.selected, ctx.labels, caption, focus),
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
    if feature.get("id") in ctx.features and feature.get("pick") != ss.get("last_pick"):
        ss.last_pick, ss.clicked = feature.get("pick"), feature["id"]
        ss.scroll_to_card = ss.get("scroll_to_card", 0) + 1
        st.rerun()  # a fresh run picks the click up before any widget, and updates the link
    if out.get("center") and out.get("zoom") is not None:  # where the map settled: the link holds it
        ss.position = (int(out["zoom"]), (round(out["center"]["lat"], 4), round(out["center"]["lng"], 4)))
        share()


def show_changes(ctx: Context) -> None:
    """Below the map: what changed since a date (``?since=``) on the routes shown, newest first."""
    title = f"What changed since {ss.since.isoformat()}" if ss.since else "What changed since a date"
    with st.expander(title, expanded=ss.since is not None):
        st.date_input(
            "Since", ss.since, format="YYYY-MM-DD", **mirror("since_box", ss.since, lambda day: ss.update(since=day)),
            help="Status changes, new documents and new quotes of the routes shown, dated on or after this day.",
        )  # fmt: skip
        if ss.since:
            found = changes_since([f for f, _ in ctx.kept], ctx.documents, ss.since)
            if len(found) > MAX_CHANGES:
                st.caption(f"The newest {MAX_CHANGES} of {len(found)} changes.")
            st.html(changes_html(found[:MAX_CHANGES], ctx.documents) if found else "<p>Nothing new since then.</p>")


def show_card(ctx: Context) -> None:
    routes = ["", *ctx.options.routes]
    st.selectbox(
        "Selected route",
        routes,
        index=routes.index(ss.selection) if ss.selection in routes else 0,
        format_func=lambda r: ctx.options.routes.get(r, "Click a route on the map, or choose one"),
        **mirror("selected_box", ss.selection, lambda route: choose(ctx, route)),
    )
    if not ss.selection:
        st.caption("A route's card opens here: its status, the words and the dated document behind it, its "
                   "history and its strongest quotes.")  # fmt: skip
    else:
        selected, entry = filters.seen_on(ctx.features[ss.selection], ctx.view.asof)
        if entry is None:
            st.info("Not yet mentioned on the chosen date.")
        else:
            if ss.selection not in {f["properties"]["id"] for f, _ in ctx.kept}:
                st.caption("This route is hidden by the current filters.")
            with st.container(horizontal=True, gap="small"):
                st.button("Open the route's page", on_click=ss.update, kwargs={"route_page": ss.selection},
                          type="tertiary", icon=":material/article:", key="open_route_page")  # fmt: skip
                st.button("Close the card", on_click=choose, args=(ctx, ""), type="tertiary",
                          icon=":material/close:", key="close_card")  # fmt: skip
            st.html(route_card(selected, entry, ctx.documents, ctx.countries))
            show_all_quotes(ctx.store, selected["properties"], ctx.view.asof)
            with st.expander("Cite this route's status"):
                cite_box(
                    cite.of_route(selected, entry, ctx.documents, permalink(page="map"), dt.date.today()), "cite_route"
                )
        if ss.get("scroll_to_card"):
            st.iframe(scroll_to_card_html(ss.scroll_to_card), height=1)


def choose(ctx: Context, route: str) -> None:
    """A route chosen in the card's list: its card, and the map zoomed to it."""
    ss.selection = route
    focus_on(ctx.features, [route] if route else [])


def show_all_quotes(conn: sqlite3.Connection | None, props: dict, asof: dt.date | None) -> None:
    """Below a route card: every quote of the route from the store (published by the As-of date), a page at a time."""
    if conn is None or (asof is None and props.get("quote_count", 0) <= len(props["quotes"])):
        return  # under As-of the card's count is that of the quotes it shows: the store counts the rest
    html, pages, count = corpus_view.route_quotes(conn, props["id"], ss.get("quotes_page", 1), asof)
    if count <= len(props["quotes"]):
        return
    with st.expander(f"Show all {count} quotes"):
        st.html(html)
        if pages > 1:
            st.number_input("Page of quotes", min_value=1, max_value=pages, key="quotes_page")
