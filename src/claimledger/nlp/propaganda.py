"""``claimledger_propaganda``: spans of loaded language, name calling and doubt.

Three techniques of the Propaganda Techniques Corpus (PTC, SemEval-2020 Task 11; Da San
Martino et al., 2019/2020) matter most to reading claims: ``Loaded_Language`` (words
with strong emotional weight: "brutal", "slaughter"), ``Name_Calling,Labeling`` ("the
regime", "Jihadis", "so-called 'moderate opposition'") and ``Doubt`` (questioning the
credibility of someone or something). For each, a logistic regression scores every
token by named features of the word and its neighbours (:func:`features`: lemma, part
of speech, shape, the words around it, whether the actor lexicon
(``data/words/actors.toml``) calls it loaded, quotation marks and "so-called" before it);
a run of tokens scoring above the technique's threshold, with gaps of at most
``max_gap`` tokens closed, is one span (``doc._.propaganda``: ``(start, end, technique)``
character offsets). ``Doubt`` spans are clause-long in PTC: a run there grows to the
clause (the subtree of its head verb) that holds it.

The weights are learned from PTC's train split by ``training/train_propaganda_model.py``
(k-fold cross-validation over its articles picks the regularisation and the
thresholds) and shipped as plain weights (``claimledger/data/propaganda_model.json``);
no text of the corpus is shipped. The component is not in the default pipeline (it is
not needed for claims); add it with ``nlp.add_pipe("claimledger_propaganda")`` or use
:func:`propaganda_spans`.
"""
from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..errors import ClaimledgerError
from ..words import QUOTE_MARKS_WITH_APOSTROPHES, read_table
from .extensions import ensure_extensions
from .storyfree import word_kind

TECHNIQUES = ("Loaded_Language", "Name_Calling,Labeling", "Doubt")
MODEL_FILE = "propaganda_model.json"

_ACTORS = read_table("actors.toml")
LOADED_TERMS = frozenset(t for g in _ACTORS["groups"].values() for t in g.get("loaded", []))
ACTOR_TERMS = frozenset(t for g in _ACTORS["groups"].values() for t in g["terms"])
DISTANCING = frozenset({"so-called", "self-styled", "self-proclaimed", "alleged", "purported"})


def _shape(token: Token) -> str:
    text = token.text
    if text.isupper() and len(text) > 1:
        return "UP"
    if text[:1].isupper():
        return "Cap"
    if text.islower():
        return "low"
    return "other"


def _word(token: Token) -> str:
    """A token's lemma, or its kind for a name, a number or a date ("<GPE>", "<NUM>"):
    :func:`claimledger.nlp.storyfree.word_kind`."""
    return word_kind(token) or token.lemma_.lower()


def features(token: Token) -> list[str]:
    """The named features of ``token`` the model weighs."""
    doc = token.doc
    lemma = _word(token)
    lower = token.lower_ if not lemma.startswith("<") else lemma
    out = [f"w={lower}", f"l={lemma}", f"p={token.pos_}", f"lp={lemma}|{token.pos_}", f"s={_shape(token)}",
           f"d={token.dep_}", f"hl={_word(token.head)}", f"suf={lower[-3:]}"]
    if token.lower_ in LOADED_TERMS or token.lemma_.lower() in LOADED_TERMS:
        out.append("actor_loaded")
    if token.lower_ in ACTOR_TERMS or token.lemma_.lower() in ACTOR_TERMS:
        out.append("actor_term")
    for k in (1, 2):
        left = doc[token.i - k] if token.i - k >= 0 else None
        right = doc[token.i + k] if token.i + k < len(doc) else None
        out.append(f"l-{k}={_word(left) if left is not None else '<s>'}")
        out.append(f"l+{k}={_word(right) if right is not None else '</s>'}")
        if k == 1:
            out.append(f"p-1={left.pos_ if left is not None else '<s>'}|p={token.pos_}")
            out.append(f"p={token.pos_}|p+1={right.pos_ if right is not None else '</s>'}")
    before = {t.lower_ for t in doc[max(0, token.i - 3) : token.i]}
    if before & DISTANCING:
        out.append("after_distancing")
    if before & QUOTE_MARKS_WITH_APOSTROPHES:
        out.append("after_quote")
    sent = token.sent
    if sent[-1].text == "?":
        out.append("question")
    out.append(f"sentlen={min(len(sent) // 10, 5)}")
    return out


class PropagandaModel:
    """One logistic regression per technique: weights, bias, threshold, max gap."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.techniques: dict[str, dict[str, Any]] = data["techniques"]

    @classmethod
    def load(cls, source: str | Path = MODEL_FILE) -> PropagandaModel:
        """The model in ``source``: a file name in ``claimledger/data``, or a path.

        Raises:
            ClaimledgerError: E050 when it is missing or bad.
        """
        try:
            path = Path(source)
            text = (path.read_text(encoding="utf8") if path.is_file()
                    else (resources.files("claimledger") / "data" / str(source)).read_text(encoding="utf8"))
            return cls(json.loads(text))
        except (OSError, ValueError, KeyError) as e:
            raise ClaimledgerError("E050", kind="propaganda", source=str(source), reason=str(e)) from e

    def scores(self, doc: Doc, technique: str) -> list[float]:
        model = self.techniques[technique]
        weights, bias = model["weights"], model["bias"]
        out = []
        for token in doc:
            z = bias + sum(weights.get(f, 0.0) for f in features(token))
            out.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
        return out

    def spans(self, doc: Doc) -> list[tuple[int, int, str]]:
        """``(start, end, technique)`` character spans of ``doc`` (see the module docstring)."""
        out: list[tuple[int, int, str]] = []
        feats = [features(t) for t in doc]
        for technique, model in self.techniques.items():
            weights, bias, threshold = model["weights"], model["bias"], model["threshold"]
            hits = [i for i, fs in enumerate(feats) if bias + sum(weights.get(f, 0.0) for f in fs) > _logit(threshold)]
            for first, last in _runs(hits, model.get("max_gap", 0)):
                if technique == "Doubt" and model.get("clause", True):
                    first, last = _clause(doc, first, last)
                while last > first and doc[last].is_punct:
                    last -= 1
                while first < last and doc[first].is_punct:
                    first += 1
                out.append((doc[first].idx, doc[last].idx + len(doc[last].text), technique))
        return sorted(out)


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _runs(hits: list[int], max_gap: int) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i in hits:
        if runs and i - runs[-1][1] <= max_gap + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _clause(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """The clause around tokens ``first``..``last``: the subtree of the nearest verb heading
    them, kept inside the sentence."""
    head = doc[first]
    while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:
        head = head.head
    sent = doc[first].sent
    lo = max(min(head.left_edge.i, first), sent.start)
    hi = min(max(head.right_edge.i, last), sent.end - 1)
    return lo, hi


def propaganda_spans(doc: Doc, model: PropagandaModel | None = None) -> list[tuple[int, int, str]]:
    """The technique spans of a parsed ``doc`` (the shipped model unless one is given)."""
    return (model or PropagandaModel.load()).spans(doc)


@Language.factory(
    "claimledger_propaganda",
    assigns=["doc._.propaganda"],
    default_config={"model": MODEL_FILE},
)
def make_propaganda(nlp: Language, name: str, *, model: str) -> PropagandaTagger:
    ensure_extensions()
    return PropagandaTagger(PropagandaModel.load(model))


class PropagandaTagger:
    """Sets ``doc._.propaganda`` (see the module docstring)."""

    def __init__(self, model: PropagandaModel) -> None:
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        doc._.propaganda = self.model.spans(doc)
        return doc
