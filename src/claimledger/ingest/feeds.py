"""``.rss`` / ``.atom``: a news feed; each entry is one article.

feedparser reads RSS 0.9x/1.0/2.0 and Atom alike. An entry's text is its full content
(``content:encoded``, Atom ``content``) when it has one, else its summary, turned from
HTML into plain lines; its title, link and date (published, else updated) are its own
metadata and the feed's title is its outlet. The entry's id (``guid``, Atom ``id``, else
its link) is the article's input id. A feed that cannot be parsed at all is E060; an
entry without any text is E061, and the entries around it still come. An entry's text
is the feed's own story text, so cleaning keeps every line of it (``extracted``).
"""
from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from .registry import RawRecord, register_reader

__all__ = ["html_to_text", "read_feed"]

#: Elements that end a line of text.
_BLOCKS = frozenset({
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre", "section", "article",
    "figcaption", "dd", "dt",
})
#: Elements whose text is never story text.
_DROPPED = frozenset({"script", "style", "noscript", "template"})


def html_to_text(markup: str) -> str:
    """The plain text of an HTML fragment: one line per block element, blank lines dropped.

    Example: ``html_to_text("<p>One <b>two</b>.</p><p>Three.</p>")`` is ``"One two.\\nThree."``.
    """
    if "<" not in markup and "&" not in markup:
        return "\n".join(line.strip() for line in markup.splitlines() if line.strip())
    from lxml import etree, html  # installed with trafilatura

    try:
        root = html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    pieces: list[str] = []

    def walk(node: Any) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag in _DROPPED:
            if node.tail:
                pieces.append(node.tail)
            return
        if tag in _BLOCKS:
            pieces.append("\n")
        if node.text and isinstance(node.tag, str):
            pieces.append(node.text)
        for child in node:
            walk(child)
        if tag in _BLOCKS:
            pieces.append("\n")
        if node.tail:
            pieces.append(node.tail)

    walk(root)
    lines = (re.sub(r"[ \t\r\f\v\xa0]+", " ", line).strip() for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _day(parsed: time.struct_time | None) -> str | None:
    """A feedparser date (UTC ``struct_time``) as ``YYYY-MM-DD``."""
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def _entry_text(entry: Any) -> str:
    """The entry's fullest text: its longest content, else its summary, as plain text."""
    contents = [c.get("value") or "" for c in entry.get("content") or []]
    for markup in sorted(contents, key=len, reverse=True) + [entry.get("summary") or ""]:
        text = html_to_text(markup)
        if text.strip():
            return text
    return ""


@register_reader("feed", suffixes=(".rss", ".atom"), extracted=True)
def read_feed(path: Path) -> Iterator[RawRecord | InputError]:
    """One record per entry, in feed order: E002 when the file cannot be read, E060
    when it is no feed, E061 for an entry without text, E005 for a feed without entries."""
    try:
        data = path.read_bytes()
    except OSError as e:
        yield InputError("E002", path=path, reason=e.strerror or str(e))
        return
    import feedparser  # only for feeds

    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.get("bozo") and not parsed.get("version"):
            reason = str(parsed.get("bozo_exception") or "not RSS or Atom")
            yield InputError("E060", path=path, reason=reason.splitlines()[0] if reason else "not RSS or Atom")
        else:
            yield InputError("E005", path=path)
        return
    outlet = (parsed.feed.get("title") or "").strip() or None
    for number, entry in enumerate(parsed.entries, start=1):
        text = _entry_text(entry)
        if not text:
            yield InputError("E061", path=path, entry=number)
            continue
        link = entry.get("link")
        fields = {
            "title": html_to_text(entry.get("title") or "") or None,
            "url": link,
            "published": _day(entry.get("published_parsed") or entry.get("updated_parsed")),
            "outlet": outlet,
        }
        external = entry.get("id") or link
        yield RawRecord(text, f"{path}:{number}", path, fields=fields, external_id=external or None)
