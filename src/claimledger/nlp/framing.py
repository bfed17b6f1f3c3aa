"""``claimledger_framing``: how the outlet frames each claim it reports.

Every claim gets a :class:`~claimledger.records.Frame`: a stance (``doubt``,
``endorse`` or ``neutral``) and the cues that gave it, each named by its rule. The
words each rule reads are in ``claimledger/data/words/framing.toml`` (general news
usage, no word of one story). The rules:

===================== ======= ===============================================================
rule                  stance  what it reads
===================== ======= ===============================================================
``cue_doubt``         doubt   the claim's cue is a loaded verb or noun: "claimed", "alleged",
                              "insisted", "the allegation that"
``cue_endorse``       endorse the cue vouches for the content: "confirmed", "revealed",
                              "admitted", "showed"
``speaker_distancing`` doubt  "so-called", "self-styled" before the speaker, or the speaker
                              mention in scare quotes
``hedge``             doubt   "allegedly", "reportedly", "supposedly" in the claim's sentence,
                              outside its content
``no_evidence``       doubt   "without providing evidence", "could not be independently
                              verified" in the claim's sentence (outside quotations) or in the
                              next sentence (unless a claim of that sentence is cued before it)
``unclear``           doubt   "it is not clear whether", "it was not immediately clear", as above
``verified``          endorse "independently confirmed", "was corroborated by", as above,
                              unless a negation stands just before
``outlet_doubts``     doubt   a sentence in the outlet's own voice refers back to claims
                              ("such claims", "these reports", "this figure") and doubts them
                              ("care has to be taken before accepting", "implausible",
                              "not credible": a negation turns an endorsing word around)
``outlet_endorses``   endorse the same, endorsing: "these reports are all too credible"
``outlet_weighs``     neutral a sentence in the outlet's voice weighs two claims ("it seems
                              more likely that …") and names one of them or a claim noun
                              ("estimate"); both claims get the cue, which links them
===================== ======= ===============================================================

A back-reference ("such claims") points at the claims of the last speaker before it, in
that speaker's paragraph (at most two paragraphs back); a singular one ("this figure")
at that speaker's last claim only; a plural one ("these reports") also takes the
paragraph just before when its claims are the same speaker's (a statement and the
quotation that carries it on). A possessive one ("the ministry's figures", "the envoy's
estimate") points at the claims of the nearest speaker whose name, mention, role or
affiliation holds the possessor (at most four paragraphs back). A weighing links the nearest claim
before it with the nearest earlier claim of another speaker, preferring one that
counts the same thing. Claims in the outlet's own voice are never referred to.

The stance is the sum of the cues (doubt -1, endorse +1, weighing 0): negative is
``doubt``, positive ``endorse``; a tie between doubt and endorsement goes to the
outlet's last word (its later cue), and no cue, or weighings only, is ``neutral``.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..records import Claim, FrameCue, Stance
from ..words import QUOTE_MARKS_WITH_APOSTROPHES, read_table
from .cues import trim_span
from .extensions import claims_of, ensure_extensions, text_of

WORDS = read_table("framing.toml")

#: Each rule's weight in the stance: -1 doubt, +1 endorse, 0 neither.
RULES: dict[str, int] = {
    "cue_doubt": -1, "cue_endorse": 1, "speaker_distancing": -1, "hedge": -1, "no_evidence": -1,
    "unclear": -1, "verified": 1, "outlet_doubts": -1, "outlet_endorses": 1, "outlet_weighs": 0,
}

CUE_DOUBT = frozenset(WORDS["cue_verbs"]["doubt"])
CUE_ENDORSE = frozenset(WORDS["cue_verbs"]["endorse"])
#: Cue words that count as nouns too ("the allegation that …"); the others only as verbs.
CUE_NOUNS = frozenset({"allegation", "assertion"})
NEGATIONS = frozenset(WORDS["reference"]["negations"])


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive regex for ``phrases`` on word boundaries, longest first;
    ``*`` stands for up to three words, a space for any white space."""
    parts = []
    for phrase in sorted(set(phrases), key=lambda p: (-len(p), p)):
        words = phrase.split()
        parts.append("".join(
            r"(?:\S+\s+){0,3}?" if w == "*" else re.escape(w) + (r"\s+" if i < len(words) - 1 else "")
            for i, w in enumerate(words)
        ))
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)


