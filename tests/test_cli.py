import shutil

from click.testing import CliRunner

from corridors import settings
from corridors.cli import cli
from corridors.inputs.routes import load_routes


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


def counts(world) -> str:
    return f"{len(load_routes(world.routes))} routes, {len(list(world.docs.glob('*.md')))} documents"


def test_build_twice_gives_identical_bytes(tmp_path, world):
    first, second = tmp_path / "a.geojson", tmp_path / "b.geojson"
    inputs = ("--seeds", world.docs, "--routes", world.routes)
    assert run("build", *inputs, "--out", first).exit_code == 0
    result = run("build", *inputs, "--out", second)
    assert result.exit_code == 0, result.output
    assert f"wrote {second} and {second.with_suffix('.sqlite')} ({counts(world)})" in result.output
    assert first.read_bytes() == second.read_bytes() == world.geojson.read_bytes()


def test_validate_writes_nothing(tmp_path, world):
    before = sorted(world.docs.parent.rglob("*"))
    result = run("validate", "--seeds", world.docs, "--routes", world.routes)
    assert result.exit_code == 0
    assert f"ok: {counts(world)}" in result.output
    assert sorted(world.docs.parent.rglob("*")) == before


ROUTE_EDITS = [  # (text in routes.yaml, replacement, what the error line must say)
    ("modes: [road]", "modes: [road", "YAML syntax error"),
    ("status: operational", "status: open", "(got 'open')"),
    ("lon: 71.09, lat: 34.11", "lon: 71.09, lat: 3411", "lat: Input should be less than or equal to 90 (got 3411)"),
    (
        "lon: 75.393, lat: 36.846",
        "lon: 0.58, lat: 43.65",
        "waypoint 'Khunjerab Pass' resolves to lon 0.5800, lat 43.6500",
    ),
    ("{name: Thal, country: PK, role: city, lon: 70.55, lat: 33.36,", "{name: Thal, country: PK, role: city,",
     "route 'uap-railway': waypoint 'Thal' makes a detour: Alizai → Thal → Hangu"),
    ("lon: 55.06, lat: 25.01", "lon: 55.30927, lat: 25.07725", "sea leg Karachi → Dubai runs 24 km over land"),
]  # fmt: skip
SEED_EDITS = [  # (file in seeds/, new bytes or None to delete, what the error line must say)
    ("003_9ee71f7bc08594ca.txt", b"The interview was withdrawn.\n", "quote not found verbatim in 003_9ee71f7bc08594ca"),
    ("004_612eeb51f7329b07.txt", None, "sources.yaml:33: 004_612eeb51f7329b07: no document"),
    ("new.txt", b"\x89PNG\x00\x00", "new.txt: binary file"),
    ("new.md", b"---\ntitle: [x\n---\nbody", "new.md:3: front matter: YAML syntax error"),
    ("new.txt", b"", "new.txt: empty document"),
    ("new.txt", b"\xff\xfeq", "new.txt:1: not UTF-8"),
]


def bad_input_cases(seeds, routes_file):
    """Spoil one input at a time; yield (args, what the error line must say)."""
    clean = routes_file.read_text()
    for old, new, expected in ROUTE_EDITS:
        routes_file.write_text(clean.replace(old, new, 1))
        yield ["--routes", routes_file], expected
        routes_file.write_text(clean)
    for name, content, expected in SEED_EDITS:
        if content is None:
            (seeds / name).unlink()
        else:
            (seeds / name).write_bytes(content)
        yield ["--seeds", seeds], expected
        (seeds / name).unlink(missing_ok=True)
        shutil.copytree(settings.SEEDS_DIR, seeds, dirs_exist_ok=True)


def test_bad_input_is_one_clean_line_exit_2_and_the_old_output_survives(tmp_path, seeds, routes_file):
    out = tmp_path / "out.geojson"
    out.write_text("previous build")
    for args, expected in bad_input_cases(seeds, routes_file):
        result = run("build", *args, "--out", out)
        assert result.exit_code == 2, (expected, result.output)
        assert result.output.startswith("error: ") and result.output.count("\n") == 1
        assert expected in result.output, result.output
        assert "Traceback" not in result.output
        assert out.read_text() == "previous build"


def test_unwritable_output_is_a_clean_error(tmp_path):
    out = tmp_path / "missing-dir" / "file.geojson"
    (tmp_path / "missing-dir").write_text("a file where a folder should be")
    result = run("build", "--out", out)
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {out}: cannot write the GeoJSON")


def test_unwritable_store_is_a_clean_error(tmp_path):
    (tmp_path / "missing-dir").write_text("a file where a folder should be")
    db = tmp_path / "missing-dir" / "c.sqlite"
    result = run("build", "--out", tmp_path / "c.geojson", "--db", db)
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {db}: cannot write the store")
