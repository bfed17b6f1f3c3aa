"""Labels: which words each outlet and each speaker uses for the actors of a story.

An analyst reading partisan coverage wants to see that one outlet writes "rebels" where
another writes "terrorists" or "so-called 'moderate opposition' militants". This module
finds those labels in an article's title and body with the actor lexicon
(``claimledger/data/words/actors.toml``: non-state armed groups, state forces,
government, civilians, protesters; general news nouns, each marked loaded or not) and
the user's own ``[[actor]]`` tables in the aliases file::

    [[actor]]
    name = "Harbour Militia"               # the actor's group in the output
    terms = ["the Harbour Militia", "harbour fighters"]
    loaded = ["harbour fighters"]         # optional: those of the terms that judge

The rules, in order:

1. every lexicon term is found on word boundaries, case-insensitively (a possessive
   ending is left out); terms standing next to each other are one label, its words as
   written ("Jihadi fighters"); its actor is the first word's group ("rebel forces" are
   rebels);
2. a label that ends in a modifier ("terrorist", "rebel") with another noun after it
   describes that noun ("terrorist attack", "rebel commander") and is no label; a
   lower-case word after it is taken for a noun unless it is a function word or a verb
   (ending in "-ed", or a common irregular form: "the regime sent");
3. "so-called", "self-styled" or "self-proclaimed", and a quoted phrase of at most
   four words without a digit, right before a label join it ("so-called 'moderate opposition'
   militants") and make it loaded; a label in quotation marks is loaded too;
4. a label inside a direct quotation is its speaker's; any other is the outlet's.

>>> [(x.text, x.actor, x.loaded) for x in find_labels("Rebels and so-called 'moderate' terrorists fled the army.")]
[('Rebels', 'non-state armed groups', False), ("so-called 'moderate' terrorists", 'non-state armed groups', True), ('army', 'state forces', False)]
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ClaimledgerError
from .records import Article, Claim
from .words import read_table

#: Heads that say little of whom they name: a label ending in one takes its actor from
#: its first word ("rebel forces" are rebels; "opposition activists" are activists).
GENERIC_HEADS = frozenset({"forces", "force", "fighters", "fighter", "troops", "men", "combatants", "groups", "group"})
#: Voice of a label not in any quotation: the outlet's own.
OUTLET_VOICE = "outlet"

_QUOTE_OPEN = "\"'\u201c\u2018"
_QUOTE_CLOSE = "\"'\u201d\u2019"
_DISTANCING = r"(?:so-called|so called|self-styled|self-proclaimed)"
#: Words after a modifier that do not make it describe a noun ("rebels and", "army of").
_FUNCTION = frozenset(
    """a an the and or but of in on at to for from by with as is are was were be been has have had
    who whom which that this these those there here it its their his her they them we us our he she
    not no nor so than then too very also still now just only yet if when while where after before""".split()
)
#: Common verbs that do not end in "-ed": after a modifier they show that it names an
#: actor ("the regime sent", "police fought").
_VERBS = frozenset(
    """said says say sent sends took takes made makes held holds fled flees fought fights won wins lost loses left
    leaves came comes went goes began begins kept keeps told tells will would can could may might must should
    shot shoots struck strikes hit hits seized seizes stormed ran runs set sets put puts gave gives met meets
    did does do shall""".split()
)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Actor terms (lower-case) with their group, the loaded ones, the modifier forms."""

    groups: dict[str, str]
    loaded: frozenset[str]
    modifiers: frozenset[str]
    pattern: re.Pattern[str] = field(compare=False)

    @classmethod
    def build(cls, groups: dict[str, str], loaded: Iterable[str], modifiers: Iterable[str]) -> Lexicon:
        terms = sorted(groups, key=lambda t: (-len(t), t))
        alternation = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in terms)
        pattern = re.compile(r"(?<![\w-])(?:" + alternation + r")(?![\w-])", re.IGNORECASE)
        return cls(dict(groups), frozenset(loaded), frozenset(modifiers), pattern)


def _default_parts() -> tuple[dict[str, str], set[str], set[str]]:
    data = read_table("actors.toml")
    groups: dict[str, str] = {}
    loaded: set[str] = set()
    for name, table in data["groups"].items():
        for term in table["terms"]:
            groups.setdefault(term.lower(), name)
        loaded.update(t.lower() for t in table.get("loaded", []))
    return groups, loaded, {t.lower() for t in data["modifiers"]["terms"]}


def default_lexicon() -> Lexicon:
    """The shipped actor lexicon."""
    groups, loaded, modifiers = _default_parts()
    return Lexicon.build(groups, loaded, modifiers)


def user_actors(path: str | Path) -> list[dict[str, Any]]:
    """The ``[[actor]]`` tables of an aliases file, checked.

    Raises:
        ClaimledgerError: E020 when the file cannot be read or a table is bad.
    """
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ClaimledgerError("E020", path=str(path), reason=f"cannot read it: {e}") from e
    items = data.get("actor", [])
    if not isinstance(items, list):
        raise ClaimledgerError("E020", path=str(path), reason="'actor' must be an array of tables ([[actor]])")
    for n, item in enumerate(items, 1):
        ok = isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"].strip()
        terms = item.get("terms") if isinstance(item, dict) else None
        if not ok or not isinstance(terms, list) or not all(isinstance(t, str) and t.strip() for t in terms):
            raise ClaimledgerError("E020", path=str(path), reason=f"[[actor]] number {n} needs a 'name' and a list of 'terms'")
        if not set(item) <= {"name", "terms", "loaded"}:
            raise ClaimledgerError("E020", path=str(path), reason=f"[[actor]] number {n} has unknown keys")
    return items


