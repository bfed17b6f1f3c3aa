"""``claimledger_attribution``: indirect speech, "according to" and headlines.

Rules, each a function below:

* :func:`headline_claims` — a headline "Speaker: content" or "content, Speaker say(s)"
  (headlines parse badly, so these are read from the text);
* :func:`according_to_claims` — "According to X, content" and "content, according to X";
* :func:`indirect_claims` — a reporting verb with a subject and a clause: "X says
  (that) …", "X and Y say …", "X told reporters that …"; coordinated clauses that each
  open with "that" are separate claims ("says that A and that B"); a prepositional cue
  takes its object ("speaks of an accelerating collapse"); a cue in a relative clause
  about a noun takes that noun's phrase ("reports – which X says are … – that …").

Cue verbs inside quotations, and verbs already used as the cue of a direct quotation,
are skipped: those are ``claimledger_quotes``'s.
"""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..records import Claim, TextSpan
from ..words import QUOTE_PAIRS
from .contentmodel import MODEL_FILE as CONTENT_MODEL_FILE
from .contentmodel import ContentEndModel, load_content_model
from .cuemodel import MODEL_FILE as CUE_MODEL_FILE
from .cuemodel import CueModel, load_cue_model
from .cues import (
    CHANNEL_NOUNS,
    cue_span,
    inside,
    is_cue,
    is_cue_verb,
    is_speaker_subject,
    subject_mention,
    subject_of,
    trim_span,
    widen_cue,
)
from .extensions import claims_of, ensure_extensions, text_of
from .lexicon import CLAIM_NOUNS, CLAUSE_ONLY, INFINITIVE_CUES, PREPOSITIONAL_CUES
from .mentions import apposition_after, speaker_from_mention
from .paragraphs import paragraph_starts
from .quotes import continues, direct_claim

#: "Russian military: army now controls 93% of the city"
HEADLINE_COLON = re.compile(r"^\s*(?P<speaker>[^:]{2,60}?)\s*:\s+(?P<content>\S.*?)\s*$")
#: "Pocket shrinks to 2.5 square kilometres, Russian military say"
HEADLINE_TRAILING = re.compile(
    r"^\s*(?P<content>.+?),\s+(?P<speaker>[^,]{2,60}?)\s+"
    r"(?P<cue>says?|said|claims?|reports?|warns?|confirms?|insists?|denies|deny|announces?|estimates?)\s*[.!]?\s*$",
    re.IGNORECASE,
)
#: Words that open a headline with a colon but name no speaker.
HEADLINE_LABELS = frozenset("breaking watch video update exclusive live opinion analysis revealed photos report explainer".split())
WH_RELATIVES = frozenset({"WDT", "WP"})
VERB_TAGS = frozenset({"VERB", "AUX"})
QUOTE_OPENERS = frozenset(QUOTE_PAIRS)
#: Objects of "put the number at …", "gave the toll as …".
COUNT_NOUNS = frozenset("number toll figure count total tally estimate".split())


def _text_span(doc: Doc, start: int, end: int) -> TextSpan:
    start, end = trim_span(doc, start, end)
    return TextSpan(text_of(doc)[start:end], (start, end))


def _speaks(mention: Span | None) -> bool:
    return mention is not None and any(t.pos_ in {"NOUN", "PROPN", "PRON"} for t in mention)


