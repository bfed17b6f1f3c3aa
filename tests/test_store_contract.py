"""The ledger contract: the same ingest gives the same ledger on SQLite and PostgreSQL.

Every test takes ``ledger_address`` (``conftest``), once per backend: an SQLite file,
then a fresh schema of the PostgreSQL test database (skipped with its reason when no
server answers at 127.0.0.1:5432, but failing when ``CI=true``). Outputs are compared
with those of a reference ingest into SQLite. The stories are invented (``test_cli``).
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_cli import ARTICLES, write_corpus

from claimledger import api
from claimledger.errors import ClaimledgerError
from claimledger.records import Article, Claim, Speaker, TextSpan
from claimledger.settings import Settings
from claimledger.store import MIGRATIONS, open_store
from claimledger.store.postgres import MIGRATIONS as PG_MIGRATIONS
from claimledger.store.postgres import shown_address

OUTLET = "Velmora Courier"


def ledger_view(settings: Settings) -> dict[str, Any]:
    """Everything the API reads from a ledger, as JSON."""
    exports = {}
    for table in ("claims", "quantities", "threads", "speakers", "articles"):
        out = io.StringIO()
        api.export(table, "jsonl", settings=settings, stdout=out)
        exports[table] = [json.loads(line) for line in out.getvalue().splitlines()]
    return {
        "claims": [c.to_json() for c in api.claims(settings=settings)],
        "speakers": [s.to_json() for s in api.speakers(settings=settings)],
        "threads": [t.to_json() for t in api.threads(settings=settings, min_members=1)],
        "summary": api.summary(settings=settings),
        "articles": [a.to_json() for a in api.articles(settings=settings)],
        "exports": exports,
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_corpus(tmp_path_factory.mktemp("contract") / "in")


@pytest.fixture(scope="module")
def reference(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    settings = Settings(db=str(tmp_path_factory.mktemp("reference") / "reference.db"))
    api.ingest(corpus, settings=settings, outlet=OUTLET)
    return ledger_view(settings)


def test_the_same_ingest_gives_the_same_ledger(ledger_address: str, corpus: list[Path], reference: dict) -> None:
    settings = Settings(db=ledger_address)
    report = api.ingest(corpus, settings=settings, outlet=OUTLET)
    assert (report.ingested, report.failed) == (3, [])
    view = ledger_view(settings)
    for part in reference:
        assert view[part] == reference[part], part
    again = api.ingest(corpus, settings=settings, outlet=OUTLET)
    assert (again.ingested, again.duplicates) == (0, 3)
    assert ledger_view(settings) == reference


# (search, speaker, outlet): the claims found must be the reference's
QUERIES = [
    ("passengers", None, None), ("ferries northern", None, None), ('"1,500', None, None), ("nothing-of-the-kind", None, None),
    (None, "marquand", None), (None, "RELLING", None), (None, None, "velmora courier"), ("cracks", None, OUTLET),
    ("Marquand", None, None),
]


def test_searches_and_filters_find_the_same_claims(ledger_address: str, corpus: list[Path], tmp_path: Path) -> None:
    reference = Settings(db=str(tmp_path / "reference.db"))
    settings = Settings(db=ledger_address)
    for target in (reference, settings):
        api.ingest(corpus, settings=target, outlet=OUTLET)
    for search, speaker, outlet in QUERIES:
        want = [c.to_json() for c in api.claims(settings=reference, search=search, speaker=speaker, outlet=outlet)]
        got = [c.to_json() for c in api.claims(settings=settings, search=search, speaker=speaker, outlet=outlet)]
        assert got == want, (search, speaker, outlet)
    assert api.claims(settings=settings, search="passengers")  # the search finds something at all


def article(text: str, **fields: Any) -> Article:
    return Article(text=text, **fields)


def claim(text: str) -> Claim:
    return Claim(speaker=Speaker("she", (0, 3), "Mara Voss", type="person"), content=TextSpan(text, (4, 4 + len(text))),
                 kind="indirect")


def test_store_primitives_keep_one_row_each(ledger_address: str) -> None:
    with open_store(ledger_address) as store:
        store.check_writable()
        story = article("She said the ferry left.", outlet="A", external_id="s1")
        assert (store.add_article(story), store.add_article(story)) == (True, False)
        assert store.has(story.id) and store.ids_of_input("s1") == [story.id]
        moved = article(story.text, outlet="B", url="https://b.example/x", external_id="s1")
        assert (store.add_publication(moved), store.add_publication(moved)) == (True, False)
        first, again = store.speaker_row("Mara Voss", "person"), store.speaker_row("Mara Voss", "person")
        assert first == again and store.speaker_row(None, None) == store.speaker_row(None, None)
        other = store.speaker_row("M. Voss", "person")
        claim_id = store.add_claim(story.id, 0, claim("the ferry left"), [other])
        for _ in range(2):
            store.add_alias(first, "Voss", "mention")
            store.add_role(first, "director")
        assert store.aliases_of(first) == [("Voss", "mention")]
        with store.lock("threads"):
            assert store.merge_speakers(first, other) == 1
        assert store.claim_counts([first]) == {first: 1}
        [stored] = store.claims(search='"ferry"')
        assert (stored.id, stored.identities[0].id) == (claim_id, first)
        assert store.article(story.id) is not None and [a.id for a in store.articles()] == [story.id]
        assert [(a.external_id, a.claims) for a in store.article_listing(words=["FERRY"])] == [("s1", 1)]


def test_unthreaded_articles_come_oldest_first_a_page_at_a_time(ledger_address: str) -> None:
    from datetime import date

    stories = [article(f"She said ferry {n} left.", outlet="A", published=day)
               for n, day in enumerate([date(2020, 3, 2), None, date(2020, 3, 1), date(2020, 3, 3)])]
    with open_store(ledger_address) as store:
        for story in stories:
            store.add_article(story)
        oldest_first = [stories[2].id, stories[0].id, stories[3].id, stories[1].id]  # undated last
        assert store.unthreaded_articles() == oldest_first
        assert store.unthreaded_articles(limit=2) == oldest_first[:2]
        store.save_threads([], [], {}, 0, oldest_first[:2])
        assert store.unthreaded_articles(limit=2) == oldest_first[2:]


# (pairs added, in order; keys asked for; limit; the threads found under each key asked for)
@pytest.mark.parametrize(("pairs", "keys", "limit", "expected"), [
    ([(7, 1), (7, 2), (8, 3), (7, 4)], [7], 50, {7: [1, 2, 4]}),
    ([(7, 1), (7, 2), (8, 3), (7, 4)], [7, 8, 9], 2, {7: [2, 4], 8: [3]}),
    ([(-2**63, 9), (2**63 - 1, 10), (-2**63, 11)], [-2**63, 2**63 - 1, -2**63], 1, {-2**63: [11], 2**63 - 1: [10]}),
    ([(5, n) for n in range(1, 251)], [5, *range(1000, 1150)], 3, {5: [248, 249, 250]}),  # keys over two queries
    ([], [1, 2], 5, {}),
])
def test_thread_keys_give_the_last_threads_under_each_key_in_order(
    ledger_address: str, pairs: list[tuple[int, int]], keys: list[int], limit: int, expected: dict[int, list[int]],
) -> None:
    with open_store(ledger_address) as store:
        store.add_thread_keys(pairs)
        assert store.thread_keys(keys, limit) == expected
        store.clear_threads()
        assert store.thread_keys(keys, limit) == {}


def test_last_thread_id_is_that_of_the_newest_thread(ledger_address: str) -> None:
    from claimledger.link.threads import ThreadState

    with open_store(ledger_address) as store:
        assert store.last_thread_id() == 0
        store.save_threads([ThreadState(id=n, block=("people", "killed", False), measure="people killed").to_row() for n in (3, 12, 5)],
                           [], {}, 0, [])
        assert store.last_thread_id() == 12


def test_postgres_migrations_are_sqlite_s_and_apply_once(postgres_ledger: str) -> None:
    assert [name for name, _ in PG_MIGRATIONS] == [m.name for m in MIGRATIONS._migrations]
    with pytest.raises(ClaimledgerError) as info:
        open_store(postgres_ledger, create=False)  # nothing there yet
    assert info.value.code == "E011"
    open_store(postgres_ledger).close()
    with open_store(postgres_ledger, create=False) as store:  # opening again applies nothing twice
        applied = [r[0] for r in store._all("SELECT name FROM claimledger_migrations ORDER BY name")]  # type: ignore[attr-defined]
    assert sorted(applied) == sorted(name for name, _ in PG_MIGRATIONS)


@pytest.mark.parametrize(
    ("address", "shown"),
    [("postgresql://me:secret@db.example/claims", "postgresql://me:***@db.example/claims"),
     ("postgresql://me@db.example/claims", "postgresql://me@db.example/claims"),
     ("postgres://u:p%40ss@h:5432/d?options=x", "postgres://u:***@h:5432/d?options=x")],
)
def test_a_password_is_never_shown(address: str, shown: str) -> None:
    assert shown_address(address) == shown


def test_four_processes_ingesting_at_once_store_every_article_once(postgres_ledger: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    stories = dict(ARTICLES)
    stories.update({f"{key}-{n}": f"{text}\nCorrected in edition {n}.\n" for key, text in ARTICLES.items() for n in (2, 3)})
    for key, text in stories.items():
        (folder / f"{key}.txt").write_text(text, encoding="utf8")
    env = dict(os.environ, CLAIMLEDGER_DB=postgres_ledger)
    command = [sys.executable, "-m", "claimledger", "ingest", str(folder), "--outlet", OUTLET]
    procs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    outputs = [p.communicate(timeout=600) for p in procs]
    failed = [f"process {n} exited {p.returncode}\n--- stdout\n{out}\n--- stderr\n{err}"
              for n, (p, (out, err)) in enumerate(zip(procs, outputs, strict=True)) if p.returncode != 0]
    if failed:  # every word of each failure, not cut to fit an assertion's line
        pytest.fail("\n\n".join(failed), pytrace=False)
    ingested = [int(out.split("Ingested: ")[1].split()[0]) for out, _ in outputs]
    assert sum(ingested) == len(stories)
    settings = Settings(db=postgres_ledger)
    listed = api.articles(settings=settings)
    assert sorted(Path(a.source or "").stem for a in listed) == sorted(stories)
    single = Settings(db=str(tmp_path / "single.db"))
    api.ingest([folder], settings=single, outlet=OUTLET)
    assert api.summary(settings=settings)["claims_total"] == api.summary(settings=single)["claims_total"]
    claim_keys = [(c.article_id, c.seq) for c in api.claims(settings=settings)]
    assert len(claim_keys) == len(set(claim_keys))
    members = [(m.claim_id, m.qindex) for t in api.threads(settings=settings, min_members=1) for m in t.members]
    assert len(members) == len(set(members)) > 0


def test_the_demo_corpus_gives_the_same_ledger_on_postgresql(postgres_ledger: str, tmp_path: Path) -> None:
    demo = Path(__file__).resolve().parents[1] / "demo"
    views = []
    for address in (str(tmp_path / "demo.db"), postgres_ledger):
        settings = Settings(db=address)
        api.ingest([demo / "articles"], manifest=demo / "manifest.csv", settings=settings)
        views.append(ledger_view(settings))
    sqlite_view, postgres_view = views
    assert sqlite_view["summary"]["claims_total"] > 100
    for part in sqlite_view:
        assert postgres_view[part] == sqlite_view[part], part


def web_reads(settings: Settings) -> dict[str, Any]:
    """What the web view reads a page at a time, as JSON."""
    from claimledger.records import ThreadQuery

    claims = api.claims(settings=settings)
    ids = [c.id for c in claims]
    speakers = [s.id for s in api.speakers(settings=settings)]
    listing = {}
    for name, query in (("all", ThreadQuery()), ("page", ThreadQuery(limit=2, offset=1)),
                        ("newest", ThreadQuery(sort="newest")), ("conflicts", ThreadQuery(conflicts_only=True)),
                        ("ids", ThreadQuery(ids=(1, 2))), ("none", ThreadQuery(ids=()))):
        total, found = api.thread_listing(query, settings=settings)
        listing[name] = [total, [t.to_json() | {"points": [[s, v, str(d)] for s, v, d in t.points]} for t in found]]
    identities = api.claim_speakers(ids, settings=settings)
    return {
        "listing": listing,
        "claim_threads": {str(k): {str(q): t for q, t in v.items()} for k, v in api.claim_threads(ids, settings=settings).items()},
        "claim_speakers": {str(k): {str(p): s.to_json() for p, s in v.items()} for k, v in identities.items()},
        "speakers": [api.speaker(i, settings=settings).to_json() for i in speakers],
        "speaker_threads": [api.speaker_threads(i, settings=settings) for i in speakers],
        "speaker_claims": [[c.id for c in api.claims(speaker_id=i, settings=settings)] for i in speakers],
        "search": [c.to_json() for c in api.search_claims("passengers", limit=2, settings=settings)],
        "search_page_2": [c.id for c in api.search_claims("the", limit=2, offset=2, settings=settings)],
    }


def test_the_web_views_reads_are_the_same_on_both_backends(ledger_address: str, corpus: list[Path], tmp_path: Path) -> None:
    reference = Settings(db=str(tmp_path / "reference.db"))
    settings = Settings(db=ledger_address)
    for target in (reference, settings):
        api.ingest(corpus, settings=target, outlet=OUTLET)
    want, got = web_reads(reference), web_reads(settings)
    assert want["listing"]["all"][0] > 0 and want["search"]
    for part in want:
        assert got[part] == want[part], part
    with pytest.raises(ClaimledgerError) as e:
        api.speaker(10**9, settings=settings)
    assert e.value.code == "E092"
