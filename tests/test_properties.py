"""Properties that hold for any text or bytes: article text is hostile input.

For arbitrary input the readers, the cleaner and the extractors never raise (a reader
may only yield coded errors), every span lies inside the text and its recorded text is
the text at that span, and body ranges are ordered and disjoint.
"""
from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger.clean import clean
from claimledger.errors import ClaimledgerError
from claimledger.extract import extract_claims
from claimledger.ingest import read_articles
from claimledger.records import Article

#: Text built from news-like pieces as well as anything Unicode has: quotation marks,
#: numbers, line breaks, control characters, markup.
NEWS_BITS = st.sampled_from([
    "said", " the minister", "\u201c", "\u201d", '"', "'", "according to", ":", "\n", "\n\n", " ", "5", "1,500",
    "%", "$", " fighters", " killed", "\x1b[2J", "\x00", "\r", "<script>", "&amp;", "-", "\u2014", "Monday", ".",
])
TEXT = st.lists(st.one_of(NEWS_BITS, st.text(max_size=12)), max_size=40).map("".join)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def spans_inside(article: Article) -> None:
    n = len(article.text)
    ranges = sorted(article.body)
    assert all(0 <= s < e <= n for s, e in ranges)
    assert all(a[1] <= b[0] for a, b in zip(ranges, ranges[1:], strict=False))
    if article.title_span:
        s, e = article.title_span
        assert 0 <= s <= e <= n


@FAST
@given(text=TEXT, title=st.one_of(st.none(), TEXT))
def test_cleaning_any_text_keeps_ranges_inside_and_ordered(text, title):
    article = clean(Article(text=text, title=title))
    spans_inside(article)
    spans_inside(clean(article))


@FAST
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".jsonl", ".html"]))
def test_reading_any_bytes_yields_articles_or_coded_errors(tmp_path_factory, data, suffix):
    path = Path(tmp_path_factory.mktemp("bytes")) / f"input{suffix}"
    path.write_bytes(data)
    for item in read_articles([path]):
        if isinstance(item, ClaimledgerError):
            assert str(item).startswith("[E")
        else:
            assert item.text.strip()


@FAST
@given(lines=st.lists(st.one_of(
    TEXT.map(lambda t: json.dumps({"text": t})),
    st.fixed_dictionaries({"text": TEXT, "published": st.text(max_size=12)}).map(json.dumps),
    st.text(alphabet=string.printable, max_size=30),
), max_size=6))
def test_reading_any_jsonl_lines_never_raises(tmp_path_factory, lines):
    path = Path(tmp_path_factory.mktemp("jsonl")) / "input.jsonl"
    path.write_text("\n".join(lines), encoding="utf8")
    items = list(read_articles([path]))
    # a generated line may hold line breaks of its own: count the lines the file holds
    physical = "\n".join(lines).splitlines()
    assert len(items) <= len([line for line in physical if line.strip()]) + 1


@SLOW
@given(text=TEXT)
def test_extracting_any_text_gives_spans_that_map_back(nlp, text):
    article = clean(Article(text=text))
    for claim in next(extract_claims([article], nlp=nlp))[1]:
        for item in (claim.content, claim.cue, claim.speaker, *claim.speakers, *claim.quantities):
            if item is None or item.span is None:
                continue
            start, end = item.span
            assert 0 <= start <= end <= len(text)
            assert text[start:end] == item.text


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "\x00\x1b\x07", "\u201c", '"' * 50, "5" * 300])
def test_degenerate_texts_extract_without_error(nlp, text):
    article = clean(Article(text=text or " "))
    assert isinstance(next(extract_claims([article], nlp=nlp))[1], list)
