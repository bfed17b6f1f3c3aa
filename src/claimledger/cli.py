"""The ``claimledger`` command line: thin wrappers over :mod:`claimledger.api`.

Every command builds one :class:`~claimledger.settings.Settings` (defaults, the config
file, ``CLAIMLEDGER_*`` variables, then its options) and calls a plain API function.
Library errors (:class:`~claimledger.errors.ClaimledgerError`) become click errors
that print their coded message and exit with status 1.
"""
from __future__ import annotations

import csv
import io
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from . import present as views
from .errors import ClaimledgerError
from .safe import csv_cell, json_text, terminal_text, terminal_text_offsets
from .settings import Settings, load_settings

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

#: Width of tables written to a pipe or a file.
PIPE_WIDTH = 120
#: The largest whole number the ledger stores; larger limits are clamped to it.
MAX_INT = 2**63 - 1
#: Exit statuses (see the README): some inputs failed while the others were processed.
EXIT_PARTIAL = 3
#: Styles of ``claimledger show`` on a terminal, by kind of mark.
SHOW_STYLES = {
    "title": "bold underline",
    "debris": "dim strike",
    "claim": "on grey23",
    "speaker": "bold cyan",
    "cue": "italic magenta",
}
#: Seconds between two progress lines when standard error is not a terminal.
PROGRESS_EVERY = 10.0


#: Where a setting given by an option came from, for error messages.
OPTION_ORIGINS = {"db": "option --db", "aliases_file": "option --aliases"}

# ---------------------------------------------------------------------------- group


class ClaimledgerGroup(click.Group):
    """A group that turns library errors into click errors (message with its code, exit 1)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ClaimledgerError as e:
            raise click.ClickException(str(e)) from e


@click.group(cls=ClaimledgerGroup)
@click.version_option(__version__, "--version", prog_name="claimledger")
@click.option(
    "--config", type=click.Path(exists=True, dir_okay=False), default=None,
    help="Settings file (INI, section [claimledger]); default: ./claimledger.cfg if present.",
)
@click.option("--db", "group_db", metavar="PATH", default=None, help="The ledger for every command: an SQLite file or a postgresql:// address (default: claimledger.db).")
@click.pass_context
def cli(ctx: click.Context, config: str | None, group_db: str | None) -> None:
    """claimledger: a ledger of who claimed what, when, and with which number.

    \b
    Example:
        claimledger ingest articles/ --manifest articles/manifest.csv
        claimledger claims --speaker "harbour authority" --format jsonl
    """
    ctx.ensure_object(dict)
    ctx.obj.update(config=config, db=group_db)


def command_settings(**overrides: object) -> Settings:
    """The settings of this run: the group's ``--config`` and ``--db``, then ``overrides``."""
    ctx = click.get_current_context()
    obj = ctx.find_root().obj or {}
    overrides = {k: v for k, v in overrides.items() if v is not None}
    overrides.setdefault("db", obj.get("db"))
    return load_settings(obj.get("config") or "claimledger.cfg", origins=OPTION_ORIGINS, **overrides)


# ---------------------------------------------------------------------------- shared options


def db_option(fn: Callable) -> Callable:
    """``--db PATH``: the ledger to use."""
    return click.option(
        "--db", metavar="PATH", default=None,
        help="The ledger: an SQLite file or a postgresql:// address (default: the settings' db, ./claimledger.db).",
    )(fn)


def article_options(fn: Callable) -> Callable:
    """``--outlet`` and ``--published``: metadata for articles that lack it."""
    fn = click.option(
        "--published", metavar="DATE", default=None,
        help="Publication date of the articles, e.g. 2016-12-14 (wins over their own).",
    )(fn)
    return click.option("--outlet", metavar="NAME", default=None, help="Outlet of the articles (wins over their own).")(fn)


def filter_options(fn: Callable) -> Callable:
    """``--speaker``, ``--outlet``, ``--search``: which claims to list."""
    fn = click.option("--search", metavar="TEXT", default=None, help="Full-text search over claimed content and speakers.")(fn)
    fn = click.option("--outlet", metavar="NAME", default=None, help="Only claims from this outlet (case-insensitive).")(fn)
    return click.option(
        "--speaker", metavar="NAME", default=None,
        help="Only claims by a speaker whose name or alias contains NAME (case-insensitive).",
    )(fn)


