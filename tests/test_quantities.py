"""Tests for claimledger.nlp.quantities, on invented sentences."""
from __future__ import annotations

import pytest
from spacy.tokens import Doc

from claimledger.nlp.quantities import (
    EXTENSION,
    FACTORY,
    canonical_unit,
    ensure_extensions,
    find_quantities,
    quantities_in,
    unit_name,
)
from claimledger.records import Quantity


def quantities(nlp, text: str) -> list[Quantity]:
    return find_quantities(nlp(text))


def only(nlp, text: str) -> Quantity:
    found = quantities(nlp, text)
    assert len(found) == 1, [q.to_json() for q in found]
    return found[0]


# sentence, value, unit, counted, qualifier, text
SINGLE = [
    # counts with the counted noun from the parse
    ("Officials said 2,300 armed fighters had left the district.", 2300, None, "fighter", None, "2,300 armed fighters"),
    ("The ministry says that only 1,200 rebel fighters remain in the town.", 1200, None, "fighter", "only", "only 1,200 rebel fighters"),
    ("After the assault, 37 villages were retaken by the army.", 37, None, "village", None, "37 villages"),
    ("Some 4,000 residents fled overnight.", 4000, None, "resident", "some", "Some 4,000 residents"),
    ("At least 40 people died in the blast.", 40, None, "people", "at least", "At least 40 people"),
    ("The agency counted more than 1,000 damaged homes.", 1000, None, "home", "more than", "more than 1,000 damaged homes"),
    ("Up to 5,000 troops could be deployed.", 5000, None, "troop", "up to", "Up to 5,000 troops"),
    ("Fewer than 20 journalists were allowed in.", 20, None, "journalist", "fewer than", "Fewer than 20 journalists"),
    ("Nearly 2 million refugees crossed the border.", 2000000, None, "refugee", "nearly", "Nearly 2 million refugees"),
    ("The camp holds approximately 650 families.", 650, None, "family", "approximately", "approximately 650 families"),
    ("A convoy of 5000 soldiers reached the city.", 5000, None, "soldier", None, "5000 soldiers"),
    ("We saw 2000 soldiers at the gate.", 2000, None, "soldier", None, "2000 soldiers"),
    ("Twenty-five men were detained.", 25, None, "man", None, "Twenty-five men"),
    ("They found three hundred boxes of ammunition.", 300, None, "box", None, "three hundred boxes"),
    ("She bought two dozen eggs.", 24, None, "egg", None, "two dozen eggs"),
    ("The council has 12 members.", 12, None, "member", None, "12 members"),
    ("Roughly 1.5 million people live there.", 1500000, None, "people", "roughly", "Roughly 1.5 million people"),
    ("The shelter took in 1\u202f200 children.", 1200, None, "child", None, "1\u202f200 children"),
    ("Over 3 000 families have fled since June.", 3000, None, "family", "over", "Over 3 000 families"),
    ("More than a quarter of a million people left.", 250000, None, "people", "more than", "More than a quarter of a million people"),
    ("Half a million people marched.", 500000, None, "people", None, "Half a million people"),
    ("The port handled two and a half million containers.", 2500000, None, "container", None, "two and a half million containers"),
    ("One man was arrested at the scene.", 1, None, "man", None, "One man"),
    ("Around 7,000 or more voters stayed home.", 7000, None, "voter", "around", "Around 7,000 or more voters"),
    # percentages
    ("Government forces now hold 87% of the old city.", 87, "percent", None, None, "87% of the old city"),
    ("Turnout fell to 41 per cent in the capital.", 41, "percent", None, None, "41 per cent"),
    ("Inflation reached 12.5 percent last month.", 12.5, "percent", None, None, "12.5 percent"),
    ("Unemployment is about 6pc in the region.", 6, "percent", None, "about", "about 6pc"),
    ("Rates rose by 25 basis points.", 25, "basis point", None, None, "25 basis points"),
    ("About 60% of the nurses went on strike.", 60, "percent", "nurse", "about", "About 60% of the nurses"),
    # fractions
    ("The rebel-held zone has shrunk by one-third.", 0.333333, "fraction", None, None, "one-third"),
    ("Officials believe a quarter of the militants – mostly foreigners – will surrender.", 0.25, "fraction", "militant", None, "a quarter of the militants"),
    ("Two-thirds of the voters backed the plan.", 0.666667, "fraction", "voter", None, "Two-thirds of the voters"),
    ("Half of the villages lack clean water.", 0.5, "fraction", "village", None, "Half of the villages"),
    ("Nearly three quarters of respondents agreed.", 0.75, "fraction", "respondent", "nearly", "Nearly three quarters of respondents"),
    ("Add 1/4 of the mix.", 0.25, "fraction", None, None, "1/4 of the mix"),
    # measures, kept as written and normalized through pint
    ("The enclave now covers 3.5 square kilometres.", 3.5, "km2", None, None, "3.5 square kilometres"),
    ("The town lies 40 km from the coast.", 40, "kilometre", None, None, "40 km"),
    ("The border post is 120 miles away.", 120, "mile", None, None, "120 miles"),
    ("The wall is 6 metres high.", 6, "metre", None, None, "6 metres"),
    ("The plot measures 450 sq m.", 450, "square metre", None, None, "450 sq m"),
    ("Winds reached 90mph overnight.", 90, "mile per hour", None, None, "90mph"),
    ("The truck carried 12 tonnes of flour.", 12, "metric ton", None, None, "12 tonnes"),
    ("The siege lasted 18 months.", 18, "month", None, None, "18 months"),
    ("The farm produces 2.4 GW of power.", 2.4, "gigawatt", None, None, "2.4 GW"),
    ("The phone has 512GB of storage.", 512, "gigabyte", None, None, "512GB"),
    ("Temperatures hit 41 degrees Celsius.", 41, "celsius", None, None, "41 degrees Celsius"),
    ("The tank holds 60 litres.", 60, "litre", None, None, "60 litres"),
    ("It went 30 km/h at most.", 30, "kilometre per hour", None, None, "30 km/h"),
    ("The chip is built on a sub-5 nm process.", 5, "nanometre", None, "sub", "sub-5 nm"),
    ("Shells landed about 2.5 miles from the base.", 2.5, "mile", None, "about", "about 2.5 miles"),
    # currencies (multipliers applied)
    ("The fund raised $5 million for the clinic.", 5000000, "dollar", None, None, "$5 million"),
    ("The deal is worth €2.5 billion.", 2500000000, "euro", None, None, "€2.5 billion"),
    ("The house sold for £300,000.", 300000, "pound sterling", None, None, "£300,000"),
    ("Losses reached $8bn.", 8000000000, "dollar", None, None, "$8bn"),
    ("The fine was US$1.2m.", 1200000, "dollar", None, None, "US$1.2m"),
    ("Each ticket costs 40 euros.", 40, "euro", None, None, "40 euros"),
    ("Bread now costs 2,000 Syrian pounds.", 2000, "syrian pound", None, None, "2,000 Syrian pounds"),
    ("The budget was cut by 3 billion dollars.", 3000000000, "dollar", None, None, "3 billion dollars"),
    ("The grant is EUR40m.", 40000000, "euro", None, None, "EUR40m"),
    ("Shares closed at 120 JPY.", 120, "japanese yen", None, None, "120 JPY"),
    ("It is a million dollar question.", 1000000, "dollar", None, None, "a million dollar"),
    ("Rent is $900 a month.", 900, "dollar per month", None, None, "$900 a month"),
    ("Oil output is 300,000 barrels a day.", 300000, "barrel per day", None, None, "300,000 barrels a day"),
    ("The offer was $12 per share.", 12, "dollar per share", None, None, "$12 per share"),
    # ranges
    ("Between 250 and 300 families returned.", [250, 300], None, "family", None, "Between 250 and 300 families"),
    ("Another 10-15 soldiers were wounded.", [10, 15], None, "soldier", None, "10-15 soldiers"),
    ("Prices climbed 5% to 10% this spring.", [5, 10], "percent", None, None, "5% to 10%"),
    ("The repairs will cost $10 to $15 million.", [10000000, 15000000], "dollar", None, None, "$10 to $15 million"),
    ("Four to five thousand people gathered.", [4000, 5000], None, "people", None, "Four to five thousand people"),
    ("Crowds of tens of thousands of protesters filled the square.", 10000, None, "protester", None, "tens of thousands of protesters"),
    ("Dozens of shops were looted.", 12, None, "shop", None, "Dozens of shops"),
    ("Wages range between $400 and $600 a month.", [400, 600], "dollar per month", None, None, "between $400 and $600 a month"),
    # ages and multiples
    ("A 65-year-old farmer was injured.", 65, "year of age", None, None, "65-year-old"),
    ("Exports grew sixfold.", 6, "fold", None, None, "sixfold"),
    # signs and adverbs
    ("Markets: DAX -1.4%, CAC +0.6%.", -1.4, "percent", None, None, "-1.4%"),
    ("The shares were down 4% at noon.", 4, "percent", None, "down", "down 4%"),
]


