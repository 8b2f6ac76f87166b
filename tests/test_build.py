import itertools
import json

import pytest
from click.testing import CliRunner
from geojson_pydantic import FeatureCollection
from pydantic import ValidationError

from corridors import settings
from corridors.cli import cli
from corridors.geo.geocoder import default_outlines
from corridors.inputs.reviews import Review, save_reviews
from corridors.output import store
from corridors.output.build import assemble, dumps, export, run, store_path, store_tables
from corridors.output.geojson_schema import validate

from .test_routes import REQUIRED_IDS


@pytest.fixture(scope="module")
def built():
    return assemble(settings.SEEDS_DIR, settings.ROUTES_PATH, jobs=1)


@pytest.fixture(scope="module")
def collection(built):
    return export(built.collection)


def test_output_is_valid_rfc7946(collection):
    FeatureCollection.model_validate(collection)
    for feature in collection["features"]:
        for line in (
            feature["geometry"]["coordinates"]
            if feature["geometry"]["type"] == "MultiLineString"
            else [feature["geometry"]["coordinates"]]
        ):
            assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in line)


def test_every_route_has_a_status_backed_by_a_verbatim_quote(built):
    bodies = {d["id"]: d["body"] for d in built.collection["documents"]}
    features = {f["id"]: f["properties"] for f in built.collection["features"]}
    assert set(features) >= REQUIRED_IDS
    for props in features.values():
        assert props["status_quote"] in bodies[props["status_doc"]]
        assert props["status_history"][-1]["status"] == props["status"]
        for quote in props["quotes"]:
            assert bodies[quote["doc"]][quote["start"] : quote["end"]] == quote["text"]


def test_no_words_are_quoted_twice_for_a_route(built):
    for feature in built.collection["features"]:
        spans = sorted((q["doc"], q["start"], q["end"]) for q in feature["properties"]["quotes"])
        for (doc, _, end), (next_doc, next_start, _) in itertools.pairwise(spans):
            assert doc != next_doc or end <= next_start, (feature["id"], doc, end, next_start)


def test_the_geojson_carries_what_the_map_and_card_show_the_store_the_rest(built, collection):
    full = {f["id"]: f["properties"] for f in built.collection["features"]}
    bodies = {d["id"]: d["body"] for d in built.collection["documents"]}
    assert collection["documents"] and all("body" not in d for d in collection["documents"])
    cited = {d["id"] for d in collection["documents"]}
    for feature in collection["features"]:
        p, every = feature["properties"], full[feature["id"]]["quotes"]
        assert "status_claims" not in p and p["quote_count"] == len(every)
        assert len(p["quotes"]) == min(settings.GEOJSON_QUOTES, len(every)) and {q["doc"] for q in p["quotes"]} <= cited
        if p["status_doc"] in {q["doc"] for q in every}:
            assert p["quotes"][0]["doc"] == p["status_doc"], feature["id"]  # the status's evidence first
        for q in p["quotes"]:
            before, after = q["before"].removeprefix("… "), q["after"].removesuffix(" …")
            start = q["start"] - len(before)
            assert bodies[q["doc"]][start : q["end"] + len(after)] == before + q["text"] + after
        assert sum(n for _, _, n in p["mentions_by_month"]) == sum(1 for q in every if q["date"])


def test_current_status_is_the_latest_dated_entry(collection):
    flights = next(f["properties"] for f in collection["features"] if f["id"] == "almaty-lahore-air")
    assert [e["status"] for e in flights["status_history"]] == ["proposed", "operational", "suspended"]
    assert (flights["status"], flights["status_date"], flights["status_date_approximate"]) == (
        "suspended",
        "2024-07",
        True,
    )


def test_every_waypoint_lies_in_its_declared_country(collection):
    outlines = default_outlines()
    for feature in collection["features"]:
        for wp in feature["properties"]["waypoints"]:
            assert outlines.distance_km(wp["country"], wp["lon"], wp["lat"]) <= settings.COUNTRY_TOLERANCE_KM, wp


def test_countries_lengths_and_precision(collection):
    kkh = next(f["properties"] for f in collection["features"] if f["id"] == "karakoram")
    assert kkh["countries"] == ["PK", "CN", "KG", "KZ"]
    assert 700 < kkh["length_km"] < 1300 < kkh["drawn_length_km"]  # the highway; Kashgar-Almaty is context
    assert kkh["segment_parts"] == ["context", "route", "context"]
    assert kkh["geometry_precision"] == "schematic"
    assert {"Khunjerab Pass", "Gilgit", "Kashgar"} <= {w["name"] for w in kkh["waypoints"]}


