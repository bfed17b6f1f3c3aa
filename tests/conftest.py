"""Shared fixtures: the pipeline (built once per session), ledger paths, isolation.

Every test runs in its own empty working folder with no ``CLAIMLEDGER_*`` setting in
the environment, so neither a ``claimledger.cfg`` nor a developer's variables can
change what a test sees.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

import pytest

from claimledger.settings import Settings, env_name

REPO = Path(__file__).resolve().parents[1]
#: Third-party data lives outside the repository: ``$CLAIMLEDGER_SHARED`` or ``../shared``.
SHARED = Path(os.environ["CLAIMLEDGER_SHARED"]) if os.environ.get("CLAIMLEDGER_SHARED") else REPO.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    """claimledger's spaCy pipeline, built once (the API reuses the same cached object)."""
    from claimledger.nlp.pipeline import get_pipeline

    return get_pipeline()


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    """A fresh ledger file path (the file does not exist yet)."""
    return str(tmp_path / "ledger.db")


@pytest.fixture
def settings(db_path: str) -> Settings:
    """Default settings over the fresh ledger at ``db_path``."""
    return Settings(db=db_path)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Nothing else: an empty working folder and no ``CLAIMLEDGER_*`` settings variables."""
    for f in fields(Settings):
        monkeypatch.delenv(env_name(f.name), raising=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


# ---------------------------------------------------------------------------- PostgreSQL

#: The test server: trust authentication, a database named ``test``.
POSTGRES = os.environ.get("CLAIMLEDGER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def _unavailable(reason: str) -> None:
    """Skip with ``reason``; fail instead when ``CI=true`` (PostgreSQL tests are mandatory there)."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the PostgreSQL tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The test server's address once it answers; else a skip with the reason."""
    try:
        import psycopg
    except ImportError:
        _unavailable("psycopg is not installed (pip install -e '.[test]')")
        raise
    try:
        psycopg.connect(POSTGRES, connect_timeout=3, autocommit=True).close()
    except psycopg.Error as e:
        _unavailable(f"no PostgreSQL server answers at 127.0.0.1:5432 with database 'test' ({' '.join(str(e).split())})")
    return POSTGRES


@pytest.fixture
def postgres_ledger(postgres_server: str) -> Iterator[str]:
    """The address of a fresh schema of the test database (made for this test, dropped after)."""
    import psycopg

    schema = f"claimledger_test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}".encode())
    try:
        yield f"{postgres_server}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE".encode())


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_address(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh ledger of each backend: an SQLite file path, then a PostgreSQL schema's address."""
    if request.param == "sqlite":
        return str(tmp_path / "contract.db")
    return request.getfixturevalue("postgres_ledger")


# ---------------------------------------------------------------------------- the web view

#: An invented article written to attack the web view: markup and script in its text, its
#: title, its outlet's name (so in a speaker's: the outlet's own voice) and a speaker's
#: mention, an image whose error handler runs script, ``javascript:`` links in the text and
#: as its URL. Each payload would set ``window.__pwned``.
HOSTILE_OUTLET = "<b>Evil</b> News<script>window.__pwned=1</script>"
HOSTILE_ARTICLE = {
    "id": "hostile-1",
    "outlet": HOSTILE_OUTLET,
    "url": "javascript:window.__pwned=1",
    "published": "2024-03-14",
    "title": "Toll <script>window.__pwned=1</script> rises in Merran",
    "text": (
        "Toll <script>window.__pwned=1</script> rises in Merran\n\n"
        'At least 58 people were killed in the market in Merran, <i onmouseover="window.__pwned=1">Colonel Vask</i>'
        " said on Thursday.\n\n"
        '<img src=x onerror="window.__pwned=1"> Residents said the shelling lasted two hours.'
        ' <a href="javascript:window.__pwned=1">Read more</a>\n\n'
        '"We counted 61 bodies," said Dr <b>Lena Orsk</b><script>window.__pwned=1</script>, a surgeon at the city hospital.'
    ),
}


@pytest.fixture(scope="session")
def web_ledger(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A ledger of the demo corpus (as ``make demo`` builds it) and the hostile article,
    built once per session; tests only read it."""
    import json

    from claimledger import api

    folder = tmp_path_factory.mktemp("web")
    path = str(folder / "demo.db")
    settings = Settings(db=path)
    report = api.ingest([REPO / "demo" / "articles"], manifest=REPO / "demo" / "manifest.csv", settings=settings)
    assert report.failed == []
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE_ARTICLE) + "\n", encoding="utf8")
    assert api.ingest([hostile], settings=settings).ingested == 1
    return path