@pytest.mark.parametrize("text,value,unit,counted,qualifier,surface", SINGLE)
def test_quantity_fields(nlp, text, value, unit, counted, qualifier, surface):
    doc = nlp(text)
    found = [q for q in find_quantities(doc) if q.text == surface]
    assert found, [q.to_json() for q in find_quantities(doc)]
    q = found[0]
    assert q.value == pytest.approx(value)
    assert (q.unit, q.counted, q.qualifier) == (unit, counted, qualifier)
    assert doc.text[q.span[0]:q.span[1]] == q.text


# sentence, number as written that must not be a quantity
NOT_QUANTITIES = [
    ("The offensive began in 2016 and has not stopped.", "2016"),
    ("Nothing has changed since 1990 in the valley.", "1990"),
    ("Fighting resumed on December 14 near the airport.", "14"),
    ("The ceasefire expired on 14 Dec without a deal.", "14"),
    ("The vote was held in March 2019 after delays.", "2019"),
    ("The convoy left at 10:30 as planned.", "10"),
    ("The minister arrived at 10 am on Tuesday.", "10"),
    ("It was the 10th attempt at a truce.", "10"),
    ("The council adopted Resolution 2254 unanimously.", "2254"),
    ("Relatives of the Flight MH17 victims met in the morning.", "17"),
    ("Leaders of the G20 will meet next week.", "20"),
    ("He said no one had been told.", "one"),
    ("One of them later told the police.", "One"),
    ("The crisis is not like the one in the north.", "one"),
    ("One day the river will flood again.", "One"),
    ("Call the hotline at 555-123-4567 for help.", "555"),
    ("The 2014-15 season was cancelled.", "2014"),
    ("The 2014-15 season was cancelled.", "15"),
    ("Report dated 28-08-2016 from the north.", "28"),
    ("In 2016 300 families returned.", "2016"),
    ("Shelling hit the eastern half of the town.", "half"),
    ("Volunteers from COVID -19 wards joined the march.", "19"),
    ("The team lost the final 2-2 on aggregate.", "2"),
    ("The old V-6 engine was loud.", "6"),
    ("They released the iPhone 11 Pro last year.", "11"),
    ("The story appeared in Chapter 11 of the report.", "11"),
    ("The strikes breach resolutions 2118 and 2235 of the council.", "2118"),
    ("The strikes breach resolutions 2118 and 2235 of the council.", "2235"),
    ("The 2018 sales figures were revised.", "2018"),
    ("He spent a baker's dozen of hours waiting.", "dozen"),
    ("The visit came a third time in a month.", "third"),
    ("He scored in the first half of the game.", "half"),
    ("This is the twenty-first meeting.", "twenty"),
    ("Temples were built between A.D. 900 and 1150 in the valley.", "1150"),
    # dates, times, phone numbers, ordinals in names, stock indices
    ("The war started in 2011 and went on.", "2011"),
    ("Talks resume on 3 March in Geneva.", "3"),
    ("The curfew starts at 9:30 p.m. tonight.", "9"),
    ("Call +44 20 7946 0958 for details.", "20"),
    ("Call (555) 123-4567 for details.", "123"),
    ("The 10th Division attacked at dawn.", "10"),
    ("Troops of Brigade 47 entered the town.", "47"),
    ("The S&P 500 rose 0.2% after noon.", "500"),
    ("In the S P 500 utilities held up better.", "500"),
    ("The FTSE 100 closed higher.", "100"),
]


