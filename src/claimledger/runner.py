"""Ingest as a plain list of steps over one batch, each a small object with a name.

:func:`ingest_steps` lists them in order; :func:`run` hands one :class:`Batch` to each
in turn (the way a datatrove pipeline composes its ``PipelineStep``\\ s). The first,
:class:`Stream`, reads the input lazily and runs steps 1-5 over one chunk of at most
``settings.ingest_batch`` articles at a time; each chunk is stored, then dropped, so an
ingest's memory does not grow with its input:

1. :class:`Read` files into :class:`~claimledger.records.Article` records (bad ones are counted);
2. :class:`SkipKnown` articles the ledger (or the chunk) already holds, *before* any NLP;
3. :class:`LearnRecurring` lines of each outlet across the chunk and its stored articles;
4. :class:`Clean` the new articles once, with those lines and the loaded settings;
5. :class:`ExtractAndStore` claims in batches and store each article with its claims,
   speakers (resolved by :class:`~claimledger.link.identity.Linker`) and fingerprint
   (whether it is a syndicated copy) in its own transaction (an article the pipeline
   fails on is counted, not fatal), and count the new copies;
6. :class:`FindCopies`: fingerprint stored articles that have
   no fingerprint (left by an ingest that was stopped);
7. :class:`ResolveSpeakers` of every stored claim again, in a fixed order, when claims
   were added since the last time (identities independent of the order of ingests),
   and key thread members' sources on them;
8. :class:`Thread` the figures of every article not yet threaded, and judge the threads
   they changed (with ``workers`` above 1, each chunk's thread members are built in a
   process of its own while the chunk before is placed: :class:`MemberSource`);
9. :class:`ApplySpeakers`: with ``workers`` above 1, step 7 resolves the speakers in a
   process of its own while step 8 threads (where a figure goes does not depend on who
   said it); this stores them and keys the members' sources on them, so the ledger is
   the one a single process leaves.

An ingest stopped at any point thus leaves only complete articles, and the next one
finishes the rest. The report is counters (:class:`IngestReport`). Before any of it,
:func:`open_for_writing` makes sure the ledger can be written (E030 names the ledger and
why not); a ledger another writer keeps locked stops the run with E031 in the report.

Example::

    report = run(ingest_steps(["demo/articles"], manifest="demo/manifest.csv"), settings)
    print(report.ingested, report.claims)
"""
from __future__ import annotations

import ctypes
import json
import os
import platform
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import chain, zip_longest
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from . import clean as cleaning
from . import executors, reliability
from . import ingest as reading
from .errors import ClaimledgerError
from .extract import ClaimSpool, extract_claims
from .link import syndication
from .link import threads as threading
from .link.identity import AliasBook, AliasEntry, Linker, load_book
from .records import Article, Claim, StoredThread, ThreadMember
from .settings import Settings
from .store import ClaimStore, is_postgres_address, open_store

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "Batch", "IngestReport", "Step", "find_copies", "ingest", "ingest_steps", "open_for_writing", "resolve_speakers",
    "run", "store_article", "update_threads",
]

#: ``on_progress(done, total)``: called once with ``done=0``, then after each article;
#: ``total`` is the number of new articles read so far (it grows chunk by chunk).
Progress = Callable[[int, int], None]

#: At most this many stored articles of an outlet are read back to learn its recurring lines.
LEARN_FROM_STORED = 500

#: The error of a ledger another writer keeps locked: the run stops and reports it.
BUSY = "E031"

#: Articles read and marked threaded a chunk at a time while threading (the threader
#: holds at most :data:`THREAD_STATES` threads; see :func:`update_threads`).
THREAD_CHUNK = 500

#: At most this many thread members are held before they are written (a very long
#: article's are written as they are placed, its threaded mark once they all are).
THREAD_MEMBERS = 5_000

#: Threads the threader holds in memory at most (the most recently used; the others
#: are read back from the ledger when a new figure's block names them). A state holds
#: a few KB of words; articles are threaded oldest first, so the threads a new figure
#: meets are mostly the recent ones.
THREAD_STATES = 5_000

#: Articles longer than this (characters) have their thread members built where they
#: are placed, never sent whole from :class:`MemberSource`'s process.
APART_TEXT = 200_000

#: Threads whose members are read back at once to judge them.
JUDGE_CHUNK = 200

#: The ledger's mark of the claims its speakers were last resolved over.
SPEAKERS_RESOLVED = "speakers_resolved"

#: The ledger's mark that its threads' index keys are stored (``thread_keys``); a
#: ledger threaded before they were has its threads indexed once, on its next threading.
THREAD_KEYS = "thread_keys"


@dataclass(slots=True)
class IngestReport:
    """What an ingest did.

    Attributes:
        ingested: articles newly stored.
        duplicates: articles skipped because the ledger (or the batch) already had them.
        republished: of those, texts already stored that came with a new publication
            (another outlet, address or date), which was recorded.
        copies: new articles found to be syndicated copies of stored ones.
        members: figures placed in claim threads.
        failed: ``(source, message)`` for every file, line or article that failed; the
            message starts with its error code (``[E003]``) and names the file.
        claims: claims stored with the new articles.
    """

    ingested: int = 0
    duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    claims: int = 0
    republished: int = 0
    copies: int = 0
    members: int = 0

    def fail(self, source: str, error: Exception) -> None:
        """Count a failure of ``source``."""
        self.failed.append((source, str(error)))


