"""Syndicated copies count once (issue 23): same body after whitespace, or near-identical bodies."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from corridors.inputs.syndication import one_per_story, overlap, shingles
from corridors.model import Source
from corridors.output import store
from corridors.output.build import assemble, export

from .conftest import WORLD

STORY = (
    "The Karakoram Highway reopened to trucks on Monday after the winter closure, the customs office at "
    "Sost said. Traders expect two hundred containers a week to cross the Khunjerab Pass by June, and the "
    "border will stay open until the end of November, officials told reporters in Gilgit."
)
OTHER = (
    "Kazakhstan and Pakistan signed a protocol on direct flights between Almaty and Karachi on Tuesday. "
    "The airline said it would start with two flights a week, and the ministers discussed a railway "
    "through Afghanistan, customs at the Khunjerab Pass and the reopening of the Karakoram Highway."
)


def doc(id_: str, body: str, date: str = "2024-03-04", outlet: str = "") -> Source:
    return Source(id_, id_, body, outlet=outlet, date=date)


@pytest.mark.parametrize(
    "copy",
    [
        "  " + STORY.replace(" ", "\n", 5).replace(". ", ".   ") + "\n",  # whitespace only
        "By Staff Reporter\n\n" + STORY + "\nRead more on our website. Follow us on social media.",  # syndicated
        STORY.replace("two hundred", "200").replace("Monday", "Monday morning"),  # lightly edited
    ],
    ids=["whitespace", "byline-and-footer", "edited"],
)
def test_a_copy_is_one_story_with_the_earliest_kept(copy):
    first, later = doc("b-agency", STORY, "2024-03-04", "Agency"), doc("a-daily", copy, "2024-03-05", "Daily")
    (kept,) = one_per_story([later, first])
    assert kept.id == "b-agency" and kept.body == STORY
    assert [(c.id, c.outlet, c.body) for c in kept.also_published_by] == [("a-daily", "Daily", "")]


def test_two_stories_on_one_event_stay_two():
    assert overlap(shingles(STORY), shingles(OTHER)) < 0.1
    kept = one_per_story([doc("a", STORY), doc("b", OTHER)])
    assert [(s.id, s.also_published_by) for s in kept] == [("a", ()), ("b", ())]


def test_on_the_same_date_the_smaller_id_is_kept_and_an_undated_copy_comes_last():
    kept = one_per_story([doc("c", STORY, ""), doc("b", STORY), doc("a", STORY)])
    assert [s.id for s in kept] == ["a"] and [c.id for c in kept[0].also_published_by] == ["b", "c"]
    (undated_last,) = one_per_story([doc("a", STORY, ""), doc("z", STORY, "2030-01-01")])
    assert undated_last.id == "z"


def test_copies_chain_into_one_story():
    """A, a light edit of A, and a light edit of that: one story even if A and the last overlap less."""
    second = STORY.replace("Monday", "Tuesday").replace("two hundred", "300")
    third = second.replace("Gilgit", "Islamabad").replace("June", "July").replace("trucks", "lorries")
    kept = one_per_story([doc("a", STORY), doc("b", second), doc("c", third)])
    assert [s.id for s in kept] == ["a"] and len(kept[0].also_published_by) == 2


def world_with_a_copy(folder: Path, outlet: str) -> Path:
    """The fixture world's documents, and a copy of w1 (a byline added) published by ``outlet`` a day later."""
    docs = folder / "docs"
    shutil.copytree(WORLD / "docs", docs)
    original = (docs / "w1-highway-and-flights.md").read_text(encoding="utf-8")
    head, body = original.split("---\n", 2)[1:]
    copy = head.replace("Test Gazette", outlet).replace("2021-02-02", "2021-02-03")
    (docs / "w0-copy.md").write_text(f"---\n{copy}---\nBy our correspondent\n\n{body}", encoding="utf-8")
    return docs


def test_a_build_counts_a_syndicated_copy_once(tmp_path):
    docs = world_with_a_copy(tmp_path, "Other Herald")
    alone = export(assemble(WORLD / "docs", WORLD / "routes.yaml", jobs=1).collection)
    twice = export(assemble(docs, WORLD / "routes.yaml", jobs=1).collection)
    assert [d["id"] for d in twice["documents"]] == [d["id"] for d in alone["documents"]]
    w1 = next(d for d in twice["documents"] if d["id"] == "w1-highway-and-flights")
    assert w1["also_published_by"] == [
        {"id": "w0-copy", "title": "Highway open, flights planned", "outlet": "Other Herald", "date": "2021-02-03",
         "url": "https://example.org/w1"}
    ]  # fmt: skip
    for before, after in zip(alone["features"], twice["features"], strict=True):
        p, q = before["properties"], after["properties"]
        assert (q["quote_count"], q["document_count"]) == (p["quote_count"], p["document_count"])
        assert [x["text"] for x in q["quotes"]] == [x["text"] for x in p["quotes"]]  # each quote once


def test_the_seeds_and_dev_articles_hold_no_copies():
    from benchmarks.dev_eval import DEV
    from corridors import settings
    from corridors.inputs.sources import load_sources

    if not (DEV / "labels.yaml").is_file():
        pytest.skip(f"no dev articles in {DEV} (published articles, kept beside the repository, not in it)")
    sources = load_sources(settings.SEEDS_DIR) + load_sources(DEV)
    assert [replace(s, also_published_by=()) for s in one_per_story(sources)] == sources


def test_a_rebuild_signs_only_the_bodies_it_has_not_seen(tmp_path, monkeypatch):
    from corridors import settings
    from corridors.inputs import syndication

    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path)
    signed = []
    real = syndication.shingles
    monkeypatch.setattr(syndication, "shingles", lambda body: signed.append(body) or real(body))
    stories = [Source(f"d{i}", "t", f"Story {i}: " + " ".join(f"word{i}x{j}" for j in range(40))) for i in range(3)]
    assert one_per_story(stories) == stories
    assert len(signed) == 3
    signed.clear()
    new = Source("d9", "t", "A story never told before, about camels and the weather in the desert this week.")
    assert one_per_story([*stories, new]) == [*stories, new]
    assert signed == [new.body]  # the three signed before come from the cache


def test_sources_lists_the_other_copies_of_a_story(tmp_path):
    from corridors.output.build import build_outputs
    from corridors.web import corpus_view
    from corridors.web.loader import load

    docs = world_with_a_copy(tmp_path, "Other <Herald>")
    out = tmp_path / "out.geojson"
    build_outputs(docs, WORLD / "routes.yaml", out, tmp_path / "out.sqlite", jobs=1)
    conn = store.open_checked(tmp_path / "out.sqlite")
    documents = {d["id"]: d for d in corpus_view.with_store(load(out), conn)["documents"]}
    assert "w0-copy" not in documents  # one story, one document in Sources
    copies = documents["w1-highway-and-flights"]["also_published_by"]
    html, _ = corpus_view.document_html(conn, "w1-highway-and-flights", {}, copies)
    assert "Also published by:" in html and "Other &lt;Herald&gt;, 2021-02-03" in html
