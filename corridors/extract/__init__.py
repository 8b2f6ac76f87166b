"""Find where documents speak of routes, the way rule-based pipelines are built: a lexicon compiled
once from the routes and the gazetteer (``lexicon.Lexicon``), and small stages over each sentence:
names, links and candidate routes no curated route covers (``linker.Extractor``), status cues and
the claims they make (``cues``), event dates (``dates``)."""

from corridors.extract.cues import STATUS_CUES, Claim, Kind, Status, Strength, status_cue, strongest_claim
from corridors.extract.dates import find_dates, nearest
from corridors.extract.linker import Evidence, Extractor, collect, extract

__all__ = [
    "STATUS_CUES", "Claim", "Evidence", "Extractor", "Kind", "Status", "Strength", "collect", "extract",
    "find_dates", "nearest", "status_cue", "strongest_claim",
]  # fmt: skip
