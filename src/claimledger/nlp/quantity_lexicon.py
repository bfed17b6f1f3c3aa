"""Word lists and unit tables that :mod:`claimledger.nlp.quantities` reads.

Data, not logic: extend freely. Each table says what it holds and how the rules use
it; the rules themselves live in :mod:`claimledger.nlp.quantities`.
"""
from __future__ import annotations

import re

#: Hedges and bounds written before a number; the qualifier is kept as these lower-cased
#: surface words. Longer entries win ("up to" before "up", "just under" before "just").
QUALIFIERS: tuple[str, ...] = (
    "only", "just", "exactly", "precisely", "barely", "merely",
    "around", "about", "approximately", "approx.", "roughly", "nearly", "almost", "some",
    "close to", "an estimated", "estimated", "circa", "an average of", "on average",
    "at least", "more than", "over", "above", "upwards of", "in excess of", "well over",
    "just over", "slightly more than", "no fewer than", "no less than", "not less than",
    "less than", "fewer than", "under", "below", "up to", "at most", "as many as",
    "as much as", "as few as", "as little as", "no more than", "not more than",
    "just under", "well under", "slightly less than", "a maximum of", "a minimum of",
    "up", "down",
)

#: Qualifiers that follow the number ("5,000 or more").
POST_QUALIFIERS: tuple[str, ...] = ("or more", "or fewer", "or less", "or so")

#: Symbols used as qualifiers, glued before the number ("~25", "<5", "≈32").
SYMBOL_QUALIFIERS: dict[str, str] = {"~": "~", "≈": "~", "<": "<", ">": ">", "≤": "<=", "≥": ">="}

SMALL_NUMBERS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
#: Scale words after a number ("4 hundred million", "2.5 billion", "two dozen").
SCALES: dict[str, int] = {
    "hundred": 100, "thousand": 1_000, "lakh": 100_000, "million": 1_000_000,
    "crore": 10_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000,
}
DOZEN = 12
#: Fraction denominators ("a third", "two-thirds", "three quarters").
FRACTION_WORDS: dict[str, int] = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
    "tenth": 10, "tenths": 10,
}
#: Multipliers glued to digits ("$8bn", "4.3M", "$50k"); "m" is decided in context.
SUFFIX_MULTIPLIERS: dict[str, int] = {
    "k": 1_000, "K": 1_000, "M": 1_000_000, "mn": 1_000_000, "mln": 1_000_000,
    "m": 1_000_000, "B": 1_000_000_000, "b": 1_000_000_000, "bn": 1_000_000_000,
    "tn": 1_000_000_000_000, "trn": 1_000_000_000_000,
}
#: Vague plurals ("dozens of", "thousands of") and the number ACLED codes for them: the
#: lowest the word allows. "tens of thousands" is 10 x 1,000, "hundreds of thousands"
#: 100 x 1,000.
VAGUE_NUMBERS: dict[str, int] = {
    "tens": 10, "dozens": 12, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000,
    "billions": 1_000_000_000, "trillions": 1_000_000_000_000,
}

# --------------------------------------------------------------------------------------
# Currencies, from the Unicode CLDR data that babel ships (ISO 4217 codes, English names
# and plurals, the symbols each country writes), plus the few news spellings CLDR lacks.
# --------------------------------------------------------------------------------------


def _cldr_currencies() -> tuple[dict[str, list[str]], dict[str, str], dict[str, str]]:
    """Currencies in use today: code -> territories, code -> English name, code -> plural.

    >>> _cldr_currencies()[1]["SEK"], _cldr_currencies()[2]["SEK"]
    ('Swedish Krona', 'Swedish kronor')
    """
    from babel import Locale
    from babel.core import get_global
    from babel.numbers import get_currency_name

    territories: dict[str, list[str]] = {}
    for territory, rows in get_global("territory_currencies").items():
        for row in rows:
            code, _start, end, tender = row[0], row[1], row[2], row[3] if len(row) > 3 else True
            if end is None and tender:
                territories.setdefault(code, []).append(territory)
    names = Locale("en").currencies
    active = {c: t for c, t in territories.items() if c in names}
    plurals = {c: get_currency_name(c, count=2, locale="en") for c in active}
    return active, {c: names[c] for c in active}, plurals


