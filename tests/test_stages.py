"""Each stage of the extractor on a sentence written for it, in the way spaCy tests a component: a
blank pipeline (three tiny routes, a gazetteer of four countries and one city) and one sentence,
in milliseconds. The declarations are checked too: the order of the stages, and that each reads and
sets only what it declares."""

from __future__ import annotations

import copy
from dataclasses import fields
from typing import ClassVar

import pytest

from corridors.extract import Extractor
from corridors.extract.candidates import ChainCandidates, NamedCandidates
from corridors.extract.claims import Claims
from corridors.extract.links import AliasLinks, ChainLinks, Chains, Cooccurrence, FromPrior, OwnCrossing, RefersBack
from corridors.extract.names import Names, RouteWords
from corridors.extract.pipeline import FIELDS, Pipeline, unmet
from corridors.extract.sentence import Candidate, Prior, Sentence
from corridors.extract.words import Words
from corridors.geo.gazetteer import Entry, Gazetteer
from corridors.model import Place, Route, Source

ROUTES = [
    Route("ab-rail", "A–B railway", ("rail",), (Place("Almaty", "KZ"), Place("Gate", "KG", role="border_crossing"),
          Place("Bishkek", "KG")), (), (), aliases=("AB railway", "Steppe railway")),
    Route("cd-road", "C–D road", ("road",), (Place("Karachi", "PK"), Place("Kabul", "AF")), (), (),
          aliases=("CD road", "Karakoram Highway")),
    Route("ca-air", "C–A flights", ("air",), (Place("Karachi", "PK"), Place("Almaty", "KZ")), (), (),
          aliases=("CA flights",)),
]  # fmt: skip
WORLD = Gazetteer(
    [Entry("Lahore", "PK", 74.3, 31.5, 11_000_000)],
    {"Kazakhstan": "KZ", "Kyrgyzstan": "KG", "Pakistan": "PK", "Afghanistan": "AF"},
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(ROUTES, WORLD)


FIRST = Prior()  # what the first sentence of a paragraph is handed


def upto(extractor: Extractor, stage: type, text: str, prior: Prior = FIRST, reported: str = "") -> Sentence:
    """``text`` as a sentence, through the stages of the pipeline up to ``stage``, that one included."""
    sentence = Sentence(0, len(text), text, reported, prior)
    for each in extractor.pipeline.stages:
        each(sentence)
        if type(each) is stage:
            return sentence
    msg = f"{stage.__name__} is no stage of the pipeline"
    raise AssertionError(msg)


# -- the declared order ---------------------------------------------------------------------------


def test_every_stage_reads_only_what_a_stage_before_it_sets(extractor):
    assert unmet(extractor.pipeline.stages) == []


def test_a_stage_moved_before_what_it_reads_is_refused(extractor):
    stages = list(extractor.pipeline.stages)
    i = next(i for i, s in enumerate(stages) if isinstance(s, Chains))
    assert isinstance(stages[i + 1], ChainLinks)
    stages[i], stages[i + 1] = stages[i + 1], stages[i]
    with pytest.raises(ValueError, match="ChainLinks reads 'chains' before any stage sets it"):
        Pipeline(stages)


def test_a_declared_name_that_is_no_field_is_refused():
    class Misspelt:
        requires = ("txt",)
        assigns = ()

        def __call__(self, sentence: Sentence) -> None: ...

    assert unmet([Misspelt()]) == ["Misspelt declares 'txt', no field", "Misspelt reads 'txt' before any stage sets it"]


TEXTS = [  # sentences that take each stage down its branches
    ("The AB railway opened in May, but the CD road flights were closed.", FIRST),
    ("The AB railway opened in May, but the CD road was closed.", FIRST),
    ("Karakuram Higway reopened.", FIRST),
    ("Trucks use the Karakorum highway from Karachi.", FIRST),
    ("A railway from Almaty via Gate to Bishkek.", FIRST),
    ("Goods go from Almati via Gate to Bishkek.", FIRST),
    ("Goods wait in Karachi and Kabul.", FIRST),
    ("A Kazakh airline's flights to Karachi will resume.", FIRST),
    ("Trade with Kazakhstan and Kyrgyzstan grew.", FIRST),
    ("The Gate border was closed.", FIRST),
    ("Trucks wait at the Gate crossing.", FIRST),
    ("Goods move from Lahore to Kabul.", FIRST),
    ("Flights were suspended.", Prior(frozenset({"air"}), ("ca-air",), True, 0)),
    ("The project was shelved.", Prior(frozenset(), ("ab-rail",), True, 0)),
    ("The Lahore–Kabul railway and the Lapis Lazuli corridor are planned.", FIRST),
]


class _Watched(Sentence):
    """A sentence that notes the fields read of it."""

    seen: ClassVar[set[str]] = set()

    def __getattribute__(self, name: str):
        if name in FIELDS:
            _Watched.seen.add(name)
        return super().__getattribute__(name)


@pytest.fixture(scope="module")
def traced(extractor) -> dict[str, tuple[set[str], set[str]]]:
    """Stage name -> (the fields it read, the fields it changed), over every sentence of ``TEXTS``."""
    found = {type(stage).__name__: (set(), set()) for stage in extractor.pipeline.stages}
    for text, prior in TEXTS:
        sentence = Sentence(0, len(text), text, "2025-01-01", prior)
        for stage in extractor.pipeline.stages:
            before = copy.deepcopy(sentence)
            _Watched.seen = set()
            sentence.__class__ = _Watched
            try:
                stage(sentence)
            finally:
                sentence.__class__ = Sentence
            read, changed = found[type(stage).__name__]
            read |= _Watched.seen
            changed |= {f.name for f in fields(Sentence) if getattr(before, f.name) != getattr(sentence, f.name)}
    return found


def test_each_stage_reads_and_sets_only_what_it_declares(extractor, traced):
    for stage in extractor.pipeline.stages:
        read, changed = traced[type(stage).__name__]
        assert read <= {*stage.requires, *stage.assigns}, (type(stage).__name__, read)
        assert changed <= set(stage.assigns), (type(stage).__name__, changed)


def test_each_stage_reads_all_it_declares_it_requires(extractor, traced):
    for stage in extractor.pipeline.stages:
        assert set(stage.requires) <= traced[type(stage).__name__][0], type(stage).__name__


# -- words and names ------------------------------------------------------------------------------


def test_words_name_the_modes_and_a_port_named_as_a_place_is_not_the_sea(extractor):
    s = upto(extractor, Words, "Trucks carry cargo to the port of Karachi.")
    assert (s.modes, s.explicit_modes, s.freight, s.context) == ({"road"}, True, True, True)


def test_a_sentence_with_no_mode_word_takes_the_modes_of_the_one_before(extractor):
    s = upto(extractor, Words, "They left on Monday.", Prior(modes=frozenset({"rail"})))
    assert (s.modes, s.explicit_modes, s.context) == ({"rail"}, False, False)


def test_route_words_find_a_name_its_misspelling_and_an_own_crossing(extractor):
    assert upto(extractor, RouteWords, "The Steppe railway opened.").aliased
    assert upto(extractor, RouteWords, "Karakuram Higway reopened.").aliased  # no transport word: spelt as a name
    assert upto(extractor, RouteWords, "They met at Gate.").crossing
    assert not upto(extractor, RouteWords, "The railway opened.").aliased


def test_names_are_places_countries_other_places_or_unknown(extractor):
    s = upto(extractor, Names, "Trains from Almaty to Kyrgyzstan, Lahore and Zorbak.")
    assert [(r.text, r.kind, r.key, r.country) for r in s.refs] == [
        ("Trains", "unknown", "", ""),
        ("Almaty", "place", "almaty", "KZ"),
        ("Kyrgyzstan", "country", "KG", "KG"),
        ("Lahore", "other", "lahore", "PK"),
        ("Zorbak", "unknown", "", ""),
    ]
    assert [r.fuzzy for r in s.refs if r.kind == "unknown"] == [False, True]  # the first word opens the sentence


def test_a_sentence_with_nothing_that_can_name_a_route_is_not_searched_for_names(extractor):
    assert upto(extractor, Names, "Officials from Almaty met in Kabul.").refs == []


# -- links ----------------------------------------------------------------------------------------


def test_a_route_is_linked_by_its_name_unless_a_mode_word_after_it_is_not_its_own(extractor):
    s = upto(extractor, AliasLinks, "The AB railway opened and the CD road flights were closed.")
    assert s.links == {"ab-rail": "alias"}
    assert s.text[slice(*s.spans["ab-rail"])] == "AB railway"


def test_a_misspelt_name_and_a_variant_of_its_head_link_fuzzily(extractor):
    assert upto(extractor, AliasLinks, "Karakuram Higway reopened.").links == {"cd-road": "fuzzy"}
    s = upto(extractor, AliasLinks, "Trucks use the Karakorum highway.")
    assert (s.links, s.text[slice(*s.spans["cd-road"])]) == ({"cd-road": "fuzzy"}, "Karakorum highway")


def test_chains_join_names_by_dashes_to_via_and_between(extractor):
    s = upto(extractor, Chains, "A railway from Almaty via Gate to Bishkek; trucks between Karachi and Kabul.")
    assert [[r.text for r in chain] for chain in s.chains] == [["Almaty", "Gate", "Bishkek"], ["Karachi", "Kabul"]]


def test_a_chain_links_the_route_it_runs_along_and_a_variant_links_fuzzily(extractor):
    assert upto(extractor, ChainLinks, "A railway from Almaty via Gate to Bishkek.").links == {"ab-rail": "chain"}
    assert upto(extractor, ChainLinks, "A railway from Almati to Bishkek.").links == {"ab-rail": "fuzzy"}


def test_places_named_together_with_a_mode_word_link_the_one_route_they_fit(extractor):
    s = upto(extractor, Cooccurrence, "Trucks carried goods in Karachi and Kabul.")
    assert s.links == {"cd-road": "places"}


def test_a_place_and_the_far_country_it_leads_to_link_the_route_of_that_mode(extractor):
    s = upto(extractor, Cooccurrence, "A Kazakh airline's flights to Karachi will resume.")
    assert s.links == {"ca-air": "places"}


def test_a_crossing_one_route_owns_links_it_when_named_as_a_crossing(extractor):
    assert upto(extractor, OwnCrossing, "The Gate border was closed on Monday.").links == {"ab-rail": "crossing"}
    assert upto(extractor, OwnCrossing, "The Gate meeting was closed on Monday.").links == {}


def test_a_mode_word_and_a_cue_speak_of_the_routes_the_sentence_before_named(extractor):
    before = Prior(frozenset({"air"}), ("ca-air", "cd-road"), True, 0)
    assert upto(extractor, FromPrior, "Flights were suspended.", before).links == {"ca-air": "context"}
    assert upto(extractor, FromPrior, "Flights were suspended.", Prior(routes=("ca-air",))).links == {}  # not direct


def test_a_sentence_that_refers_back_extends_the_passage_before(extractor):
    before = Prior(routes=("ab-rail",), start=0)
    s = upto(extractor, RefersBack, "The project was shelved.", before)
    assert s.refers_back
    assert s.hand_on() == Prior(frozenset(), ("ab-rail",), False, 0)
    assert not upto(extractor, RefersBack, "The project was shelved.").refers_back  # no passage before


# -- claims and candidates ------------------------------------------------------------------------


def test_two_routes_in_a_sentence_each_take_the_claim_of_their_own_clause(extractor):
    s = upto(extractor, Claims, "The AB railway opened in May, but the CD road was closed.", reported="2025-07-01")
    assert {rid: (c.status, c.event_date) for rid, c in s.claims.items()} == {
        "ab-rail": ("operational", "2025-05"),
        "cd-road": ("suspended", ""),
    }


def test_a_chain_across_a_border_that_no_route_draws_is_a_candidate(extractor):
    s = upto(extractor, ChainCandidates, "The Lahore–Kabul railway is planned.")
    assert s.links == {} and s.candidates == [Candidate("Lahore–Kabul railway", ("Lahore", "Kabul"), 4, 24)]


def test_a_corridor_with_a_name_of_its_own_is_a_candidate(extractor):
    s = upto(extractor, NamedCandidates, "The Lapis Lazuli corridor and the Steppe railway carry cargo.")
    assert s.candidates == [Candidate("Lapis Lazuli corridor", (), 4, 25)]


def test_read_turns_the_stages_findings_into_mentions_and_candidates(extractor):
    text = "The AB railway opened in May. The project cost $1 bn. The Lapis Lazuli corridor was proposed."
    mentions, candidates = extractor.read(Source("d", "d", text, date="2025-07-01"))
    assert [(m.route, m.quote, m.evidence, m.status) for m in mentions] == [
        ("ab-rail", "The AB railway opened in May. The project cost $1 bn.", "alias", "operational")
    ]
    assert [(c["phrase"], c["start"], c["text"]) for c in candidates] == [
        ("Lapis Lazuli corridor", 58, "Lapis Lazuli corridor")
    ]
