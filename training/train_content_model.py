"""Train the content-end model shipped as ``src/claimledger/data/content_model.json``.

Reads PolNeAR's train split (``../shared/eval/polnear/train.jsonl``) as
``claimledger extract`` reads it (cleaning included) and runs claimledger's pipeline
with the content-end model switched off, so each cued claim's content ends where the
rules end it. Every claim the model may refine
(:func:`claimledger.nlp.attribution.refinable`) whose cue head is the head of a gold cue gives one group of
candidate ends (:func:`claimledger.nlp.contentmodel.candidate_features`); a candidate is
labelled 1 when its content equals the gold content (both trimmed as PolNeAR's scorer
trims). Groups whose gold end is no candidate are left out. A logistic regression
(scikit-learn, ``pip install -e .[train]``) is fitted over the candidates' features; the
dev split chooses the regularisation ``C`` among ``--C`` values (most claims whose
content becomes exactly the gold one). Weights smaller than ``--prune`` are dropped.

    python training/train_content_model.py [--C 0.3 1 3] [--prune 0.01] [--out PATH]

The run is deterministic: same data, same spaCy model, same weights.
"""
from __future__ import annotations

import argparse
import json
import os
import string
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from claimledger import api, ingest  # noqa: E402
from claimledger.extract import make_doc  # noqa: E402
from claimledger.nlp.attribution import refinable  # noqa: E402
from claimledger.nlp.contentmodel import MODEL_FILE, ContentEndModel, candidate_features  # noqa: E402
from claimledger.nlp.cues import span_head  # noqa: E402
from claimledger.nlp.pipeline import get_pipeline  # noqa: E402
from claimledger.records import Article  # noqa: E402
from claimledger.settings import Settings  # noqa: E402

#: What PolNeAR's scorer trims off both ends of a span before comparing.
TRIM = set(string.whitespace + string.punctuation + "\u201c\u201d\u2018\u2019\u00ab\u00bb\u2014\u2013\u2026")


def shared_dir() -> Path:
    env = os.environ.get("CLAIMLEDGER_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def groups(split: str) -> list[list[tuple[list[str], int, bool]]]:
    """One group per cued claim matched to a gold attribution by cue head: its
    candidates as (features, label, is the rules' own end)."""
    path = shared_dir() / "eval" / "polnear" / f"{split}.jsonl"
    with open(path, encoding="utf8") as f:
        rows = {r["id"]: r for r in (json.loads(line) for line in f if line.strip())}
    settings = Settings()
    nlp = get_pipeline(settings)
    attributor = nlp.get_pipe("claimledger_attribution")
    attributor.refine_ends = False
    try:
        articles = [a for a in ingest.read_articles([str(path)]) if isinstance(a, Article)]
        articles = api.clean_batch(articles, settings=settings)
        out = []
        pairs = ((make_doc(nlp, a), a) for a in articles)
        for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=settings.batch_size):
            row = rows[article.external_id]
            text = row["text"]
            gold = {}
            for g in row["attributions"]:
                if g.get("cue"):
                    head = span_head(doc, *g["cue"])
                    if head is not None:
                        gold.setdefault(head.i, g)
            for claim in doc._.claims:
                found = refinable(doc, claim, doc._.claims)
                if found is None:
                    continue
                cue, content, limit = found
                g = gold.get(cue.root.i)
                if g is None:
                    continue
                want = trim(text, *g["content"])
                group = []
                for k, feats in candidate_features(doc, claim.kind, cue, content, limit):
                    last = doc[k - 1]
                    got = trim(text, claim.content.span[0], last.idx + len(last.text))
                    group.append((feats, int(got == want), k == content.end))
                if any(label for _, label, _ in group):
                    out.append(group)
        return out
    finally:
        attributor.refine_ends = True


def right_ends(model: ContentEndModel, data) -> tuple[int, int]:
    """How many groups end right by the model, and by the rules alone."""
    by_model = by_rules = 0
    for group in data:
        scores = [model.score(feats) for feats, _, _ in group]
        best = max(range(len(group)), key=lambda i: (scores[i], group[i][2]))
        by_model += group[best][1]
        by_rules += next(label for _, label, own in group if own)
    return by_model, by_rules


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--C", type=float, nargs="+", default=[0.3, 1.0, 3.0])
    ap.add_argument("--prune", type=float, default=0.01)
    ap.add_argument("--out", type=Path, default=REPO / "src" / "claimledger" / "data" / MODEL_FILE)
    args = ap.parse_args()

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    train, dev = groups("train"), groups("dev")
    X = [{f: 1 for f in feats} for group in train for feats, _, _ in group]
    y = [label for group in train for _, label, _ in group]
    vec = DictVectorizer()
    A = vec.fit_transform(X)
    best = None
    for C in args.C:
        clf = LogisticRegression(C=C, max_iter=5000).fit(A, y)
        names = vec.get_feature_names_out()
        weights = {n: round(float(w), 4) for n, w in zip(names, clf.coef_[0]) if abs(w) >= args.prune}
        model = ContentEndModel(weights, round(float(clf.intercept_[0]), 4))
        right, rules = right_ends(model, dev)
        print(f"C={C}: dev contents ending right {right} of {len(dev)} (rules alone {rules})", flush=True)
        if best is None or right > best[0]:
            best = (right, rules, C, model)
    right, rules, C, model = best
    train_right, train_rules = right_ends(model, train)
    model.meta = {
        "trained_on": "PolNeAR train (networkdynamics/PolNeAR)",
        "C": C,
        "prune": args.prune,
        "train_groups": len(train),
        "train_right": train_right,
        "train_right_by_rules": train_rules,
        "dev_groups": len(dev),
        "dev_right": right,
        "dev_right_by_rules": rules,
        "weights": len(model.weights),
    }
    args.out.write_text(json.dumps(model.to_json(), indent=0, sort_keys=True) + "\n", encoding="utf8")
    print(json.dumps(model.meta, indent=2))


if __name__ == "__main__":
    main()
