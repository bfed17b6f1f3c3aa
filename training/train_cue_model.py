"""Train the cue detector shipped as ``src/claimledger/data/cue_model.json``.

Reads PolNeAR's train split (``../shared/eval/polnear/train.jsonl``), parses it with
claimledger's own spaCy pipeline (the parts before claimledger's extractors, so the
features are those seen at run time), labels every candidate token 1 when it heads a
gold cue span, and fits a logistic regression (scikit-learn, ``pip install -e .[train]``)
over :func:`claimledger.nlp.cuemodel.features`. The dev split chooses the threshold
(best token-level F1). Weights smaller than ``--prune`` are dropped.

    python training/train_cue_model.py [--C 0.3] [--cache DIR] [--out PATH]

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


def examples(rows, docs):
    X, y = [], []
    for row, doc in zip(rows, docs, strict=True):
        gold = cue_heads(doc, row)
        for token in doc:
            if token.pos_ in CANDIDATE_POS:
                X.append(dict.fromkeys(features(token), 1))
                y.append(int(token.i in gold))
    return X, y


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--C", type=float, default=0.3, help="inverse L2 regularisation strength")
    ap.add_argument("--prune", type=float, default=0.05, help="drop weights smaller than this")
    ap.add_argument("--cache", type=Path, help="folder for parsed documents (DocBin)")
    ap.add_argument("--out", type=Path, default=REPO / "src" / "claimledger" / "data" / MODEL_FILE)
    args = ap.parse_args(argv)

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    train_rows, dev_rows = load_rows("train"), load_rows("dev")
    train_docs = parse("train", train_rows, args.cache)
    Xtr, ytr = examples(train_rows, train_docs)
    Xdev, ydev = examples(dev_rows, parse("dev", dev_rows, args.cache))
    vec = DictVectorizer()
    model = LogisticRegression(C=args.C, max_iter=3000)
    model.fit(vec.fit_transform(Xtr), ytr)
    probs = model.predict_proba(vec.transform(Xdev))[:, 1]

    best = (0.0, 0.5, 0.0, 0.0)
    for step in range(20, 71):
        th = step / 100
        tp = sum(1 for p, g in zip(probs, ydev, strict=True) if p >= th and g)
        npred, ngold = sum(1 for p in probs if p >= th), sum(ydev)
        prec, rec = tp / max(npred, 1), tp / max(ngold, 1)
        f1 = 2 * prec * rec / max(prec + rec, 1e-9)
        if f1 > best[0]:
            best = (f1, th, prec, rec)
    f1, threshold, prec, rec = best
    weights = {name: round(float(w), 4) for name, w in zip(vec.get_feature_names_out(), model.coef_[0], strict=True) if abs(w) >= args.prune}
    meta = {
        "data": "PolNeAR train (networkdynamics/PolNeAR @ c3eee833)",
        "examples": len(ytr), "positives": int(sum(ytr)), "C": args.C, "prune": args.prune,
        "dev_token_precision": round(prec, 4), "dev_token_recall": round(rec, 4), "dev_token_f1": round(f1, 4),
        "command": "python training/train_cue_model.py",
    }
    cue = CueModel(dict(sorted(weights.items())), round(float(model.intercept_[0]), 4), threshold, meta,
                   frames(train_rows, train_docs))
    args.out.write_text(json.dumps(cue.to_json(), indent=0, ensure_ascii=False) + "\n", encoding="utf8")
    print(f"{len(weights)} weights; dev cue heads P {prec:.3f} R {rec:.3f} F1 {f1:.3f} at threshold {threshold}")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
