"""The pipeline: every component registered, ordered so that what each requires is set."""
from __future__ import annotations

import pytest
import spacy

from claimledger.nlp.pipeline import COMPONENTS

EXPECTED_ORDER = ["claimledger_paragraphs", "parser"]


def test_components_are_in_the_pipeline(nlp):
    names = nlp.pipe_names
    assert names.index("claimledger_paragraphs") < names.index("parser")
    assert [n for n in names if n in COMPONENTS] == list(COMPONENTS)


def test_analyze_pipes_finds_no_problem(nlp):
    analysis = nlp.analyze_pipes()
    assert all(not problems for problems in analysis["problems"].values()), analysis["problems"]


@pytest.mark.parametrize("name", ["claimledger_paragraphs", *COMPONENTS])
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
