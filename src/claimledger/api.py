"""The Python API: plain functions over typed records, shared with the CLI.

Every function takes an optional :class:`~claimledger.settings.Settings`; without one,
:func:`~claimledger.settings.load_settings` builds it (defaults, ``claimledger.cfg``,
``CLAIMLEDGER_*`` variables), exactly as the CLI does.

This module only wires: :func:`ingest` runs :mod:`claimledger.runner`'s steps (read,
skip known, learn recurring lines, clean, extract, store, find copies, thread);
speaker identity and copies are :mod:`claimledger.link`'s; the ledger is
:mod:`claimledger.store`, which gives back records (:class:`~claimledger.records.StoredClaim`,
:class:`~claimledger.records.StoredSpeaker`, :class:`~claimledger.records.StoredThread`;
each prints its JSON with ``to_json()`` and reads as that JSON: ``row["speaker"]``).

Reading never writes: threads and their verdicts are kept when they change (at
ingest, :func:`update_threads`, ``rebuild``), and :func:`threads` only reads them.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from . import export as exporting
from . import ingest as reading
from . import runner
from .errors import ClaimledgerError
from .labels import Label, article_labels, lexicon_for
from .link.identity import AliasBook, Linker, load_book
from .records import (
    Article,
    ArticleListing,
    Claim,
    Quantity,
    StoredClaim,
    StoredSpeaker,
    StoredThread,
    ThreadListing,
    ThreadQuery,
)
from .reliability import outlet_host
from .reliability import reliability as _reliability
from .runner import IngestReport, Progress, extract_safely
from .safe import fts_query, json_text
from .settings import Settings, load_settings
from .store import ClaimStore, open_store

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "IngestReport",
    "aliases_book",
    "apply_aliases",
    "article",
    "articles",
    "claim_speakers",
    "claim_threads",
    "claims",
    "clean_batch",
    "extract",
    "extract_file",
    "export",
    "extraction_record",
    "ingest",
    "open_ledger",
    "open_reader",
    "quantities",
    "quantities_of_lines",
    "quantity_record",
    "read",
    "recurring_lines",
    "search_claims",
    "speaker",
    "speaker_threads",
    "speakers",
    "summary",
    "find_copies",
    "thread",
    "thread_listing",
    "threads",
    "update_threads",
]

#: At most this many stored articles of an outlet are read back to learn its recurring lines.
LEARN_FROM_STORED = runner.LEARN_FROM_STORED


# ---------------------------------------------------------------------------- helpers


def _settings(settings: Settings | None) -> Settings:
    return settings if settings is not None else load_settings()


def open_ledger(
    settings: Settings | None = None, *, create: bool = True, book: AliasBook | None = None
) -> ClaimStore:
    """The ledger named by ``settings.db``, migrated as needed; created unless ``create`` is false.

    ``book`` is no longer the store's: speakers are resolved by
    :class:`~claimledger.link.identity.Linker` (the runner makes one with
    :func:`aliases_book`); it is accepted and unused.

    Raises:
        ClaimledgerError: E011 (cannot be opened, or missing with ``create`` false),
            E014 (unsupported address).
    """
    del book
    return open_store(_settings(settings).db, create=create)


def aliases_book(settings: Settings | None = None, path: str | Path | None = None) -> AliasBook:
    """The shipped alias book extended by ``path``, else by ``settings.aliases_file``.

    Raises:
        ClaimledgerError: E019 or E020 for a missing or invalid aliases file.
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
            yield from runner.clean_once([item], {})


def recurring_lines(
    articles: Iterable[Article], *, settings: Settings | None = None, store: ClaimStore | None = None
) -> dict[str | None, frozenset[str]]:
    """Each outlet's recurring lines, learned across ``articles`` and the ``store``
    (see :func:`claimledger.runner.recurring_lines`)."""
    return runner.recurring_lines(articles, settings=_settings(settings), store=store)


