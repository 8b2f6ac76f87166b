"""Which curated routes a set of names fits: scored by the places, countries and crossings they
share, among the routes whose modes fit the sentence's. Read by the links and candidates stages."""

from __future__ import annotations

from corridors.extract.lexicon import MODE_OF, ROUTE_NOUN, Lexicon
from corridors.extract.sentence import Ref, Sentence


class Fit:
    """The routes of the lexicon, as names in a sentence fit them."""

    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon

    def compatible(self, rid: str, sentence: Sentence) -> bool:
        """The route runs by a mode the sentence names; with none named, carries freight if it speaks of it."""
        modes = self.lex.route_modes[rid]
        if sentence.explicit_modes:  # modes carried over from the sentence before only break ties
            return bool(modes & sentence.modes)
        return not sentence.freight or bool(modes - {"pipeline"})

    def best(
        self, refs: list[Ref], sentence: Sentence, min_places: int, min_countries: int, mode: str | None = None
    ) -> list[str]:
        """The routes these names fit best; ``mode`` is one the routes must have ("… railway")."""
        scored, outscored = {}, 0
        named = {r.key for r in refs if r.kind == "place"}, {r.key for r in refs if r.kind == "country"}
        if not (named[0] or named[1]):
            return []
        cities = _cities(sentence.refs)
        for rid in self.lex.routes:
            places = self.lex.route_places[rid]
            countries = {c for c in named[1] if c not in cities or cities[c] & places}
            score, places = self._score(rid, (named[0], countries))
            enough = places >= min_places and (places or score >= min_countries) and score >= 2
            fits = self.compatible(rid, sentence) and mode in (None, *self.lex.routes[rid].modes)
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

    def chain_routes(self, chain: list[Ref], sentence: Sentence, aliased: set[str]) -> list[str]:
        """The routes a chain of names runs along, unless the sentence names them (``aliased``):
        then its places are stops of that route, and its countries describe it."""
        if aliased and all(r.kind == "country" for r in chain):
            return []  # the sentence names its route; its countries describe that route
        noun = ROUTE_NOUN.match(sentence.text, chain[-1].end)
        mode = MODE_OF.get(noun.group(1).split()[0].lower()) if noun else None
        best = self.best(chain, sentence, min_places=0, min_countries=3, mode=mode)
        if aliased & set(best):
            return []  # places along the route the sentence names
        return [rid for rid in best if not self.off_route(rid, chain)]

    def off_route(self, rid: str, refs: list[Ref]) -> bool:
        """A place named among ``refs`` lies in a country the route does not reach ("the Herat–Khaf
        railway", "from Lahore to Moscow"): the names tell of another line."""
        countries = self.lex.route_countries[rid]
        return any(r.kind in ("place", "other") and r.country and r.country not in countries for r in refs)

    def spans(self, rid: str, refs: list[Ref]) -> bool:
        """The names reach both ends of the route's whole line (its first and last country): "Kazakh
        flour by rail through Turkmenistan to Afghanistan" does not reach Pakistan, so it is not the
        Kazakhstan–Pakistan corridor, however well its countries fit."""
        named = {r.key if r.kind == "country" else r.country for r in refs}
        return all(side & named for side in self.lex.route_ends[rid])

    def _score(self, rid: str, named: tuple[set[str], set[str]]) -> tuple[int, int]:
        """(places + countries + crossings, stops) of the route among the ``named`` places and countries."""
        places = named[0] & self.lex.route_places[rid]
        countries = named[1] & self.lex.route_countries[rid]
        crossings = len(places & self.lex.border_places)  # a border crossing names its route more than a city
        stops = places - self.lex.areas if places - self.lex.areas else places  # "Aktau, port at Caspian Sea": one stop
        return len(places) + len(countries) + crossings, len(stops)


def _cities(refs: list[Ref], window: int = 40) -> dict[str, set[str]]:
    """Country -> the places named right after it as its own ("the Pakistani cities of Islamabad and
    Karachi", "Pakistan's Lahore"): such a country counts for a route only through those places."""
    cities: dict[str, set[str]] = {}
    for country in (r for r in refs if r.kind == "country"):
        near = [r for r in refs if r.kind in ("place", "other") and 0 <= r.start - country.end <= window]
        if near and all(r.country == country.key for r in near):
            cities.setdefault(country.key, set()).update(r.key for r in near)
    return cities
