"""Cleaning: find an article's title and story inside its text, without rewriting it.

Cleaning never changes ``Article.text``. It fills in :attr:`Article.title_span` (where the
headline stands) and :attr:`Article.body` (the character ranges that are the story, one
per kept line, white space trimmed at both ends) and, for plain text with no known title,
:attr:`Article.title`.

How a text is read, line by line (:func:`label_lines` does it, :func:`clean` applies it):

1. Every non-blank line is checked against the named debris rules in :data:`RULES`
   (scraping residue, vote widgets, donation pleas, disclaimers, comment widgets, share
   buttons, adverts, newsletter and cookie notices, site navigation) and against the
   outlet's corpus-learned ``recurring`` lines. A rule matches a *whole* line, never a
   part of one, so a story sentence that merely mentions "comments" is safe.
2. The title: a given ``Article.title`` is looked for near the top of the text,
   tolerating case, white space and punctuation (:func:`find_title`); otherwise the
   first real line is the title when it looks like one (:func:`first_line_title`).
   Anything before the title, and a date line right after it, is not story.
3. The debris tail: after the last line of prose, the first comment widget, disclaimer,
   vote widget or related-articles header starts the tail (:func:`tail_start`); the
   short title-like lines after it (related-article links) are debris too.
4. The story: the first run of prose lines holding at least half as much text as the
   largest run, grown over the short sentences, list items and lead-in lines right next
   to it (:func:`story_window`). Every line between its first and last line is kept
   unless a rule matched it: a story line is never dropped for looking odd. Lines before
   and after it are page furniture (menus, teasers, footers).

The rules are tuned so that a single scraped article comes out clean on its own; the
corpus-learned ``recurring`` lines (:func:`learn_recurring`) remove what the rules do not
know, such as an outlet's own slogans.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .records import Article, Range
from .words import SITE_SEPARATORS, read_list, word_pattern

__all__ = [
    "RULES",
    "Line",
    "Rule",
    "clean",
    "debris_rule",
    "find_title",
    "Reading",
    "label_lines",
    "learn_recurring",
    "normalize_line",
    "split_lines",
]

#: Lines at least this long are never learned as recurring debris.
RECURRING_MAX_CHARS = 200
#: A given title must start within this many characters of the text's first real line.
TITLE_SEARCH_CHARS = 400
#: ... with at most this many characters of other matter (a date line) before it.
TITLE_MAX_PREFIX = 100
#: A first line longer than this is story, not a title.
TITLE_MAX_CHARS = 200
#: Two prose lines with more than this many short non-sentence lines (menus, teasers) between them
#: are different runs; sentences and list items never separate runs.
STORY_MAX_GAP = 6
#: The story is the first run of prose with at least this share of the largest run's text.
STORY_MIN_SHARE = 0.5
#: A line of this many words just above the story belongs to it (a summary, a lead-in).
LEAD_MIN_WORDS = 6
#: Prose after a comment widget weighs this much: it is most likely readers' comments.
COMMENTS_WEIGHT = 0.25
#: A later run as big joins the story across at most this many real lines (a table, a list).
STORY_MERGE_GAP = 20
#: A line of this many words that repeats an earlier line of the same text is debris
#: (a caption or a teaser shown twice, the headline again above the story).
REPEATED_MIN_WORDS = 4
#: A teaser card's summary is at most this long (:func:`_before_cards`).
CARD_MAX_CHARS = 320
#: A teaser card's head lines hold a headline of at least this many words.
CARD_HEADLINE_MIN_WORDS = 3
#: A headline cut short with an ellipsis is at most this long.
CARD_HEAD_MAX_CHARS = 100
#: This many teaser cards in a row at the end of the story window are cut off.
MIN_CARDS = 3


# ---- lines


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line of a text: its trimmed range and text."""

    start: int
    end: int
    text: str


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text``, each trimmed of white space (including NBSP)."""
    out = []
    for m in re.finditer(r"[^\r\n]+", text):
        seg = m.group()
        stripped = seg.strip()
        if stripped:
            start = m.start() + len(seg) - len(seg.lstrip())
            out.append(Line(start, start + len(stripped), stripped))
    return out


def normalize_line(line: str) -> str:
    """A line as recurring-line learning compares it: white space folded, casefolded."""
    return " ".join(line.split()).casefold()


# ---- rules


@dataclass(frozen=True, slots=True)
class Rule:
    """A named kind of debris: whole-line patterns (case-insensitive).

    Attributes:
        name: the label lines it matches get ("comments", "share", ...).
        patterns: regular expressions; each must match the whole trimmed line.
        tail: whether such a line can start the debris tail (the story has ended).
    """

    name: str
    patterns: tuple[str, ...]
    tail: bool = False
    _compiled: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # one compiled alternation per rule: a line is tried once per rule, not once per pattern
        object.__setattr__(self, "_compiled", re.compile("|".join(f"(?:{p})" for p in self.patterns), re.IGNORECASE))

    def matches(self, line: str) -> bool:
        """Whether one of the patterns matches the whole (trimmed) ``line``."""
        return self._compiled.fullmatch(line) is not None


_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?"
_DATE = (
    rf"(?:{_WEEKDAY}\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{2,4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s*\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?|\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}})"
    r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?(?:\s*(?:gmt|utc|et|est|edt|[+-]\d{2}:?\d{2}))?)?"
)
#: A whole date, as a line or at the head of one: "December 14, 2016", "2016-12-14T10:00:00Z".
DATE_PATTERN = _DATE

_SOCIAL = r"(?:facebook|twitter|x|whatsapp|telegram|linkedin|reddit|pinterest|e-?mail|print|messenger|flipboard|tumblr|vk|copy link|sms)"

RULES: tuple[Rule, ...] = (
    # What a scraper leaves where a template had empty fields: "in ,", "|", "•", "***".
    Rule("residue", (
        r"[\W_]*",
        r"(?:in|by|on|at|and|posted)?\s*[,.:;|•·/-]+\s*(?:in|by|on|at)?\s*[,.:;|•·]*",
    )),
    # Rating and voting widgets: "0 0 vote", "Article Rating", "Rate this article".
    Rule("vote", (
        r"\d+\s+\d+\s+votes?",
        r"\d+\s+votes?",
        r"article rating",
        r"rate this (?:article|post|story)\W*",
        r"(?:\d+ )?(?:likes?|dislikes?)",
        r"was this (?:article|story) helpful\?",
    ), tail=True),
    # Donation and subscription pleas: "Help us grow. Support X on Patreon!", "Donate",
    # "... costs money. Donate to X today." (the plea is the line's last sentence).
    Rule("donation", (
        r"help us grow\W*(?:(?:support|donate|become|subscribe|join)\b.{0,80})?",
        r"(?:please )?(?:support|back) (?:us|[\w .'-]{1,40}) on (?:patreon|paypal|subscribestar)\W*",
        r"(?:donate|subscribe|become a (?:patron|member|subscriber))(?: now| today| here)?\W*",
        r"(?:please )?(?:consider )?support(?:ing)? (?:us|our (?:work|journalism|reporting))(?: (?:on|with|by|today|now)\b.{0,80})?\W*",
        r"(?:make a )?donation\W*",
        r"(?:[^.!?:]{0,120}[.!?:]\s+)?(?:please\s+)?(?:donate|subscribe)(?:\s+(?:to|now|today|here|from|for)\b)[^.!?\"“”]{0,100}[.!]?",
        r"(?:[^.!?:]{0,120}[.!?:]\s+)?(?:please\s+)?become an? (?:member|patron|subscriber|supporter)\b[^.!?\"“”]{0,80}[.!]?",
    )),
    # Opinion disclaimers: "The views expressed ... are solely those of the author and do
    # not necessarily represent those of X", "Opinions in this piece are the author's own".
    Rule("disclaimer", (
        r"(?:the )?(?:statements?|views?|opinions?)\b.{0,150}\b(?:are|is) (?:solely |entirely |only )?(?:those of the (?:authors?|writers?|contributors?)"
        r"|the (?:authors?|writers?|contributors?)[’']?s?[’']? own)\b.{0,200}",
        r"(?:the )?(?:statements?|views?|opinions?)\b.{0,150}\bnot necessarily (?:reflect|represent)s? (?:those|the (?:views?|opinions?)) of [^.!?]{1,80}[.]?",
        r"disclaimer:.{0,300}",
    ), tail=True),
    # Comment widgets: "What do you think?", "Notify of", "12 comments", "Leave a comment".
    Rule("comments", (
        r"what do you think\W*",
        r"notify of\W*",
        r"inline feedbacks?",
        r"view (?:all )?comments?\W*",
        r"(?:leave|post|add|write) a (?:comment|reply)\W*",
        r"\(?\d+\)?\s*(?:comments?|responses?|replies)\W*",
        r"(?:show|load|hide|view|see|read) (?:\d+ )?(?:all |more )?comments?\W*",
        r"(?:top rated |recent |latest )?comments? \(?\d+\)?\W*",
        r"(?:top rated|recent|latest|reader) comments\W*",
        r"(?:\d+|one|two|three) (?:responses?|thoughts?|comments?|replies) (?:to|on) .{1,200}",
        r"\d+ post comment \(\+\)",
        r"(?:newest|oldest|most voted|most popular)(?: first)?",
        r"login to comment\W*",
        r"join the (?:discussion|conversation)\W*",
        r"(?:be the first to comment|no comments yet)\W*",
        r"comments (?:are|have been) closed\b.{0,60}",
    ), tail=True),
    # Headers of related-article blocks: the story is over when only these and titles follow.
    Rule("related", (
        r"(?:related|recommended|more)(?: articles?| posts?| stories| news| reading| reads| content| coverage| links| topics)?\s*:?",
        r"(?:you (?:may|might) (?:also )?(?:like|be interested in)|read (?:next|also)|also read|see also|most (?:popular|read|viewed|shared)"
        r"|trending(?: now)?|editor'?s picks?|latest (?:news|stories|articles))\W*",
        r"more (?:from|on|in) [\w .&'-]{1,40}:?",
        r"related tags?:?",
        r"explore further\W*",
        r"(?:top|most read|most popular|latest|more|trending) (?:stories|headlines)(?: (?:in|from|on) [\w &'’-]{1,30})?\W*",
    ), tail=True),
    # Share and follow buttons: "Share", "Tweet", "Share on Facebook", "Follow us on X".
    Rule("share", (
        r"(?:share|tweet|pin(?: it)?|email|print|save)(?: this)?(?: (?:article|story|post|page))?\s*:?",
        r"share (?:on|via|to) " + _SOCIAL + r"\W*",
        rf"(?:{_SOCIAL}[\s,|•]*){{2,}}",
        r"click to (?:share|email|print)\b.{0,60}",
        r"(?:\d+ )?shares?",
        r"comments?\W*",
        r"tweets by @\w+",
        r"follow (?:us|(?-i:[A-Z][\w&'’-]*(?: [A-Z][\w&'’-]*){0,3})) (?:on|for)\b[^.!?]{0,100}[.!]?",
    )),
    # Links to other stories standing inside the story: "READ MORE: ...", "Related: ...".
    Rule("link", (
        r"(?:read|see|watch|listen)(?: more| also| next| now)?\s*(?::|\||»|>|\s-\s).{0,160}",
        r"related\s*:.{1,160}",
        r"read more\W*",
        r"don'?t miss\W*",
        r"click here\b.{0,120}",
        r".{0,80}\bby clicking here\W*",
    )),
    # Bylines and credits: "By Jane Doe", "By Jane Doe in Tarvik", "(Reporting by ...)".
    Rule("byline", (
        r"by:?\s+(?-i:[A-Z][\w.'’-]*(?:\s+(?:and\s+|&\s+)?(?:[A-Z]|de |van |von |al-)[\w.'’-]*){0,5})"
        r"(?:\s*[,|]\s*[\w .'’-]{1,40}|\s+in\s+(?-i:[A-Z])[\w .'’-]{1,30})?(?<![.!?:])"
        r"(?:\s+[\w.+-]+@[\w-]+(?:\.[\w-]+)+)?(?:\s+\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4})?",
        r"by:?",
        r"\((?:additional )?(?:reporting|writing|editing|compiled) by [^()]{1,200}\)",
        r"(?:additional )?reporting by (?-i:[A-Z])[^.;]{0,80}; (?:additional )?(?:writing|editing) by [^.]{1,120}\.?",
    )),
    # Publication stamps: "Published: 14 Dec 2016", "Updated 2 hours ago", a bare date.
    Rule("date", (
        r"(?=.*\d)(?:first |last )?(?:published|updated|posted)(?: on| at)?\s*:?\s*(?:\d|" + _MONTH + "|" + _WEEKDAY
        + r"|about |an? ).{0,100}(?<![.!?])",
        DATE_PATTERN + r"[\W\d]{0,20}",
        r"(?=.*\d)(?:first |last )?(?:published|updated|posted)(?: on| at)?\s*:?\s*(?:\d|" + _MONTH + r").{0,120}\b[ap]\.m\.",
        r"(?:tags?|topics?|filed under|keywords|categories)\s*:\s*.{1,300}",
        r"word ?count\s*:?\s*[\d,]+",
    )),
    # Photo captions and credits: "... (Image: GETTY)", "Photo: Jane Doe/Agency".
    Rule("caption", (
        r".{0,300}\((?:image|photo|picture|pictured|credit|photograph)s?(?: credit)?\s*:[^)]{0,100}\)\W*",
        r".{0,300}\b(?:photo|image|picture|credit)s?(?: credit)?\s*(?::|\.\.\.)\s*(?-i:[A-Z])(?:[^.]|(?<=\b(?-i:[A-Z]))\.){0,100}",
        r"(?:.{1,100}[|/]\s*)?(?:getty images|ap photo|shutterstock)",
        r"(?:image|photo|picture) (?:copyright|caption|source|credit)\b.{0,300}",
        r"(?:(?:image|photo|picture|slide)s?\s+)?\d{1,3}\s*(?:of|/)\s*/?\s*\d{0,3}",
        r"(?:caption|back to gallery|(?:view|open|launch) (?:photo )?gallery|enlarge (?:this )?(?:image|photo))\W*",
    )),
    # Adverts and their reading aids.
    Rule("advert", (
        r"advertisement\W*",
        r"(?:story|article) continues (?:below|after)(?: (?:this )?(?:advertisement|ad))?\W*",
        r"continue reading(?: the main story| below)?\W*",
        r"sponsored(?: content| stories)?\W*",
        r"ad(?:vert)?\W*",
        r"scroll (?:down )?to continue(?: with content)?\W*",
        r"adchoices",
    )),
    # Newsletter sign-up boxes.
    Rule("newsletter", (
        r"(?:sign up|subscribe) (?:for|to) (?:our|the) .{0,60}newsletters?\b.{0,120}",
        r".{0,160}by signing up,? you agree to .{0,80}",
        r"(?:get|receive) (?:our|the) .{0,60}newsletter.{0,80}",
        r"(?:thanks|thank you) for (?:signing up|subscribing)\W*",
        r"enter your e-?mail(?: address)?\W*",
        r"newsletters?\W*",
        r"(?:[^.!?]{0,120}[.!?]\s+)?[^.!?]{0,80}\b(?:to|in|into|meet) your inbox\b[^.!?]{0,80}[.!]?",
        r"(?:breaking )?news(?:letter)? (?:emails?|alerts?)\W*",
        r"get (?:breaking )?news alerts\b.{0,160}",
        r"sign up for (?:our |the )?(?:e-?mail )?newsletters?\W*",
        r"(?:you(?: have|'ve)? been|you(?: a|')re(?: now)?) (?:successfully )?(?:subscribed|signed up)\b.{0,80}",
        r"there was (?:a|an) (?:problem|error) (?:subscribing|signing you up)\b.{0,200}",
        r"(?:no spam[,.!]? )?(?:we promise[,.!]? )?you (?:can|may) unsubscribe at any time\b.{0,200}",
        r"no spam[,.!]? we promise\b.{0,200}",
    )),
    # Cookie notices.
    Rule("cookies", (
        r"(?:this (?:web)?site|we) uses? cookies\b.{0,300}",
        r"(?:accept|allow) (?:all )?cookies\W*",
        r"cookie (?:policy|settings)\W*",
        r"(?:privacy (?:&|and) )?cookies? (?:policy|settings|preferences|consent)\W*",
        r"(?=.{0,400}\bcookies\b)(?=.{0,400}\b(?:website|browser|consent|opt[- ]out|your experience)\b)(?:this|we|our|these|out of|necessary|any|non-necessary|by)\b.{0,600}",
        r"(?:privacy overview|(?:non-)?necessary|always enabled|necessary always enabled)\W*",
        r"this site is protected by recaptcha\b.{0,120}",
    )),
    # Copyright lines: "© 2016 X", "Copyright 2016 X. All rights reserved."
    Rule("copyright", (
        r"(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4})).{0,150}",
        r".{0,80}all rights reserved\.?",
        r"this (?:document|article|material|content) is (?:subject to|protected by) copyright\b.{0,300}",
    )),
    # Site navigation that a page render leaves as lines of its own, and breadcrumbs.
    Rule("navigation", (
        r"(?:home|menu|search|close|skip to (?:main )?content|skip to (?:site )?(?:index|navigation)|sign (?:in|up|out)|log ?(?:in|out)|register"
        r"|privacy(?: policy)?|terms (?:of (?:use|service)|and conditions)|contact(?: us)?|about(?: us)?|advertise(?: with us)?|rss(?: feeds?)?"
        r"|site ?map|follow us(?: on \w+)?|back to top|top of page|next article|previous article|(?:next|previous|prev)(?: post| story)?)\W*",
        r"home\s*[›»>/|]\s*.{1,150}",
        r"follow us(?: elsewhere| online| here)?\W*",
    )),
    # Links to the blog's previous and next posts: the story is over.
    Rule("postnav", (
        r"post navigation",
        r"(?:previous|next|prev|older|newer) (?:post|article|story|entry)\s*[:»›>]\s*.{1,150}",
    ), tail=True),
)

_RULES_BY_NAME = {rule.name: rule for rule in RULES}


def debris_rule(line: str) -> str | None:
    """The name of the first rule in :data:`RULES` that matches the whole ``line``, or None."""
    text = line.strip()
    if len(text) > 600:
        return None
    forms = [text]
    if text[:1] in "[(" and text[-1:] in "])":
        forms.append(text[1:-1].strip())  # "[ 12 comments ]", "(Advertisement)"
    for rule in RULES:
        if any(rule.matches(form) for form in forms):
            return rule.name
    return None


# ---- line shapes

_CLOSERS = "\"'”’»)]*"
_TERMINAL = ".!?…:"


def _words(text: str) -> int:
    """How many white-space separated words ``text`` has."""
    return len(text.split())


def is_sentence(text: str) -> bool:
    """A line that reads as a sentence: ends like one (., !, ?, … or :) and has 3+ words."""
    core = text.rstrip(_CLOSERS + " ")
    return bool(core) and core[-1] in _TERMINAL and _words(text) >= 3


def is_prose(text: str) -> bool:
    """A line of running text: a sentence of 10+ words, or any line of 25+ words."""
    words = _words(text)
    return words >= 25 or (words >= 10 and is_sentence(text))


def is_title_like(text: str) -> bool:
    """A headline-shaped line: short, not ending in a full stop."""
    return len(text) <= TITLE_MAX_CHARS and not text.rstrip(_CLOSERS).endswith(".") and _words(text) <= 30


# ---- title


def _alnum_map(text: str, start: int = 0, end: int | None = None) -> tuple[str, list[int]]:
    """``text[start:end]`` reduced to its casefolded letters and digits, with their offsets."""
    chars, offsets = [], []
    for i in range(start, len(text) if end is None else end):
        ch = text[i]
        if ch.isalnum():
            folded = ch.casefold()
            chars.append(folded)
            offsets.extend([i] * len(folded))
    return "".join(chars), offsets


def title_variants(title: str) -> list[str]:
    """The forms a headline may take in the text: whole, without " | Site", " - Site" or
    " « Site", without "OPINION:"."""
    variants = [title]
    for sep in SITE_SEPARATORS:
        if sep in title:
            variants.append(title.rsplit(sep, 1)[0])
    stripped = re.sub(r"^(?:opinion|analysis|editorial|watch|video|breaking)\s*[:|]\s*", "", title, flags=re.I)
    if stripped != title:
        variants.append(stripped)
    return [v for v in variants if v.strip()]


def find_title(text: str, title: str, *, start: int = 0) -> Range | None:
    """Where ``title`` stands near the top of ``text`` (from ``start``), or None.

    Case, white space and punctuation are ignored: "Syria's" finds "Syrias" and commas
    may be missing. The headline must begin within :data:`TITLE_SEARCH_CHARS` of
    ``start``, with at most :data:`TITLE_MAX_PREFIX` characters (a date line) before it.
    """
    head, offsets = _alnum_map(text, start, min(len(text), start + TITLE_SEARCH_CHARS + 4 * len(title)))
    for variant in title_variants(title):
        needle, _ = _alnum_map(variant)
        if len(needle) < 3:
            continue
        at = head.find(needle)
        if at < 0 or offsets[at] - start > TITLE_MAX_PREFIX:
            continue
        return offsets[at], offsets[at + len(needle) - 1] + 1
    return None


def first_line_title(lines: Sequence[Line], labels: Sequence[str]) -> int | None:
    """Index of the first real (not debris) line when it is headline-shaped, else None."""
    for i, line in enumerate(lines):
        if labels[i] == "":
            return i if is_title_like(line.text) else None
    return None


#: A date line, or the date at the head of a line: "Published June 8 2016", "AFP Friday 3
#: Jun 2016" (the agencies are ``news_agencies.txt``'s).
DATELINE = re.compile(
    rf"(?:(?:published|posted|updated|last updated|date of publication)(?:\s+(?:on|at))?\s*:?\s*"
    rf"|{word_pattern(read_list('news_agencies.txt'))}\s+)?{_DATE}(?=\W|[A-Z]|$)[\s.,:|–—-]*",
    re.IGNORECASE,
)


def dateline_end(text: str, pos: int, end: int) -> int:
    """Where the story starts if a date (line) stands at ``pos``: after it; else ``pos``."""
    m = DATELINE.match(text, pos, end)
    if not m:
        return pos
    after = m.end()
    while after < end and text[after].isspace():
        after += 1
    return after


def _after_title(text: str, pos: int) -> int:
    """Skip the punctuation and white space that close a headline."""
    while pos < len(text) and (text[pos].isspace() or text[pos] in ".:|–—-"):
        pos += 1
    return pos


# ---- story


def tail_start(lines: Sequence[Line], labels: Sequence[str]) -> int:
    """Index of the line where the debris tail starts (``len(lines)`` when there is none).

    The tail starts at the first tail-rule line (comments, disclaimer, vote, related)
    with no prose after it: the story has ended, so the real lines that follow (short,
    title-like: related-article links) are debris too. It never starts before the first
    real line (the title, in a text without prose).
    """
    real = [i for i, label in enumerate(labels) if not label]
    prose = [i for i in real if is_prose(lines[i].text)]
    after = prose[-1] if prose else (real[0] if real else -1)
    for i in range(after + 1, len(lines)):
        rule = _RULES_BY_NAME.get(labels[i])
        if rule is not None and rule.tail:
            return i
    return len(lines)


_LIST_ITEM = re.compile(r"(?:[—–•*·-]|\d{1,2}[.)])\s")


def _runs(lines: Sequence[Line], labels: Sequence[str], lo: int, hi: int) -> list[tuple[int, int, float]]:
    """Runs of prose lines in ``lines[lo:hi]``: (first, last, weighted prose chars).

    A run ends after more than :data:`STORY_MAX_GAP` non-prose lines or at a comment
    widget; prose after a comment widget weighs :data:`COMMENTS_WEIGHT`.
    """
    runs: list[list] = []
    gap, weight = 0, 1.0
    for i in range(lo, hi):
        if labels[i] == "comments":
            gap = STORY_MAX_GAP + 1  # a comment widget ends a run: comments follow
            weight = COMMENTS_WEIGHT
        elif labels[i] == "postnav":
            gap = STORY_MAX_GAP + 1  # links to the next post end a run
        if labels[i]:
            continue
        if not is_prose(lines[i].text):
            gap += 0 if (is_sentence(lines[i].text) or _LIST_ITEM.match(lines[i].text)) else 1
            continue
        if runs and gap <= STORY_MAX_GAP:
            runs[-1][1] = i
            runs[-1][2] += weight * len(lines[i].text)
        else:
            runs.append([i, i, weight * len(lines[i].text)])
        gap = 0
    return [(a, b, n) for a, b, n in runs]


def _extend(lines: Sequence[Line], labels: Sequence[str], index: int, stop: int, step: int) -> int:
    """Grow a story edge over the next lines (``step`` +1 or -1) that read as sentences or list items.

    A story may open or close on a short sentence ("He declined to comment.") or a
    list, its items perhaps each followed by a bare link (a list of sources, of
    products); a debris line or a headline-shaped line ends the growth.
    """
    j = index + step
    while j != stop and not labels[j]:
        if _continues_story(lines[j].text, step):
            index = j
        elif step > 0 and _BARE_LINK.fullmatch(lines[j].text) and j + 1 != stop and not labels[j + 1] \
                and _LIST_ITEM.match(lines[j + 1].text):
            index = j  # a list item's link, with another item after it
        else:
            break
        j += step
    return index


_BARE_LINK = re.compile(r"(?:https?://|www\.)\S+")


def _continues_story(text: str, step: int) -> bool:
    """Whether a line next to the story belongs to it: a sentence, a list item or (above it) a summary line."""
    if is_sentence(text) or _LIST_ITEM.match(text):
        return True
    return step < 0 and _words(text) >= LEAD_MIN_WORDS


def story_window(lines: Sequence[Line], labels: Sequence[str], lo: int, hi: int) -> tuple[int, int] | None:
    """First and last index of the story among ``lines[lo:hi]``, or None when nothing is left.

    The story starts with the first run of prose (:func:`_runs`) holding at least
    :data:`STORY_MIN_SHARE` of the largest run's text, takes in the runs as big that
    follow it closely (:func:`_merge_runs`) and grows at both ends over adjacent
    sentences and list items (and, above it, lines of :data:`LEAD_MIN_WORDS` words). In a
    text that is all story (a scraped article) that is everything from its first to its
    last line. With no prose at all, every real line counts.
    """
    runs = _runs(lines, labels, lo, hi)
    if not runs:
        real = [i for i in range(lo, hi) if not labels[i]]
        return (real[0], real[-1]) if real else None
    most = max(n for _, _, n in runs)
    first, last = _merge_runs([r for r in runs if r[2] >= STORY_MIN_SHARE * most], labels)
    first, last = _extend(lines, labels, first, lo - 1, -1), _extend(lines, labels, last, hi, 1)
    return first, _before_cards(lines, labels, first, last)


def _is_card_head(text: str) -> bool:
    """A line that can open a teaser card: not a sentence (a kicker, a headline, a
    byline, a time stamp), or a headline cut short with an ellipsis ("… plus JBL he...")."""
    if not (is_sentence(text) or is_prose(text)):
        return True
    return len(text) <= CARD_HEAD_MAX_CHARS and bool(_TRUNCATED.search(text))


def _before_cards(lines: Sequence[Line], labels: Sequence[str], first: int, last: int) -> int:
    """The story's last line once a trailing list of teaser cards is cut off.

    A teaser card (a link to another story) is one or more head lines
    (:func:`_is_card_head`) and then a single short summary sentence (at most
    :data:`CARD_MAX_CHARS`). A story's own sections hold paragraphs in a row, or long
    ones; so when the window ends on at least :data:`MIN_CARDS` cards in a row (and
    perhaps a last headline without its summary), they are page furniture, and the
    story ends before the first of them. Debris lines are skipped; at least one prose
    line of the story must remain.
    """
    real = [i for i in range(first, last + 1) if not labels[i]]
    cards, at, cut = 0, len(real) - 1, None
    starts: list[tuple[int, int]] = []  # each card's first head line and its summary
    while at >= 0 and (_is_card_head(lines[real[at]].text) or is_title_like(lines[real[at]].text)):
        at -= 1  # the last card's stamps and bylines, or a last headline alone
    while at >= 1:
        text = lines[real[at]].text
        if len(text) > CARD_MAX_CHARS:
            break
        head = at - 1
        while head >= 0 and _is_card_head(lines[real[head]].text):
            head -= 1
        if head == at - 1:
            break  # two sentences in a row: a paragraph of the story
        # a card counts when a headline stands among its heads (not a time stamp alone,
        # as over the entries of live updates)
        # (a headline shown twice counts, though it is labelled a repeat)
        above = real[head] + 1 if head >= 0 else first
        headline = any(_words(lines[h].text) >= CARD_HEADLINE_MIN_WORDS for h in range(above, real[at]))
        starts.append((real[head + 1], real[at]))
        cards, cut, at = cards + headline, real[head + 1], head
    if cards < MIN_CARDS or cut is None:
        return last
    head_at, summary_at = starts[-1]
    if summary_at == head_at + 1 and head_at > 0 and not labels[head_at - 1] and is_prose(lines[head_at - 1].text):
        cut = summary_at + 1  # one line set inside the story's last paragraphs (an embed's credit) is story
    story = [i for i in real if i < cut]
    if not any(is_prose(lines[i].text) for i in story):
        return last
    return story[-1]


_TRUNCATED = re.compile(r"\w\s?(?:\.{3}|…)$")


def _merge_runs(big: Sequence[tuple[int, int, float]], labels: Sequence[str]) -> tuple[int, int]:
    """The span of the first big run and the big runs after it that are close enough.

    A later run joins when at most :data:`STORY_MERGE_GAP` real lines and no comment
    widget or link to the next post stand between: a table or a long list inside a story must not cut it in two.
    """
    first, last = big[0][0], big[0][1]
    for start, end, _ in big[1:]:
        between = labels[last + 1:start]
        if sum(1 for label in between if not label) > STORY_MERGE_GAP or "comments" in between or "postnav" in between:
            break
        last = end
    return first, last


# ---- labelling


def rule_labels(lines: Sequence[Line], recurring: frozenset[str]) -> list[str]:
    """Each line's debris rule name, "recurring", or "" for a real line."""
    labels = []
    seen: set[str] = set()
    for line in lines:
        rule = debris_rule(line.text)
        normal = normalize_line(line.text)
        if rule is None and recurring and normal in recurring:
            rule = "recurring"
        if rule is None and normal in seen and _words(line.text) >= REPEATED_MIN_WORDS:
            rule = "repeated"
        seen.add(normal)
        labels.append(rule or "")
    return labels


