"""Score claimledger's plain-text cleaner on the article-extraction benchmark (AEB).

Each AEB page, rendered as plain text the way a naive scraper leaves it
(``eval/aeb/plaintext.json``), goes through :func:`claimledger.clean.clean` with rules
alone (no corpus-learned lines: every page comes from a different site); the body
ranges are scored against the gold article bodies (``ground-truth.json``) with the
benchmark's own scorer (``eval/aeb/score.py``: 4-gram shingle F1, averaged per page).

Our own check sets beside it: the same pages rendered from their HTML by a second,
naive renderer (:func:`render_markup`), scored against the same gold
(``claimledger_clean_markup_render``); and pages we wrote ourselves, each laid out
another way, with their gold bodies (``benchmarks/checksets/clean_pages.json``, scored
as ``claimledger_clean_checkset_pages`` with the same scorer).

For reference, trafilatura is scored on the pages' HTML too (a few seconds; skip it
with ``--no-trafilatura``).

The shared data folder is ``../shared`` beside the repository, or ``$CLAIMLEDGER_SHARED``.
Results go to ``benchmarks/results/clean_aeb.json``.

Usage::

    python benchmarks/clean_aeb.py [--no-trafilatura] [--dump PRED.json] [--no-write]
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib.util
import json
import os
import platform
import re
import sys
import time
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from claimledger.clean import clean  # noqa: E402
from claimledger.records import Article  # noqa: E402

#: Published reference points on this benchmark (shared README); the trafilatura figure
#: is over all 181 pages, ours over the 85 pages shared here.
BASELINES = {"keep everything (plain text)": 0.665, "C4 line rules (plain text)": 0.804, "trafilatura (HTML, 181 pages)": 0.958}


def shared_dir() -> Path:
    """The shared data folder: ``$CLAIMLEDGER_SHARED`` or ``../shared`` beside the repository."""
    env = os.environ.get("CLAIMLEDGER_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def load_scorer(aeb: Path) -> ModuleType:
    """The benchmark's own scorer, imported from its file."""
    spec = importlib.util.spec_from_file_location("aeb_score", aeb / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict_plaintext(pages: dict[str, dict]) -> dict[str, dict[str, str]]:
    """Our cleaner's article body for every page, from its plain-text rendering."""
    out = {}
    for key, page in pages.items():
        article = clean(Article(text=page["text"]))
        out[key] = {"articleBody": "\n".join(article.text[s:e] for s, e in article.body)}
    return out


#: Elements whose end starts a new line when the markup is rendered as text.
BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article header footer nav aside "
    "blockquote figure figcaption pre form dd dt dl main".split()
)


