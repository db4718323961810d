# Every target sets itself up: a fresh clone needs only Python 3.11 and make.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed

# Airflow runs embedded, with a project-local home and SQLite metadata DB.
export AIRFLOW_HOME ?= $(CURDIR)/.airflow
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags

.PHONY: venv run demo airflow test lint eval eval-real bench lock clean

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

## Live run: the ingest DAG in-process against the real sites, into data/warehouse.duckdb.
run: $(STAMP)
	$(BIN)/cgtwatch run

## Offline demo: same pipeline against the bundled snapshot on 127.0.0.1, into data/demo.duckdb.
demo: $(STAMP)
	$(BIN)/cgtwatch run --offline

## Airflow with its UI (http://127.0.0.1:8080, this machine only) running the production DAGs live.
## Refuses to start while a secret in the environment or .env is still change-me.
airflow: $(STAMP)
	$(BIN)/python -c 'import sys; from cgtwatch.config import refuse_placeholder_secrets as r; sys.exit(r(env_file=".env"))'
	PATH=$(CURDIR)/$(BIN):$$PATH airflow db migrate
	PATH=$(CURDIR)/$(BIN):$$PATH airflow pools set cgtwatch_warehouse 1 "cgtwatch: the single DuckDB writer"
	PATH=$(CURDIR)/$(BIN):$$PATH AIRFLOW__API__HOST=127.0.0.1 AIRFLOW__API__PORT=8080 airflow standalone

## The whole suite on two workers (pytest-xdist); `.venv/bin/python -m pytest FILE` runs one file serially.
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff check dags/ --select AIR
	$(BIN)/mypy cgtwatch extractors transforms warehouse expectations dags

## Precision / recall / F1 on holdout8, holdout9b, holdout10b, holdout11b, holdout12b, holdout13b, holdout14c, holdout15a, holdout16c, holdout17b, holdout18b, holdout19b, holdout20c, holdout21a, holdout22b, holdout23c, holdout24a, holdout25b, holdout26b, holdout27b, holdout28c, holdout29c, holdout30c, holdout31a, holdout32b, holdout33b, holdout34b, holdout35b, holdout36b, holdout37c, holdout38c, holdout39a, holdout40b, holdout41c, holdout42a, holdout43b, holdout44c, holdout45b, holdout46c, holdout47b, holdout48b, holdout49b, holdout50b, holdout51a, holdout52b, holdout53b, holdout54c, holdout56a and holdout55b, the written gold sets no rule was tuned on (tests/gold/README.md).
eval: $(STAMP)
	$(BIN)/python -m transforms.evaluate --split holdout8
	$(BIN)/python -m transforms.evaluate --split holdout9b
	$(BIN)/python -m transforms.evaluate --split holdout10b
	$(BIN)/python -m transforms.evaluate --split holdout11b
	$(BIN)/python -m transforms.evaluate --split holdout12b
	$(BIN)/python -m transforms.evaluate --split holdout13b
	$(BIN)/python -m transforms.evaluate --split holdout14c
	$(BIN)/python -m transforms.evaluate --split holdout15a
	$(BIN)/python -m transforms.evaluate --split holdout16c
	$(BIN)/python -m transforms.evaluate --split holdout17b
	$(BIN)/python -m transforms.evaluate --split holdout18b
	$(BIN)/python -m transforms.evaluate --split holdout19b
	$(BIN)/python -m transforms.evaluate --split holdout20c
	$(BIN)/python -m transforms.evaluate --split holdout21a
	$(BIN)/python -m transforms.evaluate --split holdout22b
	$(BIN)/python -m transforms.evaluate --split holdout23c
	$(BIN)/python -m transforms.evaluate --split holdout24a
	$(BIN)/python -m transforms.evaluate --split holdout25b
	$(BIN)/python -m transforms.evaluate --split holdout26b
	$(BIN)/python -m transforms.evaluate --split holdout27b
	$(BIN)/python -m transforms.evaluate --split holdout28c
	$(BIN)/python -m transforms.evaluate --split holdout29c
	$(BIN)/python -m transforms.evaluate --split holdout30c
	$(BIN)/python -m transforms.evaluate --split holdout31a
	$(BIN)/python -m transforms.evaluate --split holdout32b
	$(BIN)/python -m transforms.evaluate --split holdout33b
	$(BIN)/python -m transforms.evaluate --split holdout34b
	$(BIN)/python -m transforms.evaluate --split holdout35b
	$(BIN)/python -m transforms.evaluate --split holdout36b
	$(BIN)/python -m transforms.evaluate --split holdout42a
	$(BIN)/python -m transforms.evaluate --split holdout41c
	$(BIN)/python -m transforms.evaluate --split holdout40b
	$(BIN)/python -m transforms.evaluate --split holdout39a
	$(BIN)/python -m transforms.evaluate --split holdout38c
	$(BIN)/python -m transforms.evaluate --split holdout37c
	$(BIN)/python -m transforms.evaluate --split holdout43b
	$(BIN)/python -m transforms.evaluate --split holdout44c
	$(BIN)/python -m transforms.evaluate --split holdout45b
	$(BIN)/python -m transforms.evaluate --split holdout46c
	$(BIN)/python -m transforms.evaluate --split holdout47b
	$(BIN)/python -m transforms.evaluate --split holdout48b
	$(BIN)/python -m transforms.evaluate --split holdout49b
	$(BIN)/python -m transforms.evaluate --split holdout50b
	$(BIN)/python -m transforms.evaluate --split holdout51a
	$(BIN)/python -m transforms.evaluate --split holdout52b
	$(BIN)/python -m transforms.evaluate --split holdout53b
	$(BIN)/python -m transforms.evaluate --split holdout54c
	$(BIN)/python -m transforms.evaluate --split holdout56a
	$(BIN)/python -m transforms.evaluate --split holdout55b

## The same scores on real public pages (tests/gold/realtext, texts cached in data/realtext):
## `make eval-real PART=dev|test|all`, `ERRORS=1` lists mismatches (dev only). Without the cache it says how to fill it.
PART ?= dev
eval-real: $(STAMP)
	$(BIN)/python -m transforms.evaluate --real --part $(PART) $(if $(ERRORS),--errors)

## Throughput ratios against baselines measured in the same run.
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

lock: $(STAMP)
	$(BIN)/uv pip compile --quiet --python-version 3.11 --generate-hashes requirements.in -o requirements.lock

clean:
	rm -rf $(VENV) .airflow data/demo data/demo.duckdb
