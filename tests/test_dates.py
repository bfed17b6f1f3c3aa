"""Tests for claimledger.nlp.dates, on invented sentences."""
from __future__ import annotations

from datetime import date

import pytest

from claimledger.extract import claims_of_text
from claimledger.nlp.dates import event_date, find_date_expressions, resolve_date

WED = date(2016, 12, 14)  # a Wednesday
THU = date(2016, 12, 8)  # a Thursday



# expression, published, expected
RESOLVE = [
    ("yesterday", THU, date(2016, 12, 7)),
    ("Yesterday afternoon", THU, date(2016, 12, 7)),
    ("today", WED, WED),
    ("this morning", WED, WED),
    ("tonight", WED, WED),
    ("last night", WED, date(2016, 12, 13)),
    ("the day before yesterday", WED, date(2016, 12, 12)),
    ("tomorrow", WED, date(2016, 12, 15)),
    ("on Wednesday", WED, WED),
    ("On Wednesday afternoon", WED, WED),
    ("Wednesday's", WED, WED),
    ("Monday night", WED, date(2016, 12, 12)),
    ("on Thursday", WED, date(2016, 12, 8)),
    ("last Wednesday", WED, date(2016, 12, 7)),
    ("next Friday", WED, date(2016, 12, 16)),
    ("two days ago", WED, date(2016, 12, 12)),
    ("3 weeks ago", WED, date(2016, 11, 23)),
    ("December 7", WED, date(2016, 12, 7)),
    ("Dec. 7", WED, date(2016, 12, 7)),
    ("on 7 December", WED, date(2016, 12, 7)),
    ("7th December", WED, date(2016, 12, 7)),
    ("Friday, December 9", WED, date(2016, 12, 9)),
    ("7 December 2016", WED, date(2016, 12, 7)),
    ("March 3, 2015", WED, date(2015, 3, 3)),
    ("2016-12-07", WED, date(2016, 12, 7)),
    ("June 1", WED, date(2016, 6, 1)),
    ("December 20", WED, date(2016, 12, 20)),  # a week ahead, not a year back
    ("January 3", WED, date(2017, 1, 3)),
    # not a single day
    ("last week", WED, None),
    ("this year", WED, None),
    ("in December", WED, None),
    ("December 2016", WED, None),
    ("the past four days", WED, None),
    ("four days", WED, None),
    ("10:30 am", WED, None),
    ("the 1990s", WED, None),
    ("overnight", WED, None),
    ("", WED, None),
    # no publication date: relative and year-less expressions give None
    ("yesterday", None, None),
    ("on Wednesday", None, None),
    ("two days ago", None, None),
    ("December 7", None, None),
    ("7 December 2016", None, date(2016, 12, 7)),
    ("2016-12-07", None, date(2016, 12, 7)),
]


@pytest.mark.parametrize("expression,published,expected", RESOLVE)
def test_resolve_date(expression, published, expected):
    assert resolve_date(expression, published) == expected


# sentence, expression texts found
EXPRESSIONS = [
    ("Aid trucks were turned back yesterday at the crossing.", ["yesterday"]),
    ("On Tuesday evening the mayor resigned.", ["Tuesday evening"]),
    ("The talks of 3 May 2016 failed, and more followed last Friday.", ["3 May 2016", "last Friday"]),
    ("Two days ago the bridge collapsed.", ["Two days ago"]),
    ("The river rose sharply, officials said.", []),
]


@pytest.mark.parametrize("text,expected", EXPRESSIONS)
def test_find_date_expressions(nlp, text, expected):
    doc = nlp(text)
    found = find_date_expressions(doc)
    assert [t for t, _, _ in found] == expected
    for t, start, end in found:
        assert doc.text[start:end] == t


# sentence, published, event date
EVENTS = [
    ("About 900 patients were moved yesterday from the hospital.", THU, date(2016, 12, 7)),
    ("On Wednesday afternoon engineers reopened the main road.", WED, WED),
    ("In the past four days the front line has barely moved.", WED, None),
    ("Over the last four days, and again on Monday, shells fell on the market.", WED, date(2016, 12, 12)),
    ("The mayor said on 2 November 2016 that the wells were dry.", None, date(2016, 11, 2)),
    ("The mayor said on Monday that the wells were dry.", None, None),
]


@pytest.mark.parametrize("text,published,expected", EVENTS)
def test_event_date(nlp, text, published, expected):
    assert event_date(nlp(text), published) == expected


def test_event_date_reads_only_its_span(nlp):
    doc = nlp("Crews arrived on Monday. The dam burst yesterday.")
    first, second = list(doc.sents)
    assert event_date(first, WED) == date(2016, 12, 12)
    assert event_date(second, WED) == date(2016, 12, 13)
    starts = [s for _, s, _ in find_date_expressions(second)]
    assert all(s >= second.start_char for s in starts)


def test_bare_weekday_in_a_verbless_claim_is_dated():
    """A weekday opening a claim whose sentence has no verb: the search for the clause's
    tense stops at the sentence root (it once never stopped)."""
    claims = claims_of_text("Sunday night in Aleppo, a quiet night, according to the spokesman.\n", published="2016-12-07")
    assert [(c.content.text, c.event_date) for c in claims] == [("Sunday night in Aleppo, a quiet night", date(2016, 12, 4))]
