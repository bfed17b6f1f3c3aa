"""Tests for the ``claimledger`` command line, checked through the Python API.

Commands run in-process with click's ``CliRunner``; what they stored is then read
back with :class:`claimledger.store.Ledger`. Every article here is invented.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from claimledger.cli import EXIT_PARTIAL, cli
from claimledger.present import CSV_COLUMNS, format_quantity
from claimledger.records import Quantity, content_id
from claimledger.store import Ledger

REPO = Path(__file__).resolve().parents[1]

FERRY = """Ferry traffic falls at Velmora port

Ferry traffic through the port of Velmora fell by 12 percent last year, the harbour authority said on Tuesday.

"We moved only 1,500 passengers a day during the winter," said Ilsa Marquand, the authority's director.

According to the regional council, around 40 ferries are still in service on the northern routes.

Marquand said the authority would ask the transport ministry for new funding in the spring.

Share this:
Facebook Twitter Email
"""

BRIDGE = """Bridge repairs in Dunmore to last until autumn

Engineers found cracks in 14 of the bridge's supports, the city transport office said on Monday.

"Nobody will drive across it before October," said Tomas Relling, who leads the repair team.

The transport office says that the repairs will cost at least 3 million euros.

Leave a comment
"""

MARKET = """Fish prices climb in Velmora market

Traders in the old market say that the price of cod has doubled since January.

"Our boats bring in half of what they caught two years ago," said Anja Steeg, who sells fish at the quay.

The fishermen's guild said 25 boats have been sold this year.

Share this:
"""

ARTICLES = {"ferry": FERRY, "bridge": BRIDGE, "market": MARKET}


def run(*args: str, input: str | None = None) -> Result:
    """``claimledger ARGS`` in-process."""
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def write_corpus(folder: Path) -> list[Path]:
    """The ferry story as .txt, the other two as a .jsonl file: three articles."""
    folder.mkdir(parents=True, exist_ok=True)
    txt = folder / "ferry.txt"
    txt.write_text(FERRY, encoding="utf8")
    jsonl = folder / "more.jsonl"
    jsonl.write_text("".join(
        json.dumps({"id": key, "outlet": "Velmora Courier", "published": "2019-03-12", "text": ARTICLES[key]}) + "\n"
        for key in ("bridge", "market")
    ), encoding="utf8")
    return [txt, jsonl]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A ledger holding the three articles, ingested once for this module's read-only tests."""
    folder = tmp_path_factory.mktemp("corpus")
    db = str(folder / "ledger.db")
    result = run("ingest", *map(str, write_corpus(folder / "in")), "--db", db, "--outlet", "Velmora Courier")
    assert result.exit_code == 0, result.output
    return db


# ---------------------------------------------------------------------------- help


