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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .errors import ClaimledgerError
from .settings import Settings, load_settings

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from .records import Article

#: Claimed content is shortened to this many characters in tables.
CONTENT_WIDTH = 120
#: Width of tables written to a pipe or a file.
PIPE_WIDTH = 120
#: Columns of ``claimledger claims --format csv``, in order (see :func:`claim_fields`).
CSV_COLUMNS = (
    "article_id", "seq", "outlet", "published", "kind", "speaker", "speaker_type", "speaker_text", "cue",
    "content", "content_start", "content_end", "event_date", "quantities", "title",
)
#: Styles of ``claimledger show`` on a terminal, by kind of mark.
SHOW_STYLES = {
    "title": "bold underline",
    "debris": "dim strike",
    "claim": "on grey23",
    "speaker": "bold cyan",
    "cue": "italic magenta",
}


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
@click.option("--db", "group_db", metavar="PATH", default=None, help="The SQLite ledger for every command (default: claimledger.db).")
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
        help="The SQLite ledger file (default: the settings' db, ./claimledger.db).",
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
    fn = click.option("--limit", type=click.IntRange(min=0), default=None, help="Show at most this many claims.")(fn)
    return click.option(
        "--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True,
        help="Output format.",
    )(fn)


# ---------------------------------------------------------------------------- formatting


def console(*, stderr: bool = False) -> Console:
    """A rich console on the current stdout (or stderr).

    When it is not a terminal, output is plain and, unless ``COLUMNS`` says
    otherwise, :data:`PIPE_WIDTH` wide, so piped tables stay readable.
    """
    from rich.console import Console

    out = Console(file=sys.stderr if stderr else sys.stdout, highlight=False)
    if not out.is_terminal and not os.environ.get("COLUMNS"):
        out.width = PIPE_WIDTH
    return out


def format_number(value: float | int) -> str:
    """1500 -> "1,500"; 2.0 -> "2"; 0.25 -> "0.25"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"


def format_quantity(quantity: dict[str, Any]) -> str:
    """A quantity's JSON as ``"1,500 Jihadi fighters (only)"`` or ``"20–30 percent (around)"``."""
    value = quantity["value"]
    number = "–".join(map(format_number, value)) if isinstance(value, list) else format_number(value)
    counted = quantity.get("counted_text") or quantity.get("counted")
    words = " ".join(p for p in (number, quantity.get("unit"), counted) if p)
    return f"{words} ({quantity['qualifier']})" if quantity.get("qualifier") else words


def shorten(text: str, width: int = CONTENT_WIDTH) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def claim_fields(claim: dict[str, Any]) -> dict[str, Any]:
    """The flat fields of a stored claim, as the table and CSV show them."""
    speaker = claim["speaker"]
    return {
        "article_id": claim["article_id"],
        "seq": claim["seq"],
        "outlet": claim["outlet"] or "",
        "published": claim["published"] or "",
        "kind": claim["kind"],
        "speaker": speaker["canonical"],
        "speaker_type": speaker["type"],
        "speaker_text": speaker["text"],
        "cue": (claim["cue"] or {}).get("text", ""),
        "content": claim["content"]["text"],
        "content_start": claim["content"]["span"][0],
        "content_end": claim["content"]["span"][1],
        "event_date": claim["event_date"] or "",
        "quantities": "; ".join(format_quantity(q) for q in claim["quantities"]),
        "title": claim["title"] or "",
    }


def print_claims_table(found: list[dict[str, Any]]) -> None:
    """Claims as a rich table."""
    from rich.table import Table

    table = Table(title=f"{len(found)} claim{'s' if len(found) != 1 else ''}")
    for name in ("Speaker", "Kind", "Cue", "Content", "Quantities", "Outlet", "Date"):
        table.add_column(name, overflow="fold", no_wrap=name in ("Kind", "Date"))
    for claim in found:
        row = claim_fields(claim)
        table.add_row(
            row["speaker"], row["kind"], row["cue"], shorten(row["content"]), row["quantities"],
            row["outlet"], row["published"],
        )
    console().print(table)