def _locate_title(article: Article, lines: Sequence[Line], labels: list[str]) -> tuple[Range | None, str | None]:
    """The title's range and text: the given title found in the text, or the first real line.

    A title an earlier cleaning took from a line that is now debris (a recurring line
    learned since) is forgotten and looked for again.
    """
    first = next((i for i, label in enumerate(labels) if not label), None)
    if first is None:
        return None, article.title
    if article.title and not _title_now_debris(article, lines, labels):
        return find_title(article.text, article.title, start=lines[first].start), article.title
    index = first_line_title(lines, labels)
    if index is None:
        return None, None
    return (lines[index].start, lines[index].end), lines[index].text


def _title_now_debris(article: Article, lines: Sequence[Line], labels: Sequence[str]) -> bool:
    """Whether ``article.title`` was taken from a whole line of the text that is now debris."""
    span = article.title_span
    if span is None or article.text[span[0]:span[1]] != article.title:
        return False
    return any(labels[i] and (line.start, line.end) == span for i, line in enumerate(lines))


@dataclass(slots=True)
class Reading:
    """What cleaning decided about a text.

    Attributes:
        title_span: where the title stands, if found.
        title: the title (given, or the line found to be it), if any.
        story_from: offset before which nothing is story (the title, a date line).
        lines: every non-blank line with its label: "body" (story), "title",
            "before-title", "before-story", "after-story", "tail", or the name of the
            debris rule that matched ("comments", "recurring", ...).
    """

    title_span: Range | None
    title: str | None
    story_from: int
    lines: list[tuple[Line, str]]

    def body(self) -> list[Range]:
        """The body ranges: "body" lines, the first cut to start at ``story_from``, each
        cut before an inline related-articles block (:func:`inline_tail`)."""
        out = []
        for line, label in self.lines:
            if label == "body":
                start = max(line.start, self.story_from)
                start += inline_head(line.text[start - line.start :])
                out.append((start, inline_tail(line.text, line.start, start, line.end)))
        return out


