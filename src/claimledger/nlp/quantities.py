"""Quantities in news text as an analyst reads them: value, unit, counted thing, hedge, change.

``find_quantities(doc_or_span)`` turns "only 1,500 Jihadi fighters", "93%",
"2.5 square kilometres", "$5 million", "a third of the fighters" or "between 252 and
287 miles" into :class:`~claimledger.records.Quantity` records whose spans are
character offsets into ``doc.text``. The spaCy component ``claimledger_quantities``
stores them on ``doc._.quantities``.

How it works, in order (each step is one small function below):

1. :func:`_masked_ranges` marks clock times, calendar dates and phone numbers.
2. :func:`_scan_numbers` finds digit numbers ("1,000", "2.5", ".500", "1/2", "½"),
   written numbers ("twenty-five", "three hundred", "two dozen", "one-third") and
   vague plurals ("tens of thousands of", valued as ACLED codes them), with their
   multipliers ("1.5 million",
   "$8bn", "1.2m tons").
3. :func:`_read_prefix` / :func:`_read_suffix` attach a currency sign, a sign, a
   percent, a currency word (or a mangled sign: "Y=", "PS"), an age, "N times", a
   per-game statistic or a measure (normalized through pint) and a rate ("per share",
   "a day").
4. :func:`_is_noise` drops numbers glued into words ("MH17", "G20", "10th"), numbers
   of names ("Resolution 2254", "iPhone 11", "S&P 500") and numbers inside masked
   ranges.
5. :func:`_combine` builds ranges ("between 5% and 6%", "10-15", "$10 to $15
   billion") and shares units across "7- or 8-inch", "eight or nine euros".
6. :func:`_find_counted` reads the counted noun from the dependency parse (the head
   of a ``nummod``), then the words right after the number, then an "of" phrase;
   :func:`_find_whole` the whole a percent or fraction is part of; :func:`_read_age`
   ages known from context ("aged 18 to 34", "he will be 35"); :func:`_read_change`
   an amount of change ("rose 5%", "decreased by one-third").
7. :func:`_years` and :func:`_is_pronoun_one` drop years ("in 2016", "2014-15") and
   the pronoun "one" ("no one", "the one in Syria", "one of the").
8. :func:`_inherit_units` carries an elided count or unit over ("435 homes ... and
   187"), :func:`_inherit_change` a change or bound over to a restatement ("or 2.2
   per cent", "(60 miles)"); :func:`_describe_counted` gives the counted noun's lemma
   and modifiers ("Jihadi fighters" -> "fighter", ``["Jihadi"]``).

Values are kept as written (no unit conversion); multipliers are applied ("$5
million" is 5000000 USD); fractions are rounded to 6 decimals with unit "fraction";
ranges are ``[low, high]``; "dozens of" is 12 and "hundreds of" 100, flagged vague.
Units: "percent", "percentage point", "basis point", ISO currency codes ("USD"; "cent",
"pence"), "fraction", "year of age", "fold", "times", "point/game", and pint's short
symbols for measures ("km2", "GB",
"°C"), with names where the symbol reads poorly ("mile", "inch", "year"); a rate is
written "USD/share", "barrel/day".

The word lists and unit tables live in :mod:`claimledger.nlp.quantity_lexicon`.

Speed: every regex is compiled at import; pint is consulted only after a unit word
matched, and its answers are cached.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any, cast

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..records import Quantity
from .extensions import text_of
from .quantity_lexicon import (  # noqa: F401  (the tables stay importable from here)
    CHANGE_LEMMAS,
    CURRENCY_ABBREVIATIONS,
    CURRENCY_CODES,
    CURRENCY_NAMES,
    CURRENCY_SIGNS,
    CURRENCY_WORD_CODES,
    CURRENCY_WORDS,
    DOLLAR_CODES,
    DOLLAR_TERRITORIES,
    DOWN_VERBS,
    DOZEN,
    DURATION_WORDS,
    FRACTION_WORDS,
    INDEX_NAMES,
    MANGLED_CURRENCY_SIGNS,
    MONTHS,
    NAME_PREFIXES,
    NEGATIVE_WORDS,
    NOT_RATE_AFTER,
    NUMBER_ADJECTIVES,
    OLD_YEAR_CONTEXT,
    ONE_IDIOM_NOUNS,
    ONE_PRONOUN_BEFORE,
    POST_QUALIFIERS,
    PREFER_NAME,
    QUALIFIER_CHANGE,
    QUALIFIERS,
    RATE_TIME_WORDS,
    SCALES,
    SHARED_CURRENCY_WORDS,
    SMALL_NUMBERS,
    STAT_UNITS,
    STREET_WORDS,
    SUFFIX_MULTIPLIERS,
    SYMBOL_QUALIFIERS,
    TENS,
    TERRITORY_CURRENCIES,
    TIMES_UNIT,
    UNIT_TABLE,
    UP_VERBS,
    VAGUE_NUMBERS,
    WORD_PREFIXES,
    YEAR_NOUNS,
    YEAR_PREPOSITIONS,
)

EXTENSION = "quantities"
#: The unit of an age ("a 65-year-old", "30 years old").
AGE_UNIT = "year of age"
FACTORY = "claimledger_quantities"


# --------------------------------------------------------------------------------------
# Compiled patterns (compiled once at import)
# --------------------------------------------------------------------------------------

_DIGITS = (
    r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d,.])|\d+)(?:\.\d+)?|\.\d+"
)
_VULGAR = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"
_NUMBER_WORDS = sorted(
    list(SMALL_NUMBERS) + list(TENS) + list(SCALES) + list(FRACTION_WORDS) + ["dozen"],
    key=len, reverse=True,
)
_WORD_ATOM = r"(?:" + "|".join(_NUMBER_WORDS) + r")"

#: One candidate number: a slash fraction, digits (with a glued vulgar fraction), a
#: vulgar fraction alone, or a run of number words.
#: (The leading lookahead only lets the alternatives be tried where one can start: a
#: digit, a point, a vulgar fraction, "a"/"an" or a number word's first letter.)
_NUMBER_FIRST = "".join(sorted({w[0].lower() for w in _NUMBER_WORDS} | {"a"}))
_NUMBER_RE = re.compile(
    r"(?=[\d." + _VULGAR + _NUMBER_FIRST + r"])(?:"
    r"(?P<slash>(?<![\w.,/])\d{1,3}\s?[/⁄]\s?\d{1,4}(?![\w/⁄]))"
    r"|(?P<digits>(?:" + _DIGITS + r")[" + _VULGAR + r"]?)"
    r"|(?P<vulgar>[" + _VULGAR + r"])"
    r"|(?P<words>\b(?:an?[\s-]+)?" + _WORD_ATOM + r"(?:(?:\s+|\s*-\s*|\s+and\s+(?:a\s+)?|\s+an?\s+)"
    + _WORD_ATOM + r")*\b))",
    re.IGNORECASE,
)
_WORD_SPLIT_RE = re.compile(r"[a-z]+", re.IGNORECASE)
_VAGUE_RE = re.compile(
    r"\b(?:(?P<outer>tens|dozens|hundreds)\s+of\s+)?(?P<inner>dozens|hundreds|thousands|"
    r"millions|billions|trillions)(?=\s+of\b)",
    re.IGNORECASE,
)
_SCALE_AFTER_RE = re.compile(
    r"(?:[\s-]+(?:hundred|thousand|lakh|million|crore|billion|trillion)\b)+", re.IGNORECASE
)
_SPACED_MULTIPLIER_RE = re.compile(r"\s?(?:bn|mn|mln|tn|trn)\b|\s(?:K|M|B)(?![\w.'’-])")
_GLUED_MULTIPLIER_RE = re.compile(r"(?:mln|mn|bn|trn|tn|k|K|M|m|B|b)(?![\w])")
_PERCENT_RE = re.compile(
    r"(?P<pp>\s?(?:percentage points?|pct points?|ppts?)\b)"
    r"|(?P<bp>\s?(?:basis points?|bps?)\b)"
    r"|(?P<pct>\s?(?:%|per\s?cent(?![a-z])|percent(?![a-z])|pct\b)|pc\b)",
    re.IGNORECASE,
)
_SYMBOL_SIGNS = sorted((s for s in CURRENCY_SIGNS if s not in CURRENCY_ABBREVIATIONS), key=len, reverse=True)
_CURRENCY_SIGN_BEFORE_RE = re.compile(
    r"(?:(?P<sign>" + "|".join(
        r"(?<![A-Za-z])" + re.escape(s).replace(r"\$", r"\s?\$") if s[0].isalpha() else re.escape(s)
        for s in _SYMBOL_SIGNS) + r")"
    r"|(?<![\w-])(?P<code>[A-Z]{3}|"
    + "|".join(re.escape(s) for s in sorted(CURRENCY_ABBREVIATIONS, key=len, reverse=True)) + r"))\s?$"
)
_CURRENCY_WORD_ALTERNATIVES = "|".join(p for p, _ in CURRENCY_WORDS)
_CURRENCY_AFTER_RE = re.compile(
    r"(?P<sign>[€£$¥])|\s?(?P<code>[A-Z]{3})(?![A-Za-z])"
    r"|[\s-](?P<word>(?i:" + _CURRENCY_WORD_ALTERNATIVES + r"))(?![a-zA-Z])"
    r"|(?P<pence>p)(?![\w])"
)
_CURRENCY_WORD_AFTER_RE = re.compile(
    r"[\s-](?P<word>(?i:" + _CURRENCY_WORD_ALTERNATIVES + r"))(?![a-zA-Z])"
)


def _currency_of_word(word: str) -> str | None:
    """The ISO code of a currency word as matched ("Swedish  crowns" -> "SEK")."""
    return CURRENCY_WORD_CODES.get(" ".join(word.lower().split()))
_AGE_RE = re.compile(r"[\s-]?(?:years?[\s-]old\b|yrs?\.?[\s-]old\b|y/o(?!\w)|y\.o\.(?!\w))", re.IGNORECASE)
_FOLD_AFTER_RE = re.compile(r"[\s-]?fold\b", re.IGNORECASE)
#: "N times" ("four times the number", "78,000 times a minute").
_TIMES_AFTER_RE = re.compile(r"\s+times\b")
_STAT_AFTER_RE = re.compile(r"\s?(" + "|".join(STAT_UNITS) + r")\b", re.IGNORECASE)
_FOLD_WORD_RE = re.compile(
    r"\b(?P<n>" + "|".join(list(SMALL_NUMBERS) + list(TENS)) + r")fold\b", re.IGNORECASE
)


def _unit_alternatives(modes: str) -> str:
    """One named alternative per :data:`UNIT_TABLE` row whose mode is in ``modes``."""
    parts = []
    for i, (pattern, _expr, mode) in enumerate(UNIT_TABLE):
        if mode in modes:
            body = f"(?i:{pattern})" if mode == "w" else pattern
            parts.append(f"(?P<u{i}>{body})")
    return "|".join(parts)


#: A measure glued to the number ("50mph", "1.0l").
_UNIT_GLUED_RE = re.compile(r"(?:" + _unit_alternatives("wsg") + r")(?![\w²])")
#: A measure after a space or a hyphen ("2.5 square kilometres", "five-year").
_UNIT_SPACED_RE = re.compile(r"(?:\s{1,2}|\s?-\s?)(?:" + _unit_alternatives("ws") + r")(?![\w²])")
_QUALIFIER_RE = re.compile(
    r"(?<![\w])(?P<q>" + "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True))
    + r")\s+$",
    re.IGNORECASE,
)
_POST_QUALIFIER_RE = re.compile(r"\s+(?P<q>" + "|".join(POST_QUALIFIERS) + r")\b", re.IGNORECASE)
_BETWEEN_RE = re.compile(r"(?<![\w])(?:between|from)\s+$", re.IGNORECASE)

#: Clock times, calendar dates and phone numbers: numbers inside are not quantities.
#: (The leading lookahead only lets the alternatives be tried where one can start: a
#: digit, "+", "(" or a month's capital.)
_MASK_RE = re.compile(
    r"(?=[\d+(JFMASOND])(?:"
    r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:\s?[AaPp]\.?[Mm]\b\.?)?"
    r"|\b\d{1,2}(?:[.:]\d{2})?\s?(?:[ap]\.m\.|[ap]m\b|[AP]\.M\.|[AP]M\b)"
    r"|\b\d{4}\s?(?:GMT|UTC|BST|CET|CEST|EST|EDT|PST|PDT|IST)\b"
    r"|\b" + MONTHS + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTHS + r"\b\.?(?:,?\s+\d{4}\b)?"
    r"|\b" + MONTHS + r"\.?,?\s+\d{4}\b"
    r"|\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}\b"
    r"|(?<![\w.])\+\d{1,3}(?:[\s.-]\(?\d{1,4}\)?){2,5}(?![\w.])"
    r"|\(\d{3}\)\s?\d{3}[-.\s]\d{4}\b|\b\d{3}[-.]\d{3}[-.]\d{4}\b)"
)

# --------------------------------------------------------------------------------------
# Working record
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Num:
    """A number being read; becomes a :class:`Quantity` if it survives the filters."""

    start: int
    end: int
    value: Decimal | tuple[Decimal, Decimal]
    kind: str  # "digits", "words", "fraction", "vague"
    written: str
    is_int: bool = True
    multiplier: int = 1
    unit: str | None = None
    unit_kind: str | None = None  # "currency", "percent", "measure", "fraction", "age"
    qualifier: str | None = None
    span_start: int = -1
    span_end: int = -1
    counted: str | None = None
    sign: str = ""
    hyphen_after_digit: bool = False
    suspended_hyphen: bool = False
    has_separator: bool = False
    dropped: bool = False
    bare_dollar: bool = False  # the currency came from a "$" alone (its country may follow)
    is_range: bool = False
    counts_plural: bool = False  # the counted noun is plural and follows the number directly
    vague: bool = False
    head: int = -1  # token index of the counted noun, -1 when none
    modifiers: list[str] = field(default_factory=list)
    counted_text: str | None = None
    change: str | None = None  # an amount of change: "up" / "down"
    whole: str | None = None
    elided_from: _Num | None = None  # the quantity whose counted noun this one shares
    previous: _Num | None = None  # the level left in "rose from 240 to 273" (this is 273)

    def __post_init__(self) -> None:
        if self.span_start < 0:
            self.span_start = self.start
        if self.span_end < 0:
            self.span_end = self.end


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


def ensure_extensions() -> None:
    """Register ``Doc._.quantities`` (default None) once; safe to call repeatedly."""
    if not Doc.has_extension(EXTENSION):
        Doc.set_extension(EXTENSION, default=None)


def find_quantities(doc_or_span: Doc | Span) -> list[Quantity]:
    """The quantities in a Doc or Span, in text order, with ``doc.text`` offsets."""
    doc = doc_or_span.doc if isinstance(doc_or_span, Span) else doc_or_span
    text = text_of(doc)  # spaCy rebuilds doc.text on each access
    if isinstance(doc_or_span, Span):
        lo, hi = doc_or_span.start_char, doc_or_span.end_char
    else:
        lo, hi = 0, len(text)
    if not any(ch.isdigit() for ch in text[lo:hi]) and not _has_number_word(text[lo:hi]):
        return []
    masks = _masked_ranges(text, lo, hi)
    nums = _scan_numbers(text, lo, hi)
    parsed = doc.has_annotation("DEP")
    kept: list[_Num] = []
    for num in nums:
        _read_prefix(text, num)
        _read_suffix(text, num, hi, doc)
        if _is_noise(text, num, masks, doc):
            continue
        kept.append(num)
    links = _combine(text, kept, doc)
    kept = [n for n in kept if not n.dropped]
    for num in kept:
        _read_qualifier(text, num, lo, hi, doc if parsed else None)
        if parsed:
            _find_counted(doc, text, num, hi)
            _find_whole(doc, text, num, hi)
            _read_age(doc, text, num)
            _read_change(doc, num)
            _read_count_rate(doc, num)
    for left, right in links:  # "five or six soldiers": both count soldiers
        if not left.dropped and left.unit is None and left.counted is None:
            left.counted, left.head, left.elided_from = right.counted, right.head, right
    years = _years(text, kept)
    kept = [n for n in kept if not (id(n) in years or _is_pronoun_one(doc, text, n) or _is_date_part(doc, n))]
    _inherit_restated_currency(text, kept)
    if parsed:
        _inherit_units(doc, text, kept)
    _inherit_change(text, kept)
    return [_to_quantity(doc, text, num) for num in kept]


def quantities_in(doc: Doc, start_char: int, end_char: int) -> list[Quantity]:
    """The quantities of ``doc`` that lie inside ``[start_char, end_char)``.

    Reads ``doc._.quantities`` when the component has run, else finds them now.
    """
    found = doc._.get(EXTENSION) if Doc.has_extension(EXTENSION) else None
    if found is None:
        found = find_quantities(doc)
    return [q for q in found if start_char <= q.span[0] and q.span[1] <= end_char]


class QuantityComponent:
    """spaCy pipeline component: sets ``doc._.quantities`` to a list of Quantity."""

    def __init__(self, nlp: Language, name: str = FACTORY) -> None:
        self.name = name
        ensure_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(EXTENSION, find_quantities(doc))
        return doc


@Language.factory(
    FACTORY,
    requires=["token.dep", "token.tag", "token.lemma"],
    assigns=[f"doc._.{EXTENSION}"],
    default_config={},
)
def make_quantity_component(nlp: Language, name: str) -> QuantityComponent:
    """Factory for ``nlp.add_pipe("claimledger_quantities")``."""
    return QuantityComponent(nlp, name)


# --------------------------------------------------------------------------------------
# Step 1-2: masks and number scanning
# --------------------------------------------------------------------------------------

_NUMBER_WORD_SET = frozenset(_NUMBER_WORDS) | {"dozens", "hundreds", "thousands", "millions", "billions"}
_ANY_WORD_RE = re.compile(r"[a-z]+")


def _has_number_word(text: str) -> bool:
    """Cheap pre-check: does ``text`` contain a written number at all?"""
    return any(w in _NUMBER_WORD_SET or w.endswith("fold") for w in _ANY_WORD_RE.findall(text.lower()))


def _masked_ranges(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Character ranges of clock times, calendar dates and phone numbers."""
    # Look a little outside the span so a date cut by the span edge is still seen.
    return [m.span() for m in _MASK_RE.finditer(text, max(0, lo - 20), min(len(text), hi + 20))]