def headline_claims(doc: Doc) -> list[Claim]:
    """Claims a headline makes with a colon or a trailing "…, X say"."""
    if not doc._.title_span:
        return []
    t0, t1 = doc._.title_span
    title = text_of(doc)[t0:t1]
    m = HEADLINE_COLON.match(title)
    if m and len(m["speaker"].split()) <= 6 and m["speaker"].split()[0].lower() not in HEADLINE_LABELS:
        mention = doc.char_span(t0 + m.start("speaker"), t0 + m.end("speaker"), alignment_mode="expand")
        colon = title.index(":", m.end("speaker"))
        if mention is not None and _speaks(mention):
            return [Claim(speaker_from_mention(mention), _text_span(doc, t0 + m.start("content"), t0 + m.end("content")),
                          "headline", TextSpan(":", (t0 + colon, t0 + colon + 1)))]
    m = HEADLINE_TRAILING.match(title)
    if m:
        mention = doc.char_span(t0 + m.start("speaker"), t0 + m.end("speaker"), alignment_mode="expand")
        if mention is not None and _speaks(mention):
            cue = TextSpan(m["cue"], (t0 + m.start("cue"), t0 + m.end("cue")))
            return [Claim(speaker_from_mention(mention), _text_span(doc, t0 + m.start("content"), t0 + m.end("content")),
                          "headline", cue)]
    return []


#: A transcript line: "WALLACE: Let's start with …", "MR. PENCE: Well, …".
TRANSCRIPT_LABEL = re.compile(r"(?P<speaker>[A-Z][A-Z.'\- ]{1,30}[A-Z.]):\s+(?=\S)")


#: Capitalised labels that open a line but name no speaker: "UPDATE:", "EDITOR'S NOTE:".
PAGE_LABELS = HEADLINE_LABELS | frozenset(
    "note editor's editors correction clarification disclaimer source sources photo photos caption "
    "advertisement read related more also see warning q a".split()
)


def _is_page_label(label: str) -> bool:
    return any(w in PAGE_LABELS for w in label.lower().replace("\u2019", "'").split())


def transcript_claims(doc: Doc, claims: list[Claim]) -> list[Claim]:
    """Lines of an interview transcript: the capitalised label speaks what follows it.

    A line (or a quotation filling a line) that opens with "NAME:" is a direct claim of
    NAME with the colon as its cue; a claim found over the whole line by another rule is
    replaced by it.
    """
    text = text_of(doc)
    out: list[Claim] = []
    for m in re.finditer(r"^[\"\u201c]?", text, re.MULTILINE):
        label = TRANSCRIPT_LABEL.match(text, m.end())
        if label is None or len(label["speaker"].split()) > 3 or _is_page_label(label["speaker"]):
            continue
        line_end = text.find("\n", label.end())
        line_end = len(text) if line_end == -1 else line_end
        mention = doc.char_span(label.start("speaker"), label.end("speaker"), alignment_mode="expand")
        if mention is None:
            continue
        colon = label.end("speaker")
        content = _text_span(doc, label.end(), line_end)
        if len(content.text.split()) < 2:
            continue
        claims[:] = [c for c in claims if not (m.start() <= c.content.span[0] <= label.end() and c.content.span[1] <= line_end + 1)]
        out.append(Claim(speaker_from_mention(mention), content, "direct", TextSpan(":", (colon, colon + 1))))
    return out


def passive_claims(verb: Token) -> list[Claim]:
    """"The plan has been endorsed by the union", "the figure was first reported by
    Reuters": the agent speaks, the passive subject is what they said or backed."""
    agent = next((c for c in verb.children if c.dep_ == "agent" and c.i > verb.i), None)
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass" and c.i < verb.i), None)
    if agent is None or subject is None:
        return []
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
    if pobj is None or not is_speaker_subject(pobj) or pobj.pos_ not in {"PROPN", "NOUN", "PRON"}:
        return []
    mention = subject_mention(pobj)
    content = _text_span(verb.doc, *_subtree_range(subject))
    cue = verb.doc[cue_span(verb).start : agent.i + 1]
    if not _speaks(mention) or subject.pos_ == "PRON" or subject.tag_ in WH_RELATIVES | {"DT"}:
        return []  # "this was confirmed by …": the content is elsewhere
    return [Claim(speaker_from_mention(mention), content, "indirect", TextSpan(cue.text, (cue.start_char, cue.end_char)))]


def _that_clause(noun: Token) -> Token | None:
    """The "that" clause a noun governs ("the claim *that the bridge was unsafe*")."""
    return next(
        (c for c in noun.rights if c.dep_ in {"acl", "ccomp", "relcl"} and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)),
        None,
    )