def _cldr_symbols(active: dict[str, list[str]]) -> dict[str, str]:
    """Symbols that name one currency: the English ones ("A$", "R$", "₹") and those each
    country's English locale writes ("R" in South Africa, "RM" in Malaysia); a symbol
    several currencies share ("$", "kr", "Rs") is left out."""
    from babel import Locale, localedata
    from babel.numbers import get_currency_symbol

    seen: dict[str, set[str]] = {}
    for code, symbol in Locale("en").currency_symbols.items():
        if code in active and symbol != code:
            seen.setdefault(symbol, set()).add(code)
    locales = set(localedata.locale_identifiers())
    for code, places in active.items():
        for place in places:
            if f"en_{place}" in locales:
                symbol = get_currency_symbol(code, locale=f"en_{place}")
                if symbol != code and symbol != "$":
                    seen.setdefault(symbol, set()).add(code)
    return {s: next(iter(c)) for s, c in seen.items() if len(c) == 1 and not s.endswith(".")}


def _unicode_signs(active: dict[str, list[str]], names: dict[str, str]) -> dict[str, str]:
    """Currency signs named by Unicode (``unicodedata``): "TURKISH LIRA SIGN" -> TRY,
    "HRYVNIA SIGN" -> UAH. A sign whose name fits several CLDR currencies ("RUBLE
    SIGN": Russian and Belarusian) goes to the one whose own country's locale writes
    it (ru_RU writes "₽"); signs that fit none in use ("FRENCH FRANC SIGN") or more
    than :data:`_SIGN_MAX_CANDIDATES` ("$", "£": news defaults decide) are left out."""
    import unicodedata

    from babel import localedata
    from babel.languages import get_official_languages
    from babel.numbers import get_currency_symbol

    locales = set(localedata.locale_identifiers())
    words_of = {code: name.lower().split() for code, name in names.items()}
    out: dict[str, str] = {}
    for point in range(0x20, 0x20D0):
        sign = chr(point)
        if unicodedata.category(sign) != "Sc":
            continue
        words = unicodedata.name(sign, "").lower().removesuffix(" sign").split()
        fits = [code for code, name in words_of.items() if words and all(w in name for w in words)]
        if 1 < len(fits) <= _SIGN_MAX_CANDIDATES:
            fits = [code for code in fits if any(
                get_currency_symbol(code, locale=f"{lang}_{place}") == sign
                for place in active[code] for lang in get_official_languages(place) if f"{lang}_{place}" in locales)]
        if len(fits) == 1:
            out[sign] = fits[0]
    return out


_SIGN_MAX_CANDIDATES = 3
_ACTIVE, _NAMES, _PLURALS = _cldr_currencies()

#: ISO 4217 codes of the currencies in use (CLDR), recognised before ("USD 5",
#: "EUR50m") or after ("110 JPY") a number; "RMB" is the renminbi's news code.
CURRENCY_CODES: frozenset[str] = frozenset(_ACTIVE) | {"RMB"}

#: Currency signs as some news feeds mangle them, glued before the number: "Y=28,030"
#: (yen), "PS6m" (pounds sterling).
MANGLED_CURRENCY_SIGNS: dict[str, str] = {"Y=": "JPY", "PS": "GBP"}

#: News spellings CLDR does not give, or gives to several currencies: the one a news
#: reader means ("$" alone is the US dollar, "Rs" the Indian rupee, "S$" Singapore's).
NEWS_CURRENCY_SIGNS: dict[str, str] = {
    "$": "USD", "US$": "USD", "U.S.$": "USD", "AU$": "AUD", "C$": "CAD", "S$": "SGD",
    "Rs": "INR", "Rs.": "INR", "£": "GBP",
}
#: CLDR letter symbols that more often begin a name or a model number ("P5", "E3",
#: "Le Monde"): not read as currencies.
NOT_CURRENCY_SIGNS: frozenset[str] = frozenset("P D E K T Le Ar Rf RF SR VT MK Nfk".split())
#: Currency signs written before the number (Unicode's currency signs by name, CLDR
#: symbols, and the news spellings).
CURRENCY_SIGNS: dict[str, str] = {
    s: c for s, c in {**_unicode_signs(_ACTIVE, _NAMES), **_cldr_symbols(_ACTIVE), **NEWS_CURRENCY_SIGNS}.items()
    if s not in NOT_CURRENCY_SIGNS
}
#: Letter signs written before the number ("R2.3bn", "RM79", "Rp 500"), kept apart so
#: that they are read only before digits and after a non-letter.
CURRENCY_ABBREVIATIONS: dict[str, str] = {
    s: c for s, c in CURRENCY_SIGNS.items() if s.replace(".", "").isalpha()
}