def output_options(fn: Callable) -> Callable:
    """``--format`` and ``--limit``: how many claims, and how to print them."""
    fn = click.option(
        "--limit", type=click.IntRange(min=0, max=MAX_INT, clamp=True), default=None, help="Show at most this many claims."
    )(fn)
    return click.option(
        "--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True,
        help="Output format.",
    )(fn)


# ---------------------------------------------------------------------------- rendering
#
# Everything an article wrote (its text, title, outlet, speakers, claims, even the
# file names of its inputs) is made safe before it is printed: terminal controls are
# shown escaped, rich never parses it as markup (cells are ``Text``), CSV cells that a
# spreadsheet would run as formulas are neutralised (:mod:`claimledger.safe`).


def console(*, stderr: bool = False) -> Console:
    """A rich console on the current stdout (or stderr).

    When it is not a terminal, output is plain and, unless ``COLUMNS`` says
    otherwise, :data:`PIPE_WIDTH` wide, so piped tables stay readable.
    """
    from rich.console import Console

    out = Console(file=sys.stderr if stderr else sys.stdout, highlight=False, markup=False, emoji=False)
    if not out.is_terminal and not os.environ.get("COLUMNS"):
        out.width = PIPE_WIDTH
    return out


def echo(line: str, *, err: bool = False) -> None:
    """Print one line of text that may hold article text, made safe for a terminal."""
    click.echo(terminal_text(line), err=err)


def cell(value: object) -> Text:
    """A table cell: the value on one line, terminal-safe, never read as rich markup."""
    from rich.text import Text

    return Text(terminal_text("" if value is None else str(value), newlines="space"))


def new_table(title: str, columns: Sequence[str], *, right: Iterable[str] = (), no_wrap: Iterable[str] = ()) -> Table:
    """A rich table with these columns; ``right`` ones right-aligned, ``no_wrap`` ones kept on one line."""
    from rich.table import Table

    table = Table(title=title)
    right, no_wrap = set(right), set(no_wrap)
    for name in columns:
        table.add_column(name, overflow="fold", justify="right" if name in right else "left", no_wrap=name in no_wrap)
    return table


def print_table(table: Table, rows: Iterable[Sequence[object]]) -> None:
    """Fill ``table`` with ``rows`` of safe cells and print it."""
    for row in rows:
        table.add_row(*map(cell, row))
    console().print(table)


def print_claims_table(rows: Sequence[views.ClaimRow]) -> None:
    """Claims as a rich table."""
    table = new_table(
        views.plural(len(rows), "claim"),
        ("Speaker", "Kind", "Cue", "Content", "Quantities", "Stance", "Outlet", "Reliability", "Date"),
        no_wrap=("Kind", "Date"),
    )
    print_table(table, (
        (r.speaker, r.kind, r.cue, views.shorten(r.content), r.quantities, r.stance, r.outlet, r.reliability, r.published)
        for r in rows
    ))


