"""Event dates: the date expression of a sentence ("in December 2014", "on July 17", "since 2009",
"last year", "two months ago", "today"), resolved against the document's date.

A compact rule table rather than a date library: dateparser's ``search_dates`` took 0.9 ms per
sentence (about 3 minutes for 10,000 documents, against a 30 s budget) and read "from 35 days" as a
date; see docs/BENCHMARKS.md."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_MONTH_NAMES = (
    "jan january|feb february|mar march|apr april|may|jun june|jul july|aug august|sep sept september"
    "|oct october|nov november|dec december"
)
MONTHS = {m: i + 1 for i, names in enumerate(_MONTH_NAMES.split("|")) for m in names.split()}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "a": 1, "several": None}
# Rules, most specific first, each with the word it cannot do without (checked first: most sentences
# have none); groups: year, month, day, rel, ago, unit, today.
RULES = [
    ("month", rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),  # July 17, 2025
    ("month", rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b"),  # 17 July 2025
    ("month", rf"\b{_MONTH},?\s+{_YEAR}\b"),  # December 2014
    (
        "month",
        rf"\b(?:on|from|since|by|until|of)\s+{_MONTH}\s+{_DAY}\b(?!\s*(?:km|kilomet|miles|percent))",
    ),  # on July 17
    ("month", rf"\b(?:on|from|since|by|until|of)\s+{_DAY}\s+{_MONTH}\b"),  # on 17 July
    (
        "month",
        rf"(?-i:^|\.\s+)[A-Z]+\s*(?:\([^)]*\))?\s*[,–-]\s*{_MONTH}\s+{_DAY}\b",
    ),  # ETREK (Turkmenistan), December 3.
    (
        "year",
        rf"\b(?:in|since|by|from|until|during|of|early|late|mid-?|end\s+of|year)\s+(?:the\s+)?(?:year\s+)?{_YEAR}\b",
    ),
    ("month", rf"\bin\s+(?:early\s+|late\s+|mid-?)?{_MONTH}(?!\s*\d)\b"),  # in May
    ("rel", r"\b(?P<rel>last|this|next|past)\s+year\b"),
    ("ago", r"\b(?P<ago>one|two|three|four|five|six|a|several|\d+)\s+(?P<unit>months?|years?|weeks?|days?)\s+ago\b"),
    ("today", r"\b(?P<today>today|yesterday)\b"),
]
_RULES = [(gate, re.compile(rule, re.I)) for gate, rule in RULES]
_GATES = {
    "month": re.compile(r"\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b", re.I),
    "year": re.compile(r"\b(?:19|20)\d\d\b"),
    "rel": re.compile(r"\byear\b", re.I),
    "ago": re.compile(r"\bago\b", re.I),
    "today": re.compile(r"\b(?:today|yesterday)\b", re.I),
}


@dataclass(frozen=True)
class DateExpr:
    """A date expression at ``start:end`` of a text, resolved to ISO ``YYYY[-MM[-DD]]``."""

    start: int
    end: int
    iso: str


def find_dates(text: str, reported: str) -> list[DateExpr]:
    """Every date expression in ``text`` (the longest at each place), resolved against ``reported``
    (the document's ISO date, possibly partial or empty: relative expressions then resolve to nothing)."""
    gates = {gate for gate, word in _GATES.items() if word.search(text)}
    return matched(text, [rule for gate, rule in _RULES if gate in gates], lambda g: _resolve(g, reported))


def matched(text: str, rules: list[re.Pattern], resolve: Callable[[dict], str]) -> list[DateExpr]:
    """The expressions ``rules`` (most specific first) find in ``text``, the first at each place,
    each dated by ``resolve`` (its groups -> ISO, '' for none), in the order of the text."""
    found: list[DateExpr] = []
    for rule in rules:
        for match in rule.finditer(text):
            if any(d.start < match.end() and match.start() < d.end for d in found):
                continue
            iso = resolve(match.groupdict())
            if iso:
                found.append(DateExpr(match.start(), match.end(), iso))
    return sorted(found, key=lambda d: d.start)


def nearest(dates: list[DateExpr], start: int, end: int) -> str:
    """The date of the expression nearest to ``start:end`` (a status cue), or ''."""
    if not dates:
        return ""
    return min(dates, key=lambda d: max(d.start - end, start - d.end, 0)).iso


def _resolve(groups: dict, reported: str) -> str:
    year = int(reported[:4]) if reported[:4].isdigit() else None
    if groups.get("today"):
        if groups["today"].lower() == "yesterday" or len(reported) < 10:
            return reported[:7] if len(reported) >= 7 else ""
        return reported
    if groups.get("rel"):
        shift = {"last": -1, "past": -1, "this": 0, "next": 1}[groups["rel"].lower()]
        return f"{year + shift:04d}" if year else ""
    if groups.get("ago"):
        count = _NUMBERS.get(groups["ago"].lower()) if not groups["ago"].isdigit() else int(groups["ago"])
        if not (count and year):
            return ""
        unit = groups["unit"].lower().rstrip("s")
        if unit == "year":
            return f"{year - count:04d}"
        if unit == "month" and len(reported) >= 7:
            months = year * 12 + int(reported[5:7]) - 1 - count
            return f"{months // 12:04d}-{months % 12 + 1:02d}"
        return reported[:7]
    if groups.get("year"):
        year = int(groups["year"])
    if year is None:
        return ""
    month = MONTHS[groups["month"].lower().rstrip(".")] if groups.get("month") else None
    if month is None:
        return f"{year:04d}"
    day = int(groups["day"]) if groups.get("day") else None
    if day is not None and not 1 <= day <= 31:
        return ""
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