@pytest.mark.parametrize("text,written", NOT_QUANTITIES)
def test_not_a_quantity(nlp, text, written):
    doc = nlp(text)
    start = text.index(written)
    for q in find_quantities(doc):
        assert not (q.span[0] <= start < q.span[1]), q.to_json()


# sentence, the values in text order
EXACT = [
    ("A third of the gunmen – around 400 men – are foreign volunteers.", [0.333333, 400]),
    ("Fares fell from $3.50 to $2.80 after the subsidy.", [2.8]),
    ("Homes priced from $250,000 to $1 million sold quickly.", [[250000, 1000000]]),
    ("Buy eight or nine euros worth of bread.", [8, 9]),
    ("Pick the 7- or 8-inch screen.", [7, 8]),
    ("The board has five or six members.", [5, 6]),
    ("In 2015 and 2016 the town lost 3,000 jobs.", [3000]),
    ("No one knows how many of the 300 detainees are alive.", [300]),
]


@pytest.mark.parametrize("text,values", EXACT)
def test_values_in_order(nlp, text, values):
    found = quantities(nlp, text)
    assert [q.value for q in found] == [pytest.approx(v) for v in values]


# sentence, (value, unit) pairs that share a unit across "or" / a suspended hyphen
SHARED_UNITS = [
    ("It costs about 8 or $9.", [(8, "dollar"), (9, "dollar")]),
    ("Pick the 7- or 8-inch screen.", [(7, "inch"), (8, "inch")]),
    ("Buy eight or nine euros worth of bread.", [(8, "euro"), (9, "euro")]),
]


