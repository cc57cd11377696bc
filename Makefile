# Parley — the two set-up commands: `make run` and `make test`.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := python3.11
UV := python3 -m uv
PY := .venv/bin/python

.PHONY: run test test-tools install install-dev uv lint openapi clients widget bench

# Debian's own Python refuses pip installs (PEP 668 "externally managed", even with --user): then uv
# goes to the user's site-packages (~/.local), which `python3 -m uv` finds; the system is untouched.
uv:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv 2>/dev/null || \
	  python3 -m pip install --quiet --user --break-system-packages uv || \
	  { echo "make: cannot install uv: install python3-pip (apt-get install -y python3-pip) or uv itself" >&2; exit 1; }

install: uv
	$(UV) sync --frozen --no-dev

install-dev: uv
	$(UV) sync --frozen

## Install, migrate the embedded SQLite database, create the demo site, serve API + demo blog.
run: install
	$(PY) -m app.serve --demo

## Set up (Chromium and Node through .ci/test-tools, then dev dependencies), lint, type-check, check the
## OpenAPI file for drift, run the whole suite (PostgreSQL and Redis too whenever they answer on the
## README's URLs, or on PARLEY_TEST_POSTGRES_URL / PARLEY_TEST_REDIS_URL; the report says which ran).
## Any failing step fails the target; pytest's exit code 5 (no tests collected) is a failure too.
## The suite runs on every core (pytest-xdist: `-n auto`, PYTEST_XDIST_AUTO_NUM_WORKERS overrides the
## count); tests marked xdist_group share one worker; the 25 slowest are listed at the end.
test: test-tools install-dev lint
	$(PY) -m app.openapi --check
	$(PY) -m pytest -n auto --dist loadgroup --durations=25

## Install Chromium / Node when possible (as root, with apt-get), or stop with one line saying what is missing.
test-tools:
	@.ci/test-tools

LINT_PATHS := app tests migrations bench

## ruff (lint and format) over all Python code; mypy: app strict, tests with the relaxed test profile.
lint: install-dev
	.venv/bin/ruff check $(LINT_PATHS)
	.venv/bin/ruff format --check $(LINT_PATHS)
	.venv/bin/mypy app tests

openapi: install-dev
	$(PY) -m app.openapi

## Regenerate the committed API clients (clients/python, clients/typescript) from openapi/openapi.json.
clients: install-dev
	$(PY) clients/generate.py

widget:
	cd widget && npm ci && npm run build

## The benchmark needs wrk (a Debian package): installed here when missing and apt-get can.
bench: install-dev
	@command -v wrk >/dev/null || apt-get install -y wrk >/dev/null 2>&1 || \
	  { echo "make bench: wrk is missing (apt-get install -y wrk)" >&2; exit 1; }
	$(PY) bench/run.py $(BENCH_ARGS)
