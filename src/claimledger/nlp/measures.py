"""``claimledger_measures``: what each quantity measures, read from the parse.

Every quantity of ``doc._.quantities`` gets a :class:`~claimledger.records.QuantityMeasure`
by these named rules, in order:

1. **not measured**: a number no thread follows is marked with the reason:
   ``age`` ("men ages 18, 21 and 35", a "year of age" unit, a number set off by a comma
   after a person's name: "Ivo Brandt, 23, was shot", "Ted Reeves, 64 were found
   dead"), ``duration`` (a unit of time), ``address`` and other counted nouns in ``not_measured.txt`` ("the 300
   block", "two counts of murder", "9mm rounds"), ``measure`` (a unit of length,
   weight and the like on a counted person: a calibre, a height), ``one of a group``
   ("one of the victims", "one of the oldest bridges": the member of a set the sentence
   describes, not a figure a thread follows), ``numbering`` (a caption word right
   before the number: "Image 1 of 6", "page 2"), ``reference`` (a reference mark glued
   to the text: "their attacks.[18]"), ``model`` (a bare number after "a": "found a
   357", a gun or a plane by its model).
2. **concept**: the counted noun's lemma grouped by ``concepts.toml`` ("gunmen" are
   fighters, "residents" people; a nationality, "1,900 Norwegians", people; "armed
   men", "men under arms" fighters, ``[armed]``); a number with no counted noun of its own takes the
   noun it stands for ("two of them" after "six people"; "killing two") or, under a
   casualty event, people.
3. **event**: the predicate that governs the number, normalised by ``events.toml``:
   the verb of which the counted noun is subject or object ("three people were
   wounded", "killed two"), a verb's complement ("left 16 people injured"), a
   participle or adjective on the noun ("two wounded men", "the two victims killed in
   the shooting"), the noun a figure is "of" ("the deaths of two men", "claimed the
   lives of three"); the first conjunct stands for the others ("two women and one man
   were shot"); a departure only planned counts those still there ("were supposed to
   leave": ``remaining``, by the ``planned`` words). A shooting is ``killed`` when the words around its verb say it was
   fatal ("shot and killed", "shot dead", "fatally shot", ``fatal_words``), else ``shot``.
   A verb and its particle may name the event together ("laid down their arms",
   ``phrasal``); whom shots were aimed at were shot ("opened fire on three people",
   "fired at two men", ``aimed``), unless their number is approximate or a lower
   bound ("opened fire on about 100 partygoers" counts a crowd, not those hit); a
   person noun that names an event counts it when no predicate does ("300 refugees":
   displaced).
   **3b. tolls**: a bare figure a toll noun (``tolls``) is said to be ("the death toll
   rose to 72", "put the number of people killed at 100", "a toll of 35", "the number
   of arrests climbed to 42") counts what the toll counts: the concept and event of the
   noun's "of", else of a word on it ("death toll"), else of the noun itself ("toll":
   killed).
   **3c. the figure again**: a bare figure that is another value of a figure stated
   before it, the value of a toll noun that says nothing of what it counts ("puts the
   figure at 1,640") or the object of a counting verb (``counting``: "relief workers
   counted 1,640"), counts what the last count before it counts, in its sentence or
   the three before ("more than 2,000 civilians were evacuated"; "there are 4,000
   fighters").
   **3d. the measure named before**: a bare figure in the sentence after one that
   names what is counted and states no figure ("The dispute over the number of
   fighters is starker still. The ministry says only 1,200 remain") counts it: the
   concept (and, where the figure's own predicate names none, the event) of that
   sentence's toll noun's "of".
4. **participant**: the concept's role in ``concepts.toml`` (victims, suspects,
   officers, fighters, soldiers).
5. **part**: a part of a total of the same event stated beside it: under
   "including" or "among" ("11 killed, including three children", "among them four
   women"). "Two of them died" after "six people were shot" is no part: it counts
   another event. **5b.** A part that names no event counts its total's: the last
   figure before it in its sentence that is no part and names one.
6. **implicit counts**: a casualty verb (killed, injured, shot: ``IMPLICIT_EVENTS``)
   whose victim is named without a number ("a man was shot and killed", "killed a
   3-year-old girl", "a boy and his uncle were wounded") gives a quantity with no
   number written (``implicit``): one per person named, the conjuncts counted. A
   plural without a number ("the victims"), a pronoun or a person already counted by
   a written number gives none. The victim is also read from a complement ("was
   found shot", "was pronounced dead", "found a man shot in the ankle"), a reflexive
   ("shot himself": the subject), an event noun's "of" ("the shooting of a teenage
   girl", ``event_nouns``) and a hospital condition ("a boy is in critical
   condition": injured, ``conditions``).
   **6b. wounded, then dead**: in an article that writes no casualty figure as a
   number, a person named without a number as wounded and a person of the same noun or
   surname named as dead are one victim, who died ("police found a child suffering from
   a gunshot wound ... the child died"): the wounded count counts the dead. "Another
   man was wounded" names someone else.
7. **survived**: a shooting (``shot``) in an article that reports no death (none of the
   ``death_words``, unless negated: "no one was killed", "non-fatal") is one its
   victims survived: its figure counts people ``injured`` ("two men were shot ...
   both are in stable condition"). An article that names a death anywhere keeps its
   shootings as they are.
8. **place**: the place named nearest the number in its sentence, else the article's
   main place (the town it names most, else the state or country), both among the
   names the gazetteer resolves (:mod:`claimledger.nlp.places`); where it resolves
   none, the names as written. A part of a city named by a compass word and a word of
   ``directions.toml``'s ``districts`` ("the North Side", "the East End") is never
   resolved to a town of that name elsewhere. A name that is part of another name
   ("the Halden bridge", "the 600 block of Escanaba") or joined to a participle to describe an
   actor ("a Tarn-led coalition", "a Halden-based monitor") is no place, nor the
   surname of a person the article names in full, written alone, when the article
   never writes it after a preposition of place or a direction ("Maria Rivera ...
   Rivera told reporters"); a possessive is no part of a name ("New Orleans' French
   Quarter"); a direction written before a place is kept in its name ("northern
   Norway").
9. **groups**: the people a casualty verb names as a group of counted parts count as
   their sum ("two boys and two girls were shot": 4 shot; "three men and a woman were
   killed": 4): parts joined by a conjunction in one sentence, each a number of people
   that names the same event, or one person named without a number; the parts share
   one concept, or are people and children, and none names a nation, a group or a
   side ("1,800 Tarnians and 67 Haldeners" stay apart). The parts keep
   their own figures (a thread's current figure leaves out the parts of a total its
   own source states beside it). **9b.** A shooting's dead and injured stated side by
   side in one sentence, with no number of people shot, count the people shot ("the
   shooting left one man dead and three others injured": 4 shot): the sentence names
   a shooting (a verb of ``events.toml``'s ``shot``, or a noun of its
   ``event_nouns``) and states one figure of each. A sum is ``implicit`` when all its
   parts are.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..records import Quantity, QuantityMeasure
from ..words import CALENDAR_WORDS, DIRECTIONS, read_list, read_table
from .extensions import ensure_extensions, ents_of, text_of
from .places import Gazetteer, Place, gazetteer, place_key, resolve_names

__all__ = ["Lexicon", "lexicon", "make_measures", "measure_quantity"]

#: Units whose figures are never measures a thread follows.
DURATION_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"})
AGE_UNITS = frozenset({"year of age"})
#: Units that measure things, not people: on a counted person they are a size, not a toll.
MEASURE_UNIT = re.compile(r"metre|meter|mile|inch|foot|feet|gram|pound|ounce|litre|gallon|calibre|caliber|mm\b", re.I)
#: Words before a number that make it an age ("ages 18, 21 and 35", "aged 12").
AGE_BEFORE = re.compile(
    r"\b(?:age[sd]?|aged)\s*(?:of\s+|between\s+|from\s+)?(?:\d+\s*(?:,|and|or|to|-)\s*)*$"
    r"|\bin\s+(?:their|his|her)\s+(?:early\s+|mid\s*-?\s*|late\s+)?$"  # "in their 20s"
    r"|\b(?:both|turned|turns|turning)\s+$",  # "both 37", "would have turned 15"
    re.I,
)
#: A bare number set off by commas after a name or a person ("Herring, 35, was shot",
#: "her sons, 7 and 8, were hurt", "Ann Reeves, 66 and Ted Reeves, 64"): an age in apposition.
AGE_APPOSITION_BEFORE = re.compile(r"[A-Za-z]\w*,\s*(?:also\s+)?(?:\d+\s+and\s+)?$")
AGE_APPOSITION_AFTER = re.compile(r"^\s*(?:,|and\s+\d+\s*,|and\s+[A-Z][a-z]|[–—])")
#: A bare number after "a" or "an" names a thing, a gun or a plane by its model ("found a
#: 357", "flew a 737"), unless a noun or "of" follows it ("a 25 percent", "a 100 of them").
MODEL_BEFORE = re.compile(r"\b(?:a|an)\s+$", re.I)
MODEL_NOT_AFTER = re.compile(r"[\w%-]|\s+(?:of|percent|per|to)\b", re.I)
#: A telephone number read as a range or a figure ("call 822-1111", "(555) 010-2233").
PHONE = re.compile(r"^\(?\d{3}\)?[-.\s]\d{3,4}(?:[-.]\d{4})?$|^1-\d{3}-\d{3}")
#: What stands around a telephone number's digits, or the verb that dials one ("called 911").
PHONE_AROUND = re.compile(r"(?:\(\d{3}\)\s*|\b\d{3}[-.]|\b1-|\b(?:call(?:s|ed|ing)?|dial(?:s|ed|led|ing|ling)?)\s+)$", re.I)
#: A reference mark glued to the text before it, as encyclopedias and scraped pages
#: write them ("their attacks.[18]"), and a page after one ("[16]:84").
REFERENCE_BEFORE = re.compile(r"(?:\S\[|\]:)$")
REFERENCE_AFTER = re.compile(r"\]|(?<=\d)(?=\s|$)")
#: A code of numbers joined by hyphens (a statute "39-13-202", a case number).
CODE = re.compile(r"\d+-\d+-\d+")
#: Words before a number that make it a numbering, not a figure ("Image 1 of 6").
#: "one of the victims": a member of a group, read as one of that noun by the quantities.
ONE_OF_GROUP = re.compile(r"one\s+of\b", re.I)
CAPTION_WORDS = frozenset({"image", "photo", "picture", "page", "slide", "video", "gallery", "chapter", "no", "number", "item", "step", "part"})
#: Events whose figures count people: a bare number under them counts people.
CASUALTY_EVENTS = frozenset({"killed", "injured", "shot", "arrested", "evacuated", "displaced", "missing", "surrendered"})
#: Dependency labels of a noun that the governing predicate is read from.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "obj", "oprd", "attr", "npadvmod"})


@dataclass(frozen=True)
class Lexicon:
    """The word lists the rules read (``concepts.toml``, ``events.toml``, ``not_measured.txt``)."""

    concepts: dict[str, str]
    participants: dict[str, str]
    events: dict[str, str]
    fatal: frozenset[str]
    planned: frozenset[str]
    not_measured: frozenset[str]
    attempted: frozenset[str] = frozenset()
    degree: frozenset[str] = frozenset()
    death: frozenset[str] = frozenset()
    event_nouns: dict[str, str] = field(default_factory=dict)
    conditions: frozenset[str] = frozenset()
    phrasal: dict[str, str] = field(default_factory=dict)
    tolls: frozenset[str] = frozenset()
    armed_modifiers: frozenset[str] = frozenset()
    armed_phrases: frozenset[str] = frozenset()
    aimed: frozenset[str] = frozenset()
    verb_only: frozenset[str] = frozenset()
    counting: frozenset[str] = frozenset()


@cache
def lexicon() -> Lexicon:
    concepts_file = read_table("concepts.toml")
    events_file = read_table("events.toml")
    concepts = {w: c for c, words in concepts_file["concepts"].items() for w in words}
    events = {w: e for e, words in events_file["events"].items() for w in words}
    return Lexicon(
        concepts=concepts, participants=dict(concepts_file["participants"]), events=events,
        fatal=frozenset(events_file["fatal_words"]["words"]), planned=frozenset(events_file["planned"]["words"]),
        not_measured=frozenset(read_list("not_measured.txt")),
        attempted=frozenset(events_file.get("attempted", {}).get("words", [])),
        degree=frozenset(events_file.get("degree", {}).get("words", [])),
        death=frozenset(events_file.get("death_words", {}).get("words", [])),
        event_nouns={w: e for e, words in events_file.get("event_nouns", {}).items() for w in words},
        conditions=frozenset(events_file.get("conditions", {}).get("words", [])),
        phrasal={w: e for e, words in events_file.get("phrasal", {}).items() for w in words},
        tolls=frozenset(events_file.get("tolls", {}).get("words", [])),
        armed_modifiers=frozenset(concepts_file.get("armed", {}).get("modifiers", [])),
        armed_phrases=frozenset(concepts_file.get("armed", {}).get("phrases", [])),
        aimed=frozenset(events_file.get("aimed", {}).get("words", [])),
        verb_only=frozenset(events_file.get("verb_only", {}).get("words", [])),
        counting=frozenset(events_file.get("counting", {}).get("words", [])),
    )


# ---------------------------------------------------------------------------- tokens


def _tokens(doc: Doc, quantity: Quantity) -> tuple[Token | None, Token | None]:
    """The quantity's number token and its counted noun's token (None when it has none)."""
    span = doc.char_span(*quantity.span, alignment_mode="expand")
    if span is None:
        return None, None
    number = next((t for t in span if t.like_num or t.pos_ == "NUM"), span[0])
    counted = None
    if quantity.counted:
        counted = next((t for t in reversed(span) if t.lemma_.lower() == quantity.counted or t.lower_ == quantity.counted), None)
        if counted is None:
            counted = next((t for t in reversed(span) if t.pos_ in {"NOUN", "PROPN"} and t.i > number.i), None)
    return number, counted


def _denied_or_tried(token: Token, lex: Lexicon) -> bool:
    """"two people were not hurt": nothing happened to them ("not seriously hurt" still
    were); "trying to kill two officers": tried, not done."""
    if any(c.dep_ == "neg" for c in token.children) and not any(c.lower_ in lex.degree for c in token.children):
        return True
    return token.dep_ in {"xcomp", "pcomp"} and token.head.lemma_.lower() in lex.attempted


def _event_of_word(token: Token, lex: Lexicon) -> str | None:
    if _denied_or_tried(token, lex):
        return None
    if token.lower_ == "left" and not any(
        c.dep_ in {"dobj", "obj"} or (c.dep_ == "aux" and c.lemma_ == "have") for c in token.children
    ):
        return "remaining"  # "1,500 fighters are left", "1,200 left in the old town"; not "have left the city"
    for particle in token.children:
        if particle.dep_ == "prt":  # "laid down their arms"
            event = lex.phrasal.get(f"{token.lemma_.lower()} {particle.lower_}")
            if event:
                return event
    if token.pos_ != "VERB" and token.lemma_.lower() in lex.verb_only:
        return None  # "the gun went off": a gun, no shooting ("were gunned down" is one)
    return lex.events.get(token.lemma_.lower()) or lex.events.get(token.lower_)


def _is_fatal_word(token: Token, lex: Lexicon) -> bool:
    return token.lemma_.lower() in lex.fatal or token.lower_ in lex.fatal


def _fatal(verb: Token, lex: Lexicon) -> bool:
    """Words beside a shooting verb that say it was fatal: "shot and killed" (a
    conjunct), "shot dead" (a complement), "fatally shot" (an adverb), "shot to death"
    (a preposition's object)."""
    def own_subject(v: Token) -> bool:
        return any(c.dep_ in SUBJECT_DEPS for c in v.children)

    for t in verb.children:
        if t.dep_ == "conj" and own_subject(t):
            continue  # "A was killed and three others were shot": another clause
        if t.dep_ in {"conj", "advmod", "acomp", "oprd", "xcomp", "npadvmod", "amod"} and _is_fatal_word(t, lex):
            return True
        if t.dep_ == "prep" and any(_is_fatal_word(c, lex) for c in t.children):
            return True
    return verb.dep_ == "conj" and not own_subject(verb) and _is_fatal_word(verb.head, lex)


#: Tokens after (or before) a number searched for an event word when the parse names none.
EVENT_WINDOW = 8


def _nearby_event(noun: Token, lex: Lexicon) -> str | None:
    """The first event word after the noun in its sentence, before the next number
    ("four others, including one woman, were injured"), else the nearest before it
    ("killing two")."""
    sent = noun.sent
    for t in noun.doc[noun.i + 1 : min(sent.end, noun.i + 1 + EVENT_WINDOW)]:
        if t.like_num and not any(a.lower_ in {"including", "among"} for a in t.ancestors):
            break
        if t.pos_ in {"VERB", "ADJ", "NOUN", "AUX"}:
            event = _event_of_word(t, lex)
            if event:
                return _normalise(event, t, lex)
    if noun.dep_ not in OBJECT_DEPS and not noun.like_num:
        return None
    for t in reversed(noun.doc[max(sent.start, noun.i - 3) : noun.i]):
        if t.pos_ == "VERB":
            event = _event_of_word(t, lex)
            if event:
                return _normalise(event, t, lex)
    return None


def _attempted(noun: Token, lex: Lexicon) -> bool:
    """Whether the noun's predicate was only tried ("trying to kill two officers")."""
    verb = noun.head
    return verb.dep_ in {"xcomp", "pcomp"} and verb.head.lemma_.lower() in lex.attempted


def _normalise(event: str, word: Token, lex: Lexicon) -> str:
    if event == "shot" and _fatal(word, lex):
        return "killed"  # "shot dead", "shot and killed"
    if event == "injured" and any(c.dep_ == "advmod" and _is_fatal_word(c, lex) for c in word.children):
        return "killed"  # "fatally wounded"; not "killing one and wounding three"
    return event


def _aims(word: Token, lex: Lexicon) -> bool:
    """A word whose "on" or "at" is whom shots were aimed at (``events.toml``,
    ``[aimed]``): "fired at", "gunfire on", "opened fire on" (the verb with that object)."""
    if word.lemma_.lower() in lex.aimed:
        return True
    return any(c.dep_ in {"dobj", "obj"} and c.lemma_.lower() in lex.aimed for c in word.children)


def _first_conjunct(token: Token) -> Token:
    """The first of the conjuncts ``token`` is one of ("two women and one man": "women"),
    which stands for the others in the parse."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


#: The prepositions that name whom shots were aimed at ("fired at two men").
AIMED_PREPOSITIONS = frozenset({"on", "at"})
#: The changes of a figure of people fired at that make them a crowd, not a count of those
#: hit: "about 100", "more than 50"; a crowd may also be fired "into".
CROWD_CHANGES = frozenset({"~", ">"})
CROWD_PREPOSITIONS = AIMED_PREPOSITIONS | {"into"}


def _aimed_at(noun: Token, lex: Lexicon, prepositions: frozenset[str] = AIMED_PREPOSITIONS) -> bool:
    """Whether ``noun`` is whom shots were aimed at ("opened fire on two officers", "fired
    at three men"), by one of ``prepositions``."""
    node = _first_conjunct(noun)
    head = node.head
    return node.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in prepositions and _aims(head.head, lex)


def _modifier_event(noun: Token, lex: Lexicon) -> str | None:
    """The event of a participle or adjective on the noun itself ("two wounded men",
    "the victims killed", "the number of people killed")."""
    for child in noun.children:
        if child.dep_ in {"amod", "acl", "relcl"} and child.i != noun.i:
            event = _event_of_word(child, lex)
            if event:
                return _normalise(event, child, lex)
    return None


def _predicate_event(noun: Token, lex: Lexicon) -> str | None:
    """The event of the predicate that governs ``noun`` (rule 3)."""
    event = _modifier_event(noun, lex)
    if event:
        return event
    node = _first_conjunct(noun)  # "two women and one man were shot"
    head = node.head
    if node.dep_ == "pobj" and head.dep_ == "prep":
        # "the deaths of two men", "claimed the lives of three": the noun the figure is of
        owner = head.head
        if head.lower_ == "of":
            event = _event_of_word(owner, lex)
            if event:
                return _normalise(event, owner, lex)
            if owner.dep_ in OBJECT_DEPS | SUBJECT_DEPS:
                return _predicate_event(owner, lex)
        if node.pos_ in {"NOUN", "PROPN"} and _aimed_at(node, lex):
            return "shot"  # "opened fire on two officers", "fired at three men"; not "at 10" (a time)
        return None
    if node.dep_ in SUBJECT_DEPS | OBJECT_DEPS or node.dep_ in {"ROOT", "appos"}:
        verb = head if node.dep_ != "ROOT" else node
        if verb.lemma_.lower() in lex.planned or verb.lower_ in lex.planned:
            for child in verb.children:  # "were supposed to leave": those still there
                if child.dep_ in {"xcomp", "ccomp"} and _event_of_word(child, lex) == "evacuated":
                    return "remaining"
        # a complement tells what happened: "left 16 people injured", "are dead"
        for child in verb.children:
            if child.dep_ in {"oprd", "xcomp", "acomp", "ccomp", "attr"} and child.i != node.i:
                event = _event_of_word(child, lex)
                if event:
                    return _normalise(event, child, lex)
        event = _event_of_word(verb, lex)
        if event:
            return _normalise(event, verb, lex)
    return None


#: Words that make "N of the X" a part of a group already named: "nine of the dead",
#: "two of them", "three of whom", "four of its victims".
_GROUP_DETERMINERS = frozenset({"the", "these", "those", "them", "whom", "which", "its", "their", "his", "her"})


def _part_of_total(number: Token, noun: Token | None) -> bool:
    """Rule 5: "including 11 children", "among them", "two of them", "two of whom",
    "nine of the dead"."""
    for child in number.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and (
                    obj.lower_ in _GROUP_DETERMINERS or any(d.lower_ in _GROUP_DETERMINERS for d in obj.children if d.dep_ in {"det", "poss"})
                ):
                    return True
    for t in (noun, number):
        if t is None:
            continue
        node = t
        while True:
            if any(c.dep_ == "prep" and c.lower_ == "among" for c in node.children):
                return True  # "among them 11 children and four women", "nine children among the dead"
            if node.dep_ != "conj" or node.head.i == node.i or node.head.pos_ not in {"NOUN", "PROPN", "NUM", "PRON"}:
                break
            node = node.head
        node = _first_conjunct(node)
        if node.dep_ == "pobj" and node.head.lower_ in {"including", "among"}:
            return True
        if node.head.lower_ in {"including", "among"}:
            return True
    return False


def _stands_for(number: Token, lex: Lexicon) -> str | None:
    """The concept of a bare number: what "two of them" or "two of the six people" count."""
    for child in number.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for c in child.children:
                concept = lex.concepts.get(c.lemma_.lower())
                if concept:
                    return concept
    return None


#: Dependency labels of a figure that is the value its predicate gives a noun: "the toll
#: reached 72", "the toll is 72".
VALUE_DEPS = frozenset({"dobj", "attr", "acomp", "oprd", "npadvmod", "appos"})
#: How far up the parse a figure's toll noun is looked for.
TOLL_REACH = 5


def _toll_noun(number: Token, lex: Lexicon) -> Token | None:
    """Rule 3b: the noun (``tolls``) a bare figure is the value of: the subject or object
    of the predicate the figure completes ("the death toll rose to 72", "put the toll
    at 58", "the toll reached 72", "the toll rose from 58 to 89"), the noun a figure is
    "of" ("a toll of 35"), or a noun above the predicate ("put the number of people
    killed at 100"). A clause with a subject of its own ends the search."""
    node = _first_conjunct(number)
    if node.dep_ == "pobj":
        head = node.head
        while head.dep_ in {"prep", "pobj"} and head.head.i != head.i:  # "from 58 to 89": prepositions up to their word
            if head.dep_ == "prep" and head.lower_ == "of" and head.head.lemma_.lower() in lex.tolls:
                return head.head  # "a toll of 35"
            head = head.head
    elif node.dep_ in VALUE_DEPS:
        head = node.head
    else:
        return None
    for step, word in enumerate([head, *head.ancestors]):
        if step >= TOLL_REACH:
            break
        if word.pos_ in {"NOUN", "PROPN"} and word.lemma_.lower() in lex.tolls:
            return word
        if word.pos_ in {"VERB", "AUX"}:
            own = [c for c in word.children if c.dep_ in SUBJECT_DEPS | {"dobj"}]
            toll = next((c for c in own if c.lemma_.lower() in lex.tolls and c.pos_ == "NOUN"), None)
            if toll is not None:
                return toll
            if any(c.dep_ in SUBJECT_DEPS for c in own):
                return None  # a clause of its own: "the toll rose after gunmen killed 3 at 10"
    return None


def _toll_measure(toll: Token, lex: Lexicon) -> tuple[str | None, str | None]:
    """The concept and event a toll noun counts: its "of" ("the number of people
    killed", "the number of arrests", "the number of dead"), else a word on it ("the
    death toll", "the injury toll"), else the noun itself ("the toll": killed)."""
    for prep in toll.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                concept = lex.concepts.get(obj.lemma_.lower()) or lex.concepts.get(obj.lower_)
                # "people killed", "wounded civilians"; else the noun: "arrests", "dead", "displaced"
                event = _modifier_event(obj, lex) or _event_of_word(obj, lex)
                if concept or event:
                    return concept, event
    for child in toll.children:
        if child.dep_ in {"compound", "amod", "nmod"}:
            event = _event_of_word(child, lex)
            if event:
                return None, event  # "the death toll", "the injury toll"
    return None, _event_of_word(toll, lex)


# ---------------------------------------------------------------------------- places


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place the article names: where, as written (direction kept), and as resolved."""

    start: int
    end: int
    name: str
    place: Place | None


#: Words after which a capitalised name is a place if the gazetteer knows it.
PLACE_PREPOSITIONS = frozenset({"in", "near", "outside", "at", "from", "into", "across", "around", "inside", "of"})


def _candidate_spans(doc: Doc, gaz: Gazetteer) -> list[Span]:
    """GPE and LOC entities, and a capitalised name after a preposition of place or a
    direction ("in eastern Millbrook") that the gazetteer knows, whatever the tagger made of it."""
    spans = [ent for ent in ents_of(doc) if ent.label_ in {"GPE", "LOC"}]
    taken = {i for s in spans for i in range(s.start, s.end)}
    i = 0
    while i < len(doc):
        t = doc[i]
        if i in taken or not t.text[:1].isupper() or t.pos_ != "PROPN" or i == 0:
            i += 1
            continue
        prev = doc[i - 1]
        if not (prev.lower_ in PLACE_PREPOSITIONS or prev.lower_ in DIRECTIONS):
            i += 1
            continue
        j = i
        while j + 1 < len(doc) and doc[j + 1].pos_ == "PROPN" and doc[j + 1].text[:1].isupper() and j + 1 - i < 3:
            j += 1
        span = doc[i : j + 1]
        if gaz.lookup(span.text):
            spans.append(span)
        i = j + 1
    return sorted(spans, key=lambda s: s.start)


@cache
def named_after_places() -> frozenset[str]:
    """Nouns a place name can be part of the name of (``named_after_places.txt``)."""
    return frozenset(read_list("named_after_places.txt"))


def _thing_noun(token: Token) -> bool:
    """A noun a place name can be part of the name of ("Avenue", "Ave."), as
    ``named_after_places.txt`` lists them."""
    return token.lemma_.lower().rstrip(".") in named_after_places() or token.lower_.rstrip(".") in named_after_places()


def _names_a_thing(span: Span) -> bool:
    """A place name that is part of another name: "the Halden bridge", "Lee Avenue",
    "Ute Ave", "Fulton and North avenues" (each of the two), "South Maryland Parkway"
    (read as one name), "the 600 block of Escanaba" (a street); not "Dayton police"."""
    root = span.root
    node = root
    while node.dep_ == "conj" and node.head.i != node.i and node.head.i < node.i:  # "Fulton and North avenues"
        node = node.head
    if node.dep_ in {"compound", "nmod"} and node.head.i >= span.end and _thing_noun(node.head):
        return True
    if _thing_noun(root) and any(c.dep_ == "compound" for c in root.children):
        return True  # "South Maryland Parkway": the name is the street's
    if any(c.dep_ == "conj" and c.tag_ == "NNS" and _thing_noun(c) for c in root.children):
        return True  # "at Fulton and North avenues", parsed as "Fulton" and "North avenues"
    before = span.doc[max(0, span.start - 2) : span.start]
    return len(before) == 2 and before[0].lower_ == "block" and before[1].lower_ == "of"


def _describes_an_actor(span: Span) -> bool:
    """A place name joined by a hyphen to a participle says who someone is, not where
    anything happened: "a Tarn-led coalition", "a Halden-based monitor"."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != "-" or doc[span.end].whitespace_:
        return False
    word = doc[span.end + 1]
    return word.tag_ in {"VBN", "VBD"} or word.lower_.endswith("ed")


#: Compass words that, capitalised, may begin a region's own name ("South Side").
COMPASS = frozenset({"north", "south", "east", "west"})
#: A capitalised compass word names a part of a city this large ("West Berlin"); before a
#: smaller town's name it begins a name of its own.
SPLIT_CITIES_FROM = 100_000


def _direction_of(ent: Span, gaz: Gazetteer) -> bool:
    """Whether a name's first word is a direction within the place the rest names: a
    written direction ("northern", "southeast") always is; a capitalised compass word
    only before the own name of a country, a state or a city of at least
    :data:`SPLIT_CITIES_FROM` people ("West Berlin", "East Lagos"); else it begins a
    region's own name, which the gazetteer may lack ("South Side" is no town called "Side")."""
    first = ent[0]
    if first.lower_ not in COMPASS or not first.text[:1].isupper():
        return True
    rest = place_key(ent[1:].text)
    return any(
        place_key(p.name) == rest and (p.kind != "city" or p.population >= SPLIT_CITIES_FROM) for p in gaz.lookup(rest)
    )


#: Words that, after a capitalised compass word, name a part of a city ("the South Side",
#: "the East End"), and the words that may stand before the compass word ("the Far South
#: Side"): ``directions.toml``'s ``districts``.
_DISTRICTS = read_table("directions.toml")["districts"]
DISTRICT_WORDS = frozenset(_DISTRICTS["words"])
DISTRICT_MODIFIERS = frozenset(_DISTRICTS["modifiers"])


def _district(ent: Span) -> bool:
    """A part of a city named by a compass word ("the North Side", "the Northwest Side",
    "the Far South Side", "the East End"): no town, whatever town the gazetteer knows by
    that name."""
    words = [t for t in ent if t.lower_ != "the" and t.lower_ not in DISTRICT_MODIFIERS]
    return (
        len(words) == 2 and words[0].lower_ in DIRECTIONS and words[0].text[:1].isupper()
        and words[1].lower_ in DISTRICT_WORDS
    )


def _surnames(doc: Doc) -> frozenset[str]:
    """The surnames of the people an article names in full ("Maria Rivera": "rivera"),
    lower-cased."""
    return frozenset(
        ent[-1].lower_ for ent in ents_of(doc) if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].is_alpha
    )


def _written_as_place(doc: Doc, word: str) -> bool:
    """Whether the article writes ``word`` (lower-cased) after a preposition of place or
    a direction anywhere ("in Rivera", "eastern Rivera")."""
    return any(
        t.lower_ == word and t.text[:1].isupper() and (doc[t.i - 1].lower_ in PLACE_PREPOSITIONS or doc[t.i - 1].lower_ in DIRECTIONS)
        for t in doc[1:]
    )


def place_mentions(doc: Doc, gaz: Gazetteer) -> list[PlaceMention]:
    """The places an article names (:func:`_candidate_spans`, less those that are part
    of another name or describe an actor), resolved together."""
    found: list[tuple[Span, str]] = []
    surnames = _surnames(doc)
    for ent in _candidate_spans(doc, gaz):
        if _names_a_thing(ent) or _describes_an_actor(ent) or ent.text.strip().lower() in CALENDAR_WORDS:
            continue  # "the Halden bridge"; "a Tarn-led coalition"; "in March"
        if len(ent) == 1 and ent.text.lower() in surnames and not _written_as_place(doc, ent.text.lower()):
            continue  # "Maria Rivera ... Rivera told reporters": the person, not a town
        if ent[-1].tag_ == "POS" or ent[-1].text in {"'", "’"}:
            ent = ent[:-1]  # "New Orleans' French Quarter"
            if not len(ent):
                continue
        name = ent.text.strip()
        if not name or not any(c.isalpha() for c in name):
            continue
        direction: str | None
        if ent[0].lower_ in DIRECTIONS and len(ent) > 1 and not gaz.lookup(name) and _direction_of(ent, gaz):
            direction = DIRECTIONS[ent[0].lower_]  # "southeast D.C.", "West Berlin"
            ent = ent[1:]
        else:
            before = doc[ent.start - 1] if ent.start > 0 else None
            direction = DIRECTIONS.get(before.lower_) if before is not None else None
            if before is not None and direction and not _direction_of(doc[before.i : ent.end], gaz):
                ent, direction = doc[before.i : ent.end], None  # "South Side": one name, not the south of "Side"
        name = ent.text.strip()
        found.append((ent, f"{direction} {name}" if direction else name))

    def bare(ent: Span) -> str:
        return re.sub(r"^the\s+", "", ent.text.strip(), flags=re.I)

    resolved = resolve_names((bare(ent) for ent, _ in found if not _district(ent)), gaz)
    return [PlaceMention(ent.start_char, ent.end_char, name, resolved.get(bare(ent))) for ent, name in found]


def main_place(mentions: Iterable[PlaceMention]) -> PlaceMention | None:
    """The place an article is mostly about: the town it names most (the earliest on a
    tie), else the state or country it names most, else the name the gazetteer does
    not know that it names most."""
    mentions = list(mentions)
    if not mentions:
        return None
    counts = Counter(m.place.id if m.place else m.name.lower() for m in mentions)
    first: dict[str, int] = {}
    for i, m in enumerate(mentions):
        first.setdefault(m.place.id if m.place else m.name.lower(), i)

    def rank(m: PlaceMention) -> tuple[int, int, int]:
        key = m.place.id if m.place else m.name.lower()
        kind = 0 if m.place and m.place.kind == "city" else 1 if m.place else 2
        return (kind, -counts[key], first[key])

    return min(mentions, key=rank)


def _place_json(mention: PlaceMention | None) -> dict | None:
    if mention is None:
        return None
    place = mention.place
    return {"name": mention.name, "id": place.id if place else None, "path": list(place.path) if place else []}


def _nearest_place(doc: Doc, number: Token, mentions: list[PlaceMention], *, resolved: bool) -> PlaceMention | None:
    """The place named nearest the number in its sentence, among the resolved names
    (or among the others)."""
    sent = number.sent
    inside = [
        m for m in mentions if (m.place is not None) == resolved and sent.start_char <= m.start < sent.end_char
    ]
    if not inside:
        return None
    return min(inside, key=lambda m: abs(m.start - number.idx))


# ---------------------------------------------------------------------------- rules


def _numbering(doc: Doc, number: Token) -> bool:
    """A caption word right before the number, with only numbers, "of" and signs between:
    "Image 1 of 6", "page 2", "No. 5"; not "put the number at only 1,200"."""
    for t in reversed(doc[max(0, number.i - 3) : number.i]):
        if t.lemma_.lower() in CAPTION_WORDS or t.lower_.rstrip(".") in CAPTION_WORDS:
            return True
        if not (t.like_num or t.is_punct or t.lower_ in {"of", "#"}):
            return False
    return False


def _armed(noun: Token, lex: Lexicon) -> bool:
    """People counted as fighters by a word on the noun (``concepts.toml``, ``[armed]``):
    "armed men", "men under arms" (the phrase on the noun, or on its verb right after it)."""
    after = [c for c in noun.head.children if c.i == noun.i + 1] if noun.head.i != noun.i else []
    for child in [*noun.children, *after]:
        if child.dep_ == "amod" and child.lower_ in lex.armed_modifiers:
            return True
        if child.dep_ == "prep" and any(
            f"{child.lower_} {obj.lower_}" in lex.armed_phrases for obj in child.children if obj.dep_ == "pobj"
        ):
            return True
    return False


def _age_after_name(doc: Doc, number: Token) -> bool:
    """A bare number set off by a comma after a person's name and followed by a verb is
    that person's age ("Ann Reeves, 66 and Ted Reeves, 64 were found dead")."""
    if number.i < 2 or number.i + 1 >= len(doc) or doc[number.i - 1].text != ",":
        return False
    name, after = doc[number.i - 2], doc[number.i + 1]
    return name.ent_type_ == "PERSON" and after.pos_ in {"AUX", "VERB"}


def measure_quantity(
    doc: Doc, quantity: Quantity, *, mentions: list[PlaceMention] | None = None, main: PlaceMention | None = None,
    lex: Lexicon | None = None,
) -> QuantityMeasure:
    """The measure of one quantity of ``doc`` (the rules of the module docstring)."""
    lex = lex or lexicon()
    number, counted = _tokens(doc, quantity)
    unit = quantity.unit
    if unit in AGE_UNITS:
        return QuantityMeasure(not_measured="age")
    if unit in DURATION_UNITS:
        return QuantityMeasure(not_measured="duration")
    if number is None:
        return QuantityMeasure()
    if ONE_OF_GROUP.match(quantity.text):
        return QuantityMeasure(not_measured="one of a group")
    text = text_of(doc)
    before = text[max(0, quantity.span[0] - 30):quantity.span[0]]
    if AGE_BEFORE.search(before):
        return QuantityMeasure(not_measured="age")
    if (
        not quantity.counted and not quantity.unit and quantity.text.isdigit()
        and AGE_APPOSITION_BEFORE.search(before) and AGE_APPOSITION_AFTER.match(text[quantity.span[1]:quantity.span[1] + 12])
    ):
        return QuantityMeasure(not_measured="age")
    if not quantity.counted and not quantity.unit and quantity.text.isdigit() and _age_after_name(doc, number):
        return QuantityMeasure(not_measured="age")  # "Ted Reeves, 64 were found dead"
    if (
        not quantity.counted and not quantity.unit and quantity.text.isdigit()
        and MODEL_BEFORE.search(before) and not MODEL_NOT_AFTER.match(text, quantity.span[1])
    ):
        return QuantityMeasure(not_measured="model")  # "found a 357"
    if PHONE.match(quantity.text) or PHONE_AROUND.search(before) or re.match(r"[-.]\d{4}\b", text[quantity.span[1]:]):
        return QuantityMeasure(not_measured="telephone number")
    if CODE.search(text[max(0, quantity.span[0] - 8):quantity.span[1] + 8]):
        return QuantityMeasure(not_measured="code")
    if REFERENCE_BEFORE.search(before) and REFERENCE_AFTER.match(text, quantity.span[1]):
        return QuantityMeasure(not_measured="reference")  # "their attacks.[18]", "[16]:84"
    lemma = (quantity.counted or "").lower()
    # "4 shot", "3 wounded" (a headline's way): a casualty word written as it is after a
    # number other than one is a participle, and the number counts people; "4 shots" are rounds
    participle = lex.events.get(lemma) if (quantity.counted_text or "").lower() == lemma and quantity.value != 1 else None
    if participle not in CASUALTY_EVENTS or lemma in lex.concepts:
        participle = None  # the event the participle names, else None
    if participle:
        lemma = ""
    after = doc[number.i + 1] if number.i + 1 < len(doc) else None
    if lemma in lex.not_measured or (not lemma and not participle and after is not None and after.lemma_.lower() in lex.not_measured):
        return QuantityMeasure(not_measured="not a measure" if lemma not in {"block"} else "address")
    if _numbering(doc, number):
        return QuantityMeasure(not_measured="numbering")  # "Image 1 of 6", "page 2", "No. 5"
    concept = lex.concepts.get(lemma) or (lemma or None)
    counts = None  # the concept of the toll the figure is the value of (rule 3b)
    toll_event = None
    if counted is not None and lemma in lex.tolls:  # "more than 4,500 the number of strikes"
        counts, toll_event = _toll_measure(counted, lex)
        concept = counts
    if counted is not None and counted.ent_type_ == "NORP":
        concept = "people"  # "1,900 Norwegians", "three Americans": people of a nation
    if concept == "people" and counted is not None and _armed(counted, lex):
        concept = "fighters"  # "armed men", "men under arms"
    if unit and MEASURE_UNIT.search(unit) and concept in lex.participants:
        return QuantityMeasure(not_measured="measure")
    noun = counted or number
    event = _normalise(participle, counted, lex) if participle and counted is not None else _predicate_event(noun, lex)
    event = toll_event or event
    if event is None and counted is not None:
        event = _predicate_event(number, lex)
    if counted is None and not participle and not unit:
        toll = _toll_noun(number, lex)
        if toll is not None:
            counts, of_toll = _toll_measure(toll, lex)
            event = of_toll or event
    crowd = quantity.change in CROWD_CHANGES and _aimed_at(noun, lex, CROWD_PREPOSITIONS)
    if crowd and event == "shot":
        event = None  # "opened fire on about 100 partygoers": those fired at, not those hit
    if event is None and not crowd and not _attempted(noun, lex):
        event = _nearby_event(noun, lex)
    if event is None and counted is not None and concept in PERSON_CONCEPTS:
        event = lex.events.get(counted.lemma_.lower())  # "300 refugees", "2,000 evacuees"
    if concept is None and not unit:
        concept = counts or _stands_for(number, lex) or ("people" if event in CASUALTY_EVENTS else None)
    if concept == "dead":
        concept, event = "people", event or "killed"
    if participle:
        concept, event = "people", event or participle
    participant = lex.participants.get(concept or "")
    mentions = mentions or []
    place = _nearest_place(doc, number, mentions, resolved=True)
    if place is None and not (main is not None and main.place is not None):
        place = _nearest_place(doc, number, mentions, resolved=False)
    place = place or main
    return QuantityMeasure(
        concept=concept, event=event, participant=participant, part=_part_of_total(number, counted),
        place=_place_json(place),
    )


@Language.factory(
    "claimledger_measures",
    requires=["doc._.quantities"],
    assigns=["doc._.quantities"],
    default_config={"min_population": 1000},
)
def make_measures(nlp: Language, name: str, min_population: int) -> Measures:
    ensure_extensions()
    return Measures(min_population)


#: Events whose victims are counted when no number is written (rule 6).
IMPLICIT_EVENTS = frozenset({"killed", "injured", "shot"})
#: Concepts of people whose count rule 6 reads.
PERSON_CONCEPTS = frozenset({"people", "children", "police officers", "soldiers", "fighters", "suspects"})


def _person(token: Token, lex: Lexicon) -> bool:
    """A singular noun for one person ("a man", "a 3-year-old girl", "the officer")
    or a person's name."""
    if token.ent_type_ == "PERSON" and token.pos_ == "PROPN":
        return True
    if token.lower_ == "old" and token.dep_ in {"nsubj", "nsubjpass", "dobj"} and any(c.lower_ in {"year", "month"} for c in token.children):
        return True  # "a 7-year-old was shot": an age standing for a person
    return token.pos_ == "NOUN" and token.tag_ == "NN" and lex.concepts.get(token.lemma_.lower()) in PERSON_CONCEPTS


def _victims(token: Token, lex: Lexicon, ages: Sequence[tuple[int, int]] = ()) -> list[Token]:
    """The people a noun and its conjuncts name, when each is one person with no number
    (an age, "a 2-y/o boy", is no number of them: ``ages`` are the ages' spans)."""
    group = [token, *[c for c in token.conjuncts if c.i > token.i]]
    if not all(_person(t, lex) for t in group):
        return []
    if any(c.dep_ == "det" and c.lower_ == "no" for t in group for c in t.children):
        return []  # "no one was hurt"
    if any(c.dep_ == "nummod" and not any(a <= c.idx < b for a, b in ages) for t in group for c in t.children):
        return []
    return group


#: Verbs whose subject is the one hurt: "he died", "a girl suffering from a gunshot wound".
SUFFERING_VERBS = frozenset({"die", "dead", "suffer", "sustain"})


#: Reflexive objects: "shot himself" happened to the subject.
REFLEXIVES = frozenset({"himself", "herself", "themselves"})


def _patients(verb: Token) -> Iterator[Token]:
    """Who a casualty verb or adjective happened to: its passive subject, its object,
    the subject of "die" or "suffer" or of "is dead", the noun a participle modifies
    ("a boy, accidentally shot by his cousin", "a girl suffering from a wound"), the
    subject or object of the verb it completes ("was found shot", "was pronounced
    dead"), the subject of a participle with no auxiliary ("found a man shot"), the
    subject of a reflexive ("shot himself")."""
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    bare = verb.tag_ == "VBN" and not any(c.dep_ in {"aux", "auxpass"} for c in verb.children)
    for arg in verb.children:
        if arg.dep_ == "dobj" and arg.lower_ in REFLEXIVES:
            yield from (c for c in verb.children if c.dep_ == "nsubj")
        elif arg.dep_ == "nsubjpass" or (arg.dep_ == "dobj" and not passive) or (
            arg.dep_ == "nsubj" and (verb.lemma_.lower() in SUFFERING_VERBS or verb.pos_ == "ADJ" or bare)
        ):
            yield arg
    if verb.pos_ == "ADJ" and verb.dep_ == "acomp":
        yield from (c for c in verb.head.children if c.dep_ == "nsubj")
    if verb.dep_ in {"xcomp", "oprd"} and verb.head.pos_ == "VERB" and not any(c.dep_ == "neg" for c in verb.head.children):
        yield from (c for c in verb.head.children if c.dep_ in {"nsubjpass", "dobj"})
    if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"} and (
        verb.tag_ == "VBN" or (verb.tag_ == "VBG" and verb.lemma_.lower() in SUFFERING_VERBS)
    ):
        yield verb.head  # "a boy, shot by his cousin", "a girl suffering from a wound"; not "a man ... killing one"


