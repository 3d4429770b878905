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
EVAL_ARGS ?= --generate-args "--persons 10000 --days 180"
DEMO_DATE ?= $(shell cat data_samples/city/RUN_DATE 2>/dev/null || echo 2026-03-31)

.PHONY: venv demo test lint bench bench-night bench-anomaly-year eval serve sample clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check uv==0.13.8 2>/dev/null
	$(VENV)/bin/uv pip install -q --python $(PY) -r requirements.lock
	$(VENV)/bin/uv pip install -q --python $(PY) --no-deps -e .
	@# PYTHONDONTWRITEBYTECODE is set on these machines: without byte-compiled site-packages every
	@# process re-compiles great_expectations (12-17 s instead of 3 s).
	-$(PY) -m compileall -q -j 0 $(VENV)/lib > /dev/null 2>&1
	touch $(STAMP)

venv: $(STAMP)

$(SAMPLE)/MANIFEST.json: | $(STAMP)
	$(VENV)/bin/fundguard generate --sample --out $(SAMPLE)

sample: $(SAMPLE)/MANIFEST.json

demo: $(STAMP) $(SAMPLE)/MANIFEST.json
	$(VENV)/bin/fundguard run nightly --date $(DEMO_DATE) --inbox $(SAMPLE)

# Two workers (one per core); tests sharing expensive session fixtures carry an xdist_group mark.
TEST_ARGS ?= -n 2 --dist loadgroup

test: $(STAMP)
	$(VENV)/bin/pytest -q $(TEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check src pipelines tests
	$(VENV)/bin/fundguard rules validate

bench: $(STAMP)
	$(PY) bench/run_bench.py $(BENCH_ARGS)

# One incremental night at full scale on the city of `make bench BENCH_ARGS="--days 45"`.
bench-night: $(STAMP)
	$(PY) bench/bench_night.py $(BENCH_NIGHT_ARGS)

# The anomaly stage on a city-year (360 days built from the 45-day city of `make bench`), under the
# shared measurement lock: annual span scoring and one nightly month (bench/README.md).
bench-anomaly-year: $(STAMP)
	flock /tmp/fg-measure.lock $(PY) bench/bench_anomaly_year.py $(BENCH_YEAR_ARGS)

eval: $(STAMP)
	$(PY) bench/run_eval.py $(EVAL_ARGS)

serve: $(STAMP)
	$(VENV)/bin/fundguard schedule

clean:
	rm -rf var