#: English names of currency words news uses beside CLDR's: "crowns" for the Nordic
#: and Czech crowns, "rouble", "renminbi", "sterling", "greenback".
CURRENCY_WORD_ALIASES: dict[str, tuple[str, ...]] = {
    "krona": ("crown",), "krone": ("crown",), "koruna": ("crown",), "ruble": ("rouble",),
}
#: A bare currency word that several currencies share, read as the one news means
#: ("dollars" -> US dollar, "rupees" -> Indian rupee).
NEWS_CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD", "rupee": "INR", "franc": "CHF", "ruble": "RUB", "rouble": "RUB",
    "riyal": "SAR", "dirham": "AED", "renminbi": "CNY", "sterling": "GBP",
    "pound sterling": "GBP", "us dollar": "USD", "u.s. dollar": "USD", "american dollar": "USD",
    "greenback": "USD", "yuan": "CNY", "kronor": "SEK", "shekel": "ILS", "new shekel": "ILS",
}
#: Bare currency words that are also common English words or units: never a currency
#: without the country ("won", "real", "mark", "pound", "dram").
NOT_BARE_CURRENCY: frozenset[str] = frozenset(
    "won real mark pound dram gold sol kip dong tala som leu lek dobra kina pula loti "
    "birr lari ariary denar taka".split()
)


def _currency_words() -> dict[str, str]:
    """Every English currency word, singular and plural, lower-cased -> ISO code.

    Full names ("swedish krona", "swedish kronor", "swedish crowns"), bare names that
    one currency has ("rand", "ringgit"), and :data:`NEWS_CURRENCY_WORDS`.
    """
    words: dict[str, str] = {}
    bare: dict[str, set[str]] = {}
    for code, name in _NAMES.items():
        singular, plural = name.lower(), _PLURALS[code].lower()
        forms = {singular, plural, singular + "s"}
        *country, last = singular.split()
        for alias in CURRENCY_WORD_ALIASES.get(last, ()):
            forms |= {" ".join(country + [alias]), " ".join(country + [alias + "s"])}
        if singular.endswith("ruble"):
            forms |= {singular.replace("ruble", "rouble"), singular.replace("ruble", "roubles")}
        for form in forms:
            words.setdefault(form, code)
        for form in {last, plural.split()[-1], last + "s"}:
            bare.setdefault(form, set()).add(code)
    for form, codes in bare.items():
        base = form[:-1] if form.endswith("s") and form[:-1] in bare else form
        if len(codes) == 1 and base not in NOT_BARE_CURRENCY:
            words.setdefault(form, next(iter(codes)))
    for word, code in NEWS_CURRENCY_WORDS.items():
        words[word] = code
        if not word.endswith(("s", "y")):
            words[word + "s"] = code
    for word in list(words):
        if word.split()[0] == "us" and not word.startswith("us dollar"):
            del words[word]
    return words


def _shared_currency_words() -> dict[str, frozenset[str]]:
    """Bare currency words several currencies share ("crowns", "kroner", "pesos",
    "dinars") -> their ISO codes; the words of :data:`NOT_BARE_CURRENCY` are left out."""
    shared: dict[str, set[str]] = {}
    for code, name in _NAMES.items():
        last, plural = name.lower().split()[-1], _PLURALS[code].lower().split()[-1]
        forms = {last, plural, last + "s"}
        for alias in CURRENCY_WORD_ALIASES.get(last, ()):
            forms |= {alias, alias + "s"}
        for form in forms:
            shared.setdefault(form, set()).add(code)
    return {
        form: frozenset(codes) for form, codes in shared.items()
        if len(codes) > 1 and form.rstrip("s") not in NOT_BARE_CURRENCY and form not in NEWS_CURRENCY_WORDS
        and form.rstrip("s") not in NEWS_CURRENCY_WORDS
    }


