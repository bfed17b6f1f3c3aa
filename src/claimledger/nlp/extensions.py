"""Doc extension attributes, registered lazily and in one place.

Components call :func:`ensure_extensions` in their factory, so a pipeline built from
config works without importing anything else first.
"""
from __future__ import annotations

from spacy.tokens import Doc

#: name -> default value of every ``doc._`` attribute claimledger sets.
DOC_EXTENSIONS: dict[str, object] = {
    "claims": None,  # list[claimledger.records.Claim], set by the attribution components
    "quotes": None,  # list[tuple[int, int]]: character ranges of quotations, marks included
    "quantities": None,  # list[claimledger.records.Quantity], set by claimledger_quantities
    "published": None,  # datetime.date | None: publication date, set by the caller
    "outlet": None,  # str | None: the outlet's name, set by the caller
    "title_span": None,  # tuple[int, int] | None: where the headline stands, set by the caller
    "propaganda": None,  # list[tuple[int, int, str]]: technique spans, set by claimledger_propaganda
    "intro_speakers": None,  # dict[int, Span]: line index -> speaker a line introduces
}


def ensure_extensions() -> None:
    """Register every claimledger ``Doc`` extension that is not registered yet."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def claims_of(doc: Doc) -> list:
    """``doc._.claims``, created empty on first use."""
    if doc._.claims is None:
        doc._.claims = []
    return doc._.claims


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per document (spaCy joins the tokens on every access)."""
    text = doc.user_data.get("claimledger.text")
    if text is None:
        text = doc.user_data["claimledger.text"] = doc.text
    return text


def ents_of(doc: Doc) -> tuple:
    """``doc.ents``, built once per document (spaCy builds the spans on every access).

    Components that set entities must do so before the first call."""
    ents = doc.user_data.get("claimledger.ents")
    if ents is None:
        ents = doc.user_data["claimledger.ents"] = tuple(doc.ents)
    return ents
