"""The dashboard's data: the GeoJSON ``corridors build`` wrote, read and validated, or one error
that says what is wrong and how to make a valid file. No pipeline code: a file and its schema."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

from pydantic import ValidationError

from corridors import settings
from corridors.errors import InputError
from corridors.output.geojson_schema import CollectionDict, describe, validate

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_PAIR = re.compile(r"\[\]|\{\}")

#: How to get a file the dashboard can show, ending every error of ``load``.
HINT = "The dashboard shows only the GeoJSON that `corridors build` writes: run `corridors build` to make one."


def load(path: str | Path) -> CollectionDict:
    """The FeatureCollection at ``path`` as ``json.loads`` gives it, once it has passed
    ``corridors.geojson_schema``; anything else raises ``InputError`` (one line and the hint)."""
    path = Path(path)
    data = _parse(path, _read(path))
    try:
        validate(data)
    except ValidationError as err:
        raise _error(path, describe(err)) from err
    return data


def _read(path: Path) -> str:
    """The text of a regular file of at most ``settings.MAX_GEOJSON_BYTES``, of which no more is read
    (a FIFO or a device is never opened: it could block or never end); a UTF-8 byte-order mark is dropped."""
    limit = settings.MAX_GEOJSON_BYTES
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise _error(path, "not a regular file")
        with path.open("rb") as file:
            raw = file.read(limit + 1)
    except OSError as err:
        raise _error(path, f"cannot read: {err.strerror or err}") from err
    if len(raw) > limit:
        raise _error(path, f"larger than {limit:,} bytes")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        msg = f"not UTF-8 text: byte {raw[err.start]:#04x} at offset {err.start}"
        raise _error(path, msg) from err


def _parse(path: Path, text: str) -> object:
    if not text.strip():
        raise _error(path, "empty file, no JSON")
    if _deeper(text, settings.MAX_GEOJSON_DEPTH):
        raise _error(path, f"arrays and objects nested deeper than {settings.MAX_GEOJSON_DEPTH} levels")
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        raise _error(path, f"not JSON: {err.msg} (column {err.colno})", err.lineno) from err
    except RecursionError as err:  # unbalanced brackets, which _deeper leaves to the parser
        raise _error(path, "not JSON: brackets nested too deeply and never closed") from err
    except ValueError as err:  # NaN or Infinity, an integer of more than 4,300 digits
        raise _error(path, f"not JSON: {str(err)[:100]}") from err


def _deeper(text: str, limit: int) -> bool:
    """Whether the brackets of ``text`` (outside strings) nest deeper than ``limit``: each pass of a
    regular expression removes the innermost pairs, so no stack grows with the depth. Unbalanced
    brackets are left to the JSON parser to point at."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    for _ in range(limit):
        brackets, before = _PAIR.sub("", brackets), brackets
        if brackets == before:
            return False
    return _PAIR.search(brackets) is not None


def _no_constant(name: str):
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)


def _error(path: Path, problem: str, line: int | None = None) -> InputError:
    shown = str(path).encode("utf-8", "backslashreplace").decode("utf-8")  # a file name that is not UTF-8
    return InputError(shown, f"{problem}. {HINT}", line)
