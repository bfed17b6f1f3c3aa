"""The one home of the general English word lists several modules read.

Each list lives in a documented data file in ``claimledger/data/words/`` (plain text,
one entry a line, or TOML; ``#`` comments say what the list is and where it comes
from), or comes from a well-kept library: month and weekday names are Python's
``calendar`` module's (English in the default C locale). The lists are general to
news: no word of one story.

>>> WEEKDAYS[:2]
('Monday', 'Tuesday')
>>> "september" in CALENDAR_WORDS
True
>>> import re
>>> bool(re.fullmatch(MONTH_PATTERN, "Sept")), bool(re.fullmatch(WEEKDAY_PATTERN, "Friday"))
(True, True)
>>> QUALIFIER_CHANGE["well over"], QUALIFIER_CHANGE["around"]
('>', '~')
>>> sorted(QUOTE_MARKS_WITH_APOSTROPHES - QUOTE_MARKS) == sorted(SINGLE_QUOTE_MARKS)
True
"""
from __future__ import annotations

import calendar
import re
import tomllib
from collections.abc import Iterable
from importlib import resources
from typing import Any

__all__ = [
    "CALENDAR_WORDS",
    "DEMONYM_ENDINGS",
    "DIRECTIONS",
    "GENDERED_PRONOUNS",
    "MONTHS",
    "MONTH_PATTERN",
    "PERSONAL_PRONOUNS",
    "PRONOUNS",
    "QUALIFIER_CHANGE",
    "QUOTE_MARKS",
    "QUOTE_MARKS_WITH_APOSTROPHES",
    "QUOTE_PAIRS",
    "SINGLE_QUOTE_MARKS",
    "SITE_SEPARATORS",
    "WEEKDAYS",
    "WEEKDAY_PATTERN",
    "read_list",
    "read_table",
    "word_pattern",
]


def _file(name: str):
    return resources.files("claimledger") / "data" / "words" / name


def read_list(name: str) -> tuple[str, ...]:
    """The entries of a plain-text list in ``data/words/``, in file order: one a line,
    blank lines and ``#`` comments skipped.

    >>> read_list("demonym_endings.txt")
    ('ian', 'an', 'ese', 'ish', 'i')
    """
    lines = (line.strip() for line in _file(name).read_text(encoding="utf8").splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


def read_table(name: str) -> dict[str, Any]:
    """A TOML file in ``data/words/``, parsed.

    >>> read_table("pronouns.toml")["gendered"]
    ['he', 'she']
    """
    return tomllib.loads(_file(name).read_text(encoding="utf8"))


def word_pattern(entries: Iterable[str]) -> str:
    """A regex group for word-list entries: an entry ending in "*" is a word beginning
    ("kill*": kills, killed), any other a whole word or phrase; spaces match any white
    space. Longest first; compile with ``re.IGNORECASE`` for any case.

    >>> import re
    >>> [bool(re.fullmatch(word_pattern(["kill*", "held", "laid down*"]), w)) for w in ("killing", "held", "helds")]
    [True, True, False]
    """
    parts = []
    for entry in sorted(set(entries), key=lambda e: (-len(e), e)):
        stem = entry.removesuffix("*")
        body = r"\s+".join(re.escape(w) for w in stem.split())
        parts.append(rf"\b{body}\w*" if entry.endswith("*") else rf"\b{body}\b")
    return "(?:" + "|".join(parts) + ")"


def _alternation(words: list[str]) -> str:
    """A non-capturing regex group matching any of ``words``, longest first (so that
    "September" wins over "Sept" and "Sep")."""
    return "(?:" + "|".join(sorted(set(words), key=lambda w: (-len(w), w))) + ")"


# ---------------------------------------------------------------------------- calendar

#: English month names, January first (Python's ``calendar.month_name``).
MONTHS: tuple[str, ...] = tuple(calendar.month_name)[1:]
#: English weekday names, Monday first, so a name's index is ``date.weekday()``.
WEEKDAYS: tuple[str, ...] = tuple(calendar.day_name)
#: Month names, their first three letters ("Jan"; ``calendar.month_abbr``) and the
#: abbreviations ``month_abbreviations.txt`` adds ("Sept"), as a regex group; case as
#: written (compile with ``re.IGNORECASE`` for any case).
MONTH_PATTERN: str = _alternation([*MONTHS, *tuple(calendar.month_abbr)[1:], *read_list("month_abbreviations.txt")])
#: Weekday names as a regex group ("Monday" ... "Sunday").
WEEKDAY_PATTERN: str = _alternation(list(WEEKDAYS))
#: Month and weekday names, lower-cased: capitalised words that name a day, not a
#: place, person or counted thing.
CALENDAR_WORDS: frozenset[str] = frozenset(w.lower() for w in MONTHS + WEEKDAYS)


# ---------------------------------------------------------------------------- pronouns

_PRONOUNS = read_table("pronouns.toml")
#: Subject pronouns that may stand for an earlier speaker ("he said").
PERSONAL_PRONOUNS: frozenset[str] = frozenset(_PRONOUNS["personal"])
#: Personal pronouns that name a sex ("he", "she").
GENDERED_PRONOUNS: frozenset[str] = frozenset(_PRONOUNS["gendered"])
#: Every pronoun a speaker mention may be: mentions that name no one by themselves.
PRONOUNS: frozenset[str] = PERSONAL_PRONOUNS | frozenset(_PRONOUNS["other"])


# ---------------------------------------------------------------------------- quotation marks

_QUOTES = read_table("quote_marks.toml")
#: Double quotation marks as tokens: straight, curly, and the two-apostrophe and
#: two-backtick forms ('"', '“', '”', "''", "``").
QUOTE_MARKS: frozenset[str] = frozenset(_QUOTES["double"])
#: Single quotation marks, which are apostrophes too ("'", "‘", "’", "`").
SINGLE_QUOTE_MARKS: frozenset[str] = frozenset(_QUOTES["single"])
#: Double and single marks: what the cue model counts as quotation marks.
QUOTE_MARKS_WITH_APOSTROPHES: frozenset[str] = QUOTE_MARKS | SINGLE_QUOTE_MARKS
#: Opening quotation marks and the marks that may close them, in order of preference.
QUOTE_PAIRS: dict[str, tuple[str, ...]] = {opener: tuple(closers) for opener, closers in _QUOTES["pairs"].items()}


# ---------------------------------------------------------------------------- other lists

#: Compass words that name a part of a place, as written -> the adjective a label uses
#: ("north" -> "northern"; ``directions.toml``).
DIRECTIONS: dict[str, str] = dict(read_table("directions.toml")["directions"])

#: Endings of country adjectives ("Syrian", "Japanese", "British", "Iraqi").
DEMONYM_ENDINGS: tuple[str, ...] = read_list("demonym_endings.txt")

#: NewsQuant's change label of each qualifier, lower-cased as the quantity extractor
#: keeps it: "=", "~", ">", "<", "up", "down" (``qualifiers.toml``).
QUALIFIER_CHANGE: dict[str, str] = {
    word: label
    for key, label in (("exact", "="), ("approximate", "~"), ("lower_bound", ">"), ("upper_bound", "<"),
                       ("up", "up"), ("down", "down"))
    for word in read_table("qualifiers.toml")[key]
}


# ---------------------------------------------------------------------------- titles

#: What separates a page's title from its site's name: " | Site", " - Site", " « Site".
SITE_SEPARATORS: tuple[str, ...] = (" | ", " - ", " – ", " — ", " « ")