def clean_batch(
    articles: Iterable[Article],
    *,
    settings: Settings | None = None,
    store: ClaimStore | None = None,
    recurring: dict[str | None, frozenset[str]] | None = None,
) -> list[Article]:
    """Clean ``articles`` in place with their outlet's recurring lines; return them.

    The lines are :func:`recurring_lines` of ``articles`` (and ``store``) unless
    ``recurring`` is given. HTML-extracted articles keep every line but the title.
    """
    articles = list(articles)
    if recurring is None:
        recurring = recurring_lines(articles, settings=settings, store=store)
    runner.clean_once(articles, recurring)
    return articles


# ---------------------------------------------------------------------------- extraction


def extract(
    articles: Iterable[Article], *, settings: Settings | None = None, nlp: Language | None = None
) -> Iterator[tuple[Article, Sequence[Claim]]]:
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
) -> Iterator[tuple[Article, Sequence[Claim]] | ClaimledgerError]:
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
    items: list[Article | ClaimledgerError]
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


def to_jsonl(record: Any) -> str:
    """One JSON line, UTF-8 kept as is but for the controls a terminal would act on
    (:func:`claimledger.safe.json_text`; the JSON decodes to the same)."""
    return json_text(json.dumps(record, ensure_ascii=False))


# ---------------------------------------------------------------------------- quantities


def _parser(settings: Settings) -> Language:
    from .nlp.pipeline import get_parser

    return get_parser(settings)


def quantities(text: str, *, settings: Settings | None = None, nlp: Language | None = None) -> list[Quantity]:
    """The quantities of any text, in text order, with spans into ``text``.

    Only the English model runs (no attribution): see
    :func:`claimledger.nlp.quantities.find_quantities` for what a quantity holds.

    Raises:
        ClaimledgerError: E013 when the model is not installed.
    """
    from .nlp.quantities import find_quantities

    nlp = nlp or _parser(_settings(settings))
    return find_quantities(nlp(text))


@dataclass(slots=True)
class QuantityInput:
    """One input of :func:`quantities_of_lines`: its text, the id it gave and where it was."""

    text: str
    source: str
    id: str | None = None


def quantity_inputs(lines: Iterable[str | bytes], name: str) -> Iterator[QuantityInput | ClaimledgerError]:
    """The texts of ``lines``: a JSON object with a ``text`` field, or a plain line of text.

    A line starting with "{" must be a JSON object with a non-empty ``text`` (else E003
    or E004); any other non-blank line is the text itself. Blank lines are skipped.
    """
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                yield ClaimledgerError("E017", path=name, line=number, reason=f"not UTF-8: byte 0x{raw[e.start]:02x}")
                continue
        line = raw.rstrip("\r\n").lstrip("\ufeff")
        if not line.strip():
            continue
        if not line.lstrip().startswith("{"):
            yield QuantityInput(line, f"{name}:{number}")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield ClaimledgerError("E003", path=name, line=number, reason=e.msg)
            continue
        text = obj.get("text") if isinstance(obj, dict) else None
        if not isinstance(text, str) or not text.strip():
            yield ClaimledgerError("E004", path=name, line=number)
            continue
        external = obj.get("id")
        yield QuantityInput(text, f"{name}:{number}", None if external is None else str(external))


def quantities_of_lines(
    source: str | Path | Iterable[str | bytes],
    *,
    settings: Settings | None = None,
    nlp: Language | None = None,
    name: str = "<stdin>",
) -> Iterator[tuple[QuantityInput, list[Quantity]] | ClaimledgerError]:
    """The quantities of every line of a file (or of lines, such as stdin), in input order.

    Each line is JSON with a ``text`` field (and optionally ``id``) or plain text; see
    :func:`quantity_inputs`. Texts are parsed in batches of ``settings.batch_size``.

    Yields:
        ``(input, quantities)`` per good line, or the :class:`ClaimledgerError` of a bad
        line, in input order.

    Raises:
        ClaimledgerError: E001 when the file does not exist, E002 when it cannot be read.
    """
    settings = _settings(settings)
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.exists():
            raise ClaimledgerError("E001", path=path)
        try:
            data = path.read_bytes()
        except OSError as e:
            raise ClaimledgerError("E002", path=path, reason=e.strerror or str(e)) from e
        lines: Iterable[str | bytes] = data.split(b"\n")
        name = str(path)
    else:
        lines = source
    from .nlp.quantities import find_quantities

    nlp = nlp or _parser(settings)
    pending: list[QuantityInput | ClaimledgerError] = []

    def flush() -> Iterator[tuple[QuantityInput, list[Quantity]] | ClaimledgerError]:
        good = [i for i in pending if isinstance(i, QuantityInput)]
        docs = iter(nlp.pipe([i.text for i in good], batch_size=settings.batch_size))
        for item in pending:
            yield item if isinstance(item, ClaimledgerError) else (item, find_quantities(next(docs)))
        pending.clear()

    for item in quantity_inputs(lines, name):
        pending.append(item)
        if len(pending) >= max(1, settings.batch_size):
            yield from flush()
    yield from flush()


