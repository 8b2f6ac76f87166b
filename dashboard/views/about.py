"""The About view: what the map shows and how to cite it (the selected route's citation too)."""

from __future__ import annotations

import streamlit as st
from context import Context, permalink

from corridors.web import filters
from corridors.web.present import about, citation

ss = st.session_state


def show(ctx: Context) -> None:
    st.markdown(about(ctx.latest))
    if ss.selection:
        selected, entry = filters.seen_on(ctx.features[ss.selection], ctx.view.asof)
        if entry is not None:
            st.code(citation(selected, entry, ctx.documents, permalink(page="map")), language=None, wrap_lines=True)
