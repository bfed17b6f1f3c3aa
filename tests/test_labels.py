"""Labels (claimledger.labels), source reliability (claimledger.reliability) and how
both reach the ledger and the CLI. Every sentence, outlet and domain here is invented."""
from __future__ import annotations

import csv
import doctest
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SHARED

from claimledger import api, labels, reliability
from claimledger.cli import cli
from claimledger.errors import ClaimledgerError
from claimledger.labels import find_labels, lexicon_for
from claimledger.reliability import Ratings, weight
from claimledger.settings import Settings
from claimledger.store import Ledger

LABEL_TABLE = [
    # text, [(label text, actor, loaded)]
    ("Rebels shelled the market.", [("Rebels", "non-state armed groups", False)]),
    ("Terrorists shelled the market.", [("Terrorists", "non-state armed groups", True)]),
    ("The terrorist attack killed four.", []),
    ("Jihadi fighters left the town.", [("Jihadi fighters", "non-state armed groups", True)]),
    ("The regime sent its troops.", [("regime", "government", True), ("troops", "state forces", False)]),
    ("Government forces and rebel forces met.",
     [("Government forces", "state forces", False), ("rebel forces", "non-state armed groups", False)]),
    ("The so-called 'peaceful' protesters marched.", [("so-called 'peaceful' protesters", "protesters", True)]),
    ("Police dispersed the \u201crioters\u201d at dawn.", [("Police", "state forces", False), ("rioters", "protesters", True)]),
    ("Civilians fled as gunmen opened fire.",
     [("Civilians", "civilians", False), ("gunmen", "non-state armed groups", False)]),
    ("The rebel commander said little.", []),
    ("Terrorist organizations shelled the road.", [("Terrorist organizations", "non-state armed groups", True)]),
]


@pytest.mark.parametrize("text,want", LABEL_TABLE, ids=[t for t, _ in LABEL_TABLE])
def test_labels_on_check_sentences(text, want):
    assert [(x.text, x.actor, x.loaded) for x in find_labels(text)] == want


def test_labels_doctests():
    assert doctest.testmod(labels).failed == 0


def test_labels_voice_of_a_quotation():
    text = 'The army advanced. "The terrorists are fleeing," the general said.'
    start = text.index("The terrorists")
    found = find_labels(text, voices=[((start, start + 28), "General Orrin")])
    assert [(x.text, x.voice) for x in found] == [("army", "outlet"), ("terrorists", "General Orrin")]


def test_user_actor_groups_from_the_aliases_file(tmp_path):
    path = tmp_path / "aliases.toml"
    path.write_text('[[actor]]\nname = "Harbour Militia"\nterms = ["harbour guard"]\nloaded = ["harbour guard"]\n',
                    encoding="utf8")
    found = find_labels("The harbour guard held the pier.", lexicon=lexicon_for(path))
    assert [(x.text, x.actor, x.loaded) for x in found] == [("harbour guard", "Harbour Militia", True)]
    path.write_text('[[actor]]\nterms = ["x"]\n', encoding="utf8")
    with pytest.raises(ClaimledgerError) as e:
        lexicon_for(path)
    assert e.value.code == "E020"


# ---------------------------------------------------------------------------- reliability

RATINGS = "domain,pc1,other\nharbourgazette.example,0.82,1\nthebastion.example,0.21,0\nnews.bastion.example,0.5,0\n"


@pytest.fixture
def ratings_file(tmp_path: Path) -> str:
    path = tmp_path / "ratings.csv"
    path.write_text(RATINGS, encoding="utf8")
    return str(path)


def test_reliability_matches_domains_urls_and_names(ratings_file):
    ratings = Ratings.read(ratings_file)
    assert ratings.rating("harbourgazette.example") == 0.82
    assert ratings.rating("https://www.harbourgazette.example/2024/a-story") == 0.82
    assert ratings.rating("live.harbourgazette.example") == 0.82
    assert ratings.rating("Harbour Gazette") == 0.82
    assert ratings.rating("The Bastion") == 0.21
    assert ratings.rating("Bastion") == 0.21
    assert ratings.rating("Unknown Outlet") is None
    assert Ratings.read(ratings_file, column="other").rating("Harbour Gazette") == 1.0


def test_reliability_setting_and_weight(ratings_file):
    assert reliability.reliability("Harbour Gazette") is None
    settings = Settings(reliability_file=ratings_file)
    assert api.reliability("Harbour Gazette", settings=settings) == 0.82
    assert weight("Harbour Gazette", settings) == 1.0
    assert weight("Harbour Gazette", settings.replace(reliability_weight=True)) == 0.82
    assert weight("Unknown Outlet", settings.replace(reliability_weight=True)) == 1.0


