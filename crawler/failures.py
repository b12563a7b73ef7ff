"""What went wrong with a request, in words a user reads and kinds a run counts."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from scrapy import exceptions as scrapy_exceptions
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as twisted_errors
from twisted.python.failure import Failure

from crawler.exceptions import ServerAskedToWait, UnsafeRequest
from monitor.states import FetchStatus

# Scrapy 2.14+ raises its own exception classes; older versions raise Twisted's.
_TIMEOUTS = tuple(
    cls
    for cls in (
        getattr(scrapy_exceptions, "DownloadTimeoutError", None),
        twisted_errors.TimeoutError,
        asyncio.TimeoutError,
    )
    if cls is not None
)
_DNS = tuple(
    cls
    for cls in (
        getattr(scrapy_exceptions, "CannotResolveHostError", None),
        twisted_errors.DNSLookupError,
    )
    if cls is not None
)
_REFUSED = tuple(
    cls
    for cls in (
        getattr(scrapy_exceptions, "DownloadConnectionRefusedError", None),
        twisted_errors.ConnectionRefusedError,
    )
    if cls is not None
)
_TOO_LARGE = tuple(
    cls for cls in (getattr(scrapy_exceptions, "DownloadCancelledError", None),) if cls is not None
)

# Weights for a source's health: gone or refused counts more than a passing failure.
HARD, DNS, SOFT = 3.0, 2.0, 1.0


@dataclass(frozen=True)
class FailureInfo:
    kind: str  # for counters: http_404, timeout, dns, robots, refused, too_large, retry_after...
    message: str  # for people: "HTTP 404", "timed out"
    weight: float
    fetch_status: FetchStatus  # for articles: gone | failed | disallowed


def classify(failure: Failure) -> FailureInfo:
    if isinstance(failure.value, HttpError):
        code = failure.value.response.status
        hard = code in (401, 403, 404, 410)
        return FailureInfo(
            f"http_{code}",
            f"HTTP {code}",
            HARD if hard else SOFT,
            FetchStatus.GONE if code in (404, 410) else FetchStatus.FAILED,
        )
    if failure.check(UnsafeRequest):
        return FailureInfo("refused", str(failure.value), HARD, FetchStatus.FAILED)
    if failure.check(ServerAskedToWait):
        return FailureInfo("retry_after", str(failure.value), SOFT, FetchStatus.FAILED)
    if failure.check(IgnoreRequest):
        return _ignored(str(failure.value))
    if _TIMEOUTS and failure.check(*_TIMEOUTS):
        return FailureInfo("timeout", "timed out", SOFT, FetchStatus.FAILED)
    if _DNS and failure.check(*_DNS):
        return FailureInfo("dns", "DNS lookup failed", DNS, FetchStatus.FAILED)
    if _REFUSED and failure.check(*_REFUSED):
        return FailureInfo("connection_refused", "connection refused", SOFT, FetchStatus.FAILED)
    if failure.check(twisted_errors.NoRouteError):
        # ENETUNREACH / EHOSTUNREACH: no network here, or none to that server.
        return FailureInfo("no_route", "no route to the server", DNS, FetchStatus.FAILED)
    if _TOO_LARGE and failure.check(*_TOO_LARGE):
        # The crawl cancels a download for one reason only: its body passed DOWNLOAD_MAXSIZE
        # ("Received N bytes which is larger than download max size", or, when the body
        # streams in without a length, a bare cancellation).
        return FailureInfo(
            "too_large", "larger than max_page_bytes", SOFT, FetchStatus.FAILED
        )
    value = failure.value
    return FailureInfo("download", f"{type(value).__name__}: {value}", SOFT, FetchStatus.FAILED)


def _ignored(reason: str) -> FailureInfo:
    """Scrapy's middlewares all drop a request with IgnoreRequest; its message says which."""
    if "robots.txt" in reason:
        return FailureInfo("robots", "forbidden by robots.txt", SOFT, FetchStatus.DISALLOWED)
    if "max redirections" in reason:
        return FailureInfo(
            "redirect_loop",
            "too many redirects (a redirect loop)",
            SOFT,
            FetchStatus.FAILED,
        )
    if "decompression" in reason or "DOWNLOAD_MAXSIZE" in reason:
        return FailureInfo(
            "decompression_bomb",
            "larger than max_page_bytes once decompressed (a compression bomb?)",
            SOFT,
            FetchStatus.FAILED,
        )
    return FailureInfo("ignored", f"not fetched: {reason or 'request ignored'}", SOFT,
                       FetchStatus.FAILED)
