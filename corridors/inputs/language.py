"""A document's language: the one its front matter gives, else detected. Only English and Russian
are told apart (the languages the extractor reads): a text with no Cyrillic letter is English
without asking the detector; one with some is decided by lingua, built once per process."""

from __future__ import annotations

import re
from functools import cache

#: The languages read (ISO 639-1), the first the default.
READ = ("en", "ru")
_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
#: Characters of a document the detector reads: enough to tell two languages apart.
SAMPLE_CHARS = 2000


@cache
def _detector():
    from lingua import Language, LanguageDetectorBuilder  # 5 ms to build for two languages

    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.RUSSIAN).build()


def detect(text: str) -> str:
    """``en`` or ``ru``: the language of ``text``."""
    sample = text[:SAMPLE_CHARS]
    if not _CYRILLIC.search(sample):
        return "en"
    found = _detector().detect_language_of(sample)
    return found.iso_code_639_1.name.lower() if found else "en"