#: Share-widget residue run into the start of a story line, as scrapers that drop line
#: breaks leave it: "(updated 1457 19.07.2016) Get short URL 2440 Over 100 civilians …".
INLINE_HEAD = re.compile(r"(?:\((?:updated|last updated)[^)]{0,40}\)\s*)?(?:Get short URL|Short URL|Share this(?: article| story)?|Print this(?: article)?)(?:\s+\d[\d,]*){0,3}\s+(?=[A-Z\u201c\"])")


def inline_head(text: str) -> int:
    """How many characters of share-widget residue open a story line (0 if none)."""
    m = INLINE_HEAD.match(text)
    return m.end() if m else 0


#: A related-articles block run into the story's own line, as scrapers that drop line
#: breaks leave it: "… the Observatory said. Source AA Related News Iraq's vote | …".
INLINE_TAIL = re.compile(
    r"(?<=[.!?\u201d\"])\s+(?:(?:Source|Sources)\s*:?\s+[^.!?]{1,60}?\s+)?"
    r"(?:Related|Recommended|More)\s+(?:News|Articles|Stories|Posts|Reading|Coverage)\b"
)
#: An inline tail is only looked for after this much story on the line.
INLINE_TAIL_MIN_STORY = 200


def inline_tail(text: str, offset: int, start: int, end: int) -> int:
    """Where the story on a line ends: before an inline related-articles block, if one
    stands after at least ``INLINE_TAIL_MIN_STORY`` characters of it, else ``end``.
    ``text`` is the line, starting at ``offset`` in the article."""
    m = INLINE_TAIL.search(text, max(start - offset, 0) + INLINE_TAIL_MIN_STORY)
    return offset + m.start() if m else end


