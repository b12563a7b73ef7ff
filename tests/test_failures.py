"""Each hostile answer is recorded with its own cause: a compression bomb, a redirect loop, an
oversized body (with and without a length), a redirect to `file://`, an HTML page or an empty
body polled as a feed. Through the real crawl against a loopback server that answers so."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from monitor.config import load_config
from scheduler.daemon import ChildRunner
from storage.engine import Database
from storage.models import Article, Run, Source
from tests.conftest import loopback_crawl
from tests.hostile_server import Answer, HostileWeb

MAX_BYTES = 200_000
RSS = "application/rss+xml"


@pytest.fixture
def web() -> Iterator[HostileWeb]:
    with HostileWeb() as server:
        yield server


def test_hostile_answers_get_their_own_causes(web: HostileWeb, tmp_path: Path) -> None:
    bomb = gzip.compress(b"\0" * (40 * MAX_BYTES), 9)
    assert len(bomb) < MAX_BYTES // 10  # small on the wire, 40 times the limit unpacked
    answers = {
        "Bomb": (
            Answer(200, bomb, {"Content-Type": RSS, "Content-Encoding": "gzip"}),
            "feed_decompression_bomb",
            "once decompressed (a compression bomb?)",
        ),
        "Loop": (
            Answer(302, b"", {"Location": "/loop"}),
            "feed_redirect_loop",
            "too many redirects (a redirect loop)",
        ),
        "Huge": (
            Answer(200, b"<rss>" + b" " * (2 * MAX_BYTES), {"Content-Type": RSS}),
            "feed_too_large",
            "larger than max_page_bytes",
        ),
        "Stream": (
            Answer(200, b"<rss>" + b" " * (2 * MAX_BYTES), {"Content-Type": RSS}, length=False),
            "feed_too_large",
            "larger than max_page_bytes",
        ),
        "File": (
            Answer(302, b"", {"Location": "file:///etc/passwd"}),
            "feed_refused",
            "redirects to a refused URL: refused 'file:///etc/passwd'",
        ),
        "Page": (
            Answer(200, b"<!doctype html><html><body><p>Our home page.</p></body></html>",
                   {"Content-Type": "text/html; charset=utf-8"}),
            "feed_html",
            "not a feed: an HTML page (text/html), not RSS or Atom",
        ),
        "Empty": (Answer(200, b"", {"Content-Type": RSS}), "feed_empty",
                  "not a feed: the body is empty"),
    }  # fmt: skip
    sources = ""
    for name, (answer, _, _) in answers.items():
        path = "/loop" if name == "Loop" else f"/{name.lower()}.rss"
        url = web.add(path, answer)
        sources += f'\n[[sources]]\nname = "{name}"\nkind = "feed"\nurl = "{url}"\n'
    sources += f'\n[[sources]]\nname = "Healthy"\nkind = "feed"\nurl = "{web.url}/ok.rss"\n'
    web.add("/ok.rss", Answer(200, b'<?xml version="1.0"?><rss version="2.0"><channel>'
                              b"<title>Quiet</title></channel></rss>", {"Content-Type": RSS}))
    # Article pages that answer so: their feed's summary is kept, with the page's own cause,
    # and a failed (not "disallowed") fetch, so a later listing tries the page again.
    web.add("/bomb.html", Answer(200, bomb, {"Content-Type": "text/html",
                                             "Content-Encoding": "gzip"}))
    web.add("/loop.html", Answer(302, b"", {"Location": "/loop.html"}))
    items = "".join(
        f"<item><title>Sora {name} story</title><link>{web.url}/{name}.html</link>"
        f"<description>Our own summary of the Sora {name} story.</description></item>"
        for name in ("bomb", "loop")
    )
    web.add("/articles.rss", Answer(200, (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}'
        "</channel></rss>"
    ).encode(), {"Content-Type": RSS}))
    sources += f'\n[[sources]]\nname = "Wire"\nkind = "feed"\nurl = "{web.url}/articles.rss"\n'
    config = tmp_path / "c.toml"
    config.write_text(loopback_crawl(f"max_page_bytes = {MAX_BYTES}") + sources, encoding="utf-8")
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    result = ChildRunner().run(load_config(config), db_url, ("feed",))
    assert result.exit_code == 0, result.message
    database = Database.open(db_url)
    try:
        with database.session() as session:
            health = {
                s.name: (s.last_error, s.consecutive_failures)
                for s in session.scalars(select(Source))
            }
            counters = session.scalars(select(Run.counters)).one() or {}
            pages = {
                a.canonical_url.removeprefix(web.url): (a.fetch_status, a.fetch_error)
                for a in session.scalars(select(Article))
            }
    finally:
        database.dispose()
    for name, (_, kind, cause) in answers.items():
        error, failures = health[name]
        assert cause in (error or ""), (name, error)
        assert "robots" not in (error or "") and "HTTP 3" not in (error or ""), (name, error)
        assert failures > 0, name  # a failed poll, not a healthy one with 0 entries
        assert counters.get(f"errors_{kind}", 0) >= 1, (kind, counters)
    assert health["Healthy"] == (None, 0.0)  # an empty but real feed is fine
    assert counters["errors_feed_too_large"] == 2
    assert pages == {
        "/bomb.html": (
            "failed", "larger than max_page_bytes once decompressed (a compression bomb?)"
        ),
        "/loop.html": ("failed", "too many redirects (a redirect loop)"),
    }
    assert health["Wire"] == (None, 0.0)
