"""Settling an article's metadata: manifest > options > the record's own > fallbacks."""
from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlparse

from ..records import Article
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


def build_article(record: RawRecord, manifest: Manifest | None, outlet: str | None, published: date | None) -> Article:
    """Settle a record's metadata (manifest > options > record > fallbacks) into an uncleaned Article.

    The fallback outlet is the URL's domain, else the name of the file's folder.

    Raises:
        InputError: E008 when the winning date cannot be read.
    """
    given = manifest.lookup(record.path) if manifest else {}
    own = record.fields
    url = _first(given.get("url"), own.get("url"))
    date_value = _first(given.get("published"), published, own.get("published"))
    return Article(
        text=record.text,
        outlet=_first(given.get("outlet"), outlet, own.get("outlet"), outlet_from_url(url) or outlet_from_url(own.get("domain")),
                      record.path.resolve().parent.name),
        url=url,
        published=parse_date(date_value, path=record.source),
        title=_first(given.get("title"), own.get("title")),
        source=record.source,
        external_id=record.external_id,
        extracted=record.extracted,
    )
