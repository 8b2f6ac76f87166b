"""The file keys of a folder's documents, remembered by their files' fingerprints so that a build
does not even read a file that has not changed since the last one: of 10,000 documents and one
new one, it reads one.

A fingerprint is what the file system tells of a file without opening it: its size, modification
and change times and inode, with the document's manifest entry. Writing a file sets its change
time to the moment (no program can set it back), so an equal fingerprint means equal bytes. A
file changed less than ``settings.FILE_SETTLE_S`` seconds ago is not remembered: it could change
again within the same tick of the file system's clock. The table is a cache file beside the
corpus store (``corridors.usercache`` format): when missing or damaged, every file is read and
hashed, as in a first build.

Example::

    keys = FileKeys(Path("corridors/data/.corridors.sqlite.files"))
    key = keys.key(path, extra)  # None: read the file, then keys.remember(path, its key)
    keys.save()
"""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path

from corridors import settings
from corridors.io import usercache

_FORMAT = ("file keys", 1, sys.implementation.cache_tag)


class FileKeys:
    """File name -> (fingerprint, file key), read from and saved to the cache file ``path``."""

    def __init__(self, path: Path):
        self.path = Path(path)
        held = usercache.read(self.path)
        ok = isinstance(held, dict) and held.get("format") == _FORMAT and isinstance(held.get("files"), dict)
        self._old: dict[str, tuple] = held["files"] if ok else {}
        self._new: dict[str, tuple] = {}
        self._seen: dict[str, tuple | None] = {}

    def key(self, path: Path, extra: str) -> str | None:
        """The key remembered for ``path`` when neither the file nor ``extra`` (what else its key is
        made from) changed since; else None."""
        fingerprint = self._seen[path.name] = _fingerprint(path, extra)
        entry = self._old.get(path.name)
        return entry[1] if fingerprint and entry and entry[0] == fingerprint else None

    def remember(self, path: Path, key: str) -> None:
        """Keep ``key`` for ``path`` under the fingerprint :meth:`key` saw (unless it was unsettled)."""
        fingerprint = self._seen.pop(path.name, None)
        if fingerprint:
            self._new[path.name] = (fingerprint, key)

    def save(self) -> None:
        """Write what was remembered (only the files seen this time), when it changed."""
        if self._new != self._old:
            usercache.write(self.path, {"format": _FORMAT, "files": self._new})


def _fingerprint(path: Path, extra: str) -> tuple | None:
    """``(size, mtime_ns, ctime_ns, inode, extra)`` of a regular file that settled; else None."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    settled = time.time_ns() - info.st_ctime_ns > settings.FILE_SETTLE_S * 1e9
    if not stat.S_ISREG(info.st_mode) or not settled:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, extra)
