"""Precision and recall of the fuzzy place matcher on tests/data/variants.yaml (tests and bench)."""

from pathlib import Path

import yaml

from corridors.extract import Extractor
from corridors.geo.gazetteer import fold

VARIANTS = yaml.safe_load((Path(__file__).parent / "data" / "variants.yaml").read_text(encoding="utf-8"))


def fuzzy_scores(extractor: Extractor, threshold: float) -> tuple[float, float]:
    """(precision, recall) of ``extractor.fuzzy_place`` at ``threshold``."""
    from corridors import settings

    saved, settings.FUZZY_THRESHOLD = settings.FUZZY_THRESHOLD, threshold
    try:
        hits = {word: extractor.fuzzy_place(word) for word in [*VARIANTS["variants"], *VARIANTS["not_places"]]}
    finally:
        settings.FUZZY_THRESHOLD = saved
    right = sum(hits[v] == fold(c) for v, c in VARIANTS["variants"].items())
    found = sum(h is not None for h in hits.values())
    return right / max(found, 1), right / len(VARIANTS["variants"])
