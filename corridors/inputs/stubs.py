"""A candidate corridor made a route: a stub appended to the route file for the curator to finish (its
id, name, waypoints geocoded from the candidate's places, the quote as a proposed status entry, ``# TODO``
comments). The file is appended to as text, never rewritten: its comments and layout stay as they were."""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from slugify import slugify

from corridors.io.files import read_text, write_atomic

#: The mode a candidate's last word names; a "corridor" or "route" names none (the stub says road, to check).
MODE_WORDS = {"railway": "rail", "pipeline": "pipeline", "highway": "road", "motorway": "road", "road": "road"}


def route_id(phrase: str, taken: Collection[str]) -> str:
    """A route id from ``phrase`` ("China–Pakistan corridor" -> china-pakistan-corridor), not one of ``taken``."""
    base = slugify(phrase, max_length=60, word_boundary=True) or "candidate"
    n, rid = 1, base
    while rid in taken:
        n += 1
        rid = f"{base}-{n}"
    return rid


def _mode(phrase: str, quote: str) -> tuple[str, str]:
    """``(mode, what to check about it)``: the one the phrase names, else the sentence, else road."""
    mode = MODE_WORDS.get(phrase.rsplit(" ", 1)[-1].lower())
    if mode:
        return mode, ""
    said = [MODE_WORDS[w] for w in re.findall(r"\w+", quote.lower()) if w in MODE_WORDS]
    return (said[0], "the sentence's word: check") if said else ("road", "neither phrase nor sentence names one")


def _scalar(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


@dataclass(frozen=True)
class Found:
    """A candidate's place as geocoding found it: ``country`` '' and a ``todo`` when it could not."""

    name: str
    country: str
    todo: str = ""  # what the curator must do about it
    lon: float | None = None
    lat: float | None = None


def _waypoint(place: Found, role: str) -> str:
    item = f"    - {{name: {_scalar(place.name)}, country: {place.country or 'XX'}, role: {role}}}"
    where = f"  # found at lon {place.lon}, lat {place.lat}" if place.lon is not None else ""
    return item + (f"  # TODO: {place.todo}" if place.todo else where)


def stub(candidate: dict, places: list[Found], taken: Collection[str], day: str) -> tuple[str, str]:
    """``(route id, YAML text of a route entry)`` for ``candidate`` (as ``corridors candidates`` prints it)
    through its ``places`` in order, made on ``day``; the id is none of ``taken``."""
    phrase = candidate["phrase"]
    rid = route_id(phrase, taken)
    mode, todo = _mode(phrase, candidate["quote"])
    named = candidate["text"].rsplit(" ", 1)[-1].lower() in {"corridor", "route", *MODE_WORDS}  # a name, not a chain
    roles = ["terminal"] + ["city"] * max(len(places) - 2, 0) + ["terminal"] * (len(places) > 1)
    waypoints = [_waypoint(p, role) for p, role in zip(places, roles, strict=True)]
    if len(waypoints) < 2:
        waypoints.append("    # TODO: at least two waypoints, in order")
    lines = [
        "",
        f"# TODO (corridors review, {day}): a stub made from the candidate corridor {_scalar(candidate['text'])} in",
        f"#   {candidate['doc']}: check the name, aliases, modes, waypoints (order, roles, coordinates) and the",
        "#   status the quote states, then remove these TODO comments.",
        f"- id: {rid}",
        f"  name: {_scalar(phrase)}",
        *([f"  aliases: [{_scalar(candidate['text'])}]"] if named else []),
        f"  modes: [{mode}]" + (f"  # TODO: {todo}" if todo else ""),
        "  waypoints:",
        *waypoints,
        "  status_history:",
        "    - status: potential  # TODO: the status the quote states",
        f"      doc: {candidate['doc']}",
        f"      quote: {_scalar(candidate['quote'])}",
    ]
    return rid, "\n".join(lines) + "\n"


def append_stub(path: Path, text: str, limit: int) -> None:
    """Append ``text`` to the route file at ``path`` (atomically: the file is whole before and after)."""
    before = read_text(path, limit)
    write_atomic(path, before + ("" if before.endswith("\n") or not before else "\n") + text)