def print_csv(rows: Sequence[object], columns: Sequence[str]) -> None:
    """View-model rows as CSV with a header row of ``columns`` (their field names),
    every cell safe for a terminal and a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(csv_cell(getattr(row, name)) for name in columns)
    click.echo(buffer.getvalue(), nl=False)


def print_claims_csv(rows: Sequence[views.ClaimRow]) -> None:
    """Claims as CSV (:data:`claimledger.present.CSV_COLUMNS`)."""
    print_csv(rows, views.CSV_COLUMNS)


def plain_markup(text: str, marks: Sequence[views.Mark]) -> str:
    """``text`` with every mark written inline as ``⟦label: …⟧`` (inner marks close first)."""
    inserts = []
    for m in marks:
        inserts.append((m.start, 1, -m.end, f"⟦{m.label}: "))
        inserts.append((m.end, 0, -m.start, "⟧"))
    inserts.sort(key=lambda i: i[:3])
    out, pos = [], 0
    for at, _, _, marker in inserts:
        out.append(text[pos:at])
        out.append(marker)
        pos = at
    out.append(text[pos:])
    return "".join(out)


def rich_markup(text: str, marks: Sequence[views.Mark]) -> Text:
    """``text``, terminal-safe, as a rich Text with each mark styled by its kind (:data:`SHOW_STYLES`)."""
    from rich.text import Text

    safe, offsets = terminal_text_offsets(text)
    styled = Text(safe)
    order = {kind: i for i, kind in enumerate(SHOW_STYLES)}
    for m in sorted(marks, key=lambda m: order[m.kind]):
        styled.stylize(SHOW_STYLES[m.kind], offsets[m.start], offsets[m.end])
    return styled


def claim_line(number: int, row: views.ClaimRow) -> str:
    """One claim of ``claimledger show``'s list."""
    cue = f" {row.cue}" if row.cue else ""
    line = f"{number}. [{row.kind}] {row.speaker} ({row.speaker_type}){cue}: {row.content}"
    extra = [f"quantities: {row.quantities}"] if row.quantities else []
    extra += [f"event date: {row.event_date}"] if row.event_date else []
    return line + (f"  [{'; '.join(extra)}]" if extra else "")


def timeline_lines(view: views.TimelineView, ratings: dict[str | None, float | None] | None = None) -> Iterator[str]:
    """The text timeline of one thread: per unit, by date, value, qualifier, who, where
    (with the outlet's reliability rating when ``ratings`` has one), conflicts."""
    ratings = ratings or {}
    flag = "CONFLICT" if view.conflict else "no conflict"
    yield f"Thread {view.id}: {view.measure}"
    yield f"{views.plural(view.members, 'member')}, {views.plural(view.sources or 0, 'independent source')}, {flag}"
    for series in view.series:
        yield ""
        yield f"[{series.unit}]"
        for e in series.entries:
            qualifier = f"{e.qualifier} " if e.qualifier else ""
            mark = f"  ✗ conflicts with #{', #'.join(map(str, e.conflicts_with))}" if e.conflicts_with else ""
            rating = ratings.get(e.outlet)
            rated = f" (reliability {rating:.2f})" if rating is not None else ""
            yield (
                f"  #{e.index:<3} {e.date or 'undated':10}  {qualifier}{e.value:>10}  {e.who} ({e.kind})"
                f"  — {e.outlet or '?'}{rated} [{e.article_id}]{mark}"
            )
            yield f"        {views.shorten(e.sentence, 110)}"


# ---------------------------------------------------------------------------- commands


@cli.command()
@click.argument("paths", metavar="PATH...", nargs=-1, required=True)
@db_option
@click.option("--manifest", metavar="FILE", default=None, help="CSV (file,outlet,url,published,title) or JSON manifest of per-file metadata.")
@article_options
@click.option(
    "--aliases", "aliases_file", metavar="FILE", default=None,
    help="Speaker aliases file (TOML) new speakers are resolved with (default: the aliases_file setting).",
)
@click.option(
    "--executor", type=click.Choice(["local", "dask"]), default=None,
    help="Where articles are cleaned and extracted: this machine, or Dask tasks (default: the executor setting, local).",
)
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Extraction worker processes (default: 1).")
@click.option("--scheduler", metavar="ADDRESS", default=None, help="A running Dask scheduler (tcp://host:8786); default: a local cluster.")
@click.option(
    "--ingest-batch", type=click.IntRange(min=1), default=None,
    help="Articles read, extracted and stored at a time; memory depends on it, not on the input (default: 1000).",
)
def ingest(
    paths: tuple[str, ...], db: str | None, manifest: str | None, outlet: str | None, published: str | None,
    aliases_file: str | None, executor: str | None, workers: int | None, scheduler: str | None,
    ingest_batch: int | None,
) -> None:
    """Read articles, extract their claims and add both to the ledger.

    PATH is a .txt, .jsonl, .html, .rss, .atom, .warc(.gz) or .arc(.gz) file, or
    a folder of them. Articles already in
    the ledger are skipped; files and lines that cannot be read are listed on
    standard error at the end, and the rest is stored. The exit status is 0 when
    every input was read, 3 when some failed and the rest was stored, 1 when
    nothing could be read.
    Speakers are matched with those already in the ledger (see `claimledger speakers`).

    \b
    Example:
        claimledger ingest articles/ --manifest articles/manifest.csv
        claimledger ingest story.txt --outlet "Harbour Gazette" --published 2016-12-14
        claimledger ingest articles/ --aliases my-aliases.toml
        claimledger ingest dump.jsonl --workers 2
        claimledger ingest archives/ --executor dask --workers 4
        claimledger ingest archives/ --executor dask --scheduler tcp://10.0.0.5:8786
    """
    from . import api

    if scheduler is not None and executor != "dask":
        raise click.UsageError("--scheduler needs --executor dask")
    settings = command_settings(
        db=db, aliases_file=aliases_file, executor=executor, workers=workers, scheduler=scheduler,
        ingest_batch=ingest_batch,
    )
    with ingest_progress() as on_progress:
        report = api.ingest(paths, settings=settings, manifest=manifest, outlet=outlet, published=published, on_progress=on_progress)
    print_report(report)
    if report.failed:
        nothing = not report.ingested and not report.duplicates
        click.get_current_context().exit(1 if nothing else EXIT_PARTIAL)


