"""Links and document statuses on the project's own sentences and short articles for issue 19's classes of
reading error: ``tests/data/generalise.yaml`` (written before the rules, used to choose them) and
``tests/data/heldout.yaml`` (written after, scored once). Per class and overall.

Run: .venv/bin/python -m benchmarks.generalise [FILE.yaml ...]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

from corridors.extract import Extractor
from corridors.inputs.routes import load_routes
from corridors.model import Source
from corridors.status.timeline import document_statuses

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SETS = (DATA / "generalise.yaml", DATA / "heldout.yaml")


def statuses(extractor: Extractor, source: Source) -> dict[str, str | None]:
    """Route -> the status the document states for it (None: linked, no status)."""
    mentions, _ = extractor.read(source)
    found: dict[str, str | None] = dict.fromkeys({m.route for m in mentions})
    found.update({route: m.status for (_, route), m in document_statuses(mentions).items()})
    return found


def sources(data: dict) -> list[tuple[str, Source, dict]]:
    """(class, document, expected routes and statuses) for every sentence and short article of a set."""
    out = [(c["class"], Source(f"s{i}", "s", c["text"], date="2024-01-01"), c["routes"])
           for i, c in enumerate(data["sentences"])]  # fmt: skip
    out += [(f"article:{c['class']}", Source(f"d{i}", c["title"], c["body"], date=str(c["date"])), c["routes"])
            for i, c in enumerate(data["documents"])]  # fmt: skip
    return out


def score(path: Path, extractor: Extractor) -> list[str]:
    """Lines of figures for one set: links P/R/F1, statuses right, and each class's cases right."""
    counts, right, total = Counter(), Counter(), Counter()
    for kind, source, gold in sources(yaml.safe_load(path.read_text(encoding="utf-8"))):
        found = statuses(extractor, source)
        counts["tp"] += len(found.keys() & gold.keys())
        counts["fp"] += len(found.keys() - gold.keys())
        counts["fn"] += len(gold.keys() - found.keys())
        counts["status"] += sum(found.get(r) == s for r, s in gold.items())
        counts["statuses"] += len(gold)
        total[kind] += 1
        right[kind] += found == gold
    p = counts["tp"] / max(counts["tp"] + counts["fp"], 1)
    r = counts["tp"] / max(counts["tp"] + counts["fn"], 1)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    lines = [f"{path.name}: links P {p:.2f} R {r:.2f} F1 {f1:.2f}; statuses {counts['status']}/{counts['statuses']}"]
    return lines + [f"  {kind}: {right[kind]}/{total[kind]}" for kind in sorted(total)]


def main() -> None:
    extractor = Extractor(load_routes())
    for path in [Path(a) for a in sys.argv[1:]] or SETS:
        print(*score(path, extractor), sep="\n")


if __name__ == "__main__":
    main()
