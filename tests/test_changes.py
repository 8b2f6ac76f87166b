"""What changed since a date, and when a route's status was last confirmed, on the fixture world."""

import datetime as dt

import pytest

from corridors.output import store
from corridors.web import corpus_view, filters
from corridors.web.changes import Change, changes_since, last_confirmed, on_or_after
from corridors.web.filters import View
from corridors.web.present import route_card

W1, W2 = "w1-highway-and-flights", "w2-railway-framework"
KKH, AIR, RAIL = "Karakoram Highway", "Almaty–Karachi flights", "Termez–Peshawar railway"


@pytest.fixture(scope="module")
def data(world):
    return corpus_view.with_store(world.collection, store.open_checked(corpus_view.path_for(world.geojson)))


@pytest.fixture(scope="module")
def documents(data):
    return {d["id"]: d for d in data["documents"]}


def shown(data, view: View | None = None):
    return [f for f, _ in filters.apply(data, view or View())]


def test_what_changed_since_a_date_lists_exactly_the_changes_of_the_fixture_corpus_newest_first(data, documents):
    assert changes_since(shown(data), documents, dt.date(2022, 1, 1)) == [
        Change("2023-07-15", "status", W2, (AIR,), "suspended", "proposed"),
        Change("2023-07-15", "status", W2, (RAIL,), "agreed"),
        Change("2023-07-15", "document", W2, (AIR, KKH, RAIL)),
        Change("2023-07-15", "quote", W2, (AIR,), text="the Almaty-Karachi flights were suspended for the winter"),
        Change("2023-07-15", "quote", W2, (KKH,), text="Trade on the Karakoram Highway grew by a fifth."),
        Change("2023-07-15", "quote", W2, (RAIL,), text="signed a framework agreement on the Termez-Peshawar railway"),
    ]
    since_start = changes_since(shown(data), documents, dt.date(2021, 2, 2))
    assert [(c.date, c.kind, c.routes) for c in since_start[6:]] == [
        ("2021-02-02", "status", (AIR,)),
        ("2021-02-02", "status", (KKH,)),
        ("2021-02-02", "document", (AIR, KKH)),
        ("2021-02-02", "quote", (AIR,)),
        ("2021-02-02", "quote", (KKH,)),
    ]
    assert changes_since(shown(data), documents, dt.date(2023, 7, 16)) == []


def test_what_changed_follows_the_filters_and_leaks_nothing_after_as_of(data, documents):
    air = changes_since(shown(data, View(modes=("air",))), documents, dt.date(2021, 1, 1))
    assert {c.routes for c in air} == {(AIR,)}
    early = changes_since(shown(data, View(asof=dt.date(2022, 6, 1))), documents, dt.date(2021, 1, 1))
    assert early and all(c.date <= "2022-06-01" for c in early)


@pytest.mark.parametrize(
    ("date", "day", "after"),
    [("2024-07-15", "2024-07-15", True), ("2024-07-14", "2024-07-15", False), ("2024-07", "2024-07-31", True),
     ("2024", "2024-12-31", True), ("2023-12", "2024-01-01", False), ("", "2000-01-01", False)],
)  # fmt: skip
def test_a_partial_date_counts_when_the_day_falls_in_it(date, day, after):
    assert on_or_after(date, dt.date.fromisoformat(day)) is after


def test_the_card_says_when_and_by_which_document_its_status_was_last_confirmed(world, data, documents):
    feature = next(f for f in data["features"] if f["id"] == "almaty-karachi-air")
    assert last_confirmed(feature["properties"], "suspended")["doc"] == W2
    assert last_confirmed(feature["properties"], "proposed")["doc"] == W1
    assert last_confirmed(feature["properties"], "operational") is None
    card = route_card(feature, feature["properties"]["status_history"][-1], documents, {})
    assert "Last confirmed 2023-07-15 by" in card and documents[W2]["title"] in card
