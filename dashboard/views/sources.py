"""The Sources view: a searchable list of the corpus store's documents, newest first, a page at a
time; a document opens with the mentions of the shown routes highlighted. Data and HTML come from
``corridors.web.corpus_view``; this module only arranges widgets."""

from __future__ import annotations

import streamlit as st
from context import Context

from corridors.web import corpus_view
from corridors.web.present import literal

ss = st.session_state


def show(ctx: Context) -> None:
    if ctx.store is None:
        st.info(
            "No usable corpus store next to the data: run `corridors build` (or set CORRIDORS_DB).\n\n"
            + literal(str(ctx.store_error))
        )
        return
    routes = {f["properties"]["id"]: f["properties"]["name"] for f, _ in ctx.kept}
    text = st.text_input(
        "Search titles and texts", key="src_text", on_change=lambda: ss.update(src_page=1), placeholder="e.g. Termez"
    )
    found, respelled = corpus_view.sources_search(ctx.store, text, ss.get("src_page", 1), ctx.view, list(routes))
    ss.src_page = found.page  # the page shown, within the pages there are now
    if respelled:
        st.markdown(f"No document holds “{literal(text.strip())}”. Showing results for **{literal(respelled)}**.")
    st.caption(
        f"{found.total:,} document{'' if found.total == 1 else 's'}, newest first"
        + (f" · page {found.page} of {found.pages}" if found.pages > 1 else "")
    )
    for hit in found.hits:
        if text.strip():
            st.html(f"<div class='snippet'>{corpus_view.snippet_html(hit)}</div>")
        copies = ctx.documents.get(hit.id, {}).get("also_published_by", [])
        body, count = corpus_view.document_html(ctx.store, hit.id, routes, copies)
        with st.expander(f"{corpus_view.hit_label(hit)} ({count} mention{'' if count == 1 else 's'})"):
            st.html(body)
    if found.pages > 1:
        st.number_input("Page", min_value=1, max_value=found.pages, key="src_page")
