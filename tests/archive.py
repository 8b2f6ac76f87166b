"""A small corpus store for the dashboard's Sources tests: 45 dated documents, every third about
the railway (and quoted for the Karakoram Highway once), the others about trucks."""

import sqlite3
from pathlib import Path

from corridors.output import store


def write_archive(path: Path) -> Path:
    docs = [
        (f"d{i:02d}", f"Report {i}", "Outlet", "", f"2020-{1 + i % 12:02d}-{1 + i // 12:02d}", False, "",
         "The railway to Termez is ready." if i % 3 == 0 else "Trucks crossed at Torkham.", f"h{i}", f"f{i}", "en")
        for i in range(45)
    ]  # fmt: skip
    quote = ("karakoram", "d03", 4, 11, "railway", None, None, "alias", "", 0.9)
    store.write(path, {"documents": docs, "quotes": [quote]})
    return path


#: Ways a store file can differ from what ``corridors build`` writes: SQL run on a written store.
SPOILED = {
    "old-version": "UPDATE meta SET value = '1' WHERE key = 'schema_version'",
    "text-version": "UPDATE meta SET value = 'two' WHERE key = 'schema_version'",
    "no-meta": "DROP TABLE meta",
    "no-search-index": "DROP TABLE documents_fts",
    "no-trigger": "DROP TRIGGER quotes_ai",
    "missing-column": "ALTER TABLE quotes DROP COLUMN cue",
    "no-table": "DROP TABLE status_claims",
}


def spoil(path: Path, how: str) -> Path:
    """The store at ``path`` spoiled in the way ``SPOILED[how]`` says."""
    with sqlite3.connect(path) as conn:
        conn.execute(SPOILED[how])
    conn.close()
    return path
