"""Clauses of a sentence, shallowly: where one ends (semicolons, ", and", ", but", "while", "whereas") and
which stretches are asides (", which last resumed in 2019 after a pause,"), so that a cue takes the words
and the date of its own clause."""

from __future__ import annotations

import re

_BREAK = re.compile(r";|,\s+(?:and|but|while|whereas)\s|\s(?:while|whereas)\s", re.I)
# A relative or temporal clause set off by commas inside another: ", which …,", ", after …,".
_ASIDE = re.compile(r",\s+(?:which|who|whose|where|after|since|when)\b[^,;]{0,200},", re.I)


def clause_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause of ``text`` around ``text[start:end]``, as offsets."""
    cuts = [(m.start(), m.end()) for m in _BREAK.finditer(text)]
    begin = max((e for s, e in cuts if e <= start), default=0)
    finish = min((s for s, e in cuts if s >= end), default=len(text))
    return begin, finish


def clause(text: str, start: int, end: int) -> str:
    """The clause of ``text`` around ``text[start:end]``."""
    begin, finish = clause_span(text, start, end)
    return text[begin:finish]


def own_span(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stretches of ``text`` that belong to the clause of ``text[start:end]``: the aside it stands in,
    or its clause without the asides in it."""
    asides = [m.span() for m in _ASIDE.finditer(text)]
    for a, b in asides:
        if a <= start and end <= b:
            return [(a, b)]
    begin, finish = clause_span(text, start, end)
    spans, cursor = [], begin
    for a, b in asides:
        if begin <= a and b <= finish:
            spans.append((cursor, a))
            cursor = b
    return [*spans, (cursor, finish)]
