"""The framing rules (claimledger_framing) on invented check sentences.

Each row: an invented text, a fragment of the claim's content, the stance the claim
must get and the rule that must be among its cues (None: no cue at all). A rule that
helps a real article but fails these is not kept.
"""
from __future__ import annotations

import pytest

from claimledger.extract import claims_of_text
from claimledger.nlp.framing import phrase_pattern, stance
from claimledger.records import Claim, Frame, FrameCue

STANCE_TABLE = [
    # cue verbs
    ("The harbour authority claimed that 40 boats had sunk.", "40 boats had sunk", "doubt", "cue_doubt"),
    ("Mayor Ilse Brandt alleged that the council had hidden the report.", "the council had hidden", "doubt", "cue_doubt"),
    ("The ministry insisted that no one had been hurt in the blast.", "no one had been hurt", "doubt", "cue_doubt"),
    ("The fire brigade confirmed that 12 homes had burned down.", "12 homes had burned", "endorse", "cue_endorse"),
    ("Court records revealed that the mill paid no tax for a decade.", "the mill paid no tax", "endorse", "cue_endorse"),
    ("The company admitted that the dam had leaked for weeks.", "the dam had leaked", "endorse", "cue_endorse"),
    ("The ministry said that 30 houses had burned down.", "30 houses had burned", "neutral", None),
    ("According to the port office, 300 sailors are stranded.", "300 sailors are stranded", "neutral", None),
    # distancing and hedges
    ("The so-called river council said that the bridge was safe.", "the bridge was safe", "doubt", "speaker_distancing"),
    ("The self-styled governor said that taxes would be halved.", "taxes would be halved", "doubt", "speaker_distancing"),
    ("The union reportedly said that the guards fired first.", "the guards fired first", "doubt", "hedge"),
    # no evidence, unclear, verified
    ("The governor said the fires were set by arsonists, without providing evidence.",
     "the fires were set by arsonists", "doubt", "no_evidence"),
    ("Activists said 20 people died in the raid. The figure could not be independently verified.",
     "20 people died in the raid", "doubt", "no_evidence"),
    ("Rescuers said 14 miners were trapped. It was not immediately clear whether any had been reached.",
     "14 miners were trapped", "doubt", "unclear"),
    ("Activists said 20 people died. Police said 5 died, without providing evidence.",
     "20 people died", "neutral", None),
    ("Activists said 20 people died. Police said 5 died, without providing evidence.",
     "5 died", "doubt", "no_evidence"),
    # a hedge inside the content is the speaker's own, not the outlet's
    ("Aid workers said that it was unclear whether the road was open.", "the road was open", "neutral", None),
    ("Doctors said 9 patients fell ill. The cases were independently confirmed by the regional lab.",
     "9 patients fell ill", "endorse", "verified"),
    # the outlet's own sentences that refer back
    ("The union said that 500 workers were laid off.\n\nSuch claims should be treated with caution.",
     "500 workers were laid off", "doubt", "outlet_doubts"),
    ("The union said that 500 workers were laid off.\n\nThese reports are not credible.",
     "500 workers were laid off", "doubt", "outlet_doubts"),
    ("The union said that 500 workers were laid off.\n\nWe have no reason to doubt these reports.",
     "500 workers were laid off", "endorse", "outlet_endorses"),
    ("The mayor said the ferry would run again on Monday.\n\nThe ferry company has three boats.",
     "the ferry would run again", "neutral", None),
    ("The port office says 90 ships were stuck.\n\nThe shipping guild says 40.\n\nThe port office's figures have repeatedly proved wrong.",
     "90 ships were stuck", "doubt", "outlet_doubts"),
    ("The envoy, Lena Oakes, says 700 families left.\n\nThe envoy's estimate deserves some scepticism.",
     "700 families left", "doubt", "outlet_doubts"),
    ("The mill says it employs 900 people. That figure is not supported by the tax records.",
     "it employs 900 people", "doubt", "outlet_doubts"),
    ("The guild still claims to have 5,000 members. Nobody serious believes that number.",
     "to have 5,000 members", "doubt", "outlet_doubts"),
    # a reference to the last speaker's claims leaves another speaker's earlier claim alone
    ("The mayor says 30 streets flooded. Residents say the water reached the church. These reports are credible.",
     "30 streets flooded", "neutral", None),
    ("The mayor says 30 streets flooded. Residents say the water reached the church. These reports are credible.",
     "the water reached the church", "endorse", "outlet_endorses"),
]


def _claim(text: str, fragment: str) -> Claim:
    claims = claims_of_text(text)
    found = [c for c in claims if fragment in c.content.text]
    assert found, [c.content.text for c in claims]
    return found[0]


@pytest.mark.parametrize("text,fragment,want,rule", STANCE_TABLE, ids=[r[0][:40] for r in STANCE_TABLE])
def test_stance_rules_on_check_sentences(text, fragment, want, rule):
    claim = _claim(text, fragment)
    rules = [c.rule for c in claim.frame.cues]
    assert claim.frame.stance == want, claim.frame.to_json()
    if rule is None:
        assert rules == []
    else:
        assert rule in rules
    for cue in claim.frame.cues:
        assert text[cue.span[0] : cue.span[1]] == cue.text


def test_weighing_links_both_claims():
    text = ("The army says 4,000 soldiers took part in the drill.\n\n"
            "The monitoring group says only 900 soldiers took part.\n\n"
            "While the army's count is higher, it seems more likely that the group's figure is closer to the truth.")
    claims = claims_of_text(text)
    army = next(c for c in claims if "4,000" in c.content.text)
    group = next(c for c in claims if "900" in c.content.text)
    for claim in (army, group):
        cue = next(c for c in claim.frame.cues if c.rule == "outlet_weighs")
        assert "it seems more likely" in cue.text
        assert claim.frame.stance == "neutral"


def test_a_tie_goes_to_the_outlets_last_word():
    cues = [FrameCue("doubt", (10, 15), "outlet_doubts"), FrameCue("credible", (20, 28), "outlet_endorses")]
    assert stance(cues) == "endorse"
    assert stance(list(reversed(cues))) == "endorse"
    assert stance([FrameCue("x", (0, 1), "outlet_weighs")]) == "neutral"


def test_phrase_pattern_wildcard_and_boundaries():
    pattern = phrase_pattern(["care * be taken", "doubt"])
    assert pattern.search("Care has to be taken here")
    assert not pattern.search("undoubtedly")


def test_frame_round_trips():
    claim = _claim("The harbour authority claimed that 40 boats had sunk.", "40 boats")
    assert Claim.from_json(claim.to_json()) == claim
    assert claim.to_json()["frame"]["stance"] == "doubt"
    assert Frame.from_json(None) == Frame()
