"""The corpus store: its schema, atomic row-by-row writes, and full-text search."""

import os
import sqlite3

import pytest

from corridors.errors import InputError, StoreError
from corridors.output import store
from corridors.output.store import HIT_END, HIT_START, SCHEMA_VERSION
from corridors.web import corpus_view
from corridors.web.filters import View

from .archive import SPOILED, spoil


def doc(i: int, date: str, body: str, title: str = "") -> tuple:
    return (f"d{i:02d}", title or f"Report {i}", "Outlet", "", date, False, "", body, f"hash{i}", f"file{i}", "en")


def quote(route: str, document: str) -> tuple:
    return (route, document, 0, 5, "words", None, None, "alias", "", 0.9)


@pytest.fixture
def corpus(tmp_path):
    """45 dated documents (three undated), every third about the railway; quotes for two routes."""
    docs = [
        doc(i, "" if i >= 42 else f"2020-{1 + i % 12:02d}-{1 + i // 12:02d}",
            ("The railway to Termez is ready." if i % 3 == 0 else "Trucks crossed at Torkham.") + " Tail text.")
        for i in range(45)
    ]  # fmt: skip
    path = tmp_path / "corpus.sqlite"
    store.write(path, {"documents": docs, "quotes": [quote("rail", "d00"), quote("rail", "d03"), quote("road", "d01")]})
    return path


def test_tables_and_columns_are_the_documented_ones(corpus):
    conn = sqlite3.connect(corpus)
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert set(store.COLUMNS) <= tables
    assert {"documents_fts", "quotes_fts"} <= tables
    for table, columns in store.COLUMNS.items():
        assert tuple(row[1] for row in conn.execute(f"PRAGMA table_info({table})")) == columns, table
    assert dict(conn.execute("SELECT key, value FROM meta"))["schema_version"] == str(store.SCHEMA_VERSION)


def test_pages_of_twenty_newest_first_undated_last(corpus):
    conn = store.connect(corpus)
    pages = [store.search(conn, page=n) for n in (1, 2, 3)]
    assert [p.total for p in pages] == [45, 45, 45] and pages[0].pages == 3
    assert [len(p.hits) for p in pages] == [20, 20, 5]
    dates = [h.date for p in pages for h in p.hits]
    assert dates[:42] == sorted(dates[:42], reverse=True) and dates[42:] == ["", "", ""]
    assert len({h.id for p in pages for h in p.hits}) == 45
    assert store.search(conn, page=99).page == 3  # out of range: the last page


def test_search_finds_every_word_highlights_hits_and_counts_all_pages(corpus):
    conn = store.connect(corpus)
    found = store.search(conn, "railway termez")
    assert found.total == 15 and len(found.hits) == 15
    assert all(f"{HIT_START}railway{HIT_END}" in h.snippet and f"{HIT_START}Termez{HIT_END}" in h.snippet
               for h in found.hits)  # fmt: skip
    assert store.search(conn, "railw").total == 15  # the last word is a prefix: results while typing
    assert store.search(conn, "railway torkham").total == 0


@pytest.mark.parametrize(
    "text",
    ['"', "AND", "NEAR(", "*", "body:railway", "'; DROP TABLE documents; --", "rail)way OR", "^", ""],
    ids=["quote", "operator", "near", "star", "column-filter", "sql", "parens", "caret", "empty"],
)
def test_whatever_is_typed_is_words_not_syntax(corpus, text):
    page = store.search(store.connect(corpus), text)
    assert page.total in (0, 15, 45)  # no error; words are words


@pytest.mark.parametrize(
    ("filters", "ids"),
    [
        ({"routes": ["rail"]}, ["d03", "d00"]),
        ({"routes": ["rail", "road"]}, ["d03", "d01", "d00"]),
        ({"documents": ["d05", "d44"]}, ["d05", "d44"]),
        ({"until": "2020-01-31"}, ["d36", "d24", "d12", "d00", "d42", "d43", "d44"]),
        ({"since": "2020-12-03", "until": "2020-12-31"}, ["d35"]),
    ],
    ids=["one-route", "two-routes", "documents", "until-keeps-undated", "since-and-until"],
)
def test_filters(corpus, filters, ids):
    assert [h.id for h in store.search(store.connect(corpus), **filters).hits] == ids