@dataclass(slots=True)
class Batch:
    """What the steps share: the settings, the open ledger, the articles of the current
    chunk at each stage, the report, and where extraction is handed out to.

    ``articles``, ``fresh``, ``repeats``, ``recurring`` and ``stored`` hold one chunk
    (:class:`Stream` empties them before the next); ``total`` and ``done`` count the new
    articles met and extracted so far, for ``on_progress``.
    """

    settings: Settings
    store: ClaimStore
    linker: Linker
    report: IngestReport = field(default_factory=IngestReport)
    articles: list[Article] = field(default_factory=list)
    fresh: list[Article] = field(default_factory=list)
    repeats: list[Article] = field(default_factory=list)
    recurring: dict[str | None, frozenset[str]] = field(default_factory=dict)
    stored: list[Article] = field(default_factory=list)
    on_progress: Progress | None = None
    executor: executors.Executor | None = None
    speakers: SpeakersApart | None = None
    total: int = 0
    done: int = 0

    def next_chunk(self, articles: list[Article]) -> None:
        """Drop the last chunk's articles and take ``articles`` as the next."""
        self.articles, self.fresh, self.repeats, self.recurring = articles, [], [], {}
        self.stored.clear()

    def count_copies(self) -> None:
        """Count the stored articles of this chunk found to be syndicated copies, and let them go."""
        self.report.copies += sum(self.store.original_of(a.id) is not None for a in self.stored)
        self.stored.clear()


class Step(Protocol):
    """One stage of an ingest: it reads and changes the :class:`Batch`."""

    name: str

    def __call__(self, batch: Batch) -> None: ...


# ---------------------------------------------------------------------------- helpers


def error_source(error: ClaimledgerError) -> str:
    """The file (and line) an error is about, as ``path`` or ``path:line``."""
    path = str(error.fields.get("path", "?"))
    line = error.fields.get("line")
    return f"{path}:{line}" if line is not None else path


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or ``None`` where the C library is another."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return None
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def release_memory() -> None:
    """Hand the memory freed by the last chunk back to the operating system.

    Articles and their claims are allocated in one thread (where worker results arrive)
    and freed in another, so glibc keeps the freed blocks in its arenas and a long
    ingest's resident memory would grow by a few MB per 1,000 articles though nothing
    is held; ``malloc_trim`` returns them. Elsewhere this does nothing.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def hands_out(settings: Settings) -> bool:
    """Whether cleaning and extraction run outside this process (Dask, or local workers)."""
    return settings.executor == "dask" or settings.workers > 1


def is_extracted(item: Article) -> bool:
    """Whether ``item``'s text is an HTML extractor's main text (cleaned once and for all)."""
    return item.extracted or reading.is_extracted_source(item.source)  # a stored article: its reader says


def read_raw(
    paths: Iterable[str | Path], *, manifest: str | Path | None = None, outlet: str | None = None,
    published: date | str | None = None,
) -> Iterator[Article | ClaimledgerError]:
    """The articles of files and folders as read, not cleaned yet, or the error of each bad input.

    Raises:
        InputError: a bad manifest or ``published`` value.
    """
    return reading.read_articles(list(paths), manifest=manifest, outlet=outlet, published=published)


def recurring_lines(
    articles: Iterable[Article], *, settings: Settings, store: ClaimStore | None = None
) -> dict[str | None, frozenset[str]]:
    """Each outlet's recurring lines, learned across ``articles`` and the ``store``.

    With a ``store``, the articles it holds of the same outlets (at most
    :data:`LEARN_FROM_STORED` each) are learned from too, so a small batch still
    benefits from its outlet's history. They are read one outlet at a time as they are
    counted, never held together: in a large ledger they are tens of thousands of
    articles for each chunk. HTML-extracted texts are left out.
    """
    corpus = [a for a in articles if not is_extracted(a)]
    stored: Iterable[Article] = ()
    if store is not None:
        outlets = sorted({a.outlet for a in corpus if a.outlet})
        stored = (a for outlet in outlets for a in store.articles(outlet=outlet, limit=LEARN_FROM_STORED)
                  if not is_extracted(a))
    return cleaning.learn_recurring(
        chain(corpus, stored), min_articles=settings.recurring_min_articles, min_share=settings.recurring_min_share
    )


def clean_once(articles: Iterable[Article], recurring: dict[str | None, frozenset[str]]) -> list[Article]:
    """Clean ``articles`` in place with their outlet's recurring lines (an HTML text by
    its own rule); return them."""
    out = list(articles)
    for item in out:
        cleaning.clean(item, recurring=recurring.get(item.outlet, frozenset()), extracted=is_extracted(item))
    return out


def pipeline(settings: Settings) -> Language:
    from .nlp.pipeline import get_pipeline

    return get_pipeline(settings)


def _batches(items: Sequence[Article], size: int) -> Iterator[Sequence[Article]]:
    size = max(1, size)
    for start in range(0, len(items), size):
        yield items[start:start + size]


def extract_safely(
    articles: Sequence[Article], *, settings: Settings, nlp: Language | None = None
) -> Iterator[tuple[Article, Sequence[Claim] | ClaimledgerError]]:
    """Claims of each article, in order, in batches; a failure is yielded, not raised.

    When the pipeline raises on a batch, the batch is run again one article at a
    time, so only the article at fault is lost (as an E015 error).
    """
    nlp = nlp or pipeline(settings)
    for batch in _batches(articles, settings.batch_size):
        try:
            results: list[tuple[Article, Sequence[Claim] | ClaimledgerError]] = list(
                extract_claims(batch, settings=settings, nlp=nlp))
        except Exception:  # noqa: BLE001  (a pipeline bug must not end the batch)
            results = [_extract_one(item, settings=settings, nlp=nlp) for item in batch]
        yield from results


def _extract_one(
    item: Article, *, settings: Settings, nlp: Language
) -> tuple[Article, Sequence[Claim] | ClaimledgerError]:
    """One article's claims, or the E015 error of the pipeline failing on it."""
    try:
        return next(extract_claims([item], settings=settings, nlp=nlp))
    except Exception as e:  # noqa: BLE001
        reason = f"{type(e).__name__}: {e}"
        return item, ClaimledgerError("E015", path=item.source or item.id, reason=reason)


