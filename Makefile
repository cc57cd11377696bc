# Parley — the two set-up commands: `make run` and `make test`.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := python3.11
UV := python3 -m uv
PY := .venv/bin/python

.PHONY: run test install install-dev uv lint openapi widget bench

uv:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv

install: uv
	$(UV) sync --frozen --no-dev

install-dev: uv
	$(UV) sync --frozen

## Install, migrate the embedded SQLite database, create the demo site, serve API + demo blog.
run: install
	$(PY) -m app.serve --demo

## Install dev dependencies and run the whole suite (PostgreSQL too when PARLEY_TEST_POSTGRES_URL is set).
test: install-dev
	$(PY) -m app.openapi --check
	$(PY) -m pytest

lint: install-dev
	.venv/bin/ruff check app tests migrations
	.venv/bin/mypy app

openapi: install-dev
	$(PY) -m app.openapi

widget:
	cd widget && npm ci && npm run build

bench: install-dev
	$(PY) bench/run.py $(BENCH_ARGS)
