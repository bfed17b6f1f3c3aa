"""Attribution rules, one table row per rule: (text, expected claims).

Each expected claim gives kind, speaker (canonical), cue and a fragment of the
content; optional keys check role, other speakers, type and the local mention. The
sentences are ours, written for these tests.
"""
from __future__ import annotations

from datetime import date

import pytest

from claimledger.extract import claims_of_text

HEADLINE_COLON = "Port authority: 40 boats missing after the storm\n\nRescue teams searched the bay overnight."
HEADLINE_TRAILING = "Storm damage tops $2 million, insurers say\n\nThe storm hit the coast on Sunday."
HEADLINE_TITLE_CASE = "Storm Damage Tops $2 Million, Insurers Say\n\nThe storm hit the coast on Sunday."

CASES = [
    # indirect speech: "X says (that) ..."
    ("Minister Karl Brandt says that the bridge will reopen on Monday.",
     [{"kind": "indirect", "speaker": "Karl Brandt", "cue": "says", "content": "the bridge will reopen"}]),
    # several speakers on one claim
    ("The coastguard and the port authority say 40 boats left the harbour.",
     [{"kind": "indirect", "speaker": "coastguard", "speakers": ["coastguard", "port authority"], "cue": "say",
       "content": "40 boats left the harbour"}]),
    # coordinated that-clauses are separate claims
    ("The ministry says that the dam held and that no villages were flooded.",
     [{"kind": "indirect", "speaker": "ministry", "cue": "says", "content": "the dam held"},
      {"kind": "indirect", "speaker": "ministry", "cue": "says", "content": "no villages were flooded"}]),
    # "according to X, role, ..." with the role from the apposition
    ("According to Lena Ortiz, the mayor of Dunmore, the water supply is safe to drink.",
     [{"kind": "according_to", "speaker": "Lena Ortiz", "role": "mayor of Dunmore", "cue": "According to",
       "content": "the water supply is safe to drink"}]),
    # a person's role makes the speaker a person, whatever the entity recogniser says
    ("According to Arvid Kessler, the UN envoy to the valley, only 900 families remain.",
     [{"kind": "according_to", "speaker": "Arvid Kessler", "type": "person", "role": "UN envoy", "cue": "According to",
       "content": "only 900 families remain"}]),
    # "..., according to X"
    ("The water supply is safe to drink, according to the city council.",
     [{"kind": "according_to", "speaker": "city council", "cue": "according to", "content": "The water supply is safe"}]),
    # prepositional cue, with "in a statement" kept out of the speaker
    ("The relief agency in a statement speaks of a severe shortage of fuel in the valley.",
     [{"kind": "indirect", "speaker": "relief agency", "cue": "speaks of", "content": "a severe shortage of fuel"}]),
    # a cue inside a relative clause about "reports"
    ("There are reports – which the ministry says are false – that the dam has cracked.",
     [{"kind": "indirect", "speaker": "ministry", "cue": "says", "content": "that the dam has cracked"}]),
    # direct quotation split around its cue; the pronoun resolves to the named person
    ("Inspector Maya Lund spoke to reporters on Friday. \u201cThe roads are closed to all traffic,\u201d she said. "
     "\u201cNobody should travel tonight unless it is an emergency.\u201d",
     [{"kind": "direct", "speaker": "Maya Lund", "cue": "said", "content": "The roads are closed to all traffic"},
      {"kind": "direct", "speaker": "Maya Lund", "cue": "said", "content": "Nobody should travel tonight"}]),
    # a quotation opened with a straight mark and closed with a curly one, cue inverted
    ("\"The valley has never flooded this early in the year,\u201d said Ana Pike, a hydrologist.",
     [{"kind": "direct", "speaker": "Ana Pike", "cue": "said", "content": "The valley has never flooded this early"}]),
    # a cue followed by a colon: the rest of the paragraph is the content
    ("The governor added: The dam is safe. Nobody needs to leave the valley tonight.",
     [{"kind": "indirect", "speaker": "governor", "cue": "added", "content": "The dam is safe. Nobody needs to leave"}]),
    # an article ending on an abbreviated title: the parser may make its full stop a
    # subject, whose mention is empty once trimmed; that names nobody, and stops nothing
    ("\u201cThe units deployed are sufficient to recover the entire valley,\u201d said Maj.\n",
     [{"kind": "direct", "speaker": "Maj", "cue": "said", "content": "The units deployed are sufficient"}]),
    # a quotation paragraph with no cue: the previous paragraph introduced its speaker
    ("Here is what Tom Reyes had to say about the storm.\n\n"
     "\u201cWe have never seen a storm like this one in twenty years of fishing here.\u201d",
     [{"kind": "direct", "speaker": "Tom Reyes", "cue": None, "content": "We have never seen a storm"}]),
    # a definite description resolves to the speaker whose role holds the noun
    ("Lena Ortiz, the mayor of Dunmore, said the water was safe. The mayor added that the old pipes would be replaced.",
     [{"kind": "indirect", "speaker": "Lena Ortiz", "cue": "said", "content": "the water was safe"},
      {"kind": "indirect", "speaker": "Lena Ortiz", "cue": "added", "content": "the old pipes would be replaced"}]),
    # a surname resolves to the full name said before
    ("Lena Ortiz said the water was safe. Ortiz added that tests would continue all week.",
     [{"kind": "indirect", "speaker": "Lena Ortiz", "cue": "said", "content": "the water was safe"},
      {"kind": "indirect", "speaker": "Lena Ortiz", "cue": "added", "content": "tests would continue"}]),
    # "of" and a proper noun continue an institution's name
    ("The Ministry of Defence said that the northern bridge was open again.",
     [{"kind": "indirect", "speaker": "Ministry of Defence", "cue": "said", "content": "the northern bridge was open"}]),
    ("The Valley Observatory for Human Rights said that shelling resumed at dawn.",
     [{"kind": "indirect", "speaker": "Valley Observatory for Human Rights", "cue": "said", "content": "shelling resumed at dawn"}]),
    # unnamed sources are recorded as such
    ("Officials told reporters that 300 families had been moved to the school.",
     [{"kind": "indirect", "speaker": "officials", "type": "unnamed", "cue": "told", "content": "300 families had been moved"}]),
    # learned cues: positions and calls, with a preposition joining the cue
    ("The fishermen's association called for an immediate ban on river dredging.",
     [{"kind": "indirect", "speaker": "association", "cue": "called for", "content": "an immediate ban on river dredging"}]),
    ("The mayor wants to rebuild the old bridge before the winter.",
     [{"kind": "indirect", "speaker": "mayor", "cue": "wants", "content": "to rebuild the old bridge"}]),
    ("Senator Ruth Ames believes the levy will pass easily.",
     [{"kind": "indirect", "speaker": "Ruth Ames", "cue": "believes", "content": "the levy will pass easily"}]),
    # the cue is every word between the speaker and the content
    ("The harbour master has also questioned whether the new quay is safe.",
     [{"kind": "indirect", "speaker": "harbour master", "cue": "has also questioned", "content": "whether the new quay is safe"}]),
    ("The coastguard said at a briefing on Monday that 12 sailors were rescued.",
     [{"kind": "indirect", "speaker": "coastguard", "cue": "said at a briefing on Monday", "content": "12 sailors were rescued"}]),
    # ... but not a bare date on either side
    ("The coastguard said on Monday that 12 sailors were rescued.",
     [{"kind": "indirect", "speaker": "coastguard", "cue": "said", "content": "12 sailors were rescued"}]),
    ("The coastguard on Monday said 12 sailors were rescued.",
     [{"kind": "indirect", "speaker": "coastguard", "cue": "said", "content": "12 sailors were rescued"}]),
    # after a quotation, the cue runs on over how and where it was said, not when
    ("\u201cThe pier is safe,\u201d the mayor said firmly. \u201cNobody needs to worry.\u201d",
     [{"kind": "direct", "speaker": "mayor", "cue": "said firmly", "content": "The pier is safe"},
      {"kind": "direct", "speaker": "mayor", "cue": "said firmly", "content": "Nobody needs to worry"}]),
    ("\u201cThe pier is safe,\u201d the mayor said in a statement.",
     [{"kind": "direct", "speaker": "mayor", "cue": "said in a statement", "content": "The pier is safe"}]),
    # ... but not the listener
    ("The coastguard told reporters that 12 sailors were rescued.",
     [{"kind": "indirect", "speaker": "coastguard", "cue": "told", "content": "12 sailors were rescued"}]),
    # a transcript: the capitalised label speaks its line
    ("REYES: The storm surge reached the second floor.\nLUND: Nobody was hurt in the old town.",
     [{"kind": "direct", "speaker": "REYES", "cue": ":", "content": "The storm surge reached the second floor"},
      {"kind": "direct", "speaker": "LUND", "cue": ":", "content": "Nobody was hurt in the old town"}]),
    # ... but a page label is no speaker
    ("UPDATE: The storm surge reached the second floor overnight.", []),
    ("EDITOR\u2019S NOTE: This story has been corrected to fix the harbour's name.", []),
    # a claim noun with its holder and a "that" clause
    ("The minister rejected the union's claim that the bridge was unsafe.",
     [{"kind": "indirect", "speaker": "minister", "cue": "rejected", "content": "the union's claim that the bridge"},
      {"kind": "indirect", "speaker": "union", "cue": "claim", "content": "that the bridge was unsafe"}]),
    # the outlet naming itself speaks in its own voice
    ("Harbour Times understands that 40 boats are still missing.", []),
    # a cue under a preposition borrows the subject of the verb it completes
    ("The mayor responded by saying that the bridge will reopen on Monday.",
     [{"kind": "indirect", "speaker": "mayor", "cue": "saying", "content": "that the bridge will reopen"}]),
    # the agent of a passive speaks; an impersonal "it" does not
    ("The ceasefire plan has been endorsed by the regional council.",
     [{"kind": "indirect", "speaker": "regional council", "cue": "has been endorsed by", "content": "The ceasefire plan"}]),
    ("It seems that the convoy was turned back at the bridge.", []),
    # the channel of a learned cue is not its content
    ("Councillor Ana Ruiz said in a phone interview.", []),
    # a relative pronoun is the local mention; the speaker is its antecedent
    ("Critics include Tom Reyes, who argues that the bridge is unsafe.",
     [{"kind": "indirect", "speaker": "Tom Reyes", "mention": "who", "cue": "argues", "content": "that the bridge is unsafe"}]),
    # the local mention keeps an age and a report's date, as PolNeAR marks sources
    ("Edna Vail, 82, said the ferry had never been late.",
     [{"kind": "indirect", "speaker": "Edna Vail", "mention": "Edna Vail, 82", "cue": "said",
       "content": "the ferry had never been late"}]),
    ("A survey released last week found that most riders want a second ferry.",
     [{"kind": "indirect", "speaker": "survey", "mention": "A survey released last week", "cue": "found",
       "content": "most riders want a second ferry"}]),
    ("Few ferries sailed after the union's claim that the pier is unsafe.",
     [{"kind": "indirect", "speaker": "union", "mention": "the union's", "cue": "claim", "content": "the pier is unsafe"}]),
    # a position taken on someone: a name alone is content enough
    ("The dockers union has endorsed Reyes.",
     [{"kind": "indirect", "speaker": "dockers union", "cue": "has endorsed", "content": "Reyes"}]),
    ("The minister did not suggest retaliation.",
     [{"kind": "indirect", "speaker": "minister", "cue": "did not suggest", "content": "retaliation"}]),
    # a quotation signed with a dash and a name
    ("Readers wrote to us.\n\n\u201cThe bridge must reopen before the winter comes.\u201d \u2015 Carla Sanchez\n",
     [{"kind": "direct", "speaker": "Carla Sanchez", "cue": "\u2015", "content": "The bridge must reopen"}]),
    # a subject is borrowed along a chain of coordinated verbs
    ("The mayor visited the harbour, praised the crews and blamed the storm damage on the port authority.",
     [{"kind": "indirect", "speaker": "mayor", "cue": "praised", "content": "the crews"},
      {"kind": "indirect", "speaker": "mayor", "cue": "blamed", "content": "the storm damage on the port authority"}]),
    # quotations written with two apostrophes, continued after the cue sentence
    ("''The bridge will reopen on Monday,'' the mayor said. ''After that we rebuild the pier.''",
     [{"kind": "direct", "speaker": "mayor", "cue": "said", "content": "The bridge will reopen on Monday"},
      {"kind": "direct", "speaker": "mayor", "cue": "said", "content": "After that we rebuild the pier."}]),
    # a quotation right after the sentence of an indirect claim's trailing cue goes on with it
    ("The repairs are \u201cfar behind schedule,\u201d says Tom Reyes, the harbour master. \u201cWe need another month at least.\u201d",
     [{"kind": "indirect", "speaker": "Tom Reyes", "cue": "says", "content": "The repairs are"},
      {"kind": "direct", "speaker": "Tom Reyes", "cue": "says", "content": "We need another month at least."}]),
    # a cue set off inside its content: the content is the whole sentence around it
    ("The museum, Mr. Obama said, would make visitors face uncomfortable truths.",
     [{"kind": "indirect", "speaker": "Obama", "cue": "said",
       "content": "The museum, Mr. Obama said, would make visitors face uncomfortable truths"}]),
    # a hyphen inside a word is no dateline dash
    ("According to a 12-page report by the port authority, 40 boats are still missing.",
     [{"kind": "according_to", "speaker": "12-page report", "cue": "According to", "content": "40 boats are still missing"}]),
    # an "apposition" that would leave no content is the content, misparsed
    ("According to talk radio host Tom Reyes, the move reeks of fear and desperation.",
     [{"kind": "according_to", "speaker": "Tom Reyes", "cue": "According to", "content": "the move reeks of fear"}]),
    # after a colon the cue before the quotation speaks it; the verb after makes its own claim
    ("In a statement, the port authority said: \u201cThe harbour will reopen on Monday,\u201d adding that the pier needs repairs.",
     [{"kind": "direct", "speaker": "port authority", "cue": "said", "content": "The harbour will reopen on Monday"},
      {"kind": "indirect", "speaker": "port authority", "cue": "adding", "content": "that the pier needs repairs"}]),
    # words that are cues in other frames are not cues here
    ("The minister went to the harbour on Monday with his deputy.", []),
    # demonstratives, scare quotes and plain statements are not claims
    ("This suggests the figures are far too high.", []),
    ("The so-called \u201cpeace plan\u201d failed within a day.", []),
    ("The city was calm on Sunday evening.", []),
]


