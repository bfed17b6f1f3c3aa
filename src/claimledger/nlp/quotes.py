"""``claimledger_quotes``: direct quotations and who spoke them.

Rules, in the order they are tried for each quotation (a span between matching
quotation marks on one line):

0. **Signed**: a quotation followed on its line only by a dash and a name ("“…” ― Carla
   Sanchez") is that person's, the dash its cue.
1. **Cued**: a reporting verb right after a quotation that opens its sentence
   ("“…,” he said.") or right before it, after a colon or comma ("She said: “…”"),
   names the speaker through its subject; after a colon the cue before wins ("Peabody
   said: “…,” adding that …": "adding" then makes its own claim). A quotation inside a reported clause
   ("said the truce would hold “as long as the army does”") is a mixed quotation:
   ``claimledger_attribution`` reports it as indirect speech.
2. **Continued**: a quotation that opens right after a cued quotation's cue sentence
   on the same line continues it ("“A,” he said. “B.”"): same speaker, same cue.
3. **Quotation paragraph**: a quotation that fills its line with no cue of its own is
   spoken by whoever the previous line introduced; that speaker is found later, by
   ``claimledger_speakers``, so the claim is left *pending*.
4. Anything else (a few quoted words inside the outlet's own sentence) is a scare
   quote or an echo, not a claim; it is still recorded in ``doc._.quotes``.

Textacy's ``direct_quotations`` (Chartbeat) uses the same frame idea; unlike it, an
odd quotation mark never raises here: an unclosed quotation runs to the line's end.
"""
from __future__ import annotations

import re
from typing import cast

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..records import Claim, Speaker, SpeakerType, TextSpan
from ..words import QUOTE_PAIRS
from .cuemodel import MODEL_FILE as CUE_MODEL_FILE
from .cuemodel import CueModel, load_cue_model
from .cues import DATELINE, cue_span, inside, is_cue, is_speaker_subject, subject_mention, subject_of
from .extensions import claims_of, ensure_extensions, text_of
from .lexicon import INTRO_VERBS
from .mentions import speaker_from_mention
from .paragraphs import line_index, paragraph_starts

#: Fewer words than this between the marks, with no cue: a scare quote.
MIN_QUOTE_WORDS = 4
#: How many words after a quotation its cue may stand ("“…,” the ministry's spokesman said").
MAX_CUE_DISTANCE = 6
#: The type of a quotation's speaker until the speakers component finds one (never stored).
PENDING = cast(SpeakerType, "pending")


