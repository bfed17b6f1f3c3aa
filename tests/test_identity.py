"""Tests for speaker identity: keys, resolution across articles, aliases files, roles
and affiliations, the ``speakers`` and ``aliases apply`` commands.

Ledger tests build their records by hand (no NLP); extraction tests run the pipeline
on one invented sentence or paragraph each.
"""
from __future__ import annotations

import json
import weakref
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger import api, runner
from claimledger.cli import cli
from claimledger.errors import ClaimledgerError
from claimledger.extract import claims_of_text
from claimledger.link.identity import (
    Candidate,
    Linker,
    Rule,
    SpeakerIndex,
    default_book,
    is_name,
    load_book,
    name_key,
    same_given_name,
)
from claimledger.records import Article, Claim, Speaker, TextSpan
from claimledger.runner import store_article
from claimledger.settings import Settings, load_settings
from claimledger.store import Ledger

# ---------------------------------------------------------------------------- keys


@pytest.mark.parametrize(
    "left,right",
    [
        ("Russian Defence Ministry", "Russian Ministry of Defence"),
        ("Russian Defence Ministry", "the Russian military"),
        ("Russian Defence Ministry", "Russia's Ministry of Defense"),
        ("Russian Defence Ministry", "Ministry of Defence of Russia"),
        ("Russian Defence Ministry", "the Russian armed forces"),
        ("Defence Ministry", "the military"),
        ("Orvanian military", "Orvanian Ministry of Defence"),
        ("Russian Foreign Ministry", "Russia's Ministry of Foreign Affairs"),
        ("U.N. envoy", "UN envoy"),
        ("United Nations envoy", "UN envoy"),
        ("UN Secretary-General", "the U.N. Secretary General"),
        ("Syrian Observatory for Human Rights", "the Syrian Observatory for Human Rights"),
        ("the Sull Valley Front", "Sull Valley Front"),
    ],
)
def test_names_of_one_speaker_share_a_key(left, right):
    assert name_key(left, default_book()) == name_key(right, default_book())


@pytest.mark.parametrize(
    "left,right",
    [
        ("Russian Defence Ministry", "Syrian Defence Ministry"),
        ("Russian Defence Ministry", "Russian Foreign Ministry"),
        ("Russian Defence Ministry", "Defence Ministry"),  # a country is not dropped
        ("European Council", "Council of Europe"),  # only ministries are named either way round
        ("Mara Voss", "Voss"),  # the surname rule, not the key, joins these
        ("rebel military", "Defence Ministry"),  # "rebel" is no country
    ],
)
def test_names_of_two_speakers_keep_two_keys(left, right):
    assert name_key(left, default_book()) != name_key(right, default_book())


# ---------------------------------------------------------------------------- resolution


def index_of(*speakers: tuple[str, str, str | None, str | None]) -> SpeakerIndex:
    """An index of (canonical, type, role, outlet) speakers, ids from 1 in order."""
    index = SpeakerIndex(default_book())
    for n, (canonical, kind, role, outlet) in enumerate(speakers, 1):
        index.add_speaker(n, canonical, kind)
        index.add_role(n, role)
        index.seen(n, outlet, n)
    return index


KNOWN = index_of(
    ("Mara Voss", "person", "the UN envoy for the region", "Wire"),
    ("Dario Fenn", "person", "a spokesman for the Sull Valley Front", "Wire"),
    ("Anna Fenn", "person", None, "Herald"),
    ("Russian Ministry of Defence", "organisation", None, "Wire"),
    ("Old Town Medical Council", "organisation", None, "Wire"),
    ("officials", "unnamed", None, "Wire"),
)


@pytest.mark.parametrize(
    "canonical,kind,outlet,expected,rule",
    [
        ("Voss", "person", None, 1, "surname_of_known_person"),
        ("Voss", "organisation", None, 1, "surname_of_known_person"),  # a surname the recogniser missed
        ("Fenn", "person", "Herald", 3, "surname_of_known_person"),  # two Fenns: the outlet's own
        ("Fenn", "person", "Wire", 2, "surname_of_known_person"),
        ("Fenn", "person", "Gazette", None, None),  # neither outlet's: no evidence for either Fenn
        ("Russian Defence Ministry", "organisation", None, 4, "same_key"),
        ("the Russian military", "organisation", None, 4, "same_key"),
        ("UN envoy", "organisation", None, 1, "holder_of_known_role"),
        ("envoy", "person", None, 1, "holder_of_known_role"),
        ("Front spokesman", "person", None, 2, "holder_of_known_role"),
        ("Medical Council", "organisation", None, 5, "short_name_of_known_organisation"),
        ("Syrian Defence Ministry", "organisation", None, None, None),
        ("Sofia Marek", "person", None, None, None),
        ("officials", "unnamed", None, None, None),  # unnamed speakers are never resolved
        ("minister", "person", None, None, None),  # a role no known person holds
    ],
)
def test_resolution_rules(canonical, kind, outlet, expected, rule):
    assert KNOWN.resolve(Candidate(canonical, kind, outlet=outlet)) == (expected, None if rule is None else Rule(rule))


