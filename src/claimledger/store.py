"""The ledger: articles and their attributed claims in SQLite, through sqlite-utils.

The schema lives in Python and grows by named migrations (:data:`MIGRATIONS`, recorded
in sqlite-utils' ``_sqlite_migrations`` table, one transaction each), so an old ledger
file is brought up to date when it is opened. Full-text search over claims is an
external-content FTS5 table (``claims_fts``) kept in sync by triggers.

Callers use the :class:`ClaimStore` interface, which :class:`Ledger` implements for
SQLite; a PostgreSQL store can implement the same methods later and
:func:`open_store` would pick it from the ledger's address.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Protocol

import sqlite_utils
from sqlite_utils.migrations import Migrations

from .errors import ClaimledgerError
from .identity import AliasBook, Candidate, SpeakerIndex, default_book, is_name
from .records import Article, Claim, Quantity, Speaker

__all__ = ["ClaimStore", "Ledger", "MIGRATIONS", "open_store"]

#: The schema, as named migrations applied in order (``Migrations.apply``).
MIGRATIONS = Migrations("claimledger")

#: Local mentions never recorded as a speaker's alias: they name no one by themselves.
PRONOUNS = frozenset(
    "he she they it we i you him her them us his their its who which this that".split()
)

#: Speakers listed by :meth:`Ledger.summary`.
TOP_SPEAKERS = 10


# ---------------------------------------------------------------------------- schema


@MIGRATIONS()
def create_articles(db: sqlite_utils.Database) -> None:
    """Articles (id = content hash) and their body and title ranges."""
    db["articles"].create(
        {
            "id": str, "external_id": str, "outlet": str, "url": str, "published": str,
            "title": str, "title_start": int, "title_end": int, "text": str, "source": str,
            "ingested_at": str,
        },
        pk="id",
    )
    db["articles"].create_index(["outlet"])
    db["articles"].create_index(["external_id"])
    db["article_ranges"].create(
        {"article_id": str, "kind": str, "start": int, "end": int},
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["article_ranges"].create_index(["article_id"])


@MIGRATIONS()
def create_speakers(db: sqlite_utils.Database) -> None:
    """Resolved speakers, unique by canonical name and type, and their aliases."""
    db["speakers"].create(
        {"id": int, "canonical": str, "type": str, "role": str, "affiliation": str}, pk="id"
    )
    db["speakers"].create_index(["canonical", "type"], unique=True)
    db["speaker_aliases"].create(
        {"speaker_id": int, "alias": str}, foreign_keys=[("speaker_id", "speakers", "id")]
    )
    db["speaker_aliases"].create_index(["speaker_id", "alias"], unique=True)
    db["speaker_aliases"].create_index(["alias"])


@MIGRATIONS()
def create_claims(db: sqlite_utils.Database) -> None:
    """Claims (``json`` is the exact ``Claim.to_json()``), their speakers and quantities."""
    db["claims"].create(
        {
            "id": int, "article_id": str, "seq": int, "kind": str, "speaker_id": int,
            "speaker_text": str, "speaker_start": int, "speaker_end": int,
            "cue_text": str, "cue_start": int, "cue_end": int,
            "content_text": str, "content_start": int, "content_end": int,
            "event_date": str, "json": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("speaker_id", "speakers", "id")],
    )
    db["claims"].create_index(["article_id", "seq"], unique=True)
    db["claims"].create_index(["speaker_id"])
    db["claim_speakers"].create(
        {"claim_id": int, "speaker_id": int, "position": int},
        foreign_keys=[("claim_id", "claims", "id"), ("speaker_id", "speakers", "id")],
    )
    db["claim_speakers"].create_index(["claim_id", "position"], unique=True)
    db["claim_speakers"].create_index(["speaker_id"])
    db["quantities"].create(
        {
            "claim_id": int, "value": float, "low": float, "high": float, "unit": str,
            "counted": str, "qualifier": str, "start": int, "end": int, "text": str,
        },
        foreign_keys=[("claim_id", "claims", "id")],
    )
    db["quantities"].create_index(["claim_id"])


@MIGRATIONS()
def enable_claims_fts(db: sqlite_utils.Database) -> None:
    """Full-text search over what was claimed and by whom, kept in sync by triggers."""
    db["claims"].enable_fts(["content_text", "speaker_text"], create_triggers=True, replace=True)


@MIGRATIONS()
def add_quantity_details(db: sqlite_utils.Database) -> None:
    """Quantities as an analyst reads them: the counted thing as written, its modifiers
    (a JSON list), the change label, the whole it is part of and the vague flag."""
    table = db["quantities"]
    for name, kind in (("counted_text", str), ("modifiers", str), ("change", str), ("whole", str), ("vague", int)):
        if name not in table.columns_dict:
            table.add_column(name, kind)


@MIGRATIONS()
def create_publications(db: sqlite_utils.Database) -> None:
    """Every publication of an article: the same text under several outlets is one article."""
    db["publications"].create(
        {"article_id": str, "outlet": str, "url": str, "published": str, "source": str},
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.execute(
        "CREATE UNIQUE INDEX idx_publications_unique ON publications"
        " (article_id, coalesce(outlet, ''), coalesce(url, ''), coalesce(published, ''))"
    )
    db.execute(
        "INSERT INTO publications (article_id, outlet, url, published, source)"
        " SELECT id, outlet, url, published, source FROM articles"
    )


@MIGRATIONS()
def create_copies(db: sqlite_utils.Database) -> None:
    """Near-duplicate articles: MinHash signatures, their LSH band keys, and found copies."""
    db["article_signatures"].create(
        {"article_id": str, "signature": str}, pk="article_id", foreign_keys=[("article_id", "articles", "id")]
    )
    db["article_bands"].create({"article_id": str, "band": str}, foreign_keys=[("article_id", "articles", "id")])
    db["article_bands"].create_index(["band"])
    db["article_copies"].create(
        {"article_id": str, "original_id": str, "similarity": float},
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id"), ("original_id", "articles", "id")],
    )


@MIGRATIONS()
def create_threads(db: sqlite_utils.Database) -> None:
    """Claim threads, their members (one quantity of one claim each) and word frequencies."""
    db["threads"].create(
        {
            "id": int, "concept": str, "event": str, "place": str, "cumulative": int, "measure": str,
            "places": str, "first_day": str, "last_day": str, "words": str, "size": int,
        },
        pk="id",
    )
    db["threads"].create_index(["concept", "event", "cumulative"])
    db["thread_members"].create(
        {"thread_id": int, "claim_id": int, "qindex": int, "series": str, "low": float, "high": float,
         "day": str, "sources": str},
        foreign_keys=[("thread_id", "threads", "id"), ("claim_id", "claims", "id")],
    )
    db["thread_members"].create_index(["claim_id", "qindex"], unique=True)
    db["thread_members"].create_index(["thread_id"])
    db["threaded_articles"].create({"article_id": str}, pk="article_id", foreign_keys=[("article_id", "articles", "id")])
    db["thread_terms"].create({"term": str, "df": int}, pk="term")
@MIGRATIONS()
def speaker_identity(db: sqlite_utils.Database) -> None:
    """Cross-article identity: where each alias comes from (``mention``, ``file``,
    ``merged``), every role and affiliation a speaker was given, and the speaker an
    affiliation names when the ledger knows it."""
    db["speaker_aliases"].add_column("source", str)
    db.execute("UPDATE speaker_aliases SET source = 'mention'")
    db["speakers"].add_column("affiliation_id", int)
    db["speaker_roles"].create(
        {"speaker_id": int, "role": str}, foreign_keys=[("speaker_id", "speakers", "id")]
    )
    db["speaker_roles"].create_index(["speaker_id", "role"], unique=True)
    db["speaker_affiliations"].create(
        {"speaker_id": int, "affiliation": str, "affiliation_id": int},
        foreign_keys=[("speaker_id", "speakers", "id")],
    )
    db["speaker_affiliations"].create_index(["speaker_id", "affiliation"], unique=True)
    db.execute("INSERT INTO speaker_roles (speaker_id, role) SELECT id, role FROM speakers WHERE role IS NOT NULL")
    db.execute(
        "INSERT INTO speaker_affiliations (speaker_id, affiliation)"
        " SELECT id, affiliation FROM speakers WHERE affiliation IS NOT NULL"
    )


# ---------------------------------------------------------------------------- interface


class ClaimStore(Protocol):
    """What the API needs from a ledger; :class:`Ledger` is the SQLite implementation."""

    def add(self, article: Article, claims: Sequence[Claim]) -> bool: ...
    def has(self, article_id: str) -> bool: ...
    def article(self, article_id: str) -> Article | None: ...
    def articles(self, *, outlet: str | None = None, limit: int | None = None) -> Iterator[Article]: ...
    def claims(
        self, *, speaker: str | None = None, outlet: str | None = None, search: str | None = None,
        article_id: str | None = None, limit: int | None = None,
    ) -> list[dict[str, Any]]: ...
    def speakers(self) -> list[dict[str, Any]]: ...
    def apply_aliases(self, book: AliasBook) -> dict[str, int]: ...
    def summary(self) -> dict[str, Any]: ...
    def add_publication(self, article: Article) -> bool: ...
    def publications(self, article_id: str) -> list[dict[str, Any]]: ...
    def add_signature(self, article_id: str, signature: Sequence[int], bands: Sequence[str]) -> None: ...
    def transaction(self) -> Any: ...
    def copy_candidates(self, bands: Sequence[str], *, exclude: str) -> list[tuple[str, list[int]]]: ...
    def mark_copy(self, article_id: str, original_id: str, similarity: float) -> None: ...
    def copies(self) -> dict[str, str]: ...
    def original_of(self, article_id: str) -> str | None: ...
    def unthreaded_articles(self) -> list[str]: ...
    def thread_inputs(self, article_ids: Sequence[str]) -> Iterator[dict[str, Any]]: ...
    def thread_state(self) -> tuple[list[dict[str, Any]], dict[str, int], int]: ...
    def save_threads(
        self, threads: Sequence[dict[str, Any]], members: Sequence[dict[str, Any]], df: dict[str, int], docs: int,
        article_ids: Sequence[str],
    ) -> None: ...
    def clear_threads(self) -> None: ...
    def thread_rows(self, thread_id: int | None = None) -> list[dict[str, Any]]: ...
    def close(self) -> None: ...


def open_store(address: str | Path, *, create: bool = True, book: AliasBook | None = None) -> ClaimStore:
    """The store at ``address``: a SQLite file path or ``":memory:"``.

    With ``create`` false, a ledger that does not exist yet is an error rather than
    a new empty file (for commands that only read). ``book`` is the alias book new
    speakers are resolved with (default: the shipped one).

    Raises:
        ClaimledgerError: E014 for a server address (no such backend yet), E011 when
            the file cannot be opened as a ledger.
    """
    text = str(address)
    if "://" in text:
        raise ClaimledgerError("E014", db=text)
    return Ledger(text, create=create, book=book)


# ---------------------------------------------------------------------------- rows


def _span(span: tuple[int, int] | None) -> tuple[int | None, int | None]:
    return (span[0], span[1]) if span else (None, None)


def article_row(article: Article) -> dict[str, Any]:
    """The ``articles`` row of ``article``."""
    title_start, title_end = _span(article.title_span)
    return {
        "id": article.id,
        "external_id": article.external_id,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "title": article.title,
        "title_start": title_start,
        "title_end": title_end,
        "text": article.text,
        "source": article.source,
        "ingested_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def range_rows(article: Article) -> list[dict[str, Any]]:
    """The ``article_ranges`` rows: every body range, then the title's."""
    rows = [{"article_id": article.id, "kind": "body", "start": s, "end": e} for s, e in article.body]
    if article.title_span:
        s, e = article.title_span
        rows.append({"article_id": article.id, "kind": "title", "start": s, "end": e})
    return rows


