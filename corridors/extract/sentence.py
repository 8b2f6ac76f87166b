"""The sentence the extractor's stages share (as spaCy's components share a ``Doc``): the document
loop gives its place, its text, the document's date and what the sentence before hands on
(``GIVEN``); then each stage of ``linker.Extractor`` reads some fields and sets others, as it
declares in its ``requires`` and ``assigns`` (checked by ``pipeline.Pipeline``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # claims.py reads cues.py; the sentence only holds what it found
    from corridors.extract.cues import Claim

#: How a sentence was linked to a route (see the README's table).
Evidence = Literal["alias", "chain", "fuzzy", "crossing", "places", "countries", "context"]
#: A name is a route's place, a country, another place of the gazetteer, or a capitalised word no list knows.
RefKind = Literal["place", "country", "other", "unknown"]


@dataclass(frozen=True)
class Ref:
    """A name in a sentence, at ``start:end`` of its text."""

    start: int
    end: int
    text: str
    kind: RefKind
    key: str = ""  # folded place name, or ISO code
    country: str = ""
    fuzzy: bool = False  # a variant of the name ``key`` ("Termiz"), or, unknown, a word that may be one


@dataclass(frozen=True)
class Candidate:
    """A route-like phrase no curated route covers, for a curator; ``start`` and ``end`` count from
    the sentence's start."""

    phrase: str
    places: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Prior:
    """What a sentence hands on to the next one of its paragraph."""

    modes: frozenset[str] = frozenset()  # the modes it names: a sentence that names none takes them
    routes: tuple[str, ...] = ()  # the routes its passage speaks of
    direct: bool = False  # it named those routes itself (not through the sentence before it)
    start: int = 0  # where its passage starts: a sentence that refers back extends the passage before


#: The fields the document loop sets; every other field is set by a stage.
GIVEN = ("start", "end", "text", "reported", "prior")


@dataclass(eq=False)
class Sentence:
    """One sentence of a document and what the stages found in it (offsets count from ``start``)."""

    start: int  # offsets in the document
    end: int
    text: str
    reported: str = ""  # the document's date, ISO, possibly partial or empty
    prior: Prior = Prior()
    # words: the sentence's lowercase words and what they tell
    words: set[str] = field(default_factory=set)
    modes: set[str] = field(default_factory=set)  # its own, or (when it names none) those of the one before
    explicit_modes: bool = False  # ``modes`` are its own
    freight: bool = False
    context: bool = False  # a transport, freight or route word
    # names
    aliased: bool = False  # a word of some route's name (or a two-word name misspelt)
    crossing: bool = False  # a word of a crossing only one route uses ("Khunjerab")
    refs: list[Ref] = field(default_factory=list)  # its names, left to right
    # links
    chains: list[list[Ref]] = field(default_factory=list)  # runs of names: "from Termez via Kabul to Peshawar"
    links: dict[str, Evidence] = field(default_factory=dict)  # route id -> how the sentence names it
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # route id -> where it is named
    refers_back: bool = False  # it speaks on of the passage before ("The project would …")
    # claims and candidates
    claims: dict[str, Claim | None] = field(default_factory=dict)  # route id -> the status it claims
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def named(self) -> bool:
        """Any name a list knows (a place, a country)."""
        return any(r.kind != "unknown" for r in self.refs)

    def hand_on(self) -> Prior:
        """What the next sentence of the paragraph is to know of this one."""
        modes = frozenset(self.modes) if self.explicit_modes else frozenset()
        if self.refers_back:
            return Prior(modes, self.prior.routes, False, self.prior.start)
        direct = bool(self.links) and "context" not in self.links.values()
        return Prior(modes, tuple(sorted(self.links)), direct, self.start)
