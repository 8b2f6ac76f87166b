"""Syndicated copies: documents that tell one story (the same body once whitespace is normalised, or
near-identical bodies, as when an outlet republishes an agency's article with its own byline) count
once. Pure functions over loaded documents."""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import replace

from corridors import settings
from corridors.io import usercache
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
    ``settings.SAME_STORY_OVERLAP``. Candidate pairs come from MinHash signatures cut in bands (a pair
    that agrees on one whole band is measured exactly); only bodies not seen by an earlier build are
    signed and sought, the pairs found before are kept (``_Sketches``)."""
    parent = list(range(len(sources)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}  # body hash -> the first document with that body
    for i, source in enumerate(sources):
        digest = hashlib.sha256(" ".join(source.body.split()).encode("utf-8")).hexdigest()
        if digest in first:
            parent[i] = root(first[digest])
        else:
            first[digest] = i
    sketches = _Sketches()
    for a, b in sketches.pairs(first, sources):
        parent[root(first[a])] = root(first[b])
    sketches.save()
    groups: dict[int, list[Source]] = {}
    for i, source in enumerate(sources):
        groups.setdefault(root(i), []).append(source)
    return list(groups.values())


class _Sketches:
    """MinHash signatures by body hash, and the same-story pairs found among them, kept in the user's cache
    between builds (``corridors.io.usercache``): a rebuild signs and seeks only the bodies it has not seen
    (signing every body took 8.5 s at 10,000 documents, a whole index of them 2 s)."""

    # 16 bands of 4 values: a pair sharing 79% of its shingles (the least a copy shared, see settings) is a
    # candidate 999 times in 1,000, one sharing half 64 times in 100, two stories sharing 4% 4 in 100,000.
    _BANDS = 16

    def __init__(self):
        self._key = {"permutations": settings.MINHASH_PERMUTATIONS, "words": settings.SHINGLE_WORDS,
                     "overlap": settings.SAME_STORY_OVERLAP, "format": 1}  # fmt: skip
        held = usercache.load("story-sketches", self._key)
        ok = isinstance(held, dict) and isinstance(held.get("signatures"), dict) and isinstance(held.get("pairs"), list)
        self._old: dict[str, bytes] = held["signatures"] if ok else {}
        self._old_pairs = [tuple(p) for p in held["pairs"]] if ok else []
        self._signatures: dict[str, bytes] = {}
        self._pairs: list[tuple[str, str]] = []

    def pairs(self, first: dict[str, int], sources: list[Source]) -> list[tuple[str, str]]:
        """The same-story pairs (of body hashes) among the bodies ``first`` names: those found by an earlier
        build between bodies still here, and those of each new body."""
        new = [d for d in first if d not in self._old]
        self._signatures = {d: self._old[d] for d in first if d in self._old}
        self._signatures |= {d: _signature(sources[first[d]].body) for d in new}
        self._pairs = [(a, b) for a, b in self._old_pairs if a in first and b in first]
        if new:
            bands: dict[bytes, list[str]] = {}
            rows = len(next(iter(self._signatures.values()))) // self._BANDS
            for digest, signature in self._signatures.items():
                for band in range(self._BANDS):
                    bands.setdefault(bytes([band]) + signature[band * rows : (band + 1) * rows], []).append(digest)
            fresh = set(new)
            candidates = {tuple(sorted((a, b))) for group in bands.values() if fresh & set(group)
                          for a in group for b in group if a < b and (a in fresh or b in fresh)}  # fmt: skip
            self._pairs += [
                (a, b) for a, b in sorted(candidates)
                if overlap(shingles(sources[first[a]].body), shingles(sources[first[b]].body))
                >= settings.SAME_STORY_OVERLAP
            ]  # fmt: skip
        return self._pairs

    def save(self) -> None:
        """Keep this build's signatures and pairs, when they differ from what was kept."""
        if self._signatures.keys() != self._old.keys() or set(self._pairs) != set(self._old_pairs):
            usercache.store("story-sketches", self._key, {"signatures": self._signatures, "pairs": self._pairs})


def _signature(body: str) -> bytes:
    """The body's MinHash signature (datasketch, ``settings.MINHASH_PERMUTATIONS`` values) as bytes."""
    from datasketch import MinHash  # only a build needs it: importing costs 0.5 s

    signature = MinHash(num_perm=settings.MINHASH_PERMUTATIONS, seed=1, hashfunc=_crc32, scheme="affine32")
    signature.update_batch(shingles(body))
    return signature.hashvalues.astype("<u8").tobytes()
