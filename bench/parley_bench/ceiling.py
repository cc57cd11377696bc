"""The ceiling: a bare ASGI function (no framework) answering each case with Parley's own
response bytes (so the same size), under uvicorn with 2 workers."""

from __future__ import annotations

import shutil

from .common import ROOT, WORK
from .procs import free_port
from .servers import Launch, Server, launch

APP = '''
"""A bare ASGI app answering every path with a fixed body (files written by the benchmark)."""
import os
from pathlib import Path

BODIES = {"/" + p.stem: p.read_bytes() for p in Path(os.environ["CEILING_DIR"]).glob("*.json")}


async def app(scope, receive, send):
    assert scope["type"] == "http"
    more = True
    while more:
        more = (await receive()).get("more_body", False)
    body = BODIES.get(scope["path"], b"{}")
    status = 201 if scope["method"] == "POST" and scope["path"] == "/post" else 200
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
'''


def start_ceiling(bodies: dict[str, bytes]) -> Server:
    directory = WORK / "ceiling"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    for name, body in bodies.items():
        (directory / f"{name}.json").write_bytes(body)
    (WORK / "ceiling_app.py").write_text(APP)
    port = free_port()
    argv = [str(ROOT / ".venv" / "bin" / "uvicorn"), "ceiling_app:app", "--app-dir", str(WORK)]
    argv += ["--workers", "2", "--host", "127.0.0.1", "--port", str(port)]
    argv += ["--no-access-log", "--lifespan", "off"]
    spec = Launch("ceiling", argv, {"CEILING_DIR": str(directory)}, WORK, "/")
    proc = launch(spec)
    info = {"command": " ".join(argv[1:]), "label": "Ceiling"}
    return Server("ceiling", "ceiling", f"http://127.0.0.1:{port}", proc, spec, info)
