"""A local stand-in for Akismet's comment-check API, as documented at
https://akismet.com/developers/comment-check/ : form-encoded POST to /1.1/comment-check on the
key's host (here the key is a path segment), `true` / `false`, or `invalid` with a debug header."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

VALID_KEY = "stubkey12345"
REQUIRED = ("api_key", "blog", "user_ip")


@dataclass
class Stub:
    endpoint: str
    requests: list[dict[str, str]] = field(default_factory=list)
    broken: bool = False
    delay_seconds: float = 0.0  # a slow Akismet: each answer waits this long
    received: threading.Event = field(default_factory=threading.Event)  # a request came in


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self, status: int, body: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body.encode())

    def do_POST(self) -> None:
        stub = self.server.stub
        length = int(self.headers.get("Content-Length", "0"))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        stub.requests.append({"path": self.path, **form})
        stub.received.set()
        time.sleep(stub.delay_seconds)
        if stub.broken:
            self._answer(500, "oops")
        elif not self.path.endswith("/1.1/comment-check") or form.get("api_key") != VALID_KEY:
            self._answer(200, "invalid", **{"X-akismet-debug-help": "Invalid API key"})
        elif any(not form.get(name) for name in REQUIRED):
            self._answer(200, "Missing required field", **{"X-akismet-debug-help": "missing"})
        elif form.get("comment_author") == "viagra-test-123":  # Akismet's documented test name
            self._answer(200, "true", **{"X-akismet-pro-tip": "discard"})
        else:
            self._answer(200, "false")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    stub: Stub


@contextmanager
def akismet_stub() -> Iterator[Stub]:
    server = _Server(("127.0.0.1", 0), _Handler)
    port = server.server_address[1]
    server.stub = Stub(endpoint=f"http://127.0.0.1:{port}/{{key}}/1.1/comment-check")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.stub
    finally:
        server.shutdown()
        server.server_close()