def _noun_patients(noun: Token) -> Iterator[Token]:
    """Whom an event noun happened to: "the shooting of a teenage girl"."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            yield from (c for c in prep.children if c.dep_ == "pobj")


def _in_condition(token: Token, lex: Lexicon) -> Iterator[Token]:
    """Who is "in critical condition" (``conditions``), when ``token`` is that condition."""
    if token.lemma_.lower() != "condition" or not any(c.dep_ == "amod" and c.lower_ in lex.conditions for c in token.children):
        return
    prep = token.head
    if token.dep_ == "pobj" and prep.lower_ == "in" and prep.dep_ == "prep":
        yield from (c for c in prep.head.children if c.dep_ in {"nsubj", "nsubjpass"})


def _casualties(doc: Doc, lex: Lexicon) -> Iterator[tuple[str, Token]]:
    """Each casualty event of rule 6 with a word it happened to (not yet checked to be
    one person)."""
    for word in doc:
        if word.pos_ == "NOUN":
            event = lex.event_nouns.get(word.lemma_.lower())
            if event is not None and not _negated(word, lex):
                for arg in _noun_patients(word):
                    yield event, arg
            for arg in _in_condition(word, lex):
                yield "injured", arg
            continue
        if word.pos_ not in {"VERB", "ADJ"}:
            continue
        event = _event_of_word(word, lex)
        if event is None:
            continue
        event = _normalise(event, word, lex)
        if event in IMPLICIT_EVENTS:
            for arg in _patients(word):
                yield event, arg


def implicit_counts(doc: Doc, quantities: list[Quantity], lex: Lexicon) -> list[tuple[Quantity, str]]:
    """Rule 6: the counts no number states, read from casualty verbs and their victims;
    the same victims may count for two events ("a boy, shot by his cousin, has died").
    Each count comes with the event its verb names."""
    stated = [q.span for q in quantities if q.unit not in AGE_UNITS and not q.text.lower().endswith("-old")]
    ages = [q.span for q in quantities if q.unit in AGE_UNITS]
    taken: dict[str, list[tuple[int, int]]] = {}
    found: list[tuple[Quantity, str]] = []
    for event, arg in _casualties(doc, lex):
        group = _victims(arg, lex, ages)
        if not group:
            continue
        start = min(t.left_edge.idx for t in group)
        last = max(group, key=lambda t: t.i)
        end = last.idx + len(last.text)
        spans = taken.setdefault(event, [])
        if any(s <= start < e or start <= s < end for s, e in stated + spans):
            continue
        spans.append((start, end))
        head = group[0]
        found.append((Quantity(
            value=len(group), unit=None, counted=head.lemma_.lower() if head.pos_ == "NOUN" else "person",
            qualifier=None, span=(start, end), text=text_of(doc)[start:end], change="=", implicit=True,
        ), event))
    return found


#: Words that open a phrase naming a person other than one named before ("another boy").
OTHER_PERSON = re.compile(r"^(?:another|an?\s+other|the\s+other|a\s+second|a\s+third|second|third|other)\b", re.I)


def _person_key(quantity: Quantity) -> str:
    """What a count of one person names them by: the counted noun ("child"), else their
    surname ("Felder")."""
    if quantity.counted and quantity.counted != "person":
        return quantity.counted
    words = quantity.text.split()
    return words[-1].lower() if words else ""


def wounded_then_dead(quantities: Sequence[Quantity]) -> None:
    """Rule 6b: in an article that writes no casualty figure as a number, a person named
    without a number as wounded and a person of the same noun or surname named as dead
    are one victim, who died ("police found a child suffering from a gunshot wound ... the
    child died at the hospital"): the wounded count counts the dead. A person said to be
    another ("another boy was wounded") is not the same."""
    counts = [q for q in quantities if q.measure is not None and q.measure.event in IMPLICIT_EVENTS]
    if any(not q.implicit for q in counts):
        return
    dead = {_person_key(q) for q in counts if q.value == 1 and q.measure is not None and q.measure.event == "killed"}
    for q in counts:
        if (
            q.value == 1 and q.measure is not None and q.measure.event == "injured" and not OTHER_PERSON.match(q.text)
            and _person_key(q) in dead - {""}
        ):
            q.measure.event = "killed"


def parts_take_their_totals(doc: Doc, quantities: Iterable[Quantity], lex: Lexicon) -> None:
    """Rule 5b: a part that names no event of its own counts the event of its total, the
    last figure before it in its sentence that is no part and names one ("58 people
    were killed, among them 11 children": children killed; "put the death toll at 58,
    including 11 children")."""
    totals: dict[int, QuantityMeasure] = {}  # sentence start -> its last total
    for quantity in quantities:
        measure = quantity.measure
        if measure is None or measure.not_measured:
            continue
        span = doc.char_span(*quantity.span, alignment_mode="expand")
        if span is None:
            continue
        sentence = span[0].sent.start
        if measure.part and measure.event is None:
            total = totals.get(sentence)
            if total is not None:
                measure.event = total.event
                measure.concept = measure.concept or total.concept
                measure.participant = measure.participant or lex.participants.get(measure.concept or "")
        elif not measure.part and measure.event:
            totals[sentence] = measure


#: How many sentences before a figure its antecedent may stand (rule 3c).
ANTECEDENT_SENTENCES = 3


def _names_another_figure(number: Token, lex: Lexicon) -> bool:
    """Whether a bare figure is another value of a figure stated before: the value of a
    toll noun that says nothing of what it counts ("puts the figure at 1,640", "that
    number was 800") or the object of a counting verb ("relief workers counted 1,640")."""
    toll = _toll_noun(number, lex)
    if toll is not None:
        return _toll_measure(toll, lex) == (None, None) and not any(
            c.dep_ in {"compound", "amod", "nmod", "prep"} for c in toll.children
        )
    node = _first_conjunct(number)
    return node.dep_ == "dobj" and node.head.lemma_.lower() in lex.counting


def figures_take_their_antecedents(doc: Doc, quantities: Sequence[Quantity], lex: Lexicon) -> None:
    """Rule 3c: a bare figure that names another value of a figure stated before
    (:func:`_names_another_figure`: "The ministry says more than 2,000 civilians were
    evacuated. The relief agency puts the figure at 1,640.") counts what that figure
    counts: the last count before it, in its sentence or the :data:`ANTECEDENT_SENTENCES`
    before, that is no part and names a concept ("Fenn says there are 4,000 fighters.
    The ministry puts the number at only 1,200")."""
    sents = list(doc.sents)
    sentences = {s.start: i for i, s in enumerate(sents)}
    figures = []  # (quantity, its number, its counted noun, its sentence's index)
    for quantity in quantities:
        number, counted = _tokens(doc, quantity)
        if number is not None:
            figures.append((quantity, number, counted, sentences.get(number.sent.start, 0)))
    named: dict[int, tuple[str, str | None]] | None = None  # rule 3d's sentences, read when first needed
    last: tuple[int, QuantityMeasure] | None = None  # the sentence index of the last count, and its measure
    for quantity, number, counted, at in figures:
        measure = quantity.measure
        if measure is None or measure.not_measured:
            continue
        bare = measure.concept is None and counted is None and not quantity.unit and not quantity.counted
        if (
            bare and measure.event is None and last is not None and at - last[0] <= ANTECEDENT_SENTENCES
            and _names_another_figure(number, lex)
        ):
            measure.concept, measure.event = last[1].concept, last[1].event
            measure.participant = last[1].participant
            continue
        if bare and named is None:
            named = _measures_named(sents, {i for *_, i in figures}, lex)
        if bare and named and at - 1 in named:  # rule 3d
            measure.concept = named[at - 1][0]
            measure.event = measure.event or named[at - 1][1]
            measure.participant = lex.participants.get(measure.concept or "")
        elif measure.concept and not measure.part and not quantity.unit:
            last = (at, measure)


def _measures_named(sents: Sequence[Span], numbered: set[int], lex: Lexicon) -> dict[int, tuple[str, str | None]]:
    """Rule 3d: the sentences that name what is counted, with no figure of their own
    ("The dispute over the number of fighters is starker still."), by index: the concept
    and event of their toll noun's "of". The bare figures of the sentence after them
    ("The ministry says only 1,200 remain; the Front says it has 4,000") count it."""
    out: dict[int, tuple[str, str | None]] = {}
    for i, sent in enumerate(sents):
        if i in numbered:
            continue
        for token in sent:
            if token.pos_ == "NOUN" and token.lemma_.lower() in lex.tolls and any(
                c.dep_ == "prep" and c.lower_ == "of" for c in token.children
            ):
                concept, event = _toll_measure(token, lex)
                if concept:
                    out[i] = (concept, event)
                    break
    return out


def _sum_of(
    doc: Doc, parts: Sequence[Quantity], event: str, concept: str, lex: Lexicon, *, extra: int = 0, end: int = 0
) -> Quantity:
    """A count that is the sum of ``parts`` and ``extra`` people named without a number
    (rule 9): its span runs from the first part to the last (or to ``end``, the last
    person named), its place is the first part's."""
    start, end = min(q.span[0] for q in parts), max(end, *(q.span[1] for q in parts))
    place = parts[0].measure.place if parts[0].measure else None
    return Quantity(
        value=extra + sum(q.value for q in parts if isinstance(q.value, int)), unit=None,
        counted="person" if concept == "people" else parts[0].counted,
        qualifier=None, span=(start, end), text=text_of(doc)[start:end], change="=",
        implicit=all(q.implicit for q in parts),
        measure=QuantityMeasure(concept=concept, event=event, participant=lex.participants.get(concept), place=place),
    )


def _counted_of(doc: Doc, quantity: Quantity) -> Token | None:
    """The counted noun of a measured count of people, or None."""
    measure = quantity.measure
    if measure is None or measure.not_measured or measure.part or quantity.unit is not None:
        return None
    return _tokens(doc, quantity)[1]


def _joined(doc: Doc, a: Token, b: Token) -> bool:
    """Whether a conjunction ("and", "as well as") stands between the first and the last
    conjunct of a list, all in one sentence ("A, B and C"; not a headline run into its
    story's first sentence)."""
    return a.sent.start == b.sent.start and any(t.dep_ == "cc" for t in doc[a.i + 1 : b.i])


#: Concepts a group may mix and still count as one ("14 children and a woman"); a group
#: of other concepts counts only when all its parts share one.
MIXED_VICTIMS = frozenset({"people", "children"})


def _sided(noun: Token) -> bool:
    """A count of people named by a nation, a group or a side ("1,800 Norwegians",
    "43 Swedish soldiers", "223 Tarn Front fighters"): a sum over such parts adds up sides
    an analyst counts apart."""
    return noun.ent_type_ in {"NORP", "ORG"} or any(
        c.ent_type_ in {"NORP", "ORG", "GPE"} or c.pos_ == "PROPN" for c in noun.children if c.dep_ in {"amod", "compound", "nmod"}
    )


def group_counts(doc: Doc, quantities: Sequence[Quantity], lex: Lexicon) -> list[Quantity]:
    """Rule 9: the sum of a group of counted people."""
    by_noun: dict[int, Quantity] = {}
    for q in quantities:
        noun = _counted_of(doc, q)
        if noun is not None and not q.implicit:
            by_noun.setdefault(noun.i, q)
    found = []
    for i, q in sorted(by_noun.items()):
        noun = doc[i]
        event = q.measure.event if q.measure else None
        if event not in IMPLICIT_EVENTS or noun.dep_ == "conj":
            continue
        group = [noun, *[c for c in noun.conjuncts if c.i > noun.i]]
        if len(group) < 2 or not _joined(doc, group[0], group[-1]):
            continue
        counts: list[Quantity | None] = []
        for member in group:
            written = by_noun.get(member.i)
            if written is not None and written.measure is not None and written.measure.event == event and (
                written.measure.concept in PERSON_CONCEPTS and isinstance(written.value, int) and not _sided(member)
            ):
                counts.append(written)
            elif member.i not in by_noun and _person(member, lex):
                counts.append(None)  # "and a woman": one person
            else:
                break
        else:
            numbered = [c for c in counts if c is not None]
            concepts = {c.measure.concept for c in numbered if c.measure} | {
                lex.concepts.get(m.lemma_.lower()) for m, c in zip(group, counts, strict=True) if c is None}
            if len(concepts) > 1 and not concepts <= MIXED_VICTIMS:
                continue  # "32 soldiers and three civilians": each side is counted apart
            concept = concepts.pop() if len(concepts) == 1 else "people"
            last = group[-1]  # the span runs to the last person named ("and a woman")
            found.append(_sum_of(
                doc, numbered, event, concept or "people", lex, extra=counts.count(None), end=last.idx + len(last.text)))
    return found


def shooting_counts(doc: Doc, quantities: Sequence[Quantity], lex: Lexicon) -> list[Quantity]:
    """Rule 9b: the people a shooting hit, from its dead and injured stated side by side."""
    by_sentence: dict[int, list[Quantity]] = {}
    for q in quantities:
        measure = q.measure
        if measure is None or measure.not_measured or measure.part or q.unit is not None or measure.event is None:
            continue
        if measure.concept not in PERSON_CONCEPTS or not isinstance(q.value, int):
            continue
        span = doc.char_span(*q.span, alignment_mode="expand")
        if span is not None:
            by_sentence.setdefault(span[0].sent.start, []).append(q)
    found = []
    for start, stated in by_sentence.items():
        figures = [q for q in stated if not any(  # a part of a group counts within its sum
            o is not q and o.span[0] <= q.span[0] and q.span[1] <= o.span[1] for o in stated)]
        events = Counter(q.measure.event for q in figures)  # type: ignore[union-attr]
        if events["killed"] != 1 or events["injured"] != 1 or events["shot"]:
            continue
        sentence = doc[start].sent
        if not any(
            (t.pos_ == "VERB" and lex.events.get(t.lemma_.lower()) == "shot") or lex.event_nouns.get(t.lemma_.lower()) == "shot"
            for t in sentence
        ):  # "shot", "the shooting"; not "sniper shots" beside shelling
            continue
        pair = sorted((q for q in figures if q.measure and q.measure.event in {"killed", "injured"}), key=lambda q: q.span)
        concepts = {q.measure.concept for q in pair if q.measure}
        concept = concepts.pop() if len(concepts) == 1 else "people"
        found.append(_sum_of(doc, pair, "shot", concept or "people", lex))
    return found


#: Subjects that say nobody: "no one was killed", "nobody died", "none were hurt".
NOBODY = frozenset({"nobody", "none", "noone"})


def _negated(token: Token, lex: Lexicon) -> bool:
    """Whether a word is denied: "was not killed" and "trying to kill"
    (:func:`_denied_or_tried`), "no one was killed", "no deaths", "non-fatal"."""
    if _denied_or_tried(token, lex) or any(c.dep_ == "det" and c.lower_ == "no" for c in token.children):
        return True
    for c in token.children:
        if c.dep_ in SUBJECT_DEPS and (c.lower_ in NOBODY or any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)):
            return True
    return any(t.lower_ == "non" for t in token.doc[max(0, token.i - 2) : token.i])  # "non-fatal"


def reports_death(doc: Doc, lex: Lexicon) -> bool:
    """Whether the article says anyone died (rule 7): a ``death_words`` word not denied."""
    return any(
        (t.lemma_.lower() in lex.death or t.lower_ in lex.death) and not _negated(t, lex) for t in doc
    )


class Measures:
    """Gives every quantity its measure, and adds the counts no number states (see
    the module docstring)."""

    def __init__(self, min_population: int) -> None:
        self.min_population = min_population

    def __call__(self, doc: Doc) -> Doc:
        lex = lexicon()
        quantities = list(doc._.quantities or [])
        implicit = implicit_counts(doc, quantities, lex)
        events = {id(q): event for q, event in implicit}
        if implicit:
            quantities = sorted(quantities + [q for q, _ in implicit], key=lambda q: q.span)
            doc._.quantities = quantities
        if not quantities:
            return doc
        mentions = place_mentions(doc, gazetteer(self.min_population))
        main = main_place(mentions)
        for quantity in quantities:
            quantity.measure = measure_quantity(doc, quantity, mentions=mentions, main=main, lex=lex)
            if id(quantity) in events:  # a count no number states happened as its verb says
                quantity.measure.event = events[id(quantity)]
        figures_take_their_antecedents(doc, quantities, lex)
        wounded_then_dead(quantities)
        parts_take_their_totals(doc, quantities, lex)
        sums = group_counts(doc, quantities, lex)
        sums += shooting_counts(doc, [*quantities, *sums], lex)
        if sums:
            quantities = sorted([*quantities, *sums], key=lambda q: q.span)
            doc._.quantities = quantities
        shootings = [q.measure for q in quantities if q.measure is not None and q.measure.event == "shot"]
        if shootings and not reports_death(doc, lex):  # rule 7: its victims survived
            for measure in shootings:
                measure.event = "injured"
        return doc
