"""The Python API: plain functions over typed records, shared with the CLI.

Every function takes an optional :class:`~claimledger.settings.Settings`; without one,
:func:`~claimledger.settings.load_settings` builds it (defaults, ``claimledger.cfg``,
``CLAIMLEDGER_*`` variables), exactly as the CLI does.

The stages, in order (:func:`ingest` runs them all):

1. read files into :class:`~claimledger.records.Article` records (bad ones are counted);
2. skip articles the ledger (or the batch) already holds, *before* any NLP runs;
3. learn each outlet's recurring lines across the batch and its stored articles;
4. clean the new articles (title, body, debris) with them;
5. extract claims in batches; an article the pipeline fails on is counted, not fatal;
6. store each article with its claims in its own transaction.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import clean as cleaning
from . import ingest as reading
from .errors import ClaimledgerError
from .extract import extract_claims
from .identity import AliasBook, load_book
from .records import Article, Claim
from .settings import Settings, load_settings
from .store import ClaimStore, open_store

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "IngestReport",
    "aliases_book",
    "apply_aliases",
    "article",
    "claims",
    "clean_batch",
    "extract",
    "extract_file",
    "extraction_record",
    "ingest",
    "open_ledger",
    "read",
    "recurring_lines",
    "speakers",
    "summary",
]

#: ``on_progress(done, total)``: called once with ``done=0``, then after each article.
Progress = Callable[[int, int], None]

#: At most this many stored articles of an outlet are read back to learn its recurring lines.
LEARN_FROM_STORED = 500


@dataclass(slots=True)
class IngestReport:
    """What :func:`ingest` did.

    Attributes:
        ingested: articles newly stored.
        duplicates: articles skipped because the ledger (or the batch) already had them.
        failed: ``(source, message)`` for every file, line or article that failed; the
            message starts with its error code (``[E003]``) and names the file.
        claims: claims stored with the new articles.
    """

    ingested: int = 0
    duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    claims: int = 0

    def fail(self, source: str, error: Exception) -> None:
        """Count a failure of ``source``."""
        self.failed.append((source, str(error)))


# ---------------------------------------------------------------------------- helpers


def _settings(settings: Settings | None) -> Settings:
    return settings if settings is not None else load_settings()


def _pipeline(settings: Settings) -> Language:
    from .nlp.pipeline import get_pipeline

    return get_pipeline(settings)


def error_source(error: ClaimledgerError) -> str:
    """The file (and line) an error is about, as ``path`` or ``path:line``."""
    path = str(error.fields.get("path", "?"))
    line = error.fields.get("line")
    return f"{path}:{line}" if line is not None else path


def open_ledger(
    settings: Settings | None = None, *, create: bool = True, book: AliasBook | None = None
) -> ClaimStore:
    """The ledger named by ``settings.db``, migrated as needed; created unless ``create`` is false.

    ``book`` resolves the speakers stored through it (default: the shipped alias book;
    :func:`aliases_book` adds ``settings.aliases_file``).

    Raises:
        ClaimledgerError: E011 (cannot be opened, or missing with ``create`` false),
            E014 (unsupported address).
    """
    return open_store(_settings(settings).db, create=create, book=book)


def aliases_book(settings: Settings | None = None, path: str | Path | None = None) -> AliasBook:
    """The shipped alias book extended by ``path``, else by ``settings.aliases_file``.

    Raises:
        ClaimledgerError: E017 or E018 for a missing or invalid aliases file.
    """
    return load_book(path if path is not None else _settings(settings).aliases_file)


# ---------------------------------------------------------------------------- reading and cleaning


def read(
    paths: str | Path | Iterable[str | Path],
    *,
    manifest: str | Path | None = None,
    outlet: str | None = None,
    published: date | str | None = None,
    failed: list[ClaimledgerError] | None = None,
) -> Iterator[Article]:
    """The articles of files and folders, cleaned by the debris rules alone.

    Args:
        paths: files (.txt, .jsonl, .html) or folders of them, or one of them.
        manifest: a CSV or JSON manifest of per-file metadata.
        outlet: the outlet of every article.
        published: the publication date of every article.
        failed: where to put the error of each bad file or line; without it the first
            bad input raises.

    Raises:
        InputError: a bad manifest or ``published`` value, or (without ``failed``)
            the first bad input.
    """
    paths = [paths] if isinstance(paths, (str, Path)) else paths
    items = reading.read_articles([str(p) for p in paths], manifest=manifest, outlet=outlet, published=published)
    for item in items:
        if isinstance(item, ClaimledgerError):
            if failed is None:
                raise item
            failed.append(item)
        else:
            yield item


def is_extracted(item: Article) -> bool:
    """Whether ``item``'s text is an HTML extractor's main text (cleaned once and for all)."""
    if not item.source:
        return False
    return reading.SUPPORTED.get(Path(item.source).suffix.lower()) == "html"


def recurring_lines(
    articles: Iterable[Article], *, settings: Settings | None = None, store: ClaimStore | None = None
) -> dict[str | None, frozenset[str]]:
    """Each outlet's recurring lines, learned across ``articles`` and the ``store``.

    With a ``store``, the articles it holds of the same outlets (at most
    :data:`LEARN_FROM_STORED` each) are learned from too, so a small batch still
    benefits from its outlet's history. HTML-extracted texts are left out.
    """
    settings = _settings(settings)
    corpus = [a for a in articles if not is_extracted(a)]
    if store is not None:
        for outlet in sorted({a.outlet for a in corpus if a.outlet}):
            corpus.extend(a for a in store.articles(outlet=outlet, limit=LEARN_FROM_STORED) if not is_extracted(a))
    return cleaning.learn_recurring(
        corpus, min_articles=settings.recurring_min_articles, min_share=settings.recurring_min_share
    )


def clean_batch(
    articles: Iterable[Article],
    *,
    settings: Settings | None = None,
    store: ClaimStore | None = None,
    recurring: dict[str | None, frozenset[str]] | None = None,
) -> list[Article]:
    """Clean ``articles`` in place with their outlet's recurring lines; return them.

    The lines are :func:`recurring_lines` of ``articles`` (and ``store``) unless
    ``recurring`` is given. HTML-extracted articles keep the cleaning they got when read.
    """
    articles = list(articles)
    if recurring is None:
        recurring = recurring_lines(articles, settings=settings, store=store)
    for item in articles:
        if not is_extracted(item):
            cleaning.clean(item, recurring=recurring.get(item.outlet, frozenset()))
    return articles


# ---------------------------------------------------------------------------- extraction


def _batches(items: Sequence[Article], size: int) -> Iterator[Sequence[Article]]:
    size = max(1, size)
    for start in range(0, len(items), size):
        yield items[start:start + size]


def extract_safely(
    articles: Sequence[Article], *, settings: Settings, nlp: Language | None = None
) -> Iterator[tuple[Article, list[Claim] | ClaimledgerError]]:
    """Claims of each article, in order, in batches; a failure is yielded, not raised.

    When the pipeline raises on a batch, the batch is run again one article at a
    time, so only the article at fault is lost (as an E015 error).
    """
    nlp = nlp or _pipeline(settings)
    for batch in _batches(articles, settings.batch_size):
        try:
            results = list(extract_claims(batch, settings=settings, nlp=nlp))
        except Exception:  # noqa: BLE001  (a pipeline bug must not end the batch)
            results = [_extract_one(item, settings=settings, nlp=nlp) for item in batch]
        yield from results


def _extract_one(
    item: Article, *, settings: Settings, nlp: Language
) -> tuple[Article, list[Claim] | ClaimledgerError]:
    """One article's claims, or the E015 error of the pipeline failing on it."""
    try:
        return next(extract_claims([item], settings=settings, nlp=nlp))
    except Exception as e:  # noqa: BLE001
        reason = f"{type(e).__name__}: {e}"
        return item, ClaimledgerError("E015", path=item.source or item.id, reason=reason)