# ---------------------------------------------------------------------------- the ledger


def article(text: str, outlet: str, day: int) -> Article:
    return Article(text=text, outlet=outlet, published=date(2024, 3, day), body=[(0, len(text))])


def claim_by(text: str, mention: str, canonical: str, kind: str = "person", role: str | None = None,
             affiliation: str | None = None) -> Claim:
    """The claim "<mention> said <rest>" of ``text``."""
    at = text.index(mention)
    speaker = Speaker(mention, (at, at + len(mention)), canonical, role=role, affiliation=affiliation, type=kind)
    start = text.index("said") + 5
    return Claim(speaker=speaker, content=TextSpan(text[start:], (start, len(text))), kind="indirect",
                 cue=TextSpan("said", (start - 5, start - 1)), speakers=[speaker])


#: One identity policy per open ledger, as one ingest keeps one.
LINKERS: weakref.WeakKeyDictionary[Ledger, Linker] = weakref.WeakKeyDictionary()


def linker_of(ledger: Ledger) -> Linker:
    if ledger not in LINKERS:
        LINKERS[ledger] = Linker(ledger)
    return LINKERS[ledger]


def store(ledger: Ledger, text: str, outlet: str, day: int, *speaker: object, **extra: object) -> None:
    store_article(ledger, linker_of(ledger), article(text, outlet, day), [claim_by(text, *speaker, **extra)])


def speakers_by_name(ledger: Ledger) -> dict[str, dict]:
    return {s["canonical"]: s for s in ledger.speakers()}


def test_a_surname_in_a_later_article_is_the_known_person():
    ledger = Ledger()
    store(ledger, "Mara Voss, the UN envoy, said 2,500 fighters remain.", "Wire", 11, "Mara Voss", "Mara Voss",
          role="the UN envoy")
    store(ledger, "Voss said the truce holds.", "Herald", 12, "Voss", "Voss")
    store(ledger, "The UN envoy said buses are waiting.", "Gazette", 13, "The UN envoy", "UN envoy", "organisation")
    assert list(speakers_by_name(ledger)) == ["Mara Voss"]
    assert {c["speaker"]["canonical"] for c in ledger.claims()} == {"Mara Voss"}
    assert set(speakers_by_name(ledger)["Mara Voss"]["aliases"]) >= {"Voss", "The UN envoy"}


def test_a_surname_stored_first_joins_the_full_name_when_it_comes():
    ledger = Ledger()
    store(ledger, "Voss said the truce holds.", "Herald", 11, "Voss", "Voss")
    store(ledger, "Mara Voss said 2,500 fighters remain.", "Wire", 12, "Mara Voss", "Mara Voss")
    assert list(speakers_by_name(ledger)) == ["Mara Voss"]
    assert ledger.claims(speaker="mara voss")[0]["content"]["text"] == "the truce holds."


def test_aliases_of_an_institution_are_one_speaker_with_the_first_name():
    ledger = Ledger()
    store(ledger, "The Russian Ministry of Defence said 93% is held.", "Duran", 11,
          "The Russian Ministry of Defence", "Russian Ministry of Defence", "organisation")
    store(ledger, "The Russian military said 1,000 surrendered.", "Duran", 12,
          "The Russian military", "Russian military", "organisation")
    store(ledger, "Russia's Defence Ministry said the operation goes on.", "Wire", 13,
          "Russia's Defence Ministry", "Russia's Defence Ministry", "organisation")
    (only,) = ledger.speakers()
    assert (only["canonical"], only["claims"]) == ("Russian Ministry of Defence", 3)
    assert {"Russian military", "Russia's Defence Ministry"} <= set(only["aliases"])


