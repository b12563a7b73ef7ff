"""Opaque Google News links decoded through the crawl (article page, then batchexecute), within
[crawl] max_decodes; an item not resolved is kept feed-only (placeholder key, the link as its
provenance) and completed, not duplicated, by a later run; a changed format is the source's
last error. Against a loopback server that mimics Google's interstitial and endpoint."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from sqlalchemy import select

from monitor.aggregators import (
    DecodeParams,
    aggregator_of,
    batchexecute_body,
    google_article_id,
    is_unresolved,
    read_batchexecute,
    read_decode_params,
    resolve_link,
    unresolved_key,
)
from monitor.config import load_config
from monitor.errors import AggregatorFormatError, ConfigError
from scheduler.daemon import ChildRunner
from storage.engine import Database
from storage.models import Alert, Article, ArticleURL, Run, Source
from storage.queries import provenance_of, resolve_provenance, upsert_article
from tests.conftest import loopback_crawl
from tests.hostile_server import Answer, GoogleNewsMimic, HostileWeb
from tests.test_storage import Analysed

# Opaque ids: base64 that carries no URL (as Google's AU_yqL... ids since mid-2024).
IDS = {
    name: "CBMiW0FVX3lxTE" + name.upper() * 12 + "0gFfQVVf"
    for name in ("alpha", "bravo", "charlie", "delta")
}


def page(title: str) -> bytes:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{title}. OpenAI's Sora video model is the subject of this test article, which "
        "we wrote for the monitor's own tests and which says nothing else of note.</p>"
        "<p>A second paragraph repeats that the Sora app was discussed by the test writers "
        "at some length, so that the extractor finds a body worth keeping.</p>"
        "</article></body></html>"
    ).encode()


@pytest.fixture
def web() -> Iterator[HostileWeb]:
    with HostileWeb() as server:
        yield server


def feed(items: list[tuple[str, str, str]]) -> bytes:
    body = "".join(
        f"<item><title>{title} - {outlet}</title><link>{link}</link>"
        "<pubDate>Fri, 03 Oct 2025 15:10:00 GMT</pubDate>"
        f'<description>&lt;a href="{link}"&gt;{title}&lt;/a&gt;</description>'
        f'<source url="https://www.{outlet.lower().replace(" ", "")}.example">{outlet}</source>'
        "</item>"
        for title, link, outlet in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>sora - Google News</title>{body}</channel></rss>"
    ).encode()


def config(path: Path, feed_url: str, max_decodes: int) -> Path:
    path.write_text(
        loopback_crawl(f"max_decodes = {max_decodes}") + "[schedule]\n"
        'poll_every = "1h"\n\n'
        "[[sources]]\n"
        'name = "Google News: Sora"\n'
        'kind = "search"\n'
        f'url = "{feed_url}"\n',
        encoding="utf-8",
    )
    return path


def stored(db_url: str) -> tuple[list[Article], set[str], Source]:
    database = Database.open(db_url)
    try:
        with database.session() as session:
            articles = list(session.scalars(select(Article).order_by(Article.id)))
            urls = set(session.scalars(select(ArticleURL.url)))
            source = session.scalars(select(Source)).one()
            session.expunge_all()
        return articles, urls, source
    finally:
        database.dispose()


def test_opaque_links_are_decoded_kept_and_resolved_later(
    web: HostileWeb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    google = GoogleNewsMimic(web)
    monkeypatch.setenv("SORA_MONITOR_GOOGLE_NEWS_URL", web.url)
    items = []
    for name, article_id in IDS.items():
        outlet_url = web.add(f"/outlet/{name}.html", Answer(
            200, page(f"Sora story {name}"), {"Content-Type": "text/html; charset=utf-8"}
        ))
        items.append((f"Sora story {name}", google.article(article_id, outlet_url),
                      f"Outlet {name.title()}"))
    rss = {"Content-Type": "application/rss+xml"}
    feed_url = web.add("/search.rss", Answer(200, feed(items), rss))
    google.changed.add(IDS["charlie"])  # Google changed this page: no data-n-a-sg
    cfg = config(tmp_path / "c.toml", feed_url, max_decodes=3)
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"

    first = ChildRunner().run(load_config(cfg), db_url, ("search",))
    assert first.exit_code == 0, first.message
    articles, urls, source = stored(db_url)
    by_title = {a.title: a for a in articles}
    assert len(articles) == 4, [a.title for a in articles]
    for name in ("alpha", "bravo"):
        article = by_title[f"Sora story {name}"]
        assert article.canonical_url == f"{web.url}/outlet/{name}.html"
        assert article.discovered_via == "Google News"
        assert article.body_source == "page"
        assert google_article_id(article.provenance_url or "") == IDS[name]
    for name in ("charlie", "delta"):  # format changed; past the cap
        kept = by_title[f"Sora story {name} - Outlet {name.title()}"]
        assert is_unresolved(kept.canonical_url)
        assert kept.address == kept.provenance_url
        assert google_article_id(kept.provenance_url or "") == IDS[name]
        assert kept.body_source == "feed"
        assert kept.outlet == f"Outlet {name.title()}"
        assert kept.published_at is not None and kept.published_at.year == 2025
        assert kept.discovered_via == "Google News"
    assert "Google News changed its link format" in (source.last_error or "")
    assert "data-n-a-sg" in (source.last_error or "")
    assert not any(aggregator_of(url) for url in urls)  # never canonical, never a variant
    assert sorted(web.paths("POST")) == ["/_/DotsSplashUi/data/batchexecute"] * 2
    # The cap held: three article pages asked for, the fourth link was left for later.
    assert sorted(p for p in web.paths("GET") if p.startswith("/rss/")) == sorted(
        f"/rss/articles/{IDS[n]}" for n in ("alpha", "bravo", "charlie")
    )
    kept_first_seen = by_title["Sora story delta - Outlet Delta"].first_seen_at
    database = Database.open(db_url)
    with database.session() as session:
        counters = session.scalars(select(Run.counters)).one() or {}
    database.dispose()
    assert {k: counters.get(k) for k in (
        "aggregator_decoded", "aggregator_kept", "aggregator_capped", "errors_google_news_format"
    )} == {
        "aggregator_decoded": 2, "aggregator_kept": 2, "aggregator_capped": 1,
        "errors_google_news_format": 1,
    }  # fmt: skip

    # Google is back to its documented format; the next run resolves the two kept items.
    google.changed.clear()
    web.asked.clear()
    second = ChildRunner().run(load_config(cfg), db_url, ("search",))
    assert second.exit_code == 0, second.message
    articles, urls, _ = stored(db_url)
    assert len(articles) == 4  # completed in place, not stored twice
    assert sorted(a.canonical_url for a in articles) == sorted(
        f"{web.url}/outlet/{name}.html" for name in IDS
    )
    assert all(a.body_source == "page" for a in articles)
    delta = next(a for a in articles if a.canonical_url.endswith("/delta.html"))
    assert delta.first_seen_at == kept_first_seen  # the first sighting is kept
    assert not any(aggregator_of(url) for url in urls)
    # Links resolved by the first run were not decoded again.
    assert sorted(p for p in web.paths("GET") if p.startswith("/rss/")) == sorted(
        f"/rss/articles/{IDS[n]}" for n in ("charlie", "delta")
    )


def test_google_refusals_keep_the_item(
    web: HostileWeb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Google refusing the decoder (a 429; a consent or "sorry" page on another host, which
    is a refusal, not a changed format): each item is kept feed-only with its cause, and the
    source stays healthy."""
    monkeypatch.setenv("SORA_MONITOR_GOOGLE_NEWS_URL", web.url)
    port = web.url.rsplit(":", 1)[1]
    refusals = {
        "alpha": (Answer(429, b"slow down"), "HTTP 429"),
        "bravo": (
            Answer(302, b"", {"Location": f"http://localhost:{port}/consent"}),
            "sent it to localhost",
        ),
    }
    web.add("/consent", Answer(200, b"<html><body>Before you continue</body></html>",
                               {"Content-Type": "text/html"}))
    items = []
    for name, (answer, _) in refusals.items():
        web.add(f"/rss/articles/{IDS[name]}", answer)
        link = f"https://news.google.com/rss/articles/{IDS[name]}?oc=5"
        items.append((f"Sora story {name}", link, "Outlet"))
    feed_url = web.add("/search.rss", Answer(
        200, feed(items), {"Content-Type": "application/rss+xml"}
    ))
    cfg = config(tmp_path / "c.toml", feed_url, max_decodes=5)
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    result = ChildRunner().run(load_config(cfg), db_url, ("search",))
    assert result.exit_code == 0, result.message
    articles, _, source = stored(db_url)
    assert source.consecutive_failures == 0 and source.last_error is None
    by_title = {a.title: a for a in articles}
    assert len(articles) == 2
    for name, (_, cause) in refusals.items():
        kept = by_title[f"Sora story {name} - Outlet"]
        assert is_unresolved(kept.canonical_url)
        assert cause in (kept.fetch_error or ""), kept.fetch_error


