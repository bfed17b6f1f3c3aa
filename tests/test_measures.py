"""What each quantity measures (claimledger_measures), places (the gazetteer) and the
current figure of a thread. Every sentence here is invented."""
from __future__ import annotations

from datetime import date

import pytest

from claimledger.extract import claims_of_text
from claimledger.link.threads import INF, Figure, current_figures, places_meet
from claimledger.nlp.places import gazetteer, nests, place_key, resolve_names


def measures(text: str) -> dict[str, dict]:
    """quantity text -> its measure JSON (and ``implicit``), over every claim of ``text``."""
    out = {}
    for claim in claims_of_text(text, published="2021-05-04"):
        for q in claim.quantities:
            out[q.text] = {**(q.measure.to_json() if q.measure else {}), "implicit": q.implicit, "value": q.value}
    return out


@pytest.mark.parametrize(
    "text,quantity,concept,event",
    [
        ("Police said two people were killed in the crash.", "two people", "people", "killed"),
        ("Officials said three others were wounded near the depot.", "three others", "people", "injured"),
        ("The sheriff said the gunman shot and killed three people.", "three people", "people", "killed"),
        ("Police said six people were shot outside the club and one of them died.", "six people", "people", "shot"),
        ("Rescuers said the blast left 16 people injured.", "16 people", "people", "injured"),
        ("The envoy said only 1,500 fighters are left in the old town.", "only 1,500 fighters", "fighters", "remaining"),
        ("The ministry said 5,000 gunmen were supposed to leave the district.", "5,000 gunmen", "fighters", "remaining"),
        ("The council said 300 residents fled the valley.", "300 residents", "people", "displaced"),
        ("Police said 12 suspects were arrested after the raid.", "12 suspects", "suspects", "arrested"),
        ("Officials said more than 1,900 Norwegians have been killed.", "more than 1,900 Norwegians", "people", "killed"),
        ("Witnesses said the two victims killed in the shooting were brothers.", "two victims", "people", "killed"),
        # whom shots were aimed at: shot, whatever happened next in the sentence
        ("Police said a gunman opened fire on three people outside the bar, and one of them died.", "three people",
         "people", "shot"),
        ("A man suspected of opening fire on two officers, killing one, was arrested.", "two officers",
         "police officers", "shot"),
        # an approximate number, or a lower bound, fired at is a crowd: not those hit
        ("Police said two men opened fire on about 100 partygoers in the backyard.", "about 100 partygoers",
         "people", None),
        ("A gunman opened fire on more than 50 people at the party, wounding six.", "more than 50 people",
         "people", None),
        # words on the counted noun, a verb with its particle, a noun that names the event
        ("The Front said it still has 4,000 men under arms.", "4,000 men", "fighters", None),
        ("Witnesses said two armed men entered the bank.", "two armed men", "fighters", None),
        ("Police said two men were killed outside the bank.", "two men", "people", "killed"),
        ("The ministry said more than 600 fighters had laid down their arms.", "more than 600 fighters", "fighters", "surrendered"),
        ("Aid workers said 300 refugees arrived at the camp on Monday.", "300 refugees", "people", "displaced"),
    ],
)
def test_concept_and_event_come_from_the_parse(text, quantity, concept, event):
    found = measures(text)[quantity]
    assert (found["concept"], found["event"]) == (concept, event), found


