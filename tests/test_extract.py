"""The extraction stage: masking debris, and long articles parsed in pieces."""
from __future__ import annotations

import pytest

from claimledger import extract
from claimledger.extract import extract_claims, masked_text, pieces
from claimledger.records import Article


def reference_mask(text: str, kept: list[tuple[int, int]]) -> str:
    """The masking rule written the obvious way: every character outside ``kept``
    becomes a space, line breaks stay."""
    chars = [c if c == "\n" else " " for c in text]
    for start, end in kept:
        chars[start:end] = text[start:end]
    return "".join(chars)


@pytest.mark.parametrize(
    "text,body,title",
    [
        ("Menu\nThe story.\nShare this", [(5, 15)], None),
        ("Title\n\nBody one.\nAds\nBody two.", [(7, 16), (21, 30)], (0, 5)),
        ("overlapping ranges are kept once", [(0, 20), (10, 32)], None),
        ("a title inside the body", [(0, 23)], (2, 7)),
        ("nothing kept but the title\nrest", [], (0, 7)),
        ("line\nbreaks\n\nkept", [(0, 4)], None),
    ],
)
def test_masked_text_blanks_debris_and_keeps_line_breaks(text, body, title):
    article = Article(text=text, body=body, title_span=title)
    masked = masked_text(article)
    assert masked == reference_mask(text, article.kept)
    assert len(masked) == len(text)


BODY = "Police said four people were shot at a party in Harbourview on Sunday. The party was at a home."


@pytest.mark.parametrize(("title", "expected"), [
    # words the body writes small, function words and event words lose their capital; names keep it
    ("4 Shot At Harbourview Party", "4 shot at Harbourview party"),
    ("FOUR SHOT AT HARBOURVIEW PARTY", "Four shot at Harbourview party"),  # capitals: as the body writes each word
    ("2 Dead, 3 Wounded In Harbourview Shooting", "2 dead, 3 wounded in Harbourview shooting"),
    # a headline in sentence case is left as it is
    ("Four people shot at a party in Harbourview", "Four people shot at a party in Harbourview"),
    ("Obama visits Harbourview", "Obama visits Harbourview"),
])
def test_a_headline_in_title_case_is_read_as_a_sentence(title, expected):
    assert extract.truecased(title, BODY) == expected


def test_the_parser_reads_a_title_case_headline_truecased_and_the_claims_keep_its_text(nlp):
    from claimledger.clean import clean

    title = "4 Shot At Harbourview Party"
    article = Article(text=f"{title}\n\n{BODY}", title=title)
    clean(article)
    assert extract.parsed_text(article) == f"4 shot at Harbourview party\n\n{BODY}"
    [(_, claims)] = list(extract_claims([article]))
    [figure] = [q for c in claims for q in c.quantities if q.span[1] <= len(title)]
    assert (figure.text, figure.value, figure.measure.concept) == ("4 Shot", 4, "people")
    assert all(article.text[slice(*c.content.span)] == c.content.text for c in claims)


def test_masked_text_without_ranges_is_the_text():
    assert masked_text(Article(text="All of it.\nKept.")) == "All of it.\nKept."


@pytest.mark.parametrize(
    "text,limit,expected",
    [
        ("short", 10, [(0, 5)]),
        ("one\n\ntwo three", 9, [(0, 5), (5, 14)]),
        ("aaaa\nbbbb\ncccc", 10, [(0, 10), (10, 14)]),
        ("aaa bbb ccc ddd", 8, [(0, 8), (8, 15)]),
        ("x" * 25, 10, [(0, 10), (10, 20), (20, 25)]),
        ("para one.\n\npara two.\n\npara three.", 24, [(0, 22), (22, 33)]),
    ],
)
def test_pieces_end_at_paragraph_breaks_where_they_can(text, limit, expected):
    got = pieces(text, limit)
    assert got == expected
    assert got[0][0] == 0 and got[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(got, got[1:], strict=False))
    assert all(end - start <= limit for start, end in got)