def label_lines(article: Article, *, recurring: frozenset[str] = frozenset()) -> Reading:
    """Decide about every non-blank line of ``article.text``: title, story or debris."""
    lines = split_lines(article.text)
    labels = rule_labels(lines, recurring)
    _label_teaser_lines(lines, labels)
    title_span, title = _locate_title(article, lines, labels)
    story_from = _story_start(article.text, title_span, lines, labels)
    for i, line in enumerate(lines):
        if not labels[i] and line.end <= story_from:
            labels[i] = "title" if title_span and line.start >= title_span[0] and line.end <= title_span[1] else "before-title"
    tail = tail_start(lines, labels)
    for i in range(tail, len(lines)):
        labels[i] = labels[i] or "tail"
    window = story_window(lines, labels, 0, tail)
    for i in range(len(lines)):
        if not labels[i]:
            labels[i] = _position_label(i, window)
    return Reading(title_span, title, story_from, list(zip(lines, labels, strict=True)))


#: A headline run into its story's dateline and lead on one line, as a list of teasers
#: collapsed by a scraper leaves it: "Port strike ends after two days HAVENPORT: Dock
#: workers returned ..." (the dateline in capitals, after a word in lower case).
TEASER_LINE = re.compile(
    r".{12,200}?[a-z0-9’'\")\]]\s+(?:[A-Z][A-Z.'’-]+\s+){0,3}[A-Z][A-Z.'’-]{2,}(?:\s*\([^)]{1,30}\))?\s*:\s+[\"“‘A-Z].{20,}"
)
#: This many teaser lines in a row are a list of links to other stories.
MIN_TEASER_LINES = 2


