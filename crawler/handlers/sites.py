"""Sites: a news site crawled from its start URL for article pages not stored yet.

Only links on the start page's site that match the source's `follow` patterns (every link on
the site when it has none) are followed, `max_depth` links deep and at most
`max_pages_per_site` pages per run. A page that looks like an article (og:type article,
article:published_time, JSON-LD NewsArticle and kin, or one <article> with text) is stored as
one; every fetched page's links are followed further while depth allows. Article URLs already
stored are never requested again, so a second pass fetches only what is new.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from urllib.parse import urljoin

from scrapy import Request
from scrapy.http import Response, TextResponse

from crawler import stats
from crawler.failures import HARD
from crawler.handlers.base import Output, SourceHandler, page_text, poll_of
from crawler.items import ArticleItem, PollRef
from monitor.articles import FeedEntry, Page
from monitor.config import Source
from monitor.errors import UnsafeURLError
from monitor.jsonld import json_ld_objects, json_ld_types
from monitor.polling import PlannedPoll, PollAnswer
from monitor.states import FetchStatus, PollStatus
from monitor.urls import URLPolicy, canonicalize, site_of

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "blogposting",
        "techarticle",
        "report",
    }
)
MIN_ARTICLE_TEXT = 400  # characters of paragraph text in a lone <article> element


def looks_like_article(response: TextResponse) -> bool:
    """Whether the page presents itself as one article (not a section or home page)."""
    og_type = response.xpath("//meta[@property='og:type']/@content").get("")
    if og_type.strip().lower() == "article":
        return True
    if response.xpath(
        "//meta[@property='article:published_time' or @name='article:published_time']"
    ):
        return True
    scripts = response.xpath("//script[@type='application/ld+json']/text()").getall()
    if any(ARTICLE_TYPES.intersection(json_ld_types(item)) for item in json_ld_objects(scripts)):
        return True
    articles = response.xpath("//article")
    if len(articles) == 1:
        text = " ".join(articles[0].xpath(".//p//text()").getall())
        return len(re.sub(r"\s+", " ", text).strip()) >= MIN_ARTICLE_TEXT
    return False


NOT_A_PAGE = "the start page is not a web page"


def site_links(response: TextResponse, source: Source, policy: URLPolicy) -> list[str]:
    """Links on the page to the source's site that its `follow` patterns take (all of them
    without patterns), canonical, in order, without the start page."""
    site = site_of(source.url)
    patterns = [re.compile(p) for p in source.follow]
    links: dict[str, None] = {}
    for href in response.xpath("//a/@href").getall():
        url = urljoin(response.url, href.strip())
        try:
            policy.check_syntax(url)
        except UnsafeURLError:
            continue  # mailto:, javascript:, ftp: ... are not pages
        if site_of(url) != site:
            continue
        url = canonicalize(url)
        if patterns and not any(p.search(url) for p in patterns):
            continue
        links[url] = None
    links.pop(canonicalize(source.url), None)
    return list(links)


def links_digest(links: list[str]) -> str:
    """What decides whether a site changed: its start page's links, not its bytes."""
    return hashlib.sha256("\n".join(sorted(links)).encode()).hexdigest()


class SiteHandler(SourceHandler):
    """A site: its start page, then the pages it links to, `max_depth` links deep."""

    def source_request(self, poll: PlannedPoll, ref: PollRef | None) -> Request:
        # No conditional GET here: a home page's bytes change with every ad and clock, and a
        # 304 would leave no links to follow. The set of links decides "changed" instead.
        return self.get(poll, ref, sora_body_hash=poll.body_hash)

    async def parse_source(self, response: Response) -> Output:
        source, poll = self.source(response), poll_of(response)
        if not isinstance(response, TextResponse):
            yield PollAnswer(PollStatus.FAILED, error=NOT_A_PAGE, weight=HARD)
            return
        links = site_links(response, source, self.spider.policy) if source.max_depth > 0 else []
        digest = links_digest(links)
        unchanged = digest == response.meta.get("sora_body_hash")
        status = PollStatus.UNCHANGED if unchanged else PollStatus.OK
        yield PollAnswer(status, body_hash=digest, entries=len(links))
        async for request in self._follow(source, poll, links, 1):
            yield request

    async def parse_article(self, response: Response) -> Output:
        """A page the start page led to: an article to store, or a hub to follow."""
        if not isinstance(response, TextResponse):
            return
        source, poll = self.source(response), poll_of(response)
        depth: int = response.meta.get("sora_depth", 1)
        if looks_like_article(response):
            entry: FeedEntry = response.meta["sora_entry"]
            self.count(stats.PAGES_FETCHED, 1, poll)
            # Only unknown URLs are requested, so an article here is new: the site changed,
            # though its start page may list the same sections as before.
            if poll is not None:
                self.spider.health.changed(poll)
            now = datetime.now(UTC)
            text = page_text(response)
            page = Page(entry.link, response.url, text, now, FetchStatus.OK, None, entry)
            yield ArticleItem(page, poll)
        else:
            self.count(stats.HUB_PAGES, 1, poll)
        if depth < source.max_depth:
            links = site_links(response, source, self.spider.policy)
            async for request in self._follow(source, poll, links, depth + 1):
                yield request

    async def _follow(
        self, source: Source, poll: PollRef | None, links: list[str], depth: int
    ) -> Output:
        for url in await self.unknown_urls(links):
            entry = FeedEntry(source=source.name, link=url, language=source.language)
            yield self.article_request(source, poll, entry, depth=depth)
