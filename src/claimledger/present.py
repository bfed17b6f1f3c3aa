"""View models: what the ledger's readers show, built once from the records.

Each function here turns stored records (:class:`~claimledger.records.StoredClaim`,
:class:`~claimledger.records.StoredThread`, :class:`~claimledger.records.StoredSpeaker`,
:class:`~claimledger.records.Article`) into a small frozen dataclass of plain values:
numbers formatted, spans and marks placed, a thread's members grouped into a timeline.
The CLI renders them as tables and text; any other front end (a web page, a notebook)
renders the same view models, so every reader shows the same numbers. Each view model
prints its JSON with ``to_json()``.

Nothing here escapes text: the view models hold article text as it is, and each
renderer makes it safe for its medium (:mod:`claimledger.safe`: a terminal, a CSV cell,
HTML through an autoescaping template).
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .labels import OUTLET_VOICE, Label
from .link.threads import sentence_at
from .records import (
    Article,
    ArticleListing,
    Claim,
    LedgerSpeaker,
    Quantity,
    StoredClaim,
    StoredSpeaker,
    StoredThread,
    ThreadListing,
    ThreadMember,
)

__all__ = [
    "ArticleRow",
    "ArticleView",
    "ClaimItem",
    "CurrentFigure",
    "HomeView",
    "OutletView",
    "SearchHit",
    "SearchView",
    "Segment",
    "SpeakerRef",
    "SpeakerView",
    "ThreadListView",
    "article_row",
    "claim_item",
    "listing_row",
    "outlet_view",
    "search_view",
    "segments",
    "series_unit",
    "source_groups",
    "speaker_view",
    "thread_list_view",
    "word_hits",
    "ClaimRow",
    "CSV_COLUMNS",
    "LABEL_COLUMNS",
    "LabelRow",
    "label_rows",
    "Mark",
    "SpeakerRow",
    "SummaryTable",
    "SummaryView",
    "ThreadRow",
    "TimelineEntry",
    "TimelineSeries",
    "TimelineView",
    "article_view",
    "claim_row",
    "day_span",
    "figure_sentence",
    "format_number",
    "format_quantity",
    "format_value",
    "plural",
    "shorten",
    "speaker_row",
    "summary_view",
    "thread_row",
    "timeline",
    "value_span",
]

#: Claimed content is shortened to this many characters in tables.
CONTENT_WIDTH = 120

MarkKind = Literal["title", "debris", "claim", "speaker", "cue"]


class _View:
    """``to_json()`` for a view model: its fields as JSON values, nested views included."""

    __slots__ = ()

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload]


# ---------------------------------------------------------------------------- numbers and words


def plural(count: int, word: str) -> str:
    """``"1 claim"``, ``"3 claims"``."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def format_number(value: float | int) -> str:
    """1500 -> "1,500"; 2.0 -> "2"; 0.25 -> "0.25"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"


def format_value(value: float | int | Sequence[float | int]) -> str:
    """A value or a range: ``"1,500"``, ``"20–30"``."""
    if isinstance(value, int | float):
        return format_number(value)
    return "–".join(map(format_number, value))


def format_quantity(quantity: Quantity) -> str:
    """``"1,500 Jihadi fighters (only)"`` or ``"20–30 percent (around)"``."""
    counted = quantity.counted_text or quantity.counted
    words = " ".join(p for p in (format_value(quantity.value), quantity.unit, counted) if p)
    return f"{words} ({quantity.qualifier})" if quantity.qualifier else words


def shorten(text: str, width: int = CONTENT_WIDTH) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# ---------------------------------------------------------------------------- claims


@dataclass(frozen=True, slots=True)
class ClaimRow(_View):
    """A stored claim's flat fields, as a table row or a CSV line shows them.

    ``speaker`` is the ledger's canonical name (after merges and aliases),
    ``speaker_text`` the mention as written; ``quantities`` the claim's figures joined
    by ``"; "``; ``content_start``/``content_end`` the content's offsets in the article.
    """

    article_id: str
    seq: int
    outlet: str
    published: str
    kind: str
    speaker: str
    speaker_type: str
    speaker_text: str
    cue: str
    content: str
    content_start: int
    content_end: int
    event_date: str
    quantities: str
    title: str
    stance: str = "neutral"
    frame_cues: str = ""
    reliability: str = ""


#: Columns of a claims CSV, in order: the fields of :class:`ClaimRow`.
CSV_COLUMNS = tuple(f.name for f in dataclasses.fields(ClaimRow))


def claim_row(stored: StoredClaim, reliability: float | None = None) -> ClaimRow:
    """The row of one stored claim; ``reliability`` is its outlet's rating, if known.
    ``frame_cues`` lists the frame's cues as ``rule: text`` joined by ``"; "``."""
    claim = stored.claim
    ledger = stored.identities.get(0)
    return ClaimRow(
        article_id=stored.article_id,
        seq=stored.seq,
        outlet=stored.outlet or "",
        published=stored.published or "",
        kind=claim.kind,
        speaker=ledger.canonical if ledger else claim.speaker.canonical,
        speaker_type=ledger.type if ledger else claim.speaker.type,
        speaker_text=claim.speaker.text,
        cue=claim.cue.text if claim.cue else "",
        content=claim.content.text,
        content_start=claim.content.span[0],
        content_end=claim.content.span[1],
        event_date=claim.event_date.isoformat() if claim.event_date else "",
        quantities="; ".join(format_quantity(q) for q in claim.quantities),
        title=stored.title or "",
        stance=claim.frame.stance,
        frame_cues="; ".join(f"{c.rule}: {shorten(c.text, 60)}" for c in claim.frame.cues),
        reliability="" if reliability is None else f"{reliability:.2f}",
    )


