"""Do speaker identities depend on the order of ingests, or on two ingests running at once?

The corpus (default ``../shared/corpora/aleppo_2016H2.jsonl``) is read, cleaned and
extracted once; its articles with their claims are then stored through the ingest's
own steps (``claimledger.runner``: store, find copies, every later step) into fresh
ledgers, in three ways:

* ``forward``: one ingest, in corpus order;
* ``reverse``: one ingest, in reverse order;
* ``halves``: two processes at once, one the even-numbered articles, one the odd.

Every claim's speakers (name and type of each position) are compared with the
forward ledger's; a claim differs when any of its speakers does. Claim threads are
left out (``threads = false``): they do not decide speakers.

Results go to ``benchmarks/results/identity_order.json``.

Usage::

    python benchmarks/identity_order.py [--corpus FILE] [--limit N] [--cache FILE] [--no-write]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLAIMLEDGER_SHARED") or REPO.parent / "shared")
RESULTS = REPO / "benchmarks" / "results" / "identity_order.json"
#: Steps before storing: the prepared articles are read, cleaned and extracted already.
BEFORE_STORE = {"Stream", "Read", "SkipKnown", "LearnRecurring", "Clean", "ExtractAndStore"}


def prepare(corpus: Path, limit: int | None, cache: Path) -> int:
    """Read, clean and extract ``corpus`` once; write ``{"article", "claims"}`` lines to ``cache``."""
    from claimledger import api, runner
    from claimledger.settings import Settings

    settings = Settings(db=":memory:")
    articles = [a for a in api.read([corpus]) if not isinstance(a, Exception)]
    articles = articles[:limit] if limit else articles
    runner.clean_once(articles, runner.recurring_lines(articles, settings=settings))
    n = 0
    with cache.open("w", encoding="utf8") as out:
        for article, claims in runner.extract_safely(articles, settings=settings):
            if isinstance(claims, Exception):
                continue
            out.write(json.dumps({"article": article.to_json(), "claims": [c.to_json() for c in claims]}) + "\n")
            n += 1
    return n


def load(cache: Path) -> list[tuple[object, list[object]]]:
    from claimledger.records import Article, Claim

    rows = [json.loads(line) for line in cache.read_text(encoding="utf8").splitlines()]
    return [(Article.from_json(r["article"]), [Claim.from_json(c) for c in r["claims"]]) for r in rows]


def store(cache: Path, db: str, start: int, step: int) -> dict[str, object]:
    """Store every ``step``-th prepared article from ``start`` (``step`` < 0: backwards) into ``db``."""
    from claimledger import runner
    from claimledger.settings import Settings

    items = load(cache)
    items = items[::-1] if step < 0 else items
    items = items[start::abs(step)]

    class StorePrepared:
        name = "store prepared"

        def __call__(self, batch: runner.Batch) -> None:
            for article, claims in items:
                if runner.ExtractAndStore._store(batch, article, claims):
                    batch.stored.append(article)

    later = [s for s in runner.ingest_steps([]) if type(s).__name__ not in BEFORE_STORE]
    started = time.perf_counter()
    report = runner.run([StorePrepared(), *later], Settings(db=db, threads=False))
    return {"seconds": round(time.perf_counter() - started, 1), "ingested": report.ingested,
            "failed": [m for _s, m in report.failed]}


def speakers(db: str) -> dict[tuple[str, int], tuple[tuple[str, str], ...]]:
    """(article id, seq) -> the (canonical, type) of each of the claim's speakers."""
    import sqlite3

    conn = sqlite3.connect(db)
    out: dict[tuple[str, int], list[tuple[int, str, str]]] = {}
    for article_id, seq, position, canonical, kind in conn.execute(
        "SELECT c.article_id, c.seq, cs.position, s.canonical, s.type FROM claims c"
        " JOIN claim_speakers cs ON cs.claim_id = c.id JOIN speakers s ON s.id = cs.speaker_id"
    ):
        out.setdefault((article_id, seq), []).append((position, canonical, kind))
    conn.close()
    return {k: tuple((c, t) for _p, c, t in sorted(v)) for k, v in out.items()}


def differing(a: dict, b: dict) -> int:
    return sum(a.get(k) != b.get(k) for k in a.keys() | b.keys())


def child(args: list[str]) -> None:
    cache, db, start, step = args
    print(json.dumps(store(Path(cache), db, int(start), int(step))))


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        return child(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpora" / "aleppo_2016H2.jsonl")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--cache", type=Path, default=None, help="prepared articles (made when missing)")
    parser.add_argument("--no-write", action="store_true", help="print only; do not write the results file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cache = args.cache or Path(tmp) / "prepared.jsonl"
        if not cache.exists():
            print(f"prepared {prepare(args.corpus, args.limit, cache)} articles", flush=True)
        here = str(Path(__file__).resolve())
        runs = {}
        for name, jobs in {
            "forward": [(0, 1)], "reverse": [(0, -1)], "halves": [(0, 2), (1, 2)],
        }.items():
            db = str(Path(tmp) / f"{name}.db")
            procs = [subprocess.Popen([sys.executable, here, "--child", str(cache), db, str(s), str(k)],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for s, k in jobs]
            outs = [p.communicate() for p in procs]
            reports = []
            for (out, err), p in zip(outs, procs, strict=True):
                if p.returncode != 0:
                    reports.append({"exit": p.returncode, "error": err.strip().splitlines()[-1] if err.strip() else ""})
                else:
                    reports.append(json.loads(out.strip().splitlines()[-1]))
            runs[name] = {"db": db, "reports": reports}
        base = speakers(runs["forward"]["db"])
        rows = {}
        for name, run in runs.items():
            found = speakers(run["db"])
            rows[name] = {"claims": len(found), "speakers": len({s for v in found.values() for s in v}),
                          "claims_differing_from_forward": differing(base, found), "reports": run["reports"]}
            print(f"{name:>8}: {rows[name]['claims']} claims, {rows[name]['speakers']} speakers, "
                  f"{rows[name]['claims_differing_from_forward']} differ from forward  {run['reports']}", flush=True)
    shown = [a for a in sys.argv[1:] if a != "--cache" and (args.cache is None or a != str(args.cache))]
    result = {"command": "python benchmarks/identity_order.py " + " ".join(shown),
              "date": dt.datetime.now().isoformat(timespec="seconds"),
              "machine": {"platform": platform.platform(), "cpu_count": os.cpu_count(),
                          "python": platform.python_version()},
              "corpus": str(args.corpus.name), "limit": args.limit, "rows": rows}
    if not args.no_write:
        RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf8")


if __name__ == "__main__":
    main()
