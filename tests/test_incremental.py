"""Incremental builds: a document already read with the same text, routes file and extractor is not
read again, and the result is the same as a clean build's, byte for byte."""

import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from corridors import settings
from corridors.cli import cli
from corridors.extract import corpus as extraction
from corridors.extract.linker import Extractor
from corridors.inputs import sources
from corridors.io import filekeys
from corridors.output import store

ARTICLES = Path(__file__).parent / "data" / "articles"


@pytest.fixture
def corpus(tmp_path):
    """The seeds and four of our own short articles."""
    folder = tmp_path / "corpus"
    shutil.copytree(settings.SEEDS_DIR, folder)
    for name in ("a1-uap-protocol", "a2-kti-line-opens", "a3-karachi-flights", "a4-torkham-trucks"):
        shutil.copy(ARTICLES / f"{name}.md", folder)
    return folder


def _spy(monkeypatch, owner, name: str, label) -> list[str]:
    """Replace ``owner.name`` by a wrapper that records ``label(*args)`` of each call, then calls it."""
    seen = []
    real = getattr(owner, name)

    def spy(*args):
        seen.append(label(*args))
        return real(*args)

    monkeypatch.setattr(owner, name, spy)
    return seen


@pytest.fixture
def reads(monkeypatch):
    """The ids of the documents the extractor reads."""
    return _spy(monkeypatch, Extractor, "read", lambda _extractor, source: source.id)


@pytest.fixture
def parsed(monkeypatch):
    """The names of the documents whose text is parsed (front matter and body)."""
    return _spy(monkeypatch, sources, "split_front_matter", lambda path, _text: Path(path).stem)


def build(corpus: Path, out: Path, *args) -> None:
    result = CliRunner().invoke(cli, ["build", "--seeds", corpus, "--out", out, "--jobs", "1", *map(str, args)])
    assert result.exit_code == 0, result.output


def held(path: Path) -> dict[str, list]:
    conn = store.connect(path)
    return {table: sorted(store.rows(conn, table)) for table in store.COLUMNS}


def test_only_new_and_changed_documents_are_read_and_the_result_is_a_clean_builds(tmp_path, corpus, reads, parsed):
    out = tmp_path / "inc" / "c.geojson"
    build(corpus, out)
    assert len(reads) == len(list(corpus.glob("*.md")) + list(corpus.glob("*.txt")))
    reads.clear()
    parsed.clear()
    shutil.copy(ARTICLES / "a5-iti-train.md", corpus)  # added
    (corpus / "a4-torkham-trucks.md").unlink()  # removed
    changed = corpus / "a2-kti-line-opens.md"
    changed.write_text(changed.read_text(encoding="utf-8").replace("date: 2014-12-03", "date: 2014-12-04"))
    build(corpus, out)
    assert sorted(reads) == ["a2-kti-line-opens", "a5-iti-train"]
    assert sorted(parsed) == ["a2-kti-line-opens", "a5-iti-train"]  # the others are taken from the store

    clean = tmp_path / "clean" / "c.geojson"
    build(corpus, clean)
    assert out.read_bytes() == clean.read_bytes()
    assert held(out.with_suffix(".sqlite")) == held(clean.with_suffix(".sqlite"))


@pytest.mark.parametrize("change", ["routes-file", "extractor-version"])
def test_a_new_routes_file_or_extractor_reads_everything_again(tmp_path, corpus, reads, monkeypatch, change):
    routes = tmp_path / "routes.yaml"
    shutil.copy(settings.ROUTES_PATH, routes)
    out = tmp_path / "c.geojson"
    build(corpus, out, "--routes", routes)
    first = sorted(reads)
    reads.clear()
    build(corpus, out, "--routes", routes)
    assert reads == []
    if change == "routes-file":
        routes.write_text(routes.read_text(encoding="utf-8") + "\n# a comment is a change too\n", encoding="utf-8")
    else:
        monkeypatch.setattr(extraction, "extractor_version", lambda: "next")
    build(corpus, out, "--routes", routes)
    assert sorted(reads) == first


@pytest.fixture
def opened(monkeypatch):
    """The names of the document files read (opened for their bytes)."""
    return _spy(monkeypatch, sources, "read_bytes", lambda path, _limit: Path(path).stem)


@pytest.fixture
def later(monkeypatch):
    """A clock some seconds ahead, so that the files just written count as settled."""
    ahead = time.time_ns() + (settings.FILE_SETTLE_S + 10) * 10**9
    monkeypatch.setattr(filekeys.time, "time_ns", lambda: ahead)


def test_an_unchanged_file_is_not_even_read_and_an_edit_is_seen_whatever_its_mtime(
    tmp_path, corpus, opened, later
):
    out = tmp_path / "inc" / "c.geojson"
    build(corpus, out)
    assert (out.parent / ".c.sqlite.files").is_file()
    opened.clear()
    build(corpus, out)
    assert opened == []
    edited = corpus / "a4-torkham-trucks.md"
    before = edited.stat()
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("Torkham", "Torkhan", 1), encoding="utf-8")  # same size
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same modification time
    build(corpus, out)
    assert opened == ["a4-torkham-trucks"]
    clean = tmp_path / "clean" / "c.geojson"
    build(corpus, clean)
    assert held(out.with_suffix(".sqlite")) == held(clean.with_suffix(".sqlite"))


@pytest.mark.parametrize(
    "spoil",
    [lambda p: p.write_bytes(b"garbage"), lambda p: p.write_bytes(p.read_bytes()[:-5]), lambda p: p.unlink()],
    ids=["garbage", "truncated", "missing"],
)
def test_a_bad_or_missing_table_of_fingerprints_means_every_file_is_read(tmp_path, corpus, opened, later, spoil):
    out = tmp_path / "c.geojson"
    build(corpus, out)
    spoil(tmp_path / ".c.sqlite.files")
    opened.clear()
    build(corpus, out)
    assert len(opened) == len(sources.documents(corpus))


def test_a_file_changed_moments_ago_is_not_remembered(tmp_path):
    doc = tmp_path / "fresh.md"
    doc.write_text("The Karakoram Highway is open.", encoding="utf-8")
    keys = filekeys.FileKeys(tmp_path / ".files")
    assert keys.key(doc, "") is None
    keys.remember(doc, "k1")
    keys.save()
    assert filekeys.FileKeys(tmp_path / ".files").key(doc, "") is None  # written now: read it again


def test_a_remembered_key_holds_only_for_the_same_file_and_manifest_entry(tmp_path, later):
    doc = tmp_path / "d.md"
    doc.write_text("The Karakoram Highway is open.", encoding="utf-8")
    keys = filekeys.FileKeys(tmp_path / ".files")
    keys.key(doc, "meta")
    keys.remember(doc, "k1")
    keys.save()
    again = filekeys.FileKeys(tmp_path / ".files")
    assert again.key(doc, "meta") == "k1"
    assert again.key(doc, "other meta") is None
    doc.write_text("The Karakoram Highway is shut.", encoding="utf-8")
    assert again.key(doc, "meta") is None