def _scan_numbers(text: str, lo: int, hi: int) -> list[_Num]:
    """Every candidate number in ``text[lo:hi]``, multipliers applied, in text order."""
    out: list[_Num] = []
    taken_until = lo
    for vm in _VAGUE_RE.finditer(text, lo, hi):
        out.append(_vague_number(vm))
    folds = _FOLD_WORD_RE.finditer(text, lo, hi) if "fold" in text[lo:hi].lower() else ()
    for fold in folds:  # "sixfold"
        word = fold.group("n").lower()
        value = SMALL_NUMBERS.get(word) or TENS[word]
        out.append(_Num(fold.start(), fold.end(), Decimal(value), "words", fold.group(), unit="fold",
                        unit_kind="multiple"))
    vague_spans = [(n.start, n.end) for n in out]
    pos = lo
    while True:
        m = _NUMBER_RE.search(text, pos, hi)
        if m is None:
            break
        pos = m.end()
        if m.start() < taken_until or any(s <= m.start() < e for s, e in vague_spans):
            continue
        num = None
        if m.group("slash"):
            num = _slash_fraction(m)
        elif m.group("digits"):
            num = _digit_number(text, m, hi)
        elif m.group("vulgar"):
            num = _Num(m.start(), m.end(), Decimal(str(unicodedata.numeric(m.group()))),
                       "fraction", m.group(), is_int=False)
        else:
            num = _word_number(text, m, hi)
            if num is not None and num.end < m.end():
                pos = num.end  # "two and three": read "three" again on its own
            elif num is None and (space := re.search(r"\s", m.group())):
                pos = m.start() + space.start()  # "a five-year": retry
        if num is not None:
            out.append(num)
            taken_until = num.end
    out.sort(key=lambda n: n.start)
    return out


def _vague_number(m: re.Match[str]) -> _Num:
    """ "dozens of", "tens of thousands of": the number ACLED codes, flagged vague."""
    value = VAGUE_NUMBERS[m.group("inner").lower()]
    outer = (m.group("outer") or "").lower()
    if outer:
        value *= VAGUE_NUMBERS[outer]
    return _Num(m.start(), m.end(), Decimal(value), "vague", m.group(), vague=True)


def _slash_fraction(m: re.Match[str]) -> _Num | None:
    """ "1/2", "1⁄32": a fraction with a common denominator (not "9/11", "24/7")."""
    a, b = re.split(r"\s?[/⁄]\s?", m.group())
    num, den = int(a), int(b)
    if den not in (2, 3, 4, 5, 6, 8, 10, 12, 16, 32, 64, 100, 128, 1000) or not 0 < num < den:
        return None
    return _Num(m.start(), m.end(), Decimal(num) / Decimal(den), "fraction", m.group(), is_int=False)


def _digit_number(text: str, m: re.Match[str], hi: int) -> _Num:
    """Digits with separators, a glued vulgar fraction, and spaced scale words."""
    raw = m.group()
    extra = Decimal(0)
    if raw[-1] in _VULGAR:
        extra = Decimal(str(unicodedata.numeric(raw[-1])))
        raw = raw[:-1]
    clean = re.sub(r"[, \u00a0\u202f\u2009]", "", raw)
    value = Decimal(clean) + extra
    num = _Num(m.start(), m.end(), value, "digits", m.group(),
               is_int="." not in clean and not extra, has_separator=clean != raw)
    scale = _SCALE_AFTER_RE.match(text, num.end, hi)
    if scale:
        mult = Decimal(1)
        group = value
        for word in re.findall(r"[a-z]+", scale.group().lower()):
            factor = SCALES[word]
            if factor == 100:
                group *= 100
            else:
                mult = Decimal(factor)
                group *= mult
        num.value, num.end = group, scale.end()
        num.multiplier = int(group / value) if value else 1
    return num


def _word_number(text: str, m: re.Match[str], hi: int) -> _Num | None:
    """Evaluate a run of number words; stop at the first word that does not fit.

    Returns None for ordinals ("twenty-first", "a third term") and for a "half" that is
    a period ("the first half", "half-time").
    """
    words = [(w.group().lower(), m.start() + w.start(), m.start() + w.end())
             for w in _WORD_SPLIT_RE.finditer(m.group())]
    if len(words) > 1 and words[0][0] in ("a", "an") and not (
        words[1][0] in SCALES or words[1][0] == "dozen" or words[1][0] in FRACTION_WORDS
    ):
        words = words[1:]  # "a five-year journey": the article is not part of the number
    names = [w for w, _, _ in words]
    value, used, frac = _evaluate_words(names)
    if used == 0:
        return None
    if used < len(names) and names[used] in FRACTION_WORDS and not frac:
        return None  # "twenty-fifth": an ordinal
    end = words[used - 1][2]
    start = words[0][1]
    if _ORDINAL_AFTER_RE.match(text, end, hi):
        return None  # "twenty-first"
    written = text[start:end]
    if frac:
        scaled = _FRACTION_OF_SCALE_RE.match(text, end, hi)
        if scaled:  # "a quarter of a million": a count, not a fraction
            end = scaled.end()
            value = value * SCALES[scaled.group(1).lower()]
            return _Num(start, end, value, "words", text[start:end],
                        is_int=value == value.to_integral_value())
        if not _fraction_reading(text, names[:used], start, end, hi):
            return None
        return _Num(start, end, value, "fraction", written, is_int=False)
    num = _Num(start, end, value, "words", written, is_int=value == value.to_integral_value())
    last = names[used - 1]
    if last in SCALES and SCALES[last] >= 1000 and value:
        num.multiplier = SCALES[last]
    return num


_FRACTION_OF_SCALE_RE = re.compile(r"\s+of\s+an?\s+(million|billion|thousand|trillion)\b", re.IGNORECASE)
_ORDINAL_AFTER_RE = re.compile(
    r"-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b", re.IGNORECASE
)
_PERIOD_BEFORE_RE = re.compile(
    r"(?:first|second|third|fourth|final|last|other|latter|former|the|this|that|eastern|western|"
    r"northern|southern|upper|lower|top|bottom|front|back)\s+$",
    re.IGNORECASE,
)
_FRACTION_OK_AFTER_RE = re.compile(
    r"\s*(?:$|[^\w\s-]|(?:of|the|a|an|his|her|its|their|our|more|less|fewer|as|that|again|"
    r"million|billion|thousand|percent|per)\b)",
    re.IGNORECASE,
)


