"""Where a claim's content starts and ends: a learned choice among the rules' edges and
their neighbours.

The rules cut a content along the parse: a clause, an object, the rest of a sentence.
News attribution often leaves the reader to decide what trails a claim: "…, which
subsidizes single parents" (the writer's gloss, or the speaker's words?), "…, and it
will all be done in real time" (a second thing said, or the writer going on?), "… in a
compromise rebuffed by Republicans"; and what opens it: "urged *the candidates* to
discuss …", "imposed *sweeping new sanctions* that bar …". Annotated news (PolNeAR)
shows what readers decide, and it depends on the kind of constituent, its first word, a
comma before it and the cue.

:func:`end_candidates` lists the ends a content may take: the rules' own end, the ends
before each trailing constituent (dropping it), and the ends after each constituent that
follows in the sentence (adding it), never across the claim's own cue or speaker.
:func:`start_candidates` does the same for the start. A claim that shares its cue with
another ("says that A and that B": one claim per clause) keeps its edges. :func:`features`
and :func:`start_features` name what each candidate drops or adds. The
:class:`ContentEndModel` (a logistic regression trained on the PolNeAR train split by
``training/train_content_model.py``, shipped as ``claimledger/data/content_model.json``
and loaded by the attribution component from its config)
scores every candidate by the sum of its feature weights; the best end wins, then the
best start. The rules' own edges are candidates like the others, so a content changes
only where the training data say readers put its edges elsewhere.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..words import QUOTE_MARKS
from .cuemodel import model_json
from .storyfree import word_kind

MODEL_FILE = "content_model.json"
#: How many constituents a content may drop or add at its end.
MAX_STEPS = 6
#: How many words into a content its start may move.
MAX_LEAD = 12
#: Marks that set a constituent off: "…, which …", "… -- far lower than …".
SETTING_OFF = frozenset({",", "--", "\u2014", "\u2013", "-", ";", "("})


def _word(token: Token) -> str:
    """A word as the model weighs it: lower-cased, or its kind for a name, a number or a
    date (:func:`claimledger.nlp.storyfree.word_kind`), so no story's names are weights."""
    return word_kind(token) or token.lower_


def end_candidates(doc: Doc, start: int, end: int, limit: int | None = None) -> dict[int, tuple[str, Token | None]]:
    """Token ends (exclusive) a content ``doc[start:end]`` may take, each with its action
    ("keep", "drop", "add") and the constituent dropped or added; no end passes
    ``limit`` (the claim's own cue or speaker after it)."""
    candidates: dict[int, tuple[str, Token | None]] = {end: ("keep", None)}
    node = doc[start:end].root
    for _ in range(MAX_STEPS):  # drop: the rightmost constituents, outermost first
        rights = [c for c in node.rights if c.i < end and c.right_edge.i >= end - 1 and c.left_edge.i > start]
        if not rights:
            break
        node = rights[-1]
        cut = node.left_edge.i
        while cut > start and (doc[cut - 1].is_punct or doc[cut - 1].dep_ == "cc"):
            cut -= 1
        if cut > start:
            candidates.setdefault(cut, ("drop", node))
    sent_end = doc[end - 1].sent.end
    if limit is not None:
        sent_end = min(sent_end, limit)
    k = end
    for _ in range(MAX_STEPS):  # add: the constituents that follow in the sentence
        while k < sent_end and (doc[k].is_punct or doc[k].dep_ == "cc"):
            k += 1
        if k >= sent_end:
            break
        node = doc[k]
        while node.head.i != node.i and k <= node.head.i < sent_end:
            node = node.head
        new_end = max(node.right_edge.i + 1, k + 1)
        if new_end > sent_end:
            break
        candidates.setdefault(new_end, ("add", node))
        k = new_end
    return candidates


def _length(n: int) -> str:
    return "1" if n <= 1 else "2-3" if n <= 3 else "4-7" if n <= 7 else "8+"


def features(doc: Doc, kind: str, cue_lemma: str, end: int, candidate: int, action: str, node: Token | None) -> list[str]:
    """The named features of one candidate end: the action, and for a drop or an add
    the constituent's dependency, first word, part of speech, length, whether a comma
    sets it off, whether it holds a verb or a quotation mark, and these crossed with the
    claim's kind and the cue."""
    out = [f"a={action}", f"k={kind}|a={action}"]
    if node is None:
        return out
    low, high = (candidate, end) if action == "drop" else (end, candidate)
    region = doc[low:high]
    words = [t for t in region if not t.is_punct]
    first = words[0] if words else region[0]
    comma = any(t.text in SETTING_OFF for t in region[:2])
    for key, value in (
        ("dep", node.dep_), ("w0", _word(first)), ("p0", first.pos_), ("t0", first.tag_), ("comma", comma),
        ("verb", any(t.pos_ in {"VERB", "AUX"} for t in region)), ("len", _length(len(words))),
        ("q", any(t.text in QUOTE_MARKS for t in region)), ("hd", node.head.dep_),
    ):
        out.append(f"{action}|{key}={value}")
    out += [
        f"{action}|dep={node.dep_}|comma={comma}", f"{action}|dep={node.dep_}|w0={_word(first)}",
        f"{action}|cue={cue_lemma}|dep={node.dep_}", f"{action}|k={kind}|dep={node.dep_}",
        f"{action}|endsent={candidate >= doc[low].sent.end - 1}",
    ]
    return out


