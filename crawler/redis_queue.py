"""The shared crawl queue in Redis: scrapy-redis's scheduler with leases, so no request is lost.

scrapy-redis keeps requests in a sorted set (by priority) and their fingerprints in a set (the
duplicate filter). Its `pop` removes a request for good, so a worker killed with the request in
hand loses it. Here a pop moves the request, in one Lua script, into the leases: a hash of
lease id -> request (and its priority) and a sorted set of lease id -> deadline, read on the
Redis server's clock. The worker holding a lease renews it while it works on the request and
acks it once everything the request led to is recorded (`crawler.leases.LeaseKeeper`); a
lease whose deadline passes (its worker died) is put back in the queue by whoever reaps next
(every worker, and `run` while it waits). Key layout under the [scale] prefix P:
P:requests (queue), P:dupefilter, P:leased, P:lease-scores, P:lease-deadlines, P:workers.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Self

import redis
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy_redis import picklecompat
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from monitor.config import ScaleConfig
from monitor.errors import ConfigError

logger = logging.getLogger(__name__)

LEASE = "sora_lease"  # request.meta: the lease it was popped under
PARENT = "sora_parent"  # request.meta: the lease of the response that asked for it

_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""
# KEYS: queue, leased, scores, deadlines. ARGV: lease id, lease ms.
_POP = (
    _NOW
    + """
local item = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #item == 0 then return false end
redis.call('ZREM', KEYS[1], item[1])
redis.call('HSET', KEYS[2], ARGV[1], item[1])
redis.call('HSET', KEYS[3], ARGV[1], item[2])
redis.call('ZADD', KEYS[4], now + tonumber(ARGV[2]), ARGV[1])
return item[1]
"""
)
_GIVE_BACK = """
local back = 0
for _, lease in ipairs(leases) do
  local data = redis.call('HGET', KEYS[2], lease)
  if data then
    redis.call('ZADD', KEYS[1], redis.call('HGET', KEYS[3], lease) or 0, data)
    back = back + 1
  end
  redis.call('HDEL', KEYS[2], lease)
  redis.call('HDEL', KEYS[3], lease)
  redis.call('ZREM', KEYS[4], lease)
end
return back
"""
# KEYS: queue, leased, scores, deadlines. ARGV: lease ids.
_RELEASE = "local leases = ARGV\n" + _GIVE_BACK
# KEYS: queue, leased, scores, deadlines.
_REAP = _NOW + "local leases = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now)\n" + _GIVE_BACK
# KEYS: deadlines. ARGV: lease ms, lease ids.
_RENEW = (
    _NOW
    + """
for i = 2, #ARGV do
  redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[i])
