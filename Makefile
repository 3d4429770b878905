# fundguard set-up entry points.  Every target bootstraps .venv itself from requirements.lock.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export PREFECT_HOME ?= $(CURDIR)/var/prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_LOGGING_LEVEL ?= WARNING
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS := 90
export PREFECT_TASKS_DEFAULT_NO_CACHE := true
export DO_NOT_TRACK := 1
SAMPLE := data_samples/city
DEMO_DATE ?= $(shell cat data_samples/city/RUN_DATE 2>/dev/null || echo 2026-03-31)

.PHONY: venv demo test lint bench eval serve sample clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check uv==0.13.8 2>/dev/null
	$(VENV)/bin/uv pip install -q --python $(PY) -r requirements.lock
	$(VENV)/bin/uv pip install -q --python $(PY) --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)

$(SAMPLE)/MANIFEST.json: | $(STAMP)
	$(VENV)/bin/fundguard generate --sample --out $(SAMPLE)

sample: $(SAMPLE)/MANIFEST.json

demo: $(STAMP) $(SAMPLE)/MANIFEST.json
	$(VENV)/bin/fundguard run nightly --date $(DEMO_DATE) --inbox $(SAMPLE)

test: $(STAMP)
	$(VENV)/bin/pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check src pipelines tests
	$(VENV)/bin/fundguard rules validate

bench: $(STAMP)
	$(PY) bench/run_bench.py $(BENCH_ARGS)

eval: $(STAMP)
	$(PY) bench/run_eval.py $(EVAL_ARGS)

serve: $(STAMP)
	$(VENV)/bin/fundguard schedule

clean:
	rm -rf var