def noun_claims(noun: Token) -> list[Claim]:
    """A cue noun with its holder and a clause: "Trump's claim that …", "the
    ministry's assertion that …", "a warning by the UN that …". The holder is the
    noun's possessor or the object of its "by"/"from"; the content its "that" clause."""
    holder = next((c for c in noun.children if c.dep_ == "poss"), None)
    if holder is None:
        by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in {"by", "from"}), None)
        holder = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    clause = _that_clause(noun)
    if holder is None or clause is None or not is_speaker_subject(holder) or holder.tag_ == "PRP$" and holder.lower_ not in {"his", "her", "their", "its", "our", "my"}:
        return []
    mention = subject_mention(holder, clauses=False)  # "the union's", as PolNeAR marks it
    if not _speaks(mention) and holder.tag_ != "PRP$":
        return []
    content = _text_span(noun.doc, *_subtree_range(clause))
    cue = noun.doc[noun.i : noun.i + 1]
    return [Claim(speaker_from_mention(mention), content, "indirect", TextSpan(cue.text, (cue.start_char, cue.end_char)))]


def _according_content(token: Token, phrase_end: int) -> TextSpan:
    """The longer side of the sentence around "according to X" (X ending at ``phrase_end``)."""
    doc = token.doc
    sent = token.sent
    left = (sent.start_char, token.idx)
    right = (doc[phrase_end].idx if phrase_end < len(doc) else len(text_of(doc)), sent.end_char)
    start, end = max(left, right, key=lambda r: len(text_of(doc)[r[0]:r[1]].strip(" ,.")))
    return _text_span(doc, start, end)


def according_to_claims(token: Token) -> list[Claim]:
    """"According to X(, role), content" and "content, according to X"."""
    doc = token.doc
    if token.lower_ != "according" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
        return []
    pobj = next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)
    if pobj is None:
        return []
    mention = subject_mention(pobj)
    appos = apposition_after(doc, pobj.right_edge.i + 1)
    options = [(mention, appos.end if appos is not None else mention.end)]
    # an apposition that leaves no content is the content misparsed ("According to
    # Rush Limbaugh, the move reeks of …" with "reeks" taken for a noun)
    cut = next((c.left_edge.i for c in pobj.rights if c.dep_ == "appos"), None)
    if cut is not None and cut > mention.start:
        end = cut
        while end > mention.start + 1 and doc[end - 1].is_punct:
            end -= 1
        options.append((doc[mention.start : end], cut))
    for mention, phrase_end in options:  # noqa: B007  (the mention that gave content is the speaker)
        content = _according_content(token, phrase_end)
        if len(content.text.split()) >= 3:
            break
    else:
        return []
    cue = doc[token.i : token.i + 2]
    return [Claim(speaker_from_mention(mention), content, "according_to", TextSpan(cue.text, (cue.start_char, cue.end_char)))]


def _clause_heads(verb: Token) -> list[Token]:
    """The clauses a cue verb governs; "that A and that B" gives A and B; a clause the
    parser hung on "in a statement" ("said in a statement that …") counts too."""
    heads = []
    for child in verb.children:
        if child.dep_ == "ccomp":
            heads.append(child)
        elif child.dep_ == "prep":
            for channel in (g for g in child.children if g.lemma_.lower() in CHANNEL_NOUNS):
                heads.extend(c for c in channel.children if c.dep_ == "acl" and any(m.lower_ == "that" for m in c.children))
    for head in list(heads):
        heads.extend(c for c in head.conjuncts if c.i > head.i and any(m.dep_ == "mark" for m in c.children))
    return sorted(set(heads), key=lambda t: t.i)


