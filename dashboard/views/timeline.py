"""The Timeline view: each route's status over time, and the documents that mention it."""

from __future__ import annotations

import streamlit as st
from context import Context

from corridors.web import filters
from corridors.web.timeline_chart import timeline_spec


def show(ctx: Context) -> None:
    end = ctx.view.asof.isoformat() if ctx.view.asof else ctx.latest
    bands = filters.status_bands(ctx.kept, end, ctx.documents)
    if bands.empty:
        st.info("No status for these filters.")
        return
    st.caption(
        f"Status of each route over time, up to {end}; a tick is a document that mentions the route "
        "(hover for its words). Bands start at the event date a text gives, else at the document's date."
    )
    st.vega_lite_chart(timeline_spec(bands, filters.document_ticks(ctx.kept), end), width="stretch")
    with st.expander("The same as a table"):
        st.dataframe(bands.drop(columns=["start", "end"]), hide_index=True, width="stretch")
