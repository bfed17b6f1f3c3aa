"""Where extraction runs: in this process, in a pool of local worker processes, or as
Dask tasks on a cluster.

Reading, skipping known articles and learning recurring lines happen in the ingesting
process (they need the whole batch and the ledger); cleaning and extraction, which need
only an article and its outlet's recurring lines, are the work handed out. The batch of
new articles is cut into partitions in input order; each partition is cleaned and
extracted where it runs (the spaCy pipeline is built once per worker process), and the
results come back in input order, so storing, identity, syndication and threading then
run exactly as after a local extraction and the ledger is the same. An ingest hands out
one chunk of its input at a time (``ingest_batch`` articles) to one :class:`Executor`,
whose worker processes or Dask client live for the whole ingest.

- ``local`` with ``workers = 1``: this process (:func:`claimledger.runner.extract_safely`).
- ``local`` with ``workers > 1``: a pool of that many worker processes.
- ``dask``: a ``dask.distributed`` cluster: a local one with ``workers`` processes
  (one thread each) unless ``scheduler`` names a running scheduler
  (``tcp://host:8786``). Needs the ``dask`` extra.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from . import clean as cleaning
from .errors import ClaimledgerError
from .extract import extract_claims
from .records import Article, Claim
from .settings import Settings

__all__ = ["EXECUTORS", "Apart", "Executor", "Helper", "extract_partition", "extract_elsewhere", "partitions"]

#: The executors, by name.
EXECUTORS = ("local", "dask")

#: Result of one article: the article as cleaned, and its claims or why it failed.
Result = tuple[Article, Sequence[Claim] | ClaimledgerError]


def partitions(items: Sequence[Article], count: int, *, least: int = 1) -> list[list[Article]]:
    """``items`` cut into about ``count`` consecutive partitions of at least ``least``
    items each (input order kept; a few items make fewer partitions).

    >>> [len(p) for p in partitions(list(range(10)), 3)]  # doctest: +SKIP
    [4, 3, 3]
    """
    if not items:
        return []
    count = max(1, min(count, len(items) // max(1, least) or 1))
    size, extra = divmod(len(items), count)
    out, start = [], 0
    for n in range(count):
        end = start + size + (1 if n < extra else 0)
        out.append(list(items[start:end]))
        start = end
    return out


def extract_partition(
    articles: Sequence[Article], recurring: dict[str | None, frozenset[str]], settings: Settings,
    extracted: Sequence[bool],
) -> list[Result]:
    """Clean and extract one partition where it runs; one result per article, in order.

    ``extracted[i]`` says whether article ``i``'s text is already main text (see
    :func:`claimledger.clean.clean`). A pipeline failure on a batch is retried one
    article at a time, so only the article at fault fails (E015).
    """
    from .nlp.pipeline import get_pipeline

    for item, flag in zip(articles, extracted, strict=True):
        cleaning.clean(item, recurring=recurring.get(item.outlet, frozenset()), extracted=flag)
    nlp = get_pipeline(settings)
    out: list[Result] = []
    for start in range(0, len(articles), settings.batch_size):
        batch = list(articles[start:start + settings.batch_size])
        try:
            out.extend(extract_claims(batch, settings=settings, nlp=nlp))
        except Exception:  # noqa: BLE001  (a pipeline bug must not end the batch)
            for item in batch:
                try:
                    out.extend(extract_claims([item], settings=settings, nlp=nlp))
                except Exception as e:  # noqa: BLE001
                    error = ClaimledgerError("E015", path=item.source or item.id, reason=f"{type(e).__name__}: {e}")
                    out.append((item, error))
    return out


def _jobs(
    articles: Sequence[Article], recurring: dict[str | None, frozenset[str]], extracted: Sequence[bool], count: int,
) -> list[tuple[list[Article], dict[str | None, frozenset[str]], list[bool]]]:
    """The partitions with the recurring lines of their outlets and their flags."""
    flags = dict(zip((id(a) for a in articles), extracted, strict=True))
    jobs = []
    for part in partitions(articles, count):
        outlets = {a.outlet for a in part}
        jobs.append((part, {o: recurring.get(o, frozenset()) for o in outlets}, [flags[id(a)] for a in part]))
    return jobs


class Executor:
    """Where handed-out work runs during one ingest: a pool of local worker processes or
    a Dask client, started on first use and kept for every chunk of the ingest (each
    worker builds the spaCy pipeline once), closed by :meth:`close` (or ``with``).

    Raises (from :meth:`extract`):
        ClaimledgerError: E072 when Dask is not installed, E073 when the scheduler cannot
            be reached.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pool: Any = None
        self._client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def extract(
        self, articles: Sequence[Article], recurring: dict[str | None, frozenset[str]], extracted: Sequence[bool],
    ) -> Iterator[Result]:
        """Clean and extract ``articles`` (one chunk); their results in input order, each
        partition's as soon as it and those before it are done."""
        count = max(1, self.settings.workers) * PARTITIONS_PER_WORKER
        jobs = _jobs(articles, recurring, extracted, count)
        if not jobs:
            return
        if self.settings.executor == "dask":
            client = self._dask_client()
            futures = [client.submit(extract_partition, part, lines, self.settings, flags, pure=False)
                       for part, lines, flags in jobs]
        else:
            pool = self._local_pool()
            futures = [pool.submit(extract_partition, part, lines, self.settings, flags) for part, lines, flags in jobs]
        del jobs  # the partitions travel with their futures; each result is let go once yielded
        for n in range(len(futures)):
            results, futures[n] = futures[n].result(), None
            yield from results

    def close(self) -> None:
        """Stop the pool or the Dask client (and its local cluster), if started."""
        pool, client, cluster = self._pool, self._client, self._cluster
        self._pool = self._client = self._cluster = None
        if pool is not None:
            pool.shutdown()
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

    def _local_pool(self) -> Any:
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor
            from multiprocessing import get_context

            self._pool = ProcessPoolExecutor(max_workers=self.settings.workers, mp_context=get_context("spawn"))
        return self._pool

    def _dask_client(self) -> Any:
        if self._client is not None:
            return self._client
        try:
            from distributed import Client, LocalCluster
        except ImportError as e:
            raise ClaimledgerError("E072") from e
        settings = self.settings
        try:
            if settings.scheduler:
                self._client = Client(settings.scheduler, timeout="10s")
            else:
                self._cluster = LocalCluster(
                    n_workers=settings.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                    silence_logs=40,
                )
                self._client = Client(self._cluster)
        except (OSError, TimeoutError) as e:
            self.close()
            raise ClaimledgerError("E073", address=settings.scheduler or "a local cluster", reason=str(e)) from e
        return self._client


