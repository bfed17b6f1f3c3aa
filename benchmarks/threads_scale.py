"""Threading time at 10k, 100k and 1M synthetic claims, and how it grows.

    python benchmarks/threads_scale.py [--sizes 10000 100000 1000000] [--seed 7] [--no-write]

Each size is a fresh run over synthetic claims shaped like ``Claim.to_json()``: one
figure each, about a counted thing (24 kinds, with synonyms: "fighters", "militants",
"gunmen" …), an event (killed, wounded, remaining, evacuated …), one of 400 places,
from one of 3,000 speakers, dated over two years, in sentences built from templates
with varied filler words. Two stages are timed: *measure* (reading each figure's
measure, places and words from its claim: :func:`claimledger.link.threads.members_of_claim`)
and *thread* (placing it: :meth:`claimledger.link.threads.Threader.add`, the blocked,
incremental step). Claims are generated and dropped one at a time, so memory holds
only the threads. Growth is the ratio of seconds per step of ten times more claims: 10
would be linear, 100 quadratic.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from claimledger.link.threads import Threader, members_of_claim  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "threads_scale.json"
SIZES = (10_000, 100_000, 1_000_000)

COUNTED = [
    "fighters", "militants", "gunmen", "rebels", "civilians", "people", "residents", "children", "women", "soldiers",
    "trucks", "buses", "families", "patients", "doctors", "hospitals", "schools", "shells", "rockets", "airstrikes",
    "prisoners", "refugees", "journalists", "volunteers",
]
EVENTS = [
    "were killed in", "were wounded in", "remain in", "were evacuated from", "surrendered in", "fled",
    "are trapped in", "were detained in", "were seen in", "arrived in",
]
QUALIFIERS = [None, None, None, "at least", "more than", "around", "only", "up to", "nearly"]
FILLER = ("after heavy shelling overnight; according to local sources; as the offensive continued; "
          "despite the ceasefire; near the front line; during the truce talks; in the old quarter; "
          "before the convoy left; amid fresh clashes; as aid workers arrived").split("; ")


def places(n: int, rng: random.Random) -> list[str]:
    syllables = ["al", "ra", "ka", "mi", "do", "sha", "ba", "lu", "te", "zor", "han", "qa", "mar", "din", "sar"]
    out = set()
    while len(out) < n:
        out.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).capitalize())
    return sorted(out)


def synthetic_claims(n: int, seed: int):
    """``n`` (claim JSON, outlet, published) triples, generated lazily."""
    rng = random.Random(seed)
    towns = places(400, rng)
    speakers = [f"Speaker {i}" for i in range(3000)]
    outlets = [f"Outlet {i}" for i in range(60)]
    start = dt.date(2016, 1, 1)
    for _ in range(n):
        counted, event, town = rng.choice(COUNTED), rng.choice(EVENTS), rng.choice(towns)
        qualifier = rng.choice(QUALIFIERS)
        value = rng.randint(1, 5000)
        number = f"{qualifier + ' ' if qualifier else ''}{value:,} {counted}"
        content = f"{rng.choice(FILLER).capitalize()}, {number} {event} {town} {rng.choice(FILLER)}."
        at = content.index(number)
        speaker = rng.choice(speakers)
        sp = {"text": speaker, "span": None, "canonical": speaker, "role": None, "affiliation": None,
              "type": "person"}
        claim = {
            "speaker": sp, "speakers": [sp], "cue": None,
            "content": {"text": content, "span": [0, len(content)]}, "kind": "indirect", "event_date": None,
            "quantities": [{"value": value, "unit": None, "counted": counted, "qualifier": qualifier,
                            "text": number, "span": [at, at + len(number)]}],
        }
        yield claim, rng.choice(outlets), start + dt.timedelta(days=rng.randrange(730))


def run(n: int, seed: int) -> dict:
    """Measure and thread ``n`` synthetic claims; seconds per stage and the threads made."""
    threader = Threader()
    measure_s = thread_s = 0.0
    members = 0
    for i, (claim, outlet, day) in enumerate(synthetic_claims(n, seed)):
        t0 = time.perf_counter()
        found = members_of_claim(claim, article_id=f"a{i}", seq=0, outlet=outlet, published=day)
        t1 = time.perf_counter()
        for m in found:
            threader.add(m)
        t2 = time.perf_counter()
        measure_s += t1 - t0
        thread_s += t2 - t1
        members += len(found)
    sizes = [s.size for s in threader.threads.values()]
    return {
        "claims": n, "members": members, "threads": len(sizes), "largest_thread": max(sizes, default=0),
        "measure_seconds": round(measure_s, 2), "thread_seconds": round(thread_s, 2),
        "total_seconds": round(measure_s + thread_s, 2),
        "thread_us_per_claim": round(thread_s / max(1, n) * 1e6, 1),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def machine() -> dict:
    cpu = None
    info = Path("/proc/cpuinfo")
    if info.is_file():
        for line in info.read_text(errors="replace").splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {"platform": platform.platform(), "cpu_model": cpu, "cpu_count": os.cpu_count(),
            "python": platform.python_version()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-write", action="store_true", help="do not write benchmarks/results/threads_scale.json")
    args = parser.parse_args(argv)
    rows = []
    print(f"{'claims':>10}{'threads':>10}{'measure s':>11}{'thread s':>10}{'µs/claim':>10}{'growth':>8}{'RSS MB':>8}")
    for n in sorted(args.sizes):
        row = run(n, args.seed)
        if rows:
            prev = rows[-1]
            row["growth_vs_previous"] = round(row["thread_seconds"] / max(prev["thread_seconds"], 1e-9), 2)
            row["size_ratio"] = round(n / prev["claims"], 2)
        rows.append(row)
        growth = f"{row.get('growth_vs_previous', ''):>8}"
        print(f"{n:>10,}{row['threads']:>10,}{row['measure_seconds']:>11.1f}{row['thread_seconds']:>10.1f}"
              f"{row['thread_us_per_claim']:>10.1f}{growth}{row['max_rss_mb']:>8.0f}", flush=True)
    if not args.no_write:
        sizes = " ".join(map(str, sorted(args.sizes)))
        out = {"command": "python benchmarks/threads_scale.py" + ("" if tuple(sorted(args.sizes)) == SIZES else f" --sizes {sizes}"),
               "date": dt.datetime.now().isoformat(timespec="seconds"), "machine": machine(), "seed": args.seed,
               "rows": rows}
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(out, indent=2) + "\n", encoding="utf8")
        print(f"wrote {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