def _fraction_reading(text: str, names: list[str], start: int, end: int, hi: int) -> bool:
    """Is this fraction word a fraction ("a third of", "one-third", "two-thirds", "half the")?

    Hyphenated and plural fractions always are. "a third term", "the first half",
    "half-time" are ordinals or periods.
    """
    written = text[start:end]
    if "-" in written or names[-1].endswith("s") and names[-1] != "halves":
        return not text[end:end + 1] == "-"
    if text[end:end + 1] == "-":
        return False
    if names[-1] == "half" and len(names) == 1 and _PERIOD_BEFORE_RE.search(text, max(0, start - 12), start):
        return False
    return bool(_FRACTION_OK_AFTER_RE.match(text, end, hi))


def _evaluate_words(words: list[str]) -> tuple[Decimal, int, bool]:
    """Value of the longest valid prefix of ``words``, words used, and whether a fraction.

    Handles "twenty-five", "three hundred and five", "two dozen", "a million",
    "twenty-eight thousand six hundred forty-two", "one-third", "two-thirds",
    "a half", "half a million", "two and a half million".
    """
    total = Decimal(0)
    group: Decimal | None = None
    used = 0
    last = ""
    i = 0
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w in ("a", "an"):
            if i == 0 and (nxt in SCALES or nxt == "dozen" or nxt in FRACTION_WORDS):
                group = Decimal(1)
                last = "a"
                i += 1
                continue
            if last == "half" and nxt in SCALES and nxt != "hundred":
                i += 1
                continue
            break
        if w in FRACTION_WORDS:
            den = FRACTION_WORDS[w]
            plural = w.endswith("s") and w != "halves"
            numer = group if group is not None else (Decimal(1) if w == "half" else None)
            if last == "and_a" and w == "half":  # "two and a half"
                group = (group or Decimal(0)) + Decimal("0.5")
                used = i + 1
                last = "half_added"
                i += 1
                continue
            if numer is None or total or (plural and numer < 2) or (not plural and numer != 1) or numer > 19:
                break
            if w == "half" and i + 1 < len(words) and nxt == "a":
                group = Decimal("0.5")
                last = "half"
                used = i + 1
                i += 1
                continue
            if w == "half" and last == "":
                return Decimal("0.5"), i + 1, True
            return numer / Decimal(den), i + 1, True
        if w == "and":
            if nxt == "a" and i + 2 < len(words) and words[i + 2] == "half" and group is not None:
                last = "and_a"
                i += 2
                continue
            if last in ("hundred", "scale") and (nxt in SMALL_NUMBERS or nxt in TENS):
                i += 1
                last = "and"
                continue
            break
        if w in SMALL_NUMBERS or w in TENS:
            small = w in SMALL_NUMBERS
            v = Decimal(SMALL_NUMBERS[w] if small else TENS[w])
            if group is None:
                group = v
            elif small and last == "tens" and 0 < v < 10:
                group += v  # "twenty-five"
            elif last in ("hundred", "and") and group % 100 == 0:
                group += v
            elif last == "scale" and group == 0:
                group = v
            else:
                break
            last = "small" if small else "tens"
        elif w == "hundred":
            if group is None or group == 0 or group >= 100:
                break
            group *= 100
            last = "hundred"
        elif w == "dozen":
            if group is None:
                break  # "a baker's dozen" is not a count here
            group *= DOZEN
            last = "dozen"
        elif w in SCALES:
            if group is None or group == 0:
                break
            total += group * SCALES[w]
            group = Decimal(0)
            last = "scale"
        else:
            break
        used = i + 1
        i += 1
    if used == 0 or (used == 1 and words[0] in ("a", "an")):
        return Decimal(0), 0, False
    value = total + (group or Decimal(0))
    return value, used, False


# --------------------------------------------------------------------------------------
# Step 3: what stands around the number
# --------------------------------------------------------------------------------------


def _read_prefix(text: str, num: _Num) -> None:
    """A currency sign or code, or a +/- sign, written right before the number."""
    before = text[max(0, num.start - 8):num.start]
    if before.endswith(("+", "-", "−")) and num.kind == "digits":
        prev = text[num.start - 2] if num.start >= 2 else " "
        if prev.isspace() or prev in "(/" or num.start - 1 == 0:
            num.sign = "-" if before[-1] in "-−" else "+"
            num.span_start -= 1
            before = before[:-1]
        elif prev.isdigit():
            num.hyphen_after_digit = True
    if not num.sign and (word := _NEGATIVE_BEFORE_RE.search(text, max(0, num.start - 12), num.start)):
        num.sign, num.change = "-", "="  # "minus 12 degrees": a reading, not a change
        num.span_start = word.start()
    if num.kind == "digits" and _read_mangled_sign(text, num, before):
        return
    m = _CURRENCY_SIGN_BEFORE_RE.search(before)
    code: str | None
    if m and num.kind in ("digits", "words"):
        if m.group("sign"):
            sign = re.sub(r"\s", "", m.group("sign"))
            code = CURRENCY_SIGNS.get(sign, "USD")
            num.bare_dollar = sign == "$"
        else:
            token = m.group("code")
            code = CURRENCY_ABBREVIATIONS.get(token) or (token if token in CURRENCY_CODES else None)
            if token in CURRENCY_ABBREVIATIONS and num.kind != "digits":
                code = None
            if code == "RMB":
                code = "CNY"
        if code:
            num.unit, num.unit_kind = code, "currency"
            num.span_start = num.start - (len(before) - m.start()) - (1 if num.sign else 0)


_NEGATIVE_BEFORE_RE = re.compile(r"(?<![\w-])(?:" + "|".join(NEGATIVE_WORDS) + r")\s+$", re.IGNORECASE)


def _read_mangled_sign(text: str, num: _Num, before: str) -> bool:
    """ "Y=28,030", "PS6m": a currency sign as some feeds mangle it, glued to the number."""
    for sign, code in MANGLED_CURRENCY_SIGNS.items():
        if before.endswith(sign):
            at = len(before) - len(sign)
            if at > 0 and before[at - 1].isalnum():
                return False
            num.unit, num.unit_kind = code, "currency"
            num.span_start = num.start - len(sign)
            return True
    return False


def _read_suffix(text: str, num: _Num, hi: int, doc: Doc) -> None:
    """Multiplier, then percent, currency, age or measure, then a rate, after the number."""
    if num.kind == "vague":
        _read_vague_unit(text, num, hi)
        return
    if num.unit_kind == "multiple":  # "sixfold" came with its unit
        return
    pos = num.end
    if num.kind == "digits" and num.multiplier == 1:
        pos = _read_glued_multiplier(text, num, pos, hi, doc)
    if num.bare_dollar:
        pos = _read_dollar_country(text, num, pos, hi, doc)
    if num.unit_kind != "currency":
        m = _PERCENT_RE.match(text, pos, hi)
        if m:
            num.unit = "percent" if m.group("pct") else (
                "percentage point" if m.group("pp") else "basis point")
            num.unit_kind = "percent"
            pos = m.end()
    if num.unit_kind is None:
        pos = _read_currency_after(text, num, pos, hi)
    if num.unit_kind is None and num.kind in ("digits", "words"):
        pos = _read_shared_currency(text, num, pos, hi, doc)
    if num.unit_kind is None:
        m = _AGE_RE.match(text, pos, hi)
        if m and num.kind in ("digits", "words"):
            num.unit, num.unit_kind = AGE_UNIT, "age"
            pos = m.end()
    if num.unit_kind is None and num.kind in ("digits", "words"):
        m = _FOLD_AFTER_RE.match(text, pos, hi)
        if m:
            num.unit, num.unit_kind = "fold", "multiple"
            pos = m.end()
        elif m := _TIMES_AFTER_RE.match(text, pos, hi):
            num.unit, num.unit_kind = TIMES_UNIT, "multiple"
            pos = m.end()
        elif m := _STAT_AFTER_RE.match(text, pos, hi):
            num.unit, num.unit_kind = STAT_UNITS[m.group(1).lower()], "measure"
            pos = m.end()
    if num.unit_kind is None:
        pos = _read_measure(text, num, pos, hi)
    if num.unit_kind is None and num.kind == "fraction":
        num.unit, num.unit_kind = "fraction", "fraction"
    if num.unit_kind in ("currency", "measure", "percent") or num.unit == TIMES_UNIT:
        pos = _read_rate(text, num, pos, hi, doc)
    num.span_end = max(num.span_end, pos)
    if text[pos:pos + 1] == "-" and text[pos + 1:pos + 2] in (" ", ","):
        num.suspended_hyphen = True


def _read_glued_multiplier(text: str, num: _Num, pos: int, hi: int, doc: Doc) -> int:
    """ "$8bn", "4.3M", "$50k", "1.2m tons" (million) but "37m" (metres): the new end."""
    m = _SPACED_MULTIPLIER_RE.match(text, pos, hi) or _GLUED_MULTIPLIER_RE.match(text, pos, hi)
    if not m:
        return pos
    suffix = m.group().strip()
    currency = num.unit_kind == "currency"
    if m.group()[:1].isspace() and len(suffix) == 1 and not _million_context(text, m.end(), hi, doc):
        return pos  # "50 M users", "9 B people", but not "grade 4 B"
    if suffix == "m" and not currency and not _million_context(text, m.end(), hi, doc):
        return pos
    if suffix == "b" and not currency:
        return pos
    mult = SUFFIX_MULTIPLIERS[suffix]
    num.value = Decimal(num.value) * mult  # type: ignore[arg-type]
    num.multiplier = mult
    num.end = m.end()
    return m.end()


_DOLLAR_COUNTRY_RE = re.compile(
    r"\s(?P<place>[A-Z]\.\s?[A-Z]\.|[A-Z]{2}\b)|\s(?P<word>[A-Z][a-z]+|[A-Z]{3})\b")


def _read_dollar_country(text: str, num: _Num, pos: int, hi: int, doc: Doc) -> int:
    """ "$75 U.S.", "$40 million Canadian", "$12 Australian", "$5 CAD": the country of a
    "$" amount, written after it: a country code whose dollar CLDR knows
    (:data:`DOLLAR_TERRITORIES`), a dollar's ISO code, or a country adjective CLDR names a
    dollar after ("canadian dollar"); and only when it does not go on to modify a noun
    ("a $5 billion Canadian pension fund")."""
    m = _DOLLAR_COUNTRY_RE.match(text, pos, hi)
    if not m:
        return pos
    code: str | None
    if m.group("place"):
        code = DOLLAR_TERRITORIES.get(re.sub(r"[.\s]", "", m.group("place")))
    else:
        word = m.group("word")
        code = CURRENCY_WORD_CODES.get(f"{word.lower()} dollar") or (word if word in DOLLAR_CODES else None)
    if code is None:
        return pos
    tok = _token_at(doc, m.end() - 1)
    if tok is not None and tok.i + 1 < len(doc) and tok.nbor(1).pos_ in ("NOUN", "PROPN") \
            and tok.nbor(1).idx < hi:
        return pos
    num.unit = code
    return m.end()


def _million_context(text: str, pos: int, hi: int, doc: Doc) -> bool:
    """After a glued "m": a plural noun or "of" follows, so "m" means million."""
    m = re.match(r"\s+([A-Za-z]+)", text[pos:hi])
    if not m:
        return False
    if m.group(1) == "of":
        return True
    tok = _token_at(doc, pos + m.start(1))
    if tok is not None and tok.tag_:
        return tok.tag_ in ("NNS", "NNPS")
    return m.group(1).endswith("s")


_VIDEO_LINES = frozenset({480, 720, 1080, 1440, 2160})


def _read_currency_after(text: str, num: _Num, pos: int, hi: int) -> int:
    """ "1,200€", "110 JPY", "nine euros", "63 cents", "68p"."""
    m = _CURRENCY_AFTER_RE.match(text, pos, hi)
    if m and m.group("code") and m.group("code") not in CURRENCY_CODES:
        m = _CURRENCY_WORD_AFTER_RE.match(text, pos, hi)
    if not m:
        return pos
    code: str | None
    if m.groupdict().get("sign"):
        code = CURRENCY_SIGNS[m.group("sign")]
    elif m.groupdict().get("code"):
        if m.group("code") not in CURRENCY_CODES:
            return pos
        code = "CNY" if m.group("code") == "RMB" else m.group("code")
    elif m.groupdict().get("pence"):
        if num.kind != "digits" or num.value in _VIDEO_LINES:
            return pos
        code = "pence"
    else:
        code = _currency_of_word(m.group("word"))
        if code is None:
            return pos
    num.unit, num.unit_kind = code, "currency"
    return m.end()