@pytest.mark.parametrize("text,pairs", SHARED_UNITS)
def test_shared_units(nlp, text, pairs):
    assert [(q.value, q.unit) for q in quantities(nlp, text)] == pairs


def test_counted_is_shared_across_or(nlp):
    found = quantities(nlp, "The board has five or six members.")
    assert [q.counted for q in found] == ["member", "member"]


def test_spans_are_doc_offsets_for_a_span(nlp):
    doc = nlp("Shelling went on. Then 300 civilians were moved out. Another 42 left.")
    sent = list(doc.sents)[1]
    found = find_quantities(sent)
    assert [q.text for q in found] == ["300 civilians"]
    q = found[0]
    assert doc.text[q.span[0]:q.span[1]] == "300 civilians"


def test_quantities_in_a_range(nlp):
    doc = nlp("Officials counted 120 wounded. Later 30 more arrived.")
    cut = doc.text.index("Later")
    assert [q.value for q in quantities_in(doc, 0, cut)] == [120]
    assert [q.value for q in quantities_in(doc, cut, len(doc.text))] == [30]


def test_component_sets_extension(nlp):
    ensure_extensions()
    ensure_extensions()  # a second call must not raise
    assert FACTORY in nlp.pipe_names
    assert nlp.get_pipe_meta(FACTORY).assigns == [f"doc._.{EXTENSION}"]
    doc = nlp("Some 600 people sheltered in 3 schools.")
    assert [(q.value, q.counted) for q in doc._.quantities] == [(600, "people"), (3, "school")]
    assert quantities_in(doc, 0, len(doc.text)) == doc._.quantities


def test_extension_defaults_to_none(nlp):
    ensure_extensions()
    doc = nlp.make_doc("5 boats")
    assert doc._.get(EXTENSION) is None
    assert Doc.has_extension(EXTENSION)


def test_unparsed_doc_still_finds_numbers(nlp):
    doc = nlp.make_doc("The fine was $400 and 15% of it is due.")
    assert [(q.value, q.unit) for q in find_quantities(doc)] == [(400, "dollar"), (15, "percent")]


def test_text_without_numbers(nlp):
    assert quantities(nlp, "Nobody came to the meeting.") == []


@pytest.mark.parametrize(
    "expression,symbol",
    [("km**2", "km2"), ("mile", "mile"), ("mile/hour", "mile/hour"), ("km/hour", "km/h"),
     ("liter", "L"), ("kilowatt_hour", "kWh"), ("degC", "°C"), ("not_a_unit", None)],
)
def test_canonical_unit(expression, symbol):
    assert canonical_unit(expression) == symbol


def test_values_are_json_friendly(nlp):
    for q in quantities(nlp, "Between 2.5 and 4 km, 1,000 people, a third of them, $3 million."):
        values = q.value if isinstance(q.value, list) else [q.value]
        assert all(type(v) in (int, float) for v in values)


# ---------------------------------------------------------------------------- as an analyst reads them

