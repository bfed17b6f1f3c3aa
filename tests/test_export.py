"""Tests for ``claimledger export``, ``claimledger articles`` and ``show`` by input id.

The ledger is built from the invented stories of ``test_cli``; a hostile story (terminal
controls, a spreadsheet formula) checks that exported text is made safe.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from test_cli import ARTICLES, run

from claimledger import api
from claimledger.cli import cli
from claimledger.errors import ClaimledgerError
from claimledger.export import TABLES
from claimledger.settings import Settings

HOSTILE = (
    "=HYPERLINK(\"https://evil.example\")\x1b[2J harbour news\n\n"
    "The harbour master said on Friday that 300 boats had left the port.\n"
)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("export")
    rows = [{"id": key, "outlet": "Velmora Courier", "published": "2019-03-12", "text": text}
            for key, text in ARTICLES.items()]
    rows.append({"id": "hostile", "outlet": "=cmd|' /C calc'!A0", "published": "2019-03-13", "text": HOSTILE})
    rows.append({"id": "ferry", "outlet": "Copy Desk", "published": "2019-03-14", "text": ARTICLES["ferry"] + "\nUpdated."})
    (folder / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf8")
    db = str(folder / "ledger.db")
    result = run("ingest", str(folder / "in.jsonl"), "--db", db)
    assert result.exit_code == 0, result.output
    return db


# (table, the pyarrow type of some columns)
TYPED = [
    ("claims", {"id": pa.int64(), "content_start": pa.int64(), "content_end": pa.int64(), "published": pa.date32(),
                "event_date": pa.date32(), "content_text": pa.string()}),
    ("quantities", {"value": pa.float64(), "low": pa.float64(), "previous_low": pa.float64(), "previous_high": pa.float64(), "vague": pa.bool_(), "modifiers": pa.list_(pa.string()),
                    "start": pa.int64()}),
    ("threads", {"thread_id": pa.int64(), "conflict": pa.bool_(), "conflicts_with": pa.list_(pa.int64()),
                 "day": pa.date32()}),
    ("speakers", {"id": pa.int64(), "aliases": pa.list_(pa.string()), "claims": pa.int64()}),
    ("articles", {"id": pa.string(), "external_id": pa.string(), "published": pa.date32(), "title_start": pa.int64()}),
]


@pytest.mark.parametrize(("table", "types"), TYPED)
def test_parquet_export_has_typed_columns_and_every_row(ledger: str, tmp_path: Path, table: str, types: dict) -> None:
    out = tmp_path / f"{table}.parquet"
    result = run("export", "--table", table, "--format", "parquet", "--output", str(out), "--db", ledger)
    assert result.exit_code == 0, result.output
    read = pq.read_table(out)
    assert read.column_names == TABLES[table].names
    assert {name: read.schema.field(name).type for name in types} == types
    jsonl = [json.loads(line) for line in run("export", "--table", table, "--format", "jsonl", "--db", ledger)
             .stdout.splitlines()]
    assert read.num_rows == len(jsonl)
    assert f"Exported {read.num_rows:,} row" in result.stderr


def test_claim_spans_index_the_article_text(ledger: str) -> None:
    settings = Settings(db=ledger)
    out = io.StringIO()
    count = api.export("claims", "jsonl", settings=settings, stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert count == len(rows) > 0
    for row in rows:
        text = api.article(row["article_id"], settings=settings).text
        assert text[row["content_start"]:row["content_end"]] == row["content_text"]
    assert {r["published"] for r in rows} >= {"2019-03-12"}


def test_exports_agree_across_formats(ledger: str, tmp_path: Path) -> None:
    settings = Settings(db=ledger)
    api.export("quantities", "parquet", tmp_path / "q.parquet", settings=settings)
    api.export("quantities", "csv", tmp_path / "q.csv", settings=settings)
    parquet = pq.read_table(tmp_path / "q.parquet").to_pylist()
    with (tmp_path / "q.csv").open(encoding="utf8") as f:
        rows = list(csv.DictReader(f))
    assert len(parquet) == len(rows) > 0
    assert [(p["claim_id"], p["qindex"], p["text"]) for p in parquet] == [
        (int(r["claim_id"]), int(r["qindex"]), r["text"]) for r in rows
    ]


def test_csv_and_jsonl_exports_are_safe(ledger: str) -> None:
    csv_out = run("export", "--table", "articles", "--format", "csv", "--db", ledger).stdout
    assert "\x1b" not in csv_out
    rows = list(csv.DictReader(io.StringIO(csv_out)))
    hostile = next(r for r in rows if r["external_id"] == "hostile")
    assert hostile["outlet"].startswith("'=cmd")
    assert "\\x1b[2J" in hostile["text"]
    jsonl = run("export", "--table", "articles", "--format", "jsonl", "--db", ledger).stdout
    assert "\x1b" not in jsonl
    assert any(json.loads(line)["text"] == HOSTILE for line in jsonl.splitlines())  # the JSON means the same


@pytest.mark.parametrize(
    ("args", "code"),
    [(["--format", "parquet", "--output", "/nonexistent/folder/x.parquet"], "E080"),
     (["--format", "csv", "--output", "/nonexistent/folder/x.csv"], "E080")],
)
def test_export_errors(ledger: str, args: list[str], code: str) -> None:
    result = run("export", "--table", "claims", *args, "--db", ledger)
    assert (result.exit_code, f"[{code}]" in result.output) == (1, True)


def test_parquet_without_an_output_file_is_e081_in_the_api(ledger: str) -> None:
    with pytest.raises(ClaimledgerError) as caught:
        api.export("claims", "parquet", settings=Settings(db=ledger))
    assert caught.value.code == "E081"


# ---- articles and show


# (options, expected input ids in order)
LISTINGS = [
    ([], ["ferry", "bridge", "market", "hostile", "ferry"]),
    (["--outlet", "velmora courier"], ["ferry", "bridge", "market"]),
    (["--search", "velmora FERRY"], ["ferry", "ferry"]),
    (["--search", "cod doubled"], ["market"]),
    (["--search", '" *'], []),
    (["--outlet", "Copy Desk", "--search", "updated"], ["ferry"]),
    (["--limit", "2"], ["ferry", "bridge"]),
]


@pytest.mark.parametrize(("options", "expected"), LISTINGS)
def test_articles_lists_ledger_and_input_ids(ledger: str, options: list[str], expected: list[str]) -> None:
    result = run("articles", *options, "--format", "jsonl", "--db", ledger)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["external_id"] for r in rows] == expected
    assert all(len(r["id"]) >= 16 and r["claims"] >= 0 for r in rows)


def test_articles_table_shows_both_ids_safely(ledger: str) -> None:
    out = run("articles", "--db", ledger).stdout
    assert "Ledger id" in out and "Input id" in out and "hostile" in out and "\x1b" not in out


@pytest.mark.parametrize(
    ("given", "expected"),
    [("bridge", "Bridge repairs in Dunmore"), ("market", "Fish prices climb"), ("hostile", "harbour master")],
)
def test_show_takes_an_input_id(ledger: str, given: str, expected: str) -> None:
    result = run("show", given, "--db", ledger)
    assert result.exit_code == 0 and expected in result.stdout
    assert "\x1b" not in result.stdout


def test_show_takes_a_ledger_id_and_a_shared_input_id_is_e025(ledger: str) -> None:
    rows = api.articles(settings=Settings(db=ledger), search="ferry")
    assert run("show", rows[1].id, "--db", ledger).exit_code == 0
    result = run("show", "ferry", "--db", ledger)
    assert result.exit_code == 1 and "[E025]" in result.output and rows[0].id in result.output
    assert run("show", "nothing-like-this", "--db", ledger).exit_code == 1


def test_export_of_an_empty_ledger_has_only_the_header(tmp_path: Path) -> None:
    db = str(tmp_path / "empty.db")
    api.ingest([], settings=Settings(db=db))
    assert run("export", "--table", "claims", "--format", "csv", "--db", db).stdout.splitlines() == [
        ",".join(TABLES["claims"].names)]
    api.export("speakers", "parquet", tmp_path / "s.parquet", settings=Settings(db=db))
    assert pq.read_table(tmp_path / "s.parquet").num_rows == 0


def test_parquet_goes_to_standard_output_when_it_is_not_a_terminal(ledger: str) -> None:
    result = CliRunner().invoke(cli, ["export", "--table", "speakers", "--db", ledger])
    assert result.exit_code == 0, result.output
    table = pq.read_table(pa.BufferReader(result.stdout_bytes))
    assert table.column_names == TABLES["speakers"].names and table.num_rows > 0


def test_exporting_a_missing_ledger_is_e011(tmp_path: Path) -> None:
    result = run("export", "--table", "claims", "--format", "csv", "--db", str(tmp_path / "missing.db"))
    assert result.exit_code == 1 and "[E011]" in result.output