def print_claims_csv(found: list[dict[str, Any]]) -> None:
    """Claims as CSV with a header row (:data:`CSV_COLUMNS`)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for claim in found:
        writer.writerow(claim_fields(claim))
    click.echo(buffer.getvalue(), nl=False)


# ---------------------------------------------------------------------------- show


Mark = tuple[int, int, str, str]  # start, end, kind, label


def article_marks(article: Article, found: list[dict[str, Any]]) -> list[Mark]:
    """Where the title, the debris and each claim's content, speaker and cue stand."""
    marks: list[Mark] = []
    if article.title_span:
        marks.append((*article.title_span, "title", "title"))
    marks.extend((s, e, "debris", "debris") for s, e in article.debris)
    numbered: dict[tuple[int, int, str], list[str]] = {}
    for number, claim in enumerate(found, 1):
        parts = [("claim", claim["content"]), ("speaker", claim["speaker"]), ("cue", claim["cue"])]
        for kind, part in parts:
            if part and part.get("span"):
                numbered.setdefault((*part["span"], kind), []).append(str(number))
    marks.extend((s, e, kind, f"{kind} {','.join(n)}") for (s, e, kind), n in numbered.items())
    return marks


def plain_markup(text: str, marks: list[Mark]) -> str:
    """``text`` with every mark written inline as ``⟦label: …⟧`` (inner marks close first)."""
    inserts = []
    for start, end, _kind, label in marks:
        inserts.append((start, 1, -end, f"⟦{label}: "))
        inserts.append((end, 0, -start, "⟧"))
    inserts.sort(key=lambda i: i[:3])
    out, pos = [], 0
    for at, _, _, marker in inserts:
        out.append(text[pos:at])
        out.append(marker)
        pos = at
    out.append(text[pos:])
    return "".join(out)


def rich_markup(text: str, marks: list[Mark]) -> Text:
    """``text`` as a rich Text, each mark styled by its kind (:data:`SHOW_STYLES`)."""
    from rich.text import Text

    styled = Text(text)
    order = {kind: i for i, kind in enumerate(SHOW_STYLES)}
    for start, end, kind, _label in sorted(marks, key=lambda m: order[m[2]]):
        styled.stylize(SHOW_STYLES[kind], start, end)
    return styled


def claim_line(number: int, claim: dict[str, Any]) -> str:
    """One claim of ``claimledger show``'s list."""
    row = claim_fields(claim)
    cue = f" {row['cue']}" if row["cue"] else ""
    line = f"{number}. [{row['kind']}] {row['speaker']} ({row['speaker_type']}){cue}: {row['content']}"
    extra = [f"quantities: {row['quantities']}"] if row["quantities"] else []
    extra += [f"event date: {row['event_date']}"] if row["event_date"] else []
    return line + (f"  [{'; '.join(extra)}]" if extra else "")


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
def ingest(
    paths: tuple[str, ...], db: str | None, manifest: str | None, outlet: str | None, published: str | None,
    aliases_file: str | None,
) -> None:
    """Read articles, extract their claims and add both to the ledger.

    PATH is a .txt, .jsonl or .html file, or a folder of them. Articles already in
    the ledger are skipped; files and lines that cannot be read are listed at the
    end, and the rest is stored. The exit status is 1 only when nothing could be read.
    Speakers are matched with those already in the ledger (see `claimledger speakers`).

    \b
    Example:
        claimledger ingest articles/ --manifest articles/manifest.csv
        claimledger ingest story.txt --outlet "Harbour Gazette" --published 2016-12-14
        claimledger ingest articles/ --aliases my-aliases.toml
    """
    from . import api

    settings = command_settings(db=db, aliases_file=aliases_file)
    with ingest_progress() as on_progress:
        report = api.ingest(paths, settings=settings, manifest=manifest, outlet=outlet, published=published, on_progress=on_progress)
    print_report(report)
    if report.failed and not report.ingested and not report.duplicates:
        click.get_current_context().exit(1)


@contextmanager
def ingest_progress() -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar on stderr (off when stderr is not a terminal), driven by
    the API's ``on_progress(done, total)``."""
    from rich.progress import Progress

    err = console(stderr=True)
    with Progress(console=err, disable=not err.is_terminal, transient=True) as progress:
        task = progress.add_task("Extracting claims", total=None)
        yield lambda done, total: progress.update(task, completed=done, total=total)


def print_report(report: Any) -> None:
    """The ingest summary: counts, then every failure with its file and reason."""
    click.echo(f"Ingested: {report.ingested} article{'s' if report.ingested != 1 else ''}")
    click.echo(f"Duplicates skipped: {report.duplicates}")
    click.echo(f"Failed: {len(report.failed)}")
    for source, message in report.failed:
        named = source in message or source.rsplit(":", 1)[0] in message
        click.echo(f"  - {message}" if named else f"  - {source}: {message}")
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

    found = [c.to_json() for c in api.claims(settings=command_settings(db=db), speaker=speaker, outlet=outlet, search=search, limit=limit)]
    if fmt == "jsonl":
        for claim in found:
            click.echo(api.to_jsonl(claim))
    elif fmt == "csv":
        print_claims_csv(found)
    else:
        print_claims_table(found)


