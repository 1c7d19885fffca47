# drillsim: two commands on a fresh machine — `make run`, `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: run test lint bench check clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(STAMP)

run: $(STAMP)
	$(BIN)/drillsim tui

lint: $(DEVSTAMP)
	$(BIN)/ruff check $(wildcard drillsim tui tests benchmarks)
	$(BIN)/mypy

test: $(DEVSTAMP) lint
	$(BIN)/drillsim check
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(ARGS)

check: $(STAMP)
	$(BIN)/drillsim check

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist
