"""Words as learned models may weigh them: a name, a number or a date by its kind.

A model trained on a few stories learns their names ("Millbrook", "2019") as weights
unless they are replaced: :func:`word_kind` gives the kind that stands for them, so the
model learns how a story is told, not which people and places it is about. Used by the
propaganda model (:mod:`claimledger.nlp.propaganda`) and the content-edge model
(:mod:`claimledger.nlp.contentmodel`).
"""
from __future__ import annotations

from spacy.tokens import Token

__all__ = ["STORY_ENTITIES", "word_kind"]

#: Entity types whose words stand for the story, not for how it is told.
STORY_ENTITIES = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "DATE", "TIME", "CARDINAL",
                            "MONEY", "QUANTITY", "PERCENT", "ORDINAL"})


def word_kind(token: Token) -> str | None:
    """The kind standing for a token that names or numbers something ("<GPE>", "<NUM>",
    "<NAME>"), or None for any other word."""
    if token.ent_type_ in STORY_ENTITIES:
        return f"<{token.ent_type_}>"
    if token.pos_ in {"PROPN", "NUM"} or token.like_num:
        return f"<{token.pos_}>"
    if (token.is_title or token.is_upper) and len(token) > 1 and not token.is_sent_start:
        return "<NAME>"  # a capitalised word inside a sentence the tagger took for a common one
    return None