_SHARED_CURRENCY_RE = re.compile(
    r"\s(?P<word>(?i:" + "|".join(sorted(SHARED_CURRENCY_WORDS, key=len, reverse=True)) + r"))(?![\w-])")


def _read_shared_currency(text: str, num: _Num, pos: int, hi: int, doc: Doc) -> int:
    """ "1.2 billion crowns" in a sentence that names the country ("The Czech utility",
    "Sweden's central bank"): a currency word several currencies share
    (:data:`SHARED_CURRENCY_WORDS`) is the one of the country the sentence names, by
    its adjective ("czech crowns" is a CLDR name) or by its name (CLDR's territories).
    With no country, or two, the word stays a counted noun."""
    m = _SHARED_CURRENCY_RE.match(text, pos, hi)
    tok = _token_at(doc, num.start) if m else None
    if m is None or tok is None:
        return pos
    word = m.group("word").lower()
    found: set[str] = set()
    for other in tok.sent:
        code = CURRENCY_WORD_CODES.get(f"{other.lower_} {word}")
        if code is not None:
            found.add(code)
    for ent in tok.sent.ents:
        name = re.sub(r"^the\s+|['’]s?$", "", ent.text.lower())
        found |= TERRITORY_CURRENCIES.get(name, frozenset()) & SHARED_CURRENCY_WORDS[word]
    if len(found) != 1:
        return pos
    num.unit, num.unit_kind = found.pop(), "currency"
    return m.end()


#: A unit symbol pint reads, after a number: a compound written with "/" ("µg/m3",
#: "t/ha", "m3/s"), or a lower-case SI prefix on a capitalised symbol ("mSv", "kJ").
#: Plain words and capitals alone ("PM", "TV", "EU", which pint also knows) are left out.
_PINT_SYMBOL_RE = re.compile(
    r"\s?(?P<u>[A-Za-zµμ]{1,4}\d?(?:/[A-Za-zµμ]{1,4}\d?)+|[kmcnpµμ][A-Z][a-z]?)(?![\w/²³])")


def _read_pint_symbol(text: str, num: _Num, pos: int, hi: int) -> int:
    """A unit symbol read by pint's parser (:data:`_PINT_SYMBOL_RE`), every part of a
    compound a unit pint knows; exponents written as digits ("m3") and the micro sign
    are understood."""
    m = _PINT_SYMBOL_RE.match(text, pos, hi)
    if m is None:
        return pos
    parts = m.group("u").split("/")
    exprs = [re.sub(r"(?<=[A-Za-z])(\d)$", r"**\1", p.replace("µ", "u").replace("μ", "u")) for p in parts]
    if any(canonical_unit(e) is None for e in exprs):
        return pos
    unit = canonical_unit("/".join(f"({e})" for e in exprs))
    if unit is None:
        return pos
    num.unit, num.unit_kind = unit, "measure"
    return m.end()


def _read_measure(text: str, num: _Num, pos: int, hi: int) -> int:
    """A unit through pint's parser (:func:`_read_pint_symbol`), else one from
    :data:`UNIT_TABLE`, glued or spaced, normalized through pint."""
    end = _read_pint_symbol(text, num, pos, hi)
    if end != pos:
        return end
    m = _UNIT_GLUED_RE.match(text, pos, hi)
    if m is None:
        m = _UNIT_SPACED_RE.match(text, pos, hi)
    if m is None or m.lastgroup is None:
        return pos
    surface = m.group(m.lastgroup)
    if surface == "'" and _OPENING_QUOTE_RE.search(text, max(0, num.start - 120), num.start):
        return pos  # "'I paid 30' and left": a closing quote, not feet
    expr = _unit_expression(int(m.lastgroup[1:]), surface)
    unit = canonical_unit(expr)
    if unit is None:
        return pos
    num.unit, num.unit_kind = unit, "measure"
    return m.end()


#: An opening single quote: one after a space or an opening bracket, before a letter.
_OPENING_QUOTE_RE = re.compile(r"(?:^|[\s(\[])'(?=[A-Za-z0-9])")


def _unit_expression(row: int, surface: str) -> str:
    """The pint expression for a matched unit, with any SI prefix of the surface form."""
    expr = UNIT_TABLE[row][1]
    if expr in ("watt", "watt_hour", "byte", "hertz", "pascal", "volt", "bit/second"):
        low = surface.lower()
        for word in WORD_PREFIXES:
            if low.startswith(word):
                return word + expr
        head = surface[0]
        symbol_prefix = {"k": "kilo", "K": "kilo", "M": "mega", "G": "giga", "g": "giga",
                         "T": "tera", "P": "peta", "m": "milli"}
        if expr == "hertz" and head == "m":
            return "megahertz"  # "mhz" in news is always megahertz
        if head in symbol_prefix and len(surface) > 1 and not low.startswith(("watt", "hz", "byte", "volt", "pa")):
            return symbol_prefix[head] + expr
    return expr


@cache
def _registry() -> Any:
    """The pint unit registry, built on first use (it takes a few hundred ms), with the
    units of :data:`EXTRA_UNITS` that pint's default registry lacks."""
    import pint

    ureg: Any = pint.UnitRegistry()
    for definition in EXTRA_UNITS:
        ureg.define(definition)
    return ureg


#: Units news uses that pint's default registry does not define, in pint's syntax.
#: Brake horsepower is engine power measured at the crankshaft, quoted apart from
#: horsepower in motoring news ("640bhp").
EXTRA_UNITS: tuple[str, ...] = ("brake_horsepower = horsepower = bhp",)


@lru_cache(maxsize=512)
def canonical_unit(expression: str) -> str | None:
    """A short canonical name for a pint unit expression ("km**2" -> "km2", "mile").

    Metric units keep their symbol ("km", "GB", "kWh", "°C", "L"); units whose symbol
    reads poorly use the singular name (:data:`PREFER_NAME`: "mile", "inch", "year").
    Compound units are written "mile/hour", "km/h", "N*m". Returns None when pint does
    not know the expression.
    """
    import pint

    ureg = _registry()
    try:
        unit = ureg.Unit(expression)
    except (pint.errors.UndefinedUnitError, ValueError, AttributeError):
        return None
    items = [(n, cast(float, e)) for n, e in pint.util.to_units_container(unit, ureg).items()]
    top = [(n, e) for n, e in items if e > 0]
    bottom = [(n, -e) for n, e in items if e < 0]
    metric_top = bool(top) and all(n not in PREFER_NAME for n, _ in top)

    def label(name: str, power: float, by_name: bool) -> str:
        text = name if by_name else SYMBOL_OVERRIDES.get(name) or ureg.get_symbol(name)
        return text.replace("µ", "μ") + (str(int(power)) if power != 1 else "")

    out = "*".join(label(n, p, n in PREFER_NAME) for n, p in top) or "1"
    if bottom:
        out += "/" + "/".join(label(n, p, n in PREFER_NAME and not metric_top) for n, p in bottom)
    return out


#: Units a quantity record keeps as they are: names already, or the symbol the ledger's
#: gold and claim threads read ("km2").
KEPT_UNITS: frozenset[str] = frozenset(
    {"percent", "percentage point", "basis point", "fraction", AGE_UNIT, "times", "fold", "km2"})
#: Names pint spells differently from news and NewsQuant.
UNIT_NAME_OVERRIDES: dict[str, str] = {
    "degree_Celsius": "celsius", "degree_Fahrenheit": "fahrenheit", "milliampere_hour": "milliampere-hour",
    "ppm": "part per million", "pound": "pound-mass", "force_pound": "pound-force",
}


@lru_cache(maxsize=512)
def unit_name(unit: str | None) -> str | None:
    """The unit of a quantity record, spelled as a name anyone can compare.

    Currencies by their CLDR English name (:data:`CURRENCY_NAMES`), measures by pint's
    name in British spelling, rates with "per"; :data:`KEPT_UNITS` stay as they are.

    >>> [unit_name(u) for u in ("USD", "SEK/share", "km/hour", "GB", "°C", "m3", "percent")]
    ['dollar', 'swedish krona per share', 'kilometre per hour', 'gigabyte', 'celsius', 'cubic metre', 'percent']
    """
    if unit is None or unit in KEPT_UNITS:
        return unit
    return " per ".join(" ".join(_factor_name(f) for f in part.split("*")) for part in unit.split("/"))


def _factor_name(factor: str) -> str:
    """One factor of a unit by name: "USD" -> "dollar", "km2" -> "square kilometre"."""
    if factor in CURRENCY_NAMES:
        return CURRENCY_NAMES[factor]
    if factor in KEPT_UNITS:
        return factor
    power = ""
    if factor[-1:] in ("2", "3") and len(factor) > 1:
        power, factor = {"2": "square ", "3": "cubic "}[factor[-1]], factor[:-1]
    try:
        name = str(_registry().parse_units(factor))
    except Exception:  # not a pint unit: "share", "game"
        return power + factor
    name = UNIT_NAME_OVERRIDES.get(name, name)
    return power + name.replace("_", " ").replace("meter", "metre").replace("liter", "litre")


#: pint symbols replaced by the more usual ones.
SYMBOL_OVERRIDES: dict[str, str] = {"liter": "L", "milliliter": "mL"}


def _read_rate(text: str, num: _Num, pos: int, hi: int, doc: Doc | None = None) -> int:
    """A rate after the unit (:func:`_read_rate_at`), or after a restatement in
    parentheses: "9 billion rand ($480 million) a year" makes both amounts a year's.
    Across parentheses the quantity's span does not grow."""
    end = _read_rate_at(text, num, pos, hi, doc)
    if end != pos:
        return end
    skip = _PARENTHESIS_AFTER_RE.match(text, pos, hi)
    if skip is not None:
        _read_rate_at(text, num, skip.end(), hi, doc)
    elif text.startswith(")", pos) and "(" in text[max(0, num.span_start - 2):num.span_start]:
        _read_rate_at(text, num, pos + 1, hi, doc)  # the restatement inside
    elif (of := _OF_THING_RATE_RE.match(text, pos, hi)) is not None:
        _read_rate_at(text, num, of.end(), hi, None)  # "5,000 cubic metres of water per second"
    return pos


_PARENTHESIS_AFTER_RE = re.compile(r"\s?\([^()]{1,60}\)")
#: "of" and the measured thing (one to three words) before "per X" or "a"/"an" and a
#: unit of time: the rate is the measure's ("3 tonnes of grain a day" is tonne/day).
_OF_THING_RATE_RE = re.compile(
    r"\s+of\s+(?:[A-Za-z-]+\s+){0,2}[A-Za-z-]+(?=\s+(?:per\s|an?\s+(?:" + "|".join(RATE_TIME_WORDS) + r")\b))",
    re.IGNORECASE,
)


def _read_rate_at(text: str, num: _Num, pos: int, hi: int, doc: Doc | None = None) -> int:
    """ "per share", "a day", "a barrel", "/kg", "per sq m" after a unit: the unit becomes
    "USD/share", "USD/barrel".

    After "per" or "/" any word is the rate's denominator; after "a", "an" or "each" a
    measure pint knows ("$52 a barrel", "$1,920 an ounce"), or, after a currency, a
    singular noun ending its phrase ("€6 million a season", "3.50 francs a ride"). "a
    year ago", "a month earlier" are times, not rates.
    """
    m = _RATE_JOIN_RE.match(text, pos, hi)
    if not m:
        return pos
    joiner = m.group().strip().lower() or "/"
    unit_match = _UNIT_GLUED_RE.match(text, m.end(), hi)
    per: str | None = None
    end = m.end()
    if unit_match and unit_match.lastgroup:
        expr = _unit_expression(int(unit_match.lastgroup[1:]), unit_match.group(unit_match.lastgroup))
        per = RATE_TIME_WORDS.get(expr) or canonical_unit(expr)
        end = unit_match.end()
    elif joiner in ("per", "/"):
        word = _RATE_WORD_RE.match(text, m.end(), hi)
        if word and word.group().lower() not in _RATE_STOPWORDS:
            w = word.group().lower()
            per = w[:-1] if w.endswith("s") and not w.endswith("ss") else w
            end = word.end()
    elif num.unit_kind == "currency" and doc is not None:
        per, end = _noun_rate(doc, text, m.end(), hi)
    if not per:
        return pos
    after = _RATE_WORD_RE.match(text.lower(), end + 1, hi) if text[end:end + 1] == " " else None
    if joiner in ("a", "an", "each") and after and after.group() in NOT_RATE_AFTER:
        return pos
    num.unit = f"{num.unit}/{per}"
    return end


