"""The shared word lists: their data files, what they hold, and the quotation-mark sets
the shipped learned models were trained with."""
from __future__ import annotations

import doctest
import re
from importlib import resources

import pytest

from claimledger import words
from claimledger.nlp import contentmodel, cuemodel

DATA = resources.files("claimledger") / "data" / "words"


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.iterdir() if p.name.endswith((".txt", ".toml"))))
def test_every_data_file_says_what_it_holds(name):
    first = (DATA / name).read_text(encoding="utf8").splitlines()[0]
    assert first.startswith("# ") and len(first) > 20


def test_doctests():
    assert doctest.testmod(words).failed == 0


@pytest.mark.parametrize("pattern,text,matched", [
    (words.MONTH_PATTERN, "September", "September"),
    (words.MONTH_PATTERN, "Sept", "Sept"),
    (words.MONTH_PATTERN, "Sep", "Sep"),
    (words.MONTH_PATTERN, "Jun", "Jun"),
    (words.MONTH_PATTERN, "May", "May"),
    (words.MONTH_PATTERN, "Mayor", "May"),
    (words.MONTH_PATTERN, "Monday", None),
    (words.WEEKDAY_PATTERN, "Wednesday", "Wednesday"),
    (words.WEEKDAY_PATTERN, "Wed", None),
])
def test_calendar_patterns(pattern, text, matched):
    m = re.match(pattern, text)
    assert (m.group() if m else None) == matched


@pytest.mark.parametrize("name,word,member", [
    ("CALENDAR_WORDS", "march", True),
    ("CALENDAR_WORDS", "sunday", True),
    ("CALENDAR_WORDS", "march.", False),
    ("PERSONAL_PRONOUNS", "they", True),
    ("PERSONAL_PRONOUNS", "him", False),
    ("GENDERED_PRONOUNS", "she", True),
    ("GENDERED_PRONOUNS", "they", False),
    ("PRONOUNS", "him", True),
    ("PRONOUNS", "which", True),
    ("PRONOUNS", "envoy", False),
    ("QUOTE_MARKS", "\u201c", True),
    ("QUOTE_MARKS", "''", True),
    ("QUOTE_MARKS", "\u2019", False),
    ("QUOTE_MARKS_WITH_APOSTROPHES", "\u2019", True),
    ("QUOTE_MARKS_WITH_APOSTROPHES", "``", True),
    ("QUOTE_PAIRS", "\u00ab", True),
    ("QUALIFIER_CHANGE", "or more", True),
])
def test_list_members(name, word, member):
    assert (word in getattr(words, name)) is member


@pytest.mark.parametrize("qualifier,change", [
    ("well over", ">"), ("a minimum of", ">"), ("or more", ">"), ("up to", "<"), ("just under", "<"),
    ("nearly", "~"), ("or so", "~"), ("only", "="), ("just", "="), ("up", "up"), ("down", "down"),
])
def test_qualifier_change(qualifier, change):
    assert words.QUALIFIER_CHANGE[qualifier] == change


@pytest.mark.parametrize("ending,word,demonym", [
    ("ian", "syrian", True), ("ese", "japanese", True), ("ish", "british", True), ("i", "iraqi", True),
    (None, "london", False),
])
def test_demonym_endings(ending, word, demonym):
    assert word.endswith(words.DEMONYM_ENDINGS) is demonym
    assert ending is None or ending in words.DEMONYM_ENDINGS


# The learned models were trained with these exact sets: changing one moves their
# features, and so every attribution figure.
@pytest.mark.parametrize("marks,expected", [
    (contentmodel.QUOTE_MARKS, {'"', "\u201c", "\u201d", "''", "``"}),
    (cuemodel.NEAR_QUOTE_MARKS, {'"', "\u201c", "\u201d", "\u2018", "\u2019", "'", "`"}),
    (words.QUOTE_MARKS_WITH_APOSTROPHES, {'"', "\u201c", "\u201d", "\u2018", "\u2019", "'", "`", "''", "``"}),
])
def test_model_feature_marks(marks, expected):
    assert marks == expected
