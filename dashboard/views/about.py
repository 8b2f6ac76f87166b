"""The About view: what the map shows and how to cite it: the view, and the selected route's status."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from context import Context, cite_box, permalink

from corridors.web import cite, filters
from corridors.web.present import about

ss = st.session_state


def show(ctx: Context) -> None:
    st.markdown(about(ctx.latest))
    st.subheader("Cite this view")
    today = dt.date.today()
    shown = cite.of_view(len(ctx.kept), len(ctx.features), ctx.view.asof, ctx.latest, permalink(page="map"), today)
    cite_box(shown, "cite_view")
    if ss.selection:
        selected, entry = filters.seen_on(ctx.features[ss.selection], ctx.view.asof)
        if entry is not None:
            st.subheader(f"Cite the status of {selected['properties']['name']}")
            cite_box(cite.of_route(selected, entry, ctx.documents, permalink(page="map"), today), "cite_route")