# ---------------------------------------------------------------------------- labels


@dataclass(frozen=True, slots=True)
class LabelRow(_View):
    """How often one outlet (or a speaker it quotes: ``voice``) used one term for one
    actor group, whether the term is loaded, and the first place it stands."""

    outlet: str
    voice: str
    actor: str
    term: str
    loaded: bool
    count: int
    example_article: str
    example_start: int
    example_end: int


#: Columns of a labels CSV, in order: the fields of :class:`LabelRow`.
LABEL_COLUMNS = tuple(f.name for f in dataclasses.fields(LabelRow))


def label_rows(found: Sequence[tuple[Article, Label]]) -> list[LabelRow]:
    """Labels counted per outlet, voice, actor and term (its key), most used first
    within each outlet; the term is shown as first written."""
    groups: dict[tuple[str, str, str, str], list[tuple[Article, Label]]] = {}
    for article, label in found:
        groups.setdefault((article.outlet or "", label.voice, label.actor, label.key), []).append((article, label))
    rows = []
    for (outlet, voice, actor, _), items in groups.items():
        article, first = items[0]
        rows.append(LabelRow(
            outlet=outlet, voice="(outlet)" if voice == OUTLET_VOICE else voice, actor=actor, term=first.text,
            loaded=any(label.loaded for _, label in items), count=len(items), example_article=article.id,
            example_start=first.span[0], example_end=first.span[1],
        ))
    rows.sort(key=lambda r: (r.outlet.casefold(), r.voice != "(outlet)", r.voice, r.actor, -r.count, r.term.casefold()))
    return rows


# ---------------------------------------------------------------------------- an article


@dataclass(frozen=True, slots=True)
class Mark(_View):
    """A marked stretch of an article's text: ``text[start:end]`` is a ``kind``
    (title, debris, or claim ``N``'s content, speaker or cue); ``label`` names it
    (``"claim 2"``, ``"speaker 1,3"`` when several claims share the span)."""

    start: int
    end: int
    kind: MarkKind
    label: str


@dataclass(frozen=True, slots=True)
class ArticleView(_View):
    """One stored article with its marks and its claims (numbered from 1 in ``claims``)."""

    id: str
    external_id: str | None
    outlet: str
    published: str
    url: str
    title: str
    text: str
    marks: tuple[Mark, ...]
    claims: tuple[ClaimRow, ...]
    segments: tuple[Segment, ...] = ()
    items: tuple[ClaimItem, ...] = ()


@dataclass(frozen=True, slots=True)
class Segment(_View):
    """A stretch of text where the same marks hold: ``text[start:end]``, the kinds of
    the marks over it (in :data:`MARK_ORDER`), and the claim it belongs to (its number,
    0 for none), so a renderer can style and link it without placing offsets itself."""

    start: int
    end: int
    text: str
    kinds: tuple[str, ...]
    claim: int = 0


