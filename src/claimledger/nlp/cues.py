"""Cue verbs and their speakers, shared by the quotation and the indirect-speech rules."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ..words import PERSONAL_PRONOUNS
from .cuemodel import CueModel
from .extensions import text_of
from .lexicon import REPORTING_VERBS

SUBJECT_DEPS = frozenset({"nsubj"})
#: Clause links through which a cue verb borrows its subject ("..., adding that ...").
SUBJECT_BORROWING_DEPS = frozenset({"conj", "advcl", "xcomp"})


def inside(ranges: list[tuple[int, int]], offset: int) -> bool:
    """Is character ``offset`` inside one of ``ranges``?"""
    return any(s <= offset < e for s, e in ranges)


def is_cue_verb(token: Token) -> bool:
    """A reporting verb used as a verb ("says", "told", "has learned")."""
    return token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in REPORTING_VERBS


def is_cue(token: Token, model: CueModel | None) -> bool:
    """A reporting verb, or a verb the learned cue ``model`` (:mod:`.cuemodel`; the
    pipeline's own, None for the lexicon alone) takes for a cue in its frame ("asks",
    "demanded", "went on about")."""
    if is_cue_verb(token):
        return True
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    return model is not None and model.is_cue(token)


def subject_of(verb: Token) -> Token | None:
    """The verb's subject (the nearest before it when the parser gives several),
    borrowed from the governing verb for "..., adding that"."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if subjects:
        before = [c for c in subjects if c.i < verb.i]
        return before[-1] if before else subjects[0]
    if verb.dep_ in SUBJECT_BORROWING_DEPS and verb.head.i != verb.i:
        if verb.head.dep_ not in SUBJECT_BORROWING_DEPS or verb.dep_ == verb.head.dep_ == "conj":
            return subject_of(verb.head)  # "… attacked A, praised B and blamed C": along the chain
        return None
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in {"VERB", "AUX"}:
        return subject_of(verb.head.head)  # "responded by saying that …": the responder says it
    return None


#: "X in a statement says": the prepositional phrase tells how X spoke, not who X is.
CHANNEL_NOUNS = frozenset("statement interview communique briefing conference release tweet post message video speech letter".split())


def subject_mention(subject: Token, *, clauses: bool = True) -> Span:
    """The subject's whole phrase, relative clauses and appositions included (PolNeAR's
    source: "Luis Rubio, who heads the centre,"), trimmed of punctuation, of a
    dateline before it and of "in a statement". With ``clauses`` false, relative
    clauses are cut ("ONA, which claimed that …": the clause is the claim)."""
    doc = subject.doc
    tokens = list(subject.subtree)
    start, end = tokens[0].i, tokens[-1].i + 1
    for child in subject.rights:
        if child.dep_ == "prep" and any(g.lemma_.lower() in CHANNEL_NOUNS for g in child.children):
            end = min(end, child.i)
        if not clauses and child.dep_ in {"relcl", "acl"} and child.i > subject.i:
            end = min(end, child.left_edge.i)
    for token in doc[start:end]:
        if token.text in {"--", "—", "–", "-"} and token.i < subject.i and token.i - start <= 3 and doc[token.i - 1].whitespace_:
            start = token.i + 1  # "WASHINGTON -- President Obama"
    span = _trim(doc[start:end])
    while len(span) > 1 and span[-1].pos_ == "ADP":
        span = _trim(doc[span.start : span.end - 1])
    return span


#: Verbs whose "it" is impersonal: "it seems that …", "it emerged that …".
IMPERSONAL_VERBS = frozenset("seem appear emerge transpire turn happen look sound remain become".split())


def is_speaker_subject(subject: Token) -> bool:
    """Demonstratives and relative pronouns ("this suggests") are not speakers, nor is
    the impersonal "it" of "it seems that …"."""
    if subject.lower_ == "it" and subject.head.lemma_.lower() in IMPERSONAL_VERBS:
        return False
    if subject.pos_ == "PRON" or subject.tag_ in {"DT", "WDT", "WP"}:
        return subject.lower_ in PERSONAL_PRONOUNS
    return subject.dep_ != "expl"


def _trim(span: Span) -> Span:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def cue_span(verb: Token) -> Span:
    """The verb with its auxiliaries, negation and particle ("has learned", "points out")."""
    doc = verb.doc
    start, end = verb.i, verb.i + 1
    for child in reversed(list(verb.lefts)):
        if child.dep_ in {"aux", "auxpass", "neg"} and child.i == start - 1:
            start = child.i
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == end:
            end = child.i + 1
    return doc[start:end]


