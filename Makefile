# dyadscope task file. `make demo` and `make test` work on a fresh machine (they create .venv).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
DYAD   := $(VENV)/bin/dyadscope
DEMO_DIR ?= demo-output
PYTEST_ARGS ?=

.PHONY: demo test test-fast lint fmt bench eval calibrate docs browser-deps pg-deps clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip setuptools wheel

# Runtime dependencies only: proves they suffice for the demo.
$(VENV)/.runtime: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install -q -e .
	touch $@

$(VENV)/.dev: pyproject.toml $(VENV)/.runtime
	$(PIP) install -q -e '.[dev,spark,postgres]'
	touch $@

demo: $(VENV)/.runtime
	$(DYAD) demo --out $(DEMO_DIR)

# Debian's chromium for the real-browser tests (Playwright drives it; no browser download).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || ( \
	  echo "installing Debian chromium for the browser tests" && \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null )

# Debian's PostgreSQL (as root; as browser-deps does for chromium): `make test` runs the store, ingest,
# assess and API suites on a throwaway cluster too (tests/pg_cluster.py: Unix socket only, removed after).
pg-deps:
	@command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ( \
	  echo "installing Debian postgresql for the PostgreSQL test runs" && \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null )

PG_DIR := $(shell mktemp -u -d /tmp/dyadscope-test-pg.XXXXXX)

test: $(VENV)/.dev browser-deps pg-deps
	@url=$$($(PY) tests/pg_cluster.py start $(PG_DIR)) || { $(PY) tests/pg_cluster.py stop $(PG_DIR); exit 1; }; \
	DYADSCOPE_TEST_PG_URL="$$url" $(PY) -m pytest -n 2 $(PYTEST_ARGS); rc=$$?; \
	$(PY) tests/pg_cluster.py stop $(PG_DIR); \
	if [ $$rc -eq 5 ]; then echo "error: no tests were collected" >&2; exit 1; fi; exit $$rc

test-fast: $(VENV)/.dev
	$(PY) -m pytest -n 2 -m "not browser and not slow and not spark" $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check dyadscope tests benchmarks
	$(VENV)/bin/mypy dyadscope

fmt: $(VENV)/.dev
	$(VENV)/bin/ruff format dyadscope tests benchmarks
	$(VENV)/bin/ruff check --fix dyadscope tests benchmarks

bench: $(VENV)/.dev
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

eval: $(VENV)/.dev
	$(PY) -m dyadscope.evaluation
	$(PY) -m dyadscope.evaluation.calibration

# Fit the scoring constants on ../shared/eval (leave-one-dyad-out) and write dyadscope/assess/calibrated.yaml.
calibrate: $(VENV)/.dev
	$(PY) -m dyadscope.evaluation.calibration --write

docs: $(VENV)/.dev
	$(PY) -m dyadscope.docgen docs/cli.md

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache build *.egg-info