@pytest.mark.parametrize(
    "text,quantity,concept,event",
    [
        ("The death toll from the flood rose to 72 on Wednesday, officials said.", "72", "people", "killed"),
        ("Medics put the toll at 58.", "58", "people", "killed"),
        ("The number of dead has risen to 89, the monitor said.", "89", "people", "killed"),
        ("The agency put the number of people killed at more than 100.", "more than 100", "people", "killed"),
        ("Police said the number of arrests had climbed to 42.", "42", "people", "arrested"),
        ("The number of injured climbed to 300, the ministry said.", "300", "people", "injured"),
        ("The council estimated the number of displaced at 20,000.", "20,000", "people", "displaced"),
        ("The council put the number of evacuees at more than 2,000.", "more than 2,000", "people", "evacuated"),
        ("The toll rose from 58 to 89 over the week.", "from 58 to 89", "people", "killed"),
        ("The death toll is 72, officials said.", "72", "people", "killed"),
        ("The death toll reached 72 after rescuers searched the site.", "72", "people", "killed"),
        # a toll noun read as the counted noun
        ("The army hit 200 targets, bringing to more than 4,500 the number of strikes.", "more than 4,500 the number",
         "strikes", None),
        # a figure a toll noun is not given: nothing said of what it counts
        ("The ministry puts the number at only 1,200.", "only 1,200", None, None),
        ("The toll rose after gunmen opened fire at 10 in the morning.", "10", None, None),
    ],
)
def test_a_figure_a_toll_is_said_to_be_counts_what_the_toll_counts(text, quantity, concept, event):
    found = measures(text)[quantity]
    assert (found["concept"], found["event"], found["not_measured"]) == (concept, event, None), found


@pytest.mark.parametrize(
    "text,quantity,concept,event",
    [
        ("Officials said 58 people were killed, among them 11 children and four women.", "11 children", "children", "killed"),
        ("Officials said 58 people were killed, among them 11 children and four women.", "four women", "people", "killed"),
        ("Medics put the death toll at 58, including 11 children.", "11 children", "children", "killed"),
        ("At least 20 people died, including two of the gunmen.", "two of the gunmen", "fighters", "killed"),
        ("Two people were killed and nine were injured, including three children.", "three children", "children", "injured"),
    ],
)
def test_a_part_counts_the_event_of_its_total(text, quantity, concept, event):
    found = measures(text)[quantity]
    assert found["part"] and (found["concept"], found["event"]) == (concept, event), found



@pytest.mark.parametrize(
    "text,quantity,reason",
    [
        ("Police said three victims, men ages 18, 21 and 35, were taken to hospital.", "21", "age"),
        ("Police said the shooting happened in the 2600 block of Harbour Road.", "2600 block", "address"),
        ("Prosecutors said he faces two counts of murder.", "two counts", "not a measure"),
        ("Photo: Image 1 of 6 Velmora police investigate a shooting.", "6 Velmora police", "numbering"),
        ("Police said five men between the ages of 21 and 58 were shot.", "58", "age"),
        ("Police said three of them are men in their 20's who were shot.", "20", "age"),
        ("Anyone with information should call Crime Stoppers at 822-1111, police said.", "822-1111", "telephone number"),
        ("Police said Dara Quill, 35, was shot, and her sons, 7 and 8, were wounded.", "35", "age"),
        ("Police said Dara Quill, 35, was shot, and her sons, 7 and 8, were wounded.", "8", "age"),
        ("Police named the two men killed as Ivo Brandt and Tomas Reyl, both 37.", "37", "age"),
        ("Police said Kell, who would have turned 15 in a few weeks, died.", "15", "age"),
        ("Police said Ivo Brandt, also 23, had shot him in the leg.", "23", "age"),
        ("Police said a 17 y/o girl was wounded.", "17 y/o", "age"),
        ("They were declared dead at the scene.[18] Police said two men were hurt.", "18", "reference"),
        ("The toll rose to 35.[4]", "4", "reference"),
        ("Police said a 1.5-y/o boy was wounded.", "1.5-y/o", "age"),
        ("Police said Dara Quill, 66 and Ivo Quill, 64 were found dead.", "66", "age"),  # the next name after "and"
        ("Police said Maria Quill, 66 and John Quill, 64 were found dead.", "64", "age"),  # a name's, before a verb
        ("Police said Ivo Brandt, 23 was shot in the leg.", "23", "age"),
        ("Police said Ivo Brandt, 23 – a cook – was shot.", "23", "age"),
        ("Her son found a 357 and shot his brother, police said.", "357", "model"),  # a gun named by its number
        ("Police said a teenage boy called 911 moments before dying.", "911 moments", "telephone number"),
    ],
)
def test_figures_no_thread_follows_are_marked(text, quantity, reason):
    assert measures(text)[quantity]["not_measured"] == reason


