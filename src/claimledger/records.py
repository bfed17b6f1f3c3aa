"""The typed records that flow through every stage.

``Article`` is made by :mod:`claimledger.ingest`, given its body ranges by
:mod:`claimledger.clean`, read by :mod:`claimledger.extract` (which yields ``Claim``
records) and written by :mod:`claimledger.store`, which gives back the stored-side
records (``StoredClaim``, ``StoredSpeaker``, ``StoredThread``). Every span is a pair
of character offsets ``(start, end)`` into ``Article.text``, the original text as it
arrived: no stage rewrites it.

Every record prints itself with ``to_json()`` (the README's "JSON output") and the
ones read back from JSON load with ``from_json()``::

    >>> Claim.from_json(claim.to_json()) == claim
    True
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, get_args

Range = tuple[int, int]

#: How a claim is attributed: a quotation, reported speech, "according to", a headline
#: ("Envoy: 1,500 fighters left") or the outlet's own voice.
ClaimKind = Literal["direct", "indirect", "according_to", "headline", "outlet"]
#: Who a speaker is: "unnamed" for "officials" or "reports", "outlet" for the outlet itself.
SpeakerType = Literal["person", "organisation", "unnamed", "outlet"]
CLAIM_KINDS: tuple[str, ...] = get_args(ClaimKind)
SPEAKER_TYPES: tuple[str, ...] = get_args(SpeakerType)


def _range(value: Any) -> Range | None:
    """A JSON ``[start, end]`` as a range (None stays None)."""
    return (value[0], value[1]) if value is not None else None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None

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

    def to_json(self) -> dict[str, Any]:
        """Every field, dates as ``YYYY-MM-DD`` and ranges as ``[start, end]``."""
        return {
            "id": self.id,
            "external_id": self.external_id,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "title": self.title,
            "title_span": list(self.title_span) if self.title_span else None,
            "body": [list(r) for r in self.body],
            "source": self.source,
            "text": self.text,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Article:
        """The article :meth:`to_json` printed (only ``text`` is required)."""
        return cls(
            text=data["text"],
            outlet=data.get("outlet"),
            url=data.get("url"),
            published=_day(data.get("published")),
            title=data.get("title"),
            title_span=_range(data.get("title_span")),
            body=[(r[0], r[1]) for r in data.get("body", [])],
            source=data.get("source"),
            external_id=data.get("external_id"),
            id=data.get("id") or "",
        )

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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TextSpan:
        return cls(data["text"], (data["span"][0], data["span"][1]))


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
        type: "person", "organisation", "unnamed" (reports, sources), "outlet"
            (:data:`SpeakerType`).
    """

    text: str
    span: Range | None
    canonical: str
    role: str | None = None
    affiliation: str | None = None
    type: SpeakerType = "organisation"

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "span": list(self.span) if self.span else None,
            "canonical": self.canonical,
            "role": self.role,
            "affiliation": self.affiliation,
            "type": self.type,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Speaker:
        return cls(
            text=data["text"], span=_range(data["span"]), canonical=data["canonical"], role=data.get("role"),
            affiliation=data.get("affiliation"), type=data.get("type", "organisation"),
        )


#: How the outlet frames a claim it reports (:class:`Frame`).
Stance = Literal["doubt", "endorse", "neutral"]
STANCES: tuple[str, ...] = get_args(Stance)


@dataclass(slots=True)
class FrameCue:
    """One piece of evidence for a claim's stance: the words, where they stand, and the
    named rule that read them (``claimledger.nlp.framing`` documents each rule and the
    stance it gives)."""

    text: str
    span: Range
    rule: str

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "span": list(self.span), "rule": self.rule}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FrameCue:
        return cls(data["text"], (data["span"][0], data["span"][1]), data["rule"])


@dataclass(slots=True)
class Frame:
    """How the outlet frames a claim: ``doubt``, ``endorse`` or ``neutral``, and the cues
    that say so (a cue verb, a hedge, the outlet's own sentence that refers back to the
    claim, a weighing of two claims). Claims sharing a cue's span are linked by it."""

    stance: Stance = "neutral"
    cues: list[FrameCue] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"stance": self.stance, "cues": [c.to_json() for c in self.cues]}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Frame:
        if not data:
            return cls()
        return cls(stance=data.get("stance", "neutral"), cues=[FrameCue.from_json(c) for c in data.get("cues", [])])


#: NewsQuant's labels for how a quantity relates to its value (:attr:`Quantity.change`).
CHANGES = ("=", "~", ">", "<", "up", "down")


