"""The lexicon: word tables, and the names of routes, places and countries compiled once from the
curated routes and the gazetteer, for the stages of ``corridors.extract`` to look up."""

from __future__ import annotations

import re

from corridors.geo.gazetteer import Entry, Gazetteer, default_gazetteer, fold
from corridors.model import CROSSING_ROLES, Route

MODE_WORDS = {
    "rail": "rail railway railways railroad railroads train trains",
    "road": "road roads highway highways motorway motorways expressway truck trucks trucking trucker truckers lorry"
    " lorries bus buses tir convoy convoys",
    "air": "air flight flights airline airlines airport airports aviation airway fly flies flew flown flying",
    "sea": "sea seaport seaports port ports maritime shipping ship ships vessel vessels ferry ferries",
    "pipeline": "pipeline pipelines gas",
    "multimodal": "multimodal multi-modal intermodal",
}
FREIGHT_WORDS = "cargo freight goods logistics consignment consignments shipment shipments"
ROUTE_WORDS = (
    "route routes corridor corridors link links linking linked connect connects connecting connected "
    "connection connections connectivity transit transport transportation line lines"
)
DEMONYMS = {
    "Pakistani": "PK", "Kazakh": "KZ", "Kazakhstani": "KZ", "Afghan": "AF", "Uzbek": "UZ", "Turkmen": "TM",
    "Iranian": "IR", "Chinese": "CN", "Kyrgyz": "KG", "Tajik": "TJ", "Indian": "IN", "Turkish": "TR",
    "Russian": "RU", "Emirati": "AE", "Türkiye": "TR", "Turkiye": "TR", "UAE": "AE", "Kirghizia": "KG",
}  # fmt: skip
_ROUTE_TAIL = re.compile(
    r"(?<!\s)(?:\s+(?:railway|railways|rail|highway|road|route|corridor|pipeline|gas|flights?|line))+$"
)  # "(?<!\s)": from the start of a run of spaces only (linear)
_GENERIC = re.compile(r"(?<!\s)\s+(?:pass|gas field|field|border crossing|crossing|dry port|port)$")
DASHES = "–—‐‑-"  # hyphen last, so it stays literal in a character class


def _words_regex(words: str) -> re.Pattern:
    alternatives = sorted(words.split(), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in alternatives) + r")\b", re.I)


MODE_OF = {w: mode for mode, words in MODE_WORDS.items() for w in words.split()}
MODE_RE = _words_regex(" ".join(MODE_WORDS.values()))
FREIGHT = set(FREIGHT_WORDS.split())
CONTEXT = {*MODE_OF, *FREIGHT, *ROUTE_WORDS.split()}
LETTERS = re.compile(r"[a-z]+(?:-[a-z]+)*")
# A route noun after a name ("… railway", "… economic corridor"): matched at a position, pattern.match(text, pos).
ROUTE_NOUN = re.compile(
    r"\s*(?:(?:economic|transport|trade|transit|gas|rail|road)\s+)?"
    r"(railway|railroad|rail link|corridor|highway|motorway|road|pipeline|route|line|link)\b",
    re.I,
)


class Lexicon:
    """Everything the stages look names up in, built once (the costly part) and then only read."""

    def __init__(self, routes: list[Route], gazetteer: Gazetteer | None = None):
        self.routes = {r.id: r for r in routes}
        self.gazetteer = gazetteer or default_gazetteer()
        self.route_places: dict[str, set[str]] = {}
        self.route_ends: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        self.route_countries = {r.id: set(r.countries) for r in routes}
        self.route_modes = {r.id: frozenset(r.modes) for r in routes}
        self.places: dict[str, str] = {}  # folded name -> place key
        self.place_country: dict[str, str] = {}
        self.border_places: set[str] = set()  # border crossings and passes: a line to one crosses a border
        self.areas: set[str] = set()  # seas and regions a route crosses ("Caspian Sea")
        self.entry_place: dict[Entry, str] = {}
        for route in routes:
            keys = set()
            for place in route.places:
                key = fold(place.name)
                self.places[key] = key
                self.places.setdefault(_GENERIC.sub("", key), key)  # "Khunjerab Pass" is also "Khunjerab"
                self.place_country[key] = place.country
                if place.role in CROSSING_ROLES:
                    self.border_places.add(key)
                entry = self.gazetteer.find(place.name, place.country)
                if entry:
                    self.entry_place[entry] = key
                keys.add(key)
            for area in route.areas:
                self.areas.add(fold(area))
                self.places[fold(area)] = fold(area)
                keys.add(fold(area))
            self.route_places[route.id] = keys
            self.route_ends[route.id] = _ends(route)
        regions = _regions({c for r in routes for c in r.countries})
        self.countries = {**regions, **self.gazetteer.countries, **{fold(k): v for k, v in DEMONYMS.items()}}
        self.fuzzy_choices = sorted({*self.places, *self.gazetteer.countries})
        self.aliases = _alias_patterns(routes)
        alias_words = {frozenset(LETTERS.findall(a.lower())) for r in routes for a in r.aliases}
        self.alias_vocabulary = frozenset().union(*alias_words)
        # each alias's words filed under its rarest one ("karakoram", not "highway"): a sentence
        # checks only the aliases whose rarest word it has
        counts = {w: sum(w in a for a in alias_words) for w in self.alias_vocabulary}
        self.alias_words: dict[str, list[frozenset[str]]] = {}
        for alias in sorted(alias_words, key=sorted):
            self.alias_words.setdefault(min(sorted(alias), key=counts.__getitem__), []).append(alias)
        self.alias_names = sorted({fold(a) for r in routes for a in r.aliases})
        self.alias_prefixes = {name[:2] for name in self.alias_names}
        self.alias_owners: dict[str, list[str]] = {}
        for route in routes:
            for alias in route.aliases:
                self.alias_owners.setdefault(fold(alias), []).append(route.id)
        self.own_crossings = _own_crossings(routes)
        self.crossing_words = {w for key in self.own_crossings for w in LETTERS.findall(_GENERIC.sub("", key))}
        self.triggers = CONTEXT | self.alias_vocabulary | self.crossing_words
        self.alias_heads: dict[str, set[str]] = {}  # "Karakoram Highway" -> "karakoram", for variants
        for route in routes:
            for alias in route.aliases:
                head = _ROUTE_TAIL.sub("", fold(alias))
                if len(head) >= 5 and " " not in head and head not in self.places and head not in self.countries:
                    self.alias_heads.setdefault(head, set()).add(route.id)
        self.alias_head_names = list(self.alias_heads)