_DISTANCING_WORDS = r"(?:" + "|".join(re.escape(w) for w in WORDS["distancing"]["speaker"]) + r")"
#: A distancing word right before a speaker mention ("the so-called 'council'").
DISTANCING = re.compile(r"(?<![\w-])" + _DISTANCING_WORDS + r"(?=\s*\W{0,2}\s*$)", re.IGNORECASE)
#: A distancing word inside a speaker mention.
DISTANCING_WORD = re.compile(r"(?<![\w-])" + _DISTANCING_WORDS + r"(?![\w-])", re.IGNORECASE)
HEDGES = phrase_pattern(WORDS["distancing"]["hedge"])
SENTENCE_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("no_evidence", phrase_pattern(WORDS["no_evidence"]["doubt"])),
    ("unclear", phrase_pattern(WORDS["unclear"]["doubt"])),
    ("verified", phrase_pattern(WORDS["verified"]["endorse"])),
]
_REF = WORDS["reference"]
#: "such claims", "these reports", "the allegations", "this figure": a claim noun after a
#: determiner (figures, numbers and estimates only after a demonstrative or possessive).
REFERENCE = re.compile(
    r"(?<![\w-])(?:(?:" + "|".join(re.escape(d) for d in _REF["determiners"] if d != "the") + r")\s+(?:\w+\s+)?"
    r"(?P<any>" + "|".join(re.escape(n) for n in _REF["nouns"]) + r")"
    r"|the\s+(?:\w+\s+)?(?P<claim>claims?|allegations?|assertions?|accounts?|reports?|accusations?|version|narrative))"
    r"(?![\w-])",
    re.IGNORECASE,
)
#: "the ministry's figures", "Fenn's claims": a claim noun after a possessor, who names
#: the speaker referred to.
POSSESSIVE = re.compile(
    r"(?<![\w-])(?P<owner>[\w-]+)(?:'s|\u2019s|s'|s\u2019)\s+(?:own\s+|latest\s+|new\s+)?"
    r"(?P<any>" + "|".join(re.escape(n) for n in _REF["nouns"]) + r")(?![\w-])",
    re.IGNORECASE,
)
REF_DOUBT = phrase_pattern(_REF["doubt"])
REF_ENDORSE = phrase_pattern(_REF["endorse"])
WEIGHING = phrase_pattern(WORDS["weighing"]["phrases"])
#: How many paragraphs back a back-reference or a weighing reaches.
REACH = 2
WEIGH_REACH = 4


@dataclass
class _Claim:
    claim: Claim
    para: int


def _negated(text: str, start: int, floor: int) -> bool:
    """Is there a negation among the three words before ``start`` (not before ``floor``)?"""
    words = re.findall(r"[\w']+", text[max(floor, start - 40) : start].lower())[-3:]
    return any(w in NEGATIONS or w.endswith("n't") for w in words)


