"""The Timeline's chart: a Vega-Lite spec made from the bands and ticks alone."""

import json

import pandas as pd
import pytest

from corridors.web.timeline_chart import timeline_spec


def band(route: str, status: str, start: str, end: str) -> dict:
    return {"route": route, "status": status, "start": pd.Timestamp(start), "end": pd.Timestamp(end),
            "since": start, "rests on": "a report", "quote": "words"}  # fmt: skip


@pytest.fixture
def bands():
    return pd.DataFrame([
        band("Road", "Proposed", "2021-03-01", "2023-05-01"),
        band("Road", "Operational", "2023-05-01", "2024-06-30"),
        band("Flights", "Suspended", "2022-01-01", "2024-06-30"),
    ])  # fmt: skip


@pytest.fixture
def ticks():
    tick = {"route": "Road", "date": pd.Timestamp("2022-02-01"), "document": "Paper, 2022", "quote": "q"}
    return pd.DataFrame([tick])


def test_years_from_the_first_band_to_the_end_on_every_time_axis(bands, ticks):
    bars, marks, names = timeline_spec(bands, ticks, "2025-02").get("layer")
    years = [{"year": y} for y in (2021, 2022, 2023, 2024, 2025)]
    for x in (bars["encoding"]["x"], marks["encoding"]["x"]):
        assert x["axis"] == {"format": "%Y", "grid": True, "labelAngle": 0, "values": years}
        assert x["type"] == "temporal" and x["scale"] == {"nice": "year"}
    assert (bars["encoding"]["x"]["field"], bars["encoding"]["x2"]["field"], marks["encoding"]["x"]["field"]) == (
        "start", "end", "date",
    )  # fmt: skip
    assert names["encoding"]["x"] == {"datum": {"year": 2021}}  # route names start at the first year


def test_only_the_statuses_present_in_the_legends_order_and_colours(bands, ticks):
    color = timeline_spec(bands, ticks, "2024-06-30")["layer"][0]["encoding"]["color"]
    assert color["scale"] == {"domain": ["Operational", "Suspended", "Proposed"],
                              "range": ["#009E73", "#D55E00", "#56B4E9"]}  # fmt: skip
    assert color["legend"] == {"orient": "top", "title": None, "columns": 3}


def test_one_row_per_route_sorted_with_its_name_above_and_a_height_to_match(bands, ticks):
    spec = timeline_spec(bands, ticks, "2024-06-30")
    assert spec["height"] == 52 * 2 + 40
    assert {json.dumps(layer["encoding"]["y"]) for layer in spec["layer"]} == {
        json.dumps({"axis": None, "field": "route", "sort": ["Flights", "Road"], "title": None, "type": "nominal"})
    }
    assert list(spec["datasets"]["names"]["route"]) == ["Road", "Flights"]


def test_the_data_travels_in_named_datasets_and_the_rest_is_json(bands, ticks):
    spec = timeline_spec(bands, ticks, "2024-06-30")
    assert [layer["data"]["name"] for layer in spec["layer"]] == list(spec["datasets"]) == ["bands", "ticks", "names"]
    assert spec["datasets"]["bands"] is bands and spec["datasets"]["ticks"] is ticks
    layout = json.loads(json.dumps({k: v for k, v in spec.items() if k != "datasets"}))
    assert layout["layer"][1]["mark"]["type"] == "tick"
    tooltips = [[t["field"] for t in layer["encoding"]["tooltip"]] for layer in spec["layer"][:2]]
    assert tooltips == [["route", "status", "since", "rests on", "quote"], ["route", "document", "quote"]]


def test_the_legend_wraps_where_a_phone_would_cut_it_off(ticks):
    """Four statuses keep one row; six wrap three to a row (a 390 px phone cut the sixth off)."""
    few = pd.DataFrame([band("Road", s, "2021-03-01", "2023-05-01") for s in ("Proposed", "Operational")])
    statuses = ("Proposed", "Potential", "Under construction", "Operational", "Suspended", "Cancelled")
    many = pd.DataFrame([band("Road", s, "2021-03-01", "2023-05-01") for s in statuses])
    assert timeline_spec(few, ticks, "2025")["layer"][0]["encoding"]["color"]["legend"]["columns"] == 2
    assert timeline_spec(many, ticks, "2025")["layer"][0]["encoding"]["color"]["legend"]["columns"] == 3
