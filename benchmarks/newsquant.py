"""Benchmark :func:`claimledger.nlp.quantities.find_quantities` on NewsQuant (dev).

usage: python benchmarks/newsquant.py [--errors] [--split dev]

Reads ``<shared>/eval/newsquant/<split>.json`` (``<shared>`` is the ``shared`` folder
next to this repository, or ``$CLAIMLEDGER_SHARED``), parses every text with the spaCy
model, runs ``find_quantities``, writes the predictions as JSONL in the scorer's format
to ``benchmarks/out/``, runs the shared scorer and writes the scores, timings and
machine to ``benchmarks/results/newsquant.json``.

Units are handed to the scorer spelled as names ("km2" -> "square kilometre", "USD"
-> "dollar", "mile/hour" -> "mile per hour") and counted nouns as their lemma
("companies" -> "company"), since the gold's normalized units are singular names; the
scores with our raw unit strings and counted nouns as written are reported too. The qualifier becomes the
scorer's "change": "=", "~", ">", "<", "up", "down".
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimledger.nlp.quantities import find_quantities  # noqa: E402
from claimledger.records import Quantity  # noqa: E402
from claimledger.settings import Settings  # noqa: E402

#: Qualifier (as written) -> the scorer's change label.
CHANGE: dict[str, str] = {
    **dict.fromkeys(["only", "just", "exactly", "precisely", "merely", "as many as", "as much as",
                     "an average of", "on average"], "="),
    **dict.fromkeys(
        ["around", "about", "approximately", "approx.", "roughly", "nearly", "almost", "some",
         "close to", "an estimated", "estimated", "circa", "~", "barely", "or so"], "~"),
    **dict.fromkeys(
        ["at least", "more than", "over", "above", "upwards of", "in excess of", "well over",
         "just over", "slightly more than", "no fewer than", "no less than", "not less than",
         ">", ">=", "or more", "a minimum of"], ">"),
    **dict.fromkeys(
        ["less than", "fewer than", "under", "below", "up to", "at most", "no more than",
         "not more than", "just under", "well under", "slightly less than", "a maximum of",
         "as few as", "as little as", "sub", "<", "<=", "or less", "or fewer"], "<"),
    "up": "up", "down": "down",
}

#: Our unit strings -> the names the scorer's gold uses.
UNIT_NAMES: dict[str, str] = {
    "percent": "percentage", "USD": "dollar", "EUR": "euro", "GBP": "pound sterling",
    "JPY": "japanese yen", "CNY": "chinese yuan", "HKD": "hong kong dollar",
    "AUD": "australian dollar", "NZD": "new zealand dollar", "CAD": "canadian dollar",
    "INR": "indian rupee", "ILS": "shekel", "MYR": "malaysian ringgit", "cent": "cent",
    "pence": "penny", "fraction": "fraction", "°C": "celsius", "°F": "fahrenheit",
    "hp": "horsepower", "mAh": "milliampere-hour", "kWh": "kilowatt hour",
    "ppm": "part per million", "lb": "pound-mass", "lbf": "pound-force", "fold": "count",
}


def shared_dir() -> Path:
    """The shared data folder: $CLAIMLEDGER_SHARED, else ``shared`` beside the repo."""
    env = os.environ.get("CLAIMLEDGER_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared"


def change_of(q: Quantity) -> str:
    """The scorer's change label for a quantity (qualifier, else a written sign)."""
    if q.qualifier in CHANGE:
        return CHANGE[q.qualifier]
    if q.text.startswith("+"):
        return "up"
    if q.text.startswith(("-", "−")):
        return "down"
    return "="


def unit_name(unit: str | None) -> str | None:
    """Spell one of our unit strings as a name the scorer can compare."""
    if unit is None:
        return None
    if unit in UNIT_NAMES:
        return UNIT_NAMES[unit]
    return " per ".join(" ".join(_part_name(x) for x in p.split("*")) for p in unit.split("/"))


def _part_name(part: str) -> str:
    if part in UNIT_NAMES:
        return UNIT_NAMES[part]
    power = ""
    if part[-1:] in "23" and len(part) > 1:
        power, part = {"2": "square ", "3": "cubic "}[part[-1]], part[:-1]
    try:
        from claimledger.nlp.quantities import _registry

        name = str(_registry().parse_units(part))
    except Exception:  # not a pint unit: "share", "person"
        return power + part
    name = name.replace("_", " ").replace("meter", "metre").replace("liter", "litre")
    return power + name


def predictions(texts: list[str], nlp: Any) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """Parse, find quantities, and time both; one scorer record per text."""
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=64))
    t1 = time.perf_counter()
    found = [find_quantities(doc) for doc in docs]
    t2 = time.perf_counter()
    for _ in range(2):  # steadier timing of the extractor alone
        for doc in docs:
            find_quantities(doc)
    t3 = time.perf_counter()
    extract_seconds = min(t2 - t1, (t3 - t2) / 2)
    records = []
    for text, doc, qs in zip(texts, docs, found):
        records.append({
            "text": text,
            "quantities": [
                {"value": q.value, "unit": q.unit, "counted": q.counted, "change": change_of(q),
                 "text": q.text, "counted_lemma": counted_lemma(doc, q)}
                for q in qs
            ],
        })
    timing = {
        "parse_seconds": round(t1 - t0, 3),
        "find_quantities_seconds": round(extract_seconds, 4),
        "find_quantities_sentences_per_second": round(len(texts) / extract_seconds, 1),
    }
    return records, timing