def store_article(
    store: ClaimStore, linker: Linker, article: Article, claims: Sequence[Claim], *,
    copy_threshold: float | None = None,
) -> bool:
    """Store ``article`` with its ``claims`` in one transaction, each claim's speakers
    resolved by ``linker``; False when the article was stored already (only a new
    publication of it is recorded).

    With ``copy_threshold``, the article's MinHash fingerprint is stored, and whether it
    is a syndicated copy recorded, in the same transaction: an ingest stopped at any
    point leaves every stored article complete.
    """
    try:
        with store.transaction():
            linker.refresh()  # another process may have stored speakers since
            if store.has(article.id):
                store.add_publication(article)
                return False
            if not store.add_article(article):  # another process stored it meanwhile
                return False
            for seq, claim in enumerate(claims):
                speaker_ids = linker.claim_speakers(claim, article.outlet)
                claim_id = store.add_claim(article.id, seq, claim, speaker_ids)
                linker.seen(speaker_ids, article.outlet, claim_id)
            if copy_threshold is not None:
                syndication.find_copies([article], store, threshold=copy_threshold)
    except BaseException:
        linker.forget()  # what it learned in the undone transaction was not stored
        raise
    return True


def open_for_writing(settings: Settings) -> ClaimStore:
    """The ledger of ``settings.db``, created and migrated as needed, once it is known
    that it can be written.

    Raises:
        ClaimledgerError: E030 when the ledger's folder is missing or the ledger cannot
            be written (read-only file or folder), E011/E014 when it cannot be opened.
    """
    db = settings.db
    if db != ":memory:" and "://" not in db:
        path = Path(db)
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            reason = "no such folder" if not folder.exists() else f"{folder} is not a folder"
            raise ClaimledgerError("E030", db=db, reason=reason)
        if path.exists() and not path.is_dir() and not os.access(path, os.W_OK):
            raise ClaimledgerError("E030", db=db, reason="the file is read-only")
        if not path.exists() and not os.access(folder, os.W_OK):
            raise ClaimledgerError("E030", db=db, reason=f"the folder {folder} is read-only")
    store = open_store(db)
    try:
        store.check_writable()
    except ClaimledgerError:
        store.close()
        raise
    return store


# ---------------------------------------------------------------------------- the steps


@dataclass(slots=True)
class Read:
    """Read files and folders; every bad file or line is counted in the report."""

    paths: Sequence[str | Path]
    manifest: str | Path | None = None
    outlet: str | None = None
    published: date | str | None = None
    name: str = "read"

    def __call__(self, batch: Batch) -> None:
        batch.articles.extend(self.items(batch))

    def items(self, batch: Batch) -> Iterator[Article]:
        """The articles read, one at a time as their files are read; every bad input is
        counted in ``batch.report`` as it is met."""
        for item in read_raw(self.paths, manifest=self.manifest, outlet=self.outlet, published=self.published):
            if isinstance(item, ClaimledgerError):
                batch.report.fail(error_source(item), item)
            else:
                yield item


def chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """``items`` in consecutive lists of at most ``size``, each taken from ``items`` only
    when the one before has been used."""
    chunk: list[Article] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= max(1, size):
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass(slots=True)
class Stream:
    """Read the input lazily and run ``steps`` over one chunk of at most
    ``settings.ingest_batch`` articles at a time: each chunk is read, cleaned, extracted
    and stored (each article in its own transaction), its copies counted, and then let
    go before the next is read. Handed-out extraction (:func:`hands_out`) runs in one
    :class:`~claimledger.executors.Executor` kept for every chunk."""

    read: Read
    steps: Sequence[Step]
    name: str = "stream"

    def __call__(self, batch: Batch) -> None:
        with executors.Executor(batch.settings) as executor:
            batch.executor = executor if hands_out(batch.settings) else None
            try:
                for chunk in chunks(self.read.items(batch), batch.settings.ingest_batch):
                    batch.next_chunk(chunk)
                    del chunk  # the batch holds it, and lets it go once it is stored
                    for step in self.steps:
                        step(batch)
                    batch.count_copies()
                    batch.next_chunk([])  # the chunk is stored: let it go before the next is read
                    release_memory()
            finally:
                batch.executor = None
                batch.next_chunk([])


@dataclass(slots=True)
class SkipKnown:
    """Keep the articles neither stored already nor repeated earlier in the chunk.

    An article already stored (by an earlier ingest or chunk) is a duplicate; its
    publication is recorded when new. A repeat of the chunk has its publication
    recorded once its text is stored.
    """

    name: str = "skip known"

    def __call__(self, batch: Batch) -> None:
        seen: set[str] = set()
        for item in batch.articles:
            if item.id in seen:
                batch.report.duplicates += 1
                batch.repeats.append(item)
            elif batch.store.has(item.id):
                batch.report.duplicates += 1
                if batch.store.add_publication(item):
                    batch.report.republished += 1
            else:
                batch.fresh.append(item)
            seen.add(item.id)


