"""Tests for claimledger.store: schema and migrations, writing, reading, filters.

The records are built by hand (no NLP); every text is invented for these tests.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest

from claimledger.errors import ClaimledgerError
from claimledger.link.identity import Linker
from claimledger.records import Article, Claim, Quantity, Speaker, TextSpan
from claimledger.runner import store_article
from claimledger.store import MIGRATIONS, Ledger, open_store, quantity_row

TEXT = (
    "Port traffic falls in Velmora\n"
    "\n"
    "Harbour director Ilsa Marquand said only 1,500 passengers crossed each day.\n"
    "The coastguard and the pilots' union say 40 boats stayed in port.\n"
    "Share this:\n"
)


def span_of(text: str, part: str, start: int = 0) -> tuple[int, int]:
    at = TEXT.index(part, start)
    return at, at + len(part)


def make_article(text: str = TEXT) -> Article:
    """The cleaned article of ``TEXT``: title on line 1, two body lines, a debris line."""
    body = [(s, text.index("\n", s)) for s in (text.index("Harbour director"), text.index("The coastguard"))]
    return Article(
        text=text, outlet="Harbour Gazette", url="https://gazette.example/port", published=date(2019, 3, 12),
        title="Port traffic falls in Velmora", title_span=(0, len("Port traffic falls in Velmora")), body=body,
        source="port.txt",
    )


def other_article(text: str, outlet: str | None) -> Article:
    """An undated article whose whole text is body."""
    return Article(text=text, outlet=outlet, body=[(0, len(text))])


def make_claims() -> list[Claim]:
    """An indirect claim with a quantity, and a claim shared by two speakers."""
    marquand = Speaker("Harbour director Ilsa Marquand", span_of(TEXT, "Harbour director Ilsa Marquand"),
                       "Ilsa Marquand", role="Harbour director", type="person")
    coastguard = Speaker("The coastguard", span_of(TEXT, "The coastguard"), "coastguard")
    union = Speaker("the pilots' union", span_of(TEXT, "the pilots' union"), "pilots' union")
    first = Claim(
        speaker=marquand,
        content=TextSpan("only 1,500 passengers crossed each day", span_of(TEXT, "only 1,500 passengers crossed each day")),
        kind="indirect",
        cue=TextSpan("said", span_of(TEXT, "said")),
        event_date=date(2019, 3, 11),
        quantities=[Quantity(1500, None, "passengers", "only", span_of(TEXT, "1,500 passengers"), "1,500 passengers")],
        speakers=[marquand],
    )
    second = Claim(
        speaker=coastguard,
        content=TextSpan("40 boats stayed in port", span_of(TEXT, "40 boats stayed in port")),
        kind="indirect",
        cue=TextSpan("say", (TEXT.index("say 40"), TEXT.index("say 40") + 3)),
        quantities=[Quantity(40, None, "boats", None, span_of(TEXT, "40 boats"), "40 boats")],
        speakers=[coastguard, union],
    )
    return [first, second]


def add(ledger: Ledger, article: Article, claims: list[Claim]) -> bool:
    """Store an article with its claims as ingest does, speakers resolved against the ledger."""
    return store_article(ledger, Linker(ledger), article, claims)


@pytest.fixture
def ledger() -> Iterator[Ledger]:
    with Ledger(":memory:") as store:
        add(store, make_article(), make_claims())
        yield store


# ---------------------------------------------------------------------------- schema


def test_store_migrations_create_every_table(tmp_path):
    path = tmp_path / "ledger.db"
    with Ledger(path) as store:
        tables = set(store.db.table_names())
    assert {"articles", "article_ranges", "speakers", "speaker_aliases", "claims", "claim_speakers",
            "quantities", "claims_fts", "_sqlite_migrations"} <= tables
    with Ledger(path) as again:  # opening again applies nothing twice
        applied = [r["name"] for r in again.db["_sqlite_migrations"].rows]
    assert applied == [m.name for m in MIGRATIONS._migrations]


@pytest.mark.parametrize(
    "address,code",
    [
        ("mysql://ledger.example/claims", "E014"),
        ("postgresql://nobody@127.0.0.1:1/claims", "E070"),  # no server on that port
        ("{tmp}", "E011"),  # a folder
        ("{tmp}/no/such/folder/ledger.db", "E011"),
        ("{tmp}/not-a-ledger.db", "E011"),  # a file that is not SQLite
    ],
)
def test_store_bad_address_is_a_coded_error(tmp_path, address, code):
    (tmp_path / "not-a-ledger.db").write_text("plain words, not a database " * 20, encoding="utf8")
    with pytest.raises(ClaimledgerError) as info:
        open_store(address.format(tmp=tmp_path))
    assert info.value.code == code


def test_store_without_create_refuses_a_missing_file(tmp_path):
    with pytest.raises(ClaimledgerError) as info:
        open_store(tmp_path / "missing.db", create=False)
    assert info.value.code == "E011" and not (tmp_path / "missing.db").exists()
    Ledger(tmp_path / "new.db").close()
    open_store(tmp_path / "new.db", create=False).close()


# ---------------------------------------------------------------------------- writing


def test_store_round_trips_the_article(ledger):
    article = make_article()
    assert ledger.article(article.id) == article
    assert ledger.article("0000000000000000") is None


def test_store_add_twice_never_duplicates(ledger):
    assert add(ledger, make_article(), make_claims()) is False
    # the same text with other white space is the same article
    assert add(ledger, make_article(text=TEXT.replace("\n", "  \n")), []) is False
    assert ledger.db["articles"].count == 1
    assert ledger.db["claims"].count == 2


def test_store_add_is_one_transaction(ledger):
    other = make_article(text=TEXT + "Comments are closed.\n")
    broken = make_claims()
    broken[1].quantities[0].span = None  # fails while the second claim is written
    with pytest.raises(TypeError):
        add(ledger, other, broken)
    assert not ledger.has(other.id)
    assert ledger.db["claims"].count == 2
    assert ledger.db["article_ranges"].count_where("article_id = ?", [other.id]) == 0


def test_store_keeps_the_exact_claim_json(ledger):
    rows = list(ledger.db.query("SELECT json FROM claims ORDER BY seq"))
    assert [json.loads(r["json"]) for r in rows] == [c.to_json() for c in make_claims()]


def test_store_rows_of_claims_speakers_and_quantities(ledger):
    claim = next(ledger.db.query("SELECT * FROM claims WHERE seq = 0"))
    assert (claim["cue_text"], claim["content_start"], claim["event_date"]) == ("said", TEXT.index("only"), "2019-03-11")
    positions = list(ledger.db.query(
        "SELECT s.canonical, cs.position FROM claim_speakers cs JOIN speakers s ON s.id = cs.speaker_id"
        " JOIN claims c ON c.id = cs.claim_id WHERE c.seq = 1 ORDER BY cs.position"))
    assert [(p["canonical"], p["position"]) for p in positions] == [("coastguard", 0), ("pilots' union", 1)]
    assert ledger.db["quantities"].count == 2
    assert ledger.db["claims_fts"].count == ledger.db["claims"].count


@pytest.mark.parametrize(
    "value,expected",
    [
        (1500, {"value": 1500, "low": 1500, "high": 1500}),
        ([20, 30], {"value": None, "low": 20, "high": 30}),
    ],
)
def test_store_quantity_row_value_and_bounds(value, expected):
    row = quantity_row(7, Quantity(value, "percent", None, "around", (0, 5), "20-30%"))
    assert {k: row[k] for k in expected} == expected


@pytest.mark.parametrize(
    "previous,expected",
    [
        (None, {"previous_low": None, "previous_high": None}),
        (3.4, {"previous_low": 3.4, "previous_high": 3.4}),
        ([14, 18], {"previous_low": 14, "previous_high": 18}),
    ],
)
def test_store_quantity_row_keeps_the_level_a_change_left(previous, expected):
    q = Quantity(2.9, "percent", None, None, (0, 14), "2.9% from 3.4%", previous=previous)
    row = quantity_row(7, q)
    assert {k: row[k] for k in expected} == expected


def test_store_quantity_row_keeps_the_analyst_fields():
    q = Quantity(1500, None, "fighter", "only", (0, 26), "only 1,500 Jihadi fighters", counted_text="Jihadi fighters",
                 modifiers=["Jihadi"], change="=", whole=None, vague=False)
    row = quantity_row(3, q)
    assert {k: row[k] for k in ("counted", "counted_text", "modifiers", "change", "whole", "vague")} == {
        "counted": "fighter", "counted_text": "Jihadi fighters", "modifiers": '["Jihadi"]', "change": "=",
        "whole": None, "vague": 0}


def test_store_migration_adds_the_quantity_columns_to_an_old_ledger(tmp_path):
    import sqlite_utils
    from sqlite_utils.migrations import Migrations

    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    old = Migrations(MIGRATIONS.name)  # an old ledger: every migration before the new one
    for migration in MIGRATIONS._migrations:
        if migration.name == "add_quantity_details":
            break
        old(name=migration.name)(migration.fn)
    old.apply(db)
    assert "change" not in db["quantities"].columns_dict
    db.close()
    with Ledger(str(path)) as ledger:
        assert {"counted_text", "modifiers", "change", "whole", "vague"} <= set(ledger.db["quantities"].columns_dict)


# ---------------------------------------------------------------------------- reading


@pytest.mark.parametrize(
    "filters,expected",
    [
        ({}, ["only 1,500 passengers", "40 boats"]),
        ({"speaker": "marquand"}, ["only 1,500 passengers"]),
        ({"speaker": "HARBOUR DIRECTOR"}, ["only 1,500 passengers"]),  # an alias, any case
        ({"speaker": "union"}, ["40 boats"]),  # the second speaker of a shared claim
        ({"speaker": "nobody"}, []),
        ({"outlet": "harbour gazette"}, ["only 1,500 passengers", "40 boats"]),
        ({"outlet": "Harbour"}, []),  # outlets match whole
        ({"search": "boats"}, ["40 boats"]),
        ({"search": "1,500 passengers"}, ["only 1,500 passengers"]),  # not FTS syntax: searched word by word
        ({"search": "Marquand"}, ["only 1,500 passengers"]),  # the speaker mention is indexed too
        ({"limit": 1}, ["only 1,500 passengers"]),
        ({"speaker": "coast", "search": "passengers"}, []),
    ],
)
def test_store_claims_filters(ledger, filters, expected):
    found = ledger.claims(**filters)
    assert [c["content"]["text"][: len(e)] for c, e in zip(found, expected, strict=False)] == expected
    assert len(found) == len(expected)


def test_store_claims_carry_article_fields(ledger):
    (claim,) = ledger.claims(speaker="marquand")
    article = make_article()
    assert (claim["article_id"], claim["outlet"], claim["published"], claim["title"]) == (
        article.id, "Harbour Gazette", "2019-03-12", "Port traffic falls in Velmora")
    assert ledger.claims(article_id=article.id) == ledger.claims()


def test_store_speakers_have_aliases_and_counts(ledger):
    speakers = {s["canonical"]: s for s in ledger.speakers()}
    assert speakers["Ilsa Marquand"]["aliases"] == ["Harbour director Ilsa Marquand"]
    assert speakers["Ilsa Marquand"]["role"] == "Harbour director"
    assert {name: s["claims"] for name, s in speakers.items()} == {"Ilsa Marquand": 1, "coastguard": 1, "pilots' union": 1}


def test_store_summary_counts(ledger):
    add(ledger, other_article("Second story\n\nNothing was said here.\n", None), [])
    counts = ledger.summary()
    assert counts["articles"] == 2
    assert counts["outlets"] == {"Harbour Gazette": 1, "(unknown)": 1}
    assert counts["claims"] == {"indirect": 2}
    assert counts["quantities"] == 2
    assert counts["top_speakers"][0]["claims"] == 1


def test_store_articles_of_an_outlet(ledger):
    add(ledger, other_article("Another story\n\nIt rained.\n", "Other Outlet"), [])
    assert [a.outlet for a in ledger.articles(outlet="Harbour Gazette")] == ["Harbour Gazette"]
    assert len(list(ledger.articles())) == 2


@pytest.mark.parametrize("address,reason", [
    ("{tmp}/no/such/folder/ledger.db", "no such folder"),
    ("{tmp}/a-file.txt/ledger.db", "is not a folder"),
])
def test_ingest_checks_the_ledger_can_be_written_before_any_extraction(tmp_path, address, reason):
    from claimledger import api
    from claimledger.settings import Settings

    (tmp_path / "a-file.txt").write_text("not a folder", encoding="utf8")
    story = tmp_path / "story.txt"
    story.write_text("Harbour reopens\n\nThe mayor said the harbour reopens on Monday.\n", encoding="utf8")
    db = address.format(tmp=tmp_path)
    with pytest.raises(ClaimledgerError) as caught:
        api.ingest([story], settings=Settings(db=db))
    assert caught.value.code == "E030" and db in str(caught.value) and reason in str(caught.value)


# ---------------------------------------------------------------------------- very long articles


def claim_rows(store: Ledger) -> list[tuple]:
    return store.db.execute(
        "SELECT c.seq, c.kind, c.json, c.stance, s.canonical, q.text, q.low, q.high FROM claims c"
        " JOIN speakers s ON s.id = c.speaker_id LEFT JOIN quantities q ON q.claim_id = c.id ORDER BY c.seq, q.rowid"
    ).fetchall()


def test_claims_stored_from_a_spool_are_those_stored_from_a_list():
    from claimledger.extract import ClaimSpool

    spool = ClaimSpool()
    spool.add(make_claims()[:1])
    spool.add(make_claims()[1:])
    with Ledger(":memory:") as listed, Ledger(":memory:") as spooled:
        add(listed, make_article(), make_claims())
        add(spooled, make_article(), spool)
        assert claim_rows(spooled) == claim_rows(listed) and len(claim_rows(listed)) == 2


@pytest.mark.parametrize("read", [
    lambda store: next(store.speaker_inputs())[1],
    lambda store: next(store.thread_inputs([make_article().id]))["claims"],
])
def test_an_article_s_claims_are_read_back_one_at_a_time(ledger, read):
    """Re-resolving speakers and threading read a stored article's claims as they go
    (a very long article's are never all in memory at once), in article order."""
    claims = read(ledger)
    assert not isinstance(claims, list | tuple)
    got = [c.content.text if isinstance(c, Claim) else c["json"]["content"]["text"] for c in claims]
    assert got == [c.content.text for c in make_claims()]


def test_thread_inputs_give_each_claim_its_speakers_in_order(ledger):
    (art,) = ledger.thread_inputs([make_article().id])
    assert [[s["canonical"] for s in c["speakers"]] for c in art["claims"]] == [
        ["Ilsa Marquand"], ["coastguard", "pilots' union"]]



# (a statement run once per stored article, the index it must search by: none of them
# may read a whole table, or an ingest slows as the ledger grows)
PER_ARTICLE_LOOKUPS = [
    ("DELETE FROM article_bands WHERE article_id = ?", "idx_article_bands_article_id"),
    ("SELECT article_id FROM article_bands WHERE band IN (?, ?)", "idx_article_bands_band"),
]


@pytest.mark.parametrize("sql,index", PER_ARTICLE_LOOKUPS)
def test_per_article_statements_search_by_an_index(tmp_path, sql, index):
    with Ledger(tmp_path / "ledger.db") as ledger:
        plan = " ".join(str(row) for row in ledger.db.execute("EXPLAIN QUERY PLAN " + sql, ["x"] * sql.count("?")))
    assert index in plan, plan
