"""Is the confidence calibrated? On the dev articles (``benchmarks.dev_eval``): per bucket of
confidence, how many readings there are and how many the labels call right, for every mention that
claims a status (right: the labels link its document to its route with that status) and for each
document's claim (the one ``timeline.claims_by_route`` keeps); and, per threshold, the precision of
the claims at or above it (``settings.AUTO_ACCEPT`` is chosen from this table).

Run: .venv/bin/python -m benchmarks.confidence_eval [FOLDER]
"""

from __future__ import annotations

import itertools
import sys
import tempfile
from pathlib import Path

from benchmarks.dev_eval import DEV, dev_corpus, labels
from corridors import settings
from corridors.extract import extract
from corridors.inputs.routes import load_routes
from corridors.inputs.sources import load_sources
from corridors.status.confidence import mention_confidence
from corridors.status.timeline import claims_by_route

BUCKETS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
THRESHOLDS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9)


def readings(dev: Path = DEV) -> tuple[list[tuple[float, bool]], list[tuple[float, bool]]]:
    """``(mentions, claims)``: (confidence, right by the labels) of each status reading of the dev articles."""
    documents = labels(dev)["documents"]
    with tempfile.TemporaryDirectory() as tmp:
        sources = [s for s in load_sources(dev_corpus(Path(tmp), dev)) if s.id in documents]
    found, _ = extract(sources, load_routes(settings.ROUTES_PATH))

    def right(doc: str, route: str, status: str | None) -> bool:
        return documents[doc]["routes"].get(route, "no link") == status

    mentions = [(mention_confidence(m), right(m.doc, m.route, m.status)) for m in found if m.status]
    by_route = claims_by_route(found, {s.id: s.date for s in sources})
    claims = [(e.confidence, right(e.doc, rid, e.status)) for rid, entries in by_route.items() for e in entries]
    return mentions, claims


def reliability(scored: list[tuple[float, bool]]) -> list[tuple[str, int, float, float]]:
    """Per bucket of ``BUCKETS``: (bucket, readings, mean confidence, share right)."""
    rows = []
    for low, high in itertools.pairwise(BUCKETS):
        inside = [(p, ok) for p, ok in scored if low <= p < high or (high == 1.0 and p == 1.0)]
        if inside:
            mean = sum(p for p, _ in inside) / len(inside)
            rows.append((f"{low:.1f}-{high:.1f}", len(inside), mean, sum(ok for _, ok in inside) / len(inside)))
    return rows


def precision_at(scored: list[tuple[float, bool]], threshold: float) -> tuple[int, float]:
    """(readings at or above ``threshold``, share of them right)."""
    kept = [ok for p, ok in scored if p >= threshold]
    return len(kept), (sum(kept) / len(kept) if kept else 1.0)


def main() -> None:
    dev = Path(sys.argv[1]) if len(sys.argv) > 1 else DEV
    mentions, claims = readings(dev)
    for name, scored in (("mentions claiming a status", mentions), ("document claims", claims)):
        print(f"{name}: {len(scored)}, right {sum(ok for _, ok in scored)}")
        print("  | bucket | readings | mean confidence | observed right |")
        for bucket, n, mean, observed in reliability(scored):
            print(f"  | {bucket} | {n} | {mean:.2f} | {observed:.2f} |")
    print("| threshold | mentions at or above | precision | claims at or above | precision |")
    for t in THRESHOLDS:
        (nm, pm), (nc, pc) = precision_at(mentions, t), precision_at(claims, t)
        print(f"| {t:.2f} | {nm} | {pm:.2f} | {nc} | {pc:.2f} |")


if __name__ == "__main__":
    main()