def _segment(verb: Token) -> tuple[int, int]:
    """Character bounds of the verb's part of its sentence between semicolons:
    "The ministry says only 1,200 remain; the Front insists it has 4,000". Without a
    semicolon nothing is cut (a colon's content may run past the sentence)."""
    sent = verb.sent
    start, end = 0, len(text_of(verb.doc))
    for token in sent:
        if token.text == ";":
            if token.i < verb.i:
                start = token.idx + 1
            else:
                end = token.idx
                break
    return start, end


def _colon_after(verb: Token) -> tuple[int, int] | None:
    """"The governor added: It's typical of her …": what follows the colon, to the end
    of the paragraph (a quotation after the colon is ``claimledger_quotes``'s)."""
    doc = verb.doc
    i = verb.i + 1
    while i < len(doc) and doc[i].dep_ in {"dative", "dobj", "prt"} and i - verb.i <= 3:
        i += 1
    if i + 1 >= len(doc) or doc[i].text != ":" or doc[i + 1].text in QUOTE_OPENERS:
        return None
    text = text_of(doc)
    start = doc[i].idx + 1
    end = text.find("\n", start)
    return start, len(text) if end == -1 else end


def _that_after(verb: Token) -> Token | None:
    """"Doctors say that …" misparsed (the "that" as an object): the clause after
    "that" is still the content, to the end of the sentence."""
    doc = verb.doc
    i = verb.i + 1
    while i < len(doc) and doc[i].dep_ in {"dative", "dobj"} and doc[i].lower_ != "that" and i - verb.i <= 2:
        i += 1
    if i < len(doc) and doc[i].lower_ == "that" and doc[i].head.i == verb.i and doc[i].dep_ != "mark":
        return doc[i]
    return None


def _number_object(verb: Token) -> tuple[int, int] | None:
    """"says about 2,500", "puts the number at only 1,200": a figure as the object."""
    for child in verb.children:
        if child.dep_ == "dobj" and child.lower_ in COUNT_NOUNS:
            at = next((p for p in verb.children if p.dep_ == "prep" and p.lower_ == "at"), None)
            if at is not None and at.right_edge.i > child.i:
                return child.left_edge.idx, at.right_edge.idx + len(at.right_edge.text)
        if child.dep_ in {"dobj", "prep"} and (child.pos_ == "NUM" or any(t.pos_ == "NUM" for t in child.children)):
            sub = list(child.subtree)
            return sub[0].idx, sub[-1].idx + len(sub[-1].text)
    return None


def _clause_range(head: Token, following: Token | None) -> tuple[int, int]:
    """Character range of a clause, cut before a following coordinated clause."""
    doc = head.doc
    start = head.left_edge.idx
    if following is not None:
        cut = following.left_edge.i
        while cut > head.i and doc[cut - 1].dep_ in {"cc", "punct"}:
            cut -= 1
        end_tok = doc[cut - 1]
    else:
        end_tok = head.right_edge
    return start, end_tok.idx + len(end_tok.text)


def _subtree_range(token: Token) -> tuple[int, int]:
    return token.left_edge.idx, token.right_edge.idx + len(token.right_edge.text)


#: Complements that carry a learned cue's content: "wants *to stay*" (xcomp), "backs
#: *the deal*" (dobj), "called for *a truce*" (prep), "is *critical*" (acomp, oprd).
LEARNED_CONTENT_DEPS = frozenset({"xcomp", "dobj", "dative", "prep", "acomp", "oprd", "ccomp"})
#: Complements that extend a content to the right: "urged Trump *to stop*", "described
#: the act *as a crazy system*", "called the charges *unsubstantiated*".
CONTENT_EXTENSION_DEPS = frozenset({"xcomp", "oprd", "ccomp", "dobj", "acomp"})
EXTENSION_PREPS = frozenset({"as", "for", "of", "to"})


def _trim_relative(token: Token) -> int:
    """The end of a noun phrase without a trailing ", who …"/", which …" clause."""
    end = token.right_edge
    for child in token.rights:
        if child.dep_ == "relcl" and child.left_edge.i > 0 and token.doc[child.left_edge.i - 1].text == ",":
            end = token.doc[child.left_edge.i - 2]
            break
    return end.idx + len(end.text)


