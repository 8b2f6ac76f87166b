"""Find where documents speak of routes, the way rule-based pipelines are built: a lexicon compiled
once from the routes and the gazetteer (``lexicon.Lexicon``), and small stages over each sentence
(``sentence.Sentence``), each declaring what it reads and sets: its words (``words``), its names
(``names``), the routes it links and how (``links``), the status each route is said to be in
(``claims``, from the cues of ``cues`` and the dates of ``dates``), and route-like phrases no curated
route covers (``candidates``). ``linker.Extractor`` runs them in order over each document."""

from corridors.extract.cues import STATUS_CUES, Claim, Kind, Status, Strength, status_cue, strongest_claim
from corridors.extract.dates import find_dates, nearest
from corridors.extract.linker import Extractor, collect, extract
from corridors.extract.sentence import Evidence

__all__ = [
    "STATUS_CUES", "Claim", "Evidence", "Extractor", "Kind", "Status", "Strength", "collect", "extract",
    "find_dates", "nearest", "status_cue", "strongest_claim",
]  # fmt: skip
