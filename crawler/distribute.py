"""`run` with [scale] redis: the plan's source requests queued for the workers, then the wait.

The cycle plans as always (`crawler.planning`); instead of crawling in this process it pushes
each planned source's request into the shared queue (serialised as scrapy-redis does, the
callbacks by name) and waits until the queue is empty and no worker holds a lease: by then
every request the cycle led to is done and recorded (`crawler.leases`). Sources the URL policy
refused are recorded here, as the cycle spider records them.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable

from sqlalchemy.orm import Session

from crawler import stats
from crawler.failures import HARD
from crawler.items import PollRef
from crawler.redis_queue import LeaseQueue, QueueSizes, encode_request
from crawler.spiders.worker import WorkerSpider
from monitor.config import Config
from monitor.polling import CrawlPlan, PollAnswer, PollingPolicy, interval_for
from monitor.states import PollStatus, SourceKind
from storage.polls import Progress, record_answer, record_progress

logger = logging.getLogger(__name__)

WAIT_STEP = 0.2  # seconds between looks at the queue
WARN_EVERY = 30.0  # seconds between "no worker is running" warnings


def record_refused(session: Session, config: Config, plan: CrawlPlan) -> int:
    """Record the polls the URL policy refused as failed, as the cycle spider would."""
    schedule = config.schedule
    policies = {
        kind: PollingPolicy(interval_for(kind, schedule.poll_every, schedule.crawl_every))
        for kind in SourceKind
    }
    refused = 0
    for poll in plan.polls:
        if poll.refused is None or poll.id is None:
            continue
        answer = PollAnswer(PollStatus.FAILED, error=poll.refused, weight=HARD)
        record_answer(
            session, poll.id, answer, policies=policies,
            disable_after=float(config.crawl.disable_after), pending=-1,
        )
        counts = {poll.id: Counter({stats.refused(poll.refused_reason or "url"): 1})}
        record_progress(session, Progress(Counter(), set(), counts), policies)
        refused += 1
    return refused


def queue_plan(queue: LeaseQueue, config: Config, plan: CrawlPlan) -> int:
    """Start a cycle in the shared queue and push the plan's source requests; how many."""
    spider = WorkerSpider.for_queueing(config)
    queue.reap()
    queue.start_cycle()
    queued = 0
    for poll in plan.polls:
        if poll.refused is not None:
            continue
        assert poll.id is not None, "a crawl plan is recorded before the crawl"
        ref = PollRef(poll.id, plan.run_id, plan.crawl)
        request = spider.handlers[poll.source.kind].source_request(poll, ref)
        queue.push(encode_request(request, spider), request.priority)
        queued += 1
    return queued


def wait_for_workers(
    queue: LeaseQueue,
    *,
    timeout: float,
    lease: float,
    progress: Callable[[QueueSizes], None] | None = None,
) -> bool:
    """Wait until the queue is empty and no lease is held (True), or `timeout` seconds (False).
    Reaps leases whose worker died, and warns while work waits and no worker is alive."""
    deadline = time.monotonic() + timeout
    warned = time.monotonic()
    while True:
        queue.reap()
        sizes = queue.sizes()
        if progress is not None:
            progress(sizes)
        if not sizes.queued and not sizes.leased:
            return True
        now = time.monotonic()
        if now >= deadline:
            return False
        if now - warned >= WARN_EVERY:
            warned = now
            if not queue.live_workers(within=lease + 5):
                logger.warning(
                    "%d requests wait in the shared queue and no worker is running: start "
                    "`sora-monitor worker` (same configuration and database) on a machine",
                    sizes.queued + sizes.leased,
                )
        time.sleep(WAIT_STEP)