def _noun_rate(doc: Doc, text: str, char: int, hi: int) -> tuple[str | None, int]:
    """ "a season", "a ride" after a price: a singular noun that ends its phrase."""
    tok = _token_from(doc, text, char)
    if tok is None or tok.idx != char or tok.tag_ != "NN" or tok.idx + len(tok) > hi:
        return None, char
    nxt = tok.nbor(1) if tok.i + 1 < len(doc) else None
    if nxt is not None and (nxt.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") or nxt.lower_ == "of"):
        return None, char
    return tok.lemma_.lower(), tok.idx + len(tok)


_RATE_JOIN_RE = re.compile(r"\s?/\s?|\s+per\s+|\s+an?\s+|\s+each\s+", re.IGNORECASE)
_RATE_WORD_RE = re.compile(r"[a-z]+(?![\w])")
_RATE_STOPWORDS = frozenset("the a an this that his her its their our your my cent".split())


def _read_vague_unit(text: str, num: _Num, hi: int) -> None:
    """ "tens of millions of dollars": a currency word right after the vague plural's "of"."""
    m = _VAGUE_CURRENCY_RE.match(text, num.end, hi)
    if not m:
        return
    code = _currency_of_word(m.group("word"))
    if code is None:
        return
    num.unit, num.unit_kind = code, "currency"
    num.span_end = m.end()


_VAGUE_CURRENCY_RE = re.compile(
    r"\s+of\s+(?P<word>(?i:" + _CURRENCY_WORD_ALTERNATIVES + r"))(?![a-zA-Z])"
)


# --------------------------------------------------------------------------------------
# Step 4: noise
# --------------------------------------------------------------------------------------


def _token_at(doc: Doc, char: int) -> Token | None:
    """The token covering character ``char``, or None (white space, out of range).

    (Never reads ``doc.text``: spaCy rebuilds that string on every access.)
    """
    if char < 0:
        return None
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _token_from(doc: Doc, text: str, char: int) -> Token | None:
    """The first token starting at or after ``char`` (skipping white space)."""
    while char < len(text) and text[char].isspace():
        char += 1
    tok = _token_at(doc, char)
    if tok is not None and tok.idx < char:
        return doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return tok


def _is_noise(text: str, num: _Num, masks: list[tuple[int, int]], doc: Doc) -> bool:
    """Numbers that are not quantities: glued into words, masked, or part of a name."""
    if any(s <= num.start < e for s, e in masks):
        return True
    if num.kind == "digits" and _is_glued(text, num):
        return True
    if num.sign == "-" and num.unit_kind is None:
        return True  # "COVID -19": a dash, not a minus
    if num.kind in ("digits", "words") and num.unit_kind is None and _is_name_number(text, num, doc):
        return True
    return False


def _is_glued(text: str, num: _Num) -> bool:
    """ "MH17", "G20", "V-6", "10th", "1990s", "1.2.3": digits inside a word or code."""
    before = text[num.start - 1] if num.start > 0 else " "
    if num.span_start == num.start and (before.isalnum() or before in "_@#'’.,/:"):
        return True
    if before == "-" and not num.sign and not num.hyphen_after_digit:
        head = text[max(0, num.start - 4):num.start - 1].lower()
        if head.endswith("sub"):
            num.qualifier = "sub"
            return False
        if num.start >= 2 and text[num.start - 2].isalpha():
            return True
    after_pos = num.span_end if num.unit_kind else num.end
    after = text[after_pos:after_pos + 1]
    if after and (after.isalnum() or after == "_"):
        return True
    if after and after in ".," and text[after_pos + 1:after_pos + 2].isdigit():
        return True
    return False


def _is_name_number(text: str, num: _Num, doc: Doc) -> bool:
    """ "Resolution 2254", "Game 2", "iPhone 11 Pro", "Boeing 737 Max", "16-18 Main Street".

    Also the later members of a list of them ("resolutions 2118 and 2235") and a word
    after a naming word ("number two").
    """
    if num.has_separator or not num.is_int or num.kind not in ("digits", "words"):
        return False
    if _NAME_LIST_RE.search(text, max(0, num.start - 60), num.start):
        return True
    if _INDEX_BEFORE_RE.search(text, max(0, num.start - 16), num.start):
        return True  # "S&P 500", "FTSE 100": an index's name
    if num.kind == "words":
        prev = _WORD_BEFORE_RE.search(text, max(0, num.start - 16), num.start)
        return bool(prev and prev.group(1).lower() in NAME_PREFIXES)
    tok = _token_at(doc, num.start)
    if tok is None:
        return False
    head = tok.head if tok.dep_ in ("nummod", "compound", "quantmod") else None
    counts_noun = (
        head is not None and head.i > tok.i and head.pos_ == "NOUN" and head.text.islower()
        and (head.tag_ == "NNS" or num.value == 1)
    )
    if tok.i > 0 and not counts_noun:
        prev_tok = tok.doc[tok.i - 1]
        if prev_tok.lower_ in _ERA_WORDS:
            return False
        cap = prev_tok.text[:1].isupper() or any(c.isupper() for c in prev_tok.text[1:])
        if prev_tok.lower_ in NAME_PREFIXES or (prev_tok.lower_.endswith("s") and prev_tok.lower_[:-1] in NAME_PREFIXES):
            return True
        if cap and prev_tok.pos_ == "PROPN" and prev_tok.ent_type_ not in ("DATE", "TIME"):
            return True
    if tok.dep_ == "nummod" and tok.head.i < tok.i and tok.head.text[:1].isupper():
        return True  # "Planet 9", "Chapter 11": a number naming the word before it
    if head is not None and head.i > tok.i and head.pos_ == "PROPN" and head.tag_ == "NNP" \
            and head.idx >= num.end:  # not the number's own multiplier ("68m")
        return True
    if tok.ent_type_ in ("LAW", "PRODUCT", "EVENT", "WORK_OF_ART", "FAC") and tok.ent_iob_ == "I":
        return True
    if _is_model_number(tok):
        return True
    nxt = re.match(r"[\s-]+\d*\s*([A-Z][a-z]+)\s+([A-Za-z.]+)", text[num.end:num.end + 40])
    if nxt and nxt.group(2).lower() in STREET_WORDS:
        return True
    return False


def _is_model_number(tok: Token) -> bool:
    """Rule *model number*: "two new 737 Max jets", "three more 787 Dreamliners": a bare
    number right before a capitalized word, in a noun phrase that another number
    already counts, names a model (the other number is the count)."""
    if tok.i + 1 >= len(tok.doc) or not tok.nbor(1).text[:1].isupper() or not tok.nbor(1).text[1:2].islower():
        return False
    noun = tok.head if tok.head.i > tok.i else tok.nbor(1).head
    if noun.i <= tok.i:
        return False
    for other in tok.doc[max(0, tok.i - 4):tok.i]:
        if _is_number_token(other) and other.i < tok.i - 1 and (other.head == noun or other.head == tok):
            return True
    return False


# --------------------------------------------------------------------------------------
# Step 5: ranges and shared units
# --------------------------------------------------------------------------------------

_NAME_LIST_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in sorted(NAME_PREFIXES, key=len, reverse=True) if w[-1].isalpha())
    + r")s?\s+\d+(?:\s*(?:,|and|or|&)\s*\d+)*\s*(?:,|and|or|&)\s*$",
    re.IGNORECASE,
)
_INDEX_BEFORE_RE = re.compile(r"(?<![\w&])(?:" + INDEX_NAMES + r")\s*$", re.IGNORECASE)
_ERA_WORDS = frozenset("ad a.d. bc b.c. ce bce c. circa".split())
_HYPHEN_GAP_RE = re.compile(r"\s*[-–—]\s*")
_TO_GAP_RE = re.compile(r"\s*(?:to|-to-?|till|until|through)\s*", re.IGNORECASE)
_AND_GAP_RE = re.compile(r"\s*and\s*", re.IGNORECASE)
_OR_GAP_RE = re.compile(r"-?,?\s*(?:or|and|,)\s*", re.IGNORECASE)


def _combine(text: str, nums: list[_Num], doc: Doc) -> list[tuple[_Num, _Num]]:
    """Join ranges and share units/multipliers between neighbours (right to left).

    Returns the (left, right) pairs joined by "or" or a suspended hyphen, whose left
    member may also share the right one's counted noun.
    """
    links: list[tuple[_Num, _Num]] = []
    for i in range(len(nums) - 1, 0, -1):
        left, right = nums[i - 1], nums[i]
        if left.dropped or right.dropped or left.kind == "vague" or right.kind == "vague":
            continue
        gap = text[left.span_end:right.span_start]
        gap_before_left = text[max(0, left.span_start - 10):left.span_start]
        between = _BETWEEN_RE.search(gap_before_left)
        if _HYPHEN_GAP_RE.fullmatch(gap) and right.sign == "" and right.kind == left.kind:
            _make_range(left, right, kind="hyphen")
        elif _TO_GAP_RE.fullmatch(gap) and _year_like_num(left) and not _year_like_num(right) \
                and right.kind == "digits" and cast(Any, right.value) < left.value:
            continue  # "20 mpg in 2008 to 29 mpg": a year, then the next value
        elif _TO_GAP_RE.fullmatch(gap) and left.unit_kind and right.unit_kind and left.unit_kind != right.unit_kind:
            continue  # "grew 8 per cent to Rs 38,318 crore": a change, then a level
        elif _TO_GAP_RE.fullmatch(gap):
            from_level = between is not None and between.group().strip().lower() == "from" and \
                _after_change_verb(doc, text, left.span_start - len(between.group()))
            by = _BY_BEFORE_RE.search(gap_before_left)
            # "fell by 1.3 years to 76.4 years": an amount, then the level reached; the
            # left number has its own unit ("by 1 to 1.5 degrees" is a range)
            by_amount = by is not None and left.unit is not None \
                and _after_change_verb(doc, text, left.span_start - len(by.group()))
            _share_unit(left, right)
            if from_level and between is not None:
                _make_change(left, right, left.span_start - len(between.group()))
            elif not by_amount:
                _make_range(left, right, kind="to", between=between)
        elif (m := _FROM_GAP_RE.fullmatch(gap)) and (to := _LEVEL_TO_RE.search(gap_before_left)) \
                and _same_noun_after(doc, text, right, m.group("noun")) \
                and _after_change_verb(doc, text, left.span_start - len(to.group())):
            _share_unit(right, left)
            _make_change(right, left, left.span_start, end=right.span_end)
        elif between and between.group().strip().lower() == "between" and _AND_GAP_RE.fullmatch(gap):
            _share_unit(left, right)
            _make_range(left, right, kind="to", between=between)
        elif _OR_GAP_RE.fullmatch(gap) and left.unit_kind is None and left.kind in ("digits", "words"):
            if "or" in gap.lower() or left.suspended_hyphen:
                _share_unit(left, right)
                links.append((left, right))
    _join_dated_levels(doc, text, nums)
    for num in nums:
        if num.hyphen_after_digit and not num.is_range:
            num.dropped = True
    return links


#: A time phrase between the levels of a change: "from 38% in 2019 to 31%", "from 30C
#: on Monday to 22C".
_DATED_TO_GAP_RE = re.compile(r"\s+(?:in|on|at|by|during)\s+[^,;:.()]{1,25}?\s+to\s+", re.IGNORECASE)


def _join_dated_levels(doc: Doc, text: str, nums: list[_Num]) -> None:
    """Rule *level from level* when a time phrase stands between the two levels."""
    for i, left in enumerate(nums):
        if left.dropped or left.is_range:
            continue
        between = _BETWEEN_RE.search(text[max(0, left.span_start - 10):left.span_start])
        if between is None or between.group().strip().lower() != "from":
            continue
        j = i + 1
        while j < len(nums) and _year_like_num(nums[j]):
            j += 1  # the year inside the time phrase
        if j >= len(nums) or nums[j].dropped or nums[j].is_range:
            continue
        right = nums[j]
        if not _DATED_TO_GAP_RE.fullmatch(text[left.span_end:right.span_start]):
            continue
        if left.unit_kind != right.unit_kind and left.unit_kind and right.unit_kind:
            continue
        if _after_change_verb(doc, text, left.span_start - len(between.group())):
            _share_unit(left, right)
            _make_change(left, right, left.span_start - len(between.group()))


