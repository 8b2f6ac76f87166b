"""Load source documents: UTF-8 text, optional YAML front matter, metadata from a manifest."""

from __future__ import annotations

import difflib
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NamedTuple

from corridors import settings
from corridors.errors import InputError, shown
from corridors.inputs.language import detect
from corridors.inputs.schemas import FRONT_MATTER, MANIFEST, Meta, check
from corridors.io import parallel
from corridors.io.filekeys import FileKeys
from corridors.io.files import decode, read_bytes, read_text
from corridors.io.safeyaml import parse
from corridors.model import Source

SUFFIXES = (".txt", ".md")
#: Characters of the first line taken as a document's title when it has none.
TITLE_CHARS = 200
_OPEN = re.compile(r"\A---[ \t]*\r?\n")
_CLOSE = re.compile(r"^---[ \t]*(?:\r?\n|\Z)", re.M)
#: Front matter keys read as another: ``language: ru`` is ``lang: ru``.
SYNONYMS = {"language": "lang"}
#: How close an unknown key must be to a known one to be refused as its misspelling ("titel").
MISSPELLING_CUTOFF = 0.75
_log = logging.getLogger(__name__)


def documents(folder: Path) -> list[Path]:
    """The documents of ``folder``: ``*.txt`` and ``*.md`` (any case), hidden names left out."""
    with os.scandir(folder) as entries:
        names = sorted(e.name for e in entries if not e.name.startswith(".") and e.name.lower().endswith(SUFFIXES))
    return [folder / name for name in names]


def load_sources(
    folder: Path,
    strict: bool = True,
    warn: Callable[[str], None] | None = None,
    known: Mapping[str, Source] | None = None,
    keys: FileKeys | None = None,
    jobs: int = 1,
) -> list[Source]:
    """Every document in ``folder`` (or the one document ``folder`` names), sorted by id. A bad
    one raises, or with ``strict=False`` is reported to ``warn`` and skipped. A document whose
    ``file_key`` is in ``known`` (documents read before, by key) is taken from there, not parsed;
    one whose key ``keys`` remembers is not even read. The others are parsed in ``jobs`` processes
    when there are many."""
    folder = Path(folder)
    if folder.is_file() and folder.suffix.lower() in SUFFIXES:
        paths, folder = [folder], folder.parent
        listed = documents(folder)
    elif folder.is_dir():
        paths = listed = documents(folder)
    else:
        msg = f"not a folder of documents, nor a {' or '.join(SUFFIXES)} document"
        raise InputError(folder, msg)
    manifest = load_manifest(folder / settings.MANIFEST_NAME, {p.stem for p in listed})
    real_folder = os.path.realpath(folder)
    seen: dict[str, Path] = {}
    found: list[Source | _Unparsed | InputError] = []
    for path in paths:
        if path.stem in seen:
            msg = f"two documents with the id {shown(path.stem)}: {seen[path.stem].name} and this one"
            raise InputError(path, msg)
        seen[path.stem] = path
        try:
            _check_place(real_folder, path)
            outcome = _identify(path, manifest.get(path.stem, {}), known, keys)
        except InputError as err:
            outcome = err
        if isinstance(outcome, _Unparsed) and jobs <= 1:
            (outcome,) = _parse_chunk([outcome])  # now: its bytes need not be kept
        found.append(outcome)
    parsed = iter(_parse_all([f for f in found if isinstance(f, _Unparsed)], jobs))
    sources = []
    for path, outcome in zip(paths, found, strict=True):
        source = next(parsed) if isinstance(outcome, _Unparsed) else outcome
        if isinstance(source, InputError):
            if strict:
                raise source
            if warn:
                warn(f"warning: skipped {source}")
            continue
        if keys:
            keys.remember(path, source.file_key)
        sources.append(source)
    return sources


def load_manifest(path: Path, ids: set[str] | None = None) -> dict[str, dict]:
    """Metadata for documents kept byte-for-byte (no front matter): ``{doc id: {key: value}}``;
    with ``ids``, every entry must name one of them."""
    if not os.path.lexists(path):
        return {}
    data = parse(read_text(path, settings.MAX_YAML_BYTES), path)
    if data is None:
        return {}
    manifest = check(MANIFEST, data, path)
    for doc in manifest:
        if ids is not None and doc not in ids:
            msg = f"{doc}: no document {doc}.txt or {doc}.md in {path.parent.name}/"
            raise InputError(path, msg, data.lines.get(doc))
    return {doc: meta.model_dump(exclude_unset=True) for doc, meta in manifest.items()}


def read_source(
    path: Path, meta: dict | None = None, known: Mapping[str, Source] | None = None, keys: FileKeys | None = None
) -> Source:
    """One document; front matter keys win over the manifest's ``meta``. Taken from ``known`` (by
    file key) when there, without reading the file if ``keys`` remembers its key."""
    found = _identify(path, meta or {}, known, keys)
    source = found if isinstance(found, Source) else _parse(*found)
    if keys:
        keys.remember(path, source.file_key)
    return source


class _Unparsed(NamedTuple):
    """A document read but not yet parsed: what ``_parse`` takes."""

    path: Path
    raw: bytes
    meta: dict
    key: str


