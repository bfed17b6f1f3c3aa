"""Claim threads: the same measured thing followed across claims, outlets and days.

A *member* is one quantity of one claim (a claim that states two figures can sit in
two threads). Each member gets a :class:`Measure`, read from the words around its
number: what is counted (its concept, "fighters" for "militants" or "gunmen"), what
happened to it (the event: killed, wounded, remaining, evacuated, held …), where
(the places the sentence names, else those the article names), whether it is a
running total ("since January") and whether it is a change ("decreased by one-third").

:class:`Threader` assigns members to threads incrementally. A member is compared only
with the threads of its *block* (concept, event, running-total flag; for
one-off incidents such as a strike's toll, also the day), so adding a member costs
about the size of its block rather than the number of claims. Among the block's
threads it joins the most similar compatible one (above a least similarity, except a
level such as fighters remaining, one series per place), or opens a new thread. Similarity
weighs two TF-IDF cosines: of the normalised words around the number and its places
(idf from every member seen so far), and of the names its article uses (the people,
streets and towns it capitalises, :func:`article_context`; idf from every article),
which tell one shooting from another where the sentences read alike (for one-off
incidents; measures that run over time compare the words around their figures only). A thread is
compatible when it shares a place with the member (or either names none) and, for
incidents, lies within a few days of it. An incident's thread also takes a figure
whose sentence names another place (a county for its town, a name misread) or that
comes weeks later without dating the incident, when the articles' names agree
strongly. For an incident, the concepts of one toll ("children", "dead") block with
"people" (``concepts.toml``, ``[incident_tolls]``).

Verdicts are computed per thread, per unit series (:func:`conflicts`): two members of
one series conflict when they come from independent sources (:func:`source_keys`),
their dates fall within the conflict window, and their value intervals
(:func:`interval`, from each quantity's change label: "at least 58" is [58, inf),
"around 500" is 500 ± 20 %) do not
overlap. The same source changing its figure over days is an evolution.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from sys import intern
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS as SPACY_STOP_WORDS

from ..records import INCIDENT_EVENTS
from ..words import CALENDAR_WORDS, DEMONYM_ENDINGS, DIRECTIONS, QUALIFIER_CHANGE, read_list, read_table, word_pattern

__all__ = [
    "Measure",
    "Member",
    "Point",
    "KeyIndex",
    "Threader",
    "ThreadState",
    "conflicts",
    "independent_sources",
    "change_of",
    "interval",
    "measure_of",
    "members_of_claim",
    "interned",
    "key_hash",
    "article_context",
    "source_keys",
]

INF = math.inf

#: Concepts that count the same one-off incident's toll as another ("children" killed
#: in an attack are among its "people" killed): ``concepts.toml``, ``[incident_tolls]``.
INCIDENT_TOLLS: dict[str, str] = dict(read_table("concepts.toml").get("incident_tolls", {}))

# ---------------------------------------------------------------------------- lexicon

_THREAD_WORDS = read_table("threads.toml")

#: Counted nouns (singular lemmas) -> the concept a thread follows: ``concepts.toml``,
#: ``[concepts]``, the lexicon the parse-based measures read too. Plurals are found
#: through :func:`_singular`.
CONCEPTS: dict[str, str] = {
    noun: concept for concept, nouns in read_table("concepts.toml")["concepts"].items() for noun in nouns
}

#: Event words as regexes, in ``threads.toml``'s order (most specific first): a word
#: beginning or a whole word, matched from a word's start (``[event_words]``).
EVENTS: list[tuple[str, str]] = [(word_pattern(words), name) for name, words in _THREAD_WORDS["event_words"].items()]
_EVENT_RES = [(re.compile(p, re.I), name) for p, name in EVENTS]

#: Counted nouns whose figures no thread follows: ``not_measured.txt``, as the
#: parse-based measures read it.
NOT_MEASURES: frozenset[str] = frozenset(read_list("not_measured.txt"))

#: Phrases around a number that decide its event outright, tried before the word list.
PHRASES: list[tuple[re.Pattern[str], str]] = [
    # "N fighters were supposed to leave X": a planned departure counts those still there
    (re.compile(r"\b(?:supposed|expected|due|meant|set|scheduled|ready|waiting|agreed|wanted?)\s+to\s+(?:leave|withdraw|depart|be evacuated|exit)", re.I), "remaining"),
    # "N fighters left in X", "there are N left": remaining, not departed
    (re.compile(r"\bleft\s+(?:in|inside|behind)\b|\b(?:are|were|is)\s+(?:only\s+)?[\d,.]+\s+\w*\s*left\b|\bleft\b\s*(?:$|[.,;])", re.I), "remaining"),
    (re.compile(r"\b(?:have|has|had)\s+left\b|\bleft\s+(?:the|eastern|western|east|west)\b", re.I), "evacuated"),
]

#: Words that make a figure a running total rather than one day's or one attack's.
CUMULATIVE = re.compile(
    r"(?<!deadliest )(?<!worst )(?<!bloodiest )(?<!highest )(?<!biggest )(?<!largest )\bsince\b|\bso far\b|\bthus far\b|\bto date\b|\bin total\b|\btotal of\b|\bsince the (?:start|beginning)|\bthroughout\b|\bover the past\b"
    r"|\bover the last\b|\bin the past\b|\bthis year\b|\bduring the (?:war|conflict)\b|\b(?:war|conflict) (?:began|started|erupted)\b"
    r"|\b(?:between|from)\s+(?:\w+\s+)?\d{4}\s+(?:and|to|through|until)\b"  # "between January 2010 and August 2013"
    r"|\bover the (?:[\w-]+,?\s+){0,5}weekend\b|\bthis weekend\b"  # a weekend's toll across a city
    r"|\b(?:city|state|nation|country)-?wide\b|\bacross the (?:city|state|country|nation)\b"  # many incidents' toll
    # a toll over a count of attacks ("in four shootings", "in separate attacks"); "in rocket
    # attacks" alone is one day's shelling, not a running total
    r"|\bin (?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|multiple)\s+(?:separate\s+|different\s+)?"
    r"(?:shooting\s+|gun\s+|violent\s+)?|separate\s+|different\s+)(?:shootings|attacks|incidents|bombings|crashes|strikes)\b"
    # "wounded in shootings", "in weekend shootings": shootings, plural, with no article, are several incidents
    r"|\bin (?:weekend\s+|overnight\s+|other\s+)?shootings\b"
    r"|\b(?:\d+|[a-z]+)-hour\s+(?:span|period|stretch)\b"  # "in a 48-hour span", "a 9-hour span that saw 9 shootings"
    r"|(?:'s|’s)\s+(?:[\w-]+\s+)?(?:total|tally)\b",  # "the county's total", "the city's homicide tally"
    re.I,
)

_CONFLICTS = word_pattern(_THREAD_WORDS["running_total"]["conflicts"])
_WHOLE_CONFLICTS = word_pattern(_THREAD_WORDS["running_total"]["whole_conflicts"])
#: A war's or a wave of violence's own toll, a running total (``threads.toml``,
#: ``[running_total]``): "the conflict ... has killed 828", "the violence has claimed
#: 35 lives", "1,300 people have been killed in the war".
RUNNING_AGENT = re.compile(
    r"\b(?:the|a|an|this|its|of)\s+(?:[\w-]+\s+){0,2}?" + _CONFLICTS + r"[^.;:!?]{0,60}?\b(?:has|have)\s+(?:now\s+|so\s+far\s+|already\s+)?"
    r"(?:killed|claimed|left|cost|taken|caused)\b"
    r"|\b(?:has|have)\s+(?:now\s+|so\s+far\s+)?been\s+killed\s+(?:in|during|since)\s+the\s+(?:[\w-]+\s+){0,2}?"
    + _WHOLE_CONFLICTS,
    re.I,
)


def is_running_total(sentence: str) -> bool:
    """Whether a figure's sentence makes it a running total (:data:`CUMULATIVE`,
    :data:`RUNNING_AGENT`) rather than one day's or one attack's."""
    return bool(CUMULATIVE.search(sentence) or RUNNING_AGENT.search(sentence))


#: What a running total runs from: "since the war began" -> "the war"; "since March" -> "march".
SINCE = re.compile(r"\bsince\s+(?:the\s+)?([\w-]+(?:\s+[\w-]+)?)", re.I)
#: Words after "since" that name a conflict's start (``threads.toml``, ``[running_total]``).
WAR_START = re.compile(word_pattern(_THREAD_WORDS["running_total"]["conflict_starts"]), re.I)


#: "since the start of March", "since the beginning of the year": the start of a period
#: of the calendar, which is no war's start.
PERIOD_START = re.compile(
    r"(?:start|beginning|end|middle|outbreak)\s+of\s+(?:the\s+|this\s+|last\s+)?([\w-]+)", re.I)
#: Periods of the calendar besides the names of months and days.
PERIODS = frozenset({"year", "month", "week", "day", "decade", "century", "season", "summer", "winter", "spring", "autumn"})


def since_anchor(text: str) -> str:
    """Where a running total starts: "the war" for the war's start (also for a toll the
    war itself "has killed"), the period for the start of one ("since the start of
    March": "march"), else the words after "since"."""
    m = SINCE.search(text)
    if not m:
        return "the war" if RUNNING_AGENT.search(text) else "total"
    period = PERIOD_START.match(text, m.start(1))
    if period and (period.group(1).lower() in CALENDAR_WORDS | PERIODS or period.group(1).isdigit()):
        return period.group(1).lower()
    anchor = m.group(1).lower()
    if anchor.split()[0] == "then":
        return "then"  # "since then": from a start named earlier
    return "the war" if WAR_START.search(anchor) else anchor


#: Words that make a number a change of the measure, not its level.
CHANGE = re.compile(
    r"\b(?:increased|decreased|rose|risen|fell|fallen|dropped|grown|grew|shrunk|shrank|reduced|cut|down|up|"
    r"climbed|declined|gained|lost)\s+by\s*$",
    re.I,
)

#: Words just before a number that make it a part of a whole stated nearby
#: ("including 6 children", "of whom 12", "a third of the fighters – around 500 men").
PART_BEFORE = re.compile(
    r"\b(?:including|among them|among whom|of whom|of them|of those|of which)\W*$"
    r"|\b(?:a|one|two|three)?[- ]?(?:third|quarter|half|fifth|tenth)s?\s+of\s+(?:the\s+)?[\w\s-]{0,40}[–—-]\s*(?:\w+\s+)?$"
    r"|\d+\s*(?:%|percent|per cent)\s+of\s+(?:the\s+)?[\w\s-]{0,40}[–—-]\s*(?:\w+\s+)?$",
    re.I,
)

#: Units of time: durations are never measures followed by a thread.
TIME_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century", "year of age", "hour/day"}

#: Units whose figures are shares of a whole.
SHARE_UNITS = {"percent", "fraction"}

#: Area units: territory figures.
AREA_UNITS = {"km2", "m2", "mi2", "hectare", "ha", "acre", "sq km", "square kilometre"}

#: A direction as written in lower case ("eastern", "north"): capitalised, it is
#: usually part of a name.
_DIR = word_pattern(DIRECTIONS)
_CAP = r"(?:[A-Z][\w'’-]*|al-[A-Z][\w'’-]*)"
PLACE = re.compile(
    r"\b(?:(?P<dir>" + _DIR + r")\s+(?P<a>" + _CAP + r"(?:\s+" + _CAP + r"){0,3})"
    r"|(?:in|inside|near|outside|across|around|from|into|(?:city|town|province|village|countryside)\s+of)\s+(?:the\s+(?:city\s+of\s+)?)?(?:(?P<dir2>" + _DIR + r")\s+)?"
    r"(?P<b>" + _CAP + r"(?:\s+" + _CAP + r"){0,3}))"
)
#: Words that make a capitalised run an organisation's or outlet's name, not a place
#: (``threads.toml``, ``[places]``).
ORG_WORDS = frozenset(_THREAD_WORDS["places"]["organisation_words"])
#: Capitalised words that are never places.
NOT_PLACES = CALENDAR_WORDS | frozenset(_THREAD_WORDS["places"]["not_places"])

_TOKEN = re.compile(r"[a-z][a-z'’-]*|\d[\d,.]*")
_SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[“\"A-Z0-9])")
#: Words left out of similarity: spaCy's English stop words and the reporting words of
#: ``threads.toml``'s ``[similarity]``.
STOPWORDS = frozenset(SPACY_STOP_WORDS) | frozenset(_THREAD_WORDS["similarity"]["reporting_words"])


# ---------------------------------------------------------------------------- measures

#: Events of levels that run over time (those still in a place, the ground held): one
#: series per concept, event and place, so a level joins the most similar compatible
#: thread of its block whatever the words around its figure (``min_similarity`` is for
#: one-off incidents and other figures, where the words tell two apart).
LEVEL_EVENTS = frozenset({"remaining", "control"})


@dataclass(frozen=True, slots=True)
class Measure:
    """What a figure measures.

    Attributes:
        concept: the counted thing's concept ("fighters", "people", "territory",
            "share:fighters" for a share of fighters).
        event: what happened to it ("killed", "remaining", "control"), or "".
        place: the place the claim's own sentence names nearest the number
            ("eastern millbrook"), or None.
        place_head: the place to show: the sentence's without its direction, else the
            article's main place ("millbrook").
        cumulative: a running total ("since January").
        change: a change of the measure ("decreased by one-third"), not its level.
        incident: a one-off event's count (killed, wounded, evacuated …), which
            belongs to one day; other measures (remaining, held) run over time.
    """

    concept: str
    event: str
    place: str | None
    place_head: str | None
    cumulative: bool = False
    change: bool = False
    since: str = ""
    participant: str | None = None
    place_id: str | None = None
    place_path: tuple[str, ...] = ()

    @property
    def incident(self) -> bool:
        return self.event in INCIDENT_EVENTS and not self.cumulative

    @property
    def level(self) -> bool:
        """A level that runs over time (:data:`LEVEL_EVENTS`), neither a running total
        nor a change."""
        return self.event in LEVEL_EVENTS and not self.cumulative and not self.change

    @property
    def block(self) -> tuple[str, str, bool]:
        """The blocking key: members are only compared within one block (a running
        total's start is part of its concept)."""
        concept = f"{self.concept} since {self.since}" if self.cumulative and self.since else self.concept
        if self.incident:
            concept = INCIDENT_TOLLS.get(concept, concept)
        return (concept, self.event, self.cumulative)

    def label(self) -> str:
        """A readable name: "fighters remaining · eastern millbrook", "USD (aid) ·
        millbrook" (an amount in a unit, of a thing), "USD · millbrook" (of nothing named)."""
        concept = self.concept.replace("share:", "share of ")
        unit, colon, of = concept.partition(":")
        if colon:
            concept = f"{unit} ({of})" if of else unit
        words = [concept, self.event or ""]
        if self.cumulative:
            words.append(f"(running total since {self.since})" if self.since not in ("", "total") else "(running total)")
        text = " ".join(w for w in words if w)
        where = self.place or self.place_head
        return f"{text} · {where}" if where else text


def _singular(word: str) -> str:
    """The singular of a counted noun as written: "gunmen" -> "gunman", "bodies" -> "body"."""
    if word in CONCEPTS:
        return word
    if word == "children":
        return "child"
    if word.endswith("men") and word[:-3] + "man" in CONCEPTS:
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def concept_of(counted: str | None, context: str) -> str | None:
    """The concept of a counted noun ("gunmen" -> "fighters"); None when nothing is counted.

    "men" counts fighters when the sentence speaks of fighters, people otherwise.
    """
    if not counted:
        return None
    word = counted.lower().split()[-1]
    if word in {"men", "man"}:
        fighting = _FIGHTING.search(context) or any(
            _concept_word(w) == "fighters" for w in _TOKEN.findall(context.lower()))
        return "fighters" if fighting else "people"
    return CONCEPTS.get(word) or CONCEPTS.get(_singular(word)) or _singular(word)


def _concept_word(word: str) -> str | None:
    """The concept of a word as written, if the lexicon has one."""
    return CONCEPTS.get(word) or CONCEPTS.get(_singular(word))


#: Words that make "men" fighters (``threads.toml``, ``[men]``).
_FIGHTING = re.compile(word_pattern(_THREAD_WORDS["men"]["fighting"]), re.I)


def sentence_at(text: str, offset: int) -> tuple[str, int]:
    """The sentence of ``text`` holding ``offset``, and where it starts."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() >= offset:
            return text[start:m.start()], start
        start = m.end()
    return text[start:], start


#: The number is the subject of its own predicate: "… and around 10 million have been
#: displaced", "150 people were wounded": that verb is its event, whatever stands before.
OWN_PREDICATE = re.compile(r"\s*(?:[\w-]+\s+){0,2}?(?:have|has|had|were|was|are|is)\s+(?:been\s+|now\s+|reportedly\s+)*", re.I)


def _event(before: str, after: str, inside: str) -> str:
    """The event of a number: its own predicate's verb, a decisive phrase, else the
    nearest event word (after wins ties)."""
    own = OWN_PREDICATE.match(after)
    if own:
        for pattern, name in _EVENT_RES:
            if pattern.match(after, own.end()):
                return name
    window = before[-60:] + " @ " + after[:80]
    for pattern, name in PHRASES:
        if pattern.search(after[:80]) or pattern.search(window):
            return name
    best: tuple[int, str] | None = None
    for pattern, name in _EVENT_RES:
        for m in pattern.finditer(after[:120]):
            d = m.start()
            if best is None or d < best[0]:
                best = (d, name)
            break
        for m in pattern.finditer(before[-120:]):
            d = len(before[-120:]) - m.end() + 1
            if best is None or d < best[0]:
                best = (d, name)
    return best[1] if best else ""


def places_in(text: str) -> list[str]:
    """Places a text names, as "eastern millbrook" or "millbrook", in order."""
    out = []
    for m in PLACE.finditer(text):
        name = (m.group("a") or m.group("b")).replace("’", "'")
        direction = m.group("dir") or m.group("dir2")
        words = [re.sub(r"'s$", "", w).lower() for w in name.split()]
        if words[0] in NOT_PLACES or any(w in ORG_WORDS for w in words):
            continue
        # a place is at most two words, cut at the first non-place word
        kept = []
        for w in words[:2]:
            if w in NOT_PLACES:
                break
            kept.append(w)
        place = " ".join(kept)
        if direction:
            place = f"{DIRECTIONS[direction.lower()]} {place}"
        out.append(place)
    return out


def nearest_place(sentence: str, offset: int) -> str | None:
    """The place named nearest to ``offset`` in a sentence, or None."""
    best = None
    for m in PLACE.finditer(sentence):
        found = places_in(m.group(0))
        if found:
            d = abs(m.start() - offset)
            if best is None or d < best[0]:
                best = (d, found[0])
    return best[1] if best else None


def place_head(place: str | None) -> str | None:
    """The place without its direction: "eastern millbrook" -> "millbrook"."""
    if not place:
        return None
    words = place.split()
    return " ".join(words[1:]) if len(words) > 1 and words[0] in DIRECTIONS.values() else place


def article_places(text: str) -> tuple[str | None, frozenset[str]]:
    """The place an article is mostly about (the one it names most often), and the
    heads of every place it names."""
    counts = Counter(places_in(text))
    return article_place(text, counts), frozenset(filter(None, map(place_head, counts)))


def article_place(text: str, counts: Counter | None = None) -> str | None:
    """The place an article is mostly about: the one its text names most often."""
    counts = counts if counts is not None else Counter(places_in(text))
    if not counts:
        return None
    heads: Counter[str | None] = Counter()
    for place, n in counts.items():
        heads[place_head(place)] += n
    head = heads.most_common(1)[0][0]
    # the most frequent full name of that head ("eastern millbrook" over "millbrook" when it leads)
    return max((p for p in counts if place_head(p) == head), key=lambda p: counts[p])


def measure_of(quantity: Mapping[str, Any], content: str, offset: int, *, fallback_place: str | None = None) -> Measure | None:
    """The measure of a quantity whose number starts at ``offset`` in the claim ``content``.

    The quantity's ``counted_text`` (the counted thing as written, else its lemma
    ``counted``), ``whole`` (what it is a part of) and ``change`` ("up"/"down": a change
    rather than a level) are read. Returns None for figures no thread follows (durations, ages,
    photo captions).
    """
    unit = quantity.get("unit")
    if unit in TIME_UNITS:
        return None
    parsed = quantity.get("measure")
    if parsed is not None:
        if parsed.get("not_measured"):
            return None
        if _reads_parse(quantity):
            return _parsed_measure(quantity, parsed, content, offset)
    counted = quantity.get("counted_text") or quantity.get("lemma") or quantity.get("counted")
    if counted and _singular(counted.lower().split()[-1]) in NOT_MEASURES:
        return None
    sentence, start = sentence_at(content, offset)
    rel = max(0, offset - start)
    qtext = quantity.get("text") or ""
    before, after = sentence[:rel], sentence[rel + len(qtext):]
    event = _event(before, after, qtext)
    place = nearest_place(sentence, rel)
    head = place_head(place) or place_head(fallback_place)
    change = quantity.get("change") in {"up", "down"} or bool(CHANGE.search(before[-40:]))
    cumulative = is_running_total(sentence)
    whole = quantity.get("whole")
    concept = concept_of(counted, sentence)
    if concept is None and not unit and event not in {"killed", "injured"}:
        # a bare number: the counted noun nearest it, in its sentence or the claim before it
        concept = _nearby_concept(before, after) or _nearby_concept(content[:start], "")
    if unit in AREA_UNITS or (unit in SHARE_UNITS and event == "control" and concept in (None, "neighbourhoods")):
        return Measure("territory", "control", place, head, False, change)
    if unit in SHARE_UNITS:
        of = concept or concept_of(whole, sentence) or _share_whole(after)
        if not of:
            return None  # a share of something unnamed (a poll, a budget) measures nothing we can follow
        return Measure(f"share:{of}", event, place, head, cumulative, change)
    if unit:
        return Measure(f"{unit}:{concept or ''}", event, place, head, cumulative, change)
    if concept is None:
        if event in {"killed", "injured", "evacuated", "displaced", "arrested", "remaining"}:
            concept = "people"
        else:
            return None
    if concept == "dead":
        concept, event = "people", "killed"
    if concept == "fighters" and not event:
        event = "remaining"  # "about 2,500 fighters" in a place: the force still there
    if concept in {"people", "children", "fighters"} and event == "control":
        event = "remaining"  # "250,000 people in the besieged east of the city": those living there
    if concept == "people" and not event:
        return None  # people, with nothing said of them: no measure to follow
    since = since_anchor(sentence) if cumulative else ""
    if whole or PART_BEFORE.search(before[-80:]):
        concept = f"{concept} (part)"
    return Measure(concept, event, place, head, cumulative, change, since)


#: Event names of the parse-based measures as the threads name them.
PARSED_EVENTS = {"damaged": "damaged"}


def _parsed_measure(quantity: Mapping[str, Any], parsed: Mapping[str, Any], content: str, offset: int) -> Measure | None:
    """The measure of a count whose measure the pipeline read from the parse
    (:mod:`claimledger.nlp.measures`): its concept, event, participant and place; the
    running-total and change flags are still read from its sentence."""
    sentence, start = sentence_at(content, offset)
    rel = max(0, offset - start)
    before = sentence[:rel]
    concept = parsed.get("concept")
    event = parsed.get("event") or ""
    if concept is None:
        return None
    if concept == "fighters" and not event:
        event = "remaining"  # "about 2,500 fighters" in a place: the force still there
    if concept in {"people", "children", "fighters"} and event == "control":
        event = "remaining"
    if concept == "people" and not event:
        return None  # people, with nothing said of them: no measure to follow
    change = quantity.get("change") in {"up", "down"} or bool(CHANGE.search(before[-40:]))
    cumulative = is_running_total(sentence)
    since = since_anchor(sentence) if cumulative else ""
    if parsed.get("part") or quantity.get("whole") or PART_BEFORE.search(before[-80:]):
        concept = f"{concept} (part)"
    place = parsed.get("place") or {}
    name = (place.get("name") or "").lower() or None
    path = tuple(place.get("path") or ())
    return Measure(
        concept, event, name, place_head(name), cumulative, change, since, participant=parsed.get("participant"),
        place_id=place.get("id"), place_path=path,
    )


def _share_whole(after: str) -> str | None:
    m = re.match(r"\s*of\s+(?:the\s+|all\s+|its\s+|their\s+)?(?:[\w-]+\s+)?([\w-]+)", after)
    if not m or m.group(1).lower() in STOPWORDS:
        return None
    return concept_of(m.group(1), after)


#: Concepts whose nouns name a place, not a counted thing (``threads.toml``, ``[nearby]``).
_PLACE_CONCEPTS = frozenset(_THREAD_WORDS["nearby"]["place_concepts"])


def _nearby_concept(before: str, after: str) -> str | None:
    """The concept of the counted noun nearest a bare number ("only 1,200 of them",
    "the toll rose to 86"), from the words around it in its sentence."""
    best: tuple[int, str] | None = None
    words_before = _TOKEN.findall(before.lower())[-12:]
    for i, w in enumerate(reversed(words_before)):
        c = _concept_word(w)
        if c and c != "dead" and c not in _PLACE_CONCEPTS:
            best = (i, c)
            break
    for i, w in enumerate(_TOKEN.findall(after.lower())[:8]):
        c = _concept_word(w)
        if c and c != "dead" and c not in _PLACE_CONCEPTS and (best is None or i < best[0]):
            best = (i, c)
            break
    return best[1] if best else None


# ---------------------------------------------------------------------------- values


def interval(value: float | list[float], change: str | None = "=", *, approx: float = 0.2, exact: float = 0.02,
             vague: bool = False) -> tuple[float, float]:
    """The values a stated figure allows, as ``(low, high)``, read from the quantity's
    own change label (:attr:`claimledger.records.Quantity.change`, set by the quantity
    extractor from its qualifier).

    ">" ("at least 58", "well over 500", "5,000 or more") -> (58, inf); "<" ("up to
    60", "just under 60") -> (0, 60); "~" ("around 500", "nearly 500") -> (400, 600) with
    ``approx`` 0.2; "=" (a plain, "only" or "just" figure), "up" and "down" (an amount
    of change) -> itself ± ``exact`` (rounding in reporting). A range gives its ends,
    widened the same way. A vague figure ("dozens") allows anything from its value up.

    >>> interval(58, ">"), interval(500, "~"), interval(1500, "=")
    ((58.0, inf), (400.0, 600.0), (1470.0, 1530.0))
    """
    if isinstance(value, list):
        low, high = float(min(value)), float(max(value))
    else:
        low = high = float(value)
    if vague or change == ">":
        return low, INF
    if change == "<":
        return (0.0 if low >= 0 else -INF), high
    share = approx if change == "~" else exact
    return low * (1 - share if low >= 0 else 1 + share), high * (1 + share if high >= 0 else 1 - share)


def change_of(quantity: Mapping[str, Any]) -> str:
    """A stored quantity's change label; for one stored without it (older ledgers),
    its qualifier's (:data:`claimledger.words.QUALIFIER_CHANGE`), else "="."""
    return quantity.get("change") or QUALIFIER_CHANGE.get((quantity.get("qualifier") or "").lower(), "=")


def overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two value intervals share a value."""
    return a[0] <= b[1] and b[0] <= a[1]


# ---------------------------------------------------------------------------- sources

#: The bodies of a state's armed forces (``threads.toml``, ``[sources]``).
_MILITARY = re.compile(word_pattern(_THREAD_WORDS["sources"]["military_bodies"]), re.I)


def source_key(speaker: Mapping[str, Any], outlet: str | None) -> str:
    """Who a speaker stands for, for counting independent sources.

    A speaker with an affiliation counts as that affiliation (a ministry's press
    office is the ministry); "<nation> <military body>" (General Staff, Defence
    Ministry, army: ``threads.toml``'s ``[sources]``) counts as "<nation> military"; the
    outlet's own voice counts as the outlet, and so does an unnamed source ("a source
    told the agency", "reports"): it adds no voice the outlet does not vouch for.
    """
    kind = speaker.get("type")
    name = (speaker.get("affiliation") or speaker.get("canonical") or "").strip()
    if kind == "outlet":
        return "outlet:" + (outlet or name).lower()
    low = name.lower().replace("’", "'")
    low = re.sub(r"^the\s+", "", low)
    if _MILITARY.search(low):
        first = low.split()[0].removesuffix("'s")
        if first.endswith(DEMONYM_ENDINGS) and first not in {"the", "an"}:
            return f"{first} military"
    if kind == "unnamed":
        return "outlet:" + (outlet or low).lower()  # "a source told the agency" is the agency's own reporting
    return low


def source_keys(
    claim: Mapping[str, Any], outlet: str | None, ledger_speakers: Sequence[Mapping[str, Any]] | None = None,
) -> frozenset[str]:
    """The sources of a claim: one per resolved speaker ("X and Y say ..."), keyed on
    ``ledger_speakers`` (its speakers as the ledger resolves them) when given."""
    speakers = ledger_speakers or claim.get("speakers") or [claim["speaker"]]
    return frozenset(source_key(s, outlet) for s in speakers)


# ---------------------------------------------------------------------------- members


@dataclass(slots=True)
class Member:
    """One quantity of one claim, placed in a thread.

    ``sources`` are the claim's independent source keys (outlet-voice figures of a
    syndicated copy count as the original outlet's). ``parsed`` says whether the
    measure was read from the parse (:func:`_reads_parse`).
    """

    claim_id: int | None
    article_id: str
    seq: int
    qindex: int
    outlet: str | None
    day: date | None
    event_day: date | None
    value: Any
    unit: str | None
    qualifier: str | None
    low: float
    high: float
    sources: frozenset[str]
    speaker: str
    measure: Measure
    words: Counter
    places: frozenset[str] = frozenset()
    home: frozenset[str] = frozenset()
    parsed: bool = False
    thread_id: int | None = None
    published: date | None = None
    change: str = "="
    implicit: bool = False
    context: Counter = field(default_factory=Counter)

    @property
    def series(self) -> str:
        """The unit series: "count", "percent", "km2"; changes are their own series."""
        unit = self.unit or "count"
        return f"{unit} (change)" if self.measure.change else unit


def interned(articles: list[list[list[Member]]]) -> list[list[list[Member]]]:
    """Members built in another process (articles of claims of members), their words
    made this process's own strings again (a thread word is one string however many
    threads keep it; see :func:`sys.intern`), the members of an article sharing one
    context as they did."""
    for article in articles:
        contexts: dict[int, tuple[Counter, Counter]] = {}  # by the context as built: it, and it interned
        for claim in article:
            for member in claim:
                member.words = Counter({intern(w): n for w, n in member.words.items()})
                built = member.context
                if id(built) not in contexts:
                    contexts[id(built)] = (built, Counter({intern(w): n for w, n in built.items()}))
                member.context = contexts[id(built)][1]
    return articles


def _words(text: str) -> Counter:
    """Normalised content words: concepts for counted nouns, event names for event words."""
    out: Counter = Counter()
    for tok in _TOKEN.findall(text.lower()):
        if tok in STOPWORDS or tok[0].isdigit():
            continue
        concept = _concept_word(tok)
        if concept:
            out[intern(concept)] += 1
            continue
        for pattern, name in _EVENT_RES:
            if pattern.match(tok):
                out[intern("ev:" + name)] += 1
                break
        else:
            out[intern(_singular(tok))] += 1
    return out


#: A capitalised word.
_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z'’-]+")

#: What may stand between a sentence's end and its first word.
_OPENERS = frozenset(" \t\"'“‘«([—–-")

#: Most distinct words kept of an article's context.
MAX_CONTEXT = 40
#: A name at most this many of the articles seen so far use is rare (:meth:`Threader.rare_names_shared`).
RARE_NAME_ARTICLES = 3
#: Names are rare only in a ledger of at least this many articles.
RARE_AMONG = 100
#: How many rare names two articles must share to tell of one incident at a lower
#: agreement of their names (``Threader(followup_names=...)``).
RARE_NAMES = 2


def _opens_sentence(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in ".!?:\n\r"


#: The last sentence's end: what follows it, when short and unpunctuated, signs the article.
_LAST_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s")
#: The longest signature (a byline, a credit, a "Read also").
MAX_SIGNATURE = 120


def signature_start(text: str) -> int:
    """Where the article's signature begins (its length when it has none): what follows
    its last sentence, when that is short and ends no sentence of its own ("Manar
    al-Frieh/Manal", "(Editing by ...)", "Contributing: ... in Berlin", "Read Also")."""
    body = text.rstrip()
    ends = list(_LAST_SENTENCE_END.finditer(body))
    if not ends:
        return len(text)
    start = ends[-1].end()
    tail = body[start:]
    if len(tail) > MAX_SIGNATURE or tail.rstrip(")").endswith((".", "!", "?")):
        return len(text)
    return start


def article_context(text: str) -> Counter:
    """The names an article uses (capitalised words that do not open a sentence: the
    people, streets, towns and businesses of its story), lower-cased, with their
    counts; the words the threader compares across articles when their sentences
    differ ("Lewis was shot" and "the plumber Jeremy Lewis" share "lewis"), and what
    lets a report weeks later find its incident's thread. The article's signature
    (:func:`signature_start`: the reporter's byline, a credit) names no one of the
    story and is left out. The most frequent :data:`MAX_CONTEXT` are kept."""
    out: Counter = Counter()
    text = text[: signature_start(text)]
    for m in _CAPITALISED.finditer(text):
        if _opens_sentence(text, m.start()):
            continue
        word = m.group().lower().rstrip("'’-").removesuffix("'s").removesuffix("’s")
        if len(word) < 3 or word in STOPWORDS or word in CALENDAR_WORDS:
            continue
        out[intern(word)] += 1
    return Counter(dict(out.most_common(MAX_CONTEXT)))


#: A year an incident is set in: "in 1999", "during 2001".
IN_YEAR = re.compile(r"\b(?:in|during|of)\s+(?:early\s+|late\s+|mid-?)?((?:19|20)\d\d)\b(?!\s*[-–]|\s+(?:and|to|through)\b)", re.I)


def past_year(sentence: str, published: date | None) -> date | None:
    """The first day of a year before the publication's that the sentence sets its
    incident in ("The deadliest shooting was in 1999, when a student killed 12"), so
    that a past incident recalled by a report joins no thread of the report's own; None
    when it names none (or names the publication's year)."""
    if published is None:
        return None
    for m in IN_YEAR.finditer(sentence):
        year = int(m.group(1))
        if year < published.year:
            return date(year, 1, 1)
    return None


def members_of_claim(
    claim: Mapping[str, Any], *, article_id: str, seq: int, outlet: str | None, published: date | None,
    claim_id: int | None = None, fallback_place: str | None = None, article_places: frozenset[str] = frozenset(),
    approx: float = 0.2, exact: float = 0.02, source_outlet: str | None = None,
    ledger_speakers: Sequence[Mapping[str, Any]] | None = None, context: Counter | None = None,
) -> list[Member]:
    """The thread members of a claim (its JSON as ``Claim.to_json`` gives it): one per measured quantity.

    ``fallback_place`` is the article's main place and ``article_places`` the heads of
    every place it names (see :func:`article_places`): a figure whose sentence names
    no place is taken to be about them. ``source_outlet`` is the outlet outlet-voice
    figures count as (the original's for a syndicated copy); it defaults to ``outlet``.
    ``ledger_speakers`` are the claim's speakers as the ledger resolves them across
    articles ("Voss" is "Mara Voss"); sources are keyed on them when given.
    ``context`` is the article's :func:`article_context`.
    """
    content = claim["content"]["text"]
    c_start = claim["content"]["span"][0]
    event_day = date.fromisoformat(claim["event_date"]) if claim.get("event_date") else None
    sources = source_keys(claim, source_outlet or outlet, ledger_speakers)
    out = []
    for i, q in enumerate(claim.get("quantities") or []):
        offset = q["span"][0] - c_start
        if not 0 <= offset <= len(content):
            offset = max(0, content.find(q.get("text") or "\0"))
        measure = measure_of(q, content, offset, fallback_place=fallback_place)
        if measure is None:
            continue
        low, high = interval(q["value"], change_of(q), approx=approx, exact=exact, vague=bool(q.get("vague")))
        sentence, _ = sentence_at(content, offset)
        day = event_day
        if day is None and measure.incident:
            day = past_year(sentence, published)  # "was in 1999, when a student killed 12"
        if measure.place_path:
            named = frozenset({geo_place(measure.place_path)})
            places: frozenset[str] = named
        elif _reads_parse(q):  # read from the parse: its place as written, if any
            named = frozenset(filter(None, [measure.place]))
            places = named
        else:
            named = frozenset(places_in(sentence))
            main = frozenset(filter(None, [place_head(fallback_place)]))
            places = named or article_places or main
        home = named
        words = _words(sentence)
        for head in sorted(places):  # a set's order changes with the hash seed
            words["@" + head] += 1
        out.append(Member(
            claim_id=claim_id, article_id=article_id, seq=seq, qindex=i, outlet=outlet,
            day=day or published, event_day=day, value=q["value"], unit=q.get("unit"),
            qualifier=q.get("qualifier"), low=low, high=high, sources=sources,
            speaker=claim["speaker"]["canonical"], measure=measure, words=words, places=named,
            home=home, parsed=_reads_parse(q), published=published, change=change_of(q), implicit=bool(q.get("implicit")),
            context=context if context is not None else Counter(),
        ))
    return out


# ---------------------------------------------------------------------------- places

#: Places resolved with the gazetteer are kept as their path: "geo:US/US.OH/4509884".
GEO = "geo:"


def geo_place(path: Sequence[str]) -> str:
    """A gazetteer path as a thread place."""
    return GEO + "/".join(path)


def place_path(place: str) -> tuple[str, ...]:
    """A thread place's gazetteer path (empty for a place known only by its name)."""
    return tuple(place[len(GEO):].split("/")) if place.startswith(GEO) else ()


def index_places(place: str) -> list[str]:
    """The keys a thread's place is indexed under: a gazetteer place under its
    country, or its state or province; a named place under its name."""
    path = place_path(place)
    return [GEO + "/".join(path[:2])] if path else [place]


def lookup_places(place: str) -> list[str]:
    """The keys a member's place looks threads up under: its country and its state or
    province (so that a town meets its state's and its country's threads)."""
    path = place_path(place)
    return [GEO + "/".join(path[:k]) for k in (1, 2) if k <= len(path)] if path else [place]


def places_meet(a: Iterable[str], b: Iterable[str]) -> bool:
    """Whether two sets of places share one: the same name, or gazetteer places that
    nest (a town and its state, a region and its country)."""
    b = list(b)
    for x in a:
        px = place_path(x)
        for y in b:
            py = place_path(y)
            if x == y or (px and py and px[: min(len(px), len(py))] == py[: min(len(px), len(py))]):
                return True
    return False


def same_region(a: Iterable[str], b: Iterable[str]) -> bool:
    """Whether two sets of places hold gazetteer places of one state or province (a
    suburb and its city, a neighbourhood the gazetteer takes for a town nearby)."""
    regions = {place_path(x)[:2] for x in a if len(place_path(x)) >= 2}
    return any(place_path(y)[:2] in regions for y in b if len(place_path(y)) >= 2)


def _reads_parse(quantity: Mapping[str, Any]) -> bool:
    """Whether a quantity's thread measure is the one read from the parse (a count
    whose concept the pipeline found), not read again from the words around it."""
    parsed = quantity.get("measure")
    return parsed is not None and not quantity.get("unit") and parsed.get("concept") is not None


def _parsed(member: Member) -> bool:
    """Whether the member's measure was read from the parse."""
    return member.parsed


# ---------------------------------------------------------------------------- threader


def top(counts: Counter, n: int | None = None) -> list[tuple[str, int]]:
    """The ``n`` most frequent words (all without ``n``), ties in word order: the same
    whatever order the words were met in, so a thread read back from the ledger keeps
    the words it kept in memory."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked if n is None else ranked[:n]


@dataclass(slots=True)
class ThreadState:
    """What the threader keeps of a thread to place new members: key, place, days, words.

    :meth:`to_row` saves it whole and :meth:`from_row` reads it back as it was, so a
    thread read back from the ledger (by a later ingest, or after the threader let go of
    it) places new members as if it had stayed in memory. Its words are interned
    (:func:`sys.intern`, as :func:`_words` and :func:`article_context` make them): a word
    that thousands of held threads and the frequencies keep is one string."""

    id: int
    block: tuple[str, str, bool]
    measure: str
    places: set[str] = field(default_factory=set)
    main_place: str | None = None
    first: date | None = None
    last: date | None = None
    words: Counter = field(default_factory=Counter)
    size: int = 0
    participant: str | None = None
    place_id: str | None = None
    place_path: tuple[str, ...] = ()
    context: Counter = field(default_factory=Counter)
    last_article: str | None = None

    def to_row(self) -> dict[str, Any]:
        concept, event, cumulative = self.block
        return {
            "id": self.id, "concept": concept, "event": event, "place": self.main_place, "cumulative": int(cumulative),
            "participant": self.participant, "place_id": self.place_id,
            "place_path": "|".join(self.place_path) or None,
            "measure": self.measure, "places": "|".join(sorted(self.places)),
            "first_day": self.first.isoformat() if self.first else None,
            "last_day": self.last.isoformat() if self.last else None,
            "words": json.dumps(
                dict(top(self.words)) | {CONTEXT + w: n for w, n in top(self.context)},
                ensure_ascii=False,
            ),
            "size": self.size,
            "last_article": self.last_article,
        }

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> ThreadState:
        saved = json.loads(row.get("words") or "{}")
        words = Counter({intern(w): n for w, n in saved.items() if not w.startswith(CONTEXT)})
        context = Counter({intern(w[len(CONTEXT):]): n for w, n in saved.items() if w.startswith(CONTEXT)})
        return cls(
            id=row["id"], block=(row["concept"], row["event"], bool(row["cumulative"])), main_place=row["place"],
            measure=row["measure"], places=set(filter(None, (row.get("places") or "").split("|"))),
            first=date.fromisoformat(row["first_day"]) if row.get("first_day") else None,
            last=date.fromisoformat(row["last_day"]) if row.get("last_day") else None,
            words=words, size=row["size"], participant=row.get("participant"), place_id=row.get("place_id"),
            place_path=tuple(filter(None, (row.get("place_path") or "").split("|"))), context=context,
            last_article=row.get("last_article"),
        )


#: Words kept per thread for similarity.
MAX_WORDS = 60

#: The prefix that keeps a thread's context words (and their frequencies) apart from
#: its sentence words where both are saved together.
CONTEXT = "~"


def key_hash(key: tuple) -> int:
    """A signed 64-bit hash of an index key of :meth:`Threader._keys`, the same in every
    process (Python's own ``hash`` of strings is not), so it can be stored."""
    return int.from_bytes(hashlib.blake2b(repr(key).encode("utf8"), digest_size=8).digest(), "big", signed=True)


class KeyIndex:
    """The threads under each index key (by :func:`key_hash`), in the order they were
    added there.

    Held in memory by default. With ``stored`` (``stored(keys, limit)``: for each of
    ``keys``, the last ``limit`` threads the ledger holds under it, in order) only the
    pairs added since the last :meth:`take_new` are held, so memory does not grow with
    the ledger's threads; whoever takes them writes them to the ledger.
    """

    #: Keys whose stored threads are remembered between writes (they change only when
    #: :meth:`take_new` hands pairs over to be written): the figures of one article, or
    #: of one incident, look up the same keys.
    REMEMBERED = 20_000

    def __init__(self, stored: Callable[[Sequence[int], int], Mapping[int, Sequence[int]]] | None = None) -> None:
        self.stored = stored
        self.held: dict[int, int | list[int]] = {}
        self.new: list[tuple[int, int]] = []
        self._read: dict[int, Sequence[int]] = {}
        self._read_limit = 0

    def add(self, key: int, thread_id: int) -> None:
        held = self.held.get(key)
        if held is None:
            self.held[key] = thread_id
        elif isinstance(held, list):
            held.append(thread_id)
        else:
            self.held[key] = [held, thread_id]
        if self.stored is not None:
            self.new.append((key, thread_id))

    def find(self, keys: Sequence[int], limit: int) -> list[Sequence[int]]:
        """For each of ``keys``, the last ``limit`` threads under it, in the order they were added."""
        stored = self._stored(keys, limit)
        out: list[Sequence[int]] = []
        for key in keys:
            held = self.held.get(key)
            found: Sequence[int] = () if held is None else held if isinstance(held, list) else (held,)
            if stored.get(key):
                found = [*stored[key], *found]
            out.append(found[-limit:])
        return out

    def _stored(self, keys: Sequence[int], limit: int) -> Mapping[int, Sequence[int]]:
        """The stored threads under ``keys``, read from the ledger unless remembered."""
        if self.stored is None:
            return {}
        if limit != self._read_limit or len(self._read) > self.REMEMBERED:
            self._read, self._read_limit = {}, limit
        missing = [k for k in keys if k not in self._read]
        if missing:
            found = self.stored(missing, limit)
            for key in missing:
                self._read[key] = found.get(key, ())
        return self._read

    def take_new(self) -> list[tuple[int, int]]:
        """The (key, thread) pairs added since the last call, in order; from now on they
        are read from the ledger (only with ``stored``; else nothing)."""
        new, self.new = self.new, []
        if self.stored is not None:
            self.held.clear()
            self._read.clear()  # the ledger is about to hold them
        return new


class Weights(dict[str, float]):
    """The words' document frequencies as logarithms, ``log(1 + df)``, each computed when
    first asked for and kept until the word's frequency changes (:meth:`forget`). A
    word's IDF weight, ``log(top / (1 + df)) + 1`` with ``top`` one more than the
    documents counted, is :meth:`scale` minus it: a new document changes ``top`` for
    every word, but ``df`` only for its own, so the logarithms of the other words stay."""

    __slots__ = ("df",)

    def __init__(self, df: Mapping[str, int]) -> None:
        super().__init__()
        self.df = df

    def reset(self, df: Mapping[str, int]) -> None:
        """Forget every logarithm: the frequencies are now ``df``."""
        self.clear()
        self.df = df

    def forget(self, words: Iterable[str]) -> None:
        """Forget the logarithms of ``words``, whose frequencies changed."""
        for word in words:
            self.pop(word, None)

    @staticmethod
    def scale(docs: int) -> float:
        """The part of every weight that the documents counted set: ``log(1 + docs) + 1``."""
        return math.log(1 + docs) + 1.0

    def __missing__(self, word: str) -> float:
        logdf = self[word] = math.log(1 + self.df.get(word, 0))
        return logdf


class Threader:
    """Assigns members to threads, incrementally, comparing each only within its block.

    Args:
        min_similarity: the least TF-IDF cosine between a member and a thread to join it
            (a level, :attr:`Measure.level`, joins the most similar compatible thread).
        incident_days: a one-off incident's members must fall within this many days
            of the thread's first day (a publication date can lag the event).
        max_candidates: at most this many threads of a block are compared (the most
            recently grown), bounding the cost of a block that grows large.
        context_weight: for a one-off incident's figures, the share of the
            articles' context similarity (the names they use, :func:`article_context`)
            in the score; the rest is the similarity of the words around the figures
            (which alone decide for measures that run over time: the articles of one
            story name the same people whichever figure they follow).
        followup_days: how many days after an incident a report that does not date
            it may still join its thread ("the man accused of shooting four people
            at a party was arrested"), when the articles' contexts agree by at least
            ``followup_similarity``; the same agreement lets a figure join an
            incident's thread whatever place its sentence names (a town for its
            county, a name the gazetteer misread).
        followup_names: the same, at this lower agreement, when the contexts share
            rare names (:meth:`rare_names_shared`: a report that names the victim
            and the street among many other names) and the figure names a place of
            the thread's state or province (:func:`same_region`: the town itself, a
            suburb, a neighbourhood the gazetteer takes for a town nearby). A figure
            that names no place, or one of another state, is not let in so: the
            figures of a round-up of several incidents share all its names.
        keep: with ``fetch``, at most about this many threads are held in memory (the
            most recently used); the others are read back with ``fetch`` when a new
            member's block names them, so memory stays flat however many threads the
            ledger holds. A thread is let go only once it is saved (:meth:`saved`).
        fetch: reads saved thread rows by id (``ThreadRepository.thread_rows``).
        index: where the threads are found by their keys (:class:`KeyIndex`; by
            default one held in memory, filled by :meth:`load`). One kept in the ledger
            is filled as threads are saved, and then :meth:`load` needs no thread.
    """

    def __init__(
        self, *, min_similarity: float = 0.15, incident_days: int = 3, max_candidates: int = 50,
        context_weight: float = 0.7, followup_days: int = 30, followup_similarity: float = 0.6,
        followup_names: float = 0.1, keep: int | None = None,
        fetch: Callable[[Sequence[int]], Iterable[Mapping[str, Any]]] | None = None, index: KeyIndex | None = None,
    ) -> None:
        self.min_similarity = min_similarity
        self.incident_days = incident_days
        self.max_candidates = max_candidates
        self.context_weight = context_weight
        self.followup_days = followup_days
        self.followup_similarity = followup_similarity
        self.followup_names = followup_names
        self.next_id = 1
        self.keep = keep if fetch is not None else None
        self.fetch = fetch
        #: The threads held in memory, least recently used first.
        self.threads: OrderedDict[int, ThreadState] = OrderedDict()
        #: Threads changed since they were last saved: never let go.
        self.unsaved: set[int] = set()
        #: The index: the hash of a key of :meth:`_keys` -> the threads under it, in
        #: order. Hashes keep it small; a thread a colliding hash brings in is set
        #: aside by its block.
        self.index = index if index is not None else KeyIndex()
        self.df: Counter = Counter()
        self.docs = 0
        self.context_df: Counter = Counter()
        self.context_docs = 0
        self._article: str | None = None
        self.changed: set[int] = set()
        #: :meth:`_norm`'s lengths of word bags and of context bags, by bag, with the bag
        #: they are of: those of word bags are kept until the next :meth:`add`, those of
        #: contexts while the context frequencies stand (they change once an article).
        self._norms: tuple[dict[int, tuple[Counter, float]], dict[int, tuple[Counter, float]]] = ({}, {})
        #: The logarithms of the words' frequencies, each kept while its frequency stands.
        self._word_weights = Weights(self.df)
        self._context_weights = Weights(self.context_df)
        #: The documents counted when the lengths in :attr:`_norms` were computed.
        self._scales = [0, 0]

    # -- state

    def load(self, states: Iterable[ThreadState], df: Mapping[str, int] | None = None, docs: int = 0) -> None:
        """Restore threads (and word document frequencies) saved from an earlier run."""
        self._forget_norms(context=True)
        self._word_weights.reset(self.df)  # the frequencies change
        self._context_weights.reset(self.context_df)
        for state in states:
            self.threads[state.id] = state
            for key in self._keys(state):
                self._index(key, state.id)
            self.next_id = max(self.next_id, state.id + 1)
            if self.keep is not None and len(self.threads) > 2 * self.keep:
                self.trim()
        self.trim()
        for term, n in (df or {}).items():
            if term == CONTEXT:
                self.context_docs += n
            elif term.startswith(CONTEXT):
                self.context_df[term[len(CONTEXT):]] += n
            else:
                self.df[term] += n
        self.docs += docs

    def state(self, thread_id: int) -> ThreadState:
        """A thread's state, read back when it was let go (see ``keep``)."""
        state = self.threads.get(thread_id)
        if state is None:
            self._read([thread_id])
            state = self.threads[thread_id]
        else:
            self.threads.move_to_end(thread_id)
        return state

    def _read(self, thread_ids: Sequence[int]) -> None:
        """Read back the threads among ``thread_ids`` that are not held."""
        missing = []
        for t in thread_ids:
            if t in self.threads:
                self.threads.move_to_end(t)  # in use: not let go to make room
            else:
                missing.append(t)
        if missing and self.fetch is not None:
            self.trim()
            for row in self.fetch(missing):
                self.threads[row["id"]] = ThreadState.from_row(row)

    def saved(self, thread_ids: Iterable[int]) -> None:
        """Say that these threads are saved as they stand; let go of the least recently
        used saved threads beyond ``keep``."""
        self.unsaved.difference_update(thread_ids)
        self.trim()

    def trim(self) -> None:
        """Let go of saved threads, least recently used first, down to ``keep``."""
        if self.keep is None or len(self.threads) <= self.keep:
            return
        excess, victims = len(self.threads) - self.keep, []
        for tid in self.threads:
            if tid not in self.unsaved:
                victims.append(tid)
                if len(victims) >= excess:
                    break
        for tid in victims:
            del self.threads[tid]

    def term_counts(self) -> dict[str, int]:
        """The document frequencies to save (:meth:`load` takes them back): of the
        members' words, and of the articles' context words under :data:`CONTEXT`."""
        return {**self.df, CONTEXT: self.context_docs, **{CONTEXT + w: n for w, n in self.context_df.items()}}

    def _keys(self, state: ThreadState) -> Iterator[tuple]:
        """Index keys of a thread: (block, place, day) for each of its places (and "*",
        any place; "" when it has none) and, for incidents, each day it spans (else None)."""
        concept, event, cumulative = state.block
        incident = Measure(concept, event, None, None, cumulative).incident
        keys = sorted({k for p in state.places for k in index_places(p)})
        places = ["*", *keys] if state.places else ["*", ""]
        if not incident or state.first is None:
            days: list[int | None] = [None]
        else:
            end = state.last or state.first
            days = [state.first.toordinal() + i for i in range((end - state.first).days + 1)]
        for place in places:
            for day in days:
                yield (*state.block, place, day)

    # -- similarity

    def _weights(self, context: bool) -> tuple[Weights, float]:
        """The frequencies' logarithms as they stand (of contexts with ``context``), and
        the scale of the weights (:class:`Weights`)."""
        weights, docs, df = (
            (self._context_weights, self.context_docs, self.context_df) if context else (self._word_weights, self.docs, self.df))
        if weights.df is not df:  # frequencies set whole
            weights.reset(df)
            self._norms[context].clear()
        if self._scales[context] != docs:  # a document counted
            self._scales[context] = docs
            self._norms[context].clear()
        return weights, Weights.scale(docs)

    def similarity(self, a: Counter, b: Counter, *, context: bool = False) -> float:
        """Cosine of the TF-IDF vectors of two word bags (of two articles' contexts
        with ``context``)."""
        if not a or not b:
            return 0.0
        shared = a.keys() & b.keys()
        if not shared:
            return 0.0
        logdf, scale = self._weights(context)
        dot = 0.0
        for w in sorted(shared):  # one order, whatever the bags' (a sum's last digits follow its order)
            weight = scale - logdf[w]
            dot += a[w] * b[w] * weight * weight
        if not dot:
            return 0.0
        norms = self._norms[context]
        return dot / (self._norm(a, norms, logdf, scale) * self._norm(b, norms, logdf, scale))

    @staticmethod
    def _norm(bag: Counter, norms: dict[int, tuple[Counter, float]], logdf: Weights, scale: float) -> float:
        """The length of a word bag's TF-IDF vector, remembered in ``norms`` while the
        frequencies and the bag stay as they are: a new member is compared with each of
        its candidate threads (:meth:`_weights` forgets them when the frequencies change)."""
        hit = norms.get(id(bag))
        if hit is not None and hit[0] is bag:
            return hit[1]
        norm = math.sqrt(sum((n * (scale - logdf[w])) ** 2 for w, n in bag.items()))
        norms[id(bag)] = (bag, norm)
        return norm

    def _forget_norms(self, *, context: bool = False, bags: Iterable[Counter] = ()) -> None:
        """Forget the lengths of word bags (and of contexts, with ``context``), and of
        the context bags ``bags``, changed in place."""
        self._norms[0].clear()
        if context:
            self._norms[1].clear()
        for bag in bags:
            self._norms[1].pop(id(bag), None)

    def rare_names_shared(self, a: Counter, b: Counter) -> bool:
        """Whether two contexts share at least :data:`RARE_NAMES` names that at most
        :data:`RARE_NAME_ARTICLES` of the articles seen so far use (a victim's name, a
        street's: those of one story, not of the place's news), in a ledger of at
        least :data:`RARE_AMONG` articles (among a few articles every name is rare)."""
        if self.context_docs < RARE_AMONG:
            return False
        shared = 0
        for word in a.keys() & b.keys():
            if self.context_df[word] <= RARE_NAME_ARTICLES:
                shared += 1
                if shared >= RARE_NAMES:
                    return True
        return False

    def score(self, state: ThreadState, member: Member) -> tuple[float, float]:
        """How well a member fits a thread: the weighed similarity of their words
        and contexts, and the contexts' similarity alone."""
        words = self.similarity(member.words, state.words)
        if not member.context or not state.context or not member.measure.incident:
            return words, 0.0
        context = self.similarity(member.context, state.context, context=True)
        return (1 - self.context_weight) * words + self.context_weight * context, context

    # -- placing

    def candidates(self, member: Member, *, before: int | None = None) -> list[int]:
        """Threads of the member's block (for incidents, those spanning a nearby day;
        with ``before``, those of any place spanning a day from that many days before
        it to a few days after)."""
        m = member.measure
        geo = sorted({k for p in member.places if place_path(p) for k in lookup_places(p)})
        if before:
            places: list[str] = ["*"]
        elif geo:
            places = [*geo, ""]
        elif member.places and not member.measure.place_path and member.measure.place_id is None and not _parsed(member):
            places = [*sorted(member.places), ""]
        else:
            places = ["*"]
        if m.incident and member.day is not None:
            span = range(-(before or self.incident_days), self.incident_days + 1)
            days: list[int | None] = [(member.day + timedelta(days=d)).toordinal() for d in span]
        else:
            days = [None]
        keys = [key_hash((*m.block, place, day)) for place in places for day in days]
        seen = {tid for found in self.index.find(keys, self.max_candidates) for tid in found}
        return sorted(seen)[-self.max_candidates:]

    def compatible(self, state: ThreadState, member: Member, *, days: int | None = None, anywhere: bool = False) -> bool:
        """The member and the thread must share a place their sentences name (unless
        either names none: then the article's places only weigh in the similarity);
        an incident's days must be close; an explicit event date must not lie after
        the thread's last day by more than the incident window."""
        if not anywhere and member.places and state.places and not places_meet(member.places, state.places):
            geo_member = any(place_path(p) for p in member.places)
            geo_state = any(place_path(p) for p in state.places)
            if (geo_member and geo_state) or not _parsed(member):
                return False  # gazetteer places that do not nest (names as written only weigh in similarity)
        if member.measure.incident and member.day and state.first:
            if member.event_day and state.last and member.event_day > state.last + timedelta(days=self.incident_days):
                return False
            if abs((member.day - state.first).days) > (days or self.incident_days):
                return False
        return True

    def add(self, member: Member) -> int:
        """Put ``member`` in the most similar compatible thread of its block, or a new one."""
        self.docs += 1
        self.df.update(member.words.keys())
        self._word_weights.forget(member.words)
        if member.article_id != self._article:  # an article's members share its context
            self._article = member.article_id
            self.context_docs += 1
            self.context_df.update(member.context.keys())
            self._context_weights.forget(member.context)
        best, best_score = None, 0.0 if member.measure.level else self.min_similarity
        found = self.candidates(member)
        self._read(found)
        for tid in found:
            state = self.state(tid)
            if state.block != member.measure.block or not self.compatible(state, member):
                continue
            score, _ = self.score(state, member)
            if score >= best_score:
                best, best_score = state, score
        if best is None and member.measure.incident and member.context and self.followup_similarity > 0:
            # the same incident named otherwise (a town for its county, a place misread) or
            # reported weeks later: the articles' contexts must share the incident's names
            best_score = self.followup_similarity
            before = self.incident_days if member.event_day else self.followup_days
            found = self.candidates(member, before=before)
            self._read(found)
            for tid in found:
                state = self.state(tid)
                if state.block != member.measure.block or not self.compatible(state, member, days=before, anywhere=True):
                    continue
                context = self.similarity(member.context, state.context, context=True)  # score()'s, alone
                if (
                    self.followup_names <= context < self.followup_similarity
                    and self.rare_names_shared(member.context, state.context)
                    and same_region(member.places, state.places)
                ):  # the victim's and the street's names, in the incident's state: one incident told otherwise
                    context = self.followup_similarity
                if context >= best_score:
                    best, best_score = state, context
        if best is None:
            best = ThreadState(id=self.next_id, block=member.measure.block, measure=member.measure.label())
            self.next_id += 1
        # held again: reading back the candidates after it may have let go of it
        self.threads[best.id] = best
        self.threads.move_to_end(best.id)
        grown = best.context
        self._grow(best, member)
        self._forget_norms(bags=[grown, best.context])  # the thread's words changed (its context in place, or anew)
        member.thread_id = best.id
        self.changed.add(best.id)
        self.unsaved.add(best.id)
        return best.id

    def _grow(self, state: ThreadState, member: Member) -> None:
        old_keys = set(self._keys(state)) if state.size else set()
        state.places |= member.home
        if state.participant is None:
            state.participant = member.measure.participant
        if state.main_place is None and (member.measure.place or member.measure.place_head):
            state.main_place = member.measure.place or member.measure.place_head
            state.place_id, state.place_path = member.measure.place_id, member.measure.place_path
            state.measure = member.measure.label()
        if member.day:
            day = member.event_day or member.day
            state.first = day if state.first is None or day < state.first else state.first
            state.last = day if state.last is None or day > state.last else state.last
        state.words.update(member.words)
        if len(state.words) > 4 * MAX_WORDS:
            state.words = Counter(dict(top(state.words, MAX_WORDS)))
        if member.context and member.article_id != state.last_article:
            state.last_article = member.article_id
            state.context.update(member.context)
            if len(state.context) > 4 * MAX_CONTEXT:
                state.context = Counter(dict(top(state.context, 2 * MAX_CONTEXT)))
        state.size += 1
        for key in self._keys(state):
            if key not in old_keys:
                self._index(key, state.id)

    def _index(self, key: tuple, thread_id: int) -> None:
        self.index.add(key_hash(key), thread_id)


# ---------------------------------------------------------------------------- verdicts


@dataclass(frozen=True, slots=True)
class Point:
    """What verdicts need of a member: its day, unit series, value interval and sources."""

    day: date | None
    series: str
    low: float
    high: float
    sources: frozenset[str]
    article_id: str | None = None
    published: date | None = None


def parts(members: Sequence[Member | Point]) -> set[int]:
    """Members that are parts of a total their own source states in the same article:
    an agency's "six killed in one town … two in another" beside its "eight civilians killed", a
    bus's 10 dead beside the day's 31. A part is no rival of the total's other
    reports."""
    tops: dict[tuple, list[int]] = defaultdict(list)
    for i, m in enumerate(members):
        if m.article_id is not None:
            tops[(m.article_id, m.series)].append(i)
    out: set[int] = set()
    for idxs in tops.values():
        # Per source, its two highest lows in the group (the highest may be the member's own):
        # linear in the group, where comparing every pair was quadratic (a very long article).
        best: dict[str, tuple[float, int, float]] = {}
        for j in idxs:
            low = members[j].low
            for s in members[j].sources:
                first, at, second = best.get(s, (-INF, -1, -INF))
                if low > first:
                    best[s] = (low, j, first)
                elif low > second:
                    best[s] = (first, at, low)
        for i in idxs:
            a = members[i]
            for s in a.sources:
                first, at, second = best[s]
                if (first if at != i else second) > a.high:
                    out.add(i)
                    break
    return out


def conflicts(members: Sequence[Member | Point], *, window_days: int = 0) -> dict[int, list[int]]:
    """Pairs of members that cannot both be true, as index -> indexes it conflicts with.

    Two members conflict when they are in the same unit series, share no source,
    their days are at most ``window_days`` apart, so are the days they were reported
    (where both are known: a toll put at 48 on Tuesday and at 61 on Thursday for
    Monday's attack is an evolution, not a conflict), and their value intervals do not
    overlap. Members without a day, and :func:`parts` of a total, are compared with
    nothing.
    """
    out: dict[int, list[int]] = defaultdict(list)
    by_series: dict[str, list[int]] = defaultdict(list)
    partial = parts(members)
    for i, m in enumerate(members):
        if m.day is not None and i not in partial:
            by_series[m.series].append(i)
    for idxs in by_series.values():
        idxs.sort(key=lambda i: members[i].day or date.min)  # every member here has a day
        for pos, i in enumerate(idxs):
            a = members[i]
            for j in idxs[pos + 1:]:
                b = members[j]
                if a.day is None or b.day is None or (b.day - a.day).days > window_days:
                    break
                if a.sources & b.sources:
                    continue
                if a.published and b.published and abs((b.published - a.published).days) > window_days:
                    continue
                if not overlap((a.low, a.high), (b.low, b.high)):
                    out[i].append(j)
                    out[j].append(i)
    return {i: sorted(v) for i, v in out.items()}


def independent_sources(members: Iterable[Member | Point]) -> int:
    """How many independent sources stand behind a thread's members.

    A source repeated (in one article, across days, or in a syndicated copy, whose
    outlet-voice figures count as the original outlet's) is one; a claim that names
    several speakers ("the army and a broadcaster say") adds each.
    """
    seen: set[str] = set()
    for m in members:
        seen |= m.sources
    return len(seen)


# ---------------------------------------------------------------------------- the current figure


@dataclass(frozen=True, slots=True)
class Figure:
    """What the current-figure rule needs of a member: its unit series, value and
    change label, its interval, when it was published and its sources."""

    series: str
    value: Any
    change: str
    low: float
    high: float
    published: date | None
    day: date | None
    sources: frozenset[str]
    article_id: str | None = None
    implicit: bool = False
    weight: float = 1.0


#: The rule :func:`current_figures` applies, as it is named in a thread's ``current``.
CURRENT_RULE = "latest-supported"


def _support(i: int, figures: Sequence[Figure], among: Sequence[int]) -> float:
    """How many independent sources among ``among`` state a figure ``figures[i]``
    allows, each counted by its weight (1, or its outlet's rating when weighing by
    reliability: the highest its figures have)."""
    a = figures[i]
    backers: dict[str, float] = dict.fromkeys(a.sources, a.weight)
    for j in among:
        b = figures[j]
        if j != i and overlap((a.low, a.high), (b.low, b.high)):
            for s in b.sources:
                backers[s] = max(backers.get(s, 0.0), b.weight)
    return round(sum(backers.values()), 4)


def _supports(figures: Sequence[Figure], pool: Sequence[int], candidates: Sequence[int]) -> dict[int, float]:
    """:func:`_support` of each of ``candidates`` (some of ``pool``) among ``pool``, computed once per
    distinct (interval, sources, weight): a figure repeated many times (a very long
    article restating its numbers) counts as it did, without comparing every pair of
    repeats."""
    def key(i: int) -> tuple[float, float, frozenset[str], float]:
        f = figures[i]
        return f.low, f.high, f.sources, f.weight

    first: dict[tuple[float, float, frozenset[str], float], int] = {}
    for i in pool:
        first.setdefault(key(i), i)
    distinct = list(first.values())  # a repeat of a figure backs it with nothing new
    known: dict[tuple[float, float, frozenset[str], float], float] = {}
    out: dict[int, float] = {}
    for i in candidates:
        k = key(i)
        if k not in known:
            known[k] = _support(first[k], figures, distinct)
        out[i] = known[k]
    return out


def _vague(figure: Figure) -> bool:
    """A vague count ("dozens of", "hundreds of"): stated, yet open above (:func:`interval`)."""
    return figure.change in {"=", "~"} and figure.high == INF


def current_figures(figures: Sequence[Figure]) -> list[dict[str, Any]]:
    """Per unit series, the thread's best current figure, with the rule that chose it.

    The rule (``latest-supported``): leave out counts read from people named without
    a number ("a man was shot") and vague counts ("dozens", :func:`_vague`) when the
    series states a number anywhere; take the
    figures of the series published on its
    latest publication day (a toll that rises is reported higher later; an incident's
    figures share one event day, so the publication day is what orders them); leave
    out parts of a total stated beside it (:func:`parts`); keep the figure that the
    most independent sources of that day allow (its interval overlaps theirs; each
    source counted by its :attr:`Figure.weight`, 1 unless the outlets' reliability
    weighs them); on a
    tie, an exact value over an approximate one, then the larger value. Bounds ("at
    least 58", "up to 60") are chosen only when the day has no stated value.

    Returns one ``{"series", "value", "change", "date", "member", "sources", "rule"}``
    per series, ``member`` being the figure's index in ``figures``.
    """
    by_series: dict[str, list[int]] = defaultdict(list)
    partial = parts([Point(f.day, f.series, f.low, f.high, f.sources, f.article_id) for f in figures])
    for i, f in enumerate(figures):
        if i not in partial:
            by_series[f.series].append(i)
    out = []
    for series, all_idxs in by_series.items():
        written = [i for i in all_idxs if not figures[i].implicit and not _vague(figures[i])]
        idxs = written or all_idxs
        dated = [i for i in idxs if figures[i].published is not None]
        pool = dated or idxs
        if dated:
            last = max(figures[i].published for i in dated)  # type: ignore[type-var]
            pool = [i for i in dated if figures[i].published == last]

        def peak(value: Any) -> float:
            return float(max(value)) if isinstance(value, list | tuple) else float(value)

        stated = [i for i in pool if figures[i].change in {"=", "~"}]
        candidates = stated or pool
        support = _supports(figures, pool, candidates)
        best = max(candidates, key=lambda i: (support[i], figures[i].change == "=", peak(figures[i].value), -i))
        f = figures[best]
        out.append({
            "series": series, "value": f.value, "change": f.change,
            "date": f.published.isoformat() if f.published else None, "member": best,
            "sources": support[best], "rule": CURRENT_RULE,
        })
    return out
