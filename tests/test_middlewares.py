"""The downloader middlewares on their own, in a real (unstarted) crawler."""

from __future__ import annotations

import asyncio

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler.exceptions import UnsafeRequest
from crawler.middlewares import SafeURLMiddleware, SiteSlotMiddleware
from monitor.config import default_config


def test_each_refusal_names_its_own_url_though_verdicts_are_kept_per_host(
    caplog: pytest.LogCaptureFixture,
) -> None:
    crawler = get_crawler(settings_dict={"SORA_CONFIG": default_config()})
    middleware = SafeURLMiddleware.from_crawler(crawler)
    urls = ["http://169.254.169.254/latest/meta-data/", "http://169.254.169.254/other-path"]
    for url in urls:
        with pytest.raises(UnsafeRequest, match=url):
            asyncio.run(middleware.process_request(Request(url)))
    assert [r.getMessage() for r in caplog.records] == [
        f"refused '{url}': link-local (169.254.169.254 is 169.254.169.254, never fetched)"
        for url in urls
    ]
    assert crawler.stats.get_value("sora/refused/link-local") == 2


def test_a_redirected_request_waits_in_its_own_host_s_slot() -> None:
    # RedirectMiddleware copies the aggregator's slot into the request for the outlet.
    middleware = SiteSlotMiddleware()
    redirected = Request(
        "https://www.outlet.example/story.html", meta={"download_slot": "news.google.com"}
    )
    middleware.process_request(redirected)
    assert "download_slot" not in redirected.meta  # the downloader will use the outlet's host
    same = Request("https://news.google.com/rss", meta={"download_slot": "news.google.com"})
    middleware.process_request(same)
    assert same.meta["download_slot"] == "news.google.com"


def test_the_slot_middleware_runs_before_anything_queues_the_request() -> None:
    from crawler import settings

    order = settings.DOWNLOADER_MIDDLEWARES
    assert order["crawler.middlewares.SiteSlotMiddleware"] < min(
        v
        for k, v in order.items()
        if k != "crawler.middlewares.SiteSlotMiddleware" and v is not None  # None: switched off
    )
