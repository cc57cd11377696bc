"""The demo blog: static pages on their own site (http://localhost:8001), the widget from the API.

    python -m app.web.demo_server --port 8001 --api http://127.0.0.1:8000 [--site demo]

HTML pages are templates: ``{{api}}``, ``{{site}}`` and ``{{origin}}`` are filled in, so the same
pages work whatever the API's address. Every response carries a strict Content-Security-Policy:
no inline script or style, scripts only from this origin and the API, fetches only to the API.
"""

import argparse
import sys
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

DEMO_ROOT = Path(__file__).resolve().parent / "demo"


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"expected an http(s) URL, got {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(api: str) -> str:
    """The policy a careful blog would send: the widget must work under it unchanged."""
    api_origin = origin_of(api)
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {api_origin}",
            f"connect-src {api_origin}",
            "style-src 'self'",
            # Verified commenters' pictures come from their login provider (C4).
            f"img-src 'self' {api_origin} data: https:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class DemoServer(ThreadingHTTPServer):
    """Knows the values filled into the pages and the policy sent with them."""

    daemon_threads = True

    def __init__(
        self,
        bind: str,
        port: int,
        *,
        api: str,
        site: str,
        host: str,
        verbose: bool,
        extra_pages: Path | None = None,
    ) -> None:
        super().__init__((bind, port), DemoHandler)
        self.page_roots = [DEMO_ROOT] if extra_pages is None else [DEMO_ROOT, extra_pages]
        self.origin = f"http://{host}:{self.server_address[1]}"
        self.values = {"api": api.rstrip("/"), "site": site, "origin": self.origin}
        self.csp = content_security_policy(api)
        self.verbose = verbose


class DemoHandler(SimpleHTTPRequestHandler):
    """Static files from the demo folder; .html filled in from the template values."""

    server: DemoServer

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(DEMO_ROOT), **kwargs)

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.server.csp)
        self.send_header("Referrer-Policy", "strict-origin-when-cross-origin")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path.endswith("/"):
            path += "index.html"
        if not path.endswith(".html"):
            super().do_GET()
            return
        target = self.find_page(path)
        if target is None:
            self.send_error(HTTPStatus.NOT_FOUND, "No such page")
            return
        html = target.read_text(encoding="utf-8")
        for key, value in self.server.values.items():
            html = html.replace("{{" + key + "}}", value)
        body = html.encode()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def find_page(self, path: str) -> Path | None:
        for root in self.server.page_roots:
            target = (root / path.lstrip("/")).resolve()
            if root.resolve() in target.parents and target.is_file():
                return target
        return None

    def list_directory(self, path: Any) -> None:  # noqa: ARG002 - never list folders
        self.send_error(HTTPStatus.NOT_FOUND, "No such page")

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


def make_server(
    *,
    port: int,
    api: str,
    site: str = "demo",
    bind: str = "127.0.0.1",
    host: str = "localhost",
    verbose: bool = False,
    extra_pages: Path | None = None,
) -> DemoServer:
    """A server for the demo blog; `host` is the name readers use (its origin goes in the pages).

    `extra_pages` is a second folder of page templates (tests put per-test posts there).
    """
    return DemoServer(
        bind, port, api=api, site=site, host=host, verbose=verbose, extra_pages=extra_pages
    )


def serve_in_thread(server: DemoServer) -> threading.Thread:
    """Serve in a daemon thread (tests); stop with server.shutdown()."""
    thread = threading.Thread(target=server.serve_forever, name="demo-blog", daemon=True)
    thread.start()
    return thread


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--api", default="http://127.0.0.1:8000", help="the Parley API's base URL")
    parser.add_argument("--site", default="demo", help="the Parley site id of the blog")
    parser.add_argument("--bind", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--host", default="localhost", help="host name readers use")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    server = make_server(
        port=args.port,
        api=args.api,
        site=args.site,
        bind=args.bind,
        host=args.host,
        verbose=not args.quiet,
    )
    sys.stderr.write(f"Demo blog on {server.origin}/ (API {args.api})\n")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