#: Bare currency words several currencies share -> their codes: read as a currency only
#: when the sentence names the country ("The Czech utility paid 1.2 billion crowns").
SHARED_CURRENCY_WORDS: dict[str, frozenset[str]] = _shared_currency_words()


def _territory_currencies() -> dict[str, frozenset[str]]:
    """English country names (CLDR, lower-cased: "sweden", "czechia") -> the currencies in use there."""
    from babel import Locale

    names = Locale("en").territories
    out: dict[str, set[str]] = {}
    for code, places in _ACTIVE.items():
        for place in places:
            if place in names:
                out.setdefault(names[place].lower(), set()).add(code)
    return {name: frozenset(codes) for name, codes in out.items()}


#: Country names -> currencies in use (CLDR through babel), for :data:`SHARED_CURRENCY_WORDS`.
TERRITORY_CURRENCIES: dict[str, frozenset[str]] = _territory_currencies()

def _dollar_territories() -> tuple[frozenset[str], dict[str, str]]:
    """The dollar currencies (CLDR names ending in "dollar") and, for each country using
    exactly one of them, its ISO 3166 code -> that dollar ("US" -> USD, "NZ" -> NZD)."""
    dollars = frozenset(code for code, name in _NAMES.items() if name.lower().endswith(" dollar"))
    used: dict[str, set[str]] = {}
    for code in dollars:
        for place in _ACTIVE[code]:
            used.setdefault(place, set()).add(code)
    return dollars, {place: next(iter(codes)) for place, codes in used.items() if len(codes) == 1}


#: Dollar currencies, and country codes -> the dollar in use there (CLDR), for a "$"
#: amount's country written after it ("$75 U.S.", "$20 NZ", "$5 CAD").
DOLLAR_CODES, DOLLAR_TERRITORIES = _dollar_territories()

#: Currency words after a number -> ISO code (:func:`_currency_words`), plus "cent" and
#: "pence", which are units of their own.
CURRENCY_WORD_CODES: dict[str, str] = {**_currency_words(), "cent": "cent", "cents": "cent", "pence": "pence"}
#: The same as (regex, code) pairs, longest first, for the pattern after a number.
CURRENCY_WORDS: tuple[tuple[str, str], ...] = tuple(
    (re.escape(w).replace(r"\ ", r"\s+"), c) for w, c in sorted(CURRENCY_WORD_CODES.items(), key=lambda x: -len(x[0]))
)
#: How a currency is named in a quantity's unit: CLDR's English name, lower-cased
#: ("japanese yen", "swedish krona"); the US dollar is "dollar", the British pound
#: "pound sterling" and the Israeli new shekel "shekel", as news and NewsQuant write them.
CURRENCY_NAMES: dict[str, str] = {
    **{c: n.lower() for c, n in _NAMES.items()}, "USD": "dollar", "GBP": "pound sterling", "ILS": "shekel",
    "RMB": "chinese yuan", "cent": "cent", "pence": "penny",
}