def claim_row(article_id: str, seq: int, claim: Claim, speaker_id: int) -> dict[str, Any]:
    """The ``claims`` row of ``claim``, the ``seq``-th claim of its article."""
    speaker_start, speaker_end = _span(claim.speaker.span)
    cue_start, cue_end = _span(claim.cue.span if claim.cue else None)
    return {
        "article_id": article_id,
        "seq": seq,
        "kind": claim.kind,
        "speaker_id": speaker_id,
        "speaker_text": claim.speaker.text,
        "speaker_start": speaker_start,
        "speaker_end": speaker_end,
        "cue_text": claim.cue.text if claim.cue else None,
        "cue_start": cue_start,
        "cue_end": cue_end,
        "content_text": claim.content.text,
        "content_start": claim.content.span[0],
        "content_end": claim.content.span[1],
        "event_date": claim.event_date.isoformat() if claim.event_date else None,
        "json": json.dumps(claim.to_json(), ensure_ascii=False),
    }


def quantity_row(claim_id: int, quantity: Quantity) -> dict[str, Any]:
    """The ``quantities`` row: ``value`` for a single number, ``low``/``high`` always."""
    value = quantity.value
    low, high = (value[0], value[-1]) if isinstance(value, list) else (value, value)
    return {
        "claim_id": claim_id,
        "value": None if isinstance(value, list) else value,
        "low": low,
        "high": high,
        "unit": quantity.unit,
        "counted": quantity.counted,
        "counted_text": quantity.counted_text,
        "modifiers": json.dumps(quantity.modifiers, ensure_ascii=False),
        "qualifier": quantity.qualifier,
        "change": quantity.change,
        "whole": quantity.whole,
        "vague": int(quantity.vague),
        "start": quantity.span[0],
        "end": quantity.span[1],
        "text": quantity.text,
    }


