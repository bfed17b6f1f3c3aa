"""Tests for the feed (RSS, Atom) and web-archive (WARC, ARC) readers.

Every feed and archive is built here (archives with warcio's own writer); every text
is invented for these tests.
"""
from __future__ import annotations

import gzip
import io
from datetime import date
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger import api
from claimledger.errors import InputError
from claimledger.ingest import read_articles, reader_for
from claimledger.ingest.feeds import html_to_text
from claimledger.records import Article
from claimledger.settings import Settings

STORIES = [
    ("Ferry service to the islands resumes after storm",
     ["The harbour company said on Monday that 1,400 passengers had been stranded on the islands for three days.",
      "Its director told reporters that the first boat left at dawn and that two more crossings are planned."]),
    ("Council votes to rebuild the old grain bridge",
     ["The town council said on Tuesday that 12 of its 15 members had voted to rebuild the old grain bridge.",
      "The mayor said the work would cost about 3 million crowns and take two summers."]),
    ("Lighthouse keeper counts record number of seals",
     ["The lighthouse keeper said on Wednesday that she had counted 230 grey seals on the northern rocks.",
      "Wardens said the colony had grown by a third since the last count."]),
]


def split(items) -> tuple[list[Article], list[InputError]]:
    items = list(items)
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, InputError)]


def page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>All rights reserved.</footer></body></html>"
    ).encode()


# ---- feeds

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Island Courier</title><link>https://courier.example/</link><description>News</description>
<item><title>{STORIES[0][0]}</title><link>https://courier.example/ferry</link><guid>courier-1</guid>
<pubDate>Thu, 14 Mar 2024 09:00:00 GMT</pubDate><description>Short teaser.</description>
<content:encoded><![CDATA[<p>{STORIES[0][1][0]}</p><p>{STORIES[0][1][1]}</p>]]></content:encoded></item>
<item><title>Empty entry</title><link>https://courier.example/empty</link></item>
<item><title>{STORIES[1][0]}</title><link>https://courier.example/bridge</link>
<pubDate>Fri, 15 Mar 2024 10:00:00 GMT</pubDate><description>&lt;p&gt;{STORIES[1][1][0]}&lt;/p&gt;&lt;p&gt;{STORIES[1][1][1]}&lt;/p&gt;</description></item>
</channel></rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Northern Lamp</title><id>urn:lamp</id>
<updated>2024-03-16T08:00:00Z</updated>
<entry><title>{STORIES[2][0]}</title><id>urn:lamp:seals</id><link href="https://lamp.example/seals"/>
<published>2024-03-16T08:00:00Z</published><updated>2024-03-17T08:00:00Z</updated>
<content type="html">&lt;p&gt;{STORIES[2][1][0]}&lt;/p&gt;&lt;script&gt;track()&lt;/script&gt;&lt;p&gt;{STORIES[2][1][1]}&lt;/p&gt;</content></entry>
</feed>
"""


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>One <b>two</b>.</p><p>Three.</p>", "One two.\nThree."),
        ("Plain line.\n\n  Another.  ", "Plain line.\nAnother."),
        ("<div>A<br>B</div><script>x()</script>C", "A\nB\nC"),
        ("Fish &amp; chips", "Fish & chips"),
        ("", ""),
    ],
)
def test_html_to_text(markup: str, expected: str) -> None:
    assert html_to_text(markup) == expected


def test_rss_entries_become_articles_with_their_metadata_and_an_empty_entry_is_e061(tmp_path: Path) -> None:
    path = tmp_path / "courier.rss"
    path.write_text(RSS, encoding="utf8")
    articles, errors = split(read_articles(path))
    got = [(a.title, a.url, a.published, a.outlet, a.external_id, a.source, a.extracted) for a in articles]
    assert got == [
        (STORIES[0][0], "https://courier.example/ferry", date(2024, 3, 14), "Island Courier", "courier-1",
         f"{path}:1", True),
        (STORIES[1][0], "https://courier.example/bridge", date(2024, 3, 15), "Island Courier",
         "https://courier.example/bridge", f"{path}:3", True),
    ]
    # the entry's title leads its text (the content does not hold it)
    assert articles[0].text == STORIES[0][0] + "\n\n" + "\n".join(STORIES[0][1])  # the full content wins over the teaser
    assert articles[1].text == STORIES[1][0] + "\n\n" + "\n".join(STORIES[1][1])  # no content: the summary, from HTML
    assert [(e.code, e.fields["entry"]) for e in errors] == [("E061", 2)]


def test_atom_entry_takes_its_published_date_and_drops_scripts(tmp_path: Path) -> None:
    path = tmp_path / "lamp.atom"
    path.write_text(ATOM, encoding="utf8")
    [article] = read_articles(path)
    assert isinstance(article, Article)
    assert (article.outlet, article.published, article.external_id) == ("Northern Lamp", date(2024, 3, 16), "urn:lamp:seals")
    assert article.text == STORIES[2][0] + "\n\n" + "\n".join(STORIES[2][1])


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"this is not a feed at all <<<", "E060"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>', "E005"),
    ],
)
def test_a_bad_or_empty_feed_is_reported(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.rss"
    path.write_bytes(content)
    assert [e.code for e in read_articles(path)] == [code]


# ---- web archives


def warc_file(path: Path, records: list[tuple[str, str, bytes, str]], *, gzipped: bool) -> Path:
    """A WARC file of ``(uri, content type, payload, warc date)`` responses, each after its request."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for uri, kind, payload, when in records:
            request = writer.create_warc_record(
                uri, "request", http_headers=StatusAndHeaders(f"GET {uri} HTTP/1.1", [("Host", "x")], is_http_request=True)
            )
            writer.write_record(request)
            status = "404 Not Found" if uri.endswith("/gone") else "200 OK"
            headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                uri, "response", payload=io.BytesIO(payload), http_headers=headers, warc_headers_dict={"WARC-Date": when}
            ))
    return path


