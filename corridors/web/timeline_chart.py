"""The Timeline's chart as a Vega-Lite spec: status bands per route, a tick per document that
mentions it, route names above their bands. Data in, a plain dict out: no Streamlit, no Altair."""

from __future__ import annotations

from corridors.web.filters import day
from corridors.web.present import STATUS_COLORS, STATUS_LABELS


def timeline_spec(bands, ticks, end: str) -> dict:
    """The chart of ``bands`` (``filters.status_bands``) and ``ticks`` (``filters.document_ticks``),
    years on the x axis up to ``end`` (ISO); the two frames travel in the spec's ``datasets``."""
    present = set(bands["status"])
    shown = [label for label in STATUS_LABELS.values() if label in present]
    colors = [STATUS_COLORS[key] for key, label in STATUS_LABELS.items() if label in present]
    # route names above their bands (not beside them): on a phone the bands keep the width
    y = {"axis": None, "field": "route", "sort": sorted(set(bands["route"])), "title": None, "type": "nominal"}
    years = [{"year": year} for year in range(min(bands["start"]).year, day(end).year + 1)]
    axis = {"format": "%Y", "grid": True, "labelAngle": 0, "values": years}

    def x(field: str) -> dict:
        return {"axis": axis, "field": field, "scale": {"nice": "year"}, "title": None, "type": "temporal"}

    def tooltip(*fields: str) -> list[dict]:
        return [{"field": field, "type": "nominal"} for field in fields]

    # up to four statuses fit one row on a 390 px phone; more wrap three to a row (else cut off)
    legend = {"orient": "top", "title": None, "columns": len(shown) if len(shown) <= 4 else 3}
    bars = {
        "data": {"name": "bands"},
        "mark": {"type": "bar", "cornerRadius": 2, "height": 18},
        "encoding": {
            "color": {"field": "status", "legend": legend,
                      "scale": {"domain": shown, "range": colors}, "type": "nominal"},
            "tooltip": tooltip("route", "status", "since", "rests on", "quote"),
            "x": x("start"),
            "x2": {"field": "end"},
            "y": y,
        },
    }  # fmt: skip
    marks = {
        "data": {"name": "ticks"},
        "mark": {"type": "tick", "color": "#222", "size": 26, "thickness": 2},
        "encoding": {"tooltip": tooltip("route", "document", "quote"), "x": x("date"), "y": y},
    }
    names = {
        "data": {"name": "names"},
        "mark": {"type": "text", "align": "left", "baseline": "bottom", "color": "#333", "dy": -12, "fontSize": 12},
        "encoding": {"text": {"field": "route", "type": "nominal"}, "x": {"datum": years[0]}, "y": y},
    }
    return {
        "layer": [bars, marks, names],
        "height": 52 * bands["route"].nunique() + 40,
        "datasets": {"bands": bands, "ticks": ticks, "names": bands.drop_duplicates("route")},
    }