#: The kinds of mark, outermost first.
MARK_ORDER: tuple[MarkKind, ...] = ("title", "debris", "claim", "speaker", "cue")


def segments(text: str, marks: Sequence[Mark]) -> list[Segment]:
    """``text`` cut at every mark's ends into :class:`Segment` s that cover it whole, in
    order. The claim of a segment is the lowest claim number of its claim, speaker or
    cue marks."""
    cuts = sorted({0, len(text), *(min(max(m.start, 0), len(text)) for m in marks),
                   *(min(max(m.end, 0), len(text)) for m in marks)})
    out = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        over = [m for m in marks if m.start <= start and m.end >= end and m.start < m.end]
        kinds = tuple(k for k in MARK_ORDER if any(m.kind == k for m in over))
        numbers = [int(n) for m in over if m.kind in ("claim", "speaker", "cue")
                   for n in m.label.split(" ", 1)[1].split(",")]
        out.append(Segment(start, end, text[start:end], kinds, min(numbers, default=0)))
    return out


def word_hits(text: str, words: Sequence[str]) -> list[Segment]:
    """``text`` in :class:`Segment` s, those where one of ``words`` stands (as a whole
    word, case-insensitive: how the full-text search matched) of kind ``hit``."""
    pieces = [re.escape(w) for w in sorted({w.strip('"') for w in words}, key=len, reverse=True) if w.strip('"')]
    if not pieces:
        return [Segment(0, len(text), text, ())]
    found = re.compile(r"(?<!\w)(?:" + "|".join(pieces) + r")(?!\w)", re.IGNORECASE)
    out, at = [], 0
    for m in found.finditer(text):
        if m.start() > at:
            out.append(Segment(at, m.start(), text[at:m.start()], ()))
        out.append(Segment(m.start(), m.end(), m.group(), ("hit",)))
        at = m.end()
    if at < len(text) or not out:
        out.append(Segment(at, len(text), text[at:], ()))
    return out


@dataclass(frozen=True, slots=True)
class ClaimItem(_View):
    """A claim as a page lists it: its number on the page, its row id, its row, its
    first speaker's ledger id and the threads its figures are in."""

    number: int
    claim_id: int | None
    row: ClaimRow
    speaker_id: int | None
    threads: tuple[int, ...]


def claim_item(number: int, stored: StoredClaim, threads: Mapping[int, Mapping[int, int]] | None = None) -> ClaimItem:
    """The item of a stored claim; ``threads`` maps claim ids to quantity indexes to threads."""
    ledger = stored.identities.get(0)
    of_claim = (threads or {}).get(stored.id or -1, {})
    return ClaimItem(
        number=number, claim_id=stored.id, row=claim_row(stored), speaker_id=ledger.id if ledger else None,
        threads=tuple(dict.fromkeys(of_claim[q] for q in sorted(of_claim))),
    )


def article_marks(article: Article, claims: Sequence[Claim]) -> list[Mark]:
    """Where the title, the debris and each claim's content, speaker and cue stand."""
    marks: list[Mark] = []
    if article.title_span:
        marks.append(Mark(*article.title_span, "title", "title"))
    marks.extend(Mark(s, e, "debris", "debris") for s, e in article.debris)
    numbered: dict[tuple[int, int, MarkKind], list[str]] = {}
    for number, claim in enumerate(claims, 1):
        parts: tuple[tuple[MarkKind, tuple[int, int] | None], ...] = (
            ("claim", claim.content.span),
            ("speaker", claim.speaker.span),
            ("cue", claim.cue.span if claim.cue else None),
        )
        for kind, span in parts:
            if span:
                numbered.setdefault((*span, kind), []).append(str(number))
    marks.extend(Mark(s, e, kind, f"{kind} {','.join(n)}") for (s, e, kind), n in numbered.items())
    return marks


