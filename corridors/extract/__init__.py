"""Find where documents speak of routes, the way rule-based pipelines are built: a lexicon compiled
once from the routes and the gazetteer (``linker.Extractor``), and small stages over each sentence:
names and links (``linker``), status cues and their claims (``cues``), event dates (``dates``), and
candidate routes no curated route covers (``linker``)."""

from .cues import STATUS_CUES, Claim, Kind, Status, Strength, claims, status_cue
from .dates import find_dates, nearest
from .linker import Evidence, Extractor, extract

__all__ = [
    "STATUS_CUES", "Claim", "Evidence", "Extractor", "Kind", "Status", "Strength", "claims", "extract",
    "find_dates", "nearest", "status_cue",
]  # fmt: skip