@pytest.mark.parametrize(
    "mention,canonical,role,affiliation,linked",
    [
        ("Igor Konashenkov", "Igor Konashenkov", "spokesman of the Russian Defence Ministry",
         "Russian Defence Ministry", True),
        ("the Reconciliation Centre", "Reconciliation Centre", None, "Russian military", True),
        ("Staffan de Mistura", "Staffan de Mistura", "the UN Secretary General's envoy", "UN", False),
    ],
)
def test_roles_and_affiliations_are_stored_and_linked(mention, canonical, role, affiliation, linked):
    ledger = Ledger()
    store(ledger, "The Russian Ministry of Defence said 93% is held.", "Duran", 11,
          "The Russian Ministry of Defence", "Russian Ministry of Defence", "organisation")
    kind = "organisation" if "Centre" in canonical else "person"
    store(ledger, f"{mention} said the pocket shrinks.", "Duran", 12, mention, canonical, kind,
          role=role, affiliation=affiliation)
    ministry = speakers_by_name(ledger)["Russian Ministry of Defence"]["id"]
    got = speakers_by_name(ledger)[canonical]
    assert got["roles"] == ([role] if role else [])
    assert got["affiliations"] == [{"text": affiliation, "speaker_id": ministry if linked else None}]
    assert got["affiliation_id"] == (ministry if linked else None)


def test_an_affiliation_is_linked_when_its_speaker_comes_later():
    ledger = Ledger()
    store(ledger, "Dario Fenn said 4,000 fighters remain.", "Voice", 11, "Dario Fenn", "Dario Fenn",
          role="a spokesman for the Sull Valley Front", affiliation="Sull Valley Front")
    store(ledger, "The Sull Valley Front said it holds half.", "Voice", 12, "The Sull Valley Front",
          "Sull Valley Front", "organisation")
    front = speakers_by_name(ledger)["Sull Valley Front"]["id"]
    assert speakers_by_name(ledger)["Dario Fenn"]["affiliations"] == [{"text": "Sull Valley Front", "speaker_id": front}]


def test_claims_carry_the_ledger_speaker_id_and_name():
    ledger = Ledger()
    store(ledger, "Mara Voss said 2,500 fighters remain.", "Wire", 11, "Mara Voss", "Mara Voss")
    store(ledger, "Voss said the truce holds.", "Herald", 12, "Voss", "Voss")
    second = ledger.claims()[1]
    assert second["speaker"]["text"] == "Voss"
    assert (second["speaker"]["canonical"], second["speakers"][0]["canonical"]) == ("Mara Voss", "Mara Voss")
    assert second["speaker"]["id"] == speakers_by_name(ledger)["Mara Voss"]["id"]


# ---------------------------------------------------------------------------- aliases files

CORRECTIONS = """\
# corrections for this ledger
[[speaker]]
canonical = "Russian Defence Ministry"
aliases = ["Moscow's defence ministry", "the Russian military"]
affiliation = "Russian government"
type = "organisation"

[[speaker]]
canonical = "Mara Voss"
role = "UN envoy for the region"
affiliation = "UN"
type = "person"
"""


def moscow_ledger() -> Ledger:
    ledger = Ledger()
    store(ledger, "The Russian Ministry of Defence said 93% is held.", "Duran", 11,
          "The Russian Ministry of Defence", "Russian Ministry of Defence", "organisation")
    store(ledger, "Moscow's defence ministry said 1,000 surrendered.", "Wire", 12,
          "Moscow's defence ministry", "Moscow's defence ministry", "organisation")
    return ledger


def test_applying_an_aliases_file_merges_speakers_and_repoints_claims(tmp_path):
    ledger = moscow_ledger()
    assert len(ledger.speakers()) == 2
    path = tmp_path / "aliases.toml"
    path.write_text(CORRECTIONS, encoding="utf8")
    counts = linker_of(ledger).apply_aliases(load_book(path))
    assert counts == {"entries": 2, "created": 1, "merged": 1, "claims": 1}
    speakers = speakers_by_name(ledger)
    assert set(speakers) == {"Russian Defence Ministry", "Mara Voss"}
    ministry = speakers["Russian Defence Ministry"]
    assert (ministry["claims"], ministry["affiliation"], ministry["type"]) == (2, "Russian government", "organisation")
    assert {"Russian Ministry of Defence", "Moscow's defence ministry", "the Russian military"} <= set(ministry["aliases"])
    assert (speakers["Mara Voss"]["type"], speakers["Mara Voss"]["role"]) == ("person", "UN envoy for the region")
    assert {c["speaker"]["canonical"] for c in ledger.claims()} == {"Russian Defence Ministry"}
    assert ledger.claims(speaker="moscow")[0]["speaker"]["id"] == ministry["id"]