def test_reported_lengths_stand_beside_the_drawn_ones_with_their_sources(collection):
    props = {f["id"]: f["properties"] for f in collection["features"]}
    reported = {rid: p["reported_length_km"] for rid, p in props.items() if p["reported_length_km"] is not None}
    assert reported == {
        "karakoram": 1200,
        "kti-railway": 908,
        "iti-railway": 6500,
        "trans-afghan": 3800,
        "uap-railway": 700,
    }
    for rid, p in props.items():
        source = p["reported_length_source"]
        if rid not in reported:
            assert source is None, rid  # no source states its length: null, not a guess
            continue
        assert source["note"] and ((source["title"] and source["url"]) or (source["doc"] and source["quote"])), rid
    assert props["karakoram"]["length_km"] < props["karakoram"]["reported_length_km"]  # straight legs are shorter
    assert props["kti-railway"]["reported_length_source"]["outlet"] == "RailTurkey"


def test_a_reported_length_without_its_source_is_refused(collection):
    changed = json.loads(json.dumps(collection))
    changed["features"][0]["properties"]["reported_length_km"] = 1300
    with pytest.raises(ValidationError, match="reported_length_km and reported_length_source go together"):
        validate(changed)


def test_sea_legs_follow_the_sea_and_air_legs_the_great_circle(collection):
    features = {f["id"]: f for f in collection["features"]}
    sea = features["kazakhstan-dubai-multimodal"]["geometry"]["coordinates"][1]
    assert len(sea) > 2  # a sea lane, not a straight line across the Makran coast
    air = features["almaty-lahore-air"]["geometry"]["coordinates"]
    assert len(air) == settings.AIR_LEG_POINTS + 1


def test_dumps_is_deterministic_and_parses_back(collection):
    text = dumps(collection)
    assert text == dumps(json.loads(text))
    assert json.loads(text) == json.loads(json.dumps(collection))


def test_bundled_geojson_is_not_stale(collection):
    assert settings.GEOJSON_PATH.read_text(encoding="utf-8") == dumps(collection), "run `make build` and commit"


def test_bundled_store_is_not_stale(built):
    conn = store.connect(store_path(settings.GEOJSON_PATH))
    for table, rows in store_tables(built).items():
        expected = sorted(tuple(int(v) if isinstance(v, bool) else v for v in row) for row in rows)
        held = sorted(store.rows(conn, table))
        if table == "meta":
            held.remove(("schema_version", str(store.SCHEMA_VERSION)))
        assert held == expected, f"{table}: run `make build` and commit"


def test_a_new_document_adds_quotes_and_a_dated_status_but_an_undated_one_only_quotes(world, world_docs, monkeypatch):
    monkeypatch.setattr(settings, "AUTO_ACCEPT", 0.0)  # every reading moves the map (issue 20: a threshold)
    (world_docs / "kkh-closed.md").write_text(
        "---\ntitle: KKH shut\ndate: 2026-01-10\n---\nThe Karakoram Highway was closed by heavy snow.\n",
        encoding="utf-8",
    )
    (world_docs / "undated.txt").write_text(
        "Trucks back on the road\nThe Karakoram Highway reopened after the winter closure.\n", encoding="utf-8"
    )
    collection, _ = run(world_docs, world.routes)
    kkh = next(f["properties"] for f in collection["features"] if f["id"] == "kkh")
    assert (kkh["status"], kkh["status_date"], kkh["status_doc"]) == ("suspended", "2026-01-10", "kkh-closed")
    assert kkh["status_history"][-1]["source"] == "extracted"
    assert "undated" not in {e["doc"] for e in kkh["status_history"]}
    quotes = {q["doc"]: q for q in kkh["quotes"]}
    assert quotes["kkh-closed"]["evidence"] == "alias" and quotes["kkh-closed"]["cue"] == "closed"
    assert quotes["undated"]["status"] == "operational" and quotes["undated"]["date"] == ""


def _kkh_closed(world_docs) -> str:
    text = "The Karakoram Highway was closed by heavy snow."
    front = "---\ntitle: KKH shut\ndate: 2026-01-10\n---\n"
    (world_docs / "kkh-closed.md").write_text(f"{front}{text}\n", encoding="utf-8")
    return text


