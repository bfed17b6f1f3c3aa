"""Reading files into :class:`~claimledger.records.Article` records.

Supported inputs:

- ``.txt``: one scraped article as plain UTF-8 text.
- ``.html`` / ``.htm``: one web page; trafilatura extracts the main text (which becomes
  ``Article.text``: the page itself is not kept), the title, date and site name.
- ``.jsonl``: one article per line, ``{"id", "outlet", "url", "published", "title", "text"}``
  (the format of the shared corpora); a bad line is reported and the others still come.

Folders are walked recursively in sorted order; files of other types (and hidden
files) inside them are skipped, but a file named explicitly with another type is
error E006.

Metadata, from strongest to weakest: the manifest (CSV ``file,outlet,url,published,title``
or JSON ``{file: {outlet, url, published, title}}``, keyed by the path relative to the
manifest or by the bare file name), then the ``outlet=`` / ``published=`` options, then
the record's own fields (JSONL fields, HTML metadata), then a fallback outlet: the URL's
domain, else the name of the file's folder. An article with no date stays undated.

Every article is cleaned (:func:`claimledger.clean.clean`). Corpus-learned cleaning
needs the whole batch, so it is one switch: ``read_articles(paths, learn=True)`` reads
everything first, learns each outlet's recurring lines from its plain-text articles
(:func:`claimledger.clean.learn_recurring`), then cleans every article with its outlet's
lines and yields them in input order. Without ``learn`` articles stream out one by one,
cleaned by the rules alone.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from .clean import clean, learn_recurring
from .errors import InputError
from .records import Article
from .settings import Settings

__all__ = ["SUPPORTED", "Manifest", "iter_files", "load_manifest", "parse_date", "read_articles", "read_file"]

#: File types read, by lower-case suffix.
SUPPORTED = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
#: Metadata fields a manifest or a record may give.
META_FIELDS = ("outlet", "url", "published", "title")

PathLike = str | Path


# ---- records


@dataclass(slots=True)
class RawRecord:
    """One article as read, before metadata is settled and it is cleaned.

    Attributes:
        text: the article's text.
        source: "file" or "file:line".
        path: the file it came from.
        fields: the record's own metadata (JSONL fields, HTML metadata).
        external_id: the record's own id, if any.
        extracted: the text is an extractor's main text (HTML), not a scrape.
    """

    text: str
    source: str
    path: Path
    fields: dict[str, Any] = field(default_factory=dict)
    external_id: str | None = None
    extracted: bool = False


# ---- dates


def parse_date(value: object, *, path: str) -> date | None:
    """A publication date from ``value``; None when there is none (undated).

    Reads ISO dates and timestamps ("2016-12-14", "2016-12-14T10:00:00Z") directly and
    anything else ("December 14, 2016", "14 Dec 2016") with dateparser, which must find
    a day, a month and a year. Relative dates ("yesterday") are refused.

    Raises:
        InputError: E008 when ``value`` is not empty and no date can be read from it.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    parsed = _iso_date(text) or _free_date(text)
    if parsed is None:
        raise InputError("E008", path=path, value=text)
    return parsed


def _iso_date(text: str) -> date | None:
    """An ISO 8601 date or timestamp, or None."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _free_date(text: str) -> date | None:
    """A date written out ("December 14, 2016"), read by dateparser; None if unreadable."""
    import dateparser  # slow to import: only when a date is not ISO

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PARSERS": ["custom-formats", "absolute-time"],
                "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    try:
        parsed = dateparser.parse(text, settings=settings)
    except (ValueError, OverflowError):
        return None
    return parsed.date() if parsed else None


# ---- manifest


@dataclass(slots=True)
class Manifest:
    """Per-file metadata given by the user; the strongest source of metadata.

    Attributes:
        root: the folder the manifest stands in (relative keys are relative to it).
        entries: key (relative path or file name) -> {field: value}, empty values dropped.
    """

    root: Path
    entries: dict[str, dict[str, str]]

    def lookup(self, path: Path) -> dict[str, str]:
        """The entry for ``path``: by its path relative to the manifest, else its file name."""
        try:
            relative = path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            relative = None
        if relative is not None and relative in self.entries:
            return self.entries[relative]
        return self.entries.get(path.name, {})


def load_manifest(path: PathLike) -> Manifest:
    """Read a CSV (header ``file,outlet,url,published,title``) or JSON manifest.

    Raises:
        InputError: E001 when the file does not exist, E007 when it cannot be read as a
            manifest (no ``file`` column, bad JSON, not a mapping, a file listed twice).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("E001", path=path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError("E007", path=path, reason=str(e)) from e
    rows = _json_manifest(text, path) if path.suffix.lower() == ".json" else _csv_manifest(text, path)
    entries: dict[str, dict[str, str]] = {}
    for key, meta in rows:
        if key in entries:
            raise InputError("E007", path=path, reason=f"'{key}' is listed twice")
        entries[key] = {k: str(v).strip() for k, v in meta.items() if k in META_FIELDS and v is not None and str(v).strip()}
    return Manifest(path.parent, entries)


def _csv_manifest(text: str, path: Path) -> list[tuple[str, dict[str, str]]]:
    """Rows of a CSV manifest as (file key, metadata)."""
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in reader.fieldnames or []]
    if "file" not in columns:
        raise InputError("E007", path=path, reason="the header has no 'file' column (expected file,outlet,url,published,title)")
    unknown = sorted(set(columns) - {"file", *META_FIELDS})
    if unknown:
        raise InputError("E007", path=path, reason=f"unknown column(s) {', '.join(unknown)} (expected file,outlet,url,published,title)")
    rows = []
    for row in reader:
        row = {(k or "").strip(): v for k, v in row.items()}
        key = (row.pop("file", "") or "").strip()
        if key:
            rows.append((Path(key).as_posix(), row))
    return rows