def _outside(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    return not any(s < end and start < e for s, e in ranges)


class Framer:
    """Gives every claim of a Doc its frame (see the module docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        claims = claims_of(doc)
        if not claims:
            return doc
        text = text_of(doc)
        found: dict[int, list[FrameCue]] = {id(c): [] for c in claims}
        lines = [m.start() for m in re.finditer(r"[^\n]*\S[^\n]*", text)]

        def para(offset: int) -> int:
            return bisect_right(lines, offset)

        # "That figure is not supported by X" is parsed as X's claim "That figure": a content
        # that is only a back-reference is the outlet's sentence, not a claim to frame
        attributed = [c for c in claims if c.kind != "outlet" and not _only_reference(c.content.text)]
        voices = [c.content.span for c in attributed]
        # the outlet judges in its own words: not in a claim's content nor in its cue
        # ("the Observatory confirmed the reports" is the Observatory's word)
        cues = [c.cue.span for c in attributed if c.cue is not None]
        quotes = list(doc._.quotes or []) + [c.content.span for c in attributed if c.kind == "direct"]
        sents = list(doc.sents)
        for claim in attributed:
            found[id(claim)].extend(self.own_cues(doc, text, claim, quotes, sents))
        ordered = sorted((_Claim(c, para(c.content.span[0])) for c in attributed), key=lambda c: c.claim.content.span)
        for n, sent in enumerate(sents):
            start, end = trim_span(doc, sent.start_char, sent.end_char)
            if start >= end:
                continue
            end = sent.start_char + len(text[sent.start_char : sent.end_char].rstrip())
            for cue, targets in self.outlet_cues(text, start, end, voices, cues, ordered, para,
                                                 sents[n - 1] if n else None):
                for target in targets:
                    found[id(target)].append(FrameCue(cue.text, cue.span, cue.rule))
        for claim in claims:
            cues = sorted(found[id(claim)], key=lambda c: c.span)
            claim.frame.cues = _unique(cues)
            claim.frame.stance = stance(claim.frame.cues)
        return doc

    # ------------------------------------------------------------------ one claim's own cues

    def own_cues(
        self, doc: Doc, text: str, claim: Claim, quotes: list[tuple[int, int]], sents: list[Span]
    ) -> list[FrameCue]:
        out: list[FrameCue] = []
        if claim.cue is not None:
            cue = doc.char_span(*claim.cue.span, alignment_mode="expand")
            for token in cue or ():
                lemma = token.lemma_.lower()
                is_word = token.pos_ in {"VERB", "AUX"} or lemma in CUE_NOUNS
                if not is_word:
                    continue
                span = (token.idx, token.idx + len(token.text))
                if lemma in CUE_DOUBT:
                    out.append(FrameCue(token.text, span, "cue_doubt"))
                elif lemma in CUE_ENDORSE:
                    out.append(FrameCue(token.text, span, "cue_endorse"))
        if claim.speaker.span is not None:
            s, e = claim.speaker.span
            mention = text[s:e]
            lead = max(0, s - 30)
            before = DISTANCING.search(text[lead:s])
            if before:
                out.append(FrameCue(before.group(), (lead + before.start(), lead + before.end()), "speaker_distancing"))
            elif DISTANCING_WORD.search(" ".join(mention.split()[:3])):  # "the so-called council", not a word deep inside
                out.append(FrameCue(mention, (s, e), "speaker_distancing"))
            elif _scare_quoted(text, s, e):
                out.append(FrameCue(mention, (s, e), "speaker_distancing"))
        here = _sentences_of(claim, sents)
        if not here:
            return out
        taken = [claim.content.span] + ([claim.speaker.span] if claim.speaker.span else [])
        lo, hi = here[0].start_char, here[-1].end_char
        for m in HEDGES.finditer(text, lo, hi):
            if _outside(taken, m.start(), m.end()) and _outside(quotes, m.start(), m.end()):
                out.append(FrameCue(m.group(), m.span(), "hedge"))
        # a phrase inside the content is the speaker's own hedge ("X said it was unclear
        # whether …"), except a trailing "without providing evidence" the content took in
        s, e = claim.content.span
        out.extend(c for c in _sentence_rules(text, lo, hi, quotes)
                   if not (s <= c.span[0] < e) or c.text.lower().startswith("without"))
        return out

    # ------------------------------------------------------------------ the outlet's own sentences

    def outlet_cues(self, text, start, end, voices, cues, ordered, para, prev):
        """The outlet's back-references, sentence rules about the previous sentence, and
        weighings in one sentence: ``(cue, claims it applies to)``."""
        here = para(start)
        before = [c for c in ordered if c.claim.content.span[1] <= start]
        if not before:
            return
        # back-references: "such claims", "these reports", "the ministry's figures"
        refs = sorted([*POSSESSIVE.finditer(text, start, end), *REFERENCE.finditer(text, start, end)], key=lambda m: m.start())
        for m in refs:
            if not _outside(voices, m.start(), m.end()):
                continue
            polarity = _judgement(text, start, end, voices + cues)
            if polarity == 0:
                continue
            noun = (m.group("any") or m.groupdict().get("claim") or "").lower()
            owner = m.groupdict().get("owner")
            targets = _owned(before, here, owner) if owner else []
            if not owner or not targets:
                targets = [] if owner else _referents(before, here, plural=noun.endswith("s"))
            if targets:
                rule = "outlet_doubts" if polarity < 0 else "outlet_endorses"
                yield FrameCue(text[start:end], (start, end), rule), targets
            break
        # a sentence rule in the outlet's next sentence applies to the claims of the previous one
        if prev is not None:
            targets = [c.claim for c in before if prev.start_char <= c.claim.content.span[1] <= prev.end_char]
            cued = [c.claim.cue.span[0] for c in ordered if c.claim.cue and start <= c.claim.cue.span[0] < end]
            if targets:
                for cue in _sentence_rules(text, start, end, voices):
                    # "Police said 5 died, without providing evidence": the phrase is about
                    # the claim cued before it in its own sentence, not the sentence before
                    if not any(at < cue.span[0] for at in cued):
                        yield cue, targets
        # weighings: "it seems more likely that …"
        for m in WEIGHING.finditer(text, start, end):
            if not _outside(voices, m.start(), m.end()):
                continue
            pair = _weighed(before, here, text[start:end])
            if pair:
                yield FrameCue(text[start:end], (start, end), "outlet_weighs"), pair
            break


def _only_reference(text: str) -> bool:
    text = text.strip()
    return bool(REFERENCE.fullmatch(text) or POSSESSIVE.fullmatch(text))


def _unique(cues: list[FrameCue]) -> list[FrameCue]:
    seen: set[tuple[tuple[int, int], str]] = set()
    out = []
    for cue in cues:
        if (cue.span, cue.rule) not in seen:
            seen.add((cue.span, cue.rule))
            out.append(cue)
    return out


def stance(cues: list[FrameCue]) -> Stance:
    """The stance the cues add up to (see the module docstring)."""
    score = sum(RULES[c.rule] for c in cues)
    if score < 0:
        return "doubt"
    if score > 0:
        return "endorse"
    weighted = [c for c in cues if RULES[c.rule]]
    if not weighted:
        return "neutral"
    return "doubt" if RULES[max(weighted, key=lambda c: c.span).rule] < 0 else "endorse"


def _scare_quoted(text: str, start: int, end: int) -> bool:
    """Is the speaker mention (or a word of it) in quotation marks?"""
    mention = text[start:end]
    marks = [i for i, ch in enumerate(mention) if ch in QUOTE_MARKS_WITH_APOSTROPHES and ch not in "'\u2019"]
    if len(marks) >= 2:
        return True
    outer = text[start - 1 : start] + text[end : end + 1]
    return len(outer) == 2 and all(ch in QUOTE_MARKS_WITH_APOSTROPHES and ch not in "'\u2019" for ch in outer)


def _sentences_of(claim: Claim, sents: list[Span]) -> list[Span]:
    spans = [claim.content.span] + ([claim.cue.span] if claim.cue else [])
    lo, hi = min(s for s, _ in spans), max(e for _, e in spans)
    return [s for s in sents if s.start_char < hi and lo < s.end_char]


def _sentence_rules(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> list[FrameCue]:
    out = []
    for rule, pattern in SENTENCE_RULES:
        for m in pattern.finditer(text, start, end):
            if not _outside(quotes, m.start(), m.end()):
                continue
            if rule == "verified" and _negated(text, m.start(), start):
                continue
            out.append(FrameCue(m.group(), m.span(), rule))
    doubt = [c for c in out if RULES[c.rule] < 0]
    # "could not be independently verified" is no support: drop endorsements inside a doubt
    return [c for c in out if RULES[c.rule] < 0 or _outside([d.span for d in doubt], *c.span)]


def _judgement(text: str, start: int, end: int, voices: list[tuple[int, int]]) -> int:
    """What the outlet's sentence says of what it refers to: -1 doubt, +1 endorse, 0 neither
    or both as often. A phrase inside a longer one of the other list gives way to it ("no
    reason to doubt"); a negation just before a phrase turns it around ("not credible")."""
    doubts = [m.span() for m in REF_DOUBT.finditer(text, start, end) if _outside(voices, *m.span())]
    endorses = [m.span() for m in REF_ENDORSE.finditer(text, start, end) if _outside(voices, *m.span())]

    def within(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
        return any(s <= span[0] and span[1] <= e and (s, e) != span for s, e in others)

    score = 0
    for span in doubts:
        if not within(span, endorses):
            score += 1 if _negated(text, span[0], start) and text[span[0]:span[1]].lower().startswith("doubt") else -1
    for span in endorses:
        if not within(span, doubts):
            score += -1 if _negated(text, span[0], start) else 1
    return (score > 0) - (score < 0)


def _owned(before: list[_Claim], here: int, owner: str) -> list[Claim]:
    """The claims of the nearest speaker the possessor names (its name, mention, role or
    affiliation holds the word: "the envoy's figure" is the UN envoy's), within reach."""
    word = owner.casefold()
    if word in {"it", "its", "their", "his", "her", "one"}:
        return []

    def names(c: _Claim) -> bool:
        sp = c.claim.speaker
        told = " ".join(x for x in (sp.canonical, sp.text, sp.role, sp.affiliation) if x).casefold()
        return word in re.findall(r"[\w-]+", told)

    near = [c for c in before if here - c.para <= WEIGH_REACH and names(c)]
    if not near:
        return []
    who = near[-1].claim.speaker.canonical.casefold()
    return [c.claim for c in near if c.claim.speaker.canonical.casefold() == who]


def _referents(before: list[_Claim], here: int, *, plural: bool) -> list[Claim]:
    last = before[-1]
    if here - last.para > REACH:
        return []
    speaker = last.claim.speaker.canonical.casefold()
    # the last speaker's claims in that paragraph, back to another speaker's
    targets: list[_Claim] = []
    for c in reversed([c for c in before if c.para == last.para]):
        if c.claim.speaker.canonical.casefold() != speaker:
            break
        targets.insert(0, c)
    if plural:
        earlier = [c for c in before if c.para < last.para]
        if earlier and earlier[-1].para == last.para - 1:
            targets = [c for c in earlier if c.para == earlier[-1].para and c.claim.speaker.canonical.casefold() == speaker] + targets
    else:
        targets = [last]
    return [c.claim for c in targets]


def _counted(claim: Claim) -> set[str]:
    return {q.counted for q in claim.quantities if q.counted} | {q.unit for q in claim.quantities if q.unit}


def _weighed(before: list[_Claim], here: int, sentence: str) -> list[Claim]:
    last = before[-1]
    if here - last.para > REACH:
        return []
    speaker = last.claim.speaker.canonical.casefold()
    others = [c for c in before[:-1] if here - c.para <= WEIGH_REACH and c.claim.speaker.canonical.casefold() != speaker]
    if not others:
        return []
    counted = _counted(last.claim)
    same = [c for c in others if counted & _counted(c.claim)]
    other = (same or others)[-1]
    names = {w.casefold() for c in (last, other) for w in c.claim.speaker.canonical.split()[-1:]}
    words = {w.casefold() for w in re.findall(r"[\w-]+", sentence)}
    if not (names & words or REFERENCE.search(sentence) or re.search(r"(?<!\w)(?:this|these|that)\s+(?:suggests?|shows?|means?|implies|would)", sentence, re.IGNORECASE)):
        return []
    return [other.claim, last.claim]


@Language.factory(
    "claimledger_framing",
    requires=["doc._.claims", "doc.sents"],
    assigns=["doc._.claims"],
    default_config={},
)
def make_framing(nlp: Language, name: str) -> Framer:
    ensure_extensions()
    return Framer()
