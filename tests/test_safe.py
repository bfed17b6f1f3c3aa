"""Tests for :mod:`claimledger.safe`: hostile strings in, harmless strings out."""
from __future__ import annotations

import json

import pytest

from claimledger.safe import csv_cell, fts_query, json_text, terminal_text

ESC = "\x1b"


@pytest.mark.parametrize(
    "text,newlines,expected",
    [
        ("Ferry traffic falls", "keep", "Ferry traffic falls"),
        ("clear\x1b[2Jscreen", "keep", "clear\\x1b[2Jscreen"),
        ("up\x1b[5A", "keep", "up\\x1b[5A"),
        ("\x1b]0;pwned\x07title", "keep", "\\x1b]0;pwned\\x07title"),
        ("\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", "keep",
         "\\x1b]8;;https://evil.example\\x1b\\link\\x1b]8;;\\x1b\\"),
        ("ring\x07", "keep", "ring\\x07"),
        ("back\x08\x08", "keep", "back\\x08\\x08"),
        ("over\rwrite", "keep", "over\\rwrite"),
        ("lines\r\nend", "keep", "lines\nend"),
        ("two\nlines", "keep", "two\nlines"),
        ("two\nlines", "space", "two lines"),
        ("two\r\nlines", "space", "two lines"),
        ("two\nlines", "escape", "two\\nlines"),
        ("tab\tstays", "keep", "tab\tstays"),
        ("nul\x00 del\x7f", "keep", "nul\\x00 del\\x7f"),
        ("csi\x9b2J", "keep", "csi\\x9b2J"),
        ("rtl\u202eevil", "keep", "rtl\\u202eevil"),
        ("isolate\u2066x\u2069", "keep", "isolate\\u2066x\\u2069"),
        ("zero\u200bwidth", "keep", "zero\\u200bwidth"),
        ("[link=https://evil.example]click here[/link]", "keep", "[link=https://evil.example]click here[/link]"),
        ("Ünïcödé — “quotes” ⟦ok⟧", "keep", "Ünïcödé — “quotes” ⟦ok⟧"),
    ],
)
def test_terminal_text(text, newlines, expected):
    assert terminal_text(text, newlines=newlines) == expected


@pytest.mark.parametrize("text", ["a\x1b[31mb", "\x07\x08\r\x0b\x0c", "\x9b\x9d\u202e", "x\r\ny\rz"])
@pytest.mark.parametrize("newlines", ["keep", "space", "escape"])
def test_terminal_text_leaves_no_control_character(text, newlines):
    out = terminal_text(text, newlines=newlines)
    allowed = {"\t", "\n"} if newlines == "keep" else {"\t"}
    assert not [c for c in out if (ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c == "\u202e") and c not in allowed]


def test_terminal_text_refuses_an_unknown_newline_mode():
    with pytest.raises(ValueError):
        terminal_text("x", newlines="drop")


@pytest.mark.parametrize(
    "value,expected",
    [
        ('=HYPERLINK("https://evil.example","Reuters")', '\'=HYPERLINK("https://evil.example","Reuters")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\\r=1"),
        ("Reuters", "Reuters"),
        ("a = b", "a = b"),
        ("\x1b]0;t\x07", "\\x1b]0;t\\x07"),
        ("two\nlines", "two\nlines"),
        ("", ""),
        (-5, -5),
        (12, 12),
        (None, None),
    ],
)
def test_csv_cell(value, expected):
    assert csv_cell(value) == expected


@pytest.mark.parametrize(
    "data",
    [
        {"text": "csi\x9b2J"},
        {"text": "rtl\u202eevil", "n": 1},
        {"text": "esc\x1b[2J bell\x07 del\x7f"},
        {"list": ["\u2028", "plain"]},
    ],
)
def test_json_text_escapes_what_json_dumps_leaves_and_decodes_the_same(data):
    encoded = json_text(json.dumps(data, ensure_ascii=False))
    assert json.loads(encoded) == data
    assert not [c for c in encoded if ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c in "\u202e\u2028"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("fighters", '"fighters"'),
        ("fighters left", '"fighters" "left"'),
        ('"', None),
        ('""', None),
        ("   ", None),
        ("*", None),
        ("- ( )", None),
        ('fighters"', '"fighters"'),
        ("NOT OR AND", '"NOT" "OR" "AND"'),
        ("well-known", '"well-known"'),
        ("1,500", '"1,500"'),
    ],
)
def test_fts_query(text, expected):
    assert fts_query(text) == expected
