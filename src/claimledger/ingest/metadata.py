"""Settling an article's metadata: manifest > options > the record's own > fallbacks."""
from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlparse

from ..records import Article, content_id
from ..words import SITE_SEPARATORS
from .dates import parse_date
from .manifest import Manifest
from .registry import RawRecord

__all__ = ["build_article", "outlet_from_url"]


def outlet_from_url(url: str | None) -> str | None:
    """The domain of ``url`` without "www." ("theduran.com"), or None."""
    if not url:
        return None
    host = urlparse(url if "//" in url else f"//{url}").hostname
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _first(*values: object) -> Any:
    """The first value that is not None or blank."""
    for value in values:
        if value is not None and not (isinstance(value, str) and not value.strip()):
            return value.strip() if isinstance(value, str) else value
    return None


#: Characters at the top of a text a given title is looked for in (:func:`holds_title`).
TITLE_TOP_CHARS = 1_000
#: A site's name after a title's last separator has at most this many words.
SITE_WORDS = 6
_NOT_ALNUM = re.compile(r"[\W_]+")


def _folded(text: str) -> str:
    return _NOT_ALNUM.sub("", text).casefold()


def headline(title: str) -> str:
    """A page's or an entry's title without its site's name ("Four shot at a party |
    The Harbour Times" -> "Four shot at a party")."""
    for sep in SITE_SEPARATORS:
        head, found, site = title.rpartition(sep)
        if found and head.strip() and len(site.split()) <= SITE_WORDS:
            return head.strip()
    return title


def holds_title(text: str, title: str) -> bool:
    """Whether ``title`` (or its headline, :func:`headline`) stands near the top of
    ``text``, case, white space and punctuation ignored."""
    top = _folded(text[:TITLE_TOP_CHARS + len(title)])
    return any(len(_folded(t)) >= 3 and _folded(t) in top for t in {title, headline(title)})


def with_title(text: str, title: str | None) -> str:
    """The text an article is read from: ``text``, led by its headline when the input
    gives a title (a JSONL ``title``, a page's or feed entry's) that the text does not
    hold near its top. A headline states a story's figures and claims as much as its
    text does; cleaning then finds it as the article's title."""
    if not title or holds_title(text, title):
        return text
    return f"{headline(title)}\n\n{text}"


def build_article(record: RawRecord, manifest: Manifest | None, outlet: str | None, published: date | None) -> Article:
    """Settle a record's metadata (manifest > options > record > fallbacks) into an uncleaned Article.

    The fallback outlet is the URL's domain, else the name of the file's folder. A
    title the text does not hold leads it (:func:`with_title`); the article's id is
    still the hash of its text as the input gave it, so an article stored before keeps
    its id.

    Raises:
        InputError: E008 when the winning date cannot be read.
    """
    given = manifest.lookup(record.path) if manifest else {}
    own = record.fields
    url = _first(given.get("url"), own.get("url"))
    date_value = _first(given.get("published"), published, own.get("published"))
    title = _first(given.get("title"), own.get("title"))
    return Article(
        text=with_title(record.text, title),
        id=content_id(record.text),
        outlet=_first(given.get("outlet"), outlet, own.get("outlet"), outlet_from_url(url) or outlet_from_url(own.get("domain")),
                      record.path.resolve().parent.name),
        url=url,
        published=parse_date(date_value, path=record.source),
        title=title,
        source=record.source,
        external_id=record.external_id,
        extracted=record.extracted,
    )
