"""Manifests: per-file metadata given by the user, the strongest source of metadata.

A CSV manifest has the header ``file,outlet,url,published,title``; a JSON one maps each
file to its fields, ``{"a.txt": {"outlet": "...", "published": "2016-12-14"}}``. Keys are
paths relative to the manifest's folder, or bare file names.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError

__all__ = ["META_FIELDS", "Manifest", "load_manifest"]

#: Metadata fields a manifest or a record may give.
META_FIELDS = ("outlet", "url", "published", "title")


@dataclass(slots=True)
class Manifest:
    """Per-file metadata given by the user; the strongest source of metadata.

    Attributes:
        root: the folder the manifest stands in (relative keys are relative to it).
        entries: key (relative path or file name) -> {field: value}, empty values dropped.
    """

    root: Path
    entries: dict[str, dict[str, str]]

    def lookup(self, path: Path) -> dict[str, str]:
        """The entry for ``path``: by its path relative to the manifest, else its file name."""
        try:
            relative = path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            relative = None
        if relative is not None and relative in self.entries:
            return self.entries[relative]
        return self.entries.get(path.name, {})


def load_manifest(path: str | Path) -> Manifest:
    """Read a CSV (header ``file,outlet,url,published,title``) or JSON manifest.

    Raises:
        InputError: E001 when the file does not exist, E007 when it cannot be read as a
            manifest (no ``file`` column, bad JSON, not a mapping, a file listed twice).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("E001", path=path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError("E007", path=path, reason=str(e)) from e
    rows = _json_manifest(text, path) if path.suffix.lower() == ".json" else _csv_manifest(text, path)
    entries: dict[str, dict[str, str]] = {}
    for key, meta in rows:
        if key in entries:
            raise InputError("E007", path=path, reason=f"'{key}' is listed twice")
        entries[key] = {k: str(v).strip() for k, v in meta.items() if k in META_FIELDS and v is not None and str(v).strip()}
    return Manifest(path.parent, entries)


def _csv_manifest(text: str, path: Path) -> list[tuple[str, dict[str, str]]]:
    """Rows of a CSV manifest as (file key, metadata)."""
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in reader.fieldnames or []]
    if "file" not in columns:
        raise InputError("E007", path=path, reason="the header has no 'file' column (expected file,outlet,url,published,title)")
    unknown = sorted(set(columns) - {"file", *META_FIELDS})
    if unknown:
        raise InputError("E007", path=path, reason=f"unknown column(s) {', '.join(unknown)} (expected file,outlet,url,published,title)")
    rows = []
    for row in reader:
        row = {(k or "").strip(): v for k, v in row.items()}
        key = (row.pop("file", "") or "").strip()
        if key:
            rows.append((Path(key).as_posix(), row))
    return rows


def _json_manifest(text: str, path: Path) -> list[tuple[str, dict[str, Any]]]:
    """Entries of a JSON manifest ``{file: {outlet, url, published, title}}`` as (file key, metadata)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError("E007", path=path, reason=f"not valid JSON: {e}") from e
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise InputError("E007", path=path, reason="expected a JSON object mapping file names to {outlet, url, published, title}")
    return [(Path(key).as_posix(), meta) for key, meta in data.items()]
