"""Which files to read: named files, and the files of a reader's type inside named folders.

Folders are walked recursively in sorted order; hidden files and folders and files of
types no reader takes are skipped there (named explicitly, such a file is E006). What
cannot be read inside a folder is counted, not skipped: a link to nothing (E040), a
folder that cannot be listed (E041), a pipe or other special file (E042).
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from .registry import RawRecord, reader_for, suffixes

__all__ = ["iter_files", "read_records"]

PathLike = str | Path


def iter_files(paths: PathLike | Iterable[PathLike]) -> Iterator[Path | InputError]:
    """The files to read, or the error of each path that cannot be (yielded, not raised).

    A missing path is E001, a file named explicitly with a suffix no reader takes E006;
    inside folders see the module docstring.
    """
    for path in _as_paths(paths):
        if path.is_dir():
            yield from _walk(path)
        elif not path.exists():
            yield InputError("E001", path=path)
        elif reader_for(path) is not None:
            yield path
        else:
            yield InputError("E006", path=path, suffix=path.suffix, expected=", ".join(suffixes()))


def _as_paths(paths: PathLike | Iterable[PathLike]) -> list[Path]:
    """One path or many, as a list of paths."""
    if isinstance(paths, (str, Path)):
        return [Path(paths)]
    return [Path(p) for p in paths]


def _walk(folder: Path) -> Iterator[Path | InputError]:
    """The non-hidden files under ``folder`` that a reader takes, and what cannot be read, sorted by path.

    Links to folders are not followed; links to files are read.
    """
    found: list[tuple[Path, Path | InputError]] = []

    def unlisted(error: OSError) -> None:
        where = Path(error.filename) if error.filename is not None else folder
        found.append((where, InputError("E041", path=where, reason=error.strerror or str(error))))

    for root, folders, names in os.walk(folder, onerror=unlisted):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in names:
            path = Path(root, name)
            if not name.startswith(".") and reader_for(path) is not None:
                found.append((path, _regular(path)))
    for _, item in sorted(found, key=lambda pair: pair[0]):
        yield item


def _regular(path: Path) -> Path | InputError:
    """``path`` when it is (or links to) a regular file, else why it cannot be read."""
    try:
        mode = path.stat().st_mode
    except OSError as e:
        if path.is_symlink():
            return InputError("E040", path=path, target=os.readlink(path))
        if isinstance(e, FileNotFoundError):  # gone since the folder was listed
            return InputError("E001", path=path)
        return InputError("E002", path=path, reason=e.strerror or str(e))
    if stat.S_ISREG(mode):
        return path
    kind = "pipe" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "device"
    return InputError("E042", path=path, kind=kind)


def read_records(path: Path) -> Iterator[RawRecord | InputError]:
    """The raw records of one file through the reader of its suffix, or the errors met.

    Each record's ``extracted`` is the reader's. Raises KeyError when no reader takes
    ``path`` (:func:`iter_files` yields only files a reader takes).
    """
    reader = reader_for(path)
    if reader is None:
        raise KeyError(path.suffix)
    for record in reader.records(path):
        if isinstance(record, RawRecord):
            record.extracted = reader.extracted
        yield record
