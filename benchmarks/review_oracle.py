"""The review queue against an oracle: the seeds plus the dev articles (``benchmarks.dev_eval``, read from
../shared/dev-articles, never copied), no reviews; a simulated reviewer answers the claims of the queue in
order from the labels: accept when the label gives the document that status for that route, correct the
status when it gives another, reject when it links the document to no such route or states no status.
After each decision the map statuses are drawn again by the build's rules (``corridors.review.Session``)
and counted against the labels' ``routes_today``. Per threshold (``settings.AUTO_ACCEPT``): the claims
auto-accepted and their precision, the claims queued, the decisions until every map status is right,
and the most wrong map statuses resting on an ``auto`` basis at any step (the goal: 0 throughout).

Run: .venv/bin/python -m benchmarks.review_oracle [FOLDER]
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.dev_eval import DEV, dev_corpus, labels
from corridors import settings
from corridors.output.build import assemble
from corridors.review.session import Session
from corridors.status.queue import Item

THRESHOLDS = (0.75, 0.8, 0.85, 0.9, 0.95, 1.01)  # 1.01: nothing is auto, every claim waits for a person


@dataclass(frozen=True)
class Run:
    threshold: float
    documents: int
    auto: int  # extracted claims at or above the threshold
    auto_right: int
    queued: int  # claims of labelled documents in the queue (auto ones too: a person may still confirm them)
    pending: int  # of them below the threshold: they wait for a person and do not move the map
    right_after: int | None  # decisions until every map status is right and stays right (None: never)
    wrong_at_start: int
    wrong_at_end: int
    wrong_auto_max: int  # the most wrong map statuses resting on an auto basis, over every step


def answer(item: Item, said: dict[str, str | None]) -> tuple[str, dict]:
    """The oracle's decision on ``item``, given what the labels say the document states per route."""
    label = said.get(item.route, "no link")
    if label == item.status:
        return "accept", {}
    if label in ("no link", None):
        return "reject", {}
    return "correct", {"status": label, "corrected_route": item.route}


def wrong(session: Session, today: dict[str, list[str]]) -> tuple[int, int]:
    """``(wrong map statuses, of them resting on an auto basis)`` with the session's decisions so far."""
    drawn = session.drawn()
    bad = [e for rid, e in drawn.items() if e.status not in today[rid]]
    return len(bad), sum(e.source in ("extracted", "inferred") for e in bad)


def oracle(seeds: Path, known: dict, threshold: float, reviews: Path) -> Run:
    settings.AUTO_ACCEPT = threshold
    reviews.unlink(missing_ok=True)
    session = Session(assemble(seeds, settings.ROUTES_PATH, jobs=1, reviews=reviews), reviews, "2026-01-01")
    documents = known["documents"]
    auto = [
        documents[c["doc"]]["routes"].get(f["id"], "no link") == c["status"]
        for f in session.built.collection["features"]
        for c in f["properties"]["status_claims"]
        if c["source"] == "extracted" and c["confidence"] >= threshold and c["doc"] in documents
    ]
    pending = sum(isinstance(i, Item) and i.doc in documents and i.reason.startswith("pending") for i in session.items)
    steps = [wrong(session, known["routes_today"])]
    for item in [i for i in session.items if isinstance(i, Item)]:
        session.position = session.items.index(item)
        if item.doc in documents:
            decision, changes = answer(item, documents[item.doc]["routes"])
            session.decide(decision, **changes)
            steps.append(wrong(session, known["routes_today"]))
    settled = [n for n in range(len(steps)) if all(bad == 0 for bad, _ in steps[n:])]
    return Run(
        threshold, len(session.sources), len(auto), sum(auto), len(steps) - 1, pending, settled[0] if settled else None,
        steps[0][0], steps[-1][0], max(auto for _, auto in steps),
    )  # fmt: skip


def runs(dev: Path = DEV) -> list[Run]:
    known = labels(dev)
    before = settings.AUTO_ACCEPT
    try:
        with tempfile.TemporaryDirectory() as tmp:
            seeds = dev_corpus(Path(tmp), dev)
            return [oracle(seeds, known, t, Path(tmp) / "reviews.yaml") for t in THRESHOLDS]
    finally:
        settings.AUTO_ACCEPT = before


def table(found: list[Run]) -> list[str]:
    lines = [
        "| AUTO_ACCEPT | claims auto | precision | queued (pending) | decisions until every map status is right "
        "| wrong map statuses at start / end | most wrong on `auto` at any step |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in found:
        precision = f"{r.auto_right / r.auto:.2f}" if r.auto else "-"
        settled = "never" if r.right_after is None else str(r.right_after)
        lines.append(
            f"| {r.threshold:.2f} | {r.auto} | {precision} | {r.queued} ({r.pending}) | {settled} "
            f"| {r.wrong_at_start} / {r.wrong_at_end} | {r.wrong_auto_max} |"
        )
    return lines


INTRO = [
    "## Review queue against an oracle (issue 20)",
    "",
    "`.venv/bin/python -m benchmarks.review_oracle` (also run by `make bench`, about 3 s): `seeds/` and the 22 dev "
    "articles (read from `../shared/dev-articles/`), no reviews. A simulated reviewer answers the claims of the queue "
    "in its order from `labels.yaml`: accept when the label gives the document that status for that route, correct "
    "the status when it gives another, reject when the document has no such route or states no status. After each "
    "decision the map statuses are drawn again by the build's own rules and compared with `routes_today`. Goals: at "
    "most one decision per three documents (9 for 27), precision of auto-accepted claims >= 0.95, no wrong map status "
    "resting on `auto` at any step.",
    "",
]


def section(dev: Path = DEV) -> list[str]:
    """The section of docs/BENCHMARKS.md."""
    if not (dev / "labels.yaml").is_file():
        return [*INTRO, "*Not run: no dev articles in ../shared/dev-articles.*"]
    found = runs(dev)
    return [*INTRO, f"{found[0].documents} documents.", "", *table(found)]


def main() -> None:
    dev = Path(sys.argv[1]) if len(sys.argv) > 1 else DEV
    if not (dev / "labels.yaml").is_file():
        sys.exit(f"no dev articles in {dev} (a folder of d*.md and labels.yaml; default ../shared/dev-articles)")
    print("\n".join(section(dev)))


if __name__ == "__main__":
    main()
