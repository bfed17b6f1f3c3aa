"""What a speaker mention says about its speaker: name, role, affiliation, type.

Rules over the dependency parse of the mention, each a small named function:

* the *name* is the head with its compounds and modifiers; determiners,
  possessors, prepositional phrases, appositions and relative clauses are not;
* a *possessor* is the speaker's affiliation ("the Russian military's
  Reconciliation Centre" belongs to the Russian military);
* a person's *role* names whom it belongs to (:func:`role_affiliation`): "the
  ministry's spokesman", "the UN Secretary General's envoy", "UN envoy", "spokesman
  of the Russian Defence Ministry" give the ministry, the UN, the UN, the Russian
  Defence Ministry;
* an *apposition* is the speaker's role ("Staffan de Mistura, the UN envoy,"),
  read from the parse or, when the parser attached it elsewhere, from the commas;
* titles before a person's name are role, not name ("Foreign Minister Lavrov");
* a descriptor after a name is role ("the Al-Mayadeen TV channel" is Al-Mayadeen);
* a mention naming no one ("reports", "sources", "officials") is *unnamed*.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..records import Speaker, SpeakerType
from .extensions import ents_of
from .lexicon import DESCRIPTOR_HEADS, ORGANISATION_HEADS, PERSON_ROLES, TITLE_WORDS, UNNAMED_HEADS

#: Dependents whose words belong to the name ("General Staff", "Russian military").
NAME_DEPS = frozenset({"compound", "amod", "nmod", "flat", "npadvmod"})
_TRIM = " \t\n,;:.\u2013\u2014-\u2019'\"\u201c\u201d"


@dataclass(slots=True)
class MentionInfo:
    """The parts of a mention: see the module docstring."""

    canonical: str
    role: str | None
    affiliation: str | None
    type: SpeakerType
    role_span: Span | None = None


def clean_text(text: str) -> str:
    """Strip punctuation and a possessive ending from a name."""
    text = text.strip(_TRIM)
    for ending in ("\u2019s", "'s"):
        if text.endswith(ending):
            text = text[: -len(ending)]
    return " ".join(text.split())


def conjuncts(mention: Span) -> list[Span]:
    """Split "X and Y" into the mentions X and Y (one mention stays one)."""
    root = mention.root
    heads = [root] + [c for c in root.conjuncts if mention.start <= c.i < mention.end]
    if len(heads) == 1:
        return [mention]
    heads.sort(key=lambda t: t.i)
    parts = []
    for n, head in enumerate(heads):
        start = head.left_edge.i if n else mention.start
        end = heads[n + 1].left_edge.i if n + 1 < len(heads) else mention.end
        span = mention.doc[max(start, mention.start) : end]
        while len(span) and (span[-1].dep_ in {"cc", "punct"} or span[-1].is_space):
            span = span[:-1]
        if len(span):
            parts.append(span)
    return parts


def name_tokens(head: Token, mention: Span) -> list[Token]:
    """The head and the name words left of it, contiguous, inside ``mention``.

    Name words hang off the head as compounds or modifiers; a hyphen inside a name
    ("Al-Mayadeen") is kept; a determiner or possessor ends the name; "of" or "for"
    and a proper noun continue it ("Ministry of Defence").
    """
    first = head.i
    for child in reversed(list(head.lefts)):
        hyphen = child.dep_ == "punct" and child.text in {"-", "\u2010", "\u2011"}
        if child.i < mention.start or not (child.dep_ in NAME_DEPS or hyphen):
            break
        first = min(first, child.left_edge.i if not hyphen else child.i)
    skip = {t.i for c in head.children if c.dep_ == "poss" for t in c.subtree}
    last = _of_name_end(head, mention)
    return [t for t in head.doc[first : last + 1] if t.i == head.i or (t.dep_ not in {"det", "poss", "case"} and t.i not in skip)]


#: Prepositions that continue an institution's proper name ("Ministry of Defence",
#: "Observatory for Human Rights").
NAME_PREPOSITIONS = frozenset({"of", "for"})


def _of_name_end(head: Token, mention: Span) -> int:
    """Where a proper name continued by "of"/"for" and proper nouns ends
    ("Office for the Coordination of Humanitarian Affairs"); else its head."""
    if head.pos_ != "PROPN":
        return head.i
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in NAME_PREPOSITIONS and child.i == head.i + 1:
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is None or pobj.pos_ != "PROPN" or pobj.i >= mention.end:
                return head.i
            if any(t.pos_ not in {"PROPN", "DET"} and t.dep_ != "punct" for t in head.doc[child.i + 1 : pobj.i]):
                return head.i
            return _of_name_end(pobj, mention)
    return head.i


def possessor(head: Token) -> str | None:
    """The affiliation a possessor gives ("the Russian military's" -> Russian military)."""
    for child in head.children:
        if child.dep_ == "poss" and child.pos_ != "PRON":
            words = [t for t in child.subtree if t.dep_ not in {"det", "case"}]
            return clean_text(head.doc[words[0].i : words[-1].i + 1].text) if words else None
    return None


def apposition(head: Token) -> Span | None:
    """The role an apposition gives, from the parse; else a relative clause set off
    by commas ("Mara Voss, who negotiated the truce,")."""
    for child in head.children:
        if child.dep_ == "appos":
            sub = list(child.subtree)
            return head.doc[sub[0].i : sub[-1].i + 1]
    for child in head.children:
        if child.dep_ == "relcl" and child.left_edge.i > 0 and head.doc[child.left_edge.i - 1].text == ",":
            sub = list(child.subtree)
            return head.doc[sub[0].i : sub[-1].i + 1]
    return None


#: Prepositions after a role noun that name whom the role belongs to ("spokesman for
#: the Front", "head of the Medical Council"); "envoy to Syria" names a destination.
AFFILIATION_PREPOSITIONS = frozenset({"of", "for", "at"})
#: Nouns of roles only a person holds, titles included.
ROLE_NOUNS = PERSON_ROLES | TITLE_WORDS


def _organisation_words(tokens: list[Token]) -> list[Token]:
    """Words naming an organisation: proper nouns and institution nouns, not titles,
    not nationalities ("UN", "ministry", "Front"; not "Russian", "Foreign")."""
    return [
        t for t in tokens
        if (t.pos_ == "PROPN" or t.lemma_.lower() in ORGANISATION_HEADS)
        and t.ent_type_ != "NORP" and t.lower_ not in TITLE_WORDS
    ]


def _phrase(tokens: list[Token]) -> str | None:
    """The text from the first to the last of ``tokens``; an abbreviation keeps its dot."""
    if not tokens:
        return None
    text = clean_text(tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text)
    last = tokens[-1].text
    return text + "." if last.endswith(".") and "." in last[:-1] and not text.endswith(".") else text


def role_affiliation(role: Span) -> str | None:
    """Whom a person's role belongs to, by these rules, in order:

    * a possessor: "the ministry's spokesman" -> ministry; a titled possessor gives
      its organisation: "the UN Secretary General's envoy" -> UN;
    * organisation words before the role noun: "UN envoy", "Front spokesman";
    * "of", "for" or "at" and a named or institutional noun phrase: "spokesman of the
      Russian Defence Ministry", "head of the Medical Council" (not "envoy for the region").
    """
    head = role.root
    if head.lemma_.lower() not in ROLE_NOUNS and head.lower_ not in ROLE_NOUNS:
        return None
    for child in head.children:
        if child.dep_ == "poss" and child.pos_ != "PRON" and role.start <= child.i < role.end:
            words = [t for t in child.subtree if t.dep_ not in {"det", "case"} and not t.is_punct]
            if child.lemma_.lower() in ROLE_NOUNS:
                return _phrase(_organisation_words(words))
            return _phrase(words)
    before = [t for t in head.lefts if role.start <= t.i and t.dep_ in {"compound", "nmod", "amod"}]
    found = _organisation_words(before)
    if found:
        return _phrase(found)
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in AFFILIATION_PREPOSITIONS and prep.i < role.end:
            pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if pobj is None or pobj.i >= role.end:
                continue
            words = name_tokens(pobj, role)
            if any(t.pos_ == "PROPN" for t in words) or pobj.lemma_.lower() in ORGANISATION_HEADS:
                return _phrase(words)
    return None


def apposition_after(doc: Doc, end: int) -> Span | None:
    """A ", the ... ," apposition right after token ``end`` (exclusive), by the commas.

    Used where the parser attached the apposition elsewhere: it must open with a
    determiner or a possessive name, hold a noun, and hold no finite verb.
    """
    if end >= len(doc) or doc[end].text != ",":
        return None
    sent_end = doc[end].sent.end
    stop = next((i for i in range(end + 1, sent_end) if doc[i].text in {",", ";", "\u2013", "\u2014"}), None)
    if stop is None or stop - end < 3:
        return None
    body = doc[end + 1 : stop]
    if body[0].lower_ not in {"the", "a", "an"} and body[0].pos_ != "PROPN":
        return None
    if not any(t.pos_ == "NOUN" for t in body) or any(t.tag_ in {"VBD", "VBZ", "VBP"} for t in body):
        return None
    return body


def is_pronoun(mention: Span) -> bool:
    """A one-word pronoun mention ("he", "they")."""
    return len(mention) == 1 and mention[0].pos_ == "PRON"


def is_definite_description(mention: Span) -> bool:
    """"the envoy", "the ministry": a definite common noun with no name in it."""
    words = [t for t in mention if not t.is_punct]
    return (
        bool(words)
        and words[0].lower_ in {"the", "this", "that"}
        and not any(t.pos_ == "PROPN" or t.ent_type_ in {"NORP", "GPE", "ORG", "PERSON"} for t in words)
        and mention.root.lemma_.lower() not in UNNAMED_HEADS
    )


def appositive_name(head: Token) -> Token | None:
    """"The UN envoy for the region, Mara Voss": a role whose apposition is the name.

    The parser may hang the name on the role's last noun ("the Front, Dario Fenn"):
    a proper-noun apposition anywhere in a role noun's phrase counts.
    """
    if head.pos_ != "NOUN":
        return None
    direct = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
    if direct is not None or head.lemma_.lower() not in TITLE_WORDS:
        return direct
    return next((t for t in head.subtree if t.dep_ == "appos" and t.pos_ == "PROPN" and t.i > head.i), None)


def describe(mention: Span) -> MentionInfo:
    """Name, role, affiliation and type of a speaker mention."""
    head = mention.root
    appositive = appositive_name(head)
    if appositive is not None:
        doc = head.doc
        info = describe(doc[appositive.left_edge.i : appositive.right_edge.i + 1])
        skip = {t.i for t in appositive.subtree}
        words = [t for t in head.subtree if t.i not in skip and t.dep_ != "det" and t.i < appositive.left_edge.i]
        while words and words[-1].is_punct:
            words.pop()
        role_span = doc[words[0].i : words[-1].i + 1] if words else None
        role = clean_text(role_span.text) if role_span is not None else None
        kind = "person" if head.lemma_.lower() in TITLE_WORDS else info.type
        return MentionInfo(info.canonical, role, info.affiliation or possessor(head), kind, role_span)
    role_span = apposition(head)
    role = clean_text(role_span.text) if role_span is not None else None
    affiliation = possessor(head)
    words = name_tokens(head, mention)
    person = _person_entity(words)
    if person is not None:
        titles = [t for t in words if t.i < person.start]
        if titles and role_span is None:
            role_span = head.doc[titles[0].i : titles[-1].i + 1]
        role = " ".join(filter(None, [" ".join(t.text for t in titles), role])) or None
        return MentionInfo(clean_text(person.text), role, affiliation, "person", role_span)
    words, descriptor = _split_descriptor(words)
    words, title_words = _split_titles(words)
    role = " ".join(filter(None, [title_words, descriptor, role])) or None
    name = clean_text(head.doc[words[0].i : words[-1].i + 1].text) if words else clean_text(mention.text)
    if head.lemma_.lower() in UNNAMED_HEADS and not any(t.pos_ == "PROPN" for t in words):
        return MentionInfo(name.lower(), role, affiliation, "unnamed", role_span)
    return MentionInfo(name, role, affiliation, _kind(head, words, title_words), role_span)


def _kind(head: Token, words: list[Token], titles: str | None) -> SpeakerType:
    """person (titled name), organisation (a name or an institution), or unnamed."""
    if titles:
        return "person"
    named = any(t.pos_ == "PROPN" or t.ent_type_ in {"ORG", "NORP", "GPE", "PERSON"} for t in words)
    if named or head.lemma_.lower() in ORGANISATION_HEADS:
        return "organisation"
    return "unnamed"


def _person_entity(words: list[Token]) -> Span | None:
    if not words:
        return None
    doc = words[0].doc
    for ent in ents_of(doc):
        if ent.label_ == "PERSON" and ent.start <= words[-1].i < ent.end and ent.end - 1 == words[-1].i:
            start = max(ent.start, words[0].i)
            return doc[start : ent.end]
    return None


def _split_descriptor(words: list[Token]) -> tuple[list[Token], str | None]:
    """"Al-Mayadeen TV channel" -> (Al-Mayadeen, "TV channel")."""
    if len(words) < 2 or words[-1].lemma_.lower() not in DESCRIPTOR_HEADS:
        return words, None
    cut = len(words)
    while cut > 0 and (words[cut - 1].lemma_.lower() in DESCRIPTOR_HEADS or words[cut - 1].text.upper() == "TV"):
        cut -= 1
    if cut == 0 or not any(t.pos_ == "PROPN" for t in words[:cut]):
        return words, None
    return words[:cut], " ".join(t.text for t in words[cut:])


def _split_titles(words: list[Token]) -> tuple[list[Token], str | None]:
    """"Russian Foreign Minister Lavrov" -> (Lavrov, "Russian Foreign Minister")."""
    if len(words) < 2 or words[-1].pos_ != "PROPN" or words[-1].lower_ in ORGANISATION_HEADS:
        return words, None
    cut = 0
    while cut < len(words) - 1 and (words[cut].lower_ in TITLE_WORDS or words[cut].ent_type_ == "NORP"):
        cut += 1
    if cut == 0 or not any(t.lower_ in TITLE_WORDS for t in words[:cut]):
        return words, None
    return words[cut:], " ".join(t.text for t in words[:cut])


def _person_role(role: str | None) -> bool:
    """Does the role name something only a person is ("the UN Secretary General's envoy")?"""
    if not role:
        return False
    words = role.lower().replace("\u2019s", " ").replace("'s", " ").split()
    head = next((w for w in words if w in {"of", "to", "for", "at", "in", "from"}), None)
    before = words[: words.index(head)] if head else words
    return bool(before) and before[-1] in PERSON_ROLES


def speaker_from_mention(mention: Span) -> Speaker:
    """A :class:`Speaker` whose canonical name is read from the mention and its apposition.

    A mention with no word in it (the parser may make a stray full stop a subject, and
    trimming its punctuation leaves nothing) names nobody: the speaker has no canonical
    name and no span.
    """
    if not any(ch.isalnum() for ch in mention.text):
        return Speaker(text=mention.text, span=None, canonical="", type="unnamed")
    info = describe(mention)
    if info.role is None:
        appos = apposition_after(mention.doc, mention.end)
        info.role = clean_text(appos.text) if appos is not None else None
        info.role_span = appos
    if info.type == "organisation" and _person_role(info.role):
        info.type = "person"
    if info.affiliation is None and info.role_span is not None and info.type == "person":
        info.affiliation = role_affiliation(info.role_span)
    return Speaker(
        text=mention.text,
        span=(mention.start_char, mention.end_char),
        canonical=info.canonical,
        role=info.role,
        affiliation=info.affiliation,
        type=info.type,
    )
