"""The one YAML reader of every input (route file, manifest, front matter): plain data only.

PyYAML's ``SafeLoader`` still expands aliases (a "billion laughs" grows to gigabytes), recurses
without a bound, reads tags such as ``!!binary`` or ``!!set``, turns ``2024-13-45`` into a
``ValueError`` and keeps the last of two equal keys. This loader refuses anchors, aliases, explicit
tags and duplicate keys, caps nesting and number length (``settings.MAX_YAML_DEPTH``,
``settings.MAX_YAML_NUMBER_CHARS``), and leaves dates as strings for the schemas to check.
Mappings and lists it builds remember the line of each value, for error messages.
"""

from __future__ import annotations

from typing import ClassVar

import yaml

from corridors import settings
from corridors.errors import InputError, shown


class Map(dict):
    """A YAML mapping that remembers its line and the line of each of its values."""

    line: int = 0
    lines: dict


class Seq(list):
    """A YAML list that remembers its line and the line of each item."""

    line: int = 0
    lines: list


class _Refused(yaml.YAMLError):
    def __init__(self, problem: str, mark):
        super().__init__(problem)
        self.problem, self.problem_mark = problem, mark


_PLAIN = ("bool", "int", "float", "null")  # the implicit types kept: no timestamp, merge or value


class _Loader(yaml.SafeLoader):
    """SafeLoader without aliases, tags, timestamps, merge keys, duplicate keys or deep nesting."""

    yaml_implicit_resolvers: ClassVar = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag.rsplit(":", 1)[-1] in _PLAIN]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            msg = "anchors and aliases (&, *) are not allowed"
            raise _Refused(msg, event.start_mark)
        if getattr(event, "tag", None) not in (None, "!"):
            msg = f"tag {shown(event.tag)} is not allowed: plain values only"
            raise _Refused(msg, event.start_mark)
        self._depth += 1
        if self._depth > settings.MAX_YAML_DEPTH:
            msg = f"nested deeper than {settings.MAX_YAML_DEPTH} levels"
            raise _Refused(msg, event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_scalar(self, node):
        value = super().construct_scalar(node)
        if node.tag.endswith((":int", ":float")) and len(value) > settings.MAX_YAML_NUMBER_CHARS:
            msg = f"number longer than {settings.MAX_YAML_NUMBER_CHARS} characters"
            raise _Refused(msg, node.start_mark)
        return value

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):
            msg = "expected a mapping"
            raise _Refused(msg, node.start_mark)
        mapping, lines = Map(), {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                msg = f"key {shown(key)} must be text (put it in quotes)"
                raise _Refused(msg, key_node.start_mark)
            if key in mapping:
                msg = f"duplicate key {shown(key)}"
                raise _Refused(msg, key_node.start_mark)
            mapping[key] = self.construct_object(value_node, deep=True)
            lines[key] = value_node.start_mark.line + 1
        mapping.line, mapping.lines = node.start_mark.line + 1, lines
        return mapping

    def construct_sequence(self, node, deep=False):
        items = Seq(self.construct_object(child, deep=True) for child in node.value)
        items.line, items.lines = node.start_mark.line + 1, [child.start_mark.line + 1 for child in node.value]
        return items


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_sequence)


def parse(text: str, path, first_line: int = 1, what: str = ""):
    """The plain data of the YAML ``text`` read from ``path`` (lines counted from ``first_line``;
    ``what`` names the part of the file in messages); anything else raises :class:`InputError`
    with the line."""
    what = f"{what}: " if what else ""
    if len(text) > settings.MAX_YAML_BYTES:
        msg = f"{what}YAML larger than {settings.MAX_YAML_BYTES} characters"
        raise InputError(path, msg)
    loader = None
    try:
        loader = _Loader(text)
        data = loader.get_single_data()
    except yaml.reader.ReaderError as err:  # a character YAML refuses (NUL, other control characters)
        msg = f"{what}character {err.character:#06x} is not allowed in YAML"
        raise InputError(path, msg, text.count("\n", 0, err.position) + first_line) from err
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        problem = getattr(err, "problem", None) or str(err)
        msg = what + ("" if isinstance(err, _Refused) else "YAML syntax error: ") + " ".join(problem.split())
        raise InputError(path, msg, mark.line + first_line if mark else None) from err
    finally:
        if loader:
            loader.dispose()
    _shift(data, first_line - 1)
    return data


def line_of(data, loc: tuple) -> int | None:
    """The line of the deepest value along ``loc`` (keys and indexes, as pydantic reports them)."""
    line = getattr(data, "line", None)
    for step in loc:
        lines = getattr(data, "lines", None)
        try:
            line, data = lines[step], data[step]
        except (TypeError, KeyError, IndexError):
            break
    return line


def _shift(data, by: int) -> None:
    if not by or not isinstance(data, Map | Seq):
        return
    data.line += by
    if isinstance(data, Map):
        data.lines = {k: v + by for k, v in data.lines.items()}
    else:
        data.lines = [v + by for v in data.lines]
    for value in data.values() if isinstance(data, Map) else data:
        _shift(value, by)
