"""The Scrapy peers of `peers.py`: a plain Scrapy spider over the feeds of the local web.

Run with the peers' own virtualenv (Scrapy, feedparser, trafilatura; nothing of the monitor):

    python benchmarks/peer_scrapy.py FEEDS_URL --mode raw          # fetch every article, no work
    python benchmarks/peer_scrapy.py FEEDS_URL --mode trafilatura  # + trafilatura.extract()

FEEDS_URL lists the feeds, one a line (the server's /feeds.txt). The spider reads each feed with
feedparser and fetches every entry's page: 32 requests at once, 16 per host, no delay, no
robots.txt (the peers' settings in ../shared/bench-peers). With `--mode trafilatura` each page
goes through `trafilatura.extract(html)` (its defaults) in the callback, in this one process.
At the end one JSON line: {"mode", "articles", "extracted", "feeds", "crawl_s"}.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import Any

import feedparser
import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response


class FeedPeer(scrapy.Spider):
    name = "feed-peer"

    def __init__(self, feeds: Sequence[str], mode: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.feeds = list(feeds)
        self.mode = mode
        self.articles = 0
        self.extracted = 0
        self.feeds_read = 0
        self.started = time.monotonic()
        self.extract: Callable[[str], str | None] | None = None
        if mode == "trafilatura":
            import trafilatura

            self.extract = trafilatura.extract

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.started = time.monotonic()
        for url in self.feeds:
            yield scrapy.Request(url, callback=self.parse_feed)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        self.feeds_read += 1
        for entry in feedparser.parse(response.body).entries:
            link = entry.get("link")
            if link:
                yield scrapy.Request(link, callback=self.parse_article)

    def parse_article(self, response: Response) -> None:
        self.articles += 1
        if self.extract is not None and self.extract(response.text):
            self.extracted += 1

    def closed(self, reason: str) -> None:
        print(
            json.dumps(
                {
                    "mode": self.mode,
                    "articles": self.articles,
                    "extracted": self.extracted,
                    "feeds": self.feeds_read,
                    "crawl_s": round(time.monotonic() - self.started, 3),
                    "reason": reason,
                }
            ),
            flush=True,
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("feeds_url")
    parser.add_argument("--mode", choices=["raw", "trafilatura"], default="raw")
    args = parser.parse_args(argv)
    with urllib.request.urlopen(args.feeds_url, timeout=10) as answer:
        feeds = answer.read().decode().split()
    process = CrawlerProcess(
        settings={
            "CONCURRENT_REQUESTS": 32,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
            "DOWNLOAD_DELAY": 0,
            "ROBOTSTXT_OBEY": False,
            "LOG_LEVEL": "WARNING",
        }
    )
    process.crawl(FeedPeer, feeds=feeds, mode=args.mode)
    process.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
