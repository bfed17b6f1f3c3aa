"""``.html`` / ``.htm``: one web page; trafilatura extracts its main text and metadata.

The extracted main text becomes ``Article.text`` (the page itself is not kept), with the
page's title, date, site name and URL as the record's own metadata. The text is already
an article's main text (``extracted``), so cleaning keeps every line of it.

A page nested deeper than the tree parser takes (lxml stops at about 255 levels, and
trafilatura then finds nothing, or only what stands above the deep part) is read flat instead (:func:`flat_text`): the text of
every element but scripts, styles, navigation, headers, footers, asides and forms, one
line per block, with the page's ``<title>``.

:func:`extract_page` is shared with the readers of other containers of pages (WARC).
"""
from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..errors import InputError
from .registry import RawRecord, register_reader

__all__ = ["extract_page", "flat_text", "read_html"]

#: A page nested at least this deep is read flat when the extractor finds no text in it.
DEEP = 250
#: Elements whose text is never the article's, in a flat reading.
SKIPPED = frozenset(
    "head script style noscript template nav header footer aside form button select option iframe svg".split())
#: Elements that end a line of text.
BLOCKS = frozenset(
    "p div br li ul ol dl dd dt h1 h2 h3 h4 h5 h6 tr table blockquote section article main pre figcaption hr"
    " caption td th".split())
#: Elements that never hold others (they do not deepen the page).
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


class _FlatText(HTMLParser):
    """Text, title and deepest nesting of a page, read as a stream of tags (no tree, so no depth limit)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.skipping = 0
        self.in_title = False
        self.depth = 0
        self.deepest = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)
        if tag == "title":
            self.in_title = True
        elif tag in SKIPPED:
            self.skipping += 1
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID:
            self.depth = max(0, self.depth - 1)
        if tag == "title":
            self.in_title = False
        elif tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.parts.append(data)


def flat_text(page: str) -> tuple[str, str | None, int]:
    """A page's text read flat (one line per block, spaces folded, empty lines
    dropped), its title, and how deep its elements nest."""
    parser = _FlatText()
    parser.feed(page)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    title = " ".join("".join(parser.title).split()) or None
    return "\n".join(line for line in lines if line), title, parser.deepest


def extract_page(data: bytes | str, *, url: str | None = None) -> tuple[str, dict[str, Any]] | None:
    """A page's main text and metadata (``title``, ``published``, ``outlet``, ``url``,
    ``domain``), or None when trafilatura finds no text (or fails on the page)."""
    deep = _deep_page_text(data if isinstance(data, bytes) else data.encode("utf8"))
    if deep is not None:  # nested deeper than the extractor reads: the page read flat
        return (deep[0], {"title": deep[1], "url": url}) if deep[0] else None
    import trafilatura  # slow to import: only for HTML

    try:
        doc = trafilatura.bare_extraction(data, url=url, with_metadata=True, include_comments=False)
    except Exception:  # trafilatura may fail on any malformed page: one bad page must not stop a batch
        doc = None
    text = getattr(doc, "text", None) or ""
    if doc is None or isinstance(doc, dict) or not text.strip():
        return None
    fields = {"title": doc.title, "published": doc.date, "outlet": doc.sitename, "url": doc.url, "domain": doc.hostname}
    return text, fields


@register_reader("html", suffixes=(".html", ".htm"), extracted=True)
def read_html(path: Path) -> Iterator[RawRecord | InputError]:
    """The page's main text and metadata: E002 when unreadable, E009 when no text is found."""
    try:
        data = path.read_bytes()  # the extractor needs the whole page
    except OSError as e:
        yield InputError("E002", path=path, reason=e.strerror or str(e))
        return
    page = extract_page(data)
    if page is None:
        yield InputError("E009", path=path)
        return
    text, fields = page
    yield RawRecord(text, str(path), path, fields=fields)


def _deep_page_text(data: bytes) -> tuple[str, str | None] | None:
    """The flat text and title of a page nested too deep for the extractor (the text
    may be empty), or None for a page of ordinary depth."""
    from trafilatura.utils import decode_file

    try:
        page = decode_file(data)
    except Exception:  # noqa: BLE001  (the extractor reports an undecodable page)
        return None
    if not isinstance(page, str) or page.count("<") < DEEP:
        return None
    text, title, deepest = flat_text(page)
    return (text, title) if deepest >= DEEP else None
