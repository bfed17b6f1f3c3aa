"""Acceptance: the ledger of the two seed reports matches the hand-made gold.

The seeds and their gold live in ``../shared/seeds`` (third-party text stays there).
Every gold claim must be matched by an extracted claim: speaker within
``speaker_accept``, content containing ``content_contains``, every listed quantity,
the cue and ``event_date`` where given; boilerplate lines must be gone and the body
kept whole. This holds with both seeds read together and with each alone.
"""
from __future__ import annotations

import json

import pytest
from conftest import SHARED

from claimledger import api
from claimledger.evaluate import framing_why_not, matches
from claimledger.records import Article, Claim

SEEDS = SHARED / "seeds"
pytestmark = [pytest.mark.shared, pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")]


def gold() -> dict:
    return json.loads((SEEDS / "expected.json").read_text(encoding="utf8"))


def read_seeds(names: list[str]) -> list[tuple[Article, list[Claim]]]:
    """Ingest the named seeds with the outlet and date the gold gives, then extract."""
    articles = []
    for name in names:
        meta = gold()["articles"][name]
        articles.extend(api.read([SEEDS / name], outlet=meta["outlet"], published=meta["published"]))
    return list(api.extract(api.clean_batch(articles)))


def gold_cases():
    if not SEEDS.is_dir():  # collected all the same; the module's skip says why
        return
    for name, meta in gold()["articles"].items():
        for want in meta["claims"]:
            yield pytest.param(name, want, id=want["id"])


@pytest.fixture(scope="module")
def both():
    return {a.source.split(":")[0].rsplit("/", 1)[-1]: (a, c) for a, c in read_seeds(sorted(gold()["articles"]))}


@pytest.mark.parametrize("name,want", list(gold_cases()))
def test_gold_claim_found_with_both_seeds(both, name, want):
    article, claims = both[name]
    assert any(matches(c, article, want) for c in claims), [c.to_json() for c in claims]


@pytest.mark.parametrize("name", sorted(gold()["articles"]) if SEEDS.is_dir() else [])
def test_gold_claims_found_with_each_seed_alone(name):
    ((article, claims),) = read_seeds([name])
    missing = [w["id"] for w in gold()["articles"][name]["claims"] if not any(matches(c, article, w) for c in claims)]
    assert missing == []


@pytest.mark.parametrize("name", sorted(gold()["articles"]) if SEEDS.is_dir() else [])
def test_boilerplate_gone_and_body_whole(both, name):
    article, _ = both[name]
    meta = gold()["articles"][name]
    kept = [article.text[s:e] for s, e in article.body]
    for line in meta["boilerplate_lines"]:
        assert not any(line in chunk for chunk in kept), line
    text = article.text
    start = text.index(meta["body_starts_with"])
    end = text.index(meta["body_ends_with"]) + len(meta["body_ends_with"])
    for offset, line in _lines(text, start, end):
        assert any(s <= offset and offset + len(line) <= e for s, e in article.body), line
    assert article.title == meta["title"]


def _lines(text: str, start: int, end: int):
    pos = start
    for line in text[start:end].split("\n"):
        stripped = line.strip()
        if stripped:
            yield pos + line.index(stripped), stripped
        pos += len(line) + 1


def framing_cases():
    if not SEEDS.is_dir():
        return
    for name, meta in gold()["articles"].items():
        for entry in meta.get("framing", []):
            yield pytest.param(name, entry, id=entry["id"])


@pytest.mark.parametrize("name,entry", list(framing_cases()))
def test_gold_framing_found(both, name, entry):
    """The outlet doubting, endorsing and weighing the claims it reports, and its labels."""
    article, claims = both[name]
    meta = gold()["articles"][name]
    assert framing_why_not(entry, article, claims, meta["claims"]) is None
