"""The content-end model: its candidates, its choice, and the shipped weights.

The sentences are ours, written for these tests.
"""
from __future__ import annotations

import pytest

from claimledger.nlp.contentmodel import (
    ContentEndModel,
    candidate_features,
    end_candidates,
    load_content_model,
    start_candidates,
)


def _content(doc, text):
    start = doc.text.index(text)
    return doc.char_span(start, start + len(text), alignment_mode="expand")


# edge, sentence, content as the rules cut it, candidate contents that must be offered
CANDIDATES = [
    # a trailing relative clause set off by a comma may be dropped
    ("end", "The mayor wants to close the old bridge, which carries most of the traffic.",
     "to close the old bridge, which carries most of the traffic",
     ["to close the old bridge", "to close the old bridge, which carries most of the traffic"]),
    # a following coordinated clause may be added
    ("end", "The council announced the harbour will reopen on Monday, and the ferries will run again.",
     "the harbour will reopen on Monday",
     ["the harbour will reopen on Monday", "the harbour will reopen on Monday, and the ferries will run again."]),
    # a trailing circumstance may be dropped
    ("end", "The ministry called for a ceasefire in a statement issued overnight.",
     "a ceasefire in a statement issued overnight",
     ["a ceasefire", "a ceasefire in a statement issued overnight"]),
    # the listener before an infinitive may be dropped
    ("start", "The mayor urged the council to close the old bridge.",
     "the council to close the old bridge", ["to close the old bridge", "the council to close the old bridge"]),
    # a "that" may be dropped
    ("start", "The ministry said that the convoy was turned back.",
     "that the convoy was turned back", ["the convoy was turned back"]),
]


@pytest.mark.parametrize("edge,text,content,offered", CANDIDATES)
def test_edge_candidates(nlp, edge, text, content, offered):
    doc = nlp(text)
    span = _content(doc, content)
    if edge == "end":
        found = end_candidates(doc, span.start, span.end)
        own, got = span.end, {doc[span.start : k].text for k in found}
    else:
        found = start_candidates(doc, span.start, span.end)
        own, got = span.start, {doc[k : span.end].text for k in found}
    assert found[own][0] == "keep"
    assert set(offered) <= got, got


def test_best_end_follows_the_weights(nlp):
    doc = nlp(CANDIDATES[0][1])
    content = _content(doc, CANDIDATES[0][2])
    cue = _content(doc, "wants")
    drops_relatives = ContentEndModel({"drop|dep=relcl|comma=True": 2.0}, 0.0)
    keeps = ContentEndModel({"a=keep": 1.0}, 0.0)
    assert doc[content.start : drops_relatives.best_end(doc, "indirect", cue, content)].text == "to close the old bridge"
    assert keeps.best_end(doc, "indirect", cue, content) == content.end
    # on a tie the rules' own end stays
    assert ContentEndModel({}, 0.0).best_end(doc, "indirect", cue, content) == content.end


def test_the_rules_end_knows_its_alternatives(nlp):
    doc = nlp(CANDIDATES[0][1])
    content = _content(doc, CANDIDATES[0][2])
    feats = dict(candidate_features(doc, "indirect", _content(doc, "wants"), content))
    assert "alt_drop|dep=relcl" in feats[content.end]
    assert not any(f.startswith("alt_") for k, fs in feats.items() if k != content.end for f in fs)


def test_shipped_model_is_trained():
    model = load_content_model()
    assert model is not None and model.weights
    meta = model.meta
    assert meta["dev_ends_right"] > meta["dev_ends_right_by_rules"]
    assert meta["dev_starts_right"] >= meta["dev_starts_right_by_rules"]