@pytest.mark.parametrize(
    "text,quantity,value",
    [
        ("Police said a 27-year-old man was shot and killed on Tuesday.", "a 27-year-old man", 1),
        ("Police said a woman was wounded and a man died at the scene.", "a man", 1),
        ("Officials said a boy and his uncle were wounded in the attack.", "a boy and his uncle", 2),
        ("Police in Dunmore County said a 7-year-old is dead after the shooting.", "a 7-year-old", 1),
        ("Police said the 10-year-old was shot by an adult in the house.", "the 10-year-old", 1),
        ("Officers said they found a 5-year-old girl suffering from a gunshot wound.", "a 5-year-old girl", 1),
        ("Police found a man and woman suffering from gunshot wounds, officials said.", "a man and woman", 2),
        ("Police said a man is dead after the shooting.", "a man", 1),
        ("Police said a 2-y/o boy was shot in the leg.", "a 2-y/o boy", 1),  # an age written short
    ],
)
def test_victims_named_without_a_number_are_counted(text, quantity, value):
    found = measures(text)[quantity]
    assert found["implicit"] and found["value"] == value


@pytest.mark.parametrize(
    "text,quantity,event",
    [
        # a complement of the verb that found or declared them
        ("Police said a teenage boy was found shot outside a store on Monday.", "a teenage boy", "injured"),
        ("Police said a man was found dead in his car on Friday.", "a man", "killed"),
        ("The victim was pronounced dead at the scene, police said.", "The victim", "killed"),
        # a participle with no auxiliary: its subject
        ("Officers found a man shot in the ankle outside the store, police said.", "a man", "injured"),
        # a reflexive: the subject
        ("Police said a man accidentally shot himself in the leg on Friday.", "a man", "injured"),
        # an event noun's "of"
        ("Police are investigating the shooting of a teenage girl on Elm Street.", "a teenage girl", "injured"),
        ("Police are investigating the death of a clerk at the depot.", "a clerk", "killed"),
        ("A clerk was shot on Friday, the first killing of a worker at the depot.", "a worker", "killed"),
        # a hospital condition
        ("Police said a 2-year-old boy is in critical condition at the hospital.", "a 2-year-old boy", "injured"),
    ],
)
def test_victims_read_from_complements_reflexives_nouns_and_conditions(text, quantity, event):
    found = measures(text)[quantity]
    assert found["implicit"] and found["value"] == 1 and found["event"] == event


@pytest.mark.parametrize("text,quantity,event", [
    ("Police said two people in the home were not hurt.", "two people", None),  # negated: nothing happened
    ("Police said two people were not injured in the crash.", "two people", None),
    ("Police said a man was fatally wounded in the shooting.", "a man", "killed"),
    ("Police said a man was mortally wounded in the shooting.", "a man", "killed"),
    ("Police said two people were hurt.", "two people", "injured"),
    ("Police said two people were not seriously hurt.", "two people", "injured"),
    ("Police said the man accused of trying to kill 2 officers was arrested.", "2 officers", None),  # only tried
    ("Police said the gunman killed 2 officers.", "2 officers", "killed"),
    ("Police said the gunman opened fire, killing one man and wounding three others.", "three others", "injured"),
])
def test_negated_and_fatal_events(text, quantity, event):
    assert measures(text)[quantity]["event"] == event


