"""Syndicated copies: documents that tell one story (the same body once whitespace is normalised, or
near-identical bodies, as when an outlet republishes an agency's article with its own byline) count
once. Pure functions over loaded documents."""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import replace

from corridors import settings
from corridors.model import Source

_WORDS = re.compile(r"\w+")


def one_per_story(sources: list[Source]) -> list[Source]:
    """Each story once, sorted by id: of the copies, the earliest dated is kept (an undated one comes
    last), then the smallest id; it lists the others, without their bodies, in ``also_published_by``."""
    stories = _stories(sources)
    kept = []
    for copies in stories:
        first, *others = sorted(copies, key=lambda s: (not s.date, s.date, s.id))
        kept.append(replace(first, also_published_by=tuple(replace(s, body="", file_key="") for s in others)))
    return sorted(kept, key=lambda s: s.id)


def shingles(body: str) -> set[str]:
    """The body's runs of ``settings.SHINGLE_WORDS`` words, lower case, punctuation and spacing ignored."""
    words = _WORDS.findall(body.lower())
    k = settings.SHINGLE_WORDS
    return {" ".join(words[i : i + k]) for i in range(max(1, len(words) - k + 1))}


def overlap(a: set[str], b: set[str]) -> float:
    """Jaccard overlap of two shingle sets."""
    return len(a & b) / len(a | b) if a or b else 1.0


def _crc32(shingle: str) -> int:
    """A 32-bit hash, the same in every process (a build is deterministic), twice as fast as SHA-1."""
    return zlib.crc32(shingle.encode("utf-8"))


def _stories(sources: list[Source]) -> list[list[Source]]:
    """The documents grouped by story: same normalised body, or shingle overlap of at least
    ``settings.SAME_STORY_OVERLAP`` (candidates from MinHash LSH, each pair then measured exactly)."""
    from datasketch import MinHash, MinHashLSH  # only a build needs it: importing costs 0.5 s

    parent = list(range(len(sources)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_text: dict[str, int] = {}
    lsh = MinHashLSH(threshold=settings.SAME_STORY_OVERLAP, num_perm=settings.MINHASH_PERMUTATIONS)
    sets = []
    for i, source in enumerate(sources):
        text = hashlib.sha256(" ".join(source.body.split()).encode("utf-8")).hexdigest()
        if text in by_text:
            parent[i] = root(by_text[text])
            sets.append(set())
            continue
        by_text[text] = i
        sets.append(shingles(source.body))
        signature = MinHash(num_perm=settings.MINHASH_PERMUTATIONS, seed=1, hashfunc=_crc32)
        signature.update_batch(sets[i])
        for j in lsh.query(signature):
            if overlap(sets[i], sets[j]) >= settings.SAME_STORY_OVERLAP:
                parent[root(i)] = root(j)
        lsh.insert(i, signature)
    groups: dict[int, list[Source]] = {}
    for i, source in enumerate(sources):
        groups.setdefault(root(i), []).append(source)
    return list(groups.values())
