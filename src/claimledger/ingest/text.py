"""``.txt``: one scraped article as plain UTF-8 text (a byte-order mark is dropped)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from .registry import RawRecord, register_reader

__all__ = ["decode", "read_text"]


def decode(data: bytes) -> str:
    """UTF-8 text without a byte-order mark. Raises UnicodeDecodeError.

    Example: ``decode(b"\\xef\\xbb\\xbfHi")`` is ``"Hi"``.
    """
    text = data.decode("utf-8")
    return text[1:] if text.startswith("\ufeff") else text


@register_reader("text", suffixes=(".txt",))
def read_text(path: Path) -> Iterator[RawRecord | InputError]:
    """The whole file is one article: E002 when it cannot be read as UTF-8, E005 when blank."""
    try:
        data = path.read_bytes()
    except OSError as e:
        yield InputError("E002", path=path, reason=e.strerror or str(e))
        return
    try:
        text = decode(data)
    except UnicodeDecodeError as e:
        yield InputError("E002", path=path, reason=f"not UTF-8: byte 0x{data[e.start]:02x} at offset {e.start}")
        return
    if not text.strip():
        yield InputError("E005", path=path)
        return
    yield RawRecord(text, str(path), path)
