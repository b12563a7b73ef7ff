"""Scrapy settings for sora-monitor; `crawler.runner` overrides them from the configuration."""

BOT_NAME = "sora-monitor"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "sora-monitor/0.1 (+https://github.com/sora-monitor/sora-monitor#contact)"
ROBOTSTXT_OBEY = True

# Polite by default: one or two requests at a time per site, adaptive delays.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_TIMES = 2
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"
HTTPERROR_ALLOWED_CODES: list[int] = []
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REDIRECT_MAX_TIMES = 5

DOWNLOADER_MIDDLEWARES = {
    # Before robots.txt (100): an unsafe URL must not even cause a robots.txt request.
    "crawler.middlewares.SafeURLMiddleware": 50,
    "crawler.middlewares.KnownArticleMiddleware": 60,
}
ITEM_PIPELINES = {
    "crawler.pipelines.AnalyzePipeline": 300,
    "crawler.pipelines.StorePipeline": 800,
}

# Our own settings (set by crawler.runner; standalone `scrapy crawl` loads the config itself).
SORA_CONFIG = None  # a monitor.config.Config
SORA_CONFIG_FILE = None
SORA_DB_URL = None
# Processes for extraction and analysis; 0 runs it in a thread of this process.
SORA_ANALYSIS_WORKERS = 0

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
