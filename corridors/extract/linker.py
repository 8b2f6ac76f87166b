"""Find where documents speak of routes: sentences linked to curated routes by their
names, chains of places, mode words and context, each with the status cue it carries;
and route-like phrases that match no curated route (candidates for a curator)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from rapidfuzz import fuzz, process

from corridors import settings
from corridors.extract.cues import status_cue, strongest_claim
from corridors.extract.lexicon import CONTEXT, DASHES, FREIGHT, LETTERS, MODE_OF, MODE_RE, MODE_WORDS, Lexicon
from corridors.extract.segment import blocks, sentences
from corridors.geo.gazetteer import Gazetteer, fold
from corridors.model import Mention, Route, Source

#: How a sentence was linked to a route (see the README's table).
Evidence = Literal["alias", "chain", "fuzzy", "crossing", "places", "countries", "context"]
_OPENER_WINDOW = 60  # characters before a chain searched for its opener ('between', 'via')

ANAPHORA = re.compile(  # after an opening clause too: "If completed, the project would …"
    r"^(?:(?:If|Once|When|After|Since|However|Meanwhile|Moreover|Now)\b[^,.;]{0,40},\s+)?"
    r"(?:(?:These|They|Both|Such)\b|(?:This|The|That|Its|this|the|that|its)\s+(?:route|routes|project|corridor|line|railway|highway|road|link|pipeline|flights?)\b)"
)

# A word: a letter, then word characters, with apostrophes only between them (no backtracking).
_TOKEN = re.compile(r"[^\W\d_]\w*(?:['’]+\w+)*")
_LINK_GAP = re.compile(
    rf"^\s*(?:,\s*)?(?:[/{DASHES}]|(?:(?:on|onwards?)\s+)?to|(?:and\s+)?(?:then|finally)\s+(?:on\s+)?to|via|through)"
    r"(?:\s+the)?\s*$"
)
_NAME_GAPS = {" ", *DASHES}  # what may stand between the words of one name
_IN_GAP = re.compile(r"^\s*(?:,\s*)?in\s*(?:the\s+)?$")
_AND_GAP = re.compile(r"^\s*(?:,\s*)?(?:and|with|and with|and on to)\s*$")
_ALT_GAP = re.compile(r"^\s*(?:,\s*)?(?:but also|as well as|and also|and|or)\s*$")
_OPENERS = {"between", "through", "via", "connecting", "connect", "connects", "link", "linking", "links", "linked",
            "connected", "joining", "join", "joins"}  # fmt: skip
_ROUTE_NOUN = re.compile(  # matched at a position: pattern.match(text, pos)
    r"\s*(?:(?:economic|transport|trade|transit|gas|rail|road)\s+)?"
    r"(railway|railroad|rail link|corridor|highway|motorway|road|pipeline|route|line|link)\b",
    re.I,
)


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


# "Karachi port", "Sost dry port", "Arabian Sea": places, not the sea as the route's mode.
_PLACE_PORT = re.compile(r"(?<=[A-Z]\w)(?<!\w[A-Z]\w)\w*+ (?:ports?|Sea)\b|(?i:\bdry\s+ports?\b)|\bports? of (?=[A-Z])")
_CROSSING_NOUN = re.compile(r"\s+(?:border|pass|crossing|checkpoint|check-post|dry port|land port)\b", re.I)
_CROSSING_BEFORE = re.compile(r"\b(?:border|pass|crossing|checkpoint|dry port|land port)\s+(?:at|of)\s+$", re.I)
_NAME_PAIR = re.compile(r"\b[A-Z][a-z]{3,} [A-Z][a-z]{3,}\b")
_SEA_WORDS = set(MODE_WORDS["sea"].split())
_SEA_WAYS = _SEA_WORDS - {"port", "ports", "seaport", "seaports"}
_CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but|while|whereas)\s|\s(?:while|whereas)\s", re.I)


@dataclass(frozen=True)
class Ref:
    """A name in a sentence: a route place, a country, another gazetteer place, or unknown."""

    start: int
    end: int
    text: str
    kind: str  # place | country | other | unknown
    key: str = ""  # folded place name, or ISO code
    country: str = ""
    fuzzy: bool = False


@dataclass
class _Sentence:
    start: int
    end: int
    text: str
    modes: set[str]
    explicit_modes: bool
    freight: bool
    context: bool
    refs: list[Ref] = field(default_factory=list)
    aliased: bool = False  # has a word of some route's name
    crossing: bool = False  # has a word of a crossing only one route uses ("Khunjerab")


class Extractor:
    """Built once from the curated routes and the gazetteer; then reads documents."""

    def __init__(self, routes: list[Route], gazetteer: Gazetteer | None = None):
        self.lex = Lexicon(routes, gazetteer)
        self._names: dict[str, tuple[str, str, str] | None] = {}  # name -> (kind, key, country): looked up once
        self._near: dict[tuple[str, str, float], str | None] = {}  # (list, word, threshold) -> closest name

    # -- public -----------------------------------------------------------------------------

    def read(self, source: Source) -> tuple[list[Mention], list[dict]]:
        """Mentions of curated routes in ``source``, and candidate phrases for new routes."""
        body = source.body
        mentions: list[Mention] = []
        candidates: list[dict] = []
        for block in blocks(body):
            if not self._maybe_relevant(body[block[0] : block[1]]):
                continue
            previous: list[Mention] = []
            previous_direct = False
            inherited: set[str] = set()
            for s, e in sentences(body, *block):
                sentence = self._sentence(body, s, e, inherited)
                inherited = sentence.modes if sentence.explicit_modes else set()
                links, chains, spans = self._link(sentence)
                direct = bool(links)
                if (
                    not links
                    and previous_direct
                    and sentence.explicit_modes
                    and not self._named(sentence)
                    and status_cue(sentence.text)[0]
                ):
                    links = {
                        m.route: "context" for m in previous if set(self.lex.routes[m.route].modes) & sentence.modes
                    }
                if (
                    not links
                    and previous
                    and e - previous[0].start <= settings.MAX_SENTENCE_CHARS  # a passage stays bounded
                    and ANAPHORA.match(sentence.text)
                ):
                    extended = [self._mention(source, m.route, m.start, e, m.evidence) for m in previous]
                    mentions[-len(previous) :] = extended
                    previous, previous_direct = extended, False
                    continue
                named_at = spans if len(links) > 1 else {}  # two routes in a sentence: each its own clause's cue
                current = [self._mention(source, rid, s, e, ev, named_at.get(rid)) for rid, ev in sorted(links.items())]
                mentions.extend(current)
                candidates.extend(self._candidates(source, sentence, chains, links))
                previous, previous_direct = current, direct
        return mentions, candidates

    def fuzzy_place(self, word: str) -> str | None:
        """The route place or country name ``word`` is a variant of, if similar enough."""
        return self._closest(fold(word), "fuzzy_choices")

    # -- sentences --------------------------------------------------------------------------

    @staticmethod
    def _named(sentence: _Sentence) -> bool:
        return any(r.kind != "unknown" for r in sentence.refs)

    def _maybe_relevant(self, text: str) -> bool:
        """Only a paragraph with a transport word or a word of a route's name can mention a route."""
        return not self.lex.triggers.isdisjoint(LETTERS.findall(text.lower()))

    def _sentence(self, body: str, s: int, e: int, inherited: set[str]) -> _Sentence:
        text = body[s:e]
        words = set(LETTERS.findall(text.lower()))
        modes = {MODE_OF[w] for w in words & MODE_OF.keys()}
        if "sea" in modes:  # "Karachi port", "Arabian Sea" are places; a railway "to the ports" leads there
            sea_words = set(LETTERS.findall(_PLACE_PORT.sub("", text).lower())) & _SEA_WORDS
            if not sea_words or (modes - {"sea"} and not sea_words & _SEA_WAYS):
                modes.discard("sea")
        sentence = _Sentence(
            s, e, text, modes or set(inherited), bool(modes), bool(words & FREIGHT), bool(words & CONTEXT)
        )
        sentence.aliased = any(
            alias <= words for key in words & self.lex.alias_words.keys() for alias in self.lex.alias_words[key]
        )
        if not (sentence.context or sentence.aliased):  # unless a name of two words is misspelt ("Karakuram Higway")
            sentence.aliased = any(
                self._closest(fold(m.group(0)), "alias_names")
                for m in _NAME_PAIR.finditer(text)
                if m.group(0)[:2].lower() in self.lex.alias_prefixes  # a misspelling keeps its first letters
            )
        sentence.crossing = not words.isdisjoint(self.lex.crossing_words)
        if not (sentence.context or sentence.aliased or sentence.crossing):
            return sentence  # nothing here can name a route: skip the costly parts
        sentence.refs = self._refs(text)
        return sentence

    def _refs(self, text: str) -> list[Ref]:
        words = _words(text)
        # how many words from each one on are joined by a space or a dash (a name runs over at most 4)
        run = [1] * len(words)
        for k in range(len(words) - 2, -1, -1):
            if text[words[k][1] : words[k + 1][0]] in _NAME_GAPS:
                run[k] = min(4, run[k + 1] + 1)
        refs, i = [], 0
        while i < len(words):
            start, end = words[i]
            if not text[start].isupper():
                i += 1
                continue
            initial = i == 0 or text[words[i - 1][1] : start].strip() in {".", ":", "“", '"'}
            for n in range(run[i], 0, -1):
                last = words[i + n - 1][1]
                ref = self._resolve(start, last, text[start:last])
                if ref and not (ref.kind == "other" and initial and n == 1):  # "Due" is also Douai
                    refs.append(ref)
                    i += n
                    break
            else:
                refs.append(Ref(start, end, text[start:end], "unknown", fuzzy=not initial))
                i += 1
        return refs

    def _resolve(self, start: int, end: int, name: str) -> Ref | None:
        if name not in self._names:
            self._names[name] = self._lookup(name)
        found = self._names[name]
        return Ref(start, end, name, *found) if found else None

    def _lookup(self, name: str) -> tuple[str, str, str] | None:
        """(kind, key, country) of a name: a route place, a country, another gazetteer place."""
        key = fold(name)
        if key in self.lex.places:
            return "place", self.lex.places[key], self.lex.place_country.get(key, "")
        if key in self.lex.countries:
            return "country", self.lex.countries[key], self.lex.countries[key]
        entry = self.lex.gazetteer.find(name)
        if entry and entry in self.lex.entry_place:
            place = self.lex.entry_place[entry]
            return "place", place, self.lex.place_country[place]
        if entry and entry.population >= settings.GAZETTEER_MIN_POPULATION_OTHER and not name.isupper():
            return "other", fold(entry.name), entry.country
        return None

    def _closest(self, word: str, choices: str) -> str | None:
        """The name of the lexicon's list ``choices`` closest to ``word``, looked up once per word."""
        key = (choices, word, settings.FUZZY_THRESHOLD)  # read at call time: the bench varies it
        if key not in self._near:
            self._near[key] = _closest(word, getattr(self.lex, choices))
        return self._near[key]

    def _fuzzy(self, ref: Ref) -> Ref | None:
        if len(ref.text) < 4:
            return None
        hit = self.fuzzy_place(ref.text)
        if not hit:
            return None
        resolved = self._resolve(ref.start, ref.end, hit)
        return replace(resolved, text=ref.text, fuzzy=True) if resolved else None

    # -- linking ----------------------------------------------------------------------------

    def _link(self, sentence: _Sentence) -> tuple[dict[str, str], list[list[Ref]], dict[str, tuple[int, int]]]:
        """Route id -> evidence; the chains of names; route id -> where in the sentence it is named."""
        spans: dict[str, tuple[int, int]] = {}
        links = self._alias_links(sentence, spans)
        aliased = set(links)
        chains = self._chains(sentence)
        for chain in chains:
            for rid in self._resolve_chain(chain, sentence, aliased):
                links.setdefault(rid, "fuzzy" if any(r.fuzzy and r.kind != "unknown" for r in chain) else "chain")
                spans.setdefault(rid, (chain[0].start, chain[-1].end))
        if not links:
            links = self._cooccurrence(sentence, chains)
        if not links and sentence.crossing:
            links = self._own_crossing(sentence)
        return links, chains, spans

    def _alias_links(self, sentence: _Sentence, spans: dict[str, tuple[int, int]]) -> dict[str, str]:
        links: dict[str, str] = {}
        taken: list[tuple[int, int]] = []
        for pattern in self.lex.aliases[:2] if sentence.aliased else ():
            for match in pattern.finditer(sentence.text):
                if any(s <= match.start() < e for s, e in taken):
                    continue
                alias = next(k for k, v in match.groupdict().items() if v)
                after = MODE_RE.match(sentence.text[match.end() :].lstrip())
                for rid in self.lex.aliases[2][alias]:
                    if after and MODE_OF[after.group(0).lower()] not in self.lex.routes[rid].modes:
                        continue
                    links[rid] = "alias"
                    spans.setdefault(rid, match.span())
                    taken.append(match.span())
        for first, second in itertools.pairwise(sentence.refs):  # a misspelt name: "Karakuram Higway"
            if first.kind != "unknown" or second.kind != "unknown" or sentence.text[first.end : second.start] != " ":
                continue
            if first.text[:2].lower() not in self.lex.alias_prefixes:
                continue
            name = self._closest(fold(sentence.text[first.start : second.end]), "alias_names")
            for rid in self.lex.alias_owners.get(name, ()) if name else ():
                links.setdefault(rid, "fuzzy")
                spans.setdefault(rid, (first.start, second.end))
        for ref in sentence.refs:  # a variant of a route's name followed by a route noun: "Karakorum highway"
            if ref.kind != "unknown" or not (noun := _ROUTE_NOUN.match(sentence.text, ref.end)):
                continue
            if any(s <= ref.start < e for s, e in taken):
                continue
            head = self._closest(fold(ref.text), "alias_head_names")
            mode = MODE_OF.get(noun.group(1).lower())
            for rid in self.lex.alias_heads.get(head, ()):
                if mode is None or mode in self.lex.routes[rid].modes:
                    links.setdefault(rid, "fuzzy")
                    spans.setdefault(rid, (ref.start, noun.end()))
        return links

    def _chains(self, sentence: _Sentence) -> list[list[Ref]]:
        """Runs of names joined by dashes, 'to', 'via', 'through', or 'between … and …'."""
        refs, text, chains = sentence.refs, sentence.text, []
        chain: list[Ref] = []
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
                if len(chain) >= 2 and link and _ALT_GAP.match(gap):
                    chains.append(chain)
                    chain = [*chain[:-1], ref]
                    end = ref.end
                    continue
                chains.append(chain)
            chain, end, link = [ref], ref.end, ""
        chains.append(chain)
        resolved = []
        for chain in chains:  # a name no list knows ("Logar") stays a stop of the chain, unscored
            chain = [r if r.kind != "unknown" else (self._fuzzy(r) or r) for r in chain]
            if sum(r.kind != "unknown" for r in chain) >= 2:
                resolved.append(chain)
        return resolved

    def _score(self, rid: str, named: tuple[set[str], set[str]]) -> tuple[int, int]:
        """(places + countries + crossings, stops) of the route among the ``named`` places and countries."""
        places = named[0] & self.lex.route_places[rid]
        countries = named[1] & self.lex.route_countries[rid]
        crossings = len(places & self.lex.border_places)  # a border crossing names its route more than a city
        stops = places - self.lex.areas if places - self.lex.areas else places  # "Aktau, port at Caspian Sea": one stop
        return len(places) + len(countries) + crossings, len(stops)

    def _compatible(self, rid: str, sentence: _Sentence) -> bool:
        modes = self.lex.route_modes[rid]
        if sentence.explicit_modes:  # modes carried over from the sentence before only break ties
            return bool(modes & sentence.modes)
        return not sentence.freight or bool(modes - {"pipeline"})

    def _best(
        self, refs: list[Ref], sentence: _Sentence, min_places: int, min_countries: int, mode: str | None = None
    ) -> list[str]:
        """The routes these names fit best; ``mode`` is one the routes must have ("… railway")."""
        scored, outscored = {}, 0
        named = {r.key for r in refs if r.kind == "place"}, {r.key for r in refs if r.kind == "country"}
        if not (named[0] or named[1]):
            return []
        for rid in self.lex.routes:
            score, places = self._score(rid, named)
            enough = places >= min_places and (places or score >= min_countries) and score >= 2
            fits = self._compatible(rid, sentence) and mode in (None, *self.lex.routes[rid].modes)
            if enough and fits:
                scored[rid] = (score, places)
            elif fits:
                outscored = max(outscored, score)
        if not scored or outscored > max(s for s, _ in scored.values()):
            return []  # another route fits the names better, on fewer places: which one is meant is unclear
        top = max(s for s, _ in scored.values())
        best = [rid for rid, (s, p) in scored.items() if s == top]
        if len(best) > 1:  # trucks on shared places: the road, not the multimodal chain that also uses it
            best = [rid for rid in best if self.lex.routes[rid].modes[0] in sentence.modes] or best
        if len(best) > 1 and not (sentence.explicit_modes and any(scored[rid][1] for rid in best)):
            return []  # names that fit several routes equally, with no mode word to choose, say nothing of which
        return best

    def _resolve_chain(self, chain: list[Ref], sentence: _Sentence, aliased: set[str]) -> list[str]:
        if aliased and all(r.kind == "country" for r in chain):
            return []  # the sentence names its route; its countries describe that route
        noun = _ROUTE_NOUN.match(sentence.text, chain[-1].end)
        mode = MODE_OF.get(noun.group(1).split()[0].lower()) if noun else None
        best = self._best(chain, sentence, min_places=0, min_countries=3, mode=mode)
        return [] if aliased & set(best) else best  # places along the route the sentence names

    def _cooccurrence(self, sentence: _Sentence, chains: list[list[Ref]]) -> dict[str, str]:
        if not sentence.context:
            return {}
        # names inside a named corridor that no route matched ("a Gwadar-Kashgar highway") speak of that one
        named = {r.start for chain in chains if _ROUTE_NOUN.match(sentence.text, chain[-1].end) for r in chain}
        refs = [r for r in sentence.refs if r.kind in ("place", "country") and r.start not in named]
        variants = [self._fuzzy(r) for r in sentence.refs if r.kind == "unknown" and r.fuzzy and len(r.text) >= 6]
        refs += [r for r in variants if r and r.start not in named]
        # places named in passing that fit several routes say nothing about which; with a country
        # the route never reaches ("from China to Karachi"), they tell of another journey
        countries = {r.key for r in refs if r.kind == "country"}
        for best in (
            self._best(refs, sentence, min_places=2, min_countries=99),
            self._place_and_far_country(refs, sentence),
        ):
            if len(best) == 1 and countries <= self.lex.route_countries[best[0]]:
                return dict.fromkeys(best, "places")
        best = self._best([r for r in refs if r.kind == "country"], sentence, min_places=0, min_countries=3)
        return dict.fromkeys(best, "countries")

    def _own_crossing(self, sentence: _Sentence) -> dict[str, str]:
        """A border crossing or pass only one route uses, named as a crossing ("the Khunjerab
        border", "the dry port at Sost") or with a transport word the route fits; every country the
        sentence names must be on that route."""
        countries = {r.key for r in sentence.refs if r.kind == "country"}
        links = {}
        for ref in sentence.refs:
            rid = self.lex.own_crossings.get(ref.key) if ref.kind == "place" else None
            if not rid or not countries <= self.lex.route_countries[rid]:
                continue
            as_crossing = _CROSSING_NOUN.match(sentence.text, ref.end) or _CROSSING_BEFORE.search(
                sentence.text, max(0, ref.start - _OPENER_WINDOW), ref.start
            )  # the words just before the name, not the whole sentence before it for each name
            if (sentence.context or as_crossing) and self._compatible(rid, sentence):
                links[rid] = "crossing"
        return links

    def _place_and_far_country(self, refs: list[Ref], sentence: _Sentence) -> list[str]:
        """A place, the country it leads to, and the route's own mode word ("a Kazakh airline's
        flights to Lahore"); every country named must be on the route (ports are named in passing
        too often to count as a mode here)."""
        if not sentence.explicit_modes:
            return []
        places = [r for r in refs if r.kind == "place"]
        far = {r.key: r for r in refs if r.kind == "country" and r.key not in {p.country for p in places}}
        best = self._best(places + list(far.values()), sentence, min_places=1, min_countries=99)
        modes = sentence.modes - {"sea"}
        return [rid for rid in best if self.lex.routes[rid].modes[0] in modes]

    # -- output -----------------------------------------------------------------------------

    def _mention(
        self,
        source: Source,
        rid: str,
        start: int,
        end: int,
        evidence: Evidence,
        named_at: tuple[int, int] | None = None,
    ) -> Mention:
        """A mention of ``rid`` in ``source.body[start:end]``, with the strongest claim of the clause
        that names the route (``named_at``, counted from ``start``) if it has one, else of the whole."""
        quote = source.body[start:end]
        c = strongest_claim(_clause(quote, *named_at), source.date) if named_at else None
        c = c or strongest_claim(quote, source.date)
        if not c:
            return Mention(rid, source.id, start, end, quote, evidence=evidence)
        return Mention(
            rid, source.id, start, end, quote, c.status, c.cue, evidence, c.event_date, c.strength, c.target_date
        )

    def _candidates(self, source: Source, sentence: _Sentence, chains, links) -> list[dict]:
        out = []
        covered = (
            set().union(*(self.lex.route_places[r] | self.lex.route_countries[r] for r in links)) if links else set()
        )
        for chain in chains:
            if self._resolve_chain(chain, sentence, aliased=set()):
                continue
            known = [r for r in chain if r.kind != "unknown"]
            crosses = len({r.country for r in known}) >= 2 or any(r.key in self.lex.border_places for r in known)
            if not crosses or all(r.key in covered for r in known):
                continue
            tail = _ROUTE_NOUN.match(sentence.text, chain[-1].end)
            if not (tail or sentence.context):
                continue
            if not tail and len(chain) == 2 and all(r.kind == "country" for r in chain):
                continue  # two countries alone name a relation ("Pakistan-Kazakhstan ties"), not a route
            phrase = "–".join(r.text for r in chain) + (f" {tail.group(1).lower()}" if tail else "")
            end = tail.end() if tail else chain[-1].end
            out.append(_candidate(source, sentence, phrase, [r.text for r in chain], chain[0].start, end))
        return out + self._named_candidates(source, sentence)

    def _named_candidates(self, source: Source, sentence: _Sentence) -> list[dict]:
        """Routes named by a name of their own that no curated route bears ("the Lapis Lazuli corridor")."""
        out = []
        for match in _NAMED_ROUTE.finditer(sentence.text) if sentence.context else ():
            words = list(re.finditer(r"\S+", match.group(1)))
            while words and fold(words[0].group(0)) in _NAMELESS:
                words.pop(0)
            if all(fold(w.group(0)) in _NAMELESS for w in words):
                continue
            start = match.start(1) + words[0].start()
            if any(r.kind != "unknown" and start <= r.start < match.end() for r in sentence.refs):
                continue  # a name with places in it is a chain (above), or a route's own place
            phrase = f"{' '.join(w.group(0) for w in words)} {match.group(2).lower()}"
            if not self._closest(fold(phrase), "alias_names"):  # not a curated route's name, nor a spelling of it
                out.append(_candidate(source, sentence, phrase, [], start, match.end()))
        return out