def _learned_content(verb: Token, model: CueModel | None) -> tuple[tuple[int, int], Token | None] | None:
    """A learned cue's content: its first complement after it, running on through the
    complements that follow ("urged Trump to stop"). A preposition right after the
    verb joins the cue and its object is the content ("called for a truce"). An object
    before an infinitive is the listener ("told her not to worry") unless the cue
    model's frames say the verb's object belongs to the content ("urged Trump to
    stop")."""
    complements = [c for c in verb.rights if c.dep_ in LEARNED_CONTENT_DEPS and not c.is_punct]
    objects_in = model is not None and verb.lemma_.lower() in model.object_in_content
    for n, child in enumerate(complements):
        prep = None
        first = child
        if child.dep_ == "prep":
            objs = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if not objs or child.i != verb.i + 1 or objs[0].lemma_.lower() in CHANNEL_NOUNS:
                continue  # "said in a phone interview": the channel, not the content
            if objs[0].pos_ in VERB_TAGS and is_cue(objs[0], model):
                return None  # "responded by saying that …": the inner cue carries the claim
            prep, first = child, objs[0]
        elif child.dep_ in {"dobj", "dative"} and not objects_in and any(c.dep_ == "xcomp" for c in complements[n + 1 :]):
            continue  # the listener
        elif child.dep_ == "dative":
            continue
        start = first.left_edge.idx
        end = _trim_relative(first) if first.dep_ in {"dobj", "pobj"} else _subtree_range(first)[1]
        for other in verb.rights:
            if other.i <= first.i or other.is_punct:
                continue
            if other.dep_ in CONTENT_EXTENSION_DEPS or (other.dep_ == "prep" and other.lower_ in EXTENSION_PREPS):
                gap = text_of(verb.doc)[end : other.left_edge.idx]
                if gap.strip() and not gap.strip().isalpha():
                    break
                end = _subtree_range(other)[1]
        return (start, end), prep
    return None


def _chained(verb: Token, model) -> Token | None:
    """"tried to make the case that …", "continued to attack …": for verbs the cue
    model's frames name as chains, the infinitive's verb carries the content and joins
    the cue."""
    if model is None or verb.lemma_.lower() not in model.chains:
        return None
    for child in verb.rights:
        if child.dep_ == "xcomp" and any(c.dep_ in {"dobj", "prep", "ccomp"} and c.i > child.i for c in child.children):
            return child
    return None


def _content_ranges(verb: Token, subject: Token) -> list[tuple[int, int]]:
    """What a cue verb reports: its clauses (within its semicolon segment), a
    prepositional object, a figure, an infinitive, or, for a cue set off by commas
    after its content ("…, U.N. envoy Mara Voss said, …"), the sentence up to the speaker;
    a cue set off inside its content ("The truth, the senator said, was that …") takes the
    whole sentence, as PolNeAR marks a content around its cue."""
    colon = _colon_after(verb)
    if colon is not None:
        return [colon]
    seg_start, seg_end = _segment(verb)
    heads = [h for h in _clause_heads(verb) if seg_start <= h.idx < seg_end]
    if heads:
        return [_clause_range(h, heads[n + 1] if n + 1 < len(heads) else None) for n, h in enumerate(heads)]
    if verb.dep_ == "parataxis" and subject.i < verb.i and verb.sent.start < subject.left_edge.i:
        if verb.head.i > verb.i:  # "The truth, the senator said, was that …": the cue stands inside
            return [(max(seg_start, verb.sent.start_char), min(seg_end, verb.sent.end_char))]
        return [(verb.sent.start_char, subject.left_edge.idx)]
    number = _number_object(verb)
    if number is not None:
        return [number]
    that = _that_after(verb)
    if that is not None:
        return [(that.idx, min(seg_end, verb.sent.end_char))]
    if verb.lemma_.lower() in INFINITIVE_CUES:
        for child in verb.children:
            if child.dep_ == "xcomp" and any(a.lower_ == "to" for a in child.children):
                return [(child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text))]
    preps = PREPOSITIONAL_CUES.get(verb.lemma_.lower(), set())
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            objs = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if objs:
                return [(objs[0].left_edge.idx, objs[0].right_edge.idx + len(objs[0].right_edge.text))]
    return []