@contextmanager
def ingest_progress() -> Iterator[Callable[[int, int], None]]:
    """Progress on stderr, driven by the API's ``on_progress(done, total)``: a rich
    progress bar on a terminal, else a log line at most every :data:`PROGRESS_EVERY`
    seconds and one at the end."""
    from rich.progress import Progress

    err = console(stderr=True)
    if not err.is_terminal:
        last = [time.monotonic()]

        def log(done: int, total: int) -> None:
            now = time.monotonic()
            if (done and done == total) or now - last[0] >= PROGRESS_EVERY:
                last[0] = now
                click.echo(f"claimledger: extracted claims from {done} of {total} articles", err=True)

        yield log
        return
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("Extracting claims", total=None)
        yield lambda done, total: progress.update(task, completed=done, total=total)


def print_report(report: Any) -> None:
    """The ingest summary: counts, then every failure with its file and reason."""
    click.echo(f"Ingested: {report.ingested} article{'s' if report.ingested != 1 else ''}")
    click.echo(f"Duplicates skipped: {report.duplicates}")
    click.echo(f"Failed: {len(report.failed)}")
    for source, message in report.failed:
        named = source in message or source.rsplit(":", 1)[0] in message
        echo(f"  - {message}" if named else f"  - {source}: {message}", err=True)
    click.echo(f"Claims added: {report.claims}")
    if report.republished:
        click.echo(f"New publications of stored texts: {report.republished}")
    if report.copies:
        click.echo(f"Syndicated copies found: {report.copies}")
    if report.members:
        click.echo(f"Figures threaded: {report.members}")


@cli.command()
@db_option
@filter_options
@output_options
def claims(db: str | None, speaker: str | None, outlet: str | None, search: str | None, fmt: str, limit: int | None) -> None:
    """List the claims in the ledger, filtered by speaker, outlet or text.

    \b
    Example:
        claimledger claims --speaker marquand
        claimledger claims --outlet "Harbour Gazette" --search ferries --format csv
        claimledger claims --format jsonl --limit 100 > claims.jsonl
    """
    from . import api

    settings = command_settings(db=db)
    found = api.claims(settings=settings, speaker=speaker, outlet=outlet, search=search, limit=limit)
    rated = api.outlet_reliability([c.outlet for c in found], settings=settings) if settings.reliability_file else {}
    if fmt == "jsonl":
        for claim in found:
            record = claim.to_json()
            if settings.reliability_file:
                record["reliability"] = rated.get(claim.outlet)
            click.echo(api.to_jsonl(record))
    elif fmt == "csv":
        print_claims_csv([views.claim_row(c, rated.get(c.outlet)) for c in found])
    else:
        print_claims_table([views.claim_row(c, rated.get(c.outlet)) for c in found])


