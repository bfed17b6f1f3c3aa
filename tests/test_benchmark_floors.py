"""CI gate: benchmark scores may not fall more than one point below their floors.

``benchmarks/floors.json`` holds, per benchmark, the scores last recorded (see
``benchmarks/README.md`` for how to raise them). Two checks:

* the recorded results (``benchmarks/results/*.json``) meet their floors, so a
  regression cannot be recorded without the floors file saying so;
* the PolNeAR dev scores, recomputed live in this process through the API (under two
  minutes on two cores), meet theirs; so do the NewsQuant dev scores (value F1,
  value+unit F1, change accuracy; a few seconds).

A score fails when it is more than :data:`TOLERANCE` percentage points below its floor.
Floors of ``polnear_dev`` are in points and name ``headline`` keys of
``polnear_dev.json`` (``source_exact_f1``); other sections name dotted paths into their
results file, in that file's own scale, with ``"_scale": 100`` when the file holds
fractions.
"""
from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks"
FLOORS = BENCH / "floors.json"
#: Percentage points a score may fall below its floor before the gate fails.
TOLERANCE = 1.0

#: floors.json section -> (results file, the object inside it that the keys are relative to).
SECTIONS = {
    "polnear_dev": ("polnear_dev.json", "headline"),
    "newsquant": ("newsquant.json", ""),
    "clean_aeb": ("clean_aeb.json", ""),
    "gva": ("gva.json", ""),
    "ptc": ("ptc.json", ""),
}


def shared_dir() -> Path:
    """The shared data folder: ``$CLAIMLEDGER_SHARED`` or ``../shared`` beside the repository."""
    env = os.environ.get("CLAIMLEDGER_SHARED")
    return Path(env) if env else REPO.parent / "shared"


POLNEAR = shared_dir() / "eval" / "polnear"
NEWSQUANT = shared_dir() / "eval" / "newsquant"


def load_floors() -> dict:
    return json.loads(FLOORS.read_text(encoding="utf8"))


def metric_floors(section: dict) -> dict[str, float]:
    """A section's floors without its ``_``-prefixed settings."""
    return {k: v for k, v in section.items() if not k.startswith("_")}


def lookup(data: dict, dotted: str) -> float:
    """The value at a dotted path (``claimledger_clean_plaintext.f1``)."""
    for part in dotted.split(".") if dotted else []:
        data = data[part]
    return data


def shortfalls(scores: dict, section: dict) -> list[str]:
    """The floors of ``section`` that ``scores`` misses by more than the tolerance."""
    tolerance = TOLERANCE / section.get("_scale", 1)
    out = []
    for key, floor in metric_floors(section).items():
        try:
            value = lookup(scores, key)
        except (KeyError, TypeError):
            out.append(f"{key}: missing from the results")
            continue
        if value < floor - tolerance:
            out.append(f"{key}: {value:.4g} < floor {floor:.4g} - {tolerance:g}")
    return out


def load_polnear_benchmark() -> ModuleType:
    """``benchmarks/polnear.py`` as a module (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_polnear", BENCH / "polnear.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_floors_file_is_well_formed():
    floors = load_floors()
    assert "polnear_dev" in floors, "benchmarks/floors.json has no polnear_dev section"
    for name, section in floors.items():
        if name.startswith("_"):
            continue
        assert name in SECTIONS, f"unknown floors section {name!r} (known: {', '.join(SECTIONS)})"
        for key, value in metric_floors(section).items():
            assert isinstance(value, (int, float)), f"{name}.{key} is not a number"


@pytest.mark.parametrize("name", list(SECTIONS))
def test_recorded_results_meet_floors(name):
    section = load_floors().get(name)
    file, root = SECTIONS[name]
    path = BENCH / "results" / file
    if not section or not metric_floors(section):
        pytest.skip(f"no floors for {name}")
    assert path.exists(), f"floors are set for {name} but {path.relative_to(REPO)} is missing"
    recorded = lookup(json.loads(path.read_text(encoding="utf8")), root)
    assert not shortfalls(recorded, section), f"{file} is below its floors: {shortfalls(recorded, section)}"


@pytest.mark.shared
@pytest.mark.skipif(not (POLNEAR / "dev.jsonl").is_file(), reason="../shared/eval/polnear is absent")
def test_polnear_dev_live_scores_meet_floors():
    section = load_floors()["polnear_dev"]
    result = load_polnear_benchmark().evaluate(via="api", gold_path=POLNEAR / "dev.jsonl")
    missed = shortfalls(result["headline"], section)
    assert not missed, "PolNeAR dev scores fell below their floors:\n  " + "\n  ".join(missed)


def load_newsquant_benchmark() -> ModuleType:
    """``benchmarks/newsquant.py`` as a module."""
    spec = importlib.util.spec_from_file_location("bench_newsquant", BENCH / "newsquant.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.shared
@pytest.mark.skipif(not (NEWSQUANT / "dev.json").is_file(), reason="../shared/eval/newsquant is absent")
def test_newsquant_dev_live_scores_meet_floors(tmp_path):
    from claimledger.nlp.pipeline import get_parser

    section = load_floors()["newsquant"]
    bench, nlp = load_newsquant_benchmark(), get_parser()
    result = bench.evaluate("dev", nlp, out_dir=tmp_path)
    # our own check set is guarded beside dev (a gain on dev must not cost it)
    result["checkset"] = bench._summary(bench.evaluate(nlp=nlp, out_dir=tmp_path, gold_path=bench.CHECKSET))
    missed = shortfalls(result, section)
    assert not missed, "NewsQuant dev scores fell below their floors:\n  " + "\n  ".join(missed)