@pytest.mark.parametrize("text,quantity,event", [
    # no death anywhere in the article: the victims of a shooting survived
    ("Police said two men were shot outside a bar on Friday. Both are in stable condition.", "two men", "injured"),
    ("Police said a woman was shot in the leg on Monday.", "a woman", "injured"),
    ("Police said six people were shot outside the club.", "six people", "injured"),
    # a death denied is no death
    ("Two teenagers were shot on Elm Street, police said. No one was killed.", "Two teenagers", "injured"),
    ("Two teenagers were shot on Elm Street, police said. Nobody died.", "Two teenagers", "injured"),
    ("Police said six people were shot outside the club in a non-fatal shooting.", "six people", "injured"),
    # a death anywhere in the article keeps the shooting as it is
    ("Police said two men were shot outside a bar on Friday. One of them died at the hospital.", "two men", "shot"),
    ("A gunman shot three people at the mall before he was killed by officers.", "three people", "shot"),
    ("Police said four people were shot at a party. It was the city's third homicide this year.", "four people", "shot"),
    # other events are left as they are
    ("Police said 40 people were hurt in the crash.", "40 people", "injured"),
    ("Police said the gunman killed 2 officers.", "2 officers", "killed"),
])
def test_shooting_victims_survived_unless_the_article_reports_a_death(text, quantity, event):
    assert measures(text)[quantity]["event"] == event


@pytest.mark.parametrize("text,quantity,event", [
    ("4 shot at harbour party\n\nPolice said one of them died.", "4 shot", "shot"),  # a participle: people
    ("2 dead, 3 hurt in crash\n\nPolice said.", "2", "killed"),
])
def test_a_headline_number_before_a_casualty_word_counts_people(text, quantity, event):
    found = measures(text)[quantity]
    assert (found["concept"], found["event"]) == ("people", event)


@pytest.mark.parametrize("text,quantity", [
    ("Police said 4 shots were fired at the house.", "4 shots"),  # rounds, not people
    ("Police said 1 shot was fired.", "1 shot"),
])
def test_shots_fired_are_no_people(text, quantity):
    assert measures(text)[quantity]["not_measured"] == "not a measure"


@pytest.mark.parametrize("text,quantity,event", [
    # a gun is no event: the count is of whoever was near it
    ("Police said the woman was home with two young children when the gun went off.", "two young children", None),
    ("Police said three other children were in the car when the gun fired.", "three other children", None),
    # the verb is: "gunned down"
    ("Police said two men were gunned down outside a bar. One of them died.", "two men", "shot"),
])
def test_a_gun_names_no_event_unless_a_verb(text, quantity, event):
    assert measures(text)[quantity]["event"] == event


def test_no_one_hurt_counts_nobody():
    assert measures("Police said no one was hurt.") == {}


def test_one_victim_counts_for_each_thing_that_happened_to_them():
    text = "Police said a 13-year-old boy, accidentally shot by his cousin on Sunday, has died."
    events = sorted(
        q.measure.event for c in claims_of_text(text, published="2021-05-04") for q in c.quantities
        if q.implicit and q.measure is not None
    )
    assert events == ["killed", "shot"]


@pytest.mark.parametrize(
    "text",
    ["Police said the victims were taken to a hospital.", "Police said he was shot in the leg.",
     "Police said he shot himself.", "Police said the man was not found dead.", "No one is in critical condition.",
     "Police said the man was trying to shoot a clerk.",
     "A man suspected of opening fire on two officers, killing one, was arrested."],  # the man killed no one himself
)
def test_no_count_without_one_person_named(text):
    assert not any(m["implicit"] for m in measures(text).values())


@pytest.mark.parametrize("text,number,part", [
    ("Medics said that at least nine of the dead were children.", "at least nine", True),
    ("Police said two of them were officers.", "two", True),
    ("Police said four of its victims were killed.", "four of its victims", True),
    ("Police said two people were killed.", "two people", False),
])
def test_n_of_a_named_group_is_a_part(text, number, part):
    assert measures(text)[number]["part"] is part


def test_including_makes_a_part():
    found = measures("Officials said eleven people were killed, including three children.")
    assert found["three children"]["part"] and not found["eleven people"]["part"]