@cli.command()
@click.argument("article_id")
@db_option
def show(article_id: str, db: str | None) -> None:
    """Show a stored article with its title, debris and claims marked.

    ARTICLE_ID is its ledger id or its input id (see `claimledger articles`).

    On a terminal the title is underlined, debris dimmed and struck through and
    claims highlighted; otherwise marks are written inline, as ⟦title: …⟧,
    ⟦debris: …⟧, ⟦claim N: …⟧, ⟦speaker N: …⟧ and ⟦cue N: …⟧ (the rest is body).
    The list of claims follows.

    \b
    Example:
        claimledger show 3f2a9c0d1b7e4a55
    """
    from . import api

    settings = command_settings(db=db)
    article = api.article(article_id, settings=settings)
    view = views.article_view(article, api.claims(settings=settings, article_id=article.id))
    out = console()
    if out.is_terminal:
        out.print(rich_markup(view.text, view.marks))
    else:
        echo(plain_markup(view.text, view.marks))
    click.echo(f"\n{views.plural(len(view.claims), 'claim')}")
    for number, row in enumerate(view.claims, 1):
        click.echo(terminal_text(claim_line(number, row), newlines="space"))


@cli.command()
@db_option
@click.option("--outlet", metavar="NAME", default=None, help="Only articles from this outlet (case-insensitive).")
@click.option("--search", metavar="WORDS", default=None, help="Only articles whose title or text holds every word.")
@click.option("--limit", type=click.IntRange(min=0, max=MAX_INT, clamp=True), default=None, help="Show at most this many articles.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True, help="Output format."
)
def articles(db: str | None, outlet: str | None, search: str | None, limit: int | None, fmt: str) -> None:
    """List the ledger's articles, first ingested first, with their ledger id and input id.

    The ledger id is the hash of the article's text; the input id is the id its
    record gave (a JSONL "id", a feed entry's guid, an archived page's URI). `show`
    takes either. JSON lines are {"id", "external_id", "outlet", "url", "published",
    "title", "source", "claims"}.

    \b
    Example:
        claimledger articles --outlet "Harbour Gazette"
        claimledger articles --search "ferry storm" --format jsonl
    """
    from . import api

    found = api.articles(settings=command_settings(db=db), outlet=outlet, search=search, limit=limit)
    if fmt == "jsonl":
        for item in found:
            click.echo(api.to_jsonl(item.to_json()))
        return
    table = new_table(
        views.plural(len(found), "article"), ("Ledger id", "Input id", "Outlet", "Published", "Title", "Claims"),
        right=("Claims",), no_wrap=("Ledger id", "Published"),
    )
    print_table(table, ((a.id, a.external_id, a.outlet, a.published, a.title, a.claims) for a in found))


@cli.command()
@db_option
@click.option(
    "--table", "table", type=click.Choice(["claims", "quantities", "threads", "speakers", "articles"]), required=True,
    help="The table to export.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["parquet", "csv", "jsonl"]), default="parquet", show_default=True,
    help="Output format.",
)
@click.option("--output", metavar="FILE", default=None, help="Write to FILE (default: standard output; Parquet needs a file).")
def export(db: str | None, table: str, fmt: str, output: str | None) -> None:
    """Export a table of the ledger as Parquet, CSV or JSON lines, with typed columns.

    Spans are two integer columns (content_start, content_end: offsets into the
    article's original text). CSV cells a spreadsheet would run as formulas are
    neutralised; lists are joined by "; ". The count of rows ends standard error.

    \b
    Example:
        claimledger export --table claims --format parquet --output claims.parquet
        claimledger export --table quantities --format csv > quantities.csv
        claimledger export --table threads --format jsonl --output threads.jsonl
    """
    from . import api

    if output is None and fmt == "parquet" and sys.stdout.isatty():
        raise click.UsageError("a Parquet export is binary: give --output FILE")
    settings = command_settings(db=db)
    if output is None and fmt == "parquet":
        count = api.export(table, fmt, sys.stdout.buffer, settings=settings)
    else:
        count = api.export(table, fmt, output, settings=settings, stdout=sys.stdout)
    click.echo(f"Exported {views.plural(count, 'row')} of {table}", err=True)


