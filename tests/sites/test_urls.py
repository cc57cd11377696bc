"""Post-URL normalization: examples from the contract, and properties over generated URLs."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.sites.urls import InvalidURL, normalize_origin, normalize_post_url, origin_of


@pytest.mark.parametrize(
    ("given_url", "expected"),
    [
        ("HTTPS://Example.COM/Post", "https://example.com/Post"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/a/#comments", "https://example.com/a"),
        (
            "https://example.com/a?utm_source=x&utm_medium=y&fbclid=1&gclid=2",
            "https://example.com/a",
        ),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a/", "https://example.com/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/", "https://example.com/"),
    ],
)
def test_examples(given_url, expected):
    assert normalize_post_url(given_url) == expected


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "example.com/a",
        "ftp://example.com/a",
        "javascript:alert(1)",
        "https:///nohost",
        "https://exa mple.com/",
        "https://example.com:99999/",
        "https://" + "a" * 3000,
    ],
)
def test_invalid_urls_raise(bad):
    with pytest.raises(InvalidURL):
        normalize_post_url(bad)


def test_origin_helpers():
    assert origin_of("https://Blog.example:443/x?y") == "https://blog.example"
    assert normalize_origin("http://localhost:8001/") == "http://localhost:8001"
    with pytest.raises(InvalidURL):
        normalize_origin("https://blog.example/path")


segments = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.~", min_size=1, max_size=8)
params = st.lists(st.tuples(st.sampled_from(["a", "b", "page", "id", "q"]), segments), max_size=4)
urls = st.builds(
    lambda scheme, host, port, path, query, frag: (
        f"{scheme}://{host}{port}/{'/'.join(path)}{'?' + '&'.join(f'{k}={v}' for k, v in query) if query else ''}"
        f"{'#' + frag if frag else ''}"
    ),
    st.sampled_from(["http", "https", "HTTPS"]),
    st.sampled_from(["example.com", "Blog.Example.org", "localhost", "127.0.0.1"]),
    st.sampled_from(["", ":8080", ":443", ":80"]),
    st.lists(segments, max_size=4),
    params,
    st.one_of(st.just(""), segments),
)


@given(urls)
def test_normalization_is_idempotent(url):
    once = normalize_post_url(url)
    assert normalize_post_url(once) == once


@given(
    urls,
    st.lists(
        st.tuples(st.sampled_from(["utm_source", "utm_campaign", "fbclid", "gclid"]), segments),
        max_size=3,
    ),
    segments,
)
def test_equivalent_spellings_map_to_one_thread(url, tracking, fragment):
    base = url.split("#", 1)[0]
    joiner = "&" if "?" in base else "?"
    noisy = base + (joiner + "&".join(f"{k}={v}" for k, v in tracking) if tracking else "")
    noisy += f"#{fragment}"
    assert normalize_post_url(noisy) == normalize_post_url(url)
    path_end = base.split("?", 1)
    with_slash = (
        path_end[0]
        + ("" if path_end[0].endswith("/") else "/")
        + ("?" + path_end[1] if len(path_end) > 1 else "")
    )
    assert normalize_post_url(with_slash) == normalize_post_url(url)


@given(urls)
def test_query_order_does_not_matter(url):
    base, _, query = url.split("#", 1)[0].partition("?")
    if query:
        reordered = base + "?" + "&".join(reversed(query.split("&")))
        assert normalize_post_url(reordered) == normalize_post_url(url)