def _check(claim, want):
    assert claim.kind == want["kind"]
    assert claim.speaker.canonical == want["speaker"]
    assert (claim.cue.text if claim.cue else None) == want["cue"]
    assert want["content"] in claim.content.text
    if "role" in want:
        assert want["role"] in (claim.speaker.role or "")
    if "speakers" in want:
        assert [s.canonical for s in claim.speakers] == want["speakers"]
    if "type" in want:
        assert claim.speaker.type == want["type"]
    if "mention" in want:
        assert claim.speaker.text == want["mention"]


@pytest.mark.parametrize("text,expected", CASES)
def test_attribution_rules(nlp, text, expected):
    claims = [c for c in claims_of_text(text, outlet="Harbour Times") if c.kind != "outlet"]
    assert len(claims) == len(expected), [c.to_json() for c in claims]
    for claim, want in zip(claims, expected, strict=False):
        _check(claim, want)
        s, e = claim.content.span
        assert text[s:e] == claim.content.text


@pytest.mark.parametrize(
    "text,title,expected",
    [
        (HEADLINE_COLON, (0, HEADLINE_COLON.index("\n")), {"speaker": "Port authority", "content": "40 boats missing", "cue": ":"}),
        (HEADLINE_TRAILING, (0, HEADLINE_TRAILING.index("\n")), {"speaker": "insurers", "content": "Storm damage tops $2 million", "cue": "say"}),
        (HEADLINE_TITLE_CASE, (0, HEADLINE_TITLE_CASE.index("\n")), {"speaker": "Insurers", "content": "Storm Damage Tops $2 Million", "cue": "Say"}),
    ],
)
def test_headline_claims(nlp, text, title, expected):
    claims = [c for c in claims_of_text(text, title_span=title) if c.kind == "headline"]
    assert len(claims) == 1
    claim = claims[0]
    assert claim.speaker.canonical.casefold() == expected["speaker"].casefold()
    assert expected["content"] in claim.content.text
    assert claim.cue.text == expected["cue"]


@pytest.mark.parametrize(
    "text,published,expected",
    [
        # the outlet's own figure: speaker is the outlet, kind "outlet"
        ("The storm, which killed 12 people, moved north on Monday.", None,
         {"kind": "outlet", "speaker": "Harbour Times", "value": 12, "counted": "people", "event_date": None}),
        # a relative date resolves against the publication date
        ("Officials said 30 houses burned down yesterday.", date(2024, 3, 5),
         {"kind": "indirect", "speaker": "officials", "value": 30, "counted": "house", "event_date": date(2024, 3, 4)}),
    ],
)
def test_claim_details(nlp, text, published, expected):
    (claim,) = claims_of_text(text, outlet="Harbour Times", published=published)
    assert claim.kind == expected["kind"]
    assert claim.speaker.canonical == expected["speaker"]
    assert claim.event_date == expected["event_date"]
    assert [(q.value, q.counted) for q in claim.quantities] == [(expected["value"], expected["counted"])]