@dataclass(slots=True)
class LearnRecurring:
    """Learn each outlet's recurring lines across the batch and its stored articles."""

    name: str = "learn recurring lines"

    def __call__(self, batch: Batch) -> None:
        if batch.fresh:
            batch.recurring = recurring_lines(batch.articles, settings=batch.settings, store=batch.store)


@dataclass(slots=True)
class Clean:
    """Clean the new articles once, with their outlet's recurring lines."""

    name: str = "clean"

    def __call__(self, batch: Batch) -> None:
        if not hands_out(batch.settings):  # else each partition is cleaned where it is extracted
            clean_once(batch.fresh, batch.recurring)


@dataclass(slots=True)
class ExtractAndStore:
    """Extract the new articles' claims in batches and store each article with them in
    its own transaction; a failure of one article is counted (E015, E016)."""

    nlp: Any = None
    name: str = "extract and store"

    def __call__(self, batch: Batch) -> None:
        report, first = batch.report, batch.total == 0 and batch.done == 0
        batch.total += len(batch.fresh)
        if batch.on_progress and (first or batch.fresh):
            batch.on_progress(batch.done, batch.total)
        if batch.fresh:
            for item, result in self._extract(batch):
                if self._store(batch, item, result):
                    batch.stored.append(item)
                if isinstance(result, ClaimSpool):
                    result.close()  # its claims are stored: remove the file now
                batch.done += 1
                if batch.on_progress:
                    batch.on_progress(batch.done, batch.total)
        for item in batch.repeats:
            if batch.store.has(item.id) and batch.store.add_publication(item):
                report.republished += 1

    def _extract(self, batch: Batch) -> Iterator[tuple[Article, Sequence[Claim] | ClaimledgerError]]:
        """Each new article (cleaned) with its claims, in input order: here, or in
        worker processes or Dask tasks (:mod:`claimledger.executors`)."""
        if hands_out(batch.settings):
            flags = [is_extracted(a) for a in batch.fresh]
            if batch.executor is not None:
                return batch.executor.extract(batch.fresh, batch.recurring, flags)
            return executors.extract_elsewhere(batch.fresh, batch.recurring, flags, batch.settings)
        return extract_safely(batch.fresh, settings=batch.settings, nlp=self.nlp)

    @staticmethod
    def _store(batch: Batch, item: Article, result: Sequence[Claim] | ClaimledgerError) -> bool:
        """Write one article with its claims, or count why it cannot be; True when stored.

        Raises:
            ClaimledgerError: E031 when another writer holds the ledger past the
                timeout (the run stops; what was stored is kept).
        """
        report, source = batch.report, item.source or item.id
        if isinstance(result, ClaimledgerError):
            report.fail(source, result)
            return False
        try:
            added = store_article(
                batch.store, batch.linker, item, result, copy_threshold=batch.settings.syndication_threshold)
        except ClaimledgerError as e:
            if e.code == BUSY:
                raise
            report.fail(source, ClaimledgerError("E016", path=source, reason=str(e)))
            return False
        except Exception as e:  # noqa: BLE001  (one article's failure must not end the batch)
            report.fail(source, ClaimledgerError("E016", path=source, reason=f"{type(e).__name__}: {e}"))
            return False
        if added:
            report.ingested += 1
            report.claims += len(result)
        else:
            report.duplicates += 1
        return added


@dataclass(slots=True)
class FindCopies:
    """Fingerprint every stored article that has no fingerprint yet (one stored by an
    ingest that was stopped, or by an older version), one at a time, and count the new
    articles still in ``batch.stored`` found to be syndicated copies (each article is
    fingerprinted as it is stored; :class:`Stream` counts each chunk's)."""

    name: str = "find copies"

    def __call__(self, batch: Batch) -> None:
        missing = batch.store.unsigned_articles()
        if missing:  # read back one at a time, as they are fingerprinted
            articles = (a for a in map(batch.store.article, missing) if a is not None)
            find_copies(articles, store=batch.store, settings=batch.settings)
        batch.count_copies()


@dataclass(slots=True)
class ResolveSpeakers:
    """Resolve the speakers of every stored claim again, from scratch and in an order
    that depends only on what is stored (:func:`resolve_speakers`), whenever claims
    were added since the last time: the speakers are then the same whatever the order
    of the ingests, whether two ran at once, or one was stopped and run again.

    With ``workers`` above 1 the resolving runs in a process of its own while this one
    threads (where a figure goes does not depend on who said it), and
    :class:`ApplySpeakers` stores it after: the ledger is the same as when it runs here."""

    name: str = "resolve speakers"

    def __call__(self, batch: Batch) -> None:
        if batch.store.state(SPEAKERS_RESOLVED) == batch.store.claims_mark():
            return
        batch.linker.forget()  # let go of the stream's index first: resolving builds one of the whole ledger
        if batch.settings.workers > 1 and batch.settings.threads and batch.settings.db != ":memory:":
            batch.speakers = SpeakersApart(batch.settings.db, batch.linker.book)
        else:
            resolve_speakers(batch.store, batch.linker.book)
            refresh_thread_sources(batch.store, batch.settings)


@dataclass(slots=True)
class Thread:
    """Place the new figures in claim threads and judge the threads they changed."""

    name: str = "thread"

    def __call__(self, batch: Batch) -> None:
        if batch.settings.threads:
            batch.report.members = update_threads(batch.store, batch.settings)


