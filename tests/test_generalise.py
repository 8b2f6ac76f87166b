"""Issue 19's classes of reading error, each in sentences and short articles this project's authors wrote
(tests/data/generalise.yaml): what was launched, event dates, chains naming a place off the route, the road
corridor without its name, border passes, flights, over-linking. tests/data/heldout.yaml was written after
the rules were chosen; its figures are in docs/BENCHMARKS.md (``python -m benchmarks.generalise``)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from benchmarks.generalise import statuses
from corridors.extract import Extractor
from corridors.inputs.routes import load_routes
from corridors.model import Source

DATA = yaml.safe_load((Path(__file__).parent / "data" / "generalise.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extractor():
    return Extractor(load_routes())


def _cases(kind: str) -> list:
    return [
        pytest.param(case, id=f"{case['class']}-{i}",
                     marks=[pytest.mark.xfail(reason=case["known_miss"], strict=True)] if "known_miss" in case else [])
        for i, case in enumerate(DATA[kind])
    ]  # fmt: skip


@pytest.mark.parametrize("case", _cases("sentences"))
def test_sentence(extractor, case):
    assert statuses(extractor, Source("s", "s", case["text"], date="2024-01-01")) == case["routes"]


@pytest.mark.parametrize("case", _cases("documents"))
def test_article(extractor, case):
    source = Source("d", case["title"], case["body"], date=str(case["date"]))
    assert statuses(extractor, source) == case["routes"]
