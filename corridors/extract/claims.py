"""The claims stage: the status each linked route is said to be in (``cues.strongest_claim``, with
the event dates of ``dates``): in a sentence that names two routes or more, each route's from the
clause that names it when that clause has a cue of its own."""

from __future__ import annotations

from collections.abc import Callable

from corridors.extract.clauses import clause
from corridors.extract.cues import Claim, strongest_claim
from corridors.extract.sentence import Sentence


class Claims:
    """The strongest claim about each linked route, dated against the document's date."""

    requires = ("text", "reported", "links", "spans")
    assigns = ("claims",)

    def __init__(self, strongest: Reader = strongest_claim):
        self.strongest = strongest  # the cues of the document's language

    def __call__(self, sentence: Sentence) -> None:
        named_at = sentence.spans if len(sentence.links) > 1 else {}  # two routes: each its own clause's cue
        sentence.claims = {
            rid: claim(sentence.text, sentence.reported, named_at.get(rid), self.strongest) for rid in sentence.links
        }


#: What reads a text's strongest claim: ``cues.strongest_claim`` in English, ``russian.strongest_claim``.
Reader = Callable[[str, str], Claim | None]


def claim(
    quote: str, reported: str, named_at: tuple[int, int] | None = None, strongest: Reader = strongest_claim
) -> Claim | None:
    """The strongest claim of the clause of ``quote`` around ``named_at`` if it has one, else of the whole."""
    found = strongest(clause(quote, *named_at), reported) if named_at else None
    return found or strongest(quote, reported)