@dataclass(slots=True)
class ApplySpeakers:
    """Store the speakers :class:`ResolveSpeakers` resolved in a process of its own (if
    it did), and key the thread members' sources on them. When the ledger changed while
    they were resolved (another ingest stored claims), or that process failed, they are
    resolved again here."""

    name: str = "apply speakers"

    def __call__(self, batch: Batch) -> None:
        job, batch.speakers = batch.speakers, None
        if job is None:
            return
        try:
            try:
                resolved = job.result()
            except Exception:  # noqa: BLE001  (the process failed: resolved here, where a fault shows whole)
                resolved = None
            with batch.store.lock("store"), batch.store.transaction():
                done = resolved is not None and apply_speakers(batch.store, resolved) is not None
            if not done:
                resolve_speakers(batch.store, batch.linker.book)
        finally:
            job.close()
        refresh_thread_sources(batch.store, batch.settings)


def ingest_steps(
    paths: Sequence[str | Path], *, manifest: str | Path | None = None, outlet: str | None = None,
    published: date | str | None = None, nlp: Any = None,
) -> list[Step]:
    """The steps of an ingest of ``paths``, in order: :class:`Stream` runs the first five
    over each chunk of the input, the others run once at the end."""
    per_chunk: list[Step] = [SkipKnown(), LearnRecurring(), Clean(), ExtractAndStore(nlp)]
    return [
        Stream(Read(paths, manifest, outlet, published), per_chunk), FindCopies(), ResolveSpeakers(), Thread(),
        ApplySpeakers(),
    ]


def run(
    steps: Sequence[Step], settings: Settings, *, book: AliasBook | None = None, on_progress: Progress | None = None,
) -> IngestReport:
    """Run ``steps`` over one batch in the ledger ``settings.db``; the report.

    The ledger is opened (and checked writable) before the first step, and speakers
    are resolved with ``book`` (default: the shipped book extended by
    ``settings.aliases_file``).

    When another writer keeps the ledger locked past the busy timeout, the run stops
    and E031 is counted in the report (named by the ledger), which is returned with
    what was done so far; the next run goes on from there.

    Raises:
        ClaimledgerError: E030 for a ledger that cannot be written, E011/E014 for one
            that cannot be opened, E031 when it stays locked before any step starts,
            E019/E020 for a bad aliases file, and what a step raises (a bad manifest,
            a missing model).
    """
    book = book if book is not None else load_book(settings.aliases_file)
    store = open_for_writing(settings)
    batch = Batch(settings=settings, store=store, linker=Linker(store, book), on_progress=on_progress)
    try:
        for step in steps:
            try:
                step(batch)
            except ClaimledgerError as e:
                if e.code != BUSY:
                    raise
                batch.report.fail(settings.db, e)  # the ledger stayed locked: stop, keep the report
                break
        return batch.report
    finally:
        if batch.speakers is not None:  # a step failed before they were stored: the next run resolves them
            batch.speakers.close(stop=True)
        store.close()


def ingest(
    paths: Sequence[str | Path], settings: Settings, *, manifest: str | Path | None = None, outlet: str | None = None,
    published: date | str | None = None, on_progress: Progress | None = None,
) -> IngestReport:
    """Run :func:`ingest_steps` of ``paths``; see :func:`run`."""
    steps = ingest_steps(paths, manifest=manifest, outlet=outlet, published=published)
    return run(steps, settings, on_progress=on_progress)


# ---------------------------------------------------------------------------- speakers


def resolve_speakers(store: ClaimStore, book: AliasBook) -> int:
    """Resolve the speakers of every stored claim again, as if the stored articles had
    been ingested one by one in a fixed order (publication date, then article id), and
    store the result in place of the speakers the ledger had; return how many claim
    speakers changed name or type.

    The identity rules (:class:`~claimledger.link.identity.Linker`) depend on what is
    known when a name comes ("Voss" is the Voss known so far), so ingests in another
    order, or two at once, would otherwise leave other identities. Speakers with names
    from an aliases file (``aliases apply``) keep them: those names are read back as
    entries of the book. Everything happens in one transaction, while no other process
    stores an article (``store.lock("store")``). The speakers are resolved anew into a
    temporary ledger on disk, not memory (:func:`resolve_into`: it holds every claim),
    and stored from there (:func:`apply_speakers`).
    """
    with store.lock("store"), store.transaction(), tempfile.TemporaryDirectory(prefix="claimledger-speakers-") as folder:
        changed = apply_speakers(store, resolve_into(store, book, Path(folder) / "scratch.db"))
    assert changed is not None  # nothing was stored in between: it is one transaction
    return changed


@dataclass(frozen=True, slots=True)
class Resolved:
    """Speakers resolved anew into the ledger at ``path``, from the claims of the mark
    ``mark`` and the aliases-file speakers ``files`` (``store.file_speakers()``)."""

    path: str
    mark: str
    files: list[tuple[str, str, str | None, str | None, list[str]]]


def resolve_into(store: ClaimStore, book: AliasBook, path: Path) -> Resolved:
    """Resolve the speakers of every claim of ``store`` (which is only read) into a new
    ledger at ``path``, as :func:`resolve_speakers` describes."""
    files, mark = store.file_speakers(), store.claims_mark()
    entries = [AliasEntry(canonical, aliases, affiliation, role, kind) for canonical, kind, role, affiliation, aliases in files]
    scratch = open_store(str(path))
    try:
        linker = Linker(scratch, book.extend(AliasBook(speakers=entries)) if entries else book)
        with scratch.transaction():  # one commit for the whole pass
            linker.add_file_speakers(entries)  # an applied file's speakers exist even without claims
            for article, claims in store.speaker_inputs():
                scratch.add_article(article)
                for seq, claim in enumerate(claims):
                    speaker_ids = linker.claim_speakers(claim, article.outlet)
                    claim_id = scratch.add_claim(article.id, seq, claim, speaker_ids)
                    linker.seen(speaker_ids, article.outlet, claim_id)
            linker.relink_affiliations()
    finally:
        scratch.close()
    return Resolved(str(path), mark, files)


