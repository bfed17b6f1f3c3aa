"""MinHash fingerprints of articles: the same signature whether the words and shingle
hashes of an article are taken at once or a block at a time (a very long article)."""
from __future__ import annotations

import numpy as np
import pytest

from claimledger.link import syndication
from claimledger.records import Article

REPEATED = "The port director said 40 fishing boats left the harbour on Monday. " * 3
NUMBERED = " ".join(f"w{i}" for i in range(1000))


def reference_signature(hashes: set[int]) -> list[int]:
    """The signature by its definition: per (a, b), the least (a * x + b) mod p over the set."""
    return [min((a * x + b) % syndication._PRIME for x in hashes) for a, b in syndication._COEFFS]


@pytest.mark.parametrize("text,body,expected", [
    ("One two, THREE.", [], ["one", "two", "three"]),
    ("Header\nBody words here\nFooter", [(7, 22)], ["body", "words", "here"]),
    ("ab cd ef", [(0, 4), (5, 8)], ["ab", "c", "ef"]),  # a word cut at a range's end is cut
    ("Title\n\nBody", [(0, 5), (7, 50)], ["title", "body"]),  # a range past the end stops at the end
])
def test_article_words_are_the_words_of_the_kept_ranges(text, body, expected):
    article = Article(text=text)
    article.body = body
    assert list(syndication.article_words(article)) == expected


@pytest.mark.parametrize("words,count", [
    ([], 0),
    (["a", "b", "c"], 1),  # fewer than five words: one shingle of them all
    (["a", "b", "c", "d", "e"], 1),
    (["a", "b", "c", "d", "e", "f", "g"], 3),
    (["x"] * 12, 8),  # repeats included, one per position
])
def test_shingle_hashes_come_one_per_five_word_window(words, count):
    hashes = list(syndication.shingle_hashes(words))
    assert len(hashes) == count
    assert set(hashes) == syndication.shingles(words)


@pytest.mark.parametrize("text,first", [
    (REPEATED, [46109421, 189874709, 45372060, 229831806]),
    (NUMBERED, [1096867, 1931459, 408221, 559131]),
])
@pytest.mark.parametrize("block", [1, 7, 16_384])
def test_a_signature_taken_in_blocks_is_the_signature_of_the_set(monkeypatch, text, first, block):
    monkeypatch.setattr(syndication, "SIGNATURE_BLOCK", block)
    words = list(syndication.article_words(Article(text=text)))
    signature = syndication.signature(syndication.shingle_hashes(words))  # repeats and all
    assert signature[:4] == first
    assert signature == reference_signature(syndication.shingles(words))


@pytest.mark.parametrize("words,block,largest", [
    (40, 16_384, 36),
    (10_000, 1_000, 1_000),
    (10_000, 16_384, 9_996),
])
def test_a_long_article_is_fingerprinted_a_block_of_hashes_at_a_time(monkeypatch, words, block, largest):
    monkeypatch.setattr(syndication, "SIGNATURE_BLOCK", block)
    sizes: list[int] = []
    fromiter = np.fromiter

    def counted(*args, **kwargs):
        out = fromiter(*args, **kwargs)
        sizes.append(out.size)
        return out

    monkeypatch.setattr(syndication.np, "fromiter", counted)
    article = Article(text=" ".join(f"w{i}" for i in range(words)))
    syndication.signature(syndication.shingle_hashes(syndication.article_words(article)))
    assert max(sizes) == largest
    assert sum(sizes) == words - syndication.SHINGLE + 1
