"""The PostgreSQL ledger: the same tables and the same :class:`~claimledger.store.ClaimStore`
protocol as the SQLite one, for a team whose ingest processes write to one server.

Selected by a ``postgresql://`` (or ``postgres://``) address in the ``db`` setting
(``--db postgresql://user@host/claims``); needs the ``postgres`` extra
(``pip install 'claimledger[postgres]'``, psycopg 3). The schema grows by the same named
migrations as SQLite's (:data:`MIGRATIONS`, recorded in ``claimledger_migrations``),
applied under an advisory lock so that processes starting together migrate once. Each
table has the SQLite table's columns; tables whose insertion order is read get a
``rowid`` identity column, as SQLite has one. Full-text search over claims is a stored
``tsvector`` column (``simple`` configuration: words as written, like SQLite's FTS5
tokenizer) with a GIN index.

Several ingest processes may write at once: articles, publications, aliases, roles,
thread members and the like are inserted with ``ON CONFLICT DO NOTHING`` against their
unique constraints (an article another process stored first is a duplicate, never a
second row), a speaker is found or created in one statement against its unique
(canonical name, type), an article is stored with its claims under a transaction-level
advisory lock (extraction, the slow part, runs in parallel; writing one article at a
time means no two transactions wait on each other's speakers), and threading runs
under a session advisory lock (:meth:`lock`).
An address may carry libpq options, e.g. a schema:
``postgresql://me@db/claims?options=-csearch_path%3Dteam``.
"""
from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from ..errors import ClaimledgerError
from ..records import (
    Affiliation,
    Article,
    ArticleListing,
    Claim,
    IdentityRows,
    LedgerSpeaker,
    StoredClaim,
    StoredSpeaker,
    StoredThread,
    ThreadListing,
    ThreadMember,
    ThreadQuery,
)
from .sqlite import (
    THREAD_COLUMNS,
    THREAD_ORDERS,
    TOP_SPEAKERS,
    Ledger,
    _like,
    article_row,
    claim_row,
    quantity_row,
    range_rows,
    stored_thread,
    thread_filters,
    thread_listing,
    threads_under_keys,
)

__all__ = ["MIGRATIONS", "PostgresLedger", "is_postgres_address", "shown_address"]

#: The address schemes of a PostgreSQL ledger.
SCHEMES = ("postgresql://", "postgres://")


def is_postgres_address(address: str) -> bool:
    """Whether ``address`` names a PostgreSQL ledger."""
    return address.lower().startswith(SCHEMES)


