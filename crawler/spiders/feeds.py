"""The `feeds` spider: poll RSS/Atom and search feeds with conditional GET, fetch new articles.

Also home of `SourceSpider`, what the feeds, sites and sitemaps spiders share: which sources
are due (adaptive polling, health), the poll outcome of each, article requests and pages,
and `check` mode (`sources check`: fetch each source once, report, store nothing).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

import feedparser
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.failures import HARD, classify
from crawler.items import FeedOutcome, SourceCheck
from crawler.middlewares import KnownArticle, UnsafeRequest, retry_after_seconds
from crawler.resources import config_for, database_for
from monitor.aggregators import aggregator_of, resolve_link
from monitor.analysis import FeedEntry, Page
from monitor.claims import load_catalogue
from monitor.config import Config, Source
from monitor.errors import UnsafeURLError
from monitor.polling import CHANGED, FAILED, UNCHANGED, PollingPolicy, PollResult, is_due
from monitor.urls import URLPolicy, canonicalize
from storage.health import record_discovered_via, record_polls
from storage.queries import FeedState, feed_states, known_urls, sync_sources
from storage.sightings import sync_claims

logger = logging.getLogger(__name__)


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _entry_time(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return datetime(*parsed[:6], tzinfo=UTC)
            except (TypeError, ValueError):
                continue
    return None


def _flag(value: Any) -> bool:
    # Spider arguments arrive as strings from `scrapy crawl -a force=1`.
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _entry_summary(entry: Any) -> str | None:
    for content in entry.get("content") or []:
        if content.get("value"):
            return content["value"]
    return entry.get("summary") or entry.get("description")


