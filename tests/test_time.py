"""The As-of slider: its frames (one per month, at the month's last day) match As-of for the same dates."""

import datetime as dt

import pytest

from corridors.output import store
from corridors.web import corpus_view, filters
from corridors.web.filters import View

from .apptest import labelled, opened


def documents(*dates: str) -> dict:
    return {"features": [], "documents": [{"id": f"d{i}", "date": d} for i, d in enumerate(dates)]}


def test_frames_run_from_the_first_documents_month_to_the_latests_at_each_months_last_day():
    frames = filters.as_of_months(documents("2024-01-15", "2023-11", "", "2024-02-29"))
    assert frames == [dt.date(2023, 11, 30), dt.date(2023, 12, 31), dt.date(2024, 1, 31), dt.date(2024, 2, 29)]
    assert filters.as_of_months(documents("2022", "2022-02-03")) == [dt.date(2022, 1, 31), dt.date(2022, 2, 28)]
    assert filters.as_of_months(documents("")) == []


@pytest.mark.parametrize(
    ("day", "frame"),
    [
        ("2024-02-01", "2024-02-29"),
        ("2023-02-28", "2023-02-28"),
        ("2024-12-05", "2024-12-31"),
        ("2025-04-30", "2025-04-30"),
    ],
)
def test_a_day_belongs_to_the_frame_of_its_month(day, frame):
    assert filters.frame_of(dt.date.fromisoformat(day)) == dt.date.fromisoformat(frame)


def test_the_slider_stands_at_the_frame_of_as_of_within_the_frames_and_play_steps_to_the_next():
    frames = filters.as_of_months(documents("2024-01-10", "2024-03-02"))
    assert filters.slider_frame(frames, None) == dt.date(2024, 3, 31)  # no As-of: the latest month
    assert filters.slider_frame(frames, dt.date(2024, 2, 10)) == dt.date(2024, 2, 29)
    assert filters.slider_frame(frames, dt.date(2019, 5, 1)) == frames[0]
    assert filters.slider_frame(frames, dt.date(2030, 5, 1)) == frames[-1]
    assert filters.next_frame(frames, dt.date(2024, 1, 31)) == dt.date(2024, 2, 29)
    assert filters.next_frame(frames, dt.date(2024, 2, 3)) == dt.date(2024, 2, 29)  # mid-month: its own frame
    assert filters.next_frame(frames, frames[-1]) is None and filters.next_frame(frames, None) is None


@pytest.fixture(scope="module")
def data(world):
    return corpus_view.with_store(world.collection, store.open_checked(corpus_view.path_for(world.geojson)))


def test_each_frame_shows_what_as_of_shows_on_the_same_day_and_every_document_appears_in_its_months_frame(data):
    frames = filters.as_of_months(data)
    assert len(frames) > 12
    for frame in frames:  # a frame is the As-of date of its last day: the same routes, statuses, quotes
        assert filters.apply(data, View(asof=frame)) == filters.apply(data, View(asof=filters.frame_of(frame)))
    quotes = lambda asof: {q["doc"] for f, _ in filters.apply(data, View(asof=asof)) for q in f["properties"]["quotes"]}  # noqa: E731
    for doc in (d for d in data["documents"] if len(d["date"]) == 10):
        day = dt.date.fromisoformat(doc["date"])
        frame = filters.slider_frame(frames, day)
        assert frame >= day and frame.month == day.month
        assert (doc["id"] in quotes(frame)) == (doc["id"] in quotes(day))
    statuses = [tuple(e["status"] for _, e in filters.apply(data, View(asof=f))) for f in frames]
    assert len(set(statuses)) > 1  # playing changes the map of the fixture world


def test_the_slider_sets_as_of_play_starts_from_its_month_and_clear_filters_resets_it(world_app):
    at = opened()
    frames = filters.as_of_months(corpus_view.with_store(world_app.collection, store.open_checked(
        corpus_view.path_for(world_app.geojson))))  # fmt: skip
    slider = labelled(at.sidebar.select_slider, "As of, by month")
    assert slider.label == "As of, by month" and slider.options[0] == frames[0].strftime("%Y-%m")
    assert slider.value == frames[-1] and at.session_state.f_asof is None
    labelled(at.sidebar.select_slider, "As of, by month").set_value(frames[3]).run()
    assert at.session_state.f_asof == frames[3] and at.query_params["asof"] == frames[3].isoformat()
    assert f"as of {frames[3].isoformat()}" in next(c.value for c in at.caption if "routes shown" in c.value)
    at.sidebar.button(key="play").click().run()
    assert at.session_state.playing and at.session_state.f_asof == frames[3]
    assert at.sidebar.button(key="play").label == "Pause"
    at.sidebar.button(key="clear_sidebar").click().run()
    assert at.session_state.f_asof is None and not at.session_state.playing
    assert labelled(at.sidebar.select_slider, "As of, by month").value == frames[-1] and "asof" not in at.query_params


def test_a_typed_as_of_date_moves_the_slider_to_its_month(world_app):
    at = opened(asof="2023-07-15")
    assert labelled(at.sidebar.select_slider, "As of, by month").value == dt.date(2023, 7, 31)
    assert at.session_state.f_asof == dt.date(2023, 7, 15)  # the typed day stays; the slider shows its month