def test_after_applying_a_surname_still_resolves_in_the_same_session(tmp_path):
    ledger = moscow_ledger()
    store(ledger, "Mara Voss said 2,500 fighters remain.", "Wire", 12, "Mara Voss", "Mara Voss")
    path = tmp_path / "aliases.toml"
    path.write_text(CORRECTIONS, encoding="utf8")
    linker_of(ledger).apply_aliases(load_book(path))
    store(ledger, "Voss said the truce holds.", "Herald", 14, "Voss", "Voss")
    store(ledger, "Officials said the road is open.", "Herald", 15, "Officials", "officials", "unnamed")
    store(ledger, "Officials said the bridge is open.", "Wire", 16, "Officials", "Officials", "organisation")
    speakers = speakers_by_name(ledger)
    assert speakers["Mara Voss"]["claims"] == 2 and "Voss" not in speakers
    assert speakers["officials"]["type"] == "unnamed" and speakers["officials"]["claims"] == 1


def test_after_applying_new_speakers_follow_the_file_without_it(tmp_path):
    path = tmp_path / "aliases.toml"
    path.write_text(CORRECTIONS, encoding="utf8")
    db = str(tmp_path / "ledger.db")
    with Ledger(db) as ledger:
        store(ledger, "The Russian Ministry of Defence said 93% is held.", "Duran", 11,
              "The Russian Ministry of Defence", "Russian Ministry of Defence", "organisation")
        linker_of(ledger).apply_aliases(load_book(path))
    with Ledger(db) as ledger:  # the default book only: the file's aliases are in the ledger
        store(ledger, "Moscow's defence ministry said the pocket shrinks.", "Wire", 13,
              "Moscow's defence ministry", "Moscow's defence ministry", "organisation")
        store(ledger, "The UN envoy said buses wait.", "Wire", 14, "The UN envoy", "UN envoy", "organisation")
        speakers = speakers_by_name(ledger)
    assert speakers["Russian Defence Ministry"]["claims"] == 2
    assert speakers["Mara Voss"]["claims"] == 1


def test_ingest_resolves_new_speakers_with_the_aliases_file_setting(tmp_path):
    path = tmp_path / "aliases.toml"
    path.write_text(CORRECTIONS, encoding="utf8")
    story = tmp_path / "story.txt"
    story.write_text("Moscow's defence ministry said 1,000 fighters surrendered on Monday.\n", encoding="utf8")
    settings = Settings(db=str(tmp_path / "ledger.db"), aliases_file=str(path))
    report = api.ingest([story], settings=settings, outlet="Wire", published="2016-12-13")
    assert report.claims >= 1
    names = {s["canonical"] for s in api.speakers(settings=settings)}
    assert "Russian Defence Ministry" in names


def test_the_aliases_file_setting_comes_from_its_environment_variable(monkeypatch):
    monkeypatch.setenv("CLAIMLEDGER_ALIASES", "mine.toml")
    assert load_settings().aliases_file == "mine.toml"


@pytest.mark.parametrize(
    "content,code,line,reason",
    [
        ('[[speaker]]\ncanonical = "A"\naliases = ["B"\n', "E019", 3, "not valid TOML"),
        ('[[speaker]]\ncanonical = "Ministry"\ntype = "building"\n', "E019", 2, "type 'building'"),
        ('[[speaker]]\ncanonical = "Ministry"\naliases = "the ministry"\n', "E019", 2, "must be a list"),
        ('[[speaker]]\ncanonical = "Ministry"\ncolour = "red"\n', "E019", 2, "unknown keys: colour"),
        ('[[speaker]]\naliases = ["x"]\n', "E020", None, "no 'canonical'"),
        ('[[pattern]]\ncanonical = "{country} Navy"\naliases = ["Navy of {country}"]\n', "E019", 2, "must start with"),
        ('[speakers]\nx = 1\n', "E020", None, "unknown sections: speakers"),
        ('[words]\ndefense = 1\n', "E020", None, "[words] must map words to words"),
    ],
)
def test_a_bad_aliases_file_names_the_file_and_line(tmp_path, content, code, line, reason):
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf8")
    with pytest.raises(ClaimledgerError) as caught:
        load_book(path)
    error = caught.value
    assert (error.code, error.fields.get("line")) == (code, line)
    assert str(path) in str(error) and reason in str(error)


