"""A writer of invented articles into a ledger, through the ingest's own steps, without NLP.

Tests run it in several processes at once (``python tests/ledger_writer.py DB START STEP``)
(a negative ``STEP`` goes backwards; ``python tests/ledger_writer.py DB START STEP TOTAL
PREPARED.jsonl`` stores articles extracted beforehand instead) or call :func:`write`
in the test process. Each article has one claim by a speaker from
:data:`SPEAKERS`, a cast of look-alike names whose identities depend on what is known
when each comes (a bare surname before or after its full names, a role before or
after its holder), and one figure, so that threads are built too. The process prints
its report as one JSON line.
"""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from claimledger import runner  # noqa: E402
from claimledger.records import Article, Claim, Quantity, Speaker, TextSpan  # noqa: E402
from claimledger.settings import Settings  # noqa: E402

#: (mention, canonical, type, role, affiliation) of each speaker, cycled over the articles.
SPEAKERS: list[tuple[str, str, str, str | None, str | None]] = [
    ("Voss", "Voss", "person", None, None),
    ("Mara Voss", "Mara Voss", "person", "the UN envoy for the region", None),
    ("the UN envoy", "UN envoy", "person", None, None),
    ("Johnson", "Johnson", "person", None, None),
    ("Boris Johnson", "Boris Johnson", "person", "the foreign secretary", None),
    ("Gary Johnson", "Gary Johnson", "person", "the Libertarian candidate", None),
    ("Anna Voss", "Anna Voss", "person", None, None),
    ("the Russian military", "Russian military", "organisation", None, None),
    ("Igor Konashenkov", "Igor Konashenkov", "person", "spokesman of the Russian Defence Ministry",
     "Russian Defence Ministry"),
    ("Russian Ministry of Defence", "Russian Ministry of Defence", "organisation", None, None),
    ("Assad", "Assad", "person", None, None),
    ("Assad forces", "Assad forces", "organisation", None, None),
    ("Bashar al-Assad", "Bashar al-Assad", "person", "the Syrian president", None),
    ("George W. Bush", "George W. Bush", "person", None, None),
    ("George H. W. Bush", "George H. W. Bush", "person", None, None),
    ("Bush", "Bush", "person", None, None),
]
OUTLETS = ["Wire", "Herald", "Gazette"]
#: What the figures count, cycled (so that there are several threads).
THINGS = ["fighter", "civilian", "bus", "house", "boat"]


def article(i: int) -> tuple[Article, list[Claim]]:
    """The ``i``-th invented article and its one claim."""
    mention, canonical, kind, role, affiliation = SPEAKERS[i % len(SPEAKERS)]
    figure = f"{100 + 7 * i}"
    thing = THINGS[i % len(THINGS)]
    text = (f"Report number {i}\n\n{mention} said {figure} {thing}s remain in district {i % 7} "
            f"of the old town, in the story numbered {i}.\n")
    at = text.index(mention)
    start = text.index(" said ") + 6
    speaker = Speaker(mention, (at, at + len(mention)), canonical, role=role, affiliation=affiliation, type=kind)
    q_at = text.index(figure)
    quantity = Quantity(value=float(figure), unit=None, counted=thing, qualifier=None, counted_text=f"{thing}s",
                        span=(q_at, q_at + len(figure)), text=figure)
    end = text.index(".\n", start)
    claim = Claim(speaker=speaker, content=TextSpan(text[start:end], (start, end)), kind="indirect",
                  cue=TextSpan("said", (start - 5, start - 1)), speakers=[speaker], quantities=[quantity])
    title_end = text.index("\n")
    item = Article(text=text, outlet=OUTLETS[i % len(OUTLETS)], published=date(2024, 3, 1 + i % 20),
                   title=text[:title_end], title_span=(0, title_end), body=[(title_end + 2, len(text))])
    return item, [claim]


def prepared(path: Path) -> list[tuple[Article, list[Claim]]]:
    """Articles with their claims as :func:`save_prepared` wrote them."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf8").splitlines()]
    return [(Article.from_json(r["article"]), [Claim.from_json(c) for c in r["claims"]]) for r in rows]


def save_prepared(path: Path, items: list[tuple[Article, list[Claim]]]) -> None:
    """Write cleaned articles with their extracted claims, one JSON line each."""
    path.write_text("".join(
        json.dumps({"article": a.to_json(), "claims": [c.to_json() for c in claims]}) + "\n" for a, claims in items
    ), encoding="utf8")


def write(
    db: str, numbers: list[int], *, threads: bool = True, source: Path | None = None
) -> runner.IngestReport:
    """Store the articles ``numbers``, in that order, through the ingest's steps after
    extraction: the invented ones, or those of a ``source`` file of :func:`save_prepared`."""
    every = prepared(source) if source is not None else None
    items = [every[i] if every is not None else article(i) for i in numbers]

    class StorePrepared:
        name = "store prepared"

        def __call__(self, batch: runner.Batch) -> None:
            for item, claims in items:
                if runner.ExtractAndStore._store(batch, item, claims):
                    batch.stored.append(item)

    before = {"Stream", "Read", "SkipKnown", "LearnRecurring", "Clean", "ExtractAndStore"}
    later = [s for s in runner.ingest_steps([]) if type(s).__name__ not in before]
    return runner.run([StorePrepared(), *later], Settings(db=db, threads=threads))


if __name__ == "__main__":
    db, start, step, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    source = Path(sys.argv[5]) if len(sys.argv) > 5 else None
    numbers = list(range(total)) if step > 0 else list(range(total))[::-1]  # a negative step: backwards
    report = write(db, numbers[start::abs(step)], source=source)
    print(json.dumps({"ingested": report.ingested, "failed": [m for _s, m in report.failed]}))