_REGION_SUFFIX = re.compile(r"\s+(?:oblysy|oblast|viloyati|sheng|shi|zizhiqu|uygur zizhiqu|respublikasi|shaary|sar)$")


_CITY_SUBDIVISIONS = {"City", "Municipality", "Federal capital territory", "Special administrative region"}


def _regions(countries: set[str]) -> dict[str, str]:
    """Folded names of the first-level regions of ``countries`` (ISO 3166-2, from pycountry:
    "Balochistan", "Sindh", "Xinjiang") -> their country; a name two countries share (Punjab) is left out."""
    import pycountry

    found: dict[str, set[str]] = {}
    for code in sorted(countries):
        for sub in pycountry.subdivisions.get(country_code=code) or ():
            if sub.type in _CITY_SUBDIVISIONS:
                continue  # Astana, Islamabad, Bishkek: cities, named as cities
            name = fold(sub.name)
            for key in {name, _REGION_SUFFIX.sub("", _REGION_SUFFIX.sub("", name))}:
                found.setdefault(key, set()).add(code)
    return {key: codes.pop() for key, codes in found.items() if len(codes) == 1 and len(key) >= 4}


def _ends(route: Route) -> tuple[frozenset[str], frozenset[str]]:
    """The countries at each end of a route's whole line: before its first border crossing and after its
    last (the Trans-Afghan road ends in Pakistan, and in Uzbekistan or Kazakhstan past Hairatan); a line
    with no crossing, its first and last places' countries."""
    places = {p.name: p for p in route.places}
    names: list[str] = []
    for seg in route.segments:  # in order; a leg between two places already on the line is an alternative
        if not (names and seg.via[0] in names and seg.via[-1] in names):
            names += [n for n in seg.via if n not in names]
    line = [places[n] for n in names] or list(route.places)
    crossings = [i for i, p in enumerate(line) if p.role in CROSSING_ROLES]
    if not crossings:
        return frozenset({line[0].country}), frozenset({line[-1].country})
    first = {p.country for p in line[: crossings[0]]} or {line[0].country}
    last = {p.country for p in line[crossings[-1] + 1 :]} or {line[-1].country}
    return frozenset(first), frozenset(last)


def _own_crossings(routes: list[Route]) -> dict[str, str]:
    """Folded name -> route, for border crossings and passes on one route's own line only (not on a
    leg drawn as context, nor shared with another route): "Khunjerab" names the Karakoram Highway."""
    owners: dict[str, set[str]] = {}
    for route in routes:
        context = {name for s in route.segments if s.part == "context" for name in s.via}
        own = {name for s in route.segments if s.part != "context" for name in s.via} or context
        for place in route.places:
            if place.role in CROSSING_ROLES and (place.name in own or place.name not in context):
                owners.setdefault(fold(place.name), set()).add(route.id)
            else:
                owners.setdefault(fold(place.name), set()).add("")  # a stop of another kind, or of context
    return {key: rids.pop() for key, rids in owners.items() if len(rids) == 1 and "" not in rids}


def _alias_patterns(routes: list[Route]) -> tuple[re.Pattern, re.Pattern, dict[str, list[str]]]:
    owners: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for route in routes:
        for alias in route.aliases:
            key = f"a{len(names)}"
            name = fold(alias)
            if name not in names.values():
                names[key] = alias
            owners.setdefault(next(k for k, v in names.items() if fold(v) == name), []).append(route.id)

    def pattern(aliases: list[tuple[str, str]], flags: int) -> re.Pattern:
        if not aliases:
            return re.compile(r"(?!x)x")
        parts = []
        joiner = rf"[\s{DASHES}]+"
        for key, alias in sorted(aliases, key=lambda kv: -len(kv[1])):
            words = joiner.join(re.escape(w) for w in re.split(joiner, alias))
            parts.append(rf"(?P<{key}>(?<!\w){words}(?!\w))")
        return re.compile("|".join(parts), flags)

    acronyms = [(k, a) for k, a in names.items() if a.isupper()]
    others = [(k, a) for k, a in names.items() if not a.isupper()]
    return pattern(acronyms, 0), pattern(others, re.I), owners
