"""Parallel extraction: ``--jobs N`` and a Dask cluster give what one process gives."""

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from corridors import settings
from corridors.cli import cli
from corridors.errors import InputError
from corridors.inputs import sources

ARTICLES = Path(__file__).parent / "data" / "articles"


def run(*args) -> str:
    result = CliRunner().invoke(cli, list(map(str, args)))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def split(monkeypatch):
    """Workers even for a few documents, two to a task."""
    monkeypatch.setattr(settings, "PARALLEL_MIN_DOCS", 0)
    monkeypatch.setattr(settings, "EXTRACT_CHUNK_MAX", 2)


@pytest.mark.parametrize("command", ["mentions", "candidates"])
def test_two_processes_print_what_one_prints(split, command):
    one = run(command, ARTICLES, "--jobs", "1")
    assert one.count('"doc"') >= 2
    assert run(command, ARTICLES, "--jobs", "2") == one


def test_a_build_with_two_processes_writes_the_same_bytes(split, tmp_path, seeds):
    run("build", "--seeds", seeds, "--out", tmp_path / "one" / "c.geojson", "--jobs", "1")
    run("build", "--seeds", seeds, "--out", tmp_path / "two" / "c.geojson", "--jobs", "2")
    for name in ("c.geojson", "c.sqlite"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


@pytest.fixture(scope="module")
def cluster():
    """A Dask cluster of two workers on 127.0.0.1 (in this process: no second interpreter to start)."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, host="127.0.0.1", protocol="tcp", dashboard_address=None
    ) as local:
        yield local.scheduler_address


def test_a_dask_cluster_prints_what_one_process_prints(split, cluster):
    assert cluster.startswith("tcp://127.0.0.1:")
    assert run("mentions", ARTICLES, "--scheduler", cluster) == run("mentions", ARTICLES, "--jobs", "1")


def test_an_unreachable_scheduler_is_one_clean_line(monkeypatch):
    monkeypatch.setattr(settings, "DASK_TIMEOUT_S", 1)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{s.getsockname()[1]}"  # nothing listens there
    result = CliRunner().invoke(cli, ["mentions", str(ARTICLES), "--scheduler", address])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: cannot reach the Dask scheduler at {address!r}")
    assert result.output.count("\n") == 1 and "Traceback" not in result.output


def test_a_progress_bar_only_on_a_terminal_and_for_many_documents():
    from corridors.extract.corpus import _bar

    assert _bar(settings.PROGRESS_MIN_DOCS, shown=False).disable
    assert _bar(settings.PROGRESS_MIN_DOCS - 1, shown=True).disable
    assert not _bar(settings.PROGRESS_MIN_DOCS, shown=True).disable


@pytest.mark.parametrize("strict", [False, True], ids=["skip-bad", "stop-at-bad"])
def test_documents_parsed_in_two_processes_are_those_parsed_in_one(split, tmp_path, strict):
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(7):
        (folder / f"d{i}.md").write_text(f"---\ntitle: Report {i}\ndate: 2024-01-0{i + 1}\n---\nKKH news {i}.\n")
    (folder / "d3.md").write_text("---\ntitle: [unclosed\n---\nbody\n")  # refused, wherever it is parsed
    (folder / "d5.md").write_bytes(b"\xff\xfe not UTF-8")

    def load(jobs: int):
        warnings: list[str] = []
        try:
            found = sources.load_sources(folder, strict=strict, warn=warnings.append, jobs=jobs)
        except InputError as err:
            return str(err)
        return found, warnings

    one = load(1)
    assert load(2) == one
    if strict:
        assert one.startswith(f"{folder / 'd3.md'}:3: front matter: YAML syntax error")
    else:
        assert [s.id for s in one[0]] == ["d0", "d1", "d2", "d4", "d6"] and len(one[1]) == 2
