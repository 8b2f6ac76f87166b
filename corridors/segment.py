"""Sentence spans of news text: blingfire's fast sentence breaker inside each block (a
block is a line that starts a paragraph, a headline or a list item; wrapped lines are
joined), with breaks after titles and initials ("Mr.", "Lt.", "Q.") mended."""

from __future__ import annotations

import re
from collections.abc import Iterator

import blingfire

# A newline ends a block unless the next line plainly continues the sentence (starts lowercase).
_BLOCK_BREAK = re.compile(r"\n(?=[ \t]*(?:$|[^a-z \t]))", re.M)
# A "sentence" ending in one of these is a title or an initial, not the end of a sentence.
_ABBREVIATION = re.compile(
    r"(?:^|[\s(*\"'“‘])(?:Mr|Mrs|Ms|Dr|Lt|Gen|Col|Maj|Capt|Cdr|Prof|Sen|Rep|Gov|Amb|St|Jr|Sr|No|Nos|Vol|Art"
    r"|Inc|Ltd|Co|Corp|vs|approx|[A-Z])\.\W*$"
)


# "2." alone is the number of a list item, not a sentence.
_NUMBERING = re.compile(r"\d{1,2}[.)]")
# "- ", "* ", "• ", "1. ", "## ", "> " at the start of a sentence: markup, not its words.
_MARKUP = re.compile(r"(?:[-*•–]|\d{1,2}[.)]|#{1,6}|>)[ \t]+")


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
    spans: list[tuple[int, int]] = []
    for s, e in _offsets(chunk):
        previous = chunk[spans[-1][0] : spans[-1][1]] if spans else ""
        if spans and (_ABBREVIATION.search(previous) or _NUMBERING.fullmatch(previous.strip())):
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    return [(start + s, start + e) for s, e in (_trim(chunk, s, e) for s, e in spans) if e > s]


def _offsets(chunk: str) -> list[tuple[int, int]]:
    """blingfire's sentences located in ``chunk`` (its own offsets API is slow in pure Python)."""
    flat = chunk.replace("\n", " ").replace("\r", " ").replace("\t", " ")
    found, cursor = [], 0
    for sentence in blingfire.text_to_sentences(chunk).split("\n"):
        at = flat.find(sentence, cursor)
        if at < 0:
            return blingfire.text_to_sentences_and_offsets(chunk)[1]
        found.append((at, at + len(sentence)))
        cursor = at + len(sentence)
    return found


def _trim(chunk: str, s: int, e: int) -> tuple[int, int]:
    """Without surrounding blanks, nor the markup that opens a list item or a heading."""
    while s < e and chunk[s].isspace():
        s += 1
    markup = _MARKUP.match(chunk, s, e)
    if markup:
        s = markup.end()
    while e > s and chunk[e - 1].isspace():
        e -= 1
    return s, e
