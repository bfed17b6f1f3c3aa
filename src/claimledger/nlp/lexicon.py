"""English word lists the attribution rules read. Data, not logic: extend freely.

Pronouns and quotation marks, which other modules read too, live in
:mod:`claimledger.words`.

The reporting verbs follow the cue inventory of PolNeAR (Newell, Margolin and Ruths,
LREC 2018) and textacy's ``constants.REPORTING_VERBS``.
"""
from __future__ import annotations

#: Lemmas of verbs that introduce what someone said, wrote, believes or reports.
REPORTING_VERBS = frozenset(
    """
    say tell state claim confirm report announce add explain note insist argue warn deny
    admit acknowledge allege assert believe think estimate write declare suggest stress
    emphasize emphasise indicate reveal predict promise mention describe comment maintain
    contend concede caution tweet post reiterate recall observe remark reply respond answer
    testify vow pledge complain charge accuse disclose inform assure boast brief
    conclude contend counter dispute doubt expect fear hope insist know learn quote recount
    show speak talk underline urge want worry blame signal hint imply forecast calculate
    put acknowledge
    """.split()
)

#: Nouns that report what their holder says or believes when a "that" clause follows:
#: "the ministry's claim that …", "his warning that …".
CLAIM_NOUNS = frozenset(
    """
    claim assertion allegation statement warning suggestion belief view insistence argument
    denial promise pledge accusation charge estimate prediction conclusion contention
    announcement admission assessment assurance fear hope position
    """.split()
)

#: Cue verbs whose content may be an infinitive: "still claim to have 4,000 men".
INFINITIVE_CUES = frozenset("claim pretend deny insist".split())

#: Cue verbs whose content is the object of a preposition: "speaks of a collapse".
PREPOSITIONAL_CUES = {"speak": {"of", "about"}, "talk": {"of", "about"}, "warn": {"of", "about", "against"}, "write": {"of", "about"}}

#: Verbs that only count as cues when they govern a clause (never with a plain object).
CLAUSE_ONLY = frozenset("show know learn want expect fear hope doubt signal charge".split())

#: Words that make a paragraph introduce the speaker of the quotation that follows it.
INTRO_VERBS = frozenset("say tell add explain put comment respond react write speak declare state".split())

#: Heads of mentions that name no one in particular: the speaker type is "unnamed".
UNNAMED_HEADS = frozenset(
    """
    report reports source sources official officials witness witnesses resident residents
    activist activists observer observers analyst analysts expert experts diplomat diplomats
    people someone critic critics media rumour rumours account accounts
    """.split()
)

#: Trailing common nouns that describe what kind of organisation a name is:
#: "the Al-Mayadeen TV channel" is Al-Mayadeen, a TV channel.
DESCRIPTOR_HEADS = frozenset(
    """
    channel agency newspaper paper network station outlet website site daily weekly
    broadcaster tv television radio magazine service portal
    """.split()
)

#: Titles and roles that may stand before a name ("Foreign Minister Lavrov").
TITLE_WORDS = frozenset(
    """
    president minister foreign defence defense prime secretary general spokesman
    spokeswoman spokesperson envoy ambassador commander colonel major lieutenant captain
    sergeant mr mrs ms dr prof senator governor mayor chief director head deputy
    """.split()
)

#: Role nouns only a person holds: a speaker with such a role is a person
#: ("Staffan de Mistura, the UN envoy", whatever the entity recogniser says).
PERSON_ROLES = frozenset(
    """
    president minister spokesman spokeswoman spokesperson envoy ambassador commander
    colonel general lieutenant captain sergeant senator governor mayor chief director
    secretary chairman chairwoman chair leader head deputy adviser advisor analyst
    official officer doctor surgeon nurse resident witness correspondent reporter
    journalist editor founder negotiator mediator activist priest imam bishop
    """.split()
)

#: Heads that make a mention an organisation even when titles stand before them
#: ("Russian General Staff" is not a person called Staff).
ORGANISATION_HEADS = frozenset(
    """
    staff ministry centre center army military council command office committee government
    agency department forces force service services group coalition alliance commission
    authority authorities administration cabinet parliament court police observatory
    organisation organization union mission headquarters embassy team party front
    """.split()
)