def extract(
    articles: Iterable[Article], *, settings: Settings | None = None, nlp: Language | None = None
) -> Iterator[tuple[Article, list[Claim]]]:
    """Run the pipeline over cleaned ``articles``; yield each with its claims, in order.

    No ledger is used and nothing is cleaned (see :func:`clean_batch`).

    Raises:
        ClaimledgerError: E015 when the pipeline fails on an article, E013 when the
            model is not installed.
    """
    settings = _settings(settings)
    for item, result in extract_safely(list(articles), settings=settings, nlp=nlp):
        if isinstance(result, ClaimledgerError):
            raise result
        yield item, result


def extract_file(
    source: str | Path | Iterable[str],
    *,
    settings: Settings | None = None,
    outlet: str | None = None,
    published: date | str | None = None,
    name: str = "<stdin>",
) -> Iterator[tuple[Article, list[Claim]] | ClaimledgerError]:
    """Claims of every article of a JSONL file (or of JSONL lines, such as stdin), in input order.

    Each line is an object with ``text`` and optionally ``id, outlet, url, published,
    title``. Recurring lines are learned across the whole input before cleaning; no
    ledger is used.

    Args:
        source: a path, or an iterable of JSONL lines (an open file, ``sys.stdin``).
        outlet: outlet of the articles (wins over the lines' own).
        published: publication date of the articles (wins over the lines' own).
        name: how error messages name ``source`` when it is not a path.

    Yields:
        ``(article, claims)`` per good line, or the :class:`ClaimledgerError` of a bad
        line or of an article the pipeline failed on, in input order.
    """
    settings = _settings(settings)
    if isinstance(source, (str, Path)):
        items = list(reading.read_articles([str(source)], outlet=outlet, published=published))
    else:
        items = list(_read_lines(source, name, outlet=outlet, published=published))
    good = clean_batch([i for i in items if isinstance(i, Article)], settings=settings)
    results = extract_safely(good, settings=settings) if good else iter(())
    for item in items:
        if isinstance(item, ClaimledgerError):
            yield item
            continue
        done, result = next(results)
        yield result if isinstance(result, ClaimledgerError) else (done, result)


