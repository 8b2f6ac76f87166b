"""The corpus store: one SQLite file holding every document, mention, candidate, route quote and
status claim of a build, with an FTS5 full-text index over document titles and bodies and over
quotes. Standard tools open it as it is (``sqlite3 corridors/data/corridors.sqlite .tables``,
``datasette corridors/data/corridors.sqlite``); the README describes each table.

Writing is atomic: the previous store is copied beside itself, brought up to date row by row
(only what changed is written, so an unchanged build leaves the file as it was) and renamed over
the old one. Reading (``open_checked``, then ``search``, ``document``, ``quotes``, ...) opens the file
read-only and needs nothing but ``sqlite3``, so the dashboard may use it. Every query of the store is
here: the modules that read it call these functions.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from corridors.errors import InputError, StoreError

#: Bumped when a table changes; a store of another version is rebuilt from scratch.
SCHEMA_VERSION = 4  # 3: documents.lang (Russian); 4: claims' confidence and the status basis (review)

#: Marks around the words a search hit (control characters: no document contains them, and the
#: view escapes the text before it turns them into ``<mark>``).
HIT_START, HIT_END = "\x02", "\x03"

_SCHEMA = """
CREATE TABLE meta (  -- what built this store
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE documents (  -- one row per source document
    id TEXT PRIMARY KEY,            -- file name without suffix
    title TEXT NOT NULL,
    outlet TEXT NOT NULL,
    author TEXT NOT NULL,
    date TEXT NOT NULL,             -- ISO YYYY-MM-DD, YYYY-MM or YYYY; '' when undated
    date_approximate INTEGER NOT NULL,
    url TEXT NOT NULL,
    body TEXT NOT NULL,             -- the text after any front matter, as in the file
    content_hash TEXT NOT NULL,     -- sha256 of body
    file_key TEXT NOT NULL,         -- sha256 of the file and its manifest entry: unchanged files are not parsed
    lang TEXT NOT NULL              -- ISO 639-1: the front matter's, else detected (en, ru)
);
CREATE TABLE extractions (  -- the extraction cache: a document's mentions and candidates hold while the key does
    document_id TEXT PRIMARY KEY REFERENCES documents(id),
    extraction_key TEXT NOT NULL    -- sha256 of document id, date, body, routes file and extractor version
);
CREATE TABLE mentions (  -- every passage the extractor linked to a curated route
    document_id TEXT NOT NULL REFERENCES documents(id),
    position INTEGER NOT NULL,      -- order in the document's extraction
    route_id TEXT NOT NULL,
    start_offset INTEGER NOT NULL,  -- characters (code points) into documents.body
    end_offset INTEGER NOT NULL,
    quote TEXT NOT NULL,            -- body[start_offset:end_offset]
    status TEXT,                    -- the status cue of the passage, if any
    cue TEXT,
    evidence TEXT NOT NULL,         -- how the passage was linked: alias, chain, fuzzy, places, countries, context
    event_date TEXT NOT NULL,
    strength TEXT,                  -- fact, plan or idea
    target_date TEXT NOT NULL,
    confidence REAL NOT NULL        -- how likely the reading is right, 0-1 (corridors.status.confidence)
);
CREATE TABLE candidates (  -- route-like phrases that match no curated route
    document_id TEXT NOT NULL REFERENCES documents(id),
    position INTEGER NOT NULL,
    phrase TEXT NOT NULL,
    places TEXT NOT NULL,           -- JSON list of the place names in the phrase
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    text TEXT NOT NULL,
    sentence TEXT NOT NULL
);
CREATE TABLE routes (  -- the build's routes, as the map shows them
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    modes TEXT NOT NULL,            -- JSON list
    countries TEXT NOT NULL,        -- JSON list of ISO codes
    status TEXT NOT NULL,
    status_date TEXT NOT NULL,
    status_document_id TEXT NOT NULL,
    status_quote TEXT NOT NULL,
    quote_count INTEGER NOT NULL,
    document_count INTEGER NOT NULL,
    status_basis TEXT NOT NULL,     -- curated or reviewed (a person's word), or auto (a likely reading)
    status_confidence REAL NOT NULL -- the confidence of the claim the status rests on, 0-1
);
CREATE TABLE quotes (  -- every quote of a route: curated status quotes and extracted mentions
    route_id TEXT NOT NULL REFERENCES routes(id),
    document_id TEXT NOT NULL REFERENCES documents(id),
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    text TEXT NOT NULL,
    status TEXT,
    cue TEXT,
    evidence TEXT NOT NULL,         -- curated, or how the extractor linked it
    document_date TEXT NOT NULL,
    confidence REAL NOT NULL        -- how likely the reading is right, 0-1; 1 for a curated quote
);
CREATE TABLE status_claims (  -- every status claim of a route's timeline, and why it did or did not set the status
    route_id TEXT NOT NULL REFERENCES routes(id),
    date TEXT NOT NULL,
    status TEXT NOT NULL,
    strength TEXT NOT NULL,
    source TEXT NOT NULL,           -- curated, reviewed, extracted or inferred
    document_id TEXT NOT NULL,      -- '' for an inferred claim
    quote TEXT NOT NULL,
    cue TEXT,
    event_date TEXT NOT NULL,
    reported_date TEXT NOT NULL,
    date_approximate INTEGER NOT NULL,
    reason TEXT NOT NULL,           -- '' when the claim set the status
    confidence REAL NOT NULL        -- how likely the claim is right, 0-1; 1 for a person's word
);
CREATE INDEX mentions_by_document ON mentions(document_id);
CREATE INDEX candidates_by_document ON candidates(document_id);
CREATE INDEX quotes_by_route ON quotes(route_id);
CREATE INDEX quotes_by_document ON quotes(document_id);
CREATE INDEX documents_by_date ON documents(date DESC, id);
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, body, content='documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, content='quotes', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
"""

#: Triggers that keep the FTS indexes in step with their tables; a new store is filled first and
#: indexed at once ('rebuild'), three times faster than row by row.
_TRIGGERS = """
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
END;
CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
"""

_INDEXED = """
INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild');
"""

#: Columns written by ``write``, per table, in order (the schema above documents each).
COLUMNS = {
    "meta": ("key", "value"),
    "documents": ("id", "title", "outlet", "author", "date", "date_approximate", "url", "body", "content_hash",
                  "file_key", "lang"),
    "extractions": ("document_id", "extraction_key"),
    "mentions": ("document_id", "position", "route_id", "start_offset", "end_offset", "quote", "status", "cue",
                 "evidence", "event_date", "strength", "target_date", "confidence"),
    "candidates": ("document_id", "position", "phrase", "places", "start_offset", "end_offset", "text", "sentence"),
    "routes": ("id", "name", "modes", "countries", "status", "status_date", "status_document_id", "status_quote",
               "quote_count", "document_count", "status_basis", "status_confidence"),
    "quotes": ("route_id", "document_id", "start_offset", "end_offset", "text", "status", "cue", "evidence",
               "document_date", "confidence"),
    "status_claims": ("route_id", "date", "status", "strength", "source", "document_id", "quote", "cue",
                      "event_date", "reported_date", "date_approximate", "reason", "confidence"),
}  # fmt: skip
#: The tables whose rows belong to one document, and the column naming it (a route's quotes from a
#: document depend on that document, its extraction and the routes file alone).
BY_DOCUMENT = {"documents": "id", "extractions": "document_id", "mentions": "document_id",
               "candidates": "document_id", "quotes": "document_id"}  # fmt: skip

Row = tuple


def write(path: Path, tables: dict[str, Iterable[Row]], kept: Collection[str] = frozenset()) -> None:
    """Make the store at ``path`` hold exactly ``tables`` (name -> rows in ``COLUMNS`` order), but
    for the documents in ``kept``: their rows in the tables of ``BY_DOCUMENT`` stay as the store
    holds them, and ``tables`` leaves them out (an incremental build writes only what it read).

    The old store (when of this schema) is copied and updated row by row, then renamed over the
    old file; when no row changed the old file is left untouched."""
    path = Path(path)
    tables = {**tables, "meta": sorted([*tables.get("meta", ()), ("schema_version", str(SCHEMA_VERSION))])}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
    except OSError as err:
        msg = f"cannot write the store: {err.strerror}"
        raise InputError(path, msg) from err
    try:
        fresh = not readable(path)
        kept = frozenset() if fresh else frozenset(kept)
        if not fresh:
            shutil.copyfile(path, tmp)
        with sqlite3.connect(tmp, isolation_level=None) as conn:
            if fresh:
                conn.executescript(_SCHEMA)
            conn.execute("BEGIN")
            for table, rows in tables.items():
                _sync(conn, table, rows, kept)
            changed = conn.total_changes
            conn.execute("COMMIT")
            if fresh:
                conn.executescript(_INDEXED + _TRIGGERS)
        conn.close()
        if changed or fresh:
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
    except OSError as err:
        msg = f"cannot write the store: {err.strerror}"
        raise InputError(path, msg) from err
    finally:
        Path(tmp).unlink(missing_ok=True)


def readable(path: Path) -> bool:
    """Whether ``path`` is a store of this schema (anything else is replaced, never patched)."""
    try:
        open_checked(path).close()
    except StoreError:
        return False
    return True


def open_checked(path: Path) -> sqlite3.Connection:
    """A read-only connection to the store at ``path``; else a ``StoreError`` saying why not: no
    file, not SQLite (or corrupt), or another schema (which part of it)."""
    conn = connect(path)
    try:
        problem = schema_problem(conn)
    except sqlite3.DatabaseError as err:
        conn.close()
        msg = f"not an SQLite database, or a damaged one ({err})"
        raise StoreError(path, msg) from err
    if problem:
        conn.close()
        msg = f"a store of another schema: {problem} (`corridors build` replaces it)"
        raise StoreError(path, msg)
    return conn


#: Full-text indexes and the triggers that keep them in step, besides the tables of ``COLUMNS``.
_OTHER_OBJECTS = {"documents_fts", "quotes_fts", "documents_ai", "documents_ad", "quotes_ai", "quotes_ad"}


def schema_problem(conn: sqlite3.Connection) -> str:
    """How the store of ``conn`` differs from this schema: its version, a missing table, index or
    trigger, a table's columns; '' when it does not."""
    names = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    if "meta" not in names:
        return "no meta table"
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if not row or row[0] != str(SCHEMA_VERSION):
        return f"schema version {row[0] if row else None!r}, expected {SCHEMA_VERSION}"
    if missing := (set(COLUMNS) | _OTHER_OBJECTS) - names:
        return f"no {', '.join(sorted(missing))}"
    for table, columns in COLUMNS.items():
        if tuple(row[1] for row in conn.execute(f"PRAGMA table_info({table})")) != columns:
            return f"table {table} has other columns"
    return ""


def _sync(conn: sqlite3.Connection, table: str, rows: Iterable[Row], kept: frozenset[str]) -> None:
    """Delete the rows of ``table`` not in ``rows``, insert those not yet there; the rows of the
    documents in ``kept`` are neither read nor touched."""
    columns = COLUMNS[table]
    query, params = f"SELECT rowid, {', '.join(columns)} FROM {table}", []
    if kept and table in BY_DOCUMENT:
        column = BY_DOCUMENT[table]
        others = [doc for (doc,) in conn.execute(f"SELECT DISTINCT {column} FROM {table}") if doc not in kept]
        query += f" WHERE {column} IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(others))
    held: dict[Row, list[int]] = {}
    for rowid, *values in conn.execute(query, params):
        held.setdefault(tuple(values), []).append(rowid)
    new = []
    for row in map(tuple, rows):  # True == 1 and hash(True) == hash(1): flags match the 0/1 SQLite holds
        rowids = held.get(row)
        if rowids:
            rowids.pop()
        else:
            new.append(row)
    stale = [(rowid,) for rowids in held.values() for rowid in rowids]
    conn.executemany(f"DELETE FROM {table} WHERE rowid = ?", stale)
    marks = ", ".join("?" * len(columns))
    conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", new)


# -- reading -----------------------------------------------------------------------------------


def connect(path: Path) -> sqlite3.Connection:
    """A read-only connection to the store at ``path`` (rows as ``sqlite3.Row``)."""
    path = Path(path)
    if not path.is_file():
        msg = "no corpus store here (run `corridors build`)"
        raise StoreError(path, msg)
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


def rows(conn: sqlite3.Connection, table: str, order: str = "") -> list[Row]:
    """Every row of ``table``, columns in ``COLUMNS`` order (rows in ``order``, SQL, when given)."""
    sql = f"SELECT {', '.join(COLUMNS[table])} FROM {table}" + (f" ORDER BY {order}" if order else "")
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples
    return cursor.execute(sql).fetchall()


@dataclass(frozen=True)
class Hit:
    """A document of a search result; ``snippet`` has the hit words between HIT_START and HIT_END."""

    id: str
    title: str
    outlet: str
    author: str
    date: str
    date_approximate: bool
    url: str
    snippet: str
    lang: str = "en"


@dataclass(frozen=True)
class Page:
    hits: list[Hit]
    total: int  # documents matching, over every page
    page: int  # 1-based
    pages: int


def search(
    conn: sqlite3.Connection,
    text: str = "",
    page: int = 1,
    per_page: int = 20,
    routes: Sequence[str] = (),
    documents: Sequence[str] = (),
    since: str = "",
    until: str = "",
) -> Page:
    """Documents whose title or body hold every word of ``text`` (the last one as a prefix; all
    documents when ``text`` has no word), newest first, one page of ``per_page``.

    ``routes`` keeps documents quoted for one of these routes, ``documents`` these ids, ``since``
    and ``until`` (ISO days, inclusive; partial dates count from their first day) the dated ones in
    between (undated documents stay unless ``since`` is given)."""
    where, params = _among(
        ("d.id IN (SELECT document_id FROM quotes WHERE route_id IN ({}))", routes), ("d.id IN ({})", documents)
    )
    if since:
        where.append("d.date >= ?")
        params.append(since)
    if until:
        where.append("d.date <= ?")
        params.append(until)
    query = fts_query(text)
    if query:
        source = "documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
        where.insert(0, "documents_fts MATCH ?")
        params.insert(0, query)
        snippet = f"snippet(documents_fts, 1, '{HIT_START}', '{HIT_END}', '…', 40)"
        title = f"highlight(documents_fts, 0, '{HIT_START}', '{HIT_END}')"
    else:
        source, snippet, title = "documents d", "substr(d.body, 1, 300)", "d.title"
    condition = f" WHERE {' AND '.join(where)}" if where else ""
    total = conn.execute(f"SELECT count(*) FROM {source}{condition}", params).fetchone()[0]
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    shown = [
        rowid
        for (rowid,) in conn.execute(
            f"SELECT d.rowid FROM {source}{condition} ORDER BY d.date DESC, d.id LIMIT ? OFFSET ?",
            [*params, per_page, (page - 1) * per_page],
        )
    ]
    # snippets only for the page shown: making one for every match would cost more than the search
    found = conn.execute(
        f"SELECT d.rowid, d.id, {title}, d.outlet, d.author, d.date, d.date_approximate, d.url, {snippet}, d.lang "
        f"FROM {source} WHERE {'documents_fts MATCH ? AND ' if query else ''}d.rowid IN ({_marks(shown)})",
        [*([query] if query else []), *shown],
    ).fetchall()
    by_rowid = {r[0]: r[1:] for r in found}
    hits = [Hit(*r[:5], bool(r[5]), *r[6:]) for r in (by_rowid[rowid] for rowid in shown)]
    return Page(hits, total, page, pages)


def fts_query(text: str) -> str:
    """An FTS5 query that finds every word of ``text``, the last as a prefix; '' for no word.
    Each word is quoted, so nothing a user types is read as FTS syntax."""
    words = re.findall(r"\w+", text)
    return " ".join(f'"{w}"' for w in words) + ("*" if words else "")


def vocabulary(conn: sqlite3.Connection) -> dict[str, int]:
    """Every word of the documents' titles and bodies as the full-text index holds it (lower case, no
    diacritics), with the number of documents that hold it (FTS5's ``fts5vocab``, a temporary table)."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.documents_vocab USING fts5vocab(main, documents_fts, row)")
    return dict(conn.execute("SELECT term, doc FROM temp.documents_vocab").fetchall())


def document(conn: sqlite3.Connection, doc_id: str) -> dict | None:
    """A document's metadata and body, or None."""
    row = conn.execute(f"SELECT {', '.join(COLUMNS['documents'])} FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return _with_flag(row) if row else None


def quotes(conn: sqlite3.Connection, route_ids: Sequence[str] = (), doc_ids: Sequence[str] = ()) -> list[dict]:
    """Quotes of these routes and/or documents (all when both are empty), by date, document, offset."""
    where, params = _among(("route_id IN ({})", route_ids), ("document_id IN ({})", doc_ids))
    condition = f" WHERE {' AND '.join(where)}" if where else ""
    sql = f"SELECT * FROM quotes{condition} ORDER BY document_date, document_id, start_offset, route_id"
    return [dict(r) for r in conn.execute(sql, params)]


def status_claims(conn: sqlite3.Connection) -> list[dict]:
    """Every status claim of every route, by route, date, reported date and document."""
    sql = "SELECT * FROM status_claims ORDER BY route_id, date, reported_date, document_id"
    return [_with_flag(r) for r in conn.execute(sql)]


#: A document's metadata: its columns but the body and the keys of the build.
METADATA = ("id", "title", "outlet", "author", "date", "date_approximate", "url", "lang")


def documents_metadata(conn: sqlite3.Connection) -> list[dict]:
    """Every document's metadata (``METADATA``), by id."""
    sql = f"SELECT {', '.join(METADATA)} FROM documents ORDER BY id"
    return [_with_flag(r) for r in conn.execute(sql)]


def documents_by_route(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Route id -> the ids of the documents quoted for it, sorted."""
    found: dict[str, list[str]] = {}
    for route, doc in conn.execute("SELECT DISTINCT route_id, document_id FROM quotes ORDER BY route_id, document_id"):
        found.setdefault(route, []).append(doc)
    return found


def route_quotes(
    conn: sqlite3.Connection, route_id: str, page: int, per_page: int, until: str = ""
) -> tuple[list[dict], int]:
    """One page (1-based, kept within the pages there are) of a route's quotes, newest first, each
    with its document's title, outlet, url, date_approximate, language and body; and how many quotes
    there are on every page. ``until`` (ISO date): only quotes of documents dated by then (undated kept)."""
    where, params = "q.route_id = ?", [route_id]
    if until:
        where, params = where + " AND q.document_date <= ?", [*params, until]
    total = conn.execute(f"SELECT count(*) FROM quotes q WHERE {where}", params).fetchone()[0]
    pages = max(1, math.ceil(total / per_page))
    rows = conn.execute(
        "SELECT q.*, d.title, d.outlet, d.url, d.date_approximate, d.lang, d.body FROM quotes q "
        f"JOIN documents d ON d.id = q.document_id WHERE {where} "
        "ORDER BY q.document_date DESC, q.document_id, q.start_offset LIMIT ? OFFSET ?",
        (*params, per_page, (min(max(page, 1), pages) - 1) * per_page),
    )
    return [_with_flag(r) for r in rows], total


def route_targets(conn: sqlite3.Connection, route_id: str, until: str = "") -> list[dict]:
    """The passages that give a date a route's plan is to happen by (``target_date``), oldest document
    first, each with its document's id, title, outlet, date, date_approximate and url; ``until`` as in
    ``route_quotes``."""
    where, params = "m.route_id = ? AND m.target_date != ''", [route_id]
    if until:
        where, params = where + " AND d.date <= ?", [*params, until]
    rows = conn.execute(
        "SELECT m.target_date, m.quote, m.status, m.document_id, d.title, d.outlet, d.date, d.date_approximate, d.url "
        f"FROM mentions m JOIN documents d ON d.id = m.document_id WHERE {where} "
        "ORDER BY d.date, m.document_id, m.position",
        params,
    )
    return [_with_flag(r) for r in rows]


def as_json(values: Sequence) -> str:
    """A list as the store's JSON columns hold it."""
    return json.dumps(list(values), ensure_ascii=False)


def _with_flag(row: sqlite3.Row) -> dict:
    """A row as a dict, its ``date_approximate`` flag a bool (SQLite holds 0 or 1)."""
    return {**dict(row), "date_approximate": bool(row["date_approximate"])}


def _marks(values: Sequence) -> str:
    return ", ".join("?" * len(values))


def _among(*conditions: tuple[str, Sequence]) -> tuple[list[str], list]:
    """SQL conditions, each a template with ``{}`` where its values' placeholders go, for the non-empty
    value lists, and their parameters in order."""
    where, params = [], []
    for template, values in conditions:
        if values:
            where.append(template.format(_marks(values)))
            params += values
    return where, params
