"""Several writers on one ledger, a ledger locked too long, and ledgers that cannot be written.

The writers store invented articles through the ingest's own steps without NLP
(``tests/ledger_writer.py``), so the tests are about the ledger, not the pipeline.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import ledger_writer
import pytest

from claimledger import api, runner
from claimledger.errors import ClaimledgerError
from claimledger.settings import Settings
from claimledger.store import Ledger

WRITER = Path(__file__).resolve().parent / "ledger_writer.py"


def rows(db: str, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_two_ingests_into_one_new_ledger_at_once_both_finish(tmp_path: Path) -> None:
    db, total = str(tmp_path / "ledger.db"), 120
    procs = [subprocess.Popen([sys.executable, str(WRITER), db, str(start), "2", str(total)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for start in (0, 1)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [(p.returncode, err.count("Traceback")) for p, (_out, err) in zip(procs, outs, strict=True)] == [(0, 0)] * 2
    assert [json.loads(out) for out, _err in outs] == [{"ingested": total // 2, "failed": []}] * 2
    assert rows(db, "SELECT count(*), count(DISTINCT id) FROM articles") == [(total, total)]
    assert rows(db, "SELECT count(*) FROM threaded_articles") == [(total,)]
    assert rows(db, "SELECT count(*) FROM thread_members") == [(total,)]  # one figure per article
    assert rows(db, "SELECT count(*) FROM thread_members m LEFT JOIN threads t ON t.id = m.thread_id"
                    " WHERE t.id IS NULL") == [(0,)]
    assert rows(db, "SELECT count(*) FROM threads t WHERE size !="
                    " (SELECT count(*) FROM thread_members m WHERE m.thread_id = t.id)") == [(0,)]
    assert rows(db, "PRAGMA journal_mode") == [("wal",)]


class Locker:
    """Another connection that takes the ledger's write lock and keeps it."""

    def __init__(self, db: str) -> None:
        self.conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False)

    def lock(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self.conn.execute("ROLLBACK")
        self.conn.close()


def test_a_writer_locked_out_past_the_timeout_stops_with_e031_and_keeps_its_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("claimledger.store.sqlite.BUSY_TIMEOUT_S", 0.3)
    db = str(tmp_path / "ledger.db")
    items = [ledger_writer.article(i) for i in range(5)]
    locker: list[Locker] = []

    class StoreThenLockOut:
        name = "store, locked out after two"

        def __call__(self, batch: runner.Batch) -> None:
            for n, (item, claims) in enumerate(items):
                if n == 2:
                    locker.append(Locker(db))
                    locker[0].lock()
                if runner.ExtractAndStore._store(batch, item, claims):
                    batch.stored.append(item)

    report = runner.run([StoreThenLockOut(), runner.FindCopies(), runner.Thread()], Settings(db=db))
    locker[0].release()
    assert (report.ingested, [m[:6] for _s, m in report.failed]) == (2, ["[E031]"])
    assert report.failed[0][0] == db and "0.3 s" in report.failed[0][1]
    assert rows(db, "SELECT count(*) FROM articles") == [(2,)]
    again = ledger_writer.write(db, list(range(5)))  # the next run goes on where it stopped
    assert (again.ingested, again.failed) == (3, [])


def test_a_ledger_locked_before_the_ingest_starts_is_e031_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("claimledger.store.sqlite.BUSY_TIMEOUT_S", 0.2)
    db = str(tmp_path / "ledger.db")
    Ledger(db).close()
    locker = Locker(db)
    locker.lock()
    try:
        with pytest.raises(ClaimledgerError) as caught:
            ledger_writer.write(db, [0, 1])
    finally:
        locker.release()
    assert caught.value.code == "E031" and db in str(caught.value)


def test_a_waiting_writer_gets_the_ledger_when_the_other_lets_go(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setattr("claimledger.store.sqlite.BUSY_TIMEOUT_S", 20.0)
    db = str(tmp_path / "ledger.db")
    Ledger(db).close()
    locker = Locker(db)
    locker.lock()
    threading.Timer(0.5, locker.release).start()
    report = ledger_writer.write(db, [0, 1, 2])
    assert (report.ingested, report.failed) == (3, [])


def make_read_only(path: Path) -> Callable[[], None]:
    """Make ``path`` read-only, also for the superuser (immutable, where ``chattr`` can);
    return what undoes it."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        return lambda: path.chmod(mode)
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("the superuser writes read-only files, and this file system cannot make one immutable")
    return lambda: subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_ledger_is_e030_before_any_extraction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    folder = tmp_path / "ledgers"
    folder.mkdir()
    db = folder / "ledger.db"
    if what == "file":
        Ledger(str(db)).close()
    story = tmp_path / "story.txt"
    story.write_text("Harbour reopens\n\nThe mayor said the harbour reopens on Monday.\n", encoding="utf8")

    def no_extraction(*args: object, **kwargs: object) -> None:
        raise AssertionError("extraction started")

    monkeypatch.setattr(runner, "extract_safely", no_extraction)
    undo = make_read_only(db if what == "file" else folder)
    try:
        with pytest.raises(ClaimledgerError) as caught:
            api.ingest([story], settings=Settings(db=str(db)))
    finally:
        undo()
    assert caught.value.code == "E030" and "read-only" in str(caught.value)