#: A wire-service dateline opening a paragraph: "MERRAN, March 12 (ONA) – ".
DATELINE = re.compile(
    r"[A-Z][A-Z .'-]{2,40}(?:, [A-Z][\w .'-]{1,40})?, [A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?"
    r"(?: \([^)]{1,40}\))? ?[-\u2013\u2014]+ ?"
)


def trim_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character range without edge white space, edge punctuation (not quote marks)
    or a leading dateline."""
    text = text_of(doc)
    m = DATELINE.match(text, start, end)
    if m:
        start = m.end()
    while start < end and (text[start].isspace() or text[start] in ",;:\u2013\u2014"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:\u2013\u2014."):
        end -= 1
    return start, end


#: Marks that end a cue's reach: a cue never runs across them, nor across a sentence's end.
CUE_STOPS = re.compile(r"[,;:()\u2014\u2013\"\u201c\u201d\u2018\u2019\n]|''|``|\.\s")
#: Dependents of a cue verb that never join the cue: the listener ("told reporters")
#: and the subject.
NON_CUE_DEPS = frozenset({"dobj", "dative", "nsubj", "nsubjpass", "ccomp", "xcomp", "conj", "cc", "poss"})


def _governed(token: Token, verb: Token) -> bool:
    """Is ``token`` the verb or inside one of its dependents that may join a cue?"""
    while token.i != verb.i:
        if token.head.i == verb.i:
            return token.dep_ not in NON_CUE_DEPS
        if token.head.i == token.i:
            return False
        token = token.head
    return True


def _dated(token: Token) -> bool:
    """A date or time, or the preposition that introduces one ("on Tuesday")."""
    if token.ent_type_ in {"DATE", "TIME"}:
        return True
    return token.pos_ == "ADP" and any(c.ent_type_ in {"DATE", "TIME"} for c in token.children)


def span_head(doc: Doc, start: int, end: int) -> Token | None:
    """The syntactic head of the words between character offsets ``start`` and
    ``end``: the first whose own head lies outside them."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    tokens = [t for t in span if t.idx < end and t.idx + len(t) > start and not t.is_space]
    ids = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in ids or t.head.i == t.i), None)


def widen_cue(doc: Doc, cue: tuple[int, int], source: tuple[int, int] | None, content: tuple[int, int]) -> tuple[int, int]:
    """The cue as the words between source and content (PolNeAR's cue).

    "Trump *has also questioned* whether …", "the ministry *said at a briefing Monday*
    that …": adverbs, auxiliaries and circumstances of the cue verb standing between
    the speaker and what they said belong to the cue. The cue never grows across
    punctuation, a listener ("told *reporters*") or another clause, nor over a bare
    date ("said Monday that", "on Tuesday said"), which PolNeAR leaves out. Where the
    content stands apart, see :func:`_trailing_circumstances`.
    """
    text = text_of(doc)
    verb = span_head(doc, *cue)
    if verb is None:
        return cue
    start, end = cue
    if source is not None and source[1] <= start and not CUE_STOPS.search(text, source[1], start):
        gap = doc.char_span(source[1], start, alignment_mode="contract")
        if gap is not None and len(gap) and all(_governed(t, verb) for t in gap) and not any(_dated(t) for t in gap):
            start = gap[0].idx
    if content[0] >= end and not CUE_STOPS.search(text, end, content[0]):
        gap = doc.char_span(end, content[0], alignment_mode="contract")
        if gap is not None and len(gap) and all(_governed(t, verb) for t in gap) and not all(_dated(t) for t in gap):
            end = gap[-1].idx + len(gap[-1].text)
    else:  # the content stands apart from the cue: before it, or in the next quotation
        end = _trailing_circumstances(doc, verb, end)
    return start, end


def _trailing_circumstances(doc: Doc, verb: Token, end: int) -> int:
    """Where the content stands apart, the cue runs on over the manner and channel
    that follow the verb (“…,” she said *in an interview*; “…,” he said
    *sarcastically*), up to anything else; a date stays out, as PolNeAR marks it."""
    for child in verb.rights:
        first, last = child.left_edge, child.right_edge
        if first.idx < end:
            continue
        if any(t.is_punct for t in doc[first.i - 1 : last.i + 1]) or not _circumstance(child):
            break
        end = last.idx + len(last.text)
    return end


def _circumstance(child: Token) -> bool:
    """How or through which channel the verb's speaker spoke."""
    if child.dep_ == "advmod":
        return True
    if child.dep_ == "prep":
        return any(g.dep_ == "pobj" and g.lemma_.lower() in CHANNEL_NOUNS for g in child.children)
    return False
