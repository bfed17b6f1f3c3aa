"""Cross-article speaker identity: when two names in two articles are one speaker,
and what the ledger does about it (:class:`Linker`: new speakers, merges, renames,
aliases, an aliases file applied).

Extraction resolves speakers inside one article ("he", "the envoy", "Voss" become
"Mara Voss"); the ledger then resolves each extracted speaker against the speakers it
already knows, by these named rules, in order:

1. :func:`surname_of_known_person` – a surname alone ("Voss") is the known person whose
   full name ends with it: the only one, else the only one whose role its role names,
   else the only one quoted by the same outlet, else none;
2. :func:`same_key` – the name's *key* is the key of a known speaker's name or of one
   of its aliases (a name such as "Russian Ministry of Defence", or an alias from an
   aliases file; descriptions such as "the ministry" never count);
3. :func:`holder_of_known_role` – a role alone ("the UN envoy") is the only known person
   whose role holds its words, or the only one quoted by the same outlet;
4. :func:`short_name_of_known_organisation` – the end of an organisation's name
   ("Medical Council", "Ministry") is the only known organisation whose name ends
   with it.

Each rule is named by a :class:`Rule` (``Rule.SURNAME_OF_KNOWN_PERSON``), which
:meth:`SpeakerIndex.resolve` returns with the speaker found.

A name's key (:func:`name_key`) is built by named steps: :func:`fold` (case, "the",
possessive endings, dots and hyphens), :func:`replace_words` (the aliases file's
``[words]``: "defense" is "defence"), :func:`country_names` (``[countries]``: "Russian"
is "russia"), :func:`institution_order` ("Ministry of Defence" is "Defence Ministry"),
and finally the aliases file's explicit ``[[speaker]]`` entries and ``[[pattern]]``
synonyms ("the Russian military" is the Russian defence ministry).

The aliases file is TOML (the shipped default is ``claimledger/data/aliases.toml``; a
user's file has the same format and wins)::

    [words]                      # word forms inside names
    defense = "defence"

    [countries]                  # country adjectives
    russian = "russia"

    [[speaker]]                  # one speaker and the names it goes by
    canonical = "Russian Defence Ministry"
    aliases = ["Russian Ministry of Defence", "the Russian military"]
    affiliation = "Russian government"   # optional
    role = "..."                         # optional
    type = "organisation"                # optional: person, organisation, outlet

    [[pattern]]                  # institutional synonyms for any country
    canonical = "{country} Defence Ministry"
    aliases = ["{country} military"]
"""
from __future__ import annotations

import difflib
import enum
import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from ..errors import ClaimledgerError
from ..nlp.lexicon import PERSON_ROLES
from ..records import Claim, IdentityRows, Speaker
from ..words import DEMONYM_ENDINGS, PRONOUNS  # country-adjective endings; mentions never kept as aliases

__all__ = [
    "AliasBook",
    "AliasEntry",
    "Candidate",
    "Linker",
    "Rule",
    "SpeakerIndex",
    "SpeakerLedger",
    "default_book",
    "load_book",
    "name_key",
]

#: Speaker types an aliases file may give.
TYPES = ("person", "organisation", "outlet")
#: The placeholder of a ``[[pattern]]``; it must open the name.
COUNTRY = "{country}"
#: Heads of institutions named either way round: "Ministry of Defence", "Defence Ministry".
INSTITUTION_HEADS = frozenset({"ministry", "department"})
#: Words dropped from keys wherever they stand.
DROPPED_WORDS = frozenset({"the"})
#: Last words of a role alone ("the UN envoy"): who holds it is a person.
ROLE_HEADS = PERSON_ROLES | {"secretarygeneral"}

_POSSESSIVE = re.compile(r"(?<=\w)['\u2019]s?\b")
_JOINERS = re.compile(r"[.\u2019']")
_SEPARATORS = re.compile(r"[^\w\s]|_")


@dataclass(slots=True)
class AliasEntry:
    """One ``[[speaker]]`` (or ``[[pattern]]``) of an aliases file."""

    canonical: str
    aliases: list[str] = field(default_factory=list)
    affiliation: str | None = None
    role: str | None = None
    type: str | None = None
    line: int | None = None


