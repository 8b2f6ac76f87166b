"""Sentence spans of news text: syntok inside each block, a block being a line that
starts a new paragraph, a headline or a list item (wrapped lines are joined)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from syntok import segmenter

# A newline ends a block unless the next line plainly continues the sentence (starts lowercase).
_BLOCK_BREAK = re.compile(r"\n(?=[ \t]*(?:$|[^a-z \t]))", re.M)


def blocks(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank block of ``text``."""
    start = 0
    for match in _BLOCK_BREAK.finditer(text):
        if text[start : match.start()].strip():
            yield start, match.start()
        start = match.end()
    if text[start:].strip():
        yield start, len(text)


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets into ``text`` of each sentence of ``text[start:end]``, trimmed."""
    chunk = text[start:end]
    spans = []
    for paragraph in segmenter.analyze(chunk):
        for sentence in paragraph:
            first, last = sentence[0], sentence[-1]
            s, e = first.offset, last.offset + len(last.value)
            s, e = _trim(chunk, s, e)
            if e > s:
                spans.append((start + s, start + e))
    return spans


def _trim(chunk: str, s: int, e: int) -> tuple[int, int]:
    while s < e and chunk[s].isspace():
        s += 1
    while e > s and chunk[e - 1].isspace():
        e -= 1
    return s, e
