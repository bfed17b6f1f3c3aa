"""Cross-article speaker identity: when two names in two articles are one speaker.

Extraction resolves speakers inside one article ("he", "the envoy", "Voss" become
"Mara Voss"); the ledger then resolves each extracted speaker against the speakers it
already knows, by these named rules, in order:

1. :func:`surname_of_known_person` – a surname alone ("Voss") is the known person whose
   full name ends with it: the only one, else the only one quoted by the same outlet,
   else the one quoted most recently;
2. :func:`same_key` – the name's *key* is the key of a known speaker's name or of one
   of its aliases (a name such as "Russian Ministry of Defence", or an alias from an
   aliases file; descriptions such as "the ministry" never count);
3. :func:`holder_of_known_role` – a role alone ("the UN envoy") is the only known person
   whose role holds its words, or the only one quoted by the same outlet;
4. :func:`short_name_of_known_organisation` – the end of an organisation's name
   ("Medical Council", "Ministry") is the only known organisation whose name ends
   with it.

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

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ClaimledgerError
from .nlp.lexicon import PERSON_ROLES

__all__ = [
    "AliasBook",
    "AliasEntry",
    "SpeakerIndex",
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
#: Endings of country adjectives the ``[countries]`` table does not list ("Orvanian").
DEMONYM_ENDINGS = ("ian", "an", "ese", "ish", "i")
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

    def extend(self, other: "AliasBook") -> "AliasBook":
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
    description), rather than describe them ("the ministry", "The envoy")? Only
    names are matched by key."""
    words = text.split()
    if words and words[0].casefold() in DESCRIPTION_OPENERS:
        words = words[1:]
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
    unknown = sorted(set(data) - {"words", "countries", "speaker", "pattern"})
    if unknown:
        raise _bad(path, f"unknown sections: {', '.join(unknown)} (expected words, countries, speaker, pattern)")
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

    def resolve(self, candidate: Candidate) -> tuple[int | None, str | None]:
        """The known speaker ``candidate`` is, and the rule that said so; (None, None)
        when none applies. Unnamed speakers ("officials") are never resolved here."""
        if candidate.type == "unnamed" or not candidate.canonical:
            return None, None
        for rule in RULES:
            found = rule(self, candidate)
            if found is not None:
                return found, rule.__name__
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
    """Rule 1: "Voss" is the known person whose full name ends with "Voss"."""
    words = candidate.canonical.split()
    if not words or not words[-1][:1].isupper() or any(w[:1].isupper() for w in words[:-1]):
        return None
    if candidate.type not in {"person", "organisation"}:
        return None
    ids = index.ending_with(" " + index.key(candidate.canonical), "person")
    return index.prefer(ids, candidate.outlet, recent=True)


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


#: The resolution rules, in the order they are tried.
RULES: tuple[Callable[[SpeakerIndex, Candidate], int | None], ...] = (
    surname_of_known_person,
    same_key,
    holder_of_known_role,
    short_name_of_known_organisation,
)
