"""The links stages: which curated routes a sentence speaks of, and how (its ``Evidence``). In
order: a route's name, chains of places along a route, places and countries named together, a
crossing only one route uses, the routes of the sentence before; the first that links any route
decides, save names and chains, which add up. Last, whether a sentence that links none speaks on
of the passage before it ("The project would …")."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from corridors import settings
from corridors.extract.cues import status_cue, strongest_claim
from corridors.extract.fit import Fit
from corridors.extract.lexicon import DASHES, LETTERS, MODE_OF, MODE_RE, ROUTE_NOUN
from corridors.extract.names import Lookup
from corridors.extract.sentence import Ref, Sentence
from corridors.geo.gazetteer import fold

_OPENER_WINDOW = 60  # characters before a chain searched for its opener ('between', 'via')
_LINK_GAP = re.compile(
    rf"^\s*(?:,\s*)?(?:[/{DASHES}]|(?:(?:on|onwards?)\s+)?to(?:\s+both)?|(?:and\s+)?(?:then|finally)\s+(?:on\s+)?to|via|through)"
    r"(?:\s+the)?\s*$"
)
_IN_GAP = re.compile(r"^\s*(?:,\s*)?in\s*(?:the\s+)?$")
_AND_GAP = re.compile(r"^\s*(?:,\s*)?(?:and|with|and with|and on to)\s*$")
_ALT_GAP = re.compile(r"^\s*(?:,\s*)?(?:but also|as well as|and also|and|or)\s*$")
_OPENERS = {"between", "through", "via", "connecting", "connect", "connects", "link", "linking", "links", "linked",
            "connected", "joining", "join", "joins"}  # fmt: skip
_CROSSING_NOUN = re.compile(r"\s+(?:border|pass|crossing|checkpoint|check-post|dry port|land port)\b", re.I)
_CROSSING_TAIL = re.compile(r"\b(?:border|pass|crossing|checkpoint|dry port|land port)$", re.I)  # "Khunjerab Pass"
_CROSSING_BEFORE = re.compile(r"\b(?:border|pass|crossing|checkpoint|dry port|land port)\s+(?:at|of)\s+$", re.I)
ANAPHORA = re.compile(  # after an opening clause too: "If completed, the project would …"
    r"^(?:(?:If|Once|When|After|Since|However|Meanwhile|Moreover|Now)\b[^,.;]{0,40},\s+)?"
    r"(?:(?:These|They|Both|Such)\b|(?:This|The|That|Its|this|the|that|its)\s+(?:route|routes|project|corridor|line|railway|highway|road|link|pipeline|flights?)\b)"
)


class AliasLinks:
    """A route's name ("the Trans-Afghan railway", "KKH"), unless a mode word after it is not the
    route's; a name of two words misspelt ("Karakuram Higway"); a variant of a name's head before
    a route noun ("Karakorum highway")."""

    requires = ("text", "aliased", "refs")
    assigns = ("links", "spans")

    def __init__(self, lookup: Lookup):
        self.lookup = lookup

    def __call__(self, sentence: Sentence) -> None:
        taken = self._names(sentence) if sentence.aliased else []
        self._misspelt(sentence)
        self._variants(sentence, taken)

    def _names(self, sentence: Sentence) -> list[tuple[int, int]]:
        """Links by a name as the route file spells it; the spans of the names found."""
        lex, text, taken = self.lookup.lex, sentence.text, []
        for pattern in lex.aliases[:2]:
            for match in pattern.finditer(text):
                if any(s <= match.start() < e for s, e in taken):
                    continue
                alias = next(k for k, v in match.groupdict().items() if v)
                after = MODE_RE.match(text[match.end() :].lstrip())
                for rid in lex.aliases[2][alias]:
                    if after and MODE_OF[after.group(0).lower()] not in lex.routes[rid].modes:
                        continue
                    sentence.links[rid] = "alias"
                    sentence.spans.setdefault(rid, match.span())
                    taken.append(match.span())
        return taken

    def _misspelt(self, sentence: Sentence) -> None:
        lex, text = self.lookup.lex, sentence.text
        for first, second in itertools.pairwise(sentence.refs):
            if first.kind != "unknown" or second.kind != "unknown" or text[first.end : second.start] != " ":
                continue
            if first.text[:2].lower() not in lex.alias_prefixes:
                continue
            name = self.lookup.closest(fold(text[first.start : second.end]), "alias_names")
            for rid in lex.alias_owners.get(name, ()) if name else ():
                sentence.links.setdefault(rid, "fuzzy")
                sentence.spans.setdefault(rid, (first.start, second.end))

    def _variants(self, sentence: Sentence, taken: list[tuple[int, int]]) -> None:
        lex, text = self.lookup.lex, sentence.text
        for ref in sentence.refs:
            if ref.kind != "unknown" or not (noun := ROUTE_NOUN.match(text, ref.end)):
                continue
            if any(s <= ref.start < e for s, e in taken):
                continue
            head = self.lookup.closest(fold(ref.text), "alias_head_names")
            mode = MODE_OF.get(noun.group(1).lower())
            for rid in lex.alias_heads.get(head, ()):
                if mode is None or mode in lex.routes[rid].modes:
                    sentence.links.setdefault(rid, "fuzzy")
                    sentence.spans.setdefault(rid, (ref.start, noun.end()))


class Chains:
    """Runs of names joined by dashes, 'to', 'via', 'through', or 'between … and …', with at least two
    names a list knows; an unknown name in a chain is read as the place it is a variant of, if any."""

    requires = ("text", "refs")
    assigns = ("chains",)

    def __init__(self, lookup: Lookup):
        self.lookup = lookup

    def __call__(self, sentence: Sentence) -> None:
        chains = []
        for chain in _runs(sentence.refs, sentence.text):  # a name no list knows ("Logar") stays a stop, unscored
            chain = [r if r.kind != "unknown" else (self.lookup.fuzzy(r) or r) for r in chain]
            if sum(r.kind != "unknown" for r in chain) >= 2:
                chains.append(chain)
        sentence.chains = chains


def _runs(refs: list[Ref], text: str) -> list[list[Ref]]:
    """The names of ``text`` in runs, each joined by the words of a chain; "Termiz in Uzbekistan"
    is one stop."""
    chains, chain = [], []
    end = 0  # where the chain's last name (or the locator after it) ends
    link = ""  # the word of the chain's last link ('to', 'via'), or '' after a dash
    for ref in refs:
        if chain:
            gap = text[end : ref.start]
            if _IN_GAP.match(gap) and ref.kind != "place" and end == chain[-1].end:
                end = ref.end  # "Termiz in Uzbekistan": where the place is, not a stop of the chain
                continue
            before = text[max(0, chain[0].start - _OPENER_WINDOW) : chain[0].start]
            opener = {w.lower() for w in [*before.split()[-2:], link]}
            if _LINK_GAP.match(gap) or (_AND_GAP.match(gap) and _OPENERS & opener):
                chain.append(ref)
                end, link = ref.end, gap.strip(" ," + DASHES + "/")
                continue
            if len(chain) >= 2 and link and _ALT_GAP.match(gap):  # "to Kabul or Peshawar": two chains
                chains.append(chain)
                chain = [*chain[:-1], ref]
                end = ref.end
                continue
            chains.append(chain)
        chain, end, link = [ref], ref.end, ""
    chains.append(chain)
    return chains


class ChainLinks:
    """The route a chain of names runs along, if it fits one best; not one the sentence names (its
    places are that route's stops)."""

    requires = ("text", "refs", "chains", "links", "modes", "explicit_modes", "freight")
    assigns = ("links", "spans")

    def __init__(self, fit: Fit):
        self.fit = fit

    def __call__(self, sentence: Sentence) -> None:
        aliased = set(sentence.links)  # the routes named so far: by their names
        for chain in sentence.chains:
            for rid in self.fit.chain_routes(chain, sentence, aliased):
                fuzzy = any(r.fuzzy and r.kind != "unknown" for r in chain)
                sentence.links.setdefault(rid, "fuzzy" if fuzzy else "chain")
                sentence.spans.setdefault(rid, (chain[0].start, chain[-1].end))


class Cooccurrence:
    """In a sentence with a transport word that names no route yet: the one route its places fit
    (or a place, a country it leads to and the route's mode: "a Kazakh airline's flights to
    Lahore"), every country named on it; else the one route its countries fit."""

    requires = ("text", "context", "refs", "chains", "links", "modes", "explicit_modes", "freight")
    assigns = ("links",)

    def __init__(self, lookup: Lookup, fit: Fit):
        self.lookup, self.fit = lookup, fit

    def __call__(self, sentence: Sentence) -> None:
        if sentence.links or not sentence.context:
            return
        # names inside a named corridor that no route matched ("a Gwadar-Kashgar highway") speak of that one
        text = sentence.text
        named = {r.start for chain in sentence.chains if ROUTE_NOUN.match(text, chain[-1].end) for r in chain}
        refs = [r for r in sentence.refs if r.kind in ("place", "country") and r.start not in named]
        variants = [self.lookup.fuzzy(r) for r in sentence.refs if r.kind == "unknown" and r.fuzzy and len(r.text) >= 6]
        refs += [r for r in variants if r and r.start not in named]
        # places named in passing that fit several routes say nothing about which; with a country
        # the route never reaches ("from China to Karachi"), they tell of another journey
        lex, countries = self.lookup.lex, {r.key for r in refs if r.kind == "country"}
        for best, whole in (
            (self.fit.best(refs, sentence, min_places=2, min_countries=99), False),
            (self._place_and_far_country(refs, sentence), True),
        ):
            if len(best) == 1 and countries <= lex.route_countries[best[0]] and self._fits(best[0], refs, whole):
                sentence.links.update(dict.fromkeys(best, "places"))
                return
        best = self.fit.best([r for r in refs if r.kind == "country"], sentence, min_places=0, min_countries=3)
        sentence.links.update(
            {rid: "countries" for rid in best if countries <= lex.route_countries[rid] and self._fits(rid, refs, True)}
        )

    def _fits(self, rid: str, refs: list[Ref], whole: bool) -> bool:
        """No place named off the route; and, when ``whole`` (countries, or a place and a far country,
        are all it has), the names reach both ends of its line."""
        return not self.fit.off_route(rid, refs) and (not whole or self.fit.spans(rid, refs))

    def _place_and_far_country(self, refs: list[Ref], sentence: Sentence) -> list[str]:
        """A place, the country it leads to, and the route's own mode word; every country named must
        be on the route (ports are named in passing too often to count as a mode here)."""
        if not sentence.explicit_modes:
            return []
        places = [r for r in refs if r.kind == "place"]
        far = {r.key: r for r in refs if r.kind == "country" and r.key not in {p.country for p in places}}
        best = self.fit.best(places + list(far.values()), sentence, min_places=1, min_countries=99)
        modes = sentence.modes - {"sea"}
        return [rid for rid in best if self.lookup.lex.routes[rid].modes[0] in modes]


class OwnCrossing:
    """A border crossing or pass only one route uses, named as a crossing ("the Khunjerab border",
    "the dry port at Sost"), with a transport word the route fits, or closing or reopening ("the pass
    was closed for the winter"); every country the sentence names must be on that route."""

    requires = ("text", "crossing", "context", "refs", "links", "modes", "explicit_modes", "freight")
    assigns = ("links",)

    def __init__(self, fit: Fit):
        self.fit = fit

    def __call__(self, sentence: Sentence) -> None:
        if sentence.links or not sentence.crossing:
            return
        lex, text = self.fit.lex, sentence.text
        countries = {r.key for r in sentence.refs if r.kind == "country"}
        for ref in sentence.refs:
            rid = lex.own_crossings.get(ref.key) if ref.kind == "place" else None
            if not rid or not countries <= lex.route_countries[rid]:
                continue
            as_crossing = (
                _CROSSING_TAIL.search(ref.text)
                or _CROSSING_NOUN.match(text, ref.end)
                or _CROSSING_BEFORE.search(text, max(0, ref.start - _OPENER_WINDOW), ref.start)
            )  # the words just before the name, not the whole sentence before it for each name
            if (sentence.context or as_crossing or _opened_or_closed(text, ref)) and self.fit.compatible(rid, sentence):
                sentence.links[rid] = "crossing"


#: Words that may stand between a crossing and the verb that closes or reopens it ("the pass was again closed").
_BETWEEN = {"was", "were", "is", "are", "has", "have", "had", "been", "be", "being", "the", "a", "again", "also",
            "now", "temporarily", "officially", "finally", "fully", "partially", "reportedly", "once"}  # fmt: skip


def _opened_or_closed(text: str, ref: Ref) -> bool:
    """The sentence's strongest claim closes or reopens the crossing ``ref`` itself: the verb stands next
    to its name, but for auxiliaries ("the Khunjerab Pass was closed", "reopened the pass at Torkham",
    "traffic through Khunjerab resumed"; not "the Khunjerab meeting was closed")."""
    claim = strongest_claim(text)
    if not claim or claim.kind not in ("regression", "restart"):
        return False
    at = text.find(claim.cue)
    between = text[ref.end : at] if at >= ref.end else text[at + len(claim.cue) : ref.start]
    return at >= 0 and set(LETTERS.findall(between.lower())) <= _BETWEEN


class FromPrior:
    """A sentence that names no place nor route, with a mode word and a status cue, speaks of the
    routes the sentence before named itself that run by that mode ("Flights were suspended")."""

    requires = ("text", "prior", "refs", "links", "modes", "explicit_modes")
    assigns = ("links",)

    def __init__(self, fit: Fit, cued: Callable[[str], object] = lambda text: status_cue(text)[0]):
        self.fit = fit
        self.cued = cued  # whether a text has a status cue, in the document's language

    def __call__(self, sentence: Sentence) -> None:
        if sentence.links or not (sentence.prior.direct and sentence.explicit_modes) or sentence.named:
            return
        if self.cued(sentence.text):
            routes = self.fit.lex.routes
            for rid in sentence.prior.routes:
                if set(routes[rid].modes) & sentence.modes:
                    sentence.links[rid] = "context"


class RefersBack:
    """A sentence that links no route but refers back ("These …", "The project …") extends the
    passage before it, as long as the passage stays within ``settings.MAX_SENTENCE_CHARS``."""

    requires = ("end", "text", "prior", "links")
    assigns = ("refers_back",)

    def __call__(self, sentence: Sentence) -> None:
        prior = sentence.prior
        sentence.refers_back = bool(
            not sentence.links
            and prior.routes
            and sentence.end - prior.start <= settings.MAX_SENTENCE_CHARS  # a passage stays bounded
            and ANAPHORA.match(sentence.text)
        )
