"""The names stages: whether a sentence has words of a route's name, and every name in it (a
route's place, a country, another place of the gazetteer, a capitalised word no list knows);
and ``Lookup``, the lexicon with a memory, which every stage that looks a name up shares."""

from __future__ import annotations

import re
from dataclasses import replace

from rapidfuzz import fuzz, process

from corridors import settings
from corridors.extract.lexicon import DASHES, Lexicon
from corridors.extract.sentence import Ref, RefKind, Sentence
from corridors.geo.gazetteer import fold

# A word: a letter, then word characters, with apostrophes only between them (no backtracking).
_TOKEN = re.compile(r"[^\W\d_]\w*(?:['’]+\w+)*")
_NAME_GAPS = {" ", *DASHES}  # what may stand between the words of one name
_NAME_PAIR = re.compile(r"\b[A-Z][a-z]{3,} [A-Z][a-z]{3,}\b")


class Lookup:
    """The lexicon, and what was looked up in it: each name, and each word's closest name, once."""

    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        self._names: dict[str, tuple[RefKind, str, str] | None] = {}  # name -> (kind, key, country)
        self._near: dict[tuple[str, str, float], str | None] = {}  # (list, word, threshold) -> closest name

    def resolve(self, start: int, end: int, name: str) -> Ref | None:
        """``name`` at ``start:end`` as a place or a country, if a list knows it."""
        if name not in self._names:
            self._names[name] = self._lookup(name)
        found = self._names[name]
        return Ref(start, end, name, *found) if found else None

    def closest(self, word: str, choices: str) -> str | None:
        """The name of the lexicon's list ``choices`` closest to ``word``, if similar enough."""
        key = (choices, word, settings.FUZZY_THRESHOLD)  # read at call time: the bench varies it
        if key not in self._near:
            hit = process.extractOne(
                word, getattr(self.lex, choices), scorer=fuzz.ratio, score_cutoff=settings.FUZZY_THRESHOLD
            )
            self._near[key] = hit[0] if hit else None
        return self._near[key]

    def fuzzy_place(self, word: str) -> str | None:
        """The route place or country name ``word`` is a variant of, if similar enough."""
        return self.closest(fold(word), "fuzzy_choices")

    def fuzzy(self, ref: Ref) -> Ref | None:
        """An unknown name read as the place or country it is a variant of ("Termiz": Termez)."""
        if len(ref.text) < 4:
            return None
        hit = self.fuzzy_place(ref.text)
        if not hit:
            return None
        resolved = self.resolve(ref.start, ref.end, hit)
        return replace(resolved, text=ref.text, fuzzy=True) if resolved else None

    def _lookup(self, name: str) -> tuple[RefKind, str, str] | None:
        """(kind, key, country) of a name: a route place, a country, another gazetteer place."""
        lex = self.lex
        key = fold(name)
        if key in lex.places:
            return "place", lex.places[key], lex.place_country.get(key, "")
        if key in lex.countries:
            return "country", lex.countries[key], lex.countries[key]
        entry = lex.gazetteer.find(name)
        if entry and entry in lex.entry_place:
            place = lex.entry_place[entry]
            return "place", place, lex.place_country[place]
        if entry and entry.population >= settings.GAZETTEER_MIN_POPULATION_OTHER and not name.isupper():
            return "other", fold(entry.name), entry.country
        return None


class RouteWords:
    """Whether a sentence has the words of a route's name (or, with no transport word, a name of two
    words misspelt: "Karakuram Higway"), or a word of a crossing only one route uses."""

    requires = ("text", "words", "context")
    assigns = ("aliased", "crossing")

    def __init__(self, lookup: Lookup):
        self.lookup = lookup

    def __call__(self, sentence: Sentence) -> None:
        lex, words = self.lookup.lex, sentence.words
        sentence.aliased = any(
            alias <= words for key in words & lex.alias_words.keys() for alias in lex.alias_words[key]
        )
        if not (sentence.context or sentence.aliased):
            sentence.aliased = any(
                self.lookup.closest(fold(m.group(0)), "alias_names")
                for m in _NAME_PAIR.finditer(sentence.text)
                if m.group(0)[:2].lower() in lex.alias_prefixes  # a misspelling keeps its first letters
            )
        sentence.crossing = not words.isdisjoint(lex.crossing_words)


class Names:
    """Every name of a sentence that may name a route, the longest a list knows at each capital (a
    name runs over at most four words joined by spaces or dashes); a capitalised word no list
    knows is an unknown name, a variant perhaps unless it opens the sentence."""

    requires = ("text", "context", "aliased", "crossing")
    assigns = ("refs",)

    def __init__(self, lookup: Lookup):
        self.lookup = lookup

    def __call__(self, sentence: Sentence) -> None:
        if sentence.context or sentence.aliased or sentence.crossing:  # else nothing here can name a route
            sentence.refs = self._refs(sentence.text)

    def _refs(self, text: str) -> list[Ref]:
        words = tokens(text)
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
                ref = self.lookup.resolve(start, last, text[start:last])
                if ref and not (ref.kind == "other" and initial and n == 1):  # "Due" is also Douai
                    refs.append(ref)
                    i += n
                    break
            else:
                refs.append(Ref(start, end, text[start:end], "unknown", fuzzy=not initial))
                i += 1
        return refs


def tokens(text: str) -> list[tuple[int, int]]:
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
