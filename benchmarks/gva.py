"""Score claim threads on the gun-violence pool of SemEval-2018 Task 5 (GVA dev half).

usage: python benchmarks/gva.py [--sample N] [--seed S] [--db LEDGER] [--keep]

Ingests ``<shared>/eval/gva/articles.jsonl`` (3,130 articles from about 1,000 outlets)
into a fresh ledger with ``claimledger ingest``, lists every thread with
``claimledger threads --format json --min-members 1``, and turns them into the
scorer's input:

- one figure line per member of the count series of a thread whose ``measure.event``
  is killed, injured (also "wounded") or shot and that is not a running total (a
  city's toll "so far this year" or "over the weekend" is no incident's figure):
  ``{"doc_id": member's input article id, "thread_id", "kind", "value"}`` (a range
  gives its upper end);
- one headline line per such thread: its ``current`` figure of the count series.

Then runs ``<shared>/eval/gva/score.py`` on all incidents and on ``--subset city_month``
(incidents that share a state, city and month with another: look-alike incidents),
and writes the figures, the command and the machine to ``benchmarks/results/gva.json``.
The headline linking metric is ``doc_b3m_f1``; ``value_acc`` is headline = GVA count,
``key_coverage`` the incidents that got a figure, ``foreign`` figures in another
incident's thread (the scorer's docstring defines them).

``--sample N`` ingests only the articles of N incidents drawn with ``--seed`` (for a
quick look while developing; recorded results are always the whole half).
``--db`` keeps the ledger at that path and reuses it when it exists.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

#: Thread events scored, by the scorer's kind.
KINDS = {"killed": "killed", "injured": "injured", "wounded": "injured", "shot": "shot"}


def shared_dir() -> Path:
    env = os.environ.get("CLAIMLEDGER_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def claimledger(*args: str) -> subprocess.CompletedProcess[str]:
    """``claimledger ARGS`` with this checkout's code, as a user runs it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "claimledger", *args], capture_output=True, text=True, env=env, check=False)


def sample(gva: Path, n: int | None, seed: int, work: Path) -> tuple[Path, Path]:
    """The articles to ingest and the incidents to score against: all, or those of
    ``n`` incidents drawn with ``seed`` (written to ``work``)."""
    if n is None:
        return gva / "articles.jsonl", gva / "incidents.jsonl"
    incidents = (gva / "incidents.jsonl").read_text(encoding="utf8").splitlines()
    chosen = random.Random(seed).sample(incidents, min(n, len(incidents)))
    keep = {d for line in chosen for d in json.loads(line)["doc_ids"]}
    lines = [line for line in (gva / "articles.jsonl").read_text(encoding="utf8").splitlines() if json.loads(line)["id"] in keep]
    articles, gold = work / "articles.jsonl", work / "incidents.jsonl"
    articles.write_text("\n".join(lines) + "\n", encoding="utf8")
    gold.write_text("\n".join(chosen) + "\n", encoding="utf8")
    return articles, gold


def scorer_lines(threads: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Figure lines and headline lines for the scorer, from ``threads --format json``."""
    figures, headlines = [], []
    for t in threads:
        measure = t.get("measure") or {}
        kind = KINDS.get(measure.get("event") or "")
        if kind is None or measure.get("running_total"):
            continue
        count = [m for m in t["members"] if m["unit"] is None]
        for m in count:
            value = max(m["value"]) if isinstance(m["value"], list) else m["value"]
            figures.append({"doc_id": m["article_id"], "thread_id": t["id"], "kind": kind, "value": value})
        for c in t.get("current") or []:
            if c["series"] == "count":
                value = max(c["value"]) if isinstance(c["value"], list) else c["value"]
                headlines.append({"thread_id": t["id"], "value": value})
    return figures, headlines


def score(gva: Path, gold: Path, figures: Path, headlines: Path, subset: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, str(gva / "score.py"), "--claims", str(figures), "--threads", str(headlines), "--subset", subset,
         "--gold", str(gold)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout)


#: The figures recorded and printed, in order.
SHOWN = ("doc_b3m_f1", "value_acc", "key_coverage", "foreign", "doc_b3m_p", "doc_b3m_r", "claims_scored", "threads")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sample", type=int, default=None, help="only the articles of N sampled incidents")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--db", default=None, help="keep the ledger here (reused when it exists)")
    ap.add_argument("--keep", action="store_true", help="keep the scorer's input files in benchmarks/out/")
    args = ap.parse_args()
    gva = shared_dir() / "eval" / "gva"
    if not (gva / "articles.jsonl").is_file():
        sys.exit(f"the GVA pool is not at {gva}: set CLAIMLEDGER_SHARED")
    work = Path(tempfile.mkdtemp(prefix="claimledger-gva-"))
    db = Path(args.db) if args.db else work / "gva.db"
    seconds = None
    articles, gold = sample(gva, args.sample, args.seed, work)
    if not db.exists():
        n = sum(1 for _ in articles.open(encoding="utf8"))
        start = time.perf_counter()
        done = claimledger("--db", str(db), "ingest", str(articles))
        seconds = round(time.perf_counter() - start, 1)
        if done.returncode not in (0, 3):
            sys.exit(done.stderr)
        print(f"ingested {n} articles in {seconds} s", file=sys.stderr)
    listed = claimledger("--db", str(db), "threads", "--format", "json", "--min-members", "1")
    if listed.returncode:
        sys.exit(listed.stderr)
    threads = json.loads(listed.stdout)
    figures, headlines = scorer_lines(threads)
    out = ROOT / "benchmarks" / "out" if args.keep else work
    out.mkdir(parents=True, exist_ok=True)
    fig_path, head_path = out / "gva_figures.jsonl", out / "gva_headlines.jsonl"
    fig_path.write_text("".join(json.dumps(f) + "\n" for f in figures), encoding="utf8")
    head_path.write_text("".join(json.dumps(h) + "\n" for h in headlines), encoding="utf8")
    results = {subset: score(gva, gold, fig_path, head_path, subset) for subset in ("all", "city_month")}
    for subset, res in results.items():
        print(f"{subset:10} " + "  ".join(f"{k} {res.get(k)}" for k in SHOWN))
    if args.sample is not None:
        return
    record = {
        "command": "python benchmarks/gva.py",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()},
        "articles": sum(1 for _ in (gva / "articles.jsonl").open(encoding="utf8")),
        "ingest_seconds": seconds,
        "figures": len(figures),
        "threads_scored": len(headlines),
        "all": results["all"],
        "city_month": results["city_month"],
    }
    path = ROOT / "benchmarks" / "results" / "gva.json"
    path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf8")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
