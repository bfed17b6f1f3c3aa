"""The ledger's schema, as named migrations applied in order.

The schema lives in Python and grows by named migrations (:data:`MIGRATIONS`, recorded
in sqlite-utils' ``_sqlite_migrations`` table, one transaction each), so an old ledger
file is brought up to date when it is opened. Full-text search over claims is an
external-content FTS5 table (``claims_fts``) kept in sync by triggers. A migration is
never edited once released: a change is a new one at the end.
"""
from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

__all__ = ["MIGRATIONS"]

#: The schema, as named migrations applied in order (``Migrations.apply``).
MIGRATIONS = Migrations("claimledger")


@MIGRATIONS()
def create_articles(db: sqlite_utils.Database) -> None:
    """Articles (id = content hash) and their body and title ranges."""
    db.table("articles").create(
        {
            "id": str, "external_id": str, "outlet": str, "url": str, "published": str,
            "title": str, "title_start": int, "title_end": int, "text": str, "source": str,
            "ingested_at": str,
        },
        pk="id",
    )
    db.table("articles").create_index(["outlet"])
    db.table("articles").create_index(["external_id"])
    db.table("article_ranges").create(
        {"article_id": str, "kind": str, "start": int, "end": int},
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("article_ranges").create_index(["article_id"])


@MIGRATIONS()
def create_speakers(db: sqlite_utils.Database) -> None:
    """Resolved speakers, unique by canonical name and type, and their aliases."""
    db.table("speakers").create(
        {"id": int, "canonical": str, "type": str, "role": str, "affiliation": str}, pk="id"
    )
    db.table("speakers").create_index(["canonical", "type"], unique=True)
    db.table("speaker_aliases").create(
        {"speaker_id": int, "alias": str}, foreign_keys=[("speaker_id", "speakers", "id")]
    )
    db.table("speaker_aliases").create_index(["speaker_id", "alias"], unique=True)
    db.table("speaker_aliases").create_index(["alias"])


@MIGRATIONS()
def create_claims(db: sqlite_utils.Database) -> None:
    """Claims (``json`` is the exact ``Claim.to_json()``), their speakers and quantities."""
    db.table("claims").create(
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
    db.table("claims").create_index(["article_id", "seq"], unique=True)
    db.table("claims").create_index(["speaker_id"])
    db.table("claim_speakers").create(
        {"claim_id": int, "speaker_id": int, "position": int},
        foreign_keys=[("claim_id", "claims", "id"), ("speaker_id", "speakers", "id")],
    )
    db.table("claim_speakers").create_index(["claim_id", "position"], unique=True)
    db.table("claim_speakers").create_index(["speaker_id"])
    db.table("quantities").create(
        {
            "claim_id": int, "value": float, "low": float, "high": float, "unit": str,
            "counted": str, "qualifier": str, "start": int, "end": int, "text": str,
        },
        foreign_keys=[("claim_id", "claims", "id")],
    )
    db.table("quantities").create_index(["claim_id"])


@MIGRATIONS()
def enable_claims_fts(db: sqlite_utils.Database) -> None:
    """Full-text search over what was claimed and by whom, kept in sync by triggers."""
    db.table("claims").enable_fts(["content_text", "speaker_text"], create_triggers=True, replace=True)


@MIGRATIONS()
def add_quantity_details(db: sqlite_utils.Database) -> None:
    """Quantities as an analyst reads them: the counted thing as written, its modifiers
    (a JSON list), the change label, the whole it is part of and the vague flag."""
    table = db.table("quantities")
    for name, kind in (("counted_text", str), ("modifiers", str), ("change", str), ("whole", str), ("vague", int)):
        if name not in table.columns_dict:
            table.add_column(name, kind)


@MIGRATIONS()
def create_publications(db: sqlite_utils.Database) -> None:
    """Every publication of an article: the same text under several outlets is one article."""
    db.table("publications").create(
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
    db.table("article_signatures").create(
        {"article_id": str, "signature": str}, pk="article_id", foreign_keys=[("article_id", "articles", "id")]
    )
    db.table("article_bands").create({"article_id": str, "band": str}, foreign_keys=[("article_id", "articles", "id")])
    db.table("article_bands").create_index(["band"])
    db.table("article_copies").create(
        {"article_id": str, "original_id": str, "similarity": float},
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id"), ("original_id", "articles", "id")],
    )


@MIGRATIONS()
def create_threads(db: sqlite_utils.Database) -> None:
    """Claim threads, their members (one quantity of one claim each) and word frequencies."""
    db.table("threads").create(
        {
            "id": int, "concept": str, "event": str, "place": str, "cumulative": int, "measure": str,
            "places": str, "first_day": str, "last_day": str, "words": str, "size": int,
        },
        pk="id",
    )
    db.table("threads").create_index(["concept", "event", "cumulative"])
    db.table("thread_members").create(
        {"thread_id": int, "claim_id": int, "qindex": int, "series": str, "low": float, "high": float,
         "day": str, "sources": str},
        foreign_keys=[("thread_id", "threads", "id"), ("claim_id", "claims", "id")],
    )
    db.table("thread_members").create_index(["claim_id", "qindex"], unique=True)
    db.table("thread_members").create_index(["thread_id"])
    db.table("threaded_articles").create({"article_id": str}, pk="article_id", foreign_keys=[("article_id", "articles", "id")])
    db.table("thread_terms").create({"term": str, "df": int}, pk="term")


@MIGRATIONS()
def speaker_identity(db: sqlite_utils.Database) -> None:
    """Cross-article identity: where each alias comes from (``mention``, ``file``,
    ``merged``), every role and affiliation a speaker was given, and the speaker an
    affiliation names when the ledger knows it."""
    db.table("speaker_aliases").add_column("source", str)
    db.execute("UPDATE speaker_aliases SET source = 'mention'")
    db.table("speakers").add_column("affiliation_id", int)
    db.table("speaker_roles").create(
        {"speaker_id": int, "role": str}, foreign_keys=[("speaker_id", "speakers", "id")]
    )
    db.table("speaker_roles").create_index(["speaker_id", "role"], unique=True)
    db.table("speaker_affiliations").create(
        {"speaker_id": int, "affiliation": str, "affiliation_id": int},
        foreign_keys=[("speaker_id", "speakers", "id")],
    )
    db.table("speaker_affiliations").create_index(["speaker_id", "affiliation"], unique=True)
    db.execute("INSERT INTO speaker_roles (speaker_id, role) SELECT id, role FROM speakers WHERE role IS NOT NULL")
    db.execute(
        "INSERT INTO speaker_affiliations (speaker_id, affiliation)"
        " SELECT id, affiliation FROM speakers WHERE affiliation IS NOT NULL"
    )


@MIGRATIONS()
def thread_verdicts(db: sqlite_utils.Database) -> None:
    """A thread's verdicts, kept when the thread changes so that reading it writes
    nothing: whether two members conflict, how many independent sources stand behind
    it, and per member the indexes of the members it conflicts with (a JSON list).
    Threads stored before have none until they change or are rebuilt; they are
    judged when read."""
    db.table("threads").add_column("conflict", int)
    db.table("threads").add_column("sources", int)
    db.table("thread_members").add_column("conflicts_with", str)


@MIGRATIONS()
def thread_measures(db: sqlite_utils.Database) -> None:
    """What a thread measures, beyond its blocking key, and its current figure: the
    participant (victims, suspects, officers), the place's gazetteer id and path, and
    ``current`` (a JSON list, one figure per unit series, with the rule that chose it).
    Members keep their value, change label and publication day, which the current
    figure is chosen from."""
    for column in ("participant", "place_id", "place_path", "current"):
        db.table("threads").add_column(column, str)
    for column in ("value", "change", "published"):
        db.table("thread_members").add_column(column, str)


@MIGRATIONS()
def thread_member_implicit(db: sqlite_utils.Database) -> None:
    """Whether a member's count was read from people named without a number, which
    the current figure sets aside when its series states a number."""
    db.table("thread_members").add_column("implicit", int)


@MIGRATIONS()
def create_ledger_state(db: sqlite_utils.Database) -> None:
    """Named marks of work the ledger has done over all its rows (``speakers_resolved``:
    the claims the speakers were last resolved over), so that a run interrupted
    before such a pass is finished by the next one."""
    db.table("ledger_state").create({"key": str, "value": str}, pk="key")


@MIGRATIONS()
def claim_frames(db: sqlite_utils.Database) -> None:
    """How the outlet frames each claim: its stance (``doubt``, ``endorse``, ``neutral``),
    for filtering; the frame's cues are in the claim's ``json``. Claims stored before
    are ``neutral`` until they are extracted again."""
    db.table("claims").add_column("stance", str)
    db.execute("UPDATE claims SET stance = 'neutral'")
    db.table("claims").create_index(["stance"])


@MIGRATIONS()
def thread_listing_indexes(db: sqlite_utils.Database) -> None:
    """Indexes that page through threads by size, day, sources or conflict, and count
    them by event, counted thing or days, without reading every thread (the web view's
    lists). Each ends with ``size`` so that the least number of members is checked in
    the index."""
    for name, columns in THREAD_LISTING_INDEXES:
        db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON threads ({columns})")


@MIGRATIONS()
def quantity_previous(db: sqlite_utils.Database) -> None:
    """The level a change left ("rose from 240 to 273": 240), as ``previous_low`` and
    ``previous_high`` like ``low``/``high``; NULL where the text gives none. Quantities
    stored before keep NULL until their articles are extracted again."""
    for column in ("previous_low", "previous_high"):
        db.table("quantities").add_column(column, float)


@MIGRATIONS()
def thread_last_article(db: sqlite_utils.Database) -> None:
    """The article whose context a thread took in last (``last_article``), so a thread
    read back from the ledger goes on as it would have in memory: a second figure of
    that article adds its words, not its context again."""
    db.table("threads").add_column("last_article", str)


@MIGRATIONS()
def article_bands_by_article(db: sqlite_utils.Database) -> None:
    """An index of LSH band keys by article: storing an article's fingerprint first
    removes any keys it had, which without it read every key of the ledger (an ingest
    slowed as the ledger grew: at 50,000 articles, nine tenths of the ingesting
    process's time)."""
    db.execute("CREATE INDEX IF NOT EXISTS idx_article_bands_article_id ON article_bands (article_id)")


@MIGRATIONS()
def article_order_indexes(db: sqlite_utils.Database) -> None:
    """Indexes in the two orders an ingest reads articles in each chunk: an outlet's
    latest first (the stored articles its recurring lines are learned from) and oldest
    publication first (the next articles to thread). Without them each read sorted every
    article of the outlet, or of the ledger, so the ingesting process slowed and its
    memory grew with the ledger."""
    db.execute("CREATE INDEX IF NOT EXISTS idx_articles_outlet_ingested ON articles (outlet, ingested_at)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_articles_published_order ON articles (published IS NULL, published)")


@MIGRATIONS()
def thread_keys(db: sqlite_utils.Database) -> None:
    """The threads' index keys (a stable hash of block, place and day, see
    :func:`claimledger.link.threads.key_hash`), in the order they were added, so an
    ingest finds a new figure's candidate threads without reading every thread first.
    A ledger threaded before this is indexed once, on its next threading."""
    db.execute("CREATE TABLE thread_keys (key INTEGER NOT NULL, thread_id INTEGER NOT NULL)")
    db.execute("CREATE INDEX idx_thread_keys_key ON thread_keys (key)")


#: The indexes of :func:`thread_listing_indexes`: name, columns.
THREAD_LISTING_INDEXES = (
    ("idx_threads_size_id", "size DESC, id"),
    ("idx_threads_last_day", "last_day, size"),
    ("idx_threads_first_day", "first_day, last_day, size"),
    ("idx_threads_conflict_size", "conflict, size DESC, id"),
    ("idx_threads_sources_size", "sources DESC, size DESC, id"),
    ("idx_threads_event_size", "event, size"),
    ("idx_threads_concept_size", "concept, size"),
)