CAPTURES = [
    ("https://courier.example/ferry", "text/html; charset=utf-8", page(*STORIES[0]), "2024-03-14T09:00:00Z"),
    ("https://courier.example/logo.png", "image/png", b"\x89PNG not really", "2024-03-14T09:00:01Z"),
    ("https://courier.example/empty", "text/html", b"<html><body></body></html>", "2024-03-14T09:00:02Z"),
    ("https://courier.example/gone", "text/html", page(*STORIES[2]), "2024-03-14T09:00:03Z"),
    ("https://lamp.example/bridge", "text/html", page(*STORIES[1]), "2024-03-15T10:30:00Z"),
]


@pytest.mark.parametrize(("name", "gzipped"), [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_warc_pages_become_articles_in_order_and_other_records_pass(tmp_path: Path, name: str, gzipped: bool) -> None:
    path = warc_file(tmp_path / name, CAPTURES, gzipped=gzipped)
    assert reader_for(path).name == "warc"
    articles, errors = split(read_articles(path))
    # records: 1 warcinfo, then a request and a response per capture
    assert [(a.url, a.external_id, a.published, a.source, a.extracted) for a in articles] == [
        ("https://courier.example/ferry", "https://courier.example/ferry", date(2024, 3, 14), f"{path}:3", True),
        ("https://lamp.example/bridge", "https://lamp.example/bridge", date(2024, 3, 15), f"{path}:11", True),
    ]
    assert [a.outlet for a in articles] == ["courier.example", "lamp.example"]
    assert STORIES[0][1][0] in articles[0].text and "All rights reserved" not in articles[0].text
    assert [(e.code, e.fields["record"], e.fields["uri"]) for e in errors] == [("E063", 7, "https://courier.example/empty")]


def test_a_corrupt_record_stops_the_archive_after_the_pages_before_it(tmp_path: Path) -> None:
    whole = warc_file(tmp_path / "whole.warc", CAPTURES[:1] + CAPTURES[4:], gzipped=False).read_bytes()
    at = whole.rindex(b"WARC/1.0")  # the last record: the second capture's response
    path = tmp_path / "broken.warc"
    path.write_bytes(whole[:at] + b"not a record header\r\n\r\n" + whole[at:])
    articles, errors = split(read_articles(path))
    assert [a.url for a in articles] == ["https://courier.example/ferry"]
    assert [(e.code, e.fields["record"]) for e in errors] == [("E062", 5)]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [("junk.warc", b"<html>not an archive</html>\n", "E062"), ("zeros.arc", b"\x00\x01\x02 garbage", "E062"), ("empty.warc.gz", gzip.compress(b""), "E005"),
     ("empty.warc", b"", "E005")],
)
def test_a_file_that_is_no_archive_is_reported(tmp_path: Path, name: str, content: bytes, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert [e.code for e in read_articles(path)] == [code]


def arc_file(path: Path, captures: list[tuple[str, str, bytes, str]]) -> Path:
    """An ARC (version 1) file of HTTP responses, written by hand (warcio reads ARC, it writes WARC)."""
    def record(header: str, block: bytes) -> bytes:
        return f"{header} {len(block)}\n".encode() + block + b"\n"

    intro = b"1 0 tests\nURL IP-address Archive-date Content-type Archive-length\n"
    records = [record(f"filedesc://{path.name} 0.0.0.0 20240314090000 text/plain", intro)]
    for uri, kind, payload, when in captures:
        stamp = when.replace("-", "").replace(":", "").replace("T", "").rstrip("Z")
        http = f"HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\n\r\n".encode() + payload
        records.append(record(f"{uri} 192.0.2.1 {stamp} {kind.split(';')[0]}", http))
    gzipped = path.suffix == ".gz"  # one gzip member per record, as archives are written
    path.write_bytes(b"".join(gzip.compress(r) if gzipped else r for r in records))
    return path


@pytest.mark.parametrize("name", ["old.arc", "old.arc.gz"])
def test_arc_pages_are_read_like_warc_ones(tmp_path: Path, name: str) -> None:
    path = arc_file(tmp_path / name, [CAPTURES[0], CAPTURES[4]])
    articles, errors = split(read_articles(path))
    assert errors == []
    assert [(a.url, a.published) for a in articles] == [
        ("https://courier.example/ferry", date(2024, 3, 14)), ("https://lamp.example/bridge", date(2024, 3, 15)),
    ]


def test_ingesting_a_feed_and_an_archive_twice_stores_each_story_once(tmp_path: Path, db_path: str) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "courier.rss").write_text(RSS, encoding="utf8")
    warc_file(tmp_path / "in" / "crawl.warc.gz", CAPTURES, gzipped=True)
    settings = Settings(db=db_path)
    first = api.ingest([tmp_path / "in"], settings=settings)
    assert (first.ingested, sorted(m[:6] for _, m in first.failed)) == (4, ["[E061]", "[E063]"])
    again = api.ingest([tmp_path / "in"], settings=settings)
    assert (again.ingested, again.duplicates) == (0, 4)
    stored = {a.external_id: a for a in api.read([tmp_path / "in"], failed=[])}
    assert set(stored) == {"courier-1", "https://courier.example/bridge", "https://courier.example/ferry",
                           "https://lamp.example/bridge"}
