"""The words stage: a sentence's lowercase words and what they tell of it, the transport modes
it names, freight, any word of transport or routes."""

from __future__ import annotations

import re

from corridors.extract.lexicon import CONTEXT, FREIGHT, LETTERS, MODE_OF, MODE_WORDS
from corridors.extract.sentence import Sentence

# "Karachi port", "Sost dry port", "Arabian Sea": places, not the sea as the route's mode.
_PLACE_PORT = re.compile(r"(?<=[A-Z]\w)(?<!\w[A-Z]\w)\w*+ (?:ports?|Sea)\b|(?i:\bdry\s+ports?\b)|\bports? of (?=[A-Z])")
_SEA_WORDS = set(MODE_WORDS["sea"].split())
_SEA_WAYS = _SEA_WORDS - {"port", "ports", "seaport", "seaports"}


class Words:
    """The modes a sentence names (else those of the sentence before, which only break ties),
    whether it speaks of freight, and whether it has any transport, freight or route word."""

    requires = ("text", "prior")
    assigns = ("words", "modes", "explicit_modes", "freight", "context")

    def __call__(self, sentence: Sentence) -> None:
        text = sentence.text
        words = set(LETTERS.findall(text.lower()))
        modes = {MODE_OF[w] for w in words & MODE_OF.keys()}
        if "sea" in modes:  # "Karachi port", "Arabian Sea" are places; a railway "to the ports" leads there
            sea_words = set(LETTERS.findall(_PLACE_PORT.sub("", text).lower())) & _SEA_WORDS
            if not sea_words or (modes - {"sea"} and not sea_words & _SEA_WAYS):
                modes.discard("sea")
        settle(sentence, words, modes, FREIGHT, CONTEXT)


def settle(sentence: Sentence, words: set[str], modes: set[str], freight: set[str], context: set[str]) -> None:
    """Set what the words stage tells of a sentence, from its words (in any language) and the modes they name;
    ``freight`` and ``context`` are the language's freight words and its transport, freight and route words."""
    sentence.words = words
    sentence.modes = modes or set(sentence.prior.modes)
    sentence.explicit_modes = bool(modes)
    sentence.freight = bool(words & freight)
    sentence.context = bool(words & context)
