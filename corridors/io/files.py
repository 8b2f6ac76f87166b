"""File input and output at the edges: bounded reads of regular files only, and writes that never
leave a half-written file behind."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from corridors.errors import InputError


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, refused beyond ``limit`` bytes before they are read.

    Opened without blocking (a FIFO named like a document does not wait for a writer) and checked
    to be a regular file (no folder, FIFO or device such as ``/dev/zero``); at most ``limit + 1``
    bytes are read, whatever the size the file claims."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        msg = f"cannot read: {err.strerror}"
        raise InputError(path, msg) from err
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        msg = "not a regular file (a folder, FIFO or device cannot be read)"
        raise InputError(path, msg)
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > limit:
            msg = f"too large: {info.st_size} bytes (limit {limit})"
            raise InputError(path, msg)
        try:  # sized by the file: a buffer of ``limit`` bytes per file is one memory map per document kept
            data = handle.read(min(info.st_size, limit) + 1)
            if len(data) > info.st_size:  # it grew since: read on, to the limit
                data += handle.read(limit + 1 - len(data))
        except OSError as err:
            msg = f"cannot read: {err.strerror}"
            raise InputError(path, msg) from err
    if len(data) > limit:
        msg = f"too large: over {limit} bytes"
        raise InputError(path, msg)
    return data


def read_text(path: Path, limit: int) -> str:
    """:func:`read_bytes` decoded as UTF-8, a byte-order mark removed; anything else is refused."""
    return decode(path, read_bytes(path, limit))


def decode(path: Path, raw: bytes) -> str:
    """``raw`` as UTF-8 text without a byte-order mark; anything else is refused naming ``path``."""
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        msg = f"not UTF-8: byte 0x{raw[err.start]:02x} at offset {err.start}"
        raise InputError(path, msg, raw.count(b"\n", 0, err.start) + 1) from err


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` (or bytes) to a temporary file beside ``path``, then rename it over ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        mode = {"mode": "wb"} if isinstance(text, bytes) else {"mode": "w", "encoding": "utf-8", "newline": "\n"}
        with os.fdopen(fd, **mode) as out:
            out.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