# sentence, the quantity's text, the fields it must have (the examples of the quantities issue)
ANALYST = [
    ("According to the envoy there are only 1,500 Jihadi fighters left in the east.", "only 1,500 Jihadi fighters",
     {"value": 1500, "unit": None, "counted": "fighter", "counted_text": "Jihadi fighters", "modifiers": ["Jihadi"],
      "qualifier": "only", "change": "="}),
    ("He says a third of the fighters – around 500 men – are hardcore fighters.", "around 500 men",
     {"value": 500, "counted": "man", "qualifier": "around", "change": "~"}),
    ("The area held by gunmen has decreased by one-third.", "one-third",
     {"value": pytest.approx(1 / 3, rel=1e-5), "unit": "fraction", "change": "down"}),
    ("At least 58 people were killed in the strike.", "At least 58 people",
     {"value": 58, "counted": "people", "qualifier": "at least", "change": ">"}),
    ("The new battery gives it between 252 and 287 miles of range.", "between 252 and 287 miles",
     {"value": [252, 287], "unit": "mile", "change": "="}),
    ("She bought two dozen eggs at the market.", "two dozen eggs", {"value": 24, "counted": "egg", "vague": False}),
    ("The Syrian army now controls 93% of the city's territory.", "93% of the city's territory",
     {"value": 93, "unit": "percent", "whole": "the city's territory", "counted": None}),
    ("Dozens of shops were looted overnight.", "Dozens of shops", {"value": 12, "counted": "shop", "vague": True}),
    ("Hundreds of families fled the town.", "Hundreds of families", {"value": 100, "counted": "family", "vague": True}),
    ("Tens of thousands of protesters filled the square.", "Tens of thousands of protesters",
     {"value": 10000, "counted": "protester", "vague": True}),
    ("Up to 5,000 troops could be deployed.", "Up to 5,000 troops", {"value": 5000, "qualifier": "up to", "change": "<"}),
    # modifiers: hyphenated words whole, possessors kept, number-describing adjectives and participles left out
    ("As many as 14 first-team players left the club.", "As many as 14 first-team players",
     {"counted": "player", "modifiers": ["first-team"]}),
    ("Two of Johnson's deputies were fired.", "Two of Johnson's deputies", {"counted": "deputy", "modifiers": ["Johnson"]}),
    ("The launches will offer a combined 435 homes.", "435 homes", {"counted": "home", "modifiers": []}),
    ("About 460 Kia and Hyundai vehicles were stolen.", "About 460 Kia and Hyundai vehicles",
     {"counted": "vehicle", "modifiers": ["Kia", "Hyundai"], "counted_text": "Kia Hyundai vehicles"}),
    # amounts of change
    ("Exports to China dropped 7% to $2.3 billion.", "7%", {"change": "down"}),
    ("Exports to China dropped 7% to $2.3 billion.", "$2.3 billion", {"change": "=", "unit": "dollar"}),
    ("Employment grew by 125,600 positions or 2.2 per cent.", "2.2 per cent", {"change": "up"}),
    ("The shares were down 4% at noon.", "down 4%", {"change": "down"}),
    ("The adult moths can fly more than 100 kilometers (60 miles).", "60 miles", {"change": ">"}),
    # elided counts and units
    ("They offer 435 homes by open sale and 187 by tender.", "187", {"counted": "home", "counted_text": "homes"}),
    ("The index rose 64.06 points to 4,577.10.", "4,577.10", {"counted": "point", "change": "="}),
    ("The index fell 0.4 per cent to 13,176.", "13,176", {"unit": None, "counted": None}),
    # ages, multiples, rates, mangled currency signs
    ("He will be 35 by the end of the year.", "35", {"unit": "year of age"}),
    ("It polled 60 per cent of men aged 18 to 34.", "18 to 34", {"value": [18, 34], "unit": "year of age"}),
    ("Bookings are four times the number of a year ago.", "four times", {"value": 4, "unit": "times"}),
    ("The stars spin nearly 78,000 times a minute.", "nearly 78,000 times a minute", {"unit": "times per minute", "change": "~"}),
    ("He averaged 15.3 ppg last season.", "15.3 ppg", {"unit": "point per game"}),
    ("Nintendo closed at Y=28,030 on Friday.", "Y=28,030", {"value": 28030, "unit": "japanese yen"}),
    ("It was a PS6m golden hello.", "PS6m", {"value": 6000000, "unit": "pound sterling"}),
    ("The section covers 50 previous years of work.", "50 previous years", {"unit": "year", "counted": None}),
]


@pytest.mark.parametrize("text,surface,fields", ANALYST)
def test_quantity_as_an_analyst_reads_it(nlp, text, surface, fields):
    found = [q for q in quantities(nlp, text) if q.text == surface]
    assert found, [q.to_json() for q in quantities(nlp, text)]
    got = found[0].to_json()
    assert {k: got[k] for k in fields} == fields


