"""Choose the threading settings by k-fold over the GVA incidents.

usage: python benchmarks/gva_folds.py --db LEDGER [--folds 2] [--grid JSON]

``LEDGER`` is a ledger of ``<shared>/eval/gva/articles.jsonl`` (``python benchmarks/gva.py
--db LEDGER`` makes one). For each combination of the ``--grid`` settings (a JSON object
of setting name -> values, default the three thread settings chosen this way), the
threads are built again in memory from the stored claims, as ``claimledger threads
--rebuild`` builds them (nothing is written), and scored by ``<shared>/eval/gva/score.py``
on each fold of incidents (an incident's fold is a hash of its id), as ``gva.py`` scores
them (running totals left out). A setting is kept when it links best on every fold while
its ``foreign`` share over all incidents stays at or under 0.01 (a fold's own ``foreign``
counts only the figures of its incidents, so it understates what merges across folds: 0.007
in each fold against 0.016 over all, for one setting).
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import itertools
import json
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from gva import KINDS, shared_dir  # noqa: E402

from claimledger import runner  # noqa: E402
from claimledger.link import threads as threading  # noqa: E402
from claimledger.settings import Settings  # noqa: E402
from claimledger.store import open_store  # noqa: E402

GRID = {"thread_context_weight": [0.5, 0.7], "thread_followup_similarity": [0.4, 0.5, 0.6],
        "thread_min_similarity": [0.15, 0.2]}


def inputs(db: str) -> list[tuple[str, dict[str, Any]]]:
    """Every stored article with its input id, in the order a rebuild threads them."""
    con = sqlite3.connect(db)
    external = dict(con.execute("SELECT id, external_id FROM articles"))
    ids = [r[0] for r in con.execute("SELECT id FROM articles ORDER BY published IS NULL, published, rowid")]
    # the store reads an article's claims lazily; every setting of the grid reads them again
    return [(external[a["id"]], {**a, "claims": list(a["claims"])}) for a in open_store(db).thread_inputs(ids)]


def build(articles: list[tuple[str, dict[str, Any]]], settings: Settings) -> tuple[list[dict], dict[int, Any]]:
    """The scorer's figure lines and headlines of the threads these settings build."""
    threader = runner.new_threader(settings)
    figures, by_thread = [], defaultdict(list)
    for external, art in articles:
        for claim_members in runner.thread_members(art, settings):
            for m in claim_members:
                threader.add(m)
                kind = KINDS.get(m.measure.event)
                if kind is None or m.measure.cumulative:
                    continue
                by_thread[m.thread_id].append(m)
                if m.unit is None:
                    value = max(m.value) if isinstance(m.value, list) else m.value
                    figures.append({"doc_id": external, "thread_id": m.thread_id, "kind": kind, "value": value})
    headlines = {}
    for tid, members in by_thread.items():
        found = threading.current_figures([threading.Figure(
            series=m.series, value=m.value, change=m.change, low=m.low, high=m.high, published=m.published,
            day=m.day, sources=m.sources, article_id=m.article_id, implicit=m.implicit) for m in members])
        for c in found:
            if c["series"] == "count":
                headlines[tid] = max(c["value"]) if isinstance(c["value"], list) else c["value"]
    return figures, headlines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--folds", type=int, default=2)
    ap.add_argument("--grid", default=json.dumps(GRID))
    args = ap.parse_args()
    gva = shared_dir() / "eval" / "gva"
    spec = importlib.util.spec_from_file_location("gva_score", gva / "score.py")
    scorer = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(scorer)  # type: ignore[union-attr]
    gold = scorer.load_jsonl(gva / "incidents.jsonl")
    published = {a["id"]: a["published"] or "" for a in scorer.load_jsonl(gva / "articles.jsonl")}
    fold = {g["incident_id"]: int(hashlib.md5(g["incident_id"].encode()).hexdigest(), 16) % args.folds for g in gold}
    articles = inputs(args.db)
    grid = json.loads(args.grid)
    for values in itertools.product(*grid.values()):
        chosen = dict(zip(grid, values, strict=True))
        figures, headlines = build(articles, Settings(**chosen))
        cells = []
        for k in range(args.folds):
            part = [g for g in gold if fold[g["incident_id"]] == k]
            res = scorer.score(figures, part, published, "dev", headlines=headlines)
            cells.append(f"{res['doc_b3m_f1']:.3f}/{res['value_acc']:.3f}/{res['foreign']:.4f}")
        whole = scorer.score(figures, gold, published, "dev", headlines=headlines)
        print(json.dumps(chosen), "  linking/headline/foreign per fold:", "  ".join(cells),
              f"  foreign over all incidents: {whole['foreign']:.4f}", flush=True)


if __name__ == "__main__":
    main()
