"""Time and peak memory of ingesting one very long article.

A single plain-text article of ``--mb`` megabytes (default 50) is made from the demo
corpus's own synthetic articles (``demo/articles/*.txt``), their paragraphs repeated
with a running number so that no two paragraphs are the same, and ingested into a
new SQLite ledger by ``claimledger ingest``'s code path (:func:`claimledger.api.ingest`:
read, clean, extract in pieces, store, thread). Each size runs in a fresh Python
process, so its peak resident memory (``ru_maxrss``) is that ingest's alone; the
article file itself is written before the process starts.

Results go to ``benchmarks/results/long_article.json``.

Usage::

    python benchmarks/long_article.py [--mb 1 10 50] [--no-write]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "long_article.json"

#: Run in a fresh process: ingest one file, print seconds, peak memory and the report.
CHILD = """
import json, resource, sys, time
sys.path.insert(0, {src!r})
from claimledger import api
from claimledger.settings import Settings
from claimledger.nlp.pipeline import get_pipeline
settings = Settings(db={db!r})
get_pipeline(settings)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
report = api.ingest([{path!r}], settings=settings)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": round(seconds, 1), "peak_mb": round(peak / 1024), "pipeline_mb": round(base / 1024),
                  "ingested": report.ingested, "claims": report.claims, "failed": len(report.failed)}}))
"""


def paragraphs() -> list[str]:
    """The paragraphs of the demo corpus's plain-text articles (our own synthetic text)."""
    out = []
    for path in sorted((REPO / "demo" / "articles").glob("*.txt")):
        out.extend(p.strip() for p in re.split(r"\n\s*\n", path.read_text(encoding="utf8")) if len(p.strip()) > 80)
    return out


def make_article(path: Path, megabytes: float) -> int:
    """Write an article of about ``megabytes`` MB to ``path``; its size in characters."""
    source = paragraphs()
    target = int(megabytes * 1_000_000)
    size = 0
    n = 0
    with path.open("w", encoding="utf8") as out:
        out.write("A very long report\n\n")
        while size < target:
            text = f"{source[n % len(source)]} (Update {n + 1}.)\n\n"
            out.write(text)
            size += len(text)
            n += 1
    return size


def run(megabytes: float, folder: Path) -> dict[str, object]:
    """Ingest one article of ``megabytes`` MB in a fresh process; its figures."""
    article = folder / f"long_{megabytes:g}mb.txt"
    chars = make_article(article, megabytes)
    db = folder / f"long_{megabytes:g}mb.db"
    code = CHILD.format(src=str(REPO / "src"), db=str(db), path=str(article))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    row = json.loads(done.stdout.strip().splitlines()[-1])
    return {"megabytes": megabytes, "characters": chars, **row}


def machine() -> dict[str, object]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return {"platform": platform.platform(), "cpu_model": cpu, "cpu_count": os.cpu_count(),
            "python": platform.python_version()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[50.0], help="article sizes in MB (default 50)")
    parser.add_argument("--no-write", action="store_true", help="print only; do not write the results file")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for megabytes in args.mb:
            row = run(megabytes, Path(tmp))
            rows.append(row)
            print(f"{megabytes:>6g} MB  {row['seconds']:>8} s  peak {row['peak_mb']:>6} MB "
                  f"(pipeline loaded: {row['pipeline_mb']} MB)  claims {row['claims']}  failed {row['failed']}",
                  flush=True)
    result = {"command": "python benchmarks/long_article.py " + " ".join(sys.argv[1:]),
              "date": dt.datetime.now().isoformat(timespec="seconds"), "machine": machine(), "rows": rows}
    if not args.no_write:
        RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf8")


if __name__ == "__main__":
    main()