def _identify(path: Path, meta: dict, known: Mapping[str, Source] | None, keys: FileKeys | None):
    """The document as ``known`` holds it (not even read when ``keys`` remembers it), else the
    document read and to be parsed."""
    extra = json.dumps([meta, TITLE_CHARS], sort_keys=True, default=str)
    source = _held(known, keys.key(path, extra) if keys else None, path)
    if source is None:
        raw = read_bytes(path, settings.MAX_DOCUMENT_BYTES)
        key = hashlib.sha256(raw + b"\0" + extra.encode()).hexdigest()
        source = _held(known, key, path) or _Unparsed(path, raw, meta, key)
    return source


def _held(known: Mapping[str, Source] | None, key: str | None, path: Path) -> Source | None:
    """The document of ``known`` with this file key, read from a file of this name."""
    source = known.get(key) if known and key else None
    return source if source and source.id == path.stem else None


def _parse_all(unparsed: list[_Unparsed], jobs: int) -> list[Source | InputError]:
    """Each document parsed, or the error that refuses it; in ``jobs`` processes when many."""
    if jobs > 1 and len(unparsed) >= settings.PARALLEL_MIN_DOCS:
        return parallel.run(_parse_chunk, parallel.chunks(unparsed, jobs), jobs)
    return _parse_chunk(unparsed)


def _parse_chunk(unparsed: list[_Unparsed]) -> list[Source | InputError]:
    found = []
    for document in unparsed:
        try:
            found.append(_parse(*document))
        except InputError as err:
            found.append(err)
    return found


def _parse(path: Path, raw: bytes, meta: dict, key: str) -> Source:
    if not raw.strip():
        msg = "empty document"
        raise InputError(path, msg)
    if b"\x00" in raw:
        msg = "binary file (NUL bytes), expected UTF-8 text"
        raise InputError(path, msg)
    front, body = split_front_matter(path, decode(path, raw))
    meta = {**meta, **front}
    if not body.strip():
        msg = "document has no text after its front matter"
        raise InputError(path, msg)
    date = meta.get("date", "")
    approximate = meta.get("date_approximate")
    return Source(
        id=path.stem,
        title=meta.get("title") or _title(body),
        body=body,
        outlet=meta.get("outlet", ""),
        author=meta.get("author", ""),
        date=date,
        date_approximate=len(date) == 7 if approximate is None else approximate,
        url=meta.get("url", ""),
        lang=meta.get("lang") or detect(body),
        file_key=key,
    )


def split_front_matter(path: Path, text: str) -> tuple[dict, str]:
    """``(metadata, body)``: front matter is a first line ``---`` up to the next line ``---``; a
    document without it is all body (a rule ``-----`` or ``--- Breaking ---`` opens none)."""
    text = text.removeprefix("\ufeff")
    opening = _OPEN.match(text)
    if not opening:
        return {}, text
    closing = _CLOSE.search(text, opening.end())
    if not closing:
        msg = "front matter opened with '---' but never closed"
        raise InputError(path, msg, 1)
    data = parse(text[opening.end() : closing.start()], path, first_line=2, what="front matter")
    if data is None:
        return {}, text[closing.end() :]
    if not isinstance(data, dict):
        msg = f"front matter must be 'key: value' lines, got {shown(data)}"
        raise InputError(path, msg, 2)
    _known_keys(path, data)
    return check(FRONT_MATTER, data, path).model_dump(exclude_unset=True), text[closing.end() :]


def _known_keys(path: Path, data: dict) -> None:
    """Synonyms renamed; a key close to a known one refused as its misspelling; any other unknown
    key dropped with one warning line (a tool may add keys this version does not read)."""
    known = list(Meta.model_fields)
    for key in [k for k in data if k not in known]:
        line = data.lines.get(key) if hasattr(data, "lines") else None
        if SYNONYMS.get(key) in known and SYNONYMS[key] not in data:
            data[SYNONYMS[key]] = data.pop(key)
            if hasattr(data, "lines"):
                data.lines[SYNONYMS[key]] = line
            continue
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=MISSPELLING_CUTOFF)
        if close:
            msg = f"{key}: unknown key, did you mean {close[0]!r}?"
            raise InputError(path, msg, line)
        _log.warning("warning: %s:%s: front matter key %s is not read (ignored)", path, line or "", shown(key))
        del data[key]


def _check_place(real_folder: str, path: Path) -> None:
    """A document's name is UTF-8 and it stays in the folder whose real path is ``real_folder``: a
    symlink out of it is refused (a file that is no link is where its folder is)."""
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError as err:
        msg = "file name is not valid UTF-8: rename the file"
        raise InputError(path, msg) from err
    if not path.is_symlink():
        return
    if os.path.commonpath([os.path.realpath(path), real_folder]) != real_folder:
        msg = "a link to a file outside the folder of documents"
        raise InputError(path, msg)


def _title(body: str) -> str:
    """The first line with words, without Markdown marks (``### Title`` gives ``Title``)."""
    for line in body.splitlines():
        words = line.strip().strip("#*_> \t").strip()
        if words:
            return words[:TITLE_CHARS]
    return ""
