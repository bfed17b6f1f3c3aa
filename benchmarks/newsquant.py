"""Benchmark :func:`claimledger.nlp.quantities.find_quantities` on NewsQuant (dev).

usage: python benchmarks/newsquant.py [--errors] [--split dev] [--checkset]

``--checkset`` scores only our own check set, ``benchmarks/checksets/quantities.json``
(213 news sentences written for the project across finance, sport, disasters,
elections, health, conflict, weather, crime and science, with currency, rate and unit
notations beyond the common ones, numbers in names, ages in apposition, negatives,
change verbs and changes with both levels written; gold in NewsQuant's format); a plain
run records dev and the check set side by side.

Reads ``<shared>/eval/newsquant/<split>.json`` (``<shared>`` is the ``shared`` folder
next to this repository, or ``$CLAIMLEDGER_SHARED``), parses every text with the spaCy
model, runs ``find_quantities``, writes the predictions as JSONL in the scorer's format
to ``benchmarks/out/``, runs the shared scorer and writes the scores, timings and
machine to ``benchmarks/results/newsquant.json``.

Units are the quantity record's own names (:func:`claimledger.nlp.quantities.unit_name`:
"km/hour" -> "kilometre per hour", "USD" -> "dollar"); the adaptor renames only a
multiple ("times", "fold") to NewsQuant's "count". A count's unit is the counted thing as NewsQuant writes it: the
modifiers and the head lemma ("14 first-team players" -> "first-team player", "two
smaller tenancies" -> "small tenancy"); a fraction of a stated whole is "% " and the
whole ("half the condos" -> "% condo"; a part of a measure, "1/16 of a pint", is in pints in the record itself). Two other scores are reported beside: with the
counted head lemma alone (``scores_counted_head``) and with our raw unit strings and
the counted thing as written (``scores_raw_unit_strings``). ``change`` is the
quantity's own :attr:`~claimledger.records.Quantity.change`.

``evaluate()`` does the same without writing results; the CI gate
(``tests/test_benchmark_floors.py``) calls it live. ``benchmarks/quantities_speed.py``
measures the speed of quantity extraction against bare spaCy parsing.
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

from claimledger.nlp.quantities import NUMBER_ADJECTIVES, find_quantities  # noqa: E402
from claimledger.records import Quantity  # noqa: E402
from claimledger.settings import Settings  # noqa: E402

#: NewsQuant writes a multiple ("four times", "sixfold") as a count, and a percent inside
#: a rate as "percentage" ("percentage per year"); the record's unit names the kind of
#: multiple and says "percent". The only words the adaptor renames, alone or as a factor
#: of a rate ("times per minute" -> "count per minute"): every other unit is the
#: record's own (:func:`claimledger.nlp.quantities.unit_name`).
MULTIPLE_UNITS: dict[str, str] = {"fold": "count", "times": "count", "percent": "percentage"}


def shared_dir() -> Path:
    """The shared data folder: $CLAIMLEDGER_SHARED, else ``shared`` beside the repo."""
    env = os.environ.get("CLAIMLEDGER_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared"


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
    for text, doc, qs in zip(texts, docs, found, strict=True):
        records.append({
            "text": text,
            "quantities": [
                {"value": q.value, "unit": q.unit, "counted_text": q.counted_text, "change": q.change,
                 "text": q.text, "counted_head": q.counted, "counted_phrase": counted_phrase(doc, q),
                 "fraction_of": fraction_of(doc, q)}
                for q in qs
            ],
        })
    timing = {
        "parse_seconds": round(t1 - t0, 3),
        "find_quantities_seconds": round(extract_seconds, 4),
        "find_quantities_sentences_per_second": round(len(texts) / extract_seconds, 1),
    }
    return records, timing


def _lemma_of_word(doc: Any, q: Quantity, word: str) -> str:
    """A modifier as NewsQuant writes it: comparatives and superlatives as their lemma
    ("smaller" -> "small", "best" -> "good"), every other word as written."""
    span = doc.char_span(*q.span, alignment_mode="expand")
    for tok in span or []:
        if tok.text == word and tok.tag_ in ("JJR", "JJS"):
            return tok.lemma_
    return word


def counted_phrase(doc: Any, q: Quantity) -> str | None:
    """The counted thing as NewsQuant's gold writes it: modifiers, then the head lemma."""
    if q.counted is None:
        return None
    return " ".join([_lemma_of_word(doc, q, w) for w in q.modifiers] + [q.counted])