@pytest.mark.parametrize("text,quantity,value,event", [
    # a group of counted parts counts their sum (rule 9)
    ("Police said three men and two women were killed on Sunday.", "three men and two women", 5, "killed"),
    ("Police said two men and a woman were wounded in the crash.", "two men and a woman", 3, "injured"),
    ("Two boys and two girls were shot near the school, police said. One of them died.", "Two boys and two girls", 4, "shot"),
    # a shooting's dead and injured side by side count the people shot (rule 9b)
    ("Police said one man died and two others were injured in the shooting.", "one man died and two others", 3, "shot"),
    ("The shooting left two dead and three wounded, police said.", "two dead and three", 5, "shot"),
    ("A shooting at a party left a 16-year-old boy dead and three others injured.",
     "a 16-year-old boy dead and three others", 4, "shot"),
    ("Two men and a woman were killed and three others were wounded in the shooting.",
     "Two men and a woman were killed and three others", 6, "shot"),  # a group within the dead
])
def test_a_group_counts_the_sum_of_its_parts(text, quantity, value, event):
    found = measures(text)
    assert (found[quantity]["value"], found[quantity]["event"], found[quantity]["part"]) == (value, event, False)


@pytest.mark.parametrize("text,parts", [
    # the parts keep their own figures beside the total
    ("Police said three men and two women were killed on Sunday.", {"three men": 3, "two women": 2}),
    ("Police said one man died and two others were injured in the shooting.", {"one man": 1, "two others": 2}),
])
def test_the_parts_of_a_sum_keep_their_figures(text, parts):
    found = measures(text)
    assert {q: (found[q]["value"], found[q]["part"]) for q in parts} == {q: (v, False) for q, v in parts.items()}


@pytest.mark.parametrize("text,values", [
    # sides, nations and groups are counted apart
    ("Officials said 30 Norwegians and 12 Swedes were killed in the clashes.", [12, 30]),
    ("Officials said 30 Norwegian soldiers and 12 Swedish soldiers were killed in the clashes.", [12, 30]),
    ("The violence has killed 32 soldiers and three civilians.", [3, 32]),
    # a list run across a headline into the first sentence is no list
    ("Over 500 Civilians Killed in One Week\n\nAt least 545 people have been killed.", [500, 545]),
    # a count of things that are not people
    ("The hospital had recorded four deaths from gas poisoning and 55 injuries.", [4]),
])
def test_no_sum_of_sides_or_of_things(text, values):
    found = measures(text)
    assert sorted(m["value"] for m in found.values() if m.get("event") == "killed") == values


@pytest.mark.parametrize("text,key,expected", [
    # another value of the figure before it: "the figure", "that number", a count of it
    ("The ministry says more than 2,000 civilians were evacuated on Thursday. The relief agency, whose staff "
     "counted the passengers, puts the figure at 1,640.", "1,640", ("people", "evacuated")),
    ("The agency said 2,000 people had been evacuated. That figure is disputed by relief workers, who counted 1,640.",
     "1,640", ("people", "evacuated")),
    ("Police said three people were shot. Officers counted 30 shell casings. The figure was later raised to 4.",
     "4", ("people", "injured")),
    # the figure before it names nothing counted: nothing to take
    ("Officers counted 30 shell casings at the scene. The figure was later raised to 40.", "40", (None, None)),
    # a figure too far before it
    ("Three men were shot in Dayton. The mayor spoke. The council met. Schools closed. The count rose to 12.",
     "12", (None, None)),
    # a toll that says what it counts keeps it
    ("Three men were shot in Dayton. The number of arrests rose to 12.", "12", ("people", "arrested")),
    # the figure before it names what it counts, and no event
    ("Fenn says there are 4,000 fighters in the town. Care is needed. The ministry puts the number at only 1,200.",
     "only 1,200", ("fighters", None)),
    # rule 3d: the sentence before names what is counted, and states no figure
    ("The dispute over the number of fighters is starker still. The ministry says only 1,200 remain; the Front "
     "insists it has 4,000.", "4,000", ("fighters", None)),
    ("The dispute over the number of fighters is starker still. The ministry says only 1,200 remain in the town.",
     "only 1,200", ("fighters", "remaining")),
    ("Officials disagree on the number of people killed. Police say 5; the family says 7.", "7", ("people", "killed")),
    # a figure two sentences after it, or one with its own counted noun, keeps its own
    ("Officials disagree on the number of people killed. The mayor spoke. Police say 5.", "5", (None, None)),
    ("Officials disagree on the number of people killed. Police say 5 men were arrested.", "5 men", ("people", "arrested")),
])
def test_a_figure_named_again_counts_what_the_figure_before_it_counts(text, key, expected):
    found = measures(text)[key]
    assert (found.get("concept"), found.get("event")) == expected