def test_document_and_quotes(corpus):
    conn = store.connect(corpus)
    assert store.document(conn, "d03")["body"].startswith("The railway")
    assert store.document(conn, "nope") is None
    assert [q["document_id"] for q in store.quotes(conn, route_ids=["rail"])] == ["d00", "d03"]


def test_an_unchanged_write_leaves_the_file_and_a_change_replaces_it(corpus):
    before = os.stat(corpus)
    rows = store.rows(store.connect(corpus), "documents")
    store.write(corpus, {"documents": rows, "quotes": store.rows(store.connect(corpus), "quotes")})
    assert os.stat(corpus).st_ino == before.st_ino and os.stat(corpus).st_mtime_ns == before.st_mtime_ns
    store.write(corpus, {"documents": rows[:2], "quotes": []})
    conn = store.connect(corpus)
    assert store.search(conn).total == 2 and store.search(conn, "torkham").total == 1  # the index follows
    assert not list(corpus.parent.glob("*.tmp"))


def test_a_file_that_is_no_store_is_replaced_and_a_missing_one_is_a_clean_error(tmp_path):
    path = tmp_path / "x.sqlite"
    path.write_text("not a database")
    store.write(path, {"documents": [doc(1, "2021", "Text.")]})
    assert store.search(store.connect(path)).total == 1
    with pytest.raises(InputError, match="no corpus store here"):
        store.connect(tmp_path / "missing.sqlite")


#: What ``open_checked`` says of each spoiled store: which part of the schema differs.
REASONS = {
    "old-version": f"schema version '1', expected {SCHEMA_VERSION}",
    "text-version": f"schema version 'two', expected {SCHEMA_VERSION}",
    "no-meta": "no meta table",
    "no-search-index": "no documents_fts",
    "no-trigger": "no quotes_ai",
    "missing-column": "table quotes has other columns",
    "no-table": "no status_claims",
}


@pytest.mark.parametrize("how", list(SPOILED), ids=list(SPOILED))
def test_a_store_of_another_schema_is_not_read_and_a_build_replaces_it(corpus, how):
    rows = store.rows(store.connect(corpus), "documents")
    spoil(corpus, how)
    assert not store.readable(corpus)
    with pytest.raises(StoreError, match="another schema") as err:
        store.open_checked(corpus)
    assert str(err.value) == f"{corpus}: a store of another schema: {REASONS[how]} (`corridors build` replaces it)"
    store.write(corpus, {"documents": rows[:3]})
    assert store.readable(corpus) and store.search(store.connect(corpus)).total == 3


@pytest.mark.parametrize(
    ("content", "reason"),
    [(None, "no corpus store here"), (b"not a database", "not an SQLite database, or a damaged one"),
     (b"", "a store of another schema: no meta table")],
    ids=["missing", "not-sqlite", "empty"],
)  # fmt: skip
def test_a_store_that_cannot_be_used_says_which_file_and_why(tmp_path, content, reason):
    path = tmp_path / "x.sqlite"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(StoreError) as err:
        store.open_checked(path)
    assert isinstance(err.value, InputError) and str(err.value).startswith(f"{path}: {reason}")
    assert not store.readable(path)


def test_what_the_dashboard_reads_besides_the_geojson(corpus):
    claim = ("rail", "2020-01", "planned", "plan", "extracted", "d00", "words", None, "2020-01", "2020-01-01", 1, "",
             0.7)
    store.write(corpus, {"documents": store.rows(store.connect(corpus), "documents"), "status_claims": [claim],
                         "quotes": [quote("rail", "d00"), quote("rail", "d03"), quote("road", "d01")]})  # fmt: skip
    conn = store.connect(corpus)
    expected = dict(zip(store.COLUMNS["status_claims"], claim, strict=True))
    assert store.status_claims(conn) == [{**expected, "date_approximate": True}]
    metadata = store.documents_metadata(conn)
    assert len(metadata) == 45 and tuple(metadata[0]) == store.METADATA and metadata[0]["date_approximate"] is False
    assert store.documents_by_route(conn) == {"rail": ["d00", "d03"], "road": ["d01"]}


