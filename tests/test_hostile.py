"""Hostile input (issue 10, docs of /work/shared/hostile-input-findings.md by cause A-N): every case
is refused with exit status 2 and one line on stderr naming the file, no traceback, the previous
output and every input byte-identical. Property tests feed the loaders random YAML and bytes."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from corridors import settings
from corridors.cli import cli
from corridors.errors import InputError
from corridors.inputs.routes import load_routes
from corridors.inputs.sources import load_manifest, read_source

DOC = "004_612eeb51f7329b07"
GOOD = f"""\
- id: test-road
  name: Test road
  modes: [road]
  waypoints:
    - {{name: Quetta, country: PK}}
    - {{name: Kandahar, country: AF}}
  status_history:
    - {{status: potential, doc: {DOC}, quote: "Karakoram Highway could be expanded"}}
"""
QUOTE_LINE = f'    - {{status: potential, doc: {DOC}, quote: "Karakoram Highway could be expanded"}}'
COMMANDS = ["build", "validate", "status", "mentions", "candidates"]
BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"


def _nest(depth: int, opener: str = "[", closer: str = "]") -> str:
    return opener * depth + closer * depth


def _deep_map(depth: int) -> str:
    return "{a: " * depth + "1" + "}" * depth


def _status(extra: str) -> str:
    return GOOD.replace(QUOTE_LINE, QUOTE_LINE[:-1] + f", {extra}}}")


def _edit(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


# (id, routes file text or bytes, words the error line must hold)
ROUTE_CASES = [
    # A. YAML errors that are not yaml.YAMLError
    ("date-month-13", _status("date: 2024-13-01"), "not a real date"),
    ("date-feb-30", _status("date: 2024-02-30"), "not a real date"),
    ("date-13-45", _status("date: 2024-13-45"), "not a real date"),
    ("int-5000-digits", _edit("country: PK}", "country: PK, lon: " + "9" * 5000 + ", lat: 30}"), "number longer"),
    ("lists-3000-deep", GOOD + "  notes: " + _nest(3000) + "\n", "nested deeper than"),
    ("maps-1000-deep", GOOD + "  notes: " + _deep_map(1000) + "\n", "nested deeper than"),
    # B. lists taken on trust
    ("aliases-number", _edit("  modes:", "  aliases: 5\n  modes:"), "aliases: Input should be a valid list"),
    ("aliases-bool", _edit("  modes:", "  aliases: true\n  modes:"), "aliases: Input should be a valid list"),
    ("aliases-string", _edit("  modes:", "  aliases: KKH\n  modes:"), "aliases: Input should be a valid list"),
    ("aliases-mapping", _edit("  modes:", "  aliases: {a: b}\n  modes:"), "aliases: Input should be a valid list"),
    ("areas-number", _edit("  modes:", "  areas: 3\n  modes:"), "areas: Input should be a valid list"),
    ("segments-true", _edit("  status_history:", "  segments: true\n  status_history:"), "segments: Input should"),
    ("via-number", _edit("  status_history:", "  segments: [{mode: road, via: 3}]\n  status_history:"), "via"),
    ("via-string", _edit("  status_history:", "  segments: [{mode: road, via: Quetta}]\n  status_history:"), "via"),
    ("modes-string", _edit("modes: [road]", "modes: road"), "modes: Input should be a valid list"),
    ("waypoints-mapping", GOOD.replace("  waypoints:\n", "  waypoints: {a: 1}\n  x:\n"), "waypoints"),
    ("history-string", _edit("  status_history:\n", "  status_history: operational\n  z:\n"), "status_history"),
    # C. wrong types turned into text
    ("name-list", _edit("name: Test road", "name: [a, b]"), "name: Input should be a valid string"),
    ("name-null", _edit("name: Test road", "name:"), "name: Input should be a valid string"),
    ("name-mapping", _edit("name: Test road", "name: {a: b}"), "name: Input should be a valid string"),
    ("name-number", _edit("name: Test road", "name: 42"), "name: Input should be a valid string"),
    ("name-binary", _edit("name: Test road", "name: !!binary aGVsbG8="), "tag"),
    ("notes-number", GOOD + "  notes: [a, 3]\n", "notes[1]"),
    ("notes-null", GOOD + "  notes:\n", "notes: Input should be a valid list"),
    ("notes-unknown-key", GOOD + "  notes: [{text: a, when: 2020}]\n", "notes[0].when"),
    ("notes-future", GOOD + "  notes: [{text: a, date: 2999-01-01}]\n", "notes[0].date"),
    ("waypoint-name-list", _edit("{name: Quetta,", "{name: [Quetta],"), "waypoints[0].name"),
    ("waypoint-name-number", _edit("{name: Quetta,", "{name: 12,"), "waypoints[0].name"),
    (
        "quote-number",
        _edit('quote: "Karakoram Highway could be expanded"', "quote: 123456789012345"),
        "quote: Input should be a valid string",
    ),
    ("doc-number", _edit(f"doc: {DOC}", "doc: 4"), "doc: Input should be a valid string"),
    ("status-bool", _edit("status: potential", "status: true"), "status: Input should be"),
    ("source-null", _edit("country: PK}", "country: PK, source: }"), "source: Input should be a valid string"),
    ("python-tag", _edit("name: Test road", "name: !!python/object/apply:os.getcwd []"), "tag"),
    # D. unbounded input expanded or echoed
    ("billion-laughs", BOMB, "anchors and aliases"),
    ("alias-in-route", _edit("{name: Quetta,", "&q {name: Quetta,") + "  notes: *q\n", "anchors and aliases"),
    ("value-1-5-million-chars", _edit("name: Test road", "name: " + "x" * 1_500_000), "at most 200 characters"),
    ("file-3-mb", GOOD + "#" + "x" * 3_000_000 + "\n", "too large"),
    # E. dates and ids checked by regex only
    ("date-quoted-13", _status('date: "2024-13-01"'), "not a real date"),
    ("date-quoted-00", _status('date: "2024-00"'), "not a real date"),
    ("date-arabic-indic", _status('date: "٢٠٢٤"'), "not an ISO date"),
    ("date-trailing-newline", _status('date: "2023\\n"'), "not an ISO date"),
    ("date-future", _status("date: 2999-01-01"), "in the future"),
    ("date-number", _status("date: 20240101"), "date: Input should be a valid string"),
    ("id-trailing-newline", _edit("id: test-road", 'id: "test-road\\n"'), "id: expected lowercase words"),
    ("id-uppercase", _edit("id: test-road", "id: Test-Road"), "id: expected lowercase words"),
    ("id-20000-chars", _edit("id: test-road", "id: " + "a" * 20_000), "at most 64 characters"),
    ("id-number", _edit("id: test-road", "id: 5"), "id: Input should be a valid string"),
    ("id-double-dash", _edit("id: test-road", "id: test--road"), "id: expected lowercase words"),
    ("doc-trailing-newline", _edit(f"doc: {DOC}", f'doc: "{DOC}\\n"'), "doc: expected a file name"),
    # F. NaN coordinates
    ("lon-nan", _edit("country: PK}", "country: PK, lon: .nan, lat: 30}"), "lon: Input should be a finite number"),
    ("lat-inf", _edit("country: PK}", "country: PK, lon: 66, lat: .inf}"), "lat: Input should be a finite number"),
    ("lon-text", _edit("country: PK}", 'country: PK, lon: "66", lat: 30}'), "lon: Input should be a valid number"),
    ("lon-bool", _edit("country: PK}", "country: PK, lon: true, lat: 30}"), "lon: Input should be a valid number"),
    ("lat-out-of-range", _edit("country: PK}", "country: PK, lon: 66, lat: -91}"), "greater than or equal to -90"),
    # H. edge values
    ("modes-empty", _edit("modes: [road]", "modes: []"), "modes: List should have at least 1 item"),
    ("alias-empty", _edit("  modes:", '  aliases: [""]\n  modes:'), "aliases[0]"),
    (
        "alias-one-letter",
        _edit("  modes:", "  aliases: [a]\n  modes:"),
        "aliases[0]: an alias needs at least 3 characters",
    ),
    ("quote-space", _edit('quote: "Karakoram Highway could be expanded"', 'quote: " "'), "a quote needs"),
    ("quote-one-letter", _edit('quote: "Karakoram Highway could be expanded"', "quote: a"), "a quote needs"),
    ("one-waypoint", _edit("    - {name: Kandahar, country: AF}\n", ""), "waypoints: List should have at least 2"),
    ("history-empty", GOOD.split("  status_history:")[0] + "  status_history: []\n", "at least 1 item"),
    ("name-empty", _edit("name: Test road", 'name: ""'), "name: empty text"),
    ("name-blank", _edit("name: Test road", 'name: "   "'), "name: empty text"),
    ("name-ansi-escape", _edit("name: Test road", 'name: "\\e[31mred"'), "control characters"),
    ("name-newline", _edit("name: Test road", 'name: "a\\nb"'), "control characters"),
    ("name-lone-surrogate", _edit("name: Test road", 'name: "\\ud800"'), "name: Input should be a valid string"),
    (
        "segment-no-mode",
        _edit("  status_history:", "  segments: [{via: [Quetta, Kandahar]}]\n  status_history:"),
        "segments[0].mode: missing",
    ),
    (
        "segment-unknown-waypoint",
        _edit("  status_history:", "  segments: [{mode: road, via: [Quetta, Kabul]}]\n  status_history:"),
        "unknown waypoint 'Kabul'",
    ),
    ("waypoint-twice", _edit("{name: Kandahar, country: AF}", "{name: Quetta, country: AF}"), "listed twice"),
    ("lon-without-lat", _edit("country: PK}", "country: PK, lon: 66}"), "give both lon and lat"),
    ("route-id-twice", GOOD + GOOD, "duplicate route id"),
    # not a file of routes at all
    ("not-utf8", "- id: caf\xe9\n".encode("latin-1"), "not UTF-8"),
    ("utf-16", GOOD.encode("utf-16"), "not UTF-8"),
    ("nul-byte", GOOD + "# \x00\n", "character 0x0000"),
    ("escape-byte", GOOD + "# \x1b[2J\n", "character 0x001b"),
    ("empty-list", "[]\n", "List should have at least 1 item"),
    ("top-mapping", "id: test-road\n", "Input should be a valid list"),
    ("empty-file", "", "Input should be a valid list"),
    ("route-is-string", "- just a string\n", "Input should be a valid dictionary"),
    ("unclosed-bracket", _edit("modes: [road]", "modes: [road"), "YAML syntax error"),
    # accepted before, refused now
    ("duplicate-key", _edit("name: Test road", "name: Test road\n  name: Other road"), "duplicate key 'name'"),
    ("set-tag", _edit("  modes:", "  aliases: !!set {Abc, Def}\n  modes:"), "tag"),
    ("merge-key", _edit("name: Test road", "name: Test road\n  <<: {notes: x}"), "<<: unknown key"),
    ("unknown-key", _edit("name: Test road", "name: Test road\n  colour: red"), "colour: unknown key"),
    ("country-unknown", _edit("country: PK}", "country: XX}"), "unknown country"),
    ("country-lowercase", _edit("country: PK}", "country: pk}"), "ISO 3166 alpha-2"),
    ("country-newline", _edit("country: PK}", 'country: "PK\\n"}'), "ISO 3166 alpha-2"),
    ("role-unknown", _edit("country: PK}", "country: PK, role: castle}"), "role: Input should be"),
    ("mode-unknown", _edit("modes: [road]", "modes: [hyperloop]"), "modes[0]: Input should be"),
    ("key-number", _edit("name: Test road", "name: Test road\n  3: x"), "key 3 must be text"),
    ("country-withdrawn", _edit("country: PK}", "country: CS}"), "Serbia and Montenegro is no longer in ISO 3166-1"),
]


def _snapshot(*paths: Path) -> dict[str, str]:
    """Digest of every file under ``paths`` (links not followed): inputs must not change."""
    found = {}
    for root in paths:
        items = [root] if not root.is_dir() or root.is_symlink() else sorted(root.rglob("*"))
        for p in items:
            if p.is_symlink() or not p.is_file():
                found[str(p)] = "link" if p.is_symlink() else "other"
            else:
                found[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return found


@pytest.fixture
def world(tmp_path):
    """A copy of the seeds, the small route file, and a previous build that must survive."""
    seeds = tmp_path / "seeds"
    shutil.copytree(settings.SEEDS_DIR, seeds)
    routes = tmp_path / "routes.yaml"
    routes.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out.geojson"
    out.write_bytes(b'{"previous": "build"}\n')
    return seeds, routes, out


def _args(command: str, seeds: Path, routes: Path, out: Path) -> list[str]:
    if command == "build":
        return ["build", "--seeds", str(seeds), "--routes", str(routes), "--out", str(out)]
    if command in ("validate", "status"):
        return [command, "--seeds", str(seeds), "--routes", str(routes)]
    return [command, str(seeds), "--routes", str(routes), "--strict"]


def _assert_refused(result, name: str, expected: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr[:2000]
    assert lines[0].startswith("error: ") and name in lines[0], lines[0][:500]
    assert expected in lines[0], lines[0][:500]
    assert "Traceback" not in result.output
    assert len(lines[0]) < 600 + len(name) * 2, len(lines[0])


def _refused(world, command: str, name: str, expected: str, args: list[str] | None = None) -> None:
    seeds, routes, out = world
    before = _snapshot(seeds, routes, out)
    result = CliRunner().invoke(cli, args or _args(command, seeds, routes, out))
    _assert_refused(result, name, expected)
    assert _snapshot(seeds, routes, out) == before


@pytest.mark.parametrize(
    ("content", "expected", "command"),
    [pytest.param(c, e, COMMANDS[i % len(COMMANDS)], id=i_d) for i, (i_d, c, e) in enumerate(ROUTE_CASES)],
)
def test_route_file(world, content, expected, command):
    _, routes, _ = world
    if isinstance(content, bytes):
        routes.write_bytes(content)
    else:
        routes.write_text(content, encoding="utf-8")
    _refused(world, command, "routes.yaml", expected)


def _front(*lines: str, body: str = "The Karakoram Highway is open.\n") -> bytes:
    return ("---\n" + "".join(f"{ln}\n" for ln in lines) + "---\n" + body).encode("utf-8")


# (id, file name in seeds/, bytes, words the error line must hold)
DOCUMENT_CASES = [
    ("fm-billion-laughs", "zz.md", _front(*BOMB.splitlines()), "anchors and aliases"),
    ("fm-date-13-45", "zz.md", _front("date: 2024-13-45"), "date: not a real date"),
    ("fm-date-feb-30", "zz.md", _front("date: 2024-02-30"), "date: not a real date"),
    ("fm-date-future", "zz.md", _front("date: 2999-01-01"), "date: a date in the future"),
    ("fm-date-year-0", "zz.md", _front('date: "0000"'), "date: not a real date"),
    ("fm-title-list", "zz.md", _front("title: [a, b]"), "title: Input should be a valid string"),
    ("fm-title-null", "zz.md", _front("title:"), "title: Input should be a valid string"),
    ("fm-author-mapping", "zz.md", _front("author: {a: b}"), "author: Input should be a valid string"),
    ("fm-title-number", "zz.md", _front("title: 3.5"), "title: Input should be a valid string"),
    ("fm-title-binary", "zz.md", _front("title: !!binary aGVsbG8="), "tag"),
    ("fm-approximate-text", "zz.md", _front('date_approximate: "false"'), "date_approximate: Input should be a valid"),
    ("fm-url-javascript", "zz.md", _front('url: "javascript:alert(1)"'), "url: expected an http(s) address"),
    ("fm-url-number", "zz.md", _front("url: 42"), "url: Input should be a valid string"),
    ("fm-deep", "zz.md", _front("title: " + _nest(1000)), "nested deeper than"),
    ("fm-bigint", "zz.md", _front("title: " + "7" * 5000), "number longer"),
    ("fm-duplicate-key", "zz.md", _front("title: a", "title: b"), "duplicate key 'title'"),
    ("fm-unknown-key", "zz.md", _front("titel: a"), "titel: unknown key"),
    ("fm-key-number", "zz.md", _front("2024: a"), "key 2024 must be text"),
    ("fm-python-tag", "zz.md", _front("title: !!python/name:os.system"), "tag"),
    ("fm-ansi-title", "zz.md", _front('title: "\\e[31mred"'), "control characters"),
    ("fm-title-300-chars", "zz.md", _front("title: " + "t" * 300), "at most 200 characters"),
    ("fm-unclosed", "zz.md", b"---\ntitle: a\nThe KKH is open.\n", "never closed"),
    ("fm-syntax", "zz.md", _front("title: [a"), "front matter: YAML syntax error"),
    ("fm-list", "zz.md", _front("- a"), "front matter must be 'key: value' lines"),
    ("fm-only", "zz.md", _front("title: a", body=""), "no text after its front matter"),
    ("bom-fm-bad-date", "zz.md", b"\xef\xbb\xbf" + _front("date: 2024-13-45"), "date: not a real date"),
    ("too-large", "zz.txt", b"word " * 1_000_001, "too large"),
    ("not-utf8", "zz.txt", b"caf\xe9 au lait", "not UTF-8"),
    ("utf-16", "zz.txt", "The KKH is open.".encode("utf-16"), "binary file"),
    ("nul-bytes", "zz.txt", b"abc\x00def", "binary file"),
    ("empty", "zz.txt", b"", "empty document"),
    ("blank", "zz.txt", b"  \n\n\t", "empty document"),
    ("uppercase-suffix", "zz.MD", b"\xff\xfe", "not UTF-8"),
    ("same-stem-as-a-seed", f"{DOC}.md", b"The KKH is open.\n", "two documents with the id"),
]


@pytest.mark.parametrize(
    ("name", "content", "expected", "command"),
    [pytest.param(n, c, e, COMMANDS[i % len(COMMANDS)], id=i_d) for i, (i_d, n, c, e) in enumerate(DOCUMENT_CASES)],
)
def test_document(world, name, content, expected, command):
    seeds = world[0]
    (seeds / name).write_bytes(content)
    _refused(world, command, name if name != f"{DOC}.md" else DOC, expected)


def _dir_named_md(seeds: Path) -> str:
    (seeds / "zz.md").mkdir()
    return "zz.md"


def _link_out(seeds: Path) -> str:
    (seeds / "zz.md").symlink_to("/etc/hostname")
    return "zz.md"


def _link_dev_zero(seeds: Path) -> str:
    (seeds / "zz.txt").symlink_to("/dev/zero")
    return "zz.txt"


def _link_dangling(seeds: Path) -> str:
    (seeds / "zz.md").symlink_to(seeds / "nowhere.md")
    return "zz.md"


def _link_loop(seeds: Path) -> str:
    (seeds / "zz.md").symlink_to(seeds / "zz.md")
    return "zz.md"


def _name_not_utf8(seeds: Path) -> str:
    Path(os.fsdecode(os.fsencode(seeds) + b"/caf\xe9.md")).write_bytes(b"The KKH is open.\n")
    return "caf\\udce9.md"


def _md_and_txt(seeds: Path) -> str:
    (seeds / "zz.md").write_text("The KKH is open.\n")
    (seeds / "zz.txt").write_text("The KKH is shut.\n")
    return "zz"


def _name_with_newline(seeds: Path) -> str:
    (seeds / "z\nz.md").write_bytes(b"\xff")
    return "z\\nz.md"


FOLDER_CASES = [
    ("name-with-newline", _name_with_newline, "not UTF-8"),
    ("folder-named-md", _dir_named_md, "not a regular file"),
    ("link-to-etc", _link_out, "outside the folder of documents"),
    ("link-to-dev-zero", _link_dev_zero, "outside the folder of documents"),
    ("dangling-link", _link_dangling, "No such file"),
    ("looping-link", _link_loop, "Too many levels of symbolic links"),
    ("name-not-utf8", _name_not_utf8, "file name is not valid UTF-8"),
    ("md-and-txt-same-id", _md_and_txt, "two documents with the id 'zz'"),
]


@pytest.mark.parametrize(
    ("make", "expected", "command"),
    [pytest.param(m, e, COMMANDS[i % len(COMMANDS)], id=i_d) for i, (i_d, m, e) in enumerate(FOLDER_CASES)],
)
def test_folder_of_documents(world, make, expected, command):
    name = make(world[0])
    _refused(world, command, name, expected)


MANIFEST_CASES = [
    ("billion-laughs", BOMB, "anchors and aliases"),
    ("date-13-45", f"{DOC}:\n  date: 2024-13-45\n", "date: not a real date"),
    ("date-feb-30", f"{DOC}:\n  date: 2024-02-30\n", "date: not a real date"),
    ("date-quoted-00", f'{DOC}:\n  date: "2024-00"\n', "date: not a real date"),
    ("date-future", f"{DOC}:\n  date: 2999-12\n", "date: a date in the future"),
    ("bigint", f"{DOC}:\n  title: {'1' * 5000}\n", "number longer"),
    ("deep", f"{DOC}: {_deep_map(3000)}\n", "nested deeper than"),
    ("a-list", f"- {DOC}\n", "Input should be a valid dictionary"),
    ("entry-string", f"{DOC}: a title\n", "Input should be a valid dictionary"),
    ("title-list", f"{DOC}:\n  title: [a, b]\n", "title: Input should be a valid string"),
    ("title-null", f"{DOC}:\n  title:\n", "title: Input should be a valid string"),
    ("missing-document", "nothing-here:\n  title: Ghost\n", "no document nothing-here.txt"),
    ("id-trailing-newline", f'"{DOC}\\n":\n  title: a\n', "expected a file name"),
    ("duplicate-entry", f"{DOC}:\n  title: a\n{DOC}:\n  title: b\n", "duplicate key"),
    ("binary-tag", f"{DOC}:\n  title: !!binary aGVsbG8=\n", "tag"),
    ("approximate-text", f'{DOC}:\n  date_approximate: "false"\n', "date_approximate: Input should be a valid"),
    ("url-javascript", f'{DOC}:\n  url: "javascript:alert(1)"\n', "url: expected an http(s) address"),
    ("key-number", "2024:\n  title: a\n", "key 2024 must be text"),
    ("unknown-key", f"{DOC}:\n  publisher: a\n", "publisher: unknown key"),
    ("not-utf8", b"\xff\xfe:\n", "not UTF-8"),
    ("too-large", f"{DOC}:\n  title: a\n" + "#" * 2_100_000 + "\n", "too large"),
    ("syntax", f"{DOC}: [\n", "YAML syntax error"),
]


@pytest.mark.parametrize(
    ("content", "expected", "command"),
    [pytest.param(c, e, COMMANDS[i % len(COMMANDS)], id=i_d) for i, (i_d, c, e) in enumerate(MANIFEST_CASES)],
)
def test_manifest(world, content, expected, command):
    manifest = world[0] / settings.MANIFEST_NAME
    manifest.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    _refused(world, command, "sources.yaml", expected)


def test_manifest_that_is_a_folder(world):
    manifest = world[0] / settings.MANIFEST_NAME
    manifest.unlink()
    manifest.mkdir()
    _refused(world, "build", "sources.yaml", "not a regular file")


def test_manifest_that_is_a_device(world):
    manifest = world[0] / settings.MANIFEST_NAME
    manifest.unlink()
    manifest.symlink_to("/dev/zero")
    _refused(world, "validate", "sources.yaml", "not a regular file")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_manifest(world):
    manifest = world[0] / settings.MANIFEST_NAME
    manifest.chmod(0)
    _refused(world, "build", "sources.yaml", "Permission denied")


def _out_cases(seeds: Path, routes: Path, tmp: Path) -> list[Path]:
    link = tmp / "link.geojson"
    link.symlink_to(routes)
    return [routes, seeds / settings.MANIFEST_NAME, seeds / f"{DOC}.txt", seeds / "new.md", seeds, link]


@pytest.mark.parametrize("which", range(6), ids=["routes", "manifest", "document", "new-md", "seeds", "link"])
def test_out_that_is_an_input_is_refused(world, tmp_path, which):
    seeds, routes, _ = world
    target = _out_cases(seeds, routes, tmp_path)[which]
    args = ["build", "--seeds", str(seeds), "--routes", str(routes), "--out", str(target)]
    _refused(world, "build", target.name, "--out would", args)
    assert not (seeds / "new.md").exists()


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        pytest.param("--routes", "/dev/zero", "not a regular file", id="routes-dev-zero"),
        pytest.param("--routes", "/", "not a regular file", id="routes-folder"),
        pytest.param("--routes", "/nonexistent/routes.yaml", "No such file", id="routes-missing"),
        pytest.param("--seeds", "/etc/hostname", "not a folder", id="seeds-a-file"),
        pytest.param("--seeds", "/nonexistent", "not a folder", id="seeds-missing"),
    ],
)
def test_paths_given_on_the_command_line(world, option, value, expected):
    seeds, routes, _ = world
    args = ["validate", "--seeds", str(seeds), "--routes", str(routes)]
    args[args.index(option) + 1] = value
    _refused(world, "validate", value, expected, args)


def _cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "corridors", *args], capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.mark.parametrize("where", ["document", "manifest", "routes"])
def test_a_fifo_is_refused_without_waiting(world, where):
    """A FIFO nobody writes to: reading it would wait for ever (a subprocess, under a timeout)."""
    seeds, routes, out = world
    fifo = {"document": seeds / "zz.md", "manifest": seeds / settings.MANIFEST_NAME, "routes": routes}[where]
    fifo.unlink(missing_ok=True)
    os.mkfifo(fifo)
    before = out.read_bytes()
    done = _cli("build", "--seeds", str(seeds), "--routes", str(routes), "--out", str(out))
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and fifo.name in done.stderr and "not a regular file" in done.stderr
    assert out.read_bytes() == before


# Valid input that was refused or misread before
def test_bom_before_front_matter_and_a_heading_title(tmp_path):
    doc = tmp_path / "bom.md"
    doc.write_bytes(b"\xef\xbb\xbf---\ndate: 2024-05-02\n---\n### \n### The KKH reopens\nText.\n")
    source = read_source(doc)
    assert (source.date, source.title) == ("2024-05-02", "The KKH reopens")


@pytest.mark.parametrize(
    ("content", "title"),
    [
        pytest.param("---\n---\nBody line.\n", "Body line.", id="empty-front-matter"),
        pytest.param("-----\nA rule first.\n", "-----", id="markdown-rule"),
        pytest.param("--- Breaking ---\nNews.\n", "--- Breaking ---", id="breaking-line"),
        pytest.param("\ufeffTitle after a BOM\nText.\n", "Title after a BOM", id="bom-without-front-matter"),
        pytest.param("---\ndate: 2024\n---\nText.\n", "Text.", id="year-unquoted"),
    ],
)
def test_valid_documents_are_read(tmp_path, content, title):
    doc = tmp_path / "ok.md"
    doc.write_text(content, encoding="utf-8")
    assert read_source(doc).title == title


def test_a_long_first_line_gives_a_bounded_title(tmp_path):
    doc = tmp_path / "long.txt"
    doc.write_text("word " * 10_000)
    assert len(read_source(doc).title) <= 200


def test_hidden_documents_are_left_out(world):
    seeds = world[0]
    (seeds / ".zz.md").write_bytes(b"\xff")
    result = CliRunner().invoke(cli, ["mentions", str(seeds), "--strict", "--format", "table"])
    assert result.exit_code == 0, result.output


def test_a_long_sentence_is_cut_into_pieces_with_exact_offsets():
    from corridors.extract.segment import sentences

    text = ("Karakoram Highway trucks cross Khunjerab " * 300).strip()
    spans = sentences(text)
    assert len(spans) > 1
    assert all(e - s <= settings.MAX_SENTENCE_CHARS for s, e in spans)
    assert " ".join(text[s:e] for s, e in spans) == text


# -- property tests: random YAML and bytes never give anything but an InputError ---------------

_LEAVES = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
_DATA = st.recursive(
    _LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=25,
)
_YAMLISH = st.text(alphabet="-:[]{}&*!|>'\"#%@`,?\n\t abc019.eE+~\\", max_size=200)
_PROPERTY = hsettings(
    max_examples=60, deadline=timedelta(seconds=10), suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _only_input_errors(load, path: Path, content: bytes) -> None:
    path.write_bytes(content)
    try:
        load(path)
    except InputError as err:
        assert "\n" not in str(err) and len(str(err)) < 1000
        str(err).encode("utf-8")  # printable


def _route_structure(data) -> bytes:
    return yaml.safe_dump([data] if isinstance(data, dict) else data, allow_unicode=True).encode("utf-8")


@_PROPERTY
@given(data=_DATA)
def test_random_structures_in_the_route_file(tmp_path, data):
    _only_input_errors(load_routes, tmp_path / "r.yaml", _route_structure(data))


@_PROPERTY
@given(
    data=st.dictionaries(
        st.sampled_from(
            [
                "id",
                "name",
                "aliases",
                "modes",
                "waypoints",
                "status_history",
                "segments",
                "notes",
                "curator_notes",
                "areas",
            ]
        ),
        _DATA,
    )
)
def test_random_values_under_route_keys(tmp_path, data):
    _only_input_errors(load_routes, tmp_path / "r.yaml", _route_structure(data))


@_PROPERTY
@given(data=_DATA)
def test_random_structures_in_the_manifest(tmp_path, data):
    _only_input_errors(load_manifest, tmp_path / "sources.yaml", yaml.safe_dump(data).encode("utf-8"))


@_PROPERTY
@given(data=_DATA)
def test_random_front_matter(tmp_path, data):
    front = yaml.safe_dump(data, allow_unicode=True).encode("utf-8")
    _only_input_errors(read_source, tmp_path / "d.md", b"---\n" + front + b"---\nThe KKH is open.\n")


@_PROPERTY
@given(text=_YAMLISH)
def test_random_yaml_text(tmp_path, text):
    for name, load in (("r.yaml", load_routes), ("sources.yaml", load_manifest)):
        _only_input_errors(load, tmp_path / name, text.encode("utf-8"))
    _only_input_errors(read_source, tmp_path / "d.md", ("---\n" + text + "\n---\nbody\n").encode("utf-8"))


@_PROPERTY
@given(raw=st.binary(max_size=300))
def test_random_bytes(tmp_path, raw):
    for name, load in (("r.yaml", load_routes), ("sources.yaml", load_manifest), ("d.md", read_source)):
        _only_input_errors(load, tmp_path / name, raw)


@hsettings(max_examples=15, deadline=timedelta(seconds=30), suppress_health_check=list(HealthCheck))
@given(raw=st.binary(max_size=200) | _YAMLISH.map(str.encode))
def test_random_route_files_never_change_the_output(world, raw):
    seeds, routes, out = world
    routes.write_bytes(raw)
    before = out.read_bytes()
    result = CliRunner().invoke(cli, _args("build", seeds, routes, out))
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.output
    assert result.stderr.count("\n") == 1
    assert out.read_bytes() == before


# -- regular expressions without catastrophic backtracking ---------------------------------------

_OLD_WORD = re.compile(r"[^\W\d_](?:[\w'’]*\w)?(?<!['’]s)")  # quadratic on "’s’s’s…"; names.tokens reads the same


@_PROPERTY
@given(text=st.text(alphabet="as’'b S1_ é-", max_size=40))
def test_words_are_those_of_the_backtracking_pattern(text):
    from corridors.extract.names import tokens

    assert tokens(text) == [m.span() for m in _OLD_WORD.finditer(text)]


@pytest.mark.parametrize("country", ["BH", "SG"])
@pytest.mark.parametrize(("lon", "lat"), [(55, 32), (50.84, 28.97)], ids=["deep-in-iran", "on-iran-coast"])
def test_a_place_declared_in_a_small_or_far_country_is_checked(world, country, lon, lat):
    """BH and SG have no 1:110m outline: a point in Iran declared as Bahrain or Singapore is refused,
    also on Iran's coast (Bushehr), a few km from the sea."""
    routes = world[1]
    routes.write_text(
        GOOD.replace("{name: Quetta, country: PK}", f"{{name: Quetta, country: {country}, lon: {lon}, lat: {lat}}}")
    )
    _refused(world, "build", "routes.yaml", "in IR")


@pytest.mark.parametrize("option", ["--out", "--routes", "--db"])
def test_an_empty_path_names_its_option(world, option):
    seeds, routes, out = world
    args = ["build", "--seeds", str(seeds), "--routes", str(routes), "--out", str(out), option, ""]
    _refused(world, "build", option, "an empty path", args)


def test_out_that_names_a_folder_is_refused(world):
    seeds, routes, _ = world
    _refused(
        world,
        "build",
        "--out",
        "names a folder",
        ["build", "--seeds", str(seeds), "--routes", str(routes), "--out", "."],
    )


def test_documents_that_lost_their_dates_are_named(world):
    """An emptied manifest leaves the seeds without dates: the route file's entry on one says so."""
    (world[0] / settings.MANIFEST_NAME).write_text("")
    _refused(world, "build", "routes.yaml", f"document {DOC} has no date")


def test_table_output_prints_no_terminal_escapes(world):
    seeds = world[0]
    (seeds / "zz.txt").write_text("The Karakoram Highway \x1b[2J\x1b]0;pwned\x07 reopened in May 2024.\n")
    result = CliRunner().invoke(cli, ["mentions", str(seeds), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "zz" in result.stdout and "\x1b" not in result.stdout and "\\x1b[2J" in result.stdout
