# The single entry point: `make run`, `make test`, `make lint`. Everything installs itself.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CPI := $(BIN)/cpi
PORT ?= 8000

export CPI_DATA_DIR ?= $(CURDIR)/data
export STATIC_ROOT ?= $(CURDIR)/staticfiles

# Type-checked: the whole package (mypy follows its settings in pyproject.toml).
TYPED := src/connecting_people src/connecting_people_demo

PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
CSS := src/connecting_people/static/dist/css/app.css
STATIC_STAMP := $(STATIC_ROOT)/.collected
OWN_STATIC := $(shell find src/connecting_people -path '*/static/*' -type f -not -path '*/static/dist/*' 2>/dev/null)
TEMPLATES := $(shell find src/connecting_people -name '*.html' -path '*/templates/*' 2>/dev/null)

# Tests never read the real data folder or need real secrets; HTTPS is off because the test
# client and the browser harness talk plain HTTP on this machine. Mail stays in memory: with
# DATABASE_URL set (the PostgreSQL run) settings refuse a console backend, as in production.
TEST_ENV := SECRET_KEY=insecure-key-for-tests-only EMAIL_URL=memorymail:// HTTPS=false \
	ALLOWED_HOSTS=127.0.0.1,localhost,testserver CPI_DATA_DIR=$(CURDIR)/.test-data CPI_DEMO=true

.PHONY: help install run test lint format lock clean bench faults eval-suggestions screenshots

help:
	@echo "make run    install what is needed, set up the database and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   install what is needed and run the whole test suite"
	@echo "make lint   ruff, djhtml, mypy, the migrations check and pip-audit"

install: $(PY_STAMP) $(CSS)

$(PY_STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(NODE_STAMP): package-lock.json package.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(CSS): $(NODE_STAMP) assets/build.mjs $(wildcard assets/scss/*.scss)
	npm run --silent build

$(STATIC_STAMP): $(PY_STAMP) $(CSS) $(OWN_STATIC)
	$(CPI) collectstatic --noinput --clear -v0
	touch $@

run: install $(STATIC_STAMP)
	$(CPI) migrate --noinput -v0
	CPI_DEMO=true $(CPI) demo --if-empty
	@echo
	@echo "Connecting People is starting at http://127.0.0.1:$(PORT)/ (press Ctrl+C to stop)."
	@echo "Emails (such as password-reset links) are not sent: each is a file in $(CPI_DATA_DIR)/mail/."
	CPI_DEMO=true $(CPI) serve --port $(PORT)

PYTEST_ARGS ?= -n 2

test: install $(STATIC_STAMP)
	@$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: that counts as a failure."; exit 1; fi; \
	exit $$status

# Times the pages on a throwaway database at scale (see bench/README.md); never the data folder.
bench: install $(STATIC_STAMP)
	SECRET_KEY=insecure-key-for-benchmarks-only EMAIL_URL=memorymail:// HTTPS=false CPI_DEMO=true \
		ALLOWED_HOSTS=127.0.0.1,localhost,testserver $(BIN)/python -m bench.run $(BENCH_ARGS)

# Breaks things on purpose while the real server is under load, each on a throwaway database
# (bench/README.md, "Fault tests"): kills server workers during 500 saves, edits one goal and one
# step 1,000 times from two browsers at once, restarts a PostgreSQL cluster of its own. Never the
# data folder; only 127.0.0.1. With DATABASE_URL set, the first two use a new database there.
faults: install $(STATIC_STAMP)
	$(BIN)/python -m bench.faults.kill_worker
	$(BIN)/python -m bench.faults.concurrent_edits
	$(BIN)/python -m bench.faults.restart_database

# Retakes every README screenshot at 1280 and 360 px from a fresh demo on a throwaway database
# (bin/screenshots, docs/take_screenshots.py), into docs/screenshots/.
screenshots: install $(STATIC_STAMP)
	bin/screenshots

# Scores the suggestions ranking on the tuning (eval/personas.json) and held-out
# (eval/held_out.json) personas against the demo directory, on a throwaway database; writes
# eval/results/latest.md and latest.json, with the held-out aims passed or failed.
eval-suggestions: install
	SECRET_KEY=insecure-key-for-benchmarks-only EMAIL_URL=memorymail:// HTTPS=false CPI_DEMO=true \
		ALLOWED_HOSTS=127.0.0.1,localhost,testserver \
		$(BIN)/python -m connecting_people.suggestions.evaluation $(EVAL_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@echo "djhtml --check (templates)"; set -o pipefail; $(BIN)/djhtml --check $(TEMPLATES) 2>&1 | tail -2
	$(TEST_ENV) $(BIN)/mypy $(TYPED)
	$(TEST_ENV) $(CPI) makemigrations --check --dry-run
	@echo "pip-audit (requirements.lock)"; $(BIN)/python bin/audit-deps

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml $(TEMPLATES)

# Regenerate requirements.lock after changing dependencies in pyproject.toml.
# `make lock LOCK_ARGS=--upgrade` also moves every pin to the newest version allowed.
lock: $(PY_STAMP)
	$(BIN)/pip-compile $(LOCK_ARGS) --quiet --generate-hashes --allow-unsafe --extra dev --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) node_modules src/connecting_people/static/dist staticfiles .test-data