def apply_speakers(store: ClaimStore, resolved: Resolved) -> int | None:
    """Store the speakers of ``resolved`` in place of the ledger's, in the caller's
    transaction, and mark them resolved; how many claim speakers changed name or type.
    None, and nothing stored, when the ledger's claims or aliases-file speakers are no
    longer those they were resolved from. The speakers before and after are compared a
    row at a time (:func:`changed_names`, :func:`same_tables`), never held."""
    if store.claims_mark() != resolved.mark or store.file_speakers() != resolved.files:
        return None
    scratch = open_store(resolved.path, create=False)
    try:
        changed = changed_names(store.claim_speaker_names(), scratch.claim_speaker_names())
        if changed or not same_tables(store.speaker_tables(), scratch.speaker_tables()):
            store.replace_speakers(scratch.speaker_tables())
    finally:
        scratch.close()
    store.set_state(SPEAKERS_RESOLVED, resolved.mark)
    return changed


def _resolve_apart(db: str, book: AliasBook, path: str) -> Resolved | None:
    """:func:`resolve_into` from the ledger ``db``, in a process of its own; None when
    claims were stored while it read them."""
    store = open_store(db, create=False, read_only=not is_postgres_address(db))
    try:
        resolved = resolve_into(store, book, Path(path))
        return resolved if store.claims_mark() == resolved.mark else None
    finally:
        store.close()


class SpeakersApart:
    """The speakers of the ledger ``db`` resolved anew (:func:`resolve_into`) in a
    process of its own, into a temporary ledger removed by :meth:`close`."""

    def __init__(self, db: str, book: AliasBook) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="claimledger-speakers-")
        self._job = executors.Apart(_resolve_apart, db, book, str(Path(self._folder.name) / "scratch.db"))

    def result(self) -> Resolved | None:
        """Wait for the speakers; None when the ledger changed while they were resolved."""
        return self._job.result()

    def close(self, *, stop: bool = False) -> None:
        """End the process (at once with ``stop``) and remove the temporary ledger."""
        self._job.close(stop=stop)
        self._folder.cleanup()


def changed_names(before: Iterable[tuple[Any, Any]], after: Iterable[tuple[Any, Any]]) -> int:
    """How many keys of ``before`` and ``after`` (``(key, value)`` pairs, each in key
    order, each key once) are missing from the other or have another value there:
    the two are walked side by side, so neither is held."""
    changed = 0
    old, new = iter(before), iter(after)
    a, b = next(old, None), next(new, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a[0] < b[0]):
            changed, a = changed + 1, next(old, None)
        elif a is None or b[0] < a[0]:
            changed, b = changed + 1, next(new, None)
        else:
            changed, a, b = changed + (a[1] != b[1]), next(old, None), next(new, None)
    return changed


def same_tables(tables: dict[str, Iterable[tuple[Any, ...]]], others: dict[str, Iterable[tuple[Any, ...]]]) -> bool:
    """Whether two sets of tables hold the same rows in the same order, read side by side."""
    gone = object()
    return tables.keys() == others.keys() and all(
        all(a == b for a, b in zip_longest(tables[name], others[name], fillvalue=gone)) for name in tables)


# ---------------------------------------------------------------------------- copies and threads


def find_copies(articles: Iterable[Article], *, store: ClaimStore, settings: Settings) -> dict[str, str]:
    """:func:`claimledger.link.syndication.find_copies` at ``settings.syndication_threshold``."""
    return syndication.find_copies(articles, store, threshold=settings.syndication_threshold)


def _member_row(member: threading.Member) -> dict[str, Any]:
    return {
        "thread_id": member.thread_id, "claim_id": member.claim_id, "qindex": member.qindex,
        "series": member.series, "low": member.low, "high": None if member.high == threading.INF else member.high,
        "day": member.day.isoformat() if member.day else None, "sources": "|".join(sorted(member.sources)),
        "value": json.dumps(member.value), "change": member.change, "implicit": int(member.implicit),
        "published": member.published.isoformat() if member.published else None,
    }


def update_threads(store: ClaimStore, settings: Settings, *, rebuild: bool = False) -> int:
    """Place the figures of every article not yet threaded in claim threads, and store
    the verdicts of every thread that changed; return how many figures were placed.

    Only the new articles' claims are read, and of the saved threads only those a new
    figure's index keys name (through the ledger's ``thread_keys``; at most
    :data:`THREAD_STATES` held at once), so the cost is that of the new figures' blocks
    and memory does not grow with the ledger. With ``rebuild`` every thread is dropped
    and built again from all stored claims. It all happens in one transaction, from
    reading the saved threads to writing them, and under the ledger's ``threads`` lock
    (``store.lock``: one process at a time across a team's PostgreSQL ledger), so two
    ingests into one ledger thread one after the other, never over each other's thread ids.
    """
    with store.lock("threads"), store.transaction():  # one threader at a time
        return _update_threads(store, settings, rebuild=rebuild)


