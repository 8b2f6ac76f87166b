"""Sentence spans of news text: blingfire's fast sentence breaker inside each block (a
block is a line that starts a paragraph, a headline or a list item; wrapped lines are
joined), with breaks after titles and initials ("Mr.", "Lt.", "Q.") mended."""

from __future__ import annotations

import re
from collections.abc import Iterator

import blingfire

from corridors import settings

# A newline ends a block unless the next line plainly continues the sentence (starts lowercase).
_BLOCK_BREAK = re.compile(r"\n(?=[ \t]*(?:$|[^a-z \t]))", re.M)
# A "sentence" ending in one of these is a title or an initial, not the end of a sentence.
_ABBREVIATION = re.compile(
    r"(?:^|[\s(*\"'“‘])(?:Mr|Mrs|Ms|Dr|Lt|Gen|Col|Maj|Capt|Cdr|Prof|Sen|Rep|Gov|Amb|St|Jr|Sr|No|Nos|Vol|Art"
    r"|Inc|Ltd|Co|Corp|vs|approx|[A-Z])\.\W*$"
)


# Characters at the end of a long sentence read for an abbreviation (and the spaces after it).
_TAIL = 200
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
    """(start, end) offsets into ``text`` of each sentence of ``text[start:end]``, trimmed; a sentence
    longer than ``settings.MAX_SENTENCE_CHARS`` comes in pieces of at most that length, cut at a
    space when there is one, so that the work on each piece is bounded."""
    chunk = text[start:end]
    spans: list[tuple[int, int]] = []
    for s, e in _offsets(chunk):
        if spans and _goes_on(chunk, *spans[-1]):
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    limit = settings.MAX_SENTENCE_CHARS
    return [(start + a, start + b) for s, e in spans for a, b in _pieces(chunk, *_trim(chunk, s, e), limit) if b > a]


def _goes_on(chunk: str, s: int, e: int) -> bool:
    """A sentence ending in a title or an initial ("Mr.", "Q."), or a list number alone ("2."), goes
    on in the next. Only its last characters are read: a run of initials stays linear."""
    if e - s <= _TAIL:
        return bool(_ABBREVIATION.search(chunk[s:e]) or _NUMBERING.fullmatch(chunk[s:e].strip()))
    return bool(_ABBREVIATION.search("x" + chunk[e - _TAIL : e]))  # "x": no abbreviation at the cut


def _pieces(chunk: str, s: int, e: int, limit: int) -> Iterator[tuple[int, int]]:
    """``chunk[s:e]`` in pieces of at most ``limit`` characters, cut at the last space of the
    second half of each, else at the limit; offsets stay those of ``chunk``."""
    while e - s > limit:
        cut = chunk.rfind(" ", s + limit // 2, s + limit)
        cut = cut if cut > s else s + limit
        piece_end = cut
        while piece_end > s and chunk[piece_end - 1].isspace():
            piece_end -= 1
        yield s, piece_end
        s = cut
        while s < e and chunk[s].isspace():
            s += 1
    yield s, e


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