def opening_mark(text: str, i: int) -> str:
    """The opening quotation mark at ``text[i]`` (one or two characters), or ""."""
    if text[i : i + 2] in QUOTE_PAIRS:
        return text[i : i + 2]
    return text[i] if text[i] in QUOTE_PAIRS else ""


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Character ranges of quotations, marks included; each stays on its line."""
    quotes = []
    pos = 0
    for line in text.split("\n"):
        i = 0
        while i < len(line):
            opener = opening_mark(line, i)
            if not opener:
                i += 1
                continue
            ends = [(j, len(c)) for c in QUOTE_PAIRS[opener] if (j := line.find(c, i + len(opener))) != -1]
            end = sum(min(ends)) if ends else len(line)
            quotes.append((pos + i, pos + end))
            i = end
        pos += len(line) + 1
    return quotes


def _cue_in(doc: Doc, start: int, end: int, quotes: list[tuple[int, int]], model: CueModel | None) -> tuple | None:
    """A cue verb with a subject, both outside quotations, among tokens start..end
    (cues by the lexicon or the cue ``model``)."""
    for token in doc[start:end]:
        if inside(quotes, token.idx) or not is_cue(token, model):
            continue
        subject = subject_of(token)
        if subject is not None and is_speaker_subject(subject) and not inside(quotes, subject.idx):
            return token, subject_mention(subject)
    return None


def _opens_sentence(doc: Doc, q: tuple[int, int], sent: Span) -> bool:
    """Nothing but a dateline or a colon-ended lead stands before the quotation."""
    before = text_of(doc)[sent.start_char : q[0]]
    before = DATELINE.sub("", before, count=1).strip()
    return not before or before.endswith(":")


def _trailing_cue(doc: Doc, q: tuple[int, int], quotes, model: CueModel | None) -> tuple | None:
    """"“…,” he said." / "“…,” said the minister.": the cue right after the quotation."""
    span = doc.char_span(q[0], q[1], alignment_mode="expand")
    if span is None or not _opens_sentence(doc, q, span[0].sent):
        return None
    end = span.end
    if end >= len(doc):
        return None
    sent_end = doc[end].sent.end
    window = [t for t in doc[end:sent_end] if not (t.is_punct or t.is_space)][:MAX_CUE_DISTANCE]
    if not window:
        return None
    return _cue_in(doc, window[0].i, window[-1].i + 1, quotes, model)


def _leading_cue(doc: Doc, q: tuple[int, int], quotes, model: CueModel | None) -> tuple | None:
    """"She said: “…”" / "He told reporters, “…”": the cue right before the quotation."""
    span = doc.char_span(q[0], q[1], alignment_mode="expand")
    if span is None:
        return None
    sent = span[0].sent
    lead = text_of(doc)[sent.start_char : q[0]].rstrip()
    found = _cue_in(doc, sent.start, span.start, quotes, model)
    if found is None:
        return None
    between = doc[found[0].i + 1 : span.start]
    if any(t.dep_ == "mark" or t.lower_ == "that" for t in between):
        return None
    if len(between) and not lead.endswith((":", ",")):
        return None
    return found


#: What follows a quotation that a dash signs: "“…” ― Carla Sanchez", "“…” — Tom Reyes, harbour master."
DASH_BYLINE = re.compile(r"[ \t\u00a0]*(?P<dash>[\u2015\u2014\u2013]|--?)[ \t\u00a0]*(?P<name>[A-Z][^\n]{1,80}?)[ \t\u00a0.]*$", re.MULTILINE)


def _dash_byline(doc: Doc, q: tuple[int, int]) -> tuple[Span, Span] | None:
    """"“…” ― Carla Sanchez": a quotation closing its line's text but for a dash and a
    name (a few words, perhaps a role after a comma) is signed by that name."""
    text = text_of(doc)
    m = DASH_BYLINE.match(text, q[1])
    if m is None or len(m["name"].split()) > 8:
        return None
    dash = doc.char_span(m.start("dash"), m.end("dash"), alignment_mode="expand")
    name = m["name"].split(",")[0].rstrip()
    mention = doc.char_span(m.start("name"), m.start("name") + len(name), alignment_mode="expand")
    if dash is None or mention is None or not any(t.pos_ in {"PROPN", "NOUN"} for t in mention):
        return None
    return dash, mention


def _colon_lead(doc: Doc, q: tuple[int, int]) -> bool:
    """"Peabody said: “…,” adding that …": a colon hands the quotation to the cue before
    it, and the verb after it makes its own claim."""
    text = text_of(doc)
    lead_end = len(text[: q[0]].rstrip())
    return lead_end > 0 and text[lead_end - 1] == ":" and text.rfind("\n", 0, q[0]) < lead_end - 1


def direct_claim(doc: Doc, q: tuple[int, int], speaker: Speaker, cue: Span | None) -> Claim:
    """A direct claim whose content is the quotation inside its marks, without the
    comma that hands over to the cue."""
    text = text_of(doc)
    opener = opening_mark(text, q[0]) or text[q[0]]
    start = q[0] + len(opener)
    marks = "\u201d\"\u00bb\u201c" + ("'" if len(opener) == 2 else "")
    end = start + len(text[start : q[1]].rstrip().rstrip(marks).rstrip(" ,"))
    cue_ts = TextSpan(cue.text, (cue.start_char, cue.end_char)) if cue is not None else None
    return Claim(speaker=speaker, content=TextSpan(text[start:end], (start, end)), kind="direct", cue=cue_ts)


def continues(doc: Doc, starts: list[int], cue_sentence_end: int, q: tuple[int, int]) -> bool:
    """Does the quotation open right after a cued quotation's cue sentence, on its line?"""
    return (
        text_of(doc)[cue_sentence_end : q[0]].strip() == ""
        and line_index(starts, cue_sentence_end) == line_index(starts, q[0])
    )