def _update_threads(store: ClaimStore, settings: Settings, *, rebuild: bool) -> int:
    if rebuild:
        store.clear_threads()
    rows, df, docs = store.thread_state()
    threader = new_threader(settings, keep=THREAD_STATES, fetch=store.thread_rows,
                            index=threading.KeyIndex(store.thread_keys))
    if store.state(THREAD_KEYS) is None:  # threads saved before their keys were: index them once
        threader.load((threading.ThreadState.from_row(r) for r in rows), df, docs)
        store.add_thread_keys(threader.index.take_new())
        store.set_state(THREAD_KEYS, "1")
    else:  # found through the ledger's key index as they are needed
        threader.load((), df, docs)
        threader.next_id = store.last_thread_id() + 1
    placed = 0
    source = MemberSource(store, settings)
    try:
        chunk = store.unthreaded_articles(limit=THREAD_CHUNK)  # read, and marked threaded, a chunk at a time
        while chunk:
            if source.apart and (following := store.unthreaded_articles(limit=2 * THREAD_CHUNK)[len(chunk):]):
                source.ahead(following)  # built while this chunk is placed
            members = []
            for article in source.members(chunk):
                for claim_members in article:
                    for m in claim_members:
                        threader.add(m)
                        members.append(_member_row(m))
                    if len(members) >= THREAD_MEMBERS:
                        placed += _save_members(store, threader, members, [])
                        members = []
            placed += _save_members(store, threader, members, chunk)
            release_memory()
            chunk = store.unthreaded_articles(limit=THREAD_CHUNK)
    finally:
        source.close()
    changed = sorted(threader.changed)
    with store.transaction():  # each changed thread was saved with its last member; the frequencies now
        store.save_threads([], [], threader.term_counts(), threader.docs, [])
        judge_threads(store, settings, changed)
    return placed


def new_threader(settings: Settings, **kwargs: Any) -> threading.Threader:
    """A threader with the thread settings of ``settings`` (and ``kwargs``: where it
    keeps and finds its threads)."""
    return threading.Threader(
        min_similarity=settings.thread_min_similarity, incident_days=settings.thread_incident_days,
        max_candidates=settings.thread_max_candidates, context_weight=settings.thread_context_weight,
        followup_days=settings.thread_followup_days, followup_similarity=settings.thread_followup_similarity,
        followup_names=settings.thread_followup_names_similarity, **kwargs,
    )


def thread_members(article: dict[str, Any], settings: Settings) -> Iterator[list[threading.Member]]:
    """The thread members of an article as :meth:`ClaimStore.thread_inputs` gives it,
    claim by claim (each claim's members are one per measured quantity), each claim's
    built as it is asked for: a very long article's are never all held at once."""
    place, places = threading.article_places(article["text"])
    context = threading.article_context(article["text"])
    for c in article["claims"]:
        yield threading.members_of_claim(
            c["json"], article_id=article["id"], seq=c["seq"], outlet=article["outlet"], published=article["published"],
            claim_id=c["id"], fallback_place=place, article_places=places, approx=settings.approx_tolerance,
            exact=settings.exact_tolerance, source_outlet=article["source_outlet"], ledger_speakers=c["speakers"],
            context=context,
        )


class MemberSource:
    """The thread members of each article of a chunk, built here or, with two or more
    ``workers`` and a ledger other processes can read, in a process of its own a chunk
    ahead (:class:`_MemberBuilder`) while this one places the chunk before (the first
    chunk is built here while that process starts; a single chunk never starts it): building
    members (reading the places, names and measures of every figure) is a third of
    threading's time, and it depends only on the stored articles and claims, which
    threading does not change. A chunk not asked ahead (another ingest stored articles
    meanwhile), or a process that failed, is built here: the members are the same."""

    def __init__(self, store: ClaimStore, settings: Settings) -> None:
        self.store, self.settings = store, settings
        self.apart = settings.workers > 1 and settings.db != ":memory:"
        self._helper: executors.Helper | None = None
        self._asked: list[list[str]] = []

    def ahead(self, article_ids: Sequence[str]) -> None:
        """Have the members of ``article_ids`` built apart, to be taken by :meth:`members`."""
        if not self.apart:
            return
        try:
            if self._helper is None:
                self._helper = executors.Helper(_MemberBuilder, self.settings.db, self.settings)
            self._helper.ask(list(article_ids))
            self._asked.append(list(article_ids))
        except Exception:  # noqa: BLE001  (the process cannot start or be reached: built here)
            self._give_up()

    def members(self, article_ids: Sequence[str]) -> Iterator[Iterable[list[threading.Member]]]:
        """The members of each article of ``article_ids`` still stored, claim by claim
        (an article too long to be sent whole, :data:`APART_TEXT`, is built here)."""
        wanted = list(article_ids)
        while wanted in self._asked and self._helper is not None:
            asked = self._asked.pop(0)  # the answers come in the order asked; those not wanted are let go
            try:
                built = self._helper.answer()
            except Exception:  # noqa: BLE001  (the process failed: built here, where a fault shows whole)
                self._give_up()
                break
            if asked == wanted:
                return self._here_or_built(built)
        return (thread_members(art, self.settings) for art in self.store.thread_inputs(wanted))

    def _here_or_built(self, built: list[tuple[str, list[list[threading.Member]] | None]]) -> Iterator[Iterable[list[threading.Member]]]:
        for article_id, members in built:
            if members is not None:
                yield threading.interned([members])[0]
            else:
                for art in self.store.thread_inputs([article_id]):
                    yield thread_members(art, self.settings)

    def _give_up(self) -> None:
        self.close()
        self.apart = False

    def close(self) -> None:
        helper, self._helper, self._asked = self._helper, None, []
        if helper is not None:
            helper.close()


class _MemberBuilder:
    """Builds the thread members of articles read from the ledger ``db`` (only read):
    what answers :class:`MemberSource`'s requests in its process."""

    def __init__(self, db: str, settings: Settings) -> None:
        self.store = open_store(db, create=False, read_only=not is_postgres_address(db))
        self.settings = settings

    def __call__(self, article_ids: Sequence[str]) -> list[tuple[str, list[list[threading.Member]] | None]]:
        """Each stored article's id with its members, claim by claim; None in place of
        the members of an article longer than :data:`APART_TEXT` characters."""
        return [(art["id"], None if len(art["text"]) > APART_TEXT else list(thread_members(art, self.settings)))
                for art in self.store.thread_inputs(article_ids)]

    def close(self) -> None:
        self.store.close()