@dataclass(slots=True)
class QuantityMeasure:
    """What a quantity measures, read from the parse (``claimledger_measures``).

    Attributes:
        concept: the counted thing's concept ("people" for "residents", "fighters" for
            "gunmen"), or None when nothing is counted.
        event: what happened to it, from the predicate that governs the number
            ("killed" for "were shot dead", "injured", "remaining"), or None.
        participant: whose figure it is, where the concept says ("victims",
            "suspects", "officers"), or None.
        part: the figure is a part of a total stated beside it ("including 11
            children", "two of them officers").
        place: the place the figure is about: the nearest place its sentence names,
            else the article's main place, with its gazetteer id and path when known.
        not_measured: why no thread follows the figure (an address, an age, a count of
            an indictment, a weapon's calibre), or None.
    """

    concept: str | None = None
    event: str | None = None
    participant: str | None = None
    part: bool = False
    place: dict[str, Any] | None = None
    not_measured: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "concept": self.concept, "event": self.event, "participant": self.participant, "part": self.part,
            "place": dict(self.place) if self.place else None, "not_measured": self.not_measured,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QuantityMeasure:
        return cls(
            concept=data.get("concept"), event=data.get("event"), participant=data.get("participant"),
            part=bool(data.get("part")), place=data.get("place"), not_measured=data.get("not_measured"),
        )


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
        measure: what the quantity measures (:class:`QuantityMeasure`), when the
            pipeline's ``claimledger_measures`` component ran.
        previous: the level before a change when the text gives both ("rose from 240 to
            273", "eased to 196,440 from 210,643"): ``value`` is the level reached (273),
            ``previous`` the level left (240); None otherwise.
        implicit: no number is written: the count is read from the people a casualty
            verb names ("a man was shot and killed" is 1 killed; "a boy and his uncle
            were killed", 2).
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
    measure: QuantityMeasure | None = None
    implicit: bool = False
    previous: float | int | list[float | int] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
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
        if self.measure is not None:
            out["measure"] = self.measure.to_json()
        if self.implicit:
            out["implicit"] = True
        if self.previous is not None:
            out["previous"] = self.previous
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Quantity:
        """The quantity :meth:`to_json` printed; unknown keys are ignored."""
        known = {k: v for k, v in data.items() if k in QUANTITY_FIELDS}
        known["span"] = (data["span"][0], data["span"][1])
        known["modifiers"] = list(data.get("modifiers", []))
        if data.get("measure") is not None:
            known["measure"] = QuantityMeasure.from_json(data["measure"])
        return cls(**known)


QUANTITY_FIELDS = frozenset(Quantity.__dataclass_fields__)


@dataclass(slots=True)
class Claim:
    """One attributed claim: who (speaker) said (cue) what (content).

    ``speaker`` is the local mention with its resolution; ``speakers`` lists every
    resolved speaker when several share the claim ("X and Y say ..."), the first
    being ``speaker``'s own resolution.
    """

    speaker: Speaker
    content: TextSpan
    kind: ClaimKind
    cue: TextSpan | None = None
    event_date: date | None = None
    quantities: list[Quantity] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    frame: Frame = field(default_factory=Frame)

    def to_json(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker.to_json(),
            "speakers": [s.to_json() for s in self.speakers],
            "cue": self.cue.to_json() if self.cue else None,
            "content": self.content.to_json(),
            "kind": self.kind,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "quantities": [q.to_json() for q in self.quantities],
            "frame": self.frame.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Claim:
        """The claim :meth:`to_json` printed (as ``claimledger extract`` and the ledger keep it)."""
        cue = data.get("cue")
        return cls(
            speaker=Speaker.from_json(data["speaker"]),
            content=TextSpan.from_json(data["content"]),
            kind=data["kind"],
            cue=TextSpan.from_json(cue) if cue else None,
            event_date=_day(data.get("event_date")),
            quantities=[Quantity.from_json(q) for q in data.get("quantities", [])],
            speakers=[Speaker.from_json(s) for s in data.get("speakers", [])],
            frame=Frame.from_json(data.get("frame")),
        )


# ---------------------------------------------------------------------------- stored side


@dataclass(slots=True)
class IdentityRows:
    """What a ledger holds about its speakers, to resolve new speakers against.

    Attributes:
        speakers: ``(id, canonical, type, role)`` of every speaker.
        aliases: ``(speaker id, alias, source)``; source is ``mention``, ``file`` or ``merged``.
        roles: ``(speaker id, role)`` of every role given.
        seen: ``(speaker id, outlet, last claim id)`` for every outlet that quoted a speaker.
    """

    speakers: list[tuple[int, str, str, str | None]] = field(default_factory=list)
    aliases: list[tuple[int, str, str | None]] = field(default_factory=list)
    roles: list[tuple[int, str]] = field(default_factory=list)
    seen: list[tuple[int, str | None, int]] = field(default_factory=list)


class _JsonView:
    """Read a stored record's JSON fields by name, as a dict: ``row["speaker"]``.

    The stored records were dicts before they were records; this keeps that reading
    working (``api.claims()[0]["content"]["text"]``). Each lookup prints the record
    again, so code that reads many fields calls :meth:`to_json` once instead.
    """

    __slots__ = ()

    def to_json(self) -> dict[str, Any]:  # pragma: no cover - every subclass has its own
        raise NotImplementedError

    def __getitem__(self, key: str) -> Any:
        return self.to_json()[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.to_json().get(key, default)

    def keys(self) -> Any:
        return self.to_json().keys()


@dataclass(slots=True)
class LedgerSpeaker:
    """A claim speaker as the ledger now knows it: its id, canonical name and type."""

    id: int
    canonical: str
    type: SpeakerType

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "canonical": self.canonical, "type": self.type}


@dataclass(slots=True)
class StoredClaim(_JsonView):
    """A stored claim: the claim as extracted, its article's fields and its speakers
    as the ledger knows them now (after merges and aliases).

    Attributes:
        claim: the claim exactly as extracted.
        article_id, seq: its article and its place among the article's claims.
        outlet, published, title: its article's.
        identities: the ledger's speaker per position (0 is ``claim.speaker`` and
            ``claim.speakers[0]``, then ``claim.speakers[1:]``).
        id: the claim's row id.
    """

    claim: Claim
    article_id: str
    seq: int
    outlet: str | None
    published: str | None
    title: str | None
    identities: dict[int, LedgerSpeaker] = field(default_factory=dict)
    id: int | None = None

    def to_json(self) -> dict[str, Any]:
        """``Claim.to_json()`` with the ledger's ``id``, ``canonical`` and ``type`` over
        each speaker, plus ``article_id``, ``seq``, ``outlet``, ``published``, ``title``."""
        out = self.claim.to_json()
        if 0 in self.identities:
            out["speaker"].update(self.identities[0].to_json())
        for position, speaker in enumerate(out["speakers"]):
            if position in self.identities:
                speaker.update(self.identities[position].to_json())
        out.update(article_id=self.article_id, seq=self.seq, outlet=self.outlet, published=self.published,
                   title=self.title)
        return out


@dataclass(slots=True)
class Affiliation:
    """Whom a speaker was said to belong to, and that speaker's id when the ledger knows it."""

    text: str
    speaker_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "speaker_id": self.speaker_id}


@dataclass(slots=True)
class StoredSpeaker(_JsonView):
    """A ledger speaker with its claim count, aliases, roles and affiliations.

    ``role`` and ``affiliation`` are the first given (``affiliation_id`` the speaker
    that one names); ``roles`` and ``affiliations`` are every one given.
    """

    id: int
    canonical: str
    type: SpeakerType
    role: str | None = None
    affiliation: str | None = None
    affiliation_id: int | None = None
    claims: int = 0
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "canonical": self.canonical, "type": self.type, "role": self.role,
            "affiliation": self.affiliation, "affiliation_id": self.affiliation_id, "claims": self.claims,
            "aliases": list(self.aliases), "roles": list(self.roles),
            "affiliations": [a.to_json() for a in self.affiliations],
        }


@dataclass(slots=True)
class ThreadMember(_JsonView):
    """One figure of a thread: one quantity (``qindex``) of one stored claim.

    ``day``, ``series``, ``low``, ``high`` and ``sources`` are what the thread compares
    (see :mod:`claimledger.link.threads`); ``conflicts_with`` lists the indexes of the members
    of the same thread it conflicts with (None when not computed yet).
    """

    claim_id: int
    qindex: int
    article_id: str
    outlet: str | None
    claim: Claim
    day: date | None = None
    series: str = ""
    low: float = 0.0
    high: float | None = None
    sources: frozenset[str] = frozenset()
    conflicts_with: list[int] | None = None
    input_id: str | None = None
    published: date | None = None
    value: Any = None
    change: str | None = None
    implicit: bool = False

    @property
    def quantity(self) -> Quantity:
        return self.claim.quantities[self.qindex]

    def to_json(self) -> dict[str, Any]:
        """``article_id`` is the id the article was given at input (its JSONL ``id``),
        else the ledger's; ``ledger_article_id`` is always the ledger's."""
        q = self.quantity
        return {
            "article_id": self.input_id or self.article_id, "ledger_article_id": self.article_id,
            "outlet": self.outlet, "date": self.day.isoformat() if self.day else None,
            "published": self.published.isoformat() if self.published else None,
            "value": q.value, "unit": q.unit, "qualifier": q.qualifier, "change": q.change,
            "conflicts_with": list(self.conflicts_with or []), "claim": self.claim.to_json(),
        }


#: Events of one-off incidents: their figures belong to one day (a strike's toll, a
#: shooting's wounded), unlike levels (fighters remaining, territory held).
INCIDENT_EVENTS = frozenset({"killed", "wounded", "injured", "shot", "evacuated", "surrendered", "displaced", "detained", "arrested"})


@dataclass(slots=True)
class ThreadPlace:
    """Where a thread's figures stand: the name as written, its gazetteer id and its
    path from the country down (ids), when the gazetteer knows it."""

    name: str
    id: str | None = None
    path: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "id": self.id, "path": list(self.path)}