# -- the domain: the two answers, read -------------------------------------------------------


def test_decode_params_are_read_from_the_page() -> None:
    html = '<c-wiz><div jscontroller="aLI87" data-n-a-ts="1733400001" data-n-a-sg="AZ_x-1"></div>'
    assert read_decode_params("CBMiabc", html) == DecodeParams("CBMiabc", "AZ_x-1", "1733400001")
    with pytest.raises(AggregatorFormatError, match="data-n-a-sg"):
        read_decode_params("CBMiabc", '<div data-n-a-ts="1733400001"></div>')
    with pytest.raises(AggregatorFormatError, match="not a number"):
        read_decode_params("CBMiabc", '<div data-n-a-ts="soon" data-n-a-sg="x"></div>')


def test_batchexecute_body_carries_the_garturlreq() -> None:
    body = batchexecute_body(DecodeParams("CBMiabc", "AZ_x-1", "1733400001"))
    envelope = json.loads(parse_qs(body)["f.req"][0])
    rpc, payload = envelope[0][0][0], json.loads(envelope[0][0][1])
    assert rpc == "Fbv4je"
    assert payload[0] == "garturlreq" and payload[2:] == ["CBMiabc", 1733400001, "AZ_x-1"]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            ")]}'\n\n" + json.dumps([
                ["wrb.fr", "Fbv4je", '["garturlres","https://www.example-news.com/a.html",1]',
                 None, None, None, "generic"],
                ["di", 27],
            ]),
            "https://www.example-news.com/a.html",
        ),
        # The length-prefixed form batchexecute also uses.
        (
            ")]}'\n\n123\n" + json.dumps([
                ["wrb.fr", "Fbv4je", '["garturlres","https://www.example-news.com/b.html",1]']
            ]) + "\n25\n" + json.dumps([["di", 27]]),
            "https://www.example-news.com/b.html",
        ),
        (")]}'\n\n[[\"er\",null,null,null,null,400]]", "no garturlres"),
        ("<html>Sorry...</html>", "not JSON"),
        (
            ")]}'\n\n" + json.dumps([
                ["wrb.fr", "Fbv4je", '["garturlres","https://news.google.com/x",1]']
            ]),
            "no outlet URL",
        ),
        (
            ")]}'\n\n" + json.dumps([["wrb.fr", "Fbv4je", '["garturlres","file:///etc/passwd"]']]),
            "no outlet URL",
        ),
    ],
)
def test_batchexecute_answers_are_read(answer: str, expected: str) -> None:
    if expected.startswith("https://"):
        assert read_batchexecute(answer) == expected
    else:
        with pytest.raises(AggregatorFormatError, match=expected):
            read_batchexecute(answer)


