"""Extraction stage: articles in, attributed claims out.

The spaCy pipeline reads the article's original text with everything that is not
title or body blanked out (same length, line breaks kept), so every token offset is
an offset into ``Article.text``: no mapping back is needed.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from .records import Article, Claim
from .settings import Settings


def masked_text(article: Article) -> str:
    """``article.text`` with debris replaced by spaces, line breaks kept."""
    kept = article.kept
    if not kept:
        return article.text
    chars = [c if c == "\n" else " " for c in article.text]
    for start, end in kept:
        chars[start:end] = article.text[start:end]
    return "".join(chars)


def make_doc(nlp: Language, article: Article) -> Doc:
    """A tokenized Doc over the masked text, with the article's metadata attached."""
    doc = nlp.make_doc(masked_text(article))
    doc._.published = article.published
    doc._.outlet = article.outlet
    doc._.title_span = article.title_span
    return doc


def extract_claims(
    articles: Iterable[Article], *, settings: Settings | None = None, nlp: Language | None = None
) -> Iterator[tuple[Article, list[Claim]]]:
    """Run the pipeline over ``articles`` and yield each with its claims, in order."""
    from .nlp.pipeline import get_pipeline

    settings = settings or Settings()
    nlp = nlp or get_pipeline(settings)
    pairs = ((make_doc(nlp, a), a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=settings.batch_size):
        claims = list(doc._.claims or [])
        for claim in claims:
            _read_texts(claim, article.text)
        yield article, claims


def _read_texts(claim: Claim, text: str) -> None:
    """Take every span's text from the original (the parsed text had debris blanked)."""
    spans = [claim.content, claim.cue, claim.speaker, *claim.speakers, *claim.quantities]
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
