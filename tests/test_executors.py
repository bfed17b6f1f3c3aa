"""Tests for :mod:`claimledger.executors`: extraction in worker processes and as Dask
tasks gives the ledger a local ingest gives, table by table.

The stories are invented (``test_cli``); variants of them make a batch of a few
partitions. The Dask tests start a local cluster of two worker processes.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_cli import ARTICLES, run
from test_store_contract import ledger_view

from claimledger import api, runner
from claimledger.errors import ClaimledgerError
from claimledger.executors import Apart, Helper, partitions
from claimledger.settings import Settings

OUTLET = "Velmora Courier"


@pytest.mark.parametrize(
    ("size", "count", "expected"),
    [(10, 3, [4, 3, 3]), (3, 8, [1, 1, 1]), (0, 4, []), (5, 1, [5]), (7, 2, [4, 3])],
)
def test_partitions_keep_input_order_and_sizes(size: int, count: int, expected: list[int]) -> None:
    items = list(range(size))
    parts = partitions(items, count)  # type: ignore[arg-type]
    assert [len(p) for p in parts] == expected
    assert [x for p in parts for x in p] == items


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scale") / "in"
    folder.mkdir()
    for n in range(3):
        for key, text in ARTICLES.items():
            (folder / f"{key}-{n}.txt").write_text(f"{text}\nFiled from desk {n}.\n", encoding="utf8")
    (folder / "broken.txt").write_bytes(b"\xff\xfe not text")
    return folder


@pytest.fixture(scope="module")
def local_view(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    settings = Settings(db=str(tmp_path_factory.mktemp("local") / "local.db"))
    report = api.ingest([corpus], settings=settings, outlet=OUTLET)
    assert (report.ingested, len(report.failed)) == (9, 1)
    return ledger_view(settings)


@pytest.mark.parametrize(
    "options", [{"workers": 2}, {"executor": "dask", "workers": 2}], ids=["local-workers", "dask-local-cluster"]
)
def test_handed_out_extraction_gives_the_local_ledger(
    corpus: Path, local_view: dict[str, Any], tmp_path: Path, options: dict[str, Any]
) -> None:
    settings = Settings(db=str(tmp_path / "ledger.db"), **options)
    report = api.ingest([corpus], settings=settings, outlet=OUTLET)
    assert (report.ingested, len(report.failed)) == (9, 1)
    view = ledger_view(settings)
    for part in local_view:
        assert view[part] == local_view[part], part


def test_an_unreachable_scheduler_is_e073(corpus: Path, tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "ledger.db"), executor="dask", scheduler="tcp://127.0.0.1:1")
    with pytest.raises(ClaimledgerError) as info:
        api.ingest([corpus / "ferry-0.txt"], settings=settings, outlet=OUTLET)
    assert info.value.code == "E073"


@pytest.mark.parametrize(
    ("args", "exit_code", "shown"),
    [(["--scheduler", "tcp://127.0.0.1:1"], 2, "--scheduler needs --executor dask"),
     (["--workers", "0"], 2, "0 is not in the range"),
     (["--executor", "spark"], 2, "'spark' is not one of")],
)
def test_cli_executor_options_are_checked(corpus: Path, tmp_path: Path, args: list[str], exit_code: int, shown: str) -> None:
    result = run("ingest", str(corpus / "ferry-0.txt"), "--db", str(tmp_path / "x.db"), *args)
    assert result.exit_code == exit_code and shown in result.output


@pytest.mark.parametrize(("value", "code"), [("spark", "E022"), ("dask", None), ("local", None)])
def test_the_executor_setting_is_one_of_two(value: str, code: str | None) -> None:
    if code is None:
        assert Settings(executor=value).executor == value
        return
    with pytest.raises(ClaimledgerError) as info:
        Settings(executor=value)
    assert info.value.code == code and "one of local/dask" in str(info.value)


# ---------------------------------------------------------------------------- speakers resolved apart


def gives(call: Any, expected: Any) -> None:
    """``call()`` returns ``expected``, or raises it when it is an exception class."""
    if isinstance(expected, type) and issubclass(expected, BaseException):
        with pytest.raises(expected):
            call()
    else:
        assert call() == expected


@pytest.mark.parametrize(
    ("function", "args", "expected"),
    [(sum, ([1, 2, 3],), 6), (int, ("12",), 12), (int, ("twelve",), ValueError), (len, (5,), TypeError)],
    ids=["sum", "int", "raises-value-error", "raises-type-error"],
)
def test_apart_returns_or_raises_what_the_call_did(function: Any, args: tuple[Any, ...], expected: Any) -> None:
    job = Apart(function, *args)
    try:
        gives(job.result, expected)
    finally:
        job.close()


def test_apart_stopped_ends_its_process_at_once() -> None:
    import time

    job = Apart(time.sleep, 120)
    started = time.monotonic()
    job.close(stop=True)
    assert time.monotonic() - started < 30


def _two_ingests(corpus: Path, db: Path, **options: Any) -> dict[str, Any]:
    """The ledger after ingesting the corpus's first variants, then all of it."""
    settings = Settings(db=str(db), **options)
    api.ingest(sorted(corpus.glob("*-0.txt")), settings=settings, outlet=OUTLET)
    api.ingest([corpus], settings=settings, outlet=OUTLET)
    return ledger_view(settings)