def _emit_lines(results, to_record) -> tuple[int, int]:
    """Print each result as a JSON line (``to_record(*result)``) and each error on
    stderr; return how many were written and how many failed."""
    from . import api

    written = failed = 0
    for result in results:
        if isinstance(result, ClaimledgerError):
            echo(str(result), err=True)
            failed += 1
        else:
            click.echo(api.to_jsonl(to_record(*result)))
            written += 1
    return written, failed


@cli.command()
@click.argument("file", metavar="FILE.jsonl|-", type=click.Path(dir_okay=False, allow_dash=True))
@article_options
def extract(file: str, outlet: str | None, published: str | None) -> None:
    """Extract claims from a JSONL file of articles, without any ledger.

    Each input line is {"id", "outlet", "url", "published", "title", "text"} (only
    "text" is required); "-" reads standard input. Recurring lines are learned
    across the whole input. Each article gives one output line, in input order:
    {"id", "title", "body": [[start, end], ...], "claims": [...]}, where every span
    indexes the input text. A bad line is reported on stderr and skipped; the exit
    status is 3 when some lines failed, 1 when every line failed.

    \b
    Example:
        claimledger extract articles.jsonl > claims.jsonl
        cat articles.jsonl | claimledger extract - --outlet "Harbour Gazette"
    """
    from . import api

    settings = command_settings()
    source = sys.stdin if file == "-" else file
    results = api.extract_file(source, settings=settings, outlet=outlet, published=published)
    written, failed = _emit_lines(results, api.extraction_record)
    if failed:
        click.get_current_context().exit(EXIT_PARTIAL if written else 1)


@cli.command()
@click.argument("file", metavar="FILE|-", type=click.Path(dir_okay=False, allow_dash=True))
def quantities(file: str) -> None:
    """Find the quantities of any text: value, unit, counted thing, hedge and change.

    Each input line is a JSON object with a "text" field (and optionally "id"), or a
    plain line of text; "-" reads standard input; blank lines are skipped. Each text
    gives one output line, in input order: {"id"?, "text", "quantities": [{"value",
    "unit", "counted", "counted_text", "modifiers", "qualifier", "change", "whole",
    "vague", "text", "span", "previous"?}, ...]}, where "span" indexes the text and
    "previous" is the level a change left ("rose from 240 to 273": 273, previous 240). A bad line is
    reported on stderr with its file and line and skipped; the count of skipped lines
    ends stderr. The exit status is 3 when some lines failed, 1 when every line failed.

    \b
    Example:
        claimledger quantities sentences.txt
        echo '{"text": "Only 1,500 fighters are left."}' | claimledger quantities -
    """
    from . import api

    settings = command_settings()
    source = getattr(sys.stdin, "buffer", sys.stdin) if file == "-" else file
    written, failed = _emit_lines(api.quantities_of_lines(source, settings=settings), api.quantity_record)
    if failed:
        click.echo(f"Skipped {failed} bad line{'s' if failed != 1 else ''}", err=True)
        click.get_current_context().exit(EXIT_PARTIAL if written else 1)


@cli.command()
@db_option
def summary(db: str | None) -> None:
    """Count what the ledger holds: articles per outlet, claims per kind, top speakers.

    \b
    Example:
        claimledger summary --db claims.db
    """
    from . import api

    view = views.summary_view(api.summary(settings=command_settings(db=db)))
    click.echo(f"Articles: {view.articles}   Claims: {view.claims}   Quantities: {view.quantities}")
    for part in view.tables:
        print_table(new_table(part.title, part.header, right=part.header[-1:]), part.rows)


