"""The Sources view: a searchable list of the corpus store's documents, newest first, a page at a
time; a document opens with the mentions of the shown routes highlighted. Data and HTML come from
``corridors.corpus_view``; this module only arranges widgets."""

from __future__ import annotations

import sqlite3

import streamlit as st

from corridors.web import corpus_view
from corridors.web.filters import View

ss = st.session_state


def show_sources(conn: sqlite3.Connection | None, kept: list[tuple[dict, dict]], view: View) -> None:
    if conn is None:
        st.info("No usable corpus store next to the data: run `corridors build` (or set CORRIDORS_DB).")
        return
    routes = {f["properties"]["id"]: f["properties"]["name"] for f, _ in kept}
    text = st.text_input(
        "Search titles and texts", key="src_text", on_change=lambda: ss.update(src_page=1), placeholder="e.g. Termez"
    )
    found = corpus_view.sources_page(conn, text, ss.get("src_page", 1), view, list(routes))
    ss.src_page = found.page  # the page shown, within the pages there are now
    st.caption(
        f"{found.total:,} document{'' if found.total == 1 else 's'}, newest first"
        + (f" · page {found.page} of {found.pages}" if found.pages > 1 else "")
    )
    for hit in found.hits:
        if text.strip():
            st.html(f"<div class='snippet'>{corpus_view.snippet_html(hit)}</div>")
        body, count = corpus_view.document_html(conn, hit.id, routes)
        with st.expander(f"{corpus_view.hit_label(hit)} ({count} mention{'' if count == 1 else 's'})"):
            st.html(body)
    if found.pages > 1:
        st.number_input("Page", min_value=1, max_value=found.pages, key="src_page")


def show_all_quotes(conn: sqlite3.Connection | None, props: dict) -> None:
    """Below a route card: every quote of the route from the store, a page at a time."""
    count = props.get("quote_count", len(props["quotes"]))
    if conn is None or count <= len(props["quotes"]):
        return
    with st.expander(f"Show all {count} quotes"):
        html, pages = corpus_view.route_quotes(conn, props["id"], ss.get("quotes_page", 1))
        st.html(html)
        if pages > 1:
            st.number_input("Page of quotes", min_value=1, max_value=pages, key="quotes_page")
