"""The folder tree is the architecture: which layer may import which, checked over the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from corridors.extract import corpus

PACKAGE = Path(corpus.__file__).parent.parent
#: What ``web/`` may read of the build's output: the GeoJSON's schema and the corpus store.
WEB_MAY_READ = {"corridors.output.store", "corridors.output.geojson_schema"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The modules of ours that ``path`` imports (at the top or inside a function)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("corridors"):
            assert node.level == 0, f"{path}: relative import"
            for alias in node.names:  # "from corridors.web import filters" imports the module corridors.web.filters
                sub = f"{node.module}.{alias.name}"
                found.add(sub if _path_of(sub) else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("corridors")}
    return found


def _path_of(module: str) -> Path | None:
    base = PACKAGE.parent.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


GRAPH = {module_name(p): imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def in_layer(module: str, layer: str) -> bool:
    return module == f"corridors.{layer}" or module.startswith(f"corridors.{layer}.")


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if in_layer(m, "web")))
def test_web_reads_the_build_only_through_the_geojson_and_the_store(module):
    wrong = {m for m in GRAPH[module] if in_layer(m, "extract") or (in_layer(m, "output") and m not in WEB_MAY_READ)}
    assert not wrong, f"{module} imports {sorted(wrong)}"


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if in_layer(m, "output")))
def test_output_never_imports_web(module):
    assert not {m for m in GRAPH[module] if in_layer(m, "web")}, module


def test_the_extractor_version_covers_every_module_the_extractor_reads():
    """The extraction cache key hashes the files ``corpus._EXTRACTOR_CODE`` globs: every module the
    extractor imports, however deep, must be among them, or a change there would not invalidate it."""
    hashed = {module_name(p) for pattern in corpus._EXTRACTOR_CODE for p in PACKAGE.glob(pattern)}
    seen, todo = set(), ["corridors.extract.linker"]
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(GRAPH.get(module, ()))
    # Settings are hashed by name (corpus._EXTRACTOR_SETTINGS); files, the user cache and the error classes
    # carry no reading rule (the gazetteer's cached index has a key of its own).
    plumbing = {"corridors", "corridors.settings", "corridors.errors"}
    rules = {m for m in seen - plumbing if not in_layer(m, "io")}
    assert rules <= hashed, sorted(rules - hashed)
    assert "corridors.web.present" not in hashed  # a sanity check that the glob is not the whole package


def test_every_layer_folder_is_a_package_of_its_own():
    layers = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert layers == {"io", "inputs", "collect", "geo", "extract", "status", "output", "review", "web"}


def test_the_readmes_folder_map_names_every_module():
    """The README's folder map is the architecture's map: every module of the package and the app is on it."""
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    folder_map = readme[readme.index("\ncorridors/\n") : readme.index("```", readme.index("\ncorridors/\n"))]
    modules = [p for root in (PACKAGE, PACKAGE.parent / "dashboard") for p in root.rglob("*.py")]
    named = [p for p in modules if p.stem not in ("__init__", "__main__")]
    missing = sorted(str(p.relative_to(PACKAGE.parent)) for p in named if p.stem not in folder_map)
    assert not missing, f"not on the README's folder map: {missing}"
