"""``.jsonl``: one article per line, ``{"id", "outlet", "url", "published", "title", "text"}``.

The format of the shared corpora. The file is read line by line as it is parsed, so a
dump of any size streams; a bad line is an error naming its number (E003 not a JSON
object or not UTF-8, E004 no text) and the lines around it still come.
"""
from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from .manifest import META_FIELDS
from .registry import RawRecord, register_reader

__all__ = ["jsonl_records", "parse_lines", "read_jsonl"]


@register_reader("jsonl", suffixes=(".jsonl",))
def read_jsonl(path: Path) -> Iterator[RawRecord | InputError]:
    """The records of a JSONL file, parsed one line at a time from the open file."""
    try:
        with path.open("rb") as lines:
            yield from parse_lines(lines, path)
    except OSError as e:
        yield InputError("E002", path=path, reason=e.strerror or str(e))


def jsonl_records(data: bytes, path: Path) -> Iterator[RawRecord | InputError]:
    """The records of JSONL ``data`` already in memory (stdin), named ``path`` in errors."""
    return parse_lines(io.BytesIO(data), path)


def parse_lines(lines: Iterable[bytes], path: Path) -> Iterator[RawRecord | InputError]:
    """One record per non-blank line of ``lines`` (bytes, split at ``\\n``), as each comes.

    Blank lines are skipped; E005 when there is no other line.

    Example: ``parse_lines([b'{"text": "A."}\\n', b"\\n", b"{oops\\n"], path)`` yields a
    record with source ``path:1``, then E003 for line 3.
    """
    found = False
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        found = True
        yield _record(raw, path, number)
    if not found:
        yield InputError("E005", path=path)


def _record(raw: bytes, path: Path, number: int) -> RawRecord | InputError:
    """One JSONL line as a record."""
    try:
        obj = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        return InputError("E003", path=path, line=number, reason=f"not UTF-8: byte 0x{raw[e.start]:02x}")
    except json.JSONDecodeError as e:
        return InputError("E003", path=path, line=number, reason=e.msg)
    if not isinstance(obj, dict):
        return InputError("E003", path=path, line=number, reason="not a JSON object")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputError("E004", path=path, line=number)
    fields = {k: obj.get(k) for k in META_FIELDS}
    external = obj.get("id")
    return RawRecord(text, f"{path}:{number}", path, fields=fields, external_id=None if external is None else str(external))
