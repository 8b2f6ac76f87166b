import datetime as dt

import pytest

from corridors.output import store
from corridors.web import corpus_view, filters
from corridors.web.filters import Options, View


@pytest.fixture(scope="module")
def data(world):
    """The fixture world's GeoJSON with what the dashboard adds from its store (documents, status claims)."""
    return corpus_view.with_store(world.collection, store.open_checked(corpus_view.path_for(world.geojson)))


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


def test_table_has_the_status_its_words_and_source(data):
    kept = filters.apply(data, View(countries=("CN",)))
    documents = {d["id"]: d for d in data["documents"]}
    table = filters.table(kept, {"CN": "China", "PK": "Pakistan"}, documents)
    assert table.loc[0, "Countries"] == "Pakistan → China"
    assert "Khunjerab Pass" in table.loc[0, "Border crossings"]
    entry = kept[0][1]
    assert (table.loc[0, "Event date"], table.loc[0, "Reported date"]) == (entry["event_date"], entry["reported_date"])
    assert set(filters.TABLE_COLUMNS) < set(table.columns)


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


def test_as_of_uses_the_reported_date_not_the_event_date():
    """An event date given by a later document is known only from that document's date."""
    old = {"date": "2020-05", "reported_date": "2020-05", "status": "proposed", "doc": "a", "quote": "planned"}
    told_later = {
        "date": "2014-12", "event_date": "2014-12", "reported_date": "2024-07", "status": "operational",
        "doc": "b", "quote": "opened in December 2014",
    }  # fmt: skip
    props = {"first_mentioned": "2014-12", "status_history": [told_later, old], "quotes": [], "notes": []}
    assert filters.seen_on({"properties": props}, dt.date(2021, 1, 1))[1] == old
    assert filters.seen_on({"properties": props}, dt.date(2024, 8, 1))[1] == old  # the last entry is in force
    kept = filters.as_of({"properties": props}, dt.date(2021, 1, 1))["properties"]["status_history"]
    assert kept == [old]


def test_a_note_citing_a_source_is_shown_from_the_source_s_date_on():
    """Under As of 2019 a note citing a 2021 article is not known yet; undated notes always are."""
    notes = [{"text": "Drawn straight.", "date": ""}, {"text": "As a 2021 article said.", "date": "2021-11-09"},
             {"text": "The plan of 2021.", "date": "2021"}]  # fmt: skip
    props = {"first_mentioned": "2014-12", "status_history": [], "quotes": [], "notes": notes}
    shown = {day: [n["text"] for n in filters.as_of({"properties": props}, day)["properties"]["notes"]]
             for day in (dt.date(2019, 6, 1), dt.date(2021, 3, 1), dt.date(2021, 11, 9))}  # fmt: skip
    assert shown[dt.date(2019, 6, 1)] == ["Drawn straight."]
    assert shown[dt.date(2021, 3, 1)] == ["Drawn straight.", "The plan of 2021."]  # a year counts from Jan 1
    assert shown[dt.date(2021, 11, 9)] == [n["text"] for n in notes]
    assert filters.as_of({"properties": props}, None)["properties"]["notes"] == notes


# A small collection in the shape of the Almaty–Lahore flights: announced in a lecture of January 2022
# (doc "lecture"), then an interview of July 2024 (doc "interview") says they opened in 2023 and
# were suspended since. As of 2023-01-01 nobody had yet written that they opened.
LECTURE = {"id": "lecture", "title": "A lecture", "outlet": "Institute", "author": "", "date": "2022-01-27",
           "date_approximate": False, "url": "", "body": "Flights Almaty-Lahore are planned."}
INTERVIEW = {"id": "interview", "title": "An interview", "outlet": "Lens", "author": "", "date": "2024-07",
             "date_approximate": True, "url": "https://example.org/interview",
             "body": "Flights opened in 2023 and are suspended for winter."}
OTHER = {"id": "other", "title": "Unrelated", "outlet": "Paper", "author": "", "date": "2021-05-01",
         "date_approximate": False, "url": "", "body": "Nothing about flights."}


def claim(doc, status, date, quote, reported, event=""):
    return {"date": date, "event_date": event, "reported_date": reported, "date_approximate": len(date) < 10,
            "status": status, "quote": quote, "doc": doc, "cue": None, "strength": "fact", "source": "curated",
            "agreeing": [], "disputed": [], "reason": ""}


def quote(doc, text, start):
    return {"doc": doc["id"], "title": doc["title"], "outlet": doc["outlet"], "date": doc["date"],
            "date_approximate": doc["date_approximate"], "url": doc["url"], "text": text, "start": start,
            "end": start + len(text), "status": None, "cue": None, "evidence": "curated"}


