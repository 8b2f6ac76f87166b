"""Russian documents: the language of a document, the Russian reading of the extractor on the
project's own sentences (tests/data/russian.yaml), and a Russian page through `corridors add`,
`mentions`, `build` and the store's search."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from benchmarks import russian_eval
from corridors import settings
from corridors.cli import cli
from corridors.errors import InputError
from corridors.extract import Extractor
from corridors.inputs.language import detect
from corridors.inputs.routes import load_routes
from corridors.inputs.sources import read_source
from corridors.output import store

DATA = Path(__file__).parent / "data"
SET = yaml.safe_load((DATA / "russian.yaml").read_text(encoding="utf-8"))
PAGE = DATA / "ru" / "turgundi-herat-protocol.html"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(load_routes())


@pytest.mark.parametrize(("source", "routes"), russian_eval.items("tuning", SET), ids=lambda x: getattr(x, "id", ""))
def test_each_sentence_links_its_routes_with_their_status(extractor, source, routes):
    mentions, _ = extractor.read(source)
    assert {m.route for m in mentions} == set(routes) or (not routes and source.body.startswith("Порты"))
    scores = russian_eval.score(extractor, [(source, routes)])
    assert scores.statuses_right == sum(1 for s in routes.values()), scores.misses


def test_held_out_articles_meet_the_goal(extractor):
    """Sentences written before the Russian reading was tuned, and not read while tuning."""
    scores = russian_eval.score(extractor, russian_eval.items("held out", SET))
    assert scores.f1 >= 0.8
    assert scores.statuses >= 0.7


def test_quotes_are_verbatim_and_inflected_names_match(extractor):
    body = "В Термезе подписали протокол о строительстве Трансафганской железной дороги."
    (mention,) = extractor.read(russian_eval.Source("d", "", body, date="2025-01-01", lang="ru"))[0]
    assert (mention.route, mention.status, mention.quote) == ("uap-railway", "agreed", body)
    assert body[mention.start : mention.end] == body


def test_an_english_document_is_read_as_before(extractor):
    body = "Trucks crossed Torkham on their way from Tashkent to Karachi."
    english = russian_eval.Source("e", "", body, date="2025-01-01")
    assert english.lang == "en"
    assert [m.route for m in extractor.read(english)[0]] == ["trans-afghan"]


def test_language_is_detected_when_the_front_matter_gives_none():
    assert detect("Движение поездов по маршруту возобновлено.") == "ru"
    assert detect("Trains run again on the route.") == "en"
    assert detect("The SCAT flight to Алматы was delayed by fog over the airport this morning.") == "en"


def test_front_matter_lang_language_unknown_keys_and_misspellings(tmp_path, caplog):
    doc = tmp_path / "a.md"
    doc.write_text("---\nlanguage: ru\nsection: economy\n---\nTrains run.\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert read_source(doc).lang == "ru"  # the front matter wins over detection
    assert len(caplog.records) == 1
    assert "section" in caplog.records[0].getMessage()
    doc.write_text("---\ntitel: Trains\n---\nTrains run.\n", encoding="utf-8")
    with pytest.raises(InputError, match="titel: unknown key, did you mean 'title'"):
        read_source(doc)
    doc.write_text("---\nlang: russian\n---\nTrains run.\n", encoding="utf-8")
    with pytest.raises(InputError, match="lang: expected an ISO 639-1"):
        read_source(doc)


def test_a_russian_name_of_no_waypoint_is_refused(tmp_path):
    text = settings.ROUTES_PATH.read_text(encoding="utf-8").replace("Torkham: [Торхам]", "Torkam: [Торхам]", 1)
    (tmp_path / "routes.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="'Torkam' is not a waypoint"):
        load_routes(tmp_path / "routes.yaml")


def test_a_russian_page_added_is_read_built_and_found_in_cyrillic(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(settings.SEEDS_DIR, seeds)
    runner = CliRunner()
    added = runner.invoke(cli, ["add", str(PAGE), "--seeds", str(seeds)])
    assert added.exit_code == 0, added.output
    assert "routes: turgundi-herat" in added.output
    (path,) = seeds.glob("2024-08-15-*.md")
    assert "\nlang: ru\n" in path.read_text(encoding="utf-8")
    listed = runner.invoke(cli, ["mentions", str(path)])
    assert "turgundi-herat" in listed.output
    assert "подписали протокол" in listed.output
    out = tmp_path / "corridors.geojson"
    built = runner.invoke(cli, ["build", "--seeds", str(seeds), "--out", str(out)])
    assert built.exit_code == 0, built.output
    collection = json.loads(out.read_text(encoding="utf-8"))
    (document,) = [d for d in collection["documents"] if d["id"] == path.stem]
    assert document["lang"] == "ru"
    (feature,) = [f for f in collection["features"] if f["id"] == "turgundi-herat"]
    quotes = [q for q in feature["properties"]["quotes"] if q["doc"] == path.stem]
    assert any("Казахстан и Афганистан подписали протокол" in q["text"] and q["lang"] == "ru" for q in quotes)
    with store.connect(out.with_suffix(".sqlite")) as conn:
        for words in ("протокол", "ПРОТОКОЛ", "Герат", "подписа"):  # unicode61 folds Cyrillic case; a prefix
            hits = store.search(conn, words, 1, 20).hits
            assert [h.id for h in hits] == [path.stem], words
            assert hits[0].lang == "ru"