@dataclass(slots=True)
class AliasBook:
    """What aliases files say: word forms, country adjectives, speakers, patterns.

    Later files win: :meth:`extend` puts their entries first.
    """

    words: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    speakers: list[AliasEntry] = field(default_factory=list)
    patterns: list[AliasEntry] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    _rewrites: dict[str, str] | None = None
    _pattern_keys: list[tuple[tuple[str, ...], tuple[str, ...]]] | None = None

    def extend(self, other: AliasBook) -> AliasBook:
        """A book with ``other``'s words, countries and entries over this one's."""
        return AliasBook(
            words={**self.words, **other.words},
            countries={**self.countries, **other.countries},
            speakers=other.speakers + self.speakers,
            patterns=other.patterns + self.patterns,
            sources=self.sources + other.sources,
        )

    @property
    def rewrites(self) -> dict[str, str]:
        """Key of every ``[[speaker]]`` name and alias -> key of its canonical name."""
        if self._rewrites is None:
            self._rewrites = {}
            for entry in reversed(self.speakers):  # the first entry (latest file) wins
                target = base_key(entry.canonical, self)
                for name in [entry.canonical, *entry.aliases]:
                    self._rewrites[base_key(name, self)] = target
        return self._rewrites

    @property
    def pattern_keys(self) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """(alias words after the country, canonical words after the country) of every pattern."""
        if self._pattern_keys is None:
            self._pattern_keys = []
            for entry in self.patterns:
                target = tuple(base_tokens(entry.canonical.replace(COUNTRY, ""), self))
                for name in [entry.canonical, *entry.aliases]:
                    self._pattern_keys.append((tuple(base_tokens(name.replace(COUNTRY, ""), self)), target))
        return self._pattern_keys

    def entry(self, key: str) -> AliasEntry | None:
        """The ``[[speaker]]`` entry whose canonical name has this key, if any."""
        return next((e for e in self.speakers if base_key(e.canonical, self) == key), None)


# ---------------------------------------------------------------------------- keys


def fold(name: str) -> list[str]:
    """Words of ``name``: case folded, possessive endings, dots and apostrophes dropped
    ("U.N." is "un"), hyphens and other marks made spaces, "the" dropped."""
    text = _POSSESSIVE.sub("", name.casefold())
    text = _SEPARATORS.sub(" ", _JOINERS.sub("", text))
    return [w for w in text.split() if w not in DROPPED_WORDS]


def replace_words(words: list[str], book: AliasBook) -> list[str]:
    """The book's ``[words]`` applied, longest phrase first ("united nations" is "un")."""
    if not book.words:
        return words
    longest = max(len(k) for k in book.words)
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            found = book.words.get(tuple(words[i : i + size]))
            if found is not None:
                out.extend(found)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


def country_names(words: list[str], book: AliasBook) -> list[str]:
    """Country adjectives as their country ("russian" is "russia")."""
    return [book.countries.get(w, w) for w in words]


def institution_order(words: list[str]) -> list[str]:
    """"ministry of defence" is "defence ministry", and "ministry of defence of russia"
    is "russia defence ministry" (only for :data:`INSTITUTION_HEADS`)."""
    for i, word in enumerate(words):
        if word in INSTITUTION_HEADS and words[i + 1 : i + 2] == ["of"]:
            rest = words[i + 2 :]
            if "of" in rest:
                at = rest.index("of")
                rest = rest[at + 1 :] + rest[:at]
            return words[:i] + rest + [word]
    return words


def base_tokens(name: str, book: AliasBook) -> list[str]:
    """The key's words before the book's speakers and patterns apply."""
    return institution_order(country_names(replace_words(fold(name), book), book))


def base_key(name: str, book: AliasBook) -> str:
    return " ".join(base_tokens(name, book))


def _is_country(words: tuple[str, ...], book: AliasBook) -> bool:
    """Words that can fill a pattern's ``{country}``: nothing, a known country, or one
    word shaped like a country adjective (:data:`DEMONYM_ENDINGS`)."""
    if not words:
        return True
    joined = " ".join(words)
    if joined in book.countries.values():
        return True
    return len(words) == 1 and len(joined) > 3 and joined.endswith(DEMONYM_ENDINGS) and joined.isalpha()


def apply_patterns(words: list[str], book: AliasBook) -> list[str]:
    """A ``[[pattern]]`` alias ("russia military") as its canonical ("russia defence ministry")."""
    for alias, target in book.pattern_keys:
        n = len(alias)
        if n and len(words) >= n and tuple(words[-n:]) == alias and _is_country(tuple(words[:-n]), book):
            return words[:-n] + list(target)
    return words


def name_key(name: str, book: AliasBook) -> str:
    """The key two names of one speaker share (see the module docstring)."""
    key = base_key(name, book)
    rewritten = book.rewrites.get(key)
    if rewritten is not None:
        return rewritten
    return " ".join(apply_patterns(key.split(), book))


#: Words that open a description, capitalised or not ("The ministry", "Its spokesman").
DESCRIPTION_OPENERS = frozenset("the a an this that these those its his her their our".split())


def is_name(text: str) -> bool:
    """Does ``text`` name someone (a capitalised word that does not merely open a
    description), rather than describe them ("the ministry", "The envoy", a headline's
    "Envoy": a person's role words alone, :data:`PERSON_ROLES`)? Only names are
    matched by key."""
    words = text.split()
    if words and words[0].casefold() in DESCRIPTION_OPENERS:
        words = words[1:]
    if words and all(w.casefold().strip(".,'’") in PERSON_ROLES for w in words):
        return False
    return any(w[:1].isupper() for w in words)


# ---------------------------------------------------------------------------- files