def _read_lines(
    lines: Iterable[str], name: str, *, outlet: str | None, published: date | str | None
) -> Iterator[Article | ClaimledgerError]:
    """Articles of JSONL ``lines`` that come from no file (stdin), or their errors.

    Without a file there is no folder to name an outlet after: an article that names
    no outlet and no URL stays without one.
    """
    day = reading.parse_date(published, path="the published option")
    data = "".join(lines).encode("utf8")
    for record in reading.jsonl_records(data, Path(name)):  # the same line parser as files
        if isinstance(record, ClaimledgerError):
            yield record
            continue
        try:
            item = reading.build_article(record, None, outlet, day)
        except ClaimledgerError as e:
            yield e
            continue
        if not (outlet or record.fields.get("outlet") or record.fields.get("url")):
            item.outlet = None
        yield item


def extraction_record(item: Article, found: Sequence[Claim]) -> dict[str, Any]:
    """The ``claimledger extract`` output line of an article: id, title, body ranges, claims.

    ``id`` is the input's own id when it gave one, else the content hash.
    """
    return {
        "id": item.external_id if item.external_id is not None else item.id,
        "title": item.title,
        "body": [list(r) for r in item.body],
        "claims": [c.to_json() for c in found],
    }


def to_jsonl(record: dict[str, Any]) -> str:
    """One JSON line, UTF-8 kept as is."""
    return json.dumps(record, ensure_ascii=False)


# ---------------------------------------------------------------------------- ingest