def _save_members(
    store: ClaimStore, threader: threading.Threader, members: list[dict[str, Any]], article_ids: Sequence[str]
) -> int:
    """Write ``members`` with the threads they joined as they stand now, and mark
    ``article_ids`` threaded, in one transaction; the threader may then let go of those
    threads. How many members were written."""
    joined = sorted({m["thread_id"] for m in members})  # written first: members refer to them
    store.save_threads([threader.state(i).to_row() for i in joined], members, {}, 0, article_ids)
    store.add_thread_keys(threader.index.take_new())
    threader.saved(joined)
    return len(members)


def judge_threads(store: ClaimStore, settings: Settings, thread_ids: Sequence[int]) -> None:
    """Compute and store the verdicts of these threads (conflicts, sources, the
    current figure) from their members, read back :data:`JUDGE_CHUNK` threads at a time."""
    for start in range(0, len(thread_ids), JUDGE_CHUNK):
        for thread_id, points in store.thread_points(thread_ids[start:start + JUDGE_CHUNK]).items():
            clashes, sources = judge(points, window_days=settings.conflict_window_days)
            store.save_verdicts(
                thread_id, conflict=bool(clashes), sources=sources,
                conflicts_with=[(p.claim_id, p.qindex, clashes.get(i, [])) for i, p in enumerate(points)],
                current=current(points, settings),
            )


def refresh_thread_sources(store: ClaimStore, settings: Settings) -> int:
    """Key every thread member's sources on its claim's speakers as the ledger resolves
    them now, and judge again the threads whose members changed (after the speakers
    were resolved again: "Voss", threaded as a source of its own, may now be "Mara
    Voss"); return how many members changed. Which thread a figure is in stays.

    The threaded articles are read :data:`THREAD_CHUNK` at a time, with their members."""
    with store.transaction():
        ids, changed, count = store.threaded_articles(), set(), 0
        for start in range(0, len(ids), THREAD_CHUNK):
            rows = _changed_sources(store, ids[start:start + THREAD_CHUNK])
            if rows:
                changed.update(store.set_member_sources(rows))
                count += len(rows)
        if changed:
            judge_threads(store, settings, sorted(changed))
    return count


def _changed_sources(store: ClaimStore, article_ids: Sequence[str]) -> list[tuple[str, int, int]]:
    """``(sources, claim id, qindex)`` of the members of these articles' claims whose
    stored sources differ from those of the claim's speakers now."""
    stored = store.member_sources(article_ids)
    if not stored:
        return []
    by_claim: dict[int, list[int]] = {}
    for claim_id, qindex in stored:
        by_claim.setdefault(claim_id, []).append(qindex)
    rows: list[tuple[str, int, int]] = []
    for art in store.thread_inputs(article_ids):
        outlet = art["source_outlet"] or art["outlet"]
        for c in art["claims"]:
            if c["id"] in by_claim:
                sources = "|".join(sorted(threading.source_keys(c["json"], outlet, c["speakers"])))
                rows.extend((sources, c["id"], q) for q in by_claim[c["id"]] if stored[(c["id"], q)] != sources)
    return rows


def judge(members: Sequence[Any], *, window_days: int) -> tuple[dict[int, list[int]], int]:
    """A thread's verdicts from its members by date: index -> indexes it conflicts with,
    and the number of independent sources (see :func:`claimledger.link.threads.conflicts`)."""
    points = [
        threading.Point(
            day=m.day, series=m.series, low=m.low, high=threading.INF if m.high is None else m.high,
            sources=m.sources, article_id=m.article_id, published=m.published,
        )
        for m in members
    ]
    return threading.conflicts(points, window_days=window_days), threading.independent_sources(points)


def current(members: Sequence[ThreadMember], settings: Settings | None = None) -> list[dict[str, Any]]:
    """A thread's current figure per unit series (:func:`claimledger.link.threads.current_figures`);
    with the ``reliability_weight`` setting, each source counts by its outlet's rating
    (:func:`claimledger.reliability.weight`)."""
    weighed = settings is not None and settings.reliability_weight
    figures = []
    for m in members:
        value = m.value if m.value is not None else (m.quantity.value if m.claim is not None else m.low)
        change = m.change or (m.quantity.change if m.claim is not None else "=")
        implicit = m.implicit if m.claim is None else m.quantity.implicit
        figures.append(threading.Figure(
            series=m.series, value=value, change=change, low=m.low, high=threading.INF if m.high is None else m.high,
            published=m.published, day=m.day, sources=m.sources, article_id=m.article_id, implicit=implicit,
            weight=reliability.weight(m.outlet, settings) if weighed else 1.0,
        ))
    return threading.current_figures(figures)


def judged(thread: StoredThread, *, window_days: int) -> StoredThread:
    """``thread`` with its verdicts, computed here (nothing is written) when the ledger
    holds none yet (a thread stored before verdicts were kept)."""
    if thread.current is None:
        thread.current = current(thread.members)
    if thread.conflict is not None and thread.sources is not None:
        return thread
    clashes, sources = judge(thread.members, window_days=window_days)
    for i, member in enumerate(thread.members):
        member.conflicts_with = clashes.get(i, [])
    thread.conflict, thread.sources = bool(clashes), sources
    return thread
