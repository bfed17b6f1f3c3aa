"""Extraction stage: articles in, attributed claims out.

The spaCy pipeline reads the article's original text with everything that is not
title or body blanked out (same length, line breaks kept) and a headline in title case
written as a sentence writes it (:func:`truecased`, same length), so every token offset
is an offset into ``Article.text``: no mapping back is needed, and every span's text is
read from the original.

An article longer than :data:`MAX_ARTICLE_CHARS` is parsed in pieces of at most
:data:`PIECE_CHARS` that end at a paragraph break where there is one (:func:`pieces`); each piece's claims are moved
back by the piece's offset, so spans still point into ``Article.text``. The pieces are
made one at a time as the parser asks for them, and each piece's Doc is dropped once its
claims are taken: its ``user_data`` (where the components cache spans of it) is cleared,
so the Doc is freed at once rather than at Python's next full collection of reference
cycles. The claims of a long article are written as JSON lines to a temporary file
piece by piece (a :class:`ClaimSpool`) and read back one at a time when stored, so
memory stays that of a batch of pieces however long the article is, and no article is
too long for spaCy. Speakers are resolved within a piece ("he" finds its name in the
same piece).
"""
from __future__ import annotations

import json
import re
import tempfile
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import cache
from typing import IO, overload

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


#: A word of a headline, with the letters, digits and inner apostrophes or hyphens it holds.
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: What stands before a word that opens a sentence (whose capital says nothing).
_OPENS_SENTENCE = re.compile(r"[.!?\n\"“]\s*$")
#: A headline is in title case when at least this share of its words after the first
#: begin with a capital (and at least :data:`TITLE_CASE_WORDS` of them do).
TITLE_CASE_SHARE = 0.6
TITLE_CASE_WORDS = 3


#: A headline is in capitals when more than this share of its letters are.
CAPITALS_SHARE = 0.8


def _in_title_case(title: str) -> bool:
    """"4 Shot At Harbour Party" (words after the first begin with a capital) or "FOUR
    SHOT AT PARTY" (most letters are capitals)."""
    words = _WORD.findall(title)[1:]
    capitals = sum(w[0].isupper() for w in words)
    if capitals >= TITLE_CASE_WORDS and capitals >= TITLE_CASE_SHARE * len(words):
        return True
    letters = sum(c.isalpha() for c in title)
    return letters > 0 and sum(c.isupper() for c in title) > CAPITALS_SHARE * letters


def truecased(title: str, body: str) -> str:
    """A headline written in title case or capitals ("4 Shot At Harbour Party", "FOUR
    SHOT AT PARTY") as a sentence writes it, for the parser, which reads such headlines
    badly: a word the body writes in small letters mid-sentence more often than with a
    capital is written so ("shot", "at", "party"), and so is a function word the body
    does not use; a name keeps its capital ("Harbour"). Every word keeps its length,
    so the offsets of the text it stands in stay right. A headline in sentence case is
    returned as it is."""
    if not _in_title_case(title):
        return title
    small: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for m in _WORD.finditer(body):
        word, before = m.group(), body[max(0, m.start() - 2) : m.start()]
        if word.islower():
            small[word] += 1
        elif word[0].isupper() and word[1:].islower() and before and not _OPENS_SENTENCE.search(before):
            capital[word.lower()] += 1
    common = _common_words()

    def recase(m: re.Match[str]) -> str:
        word = m.group()
        low = word.lower()
        if len(low) != len(word):
            return word
        if not title[: m.start()].strip():  # the headline's first word keeps its capital
            return word[0] + low[1:] if word.isupper() and len(word) > 1 and (low in small or _known(low, common)) else word
        if small[low] > capital[low] or (low not in capital and _known(low, common)):
            return low
        if word.isupper() and len(word) > 1 and capital[low]:
            return word[0] + low[1:]
        return word

    return _WORD.sub(recase, title)


#: Endings taken off a headline's word to find it among :func:`_common_words`.
_ENDINGS = ("ings", "ing", "ies", "es", "ed", "s", "d")


def _known(word: str, common: frozenset[str]) -> bool:
    """Whether a word (or its stem) is a common word of news of events, not a name."""
    return word in common or any(word.endswith(e) and word[: -len(e)] in common for e in _ENDINGS)


