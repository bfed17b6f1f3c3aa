"""The SQLite ledger: articles, claims, speakers, copies and threads, through sqlite-utils.

SQL only: which speaker a name is, which article is a copy and which figures make a
thread are decided in :mod:`claimledger.link` (identity, copies, threads); this
module writes what they decide and reads it back as records
(:class:`~claimledger.records.StoredClaim`, :class:`~claimledger.records.StoredSpeaker`,
:class:`~claimledger.records.StoredThread`). The schema is :mod:`claimledger.store.schema`.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from ..errors import ClaimledgerError
from ..records import (
    INCIDENT_EVENTS,
    Affiliation,
    Article,
    ArticleListing,
    Claim,
    IdentityRows,
    LedgerSpeaker,
    Quantity,
    StoredClaim,
    StoredSpeaker,
    StoredThread,
    ThreadListing,
    ThreadMeasure,
    ThreadMember,
    ThreadPlace,
    ThreadQuery,
)
from .schema import MIGRATIONS

__all__ = ["Ledger", "article_row", "claim_row", "quantity_row", "range_rows"]

#: Speakers listed by :meth:`Ledger.summary`.
TOP_SPEAKERS = 10

#: Rows asked for at once with ``IN (...)`` (under SQLite's limit on parameters).
CHUNK = 500

#: Thread index keys read in one query (one ``SELECT`` each, joined by ``UNION ALL``,
#: under SQLite's limit of 500 on a compound ``SELECT``).
KEYS_AT_ONCE = 100

#: Seconds a writer waits for another writer to let go of the ledger before it gives
#: up with E031. Writers hold the ledger for one article (or one threading pass) at a
#: time, so a second ingest into the same ledger waits its turn rather than failing.
BUSY_TIMEOUT_S = 120.0


def is_busy(error: sqlite3.Error) -> bool:
    """Whether ``error`` is SQLite's "another connection holds the lock" (SQLITE_BUSY or SQLITE_LOCKED)."""
    name = getattr(error, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(error)


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
        "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
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
        "stance": claim.frame.stance,
    }


def quantity_row(claim_id: int, quantity: Quantity) -> dict[str, Any]:
    """The ``quantities`` row: ``value`` for a single number, ``low``/``high`` always,
    ``previous_low``/``previous_high`` for the level a change left (NULL when none)."""
    value = quantity.value
    low, high = _bounds(value)
    previous_low, previous_high = _bounds(quantity.previous)
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
        "previous_low": previous_low,
        "previous_high": previous_high,
    }


def _bounds(value: Any) -> tuple[Any, Any]:
    """``(low, high)`` of a number or a ``[low, high]`` range; ``(None, None)`` for None."""
    return (value[0], value[-1]) if isinstance(value, list) else (value, value)