@cli.command()
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format.",
)
@click.option("--limit", type=click.IntRange(min=0, max=MAX_INT, clamp=True), default=None, help="Show at most this many speakers.")
def speakers(db: str | None, fmt: str, limit: int | None) -> None:
    """List the ledger's speakers with their aliases, roles and affiliations.

    One speaker per identity across articles: "Voss" in one story and "Mara Voss"
    in another, or "the Russian military" and "Russian Ministry of Defence", are one
    speaker. The JSON is a list of {"id", "canonical", "type", "role",
    "affiliation", "affiliation_id", "claims", "aliases", "roles", "affiliations":
    [{"text", "speaker_id"}]}, most claims first.

    \b
    Example:
        claimledger speakers
        claimledger speakers --format json > speakers.json
    """
    from . import api

    found = api.speakers(settings=command_settings(db=db))[:limit]
    if fmt == "json":
        click.echo(json_text(json.dumps([s.to_json() for s in found], ensure_ascii=False, indent=2)))
        return
    rows = [views.speaker_row(s) for s in found]
    table = new_table(
        views.plural(len(rows), "speaker"), ("Id", "Speaker", "Type", "Claims", "Roles", "Affiliations", "Aliases"),
        right=("Id", "Claims"),
    )
    print_table(table, (
        (r.id, r.canonical, r.type, r.claims, "; ".join(r.roles), "; ".join(r.affiliations), "; ".join(r.aliases))
        for r in rows
    ))


@cli.group()
def aliases() -> None:
    """Speaker aliases files: apply one to the ledger.

    An aliases file (TOML) lists speakers with the names they go by, their role,
    affiliation and type; see the README.

    \b
    Example:
        claimledger aliases apply my-aliases.toml
    """


@aliases.command("apply")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@db_option
def aliases_apply(file: str | None, db: str | None) -> None:
    """Apply an aliases file to the ledger: merge the speakers it names into one,
    re-point their claims, record its aliases, roles and affiliations.

    FILE defaults to the aliases_file setting (CLAIMLEDGER_ALIASES). Stored speakers
    that the identity rules now make one are merged too.

    \b
    Example:
        claimledger aliases apply my-aliases.toml --db claims.db
    """
    from . import api

    settings = command_settings(db=db)
    if file is None and settings.aliases_file is None:
        raise click.UsageError("give FILE or set the aliases_file setting (CLAIMLEDGER_ALIASES)")
    counts = api.apply_aliases(file, settings=settings)
    click.echo(
        f"Entries applied: {counts['entries']}\nSpeakers created: {counts['created']}\n"
        f"Speakers merged: {counts['merged']}\nClaim speakers re-pointed: {counts['claims']}"
    )


@cli.command()
@db_option
@click.option("--search", metavar="TEXT", default=None, help="Only threads whose measure or a member's content holds TEXT.")
@click.option("--conflicts-only", is_flag=True, help="Only threads where independent sources conflict.")
@click.option("--rebuild", is_flag=True, help="Build every thread again from all stored claims.")
@click.option("--min-members", type=click.IntRange(min=1), default=None, help="Only threads with at least this many members (default: the thread_min_members setting).")
@click.option("--limit", type=click.IntRange(min=0, max=MAX_INT, clamp=True), default=None, help="Show at most this many threads.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format."
)
def threads(
    db: str | None, search: str | None, conflicts_only: bool, rebuild: bool, min_members: int | None,
    limit: int | None, fmt: str,
) -> None:
    """List claim threads: figures about the same measured thing, largest thread first.

    A thread follows one measure (fighters remaining in eastern Aleppo, people killed
    in one attack, the share of a city held) across articles, outlets and days. The
    table shows each thread's size, independent sources, units, the span of its
    values and whether sources conflict. JSON prints a list of
    {"id", "measure", "units", "conflict", "sources", "members": [{"article_id",
    "outlet", "date", "value", "unit", "qualifier", "conflicts_with", "claim"}]}.

    \b
    Example:
        claimledger threads --conflicts-only
        claimledger threads --search fighters --format json > threads.json
    """
    from . import api

    found = api.threads(
        settings=command_settings(db=db), search=search, conflicts_only=conflicts_only, rebuild=rebuild,
        min_members=min_members,
    )
    listed = found if limit is None else found[:limit]
    if fmt == "json":
        click.echo(api.to_jsonl([t.to_json() for t in listed]))
        return
    rows = [views.thread_row(t) for t in listed]
    table = new_table(
        views.plural(len(rows), "thread"), ("ID", "Measure", "Members", "Sources", "Units", "Values", "Days", "Conflict"),
        right=("ID", "Members", "Sources"),
    )
    print_table(table, (
        (r.id, r.measure, r.members, r.sources, ", ".join(r.units), r.values, r.days, "yes" if r.conflict else "")
        for r in rows
    ))


