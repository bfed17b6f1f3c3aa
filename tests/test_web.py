"""The web view in-process: its pages and their JSON twins (the view models the CLI
renders), its charts, its safety (autoescaping, the policy, read-only, GET only) and
its errors. The browser tests are ``test_web_browser.py``."""
from __future__ import annotations

import hashlib
import json
import re
import socket
import sqlite3
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import HOSTILE_OUTLET

from claimledger import api
from claimledger import present as views
from claimledger.errors import ClaimledgerError
from claimledger.records import ThreadQuery
from claimledger.settings import Settings

starlette = pytest.importorskip("starlette", reason="the web extra is not installed (pip install -e '.[web]')")

from claimledger.web import app as web  # noqa: E402
from claimledger.web import charts  # noqa: E402


@pytest.fixture(scope="module")
def client(web_ledger: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's note that its test client will move to httpx2
        from starlette.testclient import TestClient

        yield TestClient(web.create_app(Settings(db=web_ledger)))


@pytest.fixture(scope="module")
def demo(web_ledger: str) -> dict:
    """Ids found in the ledger: the largest thread, a thread with a conflict, an article
    of it, a speaker, the hostile article."""
    settings = Settings(db=web_ledger)
    threads = api.threads(settings=settings)
    conflicted = next(t for t in threads if t.conflict)
    hostile = next(a for a in api.articles(settings=settings) if a.external_id == "hostile-1")
    speaker = next(s for s in api.speakers(settings=settings) if s.claims)
    return {"settings": settings, "thread": threads[0], "conflicted": conflicted, "hostile": hostile.id,
            "article": conflicted.members[0].article_id, "speaker": speaker}


def get_json(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


# ---------------------------------------------------------------------------- the JSON twins


def test_thread_twin_is_the_clis_timeline_view_model(client, demo):
    thread = demo["conflicted"]
    found = api.thread(thread.id, settings=demo["settings"])
    speakers = api.claim_speakers([m.claim_id for m in found.members], settings=demo["settings"])
    expected = json.loads(json.dumps(views.timeline(found, speakers).to_json()))
    got = get_json(client, f"/thread/{thread.id}.json")
    assert got == expected
    assert got["measure"] == found.measure and got["info"]["counted"] and got["current"][0]["rule"]
    cli_lines = "\n".join(__import__("claimledger.cli", fromlist=["x"]).timeline_lines(views.timeline(found)))
    for series in got["series"]:
        for entry in series["entries"]:
            assert f"#{entry['index']:<3} {entry['date'] or 'undated':10}" in cli_lines


def test_threads_twin_rows_are_the_cli_table_rows(client, demo):
    cli_rows = [json.loads(json.dumps(views.thread_row(t).to_json())) for t in api.threads(settings=demo["settings"])]
    got = get_json(client, "/threads.json?per_page=200")
    assert got["total"] == len(cli_rows)
    assert sorted(got["rows"], key=lambda r: r["id"]) == sorted(cli_rows, key=lambda r: r["id"])
    assert [r["id"] for r in got["rows"]] == [r["id"] for r in cli_rows]  # largest first, then by id


@pytest.mark.parametrize(("query", "check"), [
    ("conflicts=1", lambda rows: all(r["conflict"] for r in rows)),
    ("min_sources=3", lambda rows: all(r["sources"] >= 3 for r in rows)),
    ("min_members=5", lambda rows: all(r["members"] >= 5 for r in rows)),
    ("counted=fighters", lambda rows: rows and all("fighters" in r["measure"] for r in rows)),
    ("q=merran", lambda rows: rows and all("merran" in r["measure"] for r in rows)),
    ("since=2024-03-15", lambda rows: all(r["days"][-10:] >= "2024-03-15" for r in rows)),
    ("until=2024-03-05", lambda rows: all(r["days"][:10] <= "2024-03-05" for r in rows)),
    ("sort=newest", lambda rows: [r["days"][-10:] for r in rows] == sorted((r["days"][-10:] for r in rows), reverse=True)),
])
def test_thread_filters_hold_for_every_row(client, query, check):
    got = get_json(client, f"/threads.json?{query}&per_page=200")
    assert check(got["rows"]), got["rows"]


def test_threads_are_paginated(client):
    whole = get_json(client, "/threads.json?per_page=200")
    first, second = get_json(client, "/threads.json?per_page=3"), get_json(client, "/threads.json?per_page=3&page=2")
    assert first["pages"] == -(-whole["total"] // 3)
    assert [r["id"] for r in first["rows"] + second["rows"]] == [r["id"] for r in whole["rows"][:6]]


def test_home_twin_holds_the_clis_summary(client, demo):
    got = get_json(client, "/index.json")
    assert got["summary"] == json.loads(json.dumps(views.summary_view(api.summary(settings=demo["settings"])).to_json()))
    assert got["threads"] == len(api.threads(settings=demo["settings"]))
    assert got["conflicts"] and all(r["conflict"] for r in got["conflicts"])


def test_article_twin_is_the_show_view_model_with_links(client, demo):
    article = api.article(demo["article"], settings=demo["settings"])
    claims = api.claims(article_id=article.id, settings=demo["settings"])
    got = get_json(client, f"/article/{article.id}.json")
    shown = views.article_view(article, claims)
    assert got["marks"] == json.loads(json.dumps([m.to_json() for m in shown.marks]))
    assert got["claims"] == json.loads(json.dumps([c.to_json() for c in shown.claims]))
    assert "".join(s["text"] for s in got["segments"]) == article.text
    assert any(item["threads"] for item in got["items"])


def test_speaker_and_outlet_twins(client, demo):
    speaker = demo["speaker"]
    got = get_json(client, f"/speaker/{speaker.id}.json")
    assert got["speaker"] == json.loads(json.dumps(views.speaker_row(speaker).to_json()))
    assert len(got["claims"]) == min(speaker.claims, web.CLAIMS_SHOWN)
    outlet = get_json(client, "/outlet.json?name=Orvanian%20News%20Agency")
    assert outlet["articles"] and all(c["row"]["outlet"] == "Orvanian News Agency" for c in outlet["claims"])
    assert sum(n for _, n in outlet["stances"]) == len(outlet["claims"])


def test_search_finds_words_and_marks_them(client):
    got = get_json(client, "/search.json?q=fighters")
    assert got["hits"]
    for hit in got["hits"]:
        marked = [s["text"].lower() for s in hit["content"] if "hit" in s["kinds"]]
        assert "fighters" in marked or "fighters" in hit["item"]["row"]["speaker_text"].lower()
    ids = [h["item"]["claim_id"] for h in got["hits"]]
    assert ids == sorted(ids, reverse=True)
    assert get_json(client, '/search.json?q="')["hits"] == []


# ---------------------------------------------------------------------------- pages


@pytest.mark.parametrize("path", [
    "/", "/threads", "/threads?conflicts=1&sort=sources", "/search?q=fighters", "/search", "/outlet?name=The%20Lowland%20Herald",
    "/static/style.css",
])
def test_pages_answer_with_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'",
                      "base-uri 'none'", "form-action 'self'"):
        assert directive in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    if path != "/static/style.css":
        assert "<script" not in response.text and " style=" not in response.text


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_nothing_but_get_and_head_is_answered(client, method):
    response = client.request(method, "/threads")
    assert response.status_code == 405
    assert "content-security-policy" in response.headers


def test_head_is_answered(client):
    assert client.head("/threads").status_code == 200


@pytest.mark.parametrize(("path", "status"), [
    ("/thread/999999", 404), ("/thread/999999.json", 404), ("/article/nosuch", 404), ("/speaker/999999", 404),
    ("/outlet?name=Nobody", 404), ("/outlet", 400), ("/threads?page=0", 400), ("/threads?page=x", 400),
    ("/threads?since=March", 400), ("/threads?sort=evil", 400), ("/threads?per_page=100000", 400), ("/nowhere", 404),
])
def test_bad_addresses_are_errors_not_crashes(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert "<script" not in response.text


def test_thread_page_draws_one_mark_per_dated_figure(client, demo):
    thread = demo["conflicted"]
    html = client.get(f"/thread/{thread.id}").text
    dated = sum(1 for m in thread.members if m.day)
    assert len(re.findall(r'<g class="mark ', html)) == dated
    assert html.count("<svg") >= 1 and 'class="ring"' in html
    assert f'href="/article/{thread.members[0].article_id}#claim-{thread.members[0].claim_id}"' in html


def test_article_page_marks_every_claim(client, demo):
    html = client.get(f"/article/{demo['article']}").text
    claims = api.claims(article_id=demo["article"], settings=demo["settings"])
    for c in claims:
        assert f'id="claim-{c.id}"' in html
    assert html.count('class="m-claim') >= len({c.claim.content.span for c in claims}) > 0
    assert 'class="m-speaker' in html and 'class="m-debris' in html


# ---------------------------------------------------------------------------- the hostile article


def test_hostile_article_is_shown_as_text(client, demo):
    html = client.get(f"/article/{demo['hostile']}").text
    assert "<script" not in html and "<img" not in html and "onerror=\"" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;" in html
    assert 'href="javascript:' not in html and "javascript:window.__pwned=1" in html
    assert "&lt;b&gt;Evil&lt;/b&gt; News" in html


@pytest.mark.parametrize("path", [
    "/", "/threads?per_page=200", "/search?q=killed", "/search?q=window", "/outlet?name=" + HOSTILE_OUTLET.replace("<", "%3C"),
])
def test_hostile_names_are_text_on_every_page(client, path):
    html = client.get(path).text
    assert "<script" not in html and "<b>Evil" not in html and "<i " not in html


def test_hostile_speaker_page_shows_markup_as_text(client, demo):
    speaker = next(s for s in api.speakers(settings=demo["settings"]) if "<" in s.canonical)
    html = client.get(f"/speaker/{speaker.id}").text
    assert "<script" not in html and "&lt;" in html


# ---------------------------------------------------------------------------- read-only


def test_serving_writes_nothing(web_ledger, client, demo):
    before = hashlib.sha256(Path(web_ledger).read_bytes()).hexdigest()
    for path in ("/", "/threads", f"/thread/{demo['thread'].id}", f"/article/{demo['article']}", "/search?q=army"):
        client.get(path)
    assert hashlib.sha256(Path(web_ledger).read_bytes()).hexdigest() == before
    store = api.open_reader(Settings(db=web_ledger))
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly|read-only"):
            store.db.execute("DELETE FROM claims")  # type: ignore[attr-defined]
    finally:
        store.close()


# ---------------------------------------------------------------------------- errors of serving


def test_a_postgresql_ledger_is_e091():
    with pytest.raises(ClaimledgerError) as e:
        web.create_app(Settings(db="postgresql://me:secret@db.example/claims"))
    assert e.value.code == "E091" and "secret" not in str(e.value)


def test_a_missing_ledger_is_e011(tmp_path):
    with pytest.raises(ClaimledgerError) as e:
        web.create_app(Settings(db=str(tmp_path / "none.db")))
    assert e.value.code == "E011"
    assert not (tmp_path / "none.db").exists()


def test_an_old_schema_is_e093(tmp_path):
    path = tmp_path / "old.db"
    api.open_ledger(Settings(db=str(path))).close()
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'thread_listing_indexes'")
    with pytest.raises(ClaimledgerError) as e:
        web.create_app(Settings(db=str(path)))
    assert e.value.code == "E093"


def test_a_taken_port_is_e094(web_ledger):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(ClaimledgerError) as e:
            web.serve(Settings(db=web_ledger, port=taken.getsockname()[1]))
    assert e.value.code == "E094"


def test_without_the_web_extra_serve_is_e090(monkeypatch, web_ledger):
    import sys

    from claimledger.cli import cli

    for name in [m for m in sys.modules if m.split(".")[0] in ("starlette", "jinja2", "uvicorn")] + ["jinja2", "starlette"]:
        monkeypatch.setitem(sys.modules, name, None)  # as if not installed: importing it fails
    monkeypatch.delitem(sys.modules, "claimledger.web.app")
    # an address no machine has: were the extra found after all, serving would fail (E094), not wait
    result = CliRunner().invoke(cli, ["--db", web_ledger, "serve", "--host", "256.0.0.1"])
    assert result.exit_code == 1
    assert "[E090]" in result.output and "claimledger[web]" in result.output


def test_serve_listens_on_loopback_unless_told():
    assert Settings().host == "127.0.0.1"
    with pytest.raises(ClaimledgerError) as e:
        Settings(port=70000)
    assert e.value.code == "E022"


# ---------------------------------------------------------------------------- charts and segments


def entry(index, day, low, high=None, bound="", conflicts=(), outlet="A"):
    return views.TimelineEntry(
        index=index, date=day, value=str(low), low=low, high=low if high is None else high, qualifier=None, change="=",
        who="x", kind="direct", outlet=outlet, article_id="abc", conflicts_with=tuple(conflicts), sentence="s",
        span=(0, 1), claim_id=index, bound=bound,
    )


@pytest.mark.parametrize(("e", "kind", "shape"), [
    (entry(0, "2024-03-11", 35), "point", "<circle"),
    (entry(0, "2024-03-11", 58, bound="at least"), "bound", "<path"),
    (entry(0, "2024-03-11", 60, bound="at most"), "bound", "<path"),
    (entry(0, "2024-03-11", 20, 30), "range", "<rect"),
    (entry(0, "2024-03-11", 500, bound="around"), "point", "<circle"),
])
def test_each_figure_is_drawn_as_what_it_claims(e, kind, shape):
    svg = str(charts.timeline_svg(views.TimelineSeries("count", (e,)), {"A": "#000"}))
    mark = svg[svg.index('<g class="mark'):]
    assert mark.startswith(f'<g class="mark {kind}')
    assert shape in mark.split("</g>")[0]
    if kind == "bound":
        assert "stroke-dasharray" in mark.split("</g>")[0]  # a bound runs to the edge: not a point


def test_chart_counts_dated_figures_and_rings_conflicts_and_current():
    series = views.TimelineSeries("count", (
        entry(0, "2024-03-11", 35, conflicts=(1,)), entry(1, "2024-03-11", 48, conflicts=(0,), outlet="B"),
        entry(2, "2024-03-12", 58, bound="at least"), entry(3, None, 10),
    ))
    colours = charts.outlet_colours(series.entries)
    svg = str(charts.timeline_svg(series, colours, current=[2]))
    assert svg.count('<g class="mark') == 3 and 'data-marks="3"' in svg
    assert svg.count('class="ring"') == 3 and "current" in svg
    assert colours == {"A": charts.PALETTE[0], "B": charts.PALETTE[1]}


def test_chart_text_is_escaped():
    evil = entry(0, "2024-03-11", 5, outlet='<script>alert(1)</script>"')
    svg = str(charts.timeline_svg(views.TimelineSeries("<b>unit</b>", (evil,)), {}))
    assert "<script" not in svg and "<b>" not in svg and "&lt;script&gt;" in svg


@pytest.mark.parametrize(("text", "marks", "expected"), [
    ("abc", [], [("abc", ())]),
    ("Voss said 5 left.", [views.Mark(0, 4, "speaker", "speaker 1"), views.Mark(5, 9, "cue", "cue 1"),
                           views.Mark(10, 16, "claim", "claim 1")],
     [("Voss", ("speaker",)), (" ", ()), ("said", ("cue",)), (" ", ()), ("5 left", ("claim",)), (".", ())]),
    ("aXbY", [views.Mark(0, 4, "claim", "claim 2"), views.Mark(1, 2, "speaker", "speaker 1,2")],
     [("a", ("claim",)), ("X", ("claim", "speaker")), ("bY", ("claim",))]),
    ("T\nbody", [views.Mark(0, 1, "title", "title")], [("T", ("title",)), ("\nbody", ())]),
])
def test_segments_cover_the_text_with_its_marks(text, marks, expected):
    found = views.segments(text, marks)
    assert [(s.text, s.kinds) for s in found] == expected
    assert "".join(s.text for s in found) == text


@pytest.mark.parametrize(("text", "words", "hits"), [
    ("The fighters left; Fighters stay", ["fighters"], ["fighters", "Fighters"]),
    ("firefighters came", ["fighters"], []),
    ('a "quoted" word', ['"quoted"'], ["quoted"]),
    ("nothing", [], []),
])
def test_search_hits_are_whole_words(text, words, hits):
    found = views.word_hits(text, words)
    assert [s.text for s in found if "hit" in s.kinds] == hits
    assert "".join(s.text for s in found) == text


@pytest.mark.parametrize(("url", "link"), [
    ("https://ona.example/a", "https://ona.example/a"),
    ("http://x.example", "http://x.example"),
    ("javascript:window.__pwned=1", None),
    (" JavaScript:alert(1)", None),
    ("data:text/html,<script>", None),
    ("", None),
    (None, None),
])
def test_only_web_addresses_become_links(url, link):
    assert web.link_of(url) == link


def test_thread_listing_reads_pages_through_the_store(demo):
    total, page = api.thread_listing(ThreadQuery(min_members=2, limit=2, offset=1), settings=demo["settings"])
    everything = api.threads(settings=demo["settings"])
    assert total == len(everything)
    assert [t.id for t in page] == [t.id for t in everything[1:3]]
