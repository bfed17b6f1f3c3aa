"""Ingest streams: the input is read lazily and handled one chunk of ``ingest_batch``
articles at a time, and the ledger is the one an ingest of the whole input at once gives.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_crash import ARTICLES, DEMO_ARTICLES, MANIFEST, content

from claimledger import api, runner
from claimledger.errors import InputError
from claimledger.ingest.jsonl import parse_lines
from claimledger.records import Article
from claimledger.settings import Settings
from claimledger.store import open_store


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    """The demo corpus ingested in one chunk."""
    db = str(tmp_path_factory.mktemp("whole") / "whole.db")
    report = api.ingest([ARTICLES], manifest=MANIFEST, settings=Settings(db=db, ingest_batch=1000))
    assert (report.ingested, report.failed) == (DEMO_ARTICLES, [])
    return content(db)


@pytest.mark.parametrize("size", [2, 3])
def test_an_ingest_in_chunks_gives_the_ledger_of_one_chunk(
    whole: dict[str, list[tuple]], tmp_path: Path, size: int
) -> None:
    db = str(tmp_path / "chunked.db")
    report = api.ingest([ARTICLES], manifest=MANIFEST, settings=Settings(db=db, ingest_batch=size))
    assert (report.ingested, report.failed) == (DEMO_ARTICLES, [])
    chunked = content(db)
    for table, rows in whole.items():
        assert chunked[table] == rows, table


def numbered(count: int, taken: list[int]) -> Iterator[Article]:
    """``count`` articles, noting in ``taken`` how many were asked for so far."""
    for n in range(count):
        taken.append(n)
        yield Article(text=f"Story {n}.", id=f"a{n}", source=f"s{n}")


@pytest.mark.parametrize(
    ("count", "size", "expected"),
    [
        (7, 3, [(3, 3), (3, 6), (1, 7)]),  # (articles in the chunk, articles read when it is handled)
        (6, 3, [(3, 3), (3, 6)]),
        (2, 5, [(2, 2)]),
        (4, 1, [(1, 1), (1, 2), (1, 3), (1, 4)]),
        (0, 4, []),
    ],
)
def test_stream_reads_one_chunk_ahead_at_most(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, count: int, size: int, expected: list[tuple[int, int]]
) -> None:
    taken: list[int] = []
    monkeypatch.setattr(runner, "read_raw", lambda *a, **k: numbered(count, taken))
    seen: list[tuple[int, int]] = []

    class Note:
        name = "note"

        def __call__(self, batch: runner.Batch) -> None:
            seen.append((len(batch.articles), len(taken)))

    steps = [runner.Stream(runner.Read([]), [Note()])]
    runner.run(steps, Settings(db=str(tmp_path / "l.db"), ingest_batch=size))
    assert seen == expected


def failing_after(good: int) -> Iterator[bytes]:
    """JSONL lines: ``good`` articles, then a read error."""
    for n in range(good):
        yield f'{{"id": "{n}", "text": "Story {n}."}}\n'.encode()
    raise OSError("the disk went away")


@pytest.mark.parametrize("good", [1, 3])
def test_a_jsonl_file_is_parsed_as_it_is_read(good: int) -> None:
    records = parse_lines(failing_after(good), Path("dump.jsonl"))
    first = [next(records) for _ in range(good)]  # the failing read is not reached
    assert [r.external_id for r in first if not isinstance(r, InputError)] == [str(n) for n in range(good)]
    with pytest.raises(OSError, match="went away"):
        next(records)


@pytest.mark.parametrize(("count", "size"), [(5, 2), (5, 5), (1, 3), (6, 4)])
def test_chunks_take_from_their_input_only_as_needed(count: int, size: int) -> None:
    taken: list[int] = []
    sizes = []
    for chunk in runner.chunks(numbered(count, taken), size):
        assert len(taken) == sum(sizes) + len(chunk)  # nothing read beyond this chunk
        sizes.append(len(chunk))
    assert sizes == [min(size, count - start) for start in range(0, count, size)]


def test_the_report_counts_copies_and_failures_across_chunks(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    story = (ARTICLES / "002_cpw_market-shelling-35.txt").read_text(encoding="utf8")
    (folder / "a.txt").write_text(story, encoding="utf8")
    (folder / "b.txt").write_bytes(b"\xff\xfe not text")
    (folder / "c.txt").write_text(story + "\nFiled by the desk.\n", encoding="utf8")  # a copy, in the next chunk
    (folder / "d.txt").write_text(story, encoding="utf8")  # the same text again
    db = str(tmp_path / "l.db")
    report = api.ingest([folder], outlet="Wire", settings=Settings(db=db, ingest_batch=1))
    assert (report.ingested, report.duplicates, report.copies, len(report.failed)) == (2, 1, 1, 1)
    assert report.failed[0][0].endswith("b.txt")
    with open_store(db) as store:
        assert len(store.copies()) == 1


def anonymous_mb() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        return next(int(line.split()[1]) // 1024 for line in f if line.startswith("RssAnon:"))


@pytest.mark.skipif(runner._malloc_trim() is None, reason="needs glibc's malloc_trim (Linux)")
def test_memory_freed_by_a_chunk_goes_back_to_the_system() -> None:
    """Blocks allocated in one thread (as worker results are) and freed in another stay
    in glibc's arena, every 50th held: about 90 MB resident though let go."""
    made: list[bytes] = []
    worker = threading.Thread(target=lambda: made.extend(bytes(2000) + bytes([n % 256]) for n in range(50_000)))
    worker.start()
    worker.join()
    held = made[::50]
    made.clear()
    before = anonymous_mb()
    runner.release_memory()
    assert anonymous_mb() < before - 50
    assert len(held) == 1_000