#: Measures: (pattern, pint expression, how it may attach to the number).
#: mode "w": a word, any case, after a space or hyphen or glued ("5 km", "five-year");
#: mode "s": a symbol, exact case, spaced or glued ("256 GB", "50mph");
#: mode "g": a symbol, exact case, glued only ("45g", "1.0l", "24h").
UNIT_TABLE: tuple[tuple[str, str, str], ...] = (
    # speed (before length, so "km/h" wins over "km")
    (r"mph|m\.p\.h\.?", "mile/hour", "w"), (r"km/h|kph|kmh|km/hr", "km/hour", "w"),
    (r"m/s", "m/s", "s"), (r"knots?", "knot", "w"), (r"mpg", "mile/gallon", "w"),
    # area (before length, so "square kilometres" wins over "kilometres")
    (r"square kilomet(?:re|er)s?|sq\.? ?km|square km", "km**2", "w"),
    (r"km2|km²", "km**2", "s"),
    (r"square met(?:re|er)s?|sq\.? ?m(?![a-z])|sqm", "m**2", "w"),
    (r"m2|m²", "m**2", "g"),
    (r"square miles?|sq\.? ?mi(?:les?)?", "mile**2", "w"),
    (r"square f(?:ee|oo)t|sq\.? ?ft", "foot**2", "w"),
    (r"hectares?", "hectare", "w"), (r"ha", "hectare", "s"), (r"acres?", "acre", "w"),
    # length
    (r"kilomet(?:re|er)s?|kms?", "kilometer", "w"),
    (r"centimet(?:re|er)s?", "centimeter", "w"), (r"cm", "centimeter", "s"),
    (r"millimet(?:re|er)s?", "millimeter", "w"), (r"mm", "millimeter", "s"),
    (r"micromet(?:re|er)s?|microns?", "micrometer", "w"), (r"[μµ]m", "micrometer", "s"),
    (r"nanomet(?:re|er)s?", "nanometer", "w"), (r"nm", "nanometer", "s"),
    (r"nautical miles?", "nautical_mile", "w"),
    (r"light[- ]years?", "light_year", "w"),
    (r"met(?:re|er)s?", "meter", "w"), (r"m", "meter", "g"),
    (r"C", "degC", "g"), (r"F", "degF", "g"),
    (r"miles?", "mile", "w"), (r"mi", "mile", "g"),
    (r"feet|foot|ft", "foot", "w"), (r"inch(?:es)?", "inch", "w"),
    (r"′", "foot", "g"), (r"″", "inch", "g"),  # the prime signs: 8,000′, 11″
    (r"'(?=[\s,.;:)]|$)", "foot", "g"),  # a typed prime: 42' long (not after an opening quote)
    (r"yards?|yds?", "yard", "w"),
    # volume
    (r"millilit(?:re|er)s?", "milliliter", "w"), (r"ml|mL", "milliliter", "s"),
    (r"lit(?:re|er)s?", "liter", "w"), (r"[lL]", "liter", "g"),
    (r"cubic met(?:re|er)s?", "m**3", "w"), (r"gallons?", "gallon", "w"),
    (r"barrels?", "barrel", "w"), (r"bbl", "barrel", "s"),
    # mass (torque first, so "lb-ft" is not read as "lb")
    (r"lb[- ]?ft|pound[- ]f(?:ee|oo)t", "foot*force_pound", "w"),
    (r"kilo(?:gram(?:me)?)?s?", "kilogram", "w"), (r"kgs?", "kilogram", "s"),
    (r"milligram(?:me)?s?", "milligram", "w"), (r"mg", "milligram", "s"),
    (r"microgram(?:me)?s?", "microgram", "w"), (r"[μµ]g", "microgram", "s"),
    (r"gram(?:me)?s?", "gram", "w"), (r"g", "gram", "g"),
    (r"tonnes?|metric tons?", "metric_ton", "w"), (r"tons?", "ton", "w"),
    (r"pounds?", "pound", "w"), (r"lbs?", "pound", "s"),
    (r"ounces?", "ounce", "w"), (r"oz", "ounce", "s"), (r"drams?", "dram", "w"),
    (r"carats?", "carat", "w"),
    # time
    (r"years?|yrs?", "year", "w"), (r"months?", "month", "w"), (r"weeks?", "week", "w"),
    (r"days?", "day", "w"), (r"hours?|hrs?", "hour", "w"), (r"h", "hour", "g"),
    (r"minutes?|mins?", "minute", "w"), (r"seconds?|secs?", "second", "w"),
    (r"decades?", "decade", "w"), (r"centur(?:y|ies)", "century", "w"),
    # power, energy, electricity
    (r"(?:kilo|mega|giga|tera)?watt[- ]hours?", "watt_hour", "w"),
    (r"[kMGT]?Wh", "watt_hour", "s"),
    (r"(?:kilo|mega|giga|tera)?watts?", "watt", "w"), (r"[kMGT]?W", "watt", "s"),
    (r"brake[- ]horsepower|bhp", "brake_horsepower", "w"), (r"horsepower|hp", "horsepower", "w"),
    (r"Nm|newton[- ]met(?:re|er)s?", "newton*meter", "w"),
    (r"(?:kilo)?calories?|kcal", "kilocalorie", "w"),
    (r"(?:kilo)?volts?", "volt", "w"), (r"[km]?V", "volt", "s"), (r"mAh", "milliampere_hour", "s"),
    # data
    (r"(?:kilo|mega|giga|tera|peta)bytes?", "byte", "w"), (r"[KMGTP]B", "byte", "s"),
    (r"[KMGT]bps|[KMGT]b/s", "bit/second", "s"),
    (r"(?:kilo|mega|giga)?hertz", "hertz", "w"), (r"[kKmMgG]?(?:[hH]z|HZ)", "hertz", "s"),
    # temperature, angle, sound, pressure, concentration
    (r"degrees? (?:celsius|centigrade|c)(?![a-z])|°\s?C|deg ?C|celsius", "degC", "w"),
    (r"degrees? fahrenheit|°\s?F|deg ?F|fahrenheit", "degF", "w"),
    (r"degrees?|°|deg", "degree", "w"),
    (r"decibels?|dB", "decibel", "w"),
    (r"(?:giga|mega|kilo)?pascals?", "pascal", "w"), (r"[kMG]Pa", "pascal", "s"),
    (r"psi", "psi", "w"), (r"parts per million|ppm", "ppm", "w"),
)