@pytest.mark.parametrize("text,events", [
    # one victim first found wounded, then dead: the same noun, no number written
    ("Police arrived to find a child suffering from a gunshot wound. The child later died at the hospital.",
     ["killed", "killed"]),
    ("Police said a teenager was wounded in the shooting. The teenager died on Sunday.", ["killed", "killed"]),
    # someone else, another noun, or a figure written as a number
    ("A man was shot and killed on Main Street. Another man was wounded.", ["injured", "killed"]),
    ("A boy was killed and a girl was wounded.", ["injured", "killed"]),
    ("Two men were shot. A man died. The man was wounded in the leg.", ["injured", "killed", "shot"]),
])
def test_a_victim_wounded_then_dead_counts_once_as_dead(text, events):
    found = measures(text)
    assert sorted(m["event"] for m in found.values() if m.get("event")) == events


@pytest.mark.parametrize("text,shot", [
    ("A fire killed two people and injured five, officials said.", []),  # no shooting
    ("Police said four people were shot, one fatally, and two were killed in a crash later.", [4]),  # shot stated
    ("Police said two men and their dog were shot. One man died.", [2]),  # a part that is no person
    ("Police said two people were killed in one shooting and one in another, and three were hurt.", []),  # two tolls
])
def test_no_sum_without_a_group_or_a_shooting_toll(text, shot):
    found = measures(text)
    assert sorted(m["value"] for m in found.values() if m.get("event") == "shot") == shot


# ---------------------------------------------------------------------------- places


@pytest.mark.parametrize(
    "names,name,kind,path_start",
    [
        (["Dayton", "Ohio"], "Dayton", "city", ("US", "US.OH")),
        (["Springfield", "Illinois"], "Springfield", "city", ("US", "US.IL")),
        (["District Heights", "Maryland"], "Maryland", "admin1", ("US", "US.MD")),
        (["Tbilisi", "Georgia"], "Georgia", "country", ("GE",)),
        (["Georgia", "Atlanta"], "Georgia", "admin1", ("US", "US.GA")),
        (["Khan Shaykhun"], "Khan Shaykhun", "city", ("SY",)),
        (["Khan Sheikhoun"], "Khan Sheikhoun", "city", ("SY",)),
        (["Ocala", "Fla."], "Fla.", "admin1", ("US", "US.FL")),
        (["Preston", "Idaho"], "Preston", "city", ("US", "US.ID")),
        (["North Carolina"], "North Carolina", "admin1", ("US", "US.NC")),
        # a country's other names (country_names.toml) before a town spelt alike
        (["U.S.", "Orlando"], "U.S.", "country", ("US",)),
        (["US"], "US", "country", ("US",)),
        (["UK", "Leeds"], "UK", "country", ("GB",)),
        (["Britain"], "Britain", "country", ("GB",)),
        (["Burma"], "Burma", "country", ("MM",)),
        (["Palestine", "Texas"], "Palestine", "city", ("US", "US.TX")),
        # a town whose name is its own says where the article is; one of many small towns does not
        (["Kensington", "Philadelphia"], "Kensington", "city", ("US", "US.PA")),
        (["Kensington", "Philadelphia"], "Philadelphia", "city", ("US", "US.PA")),
        (["Springfield", "Philadelphia"], "Springfield", "city", ("US", "US.PA")),
        (["Jamaica", "Boston"], "Boston", "city", ("US", "US.MA")),
        # a state named beats a town's size
        (["Portland", "Maine"], "Portland", "city", ("US", "US.ME")),
        (["Portland", "Maine"], "Maine", "admin1", ("US", "US.ME")),
        # the countries the other names resolved to
        (["Douglas", "Georgia"], "Georgia", "admin1", ("US", "US.GA")),
        # a town's own name before a town once called so
        (["Augusta"], "Augusta", "city", ("US", "US.GA")),
        # a town ten times as populous as its namesakes is not moved abroad by one small name beside it
        (["Houston", "Castlereagh"], "Houston", "city", ("US", "US.TX")),
        (["Castlereagh", "Houston"], "Houston", "city", ("US", "US.TX")),
    ],
)
def test_gazetteer_resolves_names_by_their_neighbours(names, name, kind, path_start):
    place = resolve_names(names, gazetteer())[name]
    assert place.kind == kind and place.path[: len(path_start)] == path_start