def fraction_of(doc: Any, q: Quantity) -> str | None:
    """ "% whole" for a fraction of a stated whole, as NewsQuant writes it ("% condo")."""
    if q.unit != "fraction" or not q.whole:
        return None
    at = doc.text.find(q.whole, q.span[0])
    whole = doc.char_span(at, at + len(q.whole), alignment_mode="expand") if at >= 0 else None
    if whole is None or not len(whole):
        return None
    words = [t.text for t in whole[:-1] if t.pos_ in ("ADJ", "NOUN", "PROPN") and not t.like_num
             and not (t.i > 0 and t.nbor(-1).like_num and not t.nbor(-1).whitespace_)
             and t.lower_ not in NUMBER_ADJECTIVES]
    return "% " + " ".join(words + [whole[-1].lemma_])


def score(scorer: Path, gold: Path, pred: Path) -> dict[str, Any]:
    """Run the shared scorer and read its JSON output."""
    out = subprocess.run([sys.executable, str(scorer), str(gold), str(pred)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def scorer_unit(q: dict[str, Any], counted: str) -> str | None:
    """The unit handed to the scorer: the fraction's whole, else the record's unit."""
    if counted == "phrase" and q["fraction_of"]:
        return q["fraction_of"]
    unit = q["unit"]
    if unit is None:
        return None
    return " per ".join(MULTIPLE_UNITS.get(part, part) for part in unit.split(" per "))


def write_jsonl(path: Path, records: list[dict[str, Any]], counted: str) -> None:
    """Predictions in the scorer's format; ``counted`` is "phrase", "head" or "raw"."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf8") as f:
        for rec in records:
            qs = [
                {"value": q["value"], "unit": q["unit"] if counted == "raw" else scorer_unit(q, counted),
                 "counted": q["counted_text"] if counted == "raw" else q[f"counted_{counted}"], "change": q["change"],
                 "text": q["text"]}
                for q in rec["quantities"]
            ]
            f.write(json.dumps({"text": rec["text"], "quantities": qs}, ensure_ascii=False) + "\n")


def print_errors(scorer: Path, gold_rows: list[dict[str, Any]], records: list[dict[str, Any]]) -> None:
    """Per sentence: gold quantities missed and predictions matching nothing."""
    spec = importlib.util.spec_from_file_location("newsquant_score", scorer)
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    for i, (ex, rec) in enumerate(zip(gold_rows, records, strict=True)):
        gold = [(mod.gold_values(q["value"]), mod.norm_unit(q["normalized_unit"]), q) for q in ex["quantities"]]
        pred = [(mod.pred_values(q["value"]), mod.norm_unit(scorer_unit(q, "phrase") or q.get("counted_phrase")), q)
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
                lines.append(f"  MISS {gq['value']} {gq.get('unit')!r} ({gu})")
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


#: Our own check set: news sentences written for the project, gold in NewsQuant's format.
CHECKSET = ROOT / "benchmarks" / "checksets" / "quantities.json"


def evaluate(split: str = "dev", nlp: Any = None, out_dir: Path | None = None,
             errors: bool = False, gold_path: Path | None = None) -> dict[str, Any]:
    """Score ``find_quantities`` on NewsQuant ``split``: scores, head-only and raw scores, timing.

    ``gold_path`` scores another gold file in NewsQuant's format instead (the check set,
    :data:`CHECKSET`). Predictions are written as JSONL to ``out_dir`` (default
    ``benchmarks/out``). Raises FileNotFoundError when the shared NewsQuant data is absent.
    """
    base = shared_dir() / "eval" / "newsquant"
    scorer = base / "score.py"
    if gold_path is None:
        gold_path = base / f"{split}.json"
    else:
        split = gold_path.stem
    if not gold_path.is_file():
        raise FileNotFoundError(f"NewsQuant not found at {gold_path} (set CLAIMLEDGER_SHARED)")
    gold_rows = json.loads(gold_path.read_text(encoding="utf8"))
    texts = [row["text"] for row in gold_rows]
    nlp = nlp or spacy.load(Settings().model)
    records, timing = predictions(texts, nlp)

    out_dir = out_dir or ROOT / "benchmarks" / "out"
    named_path = out_dir / f"newsquant_{split}.pred.jsonl"
    head_path = out_dir / f"newsquant_{split}.counted-head.pred.jsonl"
    raw_path = out_dir / f"newsquant_{split}.raw-units.pred.jsonl"
    write_jsonl(named_path, records, counted="phrase")
    write_jsonl(head_path, records, counted="head")
    write_jsonl(raw_path, records, counted="raw")
    if errors:
        print_errors(scorer, gold_rows, records)
    return {"sentences": len(texts), "scores": score(scorer, gold_path, named_path),
            "scores_counted_head": score(scorer, gold_path, head_path),
            "scores_raw_unit_strings": score(scorer, gold_path, raw_path), "timing": timing}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--errors", action="store_true", help="list misses and extras per sentence")
    parser.add_argument("--checkset", action="store_true",
                        help="score our own check set (benchmarks/checksets/quantities.json) only; write nothing")
    args = parser.parse_args(argv)

    model = Settings().model
    nlp = spacy.load(model)
    try:
        if args.checkset:
            check = evaluate(nlp=nlp, errors=args.errors, gold_path=CHECKSET)
            print(json.dumps(_summary(check), indent=1))
            return 0
        found = evaluate(args.split, nlp, errors=args.errors)
        check = evaluate(nlp=nlp, gold_path=CHECKSET)
    except FileNotFoundError as e:
        print(e, file=sys.stderr)
        return 2
    scores, head_scores, raw_scores = found["scores"], found["scores_counted_head"], found["scores_raw_unit_strings"]
    result = {
        "benchmark": f"NewsQuant {args.split} ({found['sentences']} sentences)",
        "command": "python benchmarks/newsquant.py" + (f" --split {args.split}" if args.split != "dev" else ""),
        "model": model,
        "scores": scores,
        "scores_counted_head": head_scores,
        "scores_raw_unit_strings": raw_scores,
        "checkset": {"gold": str(CHECKSET.relative_to(ROOT)), **_summary(check)},
        "published": {"CQE": {"value_F1": 92.0, "value+unit_F1": 85.6},
                      "quantulum3": {"value_F1": 73.0, "value+unit_F1": 47.2}},
        "timing": found["timing"],
        "date": dt.date.today().isoformat(),
        "machine": {"platform": platform.platform(), "processor": platform.processor() or platform.machine(),
                    "python": platform.python_version(), "cpus": os.cpu_count(), "spacy": spacy.__version__},
    }
    results = ROOT / "benchmarks" / "results" / "newsquant.json"
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf8")
    print(json.dumps({"dev": _summary(found), "checkset": _summary(check), "timing": found["timing"]}, indent=1))
    return 0


def _summary(found: dict[str, Any]) -> dict[str, Any]:
    """Value, value+unit and change accuracy: named units, and the raw output."""
    named, raw = found["scores"], found["scores_raw_unit_strings"]
    return {"sentences": found["sentences"], "value_F1": named["value"]["F1"],
            "value+unit_F1": named["value+unit"]["F1"], "raw_value+unit_F1": raw["value+unit"]["F1"],
            "change_accuracy": named["change_accuracy_on_value_matches"]}


if __name__ == "__main__":
    sys.exit(main())