def _label_teaser_lines(lines: Sequence[Line], labels: list[str]) -> None:
    """Label "teaser" the runs of at least :data:`MIN_TEASER_LINES` lines in a row that
    each join a headline to a story's dateline and lead (:data:`TEASER_LINE`). One such
    line alone may be the story's own headline run into its first paragraph: it stays."""
    run: list[int] = []
    for i in [*range(len(lines)), len(lines)]:
        if i < len(lines) and not labels[i] and TEASER_LINE.fullmatch(lines[i].text):
            run.append(i)
            continue
        if i < len(lines) and labels[i]:
            continue
        if len(run) >= MIN_TEASER_LINES:
            for j in run:
                labels[j] = "teaser"
        run = []


def _position_label(index: int, window: tuple[int, int] | None) -> str:
    """A real line's label from where it stands against the story window."""
    if window is None or index < window[0]:
        return "before-story"
    return "body" if index <= window[1] else "after-story"


def _story_start(text: str, title_span: Range | None, lines: Sequence[Line], labels: Sequence[str]) -> int:
    """Offset where the story may start: after the title and any date line next to it."""
    if title_span:
        pos = _after_title(text, title_span[1])
    else:
        pos = next((ln.start for ln, lb in zip(lines, labels, strict=True) if not lb), len(text))
    line_end = next((ln.end for ln in lines if ln.end > pos), len(text))
    return dateline_end(text, pos, line_end)


