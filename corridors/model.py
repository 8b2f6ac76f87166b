"""Domain objects: sources, places, routes, their status history and the mentions found in text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

#: Status vocabulary, from most to least established. Meaning of each:
STATUSES = {
    "operational": "in use: goods, passengers or gas move on it now",
    "suspended": "was operational, stopped for now",
    "under_construction": "being built",
    "agreed": "signed agreement, protocol, MoU or feasibility study",
    "proposed": "announced or planned by officials",
    "potential": "an idea floated: could, may, possible",
    "cancelled": "abandoned or called off",
}
MODES = ("road", "rail", "sea", "air", "pipeline", "multimodal")
ROLES = ("terminal", "city", "border_crossing", "port", "pass")
#: Parts of a route's drawing: the named corridor itself, or the wider corridor it belongs to
#: (drawn, not counted in ``length_km``).
PARTS = ("route", "context")
#: Roles of the places where a route crosses a border.
CROSSING_ROLES = ("border_crossing", "pass")


@dataclass(frozen=True)
class Source:
    """A document: its metadata and its body (the text after any front matter)."""

    id: str
    title: str
    body: str
    outlet: str = ""
    author: str = ""
    date: str = ""
    date_approximate: bool = False
    url: str = ""
    lang: str = "en"  # ISO 639-1: from the front matter, else detected (corridors.inputs.language)
    #: A hash of the file's bytes and its manifest entry: a build reuses a document it read before.
    file_key: str = field(default="", compare=False, repr=False)
    #: Other copies of the same story (syndicated, or added twice), without their bodies: they are not
    #: read, quoted nor counted (corridors.inputs.syndication).
    also_published_by: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Place:
    """A named waypoint of a route; lon/lat are set by the file or by geocoding."""

    name: str
    country: str
    role: str = "city"
    lon: float | None = None
    lat: float | None = None
    coord_source: str = ""
    line: int | None = None
    coord_note: str = ""  # where a hand-entered coordinate comes from (the route file's `source`)

    @property
    def located(self) -> bool:
        return self.lon is not None and self.lat is not None

    def at(self, lon: float, lat: float, coord_source: str) -> Place:
        return replace(self, lon=lon, lat=lat, coord_source=coord_source)


@dataclass(frozen=True)
class Segment:
    """A leg of a route travelled by one mode through named waypoints, in order."""

    mode: str
    via: tuple[str, ...]
    part: str = "route"


@dataclass(frozen=True)
class ReportedLength:
    """A route's length as a source gives it (``length_km`` is only the schematic line drawn): the
    words of a seed document (``doc``, ``quote``), or a source cited by ``title`` and ``url``."""

    km: float
    doc: str = ""
    quote: str = ""
    title: str = ""
    outlet: str = ""
    date: str = ""
    url: str = ""
    note: str = ""  # what the figure measures, in our words ("more than 1,200 km, to Kashgar")
    line: int | None = None


@dataclass(frozen=True)
class StatusEntry:
    """A dated status and the exact words in a document that back it."""

    date: str
    status: str
    quote: str
    doc: str
    line: int | None = None
    source: str = "curated"  # or "reviewed" (inputs.reviews), "extracted" (corridors.extract), "inferred" (timeline)
    event_date: str = ""  # the date the text gives for the event; '' when only the document dates it
    reported_date: str = ""  # the document's date
    strength: str = "fact"  # fact | plan | idea
    cue: str | None = None
    agreeing: tuple[str, ...] = ()  # later documents that report the same status
    disputed: tuple[str, ...] = ()  # documents of the same strength and time that report another
    reason: str = ""  # why this claim did not set the status ('' when it did): see corridors.timeline
    confidence: float = 1.0  # how likely an extracted claim is right (corridors.status.confidence); 1 for a person's


@dataclass(frozen=True)
class Mention:
    """A passage of a document that speaks of a route; ``quote == body[start:end]``."""

    route: str
    doc: str
    start: int
    end: int
    quote: str
    status: str | None = None
    cue: str | None = None
    evidence: str = "curated"
    event_date: str = ""  # ISO date the sentence gives for the event ('' when it gives none)
    strength: str | None = None  # "fact" | "plan" | "idea" (corridors.extract.Strength)
    target_date: str = ""  # a date after the document's that the sentence plans for


@dataclass(frozen=True)
class Note:
    """A note for a route's readers, shown from ``date`` on (the newest source it cites; '' if none)."""

    text: str
    date: str = ""


@dataclass(frozen=True)
class Route:
    """A curated corridor: how it is named, where it runs, and what is said of its state."""

    id: str
    name: str
    modes: tuple[str, ...]
    places: tuple[Place, ...]
    segments: tuple[Segment, ...]
    status_history: tuple[StatusEntry, ...]
    aliases: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()  # for readers
    curator_notes: str = ""  # for whoever edits the route file: never shown
    line: int | None = None
    reported_length: ReportedLength | None = None  # None: no source states the route's length
    #: Names in other languages: (language, name) of the route itself, (language, waypoint, name) of its places.
    names: tuple[tuple[str, str], ...] = ()
    place_names: tuple[tuple[str, str, str], ...] = ()

    @property
    def history(self) -> list[StatusEntry]:
        """Status entries that set the status, oldest first; on the same date extracted cues come
        before curated ones."""
        return sorted((e for e in self.status_history if not e.reason), key=lambda e: (e.date, e.source == "curated"))

    @property
    def current(self) -> StatusEntry:
        """The latest entry of the status history: a curated status wins over a cue of the same date."""
        return self.history[-1]

    @property
    def countries(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.country for p in self.places))


_ISO_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")


def calendar_date(value: str) -> dt.date:
    """The first day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` in ASCII digits, nothing trailing;
    ``ValueError`` saying what is wrong. Shared by the input schemas and the GeoJSON's."""
    if not _ISO_DATE.fullmatch(value):
        msg = "not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"
        raise ValueError(msg)
    parts = [int(p) for p in value.split("-")]
    try:
        return dt.date(*parts, *[1] * (3 - len(parts)))
    except ValueError as err:
        msg = f"not a real date ({err})"
        raise ValueError(msg) from err


def around(body: str, start: int, end: int, context: int = 160) -> tuple[str, str]:
    """The text before and after ``body[start:end]`` an excerpt shows: about ``context`` characters
    each side, cut at spaces, "…" where the body goes on."""
    left = max(0, body.rfind(" ", 0, max(0, start - context)) + 1) if start > context else 0
    right = body.find(" ", end + context)
    right = len(body) if right < 0 else right
    return ("… " if left else "") + body[left:start], body[end:right] + (" …" if right < len(body) else "")