@pytest.mark.parametrize(
    ("link", "method"),
    [
        ("https://news.google.com/rss/articles/CBMiW0FVX3lxTE9wYXF1ZQ?oc=5", "decode"),
        ("https://news.google.com/read/CBMiW0FVX3lxTE9wYXF1ZQ?hl=ar", "decode"),
        # GDELT's RSS output links to the outlet itself.
        ("https://www.example-news.com/tech/2025/10/sora.html", "direct"),
        # Bing News wraps the outlet's URL in apiclick.aspx's url= parameter.
        (
            "http://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&tid=1&url="
            "https%3a%2f%2fwww.example-news.com%2fa.html&c=9&mkt=ar-xa",
            "parameter",
        ),
        ("https://news.google.com/topics/CAAqBwgKMKHL9QowkqbaAg", "redirect"),
    ],
)
def test_link_forms(link: str, method: str) -> None:
    assert resolve_link(link).method == method


# -- storage: a placeholder completed, or folded into the article another source stored --------

LINK = "https://news.google.com/rss/articles/CBMiW0FVX3lxTE9wYXF1ZQ?oc=5"


def _placeholder(db: Database) -> int:
    key = unresolved_key(LINK)
    kept = Analysed(
        key, urls=(key,), body="feed summary", body_source="feed", fetch_status="failed",
        fetch_error="Google News link not resolved yet", fetched_at=None, provenance_url=LINK,
    )  # fmt: skip
    with db.session() as session, session.begin():
        result = upsert_article(session, kept)
        session.add(Alert(cluster_id=result.article_id, article_id=result.article_id, kind="leak"))
        return result.article_id


