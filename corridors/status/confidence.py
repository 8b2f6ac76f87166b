"""How likely a reading is right: a confidence in [0, 1] for each mention and each document's claim,
from its evidence alone. Pure functions.

A mention's confidence is the chance its route link is right (by how the sentence named the route)
times the chance its status is right (by the cue's strength, higher when the sentence dates the
event). A claim (the mention that stands for its document, ``timeline.document_statuses``) moves in
odds: up for each other mention of the same document that says the same, and for each other
document that agrees; down for each document that disputes it. The tables were set on the
development articles (docs/BENCHMARKS.md, "Confidence"): rounded down, as new articles read worse.
"""

from __future__ import annotations

from corridors.model import Mention

#: P(route link right | how the sentence named the route).
LINK = {
    "alias": 0.95,
    "crossing": 0.9,
    "chain": 0.9,
    "fuzzy": 0.8,
    "places": 0.8,
    "countries": 0.75,
    "context": 0.6,
}
#: P(status right | the cue's strength): a reported fact is read right more often than a plan or an idea.
STATUS = {"fact": 0.85, "plan": 0.7, "idea": 0.6}
#: Added to the status's chance when the sentence gives the event's own date ("signed in February 2021").
DATED = 0.05
#: Odds multiplied per other voice that says the same (at most ``MAX_VOICES`` count) or disputes it.
AGREE_ODDS, DISPUTE_ODDS, MAX_VOICES = 1.5, 0.5, 3


def mention_confidence(m: Mention) -> float:
    """The chance that ``m`` links the right route and, when it claims one, reads the right status
    (1 for a curated quote: a person's word)."""
    if m.evidence == "curated":
        return 1.0
    link = LINK.get(m.evidence, LINK["context"])
    if not m.status:
        return round(link, 2)
    status = min(STATUS.get(m.strength or "fact", STATUS["idea"]) + (DATED if m.event_date else 0.0), 1.0)
    return round(link * status, 2)


def claim_confidence(m: Mention, same_doc: int = 0, agreeing: int = 0, disputing: int = 0) -> float:
    """The confidence of ``m`` as its document's claim, given ``same_doc`` other mentions of that
    document saying the same, ``agreeing`` other documents saying the same, ``disputing`` saying another."""
    p = min(mention_confidence(m), 0.99)
    odds = p / (1 - p)
    odds *= AGREE_ODDS ** min(same_doc + agreeing, MAX_VOICES) * DISPUTE_ODDS ** min(disputing, MAX_VOICES)
    return round(odds / (1 + odds), 2)