def _like(text: str) -> str:
    """A case-insensitive substring pattern for LIKE ... ESCAPE '\\'."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# ---------------------------------------------------------------------------- ledger


class Ledger:
    """The SQLite ledger at ``path`` (``":memory:"`` for a throwaway one).

    Opening it creates the file (unless ``create`` is false) and the schema, or
    brings an older schema up to date. Speakers are resolved across articles with
    ``book`` (see :mod:`claimledger.identity`; default: the shipped alias book).

    Raises:
        ClaimledgerError: E011 when the file cannot be opened or is not a ledger.
    """

    def __init__(self, path: str | Path = ":memory:", *, create: bool = True, book: AliasBook | None = None) -> None:
        self.path = str(path)
        self.book = book if book is not None else default_book()
        self._index: SpeakerIndex | None = None
        try:
            if self.path != ":memory:" and Path(self.path).is_dir():
                raise sqlite3.OperationalError("it is a folder")
            if not create and self.path != ":memory:" and not Path(self.path).exists():
                raise sqlite3.OperationalError("no such file; `claimledger ingest` creates it")
            self.db = sqlite_utils.Database(self.path)
            self.db.execute("PRAGMA foreign_keys = ON")
            MIGRATIONS.apply(self.db)
        except sqlite3.Error as e:
            raise ClaimledgerError("E011", db=self.path, reason=str(e)) from e

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Ledger {self.path}>"

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    # -- writing

    def add(self, article: Article, claims: Sequence[Claim]) -> bool:
        """Store ``article`` with its ``claims`` in one transaction.

        Returns:
            False when an article with the same id is already stored (only its
            publication is recorded, when new: see :meth:`add_publication`), True otherwise.
        """
        if self.has(article.id):
            self.add_publication(article)
            return False
        with self.db.atomic():
            self._insert("articles", [article_row(article)])
            self.add_publication(article)
            self._insert("article_ranges", range_rows(article))
            quantities: list[dict[str, Any]] = []
            for seq, claim in enumerate(claims):
                self._add_claim(article, seq, claim, quantities)
            self._insert("quantities", quantities)
        return True

    def _insert(self, table: str, rows: Sequence[dict[str, Any]]) -> int | None:
        """Insert ``rows`` (dicts with the same keys, every key a column) into ``table``
        with one prepared statement; the rowid of a single row inserted.

        Plain SQL rather than sqlite-utils' ``insert``, which inspects the table's
        schema on every call: the ingest path writes thousands of rows.
        """
        if not rows:
            return None
        columns = list(rows[0])
        sql = (
            f'INSERT INTO "{table}" ({", ".join(f"[{c}]" for c in columns)})'
            f' VALUES ({", ".join("?" * len(columns))})'
        )
        if len(rows) == 1:
            return self.db.conn.execute(sql, [rows[0][c] for c in columns]).lastrowid
        self.db.conn.executemany(sql, [[row[c] for c in columns] for row in rows])
        return None

    def _speaker_row(self, canonical: str | None, kind: str | None) -> int:
        """The id of the speaker named ``canonical`` of type ``kind``, stored now when new
        (what sqlite-utils' ``lookup`` does, without its schema checks)."""
        row = self.db.conn.execute(
            "SELECT id FROM speakers WHERE canonical IS ? AND type IS ?", [canonical, kind]
        ).fetchone()
        if row is not None:
            return row[0]
        return self._insert("speakers", [{"canonical": canonical, "type": kind}])

    def transaction(self) -> Any:
        """A context manager making everything inside it one transaction (a savepoint
        inside another): for batch steps that write a little per article."""
        return self.db.atomic()

    def add_publication(self, article: Article) -> bool:
        """Record that ``article`` (already stored) was published by its outlet, at its URL and date.

        Returns:
            True when this publication is new (another outlet, address or date).
        """
        row = {
            "article_id": article.id, "outlet": article.outlet, "url": article.url,
            "published": article.published.isoformat() if article.published else None, "source": article.source,
        }
        with self.db.atomic():
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO publications (article_id, outlet, url, published, source) VALUES (?, ?, ?, ?, ?)",
                [row["article_id"], row["outlet"], row["url"], row["published"], row["source"]],
            )
        return cursor.rowcount > 0

    def publications(self, article_id: str) -> list[dict[str, Any]]:
        """Every publication of an article, first recorded first."""
        return list(self.db.query(
            "SELECT outlet, url, published, source FROM publications WHERE article_id = ? ORDER BY rowid", [article_id]
        ))

    # -- syndicated copies

    def add_signature(self, article_id: str, signature: Sequence[int], bands: Sequence[str]) -> None:
        """Store an article's MinHash signature and its LSH band keys."""
        with self.db.atomic():
            self.db["article_signatures"].insert(
                {"article_id": article_id, "signature": ",".join(map(str, signature))}, replace=True
            )
            self.db.execute("DELETE FROM article_bands WHERE article_id = ?", [article_id])
            self.db["article_bands"].insert_all({"article_id": article_id, "band": b} for b in bands)

    def copy_candidates(self, bands: Sequence[str], *, exclude: str) -> list[tuple[str, list[int]]]:
        """Stored articles sharing a band key with ``bands``, oldest first, with their signatures."""
        if not bands:
            return []
        marks = ",".join("?" * len(bands))
        rows = self.db.execute(
            f"SELECT s.article_id, s.signature FROM article_signatures s JOIN articles a ON a.id = s.article_id"
            f" WHERE s.article_id IN (SELECT article_id FROM article_bands WHERE band IN ({marks}))"
            f" AND s.article_id != ? ORDER BY a.rowid",
            [*bands, exclude],
        ).fetchall()
        return [(r[0], [int(x) for x in r[1].split(",")]) for r in rows]

    def mark_copy(self, article_id: str, original_id: str, similarity: float) -> None:
        """Record ``article_id`` as a syndicated copy of ``original_id``."""
        self.db["article_copies"].insert(
            {"article_id": article_id, "original_id": original_id, "similarity": round(similarity, 4)}, replace=True
        )

    def copies(self) -> dict[str, str]:
        """Each syndicated copy's original article id."""
        return dict(self.db.execute("SELECT article_id, original_id FROM article_copies").fetchall())

    def original_of(self, article_id: str) -> str | None:
        """The original of a syndicated copy, or None when the article is no copy."""
        row = self.db.execute("SELECT original_id FROM article_copies WHERE article_id = ?", [article_id]).fetchone()
        return row[0] if row else None

    # -- threads

    def unthreaded_articles(self) -> list[str]:
        """Ids of stored articles whose claims have not been placed in threads, oldest first."""
        return [r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM threaded_articles)"
            " ORDER BY published IS NULL, published, rowid"
        ).fetchall()]

    def thread_inputs(self, article_ids: Sequence[str]) -> Iterator[dict[str, Any]]:
        """For each article, in the order given: its fields, its kept text (title and
        body), the outlet of its original when it is a syndicated copy, and its claims,
        each with its speakers as the ledger now resolves them (merges and aliases
        applied)."""
        copies = self.copies()
        for article_id in article_ids:
            art = self.db.execute(
                "SELECT id, outlet, published, text FROM articles WHERE id = ?", [article_id]
            ).fetchone()
            if art is None:
                continue
            ranges = self.db.execute(
                'SELECT start, "end" FROM article_ranges WHERE article_id = ? ORDER BY start', [article_id]
            ).fetchall()
            kept = "\n".join(art[3][s:e] for s, e in ranges) if ranges else art[3]
            original = copies.get(article_id)
            source_outlet = art[1]
            if original:
                row = self.db.execute("SELECT outlet FROM articles WHERE id = ?", [original]).fetchone()
                source_outlet = row[0] if row else art[1]
            claims = [
                {"id": r[0], "seq": r[1], "json": json.loads(r[2]), "speakers": []}
                for r in self.db.execute(
                    "SELECT id, seq, json FROM claims WHERE article_id = ? ORDER BY seq", [article_id]
                ).fetchall()
            ]
            by_id = {c["id"]: c for c in claims}
            for claim_id, canonical, affiliation, kind in self.db.execute(
                "SELECT cs.claim_id, s.canonical, s.affiliation, s.type FROM claim_speakers cs"
                " JOIN speakers s ON s.id = cs.speaker_id JOIN claims c ON c.id = cs.claim_id"
                " WHERE c.article_id = ? ORDER BY cs.claim_id, cs.position", [article_id]
            ).fetchall():
                by_id[claim_id]["speakers"].append({"canonical": canonical, "affiliation": affiliation, "type": kind})
            yield {
                "id": art[0], "outlet": art[1], "published": date.fromisoformat(art[2]) if art[2] else None,
                "text": kept, "source_outlet": source_outlet, "claims": claims,
            }

    def thread_state(self) -> tuple[list[dict[str, Any]], dict[str, int], int]:
        """Saved thread rows, word document frequencies and the number of members seen."""
        rows = list(self.db.query("SELECT * FROM threads ORDER BY id"))
        df = dict(self.db.execute("SELECT term, df FROM thread_terms WHERE term != ''").fetchall())
        docs = self.db.execute("SELECT df FROM thread_terms WHERE term = ''").fetchone()
        return rows, df, docs[0] if docs else 0

    def save_threads(
        self, threads: Sequence[dict[str, Any]], members: Sequence[dict[str, Any]], df: dict[str, int], docs: int,
        article_ids: Sequence[str],
    ) -> None:
        """Write changed thread rows, new members, frequencies, and mark articles threaded, in one transaction."""
        with self.db.atomic():
            if threads:
                self.db["threads"].upsert_all(threads, pk="id")
            if members:
                self.db["thread_members"].insert_all(members, ignore=True)
            self.db.execute("DELETE FROM thread_terms")
            self.db["thread_terms"].insert_all(
                [{"term": "", "df": docs}] + [{"term": t, "df": n} for t, n in df.items()]
            )
            self.db["threaded_articles"].insert_all(({"article_id": a} for a in article_ids), ignore=True)

    def clear_threads(self) -> None:
        """Forget every thread (for a rebuild)."""
        with self.db.atomic():
            for table in ("thread_members", "threads", "thread_terms", "threaded_articles"):
                self.db.execute(f"DELETE FROM {table}")

    def thread_rows(self, thread_id: int | None = None) -> list[dict[str, Any]]:
        """Threads (or one), each with its members' stored fields, claim JSON and article fields."""
        sql = "SELECT * FROM threads" + (" WHERE id = ?" if thread_id is not None else "") + " ORDER BY id"
        threads = {r["id"]: dict(r, members=[]) for r in self.db.query(sql, [thread_id] if thread_id is not None else [])}
        if not threads:
            return []
        where = " WHERE m.thread_id = ?" if thread_id is not None else ""
        for r in self.db.query(
            "SELECT m.*, c.article_id, c.seq, c.json, a.outlet, a.published, a.title"
            " FROM thread_members m JOIN claims c ON c.id = m.claim_id JOIN articles a ON a.id = c.article_id"
            + where + " ORDER BY m.day IS NULL, m.day, a.rowid, c.seq, m.qindex",
            [thread_id] if thread_id is not None else [],
        ):
            if r["thread_id"] in threads:
                threads[r["thread_id"]]["members"].append(r)
        return list(threads.values())

    def _add_claim(self, article: Article, seq: int, claim: Claim, quantities: list[dict[str, Any]]) -> None:
        """Insert one claim and its speaker links; its quantities are added to
        ``quantities``, which :meth:`add` inserts for the whole article at once. (Speaker
        links go in at once: resolving a later speaker may merge an earlier one.)"""
        speaker_ids = [self._speaker_id(claim.speaker, article.outlet)]
        for extra in claim.speakers[1:]:
            speaker_ids.append(self._speaker_id(extra, article.outlet))
        claim_id = self._insert("claims", [claim_row(article.id, seq, claim, speaker_ids[0])])
        self.db.conn.executemany(
            "INSERT INTO claim_speakers (claim_id, speaker_id, position) VALUES (?, ?, ?)",
            [(claim_id, sid, i) for i, sid in enumerate(speaker_ids)],
        )
        quantities.extend(quantity_row(claim_id, q) for q in claim.quantities)
        for sid in speaker_ids:
            self.index.seen(sid, article.outlet, claim_id)

    # -- speaker identity

    @property
    def index(self) -> SpeakerIndex:
        """The stored speakers by key, surname and role (built on first use)."""
        if self._index is None:
            index = SpeakerIndex(self.book)
            for row in self.db.query("SELECT id, canonical, type, role FROM speakers"):
                index.add_speaker(row["id"], row["canonical"], row["type"])
                index.add_role(row["id"], row["role"])
            for row in self.db.query("SELECT speaker_id, alias, source FROM speaker_aliases"):
                index.add_alias(row["speaker_id"], row["alias"], from_file=row["source"] == "file")
            for row in self.db.query("SELECT speaker_id, role FROM speaker_roles"):
                index.add_role(row["speaker_id"], row["role"])
            seen = (
                "SELECT cs.speaker_id, a.outlet, max(c.id) AS last FROM claim_speakers cs"
                " JOIN claims c ON c.id = cs.claim_id JOIN articles a ON a.id = c.article_id"
                " GROUP BY cs.speaker_id, a.outlet"
            )
            for row in self.db.query(seen):
                index.seen(row["speaker_id"], row["outlet"], row["last"])
            self._index = index
        return self._index

    def _speaker_id(self, speaker: Speaker, outlet: str | None = None) -> int:
        """The id of ``speaker``: a known speaker it resolves to (see
        :mod:`claimledger.identity`), else a new one. Records its alias, role and
        affiliation."""
        if speaker.type == "unnamed":
            speaker_id = self._speaker_row(speaker.canonical, speaker.type)
        else:
            candidate = Candidate(speaker.canonical, speaker.type, speaker.role, outlet, speaker.text)
            speaker_id, _rule = self.index.resolve(candidate)
            if speaker_id is None:
                speaker_id = self._new_speaker(speaker)
        self._add_alias(speaker_id, speaker.canonical, "mention")
        self._add_alias(speaker_id, speaker.text, "mention")
        self._add_role(speaker_id, speaker.role)
        self._add_affiliation(speaker_id, speaker.affiliation)
        return speaker_id

    def _new_speaker(self, speaker: Speaker) -> int:
        """Store a speaker the ledger did not know, named as the alias book's entry
        names it; known bare surnames of it are merged into it."""
        entry = self.book.entry(self.index.key(speaker.canonical))
        if entry is None and speaker.text and is_name(speaker.text):
            entry = self.book.entry(self.index.key(speaker.text))
        canonical = entry.canonical if entry else speaker.canonical
        kind = (entry.type if entry and entry.type else None) or speaker.type
        speaker_id = self._speaker_row(canonical, kind)
        if speaker_id not in self.index.known:
            self.index.add_speaker(speaker_id, canonical, kind)
        if entry is not None:
            self._add_role(speaker_id, entry.role)
            self._add_affiliation(speaker_id, entry.affiliation)
        if kind == "person" and len(canonical.split()) > 1:
            self._absorb_surnames(speaker_id)
        if kind != "person":
            self._relink_affiliations(speaker_id)
        return speaker_id

    def _absorb_surnames(self, person_id: int) -> None:
        """Merge stored bare surnames ("Voss") that now resolve to ``person_id``."""
        tail = self.index.key(self.index.known[person_id].canonical).split()[-1]
        for other in sorted(self.index.by_last_word.get(tail, ())):
            known = self.index.known.get(other)
            if other == person_id or known is None or known.key != tail or known.type not in {"person", "organisation"}:
                continue
            found, rule = self.index.resolve(Candidate(known.canonical, known.type))
            if found == person_id and rule == "surname_of_known_person":
                self.merge(person_id, [other])

    def _add_alias(self, speaker_id: int, alias: str | None, source: str) -> None:
        """Record ``alias`` of a speaker (never a pronoun, nor its own canonical name)."""
        alias = " ".join((alias or "").split())
        canonical = self.index.known[speaker_id].canonical if speaker_id in self.index.known else None
        if not alias or alias == canonical or alias.lower() in PRONOUNS:
            return
        self.db.execute(
            "INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias, source) VALUES (?, ?, ?)",
            [speaker_id, alias, source],
        )
        self.index.add_alias(speaker_id, alias, from_file=source == "file")

    def _add_role(self, speaker_id: int, role: str | None) -> None:
        """Record a role; the first becomes the speaker's ``role``."""
        if not role:
            return
        self.db.execute("INSERT OR IGNORE INTO speaker_roles (speaker_id, role) VALUES (?, ?)", [speaker_id, role])
        self.db.execute("UPDATE speakers SET role = ? WHERE id = ? AND role IS NULL", [role, speaker_id])
        self.index.add_role(speaker_id, role)

    def _add_affiliation(self, speaker_id: int, affiliation: str | None) -> None:
        """Record an affiliation with the speaker it names when known; the first
        becomes the speaker's ``affiliation``."""
        if not affiliation:
            return
        linked = self._affiliation_id(speaker_id, affiliation)
        self.db.execute(
            "INSERT OR IGNORE INTO speaker_affiliations (speaker_id, affiliation, affiliation_id) VALUES (?, ?, ?)",
            [speaker_id, affiliation, linked],
        )
        self.db.execute(
            "UPDATE speakers SET affiliation = ?, affiliation_id = ? WHERE id = ? AND affiliation IS NULL",
            [affiliation, linked, speaker_id],
        )

    def _affiliation_id(self, speaker_id: int, affiliation: str) -> int | None:
        """The known speaker an affiliation names (never the speaker itself)."""
        found, _rule = self.index.resolve(Candidate(affiliation, "organisation"))
        return found if found != speaker_id else None

    def merge(self, target: int, others: Iterable[int]) -> int:
        """Merge the speakers ``others`` into ``target``: their claims, aliases (their
        names too), roles and affiliations move to it, and they are deleted.

        Returns:
            How many claim speaker links were re-pointed.
        """
        moved = 0
        for other in others:
            if other == target or other not in self.index.known:
                continue
            name = self.index.known[other].canonical
            with self.db.atomic():
                for sql in (
                    "UPDATE claims SET speaker_id = :t WHERE speaker_id = :o",
                    "INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias, source)"
                    " SELECT :t, alias, source FROM speaker_aliases WHERE speaker_id = :o",
                    "INSERT OR IGNORE INTO speaker_roles (speaker_id, role) SELECT :t, role FROM speaker_roles WHERE speaker_id = :o",
                    "INSERT OR IGNORE INTO speaker_affiliations (speaker_id, affiliation, affiliation_id)"
                    " SELECT :t, affiliation, affiliation_id FROM speaker_affiliations WHERE speaker_id = :o",
                    "UPDATE speaker_affiliations SET affiliation_id = :t WHERE affiliation_id = :o",
                    "UPDATE speakers SET affiliation_id = :t WHERE affiliation_id = :o",
                    "UPDATE speakers SET role = coalesce(role, (SELECT role FROM speakers WHERE id = :o)),"
                    " affiliation = coalesce(affiliation, (SELECT affiliation FROM speakers WHERE id = :o)),"
                    " affiliation_id = coalesce(affiliation_id, (SELECT affiliation_id FROM speakers WHERE id = :o))"
                    " WHERE id = :t",
                ):
                    self.db.execute(sql, {"t": target, "o": other})
                moved += self.db.execute(
                    "UPDATE claim_speakers SET speaker_id = ? WHERE speaker_id = ?", [target, other]
                ).rowcount
                for table in ("speaker_aliases", "speaker_roles", "speaker_affiliations"):
                    self.db.execute(f"DELETE FROM {table} WHERE speaker_id = ?", [other])
                self.db.execute("UPDATE speaker_affiliations SET affiliation_id = NULL WHERE speaker_id = affiliation_id")
                self.db.execute("UPDATE speakers SET affiliation_id = NULL WHERE id = affiliation_id")
                self.db.execute("DELETE FROM speakers WHERE id = ?", [other])
            known = self.index.known[other]
            self.index.remove(other)
            self._index_merged(target, known.roles)
            self._add_alias(target, name, "merged")
        return moved

    def _index_merged(self, target: int, roles: set[tuple[str, ...]]) -> None:
        """Give ``target`` in the index the roles of a speaker merged into it."""
        if target in self.index.known:
            self.index.known[target].roles |= roles
        for row in self.db.query("SELECT alias, source FROM speaker_aliases WHERE speaker_id = ?", [target]):
            self.index.add_alias(target, row["alias"], from_file=row["source"] == "file")

    def apply_aliases(self, book: AliasBook) -> dict[str, int]:
        """Apply an aliases file's ``book`` (already extended over the default) to the
        stored speakers, and resolve new speakers with it from now on.

        Each ``[[speaker]]`` entry gathers the stored speakers its names resolve to
        into one (created when none is stored), named, typed and affiliated as the
        entry says, with the entry's aliases; claims are re-pointed. Then stored
        speakers that now share a key, bare surnames of a known full name, and roles
        held by one known person are merged (:meth:`consolidate`).

        Returns:
            Counts: ``entries``, ``created``, ``merged`` (speakers merged away) and
            ``claims`` (claim speaker links re-pointed).
        """
        self.book = book
        self._index = None
        counts = {"entries": 0, "created": 0, "merged": 0, "claims": 0}
        before = len(self.index.known)
        for entry in book.speakers:
            counts["entries"] += 1
            key = self.index.key(entry.canonical)
            ids = set(self.index.by_key.get(key, set()))
            if not ids:
                kind = entry.type or "organisation"
                target = self.db["speakers"].lookup({"canonical": entry.canonical, "type": kind})
                self.index.add_speaker(target, entry.canonical, kind)
                counts["created"] += 1
            else:
                target = self._main_speaker(ids, entry.canonical)
                counts["claims"] += self.merge(target, ids - {target})
            self._rename(target, entry.canonical, entry.type)
            for alias in entry.aliases:
                self._add_alias(target, alias, "file")
            if entry.role:
                self._add_role(target, entry.role)
                self.db.execute("UPDATE speakers SET role = ? WHERE id = ?", [entry.role, target])
            if entry.affiliation:
                self._add_affiliation(target, entry.affiliation)
                self.db.execute(
                    "UPDATE speakers SET affiliation = ?, affiliation_id = ? WHERE id = ?",
                    [entry.affiliation, self._affiliation_id(target, entry.affiliation), target],
                )
        counts["claims"] += self.consolidate()
        counts["merged"] = before + counts["created"] - len(self.index.known)
        return counts

    def _main_speaker(self, ids: set[int], canonical: str | None = None) -> int:
        """Of speakers to merge: the one named ``canonical``, else a person, else the
        one with the most claims."""
        named = [i for i in ids if self.index.known[i].canonical == canonical]
        if named:
            return min(named)
        counts = {
            r["speaker_id"]: r["n"]
            for r in self.db.query(
                f"SELECT speaker_id, count(*) AS n FROM claim_speakers WHERE speaker_id IN ({','.join('?' * len(ids))})"
                " GROUP BY speaker_id", list(ids),
            )
        }
        return max(ids, key=lambda i: (self.index.known[i].type == "person", counts.get(i, 0), -i))

    def _rename(self, speaker_id: int, canonical: str, kind: str | None) -> None:
        """Give a speaker the canonical name (and type) an aliases file says."""
        known = self.index.known[speaker_id]
        kind = kind or known.type
        if (known.canonical, known.type) == (canonical, kind):
            return
        clash = self.db.execute(
            "SELECT id FROM speakers WHERE canonical = ? AND type = ? AND id != ?", [canonical, kind, speaker_id]
        ).fetchone()
        if clash:
            self.merge(speaker_id, [clash[0]])
        old = known.canonical
        self.db.execute("UPDATE speakers SET canonical = ?, type = ? WHERE id = ?", [canonical, kind, speaker_id])
        self.index.remove(speaker_id)
        self.index.add_speaker(speaker_id, canonical, kind)
        self.index.known[speaker_id].roles |= known.roles
        self.index.known[speaker_id].outlets |= known.outlets
        self.index.known[speaker_id].last = known.last
        self._index_merged(speaker_id, set())
        self._add_alias(speaker_id, old, "merged")

    def consolidate(self) -> int:
        """Merge stored speakers that are one by the identity rules: same key, a bare
        surname of a known full name, a role held by one known person.

        Returns:
            How many claim speaker links were re-pointed.
        """
        moved = 0
        for key, ids in list(self.index.by_key.items()):
            ids = {i for i in ids if i in self.index.known and self.index.known[i].key == key}
            if len(ids) > 1:
                main = self._main_speaker(ids)
                moved += self.merge(main, ids - {main})
        for speaker_id, known in sorted(self.index.known.items()):
            if speaker_id not in self.index.known:
                continue
            self.index.remove(speaker_id)
            found, _rule = self.index.resolve(Candidate(known.canonical, known.type))
            self.index.restore(speaker_id, known)
            self._index_merged(speaker_id, set())
            if found is not None and found != speaker_id and known.type != "unnamed":
                moved += self.merge(found, [speaker_id])
        self._relink_affiliations()
        return moved

    def _relink_affiliations(self, new_id: int | None = None) -> None:
        """Link stored affiliations to the speakers they name, where now known; with
        ``new_id``, only those that may name that new speaker (same last key word)."""
        rows = list(self.db.query("SELECT rowid, speaker_id, affiliation FROM speaker_affiliations WHERE affiliation_id IS NULL"))
        if new_id is not None and new_id in self.index.known:
            last = self.index.known[new_id].key.rsplit(" ", 1)[-1]
            rows = [r for r in rows if self.index.key(r["affiliation"]).rsplit(" ", 1)[-1] == last]
        for row in rows:
            linked = self._affiliation_id(row["speaker_id"], row["affiliation"])
            if linked is not None:
                self.db.execute("UPDATE speaker_affiliations SET affiliation_id = ? WHERE rowid = ?", [linked, row["rowid"]])
                self.db.execute(
                    "UPDATE speakers SET affiliation_id = ? WHERE id = ? AND affiliation = ? AND affiliation_id IS NULL",
                    [linked, row["speaker_id"], row["affiliation"]],
                )

    # -- reading

    def has(self, article_id: str) -> bool:
        """Whether an article with this id is stored."""
        return bool(self.db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone())

    def article(self, article_id: str) -> Article | None:
        """The stored article with this id, rebuilt as an :class:`Article`, or None."""
        rows = list(self.db.query("SELECT * FROM articles WHERE id = ?", [article_id]))
        return self._to_article(rows[0]) if rows else None

    def articles(self, *, outlet: str | None = None, limit: int | None = None) -> Iterator[Article]:
        """Stored articles (of one ``outlet`` if given), most recently ingested first."""
        sql = "SELECT * FROM articles"
        params: list[Any] = []
        if outlet is not None:
            sql += " WHERE outlet = ?"
            params.append(outlet)
        sql += " ORDER BY ingested_at DESC, rowid DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        for row in list(self.db.query(sql, params)):
            yield self._to_article(row)

    def _to_article(self, row: dict[str, Any]) -> Article:
        """An :class:`Article` from its ``articles`` row and its ranges."""
        ranges = self.db.query(
            'SELECT kind, start, "end" FROM article_ranges WHERE article_id = ? ORDER BY start', [row["id"]]
        )
        body = [(r["start"], r["end"]) for r in ranges if r["kind"] == "body"]
        title_span = (row["title_start"], row["title_end"]) if row["title_start"] is not None else None
        return Article(
            text=row["text"],
            outlet=row["outlet"],
            url=row["url"],
            published=date.fromisoformat(row["published"]) if row["published"] else None,
            title=row["title"],
            title_span=title_span,
            body=body,
            source=row["source"],
            external_id=row["external_id"],
            id=row["id"],
        )

    def claims(
        self,
        *,
        speaker: str | None = None,
        outlet: str | None = None,
        search: str | None = None,
        article_id: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Stored claims, oldest article first, each as its claim JSON plus article fields.

        Args:
            speaker: case-insensitive substring of any of the claim's speakers'
                canonical names or aliases.
            outlet: the article's outlet (case-insensitive).
            search: full-text query over the claimed content and the speaker mention
                (FTS5 syntax; text that is not valid syntax is searched word by word).
            article_id: only this article's claims.
            limit: at most this many claims.

        Returns:
            One dict per claim: ``Claim.to_json()`` plus ``article_id``, ``seq``,
            ``outlet``, ``published`` and ``title``.
        """
        where, params = self._claim_filters(speaker=speaker, outlet=outlet, article_id=article_id)
        try:
            rows = self._select_claims(where, params, search=search, limit=limit)
        except sqlite3.OperationalError:
            if not search:
                raise
            rows = self._select_claims(where, params, search=self.db.quote_fts(search), limit=limit)
        identities = self._claim_speakers([row["id"] for row in rows])
        return [self._claim_dict(row, identities.get(row["id"], {})) for row in rows]

    def _claim_speakers(self, claim_ids: list[int]) -> dict[int, dict[int, dict[str, Any]]]:
        """claim id -> position -> the ledger's speaker (``id``, ``canonical``, ``type``)."""
        out: dict[int, dict[int, dict[str, Any]]] = {}
        for start in range(0, len(claim_ids), 500):
            chunk = claim_ids[start : start + 500]
            rows = self.db.query(
                "SELECT cs.claim_id, cs.position, s.id, s.canonical, s.type FROM claim_speakers cs"
                f" JOIN speakers s ON s.id = cs.speaker_id WHERE cs.claim_id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            for r in rows:
                out.setdefault(r["claim_id"], {})[r["position"]] = {"id": r["id"], "canonical": r["canonical"], "type": r["type"]}
        return out

    def _select_claims(
        self, where: list[str], params: list[Any], *, search: str | None, limit: int | None
    ) -> list[dict[str, Any]]:
        """Rows of claims with their article's fields, oldest article first."""
        where, params = list(where), list(params)
        if search:
            where.append("c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
            params.append(search)
        sql = (
            "SELECT c.id, c.json, c.article_id, c.seq, a.outlet, a.published, a.title"
            " FROM claims c JOIN articles a ON a.id = c.article_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY a.published IS NULL, a.published, a.rowid, c.seq"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return list(self.db.query(sql, params))

    @staticmethod
    def _claim_filters(
        *, speaker: str | None, outlet: str | None, article_id: str | None
    ) -> tuple[list[str], list[Any]]:
        """WHERE clauses and their parameters for :meth:`claims`."""
        where: list[str] = []
        params: list[Any] = []
        if speaker:
            where.append(
                "c.id IN (SELECT cs.claim_id FROM claim_speakers cs JOIN speakers s ON s.id = cs.speaker_id"
                " WHERE lower(s.canonical) LIKE ? ESCAPE '\\'"
                " OR s.id IN (SELECT speaker_id FROM speaker_aliases WHERE lower(alias) LIKE ? ESCAPE '\\'))"
            )
            params.extend([_like(speaker), _like(speaker)])
        if outlet:
            where.append("lower(a.outlet) = lower(?)")
            params.append(outlet)
        if article_id:
            where.append("c.article_id = ?")
            params.append(article_id)
        return where, params

    @staticmethod
    def _claim_dict(row: dict[str, Any], identities: dict[int, dict[str, Any]]) -> dict[str, Any]:
        """A stored claim's JSON with its speakers as the ledger knows them now
        (``id``, ``canonical``, ``type``) and its article's fields."""
        out = json.loads(row["json"])
        if 0 in identities:
            out["speaker"].update(identities[0])
        for position, speaker in enumerate(out["speakers"]):
            if position in identities:
                speaker.update(identities[position])
        out.update(
            article_id=row["article_id"], seq=row["seq"], outlet=row["outlet"],
            published=row["published"], title=row["title"],
        )
        return out

    def speakers(self) -> list[dict[str, Any]]:
        """Every speaker, most claims first: its row (``id``, ``canonical``, ``type``,
        ``role``, ``affiliation``, ``affiliation_id``), ``claims`` (how many), ``aliases``
        (names and mentions, sorted), ``roles`` (every role given) and ``affiliations``
        (``{"text", "speaker_id"}``, the id null when the ledger does not know it)."""
        rows = self.db.query(
            "SELECT s.*, (SELECT count(DISTINCT claim_id) FROM claim_speakers WHERE speaker_id = s.id) AS claims"
            " FROM speakers s ORDER BY claims DESC, s.canonical"
        )
        aliases: dict[int, list[str]] = {}
        for r in self.db.query("SELECT speaker_id, alias FROM speaker_aliases ORDER BY alias"):
            aliases.setdefault(r["speaker_id"], []).append(r["alias"])
        roles: dict[int, list[str]] = {}
        for r in self.db.query("SELECT speaker_id, role FROM speaker_roles ORDER BY rowid"):
            roles.setdefault(r["speaker_id"], []).append(r["role"])
        affiliations: dict[int, list[dict[str, Any]]] = {}
        for r in self.db.query("SELECT speaker_id, affiliation, affiliation_id FROM speaker_affiliations ORDER BY rowid"):
            affiliations.setdefault(r["speaker_id"], []).append({"text": r["affiliation"], "speaker_id": r["affiliation_id"]})
        return [
            dict(row, aliases=aliases.get(row["id"], []), roles=roles.get(row["id"], []),
                 affiliations=affiliations.get(row["id"], []))
            for row in rows
        ]

    def summary(self) -> dict[str, Any]:
        """Counts: articles, articles per outlet, claims per kind, top speakers, quantities."""
        outlets = self.db.execute(
            "SELECT coalesce(outlet, '(unknown)'), count(*) FROM articles GROUP BY outlet ORDER BY count(*) DESC, outlet"
        ).fetchall()
        kinds = self.db.execute("SELECT kind, count(*) FROM claims GROUP BY kind ORDER BY count(*) DESC, kind").fetchall()
        top = [
            {"canonical": s["canonical"], "type": s["type"], "claims": s["claims"]}
            for s in self.speakers()[:TOP_SPEAKERS]
            if s["claims"]
        ]
        return {
            "articles": self.db["articles"].count,
            "outlets": dict(outlets),
            "claims": dict(kinds),
            "claims_total": self.db["claims"].count,
            "top_speakers": top,
            "quantities": self.db["quantities"].count,
        }