def clean(article: Article, *, recurring: frozenset[str] = frozenset(), extracted: bool = False) -> Article:
    """Fill in ``title``, ``title_span`` and ``body`` of ``article``; return the same object.

    The article is changed in place (and returned, for chaining); its text never is.
    Cleaning again (say with an outlet's ``recurring`` lines, once they are learned)
    recomputes title span and body from the text and the title.

    Args:
        article: the article; a known ``title`` is looked for in the text, else the
            first real line is taken as the title when it looks like one.
        recurring: normalized lines (:func:`normalize_line`) that are debris for this
            article's outlet, as :func:`learn_recurring` finds them.
        extracted: the text is already an article's main text (from an HTML extractor):
            no rule runs and the body is every non-blank line except the title.

    Returns:
        ``article`` itself.
    """
    if extracted:
        return _clean_extracted(article)
    reading = label_lines(article, recurring=recurring)
    article.title_span = reading.title_span
    article.title = reading.title
    article.body = reading.body()
    return article


def _clean_extracted(article: Article) -> Article:
    """Body = every non-blank line but the title's, for text an extractor already cleaned."""
    lines = split_lines(article.text)
    span = find_title(article.text, article.title, start=lines[0].start) if article.title and lines else None
    article.title_span = span
    story_from = _after_title(article.text, span[1]) if span else 0
    article.body = [(max(ln.start, story_from), ln.end) for ln in lines if ln.end > story_from]
    return article


