"""An analyst's decisions on extracted claims, as data (``settings.REVIEWS_PATH``): read by the safe
YAML loader, checked by ``schemas.REVIEWS``, applied in file order (the last decision on a claim
wins), written back atomically. A decision whose quote no longer stands at its offsets in its
document is stale: named in one warning line, never applied."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from corridors import settings
from corridors.inputs.schemas import REVIEWS, ReviewSpec, check
from corridors.io.files import read_text, write_atomic
from corridors.io.safeyaml import parse
from corridors.model import StatusEntry


@dataclass(frozen=True)
class Review:
    """One decision on the claim of document ``doc`` about ``route`` (``schemas.ReviewSpec``)."""

    doc: str
    route: str
    quote: str
    start: int
    end: int
    decision: str  # accept | reject | correct
    status: str
    corrected_route: str | None = None
    event_date: str = ""
    note: str = ""
    reviewed: str = ""
    line: int | None = None

    @property
    def claim(self) -> tuple[str, str]:
        """The claim it decides: (document, route)."""
        return self.doc, self.route

    @property
    def target(self) -> str | None:
        """The route the claim speaks for once decided (None: no route)."""
        if self.decision == "reject":
            return None
        return self.corrected_route if self.decision == "correct" else self.route

    def entry(self, reported: str) -> StatusEntry:
        """The status entry a person's word makes of it, in a document published on ``reported``."""
        return StatusEntry(self.event_date or reported, self.status, self.quote, self.doc, source="reviewed")


def load_reviews(path: Path | None = None) -> list[Review]:
    """The decisions in ``path`` (``settings.REVIEWS_PATH``); none when the file does not exist."""
    path = Path(settings.REVIEWS_PATH if path is None else path)
    if not path.exists():
        return []
    data = parse(read_text(path, settings.MAX_YAML_BYTES), path)
    specs = check(REVIEWS, [] if data is None else data, path)
    lines = getattr(data, "lines", [None] * len(specs))
    return [Review(**spec.model_dump(), line=line) for spec, line in zip(specs, lines, strict=True)]


def save_reviews(reviews: Iterable[Review], path: Path | None = None) -> None:
    """Write ``reviews`` to ``path`` (``settings.REVIEWS_PATH``) atomically, in the given order."""
    path = Path(settings.REVIEWS_PATH if path is None else path)
    fields = ReviewSpec.model_fields
    items = [{k: v for k, v in asdict(r).items() if k in fields and v != fields[k].default} for r in reviews]
    header = "# Decisions on extracted claims (corridors review); see corridors/inputs/reviews.py.\n"
    write_atomic(path, header + yaml.safe_dump(items, allow_unicode=True, sort_keys=False, width=120))


def current(
    reviews: list[Review], bodies: dict[str, str], path: Path
) -> tuple[dict[tuple[str, str], Review], list[str]]:
    """``(claim -> its last decision, warnings)``: a decision whose quote is no longer at its offsets
    in its document is one warning line naming it, and is not applied."""
    decided, warnings = {}, []
    for r in reviews:
        if bodies.get(r.doc, "")[r.start : r.end] != r.quote:
            stale = f"{path}:{r.line}: stale review of {r.doc} / {r.route}: its quote is no longer in the document"
            warnings.append(stale)
        else:
            decided[r.claim] = r
    return decided, warnings
