"""Event dates: when did the reported thing happen?

``find_date_expressions(span)`` lists the date expressions of a Doc or Span (spaCy
DATE/TIME entities plus a few patterns the small model misses: weekdays, "yesterday",
"last night", "two days ago", "December 7"). ``resolve_date(expression, published)``
turns one into a calendar day, relative to the article's publication date.
``event_date(span, published)`` is the first expression of the span that resolves.

Only day-precise expressions resolve: "last week", "in December" or "this year" give
None, as do durations ("the past four days") and bare clock times ("10:30 am"). Without
a publication date, relative expressions ("yesterday", "on Wednesday") and year-less
dates ("December 7") give None; dates with a year ("7 December 2016") still resolve.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span

from ..words import MONTH_PATTERN, WEEKDAY_PATTERN
from ..words import WEEKDAYS as WEEKDAY_NAMES
from .extensions import ents_of, text_of

#: Words for a day relative to publication, and the offset in days.
RELATIVE_DAYS: dict[str, int] = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "earlier today": 0, "yesterday": -1, "last night": -1, "the day before yesterday": -2,
    "tomorrow": 1,
}
#: Lower-cased weekday names and their ``date.weekday()`` ("monday": 0).
WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(WEEKDAY_NAMES)}
#: Small numbers written as words, for "two days ago".
COUNT_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}
#: A year-less date more than this far back is read as the coming one if that one falls
#: within :data:`NEAR_FUTURE_DAYS` after publication ("on January 3" in mid-December).
NEAR_FUTURE_DAYS = 31

_MONTH = MONTH_PATTERN
_WEEKDAY = WEEKDAY_PATTERN
_PART_OF_DAY = r"(?:morning|afternoon|evening|night)"
_COUNT = r"(?:\d{1,2}|" + "|".join(COUNT_WORDS) + r")"

#: Expressions the small spaCy model often misses or splits.
_EXPRESSION_RE = re.compile(
    r"\b(?:(?:last|this|next|early|late)\s+)?" + _WEEKDAY + r"(?:['’]s)?(?:\s+" + _PART_OF_DAY + r")?\b"
    r"|(?i:\b(?:the\s+day\s+before\s+yesterday|yesterday(?:\s+" + _PART_OF_DAY + r")?|today|tonight|"
    r"tomorrow|last\s+night|this\s+(?:morning|afternoon|evening)|earlier\s+today)\b)"
    r"|(?i:\b" + _COUNT + r"\s+(?:days?|weeks?)\s+ago\b)"
    r"|\b(?:" + _WEEKDAY + r",?\s+)?" + _MONTH + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?"
    r"|\b(?:" + _WEEKDAY + r",?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\b\.?(?:,?\s+\d{4}\b)?"
    r"|\b\d{4}-\d{2}-\d{2}\b"
)
#: Words around an expression that carry no date ("on Wednesday afternoon").
_LEADING_RE = re.compile(r"^(?:on|in|at|by|since|until|till|from|as of|of|early|late)\s+", re.IGNORECASE)
_TRAILING_RE = re.compile(r"(?:['’]s)?(?:\s+" + _PART_OF_DAY + r")?$", re.IGNORECASE)
_WEEKDAY_RE = re.compile(r"^(?:(?P<which>last|this|next)\s+)?(?P<day>" + _WEEKDAY + r")$", re.IGNORECASE)
_AGO_RE = re.compile(r"^(?P<n>" + _COUNT + r")\s+(?P<unit>day|week)s?\s+ago$", re.IGNORECASE)
#: An explicit calendar date: a month name with a day number, or a numeric date.
_EXPLICIT_RE = re.compile(
    r"\b" + _MONTH + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH
    + r"\b|\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"\b(?:1[89]|20)\d{2}\b")


def resolve_date(expression: str, published: date | None) -> date | None:
    """The calendar day an expression names, relative to the publication date.

    "yesterday" and "last night" are the day before ``published``; "this morning",
    "today" and "tonight" are ``published``; "on Wednesday" is the most recent
    Wednesday on or before ``published`` ("last Wednesday" strictly before, "next
    Wednesday" strictly after); "two days ago" counts back; explicit dates ("December
    7", "7 December 2016", "2016-12-07") go through dateparser with ``published`` at noon
    as the relative base and past dates preferred. Returns None when the expression is
    not a single day, or is relative and ``published`` is None.
    """
    text = _normalize(expression)
    if not text:
        return None
    low = text.lower()
    if low in RELATIVE_DAYS:
        return published + timedelta(days=RELATIVE_DAYS[low]) if published else None
    m = _WEEKDAY_RE.match(text)
    if m:
        return _weekday(WEEKDAYS[m.group("day").lower()], (m.group("which") or "").lower(), published)
    m = _AGO_RE.match(text)
    if m:
        if published is None:
            return None
        n = m.group("n").lower()
        count = int(n) if n.isdigit() else COUNT_WORDS[n]
        return published - timedelta(days=count * (7 if m.group("unit").lower() == "week" else 1))
    if _EXPLICIT_RE.search(text):
        return _explicit(text, published)
    return None


def find_date_expressions(doc_or_span: Doc | Span) -> list[tuple[str, int, int]]:
    """Date expressions as ``(text, start_char, end_char)`` in ``doc.text`` offsets.

    spaCy DATE and TIME entities plus :data:`_EXPRESSION_RE` matches, overlapping ones
    merged, in text order.
    """
    if isinstance(doc_or_span, Span):
        doc, lo, hi = doc_or_span.doc, doc_or_span.start_char, doc_or_span.end_char
        starts, ents = _date_entities(doc)
        first, last = doc_or_span.start, doc_or_span.end
        found = []
        for i in range(bisect_left(starts, first), len(ents)):
            start, end, start_char, end_char = ents[i]
            if start >= last:
                break
            if end <= last:
                found.append((start_char, end_char))
    else:
        doc, lo, hi = doc_or_span, 0, len(text_of(doc_or_span))
        found = [(e[2], e[3]) for e in _date_entities(doc)[1]]
    text = text_of(doc)[lo:hi]  # the span's own text: offsets below are shifted by ``lo``
    found += [(lo + m.start(), lo + m.end()) for m in _EXPRESSION_RE.finditer(text)]
    merged: list[list[int]] = []
    for start, end in sorted(found):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(text[s - lo:e - lo], s, e) for s, e in merged]


def _date_entities(doc: Doc) -> tuple[list[int], list[tuple[int, int, int, int]]]:
    """The DATE and TIME entities of ``doc`` as ``(start, end, start_char, end_char)``,
    in order, with the list of their first tokens for bisection; built once per document."""
    cached = doc.user_data.get("claimledger.date_ents")
    if cached is None:
        ents = [(e.start, e.end, e.start_char, e.end_char) for e in ents_of(doc) if e.label_ in ("DATE", "TIME")]
        cached = doc.user_data["claimledger.date_ents"] = ([e[0] for e in ents], ents)
    return cached


def event_date(span: Doc | Span, published: date | None) -> date | None:
    """The first date expression of ``span`` that resolves to a day, or None."""
    for text, _, _ in find_date_expressions(span):
        day = resolve_date(text, published)
        if day is not None:
            return day
    return None


def _normalize(expression: str) -> str:
    """Strip prepositions, possessives and parts of the day: "On Wednesday's" -> "Wednesday"."""
    text = " ".join(expression.replace("’", "'").split()).strip(" ,.;:()")
    low = text.lower()
    if low in RELATIVE_DAYS or low.startswith(("yesterday", "the day before")):
        return text if low in RELATIVE_DAYS else _TRAILING_RE.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _LEADING_RE.sub("", text)
    if text.lower() in RELATIVE_DAYS:
        return text
    return _TRAILING_RE.sub("", text).strip()


def _weekday(day: int, which: str, published: date | None) -> date | None:
    """The weekday nearest ``published``: on or before it, or strictly before/after."""
    if published is None:
        return None
    back = (published.weekday() - day) % 7
    if which == "last" and back == 0:
        back = 7
    if which == "next":
        ahead = (day - published.weekday()) % 7 or 7
        return published + timedelta(days=ahead)
    return published - timedelta(days=back)


@lru_cache(maxsize=64)
def _parser(published: date | None) -> Any:
    """A dateparser parser for one publication date (English only, no network)."""
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "REQUIRE_PARTS": ["day", "month"],
    }
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day, 12)
    return DateDataParser(languages=["en"], settings=settings)


def _explicit(text: str, published: date | None) -> date | None:
    """An explicit calendar date; year-less ones need ``published``."""
    has_year = bool(_YEAR_RE.search(text))
    if published is None and not has_year:
        return None
    try:
        data = _parser(published).get_date_data(text)
    except (ValueError, OverflowError):
        return None
    if data is None or data.date_obj is None or data.period not in ("day", "time"):
        return None
    day = data.date_obj.date()
    if not has_year and published is not None and (published - day).days > 365 - NEAR_FUTURE_DAYS:
        try:
            coming = day.replace(year=day.year + 1)
        except ValueError:  # 29 February
            return day
        if 0 <= (coming - published).days <= NEAR_FUTURE_DAYS:
            return coming
    return day
