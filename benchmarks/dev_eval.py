"""Figures on the dev articles (published news articles and their ``labels.yaml``), for the
acceptance test and the bench. The articles are not the project's words: they are not in the
repository but in ``../shared/dev-articles`` beside it (CI provides them there).

Run: .venv/bin/python -m benchmarks.dev_eval [FOLDER]   (prints the figures and every disagreement
with the labels; FOLDER defaults to ../shared/dev-articles)
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from corridors import settings
from corridors.extract import extract
from corridors.inputs.routes import load_routes
from corridors.inputs.sources import load_sources
from corridors.output.build import run
from corridors.status.timeline import document_statuses

#: Where the dev articles are: beside the repository, never in it.
DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "dev-articles"


def labels(dev: Path = DEV) -> dict:
    """The labels of the dev articles in ``dev``."""
    return yaml.safe_load((dev / "labels.yaml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class DevScores:
    """What the labels say of one build over ``seeds/`` plus the dev articles."""

    wrong_routes: dict[str, str]  # route -> built status that routes_today does not accept
    statuses_right: int
    statuses_total: int
    links_found: frozenset[tuple[str, str]]  # (document, route)
    links_gold: frozenset[tuple[str, str]]
    wrong_statuses: dict[tuple[str, str], tuple[str, str | None]]  # (doc, route) -> (label, kept)

    @property
    def status_agreement(self) -> float:
        return self.statuses_right / self.statuses_total

    @property
    def precision(self) -> float:
        return len(self.links_found & self.links_gold) / max(len(self.links_found), 1)

    @property
    def recall(self) -> float:
        return len(self.links_found & self.links_gold) / max(len(self.links_gold), 1)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def dev_corpus(folder: Path, dev: Path = DEV) -> Path:
    """``seeds/`` and the dev articles of ``dev`` copied into ``folder/seeds``."""
    seeds = folder / "seeds"
    shutil.copytree(settings.SEEDS_DIR, seeds)
    for article in dev.glob("d*.md"):
        shutil.copy(article, seeds / article.name)
    return seeds


def dev_scores(seeds: Path, labelled_by: dict) -> DevScores:
    """Build over ``seeds`` (made by :func:`dev_corpus`) and compare with ``labelled_by`` (:func:`labels`)."""
    collection, _ = run(seeds, settings.ROUTES_PATH)
    wrong = {
        f["id"]: f["properties"]["status"]
        for f in collection["features"]
        if f["properties"]["status"] not in labelled_by["routes_today"][f["id"]]
    }
    documents = labelled_by["documents"]
    sources = [s for s in load_sources(seeds) if s.id in documents]
    mentions, _ = extract(sources, load_routes(settings.ROUTES_PATH))
    kept = document_statuses(mentions)
    labelled = {(doc, rid): status for doc, lab in documents.items() for rid, status in lab["routes"].items()}
    wrong_statuses = {
        pair: (status, m.status if (m := kept.get(pair)) else None)
        for pair, status in labelled.items()
        if not ((m := kept.get(pair)) and m.status == status)
    }
    return DevScores(
        wrong,
        len(labelled) - len(wrong_statuses),
        len(labelled),
        frozenset((m.doc, m.route) for m in mentions),
        frozenset(labelled),
        wrong_statuses,
    )


def halves(dev: Path = DEV) -> dict[str, str]:
    """Document -> "A" or "B": the dev articles split by outlet (a stable hash of the outlet's name), so that
    rules chosen on one half can be measured on the other, whose outlets they never saw."""
    half = {}
    for article in sorted(dev.glob("d*.md")):
        meta = yaml.safe_load(article.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n"))
        outlet = str(meta.get("outlet", "")).strip().lower()
        half[article.stem] = "AB"[hashlib.sha256(outlet.encode()).digest()[0] % 2]
    return half


def restricted(s: DevScores, docs: set[str]) -> DevScores:
    """The document figures of ``s`` for ``docs`` only (the map statuses are the whole corpus's)."""
    return DevScores(
        s.wrong_routes,
        sum(1 for d, _ in s.links_gold if d in docs) - sum(1 for d, _ in s.wrong_statuses if d in docs),
        sum(1 for d, _ in s.links_gold if d in docs),
        frozenset(p for p in s.links_found if p[0] in docs),
        frozenset(p for p in s.links_gold if p[0] in docs),
        {p: v for p, v in s.wrong_statuses.items() if p[0] in docs},
    )


def main() -> None:
    dev = Path(sys.argv[1]) if len(sys.argv) > 1 else DEV
    if not (dev / "labels.yaml").is_file():
        sys.exit(f"no dev articles in {dev} (a folder of d*.md and labels.yaml; default ../shared/dev-articles)")
    known = labels(dev)
    with tempfile.TemporaryDirectory() as tmp:
        s = dev_scores(dev_corpus(Path(tmp), dev), known)
    routes = len(known["routes_today"])
    print(f"map statuses accepted by routes_today: {routes - len(s.wrong_routes)}/{routes}  wrong: {s.wrong_routes}")
    print(f"document statuses agreeing with the labels: {s.statuses_right}/{s.statuses_total} "
          f"= {s.status_agreement:.2f}")  # fmt: skip
    for pair, (label, kept) in sorted(s.wrong_statuses.items()):
        print(f"  {pair[0]} {pair[1]}: label {label}, kept {kept}")
    print(f"document-route links: precision {s.precision:.2f} recall {s.recall:.2f} F1 {s.f1:.2f}")
    for pair in sorted(s.links_found - s.links_gold):
        print(f"  extra   {pair[0]} {pair[1]}")
    for pair in sorted(s.links_gold - s.links_found):
        print(f"  missing {pair[0]} {pair[1]}")
    split = halves(dev)
    for name in "AB":
        h = restricted(s, {d for d, x in split.items() if x == name})
        print(f"half {name} ({sum(x == name for x in split.values())} articles, split by outlet): document statuses "
              f"{h.statuses_right}/{h.statuses_total} = {h.status_agreement:.2f}; links P {h.precision:.2f} "
              f"R {h.recall:.2f} F1 {h.f1:.2f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
