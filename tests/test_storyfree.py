"""Learned models weigh how news is written, never the names, numbers and dates of the
stories they were trained on (claimledger.nlp.storyfree)."""
from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from claimledger.nlp.storyfree import word_kind

# (sentence, token, whether a kind stands for it)
KINDS = [
    ("The mayor of Millbrook spoke.", "Millbrook", True),
    ("She said 2,000 people left.", "2,000", True),
    ("The report came out in 2019.", "2019", True),
    ("She said it rained.", "said", False),
    ("Officials believe the dam held.", "believe", False),
]


@pytest.mark.parametrize("text,word,named", KINDS)
def test_word_kind(nlp, text, word, named):
    token = next(t for t in nlp(text) if t.text == word)
    kind = word_kind(token)
    assert (kind is not None and kind.startswith("<") and kind.endswith(">")) == named


#: A year standing as a word of a feature ("since|pobjl=1976").
YEAR = re.compile(r"(?<![\w.])(1[89]\d\d|20\d\d)(?![\w.])")


@pytest.mark.parametrize("model", ["content_model.json"])
def test_shipped_models_weigh_no_year(model):
    data = json.loads((resources.files("claimledger") / "data" / model).read_text(encoding="utf8"))
    weights = data.get("weights") or {}
    if not weights:  # the content model keeps its weights per edge
        weights = {k: v for part in data.values() if isinstance(part, dict) for k, v in (part.get("weights") or {}).items()}
    assert weights
    years = sorted(name for name in weights if YEAR.search(name))
    assert not years, years[:10]