#: Per-game statistics of sports reports ("15.3 ppg"): abbreviation -> unit. pint does
#: not know these, so they are written out here.
STAT_UNITS: dict[str, str] = {
    "ppg": "point/game", "rpg": "rebound/game", "apg": "assist/game", "spg": "steal/game",
    "bpg": "block/game",
}
#: The unit of "N times" ("four times the number", "78,000 times a minute"): a multiple
#: or a count of occurrences.
TIMES_UNIT = "times"

#: pint units shown by name rather than by a cryptic symbol ("mi", "a", "d").
PREFER_NAME: frozenset[str] = frozenset(
    "mile inch foot yard year month week day hour minute second decade century gallon "
    "barrel ton acre knot degree dram ounce carat light_year nautical_mile".split()
)
#: Prefixes in word units, resolved to pint prefixes ("gigawatts" -> gigawatt).
WORD_PREFIXES = ("kilo", "mega", "giga", "tera", "peta")
#: Words after which a number stands for a negative value ("minus 12 degrees").
NEGATIVE_WORDS: tuple[str, ...] = ("minus", "negative")
#: Words after "a year" / "a month" that make it a time ago, not a rate ("3.4% a
#: month earlier").
NOT_RATE_AFTER: frozenset[str] = frozenset("ago earlier before later previously after back".split())
#: Time units allowed after "a"/"an" in a rate ("800,000 barrels a day").
RATE_TIME_WORDS: dict[str, str] = {
    "day": "day", "week": "week", "month": "month", "year": "year", "hour": "hour",
    "minute": "minute", "second": "second", "decade": "decade",
}