PARAGRAPH = (
    "Harbour officials said on Monday that {n} fishing boats were still missing.\n\n"
    "\u201cWe will search the bay until every crew is found,\u201d said Tomas Reyes, the port director.\n\n"
)


def long_article(paragraphs: int) -> Article:
    text = "Boats missing after the storm\n\n" + "".join(PARAGRAPH.format(n=n + 2) for n in range(paragraphs))
    return Article(text=text, published=None, title="Boats missing after the storm", title_span=(0, 29),
                   body=[(31, len(text))])


def claim_keys(claims):
    """What a claim is, but for the case of an unnamed speaker's canonical name: a piece
    that starts with "Harbour officials" has no earlier mention to take the case from."""
    return sorted((c.kind, c.speaker.canonical.lower(), tuple(c.content.span), tuple(q.span for q in c.quantities))
                  for c in claims)


def test_a_long_article_in_pieces_gives_the_claims_of_the_whole(nlp, monkeypatch):
    article = long_article(12)
    whole = next(extract_claims([article], nlp=nlp))[1]
    monkeypatch.setattr(extract, "MAX_ARTICLE_CHARS", 1_000)
    monkeypatch.setattr(extract, "PIECE_CHARS", 700)
    assert len(pieces(masked_text(article), 700)) >= 3
    split = next(extract_claims([article], nlp=nlp))[1]
    assert claim_keys(split) == claim_keys(whole)
    for claim in split:
        for item in (claim.content, claim.cue, claim.speaker, *claim.quantities):
            if item is not None and item.span is not None:
                assert article.text[item.span[0]:item.span[1]] == item.text


def test_an_article_longer_than_the_parser_allows_is_read_in_pieces(nlp, monkeypatch):
    article = long_article(40)
    monkeypatch.setattr(extract, "MAX_ARTICLE_CHARS", 3_000)
    monkeypatch.setattr(extract, "PIECE_CHARS", 2_000)
    monkeypatch.setattr(nlp, "max_length", 4_000)
    assert len(article.text) > nlp.max_length
    found = next(extract_claims([article], nlp=nlp))[1]
    quoted = [c for c in found if c.kind == "direct"]
    assert len(quoted) == 40
    assert {c.speaker.canonical for c in quoted} == {"Tomas Reyes"}


def test_the_pieces_of_a_long_article_are_freed_as_they_are_parsed(nlp, monkeypatch):
    """Components cache spans of a Doc in its ``user_data``, a reference cycle: without
    clearing it, every piece's Doc (tokens, tensors) would live until Python's next full
    collection, so memory would grow with the article. With the cyclic collector off,
    no Doc is left once the claims are out."""
    import gc

    from spacy.tokens import Doc

    article = long_article(40)
    monkeypatch.setattr(extract, "MAX_ARTICLE_CHARS", 3_000)
    monkeypatch.setattr(extract, "PIECE_CHARS", 2_000)
    gc.collect()
    gc.disable()
    try:
        found = next(extract_claims([article], nlp=nlp))[1]
        alive = sum(isinstance(o, Doc) for o in gc.get_objects())
    finally:
        gc.enable()
    assert (len([c for c in found if c.kind == "direct"]), alive) == (40, 0)


# ---------------------------------------------------------------------------- claims of a long article kept on file


def spans(claim):
    """Every span of a claim with its text."""
    items = (claim.content, claim.cue, claim.speaker, *claim.speakers, *claim.quantities)
    return [(item.span, item.text) for item in items if item is not None and item.span is not None]


