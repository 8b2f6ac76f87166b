"""Files of what is slow to compute and can always be computed again (the gazetteer index), kept in
the user's cache folder: never required, never trusted, rebuilt when missing, damaged or stale.

A file is named after a hash of its key (everything its content is made from, plus the Python
that wrote it: marshal's format is Python's own) and holds a checksum of its content, so a
truncated or garbled file is read as no file at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import sys
from pathlib import Path

from corridors import settings
from corridors.errors import InputError
from corridors.io.files import read_bytes, write_atomic

_MAGIC = b"corridors cache\n"
_DIGEST = 32  # bytes of sha256
_LIMIT = 2**31  # bytes: a larger file is no cache of ours


def cache_dir() -> Path:
    """``settings.CACHE_DIR``, else ``$CORRIDORS_CACHE_DIR``, else the user's cache folder."""
    if settings.CACHE_DIR is not None:
        return Path(settings.CACHE_DIR)
    if os.environ.get("CORRIDORS_CACHE_DIR"):
        return Path(os.environ["CORRIDORS_CACHE_DIR"])
    import platformdirs

    return Path(platformdirs.user_cache_dir("corridors", appauthor=False))


def _path_of(name: str, key: dict) -> Path:
    """Where the value of ``name`` made from ``key`` is kept."""
    ident = json.dumps({**key, "python": sys.implementation.cache_tag, "marshal": marshal.version}, sort_keys=True)
    return cache_dir() / f"{name}-{hashlib.sha256(ident.encode()).hexdigest()[:16]}.marshal"


def load(name: str, key: dict):
    """The value stored for ``name`` and ``key``; None when there is none, or none intact."""
    return read(_path_of(name, key))


def store(name: str, key: dict, value) -> None:
    """Keep ``value`` (lists, tuples, dicts, strings, numbers) for :func:`load`; a cache folder that
    cannot be written is no error, the value is only computed again next time."""
    write(_path_of(name, key), value)


def read(path: Path):
    """The value of the cache file ``path``; None when there is none, or none intact."""
    try:
        data = read_bytes(Path(path), _LIMIT)
    except InputError:
        return None
    start = len(_MAGIC) + _DIGEST
    payload = data[start:]
    if data[: len(_MAGIC)] != _MAGIC or hashlib.sha256(payload).digest() != data[len(_MAGIC) : start]:
        return None
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None


def write(path: Path, value) -> None:
    """Write the cache file ``path`` for :func:`read` (atomically); failing to is no error."""
    payload = marshal.dumps(value)
    with contextlib.suppress(OSError):
        write_atomic(path, _MAGIC + hashlib.sha256(payload).digest() + payload)
