"""How to cite what the dashboard shows, in APA 7, BibTeX and CSL-JSON: a route's status with the
document behind it, or the view as a whole. Pure functions: the caller gives the link that reopens
what is cited and the day it was read."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass

from corridors.output.geojson_schema import DocumentDict, EntryDict, FeatureDict
from corridors.web.present import safe_url, status_phrase, when

#: The map's name: the author (a group) and the work every citation is part of.
NAME = "Pakistan–Kazakhstan corridors"
#: What kind of work it is, in APA's square brackets and CSL's ``genre``.
GENRE = "Interactive map"
#: Each format: the file suffix and media type of its download.
FORMATS = {
    "APA": ("txt", "text/plain"),
    "BibTeX": ("bib", "application/x-bibtex"),
    "CSL-JSON": ("json", "application/vnd.citationstyles.csl+json"),
}
#: Characters special to (La)TeX, as written in a BibTeX field.
_TEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
        "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}  # fmt: skip


@dataclass(frozen=True)
class Citable:
    """What is cited: its title in words, the link that reopens it, the date of the data cited (ISO
    ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; "" when undated), the day it was read, and a note (the
    quote and its document)."""

    key: str  # BibTeX key and CSL id: ASCII letters, digits and hyphens
    title: str
    url: str
    issued: str
    accessed: dt.date
    note: str = ""


def of_route(
    feature: FeatureDict, entry: EntryDict, documents: dict[str, DocumentDict], url: str, accessed: dt.date
) -> Citable:
    """A route's status as the map shows it: its words, the quote and the document it rests on."""
    p = feature["properties"]
    doc = documents.get(entry["doc"])
    note = (
        f"\u201c{entry['quote']}\u201d {doc['title']}, {doc['outlet'] or 'unknown outlet'}, "
        f"{when(doc['date'], doc['date_approximate'])}, {safe_url(doc['url']) or 'no link'}."
        if doc
        else ""
    )
    issued = entry.get("reported_date") or entry["date"]
    return Citable(f"{p['id']}-{issued[:4] or 'nd'}", f"{p['name']}: {status_phrase(entry, documents)}", url,
                   issued, accessed, note)  # fmt: skip


def of_view(shown: int, total: int, asof: dt.date | None, latest: str, url: str, accessed: dt.date) -> Citable:
    """The view: how many routes it shows, as of which day (the data's latest document when no As-of)."""
    issued = asof.isoformat() if asof else latest
    title = f"Transport corridors between Pakistan and Kazakhstan: {shown} of {total} routes"
    title += f", as of {asof.isoformat()}" if asof else ""
    return Citable(f"corridors-{issued[:4] or 'nd'}", title, url, issued, accessed)


def formatted(citable: Citable, fmt: str) -> str:
    """``citable`` in ``fmt``, one of ``FORMATS``."""
    return {"APA": apa, "BibTeX": bibtex, "CSL-JSON": csl_json}[fmt](citable)


def apa(c: Citable) -> str:
    """APA 7, as plain text: "Author. (2024, July 3). Title [Interactive map]. Note Retrieved …, from URL"."""
    note = f" {c.note}" if c.note else ""
    return (f"{NAME}. ({_apa_date(c.issued)}). {c.title} [{GENRE}].{note} "
            f"Retrieved {_long(c.accessed)}, from {c.url}")  # fmt: skip


def bibtex(c: Citable) -> str:
    """A BibTeX ``@misc`` entry (biblatex reads ``date``, ``url`` and ``urldate`` too); the TeX specials of
    every field escaped (of the link, those that would end it early), the title's capitals kept."""
    fields = [
        ("author", f"{{{_tex(NAME)}}}"),  # braced: a group, not a family name
        ("title", f"{{{_tex(c.title)}}}"),
        ("howpublished", _tex(GENRE)),
        *([("year", c.issued[:4]), ("date", c.issued)] if c.issued else []),
        ("url", re.sub(r"([%#{}\\])", r"\\\1", c.url)),  # read verbatim by url.sty: only these would break it
        ("urldate", c.accessed.isoformat()),
        *([("note", _tex(c.note))] if c.note else []),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{_key(c.key)},\n{body}\n}}"


def csl_json(c: Citable) -> str:
    """CSL-JSON (what Zotero, Pandoc and citeproc read): a list of one item of type ``map``."""
    item = {
        "id": _key(c.key),
        "type": "map",
        "genre": GENRE,
        "title": c.title,
        "author": [{"literal": NAME}],
        "container-title": NAME,
        "URL": c.url,
        "issued": {"date-parts": [_parts(c.issued)]} if c.issued else {"literal": "n.d."},
        "accessed": {"date-parts": [[c.accessed.year, c.accessed.month, c.accessed.day]]},
        **({"note": c.note} if c.note else {}),
    }
    return json.dumps([item], ensure_ascii=False, indent=2)


def _tex(text: str) -> str:
    return "".join(_TEX.get(ch, ch) for ch in text)


def _key(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9-]+", "-", key).strip("-") or "corridors"


def _parts(date: str) -> list[int]:
    return [int(part) for part in date.split("-")]


def _apa_date(date: str) -> str:
    """'2024-07-03' -> '2024, July 3'; '2024-07' -> '2024, July'; '' -> 'n.d.'."""
    if not date:
        return "n.d."
    parts = _parts(date)
    month = f", {calendar.month_name[parts[1]]}" if len(parts) > 1 else ""
    return f"{parts[0]}{month}{f' {parts[2]}' if len(parts) > 2 else ''}"


def _long(day: dt.date) -> str:
    return f"{calendar.month_name[day.month]} {day.day}, {day.year}"
