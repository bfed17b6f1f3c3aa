"""``claimledger_outlet_claims``: figures in the outlet's own voice.

Figures the outlet states in its own voice ("the attack, which killed 86 people, …")
are claims too: every sentence holding a quantity that no attributed claim covers
becomes a claim of kind ``outlet`` whose speaker is the outlet.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Claim, Speaker, TextSpan
from .cues import inside, trim_span
from .extensions import claims_of, ensure_extensions, text_of


def outlet_speaker(doc: Doc) -> Speaker:
    """The outlet as a speaker (no mention: it speaks in its own voice)."""
    name = doc._.outlet or "the outlet"
    return Speaker(text=name, span=None, canonical=name, type="outlet")


def outlet_claims(doc: Doc, claims: list[Claim]) -> list[Claim]:
    """One claim per sentence with a quantity outside every attributed claim."""
    covered = [c.content.span for c in claims]
    uncovered = [q for q in doc._.quantities or [] if not inside(covered, q.span[0])]
    found: list[Claim] = []
    seen: set[int] = set()
    for quantity in uncovered:
        token = doc.char_span(quantity.span[0], quantity.span[1], alignment_mode="expand")
        if token is None or token.sent.start in seen:
            continue
        sent = token.sent
        seen.add(sent.start)
        start, end = trim_span(doc, sent.start_char, sent.end_char)
        found.append(Claim(outlet_speaker(doc), TextSpan(text_of(doc)[start:end], (start, end)), "outlet"))
    return found


@Language.factory(
    "claimledger_outlet_claims",
    requires=["doc._.claims", "doc._.quantities", "doc.sents"],
    assigns=["doc._.claims"],
    default_config={"enabled": True},
)
def make_outlet_claims(nlp: Language, name: str, *, enabled: bool) -> OutletClaims:
    ensure_extensions()
    return OutletClaims(enabled=enabled)


class OutletClaims:
    """Adds the outlet's own figures as claims (see the module docstring)."""

    def __init__(self, *, enabled: bool = True) -> None:
        self.enabled = enabled

    def __call__(self, doc: Doc) -> Doc:
        claims = claims_of(doc)
        if self.enabled:
            for claim in outlet_claims(doc, claims):
                claim.speakers = [claim.speaker]
                claims.append(claim)
            claims.sort(key=lambda c: c.content.span)
        return doc
