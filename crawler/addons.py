"""A Scrapy add-on that applies the configuration's [crawl] section to the crawl's settings.

Both `sora-monitor run` and a bare `scrapy crawl feeds` in the checkout go through it, so the
configured user agent, politeness and limits hold either way. `-s NAME=VALUE` on the command
line still wins (Scrapy's "cmdline" priority is above "addon").
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

from monitor.config import Config, load_config


class ConfigAddon:
    def update_settings(self, settings: BaseSettings) -> None:
        config: Config | None = settings.get("SORA_CONFIG")
        if config is None:
            config = load_config(settings.get("SORA_CONFIG_FILE"))
            settings.set("SORA_CONFIG", config, priority="addon")
        crawl = config.crawl
        delay = crawl.delay.total_seconds()
        settings.setdict(
            {
                "USER_AGENT": crawl.user_agent,
                "ROBOTSTXT_OBEY": crawl.obey_robots,
                "DOWNLOAD_TIMEOUT": max(1, int(crawl.timeout.total_seconds())),
                "DOWNLOAD_MAXSIZE": crawl.max_page_bytes,
                "DOWNLOAD_WARNSIZE": min(crawl.max_page_bytes, 4 * 1024 * 1024),
                "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrent_per_domain,
                "DOWNLOAD_DELAY": delay,
                "AUTOTHROTTLE_START_DELAY": max(delay, 0.1) if delay else 0.0,
                "AUTOTHROTTLE_ENABLED": delay > 0,
                "RETRY_TIMES": crawl.retries,
            },
            priority="addon",
        )