def _relative_cue_range(verb: Token) -> tuple[int, int] | None:
    """"reports – which X says are … – that …": the antecedent noun's phrase."""
    if verb.dep_ != "relcl":
        return None
    for child in verb.children:
        if child.dep_ == "ccomp" and any(s.dep_.startswith("nsubj") and s.tag_ in WH_RELATIVES for s in child.children):
            noun = verb.head
            return noun.left_edge.idx, noun.right_edge.idx + len(noun.right_edge.text)
    return None


def _indirect_cue(verb: Token, *, relative: bool) -> Span:
    """The cue: the verb with its auxiliaries, and the preposition of a prepositional
    cue when that is what carries the content ("speaks of")."""
    cue = cue_span(verb)
    preps = PREPOSITIONAL_CUES.get(verb.lemma_.lower(), ())
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in preps), None)
    if prep is not None and not relative and not _clause_heads(verb):
        cue = verb.doc[cue.start : prep.i + 1]
    return cue


def _quoted_speaker(verb: Token, subject: Token):
    """The speaker of a quotation whose words the parser gave ``verb`` its subject from.

    "… said: “The harbour will reopen,” adding that …": "adding" hangs off a verb inside
    the quotation, whose subject ("the harbour") is not the speaker; the quotation's
    speaker is. None when the subject stands outside quotations; False when it stands
    inside one that no direct claim attributes.
    """
    quotes = verb.doc._.quotes or []
    if not inside(quotes, subject.idx) or inside(quotes, verb.idx):
        return None
    for claim in claims_of(verb.doc):
        if claim.kind == "direct" and claim.content.span[0] <= subject.idx < claim.content.span[1]:
            return replace(claim.speaker) if claim.speaker.span is not None else False
    return False


def indirect_claims(verb: Token, model: CueModel | None, *, learned: bool = False) -> list[Claim]:
    """Claims of one reporting verb with a subject (see the module docstring).

    ``model`` is the pipeline's learned cue model (:mod:`.cuemodel`), or None; its
    frames say which verbs chain to an infinitive and which objects belong to the
    content. ``learned``: the verb is a cue by that model, not by the lexicon; its
    content may also be a plain complement (``_learned_content``)."""
    subject = subject_of(verb)
    relative_pronoun = None
    if subject is not None and subject.tag_ in WH_RELATIVES and verb.dep_ == "relcl":
        # "ONA, which claimed that …": the antecedent speaks; the local mention stays "which"
        relative_pronoun, subject = subject, verb.head
    if subject is None or not is_speaker_subject(subject):
        return []
    quoted = _quoted_speaker(verb, subject)
    if quoted is False:
        return []
    relative = _relative_cue_range(verb)
    chained = None if relative else _chained(verb, model)
    carrier = chained if chained is not None else verb
    if any(c.dep_ == "dobj" and c.tag_ in WH_RELATIVES for c in carrier.children):
        return []  # "what Tom Reyes had to say about the storm": an introduction, not a claim
    ranges = [relative] if relative else _content_ranges(carrier, subject)
    cue = _indirect_cue(verb, relative=relative is not None)
    if chained is not None:
        cue = verb.doc[cue.start : max(cue.end, cue_span(chained).end)]
    if not ranges and (learned or chained is not None):
        found = _learned_content(carrier, model)
        if found is not None:
            ranges = [found[0]]
            if found[1] is not None:
                cue = verb.doc[cue.start : found[1].i + 1]
    elif ranges and not learned and verb.lemma_.lower() in CLAUSE_ONLY and not _clause_heads(verb):
        return []
    if not ranges:
        return []
    seg_start, seg_end = _segment(verb)
    ranges = [(max(s, seg_start), min(e, seg_end)) for s, e in ranges if s < seg_end and e > seg_start]
    cue_ts = TextSpan(cue.text, (cue.start_char, cue.end_char))
    if quoted:
        speaker = quoted
    elif relative_pronoun is not None:
        speaker = speaker_from_mention(verb.doc[relative_pronoun.i : relative_pronoun.i + 1])
    else:
        speaker = speaker_from_mention(subject_mention(subject))
    claims = []
    for start, end in ranges:
        content = _text_span(verb.doc, start, end)
        if _substantial(verb.doc, content):
            claims.append(Claim(speaker, content, "indirect", cue_ts))
    return claims