def test_a_routes_quotes_come_a_page_at_a_time_newest_first(corpus):
    docs = store.rows(store.connect(corpus), "documents")
    quotes = [(*quote("rail", d[0])[:-2], d[4], 0.9) for d in docs[:5]]  # dated as its document
    store.write(corpus, {"documents": docs, "quotes": quotes})
    conn = store.connect(corpus)
    first, total = store.route_quotes(conn, "rail", 1, per_page=2)
    assert total == 5 and [q["document_date"] for q in first] == ["2020-05-01", "2020-04-01"]
    assert first[0]["title"] == "Report 4" and first[0]["body"].startswith("Trucks") and first[0]["text"] == "words"
    assert [q["document_id"] for q in store.route_quotes(conn, "rail", 3, per_page=2)[0]] == ["d00"]
    assert store.route_quotes(conn, "rail", 99, per_page=2)[0] == store.route_quotes(conn, "rail", 3, per_page=2)[0]
    assert store.route_quotes(conn, "none", 1, per_page=2) == ([], 0)


def test_a_routes_quotes_as_of_a_date_leave_out_later_documents(corpus):
    docs = store.rows(store.connect(corpus), "documents")
    quotes = [(*quote("rail", d[0])[:-2], d[4], 0.9) for d in docs[:5]]
    store.write(corpus, {"documents": docs, "quotes": quotes})
    conn = store.connect(corpus)
    rows, total = store.route_quotes(conn, "rail", 1, per_page=10, until="2020-03-15")
    assert total == 3 and [q["document_date"] for q in rows] == ["2020-03-01", "2020-02-01", "2020-01-01"]


def test_the_vocabulary_counts_the_documents_of_each_word_as_the_index_spells_it(corpus):
    words = store.vocabulary(store.connect(corpus))
    assert words["termez"] == 15 and words["torkham"] == 30 and words["tail"] == 45
    assert "Termez" not in words  # lower case, as the index holds it


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("Termiz", "Termez"), ("torkam", "torkham"), ("railwy to Termiz", "railway to Termez"), ("Tórkam", "Torkham")],
)
def test_a_misspelt_search_shows_the_results_for_the_nearest_words(corpus, typed, meant):
    conn = store.connect(corpus)
    assert store.search(conn, typed).total == 0
    found, respelled = corpus_view.sources_search(conn, typed, 1, View(), [])
    assert respelled == meant
    assert found.total == store.search(conn, meant).total > 0


@pytest.mark.parametrize("typed", ["Termez", "termez rail", "Torkh", "xyzzyq", "Termiz xyzzyq", ""])
def test_a_search_that_finds_or_has_no_near_word_is_left_as_typed(corpus, typed):
    conn = store.connect(corpus)
    found, respelled = corpus_view.sources_search(conn, typed, 1, View(), [])
    assert respelled is None
    assert found.total == store.search(conn, typed).total


def test_short_words_and_numbers_are_not_respelled():
    assert corpus_view.respelled_words("Tor 2020", {"torkham": 3, "2021": 1}) is None
    assert corpus_view.respelled_words("Gwadr 2020", {"gwadar": 3, "2021": 1}) == "Gwadar 2020"


def test_of_two_near_words_the_nearer_then_the_commoner_wins():
    assert corpus_view.respelled_words("Termiz", {"termez": 1, "termiz": 0, "terms": 9}) is None  # it is a word
    assert corpus_view.respelled_words("Termaz", {"termez": 2, "termiz": 9}) == "Termiz"  # as near: the commoner
