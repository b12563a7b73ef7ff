"""The pure step from a fetched page to what is stored: which URL, which outlet, which text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.analysis import MAX_BODY_CHARS, analyze_page, needs_extraction
from monitor.articles import FeedEntry, Page
from monitor.states import BodySource

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


PLAIN_PAGE = """<html lang="en"><head><title>Council approves the new bridge</title>
<meta property="og:site_name" content="Town Herald">
<meta name="description" content="The vote passed seven to two.">
<meta property="article:published_time" content="2024-11-27T09:30:00Z">
<link rel="canonical" href="https://herald.example.org/news/bridge"></head>
<body><nav>Home | News | Sport</nav><script>var x = "tracking";</script>
<p>The town council approved the new bridge on Tuesday after a long debate about its cost.</p>
<p>Work is expected to start in the spring and to last two years, the mayor said.</p>
</body></html>"""


def test_a_page_that_never_names_sora_is_skimmed_not_extracted() -> None:
    page = Page(
        url="https://herald.example.org/news/bridge?utm_source=x",
        final_url="https://herald.example.org/news/bridge",
        html=PLAIN_PAGE,
        fetched_at=NOW,
    )
    assert not needs_extraction(page)
    analysis = analyze_page(page)
    assert analysis is not None
    assert analysis.body_source == BodySource.SKIMMED
    assert analysis.title == "Council approves the new bridge"
    assert analysis.outlet == "Town Herald" and analysis.language == "en"
    assert analysis.published_at == datetime(2024, 11, 27, 9, 30, tzinfo=UTC)
    assert analysis.canonical_url == "https://herald.example.org/news/bridge"
    assert "approved the new bridge" in analysis.body and "tracking" not in analysis.body
    assert not analysis.relevant and not analysis.leak_report and not analysis.claims
    assert analysis.content_hash and analysis.signature is None and not analysis.band_keys
    # The same page under another URL is the same text: an exact copy is still recognised.
    mirror = "https://mirror.example.net/b"
    again = analyze_page(Page(mirror, mirror, PLAIN_PAGE, NOW))
    assert again is not None and again.content_hash == analysis.content_hash


@pytest.mark.parametrize(
    ("html", "feed_summary"),
    [
        (PLAIN_PAGE.replace("bridge on", "bridge (filmed with OpenAI's Sora) on"), None),
        (PLAIN_PAGE.replace("bridge on", "bridge (سُورا) on"), None),
        (PLAIN_PAGE.replace("bridge on", "bridge (&#1587;&#1608;&#1585;&#1575;) on"), None),
        (PLAIN_PAGE, "A video made with SORA shows the bridge"),
        (PLAIN_PAGE.replace("bridge on", "bridge (made with OpenAI's video generator) on"), None),
        (PLAIN_PAGE.replace("bridge on", "bridge (صنعته أداة الفيديو من أوبن إيه آي) on"), None),
    ],
    ids=[
        "latin", "arabic-with-diacritics", "arabic-as-references", "only-the-feed-names-it",
        "openai-video-model", "openai-video-model-arabic",
    ],
)
def test_a_page_naming_sora_anywhere_is_extracted(html: str, feed_summary: str | None) -> None:
    feed = FeedEntry("Herald", "https://herald.example.org/news/bridge", summary=feed_summary)
    page = Page(
        "https://herald.example.org/news/bridge", "https://herald.example.org/news/bridge",
        html, NOW, feed=feed,
    )
    assert needs_extraction(page)
    analysis = analyze_page(page)
    assert analysis is not None and analysis.body_source == BodySource.PAGE
    assert analysis.signature is not None
