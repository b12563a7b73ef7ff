"""Scrapy's control-flow exceptions for this crawl: why an item is dropped, a request not sent.

They must subclass Scrapy's own (the domain cannot import Scrapy); every error of the monitor
itself is in monitor.errors. Scrapy counts drops per class in its stats.
"""

from __future__ import annotations

from scrapy.exceptions import DropItem, IgnoreRequest


class EmptyArticle(DropItem):
    """Neither the page nor the feed gave any text."""

    def __init__(self, url: str) -> None:
        super().__init__(f"nothing to store for {url}", log_level="INFO")


class DuplicateArticle(DropItem):
    """The article is stored already (under this or another URL)."""

    def __init__(self, url: str) -> None:
        super().__init__(f"already stored: {url}", log_level="DEBUG")


class UnstoredArticle(DropItem):
    """The article could not be stored (the database failed after retries): its poll stays
    pending, so the next run fetches it again. The pipeline has logged the one line."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"not stored: {url}: {reason}", log_level="DEBUG")


class UnsafeRequest(IgnoreRequest):
    """The URL policy refused this request."""


class KnownArticle(IgnoreRequest):
    """The article is stored already; its page is not fetched again."""


class ServerAskedToWait(IgnoreRequest):
    """The site answered 429/503 with a Retry-After longer than this run waits for it."""


class CrawlInterrupted(IgnoreRequest):
    """The crawl is stopping (SIGINT, SIGTERM): the request is not sent, and its poll stays
    pending so that the next run fetches it."""
