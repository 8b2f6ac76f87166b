"""The dashboard's search box: routes by name and aliases, places (waypoints) and countries by name,
with spelling tolerance (rapidfuzz). Pure functions, no Streamlit.

>>> index = Index.of(collection, {"CN": "China"})          # doctest: +SKIP
>>> [h.label for h in search("Karakorum", index)][:1]      # doctest: +SKIP
['Karakoram Highway']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, utils

from corridors.output.geojson_schema import CollectionDict

Kind = Literal["route", "place", "country"]
#: Below this score (0-100) a name is no match.
MIN_SCORE = 70
#: A word of a route's notes ("CPEC") matches only exactly, and counts for less than a name.
NOTE_SCORE = 75
_ORDER = {"route": 0, "place": 1, "country": 2}


@dataclass(frozen=True)
class Entry:
    """Something the search can find: the names it answers to, and the routes it leads to."""

    kind: Kind
    key: str  # route id, place name or ISO code
    label: str
    names: tuple[str, ...]  # normalised (rapidfuzz's default_process)
    routes: tuple[str, ...]
    words: frozenset[str] = frozenset()  # exact-match words (a route's notes)


@dataclass(frozen=True)
class Hit:
    kind: Kind
    key: str
    label: str
    routes: tuple[str, ...]
    score: float  # 0-100: the best match of the query with a run of as many words of a name
    whole: float  # 0-100: the best match with a whole name (breaks ties: "Lahore" the place first)


@dataclass(frozen=True)
class Index:
    entries: tuple[Entry, ...]

    @classmethod
    def of(cls, collection: CollectionDict, country_names: Mapping[str, str]) -> Index:
        """Every route (name, aliases, words of its notes), place and country of ``collection``."""
        props = sorted((f["properties"] for f in collection["features"]), key=lambda p: p["name"])
        entries = [
            Entry(
                "route",
                p["id"],
                p["name"],
                _names(p["name"], *p["aliases"]),
                (p["id"],),
                _words(*(n["text"] for n in p["notes"])),
            )
            for p in props
        ]
        places: dict[str, list[str]] = {}
        countries: dict[str, list[str]] = {}
        for p in props:
            for wp in p["waypoints"]:
                places.setdefault(wp["name"], []).append(p["id"])
            for code in p["countries"]:
                countries.setdefault(code, []).append(p["id"])
        for name, routes in sorted(places.items()):
            routes = tuple(dict.fromkeys(routes))
            entries.append(Entry("place", name, f"{name} (place on {_count(routes)})", _names(name), routes))
        for code, routes in sorted(countries.items()):
            name = country_names.get(code, code)
            label = f"{name} (country, {_count(routes)})"
            entries.append(Entry("country", code, label, _names(name, code), tuple(routes)))
        return cls(tuple(entries))


def search(query: str, index: Index, limit: int = 6) -> list[Hit]:
    """The best matches for ``query``, best first (ties: routes, then places, then countries)."""
    text = utils.default_process(query)
    if not text:
        return []
    hits = []
    for entry in index.entries:
        score, whole = max(_score(text, name) for name in entry.names)
        if text in entry.words:
            score = max(score, NOTE_SCORE)
        if score >= MIN_SCORE:
            hits.append(Hit(entry.kind, entry.key, entry.label, entry.routes, score, whole))
    hits.sort(key=lambda h: (-h.score, -h.whole, _ORDER[h.kind], h.label))
    return hits[:limit]


def _score(query: str, name: str) -> tuple[float, float]:
    """How well ``query`` matches a run of about as many words of ``name`` (so "KKH" is not found
    in "Jizzakh", nor "Karakorum" in "Ankara"), and the whole ``name``; both normalised."""
    words, n = name.split(), len(query.split())
    runs = (" ".join(words[i : i + k]) for k in (n - 1, n, n + 1) if k > 0 for i in range(len(words) - k + 1))
    whole = fuzz.ratio(query, name)
    return max([whole, *(fuzz.ratio(query, run) for run in runs)]), whole


def _names(*names: str) -> tuple[str, ...]:
    return tuple(utils.default_process(n) for n in names)


def _words(*texts: str) -> frozenset[str]:
    return frozenset(w for text in texts for w in re.findall(r"\w+", utils.default_process(text)))


def _count(routes: tuple[str, ...]) -> str:
    return f"{len(routes)} route{'' if len(routes) == 1 else 's'}"