def _line_of(text: str, needle: str) -> int | None:
    """The first line of ``text`` holding ``needle`` (1-based), if any."""
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def _bad(path: str, reason: str, line: int | None = None) -> ClaimledgerError:
    if line is None:
        return ClaimledgerError("E020", path=path, reason=reason)
    return ClaimledgerError("E019", path=path, line=line, reason=reason)


def _entry(item: Any, kind: str, n: int, path: str, text: str) -> AliasEntry:
    """One ``[[speaker]]`` or ``[[pattern]]`` table, checked."""
    where = f"[[{kind}]] number {n}"
    if not isinstance(item, dict):
        raise _bad(path, f"{where} is not a table")
    canonical = item.get("canonical")
    line = _line_of(text, f'"{canonical}"') if isinstance(canonical, str) else None
    if not isinstance(canonical, str) or not canonical.strip():
        raise _bad(path, f"{where} has no 'canonical' name", line)
    unknown = sorted(set(item) - {"canonical", "aliases", "affiliation", "role", "type"})
    if unknown:
        raise _bad(path, f"{where} ({canonical}) has unknown keys: {', '.join(unknown)}", line)
    aliases = item.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise _bad(path, f"'aliases' of {canonical!r} must be a list of names", line)
    for name in ("affiliation", "role", "type"):
        if name in item and not isinstance(item[name], str):
            raise _bad(path, f"'{name}' of {canonical!r} must be a string", line)
    kind_of = item.get("type")
    if kind_of is not None and kind_of not in TYPES:
        raise _bad(path, f"type {kind_of!r} of {canonical!r} is not one of: {', '.join(TYPES)}", line)
    if kind == "pattern" and not all(n.startswith(COUNTRY) for n in [canonical, *aliases]):
        raise _bad(path, f"every name of pattern {canonical!r} must start with {COUNTRY}", line)
    return AliasEntry(canonical.strip(), [a.strip() for a in aliases], item.get("affiliation"),
                      item.get("role"), kind_of, line)


def _table(data: dict[str, Any], name: str, path: str) -> dict[str, str]:
    table = data.get(name, {})
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise _bad(path, f"[{name}] must map words to words")
    return table


