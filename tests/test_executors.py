"""Tests for :mod:`claimledger.executors`: extraction in worker processes and as Dask
tasks gives the ledger a local ingest gives, table by table.

The stories are invented (``test_cli``); variants of them make a batch of a few
partitions. The Dask tests start a local cluster of two worker processes.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_cli import ARTICLES, run
from test_store_contract import ledger_view

from claimledger import api
from claimledger.errors import ClaimledgerError
from claimledger.executors import partitions
from claimledger.settings import Settings

OUTLET = "Velmora Courier"


@pytest.mark.parametrize(
    ("size", "count", "expected"),
    [(10, 3, [4, 3, 3]), (3, 8, [1, 1, 1]), (0, 4, []), (5, 1, [5]), (7, 2, [4, 3])],
)
def test_partitions_keep_input_order_and_sizes(size: int, count: int, expected: list[int]) -> None:
    items = list(range(size))
    parts = partitions(items, count)  # type: ignore[arg-type]
    assert [len(p) for p in parts] == expected
    assert [x for p in parts for x in p] == items


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scale") / "in"
    folder.mkdir()
    for n in range(3):
        for key, text in ARTICLES.items():
            (folder / f"{key}-{n}.txt").write_text(f"{text}\nFiled from desk {n}.\n", encoding="utf8")
    (folder / "broken.txt").write_bytes(b"\xff\xfe not text")
    return folder


@pytest.fixture(scope="module")
def local_view(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    settings = Settings(db=str(tmp_path_factory.mktemp("local") / "local.db"))
    report = api.ingest([corpus], settings=settings, outlet=OUTLET)
    assert (report.ingested, len(report.failed)) == (9, 1)
    return ledger_view(settings)


@pytest.mark.parametrize(
    "options", [{"workers": 2}, {"executor": "dask", "workers": 2}], ids=["local-workers", "dask-local-cluster"]
)
def test_handed_out_extraction_gives_the_local_ledger(
    corpus: Path, local_view: dict[str, Any], tmp_path: Path, options: dict[str, Any]
) -> None:
    settings = Settings(db=str(tmp_path / "ledger.db"), **options)
    report = api.ingest([corpus], settings=settings, outlet=OUTLET)
    assert (report.ingested, len(report.failed)) == (9, 1)
    view = ledger_view(settings)
    for part in local_view:
        assert view[part] == local_view[part], part


def test_an_unreachable_scheduler_is_e073(corpus: Path, tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "ledger.db"), executor="dask", scheduler="tcp://127.0.0.1:1")
    with pytest.raises(ClaimledgerError) as info:
        api.ingest([corpus / "ferry-0.txt"], settings=settings, outlet=OUTLET)
    assert info.value.code == "E073"


@pytest.mark.parametrize(
    ("args", "exit_code", "shown"),
    [(["--scheduler", "tcp://127.0.0.1:1"], 2, "--scheduler needs --executor dask"),
     (["--workers", "0"], 2, "0 is not in the range"),
     (["--executor", "spark"], 2, "'spark' is not one of")],
)
def test_cli_executor_options_are_checked(corpus: Path, tmp_path: Path, args: list[str], exit_code: int, shown: str) -> None:
    result = run("ingest", str(corpus / "ferry-0.txt"), "--db", str(tmp_path / "x.db"), *args)
    assert result.exit_code == exit_code and shown in result.output


@pytest.mark.parametrize(("value", "code"), [("spark", "E022"), ("dask", None), ("local", None)])
def test_the_executor_setting_is_one_of_two(value: str, code: str | None) -> None:
    if code is None:
        assert Settings(executor=value).executor == value
        return
    with pytest.raises(ClaimledgerError) as info:
        Settings(executor=value)
    assert info.value.code == code and "one of local/dask" in str(info.value)
