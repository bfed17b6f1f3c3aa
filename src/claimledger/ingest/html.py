"""``.html`` / ``.htm``: one web page; trafilatura extracts its main text and metadata.

The extracted main text becomes ``Article.text`` (the page itself is not kept), with the
page's title, date, site name and URL as the record's own metadata. The text is already
an article's main text (``extracted``), so cleaning keeps every line of it.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from .registry import RawRecord, register_reader

__all__ = ["read_html"]


@register_reader("html", suffixes=(".html", ".htm"), extracted=True)
def read_html(path: Path) -> Iterator[RawRecord | InputError]:
    """The page's main text and metadata: E002 when unreadable, E009 when no text is found."""
    try:
        data = path.read_bytes()  # the extractor needs the whole page
    except OSError as e:
        yield InputError("E002", path=path, reason=e.strerror or str(e))
        return
    import trafilatura  # slow to import: only for HTML

    try:
        doc = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
    except Exception:  # trafilatura may fail on any malformed page: one bad page must not stop a batch
        doc = None
    text = getattr(doc, "text", None) or ""
    if doc is None or isinstance(doc, dict) or not text.strip():
        yield InputError("E009", path=path)
        return
    fields = {"title": doc.title, "published": doc.date, "outlet": doc.sitename, "url": doc.url, "domain": doc.hostname}
    yield RawRecord(text, str(path), path, fields=fields)
