"""The demo blog server: templated pages, a strict CSP on every response, nothing else served."""

from collections.abc import Iterator

import httpx
import pytest

from app.web.demo_server import DemoServer, content_security_policy, make_server, serve_in_thread

API = "http://127.0.0.1:8123"


@pytest.fixture(scope="module")
def blog() -> Iterator[DemoServer]:
    server = make_server(port=0, api=API, site="myblog")
    serve_in_thread(server)
    yield server
    server.shutdown()
    server.server_close()


def get(server: DemoServer, path: str) -> httpx.Response:
    port = server.server_address[1]
    return httpx.get(f"http://127.0.0.1:{port}{path}")


class TestDemoServer:
    def test_post_is_filled_in_and_under_csp(self, blog):
        response = get(blog, "/post/hello-world.html")
        assert response.status_code == 200
        html = response.text
        assert f'<link rel="canonical" href="{blog.origin}/post/hello-world.html">' in html
        assert f'<script src="{API}/embed.js" data-parley-site="myblog" async></script>' in html
        assert '<meta property="og:title"' in html
        assert "{{" not in html
        assert "<style" not in html
        assert response.headers["content-security-policy"] == content_security_policy(API)

    def test_policy_is_strict(self):
        policy = content_security_policy(API + "/")
        assert f"script-src 'self' {API};" in policy
        assert f"connect-src {API};" in policy
        assert "style-src 'self';" in policy
        assert f"img-src 'self' {API} data: https:" in policy
        assert "unsafe" not in policy

    def test_index_lists_posts_with_counters(self, blog):
        html = get(blog, "/").text
        assert 'data-parley-count="/post/hello-world.html"' in html
        assert 'data-parley-count="/post/comments-without-cookies.html"' in html

    def test_assets_carry_the_policy_too(self, blog):
        response = get(blog, "/assets/blog.css")
        assert response.status_code == 200
        assert "content-security-policy" in response.headers

    @pytest.mark.parametrize(
        "path", ["/nope.html", "/assets/", "/../pyproject.toml", "/%2e%2e/app/main.py"]
    )
    def test_nothing_else_is_served(self, blog, path):
        assert get(blog, path).status_code == 404
