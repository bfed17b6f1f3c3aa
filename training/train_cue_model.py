"""Train the cue detector shipped as ``src/claimledger/data/cue_model.json``.

Reads PolNeAR's train split (``../shared/eval/polnear/train.jsonl``), parses it with
claimledger's own spaCy pipeline (the parts before claimledger's extractors, so the
features are those seen at run time), labels every candidate token 1 when it heads a
gold cue span, and fits a logistic regression (scikit-learn, ``pip install -e .[train]``)
over :func:`claimledger.nlp.cuemodel.features`. K-fold cross-validation over the train
articles (``--folds``, article i in fold i mod k) chooses the regularisation ``C`` among
``--C`` and the threshold (best token-level F1 of the out-of-fold probabilities); the
final model is fitted on all of train with them. The dev split is only scored, to
confirm. Weights smaller than ``--prune`` are dropped.

    python training/train_cue_model.py [--C 0.1 0.3 1] [--folds 4] [--cache DIR] [--out PATH]

The run is deterministic: same data, same spaCy model, same weights.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from claimledger.nlp.cuemodel import CANDIDATE_POS, MODEL_FILE, CueModel, features  # noqa: E402
from claimledger.nlp.cues import span_head  # noqa: E402
from claimledger.nlp.pipeline import get_pipeline  # noqa: E402

ATTRS = ["ORTH", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "LEMMA", "POS", "MORPH", "SENT_START", "SPACY"]


def shared_dir() -> Path:
    env = os.environ.get("CLAIMLEDGER_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def load_rows(split: str) -> list[dict]:
    path = shared_dir() / "eval" / "polnear" / f"{split}.jsonl"
    with open(path, encoding="utf8") as f:
        return [json.loads(line) for line in f if line.strip()]


def parse(split: str, rows: list[dict], cache: Path | None):
    """The rows' texts parsed by the pipeline's parser stages (cached as a DocBin)."""
    from spacy.tokens import DocBin

    nlp = get_pipeline()
    path = cache / f"polnear_{split}.spacy" if cache else None
    if path and path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    base = [n for n in nlp.pipe_names if not n.startswith("claimledger_") or n == "claimledger_paragraphs"]
    with nlp.select_pipes(enable=base):
        docs = list(nlp.pipe((r["text"] for r in rows), batch_size=16))
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = DocBin(attrs=ATTRS)
        for doc in docs:
            db.add(doc)
        db.to_disk(path)
    return docs


def cue_heads(doc, row: dict) -> set[int]:
    """Token indexes that head a gold cue span (the token whose head lies outside it)."""
    heads = set()
    for a in row["attributions"]:
        for start, end in a.get("cue_parts") or ([a["cue"]] if a.get("cue") else []):
            head = span_head(doc, start, end)
            if head is not None:
                heads.add(head.i)
    return heads


def frames(rows, docs, *, least: int = 3) -> dict[str, list[str]]:
    """Cue-verb frames read off the annotations, by lemma (at least ``least`` cases, in
    more than half of them):

    * ``chain``: the verb's infinitive complement is part of the cue ("tried to make
      the case that …");
    * ``object_in_content``: the object before an infinitive is part of the content
      ("urged Trump to stop"), not a listener ("told her not to worry").
    """
    import collections

    chain, chain_n = collections.Counter(), collections.Counter()
    obj, obj_n = collections.Counter(), collections.Counter()
    for row, doc in zip(rows, docs, strict=True):
        for a in row["attributions"]:
            if not a.get("cue"):
                continue
            s, e = a["cue"]
            head = span_head(doc, s, e)
            if head is None or head.pos_ not in {"VERB", "AUX"}:
                continue
            lemma = head.lemma_.lower()
            xcomps = [x for x in head.children if x.dep_ == "xcomp" and x.i > head.i]
            objects = [o for o in head.children if o.dep_ in {"dobj", "dative"} and o.i > head.i]
            if xcomps and objects and objects[0].i < xcomps[0].i:
                obj_n[lemma] += 1
                obj[lemma] += a["content"][0] <= objects[0].idx < a["content"][1]
            if xcomps and any(y.dep_ in {"dobj", "prep", "ccomp"} for y in xcomps[0].children):
                chain_n[lemma] += 1
                chain[lemma] += s <= xcomps[0].idx < e
    pick = lambda hits, n: sorted(k for k in n if n[k] >= least and hits[k] / n[k] > 0.5)  # noqa: E731
    return {"chain": pick(chain, chain_n), "object_in_content": pick(obj, obj_n)}


def examples(rows, docs, folds: int = 1):
    """Candidate tokens' features and labels, and each one's fold (its article's index mod ``folds``)."""
    X, y, fold = [], [], []
    for i, (row, doc) in enumerate(zip(rows, docs, strict=True)):
        gold = cue_heads(doc, row)
        for token in doc:
            if token.pos_ in CANDIDATE_POS:
                X.append(dict.fromkeys(features(token), 1))
                y.append(int(token.i in gold))
                fold.append(i % folds)
    return X, y, fold


def best_threshold(probs, gold) -> tuple[float, float, float, float]:
    """(F1, threshold, precision, recall) of the threshold in 0.20 … 0.70 with the best token F1."""
    import numpy as np

    probs, gold = np.asarray(probs), np.asarray(gold, dtype=bool)
    best = (0.0, 0.5, 0.0, 0.0)
    ngold = int(gold.sum())
    for step in range(20, 71):
        th = step / 100
        pred = probs >= th
        tp, npred = int((pred & gold).sum()), int(pred.sum())
        prec, rec = tp / max(npred, 1), tp / max(ngold, 1)
        f1 = 2 * prec * rec / max(prec + rec, 1e-9)
        if f1 > best[0]:
            best = (f1, th, prec, rec)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--C", type=float, nargs="+", default=[0.1, 0.3, 1.0], help="inverse L2 regularisation strengths to try")
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--prune", type=float, default=0.05, help="drop weights smaller than this")
    ap.add_argument("--cache", type=Path, help="folder for parsed documents (DocBin)")
    ap.add_argument("--out", type=Path, default=REPO / "src" / "claimledger" / "data" / MODEL_FILE)
    args = ap.parse_args(argv)

    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    train_rows, dev_rows = load_rows("train"), load_rows("dev")
    train_docs = parse("train", train_rows, args.cache)
    Xtr, ytr, fold = examples(train_rows, train_docs, args.folds)
    Xdev, ydev, _ = examples(dev_rows, parse("dev", dev_rows, args.cache))
    vec = DictVectorizer()
    A, y, fold_of = vec.fit_transform(Xtr), np.array(ytr), np.array(fold)
    chosen = None
    for C in args.C:
        probs = np.zeros(len(ytr))
        for k in range(args.folds):
            part = fold_of == k
            fitted = LogisticRegression(C=C, max_iter=3000).fit(A[~part], y[~part])
            probs[part] = fitted.predict_proba(A[part])[:, 1]
        f1, th, prec, rec = best_threshold(probs, ytr)
        print(f"C={C}: out-of-fold cue heads P {prec:.3f} R {rec:.3f} F1 {f1:.4f} at threshold {th}", flush=True)
        if chosen is None or f1 > chosen[0]:
            chosen = (f1, C, th, prec, rec)
    cv_f1, C, threshold, cv_prec, cv_rec = chosen
    model = LogisticRegression(C=C, max_iter=3000)
    model.fit(A, y)
    probs = model.predict_proba(vec.transform(Xdev))[:, 1]
    tp = sum(1 for p, g in zip(probs, ydev, strict=True) if p >= threshold and g)
    npred, ngold = sum(1 for p in probs if p >= threshold), sum(ydev)
    prec, rec = tp / max(npred, 1), tp / max(ngold, 1)
    f1 = 2 * prec * rec / max(prec + rec, 1e-9)
    weights = {name: round(float(w), 4) for name, w in zip(vec.get_feature_names_out(), model.coef_[0], strict=True) if abs(w) >= args.prune}
    meta = {
        "data": "PolNeAR train (networkdynamics/PolNeAR @ c3eee833)",
        "examples": len(ytr), "positives": int(sum(ytr)), "C": C, "threshold_chosen_by": f"{args.folds}-fold on train",
        "folds": args.folds, "cv_token_precision": round(cv_prec, 4), "cv_token_recall": round(cv_rec, 4),
        "cv_token_f1": round(cv_f1, 4), "prune": args.prune,
        "dev_token_precision": round(prec, 4), "dev_token_recall": round(rec, 4), "dev_token_f1": round(f1, 4),
        "command": "python training/train_cue_model.py",
    }
    cue = CueModel(dict(sorted(weights.items())), round(float(model.intercept_[0]), 4), threshold, meta,
                   frames(train_rows, train_docs))
    args.out.write_text(json.dumps(cue.to_json(), indent=0, ensure_ascii=False) + "\n", encoding="utf8")
    print(f"{len(weights)} weights; C {C}, threshold {threshold} (out-of-fold F1 {cv_f1:.3f});"
          f" dev cue heads P {prec:.3f} R {rec:.3f} F1 {f1:.3f}")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