# ---- learning


def learn_recurring(articles: Iterable[Article], *, min_articles: int, min_share: float) -> dict[str | None, frozenset[str]]:
    """Per outlet, the lines seen in many of its articles: they are the outlet's debris.

    A line counts once per article (and an article once, however often it was scraped:
    articles are told apart by their content id). A line is recurring for an outlet when
    it occurs in at least ``min_articles`` of that outlet's articles and in at least
    ``min_share`` of them. Only lines shorter than :data:`RECURRING_MAX_CHARS` count:
    longer ones are story, however often they are repeated.

    Returns:
        outlet (None for articles without one) -> normalized lines
        (:func:`normalize_line`), for :func:`clean`'s ``recurring``.
    """
    counts: dict[str | None, Counter[str]] = defaultdict(Counter)
    seen: dict[str | None, set[str]] = defaultdict(set)
    for article in articles:
        if article.id in seen[article.outlet]:
            continue
        seen[article.outlet].add(article.id)
        counts[article.outlet].update(_candidate_lines(article.text))
    out: dict[str | None, frozenset[str]] = {}
    for outlet, counter in counts.items():
        total = len(seen[outlet])
        out[outlet] = frozenset(line for line, n in counter.items() if n >= min_articles and n >= min_share * total)
    return out


def _candidate_lines(text: str) -> set[str]:
    """The distinct normalized lines of ``text`` short enough to be learned."""
    return {normalize_line(line.text) for line in split_lines(text) if len(line.text) < RECURRING_MAX_CHARS}
