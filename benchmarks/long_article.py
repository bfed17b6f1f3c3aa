"""Time and peak memory of ingesting one very long article.

A single plain-text article of ``--mb`` megabytes (default 50) is written, then ingested
into a new SQLite ledger by ``claimledger ingest``'s code path
(:func:`claimledger.api.ingest`: read, clean, extract in pieces, store, resolve
speakers, thread). Its text is one of:

- ``demo`` (the default): the paragraphs of the demo corpus's own synthetic articles
  (``demo/articles/*.txt``) repeated with a running number, so no two paragraphs are
  the same but the same speakers and figures come back again and again (one huge
  thread per figure: the hard case for threading);
- ``varied``: news paragraphs invented here from templates, with names, places,
  figures and quotations drawn by a seeded random generator (``--seed``), so that
  speakers and figures keep changing.

Each size runs in a fresh Python process, so its peak resident memory (``ru_maxrss``)
is that ingest's alone, with the pipeline loaded before the clock starts (its memory is
given apart); the article file is written before the process starts. Wall time and the
process's CPU time (user + system: what the machine being shared does not change much)
are both recorded.

Results go to ``benchmarks/results/long_article.json``; rows of other sizes or texts
already there are kept.

Usage::

    python benchmarks/long_article.py [--mb 5 10 50] [--text demo|varied] [--seed 13] [--no-write]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
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
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
started, cpu_started = time.perf_counter(), cpu()
report = api.ingest([{path!r}], settings=settings)
seconds, cpu_seconds = time.perf_counter() - started, cpu() - cpu_started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": round(seconds, 1), "cpu_seconds": round(cpu_seconds, 1), "peak_mb": round(peak / 1024),
                  "pipeline_mb": round(base / 1024), "ingested": report.ingested, "claims": report.claims,
                  "members": report.members, "failed": len(report.failed)}}))
"""

#: Invented names, places and groups for the ``varied`` text.
FIRST = ("Mara", "Tomas", "Ilse", "Dario", "Nadia", "Pavel", "Lena", "Oskar", "Rhea", "Anton", "Sela", "Boris",
         "Ines", "Karel", "Yana", "Milo", "Vera", "Emil", "Zora", "Luka")
LAST = ("Voss", "Reyes", "Ostrel", "Fenn", "Halvik", "Brandt", "Kesler", "Morrow", "Tallis", "Draven", "Quill",
        "Sorel", "Vance", "Lisko", "Mertz", "Orban", "Petrak", "Ruden", "Stahl", "Wenzel")
ROLES = ("a spokesman for the regional council", "the district's chief medic", "the port director",
         "a senior aid official", "the interior minister", "a local commander", "the mayor", "a UN envoy")
PLACES = ("Merran", "Tarvik", "Brasna", "Vell", "Sull", "Kordia", "Ostrava Bay", "Lunden", "Harrow Vale", "Peska",
          "Dunmore", "Rask", "Elbin", "Morvay", "Castel", "Tiran")
GROUPS = ("the Sull Valley Front", "the Old Town Medical Council", "the Red Crescent", "the coast guard",
          "the Ministry of Defence", "the relief agency", "the farmers' union", "the harbour authority")
COUNTED = ("people", "civilians", "families", "fishing boats", "homes", "children", "workers", "lorries of aid",
           "patients", "buses")
VERBS = ("said", "told reporters", "said in a statement", "said on Monday", "told a news conference", "wrote")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TEMPLATES = (
    "At least {n1} {what} were {fate} in {place} on {day}, {group} said, adding that the toll could rise.",
    '"We have counted {n1} {what} so far, and {n2} more are missing," {name}, {role}, {verb}.',
    "{name}, {role}, {verb} that about {n1} {what} had left {place} since {day}, up from {n2} a week earlier.",
    "According to {group}, {n1} {what} remain in {place}, where {n2} {what2} were {fate} last month.",
    '"The situation in {place} is getting worse by the hour," {name} {verb}. "We need at least {n2} more {what2}."',
    "{group} denied the figure of {n1}, saying that no more than {n2} {what} had been {fate} near {place}.",
    "The price of bread in {place} has risen by {pct} percent since {day}, traders told the {outlet}.",
    "{name} said {n1} {what} would be moved from {place} to {place2} within {n3} days.",
)
OUTLETS = ("Herald", "Courier", "Observer", "Gazette")


