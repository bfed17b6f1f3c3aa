"""The shipped demo corpus: it ingests whole, and its ledger holds the claims its gold lists.

``demo/expected.json`` was written with the synthetic corpus (same format as the seeds'
gold). The floor below is the recall recorded in ``benchmarks/results/gold.json``; raise
it when extraction improves, never lower it without saying why in the commit.
"""
from __future__ import annotations

import sys

from conftest import REPO

from claimledger import api
from claimledger.settings import Settings

sys.path.insert(0, str(REPO / "benchmarks"))
import gold as gold_benchmark  # noqa: E402

DEMO_RECALL_FLOOR = 0.92


def test_demo_ingests_without_failures(tmp_path):
    settings = Settings(db=str(tmp_path / "demo.db"))
    report = api.ingest([REPO / "demo" / "articles"], manifest=REPO / "demo" / "manifest.csv", settings=settings)
    assert report.failed == []
    assert report.ingested == 18
    again = api.ingest([REPO / "demo" / "articles"], manifest=REPO / "demo" / "manifest.csv", settings=settings)
    assert (again.ingested, again.duplicates) == (0, 18)


def test_demo_gold_recall_meets_floor():
    report = gold_benchmark.score_set(REPO / "demo" / "expected.json")
    assert report.recall >= DEMO_RECALL_FLOOR, report.missed


#: Gold framing entries found (benchmarks/results/gold.json); raise it when framing improves.
DEMO_FRAMING_FLOOR = 21


def test_demo_framing_meets_floor_and_new_outlets_frame_the_same_claims_differently():
    from claimledger.evaluate import GoldReport

    framing = GoldReport()
    gold_benchmark.score_set(REPO / "demo" / "expected.json", framing)
    assert len(framing.found) >= DEMO_FRAMING_FLOOR, framing.missed
    assert not [g for g in framing.missed if g.startswith(("016-", "017-"))], framing.missed


def test_demo_same_claim_doubted_by_one_outlet_and_endorsed_by_another():
    articles = api.read([REPO / "demo" / "articles" / name for name in
                         ("016_observer_two-counts.txt", "017_patriot_1200-confirmed.txt")])
    stance = {}
    for article, claims in api.extract(api.clean_batch(articles)):
        for claim in claims:
            for figure in ("1,200", "4,000"):
                if figure in claim.content.text and claim.kind == "indirect":
                    stance[(article.source.rsplit("/", 1)[-1][:3], figure)] = claim.frame.stance
    assert stance == {("016", "1,200"): "doubt", ("016", "4,000"): "doubt",
                      ("017", "1,200"): "endorse", ("017", "4,000"): "doubt"}