def test_a_missing_aliases_file_is_error_e018(tmp_path):
    with pytest.raises(ClaimledgerError) as caught:
        load_book(tmp_path / "none.toml")
    assert caught.value.code == "E020" and "none.toml" in str(caught.value)


# ---------------------------------------------------------------------------- extraction


@pytest.mark.parametrize(
    "text,canonical,role,affiliation",
    [
        ("Igor Konashenkov, spokesman of the Russian Defence Ministry, said 1,000 fighters surrendered.",
         "Igor Konashenkov", "spokesman of the Russian Defence Ministry", "Russian Defence Ministry"),
        ("Staffan de Mistura, the UN Secretary General's envoy to Syria, said 1,500 fighters remain.",
         "Staffan de Mistura", "the UN Secretary General's envoy to Syria", "UN"),
        ("The Russian military's Reconciliation Centre said 2.5 square kilometres are left.",
         "Reconciliation Centre", None, "Russian military"),
        ("Nadia Ostrel, head of the Old Town Medical Council, said 35 people died.",
         "Nadia Ostrel", "head of the Old Town Medical Council", "Old Town Medical Council"),
        ("The Harbour Authority said ferries run. Ilsa Marquand, the authority's director, said 12 ferries run.",
         "Ilsa Marquand", "the authority's director", "Harbour Authority"),
        ("Mara Voss, the UN envoy for the region, said 2,500 fighters remain.",
         "Mara Voss", "the UN envoy for the region", "UN"),
    ],
)
def test_roles_and_affiliations_from_appositions_and_possessives(text, canonical, role, affiliation):
    claim = [c for c in claims_of_text(text, published="2024-03-12") if c.speaker.canonical == canonical][-1]
    assert (claim.speaker.role, claim.speaker.affiliation) == (role, affiliation)


ROLE_THEN_NAME = (
    "Buses crossed the bridge this morning, as the UN envoy for the region warned that the truce could collapse.\n\n"
    "Mara Voss, who negotiated the truce, said 22 buses had crossed by midday.\n\n"
    "The envoy said she believed about 2,500 fighters remained inside.\n"
)


@pytest.mark.parametrize(
    "text,mention,canonical",
    [
        (ROLE_THEN_NAME, "the UN envoy for the region", "Mara Voss"),
        (ROLE_THEN_NAME, "The envoy", "Mara Voss"),
        (ROLE_THEN_NAME, "she", "Mara Voss"),
        ("Mara Voss, the UN envoy, arrived on Monday.\n\nThe UN envoy said 40 buses are waiting.\n", "The UN envoy",
         "Mara Voss"),
        ("According to Mara Voss, the UN envoy, 90,000 people remain.\n\n"
         "Voss called for a pause. \"We need a few hours,\" she said.\n", "she", "Mara Voss"),
        # the person named next has another role: the envoy stays unnamed
        ("The UN envoy for the region warned that the truce could collapse.\n\n"
         "Lena Holt, a resident, said 22 buses had crossed.\n", "The UN envoy for the region", "UN envoy"),
    ],
)
def test_roles_alone_and_pronouns_resolve_to_the_named_person(text, mention, canonical):
    claims = claims_of_text(text, published="2024-03-14")
    found = {c.speaker.text: c.speaker.canonical for c in claims}
    assert found.get(mention) == canonical, found


# ---------------------------------------------------------------------------- CLI


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def ledger_file(tmp_path: Path) -> str:
    db = str(tmp_path / "ledger.db")
    with Ledger(db) as ledger:
        store(ledger, "Mara Voss said 2,500 fighters remain.", "Wire", 11, "Mara Voss", "Mara Voss",
              role="the UN envoy", affiliation="UN")
        store(ledger, "Voss said the truce holds.", "Herald", 12, "Voss", "Voss")
        store(ledger, "The Russian military said 1,000 surrendered.", "Duran", 12,
              "The Russian military", "Russian military", "organisation")
    return db