@pytest.mark.parametrize("paragraphs,max_chars,piece_chars", [
    (12, 1_000, 700),
    (40, 3_000, 2_000),
    (40, 3_000, 500),  # pieces shorter than a paragraph pair: they end at line breaks or spaces
])
def test_a_long_article_gives_the_claims_of_its_pieces_read_apart(nlp, monkeypatch, paragraphs, max_chars, piece_chars):
    """The claims of a long article are those of its pieces, each read as an article of
    its own, moved by the piece's offset; every offset maps back to the original text."""
    article = long_article(paragraphs)
    monkeypatch.setattr(extract, "MAX_ARTICLE_CHARS", max_chars)
    monkeypatch.setattr(extract, "PIECE_CHARS", piece_chars)
    monkeypatch.setattr(nlp, "max_length", max_chars)
    assert len(article.text) > nlp.max_length
    found = next(extract_claims([article], nlp=nlp))[1]
    assert isinstance(found, extract.ClaimSpool)

    text = masked_text(article)
    expected = []
    for start, end in pieces(text, piece_chars):
        title = article.title_span if article.title_span and article.title_span[1] <= end else None
        part = Article(text=text[start:end], body=[(0, end - start)],
                       title_span=title and (title[0] - start, title[1] - start))
        claims = list(next(extract_claims([part], nlp=nlp))[1])
        extract.shift_claims(claims, start)
        expected.extend(claims)
    assert [(c.kind, c.speaker.canonical, spans(c)) for c in found] == [
        (c.kind, c.speaker.canonical, spans(c)) for c in expected]
    for claim in found:
        for span, said in spans(claim):
            assert article.text[span[0]:span[1]] == said


@pytest.mark.parametrize("view,expected", [
    (lambda spool: len(spool), 3),
    (lambda spool: spool[1].content.text, "two"),
    (lambda spool: spool[-1].content.text, "three"),
    (lambda spool: [c.content.text for c in spool[::2]], ["one", "three"]),
    (lambda spool: [c.content.text for c in spool], ["one", "two", "three"]),
    (lambda spool: [c.content.span for c in __import__("pickle").loads(__import__("pickle").dumps(spool))],
     [(0, 3), (4, 7), (8, 13)]),
])
def test_a_claim_spool_reads_back_what_was_written(view, expected):
    from claimledger.records import Claim, Speaker, TextSpan

    def claim(text, start):
        return Claim(speaker=Speaker(text="Reyes", canonical="Reyes", type="person", span=(20, 25)),
                     content=TextSpan(text=text, span=(start, start + len(text))), kind="indirect")

    spool = extract.ClaimSpool()
    spool.add([claim("one", 0), claim("two", 4)])
    spool.add([claim("three", 8)])
    assert view(spool) == expected


def test_the_claims_of_a_long_article_come_back_from_the_spool_as_they_were_found(nlp, monkeypatch):
    """What the spool reads back is equal, record for record, to what the pieces found."""
    written = []
    add = extract.ClaimSpool.add

    def keep(self, claims):
        claims = list(claims)
        written.extend(claims)
        add(self, claims)

    monkeypatch.setattr(extract.ClaimSpool, "add", keep)
    monkeypatch.setattr(extract, "MAX_ARTICLE_CHARS", 3_000)
    monkeypatch.setattr(extract, "PIECE_CHARS", 2_000)
    found = next(extract_claims([long_article(40)], nlp=nlp))[1]
    assert len(written) > 40
    assert list(found) == written


def test_the_pieces_of_a_long_article_are_parsed_as_a_stream(nlp, monkeypatch):
    """A piece's Doc is made when the parser asks for it and gone once its claims are
    out: however many pieces, no more Docs are alive at once than a batch holds."""
    import gc

    from spacy.tokens import Doc

    from claimledger.settings import Settings

    monkeypatch.setattr(extract, "MAX_ARTICLE_CHARS", 1_000)
    monkeypatch.setattr(extract, "PIECE_CHARS", 400)
    made = extract.make_doc
    alive: list[int] = []

    def counting(*args, **kwargs):
        alive.append(sum(isinstance(o, Doc) for o in gc.get_objects()))
        return made(*args, **kwargs)

    monkeypatch.setattr(extract, "make_doc", counting)
    gc.collect()
    gc.disable()
    try:
        found = next(extract_claims([long_article(40)], nlp=nlp, settings=Settings(batch_size=2)))[1]
    finally:
        gc.enable()
    assert len(alive) >= 20 and len([c for c in found if c.kind == "direct"]) == 40
    assert max(alive) <= 2 + 1  # a batch, and the piece made for the next one