def test_change_labels_are_newsquant_vocabulary(nlp):
    text = "Around 500 men, at least 58 people, up to 5,000 troops, only 12 boats, and prices rose 3% while exports fell 2%."
    assert {q.change for q in quantities(nlp, text)} <= {"=", "~", ">", "<", "up", "down"}


def test_api_quantities_of_any_text():
    from claimledger import api

    found = api.quantities("Only 1,500 Jihadi fighters are left, around 500 of them hardcore.")
    assert [(q.value, q.counted, q.qualifier) for q in found][:1] == [(1500, "fighter", "only")]
    assert all(isinstance(q, Quantity) for q in found)


# Rules that hold on text the benchmarks never showed: currencies from CLDR (through
# babel), rates, ages in apposition, negatives, multipliers, change verbs, names.
GENERAL_RULES = [
    ("The miner was valued at R45bn after the deal.", "R45bn", {"value": 45000000000, "unit": "south african rand"}),
    ("The deal was worth 4.5 billion Swedish crowns.", "4.5 billion Swedish crowns", {"unit": "swedish krona"}),
    ("The fund held 900 billion Norwegian kroner.", "900 billion Norwegian kroner", {"unit": "norwegian krone"}),
    ("A ticket costs 250 rupees.", "250 rupees", {"unit": "indian rupee"}),
    ("The lender earned C$1.2 billion.", "C$1.2 billion", {"unit": "canadian dollar"}),
    ("Shares ended at R$28.40.", "R$28.40", {"value": 28.4, "unit": "brazilian real"}),
    ("The bill came to 12,000 forints.", "12,000 forints", {"unit": "hungarian forint"}),
    ("Crude rose to $52 a barrel.", "$52 a barrel", {"unit": "dollar per barrel"}),
    ("Gold traded at $1,920 an ounce.", "$1,920 an ounce", {"unit": "dollar per ounce"}),
    ("He signed for €6 million a season.", "€6 million a season", {"unit": "euro per season"}),
    ("Inflation eased from 3.4% a month earlier.", "3.4%", {"unit": "percent"}),
    ("She averaged 21.5 points per game.", "21.5 points", {"unit": "point per game"}),
    ("Mills, 29, scored twice.", "29", {"unit": "year of age"}),
    ("The coach, 64, signed on.", "64", {"unit": "year of age"}),
    ("Four were hurt: Ana Reyes, 24; and Tom Cole, 32 – all of them guests.", "32", {"unit": "year of age"}),
    ("The winger, 21 - a late signing - scored.", "21", {"unit": "year of age"}),
    ("Temperatures fell to minus 12 degrees Celsius.", "minus 12 degrees Celsius", {"value": -12, "unit": "celsius", "change": "="}),
    ("The gauge read -5C at dawn.", "-5C", {"value": -5, "unit": "celsius", "change": "="}),
    ("About 68m voters are eligible.", "About 68m voters", {"value": 68000000, "counted": "voter"}),
    ("The tower is 330m tall.", "330m", {"value": 330, "unit": "metre"}),
    ("Shares plummeted 40.8 per cent.", "40.8 per cent", {"change": "down"}),
    ("Sales skyrocketed 12%.", "12%", {"change": "up"}),
    ("Life expectancy fell by 1.3 years to 76.4 years.", "1.3 years", {"change": "down", "unit": "year"}),
    ("Revenue grew 8 per cent to Rs 38,318 crore.", "8 per cent", {"value": 8, "change": "up"}),
    # a "$" amount's country written after it
    ("The shares closed at $75 U.S. on the exchange.", "$75 U.S.", {"value": 75, "unit": "dollar"}),
    ("The contract is worth $40 million Canadian over five years.", "$40 million Canadian",
     {"value": 40000000, "unit": "canadian dollar"}),
    ("Pickers were paid $12 Australian an hour.", "$12 Australian an hour", {"unit": "australian dollar per hour"}),
    ("The fund bought a $5 billion Canadian pension portfolio.", "$5 billion", {"unit": "dollar"}),
    ("The ticket cost $20 NZ at the gate.", "$20 NZ", {"unit": "new zealand dollar"}),
    ("The bond pays $5 CAD a year.", "$5 CAD a year", {"unit": "canadian dollar per year"}),
    # a multiplier set off by a space, before a plural noun or "of"
    ("The app now has about 50 M users.", "about 50 M users", {"value": 50000000, "counted": "user"}),
    ("The planet will hold 9 B people.", "9 B people", {"value": 9000000000, "counted": "people"}),
    # a rate after a restatement in parentheses belongs to both amounts
    ("The levy brings in 9 billion rand ($480 million) a year.", "9 billion rand",
     {"unit": "south african rand per year"}),
    ("The levy brings in 9 billion rand ($480 million) a year.", "$480 million", {"unit": "dollar per year"}),
    # a bare amount restated like an earlier one is in that one's currency
    ("It sold for 2,400,000 yen ($16,000) in March and 2,100,000 ($14,000) in May.", "2,100,000",
     {"value": 2100000, "unit": "japanese yen"}),
    # the prime signs
    ("The climbers turned back at 8,000′ in the storm.", "8,000′", {"value": 8000, "unit": "foot"}),
    # a currency word several countries share, in a sentence that names the country
    ("The Czech utility paid 1.2 billion crowns for the plant.", "1.2 billion crowns", {"unit": "czech koruna"}),
    ("Sweden's central bank fined the lender 50 million crowns.", "50 million crowns", {"unit": "swedish krona"}),
    ("Officials in Mexico said the fine was 5 million pesos.", "5 million pesos", {"unit": "mexican peso"}),
    ("The king was given three crowns by the jewellers.", "three crowns", {"unit": None, "counted": "crown"}),
    # currency signs by their Unicode names
    ("The loan was ₺250 million.", "₺250 million", {"unit": "turkish lira"}),
    ("A litre cost ₽60 at the pump.", "₽60", {"unit": "russian ruble"}),
    ("The fine was ₴1,700.", "₴1,700", {"unit": "ukrainian hryvnia"}),
    ("Rice sold at ₦900 a kilo.", "₦900 a kilo", {"unit": "nigerian naira per kilogram"}),
    ("The ticket was ₾15.", "₾15", {"unit": "georgian lari"}),
    # a change with both levels written is one quantity: the level reached, and the one left
    ("Fares fell from $3.50 to $2.80 after the subsidy.", "from $3.50 to $2.80",
     {"value": 2.8, "previous": 3.5, "unit": "dollar", "change": "="}),
    ("Horsepower jumped from 240 to 273.", "from 240 to 273", {"value": 273, "previous": 240}),
    ("Inflation eased to 2.9% from 3.4% a month earlier.", "2.9% from 3.4%",
     {"value": 2.9, "previous": 3.4, "unit": "percent"}),
    ("Volume narrowed to 138,285 lots from 212,577 lots.", "138,285 lots from 212,577",
     {"value": 138285, "previous": 212577, "counted": "lot"}),
    ("The carmaker cut its workforce to 8,200 employees from 9,000.", "8,200 employees from 9,000",
     {"value": 8200, "previous": 9000, "counted": "employee"}),
    ("Its share slipped from 38% in 2019 to 31%.", "from 38% in 2019 to 31%", {"value": 31, "previous": 38}),
    ("Temperatures will fall from 30C on Monday to 22C.", "from 30C on Monday to 22C",
     {"value": 22, "previous": 30, "unit": "celsius"}),
    ("Fines range from $500 to $2,000.", "from $500 to $2,000", {"value": [500, 2000], "previous": None}),
    ("Waiting times grew by 12 minutes to 47 minutes.", "12 minutes", {"change": "up", "previous": None}),
    # a part of a percentage point, and of a point
    ("The bank raised its rate by half a percentage point.", "half a percentage point",
     {"value": 0.5, "unit": "percentage point"}),
    ("The index rose half a point.", "half a point", {"value": 0.5, "unit": None, "counted": "point"}),
    # coordinated adjectives the parser read as the head; a model's number in the plural
    ("Nearly two-thirds of the 4.3M digital and physical sales came from stores.", "4.3M digital and physical sales",
     {"counted": "sale", "modifiers": ["digital", "physical"]}),
    ("Tesla delivered 63,150 Model 3s in the quarter.", "63,150 Model 3s", {"counted": "3", "counted_text": "Model 3s"}),
    ("The airline will take three more 787 Dreamliners.", "three more 787 Dreamliners",
     {"value": 3, "counted": "dreamliner"}),
    # the level of an age noun is an age
    ("Life expectancy for men in the region is around 73.", "around 73", {"unit": "year of age"}),
    ("The retirement age will rise to 67 by 2030.", "67", {"unit": "year of age"}),
    ("Life expectancy for women reached 84.5.", "84.5", {"unit": "year of age"}),
    ("Sales rose to 67 last year.", "67", {"unit": None}),
    # a fraction of a measure is in that measure
    ("Add 1/16 of a US pint of cream.", "1/16 of a US pint", {"value": 0.0625, "unit": "pint"}),
    ("The farm lies half a mile from the road.", "half a mile", {"value": 0.5, "unit": "mile"}),
    ("The talks lasted three quarters of an hour.", "three quarters of an hour", {"unit": "hour"}),
    ("A fifth of a bar of chocolate was left.", "A fifth of a bar", {"unit": "fraction"}),
    # a rate after the measured thing ("of grain a day")
    ("The mill grinds 3 tonnes of grain a day.", "3 tonnes", {"unit": "metric ton per day"}),
    ("The donors pledged $5 billion of aid a year.", "$5 billion", {"unit": "dollar per year"}),
    ("Spending reached 3% of GDP a year ago.", "3% of GDP", {"unit": "percent"}),
    # compound and prefixed symbols through pint's parser
    ("Fine particles reached 180 µg/m3 in the capital.", "180 µg/m3", {"unit": "microgram per cubic metre"}),
    ("The river carried 5,000 m3/s at its peak.", "5,000 m3/s", {"unit": "cubic metre per second"}),
    ("Farmers harvested 7.5 t/ha of wheat.", "7.5 t/ha", {"unit": "metric ton per hectare"}),
    ("Workers received 20 mSv over the year.", "20 mSv", {"unit": "millisievert"}),
    ("Nitrate reached 60 mg/L in the wells.", "60 mg/L", {"unit": "milligram per litre"}),
    ("The minister met 4 EU envoys on Monday.", "4 EU envoys", {"unit": None, "counted": "envoy"}),
    # one member of a group named by a plural noun counts one, as "two of the" counts two
    ("It is one of the oldest bridges in the region.", "one of the oldest bridges",
     {"value": 1, "counted": "bridge", "modifiers": ["oldest"]}),
    ("It was one of the hardest winters.", "one of the hardest winters", {"value": 1, "counted": "winter"}),
    ("One of the victims was a nine-year-old girl.", "One of the victims", {"value": 1, "counted": "victim"}),
    # an elided noun: "a week or two", "another pick or two"
    ("The repairs should take a week or two.", "two", {"value": 2, "unit": "week"}),
    ("They may add another pick or two.", "two", {"value": 2, "counted": "pick"}),
    # brake horsepower and feet typed with an apostrophe
    ("The engine makes 510bhp.", "510bhp", {"unit": "brake horsepower"}),
    ("The boat is 42' long.", "42'", {"value": 42, "unit": "foot"}),
    ("He said 'I paid 30' and left.", "30", {"value": 30, "unit": None}),
    # a model's name inside a counted phrase
    ("The airline grounded two new 737 Max jets.", "two new 737 Max jets",
     {"value": 2, "counted": "jet", "modifiers": ["new", "737", "Max"]}),
    ("The carrier ordered 40 new A321 jets.", "40 new A321 jets", {"counted": "jet", "modifiers": ["new", "A321"]}),
    ("The channel showed 3 TV debates.", "3 TV debates", {"unit": None, "counted": "debate"}),
]


@pytest.mark.parametrize("text,surface,fields", GENERAL_RULES)
def test_general_rules(nlp, text, surface, fields):
    found = [q for q in find_quantities(nlp(text)) if q.text == surface]
    assert found, [q.to_json() for q in find_quantities(nlp(text))]
    got = found[0].to_json()
    assert {k: got.get(k) for k in fields} == fields


@pytest.mark.parametrize("text", [
    "The drug PLX-R18 is in trials.",
    "The council's Resolution 2254 calls for talks.",
])
def test_numbers_in_names_are_not_quantities(nlp, text):
    assert [q.text for q in find_quantities(nlp(text)) if q.unit or q.counted] == []


@pytest.mark.parametrize("unit,name", [
    ("USD", "dollar"), ("GBP", "pound sterling"), ("JPY", "japanese yen"), ("SEK/share", "swedish krona per share"),
    ("km/hour", "kilometre per hour"), ("m3", "cubic metre"), ("°C", "celsius"), ("percent", "percent"),
    ("km2", "km2"), ("point/game", "point per game"), (None, None),
])
def test_unit_names(unit, name):
    assert unit_name(unit) == name
