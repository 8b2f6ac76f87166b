from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from corridors import settings
from corridors.cli import cli
from corridors.extract import Extractor, extract, status_cue
from corridors.extract.segment import blocks, sentences
from corridors.inputs.routes import load_routes
from corridors.inputs.sources import load_sources
from corridors.model import Source

from .fuzzy_eval import fuzzy_scores

DATA = Path(__file__).parent / "data"
GOLD = yaml.safe_load((DATA / "gold.yaml").read_text(encoding="utf-8"))
ADVERSARIAL = yaml.safe_load((DATA / "adversarial.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extractor():
    return Extractor(load_routes())


@pytest.fixture(scope="module")
def seed_mentions():
    mentions, _ = extract(load_sources(settings.SEEDS_DIR), load_routes())
    return mentions


def precision_recall(found: set, gold: set) -> tuple[float, float]:
    right = len(found & gold)
    return right / max(len(found), 1), right / max(len(gold), 1)


def test_gold_document_route_pairs(seed_mentions):
    gold = {(doc, item["route"]) for doc, items in GOLD.items() for item in items}
    found = {(m.doc, m.route) for m in seed_mentions}
    precision, recall = precision_recall(found, gold)
    assert precision >= 0.95 and recall >= 0.95, (found - gold, gold - found)


def test_gold_sentences(seed_mentions):
    gold = {(doc, item["route"], item["sentence"]) for doc, items in GOLD.items() for item in items}
    bodies = {s.id: s.body for s in load_sources(settings.SEEDS_DIR)}
    found = set()
    for m in seed_mentions:  # a quote may run on into a sentence that refers back ("These are ...")
        first = next(body_s for body_s in _sentences(bodies[m.doc]) if body_s[0] == m.start)
        found.add((m.doc, m.route, bodies[m.doc][first[0] : first[1]]))
    precision, recall = precision_recall(found, gold)
    assert precision >= 0.95 and recall >= 0.95, (found - gold, gold - found)


def _sentences(body: str):
    return [span for block in blocks(body) for span in sentences(body, *block)]


def test_quotes_are_verbatim_at_their_offsets(seed_mentions):
    bodies = {s.id: s.body for s in load_sources(settings.SEEDS_DIR)}
    assert seed_mentions
    for m in seed_mentions:
        assert bodies[m.doc][m.start : m.end] == m.quote


@pytest.mark.parametrize("case", ADVERSARIAL, ids=[c["text"][:40] for c in ADVERSARIAL])
def test_adversarial_sentences(extractor, case):
    mentions, _ = extractor.read(Source("adv", "adv", case["text"]))
    assert sorted({m.route for m in mentions}) == sorted(case["routes"])
    if "status" in case:
        assert {m.status for m in mentions} == {case["status"]}
    if "statuses" in case:  # two routes, each with the status of its own clause
        assert {m.route: m.status for m in mentions} == case["statuses"]


def test_fuzzy_threshold_holds_on_the_variant_list(extractor):
    precision, recall = fuzzy_scores(extractor, settings.FUZZY_THRESHOLD)
    assert precision >= 0.9 and recall >= 0.9


@pytest.mark.parametrize(
    ("text", "status", "cue"),
    [
        ("The line was inaugurated in May.", "operational", "inaugurated"),
        ("Both sides signed a protocol on the corridor.", "agreed", "signed"),
        ("Flights were suspended but the airline plans to return.", "suspended", "suspended"),
        ("The railway is under construction.", "under_construction", "under construction"),
        ("Officials proposed a new railway.", "proposed", "proposed"),
        ("A road could one day link the valleys.", "potential", "could"),
        ("The pipeline project was scrapped.", "cancelled", "scrapped"),
        ("The road runs north.", None, None),
        ("Flights are expected to begin in spring.", "proposed", "expected to"),
        ("The first train will be launched next year.", "proposed", "will be launched"),
        ("The pass reopened after the winter closure.", "operational", "reopened"),
        ("The airline runs weekly flights to Almaty.", "operational", "weekly flights"),
        ("Flights have not yet been restored after they were halted.", "suspended", "halted"),
        ("The idea was raised, but no funding has been announced.", "potential", "idea"),
        ("The flights haven't resumed since they were suspended.", "suspended", "suspended"),
        ("A detailed survey of the line was completed.", "agreed", "detailed survey"),
        ("Trucks completed a trial run to Almaty.", "operational", "trial run"),
        ("Both sides are considering a rail link.", "potential", "considering"),
        ("The highway is considered a lifeline.", None, None),
        ("The highway is open from May to November.", None, None),  # the month, not the modal
        ("Kazakhstan has floated an alternative route.", "potential", "floated"),
    ],
)
def test_status_cues(text, status, cue):
    assert status_cue(text) == (status, cue)


def test_sentences_survive_abbreviations_figures_and_headlines():
    text = (
        "Retired Lt Gen Majid Ehsan met H.E. Yerzhan Kistafin. Mr. Khan said the U.S. share was $1.5 billion "
        '(about 2.5 per cent). "It is a 35-year relationship," he said.\nHeadline Without Stop\nNext one.'
    )
    found = [text[s:e] for block in blocks(text) for s, e in sentences(text, *block)]
    assert found == [
        "Retired Lt Gen Majid Ehsan met H.E. Yerzhan Kistafin.",
        "Mr. Khan said the U.S. share was $1.5 billion (about 2.5 per cent).",
        '"It is a 35-year relationship," he said.',
        "Headline Without Stop",
        "Next one.",
    ]


def test_list_and_heading_markup_is_not_part_of_a_sentence():
    text = "## Key points\n- The railway would run from Termez to Peshawar\n2. Cost: $7 bn.\n> Quoted line."
    found = [text[s:e] for block in blocks(text) for s, e in sentences(text, *block)]
    assert found == ["Key points", "The railway would run from Termez to Peshawar", "Cost: $7 bn.", "Quoted line."]


def test_candidates_list_what_no_curated_route_covers():
    _, candidates = extract(load_sources(settings.SEEDS_DIR), load_routes())
    phrases = {c["phrase"] for c in candidates}
    assert "Islamabad–Astana" in phrases  # a link between capitals that no route draws
    assert "China–Pakistan corridor" in phrases  # CPEC
    assert not any(p.startswith("Pakistan–Kazakhstan") for p in phrases)  # relations, not a route


def test_a_new_line_to_a_border_crossing_is_a_candidate_and_a_domestic_one_is_not(extractor):
    text = (
        "Islamabad and Beijing are studying a rail line from Havelian to the Khunjerab Pass. "
        "The government plans a new motorway from Karachi to Lahore."
    )
    mentions, candidates = extractor.read(Source("new", "new", text))
    assert mentions == []  # the Karakoram Highway runs there, but by road
    assert [c["text"] for c in candidates] == ["Havelian to the Khunjerab Pass"]


def test_a_corridor_with_a_name_of_its_own_is_a_candidate_unless_a_route_bears_it(extractor):
    text = (
        "The Lapis Lazuli corridor reaches Turkey. Kazakhstan promotes the Middle Corridor across the Caspian. "
        "Trucks use the Karakorum highway. A new Economic Corridor was announced."
    )
    _, candidates = extractor.read(Source("named", "named", text))
    assert [(c["phrase"], c["text"]) for c in candidates] == [
        ("Lapis Lazuli corridor", "Lapis Lazuli corridor"),
        ("Middle corridor", "Middle Corridor"),
    ]


def test_mentions_cli_prints_json_with_verbatim_quotes(world):
    result = CliRunner().invoke(cli, ["mentions", str(world.docs), "--routes", str(world.routes), "--format", "json"])
    assert result.exit_code == 0
    rows = yaml.safe_load(result.output)
    assert {"route", "doc", "start", "end", "quote", "status", "evidence"} <= set(rows[0])
    assert rows == sorted(rows, key=lambda r: (r["doc"], r["start"], r["route"]))
    bodies = {s.id: s.body for s in load_sources(world.docs)}
    assert all(bodies[r["doc"]][r["start"] : r["end"]] == r["quote"] for r in rows)
    assert {r["route"] for r in rows} == {"kkh", "almaty-karachi-air", "termez-peshawar-rail"}


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty document"),
        (b"\x00\x01", "binary file"),
        (b"\xe9t\xe9", "not UTF-8"),
        (b"---\na: [\n---\nx", "front"),
    ],
)
def test_bad_documents_warn_and_are_skipped_or_stop_with_strict(world, world_docs, content, problem):
    (world_docs / "zz_bad.txt").write_bytes(content)
    lenient = CliRunner().invoke(cli, ["mentions", str(world_docs), "--routes", str(world.routes)])
    assert lenient.exit_code == 0
    assert f"warning: skipped {world_docs / 'zz_bad.txt'}" in lenient.output and problem in lenient.output
    strict = CliRunner().invoke(cli, ["mentions", str(world_docs), "--routes", str(world.routes), "--strict"])
    assert strict.exit_code == 2
    assert strict.output.startswith("error: ") and "zz_bad.txt" in strict.output and "Traceback" not in strict.output


def test_validate_reports_curated_and_extracted_disagreements():
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0
    assert "note: route 'karakoram': 004_612eeb51f7329b07 is curated as operational" in result.output