end
return #ARGV - 1
"""
)


def connect(scale: ScaleConfig) -> redis.Redis:
    """A client for the [scale] redis URL (the password from password_env)."""
    if not scale.redis:
        raise ConfigError("[scale] redis is not set: workers need a Redis server",
                          key="scale.redis")
    return redis.Redis.from_url(
        scale.redis, password=scale.password(), socket_timeout=30, socket_connect_timeout=10
    )


def worker_settings(settings: Settings, scale: ScaleConfig) -> None:
    """Make `settings` (the project's, from `crawler.runner.build_settings`) a worker's: the
    scrapy-redis scheduler over the leased queue, politeness through Redis, the lease keeper."""
    assert scale.redis
    params: dict[str, Any] = {"socket_timeout": 30, "socket_connect_timeout": 10}
    if scale.password():
        params["password"] = scale.password()
    keys = QueueKeys(scale.prefix)
    middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
    # Last before the download itself, so the host's token is taken when the request leaves.
    middlewares["crawler.politeness.SharedPolitenessMiddleware"] = 950
    extensions = settings.getdict("EXTENSIONS")
    extensions["crawler.leases.LeaseKeeper"] = 10
    settings.setdict(
        {
            "SORA_SCALE": scale,
            "REDIS_URL": scale.redis,
            "REDIS_PARAMS": params,
            "SCHEDULER": "crawler.redis_queue.SharedScheduler",
            "SCHEDULER_QUEUE_CLASS": "crawler.redis_queue.LeasedPriorityQueue",
            "SCHEDULER_QUEUE_KEY": keys.queue,
            "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            # The queue and the fingerprints outlive a worker: `run` starts each cycle afresh.
            "SCHEDULER_PERSIST": True,
            "DOWNLOADER_MIDDLEWARES": middlewares,
            "EXTENSIONS": extensions,
            # The delay is kept in Redis for all workers; a local one would add to it.
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            # Every request a callback gives must reach the scheduler, which counts it off
            # its lease (crawler.leases): no spider middleware may drop one.
            "URLLENGTH_LIMIT": 0,
        },
        priority="cmdline",
    )


@dataclass(frozen=True)
class QueueKeys:
    """The Redis keys of one deployment (its [scale] prefix)."""

    prefix: str

    @property
    def queue(self) -> str:
        return f"{self.prefix}:requests"

    @property
    def dupefilter(self) -> str:
        return f"{self.prefix}:dupefilter"

    @property
    def leases(self) -> list[str]:
        p = self.prefix
        return [self.queue, f"{p}:leased", f"{p}:lease-scores", f"{p}:lease-deadlines"]

    @property
    def workers(self) -> str:
        return f"{self.prefix}:workers"

    def host(self, host: str) -> tuple[str, str]:
        """The keys of a host's shared politeness: requests in flight, next allowed time."""
        return f"{self.prefix}:host:{host}:active", f"{self.prefix}:host:{host}:next"


@dataclass(frozen=True)
class QueueSizes:
    queued: int  # requests waiting
    leased: int  # requests a worker holds


class LeaseQueue:
    """The queue's operations on the Redis server, each one atomic."""

    def __init__(self, server: redis.Redis, prefix: str) -> None:
        self.server = server
        self.keys = QueueKeys(prefix)
        self._pop = server.register_script(_POP)
        self._release = server.register_script(_RELEASE)
        self._reap = server.register_script(_REAP)
        self._renew = server.register_script(_RENEW)

    def push(self, data: bytes, priority: int) -> None:
        self.server.zadd(self.keys.queue, {data: -priority})

    def pop(self, lease: str, lease_ms: int) -> bytes | None:
        """The next request, now held under `lease` for `lease_ms` (None: the queue is empty)."""
        data = self._pop(keys=self.keys.leases, args=[lease, lease_ms])
        return bytes(data) if data else None

    def ack(self, leases: Sequence[str]) -> None:
        """These requests are done with: forget them."""
        if not leases:
            return
        _, leased, scores, deadlines = self.keys.leases
        pipe = self.server.pipeline(transaction=True)
        pipe.hdel(leased, *leases)
        pipe.hdel(scores, *leases)
        pipe.zrem(deadlines, *leases)
        pipe.execute()

    def release(self, leases: Sequence[str]) -> int:
        """Put these held requests back in the queue (a worker stopping); how many went back."""
        if not leases:
            return 0
        return int(self._release(keys=self.keys.leases, args=list(leases)))

    def renew(self, leases: Iterable[str], lease_ms: int) -> None:
        held = list(leases)
        if held:
            self._renew(keys=self.keys.leases[3:], args=[lease_ms, *held])

    def reap(self) -> int:
        """Put requests whose lease ran out (their worker died) back; how many."""
        back = int(self._reap(keys=self.keys.leases))
        if back:
            logger.warning("%d requests of a worker that stopped answering went back in the queue",
                           back)
        return back

    def sizes(self) -> QueueSizes:
        pipe = self.server.pipeline(transaction=True)
        pipe.zcard(self.keys.queue)
        pipe.zcard(self.keys.leases[3])
        queued, leased = pipe.execute()
        return QueueSizes(int(queued), int(leased))

    def start_cycle(self) -> None:
        """A new cycle: forget the last one's fingerprints (pages may be asked for again)."""
        self.server.delete(self.keys.dupefilter)

    def beat(self, worker: str) -> None:
        """Say that `worker` is alive (its score is the Redis server's time, in seconds)."""
        seconds, _ = self.server.time()
        self.server.zadd(self.keys.workers, {worker: seconds})

    def live_workers(self, within: float) -> list[str]:
        seconds, _ = self.server.time()
        found = self.server.zrangebyscore(self.keys.workers, seconds - within, "+inf")
        return [w.decode() if isinstance(w, bytes) else str(w) for w in found]

    def gone(self, worker: str) -> None:
        self.server.zrem(self.keys.workers, worker)


def encode_request(request: Request, spider: Any) -> bytes:
    """A request as scrapy-redis stores it (its callbacks by name on `spider`)."""
    return picklecompat.dumps(request.to_dict(spider=spider))


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class LeasedPriorityQueue(PriorityQueue):
    """scrapy-redis's priority queue, whose pop leases the request instead of removing it."""

    def __init__(self, server: redis.Redis, spider: Any, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        scale: ScaleConfig = spider.crawler.settings.get("SORA_SCALE")
        self.leases = LeaseQueue(server, scale.prefix)
        self.lease_ms = int(scale.lease.total_seconds() * 1000)
        self.worker = worker_id()
        self._taken = 0

    def push(self, request: Request) -> None:
        self.leases.push(self._encode_request(request), request.priority)

    def pop(self, timeout: int = 0) -> Request | None:
        self._taken += 1
        lease = f"{self.worker}#{self._taken}"
        data = self.leases.pop(lease, self.lease_ms)
        if data is None:
            return None
        request = self._decode_request(data)
        request.meta[LEASE] = lease
        return request


class SharedScheduler(Scheduler):
    """scrapy-redis's scheduler over the leased queue; tells the worker's `LeaseKeeper` what
    it takes and what the requests it took led to."""

    crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        return scheduler

    def _keeper(self) -> Any:
        from crawler.leases import LeaseKeeper

        assert self.crawler is not None
        return LeaseKeeper.of(self.crawler)

    def _push(self, request: Request) -> bool:
        # scrapy-redis's enqueue_request, with stats in Scrapy 2.19's form (no spider).
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def enqueue_request(self, request: Request) -> bool:
        parent = request.meta.pop(PARENT, None)
        lease = request.meta.pop(LEASE, None)
        queued = self._push(request)
        if lease is not None:
            # A redirect or a retry of a leased request: queued (or already seen) in its
            # place. A crash between the two writes fetches it twice, never not at all.
            self.queue.leases.ack([lease])
            self._keeper().replaced(lease)
        if parent is not None:
            self._keeper().output_done(parent)
        return bool(queued)

    def next_request(self) -> Request | None:
        request = self.queue.pop()
        if request is not None:
            if self.stats:
                self.stats.inc_value("scheduler/dequeued/redis")
            self._keeper().taken(request.meta[LEASE])
        return request

    def close(self, reason: str) -> None:
        # Persisted: the queue and fingerprints belong to the cycle, not to this worker.
        return None
