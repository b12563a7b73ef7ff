"""Politeness shared by every worker: one delay and one concurrency limit per host, in Redis.

Scrapy keeps a download slot per host in each process, so two workers would each send a site
[crawl] concurrent_per_domain requests at once and each wait only for their own delay. A
worker's `SharedPolitenessMiddleware` asks Redis before every download instead: one Lua script
per try reads the host's requests in flight (a sorted set of tokens that expire, so a killed
worker's tokens go) and the time its next request is allowed (on the Redis server's clock), and
takes a token only when both allow. Its own slots then send at once (the worker runs with a
download delay of 0). A server's Retry-After holds the host back for every worker.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Self
from urllib.parse import urlsplit

import redis
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.middlewares import retry_after_seconds
from crawler.redis_queue import QueueKeys, connect
from crawler.resources import config_for
from monitor.config import ScaleConfig

logger = logging.getLogger(__name__)

TOKEN = "sora_host_token"  # request.meta: (host, token) while the request is in flight
_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""
# KEYS: active, next. ARGV: token, limit, delay ms, token ms. Returns 0 (go) or ms to wait.
_TAKE = (
    _NOW
    + """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local allowed = tonumber(redis.call('GET', KEYS[2]) or '0')
if allowed > now then return allowed - now end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
local delay = tonumber(ARGV[3])
if delay > 0 then redis.call('SET', KEYS[2], now + delay, 'PX', delay + 1000) end
return 0
"""
)
# KEYS: next. ARGV: ms to hold the host back.
_HOLD = (
    _NOW
    + """
local until = now + tonumber(ARGV[1])
local allowed = tonumber(redis.call('GET', KEYS[1]) or '0')
if until > allowed then redis.call('SET', KEYS[1], until, 'PX', tonumber(ARGV[1]) + 1000) end
return until
"""
)
FULL_WAIT = 0.02  # seconds between tries while the host has its fill of requests in flight


class SharedPolitenessMiddleware:
    """Per-host delay and concurrency across all workers, right before each download."""

    def __init__(
        self,
        server: redis.Redis,
        keys: QueueKeys,
        limit: int,
        delay: float,
        timeout: float,
        max_hold: float = 60.0,
    ) -> None:
        self.server = server
        self.keys = keys
        self.limit = limit
        self.delay_ms = int(delay * 1000)
        # A token outlives the longest download (retries are new requests).
        self.token_ms = int((timeout + 30) * 1000)
        self.max_hold = max_hold  # longer Retry-Afters end the host for the run (middlewares)
        self._take = server.register_script(_TAKE)
        self._hold = server.register_script(_HOLD)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        scale: ScaleConfig | None = crawler.settings.get("SORA_SCALE")
        if scale is None or not scale.redis:
            raise NotConfigured("not a worker")
        crawl = config_for(crawler).crawl
        return cls(
            connect(scale),
            QueueKeys(scale.prefix),
            crawl.concurrent_per_domain,
            crawl.delay.total_seconds(),
            crawl.timeout.total_seconds(),
            crawler.settings.getfloat("SORA_RETRY_AFTER_MAX", 60.0),
        )

    async def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).hostname or ""
        token = uuid.uuid4().hex
        active, allowed = self.keys.host(host)
        while True:
            wait = int(self._take(keys=[active, allowed],
                                  args=[token, self.limit, self.delay_ms, self.token_ms]))
            if wait == 0:
                break
            await asyncio.sleep(FULL_WAIT if wait < 0 else wait / 1000)
        request.meta[TOKEN] = (host, token)
        return None

    def _give_back(self, request: Request) -> None:
        held = request.meta.pop(TOKEN, None)
        if held is not None:
            host, token = held
            self.server.zrem(self.keys.host(host)[0], token)

    def process_response(self, request: Request, response: Response) -> Response:
        self._give_back(request)
        if response.status in (429, 503):
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            if wait and wait <= self.max_hold:
                host = urlsplit(request.url).hostname or ""
                self._hold(keys=[self.keys.host(host)[1]], args=[int(wait * 1000)])
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._give_back(request)
        return None
