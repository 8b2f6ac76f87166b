"""``corridors review`` in the terminal, driven through Textual's pilot: keys in, reviews file out."""

import asyncio
import json

from click.testing import CliRunner

from corridors.cli import cli
from corridors.inputs.reviews import load_reviews
from corridors.model import STATUSES
from corridors.output.build import assemble, run
from corridors.review.session import Session
from corridors.review.tui import ReviewApp, screen_text
from corridors.status.queue import highlights

SNOW = "The Karakoram Highway was closed by heavy snow."
AIR = "The Almaty-Karachi flights resumed this week, the airline said."


def _session(world, world_docs, tmp_path) -> Session:
    for name, date, text in (("kkh-closed", "2026-01-10", SNOW), ("air-back", "2026-02-02", AIR)):
        front = f"---\ntitle: {name.upper()}\noutlet: Test Wire\ndate: {date}\n---\n"
        (world_docs / f"{name}.md").write_text(f"{front}{text}\n", encoding="utf-8")
    reviews = tmp_path / "reviews.yaml"
    return Session(assemble(world_docs, world.routes, reviews=reviews), reviews, "2026-03-01")


def _drive(session: Session, *keys: str) -> None:
    async def go():
        app = ReviewApp(session)
        async with app.run_test() as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
                await pilot.pause()

    asyncio.run(go())


def test_the_screen_shows_the_sentence_the_document_and_what_each_answer_makes_of_the_map(world, world_docs, tmp_path):
    session = _session(world, world_docs, tmp_path)
    head, sentence, outcome = (t.plain for t in screen_text(session))
    assert head.startswith(f"item 1 of {len(session.items)}; 0 map statuses still rest on unreviewed readings\n")
    assert [i.id for i in session.items] == ["air-back:almaty-karachi-air", "kkh-closed:kkh"]
    assert head.endswith("\nAIR-BACK · Test Wire · 2026-02-02  (air-back)")
    assert sentence == AIR
    assert outcome.startswith("almaty-karachi-air: reads operational (confidence 0.81); on the map now suspended\n")
    assert outcome.endswith("accept → operational    reject → suspended")
    assert highlights(SNOW, ["Karakoram Highway", "KKH"], "closed") == [(4, 21, "route"), (26, 32, "cue")]


def test_keys_decide_write_the_file_at_once_and_undo_takes_back(world, world_docs, tmp_path):
    session = _session(world, world_docs, tmp_path)
    first, second = session.items[:2]
    _drive(session, "n", *"snow", "enter", "a", "x")
    written = load_reviews(session.path)
    assert [(r.doc, r.decision, r.note) for r in written] == [(first.doc, "accept", "snow"), (second.doc, "reject", "")]
    assert all(session.path.read_text(encoding="utf-8").count(r.quote) == 1 for r in written)
    _drive(session, "u")
    assert [r.doc for r in load_reviews(session.path)] == [first.doc]
    assert session.item == second
    collection, _ = run(world_docs, world.routes, reviews=session.path)
    air = next(f["properties"] for f in collection["features"] if f["id"] == first.route)
    assert (air["status"], air["status_basis"]) == ("operational", "reviewed")


def test_corrections_skip_and_quit(world, world_docs, tmp_path):
    session = _session(world, world_docs, tmp_path)
    second = session.items[1]
    # s: the list of statuses (model.STATUSES); down twice picks the third
    _drive(session, "space", "s", "down", "down", "enter", "q")
    (review,) = load_reviews(session.path)
    third = list(STATUSES)[2]
    assert (review.doc, review.decision, review.status, review.corrected_route) == (second.doc, "correct", third, "kkh")
    session.undo()  # back on the second item: the skipped first stays undecided
    _drive(session, "d", *"2025-13", "enter", "escape", "d", *"2025-12", "enter")
    (review,) = load_reviews(session.path)
    assert (review.doc, review.decision, review.event_date) == (second.doc, "correct", "2025-12")
    assert (review.status, review.corrected_route) == (second.status, second.route)
    assert session.position == 2 and screen_text(session)[0].plain.startswith("queue done: 1 decisions written")


def test_status_applies_the_reviews_file_as_build_does(world, world_docs, tmp_path):
    session = _session(world, world_docs, tmp_path)
    where = ["--seeds", str(world_docs), "--routes", str(world.routes), "--reviews", str(session.path)]
    before = CliRunner().invoke(cli, ["status", "kkh", *where])
    assert before.exit_code == 0 and before.output.startswith("kkh: operational\n"), before.output
    assert "pending: confidence 0.81" in before.output
    session.position = 1
    session.decide("accept")
    after = CliRunner().invoke(cli, ["status", "kkh", *where])
    assert after.output.startswith("kkh: suspended\n"), after.output
    assert [line for line in after.output.splitlines() if line.startswith("  * ")][-1].split()[4] == "reviewed"


def test_make_route_appends_a_stub_the_build_reads_and_keeps_the_file_as_it_was(world, world_docs, tmp_path):
    text = "A railway from Islamabad to Astana was discussed."
    (world_docs / "line.md").write_text(f"---\ntitle: New line\ndate: 2026-02-02\n---\n{text}\n", encoding="utf-8")
    routes = tmp_path / "routes.yaml"
    before = world.routes.read_text(encoding="utf-8")
    routes.write_text(before, encoding="utf-8")
    where = ["--seeds", str(world_docs), "--routes", str(routes), "--reviews", str(tmp_path / "reviews.yaml")]
    listed = json.loads(CliRunner().invoke(cli, ["review", *where, "--list", "--format", "json"]).output)
    (candidate,) = [i for i in listed if i["id"].startswith("candidate:")]
    assert (candidate["id"], candidate["phrase"], candidate["quote"]) == ("candidate:line:15", "Islamabad–Astana", text)
    made = CliRunner().invoke(cli, ["review", *where, "--make-route", candidate["id"]])
    assert made.exit_code == 0 and made.output.startswith("islamabad-astana: a stub appended"), made.output
    after = routes.read_text(encoding="utf-8")
    assert after.startswith(before) and "# TODO" in after[len(before) :]  # appended: every comment kept
    assert '{name: "Islamabad", country: PK, role: terminal}' in after and "modes: [rail]" in after
    checked = CliRunner().invoke(cli, ["validate", *where])
    assert checked.exit_code == 0 and "ok: 4 routes" in checked.output, checked.output
    again = json.loads(CliRunner().invoke(cli, ["review", *where, "--list", "--format", "json"]).output)
    assert not [i for i in again if i["id"].startswith("candidate:")]


def test_m_makes_a_route_of_the_candidate_under_review(world, world_docs, tmp_path):
    text = "A railway from Islamabad to Astana was discussed."
    (world_docs / "line.md").write_text(f"---\ntitle: New line\ndate: 2026-02-02\n---\n{text}\n", encoding="utf-8")
    routes = tmp_path / "routes.yaml"
    routes.write_text(world.routes.read_text(encoding="utf-8"), encoding="utf-8")
    reviews = tmp_path / "reviews.yaml"
    session = Session(assemble(world_docs, routes, reviews=reviews), reviews, "2026-03-01", routes)
    assert [i.id for i in session.items] == ["candidate:line:15"]
    assert "m: make this a route" in screen_text(session)[2].plain
    _drive(session, "a", "m")  # a: no claim to accept
    assert session.made == [] and session.made_routes == {"islamabad-astana"}
    assert "- id: islamabad-astana\n" in routes.read_text(encoding="utf-8")