@cli.command()
@click.argument("article_id")
@db_option
def show(article_id: str, db: str | None) -> None:
    """Show a stored article with its title, debris and claims marked.

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
    found = [c.to_json() for c in api.claims(settings=settings, article_id=article.id)]
    out = console()
    marks = article_marks(article, found)
    if out.is_terminal:
        out.print(rich_markup(article.text, marks))
    else:
        click.echo(plain_markup(article.text, marks))
    click.echo(f"\n{len(found)} claim{'s' if len(found) != 1 else ''}")
    for number, claim in enumerate(found, 1):
        click.echo(claim_line(number, claim))


def _emit_lines(results, to_record) -> tuple[int, int]:
    """Print each result as a JSON line (``to_record(*result)``) and each error on
    stderr; return how many were written and how many failed."""
    from . import api

    written = failed = 0
    for result in results:
        if isinstance(result, ClaimledgerError):
            click.echo(str(result), err=True)
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
    status is 1 only when every line failed.

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
    if failed and not written:
        click.get_current_context().exit(1)


@cli.command()
@click.argument("file", metavar="FILE|-", type=click.Path(dir_okay=False, allow_dash=True))
def quantities(file: str) -> None:
    """Find the quantities of any text: value, unit, counted thing, hedge and change.

    Each input line is a JSON object with a "text" field (and optionally "id"), or a
    plain line of text; "-" reads standard input; blank lines are skipped. Each text
    gives one output line, in input order: {"id"?, "text", "quantities": [{"value",
    "unit", "counted", "counted_text", "modifiers", "qualifier", "change", "whole",
    "vague", "text", "span"}, ...]}, where "span" indexes the text. A bad line is
    reported on stderr with its file and line and skipped; the count of skipped lines
    ends stderr. The exit status is 1 only when every line failed.

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
        if not written:
            click.get_current_context().exit(1)


@cli.command()
@db_option
def summary(db: str | None) -> None:
    """Count what the ledger holds: articles per outlet, claims per kind, top speakers.

    \b
    Example:
        claimledger summary --db claims.db
    """
    from rich.table import Table

    from . import api

    counts = api.summary(settings=command_settings(db=db))
    out = console()
    out.print(f"Articles: {counts['articles']}   Claims: {counts['claims_total']}   Quantities: {counts['quantities']}")
    for title, header, rows in summary_tables(counts):
        table = Table(title=title)
        for i, name in enumerate(header):
            table.add_column(name, justify="right" if i == len(header) - 1 else "left")
        for row in rows:
            table.add_row(*map(str, row))
        out.print(table)


@cli.command()
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format.",
)
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Show at most this many speakers.")
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
    from rich.table import Table

    from . import api

    found = [s.to_json() for s in api.speakers(settings=command_settings(db=db))[:limit]]
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{len(found)} speaker{'s' if len(found) != 1 else ''}")
    for name in ("Id", "Speaker", "Type", "Claims", "Roles", "Affiliations", "Aliases"):
        table.add_column(name, overflow="fold", justify="right" if name in ("Id", "Claims") else "left")
    for s in found:
        table.add_row(
            str(s["id"]), s["canonical"], s["type"], str(s["claims"]), "; ".join(s["roles"]),
            "; ".join(affiliation_label(a) for a in s["affiliations"]), "; ".join(s["aliases"]),
        )
    console().print(table)


def affiliation_label(affiliation: dict[str, Any]) -> str:
    """``Russian military (#3)``: an affiliation with the id of the speaker it names."""
    linked = affiliation.get("speaker_id")
    return f"{affiliation['text']} (#{linked})" if linked is not None else affiliation["text"]


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


def summary_tables(counts: dict[str, Any]) -> Iterator[tuple[str, tuple[str, ...], list[tuple]]]:
    """The tables of ``claimledger summary``: (title, header, rows)."""
    yield "Articles per outlet", ("Outlet", "Articles"), list(counts["outlets"].items())
    yield "Claims per kind", ("Kind", "Claims"), list(counts["claims"].items())
    top = [(s["canonical"], s["type"], s["claims"]) for s in counts["top_speakers"]]
    yield "Top speakers", ("Speaker", "Type", "Claims"), top