def article_view(
    article: Article, claims: Sequence[StoredClaim], threads: Mapping[int, Mapping[int, int]] | None = None
) -> ArticleView:
    """The view of a stored article and its stored claims (``threads``: which thread
    each claim's figures are in, by claim id and quantity index)."""
    marks = tuple(article_marks(article, [c.claim for c in claims]))
    return ArticleView(
        id=article.id,
        external_id=article.external_id,
        outlet=article.outlet or "",
        published=article.published.isoformat() if article.published else "",
        url=article.url or "",
        title=article.title or "",
        text=article.text,
        marks=marks,
        claims=tuple(claim_row(c) for c in claims),
        segments=tuple(segments(article.text, marks)),
        items=tuple(claim_item(n, c, threads) for n, c in enumerate(claims, 1)),
    )


# ---------------------------------------------------------------------------- the ledger, speakers


@dataclass(frozen=True, slots=True)
class SummaryTable(_View):
    """A titled table of the summary: a header and rows of values."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True, slots=True)
class SummaryView(_View):
    """What the ledger holds: totals, then articles per outlet, claims per kind, top speakers."""

    articles: int
    claims: int
    quantities: int
    tables: tuple[SummaryTable, ...]


def summary_view(counts: dict[str, Any]) -> SummaryView:
    """The summary of the store's counts (:meth:`~claimledger.store.sqlite.Ledger.summary`)."""
    top = tuple((s["canonical"], s["type"], s["claims"]) for s in counts["top_speakers"])
    return SummaryView(
        articles=counts["articles"],
        claims=counts["claims_total"],
        quantities=counts["quantities"],
        tables=(
            SummaryTable("Articles per outlet", ("Outlet", "Articles"), tuple(counts["outlets"].items())),
            SummaryTable("Claims per kind", ("Kind", "Claims"), tuple(counts["claims"].items())),
            SummaryTable("Top speakers", ("Speaker", "Type", "Claims"), top),
        ),
    )


@dataclass(frozen=True, slots=True)
class SpeakerRow(_View):
    """A ledger speaker as a row: affiliations written ``"Russian military (#3)"`` when
    the ledger knows the speaker they name."""

    id: int
    canonical: str
    type: str
    claims: int
    roles: tuple[str, ...]
    affiliations: tuple[str, ...]
    aliases: tuple[str, ...]


def speaker_row(speaker: StoredSpeaker) -> SpeakerRow:
    """The row of one ledger speaker."""
    affiliations = tuple(
        f"{a.text} (#{a.speaker_id})" if a.speaker_id is not None else a.text for a in speaker.affiliations
    )
    return SpeakerRow(
        id=speaker.id, canonical=speaker.canonical, type=speaker.type, claims=speaker.claims,
        roles=tuple(speaker.roles), affiliations=affiliations, aliases=tuple(speaker.aliases),
    )


# ---------------------------------------------------------------------------- threads


def _unit(member: ThreadMember) -> str:
    return member.quantity.unit or "count"


def _values(member: ThreadMember) -> list[float]:
    value = member.quantity.value
    return [float(v) for v in value] if isinstance(value, list | tuple) else [float(value)]


def value_span(members: Sequence[ThreadMember]) -> str:
    """The smallest and largest value of each unit, as ``"1,500–5,000; 93 percent"``."""
    spans: dict[str, list[float]] = {}
    for m in members:
        spans.setdefault(m.quantity.unit or "", []).extend(_values(m))
    return _span_text(spans)


def series_unit(series: str) -> str:
    """The unit of a thread's unit series as a quantity writes it: ``"count"`` is none,
    ``"percent (change)"`` is ``"percent"``."""
    unit = series.removesuffix(" (change)")
    return "" if unit == "count" else unit


def _number_list(value: Any) -> list[float]:
    return [float(v) for v in value] if isinstance(value, list | tuple) else [float(value)]


def _span_text(spans: dict[str, list[float]]) -> str:
    parts = []
    for unit, values in spans.items():
        low, high = min(values), max(values)
        text = format_number(low) if low == high else f"{format_number(low)}–{format_number(high)}"
        parts.append(f"{text} {unit}".strip())
    return "; ".join(parts)


def day_span(members: Sequence[ThreadMember]) -> str:
    """The first and last day of a thread's members: ``"2016-12-13 – 2016-12-15"``."""
    return _days_text(sorted(m.day.isoformat() for m in members if m.day))


def _days_text(days: Sequence[str]) -> str:
    if not days:
        return ""
    return days[0] if days[0] == days[-1] else f"{days[0]} – {days[-1]}"


