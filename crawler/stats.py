"""The crawl's stats keys (`sora/...`), one name each for spiders, pipelines and the run summary.

Handlers, middlewares and pipelines count under them through `crawler.health`: in Scrapy's
stats (the crawl's log, the progress line) and in the row of the poll the count belongs to,
from which the run summary (`scheduler.runonce`) reads them back.
"""

from __future__ import annotations

from monitor.states import PollStatus, StoreOutcome

SOURCES_REQUESTED = "sora/feeds/requested"  # sources polled, of every kind
SOURCES_DEFERRED = "sora/feeds/deferred"  # not due yet (adaptive polling)
SOURCES_DISABLED = "sora/feeds/disabled"
FEEDS_MALFORMED = "sora/feeds/bozo"  # readable, but not well-formed
ENTRIES_SEEN = "sora/entries/seen"
ENTRIES_WITHOUT_LINK = "sora/entries/no_link"
PAGES_FETCHED = "sora/pages/fetched"
PAGES_FAILED = "sora/pages/failed"
PAGES_CAPPED = "sora/pages/capped"  # over [crawl] max_pages_per_site
HUB_PAGES = "sora/sites/hub_pages"  # site pages read for their links only
SITEMAP_CHILD_FAILED = "sora/sitemaps/child_failed"
ARTICLES_SKIPPED_KNOWN = "sora/articles/skipped_known"
ARTICLES_IRRELEVANT = "sora/articles/irrelevant"
AGGREGATOR_UNRESOLVED = "sora/aggregator/unresolved"
AGGREGATOR_REDIRECT = "sora/aggregator/redirect"
AGGREGATOR_CAPPED = "sora/aggregator/capped"  # links past [crawl] max_decodes
AGGREGATOR_KEPT = "sora/aggregator/kept"  # items kept feed-only, not resolved yet
RETRY_AFTER_RECEIVED = "sora/retry_after/received"
RETRY_AFTER_WAITS = "sora/retry_after/waits"
RETRY_AFTER_SECONDS = "sora/retry_after/seconds"
RETRY_AFTER_DROPPED = "sora/retry_after/dropped"
ANALYSIS_WORKERS = "sora/analysis/workers"  # processes allowed, once a page went to them
REQUESTS = "sora/requests"  # requests that reached the downloader, counted per poll
# Writes that failed for good (after their retries): counted in this process's stats only,
# since the database could not take them; the cycle reads them from the crawl's stats.
ARTICLES_UNSTORED = "sora/articles/unstored"  # analysed articles that could not be stored
ANSWERS_UNRECORDED = "sora/polls/unrecorded"  # sources' answers that could not be recorded
STORAGE_FAULT = "sora/storage/fault"  # what the last such fault was: locked, disk_full...
STORAGE_ERROR = "sora/storage/error"  # and its one-line explanation (a string)

# Families of keys, one per reason, kind or outcome.
REFUSED = "sora/refused/"  # + the URL policy's reason
ERRORS = "sora/errors/"  # + the failure's kind


def refused(reason: str) -> str:
    """URLs the policy refused for `reason` (scheme, private, link-local...)."""
    return REFUSED + reason


def error(kind: str) -> str:
    """Failures of `kind` (http_404, timeout, dns, feed_unparseable...)."""
    return ERRORS + kind


def source_kind(kind: str) -> str:
    """Sources of this kind polled."""
    return f"sora/sources/{kind}"


def aggregator(method: str) -> str:
    """Aggregator links resolved by `method` (parameter, article id, source, redirect...)."""
    return f"sora/aggregator/{method}"


def articles(outcome: StoreOutcome) -> str:
    """Articles stored with this outcome (new, updated, duplicate)."""
    return f"sora/articles/{outcome}"


def polled(status: PollStatus) -> str:
    """Sources whose poll answered with `status` (ok, not_modified, unchanged, failed)."""
    return "sora/feeds/" + status.replace("-", "_")
