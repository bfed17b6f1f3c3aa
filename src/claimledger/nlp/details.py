"""``claimledger_claim_details``: every claim's quantities and event date.

The event date follows these rules, in order:

1. the first date expression inside the content ("8,500 civilians were evacuated
   yesterday"), skipping a possessive date in a running figure ("61 have now died
   from Monday's shelling": the toll is as of the statement, not of the shelling);
   a weekday in a future-tense clause ("will leave on Thursday") is the coming one;
2. failing that, a date the cue's sentence gives outside content and speaker ("the
   council said on Wednesday that …"): the claim holds as of that day;
3. failing both, none. Relative expressions need the publication date.
"""
from __future__ import annotations

import re
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..records import Claim
from ..words import WEEKDAY_PATTERN
from .cues import inside
from .dates import find_date_expressions, resolve_date
from .extensions import claims_of, ensure_extensions, text_of
from .quantities import quantities_in

_BARE_WEEKDAY = re.compile(r"^(?:on\s+)?(" + WEEKDAY_PATTERN + r")\b", re.IGNORECASE)
FUTURE_AUX = frozenset({"will", "shall", "'ll", "\u2019ll"})


def _is_future(span: Span, start: int) -> bool:
    """Is the clause holding character ``start`` in the future tense?"""
    token = span.doc.char_span(start, start + 1, alignment_mode="expand")
    if token is None:
        return False
    head = token.root.head
    while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:
        head = head.head
    words = {c.lower_ for c in head.children if c.dep_ in {"aux", "auxpass"}}
    ancestors = {c.lower_ for a in head.ancestors for c in a.children if c.dep_ == "aux"}
    return bool((words | ancestors) & FUTURE_AUX) or "going" in words


def _running_state(span: Span) -> bool:
    """"has risen to 48", "have now died": a figure as of the statement, not of the event."""
    return any(t.lower_ == "now" or (t.dep_ == "aux" and t.lemma_ == "have") for t in span)


def _modifies_noun(span: Span, start: int, end: int) -> bool:
    """"61 have now died from Monday's shelling": a possessive date names when the
    shelling was; the running toll is dated by the statement."""
    text = text_of(span.doc)[start:end]
    possessive = text.endswith(("'s", "\u2019s")) or text_of(span.doc)[end : end + 2] in {"'s", "\u2019s"}
    return possessive and _running_state(span)


def content_date(span: Span, published: date | None) -> date | None:
    """Rule 1: the content's own date expression."""
    for text, start, end in find_date_expressions(span):
        if _modifies_noun(span, start, end):
            continue
        weekday = _BARE_WEEKDAY.match(text.strip())
        if weekday and _is_future(span, start):
            text = f"next {weekday.group(1)}"
        day = resolve_date(text, published)
        if day is not None:
            return day
    return None


def cue_clause_date(doc: Doc, claim: Claim, published: date | None) -> date | None:
    """Rule 2: a date in the cue's sentence outside content and speaker mention
    ("said on Wednesday", "in a statement this morning")."""
    if claim.cue is None:
        return None
    cue = doc.char_span(*claim.cue.span, alignment_mode="expand")
    if cue is None:
        return None
    taken = [claim.content.span] + ([claim.speaker.span] if claim.speaker.span else [])
    for text, start, _ in find_date_expressions(cue.sent):
        if not inside(taken, start):
            day = resolve_date(text, published)
            if day is not None:
                return day
    return None


@Language.factory(
    "claimledger_claim_details",
    requires=["doc._.claims", "doc._.quantities"],
    assigns=["doc._.claims"],
    default_config={},
)
def make_claim_details(nlp: Language, name: str) -> ClaimDetails:
    ensure_extensions()
    return ClaimDetails()


class ClaimDetails:
    """Gives every claim its quantities and event date (see the module docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.published
        for claim in claims_of(doc):
            start, end = claim.content.span
            claim.quantities = quantities_in(doc, start, end)
            content = doc.char_span(start, end, alignment_mode="expand")
            claim.event_date = (content_date(content, published) if content is not None else None) or cue_clause_date(
                doc, claim, published
            )
        return doc