def _like(text: str) -> str:
    """A case-insensitive substring pattern for LIKE ... ESCAPE '\\'."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# ---------------------------------------------------------------------------- ledger


def threads_under_keys(
    keys: Sequence[int], limit: int, one_key: str, run: Callable[[str, list[Any]], Iterable[Sequence[Any]]],
) -> dict[int, list[int]]:
    """:meth:`Ledger.thread_keys` on either backend: ``one_key`` selects (key, thread id,
    order added) of one key, newest first, with two parameters (the key, ``limit``); the
    selects of :data:`KEYS_AT_ONCE` keys are joined by ``UNION ALL`` and ``run`` (SQL,
    parameters) gives their rows, grouped here by key in the order added."""
    unique = list(dict.fromkeys(keys))
    rows: list[Sequence[Any]] = []
    for start in range(0, len(unique), KEYS_AT_ONCE):
        part = unique[start:start + KEYS_AT_ONCE]
        rows.extend(run(" UNION ALL ".join([one_key] * len(part)), [v for k in part for v in (k, limit)]))
    out: dict[int, list[int]] = {}
    for key, thread_id, _ in sorted(rows, key=lambda r: r[2]):
        out.setdefault(key, []).append(thread_id)
    return out


class Ledger:
    """The SQLite ledger at ``path`` (``":memory:"`` for a throwaway one).

    Opening it creates the file (unless ``create`` is false) and the schema, or
    brings an older schema up to date.

    Raises:
        ClaimledgerError: E011 when the file cannot be opened or is not a ledger.
    """

    def __init__(
        self, path: str | Path = ":memory:", *, create: bool = True, timeout: float | None = None,
        read_only: bool = False,
    ) -> None:
        self.path = str(path)
        self.timeout = BUSY_TIMEOUT_S if timeout is None else timeout
        try:
            if self.path != ":memory:" and Path(self.path).is_dir():
                raise sqlite3.OperationalError("it is a folder")
            if (read_only or not create) and self.path != ":memory:" and not Path(self.path).exists():
                raise sqlite3.OperationalError("no such file; `claimledger ingest` creates it")
            if read_only:
                self._open_read_only()
                return
            self.db = sqlite_utils.Database(sqlite3.connect(self.path, timeout=self.timeout))
            self.db.execute("PRAGMA foreign_keys = ON")
            # with the write-ahead log, NORMAL syncs at checkpoints only: a killed process
            # loses nothing committed, a power cut at most the last transactions
            self.db.execute("PRAGMA synchronous = NORMAL")
            if create and self.path != ":memory:":
                self._write_ahead_log()
            self._migrate()
        except sqlite3.Error as e:
            if is_busy(e):
                raise self.busy(e) from e
            raise ClaimledgerError("E011", db=self.path, reason=str(e)) from e

    def _open_read_only(self) -> None:
        """Open the file read-only (an SQLite ``mode=ro`` URI): nothing can be written
        through this connection, and the schema must already be up to date (E093).
        The connection may be used from another thread than the one that opened it
        (one request at a time)."""
        uri = Path(self.path).resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=self.timeout, check_same_thread=False)
        self.db = sqlite_utils.Database(conn)
        self.db.execute("PRAGMA query_only = ON")
        if MIGRATIONS.pending(self.db):
            self.db.close()
            raise ClaimledgerError("E093", db=self.path)

    def _write_ahead_log(self) -> None:
        """Journal in write-ahead-log mode, so that readers never wait for a writer and
        a writer waits (up to the busy timeout) for another instead of failing. A file
        that cannot be written keeps its mode (writing it is refused later, E030)."""
        try:
            self.db.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as e:
            if is_busy(e):
                raise

    def _migrate(self) -> None:
        """Bring the schema up to date, holding the write lock, so that two processes
        opening a new ledger at once do not both create it."""
        if not MIGRATIONS.pending(self.db):
            return
        with self.transaction():
            MIGRATIONS.apply(self.db)

    def busy(self, error: sqlite3.Error) -> ClaimledgerError:
        """E031: the ledger stayed locked by another writer past the busy timeout."""
        return ClaimledgerError("E031", db=self.path, seconds=f"{self.timeout:g}", reason=str(error))

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Ledger {self.path}>"

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def check_writable(self) -> None:
        """Raise unless the ledger can be written now (a write is tried and undone).

        Raises:
            ClaimledgerError: E030 naming the ledger and why it cannot be written.
        """
        try:
            self.db.conn.execute("BEGIN IMMEDIATE")
            self.db.conn.execute("ROLLBACK")
        except sqlite3.Error as e:
            if is_busy(e):
                raise self.busy(e) from e
            raise ClaimledgerError("E030", db=self.path, reason=str(e)) from e

    # -- writing

    @contextmanager
    def transaction(self) -> Iterator[Ledger]:
        """Everything inside is one transaction (a savepoint inside another).

        The outermost one takes the write lock as it begins (``BEGIN IMMEDIATE``), so
        what it reads is what it writes over: another writer waits for it, and it
        waits for another (up to the busy timeout).

        Raises:
            ClaimledgerError: E031 when another writer held the ledger past the timeout.
        """
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield self
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            if is_busy(e):
                raise self.busy(e) from e
            raise
        try:
            yield self
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as e:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if is_busy(e):
                raise self.busy(e) from e
            raise

    def lock(self, name: str) -> Any:
        """A context manager for work one process at a time does (threading): nothing
        to take here, SQLite serialises its writers itself."""
        del name
        return nullcontext()

    def add_article(self, article: Article) -> bool:
        """Store ``article`` (its row, publication and ranges), without its claims.

        Returns:
            False when an article with the same id is already stored (only its
            publication is recorded, when new: see :meth:`add_publication`), True otherwise.
        """
        if self.has(article.id):
            self.add_publication(article)
            return False
        with self.transaction():
            self._insert("articles", [article_row(article)])
            self.add_publication(article)
            self._insert("article_ranges", range_rows(article))
        return True

    def add_claim(self, article_id: str, seq: int, claim: Claim, speaker_ids: Sequence[int]) -> int:
        """Store the ``seq``-th claim of a stored article with its quantities and its
        ledger speakers by position (``speaker_ids[0]`` is the claim's speaker); its id."""
        claim_id = self._insert("claims", [claim_row(article_id, seq, claim, speaker_ids[0])])
        assert claim_id is not None
        self.db.conn.executemany(
            "INSERT INTO claim_speakers (claim_id, speaker_id, position) VALUES (?, ?, ?)",
            [(claim_id, sid, i) for i, sid in enumerate(speaker_ids)],
        )
        self._insert("quantities", [quantity_row(claim_id, q) for q in claim.quantities])
        return claim_id

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

    def add_publication(self, article: Article) -> bool:
        """Record that ``article`` (already stored) was published by its outlet, at its URL and date.

        Returns:
            True when this publication is new (another outlet, address or date).
        """
        row = {
            "article_id": article.id, "outlet": article.outlet, "url": article.url,
            "published": article.published.isoformat() if article.published else None, "source": article.source,
        }
        with self.transaction():
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

    # -- speakers (what claimledger.link.identity decides)

    def identity_rows(self) -> IdentityRows:
        """Every speaker, alias, role, and the last claim each outlet quoted a speaker in."""
        execute = self.db.conn.execute
        return IdentityRows(
            speakers=[tuple(r) for r in execute("SELECT id, canonical, type, role FROM speakers")],
            aliases=[tuple(r) for r in execute("SELECT speaker_id, alias, source FROM speaker_aliases")],
            roles=[tuple(r) for r in execute("SELECT speaker_id, role FROM speaker_roles")],
            seen=[tuple(r) for r in execute(
                "SELECT cs.speaker_id, a.outlet, max(c.id) AS last FROM claim_speakers cs"
                " JOIN claims c ON c.id = cs.claim_id JOIN articles a ON a.id = c.article_id"
                " GROUP BY cs.speaker_id, a.outlet"
            )],
        )

    def speaker_row(self, canonical: str | None, kind: str | None) -> int:
        """The id of the speaker named ``canonical`` of type ``kind``, stored now when new
        (what sqlite-utils' ``lookup`` does, without its schema checks)."""
        row = self.db.conn.execute(
            "SELECT id FROM speakers WHERE canonical IS ? AND type IS ?", [canonical, kind]
        ).fetchone()
        if row is not None:
            return row[0]
        found = self._insert("speakers", [{"canonical": canonical, "type": kind}])
        assert found is not None
        return found

    def find_speaker(self, canonical: str, kind: str, *, exclude: int) -> int | None:
        """The id of another speaker named ``canonical`` of type ``kind``, if stored."""
        row = self.db.execute(
            "SELECT id FROM speakers WHERE canonical = ? AND type = ? AND id != ?", [canonical, kind, exclude]
        ).fetchone()
        return row[0] if row else None

    def rename_speaker(self, speaker_id: int, canonical: str, kind: str) -> None:
        self.db.execute("UPDATE speakers SET canonical = ?, type = ? WHERE id = ?", [canonical, kind, speaker_id])

    def claim_counts(self, speaker_ids: Sequence[int]) -> dict[int, int]:
        """How many claim speaker links each speaker has (absent: none)."""
        ids = list(speaker_ids)
        return {
            r["speaker_id"]: r["n"]
            for r in self.db.query(
                f"SELECT speaker_id, count(*) AS n FROM claim_speakers WHERE speaker_id IN ({','.join('?' * len(ids))})"
                " GROUP BY speaker_id", ids,
            )
        }

    def add_alias(self, speaker_id: int, alias: str, source: str) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias, source) VALUES (?, ?, ?)",
            [speaker_id, alias, source],
        )

    def aliases_of(self, speaker_id: int) -> list[tuple[str, str | None]]:
        """``(alias, source)`` of every alias of a speaker."""
        return [tuple(r) for r in self.db.conn.execute(
            "SELECT alias, source FROM speaker_aliases WHERE speaker_id = ?", [speaker_id]
        )]

    def add_role(self, speaker_id: int, role: str, *, main: bool = False) -> None:
        """Record a role; the first becomes the speaker's ``role`` (with ``main``, this one)."""
        self.db.execute("INSERT OR IGNORE INTO speaker_roles (speaker_id, role) VALUES (?, ?)", [speaker_id, role])
        self.db.execute("UPDATE speakers SET role = ? WHERE id = ? AND role IS NULL", [role, speaker_id])
        if main:
            self.db.execute("UPDATE speakers SET role = ? WHERE id = ?", [role, speaker_id])

    def add_affiliation(self, speaker_id: int, affiliation: str, linked: int | None, *, main: bool = False) -> None:
        """Record an affiliation and the speaker it names (``linked``, when known); the
        first becomes the speaker's ``affiliation`` (with ``main``, this one)."""
        self.db.execute(
            "INSERT OR IGNORE INTO speaker_affiliations (speaker_id, affiliation, affiliation_id) VALUES (?, ?, ?)",
            [speaker_id, affiliation, linked],
        )
        self.db.execute(
            "UPDATE speakers SET affiliation = ?, affiliation_id = ? WHERE id = ? AND affiliation IS NULL",
            [affiliation, linked, speaker_id],
        )
        if main:
            self.db.execute(
                "UPDATE speakers SET affiliation = ?, affiliation_id = ? WHERE id = ?", [affiliation, linked, speaker_id]
            )

    def unlinked_affiliations(self) -> list[tuple[int, int, str]]:
        """``(row, speaker id, affiliation)`` of every affiliation not linked to a speaker."""
        return [tuple(r) for r in self.db.conn.execute(
            "SELECT rowid, speaker_id, affiliation FROM speaker_affiliations WHERE affiliation_id IS NULL"
        )]

    def link_affiliation(self, row: int, speaker_id: int, affiliation: str, linked: int) -> None:
        """Link an affiliation row (and the speaker's own affiliation, if that one) to a speaker."""
        self.db.execute("UPDATE speaker_affiliations SET affiliation_id = ? WHERE rowid = ?", [linked, row])
        self.db.execute(
            "UPDATE speakers SET affiliation_id = ? WHERE id = ? AND affiliation = ? AND affiliation_id IS NULL",
            [linked, speaker_id, affiliation],
        )

    def merge_speakers(self, target: int, other: int) -> int:
        """Move ``other``'s claims, aliases, roles and affiliations to ``target`` and
        delete it, in one transaction; how many claim speaker links were re-pointed."""
        with self.transaction():
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
            moved = self.db.execute(
                "UPDATE claim_speakers SET speaker_id = ? WHERE speaker_id = ?", [target, other]
            ).rowcount
            for table in ("speaker_aliases", "speaker_roles", "speaker_affiliations"):
                self.db.execute(f"DELETE FROM {table} WHERE speaker_id = ?", [other])
            self.db.execute("UPDATE speaker_affiliations SET affiliation_id = NULL WHERE speaker_id = affiliation_id")
            self.db.execute("UPDATE speakers SET affiliation_id = NULL WHERE id = affiliation_id")
            self.db.execute("DELETE FROM speakers WHERE id = ?", [other])
        return moved

    # -- speakers resolved again over the whole ledger

    def data_version(self) -> int:
        """A number that changes whenever another connection commits to the ledger."""
        return int(self.db.conn.execute("PRAGMA data_version").fetchone()[0])

    def state(self, key: str) -> str | None:
        """The ledger's mark named ``key``, if set."""
        row = self.db.conn.execute("SELECT value FROM ledger_state WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_state(self, key: str, value: str) -> None:
        self.db.conn.execute("INSERT OR REPLACE INTO ledger_state (key, value) VALUES (?, ?)", [key, value])

    def claims_mark(self) -> str:
        """How many claims are stored and the last claim id: it changes whenever a claim is added."""
        count, last = self.db.conn.execute("SELECT count(*), coalesce(max(id), 0) FROM claims").fetchone()
        return f"{count}:{last}"

    def speaker_inputs(self) -> Iterator[tuple[Article, Iterable[Claim]]]:
        """Every stored article (its id, outlet and date only, no text) with its claims,
        in an order that depends only on what is stored: by publication date, then
        article id (a hash of the text), claims in article order. The claims are read
        one at a time as they are asked for (a very long article's are not all held),
        before the next article is yielded."""
        articles = self.db.conn.execute(
            "SELECT id, outlet, published FROM articles ORDER BY published IS NULL, published, id"
        ).fetchall()
        for article_id, outlet, published in articles:
            rows = self.db.conn.execute("SELECT json FROM claims WHERE article_id = ? ORDER BY seq", [article_id])
            yield Article(
                text="", id=article_id, outlet=outlet, published=date.fromisoformat(published) if published else None,
            ), (Claim.from_json(json.loads(r[0])) for r in rows)

    def file_speakers(self) -> list[tuple[str, str, str | None, str | None, list[str]]]:
        """``(canonical, type, role, affiliation, aliases)`` of every speaker with aliases from an aliases file."""
        out: dict[int, tuple[str, str, str | None, str | None, list[str]]] = {}
        for sid, canonical, kind, role, affiliation, alias in self.db.conn.execute(
            "SELECT s.id, s.canonical, s.type, s.role, s.affiliation, a.alias FROM speakers s"
            " JOIN speaker_aliases a ON a.speaker_id = s.id WHERE a.source = 'file' ORDER BY s.canonical, a.alias"
        ):
            out.setdefault(sid, (canonical, kind, role, affiliation, []))[4].append(alias)
        return sorted(out.values(), key=lambda e: (e[0], e[1] or ""))

    def speaker_tables(self) -> dict[str, Iterable[tuple[Any, ...]]]:
        """The speaker rows, their aliases, roles and affiliations, and each claim's
        speakers as ``(article id, seq, position, speaker id)``: each table a cursor
        its rows are read from one at a time (a ledger's worth of claim speakers is never held)."""
        execute = self.db.conn.execute
        return {
            "speakers": execute("SELECT id, canonical, type, role, affiliation, affiliation_id FROM speakers ORDER BY id"),
            "speaker_aliases": execute(
                "SELECT speaker_id, alias, source FROM speaker_aliases ORDER BY speaker_id, alias"),
            "speaker_roles": execute("SELECT speaker_id, role FROM speaker_roles ORDER BY rowid"),
            "speaker_affiliations": execute(
                "SELECT speaker_id, affiliation, affiliation_id FROM speaker_affiliations ORDER BY rowid"),
            "claim_speakers": execute(
                "SELECT c.article_id, c.seq, cs.position, cs.speaker_id FROM claim_speakers cs"
                " JOIN claims c ON c.id = cs.claim_id ORDER BY c.article_id, c.seq, cs.position"),
        }

    def claim_speaker_names(self) -> Iterator[tuple[tuple[str, int, int], tuple[str | None, str | None]]]:
        """Each claim speaker as ``((article id, seq, position), (canonical, type))``, in
        the order of that key (article ids in byte order), read one at a time."""
        for r in self.db.conn.execute(
            "SELECT c.article_id, c.seq, cs.position, s.canonical, s.type FROM claim_speakers cs"
            " JOIN claims c ON c.id = cs.claim_id JOIN speakers s ON s.id = cs.speaker_id"
            " ORDER BY c.article_id, c.seq, cs.position"
        ):
            yield (r[0], r[1], r[2]), (r[3], r[4])

    def replace_speakers(self, tables: dict[str, Iterable[tuple[Any, ...]]]) -> None:
        """Replace every speaker, alias, role, affiliation and claim speaker link by
        ``tables`` (as :meth:`speaker_tables` gives them, read as they are written), in
        one transaction."""
        with self.transaction():
            execute, many = self.db.conn.execute, self.db.conn.executemany
            execute("PRAGMA defer_foreign_keys = ON")
            for table in ("claim_speakers", "speaker_aliases", "speaker_roles", "speaker_affiliations", "speakers"):
                execute(f"DELETE FROM {table}")
            many("INSERT INTO speakers (id, canonical, type, role, affiliation, affiliation_id) VALUES (?, ?, ?, ?, ?, ?)",
                 tables["speakers"])
            many("INSERT INTO speaker_aliases (speaker_id, alias, source) VALUES (?, ?, ?)", tables["speaker_aliases"])
            many("INSERT INTO speaker_roles (speaker_id, role) VALUES (?, ?)", tables["speaker_roles"])
            many("INSERT INTO speaker_affiliations (speaker_id, affiliation, affiliation_id) VALUES (?, ?, ?)",
                 tables["speaker_affiliations"])
            many(
                "INSERT INTO claim_speakers (claim_id, speaker_id, position)"
                " SELECT id, ?, ? FROM claims WHERE article_id = ? AND seq = ?",
                ((sid, position, article_id, seq) for article_id, seq, position, sid in tables["claim_speakers"]),
            )
            execute(  # only rows whose speaker changed: each update also rewrites the claim's search entry
                "UPDATE claims SET speaker_id = (SELECT speaker_id FROM claim_speakers"
                " WHERE claim_id = claims.id AND position = 0) WHERE speaker_id IS NOT (SELECT speaker_id"
                " FROM claim_speakers WHERE claim_id = claims.id AND position = 0)"
            )

    # -- syndicated copies (what claimledger.link.syndication decides)

    def add_signature(self, article_id: str, signature: Sequence[int], bands: Sequence[str]) -> None:
        """Store an article's MinHash signature and its LSH band keys."""
        with self.transaction():
            self.db.table("article_signatures").insert(
                {"article_id": article_id, "signature": ",".join(map(str, signature))}, replace=True
            )
            self.db.execute("DELETE FROM article_bands WHERE article_id = ?", [article_id])
            self.db.table("article_bands").insert_all({"article_id": article_id, "band": b} for b in bands)

    def unsigned_articles(self) -> list[str]:
        """Ids of stored articles without a MinHash signature (stored by an ingest that
        was stopped before it fingerprinted them), oldest first."""
        return [r[0] for r in self.db.conn.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM article_signatures) ORDER BY rowid"
        )]

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
        return [(r[0], [int(x) for x in r[1].split(",")]) for r in rows if r[1]]

    def mark_copy(self, article_id: str, original_id: str, similarity: float) -> None:
        """Record ``article_id`` as a syndicated copy of ``original_id``."""
        self.db.table("article_copies").insert(
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

    def unthreaded_articles(self, limit: int | None = None) -> list[str]:
        """Ids of stored articles whose claims have not been placed in threads, oldest
        first (the first ``limit`` of them)."""
        return [r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM threaded_articles)"
            " ORDER BY published IS NULL, published, rowid LIMIT ?", [-1 if limit is None else limit]
        ).fetchall()]

    def thread_inputs(self, article_ids: Sequence[str]) -> Iterator[dict[str, Any]]:
        """For each article, in the order given: its fields, its kept text (title and
        body), the outlet of its original when it is a syndicated copy, and its claims,
        each with its speakers as the ledger now resolves them (merges and aliases
        applied)."""
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
            original = self.original_of(article_id)
            source_outlet = art[1]
            if original:
                row = self.db.execute("SELECT outlet FROM articles WHERE id = ?", [original]).fetchone()
                source_outlet = row[0] if row else art[1]
            yield {
                "id": art[0], "outlet": art[1], "published": date.fromisoformat(art[2]) if art[2] else None,
                "text": kept, "source_outlet": source_outlet, "claims": self._thread_claims(article_id),
            }

    def _thread_claims(self, article_id: str) -> Iterator[dict[str, Any]]:
        """An article's claims for :meth:`thread_inputs`, in order, each with its
        speakers, read one at a time as they are asked for (a very long article's
        claims are not all held)."""
        claim: dict[str, Any] | None = None
        for claim_id, seq, data, speaker_id, canonical, affiliation, kind in self.db.conn.execute(
            "SELECT c.id, c.seq, c.json, s.id, s.canonical, s.affiliation, s.type FROM claims c"
            " LEFT JOIN claim_speakers cs ON cs.claim_id = c.id LEFT JOIN speakers s ON s.id = cs.speaker_id"
            " WHERE c.article_id = ? ORDER BY c.seq, c.id, cs.position", [article_id]
        ):
            if claim is None or claim["id"] != claim_id:
                if claim is not None:
                    yield claim
                claim = {"id": claim_id, "seq": seq, "json": json.loads(data), "speakers": []}
            if speaker_id is not None:
                claim["speakers"].append({"canonical": canonical, "affiliation": affiliation, "type": kind})
        if claim is not None:
            yield claim

    def threaded_articles(self) -> list[str]:
        """Ids of the articles whose figures were placed in threads, oldest first."""
        return [r[0] for r in self.db.conn.execute(
            "SELECT t.article_id FROM threaded_articles t JOIN articles a ON a.id = t.article_id ORDER BY a.rowid"
        )]

    def member_sources(self, article_ids: Sequence[str]) -> dict[tuple[int, int], str]:
        """``(claim id, qindex)`` -> the sources stored with that thread member, for the
        members whose claims these articles make."""
        out: dict[tuple[int, int], str] = {}
        for start in range(0, len(article_ids), CHUNK):
            chunk = list(article_ids[start:start + CHUNK])
            out.update(((r[0], r[1]), r[2] or "") for r in self.db.conn.execute(
                "SELECT m.claim_id, m.qindex, m.sources FROM thread_members m JOIN claims c ON c.id = m.claim_id"
                f" WHERE c.article_id IN ({','.join('?' * len(chunk))})", chunk))
        return out

    def set_member_sources(self, rows: Sequence[tuple[str, int, int]]) -> list[int]:
        """Store ``(sources, claim id, qindex)`` of thread members; the threads they are in."""
        with self.transaction():
            self.db.conn.executemany("UPDATE thread_members SET sources = ? WHERE claim_id = ? AND qindex = ?", rows)
            found: set[int] = set()
            for start in range(0, len(rows), CHUNK):
                chunk = rows[start:start + CHUNK]
                found.update(r[0] for r in self.db.conn.execute(
                    "SELECT DISTINCT thread_id FROM thread_members WHERE "
                    + " OR ".join(["(claim_id = ? AND qindex = ?)"] * len(chunk)),
                    [v for _s, cid, q in chunk for v in (cid, q)],
                ))
        return sorted(found)

    def thread_state(self) -> tuple[Iterator[dict[str, Any]], dict[str, int], int]:
        """Saved thread rows (read :data:`CHUNK` at a time, by id, as they are used),
        word document frequencies and the number of members seen."""
        df = dict(self.db.execute("SELECT term, df FROM thread_terms WHERE term != ''").fetchall())
        docs = self.db.execute("SELECT df FROM thread_terms WHERE term = ''").fetchone()
        return self._thread_pages(), df, docs[0] if docs else 0

    def _thread_pages(self) -> Iterator[dict[str, Any]]:
        last = 0
        while True:
            page = list(self.db.query("SELECT * FROM threads WHERE id > ? ORDER BY id LIMIT ?", [last, CHUNK]))
            yield from page
            if len(page) < CHUNK:
                return
            last = page[-1]["id"]

    def thread_rows(self, thread_ids: Sequence[int]) -> list[dict[str, Any]]:
        """The saved rows of these threads (as :meth:`thread_state` gives them)."""
        out: list[dict[str, Any]] = []
        for start in range(0, len(thread_ids), CHUNK):
            chunk = list(thread_ids[start:start + CHUNK])
            out.extend(self.db.query(f"SELECT * FROM threads WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return out

    def save_threads(
        self, threads: Sequence[dict[str, Any]], members: Sequence[dict[str, Any]], df: dict[str, int], docs: int,
        article_ids: Sequence[str],
    ) -> None:
        """Write changed thread rows, new members, frequencies, and mark articles threaded, in one transaction."""
        with self.transaction():
            if threads:  # plain SQL: sqlite-utils' upsert probes the database first, which a read in progress forbids
                columns = list(threads[0])
                updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != "id")
                self.db.conn.executemany(
                    f'INSERT INTO threads ({", ".join(f"[{c}]" for c in columns)}) VALUES ({", ".join("?" * len(columns))})'
                    f" ON CONFLICT (id) DO UPDATE SET {updates}",
                    [[row[c] for c in columns] for row in threads],
                )
            if members:
                self.db.table("thread_members").insert_all(members, ignore=True)
            self.db.execute("DELETE FROM thread_terms")
            self.db.table("thread_terms").insert_all(
                [{"term": "", "df": docs}] + [{"term": t, "df": n} for t, n in df.items()]
            )
            self.db.table("threaded_articles").insert_all(({"article_id": a} for a in article_ids), ignore=True)

    def clear_threads(self) -> None:
        """Forget every thread (for a rebuild)."""
        with self.transaction():
            for table in ("thread_members", "threads", "thread_terms", "threaded_articles", "thread_keys"):
                self.db.execute(f"DELETE FROM {table}")

    def thread_keys(self, keys: Sequence[int], limit: int) -> dict[int, list[int]]:
        """For each of the index ``keys`` that has threads, the last ``limit`` of them, in
        the order they were added (each key read backwards through its index)."""
        return threads_under_keys(
            keys, limit,
            "SELECT * FROM (SELECT key, thread_id, rowid FROM thread_keys WHERE key = ? ORDER BY rowid DESC LIMIT ?)",
            lambda sql, params: self.db.conn.execute(sql, params).fetchall(),
        )

    def add_thread_keys(self, rows: Sequence[tuple[int, int]]) -> None:
        """Add (index key, thread id) pairs, in order."""
        if rows:
            with self.transaction():
                self.db.conn.executemany("INSERT INTO thread_keys (key, thread_id) VALUES (?, ?)", rows)

    def last_thread_id(self) -> int:
        """The largest thread id (0 when there is none)."""
        return int(self.db.conn.execute("SELECT coalesce(max(id), 0) FROM threads").fetchone()[0])

    def threads(self, thread_id: int | None = None) -> list[StoredThread]:
        """Threads (or one) by id, each with what it measures, its members by date and
        its stored verdicts."""
        sql = f"SELECT {THREAD_COLUMNS} FROM threads" + (" WHERE id = ?" if thread_id is not None else "")
        threads = {
            r[0]: stored_thread(r)
            for r in self.db.conn.execute(sql + " ORDER BY id", [thread_id] if thread_id is not None else [])
        }
        if not threads:
            return []
        for r in self._thread_members(thread_id, claims=True):
            thread = threads.get(r[0])
            if thread is not None:
                thread.members.append(self._member(r, Claim.from_json(json.loads(r[16]))))
        return list(threads.values())

    @staticmethod
    def _member(r: Sequence[Any], claim: Claim | None) -> ThreadMember:
        """A member from a row of :meth:`_thread_members`."""
        return ThreadMember(
            claim_id=r[1], qindex=r[2], article_id=r[9], outlet=r[10], claim=claim,  # type: ignore[arg-type]
            day=date.fromisoformat(r[6]) if r[6] else None, series=r[3], low=r[4], high=r[5],
            sources=frozenset((r[7] or "").split("|")), conflicts_with=None if r[8] is None else json.loads(r[8]),
            input_id=r[11], published=date.fromisoformat(r[12]) if r[12] else None,
            value=None if r[13] is None else json.loads(r[13]), change=r[14], implicit=bool(r[15]),
        )

    def thread_points(self, thread_ids: Sequence[int]) -> dict[int, list[ThreadMember]]:
        """The members of these threads by date, without their claims (``claim`` is
        None): what their verdicts are computed from."""
        wanted = set(thread_ids)
        out: dict[int, list[ThreadMember]] = {t: [] for t in wanted}
        if not wanted:
            return out
        for r in self._thread_members(None, claims=False, among=sorted(wanted)):
            out[r[0]].append(self._member(r, None))
        return out

    def _thread_members(
        self, thread_id: int | None, *, claims: bool, among: Sequence[int] = ()
    ) -> Iterator[tuple[Any, ...]]:
        """Member rows by date: thread, claim, qindex, series, low, high, day, sources,
        conflicts_with, article, outlet, input id, published, value, change, implicit (and the claim JSON)."""
        params: list[Any] = []
        where = ""
        if thread_id is not None:
            where, params = " WHERE m.thread_id = ?", [thread_id]
        for start in range(0, len(among), CHUNK) if among else [None]:
            chunk = list(among[start:start + CHUNK]) if start is not None else []
            clause, args = where, list(params)
            if chunk:
                clause = f" WHERE m.thread_id IN ({','.join('?' * len(chunk))})"
                args = chunk
            yield from self.db.conn.execute(
                "SELECT m.thread_id, m.claim_id, m.qindex, m.series, m.low, m.high, m.day, m.sources, m.conflicts_with,"
                " c.article_id, a.outlet, a.external_id, COALESCE(m.published, a.published), m.value, m.change,"
                " m.implicit"
                + (", c.json" if claims else "")
                + " FROM thread_members m JOIN claims c ON c.id = m.claim_id JOIN articles a ON a.id = c.article_id"
                + clause + " ORDER BY m.day IS NULL, m.day, a.rowid, c.seq, m.qindex",
                args,
            )

    def save_verdicts(
        self, thread_id: int, *, conflict: bool, sources: int, conflicts_with: Sequence[tuple[int, int, list[int]]],
        current: Sequence[dict[str, Any]] = (),
    ) -> None:
        """Store a thread's verdicts (and its current figures) and, per member
        ``(claim id, qindex, indexes)``, the members it conflicts with."""
        self.db.conn.execute(
            "UPDATE threads SET conflict = ?, sources = ?, current = ? WHERE id = ?",
            [int(conflict), sources, json.dumps(list(current), ensure_ascii=False), thread_id],
        )
        self.db.conn.executemany(
            "UPDATE thread_members SET conflicts_with = ? WHERE claim_id = ? AND qindex = ?",
            [(json.dumps(idx), claim_id, qindex) for claim_id, qindex, idx in conflicts_with],
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
        speaker_id: int | None = None,
    ) -> list[StoredClaim]:
        """Stored claims, oldest article first, with their article's fields and their
        speakers as the ledger knows them now.

        Args:
            speaker: case-insensitive substring of any of the claim's speakers'
                canonical names or aliases.
            outlet: the article's outlet (case-insensitive).
            search: full-text query over the claimed content and the speaker mention
                (FTS5 syntax; text that is not valid syntax is searched word by word).
            article_id: only this article's claims.
            limit: at most this many claims.
            speaker_id: only claims of this ledger speaker (at any position).

        Returns:
            One :class:`~claimledger.records.StoredClaim` per claim; its ``to_json()`` is
            ``Claim.to_json()`` plus ``article_id``, ``seq``, ``outlet``, ``published`` and ``title``.
        """
        where, params = self._claim_filters(speaker=speaker, outlet=outlet, article_id=article_id)
        if speaker_id is not None:
            where.append("c.id IN (SELECT claim_id FROM claim_speakers WHERE speaker_id = ?)")
            params.append(speaker_id)
        try:
            rows = self._select_claims(where, params, search=search, limit=limit)
        except sqlite3.OperationalError:
            if not search:
                raise
            rows = self._select_claims(where, params, search=self.db.quote_fts(search), limit=limit)
        return self._stored_claims(rows)

    def _stored_claims(self, rows: Sequence[dict[str, Any]]) -> list[StoredClaim]:
        """Stored claims of rows of :meth:`_select_claims`, with their ledger speakers."""
        identities = self._claim_speakers([row["id"] for row in rows])
        return [
            StoredClaim(
                claim=Claim.from_json(json.loads(row["json"])), article_id=row["article_id"], seq=row["seq"],
                outlet=row["outlet"], published=row["published"], title=row["title"],
                identities=identities.get(row["id"], {}), id=row["id"],
            )
            for row in rows
        ]

    def _claim_speakers(self, claim_ids: list[int]) -> dict[int, dict[int, LedgerSpeaker]]:
        """claim id -> position -> the ledger's speaker (``id``, ``canonical``, ``type``)."""
        out: dict[int, dict[int, LedgerSpeaker]] = {}
        for start in range(0, len(claim_ids), CHUNK):
            chunk = claim_ids[start : start + CHUNK]
            rows = self.db.query(
                "SELECT cs.claim_id, cs.position, s.id, s.canonical, s.type FROM claim_speakers cs"
                f" JOIN speakers s ON s.id = cs.speaker_id WHERE cs.claim_id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            for r in rows:
                out.setdefault(r["claim_id"], {})[r["position"]] = LedgerSpeaker(r["id"], r["canonical"], r["type"])
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

    def speakers(self) -> list[StoredSpeaker]:
        """Every speaker, most claims first: its row (``id``, ``canonical``, ``type``,
        ``role``, ``affiliation``, ``affiliation_id``), ``claims`` (how many), ``aliases``
        (names and mentions, sorted), ``roles`` (every role given) and ``affiliations``
        (text and the speaker it names, None when the ledger does not know it)."""
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
        affiliations: dict[int, list[Affiliation]] = {}
        for r in self.db.query("SELECT speaker_id, affiliation, affiliation_id FROM speaker_affiliations ORDER BY rowid"):
            affiliations.setdefault(r["speaker_id"], []).append(Affiliation(r["affiliation"], r["affiliation_id"]))
        return [
            StoredSpeaker(
                id=row["id"], canonical=row["canonical"], type=row["type"], role=row["role"],
                affiliation=row["affiliation"], affiliation_id=row["affiliation_id"], claims=row["claims"],
                aliases=aliases.get(row["id"], []), roles=roles.get(row["id"], []),
                affiliations=affiliations.get(row["id"], []),
            )
            for row in rows
        ]

    def summary(self) -> dict[str, Any]:
        """Counts: articles, articles per outlet, claims per kind, top speakers, quantities."""
        outlets = self.db.execute(
            "SELECT coalesce(outlet, '(unknown)'), count(*) FROM articles GROUP BY outlet ORDER BY count(*) DESC, outlet"
        ).fetchall()
        kinds = self.db.execute("SELECT kind, count(*) FROM claims GROUP BY kind ORDER BY count(*) DESC, kind").fetchall()
        top = [
            {"canonical": s.canonical, "type": s.type, "claims": s.claims}
            for s in self.speakers()[:TOP_SPEAKERS]
            if s.claims
        ]
        return {
            "articles": self.db.table("articles").count,
            "outlets": dict(outlets),
            "claims": dict(kinds),
            "claims_total": self.db.table("claims").count,
            "top_speakers": top,
            "quantities": self.db.table("quantities").count,
        }

    # -- listing articles, and finding them by their input id

    def article_listing(
        self, *, outlet: str | None = None, words: Sequence[str] = (), limit: int | None = None
    ) -> list[ArticleListing]:
        """Stored articles, first ingested first, without their text.

        Args:
            outlet: only this outlet's (case-insensitive).
            words: each must occur in the title or the text (case-insensitive, as written).
            limit: at most this many.
        """
        where: list[str] = []
        params: list[Any] = []
        if outlet:
            where.append("lower(a.outlet) = lower(?)")
            params.append(outlet)
        for word in words:
            where.append("(lower(coalesce(a.title, '')) LIKE ? ESCAPE '\\' OR lower(a.text) LIKE ? ESCAPE '\\')")
            params.extend([_like(word), _like(word)])
        sql = (
            "SELECT a.id, a.external_id, a.outlet, a.url, a.published, a.title, a.source,"
            " (SELECT count(*) FROM claims c WHERE c.article_id = a.id) FROM articles a"
            + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.rowid"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [ArticleListing(*row) for row in self.db.conn.execute(sql, params)]

    def ids_of_input(self, external_id: str) -> list[str]:
        """Ledger ids of the stored articles whose input id is ``external_id``, first ingested first."""
        return [r[0] for r in self.db.conn.execute(
            "SELECT id FROM articles WHERE external_id = ? ORDER BY rowid", [external_id]
        )]

    # -- reads of the web view: one page at a time, through indexes

    def thread_listing(self, query: ThreadQuery) -> tuple[int, list[ThreadListing]]:
        """How many threads match ``query``, and its page of them (in its order), each
        with its members' series, values and days but not their claims."""
        where, params = thread_filters(query, "?")
        if where is None:
            return 0, []
        clause = " WHERE " + " AND ".join(where)
        total = self.db.conn.execute("SELECT count(*) FROM threads" + clause, params).fetchone()[0]
        order = THREAD_ORDERS.get(query.sort, THREAD_ORDERS["members"])
        rows = self.db.conn.execute(
            f"SELECT {THREAD_COLUMNS} FROM threads{clause} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, query.limit, query.offset],
        ).fetchall()
        listings = {r[0]: thread_listing(r) for r in rows}
        ids = list(listings)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            for thread_id, series, value, low, day in self.db.conn.execute(
                "SELECT thread_id, series, value, low, day FROM thread_members"
                f" WHERE thread_id IN ({','.join('?' * len(chunk))})"
                " ORDER BY thread_id, day IS NULL, day, claim_id, qindex", chunk,
            ):
                listings[thread_id].points.append(
                    (series, low if value is None else json.loads(value), date.fromisoformat(day) if day else None)
                )
        return total, list(listings.values())

    def claim_threads(self, claim_ids: Sequence[int]) -> dict[int, dict[int, int]]:
        """claim id -> quantity index -> the thread that figure is in."""
        out: dict[int, dict[int, int]] = {}
        ids = list(claim_ids)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            for claim_id, qindex, thread_id in self.db.conn.execute(
                f"SELECT claim_id, qindex, thread_id FROM thread_members WHERE claim_id IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                out.setdefault(claim_id, {})[qindex] = thread_id
        return out

    def claim_identities(self, claim_ids: Sequence[int]) -> dict[int, dict[int, LedgerSpeaker]]:
        """claim id -> position -> the ledger's speaker (as :attr:`StoredClaim.identities`)."""
        return self._claim_speakers(list(claim_ids))

    def speaker(self, speaker_id: int) -> StoredSpeaker | None:
        """One speaker with its claim count, aliases, roles and affiliations, or None."""
        row = self.db.conn.execute(
            "SELECT id, canonical, type, role, affiliation, affiliation_id,"
            " (SELECT count(DISTINCT claim_id) FROM claim_speakers WHERE speaker_id = s.id)"
            " FROM speakers s WHERE id = ?", [speaker_id],
        ).fetchone()
        if row is None:
            return None
        one = [speaker_id]
        return StoredSpeaker(
            id=row[0], canonical=row[1], type=row[2], role=row[3], affiliation=row[4], affiliation_id=row[5],
            claims=row[6],
            aliases=[r[0] for r in self.db.conn.execute(
                "SELECT alias FROM speaker_aliases WHERE speaker_id = ? ORDER BY alias", one)],
            roles=[r[0] for r in self.db.conn.execute(
                "SELECT role FROM speaker_roles WHERE speaker_id = ? ORDER BY rowid", one)],
            affiliations=[Affiliation(r[0], r[1]) for r in self.db.conn.execute(
                "SELECT affiliation, affiliation_id FROM speaker_affiliations WHERE speaker_id = ? ORDER BY rowid", one)],
        )

    def speaker_threads(self, speaker_id: int) -> list[int]:
        """Ids of the threads a speaker's claims have figures in."""
        return [r[0] for r in self.db.conn.execute(
            "SELECT DISTINCT m.thread_id FROM claim_speakers cs JOIN thread_members m ON m.claim_id = cs.claim_id"
            " WHERE cs.speaker_id = ? ORDER BY m.thread_id", [speaker_id],
        )]

    def search_claims(self, query: str, *, limit: int, offset: int = 0) -> list[StoredClaim]:
        """Claims whose content or speaker mention matches a full-text ``query`` (FTS5
        syntax, as :func:`claimledger.safe.fts_query` writes it), last stored first;
        the index is read in row order, so a page costs the same however many match."""
        ids = [r[0] for r in self.db.conn.execute(
            "SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? ORDER BY rowid DESC LIMIT ? OFFSET ?",
            [query, limit, offset],
        )]
        if not ids:
            return []
        rows = list(self.db.query(
            "SELECT c.id, c.json, c.article_id, c.seq, a.outlet, a.published, a.title"
            f" FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.id IN ({','.join('?' * len(ids))})"
            " ORDER BY c.id DESC", ids,
        ))
        return self._stored_claims(rows)


def thread_filters(query: ThreadQuery, mark: str) -> tuple[list[str] | None, list[Any]]:
    """WHERE clauses (placeholders written ``mark``) and parameters of a thread query;
    None when it can match nothing (an empty ``ids``)."""
    where: list[str] = [f"size >= {mark}"]
    params: list[Any] = [query.min_members]
    if query.search:
        where.append(f"lower(measure) LIKE {mark} ESCAPE '\\'")
        params.append(_like(query.search))
    if query.event:  # stored lower-case: an index finds them
        where.append(f"event = lower({mark})")
        params.append(query.event)
    if query.counted:
        where.append(f"concept = lower({mark})")
        params.append(query.counted)
    if query.place:
        where.append(f"(lower(place) LIKE {mark} ESCAPE '\\' OR lower(places) LIKE {mark} ESCAPE '\\')")
        params.extend([_like(query.place), _like(query.place)])
    if query.since:
        where.append(f"last_day >= {mark}")
        params.append(query.since)
    if query.until:
        where.append(f"first_day <= {mark}")
        params.append(query.until)
    if query.conflicts_only:
        where.append("conflict = 1")
    if query.min_sources:
        where.append(f"sources >= {mark}")
        params.append(query.min_sources)
    if query.ids is not None:
        if not query.ids:
            return None, []
        where.append(f"id IN ({','.join([mark] * len(query.ids))})")
        params.extend(query.ids)
    return where, params


#: ``ORDER BY`` of each :data:`~claimledger.records.THREAD_SORTS`.
#: Each is the order of an index (:data:`claimledger.store.schema.THREAD_LISTING_INDEXES`),
#: so a page is read from the index rather than sorted: undated threads and threads
#: without a source count come last when newest and by sources, first when oldest.
THREAD_ORDERS = {
    "members": "size DESC, id",
    "newest": "last_day DESC, id DESC",
    "oldest": "first_day, id",
    "sources": "sources DESC, size DESC, id",
    "id": "id",
}


#: The columns of a ``threads`` row that :func:`thread_listing` and :func:`stored_thread` read, in order.
THREAD_COLUMNS = (
    "id, measure, conflict, sources, concept, event, participant, place, place_id, place_path, cumulative, first_day,"
    " current"
)


def stored_thread(r: Sequence[Any]) -> StoredThread:
    """A :class:`StoredThread` (members still to add) of a ``threads`` row read as :data:`THREAD_COLUMNS`."""
    listing = thread_listing(r)
    return StoredThread(
        id=listing.id, measure=listing.measure, conflict=listing.conflict, sources=listing.sources,
        info=listing.info, current=listing.current,
    )


def thread_listing(r: Sequence[Any]) -> ThreadListing:
    """A :class:`ThreadListing` (without points) of a ``threads`` row: id, measure,
    conflict, sources, concept, event, participant, place, place id, place path,
    cumulative, first day, current."""
    return ThreadListing(
        id=r[0], measure=r[1], conflict=None if r[2] is None else bool(r[2]), sources=r[3],
        info=ThreadMeasure(
            counted=r[4], event=r[5], participant=r[6],
            place=ThreadPlace(r[7], r[8], (r[9] or "").split("|") if r[9] else []) if r[7] else None,
            incident_date=date.fromisoformat(r[11]) if r[11] and r[5] in INCIDENT_EVENTS and not r[10] else None,
            running_total=bool(r[10]),
        ),
        current=None if r[12] is None else json.loads(r[12]),
    )
