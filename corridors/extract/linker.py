"""Find where documents speak of routes: the extractor is its stages in order (``Extractor.pipeline``,
each in a module of its own, declaring what it reads and sets of the ``Sentence``), and the loop
over a document's paragraphs and sentences that turns what they found into mentions of curated
routes, each with the status it claims, and candidate phrases for new routes."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from corridors.extract import russian, russian_stages
from corridors.extract.candidates import ChainCandidates, NamedCandidates
from corridors.extract.claims import Claims, claim
from corridors.extract.cues import Claim, strongest_claim
from corridors.extract.fit import Fit
from corridors.extract.lexicon import LETTERS, Lexicon
from corridors.extract.links import AliasLinks, ChainLinks, Chains, Cooccurrence, FromPrior, OwnCrossing, RefersBack
from corridors.extract.names import Lookup, Names, RouteWords
from corridors.extract.pipeline import Pipeline
from corridors.extract.segment import blocks, sentences
from corridors.extract.sentence import Candidate, Evidence, Prior, Sentence
from corridors.extract.words import Words
from corridors.geo.gazetteer import Gazetteer
from corridors.model import Mention, Route, Source


class Extractor:
    """Built once from the curated routes and the gazetteer; then reads documents. The stages share
    the lexicon, and what was looked up in it (``Lookup``) and how names fit routes (``Fit``)."""

    def __init__(self, routes: list[Route], gazetteer: Gazetteer | None = None):
        self.lex = Lexicon(routes, gazetteer)
        self.lookup = Lookup(self.lex)
        fit = Fit(self.lex)
        self.pipeline = Pipeline([
            Words(),
            RouteWords(self.lookup),
            Names(self.lookup),
            AliasLinks(self.lookup),
            Chains(self.lookup),
            ChainLinks(fit),
            Cooccurrence(self.lookup, fit),
            OwnCrossing(fit),
            FromPrior(fit),
            RefersBack(),
            Claims(),
            ChainCandidates(fit),
            NamedCandidates(self.lookup),
        ])  # fmt: skip

    @cached_property
    def russian(self) -> Pipeline:
        """The stages for a Russian document (built on the first one): its words and names read by
        lemma (``russian_stages``), its cues by ``russian``; the linking stages are the English ones."""
        fit = Fit(self.lex)
        return Pipeline([
            russian_stages.Words(),
            russian_stages.Names(russian_stages.RussianNames(self.lex)),
            Chains(self.lookup),
            ChainLinks(fit),
            Cooccurrence(self.lookup, fit),
            OwnCrossing(fit),
            FromPrior(fit, russian.strongest_claim),
            RefersBack(),
            Claims(russian.strongest_claim),
            ChainCandidates(fit),
        ])  # fmt: skip

    def read(self, source: Source) -> tuple[list[Mention], list[dict]]:
        """Mentions of curated routes in ``source``, and candidate phrases for new routes; a Russian
        document (``source.lang``) is read by the Russian stages, in razdel's sentences."""
        body, ru = source.body, source.lang == russian_stages.LANG
        pipeline, split, strongest = (
            (self.russian, russian.sentences, russian.strongest_claim)
            if ru
            else (self.pipeline, sentences, strongest_claim)
        )
        mentions: list[Mention] = []
        candidates: list[dict] = []
        for block in blocks(body):
            if not ru and self.lex.triggers.isdisjoint(LETTERS.findall(body[block[0] : block[1]].lower())):
                continue  # a paragraph with no transport word nor a word of a route's name mentions no route
            prior = Prior()
            for s, e in split(body, *block):
                sentence = pipeline(Sentence(s, e, body[s:e], source.date, prior))
                if sentence.refers_back:  # the passage before runs on to here
                    n = len(prior.routes)
                    mentions[-n:] = [
                        _mention(
                            source,
                            m.route,
                            m.start,
                            e,
                            m.evidence,
                            claim(body[m.start : e], source.date, None, strongest),
                        )
                        for m in mentions[-n:]
                    ]
                else:
                    mentions += [
                        _mention(source, r, s, e, ev, sentence.claims[r]) for r, ev in sorted(sentence.links.items())
                    ]
                    candidates += [_candidate(source, sentence, c) for c in sentence.candidates]
                prior = sentence.hand_on()
        return mentions, candidates

    def fuzzy_place(self, word: str) -> str | None:
        """The route place or country name ``word`` is a variant of, if similar enough."""
        return self.lookup.fuzzy_place(word)


def _mention(source: Source, rid: str, start: int, end: int, evidence: Evidence, c: Claim | None) -> Mention:
    """A mention of ``rid`` in ``source.body[start:end]``, with the claim it makes."""
    quote = source.body[start:end]
    if not c:
        return Mention(rid, source.id, start, end, quote, evidence=evidence)
    return Mention(
        rid, source.id, start, end, quote, c.status, c.cue, evidence, c.event_date, c.strength, c.target_date
    )


def _candidate(source: Source, sentence: Sentence, candidate: Candidate) -> dict:
    """A candidate phrase as the curator reads it, at its offsets in the document."""
    start, end = sentence.start + candidate.start, sentence.start + candidate.end
    return {
        "phrase": candidate.phrase,
        "places": list(candidate.places),
        "doc": source.id,
        "start": start,
        "end": end,
        "text": source.body[start:end],
        "quote": sentence.text,
    }


def extract(sources: list[Source], routes: list[Route]) -> tuple[list[Mention], list[dict]]:
    """Every mention and candidate in ``sources``, in a stable order."""
    extractor = Extractor(routes)
    return collect(extractor.read(source) for source in sources)


def collect(readings: Iterable[tuple[list[Mention], list[dict]]]) -> tuple[list[Mention], list[dict]]:
    """The mentions and candidates of documents read one by one (in id order), in a stable order."""
    mentions, candidates = [], []
    for found, maybe in readings:
        mentions.extend(found)
        candidates.extend(maybe)
    mentions.sort(key=lambda m: (m.doc, m.start, m.route))
    candidates.sort(key=lambda c: (c["doc"], c["start"]))
    return mentions, candidates
