"""Tests for :mod:`claimledger.errors`: every code is in the README's error table.

The table (README, section "Errors") has one row per code, ``| `E001` | `message` |
when |``; the message is the template of :class:`~claimledger.errors.Errors`
exactly. A code raised in ``src/`` or defined in ``Errors`` without a row, or a row
without a code, fails here, so a new code needs only its row.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimledger.errors import ClaimledgerError, Errors

REPO = Path(__file__).resolve().parents[1]
#: A code written as a string literal in the source: "E012" or 'E012'.
CODE_LITERAL = re.compile(r"""["'](E0\d\d)["']""")


def readme_table() -> dict[str, tuple[str, str]]:
    """code -> (message, when), from the README's "Errors" section."""
    readme = (REPO / "README.md").read_text(encoding="utf8")
    section = readme[readme.index("### Errors"):]
    section = section[: section.index("\n#", 1)]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) == 3 and re.fullmatch(r"`E\d{3}`", cells[0]):
            rows[cells[0].strip("`")] = (cells[1].removeprefix("`").removesuffix("`"), cells[2])
    return rows


def defined() -> dict[str, str]:
    return {name: value for name, value in vars(Errors).items() if re.fullmatch(r"E\d{3}", name)}


def used_in_source() -> dict[str, list[str]]:
    """code -> the source files that write it as a literal."""
    found: dict[str, list[str]] = {}
    for path in sorted((REPO / "src").rglob("*.py")):
        for code in CODE_LITERAL.findall(path.read_text(encoding="utf8")):
            found.setdefault(code, []).append(str(path.relative_to(REPO)))
    return found


def test_the_readme_has_an_error_table_with_a_header():
    readme = (REPO / "README.md").read_text(encoding="utf8")
    section = readme[readme.index("### Errors"):]
    assert "| code | message | when |" in section[: section.index("\n#", 1)]
    assert readme_table()


def test_every_defined_code_is_documented():
    missing = sorted(set(defined()) - set(readme_table()))
    assert missing == []


def test_every_code_used_in_the_source_is_defined_and_documented():
    used = used_in_source()
    assert used, "the source raises coded errors"
    assert sorted(set(used) - set(defined())) == []
    assert sorted(set(used) - set(readme_table())) == []


def test_every_documented_code_exists():
    assert sorted(set(readme_table()) - set(defined())) == []


@pytest.mark.parametrize("code", sorted(defined()))
def test_the_documented_message_is_the_catalogue_s(code):
    message, when = readme_table()[code]
    assert message == getattr(Errors, code)
    assert when


@pytest.mark.parametrize(
    "code,fields,expected",
    [
        ("E001", {"path": "story.txt"}, "[E001] story.txt: no such file or folder"),
        ("E018", {"id": 7, "db": "x.db"}, "[E018] no thread with id '7' in x.db"),
        ("E024", {"option": "--limit", "value": "9" * 20, "allowed": "a whole number from 0 to 9"},
         f"[E024] --limit: '{'9' * 20}' is not allowed (allowed: a whole number from 0 to 9)"),
    ],
)
def test_an_error_carries_its_code_and_fields(code, fields, expected):
    error = ClaimledgerError(code, **fields)
    assert (str(error), error.code, error.fields) == (expected, code, fields)
