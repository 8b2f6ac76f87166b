"""Schemas of the input files (pydantic v2, strict): the route file, a document's front matter and
the ``sources.yaml`` manifest. Types are exact: no text where a list is due, no list, mapping,
number or null where text is; ids match a pattern to the last character; dates are real dates.

``check`` validates data read by ``corridors.safeyaml`` and turns the first problem into one
:class:`InputError` line: ``file:line: key: problem (got value)``."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cache
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from corridors.errors import InputError, shown
from corridors.io.safeyaml import line_of
from corridors.model import MODES, PARTS, ROLES, STATUSES, calendar_date

_CONFIG = ConfigDict(strict=True, extra="forbid", frozen=True)
#: A quote shorter than this (characters, blanks around it left out) backs no status: " " or "a" would.
MIN_QUOTE_CHARS = 5
#: An alias shorter than this ("a") links a route to every sentence with the word.
MIN_ALIAS_CHARS = 3


def _one_line(value: str) -> str:
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") and c != "\u200d" for c in value):
        msg = "control characters (new lines, escapes) are not allowed"
        raise ValueError(msg)
    return value


def _text_block(value: str) -> str:
    if any(unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t" for c in value):
        msg = "control characters are not allowed"
        raise ValueError(msg)
    return value


def iso_date(value: str) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, a real date, not after today."""
    calendar_date(value)
    if value > dt.date.today().isoformat()[: len(value)]:
        msg = "a date in the future"
        raise ValueError(msg)
    return value


def _year_as_text(value):
    """An unquoted year (``date: 2024``) is read by YAML as a number: take it as the year."""
    return str(value) if type(value) is int and 1000 <= value <= 9999 else value


def _known_country(code: str) -> str:
    if code in country_codes():
        return code
    import pycountry

    withdrawn = pycountry.historic_countries.get(alpha_2=code)
    if withdrawn is not None:
        msg = f"{withdrawn.name} is no longer in ISO 3166-1 (withdrawn {withdrawn.withdrawal_date}): use a current code"
    else:
        msg = "unknown country (expected a current ISO 3166-1 alpha-2 code)"
    raise ValueError(msg)


@cache
def country_codes() -> frozenset[str]:
    """The current ISO 3166-1 alpha-2 codes (pycountry)."""
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


def _matching(pattern: str, expected: str):
    """A validator: ``pattern`` must match all of the value (nothing trailing), else ``expected``."""
    regex = re.compile(pattern)

    def validate(value: str) -> str:
        if not regex.fullmatch(value):
            msg = f"expected {expected}"
            raise ValueError(msg)
        return value

    return AfterValidator(validate)


def _nonblank(value: str) -> str:
    if not value:
        msg = "empty text"
        raise ValueError(msg)
    return value


def _alias(value: str) -> str:
    if len(value) < MIN_ALIAS_CHARS:
        msg = f"an alias needs at least {MIN_ALIAS_CHARS} characters (a shorter one names too much)"
        raise ValueError(msg)
    return value


def _quote(value: str) -> str:
    if len(value.strip()) < MIN_QUOTE_CHARS:
        msg = f"a quote needs at least {MIN_QUOTE_CHARS} characters"
        raise ValueError(msg)
    return _text_block(value)


Name = Annotated[str, Field(max_length=200), AfterValidator(str.strip), AfterValidator(_one_line)]
RouteId = Annotated[
    str, Field(max_length=64), _matching(r"[a-z0-9]+(?:-[a-z0-9]+)*", "lowercase words joined by '-' (a-z, 0-9)")
]
DocId = Annotated[
    str, Field(max_length=120), _matching(r"[A-Za-z0-9][A-Za-z0-9_.-]*", "a file name without its suffix")
]
IsoDate = Annotated[str, BeforeValidator(_year_as_text), AfterValidator(iso_date)]
Country = Annotated[str, _matching(r"[A-Z]{2}", "an ISO 3166 alpha-2 code"), AfterValidator(_known_country)]
Url = Annotated[str, Field(max_length=2000), _matching(r"(?:https?://[^\s\x00-\x1f\x7f]+)?", "an http(s) address")]
Instant = Annotated[str, _matching(r"(?:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)?", "a UTC time YYYY-MM-DDTHH:MM:SSZ")]
Lang = Annotated[str, _matching(r"[a-z]{2}", "an ISO 639-1 language code (en, ru)")]
Mode = Literal[MODES]
Label = Annotated[Name, AfterValidator(_nonblank)]
Alias = Annotated[Label, AfterValidator(_alias)]


class Waypoint(BaseModel):
    model_config = _CONFIG
    name: Label
    country: Country
    role: Literal[ROLES] = "city"
    lon: float | None = Field(None, ge=-180, le=180, allow_inf_nan=False)
    lat: float | None = Field(None, ge=-90, le=90, allow_inf_nan=False)
    source: Name = ""


class SegmentSpec(BaseModel):
    model_config = _CONFIG
    mode: Mode
    via: list[Label] = Field(min_length=2)
    part: Literal[PARTS] = "route"


class StatusSpec(BaseModel):
    model_config = _CONFIG
    status: Literal[tuple(STATUSES)]
    doc: DocId
    quote: Quote
    date: IsoDate | None = None


Quote = Annotated[str, Field(max_length=5000), AfterValidator(_quote)]


