"""Load source documents: UTF-8 text, optional YAML front matter, metadata from a manifest."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from . import settings
from .errors import InputError
from .model import Source

SUFFIXES = (".txt", ".md")
META_KEYS = ("title", "outlet", "author", "date", "date_approximate", "url")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, ten times faster, when built with it
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(\r?\n|\Z)", re.S | re.M)


def load_sources(folder: Path, strict: bool = True, warn: Callable[[str], None] | None = None) -> list[Source]:
    """Every document in ``folder``, sorted by id. A bad one raises, or with
    ``strict=False`` is reported to ``warn`` and skipped."""
    folder = Path(folder)
    if not folder.is_dir():
        msg = "not a folder of documents"
        raise InputError(folder, msg)
    manifest = load_manifest(folder / settings.MANIFEST_NAME)
    sources = []
    for path in sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file()):
        try:
            sources.append(read_source(path, manifest.get(path.stem, {})))
        except InputError as err:
            if strict:
                raise
            if warn:
                warn(f"warning: skipped {err}")
    return sources


def load_manifest(path: Path) -> dict[str, dict]:
    """Metadata for documents kept byte-for-byte (no front matter): ``{doc id: {key: value}}``."""
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        msg = f"not valid YAML: {_first_line(err)}"
        raise InputError(path, msg, _yaml_line(err)) from err
    if not isinstance(data, dict):
        msg = "expected a mapping of document id to metadata"
        raise InputError(path, msg)
    return {str(k): _check_meta(path, v, key=str(k)) for k, v in data.items()}


def read_source(path: Path, meta: dict | None = None) -> Source:
    """One document; front matter keys win over the manifest's ``meta``."""
    raw = _read_bytes(path)
    if not raw.strip():
        msg = "empty document"
        raise InputError(path, msg)
    if b"\x00" in raw:
        msg = "binary file (NUL bytes), expected UTF-8 text"
        raise InputError(path, msg)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        msg = f"not UTF-8: byte 0x{raw[err.start]:02x} at offset {err.start}"
        raise InputError(path, msg) from err
    front, body = split_front_matter(path, text)
    meta = {**(meta or {}), **front}
    if not body.strip():
        msg = "document has no text after its front matter"
        raise InputError(path, msg)
    date = meta.get("date", "")
    return Source(
        id=path.stem,
        title=meta.get("title") or _first_line_of(body),
        body=body,
        outlet=meta.get("outlet", ""),
        author=meta.get("author", ""),
        date=date,
        date_approximate=bool(meta.get("date_approximate", len(date) == 7)),
        url=meta.get("url", ""),
    )


def split_front_matter(path: Path, text: str) -> tuple[dict, str]:
    """``(metadata, body)``; a document without front matter is all body."""
    if not text.startswith("---"):
        return {}, text
    match = _FRONT.match(text)
    if not match:
        msg = "front matter opened with '---' but never closed"
        raise InputError(path, msg, 1)
    try:
        data = yaml.load(match.group(1), Loader=_YAML_LOADER)
    except yaml.YAMLError as err:
        msg = f"malformed front matter: {_first_line(err)}"
        raise InputError(path, msg, (_yaml_line(err) or 0) + 1) from err
    if not isinstance(data, dict):
        msg = f"front matter must be 'key: value' lines, got {match.group(1).strip()[:40]!r}"
        raise InputError(path, msg, 2)
    return _check_meta(path, data), text[match.end() :]


def _check_meta(path: Path, data, key: str | None = None) -> dict:
    where = f"{key}: " if key else ""
    if not isinstance(data, dict):
        msg = f"{where}expected metadata keys, got {data!r}"
        raise InputError(path, msg)
    meta = {}
    for k, v in data.items():
        if k not in META_KEYS:
            msg = f"{where}unknown key {k!r} (expected one of {', '.join(META_KEYS)})"
            raise InputError(path, msg)
        if k == "date_approximate":
            meta[k] = bool(v)
            continue
        value = v.isoformat() if isinstance(v, dt.date) else str(v if v is not None else "")
        if k == "date" and value and not _DATE.match(value):
            msg = f"{where}date {value!r} is not ISO (YYYY-MM-DD or YYYY-MM)"
            raise InputError(path, msg)
        meta[k] = value.strip()
    return meta


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > settings.MAX_DOCUMENT_BYTES:
            msg = f"too large: {size} bytes (limit {settings.MAX_DOCUMENT_BYTES})"
            raise InputError(path, msg)
        return path.read_bytes()
    except OSError as err:
        msg = f"cannot read: {err.strerror}"
        raise InputError(path, msg) from err


def _first_line_of(body: str) -> str:
    line = next(ln for ln in body.splitlines() if ln.strip())
    return line.strip().strip("#*_ ").strip()


def _first_line(err: Exception) -> str:
    return " ".join(str(getattr(err, "problem", None) or err).split())


def _yaml_line(err: Exception) -> int | None:
    mark = getattr(err, "problem_mark", None)
    return mark.line + 1 if mark else None
