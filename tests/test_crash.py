"""An ingest killed (SIGKILL) at any point and run again leaves the ledger a clean ingest leaves.

The demo corpus is ingested in a child process, one article per batch so that articles
are stored one by one; the test watches the ledger and kills the child (by its pid)
once it holds N articles, then runs the same ingest again and compares every table
with a clean ingest's, row by row by content (claims by article and position, speakers
by name, rather than by the row ids SQLite happened to give).
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimledger import api
from claimledger.settings import Settings

REPO = Path(__file__).resolve().parents[1]
ARTICLES, MANIFEST = REPO / "demo" / "articles", REPO / "demo" / "manifest.csv"
#: The demo corpus's articles (one file each; the .jsonl of two holds two).
DEMO_ARTICLES = sum(
    sum(1 for line in f.read_text(encoding="utf8").splitlines() if line.strip()) if f.suffix == ".jsonl" else 1
    for f in ARTICLES.iterdir() if not f.name.startswith(".")
)

CHILD = """
import sys
from claimledger import api
from claimledger.settings import Settings
api.ingest([sys.argv[1]], manifest=sys.argv[2], settings=Settings(db=sys.argv[3], batch_size=1))
"""

#: Every table of the ledger as rows of content: ids SQLite gives (claims, speakers)
#: are replaced by what they stand for; the time of ingest and the FTS index's own
#: tables are left out.
CONTENT = {
    "articles": "SELECT id, external_id, outlet, url, published, title, title_start, title_end, text, source FROM articles",
    "article_ranges": 'SELECT article_id, kind, start, "end" FROM article_ranges',
    "publications": "SELECT article_id, outlet, url, published, source FROM publications",
    "claims": "SELECT c.article_id, c.seq, c.kind, s.canonical, s.type, c.speaker_text, c.speaker_start, c.speaker_end,"
              " c.cue_text, c.cue_start, c.cue_end, c.content_text, c.content_start, c.content_end, c.event_date, c.json"
              " FROM claims c JOIN speakers s ON s.id = c.speaker_id",
    "claim_speakers": "SELECT c.article_id, c.seq, cs.position, s.canonical, s.type FROM claim_speakers cs"
                      " JOIN claims c ON c.id = cs.claim_id JOIN speakers s ON s.id = cs.speaker_id",
    "quantities": "SELECT c.article_id, c.seq, q.value, q.low, q.high, q.unit, q.counted, q.qualifier, q.start, q.\"end\","
                  " q.text, q.counted_text, q.modifiers, q.change, q.whole, q.vague"
                  " FROM quantities q JOIN claims c ON c.id = q.claim_id",
    "claims_fts": "SELECT c.article_id, c.seq FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid"
                  " WHERE claims_fts MATCH 'said OR says OR fighters'",
    "speakers": "SELECT s.canonical, s.type, s.role, s.affiliation, a.canonical FROM speakers s"
                " LEFT JOIN speakers a ON a.id = s.affiliation_id",
    "speaker_aliases": "SELECT s.canonical, x.alias, x.source FROM speaker_aliases x JOIN speakers s ON s.id = x.speaker_id",
    "speaker_roles": "SELECT s.canonical, x.role FROM speaker_roles x JOIN speakers s ON s.id = x.speaker_id",
    "speaker_affiliations": "SELECT s.canonical, x.affiliation, a.canonical FROM speaker_affiliations x"
                            " JOIN speakers s ON s.id = x.speaker_id LEFT JOIN speakers a ON a.id = x.affiliation_id",
    "article_signatures": "SELECT article_id, signature FROM article_signatures",
    "article_bands": "SELECT article_id, band FROM article_bands",
    "article_copies": "SELECT article_id, original_id, similarity FROM article_copies",
    "threads": "SELECT id, concept, event, place, cumulative, measure, places, first_day, last_day, words, size,"
               " conflict, sources FROM threads",
    "thread_members": "SELECT m.thread_id, c.article_id, c.seq, m.qindex, m.series, m.low, m.high, m.day, m.sources,"
                      " m.conflicts_with FROM thread_members m JOIN claims c ON c.id = m.claim_id",
    "threaded_articles": "SELECT article_id FROM threaded_articles",
    "thread_terms": "SELECT term, df FROM thread_terms",
    "thread_keys": "SELECT key, thread_id FROM thread_keys",
}


def content(db: str) -> dict[str, list[tuple]]:
    """Every table of the ledger as sorted rows of content (see :data:`CONTENT`)."""
    conn = sqlite3.connect(db)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        known = set(CONTENT) | {"_sqlite_migrations", "ledger_state"} | {t for t in tables if t.startswith("claims_fts_")}
        assert tables <= known, f"tables the comparison does not know: {sorted(tables - known)}"
        return {name: sorted(conn.execute(sql).fetchall(), key=repr) for name, sql in CONTENT.items()}
    finally:
        conn.close()


def count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # not created yet, or its schema not yet written


def ingest_killed_at(db: Path, stored: int) -> int:
    """Run the demo ingest in a child and kill it once the ledger holds ``stored``
    articles; how many it held when killed (the child may run a little past)."""
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(ARTICLES), str(MANIFEST), str(db)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 180
    try:
        while count(db) < stored:
            assert child.poll() is None, f"the ingest ended before it was killed: {child.stderr.read()!r}"
            assert time.monotonic() < deadline, "the ingest stored too little in time"
            time.sleep(0.01)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert child.returncode in (-signal.SIGKILL, 0)  # 0: it ended on its own just before the kill
    return count(db)


@pytest.fixture(scope="module")
def clean_ledger(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    db = tmp_path_factory.mktemp("clean") / "ledger.db"
    report = api.ingest([ARTICLES], manifest=MANIFEST, settings=Settings(db=str(db)))
    assert (report.ingested, report.failed) == (DEMO_ARTICLES, [])
    return content(str(db))


@pytest.mark.parametrize("stored", [1, DEMO_ARTICLES // 2, DEMO_ARTICLES])
def test_an_ingest_killed_after_n_articles_and_run_again_leaves_the_clean_ledger(
    tmp_path: Path, clean_ledger: dict[str, list[tuple]], nlp: object, stored: int
) -> None:
    db = tmp_path / "ledger.db"
    held = ingest_killed_at(db, stored)
    assert stored <= held <= DEMO_ARTICLES
    report = api.ingest([ARTICLES], manifest=MANIFEST, settings=Settings(db=str(db)))
    assert (report.ingested, report.failed) == (DEMO_ARTICLES - held, [])
    again = content(str(db))
    differing = {name: (len(rows), len(again[name])) for name, rows in clean_ledger.items() if again[name] != rows}
    assert differing == {}
    assert clean_ledger["article_signatures"] and clean_ledger["article_copies"] and clean_ledger["thread_members"]
