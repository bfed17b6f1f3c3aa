"""A learned cue detector: is this token the head of an attribution cue?

The reporting-verb lexicon (:mod:`.lexicon`) covers speech verbs; news attributes far
more than speech: beliefs and positions ("believes", "wants", "backs", "is confident
that"), findings ("found", "shows"), calls ("called for", "urged"). Whether such a word
is a cue depends on its frame: "she called for a ceasefire" is one, "she called a taxi"
is not. This module scores a token by a logistic-regression model over named features
of the token and its dependency frame (:func:`features`), trained on the PolNeAR train
split by ``training/train_cue_model.py`` and shipped as ``claimledger/data/cue_model.json``.

Scoring is a sum of feature weights: no dependency beyond the standard library at run
time, and the weights can be read and audited like any lexicon. Each pipeline loads its
own model (:func:`load_cue_model`) from its components' config (``cue_model``, see
``claimledger/nlp/default_config.cfg``); nothing is cached between pipelines.
"""
from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path

from spacy.tokens import Token

from ..errors import ClaimledgerError
from ..words import QUOTE_MARKS_WITH_APOSTROPHES

#: Parts of speech a cue head can have (verbs, nouns such as "claim", "according",
#: adjectives such as "confident", the colon of "X: ...").
CANDIDATE_POS = frozenset({"VERB", "NOUN", "AUX", "ADP", "PUNCT", "PROPN", "ADJ"})
#: Quotation marks a token near the cue may be (``nearq``): the one-character marks,
#: apostrophes included. The sentence count (``sentq``) also counts "''" and "``"
#: (:data:`claimledger.words.QUOTE_MARKS_WITH_APOSTROPHES`). The shipped model was
#: trained with exactly these two sets.
NEAR_QUOTE_MARKS = frozenset(m for m in QUOTE_MARKS_WITH_APOSTROPHES if len(m) == 1)
MODEL_FILE = "cue_model.json"
#: Complements that make up a verb's frame ("call" + dobj + oprd: "called him a liar").
FRAME_DEPS = frozenset({"ccomp", "xcomp", "dobj", "dative", "oprd", "attr", "acomp", "advcl"})


def features(token: Token) -> list[str]:
    """The named features of ``token`` the cue model weighs.

    The word (lemma, part of speech, dependency), the word in its frame (which
    complements it governs: a clause, an infinitive, an object, a preposition; its
    subject's kind), its neighbours, and whether quotation marks stand near it.
    """
    doc = token.doc
    lemma = token.lemma_.lower()
    out = [
        f"l={lemma}", f"p={token.pos_}", f"t={token.tag_}", f"d={token.dep_}",
        f"lp={lemma}|{token.pos_}", f"ld={lemma}|{token.dep_}",
        f"hd={token.head.lemma_.lower()}|{token.dep_}", f"hp={token.head.pos_}",
        f"root={token.dep_ == 'ROOT'}", f"ent={token.ent_type_}",
    ]
    deps = set()
    for child in token.children:
        dep = "prep_" + child.lower_ if child.dep_ == "prep" else child.dep_
        deps.add(dep)
        if child.dep_ in {"nsubj", "nsubjpass"}:
            out += [f"subj={child.pos_}", f"subjl={child.lemma_.lower()}", f"l={lemma}|subj={child.pos_}"]
            if child.ent_type_:
                out.append(f"subje={child.ent_type_}")
        elif child.dep_ == "ccomp":
            out.append(f"ccomp_that={any(m.lower_ == 'that' for m in child.children)}")
        elif child.dep_ == "xcomp":
            out.append(f"xcomp_to={any(m.lower_ == 'to' for m in child.children)}")
            out += [f"xcl={child.lemma_.lower()}", f"l={lemma}|xcl={child.lemma_.lower()}"]
        elif child.dep_ == "dobj":
            out += [f"dobjl={child.lemma_.lower()}", f"l={lemma}|dobj={child.pos_}", f"dobje={child.ent_type_}"]
        elif child.dep_ == "prep":
            pobj = next((g for g in child.children if g.dep_ in {"pobj", "pcomp"}), None)
            if pobj is not None:
                out += [f"l={lemma}|{child.lower_}|pobjp={pobj.pos_}", f"{child.lower_}|pobjl={pobj.lemma_.lower()}"]
    for dep in deps:
        out += [f"c={dep}", f"l={lemma}|c={dep}"]
    frame = "+".join(sorted(d for d in deps if d in FRAME_DEPS or d.startswith("prep_")))
    out += [f"frame={frame}", f"l={lemma}|frame={frame}"]
    if not any(d.startswith("nsubj") for d in deps):
        out.append("nosubj")
    out += [f"hh={token.head.head.lemma_.lower()}|{token.head.dep_}", f"l={lemma}|hp={token.head.pos_}|{token.dep_}"]
    prev = doc[token.i - 1].lower_ if token.i > 0 else "<s>"
    nxt = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else "</s>"
    out += [f"prev={prev}", f"next={nxt}", f"l={lemma}|next={nxt}", f"l={lemma}|prev={prev}"]
    out.append(f"sentq={min(_sentence_quote_marks(doc)[token.i], 3)}")
    out.append(f"nearq={any(t.text in NEAR_QUOTE_MARKS for t in doc[max(token.i - 3, 0) : token.i + 4])}")
    return out