def _json_manifest(text: str, path: Path) -> list[tuple[str, dict[str, Any]]]:
    """Entries of a JSON manifest ``{file: {outlet, url, published, title}}`` as (file key, metadata)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError("E007", path=path, reason=f"not valid JSON: {e}") from e
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise InputError("E007", path=path, reason="expected a JSON object mapping file names to {outlet, url, published, title}")
    return [(Path(key).as_posix(), meta) for key, meta in data.items()]


# ---- files


def iter_files(paths: PathLike | Iterable[PathLike]) -> Iterator[Path | InputError]:
    """The files to read: named files, and the supported files inside named folders.

    Folders are walked recursively in sorted order; hidden files and folders and files
    of unsupported types inside them are skipped. A missing path is E001, a file named
    explicitly with an unsupported type E006 (yielded, not raised).
    """
    for path in _as_paths(paths):
        if path.is_dir():
            yield from _walk(path)
        elif not path.exists():
            yield InputError("E001", path=path)
        elif path.suffix.lower() in SUPPORTED:
            yield path
        else:
            yield InputError("E006", path=path, suffix=path.suffix, expected=", ".join(SUPPORTED))


def _as_paths(paths: PathLike | Iterable[PathLike]) -> list[Path]:
    """One path or many, as a list of paths."""
    if isinstance(paths, (str, Path)):
        return [Path(paths)]
    return [Path(p) for p in paths]


def _walk(folder: Path) -> Iterator[Path]:
    """Supported, non-hidden files under ``folder``, sorted by path."""
    for path in sorted(folder.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if not hidden and path.is_file() and path.suffix.lower() in SUPPORTED:
            yield path


def read_records(path: Path) -> Iterator[RawRecord | InputError]:
    """The raw records of one supported file, or the errors met reading it."""
    try:
        data = path.read_bytes()
    except OSError as e:
        yield InputError("E002", path=path, reason=e.strerror or str(e))
        return
    kind = SUPPORTED[path.suffix.lower()]
    if kind == "jsonl":
        yield from jsonl_records(data, path)
    elif kind == "html":
        yield _html_record(data, path)
    else:
        yield _text_record(data, path)


def _decode(data: bytes) -> str:
    """UTF-8 text without a byte-order mark. Raises UnicodeDecodeError."""
    text = data.decode("utf-8")
    return text[1:] if text.startswith("\ufeff") else text


def _text_record(data: bytes, path: Path) -> RawRecord | InputError:
    """A ``.txt`` file: the whole file is one article."""
    try:
        text = _decode(data)
    except UnicodeDecodeError as e:
        return InputError("E002", path=path, reason=f"not UTF-8: byte 0x{data[e.start]:02x} at offset {e.start}")
    if not text.strip():
        return InputError("E005", path=path)
    return RawRecord(text, str(path), path)


def _html_record(data: bytes, path: Path) -> RawRecord | InputError:
    """An HTML page: trafilatura's main text, title, date, site name and URL."""
    import trafilatura  # slow to import: only for HTML

    try:
        doc = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
    except Exception:  # trafilatura may fail on any malformed page: one bad page must not stop a batch
        doc = None
    text = getattr(doc, "text", None) or ""
    if not text.strip():
        return InputError("E009", path=path)
    fields = {"title": doc.title, "published": doc.date, "outlet": doc.sitename, "url": doc.url, "domain": doc.hostname}
    return RawRecord(text, str(path), path, fields=fields, extracted=True)


