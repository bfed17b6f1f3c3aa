"""The claimledger pipeline: spaCy's English model plus claimledger's components.

================================  ==========================================================
component                         what it adds
================================  ==========================================================
``claimledger_paragraphs``        sentence starts at line breaks (before the parser)
``claimledger_quantities``        ``doc._.quantities``: numbers with unit, counted thing
``claimledger_quotes``            direct quotations and their speakers
``claimledger_attribution``       indirect speech, "according to", headlines; learned content edges
``claimledger_speakers``          speakers resolved through pronouns and earlier mentions
``claimledger_outlet_claims``     figures in the outlet's own voice
``claimledger_claim_details``     quantities and event date of every claim
================================  ==========================================================
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from ..errors import ClaimledgerError
from ..settings import Settings
from . import attribution, details, outlet, paragraphs, quantities, quotes, speakers  # noqa: F401  (registers factories)
from .extensions import ensure_extensions

COMPONENTS = (
    "claimledger_quantities",
    "claimledger_quotes",
    "claimledger_attribution",
    "claimledger_speakers",
    "claimledger_outlet_claims",
    "claimledger_claim_details",
)


def build_pipeline(settings: Settings | None = None) -> Language:
    """Load the English model and add claimledger's components after it."""
    settings = settings or Settings()
    ensure_extensions()
    try:
        nlp = spacy.load(settings.model)
    except OSError as e:
        raise ClaimledgerError("E013", model=settings.model) from e
    nlp.add_pipe("claimledger_paragraphs", before="parser")
    for name in COMPONENTS:
        config = {"enabled": settings.outlet_claims} if name == "claimledger_outlet_claims" else {}
        nlp.add_pipe(name, config=config)
    return nlp


@lru_cache(maxsize=4)
def _cached(model: str, outlet_claims: bool) -> Language:
    return build_pipeline(Settings(model=model, outlet_claims=outlet_claims))


@lru_cache(maxsize=4)
def _parser(model: str) -> Language:
    try:
        return spacy.load(model)
    except OSError as e:
        raise ClaimledgerError("E013", model=model) from e


def get_parser(settings: Settings | None = None) -> Language:
    """The bare English model (tagger, parser, entities) for ``settings``, loaded once per
    process: what quantity extraction alone needs."""
    return _parser((settings or Settings()).model)


def get_pipeline(settings: Settings | None = None) -> Language:
    """The pipeline for ``settings``, built once per process."""
    settings = settings or Settings()
    return _cached(settings.model, settings.outlet_claims)
