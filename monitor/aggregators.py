"""News aggregators (Google News, Bing News): find the outlet's URL behind an aggregator link.

Aggregator RSS items often link to the aggregator, not to the article. The outlet's URL is
taken, in this order, from a `url=` style query parameter (Bing's apiclick links), from the
URL encoded in a Google News article id (the older `CBMi...` ids carry it), or from the
item's `<source url>` when that names an article rather than a home page. The newer, opaque
Google News ids (since mid-2024) are decoded as the maintained decoders do it (`googlenews
decoder` and its ports): the article page behind the link carries a signature (`data-n-a-sg`)
and a timestamp (`data-n-a-ts`), and Google's undocumented `batchexecute` endpoint answers a
`garturlreq` with the outlet's URL. This module builds that request and reads both answers;
the crawl fetches them (`crawler.handlers.google`). Any other aggregator link must be fetched
and its HTTP redirect followed. An aggregator URL is never canonical: an item that cannot be
resolved is kept under a placeholder key (`unresolved_key`) with the link as its provenance.

GDELT's RSS output links to the outlet directly (a direct link here).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from monitor.errors import AggregatorFormatError

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
    # direct | parameter | encoded | source | decode (an opaque Google News id: ask Google) |
    # redirect (fetch and follow)
    method: str

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
    if google_article_id(link):
        return Resolution(link, via, "decode")
    return Resolution(link, via, "redirect")


# -- Google News' opaque ids -----------------------------------------------------------------

GOOGLE_NEWS = "Google News"
# Where Google News serves article pages and the batchexecute endpoint (the crawl's
# SORA_GOOGLE_NEWS_URL setting; tests point it at loopback).
GOOGLE_NEWS_URL = "https://news.google.com"
BATCHEXECUTE_PATH = "/_/DotsSplashUi/data/batchexecute"
_ARTICLE_PATH = re.compile(r"/(?:rss/)?(?:articles|read)/([A-Za-z0-9_-]{8,})/?$")
_ATTRIBUTE = {
    name: re.compile(name + r"""\s*=\s*["']([^"']{1,4000})["']""")
    for name in ("data-n-a-sg", "data-n-a-ts")
}
# The request context Google's own page sends with garturlreq (as the decoders send it).
_GARTURLREQ_CONTEXT: list[object] = [
    ["X", "X", ["X", "X"], None, None, 1, 1, "US:en", None, 1, None, None, None, None, None,
     0, 1],
    "X", "X", 1, [1, 1, 1], 1, 1, None, 0, 0, None, 0,
]
UNRESOLVED_PREFIX = "urn:sora-monitor:unresolved:"


@dataclass(frozen=True)
class DecodeParams:
    """What the article page behind an opaque Google News link gives for decoding it."""

    article_id: str
    signature: str
    timestamp: str


def google_article_id(link: str) -> str | None:
    """The article id of a Google News article link (`/rss/articles/ID`, `/articles/ID`,
    `/read/ID`), or None for any other link."""
    if aggregator_of(link) != GOOGLE_NEWS:
        return None
    match = _ARTICLE_PATH.search(urlsplit(link).path)
    return match[1] if match else None


def article_page_url(article_id: str, link: str, base: str = GOOGLE_NEWS_URL) -> str:
    """The page that carries the decoding parameters: `/rss/articles/ID` with the link's
    locale (`hl`, `gl`, `ceid`; the other article paths send non-browsers elsewhere)."""
    query = parse_qs(urlsplit(link).query)
    locale = {
        name: query.get(name, [default])[0]
        for name, default in (("hl", "en-US"), ("gl", "US"), ("ceid", "US:en"))
    }
    return f"{base.rstrip('/')}/rss/articles/{article_id}?{urlencode(locale)}"


def batchexecute_url(base: str = GOOGLE_NEWS_URL) -> str:
    return base.rstrip("/") + BATCHEXECUTE_PATH


def read_decode_params(article_id: str, html: str) -> DecodeParams:
    """The signature and timestamp from the article page; AggregatorFormatError when the
    page no longer carries them (Google changed the page)."""
    found = {name: pattern.search(html) for name, pattern in _ATTRIBUTE.items()}
    missing = [name for name, match in found.items() if match is None]
    if missing:
        raise AggregatorFormatError(
            GOOGLE_NEWS, f"the article page has no {' or '.join(missing)} attribute"
        )
    signature, timestamp = (found[name][1] for name in _ATTRIBUTE)  # type: ignore[index]
    if not timestamp.isdigit():
        raise AggregatorFormatError(GOOGLE_NEWS, f"data-n-a-ts is not a number: {timestamp!r}")
    return DecodeParams(article_id, signature, timestamp)


def batchexecute_body(params: DecodeParams) -> str:
    """The form body (`f.req=...`) of the batchexecute POST that asks for one article's URL."""
    request = [
        "garturlreq",
        _GARTURLREQ_CONTEXT,
        params.article_id,
        int(params.timestamp),
        params.signature,
    ]
    envelope = [[["Fbv4je", json.dumps(request, separators=(",", ":")), None, "generic"]]]
    return "f.req=" + quote(json.dumps(envelope, separators=(",", ":")), safe="")


def read_batchexecute(text: str) -> str:
    """The outlet's URL in a batchexecute answer (`)]}'`, then JSON rows, one of them
    `["wrb.fr", "Fbv4je", "[\"garturlres\", URL, ...]", ...]`); AggregatorFormatError when
    the answer is not shaped so or names no outlet URL."""
    body = text.lstrip()
    if body.startswith(")]}'"):
        body = body[4:]
    decoder = json.JSONDecoder()
    rows: list[object] = []
    position = 0
    body = body.strip()
    # The answer may be one JSON array, or several, each after its length in bytes.
    while position < len(body):
        while position < len(body) and body[position] in " \r\n\t0123456789":
            position += 1
        if position >= len(body):
            break
        try:
            value, position = decoder.raw_decode(body, position)
        except ValueError as exc:
            raise AggregatorFormatError(GOOGLE_NEWS, f"the answer is not JSON: {exc}") from exc
        if isinstance(value, list):
            rows.extend(value)
    for row in rows:
        if not (isinstance(row, list) and len(row) >= 3 and "Fbv4je" in row[:2]):
            continue
        payload = row[2]
        if isinstance(payload, str):
            try:
                payload = json.loads(payload)
            except ValueError as exc:
                raise AggregatorFormatError(
                    GOOGLE_NEWS, f"the garturlres payload is not JSON: {exc}"
                ) from exc
        if (
            isinstance(payload, list)
            and len(payload) >= 2
            and payload[0] == "garturlres"
            and isinstance(payload[1], str)
        ):
            if not _is_outlet_url(payload[1]):
                raise AggregatorFormatError(
                    GOOGLE_NEWS, "the answer names no outlet URL (an aggregator or non-web link)"
                )
            return payload[1]
    raise AggregatorFormatError(GOOGLE_NEWS, "the answer has no garturlres row")


def unresolved_key(link: str) -> str:
    """The stored key of an aggregator item whose outlet URL is not known yet: not a URL, so
    nothing ever fetches it or takes it for the article's address; the link is its provenance."""
    return UNRESOLVED_PREFIX + hashlib.sha256(link.encode("utf-8")).hexdigest()[:40]


def is_unresolved(url: str) -> bool:
    return url.startswith(UNRESOLVED_PREFIX)
