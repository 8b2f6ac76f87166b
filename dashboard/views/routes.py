"""The Routes view: the routes the filters let through as a table, and chosen ones side by side."""

from __future__ import annotations

import streamlit as st
from context import Context, permalink

from corridors.web import filters
from corridors.web.present import route_card

ss = st.session_state


def show(ctx: Context) -> None:
    table = filters.table(ctx.kept, ctx.countries, ctx.documents)
    table["Page"] = [permalink(route_page=route) for route in table["id"]]
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_order=(filters.TABLE_COLUMNS[0], "Page", *filters.TABLE_COLUMNS[1:]),
        column_config={
            "Route": st.column_config.TextColumn(pinned=True, width="medium"),
            "Page": st.column_config.LinkColumn("Page", display_text="Open the route's page", pinned=True),
        },
    )
    shown = {f["properties"]["id"]: (f, entry) for f, entry in ctx.kept}
    ss.compare_box = [r for r in ss.compare if r in shown]
    st.multiselect(
        "Compare routes side by side",
        list(shown),
        format_func=ctx.options.routes.get,
        key="compare_box",
        on_change=lambda: ss.update(compare=tuple(ss.compare_box)),
    )
    if ss.compare_box:
        for column, rid in zip(st.columns(len(ss.compare_box)), ss.compare_box, strict=True):
            with column:
                st.html(route_card(*shown[rid], ctx.documents, ctx.countries))