@pytest.mark.parametrize(
    "a,b,meet",
    [
        (("SY", "SY.09", "167357"), ("SY",), True),  # a town and its country
        (("US", "US.OH", "4509884"), ("US", "US.OH"), True),  # a town and its state
        (("US", "US.OH", "4509884"), ("US", "US.MD"), False),
        ((), ("US",), False),
    ],
)
def test_places_nest_by_path(a, b, meet):
    assert nests(a, b) is meet


def test_place_key_folds_spellings():
    assert place_key("Khan-Sheikhoun") == place_key("khan sheikhoun")
    assert place_key("D.C.") == "dc"


def test_the_kept_gazetteer_loads_back_the_places_it_was_built_with(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    gazetteer.cache_clear()
    try:
        built = gazetteer(1000)
        assert list((tmp_path / "claimledger").glob("gazetteer-*.pickle"))
        gazetteer.cache_clear()
        loaded = gazetteer(1000)
        for name in ("Dayton", "Springfield", "Georgia", "Khan Sheikhoun", "Fla.", "Burma", "Zz"):
            assert loaded.lookup(name) == built.lookup(name)
        assert loaded.lookup("Springfield")[0] is loaded.lookup("springfield")[0]  # each place made once
    finally:
        gazetteer.cache_clear()


def test_thread_places_meet_when_they_nest_or_share_a_name():
    assert places_meet({"geo:SY/SY.09/167357"}, {"geo:SY"})
    assert not places_meet({"geo:US/US.OH/1"}, {"geo:US/US.MD/2"})
    assert places_meet({"eastern aleppo"}, {"eastern aleppo"})


@pytest.mark.parametrize("text,key,place", [
    # a compass word and "Side" or "End" name a part of a city, never a town called so elsewhere
    ("Police said four people were shot on the North Side on Sunday.", "four people", None),
    ("Police said two men were shot on the Far South Side.", "two men", None),
    ("Three men were wounded in a shooting in the East End.", "Three men", None),
    ("Police said four people were shot on the North Side of Minneapolis.", "four people", "Minneapolis"),
    ("Police said four people were shot in South Bend.", "four people", "South Bend"),  # a town's own name
])
def test_a_district_named_by_a_compass_word_is_no_town(text, key, place):
    found = measures(text)[key]["place"]
    assert (found and found["id"] and found["name"]) == place


def test_a_place_in_the_name_of_a_street_or_bridge_is_no_place():
    found = measures("He said the corridor across the Halden bridge opened as 1,200 fighters remain.")
    assert found["1,200 fighters"]["place"] is None


@pytest.mark.parametrize("text,names", [
    ("Three people were shot near 30th and Ute Ave in Lubbock.", ["Lubbock"]),  # a street word written short
    ("A man was shot at Fulton and North avenues in Baltimore.", ["Baltimore"]),  # two streets, one street word
    ("He was parked near South Maryland Parkway in Las Vegas.", ["Las Vegas"]),  # a state's name in a street's
    ("Two men were shot on Elm St. in Dayton.", ["Dayton"]),
    ("Two men were shot in Dayton and Springfield.", ["Dayton", "Springfield"]),  # two towns stay two places
    ("Two men were shot in St. Louis on Sunday.", ["St. Louis"]),  # "St." before a name is no street word
    # a place joined to a participle describes an actor, not where it happened
    ("US-led coalition strikes killed 21 civilians near Dayton.", ["Dayton"]),
    ("A London-based monitor said 12 people died in Dayton.", ["Dayton"]),
    ("Two men from Dayton were shot in Springfield.", ["Dayton", "Springfield"]),
    # a capitalised compass word: a part of a large city, else the first word of a name
    ("Two men were killed at a South Side protest.", ["South Side"]),
    ("Clashes in West Berlin continued.", ["western Berlin"]),
    # a word of a person's name, written alone, is that person ("Rivera told reporters")
    ("Maria Rivera said her son was shot. Rivera told reporters in Dayton that police had no suspects.", ["Dayton"]),
    ("Police named Ann Dayton as the victim. Two men were shot in Dayton.", ["Dayton"]),  # after "in": a place
    # a possessive is not part of the name
    ("Police said two men were shot in New Orleans' French Quarter.", ["New Orleans"]),
])
def test_the_places_an_article_names_leave_out_streets(text, names):
    from claimledger.nlp.measures import place_mentions
    from claimledger.nlp.pipeline import get_parser

    assert [m.name for m in place_mentions(get_parser()(text), gazetteer(1000))] == names


# ---------------------------------------------------------------------------- current figure


def figure(value, *, published, change="=", sources=("a",), series="count", implicit=False, weight=1.0, vague=False):
    low, high = {"=": (value * 0.98, value * 1.02), "~": (value * 0.8, value * 1.2), ">": (value, INF)}[change]
    high = INF if vague else high  # "dozens": from its value up
    return Figure(series, value, change, low, high, published, published, frozenset(sources), implicit=implicit,
                  weight=weight)


@pytest.mark.parametrize(
    "figures,value",
    [
        # a toll that rises: the latest day's figure
        ([figure(58, published=date(2017, 4, 4)), figure(72, published=date(2017, 4, 5), sources=("b",))], 72),
        # on one day, the figure more sources allow
        ([figure(86, published=date(2017, 4, 6), sources=("a",)), figure(87, published=date(2017, 4, 6), sources=("b",)),
          figure(40, published=date(2017, 4, 6), sources=("c",))], 87),
        # a stated value over a bound
        ([figure(58, published=date(2017, 4, 4), change=">", sources=("a",)),
          figure(60, published=date(2017, 4, 4), sources=("b",))], 60),
        # only bounds: the bound
        ([figure(58, published=date(2017, 4, 4), change=">")], 58),
        # a later "a woman was shot" (a count no number states) does not replace a stated total
        ([figure(4, published=date(2017, 4, 4)), figure(1, published=date(2017, 4, 5), sources=("b",), implicit=True)], 4),
        # only such counts: the latest
        ([figure(1, published=date(2017, 4, 5), implicit=True)], 1),
        # a later "dozens were killed" does not replace a stated toll; alone, it is the figure
        ([figure(85, published=date(2017, 4, 4)), figure(12, published=date(2017, 4, 6), sources=("b",), vague=True)], 85),
        ([figure(12, published=date(2017, 4, 6), vague=True)], 12),
        # two sources, one figure each: the larger, unless their outlets' reliability weighs them
        ([figure(80, published=date(2017, 4, 5)), figure(100, published=date(2017, 4, 5), sources=("b",))], 100),
        ([figure(80, published=date(2017, 4, 5), weight=0.9),
          figure(100, published=date(2017, 4, 5), sources=("b",), weight=0.2)], 80),
    ],
)
def test_current_figure_rule(figures, value):
    (current,) = current_figures(figures)
    assert current["value"] == value and current["rule"] == "latest-supported"


@pytest.mark.parametrize(
    "names,word,kept",
    [
        (["Side", "San Antonio"], "Side", True),  # a Turkish town of 10,000 people
        (["Control", "Detroit"], "Control", True),  # "El Control", a Mexican village
        (["Guadalajara", "Detroit"], "Guadalajara", False),  # a city of a million is a place wherever it is
    ],
)
def test_a_small_foreign_town_beside_other_places_is_a_word(names, word, kept):
    resolved = resolve_names(names, gazetteer())
    assert (word not in resolved) is kept and names[1] in resolved
