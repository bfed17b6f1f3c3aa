"""Score the propaganda-span model by k-fold cross-validation on PTC train.

    python benchmarks/ptc.py [--folds 4] [--cache DIR] [--json benchmarks/results/ptc.json]

Only PTC's train split is here (371 articles), so the model is scored as it was chosen:
the articles are split into ``--folds`` folds (article i in fold i mod k, as
``training/train_propaganda_model.py`` does); for each fold a model with the shipped
model's settings (per technique: regularisation C, threshold, largest gap; weights pruned
as shipped) is fitted on the other folds, and its spans are predicted by the runtime code
(:class:`claimledger.nlp.propaganda.PropagandaModel`) on the fold's articles. The
out-of-fold predictions of all articles are scored by the shared scorer
(``eval/ptc/score.py``): span identification (SI, technique ignored) against the gold of
all 14 techniques (the published best on the test split, transformer ensembles predicting
every technique: 51.7 F1) and against the gold of the three techniques the model marks,
and per technique. Needs scikit-learn (``pip install -e .[train]``). The thresholds were
chosen on the same out-of-fold predictions, so the figures are slightly optimistic.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "training"))

import train_propaganda_model as training  # noqa: E402

from claimledger.nlp.propaganda import MODEL_FILE, TECHNIQUES  # noqa: E402

PUBLISHED_SI_F1 = 51.7


def score(gold: Path, pred: Path) -> dict:
    """The shared scorer's JSON for ``pred`` against ``gold``."""
    scorer = training.shared_dir() / "eval" / "ptc" / "score.py"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "score.json"
        subprocess.run([sys.executable, str(scorer), str(gold), str(pred), "--json", str(out)], check=True,
                       stdout=subprocess.DEVNULL)
        return json.loads(out.read_text(encoding="utf8"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--cache", default=None, help="folder to keep the parsed articles in")
    ap.add_argument("--prune", type=float, default=0.05)
    ap.add_argument("--json", default=str(REPO / "benchmarks" / "results" / "ptc.json"))
    args = ap.parse_args()
    shipped = json.loads((REPO / "src" / "claimledger" / "data" / MODEL_FILE).read_text(encoding="utf8"))
    choices = {t: {"C": m["C"], "threshold": m["threshold"], "max_gap": m["max_gap"]}
               for t, m in shipped["techniques"].items()}
    t0 = time.perf_counter()
    rows = training.load_rows()
    docs = training.parsed(rows, Path(args.cache) if args.cache else None)
    spans = training.kfold(rows, docs, args.folds, choices, prune=args.prune)
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.jsonl"
        pred.write_text("".join(
            json.dumps({"id": row["id"], "spans": [{"start": s, "end": e, "technique": t} for s, e, t in spans.get(i, [])]})
            + "\n" for i, row in enumerate(rows)), encoding="utf8")
        gold_all = training.shared_dir() / "eval" / "ptc" / "train.jsonl"
        gold_three = Path(tmp) / "gold_three.jsonl"
        gold_three.write_text("".join(
            json.dumps(row | {"spans": [s for s in row["spans"] if s["technique"] in TECHNIQUES]}) + "\n"
            for row in rows), encoding="utf8")
        every = score(gold_all, pred)
        three = score(gold_three, pred)
    result = {
        "command": f"python benchmarks/ptc.py --folds {args.folds}",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()},
        "data": "eval/ptc/train.jsonl (371 articles; k-fold, article i in fold i mod k)",
        "folds": args.folds,
        "settings": choices,
        "published_best_si_f1_test_all_techniques": PUBLISHED_SI_F1,
        "si_all_techniques": every["SI"],
        "si_three_techniques": three["SI"],
        "per_technique": {t: three["per_technique"][t] for t in TECHNIQUES},
        "seconds": round(time.perf_counter() - t0, 1),
    }
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, indent=1) + "\n", encoding="utf8")
    print(f"SI F1, all 14 techniques' gold: {every['SI']['F1']} (published best on test: {PUBLISHED_SI_F1})")
    print(f"SI F1, the three techniques' gold: {three['SI']['F1']}")
    for t in TECHNIQUES:
        print(f"  {t}: {three['per_technique'][t]['F1']}")


if __name__ == "__main__":
    main()
