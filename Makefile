# dyadscope task file. `make demo` and `make test` work on a fresh machine (they create .venv).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
DYAD   := $(VENV)/bin/dyadscope
DEMO_DIR ?= demo-output
PYTEST_ARGS ?=

.PHONY: demo test test-fast lint fmt bench eval calibrate docs browser-deps clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip setuptools wheel

# Runtime dependencies only: proves they suffice for the demo.
$(VENV)/.runtime: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install -q -e .
	touch $@

$(VENV)/.dev: pyproject.toml $(VENV)/.runtime
	$(PIP) install -q -e '.[dev,spark]'
	touch $@

demo: $(VENV)/.runtime
	$(DYAD) demo --out $(DEMO_DIR)

# Debian's chromium for the real-browser tests (Playwright drives it; no browser download).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || ( \
	  echo "installing Debian chromium for the browser tests" && \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null )

test: $(VENV)/.dev browser-deps
	@$(PY) -m pytest -n 2 $(PYTEST_ARGS); rc=$$?; \
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