@pytest.fixture
def flights():
    claims = [
        claim("lecture", "proposed", "2022-01-27", "Flights Almaty-Lahore are planned.", "2022-01-27"),
        claim("interview", "operational", "2023", "Flights opened in 2023", "2024-07", event="2023"),
        claim("interview", "suspended", "2024-07", "are suspended for winter", "2024-07"),
    ]
    history = [{k: v for k, v in c.items() if k != "reason"} for c in claims]
    props = {
        "id": "almaty-lahore-air", "name": "Almaty–Lahore direct flights", "aliases": [], "modes": ["air"],
        "countries": ["KZ", "PK"], "waypoints": [], "length_km": 1000.0, "notes": [],
        **filters.status_fields(history[-1]), "status_history": history, "status_claims": claims,
        "quotes": [quote(LECTURE, claims[0]["quote"], 0), quote(INTERVIEW, claims[1]["quote"], 0)],
        "first_mentioned": "2022-01-27", "sources": ["interview", "lecture"],
    }  # fmt: skip
    feature = {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[76.9, 43.2], [74.3, 31.5]]},
               "properties": props}  # fmt: skip
    return {"type": "FeatureCollection", "features": [feature], "documents": [LECTURE, INTERVIEW, OTHER]}


def test_as_of_shows_only_what_was_published_by_then_everywhere(flights):
    view = View(asof=dt.date(2023, 1, 1))
    [(seen, entry)] = filters.apply(flights, view)
    props = seen["properties"]
    assert entry["status"] == props["status"] == "proposed"  # not "operational since 2023"
    assert (props["status_quote"], props["status_doc"]) == ("Flights Almaty-Lahore are planned.", "lecture")
    assert [q["doc"] for q in props["quotes"]] == props["sources"] == ["lecture"]
    assert {c["doc"] for c in props["status_claims"]} == {"lecture"}
    assert (props["quote_count"], props["document_count"], props["last_mentioned"]) == (1, 1, "2022-01-27")
    download = filters.narrowed(flights, view)
    assert download["features"][0]["properties"] == props
    assert [d["id"] for d in download["documents"]] == ["lecture"]
    documents = {d["id"]: d for d in flights["documents"]}
    row = filters.table(filters.apply(flights, view), {}, documents).iloc[0]
    assert (row["Status"], row["Status quote"], row["Source title"]) == ("Proposed", props["status_quote"], "A lecture")


def test_an_event_date_given_by_a_later_document_appears_from_that_document_on(flights):
    before = filters.seen_on(flights["features"][0], dt.date(2024, 6, 30))[0]["properties"]["status_history"]
    assert [e["status"] for e in before] == ["proposed"]
    after, entry = filters.seen_on(flights["features"][0], dt.date(2024, 8, 1))
    assert [e["status"] for e in after["properties"]["status_history"]] == ["proposed", "operational", "suspended"]
    assert after["properties"]["status_history"][1]["event_date"] == "2023"
    assert (entry["status"], after["properties"]["status_doc"]) == ("suspended", "interview")


def test_downloads_carry_the_view_and_no_article_text(flights):
    download = filters.narrowed(flights, View())
    assert [d["id"] for d in download["documents"]] == ["lecture", "interview"]  # not the unrelated one
    assert all("body" not in d for d in download["documents"])
    props = download["features"][0]["properties"]
    assert (props["status"], props["status_quote"], props["status_doc"]) == (
        "suspended", "are suspended for winter", "interview",
    )  # fmt: skip
    assert filters.narrowed(flights, View(statuses=("operational",))) == {**flights, "features": [], "documents": []}


def test_csv_carries_status_quote_source_outlet_dates_approximation_and_link(flights):
    documents = {d["id"]: d for d in flights["documents"]}
    row = filters.table(filters.apply(flights, View()), {"KZ": "Kazakhstan", "PK": "Pakistan"}, documents).iloc[0]
    columns = ["Status", "Status quote", "Source title", "Outlet", "Reported date", "Date approximate", "Link"]
    assert row[columns].to_list() == [
        "Suspended", "are suspended for winter", "An interview", "Lens", "2024-07", True, "https://example.org/interview",
    ]  # fmt: skip
    assert row["Countries"] == "Kazakhstan → Pakistan"


def test_status_bands_run_from_each_status_to_the_next_and_ticks_mark_documents(flights):
    documents = {d["id"]: d for d in flights["documents"]}
    bands = filters.status_bands(filters.apply(flights, View()), "2025-10-08", documents)
    spans = [(b.status, b.start.date().isoformat(), b.end.date().isoformat()) for b in bands.itertuples()]
    assert spans == [
        ("Proposed", "2022-01-27", "2023-01-01"),
        ("Operational", "2023-01-01", "2024-07-01"),
        ("Suspended", "2024-07-01", "2025-10-08"),
    ]
    early = filters.status_bands(filters.apply(flights, View(asof=dt.date(2023, 1, 1))), "2023-01-01", documents)
    assert early["status"].to_list() == ["Proposed"]
    ticks = filters.document_ticks(filters.apply(flights, View()))
    assert ticks["document"].to_list() == ["Institute, 2022-01-27", "Lens, 2024-07 (approx.)"]
    assert ticks["quote"].to_list() == ["Flights Almaty-Lahore are planned.", "Flights opened in 2023"]


