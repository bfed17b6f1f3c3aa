"""Article text is hostile: nothing from it reaches a terminal or a spreadsheet unescaped.

An invented article carries terminal escape sequences (clear screen, set window
title, bell, backspace, a bare carriage return), rich markup that would become a
hidden link, and an outlet name that a spreadsheet would run as a formula. Every
command that prints article text is run over it, with colour forced on (as on a
terminal), and its output checked for what must never come through.
"""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner, Result

from claimledger.cli import MAX_INT, cli

OUTLET = '=HYPERLINK("https://evil.example","Harbour Gazette")'

HOSTILE = (
    "Harbour news \x1b]0;owned\x07 today\n\n"
    "Officials said 30 houses burned down \x1b[2J\x1b[H near the quay [link=https://evil.example]click here[/link].\n\n"
    '"We counted 12 boats in the harbour,\x08\x08\x08 and 40 more\r were lost," said Mara Voss, the harbour master.\n\n'
    "Voss said 12 boats stayed in the harbour on Monday.\n"
)

#: Sequences that must never reach the terminal: OSC (window title, hyperlinks),
#: erase display, cursor home, bell, backspace, a bare carriage return.
FORBIDDEN = ("\x1b]", "\x1b[2J", "\x1b[H", "\x07", "\x08", "\r")


def run(*args: str, color: bool = True) -> Result:
    env = {"FORCE_COLOR": "1", "COLUMNS": "200"} if color else {}
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def hostile_db(tmp_path) -> str:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf8")
    db = str(tmp_path / "ledger.db")
    result = run("--db", db, "ingest", str(path), "--outlet", OUTLET, "--published", "2024-03-05", color=False)
    assert result.exit_code == 0, result.output
    return db


def first_thread(db: str) -> str:
    """The thread of the figure whose sentence holds the backspaces."""
    found = json.loads(run("--db", db, "threads", "--format", "json", "--min-members", "1", color=False).stdout)
    hostile = [t for t in found if any("\x08" in m["claim"]["content"]["text"] for m in t["members"])]
    assert hostile, "the hostile quotation gives a thread"
    return str(hostile[0]["id"])


@pytest.mark.parametrize(
    "args,shown",
    [
        (("claims",), "\\x1b[2J"),
        (("claims", "--format", "jsonl"), "owned"),
        (("show", "ARTICLE"), "[link=https://evil.example]"),
        (("summary",), "HYPERLINK"),
        (("speakers",), "Mara Voss"),
        (("speakers", "--format", "json"), "Mara Voss"),
        (("threads", "--min-members", "1"), "vehicles"),
        (("thread", "THREAD"), "\\x08"),
    ],
)
def test_no_escape_sequence_or_markup_reaches_the_terminal(hostile_db, args, shown):
    if "ARTICLE" in args:
        listed = json.loads(run("--db", hostile_db, "claims", "--format", "jsonl", color=False).stdout.splitlines()[0])
        args = tuple(listed["article_id"] if a == "ARTICLE" else a for a in args)
    if "THREAD" in args:
        args = tuple(first_thread(hostile_db) if a == "THREAD" else a for a in args)
    result = run("--db", hostile_db, *args)
    assert result.exit_code == 0, result.output
    for bad in FORBIDDEN:
        assert bad not in result.output, (args, bad)
    assert "\x1b]8;" not in result.output  # no hyperlink made from the article's markup
    assert shown in result.output


def test_show_on_a_terminal_escapes_and_still_marks_the_claims(hostile_db):
    listed = json.loads(run("--db", hostile_db, "claims", "--format", "jsonl", color=False).stdout.splitlines()[0])
    result = run("--db", hostile_db, "show", listed["article_id"])
    assert "\\x1b]0;owned\\x07" in result.stdout
    assert "\x1b[" in result.stdout  # rich's own styles for the marks are there
    plain = run("--db", hostile_db, "show", listed["article_id"], color=False).stdout
    assert "⟦claim 1: " in plain and "\\x1b[2J" in plain


def test_csv_cells_never_start_a_formula(hostile_db):
    result = run("--db", hostile_db, "claims", "--format", "csv", color=False)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
            assert not any(bad in value for bad in FORBIDDEN), value
    assert rows[0]["outlet"] == "'" + OUTLET


@pytest.mark.parametrize(
    "args,exit_code,expected",
    [
        (("claims", "--search", '"'), 0, "0 claims"),
        (("claims", "--search", "houses quay"), 0, "1 claim"),
        (("claims", "--limit", str(2**70)), 0, "claims"),
        (("threads", "--limit", str(2**70)), 0, "thread"),
        (("speakers", "--limit", str(2**64)), 0, "speaker"),
        (("thread", str(2**70)), 1, "[E018]"),
        (("thread", str(MAX_INT)), 1, "[E018]"),
    ],
)
def test_odd_queries_answer_without_a_traceback(hostile_db, args, exit_code, expected):
    result = run("--db", hostile_db, *args, color=False)
    assert result.exit_code == exit_code, result.output
    assert expected in result.output


def test_progress_is_logged_when_stderr_is_not_a_terminal(tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf8")
    result = run("--db", str(tmp_path / "l.db"), "ingest", str(path), color=False)
    assert "claimledger: extracted claims from 1 of 1 articles" in result.stderr
    assert "claimledger:" not in result.stdout
