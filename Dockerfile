# Parley: the API server. Runs the same entry point as `make run` (python -m app.serve).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy

RUN pip install --no-cache-dir uv==0.13.9

WORKDIR /srv/parley
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY alembic.ini ./
COPY migrations ./migrations
COPY app ./app

RUN useradd --system --uid 10001 --home-dir /srv/parley parley \
    && mkdir -p /srv/parley/data \
    && chown parley /srv/parley/data

USER 10001
ENV PARLEY_ENV=prod \
    PARLEY_DATA_DIR=/srv/parley/data \
    PARLEY_DATABASE_URL=sqlite+aiosqlite:////srv/parley/data/parley.db
VOLUME ["/srv/parley/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD ["/srv/parley/.venv/bin/python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"]
# One worker per container: scale out with replicas (compose.yaml); a process per container
# keeps /metrics whole and SIGTERM draining simple.
CMD ["/srv/parley/.venv/bin/python", "-m", "app.serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "1"]
