"""URL canonicalisation and the fetch policy."""

from __future__ import annotations

import pytest

from monitor.errors import UnsafeURLError
from monitor.urls import URLPolicy, canonicalize, same_site


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://Example.com/a?utm_source=rss&utm_medium=feed#comments", "https://example.com/a"),
        ("https://example.com/a?b=2&a=1&fbclid=XYZ&gclid=1", "https://example.com/a?a=1&b=2"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443", "https://example.com/"),
        (
            "https://example.com/ar/%D8%B3%D9%88%D8%B1%D8%A7",
            "https://example.com/ar/%D8%B3%D9%88%D8%B1%D8%A7",
        ),
        ("https://example.com/ar/سورا", "https://example.com/ar/%D8%B3%D9%88%D8%B1%D8%A7"),
        ("https://example.com/a?id=7&UTM_Campaign=x", "https://example.com/a?id=7"),
    ],
)
def test_canonical_form_drops_tracking_and_fragments(url: str, expected: str) -> None:
    assert canonicalize(url) == expected


@pytest.mark.parametrize(
    ("url", "other", "same"),
    [
        ("https://www.bbc.co.uk/a", "https://m.bbc.co.uk/b", True),
        ("https://www.bbc.co.uk/a", "https://evil.co.uk/a", False),  # co.uk is a suffix
        ("https://victim.github.io/a", "https://evil.github.io/a", False),  # a private suffix
        ("http://127.0.0.1:8000/a", "http://127.0.0.1:9000/b", True),  # ports do not matter
        ("http://127.0.0.1:8000/a", "http://localhost:8000/a", False),
    ],
)
def test_same_site_compares_registrable_domains(url: str, other: str, same: bool) -> None:
    assert same_site(url, other) is same


def fake_dns(table: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    return lambda host: table.get(host, [])


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "scheme"),
        ("ftp://127.0.0.1/x", "scheme"),
        ("data:text/html,<h1>x</h1>", "scheme"),
        ("javascript:alert(1)", "scheme"),
        ("http:///nohost", "no-host"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://[fd00:ec2::254]/", "link-local"),
        ("http://[::ffff:169.254.169.254]/", "link-local"),
        ("http://10.1.2.3/", "private-address"),
        ("http://192.168.0.10/", "private-address"),
        ("http://[::1]/", "private-address"),
        ("http://0.0.0.0/", "private-address"),
        ("http://metadata.internal/", "link-local"),  # a name that resolves to the metadata address
        ("http://intranet.example/", "private-address"),
    ],
)
def test_policy_refuses(url: str, reason: str) -> None:
    policy = URLPolicy(
        private_hosts=("127.0.0.1",),
        resolver=fake_dns(
            {"metadata.internal": ["169.254.169.254"], "intranet.example": ["10.0.0.8"]}
        ),
    )
    with pytest.raises(UnsafeURLError) as info:
        policy.check(url)
    assert info.value.reason == reason


def test_link_local_is_refused_even_when_listed() -> None:
    policy = URLPolicy(private_hosts=("169.254.0.0/16", "169.254.169.254"))
    with pytest.raises(UnsafeURLError, match="link-local"):
        policy.check("http://169.254.169.254/")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/feed",
        "http://10.0.0.5/x",
        "http://intranet.example/",
        "https://news.example/",
    ],
)
def test_policy_allows_public_and_listed_hosts(url: str) -> None:
    policy = URLPolicy(
        private_hosts=("127.0.0.1", "10.0.0.0/24", "intranet.example"),
        resolver=fake_dns({"intranet.example": ["10.9.9.9"], "news.example": ["93.184.215.14"]}),
    )
    policy.check(url)


def test_a_name_with_one_private_address_among_public_ones_is_refused() -> None:
    policy = URLPolicy(resolver=fake_dns({"mixed.example": ["93.184.215.14", "127.0.0.1"]}))
    with pytest.raises(UnsafeURLError, match="private-address"):
        policy.check("http://mixed.example/")