def varied_paragraph(rng: random.Random, n: int) -> str:
    """One invented news paragraph, its words and figures drawn by ``rng``."""
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    place, place2 = rng.sample(PLACES, 2)
    what, what2 = rng.sample(COUNTED, 2)
    return rng.choice(TEMPLATES).format(
        n1=f"{rng.randint(2, 90_000):,}", n2=rng.randint(2, 5_000), n3=rng.randint(2, 30), pct=rng.randint(2, 300),
        what=what, what2=what2, fate=rng.choice(("killed", "wounded", "evacuated", "rescued")), place=place,
        place2=place2, day=rng.choice(DAYS), group=rng.choice(GROUPS), verb=rng.choice(VERBS), name=name,
        role=rng.choice(ROLES), outlet=rng.choice(OUTLETS),
    ) + f" (Update {n + 1}.)"


def paragraphs() -> list[str]:
    """The paragraphs of the demo corpus's plain-text articles (our own synthetic text)."""
    out = []
    for path in sorted((REPO / "demo" / "articles").glob("*.txt")):
        out.extend(p.strip() for p in re.split(r"\n\s*\n", path.read_text(encoding="utf8")) if len(p.strip()) > 80)
    return out


def make_article(path: Path, megabytes: float, *, text: str = "demo", seed: int = 13) -> int:
    """Write an article of about ``megabytes`` MB to ``path`` (``text``: ``demo`` or
    ``varied``, see the module's description); its size in characters."""
    source = paragraphs() if text == "demo" else []
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    size = 0
    n = 0
    with path.open("w", encoding="utf8") as out:
        out.write("A very long report\n\n")
        while size < target:
            if text == "demo":
                para = f"{source[n % len(source)]} (Update {n + 1}.)\n\n"
                n += 1
            else:
                sentences = []
                for _ in range(rng.randint(1, 3)):
                    sentences.append(varied_paragraph(rng, n))
                    n += 1
                para = " ".join(sentences) + "\n\n"
            out.write(para)
            size += len(para)
    return size


def run(megabytes: float, folder: Path, *, text: str = "demo", seed: int = 13) -> dict[str, object]:
    """Ingest one article of ``megabytes`` MB in a fresh process; its figures."""
    article = folder / f"long_{megabytes:g}mb.txt"
    chars = make_article(article, megabytes, text=text, seed=seed)
    db = folder / f"long_{megabytes:g}mb.db"
    code = CHILD.format(src=str(REPO / "src"), db=str(db), path=str(article))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    row = json.loads(done.stdout.strip().splitlines()[-1])
    ledger_mb = round(db.stat().st_size / 1e6) if db.exists() else None
    article.unlink()
    for path in folder.glob(f"{db.name}*"):
        path.unlink()
    return {"megabytes": megabytes, "text": text, "characters": chars, **row, "ledger_mb": ledger_mb}


def machine() -> dict[str, object]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return {"platform": platform.platform(), "cpu_model": cpu, "cpu_count": os.cpu_count(),
            "python": platform.python_version()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[50.0], help="article sizes in MB (default 50)")
    parser.add_argument("--text", choices=("demo", "varied"), default="demo", help="what the article says")
    parser.add_argument("--seed", type=int, default=13, help="seed of the varied text")
    parser.add_argument("--no-write", action="store_true", help="print only; do not write the results file")
    args = parser.parse_args()
    command = "python benchmarks/long_article.py " + " ".join(sys.argv[1:])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for megabytes in args.mb:
            row = {**run(megabytes, Path(tmp), text=args.text, seed=args.seed), "command": command}
            rows.append(row)
            print(f"{megabytes:>6g} MB {args.text:>6}  {row['seconds']:>8} s (cpu {row['cpu_seconds']} s)  "
                  f"peak {row['peak_mb']:>6} MB (pipeline loaded: {row['pipeline_mb']} MB)  claims {row['claims']}  "
                  f"failed {row['failed']}", flush=True)
    if args.no_write:
        return
    old = json.loads(RESULTS.read_text(encoding="utf8")) if RESULTS.exists() else {}
    done = {(r["megabytes"], r["text"]) for r in rows}
    kept = [r for r in old.get("rows", []) if "text" in r and (r["megabytes"], r["text"]) not in done]
    result = {"command": command, "date": dt.datetime.now().isoformat(timespec="seconds"), "machine": machine(),
              "rows": sorted(kept + rows, key=lambda r: (r["text"], r["megabytes"]))}
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf8")


if __name__ == "__main__":
    main()