def test_a_placeholder_is_completed_in_place(db_url: str) -> None:
    db = Database.open(db_url)
    try:
        kept_id = _placeholder(db)
        with db.session() as session, session.begin():
            assert provenance_of(session, [LINK]) == {LINK: unresolved_key(LINK)}
            page = Analysed("http://news.example/a", urls=("http://news.example/a",),
                            provenance_url=LINK)
            result = upsert_article(session, page)
        assert (result.article_id, result.outcome) == (kept_id, "updated")
        with db.session() as session:
            article = session.scalars(select(Article)).one()
            assert (article.canonical_url, article.body_source, article.address) == (
                "http://news.example/a", "page", "http://news.example/a"
            )
            assert provenance_of(session, [LINK]) == {LINK: "http://news.example/a"}
    finally:
        db.dispose()


@pytest.mark.parametrize("through", ["upsert", "resolve"])
def test_a_placeholder_folds_into_the_article_stored_already(db_url: str, through: str) -> None:
    db = Database.open(db_url)
    try:
        with db.session() as session, session.begin():
            other = upsert_article(
                session, Analysed("http://news.example/a", urls=("http://news.example/a",))
            ).article_id
        _placeholder(db)
        with db.session() as session, session.begin():
            if through == "upsert":
                page = Analysed("http://news.example/a", urls=("http://news.example/a",),
                                provenance_url=LINK)
                assert upsert_article(session, page).outcome == "duplicate"
            else:
                resolve_provenance(session, LINK, "http://news.example/a")
        with db.session() as session:
            article = session.scalars(select(Article)).one()  # one article, not two
            assert (article.id, article.provenance_url) == (other, LINK)
            # The placeholder's alert was not lost with it.
            assert session.scalars(select(Alert.article_id)).all() == [other]
    finally:
        db.dispose()


@pytest.mark.parametrize("value", ["-1", '"many"', "1.5"])
def test_max_decodes_is_validated(tmp_path: Path, value: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(f"[crawl]\nmax_decodes = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"c\.toml, line 2.*max_decodes"):
        load_config(path)
    path.write_text("[crawl]\nmax_decodes = 0\n", encoding="utf-8")
    assert load_config(path).crawl.max_decodes == 0
    assert load_config(None).crawl.max_decodes == 100