def parse_book(text: str, path: str) -> AliasBook:
    """The :class:`AliasBook` of an aliases file's text.

    Raises:
        ClaimledgerError: E019 (with the line) or E020 when the file is not valid.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise _bad(path, f"not valid TOML: {e}", _decode_line(str(e), text)) from e
    # [[actor]] tables name the user's own actor groups for labels (claimledger.labels)
    unknown = sorted(set(data) - {"words", "countries", "speaker", "pattern", "actor"})
    if unknown:
        raise _bad(path, f"unknown sections: {', '.join(unknown)} (expected words, countries, speaker, pattern, actor)")
    book = AliasBook(sources=[path])
    for left, right in _table(data, "words", path).items():
        book.words[tuple(fold(left))] = tuple(fold(right))
    for left, right in _table(data, "countries", path).items():
        book.countries[left.casefold()] = " ".join(fold(right))
    for kind, target in (("speaker", book.speakers), ("pattern", book.patterns)):
        items = data.get(kind, [])
        if not isinstance(items, list):
            raise _bad(path, f"'{kind}' must be an array of tables ([[{kind}]])")
        target.extend(_entry(item, kind, n, path, text) for n, item in enumerate(items, 1))
    return book


def _decode_line(message: str, text: str) -> int | None:
    """The line a TOML error is at: as the message says, or the last line for an
    error "at end of document"."""
    found = re.search(r"line (\d+)", message)
    if found:
        return int(found.group(1))
    return len(text.rstrip().splitlines()) or 1 if "end of document" in message else None


def load_book(path: str | Path | None = None, *, base: AliasBook | None = None) -> AliasBook:
    """The default book, extended by the aliases file at ``path`` when given.

    Raises:
        ClaimledgerError: E020 when the file is missing or unreadable, E019/E020 when
            it is not a valid aliases file.
    """
    book = base if base is not None else default_book()
    if path is None:
        return book
    try:
        text = Path(path).read_text(encoding="utf8")
    except (OSError, UnicodeDecodeError) as e:
        raise _bad(str(path), f"cannot read it: {e.strerror if isinstance(e, OSError) else e}") from e
    return book.extend(parse_book(text, str(path)))


_DEFAULT: AliasBook | None = None


def default_book() -> AliasBook:
    """The shipped ``claimledger/data/aliases.toml``, read once."""
    global _DEFAULT
    if _DEFAULT is None:
        text = resources.files("claimledger").joinpath("data/aliases.toml").read_text(encoding="utf8")
        _DEFAULT = parse_book(text, "claimledger/data/aliases.toml")
    return _DEFAULT


# ---------------------------------------------------------------------------- resolution


@dataclass(slots=True)
class Known:
    """What the index knows of one stored speaker."""

    canonical: str
    type: str
    key: str
    roles: set[tuple[str, ...]] = field(default_factory=set)
    outlets: set[str] = field(default_factory=set)
    last: int = 0


@dataclass(slots=True)
class Candidate:
    """A speaker to resolve: its name, type, role and the outlet quoting it."""

    canonical: str
    type: str
    role: str | None = None
    outlet: str | None = None
    mention: str | None = None


class SpeakerIndex:
    """The ledger's speakers by key, surname and role, for :meth:`resolve`."""

    def __init__(self, book: AliasBook) -> None:
        self.book = book
        self.known: dict[int, Known] = {}
        self.by_key: dict[str, set[int]] = {}
        self.by_last_word: dict[str, set[int]] = {}
        self.keys_of: dict[int, set[str]] = {}
        self._keys: dict[str, str] = {}

    def key(self, name: str) -> str:
        """:func:`name_key` of ``name``, remembered."""
        found = self._keys.get(name)
        if found is None:
            found = self._keys[name] = name_key(name, self.book)
        return found

    def add_speaker(self, speaker_id: int, canonical: str, type_: str) -> None:
        self.restore(speaker_id, Known(canonical, type_, self.key(canonical)))

    def restore(self, speaker_id: int, known: Known) -> None:
        """Index ``known`` under ``speaker_id`` (again, after :meth:`remove`)."""
        self.known[speaker_id] = known
        self.by_last_word.setdefault(known.key.rsplit(" ", 1)[-1], set()).add(speaker_id)
        if known.type != "unnamed":
            self._index_key(speaker_id, known.key)

    def _index_key(self, speaker_id: int, key: str) -> None:
        self.by_key.setdefault(key, set()).add(speaker_id)
        self.keys_of.setdefault(speaker_id, set()).add(key)

    def add_alias(self, speaker_id: int, alias: str, *, from_file: bool = False) -> None:
        """Index ``alias`` when it is a name (or comes from an aliases file)."""
        known = self.known.get(speaker_id)
        if known is None or known.type == "unnamed" or not (from_file or is_name(alias)):
            return
        self._index_key(speaker_id, self.key(alias))

    def add_role(self, speaker_id: int, role: str | None) -> None:
        if role and speaker_id in self.known:
            self.known[speaker_id].roles.add(tuple(base_tokens(role, self.book)))

    def seen(self, speaker_id: int, outlet: str | None, order: int) -> None:
        """``speaker_id`` was quoted by ``outlet``; ``order`` grows with time."""
        known = self.known.get(speaker_id)
        if known is not None:
            if outlet:
                known.outlets.add(outlet)
            known.last = max(known.last, order)

    def remove(self, speaker_id: int) -> None:
        known = self.known.pop(speaker_id, None)
        for key in self.keys_of.pop(speaker_id, ()):
            self.by_key.get(key, set()).discard(speaker_id)
        if known is not None:
            self.by_last_word.get(known.key.rsplit(" ", 1)[-1], set()).discard(speaker_id)

    def ending_with(self, tail: str, type_: str) -> list[int]:
        """Known speakers of ``type_`` whose key ends with ``tail`` (looked up by the last word)."""
        ids = self.by_last_word.get(tail.rsplit(" ", 1)[-1], ())
        return sorted(i for i in ids if self.known[i].type == type_ and self.known[i].key.endswith(tail))

    def resolve(self, candidate: Candidate) -> tuple[int | None, Rule | None]:
        """The known speaker ``candidate`` is, and the :class:`Rule` that said so;
        (None, None) when none applies. Unnamed speakers ("officials") are never
        resolved here."""
        if candidate.type == "unnamed" or not candidate.canonical:
            return None, None
        for rule in Rule:
            found = rule.apply(self, candidate)
            if found is not None and not different_people(self.known[found], candidate):
                return found, rule
        return None, None

    def prefer(self, ids: Iterable[int], outlet: str | None, *, recent: bool) -> int | None:
        """The only one of ``ids``; else the only one ``outlet`` quoted; else (with
        ``recent``) the one quoted last."""
        ids = sorted(ids)
        if len(ids) == 1:
            return ids[0]
        same = [i for i in ids if outlet and outlet in self.known[i].outlets]
        if len(same) == 1:
            return same[0]
        if recent and ids:
            pool = same or ids
            return max(pool, key=lambda i: (self.known[i].last, i))
        return None


def _given_names(name: str) -> list[str]:
    """The words of a person's name before the surname, folded ("Gary" of "Gary Johnson")."""
    return fold(name)[:-1]


#: Given names at least this alike (difflib's ratio) are spellings of one name
#: ("Sergei" and "Sergey", "Mohammed" and "Mohammad").
SAME_GIVEN_NAME = 0.6


def same_given_name(a: str, b: str) -> bool:
    """Folded given names that may be one: equal, an initial of the other ("g" and
    "gary"), or a variant spelling (same first letter, alike by :data:`SAME_GIVEN_NAME`)."""
    if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return True
    return a[:1] == b[:1] and difflib.SequenceMatcher(None, a, b).ratio() >= SAME_GIVEN_NAME