@dataclass(slots=True)
class ThreadMeasure:
    """What a thread measures: the counted concept ("people", "fighters"), the event
    ("killed", "injured", "remaining"), the participant role where stated ("victims",
    "suspects", "officers"), the place, the incident's date (for a one-off incident)
    and whether its figures are a running total ("since January", "so far this year")."""

    counted: str
    event: str
    participant: str | None = None
    place: ThreadPlace | None = None
    incident_date: date | None = None
    running_total: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "counted": self.counted, "event": self.event, "participant": self.participant,
            "place": self.place.to_json() if self.place else None,
            "incident_date": self.incident_date.isoformat() if self.incident_date else None,
            "running_total": self.running_total,
        }


@dataclass(slots=True)
class StoredThread(_JsonView):
    """A claim thread with its members (by date) and its verdicts: whether two members
    conflict, how many independent sources stand behind it, and its current figure per
    unit series (None when not computed).

    ``measure`` is the readable label ("people killed · aleppo"); ``info`` what it
    measures, field by field."""

    id: int
    measure: str
    members: list[ThreadMember] = field(default_factory=list)
    conflict: bool | None = None
    sources: int | None = None
    info: ThreadMeasure | None = None
    current: list[dict[str, Any]] | None = None

    @property
    def units(self) -> list[str]:
        return list(dict.fromkeys(m.series for m in self.members))

    def to_json(self) -> dict[str, Any]:
        """``label`` is the readable name, ``measure`` the structured one
        (:class:`ThreadMeasure`), ``current`` one figure per unit series."""
        return {
            "id": self.id, "label": self.measure, "measure": self.info.to_json() if self.info else None,
            "units": self.units, "conflict": bool(self.conflict), "sources": self.sources,
            "current": list(self.current or []), "members": [m.to_json() for m in self.members],
        }