def test_a_reading_below_auto_accept_is_pending_until_a_review_accepts_it(world, world_docs, tmp_path):
    text = _kkh_closed(world_docs)
    collection, _ = run(world_docs, world.routes, reviews=tmp_path / "none.yaml")
    kkh = next(f["properties"] for f in collection["features"] if f["id"] == "kkh")
    assert kkh["status"] != "suspended" and kkh["status_basis"] == "curated"
    assert [(e["doc"], e["status"]) for e in kkh["pending"]] == [("kkh-closed", "suspended")]
    assert 0 < kkh["pending"][0]["confidence"] < settings.AUTO_ACCEPT
    reviews = tmp_path / "reviews.yaml"
    decision = {"doc": "kkh-closed", "route": "kkh", "quote": text, "start": 0, "end": len(text),
                "status": "suspended", "reviewed": "2026-01-11"}  # fmt: skip
    save_reviews([Review(**decision, decision="accept")], reviews)
    first, _ = run(world_docs, world.routes, reviews=reviews)
    again, _ = run(world_docs, world.routes, reviews=reviews)
    assert dumps(first) == dumps(again)  # the same decisions, the same GeoJSON byte for byte
    kkh = next(f["properties"] for f in first["features"] if f["id"] == "kkh")
    assert (kkh["status"], kkh["status_basis"], kkh["status_confidence"]) == ("suspended", "reviewed", 1.0)
    assert kkh["pending"] == []
    save_reviews([Review(**decision, decision="reject")], reviews)
    rejected, _ = run(world_docs, world.routes, reviews=reviews)
    kkh = next(f["properties"] for f in rejected["features"] if f["id"] == "kkh")
    assert kkh["status"] != "suspended" and kkh["pending"] == []


def test_a_stale_review_is_one_line_and_the_others_still_apply(world, world_docs, tmp_path):
    text = _kkh_closed(world_docs)
    reviews = tmp_path / "reviews.yaml"
    good = Review("kkh-closed", "kkh", text, 0, len(text), "accept", "suspended", reviewed="2026-01-11")
    stale = Review("kkh-closed", "kkh", "The highway reopened.", 0, 21, "reject", "suspended", reviewed="2026-01-11")
    save_reviews([stale, good], reviews)
    collection, notes = run(world_docs, world.routes, reviews=reviews)
    assert [n for n in notes if "stale" in n] == [
        f"{reviews}:2: stale review of kkh-closed / kkh: its quote is no longer in the document"
    ]
    kkh = next(f["properties"] for f in collection["features"] if f["id"] == "kkh")
    assert (kkh["status"], kkh["status_basis"]) == ("suspended", "reviewed")


def test_a_malformed_reviews_file_exits_2_with_file_line_key(world, world_docs, tmp_path):
    reviews = tmp_path / "reviews.yaml"
    item = "- doc: kkh-closed\n  route: kkh\n  quote: Some words here\n  start: 0\n  end: 15\n"
    reviews.write_text(item + "  decision: maybe\n  status: suspended\n  reviewed: 2026-01-11\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["validate", "--seeds", str(world_docs), "--routes", str(world.routes), "--reviews", str(reviews)]
    )
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {reviews}:6: [0].decision: "), result.output


def test_review_lists_the_queue_and_accept_writes_a_decision_the_build_applies(world, world_docs, tmp_path):
    _kkh_closed(world_docs)
    reviews = tmp_path / "reviews.yaml"
    where = ["--seeds", str(world_docs), "--routes", str(world.routes), "--reviews", str(reviews)]
    listed = CliRunner().invoke(cli, ["review", *where, "--list", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    first = json.loads(listed.output)[0]
    assert (first["id"], first["status"], first["impact"]) == ("kkh-closed:kkh", "suspended", 0)
    accepted = CliRunner().invoke(cli, ["review", *where, "--accept", "kkh-closed:kkh"])
    assert accepted.exit_code == 0, accepted.output
    collection, _ = run(world_docs, world.routes, reviews=reviews)
    kkh = next(f["properties"] for f in collection["features"] if f["id"] == "kkh")
    assert (kkh["status"], kkh["status_basis"]) == ("suspended", "reviewed")
    again = CliRunner().invoke(cli, ["review", *where, "--list", "--format", "json"])
    assert "kkh-closed:kkh" not in {i["id"] for i in json.loads(again.output)}
