"""Scrapy settings for sora-monitor; `crawler.runner` overrides them from the configuration."""

import os

from scrapy.settings import default_settings

BOT_NAME = "sora-monitor"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Politeness and limits (USER_AGENT, ROBOTSTXT_OBEY, DOWNLOAD_DELAY, AUTOTHROTTLE_*,
# CONCURRENT_REQUESTS_PER_DOMAIN, DOWNLOAD_TIMEOUT, DOWNLOAD_MAXSIZE, RETRY_TIMES) come from the
# configuration's [crawl] section through crawler.addons.ConfigAddon. They must not be set here:
# project settings outrank add-on settings.
CONCURRENT_REQUESTS = 16
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"
HTTPERROR_ALLOWED_CODES: list[int] = []
COOKIES_ENABLED = False
# No way in from outside: neither the telnet console nor Scrapy 2.19's remote-control HTTP
# server (which runs Python sent to it, and leaves its token file behind a killed run).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
REDIRECT_MAX_TIMES = 5
# Items (and requests) of one response processed at once. Scrapy's default, 100, starts 100
# tasks and a 200-slot queue for every response, most of which yield one article: ~10% of the
# main process's CPU on a large crawl, for nothing.
CONCURRENT_ITEMS = 8

ADDONS = {"crawler.addons.ConfigAddon": 0}

DOWNLOADER_MIDDLEWARES = {
    # Before robots.txt (100): an unsafe URL must not even cause a robots.txt request.
    "crawler.middlewares.SiteSlotMiddleware": 40,
    "crawler.middlewares.SafeURLMiddleware": 50,
    "crawler.middlewares.KnownArticleMiddleware": 60,
    # Closer to the downloader than RetryMiddleware (550): it sees a 429/503 first and holds
    # the domain back before the retry is scheduled.
    "crawler.middlewares.RetryAfterMiddleware": 560,
    # Once the crawl is stopping, nothing more is sent: after robots.txt (100), which requests
    # in flight may wait for, and before the requests are counted as sent (850, 855).
    "crawler.interrupt.StopRequestsMiddleware": 840,
    # Scrapy's robots.txt middleware, which a stopping crawl does not wait for.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.interrupt.StoppableRobotsTxtMiddleware": 100,
    # Scrapy's redirects, a loop told as one (crawler.middlewares.RedirectLoopMiddleware).
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.RedirectLoopMiddleware": 600,
    # Just after Scrapy's DownloaderStats (850): counts what it counts, per poll.
    "crawler.middlewares.PollRequestsMiddleware": 855,
}
# Not even loaded: Scrapy imports an extension's module before the extension says it is off,
# and the remote control's imports aiohttp (~8 MB in the crawl's process). Scrapy's own list
# otherwise (EXTENSIONS cannot drop one: naming it there imports it too).
EXTENSIONS_BASE = {
    path: order
    for path, order in default_settings.EXTENSIONS_BASE.items()
    if path.rsplit(".", 1)[-1] not in ("TelnetConsole", "RemoteControl")
}
EXTENSIONS = {
    # Owns the crawl's database; writes sources' health, polls and counts (crawler.health).
    "crawler.health.SourceHealth": 0,
    "crawler.progress.ProgressExtension": 900,
}
ITEM_PIPELINES = {
    "crawler.pipelines.AnalyzePipeline": 300,
    "crawler.pipelines.StorePipeline": 800,
}

# Our own settings: SORA_CONFIG (a monitor.config.Config), SORA_DB_URL and SORA_PLAN (the
# cycle's monitor.polling.CrawlPlan) are set by crawler.runner; a standalone `scrapy crawl
# feeds -s SORA_CONFIG_FILE=... -s SORA_DB_URL=...` loads the configuration as the CLI would
# and plans its own crawl (crawler.planning).
# A crawl that has scheduled no more than SORA_ANALYSIS_POOL_AFTER requests analyses its pages in
# a thread; a larger one sends every page to up to SORA_ANALYSIS_WORKERS processes (default: one
# per core; 0 or 1: everything in the thread). See crawler.pipelines.AnalyzePipeline.
SORA_ANALYSIS_POOL_AFTER = 40
# The longest Retry-After (seconds) a crawl sits out; a longer one ends requests to that site
# for the run (and, for a source, becomes its next_allowed_at).
SORA_RETRY_AFTER_MAX = 60.0
# After SIGINT or SIGTERM, what is in flight gets this many seconds to be fetched and stored;
# then (or at a second signal) the crawl stops at once (crawler.interrupt).
SORA_STOP_GRACE = 10.0
# Where Google News' article pages and its batchexecute endpoint are (crawler.handlers.google).
# Tests point it at a loopback server with the environment variable below; nobody else should.
SORA_GOOGLE_NEWS_URL = os.environ.get("SORA_MONITOR_GOOGLE_NEWS_URL") or "https://news.google.com"
# A bare `scrapy crawl`: poll every enabled source now, whatever its next_allowed_at says.
SORA_FORCE_POLL = False

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