def _substantial(doc: Doc, content: TextSpan) -> bool:
    """Two words or more, or a name or an object noun: "endorsed *Trump*", "did not
    suggest *retaliation*" take a position."""
    if len(content.text.split()) >= 2:
        return True
    span = doc.char_span(*content.span, alignment_mode="expand")
    return span is not None and len(span) == 1 and (span[0].pos_ == "PROPN" or (span[0].pos_ == "NOUN" and span[0].dep_ == "dobj"))


def continued_quotations(doc: Doc, claims: list[Claim]) -> list[Claim]:
    """"The answers are “not meeting the demand,” says Paul Reyes. “We often …”": a
    quotation that opens right after the sentence of a cue standing after its content,
    on the same line and claimed by no one, goes on with that claim (same speaker, same
    cue), as a quotation goes on after a quoted one (``claimledger_quotes``)."""
    quotes = doc._.quotes or []
    if not quotes:
        return []
    starts = paragraph_starts(doc)
    taken = [c.content.span for c in claims]
    out = []
    for claim in claims:
        if claim.kind != "indirect" or claim.cue is None or claim.cue.span[0] < claim.content.span[1]:
            continue
        cue = doc.char_span(*claim.cue.span, alignment_mode="expand")
        if cue is None or claim.speaker.span is None:
            continue
        sent_end = cue.sent.end_char
        q = next((q for q in quotes if q[0] >= sent_end), None)
        if q is not None and continues(doc, starts, sent_end, q) and not any(s < q[1] and q[0] < e for s, e in taken):
            out.append(direct_claim(doc, q, replace(claim.speaker), cue))
            taken.append(q)
    return out


def refinable(doc: Doc, claim: Claim, claims: list[Claim]) -> tuple[Span, Span, int, int] | None:
    """The cue and content of a claim whose content edges the content model may move,
    with the bounds they may not pass: a cued claim, not the outlet's, sharing its cue
    with no other claim (one claim per clause of "says that A and that B" stays so). The
    bounds are the claim's own cue and speaker, before and after its content."""
    if claim.cue is None or claim.kind == "outlet":
        return None
    if any(other is not claim and other.cue is not None and other.cue.span == claim.cue.span for other in claims):
        return None
    cue = doc.char_span(*claim.cue.span, alignment_mode="expand")
    content = doc.char_span(*claim.content.span, alignment_mode="expand")
    if cue is None or content is None or not len(content):
        return None
    marks = [cue]
    if claim.speaker.span is not None:
        speaker = doc.char_span(*claim.speaker.span, alignment_mode="expand")
        if speaker is not None:
            marks.append(speaker)
    after = min((m.start for m in marks if m.start >= content.end), default=len(doc))
    before = max((m.end for m in marks if m.end <= content.start), default=0)
    return cue, content, before, after


def refine_edges(doc: Doc, claim: Claim, claims: list[Claim], model: ContentEndModel) -> None:
    """Let the content model (:mod:`.contentmodel`) choose where ``claim``'s content
    ends, then where it starts."""
    found = refinable(doc, claim, claims)
    if found is None:
        return
    cue, content, before, after = found
    end = model.best_end(doc, claim.kind, cue, content, after)
    start = model.best_start(doc, claim.kind, cue, doc[content.start : end], before)
    if (start, end) != (content.start, content.end):
        first, last = doc[start], doc[end - 1]
        refined = _text_span(doc, first.idx, last.idx + len(last.text))
        if _substantial(doc, refined):
            claim.content = refined