class ReportedLengthSpec(BaseModel):
    """A length a source states: a seed document's words (``doc``, ``quote``), or a source cited by
    ``title`` and ``url`` (``outlet`` and ``date`` optional)."""

    model_config = _CONFIG
    km: float = Field(gt=0, le=50_000, allow_inf_nan=False)
    doc: DocId | None = None
    quote: Quote | None = None
    title: Label | None = None
    outlet: Name = ""
    date: IsoDate = ""
    url: Url = ""
    note: Name = ""

    @model_validator(mode="after")
    def _sourced(self) -> ReportedLengthSpec:
        quoted, cited = bool(self.doc and self.quote), bool(self.title and self.url)
        if quoted == cited:
            msg = "give its source: doc and quote (a seed document's words), or title and url, not both"
            raise ValueError(msg)
        return self


TextBlock = Annotated[str, Field(max_length=10_000), AfterValidator(_text_block)]


class NoteSpec(BaseModel):
    """A note for readers of a route's card: what the map cannot say (how a line is drawn, what a
    source adds), with its sources by title and link. ``date``: the date of the newest source it
    cites, so that the card shows it from that day on (As of); none for a note that cites none."""

    model_config = _CONFIG
    text: TextBlock
    date: IsoDate = ""


def _notes(value: object) -> object:
    """``notes: text`` is one undated note; a list's plain texts are undated notes too."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list):
        return [{"text": v} if isinstance(v, str) else v for v in value]
    return value


class RouteSpec(BaseModel):
    model_config = _CONFIG
    id: RouteId
    name: Label
    aliases: list[Alias] = []
    areas: list[Label] = []
    modes: list[Mode] = Field(min_length=1)
    waypoints: list[Waypoint] = Field(min_length=2)
    segments: list[SegmentSpec] = []
    #: The route's names in other languages, by ISO 639-1 code: ``{ru: [Трансафганская железная дорога]}``.
    names: dict[Lang, list[Alias]] = {}
    #: Its waypoints' names in other languages: ``{ru: {Hairatan: [Хайратон]}}``.
    place_names: dict[Lang, dict[Label, list[Alias]]] = {}
    status_history: list[StatusSpec] = Field(min_length=1)
    #: For readers (on the card, by As of); ``curator_notes`` for whoever edits the file (never shown).
    notes: Annotated[list[NoteSpec], BeforeValidator(_notes), Field(max_length=50)] = []
    curator_notes: TextBlock = ""
    reported_length: ReportedLengthSpec | None = None


class Meta(BaseModel):
    """Front matter, or one entry of ``sources.yaml``."""

    model_config = _CONFIG
    title: Name = ""
    outlet: Name = ""
    author: Name = ""
    date: IsoDate = ""
    date_approximate: bool | None = None
    url: Url = ""
    retrieved: Instant = ""  # when `corridors add` fetched the page
    lang: Lang = ""  # the document's language; `language` is read as a synonym (sources.split_front_matter)


class ReviewSpec(BaseModel):
    """An analyst's decision on a claim (``corridors/data/reviews.yaml``): the claim by its document,
    route and quote (verbatim, at ``start``:``end`` of the document's body); accept it, reject it, or
    correct it to ``corrected_route`` (null: no route) / ``status`` / ``event_date``."""

    model_config = _CONFIG
    doc: DocId
    route: RouteId
    quote: Annotated[str, Field(max_length=5000), AfterValidator(_quote)]
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    decision: Literal["accept", "reject", "correct"]
    status: Literal[tuple(STATUSES)]  # the status accepted, or the corrected one
    corrected_route: RouteId | None = None
    event_date: IsoDate = ""
    note: Annotated[str, Field(max_length=2000), AfterValidator(_text_block)] = ""
    reviewed: IsoDate  # the date of the review


_ADAPTER = ConfigDict(strict=True)
ROUTES = TypeAdapter(Annotated[list[RouteSpec], Field(min_length=1)], config=_ADAPTER)
MANIFEST = TypeAdapter(dict[DocId, Meta], config=_ADAPTER)
FRONT_MATTER = TypeAdapter(Meta)
REVIEWS = TypeAdapter(list[ReviewSpec], config=_ADAPTER)


def check(schema: TypeAdapter, data, path, name_of=None):
    """``data`` validated by ``schema``; the first problem raises :class:`InputError` naming the
    line (from ``corridors.safeyaml`` marks), the key, the problem and at most ~100 characters of
    the value. ``name_of(loc[0])`` names the top item (a route's id) when it can."""
    try:
        return schema.validate_python(data)
    except ValidationError as err:
        error = err.errors(include_url=False)[0]
        loc = error["loc"]
        head = name_of(loc[0]) if name_of and loc else None
        key = _key(loc[1:] if head else loc)
        problem = _PROBLEMS.get(error["type"], error["msg"].removeprefix("Value error, "))
        got = "" if error["type"] == "missing" else f" (got {shown(error['input'])})"
        where = f"{head}: " if head else ""
        msg = f"{where}{key or 'file'}: {problem}{got}"
        raise InputError(path, msg, line_of(data, loc)) from err


_PROBLEMS = {"extra_forbidden": "unknown key", "missing": "missing"}


def _key(loc: tuple) -> str:
    text = ""
    for step in loc:
        if isinstance(step, int):
            text += f"[{step}]"
        elif step != "[key]":
            text += f".{step}" if text else str(step)
    return text
