"""Tests for claimledger.ingest: the readers and their registry, streaming, folders and links,
manifests, metadata precedence, errors.

Every text here is invented for these tests.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from claimledger import api
from claimledger.clean import clean
from claimledger.errors import InputError
from claimledger.ingest import (
    SUPPORTED,
    RawRecord,
    is_extracted_source,
    iter_files,
    load_manifest,
    outlet_from_url,
    parse_date,
    read_articles,
    read_file,
    reader_for,
    readers,
    register_reader,
    registry,
    suffixes,
)
from claimledger.ingest.jsonl import parse_lines
from claimledger.records import Article
from claimledger.settings import Settings

TITLE = "Ferry service to the islands resumes after storm"
STORY = [
    "The harbour company said on Monday that 1,400 passengers had been stranded on the islands for three days.",
    "Its director told reporters that the first boat left at dawn and that two more crossings are planned for the evening.",
]
TEXT = "in ,\n\n" + TITLE + "\n\n" + "\n\n".join(STORY) + "\n\nWhat do you think?\nLeave a comment\n"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf8")
    return path


def split(items) -> tuple[list[Article], list[InputError]]:
    items = list(items)
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, InputError)]


def body_lines(article: Article) -> list[str]:
    return [article.text[s:e] for s, e in article.body]


def cleaned(article: Article) -> Article:
    """``article`` cleaned by the rules, as a later stage does (reading never cleans)."""
    return clean(article, extracted=article.extracted)


def jsonl(*rows: dict | str) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n"


def row(i: int, **fields) -> dict:
    base = {"id": f"r{i}", "outlet": "Island Courier", "url": None, "published": "2016-12-14", "title": TITLE,
            "text": f"{TITLE}. {STORY[0]} Row {i}."}
    return base | fields


# ---- plain text


def test_txt_is_read_whole_and_sourced(tmp_path: Path) -> None:
    path = write(tmp_path / "harbourtimes" / "a.txt", TEXT)
    [article] = read_file(path)
    assert article.source == str(path)
    assert article.text == TEXT
    assert (article.title, article.extracted) == (None, False)
    cleaned(article)
    assert article.title == TITLE
    assert body_lines(article) == STORY
    assert article.outlet == "harbourtimes"  # fallback: the folder's name
    assert article.published is None  # undated stays undated
    assert article.id


def test_txt_with_bom_and_crlf_keeps_offsets(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", ("\ufeff" + TEXT.replace("\n", "\r\n")).encode("utf8"))
    [article] = read_file(path)
    assert not article.text.startswith("\ufeff")
    assert body_lines(cleaned(article)) == STORY


# ---- html

HTML = """<!DOCTYPE html><html lang="en"><head><title>{title} | Island Courier</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="Island Courier">
<meta property="article:published_time" content="2016-12-14T10:00:00Z">
<link rel="canonical" href="https://www.islandcourier.example/ferry-resumes"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>{title}</h1>{paragraphs}</article><footer>All rights reserved.</footer></body></html>"""


def html_page() -> str:
    paragraphs = "".join(f"<p>{p} {p}</p>" for p in STORY * 2)
    return HTML.format(title=TITLE, paragraphs=paragraphs)


def test_html_is_extracted_with_metadata_and_kept_whole(tmp_path: Path) -> None:
    path = write(tmp_path / "page.html", html_page())
    [article] = read_file(path)
    assert article.extracted
    assert article.title == TITLE
    assert article.outlet == "Island Courier"
    assert article.published == date(2016, 12, 14)
    assert article.url == "https://www.islandcourier.example/ferry-resumes"
    assert STORY[0] in article.text and "Home" not in article.text.split("\n")
    lines = [ln.strip() for ln in article.text.split("\n") if ln.strip() and ln.strip() != TITLE]
    assert body_lines(cleaned(article)) == lines  # the extractor's text is the body, minus nothing


def test_html_without_text_is_e009(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.htm", "<html><head><title>x</title></head><body></body></html>")
    _, errors = split(read_articles(path))
    assert [e.code for e in errors] == ["E009"]
    assert str(path) in str(errors[0])


# ---- jsonl


def test_jsonl_rows_become_articles_and_bad_lines_are_reported(tmp_path: Path) -> None:
    content = jsonl(row(1), "", "{not json", row(2, text="   "), "[1, 2]", row(3, published="December 14, 2016"))
    path = write(tmp_path / "corpus.jsonl", content)
    articles, errors = split(read_articles(path))
    assert [a.external_id for a in articles] == ["r1", "r3"]
    assert [a.source for a in articles] == [f"{path}:1", f"{path}:6"]
    assert [(e.code, e.fields["line"]) for e in errors] == [("E003", 3), ("E004", 4), ("E003", 5)]
    assert all(str(path) in str(e) and f"line {e.fields['line']}" in str(e) for e in errors)
    first = articles[0]
    assert (first.outlet, first.published, first.title) == ("Island Courier", date(2016, 12, 14), TITLE)
    cleaned(first)
    assert first.title_span is not None
    assert first.text[first.body[0][0]:].startswith(STORY[0][:30])
    assert articles[1].published == date(2016, 12, 14)


@pytest.mark.parametrize(("text", "title", "expected"), [
    # a title the text does not hold leads it, without its site's name
    ("Wardens counted 230 seals.", "Seal count rises | The Island Courier",
     "Seal count rises\n\nWardens counted 230 seals."),
    ("Wardens counted 230 seals.", "4 Shot At Harbour Party", "4 Shot At Harbour Party\n\nWardens counted 230 seals."),
    # a text that holds its title near the top is left as it is, however the title is cased or punctuated
    ("SEAL COUNT RISES\n\nWardens counted 230 seals.", "Seal count rises", "SEAL COUNT RISES\n\nWardens counted 230 seals."),
    ("Home > News\n\nSeal count rises!\n\nWardens counted 230 seals.", "Seal count rises | The Island Courier",
     "Home > News\n\nSeal count rises!\n\nWardens counted 230 seals."),
    # no title: the text as it is
    ("Wardens counted 230 seals.", None, "Wardens counted 230 seals."),
    # a separator inside the headline itself stays when what follows is no site's name
    ("Text.", "Ferry - the last crossing of the season before the storms close the strait for winter",
     "Ferry - the last crossing of the season before the storms close the strait for winter\n\nText."),
])
def test_a_given_title_leads_a_text_that_does_not_hold_it(text: str, title: str | None, expected: str) -> None:
    from claimledger.ingest.metadata import with_title

    assert with_title(text, title) == expected


def test_an_article_led_by_its_title_keeps_the_id_of_its_text(tmp_path: Path) -> None:
    from claimledger.records import content_id

    path = write(tmp_path / "corpus.jsonl", jsonl(row(1, title="Seal count rises", text="Wardens counted 230 seals.")))
    [article] = read_articles(path)
    assert article.text == "Seal count rises\n\nWardens counted 230 seals."
    assert article.id == content_id("Wardens counted 230 seals.")
    cleaned(article)
    assert article.title_span == (0, len("Seal count rises"))


def test_jsonl_non_utf8_line_is_e003_and_the_rest_come_through(tmp_path: Path) -> None:
    content = jsonl(row(1)).encode() + b'{"text": "caf\xe9"}\n' + jsonl(row(3)).encode()
    articles, errors = split(read_articles(write(tmp_path / "c.jsonl", content)))
    assert [a.external_id for a in articles] == ["r1", "r3"]
    assert [(e.code, e.fields["line"]) for e in errors] == [("E003", 2)]


def test_jsonl_outlet_falls_back_to_url_domain(tmp_path: Path) -> None:
    path = write(tmp_path / "c.jsonl", jsonl(row(1, outlet=None, url="https://www.islandcourier.example/a/b")))
    [article] = read_file(path)
    assert article.outlet == "islandcourier.example"


# ---- every reader only reads

# (file name, content, reader, extracted)
READERS = [
    ("a.txt", TEXT, "text", False),
    ("A.TXT", TEXT, "text", False),
    ("page.html", html_page(), "html", True),
    ("page.htm", html_page(), "html", True),
    ("c.jsonl", jsonl(row(1)), "jsonl", False),
]


@pytest.mark.parametrize(("name", "content", "reader", "extracted"), READERS)
def test_each_reader_yields_uncleaned_articles_with_its_extracted_flag(
    tmp_path: Path, name: str, content: str, reader: str, extracted: bool
) -> None:
    path = write(tmp_path / name, content)
    assert reader_for(path) is readers()[reader]
    [article] = read_file(path)
    assert (article.extracted, article.title_span, article.body) == (extracted, None, [])
    assert STORY[0] in article.text


# ---- the registry


def test_registered_readers_their_suffixes_and_flags() -> None:
    found = {name: (r.suffixes, r.extracted) for name, r in readers().items()}
    assert found == {
        "text": ((".txt",), False), "html": ((".html", ".htm"), True), "jsonl": ((".jsonl",), False),
        "feed": ((".rss", ".atom"), True), "warc": ((".warc", ".warc.gz", ".arc", ".arc.gz"), True),
    }
    assert suffixes() == (".txt", ".html", ".htm", ".jsonl", ".rss", ".atom", ".warc", ".warc.gz", ".arc", ".arc.gz")
    assert dict(SUPPORTED) == {
        ".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".rss": "feed", ".atom": "feed",
        ".warc": "warc", ".warc.gz": "warc", ".arc": "warc", ".arc.gz": "warc",
    }


@pytest.mark.parametrize(
    ("source", "reader", "extracted"),
    [("a/page.html", "html", True), ("PAGE.HTM", "html", True), ("story.txt", "text", False),
     ("dump.jsonl", "jsonl", False), ("dump.jsonl:3", None, False), ("notes.docx", None, False),
     ("crawl.warc.gz", "warc", True), ("CRAWL.ARC.GZ", "warc", True), ("crawl.warc.gz:7", None, True),
     ("news.rss:2", None, True), ("backup.tar.gz", None, False), ("notes.gz", None, False),
     ("README", None, False), ("", None, False), (None, None, False)],
)
def test_reader_for_and_is_extracted_source(source: str | None, reader: str | None, extracted: bool) -> None:
    found = reader_for(source) if source is not None else None
    assert (found.name if found else None) == reader
    assert is_extracted_source(source) is extracted


@pytest.mark.parametrize("name", ["notes.docx", "feed.opml", "page.xhtml", "README", "crawl.cdx.gz"])
def test_unknown_suffix_is_e006_listing_the_registered_suffixes(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, "x")
    _, [error] = split(read_articles(path))
    assert error.code == "E006"
    assert f"(expected one of: {', '.join(suffixes())})" in str(error)


@pytest.fixture
def scratch_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """A copy of the registry for the test to register into, dropped after it."""
    monkeypatch.setattr(registry, "_READERS", dict(registry._READERS))
    monkeypatch.setattr(registry, "_BY_SUFFIX", dict(registry._BY_SUFFIX))


def test_a_new_format_is_one_registered_function(tmp_path: Path, scratch_registry: None) -> None:
    @register_reader("markdown", suffixes=(".md", ".Markdown"))
    def read_markdown(path: Path) -> Iterator[RawRecord | InputError]:
        yield RawRecord(path.read_text(encoding="utf8").lstrip("# "), str(path), path)

    write(tmp_path / "notes" / "a.md", "# " + TEXT)
    write(tmp_path / "notes" / "b.markdown", TEXT)
    articles, errors = split(read_articles(tmp_path / "notes"))
    assert errors == [] and [a.text for a in articles] == [TEXT, TEXT]
    assert ".md" in suffixes() and readers()["markdown"].suffixes == (".md", ".markdown")
    assert SUPPORTED[".markdown"] == "markdown"
    _, [error] = split(read_articles(write(tmp_path / "x.docx", "x")))
    assert ".md, .markdown" in str(error)


@pytest.mark.parametrize(("name", "taken"), [("text", (".rst",)), ("restructured", (".TXT",)), ("nothing", ())])
def test_a_taken_name_or_suffix_cannot_be_registered(scratch_registry: None, name: str, taken: tuple[str, ...]) -> None:
    with pytest.raises(ValueError):
        register_reader(name, suffixes=taken)


# ---- streaming

# (the bad middle line, its code)
BAD_MIDDLE_LINES = [
    (b"{oops", "E003"),
    (b"[1, 2]", "E003"),
    (b'{"text": "caf\xe9"}', "E003"),
    (b'{"text": "   "}', "E004"),
    (b'{"id": "r2"}', "E004"),
    (json.dumps(row(2, published="sometime soon")).encode(), "E008"),
]


@pytest.mark.parametrize(("line", "code"), BAD_MIDDLE_LINES)
def test_a_bad_line_in_the_middle_keeps_the_lines_before_and_after(tmp_path: Path, line: bytes, code: str) -> None:
    content = b"\n".join([json.dumps(row(1)).encode(), line, json.dumps(row(3)).encode()]) + b"\n"
    articles, errors = split(read_articles(write(tmp_path / "c.jsonl", content)))
    assert [a.external_id for a in articles] == ["r1", "r3"]
    assert [(e.code, e.fields.get("line")) for e in errors] == [(code, 2 if code != "E008" else None)]
    assert str(errors[0]).startswith(f"[{code}] {tmp_path / 'c.jsonl'}")


def test_jsonl_lines_are_parsed_as_they_are_read(tmp_path: Path) -> None:
    path = write(tmp_path / "c.jsonl", jsonl(row(1)))
    items = read_articles(path)
    first = next(items)  # the file is open, and only this line is parsed
    with path.open("a", encoding="utf8") as f:  # the dump grows after the first record came out
        f.write(jsonl(row(2), row(3)))
    assert [first.external_id, *(a.external_id for a in items)] == ["r1", "r2", "r3"]


def test_a_line_is_not_read_before_the_record_before_it_is_taken(tmp_path: Path) -> None:
    def lines() -> Iterator[bytes]:
        yield json.dumps(row(1)).encode() + b"\n"
        raise AssertionError("the second line was read before the first record was taken")

    records = parse_lines(lines(), tmp_path / "c.jsonl")
    first = next(records)
    assert isinstance(first, RawRecord) and first.external_id == "r1"
    records.close()


# ---- bad files

BAD_FILES = [
    ("latin1.txt", "caf\xe9 au lait".encode("latin-1"), "E002"),
    ("empty.txt", b"", "E005"),
    ("blank.txt", b"  \n\n\t\n", "E005"),
    ("empty.jsonl", b"\n\n", "E005"),
    ("notes.docx", b"whatever", "E006"),
    ("bad.jsonl", b"{oops\n", "E003"),
    ("notext.jsonl", b'{"id": 1, "title": "x"}\n', "E004"),
    ("baddate.jsonl", jsonl(row(1, published="sometime soon")).encode(), "E008"),
]


@pytest.mark.parametrize(("name", "content", "code"), BAD_FILES)
def test_bad_files_are_yielded_as_errors(tmp_path: Path, name: str, content: bytes, code: str) -> None:
    path = write(tmp_path / name, content)
    articles, errors = split(read_articles(path))
    assert articles == []
    assert [e.code for e in errors] == [code]
    assert str(path) in str(errors[0]) and f"[{code}]" in str(errors[0])


@pytest.mark.parametrize(("name", "content", "code"), BAD_FILES)
def test_read_file_raises_the_error(tmp_path: Path, name: str, content: bytes, code: str) -> None:
    path = write(tmp_path / name, content)
    with pytest.raises(InputError) as info:
        read_file(path)
    assert info.value.code == code


def test_missing_path_is_e001(tmp_path: Path) -> None:
    _, errors = split(read_articles(tmp_path / "nowhere.txt"))
    assert [e.code for e in errors] == ["E001"]


# ---- folders


def test_folders_are_walked_sorted_recursively_skipping_other_types(tmp_path: Path) -> None:
    for name in ["b/2.txt", "a/z.txt", "a/sub/1.txt", "c.txt", "notes.docx", "img.png", ".hidden/x.txt", "a/.tmp.txt"]:
        write(tmp_path / name, TEXT)
    files = list(iter_files(tmp_path))
    assert [p.relative_to(tmp_path).as_posix() for p in files] == ["a/sub/1.txt", "a/z.txt", "b/2.txt", "c.txt"]
    articles, errors = split(read_articles([tmp_path]))
    assert errors == [] and len(articles) == 4
    assert [a.outlet for a in articles] == ["sub", "a", "b", tmp_path.name]


def test_explicit_unsupported_file_is_an_error_but_the_rest_goes_on(tmp_path: Path) -> None:
    bad = write(tmp_path / "notes.docx", "x")
    good = write(tmp_path / "a.txt", TEXT)
    articles, errors = split(read_articles([bad, good]))
    assert [e.code for e in errors] == ["E006"]
    assert ".docx" in str(errors[0]) and ".txt" in str(errors[0])
    assert len(articles) == 1


# ---- links and what cannot be read inside a folder


def test_links_in_a_folder(tmp_path: Path) -> None:
    target = write(tmp_path / "elsewhere" / "real.txt", TEXT)
    write(tmp_path / "elsewhere" / "other.txt", TEXT)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "to-file.txt").symlink_to(target)
    (folder / "to-nothing.txt").symlink_to(tmp_path / "gone.txt")
    (folder / "to-folder").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "to-nothing.png").symlink_to(tmp_path / "gone.png")  # a type no reader takes: skipped
    items = [i if isinstance(i, InputError) else i.relative_to(folder).as_posix() for i in iter_files(folder)]
    assert [(i.code, Path(i.fields["path"]).name) if isinstance(i, InputError) else i for i in items] == [
        ("E040", "loop.txt"), "to-file.txt", ("E040", "to-nothing.txt")]
    articles, errors = split(read_articles(folder))
    assert [a.source for a in articles] == [str(folder / "to-file.txt")]
    assert [e.code for e in errors] == ["E040", "E040"]
    assert "gone.txt" in str(errors[1])


def test_a_link_to_nothing_named_explicitly_is_e001(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "gone.txt")
    _, errors = split(read_articles(tmp_path / "a.txt"))
    assert [e.code for e in errors] == ["E001"]


def test_a_pipe_in_a_folder_is_e042_and_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.jsonl")
    write(tmp_path / "a.txt", TEXT)
    articles, errors = split(read_articles(tmp_path))
    assert [(e.code, e.fields["kind"]) for e in errors] == [("E042", "pipe")]
    assert len(articles) == 1


FOLDER = {"a.txt": TEXT, "sub/b.txt": TEXT, "sub/c.jsonl": jsonl(row(1)), "sub/d.html": html_page(), "z.txt": TEXT}

# (what is refused, its code, the sources still read)
LOCKED = [
    ("sub", "E041", ["a.txt", "z.txt"]),
    ("sub/b.txt", "E002", ["a.txt", "sub/c.jsonl:1", "sub/d.html", "z.txt"]),
    ("sub/c.jsonl", "E002", ["a.txt", "sub/b.txt", "sub/d.html", "z.txt"]),
    ("sub/d.html", "E002", ["a.txt", "sub/b.txt", "sub/c.jsonl:1", "z.txt"]),
]


@pytest.mark.parametrize(("locked", "code", "read"), LOCKED)
def test_what_cannot_be_read_in_a_folder_is_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locked: str, code: str, read: list[str]
) -> None:
    for name, content in FOLDER.items():
        write(tmp_path / name, content)
    where = tmp_path / locked

    def refuse(real):
        def call(path, *args, **kwargs):
            if Path(path) == where:
                raise PermissionError(13, "Permission denied", str(where))
            return real(path, *args, **kwargs)
        return call

    # as the file system would refuse it without permission (tests may run as root, who is never refused)
    monkeypatch.setattr(os, "scandir", refuse(os.scandir))
    monkeypatch.setattr(Path, "read_bytes", refuse(Path.read_bytes))
    monkeypatch.setattr(Path, "open", refuse(Path.open))
    articles, errors = split(read_articles(tmp_path))
    assert [(e.code, e.fields["path"]) for e in errors] == [(code, where)]
    assert "Permission denied" in str(errors[0])
    assert [Path(a.source).relative_to(tmp_path).as_posix() for a in articles] == read

# ---- manifest and options


def manifest_csv(tmp_path: Path, *rows: str, header: str = "file,outlet,url,published,title") -> Path:
    return write(tmp_path / "manifest.csv", "\n".join([header, *rows]) + "\n")


# (manifest outlet, option outlet, record outlet, expected)
OUTLET_CASES = [
    ("Manifest Times", "Option Post", "Record Courier", "Manifest Times"),
    ("", "Option Post", "Record Courier", "Option Post"),
    ("", None, "Record Courier", "Record Courier"),
    ("", None, None, "islandcourier.example"),  # the URL's domain (the manifest gives the URL)
]


@pytest.mark.parametrize(("given", "option", "own", "expected"), OUTLET_CASES)
def test_outlet_precedence(tmp_path: Path, given: str, option: str | None, own: str | None, expected: str) -> None:
    write(tmp_path / "c.jsonl", jsonl(row(1, outlet=own)))
    manifest = manifest_csv(tmp_path, f"c.jsonl,{given},https://islandcourier.example/x,,")
    [article] = read_file(tmp_path / "c.jsonl", manifest=manifest, outlet=option)
    assert article.outlet == expected
    assert article.url == "https://islandcourier.example/x"


# (manifest date, option date, record date, expected)
DATE_CASES = [
    ("2016-12-08", "2016-12-10", "2016-12-14", date(2016, 12, 8)),
    ("", "2016-12-10", "2016-12-14", date(2016, 12, 10)),
    ("", date(2016, 12, 11), "2016-12-14", date(2016, 12, 11)),
    ("", None, "2016-12-14T10:00:00Z", date(2016, 12, 14)),
    ("", None, None, None),
]


@pytest.mark.parametrize(("given", "option", "own", "expected"), DATE_CASES)
def test_published_precedence(tmp_path: Path, given: str, option, own: str | None, expected: date | None) -> None:
    write(tmp_path / "c.jsonl", jsonl(row(1, published=own)))
    manifest = manifest_csv(tmp_path, f"c.jsonl,,,{given},")
    [article] = read_file(tmp_path / "c.jsonl", manifest=manifest, published=option)
    assert article.published == expected


def test_json_manifest_keyed_by_relative_path_or_name_sets_title(tmp_path: Path) -> None:
    write(tmp_path / "docs" / "x" / "a.txt", TEXT)
    write(tmp_path / "docs" / "y" / "a.txt", TEXT)
    write(tmp_path / "docs" / "y" / "b.txt", TEXT)
    entries = {
        "x/a.txt": {"outlet": "X Outlet", "published": "December 8, 2016", "title": TITLE},
        "b.txt": {"outlet": "B Outlet", "url": "https://b.example/1"},
    }
    manifest = write(tmp_path / "docs" / "manifest.json", json.dumps(entries))
    articles = read_file(tmp_path / "docs", manifest=manifest)
    by_source = {Path(a.source).relative_to(tmp_path / "docs").as_posix(): a for a in articles}
    assert by_source["x/a.txt"].outlet == "X Outlet"
    assert by_source["x/a.txt"].published == date(2016, 12, 8)
    assert by_source["x/a.txt"].title == TITLE and cleaned(by_source["x/a.txt"]).title_span is not None
    assert by_source["y/a.txt"].outlet == "y"  # not listed: folder name
    assert (by_source["y/b.txt"].outlet, by_source["y/b.txt"].url) == ("B Outlet", "https://b.example/1")


def test_bad_date_in_manifest_is_e008_for_that_article_only(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", TEXT)
    write(tmp_path / "b.txt", TEXT)
    manifest = manifest_csv(tmp_path, "a.txt,,,the day after,", "b.txt,,,14 Dec 2016,")
    articles, errors = split(read_articles(tmp_path, manifest=manifest))
    assert [e.code for e in errors] == ["E008"]
    assert "a.txt" in str(errors[0]) and "the day after" in str(errors[0])
    assert [a.published for a in articles] == [date(2016, 12, 14)]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("m.csv", "name,outlet\na.txt,X\n", "E007"),
        ("m.csv", "file,outlet,colour\na.txt,X,red\n", "E007"),
        ("m.csv", "file,outlet\na.txt,X\na.txt,Y\n", "E007"),
        ("m.json", "{not json", "E007"),
        ("m.json", '["a.txt"]', "E007"),
        ("m.json", '{"a.txt": "X"}', "E007"),
    ],
)
def test_bad_manifest_raises(tmp_path: Path, name: str, content: str, code: str) -> None:
    manifest = write(tmp_path / name, content)
    with pytest.raises(InputError) as info:
        read_articles(tmp_path, manifest=manifest)
    assert info.value.code == code
    assert str(manifest) in str(info.value)


def test_missing_manifest_and_bad_option_raise_at_once(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_articles(tmp_path, manifest=tmp_path / "none.csv")
    assert info.value.code == "E001"
    with pytest.raises(InputError) as info:
        read_articles(tmp_path, published="not a date at all")
    assert info.value.code == "E008"


def test_load_manifest_drops_empty_cells(tmp_path: Path) -> None:
    manifest = load_manifest(manifest_csv(tmp_path, "a.txt,X,,,"))
    assert manifest.lookup(tmp_path / "a.txt") == {"outlet": "X"}


# ---- dates and urls


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-12-14", date(2016, 12, 14)),
        ("2016-12-14T10:00:00Z", date(2016, 12, 14)),
        ("2016-12-14T23:30:00-05:00", date(2016, 12, 14)),
        ("December 14, 2016", date(2016, 12, 14)),
        ("14 Dec 2016", date(2016, 12, 14)),
        (date(2016, 12, 14), date(2016, 12, 14)),
        (None, None),
        ("", None),
        ("  ", None),
    ],
)
def test_parse_date(value, expected) -> None:
    assert parse_date(value, path="t") == expected


@pytest.mark.parametrize("value", ["soon", "December 2016", "yesterday", "2016-13-45"])
def test_parse_date_refuses_what_is_not_a_day(value: str) -> None:
    with pytest.raises(InputError) as info:
        parse_date(value, path="where")
    assert info.value.code == "E008" and "where" in str(info.value) and value in str(info.value)


@pytest.mark.parametrize(
    ("url", "outlet"),
    [("https://www.theharbour.example/x", "theharbour.example"), ("http://news.example.org", "news.example.org"),
     ("harbour.example/a", "harbour.example"), (None, None), ("", None)],
)
def test_outlet_from_url(url: str | None, outlet: str | None) -> None:
    assert outlet_from_url(url) == outlet


# ---- cleaning is the caller's: reading leaves it to the stages after it

SLOGAN = "Island Courier: the paper the ferry brings"


def test_a_caller_learns_an_outlets_recurring_line_from_what_was_read(tmp_path: Path) -> None:
    for i in range(3):
        story = [f"Ferry number {i} left the harbour at dawn carrying {i + 20} passengers and a load of timber.", SLOGAN,
                 f"The crew of ferry {i} said the crossing took two hours because of the strong westerly wind."]
        write(tmp_path / "courier" / f"{i}.txt", "\n\n".join([f"Ferry {i} crosses", *story]))
    plain = [cleaned(a) for a in read_file(tmp_path)]
    settings = Settings(recurring_min_articles=2, recurring_min_share=0.5)
    learned = api.clean_batch(read_file(tmp_path), settings=settings)
    assert all(SLOGAN in body_lines(a) for a in plain)
    assert all(SLOGAN not in body_lines(a) for a in learned)
    assert all(len(body_lines(a)) == 2 for a in learned)
    assert [a.source for a in learned] == [a.source for a in plain]


@pytest.mark.parametrize("depth", [10, 300, 5000])
def test_html_nested_deeper_than_the_tree_parser_takes_is_read_flat(tmp_path: Path, depth: int) -> None:
    story = "The mayor said the harbour reopens on Monday after three weeks of repairs to the quay."
    page = ("<html><head><title>Harbour reopens</title><script>var x = 1;</script></head><body>"
            "<nav>Home | World</nav>" + "<div>" * depth + f"<p>{story} {story}</p><p>Officials said 30 boats wait.</p>"
            + "</div>" * depth + "<footer>All rights reserved</footer></body></html>")
    [article] = read_file(write(tmp_path / "deep.html", page))
    lines = article.text.split("\n")
    assert f"{story} {story}" in lines and "Officials said 30 boats wait." in lines
    assert not {"Home | World", "All rights reserved", "var x = 1;"} & set(lines)
    assert article.extracted


@pytest.mark.parametrize("page,expected", [
    ("<html><head><title> A  title </title></head><body><p>One <b>two</b></p><p>three</p></body></html>",
     ("One two\nthree", "A title", 4)),
    ("<div><script>x()</script><div>deep<br>er</div></div>", ("deep\ner", None, 2)),
    ("", ("", None, 0)),
])
def test_flat_text(page: str, expected: tuple[str, str | None, int]) -> None:
    from claimledger.ingest.html import flat_text

    assert flat_text(page) == expected