def shown_address(address: str) -> str:
    """``address`` without its password, for messages: ``postgresql://me:***@db/claims``."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", address)


#: Named migrations, in order: each the SQL that brings the schema from the one before
#: (the same names, tables and columns as :data:`claimledger.store.schema.MIGRATIONS`).
MIGRATIONS: list[tuple[str, str]] = [
    ("create_articles", """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY, external_id TEXT, outlet TEXT, url TEXT, published TEXT, title TEXT,
            title_start BIGINT, title_end BIGINT, text TEXT, source TEXT, ingested_at TEXT,
            rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE);
        CREATE INDEX idx_articles_outlet ON articles (outlet);
        CREATE INDEX idx_articles_external_id ON articles (external_id);
        CREATE TABLE article_ranges (
            article_id TEXT REFERENCES articles (id), kind TEXT, start BIGINT, "end" BIGINT);
        CREATE INDEX idx_article_ranges_article_id ON article_ranges (article_id);
    """),
    ("create_speakers", """
        CREATE TABLE speakers (id BIGSERIAL PRIMARY KEY, canonical TEXT, type TEXT, role TEXT, affiliation TEXT);
        CREATE UNIQUE INDEX idx_speakers_canonical_type ON speakers (canonical, type) NULLS NOT DISTINCT;
        CREATE TABLE speaker_aliases (speaker_id BIGINT REFERENCES speakers (id), alias TEXT);
        CREATE UNIQUE INDEX idx_speaker_aliases_speaker_id_alias ON speaker_aliases (speaker_id, alias);
        CREATE INDEX idx_speaker_aliases_alias ON speaker_aliases (alias);
    """),
    ("create_claims", """
        CREATE TABLE claims (
            id BIGSERIAL PRIMARY KEY, article_id TEXT REFERENCES articles (id), seq BIGINT, kind TEXT,
            speaker_id BIGINT REFERENCES speakers (id), speaker_text TEXT, speaker_start BIGINT, speaker_end BIGINT,
            cue_text TEXT, cue_start BIGINT, cue_end BIGINT, content_text TEXT, content_start BIGINT,
            content_end BIGINT, event_date TEXT, json TEXT);
        CREATE UNIQUE INDEX idx_claims_article_id_seq ON claims (article_id, seq);
        CREATE INDEX idx_claims_speaker_id ON claims (speaker_id);
        CREATE TABLE claim_speakers (
            claim_id BIGINT REFERENCES claims (id), speaker_id BIGINT REFERENCES speakers (id), position BIGINT);
        CREATE UNIQUE INDEX idx_claim_speakers_claim_id_position ON claim_speakers (claim_id, position);
        CREATE INDEX idx_claim_speakers_speaker_id ON claim_speakers (speaker_id);
        CREATE TABLE quantities (
            claim_id BIGINT REFERENCES claims (id), value DOUBLE PRECISION, low DOUBLE PRECISION,
            high DOUBLE PRECISION, unit TEXT, counted TEXT, qualifier TEXT, start BIGINT, "end" BIGINT, text TEXT);
        CREATE INDEX idx_quantities_claim_id ON quantities (claim_id);
    """),
    ("enable_claims_fts", """
        ALTER TABLE claims ADD COLUMN fts tsvector GENERATED ALWAYS AS (
            to_tsvector('simple', coalesce(content_text, '') || ' ' || coalesce(speaker_text, ''))) STORED;
        CREATE INDEX idx_claims_fts ON claims USING GIN (fts);
    """),
    ("add_quantity_details", """
        ALTER TABLE quantities ADD COLUMN counted_text TEXT, ADD COLUMN modifiers TEXT, ADD COLUMN change TEXT,
            ADD COLUMN whole TEXT, ADD COLUMN vague BIGINT;
    """),
    ("create_publications", """
        CREATE TABLE publications (
            article_id TEXT REFERENCES articles (id), outlet TEXT, url TEXT, published TEXT, source TEXT,
            rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE);
        CREATE UNIQUE INDEX idx_publications_unique ON publications
            (article_id, coalesce(outlet, ''), coalesce(url, ''), coalesce(published, ''));
    """),
    ("create_copies", """
        CREATE TABLE article_signatures (article_id TEXT PRIMARY KEY REFERENCES articles (id), signature TEXT);
        CREATE TABLE article_bands (article_id TEXT REFERENCES articles (id), band TEXT);
        CREATE INDEX idx_article_bands_band ON article_bands (band);
        CREATE TABLE article_copies (
            article_id TEXT PRIMARY KEY REFERENCES articles (id), original_id TEXT REFERENCES articles (id),
            similarity DOUBLE PRECISION);
    """),
    ("create_threads", """
        CREATE TABLE threads (
            id BIGINT PRIMARY KEY, concept TEXT, event TEXT, place TEXT, cumulative BIGINT, measure TEXT,
            places TEXT, first_day TEXT, last_day TEXT, words TEXT, size BIGINT);
        CREATE INDEX idx_threads_concept_event_cumulative ON threads (concept, event, cumulative);
        CREATE TABLE thread_members (
            thread_id BIGINT REFERENCES threads (id), claim_id BIGINT REFERENCES claims (id), qindex BIGINT,
            series TEXT, low DOUBLE PRECISION, high DOUBLE PRECISION, day TEXT, sources TEXT);
        CREATE UNIQUE INDEX idx_thread_members_claim_id_qindex ON thread_members (claim_id, qindex);
        CREATE INDEX idx_thread_members_thread_id ON thread_members (thread_id);
        CREATE TABLE threaded_articles (article_id TEXT PRIMARY KEY REFERENCES articles (id));
        CREATE TABLE thread_terms (term TEXT PRIMARY KEY, df BIGINT);
    """),
    ("speaker_identity", """
        ALTER TABLE speaker_aliases ADD COLUMN source TEXT;
        ALTER TABLE speakers ADD COLUMN affiliation_id BIGINT;
        CREATE TABLE speaker_roles (
            speaker_id BIGINT REFERENCES speakers (id), role TEXT, rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE);
        CREATE UNIQUE INDEX idx_speaker_roles_speaker_id_role ON speaker_roles (speaker_id, role);
        CREATE TABLE speaker_affiliations (
            speaker_id BIGINT REFERENCES speakers (id), affiliation TEXT, affiliation_id BIGINT,
            rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE);
        CREATE UNIQUE INDEX idx_speaker_affiliations_speaker_id_affiliation
            ON speaker_affiliations (speaker_id, affiliation);
    """),
    ("thread_verdicts", """
        ALTER TABLE threads ADD COLUMN conflict BIGINT, ADD COLUMN sources BIGINT;
        ALTER TABLE thread_members ADD COLUMN conflicts_with TEXT;
    """),
    ("thread_measures", """
        ALTER TABLE threads ADD COLUMN participant TEXT, ADD COLUMN place_id TEXT, ADD COLUMN place_path TEXT,
            ADD COLUMN current TEXT;
        ALTER TABLE thread_members ADD COLUMN value TEXT, ADD COLUMN change TEXT, ADD COLUMN published TEXT;
    """),
    ("thread_member_implicit", """
        ALTER TABLE thread_members ADD COLUMN implicit BIGINT;
    """),
    ("create_ledger_state", """
        CREATE TABLE ledger_state (key TEXT PRIMARY KEY, value TEXT);
    """),
    ("claim_frames", """
        ALTER TABLE claims ADD COLUMN stance TEXT;
        UPDATE claims SET stance = 'neutral';
        CREATE INDEX idx_claims_stance ON claims (stance);
    """),
    ("thread_listing_indexes", """
        CREATE INDEX idx_threads_size_id ON threads (size DESC, id);
        CREATE INDEX idx_threads_last_day ON threads (last_day, size);
        CREATE INDEX idx_threads_first_day ON threads (first_day, last_day, size);
        CREATE INDEX idx_threads_conflict_size ON threads (conflict, size DESC, id);
        CREATE INDEX idx_threads_sources_size ON threads (sources DESC, size DESC, id);
        CREATE INDEX idx_threads_event_size ON threads (event, size);
        CREATE INDEX idx_threads_concept_size ON threads (concept, size);
    """),
    ("quantity_previous", """
        ALTER TABLE quantities ADD COLUMN previous_low DOUBLE PRECISION, ADD COLUMN previous_high DOUBLE PRECISION;
    """),
    ("thread_last_article", """
        ALTER TABLE threads ADD COLUMN last_article TEXT;
    """),
    ("article_bands_by_article", """
        CREATE INDEX IF NOT EXISTS idx_article_bands_article_id ON article_bands (article_id);
    """),
    ("article_order_indexes", """
        CREATE INDEX IF NOT EXISTS idx_articles_outlet_ingested ON articles (outlet, ingested_at DESC, rowid DESC);
        CREATE INDEX IF NOT EXISTS idx_articles_published_order ON articles ((published IS NULL), published, rowid);
    """),
    ("thread_keys", """
        CREATE TABLE thread_keys (key BIGINT NOT NULL, thread_id BIGINT NOT NULL,
            seq BIGINT GENERATED ALWAYS AS IDENTITY);
        CREATE INDEX idx_thread_keys_key ON thread_keys (key, seq);
    """),
]

#: :data:`claimledger.store.sqlite.THREAD_ORDERS` with NULLs where SQLite puts them
#: (it sorts NULL first, PostgreSQL last).
PG_THREAD_ORDERS = {
    **THREAD_ORDERS,
    "newest": "last_day DESC NULLS LAST, id DESC",
    "oldest": "first_day NULLS FIRST, id",
    "sources": "sources DESC NULLS LAST, size DESC, id",
}

#: Advisory lock keys: migrating, and each named lock (:meth:`PostgresLedger.lock`).
MIGRATION_LOCK = zlib.crc32(b"claimledger:migrations")

#: Rows asked for at once with ``= ANY(...)``.
CHUNK = 5000


def _lock_key(name: str) -> int:
    return zlib.crc32(f"claimledger:{name}".encode())


class PostgresLedger:
    """The PostgreSQL ledger at ``address`` (``postgresql://user@host/db``).

    Opening it creates the schema (unless ``create`` is false: then a database without
    a ledger is E011) or brings an older one up to date.

    Raises:
        ClaimledgerError: E071 when psycopg is not installed, E070 when the server
            cannot be reached, E011 when there is no ledger and ``create`` is false.
    """

    def __init__(self, address: str, *, create: bool = True) -> None:
        self.path = address
        self.shown = shown_address(address)
        try:
            import psycopg
        except ImportError as e:
            raise ClaimledgerError("E071", db=self.shown) from e
        self._errors = psycopg.Error
        try:
            self.conn = psycopg.connect(address, autocommit=True, connect_timeout=10)
        except psycopg.Error as e:
            raise ClaimledgerError("E070", db=self.shown, reason=_reason(e)) from e
        try:
            self._migrate(create)
        except BaseException:
            self.conn.close()
            raise

    def __enter__(self) -> PostgresLedger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<PostgresLedger {self.shown}>"

    # -- plumbing

    def _migrate(self, create: bool) -> None:
        exists = self._one("SELECT to_regclass('claimledger_migrations') IS NOT NULL")[0]
        if not exists and not create:
            raise ClaimledgerError("E011", db=self.shown, reason="no ledger in this database; `claimledger ingest` creates it")
        with self.conn.transaction():
            self._run("SELECT pg_advisory_xact_lock(%s)", [MIGRATION_LOCK])
            self._run("CREATE TABLE IF NOT EXISTS claimledger_migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
            done = {r[0] for r in self._all("SELECT name FROM claimledger_migrations")}
            for name, sql in MIGRATIONS:
                if name not in done:
                    self._run(sql)
                    self._run(
                        "INSERT INTO claimledger_migrations (name, applied_at) VALUES (%s, now()::text)", [name]
                    )

    def _run(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Any:
        return self.conn.execute(sql.encode(), params)

    def _all(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return self._run(sql, params).fetchall()

    def _one(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Any:
        return self._run(sql, params).fetchone()

    def _dicts(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        from psycopg.rows import dict_row

        with self.conn.cursor(row_factory=dict_row) as cursor:
            cursor.execute(sql.encode(), params)
            return cursor.fetchall()

    def _insert(self, table: str, rows: Sequence[dict[str, Any]], *, returning: str | None = None,
                conflict: str = "") -> Any:
        """Insert ``rows`` (dicts with the same keys) into ``table``; the ``returning``
        value of a single row inserted."""
        if not rows:
            return None
        columns = list(rows[0])
        sql = (
            f'INSERT INTO {table} ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in columns)})'
            f' VALUES ({", ".join(["%s"] * len(columns))}){conflict}'
        )
        if returning and len(rows) == 1:
            row = self._one(sql + f" RETURNING {returning}", [rows[0][c] for c in columns])
            return row[0] if row else None
        with self.conn.cursor() as cursor:
            cursor.executemany(sql.encode(), [[row[c] for c in columns] for row in rows])
        return None

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def check_writable(self) -> None:
        """Raise unless the ledger can be written now (a lock for writing is taken and given back).

        Raises:
            ClaimledgerError: E030 naming the ledger and why it cannot be written.
        """
        try:
            with self.conn.transaction(force_rollback=True):
                self._run("LOCK TABLE articles IN ROW EXCLUSIVE MODE NOWAIT")
                self._run("SELECT 1 FROM articles FOR UPDATE SKIP LOCKED LIMIT 0")
        except self._errors as e:
            raise ClaimledgerError("E030", db=self.shown, reason=_reason(e)) from e

    def transaction(self) -> Any:
        """A context manager making everything inside it one transaction (a savepoint inside another)."""
        return self.conn.transaction()

    @contextmanager
    def lock(self, name: str) -> Iterator[None]:
        """Hold the session advisory lock ``name`` (one process at a time, across the team)."""
        key = _lock_key(name)
        self._run("SELECT pg_advisory_lock(%s)", [key])
        try:
            yield
        finally:
            self._run("SELECT pg_advisory_unlock(%s)", [key])

    # -- writing

    def add_article(self, article: Article) -> bool:
        """Store ``article`` (its row, publication and ranges), without its claims; False
        when it is stored already (only its publication is recorded, when new)."""
        with self.conn.transaction():
            # one article is stored at a time across processes (until the enclosing
            # transaction ends, its claims included): their speakers, aliases and
            # roles are then never locked in two orders at once
            self._run("SELECT pg_advisory_xact_lock(%s)", [_lock_key("store")])
            row = article_row(article)
            added = self._insert("articles", [row], returning="id", conflict=" ON CONFLICT (id) DO NOTHING")
            self.add_publication(article)
            if added is None:
                return False
            self._insert("article_ranges", range_rows(article))
        return True

    def add_claim(self, article_id: str, seq: int, claim: Claim, speaker_ids: Sequence[int]) -> int:
        """Store the ``seq``-th claim of a stored article with its quantities and speakers; its id."""
        claim_id = self._insert("claims", [claim_row(article_id, seq, claim, speaker_ids[0])], returning="id")
        self._insert("claim_speakers", [
            {"claim_id": claim_id, "speaker_id": sid, "position": i} for i, sid in enumerate(speaker_ids)
        ])
        self._insert("quantities", [quantity_row(claim_id, q) for q in claim.quantities])
        return int(claim_id)

    def add_publication(self, article: Article) -> bool:
        """Record a publication of a stored article; True when it is new."""
        row = self._one(
            "INSERT INTO publications (article_id, outlet, url, published, source)"
            " SELECT %s, %s, %s, %s, %s WHERE EXISTS (SELECT 1 FROM articles WHERE id = %s)"
            " ON CONFLICT DO NOTHING RETURNING 1",
            [article.id, article.outlet, article.url, article.published.isoformat() if article.published else None,
             article.source, article.id],
        )
        return row is not None

    def publications(self, article_id: str) -> list[dict[str, Any]]:
        """Every publication of an article, first recorded first."""
        return self._dicts(
            "SELECT outlet, url, published, source FROM publications WHERE article_id = %s ORDER BY rowid", [article_id]
        )

    # -- speakers

    def identity_rows(self) -> IdentityRows:
        return IdentityRows(
            speakers=[tuple(r) for r in self._all("SELECT id, canonical, type, role FROM speakers ORDER BY id")],
            aliases=[tuple(r) for r in self._all("SELECT speaker_id, alias, source FROM speaker_aliases")],
            roles=[tuple(r) for r in self._all("SELECT speaker_id, role FROM speaker_roles ORDER BY rowid")],
            seen=[tuple(r) for r in self._all(
                "SELECT cs.speaker_id, a.outlet, max(c.id) AS last FROM claim_speakers cs"
                " JOIN claims c ON c.id = cs.claim_id JOIN articles a ON a.id = c.article_id"
                " GROUP BY cs.speaker_id, a.outlet"
            )],
        )

    def speaker_row(self, canonical: str | None, kind: str | None) -> int:
        """The id of the speaker named ``canonical`` of type ``kind``, stored now when new
        (by another process meanwhile, too: its row is found). Looked up first, so that
        ids are drawn only for new speakers and follow SQLite's."""
        find = "SELECT id FROM speakers WHERE canonical IS NOT DISTINCT FROM %s AND type IS NOT DISTINCT FROM %s"
        row = self._one(find, [canonical, kind])
        if row is None:
            row = self._one(
                "INSERT INTO speakers (canonical, type) VALUES (%s, %s) ON CONFLICT (canonical, type) DO NOTHING"
                " RETURNING id", [canonical, kind],
            ) or self._one(find, [canonical, kind])
        return int(row[0])

    def find_speaker(self, canonical: str, kind: str, *, exclude: int) -> int | None:
        row = self._one(
            "SELECT id FROM speakers WHERE canonical = %s AND type = %s AND id != %s", [canonical, kind, exclude]
        )
        return row[0] if row else None

    def rename_speaker(self, speaker_id: int, canonical: str, kind: str) -> None:
        self._run("UPDATE speakers SET canonical = %s, type = %s WHERE id = %s", [canonical, kind, speaker_id])

    def claim_counts(self, speaker_ids: Sequence[int]) -> dict[int, int]:
        return {
            r[0]: r[1] for r in self._all(
                "SELECT speaker_id, count(*) FROM claim_speakers WHERE speaker_id = ANY(%s) GROUP BY speaker_id",
                [list(speaker_ids)],
            )
        }

    def add_alias(self, speaker_id: int, alias: str, source: str) -> None:
        self._run(
            "INSERT INTO speaker_aliases (speaker_id, alias, source) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
            [speaker_id, alias, source],
        )

    def aliases_of(self, speaker_id: int) -> list[tuple[str, str | None]]:
        return [(r[0], r[1]) for r in self._all(
            "SELECT alias, source FROM speaker_aliases WHERE speaker_id = %s", [speaker_id]
        )]

    def add_role(self, speaker_id: int, role: str, *, main: bool = False) -> None:
        self._run("INSERT INTO speaker_roles (speaker_id, role) VALUES (%s, %s) ON CONFLICT DO NOTHING", [speaker_id, role])
        self._run("UPDATE speakers SET role = %s WHERE id = %s AND role IS NULL", [role, speaker_id])
        if main:
            self._run("UPDATE speakers SET role = %s WHERE id = %s", [role, speaker_id])

    def add_affiliation(self, speaker_id: int, affiliation: str, linked: int | None, *, main: bool = False) -> None:
        self._run(
            "INSERT INTO speaker_affiliations (speaker_id, affiliation, affiliation_id) VALUES (%s, %s, %s)"
            " ON CONFLICT DO NOTHING",
            [speaker_id, affiliation, linked],
        )
        self._run(
            "UPDATE speakers SET affiliation = %s, affiliation_id = %s WHERE id = %s AND affiliation IS NULL",
            [affiliation, linked, speaker_id],
        )
        if main:
            self._run(
                "UPDATE speakers SET affiliation = %s, affiliation_id = %s WHERE id = %s", [affiliation, linked, speaker_id]
            )

    def unlinked_affiliations(self) -> list[tuple[int, int, str]]:
        return [(r[0], r[1], r[2]) for r in self._all(
            "SELECT rowid, speaker_id, affiliation FROM speaker_affiliations WHERE affiliation_id IS NULL ORDER BY rowid"
        )]

    def link_affiliation(self, row: int, speaker_id: int, affiliation: str, linked: int) -> None:
        self._run("UPDATE speaker_affiliations SET affiliation_id = %s WHERE rowid = %s", [linked, row])
        self._run(
            "UPDATE speakers SET affiliation_id = %s WHERE id = %s AND affiliation = %s AND affiliation_id IS NULL",
            [linked, speaker_id, affiliation],
        )

    def merge_speakers(self, target: int, other: int) -> int:
        """Move ``other``'s claims, aliases, roles and affiliations to ``target`` and delete
        it, in one transaction; how many claim speaker links were re-pointed."""
        with self.conn.transaction():
            for sql in (
                "UPDATE claims SET speaker_id = %(t)s WHERE speaker_id = %(o)s",
                "INSERT INTO speaker_aliases (speaker_id, alias, source)"
                " SELECT %(t)s, alias, source FROM speaker_aliases WHERE speaker_id = %(o)s ON CONFLICT DO NOTHING",
                "INSERT INTO speaker_roles (speaker_id, role) SELECT %(t)s, role FROM speaker_roles"
                " WHERE speaker_id = %(o)s ORDER BY rowid ON CONFLICT DO NOTHING",
                "INSERT INTO speaker_affiliations (speaker_id, affiliation, affiliation_id)"
                " SELECT %(t)s, affiliation, affiliation_id FROM speaker_affiliations WHERE speaker_id = %(o)s"
                " ORDER BY rowid ON CONFLICT DO NOTHING",
                "UPDATE speaker_affiliations SET affiliation_id = %(t)s WHERE affiliation_id = %(o)s",
                "UPDATE speakers SET affiliation_id = %(t)s WHERE affiliation_id = %(o)s",
                "UPDATE speakers SET role = coalesce(role, (SELECT role FROM speakers WHERE id = %(o)s)),"
                " affiliation = coalesce(affiliation, (SELECT affiliation FROM speakers WHERE id = %(o)s)),"
                " affiliation_id = coalesce(affiliation_id, (SELECT affiliation_id FROM speakers WHERE id = %(o)s))"
                " WHERE id = %(t)s",
            ):
                self._run(sql, {"t": target, "o": other})
            moved = self._run("UPDATE claim_speakers SET speaker_id = %s WHERE speaker_id = %s", [target, other]).rowcount
            for table in ("speaker_aliases", "speaker_roles", "speaker_affiliations"):
                self._run(f"DELETE FROM {table} WHERE speaker_id = %s", [other])
            self._run("UPDATE speaker_affiliations SET affiliation_id = NULL WHERE speaker_id = affiliation_id")
            self._run("UPDATE speakers SET affiliation_id = NULL WHERE id = affiliation_id")
            self._run("DELETE FROM speakers WHERE id = %s", [other])
        return int(moved)

    # -- syndicated copies

    def add_signature(self, article_id: str, signature: Sequence[int], bands: Sequence[str]) -> None:
        with self.conn.transaction():
            self._run(
                "INSERT INTO article_signatures (article_id, signature) VALUES (%s, %s)"
                " ON CONFLICT (article_id) DO UPDATE SET signature = excluded.signature",
                [article_id, ",".join(map(str, signature))],
            )
            self._run("DELETE FROM article_bands WHERE article_id = %s", [article_id])
            self._insert("article_bands", [{"article_id": article_id, "band": b} for b in bands])

    def unsigned_articles(self) -> list[str]:
        """Ids of stored articles without a MinHash signature, oldest first."""
        return [r[0] for r in self._all(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM article_signatures) ORDER BY rowid"
        )]

    def copy_candidates(self, bands: Sequence[str], *, exclude: str) -> list[tuple[str, list[int]]]:
        if not bands:
            return []
        rows = self._all(
            "SELECT s.article_id, s.signature FROM article_signatures s JOIN articles a ON a.id = s.article_id"
            " WHERE s.article_id IN (SELECT article_id FROM article_bands WHERE band = ANY(%s))"
            " AND s.article_id != %s ORDER BY a.rowid",
            [list(bands), exclude],
        )
        return [(r[0], [int(x) for x in r[1].split(",")]) for r in rows if r[1]]

    def mark_copy(self, article_id: str, original_id: str, similarity: float) -> None:
        self._run(
            "INSERT INTO article_copies (article_id, original_id, similarity) VALUES (%s, %s, %s)"
            " ON CONFLICT (article_id) DO UPDATE SET original_id = excluded.original_id, similarity = excluded.similarity",
            [article_id, original_id, round(similarity, 4)],
        )

    def copies(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self._all("SELECT article_id, original_id FROM article_copies")}

    def original_of(self, article_id: str) -> str | None:
        row = self._one("SELECT original_id FROM article_copies WHERE article_id = %s", [article_id])
        return row[0] if row else None

    # -- threads

    def unthreaded_articles(self, limit: int | None = None) -> list[str]:
        return [r[0] for r in self._all(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM threaded_articles)"
            " ORDER BY published IS NULL, published, rowid LIMIT %s", [limit]
        )]

    def thread_inputs(self, article_ids: Sequence[str]) -> Iterator[dict[str, Any]]:
        for article_id in article_ids:
            art = self._one("SELECT id, outlet, published, text FROM articles WHERE id = %s", [article_id])
            if art is None:
                continue
            ranges = self._all(
                'SELECT start, "end" FROM article_ranges WHERE article_id = %s ORDER BY start', [article_id]
            )
            kept = "\n".join(art[3][s:e] for s, e in ranges) if ranges else art[3]
            original = self.original_of(article_id)
            source_outlet = art[1]
            if original:
                row = self._one("SELECT outlet FROM articles WHERE id = %s", [original])
                source_outlet = row[0] if row else art[1]
            claims = [
                {"id": r[0], "seq": r[1], "json": json.loads(r[2]), "speakers": []}
                for r in self._all("SELECT id, seq, json FROM claims WHERE article_id = %s ORDER BY seq", [article_id])
            ]
            by_id = {c["id"]: c for c in claims}
            for claim_id, canonical, affiliation, kind in self._all(
                "SELECT cs.claim_id, s.canonical, s.affiliation, s.type FROM claim_speakers cs"
                " JOIN speakers s ON s.id = cs.speaker_id JOIN claims c ON c.id = cs.claim_id"
                " WHERE c.article_id = %s ORDER BY cs.claim_id, cs.position", [article_id]
            ):
                by_id[claim_id]["speakers"].append({"canonical": canonical, "affiliation": affiliation, "type": kind})
            yield {
                "id": art[0], "outlet": art[1], "published": date.fromisoformat(art[2]) if art[2] else None,
                "text": kept, "source_outlet": source_outlet, "claims": claims,
            }

    def thread_state(self) -> tuple[Iterator[dict[str, Any]], dict[str, int], int]:
        df = {r[0]: r[1] for r in self._all("SELECT term, df FROM thread_terms WHERE term != ''")}
        docs = self._one("SELECT df FROM thread_terms WHERE term = ''")
        return self._thread_pages(), df, docs[0] if docs else 0

    def _thread_pages(self) -> Iterator[dict[str, Any]]:
        last = 0
        while True:
            page = self._dicts("SELECT * FROM threads WHERE id > %s ORDER BY id LIMIT %s", [last, CHUNK])
            yield from page
            if len(page) < CHUNK:
                return
            last = page[-1]["id"]

    def thread_rows(self, thread_ids: Sequence[int]) -> list[dict[str, Any]]:
        if not thread_ids:
            return []
        return self._dicts("SELECT * FROM threads WHERE id = ANY(%s)", [list(thread_ids)])

    def save_threads(
        self, threads: Sequence[dict[str, Any]], members: Sequence[dict[str, Any]], df: dict[str, int], docs: int,
        article_ids: Sequence[str],
    ) -> None:
        with self.conn.transaction():
            if threads:
                columns = list(threads[0])
                updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
                self._insert("threads", threads, conflict=f" ON CONFLICT (id) DO UPDATE SET {updates}")
            self._insert("thread_members", members, conflict=" ON CONFLICT DO NOTHING")
            self._run("DELETE FROM thread_terms")
            self._insert("thread_terms", [{"term": "", "df": docs}] + [{"term": t, "df": n} for t, n in df.items()])
            self._insert("threaded_articles", [{"article_id": a} for a in article_ids], conflict=" ON CONFLICT DO NOTHING")

    def clear_threads(self) -> None:
        with self.conn.transaction():
            for table in ("thread_members", "threads", "thread_terms", "threaded_articles", "thread_keys"):
                self._run(f"DELETE FROM {table}")

    def thread_keys(self, keys: Sequence[int], limit: int) -> dict[int, list[int]]:
        return threads_under_keys(
            keys, limit, "(SELECT key, thread_id, seq FROM thread_keys WHERE key = %s ORDER BY seq DESC LIMIT %s)",
            self._all,
        )

    def add_thread_keys(self, rows: Sequence[tuple[int, int]]) -> None:
        if rows:
            with self.conn.transaction(), self.conn.cursor() as cursor:
                cursor.executemany(b"INSERT INTO thread_keys (key, thread_id) VALUES (%s, %s)", rows)

    def last_thread_id(self) -> int:
        return int(self._one("SELECT coalesce(max(id), 0) FROM threads")[0])

    def threads(self, thread_id: int | None = None) -> list[StoredThread]:
        sql = f"SELECT {THREAD_COLUMNS} FROM threads" + (" WHERE id = %s" if thread_id is not None else "")
        threads = {
            r[0]: stored_thread(r)
            for r in self._all(sql + " ORDER BY id", [thread_id] if thread_id is not None else None)
        }
        if not threads:
            return []
        for r in self._thread_members(thread_id, claims=True):
            thread = threads.get(r[0])
            if thread is not None:
                thread.members.append(Ledger._member(r, Claim.from_json(json.loads(r[16]))))
        return list(threads.values())

    def thread_points(self, thread_ids: Sequence[int]) -> dict[int, list[ThreadMember]]:
        wanted = set(thread_ids)
        out: dict[int, list[ThreadMember]] = {t: [] for t in wanted}
        if not wanted:
            return out
        for r in self._thread_members(None, claims=False, among=sorted(wanted)):
            out[r[0]].append(Ledger._member(r, None))
        return out

    def _thread_members(
        self, thread_id: int | None, *, claims: bool, among: Sequence[int] = ()
    ) -> Iterator[tuple[Any, ...]]:
        """Member rows by date, in the columns of :meth:`claimledger.store.sqlite.Ledger._thread_members`."""
        clause, args = "", list[Any]()
        if thread_id is not None:
            clause, args = " WHERE m.thread_id = %s", [thread_id]
        chunks = [list(among[i:i + CHUNK]) for i in range(0, len(among), CHUNK)] if among else [None]
        for chunk in chunks:
            if chunk is not None:
                clause, args = " WHERE m.thread_id = ANY(%s)", [chunk]
            yield from self._all(
                "SELECT m.thread_id, m.claim_id, m.qindex, m.series, m.low, m.high, m.day, m.sources, m.conflicts_with,"
                " c.article_id, a.outlet, a.external_id, COALESCE(m.published, a.published), m.value, m.change,"
                " m.implicit" + (", c.json" if claims else "")
                + " FROM thread_members m JOIN claims c ON c.id = m.claim_id JOIN articles a ON a.id = c.article_id"
                + clause + " ORDER BY m.day IS NULL, m.day, a.rowid, c.seq, m.qindex",
                args,
            )

    def save_verdicts(
        self, thread_id: int, *, conflict: bool, sources: int, conflicts_with: Sequence[tuple[int, int, list[int]]],
        current: Sequence[dict[str, Any]] = (),
    ) -> None:
        self._run(
            "UPDATE threads SET conflict = %s, sources = %s, current = %s WHERE id = %s",
            [int(conflict), sources, json.dumps(list(current), ensure_ascii=False), thread_id],
        )
        with self.conn.cursor() as cursor:
            cursor.executemany(
                b"UPDATE thread_members SET conflicts_with = %s WHERE claim_id = %s AND qindex = %s",
                [(json.dumps(idx), claim_id, qindex) for claim_id, qindex, idx in conflicts_with],
            )

    def threaded_articles(self) -> list[str]:
        """Ids of the articles whose figures were placed in threads, oldest first."""
        return [r[0] for r in self._all(
            "SELECT t.article_id FROM threaded_articles t JOIN articles a ON a.id = t.article_id ORDER BY a.rowid"
        )]

    def member_sources(self, article_ids: Sequence[str]) -> dict[tuple[int, int], str]:
        """``(claim id, qindex)`` -> the sources stored with that thread member, for the
        members whose claims these articles make."""
        if not article_ids:
            return {}
        return {(r[0], r[1]): r[2] or "" for r in self._all(
            "SELECT m.claim_id, m.qindex, m.sources FROM thread_members m JOIN claims c ON c.id = m.claim_id"
            " WHERE c.article_id = ANY(%s)", [list(article_ids)])}

    def set_member_sources(self, rows: Sequence[tuple[str, int, int]]) -> list[int]:
        """Store ``(sources, claim id, qindex)`` of thread members; the threads they are in."""
        with self.conn.transaction():
            with self.conn.cursor() as cursor:
                cursor.executemany(b"UPDATE thread_members SET sources = %s WHERE claim_id = %s AND qindex = %s", rows)
            found: set[int] = set()
            for start in range(0, len(rows), CHUNK):
                chunk = rows[start:start + CHUNK]
                found.update(r[0] for r in self._all(
                    "SELECT DISTINCT thread_id FROM thread_members m"
                    " JOIN unnest(%s::bigint[], %s::bigint[]) AS k(claim_id, qindex)"
                    " ON m.claim_id = k.claim_id AND m.qindex = k.qindex",
                    [[cid for _s, cid, _q in chunk], [q for _s, _c, q in chunk]],
                ))
        return sorted(found)

    # -- speakers resolved again over the whole ledger

    def data_version(self) -> int:
        """A number that changes whenever speakers, their aliases, roles or affiliations change."""
        row = self._one(
            "SELECT (SELECT count(*) + coalesce(max(id), 0) FROM speakers),"
            " (SELECT count(*) FROM speaker_aliases), (SELECT count(*) FROM speaker_roles),"
            " (SELECT count(*) FROM speaker_affiliations), (SELECT count(*) FROM claim_speakers)"
        )
        return zlib.crc32(",".join(map(str, row)).encode())

    def state(self, key: str) -> str | None:
        """The ledger's mark named ``key``, if set."""
        row = self._one("SELECT value FROM ledger_state WHERE key = %s", [key])
        return row[0] if row else None

    def set_state(self, key: str, value: str) -> None:
        self._run(
            "INSERT INTO ledger_state (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    def claims_mark(self) -> str:
        """How many claims are stored and the last claim id: it changes whenever a claim is added."""
        count, last = self._one("SELECT count(*), coalesce(max(id), 0) FROM claims")
        return f"{count}:{last}"

    def speaker_inputs(self) -> Iterator[tuple[Article, list[Claim]]]:
        """Every stored article (id, outlet, date) with its claims, by publication date, then article id."""
        articles = self._all("SELECT id, outlet, published FROM articles ORDER BY published IS NULL, published, id")
        for article_id, outlet, published in articles:
            claims = [
                Claim.from_json(json.loads(r[0]))
                for r in self._all("SELECT json FROM claims WHERE article_id = %s ORDER BY seq", [article_id])
            ]
            yield Article(
                text="", id=article_id, outlet=outlet, published=date.fromisoformat(published) if published else None,
            ), claims

    def file_speakers(self) -> list[tuple[str, str, str | None, str | None, list[str]]]:
        """``(canonical, type, role, affiliation, aliases)`` of every speaker with aliases from an aliases file."""
        out: dict[int, tuple[str, str, str | None, str | None, list[str]]] = {}
        for sid, canonical, kind, role, affiliation, alias in self._all(
            "SELECT s.id, s.canonical, s.type, s.role, s.affiliation, a.alias FROM speakers s"
            " JOIN speaker_aliases a ON a.speaker_id = s.id WHERE a.source = 'file' ORDER BY s.canonical, a.alias"
        ):
            out.setdefault(sid, (canonical, kind, role, affiliation, []))[4].append(alias)
        return sorted(out.values(), key=lambda e: (e[0], e[1] or ""))

    def speaker_tables(self) -> dict[str, Iterable[tuple[Any, ...]]]:
        """The speaker rows, their aliases, roles and affiliations, and each claim's
        speakers as ``(article id, seq, position, speaker id)``."""
        return {
            "speakers": self._all(
                "SELECT id, canonical, type, role, affiliation, affiliation_id FROM speakers ORDER BY id"),
            "speaker_aliases": self._all(
                "SELECT speaker_id, alias, source FROM speaker_aliases ORDER BY speaker_id, alias"),
            "speaker_roles": self._all("SELECT speaker_id, role FROM speaker_roles ORDER BY rowid"),
            "speaker_affiliations": self._all(
                "SELECT speaker_id, affiliation, affiliation_id FROM speaker_affiliations ORDER BY rowid"),
            "claim_speakers": self._all(
                "SELECT c.article_id, c.seq, cs.position, cs.speaker_id FROM claim_speakers cs"
                " JOIN claims c ON c.id = cs.claim_id ORDER BY c.article_id, c.seq, cs.position"),
        }

    def claim_speaker_names(self) -> Iterator[tuple[tuple[str, int, int], tuple[str | None, str | None]]]:
        """Each claim speaker as ``((article id, seq, position), (canonical, type))``, in
        the order of that key (article ids in byte order, as SQLite orders them)."""
        for r in self._run(
            'SELECT c.article_id, c.seq, cs.position, s.canonical, s.type FROM claim_speakers cs'
            ' JOIN claims c ON c.id = cs.claim_id JOIN speakers s ON s.id = cs.speaker_id'
            ' ORDER BY c.article_id COLLATE "C", c.seq, cs.position'
        ):
            yield (r[0], r[1], r[2]), (r[3], r[4])

    def replace_speakers(self, tables: dict[str, Iterable[tuple[Any, ...]]]) -> None:
        """Replace every speaker, alias, role, affiliation and claim speaker link by
        ``tables`` (as :meth:`speaker_tables` gives them), in one transaction."""
        with self.conn.transaction(), self.conn.cursor() as cursor:
            cursor.execute(b"UPDATE claims SET speaker_id = NULL")
            for table in ("claim_speakers", "speaker_aliases", "speaker_roles", "speaker_affiliations", "speakers"):
                cursor.execute(f"DELETE FROM {table}".encode())
            cursor.executemany(
                b"INSERT INTO speakers (id, canonical, type, role, affiliation, affiliation_id)"
                b" VALUES (%s, %s, %s, %s, %s, %s)", tables["speakers"])
            cursor.execute(b"SELECT setval(pg_get_serial_sequence('speakers', 'id'), coalesce(max(id), 0) + 1, false)"
                           b" FROM speakers")
            cursor.executemany(b"INSERT INTO speaker_aliases (speaker_id, alias, source) VALUES (%s, %s, %s)",
                               tables["speaker_aliases"])
            cursor.executemany(b"INSERT INTO speaker_roles (speaker_id, role) VALUES (%s, %s)", tables["speaker_roles"])
            cursor.executemany(
                b"INSERT INTO speaker_affiliations (speaker_id, affiliation, affiliation_id) VALUES (%s, %s, %s)",
                tables["speaker_affiliations"])
            cursor.executemany(
                b"INSERT INTO claim_speakers (claim_id, speaker_id, position)"
                b" SELECT id, %s, %s FROM claims WHERE article_id = %s AND seq = %s",
                ((sid, position, article_id, seq) for article_id, seq, position, sid in tables["claim_speakers"]),
            )
            cursor.execute(
                b"UPDATE claims SET speaker_id = cs.speaker_id FROM claim_speakers cs"
                b" WHERE cs.claim_id = claims.id AND cs.position = 0"
            )

    # -- reading

    def has(self, article_id: str) -> bool:
        return self._one("SELECT 1 FROM articles WHERE id = %s", [article_id]) is not None

    def article(self, article_id: str) -> Article | None:
        rows = self._dicts("SELECT * FROM articles WHERE id = %s", [article_id])
        return self._to_article(rows[0]) if rows else None

    def articles(self, *, outlet: str | None = None, limit: int | None = None) -> Iterator[Article]:
        sql = "SELECT * FROM articles"
        params: list[Any] = []
        if outlet is not None:
            sql += " WHERE outlet = %s"
            params.append(outlet)
        sql += " ORDER BY ingested_at DESC, rowid DESC"
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        for row in self._dicts(sql, params):
            yield self._to_article(row)

    def _to_article(self, row: dict[str, Any]) -> Article:
        ranges = self._all(
            'SELECT kind, start, "end" FROM article_ranges WHERE article_id = %s ORDER BY start', [row["id"]]
        )
        return Article(
            text=row["text"], outlet=row["outlet"], url=row["url"],
            published=date.fromisoformat(row["published"]) if row["published"] else None, title=row["title"],
            title_span=(row["title_start"], row["title_end"]) if row["title_start"] is not None else None,
            body=[(r[1], r[2]) for r in ranges if r[0] == "body"], source=row["source"],
            external_id=row["external_id"], id=row["id"],
        )

    def claims(
        self, *, speaker: str | None = None, outlet: str | None = None, search: str | None = None,
        article_id: str | None = None, limit: int | None = None, speaker_id: int | None = None,
    ) -> list[StoredClaim]:
        """Stored claims, oldest article first (see :meth:`claimledger.store.sqlite.Ledger.claims`);
        ``search`` is matched against the ``tsvector`` of content and speaker mention
        (quoted words, as :func:`claimledger.safe.fts_query` writes them, must all occur)."""
        where: list[str] = []
        params: list[Any] = []
        if speaker:
            where.append(
                "c.id IN (SELECT cs.claim_id FROM claim_speakers cs JOIN speakers s ON s.id = cs.speaker_id"
                " WHERE lower(s.canonical) LIKE %s ESCAPE '\\'"
                " OR s.id IN (SELECT speaker_id FROM speaker_aliases WHERE lower(alias) LIKE %s ESCAPE '\\'))"
            )
            params.extend([_like(speaker), _like(speaker)])
        if outlet:
            where.append("lower(a.outlet) = lower(%s)")
            params.append(outlet)
        if article_id:
            where.append("c.article_id = %s")
            params.append(article_id)
        if speaker_id is not None:
            where.append("c.id IN (SELECT claim_id FROM claim_speakers WHERE speaker_id = %s)")
            params.append(speaker_id)
        if search:
            where.append("c.fts @@ websearch_to_tsquery('simple', %s)")
            params.append(search)
        sql = (
            "SELECT c.id, c.json, c.article_id, c.seq, a.outlet, a.published, a.title"
            " FROM claims c JOIN articles a ON a.id = c.article_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY a.published IS NULL, a.published, a.rowid, c.seq"
        )
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        return self._stored_claims(self._all(sql, params))

    def _stored_claims(self, rows: Sequence[tuple[Any, ...]]) -> list[StoredClaim]:
        identities = self._claim_speakers([r[0] for r in rows])
        return [
            StoredClaim(
                claim=Claim.from_json(json.loads(r[1])), article_id=r[2], seq=r[3], outlet=r[4], published=r[5],
                title=r[6], identities=identities.get(r[0], {}), id=r[0],
            )
            for r in rows
        ]

    def _claim_speakers(self, claim_ids: list[int]) -> dict[int, dict[int, LedgerSpeaker]]:
        out: dict[int, dict[int, LedgerSpeaker]] = {}
        for start in range(0, len(claim_ids), CHUNK):
            for claim_id, position, sid, canonical, kind in self._all(
                "SELECT cs.claim_id, cs.position, s.id, s.canonical, s.type FROM claim_speakers cs"
                " JOIN speakers s ON s.id = cs.speaker_id WHERE cs.claim_id = ANY(%s)",
                [claim_ids[start:start + CHUNK]],
            ):
                out.setdefault(claim_id, {})[position] = LedgerSpeaker(sid, canonical, kind)
        return out

    def speakers(self) -> list[StoredSpeaker]:
        rows = self._dicts(
            "SELECT s.id, s.canonical, s.type, s.role, s.affiliation, s.affiliation_id,"
            " (SELECT count(DISTINCT claim_id) FROM claim_speakers WHERE speaker_id = s.id) AS claims"
            " FROM speakers s ORDER BY claims DESC, s.canonical COLLATE \"C\""
        )
        aliases: dict[int, list[str]] = {}
        for sid, alias in self._all("SELECT speaker_id, alias FROM speaker_aliases ORDER BY alias COLLATE \"C\""):
            aliases.setdefault(sid, []).append(alias)
        roles: dict[int, list[str]] = {}
        for sid, role in self._all("SELECT speaker_id, role FROM speaker_roles ORDER BY rowid"):
            roles.setdefault(sid, []).append(role)
        affiliations: dict[int, list[Affiliation]] = {}
        for sid, text, linked in self._all(
            "SELECT speaker_id, affiliation, affiliation_id FROM speaker_affiliations ORDER BY rowid"
        ):
            affiliations.setdefault(sid, []).append(Affiliation(text, linked))
        return [
            StoredSpeaker(
                id=r["id"], canonical=r["canonical"], type=r["type"], role=r["role"], affiliation=r["affiliation"],
                affiliation_id=r["affiliation_id"], claims=r["claims"], aliases=aliases.get(r["id"], []),
                roles=roles.get(r["id"], []), affiliations=affiliations.get(r["id"], []),
            )
            for r in rows
        ]

    def summary(self) -> dict[str, Any]:
        outlets = self._all(
            "SELECT coalesce(outlet, '(unknown)'), count(*) FROM articles GROUP BY outlet"
            " ORDER BY count(*) DESC, coalesce(outlet, '(unknown)') COLLATE \"C\""
        )
        kinds = self._all("SELECT kind, count(*) FROM claims GROUP BY kind ORDER BY count(*) DESC, kind COLLATE \"C\"")
        top = [
            {"canonical": s.canonical, "type": s.type, "claims": s.claims}
            for s in self.speakers()[:TOP_SPEAKERS]
            if s.claims
        ]
        count: Callable[[str], int] = lambda table: int(self._one(f"SELECT count(*) FROM {table}")[0])  # noqa: E731
        return {
            "articles": count("articles"), "outlets": dict(outlets), "claims": dict(kinds),
            "claims_total": count("claims"), "top_speakers": top, "quantities": count("quantities"),
        }

    def article_listing(
        self, *, outlet: str | None = None, words: Sequence[str] = (), limit: int | None = None
    ) -> list[ArticleListing]:
        where: list[str] = []
        params: list[Any] = []
        if outlet:
            where.append("lower(a.outlet) = lower(%s)")
            params.append(outlet)
        for word in words:
            where.append("(lower(coalesce(a.title, '')) LIKE %s ESCAPE '\\' OR lower(a.text) LIKE %s ESCAPE '\\')")
            params.extend([_like(word), _like(word)])
        sql = (
            "SELECT a.id, a.external_id, a.outlet, a.url, a.published, a.title, a.source,"
            " (SELECT count(*) FROM claims c WHERE c.article_id = a.id) FROM articles a"
            + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.rowid"
        )
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        return [ArticleListing(*row) for row in self._all(sql, params)]

    def ids_of_input(self, external_id: str) -> list[str]:
        return [r[0] for r in self._all("SELECT id FROM articles WHERE external_id = %s ORDER BY rowid", [external_id])]

    # -- reads of the web view (see :class:`claimledger.store.sqlite.Ledger`)

    def thread_listing(self, query: ThreadQuery) -> tuple[int, list[ThreadListing]]:
        where, params = thread_filters(query, "%s")
        if where is None:
            return 0, []
        clause = " WHERE " + " AND ".join(where)
        total = int(self._one("SELECT count(*) FROM threads" + clause, params)[0])
        order = PG_THREAD_ORDERS.get(query.sort, PG_THREAD_ORDERS["members"])
        rows = self._all(
            f"SELECT {THREAD_COLUMNS} FROM threads{clause} ORDER BY {order} LIMIT %s OFFSET %s",
            [*params, query.limit, query.offset],
        )
        listings = {r[0]: thread_listing(r) for r in rows}
        if listings:
            for thread_id, series, value, low, day in self._all(
                "SELECT thread_id, series, value, low, day FROM thread_members WHERE thread_id = ANY(%s)"
                " ORDER BY thread_id, day IS NULL, day, claim_id, qindex", [list(listings)],
            ):
                listings[thread_id].points.append(
                    (series, low if value is None else json.loads(value), date.fromisoformat(day) if day else None)
                )
        return total, list(listings.values())

    def claim_threads(self, claim_ids: Sequence[int]) -> dict[int, dict[int, int]]:
        out: dict[int, dict[int, int]] = {}
        ids = list(claim_ids)
        for start in range(0, len(ids), CHUNK):
            for claim_id, qindex, thread_id in self._all(
                "SELECT claim_id, qindex, thread_id FROM thread_members WHERE claim_id = ANY(%s)", [ids[start:start + CHUNK]]
            ):
                out.setdefault(claim_id, {})[qindex] = thread_id
        return out

    def claim_identities(self, claim_ids: Sequence[int]) -> dict[int, dict[int, LedgerSpeaker]]:
        return self._claim_speakers(list(claim_ids))

    def speaker(self, speaker_id: int) -> StoredSpeaker | None:
        row = self._one(
            "SELECT id, canonical, type, role, affiliation, affiliation_id,"
            " (SELECT count(DISTINCT claim_id) FROM claim_speakers WHERE speaker_id = s.id)"
            " FROM speakers s WHERE id = %s", [speaker_id],
        )
        if row is None:
            return None
        one = [speaker_id]
        return StoredSpeaker(
            id=row[0], canonical=row[1], type=row[2], role=row[3], affiliation=row[4], affiliation_id=row[5],
            claims=row[6],
            aliases=[r[0] for r in self._all(
                "SELECT alias FROM speaker_aliases WHERE speaker_id = %s ORDER BY alias COLLATE \"C\"", one)],
            roles=[r[0] for r in self._all("SELECT role FROM speaker_roles WHERE speaker_id = %s ORDER BY rowid", one)],
            affiliations=[Affiliation(r[0], r[1]) for r in self._all(
                "SELECT affiliation, affiliation_id FROM speaker_affiliations WHERE speaker_id = %s ORDER BY rowid", one)],
        )

    def speaker_threads(self, speaker_id: int) -> list[int]:
        return [r[0] for r in self._all(
            "SELECT DISTINCT m.thread_id FROM claim_speakers cs JOIN thread_members m ON m.claim_id = cs.claim_id"
            " WHERE cs.speaker_id = %s ORDER BY m.thread_id", [speaker_id],
        )]

    def search_claims(self, query: str, *, limit: int, offset: int = 0) -> list[StoredClaim]:
        """Claims matching ``query`` (quoted words, each must occur) by the ``tsvector``, last stored first."""
        return self._stored_claims(self._all(
            "SELECT c.id, c.json, c.article_id, c.seq, a.outlet, a.published, a.title"
            " FROM claims c JOIN articles a ON a.id = c.article_id"
            " WHERE c.fts @@ websearch_to_tsquery('simple', %s) ORDER BY c.id DESC LIMIT %s OFFSET %s",
            [query, limit, offset],
        ))


def _reason(error: Exception) -> str:
    """A driver error on one line."""
    return " ".join(str(error).split())[:300] or type(error).__name__
