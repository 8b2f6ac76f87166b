import datetime as dt

import pytest

from corridors import corpus_view, filters
from corridors.filters import Options, View


@pytest.fixture(scope="module")
def data(world):
    """The fixture world's GeoJSON with what the dashboard adds from its store (documents, status claims)."""
    return corpus_view.with_store(world.collection, corpus_view.open_store(corpus_view.path_for(world.geojson)))


@pytest.fixture(scope="module")
def options(data):
    return Options.of(data)


def ids(kept):
    return sorted(f["properties"]["id"] for f, _ in kept)


def test_no_filter_keeps_every_route(data):
    assert len(filters.apply(data, View())) == len(data["features"])


def test_country_mode_status_and_source_filters(data):
    assert ids(filters.apply(data, View(countries=("CN",)))) == ["kkh"]
    assert ids(filters.apply(data, View(modes=("air",)))) == ["almaty-karachi-air"]
    assert ids(filters.apply(data, View(statuses=("suspended",)))) == ["almaty-karachi-air"]
    assert ids(filters.apply(data, View(sources=("w2-railway-framework",)))) == [
        "almaty-karachi-air",
        "kkh",
        "termez-peshawar-rail",
    ]
    assert ids(filters.apply(data, View(sources=("w1-highway-and-flights",)))) == ["almaty-karachi-air", "kkh"]
    assert ids(filters.apply(data, View(countries=("CN",), modes=("rail",)))) == []


def test_as_of_shows_the_status_of_that_day_and_hides_routes_not_yet_mentioned(data):
    early = dict((f["properties"]["id"], e["status"]) for f, e in filters.apply(data, View(asof=dt.date(2022, 6, 1))))
    assert early["almaty-karachi-air"] == "proposed"  # planned in February 2021
    assert "termez-peshawar-rail" not in early  # first spoken of in July 2023
    later = dict((f["properties"]["id"], e["status"]) for f, e in filters.apply(data, View(asof=dt.date(2024, 8, 1))))
    assert later["almaty-karachi-air"] == "suspended"
    assert filters.apply(data, View(asof=dt.date(2000, 1, 1))) == []


def test_query_round_trip(options):
    view = View(countries=("CN", "PK"), modes=("road",), asof=dt.date(2024, 8, 1), selected="kkh")
    query = filters.to_query(view)
    assert query == {"country": "CN,PK", "mode": "road", "asof": "2024-08-01", "selected": "kkh"}
    assert filters.from_query(query, options) == (view, [])


def test_unknown_and_malformed_values_are_dropped_with_a_notice(options):
    view, notices = filters.from_query(
        {"country": "CN,XX", "mode": "teleport", "asof": "yesterday", "selected": "nowhere", "route": "kkh"}, options
    )
    assert view == View(routes=("kkh",), countries=("CN",))
    assert len(notices) == 4
    assert any("'XX'" in n for n in notices) and any("malformed asof 'yesterday'" in n for n in notices)


def test_narrowed_collection_carries_the_status_as_of(data):
    narrowed = filters.narrowed(data, View(asof=dt.date(2022, 6, 1), modes=("air",)))
    assert [f["properties"]["status"] for f in narrowed["features"]] == ["proposed"]


def test_table_and_timeline(data):
    kept = filters.apply(data, View(countries=("CN",)))
    table = filters.table(kept, {"CN": "China", "PK": "Pakistan"})
    assert table.loc[0, "Countries"] == "Pakistan → China"
    assert "Khunjerab Pass" in table.loc[0, "Border crossings"]
    entry = kept[0][1]
    assert (table.loc[0, "Event date"], table.loc[0, "Reported"]) == (entry["event_date"], entry["reported_date"])
    timeline = filters.timeline(kept)
    assert set(timeline["route"]) == {"Karakoram Highway"} and timeline["mentions"].sum() == 2  # one per document


def test_as_of_leaves_out_what_was_published_later(data):
    view = View(asof=dt.date(2022, 6, 1))
    for feature, _ in filters.apply(data, view):
        props = feature["properties"]
        assert all(item["date"] <= "2022-06-01" for item in props["quotes"] + props["status_history"])
    kkh = next(f for f in data["features"] if f["properties"]["id"] == "kkh")
    assert [q["date"] for q in filters.as_of(kkh, dt.date(2023, 1, 1))["properties"]["quotes"]] == [
        "2021-02-02"
    ]  # the July 2023 report is not there yet
    assert filters.as_of(kkh, None) is kkh


def test_timeline_counts_mentions_per_route_month_and_status():
    props = {"name": "R", "mentions_by_month": [["2022-01", "proposed", 2], ["2024", "none", 1]]}
    timeline = filters.timeline([({"properties": props}, {})])
    assert timeline[["route", "date_label", "mentions", "status"]].values.tolist() == [
        ["R", "2022-01", 2, "proposed"], ["R", "2024", 1, "none"]
    ]  # fmt: skip
    assert list(timeline["date"].dt.strftime("%Y-%m-%d")) == ["2022-01-01", "2024-01-01"]


def test_as_of_uses_the_reported_date_not_the_event_date():
    """An event date given by a later document is known only from that document's date."""
    old = {"date": "2020-05", "reported_date": "2020-05", "status": "proposed", "doc": "a"}
    told_later = {"date": "2014-12", "event_date": "2014-12", "reported_date": "2024-07", "status": "operational"}
    props = {"first_mentioned": "2014-12", "status_history": [told_later, old], "quotes": []}
    assert filters.status_as_of(props, dt.date(2021, 1, 1)) == old
    assert filters.status_as_of(props, dt.date(2024, 8, 1)) == old  # history order: the last entry is in force
    kept = filters.as_of({"properties": props}, dt.date(2021, 1, 1))["properties"]["status_history"]
    assert kept == [old]


def test_as_of_holds_no_claim_published_later_not_even_in_downloads(data):
    day = dt.date(2023, 1, 1)
    narrowed = filters.narrowed(data, View(asof=day))
    for feature in narrowed["features"]:
        props = feature["properties"]
        assert all((c["reported_date"] or c["date"]) <= day.isoformat() for c in props["status_claims"])
        assert props["status_quote"] == props["status_history"][-1]["quote"]
    kkh = next(f for f in narrowed["features"] if f["id"] == "kkh")["properties"]
    assert {c["doc"] for c in kkh["status_claims"]} == {"w1-highway-and-flights"}  # w2 is of 2023-07-15
