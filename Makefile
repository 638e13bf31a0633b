# bimmaturity: two commands on a fresh machine: `make report` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test bench fuzz lint format lab clean install

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## make report: install into .venv and build every report (example data when data/raw is empty)
report: $(STAMP)
	$(BIN)/bimmaturity build

## make test: install and run the whole test suite
test: $(STAMP)
	$(BIN)/ruff check bimmaturity tests benchmarks
	$(BIN)/ruff format --check bimmaturity tests benchmarks
	$(BIN)/python -m pytest -n 2 --dist loadfile  # two workers; modules stay whole (their fixtures build once)

## make bench: every benchmark against its baseline, measured in the same run; one table
## (about six minutes; not part of make test)
bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

## make fuzz: the hostile-input fuzzer with a large budget (make test runs a small one)
fuzz: $(STAMP)
	BIMMATURITY_FUZZ_EXAMPLES=$${BIMMATURITY_FUZZ_EXAMPLES:-2000} $(BIN)/python -m pytest -q tests/test_fuzz_ingest.py

lint: $(STAMP)
	$(BIN)/ruff check bimmaturity tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format bimmaturity tests benchmarks
	$(BIN)/ruff check --fix bimmaturity tests benchmarks

## make lab: open JupyterLab on the notebooks
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

clean:
	rm -rf data/processed/*.parquet data/processed/*.csv data/processed/*.json data/processed/analysis reports/* reports/.build-*.json data/example data/example.stamp.json