class Counted(Article):
    """An article read back from a ledger, counted while it is alive."""

    alive = 0
    most = 0

    def __del__(self) -> None:
        Counted.alive -= 1


class StoredArticles:
    """A ledger's article reader holding ``per_outlet`` articles of each outlet, all
    sharing one debris line."""

    def __init__(self, per_outlet: int) -> None:
        self.per_outlet = per_outlet

    def articles(self, *, outlet: str | None = None, limit: int | None = None) -> Iterator[Article]:
        for n in range(min(self.per_outlet, limit or self.per_outlet)):
            Counted.alive += 1
            Counted.most = max(Counted.most, Counted.alive)
            yield Counted(text=f"Share this story\nStory {n} of {outlet}.", outlet=outlet, id=f"{outlet}-{n}")


@pytest.mark.parametrize(("outlets", "per_outlet"), [(1, 5), (3, 40), (5, 400)])
def test_recurring_lines_read_stored_articles_without_holding_them(outlets: int, per_outlet: int) -> None:
    Counted.alive = Counted.most = 0
    batch = [Article(text=f"Share this story\nNews of outlet {o}.", outlet=f"o{o}", id=f"new-{o}") for o in range(outlets)]
    learned = runner.recurring_lines(batch, settings=Settings(), store=StoredArticles(per_outlet))  # type: ignore[arg-type]
    assert learned == {f"o{o}": frozenset({"share this story"}) for o in range(outlets)}
    assert Counted.most <= 2  # one counted at a time (and the next being made), whatever the ledger holds


def test_the_streams_speaker_index_is_let_go_before_the_ledger_is_resolved_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import gc
    import weakref

    from claimledger.link import identity

    made: weakref.WeakSet = weakref.WeakSet()  # the indexes this ingest builds, while alive
    built: list[int] = []

    class Tracked(identity.SpeakerIndex):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            made.add(self)
            built.append(1)

    held: list[int] = []
    resolve = runner.resolve_speakers

    def counting(store, book):  # type: ignore[no-untyped-def]
        gc.collect()
        held.append(len(made))
        return resolve(store, book)

    monkeypatch.setattr(identity, "SpeakerIndex", Tracked)
    monkeypatch.setattr(runner, "resolve_speakers", counting)
    report = api.ingest([ARTICLES], manifest=MANIFEST, settings=Settings(db=str(tmp_path / "l.db")))
    assert report.ingested == DEMO_ARTICLES
    assert held == [0]  # only the index resolving builds, one at a time
    assert len(built) >= 2  # the stream's, and the one resolving built