def test_speakers_resolved_apart_while_threading_give_the_local_ledger(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[str] = []

    class Counted(runner.SpeakersApart):
        def __init__(self, db: str, book: Any) -> None:
            started.append(db)
            super().__init__(db, book)

    monkeypatch.setattr(runner, "SpeakersApart", Counted)
    local = _two_ingests(corpus, tmp_path / "local.db")
    assert started == []  # one process resolves them itself
    apart = _two_ingests(corpus, tmp_path / "apart.db", workers=2)
    assert started == [str(tmp_path / "apart.db")] * 2  # the second ingest's new claims change the speakers
    for part in local:
        assert apart[part] == local[part], part


@pytest.mark.parametrize("failed", [False, True], ids=["ledger-changed", "process-failed"])
def test_speakers_are_resolved_here_when_the_ledger_changed_or_the_process_failed(
    corpus: Path, local_view: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failed: bool
) -> None:
    class Stale(runner.SpeakersApart):
        def result(self) -> None:  # what the process answers when claims were stored meanwhile
            super().result()
            return None

    class Failed(runner.SpeakersApart):
        def result(self) -> None:
            super().result()
            raise RuntimeError("the process ended without an answer")

    monkeypatch.setattr(runner, "SpeakersApart", Failed if failed else Stale)
    settings = Settings(db=str(tmp_path / "ledger.db"), workers=2)
    api.ingest([corpus], settings=settings, outlet=OUTLET)
    view = ledger_view(settings)
    for part in local_view:
        assert view[part] == local_view[part], part


@pytest.mark.parametrize(("mark", "files", "applied"), [("0:0", [], False), (None, [("Mara Voss", "person", None, None, ["Voss"])], False), (None, [], True)])
def test_resolved_speakers_are_stored_only_over_the_ledger_they_were_resolved_from(
    corpus: Path, tmp_path: Path, mark: str | None, files: list[Any], applied: bool
) -> None:
    from claimledger.link.identity import load_book
    from claimledger.store import open_store

    db = str(tmp_path / "ledger.db")
    api.ingest([corpus / "ferry-0.txt"], settings=Settings(db=db, threads=False), outlet=OUTLET)
    store = open_store(db)
    try:
        store.set_state(runner.SPEAKERS_RESOLVED, "")
        resolved = runner.resolve_into(store, load_book(None), tmp_path / "scratch.db")
        stale = runner.Resolved(resolved.path, mark or resolved.mark, files or resolved.files)
        with store.transaction():
            changed = runner.apply_speakers(store, stale)
        assert (changed is not None) == applied
        assert (store.state(runner.SPEAKERS_RESOLVED) == resolved.mark) == applied
    finally:
        store.close()


def test_the_demo_gives_the_same_ledger_when_its_speakers_are_resolved_apart(tmp_path: Path) -> None:
    # its outlets name people before they are introduced in full, in input order but not by date:
    # the speakers resolved again change thread members' sources, and the verdicts with them
    demo = Path(__file__).resolve().parents[1] / "demo"
    views = []
    for workers in (1, 2):
        settings = Settings(db=str(tmp_path / f"demo-{workers}.db"), workers=workers)
        api.ingest([demo / "articles"], manifest=demo / "manifest.csv", settings=settings)
        views.append(ledger_view(settings))
    here, apart = views
    for part in here:
        assert apart[part] == here[part], part


# ---------------------------------------------------------------------------- thread members built apart


def _answers_as_int(base: int) -> Any:
    """A helper's answering function: ``int(request) + base`` (raises on a word)."""
    return lambda request: int(request) + base


def _cannot_start() -> Any:
    raise RuntimeError("no ledger")


@pytest.mark.parametrize(
    ("serve", "args", "requests", "expected"),
    [(_answers_as_int, (10,), ["1", "2", "3"], [11, 12, 13]),
     (_answers_as_int, (0,), ["1", "two", "3"], [1, ValueError, 3]),
     (_cannot_start, (), ["1", "2"], [RuntimeError, RuntimeError])],
    ids=["in-order", "one-raises", "serve-raises"],
)
def test_a_helper_answers_each_request_in_order_or_raises_what_answering_raised(
    serve: Any, args: tuple[Any, ...], requests: list[str], expected: list[Any]
) -> None:
    helper = Helper(serve, *args)
    try:
        for request in requests:  # all asked before any answer is taken
            helper.ask(request)
        for want in expected:
            gives(helper.answer, want)
    finally:
        helper.close()


class _CountedHelper(Helper):
    started: list[str] = []
    answered: list[int] = []
    fail = False

    def __init__(self, serve: Any, db: str, settings: Settings) -> None:
        self.started.append(db)
        super().__init__(serve, db, settings)

    def answer(self) -> Any:
        built = super().answer()
        if self.fail:
            raise RuntimeError("the process ended without an answer")
        self.answered.append(len(built))
        return built


@pytest.mark.parametrize("fail", [False, True], ids=["built-apart", "process-failed"])
def test_thread_members_built_apart_give_the_local_ledger(
    corpus: Path, local_view: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail: bool
) -> None:
    monkeypatch.setattr(runner, "THREAD_CHUNK", 2)  # nine articles: five chunks, four of them asked ahead
    monkeypatch.setattr(runner.executors, "Helper", type("Helper", (_CountedHelper,), {"started": [], "answered": [], "fail": fail}))
    settings = Settings(db=str(tmp_path / "ledger.db"), workers=2)
    api.ingest([corpus], settings=settings, outlet=OUTLET)
    helper = runner.executors.Helper
    assert helper.started == [settings.db]  # type: ignore[attr-defined]
    assert helper.answered == ([] if fail else [2, 2, 2, 1])  # type: ignore[attr-defined]
    view = ledger_view(settings)
    for part in local_view:
        assert view[part] == local_view[part], part


def test_a_chunk_not_asked_ahead_is_built_here_and_answers_not_wanted_are_let_go(corpus: Path, tmp_path: Path) -> None:
    from claimledger.store import open_store

    db = str(tmp_path / "ledger.db")
    api.ingest([corpus], settings=Settings(db=db, threads=False), outlet=OUTLET)
    store = open_store(db)
    try:
        ids = store.unthreaded_articles()
        here = runner.MemberSource(store, Settings(db=db))
        expected = {tuple(ids[i:i + 2]): _held(here.members(ids[i:i + 2])) for i in (0, 2, 4, 6)}
        assert not here.apart
        source = runner.MemberSource(store, Settings(db=db, workers=2))
        try:
            source.ahead(ids[2:4])
            source.ahead(ids[4:6])
            source.ahead(ids[6:8])
            assert _held(source.members(ids[0:2])) == expected[tuple(ids[0:2])]  # not asked: built here
            assert _held(source.members(ids[4:6])) == expected[tuple(ids[4:6])]  # the answer for 2:4 is let go
            assert _held(source.members(ids[2:4])) == expected[tuple(ids[2:4])]  # let go: built here
            assert _held(source.members(ids[6:8])) == expected[tuple(ids[6:8])]
            assert [sum(len(claim) for article in built for claim in article) for built in expected.values()] == [4, 4, 4, 2]
        finally:
            source.close()
    finally:
        store.close()


def _held(articles: Any) -> list[list[list[Any]]]:
    """Members as :class:`runner.MemberSource` gives them (built as asked for), held."""
    return [list(article) for article in articles]


@pytest.mark.parametrize("limit", [0, 10**9], ids=["too-long-to-send", "sent"])
def test_members_of_articles_too_long_to_send_are_built_here(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    from claimledger.store import open_store

    db = str(tmp_path / "ledger.db")
    api.ingest([corpus], settings=Settings(db=db, threads=False), outlet=OUTLET)
    monkeypatch.setattr(runner, "APART_TEXT", limit)
    store = open_store(db)
    try:
        ids = store.unthreaded_articles()
        builder = runner._MemberBuilder(db, Settings(db=db))
        try:
            sent = builder(ids)
        finally:
            builder.close()
        assert [article_id for article_id, _ in sent] == ids
        assert all((members is None) == (limit == 0) for _, members in sent)
        source = runner.MemberSource(store, Settings(db=db))
        assert _held(source._here_or_built(sent)) == _held(source.members(ids))
    finally:
        store.close()