@dataclass(slots=True)
class ArticleListing(_JsonView):
    """A stored article as ``claimledger articles`` lists it: its ledger id (the content
    hash), its input id (the record's own, when it gave one), where and when it was
    published, its title, the file (and line or record) it was read from, and how many
    claims it holds."""

    id: str
    external_id: str | None
    outlet: str | None
    url: str | None
    published: str | None
    title: str | None
    source: str | None
    claims: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "external_id": self.external_id, "outlet": self.outlet, "url": self.url,
            "published": self.published, "title": self.title, "source": self.source, "claims": self.claims,
        }


#: How a list of threads can be ordered (:class:`ThreadQuery`): most members first,
#: latest last day first, earliest first day first, most independent sources first, by id.
THREAD_SORTS = ("members", "newest", "oldest", "sources", "id")


@dataclass(frozen=True, slots=True)
class ThreadQuery:
    """Which threads to list, in which order, and which page of them.

    Every filter given must hold: ``search`` (case-insensitive) in the readable label;
    ``event`` and ``counted`` the thread's own (as stored, case-insensitive); ``place``
    in its main place or one of its places (case-insensitive); ``since``/``until``
    (ISO days) overlapping its first and last day; ``conflicts_only`` its stored
    verdict; ``min_sources`` and ``min_members`` at least so many; ``ids`` among them.
    ``sort`` is one of :data:`THREAD_SORTS`.
    """

    search: str | None = None
    event: str | None = None
    place: str | None = None
    counted: str | None = None
    since: str | None = None
    until: str | None = None
    conflicts_only: bool = False
    min_sources: int | None = None
    min_members: int = 1
    ids: tuple[int, ...] | None = None
    sort: str = "members"
    limit: int = 50
    offset: int = 0


@dataclass(slots=True)
class ThreadListing(_JsonView):
    """A thread as a list shows it, read without its claims: what it measures, its
    stored verdicts and current figures, and per member its unit series, value and day
    (``points``: ``(series, value, day)``, value a number or ``[low, high]``)."""

    id: int
    measure: str
    info: ThreadMeasure | None
    conflict: bool | None
    sources: int | None
    current: list[dict[str, Any]] | None
    points: list[tuple[str, Any, date | None]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "label": self.measure, "measure": self.info.to_json() if self.info else None,
            "conflict": bool(self.conflict), "sources": self.sources, "current": list(self.current or []),
            "members": len(self.points),
        }
