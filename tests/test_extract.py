"""Extraction of one page: text, exact timestamps, no invented dates, the publisher's name, and
markup that must not survive into titles."""

from __future__ import annotations

from datetime import UTC, datetime

from monitor.extract import extract

BODY = "<p>" + "OpenAI's Sora video generator leaked on Hugging Face, artists said. " * 12 + "</p>"


def page(head: str = "", body: str = BODY, footer: str = "") -> str:
    return (
        f"<html><head><title>Sora leak</title>{head}</head><body><article><h1>Sora leak</h1>"
        f"{body}</article><footer>{footer}</footer></body></html>"
    )


def test_the_page_s_full_timestamp_wins() -> None:
    head = '<meta property="article:published_time" content="2024-11-26T18:40:00+03:00">'
    assert extract(page(head), "http://news.example/a").published_at == datetime(
        2024, 11, 26, 15, 40, tzinfo=UTC
    )


def test_a_date_in_the_url_is_read() -> None:
    found = extract(page(), "http://news.example/news/2024/11/27/sora-leak.html")
    assert found.published_at == datetime(2024, 11, 27, tzinfo=UTC)


def test_no_date_is_invented_from_a_copyright_line_or_a_year_in_the_text() -> None:
    # htmldate's extensive search would make 2019-01-01 of the footer; the feed's date must
    # stand in instead (monitor.analysis falls back to it).
    text = "<p>" + "In 2024 OpenAI's Sora leaked on Hugging Face, artists said. " * 12 + "</p>"
    found = extract(page(body=text, footer="© 2019 Harbor Times"), "http://news.example/a")
    assert found.published_at is None


def test_the_publisher_s_name_is_the_one_the_page_states() -> None:
    named = extract(
        page('<meta property="og:site_name" content="Harbor Times">'), "http://harbor.example/a"
    )
    assert named.site_name == "Harbor Times"
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "publisher": ' \
        '{"@type": "Organization", "name": "Gulf Monitor"}}</script>'
    assert extract(page(ld), "http://gulf.example/a").site_name == "Gulf Monitor"
    # No guess from the host (with its port) or from a headline with a dot in it.
    assert extract(page(), "http://127.0.0.1:8080/a").site_name is None
    dotted = page().replace("<title>Sora leak</title>", "<title>Sora 2.0 leaked | Beat</title>")
    assert extract(dotted, "http://beat.example/a").site_name is None


def test_terminal_escape_sequences_go_whole_raw_or_as_references() -> None:
    hostile = "Sora \x1b[31mred\x1b[0m &#27;[1mbold&#x1b;[0m leak"
    found = extract(page().replace("Sora leak", hostile), "http://news.example/a")
    assert found.title == "Sora red bold leak"


def test_outlinks_are_the_article_s_links_to_other_sites() -> None:
    links = [
        "/2024/11/other-story.html",
        "related.html",
        "?page=2",
        "#comments",
        "https://news.example/2024/11/same-site.html",
        "https://openai.com/index/sora/",
        "//cdn.other.example/clip.mp4",
        " HTTPS://Research.Example/paper ",
        "/\n/split.example/trick",  # urlsplit drops the newline: a host after all
        "http:no-host",
        "mailto:desk@news.example",
        "javascript:void(0)",
        "https://openai.com/index/sora/",
    ]
    anchors = "".join(f'<a href="{href}">link {n}</a> ' for n, href in enumerate(links))
    html = (
        "<html><head><title>Sora</title></head><body><article><h1>Sora</h1>"
        + "<p>OpenAI's video model Sora is the subject of this article, which cites sources. </p>"
        * 5
        + f"<p>Sources: {anchors}</p></article></body></html>"
    )
    found = extract(html, "https://news.example/2024/11/sora.html")
    assert found.outlinks == (
        "https://openai.com/index/sora/",
        "https://cdn.other.example/clip.mp4",
        "https://Research.Example/paper",
        "https://split.example/trick",
    )
