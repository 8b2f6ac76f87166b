"""The review queue: the extracted claims no person decided, in the order that matters most, then the
candidate corridors. Pure.

First the claims that set a route's map status (resting on a reading, ``auto``) or would change it
if accepted (a pending claim of another status); then the disputed ones; then the rest, by rising
confidence. An item's id is ``document:route``."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    """A claim to decide, and what the map shows of its route now."""

    id: str
    doc: str
    route: str
    status: str
    quote: str
    confidence: float
    reason: str  # why it does not set the status ('' when it does)
    route_status: str  # the route's status on the map now
    impact: int  # 0: sets or would change the map status, 1: disputed, 2: the rest


def queue(features: list[dict]) -> list[Item]:
    """The undecided extracted claims of the built ``features`` (with ``status_claims``), in queue order."""
    items = []
    for feature in features:
        p = feature["properties"]
        for c in p["status_claims"]:
            if c["source"] != "extracted" or c["reason"].startswith(("rejected", "curated over")):
                continue
            sets = not c["reason"] or (c["reason"].startswith("pending") and c["status"] != p["status"])
            impact = 0 if sets else 1 if c["disputed"] else 2
            items.append(Item(f"{c['doc']}:{p['id']}", c["doc"], p["id"], c["status"], c["quote"], c["confidence"],
                              c["reason"], p["status"], impact))  # fmt: skip
    return sorted(items, key=lambda i: (i.impact, i.confidence, i.id))


@dataclass(frozen=True)
class Proposal:
    """A candidate corridor (a route-like phrase no route covers) to make a route of, or not."""

    id: str  # candidate:document:offset
    doc: str
    phrase: str
    text: str  # the words of the document that name it
    places: tuple[str, ...]
    quote: str


def proposals(candidates: list[dict]) -> list[Proposal]:
    """The candidate corridors (as ``corridors candidates`` prints them) as queue items, after every claim."""
    return [
        Proposal(f"candidate:{c['doc']}:{c['start']}", c["doc"], c["phrase"], c["text"], tuple(c["places"]), c["quote"])
        for c in candidates
    ]


def highlights(text: str, words: list[str], cue: str | None) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` in a queued item's ``text`` of the route's ``words`` (kind "route") and of the
    status ``cue`` (kind "cue"), whole words, case-insensitively, longest first, never overlapping; in order."""
    spans: list[tuple[int, int, str]] = []
    for kind, names in (("route", words), ("cue", [cue] if cue else [])):
        for name in sorted({n for n in names if n}, key=len, reverse=True):
            for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=re.IGNORECASE):
                if not any(s < m.end() and m.start() < e for s, e, _ in spans):
                    spans.append((m.start(), m.end(), kind))
    return sorted(spans)