def _fills_line(doc: Doc, starts: list[int], q: tuple[int, int]) -> bool:
    """Is the quotation all its paragraph holds (a closing mark or full stop aside)?"""
    line = line_index(starts, q[0])
    line_end = starts[line + 1] - 1 if line + 1 < len(starts) else len(text_of(doc))
    before = text_of(doc)[starts[line] : q[0]].strip()
    after = text_of(doc)[q[1] : line_end].strip()
    return not before and len(after) <= 2


@Language.factory(
    "claimledger_quotes",
    requires=["token.dep", "token.lemma", "doc.sents"],
    assigns=["doc._.claims", "doc._.quotes", "doc._.intro_speakers"],
    default_config={"min_quote_words": MIN_QUOTE_WORDS, "cue_model": CUE_MODEL_FILE},
)
def make_quotes(nlp: Language, name: str, *, min_quote_words: int, cue_model: str) -> QuoteAttributor:
    """Factory for ``nlp.add_pipe("claimledger_quotes")``; ``cue_model`` names the
    learned cue model the cue rules also consult (:func:`~.cuemodel.load_cue_model`;
    "" for none)."""
    ensure_extensions()
    return QuoteAttributor(min_quote_words=min_quote_words, cue_model=load_cue_model(cue_model))


class QuoteAttributor:
    """Finds direct quotations and attributes them (see the module docstring); verbs
    the learned ``cue_model`` takes for cues count as cues too."""

    def __init__(self, *, min_quote_words: int = MIN_QUOTE_WORDS, cue_model: CueModel | None = None) -> None:
        self.min_quote_words = min_quote_words
        self.cue_model = cue_model

    def __call__(self, doc: Doc) -> Doc:
        quotes = find_quotes(text_of(doc))
        doc._.quotes = quotes
        doc._.intro_speakers = self._intro_speakers(doc, quotes)
        claims = claims_of(doc)
        starts = paragraph_starts(doc)
        last: tuple[Claim, int] | None = None  # previous cued claim and its cue sentence end
        for q in quotes:
            claim = self._attribute(doc, q, quotes, starts, last)
            if claim is not None:
                claims.append(claim)
                if claim.cue is not None:
                    sent_end = doc.char_span(claim.cue.span[0], claim.cue.span[1], alignment_mode="expand")
                    last = (claim, sent_end.sent.end_char if sent_end is not None else claim.cue.span[1])
        return doc

    def _attribute(self, doc: Doc, q, quotes, starts, last) -> Claim | None:
        """Rules 1 to 3 of the module docstring, in order; None for rule 4."""
        byline = _dash_byline(doc, q)
        if byline is not None:
            dash, mention = byline
            return direct_claim(doc, q, speaker_from_mention(mention), dash)
        if _colon_lead(doc, q):
            cued = _leading_cue(doc, q, quotes, self.cue_model) or _trailing_cue(doc, q, quotes, self.cue_model)
        else:
            cued = _trailing_cue(doc, q, quotes, self.cue_model) or _leading_cue(doc, q, quotes, self.cue_model)
        if cued is not None:
            verb, mention = cued
            return direct_claim(doc, q, speaker_from_mention(mention), cue_span(verb))
        if last is not None and continues(doc, starts, last[1], q):
            previous = last[0]
            return direct_claim(doc, q, previous.speaker, doc.char_span(previous.cue.span[0], previous.cue.span[1], alignment_mode="expand"))
        if _fills_line(doc, starts, q) and len(text_of(doc)[q[0] : q[1]].split()) >= self.min_quote_words:
            return direct_claim(doc, q, Speaker(text="", span=None, canonical="", type=PENDING), None)
        return None

    @staticmethod
    def _intro_speakers(doc: Doc, quotes: list[tuple[int, int]]) -> dict[int, Span]:
        """Lines that introduce the next line's speaker: "Here is what X had to say"."""
        starts = paragraph_starts(doc)
        intros: dict[int, Span] = {}
        for token in doc:
            if token.lemma_.lower() not in INTRO_VERBS or inside(quotes, token.idx):
                continue
            if any(c.dep_ in {"ccomp", "dobj"} and c.lemma_ != "what" for c in token.children):
                continue
            subject = subject_of(token) or (subject_of(token.head) if token.dep_ == "xcomp" else None)
            if subject is not None and subject.pos_ != "PRON":
                intros[line_index(starts, token.idx)] = subject_mention(subject)
        return intros