def lexicon_for(aliases_file: str | Path | None = None) -> Lexicon:
    """The shipped lexicon, with the ``[[actor]]`` tables of ``aliases_file`` added (they win)."""
    groups, loaded, modifiers = _default_parts()
    if aliases_file is not None:
        for item in user_actors(aliases_file):
            for term in item["terms"]:
                groups[term.strip().lower()] = item["name"].strip()
            loaded.update(t.strip().lower() for t in item.get("loaded", []))
    return Lexicon.build(groups, loaded, modifiers)


@dataclass(frozen=True, slots=True)
class Label:
    """One label as written: its text and span, the actor group, whether it is loaded,
    its key (lower-case, white space and quotation marks folded: what counts group by)
    and its voice (the outlet, or the canonical name of the speaker quoted)."""

    text: str
    span: tuple[int, int]
    actor: str
    loaded: bool
    key: str
    voice: str = OUTLET_VOICE

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "span": list(self.span), "actor": self.actor, "loaded": self.loaded,
                "key": self.key, "voice": self.voice}


def label_key(text: str) -> str:
    """"The so-called ‘moderate’  rebels" -> "so-called 'moderate' rebels" (a leading article,
    white space and curly quotation marks folded)."""
    folded = re.sub(r"^(?:the|a|an) ", "", re.sub(r"\s+", " ", text.strip().lower()))
    return re.sub("[\u2018\u2019`]", "'", re.sub("[\u201c\u201d]", '"', folded))


def find_labels(
    text: str, ranges: Sequence[tuple[int, int]] | None = None, *, lexicon: Lexicon | None = None,
    voices: Sequence[tuple[tuple[int, int], str]] = (),
) -> list[Label]:
    """The labels in ``text`` (within ``ranges``, default all of it); ``voices`` are
    quotation ranges with their speaker (rule 4)."""
    lex = lexicon or _DEFAULT
    out: list[Label] = []
    for start, end in ranges if ranges is not None else [(0, len(text))]:
        found = list(_labels_in(text, start, end, lex, voices))
        # a term inside another label's quoted prefix is part of that label
        out.extend(x for x in found if not any(y is not x and y.span[0] <= x.span[0] and x.span[1] <= y.span[1]
                                               for y in found))
    return out


def _labels_in(text, start, end, lex: Lexicon, voices) -> Iterable[Label]:
    matches = list(lex.pattern.finditer(text, start, end))
    i = 0
    while i < len(matches):
        chain = [matches[i]]
        while (i + 1 < len(matches) and re.fullmatch(r"\s+", text[chain[-1].end() : matches[i + 1].start()])
               and chain[-1].group().lower() in lex.modifiers):
            i += 1
            chain.append(matches[i])
        i += 1
        s, e = chain[0].start(), chain[-1].end()
        words = [m.group().lower() for m in chain]
        if words[-1] in lex.modifiers and _noun_follows(text, e, end, chain[-1].group()[:1].isupper()):
            words, chain = words[:-1], chain[:-1]
            if not chain:
                continue
            e = chain[-1].end()
        loaded = any(re.sub(r"\s+", " ", w) in lex.loaded for w in words)
        s, marked = _prefix(text, s, start)
        if marked or _quoted(text, s, e):
            loaded = True
        head = re.sub(r"\s+", " ", words[-1])
        actor = lex.groups[re.sub(r"\s+", " ", words[0]) if head in GENERIC_HEADS else head]
        voice = next((who for (vs, ve), who in voices if vs <= s and e <= ve), OUTLET_VOICE)
        yield Label(text[s:e], (s, e), actor, loaded, label_key(text[s:e]), voice)


def _noun_follows(text: str, end: int, limit: int, capitalized: bool = False) -> bool:
    """Does a noun follow? A capitalised word only after a capitalised label (a headline's
    "Terrorist Attack"); after "rebel" it is a name."""
    m = re.match(r"[ \t]+([A-Za-z][a-z-]*)", text[end:limit])
    if m is None or (m.group(1)[0].isupper() and not capitalized):
        return False
    word = m.group(1).lower()
    return word not in _FUNCTION and word not in _VERBS and not word.endswith("ed")


def _prefix(text: str, start: int, floor: int) -> tuple[int, bool]:
    """Rule 3: a distancing word and a quoted phrase before a label join it."""
    before = text[max(floor, start - 80) : start]
    quoted = re.search(r"[" + _QUOTE_OPEN + r"][^" + _QUOTE_CLOSE + r"\n]{1,60}[" + _QUOTE_CLOSE + r"]\s+$", before)
    new = start
    if quoted and len(quoted.group().split()) <= 4 and not re.search(r"\d", quoted.group()):
        new = start - len(before) + quoted.start()
        before = before[: quoted.start()]
    distancing = re.search(_DISTANCING + r"\s+$", before, re.IGNORECASE)
    if distancing:
        new = new - len(before) + distancing.start()
    return new, new != start


def _quoted(text: str, start: int, end: int) -> bool:
    return start > 0 and end < len(text) and text[start - 1] in _QUOTE_OPEN and text[end] in _QUOTE_CLOSE \
        and text[start - 1] != "'"


def quotation_voices(claims: Iterable[Claim]) -> list[tuple[tuple[int, int], str]]:
    """Each direct quotation's content with its speaker's canonical name (rule 4)."""
    return [(c.content.span, c.speaker.canonical) for c in claims if c.kind == "direct"]


def article_labels(article: Article, claims: Iterable[Claim], lexicon: Lexicon | None = None) -> list[Label]:
    """The labels of an article's title and body, voiced by its quotations' speakers."""
    return find_labels(article.text, article.kept, lexicon=lexicon, voices=quotation_voices(claims))


_DEFAULT = default_lexicon()