def extract_elsewhere(
    articles: Sequence[Article], recurring: dict[str | None, frozenset[str]], extracted: Sequence[bool],
    settings: Settings,
) -> Iterator[Result]:
    """Clean and extract ``articles`` with ``settings.executor`` and ``settings.workers``
    in an :class:`Executor` of their own; their results in input order.

    Raises:
        ClaimledgerError: E072 when Dask is not installed, E073 when the scheduler cannot
            be reached.
    """
    with Executor(settings) as executor:
        yield from executor.extract(articles, recurring, extracted)


#: Partitions per worker: enough to keep every worker busy when partitions differ in cost.
PARTITIONS_PER_WORKER = 4


class Apart:
    """``function(*args)`` called in a process of its own (spawned, as the local workers
    are) while this one goes on: :meth:`result` waits for what it returns, or raises
    what it raised; :meth:`close` ends the process."""

    def __init__(self, function: Callable[..., Any], *args: Any) -> None:
        self._name, self._answer, self._process = _spawn(_answer, function, args, duplex=False)

    def result(self) -> Any:
        return _received(self._answer, self._name, self._process)

    def close(self, *, stop: bool = False) -> None:
        """Wait for the process to end, or with ``stop`` end it now."""
        if stop:
            self._process.terminate()
        self._process.join()
        self._answer.close()


