"""News aggregators (Google News, Bing News): find the outlet's URL behind an aggregator link.

Aggregator RSS items often link to the aggregator, not to the article. The outlet's URL is
taken, in this order, from a `url=` style query parameter (Bing's apiclick links), from the
URL encoded in a Google News article id (the older `CBMi...` ids carry it), or from the
item's `<source url>` when that names an article rather than a home page. Otherwise the link
must be fetched and its HTTP redirect followed; a fetch that ends on the aggregator again
resolved nothing, and such an article is not stored: an aggregator URL is never canonical.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

# Host (or a parent domain of it) -> the aggregator's name, as stored in discovered_via.
AGGREGATORS: dict[str, str] = {
    "news.google.com": "Google News",
    "news.url.google.com": "Google News",
    "bing.com": "Bing News",
}
# Query parameters that carry the target URL in aggregator click-through links.
TARGET_PARAMS = ("url", "u", "q", "target")
_EMBEDDED_URL = re.compile(rb"https?://[\x21-\x7e]+")


@dataclass(frozen=True)
class Resolution:
    """Where an item's link points, and how we know."""

    url: str  # the outlet's URL, or the aggregator link itself when method is "redirect"
    via: str | None  # the aggregator that surfaced the article; None for a direct link
    method: str  # direct | parameter | encoded | source | redirect (fetch and follow)

    @property
    def needs_fetch(self) -> bool:
        return self.method == "redirect"


def aggregator_of(url: str) -> str | None:
    """The aggregator's name if `url` is on an aggregator host, else None."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    labels = host.split(".")
    for start in range(len(labels) - 1):
        name = AGGREGATORS.get(".".join(labels[start:]))
        if name is not None:
            return name
    return None


def _is_outlet_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not aggregator_of(url)


def _from_parameters(link: str) -> str | None:
    query = parse_qs(urlsplit(link).query)
    for name in TARGET_PARAMS:
        for value in query.get(name, []):
            if _is_outlet_url(value):
                return value
    return None


def _from_google_id(link: str) -> str | None:
    parts = urlsplit(link)
    match = re.search(r"/articles/([A-Za-z0-9_-]+)", parts.path)
    if not match:
        return None
    token = match[1]
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    found = _EMBEDDED_URL.search(raw)
    if not found:
        return None  # the newer opaque ids: only Google's own servers can map them
    url = found[0].decode("ascii")
    return url if _is_outlet_url(url) else None


def _from_source(source_url: str | None) -> str | None:
    # Google News puts the outlet's home page there: that names the outlet, not the article.
    if not source_url or not _is_outlet_url(source_url):
        return None
    return source_url if urlsplit(source_url).path.strip("/") else None


def resolve_link(link: str, source_url: str | None = None) -> Resolution:
    """Resolve a feed item's link; `source_url` is the item's `<source url="...">`, if any."""
    via = aggregator_of(link)
    if via is None:
        return Resolution(link, None, "direct")
    for method, found in (
        ("parameter", _from_parameters(link)),
        ("encoded", _from_google_id(link)),
        ("source", _from_source(source_url)),
    ):
        if found:
            return Resolution(found, via, method)
    return Resolution(link, via, "redirect")
