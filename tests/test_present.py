"""The view models every reader renders (claimledger.present), from hand-made records."""
from __future__ import annotations

from datetime import date

import pytest

from claimledger import present
from claimledger.records import (
    Article,
    Claim,
    LedgerSpeaker,
    Quantity,
    Speaker,
    StoredClaim,
    StoredThread,
    TextSpan,
    ThreadMember,
)

TEXT = "Port news\n\nOnly 1,500 fighters are left, the envoy said. Around 2,000 remain, the army said.\nShare this"


def quantity(value, span, *, unit=None, qualifier=None, change="=", counted="fighter") -> Quantity:
    return Quantity(value=value, unit=unit, counted=counted, qualifier=qualifier, span=span,
                    text=TEXT[span[0]:span[1]], change=change)


def claim(speaker: str, content: tuple[int, int], q: Quantity, *, day=None) -> Claim:
    return Claim(
        speaker=Speaker(speaker, None, speaker.title(), type="person"),
        content=TextSpan(TEXT[content[0]:content[1]], content),
        kind="indirect", cue=None, event_date=day, quantities=[q],
    )


ENVOY = claim("the envoy", (11, 40), quantity(1500, (11, 30), qualifier="only"), day=date(2016, 12, 14))
ARMY = claim("the army", (57, 75), quantity(2000, (57, 69), qualifier="around", change="~"), day=date(2016, 12, 13))


@pytest.mark.parametrize(
    "value,expected",
    [(1500, "1,500"), (2.0, "2"), (0.25, "0.25"), ([20, 30], "20–30"), ((1.0, 2.5), "1–2.5")],
)
def test_format_value(value, expected):
    assert present.format_value(value) == expected


@pytest.mark.parametrize(
    "count,word,expected", [(0, "claim", "0 claims"), (1, "claim", "1 claim"), (1200, "thread", "1,200 threads")]
)
def test_plural(count, word, expected):
    assert present.plural(count, word) == expected


@pytest.mark.parametrize(
    "text,width,expected",
    [("short", 10, "short"), ("a\nb  c", 10, "a b c"), ("abcdefghijkl", 6, "abcde…")],
)
def test_shorten(text, width, expected):
    assert present.shorten(text, width) == expected


def test_claim_row_takes_the_ledger_speaker_over_the_extracted_one():
    stored = StoredClaim(ENVOY, "a1", 0, "Gazette", "2016-12-14", "Port news",
                         identities={0: LedgerSpeaker(7, "Mara Voss", "person")})
    row = present.claim_row(stored)
    assert (row.speaker, row.speaker_text, row.quantities) == ("Mara Voss", "the envoy", "1,500 fighter (only)")
    assert (row.content_start, row.content_end, row.event_date) == (11, 40, "2016-12-14")
    assert tuple(row.to_json()) == present.CSV_COLUMNS


def test_article_view_marks_title_debris_and_numbered_claims():
    article = Article(TEXT, outlet="Gazette", title="Port news", title_span=(0, 9), body=[(11, 92)])
    stored = [StoredClaim(c, article.id, i, "Gazette", None, "Port news") for i, c in enumerate((ENVOY, ARMY))]
    view = present.article_view(article, stored)
    kinds = {(m.kind, m.label, TEXT[m.start:m.end]) for m in view.marks}
    assert ("title", "title", "Port news") in kinds
    assert ("debris", "debris", "Share this") in kinds
    assert ("claim", "claim 1", ENVOY.content.text) in kinds and ("claim", "claim 2", ARMY.content.text) in kinds
    assert [c.seq for c in view.claims] == [0, 1]


def member(c: Claim, index: int, outlet: str) -> ThreadMember:
    return ThreadMember(claim_id=index, qindex=0, article_id=f"a{index}", outlet=outlet, claim=c, day=c.event_date,
                        conflicts_with=[1 - index])


def test_timeline_groups_by_unit_and_orders_by_date():
    thread = StoredThread(3, "fighters remaining", [member(ENVOY, 0, "Gazette"), member(ARMY, 1, "Courier")],
                          conflict=True, sources=2)
    view = present.timeline(thread)
    assert [s.unit for s in view.series] == ["count"]
    entries = view.series[0].entries
    assert [(e.index, e.date, e.value, e.qualifier, e.who) for e in entries] == [
        (1, "2016-12-13", "2,000", "around", "The Army"),
        (0, "2016-12-14", "1,500", "only", "The Envoy"),
    ]
    assert entries[0].conflicts_with == (0,) and entries[1].sentence.startswith("Only 1,500 fighters")
    row = present.thread_row(thread)
    assert (row.members, row.values, row.days, row.conflict) == (2, "1,500–2,000", "2016-12-13 – 2016-12-14", True)
    assert view.to_json()["series"][0]["entries"][0]["value"] == "2,000"


def test_summary_view_tables():
    counts = {"articles": 2, "claims_total": 3, "quantities": 4, "outlets": {"Gazette": 2},
              "claims": {"direct": 1, "indirect": 2}, "top_speakers": [{"canonical": "Mara Voss", "type": "person", "claims": 2}]}
    view = present.summary_view(counts)
    assert (view.articles, view.claims, view.quantities) == (2, 3, 4)
    assert [t.title for t in view.tables] == ["Articles per outlet", "Claims per kind", "Top speakers"]
    assert view.tables[2].rows == (("Mara Voss", "person", 2),)
