"""The registry of readers: which reader takes a file, by its suffix.

A reader is a generator function from a path to the :class:`RawRecord` s it holds (one
for a page or a text file, one per line for a JSONL dump), yielding an
:class:`~claimledger.errors.InputError` for each bad one so a batch can count it and go
on. It registers itself with the suffixes it takes::

    @register_reader("html", suffixes=(".html", ".htm"), extracted=True)
    def read_html(path: Path) -> Iterator[RawRecord | InputError]:
        ...

A new format is one new module in this package with one such function (and its import
in ``claimledger/ingest/__init__.py``). Readers only read: none of them cleans.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError

__all__ = ["SUPPORTED", "RawRecord", "Reader", "is_extracted_source", "reader_for", "readers", "register_reader", "suffixes"]


@dataclass(slots=True)
class RawRecord:
    """One article as read, before its metadata is settled.

    Attributes:
        text: the article's text.
        source: "file" or "file:line".
        path: the file it came from.
        fields: the record's own metadata (JSONL fields, HTML metadata).
        external_id: the record's own id, if any.
        extracted: the text is an extractor's main text (HTML), not a scrape; set from
            the reader's :attr:`Reader.extracted`.
    """

    text: str
    source: str
    path: Path
    fields: dict[str, Any] = field(default_factory=dict)
    external_id: str | None = None
    extracted: bool = False


#: A reader's records: good ones and the errors of bad ones, in file order.
Records = Iterator[RawRecord | InputError]


@dataclass(frozen=True, slots=True)
class Reader:
    """A registered reader.

    Attributes:
        name: its name ("html").
        suffixes: the lower-case file suffixes it takes ((".html", ".htm")).
        records: ``records(path)``, a generator of the file's records and errors.
        extracted: its text is already main text extracted from markup (HTML through
            trafilatura), so cleaning keeps every line of it; plain scrapes are False.
    """

    name: str
    suffixes: tuple[str, ...]
    records: Callable[[Path], Records]
    extracted: bool = False


_READERS: dict[str, Reader] = {}
#: The record number a container's record is sourced with: ``crawl.warc.gz:7``.
_RECORD_NUMBER = re.compile(r":\d+$")
_BY_SUFFIX: dict[str, Reader] = {}


def register_reader(
    name: str, *, suffixes: tuple[str, ...], extracted: bool = False
) -> Callable[[Callable[[Path], Records]], Callable[[Path], Records]]:
    """Register the decorated ``records(path)`` generator as the reader ``name``.

    Args:
        name: the reader's name, unique ("jsonl").
        suffixes: the file suffixes it takes, with their dot (".jsonl"); any case.
        extracted: see :attr:`Reader.extracted`.

    Raises:
        ValueError: when the name or a suffix is taken already.
    """
    taken = [s for s in suffixes if s.lower() in _BY_SUFFIX]
    if name in _READERS or taken or not suffixes:
        raise ValueError(f"reader {name!r}: name or suffixes {taken or suffixes} already registered (or none given)")

    def register(records: Callable[[Path], Records]) -> Callable[[Path], Records]:
        reader = Reader(name, tuple(s.lower() for s in suffixes), records, extracted)
        _READERS[name] = reader
        for suffix in reader.suffixes:
            _BY_SUFFIX[suffix] = reader
        return records

    return register


def readers() -> dict[str, Reader]:
    """The registered readers by name, in the order they were registered."""
    return dict(_READERS)


def suffixes() -> tuple[str, ...]:
    """Every suffix a reader takes, in registration order ((".txt", ".html", ".htm", ".jsonl"))."""
    return tuple(_BY_SUFFIX)


def reader_for(path: str | Path) -> Reader | None:
    """The reader of ``path``'s (lower-cased) suffix, or None when no reader takes it.

    A two-part suffix wins over its last part: ``crawl.warc.gz`` is read by the reader
    of ``.warc.gz``.
    """
    parts = Path(path).suffixes
    if len(parts) >= 2 and (reader := _BY_SUFFIX.get("".join(parts[-2:]).lower())) is not None:
        return reader
    return _BY_SUFFIX.get(Path(path).suffix.lower())


class _SuffixNames(Mapping[str, str]):
    """Each registered suffix -> the name of its reader, as registered so far (a live view)."""

    def __getitem__(self, suffix: str) -> str:
        return _BY_SUFFIX[suffix].name

    def __iter__(self) -> Iterator[str]:
        return iter(_BY_SUFFIX)

    def __len__(self) -> int:
        return len(_BY_SUFFIX)


#: The file types read, by lower-case suffix: ``SUPPORTED[".htm"] == "html"``.
SUPPORTED: Mapping[str, str] = _SuffixNames()


def is_extracted_source(source: str | None) -> bool:
    """Whether an article read from ``source`` ("page.html", "dump.jsonl:3") has extracted text.

    For articles that no longer carry their own flag (rebuilt from a ledger that does
    not keep it): the reader of the source's suffix says (a record's number after the
    file, ``crawl.warc.gz:7``, is dropped first).

    Example: ``is_extracted_source("a/page.htm")`` is True, ``is_extracted_source("a.txt")`` False.
    """
    reader = reader_for(_RECORD_NUMBER.sub("", source)) if source else None
    return reader is not None and reader.extracted
