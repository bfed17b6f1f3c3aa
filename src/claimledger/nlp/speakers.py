"""``claimledger_speakers``: every claim's speaker resolved to a named speaker.

Claims are visited in text order, each resolved speaker joining a history that later
mentions are resolved against:

* **pronouns** ("he said") stand for the newest fitting speaker or sentence subject
  within three paragraphs (he/she: a person, else anyone named; it: an organisation;
  they: anyone), subjects inside reported content and quotations not counting;
* **definite descriptions** ("the envoy", "the ministry") stand for the most recent
  speaker whose name or role holds that noun;
* **short names** ("de Mistura", "Lavrov") stand for an earlier, longer name that ends
  with them, also when a pronoun's antecedent is such a subject ("Voss called on ...
  she said");
* **roles alone** ("the UN envoy for the region") stand for the earlier person whose
  role holds their words, else for the person the next sentence names first ("...
  the UN envoy for the region warned ... Mara Voss, who negotiated the truce, said"),
  unless that person is given another role;
* **affiliations** that are descriptions or short names ("the ministry's spokesman",
  "spokesman for the Front") stand for the organisation named earlier ("Ministry of
  Defence", "Sull Valley Front");
* **pending** quotation paragraphs (no cue of their own) take the speaker of the
  paragraph before: its last claim, or whoever it introduced ("Here is what X had to
  say"); failing both, the nearest earlier speaker within two paragraphs;
* **several speakers** ("X and Y say") are each resolved and listed in ``speakers``.
"""
from __future__ import annotations

import dataclasses

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..records import Claim, Speaker
from ..words import GENDERED_PRONOUNS
from .cues import inside, subject_mention
from .extensions import claims_of, ensure_extensions, ents_of
from .lexicon import PERSON_ROLES
from .mentions import clean_text, conjuncts, is_definite_description, is_pronoun, speaker_from_mention
from .paragraphs import line_index, paragraph_starts
from .quotes import PENDING

#: How many paragraphs back a pronoun or a quotation paragraph may look for its speaker.
LOOKBACK_PARAGRAPHS = 3
#: Subjects of these clauses are salient for pronouns; subjects of subordinate ones are not.
MAIN_CLAUSE_DEPS = frozenset({"ROOT", "conj", "parataxis"})
UNKNOWN = Speaker(text="", span=None, canonical="unknown", type="unnamed")


def _as_mention(speaker: Speaker, mention: Span) -> Speaker:
    """``speaker``'s identity, seen at ``mention``."""
    return dataclasses.replace(speaker, text=mention.text, span=(mention.start_char, mention.end_char))


class History:
    """The speakers a document has named so far: claim speakers as resolved, and the
    subjects of its other sentences (a pronoun may stand for either)."""

    def __init__(self, doc: Doc, claims: list[Claim]) -> None:
        self.doc = doc
        self.starts = paragraph_starts(doc)
        self.items: list[tuple[int, Speaker]] = []
        self.subjects = sentence_subjects(doc, claims)

    def add(self, offset: int, speaker: Speaker) -> None:
        if speaker.type != "unnamed" or speaker.canonical != "unknown":
            self.items.append((offset, speaker))

    def candidates(self, offset: int, *, window: bool = True) -> list[Speaker]:
        """Speakers and subjects named before ``offset``, newest first; claim speakers
        win over a subject at the same place."""
        here = line_index(self.starts, offset)
        claimed = {o for o, _ in self.items}
        pool = self.items + [(o, s) for o, s in self.subjects if o not in claimed]
        pool = [(o, s) for o, s in pool if o < offset and (not window or here - line_index(self.starts, o) <= LOOKBACK_PARAGRAPHS)]
        return [s for _, s in sorted(pool, key=lambda p: p[0], reverse=True)]

    def recent(self, offset: int) -> list[Speaker]:
        """Claim speakers named before ``offset`` within the look-back, newest first."""
        here = line_index(self.starts, offset)
        return [s for o, s in reversed(self.items) if o < offset and here - line_index(self.starts, o) <= LOOKBACK_PARAGRAPHS]

    def all_before(self, offset: int) -> list[Speaker]:
        return [s for o, s in reversed(self.items) if o < offset]


def sentence_subjects(doc: Doc, claims: list[Claim]) -> list[tuple[int, Speaker]]:
    """Named subjects of clauses outside quotations and reported content."""
    taken = [c.content.span for c in claims] + list(doc._.quotes or [])
    found = []
    for token in doc:
        if token.dep_ not in {"nsubj", "nsubjpass"} or token.pos_ not in {"PROPN", "NOUN"}:
            continue
        if token.head.dep_ not in MAIN_CLAUSE_DEPS:
            continue
        if inside(taken, token.idx):
            continue
        speaker = speaker_from_mention(subject_mention(token))
        if speaker.canonical and speaker.span is not None:
            found.append((speaker.span[0], speaker))
    return found


