"""Shared fixtures: the pipeline (built once per session), ledger paths, isolation.

Every test runs in its own empty working folder with no ``CLAIMLEDGER_*`` setting in
the environment, so neither a ``claimledger.cfg`` nor a developer's variables can
change what a test sees.
"""
from __future__ import annotations

import os
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
