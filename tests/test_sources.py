from pathlib import Path

import pytest

from corridors import settings
from corridors.errors import InputError
from corridors.inputs.sources import SUFFIXES, load_sources, read_source

SEED = "003_9ee71f7bc08594ca"


def test_seeds_load_with_manifest_metadata(seeds):
    sources = {s.id: s for s in load_sources(seeds)}
    assert set(sources) == {p.stem for p in seeds.iterdir() if p.suffix in SUFFIXES}
    interview = sources[SEED]
    assert interview.outlet == "The Global Diplomacy Lens"
    assert interview.date == "2024-07" and interview.date_approximate
    assert interview.body == (seeds / f"{SEED}.txt").read_text(encoding="utf-8")


def test_front_matter_is_metadata_and_offsets_refer_to_the_body(tmp_path):
    doc = tmp_path / "note.md"
    doc.write_text("---\ntitle: A note\ndate: 2025-03\nurl: https://example.org/a\n---\nThe KKH is open.\n")
    source = read_source(doc)
    assert (source.title, source.date, source.url) == ("A note", "2025-03", "https://example.org/a")
    assert source.date_approximate  # a year-month date is approximate unless said otherwise
    assert source.body == "The KKH is open.\n"


def test_without_front_matter_the_first_line_is_the_title(tmp_path):
    doc = tmp_path / "plain.txt"
    doc.write_text("\n\n  # Rail link agreed  \nBody text.\n")
    assert read_source(doc).title == "Rail link agreed"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty document"),
        (b"   \n\n", "empty document"),
        (b"abc\x00def", "binary file"),
        (b"caf\xe9 au lait", "not UTF-8: byte 0xe9 at offset 3"),
        (b"---\ntitle: x\nno closing line\n", "never closed"),
        (b"---\ntitle: [unclosed\n---\nbody\n", ":3: front matter: YAML syntax error"),
        (b"---\njust a string\n---\nbody\n", "front matter must be 'key: value' lines"),
        (b"---\ntitel: typo\n---\nbody\n", ":2: titel: unknown key"),
        (b"---\ndate: 22/01/2024\n---\nbody\n", ":2: date: not an ISO date"),
    ],
)
def test_bad_documents_name_the_file_and_the_problem(tmp_path, content, problem):
    doc = tmp_path / "bad.txt"
    doc.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_source(doc)
    assert str(err.value).startswith(str(doc))
    assert problem in str(err.value)


def test_oversized_document_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("corridors.settings.MAX_DOCUMENT_BYTES", 10)
    doc = tmp_path / "big.txt"
    doc.write_text("x" * 11)
    with pytest.raises(InputError, match="too large: 11 bytes"):
        read_source(doc)


def test_lenient_loading_warns_and_skips_bad_files(seeds):
    (seeds / "broken.txt").write_bytes(b"\xff\xfe")
    warnings = []
    sources = load_sources(seeds, strict=False, warn=warnings.append)
    assert {s.id for s in sources} == {p.stem for p in settings.SEEDS_DIR.iterdir() if p.suffix in SUFFIXES}
    assert len(warnings) == 1 and "broken.txt" in warnings[0]
    with pytest.raises(InputError, match=r"broken\.txt"):
        load_sources(seeds, strict=True)


def test_missing_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="not a folder"):
        load_sources(Path(tmp_path / "nope"))


def test_one_document_loads_with_its_folders_manifest(seeds):
    [source] = load_sources(seeds / f"{SEED}.txt")
    assert (source.id, source.outlet) == (SEED, "The Global Diplomacy Lens")


def test_a_file_that_is_no_document_is_an_input_error(seeds):
    with pytest.raises(InputError, match=r"sources\.yaml: not a folder of documents, nor a \.txt or \.md document"):
        load_sources(seeds / "sources.yaml")


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux procfs")
def test_a_file_longer_than_its_size_says_is_read_whole_up_to_the_limit():
    from corridors.io.files import read_bytes

    status = Path("/proc/self/status")
    assert status.stat().st_size == 0  # procfs claims nothing, yet holds lines
    assert read_bytes(status, 10**6).startswith(b"Name:")
    with pytest.raises(InputError, match="too large: over 10 bytes"):
        read_bytes(status, 10)