def ingest(
    paths: str | Path | Iterable[str | Path],
    *,
    settings: Settings | None = None,
    manifest: str | Path | None = None,
    outlet: str | None = None,
    published: date | str | None = None,
    on_progress: Progress | None = None,
) -> IngestReport:
    """Read, clean, extract and store the articles in ``paths`` (files or folders).

    Articles already in the ledger (or earlier in the batch) are skipped before any
    NLP runs; each new article is stored in its own transaction.

    Args:
        paths: files (.txt, .jsonl, .html) or folders of them.
        settings: run settings; ``settings.db`` is the ledger.
        manifest: a CSV or JSON manifest of per-file metadata.
        outlet: the outlet of every article.
        published: the publication date of every article.
        on_progress: called as ``on_progress(done, total)``, see :data:`Progress`.

    Returns:
        An :class:`IngestReport`. Bad files, lines and articles are counted in it.

    Raises:
        ClaimledgerError: a bad manifest or ``published`` value, a ledger that cannot
            be opened, a bad ``settings.aliases_file``, a missing model.
    """
    settings = _settings(settings)
    report = IngestReport()
    errors: list[ClaimledgerError] = []
    articles = list(read(paths, manifest=manifest, outlet=outlet, published=published, failed=errors))
    for error in errors:
        report.fail(error_source(error), error)
    store = open_ledger(settings, book=aliases_book(settings))
    try:
        fresh = _fresh(articles, store, report)
        if on_progress:
            on_progress(0, len(fresh))
        if fresh:
            recurring = recurring_lines(articles, settings=settings, store=store)
            clean_batch(fresh, recurring=recurring)
            for done, (item, result) in enumerate(extract_safely(fresh, settings=settings), 1):
                _store(store, item, result, report)
                if on_progress:
                    on_progress(done, len(fresh))
    finally:
        store.close()
    return report


def _fresh(articles: list[Article], store: ClaimStore, report: IngestReport) -> list[Article]:
    """The articles neither stored already nor repeated earlier in the batch."""
    seen: set[str] = set()
    fresh = []
    for item in articles:
        if item.id in seen or store.has(item.id):
            report.duplicates += 1
        else:
            fresh.append(item)
        seen.add(item.id)
    return fresh


def _store(store: ClaimStore, item: Article, result: list[Claim] | ClaimledgerError, report: IngestReport) -> None:
    """Write one article with its claims, or count why it cannot be."""
    source = item.source or item.id
    if isinstance(result, ClaimledgerError):
        report.fail(source, result)
        return
    try:
        added = store.add(item, result)
    except Exception as e:  # noqa: BLE001  (one article's failure must not end the batch)
        report.fail(source, ClaimledgerError("E016", path=source, reason=f"{type(e).__name__}: {e}"))
        return
    if added:
        report.ingested += 1
        report.claims += len(result)
    else:
        report.duplicates += 1


# ---------------------------------------------------------------------------- queries


def claims(
    *,
    settings: Settings | None = None,
    speaker: str | None = None,
    outlet: str | None = None,
    search: str | None = None,
    article_id: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Stored claims matching every filter given (see :meth:`claimledger.store.Ledger.claims`)."""
    store = open_ledger(settings, create=False)
    try:
        return store.claims(speaker=speaker, outlet=outlet, search=search, article_id=article_id, limit=limit)
    finally:
        store.close()


def article(article_id: str, *, settings: Settings | None = None) -> Article:
    """The stored article with this id.

    Raises:
        ClaimledgerError: E010 when the ledger has no such article.
    """
    settings = _settings(settings)
    store = open_ledger(settings, create=False)
    try:
        found = store.article(article_id)
    finally:
        store.close()
    if found is None:
        raise ClaimledgerError("E010", id=article_id, db=settings.db)
    return found


def summary(*, settings: Settings | None = None) -> dict[str, Any]:
    """The ledger's counts (see :meth:`claimledger.store.Ledger.summary`)."""
    store = open_ledger(settings, create=False)
    try:
        return store.summary()
    finally:
        store.close()


def speakers(*, settings: Settings | None = None) -> list[dict[str, Any]]:
    """Every stored speaker with its aliases, roles and affiliations (see
    :meth:`claimledger.store.Ledger.speakers`)."""
    store = open_ledger(settings, create=False)
    try:
        return store.speakers()
    finally:
        store.close()


def apply_aliases(path: str | Path | None = None, *, settings: Settings | None = None) -> dict[str, int]:
    """Apply an aliases file (``path``, else ``settings.aliases_file``) to the ledger:
    merge the speakers it names, re-point their claims, record its aliases, roles and
    affiliations (see :meth:`claimledger.store.Ledger.apply_aliases`).

    Raises:
        ClaimledgerError: E017/E018 for a bad aliases file, E011 for a missing ledger.
    """
    settings = _settings(settings)
    book = aliases_book(settings, path)
    store = open_ledger(settings, create=False, book=book)
    try:
        return store.apply_aliases(book)
    finally:
        store.close()