def test_the_whole_view_round_trips_through_the_link(options):
    view = View(
        countries=("KZ",), asof=dt.date(2024, 8, 1), selected="kkh", page="timeline", color="mode",
        compare=("kkh", "almaty-karachi-air"), center=(36.1234, 63.5), zoom=6,
    )  # fmt: skip
    query = filters.to_query(view)
    assert query == {
        "view": "timeline", "country": "KZ", "asof": "2024-08-01", "selected": "kkh",
        "compare": "kkh,almaty-karachi-air", "color": "mode", "map": "6/36.1234/63.5000",
    }  # fmt: skip
    assert list(query) == [p for p in filters.PARAMS if p in query]
    assert filters.from_query(query, options) == (view, [])
    assert filters.to_query(View()) == {}


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        pytest.param({"view": "globe"}, "unknown view 'globe'", id="view"),
        pytest.param({"color": "rainbow"}, "unknown color 'rainbow'", id="color"),
        pytest.param({"compare": "nowhere"}, "unknown compare 'nowhere'", id="compare"),
        pytest.param({"map": "5/36"}, "malformed map '5/36'", id="map-short"),
        pytest.param({"map": "30/36/63"}, "malformed map '30/36/63'", id="map-zoom"),
        pytest.param({"map": "5/north/63"}, "malformed map '5/north/63'", id="map-text"),
    ],
)
def test_bad_view_values_in_a_link_are_dropped_with_a_notice(options, params, notice):
    view, notices = filters.from_query(params, options)
    assert view == View()
    assert len(notices) == 1 and notice in notices[0]


def test_countries_are_offered_in_the_order_of_their_names(flights):
    feature = flights["features"][0]
    three = {**feature, "properties": {**feature["properties"], "countries": ["PK", "AE", "KZ"]}}
    names = {"KZ": "Kazakhstan", "PK": "Pakistan", "AE": "United Arab Emirates"}
    assert Options.of({**flights, "features": [three]}, names).countries == ("KZ", "PK", "AE")  # not AE first


def test_as_of_holds_no_claim_published_later_not_even_in_downloads(data):
    day = dt.date(2023, 1, 1)
    narrowed = filters.narrowed(data, View(asof=day))
    for feature in narrowed["features"]:
        props = feature["properties"]
        assert all((c["reported_date"] or c["date"]) <= day.isoformat() for c in props["status_claims"])
        assert props["status_quote"] == props["status_history"][-1]["quote"]
    kkh = next(f for f in narrowed["features"] if f["id"] == "kkh")["properties"]
    assert {c["doc"] for c in kkh["status_claims"]} == {"w1-highway-and-flights"}  # w2 is of 2023-07-15


def test_source_filter_offers_the_documents_the_map_quotes_not_every_document(data):
    extra = {"id": "zz-uncited", "title": "A document no route quotes", "outlet": "", "author": "", "date": "2024",
             "date_approximate": False, "url": ""}  # fmt: skip
    offered = Options.of({**data, "documents": [*data["documents"], extra]}).sources
    quoted = {q["doc"] for f in data["features"] for q in f["properties"]["quotes"]}
    assert "zz-uncited" not in offered
    assert quoted <= set(offered)


def test_each_option_counts_the_routes_it_has_among_those_the_other_filters_leave(data):
    counts = filters.counts(data, View(countries=("PK",), modes=("rail",)))
    assert counts["modes"] == {"road": 1, "air": 1, "rail": 1}  # through Pakistan: one route per mode
    assert counts["countries"] == {"UZ": 1, "AF": 1, "PK": 1}  # by rail: the railway alone
    assert counts["statuses"] == {"agreed": 1}
    assert counts["statuses"]["operational"] == 0
    assert filters.counts(data, View(asof=dt.date(2022, 6, 1)))["modes"] == {"road": 1, "air": 1}  # no railway yet


def test_filtered_says_whether_any_filter_is_set():
    assert not filters.filtered(View(selected="kkh", color="mode", zoom=5, center=(36.0, 70.0)))
    assert filters.filtered(View(statuses=("agreed",))) and filters.filtered(View(asof=dt.date(2022, 6, 1)))


def test_since_goes_in_the_link_and_a_malformed_one_is_dropped_with_a_notice(options):
    view = View(since=dt.date(2024, 1, 1))
    assert filters.to_query(view) == {"since": "2024-01-01"}
    assert filters.from_query({"since": "2024-01-01"}, options) == (view, [])
    assert filters.from_query({"since": "last week"}, options) == (
        View(),
        ["Ignored malformed since 'last week' in the link (expected YYYY-MM-DD)."],
    )
