"""Exports of the ledger's tables as typed rows, written as Parquet, CSV or JSON lines.

Each table (:data:`TABLES`) is a list of typed columns (:class:`Column`) and a function
that reads its rows from a :class:`~claimledger.store.ClaimStore`; a span is two integer
columns (``content_start``, ``content_end``: ``text[start:end]`` of the article's
original text). The writers take the same rows:

- Parquet through pyarrow, with the columns' types (strings, 64-bit integers, floats,
  booleans, dates, lists of strings or integers), written in row groups of
  :data:`BATCH` rows;
- CSV with a header row, every cell through :func:`claimledger.safe.csv_cell` (a cell a
  spreadsheet would run as a formula is neutralised), lists joined by ``"; "``;
- JSON lines through :func:`claimledger.safe.json_text`, dates as ``YYYY-MM-DD``.

Example::

    with open_store("demo.db", create=False) as store:
        count = write(store, "claims", "parquet", "claims.parquet")
"""
from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from . import runner
from .errors import ClaimledgerError
from .records import StoredClaim
from .safe import csv_cell, json_text
from .store import ClaimStore

__all__ = ["BATCH", "FORMATS", "TABLES", "Column", "Table", "rows", "write", "write_csv", "write_jsonl", "write_parquet"]

#: Rows per Parquet row group (and per batch handed to pyarrow).
BATCH = 10_000
#: The export formats.
FORMATS = ("parquet", "csv", "jsonl")

#: Column types: their pyarrow type by name.
TYPES = ("string", "int64", "float64", "bool", "date", "list<string>", "list<int64>")


