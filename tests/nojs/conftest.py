"""Pages that include the thread through a real nginx (`ssi on`), in front of a real API process:
the setting of the no-JavaScript browser tests."""

import os
import signal
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.live import free_port, live_server
from tests.waiting import wait_until

NGINX = Path("/usr/sbin/nginx")
ADMIN_TOKEN = "nojs-test-admin-token-0123456789"
SITE = "nojs"

NGINX_CONF = """
{user}
daemon on;
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    types {{ text/html html; text/css css; }}
    server {{
        listen 127.0.0.1:{port};
        root {pages};
        ssi on;
        location /parley/ {{
            proxy_pass {api}/;
            # SSI inserts the answer as is: ask Parley for plain bytes, not gzip.
            proxy_set_header Accept-Encoding "";
        }}
    }}
}}
"""

# The recipe of docs/no-javascript.md: the page passes its own URL and query string on.
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
{head}
</head>
<body>
<main>
<article><h1>{title}</h1><p>A post whose comments are in the page.</p></article>
<div id="parley-thread"><!--# include virtual="/parley/api/v1/sites/{site}/thread.html?url=$scheme://$http_host$uri&$args" --></div>
</main>
</body>
</html>
"""


@dataclass
class Blog:
    """The blog behind nginx (http://localhost:<port>) and the API (http://127.0.0.1:<port>)."""

    origin: str
    api: str
    pages: Path
    http: httpx.Client

    def admin(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        return self.http.request(method, f"{self.api}{path}", headers=headers, **kwargs)

    def page(self, slug: str, *, title: str = "A quiet post", head: str = "") -> str:
        """Write a post page that includes its thread; its URL."""
        (self.pages / "post").mkdir(exist_ok=True)
        html = PAGE.format(title=title, head=head, site=SITE)
        (self.pages / "post" / f"{slug}.html").write_text(html)
        return f"{self.origin}/post/{slug}.html"

    def post_comment(self, url: str, body: str, **fields: Any) -> dict[str, Any]:
        response = self.http.post(
            f"{self.api}/api/v1/sites/{SITE}/comments",
            json={
                "url": url,
                "title": "A quiet post",
                "body": body,
                "author_name": "Ada",
                "author_email": "ada@example.org",
                **fields,
            },
            headers={"Origin": self.origin},
        )
        assert response.status_code == 201, response.text
        data: dict[str, Any] = response.json()
        return data

    def site_settings(self, **changes: Any) -> Callable[[], object]:
        before = self.admin("GET", f"/api/v1/admin/sites/{SITE}").json()
        response = self.admin("PATCH", f"/api/v1/admin/sites/{SITE}", json=changes)
        assert response.status_code == 200, response.text
        restore = {key: before[key] for key in changes}
        return lambda: self.admin("PATCH", f"/api/v1/admin/sites/{SITE}", json=restore)


def _start_nginx(run: Path, pages: Path, port: int, api: str) -> None:
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run / temp).mkdir(exist_ok=True)
    conf = run / "nginx.conf"
    # Run as root (as in this sandbox), nginx's workers would drop to `nobody`, who cannot read
    # pytest's private temporary folders.
    user = "user root;" if os.geteuid() == 0 else ""
    conf.write_text(NGINX_CONF.format(user=user, run=run, pages=pages, port=port, api=api))
    subprocess.run([str(NGINX), "-c", str(conf), "-p", str(run)], check=True, timeout=20)
    try:
        wait_until(
            lambda: httpx.get(f"http://127.0.0.1:{port}/", timeout=1),
            "nginx to answer",
            within=30,
            ignore=(httpx.TransportError,),
        )
    except AssertionError as exc:
        raise RuntimeError((run / "error.log").read_text()) from exc


def _stop_nginx(run: Path) -> None:
    pid_file = run / "nginx.pid"
    if pid_file.exists():
        os.kill(int(pid_file.read_text().strip()), signal.SIGQUIT)


@pytest.fixture(scope="session")
def blog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Blog]:
    if not NGINX.exists():
        pytest.skip("/usr/sbin/nginx is absent (Debian nginx-light)")
    nginx_port, api_port = free_port(), free_port()
    origin = f"http://localhost:{nginx_port}"
    data = tmp_path_factory.mktemp("nojs-api")
    run = tmp_path_factory.mktemp("nojs-nginx")
    pages = tmp_path_factory.mktemp("nojs-pages")
    env = {
        "PARLEY_ADMIN_TOKEN": ADMIN_TOKEN,
        "PARLEY_SECRET_KEY": "nojs-test-secret-key-not-for-production",
        "PARLEY_BASE_URL": f"http://127.0.0.1:{api_port}",
    }
    database_url = f"sqlite+aiosqlite:///{data}/parley.db"
    with live_server(database_url, data, port=api_port, env=env) as api, httpx.Client() as http:
        _start_nginx(run, pages, nginx_port, api)
        try:
            blog = Blog(origin=origin, api=api, pages=pages, http=http)
            created = blog.admin(
                "POST",
                "/api/v1/admin/sites",
                json={"id": SITE, "name": "Quiet", "origins": [origin], "max_depth": 3},
            )
            assert created.status_code == 201, created.text
            yield blog
        finally:
            _stop_nginx(run)