def test_reliability_bad_file_is_e065(tmp_path):
    for content in (None, "site,score\na.example,1\n"):
        path = tmp_path / "r.csv"
        if content is not None:
            path.write_text(content, encoding="utf8")
        with pytest.raises(ClaimledgerError) as e:
            reliability.reliability("x", Settings(reliability_file=str(path)))
        assert e.value.code == "E065"


# ---------------------------------------------------------------------------- ledger and CLI

DOUBTING = """Council claims 300 homes flooded

The river council claimed that 300 homes were flooded on Monday.

Such claims should be treated with caution: the rebels and their so-called 'relief committee' have inflated figures before.
"""


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, env=env)


def test_frame_and_labels_reach_the_ledger_and_the_cli(tmp_path, ratings_file):
    story = tmp_path / "story.txt"
    story.write_text(DOUBTING, encoding="utf8")
    db = str(tmp_path / "ledger.db")
    assert run("ingest", str(story), "--db", db, "--outlet", "Harbour Gazette").exit_code == 0
    with Ledger(db) as ledger:
        stances = [r["stance"] for r in ledger.db.query("select stance from claims")]
    assert "doubt" in stances
    lines = [json.loads(x) for x in run("claims", "--db", db, "--format", "jsonl").output.splitlines()]
    homes = next(c for c in lines if "300 homes" in c["content"]["text"])
    assert homes["frame"]["stance"] == "doubt"
    assert {c["rule"] for c in homes["frame"]["cues"]} >= {"cue_doubt", "outlet_doubts"}
    assert "reliability" not in homes
    rows = list(csv.DictReader(io.StringIO(run("claims", "--db", db, "--format", "csv").output)))
    assert next(r for r in rows if "300 homes" in r["content"])["stance"] == "doubt"

    result = CliRunner(env={"CLAIMLEDGER_RELIABILITY": ratings_file}).invoke(
        cli, ["claims", "--db", db, "--format", "jsonl"], catch_exceptions=False)
    assert {json.loads(x)["reliability"] for x in result.output.splitlines()} == {0.82}

    found = json.loads(run("labels", "--db", db, "--format", "json").output)
    terms = {(r["term"], r["loaded"], r["count"]) for r in found}
    assert ("rebels", False, 1) in terms
    assert all(r["outlet"] == "Harbour Gazette" and r["voice"] == "(outlet)" for r in found)
    rows = list(csv.DictReader(io.StringIO(run("labels", "--db", db, "--format", "csv", "--actor", "civilians").output)))
    assert rows == []
    table = run("labels", "--db", db).output
    assert "rebels" in table and "non-state armed groups" in table


def test_outlet_reliability_by_the_host_of_its_articles(tmp_path, ratings_file):
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"id": "a1", "outlet": "HG", "url": "https://www.harbourgazette.example/a1",
                                "published": "2024-03-12", "text": DOUBTING}) + "\n", encoding="utf8")
    settings = Settings(db=str(tmp_path / "ledger.db"), reliability_file=ratings_file)
    api.ingest([dump], settings=settings)
    assert api.outlet_reliability(["HG", "Nobody"], settings=settings) == {"HG": 0.82, "Nobody": None}


SHARED_RATINGS = SHARED / "reliability" / "domain_ratings.csv"


@pytest.mark.shared
@pytest.mark.skipif(not SHARED_RATINGS.is_file(), reason="../shared/reliability is absent")
def test_seed_outlet_is_rated_by_the_shared_ratings():
    settings = Settings(reliability_file=str(SHARED_RATINGS))
    assert 0 <= reliability.reliability("The Duran", settings) < 0.5
    assert reliability.reliability("theduran.com", settings) == reliability.reliability("The Duran", settings)


def test_threads_show_and_weigh_their_outlets_reliability(tmp_path, ratings_file):
    dump = tmp_path / "blast.jsonl"
    rows = [("g1", "Harbour Gazette", 80), ("b1", "The Bastion", 100)]
    dump.write_text("".join(json.dumps({
        "id": key, "outlet": outlet, "published": "2024-03-12",
        "text": f"Blast at the depot\n\nOfficials said {n} people were killed in the blast at the Velmora depot on Monday.\n",
    }) + "\n" for key, outlet, n in rows), encoding="utf8")
    db = str(tmp_path / "ledger.db")
    plain = Settings(db=db, reliability_file=ratings_file)
    api.ingest([dump], settings=plain)
    (thread,) = [t for t in api.threads(settings=plain, min_members=2)]
    assert [c["value"] for c in thread.current or []] == [100]  # a tie of one source each: the larger
    weighed = plain.replace(reliability_weight=True)
    (thread,) = [t for t in api.threads(settings=weighed, min_members=2, rebuild=True)]
    assert [c["value"] for c in thread.current or []] == [80]  # the better-rated outlet's
    shown = run("thread", str(thread.id), "--db", db, env={"CLAIMLEDGER_RELIABILITY": ratings_file}).output
    assert "Harbour Gazette (reliability 0.82)" in shown and "The Bastion (reliability 0.21)" in shown
