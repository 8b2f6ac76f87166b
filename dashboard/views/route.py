"""A route's own page (``?route_page=ID``): key facts, status timeline, documents and every quote,
as of the As-of date. Not in the view switcher: the route card and the Routes table link here."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from context import Context, cite_box, permalink

from corridors.output import store
from corridors.web import cite, corpus_view, filters, route_page
from corridors.web.present import quote_html

ss = st.session_state


def back_to_map(route_id: str) -> None:
    ss.route_page, ss.page, ss.selection = None, "Map", route_id


def show(ctx: Context) -> None:
    route_id = ctx.view.route_page
    st.button("Back to the map", on_click=back_to_map, args=(route_id,), icon=":material/arrow_back:", key="back")
    seen, entry = filters.seen_on(ctx.features[route_id], ctx.view.asof)
    if entry is None:
        name = ctx.features[route_id]["properties"]["name"]
        st.info(f"No document had mentioned {name} by {ctx.view.asof.isoformat()}.")
        return
    until = ctx.view.asof.isoformat() if ctx.view.asof else ""
    targets = store.route_targets(ctx.store, route_id, until) if ctx.store else []
    st.html(route_page.page_html(seen, entry, ctx.documents, ctx.countries, targets))
    with st.expander("Cite this route's status"):
        cite_box(cite.of_route(seen, entry, ctx.documents, permalink(), dt.date.today()), "cite_page")
    docs = route_page.route_documents(ctx.features[route_id], ctx.documents, ctx.view.asof)
    st.subheader(f"Documents ({len(docs)})")
    st.html(route_page.documents_html(docs))
    show_quotes(ctx, seen["properties"])


def show_quotes(ctx: Context, props: dict) -> None:
    """Every quote of the route published by the As-of date, newest first, a page at a time (the
    GeoJSON's strongest quotes when there is no store)."""
    if ctx.store is None:
        st.subheader(f"Quotes ({len(props['quotes'])})")
        st.html("".join(quote_html(q) for q in props["quotes"]))
        return
    html, pages, count = corpus_view.route_quotes(ctx.store, props["id"], ss.get("page_quotes", 1), ctx.view.asof)
    st.subheader(f"Quotes ({count})")
    st.html(html)
    if pages > 1:
        ss.page_quotes = min(ss.get("page_quotes", 1), pages)  # fewer pages under another As-of date
        st.number_input(f"Page of quotes (of {pages})", min_value=1, max_value=pages, key="page_quotes")
