"""Before a crawl: the sources and claims synced, the due sources planned, the plan recorded.

The cycle (`scheduler.runonce`) calls `prepare` in its own transaction before it starts the
crawl and hands the plan to it (the SORA_PLAN setting); a bare `scrapy crawl NAME` in the
checkout has no cycle around it, so `crawler.health.SourceHealth` calls it for the crawl.
Nothing here imports Scrapy.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from monitor.claims import load_catalogue
from monitor.config import Config
from monitor.polling import CrawlPlan, plan_crawl
from monitor.states import SourceKind
from monitor.urls import URLPolicy
from storage.polls import record_plan
from storage.queries import feed_states, sync_sources
from storage.sightings import sync_claims

logger = logging.getLogger(__name__)


def prepare(
    session: Session,
    *,
    config: Config,
    run_id: int | None,
    kinds: Sequence[SourceKind] | None = None,
    only: Sequence[str] = (),
    force: bool = False,
    now: datetime | None = None,
) -> CrawlPlan:
    """Sync the configured sources and the claim catalogue, plan which sources of `kinds`
    (all when None; only those named in `only`, when given) to poll now, and record the plan
    for the run `run_id`. `force` polls every enabled source, due or not."""
    now = now or datetime.now(UTC)
    catalogue = load_catalogue(config.claims.catalogue, config.claims.mode)
    sync_sources(session, config.sources)
    sync_claims(session, catalogue.claims)
    wanted = [
        s
        for s in config.sources
        if (kinds is None or s.kind in kinds) and (not only or s.name in only)
    ]
    crawl = config.crawl
    policy = URLPolicy.from_settings(crawl.allowed_schemes, crawl.private_hosts)
    plan = plan_crawl(wanted, feed_states(session), policy, now=now, force=force)
    for name, due in plan.deferred:
        logger.info("Source %r not due before %s (adaptive polling); skipped", name, due)
    return record_plan(session, plan, run_id=run_id, crawl=uuid.uuid4().hex)