def _written_as_name(text: str) -> bool:
    """Every word capitalised, as a person's name is ("Gary Johnson"; not "Front spokesman")."""
    return all(w[:1].isupper() for w in text.split() if w.isalpha())


def different_people(known: Known, candidate: Candidate) -> bool:
    """Evidence that a rule's match is another person: both are persons named with a
    given name, and the given names disagree ("Gary Johnson" is not "Boris Johnson",
    though both end with "Johnson"), or, both having a middle name or initial, those
    disagree (the son "George W. Bush" is not the father "George H. W. Bush"). A bare
    surname ("Johnson") is no such evidence."""
    if known.type != "person" or candidate.type != "person" or not _written_as_name(candidate.canonical):
        return False
    mine, theirs = _given_names(candidate.canonical), _given_names(known.canonical)
    if not (mine and theirs):
        return False
    if not same_given_name(mine[0], theirs[0]):
        return True
    middle, other = mine[1:], theirs[1:]
    return bool(middle and other) and not same_given_name(middle[0], other[0])


def same_key(index: SpeakerIndex, candidate: Candidate) -> int | None:
    """Rule 2: a known speaker (or alias) with the same key as the candidate's name,
    else as its mention when that is a name ("Moscow's defence ministry" for the
    name "defence ministry"); of the candidate's type first when several share it."""
    ids = index.by_key.get(index.key(candidate.canonical), set())
    if not ids and candidate.mention and is_name(candidate.mention):
        ids = index.by_key.get(index.key(candidate.mention), set())
    if len(ids) > 1:
        typed = {i for i in ids if index.known[i].type == candidate.type}
        ids = typed or ids
    return index.prefer(ids, candidate.outlet, recent=False) if ids else None


def surname_of_known_person(index: SpeakerIndex, candidate: Candidate) -> int | None:
    """Rule 1: "Voss" is the known person whose full name ends with "Voss". When several
    do ("Boris Johnson", "Gary Johnson"), only evidence picks one: the only one whose
    roles hold the candidate's role ("Johnson, the Libertarian candidate"), else the
    only one the same outlet quoted; without it, none (the surname stays its own)."""
    words = candidate.canonical.split()
    if not words or not words[-1][:1].isupper() or any(w[:1].isupper() for w in words[:-1]):
        return None
    if candidate.type not in {"person", "organisation"}:
        return None
    ids = index.ending_with(" " + index.key(candidate.canonical), "person")
    if len(ids) > 1 and candidate.role:
        role = tuple(w for w in base_tokens(candidate.role, index.book) if w not in ROLE_FILLERS)
        fitting = [i for i in ids if role and any(_holds(r, role) for r in index.known[i].roles)]
        if len(fitting) == 1:
            return fitting[0]
    return index.prefer(ids, candidate.outlet, recent=False)


#: Words of a role that say nothing of who holds it.
ROLE_FILLERS = frozenset("a an of for to in at and his her its their".split())


def holder_of_known_role(index: SpeakerIndex, candidate: Candidate) -> int | None:
    """Rule 3: "UN envoy" is the known person whose role holds "UN" and "envoy"."""
    words = tuple(base_tokens(candidate.canonical, index.book))
    if not words or words[-1] not in ROLE_HEADS:
        return None
    ids = [i for i, k in index.known.items() if k.type == "person" and any(_holds(r, words) for r in k.roles)]
    return index.prefer(ids, candidate.outlet, recent=False)


def short_name_of_known_organisation(index: SpeakerIndex, candidate: Candidate) -> int | None:
    """Rule 4: "Medical Council" is the only known organisation whose key ends with
    "medical council" (with more words before it)."""
    if candidate.type != "organisation" or not is_name(candidate.canonical):
        return None
    ids = index.ending_with(" " + index.key(candidate.canonical), "organisation")
    return ids[0] if len(ids) == 1 else None


def _holds(role: tuple[str, ...], words: tuple[str, ...]) -> bool:
    """Are all ``words`` in ``role`` ("front spokesman" in "spokesman for sull valley front")?"""
    return set(words) <= set(role)


class Rule(enum.StrEnum):
    """The resolution rules, in the order they are tried; the value is the rule's
    function name (``Rule.SAME_KEY == "same_key"``)."""

    SURNAME_OF_KNOWN_PERSON = "surname_of_known_person"
    SAME_KEY = "same_key"
    HOLDER_OF_KNOWN_ROLE = "holder_of_known_role"
    SHORT_NAME_OF_KNOWN_ORGANISATION = "short_name_of_known_organisation"

    def apply(self, index: SpeakerIndex, candidate: Candidate) -> int | None:
        """The known speaker this rule finds for ``candidate``, or None."""
        return _RULE_FUNCTIONS[self](index, candidate)


