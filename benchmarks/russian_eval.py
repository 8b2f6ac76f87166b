"""Figures on the project's own Russian sentences and short articles (``tests/data/russian.yaml``):
links precision, recall and F1, and statuses right, on the tuning part and on the held-out part
apart; and the cost of reading Russian against English.

Run: .venv/bin/python -m benchmarks.russian_eval [--cost N] [--all]   (prints the figures and every
disagreement on the tuning part, on both with ``--all``; with ``--cost``, the time to read N
Russian and N English documents, and memory)
"""

from __future__ import annotations

import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from corridors.extract import Extractor, russian_stages
from corridors.inputs.routes import load_routes
from corridors.model import Source
from corridors.status.timeline import document_statuses

SET = Path(__file__).resolve().parent.parent / "tests" / "data" / "russian.yaml"
PARTS = {"tuning": ("sentences", "documents"), "held out": ("held_out_sentences", "held_out_documents")}


@dataclass(frozen=True)
class Scores:
    links_right: int
    links_found: int
    links_expected: int
    statuses_right: int
    statuses_expected: int
    misses: tuple[str, ...]

    @property
    def precision(self) -> float:
        return self.links_right / self.links_found if self.links_found else 1.0

    @property
    def recall(self) -> float:
        return self.links_right / self.links_expected if self.links_expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def statuses(self) -> float:
        return self.statuses_right / self.statuses_expected if self.statuses_expected else 1.0


def items(part: str, data: dict | None = None) -> list[tuple[Source, dict]]:
    """The documents of a part of the set, each with the routes and statuses it is labelled with."""
    data = data or yaml.safe_load(SET.read_text(encoding="utf-8"))
    found = []
    for key in PARTS[part]:
        for i, item in enumerate(data.get(key, [])):
            body = item.get("body") or item["text"]
            date = str(item.get("date", "2025-01-01"))
            found.append((Source(f"{key}-{i:02d}", item.get("title", ""), body, date=date, lang="ru"), item["routes"]))
    return found


def score(extractor: Extractor, labelled: list[tuple[Source, dict]]) -> Scores:
    """Links and statuses of each document against its labels."""
    right = found = expected = statuses = statuses_expected = 0
    misses = []
    for source, routes in labelled:
        mentions, _ = extractor.read(source)
        linked = {m.route for m in mentions}
        claimed = {route: m.status for (_, route), m in document_statuses(mentions).items()}
        right += len(linked & routes.keys())
        found += len(linked)
        expected += len(routes)
        for route, status in routes.items():
            statuses_expected += 1
            statuses += route in linked and claimed.get(route) == status
        if linked != routes.keys() or any(claimed.get(r) != s for r, s in routes.items() if r in linked):
            got = dict.fromkeys(linked) | claimed
            misses.append(f"{source.id}: expected {routes}, got {got}: {source.body[:90]!r}")
    return Scores(right, found, expected, statuses, statuses_expected, tuple(misses))


def cost(extractor: Extractor, n: int) -> dict[str, float]:
    """Seconds to read ``n`` Russian and ``n`` English documents (the set's articles, and seeds/,
    repeated with distinct ids; the sentence cache emptied before each document, so that a
    repeated text is read again; the word cache kept, as across a real corpus), the first Russian
    document's extra cost (dictionaries and the gazetteer's Cyrillic names loaded), and the
    process's peak memory."""
    russian = [s for s, _ in items("tuning") + items("held out") if s.id.startswith(("documents", "held_out_doc"))]
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    from corridors.inputs.sources import load_sources

    english = load_sources(seeds)
    start = time.perf_counter()
    extractor.read(russian[0])
    times = {"ru_first_s": time.perf_counter() - start}
    for name, docs in (("ru", russian), ("en", english)):
        corpus = [Source(f"{d.id}-{i}", d.title, d.body, date=d.date, lang=d.lang) for i in range(n) for d in docs][:n]
        start = time.perf_counter()
        chars = 0
        for source in corpus:
            russian_stages.words.cache_clear()
            extractor.read(source)
            chars += len(source.body)
        times[name] = time.perf_counter() - start
        times[f"{name}_chars"] = chars / len(corpus)
    times["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return times


def main(argv: list[str]) -> None:
    start = time.perf_counter()
    extractor = Extractor(load_routes())
    print(f"extractor built in {time.perf_counter() - start:.2f} s")
    for part in PARTS:
        s = score(extractor, items(part))
        print(
            f"{part}: links P {s.precision:.2f} R {s.recall:.2f} F1 {s.f1:.2f} "
            f"({s.links_right}/{s.links_found} found, {s.links_expected} expected); "
            f"statuses {s.statuses:.2f} ({s.statuses_right}/{s.statuses_expected})"
        )
        for miss in s.misses if part == "tuning" or "--all" in argv else ():  # held out: not read while tuning
            print("  ", miss)
    if argv[:1] == ["--cost"]:
        n = int(argv[1]) if len(argv) > 1 else 1000
        print(cost(extractor, n))


if __name__ == "__main__":
    main(sys.argv[1:])
