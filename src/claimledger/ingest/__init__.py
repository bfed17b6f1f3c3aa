"""Reading files into uncleaned :class:`~claimledger.records.Article` records.

One reader per format, each in its own module and registered by the suffixes it takes
(:mod:`claimledger.ingest.registry`):

- ``.txt`` (:mod:`~claimledger.ingest.text`): one scraped article as plain UTF-8 text.
- ``.html`` / ``.htm`` (:mod:`~claimledger.ingest.html`): one web page; trafilatura
  extracts the main text (which becomes ``Article.text``: the page itself is not kept),
  the title, date and site name.
- ``.jsonl`` (:mod:`~claimledger.ingest.jsonl`): one article per line, ``{"id", "outlet",
  "url", "published", "title", "text"}`` (the format of the shared corpora), streamed
  line by line; a bad line is reported and the others still come.
- ``.rss`` / ``.atom`` (:mod:`~claimledger.ingest.feeds`): a news feed, one article per
  entry (its content, else its summary), the feed's title as outlet.
- ``.warc`` / ``.warc.gz`` / ``.arc`` / ``.arc.gz`` (:mod:`~claimledger.ingest.warc`):
  a web archive, streamed record by record; each captured HTML page is one article,
  extracted as an ``.html`` file is.

Folders are walked recursively in sorted order (:mod:`~claimledger.ingest.files`); files
of other types (and hidden files) inside them are skipped, but a file named explicitly
with another type is error E006, and a link to nothing, a folder that cannot be listed or
a special file inside a folder is counted (E040, E041, E042).

Metadata, from strongest to weakest: the manifest (:mod:`~claimledger.ingest.manifest`,
CSV ``file,outlet,url,published,title`` or JSON ``{file: {outlet, url, published,
title}}``, keyed by the path relative to the manifest or by the bare file name), then the
``outlet=`` / ``published=`` options, then the record's own fields (JSONL fields, HTML
metadata), then a fallback outlet: the URL's domain, else the name of the file's folder.
An article with no date stays undated (:mod:`~claimledger.ingest.dates`).

Reading never cleans: articles come out with no title span and no body, and with
``Article.extracted`` telling later stages whether the text is already extracted main
text (HTML), which :func:`claimledger.clean.clean` then keeps whole.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..records import Article

# Each reader module registers itself on import; the order is the order suffixes are listed in.
# isort: off
from . import text  # noqa: F401
from . import html  # noqa: F401
from . import jsonl  # noqa: F401
from . import feeds  # noqa: F401
from . import warc  # noqa: F401
# isort: on
from .dates import parse_date
from .files import iter_files, read_records
from .jsonl import jsonl_records
from .manifest import META_FIELDS, Manifest, load_manifest
from .metadata import build_article, outlet_from_url
from .registry import SUPPORTED, RawRecord, Reader, is_extracted_source, reader_for, readers, register_reader, suffixes

__all__ = [
    "META_FIELDS",
    "SUPPORTED",
    "Manifest",
    "RawRecord",
    "Reader",
    "build_article",
    "is_extracted_source",
    "iter_files",
    "jsonl_records",
    "load_manifest",
    "outlet_from_url",
    "parse_date",
    "read_articles",
    "read_file",
    "read_records",
    "reader_for",
    "readers",
    "register_reader",
    "suffixes",
]

PathLike = str | Path


def read_articles(
    paths: PathLike | Iterable[PathLike],
    *,
    manifest: PathLike | None = None,
    outlet: str | None = None,
    published: str | date | None = None,
) -> Iterator[Article | InputError]:
    """Read files and folders into uncleaned articles, yielding an error for each bad input.

    Articles stream out one by one, in input order, as their files are read.

    Args:
        paths: files and folders (folders are walked recursively, sorted).
        manifest: a CSV or JSON manifest of per-file metadata (it wins over everything).
        outlet: the outlet of every article (wins over the records' own).
        published: the date of every article (wins over the records' own).

    Yields:
        An :class:`Article` per record, or an :class:`InputError` (not raised) per bad
        file or JSONL line, so a batch can count and go on.

    Raises:
        InputError: at once, for a bad manifest (E001, E007) or ``published`` option (E008).
    """
    loaded = load_manifest(manifest) if manifest is not None else None
    day = parse_date(published, path="the published option")
    return _read(paths, loaded, outlet, day)


def _read(paths: PathLike | Iterable[PathLike], manifest: Manifest | None, outlet: str | None,
          published: date | None) -> Iterator[Article | InputError]:
    """Uncleaned articles and errors, in input order."""
    for path in iter_files(paths):
        if isinstance(path, InputError):
            yield path
            continue
        for record in read_records(path):
            if isinstance(record, InputError):
                yield record
                continue
            try:
                yield build_article(record, manifest, outlet, published)
            except InputError as e:
                yield e


def read_file(
    path: PathLike,
    *,
    manifest: PathLike | None = None,
    outlet: str | None = None,
    published: str | date | None = None,
) -> list[Article]:
    """Every article of one file (or folder), uncleaned; the first bad input raises.

    Raises:
        InputError: the first error met (see :func:`read_articles`).
    """
    articles = []
    for item in read_articles(path, manifest=manifest, outlet=outlet, published=published):
        if isinstance(item, InputError):
            raise item
        articles.append(item)
    return articles