_BY_BEFORE_RE = re.compile(r"(?<![\w])by\s+$", re.IGNORECASE)
_FROM_GAP_RE = re.compile(r"\s+(?:(?P<noun>[A-Za-z]+)\s+)?from\s+", re.IGNORECASE)
_LEVEL_TO_RE = re.compile(r"(?<![\w])to\s+$", re.IGNORECASE)


def _same_noun_after(doc: Doc, text: str, num: _Num, noun: str | None) -> bool:
    """The first number's noun, if any, is the second's: the same word follows the second
    number ("to 138,285 lots from 212,577 lots") or no noun does ("to 8,200 employees
    from 9,000", not "to 300 delegates from 20 countries")."""
    if noun is None:
        return True
    after = text[num.span_end:num.span_end + len(noun) + 2].lstrip()
    if after[:len(noun)].lower() == noun.lower() and not after[len(noun):len(noun) + 1].isalpha():
        return True
    nxt = _token_from(doc, text, num.span_end)
    return nxt is None or nxt.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM")


def _make_change(old: _Num, new: _Num, start: int, end: int | None = None) -> None:
    """Rule *level from level*: "rose from 240 to 273", "eased to 196,440 from 210,643".

    A verb of change with both levels written is one quantity, the level reached, that
    keeps the level left as :attr:`~claimledger.records.Quantity.previous`; its span
    covers both numbers.
    """
    if old.unit != new.unit and old.unit is not None and new.unit is not None:
        return  # "grew 8 per cent to Rs 38,318 crore": an amount, then a level
    new.previous = old
    new.unit, new.unit_kind = new.unit or old.unit, new.unit_kind or old.unit_kind
    new.span_start = min(new.span_start, start)
    if end is not None:
        new.span_end = max(new.span_end, end)
    old.dropped = True


def _after_change_verb(doc: Doc, text: str, char: int) -> bool:
    """Is one of the three words before ``char`` a verb of change ("rose from ...")?"""
    tok = _token_from(doc, text, char)
    if tok is None:
        return False
    for k in range(tok.i - 1, max(-1, tok.i - 4), -1):
        t = doc[k]
        if t.lemma_.lower() in CHANGE_LEMMAS or t.lower_ in CHANGE_LEMMAS:
            return True
    return False


def _share_unit(left: _Num, right: _Num) -> None:
    """ "$10 to $15 billion", "eight or nine euros", "7- or 8-inch": left takes right's unit."""
    if right.multiplier > 1 and left.multiplier == 1 and left.kind in ("digits", "words"):
        base = Decimal(right.value) / right.multiplier  # type: ignore[arg-type]
        if Decimal(left.value) < base:  # type: ignore[arg-type]
            left.value = Decimal(left.value) * right.multiplier  # type: ignore[arg-type]
            left.multiplier = right.multiplier
    if left.unit_kind is None and right.unit_kind in ("currency", "percent", "measure", "age", "multiple"):
        left.unit, left.unit_kind = right.unit, right.unit_kind
    elif left.unit and right.unit and right.unit.startswith(left.unit + "/"):
        left.unit = right.unit  # "between $48,000 and $90,000 a year": the rate is shared


def _make_range(left: _Num, right: _Num, kind: str, between: re.Match[str] | None = None) -> None:
    """Merge ``left`` into ``right`` as ``[low, high]`` when their units agree."""
    if left.unit_kind is None and right.unit_kind is not None:
        _share_unit(left, right)
    if left.unit != right.unit and right.unit is not None:
        return
    if right.unit is None and left.unit is not None:
        return
    lo_v, hi_v = Decimal(left.value), Decimal(right.value)  # type: ignore[arg-type]
    if kind == "hyphen" and lo_v >= hi_v and left.unit is None:
        left.dropped = right.dropped = True  # "2-2", "9-2": a score, not a range
        return
    if kind == "to" and lo_v > hi_v and left.unit is None:
        return  # "52 to 48": a vote or score
    right.value = (min(lo_v, hi_v), max(lo_v, hi_v))
    right.is_int = left.is_int and right.is_int
    right.start = left.start
    right.span_start = (left.span_start - len(between.group())) if between else left.span_start
    right.qualifier = right.qualifier or left.qualifier
    right.is_range = True
    right.unit, right.unit_kind = right.unit or left.unit, right.unit_kind or left.unit_kind
    left.dropped = True


# --------------------------------------------------------------------------------------
# Step 6: qualifier and counted noun
# --------------------------------------------------------------------------------------


def _read_qualifier(text: str, num: _Num, lo: int, hi: int, doc: Doc | None = None) -> None:
    """The hedge before ("around 500") or after ("500 or more") the quantity.

    "up"/"down" count only as adverbs ("shares were up 3%"), not as verb particles
    ("gave up 517 yards").
    """
    if num.qualifier:
        num.span_start = min(num.span_start, num.start - 4)
        return
    start = num.span_start
    if start > 0 and text[start - 1] in SYMBOL_QUALIFIERS:
        num.qualifier = SYMBOL_QUALIFIERS[text[start - 1]]
        num.span_start = start - 1
        return
    m = _QUALIFIER_RE.search(text, max(lo, start - 24), start)
    if m and m.group("q").lower() in ("up", "down") and doc is not None:
        tok = _token_at(doc, m.start("q"))
        if tok is not None and tok.dep_ == "prt":
            m = None
    if m:
        num.qualifier = m.group("q").lower()
        num.span_start = m.start("q")
        return
    m = _POST_QUALIFIER_RE.match(text, num.span_end, hi)
    if m:
        num.qualifier = m.group("q").lower()
        num.span_end = m.end()


def _find_counted(doc: Doc, text: str, num: _Num, hi: int) -> None:
    """The counted noun: the nummod head, else the next noun, else an "of" phrase."""
    if num.unit_kind in ("measure", "currency", "age"):
        return
    span = doc.char_span(num.start, num.end, alignment_mode="expand")
    if span is None or not len(span):
        return
    last = span[-1]
    limit = hi
    counted: Token | None = None
    if num.unit_kind is None:
        counted = _counted_from_parse(span, limit) or _counted_after(doc, last, num, limit)
        if counted is None:
            counted = _counted_before_or(doc, span)
            if counted is not None and _measure_word(counted):
                num.unit, num.unit_kind = _measure_word(counted), "measure"  # "a week or two"
                return
    if counted is None and num.unit_kind in (None, "percent", "fraction"):
        counted = _counted_of(doc, text, num, limit)
        if counted is not None and num.unit_kind is not None and counted.tag_ not in ("NNS", "NNPS"):
            counted = None
    if counted is None:
        return
    if num.unit_kind is None and counted.i > last.i + 1 and _measure_word(counted):
        # "50 previous years", "one US fluid ounce": a measure with words in between
        num.unit, num.unit_kind = _measure_word(counted), "measure"
        num.span_end = max(num.span_end, counted.idx + len(counted.text))
        return
    num.counted = counted.text.lower()
    num.head = counted.i
    # The span reaches the counted noun, unless another number stands between them
    # ("40% of the 2.1 million residents"): quantities' spans never overlap.
    between = doc[last.i + 1:counted.i]
    if counted.idx + len(counted.text) > num.span_end and not any(
            _is_number_token(t) and not _is_model_number(t) for t in between):
        num.span_end = counted.idx + len(counted.text)
    num.counts_plural = counted.tag_ in ("NNS", "NNPS") and all(t.pos_ == "ADJ" for t in between)


def _describe_counted(doc: Doc, num: _Num) -> tuple[str | None, list[str], str | None]:
    """Rule *counted modifiers*: the counted noun's lemma, its modifiers and both as written.

    The modifiers are the words of the head noun's subtree to its left ("1,500 Jihadi
    fighters", "two of Johnson's deputies", "the top three seeds"). A word written with
    hyphens is one modifier ("first-team", "coal-fired", "gas-only"). Left out:
    determiners, pronouns, the possessive "'s", conjunctions, prepositions, adverbs,
    participles ("armed", "recorded"), words with digits ("250ml"), the quantity's own
    number and qualifier, and adjectives that describe the number rather than the thing
    (:data:`NUMBER_ADJECTIVES`: "a combined 435 homes").
    """
    if num.head < 0:
        return None, [], None
    head = doc[num.head]
    left = [t for t in head.subtree if t.i < head.i]
    if head.dep_ == "conj" and head.head.pos_ == "ADJ" and head.head.i < head.i:
        # "digital and physical sales": the first adjective heads the coordination
        left = sorted({*left, *(t for t in head.head.subtree if t.i < head.i)}, key=lambda t: t.i)
    groups: list[list[Token]] = []
    for tok in left:
        if num.span_start <= tok.idx < num.end or tok.tag_ == "POS":
            continue
        if groups and groups[-1][-1].i == tok.i - 1 and not groups[-1][-1].whitespace_:
            groups[-1].append(tok)
        else:
            groups.append([tok])
    words = [w for w in map(_modifier_word, groups) if w]
    lemma = head.lemma_.lower() if head.lemma_ else head.lower_
    if _is_model_plural(head):
        lemma = head.text[:-1]  # "Model 3s" counts Model 3
    return lemma, words, " ".join(words + [head.text])


def _modifier_word(group: list[Token]) -> str | None:
    """The modifier a run of tokens written without spaces makes, or None (see above)."""
    text = "".join(t.text for t in group)
    if len(group) == 1 and _is_model_word(group[0]):
        return text  # "A321", "737" in "two new 737 Max jets": a model's name
    if any(c.isdigit() for c in text) or not any(c.isalpha() for c in text):
        return None
    if len(group) > 1:  # "first-team", "coal-fired": kept whole when it is a hyphenated word
        parts = [t for t in group if t.tag_ != "HYPH"]
        return text.strip("-") if all(t.text[:1].isalpha() for t in parts) and "-" in text else None
    tok = group[0]
    if tok.pos_ not in ("ADJ", "NOUN", "PROPN") or tok.tag_ in ("VBN", "VBG"):
        return None
    if tok.lower_ in NUMBER_ADJECTIVES or tok.lower_ in _QUALIFIER_WORDS:
        return None
    return tok.text


_QUALIFIER_WORDS = frozenset(w for q in QUALIFIERS for w in q.split())


def _is_model_word(tok: Token) -> bool:
    """A model's name in a counted phrase: capitals and digits ("A321", "F-16"'s parts) or
    a model number (:func:`_is_model_number`)."""
    text = tok.text
    if text[:1].isupper() and any(c.isdigit() for c in text) and text.isalnum():
        return True
    return text.isdigit() and _is_model_number(tok)


def _find_whole(doc: Doc, text: str, num: _Num, hi: int) -> None:
    """Rule *whole*: what a percent or fraction is a part of.

    "93% of the city's territory" -> "the city's territory"; "half the condos" -> "the
    condos". The whole is the object of the "of" right after the quantity (or the noun
    phrase a fraction stands before), as written, up to its head noun; the quantity's
    span then reaches its end unless a number stands in between (spans never overlap).
    """
    if num.unit_kind not in ("percent", "fraction"):
        return
    tok = _token_from(doc, text, num.end if num.unit_kind == "fraction" else num.span_end)
    if tok is None or tok.idx >= hi:
        return
    noun: Token | None = None
    if tok.lower_ == "of":
        noun = next((c for c in tok.children if c.dep_ == "pobj"), None)
    elif num.unit_kind == "fraction" and tok.dep_ in ("det", "poss") and tok.head.pos_ in ("NOUN", "PROPN"):
        noun = tok.head
    if noun is None or noun.idx >= hi or noun.i - tok.i > 8:
        return
    first = tok if tok.lower_ != "of" else doc[tok.i + 1]
    end = noun.idx + len(noun.text)
    num.whole = text[first.idx:end]
    if not any(_is_number_token(t) for t in doc[first.i:noun.i]):
        num.span_end = max(num.span_end, end)
    if num.unit_kind == "fraction" and first.lower_ in ("a", "an", "the") \
            and not any(_is_number_token(t) for t in doc[first.i:noun.i]):
        share = _PERCENT_RE.fullmatch(text, first.idx + len(first.text), end)
        if share is not None and not share.group("pct"):  # "half a percentage point"
            num.unit, num.unit_kind = "percentage point" if share.group("pp") else "basis point", "percent"
            return
        if noun.lemma_.lower() == "point":  # "half a point": points counted, not a length
            num.unit, num.unit_kind, num.counted, num.head = None, None, noun.text.lower(), noun.i
            return
        measure = _measure_of_word(noun.lemma_.lower())
        if measure is not None:  # "1/16 of a pint", "half an hour": a part of a measure
            num.unit, num.unit_kind = measure, "measure"