def test_cli_speakers_json(ledger_file):
    result = run("speakers", "--db", ledger_file, "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert [(s["canonical"], s["type"], s["claims"]) for s in found] == [
        ("Mara Voss", "person", 2), ("Russian military", "organisation", 1)]
    voss = found[0]
    assert (voss["roles"], voss["affiliations"], voss["aliases"]) == (
        ["the UN envoy"], [{"text": "UN", "speaker_id": None}], ["Voss"])
    assert set(voss) == {"id", "canonical", "type", "role", "affiliation", "affiliation_id", "claims", "aliases",
                         "roles", "affiliations"}


def test_cli_speakers_table(ledger_file):
    result = run("speakers", "--db", ledger_file)
    assert result.exit_code == 0
    assert "2 speakers" in result.output
    for text in ("Mara Voss", "the UN envoy", "Voss", "Russian military", "organisation"):
        assert text in result.output


def test_cli_aliases_apply(ledger_file, tmp_path):
    path = tmp_path / "aliases.toml"
    path.write_text(CORRECTIONS, encoding="utf8")
    result = run("aliases", "apply", str(path), "--db", ledger_file)
    assert result.exit_code == 0, result.output
    assert "Entries applied: 2" in result.output
    names = [s["canonical"] for s in json.loads(run("speakers", "--db", ledger_file, "--format", "json").output)]
    assert names == ["Mara Voss", "Russian Defence Ministry"]


