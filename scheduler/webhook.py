"""The webhook channel: one signed JSON POST per batch of new stories, with an Idempotency-Key.

The endpoint must pass the crawl's URL policy (`monitor.urls.URLPolicy`: schemes, private and
metadata addresses, `[crawl] private_hosts`) before every POST, and redirects are not followed
(a redirect could lead past that policy). The URL's path and query may hold a token (Slack's and
Mattermost's do), so messages name only its scheme, host and port.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import os
import socket
import ssl
import urllib.request
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit

from monitor.alerting import Alert, Delivery, StoryArticle, webhook_unusable
from monitor.config import Config, WebhookConfig
from monitor.errors import UnsafeURLError, WebhookError
from monitor.safe_text import clean_text
from monitor.states import AlertChannel
from monitor.urls import URLPolicy

__all__ = ["SIGNATURE_HEADER", "WebhookChannel", "payload", "signature"]

SIGNATURE_HEADER = "X-Sora-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
_ANSWER_EXCERPT = 200
# Worth trying again later: the endpoint is busy, restarting or rate-limiting.
_TRANSIENT = frozenset({408, 425, 429, 500, 502, 503, 504})


def _time(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    # Naive datetimes in this project are UTC by convention.
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return aware.isoformat()


def _article(article: StoryArticle) -> dict[str, Any]:
    return {
        "title": article.title,
        "url": article.url,
        "outlet": article.outlet,
        "language": article.language,
        "published_at": _time(article.published_at),
    }


def payload(alert: Alert) -> dict[str, Any]:
    """The JSON document posted for a batch (the README's "Webhook alerts" shows it).

    `text` is a one-line summary that chat tools (Slack, Mattermost) show as the message; it
    holds no title, so nothing a page wrote can become markup there.
    """
    count = len(alert.stories)
    return {
        "batch": alert.key,
        "created_at": _time(alert.created_at),
        "text": f"sora-monitor: {count} new leak {'story' if count == 1 else 'stories'} about Sora",
        "stories": [
            {
                "story": story.key,
                **_article(story.headline),
                "claims": [
                    {
                        "id": claim,
                        "text": story.claim_texts.get(claim),
                        "language": story.claim_language,
                    }
                    for claim in story.claims
                ],
                "also_reported_by": [_article(other) for other in story.others],
            }
            for story in alert.stories
        ],
    }


def signature(secret: str, body: bytes) -> str:
    """The signature header's value: `sha256=` and the hex HMAC-SHA256 of the raw body."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def _where(url: str) -> str:
    """The endpoint as messages show it: scheme, host and port, never the path or query."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a new destination (urllib would re-send a POST as a GET to
    wherever it points, past the URL policy)."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class WebhookChannel:
    """Posts each batch to `[alerts.webhook] url` as JSON, signed when `secret_env` is set."""

    name = AlertChannel.WEBHOOK

    def __init__(
        self,
        config: WebhookConfig,
        policy: URLPolicy,
        *,
        user_agent: str,
        environ: Mapping[str, str] = os.environ,
    ) -> None:
        self.config = config
        self._policy = policy
        self._user_agent = user_agent
        self._environ = environ
        self._opener = urllib.request.build_opener(_NoRedirects())

    @classmethod
    def from_config(cls, config: Config) -> WebhookChannel:
        policy = URLPolicy.from_settings(config.crawl.allowed_schemes, config.crawl.private_hosts)
        return cls(config.alerts.webhook, policy, user_agent=config.crawl.user_agent)

    def unusable(self) -> str | None:
        return webhook_unusable(self.config)

    def batch_id(self, key: str) -> str:
        return f"alert-{key}"

    def send(self, alert: Alert) -> Delivery:
        try:
            status = self._post(alert)
        except WebhookError as exc:
            return Delivery(False, str(exc), retry=exc.retry, reachable=exc.reachable)
        return Delivery(True, data={"status": status})

    # -- the POST ----------------------------------------------------------------------------

    def _post(self, alert: Alert) -> int:
        url = self.config.url or ""
        where = _where(url)
        try:
            self._policy.check(url)
        except UnsafeURLError as exc:
            detail = f": {exc.detail}" if exc.detail else ""
            raise WebhookError(
                f"the webhook {where} is refused by the URL policy ({exc.reason}{detail}); "
                "check [alerts.webhook] url",
                retry=False,
                reachable=False,
            ) from None
        body = json.dumps(payload(alert), ensure_ascii=False).encode("utf-8")
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": self._user_agent,
            IDEMPOTENCY_HEADER: alert.key,
        }
        if self.config.secret_env:
            secret = self.config.secret(self._environ)
            if not secret:  # unset or empty: never post unsigned what should be signed
                raise WebhookError(
                    f"the webhook secret is missing: set the environment variable "
                    f"{self.config.secret_env} (named by [alerts.webhook] secret_env)",
                    reachable=False,
                )
            headers[SIGNATURE_HEADER] = signature(secret, body)
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        timeout = self.config.timeout.total_seconds()
        try:
            with self._opener.open(request, timeout=timeout) as response:
                response.read(_ANSWER_EXCERPT)
                return int(response.status)
        except HTTPError as exc:
            raise self._refused(where, exc) from None
        except URLError as exc:
            cause = exc.reason if isinstance(exc.reason, OSError) else None
            raise self._unreachable(where, cause) from None
        except (http.client.HTTPException, OSError) as exc:
            raise self._unreachable(where, exc) from None

    def _refused(self, where: str, exc: HTTPError) -> WebhookError:
        try:
            answer = clean_text(exc.read(_ANSWER_EXCERPT).decode("utf-8", "replace"), 120)
        except (OSError, http.client.HTTPException):
            answer = ""
        said = f"{exc.code} {exc.reason}" + (f" ({answer})" if answer else "")
        if 300 <= exc.code < 400:
            return WebhookError(
                f"the webhook {where} answered {said}, a redirect, which is not followed: set "
                "[alerts.webhook] url to the address it points to",
                retry=False,
            )
        if exc.code in _TRANSIENT:
            return WebhookError(
                f"the webhook {where} answered {said}: tried again later",
                reachable=exc.code != 429,  # rate-limited: the other batches wait too
            )
        return WebhookError(
            f"the webhook {where} refused the POST with {said}: check [alerts.webhook] url "
            "and secret_env, then `sora-monitor alerts retry`",
            retry=False,
        )

    def _unreachable(self, where: str, exc: BaseException | None) -> WebhookError:
        timeout = self.config.timeout.total_seconds()
        if isinstance(exc, ConnectionRefusedError):
            why = "connection refused; check [alerts.webhook] url and that the endpoint is up"
            return WebhookError(f"cannot connect to the webhook {where}: {why}", reachable=False)
        if isinstance(exc, socket.gaierror):
            return WebhookError(
                f"cannot resolve the webhook host of {where}: check [alerts.webhook] url and "
                "the network",
                reachable=False,
            )
        if isinstance(exc, TimeoutError):
            return WebhookError(
                f"the webhook {where} did not answer within {timeout:g}s: it is sent again "
                "later with the same Idempotency-Key (raise [alerts.webhook] timeout if it is "
                "slow)",
                reachable=False,
            )
        if isinstance(exc, ssl.SSLError):
            return WebhookError(
                f"TLS with the webhook {where} failed ({exc.reason or exc}): check the "
                "endpoint's certificate",
                reachable=False,
            )
        what = (getattr(exc, "strerror", None) or exc.__class__.__name__) if exc else "unknown"
        return WebhookError(
            f"the webhook {where} dropped the connection ({what}): it is sent again later with "
            "the same Idempotency-Key",
            reachable=False,
        )