_RULE_FUNCTIONS: dict[Rule, Callable[[SpeakerIndex, Candidate], int | None]] = {
    Rule.SURNAME_OF_KNOWN_PERSON: surname_of_known_person,
    Rule.SAME_KEY: same_key,
    Rule.HOLDER_OF_KNOWN_ROLE: holder_of_known_role,
    Rule.SHORT_NAME_OF_KNOWN_ORGANISATION: short_name_of_known_organisation,
}

#: The resolution rules' functions, in the order they are tried.
RULES: tuple[Callable[[SpeakerIndex, Candidate], int | None], ...] = tuple(_RULE_FUNCTIONS[r] for r in Rule)


# ---------------------------------------------------------------------------- the ledger's speakers


class SpeakerLedger(Protocol):
    """The writes and reads the identity policy asks of a ledger (the store implements them)."""

    def identity_rows(self) -> IdentityRows: ...
    def speaker_row(self, canonical: str | None, kind: str | None) -> int: ...
    def find_speaker(self, canonical: str, kind: str, *, exclude: int) -> int | None: ...
    def rename_speaker(self, speaker_id: int, canonical: str, kind: str) -> None: ...
    def merge_speakers(self, target: int, other: int) -> int: ...
    def claim_counts(self, speaker_ids: Sequence[int]) -> dict[int, int]: ...
    def add_alias(self, speaker_id: int, alias: str, source: str) -> None: ...
    def aliases_of(self, speaker_id: int) -> list[tuple[str, str | None]]: ...
    def add_role(self, speaker_id: int, role: str, *, main: bool = False) -> None: ...
    def add_affiliation(
        self, speaker_id: int, affiliation: str, linked: int | None, *, main: bool = False
    ) -> None: ...
    def unlinked_affiliations(self) -> list[tuple[int, int, str]]: ...
    def link_affiliation(self, row: int, speaker_id: int, affiliation: str, linked: int) -> None: ...
    def transaction(self) -> AbstractContextManager[Any]: ...
    def data_version(self) -> int: ...