def quantity_record(item: QuantityInput, found: Sequence[Quantity]) -> dict[str, Any]:
    """The ``claimledger quantities`` output line: ``{"id"?, "text", "quantities"}``."""
    record: dict[str, Any] = {"id": item.id} if item.id is not None else {}
    record.update(text=item.text, quantities=[q.to_json() for q in found])
    return record


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
    NLP runs; each new article is stored in its own transaction. The steps are
    :func:`claimledger.runner.ingest_steps`.

    Args:
        paths: files (.txt, .jsonl, .html) or folders of them.
        settings: run settings; ``settings.db`` is the ledger.
        manifest: a CSV or JSON manifest of per-file metadata.
        outlet: the outlet of every article.
        published: the publication date of every article.
        on_progress: called as ``on_progress(done, total)``, see :data:`~claimledger.runner.Progress`.

    Returns:
        An :class:`~claimledger.runner.IngestReport`. Bad files, lines and articles are counted in it.

    Raises:
        ClaimledgerError: a bad manifest or ``published`` value, a ledger that cannot
            be written (E030) or opened, a bad ``settings.aliases_file``, a missing model.
    """
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    settings = _settings(settings)
    return runner.run(
        runner.ingest_steps(paths, manifest=manifest, outlet=outlet, published=published), settings,
        book=aliases_book(settings), on_progress=on_progress,
    )


# ---------------------------------------------------------------------------- syndication and threads


def find_copies(
    articles: Iterable[Article], *, store: ClaimStore, settings: Settings | None = None
) -> dict[str, str]:
    """Record which of ``articles`` (cleaned and stored) are syndicated copies of stored
    articles; ``{copy id: original id}`` (see :func:`claimledger.link.syndication.find_copies`)."""
    return runner.find_copies(articles, store=store, settings=_settings(settings))


def update_threads(*, store: ClaimStore | None = None, settings: Settings | None = None, rebuild: bool = False) -> int:
    """Place the figures of every article not yet threaded in claim threads and keep the
    changed threads' verdicts; return how many figures were placed. With ``rebuild``
    every thread is dropped and built again from all stored claims."""
    settings = _settings(settings)
    if store is not None:
        return runner.update_threads(store, settings, rebuild=rebuild)
    with _ledger(settings, write=True) as own:
        return runner.update_threads(own, settings, rebuild=rebuild)


def threads(
    *,
    settings: Settings | None = None,
    search: str | None = None,
    conflicts_only: bool = False,
    rebuild: bool = False,
    min_members: int | None = None,
) -> list[StoredThread]:
    """Claim threads, largest first (``to_json()`` is ``claimledger threads --format json``'s).

    Only reads, unless ``rebuild`` asks to drop the threads and build them again from
    every stored claim. Articles ingested with ``threads`` off are not in any thread
    until :func:`update_threads` runs.

    Args:
        search: only threads whose measure or a member's claimed content holds this
            text (case-insensitive).
        conflicts_only: only threads with a conflict.
        rebuild: drop the threads and build them again from every stored claim.
        min_members: only threads with at least this many members (default: the
            settings' ``thread_min_members``).
    """
    settings = _settings(settings)
    if rebuild:
        update_threads(settings=settings, rebuild=True)
    with _ledger(settings) as store:
        found = store.threads()
    least = settings.thread_min_members if min_members is None else min_members
    needle = (search or "").casefold()
    out = [
        runner.judged(t, window_days=settings.conflict_window_days)
        for t in found
        if len(t.members) >= least
        and (not needle or needle in t.measure.casefold()
             or any(needle in m.claim.content.text.casefold() for m in t.members))
    ]
    out = [t for t in out if t.conflict or not conflicts_only]
    out.sort(key=lambda t: (-len(t.members), t.id))
    return out


def thread(thread_id: int, *, settings: Settings | None = None, store: ClaimStore | None = None) -> StoredThread:
    """One thread with its members (see :class:`~claimledger.records.StoredThread`).

    Raises:
        ClaimledgerError: E018 when the ledger has no such thread.
    """
    settings = _settings(settings)
    if not 0 <= thread_id < 2**63:
        raise ClaimledgerError("E018", id=thread_id, db=settings.db)
    with _ledger(settings, store=store) as ledger:
        rows = ledger.threads(thread_id)
    if not rows:
        raise ClaimledgerError("E018", id=thread_id, db=settings.db)
    return runner.judged(rows[0], window_days=settings.conflict_window_days)


# ---------------------------------------------------------------------------- queries


def claims(
    *,
    settings: Settings | None = None,
    speaker: str | None = None,
    outlet: str | None = None,
    search: str | None = None,
    article_id: str | None = None,
    limit: int | None = None,
    speaker_id: int | None = None,
    store: ClaimStore | None = None,
) -> list[StoredClaim]:
    """Stored claims matching every filter given (see :meth:`claimledger.store.sqlite.Ledger.claims`).

    ``search`` is a full-text search of words (each must occur; quotes and operators
    are read as text: :func:`claimledger.safe.fts_query`); one with no word finds nothing.
    """
    query = None
    if search is not None:
        query = fts_query(search)
        if query is None:
            return []
    with _ledger(_settings(settings), store=store) as ledger:
        return ledger.claims(
            speaker=speaker, outlet=outlet, search=query, article_id=article_id, limit=limit, speaker_id=speaker_id
        )


def labels(
    *, settings: Settings | None = None, outlet: str | None = None, actor: str | None = None,
    store: ClaimStore | None = None,
) -> list[tuple[Article, Label]]:
    """Every actor label (:mod:`claimledger.labels`) in the stored articles, with its article;
    only ``outlet``'s articles and ``actor``'s group (case-insensitive) when given. The
    ``[[actor]]`` tables of the ``aliases_file`` setting are added to the lexicon.

    Raises:
        ClaimledgerError: E020 for a bad aliases file, E011 for a missing ledger.
    """
    settings = _settings(settings)
    lexicon = lexicon_for(settings.aliases_file)
    out: list[tuple[Article, Label]] = []
    with _ledger(settings, store=store) as ledger:
        for stored in ledger.articles(outlet=outlet):
            claims = [c.claim for c in ledger.claims(article_id=stored.id)]
            out.extend((stored, label) for label in article_labels(stored, claims, lexicon)
                       if actor is None or label.actor.casefold() == actor.casefold())
    return out


def reliability(outlet_or_domain: str | None, *, settings: Settings | None = None) -> float | None:
    """The news-domain quality rating (0 lowest, 1 highest) of an outlet's name, domain or
    URL from the ``reliability_file`` setting; None when unset or unrated
    (:func:`claimledger.reliability.reliability`).

    Raises:
        ClaimledgerError: E065 when the ratings file cannot be read.
    """
    return _reliability(outlet_or_domain, _settings(settings))


def outlet_reliability(outlets: Iterable[str | None], *, settings: Settings | None = None) -> dict[str | None, float | None]:
    """Each outlet's rating (:func:`reliability`): by its name, else by the host of a stored
    article's URL ("Sputnik" is rated through ``sputniknews.com``); None when unrated.

    Raises:
        ClaimledgerError: E065 when the ratings file cannot be read, E011 for a missing ledger.
    """
    settings = _settings(settings)
    out: dict[str | None, float | None] = {}
    with _ledger(settings) as store:
        for outlet in dict.fromkeys(outlets):
            value = _reliability(outlet, settings)
            if value is None and outlet:
                for stored in store.articles(outlet=outlet, limit=5):
                    value = _reliability(outlet_host(stored.url), settings)
                    if value is not None:
                        break
            out[outlet] = value
    return out


def article(article_id: str, *, settings: Settings | None = None, store: ClaimStore | None = None) -> Article:
    """The stored article with this id: its ledger id (the content hash), else its
    input id (the id its record gave, ``external_id``).

    Raises:
        ClaimledgerError: E010 when the ledger has no such article, E025 when the
            input id is that of several stored articles (each is named).
    """
    settings = _settings(settings)
    with _ledger(settings, store=store) as ledger:
        found = ledger.article(article_id)
        if found is None:
            ids = ledger.ids_of_input(article_id)
            if len(ids) > 1:
                raise ClaimledgerError("E025", id=article_id, count=len(ids), db=settings.db, ids=", ".join(ids))
            found = ledger.article(ids[0]) if ids else None
    if found is None:
        raise ClaimledgerError("E010", id=article_id, db=settings.db)
    return found


def articles(
    *, settings: Settings | None = None, outlet: str | None = None, search: str | None = None, limit: int | None = None,
    store: ClaimStore | None = None,
) -> list[ArticleListing]:
    """Stored articles, first ingested first, each with its ledger id and its input id.

    ``search`` is words (white-space separated, read as written) that must each occur
    in the title or the text, case-insensitive; a search with no word finds nothing.
    """
    words: list[str] = []
    if search is not None:
        words = [piece for piece in search.split() if re.search(r"\w", piece)]
        if not words:
            return []
    with _ledger(_settings(settings), store=store) as ledger:
        return ledger.article_listing(outlet=outlet, words=words, limit=limit)


def export(
    table: str, fmt: str, output: str | Path | IO[bytes] | None = None, *, settings: Settings | None = None,
    stdout: IO[str] | None = None,
) -> int:
    """Export a table of the ledger (``claims``, ``quantities``, ``threads``,
    ``speakers``, ``articles``) as ``parquet``, ``csv`` or ``jsonl`` to the file
    ``output``, else (CSV, JSON lines) to the text stream ``stdout``; how many rows
    (see :mod:`claimledger.export`).

    Raises:
        ClaimledgerError: E080 when the output cannot be written, E081 for Parquet
            without an output file, E011 for a missing ledger.
    """
    settings = _settings(settings)
    with _ledger(settings) as store:
        return exporting.write(store, table, fmt, output, stdout=stdout, window_days=settings.conflict_window_days)


def summary(*, settings: Settings | None = None, store: ClaimStore | None = None) -> dict[str, Any]:
    """The ledger's counts (see :meth:`claimledger.store.sqlite.Ledger.summary`)."""
    with _ledger(_settings(settings), store=store) as ledger:
        return ledger.summary()


def speakers(*, settings: Settings | None = None, store: ClaimStore | None = None) -> list[StoredSpeaker]:
    """Every stored speaker with its aliases, roles and affiliations (see
    :meth:`claimledger.store.sqlite.Ledger.speakers`)."""
    with _ledger(_settings(settings), store=store) as ledger:
        return ledger.speakers()


def open_reader(settings: Settings | None = None) -> ClaimStore:
    """The ledger of ``settings.db`` opened read-only (an SQLite ``mode=ro`` URI), to
    pass as ``store=`` to the reading functions; the caller closes it.

    Raises:
        ClaimledgerError: E011 for a missing ledger, E091 for a PostgreSQL one, E093
            for one whose schema is older than this claimledger.
    """
    return open_store(_settings(settings).db, create=False, read_only=True)


def thread_listing(
    query: ThreadQuery | None = None, *, settings: Settings | None = None, store: ClaimStore | None = None
) -> tuple[int, list[ThreadListing]]:
    """How many threads match ``query`` and one page of them, read through indexes
    without their claims (see :class:`~claimledger.records.ThreadQuery`); the stored
    verdicts are used as they are (threads stored before verdicts were kept list as
    without conflict until ``threads --rebuild``)."""
    with _ledger(_settings(settings), store=store) as ledger:
        return ledger.thread_listing(query or ThreadQuery())


def claim_threads(
    claim_ids: Sequence[int], *, settings: Settings | None = None, store: ClaimStore | None = None
) -> dict[int, dict[int, int]]:
    """For stored claims (their row ids), which thread each of their figures is in:
    claim id -> quantity index -> thread id."""
    with _ledger(_settings(settings), store=store) as ledger:
        return ledger.claim_threads(claim_ids)


def claim_speakers(
    claim_ids: Sequence[int], *, settings: Settings | None = None, store: ClaimStore | None = None
) -> dict[int, dict[int, Any]]:
    """For stored claims (their row ids), their speakers as the ledger resolves them:
    claim id -> position -> :class:`~claimledger.records.LedgerSpeaker`."""
    with _ledger(_settings(settings), store=store) as ledger:
        return dict(ledger.claim_identities(claim_ids))


def speaker(speaker_id: int, *, settings: Settings | None = None, store: ClaimStore | None = None) -> StoredSpeaker:
    """One ledger speaker with its claim count, aliases, roles and affiliations.

    Raises:
        ClaimledgerError: E092 when the ledger has no such speaker.
    """
    settings = _settings(settings)
    found = None
    if 0 <= speaker_id < 2**63:
        with _ledger(settings, store=store) as ledger:
            found = ledger.speaker(speaker_id)
    if found is None:
        raise ClaimledgerError("E092", id=speaker_id, db=settings.db)
    return found


def speaker_threads(speaker_id: int, *, settings: Settings | None = None, store: ClaimStore | None = None) -> list[int]:
    """Ids of the threads the speaker's claims have figures in."""
    with _ledger(_settings(settings), store=store) as ledger:
        return ledger.speaker_threads(speaker_id)


def search_claims(
    text: str, *, limit: int = 50, offset: int = 0, settings: Settings | None = None, store: ClaimStore | None = None,
) -> list[StoredClaim]:
    """Claims whose content or speaker mention holds every word of ``text`` (quotes
    and operators are read as text: :func:`claimledger.safe.fts_query`), last stored
    first, one page of ``limit`` from ``offset``; none for a text with no word."""
    query = fts_query(text)
    if query is None:
        return []
    with _ledger(_settings(settings), store=store) as ledger:
        return ledger.search_claims(query, limit=limit, offset=offset)


def apply_aliases(path: str | Path | None = None, *, settings: Settings | None = None) -> dict[str, int]:
    """Apply an aliases file (``path``, else ``settings.aliases_file``) to the ledger:
    merge the speakers it names, re-point their claims, record its aliases, roles and
    affiliations (see :meth:`claimledger.link.identity.Linker.apply_aliases`).

    Raises:
        ClaimledgerError: E019/E020 for a bad aliases file, E011 for a missing ledger,
            E030 for one that cannot be written.
    """
    settings = _settings(settings)
    book = aliases_book(settings, path)
    with _ledger(settings, write=True) as store:
        counts = Linker(store, book).apply_aliases(book)
        if settings.threads and counts.get("merged"):
            runner.update_threads(store, settings, rebuild=True)  # sources follow the merged speakers
        return counts


@contextmanager
def _ledger(settings: Settings, *, write: bool = False, store: ClaimStore | None = None) -> Iterator[ClaimStore]:
    """The existing ledger of ``settings.db``, closed after use; with ``write``, checked
    writable. A ``store`` given (an open one, such as :func:`open_reader`'s) is used
    as it is and left open."""
    if store is not None:
        yield store
        return
    store = open_store(settings.db, create=False)
    try:
        if write:
            store.check_writable()
        yield store
    finally:
        store.close()
