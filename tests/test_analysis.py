"""The pure step from a fetched page to what is stored: which URL, which outlet, which text."""

from __future__ import annotations

from datetime import UTC, datetime

from monitor.analysis import MAX_BODY_CHARS, FeedEntry, Page, analyze_page

BODY = "<p>" + "OpenAI's Sora video generator leaked on Hugging Face, artists said. " * 12 + "</p>"
NOW = datetime(2026, 12, 5, tzinfo=UTC)


def page(url: str, head: str = "", feed: FeedEntry | None = None) -> Page:
    html = (
        f"<html><head><title>Sora leaked</title>{head}</head>"
        f"<body><article><h1>Sora leaked</h1>{BODY}</article></body></html>"
    )
    return Page(url, url, html, NOW, feed=feed)


def test_a_canonical_link_on_the_same_site_names_the_article() -> None:
    head = '<link rel="canonical" href="https://www.harbor-times.com/2024/sora-leak.html">'
    found = analyze_page(page("https://m.harbor-times.com/amp/sora-leak.html?utm_source=x", head))
    assert found is not None
    assert found.canonical_url == "https://www.harbor-times.com/2024/sora-leak.html"
    assert "https://m.harbor-times.com/amp/sora-leak.html" in found.urls


def test_a_canonical_link_to_another_site_is_ignored() -> None:
    # Trusted, it would store this text under the victim's URL, and the victim's own article
    # would never be fetched (it would look known).
    head = '<link rel="canonical" href="https://victim-news.com/real-story.html">'
    found = analyze_page(page("https://poison-news.com/story.html", head))
    assert found is not None
    assert found.canonical_url == "https://poison-news.com/story.html"
    assert all("victim-news.com" not in url for url in found.urls)


def test_the_outlet_is_the_page_s_own_name_else_the_aggregator_s_item() -> None:
    entry = FeedEntry(source="Google News", link="https://harbor.example/a", outlet="Harbor")
    named = '<meta property="og:site_name" content="Harbor Times">'
    assert analyze_page(page("https://harbor.example/a", named, entry)).outlet == "Harbor Times"
    assert analyze_page(page("https://harbor.example/a", "", entry)).outlet == "Harbor"
    assert analyze_page(page("https://harbor.example/a")).outlet is None


def test_a_body_past_the_longest_articles_is_cut_at_a_paragraph() -> None:
    # Distinct paragraphs: trafilatura drops repeated ones.
    paragraphs = "".join(
        f"<p>Paragraph {i}: " + "OpenAI's Sora leaked on Hugging Face, artists said. " * 40 + "</p>"
        for i in range(60)
    )
    html = f"<html><body><article>{paragraphs}</article></body></html>"
    found = analyze_page(Page("https://news.example/a", "https://news.example/a", html, NOW))
    assert found is not None
    assert MAX_BODY_CHARS // 2 < len(found.body) <= MAX_BODY_CHARS
    assert found.body.endswith("artists said.")  # a whole paragraph, not half a word