def jsonl_records(data: bytes, path: Path) -> Iterator[RawRecord | InputError]:
    """One record per non-blank line; a bad line is an error naming its number."""
    found = False
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        found = True
        yield _jsonl_record(raw, path, number)
    if not found:
        yield InputError("E005", path=path)


def _jsonl_record(raw: bytes, path: Path, number: int) -> RawRecord | InputError:
    """One JSONL line as a record."""
    try:
        obj = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        return InputError("E003", path=path, line=number, reason=f"not UTF-8: byte 0x{raw[e.start]:02x}")
    except json.JSONDecodeError as e:
        return InputError("E003", path=path, line=number, reason=e.msg)
    if not isinstance(obj, dict):
        return InputError("E003", path=path, line=number, reason="not a JSON object")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputError("E004", path=path, line=number)
    fields = {k: obj.get(k) for k in META_FIELDS}
    external = obj.get("id")
    return RawRecord(text, f"{path}:{number}", path, fields=fields, external_id=None if external is None else str(external))


# ---- metadata


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
    """Settle a record's metadata (manifest > options > record > fallbacks) into an Article.

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
    )


# ---- reading


def read_articles(
    paths: PathLike | Iterable[PathLike],
    *,
    manifest: PathLike | None = None,
    outlet: str | None = None,
    published: str | date | None = None,
    learn: bool = False,
    min_articles: int | None = None,
    min_share: float | None = None,
) -> Iterator[Article | InputError]:
    """Read files and folders into cleaned articles, yielding an error for each bad input.

    Args:
        paths: files and folders (folders are walked recursively, sorted).
        manifest: a CSV or JSON manifest of per-file metadata (it wins over everything).
        outlet: the outlet of every article (wins over the records' own).
        published: the date of every article (wins over the records' own).
        learn: read everything first, learn each outlet's recurring lines and clean
            with them (see the module docstring); otherwise stream, rules only.
        min_articles, min_share: thresholds for ``learn`` (default: :class:`Settings`).

    Yields:
        An :class:`Article` per record, or an :class:`InputError` (not raised) per bad
        file or JSONL line, so a batch can count and go on.

    Raises:
        InputError: at once, for a bad manifest (E001, E007) or ``published`` option (E008).
    """
    loaded = load_manifest(manifest) if manifest is not None else None
    day = parse_date(published, path="the published option")
    items = _read(paths, loaded, outlet, day)
    if not learn:
        return (item if isinstance(item, InputError) else clean(item[0], extracted=item[1]) for item in items)
    defaults = Settings()
    min_articles = defaults.recurring_min_articles if min_articles is None else min_articles
    min_share = defaults.recurring_min_share if min_share is None else min_share
    return _learn_and_clean(items, min_articles, min_share)


def _read(paths: PathLike | Iterable[PathLike], manifest: Manifest | None, outlet: str | None,
          published: date | None) -> Iterator[tuple[Article, bool] | InputError]:
    """Uncleaned articles (with their ``extracted`` flag) and errors, in input order."""
    for path in iter_files(paths):
        if isinstance(path, InputError):
            yield path
            continue
        for record in read_records(path):
            if isinstance(record, InputError):
                yield record
                continue
            try:
                yield build_article(record, manifest, outlet, published), record.extracted
            except InputError as e:
                yield e


def _learn_and_clean(items: Iterable[tuple[Article, bool] | InputError], min_articles: int,
                     min_share: float) -> Iterator[Article | InputError]:
    """Read everything, learn recurring lines per outlet from the plain-text articles, then clean all of them."""
    items = list(items)
    plain = [item[0] for item in items if not isinstance(item, InputError) and not item[1]]
    recurring = learn_recurring(plain, min_articles=min_articles, min_share=min_share)
    for item in items:
        if isinstance(item, InputError):
            yield item
        else:
            article, extracted = item
            yield clean(article, recurring=recurring.get(article.outlet, frozenset()), extracted=extracted)


def read_file(
    path: PathLike,
    *,
    manifest: PathLike | None = None,
    outlet: str | None = None,
    published: str | date | None = None,
    learn: bool = False,
) -> list[Article]:
    """Every article of one file (or folder), cleaned; the first bad input raises.

    Raises:
        InputError: the first error met (see :func:`read_articles`).
    """
    articles = []
    for item in read_articles(path, manifest=manifest, outlet=outlet, published=published, learn=learn):
        if isinstance(item, InputError):
            raise item
        articles.append(item)
    return articles