def _spawn(target: Callable[..., None], function: Callable[..., Any], args: tuple[Any, ...], *, duplex: bool) -> tuple[str, Any, Any]:
    """Start ``target(child_end, function, args)`` in a spawned process: the name
    ``function`` is known by, this end of the line to it, and the process."""
    from multiprocessing import get_context

    context = get_context("spawn")
    line, child = context.Pipe(duplex=duplex)
    process = context.Process(target=target, args=(child, function, args), daemon=True)
    process.start()
    child.close()  # the child's end: once it exits, a read here ends rather than waits
    return getattr(function, "__qualname__", repr(function)), line, process


def _received(line: Any, name: str, process: Any) -> Any:
    """The next answer on ``line`` from ``process`` (``(True, value)`` or ``(False,
    exception)``, as :func:`_answer` and :func:`_serve` send it): the value, or the
    exception raised here; a process that ended without answering is a RuntimeError."""
    try:
        ok, value = line.recv()
    except EOFError as e:
        raise RuntimeError(f"{name} ended without an answer (exit code {process.exitcode})") from e
    if not ok:
        raise value
    return value


def _answer(sender: Any, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """Run ``function(*args)`` and send ``(True, result)`` or ``(False, exception)``."""
    try:
        answer: tuple[bool, Any] = (True, function(*args))
    except BaseException as e:  # noqa: BLE001  (sent back, raised there)
        answer = (False, e)
    try:
        sender.send(answer)
    except Exception as e:  # noqa: BLE001  (what cannot be sent is said in words)
        sender.send((False, RuntimeError(f"{type(e).__name__}: {e}")))
    sender.close()


class Helper:
    """A process of its own (spawned) that answers requests one after the other:
    ``serve(*args)`` is called there once and returns the function that answers each
    request. :meth:`ask` sends a request without waiting (the process works on it while
    this one goes on); :meth:`answer` waits for the answer to the oldest request not yet
    answered, or raises what answering it raised; :meth:`close` ends the process."""

    def __init__(self, serve: Callable[..., Callable[[Any], Any]], *args: Any) -> None:
        self._name, self._line, self._process = _spawn(_serve, serve, args, duplex=True)

    def ask(self, request: Any) -> None:
        """Send ``request``; its answer comes, in turn, from :meth:`answer`."""
        self._line.send((True, request))

    def answer(self) -> Any:
        return _received(self._line, self._name, self._process)

    def close(self) -> None:
        """Ask the process to end, and wait for it (it is ended if it does not)."""
        try:
            self._line.send((False, None))
        except OSError:  # it has ended already
            pass
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join()
        self._line.close()


def _serve(line: Any, serve: Callable[..., Callable[[Any], Any]], args: tuple[Any, ...]) -> None:
    """Answer each request that comes on ``line`` with ``serve(*args)``, in order, until
    told to stop or the other end closes; each answer is ``(True, value)`` or
    ``(False, exception)``."""
    try:
        handler: Callable[[Any], Any] | None = serve(*args)
        failed: BaseException | None = None
    except BaseException as e:  # noqa: BLE001  (each request is answered with it)
        handler, failed = None, e
    try:
        while True:
            try:
                more, request = line.recv()
            except EOFError:
                return
            if not more:
                return
            try:
                if handler is None:
                    raise failed if failed is not None else RuntimeError("no handler")
                answer: tuple[bool, Any] = (True, handler(request))
            except BaseException as e:  # noqa: BLE001  (sent back, raised there)
                answer = (False, e)
            try:
                line.send(answer)
            except (BrokenPipeError, EOFError):
                return
            except Exception as e:  # noqa: BLE001  (what cannot be sent is said in words)
                line.send((False, RuntimeError(f"{type(e).__name__}: {e}")))
    finally:
        close = getattr(handler, "close", None)
        if callable(close):
            close()
        line.close()