#: Words after which a capitalised number is part of a name ("Resolution 2254").
NAME_PREFIXES: frozenset[str] = frozenset(
    "resolution flight game chapter article section room route highway interstate unit "
    "phase stage level category no. no number # model series version apollo windows "
    "volume vol. episode season part platform gate terminal pier bus channel act bill "
    "proposition prop. amendment paragraph clause rule table figure fig. page".split()
)
#: Street words: "16-18 Industrial Avenue" is an address.
STREET_WORDS: frozenset[str] = frozenset(
    "street st st. avenue ave ave. road rd rd. boulevard blvd lane drive way place square "
    "court terrace".split()
)
#: Lemmas of verbs that make "from X to Y" a change of value, not a range.
CHANGE_LEMMAS: frozenset[str] = frozenset(
    "rise fall increase decrease grow shrink drop climb jump gain lose slip slide plunge "
    "tumble surge soar rally decline sink dip raise cut reduce boost lift lower expand "
    "narrow widen swell ease edge improve worsen balloon slump spike creep shift fell rose "
    "double triple halve advance retreat plummet collapse rocket skyrocket leap weaken "
    "strengthen recover".split()
)
#: Lemmas of verbs whose object (or "by" phrase) is an amount of change upwards
#: ("rose 5%", "grew by 125,600 positions") or downwards ("lost 2.7 percent",
#: "decreased by one-third").
UP_VERBS: frozenset[str] = frozenset(
    "rise increase grow climb jump gain surge soar rally raise boost lift expand widen swell "
    "improve spike double triple advance rebound balloon accelerate rocket skyrocket leap "
    "mushroom strengthen recover hike spiral escalate multiply appreciate".split()
)
DOWN_VERBS: frozenset[str] = frozenset(
    "fall decrease shrink drop lose slip slide plunge tumble decline sink dip cut reduce lower "
    "narrow ease slump retreat shed contract halve dive crash sag slash trim plummet collapse "
    "nosedive crater tank skid weaken erode depreciate dwindle diminish subside slacken "
    "contract".split()
)
#: Qualifiers (:data:`QUALIFIERS`, :data:`POST_QUALIFIERS`, :data:`SYMBOL_QUALIFIERS`) ->
#: NewsQuant's change label: "=" exact, "~" approximate, ">" lower bound, "<" upper bound,
#: "up" / "down" an amount of change.
QUALIFIER_CHANGE: dict[str, str] = {
    **dict.fromkeys(["only", "just", "exactly", "precisely", "merely", "as many as", "as much as",
                     "an average of", "on average"], "="),
    **dict.fromkeys(
        ["around", "about", "approximately", "approx.", "roughly", "nearly", "almost", "some",
         "close to", "an estimated", "estimated", "circa", "~", "barely", "or so"], "~"),
    **dict.fromkeys(
        ["at least", "more than", "over", "above", "upwards of", "in excess of", "well over",
         "just over", "slightly more than", "no fewer than", "no less than", "not less than",
         ">", ">=", "or more", "a minimum of"], ">"),
    **dict.fromkeys(
        ["less than", "fewer than", "under", "below", "up to", "at most", "no more than",
         "not more than", "just under", "well under", "slightly less than", "a maximum of",
         "as few as", "as little as", "sub", "<", "<=", "or less", "or fewer"], "<"),
    "up": "up", "down": "down",
}
#: Adjectives before a number that describe the number, not the counted thing ("a
#: combined 435 homes", "a whopping 54GB"): never kept as modifiers.
NUMBER_ADJECTIVES: frozenset[str] = frozenset(
    "combined total estimated additional further whopping mere full entire staggering "
    "reported record extra another overall cumulative net gross average".split()
)
#: Stock-market indices whose name holds a number ("S&P 500", "FTSE 100"): the word(s)
#: before the number, lower-cased, as a regex.
INDEX_NAMES = r"s\s?&?\s?p(?:/asx|/tsx)?|nasdaq|ftse|russell|stoxx|euro\s?stoxx|cac|dax|asx|nikkei|topix|kospi|ibex|aex|mib|omx"

#: Plural nouns a year often modifies ("2018 sales", "the 2016 elections").
YEAR_NOUNS: frozenset[str] = frozenset(
    "sales elections results levels figures earnings revenues profits losses accounts games "
    "olympics midterms polls protests riots attacks talks negotiations accords estimates "
    "forecasts numbers prices rates budgets models graduates championships finals "
    "playoffs standards rules guidelines census data".split()
)
#: Nouns with which "one" is an idiom, not a count ("one day", "at one point").
ONE_IDIOM_NOUNS: frozenset[str] = frozenset("day time point way thing another other".split())
#: Words before "one day" / "one year" that make it a duration, not an idiom.
DURATION_WORDS: frozenset[str] = frozenset(
    "for in within after than only just over about lasted lasting of nearly almost".split()
)
#: Words before "one" that make it a pronoun ("no one", "the one in Syria").
ONE_PRONOUN_BEFORE: frozenset[str] = frozenset(
    "no any every each the that this which someone anyone everyone little".split()
)
#: Words after which a 1900-2099 number is a year even before a plural noun.
YEAR_PREPOSITIONS: frozenset[str] = frozenset("in since by until till during before after".split())
#: Words before a 1000-1899 number that make it a year ("in 1916", "A.D. 1000").
OLD_YEAR_CONTEXT: frozenset[str] = frozenset(
    "in since circa c. ad a.d. bc b.c. ce bce until till year between".split()
)

MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
