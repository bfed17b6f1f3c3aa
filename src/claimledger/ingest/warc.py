"""``.warc`` / ``.arc`` (gzipped or not): web archives; each HTML page captured is one article.

warcio reads the archive record by record from the open file, so an archive of any size
streams: only one record is in memory at a time. A ``response`` (or ``resource``) record
whose payload is HTML goes through trafilatura exactly as an ``.html`` file does
(:func:`claimledger.ingest.html.extract_page`); its target URI is the article's URL and
input id, and its date is the page's own, else the capture date (``WARC-Date``). ARC
records are read as the WARC records they convert to. Other records (``warcinfo``,
``request``, ``metadata``, ``revisit``, images, scripts, error statuses) are not
articles and are passed over silently.

A page with no article text is E063 (the records around it still come); an archive that
cannot be read on from some record (not a WARC or ARC file, a truncated or corrupt
stream) is E062, after the records before it. Each article is sourced ``file:N``, N the
record's number in the archive (1 for the first).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from .html import extract_page
from .registry import RawRecord, register_reader

__all__ = ["read_warc"]

#: Payload media types read as pages.
HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Record types that hold a captured page.
PAGE_RECORDS = ("response", "resource")


def _media_type(record: Any) -> str:
    """The payload's media type, lower-case, without parameters ("text/html")."""
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    value = headers.get_header("Content-Type") if headers is not None else None
    return (value or "").split(";")[0].strip().lower()


def _is_page(record: Any) -> bool:
    """Whether ``record`` is a successful capture of an HTML page."""
    if record.rec_type not in PAGE_RECORDS:
        return False
    if record.http_headers is not None:
        status = (record.http_headers.get_statuscode() or "").strip()
        if status and not status.startswith("2"):
            return False
    return _media_type(record) in HTML_TYPES


def _day(warc_date: str | None) -> str | None:
    """``2024-03-14T09:00:00Z`` -> ``2024-03-14``; None when absent or not a date (warcio
    writes ``2999-12-31`` for an ARC date it cannot read)."""
    day = (warc_date or "")[:10]
    return day if len(day) == 10 and day[4] == "-" and day[7] == "-" and not day.startswith("2999") else None


@register_reader("warc", suffixes=(".warc", ".warc.gz", ".arc", ".arc.gz"), extracted=True)
def read_warc(path: Path) -> Iterator[RawRecord | InputError]:
    """One record per HTML page of the archive, in archive order (see the module docstring)."""
    from warcio.archiveiterator import ArchiveIterator

    try:
        stream = path.open("rb")
    except OSError as e:
        yield InputError("E002", path=path, reason=e.strerror or str(e))
        return
    number = 0
    with stream:
        records = ArchiveIterator(stream, arc2warc=True)
        while True:
            try:
                record = next(records)
                number += 1
                if record.rec_headers is None or record.rec_type is None:
                    raise ValueError("not a WARC or ARC record")
                if not _is_page(record):
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                payload = record.content_stream().read()
            except StopIteration:
                break
            except Exception as e:  # noqa: BLE001  (warcio and zlib raise many kinds on a corrupt stream)
                reason = " ".join(f"{type(e).__name__}: {e}".split())
                yield InputError("E062", path=path, record=number + 1, reason=reason[:200])
                return
            page = extract_page(payload, url=uri)
            if page is None:
                yield InputError("E063", path=path, record=number, uri=uri or "no URI")
                continue
            text, fields = page
            fields["url"] = uri or fields.get("url")
            fields["published"] = fields.get("published") or _day(record.rec_headers.get_header("WARC-Date"))
            yield RawRecord(text, f"{path}:{number}", path, fields=fields, external_id=uri or None)
    if number == 0:
        yield InputError("E005", path=path)