def _sentence_quote_marks(doc) -> list[int]:
    """For each token, how many quotation marks its sentence holds (once per document)."""
    counts = doc.user_data.get("claimledger.sentence_quote_marks")
    if counts is None:
        counts = [0] * len(doc)
        for sent in doc.sents:
            n = sum(1 for t in sent if t.text in QUOTE_MARKS_WITH_APOSTROPHES)
            counts[sent.start : sent.end] = [n] * (sent.end - sent.start)
        doc.user_data["claimledger.sentence_quote_marks"] = counts
    return counts


class CueModel:
    """Feature weights, a bias and a decision threshold (see the module docstring)."""

    def __init__(
        self, weights: dict[str, float], bias: float, threshold: float, meta: dict | None = None,
        frames: dict[str, list[str]] | None = None, source: str | None = None,
    ) -> None:
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        self.meta = meta or {}
        self.frames = frames or {}
        #: Verbs whose infinitive joins the cue ("tried to make the case"), and verbs
        #: whose object belongs to the content ("urged Trump to stop"), both read off
        #: the training annotations.
        self.chains = frozenset(self.frames.get("chain", ()))
        self.object_in_content = frozenset(self.frames.get("object_in_content", ()))
        #: Where the document's cache of this model's scores is kept: one per model
        #: file (models loaded from one file score alike), else one per model.
        self.cache_key = f"claimledger.cue_scores:{source or id(self)}"

    @classmethod
    def from_json(cls, data: dict, source: str | None = None) -> CueModel:
        return cls(data["weights"], data["bias"], data["threshold"], data.get("meta"), data.get("frames"), source)

    def to_json(self) -> dict:
        return {"meta": self.meta, "frames": self.frames, "bias": self.bias, "threshold": self.threshold,
                "weights": self.weights}

    def score(self, token: Token) -> float:
        """The probability that ``token`` heads a cue (computed once per token)."""
        if token.pos_ not in CANDIDATE_POS:
            return 0.0
        scores = token.doc.user_data.setdefault(self.cache_key, {})
        found = scores.get(token.i)
        if found is None:
            z = self.bias + sum(self.weights.get(f, 0.0) for f in features(token))
            found = scores[token.i] = 1.0 / (1.0 + math.exp(-z))
        return found

    def is_cue(self, token: Token) -> bool:
        return self.score(token) >= self.threshold


def packaged_json(name: str) -> dict | None:
    """A JSON file shipped in ``claimledger/data`` (the learned models), or None."""
    path = resources.files("claimledger") / "data" / name
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf8"))


def model_json(source: str | None, kind: str) -> tuple[dict, str] | None:
    """A learned model's JSON and where it was read from.

    ``source`` is a file name shipped in ``claimledger/data`` ("cue_model.json"; None
    when the package carries no such file), or a path to a JSON file (error E050 when
    it cannot be read); an empty ``source`` means no model (None).

    >>> model_json("", "cue") is None
    True
    """
    if not source:
        return None
    try:
        if Path(source).name == source:  # a bare name: a file shipped with the package
            data = packaged_json(source)
            return (data, source) if data is not None else None
        path = Path(source)
        return json.loads(path.read_text(encoding="utf8")), str(path.resolve())
    except (OSError, ValueError) as e:
        raise ClaimledgerError("E050", kind=kind, source=source, reason=str(e)) from e


def load_cue_model(source: str | None = MODEL_FILE) -> CueModel | None:
    """The cue model in ``source`` (see :func:`model_json`): by default the shipped one,
    or None when the package carries none. Loaded anew on every call: a pipeline loads
    its own when it is built."""
    found = model_json(source, "cue")
    return CueModel.from_json(*found) if found is not None else None
