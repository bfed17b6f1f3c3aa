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
6. store each article with its claims in its own transaction;
7. find which new articles are syndicated copies of stored ones (:func:`find_copies`);
8. place the new articles' figures in claim threads (:func:`update_threads`).

An article whose text is already stored is not extracted again, but a new publication
of it (another outlet, address or date) is recorded.
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
from . import syndication
from . import threads as threading
from .errors import ClaimledgerError
from .extract import extract_claims
from .identity import AliasBook, load_book
from .records import Article, Claim, Quantity
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
    "quantities",
    "quantities_of_lines",
    "quantity_record",
    "read",
    "recurring_lines",
    "speakers",
    "summary",
    "find_copies",
    "thread",
    "threads",
    "update_threads",
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
            yield cleaning.clean(item, extracted=item.extracted)


def is_extracted(item: Article) -> bool:
    """Whether ``item``'s text is an HTML extractor's main text (cleaned once and for all)."""
    return item.extracted or reading.is_extracted_source(item.source)  # a stored article: its reader says


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
    ``recurring`` is given. HTML-extracted articles keep every line but the title.
    """
    articles = list(articles)
    if recurring is None:
        recurring = recurring_lines(articles, settings=settings, store=store)
    for item in articles:
        cleaning.clean(item, recurring=recurring.get(item.outlet, frozenset()), extracted=is_extracted(item))
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
        items = [i if isinstance(i, ClaimledgerError) else cleaning.clean(i, extracted=i.extracted)
                 for i in reading.read_articles([str(source)], outlet=outlet, published=published)]
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
        fresh, repeats = _fresh(articles, store, report)
        if on_progress:
            on_progress(0, len(fresh))
        stored: list[Article] = []
        if fresh:
            recurring = recurring_lines(articles, settings=settings, store=store)
            clean_batch(fresh, recurring=recurring)
            for done, (item, result) in enumerate(extract_safely(fresh, settings=settings), 1):
                if _store(store, item, result, report):
                    stored.append(item)
                if on_progress:
                    on_progress(done, len(fresh))
        for item in repeats:
            if store.has(item.id) and store.add_publication(item):
                report.republished += 1
        report.copies = len(find_copies(stored, store=store, settings=settings))
        if settings.threads:
            report.members = update_threads(store=store, settings=settings)
    finally:
        store.close()
    return report


def _fresh(articles: list[Article], store: ClaimStore, report: IngestReport) -> tuple[list[Article], list[Article]]:
    """The articles neither stored already nor repeated earlier in the batch, and the
    repeats of the batch (whose publications are recorded once their text is stored).

    An article already stored is a duplicate; its publication is recorded when new.
    """
    seen: set[str] = set()
    fresh, repeats = [], []
    for item in articles:
        if item.id in seen:
            report.duplicates += 1
            repeats.append(item)
        elif store.has(item.id):
            report.duplicates += 1
            if store.add_publication(item):
                report.republished += 1
        else:
            fresh.append(item)
        seen.add(item.id)
    return fresh, repeats


def _store(store: ClaimStore, item: Article, result: list[Claim] | ClaimledgerError, report: IngestReport) -> bool:
    """Write one article with its claims, or count why it cannot be; True when stored."""
    source = item.source or item.id
    if isinstance(result, ClaimledgerError):
        report.fail(source, result)
        return False
    try:
        added = store.add(item, result)
    except Exception as e:  # noqa: BLE001  (one article's failure must not end the batch)
        report.fail(source, ClaimledgerError("E016", path=source, reason=f"{type(e).__name__}: {e}"))
        return False
    if added:
        report.ingested += 1
        report.claims += len(result)
    else:
        report.duplicates += 1
    return added


# ---------------------------------------------------------------------------- syndication and threads

#: Articles with fewer words are never taken for syndicated copies (a bare headline).
MIN_COPY_WORDS = 40


def find_copies(
    articles: Iterable[Article], *, store: ClaimStore, settings: Settings | None = None
) -> dict[str, str]:
    """Record which of ``articles`` (cleaned and stored) are syndicated copies of stored articles.

    Each article's MinHash signature is stored with its LSH band keys; the articles
    sharing a band with it are its candidates, and the most similar one whose
    estimated Jaccard similarity reaches ``settings.syndication_threshold`` (the
    oldest on a tie) is its original. Returns ``{copy id: original id}``.
    """
    settings = _settings(settings)
    found: dict[str, str] = {}
    with store.transaction():  # one commit for the batch, not one per article
        for item in articles:
            words = syndication.article_words(item)
            if len(words) < MIN_COPY_WORDS:
                continue
            sig = syndication.signature(syndication.shingles(words))
            bands = syndication.band_keys(sig)
            best, best_sim = None, settings.syndication_threshold
            for other, other_sig in store.copy_candidates(bands, exclude=item.id):
                sim = syndication.jaccard(sig, other_sig)
                if sim >= best_sim and (best is None or sim > best_sim):
                    best, best_sim = other, sim
            if best is not None:
                original = store.original_of(best) or best
                store.mark_copy(item.id, original, best_sim)
                found[item.id] = original
            store.add_signature(item.id, sig, bands)
    return found


def _member_row(member: threading.Member) -> dict[str, Any]:
    return {
        "thread_id": member.thread_id, "claim_id": member.claim_id, "qindex": member.qindex,
        "series": member.series, "low": member.low, "high": None if member.high == threading.INF else member.high,
        "day": member.day.isoformat() if member.day else None, "sources": "|".join(sorted(member.sources)),
    }


def update_threads(*, store: ClaimStore | None = None, settings: Settings | None = None, rebuild: bool = False) -> int:
    """Place the figures of every article not yet threaded in claim threads; return how many.

    Only the new articles' claims are read; saved threads are restored first, so the
    cost is that of the new figures' blocks. With ``rebuild`` every thread is
    dropped and built again from all stored claims.
    """
    settings = _settings(settings)
    own = store is None
    store = store or open_ledger(settings, create=False)
    try:
        if rebuild:
            store.clear_threads()
        rows, df, docs = store.thread_state()
        threader = threading.Threader(
            min_similarity=settings.thread_min_similarity, incident_days=settings.thread_incident_days,
            max_candidates=settings.thread_max_candidates,
        )
        threader.load((threading.ThreadState.from_row(r) for r in rows), df, docs)
        ids = store.unthreaded_articles()
        members = []
        for art in store.thread_inputs(ids):
            place, places = threading.article_places(art["text"])
            for c in art["claims"]:
                for m in threading.members_of_claim(
                    c["json"], article_id=art["id"], seq=c["seq"], outlet=art["outlet"], published=art["published"],
                    claim_id=c["id"], fallback_place=place, article_places=places, approx=settings.approx_tolerance,
                    exact=settings.exact_tolerance, source_outlet=art["source_outlet"], ledger_speakers=c["speakers"],
                ):
                    threader.add(m)
                    members.append(_member_row(m))
        store.save_threads(
            [threader.threads[i].to_row() for i in sorted(threader.changed)], members, dict(threader.df),
            threader.docs, ids,
        )
        return len(members)
    finally:
        if own:
            store.close()


def thread_json(row: dict[str, Any], *, window_days: int = 0) -> dict[str, Any]:
    """A stored thread as ``claimledger threads --format json`` prints it."""
    points = [
        threading.Point(
            day=date.fromisoformat(m["day"]) if m["day"] else None, series=m["series"], low=m["low"],
            high=threading.INF if m["high"] is None else m["high"], sources=frozenset((m["sources"] or "").split("|")),
            article_id=m["article_id"],
        )
        for m in row["members"]
    ]
    clashes = threading.conflicts(points, window_days=window_days)
    members = []
    for i, m in enumerate(row["members"]):
        claim = json.loads(m["json"])
        q = claim["quantities"][m["qindex"]]
        members.append({
            "article_id": m["article_id"], "outlet": m["outlet"], "date": m["day"], "value": q["value"],
            "unit": q["unit"], "qualifier": q["qualifier"], "conflicts_with": clashes.get(i, []), "claim": claim,
        })
    units = list(dict.fromkeys(m["series"] for m in row["members"]))
    return {
        "id": row["id"], "measure": row["measure"], "units": units, "conflict": bool(clashes),
        "sources": threading.independent_sources(points), "members": members,
    }


def threads(
    *,
    settings: Settings | None = None,
    search: str | None = None,
    conflicts_only: bool = False,
    rebuild: bool = False,
    min_members: int | None = None,
) -> list[dict[str, Any]]:
    """Claim threads, largest first, as :func:`thread_json` gives them.

    Args:
        search: only threads whose measure or a member's claimed content holds this
            text (case-insensitive).
        conflicts_only: only threads with a conflict.
        rebuild: drop the threads and build them again from every stored claim.
        min_members: only threads with at least this many members (default: the
            settings' ``thread_min_members``).
    """
    settings = _settings(settings)
    store = open_ledger(settings, create=False)
    try:
        if rebuild or store.unthreaded_articles():
            update_threads(store=store, settings=settings, rebuild=rebuild)
        rows = store.thread_rows()
    finally:
        store.close()
    least = settings.thread_min_members if min_members is None else min_members
    needle = (search or "").casefold()
    out = []
    for row in rows:
        if len(row["members"]) < least:
            continue
        if needle and needle not in row["measure"].casefold() and not any(
            needle in json.loads(m["json"])["content"]["text"].casefold() for m in row["members"]
        ):
            continue
        found = thread_json(row, window_days=settings.conflict_window_days)
        if conflicts_only and not found["conflict"]:
            continue
        out.append(found)
    out.sort(key=lambda t: (-len(t["members"]), t["id"]))
    return out


def thread(thread_id: int, *, settings: Settings | None = None) -> dict[str, Any]:
    """One thread with its members (see :func:`thread_json`).

    Raises:
        ClaimledgerError: E018 when the ledger has no such thread.
    """
    settings = _settings(settings)
    store = open_ledger(settings, create=False)
    try:
        if store.unthreaded_articles():
            update_threads(store=store, settings=settings)
        rows = store.thread_rows(thread_id)
    finally:
        store.close()
    if not rows:
        raise ClaimledgerError("E018", id=thread_id, db=settings.db)
    return thread_json(rows[0], window_days=settings.conflict_window_days)


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
        ClaimledgerError: E019/E020 for a bad aliases file, E011 for a missing ledger.
    """
    settings = _settings(settings)
    book = aliases_book(settings, path)
    store = open_ledger(settings, create=False, book=book)
    try:
        counts = store.apply_aliases(book)
        if settings.threads and counts.get("merged"):
            update_threads(store=store, settings=settings, rebuild=True)  # sources follow the merged speakers
        return counts
    finally:
        store.close()
