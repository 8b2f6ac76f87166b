"""The candidates stages: route-like phrases no curated route covers, for a curator to add: a
chain of places across a border ("Havelian to the Khunjerab Pass"), a corridor with a name of its
own ("the Lapis Lazuli corridor")."""

from __future__ import annotations

import re

from corridors.extract.fit import Fit
from corridors.extract.lexicon import ROUTE_NOUN
from corridors.extract.names import Lookup
from corridors.extract.sentence import Candidate, Ref, Sentence
from corridors.geo.gazetteer import fold

# A name of capitalised words before a route noun: "the Lapis Lazuli corridor", "Middle Corridor";
# from the start of a word, each word taken whole (linear: no backtracking into a word).
_NAMED_ROUTE = re.compile(
    r"(?<![\w'’–-])((?:[A-Z][\w'’–-]*+[ \t]+){1,4})((?i:corridor|railway|highway|motorway|pipeline|route|road))\b"
)
# Words that make no name on their own: "the New Economic Corridor" names nothing.
_NAMELESS = {
    "the", "a", "an", "this", "that", "its", "new", "old", "proposed", "planned", "main", "national",
    "international", "regional", "economic", "transport", "trade", "transit", "rail", "railway", "road", "gas",
    "oil", "land", "sea", "air", "cargo", "freight", "multimodal", "strategic", "key", "central", "south",
    "north", "east", "west", "southern", "northern", "eastern", "western", "asian",
}  # fmt: skip


class ChainCandidates:
    """A chain of names that fits no route, crosses a border (two countries, or a crossing) and
    reaches beyond the routes the sentence links, named as a route ("… railway") or in a sentence
    with a transport word; two countries alone name a relation, not a route."""

    requires = ("text", "context", "refs", "chains", "links", "refers_back", "modes", "explicit_modes", "freight")
    assigns = ("candidates",)

    def __init__(self, fit: Fit):
        self.fit = fit

    def __call__(self, sentence: Sentence) -> None:
        if sentence.refers_back:
            return
        lex = self.fit.lex
        covered = set().union(*(lex.route_places[r] | lex.route_countries[r] for r in sentence.links))
        for chain in sentence.chains:
            if self.fit.chain_routes(chain, sentence, aliased=set()):
                continue
            known = [r for r in chain if r.kind != "unknown"]
            crosses = len({r.country for r in known}) >= 2 or any(r.key in lex.border_places for r in known)
            if crosses and not all(r.key in covered for r in known):
                self._add(sentence, chain)

    @staticmethod
    def _add(sentence: Sentence, chain: list[Ref]) -> None:
        tail = ROUTE_NOUN.match(sentence.text, chain[-1].end)
        if not (tail or sentence.context):
            return
        if not tail and len(chain) == 2 and all(r.kind == "country" for r in chain):
            return  # two countries alone name a relation ("Pakistan-Kazakhstan ties"), not a route
        phrase = "–".join(r.text for r in chain) + (f" {tail.group(1).lower()}" if tail else "")
        end = tail.end() if tail else chain[-1].end
        sentence.candidates.append(Candidate(phrase, tuple(r.text for r in chain), chain[0].start, end))


class NamedCandidates:
    """A route named by a name of its own that no curated route bears, nor a spelling of one, in a
    sentence with a transport word; a name with places in it is a chain's or a route's own."""

    requires = ("text", "context", "refs", "refers_back")
    assigns = ("candidates",)

    def __init__(self, lookup: Lookup):
        self.lookup = lookup

    def __call__(self, sentence: Sentence) -> None:
        if sentence.refers_back or not sentence.context:
            return
        for match in _NAMED_ROUTE.finditer(sentence.text):
            words = list(re.finditer(r"\S+", match.group(1)))
            while words and fold(words[0].group(0)) in _NAMELESS:
                words.pop(0)
            if not words:  # every word is one that names nothing
                continue
            start = match.start(1) + words[0].start()
            if any(r.kind != "unknown" and start <= r.start < match.end() for r in sentence.refs):
                continue  # a name with places in it is a chain (above), or a route's own place
            phrase = f"{' '.join(w.group(0) for w in words)} {match.group(2).lower()}"
            if not self.lookup.closest(fold(phrase), "alias_names"):  # not a curated route's name, nor a spelling
                sentence.candidates.append(Candidate(phrase, (), start, match.end()))
