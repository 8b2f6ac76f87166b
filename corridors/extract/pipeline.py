"""Stages in order over a sentence. Each stage declares the fields of ``Sentence`` it reads
(``requires``) and those it sets (``assigns``); a pipeline whose stage reads a field no stage
before it sets is refused when it is built (the idea of spaCy's ``Language.analyze_pipes``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import ClassVar, Protocol

from corridors.extract.sentence import GIVEN, Sentence

FIELDS = frozenset(f.name for f in fields(Sentence))


class Stage(Protocol):
    """A step of the extractor: reads some fields of a sentence and sets others."""

    requires: ClassVar[tuple[str, ...]]
    assigns: ClassVar[tuple[str, ...]]

    def __call__(self, sentence: Sentence) -> None: ...


class Pipeline:
    """Stages run in order on each sentence."""

    def __init__(self, stages: Sequence[Stage]):
        problems = unmet(stages)
        if problems:
            raise ValueError("stages out of order: " + "; ".join(problems))
        self.stages = tuple(stages)

    def __call__(self, sentence: Sentence) -> Sentence:
        for stage in self.stages:
            stage(sentence)
        return sentence


def unmet(stages: Sequence[Stage]) -> list[str]:
    """What is wrong with the declared order: a field a stage reads that no stage before it sets
    (nor the document loop), or a name that is no field of ``Sentence``."""
    known, problems = set(GIVEN), []
    for stage in stages:
        name = type(stage).__name__
        problems += [f"{name} declares {f!r}, no field" for f in (*stage.requires, *stage.assigns) if f not in FIELDS]
        problems += [f"{name} reads {f!r} before any stage sets it" for f in stage.requires if f not in known]
        known.update(stage.assigns)
    return problems
