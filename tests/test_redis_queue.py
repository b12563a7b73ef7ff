"""The shared queue's leases and the shared per-host gate, on the real Redis server."""

from __future__ import annotations

import asyncio
import time

import redis
from scrapy import Request

from crawler.politeness import TOKEN, SharedPolitenessMiddleware
from crawler.redis_queue import LeaseQueue, QueueKeys
from tests.conftest import REDIS


def queue(prefix: str) -> LeaseQueue:
    return LeaseQueue(redis.Redis.from_url(REDIS), prefix)


def test_a_popped_request_is_leased_until_acked(redis_prefix: str) -> None:
    q = queue(redis_prefix)
    q.push(b"low", priority=0)
    q.push(b"high", priority=10)
    assert q.pop("w#1", 60_000) == b"high"  # the higher priority first
    assert (q.sizes().queued, q.sizes().leased) == (1, 1)
    assert q.reap() == 0  # not expired
    q.ack(["w#1"])
    assert (q.sizes().queued, q.sizes().leased) == (1, 0)


def test_an_expired_lease_goes_back_with_its_priority_and_a_renewed_one_does_not(
    redis_prefix: str,
) -> None:
    q = queue(redis_prefix)
    q.push(b"a", priority=5)
    q.push(b"b", priority=1)
    assert q.pop("dead#1", 200) == b"a"
    assert q.pop("alive#1", 200) == b"b"
    for _ in range(3):
        time.sleep(0.1)
        q.renew(["alive#1"], 200)
    assert q.reap() == 1  # the dead worker's
    assert (q.sizes().queued, q.sizes().leased) == (1, 1)
    q.push(b"c", priority=0)
    assert q.pop("w#2", 60_000) == b"a"  # back at its own priority, ahead of c
    q.ack(["dead#1"])  # a late ack of a reaped lease changes nothing
    assert (q.sizes().queued, q.sizes().leased) == (1, 2)


def test_a_stopping_worker_gives_back_what_it_holds(redis_prefix: str) -> None:
    q = queue(redis_prefix)
    for data in (b"x", b"y"):
        q.push(data, priority=0)
    q.pop("w#1", 60_000)
    q.pop("w#2", 60_000)
    assert q.release(["w#1", "w#2", "w#unknown"]) == 2
    assert (q.sizes().queued, q.sizes().leased) == (2, 0)


def test_the_host_gate_spaces_and_limits_requests_across_two_workers(redis_prefix: str) -> None:
    """Two middlewares (two workers) on one host: one request at a time, 0.3 s apart."""
    server = redis.Redis.from_url(REDIS)
    keys = QueueKeys(redis_prefix)
    gates = [SharedPolitenessMiddleware(server, keys, limit=1, delay=0.3, timeout=5)
             for _ in range(2)]
    sent: list[float] = []

    async def fetch(gate: SharedPolitenessMiddleware, url: str) -> None:
        request = Request(url)
        await gate.process_request(request)
        assert len(server.zrange(keys.host("example.org")[0], 0, -1)) == 1  # alone in flight
        sent.append(time.monotonic())
        await asyncio.sleep(0.05)
        gate._give_back(request)
        assert TOKEN not in request.meta

    async def crawl() -> None:
        await asyncio.gather(*(fetch(gates[n % 2], f"http://example.org/{n}") for n in range(4)))

    asyncio.run(crawl())
    gaps = [b - a for a, b in zip(sorted(sent), sorted(sent)[1:], strict=False)]
    assert len(gaps) == 3 and min(gaps) >= 0.28, gaps