@dataclass(frozen=True, slots=True)
class ThreadRow(_View):
    """A thread as one row of a list: its size, sources, units, values, days, conflict."""

    id: int
    measure: str
    members: int
    sources: int | None
    units: tuple[str, ...]
    values: str
    days: str
    conflict: bool


def thread_row(thread: StoredThread) -> ThreadRow:
    """The list row of one thread."""
    return ThreadRow(
        id=thread.id, measure=thread.measure, members=len(thread.members), sources=thread.sources,
        units=tuple(thread.units), values=value_span(thread.members), days=day_span(thread.members),
        conflict=bool(thread.conflict),
    )


def listing_row(listing: ThreadListing) -> ThreadRow:
    """The list row of a thread read without its claims (:class:`~claimledger.records.ThreadListing`):
    the same numbers as :func:`thread_row` of the whole thread."""
    spans: dict[str, list[float]] = {}
    for series, value, _ in listing.points:
        spans.setdefault(series_unit(series), []).extend(_number_list(value))
    return ThreadRow(
        id=listing.id, measure=listing.measure, members=len(listing.points), sources=listing.sources,
        units=tuple(dict.fromkeys(series for series, _, _ in listing.points)), values=_span_text(spans),
        days=_days_text(sorted(day.isoformat() for _, _, day in listing.points if day)),
        conflict=bool(listing.conflict),
    )


def figure_sentence(claim: Claim, member: ThreadMember) -> str:
    """The sentence of a claim's content that holds the member's figure."""
    content = claim.content
    q = member.quantity
    offset = q.span[0] - content.span[0]
    if 0 <= offset <= len(content.text):
        return sentence_at(content.text, offset)[0]
    return content.text


@dataclass(frozen=True, slots=True)
class TimelineEntry(_View):
    """One figure on a thread's timeline.

    ``index`` is the member's place in the thread (what ``conflicts_with`` refers to);
    ``low``/``high`` the value's ends (equal for a single value); ``who`` the claim's
    speakers as extracted; ``sentence`` the sentence that holds the figure.
    """

    index: int
    date: str | None
    value: str
    low: float
    high: float
    qualifier: str | None
    change: str
    who: str
    kind: str
    outlet: str | None
    article_id: str
    conflicts_with: tuple[int, ...]
    sentence: str
    span: tuple[int, int]
    input_id: str | None = None
    claim_id: int | None = None
    bound: str = ""
    group: int = 0
    speakers: tuple[SpeakerRef, ...] = ()
    stance: str = "neutral"


@dataclass(frozen=True, slots=True)
class SpeakerRef(_View):
    """A speaker as the ledger resolves it (``id`` None when it is not in the ledger)."""

    id: int | None
    name: str
    type: str


@dataclass(frozen=True, slots=True)
class CurrentFigure(_View):
    """A thread's current figure of one unit series, the member it is (``member``, an
    index into the thread) and the rule that chose it."""

    series: str
    value: str
    change: str
    date: str | None
    member: int | None
    sources: int | None
    rule: str


#: How a figure's change label bounds it: ">" at least, "<" at most, "~" around.
BOUNDS = {">": "at least", "<": "at most", "~": "around"}


@dataclass(frozen=True, slots=True)
class TimelineSeries(_View):
    """The figures of one unit (``count`` for a plain count), by date."""

    unit: str
    entries: tuple[TimelineEntry, ...]


@dataclass(frozen=True, slots=True)
class TimelineView(_View):
    """One thread as timelines: per unit series, each by date."""

    id: int
    measure: str
    members: int
    sources: int | None
    conflict: bool
    series: tuple[TimelineSeries, ...] = field(default_factory=tuple)
    info: dict[str, Any] | None = None
    current: tuple[CurrentFigure, ...] = ()
    groups: int = 0


