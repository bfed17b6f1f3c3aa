"""Extraction stage: articles in, attributed claims out.

The spaCy pipeline reads the article's original text with everything that is not
title or body blanked out (same length, line breaks kept), so every token offset is
an offset into ``Article.text``: no mapping back is needed.

An article longer than :data:`MAX_ARTICLE_CHARS` is parsed in pieces of at most
:data:`PIECE_CHARS` that end at a paragraph break where there is one (:func:`pieces`); each piece's claims are moved
back by the piece's offset, so spans still point into ``Article.text``. Memory then
grows with the piece, not with the article, and no article is too long for spaCy. Each
Doc's ``user_data`` (where the components cache spans of it) is cleared once its claims
are taken, so the Doc is freed at once rather than at Python's next full collection of
reference cycles, which comes rarer as an article's claims pile up.
Speakers are resolved within a piece ("he" finds its name in the same piece).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from .records import Article, Claim
from .settings import Settings

#: Articles longer than this many characters are parsed in pieces (no article of the
#: news corpora we measure on comes near it; spaCy's own limit is 1,000,000).
MAX_ARTICLE_CHARS = 50_000
#: The most characters of a piece. The parser's memory and time grow faster than the
#: length of what it reads, so pieces are short: a batch of pieces is then no bigger
#: than a batch of ordinary articles.
PIECE_CHARS = 10_000

_NOT_NEWLINE = re.compile(r"[^\n]")


def masked_text(article: Article) -> str:
    """``article.text`` with debris replaced by spaces, line breaks kept."""
    kept = article.kept
    text = article.text
    if not kept:
        return text
    parts: list[str] = []
    pos = 0
    for start, end in kept:
        start, end = max(start, pos), min(end, len(text))
        if start > pos:
            parts.append(_NOT_NEWLINE.sub(" ", text[pos:start]))
        if end > start:
            parts.append(text[start:end])
            pos = end
    parts.append(_NOT_NEWLINE.sub(" ", text[pos:]))
    return "".join(parts)


def pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """Consecutive ranges covering ``text``, each at most ``limit`` characters.

    A piece ends after the last paragraph break (a blank line) in its second half,
    else after the last line break there, else after the last space, else at the
    limit itself (a line of ``limit`` characters without a space).

    >>> pieces("one\n\ntwo three", limit=9)
    [(0, 5), (5, 14)]
    """
    if len(text) <= limit:
        return [(0, len(text))]
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        low, high = start + limit // 2, start + limit
        end = high
        for mark in ("\n\n", "\n", " "):
            found = text.rfind(mark, low, high)
            if found != -1:
                end = found + len(mark)
                break
        out.append((start, end))
        start = end
    out.append((start, len(text)))
    return out


def make_doc(nlp: Language, article: Article, text: str | None = None, offset: int = 0) -> Doc:
    """A tokenized Doc over the masked text (or over ``text``, the piece of it that
    starts at ``offset``), with the article's metadata attached."""
    doc = nlp.make_doc(masked_text(article) if text is None else text)
    doc._.published = article.published
    doc._.outlet = article.outlet
    title = article.title_span
    if title and offset <= title[0] and title[1] <= offset + len(doc.text):
        doc._.title_span = (title[0] - offset, title[1] - offset)
    return doc


def _docs(nlp: Language, articles: Iterable[Article]) -> Iterator[tuple[Doc, tuple[Article, int, bool]]]:
    """Each article's Doc, or its pieces' Docs, with (article, offset, last piece?)."""
    for article in articles:
        text = masked_text(article)
        ranges = pieces(text, PIECE_CHARS) if len(text) > MAX_ARTICLE_CHARS else [(0, len(text))]
        for n, (start, end) in enumerate(ranges, 1):
            piece = text if len(ranges) == 1 else text[start:end]
            yield make_doc(nlp, article, piece, start), (article, start, n == len(ranges))


def shift_claims(claims: Iterable[Claim], offset: int) -> None:
    """Move every span of ``claims`` by ``offset`` characters, each object once
    (claims share speakers and quantities)."""
    moved: set[int] = set()
    for claim in claims:
        items = [claim.content, claim.cue, claim.speaker, *claim.speakers, *claim.quantities, *claim.frame.cues]
        for item in items:
            if item is None or item.span is None or id(item) in moved:
                continue
            moved.add(id(item))
            item.span = (item.span[0] + offset, item.span[1] + offset)


def extract_claims(
    articles: Iterable[Article], *, settings: Settings | None = None, nlp: Language | None = None
) -> Iterator[tuple[Article, list[Claim]]]:
    """Run the pipeline over ``articles`` and yield each with its claims, in order."""
    from .nlp.pipeline import get_pipeline

    settings = settings or Settings()
    nlp = nlp or get_pipeline(settings)
    claims: list[Claim] = []
    for doc, (article, offset, last) in nlp.pipe(_docs(nlp, articles), as_tuples=True, batch_size=settings.batch_size):
        found = list(doc._.claims or [])
        doc.user_data.clear()  # spans cached there point back at the doc: free it now, not at the next full collection
        if offset:
            shift_claims(found, offset)
        claims.extend(found)
        if last:
            for claim in claims:
                _read_texts(claim, article.text)
            yield article, claims
            claims = []


def _read_texts(claim: Claim, text: str) -> None:
    """Take every span's text from the original (the parsed text had debris blanked)."""
    spans = [claim.content, claim.cue, claim.speaker, *claim.speakers, *claim.quantities, *claim.frame.cues]
    for item in spans:
        if item is not None and item.span is not None:
            item.text = text[item.span[0] : item.span[1]]


def claims_of_text(text: str, **article_fields) -> list[Claim]:
    """Claims of one piece of text, read whole (no cleaning): handy in notebooks and tests.

    ``article_fields`` are :class:`Article` fields; ``published`` may be an ISO date string.
    """
    if isinstance(article_fields.get("published"), str):
        article_fields["published"] = date.fromisoformat(article_fields["published"])
    article = Article(text=text, **article_fields)
    return next(extract_claims([article]))[1]