@dataclass(frozen=True, slots=True)
class Column:
    """One typed column: its name, type (one of :data:`TYPES`) and meaning."""

    name: str
    type: str
    doc: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    """An exported table: its columns and how to read its rows (dicts by column name)."""

    name: str
    columns: tuple[Column, ...]
    read: Callable[[ClaimStore, int], Iterator[dict[str, Any]]]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _day(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _span(span: tuple[int, int] | None) -> tuple[int | None, int | None]:
    return (span[0], span[1]) if span else (None, None)


# ---------------------------------------------------------------------------- tables


def _claims(store: ClaimStore, window_days: int) -> Iterator[dict[str, Any]]:
    for row in store.claims():
        claim = row.claim
        speaker = row.identities.get(0)
        speaker_start, speaker_end = _span(claim.speaker.span)
        cue_start, cue_end = _span(claim.cue.span if claim.cue else None)
        yield {
            "id": row.id, "article_id": row.article_id, "seq": row.seq, "kind": claim.kind,
            "speaker_id": speaker.id if speaker else None,
            "speaker": speaker.canonical if speaker else claim.speaker.canonical,
            "speaker_type": speaker.type if speaker else claim.speaker.type,
            "speaker_text": claim.speaker.text, "speaker_start": speaker_start, "speaker_end": speaker_end,
            "cue_text": claim.cue.text if claim.cue else None, "cue_start": cue_start, "cue_end": cue_end,
            "content_text": claim.content.text, "content_start": claim.content.span[0],
            "content_end": claim.content.span[1], "event_date": claim.event_date,
            "quantities": len(claim.quantities), "outlet": row.outlet, "published": _day(row.published),
            "title": row.title,
        }


def _quantities(store: ClaimStore, window_days: int) -> Iterator[dict[str, Any]]:
    claims: Iterable[StoredClaim] = store.claims()
    for row in claims:
        for index, q in enumerate(row.claim.quantities):
            value = q.value
            low, high = (value[0], value[-1]) if isinstance(value, list) else (value, value)
            previous = q.previous
            before = (None, None) if previous is None else (
                (previous[0], previous[-1]) if isinstance(previous, list) else (previous, previous))
            yield {
                "claim_id": row.id, "qindex": index, "article_id": row.article_id,
                "value": None if isinstance(value, list) else float(value), "low": float(low), "high": float(high),
                "unit": q.unit, "counted": q.counted, "counted_text": q.counted_text, "modifiers": list(q.modifiers),
                "qualifier": q.qualifier, "change": q.change, "whole": q.whole, "vague": q.vague, "text": q.text,
                "start": q.span[0], "end": q.span[1],
                "previous_low": None if before[0] is None else float(before[0]),
                "previous_high": None if before[1] is None else float(before[1]),
            }


def _threads(store: ClaimStore, window_days: int) -> Iterator[dict[str, Any]]:
    for thread in store.threads():
        thread = runner.judged(thread, window_days=window_days)
        for index, m in enumerate(thread.members):
            yield {
                "thread_id": thread.id, "measure": thread.measure, "conflict": thread.conflict,
                "sources": thread.sources, "member": index, "claim_id": m.claim_id, "qindex": m.qindex,
                "article_id": m.article_id, "outlet": m.outlet, "day": m.day, "series": m.series,
                "low": m.low, "high": m.high, "conflicts_with": list(m.conflicts_with or []),
                "speaker": m.claim.speaker.canonical, "content_text": m.claim.content.text,
            }


def _speakers(store: ClaimStore, window_days: int) -> Iterator[dict[str, Any]]:
    for s in store.speakers():
        yield {
            "id": s.id, "canonical": s.canonical, "type": s.type, "role": s.role, "affiliation": s.affiliation,
            "affiliation_id": s.affiliation_id, "claims": s.claims, "aliases": list(s.aliases), "roles": list(s.roles),
            "affiliations": [a.text for a in s.affiliations],
        }


def _articles(store: ClaimStore, window_days: int) -> Iterator[dict[str, Any]]:
    for a in reversed(list(store.articles())):  # first ingested first
        title_start, title_end = _span(a.title_span)
        yield {
            "id": a.id, "external_id": a.external_id, "outlet": a.outlet, "url": a.url, "published": a.published,
            "title": a.title, "title_start": title_start, "title_end": title_end, "source": a.source,
            "body_ranges": len(a.body), "text": a.text,
        }


def _columns(spec: str) -> tuple[Column, ...]:
    """Columns from ``"name:type name:type …"``."""
    return tuple(Column(*item.split(":", 1)) for item in spec.split())


#: The exported tables by name.
TABLES: dict[str, Table] = {
    "claims": Table("claims", _columns(
        "id:int64 article_id:string seq:int64 kind:string speaker_id:int64 speaker:string speaker_type:string"
        " speaker_text:string speaker_start:int64 speaker_end:int64 cue_text:string cue_start:int64 cue_end:int64"
        " content_text:string content_start:int64 content_end:int64 event_date:date quantities:int64 outlet:string"
        " published:date title:string"), _claims),
    "quantities": Table("quantities", _columns(
        "claim_id:int64 qindex:int64 article_id:string value:float64 low:float64 high:float64 unit:string"
        " counted:string counted_text:string modifiers:list<string> qualifier:string change:string whole:string"
        " vague:bool text:string start:int64 end:int64 previous_low:float64 previous_high:float64"), _quantities),
    "threads": Table("threads", _columns(
        "thread_id:int64 measure:string conflict:bool sources:int64 member:int64 claim_id:int64 qindex:int64"
        " article_id:string outlet:string day:date series:string low:float64 high:float64"
        " conflicts_with:list<int64> speaker:string content_text:string"), _threads),
    "speakers": Table("speakers", _columns(
        "id:int64 canonical:string type:string role:string affiliation:string affiliation_id:int64 claims:int64"
        " aliases:list<string> roles:list<string> affiliations:list<string>"), _speakers),
    "articles": Table("articles", _columns(
        "id:string external_id:string outlet:string url:string published:date title:string title_start:int64"
        " title_end:int64 source:string body_ranges:int64 text:string"), _articles),
}


def rows(store: ClaimStore, table: str, *, window_days: int = 0) -> Iterator[dict[str, Any]]:
    """The rows of ``table`` (a key of :data:`TABLES`), as dicts of typed values."""
    return TABLES[table].read(store, window_days)


# ---------------------------------------------------------------------------- writers


def _arrow_schema(table: Table) -> Any:
    import pyarrow as pa

    types = {
        "string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_(), "date": pa.date32(),
        "list<string>": pa.list_(pa.string()), "list<int64>": pa.list_(pa.int64()),
    }
    return pa.schema([pa.field(c.name, types[c.type]) for c in table.columns])


def _batches(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_parquet(table: Table, items: Iterable[dict[str, Any]], target: str | Path | IO[bytes]) -> int:
    """Write ``items`` as a Parquet file of ``table``'s typed columns; how many rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema(table)
    count = 0
    with pq.ParquetWriter(target, schema) as writer:
        for batch in _batches(items, BATCH):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
        if not count:
            writer.write_table(schema.empty_table())
    return count


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


def write_csv(table: Table, items: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write ``items`` as CSV with a header row, every cell safe for a terminal and a spreadsheet."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.names)
    count = 0
    for item in items:
        writer.writerow(csv_cell(_csv_value(item[name])) for name in table.names)
        count += 1
    return count


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def write_jsonl(table: Table, items: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write ``items`` as JSON lines (controls a terminal acts on escaped)."""
    count = 0
    for item in items:
        record = {name: item[name] for name in table.names}
        out.write(json_text(json.dumps(record, ensure_ascii=False, default=_json_default)) + "\n")
        count += 1
    return count


def write(
    store: ClaimStore, table: str, fmt: str, output: str | Path | IO[bytes] | None = None, *,
    stdout: IO[str] | None = None, window_days: int = 0,
) -> int:
    """Export ``table`` of ``store`` in ``fmt`` to the file ``output`` (a binary stream
    too, for Parquet), else to the text stream ``stdout`` (CSV and JSON lines); how
    many rows were written.

    Raises:
        ClaimledgerError: E080 when the output file cannot be written; E081 for Parquet
            without an output file.
    """
    spec = TABLES[table]
    items = rows(store, table, window_days=window_days)
    if output is None:
        if fmt == "parquet" or stdout is None:
            raise ClaimledgerError("E081", format=fmt)
        return write_csv(spec, items, stdout) if fmt == "csv" else write_jsonl(spec, items, stdout)
    try:
        if fmt == "parquet":
            return write_parquet(spec, items, output if not isinstance(output, (str, Path)) else str(output))
        if not isinstance(output, (str, Path)):
            raise ClaimledgerError("E080", path="<stream>", reason="CSV and JSON lines are written to text")
        with open(output, "w", encoding="utf8", newline="") as out:
            return write_csv(spec, items, out) if fmt == "csv" else write_jsonl(spec, items, out)
    except OSError as e:
        raise ClaimledgerError("E080", path=output, reason=e.strerror or str(e)) from e