class Linker:
    """The ledger's speaker identity policy: which stored speaker each new speaker is,
    and the merges, renames and aliases that follow.

    It reads the ledger once into a :class:`SpeakerIndex` and keeps the index in step
    with what it asks ``ledger`` to write.

    Example::

        linker = Linker(store, default_book())
        ids = linker.claim_speakers(claim, "Harbour Gazette")   # stored speaker ids, by position
    """

    def __init__(self, ledger: SpeakerLedger, book: AliasBook | None = None) -> None:
        self.ledger = ledger
        self.book = book if book is not None else default_book()
        self._index: SpeakerIndex | None = None
        self._version: int | None = None

    def refresh(self) -> None:
        """Read the ledger's speakers again on next use if another process wrote to
        the ledger since they were read (call it inside the transaction that writes)."""
        version = self.ledger.data_version()
        if version != self._version:
            self._index, self._version = None, version

    def forget(self) -> None:
        """Read the ledger's speakers again on next use (after a transaction was undone)."""
        self._index = None

    @property
    def index(self) -> SpeakerIndex:
        """The stored speakers by key, surname and role (read on first use)."""
        if self._index is None:
            rows = self.ledger.identity_rows()
            index = SpeakerIndex(self.book)
            for speaker_id, canonical, kind, role in rows.speakers:
                index.add_speaker(speaker_id, canonical, kind)
                index.add_role(speaker_id, role)
            for speaker_id, alias, source in rows.aliases:
                index.add_alias(speaker_id, alias, from_file=source == "file")
            for speaker_id, role in rows.roles:
                index.add_role(speaker_id, role)
            for speaker_id, outlet, last in rows.seen:
                index.seen(speaker_id, outlet, last)
            self._index = index
        return self._index

    # -- new speakers

    def claim_speakers(self, claim: Claim, outlet: str | None) -> list[int]:
        """The stored speaker of each position of ``claim`` (its speaker, then
        ``claim.speakers[1:]``), resolved or new, with aliases, roles and affiliations
        recorded."""
        ids = [self.speaker_id(claim.speaker, outlet)]
        ids.extend(self.speaker_id(extra, outlet) for extra in claim.speakers[1:])
        return ids

    def seen(self, speaker_ids: Iterable[int], outlet: str | None, claim_id: int) -> None:
        """The speakers were quoted by ``outlet`` in the claim stored as ``claim_id``."""
        for speaker_id in speaker_ids:
            self.index.seen(speaker_id, outlet, claim_id)

    def speaker_id(self, speaker: Speaker, outlet: str | None = None) -> int:
        """The id of ``speaker``: a known speaker it resolves to, else a new one.
        Records its alias, role and affiliation."""
        if speaker.type == "unnamed":
            speaker_id = self.ledger.speaker_row(speaker.canonical, speaker.type)
        else:
            candidate = Candidate(speaker.canonical, speaker.type, speaker.role, outlet, speaker.text)
            found, _rule = self.index.resolve(candidate)
            speaker_id = found if found is not None else self._new_speaker(speaker)
        self._add_alias(speaker_id, speaker.canonical, "mention")
        self._add_alias(speaker_id, speaker.text, "mention")
        self._add_role(speaker_id, speaker.role)
        self._add_affiliation(speaker_id, speaker.affiliation)
        return speaker_id

    def _new_speaker(self, speaker: Speaker) -> int:
        """Store a speaker the ledger did not know, named as the alias book's entry
        names it; known bare surnames of it are merged into it."""
        entry = self.book.entry(self.index.key(speaker.canonical))
        if entry is None and speaker.text and is_name(speaker.text):
            entry = self.book.entry(self.index.key(speaker.text))
        canonical = entry.canonical if entry else speaker.canonical
        kind = (entry.type if entry and entry.type else None) or speaker.type
        speaker_id = self.ledger.speaker_row(canonical, kind)
        if speaker_id not in self.index.known:
            self.index.add_speaker(speaker_id, canonical, kind)
        if entry is not None:
            self._add_role(speaker_id, entry.role)
            self._add_affiliation(speaker_id, entry.affiliation)
        if kind == "person" and len(canonical.split()) > 1:
            self._absorb_surnames(speaker_id)
        if kind != "person":
            self._relink_affiliations(speaker_id)
        return speaker_id

    def add_file_speakers(self, entries: Iterable[AliasEntry]) -> None:
        """Store the speakers of aliases-file entries with their aliases, as
        :meth:`apply_aliases` leaves them (for a ledger whose speakers are resolved again)."""
        for entry in entries:
            kind = entry.type or "organisation"
            speaker_id = self.ledger.speaker_row(entry.canonical, kind)
            if speaker_id not in self.index.known:
                self.index.add_speaker(speaker_id, entry.canonical, kind)
            for alias in entry.aliases:
                self._add_alias(speaker_id, alias, "file")
            self._add_role(speaker_id, entry.role)
            self._add_affiliation(speaker_id, entry.affiliation)

    def relink_affiliations(self) -> None:
        """Link every stored affiliation to the speaker it names, where now known."""
        self._relink_affiliations()

    def _absorb_surnames(self, person_id: int) -> None:
        """Merge stored bare surnames ("Voss") that now resolve to ``person_id``."""
        tail = self.index.key(self.index.known[person_id].canonical).split()[-1]
        for other in sorted(self.index.by_last_word.get(tail, ())):
            known = self.index.known.get(other)
            if other == person_id or known is None or known.key != tail or known.type not in {"person", "organisation"}:
                continue
            found, rule = self.index.resolve(Candidate(known.canonical, known.type))
            if found == person_id and rule is Rule.SURNAME_OF_KNOWN_PERSON:
                self.merge(person_id, [other])

    def _add_alias(self, speaker_id: int, alias: str | None, source: str) -> None:
        """Record ``alias`` of a speaker (never a pronoun, nor its own canonical name)."""
        alias = " ".join((alias or "").split())
        canonical = self.index.known[speaker_id].canonical if speaker_id in self.index.known else None
        if not alias or alias == canonical or alias.lower() in PRONOUNS:
            return
        self.ledger.add_alias(speaker_id, alias, source)
        self.index.add_alias(speaker_id, alias, from_file=source == "file")

    def _add_role(self, speaker_id: int, role: str | None, *, main: bool = False) -> None:
        """Record a role; the first becomes the speaker's ``role`` (``main``: this one does)."""
        if not role:
            return
        self.ledger.add_role(speaker_id, role, main=main)
        self.index.add_role(speaker_id, role)

    def _add_affiliation(self, speaker_id: int, affiliation: str | None, *, main: bool = False) -> None:
        """Record an affiliation with the speaker it names when known; the first
        becomes the speaker's ``affiliation`` (``main``: this one does)."""
        if not affiliation:
            return
        self.ledger.add_affiliation(speaker_id, affiliation, self._affiliation_id(speaker_id, affiliation), main=main)

    def _affiliation_id(self, speaker_id: int, affiliation: str) -> int | None:
        """The known speaker an affiliation names (never the speaker itself)."""
        found, _rule = self.index.resolve(Candidate(affiliation, "organisation"))
        return found if found != speaker_id else None

    def _relink_affiliations(self, new_id: int | None = None) -> None:
        """Link stored affiliations to the speakers they name, where now known; with
        ``new_id``, only those that may name that new speaker (same last key word)."""
        rows = self.ledger.unlinked_affiliations()
        if new_id is not None and new_id in self.index.known:
            last = self.index.known[new_id].key.rsplit(" ", 1)[-1]
            rows = [r for r in rows if self.index.key(r[2]).rsplit(" ", 1)[-1] == last]
        for row, speaker_id, affiliation in rows:
            linked = self._affiliation_id(speaker_id, affiliation)
            if linked is not None:
                self.ledger.link_affiliation(row, speaker_id, affiliation, linked)

    # -- merges and renames

    def merge(self, target: int, others: Iterable[int]) -> int:
        """Merge the speakers ``others`` into ``target``: their claims, aliases (their
        names too), roles and affiliations move to it, and they are deleted.

        Returns:
            How many claim speaker links were re-pointed.
        """
        moved = 0
        for other in others:
            if other == target or other not in self.index.known:
                continue
            name = self.index.known[other].canonical
            moved += self.ledger.merge_speakers(target, other)
            known = self.index.known[other]
            self.index.remove(other)
            self._index_merged(target, known.roles)
            self._add_alias(target, name, "merged")
        return moved

    def _index_merged(self, target: int, roles: set[tuple[str, ...]]) -> None:
        """Give ``target`` in the index the roles and aliases of a speaker merged into it."""
        if target in self.index.known:
            self.index.known[target].roles |= roles
        for alias, source in self.ledger.aliases_of(target):
            self.index.add_alias(target, alias, from_file=source == "file")

    def _main_speaker(self, ids: set[int], canonical: str | None = None) -> int:
        """Of speakers to merge: the one named ``canonical``, else a person, else the
        one with the most claims."""
        named = [i for i in ids if self.index.known[i].canonical == canonical]
        if named:
            return min(named)
        counts = self.ledger.claim_counts(sorted(ids))
        return max(ids, key=lambda i: (self.index.known[i].type == "person", counts.get(i, 0), -i))

    def _rename(self, speaker_id: int, canonical: str, kind: str | None) -> None:
        """Give a speaker the canonical name (and type) an aliases file says."""
        known = self.index.known[speaker_id]
        kind = kind or known.type
        if (known.canonical, known.type) == (canonical, kind):
            return
        clash = self.ledger.find_speaker(canonical, kind, exclude=speaker_id)
        if clash is not None:
            self.merge(speaker_id, [clash])
        old = known.canonical
        self.ledger.rename_speaker(speaker_id, canonical, kind)
        self.index.remove(speaker_id)
        self.index.add_speaker(speaker_id, canonical, kind)
        self.index.known[speaker_id].roles |= known.roles
        self.index.known[speaker_id].outlets |= known.outlets
        self.index.known[speaker_id].last = known.last
        self._index_merged(speaker_id, set())
        self._add_alias(speaker_id, old, "merged")

    def consolidate(self) -> int:
        """Merge stored speakers that are one by the identity rules: same key, a bare
        surname of a known full name, a role held by one known person.

        Returns:
            How many claim speaker links were re-pointed.
        """
        moved = 0
        for key, ids in list(self.index.by_key.items()):
            ids = {i for i in ids if i in self.index.known and self.index.known[i].key == key}
            if len(ids) > 1:
                main = self._main_speaker(ids)
                moved += self.merge(main, ids - {main})
        for speaker_id, known in sorted(self.index.known.items()):
            if speaker_id not in self.index.known:
                continue
            self.index.remove(speaker_id)
            found, _rule = self.index.resolve(Candidate(known.canonical, known.type))
            self.index.restore(speaker_id, known)
            self._index_merged(speaker_id, set())
            if found is not None and found != speaker_id and known.type != "unnamed":
                moved += self.merge(found, [speaker_id])
        self._relink_affiliations()
        return moved

    def apply_aliases(self, book: AliasBook) -> dict[str, int]:
        """Apply an aliases file's ``book`` (already extended over the default) to the
        stored speakers, and resolve new speakers with it from now on.

        Each ``[[speaker]]`` entry gathers the stored speakers its names resolve to
        into one (created when none is stored), named, typed and affiliated as the
        entry says, with the entry's aliases; claims are re-pointed. Then stored
        speakers that now share a key, bare surnames of a known full name, and roles
        held by one known person are merged (:meth:`consolidate`).

        Returns:
            Counts: ``entries``, ``created``, ``merged`` (speakers merged away) and
            ``claims`` (claim speaker links re-pointed).
        """
        with self.ledger.transaction():
            return self._apply(book)

    def _apply(self, book: AliasBook) -> dict[str, int]:
        self.book = book
        self._index = None
        counts = {"entries": 0, "created": 0, "merged": 0, "claims": 0}
        before = len(self.index.known)
        for entry in book.speakers:
            counts["entries"] += 1
            key = self.index.key(entry.canonical)
            ids = set(self.index.by_key.get(key, set()))
            if not ids:
                kind = entry.type or "organisation"
                target = self.ledger.speaker_row(entry.canonical, kind)
                self.index.add_speaker(target, entry.canonical, kind)
                counts["created"] += 1
            else:
                target = self._main_speaker(ids, entry.canonical)
                counts["claims"] += self.merge(target, ids - {target})
            self._rename(target, entry.canonical, entry.type)
            for alias in entry.aliases:
                self._add_alias(target, alias, "file")
            if entry.role:
                self._add_role(target, entry.role, main=True)
            if entry.affiliation:
                self._add_affiliation(target, entry.affiliation, main=True)
        counts["claims"] += self.consolidate()
        counts["merged"] = before + counts["created"] - len(self.index.known)
        return counts
