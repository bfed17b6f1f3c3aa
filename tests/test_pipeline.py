"""The pipeline: every component registered, ordered so that what each requires is set;
built from its config, with its own learned models; cached by everything it is built from."""
from __future__ import annotations

import pytest
import spacy

from claimledger.errors import ClaimledgerError
from claimledger.nlp.pipeline import (
    COMPONENTS,
    PIPELINES,
    build_pipeline,
    get_parser,
    get_pipeline,
    pipeline_config,
)
from claimledger.settings import Settings

EXPECTED_ORDER = ["claimledger_paragraphs", "parser"]


def test_components_are_in_the_pipeline(nlp):
    names = nlp.pipe_names
    assert names.index("claimledger_paragraphs") < names.index("parser")
    assert [n for n in names if n in COMPONENTS] == list(COMPONENTS)


def test_analyze_pipes_finds_no_problem(nlp):
    analysis = nlp.analyze_pipes()
    assert all(not problems for problems in analysis["problems"].values()), analysis["problems"]


@pytest.mark.parametrize("left_out,component,missing", [
    ("claimledger_quotes", "claimledger_attribution", "doc._.quotes"),
    ("claimledger_quantities", "claimledger_measures", "doc._.quantities"),
])
def test_analyze_pipes_names_what_a_component_misses(left_out, component, missing):
    names = [n for n in COMPONENTS if n != left_out]
    nlp = build_pipeline(overrides={"nlp.pipeline": names})
    assert missing in nlp.analyze_pipes()["problems"][component]


def test_config_base_is_the_default_model():
    assert pipeline_config()["nlp"]["base"] == Settings().model


@pytest.mark.parametrize("settings,overrides,key,value", [
    (Settings(), None, "claimledger_outlet_claims.enabled", True),
    (Settings(outlet_claims=False), None, "claimledger_outlet_claims.enabled", False),
    (Settings(), {"components.claimledger_attribution.refine_ends": False}, "claimledger_attribution.refine_ends", False),
    (Settings(), {"components.claimledger_quotes.min_quote_words": 6}, "claimledger_quotes.min_quote_words", 6),
])
def test_settings_and_overrides_reach_the_components(settings, overrides, key, value):
    name, field = key.split(".")
    nlp = get_pipeline(settings, overrides)
    assert nlp.config["components"][name][field] == value
    assert getattr(nlp.get_pipe(name), field) == value


def test_pipelines_are_cached_by_their_whole_config():
    plain, again = get_pipeline(), get_pipeline(Settings())
    quiet = get_pipeline(Settings(outlet_claims=False))
    rules = get_pipeline(overrides={"components.claimledger_attribution.refine_ends": False})
    assert plain is again
    assert len({id(plain), id(quiet), id(rules)}) == 3
    assert plain.get_pipe("claimledger_attribution").refine_ends is True
    assert get_parser() is get_parser(Settings()) and "claimledger_quotes" not in get_parser().pipe_names
    size = len(PIPELINES)
    assert size <= PIPELINES.size


def test_each_pipeline_loads_its_own_models():
    a, b = build_pipeline(), build_pipeline()
    attribution_a, attribution_b = a.get_pipe("claimledger_attribution"), b.get_pipe("claimledger_attribution")
    assert attribution_a.cue_model is not attribution_b.cue_model
    assert attribution_a.cue_model.weights == attribution_b.cue_model.weights
    assert attribution_a.content_model.weights and a.get_pipe("claimledger_quotes").cue_model.weights
    bare = build_pipeline(overrides={"components.claimledger_attribution.cue_model": "",
                                     "components.claimledger_attribution.content_model": ""})
    assert bare.get_pipe("claimledger_attribution").cue_model is None
    assert bare.get_pipe("claimledger_attribution").content_model is None


def test_a_missing_model_file_is_error_e050(tmp_path):
    with pytest.raises(ClaimledgerError, match="E050"):
        build_pipeline(overrides={"components.claimledger_attribution.cue_model": str(tmp_path / "none.json")})


@pytest.mark.parametrize("name", COMPONENTS)
def test_component_is_registered_for_configs(name):
    assert name in spacy.registry.factories.get_all() or spacy.Language.has_factory(name)


@pytest.mark.parametrize(
    "text,sentences",
    [
        ("Port authority: boats missing\nRescue teams searched the bay.", 2),
        ("One line of text without a break. And a second sentence.", 2),
        ("Headline with no full stop\n\nFirst paragraph here.", 2),
    ],
)
def test_line_breaks_end_sentences(nlp, text, sentences):
    assert len([s for s in nlp(text).sents if s.text.strip()]) == sentences