_CHARSET = re.compile(rb"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def decode_page(html: bytes) -> str:
    """The page's text: in the charset its markup declares, else UTF-8, else cp1252."""
    declared = _CHARSET.search(html[:4096])
    for encoding in ([declared.group(1).decode("ascii")] if declared else []) + ["utf-8", "cp1252"]:
        try:
            return html.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return html.decode("utf-8", errors="replace")


def render_markup(html: bytes) -> str:
    """The page as a second, naive scraper renders it: every text node of the markup
    (scripts and styles dropped), a line break after each block element; the bytes are
    decoded in the charset the page declares (:func:`decode_page`).

    This is our own check set: the same pages and gold as ``plaintext.json``, laid
    out by another renderer, so that a rule fitted to one rendering shows.
    """
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(_XML_DECLARATION.sub("", decode_page(html), count=1))
    for bad in tree.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    parts: list[str] = []

    def walk(el) -> None:
        if isinstance(el.tag, str):
            if el.text:
                parts.append(el.text)
            for child in el:
                walk(child)
                if child.tail:
                    parts.append(child.tail)
            if el.tag in BLOCK_TAGS:
                parts.append("\n")

    walk(tree)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def predict_markup(aeb: Path, keys: list[str]) -> dict[str, dict[str, str]]:
    """Our cleaner's article body for every page, from :func:`render_markup`'s text."""
    out = {}
    for key in keys:
        text = render_markup(gzip.decompress((aeb / "html" / f"{key}.html.gz").read_bytes()))
        article = clean(Article(text=text))
        out[key] = {"articleBody": "\n".join(article.text[s:e] for s, e in article.body)}
    return out


def predict_trafilatura(aeb: Path, keys: list[str]) -> dict[str, dict[str, str]]:
    """trafilatura's main text for every page, from its HTML."""
    import trafilatura

    out = {}
    for key in keys:
        html = gzip.decompress((aeb / "html" / f"{key}.html.gz").read_bytes())
        out[key] = {"articleBody": trafilatura.extract(html, include_comments=False) or ""}
    return out


#: Our own pages: invented stories in page furniture of several layouts, with gold bodies.
CHECKSET_PAGES = REPO / "benchmarks" / "checksets" / "clean_pages.json"


def predict_checkset_pages(pages: list[dict]) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """Gold and our cleaner's body for each page of :data:`CHECKSET_PAGES`."""
    gold, out = {}, {}
    for page in pages:
        article = clean(Article(text=page["text"]))
        gold[page["id"]] = {"articleBody": page["body"]}
        out[page["id"]] = {"articleBody": "\n".join(article.text[s:e] for s, e in article.body)}
    return gold, out


def machine() -> dict[str, object]:
    """Where the benchmark ran."""
    return {"platform": platform.platform(), "python": platform.python_version(), "cpu_count": os.cpu_count()}


def run(args: argparse.Namespace) -> dict[str, object]:
    """Score the cleaner (and trafilatura, if asked) and build the results record."""
    aeb = shared_dir() / "eval" / "aeb"
    scorer = load_scorer(aeb)
    gold = json.loads((aeb / "ground-truth.json").read_text(encoding="utf8"))
    pages = json.loads((aeb / "plaintext.json").read_text(encoding="utf8"))
    started = time.perf_counter()
    pred = predict_plaintext(pages)
    seconds = time.perf_counter() - started
    if args.dump:
        Path(args.dump).write_text(json.dumps(pred, ensure_ascii=False, indent=1), encoding="utf8")
    result: dict[str, object] = {
        "command": "python benchmarks/clean_aeb.py" + ("" if args.trafilatura else " --no-trafilatura"),
        "date": dt.date.today().isoformat(),
        "machine": machine(),
        "pages": len(pages),
        "claimledger_clean_plaintext": _rounded(scorer.score(gold, pred)) | {"seconds": round(seconds, 2)},
        "claimledger_clean_markup_render": _rounded(scorer.score(gold, predict_markup(aeb, sorted(pages)))),
        "claimledger_clean_checkset_pages": _rounded(scorer.score(*predict_checkset_pages(
            json.loads(CHECKSET_PAGES.read_text(encoding="utf8"))))),
        "baselines": BASELINES,
    }
    if args.trafilatura:
        result["trafilatura_html"] = _rounded(scorer.score(gold, predict_trafilatura(aeb, sorted(gold))))
    return result


def _rounded(metrics: dict[str, float]) -> dict[str, float]:
    """Scores rounded to four places."""
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in metrics.items()}


def main() -> None:
    """Score, print and record."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-trafilatura", dest="trafilatura", action="store_false", help="do not score trafilatura on the HTML")
    parser.add_argument("--dump", help="write our predictions to this JSON file")
    parser.add_argument("--no-write", action="store_true", help="do not write benchmarks/results/clean_aeb.json")
    args = parser.parse_args()
    result = run(args)
    ours = result["claimledger_clean_plaintext"]
    print(f"claimledger clean (plain text): F1 {ours['f1']:.3f} ± {ours['f1_std']:.3f}  "
          f"P {ours['precision']:.3f}  R {ours['recall']:.3f}  ({result['pages']} pages, {ours['seconds']} s)")
    mk = result["claimledger_clean_markup_render"]
    print(f"claimledger clean (markup rendered by a second renderer, check set): F1 {mk['f1']:.3f}  "
          f"P {mk['precision']:.3f}  R {mk['recall']:.3f}")
    own = result["claimledger_clean_checkset_pages"]
    print(f"claimledger clean (our own pages, check set, {own['n_docs']} pages): F1 {own['f1']:.3f}  "
          f"P {own['precision']:.3f}  R {own['recall']:.3f}")
    if "trafilatura_html" in result:
        print(f"trafilatura (HTML):             F1 {result['trafilatura_html']['f1']:.3f}")
    for name, value in BASELINES.items():
        print(f"  baseline {name}: {value}")
    if not args.no_write:
        out = REPO / "benchmarks" / "results" / "clean_aeb.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf8")
        print(f"wrote {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