def test_cli_aliases_apply_bad_file_is_an_error_with_its_code(ledger_file, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[[speaker]]\ncanonical = "X"\ntype = "building"\n', encoding="utf8")
    result = run("aliases", "apply", str(path), "--db", ledger_file)
    assert result.exit_code == 1
    assert "[E019]" in result.output and "bad.toml, line 2" in result.output


def test_cli_aliases_help_has_an_example():
    assert "Example:" in run("aliases", "apply", "--help").output


LOOKALIKES = index_of(
    ("Boris Johnson", "person", "the foreign secretary", "Wire"),
    ("Sergei Lavrov", "person", "the foreign minister", "Wire"),
    ("Tomas Reyes", "person", None, "Herald"),
)


@pytest.mark.parametrize(
    "canonical,kind,mention,expected",
    [
        ("Gary Johnson", "person", "Johnson", None),  # another given name: another person
        ("Boris Johnson", "person", "Johnson", 1),
        ("Johnson", "person", "Johnson", 1),  # a bare surname is no evidence against
        ("B. Johnson", "person", "B. Johnson", None),  # an initial alone does not make a key match
        ("Maria Reyes", "person", "Reyes", None),  # a relative, not the man known
        ("Reyes", "person", "Reyes", 3),
    ],
)
def test_a_given_name_that_disagrees_is_another_person(canonical, kind, mention, expected):
    found, _rule = LOOKALIKES.resolve(Candidate(canonical, kind, mention=mention))
    assert found == expected


@pytest.mark.parametrize(
    "a,b,same",
    [("gary", "boris", False), ("sergei", "sergey", True), ("mohammed", "mohammad", True), ("g", "gary", True),
     ("john", "jane", False), ("anna", "anne", True), ("ali", "alex", False)],
)
def test_given_names_that_may_be_one(a, b, same):
    assert same_given_name(a, b) is same


# ---------------------------------------------------------------------------- look-alikes, order, concurrency


def lookalikes_index() -> SpeakerIndex:
    """Known speakers that look alike, with the aliases earlier mentions left."""
    index = index_of(
        ("Boris Johnson", "person", "the foreign secretary", "Wire"),
        ("Gary Johnson", "person", "the Libertarian candidate", "Herald"),
        ("George W. Bush", "person", None, "Wire"),
        ("Russian Defence Ministry", "organisation", None, "Wire"),
        ("Igor Konashenkov", "person", "spokesman of the Russian Defence Ministry", "Wire"),
        ("Bashar al-Assad", "person", "the Syrian president", "Wire"),
    )
    index.add_alias(3, "Bush")  # "Bush" was resolved to the son earlier
    return index


@pytest.mark.parametrize(
    "canonical,kind,mention,role,outlet,expected",
    [
        # two Johnsons: a bare surname is not guessed between them without evidence
        ("Johnson", "person", "Johnson", None, None, None),
        ("Johnson", "person", "Johnson", None, "Herald", 2),  # the only Johnson this outlet quoted
        ("Johnson", "person", "Johnson", "the Libertarian candidate", "Gazette", 2),  # the role names him
        ("Gary Johnson", "person", "Johnson", None, None, 2),
        ("Boris Johnson", "person", "Johnson", None, None, 1),
        # father and son: one given name, another middle initial
        ("George H. W. Bush", "person", "Bush", None, None, None),
        ("George W. Bush", "person", "Bush", None, None, 3),
        ("George Bush", "person", "Bush", None, None, 3),  # no middle name: no evidence against
        ("G. W. Bush", "person", "Bush", None, None, 3),
        # an organisation and its spokesman: a title only with its holder
        ("Defence Ministry", "organisation", "the Defence Ministry", None, None, 4),
        ("Defence Ministry spokesman", "person", "the Defence Ministry spokesman", None, None, 5),
        ("spokesman", "person", "the spokesman", None, None, 5),
        ("Konashenkov", "person", "Konashenkov", None, None, 5),
        ("Russian Defence Ministry", "organisation", "Russian Defence Ministry", None, None, 4),
        # "Assad" the person and "Assad forces"
        ("Assad", "person", "Assad", None, None, 6),
        ("Assad forces", "organisation", "Assad forces", None, None, None),
        ("Assad Forces", "organisation", "Assad Forces", None, None, None),
        ("Syrian president", "person", "the Syrian president", None, None, 6),
    ],
)
def test_look_alike_names_merge_only_on_evidence(canonical, kind, mention, role, outlet, expected):
    found, _rule = lookalikes_index().resolve(Candidate(canonical, kind, role=role, outlet=outlet, mention=mention))
    assert found == expected


K1, K2, K3 = ("a1", 0, 0), ("a1", 0, 1), ("b2", 3, 0)
VOSS, MARA_VOSS, COUNCIL = ("Voss", "person"), ("Mara Voss", "person"), ("the council", "organisation")


@pytest.mark.parametrize("before,after,changed", [
    ([], [], 0),
    ([(K1, VOSS)], [(K1, VOSS)], 0),
    ([(K1, VOSS)], [(K1, MARA_VOSS)], 1),
    ([(K1, VOSS), (K2, COUNCIL)], [(K1, MARA_VOSS), (K3, COUNCIL)], 3),  # renamed, gone, new
    ([(K1, VOSS), (K2, COUNCIL), (K3, COUNCIL)], [(K2, COUNCIL)], 2),
    ([], [(K1, VOSS), (K3, (None, None))], 2),
    ([(K3, (None, None))], [(K3, (None, "unnamed"))], 1),
])
def test_claim_speakers_changed_are_counted_walking_both_in_key_order(before, after, changed):
    assert runner.changed_names(iter(before), iter(after)) == changed
    # what comparing the two held as dicts counts
    old, new = dict(before), dict(after)
    assert sum(old.get(k) != v for k, v in new.items()) + len(old.keys() - new.keys()) == changed


@pytest.mark.parametrize("tables,others,same", [
    ({"speakers": [(1, "Voss")]}, {"speakers": [(1, "Voss")]}, True),
    ({"speakers": []}, {"speakers": []}, True),
    ({"speakers": [(1, "Voss")]}, {"speakers": [(1, "Voss"), (2, "Mara Voss")]}, False),
    ({"speakers": [(1, "Voss"), (2, "Mara Voss")]}, {"speakers": [(2, "Mara Voss"), (1, "Voss")]}, False),
    ({"speakers": [(1, "Voss")], "speaker_roles": []}, {"speakers": [(1, "Voss")]}, False),
    ({"speakers": [(1, None)]}, {"speakers": [(1, "Voss")]}, False),
])
def test_speaker_tables_are_compared_row_by_row(tables, others, same):
    assert runner.same_tables({k: iter(v) for k, v in tables.items()}, {k: iter(v) for k, v in others.items()}) == same


def claim_speakers_of(db: str) -> dict[tuple[str, int, int], tuple[str, str]]:
    with Ledger(db, create=False) as ledger:
        return dict(ledger.claim_speaker_names())


WRITER = Path(__file__).resolve().parent / "ledger_writer.py"
REPO = Path(__file__).resolve().parents[1]


def test_speakers_are_the_same_whatever_the_order_or_concurrency_of_ingests(tmp_path):
    """The invented look-alike cast (tests/ledger_writer.py) stored forwards, backwards,
    in two ingests one after the other, and as two concurrent halves (two processes
    into one ledger): every claim has the same speakers."""
    import subprocess
    import sys

    import ledger_writer

    total = 2 * len(ledger_writer.SPEAKERS) + 3
    forward, backward, two_runs, halves = (str(tmp_path / f"{n}.db") for n in ("f", "b", "t", "h"))
    ledger_writer.write(forward, list(range(total)), threads=False)
    ledger_writer.write(backward, list(range(total))[::-1], threads=False)
    ledger_writer.write(two_runs, list(range(total))[1::2], threads=False)
    ledger_writer.write(two_runs, list(range(total))[0::2], threads=False)
    procs = [subprocess.Popen([sys.executable, str(WRITER), halves, str(start), "2", str(total)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for start in (0, 1)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [(p.returncode, json.loads(out)["failed"]) for p, (out, _err) in zip(procs, outs, strict=True)] == [(0, [])] * 2
    expected = claim_speakers_of(forward)
    assert len(expected) == total
    differing = {
        name: sum(claim_speakers_of(db).get(k) != v for k, v in expected.items())
        for name, db in (("backward", backward), ("two runs", two_runs), ("halves", halves))
    }
    assert differing == {"backward": 0, "two runs": 0, "halves": 0}


def test_the_demo_corpus_has_the_same_speakers_in_any_order_and_as_two_concurrent_halves(tmp_path, nlp):
    """The demo corpus, read, cleaned and extracted once, stored forwards, backwards
    and by two processes at once into one ledger: every claim has the same speakers."""
    import subprocess
    import sys

    import ledger_writer

    from claimledger import runner
    from claimledger.settings import Settings

    settings = Settings(db=str(tmp_path / "unused.db"))
    articles = [a for a in api.read([REPO / "demo" / "articles"], manifest=REPO / "demo" / "manifest.csv")
                if isinstance(a, Article)]
    runner.clean_once(articles, runner.recurring_lines(articles, settings=settings))
    items = [(a, c) for a, c in runner.extract_safely(articles, settings=settings, nlp=nlp) if isinstance(c, list)]
    source = tmp_path / "prepared.jsonl"
    ledger_writer.save_prepared(source, items)
    total = len(items)
    forward, backward, halves = (str(tmp_path / f"{n}.db") for n in ("f", "b", "h"))
    ledger_writer.write(forward, list(range(total)), threads=False, source=source)
    ledger_writer.write(backward, list(range(total))[::-1], threads=False, source=source)
    procs = [subprocess.Popen([sys.executable, str(WRITER), halves, str(start), "2", str(total), str(source)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for start in (0, 1)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [(p.returncode, json.loads(out)["failed"]) for p, (out, _err) in zip(procs, outs, strict=True)] == [(0, [])] * 2
    expected = claim_speakers_of(forward)
    assert len(expected) > 100
    differing = {
        name: sum(claim_speakers_of(db).get(k) != v for k, v in expected.items())
        for name, db in (("backward", backward), ("halves", halves))
    }
    assert differing == {"backward": 0, "halves": 0}


def member_sources_of(db: str) -> dict[tuple[str, int, int], str]:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return {(a, s, q): src for a, s, q, src in conn.execute(
            "SELECT c.article_id, c.seq, m.qindex, m.sources FROM thread_members m JOIN claims c ON c.id = m.claim_id")}
    finally:
        conn.close()


def test_thread_sources_follow_the_speakers_when_they_are_resolved_again(tmp_path):
    """Figures threaded by a first ingest ("Voss" a source of its own) have the sources
    the speakers have after a later one resolves them again, as if all came at once."""
    import ledger_writer

    total = 2 * len(ledger_writer.SPEAKERS)
    at_once, in_two = str(tmp_path / "once.db"), str(tmp_path / "two.db")
    ledger_writer.write(at_once, list(range(total)))
    ledger_writer.write(in_two, list(range(total))[::3])
    ledger_writer.write(in_two, [i for i in range(total) if i % 3])
    expected = member_sources_of(at_once)
    assert len(expected) == total
    assert member_sources_of(in_two) == expected


# A person's role words alone are a description, also capitalised in a headline: they
# never become a name another article's speaker is matched by.
@pytest.mark.parametrize("text,expected", [
    ("Mara Voss", True),
    ("Voss", True),
    ("UN envoy Mara Voss", True),
    ("Russian Defence Ministry", True),
    ("Envoy", False),
    ("The envoy", False),
    ("Minister", False),
    ("the ministry", False),
])
def test_is_name(text, expected):
    assert is_name(text) is expected

