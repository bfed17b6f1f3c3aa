"""Score claim extraction against claimledger-format gold: the seeds and the demo corpus.

    python benchmarks/gold.py [--json benchmarks/results/gold.json] [--verbose]

The seeds' gold is ``../shared/seeds/expected.json`` (hand-made for the two scraped
seed reports); the demo's is ``demo/expected.json`` (written with the synthetic demo
corpus). Every article of a gold file is read with the outlet and date the gold gives,
cleaned with the recurring lines learned across its set, and extracted; each gold claim
is matched as :mod:`claimledger.evaluate` describes.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLAIMLEDGER_SHARED") or REPO.parent / "shared")
sys.path.insert(0, str(REPO / "src"))

from claimledger import api  # noqa: E402
from claimledger.evaluate import GoldReport, load_gold, score_claims, score_framing  # noqa: E402

GOLD_SETS = {"seeds": SHARED / "seeds" / "expected.json", "demo": REPO / "demo" / "expected.json"}


def score_set(gold_path: Path, framing: GoldReport | None = None) -> GoldReport:
    """Read, clean and extract every article of a gold file; match its gold claims.

    A gold key is a file name relative to the gold file (or to its ``articles/``
    folder), or ``FILE#ID`` for one record of a JSONL file. The gold framing entries are
    scored into ``framing`` when it is given.
    """
    gold = load_gold(gold_path)
    base = gold_path.parent
    articles, keys = [], []
    for key, meta in gold["articles"].items():
        name, _, record = key.partition("#")
        path = base / name if (base / name).exists() else base / "articles" / name
        for article in api.read([path], outlet=None if record else meta.get("outlet"),
                                published=None if record else meta.get("published") or None):
            if not record or article.external_id == record:
                articles.append(article)
                keys.append(key)
    report = GoldReport()
    for key, (article, claims) in zip(keys, api.extract(api.clean_batch(articles)), strict=True):
        score_claims(gold["articles"][key]["claims"], article, claims, report)
        if framing is not None:
            score_framing(gold["articles"][key], article, claims, framing)
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", default=str(REPO / "benchmarks" / "results" / "gold.json"))
    ap.add_argument("--verbose", action="store_true", help="list every missed gold claim and why")
    args = ap.parse_args()
    results = {}
    for name, path in GOLD_SETS.items():
        if not path.is_file():
            print(f"{name}: {path} is absent, skipped")
            continue
        t0 = time.perf_counter()
        framing = GoldReport()
        report = score_set(path, framing)
        results[name] = report.to_json() | {"seconds": round(time.perf_counter() - t0, 2), "framing": framing.to_json()}
        print(f"{name}: {len(report.found)}/{len(report.found) + len(report.missed)} gold claims found "
              f"(recall {report.recall:.3f}); framing {len(framing.found)}/{len(framing.found) + len(framing.missed)}")
        if args.verbose:
            for gid, why in (report.missed | framing.missed).items():
                print(f"   missed {gid}: {why}")
    record = {
        "command": "python benchmarks/gold.py",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()},
        "results": results,
    }
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(record, indent=2) + "\n", encoding="utf8")


if __name__ == "__main__":
    main()