#: Dimensions a fraction of a measure may have ("half a mile", "a quarter of an hour",
#: "1/16 of a pint"); a word pint reads otherwise ("bar" as pressure) is not a measure here.
_FRACTION_DIMENSIONS = frozenset({"[length]", "[length] ** 2", "[length] ** 3", "[mass]", "[time]"})


@lru_cache(maxsize=256)
def _measure_of_word(word: str) -> str | None:
    """The unit a plain word names, through pint, if of a dimension in :data:`_FRACTION_DIMENSIONS`."""
    unit = canonical_unit(word) if word.isalpha() and len(word) > 2 else None
    if unit is None:
        return None
    dimension = str(_registry().Unit(word).dimensionality)
    return unit if dimension in _FRACTION_DIMENSIONS else None


#: Dependency labels under which a quantity is the amount a verb of change moved by.
_CHANGE_DEPS = frozenset("dobj npadvmod advmod obj attr".split())


_LEVEL_BEFORE_RE = re.compile(r"(?<![\w])(?:to|from|at)\s+$", re.IGNORECASE)


def _read_change(doc: Doc, num: _Num) -> None:
    """Rule *amount of change*: "rose 5%", "lost 2.7 percent", "decreased by one-third".

    The quantity's root (its highest token) is the object or adverbial of a verb in
    :data:`UP_VERBS` / :data:`DOWN_VERBS`, or the object of "by" under one. A level
    reached or left ("to 3.65", "from 240") is not a change.
    """
    if num.previous is not None or _LEVEL_BEFORE_RE.search(text_of(doc), max(0, num.span_start - 6), num.span_start):
        return  # "fell to minus 12": the level reached
    span = doc.char_span(num.start, num.end, alignment_mode="expand")
    if span is None or not len(span):
        return
    root = span[-1]
    while root.head.i != root.i and num.span_start <= root.head.idx < num.span_end:
        root = root.head
    verb: Token | None = None
    if root.dep_ in _CHANGE_DEPS:
        verb = root.head
    elif root.dep_ == "pobj" and root.head.lower_ == "by":
        verb = root.head.head
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return
    lemma = verb.lemma_.lower()
    if lemma in UP_VERBS:
        num.change = "up"
    elif lemma in DOWN_VERBS:
        num.change = "down"


#: Words that bring an elided count or unit over from the quantity before ("435 homes
#: ... and 187", "up from 2.4 million", "compared with 63").
_ELLIPSIS_BEFORE_RE = re.compile(
    r"(?:\b(?:and|or|to|from|with|including|than|versus|vs\.?|against)|[,;])\s*$", re.IGNORECASE
)
#: How far back (characters) an elided unit is looked for.
ELLIPSIS_REACH = 60


def _restatement(text: str, num: _Num, nums: list[_Num], at: int) -> _Num | None:
    """The currency amount standing in parentheses right after ``num`` ("($16,000)"), if any."""
    if at + 1 >= len(nums):
        return None
    after = nums[at + 1]
    if after.unit_kind != "currency" or not re.fullmatch(r"\s?\(\s*", text[num.span_end:after.span_start]):
        return None
    return after


def _inherit_restated_currency(text: str, nums: list[_Num]) -> None:
    """Rule *parallel restatement*: "2,400,000 yen ($16,000) in March and 2,100,000
    ($14,000) in May": a bare number restated in another currency in parentheses is in
    the currency of the nearest earlier amount restated the same way."""
    for at, num in enumerate(nums):
        if num.unit is not None or num.kind != "digits" or (num.counted is not None and num.elided_from is None):
            continue
        restated = _restatement(text, num, nums, at)
        if restated is None:
            continue
        for back in range(at - 1, -1, -1):
            prev = nums[back]
            other = _restatement(text, prev, nums, back) if prev.unit_kind == "currency" else None
            if other is not None and other.unit == restated.unit and prev.unit != restated.unit:
                num.unit, num.unit_kind = prev.unit, "currency"
                num.counted, num.head, num.elided_from = None, -1, None
                break


def _inherit_units(doc: Doc, text: str, nums: list[_Num]) -> None:
    """Rule *ellipsis*: a bare number takes the unit or counted noun of the one before.

    "435 homes by open sale and 187 by tender", "rose 64.06 points to 4,577.10",
    "6 million homes, including 1.5 million in LA": the bare number follows a linking
    word (:data:`_ELLIPSIS_BEFORE_RE`) within :data:`ELLIPSIS_REACH` characters of the
    previous quantity, in the same sentence, with no other number between. A percent
    is not carried over ("fell 0.4 per cent to 13,176": the level is in points), nor a
    unit to a number that counts something of its own, nor one from inside or across
    parentheses ("2.2 billion shekels ($590 million) and 71 million").
    """
    for prev, num in zip(nums, nums[1:], strict=False):
        if num.unit is not None or num.counted is not None or num.kind not in ("digits", "words", "vague"):
            continue
        if prev.unit_kind in ("percent", "fraction", "multiple", "age") or (prev.unit is None and prev.counted is None):
            continue
        if num.span_start - prev.span_end > ELLIPSIS_REACH or num.span_start < prev.span_end:
            continue
        gap = text[prev.span_end:num.span_start]
        if not _ELLIPSIS_BEFORE_RE.search(gap) or any(c.isdigit() or c in "()" for c in gap):
            continue
        a, b = _token_at(doc, prev.start), _token_at(doc, num.start)
        if a is None or b is None or a.sent.start != b.sent.start:
            continue
        num.unit, num.unit_kind = prev.unit, prev.unit_kind
        if prev.unit is None:
            num.counted, num.head, num.elided_from = prev.counted, prev.head, prev


_AGED_BEFORE_RE = re.compile(r"\b(?:aged|ages|age of)\s+$", re.IGNORECASE)
#: Subjects whose "is N" is an age ("he will be 35", "life expectancy is 73").
_AGE_SUBJECTS = frozenset("he she i you we they age expectancy".split())


def _read_age(doc: Doc, text: str, num: _Num) -> None:
    """Rule *age*: "aged 18 to 34", "the age of 21", "he will be 35": years of age.

    A bare number (or one in years) after "aged" / "age of", or the complement of "be"
    whose subject is a person (a personal pronoun or a PERSON name) or an age.
    """
    if num.counted is not None or num.unit not in (None, "year") or num.kind not in ("digits", "words"):
        return
    values = num.value if isinstance(num.value, tuple) else (num.value,)
    if not all(0 < v < 130 for v in values):
        return
    if _AGED_BEFORE_RE.search(text, max(0, num.span_start - 12), num.span_start):
        num.unit, num.unit_kind = AGE_UNIT, "age"
        return
    if num.unit is not None or num.is_range:
        return
    if _is_apposed_age(doc, text, num):
        num.unit, num.unit_kind = AGE_UNIT, "age"
        return
    tok = _token_at(doc, num.start)
    if tok is None:
        return
    if tok.dep_ in ("attr", "acomp") and tok.head.lemma_ == "be":
        subject = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        if subject is not None and (subject.lower_ in _AGE_SUBJECTS or subject.ent_type_ == "PERSON"):
            num.unit, num.unit_kind = AGE_UNIT, "age"
            return
    if _is_age_level(doc, tok):
        num.unit, num.unit_kind = AGE_UNIT, "age"


#: Nouns whose level is an age ("life expectancy is around 73", "the retirement age will
#: rise to 67").
_AGE_NOUNS = frozenset({"age", "expectancy"})
#: Verbs that state a level ("is", "reached", "stands at"); verbs of change come from
#: :data:`CHANGE_LEMMAS`.
_LEVEL_VERBS = frozenset({"be", "reach", "hit", "stand", "remain"})


def _is_age_level(doc: Doc, tok: Token) -> bool:
    """Rule *age level*: the number is what an age is, or rises or falls to, read from the
    words before it ("is around 73", "will rise to 67"), whatever arc the parser drew
    for the number itself; the verb's subject is an age noun (:data:`_AGE_NOUNS`)."""
    k = tok.i - 1
    while k >= 0 and doc[k].lower_ in _QUALIFIER_WORDS:
        k -= 1
    if k >= 0 and doc[k].lower_ in ("to", "from", "at"):
        k -= 1
    if k < 0:
        return False
    verb = doc[k]
    if verb.lemma_.lower() not in _LEVEL_VERBS and verb.lemma_.lower() not in CHANGE_LEMMAS:
        return False
    head = verb.head if verb.dep_ in ("aux", "auxpass") else verb
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and subject.lemma_.lower() in _AGE_NOUNS


def _read_count_rate(doc: Doc, num: _Num) -> None:
    """Rule *count rate*: "27.4 points per game", "3,000 tests a day": the counted noun
    per a noun, or per a time after "a"/"an"; the unit becomes "point/game"."""
    if num.unit is not None or num.head < 0 or num.head + 2 >= len(doc):
        return
    head, joiner, per = doc[num.head], doc[num.head + 1], doc[num.head + 2]
    if joiner.lower_ == "per" and per.pos_ == "NOUN":
        denominator = per.lemma_.lower()
    elif joiner.lower_ in ("a", "an") and per.lower_ in RATE_TIME_WORDS:
        denominator = per.lower_
    else:
        return
    if num.head + 3 < len(doc) and doc[num.head + 3].lower_ in NOT_RATE_AFTER:
        return  # "210,643 contracts a week earlier"
    num.unit, num.unit_kind = f"{head.lemma_.lower()}/{denominator}", "measure"


_APPOSED_BEFORE_RE = re.compile(r"[\w.'’]\s*(?:,|\()\s*$")
_APPOSED_AFTER_RE = re.compile(r"\s*(?:,|\)|;|\.(?!\d)|$|[–—]|-\s)")


def _is_apposed_age(doc: Doc, text: str, num: _Num) -> bool:
    """Rule *age in apposition*: "Smith, 29, scored", "the defender, 23, in", "Jones (52)",
    "and Cudnik, 32 – were hurt".

    A bare whole number set off by commas (or brackets, or a dash after it) right after a name or a noun
    for a person, and not itself followed by a noun: the person's age.
    """
    if num.is_range or num.kind != "digits" or num.has_separator or num.qualifier or num.sign:
        return False
    if not _APPOSED_BEFORE_RE.search(text, max(0, num.span_start - 4), num.span_start):
        return False
    if not _APPOSED_AFTER_RE.match(text, num.span_end):
        return False
    tok = _token_at(doc, num.start)
    if tok is None or tok.i < 2:
        return False
    noun = doc[tok.i - 2]
    if tok.dep_ == "appos" and tok.head.i == noun.i and noun.text[:1].isupper():
        return True  # "Mills, 29, scored": a name the tagger took for a plural
    if noun.pos_ == "PROPN" or noun.ent_type_ == "PERSON":
        return noun.ent_type_ in ("", "PERSON", "NORP", "ORG") and not noun.like_num
    return noun.pos_ == "NOUN" and noun.tag_ == "NN" and _is_person_noun(noun)


def _is_person_noun(tok: Token) -> bool:
    """A noun for a person ("defender", "coach", "woman"): a person ending or a listed noun."""
    low = tok.lower_
    return low.endswith(_PERSON_SUFFIXES) or low in _PERSON_NOUNS


#: Endings of nouns for people ("defender", "chairman", "pianist", "employee").
_PERSON_SUFFIXES = ("er", "or", "man", "woman", "ist", "ee", "ian", "ant", "ent", "ess", "ive")
#: Nouns for people without such an ending.
_PERSON_NOUNS = frozenset("coach boy girl child mother father son daughter wife husband victim suspect "
                          "chief host pilot nurse judge priest mp senator".split())


def _measure_word(tok: Token) -> str | None:
    """The canonical unit when ``tok`` is a unit word of :data:`UNIT_TABLE` ("years", "ounce")."""
    m = _UNIT_GLUED_RE.fullmatch(tok.text)
    if m is None or m.lastgroup is None or UNIT_TABLE[int(m.lastgroup[1:])][2] != "w":
        return None
    return canonical_unit(_unit_expression(int(m.lastgroup[1:]), m.group(m.lastgroup)))


