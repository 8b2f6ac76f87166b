"""The Routes view: the routes the filters let through as a table (a row clicked shows its route on the
map), and chosen ones side by side."""

from __future__ import annotations

import streamlit as st
from context import Context, focus_on, mirror, permalink

from corridors.web import filters
from corridors.web.present import route_card

ss = st.session_state


def show(ctx: Context) -> None:
    table = filters.table(ctx.kept, ctx.countries, ctx.documents)
    table["Page"] = [permalink(route_page=route) for route in table["id"]]
    st.dataframe(
        table,
        key="routes_table",
        on_select=lambda: show_on_map(ctx, list(table["id"])),
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
        column_order=(filters.TABLE_COLUMNS[0], "Page", *filters.TABLE_COLUMNS[1:]),
        column_config={
            "Route": st.column_config.TextColumn(pinned=True, width="medium"),
            "Page": st.column_config.LinkColumn("Page", display_text="Open the route's page", pinned=True),
        },
    )
    shown = {f["properties"]["id"]: (f, entry) for f, entry in ctx.kept}
    compared = [r for r in ss.compare if r in shown]
    compared = st.multiselect(
        "Compare routes side by side",
        list(shown),
        compared,
        format_func=ctx.options.routes.get,
        **mirror("compare_box", compared, lambda ids: ss.update(compare=tuple(ids))),
    )
    if compared:
        for column, rid in zip(st.columns(len(compared)), compared, strict=True):
            with column:
                st.html(route_card(*shown[rid], ctx.documents, ctx.countries))


def show_on_map(ctx: Context, ids: list[str]) -> None:
    """A row clicked in the table: its route selected, on the map zoomed to it."""
    rows = ss.routes_table.selection.rows
    if rows:
        ss.selection, ss.page, ss.route_page = ids[rows[0]], "Map", None
        focus_on(ctx.features, [ids[rows[0]]])