def _words(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word of ``text``; a possessive 's is not part of the word before it,
    nor a word of its own ("Karachi’s" is "Karachi")."""
    spans = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] == "s" and end >= 2 and text[end - 2] in "'’":
            end -= 1  # the possessive's s, then its apostrophes
            while end > start and text[end - 1] in "'’":
                end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def _clause(text: str, start: int, end: int) -> str:
    """The clause of ``text`` around ``text[start:end]``: clauses end at semicolons and at
    ", and", ", but", "while", "whereas"."""
    cuts = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(text)]
    begin = max((e for s, e in cuts if e <= start), default=0)
    finish = min((s for s, e in cuts if s >= end), default=len(text))
    return text[begin:finish]


def _candidate(source: Source, sentence: _Sentence, phrase: str, places: list[str], start: int, end: int) -> dict:
    """A route-like phrase for the curator; ``start`` and ``end`` count from the sentence's start."""
    start, end = sentence.start + start, sentence.start + end
    return {
        "phrase": phrase,
        "places": places,
        "doc": source.id,
        "start": start,
        "end": end,
        "text": source.body[start:end],
        "quote": sentence.text,
    }


def _closest(word: str, choices: list[str]) -> str | None:
    hit = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=settings.FUZZY_THRESHOLD)
    return hit[0] if hit else None


def extract(sources: list[Source], routes: list[Route]) -> tuple[list[Mention], list[dict]]:
    """Every mention and candidate in ``sources``, in a stable order."""
    extractor = Extractor(routes)
    return collect(extractor.read(source) for source in sources)


def collect(readings: Iterable[tuple[list[Mention], list[dict]]]) -> tuple[list[Mention], list[dict]]:
    """The mentions and candidates of documents read one by one (in id order), in a stable order."""
    mentions, candidates = [], []
    for found, maybe in readings:
        mentions.extend(found)
        candidates.extend(maybe)
    mentions.sort(key=lambda m: (m.doc, m.start, m.route))
    candidates.sort(key=lambda c: (c["doc"], c["start"]))
    return mentions, candidates