def _fits(pronoun: str, speaker: Speaker) -> bool:
    """Can ``pronoun`` stand for ``speaker``? he/she prefer people, it organisations."""
    if pronoun in GENDERED_PRONOUNS:
        return speaker.type == "person"
    if pronoun == "it":
        return speaker.type in {"organisation", "outlet"}
    return True


def resolve_pronoun(mention: Span, history: History) -> Speaker | None:
    """The newest fitting candidate; he/she fall back to any named candidate. A
    candidate named by a short name stands for its earlier full name."""
    pronoun = mention.text.lower()
    candidates = history.candidates(mention.start_char)
    for speaker in candidates:
        if _fits(pronoun, speaker):
            return _as_mention(full_name(speaker, history), mention)
    for speaker in candidates:
        if speaker.type != "unnamed":
            return _as_mention(full_name(speaker, history), mention)
    return None


def full_name(speaker: Speaker, history: History) -> Speaker:
    """The earlier speaker or subject whose longer name ends with ``speaker``'s short
    name ("Voss" -> "Mara Voss"); else ``speaker``."""
    short = speaker.canonical.lower()
    if speaker.span is None or not short or len(short.split()) > 2:
        return speaker
    for earlier in history.candidates(speaker.span[0], window=False):
        full = earlier.canonical.lower()
        if full != short and full.endswith(" " + short):
            return dataclasses.replace(earlier, text=speaker.text, span=speaker.span, role=speaker.role or earlier.role)
    return speaker


def is_role_only(speaker: Speaker) -> bool:
    """A speaker named only by a role a person holds ("UN envoy", "ministry spokesman")."""
    words = speaker.canonical.lower().split()
    return speaker.type != "unnamed" and bool(words) and words[-1] in PERSON_ROLES


def role_words(speaker: Speaker) -> list[str]:
    return speaker.canonical.lower().replace("\u2019s", " ").replace(".", "").split()


def _holds_words(speaker: Speaker, words: list[str]) -> bool:
    own = f"{speaker.canonical} {speaker.role or ''}".lower().replace("\u2019s", " ").replace(".", "").split()
    return all(w in own for w in words)


def resolve_role(speaker: Speaker, mention: Span, history: History) -> Speaker | None:
    """A role alone: the earlier person whose role holds its words, else the person
    the next sentence names first (see the module docstring)."""
    words = role_words(speaker)
    for earlier in history.candidates(mention.start_char, window=False):
        if earlier.type == "person" and not is_role_only(earlier) and _holds_words(earlier, words):
            return dataclasses.replace(earlier, text=speaker.text, span=speaker.span)
    person = named_next(mention, history)
    if person is None or not _compatible(person, words):
        return None
    role = clean_text(mention.text)
    if role.lower().startswith("the "):
        role = role[4:]
    return dataclasses.replace(person, text=speaker.text, span=speaker.span, role=role,
                               affiliation=speaker.affiliation or person.affiliation)


def named_next(mention: Span, history: History) -> Speaker | None:
    """The first named subject of the sentence after ``mention``'s, when a person with
    a full name."""
    doc = mention.doc
    end = mention.sent.end
    if end >= len(doc):
        return None
    following = doc[end].sent
    for offset, subject in sorted(history.subjects, key=lambda p: p[0]):
        if offset < following.start_char:
            continue
        if offset >= following.end_char:
            break
        if subject.type == "person" and len(subject.canonical.split()) > 1:
            return subject
        return None
    return None


def _compatible(person: Speaker, words: list[str]) -> bool:
    """A person given another role noun ("John Holt, a resident") is not the role's holder."""
    own = (person.role or "").lower().split()
    return not any(w in PERSON_ROLES and w not in words for w in own)


def resolve_affiliation(speaker: Speaker, mention: Span, history: History) -> Speaker:
    """An affiliation that is a description or a short name ("ministry", "Front") as
    the organisation named earlier whose name holds its last word."""
    text = speaker.affiliation
    if not text:
        return speaker
    last = text.lower().split()[-1]
    for earlier in history.candidates(mention.start_char, window=False):
        name = earlier.canonical
        if earlier.type not in {"organisation", "outlet"} or name.lower() == text.lower():
            continue
        if last in name.lower().split() and (text[:1].islower() or name.lower().endswith(text.lower())):
            return dataclasses.replace(speaker, affiliation=name)
    for ent in ents_of(mention.doc):
        if ent.label_ == "ORG" and ent.end_char <= mention.start_char and len(ent) > len(text.split()):
            name = clean_text(ent.text)
            name = name[4:] if name.lower().startswith("the ") else name
            if name.lower().endswith(" " + text.lower().removeprefix("the ")):
                return dataclasses.replace(speaker, affiliation=name)
    return speaker


def resolve_description(mention: Span, history: History) -> Speaker | None:
    """The latest named speaker whose name or role holds the description's noun."""
    noun = mention.root.lemma_.lower()
    for speaker in history.candidates(mention.start_char, window=False):
        if speaker.type == "unnamed":
            continue
        words = f"{speaker.canonical} {speaker.role or ''}".lower()
        if noun in words.replace("\u2019s", " ").split():
            return _as_mention(speaker, mention)
    return None


