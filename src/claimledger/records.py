"""The typed records that flow through every stage.

``Article`` is made by :mod:`claimledger.ingest`, given its body ranges by
:mod:`claimledger.clean`, read by :mod:`claimledger.extract` (which yields ``Claim``
records) and written by :mod:`claimledger.store`. Every span is a pair of character
offsets ``(start, end)`` into ``Article.text``, the original text as it arrived:
no stage rewrites it.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

Range = tuple[int, int]

_SPACE = re.compile(r"\s+")


def content_id(text: str) -> str:
    """An article's identity: a hash of its text with white space folded.

    The same story scraped twice (different trailing spaces or line ends) gets the
    same id, so ingesting it again is a no-op.
    """
    folded = _SPACE.sub(" ", text).strip()
    return hashlib.sha256(folded.encode("utf8")).hexdigest()[:16]


@dataclass(slots=True)
class Article:
    """One article as it arrived, with what cleaning learned about it.

    Attributes:
        text: the original text, never rewritten.
        outlet: the outlet's name ("The Duran"), or None when unknown.
        url: where the article came from, if known.
        published: publication date; None for undated articles.
        title: the headline, if known.
        title_span: where the title stands inside ``text``, if it does.
        body: the character ranges of ``text`` that are the story (title excluded).
        source: the file (and line) the article was read from.
        external_id: the id the input gave it (a JSONL ``id``), if any.
        id: content hash of ``text``; computed when not given.
        extracted: ``text`` is already main text extracted from markup (an HTML page),
            not a scrape: cleaning keeps every line of it.
    """

    text: str
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    title: str | None = None
    title_span: Range | None = None
    body: list[Range] = field(default_factory=list)
    source: str | None = None
    external_id: str | None = None
    id: str = ""
    extracted: bool = False

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.text)

    @property
    def kept(self) -> list[Range]:
        """Title and body ranges, in text order: what the extractors read."""
        ranges = list(self.body)
        if self.title_span:
            ranges.append(self.title_span)
        return sorted(ranges)

    @property
    def debris(self) -> list[Range]:
        """Non-blank ranges of ``text`` that are neither title nor body."""
        out: list[Range] = []
        pos = 0
        for start, end in self.kept + [(len(self.text), len(self.text))]:
            out.extend(_nonblank_lines(self.text, pos, start))
            pos = max(pos, end)
        return out


def _nonblank_lines(text: str, start: int, end: int) -> list[Range]:
    out = []
    for m in re.finditer(r"[^\n]+", text[start:end]):
        seg = m.group()
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            trail = len(seg) - len(seg.rstrip())
            out.append((start + m.start() + lead, start + m.end() - trail))
    return out


@dataclass(slots=True)
class TextSpan:
    """A piece of an article: its text and where it stands."""

    text: str
    span: Range

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "span": list(self.span)}


@dataclass(slots=True)
class Speaker:
    """Who made a claim.

    Attributes:
        text: the local mention as written ("he", "the envoy", "Staffan de Mistura").
        span: where that mention stands; None when the speaker is implicit (the outlet).
        canonical: the resolved name ("Staffan de Mistura", "Russian military").
        role: what the article says the speaker is ("the UN Secretary General's envoy to Syria").
        affiliation: whom the speaker belongs to, from a possessive or compound
            ("Russian military" for "the Russian military's Reconciliation Centre").
        type: "person", "organisation", "unnamed" (reports, sources), "outlet".
    """

    text: str
    span: Range | None
    canonical: str
    role: str | None = None
    affiliation: str | None = None
    type: str = "organisation"

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "span": list(self.span) if self.span else None,
            "canonical": self.canonical,
            "role": self.role,
            "affiliation": self.affiliation,
            "type": self.type,
        }


#: NewsQuant's labels for how a quantity relates to its value (:attr:`Quantity.change`).
CHANGES = ("=", "~", ">", "<", "up", "down")


@dataclass(slots=True)
class Quantity:
    """A number as an analyst reads it: value, unit, the thing counted, hedge and change.

    Attributes:
        value: the number (int or float); a range is ``[low, high]``.
        unit: normalized unit ("percent", "km2", "fraction", "USD"); None for plain counts.
        counted: the counted thing's head noun as a singular lemma ("fighter" for
            "1,500 Jihadi fighters"), or None.
        qualifier: the hedge or bound as written, lower-cased ("only", "around",
            "at least", "more than", "up to"), or None.
        span: where the quantity stands (number, unit and counted noun).
        text: the quantity's text.
        counted_text: the counted thing as written, modifiers and head ("Jihadi fighters").
        modifiers: the words of ``counted_text`` that modify the head, as written
            (``["Jihadi"]``); a compound written with hyphens is one modifier ("first-team").
        change: NewsQuant's label (:data:`CHANGES`): "=" exact, "~" approximate, ">" a lower
            bound ("at least 58"), "<" an upper bound ("up to 5,000"), "up"/"down" an
            amount of change ("rose 5%", "decreased by one-third": value 1/3, change "down").
        whole: what the quantity is a part of, as written ("the city's territory" in "93% of
            the city's territory"), or None.
        vague: the number stands for a vague plural ("dozens of", "hundreds of"); its value
            is the one ACLED would code (dozens = 12, hundreds = 100, thousands = 1,000).
    """

    value: float | int | list[float | int]
    unit: str | None
    counted: str | None
    qualifier: str | None
    span: Range
    text: str = ""
    counted_text: str | None = None
    modifiers: list[str] = field(default_factory=list)
    change: str = "="
    whole: str | None = None
    vague: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "unit": self.unit,
            "counted": self.counted,
            "counted_text": self.counted_text,
            "modifiers": list(self.modifiers),
            "qualifier": self.qualifier,
            "change": self.change,
            "whole": self.whole,
            "vague": self.vague,
            "text": self.text,
            "span": list(self.span),
        }


@dataclass(slots=True)
class Claim:
    """One attributed claim: who (speaker) said (cue) what (content).

    ``speaker`` is the local mention with its resolution; ``speakers`` lists every
    resolved speaker when several share the claim ("X and Y say ..."), the first
    being ``speaker``'s own resolution.
    """

    speaker: Speaker
    content: TextSpan
    kind: str
    cue: TextSpan | None = None
    event_date: date | None = None
    quantities: list[Quantity] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker.to_json(),
            "speakers": [s.to_json() for s in self.speakers],
            "cue": self.cue.to_json() if self.cue else None,
            "content": self.content.to_json(),
            "kind": self.kind,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "quantities": [q.to_json() for q in self.quantities],
        }