@pytest.mark.parametrize("command", [[]] + [[name] for name in sorted(cli.commands)])
def test_cli_help_has_an_example(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output


def test_cli_version():
    assert run("--version").output.startswith("claimledger, version ")


def test_cli_every_command_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf8") if (REPO / "README.md").is_file() else ""
    missing = [name for name in cli.commands if f"claimledger {name}" not in readme]
    assert missing == []


# ---------------------------------------------------------------------------- ingest


def test_cli_ingest_txt_and_jsonl(ingested):
    with Ledger(ingested) as ledger:
        articles = {a.external_id or "ferry": a for a in ledger.articles()}
        assert set(articles) == {"ferry", "bridge", "market"}
        assert articles["ferry"].id == content_id(FERRY)
        assert all(a.outlet == "Velmora Courier" for a in articles.values())
        found = ledger.claims()
    assert found
    for claim in found:
        text = articles[ledger_key(claim, articles)].text
        start, end = claim["content"]["span"]
        assert text[start:end] == claim["content"]["text"]


def ledger_key(claim: dict, articles: dict) -> str:
    return next(key for key, a in articles.items() if a.id == claim["article_id"])


def test_cli_ingest_reports_and_reingest_adds_nothing(tmp_path, db_path):
    paths = list(map(str, write_corpus(tmp_path / "in")))
    first = run("ingest", *paths, "--db", db_path)
    assert first.exit_code == 0, first.output
    assert "Ingested: 3 articles" in first.output
    with Ledger(db_path) as ledger:
        before = ledger.summary()
    again = run("ingest", *paths, "--db", db_path)
    assert again.exit_code == 0
    assert "Ingested: 0 articles" in again.output and "Duplicates skipped: 3" in again.output
    assert "Claims added: 0" in again.output
    with Ledger(db_path) as ledger:
        assert ledger.summary() == before


@pytest.mark.parametrize(
    "name,content,code",
    [
        ("broken.jsonl", '{"id": "x", "text": \n', "E003"),
        ("untexted.jsonl", '{"id": "x", "title": "No text here"}\n', "E004"),
        ("blank.txt", "   \n\n", "E005"),
        ("notes.pdf", "%PDF-1.4 invented", "E006"),
        ("missing.txt", None, "E001"),
    ],
)
def test_cli_ingest_bad_file_is_counted_and_the_rest_stored(tmp_path, db_path, name, content, code):
    good = tmp_path / "ferry.txt"
    good.write_text(FERRY, encoding="utf8")
    bad = tmp_path / name
    if content is not None:
        bad.write_text(content, encoding="utf8")
    result = run("ingest", str(bad), str(good), "--db", db_path)
    assert result.exit_code == EXIT_PARTIAL, result.output
    assert "Ingested: 1 article" in result.stdout and "Failed: 1" in result.stdout
    assert f"[{code}]" in result.stderr and name in result.stderr
    with Ledger(db_path) as ledger:
        assert ledger.has(content_id(FERRY))


def test_cli_ingest_only_bad_files_exits_1(tmp_path, db_path):
    result = run("ingest", str(tmp_path / "nothing.txt"), "--db", db_path)
    assert result.exit_code == 1
    assert "[E001]" in result.output


def failing_on(word: str):
    """An ``extract_claims`` that raises on any batch holding an article with ``word``."""
    from claimledger.extract import extract_claims

    def extract_claims_or_fail(articles, **kw):
        articles = list(articles)
        if any(word in a.text for a in articles):
            raise RuntimeError(f"pipeline broke on {word}")
        yield from extract_claims(articles, **kw)

    return extract_claims_or_fail


def test_cli_ingest_pipeline_failure_loses_only_that_article(tmp_path, db_path, monkeypatch):
    monkeypatch.setattr("claimledger.runner.extract_claims", failing_on("Dunmore"))
    result = run("ingest", *map(str, write_corpus(tmp_path / "in")), "--db", db_path)
    assert result.exit_code == EXIT_PARTIAL, result.output
    assert "Ingested: 2 articles" in result.stdout and "Failed: 1" in result.stdout
    assert "[E015]" in result.stderr and "more.jsonl:1" in result.stderr
    with Ledger(db_path) as ledger:
        assert ledger.summary()["articles"] == 2 and not ledger.has(content_id(BRIDGE))


def test_cli_extract_pipeline_failure_is_an_error_line(tmp_path, monkeypatch):
    monkeypatch.setattr("claimledger.runner.extract_claims", failing_on("Dunmore"))
    data, _ = jsonl_input()
    result = run("extract", "-", input=data)
    assert result.exit_code == EXIT_PARTIAL
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["f1", "7"]
    assert "[E015] <stdin>:3" in result.stderr


def test_api_ingest_progress_and_batch_duplicates(tmp_path, settings):
    from claimledger import api

    folder = tmp_path / "in"
    paths = write_corpus(folder)
    (folder / "copy.txt").write_text(FERRY + "\n\n", encoding="utf8")  # same article, other white space
    seen: list[tuple[int, int]] = []
    report = api.ingest([*paths, folder / "copy.txt"], settings=settings, on_progress=lambda d, t: seen.append((d, t)))
    assert (report.ingested, report.duplicates, report.failed) == (3, 1, [])
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
    with Ledger(settings.db) as ledger:
        assert report.claims == ledger.summary()["claims_total"] > 0


def test_cli_db_option_on_the_group(tmp_path, db_path):
    paths = list(map(str, write_corpus(tmp_path / "in")))
    assert run("--db", db_path, "ingest", *paths).exit_code == 0
    with Ledger(db_path) as ledger:
        assert ledger.summary()["articles"] == 3


@pytest.mark.parametrize(
    "config,exit_code,stored_in",
    [
        ("[claimledger]\ndb = from-config.db\n", 0, "from-config.db"),
        ("[claimledger]\ndb = from-config.db\nbatch_size = 1\n", 0, "from-config.db"),
        ("[claimledger]\ncolour = blue\n", 1, None),  # E012: unknown setting
    ],
)
def test_cli_config_file_settings(tmp_path, config, exit_code, stored_in):
    (tmp_path / "ferry.txt").write_text(FERRY, encoding="utf8")
    Path("my.cfg").write_text(config, encoding="utf8")
    result = run("--config", "my.cfg", "ingest", str(tmp_path / "ferry.txt"))
    assert result.exit_code == exit_code, result.output
    if stored_in is None:
        assert "[E012]" in result.output
    else:
        with Ledger(stored_in) as ledger:
            assert ledger.has(content_id(FERRY))


# ---------------------------------------------------------------------------- claims


@pytest.mark.parametrize(
    "args,check",
    [
        ([], lambda c: True),
        (["--speaker", "marquand"], lambda c: "marquand" in json.dumps(c["speakers"]).lower()),
        (["--outlet", "velmora courier"], lambda c: c["outlet"] == "Velmora Courier"),
        (["--search", "boats"], lambda c: "boats" in (c["content"]["text"] + c["speaker"]["text"]).lower()),
    ],
)
def test_cli_claims_filters_match_the_api(ingested, args, check):
    result = run("claims", "--db", ingested, "--format", "jsonl", *args)
    assert result.exit_code == 0
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert found and all(check(c) for c in found)
    options = dict(zip(args[::2], args[1::2], strict=False))
    with Ledger(ingested) as ledger:
        expected = [c.to_json() for c in ledger.claims(**{k.lstrip("-"): v for k, v in options.items()})]
    assert found == expected


def test_cli_claims_limit(ingested):
    result = run("claims", "--db", ingested, "--format", "jsonl", "--limit", "2")
    assert len(result.stdout.splitlines()) == 2


def test_cli_claims_csv_has_a_header(ingested):
    result = run("claims", "--db", ingested, "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == CSV_COLUMNS
    with Ledger(ingested) as ledger:
        assert len(rows) - 1 == len(ledger.claims())


def test_cli_claims_table(ingested):
    result = run("claims", "--db", ingested, "--speaker", "Relling")
    assert result.exit_code == 0
    assert "Relling" in result.stdout and "Velmora" in result.stdout and "Nobody" in result.stdout


@pytest.mark.parametrize(
    "quantity,expected",
    [
        ({"value": 1500, "unit": None, "counted": "fighters", "qualifier": "only"}, "1,500 fighters (only)"),
        ({"value": [20, 30], "unit": "percent", "counted": None, "qualifier": "around"}, "20–30 percent (around)"),
        ({"value": 2.0, "unit": "km2", "counted": None, "qualifier": None}, "2 km2"),
        ({"value": 0.25, "unit": "fraction", "counted": "buses", "qualifier": None}, "0.25 fraction buses"),
    ],
)
def test_cli_format_quantity(quantity, expected):
    assert format_quantity(Quantity.from_json({**quantity, "span": [0, 1], "text": "x"})) == expected


# ---------------------------------------------------------------------------- show


def test_cli_show_marks_title_debris_and_claims(ingested):
    result = run("show", content_id(FERRY), "--db", ingested)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "⟦title: Ferry traffic falls at Velmora port⟧" in out
    assert "⟦debris: Share this:⟧" in out and "⟦debris: Facebook Twitter Email⟧" in out
    assert "⟦claim 1: " in out
    with Ledger(ingested) as ledger:
        count = len(ledger.claims(article_id=content_id(FERRY)))
    assert f"\n{count} claim" in out


def test_cli_show_unknown_id_is_error_e010(ingested):
    result = run("show", "feedfacefeedface", "--db", ingested)
    assert result.exit_code == 1
    assert "[E010]" in result.output and "feedfacefeedface" in result.output


# ---------------------------------------------------------------------------- extract


def jsonl_input() -> tuple[str, list[str]]:
    """Three good lines around a bad one; the texts of the good ones in order."""
    lines = [
        json.dumps({"id": "f1", "outlet": "Velmora Courier", "title": "Ferry traffic falls at Velmora port", "text": FERRY}),
        '{"id": "oops", "text": ',
        json.dumps({"outlet": "Velmora Courier", "text": BRIDGE}),
        json.dumps({"id": 7, "text": MARKET}),
    ]
    return "\n".join(lines) + "\n", [FERRY, BRIDGE, MARKET]


@pytest.mark.parametrize("via", ["file", "stdin"])
def test_cli_extract_one_line_per_article(tmp_path, via):
    data, texts = jsonl_input()
    path = tmp_path / "articles.jsonl"
    path.write_text(data, encoding="utf8")
    result = run("extract", str(path)) if via == "file" else run("extract", "-", input=data)
    assert result.exit_code == EXIT_PARTIAL, result.output  # one line is bad
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["f1", content_id(BRIDGE), "7"]
    assert "line 2" in result.stderr and "[E003]" in result.stderr
    for record, text in zip(records, texts, strict=True):
        assert set(record) == {"id", "title", "body", "claims"}
        assert all(text[s:e].strip() == text[s:e] != "" for s, e in record["body"])
        for claim in record["claims"]:
            start, end = claim["content"]["span"]
            assert text[start:end] == claim["content"]["text"]
    assert records[0]["title"] == "Ferry traffic falls at Velmora port"
    assert any(c["quantities"] for r in records for c in r["claims"])


def test_cli_extract_drops_debris_from_the_body(tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"text": FERRY}) + "\n", encoding="utf8")
    (record,) = [json.loads(line) for line in run("extract", str(path)).stdout.splitlines()]
    body = " ".join(FERRY[s:e] for s, e in record["body"])
    assert "Share this" not in body and "Marquand said the authority" in body