def counted_lemma(doc: Any, q: Quantity) -> str | None:
    """The lemma of the counted noun inside the quantity's span ("companies" -> "company")."""
    if q.counted is None:
        return None
    span = doc.char_span(*q.span, alignment_mode="expand")
    for tok in reversed(span or []):
        if tok.lower_ == q.counted:
            return tok.lemma_.lower()
    return q.counted


def score(scorer: Path, gold: Path, pred: Path) -> dict[str, Any]:
    """Run the shared scorer and read its JSON output."""
    out = subprocess.run([sys.executable, str(scorer), str(gold), str(pred)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def write_jsonl(path: Path, records: list[dict[str, Any]], named: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf8") as f:
        for rec in records:
            qs = [
                {"value": q["value"], "unit": unit_name(q["unit"]) if named else q["unit"],
                 "counted": q["counted_lemma"] if named else q["counted"], "change": q["change"],
                 "text": q["text"]}
                for q in rec["quantities"]
            ]
            f.write(json.dumps({"text": rec["text"], "quantities": qs}, ensure_ascii=False) + "\n")


def print_errors(scorer: Path, gold_rows: list[dict[str, Any]], records: list[dict[str, Any]]) -> None:
    """Per sentence: gold quantities missed and predictions matching nothing."""
    spec = importlib.util.spec_from_file_location("newsquant_score", scorer)
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    for i, (ex, rec) in enumerate(zip(gold_rows, records)):
        gold = [(mod.gold_values(q["value"]), mod.norm_unit(q["normalized_unit"]), q) for q in ex["quantities"]]
        pred = [(mod.pred_values(q["value"]), mod.norm_unit(unit_name(q["unit"]) or q.get("counted_lemma")), q)
                for q in rec["quantities"]]
        used: set[int] = set()
        lines = []
        for gv, gu, gq in gold:
            best = None
            for j, (pv, pu, _) in enumerate(pred):
                if j in used or not mod.close(gv, pv):
                    continue
                if pu == gu:
                    best = j
                    break
                best = j if best is None else best
            if best is None:
                lines.append(f"  MISS {gq['value']} {gq['unit']!r} ({gu})")
            else:
                used.add(best)
                if pred[best][1] != gu:
                    lines.append(f"  UNIT {gq['value']} gold={gu!r} pred={pred[best][1]!r}")
                if pred[best][2]["change"] != gq.get("change", "="):
                    lines.append(f"  CHANGE {gq['value']} gold={gq.get('change')} pred={pred[best][2]['change']}"
                                 f" {pred[best][2]['text']!r}")
        for j, (_, pu, pq) in enumerate(pred):
            if j not in used:
                lines.append(f"  EXTRA {pq['value']} {pu!r} {pq['text']!r}")
        if lines:
            print(f"[{i}] {ex['text']}")
            print("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--errors", action="store_true", help="list misses and extras per sentence")
    args = parser.parse_args(argv)

    base = shared_dir() / "eval" / "newsquant"
    gold_path, scorer = base / f"{args.split}.json", base / "score.py"
    if not gold_path.is_file():
        print(f"NewsQuant not found at {gold_path} (set CLAIMLEDGER_SHARED)", file=sys.stderr)
        return 2
    gold_rows = json.loads(gold_path.read_text(encoding="utf8"))
    texts = [row["text"] for row in gold_rows]
    model = Settings().model
    nlp = spacy.load(model)
    records, timing = predictions(texts, nlp)

    out_dir = ROOT / "benchmarks" / "out"
    named_path = out_dir / f"newsquant_{args.split}.pred.jsonl"
    raw_path = out_dir / f"newsquant_{args.split}.raw-units.pred.jsonl"
    write_jsonl(named_path, records, named=True)
    write_jsonl(raw_path, records, named=False)
    scores = score(scorer, gold_path, named_path)
    raw_scores = score(scorer, gold_path, raw_path)
    if args.errors:
        print_errors(scorer, gold_rows, records)

    result = {
        "benchmark": f"NewsQuant {args.split} ({len(texts)} sentences)",
        "command": "python benchmarks/newsquant.py" + (f" --split {args.split}" if args.split != "dev" else ""),
        "model": model,
        "scores": scores,
        "scores_raw_unit_strings": raw_scores,
        "published": {"CQE": {"value_F1": 92.0, "value+unit_F1": 85.6},
                      "quantulum3": {"value_F1": 73.0, "value+unit_F1": 47.2}},
        "timing": timing,
        "date": dt.date.today().isoformat(),
        "machine": {"platform": platform.platform(), "processor": platform.processor() or platform.machine(),
                    "python": platform.python_version(), "cpus": os.cpu_count(), "spacy": spacy.__version__},
    }
    results = ROOT / "benchmarks" / "results" / "newsquant.json"
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf8")
    print(json.dumps({"scores": scores, "raw_unit_strings": {k: raw_scores[k] for k in ("value", "value+unit")},
                      "timing": timing}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
