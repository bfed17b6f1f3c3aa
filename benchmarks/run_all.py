"""Run every benchmark in ``benchmarks/``, each as its own process, then summarize.

The scripts run in this order when present: ``polnear.py`` (attribution, PolNeAR dev),
``speed.py`` (throughput), ``newsquant.py`` (quantities), ``quantities_speed.py``
(quantity extraction alone against parsing), ``clean_aeb.py`` (cleaning), ``gold.py``
(the seeds' and the demo's gold).
Each writes its figures to ``benchmarks/results/<name>.json``; the summary at the end
reads them back. The exit status is 1 when any script failed.

Usage::

    python benchmarks/run_all.py [--quick] [--only polnear speed ...]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"

#: Script stem -> its results file, in running order.
SCRIPTS = {
    "polnear": "polnear_dev.json",
    "speed": "speed.json",
    "newsquant": "newsquant.json",
    "quantities_speed": "quantities_speed.json",
    "clean_aeb": "clean_aeb.json",
    "gold": "gold.json",
}


@dataclass
class Outcome:
    """How one benchmark run went."""

    name: str
    returncode: int
    seconds: float
    fresh: bool  # its results file was written during this run


def present(only: list[str] | None) -> list[str]:
    """The benchmark scripts that exist (restricted to ``only`` when given)."""
    names = [n for n in SCRIPTS if (BENCH / f"{n}.py").is_file()]
    return [n for n in names if not only or n in only]


def script_args(name: str, quick: bool) -> list[str]:
    """Extra arguments for one script."""
    return ["--quick"] if quick and name in ("speed", "quantities_speed") else []


def run_one(name: str, quick: bool) -> Outcome:
    """Run ``benchmarks/<name>.py`` with this Python; its output goes straight to ours."""
    results = RESULTS / SCRIPTS[name]
    before = results.stat().st_mtime if results.exists() else None
    cmd = [sys.executable, str(BENCH / f"{name}.py"), *script_args(name, quick)]
    print(f"\n{'=' * 20} {name}: {' '.join(cmd[1:])}", flush=True)
    started = time.perf_counter()
    rc = subprocess.run(cmd, check=False).returncode
    seconds = time.perf_counter() - started
    fresh = results.exists() and results.stat().st_mtime != before
    return Outcome(name, rc, seconds, fresh)


# ------------------------------------------------------------------------ summaries


def _load(name: str) -> dict | None:
    path = RESULTS / SCRIPTS[name]
    return json.loads(path.read_text(encoding="utf8")) if path.exists() else None


def summary_polnear(data: dict) -> Iterator[str]:
    """Exact and overlap F1 per role."""
    h = data["headline"]
    for role in ("source", "cue", "content", "source+content"):
        yield f"{role:<15} F1 exact {h[f'{role}_exact_f1']:5.1f}  overlap {h[f'{role}_overlap_f1']:5.1f}"


def summary_speed(data: dict) -> Iterator[str]:
    """Articles per second per path and the ratio to bare spaCy."""
    for row in data["rows"]:
        yield f"{row['path']:<26} {row['articles_per_s']:7.1f} articles/s  x{row['ratio_to_spacy']:.2f} of spaCy"


def summary_newsquant(data: dict) -> Iterator[str]:
    """Value and value+unit P/R/F1, and change accuracy."""
    for key in ("value", "value+unit"):
        s = data["scores"][key]
        yield f"{key:<11} P {s['P']:5.1f}  R {s['R']:5.1f}  F1 {s['F1']:5.1f}"
    yield f"change accuracy on value matches {data['scores']['change_accuracy_on_value_matches']:.1f}"


def summary_quantities_speed(data: dict) -> Iterator[str]:
    """Sentences per second of parsing and of quantity extraction alone."""
    for name, row in data["inputs"].items():
        yield (f"{name:<14} parse {row['parse_sentences_per_second']:8.1f} sent/s  quantities "
               f"{row['quantities_sentences_per_second']:8.1f} sent/s  (x{row['quantities_x_parse_speed']} parse speed)")


def summary_clean_aeb(data: dict) -> Iterator[str]:
    """The cleaner's shingle F1 (and trafilatura's on HTML, when scored)."""
    ours = data["claimledger_clean_plaintext"]
    yield f"claimledger clean (plain text) F1 {ours['f1']:.3f}  P {ours['precision']:.3f}  R {ours['recall']:.3f}"
    if "trafilatura_html" in data:
        yield f"trafilatura (HTML)             F1 {data['trafilatura_html']['f1']:.3f}"


def summary_gold(data: dict) -> Iterator[str]:
    """Gold claims found, per gold set."""
    for name, result in data["results"].items():
        yield f"{name:<6} {result['found']}/{result['total']} gold claims (recall {result['recall']:.3f})"


def summary_generic(data: dict, limit: int = 8) -> Iterator[str]:
    """Any numeric leaf whose key mentions f1, precision or recall (first ``limit``)."""
    found = 0
    for key, value in _leaves(data):
        last = key.rsplit(".", 1)[-1].lower()
        if isinstance(value, (int, float)) and any(w in last for w in ("f1", "precision", "recall")):
            yield f"{key} = {value}"
            found += 1
            if found == limit:
                return


def _leaves(data: object, prefix: str = "") -> Iterator[tuple[str, object]]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _leaves(v, f"{prefix}.{k}" if prefix else str(k))
    else:
        yield prefix, data


SUMMARIES = {
    "polnear": summary_polnear,
    "speed": summary_speed,
    "newsquant": summary_newsquant,
    "quantities_speed": summary_quantities_speed,
    "clean_aeb": summary_clean_aeb,
    "gold": summary_gold,
}


def print_summary(outcomes: list[Outcome]) -> None:
    """One block per benchmark: status, run time, its headline figures."""
    print(f"\n{'=' * 20} summary")
    for o in outcomes:
        status = "ok" if o.returncode == 0 else f"FAILED (exit {o.returncode})"
        stale = "" if o.fresh else "  (results file not rewritten: figures below are older)"
        print(f"{o.name}: {status}, {o.seconds:.1f} s{stale}")
        data = _load(o.name)
        if data is None:
            continue
        try:
            lines = list(SUMMARIES.get(o.name, summary_generic)(data))
        except (KeyError, TypeError):  # the file's shape changed: show what looks like scores
            lines = list(summary_generic(data))
        for line in lines:
            print(f"    {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="pass --quick to speed.py and quantities_speed.py")
    parser.add_argument("--only", nargs="+", choices=list(SCRIPTS), help="run only these benchmarks")
    args = parser.parse_args(argv)
    outcomes = [run_one(name, args.quick) for name in present(args.only)]
    print_summary(outcomes)
    return 0 if all(o.returncode == 0 for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