def resolve_short_name(speaker: Speaker, mention: Span, history: History) -> Speaker:
    """"de Mistura" -> "Staffan de Mistura", from earlier speakers or PERSON entities.

    A name seen before keeps the role and affiliation learned at its first mention.
    """
    short = speaker.canonical.lower()
    for earlier in history.all_before(mention.start_char):
        if earlier.canonical.lower() == short:
            return dataclasses.replace(speaker, role=speaker.role or earlier.role,
                                       affiliation=speaker.affiliation or earlier.affiliation, type=earlier.type)
    if not short or len(short.split()) > 2:
        return speaker
    for earlier in history.all_before(mention.start_char):
        full = earlier.canonical.lower()
        if full != short and full.endswith(" " + short):
            return dataclasses.replace(earlier, text=speaker.text, span=speaker.span, role=speaker.role or earlier.role)
    for ent in ents_of(mention.doc):
        if ent.label_ == "PERSON" and ent.end_char <= mention.start_char and ent.text.lower().endswith(" " + short):
            return dataclasses.replace(speaker, canonical=ent.text, type="person")
    return speaker


def relative_antecedent(mention: Span) -> Span | None:
    """The noun phrase a relative pronoun stands for: "ONA, *which* claimed …" → "ONA"."""
    if len(mention) != 1 or mention[0].tag_ not in {"WDT", "WP"} or mention[0].head.dep_ != "relcl":
        return None
    noun = mention[0].head.head
    return subject_mention(noun, clauses=False) if noun.i != mention[0].head.i else None


def resolve_mention(mention: Span, history: History) -> Speaker:
    """One mention's speaker (see the module docstring)."""
    antecedent = relative_antecedent(mention)
    if antecedent is not None:
        return resolve_mention(antecedent, history)
    own = speaker_from_mention(mention)
    if is_pronoun(mention):
        return resolve_pronoun(mention, history) or own
    if is_definite_description(mention):
        found = resolve_description(mention, history)
    else:
        found = resolve_short_name(own, mention, history)
        found = found if found.canonical != own.canonical or not is_role_only(own) else None
    if found is None and is_role_only(own):
        found = resolve_role(own, mention, history)
    return resolve_affiliation(found or own, mention, history)


def inherit_speaker(claim: Claim, claims: list[Claim], history: History) -> Speaker:
    """A quotation paragraph's speaker: the previous paragraph's."""
    doc = history.doc
    here = line_index(history.starts, claim.content.span[0])
    previous = [c for c in claims if c is not claim and c.speaker.type != PENDING
                and line_index(history.starts, c.content.span[0]) == here - 1]
    if previous:
        return previous[-1].speaker
    intro = (doc._.intro_speakers or {}).get(here - 1)
    if intro is not None:
        return resolve_mention(intro, history)
    recent = history.recent(claim.content.span[0])
    return recent[0] if recent and here - line_index(history.starts, _offset_of(recent[0], claim)) <= 2 else UNKNOWN


def _offset_of(speaker: Speaker, claim: Claim) -> int:
    return speaker.span[0] if speaker.span else claim.content.span[0]


@Language.factory(
    "claimledger_speakers",
    requires=["doc._.claims", "doc.ents"],
    assigns=["doc._.claims"],
    default_config={},
)
def make_speakers(nlp: Language, name: str) -> SpeakerResolver:
    ensure_extensions()
    return SpeakerResolver()


class SpeakerResolver:
    """Resolves ``claim.speaker`` and fills ``claim.speakers`` for every claim."""

    def __call__(self, doc: Doc) -> Doc:
        claims = claims_of(doc)
        claims.sort(key=lambda c: c.content.span)
        history = History(doc, claims)
        for claim in sorted(claims, key=_position):
            if claim.speaker.type == PENDING:
                claim.speaker = inherit_speaker(claim, claims, history)
                claim.speakers = [claim.speaker]
                history.add(claim.content.span[0], claim.speaker)
                continue
            if claim.speaker.span is None:
                claim.speakers = claim.speakers or [claim.speaker]
                continue
            mention = doc.char_span(claim.speaker.span[0], claim.speaker.span[1], alignment_mode="expand")
            if mention is None:  # a span always covers tokens of its own document
                continue
            speakers = [resolve_mention(part, history) for part in conjuncts(mention)]
            for speaker in speakers:
                history.add(speaker.span[0] if speaker.span else mention.start_char, speaker)
            first = speakers[0]
            claim.speaker = dataclasses.replace(first, text=mention.text, span=(mention.start_char, mention.end_char))
            claim.speakers = speakers
        return doc


def _position(claim: Claim) -> int:
    """Where a claim is first read: its speaker mention or its content, whichever comes first."""
    if claim.speaker.span is not None:
        return min(claim.speaker.span[0], claim.content.span[0])
    return claim.content.span[0]
