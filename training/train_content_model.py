"""Train the content-edge model shipped as ``src/claimledger/data/content_model.json``.

Reads PolNeAR's train split (``../shared/eval/polnear/train.jsonl``) as
``claimledger extract`` reads it (cleaning included) and runs claimledger's pipeline
with the content model switched off, so each cued claim's content is where the rules put
it. Every claim the model may refine (:func:`claimledger.nlp.attribution.refinable`)
whose cue head is the head of a gold cue gives one group of candidate ends
(:func:`claimledger.nlp.contentmodel.candidate_features`), a candidate labelled 1 when
its end is the gold content's end (both trimmed as PolNeAR's scorer trims), and one group
of candidate starts from the gold end on, labelled likewise. Groups without a right
candidate are left out. A logistic regression (scikit-learn, ``pip install -e
.[train]``) is fitted over the candidates' features. K-fold cross-validation over the
train articles (``--folds``, article i in fold i mod k) chooses the regularisation ``C``
among ``--C`` values (most ends and starts chosen right out of fold); the final model is
fitted on all of train with it, and the dev split is only scored, to confirm. Weights
smaller than ``--prune`` are dropped.

    python training/train_content_model.py [--C 0.3 1 3] [--folds 4] [--prune 0.01] [--out PATH]

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
from claimledger.nlp.contentmodel import (  # noqa: E402
    MODEL_FILE,
    ContentEndModel,
    candidate_features,
    start_candidate_features,
)
from claimledger.nlp.cues import span_head  # noqa: E402
from claimledger.nlp.pipeline import build_pipeline  # noqa: E402
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


def groups(split: str, folds: int = 1) -> tuple[list, list, list, list]:
    """Candidate groups of every refinable cued claim matched to a gold attribution by cue
    head: one group of ends, one of starts (given the gold end), each candidate as
    (features, label, is the rules' own); then each end group's and each start group's
    fold (its article's index mod ``folds``)."""
    path = shared_dir() / "eval" / "polnear" / f"{split}.jsonl"
    with open(path, encoding="utf8") as f:
        rows = {r["id"]: r for r in (json.loads(line) for line in f if line.strip())}
    settings = Settings()
    nlp = build_pipeline(settings, {"components.claimledger_attribution.refine_ends": False})
    ends, starts, end_folds, start_folds = [], [], [], []
    articles = [a for a in ingest.read_articles([str(path)]) if isinstance(a, Article)]
    articles = api.clean_batch(articles, settings=settings)
    index = {a.external_id: i for i, a in enumerate(articles)}
    pairs = ((make_doc(nlp, a), a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=settings.batch_size):
        fold = index[article.external_id] % folds
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
            cue, content, before, after = found
            g = gold.get(cue.root.i)
            if g is None:
                continue
            want = trim(text, *g["content"])
            group, right = [], []
            for k, feats in candidate_features(doc, claim.kind, cue, content, after):
                last = doc[k - 1]
                got = trim(text, content.start_char, last.idx + len(last.text))
                group.append((feats, int(got[1] == want[1]), k == content.end))
                if got[1] == want[1]:
                    right.append(k)
            if right:
                ends.append(group)
                end_folds.append(fold)
                end = right[0]  # the starts, from the gold end on
                group = []
                for k, feats in start_candidate_features(doc, claim.kind, cue, doc[content.start : end], before):
                    got = trim(text, doc[k].idx, doc[end - 1].idx + len(doc[end - 1].text))
                    group.append((feats, int(got[0] == want[0]), k == content.start))
                if any(label for _, label, _ in group):
                    starts.append(group)
                    start_folds.append(fold)
    return ends, starts, end_folds, start_folds


def fit(data, C: float, prune: float) -> ContentEndModel:
    """The model a logistic regression with ``C`` fits over ``data``'s candidates."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    X = [{f: 1 for f in feats} for group in data for feats, _, _ in group]
    y = [label for group in data for _, label, _ in group]
    vec = DictVectorizer()
    clf = LogisticRegression(C=C, max_iter=5000).fit(vec.fit_transform(X), y)
    names = vec.get_feature_names_out()
    weights = {n: round(float(w), 4) for n, w in zip(names, clf.coef_[0], strict=True) if abs(w) >= prune}
    return ContentEndModel(weights, round(float(clf.intercept_[0]), 4))


def right_choices(model: ContentEndModel, data) -> tuple[int, int]:
    """How many groups the model chooses right, and how many the rules alone have right."""
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
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--prune", type=float, default=0.01)
    ap.add_argument("--out", type=Path, default=REPO / "src" / "claimledger" / "data" / MODEL_FILE)
    args = ap.parse_args()

    train_ends, train_starts, end_folds, start_folds = groups("train", args.folds)
    dev_ends, dev_starts, _, _ = groups("dev")
    train = train_ends + train_starts
    folds = end_folds + start_folds
    best = None
    for C in args.C:
        cv_ends = cv_starts = 0
        for k in range(args.folds):
            model = fit([g for g, f in zip(train, folds, strict=True) if f != k], C, args.prune)
            cv_ends += right_choices(model, [g for g, f in zip(train_ends, end_folds, strict=True) if f == k])[0]
            cv_starts += right_choices(model, [g for g, f in zip(train_starts, start_folds, strict=True) if f == k])[0]
        print(f"C={C}: out of fold, ends right {cv_ends} of {len(train_ends)}, starts right {cv_starts} of "
              f"{len(train_starts)}", flush=True)
        if best is None or cv_ends + cv_starts > best[0]:
            best = (cv_ends + cv_starts, C, cv_ends, cv_starts)
    _, C, cv_ends, cv_starts = best
    model = fit(train, C, args.prune)
    (end_right, end_rules), (start_right, start_rules) = right_choices(model, dev_ends), right_choices(model, dev_starts)
    print(f"C={C}: dev ends right {end_right} of {len(dev_ends)} (rules alone {end_rules}), "
          f"starts right {start_right} of {len(dev_starts)} (rules alone {start_rules})", flush=True)
    model.meta = {
        "trained_on": "PolNeAR train (networkdynamics/PolNeAR)",
        "C": C,
        "C_chosen_by": f"{args.folds}-fold on train",
        "cv_ends_right": cv_ends,
        "cv_starts_right": cv_starts,
        "prune": args.prune,
        "train_end_groups": len(train_ends),
        "train_start_groups": len(train_starts),
        "dev_end_groups": len(dev_ends),
        "dev_ends_right": end_right,
        "dev_ends_right_by_rules": end_rules,
        "dev_start_groups": len(dev_starts),
        "dev_starts_right": start_right,
        "dev_starts_right_by_rules": start_rules,
        "weights": len(model.weights),
    }
    args.out.write_text(json.dumps(model.to_json(), indent=0, sort_keys=True) + "\n", encoding="utf8")
    print(json.dumps(model.meta, indent=2))


if __name__ == "__main__":
    main()