@cli.command()
@click.argument("thread_id", metavar="ID", type=click.IntRange(min=0))
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
def thread(thread_id: int, db: str | None, fmt: str) -> None:
    """Show one claim thread as a timeline: per unit, by date, each figure with its
    qualifier, who claimed it, where it was published (with the outlet's reliability
    rating when the reliability_file setting names the ratings), and which figures it
    conflicts with.

    \b
    Example:
        claimledger thread 12
        claimledger thread 12 --format json
    """
    from . import api

    settings = command_settings(db=db)
    found = api.thread(thread_id, settings=settings)
    ratings = (
        api.outlet_reliability((m.outlet for m in found.members), settings=settings)
        if settings.reliability_file else {}
    )
    if fmt == "json":
        out = found.to_json()
        if ratings:
            for member in out["members"]:
                member["reliability"] = ratings.get(member["outlet"])
        click.echo(api.to_jsonl(out))
        return
    for line in timeline_lines(views.timeline(found), ratings):
        echo(line)


@cli.command()
@db_option
@click.option("--outlet", metavar="NAME", default=None, help="Only this outlet's articles (case-insensitive).")
@click.option("--actor", metavar="GROUP", default=None,
              help="Only this actor group: 'non-state armed groups', 'state forces', 'government', 'civilians', "
                   "'protesters', or a group of your aliases file.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True, help="Output format.",
)
def labels(db: str | None, outlet: str | None, actor: str | None, fmt: str) -> None:
    """Which words each outlet, and each speaker it quotes, uses for the actors of its stories.

    One row per outlet, voice (the outlet itself, or the speaker of a quotation),
    actor group and term, with how often it was used, whether the term is loaded
    ("terrorists", "regime", "so-called 'moderate' rebels") and the first place it
    stands (article id and character offsets). The JSON is a list of those rows.

    \b
    Example:
        claimledger labels
        claimledger labels --actor "non-state armed groups" --format csv > labels.csv
    """
    from . import api

    rows = views.label_rows(api.labels(settings=command_settings(db=db), outlet=outlet, actor=actor))
    if fmt == "json":
        click.echo(json_text(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2)))
        return
    if fmt == "csv":
        print_csv(rows, views.LABEL_COLUMNS)
        return
    table = new_table(views.plural(len(rows), "label"), ("Outlet", "Voice", "Actor", "Term", "Loaded", "Count", "Example"),
                      right=("Count",))
    print_table(table, (
        (r.outlet, r.voice, r.actor, r.term, "loaded" if r.loaded else "", r.count,
         f"{r.example_article}:{r.example_start}-{r.example_end}") for r in rows
    ))


@cli.command()
@db_option
@click.option("--host", metavar="ADDRESS", default=None, help="Address to listen on (default: the host setting, 127.0.0.1).")
@click.option("--port", type=click.IntRange(min=1, max=65535), default=None, help="Port to listen on (default: the port setting, 8765).")
def serve(db: str | None, host: str | None, port: int | None) -> None:
    """Browse the ledger in a web browser: threads as timelines, articles with every claim marked.

    The ledger is opened read-only (an SQLite file; the web view does not read
    PostgreSQL ledgers) and nothing is ever written. It listens on 127.0.0.1 only,
    unless --host says otherwise. Every page has a JSON twin: the same address with
    ".json" (the home page's is /index.json). Needs the web extra
    (pip install 'claimledger[web]').

    \b
    Example:
        claimledger --db demo.db serve
        claimledger serve --db claims.db --port 8080
    """
    from .web import serve as run

    settings = command_settings(db=db, host=host, port=port)

    def ready(url: str) -> None:
        echo(f"Serving {settings.db} read-only at {url} (Ctrl-C stops)")

    run(settings, on_ready=ready)


def main() -> None:
    """Run the CLI as ``claimledger``."""
    cli(prog_name="claimledger")

