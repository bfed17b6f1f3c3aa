"""``claimledger_paragraphs``: line breaks end sentences.

Scraped news puts one paragraph (or one headline) on a line, and the parser does not
always end a sentence there; this component, placed before the parser, marks the first
token after every line break as a sentence start. It also offers :func:`line_index`,
the line a character offset falls on, which the quotation rules use as paragraphs.
"""
from __future__ import annotations

import bisect

from spacy.language import Language
from spacy.tokens import Doc

from .extensions import ensure_extensions, text_of


@Language.component("claimledger_paragraphs", assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence at the first token after a line break."""
    ensure_extensions()
    after_break = False
    for token in doc:
        if after_break and not token.is_space:
            token.is_sent_start = True
            after_break = False
        if "\n" in token.text or "\n" in token.whitespace_:
            after_break = True
    return doc


def line_starts(text: str) -> list[int]:
    """Offsets at which each non-blank line (a paragraph) of ``text`` starts."""
    starts = [0]
    pos = 0
    for line in text.split("\n"):
        if line.strip() and pos:
            starts.append(pos)
        pos += len(line) + 1
    return starts


def paragraph_starts(doc: Doc) -> list[int]:
    """:func:`line_starts` of the document's text, computed once per document."""
    starts = doc.user_data.get("claimledger.line_starts")
    if starts is None:
        starts = doc.user_data["claimledger.line_starts"] = line_starts(text_of(doc))
    return starts


def line_index(starts: list[int], offset: int) -> int:
    """The index of the paragraph holding character ``offset`` (blank lines join the one before)."""
    return bisect.bisect_right(starts, offset) - 1
