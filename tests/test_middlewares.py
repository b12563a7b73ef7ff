"""The downloader middlewares on their own, in a real (unstarted) crawler."""

from __future__ import annotations

import asyncio

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler.middlewares import SafeURLMiddleware, UnsafeRequest
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
