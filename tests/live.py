"""Real servers on loopback for the tests that need them (the one harness: no test starts its own).

- `live_server` runs the Parley API through the same entry point as `make run` and the Dockerfile
  (`python -m app.serve`: migrate, then uvicorn), in a process of its own with a clean environment;
  `live_servers` starts several at the same moment on one database (scale-out tests).
- `serve_app` serves an app object the test already holds (the `app` fixture) from the test's own
  event loop, for streams that httpx's ASGI transport would buffer and for tests that need to
  reach into the app's state.
- `demo_blog` serves the demo blog (another site: http://localhost:<port>) from a thread.

    port = free_port()
    with demo_blog(f"http://127.0.0.1:{port}", site="demo") as blog, live_server(
        database_url, data_dir, port=port, env=settings, PARLEY_ADMIN_TOKEN=TOKEN
    ) as api:
        httpx.get(f"{api}/readyz")
"""

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI

from app.web.demo_server import DemoServer, make_server, serve_in_thread
from tests.waiting import until, wait_until

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_SECONDS = 300  # generous: a loaded 2-core machine took 75 s to start 2 workers


def free_port() -> int:
    """A loopback port that was free a moment ago (for servers whose URL must be known early)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_environment(database_url: str, data_dir: Path, env: Mapping[str, str]) -> dict[str, str]:
    """The process environment without the caller's PARLEY_* settings, plus the test's own."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    return {
        **inherited,
        "PARLEY_ENV": "test",
        "PARLEY_DATABASE_URL": database_url,
        "PARLEY_DATA_DIR": str(data_dir),
        "PARLEY_WRITE_RATE_LIMIT": "100000/second",
        "PARLEY_READ_RATE_LIMIT": "100000/second",
        **env,
    }


@dataclass
class ServerProcess:
    """One running `python -m app.serve`."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextmanager
def live_server(
    database_url: str,
    data_dir: Path,
    *,
    port: int | None = None,
    workers: int = 1,
    env: Mapping[str, str] | None = None,
    **variables: str,
) -> Iterator[str]:
    """Run `python -m app.serve` on 127.0.0.1 (a free port unless given); yield its base URL once
    /readyz answers. `env` and keyword `variables` (PARLEY_*=...) add or override settings;
    the log is data_dir/server.log."""
    server = _start(
        database_url, data_dir, port=port, workers=workers, env={**(env or {}), **variables}
    )
    try:
        _wait_ready(server.url, server.process, server.log_path)
        yield server.url
    finally:
        _stop(server.process)


def _start(
    database_url: str,
    data_dir: Path,
    *,
    port: int | None = None,
    workers: int = 1,
    env: Mapping[str, str],
) -> ServerProcess:
    """Start `python -m app.serve`, logging to data_dir/server.log; do not wait for it."""
    port = free_port() if port is None else port
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir / "server.log"
    command = [sys.executable, "-m", "app.serve", "--host", "127.0.0.1", "--port", str(port)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*command, "--workers", str(workers)],
            cwd=ROOT,
            env=server_environment(database_url, data_dir, env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return ServerProcess(f"http://127.0.0.1:{port}", process, log_path)


def _wait_ready(base_url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:

    def ready() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited early:\n{log_path.read_text()[-4000:]}")
        return httpx.get(f"{base_url}/readyz", timeout=1).status_code == 200

    what = f"{base_url}/readyz to answer 200"
    try:
        wait_until(
            ready, what, within=START_TIMEOUT_SECONDS, interval=0.1, ignore=(httpx.TransportError,)
        )
    except AssertionError as exc:
        raise RuntimeError(f"{exc}:\n{log_path.read_text()[-4000:]}") from exc


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def demo_blog(api_url: str, *, site: str, extra_pages: Path | None = None) -> Iterator[DemoServer]:
    """The demo blog's pages for `site`, pointing at the API at `api_url`; `server.origin` is
    its address (localhost, so another site than the API on 127.0.0.1)."""
    server = make_server(port=0, api=api_url, site=site, extra_pages=extra_pages)
    serve_in_thread(server)
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def live_servers(
    database_url: str, data_dirs: Sequence[Path], *, env: Mapping[str, str] | None = None
) -> Iterator[list[ServerProcess]]:
    """Start one `python -m app.serve` per data dir at the same moment, all on one database
    (on an empty one they race to migrate); yield them once every one is ready."""
    servers: list[ServerProcess] = []
    try:
        for data_dir in data_dirs:
            servers.append(_start(database_url, data_dir, env=env or {}))
        for server in servers:
            _wait_ready(server.url, server.process, server.log_path)
        yield servers
    finally:
        for server in servers:
            _stop(server.process)


@asynccontextmanager
async def serve_app(app: FastAPI) -> AsyncIterator[str]:
    """Serve `app` with uvicorn on a free loopback port from the running event loop; yield its
    base URL. The app's lifespan is the caller's (the `app` fixture has already run it)."""
    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        lifespan="off",
        log_level="warning",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    task = asyncio.get_running_loop().create_task(server.serve())
    try:

        def started() -> bool:
            if task.done():
                task.result()
                raise RuntimeError("uvicorn stopped before it started serving")
            return bool(server.started)

        await until(started, "uvicorn to start serving", within=60, interval=0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