def candidate_features(doc: Doc, kind: str, cue: Span, content: Span, limit: int | None = None) -> list[tuple[int, list[str]]]:
    """Every candidate end of ``content`` (up to ``limit``) with its features; the rules'
    own end also carries, prefixed ``alt_``, what its alternatives would drop or add."""
    cue_lemma = cue.root.lemma_.lower()
    scored = [
        (k, action, features(doc, kind, cue_lemma, content.end, k, action, node))
        for k, (action, node) in end_candidates(doc, content.start, content.end, limit).items()
    ]
    alternatives = sorted({"alt_" + f for _, action, fs in scored if action != "keep" for f in fs if not f.startswith(("a=", "k="))})
    return [(k, fs + alternatives if action == "keep" else fs) for k, action, fs in scored]


def start_candidates(doc: Doc, start: int, end: int, limit: int | None = None) -> dict[int, tuple[str, Token | None]]:
    """Token starts a content ``doc[start:end]`` may take: its own ("keep"), the start of
    a constituent of two words or more (or of a "that"/"whether" clause) among its first
    words ("drop" the words before), or the start of a constituent right before it
    ("add"); never before ``limit`` (the claim's own cue or speaker before it)."""
    candidates: dict[int, tuple[str, Token | None]] = {start: ("keep", None)}
    for k in range(start + 1, min(end, start + MAX_LEAD)):
        token = doc[k]
        if token.is_punct or token.is_space:
            continue
        heads = [t for t in (token, token.head) if t.left_edge.i == k and (t.right_edge.i > k or t.dep_ == "mark")]
        if heads:
            candidates.setdefault(k, ("drop", heads[-1]))
    floor = max(doc[start].sent.start, limit or 0)
    k = start
    for _ in range(MAX_STEPS // 2):
        j = k - 1
        while j >= floor and (doc[j].is_punct or doc[j].is_space):
            j -= 1
        if j < floor:
            break
        node = doc[j]
        while node.head.i != node.i and floor <= node.head.i < k:
            node = node.head
        new_start = max(node.left_edge.i, floor)
        candidates.setdefault(new_start, ("add", node))
        k = new_start
    return candidates


def start_features(doc: Doc, kind: str, cue_lemma: str, start: int, candidate: int, action: str, node: Token | None) -> list[str]:
    """The named features of one candidate start (prefixed ``S|``): the action, the words
    dropped or added (their head's dependency, first word, length), and the word the
    content would then open with, crossed with the cue."""
    opening = doc[candidate]
    out = [f"S|a={action}", f"S|k={kind}|a={action}", f"S|open={_word(opening)}|a={action}", f"S|openp={opening.pos_}|a={action}",
           f"S|cue={cue_lemma}|open={_word(opening)}", f"S|cue={cue_lemma}|openp={opening.pos_}"]
    if node is None:
        return out
    low, high = (start, candidate) if action == "drop" else (candidate, start)
    region = doc[low:high]
    root = region.root
    words = [t for t in region if not t.is_punct]
    first = words[0] if words else region[0]
    for key, value in (("dep", root.dep_), ("w0", _word(first)), ("p0", first.pos_), ("len", _length(len(words))),
                       ("comma", doc[high - 1].is_punct), ("ndep", node.dep_)):
        out.append(f"S|{action}|{key}={value}")
    out += [f"S|{action}|dep={root.dep_}|open={_word(opening)}", f"S|{action}|cue={cue_lemma}|dep={root.dep_}"]
    return out


def start_candidate_features(doc: Doc, kind: str, cue: Span, content: Span, limit: int | None = None) -> list[tuple[int, list[str]]]:
    """Every candidate start of ``content`` (from ``limit`` on) with its features."""
    cue_lemma = cue.root.lemma_.lower()
    return [
        (k, start_features(doc, kind, cue_lemma, content.start, k, action, node))
        for k, (action, node) in start_candidates(doc, content.start, content.end, limit).items()
    ]


class ContentEndModel:
    """Feature weights and a bias (see the module docstring)."""

    def __init__(self, weights: dict[str, float], bias: float, meta: dict | None = None) -> None:
        self.weights = weights
        self.bias = bias
        self.meta = meta or {}

    @classmethod
    def from_json(cls, data: dict) -> ContentEndModel:
        return cls(data["weights"], data["bias"], data.get("meta"))

    def to_json(self) -> dict:
        return {"meta": self.meta, "bias": self.bias, "weights": self.weights}

    def score(self, feats: list[str]) -> float:
        return self.bias + sum(self.weights.get(f, 0.0) for f in feats)

    def best_end(self, doc: Doc, kind: str, cue: Span, content: Span, limit: int | None = None) -> int:
        """The token end the model prefers for ``content`` (its own end on a tie)."""
        return self._best(candidate_features(doc, kind, cue, content, limit), content.end)

    def best_start(self, doc: Doc, kind: str, cue: Span, content: Span, limit: int | None = None) -> int:
        """The token start the model prefers for ``content`` (its own start on a tie)."""
        if not any(f.startswith("S|") for f in self.weights):
            return content.start
        return self._best(start_candidate_features(doc, kind, cue, content, limit), content.start)

    def _best(self, candidates: list[tuple[int, list[str]]], own: int) -> int:
        best, best_score = own, None
        for k, feats in candidates:
            score = self.score(feats)
            if best_score is None or score > best_score or (score == best_score and k == own):
                best, best_score = k, score
        return best


def load_content_model(source: str | None = MODEL_FILE) -> ContentEndModel | None:
    """The content-edge model in ``source`` (a file shipped in ``claimledger/data`` or a
    path, see :func:`claimledger.nlp.cuemodel.model_json`): by default the shipped one,
    or None when the package carries none. Loaded anew on every call: a pipeline loads
    its own when it is built (``content_model`` in the attribution component's config)."""
    found = model_json(source, "content")
    return ContentEndModel.from_json(found[0]) if found is not None else None