@cache
def _common_words() -> frozenset[str]:
    """English function words (spaCy's stop words) and the words of the events and
    concepts the measures read (``events.toml``, ``concepts.toml``): what a headline's
    capital does not make a name."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from .nlp.measures import lexicon

    lex = lexicon()
    return frozenset(STOP_WORDS) | frozenset(lex.events) | frozenset(lex.concepts) | lex.death


def parsed_text(article: Article) -> str:
    """The text the parser reads: :func:`masked_text`, with a headline in title case
    :func:`truecased` (same length: every offset is still one into ``Article.text``)."""
    text = masked_text(article)
    if article.title_span is None:
        return text
    start, end = article.title_span
    title = text[start:end]
    cased = truecased(title, text[end:])
    return text if cased == title else text[:start] + cased + text[end:]


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
    """A tokenized Doc over the text the parser reads (:func:`parsed_text`; or over
    ``text``, the piece of it that starts at ``offset``), with the article's metadata
    attached."""
    doc = nlp.make_doc(parsed_text(article) if text is None else text)
    doc._.published = article.published
    doc._.outlet = article.outlet
    title = article.title_span
    if title and offset <= title[0] and title[1] <= offset + len(doc.text):
        doc._.title_span = (title[0] - offset, title[1] - offset)
    return doc


def _docs(nlp: Language, articles: Iterable[Article]) -> Iterator[tuple[Doc, tuple[Article, int, bool, bool]]]:
    """Each article's Doc, or its pieces' Docs, made as the parser asks for them, with
    (article, offset, in pieces?, last piece?)."""
    for article in articles:
        text = parsed_text(article)
        ranges = pieces(text, PIECE_CHARS) if len(text) > MAX_ARTICLE_CHARS else [(0, len(text))]
        split = len(ranges) > 1
        for n, (start, end) in enumerate(ranges, 1):
            piece = text[start:end] if split else text
            yield make_doc(nlp, article, piece, start), (article, start, split, n == len(ranges))


class ClaimSpool(Sequence[Claim]):
    """The claims of a long article, kept as JSON lines in a temporary file rather than
    as records in memory: :meth:`add` writes them piece by piece, and each is read back
    (:meth:`Claim.from_json`) when it is asked for, so holding them costs a file offset
    per claim. Iterating reads the file once, in order. Pickled (sent from a worker
    process), it becomes a plain list.
    """

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile()
        self._starts = array("q")
        self._end = 0

    def add(self, claims: Iterable[Claim]) -> None:
        """Write ``claims`` at the end of the spool."""
        self._file.seek(self._end)
        for claim in claims:
            line = json.dumps(claim.to_json(), ensure_ascii=False).encode("utf8") + b"\n"
            self._starts.append(self._end)
            self._file.write(line)
            self._end += len(line)

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, index: int) -> Claim: ...

    @overload
    def __getitem__(self, index: slice) -> list[Claim]: ...

    def __getitem__(self, index: int | slice) -> Claim | list[Claim]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        start = self._starts[index]  # IndexError past the end, as a list
        self._file.seek(start)
        return Claim.from_json(json.loads(self._file.readline()))

    def __iter__(self) -> Iterator[Claim]:
        pos = 0
        for _ in range(len(self._starts)):
            if self._file.tell() != pos:  # the file was read or written elsewhere meanwhile
                self._file.seek(pos)
            line = self._file.readline()
            pos += len(line)
            yield Claim.from_json(json.loads(line))

    def close(self) -> None:
        """Remove the file (done anyway when the spool is collected)."""
        self._file.close()

    def __reduce__(self) -> tuple[type[list[Claim]], tuple[list[Claim]]]:
        return list, (list(self),)


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
) -> Iterator[tuple[Article, Sequence[Claim]]]:
    """Run the pipeline over ``articles`` and yield each with its claims, in order: a
    list, or for an article parsed in pieces a :class:`ClaimSpool`."""
    from .nlp.pipeline import get_pipeline

    settings = settings or Settings()
    nlp = nlp or get_pipeline(settings)
    spool: ClaimSpool | None = None
    for doc, (article, offset, split, last) in nlp.pipe(
        _docs(nlp, articles), as_tuples=True, batch_size=settings.batch_size
    ):
        found = list(doc._.claims or [])
        doc.user_data.clear()  # spans cached there point back at the doc: free it now, not at the next full collection
        del doc
        if offset:
            shift_claims(found, offset)
        for claim in found:
            _read_texts(claim, article.text)
        if not split:
            yield article, found
            continue
        spool = spool if spool is not None else ClaimSpool()
        spool.add(found)
        if last:
            yield article, spool
            spool = None


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
    return list(next(extract_claims([article]))[1])