def source_groups(members: Sequence[ThreadMember]) -> list[int]:
    """Each member's independent-source group, numbered from 1 in thread order: members
    that share a source (a speaker of an outlet, an outlet's own voice, a syndicated
    copy's original) are one group, as :func:`claimledger.link.threads.independent_sources`
    counts them."""
    parent = list(range(len(members)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, m in enumerate(members):
        for key in sorted(m.sources):
            if key in first:
                parent[root(i)] = root(first[key])
            else:
                first[key] = i
    numbers: dict[int, int] = {}
    return [numbers.setdefault(root(i), len(numbers) + 1) for i in range(len(members))]


def timeline_entry(
    index: int, member: ThreadMember, *, group: int = 0, resolved: Mapping[int, LedgerSpeaker] | None = None
) -> TimelineEntry:
    """The timeline entry of the thread's ``index``-th member; ``resolved`` its claim's
    speakers as the ledger knows them, by position (:attr:`StoredClaim.identities`)."""
    claim, q = member.claim, member.quantity
    speakers = claim.speakers or [claim.speaker]
    values = _values(member)
    resolved = resolved or {}
    refs = tuple(
        SpeakerRef(resolved[i].id, resolved[i].canonical, resolved[i].type) if i in resolved
        else SpeakerRef(None, s.canonical, s.type)
        for i, s in enumerate(speakers)
    )
    return TimelineEntry(
        index=index,
        date=member.day.isoformat() if member.day else None,
        value=format_value(q.value),
        low=min(values),
        high=max(values),
        qualifier=q.qualifier,
        change=q.change,
        who=", ".join(dict.fromkeys(s.canonical for s in speakers)),
        kind=claim.kind,
        outlet=member.outlet,
        article_id=member.article_id,
        conflicts_with=tuple(member.conflicts_with or ()),
        sentence=figure_sentence(claim, member),
        span=q.span,
        input_id=member.input_id,
        claim_id=member.claim_id,
        bound=BOUNDS.get(member.change or q.change, ""),
        group=group,
        speakers=refs,
        stance=claim.frame.stance,
    )


def current_figure(figure: Mapping[str, Any]) -> CurrentFigure:
    """One of a thread's stored current figures (:attr:`StoredThread.current`), formatted."""
    value = figure.get("value")
    return CurrentFigure(
        series=str(figure.get("series", "")), value="" if value is None else format_value(value),
        change=str(figure.get("change") or "="), date=figure.get("date"), member=figure.get("member"),
        sources=figure.get("sources"), rule=str(figure.get("rule") or ""),
    )


def timeline(thread: StoredThread, speakers: Mapping[int, Mapping[int, LedgerSpeaker]] | None = None) -> TimelineView:
    """The timeline view of a thread: its members grouped by unit, each group by date
    (undated last, ties in thread order). ``speakers`` are the members' claims' speakers
    as the ledger resolves them (claim id -> position -> speaker), when known."""
    speakers = speakers or {}
    groups = source_groups(thread.members)
    by_unit: dict[str, list[TimelineEntry]] = {}
    for i, member in enumerate(thread.members):
        entry = timeline_entry(i, member, group=groups[i], resolved=speakers.get(member.claim_id))
        by_unit.setdefault(_unit(member), []).append(entry)
    series = tuple(
        TimelineSeries(unit, tuple(sorted(entries, key=lambda e: (e.date or "9999", e.index))))
        for unit, entries in by_unit.items()
    )
    return TimelineView(
        id=thread.id, measure=thread.measure, members=len(thread.members), sources=thread.sources,
        conflict=bool(thread.conflict), series=series, info=thread.info.to_json() if thread.info else None,
        current=tuple(current_figure(f) for f in thread.current or ()), groups=max(groups, default=0),
    )


def iter_entries(view: TimelineView) -> Iterator[tuple[str, TimelineEntry]]:
    """Every entry of a timeline with its unit, series by series."""
    for series in view.series:
        for entry in series.entries:
            yield series.unit, entry


# ---------------------------------------------------------------------------- pages of the web view


@dataclass(frozen=True, slots=True)
class HomeView(_View):
    """What the ledger holds, its newest threads and its threads with conflicts."""

    summary: SummaryView
    threads: int
    newest: tuple[ThreadRow, ...]
    conflicts: tuple[ThreadRow, ...]


@dataclass(frozen=True, slots=True)
class ThreadListView(_View):
    """One page of a filtered, sorted list of threads: ``total`` match, ``filters`` as
    given (the query string's names), ``page`` from 1 of ``pages``."""

    rows: tuple[ThreadRow, ...]
    total: int
    page: int
    pages: int
    per_page: int
    sort: str
    filters: dict[str, Any]


def thread_list_view(
    total: int, listings: Sequence[ThreadListing], *, page: int, per_page: int, sort: str, filters: Mapping[str, Any]
) -> ThreadListView:
    """The list view of one page of :func:`claimledger.api.thread_listing`."""
    return ThreadListView(
        rows=tuple(listing_row(t) for t in listings), total=total, page=page,
        pages=max(1, -(-total // per_page)), per_page=per_page, sort=sort, filters=dict(filters),
    )


@dataclass(frozen=True, slots=True)
class ArticleRow(_View):
    """A stored article as a list row (:class:`~claimledger.records.ArticleListing`)."""

    id: str
    external_id: str | None
    outlet: str
    published: str
    url: str
    title: str
    claims: int


def article_row(listing: ArticleListing) -> ArticleRow:
    """The row of one listed article."""
    return ArticleRow(
        id=listing.id, external_id=listing.external_id, outlet=listing.outlet or "", published=listing.published or "",
        url=listing.url or "", title=listing.title or "", claims=listing.claims,
    )


@dataclass(frozen=True, slots=True)
class SpeakerView(_View):
    """A ledger speaker: its row, its claims (the first ``limit``) and its threads."""

    speaker: SpeakerRow
    claims: tuple[ClaimItem, ...]
    threads: tuple[ThreadRow, ...]
    shown: int
    limit: int


def speaker_view(
    speaker: StoredSpeaker, claims: Sequence[StoredClaim], threads: Sequence[ThreadListing],
    claim_threads: Mapping[int, Mapping[int, int]] | None = None, *, limit: int,
) -> SpeakerView:
    """The view of a speaker, its claims and the threads they are in."""
    return SpeakerView(
        speaker=speaker_row(speaker), claims=tuple(claim_item(n, c, claim_threads) for n, c in enumerate(claims, 1)),
        threads=tuple(listing_row(t) for t in threads), shown=len(claims), limit=limit,
    )


@dataclass(frozen=True, slots=True)
class OutletView(_View):
    """An outlet: its articles, its claims (the first ``limit``), how it frames them
    (claims per stance) and the words it uses for the actors of its stories."""

    outlet: str
    articles: tuple[ArticleRow, ...]
    claims: tuple[ClaimItem, ...]
    stances: tuple[tuple[str, int], ...]
    labels: tuple[LabelRow, ...]
    limit: int


def outlet_view(
    outlet: str, articles: Sequence[ArticleListing], claims: Sequence[StoredClaim],
    labels: Sequence[tuple[Article, Label]], claim_threads: Mapping[int, Mapping[int, int]] | None = None,
    *, limit: int,
) -> OutletView:
    """The view of an outlet; ``stances`` counts the claims shown, most used first."""
    stances: dict[str, int] = {}
    for c in claims:
        stances[c.claim.frame.stance] = stances.get(c.claim.frame.stance, 0) + 1
    return OutletView(
        outlet=outlet, articles=tuple(article_row(a) for a in articles),
        claims=tuple(claim_item(n, c, claim_threads) for n, c in enumerate(claims, 1)),
        stances=tuple(sorted(stances.items(), key=lambda kv: (-kv[1], kv[0]))), labels=tuple(label_rows(labels)),
        limit=limit,
    )


@dataclass(frozen=True, slots=True)
class SearchHit(_View):
    """A claim found by a search, with its content cut where the words stand."""

    item: ClaimItem
    content: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class SearchView(_View):
    """One page of a full-text search over claims (last stored first); ``more`` when
    a next page has hits."""

    query: str
    hits: tuple[SearchHit, ...]
    page: int
    per_page: int
    more: bool


def search_view(
    query: str, found: Sequence[StoredClaim], claim_threads: Mapping[int, Mapping[int, int]] | None = None,
    *, page: int, per_page: int,
) -> SearchView:
    """The view of a page of :func:`claimledger.api.search_claims` (asked for one more
    than ``per_page``, to know whether there is a next page)."""
    words = query.split()
    first = (page - 1) * per_page
    hits = tuple(
        SearchHit(claim_item(first + n, c, claim_threads), tuple(word_hits(c.claim.content.text, words)))
        for n, c in enumerate(found[:per_page], 1)
    )
    return SearchView(query=query, hits=hits, page=page, per_page=per_page, more=len(found) > per_page)