@Language.factory(
    "claimledger_attribution",
    requires=["token.dep", "token.lemma", "doc.sents", "doc._.quotes"],
    assigns=["doc._.claims"],
    default_config={"refine_ends": True, "cue_model": CUE_MODEL_FILE, "content_model": CONTENT_MODEL_FILE},
)
def make_attribution(
    nlp: Language, name: str, *, refine_ends: bool, cue_model: str, content_model: str,
) -> IndirectAttributor:
    """Factory for ``nlp.add_pipe("claimledger_attribution")``. ``cue_model`` and
    ``content_model`` name the learned models this pipeline loads (a file shipped in
    ``claimledger/data`` or a path; "" for none)."""
    ensure_extensions()
    return IndirectAttributor(
        refine_ends=refine_ends, cue_model=load_cue_model(cue_model), content_model=load_content_model(content_model),
    )


class IndirectAttributor:
    """Adds indirect, "according to" and headline claims to ``doc._.claims``; verbs and
    nouns the learned ``cue_model`` takes for cues count as cues too. With
    ``refine_ends``, the learned ``content_model`` then settles where each cued claim's
    content ends and starts."""

    def __init__(
        self, *, refine_ends: bool = True, cue_model: CueModel | None = None, content_model: ContentEndModel | None = None,
    ) -> None:
        self.refine_ends = refine_ends
        self.cue_model = cue_model
        self.content_model = content_model

    def __call__(self, doc: Doc) -> Doc:
        claims = claims_of(doc)
        quotes = doc._.quotes or []
        model = self.cue_model
        headline = headline_claims(doc)
        title = doc._.title_span or (0, 0)
        found: list[Claim] = list(headline) + transcript_claims(doc, claims)
        used = {c.cue.span for c in claims if c.cue is not None}
        for token in doc:
            according = token.lower_ == "according"
            if not according and token.pos_ not in VERB_TAGS:
                if token.pos_ == "NOUN" and _that_clause(token) is not None and not inside(quotes, token.idx) and (
                    token.lemma_.lower() in CLAIM_NOUNS or (model is not None and model.is_cue(token))
                ):
                    found.extend(noun_claims(token))
                continue
            if inside(quotes, token.idx) or (headline and title[0] <= token.idx < title[1]):
                continue
            if according:
                found.extend(according_to_claims(token))
            elif (cue_span(token).start_char, cue_span(token).end_char) in used:
                continue
            elif is_cue_verb(token) and (new := indirect_claims(token, model)):
                found.extend(new)
            elif any(c.dep_ == "agent" for c in token.children) and is_cue(token, model):
                found.extend(passive_claims(token))
            elif model is not None and model.is_cue(token):
                found.extend(indirect_claims(token, model, learned=True))
        for claim in found:
            if title[0] <= claim.content.span[0] < title[1]:
                claim.kind = "headline"
        claims.extend(found)
        claims.extend(continued_quotations(doc, claims))
        end_model = self.content_model if self.refine_ends else None
        if end_model is not None:
            for claim in claims:
                refine_edges(doc, claim, claims, end_model)
        outlet = (doc._.outlet or "").casefold()
        for claim in claims:
            if outlet and claim.kind == "indirect" and claim.speaker.text.casefold() == outlet:
                claim.kind = "outlet"  # "Merran Free Voice understands that …": the outlet's own voice
            if claim.cue is not None and claim.cue.span[1] - claim.cue.span[0] > 1:
                cue = widen_cue(doc, claim.cue.span, claim.speaker.span, claim.content.span)
                if cue != claim.cue.span:
                    claim.cue = TextSpan(text_of(doc)[cue[0]:cue[1]], cue)
        claims.sort(key=lambda c: c.content.span)
        return doc
