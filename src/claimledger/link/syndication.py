"""Syndicated copies: the same story published again by another outlet.

A byte-identical text is one article with several publications (the store records
each). A copy that is not byte-identical (a wire story reprinted under another
outlet's header and footer, a sentence trimmed) is found by MinHash over the words of
its title and body: the signature estimates the Jaccard similarity of two articles'
word 5-gram sets, and locality-sensitive hashing (``BANDS`` bands of ``ROWS`` values)
makes only articles sharing a band candidates, so finding copies stays near linear in
the number of articles. :func:`find_copies` does that for new articles against a
ledger; the ledger only keeps the signatures and band keys (:class:`CopyLedger`).
"""
from __future__ import annotations

import hashlib
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from itertools import chain, islice
from typing import Any, Protocol

import numpy as np

from ..records import Article

__all__ = ["BANDS", "ROWS", "CopyLedger", "band_keys", "find_copies", "jaccard", "shingle_hashes", "shingles",
           "signature"]

#: Signature length = BANDS * ROWS; two articles of Jaccard similarity s share a band
#: with probability 1 - (1 - s**ROWS)**BANDS (0.8 -> 0.9996, 0.5 -> 0.65, 0.2 -> 0.03).
BANDS = 16
ROWS = 4
SHINGLE = 5

#: Articles with fewer words are never taken for syndicated copies (a bare headline).
MIN_COPY_WORDS = 40

#: The hash family is (a * x + b) mod a Mersenne prime, over 32-bit shingle hashes, so
#: that every product fits in 64 bits and a signature is one vectorised operation.
_PRIME = (1 << 31) - 1

#: Shingle hashes a signature takes at a time (its hash values then take 8 MB).
SIGNATURE_BLOCK = 16_384
_WORD = re.compile(r"\w+")


def _coefficients(n: int) -> list[tuple[int, int]]:
    """Fixed (a, b) pairs of the hash family, the same in every run."""
    out = []
    for i in range(n):
        digest = hashlib.blake2b(f"claimledger-minhash-{i}".encode(), digest_size=16).digest()
        a = int.from_bytes(digest[:8], "little") % _PRIME or 1
        b = int.from_bytes(digest[8:], "little") % _PRIME
        out.append((a, b))
    return out


_COEFFS = _coefficients(BANDS * ROWS)
_A = np.array([a for a, _ in _COEFFS], dtype=np.uint64)
_B = np.array([b for _, b in _COEFFS], dtype=np.uint64)


def article_words(article: Article) -> Iterator[str]:
    """The lower-cased words of an article's title and body (debris left out), one at
    a time (a very long article's are never all held)."""
    text = article.text
    for start, end in article.kept or [(0, len(text))]:
        for match in _WORD.finditer(text, start, end):
            yield match.group().lower()


def _hash(gram: str) -> int:
    return int.from_bytes(hashlib.blake2b(gram.encode("utf8"), digest_size=4).digest(), "little")


def shingle_hashes(words: Iterable[str], size: int = SHINGLE) -> Iterator[int]:
    """Hashes of the word ``size``-grams of ``words`` in order, repeats included (of all
    of them when fewer), made one at a time."""
    window: deque[str] = deque(maxlen=size)
    for word in words:
        window.append(word)
        if len(window) == size:
            yield _hash(" ".join(window))
    if 0 < len(window) < size:
        yield _hash(" ".join(window))


def shingles(words: Sequence[str], size: int = SHINGLE) -> set[int]:
    """Hashes of the word ``size``-grams of ``words`` (of all of them when fewer)."""
    return set(shingle_hashes(words, size))


def signature(items: Iterable[int]) -> list[int]:
    """The MinHash signature of a set of shingle hashes (empty set: all maxima).

    ``items`` may repeat hashes (a minimum is the same over a set and over its
    repeats) and are taken :data:`SIGNATURE_BLOCK` at a time: the hash family's values
    of a block are ``BANDS * ROWS`` times its size, so a very long article's are never
    all held.
    """
    items = iter(items)
    lowest: np.ndarray | None = None
    while True:
        x = np.fromiter(islice(items, SIGNATURE_BLOCK), dtype=np.uint64)
        if not x.size:
            break
        low = ((_A[:, None] * x[None, :] + _B[:, None]) % _PRIME).min(axis=1)
        lowest = low if lowest is None else np.minimum(lowest, low)
    if lowest is None:
        return [_PRIME] * len(_COEFFS)
    return [int(v) for v in lowest]


def band_keys(sig: Sequence[int]) -> list[str]:
    """The LSH keys of a signature: one per band, ``"band:hash"``."""
    out = []
    for band in range(BANDS):
        chunk = ",".join(map(str, sig[band * ROWS:(band + 1) * ROWS]))
        out.append(f"{band}:{hashlib.blake2b(chunk.encode(), digest_size=8).hexdigest()}")
    return out


def jaccard(a: Sequence[int], b: Sequence[int]) -> float:
    """The Jaccard similarity two signatures estimate."""
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a) if a else 0.0


class CopyLedger(Protocol):
    """What :func:`find_copies` reads and writes in a ledger (the store implements it)."""

    def copy_candidates(self, bands: Sequence[str], *, exclude: str) -> list[tuple[str, list[int]]]: ...
    def original_of(self, article_id: str) -> str | None: ...
    def mark_copy(self, article_id: str, original_id: str, similarity: float) -> None: ...
    def add_signature(self, article_id: str, signature: Sequence[int], bands: Sequence[str]) -> None: ...
    def transaction(self) -> AbstractContextManager[Any]: ...


def find_copies(articles: Iterable[Article], ledger: CopyLedger, *, threshold: float = 0.8) -> dict[str, str]:
    """Record which of ``articles`` (cleaned and stored) are syndicated copies of stored articles.

    Each article's signature is stored with its band keys; the stored articles sharing
    a band with it are its candidates, and the most similar one whose estimated
    Jaccard similarity reaches ``threshold`` (the oldest on a tie) is its original (or
    that one's original, when it is a copy itself). An article too short to be taken
    for a copy (:data:`MIN_COPY_WORDS`) gets an empty signature, so that every stored
    article is marked fingerprinted. Returns ``{copy id: original id}``.
    """
    found: dict[str, str] = {}
    with ledger.transaction():  # one commit for the batch, not one per article
        for item in articles:
            words = article_words(item)
            first = list(islice(words, MIN_COPY_WORDS))
            if len(first) < MIN_COPY_WORDS:
                ledger.add_signature(item.id, [], [])  # fingerprinted: too short to be a copy
                continue
            sig = signature(shingle_hashes(chain(first, words)))  # the words are read as they are hashed
            bands = band_keys(sig)
            best, best_sim = None, threshold
            for other, other_sig in ledger.copy_candidates(bands, exclude=item.id):
                sim = jaccard(sig, other_sig)
                if sim >= best_sim and (best is None or sim > best_sim):
                    best, best_sim = other, sim
            if best is not None:
                original = ledger.original_of(best) or best
                ledger.mark_copy(item.id, original, best_sim)
                found[item.id] = original
            ledger.add_signature(item.id, sig, bands)
    return found