@cli.command()
@db_option
@click.option("--search", metavar="TEXT", default=None, help="Only threads whose measure or a member's content holds TEXT.")
@click.option("--conflicts-only", is_flag=True, help="Only threads where independent sources conflict.")
@click.option("--rebuild", is_flag=True, help="Build every thread again from all stored claims.")
@click.option("--min-members", type=click.IntRange(min=1), default=None, help="Only threads with at least this many members (default: the thread_min_members setting).")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Show at most this many threads.")
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
    listed = [t.to_json() for t in (found if limit is None else found[:limit])]
    if fmt == "json":
        click.echo(api.to_jsonl(listed))
        return
    from rich.table import Table

    table = Table(title=f"{len(listed)} thread{'s' if len(listed) != 1 else ''}")
    for name in ("ID", "Measure", "Members", "Sources", "Units", "Values", "Days", "Conflict"):
        table.add_column(name, overflow="fold", justify="right" if name in ("ID", "Members", "Sources") else "left")
    for t in listed:
        table.add_row(
            str(t["id"]), t["measure"], str(len(t["members"])), str(t["sources"]), ", ".join(t["units"]),
            value_span(t["members"]), day_span(t["members"]), "yes" if t["conflict"] else "",
        )
    console().print(table)


def value_span(members: list[dict[str, Any]]) -> str:
    """The smallest and largest value of each unit, as "1,500–5,000; 93 percent"."""
    spans: dict[str, list[float]] = {}
    for m in members:
        value = m["value"]
        for v in value if isinstance(value, list) else [value]:
            spans.setdefault(m["unit"] or "", []).append(v)
    parts = []
    for unit, values in spans.items():
        low, high = min(values), max(values)
        text = format_number(low) if low == high else f"{format_number(low)}–{format_number(high)}"
        parts.append(f"{text} {unit}".strip())
    return "; ".join(parts)


def day_span(members: list[dict[str, Any]]) -> str:
    """The first and last day of a thread's members."""
    days = sorted(m["date"] for m in members if m["date"])
    if not days:
        return ""
    return days[0] if days[0] == days[-1] else f"{days[0]} – {days[-1]}"


def timeline_lines(found: dict[str, Any]) -> Iterator[str]:
    """The text timeline of one thread: per unit, by date, value, qualifier, who, where, conflicts."""
    flag = "CONFLICT" if found["conflict"] else "no conflict"
    yield f"Thread {found['id']}: {found['measure']}"
    yield f"{len(found['members'])} members, {found['sources']} independent source{'s' if found['sources'] != 1 else ''}, {flag}"
    by_unit: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for i, m in enumerate(found["members"]):
        by_unit.setdefault(m["unit"] or "count", []).append((i, m))
    for unit, rows in by_unit.items():
        yield ""
        yield f"[{unit}]"
        for i, m in sorted(rows, key=lambda r: (r[1]["date"] or "9999", r[0])):
            value = m["value"]
            number = "–".join(map(format_number, value)) if isinstance(value, list) else format_number(value)
            qualifier = f"{m['qualifier']} " if m["qualifier"] else ""
            claim = m["claim"]
            who = ", ".join(dict.fromkeys(s["canonical"] for s in (claim["speakers"] or [claim["speaker"]])))
            mark = f"  ✗ conflicts with #{', #'.join(map(str, m['conflicts_with']))}" if m["conflicts_with"] else ""
            yield (
                f"  #{i:<3} {m['date'] or 'undated':10}  {qualifier}{number:>10}  {who} ({claim['kind']})"
                f"  — {m['outlet'] or '?'} [{m['article_id']}]{mark}"
            )
            yield f"        {shorten(figure_sentence(claim, m), 110)}"


def figure_sentence(claim: dict[str, Any], member: dict[str, Any]) -> str:
    """The sentence of a claim's content that holds the member's figure."""
    from .threads import sentence_at

    content = claim["content"]
    for q in claim["quantities"]:
        if q["value"] == member["value"] and q["unit"] == member["unit"]:
            offset = q["span"][0] - content["span"][0]
            if 0 <= offset <= len(content["text"]):
                return sentence_at(content["text"], offset)[0]
    return content["text"]


@cli.command()
@click.argument("thread_id", metavar="ID", type=int)
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
def thread(thread_id: int, db: str | None, fmt: str) -> None:
    """Show one claim thread as a timeline: per unit, by date, each figure with its
    qualifier, who claimed it, where it was published, and which figures it conflicts with.

    \b
    Example:
        claimledger thread 12
        claimledger thread 12 --format json
    """
    from . import api

    found = api.thread(thread_id, settings=command_settings(db=db)).to_json()
    if fmt == "json":
        click.echo(api.to_jsonl(found))
        return
    for line in timeline_lines(found):
        click.echo(line)


def main() -> None:
    """Run the CLI as ``claimledger``."""
    cli(prog_name="claimledger")