def _inherit_change(text: str, nums: list[_Num]) -> None:
    """Rule *restated change*: a quantity restated right after another changes the same way.

    After "or" an amount of change ("grew by 125,600 positions or 2.2 per cent", "up 0.25
    points, or 0.01%"); in parentheses a conversion keeps any label ("more than 100
    kilometers (60 miles)" is a lower bound in miles too).
    """
    for prev, num in zip(nums, nums[1:], strict=False):
        if num.change is not None or num.qualifier is not None:
            continue
        gap = text[prev.span_end:num.span_start]
        change = _change_of(text, prev)
        if _OR_RESTATED_RE.fullmatch(gap) and change in ("up", "down"):
            num.change = change
        elif _CONVERSION_RE.fullmatch(gap) and change != "=":
            num.change = change


_CONVERSION_RE = re.compile(r"\s*\(\s*")
_OR_RESTATED_RE = re.compile(r"\s*,?\s*or\s+")


def _is_number_token(tok: Token) -> bool:
    """A cardinal number token ("5", "five", "2.1"), not an ordinal like "first"."""
    return tok.tag_ == "CD" or tok.text[:1].isdigit()


def _is_countable(tok: Token) -> bool:
    """A noun that can be counted (not a month, weekday or symbol)."""
    return (
        tok.pos_ in ("NOUN", "PROPN")
        and (tok.text[:1].isalpha() or _is_model_plural(tok))
        and tok.lower_ not in _MONTH_WORDS
    )


_MODEL_PLURAL_RE = re.compile(r"\d+s")


def _is_model_plural(tok: Token) -> bool:
    """ "63,150 Model 3s": a model's number in the plural, after the model's name."""
    return bool(_MODEL_PLURAL_RE.fullmatch(tok.text)) and tok.i > 0 and tok.nbor(-1).pos_ == "PROPN" \
        and tok.nbor(-1).dep_ == "compound"


_MONTH_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)


def _counted_from_parse(span: Span, limit: int) -> Token | None:
    """The head of a ``nummod`` arc leaving the number, to its right."""
    doc = span.doc
    for tok in span:
        head = tok.head
        if tok.dep_ == "compound" and head.i > span[-1].i and head.dep_ == "nummod" and _is_model_number(head):
            tok, head = head, head.head  # "three more 787 Dreamliners": the model's number took the arc
        if tok.dep_ in ("nummod", "quantmod") and head.i > span[-1].i and head.idx < limit:
            if head.pos_ == "ADJ":  # "4.3M digital and physical sales": the adjective took the arc
                head = next((c for c in head.children if c.dep_ == "conj" and c.tag_ in ("NNS", "NNPS")), head)
            if head.i - span[-1].i <= 8 and _is_countable(head):
                nxt = doc[span[-1].i + 1]
                if head.tag_ == "NN" and nxt.i < head.i and nxt.dep_ == "compound" and nxt.tag_ == "NN":
                    return nxt  # "3 cylinder engine", "a five speed gearbox": the compound is counted
                return head
    return None


def _counted_before_or(doc: Doc, span: Span) -> Token | None:
    """Rule *a noun or two*: "another pick or two", "a week or two": the number after
    "or" counts the singular noun that "a", "an" or "another" brought just before."""
    tok = span[0]
    head = tok.head
    if len(span) != 1 or head.i != tok.i - 2 or doc[tok.i - 1].lower_ != "or" or head.i < 1:
        return None
    if doc[head.i - 1].lower_ in ("a", "an", "another") and head.tag_ == "NN" and _is_countable(head):
        return head
    return None


def _counted_after(doc: Doc, last: Token, num: _Num, limit: int) -> Token | None:
    """The first plural (else first) noun in the run of modifiers right after the number."""
    first_noun = None
    i = last.i + 1
    while i < len(doc) and i <= last.i + 4 and doc[i].idx < limit:
        tok = doc[i]
        if tok.idx < num.span_end:
            i += 1
            continue
        if tok.pos_ in ("NOUN", "PROPN") and _is_countable(tok):
            if tok.tag_ in ("NNS", "NNPS"):
                return tok
            first_noun = first_noun or tok
        elif tok.pos_ == "ADJ" or tok.tag_ == "HYPH" or (tok.pos_ == "VERB" and tok.tag_ == "VBN" and doc[i - 1].tag_ == "HYPH"):
            pass
        else:
            break
        i += 1
    return first_noun if first_noun is not None and first_noun.i == last.i + 1 else None


def _counted_of(doc: Doc, text: str, num: _Num, limit: int) -> Token | None:
    """ "a third of the Jihadi fighters", "60% of the workers", "two of his deputies"."""
    tok = _token_from(doc, text, num.span_end)
    if tok is None or tok.lower_ != "of" or tok.idx >= limit:
        return None
    for child in tok.children:
        if child.dep_ == "pobj" and _is_countable(child) and child.idx < limit and child.i - tok.i <= 6:
            if not any(t.pos_ == "PUNCT" and t.tag_ not in ("HYPH", "POS") for t in doc[tok.i + 1:child.i]):
                return child
    j = tok.i + 1
    while j < len(doc) and j <= tok.i + 5 and doc[j].idx < limit:
        if _is_countable(doc[j]) and doc[j].tag_ in ("NNS", "NNPS"):
            return doc[j]
        if doc[j].pos_ not in ("DET", "ADJ", "PROPN", "NOUN", "PART", "PRON", "NUM"):
            break
        j += 1
    return None


# --------------------------------------------------------------------------------------
# Step 7: years, dates and the pronoun "one"
# --------------------------------------------------------------------------------------


def _years(text: str, nums: list[_Num]) -> set[int]:
    """ids of the numbers that are years: "in 2016", "since 1990", "between 1600 and 1900".

    1900-2099 written without separators and without a unit is a year; 1000-1899 only
    after a year word ("in", "since", "A.D.") or right after another year ("and 1260").
    A year-like number right before a plural noun is a count ("2000 soldiers"), unless
    the noun is one years commonly modify ("2018 sales") or a year preposition stands
    before it ("in 2017 protesters gathered").
    """
    years: set[int] = set()
    previous: _Num | None = None
    for num in nums:
        if num.counts_plural and num.counted not in YEAR_NOUNS and not _after_year_word(text, num):
            previous = num
            continue
        if _is_year(text, num) or (
            previous is not None and id(previous) in years and _year_like_num(num)
            and _YEAR_JOIN_RE.fullmatch(text[previous.span_end:num.span_start])
        ):
            years.add(id(num))
        previous = num
    return years


def _after_year_word(text: str, num: _Num) -> bool:
    """Does a word that introduces years ("in", "since", "by") stand right before?"""
    prev = _WORD_BEFORE_RE.search(text, max(0, num.start - 12), num.start)
    return bool(prev and prev.group(1).lower() in YEAR_PREPOSITIONS)


_YEAR_JOIN_RE = re.compile(r"\s*(?:and|or|to|,|-|–)\s*", re.IGNORECASE)


def _year_like(value: Any, num: _Num) -> bool:
    """An integer written without separators between 1000 and 2099."""
    return num.is_int and not num.has_separator and num.multiplier == 1 and 1000 <= value <= 2099


def _year_like_num(num: _Num) -> bool:
    """A plain digit number (or range of them) that could be a year."""
    if num.unit_kind is not None or num.kind != "digits":
        return False
    values = num.value if isinstance(num.value, tuple) else (num.value,)
    return all(_year_like(v, num) for v in values)


def _is_year(text: str, num: _Num) -> bool:
    """Is this number (or range) a year by itself or by the word before it?"""
    if num.unit_kind is None and num.kind == "digits" and num.is_int and not num.has_separator:
        before = _WORD_BEFORE_RE.search(text, max(0, num.start - 12), num.start)
        if (before and before.group(1).lower() in _ERA_WORDS) or _ERA_AFTER_RE.match(text, num.span_end):
            return True  # "A.D. 900", "300 BC"
    if not _year_like_num(num):
        return False
    first = num.value[0] if isinstance(num.value, tuple) else num.value
    if first >= 1900:
        return True
    prev = _WORD_BEFORE_RE.search(text, max(0, num.start - 12), num.start)
    return bool(prev and prev.group(1).lower() in OLD_YEAR_CONTEXT)


_WORD_BEFORE_RE = re.compile(r"([A-Za-z.]+)\s*$")
_ERA_AFTER_RE = re.compile(r"\s?(?:BC|B\.C\.|BCE|AD|A\.D\.|CE)\b")


def _is_date_part(doc: Doc, num: _Num) -> bool:
    """A bare day number next to a weekday ("Wednesday 14") is a date."""
    if num.kind != "digits" or num.unit_kind is not None or num.is_range or not num.is_int or cast(Decimal, num.value) > 31:
        return False
    tok = _token_at(doc, num.start)
    if tok is None or tok.i == 0:
        return False
    return doc[tok.i - 1].lower_ in _MONTH_WORDS


def _is_pronoun_one(doc: Doc, text: str, num: _Num) -> bool:
    """ "no one", "the one in Syria", "one of the", "one day": "one" that counts nothing."""
    if num.kind != "words" or num.written.lower() != "one":
        return False
    if num.unit_kind is not None:
        # "one day the river will flood" is an idiom; "for one day" is a duration
        if num.unit not in ("day", "time", "year", "week", "month"):
            return False
        prev = _WORD_BEFORE_RE.search(text, max(0, num.span_start - 12), num.span_start)
        return not (prev and prev.group(1).lower() in DURATION_WORDS)
    tok = _token_at(doc, num.start)
    if tok is None:
        return True
    if tok.i > 0 and doc[tok.i - 1].lower_ in ONE_PRONOUN_BEFORE:
        return True
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ == "of" and _is_one_of_group(doc, num):
        return False
    if nxt is not None and nxt.lower_ in ("of", "another", "in", "out"):
        return True
    if num.counted is None or num.counted in ONE_IDIOM_NOUNS:
        return True
    return not (tok.dep_ == "nummod" and tok.head.i > tok.i)


def _is_one_of_group(doc: Doc, num: _Num) -> bool:
    """ "one of the students", "one of my local stores": one member of a group named by a
    plural noun counts one of that noun, as "two of the students" counts two ("one of
    them", "one of a kind" count nothing)."""
    if num.head < 0 or num.counted in ONE_IDIOM_NOUNS:
        return False
    return doc[num.head].tag_ in ("NNS", "NNPS")


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------


def _number(value: Decimal, is_int: bool, fraction: bool) -> int | float:
    """A JSON-friendly number: fractions to 6 decimals, integral values as int."""
    if fraction:
        return round(float(value), 6)
    if value == value.to_integral_value() and (is_int or abs(value) >= 1000):
        return int(value)
    return float(value)


def _change_of(text: str, num: _Num) -> str:
    """NewsQuant's change label: the qualifier's, else an amount of change, else a sign."""
    if num.change in ("~", ">", "<"):  # restated from the quantity before
        return num.change
    by_qualifier = QUALIFIER_CHANGE.get(num.qualifier or "", "=")
    if by_qualifier != "=":
        return by_qualifier
    if num.change:
        return num.change
    if num.sign and num.unit not in _LEVEL_UNITS:
        return "down" if num.sign == "-" else "up"
    return "="


#: Units whose signed value is a reading, not a change ("-5C", "minus 12 degrees").
_LEVEL_UNITS = frozenset({"°C", "°F", "degree"})


def _value_of(num: _Num) -> Any:
    """The record's value of a finished :class:`_Num`: a number, or ``[low, high]``."""
    fraction = num.kind == "fraction"
    if isinstance(num.value, tuple):
        return [_number(v, num.is_int, fraction) for v in num.value]
    return _number(-num.value if num.sign == "-" else num.value, num.is_int, fraction)


def _to_quantity(doc: Doc, text: str, num: _Num) -> Quantity:
    """Build the public record from a finished :class:`_Num`."""
    value = _value_of(num)
    start, end = num.span_start, num.span_end
    counted, modifiers, counted_text = (
        _describe_counted(doc, num.elided_from or num) if num.counted else (None, [], None))
    return Quantity(
        value=value, unit=unit_name(num.unit), counted=counted, qualifier=num.qualifier,
        span=(start, end), text=text[start:end], counted_text=counted_text, modifiers=modifiers,
        change=_change_of(text, num), whole=num.whole, vague=num.vague,
        previous=None if num.previous is None else _value_of(num.previous),
    )