def test_cli_extract_missing_file_exits_1(tmp_path):
    result = run("extract", str(tmp_path / "none.jsonl"))
    assert result.exit_code == 1 and "[E001]" in result.stderr


def test_cli_extract_all_bad_exits_1(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": 1}\nnot json\n', encoding="utf8")
    result = run("extract", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "[E004]" in result.stderr and "[E003]" in result.stderr


# ---------------------------------------------------------------------------- summary


def test_cli_summary(ingested):
    result = run("summary", "--db", ingested)
    assert result.exit_code == 0
    for heading in ("Articles per outlet", "Claims per kind", "Top speakers", "Velmora Courier", "Articles: 3"):
        assert heading in result.stdout


def test_cli_summary_of_an_empty_ledger(db_path):
    Ledger(db_path).close()
    result = run("summary", "--db", db_path)
    assert result.exit_code == 0 and "Articles: 0" in result.stdout


@pytest.mark.parametrize("command", [["summary"], ["claims"], ["show", "feedfacefeedface"]])
@pytest.mark.parametrize("where", ["missing.db", "."])
def test_cli_reading_a_missing_or_bad_ledger_is_error_e011(command, where):
    result = run(*command, "--db", where)
    assert result.exit_code == 1 and "[E011]" in result.output
    assert not Path("missing.db").exists()  # reading never creates a ledger


# ---------------------------------------------------------------------------- quantities

QUANTITY_LINES = (
    "Only 1,500 Jihadi fighters are left.\n"
    "\n"
    + json.dumps({"id": 7, "text": "The army controls 93% of the city's territory."}) + "\n"
    + '{"text": 5}\n'
    + "{not json\n"
    + json.dumps({"text": "Nothing to count here."}) + "\n"
)


@pytest.mark.parametrize("via", ["file", "stdin"])
def test_cli_quantities_one_line_per_text(tmp_path, via):
    path = tmp_path / "lines.txt"
    path.write_text(QUANTITY_LINES, encoding="utf8")
    result = run("quantities", str(path)) if via == "file" else run("quantities", "-", input=QUANTITY_LINES)
    assert result.exit_code == EXIT_PARTIAL, result.output  # two lines are bad
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in records] == [
        "Only 1,500 Jihadi fighters are left.", "The army controls 93% of the city's territory.", "Nothing to count here."]
    assert records[1]["id"] == "7" and "id" not in records[0]
    (fighters,) = records[0]["quantities"]
    assert {k: fighters[k] for k in ("value", "unit", "counted", "qualifier", "change", "whole", "span")} == {
        "value": 1500, "unit": None, "counted": "fighter", "qualifier": "only", "change": "=", "whole": None,
        "span": [0, 26]}
    (share,) = records[1]["quantities"]
    assert (share["value"], share["unit"], share["whole"]) == (93, "percent", "the city's territory")
    assert records[2]["quantities"] == []
    name = str(path) if via == "file" else "<stdin>"
    assert f"[E004] {name}: line 4" in result.stderr and f"[E003] {name}: line 5" in result.stderr
    assert "Skipped 2 bad lines" in result.stderr


def test_cli_quantities_missing_file_exits_1(tmp_path):
    result = run("quantities", str(tmp_path / "none.txt"))
    assert result.exit_code == 1 and "[E001]" in result.stderr and "none.txt" in result.stderr


def test_cli_quantities_all_bad_exits_1(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"text": 1}\n\xff\xfe broken\n')
    result = run("quantities", str(path))
    assert result.exit_code == 1
    assert "[E004]" in result.stderr and "[E017]" in result.stderr and "line 2" in result.stderr


def test_extract_output_loads_back_into_records_that_print_the_same_json():
    from claimledger.records import Claim

    data, _ = jsonl_input()
    result = run("extract", "-", input=data)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    claims = [c for line in lines for c in line["claims"]]
    assert claims
    for claim in claims:
        assert json.dumps(Claim.from_json(claim).to_json(), ensure_ascii=False) == json.dumps(claim, ensure_ascii=False)
