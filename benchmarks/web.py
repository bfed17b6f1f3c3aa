"""Latency of the web view's pages over a synthetic ledger of a million claims.

    python benchmarks/web.py [--claims 1000000] [--requests 300] [--db PATH] [--keep] [--seed 7] [--no-write]

A ledger is written straight through the store's schema (:mod:`claimledger.store.schema`:
the ledger is created and migrated by :class:`claimledger.store.sqlite.Ledger`, then its
rows are inserted with ``executemany``; the full-text index fills through its triggers),
not by the NLP pipeline: ten claims an article, one figure a claim, shaped like
``Claim.to_json()`` and placed at their offsets in the article's text; 3,000 speakers,
60 outlets, 24 counted things, 10 events, 400 places, days over two years; nine claims in
ten are members of threads of geometric sizes (mean 6, at most 200), a third of the
threads in conflict. ``claimledger serve`` then runs in its own process on a free
loopback port, and one client (httpx, keep-alive) asks, in turn, for random pages of
each kind: a thread, the thread list (default order, another order, or a filter by
conflict, counted thing, event, days or sources; a page among the first twenty), an article, a search (one or two words; pages 1 and 2).
Latency is the client's wall time per request; p50 and p95 over ``--requests`` requests
of each kind, after 20 to warm up. Results go to ``benchmarks/results/web.json`` with the
command, date and machine.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from claimledger.store.sqlite import Ledger  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "web.json"
PER_ARTICLE = 10
COUNTED = [
    "fighters", "militants", "gunmen", "rebels", "civilians", "people", "residents", "children", "women", "soldiers",
    "trucks", "buses", "families", "patients", "doctors", "hospitals", "schools", "shells", "rockets", "airstrikes",
    "prisoners", "refugees", "journalists", "volunteers",
]
EVENTS = [("killed", "were killed in"), ("wounded", "were wounded in"), ("remaining", "remain in"),
          ("evacuated", "were evacuated from"), ("surrendered", "surrendered in"), ("displaced", "fled"),
          ("trapped", "are trapped in"), ("detained", "were detained in"), ("seen", "were seen in"),
          ("arrived", "arrived in")]
QUALIFIERS = [(None, "="), (None, "="), (None, "="), ("at least", ">"), ("more than", ">"), ("around", "~"),
              ("up to", "<"), ("nearly", "~")]
FILLER = ["after heavy shelling overnight", "according to local sources", "as the offensive continued",
          "despite the ceasefire", "near the front line", "during the truce talks", "in the old quarter",
          "before the convoy left", "amid fresh clashes", "as aid workers arrived"]
PAGES = ("thread", "threads", "article", "search")


def machine() -> dict:
    cpu = None
    info = Path("/proc/cpuinfo")
    if info.is_file():
        for line in info.read_text(errors="replace").splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {"platform": platform.platform(), "cpu_model": cpu, "cpu_count": os.cpu_count(),
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version}


def places(n: int, rng: random.Random) -> list[str]:
    syllables = ["al", "ra", "ka", "mi", "do", "sha", "ba", "lu", "te", "zor", "han", "qa", "mar", "din", "sar"]
    out: set[str] = set()
    while len(out) < n:
        out.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).capitalize())
    return sorted(out)


def build(path: Path, claims: int, seed: int) -> dict:
    """Write a synthetic ledger of ``claims`` claims at ``path``; what it holds."""
    rng = random.Random(seed)
    Ledger(path).close()  # the schema, every migration applied
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    towns = places(400, rng)
    outlets = [f"Outlet {i:02d} News" for i in range(60)]
    speakers = [(i + 1, f"Speaker {i + 1:04d}", rng.choice(["person", "organisation", "unnamed"])) for i in range(3000)]
    conn.executemany("INSERT INTO speakers (id, canonical, type) VALUES (?, ?, ?)", speakers)
    conn.executemany("INSERT INTO speaker_aliases (speaker_id, alias, source) VALUES (?, ?, 'mention')",
                     [(i, f"{name} alias", ) for i, name, _ in speakers])
    start_day = dt.date(2016, 1, 1)
    # threads: geometric sizes over nine claims in ten
    threaded = int(claims * 0.9)
    sizes: list[int] = []
    total = 0
    while total < threaded:
        sizes.append(min(200, 1 + int(rng.expovariate(1 / 5))))
        total += sizes[-1]
    slots = [t for t, size in enumerate(sizes) for _ in range(size)][:threaded] + [-1] * (claims - threaded)
    rng.shuffle(slots)
    thread_keys = [(rng.choice(COUNTED), rng.randrange(len(EVENTS)), rng.choice(towns)) for _ in sizes]
    members: dict[int, list[tuple]] = {}
    articles = claims // PER_ARTICLE
    t0 = time.perf_counter()
    claim_id = 0
    chunk = 5000
    for first in range(0, articles, chunk):
        rows_a, rows_r, rows_p, rows_c, rows_cs, rows_q = [], [], [], [], [], []
        for a in range(first, min(articles, first + chunk)):
            outlet = outlets[a % len(outlets)]
            day = start_day + dt.timedelta(days=rng.randrange(730))
            article_id = f"{a:016x}"
            title = f"Fighting continues in {rng.choice(towns)}, day {a}"
            parts, offset = [title, "\n\n"], len(title) + 2
            claims_of_article = []
            for seq in range(PER_ARTICLE):
                claim_id += 1
                slot = slots[claim_id - 1]
                if slot >= 0:
                    counted, event, town = thread_keys[slot]
                else:
                    counted, event, town = rng.choice(COUNTED), rng.randrange(len(EVENTS)), rng.choice(towns)
                sid, name, kind = speakers[rng.randrange(len(speakers))]
                qualifier, change = rng.choice(QUALIFIERS)
                value = rng.choice([rng.randint(2, 60), rng.randint(50, 5000)])
                figure = f"{qualifier + ' ' if qualifier else ''}{value:,} {counted}"
                content = f"{figure} {EVENTS[event][1]} {town} {rng.choice(FILLER)}"
                sentence = f"{name} said {content}."
                s_start = offset
                c_start = offset + len(name) + 6
                c_end = c_start + len(content)
                q_end = c_start + len(figure)
                q = {"value": value, "unit": None, "counted": counted, "counted_text": counted, "modifiers": [],
                     "qualifier": qualifier, "change": change, "whole": None, "vague": False, "text": figure,
                     "span": [c_start, q_end],
                     "measure": {"concept": counted, "event": EVENTS[event][0], "participant": None, "part": False,
                                 "place": {"name": town, "id": None, "path": []}, "not_measured": None}}
                speaker = {"text": name, "span": [s_start, s_start + len(name)], "canonical": name, "role": None,
                           "affiliation": None, "type": kind}
                claim = {"speaker": speaker, "speakers": [speaker], "cue": {"text": "said", "span": [s_start + len(name) + 1, s_start + len(name) + 5]},
                         "content": {"text": content, "span": [c_start, c_end]}, "kind": "indirect",
                         "event_date": None, "quantities": [q], "frame": {"stance": "neutral", "cues": []}}
                rows_c.append((claim_id, article_id, seq, "indirect", sid, name, s_start, s_start + len(name), "said",
                               s_start + len(name) + 1, s_start + len(name) + 5, content, c_start, c_end, None,
                               json.dumps(claim), "neutral"))
                rows_cs.append((claim_id, sid, 0))
                low, high = {">": (value, None), "<": (0.0, value), "~": (value * 0.8, value * 1.2)}.get(
                    change, (value * 0.98, value * 1.02))
                rows_q.append((claim_id, value, value, value, None, counted, qualifier, c_start, q_end, figure, counted,
                               "[]", change, None, 0))
                if slot >= 0:
                    members.setdefault(slot, []).append((claim_id, low, high, day, f"{outlet}|{sid}", value, change))
                claims_of_article.append(claim_id)
                parts.append(sentence + "\n\n")
                offset += len(sentence) + 2
            text = "".join(parts) + f"© {outlet}."
            rows_a.append((article_id, None, outlet, f"https://example.org/{a}", day.isoformat(), title, 0, len(title),
                           text, "synthetic", day.isoformat()))
            rows_r.append((article_id, "body", len(title) + 2, len(text)))
            rows_p.append((article_id, outlet, f"https://example.org/{a}", day.isoformat(), "synthetic"))
        with conn:
            conn.executemany("INSERT INTO articles (id, external_id, outlet, url, published, title, title_start,"
                             " title_end, text, source, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows_a)
            conn.executemany('INSERT INTO article_ranges (article_id, kind, start, "end") VALUES (?,?,?,?)', rows_r)
            conn.executemany("INSERT INTO publications (article_id, outlet, url, published, source) VALUES (?,?,?,?,?)",
                             rows_p)
            conn.executemany(
                "INSERT INTO claims (id, article_id, seq, kind, speaker_id, speaker_text, speaker_start, speaker_end,"
                " cue_text, cue_start, cue_end, content_text, content_start, content_end, event_date, json, stance)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows_c)
            conn.executemany("INSERT INTO claim_speakers (claim_id, speaker_id, position) VALUES (?,?,?)", rows_cs)
            conn.executemany(
                'INSERT INTO quantities (claim_id, value, low, high, unit, counted, qualifier, start, "end", text,'
                " counted_text, modifiers, change, whole, vague) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows_q)
            conn.executemany("INSERT INTO threaded_articles (article_id) VALUES (?)", [(r[0],) for r in rows_a])
        print(f"  {min(articles, first + chunk):,} articles, {claim_id:,} claims ({time.perf_counter() - t0:.0f} s)",
              flush=True)
    thread_rows, member_rows = [], []
    for t, rows in members.items():
        rows.sort(key=lambda r: (r[3], r[0]))
        counted, event, town = thread_keys[t]
        conflict = len(rows) > 1 and rng.random() < 1 / 3
        sources = len({r[4] for r in rows})
        last = rows[-1]
        current = [{"series": "count", "value": last[5], "change": last[6], "date": last[3].isoformat(),
                    "member": len(rows) - 1, "sources": 1, "rule": "latest-supported"}]
        thread_rows.append((t + 1, counted, EVENTS[event][0], town.lower(), 0, f"{counted} {EVENTS[event][0]} · {town.lower()}",
                            town.lower(), rows[0][3].isoformat(), last[3].isoformat(), "{}", len(rows), int(conflict),
                            sources, None, None, None, json.dumps(current)))
        for i, (cid, low, high, day, src, value, change) in enumerate(rows):
            clash = [1 - i] if conflict and i < 2 else []
            member_rows.append((t + 1, cid, 0, "count", low, high, day.isoformat(), src, json.dumps(clash),
                                json.dumps(value), change, day.isoformat(), 0))
    with conn:
        conn.executemany(
            "INSERT INTO threads (id, concept, event, place, cumulative, measure, places, first_day, last_day, words,"
            " size, conflict, sources, participant, place_id, place_path, current)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", thread_rows)
        conn.executemany(
            "INSERT INTO thread_members (thread_id, claim_id, qindex, series, low, high, day, sources, conflicts_with,"
            " value, change, published, implicit) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", member_rows)
    conn.execute("ANALYZE")
    conn.close()
    return {"claims": claim_id, "articles": articles, "threads": len(thread_rows), "members": len(member_rows),
            "largest_thread": max(sizes), "speakers": len(speakers), "outlets": len(outlets),
            "build_seconds": round(time.perf_counter() - t0, 1), "db_mb": round(path.stat().st_size / 2**20)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(db: Path, requests: int, seed: int, held: dict) -> dict:
    """p50/p95 of each page kind from a loopback client against ``claimledger serve``."""
    import httpx

    rng = random.Random(seed + 1)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "claimledger", "--db", str(db), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        client = httpx.Client(base_url=base, timeout=30)
        for _ in range(200):
            try:
                client.get("/static/style.css")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        thread_ids = [r[0] for r in conn.execute("SELECT id FROM threads WHERE size >= 2")]
        article_ids = [r[0] for r in conn.execute("SELECT id FROM articles")]
        conn.close()
        words = COUNTED + [e[0] for e in EVENTS] + ["shelling", "ceasefire", "convoy", "front", "aid workers",
                                                    "old quarter", "clashes"]
        variants = ["", "conflicts=1", "sort=newest", "sort=oldest", "sort=sources", "counted={c}", "event={e}",
                    "since=2016-06-01&until=2016-06-30", "counted={c}&conflicts=1", "min_sources=3"]

        def address(kind: str) -> str:
            if kind == "thread":
                return f"/thread/{rng.choice(thread_ids)}"
            if kind == "article":
                return f"/article/{rng.choice(article_ids)}"
            if kind == "search":
                page = "" if rng.random() < 0.8 else "&page=2"
                return f"/search?q={rng.choice(words).replace(' ', '+')}{page}"
            variant = rng.choice(variants).format(c=rng.choice(COUNTED), e=rng.choice(EVENTS)[0])
            page = rng.randint(1, 20)
            return f"/threads?{variant}&page={page}" if variant else f"/threads?page={page}"

        out = {}
        for kind in PAGES:
            for _ in range(20):
                client.get(address(kind))
            times = []
            for _ in range(requests):
                path = address(kind)
                t = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200, (path, response.status_code, response.text[:300])
            times.sort()
            out[kind] = {"requests": requests, "p50_ms": round(statistics.median(times), 1),
                         "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1), "max_ms": round(times[-1], 1),
                         "mean_ms": round(statistics.fmean(times), 1)}
            print(f"  {kind:8} p50 {out[kind]['p50_ms']:6.1f} ms  p95 {out[kind]['p95_ms']:6.1f} ms"
                  f"  max {out[kind]['max_ms']:6.1f} ms", flush=True)
        client.close()
        return out
    finally:
        server.terminate()
        server.wait(10)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", default=None, help="build the ledger here (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the ledger (with --db, reuse it when it exists)")
    parser.add_argument("--no-write", action="store_true", help="do not write benchmarks/results/web.json")
    args = parser.parse_args(argv)
    folder = tempfile.TemporaryDirectory(prefix="claimledger-web-")
    db = Path(args.db) if args.db else Path(folder.name) / "web.db"
    try:
        if args.keep and db.exists() and (db.with_suffix(".json")).exists():
            held = json.loads(db.with_suffix(".json").read_text())
            print(f"reusing {db}: {held['claims']:,} claims")
        else:
            if db.exists():
                db.unlink()
            print(f"building {args.claims:,} claims in {db}")
            held = build(db, args.claims, args.seed)
            if args.keep:
                db.with_suffix(".json").write_text(json.dumps(held))
        print(f"ledger: {held}")
        pages = measure(db, args.requests, args.seed, held)
    finally:
        if not args.keep:
            folder.cleanup()
    if not args.no_write:
        command = "python benchmarks/web.py" + (f" --claims {args.claims}" if args.claims != 1_000_000 else "") + (
            f" --requests {args.requests}" if args.requests != 300 else "")
        out = {"command": command, "date": dt.datetime.now().isoformat(timespec="seconds"), "machine": machine(),
               "seed": args.seed, "ledger": held, "pages": pages,
               "note": "one client, keep-alive, loopback; claimledger serve (uvicorn, one process) on the same machine"}
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(out, indent=2) + "\n", encoding="utf8")
        print(f"wrote {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
